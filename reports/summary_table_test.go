package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"policycredit/data"
	"policycredit/translations"
)

// summaryExport is one summary report's three table forms.
type summaryExport struct {
	name  string
	sheet func(loc *translations.Localizer) Table
	csv   func(w io.Writer, loc *translations.Localizer) error
	xlsx  func(w io.Writer, loc *translations.Localizer) error
}

func summaryExports() []summaryExport {
	commune, office, overdue, disclosure := sampleCommune(), sampleOffice(), sampleOverdue(), sampleDisclosure()
	// a loan with nothing more falling due: its date cell stays empty, as in the CSV.
	disclosure.List.Loans = append(disclosure.List.Loans, data.DisclosureLoan{Name: "Lê Văn Ba", Village: "Xóm Đông",
		GroupCode: "T01", ProgramCode: "19", Amount: 30_000_000, Balance: 0})
	return []summaryExport{
		tabledExport("commune", commune),
		tabledExport("office", office),
		tabledExport("overdue", overdue),
		tabledExport("disclosure", disclosure),
	}
}

// tabledExport is a report's table and the CSV and xlsx written from it.
func tabledExport(name string, r Tabled) summaryExport {
	return summaryExport{name, r.Table,
		func(w io.Writer, loc *translations.Localizer) error { return r.Table(loc).WriteCSV(w, loc) },
		func(w io.Writer, loc *translations.Localizer) error { return WriteXLSX(w, r.Table(loc)) }}
}

// readReportCSV reads a report's CSV back as the spreadsheet would.
func readReportCSV(t *testing.T, loc *translations.Localizer, write func(w io.Writer, loc *translations.Localizer) error) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, loc); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), utf8BOM)))
	if decimalMark(loc) == "," {
		r.Comma = ';'
	}
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func openXLSX(t *testing.T, loc *translations.Localizer, write func(w io.Writer, loc *translations.Localizer) error) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, loc); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// Each summary's xlsx holds its CSV cell for cell: the same translated headers, money as
// numbers in exact đồng with the thousands format, counts as integers, the ratio a fraction
// shown as a percentage, dates as date serials, under a frozen header row.
func TestSummaryXLSXMatchesCSV(t *testing.T) {
	t.Parallel()
	for _, lang := range translations.Languages() {
		loc := translations.New(lang)
		for _, e := range summaryExports() {
			want := readReportCSV(t, loc, e.csv)
			sh := e.sheet(loc)
			f := openXLSX(t, loc, e.xlsx)
			name := f.GetSheetName(0)
			if f.SheetCount != 1 || name != sh.Name || name != loc.T("report.sheet."+e.name) {
				t.Errorf("%s %s: sheets %q, want %q", e.name, lang, f.GetSheetList(), sh.Name)
			}
			if panes, err := f.GetPanes(name); err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
				t.Errorf("%s %s: header not frozen: %+v", e.name, lang, panes)
			}
			rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(want) {
				t.Fatalf("%s %s: %d rows, CSV has %d", e.name, lang, len(rows), len(want))
			}
			for i, h := range want[0] {
				if i >= len(rows[0]) || rows[0][i] != h || strings.HasPrefix(h, "summary.") {
					t.Errorf("%s %s: header %d = %q, CSV %q", e.name, lang, i, rows[0], h)
				}
			}
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
						if typ, _ := f.GetCellType(name, cell); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
							t.Errorf("%s %s: money %s stored as type %v", e.name, lang, cell, typ)
						}
						id, _ := f.GetCellStyle(name, cell)
						if st, err := f.GetStyle(id); err != nil || st.NumFmt != numFmtMoney {
							t.Errorf("%s %s: money %s without the thousands format: %+v", e.name, lang, cell, st)
						}
					}
				}
			}
		}
	}
}

// sameCell compares a raw xlsx value with the CSV text of the same cell.
func sameCell(kind Kind, raw, csvText string) bool {
	if raw == "" || csvText == "" {
		return raw == csvText
	}
	switch kind {
	case KindPercent:
		a, err1 := strconv.ParseFloat(raw, 64)
		b, err2 := strconv.ParseFloat(csvText, 64)
		return err1 == nil && err2 == nil && math.Abs(a-b) < 1e-6 // the CSV keeps six decimals
	case KindDate:
		serial, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return false
		}
		tm, err := excelize.ExcelDateToTime(serial, false)
		return err == nil && tm.Format("2006-01-02") == csvText
	}
	return raw == csvText
}

// The money cells are the JSON's đồng, whatever unit the printed report counts in.
func TestSummaryXLSXMoneyIsJSONDong(t *testing.T) {
	t.Parallel()
	loc := translations.New("en")
	office := sampleOffice() // printed in thousands
	var buf bytes.Buffer
	if err := office.WriteJSON(&buf, loc); err != nil {
		t.Fatal(err)
	}
	var js struct {
		Communes []struct{ Outstanding, Overdue int64 }
		Totals   struct {
			Outstanding, Overdue, Frozen int64
			Change                       int64 `json:"change_since_jan1"`
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &js); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, loc, tabledExport("office", office).xlsx)
	name := f.GetSheetName(0)
	raw := func(cell string) int64 {
		v, _ := f.GetCellValue(name, cell, excelize.Options{RawCellValue: true})
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			t.Errorf("%s = %q, not a whole number", cell, v)
		}
		return n
	}
	// columns: code, commune, households, loans, current, overdue (F), frozen (G), outstanding (H), ratio, change (J)
	if got := raw("H2"); got != js.Communes[0].Outstanding {
		t.Errorf("first commune outstanding %d, JSON %d", got, js.Communes[0].Outstanding)
	}
	if o, ov, fr, ch := raw("H4"), raw("F4"), raw("G4"), raw("J4"); o != js.Totals.Outstanding || ov != js.Totals.Overdue ||
		fr != js.Totals.Frozen || ch != js.Totals.Change {
		t.Errorf("totals %d %d %d %d, JSON %+v", o, ov, fr, ch, js.Totals)
	}
	if shown, _ := f.GetCellValue(name, "H4"); shown != "8,032,500,000" {
		t.Errorf("total shown as %q", shown)
	}
	if shown, _ := f.GetCellValue(name, "I2"); !strings.HasSuffix(shown, "%") {
		t.Errorf("ratio shown as %q", shown)
	}
	d := openXLSX(t, loc, tabledExport("disclosure", sampleDisclosure()).xlsx)
	if shown, _ := d.GetCellValue(d.GetSheetName(0), "G2"); shown != "28/12/2026" {
		t.Errorf("next due shown as %q", shown)
	}
}
