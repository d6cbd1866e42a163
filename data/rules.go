package data

import (
	"slices"
	"sort"
	"strings"
)

// Validate normalises and checks the loan against its program. Whether the program is still
// open to new loans, and whether the contract number is unique, is the store's to check.
func (l *Loan) Validate(p Program) error {
	l.Contract, l.Purpose, l.ProgramCode = NFC(l.Contract), NFC(l.Purpose), NFC(l.ProgramCode)
	if l.Status == "" {
		l.Status = LoanActive
	}
	var errs Errors
	errs.Add(ValidateCode("loan.contract", l.Contract, 30))
	if l.BorrowerID == 0 {
		errs.Add(Invalid("loan.borrower", "required"))
	}
	switch {
	case l.ProgramCode == "":
		errs.Add(Invalid("loan.program", "required"))
	case l.ProgramCode != p.Code:
		errs.Add(Invalid("loan.program", "program_mismatch", "Code", p.Code))
	}
	unitsErr := unitsError(l, p)
	errs.Add(unitsErr)
	switch {
	case l.Amount <= 0:
		errs.Add(Invalid("loan.amount", "positive"))
	case p.LimitBasis == LimitPerLoan && p.MaxAmount > 0 && l.Amount > p.MaxAmount:
		errs.Add(Invalid("loan.amount", "amount_max", "Max", p.MaxAmount))
	case unitsErr == nil:
		errs.Add(amountPerUnitError(l, p))
	}
	maxTerm := maxTermMonths
	if p.MaxTermMonths > 0 {
		maxTerm = p.MaxTermMonths
	}
	termOK := l.TermMonths >= 1 && l.TermMonths <= maxTerm
	if !termOK {
		errs.Add(Invalid("loan.term", "range", "Min", 1, "Max", maxTerm))
	}
	switch {
	case l.Source == "":
		errs.Add(Invalid("loan.source", "required"))
	case l.Source != SourceCentral && l.Source != SourceProvince && l.Source != SourceLocal:
		errs.Add(Invalid("loan.source", "one_of"))
	case !p.AllowsSource(l.Source):
		errs.Add(Invalid("loan.source", "source_not_allowed", "Program", p.Code))
	}
	errs.Add(ValidateOptionalText("loan.purpose", l.Purpose, 200))
	if l.SignedOn.IsZero() {
		errs.Add(Invalid("loan.signed_on", "required"))
	}
	if termOK && !l.SignedOn.IsZero() && l.Amount > 0 {
		errs = append(errs, planErrors(l)...)
	}
	errs.Add(studentPlanError(l, p))
	errs = append(errs, DomainErrors(ValidateOutcome(l.ProgramCode, l.Outcome))...)
	for i, r := range l.RateOverrides {
		switch {
		case r.Effective.IsZero():
			errs.Add(Invalid("loan.rate", "required"))
		case i > 0 && !r.Effective.After(l.RateOverrides[i-1].Effective):
			errs.Add(Invalid("loan.rate", "rate_order"))
		}
		if r.Rate <= 0 || r.Rate > 50_000 {
			errs.Add(Invalid("loan.rate", "rate_range", "Max", "5"))
		}
	}
	switch l.Status {
	case LoanActive, LoanClosed, LoanWrittenOff:
	default:
		errs.Add(Invalid("loan.status", "one_of"))
	}
	return errs.Err()
}

