package reports

import (
	"io"
	"strings"
	"time"

	"policycredit/data"
	"policycredit/translations"
)

// DayReport is a transaction point's day report: what was collected per group and program,
// disbursed, savings in and out, and the cash reconciliation, for the manager to sign.
type DayReport struct {
	Office data.Office
	Report data.DayReport
	// ProgramNames names the programs by code in the report's language; a missing name
	// prints the code alone.
	ProgramNames map[string]string
	// Anchor is the ledger's anchor (the first digits of its chain's head) printed at the
	// foot of every page, so that a paper copy proves what the ledger held; "" prints none.
	Anchor string
}

// WritePDF prints the day report on landscape A4.
func (s DayReport) WritePDF(w io.Writer, loc *translations.Localizer, created time.Time) error {
	r := s.Report
	title := loc.T("report.day.title")
	d := NewDocument(loc, Meta{Office: s.Office, Title: title, Date: r.Date, Orientation: Landscape, Created: created, Anchor: s.Anchor})
	d.Heading(strings.ToUpper(title), loc.T("report.collection.subtitle", "Point", r.PointCode+" – "+r.PointName, "Commune", r.Commune, "Date", r.Date))
	if len(r.Batches) > 0 {
		d.Paragraph(loc.T("report.day.batches", "Refs", strings.Join(r.Batches, ", ")))
	} else {
		d.Paragraph(loc.T("report.day.no_batch"))
	}
	d.Space(2)

	figures := func(f data.DayFigures) []string {
		return []string{loc.Amount(f.Collected.Principal), loc.Amount(f.Collected.Interest), loc.Amount(f.Collected.Penalty),
			loc.Amount(f.Deposits), loc.Amount(f.Withdrawals), loc.Amount(f.Disbursed)}
	}
	amountCols := []printColumn{
		{Header: loc.T("report.day.col.principal"), Width: 18, Align: Right, MaxLines: 2},
		{Header: loc.T("report.day.col.interest"), Width: 17, Align: Right, MaxLines: 2},
		{Header: loc.T("report.day.col.penalty"), Width: 14, Align: Right, MaxLines: 2},
		{Header: loc.T("report.day.col.deposits"), Width: 16, Align: Right, MaxLines: 2},
		{Header: loc.T("report.day.col.withdrawals"), Width: 16, Align: Right, MaxLines: 2},
		{Header: loc.T("report.day.col.disbursed"), Width: 18, Align: Right, MaxLines: 2},
	}

	d.Paragraph(loc.T("report.day.by_group"))
	t := printTable{Zebra: true, Columns: append([]printColumn{
		{Header: loc.T("report.collection.col.group"), Width: 14, Align: Left},
		{Header: loc.T("report.collection.col.group_name"), Width: 34, Align: Left, MaxLines: 2},
	}, append(append([]printColumn(nil), amountCols...),
		printColumn{Header: loc.T("report.day.col.cash_expected"), Width: 18, Align: Right, MaxLines: 2},
		printColumn{Header: loc.T("report.day.col.cash_counted"), Width: 18, Align: Right, MaxLines: 2},
		printColumn{Header: loc.T("report.day.col.difference"), Width: 15, Align: Right, MaxLines: 2},
	)...)}
	var counted data.Dong
	for _, g := range r.Groups {
		count, diff := "—", "—"
		if g.HasCount {
			count, diff = loc.Amount(g.Counted), loc.Amount(g.Difference())
			counted += g.Counted
		}
		row := append([]string{g.Code, g.Name}, figures(g.Figures)...)
		t.Rows = append(t.Rows, append(row, loc.Amount(g.Figures.CollectionCash()), count, diff))
	}
	total := append([]string{"", loc.T("report.day.total")}, figures(r.Totals)...)
	t.Total = append(total, loc.Amount(r.Totals.CollectionCash()), loc.Amount(counted), loc.Amount(counted-countedExpected(r)))
	d.table(t)

	d.Space(2)
	d.Paragraph(loc.T("report.day.by_program"))
	pt := printTable{Zebra: true, Columns: append([]printColumn{
		{Header: loc.T("report.collection.col.program"), Width: 48, Align: Left, MaxLines: 2},
	}, amountCols...)}
	for _, p := range r.Programs {
		name := p.Code
		if n := s.ProgramNames[p.Code]; n != "" {
			name += " – " + n
		}
		pt.Rows = append(pt.Rows, append([]string{name}, figures(p.Figures)...))
	}
	pt.Total = append([]string{loc.T("report.day.total")}, figures(r.Totals)...)
	d.table(pt)

	s.payouts(d, loc)

	d.Space(2)
	in, out := r.Totals.CollectionCash(), r.Totals.Disbursed
	if len(r.Payouts) == 0 {
		d.Paragraph(loc.T("report.day.cash", "In", loc.Money(in), "Out", loc.Money(out), "Net", loc.Money(in-out)))
	} else {
		d.Paragraph(loc.T("settlereports.day.cash", "In", loc.Money(in), "Out", loc.Money(out), "Payouts", loc.Money(r.PayoutTotal()),
			"Net", loc.Money(in-out-r.PayoutTotal())))
	}
	d.Note("", loc.T("report.day.note"))
	d.Signatures(s.Office.Province, Signatories{})
	return d.Write(w)
}

