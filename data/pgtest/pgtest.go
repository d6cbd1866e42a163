// Package pgtest gives tests a throw-away PostgreSQL server: initdb in a temporary folder, the
// server listening only on a Unix socket in that folder (no TCP port to collide with another
// test run on the same machine), and one fresh database per test.
//
// Debian's PostgreSQL refuses to run as root and CI runs as root: then initdb and the server
// run as the unprivileged "postgres" user (runuser -u postgres), on a folder that user owns.
// Not root, they run as the current user. Every process started here is bounded by timeout(1),
// and the server also stops when the test binary dies without stopping it (a panic, a kill):
// the kernel signals it (Pdeathsig). Folders such deaths leave behind go at the next Start.
//
// Use it from a package's TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
//
// and in a test:
//
//	dsn := pgtest.Database(t) // postgres://postgres@/t_…?host=/tmp/pgtest…
//
// When POLICYCREDIT_TEST_PG names a running server (the address of its maintenance database,
// as `.ci/pg env` prints it), no server is started: `make test` starts one for all packages.
// When PostgreSQL cannot start, Database fails the test with the server's log: a missing
// PostgreSQL is a broken test machine, never a reason to skip.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// EnvDSN names an already running server's maintenance database; set, Main starts nothing.
const EnvDSN = "POLICYCREDIT_TEST_PG"

// EnvBin names the folder of initdb and postgres when they are not where Debian puts them.
const EnvBin = "POLICYCREDIT_PG_BIN"

// serverLifetime bounds the server when the test binary dies without stopping it (timeout(1)
// then stops it); go test's own default timeout is 10 minutes.
const serverLifetime = 2 * time.Hour

var (
	mu      sync.Mutex
	inMain  bool
	started *Server // started by this process, stopped by Main
	admin   string  // maintenance database's address
	adminDB *sql.DB
	failure error // why the server could not start; every test then fails with it
	counter atomic.Int64
)

