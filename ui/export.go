package ui

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"policycredit/reports"
)

// saveAs asks where to save a file named name by default, then writes it off the UI
// goroutine and says where it went; write gets the path chosen, whose extension may decide
// the file's form.
func (a *App) saveAs(name string, write func(ctx context.Context, w io.Writer, path string) error) {
	a.fileSave(name, func(w fyne.URIWriteCloser) {
		path := w.URI().Path()
		record := a.exportAudit()
		a.async(func(ctx context.Context) error {
			// Owner only before a byte is written: the lists name households.
			werr := os.Chmod(path, 0o600)
			if werr == nil {
				werr = write(ctx, w, path)
			}
			if cerr := w.Close(); werr == nil {
				werr = cerr
			}
			if werr == nil {
				werr = record(ctx, name, path)
			}
			return werr
		}, func(err error) {
			if err != nil {
				a.showError(err)
				return
			}
			a.notify(a.loc.T("report.saved", "File", path))
		})
	})
}

// exportCSV says whether a list saved under path is written as CSV: a name ending in .csv
// asks for it; anything else gets a workbook, where money and dates stay typed.
func exportCSV(path string) bool { return strings.EqualFold(filepath.Ext(path), ".csv") }

// writeList writes the table that table, run off the UI goroutine, makes: as CSV when csv is
// set, else as an xlsx workbook.
func (a *App) writeList(ctx context.Context, w io.Writer, csv bool, table func(ctx context.Context) (reports.Table, error)) error {
	s, err := table(ctx)
	if err != nil {
		return err
	}
	if csv {
		return s.WriteCSV(w, a.loc)
	}
	return reports.WriteXLSX(w, s)
}

// exportButton is the "Export…" button of a list: prepare runs on the UI goroutine when it
// is tapped (reading the screen's filter and rows as they stand) and gives the file name
// without extension and what makes the table. The save dialog proposes name.xlsx; the clerk
// changes the extension to .csv for CSV, so one button and the keyboard reach both.
func (a *App) exportButton(prepare func() (name string, table func(ctx context.Context) (reports.Table, error))) *widget.Button {
	return a.exportButtonLabelled(a.loc.T("list.export"), prepare)
}

// exportButtonLabelled is exportButton under another label, for a screen with more than one
// table to export.
func (a *App) exportButtonLabelled(label string, prepare func() (name string, table func(ctx context.Context) (reports.Table, error))) *widget.Button {
	return widget.NewButton(label, func() {
		name, table := prepare()
		a.saveAs(name+".xlsx", func(ctx context.Context, w io.Writer, path string) error {
			return a.writeList(ctx, w, exportCSV(path), table)
		})
	})
}
