// Package sqlite stores an office's data in one SQLite file. It is the only package that
// speaks SQL: the domain (package data) stays pure Go, so another backend can sit beside it
// behind the same interfaces.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"

	"policycredit/data"
)

// Pragmas go in the DSN so that every pooled connection gets them, not just the first. The
// writer's page cache (64 MB at most, filled only as pages are read) holds a transaction day's
// books: with SQLite's default 2 MB, posting a point re-read them from the WAL and the file.
const (
	writePragmas = "_foreign_keys=on&_journal_mode=WAL&_synchronous=FULL&_busy_timeout=5000&_txlock=immediate&_stmt_cache_size=32&_cache_size=-65536"
	// Reads use a second pool with deferred transactions: in WAL mode they then never wait for
	// a writer (an import holds the write lock for seconds), and query_only guards against a
	// write slipping through the read path.
	readPragmas = "_foreign_keys=on&_synchronous=FULL&_busy_timeout=5000&_txlock=deferred&_query_only=1"
)

// Store is the SQLite implementation of the data interfaces: data.Screens for the app,
// data.LedgerExport and data.Maintenance for the command line.
type Store struct {
	// Clock gives the time recorded on changes and used in backup names; tests pin it.
	Clock func() time.Time
	// Today is the calendar date that bounds what may be posted when Settings.WorkingDate is
	// not set: the real date by default, not Clock; tests pin it.
	Today func() data.Date
	// QueueWait bounds how long a write waits for the writes ahead of it on PostgreSQL before
	// it is refused as busy (inTxRerun); zero: 10 s, like SQLite's busy timeout.
	QueueWait time.Duration

	path string  // the file; on PostgreSQL the address, without its password
	pg   bool    // the office is in PostgreSQL (postgres.go), not in a file
	dsn  string  // PostgreSQL: the full address, for pg_dump (backup_pg.go); never shown
	db   *sql.DB // writes: every transaction BEGIN IMMEDIATE (PostgreSQL: queued, Store.tryTx)
	rdb  *sql.DB // reads
	// queued: on PostgreSQL once the chains' heads exist, every write transaction first locks
	// them, so that writes queue one behind the other as on SQLite (inTxRerun).
	queued bool
	isNew  bool
	// monthEnds lets one computation of the Overview's month ends run at a time (keepMonthEnds).
	monthEnds sync.Mutex
	// sessions are the log-ins this store accepted: token → user name (people.go).
	sessions sync.Map
}

var (
	_ data.Screens      = (*Store)(nil)
	_ data.LedgerExport = (*Store)(nil)
	_ data.Maintenance  = (*Store)(nil)
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// The same schema for PostgreSQL, numbered as migrations/ (docs/postgres.md): each file
// translates the SQLite file of its number.
//
//go:embed pgmigrations/*.sql
var pgMigrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

var migrationName = regexp.MustCompile(`^(\d{4})_[a-z0-9_]+\.sql$`)

// migrations lists the embedded files in order and refuses gaps or duplicates, which would
// otherwise silently skip a schema change.
func migrations() ([]migration, error) { return migrationsIn(migrationFiles, "migrations") }

// migrationsIn lists the migrations in folder dir of files: SQLite's or PostgreSQL's.
func migrationsIn(files embed.FS, dir string) ([]migration, error) {
	entries, err := files.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("sqlite: badly named migration %s", e.Name())
		}
		v, _ := strconv.Atoi(m[1])
		b, err := files.ReadFile(dir + "/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{v, e.Name(), string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("sqlite: migrations must be numbered 1, 2, 3…; found %s", m.name)
		}
	}
	return out, nil
}

// latestVersion is the schema version this build writes.
func latestVersion() int {
	ms, err := migrations()
	if err != nil {
		return 0
	}
	return len(ms)
}

// fileURI turns a path into an SQLite URI so that '?', '#' or '%' in a folder name cannot be
// read as parameters.
func fileURI(path, params string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: file:/C:/…
	}
	u := "file:" + (&url.URL{Path: p}).EscapedPath()
	if params != "" {
		u += "?" + params
	}
	return u, nil
}

func openDB(path, params string) (*sql.DB, error) {
	dsn, err := fileURI(path, params)
	if err != nil {
		return nil, err
	}
	return sql.Open("sqlite3", dsn)
}

