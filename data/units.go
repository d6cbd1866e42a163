package data

// maxUnits bounds the units of any loan and program, so that units × limit stays far from
// overflow: no program counts more than a few dozen months of study.
const maxUnits = 999

// CountsUnits reports whether the program's maximum amount is counted per unit (month of
// study, worker, facility) rather than per loan.
func (p *Program) CountsUnits() bool {
	switch p.LimitBasis {
	case LimitPerMonth, LimitPerWorker, LimitPerFacility:
		return true
	}
	return false
}

// NeedsStudentPlan reports whether the program's loans must use the student plan: a program
// whose limit counts months of study lends to students, repaid after the course ends.
func (p *Program) NeedsStudentPlan() bool { return p.LimitBasis == LimitPerMonth }

// LimitFor is the most a loan of the program may be approved for with the given units:
// units × MaxAmount for a program that counts units, MaxAmount otherwise; 0 means no ceiling.
func (p *Program) LimitFor(units int) Dong {
	if !p.CountsUnits() {
		return p.MaxAmount
	}
	return p.MaxAmount * Dong(units)
}

// UnitsFor is the units a loan of amount counts when its record does not say (the bank's loan
// file has no such column): the fewest that allow the amount, at least 1 and at most MaxUnits,
// so that an amount above every allowed limit is still refused by Validate. It is 0 for a
// program that counts no units.
func (p *Program) UnitsFor(amount Dong) int {
	if !p.CountsUnits() {
		return 0
	}
	most := maxUnits
	if p.MaxUnits > 0 {
		most = p.MaxUnits
	}
	units := 1
	if p.MaxAmount > 0 && amount > p.MaxAmount {
		units = int(min((amount+p.MaxAmount-1)/p.MaxAmount, Dong(most)))
	}
	return units
}

// unitsField names the units of a loan by what they count, so that a message reads "Facilities"
// rather than "Units".
func unitsField(b LimitBasis) string {
	switch b {
	case LimitPerMonth:
		return "loan.units.study_month"
	case LimitPerWorker:
		return "loan.units.worker"
	case LimitPerFacility:
		return "loan.units.facility"
	}
	return "loan.units"
}

func (p *Program) maxUnitsError() *Error {
	if p.MaxUnits < 0 || p.MaxUnits > maxUnits {
		return Invalid("program.max_units", "range", "Min", 0, "Max", maxUnits)
	}
	return nil
}

// unitsError checks a loan's units against its program: at least 1 and at most the program's
// MaxUnits when the program counts units, none when it does not.
func unitsError(l *Loan, p Program) *Error {
	if !p.CountsUnits() {
		if l.Units != 0 {
			return Invalid("loan.units", "units_not_counted", "Program", p.Code)
		}
		return nil
	}
	most := maxUnits
	if p.MaxUnits > 0 {
		most = p.MaxUnits
	}
	switch {
	case l.Units < 1:
		return Invalid(unitsField(p.LimitBasis), "units_min", "Program", p.Code)
	case l.Units > most:
		return Invalid(unitsField(p.LimitBasis), "units_max", "Max", most, "Program", p.Code)
	}
	return nil
}

// amountPerUnitError refuses an amount above units × the program's limit per unit, naming the
// computed limit and how it is made ("2 facilities × 25,000,000"). The units are valid.
func amountPerUnitError(l *Loan, p Program) *Error {
	limit := p.LimitFor(l.Units)
	if !p.CountsUnits() || p.MaxAmount == 0 || l.Amount <= limit {
		return nil
	}
	// Single picks the noun's singular in languages that have one ("1 facility").
	params := []any{"Amount", l.Amount, "Max", limit, "Units", l.Units, "Each", p.MaxAmount, "Single", l.Units == 1}
	switch p.LimitBasis {
	case LimitPerMonth:
		return Invalid("loan.amount", "amount_max_study_months", params...)
	case LimitPerWorker:
		return Invalid("loan.amount", "amount_max_workers", params...)
	default:
		return Invalid("loan.amount", "amount_max_facilities", params...)
	}
}

// studentPlanError refuses a student loan (a program counted per month of study) with any plan
// but the student plan: it is disbursed per term and repaid only after the course ends.
func studentPlanError(l *Loan, p Program) *Error {
	if p.NeedsStudentPlan() && l.Plan.Kind != PlanStudent {
		return Invalid("loan.plan", "student_plan_required", "Program", p.Code)
	}
	return nil
}

// StudentPlanFromTerm builds the student plan of a loan whose record gives only its contract
// date and term (the bank's loan file): repayment starts 12 months after the course ends and
// lasts as long as the study did, so the course ends ⌊(term − 12) / 2⌋ months after signing.
// It reports false when the term is too short to hold a month of study, a year's wait and a
// repayment period. every is the months between installments.
func StudentPlanFromTerm(signedOn Date, termMonths, every int) (Plan, bool) {
	study := (termMonths - 12) / 2
	if signedOn.IsZero() || study < 1 {
		return Plan{}, false
	}
	return Plan{Kind: PlanStudent, EveryMonths: every, CourseEnds: signedOn.AddMonths(study)}, true
}

// studentTermMonths is how often a student loan is disbursed: once a term (half a year).
const studentTermMonths = 6

// FirstTermDisbursement is what a student loan pays out on its contract date: the amount shared
// equally over the terms that start before the course ends (one every six months from the
// contract date, at least one), the remainder in the first. Other plans disburse in full.
func FirstTermDisbursement(l Loan) Dong {
	if l.Plan.Kind != PlanStudent || l.Plan.CourseEnds.IsZero() {
		return l.Amount
	}
	terms := 0
	for d := l.SignedOn; d.Before(l.Plan.CourseEnds); d = d.AddMonths(studentTermMonths) {
		terms++
	}
	if terms <= 1 {
		return l.Amount
	}
	each := l.Amount / Dong(terms)
	return l.Amount - each*Dong(terms-1)
}
