package sqlite

import (
	"context"
	"encoding/json"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
)

// demoGroups picks groups of the small demo office: two in one village (a, b), one in another
// village of their commune (near) and one in another commune (far).
type demoGroups struct {
	a, b, near, far data.GroupView
}

func pickDemoGroups(t *testing.T, s *Store) demoGroups {
	t.Helper()
	groups, err := s.SearchGroups(context.Background(), "", 0)
	must(t, err)
	var d demoGroups
	for _, g := range groups {
		for _, h := range groups {
			if g.ID < h.ID && g.VillageID == h.VillageID && d.a.ID == 0 {
				d.a, d.b = g, h
			}
		}
	}
	for _, g := range groups {
		switch {
		case g.CommuneID == d.a.CommuneID && g.VillageID != d.a.VillageID && d.near.ID == 0:
			d.near = g
		case g.CommuneID != d.a.CommuneID && d.far.ID == 0:
			d.far = g
		}
	}
	if d.a.ID == 0 || d.near.ID == 0 || d.far.ID == 0 {
		t.Fatalf("the small demo office lacks the groups this test needs: %+v", d)
	}
	return d
}

// memberWithLoan is an active member of g, not its leader, with an open loan.
func memberWithLoan(t *testing.T, s *Store, g data.GroupView) data.BorrowerView {
	t.Helper()
	var id int64
	err := s.db.QueryRow(`SELECT b.id FROM borrowers b WHERE b.group_id = ? AND b.active = 1 AND b.id <> ?
		AND EXISTS (SELECT 1 FROM loans l WHERE l.borrower_id = b.id AND l.status = 'active') ORDER BY b.id LIMIT 1`,
		g.ID, g.LeaderID).Scan(&id)
	must(t, err)
	b, err := s.Borrower(context.Background(), id)
	must(t, err)
	return b
}

func groupNow(t *testing.T, s *Store, id int64) data.GroupView {
	t.Helper()
	g, err := s.Group(context.Background(), id)
	must(t, err)
	return g
}

