package ui

import (
	"bytes"
	"context"
	"encoding/csv"
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

	"policycredit/reports"
)

// exported runs a list's export into memory as CSV and reads it back.
func exported(t *testing.T, a *App, prepare func() (string, func(ctx context.Context) (reports.Table, error))) (string, [][]string) {
	t.Helper()
	name, sheet := prepare()
	var buf bytes.Buffer
	if err := a.writeList(context.Background(), &buf, true, sheet); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff")))
	r.Comma = ';' // Vietnamese writes a decimal comma
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) == 0 || strings.Contains(strings.Join(records[0], ""), ".col.") {
		t.Fatalf("%s: header %v", name, records)
	}
	return name, records[1:]
}

// Each list exports every row it selects, not only the page shown.
func TestListsExportEveryRowTheyShow(t *testing.T) {
	a, _, b := newBorrowersTest(t)
	searchFor(a, b, "nguyen thi")
	name, rows := exported(t, a, b.prepareExport)
	if len(rows) != b.list.total || strings.Contains(name, ".") {
		t.Errorf("%s: %d households exported, the list counts %d", name, len(rows), b.list.total)
	}
	if first, ok := b.list.row(0); !ok || rows[0][0] != first.Code || rows[0][1] != first.Name ||
		rows[0][7] != strconv.FormatInt(int64(first.Outstanding), 10) {
		t.Errorf("first exported row %v, the list's %+v", rows[0], first)
	}

	a.Navigate("loans")
	a.Wait()
	l := a.currentScreen().(*loansScreen)
	l.refresh()
	a.Wait()
	_, rows = exported(t, a, l.prepareExport)
	if len(rows) <= len(l.rows) {
		t.Errorf("%d loans exported, the screen shows a page of %d", len(rows), len(l.rows))
	}

	a.Navigate("groups")
	a.Wait()
	g := a.currentScreen().(*groupsScreen)
	g.refresh()
	a.Wait()
	_, rows = exported(t, a, g.prepareExport)
	if len(rows) != len(g.rows) || len(rows) == 0 || rows[0][0] != g.rows[0].Code {
		t.Errorf("%d groups exported, %d listed", len(rows), len(g.rows))
	}
}

// The export button proposes an xlsx file, with money as numbers; the clerk who types .csv
// instead gets CSV.
func TestExportButtonWritesXLSXOrCSV(t *testing.T) {
	fakeHome(t)
	a, _ := newDemoApp(t, "vi", "groups")
	a.Wait()
	g := a.currentScreen().(*groupsScreen)
	g.refresh()
	a.Wait()
	loc := a.loc
	folder := t.TempDir()
	save := func(rename func(string) string) string {
		t.Helper()
		button := buttonIn(a.win.Content(), loc.T("list.export"), nil)
		if button == nil {
			t.Fatal("no export button on the groups list")
		}
		// the dialog opens in the folder it last showed
		a.fyneApp.Preferences().SetString(fileDialogFolderKey, storage.NewFileURI(folder).String())
		test.Tap(button)
		popUp := a.win.Canvas().Overlays().Top()
		var d *widget.Entry
		walk(popUp, func(o fyne.CanvasObject) {
			if e, ok := o.(*widget.Entry); ok && strings.HasPrefix(e.Text, "groups-") {
				d = e
			}
		})
		if d == nil || !strings.HasSuffix(d.Text, ".xlsx") {
			t.Fatalf("the save dialog proposes no .xlsx name")
		}
		name := rename(d.Text)
		d.SetText(name)
		test.Tap(buttonIn(popUp, loc.T("action.save"), nil))
		a.Wait()
		closeOverlays(a)
		return filepath.Join(folder, name)
	}

	file := save(func(n string) string { return n })
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatalf("no workbook written: %v", err)
	}
	sheet := f.GetSheetName(0)
	if sheet != loc.T("export.sheet.groups") {
		t.Errorf("sheet %q", sheet)
	}
	if typ, _ := f.GetCellType(sheet, "H2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("outstanding is not a number: %v", typ)
	}
	if raw, _ := f.GetCellValue(sheet, "H2", excelize.Options{RawCellValue: true}); raw != strconv.FormatInt(int64(g.rows[0].Outstanding), 10) {
		t.Errorf("outstanding of %s stored as %q, want %d", g.rows[0].Code, raw, g.rows[0].Outstanding)
	}
	f.Close()

	file = save(func(n string) string { return strings.TrimSuffix(n, ".xlsx") + ".csv" })
	raw, err := os.ReadFile(file)
	if err != nil || !strings.HasPrefix(string(raw), "\ufeff"+loc.T("group.col.code")+";") {
		t.Errorf("no CSV written: %v %q", err, string(raw[:min(len(raw), 200)]))
	}
}
