package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/reports"
)

// capitalScreen shows the capital the province, district and communes entrusted to the office
// from their budgets (Directive 40-CT/TW): each pool with what it received, what is lent out
// from it, what is left to lend and how much of it is used. The accountant records a transfer
// or a return from here, after confirming what will be written; the director approves it.
type capitalScreen struct {
	app      *App
	figures  data.CapitalFigures
	communes []data.Commune

	table  *widget.Table
	totals *widget.Label
	add    *widget.Button
	ret    *widget.Button
	body   *fyne.Container // the table, or the empty state
	empty  fyne.CanvasObject
	root   fyne.CanvasObject

	// form is the transfer or return being filled; saving guards its confirm button.
	form    *capitalForm
	confirm *widget.Button
	saving  busy
}

// capitalForm is the inputs of a transfer or a return.
type capitalForm struct {
	level, commune        *choice
	giver, decision, date *widget.Entry
	amount                *moneyEntry
	next                  *widget.Button // asks for confirmation
}

var capitalColumns = []string{"capital.col.level", "capital.col.pool", "capital.col.commune", "capital.col.received",
	"capital.col.lent", "capital.col.available", "capital.col.use"}

func newCapitalScreen(a *App) *capitalScreen {
	loc := a.loc
	s := &capitalScreen{app: a}
	s.table = newHeaderTable(capitalColumns, []float32{85, 264, 78, 112, 112, 148, 112},
		func() int { return len(s.figures.Pools) }, s.cell, func(col int) bool { return col >= 3 }, loc)
	s.totals = widget.NewLabel("")
	s.totals.Wrapping = fyne.TextWrapWord
	s.add = widget.NewButton(loc.T("capital.screen.add"), func() { s.ask(data.CapitalTransfer) })
	s.add.Importance = widget.HighImportance
	s.ret = widget.NewButton(loc.T("capital.screen.return"), func() { s.ask(data.CapitalReturn) })
	emptyAdd := widget.NewButton(loc.T("capital.screen.add"), func() { s.ask(data.CapitalTransfer) })
	a.allow(data.ActCapital, s.add, s.ret, emptyAdd)
	s.empty = emptyState(loc.T("capital.screen.empty"), emptyAdd)
	s.body = container.NewStack(s.table)
	s.root = container.NewBorder(container.NewVBox(
		widget.NewLabelWithStyle(loc.T("capital.screen.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.New(&wrapLayout{}, s.add, s.ret), s.totals), nil, nil, nil, s.body)
	return s
}

func (s *capitalScreen) content() fyne.CanvasObject { return s.root }

type capitalView struct {
	figures  data.CapitalFigures
	communes []data.Commune
}

func (s *capitalScreen) refresh() {
	a := s.app
	on := a.workingDate()
	fetch(a, func(ctx context.Context) (capitalView, error) {
		f, err := a.store.CapitalFiguresOn(ctx, on)
		if err != nil {
			return capitalView{}, err
		}
		cs, err := a.store.Communes(ctx)
		return capitalView{f, cs}, err
	}, func(v capitalView) {
		s.figures, s.communes = v.figures, v.communes
		s.show()
	})
}

// show fills the table, or says what to do when the office has recorded no capital yet.
func (s *capitalScreen) show() {
	loc := s.app.loc
	t := s.figures.Totals
	if len(s.figures.Pools) == 0 {
		s.body.Objects = []fyne.CanvasObject{s.empty}
		s.totals.SetText("")
		s.ret.Hide()
	} else {
		s.body.Objects = []fyne.CanvasObject{s.table}
		s.totals.SetText(loc.T("capital.screen.totals", "Received", loc.Money(t.Received), "Lent", loc.Money(t.LentOutstanding),
			"Available", loc.Money(t.Available)))
		if s.app.may(data.ActCapital) {
			s.ret.Show()
		}
	}
	s.body.Refresh()
	s.table.Refresh()
}

func (s *capitalScreen) cell(id widget.TableCellID) string {
	loc := s.app.loc
	p := s.figures.Pools[id.Row]
	switch id.Col {
	case 0:
		return loc.T("capital.level." + string(p.Pool.Level))
	case 1:
		return p.Pool.Giver
	case 2:
		return p.CommuneCode
	case 3:
		return loc.Amount(p.Totals.Received)
	case 4:
		return loc.Amount(p.Totals.LentOutstanding)
	case 5:
		return loc.Amount(p.Totals.Available)
	default:
		return reports.PercentText(loc, p.Totals.LentOutstanding, p.Totals.Balance)
	}
}

// ask opens the form of a transfer or a return; its button asks for confirmation, stating
// what will be recorded, before anything is written.
func (s *capitalScreen) ask(kind data.CapitalKind) {
	a := s.app
	loc := a.loc
	levels := make([]string, len(data.CapitalLevels))
	for i, l := range data.CapitalLevels {
		levels[i] = loc.T("capital.level." + string(l))
	}
	communeNames := make([]string, len(s.communes))
	for i, c := range s.communes {
		communeNames[i] = c.Code + " – " + c.Name
	}
	f := newForm(loc)
	commune := newSelect(loc, communeNames, nil)
	level := newSelect(loc, levels, func(v string) { f.setShown("capital.commune", v == levels[2]) })
	giver, decision, date := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	date.SetText(loc.Date(a.workingDate()))
	var d *dialog.CustomDialog
	amount := newMoneyEntry(loc, "capital.amount", func() { d.Hide() })
	f.add("capital.level", level)
	f.add("capital.commune", commune)
	f.add("capital.giver", giver)
	f.add("capital.decision", decision)
	f.add("capital.date", date)
	f.add("capital.amount", amount.object())
	f.setShown("capital.commune", false)

	read := func() (data.CapitalMove, error) {
		m := data.CapitalMove{Kind: kind, Giver: giver.Text, Decision: decision.Text}
		var errs data.Errors
		for i, l := range levels {
			if l == level.Selected {
				m.Level = data.CapitalLevels[i]
			}
		}
		if m.Level == data.CapitalCommune {
			for i, n := range communeNames {
				if n == commune.Selected {
					m.CommuneID = s.communes[i].ID
				}
			}
		}
		var e *data.Error
		if m.On, e = parseDateField(loc, "capital.date", date.Text); e != nil {
			errs.Add(e)
		}
		if m.Amount, e = amount.value(); e != nil {
			errs.Add(e)
		}
		if len(errs) > 0 {
			return m, errs
		}
		return m, m.Check()
	}
	title := loc.T("capital.screen.add")
	if kind == data.CapitalReturn {
		title = loc.T("capital.screen.return")
	}
	next := widget.NewButton(title, func() {
		m, err := read()
		if err != nil {
			f.showErrors(err)
			return
		}
		f.clearErrors()
		s.confirmMove(m, title, f, func() { d.Hide() })
	})
	next.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons(title, container.NewVBox(f.object(),
		container.NewHBox(widget.NewButton(loc.T("action.cancel"), func() { d.Hide() }), next)), a.win)
	d.Resize(fyne.NewSize(600, 0))
	s.form = &capitalForm{level, commune, giver, decision, date, amount, next}
	d.Show()
	a.win.Canvas().Focus(giver)
}

// confirmMove says what will be recorded and records it once confirmed; a refusal goes back
// to the form, which stays filled.
func (s *capitalScreen) confirmMove(m data.CapitalMove, title string, f *form, closeForm func()) {
	a := s.app
	loc := a.loc
	kind := loc.T("capital.kind." + string(m.Kind))
	text := widget.NewLabel(loc.T("capital.screen.confirm", "Kind", kind, "Amount", loc.Money(m.Amount),
		"Giver", m.Giver, "Decision", m.Decision, "Date", loc.Date(m.On)))
	text.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	d, s.confirm = confirmDialog(a, title, loc.T("capital.screen.record"), text, nil)
	s.confirm.Importance = widget.HighImportance
	s.saving = busy{}
	s.saving.guard(s.confirm)
	s.confirm.OnTapped = s.saving.unlessRunning(func() {
		a.write(&s.saving, func(ctx context.Context) error {
			_, err := a.store.MoveCapital(ctx, m)
			return err
		}, func(err error) {
			d.Hide()
			if !a.reportErrors(f, err) {
				return
			}
			closeForm()
			if err == nil {
				a.notify(loc.T("capital.screen.done", "Kind", kind))
			}
			s.refresh()
		})
	})
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}
