package sqlite

import (
	"context"
	"database/sql"
	"testing"

	"policycredit/data"
	"policycredit/data/pgtest"
)

// On PostgreSQL a write transaction is SERIALIZABLE without asking: two that read the same
// row and both change it cannot both commit, and the loser gets the store's "busy" refusal,
// the message SQLite's locked database gives. (SQLite reaches the same end by letting one
// writer in at a time.)
func TestPostgresWritesAreSerializable(t *testing.T) {
	s := openTest(t, pgtest.Database(t))
	if !s.pg {
		t.Fatal("a postgres:// address opened as SQLite")
	}
	ctx := context.Background()
	a, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Rollback()
	b, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Rollback()
	var level string
	if err := a.QueryRowContext(ctx, `SHOW transaction_isolation`).Scan(&level); err != nil || level != "serializable" {
		t.Fatalf("write transaction isolation = %q, %v", level, err)
	}
	// Both read the epoch, then both write what they read plus one: serially the result is 2.
	var ea, eb int64
	must(t, a.QueryRowContext(ctx, `SELECT epoch FROM month_end_epoch WHERE id = 1`).Scan(&ea))
	must(t, b.QueryRowContext(ctx, `SELECT epoch FROM month_end_epoch WHERE id = 1`).Scan(&eb))
	_, err = a.ExecContext(ctx, `UPDATE month_end_epoch SET epoch = ? WHERE id = 1`, ea+1)
	must(t, err)
	must(t, a.Commit())
	_, err = b.ExecContext(ctx, `UPDATE month_end_epoch SET epoch = ? WHERE id = 1`, eb+1)
	if err == nil {
		err = b.Commit()
	}
	if !data.HasCode(mapErr(err), data.CodeConflict) || data.ForField(mapErr(err), "database") == nil {
		t.Fatalf("the second writer: %v (mapped %v), want Conflict(database, busy)", err, mapErr(err))
	}
}

// Reads run in one snapshot that cannot write: a write slipping through the read path is
// refused, as SQLite's query_only read pool refuses it.
func TestPostgresReadsAreReadOnlySnapshots(t *testing.T) {
	s := openTest(t, pgtest.Database(t))
	err := s.read(userCtx, func(tx *sql.Tx) error {
		var level string
		if err := tx.QueryRowContext(userCtx, `SHOW transaction_isolation`).Scan(&level); err != nil {
			return err
		}
		if level != "repeatable read" {
			t.Errorf("read transaction isolation = %q, want repeatable read", level)
		}
		_, err := tx.ExecContext(userCtx, `UPDATE month_end_epoch SET epoch = epoch + 1`)
		return err
	})
	if !data.HasCode(err, data.CodeForbidden) || data.ForField(err, "database") == nil {
		t.Fatalf("a write in a read transaction: %v, want Forbidden(database, read_only)", err)
	}
}
