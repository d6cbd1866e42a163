package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"policycredit/data"
	"policycredit/translations"
)

// loanVerbs are what `loan` does: open a loan, post an entry on it, show its book, move a due
// date, reverse an entry.
var loanVerbs = map[string]command{"open": cmdLoanOpen, "post": cmdLoanPost, "show": cmdLoanShow,
	"reschedule": cmdLoanReschedule, "extend": cmdLoanExtend, "reverse": cmdLoanReverse}

// cmdLoan dispatches `loan open|post|show`.
func cmdLoan(g globals, args []string, out io.Writer) error {
	return dispatch(g, "loan", "cli.usage_loan", loanVerbs, args, out)
}

// flagDate reads a YYYY-MM-DD flag; required flags must be present.
type dateFlag struct {
	d   data.Date
	set bool
}

func (f *dateFlag) String() string { return f.d.String() }
func (f *dateFlag) Set(s string) error {
	d, err := data.ParseDate(s)
	if err != nil {
		return err
	}
	f.d, f.set = d, true
	return nil
}

// moneyFlag reads an amount in đồng, in any form the localizer accepts ("1.500.000", "1,5tr").
type moneyFlag struct {
	v   data.Dong
	set bool
}

func (f *moneyFlag) String() string { return strconv.FormatInt(int64(f.v), 10) }
func (f *moneyFlag) Set(s string) error {
	v, err := translations.New("vi").ParseMoney(s)
	if err != nil {
		if n, err2 := strconv.ParseInt(s, 10, 64); err2 == nil {
			v, err = data.Dong(n), nil
		}
	}
	if err != nil {
		return fmt.Errorf("%q is not an amount", s)
	}
	// Every amount a command posts moves money: 0 or less is a mistake, and so is more than
	// any office lends (the sums of such amounts must stay far from overflowing).
	if v <= 0 || v > maxAmount {
		return fmt.Errorf("%q is out of range", s)
	}
	f.v, f.set = v, true
	return nil
}

// maxAmount bounds an amount on the command line: 1,000 billion đồng, thousands of times
// the largest policy loan.
const maxAmount data.Dong = 1_000_000_000_000

