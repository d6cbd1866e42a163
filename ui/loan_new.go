package ui

import (
	"context"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
)

// planChoices are the installment plans the engine builds, with their labels.
var planChoices = []struct {
	kind data.PlanKind
	id   string
}{{data.PlanEqual, "loans.plan.equal"}, {data.PlanCustom, "loans.plan.custom"}, {data.PlanStudent, "loans.plan.student"}}

var previewColumns = []string{"loans.col.no", "loans.col.due", "loans.col.principal"}

// newLoanForm opens a loan: the household, the program with its current terms, the amount,
// term and plan, and a schedule preview rebuilt on every keystroke from data.BuildSchedule.
// Saving goes through the store's OpenLoan, which runs every rule; each failure shows under
// the field it names.
type newLoanForm struct {
	s      *loansScreen
	form   *form
	saving busy // the loan being opened: a second Save would open a second loan

	borrowerSearch *keyEntry
	borrower       *choice
	borrowers      []data.BorrowerView
	borrowerLoads  latest

	program       *choice
	programInfo   *keepLabel
	contract      *keyEntry
	proposed      string // the contract number the store proposed, replaced when the household or year changes
	proposedFor   contractKey
	contractLoads latest
	amount        *moneyEntry
	units         *keyEntry     // what the program's limit counts: months of study, workers, facilities
	unitsLimit    *widget.Label // units × the limit per unit, as typed
	unitsRow      *formField
	outcomes      *loanOutcomes // what the loan achieves, as its program asks
	term          *keyEntry
	plan          *choice
	planForced    bool // the program lends only on the student plan
	every         *choice
	grace         *keyEntry
	courseEnds    *keyEntry
	custom        *keyEntry
	source        *choice
	signedOn      *keyEntry
	first         *moneyEntry
	purpose       *keyEntry

	schedule    []data.Installment
	preview     *widget.Table
	previewNote *widget.Label

	root fyne.CanvasObject
}

