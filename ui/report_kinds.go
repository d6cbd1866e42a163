package ui

import (
	"context"
	"fmt"
	"io"
	"time"

	"policycredit/reports"
)

// The summaries and lists of the Reports screen are the reports' registry, after the
// statements.
func init() {
	for _, e := range reports.Registry {
		reportKinds = append(reportKinds, registeredKind(e))
	}
}

// registeredKind is a report of the registry as the screen runs it: its PDF, and its table
// for xlsx and CSV, each from the figures fetched when asked.
func registeredKind(e reports.Entry) reportKind {
	figures := func(ctx context.Context, a *App, r reportRequest) (reports.Tabled, error) {
		return e.Build(ctx, a.store, reports.Request{Office: a.office, Scope: reports.Scope(r.scope), ID: r.id, On: r.on,
			From: r.from, Month: r.month, Unit: reports.Unit(r.unit), Loc: r.loc, Anchor: a.ledgerAnchor(ctx)})
	}
	k := reportKind{id: e.ID, title: e.Title, period: e.Period, monthly: e.Monthly}
	for _, s := range e.Scopes {
		k.scopes = append(k.scopes, string(s))
	}
	k.build = func(ctx context.Context, a *App, r reportRequest, progress func(float64)) (func(io.Writer) error, string, error) {
		t, err := figures(ctx, a, r)
		if err != nil {
			return nil, "", err
		}
		progress(0.9)
		return func(w io.Writer) error { return t.WritePDF(w, r.loc, time.Now()) }, reportName(e.ID, r), nil
	}
	k.table = func(ctx context.Context, a *App, r reportRequest) (reports.Table, error) {
		t, err := figures(ctx, a, r)
		if err != nil {
			return reports.Table{}, err
		}
		return t.Table(r.loc), nil
	}
	return k
}

func reportName(kind string, r reportRequest) string {
	when := r.on.String()
	if !r.month.IsZero() { // a monthly report is named by its month, not the day it was printed
		when = r.month.String()
	}
	if r.code == "" { // the whole office: its kind says so ("office-office-…" said it twice)
		return fmt.Sprintf("%s-%s-%s.pdf", kind, when, r.loc.Lang())
	}
	return fmt.Sprintf("%s-%s-%s-%s.pdf", kind, safeName(r.code), when, r.loc.Lang())
}
