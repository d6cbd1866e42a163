package reports

import (
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"policycredit/data"
	"policycredit/translations"
)

// CollectionReport is a transaction point's collection list as it is printed, exported and
// filled in: the list and the office it belongs to.
type CollectionReport struct {
	Office data.Office
	List   data.CollectionList
	// Anchor is the ledger's anchor (the first digits of its chain's head) printed at the
	// foot of every page, so that a paper copy proves what the ledger held; "" prints none.
	Anchor string
}

func (c CollectionReport) title(loc *translations.Localizer) string {
	return loc.T("report.collection.title")
}

// WritePDF prints the list on landscape A4 for the day: each group on its own page (continued
// when long), one row per member with what is due and empty columns for what is collected,
// the group's totals and its leader's and officer's signatures; then the disbursements planned
// for the day, the point's totals and the office's signatures.
func (c CollectionReport) WritePDF(w io.Writer, loc *translations.Localizer, created time.Time) error {
	l := c.List
	title := c.title(loc)
	d := NewDocument(loc, Meta{Office: c.Office, Title: title, Date: l.Date, Orientation: Landscape, Created: created, Anchor: c.Anchor})
	subtitle := loc.T("report.collection.subtitle", "Point", l.PointCode+" – "+l.PointName, "Commune", l.Commune, "Date", l.Date)
	columns := []printColumn{
		{Header: loc.T("report.collection.col.no"), Width: 7, Align: Right},
		{Header: loc.T("report.collection.col.customer"), Width: 21, Align: Left},
		{Header: loc.T("report.collection.col.name"), Width: 36, Align: Left},
		{Header: loc.T("report.collection.col.principal_due"), Width: 20, Align: Right, MaxLines: 2},
		{Header: loc.T("report.collection.col.interest_due"), Width: 18, Align: Right, MaxLines: 2},
		{Header: loc.T("report.collection.col.penalty_due"), Width: 15, Align: Right, MaxLines: 2},
		{Header: loc.T("report.collection.col.total_due"), Width: 20, Align: Right, MaxLines: 2},
		{Header: loc.T("report.collection.col.savings"), Width: 19, Align: Right, MaxLines: 2},
		{Header: loc.T("report.collection.col.paid_principal"), Width: 19, Align: Right, MaxLines: 2},
		{Header: loc.T("report.collection.col.paid_interest"), Width: 17, Align: Right, MaxLines: 2},
		{Header: loc.T("report.collection.col.deposit"), Width: 17, Align: Right, MaxLines: 2},
		{Header: loc.T("report.collection.col.signature"), Width: 15, Align: Center, MaxLines: 2},
	}
	amounts := func(due data.Dues, savings data.Dong) []string {
		return []string{loc.Amount(due.Principal), loc.Amount(due.Interest), loc.Amount(due.Penalty),
			loc.Amount(due.Total()), loc.Amount(savings)}
	}
	if len(l.Groups) == 0 {
		d.Heading(strings.ToUpper(title), subtitle)
		d.Paragraph(loc.T("report.collection.empty"))
	}
	for gi, g := range l.Groups {
		if gi > 0 {
			d.NewPage()
		}
		d.Heading(strings.ToUpper(title), subtitle)
		leader := g.Leader
		if leader == "" {
			leader = "—"
		}
		d.Paragraph(loc.T("report.collection.group", "Code", g.Code, "Name", g.Name,
			"Association", loc.Association(g.Association), "Village", g.Village, "Leader", leader))
		d.Space(1)
		t := printTable{Columns: columns, Zebra: true}
		for i, m := range g.Members {
			row := []string{strconv.Itoa(i + 1), m.Customer, m.Name}
			row = append(row, amounts(m.Due, m.Savings)...)
			t.Rows = append(t.Rows, append(row, "", "", "", ""))
		}
		total := []string{"", "", loc.N("report.collection.group_total", g.Totals.Members)}
		t.Total = append(append(total, amounts(g.Totals.Due, g.Totals.Savings)...), "", "", "", "")
		d.table(t)
		d.SignatureRow(loc.T("report.collection.sign.leader"), loc.T("report.collection.sign.officer"))
	}

	if len(l.Disbursements) > 0 {
		d.NewPage()
		d.Heading(strings.ToUpper(loc.T("report.collection.disbursements")), subtitle)
		t := printTable{Zebra: true, Columns: []printColumn{
			{Header: loc.T("report.collection.col.no"), Width: 7, Align: Right},
			{Header: loc.T("report.collection.col.group"), Width: 18, Align: Left},
			{Header: loc.T("report.collection.col.customer"), Width: 18, Align: Left},
			{Header: loc.T("report.collection.col.name"), Width: 45, Align: Left},
			{Header: loc.T("report.collection.col.contract"), Width: 25, Align: Left},
			{Header: loc.T("report.collection.col.program"), Width: 15, Align: Center},
			{Header: loc.T("report.collection.col.to_disburse"), Width: 25, Align: Right, MaxLines: 2},
			{Header: loc.T("report.collection.col.signature"), Width: 25, Align: Center, MaxLines: 2},
		}}
		var sum data.Dong
		for i, p := range l.Disbursements {
			t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), p.GroupCode, p.Customer, p.Name, p.Contract,
				p.ProgramCode, loc.Amount(p.Amount), ""})
			sum += p.Amount
		}
		t.Total = []string{"", "", "", loc.N("report.collection.loans_total", len(l.Disbursements)), "", "", loc.Amount(sum), ""}
		d.table(t)
	}

	// The point's totals by group, then the office's signatures.
	d.NewPage()
	d.Heading(strings.ToUpper(loc.T("report.collection.point_totals")), subtitle)
	t := printTable{Zebra: true, Columns: []printColumn{
		{Header: loc.T("report.collection.col.group"), Width: 18, Align: Left},
		{Header: loc.T("report.collection.col.group_name"), Width: 45, Align: Left},
		{Header: loc.T("report.collection.col.members"), Width: 14, Align: Right, MaxLines: 2},
		{Header: loc.T("report.collection.col.principal_due"), Width: 22, Align: Right, MaxLines: 2},
		{Header: loc.T("report.collection.col.interest_due"), Width: 22, Align: Right, MaxLines: 2},
		{Header: loc.T("report.collection.col.penalty_due"), Width: 18, Align: Right, MaxLines: 2},
		{Header: loc.T("report.collection.col.total_due"), Width: 22, Align: Right, MaxLines: 2},
		{Header: loc.T("report.collection.col.savings"), Width: 22, Align: Right, MaxLines: 2},
	}}
	for _, g := range l.Groups {
		t.Rows = append(t.Rows, append([]string{g.Code, g.Name, loc.Number(int64(g.Totals.Members))},
			amounts(g.Totals.Due, g.Totals.Savings)...))
	}
	t.Total = append([]string{"", loc.T("report.collection.point_total"), loc.Number(int64(l.Totals.Members))},
		amounts(l.Totals.Due, l.Totals.Savings)...)
	d.table(t)
	d.Note("", loc.T("report.collection.note.due"))
	d.Signatures(c.Office.Province, Signatories{})
	return d.Write(w)
}

