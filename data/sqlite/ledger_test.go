package sqlite

import (
	"fmt"
	"reflect"
	"testing"

	"policycredit/data"
)

// TestLoanRefusalsChangeNothing breaks each rule of opening a loan and of posting: each must
// fail with the right field and rule and leave the database byte for byte as it was.
func TestLoanRefusalsChangeNothing(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s, ctx := f.s, userCtx
	l := f.open(t, newLoan("HD-1", f.member.ID, 20_000_000, "2025-01-10", 12), 10_000_000)
	f.post(t, data.Entry{BorrowerID: f.member.ID, Kind: data.EntryDeposit, ValueDate: data.MustDate("2025-01-10"), Amount: 50_000})
	paid := f.post(t, data.Entry{LoanID: l.ID, Kind: data.EntryPrincipal, ValueDate: data.MustDate("2025-02-10"), Amount: 1_000_000})
	f.post(t, data.Entry{LoanID: l.ID, Kind: data.EntryReversal, ValueDate: data.MustDate("2025-02-11"), Reverses: paid.ID})
	closed, err := s.Program(ctx, "13")
	must(t, err)
	closed.Open = false
	must(t, s.SaveProgram(ctx, &closed))
	left := person("KH0030", "Phạm Văn Tâm", f.villageA1.ID, 0)
	left.Active = false
	must(t, s.SaveBorrower(ctx, &left))
	must(t, s.Close()) // reopen so that WAL state does not differ between snapshots
	s = openTest(t, s.Path())
	f.s = s

	open := func(edit func(l *data.Loan)) func() (error, int64) {
		return func() (error, int64) {
			n := newLoan("HD-2", f.member.ID, 10_000_000, "2025-03-01", 24)
			edit(&n)
			err := s.OpenLoan(ctx, &n, 10_000_000)
			return err, n.ID
		}
	}
	post := func(e data.Entry) func() (error, int64) {
		return func() (error, int64) {
			if e.LoanID == -1 {
				e.LoanID = l.ID
			}
			err := s.Post(ctx, &e)
			return err, e.ID
		}
	}
	on := data.MustDate
	cases := []struct {
		name, field, rule string
		do                func() (error, int64)
	}{
		{"program closed to new loans", "loan.program", "program_closed",
			open(func(l *data.Loan) { l.ProgramCode = "13" })},
		{"household has left", "loan.borrower", "borrower_left", open(func(l *data.Loan) { l.BorrowerID = left.ID })},
		{"missing household", "loan.borrower", "not_found", open(func(l *data.Loan) { l.BorrowerID = 9999 })},
		{"missing program", "loan.program", "not_found", open(func(l *data.Loan) { l.ProgramCode = "77" })},
		{"duplicate contract in other case", "loan.contract", "duplicate", open(func(l *data.Loan) { l.Contract = "hd-1" })},
		{"amount above the program's maximum", "loan.amount", "amount_max", open(func(l *data.Loan) { l.Amount = 150_000_000 })},
		{"term above the program's maximum", "loan.term", "range", open(func(l *data.Loan) { l.TermMonths = 121 })},
		{"group not the household's", "loan.group", "borrower_not_member",
			open(func(l *data.Loan) { l.BorrowerID = f.outsider.ID; l.GroupID = f.group.ID })},
		{"plan every 2 months", "loan.plan.every", "one_of", open(func(l *data.Loan) { l.Plan.EveryMonths = 2 })},
		{"first disbursement above the amount", "entry.amount", "over_approved",
			func() (error, int64) {
				n := newLoan("HD-3", f.member.ID, 10_000_000, "2025-03-01", 24)
				err := s.OpenLoan(ctx, &n, 12_000_000)
				return err, n.ID
			}},

		{"principal above the outstanding", "entry.amount", "overpayment",
			post(data.Entry{LoanID: -1, Kind: data.EntryPrincipal, ValueDate: on("2025-03-01"), Amount: 10_000_001})},
		{"disbursement above the approved amount", "entry.amount", "over_approved",
			post(data.Entry{LoanID: -1, Kind: data.EntryDisburse, ValueDate: on("2025-03-01"), Amount: 10_000_001})},
		{"interest above what is due", "entry.amount", "overpayment",
			post(data.Entry{LoanID: -1, Kind: data.EntryInterest, ValueDate: on("2025-03-01"), Amount: 50_000_000})},
		{"penalty with nothing overdue", "entry.amount", "overpayment",
			post(data.Entry{LoanID: -1, Kind: data.EntryPenalty, ValueDate: on("2025-03-01"), Amount: 1})},
		{"zero principal", "entry.amount", "positive",
			post(data.Entry{LoanID: -1, Kind: data.EntryPrincipal, ValueDate: on("2025-03-01")})},
		{"freeze without a decision", "entry.decision", "required",
			post(data.Entry{LoanID: -1, Kind: data.EntryFreeze, ValueDate: on("2025-03-01"), Amount: 1_000_000})},
		{"unfreeze with nothing frozen", "entry.amount", "over_frozen",
			post(data.Entry{LoanID: -1, Kind: data.EntryUnfreeze, ValueDate: on("2025-03-01"), Amount: 1_000_000})},
		{"entry before the contract", "entry.value_date", "before_signing",
			post(data.Entry{LoanID: -1, Kind: data.EntryPrincipal, ValueDate: on("2024-12-31"), Amount: 1_000})},
		{"reschedule past the next installment", "entry.new_date", "after_next_due",
			post(data.Entry{LoanID: -1, Kind: data.EntryReschedule, ValueDate: on("2025-03-01"), Installment: 1,
				NewDate: on("2025-07-11"), Decision: "QĐ 1"})},
		{"extension beyond the limit", "entry.new_date", "extension_max",
			post(data.Entry{LoanID: -1, Kind: data.EntryExtend, ValueDate: on("2025-03-01"), NewDate: on("2027-01-11"), Decision: "QĐ 2"})},
		{"reversed twice", "entry.reverses", "already_reversed",
			post(data.Entry{LoanID: -1, Kind: data.EntryReversal, ValueDate: on("2025-03-01"), Reverses: paid.ID})},
		{"missing loan", "entry.loan", "not_found",
			post(data.Entry{LoanID: 9999, Kind: data.EntryPrincipal, ValueDate: on("2025-03-01"), Amount: 1})},
		{"loan entry without a loan", "entry.loan", "required",
			post(data.Entry{BorrowerID: f.member.ID, Kind: data.EntryPrincipal, ValueDate: on("2025-03-01"), Amount: 1})},
		{"another household's loan", "entry.borrower", "not_loan_borrower",
			post(data.Entry{LoanID: -1, BorrowerID: f.leader.ID, Kind: data.EntryPrincipal, ValueDate: on("2025-03-01"), Amount: 1})},
		{"unknown kind", "entry.kind", "one_of",
			post(data.Entry{LoanID: -1, Kind: "gift", ValueDate: on("2025-03-01"), Amount: 1})},
		{"deposit below the minimum", "entry.amount", "min_deposit",
			post(data.Entry{BorrowerID: f.member.ID, Kind: data.EntryDeposit, ValueDate: on("2025-03-01"), Amount: 4_999})},
		{"withdrawal above the savings", "entry.amount", "over_savings",
			post(data.Entry{BorrowerID: f.member.ID, Kind: data.EntryWithdraw, ValueDate: on("2025-03-01"), Amount: 50_001})},
		{"savings of a missing household", "entry.borrower", "not_found",
			post(data.Entry{BorrowerID: 9999, Kind: data.EntryDeposit, ValueDate: on("2025-03-01"), Amount: 50_000})},
		{"savings without a household", "entry.borrower", "required",
			post(data.Entry{Kind: data.EntryDeposit, ValueDate: on("2025-03-01"), Amount: 50_000})},

		{"payment above everything owed", "payment.amount", "overpayment",
			func() (error, int64) {
				_, err := s.PostPayment(ctx, data.Payment{Contract: "HD-1", ValueDate: on("2025-03-01"), Amount: 11_000_000})
				return err, 0
			}},
		{"payment of a missing contract", "loan", "not_found",
			func() (error, int64) {
				_, err := s.PostPayment(ctx, data.Payment{Contract: "HD-404", ValueDate: on("2025-03-01"), Amount: 1_000})
				return err, 0
			}},
		{"payment from savings above the savings", "entry.amount", "over_savings",
			func() (error, int64) {
				_, err := s.PostPayment(ctx, data.Payment{Contract: "HD-1", ValueDate: on("2025-03-01"), Amount: 60_000,
					Parts: &data.Split{Current: 60_000}, FromSavings: true})
				return err, 0
			}},
		{"batch with one bad line", "entry.amount", "overpayment",
			func() (error, int64) {
				_, err := s.postBatch(ctx, []data.Entry{
					{LoanID: l.ID, Kind: data.EntryPrincipal, ValueDate: on("2025-03-01"), Amount: 1_000_000},
					{LoanID: l.ID, Kind: data.EntryPrincipal, ValueDate: on("2025-03-01"), Amount: 9_000_001},
				})
				return err, 0
			}},
		{"savings interest on another date", "entry.value_date", "savings_credit_date",
			func() (error, int64) { _, err := s.CreditSavingsInterest(ctx, on("2025-06-29")); return err, 0 }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := snapshot(t, s)
			err, id := c.do()
			assertRule(t, err, c.field, c.rule)
			if id != 0 {
				t.Errorf("a refused insert set ID %d", id)
			}
			if after := snapshot(t, s); after != before {
				t.Errorf("a refusal changed the database")
			}
		})
	}
}

