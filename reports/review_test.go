package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"policycredit/data"
	"policycredit/translations"
)

// sampleReviewFigures are a district office's ten years, written out by hand: 40.2 bn đồng
// outstanding in 2014, 120.6 bn in 2026 (3 times), of which 0.12 % overdue.
func sampleReviewFigures() data.Review {
	return data.Review{
		From: data.DirectiveDate, Date: data.MustDate("2026-11-20"),
		Start:     data.SummaryFigures{Households: 2_100, Loans: 2_300, Current: 40_150_000_000, Overdue: 50_000_000},
		End:       data.SummaryFigures{Households: 3_050, Loans: 3_400, Current: 120_455_280_000, Overdue: 144_720_000},
		Lent:      210_000_000_000,
		Recovered: 129_600_000_000, Households: 1_300, Loans: 1_720,
		Programs: []data.ReviewProgram{
			{Code: "01", Loans: 900, Households: 800, Lent: 90_000_000_000, Recovered: 60_000_000_000, Outstanding: 50_000_000_000},
			{Code: "03", Loans: 40, Households: 40, Lent: 4_000_000_000, Recovered: 1_000_000_000, Outstanding: 3_000_000_000,
				Outcome: data.Outcome{Jobs: 52}},
			{Code: "02", Loans: 558, Households: 400, Lent: 20_000_000_000, Recovered: 8_000_000_000, Outstanding: 12_000_000_000,
				Outcome: data.Outcome{Students: 558, StudyMonths: 12_000}},
			{Code: "07", Loans: 24, Households: 24, Lent: 600_000_000, Outstanding: 600_000_000, Outcome: data.Outcome{Houses: 24}},
		},
		Outcome:     data.Outcome{Jobs: 52, Houses: 24, Students: 558, StudyMonths: 12_000},
		LeftPoverty: 310, Communes: 17, CommunesWithoutOverdue: 11,
		Groups: 290, GroupsGood: 261, Members: 10_400,
		SavingsStart: 2_000_000_000, SavingsEnd: 9_500_000_000,
	}
}

func sampleReview() ReviewReport {
	return ReviewReport{Office: testOffice, Review: sampleReviewFigures(), Unit: UnitMillion, NoCapital: true,
		ProgramNames: map[string]string{"01": "Cho vay hộ nghèo"}}
}

// Directive40Review makes sampleSource a ReviewSource: the sample review's figures.
func (s *sampleSource) Directive40Review(_ context.Context, communeID int64, from, to data.Date) (data.Review, error) {
	s.asked = append(s.asked, "review")
	return sampleReviewFigures(), s.fail
}

// capitalSource is sampleSource with a local-budget capital ledger (data.CapitalReader), as
// the store has once the capital ledger is merged.
type capitalSource struct {
	sampleSource
	asked []string
}

func (c *capitalSource) CapitalTotalsOn(_ context.Context, on data.Date, communeID int64) (data.CapitalTotals, error) {
	c.asked = append(c.asked, on.String())
	if communeID != 0 {
		return data.CapitalTotals{}, nil
	}
	if on.Before(data.MustDate("2015-01-01")) {
		// 700 M received by 2014, 300 M of it lent out.
		return data.CapitalTotals{Received: 700_000_000, Balance: 700_000_000, LentOutstanding: 300_000_000, Available: 400_000_000}, nil
	}
	// 22.33 bn by 2026 (31.9 times), 21.33 bn of it lent out.
	return data.CapitalTotals{Received: 23_330_000_000, Returned: 1_000_000_000, Balance: 22_330_000_000,
		LentOutstanding: 21_330_000_000, Available: 1_000_000_000}, nil
}