// The JSON form: amounts in whole đồng.
type collectionJSON struct {
	Report        string                `json:"report"`
	Point         codeNameJSON          `json:"point"`
	Commune       string                `json:"commune"`
	Date          data.Date             `json:"date"`
	Groups        []collectionGroupJSON `json:"groups"`
	Totals        collectionTotalsJSON  `json:"totals"`
	Disbursements []disbursementJSON    `json:"disbursements"`
}

type codeNameJSON struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

type collectionGroupJSON struct {
	Code        string                 `json:"code"`
	Name        string                 `json:"name"`
	Association string                 `json:"association"`
	Leader      string                 `json:"leader"`
	Members     []collectionMemberJSON `json:"members"`
	Totals      collectionTotalsJSON   `json:"totals"`
}

type collectionMemberJSON struct {
	Customer     string               `json:"customer"`
	Name         string               `json:"name"`
	PrincipalDue int64                `json:"principal_due"`
	InterestDue  int64                `json:"interest_due"`
	PenaltyDue   int64                `json:"penalty_due"`
	Savings      int64                `json:"savings"`
	Loans        []collectionLoanJSON `json:"loans"`
}

type collectionLoanJSON struct {
	Contract     string `json:"contract"`
	Program      string `json:"program"`
	PrincipalDue int64  `json:"principal_due"`
	InterestDue  int64  `json:"interest_due"`
	PenaltyDue   int64  `json:"penalty_due"`
}