// payouts lists the commissions and fees paid at the point that day: who, the receipt's
// reference, who took the money, how much. They are cash out of the day's till.
func (s DayReport) payouts(d *Document, loc *translations.Localizer) {
	r := s.Report
	if len(r.Payouts) == 0 {
		return
	}
	d.Space(2)
	d.Paragraph(loc.T("settlereports.day.payouts"))
	t := printTable{Zebra: true, Columns: []printColumn{
		{Header: loc.T("settlereports.day.col.payee"), Width: 70, Align: Left, MaxLines: 2},
		{Header: loc.T("settlereports.day.col.kind"), Width: 34, Align: Left, MaxLines: 2},
		{Header: loc.T("settlereports.day.col.ref"), Width: 30, Align: Left},
		{Header: loc.T("settlereports.day.col.received_by"), Width: 40, Align: Left, MaxLines: 2},
		{Header: loc.T("settlereports.day.col.amount"), Width: 22, Align: Right},
	}}
	for _, p := range r.Payouts {
		t.Rows = append(t.Rows, []string{payeeLabel(loc, p), payeeKind(loc, p.Kind), p.Ref, p.ReceivedBy, loc.Amount(p.Amount)})
	}
	t.Total = []string{loc.T("report.day.total"), "", "", "", loc.Amount(r.PayoutTotal())}
	d.table(t)
}

// payeeLabel names who a payment went to: the group by its code and name, the association by
// name.
func payeeLabel(loc *translations.Localizer, p data.SettlementPayment) string {
	if p.Kind == data.PayeeAssociation {
		return associationName(loc, p.Association)
	}
	return p.GroupCode + " – " + p.GroupName
}

func payeeKind(loc *translations.Localizer, k data.PayeeKind) string {
	if k == data.PayeeAssociation {
		return loc.T("settlereports.day.kind.fee")
	}
	return loc.T("settlereports.day.kind.commission")
}

// countedExpected is the expected cash of the groups that have a count, so that the totals
// row's difference compares like with like.
func countedExpected(r data.DayReport) data.Dong {
	var sum data.Dong
	for _, g := range r.Groups {
		if g.HasCount {
			sum += g.Figures.CollectionCash()
		}
	}
	return sum
}

// payoutJSON is a commission or fee paid at the point: group is the group's code when the
// day lists the group, association the association's code.
type payoutJSON struct {
	Kind        string    `json:"kind"`
	Group       string    `json:"group,omitempty"`
	Association string    `json:"association,omitempty"`
	Ref         string    `json:"ref"`
	ReceivedBy  string    `json:"received_by"`
	Amount      data.Dong `json:"amount"`
}

