package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/data/sqlite"
)

// newBorrowersTest opens the Borrowers screen on the small demo office.
func newBorrowersTest(t *testing.T) (*App, *sqlite.Store, *borrowersScreen) {
	t.Helper()
	a, store := newDemoApp(t, "vi", "borrowers")
	s, ok := a.currentScreen().(*borrowersScreen)
	if !ok {
		t.Fatalf("--screen borrowers opened %T", a.currentScreen())
	}
	s.refresh()
	a.Wait()
	if s.list.total == 0 || len(s.villages) == 0 || len(s.filters.communeIDs) != 4 {
		t.Fatalf("the screen shows %d borrowers, %d villages and %d commune choices of the demo office",
			s.list.total, len(s.villages), len(s.filters.communeIDs))
	}
	return a, store, s
}

// searchFor replaces the search text as a clerk would, one key at a time, and waits.
func searchFor(a *App, s *borrowersScreen, q string) {
	s.search.SetText("")
	test.Type(s.search, q)
	a.Wait()
}

func pressShortcut(a *App, key fyne.KeyName) {
	a.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault})
}

// showLine draws line row of the list as the table does when the clerk scrolls to it, and waits
// for what that loads. (Tests do not scroll the table itself: the test driver runs the loads'
// callbacks on their own goroutines, which would redraw the table while the test's scroll
// draws it too.)
func showLine(a *App, s *borrowersScreen, row int) {
	s.showCell(widget.TableCellID{Row: row, Col: 1}, newTipLabel(nil, nil, fyne.TextStyle{}))
	a.Wait()
}

// allRows shows every line of the list, so that the table loads every page, and returns the
// rows in list order.
func allRows(t *testing.T, a *App, s *borrowersScreen) []data.BorrowerRow {
	t.Helper()
	for p := 0; p*borrowerPage < s.list.total; p++ {
		showLine(a, s, p*borrowerPage)
	}
	out := make([]data.BorrowerRow, 0, s.list.total)
	for i := 0; i < s.list.total; i++ {
		r, ok := s.list.row(i)
		if !ok {
			t.Fatalf("line %d of %d is not loaded", i, s.list.total)
		}
		out = append(out, r)
	}
	return out
}

// storeList is the list as the store gives it, for comparison.
func storeList(t *testing.T, store *sqlite.Store, f data.BorrowerFilter) []data.BorrowerRow {
	t.Helper()
	f.Offset, f.Limit = 0, 0
	l, err := store.ListBorrowers(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return l.Rows
}

func codes(rows []data.BorrowerRow) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(r.Code + " ")
	}
	return b.String()
}

func TestBorrowersListLoadsPagesAsTheClerkScrolls(t *testing.T) {
	a, store, s := newBorrowersTest(t)
	f := s.filter()
	if f.Status != data.StatusActive || f.Sort != data.SortByName {
		t.Fatalf("the list starts with %q households by %q", f.Status, f.Sort)
	}
	want := storeList(t, store, f)
	if s.list.total != len(want) || len(want) < 400 || len(s.list.pages) != 1 {
		t.Fatalf("the list counts %d households with %d pages loaded; the office has %d still borrowing",
			s.list.total, len(s.list.pages), len(want))
	}
	if !strings.Contains(s.count.Text, a.loc.Number(int64(len(want)))) {
		t.Fatalf("count line %q", s.count.Text)
	}
	// The last line is empty until the table draws it, which loads its page.
	last := widget.TableCellID{Row: s.list.total - 1, Col: 1}
	if got := s.cellText(last); got != "" {
		t.Fatalf("the last line shows %q before its page is loaded", got)
	}
	showLine(a, s, last.Row)
	if got := s.cellText(last); got != want[len(want)-1].Name || len(s.list.pages) != 2 {
		t.Fatalf("the last line shows %q once drawn, want %q (%d pages loaded)", got, want[len(want)-1].Name, len(s.list.pages))
	}
	if got := codes(allRows(t, a, s)); got != codes(want) {
		t.Fatal("the pages do not add up to the store's list")
	}
	if got := s.cellText(last); got != want[len(want)-1].Name {
		t.Fatalf("the last line shows %q, want %q", got, want[len(want)-1].Name)
	}
	// The first household shows in the form at once.
	if s.editing.ID != want[0].ID {
		t.Fatalf("the form shows household %d, want the first of the list %d", s.editing.ID, want[0].ID)
	}
}

