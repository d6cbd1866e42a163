package data

import (
	"strings"
	"testing"
)

// withRules returns the default settings with dated rules: the defaults from the beginning,
// then the periods given.
func withRules(ps ...RulePeriod) Settings {
	s := DefaultSettings()
	s.Rules = Rules{
		{Key: RuleInterestBasis, Effective: RulesBeginning, Value: "days30"},
		{Key: RulePenaltyPercent, Effective: RulesBeginning, Value: "130"},
		{Key: RuleFrozenAccrues, Effective: RulesBeginning, Value: "false"},
		{Key: RuleSavingsRate, Effective: RulesBeginning, Value: "1000"},
	}
	s.Rules = append(s.Rules, ps...)
	return s
}

func period(key RuleKey, from, value string) RulePeriod {
	return RulePeriod{Key: key, Effective: MustDate(from), Value: value}
}

func TestBasisChangeInMidLife(t *testing.T) {
	t.Parallel()
	// 30,000,000 disbursed 2026-01-10 at 0.52 %/month (5,200), the basis /365 from 2026-01-25,
	// position on 2026-02-10 (installment 1 due today, not yet overdue).
	//   10 … 24 Jan, 15 days on /30:  30,000,000 × 15 × 5,200 / 30,000,000 = 78,000
	//   25 Jan … 9 Feb, 16 days on /365: 30,000,000 × 16 × 5,200 × 12 / 365,000,000
	//                                  = 29,952,000,000,000 / 365,000,000 = 82,060.2739…
	//   total 160,060.2739… → 160,060 (rounded once). All on /30 it is 161,200.
	b := bookOf(t, equalLoan(30_000_000, "2026-01-10", 12, 1, 0), ent(EntryDisburse, "2026-01-10", 30_000_000))
	b.Settings = withRules(period(RuleInterestBasis, "2026-01-25", "days365"))
	p, err := PositionOn(b, MustDate("2026-02-10"))
	if err != nil {
		t.Fatal(err)
	}
	if p.InterestAccrued != 160_060 || p.InterestDue != 160_060 || p.InterestCredit != 0 {
		t.Errorf("accrued %d due %d credit %d, want 160,060 due, no credit", p.InterestAccrued, p.InterestDue, p.InterestCredit)
	}
	// Before the change the loan is on /30 alone: 10 … 19 Jan, 10 days = 52,000.
	if p, _ := PositionOn(b, MustDate("2026-01-20")); p.InterestAccrued != 52_000 {
		t.Errorf("before the change: %d, want 52,000", p.InterestAccrued)
	}
	// The same rules held in the undated fields give the old whole-history figure.
	b.Settings = DefaultSettings()
	if p, _ := PositionOn(b, MustDate("2026-02-10")); p.InterestAccrued != 161_200 {
		t.Errorf("all /30: %d, want 161,200", p.InterestAccrued)
	}
}

func TestRetroactiveBasisGivesInterestCredit(t *testing.T) {
	t.Parallel()
	// 30,000,000 disbursed 2026-01-10; on 2026-01-31 the borrower paid the interest of 10 …
	// 30 Jan on /30: 30,000,000 × 21 × 5,200 / 30,000,000 = 109,200. Then /365 is decided from
	// 2026-01-01, before the loan: accrued on 2026-01-31 is 30,000,000 × 21 × 62,400 /
	// 365,000,000 = 107,704.10… → 107,704, so 1,496 was paid beyond it: a credit, not −1,496
	// due. On 2026-02-10 (31 days) accrued is 158,991.78… → 158,992, less 109,200 paid = 49,792
	// due, the credit used up.
	b := bookOf(t, equalLoan(30_000_000, "2026-01-10", 12, 1, 0),
		ent(EntryDisburse, "2026-01-10", 30_000_000), ent(EntryInterest, "2026-01-31", 109_200))
	b.Settings = withRules(period(RuleInterestBasis, "2026-01-01", "days365"))
	p, err := PositionOn(b, MustDate("2026-01-31"))
	if err != nil {
		t.Fatal(err)
	}
	if p.InterestAccrued != 107_704 || p.InterestDue != 0 || p.InterestCredit != 1_496 || p.Owed() != 30_000_000 {
		t.Errorf("accrued %d due %d credit %d owed %d, want 107,704, 0, 1,496, 30,000,000",
			p.InterestAccrued, p.InterestDue, p.InterestCredit, p.Owed())
	}
	p, _ = PositionOn(b, MustDate("2026-02-10"))
	if p.InterestAccrued != 158_992 || p.InterestDue != 49_792 || p.InterestCredit != 0 {
		t.Errorf("on 2026-02-10: accrued %d due %d credit %d, want 158,992, 49,792, 0", p.InterestAccrued, p.InterestDue, p.InterestCredit)
	}
	// A further interest payment cannot be taken against a credit: nothing is due.
	if e := ForField(CheckEntry(b, ent(EntryInterest, "2026-01-31", 1)), "entry.amount"); e == nil || e.Rule != "overpayment" {
		t.Errorf("interest paid into a credit: %v", e)
	}
	// Nor may a back-dated one add to it.
	if e := ForField(CheckEntry(b, ent(EntryInterest, "2026-01-20", 1_000)), "entry.value_date"); e == nil || e.Rule != "ledger_conflict" {
		t.Errorf("back-dated interest into a credit: %v", e)
	}
}

