package ui

import (
	"strings"

	"policycredit/data"
)

// loanOutcomes are the new-loan form's fields for what a loan achieves (data.Outcome): one
// entry per outcome figure, shown only for the programs that record it.
type loanOutcomes struct {
	form    *form
	entries map[data.OutcomeKind]*keyEntry
}

// outcomeField is the form field, and the store's error field, of an outcome figure.
func outcomeField(k data.OutcomeKind) string { return "loan.outcome." + string(k) }

// addLoanOutcomes adds a field per outcome figure to the form, hidden until a program asks
// for it; Enter in any of them saves.
func addLoanOutcomes(f *form, onEsc, save func()) *loanOutcomes {
	o := &loanOutcomes{form: f, entries: map[data.OutcomeKind]*keyEntry{}}
	for _, k := range data.OutcomeKinds {
		e := newKeyEntry(onEsc)
		// A student loan finances one student for the months of study its units count: left
		// empty, those are what it records (typed reads them so).
		switch k {
		case data.OutcomeStudents:
			e.SetPlaceHolder("1")
		case data.OutcomeStudyMonths:
			e.SetPlaceHolder(f.loc.T("review.same_as_units"))
		default:
			e.SetPlaceHolder("0")
		}
		o.entries[k] = e
		f.add(outcomeField(k), e)
		submitOnEnter(save, &e.Entry)
	}
	o.show("")
	return o
}

// show shows the figures the program records (none when no program is chosen).
func (o *loanOutcomes) show(programCode string) {
	asked := map[data.OutcomeKind]bool{}
	for _, k := range data.OutcomeKindsFor(programCode) {
		asked[k] = true
	}
	for _, k := range data.OutcomeKinds {
		o.form.setShown(outcomeField(k), asked[k])
	}
}

// clear empties every figure.
func (o *loanOutcomes) clear() {
	for _, e := range o.entries {
		e.SetText("")
	}
}

// typed reads the figures the program records; an empty field is 0, but one student for the
// units' months of study on a student loan (units: the months its limit counts).
func (o *loanOutcomes) typed(programCode string, units int) (data.Outcome, data.Errors) {
	var out data.Outcome
	var errs data.Errors
	for _, k := range data.OutcomeKindsFor(programCode) {
		text := strings.TrimSpace(o.entries[k].Text)
		n, e := parseInt(outcomeField(k), text)
		errs.Add(e)
		if text == "" {
			switch k {
			case data.OutcomeStudents:
				n = 1
			case data.OutcomeStudyMonths:
				n = max(units, 0)
			}
		}
		out.Set(k, n)
	}
	return out, errs
}
