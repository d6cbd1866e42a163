package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// chartTitle is a chart's title on one line, in smaller letters where its card is narrow (a
// 1024-pixel window in French), so that no word is lost. A wrapping label would not do: its
// height is known only once it is laid out, too late for the card around it, and the second
// line ran over the chart.
type chartTitle struct {
	widget.BaseWidget
	Text string
}

func newChartTitle(text string) *chartTitle {
	t := &chartTitle{Text: text}
	t.ExtendBaseWidget(t)
	return t
}

// SetText shows another title.
func (t *chartTitle) SetText(s string) {
	t.Text = s
	t.Refresh()
}

func (t *chartTitle) CreateRenderer() fyne.WidgetRenderer {
	r := &chartTitleRenderer{t: t, text: canvas.NewText("", theme.Color(theme.ColorNameForeground))}
	r.text.TextStyle.Bold = true
	r.Layout(t.Size())
	return r
}

type chartTitleRenderer struct {
	t    *chartTitle
	text *canvas.Text
}

// titleMinText is the smallest the title's letters get before its end gives way to "…".
const titleMinText = 12

func (r *chartTitleRenderer) Destroy()                     {}
func (r *chartTitleRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.text} }

// MinSize is one line at full size; no width, so that a title never widens the window.
func (r *chartTitleRenderer) MinSize() fyne.Size {
	return fyne.NewSize(0, textHeight(theme.SizeForWidget(theme.SizeNameSubHeadingText, r.t))+2*theme.InnerPadding())
}

func (r *chartTitleRenderer) Layout(size fyne.Size) {
	pad := theme.InnerPadding()
	w := size.Width - 2*pad
	full := theme.SizeForWidget(theme.SizeNameSubHeadingText, r.t)
	// Whole sizes: Fyne measures (and draws) a fractional size as the next whole one.
	textSize := full
	for textSize > titleMinText && w > 0 && measure(r.t.Text, textSize, true) > w {
		textSize--
	}
	r.text.TextSize = textSize
	r.text.Text = fitText(r.t.Text, textSize, r.text.TextStyle, w)
	h := textHeight(textSize)
	r.text.Move(fyne.NewPos(pad, (size.Height-h)/2))
	r.text.Resize(fyne.NewSize(max(w, 0), h))
}

func (r *chartTitleRenderer) Refresh() {
	r.text.Color = theme.Color(theme.ColorNameForeground)
	r.Layout(r.t.Size())
	r.text.Refresh()
}
