package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/reports"
	"policycredit/translations"
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

// reviewChoice is the meeting setup's offer to end the meeting with the Directive 40 review:
// a check, off by default, and the review's start date (the Directive's day), typed only
// once the check is on.
func reviewChoice(a *App) (*widget.Check, *widget.Entry) {
	from := widget.NewEntry()
	from.SetText(a.loc.Date(data.DirectiveDate))
	from.Disable()
	check := widget.NewCheck(a.loc.T("review.meeting_check"), func(on bool) {
		if on {
			from.Enable()
		} else {
			from.Disable()
		}
	})
	return check, from
}

// withReviewSlides builds the review of the meeting's scope from the date typed, off the UI
// goroutine, and starts the meeting with its slides at the end; a date it cannot read, or a
// review that fails, is shown instead.
func (a *App) withReviewSlides(ov data.Overview, fromText string, opt MeetingStart, start func(MeetingStart)) {
	from, e := parseDateField(a.loc, "review.from", fromText)
	if e != nil {
		a.showError(e)
		return
	}
	r := reports.Request{Office: a.office, Scope: reports.ScopeOffice, ID: ov.CommuneID, On: ov.Date, From: from,
		Loc: translations.New(opt.Lang)}
	if !ov.IsOffice() {
		r.Scope = reports.ScopeCommune
	}
	var slides []reports.Slide
	a.async(func(ctx context.Context) (err error) {
		slides, err = reports.ReviewSlides(ctx, a.store, r)
		return err
	}, func(err error) {
		if err != nil {
			a.showError(err)
			return
		}
		opt.Extra = slides
		start(opt)
	})
}
