package ui

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
)

// savePDF renders a document off the UI goroutine into the reports folder under name, then
// opens it in the system's PDF viewer so the manager can print it.
func (a *App) savePDF(name string, render func(w io.Writer) error, done func(path string)) {
	path := filepath.Join(a.opts.ReportsDir, name)
	record := a.exportAudit()
	a.async(func(ctx context.Context) error {
		var buf bytes.Buffer
		if err := render(&buf); err != nil {
			return err
		}
		if err := os.MkdirAll(a.opts.ReportsDir, 0o755); err != nil {
			return err
		}
		if err := a.writePrivate(path, buf.Bytes()); err != nil {
			return err
		}
		return record(ctx, name, path)
	}, func(err error) {
		if err != nil {
			a.showError(err)
			return
		}
		a.notify(a.loc.T("report.saved", "File", path))
		a.openPath(path) // no viewer installed: the file is still saved and named
		if done != nil {
			done(path)
		}
	})
}
