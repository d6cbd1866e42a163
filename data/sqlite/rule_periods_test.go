package sqlite

import (
	"context"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
)

// monthEnds are the month ends from January 2024 to the demo's today, and the demo's today.
func monthEnds() []data.Date {
	var out []data.Date
	for m := data.MustDate("2024-01-01"); m.Before(demo.Today); m = m.AddMonths(1) {
		if end := m.AddMonths(1).AddDays(-1); end.Before(demo.Today) {
			out = append(out, end)
		}
	}
	return append(out, demo.Today)
}

// creditsAndNegatives counts, over every loan of the office and every date given, the
// positions with an interest or penalty credit and those with a negative amount due or to
// collect.
func creditsAndNegatives(t *testing.T, s *Store, dates []data.Date) (credits, negatives int) {
	t.Helper()
	ctx := context.Background()
	for _, on := range dates {
		ps, err := s.Positions(ctx, PositionScope{}, on)
		if err != nil {
			t.Fatal(err)
		}
		for _, lp := range ps {
			p := lp.Position
			if p.InterestCredit > 0 || p.PenaltyCredit > 0 {
				credits++
			}
			d := data.DuesOn(p)
			if p.InterestDue < 0 || p.PenaltyDue < 0 || d.Interest < 0 || d.Penalty < 0 || d.Principal < 0 {
				negatives++
				if negatives < 5 {
					t.Errorf("loan %d on %s: %+v", lp.Loan.ID, on, d)
				}
			}
		}
	}
	return credits, negatives
}

func TestDemoOfficeWithBasis365FromAPastDateOwesNothingNegative(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	dates := monthEnds()
	if credits, _ := creditsAndNegatives(t, s, dates); credits != 0 {
		t.Fatalf("the demo office has %d credits before any rule changed", credits)
	}
	// The whole history on /365: interest paid on /30 in 31-day months was more than /365
	// makes due, which used to show as negative interest due on 151 loans.
	must(t, s.AddRulePeriod(ctx, data.RulePeriod{Key: data.RuleInterestBasis, Effective: data.MustDate("2020-01-01"), Value: "days365"}))
	// And the penalty rate lowered from a past date: penalty already paid becomes a credit.
	must(t, s.AddRulePeriod(ctx, data.RulePeriod{Key: data.RulePenaltyPercent, Effective: data.MustDate("2023-01-01"), Value: "100"}))
	credits, negatives := creditsAndNegatives(t, s, dates)
	if negatives != 0 {
		t.Errorf("%d positions show a negative amount due", negatives)
	}
	if credits == 0 {
		t.Error("no loan carries a credit: the rules did not apply to the past")
	}
	problems, err := s.Check(ctx)
	must(t, err)
	if len(problems) != 0 {
		t.Errorf("check after the changes: %v", problems)
	}
	// The transaction-day list never asks for a negative amount.
	points, err := s.Points(ctx, 0)
	must(t, err)
	for _, p := range points {
		list, err := s.CollectionList(ctx, p.ID, collectionDay(p))
		must(t, err)
		for _, g := range list.Groups {
			for _, m := range g.Members {
				for _, l := range m.Loans {
					if l.Due.Interest < 0 || l.Due.Penalty < 0 || l.Due.Principal < 0 {
						t.Errorf("%s: list asks for %+v", l.Contract, l.Due)
					}
				}
			}
		}
	}
}

