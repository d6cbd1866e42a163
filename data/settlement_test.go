package data

import (
	"testing"
)

func defaultRules(t *testing.T) SettlementRules {
	t.Helper()
	r := DefaultSettings().SettlementRulesOn(MustDate("2026-10-31"))
	if len(r.FeeBands) != 4 || r.FeeSplit != [4]int64{8400, 900, 450, 250} || r.RatingPoints != [6]int64{20, 30, 15, 20, 5, 10} ||
		r.RatingBands != [3]int64{90, 80, 70} || r.FeeRate != 320 || r.FeeHousingRate != 30 || r.CommissionHousing != 50 {
		t.Fatalf("default rules: %+v", r)
	}
	return r
}

// The quality scale at its edges: the overdue ratio is compared exactly, so 1.99 % is under
// the 2 % edge and 2 % is not.
func TestFeeBandEdges(t *testing.T) {
	r := defaultRules(t)
	const outstanding = 10_000_000_000 // 10 bn: 1 basis point is 1,000,000 đồng
	for _, c := range []struct {
		name    string
		overdue Dong
		want    int64
	}{
		{"0 %", 0, 100},
		{"1.99 %", 199_000_000, 100},
		{"just under 2 %", 199_999_999, 100},
		{"2 %", 200_000_000, 80},
		{"2.99 %", 299_000_000, 80},
		{"just under 3 %", 299_999_999, 80},
		{"3 %", 300_000_000, 50},
		{"3.99 %", 399_000_000, 50},
		{"4 %", 400_000_000, 0},
		{"everything overdue", outstanding, 0},
	} {
		if got := BandPercent(r.FeeBands, c.overdue, outstanding); got != c.want {
			t.Errorf("%s: band %d %%, want %d %%", c.name, got, c.want)
		}
	}
	if got := BandPercent(r.FeeBands, 0, 0); got != 100 {
		t.Errorf("nothing outstanding: band %d %%, want 100 %%", got)
	}
}

// A worked example per band: an association with 1,234,567,891 đồng outstanding that paid its
// interest, at 0.032 % a month, is owed 395,061.725… → 395,062 at 100 %; 316,049.38… →
// 316,049 at 80 %; 197,530.86… → 197,531 at 50 %; nothing at 0 %.
func TestFeeWorkedExamplesAndSplit(t *testing.T) {
	r := defaultRules(t)
	const base = 1_234_567_891
	for _, c := range []struct {
		overdueBP int64 // of an outstanding of 10,000,000,000
		fee       Dong
		levels    [4]Dong
	}{
		// 395,062 × 9 % = 35,555.58 → 35,556; × 4.5 % = 17,777.79 → 17,778; × 2.5 % =
		// 9,876.55 → 9,877; commune the rest: 395,062 − 63,211 = 331,851.
		{199, 395_062, [4]Dong{331_851, 35_556, 17_778, 9_877}},
		// 316,049: 28,444.41 → 28,444; 14,222.205 → 14,222; 7,901.225 → 7,901; rest 265,482.
		{200, 316_049, [4]Dong{265_482, 28_444, 14_222, 7_901}},
		{299, 316_049, [4]Dong{265_482, 28_444, 14_222, 7_901}},
		// 197,531: 17,777.79 → 17,778; 8,888.895 → 8,889; 4,938.275 → 4,938; rest 165,926.
		{300, 197_531, [4]Dong{165_926, 17_778, 8_889, 4_938}},
		{400, 0, [4]Dong{}},
	} {
		g := GroupMonth{GroupID: 1, Code: "T01", CommuneID: 1, Commune: "X01", Association: "HND",
			Outstanding: 10_000_000_000, Overdue: Dong(c.overdueBP) * 1_000_000, PaidOutstanding: base}
		s := Settle(MonthOf(MustDate("2026-10-01")), r, []GroupMonth{g})
		if len(s.Fees) != 1 {
			t.Fatalf("fees: %+v", s.Fees)
		}
		f := s.Fees[0]
		if f.Fee != c.fee || f.Levels != c.levels {
			t.Errorf("overdue %d bp: fee %d levels %v, want %d %v", c.overdueBP, f.Fee, f.Levels, c.fee, c.levels)
		}
		var sum Dong
		for _, l := range f.Levels {
			sum += l
		}
		if sum != f.Fee {
			t.Errorf("overdue %d bp: levels add up to %d, fee %d", c.overdueBP, sum, f.Fee)
		}
	}
}

