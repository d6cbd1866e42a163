// Package reports turns figures into documents: PDF and JSON, and a Table written as CSV or
// xlsx, each report from one figures struct. Layout code takes a localizer and never queries
// the store; only the Registry's Build functions fetch a report's figures, through Source.
//
// This file is the PDF layer every report shares: A4 pages with the office header, "page x of
// y" footers, tables whose header row repeats on each page, and the signature block.
package reports

import (
	_ "embed"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"

	"policycredit/data"
	"policycredit/translations"
)

// Orientation of every page of a document.
type Orientation string

const (
	Portrait  Orientation = "P"
	Landscape Orientation = "L"
)

// Align places text in a table column or a paragraph.
type Align string

const (
	Left   Align = "L"
	Center Align = "C"
	Right  Align = "R" // amounts and rates, so that digits line up
)

// Meta describes a document: what its page header says and what its file records.
type Meta struct {
	Office      data.Office
	Title       string    // report title: page header and PDF metadata
	Date        data.Date // report date: page header and signature line
	Orientation Orientation
	// Size is the paper: "A4" (the default when empty) or "A5", which a receipt uses.
	Size string
	// Created is written as the file's creation and modification date (in UTC). Reports pass
	// it in rather than reading the clock, so the same input gives the same bytes. The zero
	// time makes gofpdf use the current time.
	Created time.Time
	// Anchor is the first digits of the ledger's hash chain head when the report was made
	// (sqlite.AnchorDigits of them). Printed under the page number on every page with the
	// command that proves it later, it ties a signed paper copy to the ledger as it stood;
	// "" prints no anchor line. The caller reads it from the store: reports never query.
	Anchor string
}

// Layout constants, in millimetres and points. Text sizes are in points as PDF wants them.
const (
	marginSide   = 15.0
	marginTop    = 10.0
	marginBottom = 16.0 // the footer lives inside it
	cellPad      = 1.5  // left/right padding inside table cells
	rowPad       = 1.0  // top/bottom padding inside table rows
	bodySize     = 9.0
	smallSize    = 8.0
	mmPerPt      = 25.4 / 72
	lineFactor   = 1.3 // line height as a multiple of the font size
	fontFamily   = "notosans"
	nbPagesAlias = "{nb}"
)

// Font styles of the embedded Noto Sans faces.
const (
	regular = ""
	bold    = "B"
	italic  = "I"
)

// The Noto Sans faces, which cover every Vietnamese letter and ₫: the same bytes Fyne bundles
// for the screens, shipped here (with their licence, fonts/OFL.txt) so that printing needs no
// GUI package.
var (
	//go:embed fonts/NotoSans-Regular.ttf
	notoRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	notoBold []byte
	//go:embed fonts/NotoSans-Italic.ttf
	notoItalic []byte
)

// fontFaces are the embedded faces by style.
var fontFaces = map[string][]byte{regular: notoRegular, bold: notoBold, italic: notoItalic}

// glyphTables are the faces parsed once, to tell whether a face has a glyph for a rune:
// gofpdf silently draws nothing for a missing glyph, and a blank in a report is worse than
// an error.
var glyphTables = sync.OnceValues(func() (map[string]*sfnt.Font, error) {
	out := map[string]*sfnt.Font{}
	for style, content := range fontFaces {
		f, err := sfnt.Parse(content)
		if err != nil {
			return nil, fmt.Errorf("reports: bundled font %q: %w", style, err)
		}
		out[style] = f
	}
	return out, nil
})

// Document is one PDF report being laid out. Make it with NewDocument, add content top to
// bottom, then Write it once.
type Document struct {
	pdf     *gofpdf.Fpdf
	loc     *translations.Localizer
	meta    Meta
	fonts   map[string]*sfnt.Font
	buf     sfnt.Buffer
	style   string
	size    float64
	missing map[rune]bool
	err     error
	pageW   float64
	pageH   float64
}

