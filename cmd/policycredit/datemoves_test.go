package main

import (
	"strconv"
	"strings"
	"testing"

	"policycredit/data"
)

// refusedIn runs args in each language and wants exit 1 with the message part for that
// language on stderr and nothing on stdout.
func refusedIn(t *testing.T, db string, want map[string]string, args ...string) {
	t.Helper()
	for lang, part := range want {
		r := runCLI(t, append([]string{"--db", db, "--lang", lang}, args...)...)
		if r.code != exitFailed || r.stdout != "" || !strings.Contains(r.stderr, part) {
			t.Errorf("%s %q: want exit 1 saying %q, got %v", lang, args, part, r)
		}
		assertNoInternals(t, r)
	}
}

// TestLoanRescheduleExtendReverse: the audit's ways of erasing overdue debt are refused on the
// command line with the rule in every language, the allowed moves are posted, and any single
// entry can be reversed by its number.
func TestLoanRescheduleExtendReverse(t *testing.T) {
	t.Parallel()
	db, customer := newOfficeWithBorrower(t)
	// 12,000,000 on 2024-01-10 for 12 months, quarterly: 3,000,000 due 2024-04-10, 07-10,
	// 10-10 and 2025-01-10.
	mustRun(t, "--db", db, "loan", "open", "--contract", "TEST/R/1", "--customer", customer, "--program", "01",
		"--amount", "12000000", "--date", "2024-01-10", "--term", "12", "--every", "3")
	c := []string{"--contract", "TEST/R/1"}
	// Each move is posted on its own day, as the desk does: the working date is its date. (A
	// move posted after the date it moves is refused whatever its date: the store's tests.)
	resched := func(no int, to, date string) []string {
		pinWorkingDate(t, db, data.MustDate(date))
		return append(append([]string{"loan", "reschedule"}, c...), "--installment", strconv.Itoa(no), "--to", to,
			"--date", date, "--decision", "QĐ-5/2024")
	}
	extend := func(to, date string) []string {
		pinWorkingDate(t, db, data.MustDate(date))
		return append(append([]string{"loan", "extend"}, c...), "--to", to, "--date", date, "--decision", "QĐ-9/2024")
	}

	// 25 days after installment 1 fell due.
	refusedIn(t, db, map[string]string{"en": "never once any of it is overdue", "vi": "không được khi đã quá hạn",
		"fr": "jamais une fois en retard"}, resched(1, "2024-07-10", "2024-05-05")...)
	if j := loanShow(t, db, "TEST/R/1", "2024-05-05"); j.Principal.Overdue != 3_000_000 || j.Installments[0].Due != "2024-04-10" {
		t.Fatalf("a refused reschedule changed the loan: %+v", j)
	}

	// On time: installment 2 to its limit, then installment 1 twice, the second time beyond one
	// period (3 months) from its original due date.
	r := mustRun(t, append([]string{"--db", db, "--lang", "en"}, resched(2, "2024-10-10", "2024-04-01")...)...)
	// A reschedule is a request: the accountant made it, the director approved it.
	if !strings.Contains(r.stdout, "reschedule or extend a loan, TEST/R/1") || !strings.Contains(r.stdout, "approved") {
		t.Errorf("reschedule says %q", r.stdout)
	}
	mustRun(t, append([]string{"--db", db}, resched(1, "2024-06-10", "2024-04-02")...)...)
	refusedIn(t, db, map[string]string{"en": "at most one installment period", "vi": "tối đa một kỳ hạn trả nợ",
		"fr": "au plus une période"}, resched(1, "2024-08-10", "2024-06-01")...)
	j := loanShow(t, db, "TEST/R/1", "2024-06-01")
	if in := j.Installments[0]; in.Due != "2024-06-10" || in.OriginalDue != "2024-04-10" || in.No != 1 {
		t.Fatalf("installment 1 after the reschedule: %+v", in)
	}
	if in := j.Installments[1]; in.Due != "2024-10-10" || in.OriginalDue != "2024-07-10" {
		t.Fatalf("installment 2 after the reschedule: %+v", in)
	}

	// Extensions: never after maturity, at most 12 months from the original maturity in all.
	refusedIn(t, db, map[string]string{"en": "never once the loan is overdue", "vi": "không được khi khoản vay đã quá hạn",
		"fr": "jamais une fois le prêt en retard"}, extend("2025-07-10", "2025-03-01")...)
	mustRun(t, append([]string{"--db", db}, extend("2025-07-10", "2025-01-05")...)...)
	refusedIn(t, db, map[string]string{"en": "at most 12 month(s)", "vi": "tối đa 12 tháng", "fr": "au plus 12"},
		extend("2026-03-10", "2025-07-01")...)
	mustRun(t, append([]string{"--db", db}, extend("2026-01-10", "2025-07-01")...)...)

	// A decision is required: a usage error, before the data file is touched.
	r = runCLI(t, "--db", db, "--lang", "en", "loan", "extend", "--contract", "TEST/R/1", "--to", "2026-01-10", "--date", "2025-07-01")
	if r.code != exitUsage || !strings.Contains(r.stderr, "--decision") {
		t.Errorf("extend without --decision: %v", r)
	}

	// Reverse the reschedule of installment 1 by its number.
	j = loanShow(t, db, "TEST/R/1", "2024-06-01")
	var id int64
	for _, e := range j.Entries {
		if e.Kind == "reschedule" && e.Date == "2024-04-02" {
			id = e.ID
		}
	}
	if id == 0 {
		t.Fatalf("no numbered reschedule entry in %+v", j.Entries)
	}
	rev := []string{"loan", "reverse", "--entry", strconv.FormatInt(id, 10), "--date", "2024-04-05", "--reason", "nhập sai"}
	r = mustRun(t, append([]string{"--db", db, "--lang", "en"}, rev...)...)
	if !strings.Contains(r.stdout, "entry "+strconv.FormatInt(id, 10)+", as asked by ketoan") {
		t.Errorf("loan reverse says %q", r.stdout)
	}
	if j := loanShow(t, db, "TEST/R/1", "2024-05-01"); j.Installments[0].Due != "2024-04-10" {
		t.Errorf("after the reversal installment 1 falls due on %s, want 2024-04-10", j.Installments[0].Due)
	}
	refusedIn(t, db, map[string]string{"en": "already", "vi": "đã", "fr": "déjà"}, rev...)
	if r := runCLI(t, "--db", db, "--lang", "en", "loan", "reverse", "--entry", "1", "--date", "2024-04-05"); r.code != exitUsage {
		t.Errorf("reverse without --reason: %v", r)
	}
	mustRun(t, "--db", db, "check")
}

