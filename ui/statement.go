package ui

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"policycredit/data"
	"policycredit/reports"
)

// printStatement saves the statement of the household with customer code on the working
// date as a PDF in the reports folder and opens it (Ctrl+P on a household's detail).
func (a *App) printStatement(customer string) {
	on, loc, office := a.workingDate(), a.loc, a.office
	name := fmt.Sprintf("statement-%s-%s-%s.pdf", safeName(customer), on, loc.Lang())
	a.savePDF(nil, name, func(ctx context.Context, w io.Writer) error {
		st, err := a.store.Statement(ctx, customer, on)
		if err != nil {
			return err
		}
		return reports.StatementReport{Office: office, Statement: st, Anchor: a.ledgerAnchor(ctx)}.WritePDF(w, loc, time.Now())
	}, nil)
}

// buildStatements is the "statement" kind of the Reports screen: one household's statement,
// or all statements of a group or commune in one PDF or (split) one PDF per household in a
// folder of the reports folder, whose path comes back as name with a nil render.
func buildStatements(ctx context.Context, a *App, r reportRequest, progress func(float64)) (func(io.Writer) error, string, error) {
	office, loc := a.office, r.loc
	if r.scope == scopeHousehold {
		st, err := a.store.Statement(ctx, r.code, r.on)
		if err != nil {
			return nil, "", err
		}
		name := fmt.Sprintf("statement-%s-%s-%s.pdf", safeName(r.code), r.on, loc.Lang())
		return func(w io.Writer) error {
			return reports.StatementReport{Office: office, Statement: st, Anchor: a.ledgerAnchor(ctx)}.WritePDF(w, loc, time.Now())
		}, name, nil
	}
	scope := data.StatementScope{GroupID: r.id}
	if r.scope == scopeCommune {
		scope = data.StatementScope{CommuneID: r.id}
	}
	// Computing the figures is about a third of the work, printing the rest.
	sts, err := a.store.Statements(ctx, scope, r.on, func(done, total int) {
		if total > 0 {
			progress(0.3 * float64(done) / float64(total))
		}
	})
	if err != nil {
		return nil, "", err
	}
	if len(sts) == 0 {
		return nil, "", data.Invalid("statement.scope", "required")
	}
	printed := func(done, total int) { progress(0.3 + 0.7*float64(done)/float64(total)) }
	base := fmt.Sprintf("statements-%s-%s-%s", safeName(r.code), r.on, loc.Lang())
	if r.split {
		dir := filepath.Join(a.opts.ReportsDir, base)
		if _, err := (reports.Statements{Office: office, List: sts, Anchor: a.ledgerAnchor(ctx)}).WriteFiles(ctx, dir, loc, time.Now(), printed); err != nil {
			return nil, "", err
		}
		return nil, dir, nil
	}
	return func(w io.Writer) error {
		return reports.Statements{Office: office, List: sts, Anchor: a.ledgerAnchor(ctx)}.WritePDF(ctx, w, loc, time.Now(), printed)
	}, base + ".pdf", nil
}

// statementsTable is the ledger lines of the household's, group's or commune's statements as
// one table.
func statementsTable(ctx context.Context, a *App, r reportRequest) (reports.Table, error) {
	if r.scope == scopeHousehold {
		st, err := a.store.Statement(ctx, r.code, r.on)
		if err != nil {
			return reports.Table{}, err
		}
		return reports.StatementReport{Office: a.office, Statement: st}.Table(r.loc), nil
	}
	scope := data.StatementScope{GroupID: r.id}
	if r.scope == scopeCommune {
		scope = data.StatementScope{CommuneID: r.id}
	}
	sts, err := a.store.Statements(ctx, scope, r.on, nil)
	if err != nil {
		return reports.Table{}, err
	}
	if len(sts) == 0 {
		return reports.Table{}, data.Invalid("statement.scope", "required")
	}
	return reports.StatementsTable(sts, r.loc), nil
}

// openPath opens a saved file or folder with the system's viewer; with none installed the
// path is still saved and named in the status bar.
func (a *App) openPath(path string) { systemOpen(a.fyneApp, path) }

// safeName keeps a code usable in a file name.
func safeName(s string) string {
	out := []rune{}
	for _, r := range s {
		switch {
		case r == '/' || r == '\\' || r == ':' || r == '*' || r == '?' || r == '"' || r == '<' || r == '>' || r == '|' || r < ' ':
			out = append(out, '_')
		default:
			out = append(out, r)
		}
	}
	return string(out)
}