// A loan form with several mistakes reports all of them.
func TestOpenLoanReportsEveryRule(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	l := newLoan("", f.member.ID, 0, "2025-01-10", 12)
	l.Source = "bank"
	err := f.s.OpenLoan(userCtx, &l, 0)
	for _, field := range []string{"loan.contract", "loan.amount", "loan.source"} {
		if data.ForField(err, field) == nil {
			t.Errorf("no error for %s in %v", field, err)
		}
	}
	// A missing program does not hide the other mistakes.
	l = newLoan("", 0, 10_000_000, "2025-01-10", 12)
	l.ProgramCode = "77"
	err = f.s.OpenLoan(userCtx, &l, 0)
	want := map[string]string{"loan.program": "not_found", "loan.contract": "required", "loan.borrower": "required"}
	for field, rule := range want {
		if e := data.ForField(err, field); e == nil || e.Rule != rule {
			t.Errorf("%s: %v, want %s (%v)", field, e, rule, err)
		}
	}
	if n := len(data.DomainErrors(err)); n != len(want) {
		t.Errorf("%d errors, want %d: %v", n, len(want), err)
	}
}

func TestPostBatch(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s, ctx := f.s, userCtx
	a := f.open(t, newLoan("HD-A", f.member.ID, 10_000_000, "2025-01-10", 12), 0)
	b := f.open(t, newLoan("HD-B", f.leader.ID, 10_000_000, "2025-01-10", 12), 10_000_000)
	on := data.MustDate("2025-02-10")
	before := snapshot(t, s)
	// Line 2 repays a disbursement made on line 1; line 3 overpays; line 5 names no loan;
	// line 6 is a reversal of line 4's entry, which does not exist yet in the database.
	bad := []data.Entry{
		{LoanID: a.ID, Kind: data.EntryDisburse, ValueDate: on, Amount: 6_000_000},
		{LoanID: a.ID, Kind: data.EntryPrincipal, ValueDate: on, Amount: 1_000_000},
		{LoanID: b.ID, Kind: data.EntryPrincipal, ValueDate: on, Amount: 10_000_001},
		{LoanID: b.ID, Kind: data.EntryPrincipal, ValueDate: on, Amount: 2_000_000},
		{LoanID: 9999, Kind: data.EntryPrincipal, ValueDate: on, Amount: 1},
		{LoanID: a.ID, Kind: data.EntryDisburse, ValueDate: on, Amount: 4_000_001},
	}
	ids, err := s.postBatch(ctx, bad)
	if ids != nil {
		t.Errorf("ids of a refused batch: %v", ids)
	}
	var lines []any
	for _, e := range data.DomainErrors(err) {
		lines = append(lines, e.Params["Line"])
	}
	if !reflect.DeepEqual(lines, []any{3, 5, 6}) {
		t.Errorf("lines refused = %v (%v)", lines, err)
	}
	if _, ok := err.(data.Errors); !ok {
		t.Errorf("error is %T, want data.Errors", err)
	}
	if after := snapshot(t, s); after != before {
		t.Error("a refused batch changed the database")
	}
	for _, e := range bad {
		if e.ID != 0 {
			t.Errorf("a refused batch set an ID: %+v", e)
		}
	}

	good := []data.Entry{bad[0], bad[1], bad[3]}
	ids, err = s.postBatch(ctx, good)
	must(t, err)
	if len(ids) != 3 || ids[0] == 0 || ids[1] != ids[0]+1 || ids[2] != ids[1]+1 || good[2].ID != ids[2] || good[0].User != "lan.nguyen" {
		t.Errorf("ids = %v, entries = %+v", ids, good)
	}
	if got := f.position(t, "HD-A", "2025-02-10"); got.Principal() != 5_000_000 {
		t.Errorf("HD-A principal = %d", got.Principal())
	}
	if got := f.position(t, "HD-B", "2025-02-10"); got.Principal() != 8_000_000 {
		t.Errorf("HD-B principal = %d", got.Principal())
	}
	// A reversal of an entry posted earlier in the same batch.
	ids, err = s.postBatch(ctx, []data.Entry{
		{LoanID: a.ID, Kind: data.EntryPrincipal, ValueDate: on, Amount: 500_000},
	})
	must(t, err)
	_, err = s.postBatch(ctx, []data.Entry{
		{LoanID: a.ID, Kind: data.EntryReversal, ValueDate: on, Reverses: ids[0]},
		{LoanID: a.ID, Kind: data.EntryReversal, ValueDate: on, Reverses: ids[0]},
	})
	if es := data.DomainErrors(err); len(es) != 1 || es[0].Rule != "already_reversed" || es[0].Params["Line"] != 2 {
		t.Errorf("double reversal in one batch: %v", err)
	}
	assertCheckClean(t, s)
}

