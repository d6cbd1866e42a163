package data

import (
	"slices"
	"sort"
)

// The loan engine: what a loan owes on any date, to the đồng.
//
// Day counting. Balances on day t are those at the end of t: every entry with a value date ≤ t
// counts. The interest of day t is computed on those balances, at the rate in force on t.
// PositionOn(on) includes the entries dated on and the interest of the days before on. So a
// disbursement on D bears interest from D (counted) and a repayment on R stops interest from R
// (R is not counted on the part repaid).
//
// Principal. Outstanding O = disbursed − repaid − written off; frozen F comes from freeze,
// unfreeze and write-off entries (a write-off takes frozen debt first). Laid along the
// schedule, in due order, the principal is cut in three bands: [0, C) covered by repayments
// and write-offs (C = repaid + written off), [C, C+F) frozen, [C+F, disbursed) owed. The part
// of the owed band lying in installments whose due date is before t is overdue on t (an
// installment due on D is overdue from D+1); the rest is current. Principal disbursed beyond
// the schedule's total belongs to the last installment; approved principal never disbursed
// is owed by nobody.
//
// Interest. Normal interest on Current (and on Frozen when frozen debt accrues), penalty
// interest on Overdue at the penalty percentage of the rate. The day-count basis, the penalty
// percentage and whether frozen debt accrues are dated rules (rule_periods.go): each day uses
// the rule in force on it. Days are walked in segments between events (entries, the day after
// each due date, rate changes, rule changes), numerators summed exactly (accrual.go) and
// rounded half-up once.
//
// Credit. When a rate or rule dated in the past makes less due than was already paid, the
// excess is a credit (InterestCredit, PenaltyCredit), never a negative amount due; it is taken
// off the interest that accrues next, since due and credit are both read from accrued − paid.
//
// Reversals. A reversal dated R voids the entry it names in every position on or after R, as
// if that entry had never been posted; positions before R still see it. A reversal naming
// another reversal has no effect (CheckEntry refuses it).

// engineEntry is a ledger entry reduced to what the engine reads. It holds no pointers, so
// that slices of it cost the garbage collector nothing.
type engineEntry struct {
	day    int64
	newDay int64 // reschedule and extend; 0 when no new date
	amount Dong
	inst   int
	kind   kindCode
}

// kindCode numbers entry kinds for the engine's inner loops: a kind's place in Kinds, from 1;
// 0 is no known kind.
type kindCode uint8

func codeOf(k EntryKind) kindCode { return kindCodes[k] }

// kindFact is what the engine's inner loops read of a kind's row of Kinds.
type kindFact struct {
	moves                Balance
	sign                 Dong
	installment, newDate bool
}

// kindFacts holds the facts of each kind by its code (index 0: no known kind, moving nothing).
var kindFacts = func() []kindFact {
	out := make([]kindFact, len(Kinds)+1)
	for i, k := range Kinds {
		out[i+1] = kindFact{moves: k.Moves, sign: k.Sign, installment: k.Installment, newDate: k.NewDate}
	}
	return out
}()

// engine holds one position computation.
type engine struct {
	onDay int64

	// dated rules: regs[ig-1] is in force on the current day
	regs []ruleRegime
	ig   int

	// schedule, indexed like the book's schedule
	sched []Installment
	due   []int64
	moved []bool
	order []int  // installment indexes sorted by (due, index)
	cum   []Dong // cum[j] = principal of order[0:j]
	dirty bool

	// rates
	over, prog         []RatePeriod
	overDays, progDays []int64
	io, ip             int // periods started by the current day

	// balances
	dis, repaid, wo, frozen, intPaid, penPaid Dong
	intWO, penWO                              Dong // interest and penalty written off
	interest, penalty                         exactSum
}

// kindSet is a set of entry kinds.
type kindSet uint32

func (s kindSet) has(c kindCode) bool { return s&(1<<c) != 0 }

var (
	loanKinds      = kindsWhere(func(k KindInfo) bool { return k.Ledger == LoanLedger })
	savingsKinds   = kindsWhere(func(k KindInfo) bool { return k.Ledger == SavingsLedger })
	principalKinds = kindsWhere(func(k KindInfo) bool {
		return k.Moves == BalDisbursed || k.Moves == BalRepaid || k.Moves == BalFrozen || k.Moves == BalWrittenOff
	})
)

// loanKind reports whether an entry of kind k belongs to a loan's ledger (not to savings).
func loanKind(k EntryKind) bool { return loanKinds.has(codeOf(k)) }

// savingsKind reports whether an entry of kind k belongs to a household's savings.
func savingsKind(k EntryKind) bool { return savingsKinds.has(codeOf(k)) }

