package data

import (
	"math"
	"testing"
)

func TestReviewGrowthWorkedExamples(t *testing.T) {
	t.Parallel()
	d := MustDate
	for _, c := range []struct {
		name       string
		start, end Dong
		from, to   Date
		times      float64
		growth     float64
	}{
		// 40.2 bn → 120.6 bn over 4,381 days: 3 times; 3^(365.25/4381) − 1 = 0.0959.
		{"ten years", 40_200_000_000, 120_600_000_000, d("2014-11-22"), d("2026-11-20"), 3, 0.09591},
		// 100 M → 121 M over two years of 365 and 366 days: 1.21 times; 1.21^(365.25/731) − 1 = 0.09993.
		{"two years", 100_000_000, 121_000_000, d("2024-01-01"), d("2026-01-01"), 1.21, 0.09993},
		// A shrinking balance: 200 M → 150 M in one year (365 days): 0.75^(365.25/365) − 1 = −0.25015.
		{"down", 200_000_000, 150_000_000, d("2025-01-01"), d("2026-01-01"), 0.75, -0.25015},
		// Nothing at the start: no times, no growth.
		{"from nothing", 0, 5_000_000, d("2025-01-01"), d("2026-01-01"), 0, 0},
		// The dates in the wrong order: no growth.
		{"backwards", 100, 200, d("2026-01-01"), d("2025-01-01"), 2, 0},
	} {
		if got := Times(c.start, c.end); math.Abs(got-c.times) > 1e-9 {
			t.Errorf("%s: times %v, want %v", c.name, got, c.times)
		}
		if got := AnnualGrowth(c.start, c.end, c.from, c.to); math.Abs(got-c.growth) > 5e-5 {
			t.Errorf("%s: growth %v, want %v", c.name, got, c.growth)
		}
	}
}

func TestReviewCapitalAndShares(t *testing.T) {
	t.Parallel()
	r := Review{
		Start:      SummaryFigures{Current: 1_000, Overdue: 10},
		End:        SummaryFigures{Current: 3_000, Overdue: 30, Frozen: 20},
		LocalStart: CapitalTotals{Balance: 500, Available: 90},
		LocalEnd:   CapitalTotals{Balance: 900, Available: 50},
		Groups:     8, GroupsGood: 6,
		Programs: []ReviewProgram{{Code: "01", Outstanding: 2_000}, {Code: "03", Outstanding: 1_050}, {Code: "09", Loans: 2}},
	}
	// Capital = outstanding + local capital not yet lent: 1,010 + 90; 3,050 + 50.
	if r.CapitalStart() != 1_100 || r.CapitalEnd() != 3_100 {
		t.Errorf("capital %d → %d, want 1,100 → 3,100", r.CapitalStart(), r.CapitalEnd())
	}
	if r.GoodShare() != 0.75 || r.ProgramsInForce() != 2 || Ratio(1, 0) != 0 {
		t.Errorf("good share %v, programs in force %d", r.GoodShare(), r.ProgramsInForce())
	}
}

func TestValidateOutcome(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		code   string
		o      Outcome
		fields []string
	}{
		{"03", Outcome{Jobs: 3}, nil},
		{"02", Outcome{Students: 1, StudyMonths: 40}, nil},
		{"06", Outcome{WaterWorks: 2}, nil},
		{"07", Outcome{Houses: 1}, nil},
		{"01", Outcome{}, nil},
		{"01", Outcome{Jobs: 1}, []string{"loan.outcome.jobs:outcome_not_asked"}},
		{"03", Outcome{Jobs: -1, Houses: 2}, []string{"loan.outcome.jobs:range", "loan.outcome.houses:outcome_not_asked"}},
		{"02", Outcome{Students: 10_000}, []string{"loan.outcome.students:range"}},
	} {
		var got []string
		for _, e := range DomainErrors(ValidateOutcome(c.code, c.o)) {
			got = append(got, e.Field+":"+e.Rule)
		}
		if len(got) != len(c.fields) {
			t.Errorf("%s %+v: %v, want %v", c.code, c.o, got, c.fields)
			continue
		}
		for i := range got {
			if got[i] != c.fields[i] {
				t.Errorf("%s %+v: %v, want %v", c.code, c.o, got, c.fields)
			}
		}
	}
}
