package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"policycredit/data"
	"policycredit/translations"
)

// monthFlag reads a YYYY-MM flag.
type monthFlag struct {
	m   data.Month
	set bool
}

func (f *monthFlag) String() string { return f.m.String() }
func (f *monthFlag) Set(s string) error {
	m, err := data.ParseMonth(s)
	if err != nil {
		return err
	}
	f.m, f.set = m, true
	return nil
}

// cmdClose closes a month, and the open months before it, once its reports are printed.
func cmdClose(g globals, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("close", flag.ContinueOnError)
	var month monthFlag
	fs.Var(&month, "month", "month to close, YYYY-MM")
	if _, err := parseCommand(g, "close", fs, args, 0); err != nil {
		return err
	}
	if err := missing(g, "cli.usage_close", map[string]bool{"month": month.set}); err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		return closeMonths(ctx, s, loc, month.m, out)
	})
}

// closeMonths closes the months up to m and says which.
func closeMonths(ctx context.Context, s officeStore, loc *translations.Localizer, m data.Month, out io.Writer) error {
	closed, err := s.CloseMonth(ctx, m)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, loc.N("cli.months_closed", len(closed), "From", closed[0].String(), "Through", m.String(),
		"End", loc.Date(m.End())))
	return nil
}

// cmdReopen reopens a month and every later closed month; the reason is required and audited.
func cmdReopen(g globals, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("reopen", flag.ContinueOnError)
	var month monthFlag
	fs.Var(&month, "month", "month to reopen, YYYY-MM")
	reason := fs.String("reason", "", "why the month is reopened")
	if _, err := parseCommand(g, "reopen", fs, args, 0); err != nil {
		return err
	}
	if err := missing(g, "cli.usage_reopen", map[string]bool{"month": month.set, "reason": strings.TrimSpace(*reason) != ""}); err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		reopened, err := s.ReopenMonth(ctx, month.m, *reason)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, loc.N("cli.months_reopened", len(reopened), "From", month.m.String(),
			"Through", reopened[len(reopened)-1].String()))
		return nil
	})
}

// againFlags are --again and --reason: posting a file that was already posted, on purpose.
type againFlags struct {
	again  *bool
	reason *string
}

func addAgainFlags(fs *flag.FlagSet) againFlags {
	return againFlags{
		again:  fs.Bool("again", false, "post a file that was already posted, deliberately (needs --reason)"),
		reason: fs.String("reason", "", "why the file is posted again"),
	}
}

// check refuses --again without --reason, and --reason without --again, as usage errors.
func (a againFlags) check(g globals, usage string) error {
	if *a.again {
		return missing(g, usage, map[string]bool{"reason": strings.TrimSpace(*a.reason) != ""})
	}
	if strings.TrimSpace(*a.reason) != "" {
		return missing(g, usage, map[string]bool{"again": false})
	}
	return nil
}

// sourceFile reads the file to post, once: its bytes to parse and what identifies it. A
// folder, a device or a file too large to be one is refused before it is read.
func (a againFlags) sourceFile(g globals, name string) (data.SourceFile, []byte, error) {
	b, err := readInput(translations.New(g.langOr("vi")), name)
	if err != nil {
		return data.SourceFile{}, nil, err
	}
	return data.SourceFile{SHA256: data.FileSHA256(b), Name: filepath.Base(name), Again: *a.again, Reason: *a.reason}, b, nil
}

// againHint tells how to post a refused duplicate file on purpose.
func againHint(out io.Writer, loc *translations.Localizer, err error) {
	for _, e := range data.DomainErrors(err) {
		if e.Rule == "file_already_posted" {
			fmt.Fprintln(out, loc.T("cli.post_again_hint"))
			return
		}
	}
}
