package reports

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"policycredit/data"
	"policycredit/translations"
)

func sampleLoanSheet(loc *translations.Localizer) Table {
	return Table{
		Name: loc.T("export.sheet.loans"),
		Columns: []Column{
			{Title: loc.T("loan.col.contract"), Kind: KindText},
			{Title: loc.T("loans.col.borrower"), Kind: KindText},
			{Title: loc.T("loans.col.signed_on"), Kind: KindDate},
			{Title: loc.T("loans.col.amount"), Kind: KindMoney},
			{Title: loc.T("export.col.term"), Kind: KindInteger},
			{Title: "%", Kind: KindPercent},
		},
		Rows: [][]Cell{
			{Text("HD-0001"), Text("Nguyễn Thị Hồng Nhung Phương Thảo"), Day(data.NewDate(2025, time.March, 7)), Money(50_000_000), Int(36), Ratio(5200, data.RateScale)},
			{Text("HD-0002"), Text("Lê Văn Ba"), Day(data.Date{}), Money(1_234_567_890), Int(12), Ratio(0, data.RateScale)},
		},
	}
}

// A sheet reopened by excelize has numbers as numbers, dates as dates, their formats, a
// frozen bold header in the chosen language, an autofilter and fitted widths.
func TestWriteXLSXTypesAndLayout(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"vi", "en", "fr"} {
		loc := translations.New(lang)
		s := sampleLoanSheet(loc)
		var buf bytes.Buffer
		if err := WriteXLSX(&buf, s); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetName(0)
		if sheet != s.Name || f.SheetCount != 1 {
			t.Errorf("%s: sheets %v, want only %q", lang, f.GetSheetList(), s.Name)
		}
		for i, c := range s.Columns {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			if v, _ := f.GetCellValue(sheet, cell); v != c.Title || strings.HasPrefix(v, "export.") {
				t.Errorf("%s: header %s = %q, want %q", lang, cell, v, c.Title)
			}
		}
		// Money: a number cell with the thousands format, exact.
		if typ, _ := f.GetCellType(sheet, "D3"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("%s: money cell type %v", lang, typ)
		}
		raw, _ := f.GetCellValue(sheet, "D3", excelize.Options{RawCellValue: true})
		if raw != "1234567890" {
			t.Errorf("%s: money stored as %q", lang, raw)
		}
		if shown, _ := f.GetCellValue(sheet, "D3"); shown != "1,234,567,890" {
			t.Errorf("%s: money shown as %q", lang, shown)
		}
		// Date: a serial number with the dd/mm/yyyy format.
		raw, _ = f.GetCellValue(sheet, "C2", excelize.Options{RawCellValue: true})
		if raw != "45723" { // 7 March 2025 counted from 30 Dec 1899
			t.Errorf("%s: date stored as %q", lang, raw)
		}
		if shown, _ := f.GetCellValue(sheet, "C2"); shown != "07/03/2025" {
			t.Errorf("%s: date shown as %q", lang, shown)
		}
		if v, _ := f.GetCellValue(sheet, "C3"); v != "" {
			t.Errorf("%s: no date shows %q", lang, v)
		}
		if raw, _ = f.GetCellValue(sheet, "E2", excelize.Options{RawCellValue: true}); raw != "36" {
			t.Errorf("%s: integer stored as %q", lang, raw)
		}
		if shown, _ := f.GetCellValue(sheet, "F2"); shown != "0.52%" {
			t.Errorf("%s: rate shown as %q", lang, shown)
		}
		// Styles: bold header, number formats.
		check := func(cell string, want func(*excelize.Style) bool, what string) {
			id, err := f.GetCellStyle(sheet, cell)
			if err != nil {
				t.Fatal(err)
			}
			st, err := f.GetStyle(id)
			if err != nil || !want(st) {
				t.Errorf("%s: %s of %s: %+v", lang, what, cell, st)
			}
		}
		check("A1", func(s *excelize.Style) bool { return s.Font != nil && s.Font.Bold }, "bold header")
		check("D2", func(s *excelize.Style) bool { return s.NumFmt == 3 }, "thousands format")
		check("C2", func(s *excelize.Style) bool { return s.CustomNumFmt != nil && *s.CustomNumFmt == "dd/mm/yyyy" }, "date format")
		// Frozen header row.
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v", lang, panes)
		}
		// Widths: the long name widens its column, short columns stay narrow.
		wName, _ := f.GetColWidth(sheet, "B")
		wTerm, _ := f.GetColWidth(sheet, "E")
		if wName < float64(len([]rune("Nguyễn Thị Hồng Nhung Phương Thảo"))) || wName > maxColWidth || wTerm >= wName {
			t.Errorf("%s: widths name %v, term %v", lang, wName, wTerm)
		}
		// Autofilter over the header and rows.
		found := false
		names := f.GetDefinedName()
		for _, d := range names {
			if d.Name == "_xlnm._FilterDatabase" && strings.Contains(d.RefersTo, "$A$1:$F$3") {
				found = true
			}
		}
		if !found || !autoFilterA1F3.MatchString(sheetXML(t, buf.Bytes())) {
			t.Errorf("%s: no autofilter over A1:F3 in %+v", lang, names)
		}
		f.Close()
	}
}

