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

// The registry's reports (reports.Registry: `report commune|office|overdue|disclosure`) and
// the meeting's handout.
func init() {
	for _, e := range reports.Registry {
		reportCommands[e.ID] = cmdRegistered(e)
	}
	reportCommands["meeting"] = cmdReportMeeting
}

// summaryFlags are the flags every summary report takes.
type summaryFlags struct {
	commune, point, unit, lang *string
	date                       dateFlag
	from                       dateFlag // a period's start, for the reports that cover one
	out                        outputFlags
	kind                       string
	u                          reports.Unit
}

// parseSummary parses a summary report's flags; scope is "commune" or "point" for the one
// flag it requires, or "" (a commune the report may take is checked by the caller). xlsx says
// whether the report has a table to write as a workbook.
func parseSummary(g globals, name string, args []string, scope string, xlsx bool) (summaryFlags, globals, error) {
	usage := "cli.usage_report_" + name
	fs := flag.NewFlagSet("report "+name, flag.ContinueOnError)
	var f summaryFlags
	fs.Var(&f.date, "date", "report date YYYY-MM-DD")
	fs.Var(&f.from, "from", "start of the period YYYY-MM-DD (directive40)")
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
	kind, err := f.out.kind(g, usage, xlsx)
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

// write writes the report in the chosen form and confirms a written file.
func (f summaryFlags) write(ctx context.Context, s officeStore, what string, out io.Writer, loc *translations.Localizer, r report) error {
	return f.out.write(ctx, s, what, out, f.kind, r, func() string {
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
	f      summaryFlags
}

// runSummary runs a summary report: flags and the office, then what build makes of them,
// written as the flags say.
func runSummary(g globals, name string, args []string, out io.Writer, scope string, xlsx bool, build func(e summaryEnv) (report, error)) error {
	f, g, err := parseSummary(g, name, args, scope, xlsx)
	if err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		office, err := s.Office(ctx)
		if err != nil {
			return err
		}
		r, err := build(summaryEnv{ctx: ctx, s: s, loc: loc, office: office, f: f})
		if err != nil {
			return err
		}
		return f.write(ctx, s, "report "+name, out, loc, r)
	})
}

// requiredScope is the flag a registered report cannot do without: "commune" or "point", or
// "" for a report that can also cover the whole office.
func requiredScope(e reports.Entry) string {
	switch {
	case e.Offers(reports.ScopeOffice):
		return ""
	case e.Offers(reports.ScopeCommune):
		return "commune"
	case e.Offers(reports.ScopePoint):
		return "point"
	}
	return ""
}

// cmdRegistered runs a report of the registry for the commune or point its flags name, or
// for the whole office.
func cmdRegistered(e reports.Entry) func(g globals, args []string, out io.Writer) error {
	if e.Monthly {
		return cmdMonthly(e) // --month rather than --date
	}
	return func(g globals, args []string, out io.Writer) error {
		return runSummary(g, e.ID, args, out, requiredScope(e), true, func(env summaryEnv) (report, error) {
			r := reports.Request{Office: env.office, Scope: reports.ScopeOffice, On: env.f.date.d, From: env.f.from.d, Unit: env.f.u, Loc: env.loc}
			if env.f.from.set && !e.Period {
				return report{}, usageError{env.loc.T("cli.bad_arguments") + "\n" + env.loc.T("cli.usage_report_"+e.ID)}
			}
			anchor, err := ledgerAnchor(env.ctx, env.s)
			if err != nil {
				return report{}, err
			}
			r.Anchor = anchor
			switch {
			case e.Offers(reports.ScopePoint) && *env.f.point != "":
				p, err := findPoint(env.ctx, env.s, *env.f.point)
				if err != nil {
					return report{}, err
				}
				r.Scope, r.ID = reports.ScopePoint, p.ID
			case e.Offers(reports.ScopeCommune) && *env.f.commune != "":
				c, err := findCommune(env.ctx, env.s, *env.f.commune)
				if err != nil {
					return report{}, err
				}
				r.Scope, r.ID = reports.ScopeCommune, c.ID
			}
			t, err := e.Build(env.ctx, env.s, r)
			if err != nil {
				return report{}, err
			}
			return tabledReport(t, env.loc), nil
		})
	}
}

// tabledReport writes a report's PDF and JSON, and its table as CSV or xlsx.
func tabledReport(t reports.Tabled, loc *translations.Localizer) report {
	return report{
		pdf:  func(w io.Writer) error { return t.WritePDF(w, loc, time.Now()) },
		csv:  func(w io.Writer) error { return t.Table(loc).WriteCSV(w, loc) },
		json: func(w io.Writer) error { return t.WriteJSON(w, loc) },
		xlsx: func(w io.Writer) error { return reports.WriteXLSX(w, t.Table(loc)) },
	}
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
	return runSummary(g, "meeting", args, out, "", false, func(e summaryEnv) (report, error) {
		names, err := programNames(e.ctx, e.s, e.loc)
		if err != nil {
			return report{}, err
		}
		communeID, err := e.optionalCommune()
		if err != nil {
			return report{}, err
		}
		ov, err := e.s.Overview(e.ctx, communeID, e.f.date.d)
		if err != nil {
			return report{}, err
		}
		slides := reports.BuildSlides(ov, e.loc, reports.SlideOptions{Office: e.office, Programs: names, EachCommune: ov.IsOffice()})
		if e.f.from.set { // the Directive 40 review's section, from that date
			r := reports.Request{Office: e.office, Scope: reports.ScopeOffice, ID: communeID, On: e.f.date.d, From: e.f.from.d, Loc: e.loc}
			if communeID != 0 {
				r.Scope = reports.ScopeCommune
			}
			review, err := reports.ReviewSlides(e.ctx, e.s, r)
			if err != nil {
				return report{}, err
			}
			slides = append(slides, review...)
		}
		handout := reports.Handout{Office: e.office, Date: ov.Date, Slides: slides}
		return report{
			pdf:  func(w io.Writer) error { return handout.WritePDF(w, e.loc, time.Now()) },
			csv:  func(w io.Writer) error { return handout.WriteCSV(w, e.loc) },
			json: func(w io.Writer) error { return handout.WriteJSON(w, e.loc) },
		}, nil
	})
}
