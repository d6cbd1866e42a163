package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"policycredit/data"
	"policycredit/data/demo"
	"policycredit/data/sqlite"
	"policycredit/reports"
	"policycredit/translations"
)

// errProblemsFound makes the process exit 1 after the problems were already printed.
var errProblemsFound = errors.New("problems found")

// parseCommand parses a command's own flags; positional arguments beyond want are refused.
func parseCommand(g globals, name string, fs *flag.FlagSet, args []string, want int) ([]string, error) {
	loc := translations.New(g.langOr("vi"))
	fs.SetOutput(io.Discard)
	if err := parseFlags(loc, fs, guardFlags(fs), args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, helpShown{loc.T("cli.usage_" + name)}
		}
		return nil, usageError{err.Error() + "\n" + loc.T("cli.usage_"+name)}
	}
	if fs.NArg() != want {
		return nil, usageError{loc.T("cli.bad_arguments") + "\n" + loc.T("cli.usage_"+name)}
	}
	return fs.Args(), nil
}

// withStore runs a command on the run's database (opened here if not yet), logged in as
// --user when the office has users.
func withStore(g globals, f func(ctx context.Context, s officeStore, loc *translations.Localizer) error) error {
	return withStoreAs(g, true, f)
}

// withStoreAs is withStore; login false skips the log-in, for what reads no personal data
// and writes nothing (check without --rebuild).
func withStoreAs(g globals, login bool, f func(ctx context.Context, s officeStore, loc *translations.Localizer) error) error {
	s, _, err := g.open()
	if err != nil {
		return err
	}
	loc := localizerFor(g, s)
	ctx := data.WithUser(context.Background(), g.recordedUser())
	if login {
		if ctx, err = logIn(ctx, g, s, loc); err != nil {
			return err
		}
	}
	err = f(ctx, s, loc)
	// A change that became a request is named by what it changes, for the user to read.
	var made *data.RequestMade
	if errors.As(err, &made) {
		subject := ""
		if r, rerr := s.Request(ctx, made.ID); rerr == nil {
			subject = r.Subject
		}
		var hint subjectHint
		if subject == "" && errors.As(err, &hint) {
			subject = hint.subject
		}
		// In the command's language, which a command's own --lang may have chosen.
		return madeRequest{made, requestSentence(loc, "cli.request_made", "cli.request_made_plain", made.ID, made.Action, subject, "")}
	}
	return err
}

// requestSentence says what a request is about, naming its subject when it has one.
func requestSentence(loc *translations.Localizer, id, plainID string, n int64, act data.Action, subject, maker string) string {
	if subject == "" {
		id = plainID
	}
	return loc.T(id, "ID", n, "Action", loc.T("action."+string(act)), "Subject", subject, "Maker", maker)
}

// subjectHint names what a write is about when the store's request names nothing (a single
// posting is about its loan contract).
type subjectHint struct {
	error
	subject string
}

func (h subjectHint) Unwrap() error { return h.error }

// aboutSubject wraps a write's error with what it is about; nil stays nil.
func aboutSubject(err error, subject string) error {
	if err == nil {
		return nil
	}
	return subjectHint{err, subject}
}

// madeRequest is a request the store kept instead of a change, with the sentence that says
// what waits for approval.
type madeRequest struct {
	*data.RequestMade
	sentence string
}

func (m madeRequest) Unwrap() error { return m.RequestMade }

// demoAccountant is the demo office's accountant (data/demo's users), who closes its months.
const demoAccountant = "ketoan"

func cmdDemo(g globals, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	scaleName := fs.String("scale", "small", "small, district or large")
	seed := fs.Int64("seed", 1, "random seed: the same seed gives the same office")
	untilText := fs.String("until", "", "the history runs up to this day (YYYY-MM-DD, default today)")
	var closedUntil monthFlag
	fs.Var(&closedUntil, "closed-until", "close the months up to this one, YYYY-MM (default: every month open)")
	if _, err := parseCommand(g, "demo", fs, args, 0); err != nil {
		return err
	}
	scale, err := demo.ScaleNamed(*scaleName)
	if err != nil {
		loc := translations.New(g.langOr("vi"))
		return usageError{loc.T("cli.bad_scale", "Scale", *scaleName) + "\n" + loc.T("cli.usage_demo")}
	}
	// Today by default, so that the office opened on today's working date shows no installment
	// falling overdue for want of a history.
	until := data.DateOf(time.Now())
	if *untilText != "" {
		d, err := data.ParseDate(*untilText)
		if err != nil || d.Before(demo.EarliestUntil) {
			loc := translations.New(g.langOr("vi"))
			return usageError{loc.T("cli.bad_until", "Value", *untilText, "From", demo.EarliestUntil.String()) + "\n" + loc.T("cli.usage_demo")}
		}
		until = d
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		start := time.Now()
		ds := demo.Generate(scale, *seed, until)
		ds.Users = demo.Users()
		if err := s.ImportDataset(ctx, ds); err != nil {
			return err
		}
		// The office now has its users: what follows is done as the demo's accountant, who
		// closes months.
		sess, err := s.LogIn(ctx, demoAccountant, demo.Password)
		if err != nil {
			return err
		}
		ctx = data.WithSession(data.WithUser(ctx, sess.User), sess)
		// The demo office stands on until; the app opens on the working date.
		if err := s.WarmOverview(ctx, until); err != nil {
			return err
		}
		if err := warmOverview(ctx, s); err != nil {
			return err
		}
		if closedUntil.set {
			if err := closeMonths(ctx, s, loc, closedUntil.m, out); err != nil {
				return err
			}
		}
		c, err := s.Counts(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, loc.T("cli.demo_done",
			"Communes", loc.Number(int64(c.Communes)), "Villages", loc.Number(int64(c.Villages)),
			"Points", loc.Number(int64(c.Points)), "Groups", loc.Number(int64(c.Groups)),
			"Borrowers", loc.Number(int64(c.Borrowers)), "Millis", loc.Number(time.Since(start).Milliseconds())))
		return nil
	})
}

