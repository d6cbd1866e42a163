package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"policycredit/data"
)

// People and permissions (0014_people.sql). Every write names its action; the store finds the
// user of the session on the context, checks the role against data.Permissions and, for an
// action a second user must approve, keeps a request instead of making the change. An office
// with no user yet (a new file, or one made by an earlier version) is in setup: writes are
// recorded under the name on the context until the first user, the director, exists; from
// then on nothing is written without a log-in.

// actor is who makes a transaction's changes.
type actor struct {
	name  string
	role  data.Role
	setup bool // no user exists yet: everything is allowed
}

// may refuses an action the actor's role does not allow.
func (a actor) may(act data.Action) error {
	if a.setup || data.MayDo(a.role, act) {
		return nil
	}
	return data.Forbidden("permission", "denied", "Role", string(a.role), "Action", string(act))
}

// hasUsers says whether the office has left setup.
func hasUsers(ctx context.Context, tx *sql.Tx) (bool, error) {
	return exists(ctx, tx, `SELECT 1 FROM users`)
}

// actorOf checks the session on ctx against the sessions this store issued and the user's row.
func (s *Store) actorOf(ctx context.Context, tx *sql.Tx) (actor, error) {
	any, err := hasUsers(ctx, tx)
	if err != nil {
		return actor{}, err
	}
	if !any {
		return actor{name: data.UserFrom(ctx), setup: true}, nil
	}
	sess, ok := data.SessionFrom(ctx)
	if !ok {
		return actor{}, data.Forbidden("user", "log_in_required")
	}
	if name, ok := s.sessions.Load(sess.Token); !ok || name.(string) != sess.User {
		return actor{}, data.Forbidden("user", "log_in_required")
	}
	var role string
	var active bool
	err = tx.QueryRowContext(ctx, `SELECT role, active FROM users WHERE name = ?`, sess.User).Scan(&role, &active)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !active) {
		return actor{}, data.Forbidden("user", "disabled", "User", sess.User)
	}
	if err != nil {
		return actor{}, err
	}
	return actor{name: sess.User, role: data.Role(role)}, nil
}

// readAs is read for data only some roles may see: the session's user must be allowed act.
func (s *Store) readAs(ctx context.Context, act data.Action, fn func(*sql.Tx, actor) error) error {
	return s.read(ctx, func(tx *sql.Tx) error {
		a, err := s.actorOf(ctx, tx)
		if err != nil {
			return err
		}
		if err := a.may(act); err != nil {
			return err
		}
		return fn(tx, a)
	})
}

// readPersonal is read for households' names, ID numbers and phones.
func (s *Store) readPersonal(ctx context.Context, fn func(*sql.Tx) error) error {
	return s.readAs(ctx, data.ActPersonal, func(tx *sql.Tx, _ actor) error { return fn(tx) })
}

// fullIDs says whether ctx's user sees ID numbers unmasked in lists.
func (a actor) fullIDs() bool { return a.setup || data.MayDo(a.role, data.ActFullIDs) }

// --- log-in -------------------------------------------------------------------------------

// LogIn checks a user's password and returns a session for this store. Five wrong passwords
// in a row lock the user for five minutes (audited); a disabled user cannot log in.
func (s *Store) LogIn(ctx context.Context, name, password string) (data.Session, error) {
	var u data.User
	var hash string
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		u, hash, err = loadUser(ctx, tx, name)
		return err
	})
	if errors.Is(err, errNoUser) {
		// Hash anyway, so that a wrong name takes as long as a wrong password.
		data.PasswordMatches(dummyHash, password)
		return data.Session{}, data.Forbidden("log_in", "wrong_password")
	}
	if err != nil {
		return data.Session{}, err
	}
	now := s.now()
	if now.Before(u.LockedUntil) {
		return data.Session{}, data.Forbidden("log_in", "locked", "Until", u.LockedUntil.Local().Format("15:04"))
	}
	ok := data.PasswordMatches(hash, password)
	err = s.system(ctx, func(tx *sql.Tx, st stamp) error {
		st.user = name
		if ok {
			_, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = '' WHERE name = ?`, name)
			return err
		}
		var failed int
		if err := tx.QueryRowContext(ctx, `UPDATE users SET failed_logins = failed_logins + 1 WHERE name = ? RETURNING failed_logins`, name).Scan(&failed); err != nil {
			return err
		}
		if failed < data.LockoutFailures {
			return nil
		}
		until := now.Add(data.LockoutDuration).UTC().Format(time.RFC3339)
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = ? WHERE name = ?`, until, name); err != nil {
			return err
		}
		return audit(ctx, tx, st, "user", name, "locked", nil, map[string]any{"failed_logins": failed, "locked_until": until})
	})
	if err != nil {
		return data.Session{}, err
	}
	if !ok {
		return data.Session{}, data.Forbidden("log_in", "wrong_password")
	}
	if !u.Active {
		return data.Session{}, data.Forbidden("log_in", "disabled", "User", name)
	}
	token := make([]byte, 32)
	if _, err := rand.Read(token); err != nil {
		return data.Session{}, err
	}
	sess := data.Session{User: u.Name, FullName: u.FullName, Role: u.Role, MustChange: u.MustChange, Token: hex.EncodeToString(token)}
	s.sessions.Store(sess.Token, sess.User)
	return sess, nil
}