// TestPaySplitsPenaltyInterestOverdueCurrent: a payment goes to penalty interest, then
// interest, then overdue principal, then current principal.
func TestPaySplitsPenaltyInterestOverdueCurrent(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s, ctx := f.s, userCtx
	// 12,000,000 from 1 Dec 2025 at 0.52 %/month, 3,000,000 due every 3 months: 1 Mar 2026 first.
	l := f.open(t, newLoan("HD-P", f.member.ID, 12_000_000, "2025-12-01", 12), 12_000_000)
	on := data.MustDate("2026-04-01")
	p := f.position(t, "HD-P", "2026-04-01")
	// Interest: 12,000,000 × 91 days (1 Dec – 1 Mar, the due day itself still current) × 0.52 %
	// / 30 = 189,280, plus the 9,000,000 still current × 30 days (2 – 31 Mar) × 0.52 % / 30 =
	// 46,800: 236,080. Penalty on the 3,000,000 overdue from 2 Mar, 30 days at 130 % × 0.52 %:
	// 3,000,000 × 30 × 0.00676 / 30 = 20,280.
	if p.Overdue != 3_000_000 || p.Current != 9_000_000 || p.InterestDue != 236_080 || p.PenaltyDue != 20_280 {
		t.Fatalf("position on 1 Apr = overdue %d current %d interest %d penalty %d", p.Overdue, p.Current, p.InterestDue, p.PenaltyDue)
	}
	// 20,280 + 236,080 + 3,000,000 + 1,000,000 of current principal.
	split, err := s.PostPayment(ctx, data.Payment{Contract: "HD-P", ValueDate: on, Amount: 4_256_360, Ref: "PT-77"})
	must(t, err)
	if split != (data.Split{Penalty: 20_280, Interest: 236_080, Overdue: 3_000_000, Current: 1_000_000}) {
		t.Errorf("split = %+v", split)
	}
	b, _ := s.LoanBook(ctx, l.ID)
	var kinds []data.EntryKind
	var amounts []data.Dong
	for _, e := range b.Entries[1:] {
		kinds, amounts = append(kinds, e.Kind), append(amounts, e.Amount)
		if e.Ref != "PT-77" || !e.ValueDate.Equal(on) {
			t.Errorf("entry %+v", e)
		}
	}
	if !reflect.DeepEqual(kinds, []data.EntryKind{data.EntryPenalty, data.EntryInterest, data.EntryPrincipal}) ||
		!reflect.DeepEqual(amounts, []data.Dong{20_280, 236_080, 4_000_000}) {
		t.Errorf("posted %v %v", kinds, amounts)
	}
	p = f.position(t, "HD-P", "2026-04-01")
	if p.Overdue != 0 || p.Current != 8_000_000 || p.InterestDue != 0 || p.PenaltyDue != 0 {
		t.Errorf("after payment: %+v", p)
	}
	// A payment below the penalty goes to penalty only.
	f.open(t, newLoan("HD-Q", f.leader.ID, 12_000_000, "2025-12-01", 12), 12_000_000)
	split, err = s.PostPayment(ctx, data.Payment{Contract: "hd-q", ValueDate: on, Amount: 20_000})
	must(t, err)
	if split != (data.Split{Penalty: 20_000}) {
		t.Errorf("small payment split = %+v", split)
	}
	assertCheckClean(t, s)
}

