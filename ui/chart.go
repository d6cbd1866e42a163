package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"policycredit/reports"
)

// Charts of the Overview screen and the meeting slides, drawn with Fyne's canvas from a
// reports.Chart (the same figures the PDF handout draws). A chart lays itself out for whatever
// size it gets: long labels are shortened with an ellipsis, column labels shrink to fit.

// chartStyle is how big and in which colours a chart draws.
type chartStyle struct {
	text                                      float32 // labels and values
	small                                     float32 // axis notes, legends, column values
	bar                                       float32 // thickness of a horizontal bar
	gap                                       float32 // between bars
	fg, muted, bar1, bar2, alert, mark, track color.Color
	tones                                     [4]color.Color // ratings, best first
	unrated                                   color.Color
}

// scaled is the style with every size multiplied by k.
func (s chartStyle) scaled(k float32) chartStyle {
	s.text *= k
	s.small *= k
	s.bar *= k
	s.gap *= k
	return s
}

var (
	colorGood    = color.NRGBA{0x2e, 0x7d, 0x32, 0xff}
	colorFair    = color.NRGBA{0x7c, 0xb3, 0x42, 0xff}
	colorAverage = color.NRGBA{0xf9, 0xa8, 0x25, 0xff}
	colorWeak    = color.NRGBA{0xc6, 0x28, 0x28, 0xff}
)

// officeChartStyle suits the Overview screen on an office PC.
func officeChartStyle() chartStyle {
	return chartStyle{text: 13, small: 11, bar: 16, gap: 6,
		fg: color.NRGBA{0x21, 0x21, 0x21, 0xff}, muted: color.NRGBA{0x61, 0x61, 0x61, 0xff},
		bar1: color.NRGBA{0x15, 0x65, 0xc0, 0xff}, bar2: color.NRGBA{0xe6, 0x51, 0x00, 0xff},
		alert: color.NRGBA{0xc6, 0x28, 0x28, 0xff}, mark: color.NRGBA{0x21, 0x21, 0x21, 0xff},
		track: color.NRGBA{0xee, 0xee, 0xee, 0xff},
		tones: [4]color.Color{colorGood, colorFair, colorAverage, colorWeak}, unrated: color.NRGBA{0x9e, 0x9e, 0x9e, 0xff}}
}

// meetingChartStyle is white and bright on black, thick bars: readable from the back of a
// room on a washed-out projector. Sizes are for a 1024×768 slide; the slide scales them.
func meetingChartStyle() chartStyle {
	return chartStyle{text: 20, small: 16, bar: 26, gap: 10,
		fg: color.White, muted: color.NRGBA{0xe0, 0xe0, 0xe0, 0xff},
		bar1: color.NRGBA{0x4f, 0xc3, 0xf7, 0xff}, bar2: color.NRGBA{0xff, 0xb3, 0x00, 0xff},
		alert: color.NRGBA{0xff, 0x52, 0x52, 0xff}, mark: color.White,
		track: color.NRGBA{0x26, 0x26, 0x26, 0xff},
		tones: [4]color.Color{color.NRGBA{0x66, 0xbb, 0x6a, 0xff}, color.NRGBA{0xc0, 0xca, 0x33, 0xff},
			color.NRGBA{0xff, 0xca, 0x28, 0xff}, color.NRGBA{0xff, 0x52, 0x52, 0xff}},
		unrated: color.NRGBA{0x9e, 0x9e, 0x9e, 0xff}}
}

// chartWidget draws one chart; tapping a bar with a Link calls onOpen with it.
type chartWidget struct {
	widget.BaseWidget
	chart  *reports.Chart
	style  chartStyle
	onOpen func(link string)

	// hits are the tappable rectangles of the last layout, with their links.
	hits []chartHit
}

type chartHit struct {
	pos, size fyne.Size
	link      string
}

func newChart(c *reports.Chart, style chartStyle, onOpen func(link string)) *chartWidget {
	w := &chartWidget{chart: c, style: style, onOpen: onOpen}
	w.ExtendBaseWidget(w)
	return w
}

