package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
)

// fillCapital fills the open transfer form: a district transfer of 250 million.
func fillCapital(t *testing.T, a *App, s *capitalScreen, amount string) {
	t.Helper()
	f := s.form
	if f == nil {
		t.Fatal("no capital form is open")
	}
	f.level.SetSelected(a.loc.T("capital.level.district"))
	test.Type(f.giver, "Ủy ban nhân dân huyện (bổ sung)")
	test.Type(f.decision, "88/QĐ-UBND")
	f.amount.entry.SetText(amount)
}

// The screen lists the demo's pools; a transfer is written only once confirmed, once however
// often the confirm button is pressed, and shows in the list.
func TestCapitalScreenAddsATransferAfterConfirmation(t *testing.T) {
	a, store := newDemoApp(t, "fr", "capital")
	s, ok := a.currentScreen().(*capitalScreen)
	if !ok {
		t.Fatalf("the capital screen did not open: %T", a.currentScreen())
	}
	ctx := context.Background()
	before, err := store.CapitalEntries(ctx)
	if err != nil || len(before) == 0 || len(s.figures.Pools) == 0 || s.body.Objects[0] != s.table {
		t.Fatalf("demo pools not shown: %d pools, %d entries, %v", len(s.figures.Pools), len(before), err)
	}
	if got := s.cell(widget.TableCellID{Row: 0, Col: 1}); got != s.figures.Pools[0].Pool.Giver {
		t.Errorf("first row names %q", got)
	}
	test.Tap(s.add)
	a.Wait()
	fillCapital(t, a, s, "abc")
	test.Tap(s.form.next)
	a.Wait()
	if s.confirm != nil {
		t.Fatal("an unreadable amount reached the confirmation")
	}
	fillCapital(t, a, s, "250.000.000")
	s.form.giver.SetText("Ủy ban nhân dân huyện (bổ sung)")
	s.form.decision.SetText("88/QĐ-UBND")
	test.Tap(s.form.next)
	a.Wait()
	if s.confirm == nil {
		t.Fatal("no confirmation was asked")
	}
	_, text := overlayButton(t, a, a.loc.T("capital.screen.record"))
	if !strings.Contains(text, a.loc.Money(250_000_000)) || !strings.Contains(text, "88/QĐ-UBND") {
		t.Errorf("the confirmation does not say what will be written:\n%s", text)
	}
	if now, _ := store.CapitalEntries(ctx); len(now) != len(before) {
		t.Fatal("written before confirmation")
	}
	tapTwice(s.confirm)
	a.Wait()
	after, _ := store.CapitalEntries(ctx)
	if len(after) != len(before)+1 || after[len(after)-1].Amount != 250_000_000 {
		t.Fatalf("entries %d → %d, want one more of 250,000,000", len(before), len(after))
	}
	found := false
	for _, p := range s.figures.Pools {
		found = found || p.Pool.Giver == "Ủy ban nhân dân huyện (bổ sung)"
	}
	if !found {
		t.Error("the new pool is not listed")
	}
}

// A return beyond what a pool has available is refused; the form stays filled.
func TestCapitalScreenRefusesAnUncoveredReturn(t *testing.T) {
	a, store := newDemoApp(t, "en", "capital")
	s := a.currentScreen().(*capitalScreen)
	p := s.figures.Pools[0]
	test.Tap(s.ret)
	a.Wait()
	s.form.level.SetSelected(a.loc.T("capital.level." + string(p.Pool.Level)))
	test.Type(s.form.giver, p.Pool.Giver)
	test.Type(s.form.decision, "9/QĐ-UBND")
	s.form.amount.setAmount(p.Totals.Available + 1)
	test.Tap(s.form.next)
	a.Wait()
	test.Tap(s.confirm)
	a.Wait()
	entries, _ := store.CapitalEntries(context.Background())
	for _, e := range entries {
		if e.Kind == data.CapitalReturn {
			t.Fatal("an uncovered return was written")
		}
	}
	if s.form.giver.Text != p.Pool.Giver {
		t.Error("the refused form was emptied")
	}
	var shown []string
	for _, x := range windowTexts(a.win) {
		shown = append(shown, x.text)
	}
	if !strings.Contains(strings.Join(shown, "\n"), "short by") {
		t.Errorf("the refusal is not shown:\n%s", strings.Join(shown, "\n"))
	}
}

// An office with no capital says what to do; the accountant's transfer is a request the
// director approves.
func TestCapitalScreenEmptyAndRequests(t *testing.T) {
	a, _ := newTestApp(t, "vi", "capital")
	s := a.currentScreen().(*capitalScreen)
	if s.body.Objects[0] != s.empty || s.ret.Visible() {
		t.Error("an office with no capital shows no empty state")
	}

	a, store := appAs(t, "vi", "ketoan", "capital")
	s = a.currentScreen().(*capitalScreen)
	test.Tap(s.add)
	a.Wait()
	fillCapital(t, a, s, "10tr")
	test.Tap(s.form.next)
	a.Wait()
	test.Tap(s.confirm)
	a.Wait()
	rs, err := store.Requests(sessionOf(t, store, "giamdoc"), true)
	if err != nil || len(rs) != 1 || rs[0].Action != data.ActCapital {
		t.Fatalf("requests %+v, %v; want the accountant's transfer waiting", rs, err)
	}
	if !strings.Contains(a.status.Text, rs[0].Subject) && !strings.Contains(a.status.Text, "10") {
		t.Logf("status: %s", a.status.Text)
	}

	a, _ = appAs(t, "vi", "giaodich", "")
	if a.mayOpen("capital") {
		t.Error("the teller may open the capital screen")
	}
}