// Open opens the database at path, creating it when missing, brings its schema up to date and,
// on a new database, seeds the associations, the program catalogue and the default settings.
// A path of the form postgres://… opens the office in that PostgreSQL database instead.
func Open(path string) (*Store, error) {
	return OpenWith(path, Options{CreateFolder: true})
}

// Options say how OpenWith treats what it does not find.
type Options struct {
	// CreateFolder creates the file's folder when it is missing; without it a missing folder
	// is an error (a mistyped --db must not make an empty office somewhere).
	CreateFolder bool
}

// ApplicationID marks the files of this application in the SQLite header (PRAGMA
// application_id): "PCD1".
const ApplicationID = 0x50434431

// OpenWith is Open with options. A file another application made (another application_id, or
// tables of its own) is refused and left unchanged.
func OpenWith(path string, o Options) (*Store, error) {
	if data.IsPostgresAddress(path) {
		return openPostgres(path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) && !o.CreateFolder {
			return nil, data.Invalid("database.folder", "missing_folder", "Folder", dir)
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	if err := probe(abs); err != nil {
		return nil, err
	}
	if err := ownerOnly(abs); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	db, err := openDB(abs, writePragmas)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", abs, err)
	}
	s := &Store{Clock: time.Now, path: abs, db: db}
	// Open takes no context (every caller opens before it has one): the ping and migrations
	// run to the end.
	ctx := context.Background()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, mapErr(err)
	}
	if s.isNew, err = s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.ensureChains(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.refreshSortKeys(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if s.rdb, err = openDB(abs, readPragmas); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", abs, err)
	}
	return s, nil
}

// probe reads an existing file's header and tables without changing it: a file of another
// application is refused before anything (WAL mode, migrations, file mode) touches it.
func probe(path string) error {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return data.Invalid("database", "not_a_file")
	}
	if fi.Size() == 0 {
		return nil
	}
	db, err := openDB(path, "mode=ro&_busy_timeout=5000")
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer db.Close()
	var id int64
	if err := db.QueryRow(`PRAGMA application_id`).Scan(&id); err != nil {
		// A WAL or a hot rollback journal (a new office killed before it turned to WAL)
		// left by a process that was killed can only be recovered by a connection that may
		// write: such a file is most likely an office whose app crashed.
		left := fileExists(path+"-wal") || fileExists(path+"-journal")
		if !left || !data.HasCode(mapErr(err), data.CodeForbidden) {
			return mapErr(err)
		}
		db.Close()
		if db, err = openDB(path, "_busy_timeout=5000"); err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
		defer db.Close()
		if err := db.QueryRow(`PRAGMA application_id`).Scan(&id); err != nil {
			return mapErr(err)
		}
	}
	if id == ApplicationID {
		return nil
	}
	if id != 0 {
		return data.Forbidden("database", "foreign_file")
	}
	var tables, migrations int
	if err := db.QueryRow(`SELECT count(*), count(*) FILTER (WHERE name = 'schema_migrations')
		FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).Scan(&tables, &migrations); err != nil {
		return mapErr(err)
	}
	if tables == 0 {
		return nil // an empty database becomes an office
	}
	// An office of an earlier version, before the id, records our first migration by its
	// name (other applications have tables called schema_migrations too).
	var first string
	if migrations == 1 {
		db.QueryRow(`SELECT name FROM schema_migrations WHERE version = 1`).Scan(&first)
	}
	if first == "0001_init.sql" {
		return nil
	}
	return data.Forbidden("database", "foreign_file")
}

// ownerOnly makes the office's file readable by the OS user alone (personal data, Law on
// Personal Data Protection): a new file is created so before SQLite opens it, and an older
// one made readable by others is narrowed. SQLite gives its -wal and -shm files the database
// file's mode.
func ownerOnly(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		return f.Close()
	}
	if !errors.Is(err, fs.ErrExist) {
		return err
	}
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o077 == 0 {
		return nil // not ours to change; opening reports what is wrong with it
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, fi.Mode().Perm()&0o700); err != nil && !errors.Is(err, fs.ErrNotExist) && p == path {
			return nil // a read-only folder: the file stays as it was, and opens as before
		}
	}
	return nil
}

// Close closes both connection pools; the last close checkpoints the WAL into the file.
func (s *Store) Close() error {
	var errs []error
	if s.rdb != nil {
		errs = append(errs, s.rdb.Close())
	}
	errs = append(errs, s.db.Close())
	return errors.Join(errs...)
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// IsNew reports whether Open created the schema from nothing (a first start). An office is
// empty, whether new or not, while Counts reports no communes.
func (s *Store) IsNew() bool { return s.isNew }

func (s *Store) now() time.Time {
	if s.Clock == nil {
		return time.Now()
	}
	return s.Clock()
}

func (s *Store) today() data.Date {
	if s.Today == nil {
		return data.DateOf(time.Now())
	}
	return s.Today()
}

// migrate brings the schema up to date with the embedded migrations.
func (s *Store) migrate(ctx context.Context) (fresh bool, err error) {
	ms, err := migrations()
	if s.pg {
		ms, err = migrationsIn(pgMigrationFiles, "pgmigrations")
	}
	if err != nil {
		return false, err
	}
	return s.apply(ctx, ms)
}

// apply runs each migration not yet recorded, each in its own transaction with its record, so
// a failing one leaves the schema as the previous one left it. The first migration also seeds
// the catalogue in its transaction: a database never has a schema without programs.
func (s *Store) apply(ctx context.Context, ms []migration) (fresh bool, err error) {
	// The id first, so that a file whose first migrations were interrupted is still known as
	// ours (probe).
	if s.pg {
		// A database holds no application id; the office is recognised by its tables.
	} else if _, err := s.db.ExecContext(ctx, `PRAGMA application_id = `+strconv.Itoa(ApplicationID)); err != nil {
		return false, mapErr(err)
	}
	// PostgreSQL checks the right to create before it sees the table exists: the PCs' role,
	// which may not create tables (README, Several PCs), would be refused at every start.
	var have bool
	if s.pg {
		if err := s.db.QueryRowContext(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&have); err != nil {
			return false, mapErr(err)
		}
	}
	if !have {
		if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    INTEGER PRIMARY KEY,
			name       TEXT NOT NULL,
			applied_at TEXT NOT NULL)`); err != nil {
			return false, mapErr(err) // a file that is not a database fails here
		}
	}
	var max int
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&max); err != nil {
		return false, mapErr(err)
	}
	if max > len(ms) {
		return false, data.Forbidden("database", "newer_version", "Version", max)
	}
	for _, m := range ms {
		err := s.system(ctx, func(tx *sql.Tx, st stamp) error {
			// Checked inside the transaction: two copies of the app starting at once must not
			// both apply a migration.
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if m.version == 1 {
				fresh = true
				st.unchained = true
				if err := seed(ctx, tx, st); err != nil {
					return fmt.Errorf("seed: %w", err)
				}
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.version, m.name, st.at)
			return err
		})
		if err != nil {
			return false, err
		}
	}
	return fresh, nil
}

