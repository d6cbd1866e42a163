package ui

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/data/demo"
	"policycredit/data/sqlite"
)

// header is the header widget the list shows over column col, nil when none.
func header(s *groupsScreen, col int) *sortHeader {
	var found *sortHeader
	walk(s.table.Table, func(o fyne.CanvasObject) {
		if h, ok := o.(*sortHeader); ok && h.col == col && h.Visible() {
			found = h
		}
	})
	return found
}

// rowOf is the list row showing group id, -1 when the list does not show it.
func rowOf(s *groupsScreen, id int64) int {
	for i, r := range s.rows {
		if r.ID == id {
			return i
		}
	}
	return -1
}

// showGroup clears the filters and selects group id in the list.
func showGroup(t *testing.T, a *App, s *groupsScreen, id int64) data.GroupLine {
	t.Helper()
	if s.search.Text != "" {
		s.search.SetText("")
		a.Wait()
	}
	row := rowOf(s, id)
	if row < 0 {
		t.Fatalf("the list does not show group %d", id)
	}
	s.table.Select(widget.TableCellID{Row: row, Col: 1})
	a.Wait()
	if s.editing.ID != id {
		t.Fatalf("selecting row %d shows group %d, want %d", row, s.editing.ID, id)
	}
	return s.rows[row]
}

// pickMemberRow selects the member in the members table.
func pickMemberRow(t *testing.T, s *groupsScreen, id int64) data.MemberLine {
	t.Helper()
	for i, m := range s.members {
		if m.ID == id {
			s.membersTable.Select(widget.TableCellID{Row: i, Col: 1})
			if s.member != i {
				t.Fatalf("selecting member row %d leaves %d chosen", i, s.member)
			}
			return m
		}
	}
	t.Fatalf("member %d is not listed", id)
	return data.MemberLine{}
}

// choose taps the dialog's first choice whose text holds text.
func choose(t *testing.T, d *moveDialog, text string) {
	t.Helper()
	for i, l := range d.labels {
		if strings.Contains(l, text) {
			d.list.Select(i)
			if d.chosen != i || !strings.Contains(d.picked.Text, text) {
				t.Fatalf("choosing %q: chosen %d, shows %q", text, d.chosen, d.picked.Text)
			}
			return
		}
	}
	t.Fatalf("the dialog offers no %q among %v", text, d.labels)
}

// sameVillageGroups are two groups of the small demo office that meet in one village.
func sameVillageGroups(t *testing.T, s *groupsScreen) (data.GroupLine, data.GroupLine) {
	t.Helper()
	for _, g := range s.rows {
		for _, h := range s.rows {
			if g.ID < h.ID && g.VillageID == h.VillageID {
				return g, h
			}
		}
	}
	t.Fatal("no two groups in one village")
	return data.GroupLine{}, data.GroupLine{}
}

// plainMember is an active member of the shown group who does not lead it.
func plainMember(t *testing.T, s *groupsScreen) data.MemberLine {
	t.Helper()
	for _, m := range s.members {
		if m.Active && m.ID != s.editing.LeaderID && m.Outstanding > 0 {
			return m
		}
	}
	t.Fatal("no plain member with a loan")
	return data.MemberLine{}
}

func TestGroupsListShowsOutstandingAndOverdue(t *testing.T) {
	a, store, s := newGroupsTest(t)
	if !strings.Contains(s.title.Text, a.loc.Date(demo.Today)) {
		t.Fatalf("title %q does not give the date of the figures", s.title.Text)
	}
	withOverdue := 0
	for i, g := range s.rows {
		ps, err := store.Positions(context.Background(), sqlite.PositionScope{GroupID: g.ID}, demo.Today)
		if err != nil {
			t.Fatal(err)
		}
		var out, od data.Dong
		for _, p := range ps {
			out, od = out+p.Position.Principal(), od+p.Position.Overdue
		}
		if got := s.cell(widget.TableCellID{Row: i, Col: groupColOutstanding}); got != a.loc.Amount(out) {
			t.Errorf("group %s shows outstanding %q, its loans owe %s", g.Code, got, a.loc.Amount(out))
		}
		if got := s.cell(widget.TableCellID{Row: i, Col: groupColOverdue}); got != a.loc.Amount(od) {
			t.Errorf("group %s shows overdue %q, its loans have %s overdue", g.Code, got, a.loc.Amount(od))
		}
		if od > 0 {
			withOverdue++
		}
	}
	if withOverdue == 0 {
		t.Fatal("no group shows overdue debt on the demo date")
	}
	// The members' lines add up to the group's.
	g := showGroup(t, a, s, s.rows[0].ID)
	var out data.Dong
	for _, m := range s.members {
		out += m.Outstanding
	}
	if out != g.Outstanding || !strings.Contains(s.memberTotals.Text, a.loc.Money(out)) {
		t.Fatalf("members owe %d in all (%q), the group %d", out, s.memberTotals.Text, g.Outstanding)
	}
}

