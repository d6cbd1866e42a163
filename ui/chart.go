package ui

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"policycredit/reports"
)

// Charts of the Overview screen and the meeting slides, drawn with Fyne's canvas from a
// reports.Chart (the same figures the PDF handout draws). A chart lays itself out for whatever
// size it gets: long labels are shortened with an ellipsis, column labels shrink to fit.

// chartStyle is how big and in which colours a chart draws.
type chartStyle struct {
	text  float32 // labels and values
	small float32 // axis notes, legends, column values
	bar   float32 // thickness of a horizontal bar
	gap   float32 // between bars
	// labelMax is the widest a bar's label may be beside its bar; a chart with a longer label
	// puts every label on its own line above its bar, so that no name is cut.
	labelMax                                  float32
	fg, muted, bar1, bar2, alert, mark, track color.Color
	bg                                        color.Color    // behind figures a line may pass under
	tones                                     [4]color.Color // ratings, best first
	unrated                                   color.Color
}

// scaled is the style with every size multiplied by k.
func (s chartStyle) scaled(k float32) chartStyle {
	s.text *= k
	s.small *= k
	s.bar *= k
	s.gap *= k
	s.labelMax *= k
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
	// labelMax: a card is about 390 wide in a 1024-pixel window, and a label gets 38 % of it.
	return chartStyle{text: 13, small: 11, bar: 16, gap: 6, labelMax: 145,
		bg: theme.Color(theme.ColorNameInputBackground),
		fg: color.NRGBA{0x21, 0x21, 0x21, 0xff}, muted: color.NRGBA{0x61, 0x61, 0x61, 0xff},
		bar1: color.NRGBA{0x15, 0x65, 0xc0, 0xff}, bar2: color.NRGBA{0xe6, 0x51, 0x00, 0xff},
		alert: color.NRGBA{0xc6, 0x28, 0x28, 0xff}, mark: color.NRGBA{0x21, 0x21, 0x21, 0xff},
		track: color.NRGBA{0xee, 0xee, 0xee, 0xff},
		tones: [4]color.Color{colorGood, colorFair, colorAverage, colorWeak}, unrated: color.NRGBA{0x9e, 0x9e, 0x9e, 0xff}}
}

