package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"policycredit/data"
	"policycredit/reports"
	"policycredit/transfer"
	"policycredit/translations"
)

// cmdCapital dispatches `capital list|add|return|reverse`: the local-budget capital ledger.
func cmdCapital(g globals, args []string, out io.Writer) error {
	return dispatch(g, "capital", "cli.usage_capital", map[string]command{
		"list": cmdCapitalList,
		"add": func(g globals, args []string, out io.Writer) error {
			return cmdCapitalMove(g, data.CapitalTransfer, args, out)
		},
		"return": func(g globals, args []string, out io.Writer) error {
			return cmdCapitalMove(g, data.CapitalReturn, args, out)
		},
		"reverse": cmdCapitalReverse,
	}, args, out)
}

// capitalEntryJSON is one ledger line of `capital list --json`.
type capitalEntryJSON struct {
	ID       int64     `json:"id"`
	Level    string    `json:"level"`
	Giver    string    `json:"giver"`
	Commune  string    `json:"commune"`
	Kind     string    `json:"kind"`
	Date     string    `json:"date"`
	Amount   data.Dong `json:"amount"`
	Decision string    `json:"decision"`
	Reverses int64     `json:"reverses,omitempty"`
	User     string    `json:"user"`
}

func cmdCapitalList(g globals, args []string, out io.Writer) error {
	const usage = "cli.usage_capital"
	fs := flag.NewFlagSet("capital list", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parseInterleaved(g, usage, fs, args, 0); err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		f, err := s.CapitalFiguresOn(ctx, data.DateOf(time.Now()))
		if err != nil {
			return err
		}
		entries, err := s.CapitalEntries(ctx)
		if err != nil {
			return err
		}
		pools := map[int64]data.CapitalPoolFigures{}
		for _, p := range f.Pools {
			pools[p.Pool.ID] = p
		}
		if *asJSON {
			v := struct {
				Pools   []reports.CapitalPoolJSON `json:"pools"`
				Entries []capitalEntryJSON        `json:"entries"`
			}{Pools: []reports.CapitalPoolJSON{}, Entries: []capitalEntryJSON{}}
			for _, p := range f.Pools {
				v.Pools = append(v.Pools, reports.CapitalPool(p))
			}
			for _, e := range entries {
				p := pools[e.PoolID]
				v.Entries = append(v.Entries, capitalEntryJSON{ID: e.ID, Level: string(p.Pool.Level), Giver: p.Pool.Giver,
					Commune: p.CommuneCode, Kind: string(e.Kind), Date: e.On.String(), Amount: e.Amount, Decision: e.Decision,
					Reverses: e.Reverses, User: e.User})
			}
			return writeJSON(out, v)
		}
		if len(f.Pools) == 0 {
			fmt.Fprintln(out, loc.T("capital.none"))
			return nil
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", loc.T("capital.col.pool"), loc.T("capital.col.received"),
			loc.T("capital.col.returned"), loc.T("capital.col.lent"), loc.T("capital.col.available"))
		for _, p := range f.Pools {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", poolName(loc, p), loc.Amount(p.Totals.Received),
				loc.Amount(p.Totals.Returned), loc.Amount(p.Totals.LentOutstanding), loc.Amount(p.Totals.Available))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(out)
		tw = tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		for _, e := range entries {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", e.ID, loc.Date(e.On), loc.T("capital.kind."+string(e.Kind)),
				pools[e.PoolID].Pool.Giver, loc.Amount(e.Amount), e.Decision)
		}
		return tw.Flush()
	})
}

// poolName is a pool as a list names it: its level, then its giver.
func poolName(loc *translations.Localizer, p data.CapitalPoolFigures) string {
	return loc.T("capital.level."+string(p.Pool.Level)) + ": " + p.Pool.Giver
}

