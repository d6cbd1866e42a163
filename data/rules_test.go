package data

import (
	"strings"
	"testing"
)

func program(code string) Program {
	for _, p := range DefaultPrograms() {
		if p.Code == code {
			return p
		}
	}
	panic("no program " + code)
}

func TestLoanValidate(t *testing.T) {
	t.Parallel()
	good := func() Loan {
		l := equalLoan(50_000_000, "2026-01-10", 60, 1, 0)
		l.Purpose = "Nuôi bò sinh sản"
		return l
	}
	p01 := program("01") // max 100,000,000 per loan, 120 months
	tests := []struct {
		name   string
		change func(l *Loan)
		p      Program
		want   []string
	}{
		{"good", func(l *Loan) {}, p01, nil},
		{"at the maximum amount and term", func(l *Loan) { l.Amount, l.TermMonths = 100_000_000, 120 }, p01, nil},
		{"custom plan", func(l *Loan) {
			l.Plan = Plan{Kind: PlanCustom, Custom: []Installment{
				{Due: MustDate("2027-01-10"), Principal: 20_000_000}, {Due: MustDate("2031-01-10"), Principal: 30_000_000}}}
		}, p01, nil},
		{"rate overrides", func(l *Loan) {
			l.RateOverrides = []RatePeriod{{Effective: MustDate("2026-01-10"), Rate: 6000}, {Effective: MustDate("2027-01-01"), Rate: 5000}}
		}, p01, nil},
		{"contract missing", func(l *Loan) { l.Contract = " " }, p01, []string{"loan.contract:required"}},
		{"contract with a space", func(l *Loan) { l.Contract = "KU 1" }, p01, []string{"loan.contract:code_chars"}},
		{"contract 31 characters", func(l *Loan) { l.Contract = strings.Repeat("K", 31) }, p01, []string{"loan.contract:too_long"}},
		{"borrower missing", func(l *Loan) { l.BorrowerID = 0 }, p01, []string{"loan.borrower:required"}},
		{"program missing", func(l *Loan) { l.ProgramCode = "" }, p01, []string{"loan.program:required"}},
		{"another program", func(l *Loan) { l.ProgramCode = "19" }, p01, []string{"loan.program:program_mismatch"}},
		{"amount zero", func(l *Loan) { l.Amount = 0 }, p01, []string{"loan.amount:positive"}},
		{"amount above the program's", func(l *Loan) { l.Amount = 100_000_001 }, p01, []string{"loan.amount:amount_max"}},
		// Program 02 counts its maximum per month of study: 50 months × 4,000,000 = 200,000,000.
		{"student maximum is per month", func(l *Loan) {
			l.ProgramCode, l.Amount, l.Units = "02", 200_000_000, 50
			l.Plan = Plan{Kind: PlanStudent, EveryMonths: 6, CourseEnds: MustDate("2029-06-30")}
			l.TermMonths = 96
		}, program("02"), nil},
		{"term zero", func(l *Loan) { l.TermMonths = 0 }, p01, []string{"loan.term:range"}},
		{"term above the program's", func(l *Loan) { l.TermMonths = 121 }, p01, []string{"loan.term:range"}},
		// Program 04 sets no maximum term: 600 months at most.
		{"no program maximum: 600", func(l *Loan) { l.ProgramCode, l.TermMonths = "04", 600 }, program("04"), nil},
		{"no program maximum: 601", func(l *Loan) { l.ProgramCode, l.TermMonths = "04", 601 }, program("04"), []string{"loan.term:range"}},
		{"source missing", func(l *Loan) { l.Source = "" }, p01, []string{"loan.source:required"}},
		{"source unknown", func(l *Loan) { l.Source = "bank" }, p01, []string{"loan.source:one_of"}},
		{"source not allowed", func(l *Loan) { l.Source = SourceLocal }, func() Program {
			p := program("01")
			p.Sources = []FundingSource{SourceCentral}
			return p
		}(), []string{"loan.source:source_not_allowed"}},
		{"purpose 201 letters", func(l *Loan) { l.Purpose = strings.Repeat("ư", 201) }, p01, []string{"loan.purpose:too_long"}},
		{"no contract date", func(l *Loan) { l.SignedOn = Date{} }, p01, []string{"loan.signed_on:required"}},
		{"every 2 months", func(l *Loan) { l.Plan.EveryMonths = 2 }, p01, []string{"loan.plan.every:one_of"}},
		{"grace as long as the term", func(l *Loan) { l.Plan.GraceMonths = 60 }, p01, []string{"loan.plan.grace:range"}},
		{"custom not adding up", func(l *Loan) {
			l.Plan = Plan{Kind: PlanCustom, Custom: []Installment{{Due: MustDate("2027-01-10"), Principal: 20_000_000}}}
		}, p01, []string{"loan.plan.custom:custom_sum"}},
		// Maturity 2026-01-10 + 60 months = 2031-01-10; repayment from 2030-01-10 + 12 months
		// = 2031-01-10 would start at maturity.
		{"student course ends too late", func(l *Loan) {
			l.Plan = Plan{Kind: PlanStudent, EveryMonths: 6, CourseEnds: MustDate("2030-01-10")}
		}, p01, []string{"loan.plan.course_ends:course_ends_late"}},
		{"override rate zero", func(l *Loan) {
			l.RateOverrides = []RatePeriod{{Effective: MustDate("2026-01-10"), Rate: 0}}
		}, p01, []string{"loan.rate:rate_range"}},
		{"override without date", func(l *Loan) { l.RateOverrides = []RatePeriod{{Rate: 5000}} }, p01, []string{"loan.rate:required"}},
		{"overrides out of order", func(l *Loan) {
			l.RateOverrides = []RatePeriod{{Effective: MustDate("2027-01-10"), Rate: 6000}, {Effective: MustDate("2026-01-10"), Rate: 5000}}
		}, p01, []string{"loan.rate:rate_order"}},
		{"status unknown", func(l *Loan) { l.Status = "lost" }, p01, []string{"loan.status:one_of"}},
		{"several at once", func(l *Loan) { l.Contract, l.Amount, l.TermMonths = "", -1, 0 }, p01,
			[]string{"loan.contract:required", "loan.amount:positive", "loan.term:range"}},
	}
	for _, tc := range tests {
		l := good()
		tc.change(&l)
		checkAll(t, tc.name, l.Validate(tc.p), tc.want)
	}

	// Parameters the messages need.
	l := good()
	l.Amount, l.TermMonths = 100_000_001, 121
	err := l.Validate(p01)
	if e := ForField(err, "loan.amount"); e == nil || e.Params["Max"] != Dong(100_000_000) {
		t.Errorf("amount_max params: %v", e)
	}
	if e := ForField(err, "loan.term"); e == nil || e.Params["Min"] != 1 || e.Params["Max"] != 120 {
		t.Errorf("term params: %v", e)
	}
	// Validate normalises what it checks.
	l = good()
	l.Contract, l.Purpose, l.Status = "  KU-001 ", " Nuôi bò ", ""
	if err := l.Validate(p01); err != nil || l.Contract != "KU-001" || l.Purpose != "Nuôi bò" || l.Status != LoanActive {
		t.Errorf("normalised: %q %q %q %v", l.Contract, l.Purpose, l.Status, err)
	}
}