// LogOut ends a session: the store no longer accepts it.
func (s *Store) LogOut(sess data.Session) { s.sessions.Delete(sess.Token) }

// dummyHash is checked against when the user does not exist.
var dummyHash, _ = data.HashPassword("no such user, no such password")

var errNoUser = errors.New("no such user")

// userColumns are what scanUser reads, in its order.
const userColumns = `name, full_name, role, password_hash, active, must_change, locked_until, created_at, created_by`

// scanUser reads a user and its password hash from a row of userColumns.
func scanUser(row interface{ Scan(...any) error }) (data.User, string, error) {
	var u data.User
	var hash, locked, created string
	if err := row.Scan(&u.Name, &u.FullName, &u.Role, &hash, &u.Active, &u.MustChange, &locked, &created, &u.CreatedBy); err != nil {
		return u, "", err
	}
	u.LockedUntil, _ = time.Parse(time.RFC3339, locked)
	u.CreatedAt, _ = time.Parse(time.RFC3339, created)
	return u, hash, nil
}

func loadUser(ctx context.Context, tx *sql.Tx, name string) (data.User, string, error) {
	u, hash, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return u, "", errNoUser
	}
	return u, hash, err
}

// HasUsers says whether the office has users (it has left setup).
func (s *Store) HasUsers(ctx context.Context) (bool, error) {
	var any bool
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		any, err = hasUsers(ctx, tx)
		return err
	})
	return any, err
}

// userAudit is what the audit keeps of a user: never the password, but a digest of its hash,
// so that check finds a hash replaced with another tool.
type userAudit struct {
	Name       string    `json:"name"`
	FullName   string    `json:"full_name"`
	Role       data.Role `json:"role"`
	Active     bool      `json:"active"`
	MustChange bool      `json:"must_change"`
	Password   string    `json:"password_digest"`
}

func auditOfUser(ctx context.Context, tx *sql.Tx, name string) (userAudit, error) {
	u, hash, err := loadUser(ctx, tx, name)
	if errors.Is(err, errNoUser) {
		return userAudit{}, data.NotFound("user", "User", name)
	}
	if err != nil {
		return userAudit{}, err
	}
	sum := sha256.Sum256([]byte(hash))
	return userAudit{Name: u.Name, FullName: u.FullName, Role: u.Role, Active: u.Active, MustChange: u.MustChange,
		Password: hex.EncodeToString(sum[:8])}, nil
}

// auditUserChange writes the user's state after a change, with the state before.
func auditUserChange(ctx context.Context, tx *sql.Tx, st stamp, name, action string, before any) error {
	after, err := auditOfUser(ctx, tx, name)
	if err != nil {
		return err
	}
	return audit(ctx, tx, st, "user", name, action, before, after)
}

// Users lists the office's users by name.
func (s *Store) Users(ctx context.Context) ([]data.User, error) {
	var out []data.User
	err := s.read(ctx, func(tx *sql.Tx) error {
		a, err := s.actorOf(ctx, tx)
		if err != nil {
			return err
		}
		if !a.setup && !data.MayDo(a.role, data.ActUsers) && !data.MayDo(a.role, data.ActUserRole) {
			return a.may(data.ActUsers)
		}
		out, err = queryRows(ctx, tx, func(rows *sql.Rows) (data.User, error) {
			u, _, err := scanUser(rows)
			return u, err
		}, `SELECT `+userColumns+` FROM users ORDER BY name`)
		return err
	})
	return out, err
}

