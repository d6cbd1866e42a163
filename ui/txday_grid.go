package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
)

// The transaction day's grid: one group's members, a row each, with what they paid.

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
	hint.Wrapping = fyne.TextWrapWord // one line of keys is wider than a 1024-pixel screen in French

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
