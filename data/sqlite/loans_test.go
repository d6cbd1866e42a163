package sqlite

import (
	"reflect"
	"testing"

	"policycredit/data"
)

// loanFixture is the small office of newFixture with a second member in the group, a household
// in commune B, and helpers to open loans.
type loanFixture struct {
	*fixture
	member, outsider data.Borrower
}

func newLoanFixture(t testing.TB) *loanFixture {
	t.Helper()
	f := &loanFixture{fixture: newFixture(t)}
	f.member = person("KH0010", "Trần Thị Hoa", f.villageA1.ID, f.group.ID)
	must(t, f.s.SaveBorrower(userCtx, &f.member))
	f.outsider = person("KH0020", "Lê Văn Sơn", f.villageB1.ID, 0)
	must(t, f.s.SaveBorrower(userCtx, &f.outsider))
	return f
}

// loan is a program 01 loan repaid every 3 months.
func newLoan(contract string, borrower int64, amount data.Dong, signed string, term int) data.Loan {
	return data.Loan{Contract: contract, BorrowerID: borrower, ProgramCode: "01", Source: data.SourceCentral,
		Purpose: "Chăn nuôi bò", Amount: amount, SignedOn: data.MustDate(signed), TermMonths: term,
		Plan: data.Plan{Kind: data.PlanEqual, EveryMonths: 3}}
}

func (f *loanFixture) open(t testing.TB, l data.Loan, first data.Dong) data.Loan {
	t.Helper()
	must(t, f.s.OpenLoan(userCtx, &l, first))
	return l
}

func (f *loanFixture) post(t testing.TB, e data.Entry) data.Entry {
	t.Helper()
	must(t, postOnItsDay(f.s, &e))
	return e
}

// postOnItsDay posts e as the desk does on the day of its value date: a reschedule or an
// extension is refused once posted after the date it moves, so a test writing history posts
// each move on its own day, then goes back to the test's today.
func postOnItsDay(s *Store, e *data.Entry) error {
	if e.Kind == data.EntryReschedule || e.Kind == data.EntryExtend {
		day := e.ValueDate
		s.Today = func() data.Date { return day }
		defer func() { s.Today = func() data.Date { return testToday } }()
	}
	return s.Post(userCtx, e)
}

func (f *loanFixture) position(t testing.TB, contract, on string) data.Position {
	t.Helper()
	p, err := f.s.Position(userCtx, contract, data.MustDate(on))
	must(t, err)
	return p
}

type balanceRow struct {
	Disbursed, Repaid, Interest, Penalty, Frozen, WrittenOff data.Dong
	Entries                                                  int
	Last                                                     string
}

func loanBalance(t testing.TB, s *Store, loanID int64) balanceRow {
	t.Helper()
	var b balanceRow
	must(t, s.db.QueryRow(`SELECT disbursed, principal_repaid, interest_paid, penalty_paid, frozen, written_off,
		entries, last_value_date FROM loan_balances WHERE loan_id = ?`, loanID).
		Scan(&b.Disbursed, &b.Repaid, &b.Interest, &b.Penalty, &b.Frozen, &b.WrittenOff, &b.Entries, &b.Last))
	return b
}

func savingsRow(t testing.TB, s *Store, borrowerID int64) data.Dong {
	t.Helper()
	var b data.Dong
	must(t, s.db.QueryRow(`SELECT coalesce((SELECT balance FROM savings_balances WHERE borrower_id = ?), 0)`, borrowerID).Scan(&b))
	return b
}

func assertCheckClean(t testing.TB, s *Store) {
	t.Helper()
	problems, err := s.Check(userCtx)
	must(t, err)
	if len(problems) != 0 {
		t.Errorf("Check found %v", problems)
	}
}

