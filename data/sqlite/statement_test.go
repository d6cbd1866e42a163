package sqlite

import (
	"context"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
)

// A commune's statements add up to its positions: every loan of a household of the commune is
// on exactly one statement, and each loan's running balance ends at its principal.
func TestStatementsOfACommuneAddUpToItsPositions(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	on := demo.Today
	communes, err := s.Communes(ctx)
	if err != nil || len(communes) == 0 {
		t.Fatal(communes, err)
	}
	c := communes[0]
	var calls, lastDone, lastTotal int
	sts, err := s.Statements(ctx, data.StatementScope{CommuneID: c.ID}, on, func(done, total int) {
		calls++
		lastDone, lastTotal = done, total
	})
	if err != nil {
		t.Fatal(err)
	}
	positions, err := s.Positions(ctx, PositionScope{CommuneID: c.ID}, on)
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 || lastDone != lastTotal || lastTotal != len(positions) {
		t.Errorf("progress: %d calls, last %d of %d; want the end at %d loans", calls, lastDone, lastTotal, len(positions))
	}
	var want, got data.Dong
	for _, p := range positions {
		want += p.Position.Principal()
	}
	loans := 0
	for _, st := range sts {
		if st.Household.CommuneID != c.ID {
			t.Errorf("%s is in commune %d, not %d", st.Household.Code, st.Household.CommuneID, c.ID)
		}
		got += st.Outstanding()
		for _, l := range st.Loans {
			loans++
			if l.Loan.BorrowerID != st.Household.ID {
				t.Errorf("loan %s is not %s's", l.Loan.Contract, st.Household.Code)
			}
			if n := len(l.Entries); n == 0 || l.Entries[n-1].Balance != l.Position.Principal() {
				t.Errorf("loan %s: running balance ends at %v, principal %d", l.Loan.Contract, l.Entries, l.Position.Principal())
			}
			if len(l.Rates) == 0 || l.ProgramNameIn("vi") == "" {
				t.Errorf("loan %s: rates %v, program %v", l.Loan.Contract, l.Rates, l.ProgramName)
			}
		}
		if n := len(st.SavingsLog); n > 0 && st.SavingsLog[n-1].Balance != st.Savings {
			t.Errorf("%s: savings lines end at %d, balance %d", st.Household.Code, st.SavingsLog[n-1].Balance, st.Savings)
		}
	}
	if got != want || loans != len(positions) || want == 0 {
		t.Errorf("statements: %d loans, outstanding %d; positions: %d loans, principal %d", loans, got, len(positions), want)
	}

	// The single statement of a household is the same as its statement in the commune's.
	one, err := s.Statement(ctx, sts[0].Household.Code, on)
	if err != nil {
		t.Fatal(err)
	}
	if one.Outstanding() != sts[0].Outstanding() || len(one.Loans) != len(sts[0].Loans) || one.Savings != sts[0].Savings {
		t.Errorf("single statement %d/%d loans, commune's %d/%d", one.Outstanding(), len(one.Loans), sts[0].Outstanding(), len(sts[0].Loans))
	}

	// A group's statements are its members'.
	gid := sts[len(sts)-1].Household.GroupID // the list is by group code: the last has one
	group, err := s.Statements(ctx, data.StatementScope{GroupID: gid}, on, nil)
	if err != nil || len(group) == 0 {
		t.Fatal(group, err)
	}
	for _, st := range group {
		if st.Household.GroupID != gid {
			t.Errorf("%s is not in group %d", st.Household.Code, gid)
		}
	}
}

func TestStatementBadInput(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	if _, err := s.Statement(ctx, "NO-SUCH", demo.Today); !data.HasCode(err, data.CodeNotFound) {
		t.Errorf("unknown customer: %v, want not found", err)
	}
	if _, err := s.Statement(ctx, "X", data.Date{}); data.ForField(err, "statement.date") == nil {
		t.Errorf("no date: %v", err)
	}
	if _, err := s.Statements(ctx, data.StatementScope{}, demo.Today, nil); data.ForField(err, "statement.scope") == nil {
		t.Errorf("no scope: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Statements(cctx, data.StatementScope{CommuneID: 1}, demo.Today, nil); err == nil {
		t.Error("a cancelled context should stop the statements")
	}
}