// checkBook: loan A (12,000,000 from 2026-01-10, 12 monthly installments of 1,000,000), with
// savings entries of the same household mixed in.
func checkBook(t *testing.T) Book {
	return bookOf(t, loanA(),
		ent(EntryDisburse, "2026-01-10", 12_000_000), // 1
		ent(EntryPrincipal, "2026-02-10", 1_000_000), // 2: installment 1 paid
		ent(EntryInterest, "2026-02-10", 50_000),     // 3
		ent(EntryFreeze, "2026-03-15", 2_000_000),    // 4: installments 2 and 3 frozen
		reversal("2026-02-12", 3),                    // 5: the interest payment cancelled
		ent(EntryDeposit, "2026-01-15", 100_000),     // 6
		ent(EntryWithdraw, "2026-02-01", 30_000),     // 7: savings 70,000 from 2026-02-01
	)
}

func TestCheckEntry(t *testing.T) {
	t.Parallel()
	with := func(e Entry, f func(e *Entry)) Entry { f(&e); return e }
	noDecision := func(e *Entry) { e.Decision = "" }
	// On 2026-03-01: outstanding 11,000,000, nothing frozen, nothing overdue (installment 1
	// paid). Interest accrued: 12,000,000 × 31 (10 Jan … 9 Feb) + 11,000,000 × 19 (10 … 28
	// Feb) = 581,000,000 đồng-days; × 5,200 / 30,000,000 = 100,706.67 → 100,707; the 50,000
	// paid was reversed, so 100,707 is due.
	// On 2026-04-20: 11,000,000 outstanding, 2,000,000 frozen (installments 2 and 3),
	// 9,000,000 current.
	tests := []struct {
		name string
		e    Entry
		want string // "code field:rule", or "" when accepted
		max  any    // the Max parameter expected, when not nil
	}{
		// 9,000,000 leaves the 2,000,000 frozen on 15 Mar (11,000,000 would not: see below).
		{"principal ok", ent(EntryPrincipal, "2026-03-01", 9_000_000), "", nil},
		{"principal all, then the freeze fails", ent(EntryPrincipal, "2026-03-01", 11_000_000), "conflict entry.value_date:ledger_conflict", nil},
		{"interest ok", ent(EntryInterest, "2026-03-01", 100_707), "", nil},
		{"disburse ok… none left", ent(EntryDisburse, "2026-03-01", 1), "conflict entry.amount:over_approved", Dong(0)},
		{"unknown kind", ent("loan", "2026-03-01", 1), "invalid entry.kind:one_of", nil},
		{"no value date", with(ent(EntryPrincipal, "2026-03-01", 1), func(e *Entry) { e.ValueDate = Date{} }), "invalid entry.value_date:required", nil},
		{"negative amount", ent(EntryPrincipal, "2026-03-01", -1), "invalid entry.amount:not_negative", nil},
		{"zero amount", ent(EntryInterest, "2026-03-01", 0), "invalid entry.amount:positive", nil},
		{"before the contract", ent(EntryPrincipal, "2026-01-09", 1), "invalid entry.value_date:before_signing", nil},
		{"ref too long", with(ent(EntryPrincipal, "2026-03-01", 1), func(e *Entry) { e.Ref = strings.Repeat("R", 51) }), "invalid entry.ref:too_long", nil},
		{"principal above outstanding", ent(EntryPrincipal, "2026-03-01", 11_000_001), "conflict entry.amount:overpayment", Dong(11_000_000)},
		// Frozen principal cannot be repaid: 11,000,000 − 2,000,000 = 9,000,000.
		{"principal above unfrozen", ent(EntryPrincipal, "2026-04-20", 9_000_001), "conflict entry.amount:overpayment", Dong(9_000_000)},
		{"principal = unfrozen", ent(EntryPrincipal, "2026-04-20", 9_000_000), "", nil},
		{"interest above due", ent(EntryInterest, "2026-03-01", 100_708), "conflict entry.amount:overpayment", Dong(100_707)},
		{"penalty when none accrued", ent(EntryPenalty, "2026-03-01", 1), "conflict entry.amount:overpayment", Dong(0)},
		{"freeze without decision", with(ent(EntryFreeze, "2026-04-20", 1), noDecision), "invalid entry.decision:required", nil},
		{"freeze above unfrozen", ent(EntryFreeze, "2026-04-20", 9_000_001), "conflict entry.amount:over_outstanding", Dong(9_000_000)},
		{"unfreeze above frozen", ent(EntryUnfreeze, "2026-04-20", 2_000_001), "conflict entry.amount:over_frozen", Dong(2_000_000)},
		{"unfreeze ok", ent(EntryUnfreeze, "2026-04-20", 2_000_000), "", nil},
		{"write-off above outstanding", ent(EntryWriteOff, "2026-04-20", 11_000_001), "conflict entry.amount:over_outstanding", Dong(11_000_000)},
		{"write-off without decision", with(ent(EntryWriteOff, "2026-04-20", 1), noDecision), "invalid entry.decision:required", nil},
		{"write-off ok", ent(EntryWriteOff, "2026-04-20", 11_000_000), "", nil},
		// Reschedules. Installment 4 is due 2026-05-10, installment 5 2026-06-10.
		{"reschedule ok", reschedule("2026-04-20", 4, "2026-06-10"), "", nil},
		{"reschedule without decision", with(reschedule("2026-04-20", 4, "2026-06-10"), noDecision), "invalid entry.decision:required", nil},
		{"reschedule no installment", reschedule("2026-04-20", 0, "2026-06-10"), "invalid entry.installment:required", nil},
		{"reschedule installment 13", reschedule("2026-04-20", 13, "2026-06-10"), "not_found entry.installment:not_found", nil},
		{"reschedule the last", reschedule("2026-04-20", 12, "2027-02-10"), "invalid entry.installment:last_installment", nil},
		{"reschedule a paid one", reschedule("2026-02-10", 1, "2026-03-01"), "conflict entry.installment:installment_paid", nil},
		{"reschedule no new date", with(reschedule("2026-04-20", 4, "2026-06-10"), func(e *Entry) { e.NewDate = Date{} }), "invalid entry.new_date:required", nil},
		{"reschedule to the same day", reschedule("2026-04-20", 4, "2026-05-10"), "invalid entry.new_date:not_later", nil},
		{"reschedule past the next", reschedule("2026-04-20", 4, "2026-06-11"), "invalid entry.new_date:after_next_due", MustDate("2026-06-10")},
		// Extension: original maturity 2027-01-10, at most 12 months (Settings) → 2028-01-10.
		{"extend ok", extend("2026-12-01", "2028-01-10"), "", nil},
		{"extend without decision", with(extend("2026-12-01", "2028-01-10"), noDecision), "invalid entry.decision:required", nil},
		{"extend to maturity", extend("2026-12-01", "2027-01-10"), "invalid entry.new_date:not_later", nil},
		{"extend too far", extend("2026-12-01", "2028-01-11"), "invalid entry.new_date:extension_max", MustDate("2028-01-10")},
		// Reversals.
		{"reverse the repayment", reversal("2026-03-01", 2), "", nil},
		{"reverse nothing", reversal("2026-03-01", 0), "invalid entry.reverses:required", nil},
		{"reverse a missing entry", reversal("2026-03-01", 99), "not_found entry.reverses:not_found", nil},
		{"reverse a reversal", reversal("2026-03-01", 5), "invalid entry.reverses:reverses_reversal", nil},
		{"reverse twice", reversal("2026-03-01", 3), "conflict entry.reverses:already_reversed", nil},
		{"reverse before the original", reversal("2026-02-09", 2), "invalid entry.value_date:before_original", nil},
		// Without the disbursement, 1,000,000 would have been repaid out of nothing.
		{"reverse the disbursement", reversal("2026-05-01", 1), "conflict entry.reverses:ledger_conflict", nil},
		// Savings: 100,000 − 30,000 = 70,000 from 2026-02-01.
		{"deposit below the minimum", ent(EntryDeposit, "2026-02-05", 4_999), "invalid entry.amount:min_deposit", nil},
		{"deposit the minimum", ent(EntryDeposit, "2026-02-05", 5_000), "", nil},
		{"withdraw above savings", ent(EntryWithdraw, "2026-02-05", 70_001), "conflict entry.amount:over_savings", Dong(70_000)},
		{"withdraw all", ent(EntryWithdraw, "2026-02-05", 70_000), "", nil},
		// Back-dated entries must not break later ones. 80,000 of the 100,000 on 20 Jan leaves
		// 20,000, and the 30,000 withdrawn on 1 Feb would overdraw.
		{"back-dated withdrawal", ent(EntryWithdraw, "2026-01-20", 80_000), "conflict entry.value_date:ledger_conflict", nil},
		{"reverse the deposit", reversal("2026-02-05", 6), "conflict entry.reverses:ledger_conflict", nil},
		// Repaying 10,500,000 on 1 Mar is fine that day, but the 2,000,000 frozen on 15 Mar
		// would then exceed the 500,000 left.
		{"back-dated repayment", ent(EntryPrincipal, "2026-03-01", 10_500_000), "conflict entry.value_date:ledger_conflict", nil},
	}
	for _, tc := range tests {
		err := CheckEntry(checkBook(t), tc.e)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: %v, want accepted", tc.name, err)
			}
			continue
		}
		es := DomainErrors(err)
		if len(es) != 1 {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
			continue
		}
		if got := string(es[0].Code) + " " + es[0].Field + ":" + es[0].Rule; got != tc.want {
			t.Errorf("%s: %s, want %s (%v)", tc.name, got, tc.want, err)
		}
		if tc.max != nil && es[0].Params["Max"] != tc.max {
			t.Errorf("%s: Max = %#v, want %#v", tc.name, es[0].Params["Max"], tc.max)
		}
	}
}

