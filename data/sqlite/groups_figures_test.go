package sqlite

import (
	"context"
	"database/sql"
	"reflect"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
)

// engineFigures sums PositionOn over the loans of a scope: the figures the lists must equal.
func engineFigures(t *testing.T, s *Store, scope PositionScope, on data.Date) (outstanding, overdue data.Dong, byBorrower map[int64][2]data.Dong) {
	t.Helper()
	ps, err := s.Positions(context.Background(), scope, on)
	if err != nil {
		t.Fatal(err)
	}
	byBorrower = map[int64][2]data.Dong{}
	for _, p := range ps {
		outstanding += p.Position.Principal()
		overdue += p.Position.Overdue
		f := byBorrower[p.Loan.BorrowerID]
		byBorrower[p.Loan.BorrowerID] = [2]data.Dong{f[0] + p.Position.Principal(), f[1] + p.Position.Overdue}
	}
	return outstanding, overdue, byBorrower
}

// The list's outstanding and overdue equal the sums of PositionOn over each group's loans, for
// every group of the small demo office, on the demo date and on earlier dates (a working date
// in the past, when later entries must be left out).
func TestGroupListFiguresEqualTheEngine(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	for _, on := range []data.Date{demo.Today, demo.Today.AddDays(30), data.MustDate("2024-06-30"), data.MustDate("2021-01-15")} {
		lines, err := s.GroupList(ctx, data.GroupFilter{}, on)
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) != 12 {
			t.Fatalf("the small demo office lists %d groups, want 12", len(lines))
		}
		var anyOverdue bool
		for _, g := range lines {
			out, od, _ := engineFigures(t, s, PositionScope{GroupID: g.ID}, on)
			if g.Outstanding != out || g.Overdue != od {
				t.Errorf("%s group %s: outstanding %d overdue %d, the engine says %d and %d",
					on, g.Code, g.Outstanding, g.Overdue, out, od)
			}
			anyOverdue = anyOverdue || od > 0
		}
		if on == demo.Today && !anyOverdue {
			t.Error("no group of the demo office has overdue debt: the test proves nothing")
		}
	}
}

