package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"policycredit/data"
)

// The local-budget capital ledger (0016_capital.sql). A pool's balance is its transfers less
// its returns; what it has available to lend is that balance less the principal outstanding on
// the loans lent from it and the part of their approved amounts not yet disbursed. Every change
// that could take a pool below zero available (a return, a reversal, a new loan, a
// disbursement) is checked in the same transaction and refused.

// capitalEver is a date after every entry: a pool's figures "now", whatever the entries' dates.
var capitalEver = data.NewDate(9999, 12, 31)

// capitalAmounts sums each pool's transfers and returns dated on or before a date; a reversal
// takes back its entry's amount on that entry's date.
const capitalAmounts = `SELECT e.pool_id,
	sum(CASE coalesce(o.kind, e.kind) WHEN 'transfer' THEN CASE WHEN e.kind = 'reversal' THEN -e.amount ELSE e.amount END ELSE 0 END),
	sum(CASE coalesce(o.kind, e.kind) WHEN 'return' THEN CASE WHEN e.kind = 'reversal' THEN -e.amount ELSE e.amount END ELSE 0 END)
	FROM capital_entries e LEFT JOIN capital_entries o ON o.id = e.reverses
	WHERE e.value_date <= ?1 AND (?2 = 0 OR e.pool_id = ?2) GROUP BY e.pool_id`

// capitalLent sums the principal outstanding of each pool's loans on a date, as the loan
// ledger counts it (loanEffect). CROSS JOIN keeps SQLite reading the pools' loans first, each
// through entries_loan, rather than every entry up to the date.
var capitalLent = `SELECT cl.pool_id, sum(` + loanEffect + `)
	FROM capital_loans cl CROSS JOIN entries e LEFT JOIN entries o ON o.id = e.reverses
	WHERE e.loan_id = cl.loan_id AND e.value_date <= ?1 AND e.kind IN (` + principalKinds() + `, 'reversal') AND (?2 = 0 OR cl.pool_id = ?2)
	GROUP BY cl.pool_id`

// capitalUndisbursed sums, per pool, what active loans signed by a date were approved for
// and have not yet received.
const capitalUndisbursed = `SELECT cl.pool_id, sum(max(0, l.amount - coalesce((
		SELECT sum(CASE WHEN e.kind = 'disburse' THEN e.amount WHEN o.kind = 'disburse' THEN -o.amount ELSE 0 END)
		FROM entries e LEFT JOIN entries o ON o.id = e.reverses
		WHERE e.loan_id = l.id AND e.value_date <= ?1 AND e.kind IN ('disburse', 'reversal')), 0)))
	FROM capital_loans cl JOIN loans l ON l.id = cl.loan_id
	WHERE l.status = 'active' AND l.signed_on <= ?1 AND (?2 = 0 OR cl.pool_id = ?2) GROUP BY cl.pool_id`

// capitalInterest sums the interest and penalty interest collected on each pool's loans by a date.
const capitalInterest = `SELECT cl.pool_id, count(DISTINCT cl.loan_id), coalesce(sum(CASE
		WHEN e.kind IN ('interest', 'penalty') THEN e.amount
		WHEN o.kind IN ('interest', 'penalty') THEN -o.amount ELSE 0 END), 0)
	FROM capital_loans cl LEFT JOIN entries e ON e.loan_id = cl.loan_id AND e.value_date <= ?
		AND e.kind IN ('interest', 'penalty', 'reversal')
	LEFT JOIN entries o ON o.id = e.reverses
	GROUP BY cl.pool_id`

// poolSums adds one query's per-pool amounts into totals.
func poolSums(ctx context.Context, tx *sql.Tx, query string, on data.Date, poolID int64, add func(t *data.CapitalTotals, a, b int64),
	totals map[int64]*data.CapitalTotals) error {
	rows, err := tx.QueryContext(ctx, query, on.String(), poolID)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, a, b int64
		dest := []any{&id, &a}
		if len(cols) == 3 {
			dest = append(dest, &b)
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		t := totals[id]
		if t == nil {
			t = &data.CapitalTotals{}
			totals[id] = t
		}
		add(t, a, b)
	}
	return rows.Err()
}

