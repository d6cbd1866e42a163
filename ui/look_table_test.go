package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"policycredit/translations"
)

// tableWindow shows a header table of the given rows in French, each column given a narrow
// starting width, in a window of 1024×768.
func tableWindow(t *testing.T, columns []string, widths []float32, rows *[][]string) (*widget.Table, fyne.Window) {
	t.Helper()
	table := newHeaderTable(columns, widths, func() int { return len(*rows) },
		func(id widget.TableCellID) string { return (*rows)[id.Row][id.Col] },
		func(col int) bool { return col == 2 }, translations.New("fr"))
	w := test.NewWindow(table)
	w.Resize(fyne.NewSize(1024, 768))
	t.Cleanup(w.Close)
	return table, w
}

// shownCells are the cell labels the table shows, by text, and its header labels.
func shownCells(table *widget.Table) (cells map[string]*tipLabel, headers []*widget.Label) {
	cells = map[string]*tipLabel{}
	walk(table, func(o fyne.CanvasObject) {
		switch l := o.(type) {
		case *tipLabel:
			if l.Visible() && l.Text != "" {
				cells[l.Text] = l
			}
		case *widget.Label:
			if l.Visible() && l.Text != "" && l.TextStyle.Bold {
				headers = append(headers, l)
			}
		}
	})
	return cells, headers
}

func TestColumnsFitTheirHeaderAndTextsInFrench(t *testing.T) {
	rows := [][]string{{"16000-T02", "Association des anciens combattants", "1 049 605 537"}}
	// Starting widths that cut "Village · Commune", the association and the amount.
	table, _ := tableWindow(t, []string{"group.col.village", "group.col.association", "group.col.outstanding"},
		[]float32{60, 120, 60}, &rows)
	table.Refresh()
	cells, headers := shownCells(table)
	if len(headers) != 3 {
		t.Fatalf("the table shows %d headers, want 3", len(headers))
	}
	for _, h := range headers {
		if need := textWidth(h.Text, h.TextStyle); h.Size().Width < need-1 {
			t.Errorf("header %q is %.0f px wide, its text needs %.0f", h.Text, h.Size().Width, need)
		}
	}
	for _, text := range rows[0] {
		if c := cells[text]; c == nil || c.cut() {
			t.Errorf("cell %q is cut or not shown", text)
		}
	}
	if c := cells["1 049 605 537"]; c == nil || c.Alignment != fyne.TextAlignTrailing {
		t.Error("the figure column is not right-aligned")
	}

	// New rows, longer: the columns follow; back to short ones, they narrow again.
	rows = [][]string{{"Thôn Đông Hòa Thượng · Xã Hoằng Đông", "Union des femmes", "5"}}
	table.Refresh()
	cells, _ = shownCells(table)
	if c := cells[rows[0][0]]; c == nil || c.cut() {
		t.Errorf("after new rows the cell %q is cut", rows[0][0])
	}
	wide := cells[rows[0][0]].Size().Width
	rows = [][]string{{"Thôn 1", "Union", "5"}}
	table.Refresh()
	cells, _ = shownCells(table)
	if c := cells["Thôn 1"]; c == nil || c.Size().Width >= wide {
		t.Errorf("with short rows the column stays %.0f px wide", wide)
	}
}

