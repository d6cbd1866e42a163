package sqlite

import (
	"context"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"policycredit/data"
)

// yearKey names a loan_year_effects row.
type yearKey struct {
	loan int64
	year int
}

// storedYearEffects is loan_year_effects without its rows of 0 (a missing row means 0).
func storedYearEffects(t testing.TB, s *Store) map[yearKey]data.Dong {
	t.Helper()
	rows, err := s.db.Query(`SELECT loan_id, year, effect FROM loan_year_effects WHERE effect <> 0`)
	must(t, err)
	defer rows.Close()
	out := map[yearKey]data.Dong{}
	for rows.Next() {
		var k yearKey
		var e data.Dong
		must(t, rows.Scan(&k.loan, &k.year, &e))
		out[k] = e
	}
	must(t, rows.Err())
	return out
}

// replayedYearEffects computes the table from the entries in Go, independently of the SQL that
// keeps it: disbursed − repaid − written off per loan and year (1 January counting in the year
// before), a reversal taking back what it reverses on its own date.
func replayedYearEffects(t testing.TB, s *Store) map[yearKey]data.Dong {
	t.Helper()
	rows, err := s.db.Query(`SELECT id, loan_id, kind, value_date, amount, coalesce(reverses, 0)
		FROM entries WHERE loan_id IS NOT NULL ORDER BY id`)
	must(t, err)
	defer rows.Close()
	type entry struct {
		kind   string
		amount data.Dong
	}
	byID := map[int64]entry{}
	out := map[yearKey]data.Dong{}
	for rows.Next() {
		var id, loan, reverses int64
		var kind, date string
		var amount data.Dong
		must(t, rows.Scan(&id, &loan, &kind, &date, &amount, &reverses))
		byID[id] = entry{kind, amount}
		sign := data.Dong(1)
		if kind == "reversal" {
			orig := byID[reverses]
			kind, amount, sign = orig.kind, orig.amount, -1
		}
		switch kind {
		case "principal", "writeoff":
			sign = -sign
		case "disburse":
		default:
			continue
		}
		year, err := strconv.Atoi(date[:4])
		must(t, err)
		if date[5:] == "01-01" {
			year--
		}
		out[yearKey{loan, year}] += sign * amount
	}
	must(t, rows.Err())
	for k, v := range out {
		if v == 0 {
			delete(out, k)
		}
	}
	return out
}

// assertYearEffects checks the kept table against the replayed ledger and Check.
func assertYearEffects(t testing.TB, s *Store, when string) {
	t.Helper()
	got, want := storedYearEffects(t, s), replayedYearEffects(t, s)
	if len(want) == 0 {
		t.Fatalf("%s: the ledger moves no principal", when)
	}
	if !reflect.DeepEqual(got, want) {
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s: loan %d year %d: stored %d, ledger %d", when, k.loan, k.year, got[k], w)
			}
		}
		for k, g := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("%s: loan %d year %d: stored %d, ledger 0", when, k.loan, k.year, g)
			}
		}
	}
	assertCheckClean(t, s)
}

func TestYearEffectsAfterImportAndCollection(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	assertYearEffects(t, s, "import")
	years := map[int]bool{}
	for k := range storedYearEffects(t, s) {
		years[k.year] = true
	}
	if len(years) < 3 {
		t.Errorf("the demo ledger spans years %v", years)
	}

	list := busiestList(t, s)
	g := list.Groups[0]
	rows, net := paidAsDue(g)
	if g.Totals.Due.Principal == 0 {
		t.Fatalf("group %s owes no principal", g.Code)
	}
	before := storedYearEffects(t, s)
	ref, err := s.PostCollection(ctx, data.CollectionBatch{PointID: list.PointID, Date: list.Date, Entries: rows,
		Cash: map[int64]data.Dong{g.ID: net}})
	must(t, err)
	assertYearEffects(t, s, "collection")
	var moved data.Dong
	after := storedYearEffects(t, s)
	for k, v := range after {
		if k.year == yearOf(list.Date) {
			moved += before[k] - v
		}
	}
	if moved != g.Totals.Due.Principal {
		t.Errorf("the batch moved %d of principal in %d, the group owed %d", moved, list.Date.Year(), g.Totals.Due.Principal)
	}
	must(t, s.ReverseCollection(ctx, ref, "Nhập nhầm tổ"))
	assertYearEffects(t, s, "reversed collection")
	if reversed := storedYearEffects(t, s); !reflect.DeepEqual(reversed, before) {
		t.Errorf("after reversing the batch the table differs from before it")
	}
}