func TestCheckEntryLaterInterest(t *testing.T) {
	t.Parallel()
	// 66,560 of interest paid on 2026-02-11 (12,000,000 × 32 × 5,200 / 30,000,000 = 66,560:
	// all that was due). 10,000 more back-dated to 2026-02-05 is within what was due that day
	// (12,000,000 × 26 × 5,200 / 30,000,000 = 54,080) but overpays by 11 Feb.
	b := bookOf(t, loanA(), ent(EntryDisburse, "2026-01-10", 12_000_000), ent(EntryInterest, "2026-02-11", 66_560))
	checkAll(t, "back-dated interest", CheckEntry(b, ent(EntryInterest, "2026-02-05", 10_000)),
		[]string{"entry.value_date:ledger_conflict"})
	// Back-dated penalty: nothing overdue before 11 Feb.
	checkAll(t, "penalty before overdue", CheckEntry(b, ent(EntryPenalty, "2026-02-10", 1)),
		[]string{"entry.amount:overpayment"})
	// After the 11 Feb payment, interest accrues again: 11,000,000 × 9 × 5,200 / 30,000,000 =
	// 17,160 by 20 Feb, plus 1,000,000 overdue × 9 × 6,760 / 30,000,000 = 2,028 of penalty.
	checkAll(t, "interest after", CheckEntry(b, ent(EntryInterest, "2026-02-20", 17_160)), nil)
	checkAll(t, "penalty after", CheckEntry(b, ent(EntryPenalty, "2026-02-20", 2_028)), nil)
	checkAll(t, "penalty too much", CheckEntry(b, ent(EntryPenalty, "2026-02-20", 2_029)), []string{"entry.amount:overpayment"})
}

