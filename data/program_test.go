package data

import (
	"reflect"
	"strings"
	"testing"
)

func TestRateOn(t *testing.T) {
	t.Parallel()
	periods := []RatePeriod{
		{ProgramCode: "01", Effective: MustDate("2000-01-01"), Rate: 6500},
		{ProgramCode: "01", Effective: MustDate("2019-01-01"), Rate: 5500},
		{ProgramCode: "01", Effective: MustDate("2025-12-01"), Rate: 5200},
	}
	tests := []struct {
		on   string
		rate Rate
		ok   bool
	}{
		{"1999-12-31", 0, false},   // before the first period
		{"2000-01-01", 6500, true}, // on the first effective date
		{"2010-06-15", 6500, true},
		{"2018-12-31", 6500, true}, // the day before a change: old rate
		{"2019-01-01", 5500, true}, // the change day: new rate
		{"2025-11-30", 5500, true},
		{"2025-12-01", 5200, true},
		{"2040-01-01", 5200, true}, // after the last period: it stays in force
	}
	p := Program{Code: "01", Rates: periods}
	for _, tc := range tests {
		d := MustDate(tc.on)
		if r, ok := RateOn(periods, d); r != tc.rate || ok != tc.ok {
			t.Errorf("RateOn(%s) = %d, %v; want %d, %v", tc.on, r, ok, tc.rate, tc.ok)
		}
		if r, ok := p.RateOn(d); r != tc.rate || ok != tc.ok {
			t.Errorf("Program.RateOn(%s) = %d, %v; want %d, %v", tc.on, r, ok, tc.rate, tc.ok)
		}
	}
	if r, ok := RateOn(nil, MustDate("2025-12-01")); r != 0 || ok {
		t.Errorf("RateOn(no periods) = %d, %v; want 0, false", r, ok)
	}
	one := []RatePeriod{{Effective: MustDate("2025-12-01"), Rate: 5200}}
	if r, ok := RateOn(one, MustDate("2025-11-30")); r != 0 || ok {
		t.Errorf("RateOn(one period, the day before) = %d, %v; want 0, false", r, ok)
	}
}

