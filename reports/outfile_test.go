package reports

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"policycredit/data"
)

func TestOutputsNeverReplaceTheOffice(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "office.db")
	backups := filepath.Join(dir, "backups")
	for _, f := range []string{db, db + "-wal", filepath.Join(backups, "policycredit-20261201-080000.db")} {
		if err := os.MkdirAll(filepath.Dir(f), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte("office"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(db, filepath.Join(dir, "link.pdf")); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(db, filepath.Join(dir, "hard.pdf")); err != nil {
		t.Fatal(err)
	}
	p := ProtectOffice(db, backups)
	write := func(w io.Writer) error { _, err := io.WriteString(w, "%PDF-1.4 report"); return err }
	for path, rule := range map[string]string{
		db:                                   "is_office",
		db + "-wal":                          "is_office",
		db + "-shm":                          "is_office",
		filepath.Join(dir, "link.pdf"):       "is_office",
		filepath.Join(dir, "hard.pdf"):       "is_office",
		filepath.Join(dir, ".", "office.db"): "is_office",
		filepath.Join(backups, "policycredit-20261201-080000.db"): "is_backup",
		filepath.Join(backups, "new.pdf"):                         "is_backup",
		dir:                                                       "is_folder",
		"/dev/null":                                               "not_regular",
		filepath.Join(dir, "missing", "report.pdf"): "not_found",
		"": "required",
	} {
		err := WriteFile(path, p, write)
		des := data.DomainErrors(err)
		if len(des) != 1 || des[0].Rule != rule {
			t.Errorf("%q: want %s, got %v", path, rule, err)
		}
	}
	if b, _ := os.ReadFile(db); string(b) != "office" {
		t.Fatal("the office file was replaced")
	}
	out := filepath.Join(dir, "report.pdf")
	if err := WriteFile(out, p, write); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("a new report: %v %v, want mode 0600", fi, err)
	}
	// An existing report is replaced whole; a failed write leaves it as it was.
	if err := WriteFile(out, p, func(w io.Writer) error { return io.ErrUnexpectedEOF }); err == nil {
		t.Error("a failed write succeeded")
	}
	if b, _ := os.ReadFile(out); string(b) != "%PDF-1.4 report" {
		t.Errorf("a failed write changed the report: %q", b)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".report.pdf.*")); len(m) > 0 {
		t.Errorf("temporary files left: %v", m)
	}
}