func TestMoveBorrowerMovesTheHouseholdWithItsOpenLoans(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := userCtx
	d := pickDemoGroups(t, s)
	m := memberWithLoan(t, s, d.a)
	loans, err := s.LoansOfBorrower(ctx, m.ID)
	must(t, err)
	before, err := s.GroupList(ctx, data.GroupFilter{}, demo.Today)
	must(t, err)
	lineOf := func(lines []data.GroupLine, id int64) data.GroupLine {
		for _, l := range lines {
			if l.ID == id {
				return l
			}
		}
		t.Fatalf("group %d not listed", id)
		return data.GroupLine{}
	}
	mine, err := s.GroupMemberLines(ctx, d.a.ID, demo.Today)
	must(t, err)
	var owed data.MemberLine
	for _, x := range mine {
		if x.ID == m.ID {
			owed = x
		}
	}
	if owed.Outstanding == 0 {
		t.Fatalf("%s owes nothing: the test proves little", m.Code)
	}

	must(t, s.MoveBorrower(ctx, m.ID, d.b.ID, ""))

	if got := groupNow(t, s, d.a.ID).Members; got != d.a.Members-1 {
		t.Errorf("group %s has %d members after one left, want %d", d.a.Code, got, d.a.Members-1)
	}
	if got := groupNow(t, s, d.b.ID).Members; got != d.b.Members+1 {
		t.Errorf("group %s has %d members after one joined, want %d", d.b.Code, got, d.b.Members+1)
	}
	moved, err := s.Borrower(ctx, m.ID)
	must(t, err)
	if moved.GroupID != d.b.ID || moved.Name != m.Name || moved.VillageID != m.VillageID || !moved.Active {
		t.Errorf("after the move the household reads %+v", moved)
	}
	var contracts []string
	for _, l := range loans {
		got, err := s.LoanByContract(ctx, l.Contract)
		must(t, err)
		switch {
		case l.Status == data.LoanActive && got.GroupID != d.b.ID:
			t.Errorf("open loan %s stays with group %d", l.Contract, got.GroupID)
		case l.Status != data.LoanActive && got.GroupID != l.GroupID:
			t.Errorf("finished loan %s moved to group %d", l.Contract, got.GroupID)
		}
		if l.Status == data.LoanActive {
			contracts = append(contracts, l.Contract)
		}
	}
	// The figures follow the household.
	after, err := s.GroupList(ctx, data.GroupFilter{}, demo.Today)
	must(t, err)
	if a0, a1 := lineOf(before, d.a.ID), lineOf(after, d.a.ID); a1.Outstanding != a0.Outstanding-owed.Outstanding ||
		a1.Overdue != a0.Overdue-owed.Overdue {
		t.Errorf("group %s owes %d/%d after the move, want %d/%d", d.a.Code, a1.Outstanding, a1.Overdue,
			a0.Outstanding-owed.Outstanding, a0.Overdue-owed.Overdue)
	}
	if b0, b1 := lineOf(before, d.b.ID), lineOf(after, d.b.ID); b1.Outstanding != b0.Outstanding+owed.Outstanding {
		t.Errorf("group %s owes %d after the move, want %d", d.b.Code, b1.Outstanding, b0.Outstanding+owed.Outstanding)
	}
	// The audit says who moved whom, when, from where to where, and which loans went along.
	entries, err := s.Audit(ctx, "borrower", idString(m.ID))
	must(t, err)
	last := entries[len(entries)-1]
	if last.Action != "move" || last.User != "lan.nguyen" || !last.At.Equal(pinned) {
		t.Fatalf("audit = %+v", last)
	}
	var rec moveRecord
	must(t, json.Unmarshal([]byte(last.After), &rec))
	if rec.FromGroup != d.a.Code || rec.ToGroup != d.b.Code || rec.GroupID != d.b.ID || len(rec.Loans) != len(contracts) {
		t.Errorf("audit after = %s, want from %s to %s with loans %v", last.After, d.a.Code, d.b.Code, contracts)
	}
	var was data.Borrower
	must(t, json.Unmarshal([]byte(last.Before), &was))
	if was.GroupID != d.a.ID {
		t.Errorf("audit before = %s", last.Before)
	}

	// And back again, into a group of another village with a reason.
	must(t, s.MoveBorrower(ctx, m.ID, d.near.ID, "  Nhà ở giáp ranh thôn  "))
	entries, err = s.Audit(ctx, "borrower", idString(m.ID))
	must(t, err)
	must(t, json.Unmarshal([]byte(entries[len(entries)-1].After), &rec))
	if rec.Reason != "Nhà ở giáp ranh thôn" || rec.FromGroup != d.b.Code || rec.ToGroup != d.near.Code {
		t.Errorf("audit of the second move = %+v", rec)
	}
	assertCheckClean(t, s)
}

// A household with no group joins one under the same rules.
func TestMoveBorrowerWithoutGroupJoins(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	d := pickDemoGroups(t, s)
	var id int64
	err := s.db.QueryRow(`SELECT b.id FROM borrowers b JOIN villages v ON v.id = b.village_id
		WHERE b.group_id IS NULL AND b.active = 1 AND v.commune_id = ? ORDER BY b.id LIMIT 1`, d.a.CommuneID).Scan(&id)
	must(t, err)
	b, err := s.Borrower(userCtx, id)
	must(t, err)
	note := ""
	if b.VillageID != d.a.VillageID {
		note = "thôn bên cạnh"
	}
	must(t, s.MoveBorrower(userCtx, id, d.a.ID, note))
	if got := groupNow(t, s, d.a.ID).Members; got != d.a.Members+1 {
		t.Errorf("group %s has %d members, want %d", d.a.Code, got, d.a.Members+1)
	}
}

