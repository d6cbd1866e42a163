package reports

import (
	"io"
	"time"

	"policycredit/data"
	"policycredit/translations"
)

// The meeting handout: the meeting's slides on paper, one slide per landscape A4 page, laid
// out as the projector shows them, so that what people take home is what they were shown.
// Every length here is worked out from the text it has to hold (the French is the longest),
// so that nothing runs off a page or over another drawing.

// Handout is a meeting's slides as printed.
type Handout struct {
	Office data.Office
	Date   data.Date
	Title  string // page header and the file's title; "" prints the default handout title
	Slides []Slide
}

// WritePDF prints one slide per landscape A4 page, under the office header and over the
// "page x of y" footer.
func (h Handout) WritePDF(w io.Writer, loc *translations.Localizer, created time.Time) error {
	title := h.Title
	if title == "" {
		title = loc.T("handout.title")
	}
	d := NewDocument(loc, Meta{Office: h.Office, Title: title, Date: h.Date, Orientation: Landscape, Created: created})
	p := slidePage{d: d, loc: loc}
	if len(h.Slides) == 0 {
		p.empty(d.pdf.GetY(), d.bottom())
	}
	for i, s := range h.Slides {
		if i > 0 {
			d.NewPage()
		}
		p.draw(s)
	}
	return d.Write(w)
}

// colour is an RGB colour. The palette keeps to dark inks on white paper: handouts are
// photocopied in black and white as often as they are printed in colour.
type colour struct{ r, g, b int }

var (
	inkBlack   = colour{0, 0, 0}
	paperWhite = colour{255, 255, 255}
	inkMuted   = colour{60, 60, 60} // labels, notes, subtitles: grey, but dark enough to copy
	ruleGrey   = colour{170, 170, 170}
	tileFill   = colour{245, 246, 248}
	barBlue    = colour{31, 78, 140}   // bars and the first series
	barText    = colour{20, 50, 100}   // the first series' figures
	warnRed    = colour{196, 50, 35}   // alert bars and the second series (overdue)
	alertInk   = colour{160, 0, 0}     // alert figures and texts: dark red reads on paper
	emptyShade = colour{150, 150, 150} // a stacked chart with nothing to split
)

// toneColours colour a stacked part from best (0) to worst (3); neutralTone is "never rated".
var (
	toneColours = []colour{{46, 125, 50}, {124, 179, 66}, {240, 160, 30}, {198, 40, 40}}
	neutralTone = colour{150, 150, 150}
)

func toneColour(tone int) colour {
	if tone >= 0 && tone < len(toneColours) {
		return toneColours[tone]
	}
	return neutralTone
}

// inkOn is the text colour that reads on a part of colour c.
func inkOn(c colour) colour {
	// perceived brightness, weights of ITU-R BT.601 in thousandths
	if (299*c.r+587*c.g+114*c.b)/1000 > 150 {
		return inkBlack
	}
	return paperWhite
}

// Sizes of a slide page, in points for text and millimetres for lengths.
const (
	slideTitleSize    = 24.0
	slideSubtitleSize = 13.0
	chartNoteSize     = 10.0 // unit note, mark label, legend
	tileMaxHeight     = 72.0 // a tile taller than this is mostly empty
	tileGap           = 6.0
	barPitchMax       = 14.0 // a few bars do not need to be fat to be read
	minTextSize       = 6.0  // below this, a photocopy loses the text
)

// slidePage draws slides on a document's pages.
type slidePage struct {
	d   *Document
	loc *translations.Localizer
}

func (p slidePage) left() float64  { return marginSide }
func (p slidePage) width() float64 { return p.d.Width() }

func (p slidePage) fill(c colour) { p.d.pdf.SetFillColor(c.r, c.g, c.b) }
func (p slidePage) ink(c colour)  { p.d.pdf.SetTextColor(c.r, c.g, c.b) }
func (p slidePage) pen(c colour, width float64) {
	p.d.pdf.SetDrawColor(c.r, c.g, c.b)
	p.d.pdf.SetLineWidth(width)
}

// plain restores what the shared header and footer expect: black ink and solid thin lines.
func (p slidePage) plain() {
	p.ink(inkBlack)
	p.pen(inkBlack, 0.2)
	p.d.pdf.SetDashPattern([]float64{}, 0)
}

// line draws one line of text, already prepared, in a box of width w.
func (p slidePage) line(x, y, w float64, s string, size float64, align Align) {
	p.d.text(x, y, w, lineHeight(size), s, align)
}

