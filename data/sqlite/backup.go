package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"

	"policycredit/data"
)

// Check runs SQLite's integrity and foreign-key checks and the store's own invariants (a
// group's leader is a member; the protecting triggers are in place as their migrations wrote
// them; the ledger's and the audit's hash chains hold, the first row that breaks each named;
// users and requests are as their audit rows last recorded them; loan and savings balances,
// and the Overview's month-end snapshots that still hold, equal sums over the ledger; no loan
// shows a negative amount due on any month end of its life or today); it returns the problems
// found as typed errors, so they print in the user's language; none when the database is
// sound.
//
// A large office has millions of entries: the checks run side by side, one read transaction
// per processor, all on the same state of the file (inSnapshot), and their problems are
// reported in the order above whatever order they finish in.
func (s *Store) Check(ctx context.Context) ([]*data.Error, error) {
	// The dues check computes millions of short-lived positions while the live heap stays
	// small (a thousand loans' books per worker): with the default target the collector runs
	// every few milliseconds. A larger target for the check's few seconds saves a fifth of its
	// processor time at the cost of some tens of megabytes.
	defer debug.SetGCPercent(debug.SetGCPercent(checkGCPercent))
	workers := checkWorkers()
	var (
		integrity, references, leaders, triggers, users, requests []*data.Error
		balances, monthEnds, chains, capital, settlement          []*data.Error
		entryParts, auditParts                                    []*chainRange
		duesParts                                                 [][]*data.Error
	)
	err := s.inSnapshot(ctx, workers, func(tx *sql.Tx) ([]func(*sql.Tx) error, error) {
		var err error
		// Twice as many stretches as workers, so that no worker waits long on the last one.
		if entryParts, err = chainRanges(ctx, tx, entriesChain, 0, 2*workers); err != nil {
			return nil, err
		}
		if auditParts, err = chainRanges(ctx, tx, auditChain, 0, 1); err != nil {
			return nil, err
		}
		duesParts = make([][]*data.Error, 2*workers)
		// The longest first: SQLite's integrity check is one statement no one can share.
		// PostgreSQL has none to run here (its pages carry checksums, amcheck is an extension
		// the server's administrator installs), and it never lets a reference dangle: those two
		// checks are SQLite's alone.
		var tasks []func(*sql.Tx) error
		if !s.pg {
			tasks = append(tasks, func(tx *sql.Tx) (err error) { integrity, err = checkIntegrity(ctx, tx); return err })
		}
		for i := range duesParts {
			tasks = append(tasks, func(tx *sql.Tx) (err error) {
				duesParts[i], err = checkDues(ctx, tx, i, len(duesParts))
				return err
			})
		}
		for _, p := range append(entryParts, auditParts...) {
			tasks = append(tasks, func(tx *sql.Tx) error { return p.verify(ctx, tx) })
		}
		return append(tasks,
			func(tx *sql.Tx) (err error) { monthEnds, err = checkMonthEnds(ctx, tx); return err },
			func(tx *sql.Tx) (err error) { balances, err = checkBalances(ctx, tx); return err },
			func(tx *sql.Tx) (err error) {
				if s.pg {
					references, err = checkReferencesPG(ctx, tx)
				} else {
					references, err = checkReferences(ctx, tx)
				}
				return err
			},
			func(tx *sql.Tx) (err error) { leaders, err = checkLeaders(ctx, tx); return err },
			func(tx *sql.Tx) (err error) {
				if s.pg {
					triggers, err = checkTriggersPG(ctx, tx)
				} else {
					triggers, err = checkTriggers(ctx, tx)
				}
				return err
			},
			func(tx *sql.Tx) (err error) { users, err = checkUsers(ctx, tx); return err },
			func(tx *sql.Tx) (err error) { requests, err = checkRequests(ctx, tx); return err },
			func(tx *sql.Tx) (err error) { capital, err = checkCapital(ctx, tx); return err },
			func(tx *sql.Tx) (err error) { settlement, err = checkSettlementPayments(ctx, tx); return err },
		), nil
	}, func(tx *sql.Tx) error {
		for _, c := range []struct {
			chain string
			parts []*chainRange
		}{{entriesChain, entryParts}, {auditChain, auditParts}} {
			more, err := chainProblems(ctx, tx, c.chain, c.parts)
			if err != nil {
				return err
			}
			chains = append(chains, more...)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	problems := []*data.Error{}
	for _, more := range append([][]*data.Error{integrity, references, leaders, triggers, chains, users, requests,
		balances, monthEnds, capital, settlement}, duesParts...) {
		problems = append(problems, more...)
	}
	return problems, nil
}

// checkGCPercent is the garbage collector's target while Check runs (GOGC; Go's default is 100).
const checkGCPercent = 400

// checkWorkers is how many read transactions a check runs side by side: one per processor.
func checkWorkers() int { return max(1, runtime.GOMAXPROCS(0)) }

// inSnapshot runs the tasks plan returns on up to workers read transactions that all see the
// same state of the file, then finish (if any) on one of them. The transactions take their
// snapshots while this store holds the write lock, so no commit can fall between them; the
// lock is let go before the tasks run, so writers wait only those few milliseconds. plan
// runs first, on one of the transactions.
func (s *Store) inSnapshot(ctx context.Context, workers int, plan func(*sql.Tx) ([]func(*sql.Tx) error, error),
	finish func(*sql.Tx) error) error {
	if s.pg {
		return s.inSnapshotPG(ctx, workers, plan, finish)
	}
	lock, err := s.db.BeginTx(ctx, nil) // immediate: holds the write lock
	if err != nil {
		return mapErr(err)
	}
	txs := make([]*sql.Tx, 0, workers)
	defer func() {
		for _, tx := range txs {
			tx.Rollback()
		}
	}()
	for range workers {
		tx, err := s.rdb.BeginTx(ctx, nil)
		if err != nil {
			lock.Rollback()
			return mapErr(err)
		}
		txs = append(txs, tx)
		// Reading the file through a memory map spares a system call and a copy per page: a
		// check reads a large office's gigabyte several times over.
		if _, err := tx.ExecContext(ctx, `PRAGMA mmap_size = 2147418112`); err != nil {
			lock.Rollback()
			return mapErr(err)
		}
		// A deferred transaction takes its snapshot at its first read.
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM chain_heads`).Scan(&n); err != nil {
			lock.Rollback()
			return mapErr(err)
		}
	}
	if err := lock.Rollback(); err != nil {
		return mapErr(err)
	}
	tasks, err := plan(txs[0])
	if err != nil {
		return mapErr(err)
	}
	errs := make([]error, len(tasks))
	var next atomic.Int64
	var wg sync.WaitGroup
	for _, tx := range txs {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(tasks) {
					return
				}
				if errs[i] = ctx.Err(); errs[i] == nil {
					errs[i] = tasks[i](tx)
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return mapErr(err)
	}
	if finish != nil {
		return mapErr(finish(txs[0]))
	}
	return nil
}

// checkIntegrity is SQLite's own integrity check; its wording is the only precise
// description of the damage.
func checkIntegrity(ctx context.Context, tx *sql.Tx) ([]*data.Error, error) {
	rows, err := tx.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []*data.Error
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return nil, err
		}
		if msg != "ok" {
			problems = append(problems, data.Invalid("database", "check_integrity", "Detail", msg))
		}
	}
	return problems, rows.Err()
}

// checkReferences reports each row whose foreign key names no row.
func checkReferences(ctx context.Context, tx *sql.Tx) ([]*data.Error, error) {
	rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []*data.Error
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return nil, err
		}
		problems = append(problems, data.Invalid("database", "check_reference", "Table", table, "Row", rowid.Int64, "Parent", parent))
	}
	return problems, rows.Err()
}

// checkReferencesPG is checkReferences on PostgreSQL, where a foreign key can be bypassed by
// a superuser (session_replication_role) or a restore: each single-column key is joined
// against its parent, rows named by their id where the table has one.
func checkReferencesPG(ctx context.Context, tx *sql.Tx) ([]*data.Error, error) {
	type fk struct {
		table, column, parent, key string
		hasID                      bool
	}
	keys, err := queryRows(ctx, tx, func(rows *sql.Rows) (fk, error) {
		var k fk
		return k, rows.Scan(&k.table, &k.column, &k.parent, &k.key, &k.hasID)
	}, `SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, af.attname,
			EXISTS (SELECT 1 FROM pg_attribute x WHERE x.attrelid = c.conrelid AND x.attname = 'id' AND NOT x.attisdropped)
		FROM pg_constraint c
		JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
		JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
		WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1 AND c.connamespace = current_schema()::regnamespace
		ORDER BY 1, 2`)
	if err != nil {
		return nil, err
	}
	var problems []*data.Error
	for _, k := range keys {
		id := "0"
		if k.hasID {
			id = "c.id"
		}
		rows, err := queryRows(ctx, tx, func(rows *sql.Rows) (int64, error) {
			var n int64
			return n, rows.Scan(&n)
		}, `SELECT `+id+` FROM `+k.table+` c WHERE c.`+k.column+` IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM `+k.parent+` p WHERE p.`+k.key+` = c.`+k.column+`) ORDER BY 1`)
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			problems = append(problems, data.Invalid("database", "check_reference", "Table", k.table, "Row", row, "Parent", k.parent))
		}
	}
	return problems, nil
}

// checkLeaders holds the store's rule that a leader is an active member of the group they lead.
func checkLeaders(ctx context.Context, tx *sql.Tx) ([]*data.Error, error) {
	rows, err := tx.QueryContext(ctx, `SELECT g.code FROM savings_groups g JOIN borrowers b ON b.id = g.leader_id
		WHERE b.group_id IS DISTINCT FROM g.id OR b.active = 0 ORDER BY g.code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []*data.Error
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, err
		}
		problems = append(problems, data.Invalid("group", "check_leader", "Code", code))
	}
	return problems, rows.Err()
}

// Backup writes a consistent copy of the database to dest with SQLite's online backup API,
// which works while the app keeps using the store. The copy goes to a temporary file first
// and is renamed into place, so dest is never a half-written file.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if err := s.readAs(ctx, data.ActBackup, func(*sql.Tx, actor) error { return nil }); err != nil {
		return err
	}
	return s.backup(ctx, dest)
}

