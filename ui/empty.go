package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// emptyState stands where a list or figures would be when the office has none yet: a sentence
// saying what to do next and the buttons that do it, instead of rows of zeros that read as data.
func emptyState(text string, actions ...*widget.Button) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Alignment = fyne.TextAlignCenter
	row := container.NewHBox(layout.NewSpacer())
	for _, b := range actions {
		row.Add(b)
	}
	row.Add(layout.NewSpacer())
	return container.NewVBox(layout.NewSpacer(), l, row, layout.NewSpacer())
}
