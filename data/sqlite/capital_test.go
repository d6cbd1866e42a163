package sqlite

import (
	"context"
	"errors"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
)

func hasRule(err error, rule string) bool {
	for _, e := range data.DomainErrors(err) {
		if e.Rule == rule {
			return true
		}
	}
	return false
}

// On the demo office every pool adds up, covers what is lent from it on every year's end, and
// what the pools have lent is the outstanding of the office's province and local loans.
func TestCapitalOnTheDemoAddsUp(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	communes, err := s.Communes(ctx)
	must(t, err)
	dates := []data.Date{demo.Today, data.NewDate(demo.Today.Year(), 1, 1)} // 1 January: the yearly effects edge
	for y := demo.Today.Year() - 3; y < demo.Today.Year(); y++ {
		dates = append(dates, data.NewDate(y, 12, 31))
	}
	for _, on := range dates {
		f, err := s.CapitalFiguresOn(ctx, on)
		must(t, err)
		if len(f.Pools) < 3 {
			t.Fatalf("%s: %d pools, want the province's, the district's and communes'", on, len(f.Pools))
		}
		var sum data.CapitalTotals
		for _, p := range f.Pools {
			tt := p.Totals
			if tt.Received-tt.Returned != tt.Balance {
				t.Errorf("%s %s: received %d − returned %d ≠ balance %d", on, p.Pool.Giver, tt.Received, tt.Returned, tt.Balance)
			}
			if tt.Balance < tt.LentOutstanding || tt.Available < 0 {
				t.Errorf("%s %s: balance %d does not cover lent %d (available %d)", on, p.Pool.Giver, tt.Balance, tt.LentOutstanding, tt.Available)
			}
			sum.Add(tt)
		}
		if sum != f.Totals {
			t.Errorf("%s: totals %+v, pools add up to %+v", on, f.Totals, sum)
		}
		office, err := s.CapitalTotalsOn(ctx, on, 0)
		must(t, err)
		if office != f.Totals {
			t.Errorf("%s: CapitalTotalsOn %+v, figures %+v", on, office, f.Totals)
		}
		var local data.Dong
		var communePools data.CapitalTotals
		for _, c := range communes {
			cs, err := s.CommuneSummary(ctx, c.ID, on)
			must(t, err)
			for _, src := range cs.Sources {
				if src.Source != data.SourceCentral {
					local += src.Outstanding
				}
			}
			ct, err := s.CapitalTotalsOn(ctx, on, c.ID)
			must(t, err)
			communePools.Add(ct)
		}
		if local != f.Totals.LentOutstanding {
			t.Errorf("%s: pools lent %d, the summaries' province and local outstanding %d", on, f.Totals.LentOutstanding, local)
		}
		if want := f.Sum(data.CapitalCommune).Totals; communePools != want {
			t.Errorf("%s: communes' own pools %+v, commune level %+v", on, communePools, want)
		}
		if os, err := s.OfficeSummary(ctx, on); err != nil || os.Totals.Outstanding() != f.OfficeOutstanding {
			t.Errorf("%s: office outstanding %d, the office summary's %d (%v)", on, f.OfficeOutstanding, os.Totals.Outstanding(), err)
		}
		if on == demo.Today && (f.OfficeOutstanding <= f.Totals.LentOutstanding || f.Totals.LentOutstanding == 0) {
			t.Errorf("office outstanding %d, lent from local capital %d", f.OfficeOutstanding, f.Totals.LentOutstanding)
		}
	}
}

// capitalFixture is the small office with a commune pool in commune A.
func capitalFixture(t *testing.T) *loanFixture {
	f := newLoanFixture(t)
	_, err := f.s.MoveCapital(userCtx, data.CapitalMove{Kind: data.CapitalTransfer, Level: data.CapitalCommune,
		CommuneID: f.communeA.ID, Giver: "Ủy ban nhân dân xã A", On: data.MustDate("2025-01-10"), Amount: 30_000_000,
		Decision: "15/QĐ-UBND"})
	must(t, err)
	return f
}

