package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// alongside runs fn for parts 0…n-1 at once, part 0 on tx and each other part on a read
// transaction of its own that sees tx's snapshot (PostgreSQL: pg_export_snapshot, SET
// TRANSACTION SNAPSHOT), so that the parts add up to what one statement in tx would read. On
// SQLite, or with n of 1, the parts run one after the other on tx.
func (s *Store) alongside(ctx context.Context, tx *sql.Tx, n int, fn func(part int, tx *sql.Tx) error) error {
	if !s.pg || n <= 1 {
		for part := range n {
			if err := fn(part, tx); err != nil {
				return err
			}
		}
		return nil
	}
	snapshot, err := exportSnapshot(ctx, tx)
	if err != nil {
		return err
	}
	txs := []*sql.Tx{tx}
	defer func() {
		for _, t := range txs[1:] {
			t.Rollback()
		}
	}()
	for range n - 1 {
		t, err := s.joinSnapshot(ctx, snapshot)
		if err != nil {
			return err
		}
		txs = append(txs, t)
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for part, t := range txs {
		wg.Go(func() { errs[part] = fn(part, t) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