// fitSize sets and returns the largest size from largest down to smallest at which s fits
// width w (cell padding included) in style; smallest when even that is too wide.
func (p slidePage) fitSize(s, style string, w, largest, smallest float64) float64 {
	s = p.d.prepare(s)
	for size := largest; size > smallest; size -= 0.5 {
		p.d.setFont(style, size)
		if p.d.textWidth(s)+2*cellPad <= w {
			return size
		}
	}
	p.d.setFont(style, smallest)
	return smallest
}

// widest is the width of the widest of texts in the current font, cell padding included.
func (p slidePage) widest(texts []string) float64 {
	w := 0.0
	for _, s := range texts {
		if tw := p.d.textWidth(p.d.prepare(s)) + 2*cellPad; tw > w {
			w = tw
		}
	}
	return w
}

// draw lays out one slide on the current page: title and subtitle, then the big figures and
// the chart in the space left above the footer.
func (p slidePage) draw(s Slide) {
	defer p.plain()
	top := p.heading(s)
	bottom := p.d.bottom() - 2
	switch {
	case len(s.Figures) > 0 && s.Chart != nil:
		// a band of figures, the chart under it
		cols := tileColumns(len(s.Figures))
		band := 38.0 * float64((len(s.Figures)+cols-1)/cols)
		p.figures(s.Figures, top, top+band)
		p.chart(s.Chart, top+band+tileGap, bottom)
	case len(s.Figures) > 0:
		p.figures(s.Figures, top, bottom)
	case s.Chart != nil:
		p.chart(s.Chart, top, bottom)
	default:
		p.empty(top, bottom)
	}
}

// heading draws the slide's title and subtitle over a rule and returns where content starts.
func (p slidePage) heading(s Slide) float64 {
	d, x, w := p.d, p.left(), p.width()
	y := d.pdf.GetY()
	d.setFont(bold, slideTitleSize)
	p.ink(inkBlack)
	for _, l := range d.wrap(s.Title, w, 2) {
		p.line(x, y, w, l, slideTitleSize, Left)
		y += lineHeight(slideTitleSize)
	}
	if s.Subtitle != "" {
		d.setFont(regular, slideSubtitleSize)
		p.ink(inkMuted)
		for _, l := range d.wrap(s.Subtitle, w, 2) {
			p.line(x, y, w, l, slideSubtitleSize, Left)
			y += lineHeight(slideSubtitleSize)
		}
		p.ink(inkBlack)
	}
	y += 1.5
	p.pen(barBlue, 0.8)
	d.pdf.Line(x, y, x+w, y)
	return y + 6
}

// empty says there is nothing to show, in the middle of the space.
func (p slidePage) empty(top, bottom float64) {
	p.d.setFont(italic, slideSubtitleSize)
	p.ink(inkMuted)
	p.line(p.left(), (top+bottom-lineHeight(slideSubtitleSize))/2, p.width(), p.d.prepare(p.loc.T("handout.no_data")), slideSubtitleSize, Center)
	p.ink(inkBlack)
}

// tileColumns is how many tiles a row of the figures holds: four figures read best as two
// rows of two, seven as a row of four over a row of three.
func tileColumns(n int) int {
	switch {
	case n <= 3:
		return n
	case n == 4:
		return 2
	case n <= 6:
		return 3
	}
	return 4
}

// figures draws the big figures as tiles, a shorter last row centred. Every tile of a slide
// prints its value at the same size, so that no figure looks bigger than another.
func (p slidePage) figures(figs []BigFigure, top, bottom float64) {
	d := p.d
	n := len(figs)
	cols := tileColumns(n)
	rows := (n + cols - 1) / cols
	tileW := (p.width() - tileGap*float64(cols-1)) / float64(cols)
	tileH := (bottom - top - tileGap*float64(rows-1)) / float64(rows)
	if tileH > tileMaxHeight {
		tileH = tileMaxHeight
	}
	t := tileText{labelSize: 13, noteSize: 11.5}
	if tileH < 40 {
		t.labelSize, t.noteSize = 10, 9
	}
	t.innerW = tileW - tileEdge - 2*tilePad
	// the value takes the height the label and note leave, up to 60 pt, and no more width
	// than the tile's
	for _, f := range figs {
		d.setFont(regular, t.labelSize)
		if l := len(d.wrap(f.Label, t.innerW, 2)); l > t.labelLines {
			t.labelLines = l
		}
		d.setFont(regular, t.noteSize)
		if f.Note != "" {
			if l := len(d.wrap(f.Note, t.innerW, 2)); l > t.noteLines {
				t.noteLines = l
			}
		}
	}
	t.valueSize = (tileH - 2*tilePad - t.textHeight() - 2) / lineHeight(1)
	if t.valueSize > 60 {
		t.valueSize = 60
	}
	for _, f := range figs {
		if size := p.fitSize(f.Value, bold, t.innerW, t.valueSize, 10); size < t.valueSize {
			t.valueSize = size
		}
	}
	for i, f := range figs {
		row, col := i/cols, i%cols
		inRow := cols
		if rest := n - row*cols; rest < inRow {
			inRow = rest
		}
		rowW := float64(inRow)*tileW + float64(inRow-1)*tileGap
		x := p.left() + (p.width()-rowW)/2 + float64(col)*(tileW+tileGap)
		p.tile(f, t, x, top+float64(row)*(tileH+tileGap), tileW, tileH)
	}
}

