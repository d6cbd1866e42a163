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
// render gets the job's own context: a.ctx belongs to the UI goroutine (a lock changes it).
// b, when not nil, is the busy of the button that prints: disabled while the file is written,
// enabled again after, also when it failed, so that the clerk can try again.
func (a *App) savePDF(b *busy, name string, render func(ctx context.Context, w io.Writer) error, done func(path string)) {
	if b == nil {
		b = &busy{}
	}
	path := filepath.Join(a.opts.ReportsDir, name)
	record := a.exportAudit()
	a.write(b, func(ctx context.Context) error {
		var buf bytes.Buffer
		if err := render(ctx, &buf); err != nil {
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
