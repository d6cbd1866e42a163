package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"policycredit/data"
	"policycredit/data/sqlite"
	"policycredit/reports"
	"policycredit/translations"
)

// exportLists are the lists `export` writes, in the order "all" puts their sheets.
var exportLists = []struct {
	name  string
	build func(ctx context.Context, s *sqlite.Store, loc *translations.Localizer, on data.Date) (reports.Sheet, error)
}{
	{"places", func(ctx context.Context, s *sqlite.Store, loc *translations.Localizer, _ data.Date) (reports.Sheet, error) {
		communes, err := s.Communes(ctx)
		if err != nil {
			return reports.Sheet{}, err
		}
		villages, err := s.Villages(ctx, 0)
		if err != nil {
			return reports.Sheet{}, err
		}
		points, err := s.Points(ctx, 0)
		if err != nil {
			return reports.Sheet{}, err
		}
		return reports.PlacesSheet(loc, communes, villages, points), nil
	}},
	{"groups", func(ctx context.Context, s *sqlite.Store, loc *translations.Localizer, on data.Date) (reports.Sheet, error) {
		groups, err := s.GroupList(ctx, data.GroupFilter{}, on)
		return reports.GroupsSheet(loc, groups), err
	}},
	{"borrowers", func(ctx context.Context, s *sqlite.Store, loc *translations.Localizer, on data.Date) (reports.Sheet, error) {
		list, err := s.ListBorrowers(ctx, data.BorrowerFilter{On: on})
		return reports.BorrowersSheet(loc, list.Rows), err
	}},
	{"loans", func(ctx context.Context, s *sqlite.Store, loc *translations.Localizer, on data.Date) (reports.Sheet, error) {
		loans, err := s.ListLoans(ctx, data.LoanQuery{On: on, Order: data.OrderByContract})
		return reports.LoansSheet(loc, loans), err
	}},
	{"entries", func(ctx context.Context, s *sqlite.Store, loc *translations.Localizer, _ data.Date) (reports.Sheet, error) {
		lines, err := s.LedgerLines(ctx)
		return reports.EntriesSheet(loc, lines), err
	}},
}

// cmdExport writes `export LIST --format xlsx|csv -o FILE`: one list, or every list as the
// sheets of one workbook. A CSV file holds one table, so "all" as CSV is refused rather than
// written as a folder of files the clerk did not name.
func cmdExport(g globals, args []string, out io.Writer) error {
	const usage = "cli.usage_export"
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	format := fs.String("format", "", "xlsx or csv (default: from the file name)")
	file := fs.String("o", "", "output file")
	lang := fs.String("lang", "", "vi, en or fr")
	var date dateFlag
	fs.Var(&date, "date", "date figures are reckoned on, YYYY-MM-DD (default: today)")
	pos, err := parseInterleaved(g, usage, fs, args, 1)
	if err != nil {
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
	list := pos[0]
	var chosen []int
	for i, l := range exportLists {
		if list == l.name || list == "all" {
			chosen = append(chosen, i)
		}
	}
	if len(chosen) == 0 {
		return usageError{loc.T("cli.bad_list", "List", list) + "\n" + loc.T(usage)}
	}
	if *file == "" {
		return usageError{loc.T("cli.export_needs_file") + "\n" + loc.T(usage)}
	}
	kind := strings.ToLower(*format)
	if kind == "" {
		kind = strings.TrimPrefix(strings.ToLower(filepath.Ext(*file)), ".")
	}
	if kind != "xlsx" && kind != "csv" {
		return usageError{loc.T("cli.bad_export_format", "Format", kind) + "\n" + loc.T(usage)}
	}
	if kind == "csv" && len(chosen) > 1 {
		return usageError{loc.T("cli.export_all_csv") + "\n" + loc.T(usage)}
	}
	on := data.DateOf(time.Now())
	if date.set {
		on = date.d
	}
	return withStore(g, func(ctx context.Context, s *sqlite.Store, loc *translations.Localizer) error {
		sheets := make([]reports.Sheet, len(chosen))
		for i, c := range chosen {
			var err error
			if sheets[i], err = exportLists[c].build(ctx, s, loc, on); err != nil {
				return err
			}
		}
		err := writeFileAtomic(*file, func(w io.Writer) error {
			if kind == "csv" {
				return sheets[0].WriteCSV(w, loc)
			}
			return reports.WriteXLSX(w, sheets...)
		})
		if err != nil {
			return err
		}
		abs, aerr := filepath.Abs(*file)
		if aerr != nil {
			abs = *file
		}
		fmt.Fprintln(out, loc.T("report.saved", "File", abs))
		return nil
	})
}
