package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
	"policycredit/data/sqlite"
)

// pinWorkingDate fixes the office's working date, so that a test posting on a day after the
// day it runs is not refused as a posting ahead of today.
func pinWorkingDate(t *testing.T, db string, on data.Date) {
	t.Helper()
	s := openForTest(t, db)
	defer s.Close()
	ctx := logInTo(t, s, demoDirector)
	set, err := s.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set.WorkingDate = on
	if err := s.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
}

// dumpDB renders every row of every table, to assert that refused changes wrote nothing.
func dumpDB(t *testing.T, db string) string {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	var b strings.Builder
	for _, table := range tables {
		rows, err := conn.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		fmt.Fprintf(&b, "== %s\n", table)
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
	}
	return b.String()
}

// monthReports are the JSON reports of the office on a month's last day: office, overdue, and
// for every commune its summary, statement and overdue list, and for every point its
// disclosure list.
func monthReports(t *testing.T, db string, day string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, args := range officeReports(t, db) {
		if args[1] == "meeting" || args[0] == "collection" {
			continue // the meeting keeps Overview snapshots; collection lists look ahead
		}
		args = onDate(args, day)
		out[strings.Join(args, " ")] = reportOutput(t, db, args)
	}
	return out
}

// refused runs a command that a closed month must refuse: exit 1, the month named.
func refused(t *testing.T, month string, args ...string) {
	t.Helper()
	r := runCLI(t, args...)
	if r.code != exitFailed || !strings.Contains(r.stdout+r.stderr, month) {
		t.Errorf("%q: want exit 1 naming %s, got %v", args, month, r)
	}
	assertNoInternals(t, r)
}

