package ui

import (
	"context"
	"image/color"
	"io"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/reports"
)

// programsScreen shows the catalogue of credit programs, each with its current rate, limits
// and rate history, and lets a manager edit limits and add a dated rate period.
type programsScreen struct {
	app *App
	// The writes running: a rate period added twice is refused only if on the same day.
	savingLimits, addingRate busy
	programs                 []data.Program
	selected                 int    // index into programs, -1 when none
	want                     string // a program code to select when the list next loads (the Overview opens one)

	table   *widget.Table
	title   *widget.Label
	history *widget.Table

	limits    *form
	maxAmount *widget.Entry
	basis     *choice       // what the maximum amount counts per: loan, month of study, worker, facility
	maxUnits  *widget.Entry // most units one loan may count; empty or 0: no cap
	maxTerm   *widget.Entry
	extension *widget.Entry // longest extension of final maturity, in months
	open      *widget.Check
	sources   *widget.CheckGroup

	rateForm  *form
	effective *widget.Entry
	rate      *widget.Entry
	decision  *widget.Entry
	// rateConfirm asks before a rate is added; kept for tests to press its button.
	rateConfirm    dialog.Dialog
	rateConfirmOK  *widget.Button
	rateNote       *widget.Label // what the confirmation says
	confirmingRate bool          // the confirmation is being prepared or shown

	root fyne.CanvasObject
}

var programColumns = []string{"program.col.code", "program.col.name", "program.col.rate", "program.col.max_amount", "program.col.max_term", "program.col.status"}