// seed fills a new database with what every office starts with.
func seed(ctx context.Context, tx *sql.Tx, st stamp) error {
	for _, a := range data.Associations {
		if _, err := tx.ExecContext(ctx, `INSERT INTO associations (code, name_vi, name_en, name_fr) VALUES (?, ?, ?, ?)`,
			a.Code, a.Name["vi"], a.Name["en"], a.Name["fr"]); err != nil {
			return err
		}
	}
	for _, p := range data.DefaultPrograms() {
		if err := insertProgram(ctx, tx, st, &p); err != nil {
			return err
		}
	}
	return saveSettings(ctx, tx, st, data.DefaultSettings())
}

// stamp is who changes data and when, taken once per transaction.
type stamp struct {
	at    string // UTC RFC 3339
	user  string
	today data.Date // Store.Today: what "today" means for the working date
	// unchained is set while migrations run, before the audit has its hash column: those rows
	// are hashed by ensureChains once the schema is up to date.
	unchained bool
	// pg: the transaction is PostgreSQL's, for the few statements of a write that are
	// SQLite's alone (PRAGMAs).
	pg    bool
	actor actor // who writes, with the role the permissions are checked against
}

// write runs fn in one immediate transaction and commits it, once the user on ctx is found
// allowed act; any error rolls everything back, so a failed save leaves the database as it
// was. SQLite errors become typed errors.
func (s *Store) write(ctx context.Context, act data.Action, fn func(*sql.Tx, stamp) error) error {
	return s.change(ctx, change{action: act}, func(_ context.Context, tx *sql.Tx, st stamp) error { return fn(tx, st) })
}