func TestBorrowersSearchAsYouTypeWithOrWithoutDiacritics(t *testing.T) {
	a, _, s := newBorrowersTest(t)
	searchFor(a, s, "nguyen thi")
	rows := allRows(t, a, s)
	if len(rows) == 0 {
		t.Fatal("\"nguyen thi\" finds nobody in the demo office")
	}
	for _, r := range rows {
		name := data.Fold(r.Name)
		if !strings.Contains(name, "nguyen") || !strings.Contains(name, "thi") {
			t.Fatalf("\"nguyen thi\" lists %q", r.Name)
		}
	}
	if got := s.cellText(widget.TableCellID{Row: 0, Col: 1}); got != rows[0].Name {
		t.Fatalf("name column shows %q, want %q", got, rows[0].Name)
	}

	// A name with diacritics is found when typed without them.
	var target data.BorrowerRow
	for _, r := range rows {
		if data.Fold(r.Name) != strings.ToLower(r.Name) {
			target = r
			break
		}
	}
	if target.ID == 0 {
		t.Fatal("no name with diacritics among the Nguyễn Thị households")
	}
	searchFor(a, s, data.Fold(target.Name))
	found := false
	for _, r := range allRows(t, a, s) {
		found = found || r.ID == target.ID
	}
	if !found {
		t.Fatalf("typing %q does not find %q", data.Fold(target.Name), target.Name)
	}

	// Only the newest search is shown, whatever order the loads finish in.
	s.search.SetText("nguyen")
	s.search.SetText("zzqx")
	a.Wait()
	if s.list.total != 0 || !strings.Contains(s.count.Text, "0") {
		t.Fatalf("after typing \"zzqx\" the list shows %d rows (%q) of an older search", s.list.total, s.count.Text)
	}

	// Ctrl+F puts the cursor in the search box.
	a.win.Canvas().Focus(s.name)
	pressShortcut(a, fyne.KeyF)
	if a.win.Canvas().Focused() != s.search {
		t.Fatal("Ctrl+F does not focus the search")
	}
}

func TestBorrowersFiltersCombineWithTheSearch(t *testing.T) {
	a, store, s := newBorrowersTest(t)
	f := &s.filters
	check := func(what string, want func(r data.BorrowerRow) bool) []data.BorrowerRow {
		t.Helper()
		a.Wait()
		rows := allRows(t, a, s)
		if len(rows) == 0 {
			t.Fatalf("%s: nobody", what)
		}
		for _, r := range rows {
			if !want(r) {
				t.Fatalf("%s lists %s %q", what, r.Code, r.Name)
			}
		}
		if stored := storeList(t, store, s.filter()); codes(stored) != codes(rows) {
			t.Fatalf("%s: the list differs from the store's", what)
		}
		return rows
	}

	// A commune narrows the list and the village and group pickers.
	f.commune.SetSelectedIndex(2)
	commune := f.selectedCommune()
	check("commune", func(r data.BorrowerRow) bool { return r.CommuneID == commune && r.Active })
	for _, id := range f.villageIDs[1:] {
		for _, v := range f.villages {
			if v.ID == id && v.CommuneID != commune {
				t.Fatalf("the village picker offers %s of another commune", v.Name)
			}
		}
	}
	f.village.SetSelectedIndex(1)
	village := f.selectedVillage()
	check("village", func(r data.BorrowerRow) bool { return r.VillageID == village })
	if len(f.groupIDs) < 2 {
		t.Fatal("the village has no group to choose")
	}
	f.group.SetSelectedIndex(1)
	group := f.selectedGroup()
	rows := check("group", func(r data.BorrowerRow) bool { return r.GroupID == group })

	// With the search text.
	word := strings.Fields(data.Fold(rows[0].Name))[0]
	searchFor(a, s, word)
	check("group and search", func(r data.BorrowerRow) bool {
		return r.GroupID == group && strings.Contains(data.Fold(r.Name+" "+r.Code), word)
	})

	// Back to the whole office, then a program and a category.
	s.search.SetText("")
	f.commune.SetSelectedIndex(0)
	a.Wait()
	if f.selectedVillage() != 0 || f.selectedGroup() != 0 {
		t.Fatalf("all communes keeps village %d and group %d", f.selectedVillage(), f.selectedGroup())
	}
	f.program.SetSelectedIndex(indexOf(f.programs, "19"))
	check("program 19", func(r data.BorrowerRow) bool { return strings.Contains(strings.Join(r.Programs, " "), "19") })
	f.program.SetSelectedIndex(0)
	f.category.SetSelectedIndex(indexOf(f.categories, data.CategoryNearPoor))
	check("near-poor", func(r data.BorrowerRow) bool { return r.Category == data.CategoryNearPoor })
	f.category.SetSelectedIndex(0)

	// Status: left, overdue, any.
	f.status.SetSelectedIndex(indexOf(f.statuses, data.StatusLeft))
	left := check("left", func(r data.BorrowerRow) bool { return !r.Active })
	if got := s.cellText(widget.TableCellID{Row: 0, Col: colStatus}); got != a.loc.T("borrower.status.left") {
		t.Fatalf("a household that left shows %q in the status column", got)
	}
	f.status.SetSelectedIndex(indexOf(f.statuses, data.StatusOverdue))
	check("overdue", func(r data.BorrowerRow) bool { return r.Overdue && r.Outstanding > 0 })
	if got := s.cellText(widget.TableCellID{Row: 0, Col: colStatus}); got != a.loc.T("borrowers.flag_overdue") {
		t.Fatalf("an overdue household shows %q in the status column", got)
	}
	f.status.SetSelectedIndex(indexOf(f.statuses, data.StatusAny))
	a.Wait()
	if s.list.total != 500 || len(left) == 0 {
		t.Fatalf("every status lists %d of 500 households (%d left)", s.list.total, len(left))
	}
}