// Tile sizes, in millimetres: the coloured edge and the padding inside.
const tileEdge, tilePad = 2.5, 3.5

// tileText is the text layout every tile of a slide shares.
type tileText struct {
	labelSize, valueSize, noteSize float64
	labelLines, noteLines          int
	innerW                         float64
}

func (t tileText) textHeight() float64 {
	return float64(t.labelLines)*lineHeight(t.labelSize) + float64(t.noteLines)*lineHeight(t.noteSize)
}

// tile draws one big figure: the label small, the value large, the note under it; an alert
// figure gets a dark red value and a red edge. Values line up across the tiles of a row.
func (p slidePage) tile(f BigFigure, t tileText, x, y, w, h float64) {
	d := p.d
	p.fill(tileFill)
	p.pen(ruleGrey, 0.3)
	d.pdf.Rect(x, y, w, h, "FD")
	accent := barBlue
	if f.Alert {
		accent = warnRed
	}
	p.fill(accent)
	d.pdf.Rect(x, y, tileEdge, h, "F")

	ix := x + tileEdge + tilePad
	blockH := t.textHeight() + lineHeight(t.valueSize) + 2
	cy := y + (h-blockH)/2

	d.setFont(regular, t.labelSize)
	p.ink(inkMuted)
	label := d.wrap(f.Label, t.innerW, 2)
	// a one-line label sits on the value, as a two-line one does
	ly := cy + float64(t.labelLines-len(label))*lineHeight(t.labelSize)
	for _, l := range label {
		p.line(ix, ly, t.innerW, l, t.labelSize, Left)
		ly += lineHeight(t.labelSize)
	}
	cy += float64(t.labelLines)*lineHeight(t.labelSize) + 1
	d.setFont(bold, t.valueSize)
	p.ink(inkBlack)
	if f.Alert {
		p.ink(alertInk)
	}
	p.line(ix, cy, t.innerW, d.prepare(f.Value), t.valueSize, Left)
	cy += lineHeight(t.valueSize) + 1
	d.setFont(regular, t.noteSize)
	p.ink(inkMuted)
	if f.Note != "" {
		for _, l := range d.wrap(f.Note, t.innerW, 2) {
			p.line(ix, cy, t.innerW, l, t.noteSize, Left)
			cy += lineHeight(t.noteSize)
		}
	}
	p.ink(inkBlack)
}

// chart draws c between top and bottom, by its kind.
func (p slidePage) chart(c *Chart, top, bottom float64) {
	if len(c.Items) == 0 {
		p.empty(top, bottom)
		return
	}
	switch c.Kind {
	case ChartColumns:
		p.columns(c, top, bottom)
	case ChartStacked:
		p.stacked(c, top, bottom)
	default:
		p.bars(c, top, bottom)
	}
}

// unitNote is the chart's unit, as its axis note says it.
func (p slidePage) unitNote(c *Chart) string {
	if c.Unit == "" {
		return ""
	}
	return p.loc.T("handout.unit", "Unit", c.Unit)
}

// share is the length of value on a scale where scale fills full; 0 for an empty scale.
// Floats are for drawing only: the figures printed beside come from the slide's texts.
func share(value, scale int64, full float64) float64 {
	if scale <= 0 || value <= 0 {
		return 0
	}
	if value > scale {
		value = scale
	}
	return full * float64(value) / float64(scale)
}

