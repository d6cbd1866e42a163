package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"policycredit/data"
	"policycredit/translations"
)

// cmdUsers dispatches `users list|add|disable|reset-password|set-role|passwd`.
func cmdUsers(g globals, args []string, out io.Writer) error {
	return dispatch(g, "users", "cli.usage_users", map[string]command{
		"list":           cmdUsersList,
		"add":            cmdUsersAdd,
		"disable":        cmdUsersDisable,
		"reset-password": cmdUsersResetPassword,
		"set-role":       cmdUsersSetRole,
		"passwd":         cmdUsersPasswd,
	}, args, out)
}

// userJSON is the machine form of `users list --json`.
type userJSON struct {
	Name        string `json:"name"`
	FullName    string `json:"full_name"`
	Role        string `json:"role"`
	Active      bool   `json:"active"`
	MustChange  bool   `json:"must_change"`
	LockedUntil string `json:"locked_until"` // RFC 3339, "" when not locked
}

func cmdUsersList(g globals, args []string, out io.Writer) error {
	const usage = "cli.usage_users"
	fs := flag.NewFlagSet("users list", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parseInterleaved(g, usage, fs, args, 0); err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		users, err := s.Users(ctx)
		if err != nil {
			return err
		}
		now := time.Now()
		rows := make([]userJSON, len(users))
		for i, u := range users {
			rows[i] = userJSON{Name: u.Name, FullName: u.FullName, Role: string(u.Role), Active: u.Active, MustChange: u.MustChange}
			if now.Before(u.LockedUntil) { // a lock that has run out locks nobody
				rows[i].LockedUntil = u.LockedUntil.UTC().Format(time.RFC3339)
			}
		}
		if *asJSON {
			return writeJSON(out, rows)
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", loc.T("field.user.name"), loc.T("field.user.full_name"), loc.T("field.user.role"),
			loc.T("cli.users_col_state"))
		for _, r := range rows {
			var state []string
			if !r.Active {
				state = append(state, loc.T("cli.user_disabled"))
			}
			if r.MustChange {
				state = append(state, loc.T("cli.user_must_change"))
			}
			if r.LockedUntil != "" {
				t, _ := time.Parse(time.RFC3339, r.LockedUntil)
				state = append(state, loc.T("cli.user_locked", "Until", t.Local().Format("15:04")))
			}
			if len(state) == 0 {
				state = append(state, loc.T("cli.user_active"))
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Name, r.FullName, loc.T("role."+r.Role), strings.Join(state, ", "))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(out, loc.N("cli.users_count", len(rows)))
		return nil
	})
}

// newPassword reads a user's new password: POLICYCREDIT_NEW_PASSWORD, else asked twice.
func newPassword(g globals, loc *translations.Localizer, user string) (string, error) {
	return readSecret(g, loc, envNewPassword, loc.T("cli.prompt_new_password", "User", user), true)
}

func cmdUsersAdd(g globals, args []string, out io.Writer) error {
	const usage = "cli.usage_users"
	fs := flag.NewFlagSet("users add", flag.ContinueOnError)
	name := fs.String("name", "", "log-in name")
	fullName := fs.String("full-name", "", "the user's full name")
	role := fs.String("role", "", "director, accountant, credit_officer, teller or administrator")
	if _, err := parseInterleaved(g, usage, fs, args, 0); err != nil {
		return err
	}
	if err := missing(g, usage, map[string]bool{"name": *name != "", "full-name": *fullName != "", "role": *role != ""}); err != nil {
		return err
	}
	if err := checkRole(g, usage, *role); err != nil {
		return err
	}
	if err := checkNameFlag(g, usage, *name); err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		r, err := data.ParseRole(*role)
		if err != nil {
			return err
		}
		pw, err := newPassword(g, loc, *name)
		if err != nil {
			return err
		}
		if err := s.AddUser(ctx, data.User{Name: *name, FullName: *fullName, Role: r}, pw); err != nil {
			return err
		}
		fmt.Fprintln(out, loc.T("cli.user_added", "User", *name, "Role", loc.T("role."+string(r))))
		return nil
	})
}

// userVerb parses `users VERB --name N` and runs do for that user.
func userVerb(g globals, verb string, args []string, out io.Writer,
	do func(ctx context.Context, s officeStore, loc *translations.Localizer, name string) (string, error)) error {
	const usage = "cli.usage_users"
	fs := flag.NewFlagSet("users "+verb, flag.ContinueOnError)
	name := fs.String("name", "", "log-in name")
	if _, err := parseInterleaved(g, usage, fs, args, 0); err != nil {
		return err
	}
	if err := missing(g, usage, map[string]bool{"name": *name != ""}); err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		done, err := do(ctx, s, loc, *name)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, done)
		return nil
	})
}

