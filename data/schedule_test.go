package data

import (
	"fmt"
	"strings"
	"testing"
)

// scheduleString writes a schedule as "No:due:principal" items, so a whole schedule can be
// written out by hand in a test.
func scheduleString(s []Installment) string {
	parts := make([]string, len(s))
	for i, in := range s {
		parts[i] = fmt.Sprintf("%d:%s:%d", in.No, in.Due, in.Principal)
	}
	return strings.Join(parts, " ")
}

func equalLoan(amount Dong, signed string, term, every, grace int) Loan {
	return Loan{
		Contract: "KU-001", BorrowerID: 1, ProgramCode: "01", Source: SourceCentral,
		Amount: amount, SignedOn: MustDate(signed), TermMonths: term,
		Plan: Plan{Kind: PlanEqual, EveryMonths: every, GraceMonths: grace},
	}
}

func TestBuildSchedule(t *testing.T) {
	t.Parallel()
	student := equalLoan(40_000_000, "2025-09-05", 96, 6, 0)
	student.Plan = Plan{Kind: PlanStudent, EveryMonths: 6, CourseEnds: MustDate("2029-06-30")}
	custom := equalLoan(10_000_000, "2026-01-10", 12, 0, 0)
	custom.Plan = Plan{Kind: PlanCustom, Custom: []Installment{
		{Due: MustDate("2026-04-01"), Principal: 2_000_000},
		{Due: MustDate("2026-09-15"), Principal: 3_000_000},
		{Due: MustDate("2027-01-10"), Principal: 5_000_000},
	}}

	tests := []struct {
		name string
		loan Loan
		want string
	}{
		// 12,000,000 over 12 months: n = ⌈12 / 1⌉ = 12, each 12,000,000 / 12 = 1,000,000, due on the
		// 10th of each month, the last at the end of the term (2026-01-10 + 12 months).
		{"monthly", equalLoan(12_000_000, "2026-01-10", 12, 1, 0),
			"1:2026-02-10:1000000 2:2026-03-10:1000000 3:2026-04-10:1000000 4:2026-05-10:1000000 " +
				"5:2026-06-10:1000000 6:2026-07-10:1000000 7:2026-08-10:1000000 8:2026-09-10:1000000 " +
				"9:2026-10-10:1000000 10:2026-11-10:1000000 11:2026-12-10:1000000 12:2027-01-10:1000000"},
		// 24 months, 6 months' grace, quarterly: n = ⌈(24 − 6) / 3⌉ = 6, due at 6 + 3k months =
		// 9, 12, 15, 18, 21 and 24 months. 10,000,000 / 6 = 1,666,666 (× 6 = 9,999,996), the
		// remainder 4 on the last: 1,666,670.
		{"quarterly with grace", equalLoan(10_000_000, "2026-03-15", 24, 3, 6),
			"1:2026-12-15:1666666 2:2027-03-15:1666666 3:2027-06-15:1666666 4:2027-09-15:1666666 " +
				"5:2027-12-15:1666666 6:2028-03-15:1666670"},
		// 20 months every 6: n = ⌈20 / 6⌉ = 4, due at 6, 12, 18 months, the last at 20 months
		// (maturity). 9,000,000 / 4 = 2,250,000.
		{"period not dividing the term", equalLoan(9_000_000, "2026-01-05", 20, 6, 0),
			"1:2026-07-05:2250000 2:2027-01-05:2250000 3:2027-07-05:2250000 4:2027-09-05:2250000"},
		// Signed on 31 January: February has 28 days in 2026, April 30: the last day of the
		// month stands in. 10,000,000 / 3 = 3,333,333 (× 3 = 9,999,999), remainder 1 on the
		// last: 3,333,334.
		{"31 January start, remainder on last", equalLoan(10_000_000, "2026-01-31", 3, 1, 0),
			"1:2026-02-28:3333333 2:2026-03-31:3333333 3:2026-04-30:3333334"},
		// 12 months of grace, then one month: n = 1, due at 2027-01-31 + 13 months = 2028-02-29 (leap).
		{"leap February", equalLoan(2_000_000, "2027-01-31", 13, 1, 12),
			"1:2028-02-29:2000000"},
		// One installment at maturity: 12 months every 12.
		{"yearly, one installment", equalLoan(5_000_000, "2025-12-01", 12, 12, 0),
			"1:2026-12-01:5000000"},
		// Student: repayment starts 2029-06-30 + 12 months = 2030-06-30; maturity 2025-09-05 +
		// 96 months = 2033-09-05. Months from the start needed to reach maturity: 2030-06-30 +
		// 38 months = 2033-08-30 < 2033-09-05, + 39 = 2033-09-30, so m = 39 and n = ⌈39 / 6⌉ = 7,
		// due 6, 12, … 36 months after the start, the last at maturity. 40,000,000 / 7 =
		// 5,714,285 (× 7 = 39,999,995), remainder 5: the last is 5,714,290.
		{"student", student,
			"1:2030-12-30:5714285 2:2031-06-30:5714285 3:2031-12-30:5714285 4:2032-06-30:5714285 " +
				"5:2032-12-30:5714285 6:2033-06-30:5714285 7:2033-09-05:5714290"},
		// Custom: as given, numbered.
		{"custom", custom, "1:2026-04-01:2000000 2:2026-09-15:3000000 3:2027-01-10:5000000"},
	}
	for _, tc := range tests {
		got, err := BuildSchedule(tc.loan)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if s := scheduleString(got); s != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, s, tc.want)
		}
		var sum Dong
		for _, in := range got {
			sum += in.Principal
		}
		if sum != tc.loan.Amount {
			t.Errorf("%s: installments add up to %d, want %d", tc.name, sum, tc.loan.Amount)
		}
	}
}