func TestPayFromSavings(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s, ctx := f.s, userCtx
	l := f.open(t, newLoan("HD-S", f.member.ID, 10_000_000, "2025-01-10", 12), 10_000_000)
	f.post(t, data.Entry{BorrowerID: f.member.ID, Kind: data.EntryDeposit, ValueDate: data.MustDate("2025-02-01"), Amount: 700_000})
	on := data.MustDate("2025-03-01")
	_, err := s.PostPayment(ctx, data.Payment{Contract: "HD-S", ValueDate: on, Amount: 500_000,
		Parts: &data.Split{Current: 500_000}, FromSavings: true, Ref: "TK-1"})
	must(t, err)
	if got, _ := s.SavingsBalance(ctx, f.member.ID, on); got != 200_000 {
		t.Errorf("savings after = %d, want 200,000", got)
	}
	if got := f.position(t, "HD-S", "2025-03-01"); got.Principal() != 9_500_000 {
		t.Errorf("principal after = %d", got.Principal())
	}
	es, err := s.savingsEntries(ctx, f.member.ID)
	must(t, err)
	if w := es[len(es)-1]; w.Kind != data.EntryWithdraw || w.Amount != 500_000 || w.Ref != "TK-1" || w.Note != "HD-S" {
		t.Errorf("withdrawal = %+v", w)
	}
	b, _ := s.LoanBook(ctx, l.ID)
	if p := b.Entries[len(b.Entries)-1]; p.Kind != data.EntryPrincipal || p.Amount != 500_000 || p.Ref != "TK-1" {
		t.Errorf("principal entry = %+v", p)
	}
	// More than the principal outstanding: both halves refuse, nothing is posted.
	f.post(t, data.Entry{BorrowerID: f.member.ID, Kind: data.EntryDeposit, ValueDate: on, Amount: 20_000_000})
	before := snapshot(t, s)
	_, err = s.PostPayment(ctx, data.Payment{Contract: "HD-S", ValueDate: on, Amount: 9_600_000,
		Parts: &data.Split{Current: 9_600_000}, FromSavings: true})
	assertRule(t, err, "entry.amount", "overpayment")
	if snapshot(t, s) != before {
		t.Error("a refused payment from savings changed the database")
	}
	assertCheckClean(t, s)
}

