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
		e.SetPlaceHolder("0")
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

// typed reads the figures the program records; an empty field is 0.
func (o *loanOutcomes) typed(programCode string) (data.Outcome, data.Errors) {
	var out data.Outcome
	var errs data.Errors
	for _, k := range data.OutcomeKindsFor(programCode) {
		n, e := parseInt(outcomeField(k), strings.TrimSpace(o.entries[k].Text))
		errs.Add(e)
		out.Set(k, n)
	}
	return out, errs
}
