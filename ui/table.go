package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"policycredit/translations"
)

// newHeaderTable is a table of truncated labels with a bold, translated header row and no
// header column; trailing (may be nil) says which columns hold right-aligned figures.
func newHeaderTable(columns []string, widths []float32, rows func() int, cell func(id widget.TableCellID) string,
	trailing func(col int) bool, loc *translations.Localizer) *widget.Table {
	table := widget.NewTableWithHeaders(
		func() (int, int) { return rows(), len(columns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.Alignment = fyne.TextAlignLeading
			if trailing != nil && trailing(id.Col) {
				l.Alignment = fyne.TextAlignTrailing
			}
			l.SetText(cell(id))
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
			o.(*widget.Label).SetText(loc.T(columns[id.Col]))
		}
	}
	for col, w := range widths {
		table.SetColumnWidth(col, w)
	}
	return table
}