// poolTotals reads every pool's totals on a date.
func poolTotals(ctx context.Context, tx *sql.Tx, on data.Date) (map[int64]data.CapitalTotals, error) {
	return poolTotalsOf(ctx, tx, on, 0)
}

// poolTotalsOf reads one pool's totals (poolID ≠ 0) or every pool's.
func poolTotalsOf(ctx context.Context, tx *sql.Tx, on data.Date, poolID int64) (map[int64]data.CapitalTotals, error) {
	totals := map[int64]*data.CapitalTotals{}
	steps := []struct {
		query string
		add   func(t *data.CapitalTotals, a, b int64)
	}{
		{capitalAmounts, func(t *data.CapitalTotals, a, b int64) { t.Received, t.Returned = data.Dong(a), data.Dong(b) }},
		{capitalLent, func(t *data.CapitalTotals, a, _ int64) { t.LentOutstanding = data.Dong(a) }},
		{capitalUndisbursed, func(t *data.CapitalTotals, a, _ int64) { t.Available = -data.Dong(a) }},
	}
	for _, s := range steps {
		if err := poolSums(ctx, tx, s.query, on, poolID, s.add, totals); err != nil {
			return nil, err
		}
	}
	out := make(map[int64]data.CapitalTotals, len(totals))
	for id, t := range totals {
		t.Balance = t.Received - t.Returned
		t.Available += t.Balance - t.LentOutstanding // Available held minus the undisbursed
		out[id] = *t
	}
	return out, nil
}

// poolBalances reads every pool's balance (received − returned) on a date: the comparisons of
// the capital report need no more than that, and skip the loans' queries of poolTotals.
func poolBalances(ctx context.Context, tx *sql.Tx, on data.Date) (map[int64]data.Dong, error) {
	totals := map[int64]*data.CapitalTotals{}
	err := poolSums(ctx, tx, capitalAmounts, on, 0, func(t *data.CapitalTotals, a, b int64) {
		t.Received, t.Returned = data.Dong(a), data.Dong(b)
	}, totals)
	out := make(map[int64]data.Dong, len(totals))
	for id, t := range totals {
		out[id] = t.Received - t.Returned
	}
	return out, err
}

func loadPools(ctx context.Context, tx *sql.Tx) ([]data.CapitalPool, error) {
	return queryRows(ctx, tx, func(rows *sql.Rows) (data.CapitalPool, error) {
		var p data.CapitalPool
		var level string
		err := rows.Scan(&p.ID, &level, &p.Giver, &p.CommuneID)
		p.Level = data.CapitalLevel(level)
		return p, err
	}, `SELECT id, level, giver, coalesce(commune_id, 0) FROM capital_pools ORDER BY id`)
}

// CapitalTotalsOn sums every pool on a date; with communeID ≠ 0, only that commune's pools.
func (s *Store) CapitalTotalsOn(ctx context.Context, on data.Date, communeID int64) (data.CapitalTotals, error) {
	var sum data.CapitalTotals
	err := s.read(ctx, func(tx *sql.Tx) error {
		pools, err := loadPools(ctx, tx)
		if err != nil || len(pools) == 0 {
			return err
		}
		totals, err := poolTotals(ctx, tx, on)
		if err != nil {
			return err
		}
		for _, p := range pools {
			if communeID == 0 || (p.Level == data.CapitalCommune && p.CommuneID == communeID) {
				sum.Add(totals[p.ID])
			}
		}
		return nil
	})
	return sum, err
}

// CapitalPools lists the pools in the order they were made.
func (s *Store) CapitalPools(ctx context.Context) ([]data.CapitalPool, error) {
	var out []data.CapitalPool
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = loadPools(ctx, tx)
		return err
	})
	return out, err
}

// CapitalEntries lists the capital ledger in posting order.
func (s *Store) CapitalEntries(ctx context.Context) ([]data.CapitalEntry, error) {
	var out []data.CapitalEntry
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = loadCapitalEntries(ctx, tx, `true`)
		return err
	})
	return out, err
}

