package reports

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"policycredit/data"
	"policycredit/translations"
)

// StatementReport is a household's statement (sao kê) on a date, for the office to sign and
// hand over.
type StatementReport struct {
	Office    data.Office
	Statement data.Statement
	// Anchor is the ledger's anchor (the first digits of its chain's head) printed at the
	// foot of every page, so that a paper copy proves what the ledger held; "" prints none.
	Anchor string
}

// WritePDF prints the statement on portrait A4: the five columns of the ledger fit.
func (s StatementReport) WritePDF(w io.Writer, loc *translations.Localizer, created time.Time) error {
	d := NewDocument(loc, statementMeta(s.Office, s.Statement.On, loc, created, s.Anchor))
	s.draw(d, loc)
	return d.Write(w)
}

func statementMeta(office data.Office, on data.Date, loc *translations.Localizer, created time.Time, anchor string) Meta {
	return Meta{Office: office, Title: loc.T("report.statement.title"), Date: on, Orientation: Portrait, Created: created,
		Anchor: anchor}
}

// draw lays the statement out on d from where d stands.
func (s StatementReport) draw(d *Document, loc *translations.Localizer) {
	st := s.Statement
	h := st.Household
	d.Heading(strings.ToUpper(loc.T("report.statement.title")), loc.T("report.statement.subtitle", "Date", st.On))
	d.Paragraph(loc.T("report.statement.customer", "Code", h.Code, "Name", h.Name))
	id := h.IDNumber
	if id == "" {
		id = "-"
	}
	d.Paragraph(loc.T("report.statement.address", "ID", id, "Village", h.Village, "Commune", h.Commune))
	if h.GroupCode != "" {
		assoc := "-"
		if st.Association != "" {
			assoc = loc.Association(st.Association)
		}
		d.Paragraph(loc.T("report.statement.group", "Code", h.GroupCode, "Name", h.GroupName, "Association", assoc))
	}
	if len(st.Loans) == 0 {
		d.Space(2)
		d.Paragraph(loc.T("report.statement.no_loans"))
	}
	reversed := false
	for _, l := range st.Loans {
		reversed = s.drawLoan(d, loc, l) || reversed
	}
	if reversed {
		d.Note("*", loc.T("report.statement.reversed_note"))
	}

	d.section(loc.T("report.statement.savings", "Amount", st.Savings))
	if len(st.SavingsLog) > 0 {
		t := printTable{Zebra: true, Columns: []printColumn{
			{Header: loc.T("report.statement.col.date"), Width: 16, Align: Left, MaxLines: wholeCell},
			{Header: loc.T("report.statement.col.entry"), Width: 34, Align: Left, MaxLines: wholeCell},
			{Header: loc.T("report.statement.col.amount"), Width: 20, Align: Right, MaxLines: wholeCell},
			{Header: loc.T("report.statement.col.savings_balance"), Width: 20, Align: Right, MaxLines: wholeCell},
			{Header: loc.T("report.statement.col.ref"), Width: 38, Align: Left, MaxLines: wholeCell},
		}}
		for _, e := range st.SavingsLog {
			t.Rows = append(t.Rows, []string{loc.Date(e.ValueDate), entryLabel(loc, e), loc.Amount(e.Amount), loc.Amount(e.Balance), refNote(e)})
		}
		d.table(t)
	}

	interest, penalty := st.Due()
	d.section(loc.T("report.statement.total", "Amount", st.Outstanding()))
	d.setFont(italic, bodySize)
	d.lines(d.wrap(loc.T("report.statement.in_words", "Words", loc.AmountInWords(st.Outstanding())), d.Width(), 0), marginSide, d.Width(), Left)
	d.Paragraph(loc.T("report.statement.total_due", "Interest", interest, "Penalty", penalty))
	d.Signatures(s.Office.Province, Signatories{})
}

// wholeCell is the line limit of every cell of a statement: a signed statement cuts no text,
// so a long reference or note wraps onto as many lines as it needs.
const wholeCell = 1000

