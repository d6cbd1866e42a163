package ui

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
)

// exported runs a list's export into memory and reads the CSV back.
func exported(t *testing.T, a *App, columns []string, prepare func() (string, func(ctx context.Context) ([][]string, error))) (string, [][]string) {
	t.Helper()
	name, rows := prepare()
	var buf bytes.Buffer
	if err := a.writeList(context.Background(), &buf, columns, rows); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff")))
	r.Comma = ';' // Vietnamese writes a decimal comma
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) == 0 || len(records[0]) != len(columns) || records[0][0] != a.loc.T(columns[0]) {
		t.Fatalf("%s: header %v", name, records)
	}
	return name, records[1:]
}

// Each list exports every row it selects, as the screen writes them, not only the page shown.
func TestListsExportEveryRowTheyShow(t *testing.T) {
	a, _, b := newBorrowersTest(t)
	searchFor(a, b, "nguyen thi")
	name, rows := exported(t, a, borrowerColumnTitles(), b.prepareExport)
	if len(rows) != b.list.total || !strings.HasSuffix(name, ".csv") {
		t.Errorf("%s: %d households exported, the list counts %d", name, len(rows), b.list.total)
	}
	if first, ok := b.list.row(0); !ok || rows[0][0] != first.Code || rows[0][1] != first.Name {
		t.Errorf("first exported row %v, the list's %+v", rows[0], first)
	}

	a.Navigate("loans")
	a.Wait()
	l := a.currentScreen().(*loansScreen)
	l.refresh()
	a.Wait()
	_, rows = exported(t, a, loanListColumns, l.prepareExport)
	if len(rows) <= len(l.rows) {
		t.Errorf("%d loans exported, the screen shows a page of %d", len(rows), len(l.rows))
	}

	a.Navigate("groups")
	a.Wait()
	g := a.currentScreen().(*groupsScreen)
	g.refresh()
	a.Wait()
	_, rows = exported(t, a, groupColumns, g.prepareExport)
	if len(rows) != len(g.rows) || len(rows) == 0 || rows[0][0] != g.rows[0].Code {
		t.Errorf("%d groups exported, %d listed", len(rows), len(g.rows))
	}
}