// bars draws horizontal bars: labels on the left, each value just past its bar's end, and the
// reference line (dashed) with its label above the bars.
func (p slidePage) bars(c *Chart, top, bottom float64) {
	d, x, w := p.d, p.left(), p.width()
	y := top
	if note := p.unitNote(c); note != "" {
		d.setFont(italic, chartNoteSize)
		p.ink(inkMuted)
		p.line(x, y, w, d.prepare(note), chartNoteSize, Right)
		y += lineHeight(chartNoteSize) + 1
	}
	markLabelY := y
	if c.HasMark {
		y += lineHeight(chartNoteSize) + 1
	}

	n := len(c.Items)
	pitch := (bottom - y) / float64(n)
	if pitch > barPitchMax {
		pitch = barPitchMax
	}
	labels := make([]string, n)
	texts := make([]string, n)
	for i, it := range c.Items {
		labels[i], texts[i] = it.Label, it.Text
	}
	// Figures as large as a bar's row allows. Labels too, on one line; but when a label would
	// lose words and two lines of at least 8 pt fit the row, two lines at that size.
	size := max(min(14, pitch*0.75/lineHeight(1)), minTextSize)
	labelSize, labelLines := size, 1
	labelMax := w * 0.36
	d.setFont(regular, labelSize)
	if p.widest(labels) > labelMax {
		if two := min(size, pitch*0.9/(2*lineHeight(1))); two >= 8 {
			labelSize, labelLines = two, 2
		}
	}
	d.setFont(regular, labelSize)
	labelW := min(p.widest(labels), labelMax)
	lh := lineHeight(size)
	thick := pitch * 0.62
	d.setFont(bold, size)
	textW := p.widest(texts)
	barX := x + labelW + 2
	barW := x + w - textW - 0.5 - barX
	scale := c.Max()

	for i, it := range c.Items {
		rowY := y + float64(i)*pitch
		length := share(it.Value, scale, barW)
		if it.Value > 0 && length < 0.5 {
			length = 0.5 // a small value still shows a bar
		}
		colour := barBlue
		if it.Alert {
			colour = warnRed
		}
		p.fill(colour)
		if length > 0 {
			d.pdf.Rect(barX, rowY+(pitch-thick)/2, length, thick, "F")
		}
		d.setFont(regular, labelSize)
		p.ink(inkBlack)
		lines := d.wrap(it.Label, labelW, labelLines)
		llh := lineHeight(labelSize)
		ly := rowY + (pitch-float64(len(lines))*llh)/2
		for _, l := range lines {
			p.line(x, ly, labelW, l, labelSize, Left)
			ly += llh
		}
	}
	// the reference line over the bars, the figures over the line: a figure stays readable
	// where the line passes behind it
	if c.HasMark {
		mx := barX + share(c.Mark, scale, barW)
		p.pen(inkBlack, 0.5)
		d.pdf.SetDashPattern([]float64{2, 1.2}, 0)
		d.pdf.Line(mx, markLabelY+lineHeight(chartNoteSize), mx, y+float64(n)*pitch)
		d.pdf.SetDashPattern([]float64{}, 0)
		markSize := p.fitSize(c.MarkLabel, bold, x+w-barX, chartNoteSize, minTextSize)
		label := d.wrap(c.MarkLabel, x+w-barX, 1)[0]
		lw := d.textWidth(label) + 2*cellPad
		lx := mx - lw/2
		if lx+lw > x+w {
			lx = x + w - lw
		}
		if lx < barX {
			lx = barX
		}
		p.ink(inkBlack)
		p.line(lx, markLabelY, lw, label, markSize, Center)
	}
	d.setFont(bold, size)
	p.fill(paperWhite)
	for i, it := range c.Items {
		rowY := y + float64(i)*pitch
		s := d.prepare(it.Text)
		p.ink(inkBlack)
		if it.Alert {
			p.ink(alertInk)
		}
		tw := d.textWidth(s) + 2*cellPad
		d.pdf.SetXY(barX+share(it.Value, scale, barW)+0.5, rowY+(pitch-lh)/2)
		d.pdf.CellFormat(tw, lh, s, "", 0, "LM", true, 0, "")
	}
	p.ink(inkBlack)
}