func TestClosedMonthReportsNeverChange(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := smallDB(t)
	const day = "2026-10-31"
	before := monthReports(t, db, day)
	r := mustRun(t, "--db", db, "--lang", "en", "close", "--month", "2026-10")
	if !strings.Contains(r.stdout, "to 2026-10") || !strings.Contains(r.stdout, "31 Oct 2026") {
		t.Errorf("close: %v", r)
	}
	dump := dumpDB(t, db)

	// A loan with a balance and an installment still to come, and one of its entries.
	s := openForTest(t, db)
	ctx := logInTo(t, s, demoCredit)
	ps, err := s.Positions(ctx, sqlite.PositionScope{}, data.MustDate(day))
	if err != nil {
		t.Fatal(err)
	}
	var lp sqlite.LoanPosition
	for _, p := range ps {
		if p.Position.Current > 2_000_000 && len(p.Position.Installments) > 2 && p.Loan.Status == data.LoanActive {
			lp = p
			break
		}
	}
	book, err := s.LoanBook(ctx, lp.Loan.ID)
	if err != nil || len(book.Entries) == 0 {
		t.Fatalf("loan %+v: %v", lp.Loan, err)
	}
	customer, err := s.Borrower(ctx, lp.Loan.BorrowerID)
	if err != nil {
		t.Fatal(err)
	}
	points, err := s.Points(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Store paths with no command of their own yet: reversal of an old entry, reschedule,
	// extension, a program rate dated in the month, an import of entries.
	// Each change by a user whose role makes it: refused for the month before any request.
	_, err = s.ReverseEntry(logInTo(t, s, demoAccountant), book.Entries[0].ID, data.MustDate("2026-11-20"), "entered twice")
	if e := data.ForField(err, "entry.reverses"); e == nil || e.Rule != "month_closed" {
		t.Errorf("reversal of an entry of a closed month: %v", err)
	}
	var next data.InstallmentPosition
	for _, in := range lp.Position.Installments {
		if in.Due.After(data.MustDate(day)) {
			next = in
			break
		}
	}
	for _, e := range []data.Entry{
		{LoanID: lp.Loan.ID, Kind: data.EntryReschedule, ValueDate: data.MustDate("2026-10-20"), Installment: next.No, NewDate: next.Due.AddDays(20)},
		{LoanID: lp.Loan.ID, Kind: data.EntryExtend, ValueDate: data.MustDate("2026-10-20"), NewDate: lp.Position.Maturity.AddMonths(6), Decision: "QĐ 7"},
	} {
		if err := s.Post(ctx, &e); data.ForField(err, "entry.value_date") == nil || data.ForField(err, "entry.value_date").Rule != "month_closed" {
			t.Errorf("%s in a closed month: %v", e.Kind, err)
		}
	}
	if err := s.AddRatePeriod(logInTo(t, s, demoDirector), data.RatePeriod{ProgramCode: "01", Effective: data.MustDate("2026-10-01"), Rate: 5000}); data.ForField(err, "rate.effective") == nil {
		t.Errorf("rate period in a closed month: %v", err)
	}
	res, err := s.Import(ctx, &data.ImportBatch{Entries: []data.ImportEntry{{Origin: data.Origin{Sheet: "so.csv", Line: 2},
		Entry:    data.Entry{Kind: data.EntryInterest, ValueDate: data.MustDate("2026-10-10"), Amount: 1_000},
		Contract: lp.Loan.Contract, CustomerCode: customer.Code}}}, data.ImportOptions{})
	if err != nil || res.Written || len(res.Problems) != 1 || data.ForField(res.Problems[0].Err, "entry.value_date") == nil {
		t.Errorf("import of an entry in a closed month: %+v %v", res, err)
	}
	s.Close()

	// Command-line paths: payment, freeze, write-off, loan opened in the month, a file of
	// entries, a collection batch; in each language the refusal names the month.
	c := lp.Loan.Contract
	for _, lang := range []string{"vi", "en", "fr"} {
		refused(t, "2026-10", "--db", db, "--lang", lang, "loan", "post", "--contract", c, "--date", "2026-10-15", "--kind", "payment", "--amount", "100000")
	}
	refused(t, "2026-10", "--db", db, "loan", "post", "--contract", c, "--date", "2026-10-20", "--kind", "freeze", "--amount", "1000000", "--decision", "QĐ 8")
	refused(t, "2026-09", "--db", db, "loan", "post", "--contract", c, "--date", "2026-09-30", "--kind", "writeoff", "--amount", "1000", "--decision", "QĐ 9")
	refused(t, "2026-10", "--db", db, "loan", "open", "--contract", "HD-MOI-1", "--customer", customer.Code, "--program", "01",
		"--amount", "10000000", "--date", "2026-10-05", "--term", "24")
	file := filepath.Join(dir, "entries.csv")
	os.WriteFile(file, []byte("date,contract,kind,amount\n2026-10-10,"+c+",deposit,50000\n"), 0o644)
	refused(t, "2026-10", "--db", db, "post", file)
	if dumpDB(t, db) != dump {
		t.Fatal("a refused change altered the database")
	}
	list, filled := filepath.Join(dir, "list.csv"), filepath.Join(dir, "filled.csv")
	octDay := data.NextPointDay(points[0].Day, data.MustDate("2026-10-01")).String()
	mustRun(t, "--db", db, "--lang", "en", "collection", "list", "--point", points[0].Code, "--date", octDay, "-o", list)
	dump = dumpDB(t, db) // the list written is audited as an export of personal data
	fillCSV(t, list, filled, "")
	refused(t, "2026-10", "--db", db, "--lang", "en", "collection", "post", filled)

	if dumpDB(t, db) != dump {
		t.Fatal("a refused change altered the database")
	}
	after := monthReports(t, db, day)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s changed after the month was closed", k)
		}
	}
	// Reopened with a reason, the month takes entries again.
	if r := runCLI(t, "--db", db, "reopen", "--month", "2026-10"); r.code != exitUsage {
		t.Errorf("reopen without a reason: %v", r)
	}
	mustRun(t, "--db", db, "--lang", "en", "reopen", "--month", "2026-09", "--reason", "late receipts")
	mustRun(t, "--db", db, "--lang", "en", "post", file)
}