type dayFiguresJSON struct {
	Principal   int64 `json:"principal"`
	Interest    int64 `json:"interest"`
	Penalty     int64 `json:"penalty"`
	Deposits    int64 `json:"deposits"`
	Withdrawals int64 `json:"withdrawals"`
	Disbursed   int64 `json:"disbursed"`
}

func figuresJSON(f data.DayFigures) dayFiguresJSON {
	return dayFiguresJSON{int64(f.Collected.Principal), int64(f.Collected.Interest), int64(f.Collected.Penalty),
		int64(f.Deposits), int64(f.Withdrawals), int64(f.Disbursed)}
}

// WriteJSON writes the day report; a group's "counted" is null when no batch counted its cash.
func (s DayReport) WriteJSON(w io.Writer, _ *translations.Localizer) error {
	r := s.Report
	type groupJSON struct {
		Code string `json:"code"`
		Name string `json:"name"`
		dayFiguresJSON
		Counted *int64 `json:"counted"`
	}
	type programJSON struct {
		Code string `json:"code"`
		dayFiguresJSON
	}
	out := struct {
		Report   string         `json:"report"`
		Point    codeNameJSON   `json:"point"`
		Date     data.Date      `json:"date"`
		Batches  []string       `json:"batches"`
		Groups   []groupJSON    `json:"groups"`
		Programs []programJSON  `json:"programs"`
		Totals   dayFiguresJSON `json:"totals"`
		Payouts  []payoutJSON   `json:"payouts"`
		// PayoutTotal is the cash the payouts took out of the till.
		PayoutTotal data.Dong `json:"payout_total"`
	}{Report: "transaction_day", Point: codeNameJSON{r.PointCode, r.PointName}, Date: r.Date,
		Batches: append([]string{}, r.Batches...), Groups: []groupJSON{}, Programs: []programJSON{}, Totals: figuresJSON(r.Totals),
		Payouts: []payoutJSON{}, PayoutTotal: r.PayoutTotal()}
	for _, g := range r.Groups {
		gj := groupJSON{Code: g.Code, Name: g.Name, dayFiguresJSON: figuresJSON(g.Figures)}
		if g.HasCount {
			c := int64(g.Counted)
			gj.Counted = &c
		}
		out.Groups = append(out.Groups, gj)
	}
	for _, p := range r.Programs {
		out.Programs = append(out.Programs, programJSON{p.Code, figuresJSON(p.Figures)})
	}
	for _, p := range r.Payouts {
		pj := payoutJSON{Kind: string(p.Kind), Association: p.Association, Group: p.GroupCode, Ref: p.Ref,
			ReceivedBy: p.ReceivedBy, Amount: p.Amount}
		out.Payouts = append(out.Payouts, pj)
	}
	return writeJSON(w, out)
}

// Table is one row per group, plain whole đồng; an uncounted group's count is empty.
func (s DayReport) Table(loc *translations.Localizer) Table {
	money := func(id string) Column { return Column{Title: loc.T(id), Kind: KindMoney} }
	sh := Table{Name: loc.T("report.sheet.day"), Columns: []Column{
		{Title: loc.T("report.collection.col.group")},
		{Title: loc.T("report.collection.col.group_name")},
		money("report.day.col.principal"),
		money("report.day.col.interest"),
		money("report.day.col.penalty"),
		money("report.day.col.deposits"),
		money("report.day.col.withdrawals"),
		money("report.day.col.disbursed"),
		money("report.day.col.cash_expected"),
		money("report.day.col.cash_counted"),
	}}
	for _, g := range s.Report.Groups {
		f := g.Figures
		var count Cell
		if g.HasCount {
			count = Money(g.Counted)
		}
		sh.Rows = append(sh.Rows, []Cell{Text(g.Code), Text(g.Name), Money(f.Collected.Principal), Money(f.Collected.Interest),
			Money(f.Collected.Penalty), Money(f.Deposits), Money(f.Withdrawals), Money(f.Disbursed), Money(f.CollectionCash()), count})
	}
	return sh
}
