package ui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
)

// settleMonths is how many months back the month picker offers: two years of months an office
// may still have to settle after switching to the app.
const settleMonths = 24

// monthSettlement is the month-end section beside the month closing: a month to settle, what
// settling it would pay (or paid) and rate, Settle month, and the settlements made, each of
// which can be reversed with a reason.
type monthSettlement struct {
	app      *App
	month    *choice
	months   []data.Month                // the picker's months, newest first
	preview  *keepLabel                  // amounts never broken across lines
	progress *widget.ProgressBarInfinite // while the month is computed
	settle   *widget.Button
	list     *widget.Button
	root     fyne.CanvasObject

	loads latest // previews: only the newest month chosen is shown
	// settling is the settle running; reversing the reversal of the dialog open.
	settling, reversing busy
	shown               data.Settlement // the month previewed
	loaded              bool            // shown holds the chosen month's figures
	infos               []data.SettlementInfo
	dialog              *settlementsDialog // the list last opened, for tests
}

func newMonthSettlement(a *App) *monthSettlement {
	m := &monthSettlement{app: a}
	loc := a.loc
	m.month = newSelect(loc, nil, func(string) { m.load() })
	m.preview = newKeepLabel("")
	m.progress = widget.NewProgressBarInfinite()
	m.progress.Stop()
	m.progress.Hide()
	m.settle = widget.NewButton(loc.T("settleui.settle"), m.ask)
	m.settle.Importance = widget.HighImportance
	m.settling.guard(m.settle)
	m.list = widget.NewButton(loc.T("settleui.list"), m.showList)
	if !a.may(data.ActSettle) {
		m.settle.Disable() // shown, so that the clerk sees the month-end step exists
	}
	// Half the width of a 1024-pixel screen: the list beside the title, the month with Settle.
	m.root = container.NewVBox(
		container.NewBorder(nil, nil, nil, m.list,
			widget.NewLabelWithStyle(loc.T("settleui.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
		m.preview,
		m.progress,
		container.NewHBox(widget.NewLabel(loc.T("field.closing.month")), fixedWidth(m.month, 110), m.settle),
	)
	return m
}

// settleable are the months up to the last one before the working date's, newest first.
func settleable(working data.Date) []data.Month {
	out := make([]data.Month, 0, settleMonths)
	for m := data.MonthOf(working).Prev(); len(out) < settleMonths; m = m.Prev() {
		out = append(out, m)
	}
	return out
}

// refresh offers the months, keeping the one chosen, then loads it and the settlements.
func (m *monthSettlement) refresh() {
	keep := m.month.Selected
	m.months = settleable(m.app.workingDate())
	options := make([]string, len(m.months))
	for i, x := range m.months {
		options[i] = x.String()
	}
	m.month.Options = options
	m.month.Selected = options[0]
	for _, o := range options {
		if o == keep {
			m.month.Selected = keep
		}
	}
	m.month.Refresh()
	m.load()
}

// chosen is the month picked.
func (m *monthSettlement) chosen() data.Month {
	i := m.month.SelectedIndex()
	if i < 0 || i >= len(m.months) {
		return data.Month{}
	}
	return m.months[i]
}

// load computes the chosen month (or reads it as settled) off the UI goroutine, with the list
// of settlements; Settle waits for it. A large office takes a second or two.
func (m *monthSettlement) load() {
	a := m.app
	month := m.chosen()
	if month.IsZero() {
		return
	}
	seq := m.loads.next()
	m.loaded = false
	m.enable()
	m.progress.Show()
	m.progress.Start()
	m.preview.SetText(a.loc.T("settleui.computing", "Month", month.String()))
	var s data.Settlement
	var infos []data.SettlementInfo
	a.async(func(ctx context.Context) (err error) {
		if s, err = a.store.MonthSettlement(ctx, month, 0); err != nil {
			return err
		}
		infos, err = a.store.Settlements(ctx)
		return err
	}, func(err error) {
		if !m.loads.is(seq) {
			return // another month was picked meanwhile
		}
		m.progress.Stop()
		m.progress.Hide()
		if err != nil {
			m.preview.SetText(a.loc.T("settleui.unavailable"))
			a.showError(err)
			return
		}
		m.shown, m.infos, m.loaded = s, infos, true
		m.preview.SetText(m.previewText())
		m.enable()
	})
}

// enable offers Settle month for a month computed and not settled, to those who may settle.
func (m *monthSettlement) enable() {
	if m.loaded && !m.shown.Settled && m.app.may(data.ActSettle) && !m.settling.running {
		m.settle.Enable()
	} else {
		m.settle.Disable()
	}
}

// bandCounts counts the month's groups by computed band, best first.
func bandCounts(s data.Settlement) map[data.Rating]int {
	out := map[data.Rating]int{}
	for _, g := range s.Scores {
		out[g.Band]++
	}
	return out
}

// ratingsLine is "Computed ratings: Good 120 · Fair 98 · Average 50 · Weak 22".
func (m *monthSettlement) ratingsLine(s data.Settlement) string {
	loc := m.app.loc
	counts := bandCounts(s)
	n := func(r data.Rating) string { return loc.Number(int64(counts[r])) }
	return loc.T("settleui.ratings_line", "GoodName", loc.T("rating.good"), "Good", n(data.RatingGood),
		"FairName", loc.T("rating.fair"), "Fair", n(data.RatingFair), "AverageName", loc.T("rating.average"),
		"Average", n(data.RatingAverage), "WeakName", loc.T("rating.weak"), "Weak", n(data.RatingWeak))
}

// previewText says whether the month is settled and what it pays and rates.
func (m *monthSettlement) previewText() string {
	loc := m.app.loc
	s := m.shown
	state := loc.T("settleui.not_settled", "Month", s.Month.String())
	if s.Settled {
		state = loc.T("settleui.settled_by", "Month", s.Month.String(), "User", s.SettledBy, "When", stamp(m.app, s.SettledAt))
	}
	return strings.Join([]string{state,
		loc.N("settleui.fees_line", len(s.Fees), "Amount", s.FeeTotal()),
		loc.N("settleui.commissions_line", len(s.Commissions), "Amount", s.CommissionTotal()),
		m.ratingsLine(s),
	}, "\n")
}

// stamp writes a moment as the office's date and time.
func stamp(a *App, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.Local()
	return a.loc.Date(data.DateOf(t)) + " " + t.Format("15:04")
}

// ask states what settling freezes and settles once confirmed.
func (m *monthSettlement) ask() {
	a := m.app
	loc := a.loc
	if m.settling.running || !m.loaded || m.shown.Settled {
		return
	}
	s := m.shown
	text := newKeepLabel(loc.T("settleui.confirm", "Month", s.Month.String(),
		"Fees", s.FeeTotal(), "Associations", loc.Number(int64(len(s.Fees))),
		"Commissions", s.CommissionTotal(), "Groups", loc.Number(int64(len(s.Commissions))),
		"Rated", loc.Number(int64(len(s.Scores)))))
	var d dialog.Dialog
	var ok *widget.Button
	d, ok = confirmDialog(a, loc.T("settleui.confirm_title", "Month", s.Month.String()), loc.T("settleui.settle_now"), text, func() {
		d.Hide()
		m.run(s.Month)
	})
	ok.Importance = widget.HighImportance
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}

// run settles the month, Settle month disabled while the write runs.
func (m *monthSettlement) run(month data.Month) {
	a := m.app
	var s data.Settlement
	a.write(&m.settling, func(ctx context.Context) (err error) {
		s, err = a.store.Settle(ctx, month)
		return err
	}, func(err error) {
		if err != nil {
			m.enable()
			a.showError(err)
			return
		}
		a.notify(a.loc.T("settleui.settled", "Month", month.String(), "Fees", s.FeeTotal(), "Commissions", s.CommissionTotal()))
		m.load()
	})
}

// settlementsDialog lists the settlements made; Reverse… cancels the standing one chosen.
type settlementsDialog struct {
	m        *monthSettlement
	dlg      dialog.Dialog
	table    *widget.Table
	picked   int
	reverse  *widget.Button
	emptyMsg fyne.CanvasObject
}

var settlementColumns = []string{"settleui.col.month", "settleui.col.by", "settleui.col.at", "settleui.col.fees",
	"settleui.col.commissions", "settleui.col.state"}

// showList opens the list of settlements, newest first.
func (m *monthSettlement) showList() {
	a := m.app
	loc := a.loc
	d := &settlementsDialog{m: m, picked: -1}
	d.table = newHeaderTable(settlementColumns, []float32{80, 110, 130, 130, 130, 260},
		func() int { return len(m.infos) }, d.cell, func(col int) bool { return col == 3 || col == 4 }, loc)
	d.table.OnSelected = func(id widget.TableCellID) { d.pick(id.Row) }
	d.table.OnUnselected = func(widget.TableCellID) { d.pick(-1) }
	d.reverse = widget.NewButton(loc.T("settleui.reverse"), d.askReverse)
	m.reversing.guard(d.reverse)
	d.reverse.Disable()
	d.emptyMsg = emptyState(loc.T("settleui.none"))
	close := widget.NewButton(loc.T("action.close"), func() { d.dlg.Hide() })
	body := container.NewStack(d.table, d.emptyMsg)
	content := container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), d.reverse, close), nil, nil, body)
	d.dlg = dialog.NewCustomWithoutButtons(loc.T("settleui.list_title"), content, a.win)
	m.dialog = d
	d.show()
	d.dlg.Resize(fyne.NewSize(880, 420))
	d.dlg.Show()
}