// backup is Backup without the user's permission: the app's automatic backups are the
// program's own.
func (s *Store) backup(ctx context.Context, dest string) error {
	if s.pg {
		return s.backupPG(ctx, dest)
	}
	return s.backupVerified(ctx, dest)
}

// copyDatabase copies the main database of src into a new file at dest via a temporary file.
func copyDatabase(ctx context.Context, src *sql.DB, dest string) (err error) {
	tmpFile, err := os.CreateTemp(filepath.Dir(dest), filepath.Base(dest)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := tmpFile.Name()
	tmpFile.Close()
	defer func() {
		if err != nil {
			os.Remove(tmp)
			os.Remove(tmp + "-journal")
		}
	}()
	// A rollback journal, not WAL: the copy must be one self-contained file.
	ddb, err := openDB(tmp, "_journal_mode=DELETE&_synchronous=FULL&_busy_timeout=5000")
	if err != nil {
		return err
	}
	defer ddb.Close()
	dconn, err := ddb.Conn(ctx)
	if err != nil {
		return err
	}
	defer dconn.Close()
	sconn, err := src.Conn(ctx)
	if err != nil {
		return err
	}
	defer sconn.Close()
	err = dconn.Raw(func(d any) error {
		return sconn.Raw(func(s any) error {
			dc, ok1 := d.(*sqlite3.SQLiteConn)
			sc, ok2 := s.(*sqlite3.SQLiteConn)
			if !ok1 || !ok2 {
				return errors.New("not an SQLite connection")
			}
			b, err := dc.Backup("main", sc, "main")
			if err != nil {
				return err
			}
			// One step copies everything under one read lock: a consistent snapshot even
			// while another connection writes.
			if _, err := b.Step(-1); err != nil {
				b.Finish()
				return err
			}
			return b.Finish()
		})
	})
	if err != nil {
		return err
	}
	// The copied header still says WAL when the source is in WAL mode; a backup should be a
	// plain single file that opens anywhere, even read-only. Open switches it back to WAL.
	var mode string
	if err := dconn.QueryRowContext(ctx, `PRAGMA journal_mode=DELETE`).Scan(&mode); err != nil {
		return err
	}
	if err := dconn.Close(); err != nil {
		return err
	}
	if err := ddb.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, dest)
}

