package translations

import (
	"testing"

	"policycredit/data"
)

// nb is the no-break space the formatters put between groups and before units.
const nb = "\u00a0"

func TestNumberAmountMoney(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang           string
		n              int64
		number, amount string
		money          string
	}{
		{"vi", 1234567, "1.234.567", "1.234.567", "1.234.567" + nb + "₫"},
		{"vi", -1234567, "-1.234.567", "-1.234.567", "-1.234.567" + nb + "₫"},
		{"vi", 0, "0", "0", "0" + nb + "₫"},
		{"vi", 999, "999", "999", "999" + nb + "₫"},
		{"vi", 1000, "1.000", "1.000", "1.000" + nb + "₫"},
		{"vi", 999999999999999, "999.999.999.999.999", "999.999.999.999.999", "999.999.999.999.999" + nb + "₫"},
		{"en", 1234567, "1,234,567", "1,234,567", "VND" + nb + "1,234,567"},
		{"en", -1234567, "-1,234,567", "-1,234,567", "-VND" + nb + "1,234,567"},
		{"en", 0, "0", "0", "VND" + nb + "0"},
		{"en", 1000, "1,000", "1,000", "VND" + nb + "1,000"},
		{"en", 50000000, "50,000,000", "50,000,000", "VND" + nb + "50,000,000"},
		{"fr", 1234567, "1" + nb + "234" + nb + "567", "1" + nb + "234" + nb + "567", "1" + nb + "234" + nb + "567" + nb + "₫"},
		{"fr", -1234567, "-1" + nb + "234" + nb + "567", "-1" + nb + "234" + nb + "567", "-1" + nb + "234" + nb + "567" + nb + "₫"},
		{"fr", 999, "999", "999", "999" + nb + "₫"},
		{"fr", 5000, "5" + nb + "000", "5" + nb + "000", "5" + nb + "000" + nb + "₫"},
	} {
		l := New(c.lang)
		if got := l.Number(c.n); got != c.number {
			t.Errorf("%s Number(%d) = %q, want %q", c.lang, c.n, got, c.number)
		}
		if got := l.Amount(data.Dong(c.n)); got != c.amount {
			t.Errorf("%s Amount(%d) = %q, want %q", c.lang, c.n, got, c.amount)
		}
		if got := l.Money(data.Dong(c.n)); got != c.money {
			t.Errorf("%s Money(%d) = %q, want %q", c.lang, c.n, got, c.money)
		}
	}
}

func TestPercent(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		r          data.Rate
		vi, en, fr string
	}{
		{5200, "0,52" + nb + "%", "0.52%", "0,52" + nb + "%"},
		{6604, "0,6604" + nb + "%", "0.6604%", "0,6604" + nb + "%"},
		{6240, "0,624" + nb + "%", "0.624%", "0,624" + nb + "%"},
		{2500, "0,25" + nb + "%", "0.25%", "0,25" + nb + "%"},
		{7000, "0,7" + nb + "%", "0.7%", "0,7" + nb + "%"},
		{10000, "1" + nb + "%", "1%", "1" + nb + "%"},
		{1, "0,0001" + nb + "%", "0.0001%", "0,0001" + nb + "%"},
		{0, "0" + nb + "%", "0%", "0" + nb + "%"},
		{220000, "22" + nb + "%", "22%", "22" + nb + "%"},
		{-5200, "-0,52" + nb + "%", "-0.52%", "-0,52" + nb + "%"},
		{12345678, "1.234,5678" + nb + "%", "1,234.5678%", "1" + nb + "234,5678" + nb + "%"},
	} {
		for lang, want := range map[string]string{"vi": c.vi, "en": c.en, "fr": c.fr} {
			if got := New(lang).Percent(c.r); got != want {
				t.Errorf("%s Percent(%d) = %q, want %q", lang, c.r, got, want)
			}
		}
	}
}

func TestParsePercent(t *testing.T) {
	t.Parallel()
	for _, lang := range languages {
		l := New(lang)
		for in, want := range map[string]data.Rate{
			"0,52": 5200, "0.52": 5200, "0,52 %": 5200, "0.52%": 5200, "0,52" + nb + "%": 5200,
			" 0,6604 ": 6604, "0,52000": 5200, "1": 10000, "0": 0, "22": 220000, "0,0001": 1,
			"-0,52": -5200,
		} {
			got, err := l.ParsePercent(in)
			if err != nil || got != want {
				t.Errorf("%s ParsePercent(%q) = %d, %v; want %d", lang, in, got, err, want)
			}
		}
		for in, rule := range map[string]string{
			"": "required", " % ": "required", "0,66045": "percent_format", "abc": "percent_format",
			"1,2,3": "percent_format", "1.000,5": "percent_format", ",5": "percent_format",
			"0,52 %%": "percent_format", "1e2": "percent_format", "9999999999": "percent_format",
		} {
			if _, err := l.ParsePercent(in); !hasRule(err, rule) {
				t.Errorf("%s ParsePercent(%q) error = %v, want rule %s", lang, in, err, rule)
			}
		}
	}
	// Every rate survives the round trip through its own formatting.
	for _, lang := range languages {
		l := New(lang)
		for _, r := range []data.Rate{5200, 6604, 6240, 1, 10000, 0, -5200} {
			if got, err := l.ParsePercent(l.Percent(r)); err != nil || got != r {
				t.Errorf("%s round trip of %d: %d, %v", lang, r, got, err)
			}
		}
	}
}