// SetChart shows other figures.
func (w *chartWidget) SetChart(c *reports.Chart) {
	w.chart = c
	w.Refresh()
}

// Tapped opens what the bar under the pointer is about.
func (w *chartWidget) Tapped(e *fyne.PointEvent) {
	if link := w.linkAt(e.Position); link != "" && w.onOpen != nil {
		w.onOpen(link)
	}
}

func (w *chartWidget) linkAt(p fyne.Position) string {
	for _, h := range w.hits {
		if p.X >= h.pos.Width && p.X <= h.pos.Width+h.size.Width && p.Y >= h.pos.Height && p.Y <= h.pos.Height+h.size.Height {
			return h.link
		}
	}
	return ""
}

// Cursor shows a hand where tapping opens something.
func (w *chartWidget) Cursor() desktop.Cursor {
	if w.onOpen != nil && w.chart != nil {
		for _, it := range w.chart.Items {
			if it.Link != "" {
				return desktop.PointerCursor
			}
		}
	}
	return desktop.DefaultCursor
}

func (w *chartWidget) CreateRenderer() fyne.WidgetRenderer {
	return &chartRenderer{w: w}
}

// chartRenderer rebuilds its shapes on every layout: a chart has a few dozen, and their
// positions depend on the size in ways that are simplest to compute afresh.
type chartRenderer struct {
	w       *chartWidget
	objects []fyne.CanvasObject
	size    fyne.Size
}

func (r *chartRenderer) Destroy()                     {}
func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *chartRenderer) Refresh() {
	r.Layout(r.size)
	canvas.Refresh(r.w)
}

func (r *chartRenderer) MinSize() fyne.Size {
	c, s := r.w.chart, r.w.style
	if c == nil {
		return fyne.NewSize(0, 0)
	}
	lineH := textHeight(s.text)
	switch c.Kind {
	case reports.ChartColumns:
		return fyne.NewSize(240, 10*lineH)
	case reports.ChartStacked:
		return fyne.NewSize(240, s.bar*2+s.gap*2+float32(len(c.Items)+1)/2*(lineH+s.gap)+textHeight(s.small))
	}
	rows := float32(len(c.Items))
	head := textHeight(s.small) + s.gap
	return fyne.NewSize(240, head+rows*(max(s.bar, lineH)+s.gap))
}

func (r *chartRenderer) Layout(size fyne.Size) {
	r.size = size
	r.objects = r.objects[:0]
	r.w.hits = r.w.hits[:0]
	c := r.w.chart
	if c == nil || size.Width <= 0 || size.Height <= 0 {
		return
	}
	switch c.Kind {
	case reports.ChartColumns:
		r.layoutColumns(size)
	case reports.ChartStacked:
		r.layoutStacked(size)
	default:
		r.layoutBars(size)
	}
}

// add places a shape.
func (r *chartRenderer) add(o fyne.CanvasObject, x, y, w, h float32) {
	o.Move(fyne.NewPos(x, y))
	o.Resize(fyne.NewSize(w, h))
	r.objects = append(r.objects, o)
}

func (r *chartRenderer) rect(c color.Color, x, y, w, h float32) {
	r.add(canvas.NewRectangle(c), x, y, w, h)
}

// text places s at (x, y) in a box of width w, aligned as asked, shortened to fit.
func (r *chartRenderer) text(s string, size float32, c color.Color, bold bool, x, y, w float32, align fyne.TextAlign) {
	style := fyne.TextStyle{Bold: bold}
	s = fitText(s, size, style, w)
	t := canvas.NewText(s, c)
	t.TextSize, t.TextStyle, t.Alignment = size, style, align
	r.add(t, x, y, w, textHeight(size))
}