// NewDocument starts a document with its first page.
func NewDocument(loc *translations.Localizer, meta Meta) *Document {
	if meta.Orientation == "" {
		meta.Orientation = Portrait
	}
	if meta.Size == "" {
		meta.Size = "A4"
	}
	pdf := gofpdf.New(string(meta.Orientation), "mm", meta.Size, "")
	d := &Document{pdf: pdf, loc: loc, meta: meta, missing: map[rune]bool{}}
	d.fonts, d.err = glyphTables()

	// Same input, same bytes: pinned dates and resources (fonts) written in a fixed order.
	// Compression can stay on: zlib output depends only on its input.
	created := meta.Created.UTC()
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetCatalogSort(true)
	pdf.SetCompression(true)
	pdf.SetCreator("Policy Credit Desk", false)
	pdf.SetTitle(nfc(meta.Title), true)
	pdf.SetAuthor(nfc(meta.Office.Name), true)

	// The alias must be set before the fonts are added. gofpdf then leaves the digits out of
	// the font subset it starts from, but the digits of the total are always drawn anyway:
	// the last page's own number is the total.
	pdf.AliasNbPages(nbPagesAlias)
	for _, style := range []string{regular, bold, italic} {
		pdf.AddUTF8FontFromBytes(fontFamily, style, fontFaces[style])
	}
	pdf.SetMargins(marginSide, marginTop, marginSide)
	pdf.SetAutoPageBreak(true, marginBottom)
	pdf.SetCellMargin(cellPad)
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetTextColor(0, 0, 0)
	d.pageW, d.pageH = pdf.GetPageSize()
	pdf.SetHeaderFuncMode(d.pageHeader, false)
	pdf.SetFooterFunc(d.pageFooter)
	pdf.AddPage()
	return d
}

// Width is the width between the side margins, for callers sizing their own blocks.
func (d *Document) Width() float64 { return d.pageW - 2*marginSide }

func (d *Document) bottom() float64 { return d.pageH - marginBottom }

// room reports whether h millimetres still fit on the current page.
func (d *Document) room(h float64) bool { return d.pdf.GetY()+h <= d.bottom() }

// ensure starts a new page unless h millimetres still fit.
func (d *Document) ensure(h float64) {
	if !d.room(h) {
		d.pdf.AddPage()
	}
}

func lineHeight(size float64) float64 { return size * mmPerPt * lineFactor }

// nfc normalises text to composed form: Vietnamese typed on some keyboards arrives
// decomposed, and the font's combining marks would then stack wrongly over the letters.
func nfc(s string) string { return norm.NFC.String(s) }

// keepFont saves the current face for the returned func to restore: page headers and footers
// run in the middle of other drawing.
func (d *Document) keepFont() func() {
	style, size := d.style, d.size
	return func() {
		if size > 0 {
			d.setFont(style, size)
		}
	}
}

// setFont selects an embedded face; every drawing goes through it.
func (d *Document) setFont(style string, size float64) {
	d.style, d.size = style, size
	d.pdf.SetFont(fontFamily, style, size)
}

// prepare normalises s and records any rune the current face cannot draw.
func (d *Document) prepare(s string) string {
	s = nfc(s)
	if d.fonts == nil {
		return s
	}
	f := d.fonts[d.style]
	for _, r := range s {
		if r == '\n' || d.missing[r] {
			continue
		}
		if g, err := f.GlyphIndex(&d.buf, r); err != nil || g == 0 {
			d.missing[r] = true
		}
	}
	return s
}

func (d *Document) textWidth(s string) float64 { return d.pdf.GetStringWidth(s) }

// text draws one line of prepared text in a box of width w at (x, y).
func (d *Document) text(x, y, w, h float64, s string, align Align) {
	d.pdf.SetXY(x, y)
	d.pdf.CellFormat(w, h, s, "", 0, string(align)+"M", false, 0, "")
}

// wrap breaks s into lines that fit width w (cell padding included) in the current font.
// It breaks at ordinary spaces and at "\n" only: the no-break spaces the localizer puts
// inside amounts and before units never split a value. A word wider than w is cut by
// letters. With maxLines > 0 the last kept line ends in "…" when text was left out.
func (d *Document) wrap(s string, w float64, maxLines int) []string {
	s = d.prepare(s)
	inner := w - 2*cellPad
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Split(para, " ") {
			if word == "" {
				continue
			}
			try := word
			if line != "" {
				try = line + " " + word
			}
			if d.textWidth(try) <= inner {
				line = try
				continue
			}
			if line != "" {
				lines = append(lines, line)
			}
			line = word
			for d.textWidth(line) > inner {
				head := d.fit(line, inner)
				lines = append(lines, head)
				line = line[len(head):]
			}
		}
		lines = append(lines, line)
	}
	if maxLines > 0 && len(lines) > maxLines {
		lines = lines[:maxLines]
		last := strings.TrimRight(lines[maxLines-1], " ")
		for last != "" && d.textWidth(last+"…") > inner {
			_, n := utf8.DecodeLastRuneInString(last)
			last = strings.TrimRight(last[:len(last)-n], " ")
		}
		lines[maxLines-1] = d.prepare(last + "…")
	}
	return lines
}

