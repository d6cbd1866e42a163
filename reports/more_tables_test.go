package reports

import (
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"policycredit/data"
	"policycredit/translations"
)

func moreExports(t *testing.T) []summaryExport {
	collection, day := sampleSheet(), sampleDay()
	// a group no batch counted: its count stays empty, as in the CSV
	day.Report.Groups = append(day.Report.Groups, data.DayGroup{ID: 12, Code: "T03", Name: "Tổ Đoàn Thanh niên xóm 3",
		Figures: data.DayFigures{Collected: data.Dues{Interest: 120_000}}})
	st := StatementReport{Statement: sampleStatement(t)}
	two := []data.Statement{st.Statement, st.Statement}
	return []summaryExport{
		tabledExport("collection", collection),
		tabledExport("day", day),
		tabledExport("statement", st),
		{"statement", func(loc *translations.Localizer) Table { return StatementsTable(two, loc) },
			func(w io.Writer, loc *translations.Localizer) error {
				return StatementsTable(two, loc).WriteCSV(w, loc)
			},
			func(w io.Writer, loc *translations.Localizer) error { return WriteXLSX(w, StatementsTable(two, loc)) }},
	}
}

// The collection list, the day report and the statements as xlsx hold their CSV cell for
// cell under translated headers: money as exact đồng numbers, dates as dates, empty cells
// where the CSV leaves them empty, so a collection list exported either way is read back the
// same.
func TestMoreSheetsMatchCSV(t *testing.T) {
	t.Parallel()
	for _, lang := range translations.Languages() {
		loc := translations.New(lang)
		for _, e := range moreExports(t) {
			want := readReportCSV(t, loc, e.csv)
			sh := e.sheet(loc)
			f := openXLSX(t, loc, e.xlsx)
			name := f.GetSheetName(0)
			if f.SheetCount != 1 || name != loc.T("report.sheet."+e.name) || strings.HasPrefix(name, "report.") {
				t.Errorf("%s %s: sheets %q", e.name, lang, f.GetSheetList())
			}
			rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(want) || len(want) < 2 {
				t.Fatalf("%s %s: %d rows, CSV has %d", e.name, lang, len(rows), len(want))
			}
			for i, h := range want[0] {
				if i >= len(rows[0]) || rows[0][i] != h || strings.HasPrefix(h, "report.") {
					t.Errorf("%s %s: header %d = %q, CSV %q", e.name, lang, i, rows[0], h)
				}
			}
			money := 0
			for r := 1; r < len(want); r++ {
				for c, csvText := range want[r] {
					got := ""
					if c < len(rows[r]) {
						got = rows[r][c]
					}
					cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
					kind := sh.Columns[c].Kind
					if !sameCell(kind, got, csvText) {
						t.Errorf("%s %s: %s (kind %d) = %q, CSV %q", e.name, lang, cell, kind, got, csvText)
					}
					if kind == KindMoney && csvText != "" {
						money++
						if typ, _ := f.GetCellType(name, cell); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
							t.Errorf("%s %s: money %s stored as type %v", e.name, lang, cell, typ)
						}
					}
					if kind == KindDate && csvText != "" {
						id, _ := f.GetCellStyle(name, cell)
						if st, err := f.GetStyle(id); err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != dateFormat {
							t.Errorf("%s %s: date %s not formatted as a date: %+v", e.name, lang, cell, st)
						}
					}
				}
			}
			if money == 0 {
				t.Errorf("%s %s: no money cell to compare", e.name, lang)
			}
		}
	}
}
