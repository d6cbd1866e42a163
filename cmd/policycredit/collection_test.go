package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"policycredit/data"
)

type collectionListJSON struct {
	Point  struct{ Code string }
	Date   string
	Groups []struct {
		Code    string
		Members []struct {
			Customer     string
			PrincipalDue int64 `json:"principal_due"`
			InterestDue  int64 `json:"interest_due"`
			PenaltyDue   int64 `json:"penalty_due"`
			Savings      int64
		}
	}
	Totals struct {
		Members      int
		PrincipalDue int64 `json:"principal_due"`
		InterestDue  int64 `json:"interest_due"`
	}
}

func collectionJSON(t *testing.T, db string, args ...string) collectionListJSON {
	t.Helper()
	r := mustRun(t, append([]string{"--db", db, "--lang", "en", "collection", "list", "--format", "json"}, args...)...)
	var out collectionListJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v\n%s", err, r)
	}
	return out
}

// fillCSV fills the paid columns of the first group's rows with what is due; bad, when set,
// is written into the first row's principal paid.
func fillCSV(t *testing.T, in, out string, bad string) int {
	t.Helper()
	raw, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\ufeff")))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	group, filled := rows[1][2], 0
	for i, row := range rows[1:] {
		if row[2] != group {
			continue
		}
		row[9], row[10], row[11] = row[5], row[6], row[7]
		if i == 0 && bad != "" {
			row[9] = bad
		}
		filled++
	}
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return filled
}

func TestCollectionListPostReverse(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "office.db")
	copyDB(t, smallDB(t), db)
	s := openForTest(t, db)
	points, err := s.Points(t.Context(), 0)
	s.Close()
	if err != nil || len(points) == 0 {
		t.Fatalf("points %v %v", points, err)
	}
	point := points[0].Code
	dayText := data.NextPointDay(points[0].Day, data.MustDate("2026-11-20")).String()
	pinWorkingDate(t, db, data.MustDate(dayText)) // the day may be after the day the test runs

	before := collectionJSON(t, db, "--point", point, "--date", dayText)
	if before.Point.Code != point || before.Date != dayText || len(before.Groups) == 0 || before.Totals.InterestDue == 0 {
		t.Fatalf("list %+v", before)
	}

	pdf := filepath.Join(dir, "list.pdf")
	mustRun(t, "--db", db, "--lang", "vi", "collection", "list", "--point", point, "--date", dayText, "-o", pdf)
	if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("no PDF written: %v", err)
	}

	list, filled := filepath.Join(dir, "list.csv"), filepath.Join(dir, "filled.csv")
	mustRun(t, "--db", db, "--lang", "en", "collection", "list", "--point", point, "--date", dayText, "-o", list)

	// A bad amount on one row: nothing is posted, the line is named.
	fillCSV(t, list, filled, "12abc")
	r := runCLI(t, "--db", db, "--lang", "en", "collection", "post", filled)
	if r.code != exitFailed || !strings.Contains(r.stdout, "line 2:") || !strings.Contains(r.stdout, "Principal collected") {
		t.Fatalf("a bad row: %v", r)
	}
	if after := collectionJSON(t, db, "--point", point, "--date", dayText); after.Totals != before.Totals {
		t.Fatalf("a refused file changed the list: %+v → %+v", before.Totals, after.Totals)
	}

	// Filled in as due: the first group owes nothing more.
	n := fillCSV(t, list, filled, "")
	r = mustRun(t, "--db", db, "--lang", "en", "collection", "post", filled, "--ref", "TEST-1")
	if !strings.Contains(r.stdout, "Batch TEST-1 posted") {
		t.Fatalf("post: %v", r)
	}
	after := collectionJSON(t, db, "--point", point, "--date", dayText)
	for _, g := range after.Groups {
		if g.Code == before.Groups[0].Code {
			for _, m := range g.Members {
				if m.PrincipalDue+m.InterestDue+m.PenaltyDue != 0 {
					t.Errorf("%s still owes after paying as due (%d rows posted)", m.Customer, n)
				}
			}
		}
	}
	var day struct {
		Batches []string
		Totals  struct{ Interest int64 }
	}
	r = mustRun(t, "--db", db, "collection", "day", "--point", point, "--date", dayText)
	if err := json.Unmarshal([]byte(r.stdout), &day); err != nil || len(day.Batches) != 1 || day.Batches[0] != "TEST-1" || day.Totals.Interest == 0 {
		t.Errorf("day report %+v %v\n%s", day, err, r)
	}
	dayPDF := filepath.Join(dir, "day.pdf")
	mustRun(t, "--db", db, "collection", "day", "--point", point, "--date", dayText, "-o", dayPDF)
	if b, err := os.ReadFile(dayPDF); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Errorf("no day PDF: %v", err)
	}
	if r := runCLI(t, "--db", db, "collection", "post", filled, "--ref", "TEST-1"); r.code != exitFailed {
		t.Errorf("the same reference twice: %v", r)
	}

	// Reversed as a whole: the list is as before.
	if r := runCLI(t, "--db", db, "--lang", "en", "collection", "reverse", "TEST-1"); r.code != exitUsage {
		t.Errorf("reverse without a reason: %v", r)
	}
	mustRun(t, "--db", db, "--lang", "en", "collection", "reverse", "TEST-1", "--reason", "wrong group")
	if again := collectionJSON(t, db, "--point", point, "--date", dayText); again.Totals != before.Totals {
		t.Errorf("after the reversal %+v, before %+v", again.Totals, before.Totals)
	}
	mustRun(t, "--db", db, "check")
}

func TestCollectionCommandLineErrors(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"collection"}, exitUsage, "collection list --point"},
		{[]string{"collection", "list"}, exitUsage, "--point"},
		{[]string{"collection", "list", "--point", "NOPE"}, exitFailed, "Transaction point"},
		{[]string{"collection", "list", "--point", "X", "--format", "xls"}, exitUsage, "xls"},
		{[]string{"collection", "list", "--point", "X", "--format", "pdf"}, exitUsage, "-o FILE.pdf"},
		{[]string{"collection", "post", "/no/such/file.csv"}, exitFailed, "file.csv"},
		{[]string{"collection", "burn"}, exitUsage, "collection burn"},
	} {
		r := runCLI(t, append([]string{"--db", db, "--lang", "en"}, c.args...)...)
		if r.code != c.code || !strings.Contains(r.stdout+r.stderr, c.want) {
			t.Errorf("%q: want exit %d with %q, got %v", c.args, c.code, c.want, r)
		}
		assertNoInternals(t, r)
	}
}