// columns draws two series over time on one scale (Max): the first as wide columns, the second
// as a narrower column beside each, and the value axis on the left with its ticks.
func (p slidePage) columns(c *Chart, top, bottom float64) {
	d, x, w := p.d, p.left(), p.width()
	y := top

	// legend on the left, unit on the right: one line when both fit, else two
	const swatch = 4.0
	d.setFont(regular, chartNoteSize)
	first := d.prepare(c.FirstLabel)
	second := d.prepare(c.SecondLabel)
	firstW, secondW := d.textWidth(first)+2*cellPad, d.textWidth(second)+2*cellPad
	d.setFont(italic, chartNoteSize)
	note := d.prepare(p.unitNote(c))
	noteW := d.textWidth(note) + 2*cellPad
	legendW := 2*(swatch+1) + firstW + 6 + secondW
	nh := lineHeight(chartNoteSize)
	p.ink(inkMuted)
	p.line(x, y, w, note, chartNoteSize, Right)
	if legendW+noteW+6 > w {
		y += nh
	}
	lx := x
	d.setFont(regular, chartNoteSize)
	for _, e := range []struct {
		colour colour
		text   string
		w      float64
	}{{barBlue, first, firstW}, {warnRed, second, secondW}} {
		p.fill(e.colour)
		d.pdf.Rect(lx, y+(nh-swatch)/2, swatch, swatch, "F")
		p.ink(inkBlack)
		p.line(lx+swatch+1, y, e.w, e.text, chartNoteSize, Left)
		lx += swatch + 1 + e.w + 6
	}
	y += nh + 2

	// the value axis: its ticks' figures right-aligned in a gutter left of the columns
	d.setFont(regular, chartNoteSize)
	var gutter float64
	for _, t := range c.Ticks {
		gutter = max(gutter, d.textWidth(d.prepare(t.Text))+2*cellPad+1)
	}
	x, w = x+gutter, w-gutter

	n := len(c.Items)
	slot := w / float64(n)
	labels := make([]string, n)
	texts := make([]string, 0, 2*n)
	for i, it := range c.Items {
		labels[i] = it.Label
		texts = append(texts, it.Text, it.SecondText)
	}
	// the figures over the columns, as small as the slots need; the labels under them
	valueSize := 9.0
	for ; valueSize > minTextSize; valueSize -= 0.5 {
		d.setFont(regular, valueSize)
		if p.widest(texts) <= slot {
			break
		}
	}
	vh := lineHeight(valueSize)
	// The last label, the meeting's date, is bold: measured so, or it loses its year.
	labelsFit := func(size float64) bool {
		d.setFont(regular, size)
		if n > 1 && p.widest(labels[:n-1]) > slot {
			return false
		}
		d.setFont(bold, size)
		return p.widest(labels[n-1:]) <= slot
	}
	labelSize, labelLines := 10.0, 1
	for ; labelSize > minTextSize; labelSize -= 0.5 {
		if labelsFit(labelSize) {
			break
		}
	}
	if !labelsFit(labelSize) {
		labelLines = 2
	}
	lh := lineHeight(labelSize)
	colTop := y + 2*vh
	// under the axis: the month, then the second series' figure in its colour (its column is
	// often a sliver on the one scale, with no room over it)
	base := bottom - float64(labelLines)*lh - vh - 1.5
	height := base - colTop
	scale := c.Max()
	if len(c.Ticks) > 0 {
		p.pen(inkBlack, 0.3)
		d.pdf.Line(x, colTop-vh/2, x, base)
		d.setFont(regular, chartNoteSize)
		p.ink(inkMuted)
		th := lineHeight(chartNoteSize)
		for _, t := range c.Ticks {
			ty := base - share(t.Value, scale, height)
			d.pdf.Line(x-1, ty, x, ty)
			p.line(x-gutter, ty-th/2, gutter-1, d.prepare(t.Text), chartNoteSize, Right)
		}
	}

	for i, it := range c.Items {
		sx := x + float64(i)*slot
		c1x, c1w := sx+0.1*slot, 0.5*slot
		c2x, c2w := sx+0.64*slot, 0.26*slot
		h1, h2 := share(it.Value, scale, height), share(it.Second, scale, height)
		p.fill(barBlue)
		if h1 > 0 {
			d.pdf.Rect(c1x, base-h1, c1w, h1, "F")
		}
		p.fill(warnRed)
		if h2 > 0 {
			d.pdf.Rect(c2x, base-h2, c2w, h2, "F")
		}

		// the first series' figure over the taller column, inside the slot
		d.setFont(regular, valueSize)
		t1, t2 := d.prepare(it.Text), d.prepare(it.SecondText)
		w1 := d.textWidth(t1) + 2*cellPad
		x1 := inSlot(c1x+c1w/2-w1/2, w1, sx, slot)
		p.ink(barText)
		p.line(x1, base-max(h1, h2)-vh, w1, t1, valueSize, Center)

		style := regular
		if i == n-1 {
			style = bold // the meeting's date, not a month's end
		}
		d.setFont(style, labelSize)
		p.ink(inkBlack)
		ly := base + 1.5
		for _, l := range d.wrap(it.Label, slot, labelLines) {
			p.line(sx, ly, slot, l, labelSize, Center)
			ly += lh
		}
		d.setFont(regular, valueSize)
		p.ink(alertInk)
		p.line(sx, base+1.5+float64(labelLines)*lh, slot, t2, valueSize, Center)
	}
	p.pen(inkBlack, 0.4)
	d.pdf.Line(x, base, x+w, base)
	p.ink(inkBlack)
}