func localLoan(contract string, borrower int64, amount data.Dong) data.Loan {
	l := newLoan(contract, borrower, amount, "2025-03-01", 24)
	l.Source = data.SourceLocal
	return l
}

// A loan from local capital is lent from its commune's pool only as far as the pool holds;
// a return or a reversal that would uncover its loans is refused too.
func TestCapitalPoolRefusesWhatItCannotCover(t *testing.T) {
	t.Parallel()
	f := capitalFixture(t)
	l := f.open(t, localLoan("LOCAL-1", f.member.ID, 20_000_000), 20_000_000)

	over := localLoan("LOCAL-2", f.member.ID, 15_000_000)
	err := f.s.OpenLoan(userCtx, &over, 15_000_000)
	if !hasRule(err, "capital_pool_short") {
		t.Fatalf("a loan beyond the pool: %v, want capital_pool_short", err)
	}
	var de *data.Error
	if !errors.As(err, &de) || de.Code != data.CodeConflict || de.Params["Short"] != data.Dong(5_000_000) {
		t.Errorf("error %#v, want a conflict short by 5,000,000", de)
	}
	if _, err := f.s.LoanByContract(userCtx, "LOCAL-2"); err == nil {
		t.Error("the refused loan was saved")
	}
	// Approved but not disbursed counts against the pool as well.
	pending := f.open(t, localLoan("LOCAL-3", f.member.ID, 10_000_000), 0)
	ret := data.CapitalMove{Kind: data.CapitalReturn, Level: data.CapitalCommune, CommuneID: f.communeA.ID,
		Giver: "Ủy ban nhân dân xã A", On: data.MustDate("2025-06-01"), Amount: 1_000_000, Decision: "30/QĐ-UBND"}
	if _, err := f.s.MoveCapital(userCtx, ret); !hasRule(err, "capital_pool_short") {
		t.Errorf("a return from a fully lent pool: %v", err)
	}
	f.post(t, data.Entry{LoanID: pending.ID, Kind: data.EntryDisburse, ValueDate: data.MustDate("2025-03-05"), Amount: 10_000_000})

	tot, err := f.s.CapitalTotalsOn(userCtx, data.MustDate("2025-12-31"), f.communeA.ID)
	must(t, err)
	want := data.CapitalTotals{Received: 30_000_000, Balance: 30_000_000, LentOutstanding: 30_000_000}
	if tot != want {
		t.Errorf("commune A on 31/12/2025: %+v, want %+v", tot, want)
	}
	if other, _ := f.s.CapitalTotalsOn(userCtx, data.MustDate("2025-12-31"), f.communeB.ID); other != (data.CapitalTotals{}) {
		t.Errorf("commune B has no pool, got %+v", other)
	}
	// Repaid principal comes back to the pool, and then it can be returned.
	f.post(t, data.Entry{LoanID: l.ID, Kind: data.EntryPrincipal, ValueDate: data.MustDate("2025-06-01"), Amount: 5_000_000})
	ret.Amount = 5_000_000
	if _, err := f.s.MoveCapital(userCtx, ret); err != nil {
		t.Fatalf("a covered return: %v", err)
	}
	tot, _ = f.s.CapitalTotalsOn(userCtx, data.MustDate("2025-12-31"), 0)
	if tot.Returned != 5_000_000 || tot.Balance != 25_000_000 || tot.Available != 0 {
		t.Errorf("after the return: %+v", tot)
	}
	// A province loan finds no province pool.
	prov := localLoan("PROV-1", f.member.ID, 1_000_000)
	prov.Source = data.SourceProvince
	if err := f.s.OpenLoan(userCtx, &prov, 0); !hasRule(err, "no_capital_pool") {
		t.Errorf("a province loan without a province pool: %v", err)
	}
}