// AddUser adds a user with a first password. On an office with no user it creates the
// director, whoever asks: that is how a new office leaves setup.
func (s *Store) AddUser(ctx context.Context, u data.User, password string) error {
	var errs data.Errors
	if u.FullName == "" {
		errs.Add(data.Invalid("user.full_name", "required"))
	}
	_, roleErr := data.ParseRole(string(u.Role))
	for _, err := range []error{data.CheckUserName(u.Name), roleErr, data.CheckPasswordRule(password)} {
		errs = append(errs, data.DomainErrors(err)...)
	}
	if err := errs.Err(); err != nil {
		return err
	}
	hash, err := data.HashPassword(password)
	if err != nil {
		return err
	}
	return s.write(ctx, data.ActUsers, func(tx *sql.Tx, st stamp) error {
		if st.actor.setup && u.Role != data.RoleDirector {
			return data.Invalid("user.role", "first_is_director")
		}
		if ok, err := exists(ctx, tx, `SELECT 1 FROM users WHERE name = ?`, u.Name); err != nil {
			return err
		} else if ok {
			return data.Conflict("user.name", "user_taken", "User", u.Name)
		}
		// A password someone else chose is changed at the first log-in; the director's own, at
		// the office's first start, is not.
		return insertUser(ctx, tx, st, u, hash, !st.actor.setup)
	})
}

// AddUsersOnLoad adds users with the office they come with (the demo's); only ImportDataset
// calls it, in its transaction.
func addUsers(ctx context.Context, tx *sql.Tx, st stamp, users []data.DatasetUser) error {
	for _, u := range users {
		hash, err := data.HashPassword(u.Password)
		if err != nil {
			return err
		}
		u := data.User{Name: u.Name, FullName: u.FullName, Role: u.Role}
		if err := insertUser(ctx, tx, st, u, hash, false); err != nil {
			return err
		}
	}
	return nil
}

// insertUser adds an active user with a password hash, audited.
func insertUser(ctx context.Context, tx *sql.Tx, st stamp, u data.User, hash string, mustChange bool) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO users (name, full_name, role, password_hash, active, must_change, created_at, created_by)
		VALUES (?, ?, ?, ?, 1, ?, ?, ?)`, u.Name, u.FullName, u.Role, hash, mustChange, st.at, st.user); err != nil {
		return err
	}
	return auditUserChange(ctx, tx, st, u.Name, "create", nil)
}

// DisableUser stops a user from logging in; the user's name stays on what they did.
func (s *Store) DisableUser(ctx context.Context, name string) error {
	return s.write(ctx, data.ActUsers, func(tx *sql.Tx, st stamp) error {
		before, err := auditOfUser(ctx, tx, name)
		if err != nil {
			return err
		}
		if name == st.user {
			return data.Forbidden("user", "not_yourself")
		}
		if !before.Active {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET active = 0 WHERE name = ?`, name); err != nil {
			return err
		}
		s.endSessionsOf(name)
		return auditUserChange(ctx, tx, st, name, "disable", before)
	})
}

// endSessionsOf logs a user out everywhere in this process.
func (s *Store) endSessionsOf(name string) {
	s.sessions.Range(func(k, v any) bool {
		if v.(string) == name {
			s.sessions.Delete(k)
		}
		return true
	})
}

// ResetPassword gives a user a new password, to be changed at the next log-in, and unlocks it.
func (s *Store) ResetPassword(ctx context.Context, name, password string) error {
	if err := data.CheckPasswordRule(password); err != nil {
		return err
	}
	hash, err := data.HashPassword(password)
	if err != nil {
		return err
	}
	return s.write(ctx, data.ActUsers, func(tx *sql.Tx, st stamp) error {
		before, err := auditOfUser(ctx, tx, name)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, must_change = 1, failed_logins = 0, locked_until = '' WHERE name = ?`, hash, name); err != nil {
			return err
		}
		return auditUserChange(ctx, tx, st, name, "reset_password", before)
	})
}

// ChangePassword changes the session's own password, checking the old one.
func (s *Store) ChangePassword(ctx context.Context, old, password string) error {
	sess, ok := data.SessionFrom(ctx)
	if !ok {
		return data.Forbidden("user", "log_in_required")
	}
	var hash string
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		_, hash, err = loadUser(ctx, tx, sess.User)
		return err
	})
	if err != nil {
		return err
	}
	if !data.PasswordMatches(hash, old) {
		return data.Invalid("user.old_password", "wrong_password")
	}
	if err := data.CheckPasswordRule(password); err != nil {
		return err
	}
	if old == password {
		return data.Invalid("user.password", "same_as_old")
	}
	newHash, err := data.HashPassword(password)
	if err != nil {
		return err
	}
	return s.write(ctx, data.ActCache, func(tx *sql.Tx, st stamp) error {
		before, err := auditOfUser(ctx, tx, sess.User)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, must_change = 0 WHERE name = ?`, newHash, sess.User); err != nil {
			return err
		}
		return auditUserChange(ctx, tx, st, sess.User, "change_password", before)
	})
}

