package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"sort"
	"strings"

	"policycredit/data"
)

// TableCount is how many rows a move copied into one table.
type TableCount struct {
	Table string `json:"table"`
	Rows  int64  `json:"rows"`
}

// MoveOffice copies the whole office in from into the empty database at addr (a SQLite file
// or a postgres:// address), which gets its schema from its own engine's migrations; every
// row keeps its id, so the ledger's and the audit's hash chains hold on the target as they do
// on the source. A target that is not empty is refused and left untouched. It returns the
// rows copied per table, in the order they were copied.
func MoveOffice(ctx context.Context, from *Store, addr string) (counts []TableCount, err error) {
	if err := targetEmpty(ctx, addr); err != nil {
		return nil, err
	}
	to, err := OpenWith(addr, Options{})
	if err != nil {
		return nil, err
	}
	defer to.Close()
	defer func() {
		// A file this move created and could not fill is removed, so that the move can simply
		// be run again (a database on a server keeps the schema: drop and create it again).
		if err != nil && !to.pg {
			to.Close()
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(to.path + suffix)
			}
		}
	}()
	tables, err := to.copyOrder(ctx)
	if err != nil {
		return nil, mapErr(err)
	}
	err = from.read(ctx, func(src *sql.Tx) error {
		tx, err := to.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		restore, err := to.liftAllTriggers(ctx, tx, tables)
		if err != nil {
			return err
		}
		// What the target's migrations seeded (settings, programs, the audit of both, the
		// chains' heads) gives way to the source's rows.
		for i := len(tables) - 1; i >= 0; i-- {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+tables[i]); err != nil {
				return err
			}
		}
		for _, t := range tables {
			n, err := copyTable(ctx, src, tx, t, to.pg)
			if err != nil {
				return fmt.Errorf("copy %s: %w", t, err)
			}
			counts = append(counts, TableCount{t, n})
		}
		for _, q := range restore {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		if to.pg {
			if err := followIdentities(ctx, tx); err != nil {
				return err
			}
		}
		return tx.Commit()
	})
	if err != nil {
		return nil, mapErr(err)
	}
	to.analyzeAfterLoad(ctx)
	return counts, nil
}

// targetEmpty refuses a target that holds anything: a SQLite file that exists with content,
// a PostgreSQL database with a table in its schema.
func targetEmpty(ctx context.Context, addr string) error {
	if !data.IsPostgresAddress(addr) {
		fi, err := os.Stat(addr)
		if errors.Is(err, fs.ErrNotExist) || (err == nil && fi.Size() == 0) {
			return nil
		} else if err != nil {
			return data.Forbidden("database", "cannot_open")
		}
		return data.Conflict("migrate.target", "target_not_empty", "Target", addr)
	}
	db, err := openPlainPG(addr)
	if err != nil {
		return err
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables
		WHERE table_schema = current_schema()`).Scan(&n); err != nil {
		return pgOpenErr(err, addr)
	}
	if n > 0 {
		return data.Conflict("migrate.target", "target_not_empty", "Target", redact(addr))
	}
	return nil
}

// copyOrder lists the office's tables (not the record of migrations) so that each comes
// after the tables it refers to, names sorted within a level so the order is the same on
// every run. A reference checked only at commit (a group's leader, one of its members: a
// cycle) does not order; nor do SQLite's, which the copy defers to commit.
func (s *Store) copyOrder(ctx context.Context) ([]string, error) {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if s.pg {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
			AND table_type = 'BASE TABLE'`
	}
	names, err := queryStrings(ctx, s.db, q)
	if err != nil {
		return nil, err
	}
	refs := map[string][]string{}
	for _, t := range names {
		if t == "schema_migrations" {
			continue
		}
		q := `SELECT DISTINCT "table" FROM pragma_foreign_key_list('` + t + `')`
		if s.pg {
			q = `SELECT DISTINCT c.confrelid::regclass::text FROM pg_constraint c
				WHERE c.contype = 'f' AND NOT c.condeferred AND c.conrelid = '` + t + `'::regclass`
		}
		parents, err := queryStrings(ctx, s.db, q)
		if err != nil {
			return nil, err
		}
		refs[t] = parents
	}
	var order []string
	done := map[string]bool{}
	for len(done) < len(refs) {
		var level []string
		for t, parents := range refs {
			if done[t] {
				continue
			}
			ready := true
			for _, p := range parents {
				if p != t && !done[p] {
					ready = false
				}
			}
			if ready {
				level = append(level, t)
			}
		}
		if len(level) == 0 && s.pg {
			return nil, fmt.Errorf("tables refer to each other: %v", refs)
		}
		if len(level) == 0 { // SQLite: its references wait for the commit
			for t := range refs {
				if !done[t] {
					level = append(level, t)
				}
			}
		}
		sort.Strings(level)
		for _, t := range level {
			done[t] = true
		}
		order = append(order, level...)
	}
	return order, nil
}

