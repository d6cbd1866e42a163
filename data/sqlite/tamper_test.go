package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
)

// peopleFile is the small demo office with the demo's users and three requests — one approved
// (ketoan made a credit officer), one rejected (tindung to teller), one pending (giaodich to
// accountant) — and a password reset; made once per test binary, copied per test.
var peopleFile = sync.OnceValues(func() (string, error) {
	dir, err := demoDir()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "people.db")
	s, err := Open(path)
	if err != nil {
		return "", err
	}
	defer s.Close()
	ds := *demoOffice()
	ds.Users = demo.Users()
	ctx := context.Background()
	if err := s.ImportDataset(userCtx, &ds); err != nil {
		return "", err
	}
	director, err := s.LogIn(ctx, "giamdoc", demo.Password)
	if err != nil {
		return "", err
	}
	admin, err := s.LogIn(ctx, "quantri", demo.Password)
	if err != nil {
		return "", err
	}
	dctx, actx := data.WithSession(ctx, director), data.WithSession(ctx, admin)
	request := func(ctx context.Context, user string, role data.Role) (int64, error) {
		var made *data.RequestMade
		if err := s.SetUserRole(ctx, user, role); !errors.As(err, &made) {
			return 0, fmt.Errorf("SetUserRole %s: %v, want a request", user, err)
		}
		return made.ID, nil
	}
	approved, err := request(dctx, "ketoan", data.RoleCredit)
	if err != nil {
		return "", err
	}
	if _, err := s.Approve(actx, approved); err != nil {
		return "", err
	}
	rejected, err := request(dctx, "tindung", data.RoleTeller)
	if err != nil {
		return "", err
	}
	if err := s.Reject(actx, rejected, "not this month"); err != nil {
		return "", err
	}
	if _, err := request(actx, "giaodich", data.RoleAccountant); err != nil {
		return "", err
	}
	if err := s.ResetPassword(actx, "giaodich", "a-new-password-2026"); err != nil {
		return "", err
	}
	return path, s.Close()
})

// peopleStore is the test's own copy of peopleFile, opened with no session: check needs none.
func peopleStore(t *testing.T) *Store {
	t.Helper()
	src, err := peopleFile()
	must(t, err)
	b, err := os.ReadFile(src)
	must(t, err)
	path := filepath.Join(t.TempDir(), "office.db")
	must(t, os.WriteFile(path, b, 0o600))
	return openTest(t, path)
}

// withoutTrigger runs stmts with a trigger dropped, then puts the trigger back as it was, as
// someone covering their tracks would.
func withoutTrigger(t *testing.T, s *Store, trigger string, stmts ...string) {
	t.Helper()
	q := triggerSQL(t, s, trigger)
	tamper(t, s, append(append([]string{`DROP TRIGGER ` + trigger}, stmts...), q)...)
}