type roleArgs struct {
	User string    `json:"user"`
	Role data.Role `json:"role"`
}

// SetUserRole changes a user's role: a request a second director or administrator approves.
func (s *Store) SetUserRole(ctx context.Context, name string, role data.Role) error {
	if _, err := data.ParseRole(string(role)); err != nil {
		return err
	}
	c, fn := s.setRoleChange(roleArgs{name, role})
	return s.change(ctx, c, fn)
}

func (s *Store) setRoleChange(a roleArgs) (change, txFunc) {
	describe := func(ctx context.Context, tx *sql.Tx) (any, error) {
		var role string
		err := tx.QueryRowContext(ctx, `SELECT role FROM users WHERE name = ?`, a.User).Scan(&role)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, data.NotFound("user", "User", a.User)
		}
		return map[string]string{"user": a.User, "role": role}, err
	}
	return change{action: data.ActUserRole, method: "SetUserRole", args: a, subject: a.User, describe: describe},
		func(ctx context.Context, tx *sql.Tx, st stamp) error {
			before, err := auditOfUser(ctx, tx, a.User)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE users SET role = ? WHERE name = ?`, a.Role, a.User); err != nil {
				return err
			}
			return auditUserChange(ctx, tx, st, a.User, "set_role", before)
		}
}

// --- maker-checker ------------------------------------------------------------------------

// txFunc is a change's work inside its transaction.
type txFunc func(ctx context.Context, tx *sql.Tx, st stamp) error

// change is a write as the permission check and the approvals see it. method and args let an
// approval replay it; describe reads the state it changes, before and after, for the approver.
type change struct {
	action   data.Action
	also     []data.Action // further actions the change is, each checked (a batch's lines)
	method   string
	args     any
	subject  string
	note     string
	describe func(ctx context.Context, tx *sql.Tx) (any, error)
	// rerun: fn may run again if PostgreSQL refuses its transaction for another's sake
	// (Store.writeRerun); it must set nothing outside the transaction but afresh each time.
	rerun bool
}

// replays rebuild a request's change from its stored arguments.
var replays = map[string]func(s *Store, args []byte) (change, txFunc, error){}

func registerReplay[A any](method string, build func(s *Store, a A) (change, txFunc)) {
	replays[method] = func(s *Store, raw []byte) (change, txFunc, error) {
		var a A
		if err := json.Unmarshal(raw, &a); err != nil {
			return change{}, nil, fmt.Errorf("request arguments: %w", err)
		}
		c, fn := build(s, a)
		return c, fn, nil
	}
}

func init() {
	registerReplay("SetUserRole", (*Store).setRoleChange)
	registerReplay("Restore", func(s *Store, a restoreArgs) (change, txFunc) { return s.restoreChange(a) })
}

// change runs a write: the actor's role must allow c.action; when the action needs a second
// user's approval, the change is checked (made inside a savepoint and undone) and kept as a
// request, and a *data.RequestMade is returned.
func (s *Store) change(ctx context.Context, c change, fn txFunc) error {
	var made *data.RequestMade
	err := s.writeAsRerun(ctx, c.rerun, func(tx *sql.Tx, st stamp) error {
		made = nil
		for _, act := range append([]data.Action{c.action}, c.also...) {
			if err := st.actor.may(act); err != nil {
				return err
			}
		}
		if st.actor.setup || !data.NeedsApproval(c.action) {
			return fn(ctx, tx, st)
		}
		if c.method == "" {
			return fmt.Errorf("sqlite: action %s needs approval but %T cannot be replayed", c.action, fn)
		}
		id, err := s.request(ctx, tx, st, c, fn)
		made = &data.RequestMade{ID: id, Action: c.action}
		return err
	})
	if err == nil && made != nil {
		return made
	}
	return err
}

// request checks a change by making it inside a savepoint, reads what it changes, undoes it
// and keeps it as a request.
func (s *Store) request(ctx context.Context, tx *sql.Tx, st stamp, c change, fn txFunc) (int64, error) {
	var before, after any
	var err error
	if c.describe != nil {
		if before, err = c.describe(ctx, tx); err != nil {
			return 0, err
		}
	}
	if _, err := tx.ExecContext(ctx, `SAVEPOINT request_preview`); err != nil {
		return 0, err
	}
	if err := fn(ctx, tx, st); err != nil {
		return 0, err // the caller rolls the whole transaction back
	}
	if c.describe != nil {
		if after, err = c.describe(ctx, tx); err != nil {
			return 0, err
		}
	}
	if _, err := tx.ExecContext(ctx, `ROLLBACK TO request_preview`); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `RELEASE request_preview`); err != nil {
		return 0, err
	}
	args, err := json.Marshal(c.args)
	if err != nil {
		return 0, err
	}
	b, err := auditJSON(before)
	if err != nil {
		return 0, err
	}
	a, err := auditJSON(after)
	if err != nil {
		return 0, err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO requests (action, method, args_json, subject, note, before_json, after_json, maker, made_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.action, c.method, string(args), c.subject, c.note, b, a, st.user, st.at).Scan(&id); err != nil {
		return 0, err
	}
	return id, audit(ctx, tx, st, "request", idString(id), "create", nil,
		map[string]any{"action": c.action, "subject": c.subject, "args": json.RawMessage(args)})
}

// Requests lists the requests, newest first; pendingOnly keeps those still waiting.
func (s *Store) Requests(ctx context.Context, pendingOnly bool) ([]data.Request, error) {
	var out []data.Request
	err := s.read(ctx, func(tx *sql.Tx) error {
		if _, err := s.actorOf(ctx, tx); err != nil {
			return err
		}
		q := `SELECT ` + requestColumns + ` FROM requests`
		if pendingOnly {
			q += ` WHERE state = 'pending'`
		}
		var err error
		out, err = queryRows(ctx, tx, func(rows *sql.Rows) (data.Request, error) {
			r, _, _, err := scanRequest(rows)
			return r, err
		}, q+` ORDER BY id DESC`)
		return err
	})
	return out, err
}

// Request reads one request.
func (s *Store) Request(ctx context.Context, id int64) (data.Request, error) {
	var r data.Request
	err := s.read(ctx, func(tx *sql.Tx) error {
		if _, err := s.actorOf(ctx, tx); err != nil {
			return err
		}
		var err error
		r, _, _, err = loadRequest(ctx, tx, id)
		return err
	})
	return r, err
}

// requestColumns are what scanRequest reads, in its order.
const requestColumns = `id, action, method, args_json, subject, note, before_json, after_json, maker, made_at,
	state, checker, decided_at, reason`

// scanRequest reads a request, with the method and arguments that replay it, from a row of
// requestColumns.
func scanRequest(row interface{ Scan(...any) error }) (data.Request, string, string, error) {
	var r data.Request
	var method, args, made, decided string
	err := row.Scan(&r.ID, &r.Action, &method, &args, &r.Subject, &r.Note, &r.Before, &r.After, &r.Maker, &made,
		&r.State, &r.Checker, &decided, &r.Reason)
	r.MadeAt, _ = time.Parse(time.RFC3339, made)
	r.DecidedAt, _ = time.Parse(time.RFC3339, decided)
	return r, method, args, err
}

func loadRequest(ctx context.Context, tx *sql.Tx, id int64) (data.Request, string, string, error) {
	r, method, args, err := scanRequest(tx.QueryRowContext(ctx, `SELECT `+requestColumns+` FROM requests WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, "", "", data.NotFound("request", "ID", id)
	}
	return r, method, args, err
}

