package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/data/sqlite"
)

// loanShow runs `loan show --json` and decodes it.
func loanShow(t *testing.T, db, contract, date string) loanJSON {
	t.Helper()
	r := mustRun(t, "--db", db, "loan", "show", "--contract", contract, "--date", date, "--json")
	var j loanJSON
	if err := json.Unmarshal([]byte(r.stdout), &j); err != nil {
		t.Fatalf("loan show --json: %v\n%s", err, r.stdout)
	}
	return j
}

// newOfficeWithBorrower copies the small demo office and returns it with an active borrower's code.
func newOfficeWithBorrower(t *testing.T) (db, customer string) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "office.db")
	copyDB(t, smallDB(t), db)
	return db, borrowersJSON(t, db, "--search", "nguyen")[0].Code
}

func TestLoanOpenPostShow(t *testing.T) {
	t.Parallel()
	db, customer := newOfficeWithBorrower(t)
	r := mustRun(t, "--db", db, "--lang", "en", "loan", "open", "--contract", "TEST/2026/1", "--customer", customer,
		"--program", "01", "--amount", "30000000", "--date", "2026-01-10", "--term", "36", "--every", "6")
	if !strings.Contains(r.stdout, "TEST/2026/1") {
		t.Fatalf("loan open says %q", r.stdout)
	}
	// 30,000,000 at 0.52 %/month from 10 Jan to 10 Feb: 31 days × 30,000,000 × 0.0052 / 30 = 161,200.
	j := loanShow(t, db, "TEST/2026/1", "2026-02-10")
	if j.Principal.Current != 30_000_000 || j.Principal.Total != 30_000_000 || j.InterestDue != 161_200 {
		t.Fatalf("position on 2026-02-10: %+v", j)
	}
	if len(j.Installments) != 6 || j.Installments[0].Due != "2026-07-10" || j.Installments[0].Principal != 5_000_000 {
		t.Fatalf("schedule: %+v", j.Installments)
	}
	mustRun(t, "--db", db, "loan", "post", "--contract", "TEST/2026/1", "--date", "2026-02-10", "--kind", "interest", "--amount", "161200", "--ref", "PT-01")
	j = loanShow(t, db, "TEST/2026/1", "2026-02-10")
	if j.InterestDue != 0 || len(j.Entries) != 2 || j.Entries[1].Kind != "interest" || j.Entries[1].Ref != "PT-01" {
		t.Fatalf("after paying the month's interest: %+v", j)
	}
	// A payment split by the engine: interest first, the rest on principal.
	// Interest 10 Feb → 10 Mar: 28 days × 30,000,000 × 0.0052 / 30 = 145,600.
	mustRun(t, "--db", db, "loan", "post", "--contract", "TEST/2026/1", "--date", "2026-03-10", "--kind", "payment", "--amount", "1145600")
	j = loanShow(t, db, "TEST/2026/1", "2026-03-10")
	if j.InterestDue != 0 || j.Principal.Total != 29_000_000 {
		t.Fatalf("after a 1,145,600 payment: %+v", j)
	}
	// Overpaying is refused and nothing changes.
	r = runCLI(t, "--db", db, "--lang", "en", "loan", "post", "--contract", "TEST/2026/1", "--date", "2026-03-10", "--kind", "principal", "--amount", "40000000")
	if r.code != 1 || r.stdout != "" || r.stderr == "" {
		t.Fatalf("overpayment: %v", r)
	}
	assertNoInternals(t, r)
	if again := loanShow(t, db, "TEST/2026/1", "2026-03-10"); again.Principal.Total != 29_000_000 {
		t.Fatalf("a refused payment changed the loan: %+v", again)
	}
	mustRun(t, "--db", db, "check")
}