// writeRerun is write for a posting whose fn may run again: it sets nothing outside the
// transaction but what it assigns afresh on every run. On PostgreSQL it queues behind the
// other postings and is retried when the server still refuses it as a serialisation failure.
func (s *Store) writeRerun(ctx context.Context, act data.Action, fn func(*sql.Tx, stamp) error) error {
	return s.change(ctx, change{action: act, rerun: true}, func(_ context.Context, tx *sql.Tx, st stamp) error { return fn(tx, st) })
}

// writeAs runs fn in one immediate transaction with the actor of ctx found, leaving the
// permission to fn.
func (s *Store) writeAs(ctx context.Context, fn func(*sql.Tx, stamp) error) error {
	return s.writeAsRerun(ctx, false, fn)
}

// writeAsRerun is writeAs; rerun says fn may run again (writeRerun).
func (s *Store) writeAsRerun(ctx context.Context, rerun bool, fn func(*sql.Tx, stamp) error) error {
	return s.inTxRerun(ctx, rerun, func(tx *sql.Tx, st stamp) error {
		a, err := s.actorOf(ctx, tx)
		if err != nil {
			return err
		}
		st.actor, st.user = a, a.name
		return fn(tx, st)
	})
}

// system runs fn as the program itself, with no user: migrations, the chains' first hashing,
// sort keys of an older version, the log-in's counters.
func (s *Store) system(ctx context.Context, fn func(*sql.Tx, stamp) error) error {
	return s.inTx(ctx, func(tx *sql.Tx, st stamp) error {
		st.user = "system"
		return fn(tx, st)
	})
}

func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx, stamp) error) error {
	return s.inTxRerun(ctx, false, fn)
}

// retryAttempts bounds how often a re-runnable write is tried on PostgreSQL before it is
// refused as busy, as SQLite refuses it once its busy timeout has passed.
const retryAttempts = 5

// inTxRerun runs fn in one write transaction. On PostgreSQL the transaction first locks
// chain_heads (once they exist, s.queued), so that writes queue one behind the other as
// SQLite's writers do, and entry numbers (the head's last_id + 1) are given in commit order.
// Every audited write and every posting moves a head, so two writers at once would otherwise
// meet there and the second be refused (40001); a FOR UPDATE read of the head would not
// queue them: under SERIALIZABLE the snapshot is taken by that very statement, and a head
// moved while it waited still fails with 40001; LOCK TABLE takes no snapshot. A wait longer
// than SQLite's busy timeout is refused as busy (lock_timeout). With rerun, a serialisation
// failure or deadlock that still happens (another program's write, a row locked outside the
// queue) runs the whole transaction again, up to retryAttempts times, after a short jittered
// pause.
func (s *Store) inTxRerun(ctx context.Context, rerun bool, fn func(*sql.Tx, stamp) error) error {
	attempts := 1
	if rerun && s.pg {
		attempts = retryAttempts
	}
	var err error
	for i := range attempts {
		if i > 0 {
			if retryPause(ctx, i) != nil {
				return mapErr(err)
			}
		}
		if err = s.tryTx(ctx, fn); !retryable(err) {
			return mapErr(err)
		}
	}
	return mapErr(err)
}

// tryTx is one attempt of inTxRerun, its error as the driver gave it.
func (s *Store) tryTx(ctx context.Context, fn func(*sql.Tx, stamp) error) error {
	st := stamp{at: s.now().UTC().Format(time.RFC3339), user: data.UserFrom(ctx), today: s.today(), pg: s.pg}
	var opts *sql.TxOptions
	if s.queued {
		// Behind the queue's lock writes run one after the other, each on a snapshot taken
		// after the one before committed (LOCK TABLE takes none): a serial order, which
		// REPEATABLE READ keeps without SERIALIZABLE's predicate locks. Those are counted for
		// the whole server, and when other databases' long transactions fill them, PostgreSQL
		// refuses writes that never overlapped (40001 against a summarised transaction).
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead}
	}
	tx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	if s.queued {
		wait := s.QueueWait
		if wait <= 0 {
			wait = 10 * time.Second
		}
		// One round trip: a statement without arguments goes by the simple protocol, which
		// takes several.
		q := fmt.Sprintf(`SET LOCAL lock_timeout = %d; LOCK TABLE chain_heads IN SHARE ROW EXCLUSIVE MODE`, wait.Milliseconds())
		if _, err := tx.ExecContext(ctx, q); err != nil {
			tx.Rollback()
			return err
		}
	}
	if err := fn(tx, st); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// retryable: PostgreSQL refused the transaction for another one's sake, and it may succeed if
