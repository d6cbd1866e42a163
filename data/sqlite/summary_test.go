package sqlite

import (
	"context"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
)

// addFigures adds figures line by line, households included (a household is in one commune).
func addFigures(a, b data.SummaryFigures) data.SummaryFigures {
	return data.SummaryFigures{Households: a.Households + b.Households, Loans: a.Loans + b.Loans,
		Current: a.Current + b.Current, Overdue: a.Overdue + b.Overdue, Frozen: a.Frozen + b.Frozen, Jan1: a.Jan1 + b.Jan1}
}

// amounts drops the household count, which does not add across programs or associations (a
// household with loans of two programs counts once in the totals).
func amounts(f data.SummaryFigures) data.SummaryFigures {
	f.Households = 0
	return f
}

func TestSummariesAddUpOnTheDemoOffice(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	on := demo.Today
	communes, err := s.Communes(ctx)
	if err != nil || len(communes) != 3 {
		t.Fatalf("communes %v %v", communes, err)
	}
	office, err := s.OfficeSummary(ctx, on)
	if err != nil {
		t.Fatal(err)
	}
	var sum data.SummaryFigures
	withOverdue := 0
	for ci, c := range communes {
		cs, err := s.CommuneSummary(ctx, c.ID, on)
		if err != nil {
			t.Fatal(err)
		}
		sum = addFigures(sum, cs.Totals)
		if row := office.Communes[ci]; row.Code != c.Code || row.SummaryFigures != cs.Totals {
			t.Errorf("office line of %s %+v, commune summary totals %+v", c.Code, row, cs.Totals)
		}

		// Programs and associations add up to the totals; so do sources and groups.
		var byProgram, byAssoc data.SummaryFigures
		for _, p := range cs.Programs {
			byProgram = addFigures(byProgram, p.SummaryFigures)
		}
		for _, a := range cs.Associations {
			byAssoc = addFigures(byAssoc, a.SummaryFigures)
		}
		if amounts(byProgram) != amounts(cs.Totals) || amounts(byAssoc) != amounts(cs.Totals) {
			t.Errorf("%s: programs %+v, associations %+v, totals %+v", c.Code, byProgram, byAssoc, cs.Totals)
		}
		var bySource, byGroup, groupOverdue data.Dong
		for _, src := range cs.Sources {
			bySource += src.Outstanding
		}
		for _, g := range cs.Groups {
			byGroup += g.Outstanding
			groupOverdue += g.Overdue
		}
		if bySource != cs.Totals.Outstanding() || byGroup != cs.Totals.Outstanding() || groupOverdue != cs.Totals.Overdue {
			t.Errorf("%s: sources %d, groups %d (overdue %d), totals %+v", c.Code, bySource, byGroup, groupOverdue, cs.Totals)
		}

		// The totals are the commune's loan positions, on the date and on 1 January.
		positions, err := s.Positions(ctx, PositionScope{CommuneID: c.ID}, on)
		if err != nil {
			t.Fatal(err)
		}
		var want data.SummaryFigures
		households := map[int64]bool{}
		for _, lp := range positions {
			p := lp.Position
			want.Current += p.Current
			want.Overdue += p.Overdue
			want.Frozen += p.Frozen
			if p.Principal() != 0 {
				want.Loans++
				households[lp.Loan.BorrowerID] = true
			}
		}
		want.Households = len(households)
		start, err := s.Positions(ctx, PositionScope{CommuneID: c.ID}, data.NewDate(on.Year(), 1, 1))
		if err != nil {
			t.Fatal(err)
		}
		for _, lp := range start {
			want.Jan1 += lp.Position.Principal()
		}
		if cs.Totals != want {
			t.Errorf("%s: totals %+v, positions add up to %+v", c.Code, cs.Totals, want)
		}
		if want.Jan1 == 0 || cs.Totals.Change() == 0 {
			t.Errorf("%s: the demo commune should have a change since 1 January: %+v", c.Code, want)
		}
		if want.Overdue > 0 {
			withOverdue++
		}

		// Savings: each household's ledger on the date.
		members, err := s.SearchBorrowers(ctx, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		var savings data.Dong
		for _, m := range members {
			if m.CommuneID == c.ID {
				bal, err := s.SavingsBalance(ctx, m.ID, on)
				if err != nil {
					t.Fatal(err)
				}
				savings += bal
			}
		}
		if savings != cs.Savings || savings == 0 {
			t.Errorf("%s: savings %d, households' ledgers %d", c.Code, cs.Savings, savings)
		}

		// The overdue list holds every loan with overdue principal.
		ol, err := s.OverdueList(ctx, c.ID, on)
		if err != nil {
			t.Fatal(err)
		}
		if ol.Overdue != cs.Totals.Overdue || (len(ol.Loans) == 0) != (ol.Overdue == 0) || ol.CommuneCode != c.Code {
			t.Errorf("%s: overdue list %d in %d loans, summary %d", c.Code, ol.Overdue, len(ol.Loans), cs.Totals.Overdue)
		}
		for _, l := range ol.Loans {
			if l.Customer == "" || l.DaysOverdue <= 0 || l.Overdue <= 0 || l.Outstanding < l.Overdue {
				t.Errorf("overdue line %+v", l)
			}
		}
	}
	if sum != office.Totals {
		t.Errorf("office totals %+v, communes add up to %+v", office.Totals, sum)
	}
	// Like a real office, the demo has communes with overdue debt and communes without.
	if withOverdue == 0 || withOverdue == len(communes) || office.CommunesWithoutOverdue != len(communes)-withOverdue {
		t.Errorf("%d of %d communes with overdue debt, office summary counts %d without", withOverdue, len(communes), office.CommunesWithoutOverdue)
	}
	whole, err := s.OverdueList(ctx, 0, on)
	if err != nil || whole.Overdue != office.Totals.Overdue || whole.CommuneCode != "" {
		t.Errorf("office overdue list %d, summary %d (%v)", whole.Overdue, office.Totals.Overdue, err)
	}
}

// A date in an earlier year: 1 January moves with it, and the figures still agree.
func TestCommuneSummaryEarlierYear(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	on := data.NewDate(demo.Today.Year()-2, 7, 15)
	cs, err := s.CommuneSummary(ctx, 1, on)
	if err != nil {
		t.Fatal(err)
	}
	start, err := s.Positions(ctx, PositionScope{CommuneID: 1}, data.NewDate(on.Year(), 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	var jan1 data.Dong
	for _, lp := range start {
		jan1 += lp.Position.Principal()
	}
	if cs.Totals.Jan1 != jan1 || jan1 == 0 {
		t.Errorf("1 January %d, positions %d", cs.Totals.Jan1, jan1)
	}
}

func TestDisclosureListOfAPoint(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	points, err := s.Points(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	p := points[0]
	list, err := s.DisclosureList(ctx, p.ID, demo.Today)
	if err != nil {
		t.Fatal(err)
	}
	positions, err := s.Positions(ctx, PositionScope{PointID: p.ID}, demo.Today)
	if err != nil {
		t.Fatal(err)
	}
	var balance data.Dong
	for _, lp := range positions {
		balance += lp.Position.Principal()
	}
	if list.Balance != balance || len(list.Loans) == 0 || list.PointCode != p.Code {
		t.Errorf("list balance %d in %d loans, positions %d", list.Balance, len(list.Loans), balance)
	}
	for _, l := range list.Loans {
		if l.Name == "" || l.GroupCode == "" || l.Balance <= 0 || l.Amount < l.Balance {
			t.Errorf("line %+v", l)
		}
	}
}

func TestSummaryBadInput(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	if _, err := s.CommuneSummary(ctx, 999, demo.Today); !data.HasCode(err, data.CodeNotFound) {
		t.Errorf("unknown commune: %v", err)
	}
	if _, err := s.CommuneSummary(ctx, 1, data.Date{}); !data.HasCode(err, data.CodeInvalid) {
		t.Errorf("no date: %v", err)
	}
	if _, err := s.DisclosureList(ctx, 999, demo.Today); !data.HasCode(err, data.CodeNotFound) {
		t.Errorf("unknown point: %v", err)
	}
	if _, err := s.OverdueList(ctx, 999, demo.Today); !data.HasCode(err, data.CodeNotFound) {
		t.Errorf("unknown commune: %v", err)
	}
}
