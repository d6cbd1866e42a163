package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
)

// monthClosing is the Reports screen's part that closes a month once its reports are printed:
// which months are closed, a month to close and the action, which asks first and says what
// closing means.
type monthClosing struct {
	app    *App
	status *keepLabel
	month  *widget.Entry
	close  *widget.Button
	root   fyne.CanvasObject
	// closing is the close running: Close is disabled and a confirmation still open does
	// nothing until it ends.
	closing busy
	// through is the last closed month as last shown (zero: none), for the confirmation to
	// state every month a close takes with it.
	through data.Month
	// settlement is the month's settlement beside the closing: a month is settled, then closed.
	settlement *monthSettlement
}

func newMonthClosing(a *App) *monthClosing {
	c := &monthClosing{app: a}
	loc := a.loc
	c.status = newKeepLabel("")
	c.month = widget.NewEntry()
	c.month.SetPlaceHolder(loc.T("closing.month_placeholder"))
	c.close = widget.NewButton(loc.T("closing.close"), c.ask)
	a.allow(data.ActCloseMonth, c.close)
	c.closing.guard(c.close)
	c.settlement = newMonthSettlement(a)
	// Side by side: the Reports screen above leaves little height on a 768-pixel screen.
	c.root = container.NewGridWithColumns(2, container.NewVBox(
		widget.NewLabelWithStyle(loc.T("closing.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		c.status,
		container.NewBorder(nil, nil, widget.NewLabel(loc.T("field.closing.month")), c.close, c.month),
	), c.settlement.root)
	return c
}

// refresh shows which months are closed and proposes the month before the working date's.
func (c *monthClosing) refresh() {
	if c.month.Text == "" {
		c.month.SetText(data.MonthOf(c.app.workingDate()).Prev().String())
	}
	fetch(c.app, c.app.store.ClosedThrough, c.showStatus)
	c.settlement.refresh()
}

func (c *monthClosing) showStatus(through data.Month) {
	c.through = through
	if through.IsZero() {
		c.status.SetText(c.app.loc.T("closing.none_closed"))
		return
	}
	c.status.SetText(c.app.loc.T("closing.closed_through", "Month", through.String(), "End", through.End()))
}

// ask says what closing the month will do, and closes it when confirmed.
func (c *monthClosing) ask() {
	loc := c.app.loc
	if c.closing.running {
		return
	}
	m, err := data.ParseMonth(c.month.Text)
	if err != nil {
		c.app.showError(data.Invalid("closing.month", "month_format"))
		return
	}
	months := loc.T("closing.confirm_all", "Month", m.String())
	if !c.through.IsZero() {
		months = loc.T("closing.confirm_range", "From", c.through.Next().String(), "Month", m.String())
	}
	text := widget.NewLabel(loc.T("closing.confirm", "Month", m.String(), "End", m.End()) + "\n\n" + months)
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(loc.T("closing.confirm_title", "Month", m.String()), loc.T("closing.close_now"),
		loc.T("action.cancel"), text, func(ok bool) {
			if ok {
				c.run(m)
			}
		}, c.app.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}

// run closes the months, the action disabled while the write runs.
func (c *monthClosing) run(m data.Month) {
	var closed []data.Month
	c.app.write(&c.closing, func(ctx context.Context) (err error) {
		closed, err = c.app.store.CloseMonth(ctx, m)
		return err
	}, func(err error) {
		if err != nil {
			c.app.showError(err)
			return
		}
		c.app.notify(c.app.loc.N("cli.months_closed", len(closed), "From", closed[0].String(), "Through", m.String(),
			"End", c.app.loc.Date(m.End())))
		c.showStatus(m)
	})
}