// Not parallel: it swaps the function check uses, and parallel tests start only after it.
func TestCheckNamesALoanWithANegativeDue(t *testing.T) {
	s := newDemoStore(t)
	ctx := context.Background()
	var contract string
	must(t, s.db.QueryRow(`SELECT contract FROM loans WHERE status = 'active' ORDER BY contract LIMIT 1`).Scan(&contract))
	bad := data.MustDate("2025-06-30")
	var tried []data.Date
	negativeDue = func(b data.Book, dates []data.Date) (data.Date, bool, error) {
		if b.Loan.Contract == contract {
			tried = dates
			return bad, true, nil
		}
		return data.NegativeDue(b, dates)
	}
	defer func() { negativeDue = data.NegativeDue }()
	problems, err := s.Check(ctx)
	must(t, err)
	if len(problems) != 1 || problems[0].Rule != "check_negative_due" || problems[0].Params["Contract"] != contract ||
		problems[0].Params["Date"] != bad {
		t.Errorf("problems = %v", problems)
	}
	// It tries each month end of the loan's life and today.
	if len(tried) < 2 || tried[len(tried)-1].Day() == 1 {
		t.Errorf("dates tried: %v", tried)
	}
	for _, d := range tried[:len(tried)-1] {
		if d.AddDays(1).Day() != 1 {
			t.Errorf("%s is not a month end", d)
		}
	}
}

func TestAddRulePeriod(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := userCtx
	before := snapshot(t, s)
	bad := []data.RulePeriod{
		{Key: "commission", Effective: data.MustDate("2026-01-01"), Value: "1"},
		{Key: data.RuleInterestBasis, Effective: data.MustDate("2026-01-01"), Value: "days360"},
		{Key: data.RulePenaltyPercent, Effective: data.MustDate("2026-01-01"), Value: "301"},
		{Key: data.RuleFrozenAccrues, Effective: data.MustDate("2026-01-01"), Value: "yes"},
		{Key: data.RuleSavingsRate, Effective: data.MustDate("2026-01-01"), Value: "0.2"},
		{Key: data.RulePenaltyPercent, Value: "120"},
	}
	for _, p := range bad {
		if err := s.AddRulePeriod(ctx, p); !data.HasCode(err, data.CodeInvalid) {
			t.Errorf("%+v accepted: %v", p, err)
		}
	}
	if snapshot(t, s) != before {
		t.Fatal("a refused period changed the database")
	}

	// Dated ahead of today: decisions are announced before they apply.
	next := data.RulePeriod{Key: data.RulePenaltyPercent, Effective: data.MustDate("2031-01-01"), Value: "150"}
	must(t, s.AddRulePeriod(ctx, next))
	must(t, s.AddRulePeriod(ctx, next)) // the same again changes nothing
	rules, err := s.RulePeriods(ctx)
	must(t, err)
	ps := rules.Periods(data.RulePenaltyPercent)
	if len(ps) != 2 || ps[0].Value != "130" || !ps[0].Effective.Equal(data.RulesBeginning) || ps[1] != next {
		t.Errorf("penalty periods = %+v", ps)
	}
	set, err := s.Settings(ctx)
	must(t, err)
	if set.PenaltyPercent != 130 {
		t.Errorf("penalty in force today = %d, want 130", set.PenaltyPercent)
	}
	entries, err := s.Audit(ctx, "rule_period", "penalty_percent@2031-01-01")
	must(t, err)
	if len(entries) != 1 || entries[0].User != "lan.nguyen" || entries[0].Action != "create" ||
		!strings.Contains(entries[0].Before, `"Value":"130"`) || !strings.Contains(entries[0].After, `"Value":"150"`) {
		t.Errorf("audit = %+v", entries)
	}
	// A new value on the same date replaces it, audited as an update.
	next.Value = "140"
	must(t, s.AddRulePeriod(ctx, next))
	entries, _ = s.Audit(ctx, "rule_period", "penalty_percent@2031-01-01")
	if len(entries) != 2 || entries[1].Action != "update" || !strings.Contains(entries[1].Before, `"Value":"150"`) {
		t.Errorf("audit after update = %+v", entries)
	}
	// Saving the settings form leaves the dated rules alone.
	set.PenaltyPercent, set.InterestBasis = 200, data.Basis365
	must(t, s.SaveSettings(ctx, set))
	if got, _ := s.RulePeriods(ctx); len(got) != len(rules) {
		t.Errorf("saving settings changed the rules: %+v", got)
	}
	n, err := s.RulePeriodImpact(ctx, data.RuleInterestBasis, data.MustDate("2026-01-01"))
	if err != nil || n != 0 {
		t.Errorf("impact on an empty office = %d, %v", n, err)
	}
}