// fit returns the longest prefix of s (at least one letter) no wider than w.
func (d *Document) fit(s string, w float64) string {
	end := 0
	for i, r := range s {
		next := i + len(string(r))
		if end > 0 && d.textWidth(s[:next]) > w {
			break
		}
		end = next
	}
	return s[:end]
}

// lines draws already wrapped lines from the current position down, breaking the page
// between lines when needed.
func (d *Document) lines(lines []string, x, w float64, align Align) {
	h := lineHeight(d.size)
	for _, l := range lines {
		d.ensure(h)
		y := d.pdf.GetY()
		d.text(x, y, w, h, l, align)
		d.pdf.SetXY(marginSide, y+h)
	}
}

// Heading draws a report's title, bold and centred, and an optional subtitle below it.
func (d *Document) Heading(title, subtitle string) {
	d.setFont(bold, 13)
	d.lines(d.wrap(title, d.Width(), 0), marginSide, d.Width(), Center)
	if subtitle != "" {
		d.setFont(italic, 10)
		d.lines(d.wrap(subtitle, d.Width(), 0), marginSide, d.Width(), Center)
	}
	d.Space(3)
}

// Paragraph draws body text across the page.
func (d *Document) Paragraph(s string) {
	d.setFont(regular, bodySize)
	d.lines(d.wrap(s, d.Width(), 0), marginSide, d.Width(), Left)
}

// Note draws small text, for footnotes under a table. A non-empty mark ("(1)", "*") hangs
// in the margin of the note so that wrapped lines align with the first.
func (d *Document) Note(mark, s string) {
	d.setFont(regular, smallSize)
	indent := 0.0
	if mark != "" {
		indent = 6
	}
	ls := d.wrap(s, d.Width()-indent, 0)
	if mark != "" && len(ls) > 0 {
		h := lineHeight(d.size)
		d.ensure(h)
		d.text(marginSide, d.pdf.GetY(), indent+2*cellPad, h, d.prepare(mark), Left)
	}
	d.lines(ls, marginSide+indent, d.Width()-indent, Left)
}

// Space moves down by mm, but never past the page's bottom.
func (d *Document) Space(mm float64) {
	y := d.pdf.GetY() + mm
	if y > d.bottom() {
		y = d.bottom()
	}
	d.pdf.SetXY(marginSide, y)
}

// pageHeader runs on every new page: branch and office on the left, report title and date
// on the right, a rule below.
func (d *Document) pageHeader() {
	defer d.keepFont()()
	w := d.Width()
	leftW, rightW := w*0.5, w*0.5
	top := marginTop

	d.setFont(regular, smallSize)
	y := top
	h := lineHeight(smallSize)
	for _, l := range d.wrap(strings.ToUpper(d.meta.Office.Branch), leftW, 2) {
		d.text(marginSide, y, leftW, h, l, Left)
		y += h
	}
	d.setFont(bold, smallSize)
	for _, l := range d.wrap(strings.ToUpper(d.meta.Office.Name), leftW, 2) {
		d.text(marginSide, y, leftW, h, l, Left)
		y += h
	}
	leftEnd := y

	y = top
	d.setFont(bold, smallSize)
	for _, l := range d.wrap(d.meta.Title, rightW, 2) {
		d.text(marginSide+leftW, y, rightW, h, l, Right)
		y += h
	}
	d.setFont(regular, smallSize)
	if !d.meta.Date.IsZero() {
		d.text(marginSide+leftW, y, rightW, h, d.prepare(d.loc.T("report.date", "Date", d.meta.Date)), Right)
		y += h
	}
	if leftEnd > y {
		y = leftEnd
	}
	y += 1.5
	d.pdf.SetLineWidth(0.3)
	d.pdf.Line(marginSide, y, marginSide+w, y)
	d.pdf.SetXY(marginSide, y+4)
}

