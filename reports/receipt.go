package reports

import (
	"io"
	"strconv"
	"strings"
	"time"

	"policycredit/data"
	"policycredit/translations"
)

// Paper sizes a receipt prints on: A5, half a sheet, is what a teller hands over; A4 for an
// office whose printer takes nothing else.
const (
	PaperA5 = "A5"
	PaperA4 = "A4"
)

// Receipt is the receipt (biên lai thu nợ) a teller hands to the household after taking a
// payment on a loan: who paid, for which contract, each part of the payment, the total in
// figures and in words, and the principal still outstanding after it, for both to sign.
type Receipt struct {
	Office   data.Office
	Borrower data.BorrowerView // the household that paid, with its village, commune and group
	Contract string
	Program  string    // "01 – Cho vay hộ nghèo": the code and the name in the receipt's language
	Date     data.Date // the payment's value date
	Paid     data.Split
	// Balance is the principal outstanding after the payment, on its value date.
	Balance data.Dong
	// Entries are the ledger entries the payment posted: their numbers are the receipt's, so
	// that a receipt is found again in the ledger.
	Entries []int64
	Ref     string // the clerk's reference, if any
	Teller  string // the full name of the user who took the money; "" leaves the line to write on
	Paper   string // PaperA5 (the default when empty) or PaperA4
	// Anchor is the ledger's anchor printed at the foot of the page; "" prints none.
	Anchor string
}

// Number is the receipt's number: the first and last ledger entries of the payment.
func (r Receipt) Number() string {
	switch len(r.Entries) {
	case 0:
		return "-"
	case 1:
		return strconv.FormatInt(r.Entries[0], 10)
	}
	return strconv.FormatInt(r.Entries[0], 10) + "–" + strconv.FormatInt(r.Entries[len(r.Entries)-1], 10)
}

// WritePDF prints the receipt on one portrait page of its paper.
func (r Receipt) WritePDF(w io.Writer, loc *translations.Localizer, created time.Time) error {
	paper := r.Paper
	if paper == "" {
		paper = PaperA5
	}
	title := loc.T("receipt.title")
	d := NewDocument(loc, Meta{Office: r.Office, Title: title, Date: r.Date, Orientation: Portrait, Size: paper,
		Created: created, Anchor: r.Anchor})
	d.Heading(strings.ToUpper(title), loc.T("receipt.number", "No", r.Number(), "Date", r.Date))

	b := r.Borrower
	d.Paragraph(loc.T("receipt.payer", "Name", b.Name, "Code", b.Code))
	if b.Village != "" || b.Commune != "" {
		d.Paragraph(loc.T("receipt.address", "Village", receiptDash(b.Village), "Commune", receiptDash(b.Commune)))
	}
	if b.GroupCode != "" {
		d.Paragraph(loc.T("receipt.group", "Code", b.GroupCode, "Name", b.GroupName))
	}
	d.Paragraph(loc.T("receipt.contract", "Contract", r.Contract, "Program", receiptDash(r.Program)))
	if r.Ref != "" {
		d.Paragraph(loc.T("receipt.ref", "Ref", r.Ref))
	}
	d.Space(2)

	t := printTable{Columns: []printColumn{
		{Header: loc.T("receipt.col.kind"), Width: 62, Align: Left, MaxLines: 2},
		{Header: loc.T("receipt.col.amount"), Width: 38, Align: Right},
	}}
	for _, part := range []struct {
		id     string
		amount data.Dong
	}{
		{"receipt.kind.penalty", r.Paid.Penalty},
		{"receipt.kind.interest", r.Paid.Interest},
		{"receipt.kind.overdue", r.Paid.Overdue},
		{"receipt.kind.current", r.Paid.Current},
	} {
		if part.amount != 0 {
			t.Rows = append(t.Rows, []string{loc.T(part.id), loc.Amount(part.amount)})
		}
	}
	t.Total = []string{loc.T("receipt.total"), loc.Amount(r.Paid.Total())}
	d.table(t)

	d.Space(1)
	d.setFont(italic, bodySize)
	d.lines(d.wrap(loc.T("receipt.in_words", "Words", loc.AmountInWords(r.Paid.Total())), d.Width(), 0), marginSide, d.Width(), Left)
	d.Paragraph(loc.T("receipt.balance", "Amount", r.Balance))
	r.signatures(d, loc)
	return d.Write(w)
}

// signatures closes the receipt: the place and date, then the payer and the teller side by
// side with room to sign and their names below; the block never splits across pages.
func (r Receipt) signatures(d *Document, loc *translations.Localizer) {
	const signSpace = 16.0
	h := lineHeight(bodySize)
	d.Space(4)
	d.ensure(3*h + lineHeight(smallSize) + signSpace)
	colW := d.Width() / 2
	y := d.pdf.GetY()

	d.setFont(italic, bodySize)
	when := LongDate(loc, r.Date)
	if r.Office.Province != "" {
		when = r.Office.Province + ", " + when
	}
	// Centred over the teller's column, but never past the right margin nor split: a half
	// A5 is narrower than "Thanh Hóa, ngày 07 tháng 12 năm 2026".
	for _, l := range d.wrap(when, d.Width(), 0) {
		w := d.textWidth(l) + 2*cellPad
		x := min(marginSide+1.5*colW-w/2, marginSide+d.Width()-w)
		d.text(x, y, w, h, l, Center)
		y += h
	}
	for i, s := range []struct{ role, name string }{
		{loc.T("receipt.sign.payer"), r.Borrower.Name},
		{loc.T("receipt.sign.teller"), r.Teller},
	} {
		x := marginSide + float64(i)*colW
		d.setFont(bold, bodySize)
		d.text(x, y, colW, h, d.prepare(s.role), Center)
		d.setFont(italic, smallSize)
		d.text(x, y+h, colW, lineHeight(smallSize), d.prepare(loc.T("report.sign.hint")), Center)
		if s.name != "" {
			d.setFont(bold, bodySize)
			for j, l := range d.wrap(s.name, colW, 2) {
				d.text(x, y+h+lineHeight(smallSize)+signSpace+float64(j)*h, colW, h, l, Center)
			}
		}
	}
	d.pdf.SetXY(marginSide, y+3*h+lineHeight(smallSize)+signSpace)
}

// receiptDash stands for a name the records do not have.
func receiptDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
