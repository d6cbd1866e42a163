package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"policycredit/data"
)

// TestMigration12OnTheDemoOffice takes a copy of the demo office back to the schema before
// 0012 (the ledger's old kind CHECK, no program extension limit, an office setting of 9 months)
// and opens it again: the ledger and what references it come through the table rebuild
// unchanged, its indexes and append-only triggers are back, and every program starts with the
// office's limit.
func TestMigration12OnTheDemoOffice(t *testing.T) {
	t.Parallel()
	s := demoStore(t)
	sqliteOnly(t, s, "rebuilds a SQLite file as before migration 12; PostgreSQL's 0012 changes the CHECK in place")
	path := s.Path()
	var id int64
	must(t, s.db.QueryRow(`SELECT max(id) FROM entries WHERE loan_id IS NOT NULL`).Scan(&id))

	script, err := migrationFiles.ReadFile("migrations/0012_writeoff_interest_extension_limit.sql")
	must(t, err)
	old := string(script)
	old = strings.Replace(old, " OR kind = 'writeoff_interest'", "", 1)
	old = old[:strings.Index(old, "ALTER TABLE programs")]
	tx, err := s.db.Begin()
	must(t, err)
	for _, q := range []string{
		// Before 0012 means before 0013 too: no hash chains.
		`DROP TRIGGER entries_chain_head`, `DROP TRIGGER audit_chain_head`,
		`DROP TRIGGER audit_no_update`, `DROP TRIGGER audit_no_delete`, `DROP TABLE chain_heads`,
		`ALTER TABLE audit DROP COLUMN hash`, `DELETE FROM schema_migrations WHERE version = 13`,
		// and before 0015's covering index, which 0012's rebuild drops with the old table.
		`DELETE FROM schema_migrations WHERE version = 15`,
		`DROP TRIGGER entries_no_delete`,
		`DELETE FROM entries WHERE kind = 'writeoff_interest'`, // no ledger before 0012 has them
		old,
		`ALTER TABLE programs DROP COLUMN extension_max_months`,
		`DELETE FROM schema_migrations WHERE version = 12`,
		`INSERT OR REPLACE INTO settings (key, value, created_at, created_by, updated_at, updated_by)
			VALUES ('extension_max_months', '9', '', '', '', '')`,
		fmt.Sprintf(`INSERT INTO imported_entries (source_key, entry_id) VALUES ('file/1', %d)`, id),
	} {
		if _, err := tx.Exec(q); err != nil {
			tx.Rollback()
			t.Fatalf("%.60s…: %v", q, err)
		}
	}
	must(t, tx.Commit())
	if _, err := s.db.Exec(`INSERT INTO entries (loan_id, borrower_id, kind, value_date, amount, posted_at, user_name)
		SELECT loan_id, borrower_id, 'writeoff_interest', value_date, 1, '', '' FROM entries WHERE id = ?`, id); err == nil {
		t.Fatal("the schema before 0012 took a writeoff_interest entry")
	}
	ledger, imported := dumpTable(t, s, "entries"), dumpTable(t, s, "imported_entries")
	must(t, s.Close())

	s = openTest(t, path)
	if got := dumpTable(t, s, "entries"); got != ledger {
		t.Error("the ledger changed in the rebuild")
	}
	if got := dumpTable(t, s, "imported_entries"); got != imported {
		t.Error("imported_entries changed in the rebuild")
	}
	// The demo office is a SQLite file whatever the test engine: compare with a new file.
	if fresh, got := entriesSchema(t, openTest(t, filepath.Join(t.TempDir(), "fresh.db"))), entriesSchema(t, s); got != fresh {
		t.Errorf("indexes and triggers of the rebuilt ledger:\n%s\nwant as on a new office:\n%s", got, fresh)
	}
	rows, err := s.db.Query(`PRAGMA foreign_key_check`)
	must(t, err)
	if rows.Next() {
		t.Error("foreign keys broken after the rebuild")
	}
	rows.Close()
	// 0013 then chained the rebuilt ledger and the audit from their first rows.
	if problems, err := s.Check(context.Background()); err != nil || len(problems) != 0 {
		t.Errorf("check after the rebuild: %v %v", problems, err)
	}
	if _, err := s.db.Exec(`UPDATE entries SET amount = amount + 1 WHERE id = ?`, id); err == nil ||
		!strings.Contains(err.Error(), "append-only") {
		t.Errorf("an update of the rebuilt ledger: %v, want refused as append-only", err)
	}
	if _, err := s.db.Exec(`DELETE FROM entries WHERE id = ?`, id); err == nil {
		t.Error("a delete from the rebuilt ledger was accepted")
	}
	ps, err := s.Programs(context.Background())
	must(t, err)
	for _, p := range ps {
		if p.ExtensionMaxMonths != 9 {
			t.Errorf("program %s: extension limit %d, want the office's 9", p.Code, p.ExtensionMaxMonths)
		}
	}
}