// pageFooter runs at the end of every page: a thin rule and "page x of y", centred, then the
// ledger anchor's line when the document has one. The total is gofpdf's alias, filled in when
// the document closes; centring keeps the small width difference between the alias and the
// real number invisible.
func (d *Document) pageFooter() {
	defer d.keepFont()()
	y := d.pageH - marginBottom + 4
	d.pdf.SetLineWidth(0.1)
	d.pdf.SetDrawColor(150, 150, 150)
	d.pdf.Line(marginSide, y, marginSide+d.Width(), y)
	d.pdf.SetDrawColor(0, 0, 0)
	d.setFont(regular, smallSize)
	s := d.prepare(d.loc.T("report.page", "Page", strconv.Itoa(d.pdf.PageNo()), "Pages", nbPagesAlias))
	d.text(marginSide, y+1, d.Width(), lineHeight(smallSize), s, Center)
	if d.meta.Anchor != "" {
		s := d.prepare(d.loc.T("report.anchor", "Anchor", d.meta.Anchor))
		d.text(marginSide, y+1+lineHeight(smallSize), d.Width(), lineHeight(smallSize), s, Center)
	}
}

// Column is one column of a table.
type printColumn struct {
	Header   string
	Width    float64 // relative: the widths are scaled to fill the page width
	Align    Align
	MaxLines int // a cell wraps to at most this many lines, the last ending in "…"; 0 is 1
}

// Table is a grid of already formatted text. Amount cells should come from the localizer
// (Amount, Percent) and sit in Right columns.
type printTable struct {
	Columns []printColumn
	Rows    [][]string
	Total   []string // the bold totals row; nil for none
	Zebra   bool     // shade every other row; rows are ruled either way
}

// Table draws t. The header row repeats at the top of every page the table runs onto, and
// no row is split across pages.
func (d *Document) table(t printTable) {
	if len(t.Columns) == 0 {
		return
	}
	sum := 0.0
	for _, c := range t.Columns {
		sum += c.Width
	}
	widths := make([]float64, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = c.Width / sum * d.Width()
	}

	d.setFont(bold, smallSize)
	header := make([][]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = d.wrap(c.Header, widths[i], 0)
	}
	headerH := rowHeight(header, smallSize)

	drawHeader := func() {
		y := d.pdf.GetY()
		d.pdf.SetFillColor(225, 230, 238)
		d.pdf.Rect(marginSide, y, d.Width(), headerH, "F")
		d.setFont(bold, smallSize)
		d.drawCells(header, widths, t.Columns, y, headerH, true)
		d.pdf.SetLineWidth(0.3)
		d.pdf.Line(marginSide, y, marginSide+d.Width(), y)
		d.pdf.Line(marginSide, y+headerH, marginSide+d.Width(), y+headerH)
		d.pdf.SetXY(marginSide, y+headerH)
	}

	cellsOf := func(row []string, widths []float64, cols []printColumn) [][]string {
		out := make([][]string, len(cols))
		for i, c := range cols {
			s := ""
			if i < len(row) {
				s = row[i]
			}
			max := c.MaxLines
			if max == 0 {
				max = 1
			}
			out[i] = d.wrap(s, widths[i], max)
		}
		return out
	}

	first := true
	place := func(h float64) {
		// A new page for the header with the first row, or for a row that no longer fits.
		if first {
			first = false
			d.ensure(headerH + h)
			drawHeader()
			return
		}
		if !d.room(h) {
			d.pdf.AddPage()
			drawHeader()
		}
	}

	// The totals row never stands alone on a page: the last row needs room for it too.
	var totalRow []string
	var totalWidths []float64
	var totalCols []printColumn
	var totalCells [][]string
	totalH := 0.0
	if t.Total != nil {
		d.setFont(bold, bodySize)
		totalRow, totalWidths, totalCols = spanTotals(t.Total, widths, t.Columns)
		totalCells = cellsOf(totalRow, totalWidths, totalCols)
		totalH = rowHeight(totalCells, bodySize)
	}

	for n, row := range t.Rows {
		d.setFont(regular, bodySize)
		cells := cellsOf(row, widths, t.Columns)
		h := rowHeight(cells, bodySize)
		if n == len(t.Rows)-1 {
			place(h + totalH)
		} else {
			place(h)
		}
		y := d.pdf.GetY()
		if t.Zebra && n%2 == 1 {
			d.pdf.SetFillColor(244, 246, 249)
			d.pdf.Rect(marginSide, y, d.Width(), h, "F")
		}
		d.setFont(regular, bodySize)
		d.drawCells(cells, widths, t.Columns, y, h, false)
		d.pdf.SetLineWidth(0.1)
		d.pdf.SetDrawColor(170, 170, 170)
		d.pdf.Line(marginSide, y+h, marginSide+d.Width(), y+h)
		d.pdf.SetDrawColor(0, 0, 0)
		d.pdf.SetXY(marginSide, y+h)
	}

	if t.Total != nil {
		h := totalH
		place(h)
		y := d.pdf.GetY()
		d.setFont(bold, bodySize)
		d.drawCells(totalCells, totalWidths, totalCols, y, h, false)
		d.pdf.SetLineWidth(0.3)
		d.pdf.Line(marginSide, y, marginSide+d.Width(), y)
		d.pdf.Line(marginSide, y+h, marginSide+d.Width(), y+h)
		d.pdf.SetXY(marginSide, y+h)
	} else {
		// close the table with the same weight of rule that opens it
		y := d.pdf.GetY()
		d.pdf.SetLineWidth(0.3)
		d.pdf.Line(marginSide, y, marginSide+d.Width(), y)
	}
	d.Space(2)
}