// "all" is one workbook with a sheet per list; names are cut to Excel's 31 characters and kept
// distinct.
func TestWriteXLSXSeveralSheets(t *testing.T) {
	t.Parallel()
	loc := translations.New("vi")
	long := strings.Repeat("Danh sách khách hàng vay vốn ", 3)
	a := Table{Name: long, Columns: []Column{{Title: "A"}}}
	b := Table{Name: long, Columns: []Column{{Title: "B"}}, Rows: [][]Cell{{Text("x")}}}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, a, b, sampleLoanSheet(loc)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	list := f.GetSheetList()
	if len(list) != 3 || list[0] == list[1] {
		t.Fatalf("sheets %q", list)
	}
	for _, n := range list {
		if len([]rune(n)) > 31 {
			t.Errorf("sheet name %q longer than 31", n)
		}
	}
	if v, _ := f.GetCellValue(list[1], "A2"); v != "x" {
		t.Errorf("second sheet A2 = %q", v)
	}
}

// A list longer than a sheet continues on the next, with the header again.
func TestWriteXLSXContinuesLongLists(t *testing.T) {
	// Not parallel: it changes sheetRows, which the other tests read.
	defer func(n int) { sheetRows = n }(sheetRows)
	sheetRows = 3 // a header and two rows a sheet
	s := Table{Name: "Bút toán", Columns: []Column{{Title: "Số", Kind: KindInteger}}}
	for i := 1; i <= 5; i++ {
		s.Rows = append(s.Rows, []Cell{Int(int64(i))})
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, s); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []string
	for _, name := range f.GetSheetList() {
		rows, _ := f.GetRows(name)
		for _, r := range rows {
			got = append(got, r[0])
		}
	}
	if sheets := strings.Join(f.GetSheetList(), "|"); sheets != "Bút toán|Bút toán 2|Bút toán 3" ||
		strings.Join(got, "|") != "Số|1|2|Số|3|4|Số|5" {
		t.Errorf("sheets %q, cells %q", sheets, got)
	}
}

// The CSV of a sheet has exact đồng, ISO dates and the language's separator behind a BOM.
func TestSheetCSV(t *testing.T) {
	t.Parallel()
	for lang, sep := range map[string]rune{"vi": ';', "fr": ';', "en": ','} {
		loc := translations.New(lang)
		var buf bytes.Buffer
		if err := sampleLoanSheet(loc).WriteCSV(&buf, loc); err != nil {
			t.Fatal(err)
		}
		text := buf.String()
		if !strings.HasPrefix(text, utf8BOM) {
			t.Errorf("%s: no BOM", lang)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(text, utf8BOM)))
		r.Comma = sep
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		want := []string{"HD-0002", "Lê Văn Ba", "", "1234567890", "12", "0"}
		if len(recs) != 3 || recs[0][0] != loc.T("loan.col.contract") || strings.Join(recs[2], "|") != strings.Join(want, "|") {
			t.Errorf("%s: %q", lang, recs)
		}
		if recs[1][2] != "2025-03-07" || recs[1][5] != "0.0052" {
			t.Errorf("%s: row %q", lang, recs[1])
		}
	}
}

// autoFilterA1F3 is the sheet's filter over A1:F3, which excelize writes with "$" marks.
var autoFilterA1F3 = regexp.MustCompile(`<autoFilter ref="\$?A\$?1:\$?F\$?3"`)

