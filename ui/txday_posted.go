package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/translations"
)

// Posting the day asks first, stating what will be written, and a posted day then shows as
// posted: its batches, what they brought in, the day report and the reversal, never a list
// that looks as if it still waited to be posted.

// txPostedDay is a point's day that has standing batches: the batches and the day's figures
// from the ledger.
type txPostedDay struct {
	batches []data.CollectionBatchInfo
	report  data.DayReport
}

// readPosted reads the day's standing batches and figures; nil when nothing stands.
func (s *txDayScreen) readPosted(ctx context.Context, pointID int64, on data.Date) (*txPostedDay, error) {
	day, err := s.app.store.CollectionBatchesOn(ctx, pointID, on)
	if err != nil {
		return nil, err
	}
	var p txPostedDay
	for _, b := range day {
		if !b.Reversed {
			p.batches = append(p.batches, b)
		}
	}
	if len(p.batches) == 0 {
		return nil, nil
	}
	p.report, err = s.app.store.DayReport(ctx, pointID, on)
	return &p, err
}

// setCenter puts o where the groups and their grid stand, and lays the screen out again:
// buttons and lines above may have been shown or hidden with it.
func (s *txDayScreen) setCenter(o fyne.CanvasObject) {
	s.center.Objects = []fyne.CanvasObject{o}
	s.root.Refresh()
}

// showGrid shows the groups and their grid, with the buttons that import and post.
func (s *txDayScreen) showGrid() {
	s.summary.Show()
	if s.mayPost {
		s.importBtn.Show()
		s.postBtn.Show()
	}
	s.setCenter(s.grid)
}

// goTo is a button that opens another screen, for an empty state's next step.
func (s *txDayScreen) goTo(label, screen string) *widget.Button {
	return widget.NewButton(s.app.loc.T(label), func() { s.app.Navigate(screen) })
}

// showNoPoint says what to do when the office has no transaction point yet.
func (s *txDayScreen) showNoPoint() {
	s.loaded = false
	s.actions.Hide()
	s.summary.Hide()
	s.setCenter(emptyState(s.app.loc.T("txdaydesk.no_point"), s.goTo("txdaydesk.open_places", "places")))
}

