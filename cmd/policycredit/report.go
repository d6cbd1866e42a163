package main

import (
	"context"
	"flag"
	"io"
	"sort"
	"strings"

	"policycredit/data/sqlite"
	"policycredit/reports"
	"policycredit/translations"
)

// reportCommands are the `report` subcommands by name; each report's file registers its own
// in an init function, so that reports can be added without touching this dispatcher.
var reportCommands = map[string]func(g globals, args []string, out io.Writer) error{}

// cmdReport dispatches `report NAME …`.
func cmdReport(g globals, args []string, out io.Writer) error {
	loc := translations.New(g.langOr("vi"))
	if len(args) == 0 {
		return usageError{loc.T("cli.bad_arguments") + "\n" + reportUsage(loc)}
	}
	f, ok := reportCommands[args[0]]
	if !ok {
		return usageError{loc.T("cli.unknown_command", "Command", "report "+args[0]) + "\n" + reportUsage(loc)}
	}
	return f(g, args[1:], out)
}

// ledgerAnchor is what a printed report carries at the foot of its pages: the first
// sqlite.AnchorDigits hex digits of the ledger's chain head, which `check --anchor` later
// finds again as long as the ledger still holds that state; "" on an empty ledger.
func ledgerAnchor(ctx context.Context, s officeStore) (string, error) {
	head, err := s.LedgerHead(ctx)
	if err != nil || len(head) < sqlite.AnchorDigits {
		return "", err
	}
	return head[:sqlite.AnchorDigits], nil
}

// reportUsage lists the registered reports' usage lines, "cli.usage_report_<name>", in order.
func reportUsage(loc *translations.Localizer) string {
	names := make([]string, 0, len(reportCommands))
	for name := range reportCommands {
		names = append(names, name)
	}
	sort.Strings(names)
	lines := []string{loc.T("cli.usage_report")}
	for _, name := range names {
		lines = append(lines, loc.T("cli.usage_report_"+name))
	}
	return strings.Join(lines, "\n")
}

// cmdMonthly runs a monthly report of the registry (the settlement's fees, commissions and
// ratings): --month instead of --date, for the office, a commune, or (commissions) a point or
// one group's slip.
func cmdMonthly(e reports.Entry) func(g globals, args []string, out io.Writer) error {
	return func(g globals, args []string, out io.Writer) error {
		usage := "cli.usage_report_" + e.ID
		fs := flag.NewFlagSet("report "+e.ID, flag.ContinueOnError)
		var month monthFlag
		fs.Var(&month, "month", "month YYYY-MM")
		commune := fs.String("commune", "", "commune by its 5-digit code")
		point := fs.String("point", "", "transaction point code")
		group := fs.String("group", "", "group code: that group's slip")
		lang := fs.String("lang", "", "vi, en or fr")
		o := addOutputFlags(fs)
		if _, err := parseInterleaved(g, usage, fs, args, 0); err != nil {
			return err
		}
		loc := translations.New(g.langOr("vi"))
		if *lang != "" {
			if !isLanguage(*lang) {
				return usageError{loc.T("cli.bad_language", "Lang", *lang)}
			}
			g.lang = *lang
			loc = translations.New(g.lang)
		}
		if err := missing(g, usage, map[string]bool{"month": month.set}); err != nil {
			return err
		}
		scopes := 0
		for _, v := range []string{*commune, *point, *group} {
			if v != "" {
				scopes++
			}
		}
		if scopes > 1 || (*point != "" && !e.Offers(reports.ScopePoint)) || (*group != "" && !e.Offers(reports.ScopeGroup)) {
			return usageError{loc.T("cli.bad_arguments") + "\n" + loc.T(usage)}
		}
		kind, err := o.kind(g, usage, true)
		if err != nil {
			return err
		}
		f := summaryFlags{out: o, kind: kind}
		return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
			office, err := s.Office(ctx)
			if err != nil {
				return err
			}
			r := reports.Request{Office: office, Scope: reports.ScopeOffice, Month: month.m, On: month.m.End(), Loc: loc}
			if r.Anchor, err = ledgerAnchor(ctx, s); err != nil {
				return err
			}
			switch {
			case *commune != "":
				c, err := findCommune(ctx, s, *commune)
				if err != nil {
					return err
				}
				r.Scope, r.ID = reports.ScopeCommune, c.ID
			case *point != "":
				p, err := findPoint(ctx, s, *point)
				if err != nil {
					return err
				}
				r.Scope, r.ID = reports.ScopePoint, p.ID
			case *group != "":
				sc, err := statementScope(ctx, s, *group, "")
				if err != nil {
					return err
				}
				r.Scope, r.ID = reports.ScopeGroup, sc.GroupID
			}
			t, err := e.Build(ctx, s, r)
			if err != nil {
				return err
			}
			return f.write(ctx, s, "report "+e.ID, out, loc, tabledReport(t, loc))
		})
	}
}