// CheckEntry reports whether e may be posted onto the ledger of b. Loan entries are checked
// against the loan's position on the entry's value date (entries dated that day included)
// and then against the entries already posted with later value dates; savings entries
// (deposit, withdraw, savings_interest) against the savings balance of b.Entries. The store
// calls it inside the transaction that posts e.
func CheckEntry(b Book, e Entry) error {
	var errs Errors
	info, known := InfoOf(e.Kind)
	if !known {
		return Invalid("entry.kind", "one_of")
	}
	if e.ValueDate.IsZero() {
		errs.Add(Invalid("entry.value_date", "required"))
	}
	switch {
	case e.Amount < 0:
		errs.Add(Invalid("entry.amount", "not_negative"))
	case e.Amount == 0 && !info.ZeroAmount:
		errs.Add(Invalid("entry.amount", "positive"))
	}
	if info.Decision == RequiredDecision && strings.TrimSpace(e.Decision) == "" {
		errs.Add(Invalid("entry.decision", "required"))
	}
	errs.Add(ValidateOptionalText("entry.decision", NFC(e.Decision), 100))
	errs.Add(ValidateOptionalText("entry.ref", NFC(e.Ref), 50))
	errs.Add(ValidateOptionalText("entry.note", NFC(e.Note), 500))

	// A reversal is checked as the kind of entry it cancels.
	var orig *Entry
	kind := e.Kind
	if e.Kind == EntryReversal {
		var err *Error
		if orig, err = reversalTarget(b, e); err != nil {
			errs.Add(err)
		} else {
			kind = orig.Kind
			if !e.ValueDate.IsZero() && e.ValueDate.Before(orig.ValueDate) {
				errs.Add(Invalid("entry.value_date", "before_original", "Date", orig.ValueDate))
			}
		}
	}
	if loanKind(kind) && !e.ValueDate.IsZero() && e.ValueDate.Before(b.Loan.SignedOn) {
		errs.Add(Invalid("entry.value_date", "before_signing", "Date", b.Loan.SignedOn))
	}
	if len(errs) > 0 {
		return errs
	}

	switch {
	case e.Kind == EntryReversal:
	case savingsKind(e.Kind):
		if err := checkSavingsEntry(b, e); err != nil {
			return err
		}
	default:
		if err := checkLoanEntry(b, e); err != nil {
			return err
		}
	}
	return checkLaterEntries(b, e, kind)
}

// reversalTarget finds the entry a reversal cancels.
func reversalTarget(b Book, e Entry) (*Entry, *Error) {
	if e.Reverses == 0 {
		return nil, Invalid("entry.reverses", "required")
	}
	var orig *Entry
	for i := range b.Entries {
		x := &b.Entries[i]
		if x.ID == e.Reverses && x.ID != 0 {
			orig = x
		}
	}
	if orig == nil {
		return nil, NotFound("entry.reverses", "ID", e.Reverses)
	}
	if orig.Kind == EntryReversal {
		return nil, Invalid("entry.reverses", "reverses_reversal")
	}
	for i := range b.Entries {
		x := &b.Entries[i]
		if x.Kind == EntryReversal && x.Reverses == e.Reverses {
			return nil, Conflict("entry.reverses", "already_reversed", "Date", x.ValueDate)
		}
	}
	return orig, nil
}

func checkSavingsEntry(b Book, e Entry) error {
	switch e.Kind {
	case EntryDeposit:
		if least := b.Settings.MinSavingsDeposit; e.Amount < least {
			return Invalid("entry.amount", "min_deposit", "Min", least)
		}
	case EntryWithdraw:
		if bal := SavingsBalance(b.Entries, e.ValueDate); e.Amount > bal {
			return Conflict("entry.amount", "over_savings", "Max", bal)
		}
	}
	return nil
}

func checkLoanEntry(b Book, e Entry) error {
	p, err := PositionOn(b, e.ValueDate)
	if err != nil {
		return err
	}
	switch e.Kind {
	case EntryDisburse:
		if left := b.Loan.Amount - p.Disbursed; e.Amount > left {
			return Conflict("entry.amount", "over_approved", "Max", max(left, 0))
		}
	case EntryPrincipal:
		if payable := p.Current + p.Overdue; e.Amount > payable {
			return Conflict("entry.amount", "overpayment", "Max", max(payable, 0))
		}
	case EntryInterest:
		if e.Amount > p.InterestDue {
			return Conflict("entry.amount", "overpayment", "Max", max(p.InterestDue, 0))
		}
	case EntryPenalty:
		if e.Amount > p.PenaltyDue {
			return Conflict("entry.amount", "overpayment", "Max", max(p.PenaltyDue, 0))
		}
	case EntryFreeze:
		if unfrozen := p.Current + p.Overdue; e.Amount > unfrozen {
			return Conflict("entry.amount", "over_outstanding", "Max", max(unfrozen, 0))
		}
	case EntryUnfreeze:
		if e.Amount > p.Frozen {
			return Conflict("entry.amount", "over_frozen", "Max", p.Frozen)
		}
	case EntryWriteOff:
		if e.Amount > p.Principal() {
			return Conflict("entry.amount", "over_outstanding", "Max", max(p.Principal(), 0))
		}
	case EntryWriteOffInterest:
		if due := max(p.InterestDue, 0) + max(p.PenaltyDue, 0); e.Amount > due {
			return Conflict("entry.amount", "over_interest_due", "Max", due)
		}
	case EntryReschedule:
		return checkReschedule(b, p, e)
	case EntryExtend:
		return checkExtension(b, p, e)
	}
	return nil
}

