package ui

import (
	"context"
	"fmt"
	"io"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/reports"
	"policycredit/translations"
)

// duesView is the top of the collect dialog: what the loan owes on the date typed, by kind,
// so that the clerk asks for the right sum before typing the amount.
type duesView struct {
	loc         *translations.Localizer
	title       *widget.Label
	overdue     *widget.Label
	current     *widget.Label
	interest    *widget.Label
	penalty     *widget.Label
	total       *widget.Label
	due         data.Dues // the figures shown
	overduePart data.Dong // the overdue part of due.Principal
	root        fyne.CanvasObject
}

func newDuesView(loc *translations.Localizer) *duesView {
	v := &duesView{loc: loc}
	v.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	figure := func() *widget.Label { return widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{}) }
	v.overdue, v.current, v.interest, v.penalty = figure(), figure(), figure(), figure()
	v.total = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	line := func(id string) *widget.Label { return widget.NewLabel(loc.T(id)) }
	// Two columns of two, the total beside the title: the dialog keeps its height at 768.
	left := container.New(layout.NewFormLayout(),
		line("collect.due.overdue"), v.overdue,
		line("collect.due.current"), v.current)
	right := container.New(layout.NewFormLayout(),
		line("collect.due.interest"), v.interest,
		line("collect.due.penalty"), v.penalty)
	total := container.NewHBox(widget.NewLabelWithStyle(loc.T("collect.due.total"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), v.total)
	v.root = container.NewVBox(container.NewBorder(nil, nil, v.title, total), container.NewGridWithColumns(2, left, right))
	v.clear()
	return v
}

// show puts the dues of date on on screen: principal overdue, the rest of the principal
// falling due by then, interest and penalty interest due (data.DuesOn).
func (v *duesView) show(on data.Date, due data.Dues, overdue data.Dong) {
	v.due, v.overduePart = due, overdue
	v.title.SetText(v.loc.T("collect.dues", "Date", on))
	v.overdue.SetText(v.loc.Money(overdue))
	v.current.SetText(v.loc.Money(due.Principal - overdue))
	v.interest.SetText(v.loc.Money(due.Interest))
	v.penalty.SetText(v.loc.Money(due.Penalty))
	v.total.SetText(v.loc.Money(due.Total()))
}

// clear shows dashes while the date typed is not a date.
func (v *duesView) clear() {
	v.due, v.overduePart = data.Dues{}, 0
	v.title.SetText(v.loc.T("collect.dues", "Date", "—"))
	for _, l := range []*widget.Label{v.overdue, v.current, v.interest, v.penalty, v.total} {
		l.SetText("—")
	}
}

// paidReceipt is what a receipt needs to know of a payment just posted.
type paidReceipt struct {
	ok      bool // the payment was read back: without it no receipt is offered
	pay     data.Payment
	split   data.Split // principal divided into overdue and current as the engine applied it
	entries []int64    // the entries posted, in order
	balance data.Dong  // principal outstanding after the payment, on its value date
}

func (p paidReceipt) fresh() map[int64]bool {
	out := map[int64]bool{}
	for _, id := range p.entries {
		out[id] = true
	}
	return out
}

// postForReceipt posts the payment on the loan of book (as it stood when the dialog opened),
// then reads the loan back for the receipt: the entries the payment made and the principal
// left. The payment is posted once read back or not; a failed read only means no receipt.
func postForReceipt(ctx context.Context, a *App, book data.Book, pay data.Payment) (paidReceipt, error) {
	var last int64
	for _, e := range book.Entries {
		last = max(last, e.ID)
	}
	split, err := a.store.PostPayment(ctx, pay)
	if err != nil {
		return paidReceipt{}, err
	}
	out := paidReceipt{pay: pay, split: split}
	before, err1 := data.PositionOn(book, pay.ValueDate)
	after, err2 := a.store.LoanBook(ctx, pay.LoanID)
	if err1 != nil || err2 != nil {
		return out, nil
	}
	pos, err := data.PositionOn(after, pay.ValueDate)
	if err != nil {
		return out, nil
	}
	for _, e := range after.Entries {
		if e.ID > last {
			out.entries = append(out.entries, e.ID)
		}
	}
	// The engine repays overdue installments first: what left the overdue part is overdue
	// principal paid, the rest current.
	principal := split.Overdue + split.Current
	out.split.Overdue = min(max(before.Overdue-pos.Overdue, 0), principal)
	out.split.Current = principal - out.split.Overdue
	out.balance = pos.Principal()
	out.ok = true
	return out, nil
}

