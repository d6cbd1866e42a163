package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
)

// Commissions and fees are paid at the transaction point on its day (issue 22): the day's
// "Commissions and fees" part lists what each group leader and each commune association is
// owed there (the months settled, less what was paid), pays one of them with a receipt out of
// the day's cash, and lists the day's payments, each reversible with a reason. What is not
// paid stays due and carries forward to the next day.

// txPayouts is the day's commissions and fees at the point the screen shows.
type txPayouts struct {
	pointID  int64
	on       data.Date
	loaded   bool
	err      error // the payables could not be read: said in the part, not in a dialog
	payables []data.Payable
	payments []data.SettlementPayment
	loads    latest

	// What the part shows, kept for tests: the Pay button of each payee and the Reverse
	// button of each payment.
	payButtons     map[string]*widget.Button
	reverseButtons map[int64]*widget.Button
	payAllButton   *widget.Button
	pay            *txPayDialog // the open payment, if any
	payAllOK       *widget.Button
	reverseForm    *form
	reverseReason  *keyEntry
	reverseSave    func()
}

// payeeKey names a payee whatever its kind, to find its payable from a payment.
func payeeKey(kind data.PayeeKind, groupID, communeID int64, association string) string {
	if kind == data.PayeeGroup {
		return fmt.Sprintf("g%d", groupID)
	}
	return fmt.Sprintf("a%d/%s", communeID, association)
}

func payableKey(p data.Payable) string {
	return payeeKey(p.Kind, p.GroupID, p.CommuneID, p.Association)
}

// payoutsIndex is the place of the part in the group list: after the disbursements.
func (s *txDayScreen) payoutsIndex() int { return len(s.groups) + 1 }

// loadPayouts reads what the point's payees are owed on the list's day and what was paid
// that day, off the UI goroutine; the newest read wins.
func (s *txDayScreen) loadPayouts() {
	pay := &s.payouts
	pointID, on := s.list.PointID, s.list.Date
	if pay.pointID != pointID || !pay.on.Equal(on) {
		*pay = txPayouts{pointID: pointID, on: on, loads: pay.loads}
	}
	n := pay.loads.next()
	var payables []data.Payable
	var payments []data.SettlementPayment
	s.app.async(func(ctx context.Context) (err error) {
		if payables, err = s.app.store.SettlementPayables(ctx, pointID, on); err != nil {
			return err
		}
		payments, err = s.app.store.SettlementPayments(ctx, pointID, on)
		return err
	}, func(err error) {
		if !pay.loads.is(n) || pay.pointID != pointID || !pay.on.Equal(on) {
			return
		}
		pay.loaded, pay.err = true, err
		pay.payables, pay.payments = payables, payments
		if err != nil {
			fyne.LogError("reading the commissions and fees", err)
		}
		s.groupList.RefreshItem(s.payoutsIndex())
		if s.selected == s.payoutsIndex() {
			s.showPayouts()
		}
		if s.posted != nil && s.center.Objects[0] != s.grid {
			s.showPosted()
		} else {
			s.updateSummary()
		}
	})
}

// due is what the point's payees are still owed, in all.
func (p *txPayouts) due() (total data.Dong, payees int) {
	for _, x := range p.payables {
		if x.Due > 0 {
			total += x.Due
			payees++
		}
	}
	return total, payees
}

// standing reports whether a payment still takes its money out of the day's cash: neither
// reversed nor a reversal.
func standing(p data.SettlementPayment) bool { return !p.Reversed && p.Reverses == 0 }

// paidToday is the cash the day's standing payments took out.
func (p *txPayouts) paidToday() (total data.Dong, count int) {
	for _, x := range p.payments {
		if standing(x) {
			total += x.Amount
			count++
		}
	}
	return total, count
}

