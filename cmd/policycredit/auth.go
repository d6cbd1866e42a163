package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/term"

	"policycredit/data"
	"policycredit/translations"
)

// Environment variables the command line reads secrets from, for scripts; without them it asks
// on the terminal.
const (
	envUser        = "POLICYCREDIT_USER"
	envPassword    = "POLICYCREDIT_PASSWORD"
	envNewPassword = "POLICYCREDIT_NEW_PASSWORD"
	envPassphrase  = "POLICYCREDIT_BACKUP_PASSPHRASE"
)

// stdin is where passwords are read from when no variable gives them; tests replace it with a
// file that is not a terminal.
var stdin = os.Stdin

// logIn logs ctx in as --user when the office has users; an office with none (setup) works as
// before, its changes recorded under the name already on ctx. A wrong or missing password is
// refused before anything is read or written.
func logIn(ctx context.Context, g globals, s officeStore, loc *translations.Localizer) (context.Context, error) {
	has, err := s.HasUsers(ctx)
	if err != nil || !has {
		return ctx, err
	}
	if g.user == "" {
		return ctx, failure{loc.T("cli.user_required", "Env", envUser)}
	}
	pw, err := readSecret(g, loc, envPassword, loc.T("cli.prompt_password", "User", g.user), false)
	if err != nil {
		return ctx, err
	}
	sess, err := s.LogIn(ctx, g.user, pw)
	if err != nil {
		return ctx, err
	}
	// A password the administrator reset is known to two people: nothing else until it is changed.
	if sess.MustChange && !g.changingPassword {
		return ctx, failure{loc.T("cli.must_change_password", "User", sess.User)}
	}
	ctx = context.WithValue(ctx, logInPasswordKey{}, pw) // users passwd proves the current one with it
	return data.WithSession(data.WithUser(ctx, sess.User), sess), nil
}

// logInPasswordKey keeps the password of this run's log-in on its context, so that changing
// one's own password does not ask for the current one a second time.
type logInPasswordKey struct{}

// readSecret returns the variable env when it is set, else asks on the terminal without echo
// (twice when twice is set, for a new secret); with no terminal it says which variable to set.
func readSecret(g globals, loc *translations.Localizer, env, prompt string, twice bool) (string, error) {
	if v := os.Getenv(env); v != "" {
		return v, nil
	}
	fd := int(stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", failure{loc.T("cli.no_terminal", "Env", env)}
	}
	ask := func(prompt string) (string, error) {
		fmt.Fprint(g.stderr, prompt+" ")
		b, err := term.ReadPassword(fd)
		fmt.Fprintln(g.stderr)
		return string(b), err
	}
	first, err := ask(prompt)
	if err != nil || !twice {
		return first, err
	}
	again, err := ask(loc.T("cli.prompt_again"))
	if err != nil {
		return "", err
	}
	if again != first {
		return "", failure{loc.T("cli.secrets_differ")}
	}
	return first, nil
}

// sessionRole is the role of the user logged in on ctx, "" in setup mode.
func sessionRole(ctx context.Context) data.Role {
	if sess, ok := data.SessionFrom(ctx); ok {
		return sess.Role
	}
	return ""
}

// writeOutput writes a file that may hold households' names, ID numbers or phones: readable
// by the OS user only (Law on Personal Data Protection), then audited as an export by ctx's
// user under what.
func writeOutput(ctx context.Context, s officeStore, what, name string, write func(io.Writer) error) error {
	// The audit refuses a role that may not take personal data away: refuse before the file
	// exists rather than leave one nobody audited.
	if role := sessionRole(ctx); role != "" && !data.MayDo(role, data.ActPersonal) {
		return data.Forbidden("permission", "denied", "Role", string(role), "Action", string(data.ActPersonal))
	}
	if err := writeFileAtomic(s.Path(), name, write); err != nil {
		return err
	}
	return recordExport(ctx, s, what, name)
}

// recordExport audits the export of a written file under its absolute name.
func recordExport(ctx context.Context, s officeStore, what, name string) error {
	if abs, err := filepath.Abs(name); err == nil {
		name = abs
	}
	return s.RecordExport(ctx, what, name)
}

// fileSHA256 is the hex SHA-256 of a file's bytes, which a restore request names so that the
// file approved is the file restored.
func fileSHA256(name string) (string, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return "", data.NotFound("backup.file", "Path", name)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}
