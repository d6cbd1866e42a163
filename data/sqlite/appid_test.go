package sqlite

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"policycredit/data"
)

func TestAnotherApplicationsFileIsRefusedUnchanged(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, schema := range map[string]string{
		"foreign-tables.db": `CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x')`,
		"foreign-id.db":     `PRAGMA application_id = 1234`,
	} {
		path := filepath.Join(dir, name)
		db, err := sql.Open("sqlite3", path)
		must(t, err)
		_, err = db.Exec(schema)
		must(t, err)
		must(t, db.Close())
		before, err := os.ReadFile(path)
		must(t, err)
		fi, _ := os.Stat(path)
		s, err := Open(path)
		if err == nil {
			s.Close()
			t.Fatalf("%s: opened", name)
		}
		if des := data.DomainErrors(err); len(des) != 1 || des[0].Rule != "foreign_file" {
			t.Errorf("%s: %v", name, err)
		}
		after, _ := os.ReadFile(path)
		fi2, _ := os.Stat(path)
		if !bytes.Equal(before, after) || fi.Mode() != fi2.Mode() {
			t.Errorf("%s: changed by the refused open", name)
		}
		if _, err := os.Stat(path + "-wal"); err == nil {
			t.Errorf("%s: a WAL file was made", name)
		}
	}
}

func TestOfficeFilesCarryTheApplicationID(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "office.db")
	s := openTest(t, path)
	var id int64
	must(t, s.db.QueryRow(`PRAGMA application_id`).Scan(&id))
	if id != ApplicationID {
		t.Errorf("application_id = %d", id)
	}
	fi, err := os.Stat(path)
	must(t, err)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("office file mode %v, want 0600", fi.Mode().Perm())
	}
	// An office of an earlier version, without the id, opens and gets it.
	_, err = s.db.Exec(`PRAGMA application_id = 0`)
	must(t, err)
	must(t, s.Close())
	must(t, os.Chmod(path, 0o644))
	s2 := openTest(t, path)
	must(t, s2.db.QueryRow(`PRAGMA application_id`).Scan(&id))
	if id != ApplicationID {
		t.Errorf("older office: application_id = %d after opening", id)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("older office readable by others after opening: %v", fi.Mode().Perm())
	}
}

func TestAMissingFolderIsNotCreatedUnlessAsked(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "no-such-folder", "office.db")
	if s, err := OpenWith(path, Options{}); err == nil {
		s.Close()
		t.Fatal("opened in a missing folder")
	} else if des := data.DomainErrors(err); len(des) != 1 || des[0].Field != "database.folder" || des[0].Rule != "missing_folder" {
		t.Errorf("%v", err)
	}
	if _, err := os.Stat(filepath.Dir(path)); err == nil {
		t.Error("the folder was made")
	}
	s, err := OpenWith(path, Options{CreateFolder: true})
	must(t, err)
	s.Close()
	if _, err := OpenWith(filepath.Dir(path), Options{}); err == nil {
		t.Error("a folder opened as an office")
	}
}