func newProgramsScreen(a *App) *programsScreen {
	s := &programsScreen{app: a, selected: -1}
	loc := a.loc
	// The rate and the maximum amount align right, as figures do in every list.
	s.table = newHeaderTable(programColumns, []float32{50, 400, 120, 180, 130, 130},
		func() int { return len(s.programs) }, s.cell, func(col int) bool { return col == 2 || col == 3 }, loc)
	s.table.OnSelected = func(id widget.TableCellID) { s.choose(id.Row) }

	s.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.title.Wrapping = fyne.TextWrapWord

	s.limits = newForm(loc)
	s.maxAmount = widget.NewEntry()
	s.maxTerm = widget.NewEntry()
	s.maxUnits = widget.NewEntry()
	bases := make([]string, len(limitBases))
	for i, b := range limitBases {
		bases[i] = loc.T("limit." + string(b))
	}
	s.basis = newSelect(loc, bases, func(string) { s.basisChanged() })
	s.extension = widget.NewEntry()
	s.open = widget.NewCheck(loc.T("program.open_for_new"), nil)
	sourceNames := make([]string, len(data.FundingSources))
	for i, src := range data.FundingSources {
		sourceNames[i] = loc.T("source." + string(src))
	}
	s.sources = widget.NewCheckGroup(sourceNames, nil)
	s.limits.add("program.max_amount", s.maxAmount)
	s.limits.add("program.limit_basis", s.basis)
	s.limits.add("program.max_units", s.maxUnits)
	s.limits.add("program.max_term", s.maxTerm)
	s.limits.add("program.extension_max", s.extension)
	s.limits.add("program.sources", s.sources)
	s.limits.add("program.open", s.open)
	submitOnEnter(s.saveLimits, s.maxAmount, s.maxUnits, s.maxTerm, s.extension)
	saveLimits := widget.NewButton(loc.T("action.save"), s.saveLimits)
	saveLimits.Importance = widget.HighImportance
	s.savingLimits.guard(saveLimits)

	s.history = newHeaderTable([]string{"rate.col.effective", "rate.col.rate", "rate.col.decision"}, []float32{130, 130, 220},
		func() int { return len(s.rates()) }, s.rateCell, func(col int) bool { return col == 1 }, loc)

	s.rateForm = newForm(loc)
	s.effective = widget.NewEntry()
	// Hints of the form, not example values a manager could take for a rate on file.
	s.effective.SetPlaceHolder(loc.T("formsdesk.hint.date"))
	s.rate = widget.NewEntry()
	s.rate.SetPlaceHolder(loc.T("formsdesk.hint.rate"))
	s.decision = widget.NewEntry()
	s.rateForm.add("rate.effective", s.effective)
	s.rateForm.add("rate.rate", s.rate)
	s.rateForm.add("rate.decision", s.decision)
	submitOnEnter(s.addRate, s.effective, s.rate, s.decision)
	s.rateForm.check = func() error {
		p, errs := s.typedRate()
		if len(errs) > 0 {
			return errs
		}
		return p.Validate()
	}
	s.limits.check = func() error {
		p, errs := s.typedLimits()
		if len(errs) > 0 {
			return errs
		}
		return p.Validate()
	}
	addRate := widget.NewButton(loc.T("rate.add"), s.addRate)
	s.addingRate.guard(addRate)
	// A program's terms are the director's; a rate too, approved by a controller.
	a.allow(data.ActPrograms, saveLimits)
	rateForm := s.rateForm.object()
	a.allow(data.ActRates, addRate, rateForm)

	// Save stays in view under the limits, which scroll: at the bottom of the scrolled form it
	// hid below the pane on a 768-pixel screen.
	limitsBox := container.NewBorder(nil, container.NewHBox(saveLimits), nil, nil,
		container.NewVScroll(container.NewVBox(
			s.title,
			widget.NewLabelWithStyle(loc.T("program.limits"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			s.limits.object(),
		)))
	addBox := container.NewVBox(
		widget.NewLabelWithStyle(loc.T("rate.new_period"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		rateForm,
		container.NewHBox(addRate),
	)
	help := widget.NewLabel(loc.T("rate.new_period_help"))
	help.Wrapping = fyne.TextWrapWord
	// Keep room for a few periods: the history is what a manager checks before adding one.
	historyHeight := canvas.NewRectangle(color.Transparent)
	historyHeight.SetMinSize(fyne.NewSize(0, 150))
	ratesBox := container.NewBorder(
		widget.NewLabelWithStyle(loc.T("rate.history"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewVBox(help, addBox), nil, nil, container.NewStack(historyHeight, s.history))
	// The catalogue reads across the full width; the chosen program's limits and rates sit
	// side by side below it. A split, not a two-column grid: a grid gives both halves the width
	// of the wider one, which pushed the window past a 1024-pixel screen in French.
	detail := container.NewHSplit(limitsBox, container.NewPadded(ratesBox))
	split := container.NewVSplit(s.table, detail)
	split.Offset = 0.4
	printButton := widget.NewButtonWithIcon(loc.T("program.print_catalogue"), theme.DocumentPrintIcon(), s.print)
	header := container.NewBorder(nil, nil,
		widget.NewLabelWithStyle(loc.T("nav.programs"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		printButton)
	s.root = container.NewBorder(header, nil, nil, nil, split)
	s.setDetailEnabled(false)
	return s
}

func (s *programsScreen) content() fyne.CanvasObject { return s.root }

func (s *programsScreen) refresh() {
	var programs []data.Program
	s.app.async(func(ctx context.Context) (err error) {
		programs, err = s.app.store.Programs(ctx)
		return err
	}, func(err error) {
		if err != nil {
			s.app.showError(err)
			return
		}
		s.programs = programs
		s.table.Refresh()
		for i, p := range programs {
			if s.want != "" && p.Code == s.want {
				s.selected = -1
				s.table.Select(widget.TableCellID{Row: i, Col: 0})
				s.table.ScrollTo(widget.TableCellID{Row: i, Col: 0})
			}
		}
		s.want = ""
		if s.selected < 0 && len(programs) > 0 {
			s.table.Select(widget.TableCellID{Row: 0, Col: 0}) // something useful shows at once
		} else if s.selected < len(programs) {
			s.choose(s.selected)
		}
	})
}

func (s *programsScreen) cell(id widget.TableCellID) string {
	if id.Row >= len(s.programs) {
		return ""
	}
	p := &s.programs[id.Row]
	loc := s.app.loc
	switch id.Col {
	case 0:
		return p.Code
	case 1:
		return p.NameIn(loc.Lang())
	case 2:
		if r, ok := p.RateOn(s.app.workingDate()); ok {
			return loc.Percent(r)
		}
		return "—"
	case 3:
		if p.MaxAmount == 0 {
			return "—"
		}
		return loc.Amount(p.MaxAmount) + unitsNote(loc, p)
	case 4:
		if p.MaxTermMonths == 0 {
			return "—"
		}
		return loc.N("count.months", p.MaxTermMonths)
	case 5:
		if p.Open {
			return loc.T("program.status.open")
		}
		return loc.T("program.status.closed")
	}
	return ""
}

func (s *programsScreen) rates() []data.RatePeriod {
	if s.selected < 0 || s.selected >= len(s.programs) {
		return nil
	}
	return s.programs[s.selected].Rates
}

func (s *programsScreen) rateCell(id widget.TableCellID) string {
	rates := s.rates()
	if id.Row >= len(rates) {
		return ""
	}
	// Newest first: the rate in force is what people look for.
	r := rates[len(rates)-1-id.Row]
	switch id.Col {
	case 0:
		return s.app.loc.Date(r.Effective)
	case 1:
		return s.app.loc.Percent(r.Rate)
	default:
		return r.Decision
	}
}

func (s *programsScreen) choose(row int) {
	if row < 0 || row >= len(s.programs) {
		return
	}
	s.selected = row
	p := &s.programs[row]
	loc := s.app.loc
	s.title.SetText(p.Code + " · " + p.NameIn(loc.Lang()))
	s.maxAmount.SetText(loc.Amount(p.MaxAmount))
	s.maxTerm.SetText(strconv.Itoa(p.MaxTermMonths))
	s.basis.SetSelected(loc.T("limit." + string(p.LimitBasis)))
	s.maxUnits.SetText("")
	if p.MaxUnits > 0 {
		s.maxUnits.SetText(strconv.Itoa(p.MaxUnits))
	}
	s.basisChanged()
	s.extension.SetText(strconv.Itoa(p.ExtensionMaxMonths))
	s.open.SetChecked(p.Open)
	var chosen []string
	for _, src := range p.Sources {
		chosen = append(chosen, loc.T("source."+string(src)))
	}
	s.sources.SetSelected(chosen)
	s.limits.clearErrors()
	s.rateForm.clearErrors()
	s.history.Refresh()
	s.setDetailEnabled(true)
	s.limits.keep()
}

// limitBases are what a program's maximum amount may count per, in the order offered.
var limitBases = []data.LimitBasis{data.LimitPerLoan, data.LimitPerMonth, data.LimitPerWorker, data.LimitPerFacility}

// unitsNote says what a program's maximum counts per when it is not per loan, with its most
// units ("· Per facility · at most 2").
func unitsNote(loc interface {
	T(string, ...any) string
}, p *data.Program) string {
	if !p.CountsUnits() {
		return ""
	}
	note := " · " + loc.T("limit."+string(p.LimitBasis))
	if p.MaxUnits > 0 {
		note += " · " + loc.T("program.max_units_short", "Max", p.MaxUnits)
	}
	return note
}

// basisChanged offers the most units only for a maximum counted per unit.
func (s *programsScreen) basisChanged() {
	if i := s.basis.SelectedIndex(); i < 0 || limitBases[i] == data.LimitPerLoan {
		s.maxUnits.SetText("")
		s.maxUnits.Disable()
		return
	}
	if s.selected >= 0 {
		s.maxUnits.Enable()
	}
}

func (s *programsScreen) setDetailEnabled(on bool) {
	for _, e := range []*widget.Entry{s.maxAmount, s.maxTerm, s.extension, s.effective, s.rate, s.decision} {
		if on {
			e.Enable()
		} else {
			e.Disable()
		}
	}
}

// typedLimits reads the limits form into the chosen program; what cannot be read becomes typed
// errors on its field.
func (s *programsScreen) typedLimits() (data.Program, data.Errors) {
	if s.selected < 0 {
		return data.Program{}, nil
	}
	loc := s.app.loc
	p := s.programs[s.selected]
	var errs data.Errors
	amount, e := parseMoneyField(loc, "program.max_amount", s.maxAmount.Text)
	errs.Add(e)
	term, e := parseInt("program.max_term", s.maxTerm.Text)
	errs.Add(e)
	units, e := parseInt("program.max_units", s.maxUnits.Text)
	errs.Add(e)
	extension, e := parseInt("program.extension_max", s.extension.Text)
	errs.Add(e)
	if len(errs) > 0 {
		return p, errs
	}
	p.MaxAmount, p.MaxTermMonths, p.ExtensionMaxMonths, p.Open = amount, term, extension, s.open.Checked
	if i := s.basis.SelectedIndex(); i >= 0 {
		p.LimitBasis = limitBases[i]
	}
	p.MaxUnits = 0
	if p.CountsUnits() {
		p.MaxUnits = units
	}
	p.Sources = nil
	for _, src := range data.FundingSources {
		for _, name := range s.sources.Selected {
			if name == loc.T("source."+string(src)) {
				p.Sources = append(p.Sources, src)
			}
		}
	}
	return p, nil
}

func (s *programsScreen) saveLimits() {
	if s.selected < 0 || s.savingLimits.running {
		return
	}
	loc := s.app.loc
	p, errs := s.typedLimits()
	if len(errs) > 0 {
		s.limits.showErrors(errs)
		return
	}
	s.app.write(&s.savingLimits, func(ctx context.Context) error {
		return s.app.store.SaveProgram(ctx, &p)
	}, func(err error) {
		if !s.app.reportErrors(s.limits, err) {
			return
		}
		s.app.notify(loc.T("program.saved", "Code", p.Code))
		s.refresh()
	})
}

// typedRate reads the new rate form; what cannot be read becomes typed errors on its field.
func (s *programsScreen) typedRate() (data.RatePeriod, data.Errors) {
	loc := s.app.loc
	var errs data.Errors
	eff, e := parseDateField(loc, "rate.effective", s.effective.Text)
	errs.Add(e)
	rate, e := parseRateField(loc, "rate.rate", s.rate.Text)
	errs.Add(e)
	code := ""
	if s.selected >= 0 && s.selected < len(s.programs) {
		code = s.programs[s.selected].Code
	}
	return data.RatePeriod{ProgramCode: code, Effective: eff, Rate: rate, Decision: strings.TrimSpace(s.decision.Text)}, errs
}

// addRate checks the new rate, then asks for confirmation stating its date and how many
// outstanding loans it reprices: a rate changes what every one of them owes from that date.
func (s *programsScreen) addRate() {
	if s.selected < 0 || s.addingRate.running || s.confirmingRate {
		return // Enter twice asks once
	}
	a := s.app
	period, errs := s.typedRate()
	if len(errs) > 0 {
		s.rateForm.showErrors(errs)
		return
	}
	if err := period.Validate(); err != nil {
		a.reportErrors(s.rateForm, err)
		return
	}
	s.rateForm.clearErrors()
	s.confirmingRate = true
	var loans int
	a.async(func(ctx context.Context) (err error) {
		loans, err = a.store.RepricedLoans(ctx, period.ProgramCode)
		return err
	}, func(err error) {
		if err != nil {
			s.confirmingRate = false
			a.showError(err)
			return
		}
		s.confirmRate(period, loans)
	})
}

func (s *programsScreen) confirmRate(period data.RatePeriod, loans int) {
	a := s.app
	loc := a.loc
	s.rateNote = widget.NewLabel(loc.N("formsdesk.rate_confirm", loans, "Code", period.ProgramCode,
		"Rate", loc.Percent(period.Rate), "Date", loc.Date(period.Effective)))
	s.rateNote.Wrapping = fyne.TextWrapWord
	s.rateConfirm, s.rateConfirmOK = confirmDialog(a, loc.T("formsdesk.rate_confirm_title"), loc.T("rate.add"), s.rateNote, func() {
		s.rateConfirm.Hide()
		s.writeRate(period)
	})
	s.rateConfirm.SetOnClosed(func() { s.confirmingRate = false })
	s.rateConfirm.Resize(fyne.NewSize(480, 0))
	s.rateConfirm.Show()
}

func (s *programsScreen) writeRate(period data.RatePeriod) {
	loc := s.app.loc
	code, rate, eff := period.ProgramCode, period.Rate, period.Effective
	s.app.write(&s.addingRate, func(ctx context.Context) error {
		return s.app.store.AddRatePeriod(ctx, period)
	}, func(err error) {
		if !s.app.reportErrors(s.rateForm, err) {
			return
		}
		s.effective.SetText("")
		s.rate.SetText("")
		s.decision.SetText("")
		if err != nil { // sent for approval: the rate applies once approved
			return
		}
		s.app.notify(loc.T("rate.added", "Code", code, "Rate", loc.Percent(rate), "Date", loc.Date(eff)))
		s.refresh()
	})
}

// print saves the catalogue of rates in force on the working date as a PDF and opens it.
func (s *programsScreen) print() {
	a := s.app
	on := a.workingDate()
	catalogue := reports.BuildProgramCatalogue(a.office, s.programs, on, a.settings.PenaltyPercent)
	name := "programs-" + on.String() + "-" + a.loc.Lang() + ".pdf"
	loc := a.loc
	a.savePDF(nil, name, func(ctx context.Context, w io.Writer) error {
		catalogue.Anchor = a.ledgerAnchor(ctx)
		return catalogue.WritePDF(w, loc, time.Now())
	}, nil)
}
