package ui

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"policycredit/data/demo"
	"policycredit/reports"
)

// saveThrough taps button, checks that the save dialog proposes an .xlsx name starting with
// prefix, saves under the name rename makes of it in folder, and returns the file's path.
func saveThrough(t *testing.T, a *App, button *widget.Button, folder, prefix string, rename func(string) string) string {
	t.Helper()
	if button == nil {
		t.Fatal("no such button")
	}
	a.fyneApp.Preferences().SetString(fileDialogFolderKey, storage.NewFileURI(folder).String())
	test.Tap(button)
	popUp := a.win.Canvas().Overlays().Top()
	if popUp == nil {
		t.Fatal("no save dialog")
	}
	var entry *widget.Entry
	walk(popUp, func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && strings.HasSuffix(e.Text, ".xlsx") {
			entry = e
		}
	})
	if entry == nil || !strings.HasPrefix(entry.Text, prefix) {
		t.Fatalf("the save dialog proposes no %s….xlsx name", prefix)
	}
	name := rename(entry.Text)
	entry.SetText(name)
	test.Tap(buttonIn(popUp, a.loc.T("action.save"), nil))
	a.Wait()
	closeOverlays(a)
	return filepath.Join(folder, name)
}

func sameName(n string) string { return n }

// The Reports screen exports the overdue list's table: a workbook with the translated header
// and money as exact đồng numbers, or CSV when the name ends in .csv; every report of the
// screen offers it.
func TestReportsScreenExportsTheOverdueListAsXLSX(t *testing.T) {
	fakeHome(t)
	a, store := newDemoApp(t, "vi", "reports")
	a.opts.ReportsDir = t.TempDir()
	a.loadStatus()
	s := a.currentScreen().(*reportsScreen)
	s.refresh()
	a.Wait()
	loc := a.loc
	for _, k := range reportKinds {
		s.kind.SetSelected(loc.T(k.title))
		a.Wait()
		if k.table == nil || s.export.Disabled() {
			t.Errorf("%s offers no table export", k.id)
		}
	}
	s.kind.SetSelected(loc.T("summary.overdue.title"))
	s.date.SetText(loc.Date(demo.Today))
	s.scope.SetSelected(loc.T("reports.screen.scope_office"))
	a.Wait()
	list, err := store.OverdueList(a.ctx, 0, demo.Today)
	if err != nil || len(list.Loans) == 0 {
		t.Fatalf("the demo office has no overdue loan: %v", err)
	}

	folder := t.TempDir()
	file := saveThrough(t, a, buttonIn(a.win.Content(), loc.T("list.export"), nil), folder, "overdue-", sameName)
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatalf("no workbook written: %v", err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	if sheet != loc.T("report.sheet.overdue") {
		t.Errorf("sheet %q", sheet)
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil || len(rows) != len(list.Loans)+1 {
		t.Fatalf("%v: %d rows for %d overdue loans", err, len(rows), len(list.Loans))
	}
	if rows[0][0] != loc.T("summary.col.contract") || rows[0][7] != loc.T("summary.col.overdue") {
		t.Errorf("header %q", rows[0])
	}
	if typ, _ := f.GetCellType(sheet, "H2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("the overdue amount is not a number: %v", typ)
	}
	first := list.Loans[0]
	if rows[1][0] != first.Contract || rows[1][7] != strconv.FormatInt(int64(first.Overdue), 10) {
		t.Errorf("first row %q, the list's %s overdue %d", rows[1], first.Contract, first.Overdue)
	}

	file = saveThrough(t, a, buttonIn(a.win.Content(), loc.T("list.export"), nil), folder, "overdue-",
		func(n string) string { return strings.TrimSuffix(n, ".xlsx") + ".csv" })
	raw, err := os.ReadFile(file)
	if err != nil || !strings.HasPrefix(string(raw), "\ufeff"+loc.T("summary.col.contract")+";") {
		t.Errorf("no CSV written: %v %q", err, string(raw[:min(len(raw), 200)]))
	}
}

// The transaction-day screen exports its collection list as a workbook, and as the same CSV
// as Export CSV when the name ends in .csv; the day report exports as a workbook too.
func TestTxDayExportsTheCollectionListAsXLSX(t *testing.T) {
	fakeHome(t)
	a, _, s := newTxDayTest(t)
	loc := a.loc
	folder := t.TempDir()
	file := saveThrough(t, a, exportMenuItem(t, a, 0), folder, "collection-", sameName)
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatalf("no workbook written: %v", err)
	}
	sheet := f.GetSheetName(0)
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	f.Close()
	members := 0
	for _, g := range s.list.Groups {
		members += len(g.Members)
	}
	if err != nil || sheet != loc.T("report.sheet.collection") || len(rows) != members+1 {
		t.Fatalf("sheet %q: %v, %d rows for %d members", sheet, err, len(rows), members)
	}
	m := s.list.Groups[0].Members[0]
	if rows[0][3] != loc.T("report.collection.col.customer") || rows[1][3] != m.Customer ||
		rows[1][5] != strconv.FormatInt(int64(m.Due.Principal), 10) {
		t.Errorf("header %q, first row %q, member %s due %d", rows[0], rows[1], m.Customer, m.Due.Principal)
	}

	// .csv: the file Export CSV writes, which Import CSV reads back
	file = saveThrough(t, a, exportMenuItem(t, a, 0), folder, "collection-",
		func(n string) string { return strings.TrimSuffix(n, ".xlsx") + ".csv" })
	in, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	filled, err := reports.ReadCollectionCSV(in, loc)
	in.Close()
	if err != nil || filled.PointCode != s.list.PointCode || filled.Date != s.list.Date {
		t.Errorf("the exported CSV does not read back: %v %+v", err, filled)
	}

	file = saveThrough(t, a, exportMenuItem(t, a, 2), folder, "day-", sameName)
	f, err = excelize.OpenFile(file)
	if err != nil {
		t.Fatalf("no day report written: %v", err)
	}
	defer f.Close()
	if sheet := f.GetSheetName(0); sheet != loc.T("report.sheet.day") {
		t.Errorf("day report sheet %q", sheet)
	} else if v, _ := f.GetCellValue(sheet, "C1"); v != loc.T("report.day.col.principal") {
		t.Errorf("day report header C1 %q", v)
	}
}

// exportMenuItem is a button that opens the transaction day's Export… menu and taps its item
// number i: the collection list as a workbook, the list to fill in as CSV, the day report.
func exportMenuItem(t *testing.T, a *App, i int) *widget.Button {
	t.Helper()
	return widget.NewButton("", func() {
		test.Tap(buttonIn(a.win.Content(), a.loc.T("list.export"), nil))
		var menu *widget.Menu
		walk(a.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
			switch m := o.(type) {
			case *widget.Menu:
				menu = m
			case *widget.PopUpMenu:
				menu = m.Menu
			}
		})
		if menu == nil || len(menu.Items) != 3 {
			t.Fatal("no export menu of three items")
		}
		test.Tap(menu.Items[i].(fyne.Tappable))
	})
}
