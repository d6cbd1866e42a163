package ui

import (
	"context"
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/reports"
)

var scheduleColumns = []string{"loans.col.no", "loans.col.due", "loans.col.principal", "loans.col.paid", "loans.col.status"}

var entryColumns = []string{"loans.col.entry_no", "loans.col.value_date", "loans.col.kind", "loans.col.amount",
	"loans.col.balance", "loans.col.note"}

// entryLine is one ledger entry with the principal outstanding after it, in posting order.
type entryLine struct {
	entry    data.Entry
	balance  data.Dong
	reversed bool
}

// loanDetail shows one loan: its header, schedule, entries with a running principal balance
// and its position on a chosen date, with the actions that post to its ledger.
type loanDetail struct {
	s     *loansScreen
	loads latest

	book     data.Book
	borrower data.BorrowerView
	pos      data.Position // on the position date
	today    data.Position // on the working date, for the schedule and the actions' defaults
	lines    []entryLine

	title     *widget.Label
	header    *keepLabel
	schedule  *widget.Table
	entries   *widget.Table
	posDate   *keyEntry
	posFigure *keepLabel
	posForm   *form

	// Links from the loan to its household and its group (loan_links.go).
	toHousehold *widget.Hyperlink
	toGroup     *widget.Hyperlink
	linkBox     *fyne.Container
	linksShown  bool           // some link is shown: the row of links takes a line
	group       data.GroupView // the group the loan was lent through (else the household's), ID 0 for none

	// fresh are the entries the last payment posted: shown in the primary colour, the first of
	// them selected, so that the clerk sees at once what was written.
	fresh    map[int64]bool
	selected int           // the entries table's selected row, -1 for none
	receipt  *receiptOffer // the receipt offered after the last payment, for tests
	dues     *duesView     // the dues of the last collect dialog opened, for tests

	root fyne.CanvasObject
}