func TestOpenLoanSavesItsSchedule(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s, ctx := f.s, userCtx
	// 12,000,000 over 12 months, every 3 months: 4 installments of 3,000,000 due on the 10th
	// of April, July, October and January.
	l := newLoan("HD-001", f.member.ID, 12_000_000, "2025-01-10", 12)
	l.RateOverrides = []data.RatePeriod{{Effective: data.MustDate("2025-01-10"), Rate: 6000, Decision: "QĐ 12/UBND"}}
	l = f.open(t, l, 12_000_000)
	if l.ID == 0 || l.Status != data.LoanActive || l.GroupID != f.group.ID {
		t.Fatalf("opened loan = %+v", l)
	}
	got, err := s.LoanByContract(ctx, "hd-001")
	must(t, err)
	if got.ID != l.ID || got.GroupID != f.group.ID || got.Purpose != "Chăn nuôi bò" || got.Plan.EveryMonths != 3 ||
		len(got.RateOverrides) != 1 || got.RateOverrides[0].Rate != 6000 || got.RateOverrides[0].Decision != "QĐ 12/UBND" {
		t.Errorf("LoanByContract = %+v", got)
	}
	if byID, err := s.loan(ctx, l.ID); err != nil || !reflect.DeepEqual(byID, got) {
		t.Errorf("Loan(%d) = %+v, %v", l.ID, byID, err)
	}
	b, err := s.LoanBook(ctx, l.ID)
	must(t, err)
	want := []data.Installment{
		{No: 1, Due: data.MustDate("2025-04-10"), Principal: 3_000_000},
		{No: 2, Due: data.MustDate("2025-07-10"), Principal: 3_000_000},
		{No: 3, Due: data.MustDate("2025-10-10"), Principal: 3_000_000},
		{No: 4, Due: data.MustDate("2026-01-10"), Principal: 3_000_000},
	}
	if !reflect.DeepEqual(b.Schedule, want) {
		t.Errorf("schedule = %+v", b.Schedule)
	}
	if len(b.Entries) != 1 || b.Entries[0].Kind != data.EntryDisburse || b.Entries[0].Amount != 12_000_000 ||
		!b.Entries[0].ValueDate.Equal(l.SignedOn) || b.Entries[0].User != "lan.nguyen" || !b.Entries[0].PostedAt.Equal(pinned) {
		t.Errorf("entries = %+v", b.Entries)
	}
	set := b.Settings
	set.Rules = nil
	if len(b.Rates) == 0 || b.Rates[0].ProgramCode != "01" || !reflect.DeepEqual(set, data.DefaultSettings()) || len(b.Settings.Rules) != len(data.RuleSpecs) {
		t.Errorf("book rates %+v settings %+v", b.Rates, b.Settings)
	}
	if got := loanBalance(t, s, l.ID); got != (balanceRow{Disbursed: 12_000_000, Entries: 1, Last: "2025-01-10"}) {
		t.Errorf("balance = %+v", got)
	}
	if a, _ := s.Audit(ctx, "loan", "HD-001"); len(a) != 1 || a[0].Action != "create" {
		t.Errorf("audit = %+v", a)
	}
	ls, err := s.LoansOfBorrower(ctx, f.member.ID)
	must(t, err)
	if len(ls) != 1 || ls[0].Contract != "HD-001" {
		t.Errorf("LoansOfBorrower = %+v", ls)
	}
	// A custom plan reads back with its list.
	c := newLoan("HD-002", f.member.ID, 5_000_000, "2025-02-01", 12)
	c.Plan = data.Plan{Kind: data.PlanCustom, Custom: []data.Installment{
		{Due: data.MustDate("2025-08-01"), Principal: 2_000_000}, {Due: data.MustDate("2026-02-01"), Principal: 3_000_000}}}
	c = f.open(t, c, 0)
	got, err = s.loan(ctx, c.ID)
	must(t, err)
	if len(got.Plan.Custom) != 2 || got.Plan.Custom[1].No != 2 || got.Plan.Custom[1].Principal != 3_000_000 {
		t.Errorf("custom plan = %+v", got.Plan)
	}
	if n := countRows(t, s, "entries"); n != 1 {
		t.Errorf("a loan opened without disbursement wrote entries: %d", n)
	}
	if _, err := s.LoanByContract(ctx, "HD-404"); !data.HasCode(err, data.CodeNotFound) {
		t.Errorf("missing contract: %v", err)
	}
	assertCheckClean(t, s)
}