func TestExtensionLimitStudent(t *testing.T) {
	t.Parallel()
	// Student: repayment from 2029-06-30 + 12 months = 2030-06-30 to the original maturity
	// 2033-09-05: 38 whole months; half is 19 months → 2033-09-05 + 19 months = 2035-04-05.
	l := equalLoan(40_000_000, "2025-09-05", 96, 6, 0)
	l.ProgramCode = "02"
	l.Plan = Plan{Kind: PlanStudent, EveryMonths: 6, CourseEnds: MustDate("2029-06-30")}
	b := bookOf(t, l, ent(EntryDisburse, "2025-09-05", 10_000_000))
	limit, months, err := ExtensionLimit(b)
	if err != nil || months != 19 || limit != MustDate("2035-04-05") {
		t.Fatalf("ExtensionLimit = %s, %d, %v; want 2035-04-05, 19", limit, months, err)
	}
	checkAll(t, "student extension at the limit", CheckEntry(b, extend("2033-08-01", "2035-04-05")), nil)
	checkAll(t, "student extension a day over", CheckEntry(b, extend("2033-08-01", "2035-04-06")),
		[]string{"entry.new_date:extension_max"})
	// Settings.ExtensionMaxMonths does not apply to students.
	b.Settings.ExtensionMaxMonths = 60
	checkAll(t, "students ignore the setting", CheckEntry(b, extend("2033-08-01", "2035-04-06")),
		[]string{"entry.new_date:extension_max"})
	// A second extension counts from the original maturity too.
	b.Entries = append(b.Entries, extend("2033-08-01", "2034-09-05"))
	b.Entries[len(b.Entries)-1].ID = 9
	checkAll(t, "second extension", CheckEntry(b, extend("2034-08-01", "2035-04-05")), nil)
	checkAll(t, "second extension not later", CheckEntry(b, extend("2034-08-01", "2034-09-05")),
		[]string{"entry.new_date:not_later"})
}

