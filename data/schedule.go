package data

// EveryMonthsAllowed are the installment periods a plan may use, in months.
var EveryMonthsAllowed = []int{1, 3, 6, 12}

// maxTermMonths bounds a loan's term when its program sets none (50 years).
const maxTermMonths = 600

// Maturity is the end of the loan's term: SignedOn plus TermMonths (the last day of the month
// when that month is shorter).
func (l Loan) Maturity() Date { return l.SignedOn.AddMonths(l.TermMonths) }

// RepaymentStart is, for a student plan, the day repayment starts: 12 months after the course
// ends. It is the zero Date for other plans or when CourseEnds is not set.
func (l Loan) RepaymentStart() Date {
	if l.Plan.Kind != PlanStudent || l.Plan.CourseEnds.IsZero() {
		return Date{}
	}
	return l.Plan.CourseEnds.AddMonths(12)
}

// BuildSchedule builds the loan's principal installments from its plan.
//
//   - Equal plan: n = ⌈(TermMonths − GraceMonths) / EveryMonths⌉ installments; installment k is
//     due on SignedOn + (GraceMonths + k × EveryMonths) months, the last on SignedOn +
//     TermMonths (maturity); each is ⌊Amount / n⌋, the remainder added to the last.
//   - Student plan: repayment starts on CourseEnds + 12 months; installment j is due EveryMonths
//     × j months after that, the last at maturity; n = ⌈m / EveryMonths⌉ where m is the least
//     number of months from the start that reaches maturity; equal amounts, remainder on the last.
//   - Custom plan: the given dates and amounts, numbered 1, 2, …
//
// It returns the typed errors of Loan.Validate about the amount, term, date and plan.
func BuildSchedule(l Loan) ([]Installment, error) {
	var errs Errors
	if l.Amount <= 0 {
		errs.Add(Invalid("loan.amount", "positive"))
	}
	if l.TermMonths < 1 || l.TermMonths > maxTermMonths {
		errs.Add(Invalid("loan.term", "range", "Min", 1, "Max", maxTermMonths))
	}
	if l.SignedOn.IsZero() {
		errs.Add(Invalid("loan.signed_on", "required"))
	}
	if len(errs) == 0 {
		errs = append(errs, planErrors(&l)...)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	switch l.Plan.Kind {
	case PlanEqual:
		every, grace := l.Plan.EveryMonths, l.Plan.GraceMonths
		n := (l.TermMonths - grace + every - 1) / every
		out := equalInstallments(l.Amount, n, func(k int) Date { return l.SignedOn.AddMonths(grace + k*every) })
		out[n-1].Due = l.Maturity()
		return out, nil
	case PlanStudent:
		start, every := l.RepaymentStart(), l.Plan.EveryMonths
		m := monthsCeil(start, l.Maturity())
		n := (m + every - 1) / every
		out := equalInstallments(l.Amount, n, func(k int) Date { return start.AddMonths(k * every) })
		out[n-1].Due = l.Maturity()
		return out, nil
	default: // PlanCustom, checked by planErrors
		out := make([]Installment, len(l.Plan.Custom))
		for i, in := range l.Plan.Custom {
			out[i] = Installment{No: i + 1, Due: in.Due, Principal: in.Principal}
		}
		return out, nil
	}
}

// equalInstallments splits amount into n installments of ⌊amount / n⌋, the remainder on the
// last, due on due(k) for k = 1 … n.
func equalInstallments(amount Dong, n int, due func(k int) Date) []Installment {
	out := make([]Installment, n)
	each := amount / Dong(n)
	for k := 1; k <= n; k++ {
		out[k-1] = Installment{No: k, Due: due(k), Principal: each}
	}
	out[n-1].Principal += amount - each*Dong(n)
	return out
}

// planErrors checks the installment plan against the loan's amount, date and term, which the
// caller has checked already.
func planErrors(l *Loan) Errors {
	var errs Errors
	p := &l.Plan
	everyOK := false
	for _, e := range EveryMonthsAllowed {
		everyOK = everyOK || e == p.EveryMonths
	}
	maturity := l.Maturity()
	switch p.Kind {
	case PlanEqual:
		if !everyOK {
			errs.Add(Invalid("loan.plan.every", "one_of", "Values", "1, 3, 6, 12"))
		}
		if p.GraceMonths < 0 || p.GraceMonths >= l.TermMonths {
			errs.Add(Invalid("loan.plan.grace", "range", "Min", 0, "Max", l.TermMonths-1))
		}
	case PlanStudent:
		if !everyOK {
			errs.Add(Invalid("loan.plan.every", "one_of", "Values", "1, 3, 6, 12"))
		}
		switch {
		case p.CourseEnds.IsZero():
			errs.Add(Invalid("loan.plan.course_ends", "required"))
		case !l.RepaymentStart().Before(maturity):
			// Repayment starts 12 months after the course ends, and must start before maturity.
			errs.Add(Invalid("loan.plan.course_ends", "course_ends_late", "Date", maturity))
		}
	case PlanCustom:
		if len(p.Custom) == 0 {
			errs.Add(Invalid("loan.plan.custom", "required"))
			break
		}
		var sum Dong
		prev := l.SignedOn
		for i, in := range p.Custom {
			if in.Principal <= 0 {
				errs.Add(Invalid("loan.plan.custom", "custom_principal", "No", i+1))
			}
			sum += in.Principal
			if in.Due.IsZero() || !in.Due.After(prev) {
				// Strictly increasing, the first after the contract date.
				errs.Add(Invalid("loan.plan.custom", "custom_order", "No", i+1))
			}
			if !in.Due.IsZero() {
				prev = in.Due
			}
		}
		if last := p.Custom[len(p.Custom)-1].Due; last.After(maturity) {
			errs.Add(Invalid("loan.plan.custom", "custom_after_term", "Date", maturity))
		}
		if sum != l.Amount {
			errs.Add(Invalid("loan.plan.custom", "custom_sum", "Sum", sum, "Amount", l.Amount))
		}
	default:
		errs.Add(Invalid("loan.plan", "one_of"))
	}
	return errs
}