func cmdUsersDisable(g globals, args []string, out io.Writer) error {
	return userVerb(g, "disable", args, out, func(ctx context.Context, s officeStore, loc *translations.Localizer, name string) (string, error) {
		return loc.T("cli.user_disabled_done", "User", name), s.DisableUser(ctx, name)
	})
}

func cmdUsersResetPassword(g globals, args []string, out io.Writer) error {
	return userVerb(g, "reset-password", args, out, func(ctx context.Context, s officeStore, loc *translations.Localizer, name string) (string, error) {
		pw, err := newPassword(g, loc, name)
		if err != nil {
			return "", err
		}
		return loc.T("cli.user_password_reset", "User", name), s.ResetPassword(ctx, name, pw)
	})
}

func cmdUsersSetRole(g globals, args []string, out io.Writer) error {
	const usage = "cli.usage_users"
	fs := flag.NewFlagSet("users set-role", flag.ContinueOnError)
	name := fs.String("name", "", "log-in name")
	role := fs.String("role", "", "the new role")
	if _, err := parseInterleaved(g, usage, fs, args, 0); err != nil {
		return err
	}
	if err := missing(g, usage, map[string]bool{"name": *name != "", "role": *role != ""}); err != nil {
		return err
	}
	if err := checkRole(g, usage, *role); err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		r, err := data.ParseRole(*role)
		if err != nil {
			return err
		}
		if err := s.SetUserRole(ctx, *name, r); err != nil {
			return err // a request in an office with users: exit 3
		}
		fmt.Fprintln(out, loc.T("cli.user_role_set", "User", *name, "Role", loc.T("role."+string(r))))
		return nil
	})
}

// cmdUsersPasswd changes the logged-in user's own password: the current one is the log-in's.
func cmdUsersPasswd(g globals, args []string, out io.Writer) error {
	if _, err := parseInterleaved(g, "cli.usage_users", flag.NewFlagSet("users passwd", flag.ContinueOnError), args, 0); err != nil {
		return err
	}
	g.changingPassword = true
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		sess, ok := data.SessionFrom(ctx)
		if !ok {
			return data.Forbidden("user", "log_in_required")
		}
		old, _ := ctx.Value(logInPasswordKey{}).(string)
		pw, err := newPassword(g, loc, sess.User)
		if err != nil {
			return err
		}
		if err := s.ChangePassword(ctx, old, pw); err != nil {
			return err
		}
		fmt.Fprintln(out, loc.T("cli.password_changed", "User", sess.User))
		return nil
	})
}

// cmdApprovals dispatches `approvals list|approve|reject`.
func cmdApprovals(g globals, args []string, out io.Writer) error {
	return dispatch(g, "approvals", "cli.usage_approvals", map[string]command{
		"list":    cmdApprovalsList,
		"approve": cmdApprovalsApprove,
		"reject":  cmdApprovalsReject,
	}, args, out)
}

// requestJSON is the machine form of `approvals list --json`; before and after are the JSON
// the store keeps of the state the request changes.
type requestJSON struct {
	ID         int64           `json:"id"`
	Action     string          `json:"action"`
	Subject    string          `json:"subject"`
	Note       string          `json:"note"`
	Maker      string          `json:"maker"`
	MadeAt     string          `json:"made_at"`
	State      string          `json:"state"`
	Checker    string          `json:"checker"`
	DecidedAt  string          `json:"decided_at"`
	Reason     string          `json:"reason"`
	Before     json.RawMessage `json:"before"`
	After      json.RawMessage `json:"after"`
	MayApprove bool            `json:"may_approve"`
}

