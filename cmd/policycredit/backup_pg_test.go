package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"policycredit/data/pgtest"
)

// TestBackupAndRestoreOnPostgres: the backup command on an office on PostgreSQL writes a
// pg_dump that pg_restore lists, with its ".verified" note; restored into a new empty
// database it gives the same reports; a database that holds an office is refused as a target.
func TestBackupAndRestoreOnPostgres(t *testing.T) {
	src := smallDB(t)
	commune, customer := firstCodes(t, src)
	pg := pgtest.Database(t)
	mustRun(t, "--db", src, "--user", demoDirector, "migrate", "--from", src, "--to", pg)
	want := reportsOf(t, pg, commune, customer)

	file := filepath.Join(t.TempDir(), "office-backup.db")
	r := mustRun(t, "--db", pg, "--lang", "en", "backup", "--to", file)
	if !strings.Contains(r.stdout, file) {
		t.Errorf("backup: the file is not named: %s", r)
	}
	head, err := os.ReadFile(file)
	if err != nil || !strings.HasPrefix(string(head), "PGDMP") {
		t.Fatalf("backup %s is no custom-format dump (%v)", file, err)
	}
	if _, err := os.Stat(file + ".verified"); err != nil {
		t.Errorf("backup has no verified note: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "timeout", "60", "pg_restore", "--list", file).CombinedOutput(); err != nil ||
		!strings.Contains(string(out), "TABLE DATA public entries") {
		t.Fatalf("pg_restore --list %s: %v\n%s", file, err, out)
	}

	fresh := pgtest.Database(t)
	r = mustRun(t, "--db", fresh, "--lang", "en", "restore", file)
	if !strings.Contains(r.stdout, "Restored") {
		t.Errorf("restore: %s", r)
	}
	mustRun(t, "--db", fresh, "check")
	sameReports(t, "restored on PostgreSQL", want, reportsOf(t, fresh, commune, customer))

	// Not into an office: the same backup on the database it came from is refused.
	r = runCLI(t, "--db", pg, "--lang", "en", "restore", file)
	if r.code != exitFailed || !strings.Contains(r.stderr, "only into an empty database") {
		t.Errorf("restore over an office: want exit 1 and the empty-database rule, got %s", r)
	}

	// A file that is not a dump is refused before anything is restored.
	junk := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(junk, []byte("PGDMP but not really"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, "--db", pgtest.Database(t), "--lang", "en", "restore", junk)
	if r.code != exitFailed {
		t.Errorf("restore of a damaged dump: want exit 1, got %s", r)
	}
}
