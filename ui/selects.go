package ui

import (
	"fyne.io/fyne/v2/widget"

	"policycredit/translations"
)

// newSelect is widget.NewSelect with its empty-choice prompt in the user's language; Fyne's
// own prompt, "(Select one)", is English only.
func newSelect(loc *translations.Localizer, options []string, changed func(string)) *widget.Select {
	s := widget.NewSelect(options, changed)
	s.PlaceHolder = loc.T("select.placeholder")
	return s
}
