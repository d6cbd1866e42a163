package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"policycredit/reports"
)

// slideView draws one meeting slide to fill its size: sizes are designed for a 1024×768
// projector and scaled to the window, so a 1920×1080 screen shows the same slide larger.
type slideView struct {
	widget.BaseWidget
	slide   reports.Slide
	counter string // "3 / 17"
	footer  string // the office's name
}

func newSlideView(footer string) *slideView {
	v := &slideView{footer: footer}
	v.ExtendBaseWidget(v)
	return v
}

func (v *slideView) setSlide(s reports.Slide, counter string) {
	v.slide, v.counter = s, counter
	v.Refresh()
}

// CreateRenderer lays out at once at the view's size: Fyne may drop a renderer and make a new
// one while the widget keeps its size (see chartRenderer.Refresh).
func (v *slideView) CreateRenderer() fyne.WidgetRenderer {
	r := &slideRenderer{v: v}
	r.Layout(v.Size())
	return r
}

// Slide colours on black.
var (
	slideMuted  = color.NRGBA{0xbd, 0xbd, 0xbd, 0xff}
	slideAccent = color.NRGBA{0x4f, 0xc3, 0xf7, 0xff}
	slideAlert  = color.NRGBA{0xff, 0x52, 0x52, 0xff}
	slideTile   = color.NRGBA{0x1a, 0x1a, 0x1a, 0xff}
)

type slideRenderer struct {
	v       *slideView
	objects []fyne.CanvasObject
	chart   *chartWidget // kept across layouts so a resize does not rebuild its widget
}

func (r *slideRenderer) Destroy()                     {}
func (r *slideRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *slideRenderer) MinSize() fyne.Size           { return fyne.NewSize(320, 240) }
func (r *slideRenderer) Refresh() {
	r.Layout(r.v.Size()) // the view's size, never a remembered one
	canvas.Refresh(r.v)
}

func (r *slideRenderer) add(o fyne.CanvasObject, x, y, w, h float32) {
	o.Move(fyne.NewPos(x, y))
	o.Resize(fyne.NewSize(w, h))
	r.objects = append(r.objects, o)
}

// text places one line, shrinking it down to minSize to fit w, then shortening it.
func (r *slideRenderer) text(s string, size, minSize float32, c color.Color, bold bool, x, y, w float32, align fyne.TextAlign) float32 {
	style := fyne.TextStyle{Bold: bold}
	if tw := fyne.MeasureText(s, size, style).Width; tw > w && w > 0 {
		size = max(minSize, size*w/tw*0.97) // glyph widths do not scale quite linearly
	}
	t := canvas.NewText(fitText(s, size, style, w), c)
	t.TextSize, t.TextStyle, t.Alignment = size, style, align
	h := textHeight(size)
	r.add(t, x, y, w, h)
	return h
}

func (r *slideRenderer) Layout(size fyne.Size) {
	r.objects = r.objects[:0]
	if size.Width <= 0 || size.Height <= 0 {
		return
	}
	s := r.v.slide
	k := min(size.Width/1024, size.Height/768)
	margin := 36 * k
	r.add(canvas.NewRectangle(color.Black), 0, 0, size.Width, size.Height)
	w := size.Width - 2*margin
	y := margin
	y += r.text(s.Title, 44*k, 26*k, color.White, true, margin, y, w, fyne.TextAlignLeading)
	r.add(canvas.NewRectangle(slideAccent), margin, y+4*k, 120*k, 5*k)
	y += 14 * k
	y += r.text(s.Subtitle, 24*k, 16*k, slideMuted, false, margin, y, w, fyne.TextAlignLeading)
	y += 24 * k
	footH := textHeight(20 * k)
	bottom := size.Height - margin - footH - 12*k
	r.text(r.v.footer, 18*k, 12*k, slideMuted, false, margin, size.Height-margin-footH, w*0.7, fyne.TextAlignLeading)
	r.text(r.v.counter, 20*k, 14*k, color.White, true, margin+w*0.7, size.Height-margin-footH, w*0.3, fyne.TextAlignTrailing)
	bodyH := bottom - y
	if len(s.Figures) > 0 {
		figH := bodyH
		if s.Chart != nil {
			figH = bodyH * 0.4
		}
		r.layoutFigures(s.Figures, k, margin, y, w, figH)
		y += figH + 16*k
		bodyH = bottom - y
	}
	if s.Chart != nil && bodyH > 0 {
		if r.chart == nil {
			r.chart = newChart(nil, meetingChartStyle(), nil)
		}
		r.chart.style = meetingChartStyle().scaled(k)
		r.chart.chart = s.Chart
		r.add(r.chart, margin, y, w, bodyH)
		r.chart.Refresh()
	}
}

// layoutFigures lays the big figures out in a grid of tiles: two columns up to four figures,
// three beyond.
func (r *slideRenderer) layoutFigures(figs []reports.BigFigure, k, x0, y0, w, h float32) {
	cols := 2
	if len(figs) > 4 {
		cols = 3
	}
	rows := (len(figs) + cols - 1) / cols
	gap := 16 * k
	tileW := (w - gap*float32(cols-1)) / float32(cols)
	tileH := (h - gap*float32(rows-1)) / float32(rows)
	// Text sizes follow the tile's height: three rows of figures still fit on 4:3, and four
	// figures print larger.
	t := min(k*1.4, tileH/165)
	for i, f := range figs {
		x := x0 + float32(i%cols)*(tileW+gap)
		y := y0 + float32(i/cols)*(tileH+gap)
		bg := canvas.NewRectangle(slideTile)
		bg.CornerRadius = 8 * k
		r.add(bg, x, y, tileW, tileH)
		pad := 14 * k
		ty := y + pad
		ty += r.text(f.Label, 22*t, 14*t, slideMuted, false, x+pad, ty, tileW-2*pad, fyne.TextAlignLeading)
		col := color.Color(color.White)
		if f.Alert {
			col = slideAlert
		}
		ty += r.text(f.Value, 56*t, 28*t, col, true, x+pad, ty, tileW-2*pad, fyne.TextAlignLeading)
		r.text(f.Note, 20*t, 13*t, slideMuted, false, x+pad, ty, tileW-2*pad, fyne.TextAlignLeading)
	}
}