// TestPostEveryKind posts one entry of every kind on one loan and one household's savings, and
// checks the ledger rows, the balances kept beside them and the positions that follow.
func TestPostEveryKind(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s, ctx := f.s, userCtx
	// 20,000,000 approved, 4 installments of 5,000,000 on 10 Apr, 10 Jul, 10 Oct 2025, 10 Jan 2026.
	l := f.open(t, newLoan("HD-100", f.member.ID, 20_000_000, "2025-01-10", 12), 10_000_000)
	id := l.ID
	f.post(t, data.Entry{LoanID: id, Kind: data.EntryDisburse, ValueDate: data.MustDate("2025-02-10"), Amount: 10_000_000, Ref: "PC-2"})

	// Interest of 10,000,000 from 10 Jan (31 days) and 20,000,000 from 10 Feb (28 days) to
	// 10 Mar at 0.55 %/month, balance × days × rate / 30:
	// 10,000,000 × 31 × 0.0055 / 30 = 56,833.33; 20,000,000 × 28 × 0.0055 / 30 = 102,666.67;
	// total 159,500.
	p := f.position(t, "HD-100", "2025-03-10")
	if p.InterestDue != 159_500 {
		t.Fatalf("interest due on 10 Mar = %d, want 159,500", p.InterestDue)
	}
	interest := f.post(t, data.Entry{LoanID: id, Kind: data.EntryInterest, ValueDate: data.MustDate("2025-03-10"),
		Amount: 159_500, Ref: "PT-1"})
	if interest.ID == 0 || interest.User != "lan.nguyen" || !interest.PostedAt.Equal(pinned) || interest.BorrowerID != f.member.ID {
		t.Errorf("posted entry = %+v", interest)
	}
	f.post(t, data.Entry{LoanID: id, Kind: data.EntryReschedule, ValueDate: data.MustDate("2025-03-15"), Installment: 1,
		NewDate: data.MustDate("2025-05-10"), Decision: "QĐ 5/ĐC", DecisionDate: data.MustDate("2025-03-14")})
	f.post(t, data.Entry{LoanID: id, Kind: data.EntryPrincipal, ValueDate: data.MustDate("2025-05-10"), Amount: 5_000_000})
	// Installment 2 (10 Jul) is not paid: overdue from 11 Jul, with penalty interest.
	p = f.position(t, "HD-100", "2025-08-10")
	if p.Overdue != 5_000_000 || p.PenaltyDue <= 0 || p.Installments[1].Status != data.InstOverdue {
		t.Fatalf("position on 10 Aug = %+v", p)
	}
	f.post(t, data.Entry{LoanID: id, Kind: data.EntryPenalty, ValueDate: data.MustDate("2025-08-10"), Amount: p.PenaltyDue})
	f.post(t, data.Entry{LoanID: id, Kind: data.EntryInterest, ValueDate: data.MustDate("2025-08-10"), Amount: p.InterestDue})
	f.post(t, data.Entry{LoanID: id, Kind: data.EntryPrincipal, ValueDate: data.MustDate("2025-08-10"), Amount: 5_000_000})
	f.post(t, data.Entry{LoanID: id, Kind: data.EntryFreeze, ValueDate: data.MustDate("2025-09-01"), Amount: 5_000_000,
		Decision: "QĐ 9/KH", DecisionDate: data.MustDate("2025-08-30"), Note: "lũ lụt"})
	f.post(t, data.Entry{LoanID: id, Kind: data.EntryUnfreeze, ValueDate: data.MustDate("2025-10-01"), Amount: 2_000_000})
	f.post(t, data.Entry{LoanID: id, Kind: data.EntryExtend, ValueDate: data.MustDate("2025-10-05"),
		NewDate: data.MustDate("2026-07-10"), Decision: "QĐ 10/GH"})
	f.post(t, data.Entry{LoanID: id, Kind: data.EntryWriteOff, ValueDate: data.MustDate("2025-10-06"), Amount: 1_000_000,
		Decision: "QĐ 11/XL"})
	// Savings: LoanID 0, or given with the loan (it goes to the household's savings).
	f.post(t, data.Entry{BorrowerID: f.member.ID, Kind: data.EntryDeposit, ValueDate: data.MustDate("2025-02-10"), Amount: 100_000})
	w := f.post(t, data.Entry{LoanID: id, Kind: data.EntryWithdraw, ValueDate: data.MustDate("2025-03-10"), Amount: 30_000})
	if w.LoanID != 0 || w.BorrowerID != f.member.ID {
		t.Errorf("withdrawal given with a loan = %+v", w)
	}
	f.post(t, data.Entry{BorrowerID: f.member.ID, Kind: data.EntrySavingsInterest, ValueDate: data.MustDate("2025-06-30"), Amount: 250})
	f.post(t, data.Entry{BorrowerID: f.member.ID, Kind: data.EntryReversal, ValueDate: data.MustDate("2025-07-01"), Reverses: w.ID,
		Note: "nhập sai"})

	b := loanBalance(t, s, id)
	want := balanceRow{Disbursed: 20_000_000, Repaid: 10_000_000, Interest: 159_500 + p.InterestDue, Penalty: p.PenaltyDue,
		Frozen: 3_000_000, WrittenOff: 1_000_000, Entries: 12, Last: "2025-10-06"}
	if b != want {
		t.Errorf("loan balance = %+v\nwant %+v", b, want)
	}
	if got := savingsRow(t, s, f.member.ID); got != 100_250 {
		t.Errorf("savings balance = %d, want 100,250", got)
	}
	if got, err := s.SavingsBalance(ctx, f.member.ID, data.MustDate("2025-06-30")); err != nil || got != 70_250 {
		t.Errorf("savings on 30 Jun = %d, %v; want 70,250 (the reversal is dated 1 Jul)", got, err)
	}
	if got, _ := s.SavingsBalance(ctx, f.member.ID, data.MustDate("2025-07-01")); got != 100_250 {
		t.Errorf("savings on 1 Jul = %d, want 100,250", got)
	}
	book, err := s.LoanBook(ctx, id)
	must(t, err)
	if len(book.Entries) != 12 {
		t.Fatalf("loan ledger has %d entries", len(book.Entries))
	}
	fr := book.Entries[8]
	if fr.Kind != data.EntryFreeze || fr.Decision != "QĐ 9/KH" || fr.DecisionDate != data.MustDate("2025-08-30") || fr.Note != "lũ lụt" {
		t.Errorf("freeze read back = %+v", fr)
	}
	rs := book.Entries[3]
	if rs.Kind != data.EntryReschedule || rs.Installment != 1 || rs.NewDate != data.MustDate("2025-05-10") {
		t.Errorf("reschedule read back = %+v", rs)
	}
	p = f.position(t, "HD-100", "2025-10-06")
	// 20 M disbursed − 10 M repaid − 1 M written off = 9 M; the write-off takes frozen debt
	// first (3 M frozen → 2 M).
	if p.Principal() != 9_000_000 || p.Maturity != data.MustDate("2026-07-10") {
		t.Errorf("position on 6 Oct = %+v", p)
	}
	assertCheckClean(t, s)
}