func newNewLoanForm(s *loansScreen) *newLoanForm {
	a := s.app
	loc := a.loc
	f := &newLoanForm{s: s, form: newForm(loc)}
	esc := s.cancel
	f.borrowerSearch = newKeyEntry(esc)
	f.borrowerSearch.SetPlaceHolder(loc.T("loans.find_borrower"))
	f.borrowerSearch.OnChanged = func(string) { f.searchBorrowers() }
	f.borrower = newSelect(loc, nil, func(string) { f.proposeContract(); f.updatePreview() })
	f.borrower.PlaceHolder = loc.T("loans.choose_borrower")
	f.program = newSelect(loc, nil, func(string) { f.programChanged() })
	f.program.PlaceHolder = loc.T("loans.choose_program")
	f.programInfo = newKeepLabel("")
	// Normal text: the rate and limits are what the clerk checks the loan against, not a hint.
	f.programInfo.Importance = widget.MediumImportance
	f.contract, f.term, f.grace = newKeyEntry(esc), newKeyEntry(esc), newKeyEntry(esc)
	f.units = newKeyEntry(esc)
	f.unitsLimit = widget.NewLabel("")
	f.unitsLimit.Importance = widget.MediumImportance
	f.unitsLimit.Hide()
	f.courseEnds, f.signedOn, f.purpose = newKeyEntry(esc), newKeyEntry(esc), newKeyEntry(esc)
	f.custom = newKeyEntry(esc)
	f.custom.MultiLine = true
	f.custom.SetMinRowsVisible(4)
	f.custom.SetPlaceHolder(loc.T("loans.custom_help"))
	// No example contract number in grey: it read as a value and was refused as empty. The
	// store's next number is filled in as a value once the household is chosen.
	f.contract.SetPlaceHolder(loc.T("formsdesk.hint.contract"))
	f.term.SetPlaceHolder(loc.T("formsdesk.hint.months"))
	f.amount = newMoneyEntry(loc, "loan.amount", esc)
	f.first = newMoneyEntry(loc, "entry.amount", esc)
	f.first.entry.SetPlaceHolder(loc.T("loans.first_same"))
	plans := make([]string, len(planChoices))
	for i, p := range planChoices {
		plans[i] = loc.T(p.id)
	}
	f.plan = newSelect(loc, plans, func(string) { f.planChanged() })
	f.every = newSelect(loc, []string{"1", "3", "6", "12"}, func(string) { f.updatePreview() })
	f.source = newSelect(loc, nil, nil)
	for _, e := range []*keyEntry{f.contract, f.units, f.term, f.grace, f.courseEnds, f.custom} {
		e.OnChanged = func(string) { f.updatePreview() }
	}
	// The contract's year is the signing date's: another year, another number.
	f.signedOn.OnChanged = func(string) { f.proposeContract(); f.updatePreview() }
	f.amount.onChanged = f.updatePreview

	f.form.add("loan.borrower", container.NewVBox(f.borrowerSearch, f.borrower))
	f.form.add("loan.program", container.NewVBox(f.program, f.programInfo))
	f.form.add("loan.contract", f.contract)
	f.form.add("loan.amount", f.amount.object())
	f.unitsRow = f.form.add("loan.units", container.NewVBox(f.units, f.unitsLimit))
	for _, b := range []data.LimitBasis{data.LimitPerMonth, data.LimitPerWorker, data.LimitPerFacility} {
		// The store names the units by what they count; they all show under this one row.
		f.form.byID[unitsFieldOf(b)] = f.unitsRow
	}
	f.outcomes = addLoanOutcomes(f.form, esc, f.save)
	f.form.add("loan.term", f.term)
	f.form.add("loan.plan", f.plan)
	f.form.add("loan.plan.every", f.every)
	f.form.add("loan.plan.grace", f.grace)
	f.form.add("loan.plan.course_ends", f.courseEnds)
	f.form.add("loan.plan.custom", f.custom)
	f.form.add("loan.source", f.source)
	f.form.add("loan.signed_on", f.signedOn)
	f.form.add("entry.amount", f.first.object()).label.SetText(loc.T("loans.first_disbursement"))
	f.form.add("loan.purpose", f.purpose)
	f.form.check = func() error {
		l, _, errs := f.typed()
		return append(errs, f.ruleErrors(l, errs)...).Err()
	}
	submitOnEnter(f.save, &f.borrowerSearch.Entry, &f.contract.Entry, &f.amount.entry.Entry, &f.units.Entry, &f.term.Entry,
		&f.grace.Entry, &f.courseEnds.Entry, &f.signedOn.Entry, &f.first.entry.Entry, &f.purpose.Entry)

	// Narrow enough that the principal, right-aligned, ends inside the preview's pane at 1024
	// pixels: a column wider than the pane hid the amounts' last digits.
	f.preview = newHeaderTable(previewColumns, []float32{40, 110, 130},
		func() int { return len(f.schedule) }, f.previewCell, func(col int) bool { return col == 2 }, loc)
	f.previewNote = widget.NewLabel("")
	f.previewNote.Wrapping = fyne.TextWrapWord

	save := widget.NewButton(loc.T("action.save"), f.save)
	f.saving.guard(save)
	save.Importance = widget.HighImportance
	heading := widget.NewLabelWithStyle(loc.T("loans.new"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	top := container.NewBorder(nil, nil, nil, container.NewHBox(save, widget.NewButton(loc.T("action.cancel"), s.cancel)), heading)
	previewBox := container.NewBorder(
		widget.NewLabelWithStyle(loc.T("loans.preview"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		f.previewNote, nil, nil, f.preview)
	split := container.NewHSplit(container.NewVScroll(container.NewPadded(f.form.object())), previewBox)
	split.Offset = 0.6
	f.root = container.NewBorder(top, nil, nil, nil, split)
	f.reset()
	return f
}

// setPrograms offers the programs open to new loans.
func (f *newLoanForm) setPrograms(ps []data.Program) {
	var labels []string
	for _, p := range ps {
		if p.Open {
			labels = append(labels, p.Code+" · "+p.NameIn(f.s.app.loc.Lang()))
		}
	}
	f.program.Options = labels
	f.program.Refresh()
}

// reset empties the form for a new loan, dated on the working date, equal quarterly plan.
func (f *newLoanForm) reset() {
	a := f.s.app
	f.form.clearErrors()
	f.borrowers = nil
	f.borrowerSearch.SetText("")
	f.borrower.Options = nil
	f.borrower.ClearSelected()
	f.program.ClearSelected()
	f.contract.SetText("")
	f.proposed, f.proposedFor = "", contractKey{}
	f.amount.entry.SetText("")
	f.units.SetText("")
	f.outcomes.clear()
	f.term.SetText("")
	f.planForced = false
	f.plan.Enable()
	f.plan.SetSelected(a.loc.T("loans.plan.equal"))
	f.every.SetSelected("3")
	f.grace.SetText("")
	f.courseEnds.SetText("")
	f.custom.SetText("")
	f.signedOn.SetText(a.loc.Date(a.workingDate()))
	f.first.entry.SetText("")
	f.purpose.SetText("")
	f.programChanged()
}

// searchBorrowers offers the active households matching what is typed.
func (f *newLoanForm) searchBorrowers() {
	a := f.s.app
	query := f.borrowerSearch.Text
	seq := f.borrowerLoads.next()
	var found []data.BorrowerView
	a.async(func(ctx context.Context) error {
		all, err := a.store.SearchBorrowers(ctx, query, 40)
		for _, b := range all {
			if b.Active {
				found = append(found, b)
			}
		}
		return err
	}, func(err error) {
		if !f.borrowerLoads.is(seq) {
			return
		}
		if err != nil {
			a.showError(err)
			return
		}
		f.setBorrowers(found)
		if len(found) == 1 {
			f.borrower.SetSelected(borrowerLabel(found[0]))
		}
	})
}

func (f *newLoanForm) setBorrowers(bs []data.BorrowerView) {
	keep := f.borrowerID()
	f.borrowers = bs
	labels := make([]string, len(bs))
	selected := ""
	for i, b := range bs {
		labels[i] = borrowerLabel(b)
		if b.ID == keep {
			selected = labels[i]
		}
	}
	f.borrower.Options = labels
	if selected == "" {
		f.borrower.ClearSelected()
	} else {
		f.borrower.SetSelected(selected)
	}
	f.borrower.Refresh()
}

// pickBorrower chooses a household by ID (a household page's New loan). It counts as the
// newest borrower search, so that a search still loading cannot replace the pick.
func (f *newLoanForm) pickBorrower(id int64) {
	a := f.s.app
	var b data.BorrowerView
	seq := f.borrowerLoads.next()
	a.async(func(ctx context.Context) (err error) {
		b, err = a.store.Borrower(ctx, id)
		return err
	}, func(err error) {
		if !f.borrowerLoads.is(seq) {
			return // the clerk searched meanwhile
		}
		if err != nil {
			a.showError(err)
			return
		}
		f.setBorrowers([]data.BorrowerView{b})
		f.borrower.SetSelected(borrowerLabel(b))
		a.win.Canvas().Focus(f.contract)
	})
}

func borrowerLabel(b data.BorrowerView) string {
	return b.Code + " · " + b.Name + " · " + b.Village
}

func (f *newLoanForm) borrowerID() int64 {
	for _, b := range f.borrowers {
		if borrowerLabel(b) == f.borrower.Selected {
			return b.ID
		}
	}
	return 0
}

func (f *newLoanForm) programCode() string {
	code, _, _ := strings.Cut(f.program.Selected, " · ")
	return code
}

// programChanged shows the chosen program's terms on the contract date and offers its
// funding sources.
func (f *newLoanForm) programChanged() {
	a := f.s.app
	loc := a.loc
	p, ok := f.s.program(f.programCode())
	sources := data.FundingSources
	if ok {
		sources = p.Sources
	}
	keep := f.source.Selected
	f.source.Options = nil
	for _, src := range sources {
		f.source.Options = append(f.source.Options, loc.T("source."+string(src)))
	}
	switch {
	case len(f.source.Options) == 1:
		f.source.SetSelected(f.source.Options[0])
	case keep != "" && containsString(f.source.Options, keep):
		f.source.SetSelected(keep)
	default:
		f.source.ClearSelected()
	}
	f.source.Refresh()
	f.programUnitsAndPlan(p, ok)
	if !ok {
		f.programInfo.SetText("")
		f.programInfo.Hide()
		f.updatePreview()
		return
	}
	f.programInfo.SetText(programTerms(a, p, f.termsDate()))
	f.programInfo.Show()
	f.updatePreview()
}

// unitsFieldOf is the field the store names a program's units by ("loan.units.facility").
func unitsFieldOf(b data.LimitBasis) string { return "loan.units." + string(b) }

// programUnitsAndPlan asks for the units when the program counts its limit per unit, labelled
// by what it counts, and holds a student program's loan on the student plan.
func (f *newLoanForm) programUnitsAndPlan(p data.Program, ok bool) {
	loc := f.s.app.loc
	counts := ok && p.CountsUnits()
	f.form.setShown("loan.units", counts)
	f.outcomes.show(p.Code)
	if counts {
		f.unitsRow.label.SetText(loc.Field(unitsFieldOf(p.LimitBasis)))
	}
	student := loc.T("loans.plan.student")
	switch {
	case ok && p.NeedsStudentPlan():
		f.planForced = true
		f.plan.SetSelected(student)
		f.plan.Disable()
	case f.planForced:
		// Leaving a student program: back to the usual plan.
		f.planForced = false
		f.plan.Enable()
		f.plan.SetSelected(loc.T("loans.plan.equal"))
	}
}

// termsDate is the contract date typed, else the working date.
func (f *newLoanForm) termsDate() data.Date {
	if d, e := parseDateField(f.s.app.loc, "loan.signed_on", f.signedOn.Text); e == nil && !d.IsZero() {
		return d
	}
	return f.s.app.workingDate()
}

// programTerms is the rate in force on a date and the program's limits, on one line.
func programTerms(a *App, p data.Program, on data.Date) string {
	loc := a.loc
	var parts []string
	if r, ok := p.RateOn(on); ok {
		parts = append(parts, loc.T("loans.info_rate", "Rate", r, "Date", on))
	} else {
		parts = append(parts, loc.T("loans.info_no_rate", "Date", on))
	}
	if p.MaxAmount > 0 {
		// The basis is a list's label ("Per month of study"): inside the line it reads in lower case.
		parts = append(parts, loc.T("loans.info_max", "Max", p.MaxAmount, "Basis", lowerFirst(loc.T("limit."+string(p.LimitBasis)))))
	} else {
		parts = append(parts, loc.T("loans.info_no_max"))
	}
	if p.MaxTermMonths > 0 {
		parts = append(parts, loc.T("loans.info_term", "Months", p.MaxTermMonths))
	} else {
		parts = append(parts, loc.T("loans.info_no_term"))
	}
	return strings.Join(parts, " · ")
}

// lowerFirst puts the first letter of s in lower case.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// planKind is the plan chosen.
func (f *newLoanForm) planKind() data.PlanKind {
	for _, p := range planChoices {
		if f.plan.Selected == f.s.app.loc.T(p.id) {
			return p.kind
		}
	}
	return data.PlanEqual
}

// planChanged shows the fields the chosen plan reads.
func (f *newLoanForm) planChanged() {
	kind := f.planKind()
	show := f.form.setShown
	show("loan.plan.every", kind != data.PlanCustom)
	show("loan.plan.grace", kind == data.PlanEqual)
	show("loan.plan.course_ends", kind == data.PlanStudent)
	show("loan.plan.custom", kind == data.PlanCustom)
	f.updatePreview()
}

// typed reads the form into a loan and its first disbursement; what cannot be read becomes
// typed errors on its field.
func (f *newLoanForm) typed() (data.Loan, data.Dong, data.Errors) {
	a := f.s.app
	loc := a.loc
	var errs data.Errors
	l := data.Loan{BorrowerID: f.borrowerID(), ProgramCode: f.programCode(), Contract: f.contract.Text,
		Purpose: f.purpose.Text}
	var e *data.Error
	l.Amount, e = f.amount.value()
	errs.Add(e)
	if p, ok := f.s.program(l.ProgramCode); ok && p.CountsUnits() {
		l.Units, e = parseInt(unitsFieldOf(p.LimitBasis), f.units.Text)
		errs.Add(e)
	}
	var outcomeErrs data.Errors
	l.Outcome, outcomeErrs = f.outcomes.typed(l.ProgramCode, l.Units)
	errs = append(errs, outcomeErrs...)
	l.TermMonths, e = parseInt("loan.term", f.term.Text)
	errs.Add(e)
	l.SignedOn, e = parseDateField(loc, "loan.signed_on", f.signedOn.Text)
	errs.Add(e)
	for _, src := range data.FundingSources {
		if f.source.Selected == loc.T("source."+string(src)) {
			l.Source = src
		}
	}
	l.Plan.Kind = f.planKind()
	switch l.Plan.Kind {
	case data.PlanEqual, data.PlanStudent:
		l.Plan.EveryMonths, _ = strconv.Atoi(f.every.Selected)
	}
	switch l.Plan.Kind {
	case data.PlanEqual:
		l.Plan.GraceMonths, e = parseInt("loan.plan.grace", f.grace.Text)
		errs.Add(e)
	case data.PlanStudent:
		l.Plan.CourseEnds, e = parseDateField(loc, "loan.plan.course_ends", f.courseEnds.Text)
		errs.Add(e)
	case data.PlanCustom:
		var lineErrs data.Errors
		l.Plan.Custom, lineErrs = f.customLines()
		errs = append(errs, lineErrs...)
	}
	first, e := f.first.value()
	errs.Add(e)
	if strings.TrimSpace(f.first.entry.Text) == "" {
		// The usual case: the whole loan is paid out on the contract date, a student loan's
		// first term only.
		first = data.FirstTermDisbursement(l)
	}
	return l, first, errs
}

// customLines reads one installment per line: a due date, then the principal.
func (f *newLoanForm) customLines() ([]data.Installment, data.Errors) {
	loc := f.s.app.loc
	var out []data.Installment
	var errs data.Errors
	for _, line := range strings.Split(f.custom.Text, "\n") {
		words := strings.Fields(line)
		if len(words) == 0 {
			continue
		}
		no := len(out) + 1
		due, e1 := parseDateField(loc, "loan.plan.custom", words[0])
		amount, e2 := parseMoneyField(loc, "loan.plan.custom", strings.Join(words[1:], " "))
		if len(words) < 2 || e1 != nil || e2 != nil {
			errs.Add(data.Invalid("loan.plan.custom", "custom_line", "No", no, "Example", loc.Date(data.MustDate("2026-11-23"))+" 5tr"))
		}
		out = append(out, data.Installment{No: no, Due: due, Principal: amount})
	}
	return out, errs
}

// updatePreview rebuilds the schedule from what is typed.
func (f *newLoanForm) updatePreview() {
	if f.preview == nil {
		return // still building the form
	}
	a := f.s.app
	l, _, errs := f.typed()
	f.schedule = nil
	switch {
	case len(errs) > 0:
		f.previewNote.SetText(a.loc.Error(errs))
	default:
		sched, err := data.BuildSchedule(l)
		if err != nil {
			f.previewNote.SetText(a.loc.Error(err))
			break
		}
		f.schedule = sched
		var total data.Dong
		for _, in := range sched {
			total += in.Principal
		}
		f.previewNote.SetText(a.loc.T("loans.preview_total", "N", len(sched), "Total", total, "Date", l.Maturity()))
	}
	f.preview.Refresh()
	f.unitsLimit.SetText("")
	if p, ok := f.s.program(f.programCode()); ok {
		f.programInfo.SetText(programTerms(a, p, f.termsDate()))
		if p.CountsUnits() && p.MaxAmount > 0 && l.Units > 0 {
			f.unitsLimit.SetText(a.loc.T("loans.units_limit", "Max", p.LimitFor(l.Units), "Units", l.Units, "Each", p.MaxAmount))
		}
	}
	// An empty line under the units would leave a gap in the form until units are typed.
	if f.unitsLimit.Text == "" {
		f.unitsLimit.Hide()
	} else {
		f.unitsLimit.Show()
	}
}

func (f *newLoanForm) previewCell(id widget.TableCellID) string {
	if id.Row < 0 || id.Row >= len(f.schedule) {
		return ""
	}
	in := f.schedule[id.Row]
	switch id.Col {
	case 0:
		return strconv.Itoa(in.No)
	case 1:
		return f.s.app.loc.Date(in.Due)
	default:
		return f.s.app.loc.Amount(in.Principal)
	}
}

// ruleErrors are the loan's rules broken on fields that read (those in errs did not).
func (f *newLoanForm) ruleErrors(l data.Loan, errs data.Errors) data.Errors {
	p, ok := f.s.program(l.ProgramCode)
	if !ok {
		p = data.Program{Code: l.ProgramCode, LimitBasis: data.LimitPerLoan, Sources: data.FundingSources}
	}
	var out data.Errors
	for _, e := range data.DomainErrors(l.Validate(p)) {
		if data.ForField(errs, e.Field) == nil {
			out = append(out, e)
		}
	}
	return out
}

// contractKey is what a proposed contract number depends on.
type contractKey struct {
	borrower int64
	year     int
}

// proposeContract fills the contract number with the store's next number for the chosen
// household's commune and the signing year, as a value the clerk may keep or change. A number
// the clerk typed stays.
func (f *newLoanForm) proposeContract() {
	a := f.s.app
	id := f.borrowerID()
	text := strings.TrimSpace(f.contract.Text)
	if id == 0 || (text != "" && text != f.proposed) {
		return
	}
	signed := f.termsDate()
	// The number depends on the household and the year alone: typing the signing date asks
	// the store again only when its year changes.
	key := contractKey{id, signed.Year()}
	if key == f.proposedFor && text != "" && text == f.proposed {
		return
	}
	f.proposedFor = key
	seq := f.contractLoads.next()
	fetch(a, func(ctx context.Context) (string, error) { return a.store.NextContract(ctx, id, signed) }, func(next string) {
		if !f.contractLoads.is(seq) || f.borrowerID() != id {
			return
		}
		if now := strings.TrimSpace(f.contract.Text); now != "" && now != f.proposed {
			return // typed meanwhile
		}
		f.proposed = next
		f.contract.SetText(next)
	})
}

// save opens the loan. What cannot be read is reported with every rule the rest breaks, so
// the clerk sees all at once; nothing reaches the store until everything reads.
func (f *newLoanForm) save() {
	a := f.s.app
	if f.saving.running {
		return
	}
	l, first, errs := f.typed()
	if len(errs) > 0 {
		a.reportErrors(f.form, append(errs, f.ruleErrors(l, errs)...))
		return
	}
	a.write(&f.saving, func(ctx context.Context) error { return a.store.OpenLoan(ctx, &l, first) },
		func(err error) {
			if !a.reportErrors(f.form, err) {
				return
			}
			if err != nil { // sent for approval: the loan opens once approved
				f.reset()
				f.s.load()
				f.s.showPage(f.s.list)
				return
			}
			a.notify(a.loc.T("loans.opened", "Contract", l.Contract))
			f.s.load()
			f.s.openContract(l.Contract)
		})
}
