package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"policycredit/data/demo"
	"policycredit/data/pgtest"
)

// After a bulk load PostgreSQL's planner has its statistics at once, not whenever autovacuum
// gets round to the tables (on the large demo office, until then a keystroke of the Borrowers
// search took seconds): the import of an office and the move of one both leave the ledger's
// tables analyzed and vacuumed. last_analyze and last_vacuum count only those asked for, not
// autovacuum's.
func TestPostgresBulkLoadsLeaveStatistics(t *testing.T) {
	ctx := context.Background()
	ds := demo.Generate(demo.Scales["small"], 1, demo.Today)
	imported := openTest(t, pgtest.Database(t))
	if err := imported.ImportDataset(ctx, ds); err != nil {
		t.Fatal(err)
	}
	requireStatistics(t, imported, "import")

	src := openTest(t, filepath.Join(t.TempDir(), "office.db"))
	if err := src.ImportDataset(ctx, ds); err != nil {
		t.Fatal(err)
	}
	addr := pgtest.Database(t)
	if _, err := MoveOffice(ctx, src, addr); err != nil {
		t.Fatal(err)
	}
	requireStatistics(t, openTest(t, addr), "move")
}

func requireStatistics(t *testing.T, s *Store, after string) {
	t.Helper()
	for _, table := range []string{"borrowers", "loans", "installments", "entries", "loan_balances"} {
		var analyzed, vacuumed bool
		if err := s.db.QueryRow(`SELECT last_analyze IS NOT NULL, last_vacuum IS NOT NULL
			FROM pg_stat_user_tables WHERE relname = ?`, table).Scan(&analyzed, &vacuumed); err != nil {
			t.Fatal(table, err)
		}
		if !analyzed || !vacuumed {
			t.Errorf("after the %s, %s: analyzed %v, vacuumed %v", after, table, analyzed, vacuumed)
		}
	}
}