// dumpTable is every row of a table in rowid order, as text.
func dumpTable(t *testing.T, s *Store, table string) string {
	t.Helper()
	rows, err := s.db.Query(`SELECT * FROM ` + table + ` ORDER BY 1`)
	must(t, err)
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		must(t, rows.Scan(ptrs...))
		// The row's data, not its place in a hash chain (0013), which Check verifies.
		for i, c := range cols {
			if c == "hash" {
				vals = append(vals[:i], vals[i+1:]...)
				break
			}
		}
		fmt.Fprintln(&b, vals...)
	}
	must(t, rows.Err())
	return b.String()
}

// entriesSchema lists the indexes and triggers on the ledger with their SQL.
func entriesSchema(t *testing.T, s *Store) string {
	t.Helper()
	rows, err := s.db.Query(`SELECT type, name, replace(replace(sql, '"', ''), '    ', ' ') FROM sqlite_master
		WHERE tbl_name = 'entries' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name`)
	must(t, err)
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var typ, name, sql string
		must(t, rows.Scan(&typ, &name, &sql))
		fmt.Fprintf(&b, "%s %s: %s\n", typ, name, strings.Join(strings.Fields(sql), " "))
	}
	return b.String()
}

// TestProgramExtensionLimitInTheStore: the Programs screen's limit is saved, audited through
// SaveProgram, checked, and applied by Post to the program's loans.
func TestProgramExtensionLimitInTheStore(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s, ctx := f.s, userCtx
	p, err := s.Program(ctx, "01")
	must(t, err)
	if p.ExtensionMaxMonths != 12 {
		t.Fatalf("a new office's program 01: limit %d, want 12", p.ExtensionMaxMonths)
	}
	bad := p
	bad.ExtensionMaxMonths = 121
	if e := data.ForField(s.SaveProgram(ctx, &bad), "program.extension_max"); e == nil || e.Rule != "range" {
		t.Fatalf("a limit of 121 months: %v", e)
	}
	p.ExtensionMaxMonths = 6
	must(t, s.SaveProgram(ctx, &p))
	again, err := s.Program(ctx, "01")
	must(t, err)
	if again.ExtensionMaxMonths != 6 {
		t.Fatalf("saved 6, read %d", again.ExtensionMaxMonths)
	}
	created := data.Program{Code: "77", Name: map[string]string{"vi": "Thử", "en": "Test", "fr": "Essai"},
		LimitBasis: data.LimitPerLoan, Sources: []data.FundingSource{data.SourceCentral}, Open: true,
		ExtensionMaxMonths: 3}
	must(t, s.SaveProgram(ctx, &created))
	if got, err := s.Program(ctx, "77"); err != nil || got.ExtensionMaxMonths != 3 {
		t.Fatalf("a new program with a limit of 3: %d, %v", got.ExtensionMaxMonths, err)
	}

	l := data.Loan{Contract: "GH/1", BorrowerID: f.leader.ID, GroupID: f.group.ID, ProgramCode: "01",
		Source: data.SourceCentral, Amount: 12_000_000, SignedOn: data.MustDate("2024-01-10"), TermMonths: 12,
		Plan: data.Plan{Kind: data.PlanEqual, EveryMonths: 12}}
	must(t, s.OpenLoan(ctx, &l, 12_000_000))
	ext := data.Entry{LoanID: l.ID, Kind: data.EntryExtend, ValueDate: data.MustDate("2025-01-05"),
		NewDate: data.MustDate("2025-09-10"), Decision: "QĐ-1"}
	if e := data.ForField(s.Post(ctx, &ext), "entry.new_date"); e == nil || e.Rule != "extension_max" || e.Params["Months"] != 6 {
		t.Fatalf("an extension of 8 months under a limit of 6: %v", e)
	}
	ext.NewDate = data.MustDate("2025-07-10")
	must(t, postOnItsDay(s, &ext))
}
