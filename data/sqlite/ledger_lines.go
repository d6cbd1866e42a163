package sqlite

import (
	"context"
	"database/sql"

	"policycredit/data"
)

// LedgerLines reads the whole ledger in posting order with each entry's contract and
// household, for exports. Entries come from loadEntries' scan so that both read them alike.
func (s *Store) LedgerLines(ctx context.Context) ([]data.LedgerLine, error) {
	var out []data.LedgerLine
	err := s.readPersonal(ctx, func(tx *sql.Tx) error {
		entries, err := loadEntries(ctx, tx, "")
		if err != nil {
			return err
		}
		type owner struct{ code, name string }
		loans := map[int64]string{}
		rows, err := tx.QueryContext(ctx, `SELECT id, contract FROM loans`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var c string
			if err := rows.Scan(&id, &c); err != nil {
				rows.Close()
				return err
			}
			loans[id] = c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		people := map[int64]owner{}
		rows, err = tx.QueryContext(ctx, `SELECT id, code, name FROM borrowers`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var o owner
			if err := rows.Scan(&id, &o.code, &o.name); err != nil {
				rows.Close()
				return err
			}
			people[id] = o
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		out = make([]data.LedgerLine, len(entries))
		for i, e := range entries {
			p := people[e.BorrowerID]
			out[i] = data.LedgerLine{Entry: e, Contract: loans[e.LoanID], BorrowerCode: p.code, BorrowerName: p.name}
		}
		return nil
	})
	return out, err
}

// OwnRates returns the dated rates of every loan that has its own (local-budget loans), by
// loan ID, for exports.
func (s *Store) OwnRates(ctx context.Context) (map[int64][]data.RatePeriod, error) {
	var out map[int64][]data.RatePeriod
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = loanRates(ctx, tx, "")
		return err
	})
	return out, err
}
