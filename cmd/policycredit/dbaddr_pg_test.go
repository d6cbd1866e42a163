package main

import (
	"strings"
	"testing"

	"policycredit/data/demo"
)

// TestPolicycreditDBNamesTheOffice: with no --db, POLICYCREDIT_DB names the office; --db still
// wins over it.
func TestPolicycreditDBNamesTheOffice(t *testing.T) {
	db := smallDB(t)
	want := mustRun(t, "--db", db, "report", "office", "--date", demo.TodayISO, "--format", "json").stdout
	t.Setenv("POLICYCREDIT_DB", db)
	if got := mustRun(t, "report", "office", "--date", demo.TodayISO, "--format", "json").stdout; got != want {
		t.Errorf("POLICYCREDIT_DB=%s: another office's report:\n%s", db, clip(got))
	}
	t.Setenv("POLICYCREDIT_DB", "postgres://nobody@127.0.0.1:1/nowhere?connect_timeout=5")
	if got := mustRun(t, "--db", db, "report", "office", "--date", demo.TodayISO, "--format", "json").stdout; got != want {
		t.Errorf("--db did not win over POLICYCREDIT_DB:\n%s", clip(got))
	}
}

// TestPostgresAddressErrorsAreSentences: a server that does not answer and an address that is
// no address are each told in a sentence naming the server or the rule, exit 1, never pgx's
// own words.
func TestPostgresAddressErrorsAreSentences(t *testing.T) {
	for _, c := range []struct{ db, want string }{
		{"postgres://nobody@127.0.0.1:1/nowhere?connect_timeout=5", "PostgreSQL server 127.0.0.1 cannot be reached"},
		{"postgresql://nobody@localhost:99999999/x", "not a valid PostgreSQL address"},
	} {
		t.Setenv("POLICYCREDIT_DB", c.db)
		r := runRaw("--lang", "en", "check")
		if r.code != exitFailed || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%s: want exit 1 and %q, got %s", c.db, c.want, r)
		}
		for _, raw := range []string{"pgx", "dial", "failed to connect", "SQLSTATE", "connection refused"} {
			if strings.Contains(r.stderr, raw) {
				t.Errorf("%s: the driver's words reach the user: %s", c.db, r)
			}
		}
	}
}