func TestGroupsFilterByCommuneAndVillage(t *testing.T) {
	a, _, s := newGroupsTest(t)
	all := len(s.rows)
	if !s.villageFilter.Disabled() {
		t.Fatal("the village filter is open before a commune is chosen")
	}
	commune := s.communes[1]
	s.communeFilter.SetSelected(commune.Name)
	a.Wait()
	if len(s.rows) == 0 || len(s.rows) == all {
		t.Fatalf("commune %s lists %d of %d groups", commune.Name, len(s.rows), all)
	}
	for _, g := range s.rows {
		if g.CommuneID != commune.ID {
			t.Fatalf("commune %s lists group %s of %s", commune.Name, g.Code, g.Commune)
		}
	}
	if s.villageFilter.Disabled() || len(s.villageFilter.Options) != len(s.byCommune[commune.ID])+1 {
		t.Fatalf("village filter offers %v for commune %s", s.villageFilter.Options, commune.Name)
	}
	inCommune := len(s.rows)
	village := s.rows[0].Village
	s.villageFilter.SetSelected(village)
	a.Wait()
	if len(s.rows) == 0 || len(s.rows) >= inCommune {
		t.Fatalf("village %s lists %d of the commune's %d groups", village, len(s.rows), inCommune)
	}
	for _, g := range s.rows {
		if g.Village != village {
			t.Fatalf("village %s lists group %s of %s", village, g.Code, g.Village)
		}
	}
	// Words narrow further; the filters stay.
	searchGroupsFor(a, s, "khong co to nao nhu the")
	if len(s.rows) != 0 {
		t.Fatalf("a search for nothing lists %d groups", len(s.rows))
	}
	searchGroupsFor(a, s, "")
	s.communeFilter.SetSelected(a.loc.T("groups.all_communes"))
	a.Wait()
	if len(s.rows) != all || !s.villageFilter.Disabled() {
		t.Fatalf("all communes again lists %d of %d groups", len(s.rows), all)
	}
}

func TestGroupsSortByTappingAColumnHeader(t *testing.T) {
	a, _, s := newGroupsTest(t)
	first := header(s, groupColOutstanding)
	if first == nil {
		t.Fatal("the outstanding column has no header on screen")
	}
	if first.arrow.Visible() {
		t.Fatal("an arrow shows before any sort")
	}
	outstanding := func() []data.Dong {
		var v []data.Dong
		for _, g := range s.rows {
			v = append(v, g.Outstanding)
		}
		return v
	}
	test.Tap(first)
	if got := outstanding(); !slices.IsSorted(got) {
		t.Fatalf("one tap sorts %v", got)
	}
	if h := header(s, groupColOutstanding); h == nil || !h.arrow.Visible() || h.arrow.Resource != theme.MoveUpIcon() {
		t.Fatal("no up arrow on the sorted column")
	}
	test.Tap(header(s, groupColOutstanding))
	got := outstanding()
	slices.Reverse(got)
	if !slices.IsSorted(got) {
		t.Fatalf("a second tap does not reverse: %v", outstanding())
	}
	if h := header(s, groupColOutstanding); h.arrow.Resource != theme.MoveDownIcon() {
		t.Fatal("no down arrow after the second tap")
	}
	if s.cell(widget.TableCellID{Row: 0, Col: groupColOutstanding}) != a.loc.Amount(s.rows[0].Outstanding) {
		t.Fatal("the cells do not follow the sorted rows")
	}
	// Another column: members, ascending; the order holds through a reload.
	test.Tap(header(s, groupColMembers))
	if h := header(s, groupColOutstanding); h.arrow.Visible() {
		t.Fatal("the old sort column keeps its arrow")
	}
	searchGroupsFor(a, s, "")
	for i := 1; i < len(s.rows); i++ {
		if s.rows[i-1].Members > s.rows[i].Members {
			t.Fatalf("after a reload rows %d and %d have %d and %d members", i-1, i, s.rows[i-1].Members, s.rows[i].Members)
		}
	}
}