// spanTotals lets a totals cell run on over the empty cells after it, so that a label such
// as "Total: 14 programs" needs no wide column of its own.
func spanTotals(row []string, widths []float64, cols []printColumn) ([]string, []float64, []printColumn) {
	var r []string
	var w []float64
	var c []printColumn
	for i := 0; i < len(cols); i++ {
		s := ""
		if i < len(row) {
			s = row[i]
		}
		col, width, start := cols[i], widths[i], i
		for s != "" && i+1 < len(cols) && (i+1 >= len(row) || row[i+1] == "") {
			i++
			width += widths[i]
		}
		if i > start {
			col.Align, col.MaxLines = Left, 2 // a label run over several columns reads from the left
		}
		r, w, c = append(r, s), append(w, width), append(c, col)
	}
	return r, w, c
}

func rowHeight(cells [][]string, size float64) float64 {
	n := 1
	for _, c := range cells {
		if len(c) > n {
			n = len(c)
		}
	}
	return float64(n)*lineHeight(size) + 2*rowPad
}

// drawCells writes each cell's lines centred vertically in the row; header cells are also
// centred horizontally.
func (d *Document) drawCells(cells [][]string, widths []float64, cols []printColumn, y, h float64, header bool) {
	lh := lineHeight(d.size)
	x := marginSide
	for i, lines := range cells {
		align := cols[i].Align
		if header {
			align = Center
		}
		top := y + (h-float64(len(lines))*lh)/2
		for j, l := range lines {
			d.text(x, top+float64(j)*lh, widths[i], lh, l, align)
		}
		x += widths[i]
	}
}

// Signatories are the names printed under the signature space; empty names leave the line
// for a handwritten one.
type Signatories struct {
	PreparedBy, CheckedBy, Director string
}

