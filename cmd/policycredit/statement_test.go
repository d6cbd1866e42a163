package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
	"policycredit/data/sqlite"
)

// demoHousehold is a household of the small demo office with a loan, and its group's code.
func demoHousehold(t *testing.T, db string) (data.Statement, string) {
	t.Helper()
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := logInTo(t, s, demoCredit)
	sts, err := s.Statements(ctx, data.StatementScope{CommuneID: 1}, demo.Today, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range sts {
		if len(st.Loans) > 0 && st.Household.GroupCode != "" {
			return st, st.Household.GroupCode
		}
	}
	t.Fatal("no household with a loan in commune 1")
	return data.Statement{}, ""
}

func TestReportStatementCustomer(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	st, _ := demoHousehold(t, db)
	on := demo.Today.String()
	r := mustRun(t, "--db", db, "report", "statement", "--date", on, "--customer", st.Household.Code, "--format", "json", "--lang", "en")
	var got struct {
		Customer         struct{ Code, Name string }
		Loans            []struct{ Contract string }
		TotalOutstanding int64 `json:"total_outstanding"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("%v\n%s", err, r)
	}
	if got.Customer.Code != st.Household.Code || got.Customer.Name != st.Household.Name ||
		got.TotalOutstanding != int64(st.Outstanding()) || len(got.Loans) != len(st.Loans) {
		t.Errorf("statement JSON %+v, want %s with %d", got, st.Household.Code, st.Outstanding())
	}

	pdf := filepath.Join(t.TempDir(), "s.pdf")
	r = mustRun(t, "--db", db, "report", "statement", "--date", on, "--customer", st.Household.Code, "-o", pdf, "--lang", "fr")
	if !strings.Contains(r.stdout, "écrit") {
		t.Errorf("no confirmation in French: %v", r)
	}
	if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Errorf("%s is not a PDF: %v", pdf, err)
	}
}

func TestReportStatementGroupSplit(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	_, group := demoHousehold(t, db)
	dir := filepath.Join(t.TempDir(), "group")
	r := mustRun(t, "--db", db, "--lang", "en", "report", "statement", "--date", demo.Today.String(), "--group", group, "--split", "-o", dir)
	files, err := os.ReadDir(dir)
	if err != nil || len(files) < 2 {
		t.Fatalf("%d files in %s: %v\n%v", len(files), dir, err, r)
	}
	for _, f := range files {
		if filepath.Ext(f.Name()) != ".pdf" {
			t.Errorf("unexpected file %s", f.Name())
		}
	}
	if !strings.Contains(r.stdout, "statements written to "+dir) {
		t.Errorf("confirmation: %v", r)
	}
}

func TestReportStatementBadInput(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bad customer", []string{"--customer", "NO-SUCH", "--date", "2026-01-10", "--format", "json"}, 1, "NO-SUCH does not exist"},
		{"bad date", []string{"--customer", "X", "--date", "2026-02-30", "--format", "json"}, 2, "Invalid option --date: “2026-02-30” is not a date"},
		{"no date", []string{"--customer", "X", "--format", "json"}, 2, "--date"},
		{"two scopes", []string{"--customer", "X", "--group", "T", "--date", "2026-01-10", "--format", "json"}, 2, "exactly one"},
		{"split one", []string{"--customer", "X", "--date", "2026-01-10", "--split", "-o", "x"}, 2, "--split"},
		{"pdf to stdout", []string{"--group", "T", "--date", "2026-01-10"}, 2, "-o FILE.pdf"},
		{"bad group", []string{"--group", "NO-GROUP", "--date", "2026-01-10", "--format", "csv"}, 1, "NO-GROUP does not exist"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, append([]string{"--db", db, "--lang", "en", "report", "statement"}, c.args...)...)
			if r.code != c.code || !strings.Contains(r.stderr, c.want) {
				t.Errorf("want exit %d and %q, got %v", c.code, c.want, r)
			}
			assertNoInternals(t, r)
		})
	}
}
