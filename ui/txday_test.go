package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/data/sqlite"
	"policycredit/translations"
)

// newTxDayTest opens the Transaction day screen on the small demo office with the first
// point's list open.
func newTxDayTest(t *testing.T) (*App, *sqlite.Store, *txDayScreen) {
	t.Helper()
	return newTxDayTestIn(t, "vi")
}

// newTxDayTestIn is newTxDayTest in language lang.
func newTxDayTestIn(t *testing.T, lang string) (*App, *sqlite.Store, *txDayScreen) {
	t.Helper()
	a, store := newDemoApp(t, lang, "txday")
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
	if !strings.Contains(s.summary.String(), loc.Number(int64(s.list.Totals.Members))) {
		t.Errorf("summary %q does not count the members", s.summary.String())
	}

	// Typing in a cell updates the group's running totals.
	before := s.totals.String()
	s.entries[0][colDeposit].SetText("")
	test.Type(s.entries[0][colDeposit], "50.000")
	if s.totals.String() == before || !strings.Contains(s.totals.String(), loc.Money(50_000)) {
		t.Errorf("totals %q did not take the 50.000 deposit", s.totals.String())
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
	confirmPost(t, s)
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
	// The status bar counts the error left, and stops as soon as the clerk fixes it: a count
	// that stayed read as a day that still could not be posted.
	left := a.loc.N("txday.problems", 1)
	if a.status.Text != left {
		t.Errorf("status %q, want %q", a.status.Text, left)
	}
	s.cashEntry.entry.SetText(a.loc.Amount(mustAmount(t, s, s.groups[0].cash) + 1000))
	if a.status.Text == left {
		t.Errorf("the status still says %q once the cash is fixed", left)
	}

	// Balanced: posted in one batch, and the list then owes nothing.
	settle(s)
	s.post()
	confirmPost(t, s)
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

// confirmPost answers the confirmation that posting the day asks for.
func confirmPost(t *testing.T, s *txDayScreen) {
	t.Helper()
	if s.confirm == nil {
		t.Fatal("posting the day asked nothing")
	}
	test.Tap(s.confirm.ok)
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

// labelsIn is every label's and canvas text's text under o, one a line.
func labelsIn(o fyne.CanvasObject) string {
	var b strings.Builder
	walk(o, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *canvas.Text:
			b.WriteString(x.Text + "\n")
		case *widget.Button:
			if x.Visible() {
				b.WriteString("[" + x.Text + "]\n")
			}
		}
	})
	return b.String()
}

// Posting the day asks first, stating the point, the day, the rows, the amounts by kind and
// the cash; Cancel posts nothing, a day other than the working date is warned about, and
// the confirmed day then shows as posted, also when it is opened again.
func TestTxDayPostAsksFirstThenShowsThePostedBatch(t *testing.T) {
	a, store, s := newTxDayTest(t)
	ctx := context.Background()
	loc := a.loc
	settle(s)
	b, ok := s.batch()
	if !ok {
		t.Fatal("the settled day does not read")
	}
	var sum data.Collected
	for _, e := range b.Entries {
		sum.Dues = sum.Dues.Add(e.Dues)
	}
	test.Tap(s.postBtn)
	a.Wait()
	if s.confirm == nil || a.win.Canvas().Overlays().Top() == nil {
		t.Fatal("Post asked nothing")
	}
	if n, _ := store.CollectionBatches(ctx, s.list.PointID); len(n) != 0 {
		t.Fatalf("%d batches posted before the confirmation", len(n))
	}
	text := labelsIn(a.win.Canvas().Overlays().Top())
	for _, part := range []string{s.list.PointCode, loc.Date(s.list.Date), loc.Number(int64(len(b.Entries))),
		loc.Field("collection.principal"), loc.Money(sum.Principal), loc.Field("collection.interest"), loc.Money(sum.Interest),
		loc.Field("collection.penalty"), loc.Field("collection.deposit"), loc.Field("collection.cash"), loc.Money(sum.Net())} {
		if !strings.Contains(text, part) {
			t.Errorf("the confirmation does not state %q:\n%s", part, text)
		}
	}
	if s.confirm.warn.Visible() {
		t.Errorf("a warning on the working date itself: %q", s.confirm.warn.Text)
	}
	s.cashEntry.entry.OnSubmitted("") // Enter in the cash counted: the same question, once
	if n := len(a.win.Canvas().Overlays().List()); n != 1 {
		t.Errorf("%d dialogs open", n)
	}
	cancel, _ := overlayButton(t, a, loc.T("action.cancel"))
	test.Tap(cancel)
	a.Wait()
	if n, _ := store.CollectionBatches(ctx, s.list.PointID); len(n) != 0 || s.confirm != nil {
		t.Fatalf("Cancel posted %d batches", len(n))
	}

	// The day before the working date: said plainly, and posted once on the word.
	pinTestWorkingDate(t, a, store, s.list.Date.AddDays(1))
	s.post()
	if s.confirm == nil || !s.confirm.warn.Visible() || !strings.Contains(s.confirm.warn.Text, loc.Date(s.list.Date.AddDays(1))) {
		t.Fatalf("no warning that the day is not the working date")
	}
	ok1 := s.confirm.ok
	test.Tap(ok1)
	test.Tap(ok1)
	a.Wait()
	batches, _ := store.CollectionBatches(ctx, s.list.PointID)
	if len(batches) != 1 {
		t.Fatalf("confirmed twice: %d batches", len(batches))
	}
	if a.win.Canvas().Overlays().Top() != nil {
		t.Error("the confirmation stays open after the post")
	}

	// The posted day: its reference, figures, Print day report and Reverse; no grid to post.
	checkPosted := func(when string) {
		t.Helper()
		if s.posted == nil || len(s.center.Objects) != 1 || s.center.Objects[0] == s.grid {
			t.Fatalf("%s: the screen does not show the posted day", when)
		}
		text := labelsIn(s.center)
		for _, part := range []string{batches[0].Ref, loc.Money(sum.Principal), loc.Money(sum.Interest),
			"[" + loc.T("txdaydesk.print_day_report") + "]", "[" + loc.T("txday.reverse") + "]"} {
			if !strings.Contains(text, part) {
				t.Errorf("%s: the posted day does not show %q:\n%s", when, part, text)
			}
		}
		if s.postBtn.Visible() {
			t.Errorf("%s: Post is offered for a posted day", when)
		}
	}
	checkPosted("after posting")
	s.load() // opened again
	a.Wait()
	checkPosted("opened again")

	// Reversed from the posted day: the day is open again, with what is due.
	test.Tap(shownButton(s.center, loc.T("txday.reverse")))
	reason, ok := a.win.Canvas().Focused().(*keyEntry)
	if !ok {
		t.Fatalf("the reversal asks no reason: %T", a.win.Canvas().Focused())
	}
	test.Type(reason, "Nhập nhầm ngày")
	reason.OnSubmitted(reason.Text)
	a.Wait()
	if s.posted != nil || s.center.Objects[0] != s.grid || s.list.Totals.Due.Total() == 0 {
		t.Fatalf("after the reversal: posted %v, due %v", s.posted != nil, s.list.Totals.Due)
	}

	// Posted again, then one more batch for the same day.
	settle(s)
	s.post()
	confirmPost(t, s)
	a.Wait()
	if s.posted == nil {
		t.Fatal("the day posted again does not show as posted")
	}

	// A further batch for the same day is one click away, on what is still due.
	more := shownButton(s.center, loc.T("txdaydesk.collect_more"))
	if more == nil {
		t.Fatal("no way to add a further batch")
	}
	test.Tap(more)
	if s.center.Objects[0] != s.grid || !s.postBtn.Visible() {
		t.Error("a further batch shows no grid")
	}
}

// The grid refuses a minus, typed or pasted, saying which column; what is typed is written
// like the amounts beside it once the cell is left.
func TestTxDayGridTakesNoNegativeAndFormatsOnLeaving(t *testing.T) {
	a, _, s := newTxDayTest(t)
	loc := a.loc
	g := s.groups[0]
	deposit := s.entries[0][colDeposit]
	a.win.Canvas().Focus(deposit)
	test.Type(deposit, "-50000")
	if strings.ContainsAny(deposit.Text, "-\u2212") || deposit.Text != "50000" {
		t.Errorf("typing -50000 leaves %q", deposit.Text)
	}
	msg := s.gridRows[0].msg
	if !msg.Visible() || !strings.Contains(msg.Text, loc.Field("collection.deposit")) {
		t.Errorf("the minus refused says %q (shown %v)", msg.Text, msg.Visible())
	}
	a.win.Canvas().Focus(s.entries[1][colDeposit]) // leaving the cell
	if want := loc.Amount(50_000); deposit.Text != want || g.rows[0].values[colDeposit] != want {
		t.Errorf("left as %q, want %q", deposit.Text, want)
	}
	if msg.Visible() {
		t.Errorf("the message stays once the row reads: %q", msg.Text)
	}

	// Pasted: not taken, the column named.
	w := s.entries[1][colWithdrawal]
	w.SetText("-20.000")
	if w.Text != "" || !strings.Contains(s.gridRows[1].msg.Text, loc.Field("collection.withdrawal")) {
		t.Errorf("a pasted negative leaves %q, says %q", w.Text, s.gridRows[1].msg.Text)
	}

	// Shorthand and plain digits read and written the same way; nothing unreadable is
	// rewritten, and the row says why.
	for _, tc := range []struct{ typed, want string }{{"1,5tr", loc.Amount(1_500_000)}, {"250000", loc.Amount(250_000)}} {
		e := s.entries[2][colDeposit]
		e.SetText("")
		a.win.Canvas().Focus(e)
		test.Type(e, tc.typed)
		a.win.Canvas().Focus(s.entries[3][colDeposit])
		if e.Text != tc.want {
			t.Errorf("%q left as %q, want %q", tc.typed, e.Text, tc.want)
		}
	}
	bad := s.entries[2][colPrincipal]
	bad.SetText("")
	a.win.Canvas().Focus(bad)
	test.Type(bad, "12abc")
	a.win.Canvas().Focus(s.entries[3][colPrincipal])
	if bad.Text != "12abc" || !strings.Contains(s.gridRows[2].msg.Text, loc.Field("collection.principal")) {
		t.Errorf("an unreadable amount: %q, row says %q", bad.Text, s.gridRows[2].msg.Text)
	}

	// Opening another group leaves the cell: the amount is written in its row, and the other
	// group's cells are not touched.
	e := s.entries[4][colDeposit]
	e.SetText("")
	a.win.Canvas().Focus(e)
	test.Type(e, "75000")
	other := s.groups[1].rows[4].values[colDeposit]
	s.groupList.Select(1)
	if got := g.rows[4].values[colDeposit]; got != loc.Amount(75_000) {
		t.Errorf("left by opening another group: %q", got)
	}
	if got := s.groups[1].rows[4].values[colDeposit]; got != other {
		t.Errorf("the other group's cell changed from %q to %q", other, got)
	}
	s.groupList.Select(0)

	// No cell of the group shows a negative or unformatted amount but the one marked.
	for ri, row := range s.entries {
		for c, e := range row {
			if e.Text == "" || (ri == 2 && c == colPrincipal) {
				continue
			}
			d, err := parseMoneyField(loc, paidFields[c], e.Text)
			if err != nil || d < 0 || loc.Amount(d) != e.Text {
				t.Errorf("row %d column %d shows %q", ri, c, e.Text)
			}
		}
	}
}

// Every group shows the same columns, penalty included, and the names stay in view while
// the amounts scroll sideways.
func TestTxDayGridHasFixedColumnsAndAFrozenNameColumn(t *testing.T) {
	a, _, s := newTxDayTest(t)
	loc := a.loc
	a.win.Resize(fyne.NewSize(1024, 740))
	s.root.Refresh() // the toolbar wraps to the width it was last given
	want := []string{loc.T("report.collection.col.total_due"), loc.T("report.collection.col.savings")}
	for _, h := range paidHeaders {
		want = append(want, loc.T(h))
	}
	want = append(want, "")
	withoutPenalty := false // a group where nobody owes penalty still shows the column
	var nameWidth float32
	for i, g := range s.groups {
		s.groupList.Select(i)
		if w := s.leftScroll.MinSize().Width; i > 0 && w != nameWidth {
			t.Errorf("group %s: names %.0f wide, the first group's %.0f", g.group.Code, w, nameWidth)
		}
		nameWidth = s.leftScroll.MinSize().Width
		var got []string
		for _, h := range s.headers {
			got = append(got, h.(*widget.Label).Text)
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("group %s shows columns %q, want %q", g.group.Code, got, want)
		}
		withoutPenalty = withoutPenalty || g.group.Totals.Due.Penalty == 0
	}
	if !withoutPenalty {
		t.Error("every group owes penalty: the test shows no group without")
	}

	s.groupList.Select(0)
	g := s.groups[0]
	name := g.rows[0].member.Name
	if !strings.Contains(labelsIn(s.leftScroll), name) || strings.Contains(labelsIn(s.rightScroll), name) {
		t.Fatalf("the name %q is not in the frozen column", name)
	}
	right := s.rightScroll
	if right.Content.MinSize().Width <= right.Size().Width {
		t.Fatalf("the amounts (%.0f) fit their %.0f pixels: nothing scrolls sideways", right.Content.MinSize().Width, right.Size().Width)
	}
	// Tab to the last column scrolls the amounts sideways; the names do not move.
	leftAt := s.leftScroll.Position()
	a.win.Canvas().Focus(s.entries[0][colWithdrawal])
	if right.Offset.X <= 0 {
		t.Errorf("the last column's cell is focused but the amounts did not scroll (offset %v)", right.Offset)
	}
	if s.leftScroll.Position() != leftAt || s.leftScroll.Offset.X != 0 {
		t.Errorf("the names moved with the amounts")
	}
	// Down the column past the visible rows: names and amounts scroll together.
	last := len(s.entries) - 1
	a.win.Canvas().Focus(s.entries[last][colPrincipal])
	if right.Offset.Y <= 0 || s.leftScroll.Offset.Y != right.Offset.Y {
		t.Errorf("the last row: amounts at %v, names at %v", right.Offset, s.leftScroll.Offset)
	}
	// Three or four rows showed before; at least seven and a half now, on the window's
	// smallest height.
	if rows := right.Size().Height / s.gridRows[0].right.Size().Height; rows < 7.5 {
		t.Errorf("%.1f rows in view at 1024×740", rows)
	}
}

// The group list is as wide as its longest name: no name is cut.
func TestTxDayGroupListShowsWholeNames(t *testing.T) {
	a, _, s := newTxDayTest(t)
	a.win.Resize(fyne.NewSize(1024, 740))
	room := s.groupList.Size().Width - 2*theme.InnerPadding() - 2*theme.Padding() - theme.ScrollBarSize()
	for _, g := range s.groups {
		if w := fyne.MeasureText(g.group.Name, theme.TextSize(), fyne.TextStyle{}).Width; w > room {
			t.Errorf("%q needs %.0f pixels, the list gives %.0f", g.group.Name, w, room)
		}
	}
}

// An office with no transaction point, and a point where no group meets, say what to do.
func TestTxDayEmptyOfficeSaysWhatToDo(t *testing.T) {
	a, store := newTestApp(t, "fr", "txday")
	s := a.currentScreen().(*txDayScreen)
	s.refresh()
	a.Wait()
	if text := labelsIn(s.center); !strings.Contains(text, a.loc.T("txdaydesk.no_point")) ||
		!strings.Contains(text, a.loc.T("txdaydesk.open_places")) {
		t.Fatalf("an office with no point shows:\n%s", text)
	}
	ctx := data.WithUser(context.Background(), "test")
	c := data.Commune{Code: "19999", Name: "Xã Hoằng Mới"}
	if err := store.SaveCommune(ctx, &c); err != nil {
		t.Fatal(err)
	}
	p := data.Point{CommuneID: c.ID, Code: "DGD-1", Name: "Điểm một", Day: 15}
	if err := store.SavePoint(ctx, &p); err != nil {
		t.Fatal(err)
	}
	s.refresh()
	a.Wait()
	a.Wait()
	if text := labelsIn(s.center); !strings.Contains(text, a.loc.T("txdaydesk.no_group", "Point", "DGD-1 – Điểm một")) ||
		!strings.Contains(text, a.loc.T("txdaydesk.open_groups")) {
		t.Fatalf("a point with no group shows:\n%s", text)
	}
}

// The confirmation and the posted day speak only the window's language, in every language.
func TestTxDayConfirmationAndPostedDayShowOnlyLocalizedText(t *testing.T) {
	for _, lang := range translations.Languages() {
		t.Run(lang, func(t *testing.T) {
			a, store := newDemoApp(t, lang, "txday")
			s := a.currentScreen().(*txDayScreen)
			s.refresh()
			a.Wait()
			a.Wait()
			pinTestWorkingDate(t, a, store, s.list.Date.AddDays(1)) // with the warning
			s.updatePostable()
			check := newTextChecker(t, lang, testData(t, a)...)
			settle(s)
			s.post()
			for _, leak := range check.leaks(windowTexts(a.win)) {
				t.Errorf("the confirmation: %s", leak)
			}
			confirmPost(t, s)
			a.Wait()
			if s.posted == nil {
				t.Fatal("not posted")
			}
			for _, leak := range check.leaks(windowTexts(a.win)) {
				t.Errorf("the posted day: %s", leak)
			}
		})
	}
}