// Signatures draws the block that closes a report: the place and date line over the
// director's column, then Người lập biểu · Kiểm soát · Giám đốc with room to sign. The block
// moves to a new page rather than split.
func (d *Document) Signatures(place string, names Signatories) {
	const signSpace = 18.0
	h := lineHeight(bodySize)
	d.Space(4)
	d.ensure(4*h + signSpace)
	colW := d.Width() / 3
	y := d.pdf.GetY()

	if !d.meta.Date.IsZero() {
		s := LongDate(d.loc, d.meta.Date)
		if place != "" {
			s = place + ", " + s
		}
		d.setFont(italic, bodySize)
		s = d.prepare(s)
		w := d.textWidth(s) + 2*cellPad
		// centred over the director's column, but never past the right margin
		x := marginSide + 2.5*colW - w/2
		if x+w > marginSide+d.Width() {
			x = marginSide + d.Width() - w
		}
		d.text(x, y, w, h, s, Center)
		y += h
	}
	roles := []struct{ role, hint, name string }{
		{d.loc.T("report.sign.prepared"), d.loc.T("report.sign.hint"), names.PreparedBy},
		{d.loc.T("report.sign.checked"), d.loc.T("report.sign.hint"), names.CheckedBy},
		{d.loc.T("report.sign.director"), d.loc.T("report.sign.director_hint"), names.Director},
	}
	for i, r := range roles {
		x := marginSide + float64(i)*colW
		d.setFont(bold, bodySize)
		d.text(x, y, colW, h, d.prepare(r.role), Center)
		d.setFont(italic, smallSize)
		d.text(x, y+h, colW, lineHeight(smallSize), d.prepare(r.hint), Center)
		if r.name != "" {
			d.setFont(bold, bodySize)
			d.text(x, y+h+lineHeight(smallSize)+signSpace, colW, h, d.prepare(r.name), Center)
		}
	}
	d.pdf.SetXY(marginSide, y+2*h+lineHeight(smallSize)+signSpace)
}

// monthIDs name the months for LongDate; written out so the translations tests see them.
var monthIDs = [12]string{
	"report.month.1", "report.month.2", "report.month.3", "report.month.4",
	"report.month.5", "report.month.6", "report.month.7", "report.month.8",
	"report.month.9", "report.month.10", "report.month.11", "report.month.12",
}

// LongDate writes a date the way a signed document does: "ngày 05 tháng 02 năm 2026",
// "5 February 2026", "le 5 février 2026".
func LongDate(loc *translations.Localizer, d data.Date) string {
	day := strconv.Itoa(d.Day())
	switch loc.Lang() {
	case "vi":
		// Decree 30/2020/NĐ-CP: days below 10 take a leading zero (months 1 and 2 do too;
		// the month names in the messages carry theirs).
		day = fmt.Sprintf("%02d", d.Day())
	case "fr":
		if d.Day() == 1 {
			day = "1er" // "le 1er décembre"
		}
	}
	return loc.T("report.date_long", "Day", day, "Month", loc.T(monthIDs[d.Month()-1]), "Year", strconv.Itoa(d.Year()))
}

// Write finishes the document and writes it to w. It fails, writing nothing, when some text
// used a letter the embedded font cannot draw.
func (d *Document) Write(w io.Writer) error {
	if d.err != nil {
		return d.err
	}
	if len(d.missing) > 0 {
		var rs []string
		for r := range d.missing {
			rs = append(rs, fmt.Sprintf("%U %q", r, r))
		}
		sort.Strings(rs)
		return fmt.Errorf("reports: the embedded font has no glyph for %s", strings.Join(rs, ", "))
	}
	return d.pdf.Output(w)
}

// NewPage starts a new page, as a report does for each group of a list.
func (d *Document) NewPage() {
	defer d.keepFont()()
	d.pdf.AddPage()
}

// SignatureRow draws one signature column per role across the page, each with the usual
// "(sign, full name)" hint and room to sign; it moves to a new page rather than split. A
// transaction-day list uses it for the group leader and the officer.
func (d *Document) SignatureRow(roles ...string) {
	const signSpace = 16.0
	if len(roles) == 0 {
		return
	}
	h := lineHeight(bodySize)
	d.Space(3)
	d.ensure(h + lineHeight(smallSize) + signSpace)
	colW := d.Width() / float64(len(roles))
	y := d.pdf.GetY()
	for i, role := range roles {
		x := marginSide + float64(i)*colW
		d.setFont(bold, bodySize)
		d.text(x, y, colW, h, d.prepare(role), Center)
		d.setFont(italic, smallSize)
		d.text(x, y+h, colW, lineHeight(smallSize), d.prepare(d.loc.T("report.sign.hint")), Center)
	}
	d.pdf.SetXY(marginSide, y+h+lineHeight(smallSize)+signSpace)
}

// section draws a bold line that opens a part of a report, on the page where what follows it
// (a table's header and first rows) also fits, so that a heading never sits alone at the foot
// of a page.
func (d *Document) section(s string) {
	d.Space(1.5)
	d.ensure(22)
	d.setFont(bold, 10)
	d.lines(d.wrap(s, d.Width(), 0), marginSide, d.Width(), Left)
	d.Space(0.5)
}