// headers renders the table and returns its header buttons by column.
func headers(t *testing.T, s *borrowersScreen) map[int]*widget.Button {
	t.Helper()
	test.WidgetRenderer(s.table).Layout(fyne.NewSize(1100, 400))
	s.table.Refresh()
	walk(s.table, func(fyne.CanvasObject) {})
	if len(s.headers) < len(borrowerColumns) {
		s.table.Resize(fyne.NewSize(1100, 400))
		s.table.Refresh()
	}
	if len(s.headers) < len(borrowerColumns) {
		t.Fatalf("%d of %d column headers rendered", len(s.headers), len(borrowerColumns))
	}
	return s.headers
}

func TestBorrowersSortByTappingTheHeaders(t *testing.T) {
	a, store, s := newBorrowersTest(t)
	h := headers(t, s)
	byName := allRows(t, a, s)

	test.Tap(h[0]) // code, A to Z
	a.Wait()
	rows := allRows(t, a, s)
	if s.sortBy != data.SortByCode || s.desc || h[0].Icon == nil || h[1].Icon != nil {
		t.Fatalf("after tapping Code: by %s desc %v, arrows on code %v and name %v", s.sortBy, s.desc, h[0].Icon != nil, h[1].Icon != nil)
	}
	for i := 1; i < len(rows); i++ {
		if strings.ToLower(rows[i-1].Code) > strings.ToLower(rows[i].Code) {
			t.Fatalf("by code: %s before %s", rows[i-1].Code, rows[i].Code)
		}
	}
	test.Tap(h[0]) // again: Z to A
	a.Wait()
	if rows = allRows(t, a, s); !s.desc || strings.ToLower(rows[0].Code) < strings.ToLower(rows[len(rows)-1].Code) {
		t.Fatalf("a second tap on Code does not reverse the order: %s … %s", rows[0].Code, rows[len(rows)-1].Code)
	}

	test.Tap(h[colOutstanding]) // the largest first
	a.Wait()
	rows = allRows(t, a, s)
	if !s.desc || rows[0].Outstanding < rows[len(rows)-1].Outstanding || rows[0].Outstanding == 0 {
		t.Fatalf("by outstanding: %d first, %d last", rows[0].Outstanding, rows[len(rows)-1].Outstanding)
	}
	if got, want := s.cellText(widget.TableCellID{Row: 0, Col: colOutstanding}), a.loc.Amount(rows[0].Outstanding); got != want {
		t.Fatalf("outstanding shows %q, want %q", got, want)
	}
	test.Tap(h[colStatus]) // the overdue first
	a.Wait()
	if rows = allRows(t, a, s); !rows[0].Overdue || rows[len(rows)-1].Overdue {
		t.Fatal("by status: the overdue households do not come first")
	}
	test.Tap(h[2]) // village
	a.Wait()
	rows = allRows(t, a, s)
	if got := codes(storeList(t, store, s.filter())); got != codes(rows) || s.sortBy != data.SortByVillage {
		t.Fatal("by village: the list differs from the store's")
	}

	// Back to names: the Vietnamese order, by given name.
	test.Tap(h[1])
	a.Wait()
	if got := codes(allRows(t, a, s)); got != codes(byName) || s.desc {
		t.Fatal("tapping Name does not bring back the order by name")
	}
	for i := 1; i < len(byName); i++ {
		if g0, g1 := data.Fold(data.GivenName(byName[i-1].Name)), data.Fold(data.GivenName(byName[i].Name)); g0[0] > g1[0] {
			t.Fatalf("by name: %q before %q", byName[i-1].Name, byName[i].Name)
		}
	}
}