// TestReviewJSONShape: the review's JSON has exactly the keys of issue 21, money in đồng and
// ratios as fractions.
func TestReviewJSONShape(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := sampleReview().WriteJSON(&buf, translations.New("en")); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	keys := func(m map[string]any) string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return strings.Join(ks, " ")
	}
	want := map[string]string{
		"": "capital communes_without_overdue date from groups headlines households_reached lending_turnover local_capital " +
			"outcomes outstanding overdue_ratio recovery_turnover savings",
		"capital": "end start times", "local_capital": "end start times", "outstanding": "annual_growth end start",
		"outcomes": "houses jobs left_poverty students water_works", "overdue_ratio": "end start",
		"communes_without_overdue": "count of", "groups": "count good", "savings": "end start",
	}
	for part, ks := range want {
		m := got
		if part != "" {
			m, _ = got[part].(map[string]any)
		}
		if keys(m) != ks {
			t.Errorf("%q has keys %q, want %q", part, keys(m), ks)
		}
	}
	num := func(path ...string) float64 {
		var v any = got
		for _, p := range path {
			v = v.(map[string]any)[p]
		}
		return v.(float64)
	}
	for _, c := range []struct {
		path []string
		want float64
	}{
		{[]string{"outstanding", "start"}, 40_200_000_000},
		{[]string{"outstanding", "end"}, 120_600_000_000},
		{[]string{"capital", "end"}, 120_600_000_000}, // no capital ledger: the outstanding alone
		{[]string{"capital", "times"}, 3},
		{[]string{"local_capital", "times"}, 0},
		{[]string{"lending_turnover"}, 210_000_000_000},
		{[]string{"recovery_turnover"}, 129_600_000_000},
		{[]string{"households_reached"}, 1_300},
		{[]string{"outcomes", "jobs"}, 52},
		{[]string{"outcomes", "students"}, 558},
		{[]string{"outcomes", "left_poverty"}, 310},
		{[]string{"overdue_ratio", "end"}, 0.0012}, // 144.72 M of 120.6 bn
		{[]string{"communes_without_overdue", "count"}, 11},
		{[]string{"communes_without_overdue", "of"}, 17},
		{[]string{"groups", "good"}, 261},
		{[]string{"savings", "end"}, 9_500_000_000},
	} {
		if g := num(c.path...); g < c.want-1e-9 || g > c.want+1e-9 {
			t.Errorf("%v = %v, want %v", c.path, g, c.want)
		}
	}
	// 3 times in 12 years (4,381 days): (3)^(365.25/4381) − 1 = 9.59 % a year.
	if g := num("outstanding", "annual_growth"); g < 0.0958 || g > 0.0960 {
		t.Errorf("annual growth %v, want 0.0959", g)
	}
	if got["from"] != "2014-11-22" || got["date"] != "2026-11-20" {
		t.Errorf("from %v, date %v", got["from"], got["date"])
	}
	if hs, _ := got["headlines"].([]any); len(hs) < 5 {
		t.Errorf("headlines %v", got["headlines"])
	}
}

// TestReviewPDFInThreeLanguages: the review prints in vi, en and fr as a sound PDF whose text
// quotes the figures the way reviews do, each figure of the headlines also in its tables.
func TestReviewPDFInThreeLanguages(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"vi", []string{"BÁO CÁO SƠ KẾT, TỔNG KẾT CHỈ THỊ 40-CT/TW", "Dư nợ đạt 120.600 triệu đồng, tăng 80.400 triệu đồng, gấp 3 lần so với năm 2014",
			"tạo việc làm cho 52 lao động", "11/17 xã không có nợ quá hạn", "Tỷ lệ nợ quá hạn 0,12 %", "261 tổ (90 %) xếp loại tốt",
			"Lao động được tạo, duy trì việc làm", "Hộ thoát nghèo", "01 – Cho vay hộ nghèo", "52 việc làm"}},
		{"en", []string{"REVIEW OF DIRECTIVE 40-CT/TW", "Loans outstanding reached 120,600 million dong, up 80,400 million, 3 times the level of 2014",
			"jobs for 52 workers", "11 of 17 communes have no overdue debt", "Workers whose jobs were created or kept", "52 jobs"}},
		{"fr", []string{"BILAN DE LA DIRECTIVE 40-CT/TW", "L'encours atteint 120 600 millions de dongs", "3 fois le niveau de 2014",
			"l'emploi de 52 travailleurs", "11 communes sur 17 n'ont aucun impayé", "Ménages sortis de la pauvreté", "52 emplois"}},
	} {
		loc := translations.New(c.lang)
		path := writeFile(t, "review-"+c.lang+".pdf", func(w io.Writer) error {
			return sampleReview().WritePDF(w, loc, created)
		})
		checkSound(t, path)
		text := strings.Join(strings.Fields(allText(t, path)), " ")
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the PDF does not say %q:\n%s", c.lang, w, text)
			}
		}
		// Every figure a headline quotes stands in a table too.
		for _, h := range sampleReview().Headlines(loc) {
			for _, f := range strings.Fields(strings.ReplaceAll(h, "\u00a0", " ")) {
				f = strings.Trim(f, ",.;()")
				if f == "" || !strings.ContainsAny(f[:1], "0123456789") || strings.Contains(f, "/") {
					continue
				}
				if strings.Count(text, f) < 2 {
					t.Errorf("%s: %q of %q stands nowhere but in the headline", c.lang, f, h)
				}
			}
		}
	}
}

