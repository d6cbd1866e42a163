package reports

import (
	"io"
	"strconv"
	"time"

	"policycredit/data"
	"policycredit/translations"
)

// OverdueSheet is the overdue list of a commune or of the whole office.
type OverdueSheet struct {
	Office data.Office
	List   data.OverdueList
	Unit   Unit
}

func (o OverdueSheet) subtitle(loc *translations.Localizer) string {
	l := o.List
	if l.CommuneCode == "" {
		return loc.T("summary.overdue.subtitle_office", "Office", o.Office.Name, "Date", l.Date)
	}
	return loc.T("summary.commune.subtitle", "Name", l.CommuneName, "Code", l.CommuneCode, "Date", l.Date)
}

// WritePDF prints one row per loan on landscape A4, with a wide cause column: the latest note
// of the loan's ledger, or room for the officer to write the cause by hand.
func (o OverdueSheet) WritePDF(w io.Writer, loc *translations.Localizer, created time.Time) error {
	l, u := o.List, o.Unit
	if u == 0 {
		u = UnitDong
	}
	title := loc.T("summary.overdue.title")
	d := NewDocument(loc, Meta{Office: o.Office, Title: title, Date: l.Date, Orientation: Landscape, Created: created})
	summaryHeading(d, loc, title, o.subtitle(loc), u)
	if len(l.Loans) == 0 {
		d.Paragraph(loc.T("summary.overdue.none"))
	} else {
		cols := []Column{
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
			cols = append(cols[:4], append([]Column{{Header: loc.T("summary.col.commune_code"), Width: 10, Align: Left, MaxLines: 2}}, cols[4:]...)...)
		}
		t := Table{Zebra: true, Columns: cols}
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
		d.Table(t)
	}
	d.Note("(1)", loc.T("summary.overdue.note"))
	d.Note("(2)", u.roundingNote(loc))
	d.Signatures(o.Office.Province, Signatories{})
	return d.Write(w)
}

// WriteJSON writes the list: amounts in đồng, "commune" null for the whole office.
func (o OverdueSheet) WriteJSON(w io.Writer) error {
	l := o.List
	type loanJSON struct {
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
	type totalsJSON struct {
		Loans       int   `json:"loans"`
		Overdue     int64 `json:"overdue"`
		Outstanding int64 `json:"outstanding"`
	}
	out := struct {
		Commune *codeNameJSON `json:"commune"`
		Date    data.Date     `json:"date"`
		Loans   []loanJSON    `json:"loans"`
		Totals  totalsJSON    `json:"totals"`
	}{Date: l.Date, Loans: []loanJSON{}, Totals: totalsJSON{len(l.Loans), int64(l.Overdue), int64(l.Outstanding)}}
	if l.CommuneCode != "" {
		out.Commune = &codeNameJSON{l.CommuneCode, l.CommuneName}
	}
	for _, x := range l.Loans {
		out.Loans = append(out.Loans, loanJSON{x.Contract, x.Customer, x.Name, x.CommuneCode, x.GroupCode, x.ProgramCode,
			x.DaysOverdue, int64(x.Overdue), int64(x.Outstanding), x.Note})
	}
	return writeIndentedJSON(w, out)
}

// WriteCSV writes one row per loan in exact đồng.
func (o OverdueSheet) WriteCSV(w io.Writer, loc *translations.Localizer) error {
	cw := newCSV(w, loc)
	cw.Write([]string{loc.T("summary.col.contract"), loc.T("summary.col.customer"), loc.T("summary.col.name"),
		loc.T("summary.col.commune_code"), loc.T("summary.col.group"), loc.T("summary.col.program_code"), loc.T("summary.col.days"),
		loc.T("summary.col.overdue"), loc.T("summary.col.outstanding"), loc.T("summary.col.cause")})
	for _, x := range o.List.Loans {
		cw.Write([]string{x.Contract, x.Customer, x.Name, x.CommuneCode, x.GroupCode, x.ProgramCode, strconv.Itoa(x.DaysOverdue),
			dong(x.Overdue), dong(x.Outstanding), x.Note})
	}
	return cw.Close()
}

// DisclosureSheet is a transaction point's public disclosure list: names, programs and
// amounts, never ID numbers or phones.
type DisclosureSheet struct {
	Office       data.Office
	List         data.DisclosureList
	ProgramNames map[string]string
	Unit         Unit
}

// WritePDF prints the list on landscape A4 (program names are long), by savings-and-loan
// group as it hangs on the notice board.
func (s DisclosureSheet) WritePDF(w io.Writer, loc *translations.Localizer, created time.Time) error {
	l, u := s.List, s.Unit
	if u == 0 {
		u = UnitDong
	}
	title := loc.T("summary.disclosure.title")
	d := NewDocument(loc, Meta{Office: s.Office, Title: title, Date: l.Date, Orientation: Landscape, Created: created})
	summaryHeading(d, loc, title, loc.T("summary.disclosure.subtitle", "Point", l.PointCode+" – "+l.PointName,
		"Commune", l.Commune, "Date", l.Date), u)
	if len(l.Loans) == 0 {
		d.Paragraph(loc.T("summary.disclosure.none"))
	} else {
		t := Table{Zebra: true, Columns: []Column{
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
		d.Table(t)
	}
	d.Note("(1)", loc.T("summary.disclosure.note"))
	d.Note("(2)", u.roundingNote(loc))
	d.Signatures(s.Office.Province, Signatories{})
	return d.Write(w)
}

// WriteJSON writes the list: amounts in đồng, "next_due" null when nothing more falls due.
func (s DisclosureSheet) WriteJSON(w io.Writer) error {
	l := s.List
	type loanJSON struct {
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
	type totalsJSON struct {
		Loans   int   `json:"loans"`
		Amount  int64 `json:"amount"`
		Balance int64 `json:"balance"`
	}
	out := struct {
		Point   codeNameJSON `json:"point"`
		Commune string       `json:"commune"`
		Date    data.Date    `json:"date"`
		Loans   []loanJSON   `json:"loans"`
		Totals  totalsJSON   `json:"totals"`
	}{Point: codeNameJSON{l.PointCode, l.PointName}, Commune: l.Commune, Date: l.Date, Loans: []loanJSON{},
		Totals: totalsJSON{len(l.Loans), int64(l.Amount), int64(l.Balance)}}
	for _, x := range l.Loans {
		j := loanJSON{x.Customer, x.Name, x.Village, x.GroupCode, x.ProgramCode, x.Contract, int64(x.Amount), int64(x.Balance), nil}
		if !x.NextDue.IsZero() {
			d := x.NextDue.String()
			j.NextDue = &d
		}
		out.Loans = append(out.Loans, j)
	}
	return writeIndentedJSON(w, out)
}

// WriteCSV writes one row per loan in exact đồng, dates as YYYY-MM-DD.
func (s DisclosureSheet) WriteCSV(w io.Writer, loc *translations.Localizer) error {
	cw := newCSV(w, loc)
	cw.Write([]string{loc.T("summary.col.name"), loc.T("summary.col.village"), loc.T("summary.col.group"),
		loc.T("summary.col.program_code"), loc.T("summary.col.amount"), loc.T("summary.col.balance"), loc.T("summary.col.next_due")})
	for _, x := range s.List.Loans {
		next := ""
		if !x.NextDue.IsZero() {
			next = x.NextDue.String()
		}
		cw.Write([]string{x.Name, x.Village, x.GroupCode, x.ProgramCode, dong(x.Amount), dong(x.Balance), next})
	}
	return cw.Close()
}
