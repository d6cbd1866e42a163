package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/reports"
)

// The paid columns of the grid, in order.
const (
	colPrincipal = iota
	colInterest
	colPenalty
	colDeposit
	colWithdrawal
	paidColumns
)

var paidHeaders = [paidColumns]string{"report.collection.col.paid_principal", "report.collection.col.paid_interest",
	"report.collection.col.paid_penalty", "report.collection.col.deposit", "report.collection.col.withdrawal"}

var paidFields = [paidColumns]string{"collection.principal", "collection.interest", "collection.penalty",
	"collection.deposit", "collection.withdrawal"}

// txRow is one member's row of the day: what is due, and what the officer typed.
type txRow struct {
	member data.CollectionMember
	line   int // the row's number in the batch, for the store's messages
	values [paidColumns]string
	err    string
}

// txGroup is one group of the day with its rows and the cash counted for it.
type txGroup struct {
	group   data.CollectionGroup
	rows    []*txRow
	cash    string
	cashErr string
}

// txDayScreen is the transaction day at one point: the collection list as an entry grid per
// group, pre-filled with what is due, running totals, the cash counted per group, and the
// batch posted all or nothing.
type txDayScreen struct {
	app *App

	points    []data.Point
	point     *widget.Select
	date      *widget.Entry
	dateMsg   *widget.Label
	open      *widget.Button
	progress  *widget.ProgressBarInfinite
	stop      *widget.Button
	cancelRun context.CancelFunc
	loads     latest

	actions *fyne.Container
	summary *widget.Label

	list     data.CollectionList
	groups   []*txGroup
	loaded   bool
	selected int // index into groups; len(groups) is the disbursements section

	groupList *widget.List
	body      *fyne.Container
	entries   [][paidColumns]*gridEntry // the shown group's inputs, for keyboard moves
	totals    *widget.Label
	cashEntry *moneyEntry
	cashMsg   *widget.Label
	diff      *widget.Label

	root fyne.CanvasObject
}

