package ui

import (
	"policycredit/data"
	"policycredit/translations"
)

// databaseLabel says which engine and which database the office is on, as Settings shows it:
// the file's path for SQLite; for PostgreSQL the database and its server only, never the
// address itself, which may carry a password.
func databaseLabel(loc *translations.Localizer, path string) string {
	if !data.IsPostgresAddress(path) {
		return loc.T("pgmaint.db_sqlite", "Path", path)
	}
	return loc.T("pgmaint.db_postgres", "Database", data.PostgresDatabase(path), "Server", data.PostgresServer(path))
}
