package sqlite

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"policycredit/data"
)

// genOffice builds an office of communes × loansPerCommune households, each with one program
// 01 loan of 120 months repaid every 3 months, signed between 2019 and mid-2023, with monthly
// interest and quarterly principal up to March 2026 (about 80 entries a loan on average), in
// groups of about 50, and a savings deposit every month for one household in ten. Amounts are
// plausible, not replayed through the engine: imported history is the bank's record. Same
// arguments, same office.
func genOffice(communes, loansPerCommune int) *data.Dataset {
	r := rand.New(rand.NewPCG(2026, 3))
	ds := &data.Dataset{Office: data.Office{Name: "PGD NHCSXH huyện Thử"}, Schedules: map[int64][]data.Installment{}}
	until := data.MustDate("2026-03-01")
	for c := 1; c <= communes; c++ {
		cid := int64(c)
		ds.Communes = append(ds.Communes, data.Commune{ID: cid, Code: fmt.Sprintf("%05d", 17000+c), Name: fmt.Sprintf("Xã Số %d", c)})
		vid := cid * 10
		ds.Villages = append(ds.Villages, data.Village{ID: vid, CommuneID: cid, Code: "T01", Name: "Thôn Một"})
		ds.Points = append(ds.Points, data.Point{ID: cid, CommuneID: cid, Code: fmt.Sprintf("DGD%02d", c),
			Name: fmt.Sprintf("Điểm xã Số %d", c), Day: 15, VillageIDs: []int64{vid}})
		groups := (loansPerCommune + 49) / 50
		for g := 0; g < groups; g++ {
			ds.Groups = append(ds.Groups, data.Group{ID: cid*1000 + int64(g), Code: fmt.Sprintf("T%d-%d", c, g),
				Name: fmt.Sprintf("Tổ %d", g), VillageID: vid, Association: "HND", FoundedOn: data.MustDate("2010-01-01")})
		}
		for k := 0; k < loansPerCommune; k++ {
			id := cid*100_000 + int64(k)
			gid := cid*1000 + int64(k%groups)
			ds.Borrowers = append(ds.Borrowers, data.Borrower{ID: id, Code: fmt.Sprintf("KH%d", id), Name: "Nguyễn Văn An",
				VillageID: vid, GroupID: gid, Category: data.CategoryPoor, Active: true})
			signed := data.MustDate("2019-01-01").AddDays(r.IntN(4 * 365))
			amount := data.Dong(20+r.IntN(60)) * 1_000_000
			l := data.Loan{ID: id, Contract: fmt.Sprintf("HD%d", id), BorrowerID: id, GroupID: gid, ProgramCode: "01",
				Source: data.SourceCentral, Amount: amount, SignedOn: signed, TermMonths: 120,
				Plan: data.Plan{Kind: data.PlanEqual, EveryMonths: 3}, Status: data.LoanActive}
			ds.Loans = append(ds.Loans, l)
			sched, err := data.BuildSchedule(l)
			if err != nil {
				panic(err)
			}
			ds.Schedules[id] = sched
			add := func(e data.Entry) { ds.Entries = append(ds.Entries, e) }
			add(data.Entry{LoanID: id, BorrowerID: id, Kind: data.EntryDisburse, ValueDate: signed, Amount: amount})
			bal := amount
			saver := k%10 == 0
			for m := 1; ; m++ {
				on := signed.AddMonths(m)
				if on.After(until) {
					break
				}
				add(data.Entry{LoanID: id, BorrowerID: id, Kind: data.EntryInterest, ValueDate: on,
					Amount: bal * 5500 / 1_000_000, Ref: "PT"})
				if m%3 == 0 && bal > 0 {
					p := sched[m/3-1].Principal
					add(data.Entry{LoanID: id, BorrowerID: id, Kind: data.EntryPrincipal, ValueDate: on, Amount: p, Ref: "PT"})
					bal -= p
				}
				if saver {
					add(data.Entry{BorrowerID: id, Kind: data.EntryDeposit, ValueDate: on, Amount: 50_000})
				}
			}
		}
	}
	// Posting order is date order: a loan's entries lie far apart in the ledger, as they do in
	// an office's file.
	sort.SliceStable(ds.Entries, func(i, j int) bool { return ds.Entries[i].ValueDate.Before(ds.Entries[j].ValueDate) })
	for i := range ds.Entries {
		ds.Entries[i].ID = int64(i + 1)
	}
	return ds
}