func queryStrings(ctx context.Context, db *sql.DB, q string) ([]string, error) {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// liftAllTriggers sets the target's triggers aside for the copy (the append-only guards would
// refuse clearing the seed, the chains' heads are copied as they are) and returns the
// statements that put them back in the same transaction. On SQLite the references are checked
// at commit, so the tables' order does not matter there.
func (s *Store) liftAllTriggers(ctx context.Context, tx *sql.Tx, tables []string) ([]string, error) {
	var back []string
	if s.pg {
		for _, t := range tables {
			if _, err := tx.ExecContext(ctx, `ALTER TABLE `+t+` DISABLE TRIGGER USER`); err != nil {
				return nil, err
			}
			back = append(back, `ALTER TABLE `+t+` ENABLE TRIGGER USER`)
		}
		// The references deferred to commit are checked before the triggers come back
		// (PostgreSQL refuses to alter a table with checks still pending).
		return append([]string{`SET CONSTRAINTS ALL IMMEDIATE`}, back...), nil
	}
	if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var name, text string
		if err := rows.Scan(&name, &text); err != nil {
			rows.Close()
			return nil, err
		}
		names, back = append(names, name), append(back, text)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER "`+n+`"`); err != nil {
			return nil, err
		}
	}
	return back, nil
}

// copyTable copies every row of one table, in id order, from the source's snapshot into the
// target's transaction, and returns how many it copied.
func copyTable(ctx context.Context, src, dst *sql.Tx, table string, toPG bool) (int64, error) {
	rows, err := src.QueryContext(ctx, `SELECT * FROM `+table+` ORDER BY 1`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	bytea := map[int]bool{}
	if toPG {
		rs, err := dst.QueryContext(ctx, `SELECT column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = ? AND data_type = 'bytea'`, table)
		if err != nil {
			return 0, err
		}
		var names []string
		for rs.Next() {
			var c string
			if err := rs.Scan(&c); err != nil {
				rs.Close()
				return 0, err
			}
			names = append(names, c)
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return 0, err
		}
		for i, c := range cols {
			bytea[i] = slices.Contains(names, c)
		}
	}
	// Many rows a statement: a round trip per row would make a district's million entries a
	// matter of minutes on a server. Both engines take 30,000 parameters in one statement.
	perBatch := max(1, min(500, 30000/len(cols)))
	insert := func(batch []any) error {
		row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
		k := len(batch) / len(cols)
		q := `INSERT INTO ` + table + ` ("` + strings.Join(cols, `", "`) + `") VALUES ` +
			strings.TrimSuffix(strings.Repeat(row+", ", k), ", ")
		_, err := dst.ExecContext(ctx, q, batch...)
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	batch := make([]any, 0, perBatch*len(cols))
	var n int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, err
		}
		for i, v := range vals {
			if s, ok := v.(string); ok && bytea[i] {
				v = []byte(s) // SQLite keeps sort keys' bytes in a TEXT column
			}
			batch = append(batch, v)
		}
		n++
		if len(batch) == cap(batch) {
			if err := insert(batch); err != nil {
				return 0, err
			}
			batch = batch[:0]
		}
	}
	if len(batch) > 0 {
		if err := insert(batch); err != nil {
			return 0, err
		}
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return n, nil
}