// chooseFirst searches for q and shows the first household found.
func chooseFirst(t *testing.T, a *App, s *borrowersScreen, q string) data.BorrowerRow {
	t.Helper()
	searchFor(a, s, q)
	r, ok := s.list.row(0)
	if !ok {
		t.Fatalf("%q finds nobody", q)
	}
	s.table.Select(widget.TableCellID{Row: 0, Col: 1})
	a.Wait()
	if s.editing.ID != r.ID {
		t.Fatalf("choosing %s shows household %d", r.Code, s.editing.ID)
	}
	return r
}

func TestBorrowersEditRefusesBadPhoneAndSavesGoodOne(t *testing.T) {
	a, store, s := newBorrowersTest(t)
	ctx := context.Background()
	row := chooseFirst(t, a, s, "nguyen thi")
	if s.code.Text != row.Code || s.name.Text != row.Name || s.phone.Text != row.Phone || s.idNumber.Text != row.IDNumber {
		t.Fatalf("form shows %q %q %q %q, want the chosen household %+v", s.code.Text, s.name.Text, s.phone.Text, s.idNumber.Text, row.Borrower)
	}
	if s.villages.id(s.village.Selected) != row.VillageID || s.groupID() != row.GroupID {
		t.Fatalf("form shows village %d group %d, want %d %d", s.villages.id(s.village.Selected), s.groupID(), row.VillageID, row.GroupID)
	}
	for _, label := range s.group.Options[1:] {
		for _, g := range s.groups {
			if groupLabel(g) == label && g.VillageID != row.VillageID && g.ID != row.GroupID {
				t.Fatalf("group picker offers %q of another village", label)
			}
		}
	}

	// A 9-digit phone is refused under the phone field; nothing is saved, nothing typed is lost.
	s.phone.SetText("091234567")
	s.save()
	a.Wait()
	if msg := s.form.errorText("borrower.phone"); msg == "" || strings.Contains(msg, "phone_format") {
		t.Fatalf("a 9-digit phone shows %q under the phone field", msg)
	}
	if b, _ := store.Borrower(ctx, row.ID); b.Phone != row.Phone {
		t.Fatalf("a refused phone was saved: %q", b.Phone)
	}
	if s.phone.Text != "091234567" {
		t.Fatal("a failed save cleared what the clerk typed")
	}

	// Esc puts back what is saved.
	a.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if s.phone.Text != row.Phone || s.form.errorText("borrower.phone") != "" {
		t.Fatalf("Esc left phone %q and message %q", s.phone.Text, s.form.errorText("borrower.phone"))
	}

	// A good phone and a note are saved, the message goes, the list and status say so.
	s.phone.SetText("0912 345 678")
	s.note.SetText("Chuyển sang nuôi bò")
	s.save()
	a.Wait()
	b, err := store.Borrower(ctx, row.ID)
	if err != nil || b.Phone != "0912345678" || b.Note != "Chuyển sang nuôi bò" || b.Name != row.Name {
		t.Fatalf("after save: %+v, %v", b.Borrower, err)
	}
	if s.form.errorText("borrower.phone") != "" {
		t.Fatal("the message stayed after a good save")
	}
	if !strings.Contains(a.status.Text, row.Code) {
		t.Fatalf("status bar %q does not confirm the save", a.status.Text)
	}
	if b.GroupID != row.GroupID || b.VillageID != row.VillageID || !b.Active {
		t.Fatalf("saving moved the household to village %d group %d, active %v", b.VillageID, b.GroupID, b.Active)
	}
}

