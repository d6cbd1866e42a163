package sqlite

import "context"

// analyzeAfterLoad has PostgreSQL gather its planner's statistics after a bulk load (the
// import of an office, a move): until autovacuum gets round to the new rows, the planner
// takes each table for a few hundred rows and picks plans that read the whole ledger where
// an index would read a loan's entries (a keystroke of the Borrowers search on the large demo
// office: seconds instead of milliseconds). VACUUM also marks the new pages all-visible, so
// that the covering indexes (entries_loan, installments_due) answer without reading the
// table, and the first readers do not write hint bits. SQLite plans by its indexes and needs
// nothing. The load has committed by then, so a failure here (a cancel) only leaves the work
// to autovacuum, and is not the caller's error.
func (s *Store) analyzeAfterLoad(ctx context.Context) {
	if s.pg {
		s.db.ExecContext(ctx, `VACUUM (ANALYZE)`)
	}
}