func TestDate(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		d          data.Date
		vi, en, fr string
	}{
		{data.NewDate(2026, 11, 23), "23/11/2026", "23 Nov 2026", "23/11/2026"},
		{data.NewDate(2026, 3, 5), "05/03/2026", "5 Mar 2026", "05/03/2026"},
		{data.NewDate(2025, 12, 1), "01/12/2025", "1 Dec 2025", "01/12/2025"},
		{data.NewDate(2024, 2, 29), "29/02/2024", "29 Feb 2024", "29/02/2024"},
		{data.Date{}, "", "", ""},
	} {
		for lang, want := range map[string]string{"vi": c.vi, "en": c.en, "fr": c.fr} {
			if got := New(lang).Date(c.d); got != want {
				t.Errorf("%s Date(%v) = %q, want %q", lang, c.d, got, want)
			}
		}
	}
}

func TestMonth(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		d          data.Date
		vi, en, fr string
	}{
		{data.NewDate(2026, 11, 30), "11/2026", "Nov 2026", "nov.\u00a02026"},
		{data.NewDate(2026, 2, 28), "02/2026", "Feb 2026", "févr.\u00a02026"},
		{data.NewDate(2025, 8, 1), "08/2025", "Aug 2025", "août\u00a02025"},
	} {
		for lang, want := range map[string]string{"vi": c.vi, "en": c.en, "fr": c.fr} {
			if got := New(lang).Month(c.d); got != want {
				t.Errorf("%s Month(%v) = %q, want %q", lang, c.d, got, want)
			}
		}
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	nov23 := data.NewDate(2026, 11, 23)
	mar5 := data.NewDate(2026, 3, 5)
	good := map[string]data.Date{
		"23/11/2026": nov23, "2026-11-23": nov23, " 23/11/2026 ": nov23, "23.11.2026": nov23,
		"23-11-2026": nov23, "5/3/2026": mar5, "05/03/2026": mar5, "2026-3-5": mar5,
		"29/02/2024": data.NewDate(2024, 2, 29),
	}
	bad := []string{"", "31/02/2026", "29/02/2025", "2026-13-01", "23/11/26", "11/23/2026",
		"0/1/2026", "abc", "23/11/2026 10:00", "2026/11/23"}
	for _, lang := range languages {
		l := New(lang)
		for in, want := range good {
			if got, err := l.ParseDate(in); err != nil || !got.Equal(want) {
				t.Errorf("%s ParseDate(%q) = %v, %v; want %v", lang, in, got, err, want)
			}
		}
		for _, in := range bad {
			if got, err := l.ParseDate(in); !hasRule(err, "date_format") {
				t.Errorf("%s ParseDate(%q) = %v, %v; want a date_format error", lang, in, got, err)
			}
		}
	}
	en := New("en")
	for in, want := range map[string]data.Date{"23 Nov 2026": nov23, "5 March 2026": mar5, "05 mar 2026": mar5} {
		if got, err := en.ParseDate(in); err != nil || !got.Equal(want) {
			t.Errorf("en ParseDate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := New("vi").ParseDate("23 Nov 2026"); err == nil {
		t.Error("vi should not read English month names")
	}
	for _, lang := range languages {
		l := New(lang)
		if got, err := l.ParseDate(l.Date(nov23)); err != nil || !got.Equal(nov23) {
			t.Errorf("%s round trip: %v, %v", lang, got, err)
		}
	}
}

func TestParseMoney(t *testing.T) {
	t.Parallel()
	type ok = map[string]data.Dong
	type bad = map[string]string // input → rule
	// Shorthand and plain digits read the same in every language.
	everywhere := ok{
		"1234567": 1234567, "0": 0, "1 234 567": 1234567, "1" + nb + "234" + nb + "567": 1234567,
		"1\u202f234\u202f567": 1234567, "1,5tr": 1500000, "1.5tr": 1500000, "1,5 tr": 1500000,
		"50tr": 50000000, "50 triệu": 50000000, "2ty": 2000000000, "2tỷ": 2000000000,
		"2 tỷ": 2000000000, "2 Tỷ": 2000000000, "2TY": 2000000000, "1,25ty": 1250000000,
		"500k": 500000, "500n": 500000, "500 nghìn": 500000, "500 ngàn": 500000,
		"1,2345tr": 1234500, "0,5k": 500, "1,50tr": 1500000, "-1,5tr": -1500000,
		"1.234.567.890": 1234567890, "500đ": 500, "500 đồng": 500, "500 VND": 500,
		"999999999999999": 999999999999999, "999999,999999999ty": 999999999999999,
	}
	everywhereBad := bad{
		"": "required", "  ": "required", "₫": "required", "abc": "money_format",
		"5 xyz": "money_format", "1e6": "money_format", "1.5tr3": "money_format",
		"1tr5": "money_format", "1.500tr": "money_ambiguous", "2,500k": "money_ambiguous",
		"1,2345678tr": "money_fraction", "0,0001k": "money_fraction",
		"1000000000000000": "money_too_large", "1000000ty": "money_too_large",
		"99999999999999999999": "money_too_large", "1,,5tr": "money_format", "tr": "money_format",
		"1..000": "money_format", ".5": "money_format", "1.234,5": "money_fraction",
		"1,234.5": "money_fraction", "1.2,3.4": "money_format",
	}
	perLang := map[string]struct {
		ok  ok
		bad bad
	}{
		"vi": {ok{"1.234.567": 1234567, "1.234.567" + nb + "₫": 1234567, "1.000": 1000,
			"1,234,567": 1234567, "-1.000": -1000, "-1.234.567" + nb + "₫": -1234567},
			bad{"1,234": "money_ambiguous", "1,5": "money_fraction", "1.5": "money_format", "12.34.567": "money_format",
				"1.2345": "money_format"}},
		"en": {ok{"1,234,567": 1234567, "VND" + nb + "1,234,567": 1234567, "VND 1,234,567": 1234567,
			"-VND" + nb + "1,234,567": -1234567, "1,000": 1000, "1.234.567": 1234567},
			bad{"1.234": "money_ambiguous", "1.5": "money_fraction", "1,5": "money_format", "1,234.00": "money_fraction",
				"12,34,567": "money_format"}},
		"fr": {ok{"1" + nb + "234" + nb + "567" + nb + "₫": 1234567, "1.234.567": 1234567,
			"-1 234 567 ₫": -1234567, "5 000": 5000},
			bad{"1.234": "money_ambiguous", "1,234": "money_ambiguous", "1,5": "money_fraction", "1 23 456": "money_format",
				"1 234,5": "money_fraction"}},
	}
	for _, lang := range languages {
		l := New(lang)
		for _, cases := range []ok{everywhere, perLang[lang].ok} {
			for in, want := range cases {
				if got, err := l.ParseMoney(in); err != nil || got != want {
					t.Errorf("%s ParseMoney(%q) = %d, %v; want %d", lang, in, got, err, want)
				}
			}
		}
		for _, cases := range []bad{everywhereBad, perLang[lang].bad} {
			for in, rule := range cases {
				if got, err := l.ParseMoney(in); !hasRule(err, rule) {
					t.Errorf("%s ParseMoney(%q) = %d, %v; want rule %s", lang, in, got, err, rule)
				}
			}
		}
		for _, d := range []data.Dong{0, 5, 1234567, -1234567, 999999999999999} {
			if got, err := l.ParseMoney(l.Money(d)); err != nil || got != d {
				t.Errorf("%s round trip of Money(%d): %d, %v", lang, d, got, err)
			}
			if got, err := l.ParseMoney(l.Amount(d)); err != nil || got != d {
				t.Errorf("%s round trip of Amount(%d): %d, %v", lang, d, got, err)
			}
		}
	}
}

// hasRule reports whether err is a typed data error with the given rule.
func hasRule(err error, rule string) bool {
	es := data.DomainErrors(err)
	return len(es) == 1 && es[0].Rule == rule && es[0].Field == "value"
}

// A parse error reads as a sentence, with the example date in the user's language.
func TestParseErrorsTranslate(t *testing.T) {
	t.Parallel()
	_, err := New("en").ParseDate("31/02/2026")
	if got, want := New("en").Error(err), "Value must be a date, day first, such as 23 Nov 2026"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	_, err = New("vi").ParseMoney("1,234")
	if got, want := New("vi").Error(err), "Giá trị: cách viết số tiền chưa rõ; hãy viết 1.234.567, 1234567 hoặc 1,5tr"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
