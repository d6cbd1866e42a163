package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"policycredit/data/demo"
	"policycredit/translations"
)

// export all writes one workbook with a sheet per list; its loans sheet holds money as numbers
// that add up to the office summary's outstanding on the same date.
func TestExportAllXLSX(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	day := demo.Today.String()
	file := filepath.Join(t.TempDir(), "office.xlsx")
	r := mustRun(t, "--db", db, "export", "all", "-o", file, "--date", day, "--lang", "en")
	if !strings.Contains(r.stdout, file) {
		t.Errorf("no confirmation naming the file: %q", r.stdout)
	}
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	loc := translations.New("en")
	want := []string{loc.T("export.sheet.places"), loc.T("export.sheet.groups"), loc.T("export.sheet.borrowers"),
		loc.T("export.sheet.loans"), loc.T("export.sheet.entries"), loc.T("capital.report.sheet")}
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	rows, err := f.GetRows(loc.T("export.sheet.loans"), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	header := rows[0]
	col := -1
	for i, h := range header {
		if h == loc.T("import.col.outstanding") {
			col = i
		}
	}
	if col < 0 || len(rows) < 100 {
		t.Fatalf("loans sheet: header %q, %d rows", header, len(rows))
	}
	var sum int64
	for _, row := range rows[1:] {
		n, err := strconv.ParseInt(row[col], 10, 64)
		if err != nil {
			t.Fatalf("outstanding %q is not a whole number", row[col])
		}
		sum += n
	}
	var office struct {
		Totals struct{ Outstanding int64 }
	}
	reportJSON(t, db, &office, "office")
	if sum != office.Totals.Outstanding {
		t.Errorf("loans sheet outstanding %d, office summary %d", sum, office.Totals.Outstanding)
	}
	if panes, _ := f.GetPanes(loc.T("export.sheet.entries")); !panes.Freeze {
		t.Errorf("entries sheet header not frozen")
	}
	entries, _ := f.GetRows(loc.T("export.sheet.entries"))
	if len(entries) < 1000 {
		t.Errorf("%d ledger rows", len(entries))
	}
}

// One list as CSV, in Vietnamese: BOM, ";" and the import's Vietnamese headers, ID numbers as text.
func TestExportCSV(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	file := filepath.Join(t.TempDir(), "ho-vay.csv")
	mustRun(t, "--db", db, "export", "borrowers", "-o", file, "--date", demo.Today.String(), "--lang", "vi")
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(raw), "\ufeff") {
		t.Error("no BOM")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\ufeff")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	loc := translations.New("vi")
	if recs[0][0] != loc.T("import.col.customer_code") || recs[0][4] != loc.T("import.col.id_number") || len(recs) != 501 {
		t.Fatalf("header %q, %d lines", recs[0], len(recs))
	}
	for _, rec := range recs[1:] {
		// ID numbers are text: 9 or 12 digits, a 12-digit one with its leading zero.
		if id := rec[4]; id != "" && len(id) != 9 && (len(id) != 12 || id[0] != '0') {
			t.Fatalf("ID number %q lost its leading zero", id)
		}
	}
}

func TestExportBadInput(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	out := filepath.Join(t.TempDir(), "x.xlsx")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "villages", "-o", out}, "There is no list “villages”"},
		{[]string{"export", "loans", "-o", out, "--format", "ods"}, "“ods”; choose xlsx or csv"},
		{[]string{"export", "loans", "-o", "list.txt"}, "“txt”; choose xlsx or csv"},
		{[]string{"export", "loans"}, "-o FILE.xlsx"},
		{[]string{"export", "all", "-o", "all.csv"}, "A CSV file holds one list"},
		{[]string{"export", "loans", "-o", out, "--lang", "de"}, "“de”"},
		{[]string{"export"}, "Usage: policycredit export"},
		{[]string{"export", "loans", "groups", "-o", out}, "Usage: policycredit export"},
		{[]string{"export", "loans", "-o", out, "--date", "2026-02-30"}, "2026-02-30"},
	} {
		r := runCLI(t, append([]string{"--db", db, "--lang", "en"}, c.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: want exit 2 with %q, got %v", c.args, c.want, r)
		}
		assertNoInternals(t, r)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused export left a file")
	}
	// In French too.
	r := runCLI(t, "--db", db, "--lang", "fr", "export", "all", "-o", "all.csv")
	if r.code != exitUsage || !strings.Contains(r.stderr, "Un fichier CSV ne contient qu’une liste") {
		t.Errorf("French refusal: %v", r)
	}
	// help lists the command.
	if r := mustRun(t, "--lang", "en", "help"); !strings.Contains(r.stdout, "export      write lists") {
		t.Errorf("help: %s", r.stdout)
	}
}
