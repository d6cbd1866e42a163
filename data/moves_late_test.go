package data

import "testing"

// loanA (12,000,000 from 2026-01-10, 12 monthly installments of 1,000,000 due on the 10th):
// a move judged on the day it is posted as well as on its own date.
func TestCheckMoveNotLate(t *testing.T) {
	t.Parallel()
	b := bookOf(t, loanA(), ent(EntryDisburse, "2026-01-10", 12_000_000))
	move := reschedule("2026-02-10", 1, "2026-03-05") // dated on installment 1's due date
	tests := []struct {
		name, posted string
		e            Entry
		err          string
	}{
		{"posted on its own day", "2026-02-10", move, ""},
		// On 2026-02-11 installment 1 is overdue: written up then, the move is refused.
		{"posted the day after the due date", "2026-02-11", move, "entry.value_date:reschedule_overdue"},
		{"posted 25 days late", "2026-03-07", move, "entry.value_date:reschedule_overdue"},
		// Maturity is 2027-01-10: an extension written up after it is refused.
		{"extension before maturity", "2027-01-10", extend("2027-01-05", "2027-06-10"), ""},
		{"extension posted after maturity", "2027-01-11", extend("2027-01-05", "2027-06-10"), "entry.value_date:extension_overdue"},
		// Other kinds are not moves: the posting day does not matter to them.
		{"a payment", "2026-03-07", ent(EntryInterest, "2026-02-10", 1_000), ""},
	}
	for _, tc := range tests {
		err := CheckMoveNotLate(b, tc.e, MustDate(tc.posted))
		if tc.err == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		checkAll(t, tc.name, err, []string{tc.err})
	}
}

// The latest date an installment may be moved to: one plan interval after its original due
// date; a custom plan, which has none, up to the next installment's original due date.
func TestRescheduleLimit(t *testing.T) {
	t.Parallel()
	b := bookOf(t, loanA(), ent(EntryDisburse, "2026-01-10", 12_000_000))
	in := InstallmentPosition{Installment: Installment{No: 3}, OriginalDue: MustDate("2026-04-10")}
	if got := RescheduleLimit(b, in); got != MustDate("2026-05-10") {
		t.Errorf("monthly plan: %s, want 2026-05-10", got)
	}
	custom := loanA()
	custom.Plan = Plan{Kind: PlanCustom, Custom: []Installment{
		{No: 1, Due: MustDate("2026-03-01"), Principal: 5_000_000},
		{No: 2, Due: MustDate("2026-09-01"), Principal: 7_000_000},
	}}
	cb := bookOf(t, custom, ent(EntryDisburse, "2026-01-10", 12_000_000))
	if got := RescheduleLimit(cb, InstallmentPosition{Installment: Installment{No: 1}, OriginalDue: MustDate("2026-03-01")}); got != MustDate("2026-09-01") {
		t.Errorf("custom plan, installment 1: %s, want the next one's 2026-09-01", got)
	}
	if got := RescheduleLimit(cb, InstallmentPosition{Installment: Installment{No: 2}, OriginalDue: MustDate("2026-09-01")}); got != MustDate("2026-09-01") {
		t.Errorf("custom plan, last installment: %s, want its own due date", got)
	}
}

func TestRulesSortedAndPeriods(t *testing.T) {
	t.Parallel()
	r := Rules{
		{Key: RuleSavingsRate, Effective: MustDate("2026-07-01"), Value: "1500"},
		{Key: RulePenaltyPercent, Effective: MustDate("2026-01-01"), Value: "150"},
		{Key: RuleInterestBasis, Effective: RulesBeginning, Value: "days30"},
		{Key: RuleSavingsRate, Effective: RulesBeginning, Value: "1000"},
	}
	sorted := r.Sorted()
	want := []RuleKey{RuleInterestBasis, RulePenaltyPercent, RuleSavingsRate, RuleSavingsRate}
	for i, p := range sorted {
		if p.Key != want[i] {
			t.Fatalf("sorted %v, want keys %v", sorted, want)
		}
	}
	if sorted[2].Effective != RulesBeginning || r[0].Effective != MustDate("2026-07-01") {
		t.Errorf("sorted %v; Sorted must not reorder the rules it was given", sorted)
	}
	savings := r.Periods(RuleSavingsRate)
	if len(savings) != 2 || savings[0].Value != "1000" || savings[1].Value != "1500" {
		t.Errorf("savings periods %v", savings)
	}
	// The savings rate is typed as %/month: 1,500 millionths = 0.15.
	if got := savings[1].Typed(); got != "0.15" {
		t.Errorf("typed %q, want 0.15", got)
	}
	if got := sorted[1].Typed(); got != "150" {
		t.Errorf("typed penalty %q, want 150", got)
	}
}

// A transaction day's cash: payments and deposits in, withdrawals out; a group's difference
// is what was counted less that. 300,000 principal + 50,000 interest + 2,000 penalty + 100,000
// deposits − 40,000 withdrawals = 412,000.
func TestDayCash(t *testing.T) {
	t.Parallel()
	a := DayFigures{Collected: Dues{Principal: 200_000, Interest: 30_000, Penalty: 2_000}, Deposits: 100_000, Disbursed: 5_000_000}
	b := DayFigures{Collected: Dues{Principal: 100_000, Interest: 20_000}, Withdrawals: 40_000}
	sum := a.Add(b)
	if sum.CollectionCash() != 412_000 || sum.Disbursed != 5_000_000 || sum.Collected.Total() != 352_000 {
		t.Errorf("day %+v: cash %d", sum, sum.CollectionCash())
	}
	g := DayGroup{Figures: sum, Counted: 410_000, HasCount: true}
	if g.Difference() != -2_000 {
		t.Errorf("difference %d, want -2,000 (2,000 short)", g.Difference())
	}
	if c := (Collected{Deposit: 100_000, Withdrawal: 40_000}); c.Net() != 60_000 {
		t.Errorf("net %d, want 60,000", c.Net())
	}
}