// Each edit made with SQL behind the app's back is found by check, on an office with users and
// no one logged in, naming the first row that breaks (or the user, request or trigger).
func TestCheckFindsEditsMadeWithSQL(t *testing.T) {
	t.Parallel()
	// An interest entry in the middle of the ledger that no reversal names.
	const pick = `SELECT id FROM entries e WHERE kind = 'interest'
		AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id) ORDER BY id LIMIT 1 OFFSET 300`
	requestOf := func(t *testing.T, s *Store, state string) int64 {
		return queryInt(t, s, `SELECT id FROM requests WHERE state = ?`, state)
	}
	cases := []struct {
		name string
		// edit changes the file and returns the problem check must report first of its kind.
		edit func(t *testing.T, s *Store) (field, rule string, params map[string]any)
	}{
		{"an edited ledger amount, its kept balance edited to match", func(t *testing.T, s *Store) (string, string, map[string]any) {
			id := queryInt(t, s, pick)
			n := strconv.FormatInt(id, 10)
			withoutTrigger(t, s, "entries_no_update", `UPDATE entries SET amount = amount + 1000 WHERE id = `+n,
				`UPDATE loan_balances SET interest_paid = interest_paid + 1000 WHERE loan_id = (SELECT loan_id FROM entries WHERE id = `+n+`)`)
			return "ledger", "check_chain", map[string]any{"ID": id}
		}},
		{"a deleted entry", func(t *testing.T, s *Store) (string, string, map[string]any) {
			id := queryInt(t, s, pick)
			next := queryInt(t, s, `SELECT min(id) FROM entries WHERE id > ?`, id)
			withoutTrigger(t, s, "entries_no_delete", `DELETE FROM entries WHERE id = `+strconv.FormatInt(id, 10))
			return "ledger", "check_chain", map[string]any{"ID": next}
		}},
		{"an edited kept balance", func(t *testing.T, s *Store) (string, string, map[string]any) {
			tamper(t, s, `UPDATE loan_balances SET principal_repaid = principal_repaid + 1 WHERE loan_id = (SELECT min(loan_id) FROM loan_balances)`)
			return "loan", "check_balance", map[string]any{"Column": "principal_repaid"}
		}},
		{"an edited audit row", func(t *testing.T, s *Store) (string, string, map[string]any) {
			id := queryInt(t, s, `SELECT max(id) FROM audit WHERE entity = 'user' AND action = 'set_role'`)
			withoutTrigger(t, s, "audit_no_update", `UPDATE audit SET after_json = replace(after_json, 'credit_officer', 'director') WHERE id = `+strconv.FormatInt(id, 10))
			return "audit", "check_chain", map[string]any{"ID": id}
		}},
		{"an edited user name", func(t *testing.T, s *Store) (string, string, map[string]any) {
			tamper(t, s, `UPDATE users SET full_name = 'Someone Else' WHERE name = 'tindung'`)
			return "user", "check_not_as_audited", map[string]any{"ID": "tindung", "Column": "full_name"}
		}},
		{"an edited role", func(t *testing.T, s *Store) (string, string, map[string]any) {
			tamper(t, s, `UPDATE users SET role = 'director' WHERE name = 'giaodich'`)
			return "user", "check_not_as_audited", map[string]any{"ID": "giaodich", "Column": "role"}
		}},
		{"a password hash copied from another user", func(t *testing.T, s *Store) (string, string, map[string]any) {
			tamper(t, s, `UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE name = 'quantri') WHERE name = 'ketoan'`)
			return "user", "check_not_as_audited", map[string]any{"ID": "ketoan", "Column": "password_hash"}
		}},
		{"a forced password change lifted", func(t *testing.T, s *Store) (string, string, map[string]any) {
			tamper(t, s, `UPDATE users SET must_change = 0 WHERE name = 'giaodich'`)
			return "user", "check_not_as_audited", map[string]any{"ID": "giaodich", "Column": "must_change"}
		}},
		{"a deleted user", func(t *testing.T, s *Store) (string, string, map[string]any) {
			tamper(t, s, `DELETE FROM users WHERE name = 'tindung'`)
			return "user", "check_row_gone", map[string]any{"ID": "tindung"}
		}},
		{"a user added with SQL", func(t *testing.T, s *Store) (string, string, map[string]any) {
			tamper(t, s, `INSERT INTO users (name, full_name, role, password_hash, created_at, created_by)
				SELECT 'intruder', 'Intruder', 'director', password_hash, created_at, created_by FROM users WHERE name = 'giamdoc'`)
			return "user", "check_not_audited", map[string]any{"ID": "intruder"}
		}},
		{"a rejected request turned approved", func(t *testing.T, s *Store) (string, string, map[string]any) {
			id := requestOf(t, s, "rejected")
			withoutTrigger(t, s, "requests_decided_final", `UPDATE requests SET state = 'approved', reason = '' WHERE id = `+strconv.FormatInt(id, 10))
			return "request", "check_not_as_audited", map[string]any{"ID": id, "Column": "state"}
		}},
		{"an approved request's checker", func(t *testing.T, s *Store) (string, string, map[string]any) {
			id := requestOf(t, s, "approved")
			withoutTrigger(t, s, "requests_decided_final", `UPDATE requests SET checker = 'tindung' WHERE id = `+strconv.FormatInt(id, 10))
			return "request", "check_not_as_audited", map[string]any{"ID": id, "Column": "checker"}
		}},
		{"a pending request's arguments", func(t *testing.T, s *Store) (string, string, map[string]any) {
			id := requestOf(t, s, "pending")
			// Triggers allow this one: a pending request is changed when it is decided.
			tamper(t, s, `UPDATE requests SET args_json = replace(args_json, 'accountant', 'director') WHERE id = `+strconv.FormatInt(id, 10))
			return "request", "check_not_as_audited", map[string]any{"ID": id, "Column": "args_json"}
		}},
		{"a deleted request", func(t *testing.T, s *Store) (string, string, map[string]any) {
			id := requestOf(t, s, "rejected")
			withoutTrigger(t, s, "requests_no_delete", `DELETE FROM requests WHERE id = `+strconv.FormatInt(id, 10))
			return "request", "check_row_gone", map[string]any{"ID": id}
		}},
		{"a request added with SQL", func(t *testing.T, s *Store) (string, string, map[string]any) {
			tamper(t, s, `INSERT INTO requests (action, method, args_json, maker, made_at)
				VALUES ('user_role', 'SetUserRole', '{"user":"tindung","role":"director"}', 'tindung', '2026-03-15T09:30:00Z')`)
			return "request", "check_not_audited", map[string]any{"ID": queryInt(t, s, `SELECT max(id) FROM requests`)}
		}},
		{"a trigger put back with an empty body", func(t *testing.T, s *Store) (string, string, map[string]any) {
			tamper(t, s, `DROP TRIGGER requests_decided_final`, `CREATE TRIGGER requests_decided_final BEFORE UPDATE ON requests
				WHEN OLD.state <> 'pending' BEGIN SELECT 1; END`)
			return "database", "check_trigger_changed", map[string]any{"Name": "requests_decided_final"}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := peopleStore(t)
			field, rule, params := c.edit(t, s)
			problems := checkProblems(t, s)
			p := findProblem(problems, field, rule)
			if p == nil {
				t.Fatalf("check found %v, want %s %s %v", problems, field, rule, params)
			}
			for k, v := range params {
				if fmt.Sprint(p.Params[k]) != fmt.Sprint(v) {
					t.Errorf("%s %s: %s = %v, want %v (all: %v)", field, rule, k, p.Params[k], v, problems)
				}
			}
		})
	}
}