// TestReviewTakesLocalCapitalFromTheLedger: built through the registry from a store with a
// capital ledger, the review reads the local capital on both dates, counts what is not yet
// lent in the total capital, and says how many times it grew.
func TestReviewTakesLocalCapitalFromTheLedger(t *testing.T) {
	t.Parallel()
	var entry Entry
	for _, e := range Registry {
		if e.ID == "directive40" {
			entry = e
		}
	}
	if !entry.Period || !entry.Offers(ScopeOffice) || !entry.Offers(ScopeCommune) {
		t.Fatalf("directive40 in the registry: %+v", entry)
	}
	loc := translations.New("vi")
	src := &capitalSource{}
	built, err := entry.Build(context.Background(), src, Request{Office: testOffice, Scope: ScopeOffice, On: data.MustDate("2026-11-20"), Loc: loc})
	if err != nil {
		t.Fatal(err)
	}
	r := built.(ReviewReport)
	if r.NoCapital || !reflect.DeepEqual(src.asked, []string{"2014-11-22", "2026-11-20"}) {
		t.Errorf("capital asked on %v, no capital %v", src.asked, r.NoCapital)
	}
	var buf bytes.Buffer
	if err := r.WriteJSON(&buf, loc); err != nil {
		t.Fatal(err)
	}
	var got reviewJSON
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	// Capital = outstanding + local capital not yet lent: 40.2 bn + 0.4 bn, 120.6 bn + 1 bn.
	if got.Capital.Start != 40_600_000_000 || got.Capital.End != 121_600_000_000 {
		t.Errorf("capital %+v", got.Capital)
	}
	if got.LocalCapital.Start != 700_000_000 || got.LocalCapital.End != 22_330_000_000 ||
		got.LocalCapital.Times < 31.899 || got.LocalCapital.Times > 31.901 {
		t.Errorf("local capital %+v, want 700 M → 22,330 M, 31.9 times", got.LocalCapital)
	}
	if !strings.Contains(strings.ReplaceAll(strings.Join(got.Headlines, " "), "\u00a0", " "), "ngân sách địa phương ủy thác đạt 22.330 triệu đồng, tăng 21.630 triệu đồng, gấp 31,9 lần, chiếm 18,36 %") {
		t.Errorf("headlines %q", got.Headlines)
	}

	// A store without a capital ledger: local capital 0, and the PDF's note says why.
	plain, err := entry.Build(context.Background(), &sampleSource{}, Request{Office: testOffice, Scope: ScopeCommune, ID: 3,
		On: data.MustDate("2026-11-20"), From: data.MustDate("2020-01-01"), Loc: loc})
	if err != nil || !plain.(ReviewReport).NoCapital {
		t.Errorf("built without a ledger: %v, %+v", err, plain)
	}
}

// TestReviewTableHoldsEveryFigure: the CSV/xlsx table has each figure and each program's.
func TestReviewTableHoldsEveryFigure(t *testing.T) {
	t.Parallel()
	loc := translations.New("en")
	tab := sampleReview().Table(loc)
	var buf bytes.Buffer
	if err := tab.WriteCSV(&buf, loc); err != nil {
		t.Fatal(err)
	}
	csv := buf.String()
	for _, w := range []string{"Loans outstanding,40200000000,120600000000,80400000000", "Overdue ratio,", "Lending turnover (amount disbursed),,210000000000",
		"03 – Workers whose jobs were created or kept,,52", "Households out of poverty (4),,310", "02 – Months of study financed,,12000"} {
		if !strings.Contains(csv, w) {
			t.Errorf("the CSV lacks %q:\n%s", w, csv)
		}
	}
}

// TestReviewHeadlinesFromNothing: an office whose records begin after the start date has no
// "× times" and no growth to quote, and its sentences do not pretend to.
func TestReviewHeadlinesFromNothing(t *testing.T) {
	t.Parallel()
	v := sampleReview()
	v.Review.Start = data.SummaryFigures{}
	v.Review.LocalEnd = data.CapitalTotals{Balance: 2_000_000_000, Available: 100_000_000}
	for _, lang := range translations.Languages() {
		hs := strings.Join(v.Headlines(translations.New(lang)), " ")
		if strings.Contains(hs, "—") || strings.Contains(hs, "2014") {
			t.Errorf("%s: %s", lang, hs)
		}
	}
	if hs := strings.Join(v.Headlines(translations.New("vi")), " "); !strings.Contains(hs, "Dư nợ đạt 120.600 triệu đồng.") ||
		!strings.Contains(hs, "ủy thác đạt 2.000 triệu đồng, chiếm 1,66") {
		t.Errorf("vi: %s", hs)
	}
}