type collectionTotalsJSON struct {
	Members      int   `json:"members"`
	PrincipalDue int64 `json:"principal_due"`
	InterestDue  int64 `json:"interest_due"`
	PenaltyDue   int64 `json:"penalty_due"`
	Savings      int64 `json:"savings"`
}

type disbursementJSON struct {
	Contract string `json:"contract"`
	Customer string `json:"customer"`
	Group    string `json:"group"`
	Program  string `json:"program"`
	Amount   int64  `json:"amount"`
}

func totalsJSON(t data.CollectionTotals) collectionTotalsJSON {
	return collectionTotalsJSON{t.Members, int64(t.Due.Principal), int64(t.Due.Interest), int64(t.Due.Penalty), int64(t.Savings)}
}

// WriteJSON writes the list as indented JSON.
func (c CollectionReport) WriteJSON(w io.Writer, _ *translations.Localizer) error {
	l := c.List
	out := collectionJSON{Report: "collection_list", Point: codeNameJSON{l.PointCode, l.PointName}, Commune: l.Commune,
		Date: l.Date, Groups: []collectionGroupJSON{}, Totals: totalsJSON(l.Totals), Disbursements: []disbursementJSON{}}
	for _, g := range l.Groups {
		gj := collectionGroupJSON{Code: g.Code, Name: g.Name, Association: g.Association, Leader: g.Leader,
			Members: []collectionMemberJSON{}, Totals: totalsJSON(g.Totals)}
		for _, m := range g.Members {
			mj := collectionMemberJSON{Customer: m.Customer, Name: m.Name, PrincipalDue: int64(m.Due.Principal),
				InterestDue: int64(m.Due.Interest), PenaltyDue: int64(m.Due.Penalty), Savings: int64(m.Savings),
				Loans: []collectionLoanJSON{}}
			for _, ln := range m.Loans {
				mj.Loans = append(mj.Loans, collectionLoanJSON{ln.Contract, ln.ProgramCode, int64(ln.Due.Principal),
					int64(ln.Due.Interest), int64(ln.Due.Penalty)})
			}
			gj.Members = append(gj.Members, mj)
		}
		out.Groups = append(out.Groups, gj)
	}
	for _, p := range l.Disbursements {
		out.Disbursements = append(out.Disbursements, disbursementJSON{p.Contract, p.Customer, p.GroupCode, p.ProgramCode, int64(p.Amount)})
	}
	return writeJSON(w, out)
}

// The CSV columns, in order. The file is filled in and read back by position, so the header
// may be in any language; the first five "paid" columns start empty.
const (
	csvPoint = iota
	csvDate
	csvGroup
	csvCustomer
	csvName
	csvPrincipalDue
	csvInterestDue
	csvPenaltyDue
	csvSavings
	csvPaidPrincipal
	csvPaidInterest
	csvPaidPenalty
	csvDeposit
	csvWithdrawal
	csvColumns
)

// Table is one row per member, with the point and date on every row so that a filled-in
// file says where it belongs, and empty columns for what is collected: the CSV is filled in
// and read back (ReadCollectionCSV). Amounts are plain whole đồng.
func (c CollectionReport) Table(loc *translations.Localizer) Table {
	money := func(id string) Column { return Column{Title: loc.T(id), Kind: KindMoney} }
	sh := Table{Name: loc.T("report.sheet.collection"), Columns: []Column{
		{Title: loc.T("report.collection.col.point")},
		{Title: loc.T("report.collection.col.date"), Kind: KindDate},
		{Title: loc.T("report.collection.col.group")},
		{Title: loc.T("report.collection.col.customer")},
		{Title: loc.T("report.collection.col.name")},
		money("report.collection.col.principal_due"),
		money("report.collection.col.interest_due"),
		money("report.collection.col.penalty_due"),
		money("report.collection.col.savings"),
		money("report.collection.col.paid_principal"),
		money("report.collection.col.paid_interest"),
		money("report.collection.col.paid_penalty"),
		money("report.collection.col.deposit"),
		money("report.collection.col.withdrawal"),
	}}
	for _, g := range c.List.Groups {
		for _, m := range g.Members {
			row := make([]Cell, len(sh.Columns)) // the paid columns stay empty, to be filled in
			copy(row, []Cell{Text(c.List.PointCode), Day(c.List.Date), Text(g.Code), Text(m.Customer), Text(m.Name),
				Money(m.Due.Principal), Money(m.Due.Interest), Money(m.Due.Penalty), Money(m.Savings)})
			sh.Rows = append(sh.Rows, row)
		}
	}
	return sh
}