// show puts the settlements loaded into the table, or says there are none.
func (d *settlementsDialog) show() {
	if len(d.m.infos) == 0 {
		d.table.Hide()
		d.emptyMsg.Show()
	} else {
		d.emptyMsg.Hide()
		d.table.Show()
	}
	d.table.UnselectAll()
	d.table.Refresh()
	d.pick(-1)
}

func (d *settlementsDialog) cell(id widget.TableCellID) string {
	infos := d.m.infos
	if id.Row < 0 || id.Row >= len(infos) {
		return ""
	}
	loc := d.m.app.loc
	s := infos[id.Row]
	switch id.Col {
	case 0:
		return s.Month.String()
	case 1:
		return s.SettledBy
	case 2:
		return stamp(d.m.app, s.SettledAt)
	case 3:
		return loc.Amount(s.Fees)
	case 4:
		return loc.Amount(s.Commissions)
	}
	if s.Reversed {
		return loc.T("settleui.reversed", "User", s.ReversedBy, "When", stamp(d.m.app, s.ReversedAt), "Reason", s.ReversedReason)
	}
	return loc.T("settleui.standing")
}

// pick follows the selection: Reverse… for a standing settlement, to those who may settle.
func (d *settlementsDialog) pick(row int) {
	d.picked = -1
	if row >= 0 && row < len(d.m.infos) {
		d.picked = row
	}
	if d.picked >= 0 && !d.m.infos[d.picked].Reversed && d.m.app.may(data.ActSettle) && !d.m.reversing.running {
		d.reverse.Enable()
	} else {
		d.reverse.Disable()
	}
}