// Each rule refuses with its typed error, naming the limit, and a refused move changes nothing.
func TestMoveBorrowerRefusalsChangeNothing(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := userCtx
	d := pickDemoGroups(t, s)
	m := memberWithLoan(t, s, d.a)
	set, err := s.Settings(ctx)
	must(t, err)
	withSettings := func(edit func(st *data.Settings)) {
		st := set
		edit(&st)
		must(t, s.SaveSettings(ctx, st))
	}
	closed := data.Group{Code: "TK-DONG", Name: "Tổ đã giải thể", VillageID: d.a.VillageID, Association: "HND",
		FoundedOn: data.MustDate("2010-01-01")}
	must(t, s.SaveGroup(ctx, &closed))
	must(t, s.CloseGroup(ctx, closed.ID))
	var left int64
	must(t, s.db.QueryRow(`SELECT id FROM borrowers WHERE active = 0 LIMIT 1`).Scan(&left))

	cases := []struct {
		name, field, rule string
		params            map[string]any
		setup             func()
		borrower, to      int64
		note              string
	}{
		{name: "target full", field: "move.group", rule: "move_group_full",
			params:   map[string]any{"Group": d.b.Code, "Count": d.b.Members, "Max": d.b.Members},
			setup:    func() { withSettings(func(st *data.Settings) { st.GroupMaxMembers = d.b.Members }) },
			borrower: m.ID, to: d.b.ID},
		{name: "source below the minimum", field: "move.borrower", rule: "move_below_min",
			params: map[string]any{"Group": d.a.Code, "Left": d.a.Members - 1, "Min": d.a.Members},
			setup: func() {
				withSettings(func(st *data.Settings) { st.GroupMinMembers, st.GroupMaxMembers = d.a.Members, 100 })
			},
			borrower: m.ID, to: d.b.ID},
		{name: "the leader", field: "move.borrower", rule: "leader_leaving", params: map[string]any{"Group": d.a.Code},
			borrower: d.a.LeaderID, to: d.b.ID},
		{name: "closed target", field: "move.group", rule: "group_closed", params: map[string]any{"Group": "TK-DONG"},
			borrower: m.ID, to: closed.ID},
		{name: "target in another commune", field: "move.group", rule: "move_other_commune",
			params:   map[string]any{"Group": d.far.Code, "Commune": d.far.Commune, "Home": m.Village},
			borrower: m.ID, to: d.far.ID},
		{name: "another village without a reason", field: "move.note", rule: "move_note_required",
			params:   map[string]any{"Group": d.near.Code, "Village": d.near.Village, "Home": m.Village},
			borrower: m.ID, to: d.near.ID, note: "   "},
		{name: "same group", field: "move.group", rule: "move_same_group", borrower: m.ID, to: d.a.ID},
		{name: "household that left", field: "move.borrower", rule: "move_left", borrower: left, to: d.b.ID},
		{name: "missing household", field: "move.borrower", rule: "not_found", borrower: 999_999, to: d.b.ID},
		{name: "missing group", field: "move.group", rule: "not_found", borrower: m.ID, to: 999_999},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			must(t, s.SaveSettings(ctx, set))
			if c.setup != nil {
				c.setup()
			}
			before := snapshot(t, s)
			err := s.MoveBorrower(ctx, c.borrower, c.to, c.note)
			assertRule(t, err, c.field, c.rule)
			if e := data.ForField(err, c.field); e != nil {
				for k, v := range c.params {
					if e.Params[k] != v {
						t.Errorf("%s = %v, want %v (%v)", k, e.Params[k], v, err)
					}
				}
			}
			if after := snapshot(t, s); after != before {
				t.Error("a refused move changed the database")
			}
		})
	}

	// Several broken rules are reported at once.
	must(t, s.SaveSettings(ctx, set))
	err = s.MoveBorrower(ctx, d.a.LeaderID, d.far.ID, "")
	if data.ForField(err, "move.borrower") == nil || data.ForField(err, "move.group") == nil {
		t.Errorf("the leader moved to another commune: %v", err)
	}
	if err := s.MoveBorrower(ctx, m.ID, d.b.ID, string(make([]rune, 501))); data.ForField(err, "move.note") == nil {
		t.Errorf("a reason of 501 characters: %v", err)
	}
}