// drawLoan draws one loan and reports whether a line of its ledger was reversed.
func (s StatementReport) drawLoan(d *Document, loc *translations.Localizer, l data.StatementLoan) bool {
	p := l.Position
	d.section(loc.T("report.statement.loan", "Contract", l.Loan.Contract, "Program", l.Loan.ProgramCode+" – "+l.ProgramNameIn(loc.Lang())))
	group := l.GroupCode
	if group == "" {
		group = "-"
	}
	d.Paragraph(loc.T("report.statement.loan_terms", "Source", loc.T("source."+string(l.Loan.Source)), "Amount", l.Loan.Amount,
		"Signed", l.Loan.SignedOn, "Term", l.Loan.TermMonths, "Maturity", p.Maturity, "Group", group))
	var rates []string
	for _, r := range l.Rates {
		s := loc.T("report.statement.rate", "Rate", r.Rate, "From", r.Effective)
		if r.Decision != "" {
			s += " (" + r.Decision + ")"
		}
		rates = append(rates, s)
	}
	if len(rates) == 0 {
		rates = []string{"-"}
	}
	d.Paragraph(loc.T("report.statement.rates", "Rates", strings.Join(rates, "; ")))
	d.Space(1)

	d.table(printTable{Columns: []printColumn{
		{Header: loc.T("report.statement.col.current"), Width: 1, Align: Right, MaxLines: wholeCell},
		{Header: loc.T("report.statement.col.overdue"), Width: 1, Align: Right, MaxLines: wholeCell},
		{Header: loc.T("report.statement.col.frozen"), Width: 1, Align: Right, MaxLines: wholeCell},
		{Header: loc.T("report.statement.col.principal"), Width: 1, Align: Right, MaxLines: wholeCell},
		{Header: loc.T("report.statement.col.interest_paid"), Width: 1, Align: Right, MaxLines: wholeCell},
		{Header: loc.T("report.statement.col.penalty_paid"), Width: 1, Align: Right, MaxLines: wholeCell},
		{Header: loc.T("report.statement.col.interest_due"), Width: 1, Align: Right, MaxLines: wholeCell},
		{Header: loc.T("report.statement.col.penalty_due"), Width: 1, Align: Right, MaxLines: wholeCell},
	}, Rows: [][]string{{loc.Amount(p.Current), loc.Amount(p.Overdue), loc.Amount(p.Frozen), loc.Amount(p.Principal()),
		loc.Amount(p.InterestPaid), loc.Amount(p.PenaltyPaid), loc.Amount(p.InterestDue), loc.Amount(p.PenaltyDue)}}})
	if p.InterestCredit > 0 || p.PenaltyCredit > 0 {
		d.Paragraph(loc.T("report.statement.credit", "Interest", loc.Amount(p.InterestCredit), "Penalty", loc.Amount(p.PenaltyCredit)))
	}

	if len(p.Installments) > 0 {
		d.Space(1)
		d.Paragraph(loc.T("report.statement.schedule"))
		t := printTable{Zebra: true, Columns: []printColumn{
			{Header: loc.T("report.statement.col.no"), Width: 8, Align: Right, MaxLines: wholeCell},
			{Header: loc.T("report.statement.col.due"), Width: 26, Align: Left, MaxLines: wholeCell},
			{Header: loc.T("report.statement.col.amount"), Width: 20, Align: Right, MaxLines: wholeCell},
			{Header: loc.T("report.statement.col.repaid"), Width: 20, Align: Right, MaxLines: wholeCell},
			{Header: loc.T("report.statement.col.status"), Width: 20, Align: Left, MaxLines: wholeCell},
		}}
		var total, paid data.Dong
		for _, in := range p.Installments {
			due := loc.Date(in.Due)
			if in.Rescheduled {
				due = loc.T("report.statement.moved", "From", in.OriginalDue, "To", in.Due)
			}
			t.Rows = append(t.Rows, []string{strconv.Itoa(in.No), due, loc.Amount(in.Principal), loc.Amount(in.Paid),
				loc.T("installment." + string(in.Status))})
			total += in.Principal
			paid += in.Paid
		}
		// " " closes the row: an empty last cell would let the amount span it, left-aligned.
		t.Total = []string{"", loc.T("report.statement.sum"), loc.Amount(total), loc.Amount(paid), " "}
		d.table(t)
	}

	reversed := false
	if len(l.Entries) > 0 {
		d.Space(1)
		d.Paragraph(loc.T("report.statement.entries"))
		t := printTable{Zebra: true, Columns: []printColumn{
			{Header: loc.T("report.statement.col.date"), Width: 16, Align: Left, MaxLines: wholeCell},
			{Header: loc.T("report.statement.col.entry"), Width: 34, Align: Left, MaxLines: wholeCell},
			{Header: loc.T("report.statement.col.amount"), Width: 20, Align: Right, MaxLines: wholeCell},
			{Header: loc.T("report.statement.col.balance"), Width: 20, Align: Right, MaxLines: wholeCell},
			{Header: loc.T("report.statement.col.ref"), Width: 38, Align: Left, MaxLines: wholeCell},
		}}
		for _, e := range l.Entries {
			reversed = reversed || e.Reversed
			t.Rows = append(t.Rows, []string{loc.Date(e.ValueDate), entryLabel(loc, e), loc.Amount(e.Amount), loc.Amount(e.Balance), refNote(e)})
		}
		d.table(t)
	}
	return reversed
}