func TestImportLoans(t *testing.T) {
	t.Parallel()
	s, ctx := newStore(t), userCtx
	ds := smallOffice()
	ds.Loans = []data.Loan{
		{ID: 1, Contract: "HD-01", BorrowerID: 1000, GroupID: 100, ProgramCode: "01", Source: data.SourceCentral,
			Amount: 30_000_000, SignedOn: data.MustDate("2024-03-10"), TermMonths: 36,
			Plan: data.Plan{Kind: data.PlanEqual, EveryMonths: 6}, Status: data.LoanActive},
		{ID: 2, Contract: "HD-02", BorrowerID: 1003, GroupID: 200, ProgramCode: "03", Source: data.SourceLocal,
			Amount: 50_000_000, SignedOn: data.MustDate("2023-01-05"), TermMonths: 24,
			Plan:          data.Plan{Kind: data.PlanEqual, EveryMonths: 12},
			RateOverrides: []data.RatePeriod{{Effective: data.MustDate("2023-01-05"), Rate: 6000}}, Status: data.LoanClosed},
	}
	// HD-01's schedule comes from the bank; HD-02's is built.
	ds.Schedules = map[int64][]data.Installment{1: {
		{No: 1, Due: data.MustDate("2025-03-10"), Principal: 15_000_000},
		{No: 2, Due: data.MustDate("2027-03-10"), Principal: 15_000_000},
	}}
	ds.Entries = []data.Entry{
		{ID: 10, LoanID: 1, Kind: data.EntryDisburse, ValueDate: data.MustDate("2024-03-10"), Amount: 30_000_000},
		{ID: 11, LoanID: 2, BorrowerID: 1003, Kind: data.EntryDisburse, ValueDate: data.MustDate("2023-01-05"), Amount: 50_000_000},
		{ID: 12, BorrowerID: 1000, Kind: data.EntryDeposit, ValueDate: data.MustDate("2024-04-01"), Amount: 200_000},
		{ID: 13, LoanID: 1, Kind: data.EntryPrincipal, ValueDate: data.MustDate("2025-03-10"), Amount: 15_000_000,
			PostedAt: time.Date(2025, 3, 10, 8, 0, 0, 0, time.UTC), User: "bank"},
		{ID: 14, LoanID: 2, Kind: data.EntryPrincipal, ValueDate: data.MustDate("2024-01-05"), Amount: 25_000_000},
		{ID: 15, LoanID: 2, Kind: data.EntryPrincipal, ValueDate: data.MustDate("2025-01-05"), Amount: 25_000_000},
		{ID: 20, BorrowerID: 1000, Kind: data.EntryWithdraw, ValueDate: data.MustDate("2024-05-01"), Amount: 50_000},
		{ID: 21, BorrowerID: 1000, Kind: data.EntryReversal, ValueDate: data.MustDate("2024-05-02"), Reverses: 20},
		{ID: 22, LoanID: 1, Kind: data.EntryInterest, ValueDate: data.MustDate("2025-03-10"), Amount: 1_000_000},
		{ID: 23, LoanID: 1, Kind: data.EntryReversal, ValueDate: data.MustDate("2025-03-11"), Reverses: 22},
	}
	must(t, s.ImportDataset(ctx, ds))
	assertCheckClean(t, s)
	if got := loanBalance(t, s, 1); got != (balanceRow{Disbursed: 30_000_000, Repaid: 15_000_000, Entries: 4, Last: "2025-03-11"}) {
		t.Errorf("HD-01 balance = %+v", got)
	}
	if got := loanBalance(t, s, 2); got != (balanceRow{Disbursed: 50_000_000, Repaid: 50_000_000, Entries: 3, Last: "2025-01-05"}) {
		t.Errorf("HD-02 balance = %+v", got)
	}
	if got := savingsRow(t, s, 1000); got != 200_000 {
		t.Errorf("savings = %d", got)
	}
	b, err := s.LoanBook(ctx, 2)
	must(t, err)
	if b.Loan.Status != data.LoanClosed || len(b.Schedule) != 2 || b.Schedule[1].Due != data.MustDate("2025-01-05") ||
		len(b.Loan.RateOverrides) != 1 || b.Entries[0].BorrowerID != 1003 {
		t.Errorf("HD-02 book = %+v", b)
	}
	b, err = s.LoanBook(ctx, 1)
	must(t, err)
	if b.Schedule[0].Principal != 15_000_000 || b.Entries[1].User != "bank" || !b.Entries[1].PostedAt.Equal(time.Date(2025, 3, 10, 8, 0, 0, 0, time.UTC)) ||
		b.Entries[0].User != "lan.nguyen" || !b.Entries[0].PostedAt.Equal(pinned) {
		t.Errorf("HD-01 book = %+v", b)
	}
	// The ledger goes on from the imported state.
	must(t, s.Post(ctx, &data.Entry{LoanID: 1, Kind: data.EntryPrincipal, ValueDate: data.MustDate("2025-04-01"), Amount: 1_000_000}))
	assertCheckClean(t, s)
	entries, _ := s.Audit(ctx, "office", "")
	if len(entries) != 1 {
		t.Errorf("audit = %+v", entries)
	}
}

