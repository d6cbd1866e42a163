package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"policycredit/data"
)

// Users and requests are not chained like the ledger: a user row changes (a new password, a
// lock-out counter) and a request changes once, when it is decided. Every such change is
// audited, though, and the audit is chained; so check compares each row with what the audit
// says it became last, and an edit made with another tool shows as a row that differs from
// its audit, a row the audit never saw, or an audited row that is gone.

// checkUsers compares the users table with the latest state the audit holds for each user
// (userAudit: names, role, flags and a digest of the password hash). It reports, in name
// order, each user whose row differs (naming the first column that does), each row the audit
// never recorded and each audited user whose row is gone. Lock-out counters are not audited
// and not compared.
func checkUsers(ctx context.Context, tx *sql.Tx) ([]*data.Error, error) {
	audited := map[string]userAudit{}
	rows, err := tx.QueryContext(ctx, `SELECT entity_id, after_json FROM audit WHERE entity = 'user' ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var name, after string
		if err := rows.Scan(&name, &after); err != nil {
			rows.Close()
			return nil, err
		}
		// Only rows that record the user's whole state count; a lock-out's row records the
		// counters alone.
		var keys map[string]json.RawMessage
		if json.Unmarshal([]byte(after), &keys) != nil || keys["password_digest"] == nil {
			continue
		}
		var u userAudit
		if err := json.Unmarshal([]byte(after), &u); err != nil {
			continue
		}
		audited[name] = u
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	found := map[string][]*data.Error{}
	rows, err = tx.QueryContext(ctx, `SELECT name, full_name, role, password_hash, active, must_change FROM users`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var u userAudit
		var hash string
		if err := rows.Scan(&u.Name, &u.FullName, &u.Role, &hash, &u.Active, &u.MustChange); err != nil {
			return nil, err
		}
		sum := sha256.Sum256([]byte(hash))
		u.Password = hex.EncodeToString(sum[:8])
		want, ok := audited[u.Name]
		delete(audited, u.Name)
		switch col := userDiffers(want, u); {
		case !ok:
			found[u.Name] = append(found[u.Name], data.Invalid("user", "check_not_audited", "ID", u.Name))
		case col != "":
			found[u.Name] = append(found[u.Name], data.Invalid("user", "check_not_as_audited", "ID", u.Name, "Column", col))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for name := range audited {
		found[name] = append(found[name], data.Invalid("user", "check_row_gone", "ID", name))
	}
	names := make([]string, 0, len(found))
	for name := range found {
		names = append(names, name)
	}
	sort.Strings(names)
	var problems []*data.Error
	for _, name := range names {
		problems = append(problems, found[name]...)
	}
	return problems, nil
}

// userDiffers names the first column of the users table whose value is not what the audit
// recorded, or "".
func userDiffers(audited, row userAudit) string {
	switch {
	case audited.FullName != row.FullName:
		return "full_name"
	case audited.Role != row.Role:
		return "role"
	case audited.Password != row.Password:
		return "password_hash"
	case audited.Active != row.Active:
		return "active"
	case audited.MustChange != row.MustChange:
		return "must_change"
	}
	return ""
}

// requestState is a request row's audited columns: what its "create" audit row holds (action,
// subject, arguments; the maker and the time are the audit row's own) and what its "approve"
// or "reject" row holds (the checker and the time are that row's; a rejection's reason).
type requestState struct {
	action, subject, args, maker, madeAt string
	state, checker, decidedAt, reason    string
}

// checkRequests compares the requests table with the audit's rows of entity "request". It
// reports, in id order, each request whose row differs from its audit (naming the first
// column that does), each row the audit never recorded and each audited request whose row is
// gone. A request's method, note and before/after texts are not in the audit and are not
// compared.
func checkRequests(ctx context.Context, tx *sql.Tx) ([]*data.Error, error) {
	audited := map[string]*requestState{}
	rows, err := tx.QueryContext(ctx, `SELECT entity_id, action, at, user_name, after_json FROM audit
		WHERE entity = 'request' ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, action, at, user, after string
		if err := rows.Scan(&id, &action, &at, &user, &after); err != nil {
			rows.Close()
			return nil, err
		}
		var rec struct {
			Action  string          `json:"action"`
			Subject string          `json:"subject"`
			Args    json.RawMessage `json:"args"`
			Reason  string          `json:"reason"`
		}
		if err := json.Unmarshal([]byte(after), &rec); err != nil {
			continue // not written by the store: the audit chain reports such a row
		}
		switch action {
		case "create":
			audited[id] = &requestState{action: rec.Action, subject: rec.Subject, args: canonicalJSON(rec.Args),
				maker: user, madeAt: at, state: string(data.RequestPending)}
		case "approve", "reject":
			r := audited[id]
			if r == nil {
				r = &requestState{}
				audited[id] = r
			}
			r.state, r.checker, r.decidedAt, r.reason = string(data.RequestApproved), user, at, ""
			if action == "reject" {
				r.state, r.reason = string(data.RequestRejected), rec.Reason
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	type finding struct {
		id  int64
		err *data.Error
	}
	var found []finding
	rows, err = tx.QueryContext(ctx, `SELECT id, action, subject, args_json, maker, made_at, state, checker, decided_at, reason
		FROM requests ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r requestState
		if err := rows.Scan(&id, &r.action, &r.subject, &r.args, &r.maker, &r.madeAt, &r.state, &r.checker,
			&r.decidedAt, &r.reason); err != nil {
			return nil, err
		}
		r.args = canonicalJSON([]byte(r.args))
		key := idString(id)
		want, ok := audited[key]
		delete(audited, key)
		switch col := requestDiffers(want, &r); {
		case !ok:
			found = append(found, finding{id, data.Invalid("request", "check_not_audited", "ID", id)})
		case col != "":
			found = append(found, finding{id, data.Invalid("request", "check_not_as_audited", "ID", id, "Column", col)})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for key := range audited {
		id, _ := strconv.ParseInt(key, 10, 64)
		found = append(found, finding{id, data.Invalid("request", "check_row_gone", "ID", id)})
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].id < found[j].id })
	problems := make([]*data.Error, 0, len(found))
	for _, f := range found {
		problems = append(problems, f.err)
	}
	return problems, nil
}

// requestDiffers names the first column of a request row whose value is not what the audit
// recorded, or "".
func requestDiffers(audited, row *requestState) string {
	if audited == nil {
		return ""
	}
	for _, c := range []struct{ col, want, got string }{
		{"action", audited.action, row.action},
		{"subject", audited.subject, row.subject},
		{"args_json", audited.args, row.args},
		{"maker", audited.maker, row.maker},
		{"made_at", audited.madeAt, row.madeAt},
		{"state", audited.state, row.state},
		{"checker", audited.checker, row.checker},
		{"decided_at", audited.decidedAt, row.decidedAt},
		{"reason", audited.reason, row.reason},
	} {
		if c.want != c.got {
			return c.col
		}
	}
	return ""
}

// canonicalJSON is JSON text in one spelling (compact, keys as written), so that the audit's
// copy of a request's arguments and the row's compare equal however they were spaced; text
// that is not JSON is returned as it is and then differs from the audited copy.
func canonicalJSON(raw []byte) string {
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return string(raw)
	}
	return buf.String()
}

// triggerDef finds each CREATE TRIGGER statement of a migration: its name and its text as
// SQLite keeps it in sqlite_master (without the final semicolon).
var triggerDef = regexp.MustCompile(`(?s)CREATE TRIGGER (\w+) .*?\nEND;`)

// protectingTriggerSQL is each protecting trigger's text as the newest migration that
// creates it wrote it, spaces collapsed.
func protectingTriggerSQL() (map[string]string, error) {
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, m := range ms {
		for _, def := range triggerDef.FindAllStringSubmatch(m.sql, -1) {
			out[def[1]] = collapseSpace(strings.TrimSuffix(def[0], ";"))
		}
	}
	return out, nil
}

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