func TestCloseGroupOnlyWithoutBalances(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := userCtx
	d := pickDemoGroups(t, s)

	// A group whose households have loans or savings stays open; the error counts them.
	var want int
	must(t, s.db.QueryRow(`SELECT count(*) FROM borrowers b WHERE b.group_id = ?1 AND (
		EXISTS (SELECT 1 FROM loans l JOIN loan_balances lb ON lb.loan_id = l.id WHERE l.borrower_id = b.id
			AND lb.disbursed > lb.principal_repaid + lb.written_off)
		OR EXISTS (SELECT 1 FROM savings_balances x WHERE x.borrower_id = b.id AND x.balance > 0))`, d.a.ID).Scan(&want))
	before := snapshot(t, s)
	err := s.CloseGroup(ctx, d.a.ID)
	assertRule(t, err, "group.status", "has_balances")
	if e := data.ForField(err, "group.status"); e != nil && (e.Params["Count"] != want || want == 0 || e.Code != data.CodeForbidden) {
		t.Errorf("refusal = %+v, want %d households with balances", e, want)
	}
	// The edit form's status follows the same rule.
	g := groupNow(t, s, d.a.ID).Group
	g.Status = data.GroupClosed
	assertRule(t, s.SaveGroup(ctx, &g), "group.status", "has_balances")
	if snapshot(t, s) != before {
		t.Error("a refused close changed the database")
	}

	// An empty group closes, cannot take members, and reopens; both are audited.
	empty := data.Group{Code: "TK-MOI", Name: "Tổ mới", VillageID: d.a.VillageID, Association: "HPN",
		FoundedOn: data.MustDate("2026-01-05")}
	must(t, s.SaveGroup(ctx, &empty))
	must(t, s.CloseGroup(ctx, empty.ID))
	if got := groupNow(t, s, empty.ID); got.Status != data.GroupClosed {
		t.Fatalf("status after close = %q", got.Status)
	}
	must(t, s.CloseGroup(ctx, empty.ID)) // closing a closed group changes nothing
	m := memberWithLoan(t, s, d.a)
	assertRule(t, s.MoveBorrower(ctx, m.ID, empty.ID, ""), "move.group", "group_closed")
	must(t, s.ReopenGroup(ctx, empty.ID))
	must(t, s.MoveBorrower(ctx, m.ID, empty.ID, ""))
	if got := groupNow(t, s, empty.ID); got.Status != data.GroupActive || got.Members != 1 {
		t.Errorf("after reopening and a move: %+v", got)
	}
	// Now a member has a loan: it cannot close again.
	err = s.CloseGroup(ctx, empty.ID)
	if e := data.ForField(err, "group.status"); e == nil || e.Params["Count"] != 1 {
		t.Errorf("closing with one indebted member: %v", err)
	}
	entries, err := s.Audit(ctx, "group", idString(empty.ID))
	must(t, err)
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
		if e.User != "lan.nguyen" || !e.At.Equal(pinned) {
			t.Errorf("audit entry %+v", e)
		}
	}
	if len(actions) != 3 || actions[0] != "create" || actions[1] != "close" || actions[2] != "reopen" {
		t.Errorf("audit actions = %v, want create, close, reopen", actions)
	}
	assertRule(t, s.CloseGroup(ctx, 999_999), "group", "not_found")
	assertRule(t, s.ReopenGroup(ctx, 999_999), "group", "not_found")
}

// Members without balances stay in a closed group and may be moved out of it whatever its size.
func TestClosedGroupKeepsMembersWithoutBalances(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s, ctx := f.s, userCtx
	other := data.Group{Code: "QT-02", Name: "Tổ 2", VillageID: f.villageA1.ID, Association: "HND",
		FoundedOn: data.MustDate("2016-01-01")}
	must(t, s.SaveGroup(ctx, &other))
	member := person("KH0002", "Trần Văn Bình", f.villageA1.ID, f.group.ID)
	must(t, s.SaveBorrower(ctx, &member))
	must(t, s.CloseGroup(ctx, f.group.ID))
	// The minimum (3) does not hold a closed group's members.
	must(t, s.MoveBorrower(ctx, member.ID, other.ID, ""))
	if got := groupNow(t, s, f.group.ID); got.Members != 1 || got.Status != data.GroupClosed {
		t.Errorf("closed group after a member left: %+v", got)
	}
}