func TestCreditSavingsInterest(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s, ctx := f.s, userCtx
	f.post(t, data.Entry{BorrowerID: f.member.ID, Kind: data.EntryDeposit, ValueDate: data.MustDate("2025-12-20"), Amount: 400_000})
	f.post(t, data.Entry{BorrowerID: f.member.ID, Kind: data.EntryDeposit, ValueDate: data.MustDate("2026-01-01"), Amount: 600_000})
	f.post(t, data.Entry{BorrowerID: f.leader.ID, Kind: data.EntryDeposit, ValueDate: data.MustDate("2026-07-01"), Amount: 600_000})
	// A later withdrawal (after 30 June) does not change the first half-year's interest.
	f.post(t, data.Entry{BorrowerID: f.member.ID, Kind: data.EntryWithdraw, ValueDate: data.MustDate("2026-10-01"), Amount: 500_000})

	// 1 Jan – 30 Jun 2026 (181 days) on 1,000,000 at 0.1 %/month, days / 30:
	// 1,000,000 × 181 × 0.001 / 30 = 6,033.33 → 6,033. The leader had nothing before July.
	c, err := s.CreditSavingsInterest(ctx, data.MustDate("2026-06-30"))
	must(t, err)
	if n := c.Accounts; n != 1 || c.Total != 6_033 {
		t.Errorf("credited %d accounts, %d in all; want 1 and 6,033", n, c.Total)
	}
	if got, _ := s.SavingsBalance(ctx, f.member.ID, data.MustDate("2026-06-30")); got != 1_006_033 {
		t.Errorf("balance on 30 Jun = %d, want 1,006,033", got)
	}
	_, err = s.CreditSavingsInterest(ctx, data.MustDate("2026-06-30"))
	assertRule(t, err, "entry.value_date", "savings_already_credited")
	for _, d := range []string{"2026-06-29", "2026-07-01", "2026-12-30", "2027-01-01"} {
		_, err = s.CreditSavingsInterest(ctx, data.MustDate(d))
		assertRule(t, err, "entry.value_date", "savings_credit_date")
	}
	// 1 Jul – 31 Dec (184 days). Member: 1,006,033 for 92 days (to 30 Sep) and 506,033 for 92
	// days: (1,006,033 + 506,033) × 92 × 0.001 / 30 = 4,637.00; leader 600,000 × 184 × 0.001 / 30
	// = 3,680.
	c, err = s.CreditSavingsInterest(ctx, data.MustDate("2026-12-31"))
	must(t, err)
	if n := c.Accounts; n != 2 || c.Total != 4_637+3_680 {
		t.Errorf("credited %d accounts, %d in all; want 2 and 8,317", n, c.Total)
	}
	if got, _ := s.SavingsBalance(ctx, f.member.ID, data.MustDate("2026-12-31")); got != 506_033+4_637 {
		t.Errorf("member on 31 Dec = %d, want %d", got, 506_033+4_637)
	}
	if got, _ := s.SavingsBalance(ctx, f.leader.ID, data.MustDate("2026-12-31")); got != 603_680 {
		t.Errorf("leader on 31 Dec = %d, want 603,680", got)
	}
	assertCheckClean(t, s)
}

