package ui

import (
	"fyne.io/fyne/v2/widget"

	"policycredit/translations"
)

// choice is the product's drop-down: a widget.Select whose empty-choice prompt is in the
// user's language (Fyne's own prompt, "(Select one)", is English only).
type choice struct {
	widget.Select
}

// newSelect makes a choice among options; changed runs when the user picks one.
func newSelect(loc *translations.Localizer, options []string, changed func(string)) *choice {
	s := &choice{}
	s.Options = options
	s.OnChanged = changed
	s.PlaceHolder = loc.T("select.placeholder")
	s.ExtendBaseWidget(s)
	return s
}