// decidable loads a pending request the actor may decide: another user's, of an action the
// actor's role approves.
func decidable(ctx context.Context, tx *sql.Tx, st stamp, id int64) (data.Request, string, string, error) {
	r, method, args, err := loadRequest(ctx, tx, id)
	if err != nil {
		return r, "", "", err
	}
	if r.State != data.RequestPending {
		return r, "", "", data.Conflict("request", "decided", "ID", id, "State", string(r.State))
	}
	if st.actor.setup {
		return r, "", "", data.Forbidden("user", "log_in_required")
	}
	if r.Maker == st.user {
		return r, "", "", data.Forbidden("request", "own_request", "ID", id)
	}
	if !data.MayApprove(st.actor.role, r.Action) {
		return r, "", "", data.Forbidden("permission", "denied", "Role", string(st.actor.role), "Action", "approve_"+string(r.Action))
	}
	return r, method, args, nil
}

// Approve makes a request's change, as its maker asked, in one transaction with the approval;
// the change is checked again on the data as it is now. It returns the request as decided.
func (s *Store) Approve(ctx context.Context, id int64) (data.Request, error) {
	var out data.Request
	err := s.writeAs(ctx, func(tx *sql.Tx, st stamp) error {
		r, method, args, err := decidable(ctx, tx, st, id)
		if err != nil {
			return err
		}
		build, ok := replays[method]
		if !ok {
			return fmt.Errorf("sqlite: request %d: no way to make %q", id, method)
		}
		_, fn, err := build(s, []byte(args))
		if err != nil {
			return err
		}
		// The change is recorded as its maker's; the approval names the checker.
		made := st
		made.user = r.Maker
		if err := fn(ctx, tx, made); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE requests SET state = 'approved', checker = ?, decided_at = ? WHERE id = ?`, st.user, st.at, id); err != nil {
			return err
		}
		if err := audit(ctx, tx, st, "request", idString(id), "approve", nil, map[string]any{"action": r.Action, "maker": r.Maker}); err != nil {
			return err
		}
		out, _, _, err = loadRequest(ctx, tx, id)
		return err
	})
	return out, err
}

// Reject closes a request without its change, for a reason that is audited.
func (s *Store) Reject(ctx context.Context, id int64, reason string) error {
	if reason == "" {
		return data.Invalid("request.reason", "required")
	}
	return s.writeAs(ctx, func(tx *sql.Tx, st stamp) error {
		r, _, _, err := decidable(ctx, tx, st, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE requests SET state = 'rejected', checker = ?, decided_at = ?, reason = ? WHERE id = ?`,
			st.user, st.at, reason, id); err != nil {
			return err
		}
		return audit(ctx, tx, st, "request", idString(id), "reject", nil, map[string]any{"action": r.Action, "maker": r.Maker, "reason": reason})
	})
}

