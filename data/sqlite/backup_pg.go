package sqlite

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"policycredit/data"
)

// An office on PostgreSQL is backed up by PostgreSQL's own tools: pg_dump in its custom format
// into the same backup file (same name, same ".verified" note), verified by pg_restore --list,
// and restored with pg_restore into an empty database only (a dump's tables cannot land on an
// office's). Each tool runs bounded by a deadline, never forever.

// pgToolTimeout bounds one run of pg_dump or pg_restore: hours would mean a hung server.
const pgToolTimeout = 2 * time.Hour

// pgDumpMagic begins every custom-format dump.
const pgDumpMagic = "PGDMP"

// backupPG dumps the office to dest through a temporary file, lists the dump with pg_restore,
// and only then puts it and its note in place; a dump that does not list is removed.
func (s *Store) backupPG(ctx context.Context, dest string) error {
	dir := filepath.Dir(dest)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("postgres: backup: %w", err)
	}
	tmp := dest + ".unverified"
	os.Remove(tmp)
	defer os.Remove(tmp) // gone after the rename; left only when the dump was refused
	// The ledger's head first: the dump holds at least that entry (it is taken later).
	head, err := s.LedgerHead(ctx)
	if err != nil {
		return err
	}
	// As a file's backup is checked before it is kept, the office is checked before it is
	// dumped: a damaged office (a chain broken behind the store's back) makes no backup that
	// would one day replace a good one. What is written meanwhile passed the store's rules.
	problems, err := s.Check(ctx)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return data.Invalid("backup", "source_damaged", "Problems", len(problems))
	}
	if err := runPGTool(ctx, s.dsn, "pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", tmp); err != nil {
		return err
	}
	if err := listDump(ctx, tmp); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return fmt.Errorf("postgres: backup: %w", err)
	}
	fi, err := os.Stat(tmp)
	if err != nil {
		return fmt.Errorf("postgres: backup: %w", err)
	}
	b, err := json.Marshal(verifiedNote{VerifiedAt: time.Now().UTC(), Size: fi.Size(), LedgerHead: head})
	if err != nil {
		return err
	}
	if err := writeFileSynced(dest+verifiedSuffix, b); err != nil {
		return fmt.Errorf("postgres: backup: %w", err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		os.Remove(dest + verifiedSuffix)
		return fmt.Errorf("postgres: backup: %w", err)
	}
	return syncDir(dir)
}

// listDump is the verification of a dump: pg_restore reads its whole table of contents, which
// must hold the office's tables.
func listDump(ctx context.Context, file string) error {
	var out bytes.Buffer
	if err := runPGToolOut(ctx, "", &out, "pg_restore", "--list", file); err != nil {
		if !data.HasCode(err, data.CodeInvalid) {
			return err // the tool is missing or overran: not the dump's fault
		}
		return data.Invalid("backup", "not_listed")
	}
	if !strings.Contains(out.String(), " schema_migrations ") || !strings.Contains(out.String(), " entries ") {
		return data.Invalid("backup", "not_listed")
	}
	return nil
}

// restorePG restores the dump at from into the empty PostgreSQL database at addr.
func restorePG(ctx context.Context, addr, from string) error {
	f, err := os.Open(from)
	if err != nil {
		return data.NotFound("backup.file", "Path", from)
	}
	head := make([]byte, len(pgDumpMagic))
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || string(head) != pgDumpMagic {
		return data.Invalid("backup.file", "not_a_backup")
	}
	if err := targetEmpty(ctx, addr); err != nil {
		if data.HasCode(err, data.CodeConflict) {
			return data.Conflict("database", "restore_target_not_empty")
		}
		return err
	}
	if err := listDump(ctx, from); err != nil {
		return data.Invalid("backup.file", "not_a_backup")
	}
	// One transaction: a dump that fails half-way leaves the database empty, not half an office.
	return runPGTool(ctx, addr, "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
		from)
}

func runPGTool(ctx context.Context, addr, tool string, args ...string) error {
	return runPGToolOut(ctx, addr, io.Discard, tool, args...)
}

// runPGToolOut runs one of PostgreSQL's client programs on the database at addr ("" for
// none), its output to out. The password goes in the environment, never on the command line
// (where every user of the machine could read it). A tool that is not installed, that fails or
// that overruns its deadline is a typed error; its own words stay out of the user's message.
func runPGToolOut(ctx context.Context, addr string, out io.Writer, tool string, args ...string) error {
	path, err := exec.LookPath(tool)
	if err != nil {
		return data.Forbidden("backup", "pg_tool_missing", "Tool", tool)
	}
	ctx, cancel := context.WithTimeout(ctx, pgToolTimeout)
	defer cancel()
	env := os.Environ()
	if addr != "" {
		u, err := url.Parse(addr)
		if err != nil {
			return data.Invalid("database", "address")
		}
		if u.User != nil {
			if pw, ok := u.User.Password(); ok {
				env = append(env, "PGPASSWORD="+pw)
				u.User = url.User(u.User.Username())
			}
		}
		args = append(args, "--dbname="+u.String())
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = env
	cmd.Stdout = out
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Run(); err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return data.Conflict("backup", "pg_tool_timed_out", "Tool", tool)
		} else if ctx.Err() != nil {
			return ctx.Err()
		}
		// The tool's own words (which may name the server, a role, a table) are not shown.
		return data.Invalid("backup", "pg_tool_failed", "Tool", tool)
	}
	return nil
}