func loadCapitalEntries(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]data.CapitalEntry, error) {
	dates := newDateCache()
	return queryRows(ctx, tx, func(rows *sql.Rows) (data.CapitalEntry, error) {
		var e data.CapitalEntry
		var kind, on, at string
		if err := rows.Scan(&e.ID, &e.PoolID, &kind, &on, &e.Amount, &e.Decision, &e.Reverses, &e.Note, &at, &e.User); err != nil {
			return e, err
		}
		e.Kind = data.CapitalKind(kind)
		var err error
		if e.On, err = dates.parse(on); err != nil {
			return e, err
		}
		e.PostedAt, err = time.Parse(time.RFC3339, at)
		return e, err
	}, `SELECT id, pool_id, kind, value_date, amount, decision, coalesce(reverses, 0), note, created_at, created_by
		FROM capital_entries WHERE `+where+` ORDER BY id`, args...)
}

// CapitalFiguresOn reads every pool on a date, with the balances the report compares it to.
func (s *Store) CapitalFiguresOn(ctx context.Context, on data.Date) (data.CapitalFigures, error) {
	f := data.CapitalFigures{On: on}
	err := s.read(ctx, func(tx *sql.Tx) error {
		pools, err := loadPools(ctx, tx)
		if err != nil {
			return err
		}
		// The kept yearly effects up to 1 January of the date's bucket year (yearOf), then the
		// entries after it: a year of entries rather than the whole ledger.
		bucket := data.NewDate(yearOf(on), 1, 1)
		if err := tx.QueryRowContext(ctx, `SELECT
			coalesce((SELECT sum(effect) FROM loan_year_effects WHERE year < ?1), 0) +
			coalesce((SELECT sum(`+loanEffect+`) FROM entries e LEFT JOIN entries o ON o.id = e.reverses
				WHERE e.value_date > ?2 AND e.value_date <= ?3 AND e.loan_id IS NOT NULL
				AND e.kind IN (`+principalKinds()+`, 'reversal')), 0)`,
			yearOf(on), bucket.String(), on.String()).Scan(&f.OfficeOutstanding); err != nil {
			return err
		}
		if len(pools) == 0 {
			return nil
		}
		now, err := poolTotals(ctx, tx, on)
		if err != nil {
			return err
		}
		monthAgo := data.NewDate(on.Year(), on.Month(), 1).AddDays(-1)
		balances := map[data.Date]map[int64]data.Dong{}
		for _, d := range []data.Date{jan1(on), monthAgo, data.DirectiveDate} {
			if balances[d], err = poolBalances(ctx, tx, d); err != nil {
				return err
			}
		}
		interest := map[int64][2]int64{}
		rows, err := tx.QueryContext(ctx, capitalInterest, on.String())
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, n, amount int64
			if err := rows.Scan(&id, &n, &amount); err != nil {
				rows.Close()
				return err
			}
			interest[id] = [2]int64{n, amount}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		communes, err := communesIn(ctx, tx)
		if err != nil {
			return err
		}
		byID := map[int64]data.Commune{}
		for _, c := range communes {
			byID[c.ID] = c
		}
		for _, level := range data.CapitalLevels {
			for _, p := range pools {
				if p.Level != level {
					continue
				}
				pf := data.CapitalPoolFigures{Pool: p, Totals: now[p.ID], Jan1: balances[jan1(on)][p.ID],
					MonthAgo: balances[monthAgo][p.ID], AtDirective: balances[data.DirectiveDate][p.ID],
					Loans: int(interest[p.ID][0]), Interest: data.Dong(interest[p.ID][1])}
				if c, ok := byID[p.CommuneID]; ok {
					pf.CommuneCode, pf.CommuneName = c.Code, c.Name
				}
				f.Pools = append(f.Pools, pf)
				f.Totals.Add(pf.Totals)
			}
		}
		return nil
	})
	return f, err
}

