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
	"policycredit/reports"
	"policycredit/transfer"
	"policycredit/translations"
)

// exportLists are the lists `export` writes, in the order "all" puts their sheets. Each sheet
// has the columns `import` reads, so that an exported office imports back as it was.
var exportLists = []struct {
	name  string
	sheet func(o transfer.Office, loc *translations.Localizer) reports.Table
}{
	{"places", transfer.Office.PlacesSheet},
	{"groups", transfer.Office.GroupsSheet},
	{"borrowers", transfer.Office.BorrowersSheet},
	{"loans", transfer.Office.LoansSheet},
	{"entries", transfer.Office.EntriesSheet},
	{"capital", transfer.Office.CapitalSheet},
}

// officeRecords reads what the export writes, with the figures on date on.
func officeRecords(ctx context.Context, s officeStore, on data.Date) (o transfer.Office, err error) {
	steps := []func() error{
		func() (err error) { o.Office, err = s.Office(ctx); return },
		func() (err error) { o.Communes, err = s.Communes(ctx); return },
		func() (err error) { o.Villages, err = s.Villages(ctx, 0); return },
		func() (err error) { o.Points, err = s.Points(ctx, 0); return },
		func() (err error) { o.Groups, err = s.GroupList(ctx, data.GroupFilter{}, on); return },
		func() (err error) { o.Borrowers, err = s.SearchBorrowers(ctx, "", 0); return },
		func() (err error) {
			o.Loans, err = s.ListLoans(ctx, data.LoanQuery{On: on, Order: data.OrderByContract})
			return
		},
		func() (err error) { o.OwnRates, err = s.OwnRates(ctx); return },
		func() (err error) { o.Outcomes, err = s.LoanOutcomes(ctx); return },
		func() (err error) { o.Entries, err = s.LedgerLines(ctx); return },
		func() (err error) { o.CapitalPools, err = s.CapitalPools(ctx); return },
		func() (err error) { o.CapitalEntries, err = s.CapitalEntries(ctx); return },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return o, err
		}
	}
	return o, nil
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
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		office, err := officeRecords(ctx, s, on)
		if err != nil {
			return err
		}
		sheets := make([]reports.Table, len(chosen))
		for i, c := range chosen {
			sheets[i] = exportLists[c].sheet(office, loc)
		}
		err = writeOutput(ctx, s, "export", *file, func(w io.Writer) error {
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
