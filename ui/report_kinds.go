package ui

import (
	"context"
	"fmt"
	"io"
	"time"

	"policycredit/reports"
)

// The summaries and lists of the Reports screen, each built from the store's figures.
func init() {
	reportKinds = append(reportKinds,
		reportKind{id: "commune", title: "summary.commune.title", scopes: []string{scopeCommune}, build: buildCommuneSummary},
		reportKind{id: "office", title: "summary.office.title", scopes: []string{scopeOffice}, build: buildOfficeSummary},
		reportKind{id: "overdue", title: "summary.overdue.title", scopes: []string{scopeCommune, scopeOffice}, build: buildOverdueList},
		reportKind{id: "disclosure", title: "summary.disclosure.title", scopes: []string{scopePoint}, build: buildDisclosureList},
	)
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

func buildCommuneSummary(ctx context.Context, a *App, r reportRequest, progress func(float64)) (func(io.Writer) error, string, error) {
	sum, err := a.store.CommuneSummary(ctx, r.id, r.on)
	if err != nil {
		return nil, "", err
	}
	progress(0.8)
	names, err := programNamesIn(ctx, a, r)
	if err != nil {
		return nil, "", err
	}
	sheet := reports.CommuneSheet{Office: a.office, Summary: sum, ProgramNames: names, Unit: reports.Unit(r.unit)}
	return func(w io.Writer) error { return sheet.WritePDF(w, r.loc, time.Now()) }, reportName("commune", r), nil
}

func buildOfficeSummary(ctx context.Context, a *App, r reportRequest, progress func(float64)) (func(io.Writer) error, string, error) {
	sum, err := a.store.OfficeSummary(ctx, r.on)
	if err != nil {
		return nil, "", err
	}
	progress(0.9)
	sheet := reports.OfficeSheet{Office: a.office, Summary: sum, Unit: reports.Unit(r.unit)}
	return func(w io.Writer) error { return sheet.WritePDF(w, r.loc, time.Now()) }, reportName("office", r), nil
}

func buildOverdueList(ctx context.Context, a *App, r reportRequest, progress func(float64)) (func(io.Writer) error, string, error) {
	var communeID int64
	if r.scope == scopeCommune {
		communeID = r.id
	}
	list, err := a.store.OverdueList(ctx, communeID, r.on)
	if err != nil {
		return nil, "", err
	}
	progress(0.9)
	sheet := reports.OverdueSheet{Office: a.office, List: list, Unit: reports.Unit(r.unit)}
	return func(w io.Writer) error { return sheet.WritePDF(w, r.loc, time.Now()) }, reportName("overdue", r), nil
}

func buildDisclosureList(ctx context.Context, a *App, r reportRequest, progress func(float64)) (func(io.Writer) error, string, error) {
	list, err := a.store.DisclosureList(ctx, r.id, r.on)
	if err != nil {
		return nil, "", err
	}
	progress(0.8)
	names, err := programNamesIn(ctx, a, r)
	if err != nil {
		return nil, "", err
	}
	sheet := reports.DisclosureSheet{Office: a.office, List: list, ProgramNames: names, Unit: reports.Unit(r.unit)}
	return func(w io.Writer) error { return sheet.WritePDF(w, r.loc, time.Now()) }, reportName("disclosure", r), nil
}