// checkReschedule: the installment exists, is neither paid nor written off and is not the
// last; the reschedule is dated on or before its current due date (never once any of it is
// overdue); the new date is after its current due date, no later than the next installment's
// current due date nor than final maturity, and at most one installment period after its
// ORIGINAL due date, so that chained reschedules cannot move it further than one would.
func checkReschedule(b Book, p Position, e Entry) error {
	var errs Errors
	k := -1
	for i := range p.Installments {
		if p.Installments[i].No == e.Installment {
			k = i
		}
	}
	switch {
	case e.Installment == 0:
		errs.Add(Invalid("entry.installment", "required"))
	case k < 0:
		errs.Add(NotFound("entry.installment", "No", e.Installment))
	case k == len(p.Installments)-1:
		errs.Add(Invalid("entry.installment", "last_installment"))
	case p.Installments[k].Status == InstPaid || p.Installments[k].Status == InstWrittenOff:
		errs.Add(Conflict("entry.installment", "installment_paid", "No", e.Installment))
	case p.Installments[k].Status == InstOverdue || e.ValueDate.After(p.Installments[k].Due):
		errs.Add(Conflict("entry.value_date", "reschedule_overdue", "No", e.Installment, "Date", p.Installments[k].Due))
	}
	if e.NewDate.IsZero() {
		errs.Add(Invalid("entry.new_date", "required"))
	} else if len(errs) == 0 {
		in := p.Installments[k]
		cur, next := in.Due, p.Installments[k+1].Due
		limit := RescheduleLimit(b, in)
		switch {
		case !e.NewDate.After(cur):
			errs.Add(Invalid("entry.new_date", "not_later", "Date", cur))
		case e.NewDate.After(next):
			errs.Add(Invalid("entry.new_date", "after_next_due", "Max", next))
		case e.NewDate.After(p.Maturity):
			errs.Add(Invalid("entry.new_date", "after_maturity", "Max", p.Maturity))
		case e.NewDate.After(limit):
			errs.Add(Invalid("entry.new_date", "reschedule_max", "Max", limit, "Original", in.OriginalDue))
		}
	}
	return errs.Err()
}

// RescheduleLimit is the latest date installment in may be moved to: one installment period
// (the plan's interval) after its original due date; for a custom plan, which has no
// interval, the original due date of the next installment.
func RescheduleLimit(b Book, in InstallmentPosition) Date {
	if every := b.Loan.Plan.EveryMonths; every > 0 && b.Loan.Plan.Kind != PlanCustom {
		return in.OriginalDue.AddMonths(every)
	}
	sched := b.Schedule
	if len(sched) == 0 {
		sched, _ = BuildSchedule(b.Loan)
	}
	for i, s := range sched {
		if s.No == in.No && i+1 < len(sched) {
			return sched[i+1].Due
		}
	}
	return in.OriginalDue
}

