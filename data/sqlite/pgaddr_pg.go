package sqlite

import (
	"database/sql"
	"net/url"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"policycredit/data"
)

// openPlainPG is a connection pool on the database at addr without the store's rewriting
// connection, for the maintenance that speaks PostgreSQL's own SQL (is the target empty).
func openPlainPG(addr string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(addr)
	if err != nil {
		return nil, data.Invalid("database", "address")
	}
	return stdlib.OpenDB(*cfg), nil
}

// pgOpenErr is the typed error for a database that could not be reached or opened: a refusal
// the server gave keeps its meaning (mapErr), anything else (no server at that address, a
// network down, a timeout) names the server, never pgx's own text.
func pgOpenErr(err error, addr string) error {
	if _, ok := isPgErr(err); ok {
		return mapErr(err)
	}
	return data.Forbidden("database", "unreachable", "Server", PostgresServer(addr))
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

// PostgresDatabase is the database's name in a PostgreSQL address.
func PostgresDatabase(addr string) string {
	u, err := url.Parse(addr)
	if err != nil {
		return "?"
	}
	if len(u.Path) > 1 {
		return u.Path[1:]
	}
	return u.User.Username() // PostgreSQL's default: the user's own database
}