// principalKind reports whether k changes the principal balances.
func principalKind(k EntryKind) bool { return principalKinds.has(codeOf(k)) }

// voidedBy returns, sorted, the IDs of the entries of es voided by reversals dated on or
// before viewDay; nil when there are none. A reversal naming a reversal voids nothing.
func voidedBy(es []Entry, viewDay int64) []int64 {
	var voided, reversals []int64
	found := false
	for i := range es {
		if x := &es[i]; x.Kind == EntryReversal {
			found = true
			if x.ID != 0 {
				reversals = append(reversals, x.ID)
			}
		}
	}
	if !found {
		return nil
	}
	slices.Sort(reversals)
	for i := range es {
		x := &es[i]
		if x.Kind == EntryReversal && x.Reverses != 0 && !x.ValueDate.IsZero() && dayNum(x.ValueDate) <= viewDay {
			if _, isReversal := slices.BinarySearch(reversals, x.Reverses); !isReversal {
				voided = append(voided, x.Reverses)
			}
		}
	}
	slices.Sort(voided)
	return voided
}

// effectiveEntries returns the entries of es whose kind is in keep, dated on or before onDay
// and not voided, sorted by value date (posting order within a day).
func effectiveEntries(es []Entry, onDay int64, keep kindSet) []engineEntry {
	return entriesInView(es, onDay, onDay, keep)
}

// entriesInView is effectiveEntries with the reversals dated on or before viewDay voiding.
func entriesInView(es []Entry, viewDay, onDay int64, keep kindSet) []engineEntry {
	voided := voidedBy(es, viewDay)
	out := make([]engineEntry, 0, len(es))
	sorted := true
	for i := range es {
		x := &es[i]
		code := codeOf(x.Kind)
		if !keep.has(code) || x.ValueDate.IsZero() {
			continue
		}
		if len(voided) > 0 && x.ID != 0 {
			if _, v := slices.BinarySearch(voided, x.ID); v {
				continue
			}
		}
		d := dayNum(x.ValueDate)
		if d > onDay {
			continue
		}
		ee := engineEntry{day: d, kind: code, amount: x.Amount, inst: x.Installment}
		if !x.NewDate.IsZero() {
			ee.newDay = dayNum(x.NewDate)
		}
		if n := len(out); n > 0 && out[n-1].day > d {
			sorted = false
		}
		out = append(out, ee)
	}
	if !sorted {
		sort.SliceStable(out, func(i, j int) bool { return out[i].day < out[j].day })
	}
	return out
}

// PositionsOn is PositionOn on each of dates (in ascending order), in one walk through the
// ledger between the dates that see the same reversals: check reads a loan on every month end
// of its life, which one PositionOn a date made quadratic in the loan's age.
func PositionsOn(b Book, dates []Date) ([]Position, error) {
	out := make([]Position, 0, len(dates))
	st, err := startOf(b)
	if err != nil {
		return nil, err
	}
	for start := 0; start < len(dates); {
		if dates[start].IsZero() {
			return nil, Invalid("position.date", "required")
		}
		// The dates whose view voids the same entries walk one list of entries.
		voided := voidedBy(b.Entries, dayNum(dates[start]))
		end := start + 1
		for end < len(dates) && !dates[end].Before(dates[end-1]) && slices.Equal(voidedBy(b.Entries, dayNum(dates[end])), voided) {
			end++
		}
		last := dayNum(dates[end-1])
		e := st.engine(dayNum(dates[start]))
		entries := entriesInView(b.Entries, last, last, loanKinds)
		var w walker
		for _, d := range dates[start:end] {
			e.onDay = dayNum(d)
			if err := e.walkOn(&w, entries); err != nil {
				return nil, err
			}
			out = append(out, e.position(d))
		}
		start = end
	}
	return out, nil
}

// PositionOn returns what the loan of b owes on date on: the entries dated on or before on,
// and the interest of the days before on (see the rules at the top of engine.go). Savings
// entries in b.Entries are ignored. When b.Schedule is empty the schedule is built from the
// plan. The dated rules come from b.Settings.Rules; a rule with no period there uses its
// undated field of b.Settings, where a zero InterestBasis means Basis30 and a zero
// PenaltyPercent the default 130 %. It fails when a day with a balance has no rate in force
// (field "loan.rate", rule "no_rate", param Date).
func PositionOn(b Book, on Date) (Position, error) {
	if on.IsZero() {
		return Position{}, Invalid("position.date", "required")
	}
	st, err := startOf(b)
	if err != nil {
		return Position{}, err
	}
	e := st.engine(dayNum(on))
	entries := effectiveEntries(b.Entries, e.onDay, loanKinds)
	if err := e.walk(entries); err != nil {
		return Position{}, err
	}
	return e.position(on), nil
}