// Each field of the form refuses what is wrong in it, with a message under it, and saves
// nothing.
func TestBorrowersFormRefusesEachBadInput(t *testing.T) {
	a, store, s := newBorrowersTest(t)
	ctx := context.Background()
	taken := chooseFirst(t, a, s, "tran")
	before, _ := store.Counts(ctx)
	cases := []struct {
		field string
		set   func()
	}{
		{"borrower.code", func() { s.code.SetText("") }},
		{"borrower.code", func() { s.code.SetText("KH 01#") }},
		{"borrower.code", func() { s.code.SetText(strings.ToLower(taken.Code)) }},
		{"borrower.name", func() { s.name.SetText("  ") }},
		{"borrower.name", func() { s.name.SetText(strings.Repeat("Nguyễn ", 20)) }},
		{"borrower.birth_year", func() { s.birthYear.SetText("1885") }},
		{"borrower.birth_year", func() { s.birthYear.SetText("năm 85") }},
		{"borrower.id_number", func() { s.idNumber.SetText("0401850012") }},
		{"borrower.id_number", func() { s.idNumber.SetText("999185001234") }},
		{"borrower.id_number", func() { s.idNumber.SetText(taken.IDNumber) }},
		{"borrower.phone", func() { s.phone.SetText("091234567") }},
		{"borrower.phone", func() { s.phone.SetText("0212345678") }},
		{"borrower.village", func() { s.village.ClearSelected() }},
		{"borrower.category", func() { s.category.ClearSelected() }},
		{"borrower.ethnicity", func() { s.ethnicity.SetText(strings.Repeat("x", 51)) }},
		{"borrower.note", func() { s.note.SetText(strings.Repeat("x", 501)) }},
	}
	for _, c := range cases {
		s.newRecord()
		a.Wait()
		s.code.SetText("KHTEST0009") // over the proposed code
		test.Type(s.name, "Lê Thị Đào")
		test.Type(s.birthYear, "1985")
		s.village.SetSelected(s.village.Options[0])
		c.set()
		if c.field == "borrower.id_number" && s.idNumber.Text == "" {
			continue // the household picked has no ID number to clash with
		}
		s.save()
		a.Wait()
		if msg := s.form.errorText(c.field); msg == "" || strings.Contains(msg, "rule.") {
			t.Errorf("%s: message %q", c.field, msg)
		}
		if after, _ := store.Counts(ctx); after.Borrowers != before.Borrowers {
			t.Fatalf("%s: a refused household was saved", c.field)
		}
	}
}

func TestBorrowersNewWithBadThenGoodIDNumber(t *testing.T) {
	a, store, s := newBorrowersTest(t)
	ctx := context.Background()
	before, _ := store.Counts(ctx)
	chooseFirst(t, a, s, "nguyen")

	pressShortcut(a, fyne.KeyN)
	if s.code.Text != "" || s.name.Text != "" || s.phone.Text != "" || s.village.Selected != "" || s.editing.ID != 0 {
		t.Fatalf("Ctrl+N leaves the form filled: %q %q %q %q", s.code.Text, s.name.Text, s.phone.Text, s.village.Selected)
	}
	if a.win.Canvas().Focused() != s.code {
		t.Fatal("Ctrl+N does not put the cursor in the customer code")
	}
	if s.leave.Visible() || s.rejoin.Visible() {
		t.Fatal("a new household offers to leave or rejoin")
	}
	s.code.SetText("KHTEST0001") // over the proposed code
	test.Type(s.name, "Lê Thị Đào")
	s.gender.SetSelected(a.loc.T("gender.female"))
	test.Type(s.birthYear, "1985")
	test.Type(s.idNumber, "999185001234") // 999 is no province
	test.Type(s.phone, "0912345678")
	s.village.SetSelected(s.village.Options[0])
	s.save()
	a.Wait()
	if msg := s.form.errorText("borrower.id_number"); msg == "" {
		t.Fatal("a CCCD with province 999 shows no message under the ID number")
	}
	if after, _ := store.Counts(ctx); after.Borrowers != before.Borrowers {
		t.Fatalf("a refused borrower was saved: %d households, want %d", after.Borrowers, before.Borrowers)
	}

	s.idNumber.SetText("040185001234")
	s.save()
	a.Wait()
	if msg := s.form.errorText("borrower.id_number"); msg != "" {
		t.Fatalf("a good CCCD shows %q", msg)
	}
	if after, _ := store.Counts(ctx); after.Borrowers != before.Borrowers+1 {
		t.Fatalf("%d households after saving a new one, want %d", after.Borrowers, before.Borrowers+1)
	}
	searchFor(a, s, "le thi dao")
	found := false
	for _, r := range allRows(t, a, s) {
		found = found || (r.Code == "KHTEST0001" && r.Name == "Lê Thị Đào" && r.Active)
	}
	if !found {
		t.Fatal("the new household is not found by \"le thi dao\"")
	}
	if !s.leave.Visible() {
		t.Fatal("a saved household offers no way to leave")
	}
}

