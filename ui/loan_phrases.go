package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
)

// phrases shows a text of " · "-separated phrases that wrap as wholes. A wrapping label breaks
// lines at any space, the no-break spaces inside "60 000 000 ₫" included, which left "₫" or
// half a number alone on a line; here each phrase keeps its figures together and a line
// ("\n") of the text starts a new row. The phrases are plain text, without a label's padding,
// so that they take no more height than a wrapped label would.
type phrases struct {
	box  *fyne.Container
	text string
}

func newPhrases() *phrases { return &phrases{box: container.NewVBox()} }

// SetText replaces the phrases shown.
func (p *phrases) SetText(text string) {
	if text == p.text && len(p.box.Objects) > 0 {
		return
	}
	p.text = text
	pad := theme.InnerPadding()
	var rows []fyne.CanvasObject
	for _, line := range strings.Split(text, "\n") {
		parts := strings.Split(line, " · ")
		row := container.New(&wrapLayout{})
		for i, part := range parts {
			if i < len(parts)-1 {
				part += " ·"
			}
			t := canvas.NewText(part, theme.Color(theme.ColorNameForeground))
			t.TextSize = theme.TextSize()
			row.Add(t)
		}
		rows = append(rows, container.New(layout.NewCustomPaddedLayout(0, 0, pad, pad), row))
	}
	p.box.Objects = rows
	p.box.Refresh()
}
