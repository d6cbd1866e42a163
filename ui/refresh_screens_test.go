package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"policycredit/data"
	"policycredit/data/sqlite"
)

// otherPC opens the office's file a second time, as another PC's own store would.
func otherPC(t *testing.T, s *sqlite.Store) *sqlite.Store {
	t.Helper()
	other, err := sqlite.Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	return other
}

// postElsewhere posts the day the screen shows, as it is pre-filled, from the other PC; the
// screen itself is left as it was.
func postElsewhere(t *testing.T, s *txDayScreen, other *sqlite.Store) {
	t.Helper()
	cash := make([]string, len(s.groups))
	for i, g := range s.groups {
		cash[i] = g.cash
	}
	settle(s)
	b, ok := s.batch()
	for i, g := range s.groups {
		g.cash = cash[i]
	}
	if !ok {
		t.Fatal("the pre-filled day cannot be read")
	}
	if _, err := other.PostCollection(data.WithUser(context.Background(), "other"), b); err != nil {
		t.Fatal(err)
	}
}

// Two tellers on the same point's day: the other PC posts it while this window keeps the
// focus. The periodic check sees it and the screen shows the posted day; once the check is
// stopped (the window closed) no check runs any more.
func TestTickShowsTheDayAnotherPCPosted(t *testing.T) {
	a, store, s := newTxDayTest(t)
	a.noteMarker()
	a.Wait()
	postElsewhere(t, s, otherPC(t, store))
	if s.posted != nil {
		t.Fatal("the day shows as posted before any check")
	}
	stop := a.tickChanges(10 * time.Millisecond)
	for deadline := time.Now().Add(10 * time.Second); s.posted == nil && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		a.Wait()
	}
	if s.posted == nil {
		t.Fatal("the periodic check did not show the day the other PC posted")
	}
	if a.notice.shown {
		t.Error("a day with nothing typed shows the notice instead of reloading")
	}
	stop()
	time.Sleep(30 * time.Millisecond)
	a.Wait()
	a.marker = "stale"
	time.Sleep(60 * time.Millisecond)
	a.Wait()
	if a.marker != "stale" {
		t.Error("the marker is still read after the check was stopped")
	}
}

// Amounts typed on the day are never thrown away by another PC's post: the screen keeps them
// and says so; posting them is refused by the store; Reload asks first, then shows the
// posted day.
func TestTxDayKeepsTypedAmountsWhenAnotherPCPosts(t *testing.T) {
	a, store, s := newTxDayTestIn(t, "en")
	a.noteMarker()
	a.Wait()
	other := otherPC(t, store)
	postElsewhere(t, s, other)

	s.entries[0][colDeposit].SetText("")
	test.Type(s.entries[0][colDeposit], "50.000")
	typed := s.groups[0].rows[0].values[colDeposit]
	if typed == "" || !s.unsaved() {
		t.Fatalf("the deposit typed reads %q, unsaved %v", typed, s.unsaved())
	}
	a.checkChanges()
	a.Wait()
	if s.posted != nil || s.groups[0].rows[0].values[colDeposit] != typed || s.entries[0][colDeposit].Text != typed {
		t.Fatalf("the typed deposit became %q (posted %v)", s.groups[0].rows[0].values[colDeposit], s.posted != nil)
	}
	if !a.notice.shown || !a.notice.box.Visible() || a.notice.text.Text != a.loc.T("refresh.changed") {
		t.Fatalf("no notice of the other PC's change: %q", a.notice.text.Text)
	}
	// Another check with nothing new keeps everything as it is.
	a.checkChanges()
	a.Wait()
	if s.groups[0].rows[0].values[colDeposit] != typed || !a.notice.shown {
		t.Fatal("a second check threw the typing or the notice away")
	}

	// Posting what was typed over the posted day: the store refuses it, the amounts stay.
	ctx := context.Background()
	before, err := store.CollectionBatches(ctx, s.list.PointID)
	if err != nil || len(before) != 1 {
		t.Fatalf("batches %d, %v", len(before), err)
	}
	settle(s)
	s.post()
	if s.confirm != nil {
		confirmPost(t, s)
	}
	a.Wait()
	if after, _ := store.CollectionBatches(ctx, s.list.PointID); len(after) != 1 {
		t.Fatalf("the day was posted twice: %d batches", len(after))
	}
	if s.groups[0].rows[0].values[colDeposit] != typed {
		t.Fatalf("the refused post lost the typing: %q", s.groups[0].rows[0].values[colDeposit])
	}

	// Reload asks before discarding; confirmed, the posted day shows and the notice goes.
	a.notice.reload.OnTapped()
	if a.reloadConfirm == nil || !a.notice.asking {
		t.Fatal("Reload over typed amounts did not ask first")
	}
	if s.posted != nil {
		t.Fatal("the day reloaded before the clerk confirmed")
	}
	a.reloadConfirm.OnTapped()
	a.Wait()
	if s.posted == nil || a.notice.shown || a.notice.box.Visible() {
		t.Fatalf("after Reload: posted %v, notice %v", s.posted != nil, a.notice.shown)
	}
}

