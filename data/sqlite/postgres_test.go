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

// The store's writes queue behind one another on PostgreSQL: two that each read the epoch and
// write it plus one, started at once, leave it two higher, as one writer after the other would;
// the second's snapshot is taken once the first has committed. Each runs at REPEATABLE READ
// (the queue, not predicate locks, makes them serial).
func TestPostgresQueuedWritesRunOneAfterTheOther(t *testing.T) {
	s := openTest(t, pgtest.Database(t))
	if !s.queued {
		t.Fatal("an office on PostgreSQL whose writes do not queue")
	}
	var before int64
	must(t, s.db.QueryRowContext(userCtx, `SELECT epoch FROM month_end_epoch`).Scan(&before))
	firstRead := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error, 2)
	bump := func(hold bool) {
		done <- s.system(userCtx, func(tx *sql.Tx, _ stamp) error {
			var level string
			var e int64
			if err := tx.QueryRowContext(userCtx, `SHOW transaction_isolation`).Scan(&level); err != nil {
				return err
			}
			if level != "repeatable read" {
				t.Errorf("a queued write runs at %q", level)
			}
			if err := tx.QueryRowContext(userCtx, `SELECT epoch FROM month_end_epoch`).Scan(&e); err != nil {
				return err
			}
			if hold {
				close(firstRead)
				<-release
			}
			_, err := tx.ExecContext(userCtx, `UPDATE month_end_epoch SET epoch = ?`, e+1)
			return err
		})
	}
	go bump(true)
	<-firstRead
	go bump(false)
	waitForLockWait(t, s) // the second waits in the queue, not yet having read
	close(release)
	for range 2 {
		must(t, <-done)
	}
	var after int64
	must(t, s.db.QueryRowContext(userCtx, `SELECT epoch FROM month_end_epoch`).Scan(&after))
	if after != before+2 {
		t.Errorf("two queued writes moved the epoch from %d to %d, want +2", before, after)
	}
}
