package ui

import (
	"errors"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// An error with no sentence of its own is logged beside the office, and the message names the
// log; a file chosen over the office itself is refused before anything is written.
func TestUnexpectedErrorsNameTheLog(t *testing.T) {
	a, _ := newDemoApp(t, "en", "overview")
	a.showError(errors.New("disk I/O error"))
	log := a.store.Path() + ".errors.log"
	b, err := os.ReadFile(log)
	if err != nil || !strings.Contains(string(b), "disk I/O error") {
		t.Fatalf("log %s: %q %v", log, b, err)
	}
	var shown string
	walk(a.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			shown += l.Text
		}
	})
	if !strings.Contains(shown, log) {
		t.Errorf("the message %q does not name %s", shown, log)
	}
	before, _ := os.ReadFile(a.store.Path())
	if err := a.writePrivate(a.store.Path(), []byte("%PDF")); err == nil {
		t.Error("a report was written over the office")
	}
	if after, _ := os.ReadFile(a.store.Path()); string(after) != string(before) {
		t.Error("the office file changed")
	}
}