func TestBorrowersDetailShowsLoansTodayAndHistory(t *testing.T) {
	a, store, s := newBorrowersTest(t)
	ctx := context.Background()
	// A household with an overdue loan.
	s.filters.status.SetSelectedIndex(indexOf(s.filters.statuses, data.StatusOverdue))
	a.Wait()
	r, ok := s.list.row(0)
	if !ok {
		t.Fatal("no overdue household in the demo office")
	}
	s.table.Select(widget.TableCellID{Row: 0, Col: 0})
	a.Wait()
	on := a.workingDate()
	loans, err := store.LoansOfBorrower(ctx, r.ID)
	if err != nil || len(s.detail.Loans) != len(loans) || len(loans) == 0 {
		t.Fatalf("detail shows %d loans, want %d (%v)", len(s.detail.Loans), len(loans), err)
	}
	overdue := false
	for i, l := range s.detail.Loans {
		pos, err := store.Position(ctx, l.Loan.Contract, on)
		if err != nil {
			t.Fatal(err)
		}
		cell := func(col int) string { return s.loanCell(widget.TableCellID{Row: i, Col: col}) }
		if cell(0) != l.Loan.Contract || cell(3) != a.loc.Amount(pos.Principal()) || cell(4) != a.loc.Amount(pos.Overdue) ||
			cell(5) != a.loc.Amount(pos.InterestDue) || cell(6) != a.loc.Amount(pos.PenaltyDue) {
			t.Fatalf("%s shows %q %q %q %q %q; position %+v", l.Loan.Contract, cell(0), cell(3), cell(4), cell(5), cell(6), pos)
		}
		if pos.Overdue > 0 {
			overdue = true
			if !strings.Contains(cell(2), a.loc.T("status.overdue")) || !strings.Contains(cell(2), a.loc.Number(int64(pos.DaysOverdue))) {
				t.Fatalf("an overdue loan stands %q (%d days)", cell(2), pos.DaysOverdue)
			}
		}
		if pos.Next != nil {
			want := a.loc.T("loan.next", "Date", pos.Next.Due, "Amount", a.loc.Amount(pos.Next.Principal-pos.Next.Paid))
			if cell(7) != want {
				t.Fatalf("next installment shows %q, want %q", cell(7), want)
			}
		} else if cell(7) != "—" {
			t.Fatalf("no next installment shows %q", cell(7))
		}
	}
	if !overdue {
		t.Fatal("the household listed as overdue has no overdue loan")
	}
	bal, _ := store.SavingsBalance(ctx, r.ID, on)
	if !strings.Contains(s.savings.Text, a.loc.Money(bal)) {
		t.Fatalf("savings line %q does not show %s", s.savings.Text, a.loc.Money(bal))
	}

	// An edit shows in the history, newest first, with the field's name. A demo household
	// may already have a line: the day it rose out of poverty (its category history).
	if had := len(s.history); had > 1 || s.historyNone.Visible() != (had == 0) {
		t.Fatalf("a demo household shows %d history lines", had)
	}
	had := len(s.history)
	oldPhone := s.phone.Text
	s.phone.SetText("0987654321")
	s.save()
	a.Wait()
	if len(s.history) != had+1 || s.historyNone.Visible() {
		t.Fatal("the history shows no change after an edit")
	}
	line := s.history[0]
	if line.what != a.loc.Field("borrower.phone") || line.after != "0987654321" || line.who != "tester" ||
		(oldPhone != "" && line.before != oldPhone) {
		t.Fatalf("history line %+v", line)
	}
	if got := s.historyCell(widget.TableCellID{Row: 0, Col: 2}); got != a.loc.Field("borrower.phone") {
		t.Fatalf("history table shows %q", got)
	}

	// A new household shows no loans and no history.
	s.newRecord()
	a.Wait()
	if len(s.detail.Loans) != 0 || s.savings.Text != "" || len(s.history) != 0 {
		t.Fatalf("a new household shows %d loans, %q, %d history lines", len(s.detail.Loans), s.savings.Text, len(s.history))
	}
}

