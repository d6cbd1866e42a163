package ui

import (
	"net/url"
	"strings"

	"policycredit/translations"
)

// databaseLabel says which engine and which database the office is on, as Settings shows it:
// the file's path for SQLite; for PostgreSQL the database and its server only, never the
// address itself, which may carry a password.
func databaseLabel(loc *translations.Localizer, path string) string {
	if !strings.HasPrefix(path, "postgres://") && !strings.HasPrefix(path, "postgresql://") {
		return loc.T("pgmaint.db_sqlite", "Path", path)
	}
	db, server := "?", "localhost"
	if u, err := url.Parse(path); err == nil {
		if len(u.Path) > 1 {
			db = u.Path[1:]
		} else if u.User != nil {
			db = u.User.Username()
		}
		if h := u.Hostname(); h != "" {
			server = h
		} else if h := u.Query().Get("host"); h != "" {
			server = h
		}
	}
	return loc.T("pgmaint.db_postgres", "Database", db, "Server", server)
}