// sheetXML is the first worksheet's XML in a workbook.
func sheetXML(t *testing.T, book []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := z.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// BenchmarkWriteXLSX writes a ledger-sized sheet: 100,000 rows of 13 columns.
func BenchmarkWriteXLSX(b *testing.B) {
	loc := translations.New("vi")
	s := sampleLoanSheet(loc)
	row := append(s.Rows[0], Text("QĐ 12/2025"), Day(data.NewDate(2025, time.May, 2)), Text("PT-001"), Text("ghi chú"), Text("clerk"), Int(7), Money(5))
	s.Rows = make([][]Cell, 100_000)
	for i := range s.Rows {
		s.Rows[i] = row
	}
	for i := 0; i < 7; i++ {
		s.Columns = append(s.Columns, Column{Title: "x"})
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteXLSX(io.Discard, s); err != nil {
			b.Fatal(err)
		}
	}
}

// openBook writes sheets and reopens the workbook.
func openBook(t *testing.T, sheets ...Table) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, sheets...); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// A column with choices gets a drop-down list with a stop alert on its data cells: inline
// when the list is short, on the hidden "_lists" sheet when it passes Excel's 255
// characters; a column without choices gets none.
func TestWriteXLSXChoices(t *testing.T) {
	t.Parallel()
	short := []string{"HN", "HPN", "HND", "DTN"}
	var long []string
	for i := 0; i < 40; i++ {
		long = append(long, fmt.Sprintf("Chương trình cho vay số %02d", i+1))
	}
	if n := len(strings.Join(long, ",")); n <= 255 {
		t.Fatalf("the long list is only %d characters", n)
	}
	templates := Table{Name: "Mẫu", Columns: []Column{
		{Title: "Tên"},
		{Title: "Hội", Choices: short},
		{Title: "Chương trình", Choices: long},
		{Title: "Loại", Choices: []string{"A, B", "C"}}, // a comma cannot go inline
	}}
	many := Table{Name: "Nhiều", Columns: []Column{{Title: "Chương trình", Choices: long}, {Title: "Số tiền", Kind: KindMoney}}}
	for i := 0; i < 10_005; i++ {
		many.Rows = append(many.Rows, []Cell{Text(long[i%len(long)]), Money(data.Dong(i))})
	}
	f := openBook(t, templates, many)

	if got := f.GetSheetList(); len(got) != 3 || got[0] != "Mẫu" || got[1] != "Nhiều" || got[2] != "_lists" {
		t.Fatalf("sheets %v", got)
	}
	if visible, err := f.GetSheetVisible("_lists"); err != nil || visible {
		t.Errorf("_lists is visible (%v)", err)
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet %d", f.GetActiveSheetIndex())
	}
	dvs, err := f.GetDataValidations("Mẫu")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"B2:B10000": `"HN,HPN,HND,DTN"`,
		"C2:C10000": "_lists!$A$1:$A$40",
		"D2:D10000": "_lists!$B$1:$B$2",
	}
	if len(dvs) != len(want) {
		t.Errorf("%d validations, want %d", len(dvs), len(want))
	}
	for _, dv := range dvs {
		if strings.HasPrefix(dv.Sqref, "A") {
			t.Errorf("the column without choices has a validation %+v", dv)
		}
		if f1, ok := want[dv.Sqref]; !ok || dv.Formula1 != f1 || dv.Type != "list" {
			t.Errorf("validation %s: %s %q, want list %q", dv.Sqref, dv.Type, dv.Formula1, f1)
		}
		if !dv.ShowErrorMessage || dv.ErrorStyle == nil || *dv.ErrorStyle != "stop" {
			t.Errorf("validation %s has no stop alert", dv.Sqref)
		}
	}
	// the same long list is written once; the validation covers every row written
	dvs, err = f.GetDataValidations("Nhiều")
	if err != nil || len(dvs) != 1 || dvs[0].Sqref != "A2:A10006" || dvs[0].Formula1 != "_lists!$A$1:$A$40" {
		t.Errorf("validations of the long sheet: %v %+v", err, dvs)
	}
	for i, c := range long {
		if v, _ := f.GetCellValue("_lists", fmt.Sprintf("A%d", i+1)); v != c {
			t.Errorf("_lists!A%d = %q, want %q", i+1, v, c)
		}
	}
	if v, _ := f.GetCellValue("_lists", "B1"); v != "A, B" {
		t.Errorf("_lists!B1 = %q", v)
	}
	if v, _ := f.GetCellValue("Nhiều", "B10006", excelize.Options{RawCellValue: true}); v != "10004" {
		t.Errorf("the data is not written around the validation: %q", v)
	}
}

// A workbook without choices has no hidden sheet and no validation.
func TestWriteXLSXNoChoices(t *testing.T) {
	t.Parallel()
	loc := translations.New("vi")
	f := openBook(t, sampleLoanSheet(loc))
	if f.SheetCount != 1 {
		t.Errorf("sheets %v", f.GetSheetList())
	}
	if dvs, err := f.GetDataValidations(f.GetSheetName(0)); err != nil || len(dvs) != 0 {
		t.Errorf("validations %v %+v", err, dvs)
	}
}
