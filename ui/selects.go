package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"policycredit/translations"
)

// filterAbove is the number of options above which a choice opens a list filtered as the
// clerk types instead of Fyne's menu: 197 villages in a menu is a long scroll.
const filterAbove = 15

// choice is the product's drop-down: a widget.Select whose empty-choice prompt is in the
// user's language (Fyne's own prompt, "(Select one)", is English only). With more than
// filterAbove options, tapping it opens a search box over a list filtered as the clerk types
// (see look_picker.go); picking there sets Selected and runs OnChanged as the menu does.
type choice struct {
	widget.Select
	loc    *translations.Localizer
	picker *pickerPopup // the filtered list while it is open
	// onKey, when set, sees a typed key first and says whether it took it (the Overview's
	// scope hands F11 to the meeting).
	onKey func(*fyne.KeyEvent) bool
}

// newSelect makes a choice among options; changed runs when the user picks one.
func newSelect(loc *translations.Localizer, options []string, changed func(string)) *choice {
	s := &choice{loc: loc}
	s.Options = options
	s.OnChanged = changed
	s.PlaceHolder = loc.T("select.placeholder")
	s.ExtendBaseWidget(s)
	return s
}

// filters says whether this choice opens the filtered list rather than the plain menu.
func (s *choice) filters() bool { return len(s.Options) > filterAbove }

func (s *choice) Tapped(ev *fyne.PointEvent) {
	if !s.filters() || s.Disabled() {
		s.Select.Tapped(ev)
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(s); c != nil {
		c.Focus(s)
	}
	s.openPicker("")
}

func (s *choice) TypedKey(ev *fyne.KeyEvent) {
	if s.onKey != nil && s.onKey(ev) {
		return
	}
	if s.filters() && !s.Disabled() {
		switch ev.Name {
		case fyne.KeySpace, fyne.KeyUp, fyne.KeyDown, fyne.KeyReturn, fyne.KeyEnter:
			s.openPicker("")
			return
		}
	}
	s.Select.TypedKey(ev)
}

// TypedRune starts the search with the letter typed on a focused choice.
func (s *choice) TypedRune(r rune) {
	if s.filters() && !s.Disabled() && r != ' ' {
		s.openPicker(string(r))
		return
	}
	s.Select.TypedRune(r)
}

// pick is what choosing in the filtered list does: what Fyne's menu does when an item is
// tapped.
func (s *choice) pick(option string) {
	s.Selected = option
	if s.OnChanged != nil {
		s.OnChanged(option)
	}
	s.Refresh()
}