// meetingChartStyle is white and bright on black, thick bars: readable from the back of a
// room on a washed-out projector. Sizes are for a 1024×768 slide; the slide scales them.
func meetingChartStyle() chartStyle {
	return chartStyle{text: 20, small: 16, bar: 26, gap: 10, labelMax: 360, bg: color.Black,
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

// CreateRenderer lays the new renderer out at once when the widget already has a size: Fyne
// makes a new renderer for a widget it had dropped (see Refresh), and its container, seeing
// the same size, does not resize it again.
func (w *chartWidget) CreateRenderer() fyne.WidgetRenderer {
	r := &chartRenderer{w: w}
	r.Layout(w.Size())
	return r
}

// chartRenderer rebuilds its shapes on every layout: a chart has a few dozen, and their
// positions depend on the size in ways that are simplest to compute afresh.
type chartRenderer struct {
	w       *chartWidget
	objects []fyne.CanvasObject
}

func (r *chartRenderer) Destroy()                     {}
func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objects }

// Refresh lays the chart out at the widget's size, never at a size the renderer remembers:
// Fyne drops the renderers of widgets it has not drawn for a minute (a screen left open
// behind another) and makes a new one on the next Refresh, while the widget keeps its size;
// its container then never resizes it, so a new renderer that waited for a Layout stayed
// empty: charts as titles only, which Refresh did not mend.
func (r *chartRenderer) Refresh() {
	r.Layout(r.w.Size())
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
	return fyne.NewSize(240, head+rows*(barRowHeight(c, s)+s.gap))
}

// labelsAbove says whether a bar chart puts its labels on their own lines above the bars: when
// one is too long to stand beside its bar whole.
func labelsAbove(c *reports.Chart, s chartStyle) bool {
	for _, it := range c.Items {
		if measure(it.Label, s.text, false) > s.labelMax {
			return true
		}
	}
	return false
}

// barRowHeight is the height of one bar of a bar chart with its label.
func barRowHeight(c *reports.Chart, s chartStyle) float32 {
	lineH := textHeight(s.text)
	if labelsAbove(c, s) {
		return lineH + s.bar
	}
	return max(s.bar, lineH)
}

func (r *chartRenderer) Layout(size fyne.Size) {
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

// figure places a figure on a patch of the chart's background, so that a line passing behind
// (the office's mark) never runs through its digits.
func (r *chartRenderer) figure(s string, size float32, c color.Color, x, y, w float32, align fyne.TextAlign) {
	style := fyne.TextStyle{Bold: true}
	s = fitText(s, size, style, w)
	tw := min(fyne.MeasureText(s, size, style).Width+4, w)
	bx := x
	switch align {
	case fyne.TextAlignCenter:
		bx = x + (w-tw)/2
	case fyne.TextAlignTrailing:
		bx = x + w - tw
	}
	r.rect(r.w.style.bg, bx, y, tw, textHeight(size))
	r.text(s, size, c, true, x, y, w, align)
}

// layoutBars draws horizontal bars: label, bar, value, and the reference line over the bars
// but under the values. Labels too long to stand beside their bars go above them, whole.
func (r *chartRenderer) layoutBars(size fyne.Size) {
	c, s := r.w.chart, r.w.style
	lineH := textHeight(s.text)
	top := textHeight(s.small) + s.gap // the unit note and the mark's label
	rowH := barRowHeight(c, s)
	// Labels above the bars need more height: a slide, whose height is fixed, has them beside
	// the bars when their rows would not fit.
	above := labelsAbove(c, s)
	if above && top+float32(len(c.Items))*(rowH+s.gap) > size.Height+1 {
		above, rowH = false, max(s.bar, lineH)
	}
	pad := s.gap
	var labelW, valueW float32
	for _, it := range c.Items {
		labelW = max(labelW, measure(it.Label, s.text, false))
		valueW = max(valueW, measure(it.Text, s.text, true))
	}
	labelW = min(labelW, size.Width*0.38)
	valueW = min(valueW, size.Width*0.25)
	barX := labelW + pad
	barY, barH := (rowH-s.bar)/2, rowH // where a row's bar lies in it
	if above {
		barX, barY, barH = 0, lineH, s.bar
	}
	barMax := max(size.Width-barX-pad-valueW, 10)
	r.text(c.Unit, s.small, s.muted, false, 0, 0, max(labelW, size.Width/3), fyne.TextAlignLeading)
	full := c.Max()
	length := func(v int64) float32 {
		if full <= 0 || v <= 0 {
			return 0
		}
		return barMax * float32(float64(v)/float64(full))
	}
	rowY := func(i int) float32 { return top + float32(i)*(rowH+s.gap) }
	for i, it := range c.Items {
		y := rowY(i)
		if above {
			r.text(it.Label, s.text, s.fg, false, 0, y, size.Width, fyne.TextAlignLeading)
		} else {
			r.text(it.Label, s.text, s.fg, false, 0, y+(rowH-lineH)/2, labelW, fyne.TextAlignTrailing)
		}
		r.rect(s.track, barX, y+barY, barMax, barH)
		col := s.bar1
		if it.Alert {
			col = s.alert
		}
		r.rect(col, barX, y+barY, length(it.Value), barH)
		if it.Link != "" {
			r.w.hits = append(r.w.hits, chartHit{pos: fyne.NewSize(0, y), size: fyne.NewSize(size.Width, rowH), link: it.Link})
		}
	}
	if c.HasMark && len(c.Items) > 0 {
		x := barX + length(c.Mark)
		lw := max(2, s.bar/8)
		if above {
			// Only across the bars: the labels over them stay clear.
			for i := range c.Items {
				r.rect(s.mark, x-1, rowY(i)+barY, lw, barH+s.gap/2)
			}
		} else {
			bottom := rowY(len(c.Items)) - s.gap
			r.rect(s.mark, x-1, top-s.gap/2, lw, bottom-top+s.gap)
		}
		w := measure(c.MarkLabel, s.small, true) + 4
		lx := min(max(x-w/2, barX), size.Width-w)
		r.text(c.MarkLabel, s.small, s.mark, true, lx, 0, w, fyne.TextAlignCenter)
	}
	// The values last, each on a patch of background: the mark never runs through one.
	for i, it := range c.Items {
		y := rowY(i) + barY + (barH-lineH)/2
		r.figure(it.Text, s.text, s.fg, barX+length(it.Value)+pad/2, y, valueW+pad/2, fyne.TextAlignLeading)
	}
}

// layoutColumns draws the trend on one scale: per point a wide column of the first series and
// a narrow one of the second beside it, the first's figure over its column, the second's in a
// row of its colour under the month; the value axis on the left, its ticks in the chart's unit.
func (r *chartRenderer) layoutColumns(size fyne.Size) {
	c, s := r.w.chart, r.w.style
	n := len(c.Items)
	if n == 0 {
		return
	}
	// The axis' figures in a gutter on the left.
	var gutter float32
	for _, t := range c.Ticks {
		gutter = max(gutter, measure(t.Text, s.small, false)+s.gap)
	}
	plotW := size.Width - gutter
	slot := plotW / float32(n)
	// Labels and values shrink together until the widest fits its slot, by whole sizes: Fyne
	// measures and draws a fractional size as the next whole one.
	labelSize := float32(math.Floor(float64(s.small)))
	fits := func() bool {
		for _, it := range c.Items {
			for _, t := range []string{it.Label, it.Text, it.SecondText} {
				if measure(t, labelSize, true) > slot*0.96 {
					return false
				}
			}
		}
		return true
	}
	for labelSize > 7 && !fits() {
		labelSize--
	}
	smallH := textHeight(labelSize)
	legendH := textHeight(s.small) + s.gap
	// Legend: swatches with the two series' names; the unit over the axis.
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
	r.text(c.Unit, s.small, s.muted, false, 0, legendH, size.Width, fyne.TextAlignLeading)
	// The unit, then the top tick's figure and a figure over the tallest column.
	plotTop := legendH + textHeight(s.small) + smallH + textHeight(s.small)/2
	plotBottom := size.Height - 2*smallH - s.gap/2 // the month, and the second series' figure
	plotH := max(plotBottom-plotTop, 10)
	full := c.Max()
	height := func(v int64) float32 {
		if full <= 0 || v <= 0 {
			return 0
		}
		return max(plotH*float32(float64(v)/float64(full)), 1) // a small sum still shows
	}
	// The axis: a line, ticks, and their figures beside them, nothing crossing them.
	if len(c.Ticks) > 0 {
		r.rect(s.muted, gutter-1, plotTop-textHeight(s.small)/2, 1, plotBottom-plotTop+textHeight(s.small)/2)
		th := textHeight(s.small)
		for _, t := range c.Ticks {
			y := plotBottom - height(t.Value)
			r.rect(s.muted, gutter-s.gap/2, y, s.gap/2, 1)
			r.text(t.Text, s.small, s.muted, false, 0, y-th/2, gutter-s.gap*0.75, fyne.TextAlignTrailing)
		}
	}
	r.rect(s.muted, gutter, plotBottom, plotW, 1)
	for i, it := range c.Items {
		x := gutter + float32(i)*slot
		w1 := slot * 0.5
		w2 := slot * 0.24
		x1 := x + slot*0.1
		h1 := height(it.Value)
		r.rect(s.bar1, x1, plotBottom-h1, w1, h1)
		col := s.bar2
		if it.Alert {
			col = s.alert
		}
		h2 := height(it.Second)
		r.rect(col, x1+w1+slot*0.04, plotBottom-h2, w2, h2)
		r.text(it.Text, labelSize, s.fg, true, x, plotBottom-max(h1, h2)-smallH, slot, fyne.TextAlignCenter)
		r.text(it.Label, labelSize, s.fg, i == n-1, x, plotBottom+s.gap/4, slot, fyne.TextAlignCenter)
		r.text(it.SecondText, labelSize, s.bar2, true, x, plotBottom+s.gap/4+smallH, slot, fyne.TextAlignCenter)
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
