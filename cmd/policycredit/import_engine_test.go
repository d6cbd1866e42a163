package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"policycredit/data/pgtest"
)

// The import tests on PostgreSQL: with POLICYCREDIT_TEST_ENGINE=postgres, officeCopy gives
// each test a PostgreSQL database holding the small demo office instead of a file, and
// dbFingerprint reads it, so that the bad-file catalogue and the problem reports run
// unchanged against the server (as the store's tests do, docs/postgres.md).

func importOnPostgres() bool { return os.Getenv("POLICYCREDIT_TEST_ENGINE") == "postgres" }

// importOffice is an import test's own copy of the small demo office: a file, or a database
// on the test server.
func importOffice(t *testing.T) string {
	t.Helper()
	if importOnPostgres() {
		return pgOfficeCopy(t)
	}
	db := filepath.Join(t.TempDir(), "office.db")
	copyDB(t, smallDB(t), db)
	return db
}

// emptyOffice is the address of a new office for an import test to create: a file not yet
// made, or an empty database on the test server.
func emptyOffice(t *testing.T) string {
	t.Helper()
	if importOnPostgres() {
		return pgtest.Database(t)
	}
	return filepath.Join(t.TempDir(), "office.db")
}

// pgOfficeCopy is a new database holding the small demo office, dropped when the test ends:
// the office is migrated once per test binary into a template database (pgtest.Template), since
// a migration takes seconds and a copy of the template a fraction of one.
func pgOfficeCopy(t *testing.T) string {
	t.Helper()
	tmpl, err := pgtest.Template("import_demo", func(addr string) error {
		src := smallDB(t)
		if r := runCLI(t, "--db", src, "--user", demoDirector, "migrate", "--from", src, "--to", addr); r.code != 0 {
			return fmt.Errorf("migrate the demo office: %v", r)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pgtest.CopyOf(t, tmpl)
}

// A households file with refused lines — an ID number another household has (a duplicate), a
// village the commune does not have (a bad reference), a gender that is not one (a bad value)
// — between good ones: on both engines the import checks every line, names each refused one
// with its line and reason in the same words, and writes nothing; the good lines alone then
// import. On PostgreSQL a line whose text the server cannot store (a NUL character, which a CSV
// file may hold) is refused with its line number as well, instead of failing the import with
// the server's words.
func TestImportRefusedLinesOnEachEngine(t *testing.T) {
	file := filepath.Join(t.TempDir(), "office.db")
	copyDB(t, smallDB(t), file)
	offices := map[string]string{"sqlite": file, "postgres": pgOfficeCopy(t)}
	// A household of the demo office whose ID number line 3 gives again (with its birth year
	// and gender, which the number encodes).
	var taken string
	var born int
	sqliteDB, err := sql.Open("sqlite3", "file:"+file+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	err = sqliteDB.QueryRow(`SELECT id_number, birth_year FROM borrowers WHERE id_number <> '' AND birth_year > 0
		AND gender = 'female' ORDER BY id LIMIT 1`).Scan(&taken, &born)
	sqliteDB.Close()
	if err != nil {
		t.Fatal(err)
	}
	good3 := "38189990003,Lê Văn Cường,Male,1979,038079000575,Poor household,16000,16000-01,16000-T01"
	dir := t.TempDir()
	refused := filepath.Join(dir, "households.csv")
	csvText(borrowersHeader, goodBorrower,
		strings.Replace(strings.Replace(goodBorrower2, "038185000123", taken, 1), "1985", strconv.Itoa(born), 1),
		strings.Replace(strings.Replace(good3, "38189990003", "38189990004", 1), "16000-01,", "16000-99,", 1),
		strings.Replace(strings.Replace(good3, "38189990003", "38189990005", 1), "Male", "X", 1),
		good3)(t, refused)
	goodOnly := filepath.Join(dir, "good.csv")
	csvText(borrowersHeader, goodBorrower, good3)(t, goodOnly)
	nul := filepath.Join(dir, "nul.csv")
	csvText(borrowersHeader, goodBorrower, strings.Replace(good3, "Lê Văn", "Lê\x00Văn", 1))(t, nul)

	outputs := map[string]string{}
	for _, engine := range engines {
		db := offices[engine]
		counts, sum := dbFingerprint(t, db)
		r := runCLI(t, "--db", db, "import", refused, "--lang", "en", "--date", "2026-01-01")
		assertNoInternals(t, r)
		if r.code != 1 {
			t.Errorf("%s: exit %d, want 1:\n%v", engine, r.code, r)
		}
		for _, want := range []string{"line 3", "already exists", "line 4", "line 5", "is not one of the listed values"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%s: the report lacks %q:\n%v", engine, want, r)
			}
		}
		if strings.Contains(r.stdout, "line 2") || strings.Contains(r.stdout, "line 6") {
			t.Errorf("%s: a good line is reported:\n%v", engine, r)
		}
		outputs[engine] = r.stdout
		if _, after := dbFingerprint(t, db); after != sum {
			t.Errorf("%s: the refused file changed the office", engine)
		}

		if engine == "postgres" {
			r := runCLI(t, "--db", db, "import", nul, "--lang", "en", "--date", "2026-01-01")
			assertNoInternals(t, r)
			if r.code != 1 || !strings.Contains(r.stdout, "line 3") || strings.Contains(r.stdout+r.stderr, "SQLSTATE") {
				t.Errorf("a NUL character on PostgreSQL: want exit 1 and line 3 refused, got\n%v", r)
			}
			if _, after := dbFingerprint(t, db); after != sum {
				t.Errorf("the refused NUL line changed the office")
			}
		}

		r = mustRun(t, "--db", db, "import", goodOnly, "--lang", "en", "--date", "2026-01-01")
		if !strings.Contains(r.stdout, "Import done.") {
			t.Errorf("%s: the good lines:\n%v", engine, r)
		}
		if after, _ := dbFingerprint(t, db); after["borrowers"] != counts["borrowers"]+2 {
			t.Errorf("%s: borrowers %d → %d, want 2 more", engine, counts["borrowers"], after["borrowers"])
		}
	}
	if outputs["sqlite"] != outputs["postgres"] {
		t.Errorf("the engines report the file differently:\nSQLite:\n%s\nPostgreSQL:\n%s", outputs["sqlite"], outputs["postgres"])
	}
}

var engines = []string{"sqlite", "postgres"}