func TestBorrowersMarkAsLeftRefusedWithABalanceAllowedWithout(t *testing.T) {
	a, store, s := newBorrowersTest(t)
	ctx := context.Background()

	// A household that owes: refused, with the reason in the dialog.
	s.filters.status.SetSelectedIndex(indexOf(s.filters.statuses, data.StatusOverdue))
	a.Wait()
	s.table.Select(widget.TableCellID{Row: 0, Col: 0})
	a.Wait()
	owing := s.editing
	if !s.leave.Visible() || s.rejoin.Visible() {
		t.Fatal("an active household does not offer Mark as left")
	}
	test.Tap(s.leave)
	d := s.leaveDlg
	if d == nil {
		t.Fatal("Mark as left asks nothing")
	}
	test.Type(d.reason, "Chuyển đi tỉnh khác")
	test.Tap(d.ok)
	a.Wait()
	loans, _ := store.LoansOfBorrower(ctx, owing.ID)
	if !d.message.Visible() || len(loans) == 0 || !strings.Contains(d.message.Text, loans[0].Contract) ||
		!strings.Contains(d.message.Text, a.loc.Field("borrower.status")) || strings.Contains(d.message.Text, "rule.") {
		t.Fatalf("refusal reads %q", d.message.Text)
	}
	if b, _ := store.Borrower(ctx, owing.ID); !b.Active {
		t.Fatal("a household that owes was marked as left")
	}
	d.dialog.Hide()

	// A household with nothing owed and no savings leaves.
	gone := data.Borrower{Code: "KHTEST0100", Name: "Hà Văn Tâm", VillageID: owing.VillageID, Category: data.CategoryPoor, Active: true}
	if err := store.SaveBorrower(ctx, &gone); err != nil {
		t.Fatal(err)
	}
	s.filters.status.SetSelectedIndex(indexOf(s.filters.statuses, data.StatusActive))
	chooseFirst(t, a, s, gone.Code)
	test.Tap(s.leave)
	d = s.leaveDlg
	test.Tap(d.ok) // no reason
	a.Wait()
	if !d.message.Visible() || !strings.Contains(d.message.Text, a.loc.Field("borrower.reason")) {
		t.Fatalf("leaving with no reason reads %q", d.message.Text)
	}
	test.Type(d.reason, "Chuyển đi tỉnh khác")
	test.Tap(d.ok)
	a.Wait()
	if b, _ := store.Borrower(ctx, gone.ID); b.Active {
		t.Fatal("the household did not leave")
	}
	if s.leave.Visible() || !s.rejoin.Visible() || s.standing.Text != a.loc.T("borrower.status.left") {
		t.Fatalf("after leaving: leave %v rejoin %v standing %q", s.leave.Visible(), s.rejoin.Visible(), s.standing.Text)
	}
	if s.list.total != 0 {
		t.Fatal("a household that left is still among those borrowing")
	}
	s.filters.status.SetSelectedIndex(indexOf(s.filters.statuses, data.StatusLeft))
	a.Wait()
	if r, ok := s.list.row(0); !ok || r.ID != gone.ID || s.list.total != 1 {
		t.Fatal("the household is not listed under Left")
	}
	if len(s.history) < 2 || !strings.Contains(s.history[0].what+s.history[1].what, a.loc.T("history.leave")) ||
		s.history[1].after != "Chuyển đi tỉnh khác" {
		t.Fatalf("history after leaving: %+v", s.history)
	}

	// And rejoins.
	test.Tap(s.rejoin)
	test.Tap(s.leaveDlg.ok)
	a.Wait()
	if b, _ := store.Borrower(ctx, gone.ID); !b.Active {
		t.Fatal("the household did not rejoin")
	}
	if !s.leave.Visible() || s.history[0].what == "" || !strings.Contains(s.history[0].what, a.loc.T("history.rejoin")) {
		t.Fatalf("after rejoining: leave %v, history %+v", s.leave.Visible(), s.history[0])
	}
}