// notABackup is the typed refusal of a file that is not one of our databases.
func notABackup() error { return data.Invalid("backup.file", "not_a_backup") }

// Restore replaces the database at current with the backup at from. The office must not be
// open anywhere: a process holding its lock (LockOffice) refuses the restore, and a store on
// current must be closed first. The backup is checked (it opens, passes integrity_check,
// carries our schema_migrations and is not from a newer version) and copied next to current
// before anything is touched. The current file, checkpointed, is copied aside as
// current+".before-restore-<timestamp>" (returned; "" when there was none), and the copy is
// renamed over it in one atomic step: at no moment is there no complete office at current.
func Restore(ctx context.Context, current, from string) (aside string, err error) {
	if data.IsPostgresAddress(current) {
		return "", restorePG(ctx, current, from)
	}
	ca, err1 := filepath.Abs(current)
	fa, err2 := filepath.Abs(from)
	if err := errors.Join(err1, err2); err != nil {
		return "", fmt.Errorf("sqlite: restore: %w", err)
	}
	if ca == fa {
		return "", data.Invalid("backup.file", "same_file")
	}
	if st, err := os.Stat(fa); err != nil || !st.Mode().IsRegular() {
		return "", data.NotFound("backup.file", "Path", from)
	}
	lock, err := LockOffice(ca)
	if err != nil {
		return "", err
	}
	defer lock.Release()
	src, err := openDB(fa, "mode=ro&_query_only=1&_busy_timeout=5000")
	if err != nil {
		return "", fmt.Errorf("sqlite: restore: %w", err)
	}
	defer src.Close()
	if err := checkBackup(ctx, src); err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(ca), 0o700); err != nil {
		return "", fmt.Errorf("sqlite: restore: %w", err)
	}
	incoming := ca + ".restoring"
	if err := copyDatabase(ctx, src, incoming); err != nil {
		return "", fmt.Errorf("sqlite: restore: %w", err)
	}
	defer os.Remove(incoming) // gone after the rename; left only if a step below failed
	if _, err := os.Stat(ca); err == nil {
		// A damaged current file cannot be checkpointed; it is copied aside with its WAL all
		// the same. Only a copy still in use stops the restore.
		if err := checkpoint(ctx, ca); data.HasCode(err, data.CodeConflict) {
			return "", err
		} else if err := ctx.Err(); err != nil {
			return "", err // a cancelled checkpoint is not a damaged file: nothing is moved
		}
		stamp := time.Now().Format("20060102-150405")
		aside = ca + ".before-restore-" + stamp
		for n := 2; fileExists(aside); n++ {
			aside = fmt.Sprintf("%s.before-restore-%s-%d", ca, stamp, n)
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if fileExists(ca + suffix) {
				if err := copyFileSynced(ca+suffix, aside+suffix); err != nil {
					return "", fmt.Errorf("sqlite: restore: %w", err)
				}
			}
		}
		// The WAL is empty after the checkpoint (or belongs to a damaged file kept aside):
		// left in place it would be replayed onto the restored office.
		for _, suffix := range []string{"-wal", "-shm"} {
			if err := os.Remove(ca + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return aside, fmt.Errorf("sqlite: restore: %w", err)
			}
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("sqlite: restore: %w", err)
	}
	if err := os.Rename(incoming, ca); err != nil {
		return aside, fmt.Errorf("sqlite: restore: %w", err)
	}
	return aside, syncDir(filepath.Dir(ca))
}

