package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

// The driver: pgx through database/sql, on the throw-away server.
func TestConnectAndQuery(t *testing.T) {
	db, err := sql.Open("pgx", Database(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	var version string
	var sum int64
	if err := db.QueryRowContext(ctx, `SELECT current_setting('server_version'), $1::bigint + $2`, 40, 2).Scan(&version, &sum); err != nil {
		t.Fatal(err)
	}
	if sum != 42 || version == "" {
		t.Fatalf("got %q, %d", version, sum)
	}
	var enc, coll string
	if err := db.QueryRowContext(ctx, `SELECT pg_encoding_to_char(encoding), datcollate FROM pg_database WHERE datname = current_database()`).Scan(&enc, &coll); err != nil {
		t.Fatal(err)
	}
	if enc != "UTF8" || coll != "C.UTF-8" {
		t.Errorf("database is %s/%s, want UTF8/C.UTF-8", enc, coll)
	}
	// Vietnamese text goes in and out unchanged.
	var name string
	if err := db.QueryRowContext(ctx, `SELECT $1::text`, "Nguyễn Thị Đào").Scan(&name); err != nil || name != "Nguyễn Thị Đào" {
		t.Fatalf("got %q, %v", name, err)
	}
}

// Each test gets its own empty database.
func TestDatabasesAreSeparate(t *testing.T) {
	a, b := Database(t), Database(t)
	if a == b {
		t.Fatalf("same database twice: %s", a)
	}
	for _, dsn := range []string{a, b} {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`CREATE TABLE x (id bigint)`); err != nil {
			t.Fatalf("%s: %v", dsn, err)
		}
		db.Close()
	}
}

// A server that cannot start is an error with a reason, never a skip.
func TestStartFailsLoudly(t *testing.T) {
	t.Setenv(EnvBin, t.TempDir())
	s, err := Start()
	if err == nil {
		s.Stop()
		t.Fatal("started a server from an empty folder")
	}
	if !strings.Contains(err.Error(), "initdb") {
		t.Errorf("error does not say what failed: %v", err)
	}
}

// A test binary that dies with its server running (here a panic; a kill is the same) does not
// leave the server behind: the kernel signals it when the binary's thread that started it ends.
func TestServerStopsWhenTheTestBinaryDies(t *testing.T) {
	if os.Getenv("PGTEST_CHILD") == "panic" {
		u, err := url.Parse(Database(t))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println("DIR", u.Query().Get("host"))
		panic("the test binary dies with its server running")
	}
	if os.Getenv(EnvDSN) != "" {
		t.Skip("the server is .ci/pg's, which no test binary starts") // the child would use it too
	}
	if runtime.GOOS != "linux" {
		t.Skip("only Linux signals a child when its parent dies (Pdeathsig)")
	}
	cmd := exec.Command("timeout", "120", os.Args[0], "-test.run=^TestServerStopsWhenTheTestBinaryDies$")
	cmd.Env = append(os.Environ(), "PGTEST_CHILD=panic")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the child did not die:\n%s", out)
	}
	var dir string
	for _, line := range strings.Split(string(out), "\n") {
		if d, ok := strings.CutPrefix(line, "DIR "); ok {
			dir = d
		}
	}
	if dir == "" {
		t.Fatalf("the child started no server:\n%s", out)
	}
	defer os.RemoveAll(dir)
	pid := filepath.Join(dir, "data", "postmaster.pid")
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if _, err := os.Stat(pid); errors.Is(err, os.ErrNotExist) {
			return // shut down: the server removes its pid file last
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server in %s still runs 30 s after its test binary died", dir)
		}
	}
}
