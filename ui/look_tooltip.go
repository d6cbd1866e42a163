package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tipDelay is how long the mouse rests on a cut text before its full text shows.
const tipDelay = 500 * time.Millisecond

// tipLabel is a table cell's label that shows its whole text in a small pop-up when the mouse
// rests on it and the text is cut (Fyne 2.7 has no tooltips). It costs nothing until hovered:
// one timer per hover, no goroutine per cell, so 100,000-row tables stay smooth.
type tipLabel struct {
	widget.Label
	table   *widget.Table            // also told of the mouse, for its row highlight; may be nil
	holder  func() fyne.CanvasObject // the table as the canvas holds it (a wrapper of it, if any)
	hovered bool
	at      fyne.Position // where the mouse is, in the canvas
	timer   *time.Timer
	tip     *fyne.Container // the tip shown, in layer
	layer   *fyne.Container
}

func newTipLabel(table *widget.Table, holder func() fyne.CanvasObject, style fyne.TextStyle) *tipLabel {
	l := &tipLabel{table: table, holder: holder}
	l.TextStyle = style
	l.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	return l
}

// setText changes the text, taking down a tip that showed the old one (the table scrolled).
func (l *tipLabel) setText(text string) {
	if text != l.Text {
		l.hideTip()
	}
	l.SetText(text)
}

// cut says whether the text is wider than the label shows.
func (l *tipLabel) cut() bool {
	if l.Text == "" {
		return false
	}
	w := fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width + 2*theme.InnerPadding()
	return w > l.Size().Width+0.5
}

func (l *tipLabel) MouseIn(ev *desktop.MouseEvent) {
	l.hovered, l.at = true, ev.AbsolutePosition
	l.forward(ev)
	if l.timer != nil {
		l.timer.Stop()
	}
	if l.cut() {
		l.timer = time.AfterFunc(tipDelay, func() { fyne.Do(l.showTip) })
	}
}

func (l *tipLabel) MouseMoved(ev *desktop.MouseEvent) {
	l.at = ev.AbsolutePosition
	l.forward(ev)
}

func (l *tipLabel) MouseOut() {
	l.hovered = false
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
	l.hideTip()
	if l.table != nil {
		l.table.MouseOut()
	}
}

// forward hands the mouse to the table, which highlights the cell under it.
func (l *tipLabel) forward(ev *desktop.MouseEvent) {
	if l.table == nil || l.holder == nil {
		return
	}
	// The canvas knows the table by the object the screen placed, which may embed it.
	origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(l.holder())
	moved := *ev
	moved.Position = ev.AbsolutePosition.Subtract(origin)
	l.table.MouseMoved(&moved)
}

// showTip shows the full text just under the mouse while it is still on a cut label. The tip
// is drawn in a layer over the window's content, not in an overlay: an overlay would take the
// keyboard from the focused field and the next click from the table.
func (l *tipLabel) showTip() {
	if !l.hovered || !l.cut() || l.tip != nil {
		return
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(l)
	// Under a dialog or a menu the tip would be drawn beneath it; the content is not in use.
	if c == nil || c.Overlays().Top() != nil {
		return
	}
	layer := tipLayerOf(c)
	text := widget.NewLabelWithStyle(l.Text, fyne.TextAlignLeading, l.TextStyle)
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	bg.StrokeColor = theme.Color(theme.ColorNameForeground)
	bg.StrokeWidth = 1
	bg.CornerRadius = theme.InputRadiusSize()
	box := container.NewStack(bg, text)
	size := box.MinSize()
	origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(layer)
	pos := l.at.Add(fyne.NewPos(0, theme.TextSize()+theme.Padding()*2)).Subtract(origin)
	pos.X = fyne.Max(0, fyne.Min(pos.X, layer.Size().Width-size.Width))
	if pos.Y+size.Height > layer.Size().Height {
		pos.Y = l.at.Y - origin.Y - size.Height - theme.Padding()
	}
	box.Resize(size)
	box.Move(pos)
	layer.Add(box)
	l.tip, l.layer = box, layer
}

func (l *tipLabel) hideTip() {
	if l.tip != nil {
		l.layer.Remove(l.tip)
		l.tip, l.layer = nil, nil
	}
}

// tipLayerOf is the layer tips are drawn in over the canvas's content: the last object of the
// content's stack when it is a container without layout (the window's own, App.tips), else
// one put there now. Its objects take no mouse events, so the table under a tip keeps its
// clicks.
func tipLayerOf(c fyne.Canvas) *fyne.Container {
	if root, ok := c.Content().(*fyne.Container); ok && len(root.Objects) >= 2 {
		if layer, ok := root.Objects[len(root.Objects)-1].(*fyne.Container); ok && layer.Layout == nil {
			return layer
		}
	}
	layer := container.NewWithoutLayout()
	c.SetContent(container.NewStack(c.Content(), layer))
	return layer
}