// The split adds up to the fee to the đồng for every fee, whatever the rounding of the parts.
func TestFeeSplitAddsUpForEveryFee(t *testing.T) {
	split := [4]int64{8400, 900, 450, 250}
	for fee := Dong(0); fee < 20_000; fee++ {
		l := SplitFee(fee, split)
		if l[0]+l[1]+l[2]+l[3] != fee || l[0] < 0 {
			t.Fatalf("fee %d split %v", fee, l)
		}
	}
}

// Social housing has its own rates on the month's average in-term balance: 0.003 % to the
// commune association (no quality band, no split), 0.005 % to the group.
func TestSocialHousingOwnRates(t *testing.T) {
	r := defaultRules(t)
	g := GroupMonth{GroupID: 1, Code: "T01", CommuneID: 1, Commune: "X01", Association: "HPN",
		Outstanding: 1_000_000_000, Overdue: 50_000_000, // 5 %: the main fee's band is 0 %
		PaidOutstanding: 900_000_000, HousingAverage: 777_777_777}
	s := Settle(MonthOf(MustDate("2026-10-01")), r, []GroupMonth{g})
	f := s.Fees[0]
	// 777,777,777 × 0.003 % = 23,333.33 → 23,333, all to the commune level.
	if f.HousingFee != 23_333 || f.Fee != 23_333 || f.Levels != [4]Dong{23_333, 0, 0, 0} {
		t.Errorf("housing fee: %+v", f)
	}
	// 777,777,777 × 0.005 % = 38,888.89 → 38,889.
	c := s.Commissions[0]
	if got := MulDivRound(c.HousingBase, uint64(c.HousingRate), RateScale); got != 38_889 {
		t.Errorf("housing commission part %d, want 38,889", got)
	}
}

// A group's commission: 8 % of the interest collected plus 0.01 % a month of the savings, and
// none at all when the interest collection ratio is below the rule's minimum.
func TestGroupCommission(t *testing.T) {
	r := defaultRules(t)
	g := GroupMonth{GroupID: 1, Code: "T01", CommuneID: 1, Commune: "X01", Association: "HND",
		InterestCollected: 12_345_678, InterestPaid: 12_345_678, InterestToCollect: 15_000_000, SavingsEnd: 45_000_001}
	c := Settle(MonthOf(MustDate("2026-10-01")), r, []GroupMonth{g}).Commissions[0]
	// 987,654.24 → 987,654; 4,500.0001 → 4,500.
	if c.Commission != 987_654+4_500 || c.Withheld {
		t.Errorf("commission %d withheld %v, want 992,154", c.Commission, c.Withheld)
	}
	r.CommissionMinRatio = 8_300 // 83 %: 12,345,678 ÷ 15,000,000 = 82.3 %
	c = Settle(MonthOf(MustDate("2026-10-01")), r, []GroupMonth{g}).Commissions[0]
	if c.Commission != 0 || !c.Withheld {
		t.Errorf("below the minimum: commission %d withheld %v", c.Commission, c.Withheld)
	}
	r.CommissionMinRatio = 8_230
	if c = Settle(MonthOf(MustDate("2026-10-01")), r, []GroupMonth{g}).Commissions[0]; c.Withheld {
		t.Errorf("above the minimum 82.3 %%: withheld")
	}
}

// A group's score from hand-counted criteria.
func TestGroupScoreByHand(t *testing.T) {
	r := defaultRules(t)
	g := GroupMonth{GroupID: 7, Code: "T07",
		Entries: 40, OnSite: 36, // 90 % at the point: 20 × 0.9 = 18
		Outstanding: 1_000_000_000, Overdue: 25_000_000, // 2.5 %: band 80 %: 30 × 0.8 = 24
		PrincipalToCollect: 30_000_000, PrincipalPaid: 25_000_000, // 15 × 5/6 = 12.5 → 13
		InterestToCollect: 8_000_000, InterestPaid: 7_000_000, // 20 × 7/8 = 17.5 → 18
		Members: 40, Savers: 30, // 5 × 0.75 = 3.75 → 4
		SavingsBefore: 10_000_000, SavingsEnd: 10_000_000, // unchanged: 10 / 2 = 5
	}
	s := ScoreOf(MonthOf(MustDate("2026-10-01")), r, g)
	want := [6]int64{18, 24, 13, 18, 4, 5}
	if s.Points != want || s.Total != 82 || s.Band != RatingFair {
		t.Errorf("score %v total %d band %s, want %v 82 fair", s.Points, s.Total, s.Band, want)
	}
	for _, c := range []struct {
		total int64
		want  Rating
	}{{100, RatingGood}, {90, RatingGood}, {89, RatingFair}, {80, RatingFair}, {79, RatingAverage}, {70, RatingAverage}, {69, RatingWeak}, {0, RatingWeak}} {
		if got := BandOf(c.total, r.RatingBands); got != c.want {
			t.Errorf("total %d: %s, want %s", c.total, got, c.want)
		}
	}
	// Nothing to collect and no entries: the month held nothing to do at the point.
	idle := ScoreOf(MonthOf(MustDate("2026-10-01")), r, GroupMonth{Members: 0, SavingsEnd: 5, SavingsBefore: 1})
	if idle.Points != [6]int64{20, 30, 15, 20, 5, 10} {
		t.Errorf("idle group: %v", idle.Points)
	}
	// Entries due but none made: no point for on-site work; the savings fell.
	late := ScoreOf(MonthOf(MustDate("2026-10-01")), r, GroupMonth{InterestToCollect: 1, SavingsBefore: 2, SavingsEnd: 1, Members: 3})
	if late.Points[0] != 0 || late.Points[3] != 0 || late.Points[5] != 0 || late.Points[4] != 0 {
		t.Errorf("late group: %v", late.Points)
	}
}

