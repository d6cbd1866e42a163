package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"policycredit/data"
	"policycredit/reports"
	"policycredit/translations"
)

// cmdCollection dispatches `collection list|day|post|reverse`.
func cmdCollection(g globals, args []string, out io.Writer) error {
	return dispatch(g, "collection", "cli.usage_collection", map[string]command{
		"list":    cmdCollectionList,
		"day":     cmdCollectionDay,
		"post":    cmdCollectionPost,
		"reverse": cmdCollectionReverse,
	}, args, out)
}

// command runs one command, or one verb of a command family such as `loan open`.
type command func(g globals, args []string, out io.Writer) error

// dispatch runs the verb args[0] of the command family name; a missing or unknown verb is a
// usage error that shows usage, the family's usage message.
func dispatch(g globals, name, usage string, verbs map[string]command, args []string, out io.Writer) error {
	loc := translations.New(g.langOr("vi"))
	if len(args) == 0 {
		return usageError{loc.T("cli.bad_arguments") + "\n" + loc.T(usage)}
	}
	if f, ok := verbs[args[0]]; ok {
		return f(g, args[1:], out)
	}
	return usageError{loc.T("cli.unknown_command", "Command", name+" "+args[0]) + "\n" + loc.T(usage)}
}

// parseInterleaved parses flags that may come before or after the positional arguments
// ("post FILE.csv --ref R"), which flag.Parse alone stops at.
func parseInterleaved(g globals, usage string, fs *flag.FlagSet, args []string, want int) ([]string, error) {
	loc := translations.New(g.langOr("vi"))
	fs.SetOutput(io.Discard)
	var positional []string
	guard := guardFlags(fs) // once: an option given before and after a positional is twice
	for {
		if err := parseFlags(loc, fs, guard, args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, helpShown{loc.T(usage)}
			}
			return nil, usageError{err.Error() + "\n" + loc.T(usage)}
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(positional) != want {
		return nil, usageError{loc.T("cli.bad_arguments") + "\n" + loc.T(usage)}
	}
	return positional, nil
}

// findPoint finds a transaction point by its code.
func findPoint(ctx context.Context, s data.PlaceStore, code string) (data.Point, error) {
	points, err := s.Points(ctx, 0)
	if err != nil {
		return data.Point{}, err
	}
	for _, p := range points {
		if strings.EqualFold(p.Code, strings.TrimSpace(code)) {
			return p, nil
		}
	}
	return data.Point{}, data.NotFound("collection.point", "Code", code)
}

// outputFlags are -format and -o, which every command writing a report takes.
type outputFlags struct {
	format, file *string
}

func addOutputFlags(fs *flag.FlagSet) outputFlags {
	return outputFlags{
		format: fs.String("format", "", "pdf, csv, json, or xlsx where the report has a table (default: from the file name, else json)"),
		file:   fs.String("o", "", "output file (default: standard output; a PDF needs a file)"),
	}
}

// kind says which form to write: the -format given, else the file's extension, else JSON.
// xlsx is offered only by the reports that say so (withXLSX): the others refuse it up front
// rather than after reading their figures.
func (o outputFlags) kind(g globals, usage string, withXLSX bool) (string, error) {
	known := func(k string) bool { return k == "pdf" || k == "csv" || k == "json" || (withXLSX && k == "xlsx") }
	kind := strings.ToLower(*o.format)
	if kind == "" {
		kind = strings.TrimPrefix(strings.ToLower(filepath.Ext(*o.file)), ".")
		if kind == "json" || !known(kind) {
			kind = "json"
		}
	}
	loc := translations.New(g.langOr("vi"))
	if !known(kind) {
		return "", usageError{loc.T("cli.bad_format", "Format", *o.format) + "\n" + loc.T(usage)}
	}
	if kind == "pdf" && *o.file == "" {
		return "", usageError{loc.T("cli.pdf_needs_file") + "\n" + loc.T(usage)}
	}
	if kind == "xlsx" && *o.file == "" { // a workbook is a zip file, no use on a terminal
		return "", usageError{loc.T("cli.xlsx_needs_file") + "\n" + loc.T(usage)}
	}
	return kind, nil
}

// pointDayFlags are the flags of the commands about one point's day.
type pointDayFlags struct {
	outputFlags
	point *string
	date  dateFlag
}

func newPointDayFlags(name string) (*flag.FlagSet, *pointDayFlags) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	f := &pointDayFlags{}
	f.point = fs.String("point", "", "transaction point code")
	fs.Var(&f.date, "date", "transaction day YYYY-MM-DD (default: the point's next fixed day)")
	f.outputFlags = addOutputFlags(fs)
	return fs, f
}

