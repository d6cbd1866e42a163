package reports

import (
	"context"
	"io"
	"strconv"
	"time"

	"policycredit/data"
	"policycredit/translations"
)

// OverdueReport is the overdue list of a commune or of the whole office.
type OverdueReport struct {
	Office data.Office
	List   data.OverdueList
	Unit   Unit
	// Anchor is the ledger's anchor (the first digits of its chain's head) printed at the
	// foot of every page, so that a paper copy proves what the ledger held; "" prints none.
	Anchor string
}

// buildOverdue lists a commune's overdue loans, or the whole office's.
func buildOverdue(ctx context.Context, src Source, r Request) (Tabled, error) {
	var communeID int64
	if r.Scope == ScopeCommune {
		communeID = r.ID
	}
	list, err := src.OverdueList(ctx, communeID, r.On)
	return OverdueReport{Office: r.Office, List: list, Unit: r.Unit, Anchor: r.Anchor}, err
}

func (o OverdueReport) subtitle(loc *translations.Localizer) string {
	l := o.List
	if l.CommuneCode == "" {
		return loc.T("summary.overdue.subtitle_office", "Office", o.Office.Name, "Date", l.Date)
	}
	return loc.T("summary.commune.subtitle", "Name", l.CommuneName, "Code", l.CommuneCode, "Date", l.Date)
}

// WritePDF prints one row per loan on landscape A4, with a wide cause column: the latest note
// of the loan's ledger, or room for the officer to write the cause by hand.
func (o OverdueReport) WritePDF(w io.Writer, loc *translations.Localizer, created time.Time) error {
	l, u := o.List, o.Unit.orDong()
	d := summaryDocument(loc, o.Office, "summary.overdue.title", o.subtitle(loc), l.Date, u, created, o.Anchor)
	if len(l.Loans) == 0 {
		d.Paragraph(loc.T("summary.overdue.none"))
	} else {
		cols := []printColumn{
			{Header: loc.T("summary.col.no"), Width: 6, Align: Right},
			{Header: loc.T("summary.col.contract"), Width: 25, Align: Left},
			{Header: loc.T("summary.col.customer"), Width: 19, Align: Left},
			{Header: loc.T("summary.col.name"), Width: 30, Align: Left, MaxLines: 2},
			{Header: loc.T("summary.col.group"), Width: 17, Align: Left},
			{Header: loc.T("summary.col.program_code"), Width: 10, Align: Center, MaxLines: 2},
			{Header: loc.T("summary.col.days"), Width: 11, Align: Right, MaxLines: 2},
			{Header: loc.T("summary.col.overdue"), Width: 16, Align: Right, MaxLines: 2},
			{Header: loc.T("summary.col.outstanding"), Width: 16, Align: Right, MaxLines: 2},
			{Header: loc.T("summary.col.cause"), Width: 38, Align: Left, MaxLines: 3},
		}
		if l.CommuneCode == "" { // the whole office: say which commune
			cols = append(cols[:4], append([]printColumn{{Header: loc.T("summary.col.commune_code"), Width: 10, Align: Left, MaxLines: 2}}, cols[4:]...)...)
		}
		t := printTable{Zebra: true, Columns: cols}
		for i, x := range l.Loans {
			row := []string{strconv.Itoa(i + 1), x.Contract, x.Customer, x.Name}
			if l.CommuneCode == "" {
				row = append(row, x.CommuneCode)
			}
			group := x.GroupCode
			if group == "" {
				group = "—"
			}
			t.Rows = append(t.Rows, append(row, group, x.ProgramCode, loc.Number(int64(x.DaysOverdue)),
				u.amount(loc, x.Overdue), u.amount(loc, x.Outstanding), x.Note))
		}
		total := []string{"", loc.N("summary.loans_total", len(l.Loans)), "", ""}
		if l.CommuneCode == "" {
			total = append(total, "")
		}
		t.Total = append(total, "", "", "", u.amount(loc, l.Overdue), u.amount(loc, l.Outstanding), noSpan)
		d.table(t)
	}
	return summaryEnd(w, d, loc, u, loc.T("summary.overdue.note"), o.Office)
}