// TestLedgerIsAppendOnly: the database itself refuses to change or delete an entry.
func TestLedgerIsAppendOnly(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s := f.s
	l := f.open(t, newLoan("HD-1", f.member.ID, 10_000_000, "2025-01-10", 12), 10_000_000)
	e := f.post(t, data.Entry{LoanID: l.ID, Kind: data.EntryPrincipal, ValueDate: data.MustDate("2025-02-10"), Amount: 1_000_000})
	before := snapshot(t, s)
	for _, q := range []string{
		`UPDATE entries SET amount = 1 WHERE id = ?`,
		`UPDATE entries SET note = 'x' WHERE id = ?`,
		`DELETE FROM entries WHERE id = ?`,
	} {
		_, err := s.db.Exec(q, e.ID)
		if err == nil {
			t.Errorf("%s: no error", q)
			continue
		}
		assertRule(t, mapErr(err), "entry", "append_only")
	}
	if _, err := s.db.Exec(`DELETE FROM entries`); err == nil {
		t.Error("DELETE FROM entries: no error")
	}
	// An entry can be reversed once; the index holds even for SQL that skips the store.
	f.post(t, data.Entry{LoanID: l.ID, Kind: data.EntryReversal, ValueDate: data.MustDate("2025-02-11"), Reverses: e.ID})
	_, err := s.db.Exec(`INSERT INTO entries (loan_id, borrower_id, kind, value_date, amount, reverses, posted_at, user_name)
		VALUES (?, ?, 'reversal', '2025-02-12', 0, ?, 'x', 'x')`, l.ID, f.member.ID, e.ID)
	if !data.HasCode(mapErr(err), data.CodeConflict) {
		t.Errorf("second reversal by SQL: %v", err)
	}
	// Amounts are never negative; a reversal names an entry, and only a reversal does.
	for _, q := range []string{
		`INSERT INTO entries (loan_id, borrower_id, kind, value_date, amount, posted_at, user_name) VALUES (?, ?, 'principal', '2025-03-01', -5, 'x', 'x')`,
		`INSERT INTO entries (loan_id, borrower_id, kind, value_date, amount, posted_at, user_name) VALUES (?, ?, 'reversal', '2025-03-01', 0, 'x', 'x')`,
		`INSERT INTO entries (loan_id, borrower_id, kind, value_date, amount, posted_at, user_name) VALUES (?, ?, 'deposit', '2025-03-01', 5, 'x', 'x')`,
	} {
		if _, err := s.db.Exec(q, l.ID, f.member.ID); err == nil {
			t.Errorf("%s: no error", q)
		}
	}
	after := snapshot(t, s)
	if after == before {
		t.Error("the reversal was not posted")
	}
}