// run again (serialisation failure, deadlock).
func retryable(err error) bool {
	pe, ok := isPgErr(err)
	return ok && (pe.Code == "40001" || pe.Code == "40P01")
}

// retryPause waits a few milliseconds, more after each attempt and at random, so that the
// writers that failed together do not meet again; it gives up with ctx.
func retryPause(ctx context.Context, attempt int) error {
	d := time.Duration(attempt*5+rand.IntN(10*attempt)) * time.Millisecond
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// read runs fn in one deferred transaction, so that it sees one consistent snapshot.
func (s *Store) read(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return mapErr(err)
	}
	return mapErr(tx.Commit())
}

// tableFields names the form field prefix of each table, so a constraint that SQLite reports
// becomes the same typed error the explicit checks give.
var tableFields = map[string]string{
	"communes": "commune", "villages": "village", "points": "point", "point_villages": "point",
	"savings_groups": "group", "group_ratings": "rating", "borrowers": "borrower",
	"programs": "program", "rate_periods": "rate", "settings": "settings", "office": "office",
	"loans": "loan", "entries": "entry",
}

// constraintColumn finds the table.column pairs SQLite names in a constraint failure.
var constraintColumn = regexp.MustCompile(`([a-z_]+)\.([a-z_]+)`)

// mapErr turns SQLite failures a user can cause into typed errors; raw SQLite text must never
// reach a user. Typed errors pass through untouched.
func mapErr(err error) error {
	if err == nil || data.DomainErrors(err) != nil {
		return err
	}
	if pe, ok := isPgErr(err); ok {
		return mapPgErr(pe)
	}
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return fmt.Errorf("sqlite: %w", err)
	}
	switch se.Code {
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		return data.Conflict("database", "busy")
	case sqlite3.ErrNotADB:
		return data.Invalid("database", "not_a_database")
	case sqlite3.ErrCorrupt:
		return data.Invalid("database", "damaged")
	case sqlite3.ErrCantOpen:
		return data.Forbidden("database", "cannot_open")
	case sqlite3.ErrReadonly:
		return data.Forbidden("database", "read_only")
	case sqlite3.ErrFull:
		return data.Forbidden("database", "disk_full")
	case sqlite3.ErrConstraint:
	default:
		return fmt.Errorf("sqlite: %w", err)
	}
	// Of a key over several columns the last is the one a form shows: the village code within
	// its commune, the rating year within its group, the effective date within its program.
	field := "record"
	if ms := constraintColumn.FindAllStringSubmatch(se.Error(), -1); ms != nil {
		m := ms[len(ms)-1]
		if prefix, ok := tableFields[m[1]]; ok {
			field = prefix + "." + m[2]
		}
	}
	switch se.ExtendedCode {
	case sqlite3.ErrConstraintTrigger: // the only RAISE triggers guard the append-only ledger
		return data.Forbidden("entry", "append_only")
	case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
		return data.Conflict(field, "duplicate")
	case sqlite3.ErrConstraintForeignKey:
		return data.Invalid(field, "reference")
	default:
		return data.Invalid(field, "constraint")
	}
}

// masterSave is the one shape of every save of master data: an ID of 0 inserts; otherwise the
// saved record is loaded (a missing one is not found) and an unchanged one writes nothing.
// The change is checked against saved data before anything is written, then inserted or
// updated and audited with its before and after.
type masterSave[T any] struct {
	entity string // the audit's entity, and the field a missing record is reported under
	id     int64
	after  T // the record as it is saved and audited
	load   func(id int64) (T, error)
	check  func(before *T) error // before is nil on an insert
	insert func() (newID int64, err error)
	update func(before T) error
	setID  func(r *T, id int64)
}

