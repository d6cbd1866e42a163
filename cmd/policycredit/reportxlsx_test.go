package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"policycredit/data/demo"
	"policycredit/translations"
)

// `report office --format xlsx` writes the office summary as a workbook whose money cells are
// the JSON's đồng; a .xlsx file name chooses xlsx by itself.
func TestReportOfficeXLSX(t *testing.T) {
	db := smallDB(t)
	var office struct {
		Communes []struct {
			Code string
			figuresJSON
		}
		Totals figuresJSON
	}
	reportJSON(t, db, &office, "office")
	dir := t.TempDir()
	for _, c := range []struct{ lang, file string }{{"en", "office.xlsx"}, {"fr", "bureau.XLSX"}} {
		file := filepath.Join(dir, c.file)
		args := []string{"--db", db, "--lang", c.lang, "report", "office", "--date", demo.Today.String(), "-o", file}
		if c.lang == "en" {
			args = append(args, "--format", "xlsx", "--unit", "million") // the unit is for print: the workbook keeps đồng
		}
		r := mustRun(t, args...)
		if !strings.Contains(r.stdout, file) {
			t.Errorf("%s: no confirmation: %v", c.lang, r)
		}
		f, err := excelize.OpenFile(file)
		if err != nil {
			t.Fatalf("%s: %v", c.lang, err)
		}
		loc := translations.New(c.lang)
		sheet := loc.T("report.sheet.office")
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		f.Close()
		if err != nil || len(rows) != len(office.Communes)+2 {
			t.Fatalf("%s: sheet %q: %v, %d rows", c.lang, sheet, err, len(rows))
		}
		if rows[0][1] != loc.T("summary.col.commune") || rows[0][7] != loc.T("summary.col.outstanding") {
			t.Errorf("%s: header %q", c.lang, rows[0])
		}
		num := func(row []string, i int) int64 {
			n, err := strconv.ParseInt(row[i], 10, 64)
			if err != nil {
				t.Errorf("%s: %q is not a whole number", c.lang, row[i])
			}
			return n
		}
		for i, cm := range office.Communes {
			if row := rows[i+1]; row[0] != cm.Code || num(row, 7) != cm.Outstanding {
				t.Errorf("%s: row %q, JSON %s outstanding %d", c.lang, row, cm.Code, cm.Outstanding)
			}
		}
		total := rows[len(rows)-1]
		got := figuresJSON{Households: int(num(total, 2)), Loans: int(num(total, 3)), Current: num(total, 4), Overdue: num(total, 5),
			Frozen: num(total, 6), Outstanding: num(total, 7), OverdueRatio: office.Totals.OverdueRatio, Change: num(total, 9)}
		if got != office.Totals {
			t.Errorf("%s: totals %+v, JSON %+v", c.lang, got, office.Totals)
		}
	}
}

// Reports without a table to export refuse xlsx as a usage error, before touching a file.
func TestReportXLSXRefused(t *testing.T) {
	db := smallDB(t)
	st, _ := demoHousehold(t, db)
	day := demo.Today.String()
	dir := t.TempDir()
	for _, args := range [][]string{
		{"report", "statement", "--date", day, "--customer", st.Household.Code, "--format", "xlsx", "-o", filepath.Join(dir, "s.xlsx")},
		{"report", "meeting", "--date", day, "--format", "xlsx", "-o", filepath.Join(dir, "m.xlsx")},
		{"collection", "list", "--point", "X", "--format", "xlsx", "-o", filepath.Join(dir, "c.xlsx")},
	} {
		r := runCLI(t, append([]string{"--db", db, "--lang", "en"}, args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "There is no format “xlsx”") {
			t.Errorf("%q: want exit %d with the bad-format message, got %v", args, exitUsage, r)
		}
		assertNoInternals(t, r)
	}
	// A workbook on the terminal is refused too.
	r := runCLI(t, "--db", db, "--lang", "en", "report", "office", "--date", day, "--format", "xlsx")
	if r.code != exitUsage || !strings.Contains(r.stderr, "-o FILE.xlsx") {
		t.Errorf("xlsx without a file: %v", r)
	}
}
