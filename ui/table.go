package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"policycredit/translations"
)

// newHeaderTable is a table of labels with a bold, translated header row and no header
// column; trailing (may be nil) says which columns hold right-aligned figures. widths are
// the columns' starting widths: a column grows to its translated header and to the texts it
// shows (see columnFit), and a text still cut shows whole in a tooltip.
func newHeaderTable(columns []string, widths []float32, rows func() int, cell func(id widget.TableCellID) string,
	trailing func(col int) bool, loc *translations.Localizer) *widget.Table {
	table, _ := buildHeaderTable(columns, widths, rows, cell, trailing, loc, 0)
	return table
}

// buildHeaderTable is newHeaderTable whose headers need extra room beside their text (a
// sort arrow).
func buildHeaderTable(columns []string, widths []float32, rows func() int, cell func(id widget.TableCellID) string,
	trailing func(col int) bool, loc *translations.Localizer, headerExtra float32) (*widget.Table, *columnFit) {
	var table *widget.Table
	fit := newColumnFit(columns, widths, loc, headerExtra)
	table = widget.NewTableWithHeaders(
		func() (int, int) {
			n := rows()
			fit.sample(table, n, cell)
			return n, len(columns)
		},
		func() fyne.CanvasObject {
			return newTipLabel(table, func() fyne.CanvasObject { return fit.holder }, fyne.TextStyle{})
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*tipLabel)
			l.Alignment = fyne.TextAlignLeading
			if trailing != nil && trailing(id.Col) {
				l.Alignment = fyne.TextAlignTrailing
			}
			text := cell(id)
			fit.saw(id.Col, text)
			l.setText(text)
		},
	)
	table.ShowHeaderColumn = false
	table.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 {
			l := o.(*widget.Label)
			l.Alignment = fyne.TextAlignLeading
			if trailing != nil && trailing(id.Col) {
				l.Alignment = fyne.TextAlignTrailing
			}
			l.SetText(loc.T(columns[id.Col]))
		}
	}
	fit.holder = table
	fit.set = make([]float32, len(columns))
	fit.sample(table, rows(), cell)
	return table, fit
}

// The bounds of a column's growth to its texts: a status or a name takes the room it needs,
// but one long note must not push every other column off the screen.
const (
	fitMost   = 420 // px, unless the starting width is wider
	fitSample = 40  // rows measured when the table's rows change
)

// columnFit sizes a table's columns in the user's language: never narrower than the
// translated header, wide enough for the texts shown up to a bound. Widths are measured in
// the cell callback (rows shown) and from the first rows whenever the rows change; a change is
// applied when the table next asks for its size, outside its cell loop, which a resize there
// would upset.
type columnFit struct {
	floor, limit []float32         // header width; the most a column grows
	base         []float32         // the starting width, at least the header's
	width        []float32         // what each column needs so far
	set          []float32         // what the table was given
	holder       fyne.CanvasObject // what the screen puts on the canvas: the table or its wrapper
	rows         int               // the row count of the last sample
	first        string            // the first row's texts at the last sample
	applying     bool
}

func newColumnFit(columns []string, widths []float32, loc *translations.Localizer, headerExtra float32) *columnFit {
	f := &columnFit{rows: -1}
	for col, key := range columns {
		given := float32(100)
		if col < len(widths) {
			given = widths[col]
		}
		floor := textWidth(loc.T(key), fyne.TextStyle{Bold: true}) + headerExtra
		f.floor = append(f.floor, floor)
		base := fyne.Max(given, floor)
		f.base = append(f.base, base)
		f.limit = append(f.limit, fyne.Max(base, fitMost))
	}
	f.width = append([]float32(nil), f.base...)
	return f
}

// textWidth is the width a label needs to show text whole.
func textWidth(text string, style fyne.TextStyle) float32 {
	return fyne.MeasureText(text, theme.TextSize(), style).Width + 2*theme.InnerPadding() + 1
}

// saw widens col, within its bound, for a text a cell shows.
func (f *columnFit) saw(col int, text string) {
	if col < 0 || col >= len(f.width) || text == "" || f.width[col] >= f.limit[col] {
		return
	}
	if w := textWidth(text, fyne.TextStyle{}); w > f.width[col] {
		f.width[col] = fyne.Min(w, f.limit[col])
	}
}

// sample re-measures the first rows when the rows changed (another search, a sort, new
// figures), then gives the table the widths found.
func (f *columnFit) sample(table *widget.Table, n int, cell func(id widget.TableCellID) string) {
	if table == nil || f.applying {
		return
	}
	first := ""
	if n > 0 {
		for col := range f.width {
			first += cell(widget.TableCellID{Row: 0, Col: col}) + "\x00"
		}
	}
	if n != f.rows || first != f.first {
		f.rows, f.first = n, first
		copy(f.width, f.base) // the last rows' widths do not hold for these
		for row := 0; row < min(n, fitSample); row++ {
			for col := range f.width {
				f.saw(col, cell(widget.TableCellID{Row: row, Col: col}))
			}
		}
	}
	f.applying = true
	for col, w := range f.width {
		if f.set != nil && f.set[col] != w {
			f.set[col] = w
			table.SetColumnWidth(col, w)
		}
	}
	f.applying = false
}
