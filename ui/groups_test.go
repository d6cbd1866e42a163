package ui

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/data/demo"
	"policycredit/data/sqlite"
)

// newGroupsTest opens the Groups screen on the small demo office, working on the demo's date.
func newGroupsTest(t *testing.T) (*App, *sqlite.Store, *groupsScreen) {
	t.Helper()
	a, store := newDemoApp(t, "vi", "groups")
	ctx := context.Background()
	set, err := store.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set.WorkingDate = demo.Today
	if err := store.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	a.loadStatus()
	a.Wait()
	a.build() // the screens read the working date
	a.Wait()
	s, ok := a.currentScreen().(*groupsScreen)
	if !ok {
		t.Fatalf("--screen groups opened %T", a.currentScreen())
	}
	s.refresh()
	a.Wait()
	if len(s.rows) == 0 || len(s.villages) == 0 {
		t.Fatalf("the screen shows %d groups and %d villages of the demo office", len(s.rows), len(s.villages))
	}
	return a, store, s
}

func searchGroupsFor(a *App, s *groupsScreen, q string) {
	s.search.SetText("")
	test.Type(s.search, q)
	a.Wait()
}

// selectGroup picks row of the list and waits for its members and ratings.
func selectGroup(a *App, s *groupsScreen, row int) data.GroupView {
	s.table.Select(widget.TableCellID{Row: row, Col: 1})
	a.Wait()
	return s.rows[row].GroupView
}

func TestGroupsSearchWithoutDiacriticsAndSelectShowsMembers(t *testing.T) {
	a, _, s := newGroupsTest(t)
	all := len(s.rows)
	var target data.GroupView
	for _, r := range s.rows {
		if data.Fold(r.Name) != strings.ToLower(r.Name) && r.Members > 0 {
			target = r.GroupView
			break
		}
	}
	if target.ID == 0 {
		t.Fatal("no group with diacritics in its name and members in the demo office")
	}
	searchGroupsFor(a, s, data.Fold(target.Name))
	row := -1
	for i, r := range s.rows {
		if r.ID == target.ID {
			row = i
		}
	}
	if row < 0 || len(s.rows) == all {
		t.Fatalf("typing %q lists %d of %d groups without %q", data.Fold(target.Name), len(s.rows), all, target.Name)
	}
	if got := s.cell(widget.TableCellID{Row: row, Col: 3}); got != a.loc.Association(target.Association) || got == "" {
		t.Fatalf("association column shows %q", got)
	}
	if got := s.cell(widget.TableCellID{Row: row, Col: 5}); got != strconv.Itoa(target.Members) {
		t.Fatalf("members column shows %q, want %d", got, target.Members)
	}

	g := selectGroup(a, s, row)
	if s.code.Text != g.Code || s.name.Text != g.Name || s.villages.id(s.village.Selected) != g.VillageID {
		t.Fatalf("form shows %q %q village %d, want %+v", s.code.Text, s.name.Text, s.villages.id(s.village.Selected), g.Group)
	}
	if s.association.Selected != a.loc.Association(g.Association) || s.foundedOn.Text != a.loc.Date(g.FoundedOn) {
		t.Fatalf("form shows association %q founded %q", s.association.Selected, s.foundedOn.Text)
	}
	if s.activeMembers() != g.Members || len(s.members) == 0 {
		t.Fatalf("members table shows %d active of %d, the group has %d", s.activeMembers(), len(s.members), g.Members)
	}
	for _, m := range s.members {
		if m.GroupID != g.ID {
			t.Fatalf("members table lists %s of group %d", m.Name, m.GroupID)
		}
	}
	if s.leaderID() != g.LeaderID {
		t.Fatalf("leader picker shows %q (%d), want %d", s.leader.Selected, s.leaderID(), g.LeaderID)
	}
	if !strings.Contains(s.membersTitle.Text, strconv.Itoa(g.Members)) {
		t.Fatalf("members title %q does not count %d", s.membersTitle.Text, g.Members)
	}

	// Ctrl+F goes back to the search, Ctrl+N empties the form for a new group.
	pressShortcut(a, fyne.KeyF)
	if a.win.Canvas().Focused() != s.search {
		t.Fatal("Ctrl+F does not focus the search")
	}
	pressShortcut(a, fyne.KeyN)
	a.Wait()
	if s.editing.ID != 0 || s.code.Text != "" || len(s.members) != 0 || a.win.Canvas().Focused() != s.code {
		t.Fatalf("Ctrl+N leaves group %d %q with %d members", s.editing.ID, s.code.Text, len(s.members))
	}
}

