package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
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
	point     *choice
	date      *widget.Entry
	dateMsg   *widget.Label
	open      *widget.Button
	progress  *widget.ProgressBarInfinite
	stop      *widget.Button
	cancelRun context.CancelFunc
	loads     latest

	actions   *fyne.Container
	postBtn   *widget.Button
	importBtn *widget.Button
	mayPost   bool            // the user's role posts the day (the buttons stay hidden otherwise)
	posting   busy            // the day's batch being posted
	confirm   *txPostConfirm  // the open confirmation of a post, if any
	posted    *txPostedDay    // the day's standing batches, when the day was posted
	source    data.SourceFile // the filled CSV the grid was read from, if any
	aheadMsg  *widget.Label   // a day after the working date: listed and printed ahead, not posted
	summary   *keepLabel

	list   data.CollectionList
	groups []*txGroup
	loaded bool
	// problemsShown: the status bar counts the errors left (see recountProblems).
	problemsShown bool
	selected      int // index into groups; len(groups) is the disbursements section, then the payouts
	payouts       txPayouts
	partShown     bool // the part the command line asked for was opened
	reselect      int  // the part to show again once a reload is in (refresh_screens.go); 0: the first

	groupList *widget.List
	listWidth *txPairLayout   // sized to the point's longest group name
	center    *fyne.Container // the groups and their grid, the posted day, or what to do first
	grid      fyne.CanvasObject
	body      *fyne.Container
	entries   [][paidColumns]*gridEntry // the shown group's inputs, for keyboard moves
	gridRows  []txGridRow
	headers   []fyne.CanvasObject // the amounts' column headers, the same for every group
	nameCol   float32             // the frozen names' width, the same for every group
	// The names scroll up and down with the amounts, never sideways.
	leftScroll, rightScroll *container.Scroll
	totals                  *keepLabel
	cashEntry               *moneyEntry
	cashMsg                 *widget.Label
	diff                    *widget.Label

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
	s.dateMsg.Wrapping = fyne.TextWrapWord
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

	// The buttons wrap onto a second row rather than widen the window past a 1024-pixel
	// screen, as they would in French.
	s.importBtn = widget.NewButton(loc.T("txday.import_csv"), s.importCSV)
	s.actions = container.New(&wrapLayout{},
		widget.NewButton(loc.T("txday.print_list"), s.print),
		s.exportMenu(),
		s.importBtn,
		widget.NewButton(loc.T("txday.day_report"), s.dayReport),
		widget.NewButton(loc.T("txday.batches"), s.showBatches),
	)
	s.postBtn = widget.NewButton(loc.T("txday.post"), s.post)
	s.posting.guard(s.postBtn)
	s.postBtn.Importance = widget.HighImportance
	s.actions.Add(s.postBtn)
	// Collecting and posting the day are the teller's.
	a.allow(data.ActCash, s.importBtn, s.postBtn)
	s.mayPost = s.postBtn.Visible()
	s.actions.Hide()
	s.aheadMsg = widget.NewLabel("")
	s.aheadMsg.Wrapping = fyne.TextWrapWord
	s.aheadMsg.Importance = widget.WarningImportance
	s.aheadMsg.Hide()
	s.summary = newKeepLabel(loc.T("txday.intro"))

	s.groupList = widget.NewList(
		func() int {
			if !s.loaded {
				return 0
			}
			return len(s.groups) + 2 // the disbursements, then the commissions and fees
		},
		func() fyne.CanvasObject { return widget.NewLabel("\n") },
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(s.groupLine(id)) },
	)
	s.groupList.OnSelected = func(id widget.ListItemID) { s.showGroup(id) }
	s.body = container.NewStack()
	// The group list is as wide as its longest name, so no name is cut: see setList.
	s.listWidth = &txPairLayout{width: 200}
	s.grid = container.NewBorder(nil, nil, container.New(s.listWidth, s.groupList), nil, s.body)
	s.center = container.NewStack(s.grid)

	// Crediting savings interest is office-wide, not a point's, and twice a year: it ends the
	// row of buttons, so that the point's name has the width of the window.
	creditSavings := widget.NewButton(loc.T("txday.credit_savings"), func() { s.creditSavings() })
	a.allow(data.ActSavingsCredit, creditSavings)
	s.actions.Add(creditSavings)
	// The screen's title is the navigation's: the height goes to the members' rows.
	dateBox := container.New(&txPairLayout{with: s.date, width: 130}, container.NewVBox(s.date, s.dateMsg))
	pick := container.NewBorder(nil, nil, nil, container.NewHBox(dateBox, s.open, s.stop), s.point)
	top := container.NewVBox(pick, s.progress, s.actions, s.aheadMsg, s.summary)
	s.root = container.NewBorder(top, nil, nil, nil, s.center)
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
		if len(points) == 0 {
			s.showNoPoint()
			return
		}
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
	again := s.reselect // for this load only
	s.reselect = 0
	s.progress.Show()
	s.progress.Start()
	s.stop.Show()
	var list data.CollectionList
	var posted *txPostedDay
	s.app.async(func(context.Context) (err error) {
		if list, err = s.app.store.CollectionList(ctx, p.ID, on); err != nil {
			return err
		}
		posted, err = s.readPosted(ctx, p.ID, on)
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
		s.reselect = again
		s.setList(list)
		// A day already posted shows its batch, not a list that looks as if it waited.
		s.posted = posted
		if posted != nil {
			s.showPosted()
		}
	})
}

