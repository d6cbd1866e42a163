package sqlite

import (
	"context"
	"testing"

	"policycredit/data"
)

func contracts(vs []data.LoanView) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Contract
	}
	return out
}

func TestSearchLoans(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s, ctx := f.s, userCtx
	on := data.MustDate("2025-12-01")
	// HD-A: 12,000,000 in four installments every 3 months from 10 Jan 2025; by 1 Dec the
	// installments of 10 Apr, 10 Jul and 10 Oct (9,000,000) are due; 4,000,000 repaid.
	a := f.open(t, newLoan("HD-A", f.leader.ID, 12_000_000, "2025-01-10", 12), 12_000_000)
	f.post(t, data.Entry{LoanID: a.ID, Kind: data.EntryPrincipal, ValueDate: data.MustDate("2025-04-10"), Amount: 4_000_000})
	// HD-B: Trần Thị Hoa, 6,000,000 signed 1 Nov 2025, first installment 1 Feb 2026: current.
	b := f.open(t, newLoan("HD-B", f.member.ID, 6_000_000, "2025-11-01", 12), 6_000_000)
	// HD-F: 2,000,000 of it frozen, nothing due yet.
	fr := f.open(t, newLoan("HD-F", f.member.ID, 6_000_000, "2025-10-01", 12), 6_000_000)
	f.post(t, data.Entry{LoanID: fr.ID, Kind: data.EntryFreeze, ValueDate: data.MustDate("2025-11-01"), Amount: 2_000_000,
		Decision: "QĐ 12/2025"})
	// HD-R: 8,000,000, installment 1 (10 Apr) moved to 10 Jul: nothing overdue on 1 Jun,
	// though the original schedule would say 2,000,000.
	r := f.open(t, newLoan("HD-R", f.outsider.ID, 8_000_000, "2025-01-10", 12), 8_000_000)
	f.post(t, data.Entry{LoanID: r.ID, Kind: data.EntryReschedule, ValueDate: data.MustDate("2025-04-01"), Installment: 1,
		NewDate: data.MustDate("2025-07-10"), Decision: "QĐ 3"})

	all, err := s.SearchLoans(ctx, "", on, 0)
	must(t, err)
	if got := contracts(all); len(got) != 4 || got[0] != "HD-B" || got[3] != "HD-R" && got[3] != "HD-A" {
		t.Fatalf("all loans, newest first: %v", got)
	}
	by := map[string]data.LoanView{}
	for _, v := range all {
		by[v.Contract] = v
	}
	if v := by["HD-A"]; v.Outstanding != 8_000_000 || v.Overdue != 5_000_000 || v.State != data.StateOverdue ||
		v.BorrowerName != "Nguyễn Thị Đào" || v.BorrowerCode != "KH0001" {
		t.Errorf("HD-A = %+v", v)
	}
	if v := by["HD-B"]; v.Outstanding != 6_000_000 || v.Overdue != 0 || v.State != data.StateCurrent {
		t.Errorf("HD-B = %+v", v)
	}
	if v := by["HD-F"]; v.Frozen != 2_000_000 || v.State != data.StateFrozen {
		t.Errorf("HD-F = %+v", v)
	}
	// HD-R: on 1 Jun nothing is due (installment 1 moved to 10 Jul); on 1 Aug installments 1
	// and 2, both due 10 Jul, are overdue: 4,000,000.
	for on, want := range map[string]data.Dong{"2025-06-01": 0, "2025-08-01": 4_000_000} {
		rv, err := s.SearchLoans(ctx, "hd-r", data.MustDate(on), 0)
		must(t, err)
		if len(rv) != 1 || rv[0].Overdue != want {
			t.Fatalf("HD-R on %s: %+v, want %d overdue", on, rv, want)
		}
		if p := f.position(t, "HD-R", on); p.Overdue != rv[0].Overdue {
			t.Errorf("on %s the list says %d overdue, the engine %d", on, rv[0].Overdue, p.Overdue)
		}
	}
	// Each state agrees with the engine on the list's date.
	for _, v := range all {
		p := f.position(t, v.Contract, on.String())
		if p.Overdue != v.Overdue || p.Principal() != v.Outstanding {
			t.Errorf("%s: list overdue %d outstanding %d, engine %d %d", v.Contract, v.Overdue, v.Outstanding, p.Overdue, p.Principal())
		}
	}

	for q, want := range map[string][]string{
		"tran thi hoa": {"HD-B", "HD-F"},
		"Trần hoa":     {"HD-B", "HD-F"},
		"hd-a":         {"HD-A"},
		"HD-A dao":     {"HD-A"},
		"KH0020":       {"HD-R"},
		"nobody":       {},
	} {
		got, err := s.SearchLoans(ctx, q, on, 0)
		must(t, err)
		if len(got) != len(want) {
			t.Errorf("%q finds %v, want %v", q, contracts(got), want)
			continue
		}
		for i := range want {
			if got[i].Contract != want[i] {
				t.Errorf("%q finds %v, want %v", q, contracts(got), want)
			}
		}
	}
	if got, _ := s.SearchLoans(ctx, "", on, 2); len(got) != 2 {
		t.Errorf("limit 2 gives %d", len(got))
	}
	if _, err := s.SearchLoans(ctx, "", data.Date{}, 0); err == nil {
		t.Error("no date accepted")
	}
	_ = b
}

