package sqlite

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
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

// A new office killed during its first write, before it turned to WAL, leaves a hot rollback
// journal: only a connection that may write can roll it back, so the read-only look that
// recognises the file must not refuse it as read-only (it happened to an import killed early).
func TestAFileWithAHotJournalOpens(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "killed.db")
	db, err := sql.Open("sqlite3", path+"?_journal_mode=DELETE")
	must(t, err)
	defer db.Close()
	db.SetMaxOpenConns(1)
	_, err = db.Exec(`PRAGMA application_id = ` + strconv.Itoa(ApplicationID) + `; CREATE TABLE filler (b BLOB)`)
	must(t, err)
	_, err = db.Exec(`PRAGMA cache_size = 1`) // the transaction's pages spill into the file
	must(t, err)
	tx, err := db.Begin()
	must(t, err)
	defer tx.Rollback()
	for range 200 {
		_, err = tx.Exec(`INSERT INTO filler VALUES (zeroblob(4000))`)
		must(t, err)
	}
	// The pair as a killed process leaves it: the file half-written, its journal hot.
	killed := filepath.Join(dir, "office.db")
	for _, suffix := range []string{"", "-journal"} {
		b, err := os.ReadFile(path + suffix)
		if err != nil {
			t.Fatalf("the transaction left no %q: %v", suffix, err)
		}
		must(t, os.WriteFile(killed+suffix, b, 0o600))
	}
	s, err := Open(killed)
	if err != nil {
		t.Fatalf("an office with a hot journal does not open: %v", err)
	}
	defer s.Close()
	var rows int
	must(t, s.db.QueryRow(`SELECT count(*) FROM filler`).Scan(&rows))
	if rows != 0 {
		t.Errorf("the killed transaction's %d rows are there; want it rolled back", rows)
	}
}
