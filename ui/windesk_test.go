package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
)

// The first file dialog opens in Documents; once the clerk has gone elsewhere, the next one
// opens there; with no Documents folder Fyne's own start stays.
func TestWindeskFileDialogsStartInDocuments(t *testing.T) {
	home := fakeHome(t)
	a, _ := newTestApp(t, "vi", "settings")
	prefs := a.fyneApp.Preferences()
	prefs.SetString(fileDialogFolderKey, "")
	shown := func() string {
		t.Helper()
		dir, ok := a.dialogFolder()
		if !ok {
			t.Fatal("the dialog shows no folder")
		}
		return dir.Path()
	}
	docs := filepath.Join(home, "Documents")

	a.fileSave("ho-vay.csv", func(w fyne.URIWriteCloser) { w.Close() })
	if got := shown(); got != docs {
		t.Errorf("the save dialog starts in %s, want %s", got, docs)
	}
	closeOverlays(a)

	elsewhere := t.TempDir()
	prefs.SetString(fileDialogFolderKey, storage.NewFileURI(elsewhere).String())
	a.fileOpen(func(r fyne.URIReadCloser) { r.Close() })
	if got := shown(); got != elsewhere {
		t.Errorf("the open dialog starts in %s, not where the last one was left (%s)", got, elsewhere)
	}
	closeOverlays(a)

	prefs.SetString(fileDialogFolderKey, "")
	if err := os.Remove(docs); err != nil {
		t.Fatal(err)
	}
	a.fileOpen(func(r fyne.URIReadCloser) { r.Close() })
	if got := shown(); got == docs {
		t.Errorf("the open dialog starts in the missing %s", got)
	}
	closeOverlays(a)
}