func TestReverseEntryNeedsAReason(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s, ctx := f.s, userCtx
	l := f.open(t, newLoan("HD-V", f.member.ID, 10_000_000, "2025-01-10", 12), 10_000_000)
	pay := f.post(t, data.Entry{LoanID: l.ID, Kind: data.EntryPrincipal, ValueDate: data.MustDate("2025-02-10"), Amount: 4_000_000})
	before := snapshot(t, s)
	_, err := s.ReverseEntry(ctx, pay.ID, data.MustDate("2025-02-12"), "  ")
	assertRule(t, err, "entry.reason", "required")
	_, err = s.ReverseEntry(ctx, 999_999, data.MustDate("2025-02-12"), "sai")
	assertRule(t, err, "entry.reverses", "not_found")
	if snapshot(t, s) != before {
		t.Fatal("a refused reversal changed the database")
	}
	rev, err := s.ReverseEntry(ctx, pay.ID, data.MustDate("2025-02-12"), "Nhập sai số tiền")
	must(t, err)
	if rev.Reverses != pay.ID || rev.LoanID != l.ID || rev.Note != "Nhập sai số tiền" || rev.User == "" {
		t.Errorf("reversal = %+v", rev)
	}
	if p := f.position(t, "HD-V", "2025-02-12"); p.Principal() != 10_000_000 {
		t.Errorf("principal after reversal %d", p.Principal())
	}
	_, err = s.ReverseEntry(ctx, pay.ID, data.MustDate("2025-02-13"), "lần hai")
	assertRule(t, err, "entry.reverses", "already_reversed")
	assertCheckClean(t, s)
}

// BenchmarkSearchLoans: the loan list on the benchmark office, unfiltered (a page of 500) and
// by a name that matches many households.
func BenchmarkSearchLoans(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	for _, q := range []string{"", "nguyen thi", "HD200017"} {
		b.Run("q="+q, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.SearchLoans(ctx, q, benchOn, 501); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// Ordered by what each loan owes: the figures of every match first.
	b.Run("by_outstanding", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.ListLoans(ctx, data.LoanQuery{On: benchOn, Order: data.OrderByOutstanding, Desc: true, Limit: 501}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// The loan list can be ordered by any column, either way, and a page is the head of the whole
// ordered list.
func TestListLoansOrders(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	on := data.MustDate("2026-11-20")
	all, err := s.ListLoans(ctx, data.LoanQuery{On: on})
	must(t, err)
	if len(all) < 100 {
		t.Fatalf("%d loans", len(all))
	}
	for _, c := range []struct {
		order data.LoanOrder
		key   func(v data.LoanView) int64
	}{
		{data.OrderByAmount, func(v data.LoanView) int64 { return int64(v.Amount) }},
		{data.OrderByOutstanding, func(v data.LoanView) int64 { return int64(v.Outstanding) }},
		{data.OrderByState, func(v data.LoanView) int64 { return int64(stateRank[v.State]) }},
		{data.OrderBySigned, func(v data.LoanView) int64 { return v.SignedOn.Time().Unix() }},
	} {
		for _, desc := range []bool{false, true} {
			got, err := s.ListLoans(ctx, data.LoanQuery{On: on, Order: c.order, Desc: desc})
			must(t, err)
			if len(got) != len(all) {
				t.Fatalf("order %d: %d loans, want %d", c.order, len(got), len(all))
			}
			for i := 1; i < len(got); i++ {
				a, b := c.key(got[i-1]), c.key(got[i])
				if (!desc && a > b) || (desc && a < b) {
					t.Fatalf("order %d desc %v: %s (%d) before %s (%d)", c.order, desc, got[i-1].Contract, a, got[i].Contract, b)
				}
			}
			page, err := s.ListLoans(ctx, data.LoanQuery{On: on, Order: c.order, Desc: desc, Limit: 10})
			must(t, err)
			for i := range page {
				if page[i].ID != got[i].ID {
					t.Fatalf("order %d: the page's row %d is %s, the list's %s", c.order, i, page[i].Contract, got[i].Contract)
				}
			}
		}
	}
	// Contracts sort as text.
	got, err := s.ListLoans(ctx, data.LoanQuery{On: on, Order: data.OrderByContract})
	must(t, err)
	for i := 1; i < len(got); i++ {
		if got[i-1].Contract > got[i].Contract {
			t.Fatalf("%s before %s", got[i-1].Contract, got[i].Contract)
		}
	}
}