// bookStart is what every walk of a book starts from: its dated rules and its schedule,
// built from the plan when the book has none.
type bookStart struct {
	b     Book
	regs  []ruleRegime
	den   uint64
	sched []Installment
}

func startOf(b Book) (bookStart, error) {
	regs, den, err := b.Settings.regimes()
	if err != nil {
		return bookStart{}, err
	}
	sched := b.Schedule
	if len(sched) == 0 {
		if sched, err = BuildSchedule(b.Loan); err != nil {
			return bookStart{}, err
		}
	}
	return bookStart{b: b, regs: regs, den: den, sched: sched}, nil
}

// engine is a new engine on day, ready to walk the book's entries.
func (st bookStart) engine(day int64) *engine {
	e := &engine{onDay: day, regs: st.regs}
	e.interest, e.penalty = newExactSum(st.den), newExactSum(st.den)
	e.initSchedule(st.sched)
	e.initRates(st.b.Loan.RateOverrides, st.b.Rates)
	return e
}

func (e *engine) initSchedule(sched []Installment) {
	n := len(sched)
	e.sched = sched
	e.due = make([]int64, n)
	e.moved = make([]bool, n)
	e.order = make([]int, n)
	e.cum = make([]Dong, n+1)
	for i, in := range sched {
		e.due[i] = dayNum(in.Due)
		e.order[i] = i
	}
	e.reorder()
}

// reorder sorts installments by current due date (then by number) and rebuilds the running
// totals of principal in that order.
func (e *engine) reorder() {
	o := e.order
	for i := 1; i < len(o); i++ { // insertion sort: the order is almost always sorted already
		for j := i; j > 0 && e.less(o[j], o[j-1]); j-- {
			o[j], o[j-1] = o[j-1], o[j]
		}
	}
	for j, k := range o {
		e.cum[j+1] = e.cum[j] + e.sched[k].Principal
	}
	e.dirty = false
}

func (e *engine) less(a, b int) bool {
	if e.due[a] != e.due[b] {
		return e.due[a] < e.due[b]
	}
	return a < b
}

func (e *engine) initRates(overrides, program []RatePeriod) {
	sorted := func(ps []RatePeriod) []RatePeriod {
		if sort.SliceIsSorted(ps, func(i, j int) bool { return ps[i].Effective.Before(ps[j].Effective) }) {
			return ps
		}
		c := append([]RatePeriod(nil), ps...)
		sort.SliceStable(c, func(i, j int) bool { return c[i].Effective.Before(c[j].Effective) })
		return c
	}
	days := func(ps []RatePeriod) []int64 {
		out := make([]int64, len(ps))
		for i, p := range ps {
			out[i] = dayNum(p.Effective)
		}
		return out
	}
	e.over, e.prog = sorted(overrides), sorted(program)
	e.overDays, e.progDays = days(e.over), days(e.prog)
}

// advanceRates moves the rate pointers to day t (days only increase).
func (e *engine) advanceRates(t int64) {
	for e.io < len(e.overDays) && e.overDays[e.io] <= t {
		e.io++
	}
	for e.ip < len(e.progDays) && e.progDays[e.ip] <= t {
		e.ip++
	}
	for e.ig < len(e.regs) && e.regs[e.ig].day <= t {
		e.ig++
	}
}

// rate is the rate in force on the current day: the loan's override once one has started,
// else the program's.
func (e *engine) rate() (Rate, bool) {
	if e.io > 0 {
		return e.over[e.io-1].Rate, true
	}
	if e.ip > 0 {
		return e.prog[e.ip-1].Rate, true
	}
	return 0, false
}

// nextRateChange is the first day after the current one on which a rate period or a rule
// period starts.
func (e *engine) nextRateChange() int64 {
	next := maxDay
	if e.ig < len(e.regs) {
		next = e.regs[e.ig].day
	}
	if e.io < len(e.overDays) && e.overDays[e.io] < next {
		next = e.overDays[e.io]
	}
	if e.ip < len(e.progDays) && e.progDays[e.ip] < next {
		next = e.progDays[e.ip]
	}
	return next
}