// WriteJSON writes the list: amounts in đồng, "commune" null for the whole office.
func (o OverdueReport) WriteJSON(w io.Writer, _ *translations.Localizer) error {
	l := o.List
	type totalsJSON struct {
		Loans       int   `json:"loans"`
		Overdue     int64 `json:"overdue"`
		Outstanding int64 `json:"outstanding"`
	}
	out := struct {
		Commune *codeNameJSON     `json:"commune"`
		Date    data.Date         `json:"date"`
		Loans   []overdueLoanJSON `json:"loans"`
		Totals  totalsJSON        `json:"totals"`
	}{Date: l.Date, Loans: []overdueLoanJSON{}, Totals: totalsJSON{len(l.Loans), int64(l.Overdue), int64(l.Outstanding)}}
	if l.CommuneCode != "" {
		out.Commune = &codeNameJSON{l.CommuneCode, l.CommuneName}
	}
	for _, x := range l.Loans {
		out.Loans = append(out.Loans, overdueLoanJSON{x.Contract, x.Customer, x.Name, x.CommuneCode, x.GroupCode, x.ProgramCode,
			x.DaysOverdue, int64(x.Overdue), int64(x.Outstanding), x.Note})
	}
	return writeJSON(w, out)
}

// overdueLoanJSON is one loan of the overdue list's JSON.
type overdueLoanJSON struct {
	Contract    string `json:"contract"`
	Customer    string `json:"customer"`
	Name        string `json:"name"`
	Commune     string `json:"commune"`
	Group       string `json:"group"`
	Program     string `json:"program"`
	DaysOverdue int    `json:"days_overdue"`
	Overdue     int64  `json:"overdue"`
	Outstanding int64  `json:"outstanding"`
	Cause       string `json:"cause"`
}

// Table is one row per overdue loan, in exact đồng.
func (o OverdueReport) Table(loc *translations.Localizer) Table {
	sh := Table{Name: loc.T("report.sheet.overdue"), Columns: []Column{
		{Title: loc.T("summary.col.contract")},
		{Title: loc.T("summary.col.customer")},
		{Title: loc.T("summary.col.name")},
		{Title: loc.T("summary.col.commune_code")},
		{Title: loc.T("summary.col.group")},
		{Title: loc.T("summary.col.program_code")},
		{Title: loc.T("summary.col.days"), Kind: KindInteger},
		{Title: loc.T("summary.col.overdue"), Kind: KindMoney},
		{Title: loc.T("summary.col.outstanding"), Kind: KindMoney},
		{Title: loc.T("summary.col.cause")},
	}}
	for _, x := range o.List.Loans {
		sh.Rows = append(sh.Rows, []Cell{Text(x.Contract), Text(x.Customer), Text(x.Name), Text(x.CommuneCode), Text(x.GroupCode),
			Text(x.ProgramCode), Int(int64(x.DaysOverdue)), Money(x.Overdue), Money(x.Outstanding), Text(x.Note)})
	}
	return sh
}

// DisclosureReport is a transaction point's public disclosure list: names, programs and
// amounts, never ID numbers or phones.
type DisclosureReport struct {
	Office       data.Office
	List         data.DisclosureList
	ProgramNames map[string]string
	Unit         Unit
	// Anchor is the ledger's anchor (the first digits of its chain's head) printed at the
	// foot of every page, so that a paper copy proves what the ledger held; "" prints none.
	Anchor string
}

func buildDisclosure(ctx context.Context, src Source, r Request) (Tabled, error) {
	list, err := src.DisclosureList(ctx, r.ID, r.On)
	if err != nil {
		return nil, err
	}
	names, err := programNamesIn(ctx, src, r)
	return DisclosureReport{Office: r.Office, List: list, ProgramNames: names, Unit: r.Unit, Anchor: r.Anchor}, err
}