// A correction is a reversal: the entry stays, the pool goes back, and neither can be
// reversed twice; the ledger cannot be edited.
func TestCapitalReversal(t *testing.T) {
	t.Parallel()
	f := capitalFixture(t)
	move := data.CapitalMove{Kind: data.CapitalTransfer, Level: data.CapitalCommune, CommuneID: f.communeA.ID,
		Giver: "Ủy ban nhân dân xã A", On: data.MustDate("2025-02-01"), Amount: 7_000_000, Decision: "16/QĐ-UBND"}
	e, err := f.s.MoveCapital(userCtx, move)
	must(t, err)
	r, err := f.s.ReverseCapital(userCtx, e.ID, "17/QĐ-UBND", "ghi nhầm số tiền")
	must(t, err)
	if r.Kind != data.CapitalReversal || r.Reverses != e.ID || r.Amount != e.Amount || r.On != e.On {
		t.Errorf("reversal %+v of %+v", r, e)
	}
	tot, _ := f.s.CapitalTotalsOn(userCtx, data.MustDate("2025-12-31"), 0)
	if tot.Received != 30_000_000 || tot.Balance != 30_000_000 {
		t.Errorf("after the reversal: %+v", tot)
	}
	if _, err := f.s.ReverseCapital(userCtx, e.ID, "18/QĐ-UBND", ""); !hasRule(err, "already_reversed") {
		t.Errorf("reversed twice: %v", err)
	}
	if _, err := f.s.ReverseCapital(userCtx, r.ID, "18/QĐ-UBND", ""); !hasRule(err, "reversal_of_reversal") {
		t.Errorf("a reversal reversed: %v", err)
	}
	if _, err := f.s.ReverseCapital(userCtx, e.ID, "", ""); !hasRule(err, "required") {
		t.Errorf("a reversal without a decision: %v", err)
	}
	// With its money lent, the first transfer cannot be reversed.
	f.open(t, localLoan("LOCAL-1", f.member.ID, 25_000_000), 25_000_000)
	if _, err := f.s.ReverseCapital(userCtx, 1, "19/QĐ-UBND", ""); !hasRule(err, "capital_pool_short") {
		t.Errorf("reversing lent capital: %v", err)
	}
	entries, err := f.s.CapitalEntries(userCtx)
	must(t, err)
	if len(entries) != 3 || entries[2].User != data.UserFrom(userCtx) || entries[2].PostedAt.IsZero() {
		t.Errorf("entries %+v", entries)
	}
	for _, q := range []string{`UPDATE capital_entries SET amount = 1`, `DELETE FROM capital_entries`, `DELETE FROM capital_pools`} {
		if _, err := f.s.db.Exec(q); err == nil {
			t.Errorf("%s was allowed", q)
		}
	}
	if n := countRows(t, f.s, "audit WHERE entity = 'capital_entry'"); n != 3 {
		t.Errorf("%d audit rows for capital entries, want 3", n)
	}
}

func TestCapitalMoveNeedsItsEvidence(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	bad := []data.CapitalMove{
		{Kind: data.CapitalTransfer, Level: data.CapitalDistrict, Giver: "UBND huyện", On: day, Amount: 1},                         // no decision
		{Kind: data.CapitalTransfer, Level: "ward", Giver: "UBND", On: day, Amount: 1, Decision: "1"},                              // no such level
		{Kind: data.CapitalTransfer, Level: data.CapitalCommune, Giver: "UBND xã", On: day, Amount: 1, Decision: "1"},              // which commune?
		{Kind: data.CapitalTransfer, Level: data.CapitalDistrict, CommuneID: 1, Giver: "UBND", On: day, Amount: 1, Decision: "1"},  // a commune for a district
		{Kind: data.CapitalTransfer, Level: data.CapitalDistrict, Giver: "UBND huyện", On: day, Amount: 0, Decision: "1"},          // nothing
		{Kind: data.CapitalReturn, Level: data.CapitalDistrict, Giver: "UBND huyện", On: day, Amount: 1, Decision: "1"},            // no pool to return from
		{Kind: data.CapitalTransfer, Level: data.CapitalCommune, CommuneID: 999, Giver: "UBND", On: day, Amount: 1, Decision: "1"}, // no such commune
	}
	for i, m := range bad {
		if _, err := f.s.MoveCapital(userCtx, m); data.DomainErrors(err) == nil {
			t.Errorf("move %d %+v: %v, want a typed refusal", i, m, err)
		}
	}
	if n := countRows(t, f.s, "capital_entries"); n != 0 {
		t.Errorf("%d entries after refusals", n)
	}
}