// cmdCapitalMove records a transfer (`capital add`) or a return (`capital return`).
func cmdCapitalMove(g globals, kind data.CapitalKind, args []string, out io.Writer) error {
	const usage = "cli.usage_capital"
	fs := flag.NewFlagSet("capital "+string(kind), flag.ContinueOnError)
	level := fs.String("level", "", "province, district or commune")
	giver := fs.String("giver", "", "who entrusts the capital")
	decision := fs.String("decision", "", "decision number")
	commune := fs.String("commune", "", "commune by its 5-digit code (commune level)")
	note := fs.String("note", "", "a note")
	var date dateFlag
	fs.Var(&date, "date", "decision date YYYY-MM-DD")
	var amount moneyFlag
	fs.Var(&amount, "amount", "amount in đồng")
	if _, err := parseInterleaved(g, usage, fs, args, 0); err != nil {
		return err
	}
	if err := missing(g, usage, map[string]bool{"level": *level != "", "giver": *giver != "", "decision": *decision != "",
		"date": date.set, "amount": amount.set}); err != nil {
		return err
	}
	loc := translations.New(g.langOr("vi"))
	lv, err := data.ParseCapitalLevel(*level)
	if err != nil {
		return usageError{loc.Error(err) + "\n" + loc.T(usage)}
	}
	if (lv == data.CapitalCommune) != (*commune != "") {
		return usageError{loc.T("capital.commune_flag") + "\n" + loc.T(usage)}
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		m := data.CapitalMove{Kind: kind, Level: lv, Giver: *giver, On: date.d, Amount: amount.v, Decision: *decision, Note: *note}
		if *commune != "" {
			c, err := findCommune(ctx, s, *commune)
			if err != nil {
				return err
			}
			m.CommuneID = c.ID
		}
		e, err := s.MoveCapital(ctx, m)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, loc.T("capital.recorded", "ID", e.ID, "Kind", loc.T("capital.kind."+string(kind)), "Amount", loc.Money(e.Amount)))
		return nil
	})
}

// cmdCapitalReverse cancels a capital entry by its number.
func cmdCapitalReverse(g globals, args []string, out io.Writer) error {
	const usage = "cli.usage_capital"
	fs := flag.NewFlagSet("capital reverse", flag.ContinueOnError)
	id := fs.Int64("entry", 0, "the entry's number")
	decision := fs.String("decision", "", "decision number")
	note := fs.String("note", "", "the reason")
	if _, err := parseInterleaved(g, usage, fs, args, 0); err != nil {
		return err
	}
	if err := missing(g, usage, map[string]bool{"entry": *id != 0, "decision": *decision != ""}); err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		e, err := s.ReverseCapital(ctx, *id, *decision, *note)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, loc.T("capital.recorded", "ID", e.ID, "Kind", loc.T("capital.kind."+string(e.Kind)), "Amount", loc.Money(e.Amount)))
		return nil
	})
}

// checkCapitalSheet prints the rows of a capital sheet that cannot be read, as the import
// prints its problems; with any, nothing is imported.
func checkCapitalSheet(out io.Writer, loc *translations.Localizer, rows []data.CapitalRow, problems []transfer.ProblemLine) error {
	fmt.Fprintln(out, loc.N("capital.import.read", len(rows)))
	return printProblems(out, loc, problems)
}

// printProblems prints an import's problem lines and refuses it; with none it says nothing.
func printProblems(out io.Writer, loc *translations.Localizer, problems []transfer.ProblemLine) error {
	if len(problems) == 0 {
		return nil
	}
	for _, p := range problems {
		fmt.Fprintln(out, loc.T("cli.import_problem", "Sheet", p.Sheet, "Line", p.Line, "Column", p.Column, "Reason", p.Message))
	}
	fmt.Fprintln(out, loc.N("cli.import_refused", len(problems)))
	return errProblemsFound
}

// importCapitalSheet records an import's capital rows once the rest of the file is in (their
// communes come from it): rows the ledger holds already are left alone. refused is the
// sheet's own check, passed on.
func importCapitalSheet(ctx context.Context, s officeStore, out io.Writer, loc *translations.Localizer, rows []data.CapitalRow,
	dryRun bool, refused error) error {
	if refused != nil {
		return refused
	}
	if dryRun {
		fmt.Fprintln(out, loc.T("cli.import_dry_run"))
		return nil
	}
	res, err := s.ImportCapital(ctx, rows)
	if err != nil {
		for _, e := range data.DomainErrors(err) {
			if line, ok := e.Params["Line"].(int); ok {
				fmt.Fprintln(out, loc.T("cli.import_problem", "Sheet", loc.T("capital.report.sheet"), "Line", line,
					"Column", loc.Field(e.Field), "Reason", loc.Error(e)))
			}
		}
		return err
	}
	fmt.Fprintln(out, loc.T("capital.import.done", "Added", res.Added, "Unchanged", res.Unchanged))
	fmt.Fprintln(out, loc.T("cli.import_done"))
	return nil
}