// missing turns absent required flags into a usage error naming them.
func missing(g globals, usage string, required map[string]bool) error {
	var names []string
	for name, ok := range required {
		if !ok {
			names = append(names, "--"+name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	loc := translations.New(g.langOr("vi"))
	sort.Strings(names)
	return usageError{loc.T("cli.missing_flags", "Flags", strings.Join(names, ", ")) + "\n" + loc.T(usage)}
}

func cmdLoanOpen(g globals, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loan open", flag.ContinueOnError)
	contract := fs.String("contract", "", "contract number")
	customer := fs.String("customer", "", "customer code of the borrower")
	program := fs.String("program", "", "program code, e.g. 01")
	var amount moneyFlag
	fs.Var(&amount, "amount", "approved amount, disbursed in full on --date")
	var date dateFlag
	fs.Var(&date, "date", "contract and disbursement date YYYY-MM-DD")
	term := fs.Int("term", 0, "term in months")
	every := fs.Int("every", 12, "months between principal installments: 1, 3, 6 or 12")
	grace := fs.Int("grace", 0, "grace months before the first installment")
	units := fs.Int("units", 0, "units the program's limit counts: months of study (02), workers (03), facilities (06)")
	plan := fs.String("plan", string(data.PlanEqual), "repayment plan: equal, or student (program 02) with --course-end")
	var courseEnd dateFlag
	fs.Var(&courseEnd, "course-end", "student plan: the day the course ends YYYY-MM-DD")
	source := fs.String("source", string(data.SourceCentral), "funding source: central, province or local")
	rate := fs.String("rate", "", "the loan's own monthly rate in percent (e.g. 0.6), from --date")
	purpose := fs.String("purpose", "", "purpose of the loan")
	if _, err := parseCommand(g, "loan", fs, args, 0); err != nil {
		return err
	}
	// --term 0 is a term out of range, not a missing --term: whether it was given decides.
	if err := missing(g, "cli.usage_loan", map[string]bool{"contract": *contract != "", "customer": *customer != "",
		"program": *program != "", "amount": amount.set, "date": date.set, "term": given(fs, "term")}); err != nil {
		return err
	}
	if err := checkLoanOpen(g, *term, *every, *grace, *units, *source); err != nil {
		return err
	}
	loanPlan, err := openPlan(g, *plan, *every, *grace, courseEnd)
	if err != nil {
		return err
	}
	if *rate != "" { // read before the office is opened, so that a typing mistake is a usage error
		if r, err := translations.New(g.langOr("vi")).ParsePercent(*rate); err != nil || r <= 0 {
			loc := translations.New(g.langOr("vi"))
			return usageError{loc.T("cli.bad_value", "Flag", "--rate", "Value", *rate, "Expected", loc.T("cli.expects_rate")) +
				"\n" + loc.T("cli.usage_loan")}
		}
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		b, err := s.BorrowerByCode(ctx, *customer)
		if err != nil {
			return err
		}
		l := data.Loan{
			Contract: *contract, BorrowerID: b.ID, GroupID: b.GroupID, ProgramCode: *program,
			Source: data.FundingSource(*source), Purpose: *purpose, Amount: amount.v, SignedOn: date.d,
			TermMonths: *term, Plan: loanPlan, Units: *units,
		}
		if *rate != "" {
			r, err := loc.ParsePercent(*rate)
			if err != nil {
				return data.Invalid("loan.rate", "percent_format")
			}
			l.RateOverrides = []data.RatePeriod{{ProgramCode: *program, Effective: date.d, Rate: r}}
		}
		// A student loan is disbursed per term: its contract date pays the first term only.
		if err := s.OpenLoan(ctx, &l, data.FirstTermDisbursement(l)); err != nil {
			return err
		}
		fmt.Fprintln(out, loc.T("cli.loan_opened", "Contract", l.Contract, "Name", b.Name, "Amount", l.Amount))
		return nil
	})
}

// checkLoanOpen refuses the numbers of `loan open` that no loan can have, naming the option:
// the program's own limits (its longest term, its ceiling) are the store's rules.
func checkLoanOpen(g globals, term, every, grace, units int, source string) error {
	const usage = "cli.usage_loan"
	for _, c := range []struct {
		name     string
		v        int
		min, max int64
	}{{"term", term, 1, maxTermMonths}, {"grace", grace, 0, maxTermMonths - 1}, {"units", units, 0, 10_000}} {
		if err := inRange(g, usage, c.name, int64(c.v), c.min, c.max); err != nil {
			return err
		}
	}
	if err := oneOf(g, usage, "every", strconv.Itoa(every), "1", "3", "6", "12"); err != nil {
		return err
	}
	return oneOf(g, usage, "source", source, string(data.SourceCentral), string(data.SourceProvince), string(data.SourceLocal))
}

// maxTermMonths bounds --term: no program lends for more than 30 years.
const maxTermMonths = 360

// openPlan reads the plan flags of `loan open`: equal installments every --every months after
// --grace, or the student plan, which needs the day the course ends.
func openPlan(g globals, kind string, every, grace int, courseEnd dateFlag) (data.Plan, error) {
	switch data.PlanKind(kind) {
	case data.PlanEqual:
		return data.Plan{Kind: data.PlanEqual, EveryMonths: every, GraceMonths: grace}, nil
	case data.PlanStudent:
		if err := missing(g, "cli.usage_loan", map[string]bool{"course-end": courseEnd.set}); err != nil {
			return data.Plan{}, err
		}
		return data.Plan{Kind: data.PlanStudent, EveryMonths: every, CourseEnds: courseEnd.d}, nil
	}
	loc := translations.New(g.langOr("vi"))
	return data.Plan{}, usageError{loc.T("cli.bad_plan", "Plan", kind) + "\n" + loc.T("cli.usage_loan")}
}

// postingOf makes a line of `loan post` or `post FILE.csv` from the kind it names: "payment",
// which the store splits into penalty, interest and principal, or an entry kind with a
// command-line name in data.Kinds. ok is false for any other name.
func postingOf(contract, kind string, e data.Entry) (p data.Posting, ok bool) {
	if kind == "payment" {
		return data.Posting{Contract: contract, Payment: &data.Payment{ValueDate: e.ValueDate, Amount: e.Amount,
			Ref: e.Ref, Note: e.Note}}, true
	}
	e.Kind, ok = data.KindForCLI(kind)
	return data.Posting{Contract: contract, Entry: e}, ok
}

func cmdLoanPost(g globals, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loan post", flag.ContinueOnError)
	contract := fs.String("contract", "", "contract number")
	var date dateFlag
	fs.Var(&date, "date", "value date YYYY-MM-DD")
	kind := fs.String("kind", "", "disburse, principal, interest, penalty, payment, freeze, unfreeze, writeoff, writeoff_interest, deposit or withdraw")
	var amount moneyFlag
	fs.Var(&amount, "amount", "amount in đồng")
	ref := fs.String("ref", "", "receipt or batch reference")
	decision := fs.String("decision", "", "decision number (freeze, unfreeze, write-offs)")
	note := fs.String("note", "", "note")
	if _, err := parseCommand(g, "loan", fs, args, 0); err != nil {
		return err
	}
	if err := missing(g, "cli.usage_loan", map[string]bool{"contract": *contract != "", "date": date.set,
		"kind": *kind != "", "amount": amount.set}); err != nil {
		return err
	}
	p, ok := postingOf(*contract, *kind, data.Entry{ValueDate: date.d, Amount: amount.v, Ref: *ref, Decision: *decision, Note: *note})
	if !ok {
		loc := translations.New(g.langOr("vi"))
		return usageError{loc.T("cli.bad_kind", "Kind", *kind) + "\n" + loc.T("cli.usage_loan")}
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		ids, err := s.PostPostings(ctx, []data.Posting{p})
		if err != nil {
			return aboutSubject(err, *contract)
		}
		fmt.Fprintln(out, loc.N("cli.posted", len(ids)))
		return nil
	})
}

// cmdPost posts a CSV file of entries (date, contract, kind, amount, ref): all rows or none.
func cmdPost(g globals, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("post", flag.ContinueOnError)
	again := addAgainFlags(fs)
	files, err := parseInterleaved(g, "cli.usage_post", fs, args, 1)
	if err != nil {
		return err
	}
	if err := again.check(g, "cli.usage_post"); err != nil {
		return err
	}
	source, content, err := again.sourceFile(g, files[0])
	if err != nil {
		return err
	}
	postings, lines, rowErrs := readPostings(bytes.NewReader(content))
	if len(postings) == 0 && len(rowErrs) == 0 { // a header alone, or nothing: surely the wrong file
		return failure{translations.New(g.langOr("vi")).T("cli.input_empty", "File", files[0])}
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		var err error
		if len(rowErrs) == 0 {
			var ids []int64
			if ids, err = s.PostPostingsFile(ctx, postings, source); err == nil {
				fmt.Fprintln(out, loc.N("cli.posted", len(ids)))
				return nil
			}
			if des := data.DomainErrors(err); len(des) == 1 && des[0].Rule == "file_already_posted" {
				againHint(out, loc, err)
				return err
			}
		} else {
			err = s.CheckPostings(ctx, postings) // name the other lines' faults too
		}
		if err != nil && data.DomainErrors(err) == nil {
			return err
		}
		for _, e := range data.DomainErrors(err) {
			// The store numbers postings from 1; the file has a header and may skip lines.
			if n, ok := e.Params["Line"].(int); ok && n >= 1 && n <= len(lines) {
				e.Params["Line"] = lines[n-1]
			}
			rowErrs = append(rowErrs, e)
		}
		// An error of no line (a full disk) is printed without "line <no value>".
		return printLineErrors(out, loc, rowErrs)
	})
}

