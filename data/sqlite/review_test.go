package sqlite

import (
	"context"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
)

// reviewPeriods are the periods the review tests run over: the Directive's ten years, a year
// in the middle of the demo's history, and the last months.
var reviewPeriods = [][2]data.Date{
	{data.DirectiveDate, demo.Today},
	{data.MustDate("2025-01-01"), data.MustDate("2025-12-31")},
	{data.MustDate("2026-06-30"), demo.Today},
}

// TestReviewMatchesTheSummaries: the review's outstanding, overdue and households on both
// dates are the office summary's, and its communes without overdue debt too.
func TestReviewMatchesTheSummaries(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	for _, p := range reviewPeriods {
		r, err := s.Directive40Review(ctx, 0, p[0], p[1])
		if err != nil {
			t.Fatal(err)
		}
		start, err := s.OfficeSummary(ctx, p[0])
		if err != nil {
			t.Fatal(err)
		}
		end, err := s.OfficeSummary(ctx, p[1])
		if err != nil {
			t.Fatal(err)
		}
		if r.Start != start.Totals || r.End != end.Totals {
			t.Errorf("%v: review start %+v end %+v, summaries %+v and %+v", p, r.Start, r.End, start.Totals, end.Totals)
		}
		if r.CommunesWithoutOverdue != end.CommunesWithoutOverdue || r.Communes != len(end.Communes) {
			t.Errorf("%v: communes without overdue %d of %d, summary %d of %d", p, r.CommunesWithoutOverdue, r.Communes,
				end.CommunesWithoutOverdue, len(end.Communes))
		}
	}
	if r, _ := s.Directive40Review(ctx, 0, reviewPeriods[1][0], reviewPeriods[1][1]); r.End.Outstanding() == 0 || r.Lent == 0 {
		t.Fatalf("the demo office lent nothing in 2025: %+v", r)
	}
}

// TestReviewOutcomesAreTheLoans: the outcomes, loans and households of the period are the
// sums over the loans signed in it, read one by one.
func TestReviewOutcomesAreTheLoans(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	ds := demoOffice()
	for _, p := range reviewPeriods {
		r, err := s.Directive40Review(ctx, 0, p[0], p[1])
		if err != nil {
			t.Fatal(err)
		}
		var want data.Outcome
		loans, households := 0, map[int64]bool{}
		for _, dl := range ds.Loans {
			if !dl.SignedOn.After(p[0]) || dl.SignedOn.After(p[1]) {
				continue
			}
			l, err := s.LoanByContract(ctx, dl.Contract)
			if err != nil {
				t.Fatal(err)
			}
			if l.Outcome != dl.Outcome {
				t.Fatalf("loan %s: stored outcome %+v, the demo's %+v", l.Contract, l.Outcome, dl.Outcome)
			}
			want.Add(l.Outcome)
			loans++
			households[l.BorrowerID] = true
		}
		if r.Outcome != want || r.Loans != loans || r.Households != len(households) {
			t.Errorf("%v: review %+v, %d loans, %d households; loans add up to %+v, %d, %d", p, r.Outcome, r.Loans, r.Households,
				want, loans, len(households))
		}
		var byProgram data.Outcome
		for _, pr := range r.Programs {
			byProgram.Add(pr.Outcome)
		}
		if byProgram != r.Outcome {
			t.Errorf("%v: programs add up to %+v, total %+v", p, byProgram, r.Outcome)
		}
	}
	if r, _ := s.Directive40Review(ctx, 0, data.DirectiveDate, demo.Today); r.Outcome.Jobs == 0 || r.Outcome.WaterWorks == 0 ||
		r.Outcome.Students == 0 || r.LeftPoverty == 0 {
		t.Errorf("the demo's ten years achieve too little: %+v, %d out of poverty", r.Outcome, r.LeftPoverty)
	}
}