// programJSON is the machine form of `programs --json`.
type programJSON struct {
	Code               string      `json:"code"`
	Name               string      `json:"name"`
	RateMonthlyPercent json.Number `json:"rate_monthly_percent"`
	MaxAmount          data.Dong   `json:"max_amount"`
	MaxTermMonths      int         `json:"max_term_months"`
	Open               bool        `json:"open"`
}

func cmdPrograms(g globals, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("programs", flag.ContinueOnError)
	dateText := fs.String("date", "", "date the rates are in force (YYYY-MM-DD, default today)")
	asJSON := fs.Bool("json", false, "print JSON")
	pdfFile := fs.String("pdf", "", "also write the catalogue as a PDF to this file")
	csvFile := fs.String("csv", "", "also write the catalogue as CSV to this file")
	jsonFile := fs.String("json-file", "", "also write the catalogue as JSON to this file")
	if _, err := parseCommand(g, "programs", fs, args, 0); err != nil {
		return err
	}
	on := data.DateOf(time.Now())
	if *dateText != "" {
		d, err := data.ParseDate(*dateText)
		if err != nil {
			loc := translations.New(g.langOr("vi"))
			return usageError{loc.T("cli.bad_date", "Value", *dateText) + "\n" + loc.T("cli.usage_programs")}
		}
		on = d
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		programs, err := s.Programs(ctx)
		if err != nil {
			return err
		}
		if *pdfFile != "" || *csvFile != "" || *jsonFile != "" {
			if err := writeCatalogue(ctx, s, loc, programs, on, catalogueFiles{*pdfFile, *csvFile, *jsonFile}); err != nil {
				return err
			}
		}
		rows := make([]programJSON, 0, len(programs))
		rates := make([]data.Rate, 0, len(programs))
		for _, p := range programs {
			r, ok := p.RateOn(on)
			if !ok {
				continue // the program had no rate yet on that date
			}
			rows = append(rows, programJSON{
				Code: p.Code, Name: p.NameIn(loc.Lang()), RateMonthlyPercent: json.Number(r.PercentString()),
				MaxAmount: p.MaxAmount, MaxTermMonths: p.MaxTermMonths, Open: p.Open,
			})
			rates = append(rates, r)
		}
		if *asJSON {
			return writeJSON(out, rows)
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, loc.T("cli.programs_header", "Date", loc.Date(on)))
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", loc.T("program.col.code"), loc.T("program.col.name"),
			loc.T("program.col.rate"), loc.T("program.col.max_amount"), loc.T("program.col.max_term"), loc.T("program.col.status"))
		for i, r := range rows {
			status := loc.T("program.status.open")
			if !r.Open {
				status = loc.T("program.status.closed")
			}
			amount, term := "—", "—" // no fixed ceiling: set by each contract
			if r.MaxAmount > 0 {
				amount = loc.Amount(r.MaxAmount)
			}
			if r.MaxTermMonths > 0 {
				term = loc.N("count.months", r.MaxTermMonths)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Code, r.Name, loc.Percent(rates[i]), amount, term, status)
		}
		return tw.Flush()
	})
}

// borrowerJSON is the machine form of `borrowers --json`.
type borrowerJSON struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
	Village  string `json:"village"`
	Group    string `json:"group"`
}

// maxListRows bounds --limit (0 lists all); maxSearchRunes bounds --search, far beyond a name
// with an ID number and a phone.
const (
	maxListRows    = 1_000_000
	maxSearchRunes = 200
)

