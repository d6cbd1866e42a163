package data

import (
	"reflect"
	"testing"
)

// unitsLoan is a loan of program code for amount counted for units; a student loan gets the
// student plan, the others quarterly equal installments.
func unitsLoan(code string, amount Dong, units int) Loan {
	l := equalLoan(amount, "2026-01-10", 60, 3, 0)
	l.ProgramCode, l.Units = code, units
	if code == "02" {
		// Course ends 2029-06-30, repayment from 2030-06-30, maturity 2026-01-10 + 96 months.
		l.TermMonths = 96
		l.Plan = Plan{Kind: PlanStudent, EveryMonths: 6, CourseEnds: MustDate("2029-06-30")}
	}
	return l
}

func TestLoanUnits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		loan Loan
		want []string
	}{
		// 02: 4,000,000 per month of study. 10 months × 4,000,000 = 40,000,000.
		{"02: 10 months, 40,000,000", unitsLoan("02", 40_000_000, 10), nil},
		{"02: 10 months, 40,000,001", unitsLoan("02", 40_000_001, 10), []string{"loan.amount:amount_max_study_months"}},
		{"02: 11 months, 40,000,001", unitsLoan("02", 40_000_001, 11), nil},
		{"02: no months", unitsLoan("02", 4_000_000, 0), []string{"loan.units.study_month:units_min"}},
		// The example: 400,000,000 for a student on an equal plan breaks both rules.
		{"02: equal plan, 400,000,000", func() Loan {
			l := equalLoan(400_000_000, "2026-01-10", 60, 3, 0)
			l.ProgramCode, l.Units = "02", 1
			return l
		}(), []string{"loan.amount:amount_max_study_months", "loan.plan:student_plan_required"}},
		// 03: 200,000,000 per worker. 2 workers × 200,000,000 = 400,000,000.
		{"03: 2 workers, 400,000,000", unitsLoan("03", 400_000_000, 2), nil},
		{"03: 1 worker, 200,000,001", unitsLoan("03", 200_000_001, 1), []string{"loan.amount:amount_max_workers"}},
		{"03: negative workers", unitsLoan("03", 1_000_000, -1), []string{"loan.units.worker:units_min"}},
		// 06: 25,000,000 per facility, two facilities at most. 2 × 25,000,000 = 50,000,000.
		{"06: 2 facilities, 50,000,000", unitsLoan("06", 50_000_000, 2), nil},
		{"06: 2 facilities, 50,000,001", unitsLoan("06", 50_000_001, 2), []string{"loan.amount:amount_max_facilities"}},
		{"06: 1 facility, 25,000,001", unitsLoan("06", 25_000_001, 1), []string{"loan.amount:amount_max_facilities"}},
		// 3 facilities are more than the program allows; the amount is not judged on them.
		{"06: 3 facilities", unitsLoan("06", 60_000_000, 3), []string{"loan.units.facility:units_max"}},
		// 01 counts per loan: units mean nothing there.
		{"01: units given", unitsLoan("01", 50_000_000, 1), []string{"loan.units:units_not_counted"}},
		{"01: no units", unitsLoan("01", 50_000_000, 0), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := tc.loan
			checkAll(t, tc.name, l.Validate(program(l.ProgramCode)), tc.want)
		})
	}
}

func TestAmountPerUnitMessageParams(t *testing.T) {
	t.Parallel()
	l := unitsLoan("06", 50_000_001, 2)
	e := ForField(l.Validate(program("06")), "loan.amount")
	if e == nil {
		t.Fatal("50,000,001 for 2 facilities accepted")
	}
	want := map[string]any{"Amount": Dong(50_000_001), "Max": Dong(50_000_000), "Units": 2, "Each": Dong(25_000_000),
		"Single": false}
	if !reflect.DeepEqual(e.Params, want) {
		t.Errorf("params %v, want %v", e.Params, want)
	}
}

func TestUnitsFor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code   string
		amount Dong
		want   int
	}{
		{"06", 20_000_000, 1},
		{"06", 25_000_000, 1},
		{"06", 25_000_001, 2}, // ⌈25,000,001 / 25,000,000⌉ = 2
		{"06", 50_000_000, 2},
		{"06", 50_000_001, 2}, // would need 3; capped at 2, so Validate refuses it
		{"02", 40_000_000, 10},
		{"02", 38_000_000, 10}, // ⌈38 / 4⌉ = 10
		{"03", 150_000_000, 1},
		{"03", 450_000_000, 3},
		{"01", 50_000_000, 0},
	}
	for _, tc := range tests {
		p := program(tc.code)
		if got := p.UnitsFor(tc.amount); got != tc.want {
			t.Errorf("%s: UnitsFor(%d) = %d, want %d", tc.code, tc.amount, got, tc.want)
		}
	}
}

func TestStudentPlanFromTerm(t *testing.T) {
	t.Parallel()
	// 96 months: study (96 − 12) / 2 = 42 months, so the course ends 2025-09-05 + 42 months
	// = 2029-03-05, repayment from 2030-03-05, maturity 2033-09-05.
	p, ok := StudentPlanFromTerm(MustDate("2025-09-05"), 96, 6)
	if !ok || p.Kind != PlanStudent || p.CourseEnds != MustDate("2029-03-05") || p.EveryMonths != 6 {
		t.Fatalf("got %+v, %v", p, ok)
	}
	l := unitsLoan("02", 40_000_000, 10)
	l.SignedOn, l.Plan = MustDate("2025-09-05"), p
	if err := l.Validate(program("02")); err != nil {
		t.Errorf("a plan built from the term does not validate: %v", err)
	}
	// 13 months leave no month of study before the year's wait.
	if _, ok := StudentPlanFromTerm(MustDate("2025-09-05"), 13, 6); ok {
		t.Error("a 13-month student loan got a plan")
	}
	if _, ok := StudentPlanFromTerm(Date{}, 96, 6); ok {
		t.Error("a loan with no contract date got a plan")
	}
}

func TestProgramMaxUnits(t *testing.T) {
	t.Parallel()
	p := goodProgram()
	p.LimitBasis, p.MaxUnits = LimitPerFacility, 2
	if err := p.Validate(); err != nil {
		t.Errorf("2 facilities refused: %v", err)
	}
	p.MaxUnits = -1
	checkAll(t, "-1 facilities", p.Validate(), []string{"program.max_units:range"})
	if program("06").MaxUnits != 2 || program("03").MaxUnits != 0 {
		t.Error("the catalogue does not hold 06's two facilities")
	}
}

func TestFirstTermDisbursement(t *testing.T) {
	t.Parallel()
	// Signed 2026-01-10, course ends 2029-06-30: terms start 2026-01-10, 2026-07-10, …,
	// 2029-01-10, seven of them. 40,000,000 / 7 = 5,714,285 each, remainder 5 on the first:
	// 40,000,000 − 6 × 5,714,285 = 5,714,290.
	l := unitsLoan("02", 40_000_000, 10)
	if got := FirstTermDisbursement(l); got != 5_714_290 {
		t.Errorf("first term %d, want 5,714,290", got)
	}
	// A course ending within the first term: all at once.
	l.Plan.CourseEnds = MustDate("2026-06-30")
	if got := FirstTermDisbursement(l); got != 40_000_000 {
		t.Errorf("one term: %d, want 40,000,000", got)
	}
	if got := FirstTermDisbursement(unitsLoan("06", 50_000_000, 2)); got != 50_000_000 {
		t.Errorf("equal plan: %d, want the whole amount", got)
	}
}
