package ui

import (
	"fyne.io/fyne/v2"

	"policycredit/windows/windesk"
)

// systemOpen opens a saved file with the program Windows associates with its kind (the PDF
// viewer) and a folder in Explorer (see windesk.ShellOpen). It runs off the caller's
// goroutine: a viewer that is slow to start must not hold the window. With no viewer for the
// kind the file is still saved and named in the status bar.
func systemOpen(_ fyne.App, path string) {
	go func() {
		if err := windesk.ShellOpen(path); err != nil {
			fyne.LogError("opening "+path, err)
		}
	}()
}

// documentsDir is the user's Documents folder, "" when there is none.
func documentsDir() string { return windesk.DocumentsDir() }