// Main runs the tests and stops the server they started, if any. Call it from TestMain.
func Main(m *testing.M) int {
	mu.Lock()
	inMain = true
	mu.Unlock()
	code := m.Run()
	mu.Lock()
	defer mu.Unlock()
	if adminDB != nil {
		dropTemplates(adminDB)
		adminDB.Close()
	}
	if started != nil {
		if err := started.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}

// Database creates an empty database on the test server (starting the server on first use)
// and returns its address; the database is dropped when the test ends. It fails the test,
// loudly, when there is no server.
func Database(t testing.TB) string {
	t.Helper()
	// template0: nothing another test or a previous run added to template1 leaks in, and the
	// encoding and collation are the cluster's (UTF8, C.UTF-8).
	return newDatabase(t, "template0")
}

// newDatabase creates a database copied from template on the test server and returns its
// address; the database is dropped when the test ends.
func newDatabase(t testing.TB, template string) string {
	t.Helper()
	db, base, err := maintenance()
	if err != nil {
		t.Fatalf("pgtest: no PostgreSQL for this test: %v", err)
	}
	name := fmt.Sprintf("t_%d_%d", os.Getpid(), counter.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := db.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE `+template); err != nil {
		t.Fatalf("pgtest: create database %s from %s: %v", name, template, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		// FORCE: a pool the test left open must not keep the database alive.
		if _, err := db.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	return WithDatabase(base, name)
}

// WithDatabase returns the address dsn with its database replaced by name.
func WithDatabase(dsn, name string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	u.Path = "/" + name
	return u.String()
}

// maintenance returns a pool on the server's maintenance database, starting the server first
// when the environment names none.
func maintenance() (*sql.DB, string, error) {
	mu.Lock()
	defer mu.Unlock()
	if adminDB != nil {
		return adminDB, admin, nil
	}
	if failure != nil {
		return nil, "", failure
	}
	dsn := os.Getenv(EnvDSN)
	if dsn == "" {
		if !inMain {
			failure = errors.New("the package's TestMain must call pgtest.Main (it stops the server), or " + EnvDSN + " must name a running server")
			return nil, "", failure
		}
		s, err := Start()
		if err != nil {
			failure = err
			return nil, "", err
		}
		started = s
		dsn = s.DSN("postgres")
	}
	db, err := sql.Open("pgx", dsn)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err = db.PingContext(ctx)
		cancel()
	}
	if err != nil {
		failure = fmt.Errorf("connect to %s: %w", dsn, err)
		return nil, "", failure
	}
	db.SetMaxOpenConns(2)
	adminDB, admin = db, dsn
	return db, dsn, nil
}

// Server is a running throw-away PostgreSQL.
type Server struct {
	Dir  string // the temporary folder: data/, the socket and the log
	bin  string
	asPG bool // root: the server runs as the postgres user
	cmd  *exec.Cmd
	done chan struct{}
}

// DSN is the address of database name on the server, through its socket.
func (s *Server) DSN(name string) string {
	return "postgres://postgres@/" + name + "?host=" + url.QueryEscape(s.Dir) + "&sslmode=disable"
}

// Log is the end of the server's log, for error messages.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "log"))
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// Start makes a new cluster in a temporary folder and starts a server on it.
func Start() (*Server, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	s := &Server{bin: bin, asPG: os.Geteuid() == 0, done: make(chan struct{})}
	// A short folder name: a Unix socket's path is limited to 107 bytes, which t.TempDir()'s
	// long names can exceed.
	base := os.TempDir()
	if s.asPG {
		base = "/tmp" // TMPDIR may be inside /root, which the postgres user cannot enter
	}
	removeStale(base)
	if s.Dir, err = os.MkdirTemp(base, "pgtest"); err != nil {
		return nil, err
	}
	if s.asPG {
		u, err := user.Lookup("postgres")
		if err != nil {
			s.remove()
			return nil, fmt.Errorf("running as root, PostgreSQL needs its unprivileged user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(s.Dir, uid, gid); err != nil {
			s.remove()
			return nil, err
		}
	}
	data := filepath.Join(s.Dir, "data")
	// trust: only the socket in a folder of mode 0700 reaches the server. --no-sync: the
	// cluster is thrown away. C.UTF-8: the same sort order on every machine.
	out, err := s.command(time.Minute, filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres",
		"-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync").CombinedOutput()
	if err != nil {
		s.remove()
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	logf, err := os.OpenFile(filepath.Join(s.Dir, "log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		s.remove()
		return nil, err
	}
	defer logf.Close()
	// The server runs in the foreground of timeout(1), which forwards SIGINT (a fast shutdown)
	// through runuser to it, and sends it after serverLifetime if nobody did.
	s.cmd = s.command(serverLifetime, filepath.Join(bin, "postgres"), "-D", data,
		"-k", s.Dir, "-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "max_connections=200",
		// Serialisable writes of many tests at once take predicate locks beyond the defaults.
		"-c", "max_pred_locks_per_transaction=1024", "-c", "max_locks_per_transaction=256")
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	// Its own process group: a Ctrl-C in the terminal reaches the test binary, which stops
	// the server in order, not the server in the middle of a test. Pdeathsig: when the test
	// binary dies without stopping it, timeout gets SIGINT and passes it on (a fast shutdown).
	s.cmd.SysProcAttr = serverProcAttr()
	// The kernel sends Pdeathsig when the thread that started the child ends, not the process:
	// the child is started from a goroutine locked to its thread, which lives as long as the
	// server.
	started := make(chan error)
	go func() {
		runtime.LockOSThread()
		if err := s.cmd.Start(); err != nil {
			started <- err
			return // the thread ends with the goroutine; there is no child to signal
		}
		started <- nil
		s.cmd.Wait()
		close(s.done)
	}()
	if err := <-started; err != nil {
		s.remove()
		return nil, fmt.Errorf("start postgres: %w", err)
	}
	if err := s.waitReady(30 * time.Second); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// command runs name as the postgres user when root, bounded by timeout(1): SIGINT at the limit,
// SIGKILL ten seconds later.
func (s *Server) command(limit time.Duration, name string, args ...string) *exec.Cmd {
	a := []string{"-s", "INT", "-k", "10", strconv.Itoa(int(limit.Seconds()))}
	if s.asPG {
		a = append(a, "runuser", "-u", "postgres", "--")
	}
	a = append(a, name)
	a = append(a, args...)
	cmd := exec.Command("timeout", a...)
	cmd.Dir = s.Dir
	return cmd
}

// waitReady waits until the server accepts a connection, or fails with its log.
func (s *Server) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	db, err := sql.Open("pgx", s.DSN("postgres")+"&connect_timeout=5")
	if err != nil {
		return err
	}
	defer db.Close()
	for {
		select {
		case <-s.done:
			return fmt.Errorf("postgres stopped at start-up (%v); its log:\n%s", s.cmd.ProcessState, s.Log())
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := db.PingContext(ctx)
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres did not accept connections in %v: %v; its log:\n%s", limit, err, s.Log())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop shuts the server down (fast: open sessions are ended) and removes its folder.
func (s *Server) Stop() error {
	var err error
	if s.cmd != nil && s.cmd.Process != nil {
		select {
		case <-s.done:
		default:
			s.cmd.Process.Signal(syscall.SIGINT)
			select {
			case <-s.done:
			case <-time.After(30 * time.Second):
				s.cmd.Process.Kill()
				<-s.done
				err = fmt.Errorf("postgres did not stop in 30 s; killed")
			}
		}
	}
	if rerr := s.remove(); err == nil {
		err = rerr
	}
	return err
}

// removeStale removes the folders of servers whose test binary died: no server running in
// them (no postmaster.pid) and untouched for ten minutes, so that a folder another test binary
// is just filling (initdb) is left alone.
func removeStale(base string) {
	dirs, _ := filepath.Glob(filepath.Join(base, "pgtest*"))
	for _, d := range dirs {
		fi, err := os.Stat(d)
		if err != nil || !fi.IsDir() || time.Since(fi.ModTime()) < 10*time.Minute {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "data", "postmaster.pid")); errors.Is(err, os.ErrNotExist) {
			os.RemoveAll(d)
		}
	}
}

func (s *Server) remove() error {
	if s.Dir == "" {
		return nil
	}
	return os.RemoveAll(s.Dir)
}

// BinDir finds the folder of initdb and postgres: $POLICYCREDIT_PG_BIN, the newest of Debian's
// /usr/lib/postgresql/*/bin, or the folder of an initdb on PATH (following links, since the
// server binary is not on PATH on Debian).
func BinDir() (string, error) {
	if d := os.Getenv(EnvBin); d != "" {
		return d, nil
	}
	if ds, _ := filepath.Glob("/usr/lib/postgresql/*/bin"); len(ds) > 0 {
		sort.Slice(ds, func(i, j int) bool { return version(ds[i]) < version(ds[j]) })
		for i := len(ds) - 1; i >= 0; i-- {
			if _, err := os.Stat(filepath.Join(ds[i], "postgres")); err == nil {
				return ds[i], nil
			}
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			p = r
		}
		return filepath.Dir(p), nil
	}
	return "", errors.New("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin, no initdb on PATH): apt-get install postgresql, or set " + EnvBin)
}

func version(dir string) int {
	v, _ := strconv.Atoi(strings.Split(filepath.Base(filepath.Dir(dir)), ".")[0])
	return v
}

// templates are the databases Template made in this process, dropped by Main at the end.
var (
	templatesMu sync.Mutex
	templates   = map[string]*templateDB{}
)

type templateDB struct {
	once sync.Once
	addr string
	err  error
}

// Template makes, once per test process, a database filled by fill (given its address; every
// connection fill opened must be closed when it returns), for tests to copy with CopyOf:
// filling an office takes seconds, copying a database a fraction of one. It lives until Main
// ends, or until the server stops.
func Template(name string, fill func(addr string) error) (string, error) {
	templatesMu.Lock()
	tmpl, ok := templates[name]
	if !ok {
		tmpl = &templateDB{}
		templates[name] = tmpl
	}
	templatesMu.Unlock()
	tmpl.once.Do(func() {
		db, base, err := maintenance()
		if err != nil {
			tmpl.err = err
			return
		}
		dbName := fmt.Sprintf("tmpl_%d_%s", os.Getpid(), name)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := db.ExecContext(ctx, `DROP DATABASE IF EXISTS `+dbName+` WITH (FORCE)`); err != nil {
			tmpl.err = err
			return
		}
		if _, err := db.ExecContext(ctx, `CREATE DATABASE `+dbName+` TEMPLATE template0`); err != nil {
			tmpl.err = err
			return
		}
		tmpl.addr = WithDatabase(base, dbName)
		tmpl.err = fill(tmpl.addr)
	})
	return tmpl.addr, tmpl.err
}

// CopyOf creates a copy of the database Template made at addr and returns its address; the
// copy is dropped when the test ends.
func CopyOf(t testing.TB, addr string) string {
	t.Helper()
	u, err := url.Parse(addr)
	if err != nil {
		t.Fatal(err)
	}
	return newDatabase(t, u.Path[1:])
}

// dropTemplates drops the databases Template made; Main calls it.
func dropTemplates(db *sql.DB) {
	templatesMu.Lock()
	defer templatesMu.Unlock()
	for name, tmpl := range templates {
		if tmpl.addr == "" {
			continue
		}
		u, err := url.Parse(tmpl.addr)
		if err != nil {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		if _, err := db.ExecContext(ctx, `DROP DATABASE IF EXISTS `+u.Path[1:]+` WITH (FORCE)`); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest: drop template", name+":", err)
		}
		cancel()
	}
}