// readPostings parses the CSV, returning the postings, the file line of each, and every row
// that cannot even be read (its Params carry "Line").
func readPostings(r io.Reader) ([]data.Posting, []int, data.Errors) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	var postings []data.Posting
	var lines []int
	var errs data.Errors
	for record := 1; ; record++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line := record
		if len(rec) > 0 {
			line, _ = cr.FieldPos(0) // the file's own line, even after a quoted line break
		}
		if err != nil {
			errs = append(errs, data.Invalid("post.row", "csv_syntax", "Line", line))
			// A syntax error spoils one record and the reader goes on; any other error would
			// come back at every call, so the loop stops there.
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				break
			}
			continue
		}
		if record == 1 && len(rec) > 0 && strings.EqualFold(strings.TrimPrefix(strings.TrimSpace(rec[0]), "\ufeff"), "date") {
			continue // header
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) < 4 || len(rec) > 5 {
			errs = append(errs, data.Invalid("post.row", "csv_columns", "Line", line))
			continue
		}
		d, err := data.ParseDate(strings.TrimSpace(rec[0]))
		if err != nil {
			errs = append(errs, data.Invalid("entry.value_date", "date_iso", "Line", line))
			continue
		}
		if _, ok := postingOf("", strings.TrimSpace(rec[2]), data.Entry{}); !ok {
			errs = append(errs, data.Invalid("entry.kind", "one_of", "Line", line))
			continue
		}
		amount, err := strconv.ParseInt(strings.TrimSpace(rec[3]), 10, 64)
		if err != nil || amount < 0 {
			errs = append(errs, data.Invalid("entry.amount", "money_format", "Line", line))
			continue
		}
		e := data.Entry{ValueDate: d, Amount: data.Dong(amount)}
		if len(rec) == 5 {
			e.Ref = strings.TrimSpace(rec[4])
		}
		p, _ := postingOf(strings.TrimSpace(rec[1]), strings.TrimSpace(rec[2]), e)
		postings = append(postings, p)
		lines = append(lines, line)
	}
	return postings, lines, errs
}

