package sqlite

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"policycredit/data/pgtest"
)

// TestPostgresBackupThatDoesNotListIsRemoved: a dump pg_restore cannot list is refused, and
// neither it nor a verified note is left in the backups folder; without pg_dump on the PC, the
// backup says which program is missing.
func TestPostgresBackupThatDoesNotListIsRemoved(t *testing.T) {
	s := openTest(t, pgtest.Database(t))
	dump, err := exec.LookPath("pg_dump")
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	// A pg_restore that reads nothing, first in PATH beside the real pg_dump.
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "pg_restore"), []byte("#!/bin/sh\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dump, filepath.Join(bin, "pg_dump")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	dir := filepath.Join(t.TempDir(), "backups")
	dest := filepath.Join(dir, BackupName(s.now()))
	if err := s.Backup(userCtx, dest); !hasRule(err, "not_listed") {
		t.Fatalf("a dump that does not list: %v, want not_listed", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a refused dump left %v", entries)
	}

	if err := os.Remove(filepath.Join(bin, "pg_dump")); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(userCtx, dest); !hasRule(err, "pg_tool_missing") {
		t.Errorf("without pg_dump: %v, want pg_tool_missing", err)
	}
}
