package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
)

// The property the overdue ratio rests on: whatever the desk posts, in whatever order, a
// loan's overdue principal never goes down except by a payment, a freeze, a write-off or the
// reversal of the entry that put the principal there (a disbursement, an unfreeze), and no
// amount due is ever negative. The steps go through the store, so only what its rules accept
// lands; what they refuse is counted, and must leave the loan as it was.

// propStep is one random action of the property test.
type propStep struct {
	name string
	on   data.Date // its value date, or the period's effective date
	loan data.Loan // the loan it is posted on (for a rate or rule period, any)
	// lowers: the action may lower the loan's overdue principal.
	lowers bool
	// run posts it; a data.Error is a refusal by the rules, anything else a failure.
	run func(ctx context.Context) error
	// loanWide: a rate or rule period, which touches every loan rather than one.
	loanWide bool
}

// propState is what a run of the property test carries from step to step.
type propState struct {
	t        *testing.T
	s        *Store
	rng      *rand.Rand
	today    data.Date
	loans    []data.Loan      // the working set: loans that owed when the run began
	touched  []int64          // loans a step was posted on, in the order first touched
	seen     map[int64]bool   // touched, as a set
	byID     map[int64]string // contract by loan ID
	programs []string
	accepted map[string]int
	refused  map[string]int
}

func TestPropertyOverdueNeverErasedAndNothingDueIsNegative(t *testing.T) {
	t.Parallel()
	steps, seeds := 150, []uint64{1, 2, 3}
	if os.Getenv("POLICYCREDIT_TEST_LONG") == "1" {
		steps, seeds = 600, []uint64{1, 2, 3, 4, 5, 6, 7, 8}
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			t.Parallel()
			runProperty(t, seed, steps)
		})
	}
}

// workingSet is how many loans a run works on.
const workingSet = 30

func runProperty(t *testing.T, seed uint64, steps int) {
	s := newDemoStore(t)
	ctx := userCtx
	st := &propState{t: t, s: s, rng: rand.New(rand.NewPCG(seed, 16)), today: demo.Today,
		seen: map[int64]bool{}, byID: map[int64]string{}, accepted: map[string]int{}, refused: map[string]int{}}
	s.Today = func() data.Date { return st.today }

	positions, err := s.Positions(ctx, PositionScope{}, st.today)
	must(t, err)
	// A working set of loans, so that each sees a sequence of steps (chained reschedules,
	// reversals of what the run posted): every loan already overdue, and others at random.
	var owing []data.Loan
	for _, lp := range positions {
		st.byID[lp.Loan.ID] = lp.Loan.Contract
		switch {
		case lp.Position.Overdue > 0 && len(st.loans) < workingSet/3:
			st.loans = append(st.loans, lp.Loan)
		case lp.Position.Principal() > 0:
			owing = append(owing, lp.Loan)
		}
	}
	if len(owing) < workingSet {
		t.Fatalf("only %d loans with a balance in the demo office", len(owing))
	}
	st.rng.Shuffle(len(owing), func(i, j int) { owing[i], owing[j] = owing[j], owing[i] })
	st.loans = append(st.loans, owing[:workingSet-len(st.loans)]...)
	programs, err := s.Programs(ctx)
	must(t, err)
	for _, p := range programs {
		st.programs = append(st.programs, p.Code)
	}

	for i := 0; i < steps; i++ {
		// The desk's day moves on; most entries are dated that day, some back-dated into the
		// still open past, as a clerk catching up on paper does.
		st.today = st.today.AddDays(st.rng.IntN(6))
		on := st.today
		if st.rng.IntN(3) == 0 {
			on = on.AddDays(-st.rng.IntN(21))
		}
		l := st.loans[st.rng.IntN(len(st.loans))]
		step := st.randomStep(ctx, l, on)
		st.apply(ctx, i, step)
	}
	var ok int
	for _, n := range st.accepted {
		ok += n
	}
	t.Logf("seed %d: %d of %d steps accepted; accepted %v; refused %v", seed, ok, steps, st.accepted, st.refused)
	if ok*10 < steps*3 {
		t.Errorf("only %d of %d steps were accepted: the test hardly exercises the rules", ok, steps)
	}
	for _, kind := range []string{"payment", "reschedule", "extend", "freeze", "reversal", "rate", "rule"} {
		if st.accepted[kind] == 0 {
			t.Errorf("no %s was ever accepted", kind)
		}
	}
	assertCheckClean(t, s)
}