// layoutBars draws horizontal bars: label, bar, value; the reference line over them.
func (r *chartRenderer) layoutBars(size fyne.Size) {
	c, s := r.w.chart, r.w.style
	lineH := textHeight(s.text)
	rowH := max(s.bar, lineH)
	pad := s.gap
	var labelW, valueW float32
	for _, it := range c.Items {
		labelW = max(labelW, measure(it.Label, s.text, false))
		valueW = max(valueW, measure(it.Text, s.text, true))
	}
	labelW = min(labelW, size.Width*0.38)
	valueW = min(valueW, size.Width*0.25)
	barX := labelW + pad
	barMax := size.Width - barX - pad - valueW
	if barMax < 10 {
		barMax = 10
	}
	top := textHeight(s.small) + s.gap // the unit note and the mark's label
	r.text(c.Unit, s.small, s.muted, false, 0, 0, labelW, fyne.TextAlignLeading)
	full := c.Max()
	length := func(v int64) float32 {
		if full <= 0 || v <= 0 {
			return 0
		}
		return barMax * float32(float64(v)/float64(full))
	}
	for i, it := range c.Items {
		y := top + float32(i)*(rowH+s.gap)
		r.text(it.Label, s.text, s.fg, false, 0, y+(rowH-lineH)/2, labelW, fyne.TextAlignTrailing)
		r.rect(s.track, barX, y, barMax, rowH)
		col := s.bar1
		if it.Alert {
			col = s.alert
		}
		l := length(it.Value)
		r.rect(col, barX, y, l, rowH)
		r.text(it.Text, s.text, s.fg, true, barX+l+pad/2, y+(rowH-lineH)/2, valueW+pad/2, fyne.TextAlignLeading)
		if it.Link != "" {
			r.w.hits = append(r.w.hits, chartHit{pos: fyne.NewSize(0, y), size: fyne.NewSize(size.Width, rowH), link: it.Link})
		}
	}
	if c.HasMark && len(c.Items) > 0 {
		x := barX + length(c.Mark)
		bottom := top + float32(len(c.Items))*(rowH+s.gap) - s.gap
		r.rect(s.mark, x-1, top-s.gap/2, max(2, s.bar/8), bottom-top+s.gap)
		w := measure(c.MarkLabel, s.small, true) + 4
		lx := min(max(x-w/2, barX), size.Width-w)
		r.text(c.MarkLabel, s.small, s.mark, true, lx, 0, w, fyne.TextAlignCenter)
	}
}

// layoutColumns draws the trend: a wide column of the first series and a narrow one of the
// second (on its own scale) per point, labels under, values over.
func (r *chartRenderer) layoutColumns(size fyne.Size) {
	c, s := r.w.chart, r.w.style
	n := len(c.Items)
	if n == 0 {
		return
	}
	slot := size.Width / float32(n)
	// Labels and values shrink together until the widest fits its slot.
	labelSize := s.small
	for _, it := range c.Items {
		for _, t := range []string{it.Label, it.Text} {
			if w := measure(t, labelSize, false); w > slot*0.96 {
				labelSize *= slot * 0.96 / w
			}
		}
	}
	labelSize = max(labelSize, 7)
	smallH := textHeight(labelSize)
	legendH := textHeight(s.small) + s.gap
	// Legend: swatches with the two series' names and the unit.
	x := float32(0)
	for _, l := range []struct {
		name string
		col  color.Color
	}{{c.FirstLabel, s.bar1}, {c.SecondLabel, s.bar2}} {
		sw := textHeight(s.small) * 0.7
		r.rect(l.col, x, (legendH-s.gap-sw)/2, sw, sw)
		w := measure(l.name, s.small, false) + 4
		r.text(l.name, s.small, s.fg, false, x+sw+4, 0, w, fyne.TextAlignLeading)
		x += sw + 4 + w + s.gap*2
	}
	r.text(c.Unit, s.small, s.muted, false, x, 0, max(size.Width-x, 0), fyne.TextAlignTrailing)
	plotTop := legendH + 2*smallH // two value lines over the tallest column
	plotBottom := size.Height - smallH - s.gap/2
	plotH := plotBottom - plotTop
	if plotH < 10 {
		plotH = 10
	}
	full, full2 := c.Max(), c.SecondMax()
	height := func(v, m int64) float32 {
		if m <= 0 || v <= 0 {
			return 0
		}
		return plotH * float32(float64(v)/float64(m))
	}
	r.rect(s.muted, 0, plotBottom, size.Width, 1)
	for i, it := range c.Items {
		x := float32(i) * slot
		w1 := slot * 0.46
		w2 := slot * 0.24
		x1 := x + slot*0.12
		h1 := height(it.Value, full)
		r.rect(s.bar1, x1, plotBottom-h1, w1, h1)
		col := s.bar2
		if it.Alert {
			col = s.alert
		}
		h2 := height(it.Second, full2)
		r.rect(col, x1+w1+slot*0.04, plotBottom-h2, w2, h2)
		r.text(it.Text, labelSize, s.fg, true, x, plotBottom-h1-2*smallH, slot, fyne.TextAlignCenter)
		r.text(it.SecondText, labelSize, s.bar2, false, x, plotBottom-h1-smallH, slot, fyne.TextAlignCenter)
		r.text(it.Label, labelSize, s.fg, false, x, plotBottom+s.gap/4, slot, fyne.TextAlignCenter)
	}
}