// payoutsLine is the part's line in the group list: its name and what is still due.
func (s *txDayScreen) payoutsLine() string {
	loc := s.app.loc
	p := &s.payouts
	second := "…"
	if p.loaded && p.err == nil {
		if due, _ := p.due(); due > 0 {
			second = loc.T("settlepay.list_due", "Due", loc.Money(due))
		} else {
			second = loc.T("settlepay.list_nothing_due")
		}
	}
	return loc.T("settlepay.list_item") + "\n" + second
}

// payoutsSummary says what the day's payments took out of the cash and what is left of the
// cash typed; empty when nothing was paid.
func (s *txDayScreen) payoutsSummary(cash data.Dong) string {
	paid, n := s.payouts.paidToday()
	if n == 0 {
		return ""
	}
	loc := s.app.loc
	return loc.N("settlepay.summary", n, "Paid", loc.Money(paid), "Cash", loc.Money(cash-paid))
}

// payeeName is how a payee is named in the part and its questions.
func (s *txDayScreen) payeeName(p data.Payable) string {
	loc := s.app.loc
	if p.Kind == data.PayeeGroup {
		return p.Code + " · " + p.Name
	}
	return loc.T("settlepay.association_payee", "Association", loc.Association(p.Association))
}

// paymentPayee names the payee of a payment, from the day's payables.
func (s *txDayScreen) paymentPayee(pm data.SettlementPayment) string {
	k := payeeKey(pm.Kind, pm.GroupID, pm.CommuneID, pm.Association)
	for _, p := range s.payouts.payables {
		if payableKey(p) == k {
			return s.payeeName(p)
		}
	}
	if pm.Kind == data.PayeeAssociation {
		return s.app.loc.T("settlepay.association_payee", "Association", s.app.loc.Association(pm.Association))
	}
	return "—"
}

// latestMonth is the newest month any payee is owed for: a payee owed for an earlier one
// has an amount carried forward.
func (p *txPayouts) latestMonth() data.Month {
	var m data.Month
	for _, x := range p.payables {
		for _, mm := range x.Months {
			if mm.After(m) {
				m = mm
			}
		}
	}
	return m
}

// payoutsLayout lays a row out as a first column taking the width left and fixed columns
// after it, so that a payee's name wraps in a narrow window instead of pushing the amounts out.
type payoutsLayout struct {
	first  float32 // the first column's least width
	widths []float32
}

func (l *payoutsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := l.first
	var h float32
	for i, o := range objs {
		if i > 0 && i-1 < len(l.widths) {
			w += l.widths[i-1]
		}
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(w, h)
}

func (l *payoutsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var fixed float32
	for _, w := range l.widths {
		fixed += w
	}
	first := max(size.Width-fixed, l.first)
	x := float32(0)
	for i, o := range objs {
		w := first
		if i > 0 {
			if i-1 >= len(l.widths) {
				o.Hide()
				continue
			}
			w = l.widths[i-1]
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w-4, size.Height))
		x += w
	}
}

// Widths of the part's figure columns: an amount up to hundreds of millions, and the buttons.
const (
	payAmountWidth = 120
	payUserWidth   = 100
)

func (s *txDayScreen) payoutsButtonWidth() float32 {
	loc := s.app.loc
	w := widget.NewButton(loc.T("settlepay.pay"), nil).MinSize().Width
	w = max(w, widget.NewButton(loc.T("settlepay.reverse"), nil).MinSize().Width)
	return w + 8
}

// payoutsCell is a payee's or a payment's first cell: its name in bold, then a few lines
// (payoutsLine), set closer together than labels in a box would be.
func payoutsCell(title string) *fyne.Container {
	l := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	return container.New(tightLayout{}, l)
}

// payoutsLine adds a line to a cell; warn colours it as something to notice (carried
// forward, reversed).
func payoutsLine(c *fyne.Container, text string, warn bool) {
	l := wrapped(text)
	if warn {
		l.Importance = widget.WarningImportance
	}
	c.Add(l)
}

// tightLayout stacks labels as lines of one text: each label's own padding is kept above
// the first and below the last only; between them, a quarter of it.
type tightLayout struct{}

func tightOverlap() float32 { return theme.InnerPadding() * 1.5 }