// apply runs one step and checks the property on the loans it can move, on its date, on the
// desk's today, and on the day before its date (which no step may change).
func (st *propState) apply(ctx context.Context, i int, step propStep) {
	t, on, l := st.t, step.on, step.loan
	watch := []int64{l.ID}
	if step.loanWide {
		watch = st.sample(30)
	}
	dates := []data.Date{st.today}
	if on.Before(st.today) {
		dates = append(dates, on)
	}
	if dayBefore := on.AddDays(-1); dayBefore.Before(st.today) {
		dates = append(dates, dayBefore)
	}
	before := st.positions(ctx, watch, dates)
	err := step.run(ctx)
	switch refusals := data.DomainErrors(err); {
	case err == nil:
		st.accepted[step.name]++
		if !step.loanWide && !st.seen[l.ID] {
			st.seen[l.ID] = true
			st.touched = append(st.touched, l.ID)
		}
	case len(refusals) > 0:
		st.refused[step.name+":"+refusals[0].Rule]++
	default:
		t.Fatalf("step %d (%s on %s, %s): %v", i, step.name, l.Contract, on, err)
	}
	after := st.positions(ctx, watch, dates)
	for k, a := range after {
		b := before[k] // zero when the loan owed nothing before
		what := fmt.Sprintf("step %d: %s dated %s on %s (today %s), position on %s", i, step.name, on, st.byID[k.loan], st.today, k.on)
		assertNothingNegative(t, what, a)
		fell := a.Overdue < b.Overdue
		switch {
		case err != nil && !reflect.DeepEqual(a, b):
			t.Errorf("%s: refused (%v), yet the position moved: overdue %d → %d, interest due %d → %d",
				what, err, b.Overdue, a.Overdue, b.InterestDue, a.InterestDue)
		case err == nil && k.on.Before(on) && !reflect.DeepEqual(a, b):
			t.Errorf("%s: the day before the step's date changed: overdue %d → %d, interest due %d → %d, penalty due %d → %d",
				what, b.Overdue, a.Overdue, b.InterestDue, a.InterestDue, b.PenaltyDue, a.PenaltyDue)
		case err == nil && fell && !step.lowers:
			t.Errorf("%s: overdue principal fell %d → %d (current %d → %d)", what, b.Overdue, a.Overdue, b.Current, a.Current)
		}
	}
	st.listed(ctx, fmt.Sprintf("step %d: %s dated %s", i, step.name, on), watch, st.today, after)
}

type posKey struct {
	loan int64
	on   data.Date
}

// positions reads the loans' positions on the dates, one by one (Positions leaves out the
// loans it takes for settled; listed checks that it never leaves out one that owes).
func (st *propState) positions(ctx context.Context, loans []int64, dates []data.Date) map[posKey]data.Position {
	out := map[posKey]data.Position{}
	for _, on := range dates {
		for _, id := range loans {
			p, err := st.s.Position(ctx, st.byID[id], on)
			must(st.t, err)
			out[posKey{id, on}] = p
		}
	}
	return out
}

// listed checks that the office's lists (Positions) carry every loan of ps that owes
// something, with the same figures.
func (st *propState) listed(ctx context.Context, what string, loans []int64, on data.Date, ps map[posKey]data.Position) {
	lps, err := st.s.Positions(ctx, PositionScope{LoanIDs: loans}, on)
	must(st.t, err)
	got := map[int64]data.Position{}
	for _, lp := range lps {
		got[lp.Loan.ID] = lp.Position
	}
	for _, id := range loans {
		want := ps[posKey{id, on}]
		if p, ok := got[id]; ok && !reflect.DeepEqual(p, want) {
			st.t.Errorf("%s: Positions and Position differ for %s on %s", what, st.byID[id], on)
		} else if !ok && want.Owed() > 0 {
			st.t.Errorf("%s: %s owes %d on %s (interest due %d, penalty due %d), yet Positions leaves it out",
				what, st.byID[id], want.Owed(), on, want.InterestDue, want.PenaltyDue)
		}
	}
}