func TestGroupsMoveAMemberOutAndBackIn(t *testing.T) {
	a, store, s := newGroupsTest(t)
	ga, gb := sameVillageGroups(t, s)
	showGroup(t, a, s, ga.ID)
	m := plainMember(t, s)
	pickMemberRow(t, s, m.ID)
	if s.moveMember.Disabled() {
		t.Fatal("Move to another group is disabled with a member chosen")
	}
	test.Tap(s.moveMember)
	a.Wait()
	d := s.move
	if d == nil || !strings.Contains(d.now.Text, m.Name) {
		t.Fatal("no move dialog for the member")
	}
	for _, l := range d.labels {
		if strings.HasPrefix(l, ga.Code+" ") {
			t.Fatalf("the dialog offers the member's own group: %v", d.labels)
		}
	}
	test.Type(d.search, gb.Code)
	a.Wait()
	choose(t, d, gb.Code)
	test.Tap(d.move)
	a.Wait()
	if msg := d.errorText(); msg != "" {
		t.Fatalf("the move was refused: %s", msg)
	}
	if a.status.Text != a.loc.T("move.moved", "Name", m.Name, "Code", m.Code, "Group", gb.Code) {
		t.Errorf("status bar says %q", a.status.Text)
	}
	if got := s.rows[rowOf(s, ga.ID)].Members; got != ga.Members-1 {
		t.Errorf("group %s lists %d members after one left, want %d", ga.Code, got, ga.Members-1)
	}
	if got := s.rows[rowOf(s, gb.ID)].Members; got != gb.Members+1 {
		t.Errorf("group %s lists %d members after one joined, want %d", gb.Code, got, gb.Members+1)
	}
	for _, x := range s.members {
		if x.ID == m.ID {
			t.Fatal("the household still shows among the old group's members")
		}
	}
	if got := s.rows[rowOf(s, gb.ID)].Outstanding; got != gb.Outstanding+m.Outstanding {
		t.Errorf("group %s owes %d after the move, want %d", gb.Code, got, gb.Outstanding+m.Outstanding)
	}

	// Back again through "Add member…" of the first group.
	showGroup(t, a, s, ga.ID)
	if s.addMember.Disabled() {
		t.Fatal("Add member is disabled on an active group")
	}
	test.Tap(s.addMember)
	a.Wait()
	if s.move == d {
		t.Fatal("Add member opens no dialog")
	}
	d = s.move
	test.Type(d.search, data.Fold(m.Name))
	a.Wait()
	choose(t, d, m.Code)
	test.Tap(d.move)
	a.Wait()
	if msg := d.errorText(); msg != "" {
		t.Fatalf("adding the member back was refused: %s", msg)
	}
	if got := s.rows[rowOf(s, ga.ID)].Members; got != ga.Members {
		t.Errorf("group %s lists %d members after the return, want %d", ga.Code, got, ga.Members)
	}
	if got := s.rows[rowOf(s, gb.ID)].Members; got != gb.Members {
		t.Errorf("group %s lists %d members after the return, want %d", gb.Code, got, gb.Members)
	}
	back, err := store.Borrower(context.Background(), m.ID)
	if err != nil || back.GroupID != ga.ID {
		t.Fatalf("the household is in group %d, %v", back.GroupID, err)
	}
	if s.activeMembers() != ga.Members || !strings.Contains(s.membersTitle.Text, strconv.Itoa(ga.Members)) {
		t.Errorf("members tab shows %d (%q), want %d", s.activeMembers(), s.membersTitle.Text, ga.Members)
	}
}

