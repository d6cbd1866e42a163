package data

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestErrorLogKeepsCausesWithoutPersonalData(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	l := ErrorLogFor(filepath.Join(dir, "office.db"))
	got := l.Record("report office", errors.New(`sqlite: disk I/O error on "Nguyễn Văn An" id 001234567890 phone 0912345678`))
	if got != filepath.Join(dir, "office.db.errors.log") {
		t.Fatalf("log at %q", got)
	}
	b, err := os.ReadFile(got)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	for _, personal := range []string{"Nguyễn", "001234567890", "0912345678"} {
		if strings.Contains(text, personal) {
			t.Errorf("the log holds %q: %s", personal, text)
		}
	}
	if !strings.Contains(text, "disk I/O error") || !strings.Contains(text, "report office") {
		t.Errorf("the cause is missing: %s", text)
	}
	if fi, _ := os.Stat(got); fi.Mode().Perm() != 0o600 {
		t.Errorf("log mode %v", fi.Mode().Perm())
	}
	// Rotation: past the limit the log starts anew and keeps the previous one.
	if err := os.WriteFile(got, make([]byte, ErrorLogMax+1), 0o600); err != nil {
		t.Fatal(err)
	}
	l.Record("check", errors.New("full"))
	if fi, _ := os.Stat(got); fi.Size() > 200 {
		t.Errorf("not rotated: %d bytes", fi.Size())
	}
	if _, err := os.Stat(got + ".1"); err != nil {
		t.Errorf("previous log not kept: %v", err)
	}
}
