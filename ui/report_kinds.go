package ui

import (
	"context"
	"fmt"
	"io"
	"time"

	"policycredit/reports"
	"policycredit/translations"
)

// The summaries and lists of the Reports screen, each built from the store's figures.
func init() {
	reportKinds = append(reportKinds,
		reportKind{id: "commune", title: "summary.commune.title", scopes: []string{scopeCommune}, build: buildCommuneSummary,
			sheet: sheetOf(communeSummary)},
		reportKind{id: "office", title: "summary.office.title", scopes: []string{scopeOffice}, build: buildOfficeSummary,
			sheet: sheetOf(officeSummary)},
		reportKind{id: "overdue", title: "summary.overdue.title", scopes: []string{scopeCommune, scopeOffice}, build: buildOverdueList,
			sheet: sheetOf(overdueList)},
		reportKind{id: "disclosure", title: "summary.disclosure.title", scopes: []string{scopePoint}, build: buildDisclosureList,
			sheet: sheetOf(disclosureList)},
	)
}

// tabled is a report's figures that also make a table.
type tabled interface {
	Sheet(loc *translations.Localizer) reports.Sheet
}

// sheetOf is the table of the figures that figures fetches, in the report's language.
func sheetOf[T tabled](figures func(ctx context.Context, a *App, r reportRequest) (T, error)) func(ctx context.Context, a *App, r reportRequest) (reports.Sheet, error) {
	return func(ctx context.Context, a *App, r reportRequest) (reports.Sheet, error) {
		f, err := figures(ctx, a, r)
		if err != nil {
			return reports.Sheet{}, err
		}
		return f.Sheet(r.loc), nil
	}
}

// programNamesIn names the programs in the report's language.
func programNamesIn(ctx context.Context, a *App, r reportRequest) (map[string]string, error) {
	programs, err := a.store.Programs(ctx)
	names := map[string]string{}
	for _, p := range programs {
		names[p.Code] = p.NameIn(r.loc.Lang())
	}
	return names, err
}

func reportName(kind string, r reportRequest) string {
	scope := r.code
	if scope == "" {
		scope = "office"
	}
	return fmt.Sprintf("%s-%s-%s-%s.pdf", kind, safeName(scope), r.on, r.loc.Lang())
}

// The figures of each report, fetched once for its PDF or its table.

func communeSummary(ctx context.Context, a *App, r reportRequest) (reports.CommuneSheet, error) {
	sum, err := a.store.CommuneSummary(ctx, r.id, r.on)
	if err != nil {
		return reports.CommuneSheet{}, err
	}
	names, err := programNamesIn(ctx, a, r)
	return reports.CommuneSheet{Office: a.office, Summary: sum, ProgramNames: names, Unit: reports.Unit(r.unit)}, err
}

func officeSummary(ctx context.Context, a *App, r reportRequest) (reports.OfficeSheet, error) {
	sum, err := a.store.OfficeSummary(ctx, r.on)
	return reports.OfficeSheet{Office: a.office, Summary: sum, Unit: reports.Unit(r.unit)}, err
}

func overdueList(ctx context.Context, a *App, r reportRequest) (reports.OverdueSheet, error) {
	var communeID int64
	if r.scope == scopeCommune {
		communeID = r.id
	}
	list, err := a.store.OverdueList(ctx, communeID, r.on)
	return reports.OverdueSheet{Office: a.office, List: list, Unit: reports.Unit(r.unit)}, err
}

func disclosureList(ctx context.Context, a *App, r reportRequest) (reports.DisclosureSheet, error) {
	list, err := a.store.DisclosureList(ctx, r.id, r.on)
	if err != nil {
		return reports.DisclosureSheet{}, err
	}
	names, err := programNamesIn(ctx, a, r)
	return reports.DisclosureSheet{Office: a.office, List: list, ProgramNames: names, Unit: reports.Unit(r.unit)}, err
}

// pdfOf builds a report's PDF from the figures that figures fetches.
func pdfOf[T interface {
	WritePDF(w io.Writer, loc *translations.Localizer, created time.Time) error
}](kind string, figures func(ctx context.Context, a *App, r reportRequest) (T, error)) func(ctx context.Context, a *App, r reportRequest, progress func(float64)) (func(io.Writer) error, string, error) {
	return func(ctx context.Context, a *App, r reportRequest, progress func(float64)) (func(io.Writer) error, string, error) {
		sheet, err := figures(ctx, a, r)
		if err != nil {
			return nil, "", err
		}
		progress(0.9)
		return func(w io.Writer) error { return sheet.WritePDF(w, r.loc, time.Now()) }, reportName(kind, r), nil
	}
}

var (
	buildCommuneSummary = pdfOf("commune", communeSummary)
	buildOfficeSummary  = pdfOf("office", officeSummary)
	buildOverdueList    = pdfOf("overdue", overdueList)
	buildDisclosureList = pdfOf("disclosure", disclosureList)
)
