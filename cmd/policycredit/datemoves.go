package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"

	"policycredit/data"
	"policycredit/translations"
)

// cmdLoanReschedule moves one installment (điều chỉnh kỳ hạn nợ); the store applies the rules.
func cmdLoanReschedule(g globals, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loan reschedule", flag.ContinueOnError)
	contract := fs.String("contract", "", "contract number")
	installment := fs.Int("installment", 0, "number of the installment to move")
	var to, date dateFlag
	fs.Var(&to, "to", "new due date YYYY-MM-DD")
	fs.Var(&date, "date", "date of the decision's effect YYYY-MM-DD")
	decision := fs.String("decision", "", "decision number")
	note := fs.String("note", "", "note")
	if _, err := parseCommand(g, "loan", fs, args, 0); err != nil {
		return err
	}
	if err := missing(g, "cli.usage_loan", map[string]bool{"contract": *contract != "", "installment": given(fs, "installment"),
		"to": to.set, "date": date.set, "decision": *decision != ""}); err != nil {
		return err
	}
	if err := inRange(g, "cli.usage_loan", "installment", int64(*installment), 1, maxTermMonths); err != nil {
		return err
	}
	e := data.Entry{Kind: data.EntryReschedule, ValueDate: date.d, Installment: *installment, NewDate: to.d,
		Decision: *decision, DecisionDate: date.d, Note: *note}
	return postOne(g, *contract, e, out, func(loc *translations.Localizer) string {
		return loc.T("cli.rescheduled", "No", *installment, "Contract", *contract, "Date", to.d)
	})
}

// cmdLoanExtend moves final maturity (gia hạn nợ); the store applies the rules.
func cmdLoanExtend(g globals, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loan extend", flag.ContinueOnError)
	contract := fs.String("contract", "", "contract number")
	var to, date dateFlag
	fs.Var(&to, "to", "new final maturity YYYY-MM-DD")
	fs.Var(&date, "date", "date of the decision's effect YYYY-MM-DD")
	decision := fs.String("decision", "", "decision number")
	note := fs.String("note", "", "note")
	if _, err := parseCommand(g, "loan", fs, args, 0); err != nil {
		return err
	}
	if err := missing(g, "cli.usage_loan", map[string]bool{"contract": *contract != "", "to": to.set,
		"date": date.set, "decision": *decision != ""}); err != nil {
		return err
	}
	e := data.Entry{Kind: data.EntryExtend, ValueDate: date.d, NewDate: to.d, Decision: *decision,
		DecisionDate: date.d, Note: *note}
	return postOne(g, *contract, e, out, func(loc *translations.Localizer) string {
		return loc.T("cli.extended", "Contract", *contract, "Date", to.d)
	})
}

// postOne posts one entry on the loan with that contract number and prints done's message.
func postOne(g globals, contract string, e data.Entry, out io.Writer, done func(*translations.Localizer) string) error {
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		if _, err := s.PostPostings(ctx, []data.Posting{{Contract: contract, Entry: e}}); err != nil {
			return aboutSubject(err, contract)
		}
		fmt.Fprintln(out, done(loc))
		return nil
	})
}

// cmdLoanReverse reverses any single entry by its number, as the loan screen does.
func cmdLoanReverse(g globals, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loan reverse", flag.ContinueOnError)
	id := fs.Int64("entry", 0, "number of the entry to reverse (the id of loan show --json)")
	var date dateFlag
	fs.Var(&date, "date", "value date of the reversal YYYY-MM-DD")
	reason := fs.String("reason", "", "why the entry is reversed")
	if _, err := parseCommand(g, "loan", fs, args, 0); err != nil {
		return err
	}
	if err := missing(g, "cli.usage_loan", map[string]bool{"entry": given(fs, "entry"), "date": date.set,
		"reason": *reason != ""}); err != nil {
		return err
	}
	if err := inRange(g, "cli.usage_loan", "entry", *id, 1, math.MaxInt64); err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		r, err := s.ReverseEntry(ctx, *id, date.d, *reason)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, loc.T("cli.entry_reversed", "ID", *id, "New", r.ID))
		return nil
	})
}

// cmdSavings dispatches `savings credit`.
func cmdSavings(g globals, args []string, out io.Writer) error {
	return dispatch(g, "savings", "cli.usage_savings", map[string]command{"credit": cmdSavingsCredit}, args, out)
}

// cmdSavingsCredit credits the half-year's savings interest. A date already credited exits 0
// with a message rather than failing, so that a scheduled run may be repeated safely.
func cmdSavingsCredit(g globals, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("savings credit", flag.ContinueOnError)
	var date dateFlag
	fs.Var(&date, "date", "30 June or 31 December, YYYY-MM-DD")
	if _, err := parseCommand(g, "savings", fs, args, 0); err != nil {
		return err
	}
	if err := missing(g, "cli.usage_savings", map[string]bool{"date": date.set}); err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		c, err := s.CreditSavingsInterest(ctx, date.d)
		var de *data.Error
		if errors.As(err, &de) && de.Rule == "savings_already_credited" {
			fmt.Fprintln(out, loc.T("cli.savings_already_credited", "Date", date.d))
			return nil
		}
		if err != nil {
			return err
		}
		fmt.Fprintln(out, loc.T("cli.savings_credited", "Date", c.On, "Accounts", c.Accounts, "Total", c.Total))
		return nil
	})
}