// WritePDF prints the list on landscape A4 (program names are long), by savings-and-loan
// group as it hangs on the notice board.
func (s DisclosureReport) WritePDF(w io.Writer, loc *translations.Localizer, created time.Time) error {
	l, u := s.List, s.Unit.orDong()
	d := summaryDocument(loc, s.Office, "summary.disclosure.title", loc.T("summary.disclosure.subtitle", "Point", l.PointCode+" – "+l.PointName,
		"Commune", l.Commune, "Date", l.Date), l.Date, u, created, s.Anchor)
	if len(l.Loans) == 0 {
		d.Paragraph(loc.T("summary.disclosure.none"))
	} else {
		t := printTable{Zebra: true, Columns: []printColumn{
			{Header: loc.T("summary.col.no"), Width: 6, Align: Right},
			{Header: loc.T("summary.col.name"), Width: 34, Align: Left, MaxLines: 2},
			{Header: loc.T("summary.col.village"), Width: 26, Align: Left, MaxLines: 2},
			{Header: loc.T("summary.col.group"), Width: 13, Align: Left},
			{Header: loc.T("summary.col.program"), Width: 46, Align: Left, MaxLines: 2},
			{Header: loc.T("summary.col.amount"), Width: 18, Align: Right, MaxLines: 2},
			{Header: loc.T("summary.col.balance"), Width: 18, Align: Right, MaxLines: 2},
			{Header: loc.T("summary.col.next_due"), Width: 17, Align: Right, MaxLines: 2},
		}}
		for i, x := range l.Loans {
			next := "—"
			if !x.NextDue.IsZero() {
				next = loc.Date(x.NextDue)
			}
			t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), x.Name, x.Village, x.GroupCode,
				programLabel(s.ProgramNames, x.ProgramCode), u.amount(loc, x.Amount), u.amount(loc, x.Balance), next})
		}
		t.Total = []string{"", loc.N("summary.loans_total", len(l.Loans)), "", "", "", u.amount(loc, l.Amount), u.amount(loc, l.Balance), noSpan}
		d.table(t)
	}
	return summaryEnd(w, d, loc, u, loc.T("summary.disclosure.note"), s.Office)
}

// WriteJSON writes the list: amounts in đồng, "next_due" null when nothing more falls due.
func (s DisclosureReport) WriteJSON(w io.Writer, _ *translations.Localizer) error {
	l := s.List
	type totalsJSON struct {
		Loans   int   `json:"loans"`
		Amount  int64 `json:"amount"`
		Balance int64 `json:"balance"`
	}
	out := struct {
		Point   codeNameJSON         `json:"point"`
		Commune string               `json:"commune"`
		Date    data.Date            `json:"date"`
		Loans   []disclosureLoanJSON `json:"loans"`
		Totals  totalsJSON           `json:"totals"`
	}{Point: codeNameJSON{l.PointCode, l.PointName}, Commune: l.Commune, Date: l.Date, Loans: []disclosureLoanJSON{},
		Totals: totalsJSON{len(l.Loans), int64(l.Amount), int64(l.Balance)}}
	for _, x := range l.Loans {
		j := disclosureLoanJSON{x.Customer, x.Name, x.Village, x.GroupCode, x.ProgramCode, x.Contract, int64(x.Amount), int64(x.Balance), nil}
		if !x.NextDue.IsZero() {
			d := x.NextDue.String()
			j.NextDue = &d
		}
		out.Loans = append(out.Loans, j)
	}
	return writeJSON(w, out)
}

// disclosureLoanJSON is one loan of the disclosure list's JSON: its next due date is null
// when nothing more falls due.
type disclosureLoanJSON struct {
	Customer string  `json:"customer"`
	Name     string  `json:"name"`
	Village  string  `json:"village"`
	Group    string  `json:"group"`
	Program  string  `json:"program"`
	Contract string  `json:"contract"`
	Amount   int64   `json:"amount"`
	Balance  int64   `json:"balance"`
	NextDue  *string `json:"next_due"`
}

// Table is one row per loan, in exact đồng: no ID numbers or phones, as on the notice board.
func (s DisclosureReport) Table(loc *translations.Localizer) Table {
	sh := Table{Name: loc.T("report.sheet.disclosure"), Columns: []Column{
		{Title: loc.T("summary.col.name")},
		{Title: loc.T("summary.col.village")},
		{Title: loc.T("summary.col.group")},
		{Title: loc.T("summary.col.program_code")},
		{Title: loc.T("summary.col.amount"), Kind: KindMoney},
		{Title: loc.T("summary.col.balance"), Kind: KindMoney},
		{Title: loc.T("summary.col.next_due"), Kind: KindDate},
	}}
	for _, x := range s.List.Loans {
		sh.Rows = append(sh.Rows, []Cell{Text(x.Name), Text(x.Village), Text(x.GroupCode), Text(x.ProgramCode),
			Money(x.Amount), Money(x.Balance), Day(x.NextDue)})
	}
	return sh
}