// The accountant asks, the director approves; a teller may do neither.
func TestCapitalIsAskedByTheAccountantAndApprovedByTheDirector(t *testing.T) {
	t.Parallel()
	s := staffedStore(t)
	move := data.CapitalMove{Kind: data.CapitalTransfer, Level: data.CapitalDistrict, Giver: "Ủy ban nhân dân huyện",
		On: day, Amount: 80_000_000, Decision: "99/QĐ-UBND"}
	if _, err := s.MoveCapital(as(t, s, "giaodich"), move); !isDenied(err, data.RoleTeller, data.ActCapital) {
		t.Errorf("teller: %v", err)
	}
	if _, err := s.MoveCapital(as(t, s, "giamdoc"), move); !isDenied(err, data.RoleDirector, data.ActCapital) {
		t.Errorf("director asking: %v", err)
	}
	before, err := s.CapitalTotalsOn(context.Background(), day, 0)
	must(t, err)
	_, err = s.MoveCapital(as(t, s, "ketoan"), move)
	var made *data.RequestMade
	if !errors.As(err, &made) {
		t.Fatalf("accountant: %v, want a request", err)
	}
	if now, _ := s.CapitalTotalsOn(context.Background(), day, 0); now != before {
		t.Errorf("a request changed the pools: %+v → %+v", before, now)
	}
	if _, err := s.Approve(as(t, s, "ketoan"), made.ID); err == nil {
		t.Error("the accountant approved their own request")
	}
	if _, err := s.Approve(as(t, s, "giamdoc"), made.ID); err != nil {
		t.Fatalf("director approves: %v", err)
	}
	now, _ := s.CapitalTotalsOn(context.Background(), day, 0)
	if now.Received != before.Received+move.Amount {
		t.Errorf("approved: received %d, want %d", now.Received, before.Received+move.Amount)
	}
}

// check finds a local loan with no pool and a pool that does not cover its loans, which only
// a change behind the store's back can make.
func TestCheckFindsCapitalProblems(t *testing.T) {
	t.Parallel()
	f := capitalFixture(t)
	l := f.open(t, localLoan("LOCAL-1", f.member.ID, 20_000_000), 20_000_000)
	problems, err := f.s.Check(context.Background())
	must(t, err)
	if len(problems) != 0 {
		t.Fatalf("a sound office: %v", problems)
	}
	// Behind the store's back: the loan loses its pool, and the pool money it never had.
	must(t, func() error {
		_, err := f.s.db.Exec(dropTrigger(f.s, "capital_loans_no_update", "capital_loans"))
		return err
	}())
	if _, err := f.s.db.Exec(`UPDATE capital_loans SET pool_id = pool_id WHERE loan_id = ?`, l.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.db.Exec(`DELETE FROM capital_loans WHERE loan_id = ?`, l.ID); err != nil {
		t.Fatal(err)
	}
	problems, err = f.s.Check(context.Background())
	must(t, err)
	rules := map[string]bool{}
	for _, p := range problems {
		rules[p.Rule] = true
	}
	if !rules["check_capital_no_pool"] || !rules["check_trigger"] {
		t.Errorf("problems %v, want the loan without a pool and the missing trigger", problems)
	}
}