func TestBuildScheduleErrors(t *testing.T) {
	t.Parallel()
	custom := func(items ...Installment) Loan {
		l := equalLoan(10_000_000, "2026-01-10", 12, 0, 0)
		l.Plan = Plan{Kind: PlanCustom, Custom: items}
		return l
	}
	in := func(due string, p Dong) Installment { return Installment{Due: MustDate(due), Principal: p} }
	student := func(courseEnds string) Loan {
		l := equalLoan(40_000_000, "2025-09-05", 48, 6, 0)
		l.Plan = Plan{Kind: PlanStudent, EveryMonths: 6}
		if courseEnds != "" {
			l.Plan.CourseEnds = MustDate(courseEnds)
		}
		return l
	}
	tests := []struct {
		name string
		loan Loan
		want []string
	}{
		{"amount zero", equalLoan(0, "2026-01-10", 12, 1, 0), []string{"loan.amount:positive"}},
		{"term zero", equalLoan(1_000_000, "2026-01-10", 0, 1, 0), []string{"loan.term:range"}},
		{"no date", Loan{Amount: 1, TermMonths: 1, Plan: Plan{Kind: PlanEqual, EveryMonths: 1}}, []string{"loan.signed_on:required"}},
		{"every 2 months", equalLoan(1_000_000, "2026-01-10", 12, 2, 0), []string{"loan.plan.every:one_of"}},
		{"grace = term", equalLoan(1_000_000, "2026-01-10", 12, 1, 12), []string{"loan.plan.grace:range"}},
		{"grace negative", equalLoan(1_000_000, "2026-01-10", 12, 1, -1), []string{"loan.plan.grace:range"}},
		{"no plan kind", Loan{Amount: 1, TermMonths: 1, SignedOn: MustDate("2026-01-10")}, []string{"loan.plan:one_of"}},
		// 10,000,000 wanted, 2,000,000 + 3,000,000 = 5,000,000 given.
		{"custom sum", custom(in("2026-04-01", 2_000_000), in("2027-01-10", 3_000_000)), []string{"loan.plan.custom:custom_sum"}},
		{"custom out of order", custom(in("2026-09-01", 5_000_000), in("2026-04-01", 5_000_000)), []string{"loan.plan.custom:custom_order"}},
		{"custom same day twice", custom(in("2026-04-01", 5_000_000), in("2026-04-01", 5_000_000)), []string{"loan.plan.custom:custom_order"}},
		{"custom on the contract date", custom(in("2026-01-10", 5_000_000), in("2026-04-01", 5_000_000)), []string{"loan.plan.custom:custom_order"}},
		// Maturity 2026-01-10 + 12 months = 2027-01-10.
		{"custom after the term", custom(in("2026-04-01", 5_000_000), in("2027-01-11", 5_000_000)), []string{"loan.plan.custom:custom_after_term"}},
		{"custom negative", custom(in("2026-04-01", 11_000_000), in("2027-01-10", -1_000_000)), []string{"loan.plan.custom:custom_principal"}},
		{"custom empty", custom(), []string{"loan.plan.custom:required"}},
		{"student without course end", student(""), []string{"loan.plan.course_ends:required"}},
		// Maturity 2025-09-05 + 48 = 2029-09-05; the course ends 2028-09-05, so repayment would
		// start 2029-09-05: not before maturity.
		{"student course ends too late", student("2028-09-05"), []string{"loan.plan.course_ends:course_ends_late"}},
	}
	for _, tc := range tests {
		got, err := BuildSchedule(tc.loan)
		checkAll(t, tc.name, err, tc.want)
		if err == nil && len(got) == 0 {
			t.Errorf("%s: empty schedule without an error", tc.name)
		}
	}
	// One day earlier the student plan works: repayment starts 2029-09-04, one installment.
	if s, err := BuildSchedule(student("2028-09-04")); err != nil || scheduleString(s) != "1:2029-09-05:40000000" {
		t.Errorf("student, course ends 2028-09-04: %s, %v", scheduleString(s), err)
	}
}

func TestMonthsBetween(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b        string
		whole, ceil int
	}{
		{"2026-01-10", "2026-01-10", 0, 0},
		{"2026-01-10", "2026-02-09", 0, 1},
		{"2026-01-10", "2026-02-10", 1, 1},
		{"2026-01-31", "2026-02-28", 1, 1}, // 31 Jan + 1 month = 28 Feb
		{"2030-06-30", "2033-09-05", 38, 39},
		{"2026-03-01", "2026-01-01", 0, 0}, // b before a
	}
	for _, tc := range tests {
		a, b := MustDate(tc.a), MustDate(tc.b)
		if got := wholeMonths(a, b); got != tc.whole {
			t.Errorf("wholeMonths(%s, %s) = %d, want %d", tc.a, tc.b, got, tc.whole)
		}
		if got := monthsCeil(a, b); got != tc.ceil {
			t.Errorf("monthsCeil(%s, %s) = %d, want %d", tc.a, tc.b, got, tc.ceil)
		}
	}
}