// Each refusal shows its translated message, naming the rule and the limit; nothing moves.
func TestGroupsMoveRefusalsShowTheirMessage(t *testing.T) {
	a, store, s := newGroupsTest(t)
	ctx := context.Background()
	loc := a.loc
	ga, gb := sameVillageGroups(t, s)
	closed := data.Group{Code: "TK-DONG", Name: "Tổ đã giải thể", VillageID: ga.VillageID, Association: "HND",
		FoundedOn: data.MustDate("2010-01-01")}
	if err := store.SaveGroup(ctx, &closed); err != nil {
		t.Fatal(err)
	}
	if err := store.CloseGroup(ctx, closed.ID); err != nil {
		t.Fatal(err)
	}
	set, err := store.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	searchGroupsFor(a, s, "")
	showGroup(t, a, s, ga.ID)
	m := plainMember(t, s)

	cases := []struct {
		name     string
		settings func(st *data.Settings)
		member   int64
		target   string
		want     *data.Error
	}{
		{"target full", func(st *data.Settings) { st.GroupMaxMembers = gb.Members }, m.ID, gb.Code,
			data.Conflict("move.group", "move_group_full", "Group", gb.Code, "Count", gb.Members, "Max", gb.Members)},
		{"source below the minimum", func(st *data.Settings) { st.GroupMinMembers, st.GroupMaxMembers = ga.Members, 100 }, m.ID, gb.Code,
			data.Conflict("move.borrower", "move_below_min", "Group", ga.Code, "Left", ga.Members-1, "Min", ga.Members)},
		{"the leader", nil, ga.LeaderID, gb.Code, data.Forbidden("move.borrower", "leader_leaving", "Group", ga.Code)},
		{"closed target", nil, m.ID, "TK-DONG", data.Forbidden("move.group", "group_closed", "Group", "TK-DONG")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := set
			if c.settings != nil {
				c.settings(&st)
			}
			if err := store.SaveSettings(ctx, st); err != nil {
				t.Fatal(err)
			}
			showGroup(t, a, s, ga.ID)
			pickMemberRow(t, s, c.member)
			test.Tap(s.moveMember)
			a.Wait()
			d := s.move
			choose(t, d, c.target)
			test.Tap(d.move)
			a.Wait()
			want := loc.Error(c.want)
			if got := d.errorText(); !strings.Contains(got, want) || strings.Contains(want, "rule.") {
				t.Fatalf("the dialog says %q, want %q", got, want)
			}
			d.dlg.Hide()
			if b, _ := store.Borrower(ctx, c.member); b.GroupID != ga.ID {
				t.Fatalf("a refused move moved the household to group %d", b.GroupID)
			}
			if got := s.rows[rowOf(s, ga.ID)].Members; got != ga.Members {
				t.Fatalf("group %s lists %d members after a refusal", ga.Code, got)
			}
		})
	}
	// The limits are named in the words of the message.
	if msg := loc.Error(cases[0].want); !strings.Contains(msg, strconv.Itoa(gb.Members)) {
		t.Errorf("the full-group message %q does not name the limit", msg)
	}
	// A household of another village needs a reason, shown under the reason.
	if err := store.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	var other data.GroupLine
	for _, g := range s.rows {
		if g.CommuneID == ga.CommuneID && g.VillageID != ga.VillageID {
			other = g
		}
	}
	showGroup(t, a, s, ga.ID)
	pickMemberRow(t, s, m.ID)
	test.Tap(s.moveMember)
	a.Wait()
	d := s.move
	choose(t, d, other.Code)
	test.Tap(d.move)
	a.Wait()
	if msg := d.form.errorText("move.note"); msg == "" || !strings.Contains(msg, other.Code) {
		t.Fatalf("no reason asked for under the reason field: %q", msg)
	}
	test.Type(d.note, "Nhà ở giáp ranh")
	test.Tap(d.move)
	a.Wait()
	if msg := d.errorText(); msg != "" {
		t.Fatalf("with a reason the move is refused: %s", msg)
	}
	// Nothing chosen: the dialog asks to choose.
	showGroup(t, a, s, ga.ID)
	test.Tap(s.addMember)
	a.Wait()
	test.Tap(s.move.move)
	if !strings.Contains(s.move.errorText(), loc.T("move.choose")) {
		t.Fatalf("moving with nothing chosen says %q", s.move.errorText())
	}
}