func cmdBorrowers(g globals, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("borrowers", flag.ContinueOnError)
	search := fs.String("search", "", "name (with or without diacritics), customer code, ID number or phone")
	asJSON := fs.Bool("json", false, "print JSON")
	limit := fs.Int("limit", 0, "at most this many rows (0: all)")
	if _, err := parseCommand(g, "borrowers", fs, args, 0); err != nil {
		return err
	}
	// A negative limit used to list every borrower, as 0 does: a typing mistake, refused.
	if err := inRange(g, "cli.usage_borrowers", "limit", int64(*limit), 0, maxListRows); err != nil {
		return err
	}
	if err := notLonger(g, "cli.usage_borrowers", "search", *search, maxSearchRunes); err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		found, err := s.SearchBorrowers(ctx, *search, *limit)
		if err != nil {
			return err
		}
		rows := make([]borrowerJSON, len(found))
		for i, b := range found {
			rows[i] = borrowerJSON{Code: b.Code, Name: b.Name, IDNumber: b.IDNumber, Village: b.Village, Group: b.GroupName}
		}
		if *asJSON {
			return writeJSON(out, rows)
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", loc.Field("borrower.code"), loc.Field("borrower.name"),
			loc.Field("borrower.id_number"), loc.Field("borrower.village"), loc.Field("borrower.group"))
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Code, r.Name, r.IDNumber, r.Village, r.Group)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(out, loc.N("count.borrowers", len(rows)))
		return nil
	})
}

func cmdCheck(g globals, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	rebuild := fs.Bool("rebuild", false, "first recompute the balances from the ledger")
	anchor := fs.String("anchor", "", "prove that the ledger still holds the state whose head began with these hex digits")
	if _, err := parseCommand(g, "check", fs, args, 0); err != nil {
		return err
	}
	if *anchor != "" && !isAnchor(*anchor) { // a usage error before the ledger is read
		loc := translations.New(g.langOr("vi"))
		return usageError{optionName("anchor") + ": " + loc.Error(data.Invalid("anchor", "anchor_format", "Min", sqlite.AnchorDigits)) +
			"\n" + loc.T("cli.usage_check")}
	}
	// Checking reads no personal data and writes nothing, so it needs no log-in; rebuilding
	// the balances is a write, by a user allowed maintenance.
	return withStoreAs(g, *rebuild, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		// A balance that differs from the ledger is a problem the check reports; the ledger is
		// the record, so recomputing the balances from it is the remedy.
		if *rebuild {
			fixed, err := s.RebuildBalances(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintln(out, loc.T("cli.rebuild_done", "Rows", loc.Number(int64(fixed))))
		}
		problems, err := s.Check(ctx)
		if err != nil {
			return err
		}
		if len(problems) > 0 {
			fmt.Fprintln(out, loc.N("cli.check_problems", len(problems)))
			for _, p := range problems {
				fmt.Fprintln(out, "  "+loc.Error(p))
			}
			return errProblemsFound
		}
		fmt.Fprintln(out, loc.T("cli.check_ok"))
		// The head's first digits, noted on paper, let a later check --anchor prove that the
		// ledger still holds today's state.
		head, err := s.LedgerHead(ctx)
		if err != nil {
			return err
		}
		if len(head) >= sqlite.AnchorDigits {
			fmt.Fprintln(out, loc.T("cli.ledger_head", "Hash", head[:sqlite.AnchorDigits]))
		}
		if *anchor == "" {
			return nil
		}
		id, err := s.FindAnchor(ctx, *anchor)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, loc.T("cli.anchor_found", "Value", strings.ToLower(strings.TrimSpace(*anchor)), "ID", id))
		return nil
	})
}

// isAnchor says whether s can be the head digits check printed: at least sqlite.AnchorDigits
// hexadecimal digits (the store's own rule, checked here so that a mistake is a usage error).
func isAnchor(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return len(s) >= sqlite.AnchorDigits && strings.Trim(s, "0123456789abcdef") == ""
}

// writeCatalogue writes the program catalogue for date on as PDF and/or CSV files.
// catalogueFiles are where `programs` writes the printable catalogue; an empty path is skipped.
type catalogueFiles struct{ pdf, csv, json string }

func writeCatalogue(ctx context.Context, s officeStore, loc *translations.Localizer, programs []data.Program, on data.Date, files catalogueFiles) error {
	office, err := s.Office(ctx)
	if err != nil {
		return err
	}
	settings, err := s.Settings(ctx)
	if err != nil {
		return err
	}
	catalogue := reports.BuildProgramCatalogue(office, programs, on, settings.PenaltyPercent)
	if catalogue.Anchor, err = ledgerAnchor(ctx, s); err != nil {
		return err
	}
	write := func(path string, render func(io.Writer) error) error {
		if path == "" {
			return nil
		}
		// The catalogue holds no personal data, so it is not audited as an export.
		return writeFileAtomic(s.Path(), path, render)
	}
	if err := write(files.pdf, func(w io.Writer) error { return catalogue.WritePDF(w, loc, time.Now()) }); err != nil {
		return err
	}
	if err := write(files.json, func(w io.Writer) error { return catalogue.WriteJSON(w, loc) }); err != nil {
		return err
	}
	return write(files.csv, func(w io.Writer) error { return catalogue.WriteCSV(w, loc) })
}

func writeJSON(out io.Writer, v any) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