// Groups: another PC renames a group. With nothing typed, the list and the form show the new
// name; with a note typed in the form, the list shows it, the form keeps the note and the
// notice says why the form did not change.
func TestGroupsFollowAnotherPCsRenameAndKeepTheForm(t *testing.T) {
	a, store := newDemoApp(t, "vi", "groups")
	s := a.currentScreen().(*groupsScreen)
	a.Wait()
	if s.editing.ID == 0 || len(s.rows) == 0 {
		t.Fatalf("no group shown: %+v", s.editing)
	}
	id := s.editing.ID
	other := otherPC(t, store)
	ctx := data.WithUser(context.Background(), "other")
	rename := func(name string) {
		t.Helper()
		gv, err := other.Group(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		g := gv.Group
		g.Name = name
		if err := other.SaveGroup(ctx, &g); err != nil {
			t.Fatal(err)
		}
	}
	listName := func() string {
		for _, r := range s.rows {
			if r.ID == id {
				return r.Name
			}
		}
		return ""
	}

	rename("Tổ Đổi Tên Một")
	if s.unsaved() {
		t.Fatal("a group just shown counts as edited")
	}
	a.checkChanges()
	a.Wait()
	if s.name.Text != "Tổ Đổi Tên Một" || listName() != "Tổ Đổi Tên Một" || a.notice.shown {
		t.Fatalf("after the rename: form %q, list %q, notice %v", s.name.Text, listName(), a.notice.shown)
	}

	test.Type(s.note, " đang gõ")
	note := s.note.Text
	rename("Tổ Đổi Tên Hai")
	a.checkChanges()
	a.Wait()
	if listName() != "Tổ Đổi Tên Hai" {
		t.Errorf("the list shows %q, not the other PC's name", listName())
	}
	if s.note.Text != note || s.name.Text != "Tổ Đổi Tên Một" || !a.notice.shown {
		t.Errorf("the form became note %q name %q, notice %v", s.note.Text, s.name.Text, a.notice.shown)
	}

	// Going to another screen and back loads afresh: the notice is about the screen it was on.
	a.Navigate("places")
	a.Wait()
	if a.notice.shown {
		t.Error("the notice followed the clerk to another screen")
	}
}

// Settings being edited keep what was typed through another PC's change; untouched, they
// show the other PC's office name.
func TestSettingsKeepTypingThroughAnotherPCsChange(t *testing.T) {
	a, store := newDemoApp(t, "fr", "settings")
	s := a.currentScreen().(*settingsScreen)
	a.Wait()
	other := otherPC(t, store)
	ctx := data.WithUser(context.Background(), "other")
	rename := func(name string) {
		t.Helper()
		o, err := other.Office(ctx)
		if err != nil {
			t.Fatal(err)
		}
		set, err := other.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		o.Name = name
		if err := other.SaveOfficeSettings(ctx, o, set); err != nil {
			t.Fatal(err)
		}
	}

	rename("Phòng giao dịch Một")
	a.checkChanges()
	a.Wait()
	if s.officeName.Text != "Phòng giao dịch Một" || a.notice.shown {
		t.Fatalf("untouched settings show %q, notice %v", s.officeName.Text, a.notice.shown)
	}

	filled := s.idleLock.Text
	s.idleLock.SetText("")
	test.Type(s.idleLock, "25")
	rename("Phòng giao dịch Hai")
	a.checkChanges()
	a.Wait()
	if s.idleLock.Text != "25" || s.officeName.Text != "Phòng giao dịch Một" || !a.notice.shown {
		t.Fatalf("edited settings became idle %q office %q, notice %v", s.idleLock.Text, s.officeName.Text, a.notice.shown)
	}
	if a.notice.reload.Text != "Recharger" {
		t.Errorf("the Reload button reads %q in French", a.notice.reload.Text)
	}

	// Put back as filled: the next check reloads by itself and the notice goes.
	s.idleLock.SetText(filled)
	a.checkChanges()
	a.Wait()
	if a.notice.shown || s.officeName.Text != "Phòng giao dịch Hai" {
		t.Fatalf("with the typing undone: notice %v, office %q", a.notice.shown, s.officeName.Text)
	}

	// The clerk's own save is no other user's change: typing on afterwards brings no notice.
	s.idleLock.SetText("")
	test.Type(s.idleLock, "25")
	s.save()
	a.Wait()
	if got, _ := store.Settings(ctx); got.IdleLockMinutes != 25 {
		t.Fatalf("the save left idle lock at %d", got.IdleLockMinutes)
	}
	s.idleLock.SetText("")
	test.Type(s.idleLock, "26")
	a.checkChanges()
	a.Wait()
	if a.notice.shown || s.idleLock.Text != "26" {
		t.Errorf("after the clerk's own save: notice %v, idle lock %q", a.notice.shown, s.idleLock.Text)
	}
}

// A loan's detail follows another PC's payment on it; with a payment being typed in the
// Collect dialog, the detail the dialog reads stays as it was and the notice shows instead.
func TestLoanDetailFollowsAnotherPCsPayment(t *testing.T) {
	a, store, s := newLoansTest(t)
	var loan data.LoanView
	for _, r := range s.rows {
		if r.Outstanding > 1_000_000 && r.State == data.StateCurrent {
			loan = r
			break
		}
	}
	if loan.Contract == "" {
		t.Fatal("no active loan in the demo office")
	}
	s.openContract(loan.Contract)
	a.noteMarker()
	a.Wait()
	entries := len(s.detail.book.Entries)
	other := otherPC(t, store)
	pay := func() {
		t.Helper()
		p := data.Payment{LoanID: s.detail.book.Loan.ID, ValueDate: a.workingDate(), Amount: 100_000}
		if _, err := other.PostPayment(data.WithUser(context.Background(), "other"), p); err != nil {
			t.Fatal(err)
		}
	}

	pay()
	a.checkChanges()
	a.Wait()
	if got := len(s.detail.book.Entries); got <= entries || a.notice.shown {
		t.Fatalf("the detail shows %d entries (was %d), notice %v", got, entries, a.notice.shown)
	}
	entries = len(s.detail.book.Entries)

	s.detail.collectDialog()
	a.Wait()
	if !s.unsaved() {
		t.Fatal("an open Collect dialog does not count as typing")
	}
	pay()
	a.checkChanges()
	a.Wait()
	if got := len(s.detail.book.Entries); got != entries || s.dialog == nil || !a.notice.shown {
		t.Fatalf("under the Collect dialog: %d entries (was %d), dialog %v, notice %v", got, entries, s.dialog != nil, a.notice.shown)
	}
}

// Programs: another PC changes the chosen program's longest term. Untouched, the limits show
// it; with a limit being typed, they keep the typing and the notice shows.
func TestProgramLimitsKeepTypingThroughAnotherPCsChange(t *testing.T) {
	a, store := newDemoApp(t, "vi", "programs")
	s := a.currentScreen().(*programsScreen)
	a.Wait()
	if s.selected < 0 {
		t.Fatal("no program chosen")
	}
	code := s.programs[s.selected].Code
	other := otherPC(t, store)
	ctx := data.WithUser(context.Background(), "other")
	setTerm := func(months int) {
		t.Helper()
		ps, err := other.Programs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if p.Code == code {
				p.MaxTermMonths = months
				if err := other.SaveProgram(ctx, &p); err != nil {
					t.Fatal(err)
				}
				return
			}
		}
		t.Fatalf("program %s is gone", code)
	}

	setTerm(97)
	a.checkChanges()
	a.Wait()
	if s.maxTerm.Text != "97" || a.notice.shown {
		t.Fatalf("untouched limits show a term of %q, notice %v", s.maxTerm.Text, a.notice.shown)
	}
	s.extension.SetText("")
	test.Type(s.extension, "7")
	setTerm(98)
	a.checkChanges()
	a.Wait()
	if s.extension.Text != "7" || s.maxTerm.Text != "97" || !a.notice.shown {
		t.Fatalf("edited limits became extension %q term %q, notice %v", s.extension.Text, s.maxTerm.Text, a.notice.shown)
	}
}

// A day with nothing typed reloads for another PC's change on the group the clerk was
// looking at, not back on the first.
func TestTxDayReloadKeepsTheGroupShown(t *testing.T) {
	a, store, s := newTxDayTest(t)
	if len(s.groups) < 2 {
		t.Fatalf("the demo point has %d groups", len(s.groups))
	}
	s.groupList.Select(1)
	a.noteMarker()
	a.Wait()
	other := otherPC(t, store)
	ctx := data.WithUser(context.Background(), "other")
	gv, err := other.Group(ctx, s.groups[1].group.ID)
	if err != nil {
		t.Fatal(err)
	}
	g := gv.Group
	g.Name = "Tổ Vừa Đổi Tên"
	if err := other.SaveGroup(ctx, &g); err != nil {
		t.Fatal(err)
	}
	a.checkChanges()
	a.Wait()
	if s.groups[1].group.Name != "Tổ Vừa Đổi Tên" {
		t.Fatalf("the day shows the group as %q", s.groups[1].group.Name)
	}
	if s.selected != 1 || a.notice.shown {
		t.Errorf("after the reload the day shows part %d, notice %v", s.selected, a.notice.shown)
	}
}