// showPosted shows the day's standing batches with their figures, the day report and the
// reversal; another batch for the same day stays one click away.
func (s *txDayScreen) showPosted() {
	loc := s.app.loc
	p := s.posted
	r := p.report
	s.summary.Hide()
	s.importBtn.Hide()
	s.postBtn.Hide()

	title := widget.NewLabelWithStyle(loc.T("txdaydesk.posted_title", "Point", s.list.PointCode+" – "+s.list.PointName,
		"Date", s.list.Date), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	rows := []fyne.CanvasObject{title}
	for _, b := range p.batches {
		b := b
		at := b.PostedAt
		if t, err := time.Parse(time.RFC3339, b.PostedAt); err == nil {
			t = t.Local()
			at = loc.Date(data.NewDate(t.Year(), t.Month(), t.Day())) + " " + t.Format("15:04")
		}
		line := widget.NewLabel(loc.N("txdaydesk.batch", b.Entries, "Ref", b.Ref, "User", b.User, "At", at))
		line.Wrapping = fyne.TextWrapWord
		reverse := widget.NewButton(loc.T("txday.reverse"), func() { s.reverseBatch(b) })
		s.app.allow(data.ActCorrection, reverse)
		rows = append(rows, container.NewBorder(nil, nil, nil, reverse, line))
	}

	// The day's figures by kind, as the ledger holds them now.
	var counted data.Dong
	hasCount := false // a batch from the command line may count no cash
	for _, g := range r.Groups {
		if g.HasCount {
			counted += g.Counted
			hasCount = true
		}
	}
	t := r.Totals
	figures := []txFigure{
		{loc.Field("collection.principal"), t.Collected.Principal},
		{loc.Field("collection.interest"), t.Collected.Interest},
		{loc.Field("collection.penalty"), t.Collected.Penalty},
		{loc.Field("collection.deposit"), t.Deposits},
		{loc.Field("collection.withdrawal"), t.Withdrawals},
		{loc.T("txdaydesk.disbursed"), t.Disbursed},
	}
	if hasCount {
		figures = append(figures, txFigure{loc.Field("collection.cash"), counted})
	}
	// The commissions and fees paid at the point that day leave the same till. The part's own
	// reading is the fresher one: the report was read before a payment made since.
	payouts := r.PayoutTotal()
	if s.payouts.loaded && s.payouts.err == nil {
		payouts, _ = s.payouts.paidToday()
	}
	if payouts != 0 {
		figures = append(figures, txFigure{loc.T("settlepay.day_payouts"), payouts})
		if hasCount {
			figures = append(figures, txFigure{loc.T("settlepay.cash_after"), counted - payouts})
		}
	}
	totals := figureGrid(loc, figures)

	report := widget.NewButton(loc.T("txdaydesk.print_day_report"), s.dayReport)
	report.Importance = widget.HighImportance
	more := widget.NewButton(loc.T("txdaydesk.collect_more"), s.showGrid)
	s.app.allow(data.ActCash, more)
	// Commissions and fees are paid on a posted day too: the part is one click away.
	toPayouts := widget.NewButton(s.payoutsButtonLabel(), func() {
		s.showGrid()
		s.groupList.Select(s.payoutsIndex())
	})
	note := widget.NewLabel(loc.T("txdaydesk.posted_note"))
	note.Wrapping = fyne.TextWrapWord

	rows = append(rows, widget.NewSeparator(), widget.NewLabelWithStyle(loc.T("txdaydesk.day_figures"),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), totals, container.New(&wrapLayout{}, report, more, toPayouts), note)
	s.setCenter(container.NewVScroll(container.NewVBox(rows...)))
}

// txFigure is one line of figures: what and how much.
type txFigure struct {
	label string
	v     data.Dong
}

// figureGrid lays out figures as label and right-aligned amount, one line each.
func figureGrid(loc *translations.Localizer, figures []txFigure) fyne.CanvasObject {
	cells := []fyne.CanvasObject{}
	for _, f := range figures {
		cells = append(cells, widget.NewLabel(f.label),
			widget.NewLabelWithStyle(loc.Money(f.v), fyne.TextAlignTrailing, fyne.TextStyle{}))
	}
	return container.NewHBox(container.New(layout.NewFormLayout(), cells...))
}

// txPostConfirm is the question asked before a day is posted.
type txPostConfirm struct {
	dlg  dialog.Dialog
	text *widget.Label
	warn *widget.Label // the day is not the working date
	ok   *widget.Button
}

// confirmPost states the point, the day, the rows, the amounts by kind and the cash counted,
// warns when the day is not the working date, and posts only on the clerk's word.
func (s *txDayScreen) confirmPost(b data.CollectionBatch) {
	loc := s.app.loc
	var sum data.Collected
	for _, e := range b.Entries {
		sum.Dues = sum.Dues.Add(e.Dues)
		sum.Deposit += e.Deposit
		sum.Withdrawal += e.Withdrawal
	}
	var cash data.Dong
	for _, c := range b.Cash {
		cash += c
	}
	c := &txPostConfirm{}
	c.text = widget.NewLabel(loc.N("txdaydesk.confirm", len(b.Entries), "Point", s.list.PointCode+" – "+s.list.PointName,
		"Date", b.Date, "Groups", loc.Number(int64(len(b.Cash)))))
	c.text.Wrapping = fyne.TextWrapWord
	figures := figureGrid(loc, []txFigure{
		{loc.Field("collection.principal"), sum.Principal}, {loc.Field("collection.interest"), sum.Interest},
		{loc.Field("collection.penalty"), sum.Penalty}, {loc.Field("collection.deposit"), sum.Deposit},
		{loc.Field("collection.withdrawal"), sum.Withdrawal}, {loc.Field("collection.cash"), cash},
	})
	c.warn = widget.NewLabel("")
	c.warn.Importance = widget.DangerImportance
	c.warn.Wrapping = fyne.TextWrapWord
	c.warn.Hide()
	if working := s.app.workingDate(); b.Date != working {
		c.warn.SetText(loc.T("txdaydesk.not_working_date", "Date", b.Date, "Working", working))
		c.warn.Show()
	}
	body := container.NewVBox(c.text, figures, c.warn)
	c.dlg, c.ok = confirmDialog(s.app, loc.T("txday.post"), loc.N("txdaydesk.confirm_post", len(b.Entries)), body,
		func() { s.postBatch(b) })
	c.ok.Importance = widget.HighImportance
	// The post button of this confirmation, not of an earlier one, is held while the post runs.
	s.posting.controls = []fyne.Disableable{s.postBtn, c.ok}
	c.dlg.Resize(fyne.NewSize(560, 0))
	c.dlg.SetOnClosed(func() { // however it closes: Cancel, Esc, or the post done
		if s.confirm == c {
			s.confirm = nil
		}
	})
	s.confirm = c
	c.dlg.Show()
}