func TestCutCellShowsItsTextInATooltipUntilTheMouseLeaves(t *testing.T) {
	long := strings.Repeat("Tổ tiết kiệm và vay vốn thôn Đông Hòa ", 3)
	rows := [][]string{{"16000-T01", long, "5"}}
	table, w := tableWindow(t, []string{"group.col.code", "group.col.name", "group.col.members"}, []float32{80, 100, 60}, &rows)
	table.Refresh()
	cells, _ := shownCells(table)
	cell, short := cells[long], cells["16000-T01"]
	if cell == nil || !cell.cut() {
		t.Fatal("a name of 110 characters in a column of at most 250 px is not cut: the test shows nothing")
	}
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(cell).Add(fyne.NewPos(5, 5))
	cell.MouseIn(&desktop.MouseEvent{PointEvent: fyne.PointEvent{AbsolutePosition: at}})
	if cell.timer == nil {
		t.Fatal("resting on a cut cell starts no tooltip")
	}
	cell.timer.Stop()
	cell.showTip() // what the timer does after tipDelay
	var tip []string
	walk(w.Content(), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.Text == long && l != &cell.Label {
			tip = append(tip, l.Text)
		}
	})
	if len(tip) != 1 || w.Canvas().Overlays().Top() != nil {
		t.Fatalf("the tooltip shows %d labels with the full name (overlays: %v), want one, drawn over the content", len(tip), w.Canvas().Overlays().Top())
	}
	if w.Canvas().Focused() != nil && w.Canvas().Focused() != table {
		t.Fatal("the tooltip took the keyboard")
	}
	cell.MouseOut()
	found := false
	walk(w.Content(), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.Text == long && l != &cell.Label {
			found = true
		}
	})
	if found || cell.tip != nil {
		t.Fatal("the tooltip stays after the mouse left")
	}
	// A text that fits starts no timer.
	short.MouseIn(&desktop.MouseEvent{})
	if short.timer != nil {
		t.Fatal("a cell whose text fits would show a tooltip")
	}
	short.MouseOut()
}

// Sizing columns reads the first rows and the rows shown, never the whole table: a list of
// 100,000 households refreshes as fast as a short one.
func TestColumnFitReadsFewRowsOfALongTable(t *testing.T) {
	calls := 0
	table := newHeaderTable([]string{"group.col.code", "group.col.name"}, []float32{80, 120},
		func() int { return 100_000 },
		func(id widget.TableCellID) string {
			calls++
			return fmt.Sprintf("Hộ %d", id.Row)
		}, nil, translations.New("vi"))
	w := test.NewWindow(table)
	defer w.Close()
	w.Resize(fyne.NewSize(600, 800))
	calls = 0
	table.Refresh()
	if calls == 0 || calls > 2*(fitSample+40)*2 {
		t.Fatalf("one refresh of a 100,000-row table read %d cells", calls)
	}
}

// In French, the Groups screen's list and members table show their headers ("Village ·
// Commune", "Association", "Chef de groupe") and their cells whole.
func TestGroupsColumnsReadInFrench(t *testing.T) {
	a, _ := newDemoApp(t, "fr", "groups")
	a.win.Resize(fyne.NewSize(1024, 768))
	s := a.currentScreen().(*groupsScreen)
	a.Wait()
	if len(s.rows) == 0 || len(s.members) == 0 {
		t.Fatalf("the demo office shows %d groups, %d members", len(s.rows), len(s.members))
	}
	for name, table := range map[string]fyne.CanvasObject{"list": s.table, "members": s.membersTable} {
		headers, cells := 0, 0
		walk(table, func(o fyne.CanvasObject) {
			switch x := o.(type) {
			case *sortHeader:
				if x.col >= 0 && x.label.Text != "" {
					headers++
					if room := x.Size().Width - theme.IconInlineSize() - theme.Padding(); room < textWidth(x.label.Text, x.label.TextStyle)-1 {
						t.Errorf("%s: header %q has %.0f px, its text needs %.0f", name, x.label.Text, room, textWidth(x.label.Text, x.label.TextStyle))
					}
				}
			case *widget.Label:
				if x.TextStyle.Bold && x.Text != "" {
					headers++
					if x.Size().Width < textWidth(x.Text, x.TextStyle)-1 {
						t.Errorf("%s: header %q is cut", name, x.Text)
					}
				}
			case *tipLabel:
				if x.Visible() && x.Text != "" && x.Size().Width > 0 {
					cells++
					if x.cut() {
						t.Errorf("%s: cell %q is cut", name, x.Text)
					}
				}
			}
		})
		if headers == 0 || cells == 0 {
			t.Errorf("%s: %d headers and %d cells shown", name, headers, cells)
		}
	}
}
