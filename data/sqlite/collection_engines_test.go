package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"policycredit/data"
)

// A group's batch and its reversal leave the same ledger and balances on both engines:
// PostgreSQL writes a batch's entries and balances in a few statements at the end
// (ledger_batch.go), SQLite each as it is posted. The entries' ids and hashes, the chain's
// head, the loans' balances, the savings and the years' principal effects must come out
// identical, and the check must find nothing on either. Posted again and again, the day's
// batches take the references that follow.
func TestEnginesPostAndReverseAGroupsBatchAlike(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var states [][]string
	for _, engine := range engines {
		s := openTest(t, engineAddr(t, engine))
		must(t, s.ImportDataset(ctx, demoOffice()))
		list := busiestList(t, s)
		g := list.Groups[0]
		rows, _ := paidAsDue(g)
		if len(rows) < 5 || g.Totals.Due.Principal == 0 {
			t.Fatalf("%s: group %s has %d rows, owes %+v: the test needs a busy group", engine, g.Code, len(rows), g.Totals.Due)
		}
		before := countRows(t, s, "entries")
		ref, err := s.PostCollection(ctx, data.CollectionBatch{PointID: list.PointID, Date: list.Date, Entries: rows})
		must(t, err)
		posted := ledgerState(t, s)
		if n := countRows(t, s, "entries") - before; n <= len(rows) {
			t.Fatalf("%s: %d entries posted for %d rows", engine, n, len(rows))
		}
		assertCheckClean(t, s)
		must(t, s.ReverseCollection(ctx, ref, "Nhập nhầm tổ"))
		assertCheckClean(t, s)
		states = append(states, append(posted, ledgerState(t, s)...))

		// The day's later batches take the next free references, past the eight that
		// batchRef tries in one query.
		for n := 2; n <= 10; n++ {
			next, err := s.PostCollection(ctx, data.CollectionBatch{PointID: list.PointID, Date: list.Date, Entries: rows})
			must(t, err)
			if want := fmt.Sprintf("%s-%d", ref, n); next != want {
				t.Fatalf("%s: batch %d is %q, want %q", engine, n, next, want)
			}
			must(t, s.ReverseCollection(ctx, next, "Nhập nhầm tổ"))
		}
		assertCheckClean(t, s)
	}
	if !reflect.DeepEqual(states[0], states[1]) {
		for i := range min(len(states[0]), len(states[1])) {
			if states[0][i] != states[1][i] {
				t.Fatalf("line %d: SQLite %q, PostgreSQL %q", i, states[0][i], states[1][i])
			}
		}
		t.Fatalf("SQLite %d lines, PostgreSQL %d", len(states[0]), len(states[1]))
	}
}

// ledgerState is the last entries with their hashes, the chains' heads and the tables kept
// from the ledger, one line a row.
func ledgerState(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT id, coalesce(loan_id, 0), borrower_id, kind, amount, coalesce(reverses, 0), ref, hash FROM entries
			WHERE id > (SELECT max(id) - 200 FROM entries) ORDER BY id`,
		// The audit's head by its id alone: what the audit rows record of a change may be
		// worded differently by each engine (it is not the ledger).
		`SELECT chain, last_id, CASE WHEN chain = 'entries' THEN hash ELSE '' END FROM chain_heads ORDER BY chain`,
		`SELECT loan_id, disbursed, principal_repaid, interest_paid, penalty_paid, frozen, written_off, entries,
			last_value_date FROM loan_balances ORDER BY loan_id`,
		`SELECT borrower_id, balance FROM savings_balances ORDER BY borrower_id`,
		`SELECT loan_id, year, effect FROM loan_year_effects ORDER BY loan_id, year`,
	} {
		rows, err := s.db.QueryContext(context.Background(), q)
		must(t, err)
		cols, err := rows.Columns()
		must(t, err)
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			must(t, rows.Scan(ptrs...))
			line := make([]string, len(vals))
			for i, v := range vals {
				line[i] = fmt.Sprint(v.String)
			}
			out = append(out, strings.Join(line, "|"))
		}
		must(t, rows.Err())
		rows.Close()
	}
	return out
}