// TestBalancesAgreeWithTheLedger: after many postings Check finds nothing; a balance changed
// by hand is reported, column by column, and RebuildBalances puts it right.
func TestBalancesAgreeWithTheLedger(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s, ctx := f.s, userCtx
	for i, b := range []data.Borrower{f.member, f.leader} {
		l := f.open(t, newLoan([]string{"HD-X", "HD-Y"}[i], b.ID, 30_000_000, "2025-01-05", 24), 30_000_000)
		f.post(t, data.Entry{BorrowerID: b.ID, Kind: data.EntryDeposit, ValueDate: data.MustDate("2025-01-05"), Amount: 50_000})
		for m := 1; m <= 14; m++ {
			on := data.MustDate("2025-01-05").AddMonths(m)
			p, err := s.Position(ctx, l.Contract, on)
			must(t, err)
			if _, err := s.PostPayment(ctx, data.Payment{Contract: l.Contract, ValueDate: on, Amount: p.InterestDue + p.PenaltyDue + p.Overdue + 500_000, Ref: "T"}); err != nil {
				t.Fatal(err)
			}
			f.post(t, data.Entry{BorrowerID: b.ID, Kind: data.EntryDeposit, ValueDate: on, Amount: 10_000})
			if m == 7 {
				es, _ := s.savingsEntries(ctx, b.ID)
				f.post(t, data.Entry{BorrowerID: b.ID, Kind: data.EntryReversal, ValueDate: on, Reverses: es[len(es)-1].ID})
				bk, _ := s.LoanBook(ctx, l.ID)
				f.post(t, data.Entry{LoanID: l.ID, Kind: data.EntryReversal, ValueDate: on, Reverses: bk.Entries[len(bk.Entries)-1].ID})
			}
		}
	}
	assertCheckClean(t, s)
	if n, err := s.RebuildBalances(ctx); err != nil || n != 0 {
		t.Errorf("RebuildBalances on agreeing balances = %d, %v", n, err)
	}

	x, _ := s.LoanByContract(ctx, "HD-X")
	stored := loanBalance(t, s, x.ID)
	_, err := s.db.Exec(`UPDATE loan_balances SET principal_repaid = principal_repaid + 1, last_value_date = '2030-01-01' WHERE loan_id = ?`, x.ID)
	must(t, err)
	_, err = s.db.Exec(`UPDATE savings_balances SET balance = 7 WHERE borrower_id = ?`, f.leader.ID)
	must(t, err)
	problems, err := s.Check(ctx)
	must(t, err)
	want := []*data.Error{
		data.Invalid("loan", "check_balance", "Contract", "HD-X", "Column", "principal_repaid",
			"Stored", int64(stored.Repaid+1), "Ledger", int64(stored.Repaid)),
		data.Invalid("loan", "check_balance", "Contract", "HD-X", "Column", "last_value_date",
			"Stored", "2030-01-01", "Ledger", stored.Last),
		data.Invalid("savings", "check_balance", "Customer", "KH0001", "Column", "balance",
			"Stored", int64(7), "Ledger", int64(savingsRow(t, s, f.member.ID))),
	}
	if !reflect.DeepEqual(problems, want) {
		t.Errorf("Check =\n%v\nwant\n%v", problems, want)
	}
	n, err := s.RebuildBalances(ctx)
	must(t, err)
	if n != 2 {
		t.Errorf("RebuildBalances fixed %d rows, want 2", n)
	}
	assertCheckClean(t, s)
	if got := loanBalance(t, s, x.ID); got != stored {
		t.Errorf("rebuilt %+v, want %+v", got, stored)
	}
	// A missing balance row is rebuilt too.
	_, err = s.db.Exec(`DELETE FROM loan_balances WHERE loan_id = ?`, x.ID)
	must(t, err)
	if n, _ := s.RebuildBalances(ctx); n != 1 {
		t.Errorf("RebuildBalances after a deleted row fixed %d", n)
	}
	assertCheckClean(t, s)
}

