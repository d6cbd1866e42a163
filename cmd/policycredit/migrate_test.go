package main

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"policycredit/data/demo"
	"policycredit/data/pgtest"
)

// reportsOf runs every report the test compares on one office and returns their JSON by name.
func reportsOf(t *testing.T, db, commune, customer string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, day := range []string{"2026-06-30", demo.TodayISO} {
		for name, args := range map[string][]string{
			"office":      {"report", "office", "--date", day},
			"commune":     {"report", "commune", "--commune", commune, "--date", day},
			"overdue":     {"report", "overdue", "--date", day},
			"statement":   {"report", "statement", "--customer", customer, "--date", day},
			"capital":     {"report", "capital", "--date", day},
			"directive40": {"report", "directive40", "--date", day},
			"meeting":     {"report", "meeting", "--date", day},
		} {
			r := mustRun(t, append(append([]string{"--db", db, "--lang", "en"}, args...), "--format", "json")...)
			out[name+" "+day] = r.stdout
		}
	}
	return out
}

// firstCodes is a commune's code and a household's customer code from a SQLite office.
func firstCodes(t *testing.T, file string) (commune, customer string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+file+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRow(`SELECT code FROM communes ORDER BY id LIMIT 1`).Scan(&commune); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT b.code FROM borrowers b JOIN loans l ON l.borrower_id = b.id ORDER BY b.id LIMIT 1`).Scan(&customer); err != nil {
		t.Fatal(err)
	}
	return commune, customer
}

func sameReports(t *testing.T, what string, want, got map[string]string) {
	t.Helper()
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: report %s differs:\nwant %s\ngot  %s", what, k, clip(w), clip(got[k]))
		}
	}
}

// TestMigrateSQLiteToPostgresAndBack moves the small demo office (settled for a month, so the
// fees, commissions and ratings go along) to PostgreSQL and from there to a new SQLite file:
// each target checks clean and gives every report byte for byte as the source did, and a
// target that already holds an office is refused and left as it was.
func TestMigrateSQLiteToPostgresAndBack(t *testing.T) {
	src := smallDB(t)
	mustRun(t, "--db", src, "--user", demoDirector, "settle", "--month", "2026-10")
	commune, customer := firstCodes(t, src)
	want := reportsOf(t, src, commune, customer)

	pg := pgtest.Database(t)
	r := runCLI(t, "--db", src, "--user", demoDirector, "migrate", "--from", src, "--to", pg, "--json")
	if r.code != 0 {
		b, _ := os.ReadFile(src + ".errors.log")
		t.Fatalf("migrate: %s\n%s", r, b)
	}
	var counts []struct {
		Table string `json:"table"`
		Rows  int64  `json:"rows"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &counts); err != nil {
		t.Fatalf("migrate --json: %v\n%s", err, r)
	}
	moved := map[string]int64{}
	for _, c := range counts {
		moved[c.Table] = c.Rows
	}
	for _, table := range []string{"entries", "audit", "borrowers", "loans", "settlements", "users"} {
		if moved[table] == 0 {
			t.Errorf("migrate copied no rows of %s: %v", table, counts)
		}
	}
	mustRun(t, "--db", pg, "check")
	sameReports(t, "on PostgreSQL", want, reportsOf(t, pg, commune, customer))

	back := filepath.Join(t.TempDir(), "back.db")
	mustRun(t, "--db", pg, "--user", demoAdmin, "migrate", "--from", pg, "--to", back)
	mustRun(t, "--db", back, "check")
	sameReports(t, "back on SQLite", want, reportsOf(t, back, commune, customer))

	// Into an office that exists: refused, exit 1, a sentence naming the target.
	for _, target := range []string{pg, back} {
		r := runCLI(t, "--db", src, "--lang", "en", "--user", demoDirector, "migrate", "--from", src, "--to", target)
		if r.code != exitFailed || !strings.Contains(r.stderr, "is not empty") || strings.Contains(r.stderr, "pgx") {
			t.Errorf("migrate into a non-empty %s: want exit 1 and “is not empty”, got %s", target, r)
		}
	}
	mustRun(t, "--db", back, "check")
}

// TestMigrateIsTheDirectorsOrAdministrators refuses a teller moving the office, and a source
// that does not exist (never created empty by the move).
func TestMigrateIsTheDirectorsOrAdministrators(t *testing.T) {
	src := smallDB(t)
	to := filepath.Join(t.TempDir(), "to.db")
	r := runCLI(t, "--db", src, "--lang", "en", "--user", demoTeller, "migrate", "--from", src, "--to", to)
	if r.code != exitFailed {
		t.Fatalf("a teller's migrate: want exit 1, got %s", r)
	}
	if _, err := os.Stat(to); err == nil {
		t.Errorf("a refused migrate left %s", to)
	}
	missing := filepath.Join(t.TempDir(), "missing.db")
	r = runCLI(t, "--lang", "en", "migrate", "--from", missing, "--to", to)
	if r.code != exitFailed || !strings.Contains(r.stderr, missing) {
		t.Errorf("migrate from a missing file: want exit 1 naming it, got %s", r)
	}
	for _, f := range []string{missing, to} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("a refused migrate left %s", f)
		}
	}
}