// setList shows a freshly built list, every row pre-filled with what is due.
func (s *txDayScreen) setList(list data.CollectionList) {
	loc := s.app.loc
	s.list, s.loaded = list, true
	s.source = data.SourceFile{}
	s.updatePostable()
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
	s.posted = nil
	s.loadPayouts()
	s.actions.Show()
	s.showGrid()
	s.summary.Show()
	s.nameCol = s.nameWidth()
	s.updateSummary()
	s.sizeGroupList()
	s.groupList.Refresh()
	s.groupList.UnselectAll()
	again := s.reselect
	s.reselect = 0
	switch {
	case again > 0 && again <= s.payoutsIndex():
		s.groupList.Select(again) // a reload for another PC's change keeps the clerk's place
	case len(s.groups) > 0:
		s.groupList.Select(0)
	case len(list.Disbursements) == 0:
		// No group meets at the point: say where groups are attached, not a list of zeros.
		s.summary.Hide()
		s.actions.Hide()
		s.setCenter(emptyState(loc.T("txdaydesk.no_group", "Point", list.PointCode+" – "+list.PointName),
			s.goTo("txdaydesk.open_places", "places"), s.goTo("txdaydesk.open_groups", "groups")))
	default:
		s.groupList.Select(0) // the disbursements
	}
	// --screen txday/payouts opens the commissions and fees once (screenshots, a clerk's link).
	if s.app.opts.StartAt == "txday/payouts" && !s.partShown && len(s.groups)+len(list.Disbursements) > 0 {
		s.partShown = true
		s.groupList.Select(s.payoutsIndex())
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
	if id == s.payoutsIndex() {
		return s.payoutsLine()
	}
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
	return fmt.Sprintf("%s %s (%d)\n%s", mark, g.group.Code, len(g.rows), g.group.Name)
}

// sizeGroupList widens the group list to its longest line, up to a third of a 1024-pixel
// window's room, so that a group's name is read whole.
func (s *txDayScreen) sizeGroupList() {
	var w float32
	for id := 0; id <= s.payoutsIndex(); id++ {
		for _, line := range strings.Split(s.groupLine(id), "\n") {
			w = max(w, fyne.MeasureText(line, theme.TextSize(), fyne.TextStyle{}).Width)
		}
	}
	// The label's padding on both sides, and room for the list's scroll bar.
	s.listWidth.width = min(max(w+2*theme.InnerPadding()+2*theme.Padding()+theme.ScrollBarSize(), 160), 300)
	s.grid.Refresh()
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
	text := loc.T("txday.summary", "Point", s.list.PointCode+" – "+s.list.PointName, "Date", s.list.Date,
		"Members", loc.Number(int64(s.list.Totals.Members)), "Due", loc.Money(s.list.Totals.Due.Total()),
		"Typed", loc.Money(typed.Total()), "Deposits", loc.Money(typed.Deposit), "Withdrawals", loc.Money(typed.Withdrawal),
		"Balanced", loc.Number(int64(balanced)), "Groups", loc.Number(int64(len(s.groups))))
	// The commissions and fees paid today come out of the same till.
	if paid := s.payoutsSummary(typed.Net()); paid != "" {
		text += "\n" + paid
	}
	s.summary.SetText(text)
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
	// Columns at widths that hold their content, scrolled sideways in a narrow window
	// rather than squeezed into equal shares that cut the amount and the button off.
	disburseLabel := loc.T("txday.disburse")
	widths := []float32{110, 120, 190, 150, 110, txAmountWidth + 20, widget.NewButton(disburseLabel, nil).MinSize().Width + 8}
	row := func(objs ...fyne.CanvasObject) fyne.CanvasObject {
		return container.New(&columnsLayout{widths: widths}, objs...)
	}
	head := []fyne.CanvasObject{}
	for i, h := range []string{"report.collection.col.group", "report.collection.col.customer", "report.collection.col.name",
		"report.collection.col.contract", "report.collection.col.program", "report.collection.col.to_disburse"} {
		align := fyne.TextAlignLeading
		if i == 5 {
			align = fyne.TextAlignTrailing
		}
		l := widget.NewLabelWithStyle(loc.T(h), align, fyne.TextStyle{Bold: true})
		l.Wrapping = fyne.TextWrapWord
		head = append(head, l)
	}
	head = append(head, widget.NewLabel(""))
	lines := []fyne.CanvasObject{row(head...)}
	for _, d := range ds {
		d := d
		disburse := widget.NewButton(disburseLabel, func() { s.disburse(d) })
		s.app.allow(data.ActCash, disburse)
		name := widget.NewLabel(d.Name)
		name.Wrapping = fyne.TextWrapWord
		lines = append(lines, row(widget.NewLabel(d.GroupCode), widget.NewLabel(d.Customer), name,
			widget.NewLabel(d.Contract), widget.NewLabel(d.ProgramCode),
			widget.NewLabelWithStyle(loc.Amount(d.Amount), fyne.TextAlignTrailing, fyne.TextStyle{}), disburse))
	}
	s.body.Objects = []fyne.CanvasObject{container.NewScroll(container.NewVBox(lines...))}
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
	var running busy // a second Save would disburse twice
	save := running.unlessRunning(func() {
		v, perr := amount.value()
		if perr != nil {
			s.app.reportErrors(f, perr)
			return
		}
		e := &data.Entry{LoanID: d.LoanID, Kind: data.EntryDisburse, ValueDate: s.list.Date, Amount: v,
			Ref: s.list.PointCode + "/" + compactDate(s.list.Date)}
		s.app.write(&running, func(ctx context.Context) error { return s.app.store.Post(ctx, e) }, func(err error) {
			if !s.app.reportErrors(f, err) {
				return
			}
			dlg.Hide()
			if err != nil { // sent for approval
				return
			}
			s.app.notify(loc.T("txday.disbursed", "Contract", d.Contract, "Amount", loc.Money(v)))
			s.load()
		})
	})
	amount.entry.OnSubmitted = func(string) { save() }
	intro := widget.NewLabel(loc.T("txday.disburse_to", "Contract", d.Contract, "Name", d.Name))
	dlg = s.formDialog(loc.T("txday.disburse"), container.NewVBox(intro, f.object()), save, &running)
	s.app.win.Canvas().Focus(amount.entry)
}

// formDialog shows body with Cancel and Save; it stays open when a save is refused, so the
// message shows under its field, and closes only on Cancel, Esc or the caller's Hide.
// Save is disabled while running's write runs.
func (s *txDayScreen) formDialog(title string, body fyne.CanvasObject, save func(), running *busy) dialog.Dialog {
	loc := s.app.loc
	ok := widget.NewButton(loc.T("action.save"), save)
	ok.Importance = widget.HighImportance
	running.guard(ok)
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

// ahead reports whether the list's day is after the working date: it can be listed and
// printed ahead, and posted only once the day has come.
func (s *txDayScreen) ahead() bool { return s.loaded && s.list.Date.After(s.app.workingDate()) }

// updatePostable enables Post unless a post is running or the day is ahead, and says why.
func (s *txDayScreen) updatePostable() {
	if s.ahead() {
		s.aheadMsg.SetText(s.app.loc.T("txday.ahead", "Date", s.list.Date, "Working", s.app.workingDate()))
		s.aheadMsg.Show()
	} else {
		s.aheadMsg.Hide()
	}
	if s.posting.running || s.ahead() {
		s.postBtn.Disable()
	} else {
		s.postBtn.Enable()
	}
}

// post sends the whole day as one batch, with the file it was read from if any.
func (s *txDayScreen) post() { s.send(s.source) }

// send gathers the day into one batch and asks before posting it. Rows or cash that cannot
// be read are marked where they are and nothing is asked or sent.
func (s *txDayScreen) send(file data.SourceFile) {
	// Enter in the cash counted while the question is open does not ask it twice.
	if !s.loaded || s.posting.running || s.ahead() || s.confirm != nil {
		return
	}
	b, ok := s.batch()
	if !ok {
		s.showFirstProblem()
		return
	}
	b.File = file
	s.confirmPost(b)
}

// postBatch posts the confirmed batch. A refusal marks each row and group it names and posts
// nothing; a file already posted is offered to be posted again with a reason; success shows
// the day as posted.
func (s *txDayScreen) postBatch(b data.CollectionBatch) {
	loc := s.app.loc
	var ref string
	s.app.write(&s.posting, func(ctx context.Context) (err error) {
		ref, err = s.app.store.PostCollection(ctx, b)
		return err
	}, func(err error) {
		if s.confirm != nil {
			s.confirm.dlg.Hide()
		}
		s.updatePostable()
		if e := data.ForField(err, "post.file"); e != nil && e.Rule == "file_already_posted" {
			s.offerPostAgain(b.File, err)
			return
		}
		if s.app.requested(err) { // a file with lines a second user must approve
			for _, g := range s.groups {
				g.cash = ""
			}
			s.load()
			return
		}
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

// offerPostAgain says which batch already holds the file and posts it again only with a reason.
func (s *txDayScreen) offerPostAgain(file data.SourceFile, refusal error) {
	loc := s.app.loc
	f := newForm(loc)
	var dlg dialog.Dialog
	reason := newKeyEntry(func() { dlg.Hide() })
	f.add("post.reason", reason)
	msg := widget.NewLabel(loc.Error(refusal))
	msg.Wrapping = fyne.TextWrapWord
	again := func() {
		file.Again, file.Reason = true, reason.Text
		if err := file.Check(); err != nil {
			s.app.reportErrors(f, err)
			return
		}
		dlg.Hide()
		s.send(file)
	}
	reason.OnSubmitted = func(string) { again() }
	ok := widget.NewButton(loc.T("txday.post_again"), again)
	ok.Importance = widget.HighImportance
	cancel := widget.NewButton(loc.T("action.cancel"), func() { dlg.Hide() })
	dlg = dialog.NewCustomWithoutButtons(loc.T("txday.post_again_title"),
		container.NewVBox(msg, f.object(), container.NewHBox(cancel, ok)), s.app.win)
	dlg.Resize(fyne.NewSize(560, 0))
	dlg.Show()
	s.app.win.Canvas().Focus(reason)
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

// problems counts the marked rows and cash fields, and finds the first group with one.
func (s *txDayScreen) problems() (first, count int) {
	first = -1
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
	return first, count
}

// recountProblems keeps the status bar's "N errors left" true while the clerk fixes them:
// a count that stayed after the last fix read as if the day still could not be posted.
func (s *txDayScreen) recountProblems() {
	if !s.problemsShown {
		return
	}
	if _, count := s.problems(); count > 0 {
		s.app.notify(s.app.loc.N("txday.problems", count))
		return
	}
	s.problemsShown = false
	s.app.notify(s.app.statusLine())
}

// showFirstProblem opens the first group with a marked row or cash, and says how many.
func (s *txDayScreen) showFirstProblem() {
	first, count := s.problems()
	s.problemsShown = count > 0
	s.app.notify(s.app.loc.N("txday.problems", count))
	s.groupList.Refresh()
	if first >= 0 {
		s.groupList.Select(first)
		s.showGroup(first)
	}
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
			reverse := widget.NewButton(loc.T("txday.reverse"), func() {
				dlg.Hide()
				s.reverseBatch(b)
			})
			s.app.allow(data.ActCorrection, reverse)
			rows = append(rows, container.NewBorder(nil, nil, nil, reverse, widget.NewLabel(text)))
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
	var running busy // a second Save would try to reverse the batch twice
	save := func() {
		text := reason.Text
		s.app.write(&running, func(ctx context.Context) error { return s.app.store.ReverseCollection(ctx, b.Ref, text) }, func(err error) {
			if !s.app.reportErrors(f, err) {
				return
			}
			dlg.Hide()
			if err != nil { // sent for approval: reversed once approved
				return
			}
			s.app.notify(loc.T("cli.collection_reversed", "Ref", b.Ref))
			s.load()
		})
	}
	reason.OnSubmitted = func(string) { save() }
	dlg = s.formDialog(loc.T("txday.reverse_title", "Ref", b.Ref), f.object(), save, &running)
	s.app.win.Canvas().Focus(reason)
}

// Ensure the screen prints on Ctrl+P.
var _ printer = (*txDayScreen)(nil)