// Each bad loan or entry rejects the whole import, naming the record.
func TestImportLoansRefusesBadRecords(t *testing.T) {
	t.Parallel()
	good := func() *data.Dataset {
		ds := smallOffice()
		ds.Loans = []data.Loan{{ID: 1, Contract: "HD-01", BorrowerID: 1000, ProgramCode: "01", Source: data.SourceCentral,
			Amount: 30_000_000, SignedOn: data.MustDate("2024-03-10"), TermMonths: 36,
			Plan: data.Plan{Kind: data.PlanEqual, EveryMonths: 6}}}
		ds.Entries = []data.Entry{
			{ID: 1, LoanID: 1, Kind: data.EntryDisburse, ValueDate: data.MustDate("2024-03-10"), Amount: 30_000_000},
			{ID: 2, BorrowerID: 1001, Kind: data.EntryDeposit, ValueDate: data.MustDate("2024-03-10"), Amount: 30_000},
		}
		return ds
	}
	cases := []struct {
		name, field, rule string
		edit              func(ds *data.Dataset)
	}{
		{"loan of a missing household", "loan.borrower", "not_found", func(ds *data.Dataset) { ds.Loans[0].BorrowerID = 5 }},
		{"loan of a missing program", "loan.program", "not_found", func(ds *data.Dataset) { ds.Loans[0].ProgramCode = "77" }},
		{"loan in a missing group", "loan.group", "not_found", func(ds *data.Dataset) { ds.Loans[0].GroupID = 5 }},
		{"loan of no amount", "loan.amount", "positive", func(ds *data.Dataset) { ds.Loans[0].Amount = 0 }},
		{"loan with an unknown plan", "loan.plan", "one_of", func(ds *data.Dataset) { ds.Loans[0].Plan.Kind = "balloon" }},
		{"duplicate contract", "loan.contract", "duplicate", func(ds *data.Dataset) {
			l := ds.Loans[0]
			l.ID, l.Contract = 2, "hd-01"
			ds.Loans = append(ds.Loans, l)
		}},
		{"schedule out of order", "loan.schedule", "schedule_invalid", func(ds *data.Dataset) {
			ds.Schedules = map[int64][]data.Installment{1: {{No: 2, Due: data.MustDate("2025-01-01"), Principal: 1}}}
		}},
		{"entry of a missing loan", "entry.loan", "not_found", func(ds *data.Dataset) { ds.Entries[0].LoanID = 9 }},
		{"entry of another household", "entry.borrower", "not_loan_borrower", func(ds *data.Dataset) { ds.Entries[0].BorrowerID = 1001 }},
		{"entry IDs out of order", "entry.id", "posting_order", func(ds *data.Dataset) { ds.Entries[1].ID = 1 }},
		{"negative amount", "entry.amount", "not_negative", func(ds *data.Dataset) { ds.Entries[1].Amount = -1 }},
		{"unknown kind", "entry.kind", "one_of", func(ds *data.Dataset) { ds.Entries[1].Kind = "gift" }},
		{"entry without a date", "entry.value_date", "required", func(ds *data.Dataset) { ds.Entries[1].ValueDate = data.Date{} }},
		{"loan entry without a loan", "entry.loan", "required", func(ds *data.Dataset) { ds.Entries[0].LoanID = 0 }},
		{"savings of a missing household", "entry.borrower", "not_found", func(ds *data.Dataset) { ds.Entries[1].BorrowerID = 5 }},
		{"reversal of a missing entry", "entry.reverses", "not_found", func(ds *data.Dataset) {
			ds.Entries = append(ds.Entries, data.Entry{ID: 3, BorrowerID: 1001, Kind: data.EntryReversal, ValueDate: data.MustDate("2024-04-01"), Reverses: 7})
		}},
		{"reversal of another ledger's entry", "entry.reverses", "not_found", func(ds *data.Dataset) {
			ds.Entries = append(ds.Entries, data.Entry{ID: 3, BorrowerID: 1001, Kind: data.EntryReversal, ValueDate: data.MustDate("2024-04-01"), Reverses: 1})
		}},
		{"reversed twice", "entry.reverses", "already_reversed", func(ds *data.Dataset) {
			r := data.Entry{ID: 3, BorrowerID: 1001, Kind: data.EntryReversal, ValueDate: data.MustDate("2024-04-01"), Reverses: 2}
			r2 := r
			r2.ID = 4
			ds.Entries = append(ds.Entries, r, r2)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newStore(t)
			before := snapshot(t, s)
			ds := good()
			c.edit(ds)
			assertRule(t, s.ImportDataset(userCtx, ds), c.field, c.rule)
			if snapshot(t, s) != before {
				t.Error("a refused import changed the database")
			}
		})
	}
	s := newStore(t)
	must(t, s.ImportDataset(userCtx, good()))
	assertCheckClean(t, s)
}

// TestImportGeneratedOffice imports a generated office and checks its balances and positions.
func TestImportGeneratedOffice(t *testing.T) {
	t.Parallel()
	ds := genOffice(2, 60)
	s := newStore(t)
	must(t, s.ImportDataset(userCtx, ds))
	if n := countRows(t, s, "entries"); n != len(ds.Entries) {
		t.Errorf("%d entries imported, want %d", n, len(ds.Entries))
	}
	assertCheckClean(t, s)
	ps, err := s.Positions(userCtx, PositionScope{CommuneID: 2}, data.MustDate("2026-03-15"))
	must(t, err)
	if len(ps) != 60 {
		t.Errorf("%d positions in commune 2", len(ps))
	}
	for _, lp := range ps[:5] {
		p, err := s.Position(userCtx, lp.Loan.Contract, data.MustDate("2026-03-15"))
		must(t, err)
		if p.Principal() != lp.Position.Principal() || p.InterestDue != lp.Position.InterestDue {
			t.Errorf("%s: %+v vs %+v", lp.Loan.Contract, p, lp.Position)
		}
	}
}