// entryLabel names an entry's kind; a reversed entry is starred and a reversal names the
// entry it cancels.
func entryLabel(loc *translations.Localizer, e data.StatementEntry) string {
	s := loc.T("entry." + string(e.Kind))
	switch {
	case e.Reversed:
		s += " *"
	case e.Kind == data.EntryReversal:
		s = loc.T("report.statement.reversal_of", "ID", strconv.FormatInt(e.Reverses, 10))
	}
	return s
}

func refNote(e data.StatementEntry) string {
	parts := []string{"#" + strconv.FormatInt(e.ID, 10)} // reversals name entries by number
	if e.Ref != "" {
		parts = append(parts, e.Ref)
	}
	if e.Note != "" {
		parts = append(parts, e.Note)
	}
	return strings.Join(parts, " · ")
}

// JSON: the shape the issue fixes, plus the household's other data beside it.
type statementJSON struct {
	Customer         codeNameJSON        `json:"customer"`
	Date             data.Date           `json:"date"`
	Loans            []statementLoanJSON `json:"loans"`
	Savings          int64               `json:"savings"`
	TotalOutstanding int64               `json:"total_outstanding"`
}

type statementLoanJSON struct {
	Contract  string `json:"contract"`
	Program   string `json:"program"`
	Principal struct {
		Current int64 `json:"current"`
		Overdue int64 `json:"overdue"`
		Frozen  int64 `json:"frozen"`
		Total   int64 `json:"total"`
	} `json:"principal"`
	InterestDue int64 `json:"interest_due"`
	PenaltyDue  int64 `json:"penalty_due"`
	// Credits appear only when a rate or rule dated in the past left one.
	InterestCredit int64                `json:"interest_credit,omitempty"`
	PenaltyCredit  int64                `json:"penalty_credit,omitempty"`
	Entries        []statementEntryJSON `json:"entries"`
}

type statementEntryJSON struct {
	ID       int64          `json:"id"`
	Date     data.Date      `json:"date"`
	Kind     data.EntryKind `json:"kind"`
	Amount   int64          `json:"amount"`
	Balance  int64          `json:"balance"`
	Reversed bool           `json:"reversed"`
	Reverses int64          `json:"reverses,omitempty"`
	Ref      string         `json:"ref,omitempty"`
}

// WriteJSON writes the statement: amounts in whole đồng, program by code.
func (s StatementReport) WriteJSON(w io.Writer, _ *translations.Localizer) error {
	return writeJSON(w, statementOf(s.Statement))
}

// WriteStatementsJSON writes the statements of several households as one array.
func WriteStatementsJSON(w io.Writer, sts []data.Statement) error {
	out := make([]statementJSON, 0, len(sts))
	for _, st := range sts {
		out = append(out, statementOf(st))
	}
	return writeJSON(w, out)
}

func statementOf(st data.Statement) statementJSON {
	out := statementJSON{Customer: codeNameJSON{st.Household.Code, st.Household.Name}, Date: st.On,
		Loans: []statementLoanJSON{}, Savings: int64(st.Savings), TotalOutstanding: int64(st.Outstanding())}
	for _, l := range st.Loans {
		p := l.Position
		lj := statementLoanJSON{Contract: l.Loan.Contract, Program: l.Loan.ProgramCode,
			InterestDue: int64(p.InterestDue), PenaltyDue: int64(p.PenaltyDue), Entries: []statementEntryJSON{},
			InterestCredit: int64(p.InterestCredit), PenaltyCredit: int64(p.PenaltyCredit)}
		lj.Principal.Current, lj.Principal.Overdue, lj.Principal.Frozen, lj.Principal.Total =
			int64(p.Current), int64(p.Overdue), int64(p.Frozen), int64(p.Principal())
		for _, e := range l.Entries {
			lj.Entries = append(lj.Entries, statementEntryJSON{e.ID, e.ValueDate, e.Kind, int64(e.Amount), int64(e.Balance),
				e.Reversed, e.Reverses, e.Ref})
		}
		out.Loans = append(out.Loans, lj)
	}
	return out
}

