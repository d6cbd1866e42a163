package sqlite

import (
	"context"
	"database/sql"
)

// handled runs fn, a step whose typed refusal the caller records and then carries on past in
// the same transaction (a refused line of an imported file). SQLite undoes only the statement
// that failed and goes on; PostgreSQL aborts the whole transaction at any failed statement
// (25P02 for every statement after it). So on PostgreSQL fn runs inside a savepoint: released
// when nothing failed, rolled back to when a statement did, which leaves the transaction usable
// for the next line. On SQLite fn just runs, as before.
//
// A refusal found in Go (no statement failed) keeps what fn wrote before it, as SQLite does; a
// failed statement undoes fn's earlier statements too, where SQLite keeps them. Either way the
// import is then refused as a whole, so this changes nothing that is written.
func handled(ctx context.Context, tx *sql.Tx, pg bool, fn func() error) error {
	if !pg {
		return fn()
	}
	if _, err := tx.ExecContext(ctx, `SAVEPOINT handled`); err != nil {
		return err
	}
	err := fn()
	// RELEASE fails only in an aborted transaction: then, and only then, roll back to the savepoint.
	_, relErr := tx.ExecContext(ctx, `RELEASE SAVEPOINT handled`)
	if relErr == nil {
		return err
	}
	if err == nil {
		// fn hid a failed statement: what it wrote is not all there, so the import must stop.
		return relErr
	}
	if _, rbErr := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT handled`); rbErr != nil {
		return rbErr
	}
	if _, rbErr := tx.ExecContext(ctx, `RELEASE SAVEPOINT handled`); rbErr != nil {
		return rbErr
	}
	return err
}