func TestLoanCommandLineErrors(t *testing.T) {
	t.Parallel()
	db, customer := newOfficeWithBorrower(t)
	for _, args := range [][]string{
		{"loan"},
		{"loan", "close"},
		{"loan", "open", "--contract", "X"},
		{"loan", "post", "--contract", "X", "--date", "2026-01-01", "--kind", "gift", "--amount", "1"},
		{"loan", "post", "--contract", "X", "--date", "01/01/2026", "--kind", "interest", "--amount", "1"},
		{"loan", "show"},
		{"post"},
	} {
		r := runCLI(t, append([]string{"--db", db, "--lang", "en"}, args...)...)
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "Usage") {
			t.Errorf("%q: want exit 2 with usage, got %v", args, r)
		}
	}
	// A rule of the engine: the amount over the program's maximum names the field.
	r := runCLI(t, "--db", db, "--lang", "en", "loan", "open", "--contract", "BIG/1", "--customer", customer,
		"--program", "01", "--amount", "150000000", "--date", "2026-01-10", "--term", "36")
	if r.code != 1 || !strings.Contains(r.stderr, "100,000,000") {
		t.Errorf("amount over the maximum: %v", r)
	}
	assertNoInternals(t, r)
}

func TestPostCSVAllOrNothingWithLineNumbers(t *testing.T) {
	t.Parallel()
	db, customer := newOfficeWithBorrower(t)
	mustRun(t, "--db", db, "loan", "open", "--contract", "CSV/1", "--customer", customer,
		"--program", "19", "--amount", "20000000", "--date", "2026-01-05", "--term", "24")
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("date,contract,kind,amount,ref\n"+
		"2026-02-05,CSV/1,interest,10000,R1\n"+ // fine
		"2026-02-05,NOPE/9,interest,10000,R2\n"+ // unknown contract
		"2026-02-30,CSV/1,interest,10000,R3\n"+ // no such date
		"2026-02-05,CSV/1,principal,99000000,R4\n"), 0o644); err != nil { // more than owed
		t.Fatal(err)
	}
	r := runCLI(t, "--db", db, "--lang", "en", "post", bad)
	if r.code != 1 {
		t.Fatalf("a file with bad lines: %v", r)
	}
	for _, line := range []string{"line 3", "line 4", "line 5"} {
		if !strings.Contains(r.stdout, line) {
			t.Errorf("the report does not name %s:\n%s", line, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "line 2:") {
		t.Errorf("the good line 2 is reported as bad:\n%s", r.stdout)
	}
	assertNoInternals(t, r)
	if j := loanShow(t, db, "CSV/1", "2026-02-05"); len(j.Entries) != 1 {
		t.Fatalf("a refused file posted something: %+v", j.Entries)
	}
	good := filepath.Join(dir, "good.csv")
	// Interest 5 Jan → 5 Feb on 20,000,000 at 0.624 %: 31 × 20,000,000 × 0.00624 / 30 = 128,960.
	if err := os.WriteFile(good, []byte("2026-02-05,CSV/1,interest,128960,R1\n2026-02-05,CSV/1,deposit,50000,R2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = mustRun(t, "--db", db, "--lang", "en", "post", good)
	if j := loanShow(t, db, "CSV/1", "2026-02-05"); j.InterestDue != 0 {
		t.Fatalf("after the good file: %+v", j)
	}
}

// On demo data, the position `loan show` reports agrees with the ledger it lists.
func TestLoanShowAgreesWithLedgerOnDemo(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	s := openForTest(t, db)
	loans := sampleContracts(t, s, 40)
	s.Close()
	for _, c := range loans {
		j := loanShow(t, db, c, "2026-11-20")
		var lent, repaid data.Dong
		reversed := false
		for _, e := range j.Entries {
			switch e.Kind {
			case "disburse":
				lent += e.Amount
			case "principal", "writeoff":
				repaid += e.Amount
			case "reversal":
				reversed = true
			}
		}
		if reversed {
			continue // the JSON entries do not say which entry a reversal cancels
		}
		if j.Principal.Total != lent-repaid {
			t.Errorf("%s: principal %d, ledger says %d − %d", c, j.Principal.Total, lent, repaid)
		}
		if j.Principal.Current+j.Principal.Overdue+j.Principal.Frozen != j.Principal.Total {
			t.Errorf("%s: parts do not add up: %+v", c, j.Principal)
		}
	}
}

func openForTest(t *testing.T, db string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sampleContracts picks every k-th loan of the office's first commune, up to n.
func sampleContracts(t *testing.T, s *sqlite.Store, n int) []string {
	t.Helper()
	ps, err := s.Positions(logInTo(t, s, demoCredit), sqlite.PositionScope{}, data.MustDate("2026-11-20"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	step := len(ps)/n + 1
	for i := 0; i < len(ps) && len(out) < n; i += step {
		out = append(out, ps[i].Loan.Contract)
	}
	return out
}
