package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"policycredit/data"
	"policycredit/reports"
	"policycredit/transfer"
	"policycredit/translations"
)

// cmdImport reads a spreadsheet or CSV file into the office: `import FILE [--dry-run]
// [--date CUT-OFF] [--report PROBLEMS.xlsx]`, or writes a blank template with `import
// --template KIND -o FILE.xlsx`. It prints how each sheet was recognised, then what the
// import did or would do; with any bad row it writes nothing, lists every problem and exits
// with the failure code.
func cmdImport(g globals, args []string, out io.Writer) error {
	const usage = "cli.usage_import"
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dryRun := fs.Bool("dry-run", false, "check every row and write nothing")
	report := fs.String("report", "", "write the problems to this xlsx or CSV file")
	template := fs.String("template", "", "write a blank template: places, groups, borrowers, loans or entries")
	file := fs.String("o", "", "output file of --template")
	lang := fs.String("lang", "", "vi, en or fr")
	var cutOff dateFlag
	fs.Var(&cutOff, "date", "cut-off date of loans' balances, YYYY-MM-DD (default: today)")
	want := 1
	for _, a := range args {
		if a == "--template" || a == "-template" || strings.HasPrefix(a, "--template=") || strings.HasPrefix(a, "-template=") {
			want = 0
		}
	}
	pos, err := parseInterleaved(g, usage, fs, args, want)
	if err != nil {
		return err
	}
	if *lang != "" {
		if !isLanguage(*lang) {
			return usageError{translations.New(g.langOr("vi")).T("cli.bad_language", "Lang", *lang)}
		}
		g.lang = *lang
	}
	if *template != "" {
		return writeTemplate(g, transfer.Kind(*template), *file, out)
	}
	// Missing, a folder or a device: said plainly before the office is opened.
	if _, err := checkInput(translations.New(g.langOr("vi")), pos[0]); err != nil {
		return err
	}
	on := data.DateOf(time.Now())
	if cutOff.set {
		on = cutOff.d
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		f, err := transfer.Open(ctx, pos[0], s)
		var fe *transfer.FileError
		if errors.As(err, &fe) {
			return usageError{fe.Text(loc)}
		} else if err != nil {
			return err
		}
		capital, capitalProblems, hasCapital := transfer.TakeCapital(f, loc)
		for _, sh := range f.Sheets {
			describeSheet(out, loc, sh)
		}
		if hasCapital {
			if err := checkCapitalSheet(out, loc, capital, capitalProblems); err != nil || len(f.Sheets) == 0 {
				return importCapitalSheet(ctx, s, out, loc, capital, *dryRun, err)
			}
		}
		programs, err := s.Programs(ctx)
		if err != nil {
			return err
		}
		env := transfer.Env{Programs: programs, CutOff: on}
		// With users the import is one request a controller approves: it is checked first, so
		// that the maker reads its counts and problems here, as the approver will.
		request := !*dryRun && sessionRole(ctx) != "" && data.NeedsApproval(data.ActImport)
		o, err := f.Run(ctx, s, loc, env, *dryRun || request, nil)
		if err != nil {
			return err
		}
		printCounts(out, loc, o.Result)
		if *report != "" && len(o.Problems) > 0 {
			sheet := transfer.ProblemsSheet(loc, o.Problems)
			// The problems come from the user's own file, not from the office: written for the
			// OS user only, but not an export of the office's personal data.
			if err := writeFileAtomic(g.db, *report, func(w io.Writer) error {
				if strings.EqualFold(filepath.Ext(*report), ".csv") {
					return sheet.WriteCSV(w, loc)
				}
				return reports.WriteXLSX(w, sheet)
			}); err != nil {
				return err
			}
		}
		if err := printProblems(out, loc, o.Problems); err != nil {
			return err
		}
		if request {
			o, err = f.Run(ctx, s, loc, env, false, nil)
			var made *data.RequestMade
			if errors.As(err, &made) {
				if err := f.Remember(ctx, s); err != nil {
					return err
				}
			}
			if err != nil {
				return err // the request: exit 3
			}
			// No request: the file changes nothing, as the check said.
		}
		if !o.Result.Written {
			fmt.Fprintln(out, loc.T("cli.import_dry_run"))
			return nil
		}
		if err := f.Remember(ctx, s); err != nil {
			return err
		}
		if hasCapital {
			return importCapitalSheet(ctx, s, out, loc, capital, false, nil)
		}
		fmt.Fprintln(out, loc.T("cli.import_done"))
		return nil
	})
}

// describeSheet prints what a sheet was recognised as and which column gives which field.
func describeSheet(out io.Writer, loc *translations.Localizer, sh transfer.Sheet) {
	m := sh.Mapping
	name := m.Sheet
	if name == "" {
		name = "CSV"
	}
	if m.Kind == "" {
		fmt.Fprintln(out, loc.T("cli.import_sheet_unknown", "Sheet", name))
		return
	}
	fmt.Fprintln(out, loc.T("cli.import_sheet", "Sheet", name, "Kind", loc.T("import.kind."+string(m.Kind)),
		"Line", m.HeaderLine))
	for i, key := range m.Columns {
		if key != "" && i < len(m.Header) {
			fmt.Fprintf(out, "  %s = %s\n", m.Header[i], loc.T("import.col."+key))
		}
	}
}

var importEntities = []string{"office", "commune", "village", "point", "group", "borrower", "loan", "entry"}

func printCounts(out io.Writer, loc *translations.Localizer, r data.ImportResult) {
	for _, e := range importEntities {
		c, ok := r.Counts[e]
		if !ok {
			continue
		}
		fmt.Fprintln(out, loc.T("cli.import_count", "Entity", loc.T("import.entity."+e), "Created", c.Created,
			"Updated", c.Updated, "Unchanged", c.Unchanged))
	}
}

func writeTemplate(g globals, kind transfer.Kind, file string, out io.Writer) error {
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		known := kind == transfer.KindCapital
		for _, k := range transfer.Kinds {
			known = known || k == kind
		}
		if !known {
			return usageError{loc.T("cli.bad_template", "Kind", string(kind)) + "\n" + loc.T("cli.usage_import")}
		}
		if file == "" {
			return usageError{loc.T("cli.export_needs_file") + "\n" + loc.T("cli.usage_import")}
		}
		programs, err := s.Programs(ctx)
		if err != nil {
			return err
		}
		sheet := transfer.Template(loc, kind, programs)
		if kind == transfer.KindCapital {
			sheet = transfer.CapitalTemplate(loc)
		}
		if err := writeFileAtomic(g.db, file, func(w io.Writer) error { return reports.WriteXLSX(w, sheet) }); err != nil {
			return err
		}
		abs, aerr := filepath.Abs(file)
		if aerr != nil {
			abs = file
		}
		fmt.Fprintln(out, loc.T("report.saved", "File", abs))
		return nil
	})
}