// TestPositionsOfAScope: Positions for a group, a commune and the office equal the positions
// of each loan on its own.
func TestPositionsOfAScope(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s, ctx := f.s, userCtx
	a := f.open(t, newLoan("HD-1", f.member.ID, 20_000_000, "2024-06-15", 36), 20_000_000)
	f.open(t, newLoan("HD-2", f.leader.ID, 30_000_000, "2025-02-01", 24), 15_000_000)
	custom := newLoan("HD-3", f.leader.ID, 5_000_000, "2025-03-01", 12)
	custom.Plan = data.Plan{Kind: data.PlanCustom, Custom: []data.Installment{{Due: data.MustDate("2026-03-01"), Principal: 5_000_000}}}
	custom.RateOverrides = []data.RatePeriod{{Effective: data.MustDate("2025-03-01"), Rate: 7000}}
	f.open(t, custom, 5_000_000)
	f.open(t, newLoan("HD-9", f.outsider.ID, 10_000_000, "2025-01-01", 12), 10_000_000) // commune B, no group
	f.open(t, newLoan("HD-L", f.member.ID, 10_000_000, "2026-06-01", 12), 10_000_000)   // signed after the date
	closed := f.open(t, newLoan("HD-C", f.member.ID, 3_000_000, "2025-12-01", 12), 3_000_000)
	_, err := s.PostPayment(ctx, data.Payment{Contract: "HD-C", ValueDate: data.MustDate("2025-12-31"), Amount: 3_015_600})
	must(t, err)
	for _, m := range []int{1, 2, 3, 5, 8} {
		_, err := s.PostPayment(ctx, data.Payment{Contract: "HD-1", ValueDate: data.MustDate("2024-06-15").AddMonths(m), Amount: 600_000})
		must(t, err)
	}
	f.post(t, data.Entry{LoanID: a.ID, Kind: data.EntryFreeze, ValueDate: data.MustDate("2025-09-01"), Amount: 2_000_000, Decision: "QĐ"})
	on := data.MustDate("2026-02-15")

	check := func(scope PositionScope, want []string) {
		t.Helper()
		got, err := s.Positions(ctx, scope, on)
		must(t, err)
		var contracts []string
		for _, lp := range got {
			contracts = append(contracts, lp.Loan.Contract)
			p, err := s.Position(ctx, lp.Loan.Contract, on)
			must(t, err)
			if !reflect.DeepEqual(lp.Position, p) {
				t.Errorf("%s: Positions gives\n%+v\nPosition gives\n%+v", lp.Loan.Contract, lp.Position, p)
			}
			l, _ := s.loan(ctx, lp.Loan.ID)
			if !reflect.DeepEqual(lp.Loan, l) {
				t.Errorf("%s: loan %+v, want %+v", lp.Loan.Contract, lp.Loan, l)
			}
			b, _ := s.Borrower(ctx, l.BorrowerID)
			if lp.CommuneID != b.CommuneID || lp.VillageID != b.VillageID {
				t.Errorf("%s: commune %d village %d", lp.Loan.Contract, lp.CommuneID, lp.VillageID)
			}
		}
		if !reflect.DeepEqual(contracts, want) {
			t.Errorf("scope %+v: %v, want %v", scope, contracts, want)
		}
	}
	check(PositionScope{GroupID: f.group.ID}, []string{"HD-1", "HD-2", "HD-3"})
	check(PositionScope{CommuneID: f.communeA.ID}, []string{"HD-1", "HD-2", "HD-3"})
	check(PositionScope{CommuneID: f.communeB.ID}, []string{"HD-9"})
	check(PositionScope{}, []string{"HD-1", "HD-2", "HD-3", "HD-9"})
	// Before it closed, the closed loan is in its scope.
	got, err := s.Positions(ctx, PositionScope{GroupID: f.group.ID}, data.MustDate("2025-12-15"))
	must(t, err)
	if len(got) != 4 || got[3].Loan.ID != closed.ID || got[3].Position.Principal() != 3_000_000 {
		t.Errorf("positions on 15 Dec 2025: %d loans", len(got))
	}
	if _, err := s.Positions(ctx, PositionScope{}, data.Date{}); err == nil {
		t.Error("Positions without a date: no error")
	}
}

