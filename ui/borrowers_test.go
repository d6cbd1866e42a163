package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/data/demo"
	"policycredit/data/sqlite"
)

// newBorrowersTest opens the Borrowers screen on the small demo office.
func newBorrowersTest(t *testing.T) (*App, *sqlite.Store, *borrowersScreen) {
	t.Helper()
	a, store := newTestApp(t, "vi", "borrowers")
	if err := store.ImportDataset(context.Background(), demo.Generate(demo.Scales["small"], 1)); err != nil {
		t.Fatal(err)
	}
	s, ok := a.currentScreen().(*borrowersScreen)
	if !ok {
		t.Fatalf("--screen borrowers opened %T", a.currentScreen())
	}
	s.refresh()
	a.Wait()
	if len(s.rows) == 0 || len(s.villages) == 0 {
		t.Fatalf("the screen shows %d borrowers and %d villages of the demo office", len(s.rows), len(s.villages))
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

func TestBorrowersSearchAsYouTypeWithOrWithoutDiacritics(t *testing.T) {
	a, store, s := newBorrowersTest(t)
	if len(s.rows) != 500 || s.more.Visible() {
		t.Fatalf("the unfiltered list of 500 households shows %d rows, refine line visible %v", len(s.rows), s.more.Visible())
	}
	// One household more than a search shows: the first 500 and a line asking to refine.
	extra := data.Borrower{Code: "KHTEST0002", Name: "Trần Văn An", VillageID: s.rows[0].VillageID, Category: data.CategoryPoor, Active: true}
	if err := store.SaveBorrower(context.Background(), &extra); err != nil {
		t.Fatal(err)
	}
	s.load()
	a.Wait()
	if len(s.rows) != searchLimit || !s.more.Visible() || !strings.Contains(s.more.Text, "500") {
		t.Fatalf("501 households show %d rows and refine line %q (visible %v)", len(s.rows), s.more.Text, s.more.Visible())
	}

	searchFor(a, s, "nguyen thi")
	if len(s.rows) == 0 {
		t.Fatal("\"nguyen thi\" finds nobody in the demo office")
	}
	for _, r := range s.rows {
		name := data.Fold(r.Name)
		if !strings.Contains(name, "nguyen") || !strings.Contains(name, "thi") {
			t.Fatalf("\"nguyen thi\" lists %q", r.Name)
		}
	}
	if s.more.Visible() {
		t.Fatal("the refine line shows under a short result")
	}
	if got := s.cell(widget.TableCellID{Row: 0, Col: 1}); got != s.rows[0].Name {
		t.Fatalf("name column shows %q, want %q", got, s.rows[0].Name)
	}

	// A name with diacritics is found when typed without them.
	var target data.BorrowerView
	for _, r := range s.rows {
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
	for _, r := range s.rows {
		found = found || r.ID == target.ID
	}
	if !found {
		t.Fatalf("typing %q does not find %q", data.Fold(target.Name), target.Name)
	}

	// Only the newest search is shown, whatever order the loads finish in.
	s.search.SetText("nguyen")
	s.search.SetText("zzqx")
	a.Wait()
	if len(s.rows) != 0 {
		t.Fatalf("after typing \"zzqx\" the list shows %d rows of an older search", len(s.rows))
	}

	// Ctrl+F puts the cursor in the search box.
	a.win.Canvas().Focus(s.name)
	pressShortcut(a, fyne.KeyF)
	if a.win.Canvas().Focused() != s.search {
		t.Fatal("Ctrl+F does not focus the search")
	}
}

func TestBorrowersEditRefusesBadPhoneAndSavesGoodOne(t *testing.T) {
	a, store, s := newBorrowersTest(t)
	ctx := context.Background()
	searchFor(a, s, "nguyen thi")
	row := s.rows[0]
	s.table.Select(widget.TableCellID{Row: 0, Col: 1})
	a.Wait()
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
	if b.GroupID != row.GroupID || b.VillageID != row.VillageID {
		t.Fatalf("saving moved the household to village %d group %d", b.VillageID, b.GroupID)
	}
}

func TestBorrowersNewWithBadThenGoodIDNumber(t *testing.T) {
	a, store, s := newBorrowersTest(t)
	ctx := context.Background()
	before, _ := store.Counts(ctx)
	searchFor(a, s, "nguyen")
	s.table.Select(widget.TableCellID{Row: 0, Col: 0})
	a.Wait()

	pressShortcut(a, fyne.KeyN)
	if s.code.Text != "" || s.name.Text != "" || s.phone.Text != "" || s.village.Selected != "" || s.editing.ID != 0 {
		t.Fatalf("Ctrl+N leaves the form filled: %q %q %q %q", s.code.Text, s.name.Text, s.phone.Text, s.village.Selected)
	}
	if a.win.Canvas().Focused() != s.code {
		t.Fatal("Ctrl+N does not put the cursor in the customer code")
	}
	test.Type(s.code, "KHTEST0001")
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
	for _, r := range s.rows {
		found = found || (r.Code == "KHTEST0001" && r.Name == "Lê Thị Đào" && r.Active)
	}
	if !found {
		t.Fatalf("the new household is not found by \"le thi dao\": %+v", s.rows)
	}

	// A birth year that is not a number is refused under its field.
	pressShortcut(a, fyne.KeyN)
	test.Type(s.birthYear, "abc")
	s.save()
	a.Wait()
	if s.form.errorText("borrower.birth_year") == "" {
		t.Fatal("birth year \"abc\" shows no message")
	}
}

func TestBorrowersDetailShowsLoansAndSavings(t *testing.T) {
	a, store, s := newBorrowersTest(t)
	ctx := context.Background()
	all, err := store.SearchBorrowers(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	var who data.BorrowerView
	var loans []data.Loan
	for _, b := range all {
		if loans, _ = store.LoansOfBorrower(ctx, b.ID); len(loans) > 0 {
			who = b
			break
		}
	}
	if who.ID == 0 {
		t.Fatal("no household of the demo office has a loan")
	}
	searchFor(a, s, who.Code)
	if len(s.rows) != 1 {
		t.Fatalf("searching %q lists %d households", who.Code, len(s.rows))
	}
	s.table.Select(widget.TableCellID{Row: 0, Col: 0})
	a.Wait()
	if len(s.loans) != len(loans) {
		t.Fatalf("detail shows %d loans, want %d", len(s.loans), len(loans))
	}
	pos, err := store.Position(ctx, loans[0].Contract, a.workingDate())
	if err != nil {
		t.Fatal(err)
	}
	shown := false
	for i, l := range s.loans {
		if l.loan.Contract != loans[0].Contract {
			continue
		}
		shown = true
		if got := s.loanCell(widget.TableCellID{Row: i, Col: 0}); got != loans[0].Contract {
			t.Fatalf("contract column shows %q", got)
		}
		if got, want := s.loanCell(widget.TableCellID{Row: i, Col: 2}), a.loc.Amount(pos.Current); got != want {
			t.Fatalf("current principal shows %q, want %q", got, want)
		}
		if got, want := s.loanCell(widget.TableCellID{Row: i, Col: 5}), a.loc.Amount(pos.InterestDue); got != want {
			t.Fatalf("interest due shows %q, want %q", got, want)
		}
	}
	if !shown {
		t.Fatalf("contract %s is not in the detail", loans[0].Contract)
	}
	bal, _ := store.SavingsBalance(ctx, who.ID, a.workingDate())
	if !strings.Contains(s.savings.Text, a.loc.Money(bal)) {
		t.Fatalf("savings line %q does not show %s", s.savings.Text, a.loc.Money(bal))
	}

	// A new household shows no loans.
	s.newRecord()
	a.Wait()
	if len(s.loans) != 0 || s.savings.Text != "" {
		t.Fatalf("a new household shows %d loans and %q", len(s.loans), s.savings.Text)
	}
}
