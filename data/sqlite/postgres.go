package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"policycredit/data"
)

// The same Store runs on PostgreSQL when the office's address is postgres://… (docs/postgres.md):
// the store's code and SQL are shared; the connection below rewrites SQLite's parameters into
// PostgreSQL's on the way to pgx, and gives every transaction the isolation that keeps the
// rules SQLite's single writer kept.

// openPostgres opens the office in the PostgreSQL database at dsn and brings its schema up to
// date, as OpenWith does for a file.
func openPostgres(dsn string) (*Store, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, data.Invalid("database", "address")
	}
	// Planner settings for the store's statements, unless the address names them. No JIT
	// compilation: the office summary's one statement costs past jit_above_cost on a large
	// office, and compiling it took 0.74 s of its 1.06 s, at every call. For the reads (the
	// reports, the Overview, the lists), a plan for each call's own dates rather than the
	// generic plan PostgreSQL switches a prepared statement to after five calls: the Overview
	// went from 0.4 s to 1.6 s on its sixth. Not for the writes, whose many small statements
	// would pay the planning at every call (a group's posting: 38 ms instead of 31).
	setDefault := func(cfg *pgx.ConnConfig, k, v string) {
		if _, ok := cfg.RuntimeParams[k]; !ok {
			cfg.RuntimeParams[k] = v
		}
	}
	setDefault(cfg, "jit", "off")
	readCfg := cfg.Copy()
	setDefault(readCfg, "plan_cache_mode", "force_custom_plan")
	s := &Store{Clock: time.Now, path: redact(dsn), pg: true, dsn: dsn,
		db:  sql.OpenDB(pgConnector{base: stdlib.GetConnector(*cfg)}),
		rdb: sql.OpenDB(pgConnector{base: stdlib.GetConnector(*readCfg), read: true})}
	ctx := context.Background()
	fail := func(err error) (*Store, error) {
		s.Close()
		return nil, err
	}
	if err := s.db.PingContext(ctx); err != nil {
		return fail(pgOpenErr(err, dsn))
	}
	// Dates and codes compare as bytes, as in SQLite: only under the C collation.
	var collate string
	if err := s.db.QueryRowContext(ctx, `SELECT datcollate FROM pg_database WHERE datname = current_database()`).Scan(&collate); err != nil {
		return fail(mapErr(err))
	}
	if collate != "C" && collate != "C.UTF-8" && collate != "C.utf8" && collate != "POSIX" {
		return fail(data.Invalid("database", "collation", "Collation", collate))
	}
	if s.isNew, err = s.migrate(ctx); err != nil {
		return fail(err)
	}
	if err := s.ensureChains(ctx); err != nil {
		return fail(err)
	}
	if err := s.refreshSortKeys(ctx); err != nil {
		return fail(err)
	}
	return s, nil
}

// redact is the address without its password, as the store reports it (Path).
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// pgConnector makes the store's connections to PostgreSQL: pgx's, wrapped.
type pgConnector struct {
	base driver.Connector
	read bool // the pool of read transactions
}

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	cn, err := c.base.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &pgConn{Conn: cn, read: c.read}, nil
}

func (c pgConnector) Driver() driver.Driver { return c.base.Driver() }

// pgConn is a pgx connection that takes the store's SQLite-style statements.
type pgConn struct {
	driver.Conn
	read bool
}

// The interfaces of pgx's connection that database/sql looks for.
type pgxConn interface {
	driver.ConnPrepareContext
	driver.ConnBeginTx
	driver.ExecerContext
	driver.QueryerContext
	driver.NamedValueChecker
	driver.Pinger
	driver.SessionResetter
}

func (c *pgConn) pgx() pgxConn { return c.Conn.(pgxConn) }

func (c *pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	b, err := rebindCached(query)
	if err != nil {
		return nil, err
	}
	st, err := c.pgx().PrepareContext(ctx, b.text)
	if err != nil {
		return nil, err
	}
	return &pgStmt{Stmt: st, b: b}, nil
}

// BeginTx gives a transaction the store did not ask a level for (all of them) the one its pool
// needs: writes SERIALIZABLE, the closest to SQLite's one writer at a time (an interleaving
// that could break a rule fails with 40001 instead), reads one REPEATABLE READ snapshot. The
// store's own writes, once queued, ask for their level (Store.tryTx).
func (c *pgConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if opts.Isolation == driver.IsolationLevel(sql.LevelDefault) {
		if c.read {
			opts.Isolation, opts.ReadOnly = driver.IsolationLevel(sql.LevelRepeatableRead), true
		} else {
			opts.Isolation = driver.IsolationLevel(sql.LevelSerializable)
		}
	}
	return c.pgx().BeginTx(ctx, opts)
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	b, err := rebindCached(query)
	if err != nil {
		return nil, err
	}
	if args, err = b.bindArgs(args); err != nil {
		return nil, err
	}
	return c.pgx().ExecContext(ctx, b.text, args)
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	b, err := rebindCached(query)
	if err != nil {
		return nil, err
	}
	if args, err = b.bindArgs(args); err != nil {
		return nil, err
	}
	return wrapRows(c.pgx().QueryContext(ctx, b.text, args))
}