func TestReversal(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s, ctx := f.s, userCtx
	l := f.open(t, newLoan("HD-R", f.member.ID, 10_000_000, "2025-01-10", 12), 10_000_000)
	pay := f.post(t, data.Entry{LoanID: l.ID, Kind: data.EntryPrincipal, ValueDate: data.MustDate("2025-02-10"),
		Amount: 4_000_000, Ref: "PT-9"})
	if got := f.position(t, "HD-R", "2025-02-10"); got.Principal() != 6_000_000 {
		t.Fatalf("after payment: %d", got.Principal())
	}
	rev := f.post(t, data.Entry{LoanID: l.ID, Kind: data.EntryReversal, ValueDate: data.MustDate("2025-02-12"),
		Reverses: pay.ID, Note: "sai số tiền"})
	if rev.ID <= pay.ID {
		t.Errorf("reversal ID %d", rev.ID)
	}
	// The reversal voids the payment from its own date; before it, the payment stands.
	if got := f.position(t, "HD-R", "2025-02-11"); got.Principal() != 6_000_000 {
		t.Errorf("on 11 Feb: %d, want 6,000,000", got.Principal())
	}
	if got := f.position(t, "HD-R", "2025-02-12"); got.Principal() != 10_000_000 {
		t.Errorf("on 12 Feb: %d, want 10,000,000", got.Principal())
	}
	if b := loanBalance(t, s, l.ID); b.Repaid != 0 || b.Disbursed != 10_000_000 || b.Entries != 3 || b.Last != "2025-02-12" {
		t.Errorf("balance after reversal = %+v", b)
	}
	// Twice, or a reversal of a reversal: refused.
	err := s.Post(ctx, &data.Entry{LoanID: l.ID, Kind: data.EntryReversal, ValueDate: data.MustDate("2025-02-13"), Reverses: pay.ID})
	assertRule(t, err, "entry.reverses", "already_reversed")
	err = s.Post(ctx, &data.Entry{LoanID: l.ID, Kind: data.EntryReversal, ValueDate: data.MustDate("2025-02-13"), Reverses: rev.ID})
	assertRule(t, err, "entry.reverses", "reverses_reversal")
	// A reversal names an entry of its own ledger.
	other := f.open(t, newLoan("HD-S", f.member.ID, 10_000_000, "2025-01-10", 12), 10_000_000)
	err = s.Post(ctx, &data.Entry{LoanID: other.ID, Kind: data.EntryReversal, ValueDate: data.MustDate("2025-02-13"), Reverses: pay.ID})
	assertRule(t, err, "entry.reverses", "not_found")
	assertCheckClean(t, s)
}