// loanJSON is the machine form of `loan show --json`.
type loanJSON struct {
	Contract  string `json:"contract"`
	Date      string `json:"date"`
	Units     int    `json:"units"` // months of study, workers or facilities; 0: limit per loan
	Principal struct {
		Current data.Dong `json:"current"`
		Overdue data.Dong `json:"overdue"`
		Frozen  data.Dong `json:"frozen"`
		Total   data.Dong `json:"total"`
	} `json:"principal"`
	InterestDue data.Dong `json:"interest_due"`
	PenaltyDue  data.Dong `json:"penalty_due"`
	// Paid beyond what a rate or rule dated in the past left due; taken off the next interest.
	InterestCredit data.Dong         `json:"interest_credit,omitempty"`
	PenaltyCredit  data.Dong         `json:"penalty_credit,omitempty"`
	Installments   []installmentJSON `json:"installments"`
	Entries        []entryJSON       `json:"entries"`
}

type installmentJSON struct {
	No          int       `json:"no"`
	Due         string    `json:"due"`
	OriginalDue string    `json:"original_due"`
	Principal   data.Dong `json:"principal"`
	Paid        data.Dong `json:"paid"`
	Status      string    `json:"status"`
}

type entryJSON struct {
	ID     int64     `json:"id"` // the number loan reverse --entry takes
	Date   string    `json:"date"`
	Kind   string    `json:"kind"`
	Amount data.Dong `json:"amount"`
	Ref    string    `json:"ref"`
}

func cmdLoanShow(g globals, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loan show", flag.ContinueOnError)
	contract := fs.String("contract", "", "contract number")
	date := dateFlag{d: data.DateOf(time.Now())}
	fs.Var(&date, "date", "position on this date (default today)")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parseCommand(g, "loan", fs, args, 0); err != nil {
		return err
	}
	if err := missing(g, "cli.usage_loan", map[string]bool{"contract": *contract != ""}); err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		l, err := s.LoanByContract(ctx, *contract)
		if err != nil {
			return err
		}
		book, err := s.LoanBook(ctx, l.ID)
		if err != nil {
			return err
		}
		p, err := data.PositionOn(book, date.d)
		if err != nil {
			return err
		}
		var j loanJSON
		j.Contract, j.Date, j.Units = l.Contract, date.d.String(), l.Units
		j.Principal.Current, j.Principal.Overdue, j.Principal.Frozen, j.Principal.Total = p.Current, p.Overdue, p.Frozen, p.Principal()
		j.InterestDue, j.PenaltyDue = p.InterestDue, p.PenaltyDue
		j.InterestCredit, j.PenaltyCredit = p.InterestCredit, p.PenaltyCredit
		j.Installments = []installmentJSON{}
		for _, in := range p.Installments {
			j.Installments = append(j.Installments, installmentJSON{in.No, in.Due.String(), in.OriginalDue.String(), in.Principal, in.Paid, string(in.Status)})
		}
		j.Entries = []entryJSON{}
		for _, e := range book.Entries {
			if e.ValueDate.After(date.d) {
				continue
			}
			j.Entries = append(j.Entries, entryJSON{e.ID, e.ValueDate.String(), string(e.Kind), e.Amount, e.Ref})
		}
		if *asJSON {
			return writeJSON(out, j)
		}
		return printLoan(out, loc, l, p, j)
	})
}

func printLoan(out io.Writer, loc *translations.Localizer, l data.Loan, p data.Position, j loanJSON) error {
	fmt.Fprintln(out, loc.T("cli.loan_heading", "Contract", l.Contract, "Program", l.ProgramCode, "Amount", l.Amount, "Date", p.On))
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	row := func(label string, v data.Dong) { fmt.Fprintf(tw, "%s\t%s\t\n", label, loc.Amount(v)) }
	row(loc.T("position.current"), p.Current)
	row(loc.T("position.overdue"), p.Overdue)
	row(loc.T("position.frozen"), p.Frozen)
	row(loc.T("position.total"), p.Principal())
	row(loc.T("position.interest_due"), p.InterestDue)
	row(loc.T("position.penalty_due"), p.PenaltyDue)
	if p.InterestCredit > 0 {
		row(loc.T("position.interest_credit"), p.InterestCredit)
	}
	if p.PenaltyCredit > 0 {
		row(loc.T("position.penalty_credit"), p.PenaltyCredit)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(out, loc.T("position.schedule"))
	tw = tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	for _, in := range p.Installments {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", in.No, loc.Date(in.Due), loc.Amount(in.Principal), loc.Amount(in.Paid), loc.T("installment."+string(in.Status)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(out, loc.T("position.entries"))
	tw = tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	for _, e := range j.Entries {
		d, _ := data.ParseDate(e.Date)
		fmt.Fprintf(tw, "#%d\t%s\t%s\t%s\t%s\n", e.ID, loc.Date(d), loc.T(data.LabelOf(data.EntryKind(e.Kind))), loc.Amount(e.Amount), e.Ref)
	}
	return tw.Flush()
}