// ExtensionLimit is the latest final maturity extensions may reach, counted from the original
// maturity across all extensions: plus the program's limit (Book.ExtensionMaxMonths, or
// Settings.ExtensionMaxMonths when the book does not carry it), or for a student loan plus half
// the repayment period (whole months from the start of repayment to the original maturity,
// halved and rounded down).
func ExtensionLimit(b Book) (Date, int, error) {
	sched := b.Schedule
	if len(sched) == 0 {
		var err error
		if sched, err = BuildSchedule(b.Loan); err != nil {
			return Date{}, 0, err
		}
	}
	orig := sched[len(sched)-1].Due
	months := b.Settings.ExtensionMaxMonths
	if b.ExtensionMaxMonths > 0 {
		months = b.ExtensionMaxMonths
	}
	if start := b.Loan.RepaymentStart(); !start.IsZero() {
		months = wholeMonths(start, orig) / 2
	}
	return orig.AddMonths(months), months, nil
}

// checkExtension: an extension is decided on or before the current final maturity (never once
// the balance has fallen overdue at maturity), moves it later, and stays within ExtensionLimit.
func checkExtension(b Book, p Position, e Entry) error {
	if e.NewDate.IsZero() {
		return Invalid("entry.new_date", "required")
	}
	if e.ValueDate.After(p.Maturity) {
		return Conflict("entry.value_date", "extension_overdue", "Date", p.Maturity)
	}
	if !e.NewDate.After(p.Maturity) {
		return Invalid("entry.new_date", "not_later", "Date", p.Maturity)
	}
	limit, months, err := ExtensionLimit(b)
	if err != nil {
		return err
	}
	if e.NewDate.After(limit) {
		return Invalid("entry.new_date", "extension_max", "Max", limit, "Months", months)
	}
	return nil
}

// CheckMoveNotLate refuses a reschedule or an extension posted after the due date it moves,
// even when it is dated on or before that date: written up late with an earlier date, it
// would turn principal already overdue on the posting day back to current. postingDay is the
// last day entries may be dated (the working date, or today); CheckEntry has checked e on its
// own date.
func CheckMoveNotLate(b Book, e Entry, postingDay Date) error {
	if (e.Kind != EntryReschedule && e.Kind != EntryExtend) || !postingDay.After(e.ValueDate) {
		return nil
	}
	p, err := PositionOn(b, postingDay)
	if err != nil {
		return err
	}
	if e.Kind == EntryExtend {
		if postingDay.After(p.Maturity) {
			return Conflict("entry.value_date", "extension_overdue", "Date", p.Maturity)
		}
		return nil
	}
	for _, in := range p.Installments {
		if in.No == e.Installment && postingDay.After(in.Due) {
			return Conflict("entry.value_date", "reschedule_overdue", "No", e.Installment, "Date", in.Due)
		}
	}
	return nil
}

// CheckDateMoves checks every reschedule and extension of b, each against the book as it stood
// when it was posted (the entries before it), with the rules Post applies; it returns the first
// entry refused and why. Imports use it: a ledger brought in from a file must not carry a move
// the desk would refuse.
func CheckDateMoves(b Book) (Entry, error) {
	for i := range b.Entries {
		e := b.Entries[i]
		if e.Kind != EntryReschedule && e.Kind != EntryExtend {
			continue
		}
		before := b
		before.Entries = b.Entries[:i]
		p, err := PositionOn(before, e.ValueDate)
		if err == nil && e.Kind == EntryReschedule {
			err = checkReschedule(before, p, e)
		} else if err == nil {
			err = checkExtension(before, p, e)
		}
		if err != nil {
			return e, err
		}
	}
	return Entry{}, nil
}