func TestGroupsRatingIsAddedAndBadYearRefused(t *testing.T) {
	a, store, s := newGroupsTest(t)
	ctx := context.Background()
	g := selectGroup(a, s, 0)
	if s.rateYear.Text != strconv.Itoa(a.workingDate().Year()) {
		t.Fatalf("rating year defaults to %q, want the working year", s.rateYear.Text)
	}
	before, err := store.GroupRatings(ctx, g.ID)
	if err != nil {
		t.Fatal(err)
	}

	// A year before the bank existed is refused under the year field; nothing is saved.
	s.rateYear.SetText("1980")
	s.rate()
	a.Wait()
	if msg := s.rateForm.errorText("rating.year"); msg == "" || strings.Contains(msg, "range") {
		t.Fatalf("year 1980 shows %q under the year field", msg)
	}
	if after, _ := store.GroupRatings(ctx, g.ID); len(after) != len(before) {
		t.Fatalf("a refused rating was saved: %v", after)
	}

	s.rateYear.SetText("2099")
	s.rateValue.SetSelected(a.loc.T("rating.weak"))
	s.rate()
	a.Wait()
	if msg := s.rateForm.errorText("rating.year"); msg != "" {
		t.Fatalf("a good rating leaves %q under the year field", msg)
	}
	found := false
	for i, r := range s.ratings {
		if r.Year == 2099 && r.Rating == data.RatingWeak {
			found = true
			if s.ratingCell(widget.TableCellID{Row: i, Col: 1}) != a.loc.T("rating.weak") {
				t.Fatal("history does not name the rating in Vietnamese")
			}
		}
	}
	if !found {
		t.Fatalf("history shows %v without the 2099 rating", s.ratings)
	}
	row := -1
	for i, r := range s.rows {
		if r.ID == g.ID {
			row = i
		}
	}
	if row < 0 || !strings.Contains(s.cell(widget.TableCellID{Row: row, Col: len(groupColumns) - 1}), "2099") {
		t.Fatal("the list does not show the latest rating")
	}
}

func TestGroupsRenameSavesAndEmptyNameRefused(t *testing.T) {
	a, store, s := newGroupsTest(t)
	ctx := context.Background()
	g := selectGroup(a, s, 0)

	s.name.SetText("")
	s.save()
	a.Wait()
	if msg := s.form.errorText("group.name"); msg == "" || strings.Contains(msg, "required") {
		t.Fatalf("an empty name shows %q under the name field", msg)
	}
	if got, _ := store.Group(ctx, g.ID); got.Name != g.Name {
		t.Fatalf("a refused name was saved: %q", got.Name)
	}

	s.name.SetText("Tổ Hội Nông dân Đồng Tâm")
	s.save()
	a.Wait()
	if msg := s.form.errorText("group.name"); msg != "" {
		t.Fatalf("a good name leaves %q under the name field", msg)
	}
	got, err := store.Group(ctx, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Tổ Hội Nông dân Đồng Tâm" || got.LeaderID != g.LeaderID || got.Association != g.Association || !got.FoundedOn.Equal(g.FoundedOn) {
		t.Fatalf("saved %+v, want the new name and the rest unchanged from %+v", got.Group, g.Group)
	}
	searchGroupsFor(a, s, "dong tam")
	if len(s.rows) == 0 || s.rows[0].ID != g.ID {
		t.Fatalf("the renamed group is not found by its new name: %d rows", len(s.rows))
	}

	// A date that cannot be read is refused under its field.
	s.foundedOn.SetText("31/02/abc")
	s.save()
	a.Wait()
	if msg := s.form.errorText("group.founded_on"); msg == "" {
		t.Fatal("a bad founding date shows no message")
	}
}
