package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"policycredit/data"
	"policycredit/data/sqlite"
)

// newTxDayTest opens the Transaction day screen on the small demo office with the first
// point's list open.
func newTxDayTest(t *testing.T) (*App, *sqlite.Store, *txDayScreen) {
	t.Helper()
	a, store := newDemoApp(t, "vi", "txday")
	a.opts.ReportsDir = t.TempDir()
	a.loadStatus()
	s, ok := a.currentScreen().(*txDayScreen)
	if !ok {
		t.Fatalf("--screen txday opened %T", a.currentScreen())
	}
	s.refresh()
	a.Wait()
	if len(s.point.Options) == 0 || s.point.Selected == "" || s.date.Text == "" {
		t.Fatalf("points %v, chosen %q, date %q", s.point.Options, s.point.Selected, s.date.Text)
	}
	a.Wait() // the first visit opens the first point's list
	if !s.loaded || len(s.groups) == 0 || len(s.groups[0].rows) < 2 {
		t.Fatalf("the list of %s shows %d groups", s.point.Selected, len(s.groups))
	}
	// The point's next day may be after the day the test runs: it is the working date.
	pinTestWorkingDate(t, a, store, s.list.Date)
	s.updatePostable()
	return a, store, s
}

// pinTestWorkingDate fixes the working date in the office's settings and the app's.
func pinTestWorkingDate(t *testing.T, a *App, store *sqlite.Store, on data.Date) {
	t.Helper()
	ctx := data.WithUser(context.Background(), "test")
	set, err := store.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set.WorkingDate = on
	if err := store.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	a.settings.WorkingDate = on
}

// settle sets every group's cash to what its rows bring in.
func settle(s *txDayScreen) {
	for _, g := range s.groups {
		c, _ := s.groupFigures(g)
		g.cash = s.app.loc.Amount(c.Net())
	}
}

func TestTxDayListIsPrefilledAndKeysMoveDownTheColumn(t *testing.T) {
	a, _, s := newTxDayTest(t)
	loc := a.loc
	g := s.groups[0]
	first := g.rows[0]
	if want := loc.Amount(first.member.Due.Interest); first.member.Due.Interest > 0 && s.entries[0][colInterest].Text != want {
		t.Errorf("interest paid shows %q, want the %q due", s.entries[0][colInterest].Text, want)
	}
	if !strings.Contains(s.summary.Text, loc.Number(int64(s.list.Totals.Members))) {
		t.Errorf("summary %q does not count the members", s.summary.Text)
	}

	// Typing in a cell updates the group's running totals.
	before := s.totals.Text
	s.entries[0][colDeposit].SetText("")
	test.Type(s.entries[0][colDeposit], "50.000")
	if s.totals.Text == before || !strings.Contains(s.totals.Text, loc.Money(50_000)) {
		t.Errorf("totals %q did not take the 50.000 deposit", s.totals.Text)
	}

	// Enter goes down the column; F2 puts back what is due.
	a.win.Canvas().Focus(s.entries[0][colPrincipal])
	s.entries[0][colPrincipal].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if a.win.Canvas().Focused() != s.entries[1][colPrincipal] {
		t.Errorf("Enter did not move to the next row of the column")
	}
	s.entries[0][colInterest].SetText("1")
	s.entries[0][colInterest].TypedKey(&fyne.KeyEvent{Name: fyne.KeyF2})
	if got := first.values[colInterest]; first.member.Due.Interest > 0 && got != loc.Amount(first.member.Due.Interest) {
		t.Errorf("F2 left interest at %q", got)
	}
}

func TestTxDayPostsTheDayAllOrNothingThenReversesIt(t *testing.T) {
	a, store, s := newTxDayTest(t)
	ctx := context.Background()
	due := s.list.Totals.Due
	if due.Total() == 0 {
		t.Fatal("nothing is due at the demo point")
	}

	// A row that cannot be read: nothing is sent, the row says why.
	s.groups[0].rows[0].values[colPrincipal] = "12abc"
	settle(s)
	s.post()
	a.Wait()
	if err := s.groups[0].rows[0].err; !strings.Contains(err, a.loc.Field("collection.principal")) {
		t.Fatalf("the bad row says %q", err)
	}
	if b, _ := store.CollectionBatches(ctx, s.list.PointID); len(b) != 0 {
		t.Fatalf("%d batches posted with a bad row", len(b))
	}

	// Cash counted short in one group: the store refuses the whole batch, the group says so.
	s.groups[0].rows[0].fillDue(a.loc.Amount)
	settle(s)
	s.groups[0].cash = a.loc.Amount(mustAmount(t, s, s.groups[0].cash) - 1000)
	s.post()
	a.Wait()
	if !strings.Contains(s.groups[0].cashErr, a.loc.Field("collection.cash")) {
		t.Fatalf("the short group says %q", s.groups[0].cashErr)
	}
	if b, _ := store.CollectionBatches(ctx, s.list.PointID); len(b) != 0 {
		t.Fatalf("%d batches posted with short cash", len(b))
	}
	if s.cashMsg.Text == "" {
		t.Errorf("the group shown does not show its cash message")
	}

	// Balanced: posted in one batch, and the list then owes nothing.
	settle(s)
	s.post()
	a.Wait()
	batches, err := store.CollectionBatches(ctx, s.list.PointID)
	if err != nil || len(batches) != 1 {
		t.Fatalf("batches %v %v", batches, err)
	}
	if !strings.Contains(a.status.Text, batches[0].Ref) {
		t.Errorf("status %q does not name batch %s", a.status.Text, batches[0].Ref)
	}
	if s.list.Totals.Due != (data.Dues{}) {
		t.Errorf("after paying as due the point still owes %+v", s.list.Totals.Due)
	}

	// The day report and the list print.
	s.dayReport()
	a.Wait()
	s.print()
	a.Wait()
	files, _ := filepath.Glob(filepath.Join(a.opts.ReportsDir, "*.pdf"))
	if len(files) != 2 {
		t.Fatalf("printed %v", files)
	}
	for _, f := range files {
		if b, err := os.ReadFile(f); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
			t.Errorf("%s is not a PDF", f)
		}
	}

	// Reversed with a reason: what was due is due again.
	s.reverseBatch(batches[0])
	reason, ok := a.win.Canvas().Focused().(*keyEntry)
	if !ok {
		t.Fatalf("the reason field has no focus: %T", a.win.Canvas().Focused())
	}
	reason.OnSubmitted("")
	a.Wait()
	if b, _ := store.CollectionBatches(ctx, s.list.PointID); b[0].Reversed {
		t.Fatal("reversed without a reason")
	}
	test.Type(reason, "Nhập nhầm ngày")
	reason.OnSubmitted(reason.Text)
	a.Wait()
	if b, _ := store.CollectionBatches(ctx, s.list.PointID); !b[0].Reversed {
		t.Fatal("the batch was not reversed")
	}
	if s.list.Totals.Due != due {
		t.Errorf("after the reversal %+v is due, before the day %+v", s.list.Totals.Due, due)
	}
}

func mustAmount(t *testing.T, s *txDayScreen, text string) data.Dong {
	t.Helper()
	d, err := parseMoneyField(s.app.loc, "collection.cash", text)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestTxDayRefusesABadDate(t *testing.T) {
	a, _, s := newTxDayTest(t)
	s.date.SetText("31/02/2026")
	test.Tap(s.open)
	a.Wait()
	if !s.dateMsg.Visible() || !strings.Contains(s.dateMsg.Text, a.loc.Field("collection.date")) {
		t.Errorf("a bad date says %q", s.dateMsg.Text)
	}
}
