package data

import (
	"net/url"
	"strings"
)

// IsPostgresAddress reports whether an office's address names a PostgreSQL database rather than
// a SQLite file.
func IsPostgresAddress(addr string) bool {
	return strings.HasPrefix(addr, "postgres://") || strings.HasPrefix(addr, "postgresql://")
}

// PostgresServer names the server of a PostgreSQL address as a user reads it: its host (or
// the socket folder of ?host=), "localhost" when the address names none.
func PostgresServer(addr string) string {
	u, err := url.Parse(addr)
	if err != nil {
		return "?"
	}
	if h := u.Hostname(); h != "" {
		return h
	}
	if h := u.Query().Get("host"); h != "" {
		return h
	}
	return "localhost"
}

// PostgresDatabase is the database's name in a PostgreSQL address: PostgreSQL's default, the
// user's own name, when the address names none.
func PostgresDatabase(addr string) string {
	u, err := url.Parse(addr)
	if err != nil {
		return "?"
	}
	if len(u.Path) > 1 {
		return u.Path[1:]
	}
	if name := u.User.Username(); name != "" {
		return name
	}
	return "?"
}