// CheckNamedValue stores a Go bool as 0 or 1, as SQLite does: the flags are bigint columns, and
// pgx refuses a bool for them.
func (c *pgConn) CheckNamedValue(nv *driver.NamedValue) error {
	if v, ok := nv.Value.(bool); ok {
		nv.Value = int64(0)
		if v {
			nv.Value = int64(1)
		}
		return nil
	}
	return c.pgx().CheckNamedValue(nv)
}

func (c *pgConn) Ping(ctx context.Context) error         { return c.pgx().Ping(ctx) }
func (c *pgConn) ResetSession(ctx context.Context) error { return c.pgx().ResetSession(ctx) }
func (c *pgConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}
func (c *pgConn) Close() error                                    { return c.Conn.Close() }
func (s *pgStmt) NumInput() int                                   { return -1 } // checked by bindArgs
func (s *pgStmt) Exec(args []driver.Value) (driver.Result, error) { return nil, driver.ErrSkip }
func (s *pgStmt) Query(args []driver.Value) (driver.Rows, error)  { return nil, driver.ErrSkip }

// pgStmt is a prepared statement whose arguments are laid out as its rewritten text wants.
type pgStmt struct {
	driver.Stmt
	b boundQuery
}

func (s *pgStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	args, err := s.b.bindArgs(args)
	if err != nil {
		return nil, err
	}
	return s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (s *pgStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	args, err := s.b.bindArgs(args)
	if err != nil {
		return nil, err
	}
	return wrapRows(s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args))
}

// pgRows hands numeric values over as SQLite does: PostgreSQL's sum of bigints is numeric,
// which pgx gives as text; SQLite's sum of integers is an integer (and its avg a float). A
// whole numeric becomes an int64 and any other a float64, so that a value scanned into any,
// or printed, is the same on both engines.
type pgRows struct {
	driver.Rows
	numeric []bool // per column, once known
}

func wrapRows(r driver.Rows, err error) (driver.Rows, error) {
	if err != nil {
		return nil, err
	}
	return &pgRows{Rows: r}, nil
}

func (r *pgRows) Next(dest []driver.Value) error {
	if err := r.Rows.Next(dest); err != nil {
		return err
	}
	if r.numeric == nil {
		r.numeric = make([]bool, len(dest))
		if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
			for i := range dest {
				r.numeric[i] = t.ColumnTypeDatabaseTypeName(i) == "NUMERIC"
			}
		}
	}
	for i, isNum := range r.numeric {
		text, ok := dest[i].(string)
		if !isNum || !ok {
			continue
		}
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			dest[i] = n
		} else if f, err := strconv.ParseFloat(text, 64); err == nil {
			dest[i] = f
		}
	}
	return nil
}

func (r *pgRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

// pgKey finds the columns PostgreSQL names in a unique violation: "Key (commune_id, code)=(…)".
var pgKey = regexp.MustCompile(`^Key \(([^)]*)\)=`)

// mapPgErr turns a PostgreSQL error into the typed error SQLite's would give (mapErr), so that
// a form shows the same message on both engines.
func mapPgErr(pe *pgconn.PgError) error {
	// As SQLite's messages: a unique or not-null failure names its column; a reference or a
	// check does not, and is reported on the record.
	field := "record"
	if prefix, ok := tableFields[pe.TableName]; ok && (pe.Code == "23505" || pe.Code == "23502") {
		col := pe.ColumnName
		if m := pgKey.FindStringSubmatch(pe.Detail); m != nil {
			cols := strings.Split(m[1], ",")
			col = strings.TrimSpace(cols[len(cols)-1])
		}
		if col != "" {
			field = prefix + "." + col
		}
	}
	switch pe.Code {
	case "P0001": // raised by the triggers that guard the append-only tables
		return data.Forbidden("entry", "append_only")
	case "23505":
		return data.Conflict(field, "duplicate")
	case "23503":
		return data.Invalid(field, "reference")
	case "23514", "23502", "23P01":
		return data.Invalid(field, "constraint")
	case "22021": // a NUL character in a text, which SQLite keeps and PostgreSQL cannot store
		return data.Invalid(field, "constraint")
	case "40001", "40P01", "55P03": // serialization failure, deadlock, lock not available
		return data.Conflict("database", "busy")
	case "25006":
		return data.Forbidden("database", "read_only")
	case "53100":
		return data.Forbidden("database", "disk_full")
	case "28000", "28P01", "3D000", "42501":
		return data.Forbidden("database", "cannot_open")
	}
	return fmt.Errorf("postgres: %w", pe)
}

// isPgErr is the PostgreSQL error inside err, if any.
func isPgErr(err error) (*pgconn.PgError, bool) {
	var pe *pgconn.PgError
	return pe, errors.As(err, &pe)
}

// followIdentities moves each identity column's sequence past the largest id its table holds:
// an import or a move from SQLite writes the ids it brings, and PostgreSQL's sequences, unlike
// SQLite's rowids, do not follow them. Run in the writing transaction, it is undone with it.
func followIdentities(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name`)
	if err != nil {
		return err
	}
	var cols [][2]string
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			rows.Close()
			return err
		}
		cols = append(cols, [2]string{t, c})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, tc := range cols {
		// The names come from the catalogue, not from a user.
		if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+tc[0]+`', '`+tc[1]+`'),
			coalesce(max(`+tc[1]+`), 0) + 1, false) FROM `+tc[0]); err != nil {
			return err
		}
	}
	return nil
}
