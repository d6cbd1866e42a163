package sqlite

import (
	"testing"

	"policycredit/data"
)

// unitLoan is a loan of code counting units; a student loan gets the student plan.
func unitLoan(contract string, borrower int64, code string, amount data.Dong, units int) data.Loan {
	l := newLoan(contract, borrower, amount, "2026-01-10", 60)
	l.ProgramCode, l.Units = code, units
	if code == "02" {
		l.TermMonths = 96
		l.Plan = data.Plan{Kind: data.PlanStudent, EveryMonths: 6, CourseEnds: data.MustDate("2029-06-30")}
	}
	return l
}

// TestOpenLoanCountsUnits: the store refuses an amount above units × the program's limit and a
// student loan on any plan but the student plan, and a refused loan leaves nothing behind.
func TestOpenLoanCountsUnits(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	bad := []struct {
		name  string
		loan  data.Loan
		field string
		rule  string
	}{
		{"06: 2 facilities, 50,000,001", unitLoan("HD-W1", f.member.ID, "06", 50_000_001, 2), "loan.amount", "amount_max_facilities"},
		{"06: 3 facilities", unitLoan("HD-W2", f.member.ID, "06", 60_000_000, 3), "loan.units.facility", "units_max"},
		{"06: no units", unitLoan("HD-W3", f.member.ID, "06", 20_000_000, 0), "loan.units.facility", "units_min"},
		{"02: 10 months, 40,000,001", unitLoan("HD-S1", f.member.ID, "02", 40_000_001, 10), "loan.amount", "amount_max_study_months"},
		{"02: equal plan", func() data.Loan {
			l := unitLoan("HD-S2", f.member.ID, "02", 40_000_000, 10)
			l.TermMonths, l.Plan = 60, data.Plan{Kind: data.PlanEqual, EveryMonths: 3}
			return l
		}(), "loan.plan", "student_plan_required"},
		{"03: 1 worker, 200,000,001", unitLoan("HD-J1", f.member.ID, "03", 200_000_001, 1), "loan.amount", "amount_max_workers"},
		{"01: units given", unitLoan("HD-P1", f.member.ID, "01", 50_000_000, 1), "loan.units", "units_not_counted"},
	}
	before := snapshot(t, f.s)
	for _, tc := range bad {
		l := tc.loan
		err := f.s.OpenLoan(userCtx, &l, l.Amount)
		if e := data.ForField(err, tc.field); e == nil || e.Rule != tc.rule {
			t.Errorf("%s: got %v, want %s %s", tc.name, err, tc.field, tc.rule)
		}
		if l.ID != 0 {
			t.Errorf("%s: refused loan got ID %d", tc.name, l.ID)
		}
	}
	if after := snapshot(t, f.s); after != before {
		t.Error("refused loans changed the database")
	}

	// The worked examples that fit are saved with their units and read back.
	for _, l := range []data.Loan{
		unitLoan("HD-W9", f.member.ID, "06", 50_000_000, 2),  // 2 × 25,000,000
		unitLoan("HD-S9", f.member.ID, "02", 40_000_000, 10), // 10 × 4,000,000
		unitLoan("HD-J9", f.member.ID, "03", 400_000_000, 2), // 2 × 200,000,000
	} {
		want := l.Units
		got := f.open(t, l, 0)
		back, err := f.s.LoanByContract(userCtx, got.Contract)
		must(t, err)
		if back.Units != want {
			t.Errorf("%s: units read back %d, want %d", l.Contract, back.Units, want)
		}
	}
}

// TestProgramMaxUnitsSaved: the catalogue's most units are in a new office, editable and
// audited like the program's other fields, and a bad value is refused.
func TestProgramMaxUnitsSaved(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p, err := f.s.Program(userCtx, "06")
	must(t, err)
	if p.MaxUnits != 2 || p.LimitBasis != data.LimitPerFacility {
		t.Fatalf("06: %d units per %s, want 2 facilities", p.MaxUnits, p.LimitBasis)
	}
	audits := countRows(t, f.s, "audit")
	p.MaxUnits = 3
	must(t, f.s.SaveProgram(userCtx, &p))
	if back, _ := f.s.Program(userCtx, "06"); back.MaxUnits != 3 {
		t.Errorf("saved 3 facilities, read back %d", back.MaxUnits)
	}
	if countRows(t, f.s, "audit") != audits+1 {
		t.Error("the change was not audited")
	}
	before := snapshot(t, f.s)
	p.MaxUnits = -1
	if e := data.ForField(f.s.SaveProgram(userCtx, &p), "program.max_units"); e == nil || e.Rule != "range" {
		t.Errorf("-1 facilities accepted")
	}
	if snapshot(t, f.s) != before {
		t.Error("a refused program changed the database")
	}

	q := data.Program{Code: "40", Name: map[string]string{"vi": "Thử", "en": "Test", "fr": "Essai"},
		MaxAmount: 10_000_000, LimitBasis: data.LimitPerWorker, MaxUnits: 5, Sources: data.FundingSources, Open: true,
		Rates: []data.RatePeriod{{Effective: data.MustDate("2020-01-01"), Rate: 5000}}}
	must(t, f.s.SaveProgram(userCtx, &q))
	if back, _ := f.s.Program(userCtx, "40"); back.MaxUnits != 5 {
		t.Errorf("a new program's 5 workers read back as %d", back.MaxUnits)
	}
}

// TestUnitsMigrationFillsOldLoans: 0009 gives loans opened before units were recorded the
// fewest units their amount needs, and clean water its two facilities.
func TestUnitsMigrationFillsOldLoans(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	want := map[string]int{}
	for _, l := range []data.Loan{
		unitLoan("HD-W1", f.member.ID, "06", 30_000_000, 2),  // ⌈30 / 25⌉ = 2
		unitLoan("HD-S1", f.member.ID, "02", 38_000_000, 10), // ⌈38 / 4⌉ = 10
		unitLoan("HD-J1", f.member.ID, "03", 150_000_000, 1), // ⌈150 / 200⌉ = 1
		unitLoan("HD-P1", f.member.ID, "01", 50_000_000, 0),  // per loan: none
	} {
		want[l.Contract] = l.Units
		f.open(t, l, 0)
	}
	for _, q := range []string{`ALTER TABLE loans DROP COLUMN units`, `ALTER TABLE programs DROP COLUMN max_units`,
		`DELETE FROM schema_migrations WHERE version = 9`} {
		_, err := f.s.db.Exec(q)
		must(t, err)
	}
	must(t, f.s.Close())
	s, err := Open(f.s.path)
	must(t, err)
	defer s.Close()
	for contract, units := range want {
		l, err := s.LoanByContract(userCtx, contract)
		must(t, err)
		if l.Units != units {
			t.Errorf("%s: %d units after the migration, want %d", contract, l.Units, units)
		}
	}
	if p, _ := s.Program(userCtx, "06"); p.MaxUnits != 2 {
		t.Errorf("06 has %d facilities at most after the migration, want 2", p.MaxUnits)
	}
}
