package ui

import (
	"testing"

	"policycredit/translations"
)

// TestDatabaseLabelNamesEngineAndDatabase: Settings says which engine holds the office and
// which database, never a password.
func TestDatabaseLabelNamesEngineAndDatabase(t *testing.T) {
	loc := translations.New("en")
	for path, want := range map[string]string{
		"/home/u/office.db": "SQLite file: /home/u/office.db",
		"postgres://app:xxxxx@db.office.local:5432/office?sslmode=require": "PostgreSQL: database office on db.office.local",
		"postgresql://app@/office?host=/run/postgresql":                    "PostgreSQL: database office on /run/postgresql",
		"postgres://app@server":                                            "PostgreSQL: database app on server",
	} {
		if got := databaseLabel(loc, path); got != want {
			t.Errorf("%s: got %q, want %q", path, got, want)
		}
	}
}
