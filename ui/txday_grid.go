package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
)

// The transaction day's grid: one group's members, a row each, with what they paid. The
// names stay at the left while the amounts scroll sideways, and every group shows the same
// columns, so a clerk finds the penalty column where it was in the last group.

// gridEntry is an amount cell that moves down and up its column with Enter and the arrows,
// and fills its row with what is due on F2, so a clerk types a whole column without the mouse.
// A minus is never taken: paid amounts are not negative.
type gridEntry struct {
	widget.Entry
	onKey   func(*fyne.KeyEvent) bool
	onMinus func()
	onFocus func()
	onLeave func()
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

// TypedRune refuses a minus sign, saying why, instead of letting "-50.000" into the grid.
func (e *gridEntry) TypedRune(r rune) {
	if r == '-' || r == '\u2212' {
		if e.onMinus != nil {
			e.onMinus()
		}
		return
	}
	e.Entry.TypedRune(r)
}

// FocusGained brings the cell into view: Tab and Enter move past the visible part.
func (e *gridEntry) FocusGained() {
	e.Entry.FocusGained()
	if e.onFocus != nil {
		e.onFocus()
	}
}

// FocusLost formats what was typed like the amounts beside it.
func (e *gridEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.onLeave != nil {
		e.onLeave()
	}
}

// txGridRow is what the grid keeps of a shown row: its error line and both halves, which
// must be laid out again together when the error appears or goes.
type txGridRow struct {
	msg         *widget.Label
	left, right *fyne.Container
}

// The grid's columns right of the frozen name, always the same set.
var txFigureHeaders = []string{"report.collection.col.total_due", "report.collection.col.savings"}

const (
	txAmountWidth = 104 // "999 999 999" in an entry, with its padding
	txNameMin     = 150
	txNameMax     = 230
)

// showGroup lays out one group's grid (or the disbursements) on the right.
func (s *txDayScreen) showGroup(id int) {
	s.selected = id
	if id == s.payoutsIndex() {
		s.showPayouts()
		return
	}
	if id >= len(s.groups) {
		s.showDisbursements()
		return
	}
	loc := s.app.loc
	g := s.groups[id]

	asDue := loc.T("txday.as_due")
	buttonWidth := widget.NewButton(asDue, nil).MinSize().Width + 8
	widths := []float32{}
	header := []string{}
	for _, h := range txFigureHeaders {
		header = append(header, h)
		widths = append(widths, txAmountWidth)
	}
	for c := 0; c < paidColumns; c++ {
		header = append(header, paidHeaders[c])
		widths = append(widths, txAmountWidth)
	}
	header = append(header, "")
	widths = append(widths, buttonWidth)
	nameWidth := s.nameCol

	headCells := make([]fyne.CanvasObject, 0, len(header))
	for i, h := range header {
		l := widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		if h != "" {
			l.SetText(loc.T(h))
		}
		if i == len(header)-1 {
			l.Alignment = fyne.TextAlignLeading
		}
		l.Wrapping = fyne.TextWrapWord
		headCells = append(headCells, l)
	}
	s.headers = headCells
	nameHead := widget.NewLabelWithStyle(loc.T("report.collection.col.name"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	nameHead.Wrapping = fyne.TextWrapWord

	// Each row is two halves, the name on the left and the amounts on the right, kept at the
	// same height so that they line up while the two sides scroll.
	var lefts, rights []fyne.CanvasObject
	s.entries = make([][paidColumns]*gridEntry, len(g.rows))
	s.gridRows = make([]txGridRow, len(g.rows))
	for ri, r := range g.rows {
		ri := ri
		amount := func(d data.Dong) fyne.CanvasObject {
			return widget.NewLabelWithStyle(loc.Amount(d), fyne.TextAlignTrailing, fyne.TextStyle{})
		}
		cells := []fyne.CanvasObject{amount(r.member.Due.Total()), amount(r.member.Savings)}
		for c := 0; c < paidColumns; c++ {
			e := newGridEntry()
			e.SetText(r.values[c])
			col := c
			e.OnChanged = func(v string) {
				// A pasted negative amount is not taken at all: dropping only its sign would
				// turn a refund into a payment unseen. The row says why the cell emptied.
				if strings.ContainsAny(v, "-\u2212") {
					e.SetText("")
					s.refuseMinus(g, ri, col)
					return
				}
				g.rows[ri].values[col] = v
				s.updateTotals(g)
			}
			e.onKey = func(k *fyne.KeyEvent) bool { return s.gridKey(g, ri, col, k) }
			e.onMinus = func() { s.refuseMinus(g, ri, col) }
			e.onFocus = func() { s.reveal(ri, col) }
			e.onLeave = func() { s.leaveCell(g, ri, col) }
			s.entries[ri][c] = e
			cells = append(cells, e)
		}
		cells = append(cells, widget.NewButton(asDue, func() { s.paidAsDue(g, ri) }))
		msg := widget.NewLabel("")
		msg.Importance = widget.DangerImportance
		msg.Wrapping = fyne.TextWrapWord
		if r.err != "" {
			msg.SetText(loc.T("txday.row_error", "Customer", r.member.Customer, "Reason", r.err))
		} else {
			msg.Hide()
		}
		// The message stays under the visible part of the row however far it is scrolled.
		right := container.New(&txStackLayout{}, container.New(&columnsLayout{widths: widths}, cells...),
			container.New(&txInViewLayout{grid: s}, msg))
		left := newTxNameCell(r.member.Name, r.member.Customer, nameWidth)
		pl := container.New(&txPairLayout{with: right}, left)
		pr := container.New(&txPairLayout{with: left}, right)
		s.gridRows[ri] = txGridRow{msg: msg, left: pl, right: pr}
		lefts = append(lefts, pl)
		rights = append(rights, pr)
	}
	headRow := container.New(&columnsLayout{widths: widths}, headCells...)
	s.leftScroll = container.NewVScroll(container.New(&txStackLayout{width: nameWidth}, lefts...))
	s.rightScroll = container.NewScroll(container.New(&txStackLayout{}, rights...))
	headScroll := container.NewHScroll(headRow)
	s.syncScrolls(headScroll)
	// The names and the header follow the amounts' scroll bars; bars of their own would
	// stand between the name and its amounts.
	noBars := txNoBarsTheme{fyne.CurrentApp().Settings().Theme()}
	grid := container.NewBorder(
		container.NewBorder(nil, nil, container.New(&txPairLayout{with: headRow, width: nameWidth}, nameHead), nil,
			container.NewThemeOverride(headScroll, noBars)),
		nil, container.NewThemeOverride(s.leftScroll, noBars), nil, s.rightScroll)

	leader := g.group.Leader
	if leader == "" {
		leader = "—"
	}
	title := widget.NewLabelWithStyle(loc.T("report.collection.group", "Code", g.group.Code, "Name", g.group.Name,
		"Association", loc.Association(g.group.Association), "Village", g.group.Village, "Leader", leader),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	// The keys are a click away, so that the rows keep the height.
	keys := widget.NewButtonWithIcon("", theme.HelpIcon(), nil)
	keys.OnTapped = func() {
		hint := widget.NewLabel(loc.T("txday.keys"))
		hint.Wrapping = fyne.TextWrapWord
		d := dialog.NewCustom(loc.T("txdaydesk.keys_title"), loc.T("action.close"), hint, s.app.win)
		d.Resize(fyne.NewSize(480, 0))
		d.Show()
	}

	s.totals = newKeepLabel("")
	s.cashEntry = newMoneyEntry(loc, "collection.cash", nil)
	s.cashEntry.keepLines(0)
	s.cashEntry.entry.SetText(g.cash)
	s.cashEntry.onChanged = func() {
		g.cash = s.cashEntry.entry.Text
		g.cashErr = ""
		s.updateTotals(g)
		s.recountProblems()
	}
	s.cashEntry.entry.OnSubmitted = func(string) { s.post() }
	s.cashMsg = widget.NewLabel(g.cashErr)
	s.cashMsg.Importance = widget.DangerImportance
	s.cashMsg.Wrapping = fyne.TextWrapWord
	if g.cashErr == "" {
		s.cashMsg.Hide()
	}
	s.diff = widget.NewLabel("")
	cash := container.NewBorder(nil, s.cashMsg, widget.NewLabel(loc.Field("collection.cash")), s.diff, s.cashEntry.object())
	s.body.Objects = []fyne.CanvasObject{container.NewBorder(container.NewBorder(nil, nil, nil, keys, title),
		container.NewVBox(widget.NewSeparator(), s.totals, cash), nil, nil, grid)}
	s.body.Refresh()
	s.updateTotals(g)
	if len(s.entries) > 0 {
		s.app.win.Canvas().Focus(s.entries[0][colPrincipal])
	}
}

// nameWidth is the frozen column's width: the point's longest name, within bounds, the same
// for every group so that the amounts stay where the clerk's eye expects them.
func (s *txDayScreen) nameWidth() float32 {
	w := fyne.MeasureText(s.app.loc.T("report.collection.col.name"), theme.TextSize(), fyne.TextStyle{Bold: true}).Width
	for _, g := range s.groups {
		for _, r := range g.rows {
			w = max(w, fyne.MeasureText(r.member.Name, theme.TextSize(), fyne.TextStyle{}).Width)
		}
	}
	return min(max(w+2*theme.InnerPadding(), txNameMin), txNameMax)
}

// syncScrolls keeps the names beside their amounts and the header above its columns.
func (s *txDayScreen) syncScrolls(head *container.Scroll) {
	left, right := s.leftScroll, s.rightScroll
	syncing := false
	right.OnScrolled = func(p fyne.Position) {
		if syncing {
			return
		}
		syncing = true
		left.ScrollToOffset(fyne.NewPos(0, p.Y))
		if head.Offset.X != p.X {
			head.ScrollToOffset(fyne.NewPos(p.X, 0))
			for _, r := range s.gridRows { // the rows' messages follow the view
				if r.msg.Visible() {
					r.right.Refresh()
				}
			}
		}
		syncing = false
	}
	left.OnScrolled = func(p fyne.Position) {
		if syncing {
			return
		}
		syncing = true
		right.ScrollToOffset(fyne.NewPos(right.Offset.X, p.Y))
		syncing = false
	}
	head.OnScrolled = func(p fyne.Position) {
		if syncing {
			return
		}
		syncing = true
		right.ScrollToOffset(fyne.NewPos(p.X, right.Offset.Y))
		syncing = false
	}
}

// reveal scrolls the grid so that row ri's cell col is in view.
func (s *txDayScreen) reveal(ri, col int) {
	if s.rightScroll == nil || ri >= len(s.gridRows) {
		return
	}
	sc := s.rightScroll
	row := s.gridRows[ri].right
	cell := s.entries[ri][col]
	top, bottom := row.Position().Y, row.Position().Y+cell.Size().Height
	x0, x1 := cell.Position().X, cell.Position().X+cell.Size().Width
	off := sc.Offset
	view := sc.Size()
	if view.Height <= 0 || view.Width <= 0 {
		return
	}
	if top < off.Y {
		off.Y = top
	} else if bottom > off.Y+view.Height {
		off.Y = bottom - view.Height
	}
	if x0 < off.X {
		off.X = x0
	} else if x1 > off.X+view.Width {
		off.X = x1 - view.Width
	}
	if off != sc.Offset {
		sc.ScrollToOffset(off)
		if sc.OnScrolled != nil {
			sc.OnScrolled(sc.Offset)
		}
	}
}

// refuseMinus says on the row that the column's amount cannot be negative.
func (s *txDayScreen) refuseMinus(g *txGroup, ri, col int) {
	g.rows[ri].err = s.app.loc.Error(data.Invalid(paidFields[col], "not_negative"))
	s.showRowError(g, ri)
	s.recountProblems()
}

// leaveCell writes the amount just typed the way the others are written, or marks the row
// when it cannot be read; a row that reads again loses its mark.
func (s *txDayScreen) leaveCell(g *txGroup, ri, col int) {
	if ri >= len(g.rows) {
		return
	}
	// The cell is left also when another group is opened: its grid is gone, only its row
	// takes the formatted amount.
	shown := s.selected < len(s.groups) && s.groups[s.selected] == g && ri < len(s.entries)
	r := g.rows[ri]
	v := strings.TrimSpace(r.values[col])
	d, err := parseMoneyField(s.app.loc, paidFields[col], v)
	switch {
	case v == "":
	case err != nil:
		r.err = s.app.loc.Error(err)
	case d < 0:
		r.err = s.app.loc.Error(data.Invalid(paidFields[col], "not_negative"))
	default:
		if f := s.app.loc.Amount(d); f != r.values[col] && shown {
			s.entries[ri][col].SetText(f) // OnChanged keeps values in step
		} else {
			r.values[col] = f
		}
		if _, rowErr := s.collected(r); rowErr == nil {
			r.err = ""
		}
	}
	s.showRowError(g, ri)
}

// showRowError shows or hides row ri's message.
func (s *txDayScreen) showRowError(g *txGroup, ri int) {
	if ri >= len(s.gridRows) || s.selected >= len(s.groups) || s.groups[s.selected] != g {
		return
	}
	gr, r := s.gridRows[ri], g.rows[ri]
	if r.err == "" {
		gr.msg.Hide()
	} else {
		gr.msg.SetText(s.app.loc.T("txday.row_error", "Customer", r.member.Customer, "Reason", r.err))
		gr.msg.Show()
	}
	gr.left.Refresh()
	gr.right.Refresh()
	s.leftScroll.Content.Refresh()
	s.rightScroll.Content.Refresh()
	s.groupList.Refresh()
}

// newTxNameCell is the frozen name: the member's name over their customer code, in the height
// of one entry, shortened with "…" only past the column's widest width.
func newTxNameCell(name, customer string, width float32) fyne.CanvasObject {
	inner := width - 2*theme.InnerPadding()
	n := canvas.NewText(fitText(name, theme.TextSize(), fyne.TextStyle{}, inner), theme.Color(theme.ColorNameForeground))
	c := canvas.NewText(fitText(customer, theme.CaptionTextSize(), fyne.TextStyle{}, inner), theme.Color(theme.ColorNameForeground))
	c.TextSize = theme.CaptionTextSize()
	return container.New(layout.NewCustomPaddedLayout(2, 0, theme.InnerPadding(), 0),
		container.New(layout.NewCustomPaddedVBoxLayout(0), n, c))
}

// txInViewLayout places a row's message at the visible part of the scrolled amounts, as wide
// as the view, so that it is read whole wherever the row is scrolled to.
type txInViewLayout struct{ grid *txDayScreen }

func (l *txInViewLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		if o.Visible() {
			h = max(h, o.MinSize().Height)
		}
	}
	return fyne.NewSize(0, h) // never widens the grid
}

func (l *txInViewLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x, w := float32(0), size.Width
	if sc := l.grid.rightScroll; sc != nil && sc.Size().Width > 0 {
		w = min(w, sc.Size().Width)
		x = min(sc.Offset.X, size.Width-w)
	}
	for _, o := range objs {
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, o.MinSize().Height))
	}
}

// txNoBarsTheme is the app's theme with scroll bars of no width and no colour.
type txNoBarsTheme struct{ fyne.Theme }

func (t txNoBarsTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameScrollBar || n == theme.ColorNameScrollBarBackground {
		return color.Transparent
	}
	return t.Theme.Color(n, v)
}

func (t txNoBarsTheme) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameScrollBar || n == theme.SizeNameScrollBarSmall {
		return 0
	}
	return t.Theme.Size(n)
}

// txPairLayout makes its one object as tall as the taller of itself and with, the other
// half of its row, and width wide when width is set.
type txPairLayout struct {
	with  fyne.CanvasObject
	width float32
}

func (l *txPairLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	if l.with != nil {
		s.Height = max(s.Height, l.with.MinSize().Height)
	}
	if l.width > 0 {
		s.Width = l.width
	}
	return s
}

func (l *txPairLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// txStackLayout is a VBox without gaps, width wide when set: the two halves of the grid must
// place their rows at the same heights.
type txStackLayout struct{ width float32 }

func (l *txStackLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objs {
		m := o.MinSize()
		w, h = max(w, m.Width), h+m.Height
	}
	if l.width > 0 {
		w = l.width
	}
	return fyne.NewSize(w, h)
}

func (l *txStackLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var y float32
	for _, o := range objs {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h
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
		s.showRowError(g, row)
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