// rawJSON keeps a stored JSON text as a JSON value: null when there is none.
func rawJSON(s string) json.RawMessage {
	if strings.TrimSpace(s) == "" || !json.Valid([]byte(s)) {
		return json.RawMessage("null")
	}
	return json.RawMessage(s)
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func cmdApprovalsList(g globals, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("approvals list", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parseInterleaved(g, "cli.usage_approvals", fs, args, 0); err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		reqs, err := s.Requests(ctx, true)
		if err != nil {
			return err
		}
		sess, _ := data.SessionFrom(ctx)
		rows := make([]requestJSON, len(reqs))
		for i, r := range reqs {
			rows[i] = requestJSON{ID: r.ID, Action: string(r.Action), Subject: r.Subject, Note: r.Note, Maker: r.Maker,
				MadeAt: timeText(r.MadeAt), State: string(r.State), Checker: r.Checker, DecidedAt: timeText(r.DecidedAt),
				Reason: r.Reason, Before: rawJSON(r.Before), After: rawJSON(r.After),
				// The store refuses the maker and other roles; the list says so beforehand.
				MayApprove: sess.Role != "" && r.Maker != sess.User && data.MayApprove(sess.Role, r.Action)}
		}
		if *asJSON {
			return writeJSON(out, rows)
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", loc.T("cli.approvals_col_id"), loc.T("cli.approvals_col_action"),
			loc.T("cli.approvals_col_subject"), loc.T("cli.approvals_col_maker"), loc.T("cli.approvals_col_made_at"),
			loc.T("cli.approvals_col_yours"))
		for i, r := range rows {
			mine := ""
			if r.MayApprove {
				mine = loc.T("cli.approvals_may_approve")
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", r.ID, loc.T("action."+r.Action), r.Subject, r.Maker,
				reqs[i].MadeAt.Local().Format("2006-01-02 15:04"), mine)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(out, loc.N("cli.approvals_count", len(rows)))
		return nil
	})
}

// checkRole refuses a --role that is no role before the office is opened: a usage error.
func checkRole(g globals, usage, role string) error {
	if _, err := data.ParseRole(role); err != nil {
		loc := translations.New(g.langOr("vi"))
		return usageError{optionName("role") + ": " + loc.Error(err) + "\n" + loc.T(usage)}
	}
	return nil
}

// checkNameFlag refuses a --name no user can have (empty, spaces, too long), naming --name.
func checkNameFlag(g globals, usage, name string) error {
	if err := data.CheckUserName(name); err != nil {
		loc := translations.New(g.langOr("vi"))
		return usageError{optionName("name") + ": " + loc.Error(err) + "\n" + loc.T(usage)}
	}
	return nil
}

// requestID reads the request number argument.
func requestID(g globals, usage, text string) (int64, error) {
	id, err := strconv.ParseInt(text, 10, 64)
	if err != nil || id <= 0 {
		loc := translations.New(g.langOr("vi"))
		return 0, usageError{loc.T("cli.bad_request_id", "Value", text) + "\n" + loc.T(usage)}
	}
	return id, nil
}

func cmdApprovalsApprove(g globals, args []string, out io.Writer) error {
	const usage = "cli.usage_approvals"
	pos, err := parseInterleaved(g, usage, flag.NewFlagSet("approvals approve", flag.ContinueOnError), args, 1)
	if err != nil {
		return err
	}
	id, err := requestID(g, usage, pos[0])
	if err != nil {
		return err
	}
	var restore struct{ file, sum string }
	var loc *translations.Localizer
	err = withStore(g, func(ctx context.Context, s officeStore, l *translations.Localizer) error {
		loc = l
		r, err := s.Approve(ctx, id)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, requestSentence(loc, "cli.request_approved", "cli.request_approved_plain", r.ID, r.Action, r.Subject, r.Maker))
		if r.Action == data.ActImport {
			fmt.Fprintln(out, loc.T("cli.import_done"))
		}
		if r.Action == data.ActRestore {
			restore.file, restore.sum, err = s.ApprovedRestore(ctx, id)
		}
		return err
	})
	if err != nil || restore.file == "" {
		return err
	}
	// The approved restore replaces the office now, from the very file the request named.
	sum, err := fileSHA256(restore.file)
	if err != nil {
		return err
	}
	if sum != restore.sum {
		return failure{loc.T("cli.restore_file_changed", "File", restore.file, "ID", id)}
	}
	return restoreFile(g, loc, restore.file, out)
}

func cmdApprovalsReject(g globals, args []string, out io.Writer) error {
	const usage = "cli.usage_approvals"
	fs := flag.NewFlagSet("approvals reject", flag.ContinueOnError)
	reason := fs.String("reason", "", "why the request is rejected")
	pos, err := parseInterleaved(g, usage, fs, args, 1)
	if err != nil {
		return err
	}
	if err := missing(g, usage, map[string]bool{"reason": strings.TrimSpace(*reason) != ""}); err != nil {
		return err
	}
	id, err := requestID(g, usage, pos[0])
	if err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		if err := s.Reject(ctx, id, *reason); err != nil {
			return err
		}
		fmt.Fprintln(out, loc.T("cli.request_rejected", "ID", id))
		return nil
	})
}
