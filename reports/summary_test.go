package reports

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"sort"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/translations"
)

func TestUnitRound(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		u    Unit
		d    data.Dong
		want int64
	}{
		{UnitMillion, 1_499_999, 1}, {UnitMillion, 1_500_000, 2}, {UnitMillion, -1_500_000, -2}, {UnitMillion, -1_499_999, -1},
		{UnitThousand, 499, 0}, {UnitThousand, 500, 1}, {UnitThousand, 12_345_678, 12_346}, {UnitDong, 12_345_678, 12_345_678},
	} {
		if got := c.u.Round(c.d); got != c.want {
			t.Errorf("%d in unit %d = %d, want %d", c.d, c.u, got, c.want)
		}
	}
	for _, s := range []string{"dong", "thousand", "million"} {
		if _, ok := ParseUnit(s); !ok {
			t.Errorf("unit %q refused", s)
		}
	}
	if _, ok := ParseUnit("billion"); ok {
		t.Error("unit billion accepted")
	}
}

// sampleCommune: programs 01 (1,400,000 + 1,400,000 current, 200,000 overdue) and 19; in
// millions the rows print 3 and 2 while the total 4,600,000 prints 5: the rounding note says why.
func sampleCommune() CommuneReport {
	f01 := data.SummaryFigures{Households: 2, Loans: 2, Current: 2_800_000, Overdue: 200_000, Jan1: 3_500_000}
	f19 := data.SummaryFigures{Households: 1, Loans: 1, Current: 1_600_000, Jan1: 0}
	total := data.SummaryFigures{Households: 2, Loans: 3, Current: 4_400_000, Overdue: 200_000, Jan1: 3_500_000}
	return CommuneReport{Office: testOffice, Unit: UnitMillion,
		ProgramNames: map[string]string{"01": "Cho vay hộ nghèo", "19": "Cho vay hộ cận nghèo"},
		Summary: data.CommuneSummary{CommuneID: 1, Code: "17545", Name: "Xã Quỳnh Đôi", Date: data.MustDate("2026-11-20"),
			Programs:     []data.SummaryRow{{Code: "01", SummaryFigures: f01}, {Code: "19", SummaryFigures: f19}},
			Associations: []data.SummaryRow{{Code: "HND", SummaryFigures: total}},
			Groups: []data.SummaryGroup{{ID: 7, Code: "T01", Name: "Tổ TK&VV xóm Đông Hưng", Association: "HND", Members: 31,
				Outstanding: 4_600_000, Overdue: 200_000, Rating: data.RatingGood, RatingYear: 2025}},
			Sources: []data.SourceRow{{Source: data.SourceCentral, Outstanding: 3_000_000}, {Source: data.SourceProvince}, {Source: data.SourceLocal, Outstanding: 1_600_000}},
			Savings: 750_000, Totals: total}}
}

func TestCommuneSheetPDFInThreeLanguages(t *testing.T) {
	t.Parallel()
	for lang, want := range map[string][]string{
		"vi": {"BÁO CÁO TỔNG HỢP DƯ NỢ CỦA MỘT XÃ", "Đơn vị tính: triệu đồng", "Tỷ lệ nợ quá", "4,35 %", "Tốt (2025)", "Giám đốc"},
		"en": {"LOAN PORTFOLIO SUMMARY OF ONE COMMUNE", "Unit: million đồng", "4.35%", "Good (2025)", "Director"},
		"fr": {"SYNTHÈSE DE L’ENCOURS D’UNE COMMUNE", "Unité : million de đồng", "4,35 %", "Bon (2025)"},
	} {
		loc := translations.New(lang)
		file := writeFile(t, "commune-"+lang+".pdf", func(w io.Writer) error { return sampleCommune().WritePDF(w, loc, testCreated) })
		checkSound(t, file)
		if _, size := pdfInfo(t, file); size != a4Landscape {
			t.Errorf("%s: page size %s", lang, size)
		}
		text := allText(t, file)
		// Vietnamese names keep their diacritics in every language; rows 3 + 2 against a total of 5.
		for _, s := range append(want, "Xã Quỳnh Đôi", "Tổ TK&VV xóm Đông Hưng") {
			if !strings.Contains(text, s) {
				t.Errorf("%s: %q not found in:\n%s", lang, s, text)
			}
		}
	}
}

