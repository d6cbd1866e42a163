package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"policycredit/data/demo"
	"policycredit/data/pgtest"
)

// TestAppRoleWorksTheOffice follows the README's "Several PCs": the office moved in by the
// owner, the PCs' role given the README's rights opens it, reports, posts, backs it up, and
// cannot change a ledger entry even with SQL of its own.
func TestAppRoleWorksTheOffice(t *testing.T) {
	src := smallDB(t)
	owner := pgtest.Database(t)
	mustRun(t, "--db", src, "--user", demoDirector, "migrate", "--from", src, "--to", owner)
	want := mustRun(t, "--db", owner, "report", "office", "--date", demo.TodayISO, "--format", "json").stdout

	role := fmt.Sprintf("app_%d", os.Getpid())
	db, err := sql.Open("pgx", owner)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`DROP ROLE IF EXISTS ` + role,
		`CREATE ROLE ` + role + ` LOGIN`,
		// The README's grants, word for word.
		`GRANT USAGE ON SCHEMA public TO ` + role,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ` + role,
		`REVOKE UPDATE, DELETE ON entries, audit FROM ` + role,
		`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ` + role,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	t.Cleanup(func() {
		db.Exec(`DROP OWNED BY ` + role)
		db.Exec(`DROP ROLE ` + role)
	})
	app := strings.Replace(owner, "postgres://postgres@", "postgres://"+role+"@", 1)
	if app == owner {
		t.Fatalf("cannot name the role in %s", owner)
	}

	if got := mustRun(t, "--db", app, "report", "office", "--date", demo.TodayISO, "--format", "json").stdout; got != want {
		t.Errorf("the app's role reads another office:\n%s", clip(got))
	}
	mustRun(t, "--db", app, "loan", "post", "--contract", "16000/2023/0001", "--date", demo.TodayISO, "--kind", "deposit", "--amount", "10000")
	mustRun(t, "--db", app, "check")
	mustRun(t, "--db", app, "backup", "--to", filepath.Join(t.TempDir(), "b.db"))

	appDB, err := sql.Open("pgx", app)
	if err != nil {
		t.Fatal(err)
	}
	defer appDB.Close()
	_, err = appDB.Exec(`UPDATE entries SET amount = amount + 1 WHERE id = 1`)
	if err == nil || !strings.Contains(err.Error(), "42501") {
		t.Errorf("the app's role changed a ledger entry: %v", err)
	}
}