// inSlot moves a box of width bw starting at bx so that it lies within the slot [sx, sx+slot].
func inSlot(bx, bw, sx, slot float64) float64 {
	if bx+bw > sx+slot {
		bx = sx + slot - bw
	}
	if bx < sx {
		bx = sx
	}
	return bx
}

// stacked draws one wide bar split into the items' parts, coloured by tone, each part's figure
// inside it where it fits, and a legend of every item (parts of nothing included) under it.
func (p slidePage) stacked(c *Chart, top, bottom float64) {
	d, x, w := p.d, p.left(), p.width()
	const barH, legendGap, swatch = 26.0, 10.0, 7.0
	const labelSize, valueSize = 13.0, 20.0
	n := len(c.Items)
	entryW := w / float64(n)
	textW := entryW - swatch - 3

	d.setFont(regular, labelSize)
	labelLines := 1
	for _, it := range c.Items {
		if l := len(d.wrap(it.Label, textW, 2)); l > labelLines {
			labelLines = l
		}
	}
	nh := lineHeight(chartNoteSize)
	blockH := nh + 1 + barH + legendGap + float64(labelLines)*lineHeight(labelSize) + lineHeight(valueSize)
	y := top
	if room := bottom - top; room > blockH {
		y += (room - blockH) / 3 // a little above the middle, where the eye expects it
	}

	if note := p.unitNote(c); note != "" {
		d.setFont(italic, chartNoteSize)
		p.ink(inkMuted)
		p.line(x, y, w, d.prepare(note), chartNoteSize, Right)
	}
	y += nh + 1

	var total int64
	for _, it := range c.Items {
		if it.Value > 0 {
			total += it.Value
		}
	}
	if total == 0 {
		p.pen(emptyShade, 0.4)
		d.pdf.Rect(x, y, w, barH, "D")
		d.setFont(italic, slideSubtitleSize)
		p.ink(inkMuted)
		p.line(x, y+(barH-lineHeight(slideSubtitleSize))/2, w, d.prepare(p.loc.T("handout.no_data")), slideSubtitleSize, Center)
	}
	var sum int64
	for _, it := range c.Items {
		if it.Value <= 0 || total == 0 {
			continue
		}
		// each edge from the running sum, so the parts meet exactly and end at the bar's end
		px := x + share(sum, total, w)
		sum += it.Value
		pw := x + share(sum, total, w) - px
		tone := toneColour(it.Tone)
		p.fill(tone)
		d.pdf.Rect(px, y, pw, barH, "F")
		p.pen(paperWhite, 0.6)
		d.pdf.Line(px, y, px, y+barH)
		d.setFont(bold, 16)
		if s := d.prepare(it.Text); d.textWidth(s)+2*cellPad <= pw {
			p.ink(inkOn(tone))
			p.line(px, y+(barH-lineHeight(16))/2, pw, s, 16, Center)
		}
	}
	y += barH + legendGap

	for i, it := range c.Items {
		ex := x + float64(i)*entryW
		p.fill(toneColour(it.Tone))
		d.pdf.Rect(ex, y+(lineHeight(labelSize)-swatch)/2, swatch, swatch, "F")
		tx := ex + swatch + 1.5
		d.setFont(regular, labelSize)
		p.ink(inkBlack)
		ly := y
		for _, l := range d.wrap(it.Label, textW, labelLines) {
			p.line(tx, ly, textW, l, labelSize, Left)
			ly += lineHeight(labelSize)
		}
		size := p.fitSize(it.Text, bold, textW, valueSize, minTextSize)
		if it.Alert {
			p.ink(alertInk)
		}
		p.line(tx, y+float64(labelLines)*lineHeight(labelSize), textW, d.prepare(it.Text), size, Left)
		p.ink(inkBlack)
	}
}
