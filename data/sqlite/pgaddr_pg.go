package sqlite

import (
	"database/sql"

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
	return data.Forbidden("database", "unreachable", "Server", data.PostgresServer(addr))
}
