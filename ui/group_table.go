package ui

import (
	"cmp"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/translations"
)

// sortHeader is a column header of a sortable table: tapping it sorts by the column, tapping
// it again reverses; the sorted column shows an arrow.
type sortHeader struct {
	widget.BaseWidget
	label *widget.Label
	arrow *widget.Icon
	col   int
	onTap func(col int)
}

func newSortHeader(onTap func(col int)) *sortHeader {
	h := &sortHeader{label: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		arrow: widget.NewIcon(nil), onTap: onTap}
	h.label.Truncation = fyne.TextTruncateEllipsis
	h.arrow.Hide()
	h.ExtendBaseWidget(h)
	return h
}

func (h *sortHeader) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, nil, h.arrow, h.label))
}

func (h *sortHeader) Tapped(*fyne.PointEvent) {
	if h.onTap != nil && h.col >= 0 {
		h.onTap(h.col)
	}
}

func (h *sortHeader) Cursor() desktop.Cursor { return desktop.PointerCursor }

// show sets the header's text and arrow: up for ascending, down for descending.
func (h *sortHeader) show(text string, align fyne.TextAlign, sorted, desc bool) {
	h.label.Alignment = align
	h.label.SetText(text)
	switch {
	case !sorted:
		h.arrow.Hide()
	case desc:
		h.arrow.SetResource(theme.MoveDownIcon())
		h.arrow.Show()
	default:
		h.arrow.SetResource(theme.MoveUpIcon())
		h.arrow.Show()
	}
}

// sortedTable is a table of labels whose header row sorts it.
type sortedTable struct {
	*widget.Table
	columns  []string
	trailing func(col int) bool
	sortCol  int // -1: the store's order
	desc     bool
	headers  []*sortHeader // every header widget the table made
	onSort   func()
}

// newSortedTable builds a table like newHeaderTable whose headers sort: onSort is called after
// a tap changed the order, to re-sort the rows and refresh.
func newSortedTable(columns []string, widths []float32, rows func() int, cell func(id widget.TableCellID) string,
	trailing func(col int) bool, loc *translations.Localizer, onSort func()) *sortedTable {
	t := &sortedTable{columns: columns, trailing: trailing, sortCol: -1, onSort: onSort}
	// Room for the arrow beside the header's text.
	var fit *columnFit
	t.Table, fit = buildHeaderTable(columns, widths, rows, cell, trailing, loc, theme.IconInlineSize()+theme.Padding())
	fit.holder = t // the canvas holds the sortedTable, not the table it embeds
	t.CreateHeader = func() fyne.CanvasObject {
		h := newSortHeader(t.tap)
		h.col = -1
		t.headers = append(t.headers, h)
		return h
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		h := o.(*sortHeader)
		h.col = -1
		if id.Row >= 0 || id.Col < 0 {
			return
		}
		h.col = id.Col
		align := fyne.TextAlignLeading
		if trailing != nil && trailing(id.Col) {
			align = fyne.TextAlignTrailing
		}
		h.show(loc.T(columns[id.Col]), align, id.Col == t.sortCol, t.desc)
	}
	return t
}

// tap sorts by col, or reverses when it is already the sort column.
func (t *sortedTable) tap(col int) {
	if col == t.sortCol {
		t.desc = !t.desc
	} else {
		t.sortCol, t.desc = col, false
	}
	if t.onSort != nil {
		t.onSort()
	}
	for _, h := range t.headers {
		if h.col >= 0 {
			h.show(h.label.Text, h.label.Alignment, h.col == t.sortCol, t.desc)
		}
	}
	t.Refresh()
}

// groupSortKeys compare two list rows by one column; ties fall back to the group code.
var groupSortKeys = []func(a, b *data.GroupLine, loc *translations.Localizer) int{
	func(a, b *data.GroupLine, _ *translations.Localizer) int { return 0 }, // code: the tie-break
	func(a, b *data.GroupLine, _ *translations.Localizer) int {
		return cmp.Compare(data.Fold(a.Name), data.Fold(b.Name))
	},
	func(a, b *data.GroupLine, _ *translations.Localizer) int {
		return cmp.Or(cmp.Compare(data.Fold(a.Commune), data.Fold(b.Commune)), cmp.Compare(data.Fold(a.Village), data.Fold(b.Village)))
	},
	func(a, b *data.GroupLine, loc *translations.Localizer) int {
		return cmp.Compare(data.Fold(loc.Association(a.Association)), data.Fold(loc.Association(b.Association)))
	},
	func(a, b *data.GroupLine, _ *translations.Localizer) int {
		return cmp.Compare(data.Fold(data.GivenName(a.Leader)+" "+a.Leader), data.Fold(data.GivenName(b.Leader)+" "+b.Leader))
	},
	func(a, b *data.GroupLine, _ *translations.Localizer) int { return cmp.Compare(a.Members, b.Members) },
	func(a, b *data.GroupLine, _ *translations.Localizer) int {
		return cmp.Compare(a.Outstanding, b.Outstanding)
	},
	func(a, b *data.GroupLine, _ *translations.Localizer) int { return cmp.Compare(a.Overdue, b.Overdue) },
	func(a, b *data.GroupLine, _ *translations.Localizer) int {
		return cmp.Or(cmp.Compare(ratingRank(a.LatestRating), ratingRank(b.LatestRating)), cmp.Compare(b.RatingYear, a.RatingYear))
	},
}

// ratingRank orders grades from best to worst, groups never rated last.
func ratingRank(r data.Rating) int {
	for i, x := range data.Ratings {
		if x == r {
			return i
		}
	}
	return len(data.Ratings)
}

// sortGroupLines orders rows by column col (descending when desc), then by code; col < 0
// keeps the store's order (by code).
func sortGroupLines(rows []data.GroupLine, col int, desc bool, loc *translations.Localizer) {
	if col < 0 || col >= len(groupSortKeys) {
		return
	}
	key := groupSortKeys[col]
	slices.SortStableFunc(rows, func(a, b data.GroupLine) int {
		c := cmp.Or(key(&a, &b, loc), cmp.Compare(data.Fold(a.Code), data.Fold(b.Code)))
		if desc {
			return -c
		}
		return c
	})
}
