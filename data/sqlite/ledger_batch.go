package sqlite

import "sort"

// On PostgreSQL every statement is a round trip to the server, and a transaction day's batch
// made about 140 of them: for each of its entries an INSERT (whose trigger also moved the
// chain's head) and an update of the loan's or the household's balance. A ledger that holds
// its writes back (heldWrites) keeps them in memory instead, and flush writes them in one
// statement per table. The checks are unchanged: they read the books in memory, which hold
// the entries posted since (ledger.append), and the ids and hashes are given in posting order
// as before (chainHead). SQLite keeps writing each entry as it is posted: its statements cost
// no round trip, and it is slower with multi-row inserts (see "Import" in docs/benchmarks.md).

// heldWrites are the writes a ledger holds until flush.
type heldWrites struct {
	entries []entryRow
	hashes  []string
	loans   map[int64]*loanDelta // by loan ID
	savings map[int64]int64      // balance change, by borrower ID
	years   map[loanYear]int64   // principal effect, by loan and year
}

// loanDelta is what a loan's entries add to its loan_balances row.
type loanDelta struct {
	effect
	entries int64
	last    string // the latest value date
}

type loanYear struct {
	loan int64
	year int
}

// holdWrites makes the ledger hold its writes until flush, on PostgreSQL only. The caller
// must flush before it reads the ledger or the balances from the database, and before commit.
func (lg *ledger) holdWrites() {
	if lg.st.pg && lg.held == nil {
		lg.held = &heldWrites{loans: map[int64]*loanDelta{}, savings: map[int64]int64{}, years: map[loanYear]int64{}}
	}
}

// holdEntry keeps an entry, already given its id and hash, for flush.
func (h *heldWrites) holdEntry(r entryRow, hash string) {
	h.entries, h.hashes = append(h.entries, r), append(h.hashes, hash)
}

// holdLoan adds an entry's effect on its loan's balances.
func (h *heldWrites) holdLoan(loanID int64, d effect, valueDate string) {
	l := h.loans[loanID]
	if l == nil {
		l = &loanDelta{}
		h.loans[loanID] = l
	}
	l.disbursed += d.disbursed
	l.repaid += d.repaid
	l.interest += d.interest
	l.penalty += d.penalty
	l.frozen += d.frozen
	l.writtenOff += d.writtenOff
	l.entries++
	l.last = max(l.last, valueDate)
}

// flush writes what the ledger holds: the entries in one INSERT (the chain's head moves once,
// on the last of them: pgmigrations/0019), then the loans' balances, the households' savings
// and the years' principal effects, one statement each. It does nothing on a ledger that
// holds nothing.
func (lg *ledger) flush() error {
	h := lg.held
	if h == nil {
		return nil
	}
	if n := len(h.entries); n > 0 {
		id, loan, borrower, amount, installment, reverses := make([]int64, n), make([]int64, n), make([]int64, n),
			make([]int64, n), make([]int64, n), make([]int64, n)
		kind, value, newDate, decision, decisionDate, ref, note, at, user := make([]string, n), make([]string, n),
			make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n),
			make([]string, n), make([]string, n)
		for i, r := range h.entries {
			id[i], loan[i], borrower[i], amount[i], installment[i], reverses[i] = r.id, r.loanID, r.borrowerID, r.amount,
				r.installment, r.reverses
			kind[i], value[i], newDate[i], decision[i], decisionDate[i], ref[i], note[i], at[i], user[i] = r.kind,
				r.valueDate, r.newDate, r.decision, r.decisionDate, r.ref, r.note, r.at, r.user
		}
		if _, err := lg.ex.ExecContext(lg.ctx, `INSERT INTO entries (id, loan_id, borrower_id, kind, value_date, amount,
				installment, new_date, decision, decision_date, reverses, ref, note, posted_at, user_name, hash)
			SELECT id, nullif(loan_id, 0), borrower_id, kind, value_date, amount, installment, new_date, decision,
				decision_date, nullif(reverses, 0), ref, note, posted_at, user_name, hash
			FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[],
				?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
				AS e(id, loan_id, borrower_id, kind, value_date, amount, installment, new_date, decision, decision_date,
					reverses, ref, note, posted_at, user_name, hash)
			ORDER BY id`, id, loan, borrower, kind, value, amount, installment, newDate, decision, decisionDate,
			reverses, ref, note, at, user, h.hashes); err != nil {
			return err
		}
	}
	if len(h.loans) > 0 {
		ids := sortedKeys(h.loans)
		var col [8][]int64
		last := make([]string, len(ids))
		for i, id := range ids {
			l := h.loans[id]
			for k, v := range [8]int64{id, int64(l.disbursed), int64(l.repaid), int64(l.interest), int64(l.penalty),
				int64(l.frozen), int64(l.writtenOff), l.entries} {
				col[k] = append(col[k], v)
			}
			last[i] = l.last
		}
		if _, err := lg.ex.ExecContext(lg.ctx, `UPDATE loan_balances lb SET disbursed = lb.disbursed + d.disbursed,
				principal_repaid = lb.principal_repaid + d.repaid, interest_paid = lb.interest_paid + d.interest,
				penalty_paid = lb.penalty_paid + d.penalty, frozen = lb.frozen + d.frozen,
				written_off = lb.written_off + d.written_off, entries = lb.entries + d.entries,
				last_value_date = greatest(lb.last_value_date, d.last)
			FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
				?::bigint[], ?::text[]) AS d(loan_id, disbursed, repaid, interest, penalty, frozen, written_off, entries, last)
			WHERE lb.loan_id = d.loan_id`, col[0], col[1], col[2], col[3], col[4], col[5], col[6], col[7], last); err != nil {
			return err
		}
	}
	if len(h.savings) > 0 {
		ids := sortedKeys(h.savings)
		amounts := make([]int64, len(ids))
		for i, id := range ids {
			amounts[i] = h.savings[id]
		}
		if _, err := lg.ex.ExecContext(lg.ctx, `INSERT INTO savings_balances (borrower_id, balance)
			SELECT * FROM unnest(?::bigint[], ?::bigint[])
			ON CONFLICT (borrower_id) DO UPDATE SET balance = savings_balances.balance + excluded.balance`, ids, amounts); err != nil {
			return err
		}
	}
	if len(h.years) > 0 {
		keys := make([]loanYear, 0, len(h.years))
		for k := range h.years {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			return keys[i].loan < keys[j].loan || keys[i].loan == keys[j].loan && keys[i].year < keys[j].year
		})
		loans, years, effects := make([]int64, len(keys)), make([]int64, len(keys)), make([]int64, len(keys))
		for i, k := range keys {
			loans[i], years[i], effects[i] = k.loan, int64(k.year), h.years[k]
		}
		if _, err := lg.ex.ExecContext(lg.ctx, `INSERT INTO loan_year_effects (loan_id, year, effect)
			SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::bigint[])
			ON CONFLICT (loan_id, year) DO UPDATE SET effect = loan_year_effects.effect + excluded.effect`,
			loans, years, effects); err != nil {
			return err
		}
	}
	*h = heldWrites{loans: map[int64]*loanDelta{}, savings: map[int64]int64{}, years: map[loanYear]int64{}}
	return nil
}

// sortedKeys are a map's keys in order: rows locked in the same order by every transaction.
func sortedKeys[V any](m map[int64]V) []int64 {
	out := make([]int64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