func TestRetroactivePenaltyCutGivesPenaltyCredit(t *testing.T) {
	t.Parallel()
	// 12,000,000 over 12 months from 2026-01-10: installment 1 (1,000,000) due 2026-02-10 is
	// unpaid, overdue from 2026-02-11. Penalty on 2026-03-10 (27 days, 11 Feb … 9 Mar) at
	// 130 %: 1,000,000 × 27 × 5,200 × 130 / 3,000,000,000 = 6,084, paid that day. Then the
	// penalty is lowered to 100 % from 2026-02-01: accrued becomes 1,000,000 × 27 × 5,200 /
	// 30,000,000 = 4,680, so 1,404 is a penalty credit, and the penalty due is 0, not −1,404.
	b := bookOf(t, loanA(), ent(EntryDisburse, "2026-01-10", 12_000_000), ent(EntryPenalty, "2026-03-10", 6_084))
	if p, _ := PositionOn(b, MustDate("2026-03-10")); p.PenaltyAccrued != 6_084 || p.PenaltyDue != 0 {
		t.Fatalf("at 130 %%: accrued %d due %d", p.PenaltyAccrued, p.PenaltyDue)
	}
	b.Settings = withRules(period(RulePenaltyPercent, "2026-02-01", "100"))
	p, err := PositionOn(b, MustDate("2026-03-10"))
	if err != nil {
		t.Fatal(err)
	}
	if p.PenaltyAccrued != 4_680 || p.PenaltyDue != 0 || p.PenaltyCredit != 1_404 {
		t.Errorf("penalty accrued %d due %d credit %d, want 4,680, 0, 1,404", p.PenaltyAccrued, p.PenaltyDue, p.PenaltyCredit)
	}
	if d, bad, err := NegativeDue(b, DueCheckDates(b, MustDate("2026-06-30"))); err != nil || bad {
		t.Errorf("NegativeDue = %v %v %v", d, bad, err)
	}
	// A split never takes a credit as a payment.
	s, err := ProposeSplit(p, 100_000)
	if err != nil || s.Penalty != 0 || s.Interest != min(100_000, p.InterestDue) {
		t.Errorf("split = %+v, %v", s, err)
	}
}

func TestFrozenAccrualFromADate(t *testing.T) {
	t.Parallel()
	// 12,000,000 disbursed and frozen whole on 2026-01-10. Frozen debt bears interest from
	// 2026-01-20 on: 10 days (20 … 29 Jan) × 12,000,000 × 5,200 / 30,000,000 = 20,800.
	b := bookOf(t, loanA(), ent(EntryDisburse, "2026-01-10", 12_000_000), ent(EntryFreeze, "2026-01-10", 12_000_000))
	b.Settings = withRules(period(RuleFrozenAccrues, "2026-01-20", "true"))
	p, err := PositionOn(b, MustDate("2026-01-30"))
	if err != nil {
		t.Fatal(err)
	}
	if p.InterestAccrued != 20_800 {
		t.Errorf("accrued %d, want 20,800", p.InterestAccrued)
	}
}