// checkLaterEntries replays the ledger with e added, so that a back-dated entry or a reversal
// cannot break what was posted after it: principal never above the approved amount nor below
// zero, frozen debt within the outstanding, savings never negative, interest and penalty never
// paid beyond what had accrued. A reversal rewrites history (positions from its date on read
// the ledger without the entry it voids), so for a reversal every day is replayed.
func checkLaterEntries(b Book, e Entry, kind EntryKind) error {
	field := "entry.value_date"
	if e.Kind == EntryReversal {
		field = "entry.reverses"
	}
	all := make([]Entry, 0, len(b.Entries)+1)
	all = append(append(all, b.Entries...), e)
	from := dayNum(e.ValueDate)
	tMin := from
	if e.Kind == EntryReversal {
		tMin = -maxDay
	}
	switch {
	case savingsKind(kind):
		if d, bad := ledgerBreaks(all, from, tMin, savingsKinds, func(s ledgerSums) bool { return s.savings < 0 }); bad {
			return Conflict(field, "ledger_conflict", "Date", d)
		}
	case principalKind(kind):
		broken := func(s ledgerSums) bool {
			return s.disbursed > b.Loan.Amount || s.outstanding < 0 || s.frozen < 0 || s.frozen > s.outstanding
		}
		if d, bad := ledgerBreaks(all, from, tMin, principalKinds, broken); bad {
			return Conflict(field, "ledger_conflict", "Date", d)
		}
	case kind == EntryInterest || kind == EntryPenalty || kind == EntryWriteOffInterest:
		if e.Kind == EntryReversal {
			return nil // cancelling a payment or a write-off only leaves more due
		}
		// Interest accrues day by day and is paid on the days of its entries: the amount due is
		// lowest on those days, so they are the days to check.
		bk := b
		bk.Entries = all
		days := map[int64]bool{}
		for i := range b.Entries {
			x := &b.Entries[i]
			if (x.Kind == kind || kind == EntryWriteOffInterest && (x.Kind == EntryInterest || x.Kind == EntryPenalty)) &&
				!x.ValueDate.IsZero() && dayNum(x.ValueDate) > from {
				days[dayNum(x.ValueDate)] = true
			}
		}
		sorted := make([]int64, 0, len(days))
		for d := range days {
			sorted = append(sorted, d)
		}
		sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
		for _, d := range sorted {
			p, err := PositionOn(bk, dateOfDay(d))
			if err != nil {
				return err
			}
			if p.InterestCredit == 0 && p.PenaltyCredit == 0 {
				continue
			}
			// A credit left by a rate or rule dated in the past may stand; e must not add to it.
			was, err := PositionOn(b, dateOfDay(d))
			if err != nil {
				return err
			}
			addsInterest := kind != EntryPenalty && p.InterestCredit > was.InterestCredit
			addsPenalty := kind != EntryInterest && p.PenaltyCredit > was.PenaltyCredit
			if addsInterest || addsPenalty {
				return Conflict(field, "ledger_conflict", "Date", dateOfDay(d))
			}
		}
	}
	return nil
}

// ledgerSums are the running totals a ledger replay checks.
type ledgerSums struct {
	disbursed, outstanding, frozen, savings Dong
}

func (s *ledgerSums) apply(x engineEntry) {
	f := &kindFacts[x.kind]
	switch f.moves {
	case BalDisbursed:
		s.disbursed += f.sign * x.amount
		s.outstanding += f.sign * x.amount
	case BalRepaid:
		s.outstanding -= f.sign * x.amount
	case BalFrozen:
		s.frozen += f.sign * x.amount
	case BalWrittenOff:
		s.outstanding -= f.sign * x.amount
		s.frozen -= min(x.amount, max(s.frozen, 0))
	case BalSavings:
		s.savings += savingsDelta(x)
	}
}

// ledgerBreaks replays the entries of the kinds kept, as every position dated from `from` on
// reads them: in the view of the reversals dated up to from, then in the view of each later
// reversal until the next. It returns the first day on or after tMin whose closing totals are
// broken.
func ledgerBreaks(all []Entry, from, tMin int64, keep kindSet, broken func(ledgerSums) bool) (Date, bool) {
	views := []int64{from}
	for i := range all {
		if x := &all[i]; x.Kind == EntryReversal && !x.ValueDate.IsZero() && dayNum(x.ValueDate) > from {
			views = append(views, dayNum(x.ValueDate))
		}
	}
	sort.Slice(views, func(i, j int) bool { return views[i] < views[j] })
	views = slices.Compact(views)
	for i, v := range views {
		until := maxDay
		if i+1 < len(views) {
			until = views[i+1] - 1
		}
		es := entriesInView(all, v, until, keep)
		var s ledgerSums
		for j, x := range es {
			s.apply(x)
			if (j+1 == len(es) || es[j+1].day != x.day) && x.day >= tMin && broken(s) {
				return dateOfDay(x.day), true
			}
		}
	}
	return Date{}, false
}