// TestCommuneSheetRoundingRows: in millions, program 01's 3,000,000 prints 3, program 19's
// 1,600,000 prints 2, and the total 4,600,000 prints 5 (not 3 + 2), as the note explains.
func TestCommuneSheetRoundingRows(t *testing.T) {
	t.Parallel()
	file := writeFile(t, "commune.pdf", func(w io.Writer) error {
		return sampleCommune().WritePDF(w, translations.New("vi"), testCreated)
	})
	text := allText(t, file)
	line := func(prefix string) []string {
		for _, l := range strings.Split(text, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), prefix) {
				return strings.Fields(l)
			}
		}
		t.Fatalf("no line %q in:\n%s", prefix, text)
		return nil
	}
	// 01 – Cho vay hộ nghèo  2  2  3  0  0  3  6,67 %  -1   (households, loans, current, overdue, frozen, total, ratio, change)
	if f := line("01 – Cho vay hộ nghèo"); !reflect.DeepEqual(f[len(f)-9:], []string{"2", "2", "3", "0", "0", "3", "6,67", "%", "-1"}) {
		t.Errorf("program 01 line %v", f)
	}
	if f := line("19 – Cho vay hộ cận nghèo"); f[len(f)-1] != "+2" || f[len(f)-3] != "2" {
		t.Errorf("program 19 line %v", f)
	}
	// Tổng cộng  2  3  4  0  0  5  4,35 %  +1: the total 4,600,000 prints 5, not 3 + 2.
	if f := line("Tổng cộng"); f[len(f)-4] != "5" || f[len(f)-1] != "+1" {
		t.Errorf("totals line %v", f)
	}
	if !strings.Contains(text, "dòng tổng cộng") {
		t.Error("no rounding note")
	}
}