// dueBefore counts the installments due before day t: they lead the due order.
func (e *engine) dueBefore(t int64) int {
	lo, hi := 0, len(e.order)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if e.due[e.order[m]] < t {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// index finds the installment numbered no.
func (e *engine) index(no int) int {
	if no >= 1 && no <= len(e.sched) && (e.sched[no-1].No == no || e.sched[no-1].No == 0) {
		return no - 1
	}
	for i, in := range e.sched {
		if in.No == no {
			return i
		}
	}
	return -1
}

func (e *engine) apply(x engineEntry) {
	f := &kindFacts[x.kind]
	switch f.moves {
	case BalDisbursed:
		e.dis += f.sign * x.amount
	case BalRepaid:
		e.repaid += f.sign * x.amount
	case BalInterest:
		e.intPaid += f.sign * x.amount
	case BalPenalty:
		e.penPaid += f.sign * x.amount
	case BalFrozen:
		e.frozen += f.sign * x.amount // CheckEntry keeps it ≥ 0 at the end of every day
	case BalWrittenOff:
		e.wo += f.sign * x.amount
		e.frozen -= min(x.amount, max(e.frozen, 0)) // a write-off takes frozen debt first
	case BalInterestWrittenOff:
		// Penalty due first, then interest, as a payment takes them: the interest of the days
		// before this one has accrued already (walk applies a day's entries before accruing it).
		pen := min(x.amount, max(e.penalty.round()-e.penPaid-e.penWO, 0))
		e.penWO += pen
		e.intWO += x.amount - pen
	}
	if f.newDate && x.newDay != 0 {
		k := len(e.sched) - 1 // extension: the last installment
		if f.installment {
			k = e.index(x.inst)
		}
		if k >= 0 {
			e.due[k], e.moved[k] = x.newDay, true
			e.dirty = true
		}
	}
}

// dueDate is installment k's current due date.
func (e *engine) dueDate(k int) Date {
	if e.moved[k] {
		return dateOfDay(e.due[k])
	}
	return e.sched[k].Due
}

// split returns the principal outstanding, frozen, overdue and current at the end of a day
// on which the first m installments of the due order are past due.
func (e *engine) split(m int) (out, frozen, overdue, current Dong) {
	out = e.dis - e.repaid - e.wo
	frozen = min(max(e.frozen, 0), max(out, 0))
	lo, hi := e.repaid+e.wo+frozen, e.dis // the owed band
	if m < len(e.order) {
		hi = min(hi, e.cum[m])
	}
	overdue = max(hi-lo, 0)
	return out, frozen, overdue, out - frozen - overdue
}

// walk applies the entries day by day in segments and accrues interest for days < onDay.
func (e *engine) walk(entries []engineEntry) error {
	var w walker
	return e.walkOn(&w, entries)
}

// walker is where a walk stands, so that it can go on to a later day: t the day reached, i
// the entries applied, m the installments due before t (leading the due order).
type walker struct {
	started bool
	t       int64
	i, m    int
}

// walkOn walks from where w stands up to e.onDay; e.onDay may be raised and walkOn called
// again, as long as entries (all those up to the last day) stay the same.
func (e *engine) walkOn(w *walker, entries []engineEntry) error {
	if !w.started {
		w.started = true
		w.t = e.onDay
		if len(entries) > 0 && entries[0].day < w.t {
			w.t = entries[0].day
		}
	}
	t, i, m, n := w.t, w.i, w.m, len(e.order)
	defer func() { w.t, w.i, w.m = t, i, m }()
	for {
		for i < len(entries) && entries[i].day <= t {
			e.apply(entries[i])
			i++
		}
		if e.dirty {
			e.reorder()
			m = e.dueBefore(t)
		}
		if t >= e.onDay {
			return nil
		}
		for m < n && e.due[e.order[m]] < t {
			m++
		}
		next := e.onDay
		if i < len(entries) && entries[i].day < next {
			next = entries[i].day
		}
		if m < n && e.due[e.order[m]]+1 < next {
			next = e.due[e.order[m]] + 1 // the day it turns overdue
		}
		e.advanceRates(t)
		if r := e.nextRateChange(); r < next {
			next = r
		}
		if err := e.accrue(t, next-t, m); err != nil {
			return err
		}
		t = next
	}
}

// accrue adds the interest of the days [t, t+days), on which balances and rates are constant.
func (e *engine) accrue(t, days int64, m int) error {
	_, frozen, overdue, current := e.split(m)
	g := &e.regs[e.ig-1] // the first regime starts before any day
	base := max(current, 0)
	if g.frozenAccrues {
		base += frozen
	}
	if base <= 0 && overdue <= 0 {
		return nil
	}
	r, ok := e.rate()
	if !ok || r < 0 {
		return Invalid("loan.rate", "no_rate", "Date", dateOfDay(t))
	}
	k, ok1 := mul3(uint64(r), g.basis.perMonth, uint64(days))
	kp, ok2 := mul3(uint64(r), g.basis.perMonthP*g.penaltyPct, uint64(days))
	if !ok1 || !ok2 {
		return Invalid("position.interest", "overflow")
	}
	e.interest.add(base, k)
	e.penalty.add(overdue, kp)
	if e.interest.overflow || e.penalty.overflow {
		return Invalid("position.interest", "overflow")
	}
	return nil
}

// dueAndCredit splits accrued − paid into what is due and, when more was paid than a rate or
// rule dated in the past leaves accrued, the credit carried on the loan.
func dueAndCredit(accrued, paid Dong) (due, credit Dong) {
	return max(accrued-paid, 0), max(paid-accrued, 0)
}

func overlap(lo, hi, a, b Dong) Dong {
	return max(min(hi, b)-max(lo, a), 0)
}

// position reports the state reached at the end of onDay.
func (e *engine) position(on Date) Position {
	n := len(e.order)
	m := e.dueBefore(e.onDay)
	_, frozen, overdue, current := e.split(m)
	p := Position{
		On: on, Disbursed: e.dis, Repaid: e.repaid, WrittenOff: e.wo,
		Current: current, Overdue: overdue, Frozen: frozen,
		InterestAccrued: e.interest.round(), InterestPaid: e.intPaid,
		PenaltyAccrued: e.penalty.round(), PenaltyPaid: e.penPaid,
		Installments: make([]InstallmentPosition, n),
	}
	p.InterestWrittenOff, p.PenaltyWrittenOff = e.intWO, e.penWO
	// What was written off by decision is no longer due, as if paid.
	p.InterestDue, p.InterestCredit = dueAndCredit(p.InterestAccrued, p.InterestPaid+p.InterestWrittenOff)
	p.PenaltyDue, p.PenaltyCredit = dueAndCredit(p.PenaltyAccrued, p.PenaltyPaid+p.PenaltyWrittenOff)
	covered := e.repaid + e.wo
	var next *InstallmentPosition
	for j, k := range e.order {
		s := e.sched[k]
		no := s.No
		if no == 0 {
			no = k + 1
		}
		lo, hi := e.cum[j], e.cum[j+1]
		owedHi := hi
		if j == n-1 {
			owedHi = max(hi, e.dis) // principal beyond the schedule falls on the last
		}
		in := &p.Installments[k]
		*in = InstallmentPosition{
			Installment: Installment{No: no, Due: e.dueDate(k), Principal: s.Principal},
			OriginalDue: s.Due,
			Rescheduled: e.moved[k],
			Paid:        overlap(lo, hi, 0, covered),
			WrittenOff:  overlap(lo, hi, e.repaid, covered),
		}
		switch {
		case in.Paid >= s.Principal && in.WrittenOff > 0:
			in.Status = InstWrittenOff
		case in.Paid >= s.Principal:
			in.Status = InstPaid
		case e.due[k] < e.onDay && overlap(lo, owedHi, covered+frozen, e.dis) > 0:
			in.Status = InstOverdue
			if p.DaysOverdue == 0 {
				p.DaysOverdue = int(e.onDay - e.due[k])
			}
		case overlap(lo, hi, covered, covered+frozen) > 0:
			in.Status = InstFrozen
		default:
			in.Status = InstDue
			if next == nil && e.due[k] >= e.onDay {
				next = in
			}
		}
	}
	p.Next = next
	if n > 0 {
		p.Maturity = e.dueDate(e.order[n-1])
	}
	return p
}

// ProposeSplit divides a payment of amount the usual way: penalty interest first, then
// interest, then overdue principal, then current principal. Frozen principal is not paid this
// way (unfreeze it first). A payment above Owed is refused as an overpayment.
func ProposeSplit(p Position, amount Dong) (Split, error) {
	if amount <= 0 {
		return Split{}, Invalid("payment.amount", "positive")
	}
	if amount > p.Owed() {
		return Split{}, Conflict("payment.amount", "overpayment", "Max", p.Owed())
	}
	var s Split
	left := amount
	take := func(due Dong) Dong {
		x := min(left, max(due, 0))
		left -= x
		return x
	}
	s.Penalty = take(p.PenaltyDue)
	s.Interest = take(p.InterestDue)
	s.Overdue = take(p.Overdue)
	s.Current = take(p.Current)
	if left > 0 {
		return Split{}, Conflict("payment.amount", "frozen_not_payable", "Max", s.Total(), "Frozen", p.Frozen)
	}
	return s, nil
}