func TestCheckEntryInViewOfLaterReversal(t *testing.T) {
	t.Parallel()
	// Two disbursements of 6,000,000 (10 and 20 Jan); the second is reversed on 1 Mar. A
	// repayment of 8,000,000 back-dated to 10 Feb fits the 12,000,000 lent on that day, but
	// positions from 1 Mar on read the ledger without the second disbursement: 6,000,000 −
	// 8,000,000 < 0 on 10 Feb.
	b := bookOf(t, loanA(),
		ent(EntryDisburse, "2026-01-10", 6_000_000),
		ent(EntryDisburse, "2026-01-20", 6_000_000),
		reversal("2026-03-01", 2),
	)
	err := CheckEntry(b, ent(EntryPrincipal, "2026-02-10", 8_000_000))
	checkAll(t, "repayment undone by a later reversal", err, []string{"entry.value_date:ledger_conflict"})
	if e := ForField(err, "entry.value_date"); e == nil || e.Params["Date"] != MustDate("2026-02-10") {
		t.Errorf("Date param: %v", e)
	}
	checkAll(t, "6,000,000 is fine", CheckEntry(b, ent(EntryPrincipal, "2026-02-10", 6_000_000)), nil)
}

func TestCheckEntryFirstReversal(t *testing.T) {
	t.Parallel()
	// The first reversal of a ledger: the disbursement cannot go while 1,000,000 of it has been
	// repaid.
	b := bookOf(t, loanA(), ent(EntryDisburse, "2026-01-10", 12_000_000), ent(EntryPrincipal, "2026-02-10", 1_000_000))
	checkAll(t, "reverse the disbursement", CheckEntry(b, reversal("2026-03-01", 1)), []string{"entry.reverses:ledger_conflict"})
	checkAll(t, "reverse the repayment", CheckEntry(b, reversal("2026-03-01", 2)), nil)
}