func TestYearEffectsFollowPostsAcrossYears(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s, ctx := f.s, userCtx
	// 30,000,000 disbursed on 2024-11-05.
	l := f.open(t, newLoan("HD-Y1", f.member.ID, 30_000_000, "2024-11-05", 24), 30_000_000)
	day := func(d string) data.Date { return data.MustDate(d) }
	// 2,000,000 on 1 January 2025 counts in 2024; 3,000,000 on 10 March 2025 in 2025.
	f.post(t, data.Entry{LoanID: l.ID, Kind: data.EntryPrincipal, ValueDate: day("2025-01-01"), Amount: 2_000_000})
	march := f.post(t, data.Entry{LoanID: l.ID, Kind: data.EntryPrincipal, ValueDate: day("2025-03-10"), Amount: 3_000_000})
	// Back-dated across the year boundary: 1,000,000 on 20 December 2024, posted last.
	f.post(t, data.Entry{LoanID: l.ID, Kind: data.EntryPrincipal, ValueDate: day("2024-12-20"), Amount: 1_000_000})
	// Interest moves no principal.
	f.post(t, data.Entry{LoanID: l.ID, Kind: data.EntryInterest, ValueDate: day("2025-03-10"), Amount: 100_000})
	// The March payment reversed on 5 January 2026: +3,000,000 in 2026, on the reversal's date.
	f.post(t, data.Entry{LoanID: l.ID, Kind: data.EntryReversal, ValueDate: day("2026-01-05"), Reverses: march.ID})
	// A payment through PostPostings on 1 January 2026 counts in 2025.
	_, err := s.PostPostings(ctx, []data.Posting{{Contract: "HD-Y1",
		Entry: data.Entry{Kind: data.EntryPrincipal, ValueDate: day("2026-01-01"), Amount: 500_000}}})
	must(t, err)

	want := map[yearKey]data.Dong{
		{l.ID, 2024}: 30_000_000 - 1_000_000 - 2_000_000, // disbursed, 20 Dec, 1 Jan 2025
		{l.ID, 2025}: -3_000_000 - 500_000,               // 10 March, 1 Jan 2026
		{l.ID, 2026}: 3_000_000,                          // the reversal of 10 March
	}
	if got := storedYearEffects(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("loan_year_effects = %v, want %v", got, want)
	}
	assertYearEffects(t, s, "posts")

	// Kept balance less the years from Y on is the principal on 1 January of Y.
	kept := loanBalance(t, s, l.ID)
	for _, y := range []int{2024, 2025, 2026, 2027} {
		jan := data.NewDate(y, 1, 1)
		bal := kept.Disbursed - kept.Repaid - kept.WrittenOff
		for k, v := range want {
			if k.year >= y {
				bal -= v
			}
		}
		if p := f.position(t, "HD-Y1", jan.String()); p.Principal() != bal {
			t.Errorf("1 January %d: from the table %d, position %d", y, bal, p.Principal())
		}
	}
}

func TestYearEffectsCheckedAndRebuilt(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	want := storedYearEffects(t, s)
	if n, err := s.RebuildBalances(ctx); err != nil || n != 0 {
		t.Fatalf("RebuildBalances on agreeing balances = %d, %v", n, err)
	}
	var k yearKey
	var contract string
	err := s.db.QueryRow(`SELECT y.loan_id, y.year, l.contract FROM loan_year_effects y JOIN loans l ON l.id = y.loan_id
		WHERE y.effect <> 0 ORDER BY y.loan_id, y.year LIMIT 1`).Scan(&k.loan, &k.year, &contract)
	must(t, err)
	// One row off by 1 đồng, one row that the ledger has not, and a row of 0 (harmless).
	_, err = s.db.Exec(`UPDATE loan_year_effects SET effect = effect + 1 WHERE loan_id = ? AND year = ?`, k.loan, k.year)
	must(t, err)
	_, err = s.db.Exec(`INSERT INTO loan_year_effects (loan_id, year, effect) VALUES (?, 1990, 7), (?, 1991, 0)`, k.loan, k.loan)
	must(t, err)
	problems, err := s.Check(ctx)
	must(t, err)
	wantProblems := []*data.Error{
		data.Invalid("loan", "check_balance", "Contract", contract, "Column", "principal 1990",
			"Stored", int64(7), "Ledger", int64(0)),
		data.Invalid("loan", "check_balance", "Contract", contract, "Column", "principal "+strconv.Itoa(k.year),
			"Stored", int64(want[k]+1), "Ledger", int64(want[k])),
	}
	if !reflect.DeepEqual(problems, wantProblems) {
		t.Errorf("Check =\n%v\nwant\n%v", problems, wantProblems)
	}
	// A deleted row is missed too.
	var other yearKey
	must(t, s.db.QueryRow(`SELECT loan_id, year FROM loan_year_effects WHERE effect <> 0 AND loan_id <> ?
		ORDER BY loan_id DESC LIMIT 1`, k.loan).Scan(&other.loan, &other.year))
	_, err = s.db.Exec(`DELETE FROM loan_year_effects WHERE loan_id = ? AND year = ?`, other.loan, other.year)
	must(t, err)
	if problems, err := s.Check(ctx); err != nil || len(problems) != 3 {
		t.Errorf("Check after a deleted row = %v, %v", problems, err)
	}
	n, err := s.RebuildBalances(ctx)
	must(t, err)
	if n != 3 {
		t.Errorf("RebuildBalances fixed %d rows, want 3", n)
	}
	if got := storedYearEffects(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("rebuilt table differs from the imported one")
	}
	assertYearEffects(t, s, "rebuild")
}

// TestYearEffectsMigrationFillsTheTable: 0005 computes the table from a ledger that existed
// before it.
func TestYearEffectsMigrationFillsTheTable(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "office.db")
	s, err := Open(path)
	must(t, err)
	must(t, s.ImportDataset(context.Background(), demoOffice()))
	want := storedYearEffects(t, s)
	_, err = s.db.Exec(`DROP TABLE loan_year_effects`)
	must(t, err)
	_, err = s.db.Exec(`DELETE FROM schema_migrations WHERE version = 5`)
	must(t, err)
	must(t, s.Close())
	s, err = Open(path)
	must(t, err)
	defer s.Close()
	if got := storedYearEffects(t, s); len(got) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("the migration filled %d rows, import %d", len(got), len(want))
	}
	assertYearEffects(t, s, "migration")
}