// TestLoanPostWriteOffInterest: writeoff_interest needs a decision, takes no more than the
// interest and penalty due, and a loan written off in full reads written off.
func TestLoanPostWriteOffInterest(t *testing.T) {
	t.Parallel()
	db, customer := newOfficeWithBorrower(t)
	mustRun(t, "--db", db, "loan", "open", "--contract", "TEST/W/1", "--customer", customer, "--program", "01",
		"--amount", "12000000", "--date", "2024-01-10", "--term", "12", "--every", "3")
	post := func(kind, amount, decision string) []string {
		args := []string{"loan", "post", "--contract", "TEST/W/1", "--date", "2024-09-01", "--kind", kind, "--amount", amount}
		if decision != "" {
			args = append(args, "--decision", decision)
		}
		return args
	}
	j := loanShow(t, db, "TEST/W/1", "2024-09-01")
	due := j.InterestDue + j.PenaltyDue
	if j.PenaltyDue <= 0 || j.InterestDue <= 0 {
		t.Fatalf("want interest and penalty due on 2024-09-01: %+v", j)
	}
	dueText := strconv.FormatInt(int64(due), 10)
	refusedIn(t, db, map[string]string{"en": "Decision", "vi": "Văn bản quyết định", "fr": "Décision"}, post("writeoff_interest", dueText, "")...)
	refusedIn(t, db, map[string]string{"en": "more than the interest and penalty due", "vi": "lớn hơn số lãi và lãi phạt",
		"fr": "dépasse les intérêts"}, post("writeoff_interest", strconv.FormatInt(int64(due)+1, 10), "QĐ-X/2024")...)

	mustRun(t, append([]string{"--db", db}, post("writeoff", "12000000", "QĐ-X/2024")...)...)
	if l := loanStatus(t, db, "TEST/W/1"); l != "active" {
		t.Errorf("principal written off, interest still due: status %s, want active", l)
	}
	mustRun(t, append([]string{"--db", db}, post("writeoff_interest", dueText, "QĐ-X/2024")...)...)
	j = loanShow(t, db, "TEST/W/1", "2024-12-01")
	if j.InterestDue != 0 || j.PenaltyDue != 0 || j.Principal.Total != 0 {
		t.Fatalf("after the write-offs: %+v", j)
	}
	for _, in := range j.Installments {
		if in.Status != "written_off" {
			t.Errorf("installment %d reads %s, want written_off", in.No, in.Status)
		}
	}
	if l := loanStatus(t, db, "TEST/W/1"); l != "written_off" {
		t.Errorf("status %s, want written_off", l)
	}
	r := mustRun(t, "--db", db, "--lang", "en", "loan", "show", "--contract", "TEST/W/1", "--date", "2024-12-01")
	if !strings.Contains(r.stdout, "Written off") || !strings.Contains(r.stdout, "Interest write-off") {
		t.Errorf("loan show:\n%s", r.stdout)
	}
	mustRun(t, "--db", db, "check")
}

// loanStatus reads a loan's status from the store.
func loanStatus(t *testing.T, db, contract string) string {
	t.Helper()
	s := openForTest(t, db)
	defer s.Close()
	l, err := s.LoanByContract(t.Context(), contract)
	if err != nil {
		t.Fatal(err)
	}
	return string(l.Status)
}

// TestSavingsCredit: the half-yearly credit on its two dates only, once per date.
func TestSavingsCredit(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	refusedIn(t, db, map[string]string{"en": "30 June", "vi": "30/6", "fr": "30 juin"}, "savings", "credit", "--date", "2026-06-29")
	if r := runCLI(t, "--db", db, "--lang", "en", "savings", "credit"); r.code != exitUsage || !strings.Contains(r.stderr, "--date") {
		t.Errorf("savings credit without --date: %v", r)
	}
	// The demo office credited every half-year up to its last day (2026-11-20) already.
	r := mustRun(t, "--db", db, "--lang", "en", "savings", "credit", "--date", "2025-12-31")
	if !strings.Contains(r.stdout, "already credited") {
		t.Errorf("a credited date: %q", r.stdout)
	}
	pinWorkingDate(t, db, data.MustDate("2026-12-31")) // the day may be after the day the test runs
	r = mustRun(t, "--db", db, "--lang", "en", "savings", "credit", "--date", "2026-12-31")
	if !strings.Contains(r.stdout, "Savings interest credited") || strings.Contains(r.stdout, " 0 account") {
		t.Errorf("first credit: %q", r.stdout)
	}
	r = mustRun(t, "--db", db, "--lang", "vi", "savings", "credit", "--date", "2026-12-31")
	if !strings.Contains(r.stdout, "đã được trả trước đó") {
		t.Errorf("second credit: %q", r.stdout)
	}
	mustRun(t, "--db", db, "check")
}
