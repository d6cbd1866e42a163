package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"policycredit/data"
	"policycredit/data/demo"
	"policycredit/translations"
)

// `report office --format xlsx` writes the office summary as a workbook whose money cells are
// the JSON's đồng; a .xlsx file name chooses xlsx by itself.
func TestReportOfficeXLSX(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
	db := smallDB(t)
	st, _ := demoHousehold(t, db)
	day := demo.Today.String()
	dir := t.TempDir()
	for _, args := range [][]string{
		{"report", "meeting", "--date", day, "--format", "xlsx", "-o", filepath.Join(dir, "m.xlsx")},
	} {
		r := runCLI(t, append([]string{"--db", db, "--lang", "en"}, args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "There is no format “xlsx”") {
			t.Errorf("%q: want exit %d with the bad-format message, got %v", args, exitUsage, r)
		}
		assertNoInternals(t, r)
	}
	// A workbook on the terminal is refused too.
	for _, args := range [][]string{
		{"report", "office", "--date", day, "--format", "xlsx"},
		{"report", "statement", "--date", day, "--customer", st.Household.Code, "--format", "xlsx"},
		{"collection", "list", "--point", "X", "--format", "xlsx"},
	} {
		r := runCLI(t, append([]string{"--db", db, "--lang", "en"}, args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "-o FILE.xlsx") {
			t.Errorf("%q: xlsx without a file: %v", args, r)
		}
	}
}

// `collection list`, `collection day` and `report statement` write xlsx too: their CSV's
// table, typed, under a translated header; a .xlsx file name chooses it by itself.
func TestCollectionDayStatementXLSX(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	s := openForTest(t, db)
	points, err := s.Points(t.Context(), 0)
	s.Close()
	if err != nil || len(points) == 0 {
		t.Fatalf("points %v %v", points, err)
	}
	point := points[0].Code
	dayText := data.NextPointDay(points[0].Day, data.MustDate("2026-11-20")).String()
	list := collectionJSON(t, db, "--point", point, "--date", dayText)
	st, group := demoHousehold(t, db)
	dir := t.TempDir()
	open := func(lang, file, sheetID string, args ...string) [][]string {
		t.Helper()
		r := mustRun(t, append([]string{"--db", db, "--lang", lang}, append(args, "-o", file)...)...)
		if !strings.Contains(r.stdout, file) {
			t.Errorf("%s: no confirmation: %v", file, r)
		}
		f, err := excelize.OpenFile(file)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		defer f.Close()
		sheet := translations.New(lang).T(sheetID)
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil || len(rows) == 0 {
			t.Fatalf("%s: sheet %q: %v, %d rows (sheets %v)", file, sheet, err, len(rows), f.GetSheetList())
		}
		return rows
	}

	rows := open("en", filepath.Join(dir, "list.xlsx"), "report.sheet.collection",
		"collection", "list", "--point", point, "--date", dayText, "--format", "xlsx")
	en := translations.New("en")
	m := list.Groups[0].Members[0]
	if rows[0][0] != en.T("report.collection.col.point") || rows[1][0] != point || rows[1][3] != m.Customer ||
		rows[1][5] != strconv.FormatInt(m.PrincipalDue, 10) || len(rows) != list.Totals.Members+1 {
		t.Errorf("collection list: header %q, first row %q, JSON %+v, %d members", rows[0], rows[1], m, list.Totals.Members)
	}

	rows = open("fr", filepath.Join(dir, "jour.XLSX"), "report.sheet.day",
		"collection", "day", "--point", point, "--date", dayText)
	// nothing is posted on that day yet: the header alone
	if rows[0][2] != translations.New("fr").T("report.day.col.principal") {
		t.Errorf("day report header %q", rows[0])
	}

	rows = open("vi", filepath.Join(dir, "saoke.xlsx"), "report.sheet.statement",
		"report", "statement", "--date", demo.Today.String(), "--customer", st.Household.Code)
	n := 0
	for _, l := range st.Loans {
		n += len(l.Entries)
	}
	first := st.Loans[0].Entries[0]
	if len(rows) != n+1 || n == 0 || rows[1][0] != st.Household.Code || rows[1][7] != strconv.FormatInt(int64(first.Amount), 10) {
		t.Errorf("statement: %d rows for %d entries, first %q, entry %+v", len(rows), n, rows[1], first)
	}

	rows = open("en", filepath.Join(dir, "group.xlsx"), "report.sheet.statement",
		"report", "statement", "--date", demo.Today.String(), "--group", group, "--format", "xlsx")
	if len(rows) < 2 || rows[0][7] != en.T("report.statement.col.amount") {
		t.Errorf("group statements header %q", rows[0])
	}
}
