package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// wrapLayout places buttons left to right and starts a new row when the next one does not
// fit, so a toolbar never makes the window wider than the widest button. Fyne's own row-wrap
// layout reports the width it was last given as its minimum, which keeps a window that opened
// wide from ever shrinking again.
type wrapLayout struct {
	width float32 // the width of the last layout, which decides how many rows the minimum has
}

func (l *wrapLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var widest, rowHeight float32
	for _, o := range objs {
		if o.Visible() {
			s := o.MinSize()
			widest = fyne.Max(widest, s.Width)
			rowHeight = fyne.Max(rowHeight, s.Height)
		}
	}
	rows := l.rows(objs, fyne.Max(l.width, widest))
	if rows == 0 {
		return fyne.NewSize(0, 0)
	}
	return fyne.NewSize(widest, float32(rows)*rowHeight+float32(rows-1)*theme.Padding())
}

// rows counts the rows the visible objects take at width.
func (l *wrapLayout) rows(objs []fyne.CanvasObject, width float32) int {
	rows := 0
	var x float32
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		w := o.MinSize().Width
		if rows == 0 || x+w > width {
			rows++
			x = 0
		}
		x += w + theme.Padding()
	}
	return rows
}

func (l *wrapLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	var rowHeight float32
	for _, o := range objs {
		if o.Visible() {
			rowHeight = fyne.Max(rowHeight, o.MinSize().Height)
		}
	}
	var x, y float32
	first := true
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		s := o.MinSize()
		if !first && x+s.Width > size.Width {
			x = 0
			y += rowHeight + theme.Padding()
		}
		first = false
		o.Resize(fyne.NewSize(s.Width, rowHeight))
		o.Move(fyne.NewPos(x, y))
		x += s.Width + theme.Padding()
	}
}