// day is the chosen day, or the point's next fixed day from today.
func (f *pointDayFlags) day(p data.Point) data.Date {
	if f.date.set {
		return f.date.d
	}
	return data.NextPointDay(p.Day, data.DateOf(time.Now()))
}

// report is a document in its forms; xlsx is nil for a report that has no table to export.
type report struct {
	pdf  func(io.Writer) error
	csv  func(io.Writer) error
	json func(io.Writer) error
	xlsx func(io.Writer) error
}

// write puts the report where the flags say and, for a file, confirms with done's message;
// a file is audited as an export by ctx's user, under what.
func (o outputFlags) write(ctx context.Context, s officeStore, what string, out io.Writer, kind string, r report, done func() string) error {
	write := r.json
	switch kind {
	case "pdf":
		write = r.pdf
	case "csv":
		write = r.csv
	case "xlsx":
		write = r.xlsx
	}
	if write == nil { // kind refuses xlsx for such reports; this only guards against a crash
		return errors.New("report: no " + kind + " form")
	}
	if *o.file == "" {
		return write(out)
	}
	if err := writeOutput(ctx, s, what, *o.file, write); err != nil {
		return err
	}
	fmt.Fprintln(out, done())
	return nil
}

// runPointDay runs a command about one point's day: it reads the flags, finds the point and
// the office, and writes what build makes of them.
func runPointDay(g globals, name string, args []string, out io.Writer,
	build func(ctx context.Context, s officeStore, loc *translations.Localizer, office data.Office, p data.Point, on data.Date) (report, func(file string) string, error)) error {
	const usage = "cli.usage_collection"
	fs, f := newPointDayFlags(name)
	if _, err := parseInterleaved(g, usage, fs, args, 0); err != nil {
		return err
	}
	if err := missing(g, usage, map[string]bool{"point": *f.point != ""}); err != nil {
		return err
	}
	kind, err := f.kind(g, usage, true) // the collection list and the day report are tables
	if err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		p, err := findPoint(ctx, s, *f.point)
		if err != nil {
			return err
		}
		office, err := s.Office(ctx)
		if err != nil {
			return err
		}
		r, done, err := build(ctx, s, loc, office, p, f.day(p))
		if err != nil {
			return err
		}
		return f.write(ctx, s, name, out, kind, r, func() string { return done(*f.file) })
	})
}

func cmdCollectionList(g globals, args []string, out io.Writer) error {
	return runPointDay(g, "collection list", args, out, func(ctx context.Context, s officeStore, loc *translations.Localizer,
		office data.Office, p data.Point, on data.Date) (report, func(file string) string, error) {
		list, err := s.CollectionList(ctx, p.ID, on)
		if err != nil {
			return report{}, nil, err
		}
		anchor, err := ledgerAnchor(ctx, s)
		if err != nil {
			return report{}, nil, err
		}
		return tabledReport(reports.CollectionReport{Office: office, List: list, Anchor: anchor}, loc), func(file string) string {
			return loc.N("cli.collection_written", list.Totals.Members, "File", file, "Groups", loc.Number(int64(len(list.Groups))))
		}, nil
	})
}

func cmdCollectionDay(g globals, args []string, out io.Writer) error {
	return runPointDay(g, "collection day", args, out, func(ctx context.Context, s officeStore, loc *translations.Localizer,
		office data.Office, p data.Point, on data.Date) (report, func(file string) string, error) {
		day, err := s.DayReport(ctx, p.ID, on)
		if err != nil {
			return report{}, nil, err
		}
		names, err := programNames(ctx, s, loc)
		if err != nil {
			return report{}, nil, err
		}
		anchor, err := ledgerAnchor(ctx, s)
		if err != nil {
			return report{}, nil, err
		}
		return tabledReport(reports.DayReport{Office: office, Report: day, ProgramNames: names, Anchor: anchor}, loc), func(file string) string { return loc.T("cli.day_written", "File", file) }, nil
	})
}