// layoutStacked draws one wide bar split into parts, the counts inside, a legend under.
func (r *chartRenderer) layoutStacked(size fyne.Size) {
	c, s := r.w.chart, r.w.style
	var total int64
	for _, it := range c.Items {
		total += it.Value
	}
	// Thick when there is room (a slide), so the shares read from the back of a room.
	barH := max(s.bar*2, min(size.Height*0.4, s.bar*6))
	r.text(c.Unit, s.small, s.muted, false, 0, 0, size.Width, fyne.TextAlignLeading)
	top := textHeight(s.small) + s.gap/2
	r.rect(s.track, 0, top, size.Width, barH)
	tone := func(it reports.ChartItem) color.Color {
		if it.Tone >= 0 && it.Tone < len(s.tones) {
			return s.tones[it.Tone]
		}
		return s.unrated
	}
	x := float32(0)
	for _, it := range c.Items {
		if total <= 0 || it.Value <= 0 {
			continue
		}
		w := size.Width * float32(float64(it.Value)/float64(total))
		r.rect(tone(it), x, top, w, barH)
		if measure(it.Text, s.text, true) < w-4 {
			r.text(it.Text, s.text, color.Black, true, x, top+(barH-textHeight(s.text))/2, w, fyne.TextAlignCenter)
		}
		x += w
	}
	// Legend in two columns: swatch, label, count.
	y := top + barH + s.gap
	colW := size.Width / 2
	lineH := textHeight(s.text)
	for i, it := range c.Items {
		lx := float32(i%2) * colW
		ly := y + float32(i/2)*(lineH+s.gap/2)
		sw := lineH * 0.7
		r.rect(tone(it), lx, ly+(lineH-sw)/2, sw, sw)
		col := s.fg
		if it.Alert {
			col = s.alert
		}
		// The count after the label, in bold: no punctuation between them, which each language
		// would write differently.
		countW := measure(it.Text, s.text, true) + 4
		labelW := min(measure(it.Label, s.text, it.Alert)+4, colW-sw-10-countW-s.gap)
		r.text(it.Label, s.text, col, it.Alert, lx+sw+6, ly, labelW, fyne.TextAlignLeading)
		r.text(it.Text, s.text, col, true, lx+sw+6+labelW+s.gap, ly, countW, fyne.TextAlignLeading)
	}
}

// measure is the width of s at a text size.
func measure(s string, size float32, bold bool) float32 {
	return fyne.MeasureText(s, size, fyne.TextStyle{Bold: bold}).Width
}

func textHeight(size float32) float32 {
	return fyne.MeasureText("Ĥg", size, fyne.TextStyle{}).Height
}

// fitText shortens s with an ellipsis until it fits width w.
func fitText(s string, size float32, style fyne.TextStyle, w float32) string {
	if w <= 0 || fyne.MeasureText(s, size, style).Width <= w {
		return s
	}
	runes := []rune(s)
	for n := len(runes) - 1; n > 0; n-- {
		t := string(runes[:n]) + "…"
		if fyne.MeasureText(t, size, style).Width <= w {
			return t
		}
	}
	return ""
}