func assertNothingNegative(t *testing.T, what string, p data.Position) {
	t.Helper()
	for _, f := range []struct {
		name string
		v    data.Dong
	}{{"interest due", p.InterestDue}, {"penalty due", p.PenaltyDue}, {"current", p.Current},
		{"overdue", p.Overdue}, {"frozen", p.Frozen}, {"interest credit", p.InterestCredit}, {"penalty credit", p.PenaltyCredit}} {
		if f.v < 0 {
			t.Errorf("%s: %s is %d", what, f.name, f.v)
		}
	}
}

// sample is up to n loans the run has touched, topped up with random others.
func (st *propState) sample(n int) []int64 {
	out := st.touched[:min(n, len(st.touched)):min(n, len(st.touched))]
	for len(out) < n {
		out = append(out, st.loans[st.rng.IntN(len(st.loans))].ID)
	}
	return out
}

// upTo is a random amount from 1 to max (1 when max is not positive, which the rules refuse).
func (st *propState) upTo(max data.Dong) data.Dong {
	if max <= 1 {
		return 1
	}
	if st.rng.IntN(5) == 0 {
		return max // settle it exactly
	}
	return data.Dong(st.rng.Int64N(int64(max))) + 1
}

// randomStep picks an action on loan l dated on, with amounts and dates drawn around what
// the loan's position allows, so that many are accepted and some overstep.
func (st *propState) randomStep(ctx context.Context, l data.Loan, on data.Date) propStep {
	s, rng := st.s, st.rng
	p, err := s.Position(ctx, l.Contract, on)
	must(st.t, err)
	post := func(name string, lowers bool, e data.Entry) propStep {
		if e.LoanID == 0 {
			e.LoanID = l.ID
		}
		if e.ValueDate.IsZero() {
			e.ValueDate = on
		}
		if e.LoanID != l.ID {
			l = st.loanByID(e.LoanID)
		}
		return propStep{name: name, on: e.ValueDate, loan: l, lowers: lowers, run: func(ctx context.Context) error { return s.Post(ctx, &e) }}
	}
	// lateDate dates a move on the day it names, when that day has passed: a decision
	// written up after the debt fell overdue.
	lateDate := func(due data.Date) data.Date {
		if rng.IntN(2) == 0 && due.Before(st.today) && !due.Before(st.today.AddDays(-60)) {
			return due
		}
		return on
	}
	// A few draws overstep on purpose: the rules must refuse them and leave the loan as it was.
	over := func(d data.Dong) data.Dong {
		if rng.IntN(10) == 0 {
			return d + 1 + data.Dong(rng.IntN(1000))
		}
		return d
	}
	switch rng.IntN(16) {
	case 0, 1, 2:
		amount := over(st.upTo(p.Owed()))
		return propStep{name: "payment", on: on, loan: l, lowers: true, run: func(ctx context.Context) error {
			_, err := s.PostPayment(ctx, data.Payment{LoanID: l.ID, ValueDate: on, Amount: amount})
			return err
		}}
	case 3:
		return post("principal", true, data.Entry{Kind: data.EntryPrincipal, Amount: over(st.upTo(p.Current + p.Overdue))})
	case 4:
		if rng.IntN(2) == 0 {
			return post("interest", false, data.Entry{Kind: data.EntryInterest, Amount: over(st.upTo(p.InterestDue))})
		}
		return post("penalty", false, data.Entry{Kind: data.EntryPenalty, Amount: over(st.upTo(p.PenaltyDue))})
	case 5:
		return post("disburse", false, data.Entry{Kind: data.EntryDisburse, Amount: over(st.upTo(l.Amount - p.Disbursed))})
	case 6, 7:
		// Any installment, moved anywhere from a few days to well over a period later: past
		// due, past the next one, past maturity, chained onto an earlier move.
		// Half the time the probe the audit made: an installment of the working set that fell
		// due lately and is unpaid, moved by a decision dated on its due date.
		if rng.IntN(2) == 0 {
			if id, in, ok := st.lateInstallment(ctx); ok {
				return post("reschedule", false, data.Entry{LoanID: id, Kind: data.EntryReschedule, ValueDate: in.Due,
					Installment: in.No, NewDate: in.Due.AddDays(1 + rng.IntN(60)), Decision: "QĐ điều chỉnh kỳ hạn"})
			}
		}
		var inst data.InstallmentPosition
		var overdue []data.InstallmentPosition
		for _, x := range p.Installments {
			if x.Status == data.InstOverdue {
				overdue = append(overdue, x)
			}
		}
		switch n := len(p.Installments); {
		case len(overdue) > 0 && rng.IntN(3) == 0:
			inst = overdue[rng.IntN(len(overdue))]
		case p.Next != nil && rng.IntN(2) == 0:
			inst = *p.Next
		case n > 0:
			inst = p.Installments[rng.IntN(n)]
		}
		newDate := inst.Due.AddDays(1 + rng.IntN(120))
		return post("reschedule", false, data.Entry{Kind: data.EntryReschedule, ValueDate: lateDate(inst.Due),
			Installment: inst.No, NewDate: newDate, Decision: "QĐ điều chỉnh kỳ hạn"})
	case 8:
		// Half the time the other probe the audit made: a loan past its final maturity with
		// principal unpaid, extended after the fact.
		if rng.IntN(2) == 0 {
			if id, maturity, ok := st.maturedLoan(ctx); ok {
				return post("extend", false, data.Entry{LoanID: id, Kind: data.EntryExtend, ValueDate: lateDate(maturity),
					NewDate: maturity.AddDays(1 + rng.IntN(300)), Decision: "QĐ gia hạn"})
			}
		}
		return post("extend", false, data.Entry{Kind: data.EntryExtend, ValueDate: lateDate(p.Maturity),
			NewDate: p.Maturity.AddDays(1 + rng.IntN(500)), Decision: "QĐ gia hạn"})
	case 9:
		if p.Frozen > 0 && rng.IntN(2) == 0 {
			return post("unfreeze", false, data.Entry{Kind: data.EntryUnfreeze, Amount: over(st.upTo(p.Frozen))})
		}
		return post("freeze", true, data.Entry{Kind: data.EntryFreeze, Amount: over(st.upTo(p.Current + p.Overdue)),
			Decision: "QĐ khoanh nợ"})
	case 10:
		if rng.IntN(2) == 0 {
			return post("writeoff", true, data.Entry{Kind: data.EntryWriteOff, Amount: over(st.upTo(p.Principal())),
				Decision: "QĐ xóa nợ"})
		}
		return post("writeoff_interest", false, data.Entry{Kind: data.EntryWriteOffInterest,
			Amount: over(st.upTo(p.InterestDue + p.PenaltyDue)), Decision: "QĐ xóa nợ lãi"})
	case 11, 12, 13:
		b, err := s.LoanBook(ctx, l.ID)
		must(st.t, err)
		if len(b.Entries) == 0 {
			return post("reversal", false, data.Entry{Kind: data.EntryReversal, Reverses: 1})
		}
		// Mostly the loan's latest entries, which the run itself posted, sometimes any.
		k := len(b.Entries) - 1 - rng.IntN(min(len(b.Entries), 6))
		if rng.IntN(4) == 0 {
			k = rng.IntN(len(b.Entries))
		}
		orig := b.Entries[k]
		// Only the reversal of what put principal on the loan may take overdue principal away.
		lowers := orig.Kind == data.EntryDisburse || orig.Kind == data.EntryUnfreeze
		return post("reversal", lowers, data.Entry{Kind: data.EntryReversal, Reverses: orig.ID, Note: "sai số liệu"})
	case 14:
		code := st.programs[rng.IntN(len(st.programs))]
		r := data.RatePeriod{ProgramCode: code, Effective: st.periodDate(), Rate: data.Rate(2000 + rng.IntN(8000)),
			Decision: "QĐ lãi suất"}
		return propStep{name: "rate", on: r.Effective, loan: l, loanWide: true, run: func(ctx context.Context) error { return s.AddRatePeriod(ctx, r) }}
	default:
		rp := data.RulePeriod{Key: data.RuleInterestBasis, Effective: st.periodDate(), Value: "days30"}
		switch rng.IntN(3) {
		case 0:
			rp.Value = "days365"
		case 1:
			rp.Key, rp.Value = data.RulePenaltyPercent, fmt.Sprint(100+rng.IntN(101))
		}
		return propStep{name: "rule", on: rp.Effective, loan: l, loanWide: true, run: func(ctx context.Context) error { return s.AddRulePeriod(ctx, rp) }}
	}
}