func TestGroupsCloseRefusedWithBalancesAllowedWhenEmpty(t *testing.T) {
	a, store, s := newGroupsTest(t)
	ctx := context.Background()
	g := showGroup(t, a, s, s.rows[0].ID)
	s.tabs.SelectIndex(groupTabDetails)
	test.Tap(s.closeButton)
	a.Wait()
	msg := s.form.errorText("group.status")
	if msg == "" || strings.Contains(msg, "rule.") {
		t.Fatalf("closing a group with balances shows %q under the status", msg)
	}
	withBalances := 0
	for _, m := range s.members {
		if m.Outstanding > 0 || m.Savings > 0 {
			withBalances++
		}
	}
	if !strings.Contains(msg, strconv.Itoa(withBalances)) {
		t.Errorf("%q does not count the %d households with balances", msg, withBalances)
	}
	if got, _ := store.Group(ctx, g.ID); got.Status != data.GroupActive {
		t.Fatal("a refused close closed the group")
	}

	// A new group, empty, closes, cannot take members and reopens.
	pressShortcut(a, "N")
	a.Wait()
	test.Type(s.code, "TK-MOI")
	test.Type(s.name, "Tổ mới thành lập")
	s.village.SetSelected(s.villages.label(g.VillageID))
	s.association.SetSelected(a.loc.Association("HPN"))
	test.Type(s.foundedOn, a.loc.Date(data.MustDate("2026-10-01")))
	s.save()
	a.Wait()
	if s.editing.ID == 0 {
		t.Fatalf("the new group was not saved: %q", s.form.errorText("group.code"))
	}
	test.Tap(s.closeButton)
	a.Wait()
	if msg := s.form.errorText("group.status"); msg != "" {
		t.Fatalf("closing an empty group shows %q", msg)
	}
	if s.status.Text != a.loc.T("status.closed") || s.closeButton.Text != a.loc.T("group.reopen") || !s.addMember.Disabled() {
		t.Fatalf("after closing: status %q, button %q, add member enabled %v", s.status.Text, s.closeButton.Text, !s.addMember.Disabled())
	}
	row := rowOf(s, s.editing.ID)
	if row < 0 || !strings.Contains(s.cell(widget.TableCellID{Row: row, Col: 1}), a.loc.T("status.closed")) {
		t.Fatal("the list does not show the group as closed")
	}
	audit, err := store.Audit(ctx, "group", strconv.FormatInt(s.editing.ID, 10))
	if err != nil || audit[len(audit)-1].Action != "close" || audit[len(audit)-1].User != "tester" {
		t.Fatalf("audit %+v, %v", audit, err)
	}
	test.Tap(s.closeButton)
	a.Wait()
	if s.status.Text != a.loc.T("status.active") || s.addMember.Disabled() {
		t.Fatalf("after reopening: status %q", s.status.Text)
	}
}

// The dialog the Borrowers screen opens moves a household and says when it is done.
func TestShowMoveHouseholdMovesAndCallsDone(t *testing.T) {
	a, store, s := newGroupsTest(t)
	ga, gb := sameVillageGroups(t, s)
	showGroup(t, a, s, ga.ID)
	m := plainMember(t, s)
	called := false
	a.showMoveHousehold(m.BorrowerView, func() { called = true })
	a.Wait()
	overlays := a.win.Canvas().Overlays().List()
	if len(overlays) == 0 {
		t.Fatal("no dialog")
	}
	var list *widget.List
	var entry *widget.Entry
	walk(overlays[len(overlays)-1], func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.List:
			list = w
		case *widget.Entry:
			if entry == nil {
				entry = w
			}
		}
	})
	if list == nil || entry == nil {
		t.Fatal("the dialog has no search and list")
	}
	test.Type(entry, gb.Code)
	a.Wait()
	list.Select(0)
	var move *widget.Button
	walk(overlays[len(overlays)-1], func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == a.loc.T("move.action") {
			move = b
		}
	})
	test.Tap(move)
	a.Wait()
	if !called {
		t.Fatal("done was not called after the move")
	}
	if b, err := store.Borrower(context.Background(), m.ID); err != nil || b.GroupID != gb.ID {
		t.Fatalf("the household is in group %d, %v", b.GroupID, err)
	}
}
