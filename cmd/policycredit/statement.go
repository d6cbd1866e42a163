package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"policycredit/data"
	"policycredit/reports"
	"policycredit/translations"
)

func init() { reportCommands["statement"] = cmdReportStatement }

// cmdReportStatement writes the statement of a household, or of every household of a group
// or commune: one PDF (or CSV, JSON) for all, or with --split one PDF per household.
func cmdReportStatement(g globals, args []string, out io.Writer) error {
	const usage = "cli.usage_report_statement"
	fs := flag.NewFlagSet("report statement", flag.ContinueOnError)
	var date dateFlag
	fs.Var(&date, "date", "statement date YYYY-MM-DD")
	customer := fs.String("customer", "", "customer code of one household")
	group := fs.String("group", "", "group code: every member's statement")
	commune := fs.String("commune", "", "commune code or name: every household's statement")
	lang := fs.String("lang", "", "vi, en or fr")
	format := fs.String("format", "", "pdf, csv, json or xlsx (default: from the file name, else pdf)")
	split := fs.Bool("split", false, "one PDF per household, written into the folder -o names")
	file := fs.String("o", "", "output file, or folder with --split")
	if _, err := parseInterleaved(g, usage, fs, args, 0); err != nil {
		return err
	}
	if *lang != "" {
		if !isLanguage(*lang) {
			return usageError{translations.New(g.langOr("vi")).T("cli.bad_language", "Lang", *lang)}
		}
		g.lang = *lang
	}
	loc := translations.New(g.langOr("vi"))
	if err := missing(g, usage, map[string]bool{"date": date.set}); err != nil {
		return err
	}
	chosen := 0
	for _, v := range []string{*customer, *group, *commune} {
		if strings.TrimSpace(v) != "" {
			chosen++
		}
	}
	if chosen != 1 {
		return usageError{loc.T("cli.statement_scope") + "\n" + loc.T(usage)}
	}
	kind := strings.ToLower(*format)
	if kind == "" {
		kind = strings.TrimPrefix(strings.ToLower(filepath.Ext(*file)), ".")
		if kind != "csv" && kind != "json" && kind != "xlsx" {
			kind = "pdf"
		}
	}
	if kind != "pdf" && kind != "csv" && kind != "json" && kind != "xlsx" {
		return usageError{loc.T("cli.bad_format", "Format", *format) + "\n" + loc.T(usage)}
	}
	if *split && (kind != "pdf" || *customer != "") {
		return usageError{loc.T("cli.statement_split_pdf") + "\n" + loc.T(usage)}
	}
	if (kind == "pdf" || *split) && *file == "" {
		return usageError{loc.T("cli.pdf_needs_file") + "\n" + loc.T(usage)}
	}
	if kind == "xlsx" && *file == "" { // a workbook is a zip file, no use on a terminal
		return usageError{loc.T("cli.xlsx_needs_file") + "\n" + loc.T(usage)}
	}

	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		office, err := s.Office(ctx)
		if err != nil {
			return err
		}
		anchor, err := ledgerAnchor(ctx, s)
		if err != nil {
			return err
		}
		write := func(fn func(io.Writer) error, done string) error {
			if *file == "" {
				return fn(out)
			}
			if err := writeOutput(ctx, s, "report statement", *file, fn); err != nil {
				return err
			}
			fmt.Fprintln(out, done)
			return nil
		}
		if *customer != "" {
			st, err := s.Statement(ctx, *customer, date.d)
			if err != nil {
				return err
			}
			r := tabledReport(reports.StatementReport{Office: office, Statement: st, Anchor: anchor}, loc)
			fn := map[string]func(io.Writer) error{"pdf": r.pdf, "csv": r.csv, "json": r.json, "xlsx": r.xlsx}[kind]
			return write(fn, loc.T("cli.statement_written", "File", *file))
		}

		scope, err := statementScope(ctx, s, *group, *commune)
		if err != nil {
			return err
		}
		sts, err := s.Statements(ctx, scope, date.d, nil)
		if err != nil {
			return err
		}
		if *split {
			files, err := reports.Statements{Office: office, List: sts, Anchor: anchor}.WriteFiles(ctx, *file, loc, time.Now(), nil)
			for _, f := range files { // each holds a household's name and ID number
				if cerr := os.Chmod(f, 0o600); err == nil {
					err = cerr
				}
			}
			if err != nil {
				return err
			}
			// One export: the folder of the statements, one file per household.
			if err := recordExport(ctx, s, "report statement", *file); err != nil {
				return err
			}
			fmt.Fprintln(out, loc.N("cli.statements_written", len(files), "Path", *file))
			return nil
		}
		fn := map[string]func(io.Writer) error{
			"pdf": func(w io.Writer) error {
				return reports.Statements{Office: office, List: sts, Anchor: anchor}.WritePDF(ctx, w, loc, time.Now(), nil)
			},
			"csv":  func(w io.Writer) error { return reports.StatementsTable(sts, loc).WriteCSV(w, loc) },
			"json": func(w io.Writer) error { return reports.WriteStatementsJSON(w, sts) },
			"xlsx": func(w io.Writer) error { return reports.WriteXLSX(w, reports.StatementsTable(sts, loc)) },
		}[kind]
		return write(fn, loc.N("cli.statements_written", len(sts), "Path", *file))
	})
}

// statementScope finds a group by its code or a commune by its code or name.
func statementScope(ctx context.Context, s officeStore, group, commune string) (data.StatementScope, error) {
	if group = strings.TrimSpace(group); group != "" {
		gs, err := s.SearchGroups(ctx, group, 0)
		if err != nil {
			return data.StatementScope{}, err
		}
		for _, g := range gs {
			if strings.EqualFold(g.Code, group) {
				return data.StatementScope{GroupID: g.ID}, nil
			}
		}
		return data.StatementScope{}, data.NotFound("statement.group", "Code", group)
	}
	commune = strings.TrimSpace(commune)
	cs, err := s.Communes(ctx)
	if err != nil {
		return data.StatementScope{}, err
	}
	for _, c := range cs {
		if strings.EqualFold(c.Code, commune) || data.Fold(c.Name) == data.Fold(commune) {
			return data.StatementScope{CommuneID: c.ID}, nil
		}
	}
	return data.StatementScope{}, data.NotFound("statement.commune", "Code", commune)
}