// copyFileSynced copies a file, readable by the OS user alone, and flushes it to disk.
func copyFileSynced(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(to)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// RecoverSetAside puts back the newest office set aside by a restore of an earlier version
// when no office is at path (a crash between that version's two renames), and returns the
// file it recovered ("" when there was nothing to do).
func RecoverSetAside(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(abs); !errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	matches, err := filepath.Glob(abs + ".before-restore-*")
	if err != nil {
		return "", err
	}
	var candidates []string
	for _, m := range matches {
		if !strings.HasSuffix(m, "-wal") && !strings.HasSuffix(m, "-shm") {
			candidates = append(candidates, m)
		}
	}
	if len(candidates) == 0 {
		return "", nil
	}
	sort.Strings(candidates)
	newest := candidates[len(candidates)-1]
	for _, suffix := range []string{"-wal", "-shm"} {
		if fileExists(newest + suffix) {
			if err := os.Rename(newest+suffix, abs+suffix); err != nil {
				return "", err
			}
		}
	}
	if err := os.Rename(newest, abs); err != nil {
		return "", err
	}
	return newest, syncDir(filepath.Dir(abs))
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// checkBackup refuses anything but a sound database of this app, from this or an older
// version (Open migrates older ones).
func checkBackup(ctx context.Context, db *sql.DB) error {
	var result string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check(1)`).Scan(&result); err != nil || result != "ok" {
		return notABackup()
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).
		Scan(&n); err != nil || n == 0 {
		return notABackup()
	}
	var version int
	if err := db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&version); err != nil || version == 0 {
		return notABackup()
	}
	if version > latestVersion() {
		return data.Invalid("backup.file", "newer_version", "Version", version)
	}
	return nil
}

// checkpoint folds the WAL of a closed database into its main file, so the file put aside is
// complete on its own.
func checkpoint(ctx context.Context, path string) error {
	db, err := openDB(path, "_busy_timeout=5000")
	if err != nil {
		return err
	}
	defer db.Close()
	var busy, logFrames, done int
	if err := db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done); err != nil {
		return err
	}
	if busy != 0 {
		return data.Conflict("database", "busy")
	}
	return db.Close()
}

const backupPrefix, backupSuffix, backupStamp = "policycredit-", ".db", "20060102-150405"

var backupName = regexp.MustCompile(`^policycredit-\d{8}-\d{6}\.db$`)

// BackupName is the file name of a backup made at t; AutoBackup keeps files named so.
func BackupName(t time.Time) string { return backupPrefix + t.Format(backupStamp) + backupSuffix }

// AutoBackup makes a backup named policycredit-YYYYMMDD-HHMMSS.db (Clock's time) in dir when
// the newest such backup is older than maxAge or there is none, verified as Backup verifies.
// Then the rotation keeps, of the verified backups, the newest of each of the last keep days
// and the newest of each of the last 12 months (keep ≤ 0 keeps all); a backup that was
// never verified is never counted nor deleted. A damaged office makes no backup and deletes
// none. It returns the path of the backup made, or "".
func (s *Store) AutoBackup(ctx context.Context, dir string, maxAge time.Duration, keep int) (made string, err error) {
	now := s.now()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("sqlite: backup: %w", err)
	}
	names, err := backups(dir)
	if err != nil {
		return "", fmt.Errorf("sqlite: backup: %w", err)
	}
	due := len(names) == 0
	if !due {
		newest := names[len(names)-1]
		t, err := backupTime(newest, now.Location())
		due = err != nil || now.Sub(t) >= maxAge
	}
	if due {
		made = filepath.Join(dir, BackupName(now))
		if err := s.backup(ctx, made); err != nil {
			return "", err
		}
		if names, err = backups(dir); err != nil {
			return made, fmt.Errorf("sqlite: backup: %w", err)
		}
	}
	if keep <= 0 {
		return made, nil
	}
	var verified []string
	for _, n := range names {
		if fi, err := os.Stat(filepath.Join(dir, n)); err == nil && isVerified(filepath.Join(dir, n), fi.Size()) {
			verified = append(verified, n)
		}
	}
	kept := rotationKeeps(verified, keep, monthlyBackups, now.Location())
	for _, n := range verified {
		if kept[n] {
			continue
		}
		if err := os.Remove(filepath.Join(dir, n)); err != nil {
			return made, fmt.Errorf("sqlite: backup: %w", err)
		}
		os.Remove(filepath.Join(dir, n+verifiedSuffix))
	}
	return made, nil
}

// monthlyBackups is how many months keep their newest automatic backup.
const monthlyBackups = 12

// backups lists the automatic backups in dir, oldest first (the timestamp sorts as text).
func backups(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && backupName.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

// inSnapshotPG is inSnapshot on PostgreSQL: the first read transaction exports its snapshot and
// the others take it (SET TRANSACTION SNAPSHOT), so that all see the same state without
// holding up any writer.
func (s *Store) inSnapshotPG(ctx context.Context, workers int, plan func(*sql.Tx) ([]func(*sql.Tx) error, error),
	finish func(*sql.Tx) error) error {
	txs := make([]*sql.Tx, 0, workers)
	defer func() {
		for _, tx := range txs {
			tx.Rollback()
		}
	}()
	first, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	txs = append(txs, first)
	snapshot, err := exportSnapshot(ctx, first)
	if err != nil {
		return mapErr(err)
	}
	for range workers - 1 {
		tx, err := s.joinSnapshot(ctx, snapshot)
		if err != nil {
			return mapErr(err)
		}
		txs = append(txs, tx)
	}
	tasks, err := plan(txs[0])
	if err != nil {
		return mapErr(err)
	}
	errs := make([]error, len(tasks))
	var next atomic.Int64
	var wg sync.WaitGroup
	for _, tx := range txs {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(tasks) {
					return
				}
				if errs[i] = ctx.Err(); errs[i] == nil {
					errs[i] = tasks[i](tx)
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return mapErr(err)
	}
	if finish != nil {
		return mapErr(finish(txs[0]))
	}
	return nil
}

// exportSnapshot is the id of tx's snapshot (PostgreSQL), for other transactions to take
// (joinSnapshot) while tx stays open.
func exportSnapshot(ctx context.Context, tx *sql.Tx) (string, error) {
	var snapshot string
	if err := tx.QueryRowContext(ctx, `SELECT pg_export_snapshot()`).Scan(&snapshot); err != nil {
		return "", err
	}
	if !snapshotID.MatchString(snapshot) {
		return "", fmt.Errorf("postgres: unexpected snapshot id %q", snapshot)
	}
	return snapshot, nil
}

// joinSnapshot begins a read transaction that sees the snapshot exportSnapshot gave.
func (s *Store) joinSnapshot(ctx context.Context, snapshot string) (*sql.Tx, error) {
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `SET TRANSACTION SNAPSHOT '`+snapshot+`'`); err != nil {
		tx.Rollback()
		return nil, err
	}
	return tx, nil
}

// snapshotID is the form of pg_export_snapshot's ids ("00000003-0000001B-1"), checked before
// one goes into a statement's text (SET TRANSACTION SNAPSHOT takes no parameter).
var snapshotID = regexp.MustCompile(`^[0-9A-F]+-[0-9A-F]+(-[0-9]+)?$`)