func newLoanDetail(s *loansScreen) *loanDetail {
	a := s.app
	loc := a.loc
	d := &loanDetail{s: s, selected: -1}
	d.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.title.Truncation = fyne.TextTruncateEllipsis
	d.header = newKeepLabel("")
	d.schedule = newHeaderTable(scheduleColumns, scheduleLeast,
		func() int { return len(d.today.Installments) }, d.scheduleCell, func(col int) bool { return col == 2 || col == 3 }, loc)
	d.entries = newHeaderTable(entryColumns, entryLeast,
		func() int { return len(d.lines) }, d.entryCell, func(col int) bool { return col == 3 || col == 4 }, loc)
	d.markFresh()
	d.entries.OnSelected = func(id widget.TableCellID) { d.selected = id.Row }
	d.entries.OnUnselected = func(widget.TableCellID) { d.selected = -1 }
	d.posDate = newKeyEntry(s.cancel)
	d.posDate.OnSubmitted = func(string) { d.loadPosition() }
	d.posDate.OnChanged = func(string) { d.loadPosition() }
	d.posFigure = newKeepLabel("")
	d.posForm = newForm(loc)
	// The date keeps room for "25/11/2026" beside the figures, which take the rest.
	dateWidth := canvas.NewRectangle(color.Transparent)
	dateWidth.SetMinSize(fyne.NewSize(130, 0))
	d.posForm.add("position.date", container.NewStack(dateWidth, d.posDate))

	// Seven actions in French are wider than the page at 1024×768: they wrap.
	actions := container.New(&wrapLayout{})
	for _, act := range []struct {
		id   string
		fn   func()
		kind data.Action // what the store checks: only the roles that may do it see the button
	}{
		{"loans.action.disburse", func() { d.entryDialog(data.EntryDisburse) }, data.ActCash},
		{"loans.action.collect", d.collectDialog, data.ActCash},
		{"loans.action.reschedule", func() { d.entryDialog(data.EntryReschedule) }, data.ActMove},
		{"loans.action.extend", func() { d.entryDialog(data.EntryExtend) }, data.ActMove},
		{"loans.action.freeze", func() { d.entryDialog(data.EntryFreeze) }, data.ActFreeze},
		{"loans.action.unfreeze", func() { d.entryDialog(data.EntryUnfreeze) }, data.ActFreeze},
		{"loans.action.reverse", d.reverseDialog, data.ActCorrection},
	} {
		if a.may(act.kind) {
			actions.Add(widget.NewButton(loc.T(act.id), act.fn))
		}
	}
	back := widget.NewButton(loc.T("loans.back"), s.cancel)
	top := container.NewVBox(container.NewBorder(nil, nil, back, nil, d.title), d.links(), d.header, actions)
	posBox := container.NewBorder(nil, nil, d.posForm.object(), nil, d.posFigure)
	left := container.NewBorder(widget.NewLabelWithStyle(loc.T("loans.schedule"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, d.schedule)
	right := container.NewBorder(widget.NewLabelWithStyle(loc.T("loans.entries"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, d.entries)
	split := container.NewHSplit(left, right)
	split.Offset = 0.43
	d.root = container.NewBorder(container.NewVBox(top, widget.NewSeparator(), posBox, widget.NewSeparator()), nil, nil, nil, split)
	return d
}

// open loads a loan by contract number.
func (d *loanDetail) open(contract string) {
	a := d.s.app
	d.posDate.OnChanged = nil
	d.posDate.SetText(a.loc.Date(a.workingDate()))
	d.posDate.OnChanged = func(string) { d.loadPosition() }
	d.posForm.clearErrors()
	d.fresh = nil
	d.entries.UnselectAll()
	d.load(contract)
}

// reload reads the loan shown again (after an action) and the list behind it.
func (d *loanDetail) reload() {
	d.load(d.book.Loan.Contract)
	d.s.load()
}

// load reads the book, the household and the positions off the UI goroutine.
func (d *loanDetail) load(contract string) {
	a := d.s.app
	seq := d.loads.next()
	today := a.workingDate()
	on, e := parseDateField(a.loc, "position.date", d.posDate.Text)
	if e != nil || on.IsZero() {
		on = today
	}
	var book data.Book
	var borrower data.BorrowerView
	var group data.GroupView
	var posToday, pos data.Position
	a.async(func(ctx context.Context) error {
		l, err := a.store.LoanByContract(ctx, contract)
		if err != nil {
			return err
		}
		if book, err = a.store.LoanBook(ctx, l.ID); err != nil {
			return err
		}
		if borrower, err = a.store.Borrower(ctx, l.BorrowerID); err != nil {
			return err
		}
		if group, err = loanGroup(ctx, a, l, borrower); err != nil {
			return err
		}
		if posToday, err = data.PositionOn(book, today); err != nil {
			return err
		}
		pos, err = data.PositionOn(book, on)
		return err
	}, func(err error) {
		if !d.loads.is(seq) {
			return
		}
		if err != nil {
			a.showError(err)
			return
		}
		d.book, d.borrower, d.group, d.today, d.pos = book, borrower, group, posToday, pos
		d.lines = entryLines(book.Entries)
		d.showHeader()
		d.showLinks()
		d.showPosition()
		d.schedule.Refresh()
		d.entries.Refresh()
		d.showFresh()
	})
}

// loadPosition recomputes the position on the date typed; the book is already loaded.
func (d *loanDetail) loadPosition() {
	a := d.s.app
	on, e := parseDateField(a.loc, "position.date", d.posDate.Text)
	if e == nil && on.IsZero() {
		e = data.Invalid("position.date", "required")
	}
	if e != nil {
		d.posForm.showErrors(e)
		return
	}
	d.posForm.clearErrors()
	if d.book.Loan.ID == 0 {
		return
	}
	book := d.book
	seq := d.loads.next()
	var pos data.Position
	a.async(func(context.Context) (err error) {
		pos, err = data.PositionOn(book, on)
		return err
	}, func(err error) {
		if !d.loads.is(seq) {
			return
		}
		if err != nil {
			a.reportErrors(d.posForm, err)
			return
		}
		d.pos = pos
		d.showPosition()
	})
}

// entryLines runs the principal balance along the ledger in posting order; a reversal takes
// back the entry it names.
func entryLines(es []data.Entry) []entryLine {
	byID := map[int64]data.Entry{}
	reversed := map[int64]bool{}
	for _, e := range es {
		byID[e.ID] = e
		if e.Kind == data.EntryReversal {
			reversed[e.Reverses] = true
		}
	}
	delta := func(e data.Entry) data.Dong {
		switch e.Kind {
		case data.EntryDisburse:
			return e.Amount
		case data.EntryPrincipal, data.EntryWriteOff:
			return -e.Amount
		}
		return 0
	}
	out := make([]entryLine, len(es))
	var bal data.Dong
	for i, e := range es {
		if e.Kind == data.EntryReversal {
			if orig, ok := byID[e.Reverses]; ok && orig.Kind != data.EntryReversal {
				bal -= delta(orig)
			}
		} else {
			bal += delta(e)
		}
		out[i] = entryLine{entry: e, balance: bal, reversed: reversed[e.ID]}
	}
	return out
}

// stateOfPosition is the loan's state as the list would show it.
func stateOfPosition(l data.Loan, p data.Position) data.LoanState {
	switch {
	case l.Status == data.LoanClosed:
		return data.StateClosed
	case l.Status == data.LoanWrittenOff:
		return data.StateWrittenOff
	case p.Overdue > 0:
		return data.StateOverdue
	case p.Frozen > 0:
		return data.StateFrozen
	}
	return data.StateCurrent
}

func (d *loanDetail) showHeader() {
	a := d.s.app
	loc := a.loc
	l := d.book.Loan
	d.title.SetText(loc.T("loans.detail_title", "Contract", l.Contract, "Name", d.borrower.Name, "Code", d.borrower.Code))
	rates := l.RateOverrides
	if len(rates) == 0 {
		rates = d.book.Rates
	}
	rate := "—"
	if r, ok := data.RateOn(rates, a.workingDate()); ok {
		rate = loc.Percent(r)
	}
	var plan string
	for _, p := range planChoices {
		if p.kind == l.Plan.Kind {
			plan = loc.T(p.id)
		}
	}
	header := loc.T("loans.detail_header", map[string]any{
		"Program": d.s.programLabel(l.ProgramCode), "Rate": rate, "Source": loc.T("source." + string(l.Source)),
		"Amount": l.Amount, "Term": l.TermMonths, "Plan": plan, "Signed": l.SignedOn, "Maturity": d.today.Maturity,
		"Disbursed": d.today.Disbursed, "Status": stateText(a, stateOfPosition(l, d.today)),
	})
	if !l.Outcome.IsZero() { // what the loan achieves, as recorded when it was opened
		header += " · " + loc.T("review.loan_outcome", "Outcome", reports.OutcomeText(loc, l.Outcome))
	}
	d.header.SetText(header)
}

func (d *loanDetail) showPosition() {
	loc := d.s.app.loc
	p := d.pos
	next := loc.T("loans.no_next")
	if p.Next != nil {
		next = loc.T("loans.next", "No", p.Next.No, "Date", p.Next.Due, "Amount", p.Next.Principal-p.Next.Paid)
	}
	text := loc.T("loans.position", map[string]any{
		"Current": p.Current, "Overdue": p.Overdue, "Frozen": p.Frozen, "Total": p.Principal(),
		"Interest": p.InterestDue, "Penalty": p.PenaltyDue, "Next": next,
	})
	if p.InterestCredit > 0 || p.PenaltyCredit > 0 {
		text += "\n" + loc.T("loans.credit", "Interest", p.InterestCredit, "Penalty", p.PenaltyCredit)
	}
	d.posFigure.SetText(text)
}

func (d *loanDetail) scheduleCell(id widget.TableCellID) string {
	ins := d.today.Installments
	if id.Row < 0 || id.Row >= len(ins) {
		return ""
	}
	in := ins[id.Row]
	loc := d.s.app.loc
	switch id.Col {
	case 0:
		return strconv.Itoa(in.No)
	case 1:
		return loc.Date(in.Due)
	case 2:
		return loc.Amount(in.Principal)
	case 3:
		return loc.Amount(in.Paid)
	}
	st := loc.T("installment." + string(in.Status))
	switch {
	case in.Status == data.InstDue && d.today.Next != nil && d.today.Next.No == in.No:
		st = loc.T("installment.next")
	case in.Status == data.InstDue:
		st = loc.T("installment.upcoming")
	}
	if in.Rescheduled {
		st = loc.T("loans.rescheduled", "Status", st, "Date", in.OriginalDue)
	}
	return st
}

func (d *loanDetail) entryCell(id widget.TableCellID) string {
	if id.Row < 0 || id.Row >= len(d.lines) {
		return ""
	}
	ln := d.lines[id.Row]
	e := ln.entry
	loc := d.s.app.loc
	switch id.Col {
	case 0:
		return strconv.FormatInt(e.ID, 10)
	case 1:
		return loc.Date(e.ValueDate)
	case 2:
		kind := loc.T(data.LabelOf(e.Kind))
		if e.Kind == data.EntryReversal {
			kind = loc.T("loans.reversal_of", "ID", e.Reverses)
		}
		if ln.reversed {
			kind = loc.T("loans.reversed", "Kind", kind)
		}
		return kind
	case 3:
		if e.Kind == data.EntryReschedule || e.Kind == data.EntryExtend {
			return loc.Date(e.NewDate)
		}
		if e.Kind == data.EntryReversal {
			return ""
		}
		return loc.Amount(e.Amount)
	case 4:
		return loc.Amount(ln.balance)
	}
	var parts []string
	for _, s := range []string{e.Decision, e.Ref, e.Note} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " · ")
}

// actionForm is one action's dialog: a form whose save posts in one store transaction.
type actionForm struct {
	d      *loanDetail
	form   *form
	moneys map[string]*moneyEntry // the amount fields by field id
	dlg    dialog.Dialog
	save   func()
	busy   busy              // the post running: Save and Enter do nothing until it ends
	top    fyne.CanvasObject // shown above the fields (the collect dialog's dues), may be nil
	after  func()            // what follows a successful post once the dialog is closed, may be nil
}

// newAction builds the dialog shell; fields are added to its form before show.
func (d *loanDetail) newAction() *actionForm {
	return &actionForm{d: d, form: newForm(d.s.app.loc), moneys: map[string]*moneyEntry{}}
}

// submit saves unless the last save is still posting: a second Enter would only check the
// form again, and the post itself is refused by run while one runs.
func (af *actionForm) submit() {
	if !af.busy.running {
		af.save()
	}
}

func (af *actionForm) entry(id string) *keyEntry {
	e := newKeyEntry(af.d.s.cancel)
	e.OnSubmitted = func(string) { af.submit() }
	af.form.add(id, e)
	return e
}

func (af *actionForm) money(id string) *moneyEntry {
	m := newMoneyEntry(af.d.s.app.loc, id, af.d.s.cancel)
	m.entry.OnSubmitted = func(string) { af.submit() }
	af.form.add(id, m.object())
	af.moneys[id] = m
	return m
}

// show opens the dialog titled with title; Esc (through the screen) or Cancel closes it.
func (af *actionForm) show(title string) {
	s := af.d.s
	loc := s.app.loc
	save := widget.NewButton(loc.T("action.save"), af.submit)
	save.Importance = widget.HighImportance
	af.busy.guard(save)
	body := container.NewVBox(af.form.object(),
		container.NewHBox(widget.NewButton(loc.T("action.cancel"), s.cancel), save))
	if af.top != nil {
		body = container.NewVBox(af.top, widget.NewSeparator(), body)
	}
	af.dlg = dialog.NewCustomWithoutButtons(title, body, s.app.win)
	af.dlg.SetOnClosed(func() {
		if s.dialog == af.dlg {
			s.dialog = nil
		}
	})
	af.dlg.Resize(fyne.NewSize(620, 0))
	s.closeDialog()
	s.dialog, s.action = af.dlg, af
	af.dlg.Show()
	if len(af.form.fields) > 0 {
		focusFirst(s.app.win.Canvas(), af.form.fields[0].input)
	}
}

func focusFirst(c fyne.Canvas, o fyne.CanvasObject) {
	switch x := o.(type) {
	case fyne.Focusable:
		c.Focus(x)
	case *fyne.Container:
		if len(x.Objects) > 0 {
			focusFirst(c, x.Objects[0])
		}
	}
}

// done closes the dialog after a successful post and refreshes the detail and the list.
func (af *actionForm) done(msg string) {
	s := af.d.s
	s.closeDialog()
	s.app.notify(msg)
	af.d.reload()
	if af.after != nil {
		af.after()
	}
}

// run posts off the UI goroutine; refusals show under their fields, the dialog stays open.
func (af *actionForm) run(work func(ctx context.Context) error, msg func() string) {
	a := af.d.s.app
	a.write(&af.busy, work, func(err error) {
		if !a.reportErrors(af.form, err) {
			return
		}
		if err != nil { // sent for approval: nothing posted yet
			af.d.s.closeDialog()
			af.d.reload()
			return
		}
		af.d.fresh = nil // only a payment's rows are marked (msg sets them), until the next post
		af.done(msg())
	})
}

// entryDialog posts one entry of kind: a disbursement, a freeze or unfreeze, a reschedule or
// an extension. The decision number is asked where the kind takes one (data.Kinds).
func (d *loanDetail) entryDialog(kind data.EntryKind) {
	a := d.s.app
	loc := a.loc
	if d.book.Loan.ID == 0 {
		return
	}
	af := d.newAction()
	date := af.entry("entry.value_date")
	date.SetText(loc.Date(a.workingDate()))
	var amount *moneyEntry
	var installment *choice
	var newDate, decision, decisionDate, ref, note *keyEntry
	p := d.today
	switch kind {
	case data.EntryDisburse:
		amount = af.money("entry.amount")
		amount.setAmount(max(d.book.Loan.Amount-p.Disbursed, 0))
		ref = af.entry("entry.ref")
	case data.EntryFreeze:
		amount = af.money("entry.amount")
		amount.setAmount(p.Current + p.Overdue)
	case data.EntryUnfreeze:
		amount = af.money("entry.amount")
		amount.setAmount(p.Frozen)
	case data.EntryReschedule:
		var options []string
		for i, in := range p.Installments {
			if in.Status != data.InstPaid && in.Status != data.InstWrittenOff && i < len(p.Installments)-1 {
				options = append(options, loc.T("loans.installment_option", "No", in.No, "Date", in.Due, "Amount", in.Principal-in.Paid))
			}
		}
		installment = newSelect(loc, options, nil)
		af.form.add("entry.installment", installment)
		newDate = af.entry("entry.new_date")
	case data.EntryExtend:
		newDate = af.entry("entry.new_date")
		newDate.SetPlaceHolder(loc.Date(p.Maturity))
	}
	if info, _ := data.InfoOf(kind); info.Decision != data.NoDecision {
		decision = af.entry("entry.decision")
		decision.SetPlaceHolder(loc.T("loans.decision_example"))
		decisionDate = af.entry("entry.decision_date")
	}
	note = af.entry("entry.note")
	af.save = func() {
		var errs data.Errors
		e := data.Entry{LoanID: d.book.Loan.ID, Kind: kind, Note: note.Text}
		var pe *data.Error
		e.ValueDate, pe = parseDateField(loc, "entry.value_date", date.Text)
		errs.Add(pe)
		if amount != nil {
			e.Amount, pe = amount.value()
			errs.Add(pe)
		}
		if installment != nil {
			for _, in := range p.Installments {
				if installment.Selected == loc.T("loans.installment_option", "No", in.No, "Date", in.Due, "Amount", in.Principal-in.Paid) {
					e.Installment = in.No
				}
			}
		}
		if newDate != nil {
			e.NewDate, pe = parseDateField(loc, "entry.new_date", newDate.Text)
			errs.Add(pe)
		}
		if decision != nil {
			e.Decision = decision.Text
			e.DecisionDate, pe = parseDateField(loc, "entry.decision_date", decisionDate.Text)
			errs.Add(pe)
		}
		if ref != nil {
			e.Ref = ref.Text
		}
		if len(errs) > 0 {
			a.reportErrors(af.form, errs)
			return
		}
		af.run(func(ctx context.Context) error { return a.store.Post(ctx, &e) },
			func() string {
				return loc.T("loans.posted", "Kind", loc.T(data.LabelOf(kind)), "Contract", d.book.Loan.Contract)
			})
	}
	af.show(loc.T(data.LabelOf(kind)))
}

// collectDialog takes a payment: the amount received is split the usual way by the engine
// (penalty, interest, then principal, data.Payment.Split on the position of the date); the
// clerk may change the parts, which must add up to the amount, and the payment is posted
// with those parts in one transaction.
func (d *loanDetail) collectDialog() {
	a := d.s.app
	loc := a.loc
	if d.book.Loan.ID == 0 {
		return
	}
	af := d.newAction()
	dues := newDuesView(loc)
	af.top = dues.root
	d.dues = dues
	date := af.entry("entry.value_date")
	date.SetText(loc.Date(a.workingDate()))
	received := af.money("payment.amount")
	penalty := af.money("collect.penalty")
	interest := af.money("collect.interest")
	principal := af.money("collect.principal")
	ref := af.entry("entry.ref")
	book := d.book
	var proposals latest
	propose := func() {
		on, e1 := parseDateField(loc, "entry.value_date", date.Text)
		amount, e2 := received.value()
		if e1 != nil || e2 != nil || on.IsZero() || amount == 0 {
			return
		}
		seq := proposals.next()
		var split data.Split
		a.async(func(context.Context) (err error) {
			split, err = data.Payment{ValueDate: on, Amount: amount}.Split(book)
			return err
		}, func(err error) {
			if !proposals.is(seq) {
				return
			}
			af.form.showErrors(err)
			if err != nil {
				return
			}
			penalty.setAmount(split.Penalty)
			interest.setAmount(split.Interest)
			principal.setAmount(split.Overdue + split.Current)
		})
	}
	received.onChanged = propose
	// What is owed on the date typed, from the engine's position: shown before the amount so
	// that the clerk asks for the right sum.
	var duesLoads latest
	showDues := func() {
		on, e := parseDateField(loc, "entry.value_date", date.Text)
		if e != nil || on.IsZero() {
			dues.clear()
			return
		}
		seq := duesLoads.next()
		var p data.Position
		a.async(func(context.Context) (err error) {
			p, err = data.PositionOn(book, on)
			return err
		}, func(err error) {
			if !duesLoads.is(seq) {
				return
			}
			if err != nil {
				dues.clear()
				return
			}
			dues.show(on, data.DuesOn(p), p.Overdue)
		})
	}
	date.OnChanged = func(string) { propose(); showDues() }
	showDues()
	af.save = func() {
		var errs data.Errors
		on, pe := parseDateField(loc, "entry.value_date", date.Text)
		errs.Add(pe)
		amount, pe := received.value()
		errs.Add(pe)
		// The parts in the order data.Payment.Entries posts them, so that a refusal's "Line"
		// names its field.
		var split data.Split
		parts := []struct {
			m    *moneyEntry
			part *data.Dong
		}{{penalty, &split.Penalty}, {interest, &split.Interest}, {principal, &split.Current}}
		var fields []string
		for _, part := range parts {
			v, pe := part.m.value()
			errs.Add(pe)
			*part.part = v
			if v != 0 {
				fields = append(fields, part.m.field)
			}
		}
		switch {
		case len(errs) > 0:
		case amount <= 0:
			errs.Add(data.Invalid("payment.amount", "positive"))
		case split.Total() != amount:
			errs.Add(data.Invalid("payment.amount", "split_sum", "Sum", split.Total(), "Amount", amount))
		}
		if len(errs) > 0 {
			a.reportErrors(af.form, errs)
			return
		}
		pay := data.Payment{LoanID: book.Loan.ID, ValueDate: on, Amount: amount, Parts: &split, Ref: ref.Text}
		var paid paidReceipt
		af.after = func() { d.offerReceipt(paid) }
		af.run(func(ctx context.Context) error {
			var err error
			paid, err = postForReceipt(ctx, a, book, pay)
			return onLines(err, fields)
		}, func() string {
			d.fresh = paid.fresh()
			return loc.T("loans.collected", "Amount", amount, "Contract", book.Loan.Contract)
		})
	}
	af.show(loc.T("loans.action.collect"))
}

// onLines moves a batch refusal about an entry's amount onto the form field of its line.
func onLines(err error, fields []string) error {
	typed := data.DomainErrors(err)
	if typed == nil {
		return err
	}
	out := make(data.Errors, len(typed))
	for i, e := range typed {
		c := *e
		if line, ok := e.Params["Line"].(int); ok && e.Field == "entry.amount" && line >= 1 && line <= len(fields) {
			c.Field = fields[line-1]
		}
		out[i] = &c
	}
	return out
}

// reverseDialog cancels a posted entry; the reason is required.
func (d *loanDetail) reverseDialog() {
	a := d.s.app
	loc := a.loc
	if d.book.Loan.ID == 0 {
		return
	}
	af := d.newAction()
	var ids []int64
	var options []string
	for i := len(d.lines) - 1; i >= 0; i-- {
		ln := d.lines[i]
		if ln.entry.Kind == data.EntryReversal || ln.reversed {
			continue
		}
		ids = append(ids, ln.entry.ID)
		options = append(options, entryOption(d, ln.entry))
	}
	pick := newSelect(loc, options, nil)
	af.form.add("entry.reverses", pick)
	date := af.entry("entry.value_date")
	date.SetText(loc.Date(a.workingDate()))
	reason := af.entry("entry.reason")
	af.save = func() {
		var errs data.Errors
		var id int64
		for i, o := range options {
			if o == pick.Selected {
				id = ids[i]
			}
		}
		if id == 0 {
			errs.Add(data.Invalid("entry.reverses", "required"))
		}
		on, pe := parseDateField(loc, "entry.value_date", date.Text)
		errs.Add(pe)
		if strings.TrimSpace(reason.Text) == "" {
			errs.Add(data.Invalid("entry.reason", "required"))
		}
		if len(errs) > 0 {
			a.reportErrors(af.form, errs)
			return
		}
		text := reason.Text
		af.run(func(ctx context.Context) error {
			_, err := a.store.ReverseEntry(ctx, id, on, text)
			return err
		}, func() string { return loc.T("loans.reversed_done", "ID", id, "Contract", d.book.Loan.Contract) })
	}
	af.show(loc.T("loans.action.reverse"))
}

// entryOption names an entry in the reversal picker: number, date, kind and amount.
func entryOption(d *loanDetail, e data.Entry) string {
	loc := d.s.app.loc
	return loc.T("loans.entry_option", "ID", e.ID, "Date", e.ValueDate, "Kind", loc.T(data.LabelOf(e.Kind)), "Amount", e.Amount)
}
