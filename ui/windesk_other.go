//go:build !windows

package ui

import (
	"net/url"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
)

// systemOpen opens a saved file or folder with the desktop's viewer (xdg-open, open); with
// none installed the path is still saved and named in the status bar.
func systemOpen(app fyne.App, path string) {
	if u, err := url.Parse(storage.NewFileURI(path).String()); err == nil {
		_ = app.OpenURL(u)
	}
}

// documentsDir is the user's Documents folder, "" when there is none.
func documentsDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, "Documents")
}