// The office with users and decided requests is sound as the store left it, and check needs
// no log-in.
func TestCheckOfAnOfficeWithPeople(t *testing.T) {
	t.Parallel()
	s := peopleStore(t)
	if problems := checkProblems(t, s); len(problems) != 0 {
		t.Fatalf("check of a sound office with users: %v", problems)
	}
	if n := queryInt(t, s, `SELECT count(DISTINCT state) FROM requests`); n != 3 {
		t.Errorf("the office holds requests in %d states, want 3", n)
	}
}

// Every trigger that guards the records is missed when dropped, and named.
func TestCheckNamesEachDroppedTrigger(t *testing.T) {
	t.Parallel()
	for _, name := range protectingTriggers {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := peopleStore(t)
			tamper(t, s, `DROP TRIGGER `+name)
			problems := checkProblems(t, s)
			p := findProblem(problems, "database", "check_trigger")
			if p == nil || p.Params["Name"] != name {
				t.Fatalf("check after dropping %s: %v", name, problems)
			}
		})
	}
	if !strings.Contains(strings.Join(protectingTriggers, " "), "requests_no_delete") {
		t.Error("the requests' triggers are not among the protecting ones")
	}
}

// The chain checked in any number of stretches side by side names the same first broken row
// as one walk from the start; an intact chain breaks nowhere however it is cut.
func TestChainStretchesAgree(t *testing.T) {
	t.Parallel()
	s := peopleStore(t)
	ctx := context.Background()
	breaks := func(t *testing.T, n int) int64 {
		t.Helper()
		var parts []*chainRange
		err := s.read(ctx, func(tx *sql.Tx) error {
			var err error
			if parts, err = chainRanges(ctx, tx, entriesChain, 0, n); err != nil {
				return err
			}
			for _, p := range parts {
				if err := p.verify(ctx, tx); err != nil {
					return err
				}
			}
			return nil
		})
		must(t, err)
		if n > 0 && len(parts) != n {
			t.Errorf("%d stretches asked, %d made", n, len(parts))
		}
		return firstBroken(parts)
	}
	for n := 1; n <= 7; n++ {
		if id := breaks(t, n); id != 0 {
			t.Fatalf("an intact chain in %d stretches breaks at %d", n, id)
		}
	}
	// Two rows deleted: the first one's successor is the first row that breaks.
	ids := []int64{queryInt(t, s, `SELECT id FROM entries ORDER BY id LIMIT 1 OFFSET 5000`),
		queryInt(t, s, `SELECT id FROM entries ORDER BY id LIMIT 1 OFFSET 15000`)}
	want := queryInt(t, s, `SELECT min(id) FROM entries WHERE id > ?`, ids[0])
	withoutTrigger(t, s, "entries_no_delete", fmt.Sprintf(`DELETE FROM entries WHERE id IN (%d, %d)`, ids[0], ids[1]))
	for n := 1; n <= 7; n++ {
		if id := breaks(t, n); id != want {
			t.Errorf("in %d stretches the chain breaks at %d, want %d", n, id, want)
		}
	}
}
