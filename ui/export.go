package ui

import (
	"context"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"policycredit/reports"
)

// saveAs asks where to save a file named name by default, then writes it off the UI
// goroutine and says where it went.
func (a *App) saveAs(name string, write func(ctx context.Context, w io.Writer) error) {
	a.fileSave(name, func(w fyne.URIWriteCloser) {
		path := w.URI().Path()
		a.async(func(ctx context.Context) error {
			werr := write(ctx, w)
			if cerr := w.Close(); werr == nil {
				werr = cerr
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

// writeList writes a list as its screen shows it: the columns' translated titles (message
// IDs) and every row that rows, run off the UI goroutine, gives.
func (a *App) writeList(ctx context.Context, w io.Writer, columns []string, rows func(ctx context.Context) ([][]string, error)) error {
	rs, err := rows(ctx)
	if err != nil {
		return err
	}
	header := make([]string, len(columns))
	for i, c := range columns {
		header[i] = a.loc.T(c)
	}
	return reports.WriteTable(w, a.loc, header, rs)
}

// exportButton is the "Export" button of a list: prepare runs on the UI goroutine when it is
// tapped (reading the screen's filter and rows as they stand) and gives the file name and
// what makes the rows.
func (a *App) exportButton(columns []string, prepare func() (name string, rows func(ctx context.Context) ([][]string, error))) *widget.Button {
	return widget.NewButton(a.loc.T("list.export"), func() {
		name, rows := prepare()
		a.saveAs(name, func(ctx context.Context, w io.Writer) error { return a.writeList(ctx, w, columns, rows) })
	})
}