// checkPoolCovers refuses a change that leaves a pool less available than nothing, counting
// every entry whatever its date (a later return must not uncover earlier loans either).
func checkPoolCovers(ctx context.Context, tx *sql.Tx, poolID int64) error {
	totals, err := poolTotalsOf(ctx, tx, capitalEver, poolID)
	if err != nil {
		return err
	}
	t := totals[poolID]
	if t.Available >= 0 {
		return nil
	}
	var giver string
	if err := tx.QueryRowContext(ctx, `SELECT giver FROM capital_pools WHERE id = ?`, poolID).Scan(&giver); err != nil {
		return err
	}
	return data.Conflict("capital.amount", "capital_pool_short", "Pool", giver, "Short", -t.Available)
}

// assignCapitalPool names the pool a new loan from local capital is lent from (data.PoolFor)
// and checks the pool covers it. An office that keeps no capital ledger yet (no pool at all)
// lends without one.
func assignCapitalPool(ctx context.Context, tx *sql.Tx, l *data.Loan) error {
	if l.Source != data.SourceProvince && l.Source != data.SourceLocal {
		return nil
	}
	pools, err := loadPools(ctx, tx)
	if err != nil || len(pools) == 0 {
		return err
	}
	var communeID int64
	if err := tx.QueryRowContext(ctx, `SELECT v.commune_id FROM borrowers b JOIN villages v ON v.id = b.village_id
		WHERE b.id = ?`, l.BorrowerID).Scan(&communeID); err != nil {
		return err
	}
	p, ok := data.PoolFor(pools, l.Source, communeID)
	if !ok {
		return data.Invalid("loan.source", "no_capital_pool", "Source", string(l.Source))
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO capital_loans (loan_id, pool_id) VALUES (?, ?)`, l.ID, p.ID); err != nil {
		return err
	}
	return checkPoolCovers(ctx, tx, p.ID)
}

// checkLoanPool refuses a disbursement its loan's pool cannot cover.
func checkLoanPool(ctx context.Context, t *sql.Tx, loanID int64) error {
	var poolID int64
	err := t.QueryRowContext(ctx, `SELECT pool_id FROM capital_loans WHERE loan_id = ?`, loanID).Scan(&poolID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return checkPoolCovers(ctx, t, poolID)
}

type moveCapitalArgs struct {
	Move data.CapitalMove `json:"move"`
}

// MoveCapital records a transfer or a return; the pool of a transfer is made on its first one.
func (s *Store) MoveCapital(ctx context.Context, m data.CapitalMove) (data.CapitalEntry, error) {
	var out data.CapitalEntry
	if err := m.Check(); err != nil {
		return out, err
	}
	c, fn := s.moveCapitalChange(moveCapitalArgs{m}, &out)
	return out, s.change(ctx, c, fn)
}

// capitalBalances is what an approver reads of the pools: their totals now.
func capitalBalances(ctx context.Context, tx *sql.Tx) (any, error) {
	pools, err := loadPools(ctx, tx)
	if err != nil {
		return nil, err
	}
	totals, err := poolTotals(ctx, tx, capitalEver)
	if err != nil {
		return nil, err
	}
	out := map[string]data.CapitalTotals{}
	for _, p := range pools {
		out[string(p.Level)+" "+p.Giver] = totals[p.ID]
	}
	return out, nil
}

func (s *Store) moveCapitalChange(a moveCapitalArgs, out *data.CapitalEntry) (change, txFunc) {
	m := a.Move
	return change{action: data.ActCapital, method: "MoveCapital", args: a, subject: string(m.Kind) + " " + m.Giver,
			note: m.Decision, describe: capitalBalances},
		func(ctx context.Context, tx *sql.Tx, st stamp) error {
			if err := m.Check(); err != nil {
				return err
			}
			if m.CommuneID != 0 {
				if ok, err := exists(ctx, tx, `SELECT 1 FROM communes WHERE id = ?`, m.CommuneID); err != nil {
					return err
				} else if !ok {
					return data.NotFound("capital.commune", "ID", m.CommuneID)
				}
			}
			var poolID int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM capital_pools WHERE level = ? AND coalesce(commune_id, 0) = ? AND giver = ?`,
				m.Level, m.CommuneID, m.Giver).Scan(&poolID)
			switch {
			case errors.Is(err, sql.ErrNoRows) && m.Kind == data.CapitalReturn:
				return data.NotFound("capital.giver", "Value", m.Giver)
			case errors.Is(err, sql.ErrNoRows):
				if err := tx.QueryRowContext(ctx, `INSERT INTO capital_pools (level, giver, commune_id, created_at, created_by)
					VALUES (?, ?, ?, ?, ?) RETURNING id`, m.Level, m.Giver, nullID(m.CommuneID), st.at, st.user).Scan(&poolID); err != nil {
					return err
				}
				if err := audit(ctx, tx, st, "capital_pool", idString(poolID), "create", nil,
					data.CapitalPool{ID: poolID, Level: m.Level, Giver: m.Giver, CommuneID: m.CommuneID}); err != nil {
					return err
				}
			case err != nil:
				return err
			}
			e := data.CapitalEntry{PoolID: poolID, Kind: m.Kind, On: m.On, Amount: m.Amount, Decision: m.Decision, Note: m.Note}
			return insertCapitalEntry(ctx, tx, st, &e, out)
		}
}

