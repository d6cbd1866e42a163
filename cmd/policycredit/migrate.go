package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"policycredit/data"
	"policycredit/data/sqlite"
	"policycredit/translations"
)

// cmdMigrate moves an office between engines: from its SQLite file to a PostgreSQL server when
// it outgrows one PC, or back. The target must be empty; the source is left as it was.
func cmdMigrate(g globals, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	from := fs.String("from", "", "the office to move: a SQLite file or a postgres:// address")
	to := fs.String("to", "", "the empty database to move it to: a SQLite file or a postgres:// address")
	asJSON := fs.Bool("json", false, "print the rows copied per table as JSON")
	if _, err := parseCommand(g, "migrate", fs, args, 0); err != nil {
		return err
	}
	loc := translations.New(g.langOr("vi"))
	if *from == "" || *to == "" || *from == *to {
		return usageError{loc.T("cli.bad_arguments") + "\n" + loc.T("cli.usage_migrate")}
	}
	if !data.IsPostgresAddress(*from) {
		// A missing source would be created empty by opening it.
		if _, err := os.Stat(*from); err != nil {
			return data.NotFound("migrate.source", "Path", *from)
		}
	}
	src := g
	src.db, src.conn = *from, &storeConn{}
	defer src.conn.close()
	return withStore(src, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		// The whole office, every household's data, leaves with it: its director or
		// administrator only (setup mode, no users yet, has no one to ask).
		if role := sessionRole(ctx); role != "" && role != data.RoleDirector && role != data.RoleAdmin {
			return data.Forbidden("permission", "denied", "Role", string(role), "Action", "migrate")
		}
		store, ok := s.(*sqlite.Store)
		if !ok {
			return fmt.Errorf("migrate: store %T", s)
		}
		counts, err := sqlite.MoveOffice(ctx, store, *to)
		if err != nil {
			return err
		}
		if *asJSON {
			enc := json.NewEncoder(out)
			enc.SetIndent("", "  ")
			return enc.Encode(counts)
		}
		var total int64
		for _, c := range counts {
			if c.Rows > 0 {
				fmt.Fprintln(out, loc.T("pgmaint.migrate_table", "Table", c.Table, "Rows", c.Rows))
			}
			total += c.Rows
		}
		fmt.Fprintln(out, loc.T("pgmaint.migrate_done", "Tables", len(counts), "Rows", total, "Target", describeDB(loc, *to)))
		return nil
	})
}

// describeDB names a database as a user reads it, without a password: "PostgreSQL: dbname on
// host" for an address, the file's path otherwise.
func describeDB(loc *translations.Localizer, addr string) string {
	if data.IsPostgresAddress(addr) {
		return loc.T("pgmaint.db_postgres", "Database", data.PostgresDatabase(addr), "Server", data.PostgresServer(addr))
	}
	return addr
}
