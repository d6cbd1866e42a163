package main

import (
	"context"
	"io"
	"sort"
	"strings"

	"policycredit/data/sqlite"
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