// periodDate is an effective date for a rate or rule period: mostly in the past, back to
// before the demo's history, some ahead of today as decisions announced in advance are.
func (st *propState) periodDate() data.Date {
	if st.rng.IntN(4) == 0 {
		return st.today.AddDays(1 + st.rng.IntN(90))
	}
	return st.today.AddDays(-st.rng.IntN(3 * 365))
}

// lateInstallment finds, among the working set, an installment that fell due in the last 60
// days and is overdue today.
func (st *propState) lateInstallment(ctx context.Context) (int64, data.InstallmentPosition, bool) {
	ids := make([]int64, len(st.loans))
	for i, l := range st.loans {
		ids[i] = l.ID
	}
	lps, err := st.s.Positions(ctx, PositionScope{LoanIDs: ids}, st.today)
	must(st.t, err)
	st.rng.Shuffle(len(lps), func(i, j int) { lps[i], lps[j] = lps[j], lps[i] })
	for _, lp := range lps {
		for _, in := range lp.Position.Installments {
			if in.Status == data.InstOverdue && !in.Due.Before(st.today.AddDays(-60)) {
				return lp.Loan.ID, in, true
			}
		}
	}
	return 0, data.InstallmentPosition{}, false
}

// maturedLoan finds, among the working set, a loan past its final maturity that still owes
// principal on the desk's today.
func (st *propState) maturedLoan(ctx context.Context) (int64, data.Date, bool) {
	for _, k := range st.rng.Perm(len(st.loans)) {
		p, err := st.s.Position(ctx, st.loans[k].Contract, st.today)
		must(st.t, err)
		if p.Maturity.Before(st.today) && p.Current+p.Overdue > 0 {
			return st.loans[k].ID, p.Maturity, true
		}
	}
	return 0, data.Date{}, false
}

