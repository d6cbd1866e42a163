package data

import "testing"

// A loan from local capital finds its pool by one rule, the lowest ID first.
func TestPoolFor(t *testing.T) {
	t.Parallel()
	pools := []CapitalPool{
		{ID: 4, Level: CapitalCommune, CommuneID: 7, Giver: "UBND xã B"},
		{ID: 2, Level: CapitalDistrict, Giver: "UBND huyện"},
		{ID: 3, Level: CapitalCommune, CommuneID: 7, Giver: "UBND xã A"},
		{ID: 1, Level: CapitalProvince, Giver: "UBND tỉnh"},
		{ID: 5, Level: CapitalProvince, Giver: "Quỹ việc làm tỉnh"},
	}
	for _, c := range []struct {
		source  FundingSource
		commune int64
		want    int64
	}{
		{SourceProvince, 7, 1},
		{SourceLocal, 7, 3}, // the commune's own pool before the district's
		{SourceLocal, 8, 2}, // no pool of commune 8: the district's
		{SourceCentral, 7, 0},
	} {
		p, ok := PoolFor(pools, c.source, c.commune)
		if p.ID != c.want || ok != (c.want != 0) {
			t.Errorf("%s in commune %d: pool %d (%v), want %d", c.source, c.commune, p.ID, ok, c.want)
		}
	}
	if _, ok := PoolFor(pools[:1], SourceLocal, 9); ok {
		t.Error("a commune pool lent to another commune")
	}
}

func TestCapitalMoveCheck(t *testing.T) {
	t.Parallel()
	ok := CapitalMove{Kind: CapitalTransfer, Level: CapitalCommune, CommuneID: 3, Giver: "  Ủy ban nhân dân xã A ",
		On: NewDate(2026, 1, 15), Amount: 1, Decision: " 12/QĐ-UBND "}
	if err := ok.Check(); err != nil || ok.Giver != "Ủy ban nhân dân xã A" || ok.Decision != "12/QĐ-UBND" {
		t.Fatalf("%v %+v", err, ok)
	}
	for name, c := range map[string]struct {
		change func(m *CapitalMove)
		field  string
	}{
		"no decision":           {func(m *CapitalMove) { m.Decision = " " }, "capital.decision"},
		"no giver":              {func(m *CapitalMove) { m.Giver = "" }, "capital.giver"},
		"no date":               {func(m *CapitalMove) { m.On = Date{} }, "capital.date"},
		"nothing":               {func(m *CapitalMove) { m.Amount = 0 }, "capital.amount"},
		"negative":              {func(m *CapitalMove) { m.Amount = -5 }, "capital.amount"},
		"commune without code":  {func(m *CapitalMove) { m.CommuneID = 0 }, "capital.commune"},
		"district with commune": {func(m *CapitalMove) { m.Level = CapitalDistrict }, "capital.commune"},
		"unknown level":         {func(m *CapitalMove) { m.Level = "ward" }, "capital.level"},
		"reversal as a move":    {func(m *CapitalMove) { m.Kind = CapitalReversal }, "capital.kind"},
	} {
		m := ok
		c.change(&m)
		errs := DomainErrors(m.Check())
		found := false
		for _, e := range errs {
			found = found || e.Field == c.field
		}
		if !found {
			t.Errorf("%s: %v, want an error on %s", name, errs, c.field)
		}
	}
}