func newTxDayScreen(a *App) *txDayScreen {
	s := &txDayScreen{app: a}
	loc := a.loc
	s.point = newSelect(loc, nil, func(string) { s.defaultDate() })
	s.point.PlaceHolder = loc.T("txday.pick_point")
	s.date = widget.NewEntry()
	s.date.OnSubmitted = func(string) { s.load() }
	s.dateMsg = widget.NewLabel("")
	s.dateMsg.Importance = widget.DangerImportance
	s.dateMsg.Hide()
	s.open = widget.NewButton(loc.T("txday.open"), s.load)
	s.open.Importance = widget.HighImportance
	s.progress = widget.NewProgressBarInfinite()
	s.progress.Stop()
	s.progress.Hide()
	s.stop = widget.NewButton(loc.T("action.cancel"), func() {
		if s.cancelRun != nil {
			s.cancelRun()
		}
	})
	s.stop.Hide()

	s.actions = container.NewHBox(
		widget.NewButton(loc.T("txday.print_list"), s.print),
		s.exportMenu(),
		widget.NewButton(loc.T("txday.import_csv"), s.importCSV),
		widget.NewButton(loc.T("txday.day_report"), s.dayReport),
		widget.NewButton(loc.T("txday.batches"), s.showBatches),
	)
	post := widget.NewButton(loc.T("txday.post"), s.post)
	post.Importance = widget.HighImportance
	s.actions.Add(post)
	s.actions.Hide()
	s.summary = widget.NewLabel(loc.T("txday.intro"))
	s.summary.Wrapping = fyne.TextWrapWord

	s.groupList = widget.NewList(
		func() int {
			if !s.loaded {
				return 0
			}
			return len(s.groups) + 1
		},
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(s.groupLine(id)) },
	)
	s.groupList.OnSelected = func(id widget.ListItemID) { s.showGroup(id) }
	s.body = container.NewStack()

	pick := container.NewBorder(nil, nil, nil, container.NewHBox(s.open, s.stop),
		container.NewGridWithColumns(2, s.point, container.NewVBox(s.date, s.dateMsg)))
	top := container.NewVBox(widget.NewLabelWithStyle(loc.T("nav.txday"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		pick, s.progress, s.actions, s.summary)
	split := container.NewHSplit(s.groupList, s.body)
	split.Offset = 0.22
	s.root = container.NewBorder(top, nil, nil, nil, split)
	return s
}

func (s *txDayScreen) content() fyne.CanvasObject { return s.root }

// refresh reads the points; the list itself is built only when asked (Open), since a point's
// day is a deliberate choice.
func (s *txDayScreen) refresh() {
	var points []data.Point
	s.app.async(func(ctx context.Context) (err error) {
		points, err = s.app.store.Points(ctx, 0)
		return err
	}, func(err error) {
		if err != nil {
			s.app.showError(err)
			return
		}
		s.points = points
		names := make([]string, len(points))
		for i, p := range points {
			names[i] = p.Code + " – " + p.Name
		}
		keep := s.point.Selected
		s.point.Options = names
		s.point.Refresh()
		if keep == "" && len(names) > 0 {
			s.point.SetSelected(names[0])
		}
		// The first visit opens the first point's list; later changes of point wait for
		// Open, so that typed rows are never thrown away by a stray click.
		if !s.loaded && s.point.Selected != "" {
			s.load()
		}
	})
}

func (s *txDayScreen) chosenPoint() (data.Point, bool) {
	for i, p := range s.points {
		if s.point.Selected == p.Code+" – "+p.Name {
			return s.points[i], true
		}
	}
	return data.Point{}, false
}

// defaultDate proposes the point's next fixed day from the working date.
func (s *txDayScreen) defaultDate() {
	if p, ok := s.chosenPoint(); ok {
		s.date.SetText(s.app.loc.Date(data.NextPointDay(p.Day, s.app.workingDate())))
	}
}

func (s *txDayScreen) showDateError(e *data.Error) {
	if e == nil {
		s.dateMsg.Hide()
		return
	}
	s.dateMsg.SetText(s.app.loc.Error(e))
	s.dateMsg.Show()
}

// load builds the point's list for the day off the UI goroutine, with a progress bar and
// Cancel; a newer load wins over an older one still running.
func (s *txDayScreen) load() {
	p, ok := s.chosenPoint()
	if !ok {
		s.app.showError(data.Invalid("collection.point", "required"))
		return
	}
	on, derr := parseDateField(s.app.loc, "collection.date", s.date.Text)
	if derr == nil && on.IsZero() {
		derr = data.Invalid("collection.date", "required")
	}
	s.showDateError(derr)
	if derr != nil {
		return
	}
	if s.cancelRun != nil {
		s.cancelRun()
	}
	ctx, cancel := context.WithCancel(s.app.ctx)
	s.cancelRun = cancel
	n := s.loads.next()
	s.progress.Show()
	s.progress.Start()
	s.stop.Show()
	var list data.CollectionList
	s.app.async(func(context.Context) (err error) {
		list, err = s.app.store.CollectionList(ctx, p.ID, on)
		return err
	}, func(err error) {
		if !s.loads.is(n) {
			return
		}
		cancel()
		s.progress.Stop()
		s.progress.Hide()
		s.stop.Hide()
		if ctx.Err() != nil && err != nil {
			s.summary.SetText(s.app.loc.T("txday.cancelled"))
			return
		}
		if err != nil {
			s.app.showError(err)
			return
		}
		s.setList(list)
	})
}

// setList shows a freshly built list, every row pre-filled with what is due.
func (s *txDayScreen) setList(list data.CollectionList) {
	loc := s.app.loc
	s.list, s.loaded = list, true
	s.groups = nil
	line := 0
	for _, g := range list.Groups {
		tg := &txGroup{group: g}
		for _, m := range g.Members {
			line++
			r := &txRow{member: m, line: line}
			r.fillDue(loc.Amount)
			tg.rows = append(tg.rows, r)
		}
		s.groups = append(s.groups, tg)
	}
	s.actions.Show()
	s.updateSummary()
	s.groupList.Refresh()
	s.groupList.UnselectAll()
	if len(s.groups) > 0 {
		s.groupList.Select(0)
	} else {
		s.body.Objects = []fyne.CanvasObject{widget.NewLabel(loc.T("report.collection.empty"))}
		s.body.Refresh()
	}
}

// fillDue puts what is due into the paid columns: "paid as due".
func (r *txRow) fillDue(amount func(data.Dong) string) {
	due := r.member.Due
	r.values = [paidColumns]string{amount(due.Principal), amount(due.Interest), amount(due.Penalty), "", ""}
	for i, v := range r.values {
		if v == amount(0) {
			r.values[i] = ""
		}
	}
	r.err = ""
}

// collected reads a row; a bad amount is a typed error on its column's field.
func (s *txDayScreen) collected(r *txRow) (data.Collected, error) {
	var c data.Collected
	dst := [paidColumns]*data.Dong{&c.Principal, &c.Interest, &c.Penalty, &c.Deposit, &c.Withdrawal}
	var errs data.Errors
	for i, v := range r.values {
		d, err := parseMoneyField(s.app.loc, paidFields[i], v)
		if err != nil {
			errs.Add(err)
			continue
		}
		*dst[i] = d
	}
	return c, errs.Err()
}

// groupFigures adds up what a group's rows say came in; rows that cannot be read count as 0.
func (s *txDayScreen) groupFigures(g *txGroup) (collected data.Collected, bad int) {
	for _, r := range g.rows {
		c, err := s.collected(r)
		if err != nil {
			bad++
			continue
		}
		collected.Dues = collected.Dues.Add(c.Dues)
		collected.Deposit += c.Deposit
		collected.Withdrawal += c.Withdrawal
	}
	return collected, bad
}

// cashDifference is counted cash less what the rows bring in; ok is false when nothing or
// something unreadable was typed.
func (s *txDayScreen) cashDifference(g *txGroup) (diff data.Dong, ok bool) {
	if strings.TrimSpace(g.cash) == "" {
		return 0, false
	}
	counted, err := parseMoneyField(s.app.loc, "collection.cash", g.cash)
	if err != nil {
		return 0, false
	}
	c, _ := s.groupFigures(g)
	return counted - c.Net(), true
}

func (s *txDayScreen) groupLine(id int) string {
	loc := s.app.loc
	if id >= len(s.groups) {
		return loc.N("txday.disbursements", len(s.list.Disbursements))
	}
	g := s.groups[id]
	mark := "○"
	if d, ok := s.cashDifference(g); ok && d == 0 {
		mark = "✓"
	} else if ok {
		mark = "≠"
	}
	for _, r := range g.rows {
		if r.err != "" {
			mark = "!"
		}
	}
	if g.cashErr != "" {
		mark = "!"
	}
	return fmt.Sprintf("%s %s · %s (%d)", mark, g.group.Code, g.group.Name, len(g.rows))
}

// updateSummary writes the point's running totals: due, typed, and groups balanced.
func (s *txDayScreen) updateSummary() {
	loc := s.app.loc
	var typed data.Collected
	balanced := 0
	for _, g := range s.groups {
		c, _ := s.groupFigures(g)
		typed.Dues = typed.Dues.Add(c.Dues)
		typed.Deposit += c.Deposit
		typed.Withdrawal += c.Withdrawal
		if d, ok := s.cashDifference(g); ok && d == 0 {
			balanced++
		}
	}
	s.summary.SetText(loc.T("txday.summary", "Point", s.list.PointCode+" – "+s.list.PointName, "Date", s.list.Date,
		"Members", loc.Number(int64(s.list.Totals.Members)), "Due", loc.Money(s.list.Totals.Due.Total()),
		"Typed", loc.Money(typed.Total()), "Deposits", loc.Money(typed.Deposit), "Withdrawals", loc.Money(typed.Withdrawal),
		"Balanced", loc.Number(int64(balanced)), "Groups", loc.Number(int64(len(s.groups)))))
}

// gridEntry is an amount cell that moves down and up its column with Enter and the arrows,
// and fills its row with what is due on F2, so a clerk types a whole column without the mouse.
type gridEntry struct {
	widget.Entry
	onKey func(*fyne.KeyEvent) bool
}

func newGridEntry() *gridEntry {
	e := &gridEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey lets onKey take the keys it moves on; everything else edits the text.
func (e *gridEntry) TypedKey(k *fyne.KeyEvent) {
	if e.onKey != nil && e.onKey(k) {
		return
	}
	e.Entry.TypedKey(k)
}

// showGroup lays out one group's grid (or the disbursements) on the right.
func (s *txDayScreen) showGroup(id int) {
	s.selected = id
	if id >= len(s.groups) {
		s.showDisbursements()
		return
	}
	loc := s.app.loc
	g := s.groups[id]
	// Penalty is rarely due; its column shows only when someone in the group owes some.
	withPenalty := g.group.Totals.Due.Penalty > 0
	for _, r := range g.rows {
		withPenalty = withPenalty || r.values[colPenalty] != ""
	}
	paid := []int{colPrincipal, colInterest, colPenalty, colDeposit, colWithdrawal}
	if !withPenalty {
		paid = []int{colPrincipal, colInterest, colDeposit, colWithdrawal}
	}
	header := []string{"report.collection.col.name", "report.collection.col.total_due", "report.collection.col.savings"}
	widths := []float32{150, 92, 92}
	for _, c := range paid {
		header = append(header, paidHeaders[c])
		widths = append(widths, 90)
	}
	header = append(header, "")
	widths = append(widths, 70)
	row := func(objs ...fyne.CanvasObject) fyne.CanvasObject {
		return container.New(&columnsLayout{widths: widths}, objs...)
	}

	headCells := make([]fyne.CanvasObject, 0, len(header))
	for _, h := range header {
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		if h != "" {
			l.SetText(loc.T(h))
		}
		l.Wrapping = fyne.TextWrapWord
		headCells = append(headCells, l)
	}
	// One row per member, so that a row's error can span the whole width under it.
	lines := []fyne.CanvasObject{row(headCells...)}
	s.entries = make([][paidColumns]*gridEntry, len(g.rows))
	for ri, r := range g.rows {
		ri := ri
		name := widget.NewLabel(r.member.Name + "\n" + r.member.Customer)
		name.Truncation = fyne.TextTruncateEllipsis
		amount := func(d data.Dong) fyne.CanvasObject {
			return widget.NewLabelWithStyle(loc.Amount(d), fyne.TextAlignTrailing, fyne.TextStyle{})
		}
		cells := []fyne.CanvasObject{name, amount(r.member.Due.Total()), amount(r.member.Savings)}
		for c := 0; c < paidColumns; c++ {
			e := newGridEntry()
			e.SetText(r.values[c])
			col := c
			e.OnChanged = func(v string) {
				g.rows[ri].values[col] = v
				s.updateTotals(g)
			}
			e.onKey = func(k *fyne.KeyEvent) bool { return s.gridKey(g, ri, col, k) }
			s.entries[ri][c] = e
		}
		for _, c := range paid {
			cells = append(cells, s.entries[ri][c])
		}
		cells = append(cells, widget.NewButton(loc.T("txday.as_due"), func() { s.paidAsDue(g, ri) }))
		lines = append(lines, row(cells...))
		if r.err != "" {
			msg := widget.NewLabel(loc.T("txday.row_error", "Customer", r.member.Customer, "Reason", r.err))
			msg.Importance = widget.DangerImportance
			msg.Wrapping = fyne.TextWrapWord
			lines = append(lines, msg)
		}
	}
	grid := container.NewVBox(lines...)

	leader := g.group.Leader
	if leader == "" {
		leader = "—"
	}
	title := widget.NewLabelWithStyle(loc.T("report.collection.group", "Code", g.group.Code, "Name", g.group.Name,
		"Association", loc.Association(g.group.Association), "Village", g.group.Village, "Leader", leader),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	hint := widget.NewLabel(loc.T("txday.keys"))
	hint.Importance = widget.LowImportance

	s.totals = widget.NewLabel("")
	s.totals.Wrapping = fyne.TextWrapWord
	s.cashEntry = newMoneyEntry(loc, "collection.cash", nil)
	s.cashEntry.entry.SetText(g.cash)
	s.cashEntry.onChanged = func() {
		g.cash = s.cashEntry.entry.Text
		g.cashErr = ""
		s.updateTotals(g)
	}
	s.cashEntry.entry.OnSubmitted = func(string) { s.post() }
	s.cashMsg = widget.NewLabel(g.cashErr)
	s.cashMsg.Importance = widget.DangerImportance
	s.cashMsg.Wrapping = fyne.TextWrapWord
	s.diff = widget.NewLabel("")
	cash := container.NewBorder(nil, s.cashMsg, widget.NewLabel(loc.Field("collection.cash")), s.diff, s.cashEntry.object())
	s.body.Objects = []fyne.CanvasObject{container.NewBorder(container.NewVBox(title, hint), container.NewVBox(widget.NewSeparator(), s.totals, cash),
		nil, nil, container.NewScroll(grid))}
	s.body.Refresh()
	s.updateTotals(g)
	if len(s.entries) > 0 {
		s.app.win.Canvas().Focus(s.entries[0][colPrincipal])
	}
}

// columnsLayout places objects side by side at fixed widths, so that every row of a grid
// lines up with its header whatever the text; the row is as tall as its tallest cell.
type columnsLayout struct{ widths []float32 }

func (l *columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for i, o := range objs {
		if i < len(l.widths) {
			w += l.widths[i]
		}
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(w, h)
}

func (l *columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var x float32
	for i, o := range objs {
		if i >= len(l.widths) {
			o.Hide()
			continue
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(l.widths[i]-4, o.MinSize().Height)) // entries keep one line's height

		x += l.widths[i]
	}
}

// gridKey moves through the grid: Enter and Down go to the next row of the column (from the
// last row to the cash counted), Up to the row before; F2 fills the row with what is due.
func (s *txDayScreen) gridKey(g *txGroup, row, col int, k *fyne.KeyEvent) bool {
	focus := func(o fyne.Focusable) { s.app.win.Canvas().Focus(o) }
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyDown:
		if row+1 < len(s.entries) {
			focus(s.entries[row+1][col])
		} else {
			focus(s.cashEntry.entry)
		}
		return true
	case fyne.KeyUp:
		if row > 0 {
			focus(s.entries[row-1][col])
		}
		return true
	case fyne.KeyF2:
		s.paidAsDue(g, row)
		return true
	}
	return false
}

// paidAsDue fills one row with what is due and moves to the next row.
func (s *txDayScreen) paidAsDue(g *txGroup, row int) {
	r := g.rows[row]
	r.fillDue(s.app.loc.Amount)
	if row < len(s.entries) {
		for c, e := range s.entries[row] {
			e.SetText(r.values[c])
		}
		if row+1 < len(s.entries) {
			s.app.win.Canvas().Focus(s.entries[row+1][colPrincipal])
		}
	}
}

// updateTotals refreshes the shown group's totals and cash difference, and the point's line.
func (s *txDayScreen) updateTotals(g *txGroup) {
	loc := s.app.loc
	c, bad := s.groupFigures(g)
	text := loc.T("txday.group_totals", "Principal", loc.Money(c.Principal), "Interest", loc.Money(c.Interest),
		"Penalty", loc.Money(c.Penalty), "Deposits", loc.Money(c.Deposit), "Withdrawals", loc.Money(c.Withdrawal),
		"Net", loc.Money(c.Net()))
	if bad > 0 {
		text += "\n" + loc.N("txday.unreadable_rows", bad)
	}
	if s.totals != nil {
		s.totals.SetText(text)
	}
	if s.diff != nil {
		if d, ok := s.cashDifference(g); ok {
			s.diff.SetText(loc.T("txday.difference", "Amount", loc.Money(d)))
			if d == 0 {
				s.diff.Importance = widget.SuccessImportance
			} else {
				s.diff.Importance = widget.DangerImportance
			}
		} else {
			s.diff.SetText(loc.T("txday.difference", "Amount", "—"))
			s.diff.Importance = widget.MediumImportance
		}
		s.diff.Refresh()
	}
	s.updateSummary()
	s.groupList.Refresh()
}

// showDisbursements lists the loans with money still to pay out, each with a Disburse button
// that posts the tranche at once, under the day's reference.
func (s *txDayScreen) showDisbursements() {
	loc := s.app.loc
	ds := s.list.Disbursements
	if len(ds) == 0 {
		s.body.Objects = []fyne.CanvasObject{widget.NewLabel(loc.T("txday.no_disbursements"))}
		s.body.Refresh()
		return
	}
	cells := []fyne.CanvasObject{}
	for _, h := range []string{"report.collection.col.group", "report.collection.col.customer", "report.collection.col.name",
		"report.collection.col.contract", "report.collection.col.program", "report.collection.col.to_disburse"} {
		cells = append(cells, widget.NewLabelWithStyle(loc.T(h), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	cells = append(cells, widget.NewLabel(""))
	for _, d := range ds {
		d := d
		cells = append(cells, widget.NewLabel(d.GroupCode), widget.NewLabel(d.Customer), widget.NewLabel(d.Name),
			widget.NewLabel(d.Contract), widget.NewLabel(d.ProgramCode),
			widget.NewLabelWithStyle(loc.Amount(d.Amount), fyne.TextAlignTrailing, fyne.TextStyle{}),
			widget.NewButton(loc.T("txday.disburse"), func() { s.disburse(d) }))
	}
	s.body.Objects = []fyne.CanvasObject{container.NewVScroll(container.NewGridWithColumns(7, cells...))}
	s.body.Refresh()
}

// disburse asks for the amount (the rest of the approved amount by default) and posts it.
func (s *txDayScreen) disburse(d data.PlannedDisbursement) {
	loc := s.app.loc
	f := newForm(loc)
	var dlg dialog.Dialog
	amount := newMoneyEntry(loc, "entry.amount", func() { dlg.Hide() })
	amount.setAmount(d.Amount)
	f.add("entry.amount", amount.object())
	save := func() {
		v, perr := amount.value()
		if perr != nil {
			s.app.reportErrors(f, perr)
			return
		}
		e := &data.Entry{LoanID: d.LoanID, Kind: data.EntryDisburse, ValueDate: s.list.Date, Amount: v,
			Ref: s.list.PointCode + "/" + compactDate(s.list.Date)}
		s.app.async(func(ctx context.Context) error { return s.app.store.Post(ctx, e) }, func(err error) {
			if !s.app.reportErrors(f, err) {
				return
			}
			dlg.Hide()
			s.app.notify(loc.T("txday.disbursed", "Contract", d.Contract, "Amount", loc.Money(v)))
			s.load()
		})
	}
	amount.entry.OnSubmitted = func(string) { save() }
	intro := widget.NewLabel(loc.T("txday.disburse_to", "Contract", d.Contract, "Name", d.Name))
	dlg = s.formDialog(loc.T("txday.disburse"), container.NewVBox(intro, f.object()), save)
	s.app.win.Canvas().Focus(amount.entry)
}

// formDialog shows body with Cancel and Save; it stays open when a save is refused, so the
// message shows under its field, and closes only on Cancel, Esc or the caller's Hide.
func (s *txDayScreen) formDialog(title string, body fyne.CanvasObject, save func()) dialog.Dialog {
	loc := s.app.loc
	ok := widget.NewButton(loc.T("action.save"), save)
	ok.Importance = widget.HighImportance
	var dlg dialog.Dialog
	cancel := widget.NewButton(loc.T("action.cancel"), func() { dlg.Hide() })
	dlg = dialog.NewCustomWithoutButtons(title, container.NewVBox(body, container.NewHBox(cancel, ok)), s.app.win)
	dlg.Resize(fyne.NewSize(560, 0))
	dlg.Show()
	return dlg
}

func compactDate(d data.Date) string { return strings.ReplaceAll(d.String(), "-", "") }

// batch gathers the rows to post, with the cash counted for every group that has any; a row
// or cash that cannot be read is marked where it is and nothing is sent.
func (s *txDayScreen) batch() (data.CollectionBatch, bool) {
	loc := s.app.loc
	b := data.CollectionBatch{PointID: s.list.PointID, Date: s.list.Date, Cash: map[int64]data.Dong{}}
	ok := true
	for _, g := range s.groups {
		g.cashErr = ""
		any := false
		for _, r := range g.rows {
			r.err = ""
			c, err := s.collected(r)
			if err != nil {
				r.err, ok = loc.Error(err), false
				continue
			}
			if c.Total() == 0 && c.Deposit == 0 && c.Withdrawal == 0 {
				continue
			}
			any = true
			b.Entries = append(b.Entries, data.CollectionEntry{Line: r.line, Customer: r.member.Customer, Collected: c})
		}
		if !any {
			continue
		}
		if strings.TrimSpace(g.cash) == "" {
			g.cashErr, ok = loc.Error(data.Invalid("collection.cash", "required")), false
			continue
		}
		counted, err := parseMoneyField(loc, "collection.cash", g.cash)
		if err != nil {
			g.cashErr, ok = loc.Error(err), false
			continue
		}
		b.Cash[g.group.ID] = counted
	}
	if ok && len(b.Entries) == 0 {
		s.app.showError(data.Invalid("collection.entries", "required"))
		return b, false
	}
	return b, ok
}

// post sends the whole day as one batch. A refusal marks each row and group it names and
// posts nothing; success reloads the list, which then shows what is still due.
func (s *txDayScreen) post() {
	if !s.loaded {
		return
	}
	loc := s.app.loc
	b, ok := s.batch()
	if !ok {
		s.showFirstProblem()
		return
	}
	var ref string
	s.app.async(func(ctx context.Context) (err error) {
		ref, err = s.app.store.PostCollection(ctx, b)
		return err
	}, func(err error) {
		if err != nil {
			s.markErrors(err)
			return
		}
		s.app.notify(loc.N("txday.posted", len(b.Entries), "Ref", ref))
		for _, g := range s.groups {
			g.cash = ""
		}
		s.load()
	})
}

// markErrors puts the store's refusals on their rows (by line) and groups (by code).
func (s *txDayScreen) markErrors(err error) {
	loc := s.app.loc
	des := data.DomainErrors(err)
	if des == nil {
		s.app.showError(err)
		return
	}
	var rest data.Errors
	for _, e := range des {
		line, _ := e.Params["Line"].(int)
		placed := false
		for _, g := range s.groups {
			if e.Field == "collection.cash" && e.Params["Group"] == g.group.Code {
				g.cashErr, placed = loc.Error(e), true
			}
			for _, r := range g.rows {
				if line != 0 && r.line == line {
					r.err, placed = loc.Error(e), true
				}
			}
		}
		if !placed {
			rest = append(rest, e)
		}
	}
	if rest != nil {
		s.app.showError(rest)
	}
	s.showFirstProblem()
}

// showFirstProblem opens the first group with a marked row or cash, and says how many.
func (s *txDayScreen) showFirstProblem() {
	first, count := -1, 0
	for i, g := range s.groups {
		bad := g.cashErr != ""
		for _, r := range g.rows {
			if r.err != "" {
				count++
				bad = true
			}
		}
		if g.cashErr != "" {
			count++
		}
		if bad && first < 0 {
			first = i
		}
	}
	s.app.notify(s.app.loc.N("txday.problems", count))
	s.groupList.Refresh()
	if first >= 0 {
		s.groupList.Select(first)
		s.showGroup(first)
	}
}

// print saves the collection list as a PDF and opens it (Ctrl+P).
func (s *txDayScreen) print() {
	if !s.loaded {
		return
	}
	sheet := reports.CollectionReport{Office: s.app.office, List: s.list}
	loc := s.app.loc
	name := fmt.Sprintf("collection-%s-%s-%s.pdf", safeName(s.list.PointCode), s.list.Date, loc.Lang())
	s.app.savePDF(name, func(w io.Writer) error { return sheet.WritePDF(w, loc, time.Now()) }, nil)
}

// exportMenu is one "Export…" button for the day's three files, so that the toolbar fits a
// 1200-pixel window in every language: the list as a workbook, the list as the CSV to fill in
// and import back, and the day report.
func (s *txDayScreen) exportMenu() *widget.Button {
	loc := s.app.loc
	list := s.app.exportButton(s.prepareExport)
	day := s.app.exportButtonLabelled(loc.T("txday.export_day"), s.prepareDayExport)
	var button *widget.Button
	button = widget.NewButton(loc.T("list.export"), func() {
		menu := fyne.NewMenu("",
			fyne.NewMenuItem(loc.T("txday.export_list"), list.OnTapped),
			fyne.NewMenuItem(loc.T("txday.export_csv"), s.exportCSV),
			fyne.NewMenuItem(loc.T("txday.export_day"), day.OnTapped))
		widget.ShowPopUpMenuAtRelativePosition(menu, s.app.win.Canvas(), fyne.NewPos(0, button.Size().Height), button)
	})
	return button
}

// exportCSV writes the list for a spreadsheet, where the chosen file is.
func (s *txDayScreen) exportCSV() {
	if !s.loaded {
		return
	}
	loc := s.app.loc
	sheet := reports.CollectionReport{Office: s.app.office, List: s.list}
	name := fmt.Sprintf("collection-%s-%s.csv", safeName(s.list.PointCode), s.list.Date)
	s.app.fileSave(name, func(w fyne.URIWriteCloser) {
		var buf bytes.Buffer
		if err := sheet.Table(loc).WriteCSV(&buf, loc); err != nil {
			w.Close()
			s.app.showError(err)
			return
		}
		path := w.URI().Path()
		s.app.async(func(context.Context) error {
			defer w.Close()
			_, err := w.Write(buf.Bytes())
			return err
		}, func(err error) {
			if err != nil {
				s.app.showError(err)
				return
			}
			s.app.notify(loc.T("report.saved", "File", path))
		})
	})
}

// prepareExport is the collection list as a table, for the Export… button: a workbook by
// default, or the same CSV as Export CSV when the file name ends in .csv.
func (s *txDayScreen) prepareExport() (string, func(ctx context.Context) (reports.Table, error)) {
	loc := s.app.loc
	sheet := reports.CollectionReport{Office: s.app.office, List: s.list}
	name := fmt.Sprintf("collection-%s-%s", safeName(s.list.PointCode), s.list.Date)
	return name, func(context.Context) (reports.Table, error) { return sheet.Table(loc), nil }
}

// prepareDayExport is the day report's table: one row per group, from the ledger.
func (s *txDayScreen) prepareDayExport() (string, func(ctx context.Context) (reports.Table, error)) {
	a, loc, list := s.app, s.app.loc, s.list
	name := fmt.Sprintf("day-%s-%s", safeName(list.PointCode), list.Date)
	return name, func(ctx context.Context) (reports.Table, error) {
		report, err := a.store.DayReport(ctx, list.PointID, list.Date)
		if err != nil {
			return reports.Table{}, err
		}
		return reports.DayReport{Office: a.office, Report: report}.Table(loc), nil
	}
}

// importCSV reads a filled-in list back into the grid, for the officer to check and post.
func (s *txDayScreen) importCSV() {
	if !s.loaded {
		return
	}
	s.app.fileOpen(func(r fyne.URIReadCloser) {
		var filled reports.FilledCollection
		s.app.async(func(context.Context) (err error) {
			defer r.Close()
			filled, err = reports.ReadCollectionCSV(r, s.app.loc)
			return err
		}, func(err error) {
			if err == nil {
				err = s.applyFilled(filled)
			}
			if err != nil {
				s.app.showError(err)
			}
		})
	})
}

// applyFilled puts a read-back file into the grid: rows it names get its amounts, the others
// are emptied. A file of another point or day is refused.
func (s *txDayScreen) applyFilled(f reports.FilledCollection) error {
	if !strings.EqualFold(f.PointCode, s.list.PointCode) || f.Date != s.list.Date {
		return data.Invalid("collection.file", "collection_other_day", "Point", s.list.PointCode, "Date", s.list.Date)
	}
	loc := s.app.loc
	byCustomer := map[string]*txRow{}
	for _, g := range s.groups {
		for _, r := range g.rows {
			r.values, r.err = [paidColumns]string{}, ""
			byCustomer[strings.ToUpper(r.member.Customer)] = r
		}
	}
	var errs data.Errors
	for _, e := range f.Entries {
		r, ok := byCustomer[strings.ToUpper(e.Customer)]
		if !ok {
			errs = append(errs, data.NotFound("collection.customer", "Customer", e.Customer))
			continue
		}
		for i, v := range []data.Dong{e.Principal, e.Interest, e.Penalty, e.Deposit, e.Withdrawal} {
			if v != 0 {
				r.values[i] = loc.Amount(v)
			}
		}
	}
	s.app.notify(loc.N("txday.imported", len(f.Entries)))
	s.updateSummary()
	s.groupList.Refresh()
	if s.selected < len(s.groups) {
		s.showGroup(s.selected)
	}
	return errs.Err()
}

// dayReport prints what the day's ledger says for the point: per group and program, cash.
func (s *txDayScreen) dayReport() {
	if !s.loaded {
		return
	}
	loc := s.app.loc
	list := s.list
	var report data.DayReport
	names := map[string]string{}
	s.app.async(func(ctx context.Context) error {
		var err error
		if report, err = s.app.store.DayReport(ctx, list.PointID, list.Date); err != nil {
			return err
		}
		programs, err := s.app.store.Programs(ctx)
		for _, p := range programs {
			names[p.Code] = p.NameIn(loc.Lang())
		}
		return err
	}, func(err error) {
		if err != nil {
			s.app.showError(err)
			return
		}
		sheet := reports.DayReport{Office: s.app.office, Report: report, ProgramNames: names}
		name := fmt.Sprintf("day-%s-%s-%s.pdf", safeName(list.PointCode), list.Date, loc.Lang())
		s.app.savePDF(name, func(w io.Writer) error { return sheet.WritePDF(w, loc, time.Now()) }, nil)
	})
}

// showBatches lists the point's posted batches; one standing batch can be reversed as a
// whole with a reason.
func (s *txDayScreen) showBatches() {
	if !s.loaded {
		return
	}
	loc := s.app.loc
	var batches []data.CollectionBatchInfo
	s.app.async(func(ctx context.Context) (err error) {
		batches, err = s.app.store.CollectionBatches(ctx, s.list.PointID)
		return err
	}, func(err error) {
		if err != nil {
			s.app.showError(err)
			return
		}
		var dlg dialog.Dialog
		rows := []fyne.CanvasObject{}
		if len(batches) == 0 {
			rows = append(rows, widget.NewLabel(loc.T("txday.no_batches")))
		}
		for _, b := range batches {
			b := b
			text := loc.T("txday.batch_line", "Ref", b.Ref, "Date", b.Date, "User", b.User, "Entries", loc.Number(int64(b.Entries)))
			if b.Reversed {
				rows = append(rows, widget.NewLabel(text+" · "+loc.T("txday.batch_reversed", "Reason", b.Reason)))
				continue
			}
			rows = append(rows, container.NewBorder(nil, nil, nil, widget.NewButton(loc.T("txday.reverse"), func() {
				dlg.Hide()
				s.reverseBatch(b)
			}), widget.NewLabel(text)))
		}
		dlg = dialog.NewCustom(loc.T("txday.batches"), loc.T("action.close"), container.NewVScroll(container.NewVBox(rows...)), s.app.win)
		dlg.Resize(fyne.NewSize(720, 420))
		dlg.Show()
	})
}

// reverseBatch asks why and reverses the batch.
func (s *txDayScreen) reverseBatch(b data.CollectionBatchInfo) {
	loc := s.app.loc
	f := newForm(loc)
	var dlg dialog.Dialog
	reason := newKeyEntry(func() { dlg.Hide() })
	f.add("collection.reason", reason)
	save := func() {
		s.app.async(func(ctx context.Context) error { return s.app.store.ReverseCollection(ctx, b.Ref, reason.Text) }, func(err error) {
			if !s.app.reportErrors(f, err) {
				return
			}
			dlg.Hide()
			s.app.notify(loc.T("cli.collection_reversed", "Ref", b.Ref))
			s.load()
		})
	}
	reason.OnSubmitted = func(string) { save() }
	dlg = s.formDialog(loc.T("txday.reverse_title", "Ref", b.Ref), f.object(), save)
	s.app.win.Canvas().Focus(reason)
}

// Ensure the screen prints on Ctrl+P.
var _ printer = (*txDayScreen)(nil)