// loanByID is a loan of the working set.
func (st *propState) loanByID(id int64) data.Loan {
	for _, l := range st.loans {
		if l.ID == id {
			return l
		}
	}
	st.t.Fatalf("loan %d is not in the working set", id)
	return data.Loan{}
}

// The case the property test first found: a loan repaid in full is closed and left out of the
// lists; a rate raised from a date before its repayment makes it owe interest again, and it
// must come back into the lists, open, with that interest due.
func TestRateRaisedInThePastReopensASettledLoan(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s, ctx := f.s, userCtx
	l := f.open(t, newLoan("HD-P", f.member.ID, 12_000_000, "2025-01-10", 12), 12_000_000)
	settled := f.position(t, "HD-P", "2025-03-10")
	_, err := s.PostPayment(ctx, data.Payment{LoanID: l.ID, ValueDate: data.MustDate("2025-03-10"), Amount: settled.Owed()})
	must(t, err)
	status := func() data.LoanStatus {
		got, err := s.LoanByContract(ctx, "HD-P")
		must(t, err)
		return got.Status
	}
	listed := func() (data.Position, bool) {
		lps, err := s.Positions(ctx, PositionScope{LoanIDs: []int64{l.ID}}, data.MustDate("2025-06-01"))
		must(t, err)
		if len(lps) == 0 {
			return data.Position{}, false
		}
		return lps[0].Position, true
	}
	if st := status(); st != data.LoanClosed {
		t.Fatalf("repaid in full: status %s, want closed", st)
	}
	if _, ok := listed(); ok {
		t.Fatalf("a closed loan is listed")
	}

	// The program's rate raised from 1 Feb 2025, a month before the repayment.
	must(t, s.AddRatePeriod(ctx, data.RatePeriod{ProgramCode: "01", Effective: data.MustDate("2025-02-01"), Rate: 9000,
		Decision: "QĐ 7/2025"}))
	p, ok := listed()
	if st := status(); st != data.LoanActive || !ok || p.InterestDue <= 0 || p.Owed() != p.InterestDue {
		t.Fatalf("after a rate raised in the past: status %s, listed %v, interest due %d, owed %d; want active, listed, interest only",
			st, ok, p.InterestDue, p.Owed())
	}
	assertCheckClean(t, s)
}