// insertCapitalEntry appends an entry, checks its pool still covers its loans and audits it.
func insertCapitalEntry(ctx context.Context, tx *sql.Tx, st stamp, e *data.CapitalEntry, out *data.CapitalEntry) error {
	if err := tx.QueryRowContext(ctx, `INSERT INTO capital_entries (pool_id, kind, value_date, amount, decision, reverses, note, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.PoolID, e.Kind, e.On.String(), e.Amount, e.Decision,
		nullID(e.Reverses), e.Note, st.at, st.user).Scan(&e.ID); err != nil {
		return err
	}
	e.User = st.user
	e.PostedAt, _ = time.Parse(time.RFC3339, st.at)
	if err := checkPoolCovers(ctx, tx, e.PoolID); err != nil {
		return err
	}
	if out != nil {
		*out = *e
	}
	return audit(ctx, tx, st, "capital_entry", idString(e.ID), "create", nil, e)
}

type reverseCapitalArgs struct {
	EntryID  int64  `json:"entry_id"`
	Decision string `json:"decision"`
	Note     string `json:"note"`
}

// ReverseCapital cancels an entry of the capital ledger by a reversing entry on its date.
func (s *Store) ReverseCapital(ctx context.Context, entryID int64, decision, note string) (data.CapitalEntry, error) {
	var out data.CapitalEntry
	c, fn := s.reverseCapitalChange(reverseCapitalArgs{entryID, data.NFC(decision), data.NFC(note)}, &out)
	return out, s.change(ctx, c, fn)
}

func (s *Store) reverseCapitalChange(a reverseCapitalArgs, out *data.CapitalEntry) (change, txFunc) {
	return change{action: data.ActCapital, method: "ReverseCapital", args: a, subject: "reversal " + idString(a.EntryID),
			note: a.Decision, describe: capitalBalances},
		func(ctx context.Context, tx *sql.Tx, st stamp) error {
			if a.Decision == "" {
				return data.Invalid("capital.decision", "required")
			}
			es, err := loadCapitalEntries(ctx, tx, `id = ?`, a.EntryID)
			if err != nil {
				return err
			}
			if len(es) == 0 {
				return data.NotFound("capital.entry", "ID", a.EntryID)
			}
			orig := es[0]
			if orig.Kind == data.CapitalReversal {
				return data.Invalid("capital.entry", "reversal_of_reversal")
			}
			if taken, err := exists(ctx, tx, `SELECT 1 FROM capital_entries WHERE reverses = ?`, orig.ID); err != nil {
				return err
			} else if taken {
				return data.Conflict("capital.entry", "already_reversed", "ID", orig.ID)
			}
			e := data.CapitalEntry{PoolID: orig.PoolID, Kind: data.CapitalReversal, On: orig.On, Amount: orig.Amount,
				Decision: a.Decision, Reverses: orig.ID, Note: a.Note}
			return insertCapitalEntry(ctx, tx, st, &e, out)
		}
}

func init() {
	registerReplay("MoveCapital", func(s *Store, a moveCapitalArgs) (change, txFunc) { return s.moveCapitalChange(a, nil) })
	registerReplay("ReverseCapital", func(s *Store, a reverseCapitalArgs) (change, txFunc) {
		return s.reverseCapitalChange(a, nil)
	})
	registerReplay("ImportCapital", func(s *Store, a importCapitalArgs) (change, txFunc) {
		return s.importCapitalChange(a, nil)
	})
}

// importCapital loads a dataset's capital ledger (the demo's) and names the pool of each loan
// from local capital with data.PoolFor; each pool must cover its loans.
func (im *importer) capital(c data.CapitalDataset) error {
	ctx, tx, st := im.ctx, im.tx, im.st
	ids := map[int64]int64{}
	for i, p := range c.Pools {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO capital_pools (level, giver, commune_id, created_at, created_by)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, p.Level, data.NFC(p.Giver), nullID(p.CommuneID), st.at, st.user).Scan(&id); err != nil {
			return recordErr("capital pool", i, p.Giver, err)
		}
		ids[p.ID] = id
	}
	entryIDs := map[int64]int64{}
	for i, e := range c.Entries {
		pool, ok := ids[e.PoolID]
		if !ok {
			return recordErr("capital entry", i, e.Decision, data.NotFound("capital.pool", "ID", e.PoolID))
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO capital_entries (pool_id, kind, value_date, amount, decision, reverses, note, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, pool, e.Kind, e.On.String(), e.Amount, data.NFC(e.Decision),
			nullID(entryIDs[e.Reverses]), data.NFC(e.Note), st.at, st.user).Scan(&id); err != nil {
			return recordErr("capital entry", i, e.Decision, err)
		}
		entryIDs[e.ID] = id
	}
	return assignPoolLoans(ctx, tx)
}

// assignPoolLoans names the pool of every loan from local capital that has none yet (a loan
// opened before the office kept its capital ledger, an imported one) by data.PoolFor, then
// checks every pool covers its loans.
func assignPoolLoans(ctx context.Context, tx *sql.Tx) error {
	pools, err := loadPools(ctx, tx)
	if err != nil || len(pools) == 0 {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT l.id, l.source, v.commune_id FROM loans l JOIN borrowers b ON b.id = l.borrower_id
		JOIN villages v ON v.id = b.village_id LEFT JOIN capital_loans cl ON cl.loan_id = l.id
		WHERE l.source IN ('province', 'local') AND cl.loan_id IS NULL ORDER BY l.id`)
	if err != nil {
		return err
	}
	type assign struct{ loan, pool int64 }
	var as []assign
	for rows.Next() {
		var loanID, communeID int64
		var source string
		if err := rows.Scan(&loanID, &source, &communeID); err != nil {
			rows.Close()
			return err
		}
		p, ok := data.PoolFor(pools, data.FundingSource(source), communeID)
		if !ok {
			rows.Close()
			return data.Invalid("loan.source", "no_capital_pool", "Source", source)
		}
		as = append(as, assign{loanID, p.ID})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, a := range as {
		if _, err := tx.ExecContext(ctx, `INSERT INTO capital_loans (loan_id, pool_id) VALUES (?, ?)`, a.loan, a.pool); err != nil {
			return err
		}
	}
	for _, p := range pools {
		if err := checkPoolCovers(ctx, tx, p.ID); err != nil {
			return err
		}
	}
	return nil
}

type importCapitalArgs struct {
	Rows []data.CapitalRow `json:"rows"`
}

// ImportCapital brings a capital sheet's rows into the ledger, in file order: a row the ledger
// already holds (same pool, kind, date, amount and decision) is left as it is, so that an
// exported office imports back and a file imported twice changes nothing; the others are
// recorded as MoveCapital and ReverseCapital would, with the same checks.
func (s *Store) ImportCapital(ctx context.Context, rows []data.CapitalRow) (data.CapitalImported, error) {
	var out data.CapitalImported
	// A file the ledger holds already changes nothing: no write, so no permission either
	// (an office importing its own export, by whoever imports the rest).
	var held bool
	if err := s.read(ctx, func(tx *sql.Tx) (err error) {
		held, err = capitalRowsHeld(ctx, tx, rows)
		return err
	}); err != nil {
		return out, err
	}
	if held {
		return data.CapitalImported{Unchanged: len(rows)}, nil
	}
	c, fn := s.importCapitalChange(importCapitalArgs{rows}, &out)
	return out, s.change(ctx, c, fn)
}

func (s *Store) importCapitalChange(a importCapitalArgs, out *data.CapitalImported) (change, txFunc) {
	return change{action: data.ActCapital, method: "ImportCapital", args: a, subject: "import", describe: capitalBalances},
		func(ctx context.Context, tx *sql.Tx, st stamp) error {
			var res data.CapitalImported
			communes, err := communesIn(ctx, tx)
			if err != nil {
				return err
			}
			byCode := map[string]int64{}
			for _, c := range communes {
				byCode[c.Code] = c.ID
			}
			pools, err := loadPools(ctx, tx)
			if err != nil {
				return err
			}
			type poolKey struct {
				level   data.CapitalLevel
				commune int64
				giver   string
			}
			poolIDs := map[poolKey]int64{}
			for _, p := range pools {
				poolIDs[poolKey{p.Level, p.CommuneID, p.Giver}] = p.ID
			}
			existing, err := loadCapitalEntries(ctx, tx, `true`)
			if err != nil {
				return err
			}
			type entryKey struct {
				pool     int64
				kind     data.CapitalKind
				on       data.Date
				amount   data.Dong
				decision string
				reverses int64
			}
			held := map[entryKey][]int64{}        // entries not yet matched by a row, oldest first
			byID := map[int64]data.CapitalEntry{} // the ledger's entries, this import's included
			for _, e := range existing {
				k := entryKey{e.PoolID, e.Kind, e.On, e.Amount, e.Decision, e.Reverses}
				held[k] = append(held[k], e.ID)
				byID[e.ID] = e
			}
			ids := map[int64]int64{} // the file's entry numbers → the ledger's
			for _, r := range a.Rows {
				fail := func(e *data.Error) error { return withLine(e, r.Line) }
				var communeID int64
				if r.CommuneCode != "" {
					id, ok := byCode[r.CommuneCode]
					if !ok {
						return fail(data.NotFound("capital.commune", "Code", r.CommuneCode))
					}
					communeID = id
				}
				e := data.CapitalEntry{Kind: r.Kind, On: r.On, Amount: r.Amount, Decision: data.NFC(r.Decision), Note: data.NFC(r.Note)}
				if r.Kind == data.CapitalReversal {
					orig, ok := ids[r.Reverses]
					if !ok {
						return fail(data.NotFound("capital.entry", "ID", r.Reverses))
					}
					o := byID[orig]
					e.PoolID, e.Reverses, e.On, e.Amount = o.PoolID, o.ID, o.On, o.Amount
				} else {
					m := data.CapitalMove{Kind: r.Kind, Level: r.Level, Giver: r.Giver, CommuneID: communeID, On: r.On,
						Amount: r.Amount, Decision: r.Decision, Note: r.Note}
					if err := m.Check(); err != nil {
						des := data.DomainErrors(err)
						return fail(des[0])
					}
					e.Decision, e.Note = m.Decision, m.Note
					k := poolKey{m.Level, m.CommuneID, m.Giver}
					if e.PoolID = poolIDs[k]; e.PoolID == 0 {
						if m.Kind == data.CapitalReturn {
							return fail(data.NotFound("capital.giver", "Value", m.Giver))
						}
						if err := tx.QueryRowContext(ctx, `INSERT INTO capital_pools (level, giver, commune_id, created_at, created_by)
							VALUES (?, ?, ?, ?, ?) RETURNING id`, m.Level, m.Giver, nullID(m.CommuneID), st.at, st.user).Scan(&e.PoolID); err != nil {
							return err
						}
						poolIDs[k] = e.PoolID
						if err := audit(ctx, tx, st, "capital_pool", idString(e.PoolID), "create", nil,
							data.CapitalPool{ID: e.PoolID, Level: m.Level, Giver: m.Giver, CommuneID: m.CommuneID}); err != nil {
							return err
						}
					}
				}
				k := entryKey{e.PoolID, e.Kind, e.On, e.Amount, e.Decision, e.Reverses}
				if h := held[k]; len(h) > 0 {
					held[k] = h[1:]
					if r.No != 0 {
						ids[r.No] = h[0]
					}
					res.Unchanged++
					continue
				}
				if err := insertCapitalEntry(ctx, tx, st, &e, nil); err != nil {
					if des := data.DomainErrors(err); des != nil {
						return fail(des[0])
					}
					return err
				}
				byID[e.ID] = e
				if r.No != 0 {
					ids[r.No] = e.ID
				}
				res.Added++
			}
			if err := assignPoolLoans(ctx, tx); err != nil {
				return err
			}
			if out != nil {
				*out = res
			}
			return nil
		}
}

// capitalRowsHeld says whether the ledger holds every row already, each matched to an entry
// of its own (same pool, kind, date, amount, decision; a reversal, of the entry its row names).
func capitalRowsHeld(ctx context.Context, tx *sql.Tx, rows []data.CapitalRow) (bool, error) {
	pools, err := loadPools(ctx, tx)
	if err != nil || len(pools) == 0 {
		return false, err
	}
	communes, err := communesIn(ctx, tx)
	if err != nil {
		return false, err
	}
	code := map[int64]string{}
	for _, c := range communes {
		code[c.ID] = c.Code
	}
	type poolKey struct {
		level          data.CapitalLevel
		commune, giver string
	}
	poolIDs := map[poolKey]int64{}
	for _, p := range pools {
		poolIDs[poolKey{p.Level, code[p.CommuneID], p.Giver}] = p.ID
	}
	existing, err := loadCapitalEntries(ctx, tx, `true`)
	if err != nil {
		return false, err
	}
	used := map[int64]bool{}
	ids := map[int64]int64{}
	for _, r := range rows {
		match := func(e data.CapitalEntry) bool {
			if used[e.ID] || e.Kind != r.Kind || e.Decision != data.NFC(r.Decision) {
				return false
			}
			if r.Kind == data.CapitalReversal {
				return e.Reverses != 0 && e.Reverses == ids[r.Reverses]
			}
			return e.PoolID == poolIDs[poolKey{r.Level, r.CommuneCode, data.NFC(r.Giver)}] && e.On == r.On && e.Amount == r.Amount
		}
		found := false
		for _, e := range existing {
			if match(e) {
				used[e.ID], found = true, true
				if r.No != 0 {
					ids[r.No] = e.ID
				}
				break
			}
		}
		if !found {
			return false, nil
		}
	}
	return true, nil
}

// checkCapital finds what the capital rules forbid: a pool that does not cover its loans, and,
// once the office keeps its capital ledger, a loan from local capital that names no pool.
func checkCapital(ctx context.Context, tx *sql.Tx) ([]*data.Error, error) {
	pools, err := loadPools(ctx, tx)
	if err != nil || len(pools) == 0 {
		return nil, err
	}
	totals, err := poolTotals(ctx, tx, capitalEver)
	if err != nil {
		return nil, err
	}
	var problems []*data.Error
	for _, p := range pools {
		if t := totals[p.ID]; t.Available < 0 {
			problems = append(problems, data.Invalid("capital", "check_capital_short", "Pool", p.Giver, "Short", -t.Available))
		}
	}
	contracts, err := queryRows(ctx, tx, func(rows *sql.Rows) (string, error) {
		var c string
		return c, rows.Scan(&c)
	}, `SELECT l.contract FROM loans l LEFT JOIN capital_loans cl ON cl.loan_id = l.id
		WHERE l.source IN ('province', 'local') AND cl.loan_id IS NULL ORDER BY l.id`)
	for _, c := range contracts {
		problems = append(problems, data.Invalid("capital", "check_capital_no_pool", "Contract", c))
	}
	return problems, err
}