func TestSavingsRateFromADate(t *testing.T) {
	t.Parallel()
	// 10,000,000 deposited 2026-01-01; 0.1 %/month until 2026-01-16, 0.2 % from then; interest
	// for 1 … 31 Jan: 15 days × 10,000,000 × 1,000 / 30,000,000 = 5,000, plus 16 days ×
	// 10,000,000 × 2,000 / 30,000,000 = 10,666.67 → 15,666.67 → 15,667.
	es := []Entry{{ID: 1, Kind: EntryDeposit, ValueDate: MustDate("2026-01-01"), Amount: 10_000_000}}
	s := withRules(period(RuleSavingsRate, "2026-01-16", "2000"))
	if got := SavingsInterestUnder(es, MustDate("2026-01-01"), MustDate("2026-02-01"), s); got != 15_667 {
		t.Errorf("savings interest %d, want 15,667", got)
	}
	if got := SavingsInterest(es, MustDate("2026-01-01"), MustDate("2026-02-01"), 1_000, Basis30); got != 10_333 {
		t.Errorf("undated savings interest %d, want 10,333", got)
	}
}

func TestNewRulePeriodRefusesBadInput(t *testing.T) {
	t.Parallel()
	on := MustDate("2026-07-01")
	tests := []struct {
		key, value string
		on         Date
		want       string // field:rule, "" for accepted
		canonical  string
	}{
		{"interest_basis", "days365", on, "", "days365"},
		{"interest_basis", "days360", on, "settings.interest_basis:one_of", ""},
		{"penalty_percent", "150", on, "", "150"},
		{"penalty_percent", "99", on, "settings.penalty_percent:range", ""},
		{"penalty_percent", "abc", on, "settings.penalty_percent:range", ""},
		{"frozen_accrues", "true", on, "", "true"},
		{"frozen_accrues", "yes", on, "settings.frozen_accrues:one_of", ""},
		{"savings_rate", "0,15", on, "", "1500"},
		{"savings_rate", "6", on, "settings.savings_rate:rate_range", ""},
		{"commission", "1", on, "settings.rule:one_of", ""},
		{"penalty_percent", "120", Date{}, "settings.rule_from:required", ""},
	}
	for _, tc := range tests {
		p, err := NewRulePeriod(tc.key, tc.value, tc.on)
		if tc.want == "" {
			if err != nil || p.Value != tc.canonical || p.Validate() != nil {
				t.Errorf("%s %s: %+v, %v", tc.key, tc.value, p, err)
			}
			continue
		}
		field, rule, _ := strings.Cut(tc.want, ":")
		e := ForField(err, field)
		if e == nil || e.Rule != rule {
			t.Errorf("%s %s: %v, want %s", tc.key, tc.value, err, tc.want)
		}
	}
	if err := (RulePeriod{Key: RulePenaltyPercent, Effective: on, Value: "0130"}).Validate(); err == nil {
		t.Error("a value not in canonical form was accepted")
	}
}

// Not parallel: it swaps the engine NegativeDue uses.
func TestNegativeDueNamesTheFirstBadDate(t *testing.T) {
	b := bookOf(t, loanA(), ent(EntryDisburse, "2026-01-10", 12_000_000))
	dates := DueCheckDates(b, MustDate("2026-04-15"))
	want := []string{"2026-01-31", "2026-02-28", "2026-03-31", "2026-04-15"}
	if len(dates) != len(want) {
		t.Fatalf("dates = %v, want %v", dates, want)
	}
	for i := range want {
		if dates[i].String() != want[i] {
			t.Errorf("dates = %v, want %v", dates, want)
		}
	}
	if _, bad, err := NegativeDue(b, dates); bad || err != nil {
		t.Fatalf("sound loan: %v %v", bad, err)
	}
	positionsForCheck = func(b Book, dates []Date) ([]Position, error) {
		ps, err := PositionsOn(b, dates)
		for i := range ps {
			if dates[i].Month() == 3 {
				ps[i].PenaltyDue = -1
			}
		}
		return ps, err
	}
	defer func() { positionsForCheck = PositionsOn }()
	if d, bad, err := NegativeDue(b, dates); !bad || err != nil || d.String() != "2026-03-31" {
		t.Errorf("NegativeDue = %s %v %v, want 2026-03-31", d, bad, err)
	}
}