func TestAllowsSource(t *testing.T) {
	t.Parallel()
	p := Program{Sources: []FundingSource{SourceCentral, SourceLocal}}
	tests := []struct {
		s    FundingSource
		want bool
	}{
		{SourceCentral, true},
		{SourceProvince, false},
		{SourceLocal, true},
		{"", false},
		{"bank", false},
	}
	for _, tc := range tests {
		if got := p.AllowsSource(tc.s); got != tc.want {
			t.Errorf("AllowsSource(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
	var none Program
	if none.AllowsSource(SourceCentral) {
		t.Error("a program with no sources allows central")
	}
}

func TestNameIn(t *testing.T) {
	t.Parallel()
	p := Program{Name: map[string]string{"vi": "Cho vay hộ nghèo", "en": "Poor households"}}
	tests := []struct{ lang, want string }{
		{"vi", "Cho vay hộ nghèo"},
		{"en", "Poor households"},
		{"fr", "Cho vay hộ nghèo"}, // missing: falls back to Vietnamese
		{"de", "Cho vay hộ nghèo"},
	}
	for _, tc := range tests {
		if got := p.NameIn(tc.lang); got != tc.want {
			t.Errorf("NameIn(%q) = %q, want %q", tc.lang, got, tc.want)
		}
	}
}

func goodProgram() Program {
	return Program{
		Code:          "01",
		Name:          map[string]string{"vi": "Cho vay hộ nghèo", "en": "Poor households", "fr": "Ménages pauvres"},
		MaxAmount:     100_000_000,
		LimitBasis:    LimitPerLoan,
		MaxTermMonths: 120,
		Sources:       []FundingSource{SourceCentral},
		Open:          true,
	}
}

func TestProgramValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(p *Program)
		want   []string
	}{
		{"good", func(p *Program) {}, nil},
		{"no ceiling, no fixed term", func(p *Program) { p.MaxAmount, p.MaxTermMonths = 0, 0 }, nil},
		{"term 600 (the limit)", func(p *Program) { p.MaxTermMonths = 600 }, nil},
		{"every basis: per study month", func(p *Program) { p.LimitBasis = LimitPerMonth }, nil},
		{"every basis: per worker", func(p *Program) { p.LimitBasis = LimitPerWorker }, nil},
		{"every basis: per facility", func(p *Program) { p.LimitBasis = LimitPerFacility }, nil},
		{"all sources", func(p *Program) { p.Sources = []FundingSource{SourceCentral, SourceProvince, SourceLocal} }, nil},
		{"code with spaces is trimmed", func(p *Program) { p.Code = " 01 " }, nil},
		{"code empty", func(p *Program) { p.Code = "" }, []string{"program.code:required"}},
		{"code one digit", func(p *Program) { p.Code = "1" }, []string{"program.code:digits"}},
		{"code three digits", func(p *Program) { p.Code = "001" }, []string{"program.code:digits"}},
		{"code letters", func(p *Program) { p.Code = "AB" }, []string{"program.code:digits"}},
		{"vi name missing", func(p *Program) { delete(p.Name, "vi") }, []string{"program.name_vi:required"}},
		{"en name blank", func(p *Program) { p.Name["en"] = "  " }, []string{"program.name_en:required"}},
		{"fr name too long (151)", func(p *Program) { p.Name["fr"] = strings.Repeat("é", 151) }, []string{"program.name_fr:too_long"}},
		{"no names at all", func(p *Program) { p.Name = nil },
			[]string{"program.name_vi:required", "program.name_en:required", "program.name_fr:required"}},
		{"negative amount", func(p *Program) { p.MaxAmount = -1 }, []string{"program.max_amount:not_negative"}},
		{"negative term", func(p *Program) { p.MaxTermMonths = -1 }, []string{"program.max_term:range"}},
		{"term 601", func(p *Program) { p.MaxTermMonths = 601 }, []string{"program.max_term:range"}},
		{"no sources", func(p *Program) { p.Sources = nil }, []string{"program.sources:required"}},
		{"unknown source", func(p *Program) { p.Sources = []FundingSource{SourceCentral, "bank"} }, []string{"program.sources:one_of"}},
		{"no limit basis", func(p *Program) { p.LimitBasis = "" }, []string{"program.limit_basis:one_of"}},
		{"unknown limit basis", func(p *Program) { p.LimitBasis = "household" }, []string{"program.limit_basis:one_of"}},
		{"several at once", func(p *Program) { p.Code, p.MaxAmount, p.Sources = "x", -5, nil },
			[]string{"program.code:digits", "program.max_amount:not_negative", "program.sources:required"}},
	}
	for _, tc := range tests {
		p := goodProgram()
		tc.change(&p)
		checkAll(t, tc.name, p.Validate(), tc.want)
	}
	p := goodProgram()
	p.Code = " 01 "
	_ = p.Validate()
	if p.Code != "01" {
		t.Errorf("Validate left code %q, want \"01\"", p.Code)
	}
}

func TestRatePeriodValidate(t *testing.T) {
	t.Parallel()
	good := func() RatePeriod {
		return RatePeriod{ProgramCode: "01", Effective: MustDate("2025-12-01"), Rate: 5200, Decision: "QĐ 2002/QĐ-TTg"}
	}
	tests := []struct {
		name   string
		change func(r *RatePeriod)
		want   []string
	}{
		{"good", func(r *RatePeriod) {}, nil},
		{"smallest rate 0.0001 %", func(r *RatePeriod) { r.Rate = 1 }, nil},
		{"5 %/month exactly (50,000)", func(r *RatePeriod) { r.Rate = 50_000 }, nil},
		{"no decision", func(r *RatePeriod) { r.Decision = "" }, nil},
		{"rate 0", func(r *RatePeriod) { r.Rate = 0 }, []string{"rate.rate:rate_range"}},
		{"rate negative", func(r *RatePeriod) { r.Rate = -5200 }, []string{"rate.rate:rate_range"}},
		// 5.0001 %/month = 50,001 millionths: above 5 %.
		{"rate 5.0001 %", func(r *RatePeriod) { r.Rate = 50_001 }, []string{"rate.rate:rate_range"}},
		// Typing 52 instead of 0.52 gives 520,000.
		{"rate 52 %", func(r *RatePeriod) { r.Rate = 520_000 }, []string{"rate.rate:rate_range"}},
		{"program missing", func(r *RatePeriod) { r.ProgramCode = "" }, []string{"rate.program:required"}},
		{"date missing", func(r *RatePeriod) { r.Effective = Date{} }, []string{"rate.effective:required"}},
		{"decision 101 letters", func(r *RatePeriod) { r.Decision = strings.Repeat("Đ", 101) }, []string{"rate.decision:too_long"}},
		{"everything wrong", func(r *RatePeriod) { *r = RatePeriod{} },
			[]string{"rate.program:required", "rate.effective:required", "rate.rate:rate_range"}},
	}
	for _, tc := range tests {
		r := good()
		tc.change(&r)
		checkAll(t, tc.name, r.Validate(), tc.want)
	}
	r := good()
	r.Rate = 0
	if e := ForField(r.Validate(), "rate.rate"); e == nil || !reflect.DeepEqual(e.Params, map[string]any{"Max": "5"}) {
		t.Errorf("rate 0: got %v, want rate_range with Max=5", e)
	}
}

func TestDefaultPrograms(t *testing.T) {
	t.Parallel()
	ps := DefaultPrograms()
	if len(ps) != 14 {
		t.Fatalf("DefaultPrograms: %d programs, want 14", len(ps))
	}
	seen := map[string]bool{}
	for i := range ps {
		p := &ps[i]
		if seen[p.Code] {
			t.Errorf("program code %q twice", p.Code)
		}
		seen[p.Code] = true
		for _, lang := range []string{"vi", "en", "fr"} {
			if strings.TrimSpace(p.Name[lang]) == "" {
				t.Errorf("program %s: no %s name", p.Code, lang)
			}
		}
		if err := p.Validate(); err != nil {
			t.Errorf("program %s: %v", p.Code, err)
		}
		if !p.Open {
			t.Errorf("program %s is closed", p.Code)
		}
		if len(p.Rates) == 0 {
			t.Errorf("program %s: no rates", p.Code)
			continue
		}
		for j, r := range p.Rates {
			if r.ProgramCode != p.Code {
				t.Errorf("program %s: rate %d belongs to %q", p.Code, j, r.ProgramCode)
			}
			if err := r.Validate(); err != nil {
				t.Errorf("program %s: rate %d: %v", p.Code, j, err)
			}
			if j > 0 && !p.Rates[j-1].Effective.Before(r.Effective) {
				t.Errorf("program %s: rates not sorted at %d", p.Code, j)
			}
		}
		// Every loan date needs a rate: the history starts on 2000-01-01.
		if _, ok := p.RateOn(MustDate("2000-01-01")); !ok {
			t.Errorf("program %s: no rate on 2000-01-01", p.Code)
		}
	}
	want := []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "12", "13", "19", "26", "28"}
	for _, c := range want {
		if !seen[c] {
			t.Errorf("program %s missing", c)
		}
	}

	byCode := map[string]*Program{}
	for i := range ps {
		byCode[ps[i].Code] = &ps[i]
	}
	// Rates from domain.md; program 01 fell from 0.55 to 0.52 %/month on 1 Dec 2025.
	rates := []struct {
		code string
		on   string
		want Rate
	}{
		{"01", "2025-11-30", 5500},
		{"01", "2025-12-01", 5200},
		{"01", "2030-01-01", 5200},
		{"19", "2025-12-01", 6240},
		{"09", "2025-12-01", 6500},
		{"02", "2025-12-01", 5200},
		{"03", "2025-12-01", 6604},
		{"04", "2025-12-01", 5200},
		{"06", "2025-12-01", 7000},
		{"05", "2025-12-01", 6500},
		{"08", "2025-12-01", 6500},
		{"12", "2025-12-01", 4500},
		{"07", "2025-12-01", 2500},
		{"28", "2025-12-01", 2500},
		{"26", "2025-12-01", 5200},
		{"13", "2025-12-01", 2750},
		{"19", "2025-11-30", 6240}, // unchanged programs have one period
	}
	for _, tc := range rates {
		p := byCode[tc.code]
		if p == nil {
			continue
		}
		if got, ok := p.RateOn(MustDate(tc.on)); !ok || got != tc.want {
			t.Errorf("program %s on %s: %d, %v; want %d", tc.code, tc.on, got, ok, tc.want)
		}
	}
	if p := byCode["01"]; p != nil && len(p.Rates) != 2 {
		t.Errorf("program 01: %d rate periods, want 2", len(p.Rates))
	}
	if p := byCode["19"]; p != nil && len(p.Rates) != 1 {
		t.Errorf("program 19: %d rate periods, want 1", len(p.Rates))
	}

	// Each call returns fresh slices: changing one catalogue leaves the next untouched.
	ps[0].Sources[0] = "bank"
	ps[0].Rates[0].Rate = 1
	ps[0].Name["vi"] = "x"
	again := DefaultPrograms()
	if again[0].Sources[0] != SourceCentral || again[0].Rates[0].Rate == 1 || again[0].Name["vi"] == "x" {
		t.Error("DefaultPrograms shares state between calls")
	}
}
