package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"policycredit/data/pgtest"
)

// Both engines have the same migrations, by number and name: a schema change made for one
// and forgotten for the other fails here.
func TestPostgresMigrationsMatchSQLite(t *testing.T) {
	lite, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	pg, err := migrationsIn(pgMigrationFiles, "pgmigrations")
	if err != nil {
		t.Fatal(err)
	}
	if len(pg) != len(lite) {
		t.Fatalf("%d PostgreSQL migrations, %d SQLite ones", len(pg), len(lite))
	}
	for i := range lite {
		if pg[i].name != lite[i].name {
			t.Errorf("migration %d: %s on PostgreSQL, %s on SQLite", i+1, pg[i].name, lite[i].name)
		}
	}
}

// pgMigrated returns a fresh PostgreSQL database with every migration applied, each in its own
// transaction as the store applies them.
func pgMigrated(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ms, err := migrationsIn(pgMigrationFiles, "pgmigrations")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, m := range ms {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			t.Fatalf("%s: %v", m.name, err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
	}
	return db
}

// pgCode is the SQLSTATE of a PostgreSQL error, "" for anything else.
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// The schema applies from empty, and its rules hold as SQLite's do: the ledger refuses changes
// (P0001, the store's append-only refusal), a code is unique whatever its case, the chain head
// follows the last entry, a month is settled once, the kinds' CHECK was widened by 0012 in
// place.
func TestPostgresMigrationsApply(t *testing.T) {
	db := pgMigrated(t)
	ctx := context.Background()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	const at = "2026-01-05T08:00:00Z"
	exec(`INSERT INTO associations (code, name_vi, name_en, name_fr) VALUES ('hnd', 'Hội Nông dân', 'Farmers', 'Paysans')`)
	exec(`INSERT INTO communes (code, name, created_at, created_by, updated_at, updated_by) VALUES ('X01', 'Xã Tân Lập', $1, 'test', $1, 'test')`, at)
	exec(`INSERT INTO villages (commune_id, code, name, created_at, created_by, updated_at, updated_by) VALUES (1, 'T01', 'Thôn Đông', $1, 'test', $1, 'test')`, at)
	exec(`INSERT INTO borrowers (code, name, village_id, category, search_key, sort_key, created_at, created_by, updated_at, updated_by)
		VALUES ('KH001', 'Nguyễn Thị Đào', 1, 'poor', 'nguyen thi dao', '\x01'::bytea, $1, 'test', $1, 'test')`, at)
	exec(`INSERT INTO chain_heads (chain, last_id, hash) VALUES ('entries', 0, '')`)
	exec(`INSERT INTO entries (id, borrower_id, kind, value_date, amount, posted_at, user_name, hash)
		VALUES (1, 1, 'deposit', '2026-01-05', 50000, $1, 'test', 'h1')`, at)

	var lastID int64
	var hash string
	if err := db.QueryRowContext(ctx, `SELECT last_id, hash FROM chain_heads WHERE chain = 'entries'`).Scan(&lastID, &hash); err != nil {
		t.Fatal(err)
	}
	if lastID != 1 || hash != "h1" {
		t.Errorf("chain head = %d %q, want 1 h1", lastID, hash)
	}

	// Append-only: the trigger refuses, with its message, and the row is unchanged.
	for _, q := range []string{`UPDATE entries SET amount = 1 WHERE id = 1`, `DELETE FROM entries WHERE id = 1`} {
		_, err := db.ExecContext(ctx, q)
		if pgCode(err) != "P0001" || !strings.Contains(err.Error(), "ledger entries are append-only") {
			t.Errorf("%s: %v, want the append-only refusal (P0001)", q, err)
		}
	}
	var amount int64
	if err := db.QueryRowContext(ctx, `SELECT amount FROM entries WHERE id = 1`).Scan(&amount); err != nil || amount != 50000 {
		t.Errorf("entry 1 amount = %d, %v; want 50000", amount, err)
	}

	// Codes compare case-insensitively (SQLite's COLLATE NOCASE).
	_, err := db.ExecContext(ctx, `INSERT INTO borrowers (code, name, village_id, category, search_key, sort_key, created_at, created_by, updated_at, updated_by)
		VALUES ('kh001', 'Trần Văn An', 1, 'poor', 'tran van an', '\x01'::bytea, $1, 'test', $1, 'test')`, at)
	if pgCode(err) != "23505" {
		t.Errorf("a second kh001: %v, want a unique violation (23505)", err)
	}
	var name string
	if err := db.QueryRowContext(ctx, `SELECT name FROM borrowers WHERE code = 'kh001'`).Scan(&name); err != nil || name != "Nguyễn Thị Đào" {
		t.Errorf("borrower kh001 = %q, %v", name, err)
	}

	// 0012 widened the kinds in place; a kind outside the list is still refused.
	exec(`INSERT INTO programs (code, name_vi, name_en, name_fr, max_amount, limit_basis, max_term_months, sources, open, created_at, created_by, updated_at, updated_by)
		VALUES ('01', 'Hộ nghèo', 'Poor households', 'Ménages pauvres', 100000000, 'loan', 120, 'central', 1, $1, 'test', $1, 'test')`, at)
	exec(`INSERT INTO loans (contract, borrower_id, program_code, source, amount, signed_on, term_months, plan_kind, status, created_at, created_by, updated_at, updated_by)
		VALUES ('HD-1', 1, '01', 'central', 30000000, '2026-01-05', 36, 'equal', 'active', $1, 'test', $1, 'test')`, at)
	exec(`INSERT INTO entries (id, loan_id, borrower_id, kind, value_date, amount, posted_at, user_name, hash)
		VALUES (2, 1, 1, 'writeoff_interest', '2026-01-06', 1000, $1, 'test', 'h2')`, at)
	_, err = db.ExecContext(ctx, `INSERT INTO entries (id, loan_id, borrower_id, kind, value_date, amount, posted_at, user_name)
		VALUES (3, 1, 1, 'gift', '2026-01-06', 1000, $1, 'test')`, at)
	if pgCode(err) != "23514" {
		t.Errorf("kind gift: %v, want a check violation (23514)", err)
	}

	// One standing settlement a month; after its reversal the month can be settled again.
	settle := `INSERT INTO settlements (month, rules, fees, commissions, settled_at, settled_by) VALUES ('2026-01', '{}', 0, 0, $1, 'test')`
	exec(settle, at)
	if _, err := db.ExecContext(ctx, settle, at); pgCode(err) != "P0001" || !strings.Contains(err.Error(), "month already settled") {
		t.Errorf("second settlement of 2026-01: %v, want the refusal", err)
	}
	exec(`INSERT INTO settlement_reversals (settlement_id, reason, reversed_at, reversed_by) VALUES (1, 'wrong rates', $1, 'test')`, at)
	exec(settle, at)

	// A village moving to another commune drops the snapshots of both communes' open months
	// and counts the drop (0007, 0011).
	exec(`INSERT INTO communes (code, name, created_at, created_by, updated_at, updated_by) VALUES ('X02', 'Xã Hòa Bình', $1, 'test', $1, 'test')`, at)
	exec(`INSERT INTO month_end_figures (month_end, commune_id, outstanding, overdue, frozen, mark) VALUES ('2025-12-31', 1, 1, 0, 0, 2), ('2025-11-30', 1, 1, 0, 0, 2)`)
	exec(`INSERT INTO closed_months (month, closed_at, closed_by) VALUES ('2025-11', $1, 'test')`, at)
	exec(`UPDATE villages SET commune_id = 2 WHERE id = 1`)
	var kept, epoch int64
	if err := db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM month_end_figures), (SELECT epoch FROM month_end_epoch)`).Scan(&kept, &epoch); err != nil {
		t.Fatal(err)
	}
	if kept != 1 || epoch != 1 {
		t.Errorf("after the move: %d snapshots (want 1, the closed November), epoch %d (want 1)", kept, epoch)
	}
}