// --- restore ------------------------------------------------------------------------------

// restoreArgs name the backup a restore request would put in place of the office.
type restoreArgs struct {
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
}

func (s *Store) restoreChange(a restoreArgs) (change, txFunc) {
	return change{action: data.ActRestore, method: "Restore", args: a, subject: a.File},
		func(ctx context.Context, tx *sql.Tx, st stamp) error { return nil } // the file is replaced once approved
}

// RequestRestore asks for the office to be replaced by a backup file whose SHA-256 is sum: a
// request a director approves. RestoreApproved then tells the command line it may proceed.
func (s *Store) RequestRestore(ctx context.Context, file, sum string) error {
	c, fn := s.restoreChange(restoreArgs{file, sum})
	return s.change(ctx, c, fn)
}

// ApprovedRestore returns the file and digest of an approved restore request.
func (s *Store) ApprovedRestore(ctx context.Context, id int64) (file, sum string, err error) {
	err = s.read(ctx, func(tx *sql.Tx) error {
		r, method, args, err := loadRequest(ctx, tx, id)
		if err != nil {
			return err
		}
		if method != "Restore" || r.State != data.RequestApproved {
			return data.Forbidden("request", "not_approved_restore", "ID", id)
		}
		var a restoreArgs
		if err := json.Unmarshal([]byte(args), &a); err != nil {
			return err
		}
		file, sum = a.File, a.SHA256
		return nil
	})
	return file, sum, err
}

// RecordExport audits that ctx's user wrote personal data to a file.
func (s *Store) RecordExport(ctx context.Context, what, file string) error {
	return s.write(ctx, data.ActPersonal, func(tx *sql.Tx, st stamp) error {
		return audit(ctx, tx, st, "export", what, "export", nil, map[string]string{"file": file})
	})
}
