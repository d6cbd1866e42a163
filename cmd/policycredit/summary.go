package main

import (
	"context"
	"flag"
	"io"
	"path/filepath"
	"strings"
	"time"

	"policycredit/data"
	"policycredit/data/sqlite"
	"policycredit/reports"
	"policycredit/translations"
)

// The summary reports: `report commune|office|overdue|disclosure`.
func init() {
	reportCommands["commune"] = cmdReportCommune
	reportCommands["office"] = cmdReportOffice
	reportCommands["overdue"] = cmdReportOverdue
	reportCommands["disclosure"] = cmdReportDisclosure
}

// summaryFlags are the flags every summary report takes.
type summaryFlags struct {
	commune, point, unit, lang *string
	date                       dateFlag
	out                        outputFlags
	kind                       string
	u                          reports.Unit
}

// parseSummary parses a summary report's flags; scope is "commune", "point" or "" (the
// commune is optional for the overdue list, so it is checked by the caller).
func parseSummary(g globals, name string, args []string, scope string) (summaryFlags, globals, error) {
	usage := "cli.usage_report_" + name
	fs := flag.NewFlagSet("report "+name, flag.ContinueOnError)
	var f summaryFlags
	fs.Var(&f.date, "date", "report date YYYY-MM-DD")
	f.commune = fs.String("commune", "", "commune by its 5-digit code")
	f.point = fs.String("point", "", "transaction point code")
	f.unit = fs.String("unit", "dong", "dong, thousand or million")
	f.lang = fs.String("lang", "", "vi, en or fr")
	f.out = addOutputFlags(fs)
	if _, err := parseInterleaved(g, usage, fs, args, 0); err != nil {
		return f, g, err
	}
	loc := translations.New(g.langOr("vi"))
	if *f.lang != "" {
		if !isLanguage(*f.lang) {
			return f, g, usageError{loc.T("cli.bad_language", "Lang", *f.lang)}
		}
		g.lang = *f.lang
		loc = translations.New(g.lang)
	}
	required := map[string]bool{"date": f.date.set}
	switch scope {
	case "commune":
		required["commune"] = *f.commune != ""
	case "point":
		required["point"] = *f.point != ""
	}
	if err := missing(g, usage, required); err != nil {
		return f, g, err
	}
	var ok bool
	if f.u, ok = reports.ParseUnit(*f.unit); !ok {
		return f, g, usageError{loc.T("cli.bad_unit", "Unit", *f.unit) + "\n" + loc.T(usage)}
	}
	kind, err := f.out.kind(g, usage)
	if err != nil {
		return f, g, err
	}
	f.kind = kind
	return f, g, nil
}

// findCommune finds a commune by its official 5-digit code.
func findCommune(ctx context.Context, s *sqlite.Store, code string) (data.Commune, error) {
	communes, err := s.Communes(ctx)
	if err != nil {
		return data.Commune{}, err
	}
	for _, c := range communes {
		if c.Code == strings.TrimSpace(code) {
			return c, nil
		}
	}
	return data.Commune{}, data.NotFound("summary.commune", "Code", code)
}

// programNames names the programs in the report's language.
func programNames(ctx context.Context, s *sqlite.Store, loc *translations.Localizer) (map[string]string, error) {
	programs, err := s.Programs(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, p := range programs {
		names[p.Code] = p.NameIn(loc.Lang())
	}
	return names, nil
}

// writeSummary writes the report in the chosen form and confirms a written file.
func (f summaryFlags) write(out io.Writer, loc *translations.Localizer, r report) error {
	return f.out.write(out, f.kind, r, func() string {
		abs, err := filepath.Abs(*f.out.file)
		if err != nil {
			abs = *f.out.file
		}
		return loc.T("report.saved", "File", abs)
	})
}

func cmdReportCommune(g globals, args []string, out io.Writer) error {
	f, g, err := parseSummary(g, "commune", args, "commune")
	if err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s *sqlite.Store, loc *translations.Localizer) error {
		c, err := findCommune(ctx, s, *f.commune)
		if err != nil {
			return err
		}
		sum, err := s.CommuneSummary(ctx, c.ID, f.date.d)
		if err != nil {
			return err
		}
		office, err := s.Office(ctx)
		if err != nil {
			return err
		}
		names, err := programNames(ctx, s, loc)
		if err != nil {
			return err
		}
		sheet := reports.CommuneSheet{Office: office, Summary: sum, ProgramNames: names, Unit: f.u}
		return f.write(out, loc, report{
			pdf:  func(w io.Writer) error { return sheet.WritePDF(w, loc, time.Now()) },
			csv:  func(w io.Writer) error { return sheet.WriteCSV(w, loc) },
			json: func(w io.Writer) error { return sheet.WriteJSON(w, loc) },
		})
	})
}

func cmdReportOffice(g globals, args []string, out io.Writer) error {
	f, g, err := parseSummary(g, "office", args, "")
	if err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s *sqlite.Store, loc *translations.Localizer) error {
		sum, err := s.OfficeSummary(ctx, f.date.d)
		if err != nil {
			return err
		}
		office, err := s.Office(ctx)
		if err != nil {
			return err
		}
		sheet := reports.OfficeSheet{Office: office, Summary: sum, Unit: f.u}
		return f.write(out, loc, report{
			pdf:  func(w io.Writer) error { return sheet.WritePDF(w, loc, time.Now()) },
			csv:  func(w io.Writer) error { return sheet.WriteCSV(w, loc) },
			json: sheet.WriteJSON,
		})
	})
}

func cmdReportOverdue(g globals, args []string, out io.Writer) error {
	f, g, err := parseSummary(g, "overdue", args, "")
	if err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s *sqlite.Store, loc *translations.Localizer) error {
		var communeID int64
		if *f.commune != "" {
			c, err := findCommune(ctx, s, *f.commune)
			if err != nil {
				return err
			}
			communeID = c.ID
		}
		list, err := s.OverdueList(ctx, communeID, f.date.d)
		if err != nil {
			return err
		}
		office, err := s.Office(ctx)
		if err != nil {
			return err
		}
		sheet := reports.OverdueSheet{Office: office, List: list, Unit: f.u}
		return f.write(out, loc, report{
			pdf:  func(w io.Writer) error { return sheet.WritePDF(w, loc, time.Now()) },
			csv:  func(w io.Writer) error { return sheet.WriteCSV(w, loc) },
			json: sheet.WriteJSON,
		})
	})
}

func cmdReportDisclosure(g globals, args []string, out io.Writer) error {
	f, g, err := parseSummary(g, "disclosure", args, "point")
	if err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s *sqlite.Store, loc *translations.Localizer) error {
		p, err := findPoint(ctx, s, *f.point)
		if err != nil {
			return err
		}
		list, err := s.DisclosureList(ctx, p.ID, f.date.d)
		if err != nil {
			return err
		}
		office, err := s.Office(ctx)
		if err != nil {
			return err
		}
		names, err := programNames(ctx, s, loc)
		if err != nil {
			return err
		}
		sheet := reports.DisclosureSheet{Office: office, List: list, ProgramNames: names, Unit: f.u}
		return f.write(out, loc, report{
			pdf:  func(w io.Writer) error { return sheet.WritePDF(w, loc, time.Now()) },
			csv:  func(w io.Writer) error { return sheet.WriteCSV(w, loc) },
			json: sheet.WriteJSON,
		})
	})
}