// writeFileAtomic writes an output file through reports.WriteFile: never over the office at
// db, its companions or its backups, readable by the OS user alone, through a temporary file
// renamed into place, so that a failed write leaves no half file.
func writeFileAtomic(db, name string, write func(io.Writer) error) error {
	return outputError(name, reports.WriteFile(name, reports.ProtectOffice(db, backupDir(db)), write))
}

// outputFailed is an output file the system would not let us write (a full disk, a file or
// folder without write permission, a read-only disk): its own message, not an unexpected error.
type outputFailed struct {
	file string
	err  error
}

func (e outputFailed) Error() string { return e.err.Error() }
func (e outputFailed) Unwrap() error { return e.err }

// outputError marks err as an output failure when it comes from the file system (writing,
// flushing, closing or renaming name); the checks' refusals and the rest pass unchanged.
func outputError(name string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	if err != nil && data.DomainErrors(err) == nil && (errors.As(err, &pe) || errors.As(err, &le)) {
		return outputFailed{name, err}
	}
	return err
}

func cmdCollectionPost(g globals, args []string, out io.Writer) error {
	const usage = "cli.usage_collection"
	fs := flag.NewFlagSet("collection post", flag.ContinueOnError)
	ref := fs.String("ref", "", "batch reference (default: POINT/YYYYMMDD)")
	again := addAgainFlags(fs)
	files, err := parseInterleaved(g, usage, fs, args, 1)
	if err != nil {
		return err
	}
	if err := again.check(g, usage); err != nil {
		return err
	}
	source, content, err := again.sourceFile(g, files[0])
	if err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		filled, err := reports.ReadCollectionCSV(bytes.NewReader(content), loc)
		if err == nil {
			var p data.Point
			if p, err = findPoint(ctx, s, filled.PointCode); err == nil {
				var posted string
				posted, err = s.PostCollection(ctx, data.CollectionBatch{Ref: *ref, PointID: p.ID, Date: filled.Date,
					Entries: filled.Entries, File: source})
				if err == nil {
					fmt.Fprintln(out, loc.N("cli.collection_posted", len(filled.Entries), "Ref", posted))
					return nil
				}
				againHint(out, loc, err)
			}
		}
		return printLineErrors(out, loc, err)
	})
}

// printLineErrors lists a refused file's problems by line; an error that is not about the
// data is returned as it is.
func printLineErrors(out io.Writer, loc *translations.Localizer, err error) error {
	des := data.DomainErrors(err)
	if des == nil {
		return err
	}
	sort.SliceStable(des, func(i, j int) bool {
		li, _ := des[i].Params["Line"].(int)
		lj, _ := des[j].Params["Line"].(int)
		return li < lj
	})
	fmt.Fprintln(out, loc.N("cli.post_refused", len(des)))
	for _, e := range des {
		if line, ok := e.Params["Line"].(int); ok {
			fmt.Fprintln(out, "  "+loc.T("cli.post_line", "Line", line, "Reason", loc.Error(e)))
		} else {
			fmt.Fprintln(out, "  "+loc.Error(e))
		}
	}
	return errProblemsFound
}

func cmdCollectionReverse(g globals, args []string, out io.Writer) error {
	const usage = "cli.usage_collection"
	fs := flag.NewFlagSet("collection reverse", flag.ContinueOnError)
	reason := fs.String("reason", "", "why the batch is reversed")
	refs, err := parseInterleaved(g, usage, fs, args, 1)
	if err != nil {
		return err
	}
	if err := missing(g, usage, map[string]bool{"reason": strings.TrimSpace(*reason) != ""}); err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		if err := s.ReverseCollection(ctx, refs[0], *reason); err != nil {
			return err
		}
		fmt.Fprintln(out, loc.T("cli.collection_reversed", "Ref", refs[0]))
		return nil
	})
}