func TestCommuneSheetJSONShape(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := sampleCommune().WriteJSON(&buf, translations.New("en")); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	keys := func(v any) []string {
		var out []string
		for k := range v.(map[string]any) {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	figures := []string{"change_since_jan1", "current", "frozen", "households", "loans", "outstanding", "overdue", "overdue_ratio"}
	withCode := append([]string{"code"}, figures...)
	sort.Strings(withCode)
	withName := append([]string{"code", "name"}, figures...)
	sort.Strings(withName)
	for _, c := range []struct {
		v    any
		want []string
	}{
		{got, []string{"associations", "commune", "date", "groups", "programs", "savings", "sources", "totals"}},
		{got["commune"], []string{"code", "name"}},
		{got["programs"].([]any)[0], withName},
		{got["associations"].([]any)[0], withCode},
		{got["groups"].([]any)[0], []string{"code", "members", "name", "outstanding", "overdue", "rating"}},
		{got["sources"].([]any)[0], []string{"outstanding", "source"}},
		{got["totals"], figures},
	} {
		if k := keys(c.v); !reflect.DeepEqual(k, c.want) {
			t.Errorf("keys %v, want %v", k, c.want)
		}
	}
	p := got["programs"].([]any)[0].(map[string]any)
	// 200,000 / 3,000,000 = 0.0666…; the change is 3,000,000 - 3,500,000.
	if p["overdue_ratio"].(float64) != 200_000.0/3_000_000 || p["change_since_jan1"].(float64) != -500_000 || p["name"] != "Poor households" && p["name"] != "Cho vay hộ nghèo" {
		t.Errorf("program 01 %v", p)
	}
	if got["date"] != "2026-11-20" || got["savings"].(float64) != 750_000 {
		t.Errorf("date %v savings %v", got["date"], got["savings"])
	}
}

func sampleOffice() OfficeReport {
	a := data.SummaryFigures{Households: 120, Loans: 150, Current: 5_000_000_000, Overdue: 12_500_000, Jan1: 4_000_000_000}
	b := data.SummaryFigures{Households: 80, Loans: 90, Current: 3_000_000_000, Frozen: 20_000_000, Jan1: 3_100_000_000}
	tot := data.SummaryFigures{Households: 200, Loans: 240, Current: 8_000_000_000, Overdue: 12_500_000, Frozen: 20_000_000, Jan1: 7_100_000_000}
	return OfficeReport{Office: testOffice, Unit: UnitThousand, Summary: data.OfficeSummary{Date: data.MustDate("2026-11-20"),
		Communes: []data.SummaryRow{{Code: "17545", Name: "Xã Quỳnh Đôi", SummaryFigures: a}, {Code: "17548", Name: "Xã Quỳnh Hậu", SummaryFigures: b}},
		Totals:   tot, CommunesWithoutOverdue: 1}}
}

func TestOfficeSheet(t *testing.T) {
	t.Parallel()
	for _, lang := range translations.Languages() {
		loc := translations.New(lang)
		file := writeFile(t, "office-"+lang+".pdf", func(w io.Writer) error { return sampleOffice().WritePDF(w, loc, testCreated) })
		checkSound(t, file)
		text := allText(t, file)
		for _, s := range []string{"Xã Quỳnh Đôi", "Xã Quỳnh Hậu", loc.T("summary.unit.thousand"), loc.Number(8_032_500)} {
			if !strings.Contains(text, strings.ReplaceAll(s, "\u00a0", " ")) {
				t.Errorf("%s: %q not found in:\n%s", lang, s, text)
			}
		}
	}
	var buf bytes.Buffer
	if err := sampleOffice().WriteJSON(&buf, translations.New("en")); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Date     string
		Communes []struct {
			Code, Name  string
			Outstanding int64
			Change      int64 `json:"change_since_jan1"`
		}
		Totals                 struct{ Outstanding, Overdue int64 }
		CommunesWithoutOverdue int `json:"communes_without_overdue"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Communes) != 2 || got.Communes[1].Change != -80_000_000 || got.Totals.Outstanding != 8_032_500_000 || got.CommunesWithoutOverdue != 1 {
		t.Errorf("got %+v", got)
	}
}

func sampleOverdue() OverdueReport {
	return OverdueReport{Office: testOffice, List: data.OverdueList{Date: data.MustDate("2026-11-20"),
		Loans: []data.OverdueLoan{{Contract: "17545/2024/0012", Customer: "38180000293", Name: "Nguyễn Thị Nguyệt", CommuneCode: "17545",
			GroupCode: "17545-T01", ProgramCode: "01", DaysOverdue: 125, Overdue: 5_000_000, Outstanding: 20_000_000,
			Note: "Ốm đau kéo dài, xin gia hạn"}}, Overdue: 5_000_000, Outstanding: 20_000_000}}
}

func sampleDisclosure() DisclosureReport {
	return DisclosureReport{Office: testOffice, ProgramNames: map[string]string{"01": "Cho vay hộ nghèo"},
		List: data.DisclosureList{PointCode: "DGD-01", PointName: "Điểm xã Quỳnh Đôi", Commune: "Xã Quỳnh Đôi", Date: data.MustDate("2026-11-20"),
			Loans: []data.DisclosureLoan{{Customer: "38180000293", Name: "Nguyễn Thị Nguyệt", Village: "Xóm Đông", GroupCode: "T01",
				ProgramCode: "01", Contract: "17545/2024/0012", Amount: 50_000_000, Balance: 20_000_000, NextDue: data.MustDate("2026-12-28")}},
			Amount: 50_000_000, Balance: 20_000_000}}
}

func TestOverdueAndDisclosureSheets(t *testing.T) {
	t.Parallel()
	overdue, disclosure := sampleOverdue(), sampleDisclosure()
	for _, lang := range translations.Languages() {
		loc := translations.New(lang)
		file := writeFile(t, "overdue-"+lang+".pdf", func(w io.Writer) error { return overdue.WritePDF(w, loc, testCreated) })
		checkSound(t, file)
		text := allText(t, file)
		for _, s := range []string{"Nguyễn Thị Nguyệt", "Ốm đau kéo dài", "17545/2024/0012", "125", loc.Number(5_000_000)} {
			if !strings.Contains(text, strings.ReplaceAll(s, "\u00a0", " ")) {
				t.Errorf("overdue %s: %q not found in:\n%s", lang, s, text)
			}
		}
		file = writeFile(t, "disclosure-"+lang+".pdf", func(w io.Writer) error { return disclosure.WritePDF(w, loc, testCreated) })
		checkSound(t, file)
		text = allText(t, file)
		for _, s := range []string{"Nguyễn Thị Nguyệt", "Xóm Đông", "Cho vay hộ nghèo", loc.Number(50_000_000), loc.Date(data.MustDate("2026-12-28"))} {
			if !strings.Contains(text, strings.ReplaceAll(s, "\u00a0", " ")) {
				t.Errorf("disclosure %s: %q not found in:\n%s", lang, s, text)
			}
		}
		if strings.Contains(text, "38180000293") {
			t.Errorf("disclosure %s prints the customer code", lang)
		}
	}
}