func TestCloseCommandLine(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "office.db")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"close"}, exitUsage, "--month"},
		{[]string{"close", "--month", "2026-13"}, exitUsage, "2026-13"},
		{[]string{"close", "--month", "2026"}, exitUsage, "2026"},
		{[]string{"reopen", "--month", "2026-01"}, exitUsage, "--reason"},
		{[]string{"reopen", "--reason", "x"}, exitUsage, "--month"},
		{[]string{"close", "--month", "2999-01"}, exitFailed, "cannot be closed"},
		{[]string{"reopen", "--month", "2026-01", "--reason", "x"}, exitFailed, "not closed"},
	} {
		r := runCLI(t, append([]string{"--db", db, "--lang", "en"}, c.args...)...)
		if r.code != c.code || !strings.Contains(r.stdout+r.stderr, c.want) {
			t.Errorf("%q: want exit %d with %q, got %v", c.args, c.code, c.want, r)
		}
	}
	r := mustRun(t, "--db", db, "--lang", "en", "close", "--month", "2026-01")
	if !strings.Contains(r.stdout, "Closed 2026-01") {
		t.Errorf("close: %v", r)
	}
	if r := runCLI(t, "--db", db, "--lang", "en", "close", "--month", "2026-01"); r.code != exitFailed || !strings.Contains(r.stderr, "already closed") {
		t.Errorf("closing twice: %v", r)
	}
}

func TestPostingDatesAndFilesTwice(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := smallDB(t)
	pinWorkingDate(t, db, data.MustDate("2026-11-20"))
	s := openForTest(t, db)
	contracts := sampleContracts(t, s, 1)
	s.Close()
	c := contracts[0]

	// After the working date, or before the first rate period: refused, the range named.
	for _, d := range []string{"2026-11-21", "9999-12-31", "1900-01-01"} {
		r := runCLI(t, "--db", db, "--lang", "en", "loan", "post", "--contract", c, "--date", d, "--kind", "interest", "--amount", "1000")
		if r.code != exitFailed || !strings.Contains(r.stderr, "between 1 Jan 2000 and 20 Nov 2026") {
			t.Errorf("dated %s: %v", d, r)
		}
	}

	file := filepath.Join(dir, "entries.csv")
	os.WriteFile(file, []byte("date,contract,kind,amount\n2026-11-20,"+c+",interest,1\n"), 0o644)
	mustRun(t, "--db", db, "--lang", "en", "post", file)
	dump := dumpDB(t, db)
	for _, lang := range []string{"vi", "en", "fr"} {
		r := runCLI(t, "--db", db, "--lang", lang, "post", file)
		if r.code != exitFailed || !strings.Contains(r.stderr, "#") || !strings.Contains(r.stdout, "--again --reason") {
			t.Errorf("%s: the same file twice: %v", lang, r)
		}
	}
	if r := runCLI(t, "--db", db, "post", file, "--again"); r.code != exitUsage || !strings.Contains(r.stderr, "--reason") {
		t.Errorf("--again without a reason: %v", r)
	}
	if r := runCLI(t, "--db", db, "post", file, "--reason", "x"); r.code != exitUsage || !strings.Contains(r.stderr, "--again") {
		t.Errorf("--reason without --again: %v", r)
	}
	if dumpDB(t, db) != dump {
		t.Fatal("a refused file altered the database")
	}
	mustRun(t, "--db", db, "--lang", "en", "post", file, "--again", "--reason", "the receipt was posted twice on paper")
}

func TestDemoClosedUntil(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "demo.db")
	if r := runCLI(t, "--db", db, "demo", "--closed-until", "2026-1"); r.code != exitUsage {
		t.Errorf("a bad month: %v", r)
	}
	r := mustRun(t, "--db", db, "--lang", "en", "demo", "--until", demo.TodayISO, "--closed-until", "2026-06")
	if !strings.Contains(r.stdout, "to 2026-06") {
		t.Errorf("demo: %v", r)
	}
	s := openForTest(t, db)
	defer s.Close()
	m, err := s.ClosedThrough(context.Background())
	if err != nil || m.String() != "2026-06" {
		t.Errorf("closed through %v %v", m, err)
	}
}