// Table is one row per ledger line of every loan of the household, with the loan and the
// running principal balance, plain whole đồng.
func (s StatementReport) Table(loc *translations.Localizer) Table {
	return StatementsTable([]data.Statement{s.Statement}, loc)
}

// StatementsTable is the ledger lines of several households under one header.
func StatementsTable(sts []data.Statement, loc *translations.Localizer) Table {
	sh := Table{Name: loc.T("report.sheet.statement"), Columns: []Column{
		{Title: loc.T("report.collection.col.customer")},
		{Title: loc.T("report.collection.col.name")},
		{Title: loc.T("report.statement.col.contract")},
		{Title: loc.T("report.collection.col.program")},
		{Title: loc.T("report.statement.col.id"), Kind: KindInteger},
		{Title: loc.T("report.statement.col.date"), Kind: KindDate},
		{Title: loc.T("report.statement.col.entry")},
		{Title: loc.T("report.statement.col.amount"), Kind: KindMoney},
		{Title: loc.T("report.statement.col.balance"), Kind: KindMoney},
		{Title: loc.T("report.statement.col.reversed")},
		{Title: loc.T("report.statement.col.ref")},
	}}
	for _, st := range sts {
		h := st.Household
		for _, l := range st.Loans {
			for _, e := range l.Entries {
				rev := ""
				if e.Reversed {
					rev = "*"
				}
				sh.Rows = append(sh.Rows, []Cell{Text(h.Code), Text(h.Name), Text(l.Loan.Contract), Text(l.Loan.ProgramCode),
					Int(e.ID), Day(e.ValueDate), Text(loc.T("entry." + string(e.Kind))), Money(e.Amount), Money(e.Balance),
					Text(rev), Text(e.Ref)})
			}
		}
	}
	return sh
}

// Progress is told how many of total documents are done.
type Progress func(done, total int)

// Statements are several households' statements printed together, with the ledger anchor
// their pages carry ("" for none, as StatementReport.Anchor).
type Statements struct {
	Office data.Office
	List   []data.Statement
	Anchor string
}

// WritePDF prints every statement into one PDF, each from a new page. It stops with ctx's
// error when ctx is cancelled.
func (ss Statements) WritePDF(ctx context.Context, w io.Writer, loc *translations.Localizer, created time.Time,
	progress Progress) error {
	if len(ss.List) == 0 {
		return data.Invalid("statement.scope", "required")
	}
	d := NewDocument(loc, statementMeta(ss.Office, ss.List[0].On, loc, created, ss.Anchor))
	for i, st := range ss.List {
		if err := ctx.Err(); err != nil {
			return err
		}
		if i > 0 {
			d.NewPage()
		}
		StatementReport{Office: ss.Office, Statement: st}.draw(d, loc)
		if progress != nil {
			progress(i+1, len(ss.List))
		}
	}
	return d.Write(w)
}

// WriteFiles writes one PDF per household into dir, named after its customer code, and
// returns the files written. A cancelled ctx stops it between files; the files already
// written stay.
func (ss Statements) WriteFiles(ctx context.Context, dir string, loc *translations.Localizer, created time.Time,
	progress Progress) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []string
	for i, st := range ss.List {
		if err := ctx.Err(); err != nil {
			return files, err
		}
		name := filepath.Join(dir, statementFileName(st))
		if err := writeAtomic(name, func(w io.Writer) error {
			return StatementReport{Office: ss.Office, Statement: st, Anchor: ss.Anchor}.WritePDF(w, loc, created)
		}); err != nil {
			return files, err
		}
		files = append(files, name)
		if progress != nil {
			progress(i+1, len(ss.List))
		}
	}
	return files, nil
}

// statementFileName is "<customer code>.pdf", with characters a file system may refuse
// replaced.
func statementFileName(st data.Statement) string {
	code := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '_'
		}
		return r
	}, st.Household.Code)
	return fmt.Sprintf("%s.pdf", code)
}

// writeAtomic writes a file through a temporary one beside it, so that a failure leaves no
// half-written PDF.
func writeAtomic(name string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".statement-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