// TestPostPostings: a batch as the CLI reads it from a file, loans named by contract and
// payments split in the same transaction.
func TestPostPostings(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s, ctx := f.s, userCtx
	f.open(t, newLoan("HD-P", f.member.ID, 12_000_000, "2025-12-01", 12), 12_000_000)
	f.open(t, newLoan("HD-Q", f.leader.ID, 12_000_000, "2025-12-01", 12), 12_000_000)
	on := data.MustDate("2026-04-01")
	before := snapshot(t, s)
	_, err := s.PostPostings(ctx, []data.Posting{
		{Contract: "hd-p", Payment: &data.Payment{ValueDate: on, Amount: 1_000_000}},
		{Contract: "HD-404", Entry: data.Entry{Kind: data.EntryPrincipal, ValueDate: on, Amount: 1}},
		{Contract: "HD-Q", Payment: &data.Payment{ValueDate: on, Amount: 50_000_000}},
		{Contract: "HD-Q", Entry: data.Entry{Kind: data.EntryDeposit, ValueDate: on, Amount: 100}},
	})
	var got []string
	for _, e := range data.DomainErrors(err) {
		got = append(got, fmt.Sprintf("%v %s %s", e.Params["Line"], e.Field, e.Rule))
	}
	want := []string{"2 loan not_found", "3 payment.amount overpayment", "4 entry.amount min_deposit"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("refusals = %v, want %v", got, want)
	}
	if snapshot(t, s) != before {
		t.Error("a refused batch changed the database")
	}
	// Penalty 20,280 + interest 236,080 (TestPaySplitsPenaltyInterestOverdueCurrent) + 743,640
	// of principal; then a deposit to the household of HD-Q.
	ids, err := s.PostPostings(ctx, []data.Posting{
		{Contract: "HD-P", Payment: &data.Payment{ValueDate: on, Amount: 1_000_000, Ref: "B-1"}},
		{Contract: "HD-Q", Entry: data.Entry{Kind: data.EntryDeposit, ValueDate: on, Amount: 100_000, Ref: "B-1"}},
	})
	must(t, err)
	if len(ids) != 4 {
		t.Fatalf("ids = %v", ids)
	}
	p := f.position(t, "HD-P", "2026-04-01")
	if p.PenaltyDue != 0 || p.InterestDue != 0 || p.Principal() != 12_000_000-743_640 {
		t.Errorf("HD-P after the payment: %+v", p)
	}
	if got, _ := s.SavingsBalance(ctx, f.leader.ID, on); got != 100_000 {
		t.Errorf("savings of HD-Q's household = %d", got)
	}
	assertCheckClean(t, s)
}