// An active household's detail offers Move to another group, which opens the move dialog for
// that household (the move itself is tested on the Groups screen).
func TestBorrowersMoveOpensTheMoveDialog(t *testing.T) {
	a, _, s := newBorrowersTest(t)
	row := chooseFirst(t, a, s, "nguyen thi")
	if !s.move.Visible() {
		t.Fatal("an active household offers no move")
	}
	test.Tap(s.move)
	a.Wait()
	overlays := a.win.Canvas().Overlays().List()
	if len(overlays) == 0 {
		t.Fatal("Move opened no dialog")
	}
	found := false
	walk(overlays[len(overlays)-1], func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, row.Name) {
			found = true
		}
	})
	if !found {
		t.Errorf("the move dialog does not name %s", row.Name)
	}
}

// tapLoanRow taps the first line under the header of the household's loans table, as the
// clerk does with the mouse.
func tapLoanRow(t *testing.T, s *borrowersScreen) {
	t.Helper()
	s.tabs.SelectIndex(1)
	size := s.loansTable.Size()
	if size.Height == 0 {
		t.Fatal("the loans tab is not laid out")
	}
	line := widget.NewLabel("0").MinSize().Height
	test.TapAt(s.loansTable, fyne.NewPos(20, line*1.5+theme.Padding()))
}

// A household's loans tab opens a loan's page when its line is tapped, and its New loan starts
// the new-loan form with the household chosen; a household that left takes no new loan.
func TestBorrowersLoansTabOpensALoanAndStartsANewOne(t *testing.T) {
	a, store, s := newBorrowersTest(t)
	ctx := context.Background()
	s.filters.status.SetSelectedIndex(indexOf(s.filters.statuses, data.StatusOverdue))
	a.Wait()
	s.table.Select(widget.TableCellID{Row: 0, Col: 0})
	a.Wait()
	household := s.editing
	if len(s.detail.Loans) == 0 {
		t.Fatal("an overdue household shows no loan")
	}
	contract := s.detail.Loans[0].Loan.Contract

	for range 2 { // the same line opens again after coming back
		tapLoanRow(t, s)
		a.Wait()
		l, ok := a.currentScreen().(*loansScreen)
		if !ok {
			t.Fatalf("tapping a loan opened %T", a.currentScreen())
		}
		if l.page != l.detail.root || l.detail.book.Loan.Contract != contract {
			t.Fatalf("tapping %s shows %q", contract, l.detail.book.Loan.Contract)
		}
		a.Navigate("borrowers")
		a.Wait()
		if s.editing.ID != household.ID {
			t.Fatalf("back on Borrowers, household %d is shown instead of %d", s.editing.ID, household.ID)
		}
	}

	if s.newLoan.Disabled() {
		t.Fatal("an active household's New loan is disabled")
	}
	test.Tap(s.newLoan)
	a.Wait()
	l, ok := a.currentScreen().(*loansScreen)
	if !ok || l.page != l.form.root {
		t.Fatalf("New loan opened %T without the new-loan form", a.currentScreen())
	}
	if got := l.form.borrowerID(); got != household.ID || !strings.Contains(l.form.borrower.Selected, household.Code) {
		t.Fatalf("the form has household %d (%q) chosen, want %d %s", got, l.form.borrower.Selected, household.ID, household.Code)
	}
	if a.win.Canvas().Focused() != l.form.contract {
		t.Error("the cursor is not in the contract number once the household is chosen")
	}

	// A household that left, and a household not saved yet, take no new loan.
	gone := data.Borrower{Code: "KHTEST0200", Name: "Đinh Văn Lộc", VillageID: household.VillageID, Category: data.CategoryPoor, Active: true}
	if err := store.SaveBorrower(ctx, &gone); err != nil {
		t.Fatal(err)
	}
	if err := store.MarkBorrowerLeft(ctx, gone.ID, "Chuyển đi tỉnh khác"); err != nil {
		t.Fatal(err)
	}
	a.Navigate("borrowers")
	a.Wait()
	s.filters.status.SetSelectedIndex(indexOf(s.filters.statuses, data.StatusLeft))
	a.Wait()
	chooseFirst(t, a, s, gone.Code)
	if !s.newLoan.Disabled() {
		t.Fatal("a household that left offers New loan")
	}
	test.Tap(s.newLoan)
	a.Wait()
	if _, ok := a.currentScreen().(*borrowersScreen); !ok {
		t.Fatalf("New loan of a household that left opened %T", a.currentScreen())
	}
	s.newRecord()
	a.Wait()
	if !s.newLoan.Disabled() {
		t.Fatal("a household not saved yet offers New loan")
	}
}
