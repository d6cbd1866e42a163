package ui

import (
	"runtime"

	"fyne.io/fyne/v2"
	"golang.org/x/sys/windows"
)

// systemOpen opens a saved file with the program Windows associates with its kind (the PDF
// viewer) and a folder in Explorer, through ShellExecute with the file's own path. Fyne's
// OpenURL would hand rundll32 a file:// URL, whose percent-encoded Vietnamese letters the
// shell may read in the ANSI code page. It runs off the caller's goroutine: a viewer that is
// slow to start must not hold the window.
func systemOpen(_ fyne.App, path string) {
	go func() {
		// ShellExecute wants COM on its thread, for viewers registered as shell extensions.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := windows.CoInitializeEx(0, windows.COINIT_APARTMENTTHREADED|windows.COINIT_DISABLE_OLE1DDE); err == nil {
			defer windows.CoUninitialize()
		}
		verb, _ := windows.UTF16PtrFromString("open")
		file, err := windows.UTF16PtrFromString(path)
		if err != nil {
			return
		}
		// No viewer for the kind: the file is still saved and named in the status bar.
		if err := windows.ShellExecute(0, verb, file, nil, nil, windows.SW_SHOWNORMAL); err != nil {
			fyne.LogError("opening "+path, err)
		}
	}()
}

// documentsDir is the user's Documents folder where Windows keeps it (it may have been moved,
// to OneDrive or another drive), "" when Windows does not say.
func documentsDir() string {
	dir, err := windows.KnownFolderPath(windows.FOLDERID_Documents, 0)
	if err != nil {
		return ""
	}
	return dir
}
