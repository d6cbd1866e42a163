package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"policycredit/data"
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

// settlementsOf is the office's fees, commissions and group scores as JSON: October's standing
// settlement (settled before the move, so copied) and September's computed as it would be
// settled now.
func settlementsOf(t *testing.T, db string) string {
	t.Helper()
	s := openForTest(t, db)
	defer s.Close()
	var out []string
	for _, m := range []string{"2026-10", "2026-09"} {
		month, err := data.ParseMonth(m)
		if err != nil {
			t.Fatal(err)
		}
		st, err := s.MonthSettlement(context.Background(), month, 0)
		if err != nil {
			t.Fatalf("%s: settlement of %s: %v", db, m, err)
		}
		b, err := json.Marshal(st)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return strings.Join(out, "\n")
}

// identitiesFollow: every identity sequence of the database at addr gives next an id past its
// table's largest, so the first row a PC adds after the move does not collide.
func identitiesFollow(t *testing.T, addr string) {
	t.Helper()
	db, err := sql.Open("pgx", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES'`)
	if err != nil {
		t.Fatal(err)
	}
	var cols [][2]string
	for rows.Next() {
		var tc [2]string
		if err := rows.Scan(&tc[0], &tc[1]); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, tc)
	}
	rows.Close()
	checked := 0
	for _, tc := range cols {
		var top, next int64
		if err := db.QueryRow(`SELECT coalesce(max(` + tc[1] + `), 0) FROM ` + tc[0]).Scan(&top); err != nil {
			t.Fatal(err)
		}
		if top == 0 {
			continue
		}
		if err := db.QueryRow(`SELECT nextval(pg_get_serial_sequence($1, $2))`, tc[0], tc[1]).Scan(&next); err != nil {
			t.Fatal(err)
		}
		if next <= top {
			t.Errorf("%s.%s: the next id %d is not past the largest, %d", tc[0], tc[1], next, top)
		}
		checked++
	}
	if checked == 0 {
		t.Errorf("no identity column with rows: %v", cols)
	}
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
	want["settlements"] = settlementsOf(t, src)
	if !strings.Contains(want["settlements"], `"Month":{"Year":2026,"Month":10}`) {
		t.Fatalf("no settlement of October: %s", clip(want["settlements"]))
	}

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
	identitiesFollow(t, pg)
	got := reportsOf(t, pg, commune, customer)
	got["settlements"] = settlementsOf(t, pg)
	sameReports(t, "on PostgreSQL", want, got)

	back := filepath.Join(t.TempDir(), "back.db")
	mustRun(t, "--db", pg, "--user", demoAdmin, "migrate", "--from", pg, "--to", back)
	mustRun(t, "--db", back, "check")
	got = reportsOf(t, back, commune, customer)
	got["settlements"] = settlementsOf(t, back)
	sameReports(t, "back on SQLite", want, got)

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