// Every household's figures are the engine's and its savings SavingsBalance's (the group sums
// could hide two errors that cancel).
func TestMemberLinesEqualTheEngineAndSavings(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	on := demo.Today
	groups, err := s.SearchGroups(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _, byBorrower := engineFigures(t, s, PositionScope{}, on)
	var withOverdue, withSavings int
	for _, g := range groups {
		lines, err := s.GroupMemberLines(ctx, g.ID, on)
		if err != nil {
			t.Fatal(err)
		}
		members, err := s.groupMembers(ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) != len(members) {
			t.Fatalf("group %s: %d member lines, %d members", g.Code, len(lines), len(members))
		}
		for i, m := range lines {
			if m.ID != members[i].ID {
				t.Fatalf("group %s: line %d is %s, the members list has %s", g.Code, i, m.Code, members[i].Code)
			}
			if want := byBorrower[m.ID]; m.Outstanding != want[0] || m.Overdue != want[1] {
				t.Errorf("%s: outstanding %d overdue %d, the engine says %d and %d", m.Code, m.Outstanding, m.Overdue, want[0], want[1])
			}
			sav, err := s.SavingsBalance(ctx, m.ID, on)
			if err != nil {
				t.Fatal(err)
			}
			if m.Savings != sav {
				t.Errorf("%s: savings %d, SavingsBalance says %d", m.Code, m.Savings, sav)
			}
			if m.Overdue > 0 {
				withOverdue++
			}
			if m.Savings > 0 {
				withSavings++
			}
		}
	}
	if withOverdue == 0 || withSavings == 0 {
		t.Errorf("%d households with overdue debt, %d with savings: the test proves little", withOverdue, withSavings)
	}
	if none, err := s.GroupMemberLines(ctx, 999_999, on); err != nil || len(none) != 0 {
		t.Fatalf("an unknown group lists %v, %v", none, err)
	}
}

// Every loan with a reschedule, an extension, a freeze, a write-off or a reversal: its
// household's figures equal the engine's.
func TestMemberFiguresOfUnusualLoans(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	rows, err := s.db.Query(`SELECT DISTINCT l.borrower_id, coalesce(b.group_id, 0) FROM entries e
		JOIN loans l ON l.id = e.loan_id JOIN borrowers b ON b.id = l.borrower_id
		WHERE e.kind IN ('reschedule', 'extend', 'freeze', 'unfreeze', 'writeoff', 'reversal')`)
	must(t, err)
	want := map[int64]int64{}
	for rows.Next() {
		var b, g int64
		must(t, rows.Scan(&b, &g))
		want[b] = g
	}
	rows.Close()
	if len(want) < 5 {
		t.Fatalf("only %d households with unusual loans in the demo office", len(want))
	}
	for _, on := range []data.Date{demo.Today, data.MustDate("2025-03-31")} {
		_, _, engine := engineFigures(t, s, PositionScope{}, on)
		checked := 0
		lines := map[int64][]data.MemberLine{}
		for b, g := range want {
			if g == 0 {
				continue
			}
			if _, ok := lines[g]; !ok {
				ls, err := s.GroupMemberLines(ctx, g, on)
				must(t, err)
				lines[g] = ls
			}
			for _, m := range lines[g] {
				if m.ID == b {
					checked++
					if e := engine[b]; m.Outstanding != e[0] || m.Overdue != e[1] {
						t.Errorf("%s %s: outstanding %d overdue %d, the engine says %d and %d", on, m.Code, m.Outstanding, m.Overdue, e[0], e[1])
					}
				}
			}
		}
		if checked == 0 {
			t.Fatal("no household checked")
		}
	}
}

func TestGroupListFilters(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	all, err := s.GroupList(ctx, data.GroupFilter{}, demo.Today)
	must(t, err)
	communes, err := s.Communes(ctx)
	must(t, err)
	total := 0
	for _, c := range communes {
		lines, err := s.GroupList(ctx, data.GroupFilter{CommuneID: c.ID}, demo.Today)
		must(t, err)
		for _, g := range lines {
			if g.CommuneID != c.ID {
				t.Errorf("commune %s lists group %s of commune %d", c.Name, g.Code, g.CommuneID)
			}
		}
		total += len(lines)
	}
	if total != len(all) {
		t.Errorf("the communes list %d groups in all, the office %d", total, len(all))
	}
	v := all[0].VillageID
	byVillage, err := s.GroupList(ctx, data.GroupFilter{CommuneID: all[0].CommuneID, VillageID: v}, demo.Today)
	must(t, err)
	if len(byVillage) == 0 || len(byVillage) == len(all) {
		t.Fatalf("village %d lists %d of %d groups", v, len(byVillage), len(all))
	}
	for _, g := range byVillage {
		if g.VillageID != v {
			t.Errorf("village %d lists group %s of village %d", v, g.Code, g.VillageID)
		}
	}
	words, err := s.GroupList(ctx, data.GroupFilter{Query: data.Fold(all[3].Name)}, demo.Today)
	must(t, err)
	found := false
	for _, g := range words {
		found = found || g.ID == all[3].ID
		if g.ID == all[3].ID && (g.Outstanding != all[3].Outstanding || g.Overdue != all[3].Overdue) {
			t.Errorf("searched, group %s shows %d/%d instead of %d/%d", g.Code, g.Outstanding, g.Overdue, all[3].Outstanding, all[3].Overdue)
		}
	}
	if !found || len(words) == len(all) {
		t.Errorf("searching %q finds %d groups", all[3].Name, len(words))
	}
	if _, err := s.GroupList(ctx, data.GroupFilter{}, data.Date{}); data.ForField(err, "position.date") == nil {
		t.Errorf("a list without a date: %v", err)
	}
}

// Loans with every entry that changes the figures in an unusual way — a reschedule, a reversed
// reschedule, an extension, a freeze, an unfreeze, a write-off, a reversed repayment — give the
// engine's figures on every date of their life, including dates before their later entries
// (a working date in the past).
func TestFiguresOfRescheduledExtendedFrozenLoans(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	on := data.MustDate
	// A: 20 M, installments of 5 M on 10 Apr, 10 Jul, 10 Oct 2025 and 10 Jan 2026.
	a := f.open(t, newLoan("HD-A", f.member.ID, 20_000_000, "2025-01-10", 12), 10_000_000)
	f.post(t, data.Entry{LoanID: a.ID, Kind: data.EntryDisburse, ValueDate: on("2025-02-10"), Amount: 10_000_000})
	f.post(t, data.Entry{LoanID: a.ID, Kind: data.EntryReschedule, ValueDate: on("2025-03-15"), Installment: 1,
		NewDate: on("2025-05-10"), Decision: "QĐ 5/ĐC"})
	f.post(t, data.Entry{LoanID: a.ID, Kind: data.EntryPrincipal, ValueDate: on("2025-05-20"), Amount: 5_000_000})
	f.post(t, data.Entry{LoanID: a.ID, Kind: data.EntryFreeze, ValueDate: on("2025-09-01"), Amount: 5_000_000,
		Decision: "QĐ 9/KH"})
	f.post(t, data.Entry{LoanID: a.ID, Kind: data.EntryUnfreeze, ValueDate: on("2025-10-01"), Amount: 2_000_000})
	f.post(t, data.Entry{LoanID: a.ID, Kind: data.EntryExtend, ValueDate: on("2025-10-05"), NewDate: on("2026-07-10"),
		Decision: "QĐ 10/GH"})
	f.post(t, data.Entry{LoanID: a.ID, Kind: data.EntryWriteOff, ValueDate: on("2025-10-06"), Amount: 1_000_000,
		Decision: "QĐ 11/XL"})

	// B: 12 M, installment 2 rescheduled, then the reschedule reversed; a repayment reversed.
	b := f.open(t, newLoan("HD-B", f.leader.ID, 12_000_000, "2025-01-20", 12), 12_000_000)
	f.post(t, data.Entry{LoanID: b.ID, Kind: data.EntryPrincipal, ValueDate: on("2025-04-20"), Amount: 3_000_000})
	rs := f.post(t, data.Entry{LoanID: b.ID, Kind: data.EntryReschedule, ValueDate: on("2025-07-01"), Installment: 2,
		NewDate: on("2025-10-01"), Decision: "QĐ 7/ĐC"})
	f.post(t, data.Entry{LoanID: b.ID, Kind: data.EntryReversal, ValueDate: on("2025-08-15"), Reverses: rs.ID})
	paid := f.post(t, data.Entry{LoanID: b.ID, Kind: data.EntryPrincipal, ValueDate: on("2025-09-01"), Amount: 1_000_000})
	f.post(t, data.Entry{LoanID: b.ID, Kind: data.EntryReversal, ValueDate: on("2025-09-03"), Reverses: paid.ID})

	// C: 8 M, never repaid, extended twice; D: repaid in full (closed).
	c := f.open(t, newLoan("HD-C", f.member.ID, 8_000_000, "2024-06-05", 12), 8_000_000)
	f.post(t, data.Entry{LoanID: c.ID, Kind: data.EntryExtend, ValueDate: on("2025-05-01"), NewDate: on("2025-09-05"),
		Decision: "QĐ 1/GH"})
	f.post(t, data.Entry{LoanID: c.ID, Kind: data.EntryExtend, ValueDate: on("2025-08-20"), NewDate: on("2026-01-05"),
		Decision: "QĐ 2/GH"})
	d := f.open(t, newLoan("HD-D", f.leader.ID, 4_000_000, "2024-03-01", 12), 4_000_000)
	f.post(t, data.Entry{LoanID: d.ID, Kind: data.EntryPrincipal, ValueDate: on("2024-12-01"), Amount: 4_000_000})

	ctx := context.Background()
	checked, overdue := 0, 0
	for day := on("2024-02-25"); !day.After(on("2026-09-01")); day = day.AddDays(3) {
		lines, err := f.s.GroupList(ctx, data.GroupFilter{}, day)
		must(t, err)
		out, od, byBorrower := engineFigures(t, f.s, PositionScope{GroupID: f.group.ID}, day)
		if len(lines) != 1 || lines[0].Outstanding != out || lines[0].Overdue != od {
			t.Fatalf("%s: list shows %+v, the engine %d outstanding, %d overdue", day, lines, out, od)
		}
		members, err := f.s.GroupMemberLines(ctx, f.group.ID, day)
		must(t, err)
		for _, m := range members {
			if e := byBorrower[m.ID]; m.Outstanding != e[0] || m.Overdue != e[1] {
				t.Fatalf("%s %s: %d outstanding, %d overdue; the engine %d and %d", day, m.Code, m.Outstanding, m.Overdue, e[0], e[1])
			}
		}
		// The whole office's figures may take later entries off the kept balances instead.
		engine := engineByLoan(t, f.s, PositionScope{}, day)
		for _, subtract := range []bool{false, true} {
			q := figuresQuery{key: "l.id", scope: wholeOffice, subtract: subtract}
			if office := sqlByLoanWith(t, f.s, q, day); !reflect.DeepEqual(office, engine) {
				t.Fatalf("%s (subtracting %v): the office's figures by loan %+v, the engine's %+v", day, subtract, office, engine)
			}
		}
		checked++
		if od > 0 {
			overdue++
		}
	}
	if overdue < 20 || overdue == checked {
		t.Errorf("overdue on %d of %d dates: the loans do not exercise the rules", overdue, checked)
	}
}

// engineByLoan is each loan's figures on a date as the engine gives them (loans that owe
// nothing left out).
func engineByLoan(t *testing.T, s *Store, scope PositionScope, on data.Date) map[int64]figures {
	t.Helper()
	ps, err := s.Positions(context.Background(), scope, on)
	must(t, err)
	out := map[int64]figures{}
	for _, lp := range ps {
		p := lp.Position
		if p.Principal() != 0 || p.Overdue != 0 || p.Frozen != 0 {
			out[lp.Loan.ID] = figures{p.Principal(), p.Overdue, p.Frozen}
		}
	}
	return out
}

// sqlByLoan is loanFigures by loan for a scope, zero figures left out.
func sqlByLoan(t *testing.T, s *Store, scope string, on data.Date) map[int64]figures {
	t.Helper()
	var out map[int64]figures
	must(t, s.read(context.Background(), func(tx *sql.Tx) error {
		var err error
		out, err = loanFigures(context.Background(), tx, "l.id", scope, on)
		return err
	}))
	return nonZero(out)
}

// sqlByLoanWith is the same for a query as given (its late loans computed its way).
func sqlByLoanWith(t *testing.T, s *Store, q figuresQuery, on data.Date) map[int64]figures {
	t.Helper()
	var out map[int64]figures
	must(t, s.read(context.Background(), func(tx *sql.Tx) error {
		var err error
		out, err = q.byKey(context.Background(), tx, on)
		return err
	}))
	return nonZero(out)
}

func nonZero(figs map[int64]figures) map[int64]figures {
	for id, f := range figs {
		if f == (figures{}) {
			delete(figs, id)
		}
	}
	return figs
}

// The whole office's figures take the later entries off the kept balances or replay the late
// loans' ledgers, whichever costs less: on dates back to the first years of the demo office's
// ledger, both ways give every loan the engine's figures, and so does the choice.
func TestWholeOfficeFiguresOnPastDatesEqualTheEngine(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	checked, late, subtracted := 0, 0, 0
	for on := demo.Today.AddMonths(-60); on.Before(demo.Today.AddDays(40)); on = on.AddDays(47) {
		want := engineByLoan(t, s, PositionScope{}, on)
		for _, subtract := range []bool{false, true} {
			got := sqlByLoanWith(t, s, figuresQuery{key: "l.id", scope: wholeOffice, subtract: subtract}, on)
			if !reflect.DeepEqual(got, want) {
				for id, f := range want {
					if got[id] != f {
						t.Errorf("%s loan %d (subtracting %v): %+v, the engine's %+v", on, id, subtract, got[id], f)
					}
				}
				t.Fatalf("%s (subtracting %v): %d loans owe, %d by the engine", on, subtract, len(got), len(want))
			}
		}
		if got := sqlByLoan(t, s, wholeOffice, on); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: the office's figures differ from the engine's", on)
		}
		checked++
		var n int
		must(t, s.db.QueryRow(`SELECT count(*) FROM loan_balances WHERE last_value_date > ?`, on.String()).Scan(&n))
		if n > 0 {
			late++
		}
		must(t, s.read(context.Background(), func(tx *sql.Tx) error {
			sub, err := subtractLater(context.Background(), tx, on)
			if sub && n > 0 {
				subtracted++
			}
			return err
		}))
	}
	if late < 10 || checked-late < 1 || subtracted == 0 || subtracted == late {
		t.Errorf("%d dates, %d with late loans, %d of them subtracting: the test does not exercise every case",
			checked, late, subtracted)
	}
}