func (tightLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
		if i > 0 {
			s.Height -= tightOverlap()
		}
	}
	return s
}

func (tightLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var y float32
	for _, o := range objs {
		o.Resize(fyne.NewSize(size.Width, o.MinSize().Height))
		o.Move(fyne.NewPos(0, y))
		y += o.MinSize().Height - tightOverlap()
	}
}

func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func amountCell(s *txDayScreen, d data.Dong) *widget.Label {
	return widget.NewLabelWithStyle(s.app.loc.Amount(d), fyne.TextAlignTrailing, fyne.TextStyle{})
}

func headCell(text string, align fyne.TextAlign) *widget.Label {
	l := widget.NewLabelWithStyle(text, align, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	return l
}

// showPayouts lays the part out where a group's grid stands.
func (s *txDayScreen) showPayouts() {
	s.selected = s.payoutsIndex()
	s.body.Objects = []fyne.CanvasObject{s.payoutsView()}
	s.body.Refresh()
}

// payoutsView is the part: what each payee is owed with Pay, then the day's payments with
// Reverse; an empty state when no month is settled for the point.
func (s *txDayScreen) payoutsView() fyne.CanvasObject {
	loc := s.app.loc
	p := &s.payouts
	p.payButtons, p.reverseButtons, p.payAllButton = map[string]*widget.Button{}, map[int64]*widget.Button{}, nil
	switch {
	case !p.loaded:
		return widget.NewLabel(loc.T("settlepay.loading"))
	case p.err != nil:
		l := wrapped(loc.T("settlepay.load_failed", "Reason", loc.Error(p.err)))
		l.Importance = widget.DangerImportance
		return container.NewVBox(l)
	case len(p.payables) == 0 && len(p.payments) == 0:
		return emptyState(loc.T("settlepay.empty"), s.goTo("settlepay.open_reports", "reports"))
	}
	title := headCell(loc.T("settlepay.title", "Point", s.list.PointCode+" – "+s.list.PointName, "Date", s.list.Date),
		fyne.TextAlignLeading)
	help := wrapped(loc.T("settlepay.help"))
	help.Importance = widget.LowImportance
	mayPay := s.app.may(data.ActCash)
	btnWidth := s.payoutsButtonWidth()
	owed := &payoutsLayout{first: 200, widths: []float32{payAmountWidth, payAmountWidth, payAmountWidth, btnWidth}}
	rows := []fyne.CanvasObject{title, help}
	due, payees := p.due()
	if payees > 1 {
		p.payAllButton = widget.NewButton(loc.T("settlepay.pay_all"), s.payAll)
		if !mayPay || s.ahead() {
			p.payAllButton.Disable()
		}
		rows = append(rows, container.NewHBox(widget.NewLabel(loc.T("settlepay.total_due", "Due", loc.Money(due))),
			layout.NewSpacer(), p.payAllButton))
	}
	rows = append(rows, container.New(owed, headCell(loc.T("settlepay.col.payee"), fyne.TextAlignLeading),
		headCell(loc.T("settlepay.col.settled"), fyne.TextAlignTrailing),
		headCell(loc.T("settlepay.col.paid"), fyne.TextAlignTrailing),
		headCell(loc.T("settlepay.col.due"), fyne.TextAlignTrailing), widget.NewLabel("")))
	latest := p.latestMonth()
	for _, x := range p.payables {
		x := x
		cell := payoutsCell(s.payeeName(x))
		if x.Kind == data.PayeeGroup {
			payoutsLine(cell, loc.T("settlepay.leader", "Leader", orDash(x.Leader)), false)
		}
		if len(x.Months) > 0 && x.Months[0] != latest && x.Due > 0 {
			payoutsLine(cell, loc.T("settlepay.carried", "Month", loc.Month(x.Months[0].First())), true)
		}
		pay := widget.NewButton(loc.T("settlepay.pay"), func() { s.openPay(x) })
		if !mayPay || x.Due <= 0 || s.ahead() {
			pay.Disable()
		}
		p.payButtons[payableKey(x)] = pay
		dueCell := amountCell(s, x.Due)
		dueCell.TextStyle.Bold = x.Due > 0
		rows = append(rows, container.New(owed, cell, amountCell(s, x.Settled),
			amountCell(s, x.Paid), dueCell, container.NewVBox(pay)), widget.NewSeparator())
	}

	rows = append(rows, headCell(loc.T("settlepay.payments"), fyne.TextAlignLeading))
	if len(p.payments) == 0 {
		rows = append(rows, wrapped(loc.T("settlepay.no_payments")))
	} else {
		mayReverse := s.app.may(data.ActCorrection)
		paid := &payoutsLayout{first: 200, widths: []float32{payAmountWidth, payUserWidth, btnWidth}}
		rows = append(rows, container.New(paid, headCell(loc.T("settlepay.col.payment"), fyne.TextAlignLeading),
			headCell(loc.T("settlepay.col.amount"), fyne.TextAlignTrailing),
			headCell(loc.T("settlepay.col.user"), fyne.TextAlignLeading), widget.NewLabel("")))
		for _, pm := range p.payments {
			pm := pm
			cell := payoutsCell(loc.T("settlepay.receipt", "Ref", pm.Ref))
			payoutsLine(cell, s.paymentPayee(pm), false)
			payoutsLine(cell, loc.T("settlepay.received_by", "Name", pm.ReceivedBy), false)
			if pm.Note != "" {
				payoutsLine(cell, pm.Note, false)
			}
			var action fyne.CanvasObject = widget.NewLabel("")
			switch {
			case pm.Reverses != 0:
				payoutsLine(cell, loc.T("settlepay.reversal", "Reason", pm.Reason), true)
			case pm.Reversed:
				payoutsLine(cell, loc.T("settlepay.reversed"), true)
			default:
				b := widget.NewButton(loc.T("settlepay.reverse"), func() { s.reversePayout(pm) })
				if !mayReverse {
					b.Disable()
				}
				p.reverseButtons[pm.ID] = b
				action = container.NewVBox(b)
			}
			rows = append(rows, container.New(paid, cell, amountCell(s, pm.Amount),
				wrapped(pm.User), action), widget.NewSeparator())
		}
	}
	return container.NewVScroll(container.NewVBox(rows...))
}

// txPayDialog is the payment of one payee: the form, then the confirmation.
type txPayDialog struct {
	payee    data.Payable
	form     *form
	amount   *moneyEntry
	receiver *keyEntry
	ref      *keyEntry
	note     *keyEntry
	dlg      dialog.Dialog
	next     *widget.Button
	confirm  dialog.Dialog
	ok       *widget.Button
	running  busy // the payment being written: two clicks pay once
}

// openPay asks how much is paid (all that is due by default), to whom, under which receipt.
func (s *txDayScreen) openPay(x data.Payable) {
	a := s.app
	loc := a.loc
	d := &txPayDialog{payee: x, form: newForm(loc)}
	s.payouts.pay = d
	d.amount = newMoneyEntry(loc, "settlement.amount", func() { d.dlg.Hide() })
	d.amount.setAmount(x.Due)
	d.receiver = newKeyEntry(func() { d.dlg.Hide() })
	if x.Kind == data.PayeeGroup {
		d.receiver.SetText(x.Leader)
	}
	d.ref = newKeyEntry(func() { d.dlg.Hide() })
	d.ref.SetPlaceHolder(loc.T("settlepay.ref_placeholder"))
	d.note = newKeyEntry(func() { d.dlg.Hide() })
	d.form.add("settlement.amount", d.amount.object())
	d.form.add("settlement.received_by", d.receiver)
	d.form.add("settlement.ref", d.ref)
	d.form.add("settlement.note", d.note)
	intro := wrapped(loc.T("settlepay.pay_intro", "Payee", s.payeeName(x), "Due", loc.Money(x.Due)))
	next := d.running.unlessRunning(func() { s.checkPay(d) })
	for _, e := range []*keyEntry{d.amount.entry, d.receiver, d.ref, d.note} {
		e.OnSubmitted = func(string) { next() }
	}
	d.next = widget.NewButton(loc.T("action.continue"), next)
	d.next.Importance = widget.HighImportance
	cancel := widget.NewButton(loc.T("action.cancel"), func() { d.dlg.Hide() })
	d.dlg = dialog.NewCustomWithoutButtons(loc.T("settlepay.pay_title"),
		container.NewVBox(intro, d.form.object(), container.NewHBox(layout.NewSpacer(), cancel, d.next)), a.win)
	d.dlg.Resize(fyne.NewSize(560, 0))
	d.dlg.SetOnClosed(func() {
		if s.payouts.pay == d {
			s.payouts.pay = nil
		}
	})
	d.dlg.Show()
	a.win.Canvas().Focus(d.amount.entry)
}

// payment reads the form into the payment the store is asked to record.
func (s *txDayScreen) payment(d *txPayDialog) (*data.SettlementPayment, error) {
	v, perr := d.amount.value()
	if perr != nil {
		return nil, perr
	}
	x := d.payee
	p := &data.SettlementPayment{PointID: s.payouts.pointID, Kind: x.Kind, PaidOn: s.payouts.on, Amount: v,
		Ref: d.ref.Text, ReceivedBy: d.receiver.Text, Note: d.note.Text}
	if x.Kind == data.PayeeGroup {
		p.GroupID = x.GroupID
	} else {
		p.CommuneID, p.Association = x.CommuneID, x.Association
	}
	err := p.Validate()
	if v > x.Due && data.ForField(err, "settlement.amount") == nil {
		// The store refuses it too; saying so here keeps the clerk in the form.
		errs := data.Errors(data.DomainErrors(err))
		errs.Add(data.Invalid("settlement.amount", "payable_max", "Max", x.Due))
		err = errs.Err()
	}
	return p, err
}

// checkPay checks the form and asks for confirmation, stating payee, amount and that the
// money goes out of the day's cash.
func (s *txDayScreen) checkPay(d *txPayDialog) {
	a := s.app
	loc := a.loc
	p, err := s.payment(d)
	if err != nil {
		d.form.showErrors(err)
		return
	}
	d.form.clearErrors()
	body := wrapped(loc.T("settlepay.confirm", "Payee", s.payeeName(d.payee), "Amount", loc.Money(p.Amount),
		"ReceivedBy", p.ReceivedBy, "Point", s.list.PointCode+" – "+s.list.PointName, "Date", p.PaidOn))
	d.confirm, d.ok = confirmDialog(a, loc.T("settlepay.pay_title"), loc.T("settlepay.confirm_do"), body,
		func() { s.doPay(d, p) })
	d.ok.Importance = widget.HighImportance
	d.running.controls = []fyne.Disableable{d.next, d.ok}
	d.confirm.Resize(fyne.NewSize(520, 0))
	d.confirm.Show()
}

// doPay records the confirmed payment once, however often Pay is pressed while it runs.
func (s *txDayScreen) doPay(d *txPayDialog, p *data.SettlementPayment) {
	a := s.app
	loc := a.loc
	a.write(&d.running, func(ctx context.Context) error { return a.store.PaySettlement(ctx, p) }, func(err error) {
		d.confirm.Hide()
		if !a.reportErrors(d.form, err) {
			return // the form stays open, the refusal under its field
		}
		d.dlg.Hide()
		if err == nil {
			a.notify(loc.T("settlepay.paid", "Payee", s.payeeName(d.payee), "Amount", loc.Money(p.Amount), "Ref", p.Ref))
		}
		s.loadPayouts()
	})
}

// reversePayout asks why and reverses one of the day's payments; its amount is then due again.
func (s *txDayScreen) reversePayout(pm data.SettlementPayment) {
	a := s.app
	loc := a.loc
	f := newForm(loc)
	var dlg dialog.Dialog
	reason := newKeyEntry(func() { dlg.Hide() })
	f.add("settlement.reason", reason)
	var running busy // a second Save would try to reverse the payment twice
	save := running.unlessRunning(func() {
		text := reason.Text
		if data.NFC(text) == "" {
			f.showErrors(data.Invalid("settlement.reason", "required"))
			return
		}
		a.write(&running, func(ctx context.Context) error { return a.store.ReverseSettlementPayment(ctx, pm.ID, text) },
			func(err error) {
				if !a.reportErrors(f, err) {
					return
				}
				dlg.Hide()
				if err == nil {
					a.notify(loc.T("settlepay.reversed_done", "Ref", pm.Ref, "Amount", loc.Money(pm.Amount)))
				}
				s.loadPayouts()
			})
	})
	reason.OnSubmitted = func(string) { save() }
	intro := wrapped(loc.T("settlepay.reverse_intro", "Ref", pm.Ref, "Amount", loc.Money(pm.Amount), "Payee", s.paymentPayee(pm)))
	s.payouts.reverseForm = f
	s.payouts.reverseReason = reason
	dlg = s.formDialog(loc.T("settlepay.reverse_title", "Ref", pm.Ref), container.NewVBox(intro, f.object()), save, &running)
	s.payouts.reverseSave = save
	a.win.Canvas().Focus(reason)
}

// payAll pays every payee what is due in full after one confirmation stating how many and
// how much. Each payment is its own: a refusal stops the rest, and the part then shows which
// were paid and what is still due.
func (s *txDayScreen) payAll() {
	a := s.app
	loc := a.loc
	var todo []data.SettlementPayment
	var total data.Dong
	for _, x := range s.payouts.payables {
		if x.Due <= 0 {
			continue
		}
		p := data.SettlementPayment{PointID: s.payouts.pointID, Kind: x.Kind, PaidOn: s.payouts.on, Amount: x.Due,
			ReceivedBy: x.Leader}
		if x.Kind == data.PayeeGroup {
			p.GroupID = x.GroupID
		} else {
			// The association's share is received by the association itself.
			p.CommuneID, p.Association, p.ReceivedBy = x.CommuneID, x.Association, loc.Association(x.Association)
		}
		if p.ReceivedBy == "" {
			p.ReceivedBy = x.Name
		}
		todo = append(todo, p)
		total += x.Due
	}
	if len(todo) == 0 {
		return
	}
	var running busy
	body := wrapped(loc.N("settlepay.pay_all_confirm", len(todo), "Total", loc.Money(total),
		"Point", s.list.PointCode+" – "+s.list.PointName, "Date", s.payouts.on))
	var dlg dialog.Dialog
	var ok *widget.Button
	dlg, ok = confirmDialog(a, loc.T("settlepay.pay_all_title"), loc.T("settlepay.confirm_do"), body, func() {
		done := 0
		a.write(&running, func(ctx context.Context) error {
			for i := range todo {
				if err := a.store.PaySettlement(ctx, &todo[i]); err != nil {
					return err
				}
				done++
			}
			return nil
		}, func(err error) {
			dlg.Hide()
			s.loadPayouts()
			if err != nil {
				a.showError(err)
				return
			}
			a.notify(loc.N("settlepay.paid_all", done, "Total", loc.Money(total)))
		})
	})
	ok.Importance = widget.HighImportance
	running.guard(ok)
	s.payouts.payAllOK = ok
	dlg.Resize(fyne.NewSize(520, 0))
	dlg.Show()
}

// payoutsButtonLabel names the way to the part from the posted day, with what is due.
func (s *txDayScreen) payoutsButtonLabel() string {
	loc := s.app.loc
	if p := &s.payouts; p.loaded && p.err == nil {
		if due, _ := p.due(); due > 0 {
			return loc.T("settlepay.open_due", "Due", loc.Money(due))
		}
	}
	return loc.T("settlepay.list_item")
}
