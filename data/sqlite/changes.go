package sqlite

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// ChangeMarker is a short text that changes whenever a write is committed, by this PC or
// another (issue 23: several PCs on one PostgreSQL office): a screen keeps the marker it
// read its lists under and reloads them when the marker differs. It is the heads of the
// ledger's and the audit's hash chains, which every posting and every audited change moves
// on both engines, so one indexed read of two rows tells; no trigger or notification channel
// is needed, and SQLite's PRAGMA data_version, which is per connection, would not see
// another connection of the same pool.
func (s *Store) ChangeMarker(ctx context.Context) (string, error) {
	var b strings.Builder
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT chain, last_id FROM chain_heads ORDER BY chain`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var chain string
			var last int64
			if err := rows.Scan(&chain, &last); err != nil {
				return err
			}
			b.WriteString(chain + ":" + strconv.FormatInt(last, 10) + ";")
		}
		return rows.Err()
	})
	return b.String(), err
}