// TestStatusFollowsTheLedger: a loan closes when nothing is owed and reopens on a reversal.
func TestStatusFollowsTheLedger(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s, ctx := f.s, userCtx
	l := f.open(t, newLoan("HD-C", f.member.ID, 3_000_000, "2025-12-01", 12), 3_000_000)
	// 3,000,000 × 30 days × 0.52 % / 30 = 15,600 of interest by 31 Dec.
	split, err := s.PostPayment(ctx, data.Payment{Contract: "HD-C", ValueDate: data.MustDate("2025-12-31"), Amount: 3_015_600, Ref: "PT-C"})
	must(t, err)
	if split != (data.Split{Interest: 15_600, Current: 3_000_000}) {
		t.Errorf("split = %+v", split)
	}
	got, _ := s.loan(ctx, l.ID)
	if got.Status != data.LoanClosed {
		t.Fatalf("status after full repayment = %s", got.Status)
	}
	b, _ := s.LoanBook(ctx, l.ID)
	last := b.Entries[len(b.Entries)-1]
	f.post(t, data.Entry{LoanID: l.ID, Kind: data.EntryReversal, ValueDate: data.MustDate("2026-01-02"), Reverses: last.ID})
	if got, _ := s.loan(ctx, l.ID); got.Status != data.LoanActive {
		t.Errorf("status after reversing the principal = %s", got.Status)
	}
}

// The audit's case: a reschedule decided 25 days after the installment fell due, written up
// with the due date as its date. On the day it is posted the installment is overdue, so it is
// refused: dating a move back cannot turn overdue principal into current. The same move posted
// on its own day is accepted; so is an extension only while the loan has not matured.
func TestMovesPostedLateAreRefusedWhateverTheirDate(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	// 8,000,000 from 2025-01-10 for 12 months, 2,000,000 every 3 months: 10 Apr, 10 Jul…
	l := f.open(t, newLoan("HD-L", f.member.ID, 8_000_000, "2025-01-10", 12), 8_000_000)
	late := data.MustDate("2025-05-05") // 25 days after 10 April
	f.s.Today = func() data.Date { return late }
	move := data.Entry{LoanID: l.ID, Kind: data.EntryReschedule, ValueDate: data.MustDate("2025-04-10"), Installment: 1,
		NewDate: data.MustDate("2025-06-10"), Decision: "QĐ 05/2025"}
	before := f.position(t, "HD-L", "2025-05-05")
	err := f.s.Post(userCtx, &move)
	if e := data.ForField(err, "entry.value_date"); e == nil || e.Rule != "reschedule_overdue" {
		t.Fatalf("a reschedule posted 25 days late: %v, want reschedule_overdue", err)
	}
	if after := f.position(t, "HD-L", "2025-05-05"); after.Overdue != before.Overdue || after.Overdue != 2_000_000 {
		t.Errorf("overdue %d → %d, want 2,000,000 kept", before.Overdue, after.Overdue)
	}
	// Posted on its own day, the same decision is accepted.
	f.s.Today = func() data.Date { return data.MustDate("2025-04-10") }
	move.ID = 0
	must(t, f.s.Post(userCtx, &move))
	// An extension written up after maturity with a date before it is refused the same way.
	f.s.Today = func() data.Date { return data.MustDate("2026-02-01") }
	ext := data.Entry{LoanID: l.ID, Kind: data.EntryExtend, ValueDate: data.MustDate("2026-01-09"),
		NewDate: data.MustDate("2026-07-10"), Decision: "QĐ 01/2026"}
	if e := data.ForField(f.s.Post(userCtx, &ext), "entry.value_date"); e == nil || e.Rule != "extension_overdue" {
		t.Fatalf("an extension posted after maturity: %v, want extension_overdue", e)
	}
}