// receiptOffer is the question after a payment: print the receipt, on which paper.
type receiptOffer struct {
	dlg   dialog.Dialog
	paper *widget.RadioGroup
	print *widget.Button
	skip  *widget.Button
	saved string // the receipt's path once saved
	// printing guards Print: one receipt per press, and Print again after a failed one.
	printing busy
}

// offerReceipt asks whether to print the receipt of the payment just posted; Print saves it
// in the reports folder and opens it (a.savePDF). Esc or Not now closes the question.
func (d *loanDetail) offerReceipt(paid paidReceipt) {
	if !paid.ok {
		return
	}
	s := d.s
	a := s.app
	loc := a.loc
	book, borrower := d.book, d.borrower
	program := d.s.programLabel(book.Loan.ProgramCode)
	ro := &receiptOffer{}
	text := widget.NewLabel(loc.T("receipt.offer", "Amount", paid.pay.Amount, "Contract", book.Loan.Contract, "Name", borrower.Name))
	text.Wrapping = fyne.TextWrapWord
	ro.paper = widget.NewRadioGroup([]string{reports.PaperA5, reports.PaperA4}, nil)
	ro.paper.Horizontal = true
	ro.paper.Required = true
	ro.paper.SetSelected(reports.PaperA5)
	ro.skip = widget.NewButton(loc.T("receipt.skip"), s.cancel)
	ro.print = widget.NewButton(loc.T("receipt.print"), func() {
		r := reports.Receipt{Office: a.office, Borrower: borrower, Contract: book.Loan.Contract, Program: program,
			Date: paid.pay.ValueDate, Paid: paid.split, Balance: paid.balance, Entries: paid.entries, Ref: paid.pay.Ref,
			Teller: a.session.FullName, Paper: ro.paper.Selected}
		first := int64(0)
		if len(paid.entries) > 0 {
			first = paid.entries[0]
		}
		name := fmt.Sprintf("receipt-%s-%d-%s.pdf", safeName(book.Loan.Contract), first, loc.Lang())
		rloc := loc
		a.savePDF(&ro.printing, name, func(ctx context.Context, w io.Writer) error {
			r.Anchor = a.ledgerAnchor(ctx)
			return r.WritePDF(w, rloc, time.Now())
		}, func(path string) {
			ro.saved = path
			if s.dialog == ro.dlg {
				s.closeDialog()
			}
		})
	})
	ro.printing.guard(ro.print)
	ro.print.Importance = widget.HighImportance
	body := container.NewVBox(text,
		container.NewHBox(widget.NewLabel(loc.T("receipt.paper")), ro.paper),
		container.NewHBox(layout.NewSpacer(), ro.skip, ro.print))
	ro.dlg = dialog.NewCustomWithoutButtons(loc.T("receipt.offer_title"), body, a.win)
	ro.dlg.SetOnClosed(func() {
		if s.dialog == ro.dlg {
			s.dialog = nil
		}
	})
	ro.dlg.Resize(fyne.NewSize(520, 0))
	s.closeDialog()
	s.dialog, s.action = ro.dlg, nil
	d.receipt = ro
	ro.dlg.Show()
	a.win.Canvas().Focus(ro.print)
}

// markFresh shows the entries of the last payment in the primary colour.
func (d *loanDetail) markFresh() {
	update := d.entries.UpdateCell
	d.entries.UpdateCell = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := &o.(*tipLabel).Label // newHeaderTable's cells carry a tooltip
		l.Importance = widget.MediumImportance
		if id.Row >= 0 && id.Row < len(d.lines) && d.fresh[d.lines[id.Row].entry.ID] {
			l.Importance = widget.HighImportance
		}
		update(id, o)
		l.Refresh()
	}
}

// showFresh scrolls the entries to the last payment's rows and selects the first of them.
func (d *loanDetail) showFresh() {
	first, last := -1, -1
	for i, ln := range d.lines {
		if d.fresh[ln.entry.ID] {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return
	}
	d.entries.ScrollTo(widget.TableCellID{Row: last, Col: 0})
	d.entries.Select(widget.TableCellID{Row: first, Col: 0})
}