// FilledCollection is a filled-in collection CSV read back.
type FilledCollection struct {
	PointCode string
	Date      data.Date
	Entries   []data.CollectionEntry // one per row with something collected, Line = the file's line
}

// ReadCollectionCSV reads a collection list filled in by hand (the columns of WriteCSV, any
// header language, "," or ";" between fields). Paid amounts are whole đồng, written plainly
// or as the language writes them ("1.234.567"); an empty cell is 0; rows with nothing
// collected are skipped. Every row must name the same point and date. A bad file is a
// data.Errors naming each line and column.
func ReadCollectionCSV(r io.Reader, loc *translations.Localizer) (FilledCollection, error) {
	var out FilledCollection
	raw, err := io.ReadAll(r)
	if err != nil {
		return out, err
	}
	text := strings.TrimPrefix(string(raw), utf8BOM)
	first, _, _ := strings.Cut(text, "\n")
	cr := csv.NewReader(strings.NewReader(text))
	if strings.Count(first, ";") > strings.Count(first, ",") {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return out, data.Invalid("collection.file", "csv_syntax", "Line", pe.Line)
		}
		return out, err
	}
	var errs data.Errors
	fail := func(line int, e *data.Error) {
		c := *e
		c.Params = map[string]any{"Line": line}
		for k, v := range e.Params {
			c.Params[k] = v
		}
		errs = append(errs, &c)
	}
	for i, row := range rows {
		line := i + 1
		if i == 0 && (len(row) <= csvDate || !looksLikeDate(row[csvDate])) {
			continue // the header
		}
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue
		}
		if len(row) != csvColumns {
			fail(line, data.Invalid("collection.file", "collection_columns", "Want", csvColumns, "Got", len(row)))
			continue
		}
		point, dateText := strings.TrimSpace(row[csvPoint]), strings.TrimSpace(row[csvDate])
		on, err := data.ParseDate(dateText)
		if err != nil {
			fail(line, data.Invalid("collection.date", "date_iso"))
			continue
		}
		if out.PointCode == "" {
			out.PointCode, out.Date = point, on
		} else if !strings.EqualFold(point, out.PointCode) || on != out.Date {
			fail(line, data.Invalid("collection.file", "collection_other_day", "Point", out.PointCode, "Date", out.Date))
			continue
		}
		var e data.CollectionEntry
		e.Line, e.Customer = line, strings.TrimSpace(row[csvCustomer])
		for _, f := range []struct {
			col   int
			field string
			dst   *data.Dong
		}{
			{csvPaidPrincipal, "collection.principal", &e.Principal},
			{csvPaidInterest, "collection.interest", &e.Interest},
			{csvPaidPenalty, "collection.penalty", &e.Penalty},
			{csvDeposit, "collection.deposit", &e.Deposit},
			{csvWithdrawal, "collection.withdrawal", &e.Withdrawal},
		} {
			cell := strings.TrimSpace(row[f.col])
			if cell == "" {
				continue
			}
			v, err := parseCell(loc, cell)
			if err != nil {
				de := data.DomainErrors(err)
				if len(de) == 0 {
					de = []*data.Error{data.Invalid(f.field, "money_format")}
				}
				for _, x := range de {
					x.Field = f.field
					fail(line, x)
				}
				continue
			}
			*f.dst = v
		}
		if e.Net() != 0 || e.Withdrawal != 0 || e.Total() != 0 {
			out.Entries = append(out.Entries, e)
		}
	}
	if err := errs.Err(); err != nil {
		return out, err
	}
	if out.PointCode == "" {
		return out, data.Invalid("collection.entries", "required")
	}
	return out, nil
}

// parseCell reads a paid amount: plain digits first (what a spreadsheet saves), else the
// language's way of writing money.
func parseCell(loc *translations.Localizer, s string) (data.Dong, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return data.Dong(n), nil
	}
	return loc.ParseMoney(s)
}

func looksLikeDate(s string) bool {
	_, err := data.ParseDate(strings.TrimSpace(s))
	return err == nil
}
