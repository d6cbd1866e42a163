package main

import (
	"context"
	"flag"
	"io"
	"path/filepath"
	"strings"
	"time"

	"policycredit/data"
	"policycredit/reports"
	"policycredit/translations"
)

// The summary reports: `report commune|office|overdue|disclosure`.
func init() {
	reportCommands["commune"] = cmdReportCommune
	reportCommands["office"] = cmdReportOffice
	reportCommands["overdue"] = cmdReportOverdue
	reportCommands["disclosure"] = cmdReportDisclosure
	reportCommands["meeting"] = cmdReportMeeting
}

// summaryXLSX are the summary reports with a table to export as xlsx; the meeting's slides
// have none.
var summaryXLSX = map[string]bool{"commune": true, "office": true, "overdue": true, "disclosure": true}

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
	kind, err := f.out.kind(g, usage, summaryXLSX[name])
	if err != nil {
		return f, g, err
	}
	f.kind = kind
	return f, g, nil
}

// findCommune finds a commune by its official 5-digit code.
func findCommune(ctx context.Context, s data.PlaceStore, code string) (data.Commune, error) {
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
func programNames(ctx context.Context, s officeStore, loc *translations.Localizer) (map[string]string, error) {
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

// summaryEnv is what every summary report reads besides its own figures.
type summaryEnv struct {
	ctx    context.Context
	s      officeStore
	loc    *translations.Localizer
	office data.Office
	names  map[string]string // program names in the report's language
	f      summaryFlags
}

// runSummary runs a summary report: flags, the office and the program names, then what build
// makes of them, written as the flags say.
func runSummary(g globals, name string, args []string, out io.Writer, scope string, build func(e summaryEnv) (report, error)) error {
	f, g, err := parseSummary(g, name, args, scope)
	if err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		office, err := s.Office(ctx)
		if err != nil {
			return err
		}
		names, err := programNames(ctx, s, loc)
		if err != nil {
			return err
		}
		r, err := build(summaryEnv{ctx: ctx, s: s, loc: loc, office: office, names: names, f: f})
		if err != nil {
			return err
		}
		return f.write(out, loc, r)
	})
}

func cmdReportCommune(g globals, args []string, out io.Writer) error {
	return runSummary(g, "commune", args, out, "commune", func(e summaryEnv) (report, error) {
		c, err := findCommune(e.ctx, e.s, *e.f.commune)
		if err != nil {
			return report{}, err
		}
		sum, err := e.s.CommuneSummary(e.ctx, c.ID, e.f.date.d)
		if err != nil {
			return report{}, err
		}
		sheet := reports.CommuneSheet{Office: e.office, Summary: sum, ProgramNames: e.names, Unit: e.f.u}
		return report{
			pdf:  func(w io.Writer) error { return sheet.WritePDF(w, e.loc, time.Now()) },
			csv:  func(w io.Writer) error { return sheet.WriteCSV(w, e.loc) },
			json: func(w io.Writer) error { return sheet.WriteJSON(w, e.loc) },
			xlsx: func(w io.Writer) error { return sheet.WriteXLSX(w, e.loc) },
		}, nil
	})
}

func cmdReportOffice(g globals, args []string, out io.Writer) error {
	return runSummary(g, "office", args, out, "", func(e summaryEnv) (report, error) {
		sum, err := e.s.OfficeSummary(e.ctx, e.f.date.d)
		if err != nil {
			return report{}, err
		}
		sheet := reports.OfficeSheet{Office: e.office, Summary: sum, Unit: e.f.u}
		return report{
			pdf:  func(w io.Writer) error { return sheet.WritePDF(w, e.loc, time.Now()) },
			csv:  func(w io.Writer) error { return sheet.WriteCSV(w, e.loc) },
			json: sheet.WriteJSON,
			xlsx: func(w io.Writer) error { return sheet.WriteXLSX(w, e.loc) },
		}, nil
	})
}

func cmdReportOverdue(g globals, args []string, out io.Writer) error {
	return runSummary(g, "overdue", args, out, "", func(e summaryEnv) (report, error) {
		communeID, err := e.optionalCommune()
		if err != nil {
			return report{}, err
		}
		list, err := e.s.OverdueList(e.ctx, communeID, e.f.date.d)
		if err != nil {
			return report{}, err
		}
		sheet := reports.OverdueSheet{Office: e.office, List: list, Unit: e.f.u}
		return report{
			pdf:  func(w io.Writer) error { return sheet.WritePDF(w, e.loc, time.Now()) },
			csv:  func(w io.Writer) error { return sheet.WriteCSV(w, e.loc) },
			json: sheet.WriteJSON,
			xlsx: func(w io.Writer) error { return sheet.WriteXLSX(w, e.loc) },
		}, nil
	})
}

func cmdReportDisclosure(g globals, args []string, out io.Writer) error {
	return runSummary(g, "disclosure", args, out, "point", func(e summaryEnv) (report, error) {
		p, err := findPoint(e.ctx, e.s, *e.f.point)
		if err != nil {
			return report{}, err
		}
		list, err := e.s.DisclosureList(e.ctx, p.ID, e.f.date.d)
		if err != nil {
			return report{}, err
		}
		sheet := reports.DisclosureSheet{Office: e.office, List: list, ProgramNames: e.names, Unit: e.f.u}
		return report{
			pdf:  func(w io.Writer) error { return sheet.WritePDF(w, e.loc, time.Now()) },
			csv:  func(w io.Writer) error { return sheet.WriteCSV(w, e.loc) },
			json: sheet.WriteJSON,
			xlsx: func(w io.Writer) error { return sheet.WriteXLSX(w, e.loc) },
		}, nil
	})
}

// optionalCommune is the ID of the commune --commune names, or 0 (the whole office) without it.
func (e summaryEnv) optionalCommune() (int64, error) {
	if *e.f.commune == "" {
		return 0, nil
	}
	c, err := findCommune(e.ctx, e.s, *e.f.commune)
	return c.ID, err
}

// cmdReportMeeting writes the meeting's slides as the handout the Overview's meeting mode
// saves: the whole office with a slide per commune, or one commune.
func cmdReportMeeting(g globals, args []string, out io.Writer) error {
	return runSummary(g, "meeting", args, out, "", func(e summaryEnv) (report, error) {
		communeID, err := e.optionalCommune()
		if err != nil {
			return report{}, err
		}
		ov, err := e.s.Overview(e.ctx, communeID, e.f.date.d)
		if err != nil {
			return report{}, err
		}
		slides := reports.BuildSlides(ov, e.loc, reports.SlideOptions{Office: e.office, Programs: e.names, EachCommune: ov.IsOffice()})
		handout := reports.Handout{Office: e.office, Date: ov.Date, Slides: slides}
		return report{
			pdf:  func(w io.Writer) error { return handout.WritePDF(w, e.loc, time.Now()) },
			csv:  func(w io.Writer) error { return handout.WriteCSV(w, e.loc) },
			json: handout.WriteJSON,
		}, nil
	})
}