// run saves within the caller's transaction and returns the new ID, 0 on an update.
func (m masterSave[T]) run(ctx context.Context, tx *sql.Tx, st stamp) (int64, error) {
	var before *T
	if m.id != 0 {
		old, err := m.load(m.id)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, data.NotFound(m.entity, "ID", m.id)
		} else if err != nil {
			return 0, err
		}
		if same(old, m.after) {
			return 0, nil
		}
		before = &old
	}
	if err := m.check(before); err != nil {
		return 0, err
	}
	if before == nil {
		newID, err := m.insert()
		if err != nil {
			return 0, err
		}
		after := m.after
		m.setID(&after, newID)
		return newID, audit(ctx, tx, st, m.entity, idString(newID), "create", nil, after)
	}
	if err := m.update(*before); err != nil {
		return 0, err
	}
	return 0, audit(ctx, tx, st, m.entity, idString(m.id), "update", before, m.after)
}

// saveRecord runs save in one write transaction and gives the record the ID an insert made.
func (s *Store) saveRecord(ctx context.Context, act data.Action, id *int64, save func(*sql.Tx, stamp) (int64, error)) error {
	var newID int64
	err := s.write(ctx, act, func(tx *sql.Tx, st stamp) (err error) {
		newID, err = save(tx, st)
		return err
	})
	if err == nil && newID != 0 {
		*id = newID
	}
	return err
}

// queryRows runs a query in the caller's transaction and scans each row it returns.
func queryRows[T any](ctx context.Context, tx *sql.Tx, scan func(*sql.Rows) (T, error), query string, args ...any) ([]T, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// insertID runs an INSERT and returns the row's new ID, through RETURNING: PostgreSQL's
// driver has no LastInsertId.
func insertID(ctx context.Context, tx *sql.Tx, query string, args ...any) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, query+` RETURNING id`, args...).Scan(&id)
	return id, err
}

// audit records one change of master data in the caller's transaction.
func audit(ctx context.Context, tx *sql.Tx, st stamp, entity, id, action string, before, after any) error {
	b, err := auditJSON(before)
	if err != nil {
		return err
	}
	a, err := auditJSON(after)
	if err != nil {
		return err
	}
	if st.unchained {
		_, err = tx.ExecContext(ctx, `INSERT INTO audit (at, user_name, entity, entity_id, action, before_json, after_json)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, st.at, st.user, entity, id, action, b, a)
		return err
	}
	// Audit rows are few: the chain's head is read for each one.
	h, err := loadChainHead(ctx, tx, auditChain)
	if err != nil {
		return err
	}
	r := auditRow{id: h.lastID + 1, at: st.at, user: st.user, entity: entity, entityID: id, action: action, before: b, after: a}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit (id, at, user_name, entity, entity_id, action, before_json, after_json, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.id, r.at, r.user, r.entity, r.entityID, r.action, r.before, r.after,
		r.hash(&h.buf, h.hash))
	return err
}

func auditJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// same reports whether two records would audit identically: saving an unchanged form then
// writes nothing rather than an empty "update".
func same(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }

// nullID stores 0 ("none") as NULL so that foreign keys hold.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func parseDate(s string) (data.Date, error) {
	if s == "" {
		return data.Date{}, nil
	}
	return data.ParseDate(s)
}

// limitClause renders LIMIT for a positive limit; limit ≤ 0 means no limit.
func limitClause(limit int) string {
	if limit <= 0 {
		return ""
	}
	return " LIMIT " + strconv.Itoa(limit)
}

// Audit lists recorded changes, oldest first; an empty entity or entityID matches all.
func (s *Store) Audit(ctx context.Context, entity, entityID string) ([]data.AuditEntry, error) {
	var out []data.AuditEntry
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT at, user_name, entity, entity_id, action, before_json, after_json
			FROM audit WHERE (?1 = '' OR entity = ?1) AND (?2 = '' OR entity_id = ?2) ORDER BY id`, entity, entityID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e data.AuditEntry
			var at string
			if err := rows.Scan(&at, &e.User, &e.Entity, &e.EntityID, &e.Action, &e.Before, &e.After); err != nil {
				return err
			}
			if e.At, err = time.Parse(time.RFC3339, at); err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// Counts returns the sizes of the office's master data; no communes means an empty office.
func (s *Store) Counts(ctx context.Context) (data.Counts, error) {
	var c data.Counts
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM communes), (SELECT count(*) FROM villages),
			(SELECT count(*) FROM points), (SELECT count(*) FROM savings_groups),
			(SELECT count(*) FROM borrowers), (SELECT count(*) FROM programs)`).
			Scan(&c.Communes, &c.Villages, &c.Points, &c.Groups, &c.Borrowers, &c.Programs)
	})
	return c, err
}