// The rules typed in Settings: bands, split, points and bands of the score, with their
// refusals.
func TestSettlementRuleValues(t *testing.T) {
	for _, c := range []struct {
		key, typed, want string
		ok               bool
	}{
		{"fee_bands", "2:100, 3:80, 4:50, 0", "2:100,3:80,4:50,0", true},
		{"fee_bands", "1,5:100; 2.25:60 0", "", false}, // a comma is a separator, not a decimal point
		{"fee_bands", "1.5:100 2.25:60 10", "1.5:100,2.25:60,10", true},
		{"fee_bands", "3:100,2:80,0", "", false}, // edges must rise
		{"fee_bands", "2:100,3:80", "", false},   // the last step has no edge
		{"fee_bands", "2:120,0", "", false},
		{"fee_split", "84, 9, 4.5, 2.5", "84,9,4.5,2.5", true},
		{"fee_split", "84,9,4.5,2", "", false}, // 99.5 %
		{"fee_split", "100,0,0,0", "100,0,0,0", true},
		{"rating_points", "20 30 15 20 5 10", "20,30,15,20,5,10", true},
		{"rating_points", "20,30,15,20,5,11", "", false},
		{"rating_bands", "90,80,70", "90,80,70", true},
		{"rating_bands", "80,90,70", "", false},
		{"fee_rate", "0.032", "320", true},
		{"fee_rate", "-1", "", false},
		{"fee_base", "interest_collected", "interest_collected", true},
		{"fee_base", "savings", "", false},
		{"commission_min_rate", "82.5", "82.5", true},
		{"commission_min_rate", "101", "", false},
	} {
		p, err := NewRulePeriod(c.key, c.typed, MustDate("2026-01-01"))
		if c.ok != (err == nil) || c.ok && p.Value != c.want {
			t.Errorf("%s %q: %q %v, want %q ok=%v", c.key, c.typed, p.Value, err, c.want, c.ok)
			continue
		}
		if c.ok {
			if err := p.Validate(); err != nil {
				t.Errorf("%s %q: stored value refused: %v", c.key, c.typed, err)
			}
			if c.key == "fee_rate" && p.Typed() != "0.032" {
				t.Errorf("fee_rate typed back as %q", p.Typed())
			}
		}
	}
	// A dated change applies to the months whose last day it covers.
	s := DefaultSettings()
	s.Rules = Rules{{Key: RuleFeeRate, Effective: MustDate("2026-11-01"), Value: "400"}}
	if r := s.SettlementRulesOn(MustDate("2026-10-31")); r.FeeRate != 320 {
		t.Errorf("October: %d", r.FeeRate)
	}
	if r := s.SettlementRulesOn(MustDate("2026-11-30")); r.FeeRate != 400 {
		t.Errorf("November: %d", r.FeeRate)
	}
}

func TestRatingDecisionValidate(t *testing.T) {
	d := RatingDecision{Rating: RatingGood}
	if err := d.Validate(RatingGood); err != nil {
		t.Errorf("confirm: %v", err)
	}
	if err := d.Validate(RatingFair); err == nil {
		t.Error("confirming another rating than the computed one accepted")
	}
	o := RatingDecision{Rating: RatingWeak, Override: true}
	if err := o.Validate(RatingGood); err == nil {
		t.Error("override without a reason accepted")
	}
	o.Reason = "Tổ trưởng bỏ họp hai tháng"
	if err := o.Validate(RatingGood); err != nil {
		t.Errorf("override with a reason: %v", err)
	}
}