// TestReviewCommunesAddUpToTheOffice: every commune's review adds up to the office's.
func TestReviewCommunesAddUpToTheOffice(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	communes, err := s.Communes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range reviewPeriods {
		office, err := s.Directive40Review(ctx, 0, p[0], p[1])
		if err != nil {
			t.Fatal(err)
		}
		var sum data.Review
		for _, c := range communes {
			r, err := s.Directive40Review(ctx, c.ID, p[0], p[1])
			if err != nil {
				t.Fatal(err)
			}
			if r.CommuneCode != c.Code || r.Communes != 1 {
				t.Errorf("commune %s: review of %q over %d communes", c.Code, r.CommuneCode, r.Communes)
			}
			sum.Start.Current += r.Start.Current
			sum.Start.Overdue += r.Start.Overdue
			sum.End.Current += r.End.Current
			sum.End.Overdue += r.End.Overdue
			sum.End.Frozen += r.End.Frozen
			sum.Lent += r.Lent
			sum.Recovered += r.Recovered
			sum.Loans += r.Loans
			sum.Households += r.Households
			sum.Outcome.Add(r.Outcome)
			sum.LeftPoverty += r.LeftPoverty
			sum.SavingsEnd += r.SavingsEnd
			sum.CommunesWithoutOverdue += r.CommunesWithoutOverdue
		}
		check := func(what string, got, want any) {
			if got != want {
				t.Errorf("%v: communes add up to %s %v, the office has %v", p, what, got, want)
			}
		}
		check("start current", sum.Start.Current, office.Start.Current)
		check("start overdue", sum.Start.Overdue, office.Start.Overdue)
		check("end current", sum.End.Current, office.End.Current)
		check("end overdue", sum.End.Overdue, office.End.Overdue)
		check("end frozen", sum.End.Frozen, office.End.Frozen)
		check("lending turnover", sum.Lent, office.Lent)
		check("recovery turnover", sum.Recovered, office.Recovered)
		check("loans", sum.Loans, office.Loans)
		check("households", sum.Households, office.Households)
		check("outcomes", sum.Outcome, office.Outcome)
		check("households out of poverty", sum.LeftPoverty, office.LeftPoverty)
		check("savings", sum.SavingsEnd, office.SavingsEnd)
		check("communes without overdue", sum.CommunesWithoutOverdue, office.CommunesWithoutOverdue)
	}
}

// TestReviewTurnoverEitherWay: the turnover summed over the period's entries equals the kept
// totals less the entries outside it, and the outstanding moves by what was lent less what
// was repaid and written off.
func TestReviewTurnoverEitherWay(t *testing.T) {
	s := newDemoStore(t)
	ctx := context.Background()
	defer func() { forceTurnover = 0 }()
	for _, p := range reviewPeriods {
		forceTurnover = -1
		inside, err := s.Directive40Review(ctx, 0, p[0], p[1])
		if err != nil {
			t.Fatal(err)
		}
		forceTurnover = 1
		totals, err := s.Directive40Review(ctx, 0, p[0], p[1])
		if err != nil {
			t.Fatal(err)
		}
		if inside.Lent != totals.Lent || inside.Recovered != totals.Recovered || inside.Lent == 0 {
			t.Errorf("%v: over the period lent %d recovered %d; from the totals %d and %d", p, inside.Lent, inside.Recovered,
				totals.Lent, totals.Recovered)
		}
		moved := inside.Start.Outstanding() + inside.Lent - inside.Recovered
		if got := inside.End.Outstanding(); got > moved || got < moved-inside.Start.Outstanding()/10 {
			t.Errorf("%v: outstanding %d → %d, lent %d, recovered %d", p, inside.Start.Outstanding(), got, inside.Lent, inside.Recovered)
		}
	}
}

// TestReviewLeftPovertyFollowsTheHistory: a household of a poverty program's loan that a
// clerk moves from poor to near-poor counts once, on the day it was recorded, and not in a
// period that ended before.
func TestReviewLeftPovertyFollowsTheHistory(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	ds := demoOffice()
	var poor data.Borrower
	for _, b := range ds.Borrowers {
		if b.Category != data.CategoryPoor || !b.Active {
			continue
		}
		for _, l := range ds.Loans {
			if l.BorrowerID == b.ID && l.ProgramCode == "01" && poor.ID == 0 {
				poor = b
			}
		}
	}
	if poor.ID == 0 {
		t.Fatal("no poor household with a poor-household loan in the demo")
	}
	today := testToday
	before, err := s.Directive40Review(ctx, 0, data.DirectiveDate, today)
	if err != nil {
		t.Fatal(err)
	}
	bv, err := s.Borrower(ctx, poor.ID)
	if err != nil {
		t.Fatal(err)
	}
	b := bv.Borrower
	b.Category = data.CategoryNearPoor
	if err := s.SaveBorrower(userCtx, &b); err != nil {
		t.Fatal(err)
	}
	after, err := s.Directive40Review(ctx, 0, data.DirectiveDate, today)
	if err != nil {
		t.Fatal(err)
	}
	if after.LeftPoverty != before.LeftPoverty+1 {
		t.Errorf("households out of poverty %d before the change, %d after", before.LeftPoverty, after.LeftPoverty)
	}
	earlier, err := s.Directive40Review(ctx, 0, data.DirectiveDate, data.DateOf(pinned).AddDays(-1))
	if err != nil {
		t.Fatal(err)
	}
	if earlier.LeftPoverty >= after.LeftPoverty {
		t.Errorf("a period ending before the change counts %d, the one with it %d", earlier.LeftPoverty, after.LeftPoverty)
	}
}

