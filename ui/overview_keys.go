package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// F11 starts the meeting from the Overview whatever has the focus. Fyne gives a typed key to
// the focused widget alone (the window's OnTypedKey hears keys only when nothing is focused),
// and it triggers canvas shortcuts only for keys with Ctrl, Alt or Super: F11 pressed after
// picking a commune or typing a date went to the drop-down or the field, which ignore it. So
// each of the Overview's focusable widgets hands F11 to the meeting itself.

// presentOnF11 runs present for F11 and says whether it did.
func presentOnF11(e *fyne.KeyEvent, present func()) bool {
	if e.Name != fyne.KeyF11 || present == nil {
		return false
	}
	present()
	return true
}

// overviewEntry is the Overview's date field.
type overviewEntry struct {
	widget.Entry
	present func()
}

func newOverviewEntry(present func()) *overviewEntry {
	e := &overviewEntry{present: present}
	e.ExtendBaseWidget(e)
	return e
}

func (e *overviewEntry) TypedKey(k *fyne.KeyEvent) {
	if !presentOnF11(k, e.present) {
		e.Entry.TypedKey(k)
	}
}

// overviewButton is one of the Overview's buttons.
type overviewButton struct {
	widget.Button
	present func()
}

func newOverviewButton(text string, icon fyne.Resource, tapped, present func()) *overviewButton {
	b := &overviewButton{present: present}
	b.Text, b.Icon, b.OnTapped = text, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

func (b *overviewButton) TypedKey(e *fyne.KeyEvent) {
	if !presentOnF11(e, b.present) {
		b.Button.TypedKey(e)
	}
}