// askReverse asks why, states what reversing does, and reverses the settlement.
func (d *settlementsDialog) askReverse() {
	m := d.m
	a := m.app
	loc := a.loc
	if d.picked < 0 || m.reversing.running {
		return
	}
	info := m.infos[d.picked]
	f := newForm(loc)
	var dlg dialog.Dialog
	reason := newKeyEntry(func() { dlg.Hide() })
	f.add("settleui.reason", reason)
	text := newKeepLabel(loc.T("settleui.reverse_what", "Month", info.Month.String(), "Fees", info.Fees,
		"Commissions", info.Commissions))
	save := func() {
		why := strings.TrimSpace(reason.Text)
		if why == "" {
			f.showErrors(data.Invalid("settleui.reason", "required"))
			return
		}
		a.write(&m.reversing, func(ctx context.Context) error {
			return a.store.ReverseSettlement(ctx, info.Month, why)
		}, func(err error) {
			if !a.reportErrors(f, reasonField(err)) {
				return
			}
			dlg.Hide()
			a.notify(loc.T("settleui.reversed_done", "Month", info.Month.String()))
			m.afterReverse()
		})
	}
	reason.OnSubmitted = func(string) { save() }
	var ok *widget.Button
	dlg, ok = confirmDialog(a, loc.T("settleui.reverse_title", "Month", info.Month.String()), loc.T("settleui.reverse_now"),
		container.NewVBox(text, f.object()), save)
	m.reversing.guard(ok)
	dlg.Resize(fyne.NewSize(560, 0))
	dlg.Show()
	a.win.Canvas().Focus(reason)
}

// reasonField puts the store's message about the reason under the dialog's reason.
func reasonField(err error) error {
	typed := data.DomainErrors(err)
	if typed == nil {
		return err
	}
	var out data.Errors
	for _, e := range typed {
		c := *e
		if strings.HasSuffix(c.Field, ".reason") {
			c.Field = "settleui.reason"
		}
		out = append(out, &c)
	}
	return out.Err()
}

// afterReverse reloads the month and the list the dialog shows.
func (m *monthSettlement) afterReverse() {
	a := m.app
	m.load()
	fetch(a, a.store.Settlements, func(infos []data.SettlementInfo) {
		m.infos = infos
		if m.dialog != nil {
			m.dialog.show()
		}
	})
}