func TestReviewRefusesBadRequests(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	for _, c := range []struct {
		name     string
		commune  int64
		from, to data.Date
		field    string
		notFound bool
	}{
		{"no start", 0, data.Date{}, demo.Today, "review.from", false},
		{"no end", 0, data.DirectiveDate, data.Date{}, "summary.date", false},
		{"start after end", 0, demo.Today, data.DirectiveDate, "review.from", false},
		{"same day", 0, demo.Today, demo.Today, "review.from", false},
		{"unknown commune", 99_999, data.DirectiveDate, demo.Today, "summary.commune", true},
	} {
		_, err := s.Directive40Review(ctx, c.commune, c.from, c.to)
		des := data.DomainErrors(err)
		if len(des) != 1 || des[0].Field != c.field || (c.notFound != (des[0].Code == data.CodeNotFound)) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// TestLoanOutcomeSavedAndChecked: a loan keeps the outcome its program asks for; a figure the
// program does not record, or out of range, is refused and nothing is saved.
func TestLoanOutcomeSavedAndChecked(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := userCtx
	ds := demoOffice()
	var b data.Borrower
	for _, x := range ds.Borrowers {
		if x.Active && x.GroupID != 0 {
			b = x
			break
		}
	}
	loan := func(code, contract string, o data.Outcome) data.Loan {
		return data.Loan{Contract: contract, BorrowerID: b.ID, ProgramCode: code, Source: data.SourceCentral,
			Amount: 20_000_000, Units: 1, SignedOn: testToday, TermMonths: 36,
			Plan: data.Plan{Kind: data.PlanEqual, EveryMonths: 3}, Outcome: o}
	}
	good := loan("03", "REVIEW-1", data.Outcome{Jobs: 3})
	if err := s.OpenLoan(ctx, &good, 0); err != nil {
		t.Fatal(err)
	}
	got, err := s.LoanByContract(ctx, good.Contract)
	if err != nil || got.Outcome != (data.Outcome{Jobs: 3}) {
		t.Fatalf("saved %+v, read back %+v (%v)", good.Outcome, got.Outcome, err)
	}
	for _, c := range []struct {
		code  string
		o     data.Outcome
		field string
	}{
		{"03", data.Outcome{Houses: 1}, "loan.outcome.houses"},
		{"03", data.Outcome{Jobs: -1}, "loan.outcome.jobs"},
		{"03", data.Outcome{Jobs: 10_000}, "loan.outcome.jobs"},
		{"01", data.Outcome{Jobs: 1}, "loan.outcome.jobs"},
	} {
		l := loan(c.code, "REVIEW-BAD", c.o)
		err := s.OpenLoan(ctx, &l, 0)
		found := false
		for _, de := range data.DomainErrors(err) {
			found = found || de.Field == c.field
		}
		if !found {
			t.Errorf("program %s, outcome %+v: %v, want an error on %s", c.code, c.o, err, c.field)
		}
		if _, err := s.LoanByContract(ctx, "REVIEW-BAD"); err == nil {
			t.Errorf("program %s, outcome %+v: the refused loan was saved", c.code, c.o)
		}
	}
}

// TestReviewSavingsAreTheSummarys: the savings on the start date, read the review's way, are
// the commune summary's, for every commune on dates before, inside and after the ledger.
func TestReviewSavingsAreTheSummarys(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	communes, err := s.Communes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, on := range []data.Date{data.DirectiveDate, data.MustDate("2025-06-30"), data.MustDate("2026-01-01"), demo.Today} {
		var office data.Dong
		for _, c := range communes {
			r, err := s.Directive40Review(ctx, c.ID, on, testToday)
			if err != nil {
				t.Fatal(err)
			}
			sum, err := s.CommuneSummary(ctx, c.ID, on)
			if err != nil {
				t.Fatal(err)
			}
			if r.SavingsStart != sum.Savings {
				t.Errorf("commune %s on %s: review's savings %d, summary's %d", c.Code, on, r.SavingsStart, sum.Savings)
			}
			seen = seen || (sum.Savings > 0 && on.Before(demo.Today))
			office += sum.Savings
		}
		r, err := s.Directive40Review(ctx, 0, on, testToday)
		if err != nil {
			t.Fatal(err)
		}
		if r.SavingsStart != office {
			t.Errorf("office on %s: review's savings %d, communes' %d", on, r.SavingsStart, office)
		}
	}
	if !seen {
		t.Error("no savings on any date inside the ledger: the test compares nothing")
	}
}
