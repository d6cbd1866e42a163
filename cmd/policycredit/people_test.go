package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"policycredit/data/demo"
)

// Command-line log-in, users and approvals (issue 17). Tests that change the environment
// (passwords) or the stdin variable do not run in parallel.

// countRows counts the rows of a table that match where (SQL), read behind the store's back.
func countRows(t *testing.T, db, table, where string, args ...any) int {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow(`SELECT count(*) FROM "`+table+`" WHERE `+where, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// written is what a refused run must leave as it was: the audit log and the ledger.
func written(t *testing.T, db string) [2]int {
	return [2]int{countRows(t, db, "audit", "1"), countRows(t, db, "entries", "1")}
}

// aContract is a loan contract of the office in db with money outstanding.
func aContract(t *testing.T, db string) string {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var c string
	if err := conn.QueryRow(`SELECT contract FROM loans WHERE status = 'active' ORDER BY id LIMIT 1`).Scan(&c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestWrongPasswordWritesNothing(t *testing.T) {
	db := smallDB(t)
	contract := aContract(t, db)
	before := written(t, db)
	t.Setenv(envPassword, "not-the-password")
	for _, lang := range []string{"en", "vi"} {
		r := runCLI(t, "--db", db, "--lang", lang, "--user", demoTeller, "loan", "post", "--contract", contract,
			"--date", demo.TodayISO, "--kind", "payment", "--amount", "100000")
		if r.code != exitFailed || r.stdout != "" {
			t.Errorf("wrong password: want exit 1 and nothing on stdout, got %v", r)
		}
		want := map[string]string{"en": "wrong user name or password", "vi": "sai"}[lang]
		if !strings.Contains(r.stderr, want) {
			t.Errorf("wrong password in %s: stderr lacks %q:\n%s", lang, want, r.stderr)
		}
		assertNoInternals(t, r)
	}
	if after := written(t, db); after != before {
		t.Errorf("a refused log-in wrote: audit and ledger rows %v, then %v", before, after)
	}
}

func TestMissingPasswordWithoutTerminal(t *testing.T) {
	db := smallDB(t)
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	saved := stdin
	stdin = devNull
	defer func() { stdin = saved }()
	t.Setenv(envPassword, "")
	before := written(t, db)
	r := runCLI(t, "--db", db, "--lang", "en", "--user", demoCredit, "borrowers")
	if r.code != exitFailed || r.stdout != "" || !strings.Contains(r.stderr, envPassword) {
		t.Errorf("no password and no terminal: want exit 1 naming %s, got %v", envPassword, r)
	}
	// No user at all: the message says how to name one.
	r = runRaw("--db", db, "--lang", "en", "borrowers")
	if r.code != exitFailed || !strings.Contains(r.stderr, "--user") || !strings.Contains(r.stderr, envUser) {
		t.Errorf("no user: want exit 1 naming --user and %s, got %v", envUser, r)
	}
	// help and check need no log-in.
	if r := runRaw("--db", db, "--lang", "en", "help"); r.code != 0 || !strings.Contains(r.stdout, "approvals") {
		t.Errorf("help without a password: %v", r)
	}
	if r := runRaw("--db", db, "--lang", "en", "check"); r.code != 0 {
		t.Errorf("check without a password: %v", r)
	}
	if after := written(t, db); after != before {
		t.Errorf("refused runs wrote: %v, then %v", before, after)
	}
}

func TestUnknownUserRefused(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	before := written(t, db)
	for _, u := range []string{"nobody", "root"} {
		r := runCLI(t, "--db", db, "--lang", "en", "--user", u, "borrowers", "--json")
		if r.code != exitFailed || r.stdout != "" || !strings.Contains(r.stderr, "wrong user name or password") {
			t.Errorf("--user %s: want exit 1 and the log-in refusal, got %v", u, r)
		}
	}
	if after := written(t, db); after != before {
		t.Errorf("refused log-ins wrote: %v, then %v", before, after)
	}
}

func TestFiveWrongPasswordsLockTheUser(t *testing.T) {
	db := smallDB(t)
	t.Setenv(envPassword, "wrong-password-0")
	for i := 0; i < 5; i++ {
		if r := runCLI(t, "--db", db, "--lang", "en", "--user", demoCredit, "borrowers"); r.code != exitFailed {
			t.Fatalf("wrong password %d: %v", i+1, r)
		}
	}
	if n := countRows(t, db, "audit", "entity = 'user' AND entity_id = ? AND action = 'locked'", demoCredit); n != 1 {
		t.Errorf("the lock-out is audited %d times, want once", n)
	}
	t.Setenv(envPassword, demo.Password)
	r := runCLI(t, "--db", db, "--lang", "en", "--user", demoCredit, "borrowers")
	if r.code != exitFailed || !strings.Contains(r.stderr, "locked until") {
		t.Errorf("the right password while locked: want exit 1 and the lock, got %v", r)
	}
	// Another user is not locked.
	mustRun(t, "--db", db, "--user", demoTeller, "borrowers", "--limit", "1")
	r = mustRun(t, "--db", db, "--user", demoAdmin, "users", "list", "--json")
	var users []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &users); err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if locked := u["locked_until"] != ""; locked != (u["name"] == demoCredit) {
			t.Errorf("user %v: locked_until %q", u["name"], u["locked_until"])
		}
	}
}

// openLoanArgs opens a loan for a household of the office.
func openLoanArgs(db, customer, contract string) []string {
	return []string{"--db", db, "--lang", "en", "loan", "open", "--contract", contract, "--customer", customer,
		"--program", "01", "--amount", "20000000", "--date", "2026-11-02", "--term", "24"}
}

func TestLoanOpenIsARequest(t *testing.T) {
	t.Parallel()
	db, customer := newOfficeWithBorrower(t)
	before := written(t, db)

	// The teller may not open loans: refused, naming the role and the action.
	r := runCLI(t, append([]string{"--user", demoTeller}, openLoanArgs(db, customer, "REQ/1")...)...)
	if r.code != exitFailed || !strings.Contains(r.stderr, "teller") || !strings.Contains(r.stderr, "open a loan") {
		t.Errorf("teller loan open: want exit 1 naming the role and the action, got %v", r)
	}
	if after := written(t, db); after != before {
		t.Errorf("a refused loan open wrote: %v, then %v", before, after)
	}

	// The credit officer's application waits for approval: exit 3, "request N" last.
	made := runCLI(t, append([]string{"--user", demoCredit}, openLoanArgs(db, customer, "REQ/1")...)...)
	if made.code != exitRequest || made.stderr != "" {
		t.Fatalf("credit officer loan open: want exit 3, got %v", made)
	}
	n := requestNumber(t, made)
	if !strings.HasSuffix(made.stdout, "\nrequest "+n+"\n") || !strings.Contains(made.stdout, "REQ/1") {
		t.Errorf("request output:\n%s", made.stdout)
	}
	if r := runCLI(t, "--db", db, "--lang", "en", "loan", "show", "--contract", "REQ/1"); r.code != exitFailed {
		t.Errorf("a loan waiting for approval is shown: %v", r)
	}

	// The list: the accountant may approve it, its maker may not.
	list := func(user string) []map[string]json.RawMessage {
		r := mustRun(t, "--db", db, "--user", user, "approvals", "list", "--json")
		var rows []map[string]json.RawMessage
		if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
			t.Fatalf("approvals list --json: %v\n%s", err, r.stdout)
		}
		return rows
	}
	rows := list(demoAccountant)
	if len(rows) != 1 {
		t.Fatalf("approvals: %d pending, want 1", len(rows))
	}
	var keys []string
	for k := range rows[0] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := []string{"action", "after", "before", "checker", "decided_at", "id", "made_at", "maker", "may_approve", "note", "reason", "state", "subject"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("approvals keys = %v, want %v", keys, want)
	}
	if string(rows[0]["id"]) != n || string(rows[0]["action"]) != `"loan_open"` || string(rows[0]["maker"]) != `"tindung"` ||
		string(rows[0]["may_approve"]) != "true" || string(rows[0]["state"]) != `"pending"` {
		t.Errorf("request as the accountant sees it: %s", mustJSON(rows[0]))
	}
	if b := bytes.TrimSpace(rows[0]["after"]); len(b) == 0 || b[0] == '"' {
		t.Errorf("after is %s, want a JSON value, not a string", b)
	}
	if mine := list(demoCredit); string(mine[0]["may_approve"]) != "false" {
		t.Errorf("the maker may approve their own request: %s", mustJSON(mine[0]))
	}
	text := mustRun(t, "--db", db, "--lang", "en", "--user", demoAccountant, "approvals", "list")
	if !strings.Contains(text.stdout, "open a loan") || !strings.Contains(text.stdout, "1 request waiting") {
		t.Errorf("approvals list:\n%s", text.stdout)
	}

	// The maker cannot approve; the teller's role approves nothing.
	r = runCLI(t, "--db", db, "--lang", "en", "--user", demoCredit, "approvals", "approve", n)
	if r.code != exitFailed || !strings.Contains(r.stderr, "you made this request") {
		t.Errorf("the maker approving: want exit 1 and the store's refusal, got %v", r)
	}
	if r := runCLI(t, "--db", db, "--lang", "en", "--user", demoTeller, "approvals", "approve", n); r.code != exitFailed {
		t.Errorf("the teller approving: %v", r)
	}
	// The accountant approves: the loan exists.
	r = mustRun(t, "--db", db, "--lang", "en", "--user", demoAccountant, "approvals", "approve", n)
	if !strings.Contains(r.stdout, "Request "+n+" approved") {
		t.Errorf("approve says %q", r.stdout)
	}
	if j := loanShow(t, db, "REQ/1", "2026-11-02"); j.Principal.Total != 20_000_000 {
		t.Errorf("approved loan: %+v", j)
	}
	if rows := list(demoAccountant); len(rows) != 0 {
		t.Errorf("still pending after approval: %d", len(rows))
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestRejectedRequestLeavesNoTrace(t *testing.T) {
	t.Parallel()
	db, customer := newOfficeWithBorrower(t)
	office := func() string {
		return reportOutput(t, db, []string{"report", "office", "--date", "2026-11-20"})
	}
	before := office()
	made := runCLI(t, append([]string{"--user", demoCredit}, openLoanArgs(db, customer, "REJ/1")...)...)
	if made.code != exitRequest {
		t.Fatalf("loan open: %v", made)
	}
	n := requestNumber(t, made)
	r := runCLI(t, "--db", db, "--lang", "en", "--user", demoAccountant, "approvals", "reject", n)
	if r.code != exitUsage || !strings.Contains(r.stderr, "--reason") {
		t.Errorf("reject without a reason: %v", r)
	}
	r = mustRun(t, "--db", db, "--lang", "en", "--user", demoAccountant, "approvals", "reject", n, "--reason", "hồ sơ thiếu")
	if !strings.Contains(r.stdout, "Request "+n+" rejected") {
		t.Errorf("reject says %q", r.stdout)
	}
	if r := runCLI(t, "--db", db, "--lang", "en", "loan", "show", "--contract", "REJ/1"); r.code != exitFailed {
		t.Errorf("a rejected loan is shown: %v", r)
	}
	if after := office(); after != before {
		t.Error("a rejected request changed the office's balances")
	}
	if r := runCLI(t, "--db", db, "--lang", "en", "--user", demoDirector, "approvals", "approve", n); r.code != exitFailed ||
		!strings.Contains(r.stderr, "rejected") {
		t.Errorf("approving a rejected request: %v", r)
	}
}

func TestUsersCommands(t *testing.T) {
	db := smallDB(t)
	users := func() map[string]map[string]any {
		r := mustRun(t, "--db", db, "--user", demoAdmin, "users", "list", "--json")
		var rows []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
			t.Fatalf("users list --json: %v\n%s", err, r.stdout)
		}
		out := map[string]map[string]any{}
		for _, u := range rows {
			var keys []string
			for k := range u {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			if want := []string{"active", "full_name", "locked_until", "must_change", "name", "role"}; !reflect.DeepEqual(keys, want) {
				t.Fatalf("user keys = %v, want %v", keys, want)
			}
			out[u["name"].(string)] = u
		}
		return out
	}
	all := users()
	if len(all) != 5 || all[demoCredit]["role"] != "credit_officer" || all[demoCredit]["active"] != true ||
		all[demoCredit]["must_change"] != false || all[demoCredit]["locked_until"] != "" {
		t.Fatalf("demo users: %v", all)
	}
	// Only the administrator manages users.
	if r := runCLI(t, "--db", db, "--lang", "en", "--user", demoTeller, "users", "list"); r.code != exitFailed ||
		!strings.Contains(r.stderr, "teller") {
		t.Errorf("teller users list: %v", r)
	}

	t.Setenv(envNewPassword, "new-teller-pass-1")
	r := mustRun(t, "--db", db, "--lang", "en", "users", "add", "--name", "gdv2", "--full-name", "Lê Văn Hai", "--role", "teller")
	if !strings.Contains(r.stdout, "gdv2") {
		t.Errorf("users add says %q", r.stdout)
	}
	if u := users()["gdv2"]; u["role"] != "teller" || u["must_change"] != true {
		t.Errorf("added user: %v", u)
	}
	// A new user must change the password before anything else, with users passwd.
	t.Setenv(envPassword, "new-teller-pass-1")
	if r := runCLI(t, "--db", db, "--lang", "en", "--user", "gdv2", "borrowers"); r.code != exitFailed ||
		!strings.Contains(r.stderr, "users passwd") {
		t.Errorf("must change first: %v", r)
	}
	t.Setenv(envNewPassword, "own-teller-pass-2")
	mustRun(t, "--db", db, "--user", "gdv2", "users", "passwd")
	t.Setenv(envPassword, "own-teller-pass-2")
	mustRun(t, "--db", db, "--user", "gdv2", "borrowers", "--limit", "1")

	// Reset: the administrator's new password works once, to change it.
	t.Setenv(envPassword, demo.Password)
	t.Setenv(envNewPassword, "reset-pass-123")
	mustRun(t, "--db", db, "users", "reset-password", "--name", "gdv2")
	if u := users()["gdv2"]; u["must_change"] != true {
		t.Errorf("after reset: %v", u)
	}
	// Too short a password: refused with the rule.
	t.Setenv(envNewPassword, "short")
	if r := runCLI(t, "--db", db, "--lang", "en", "users", "reset-password", "--name", "gdv2"); r.code != exitFailed ||
		!strings.Contains(r.stderr, "10") {
		t.Errorf("short password: %v", r)
	}

	// A role change is a request a second director or administrator approves.
	made := runCLI(t, "--db", db, "--lang", "en", "users", "set-role", "--name", "gdv2", "--role", "credit_officer")
	if made.code != exitRequest {
		t.Fatalf("set-role: want exit 3, got %v", made)
	}
	if u := users()["gdv2"]; u["role"] != "teller" {
		t.Errorf("role changed before approval: %v", u)
	}
	mustRun(t, "--db", db, "--user", demoDirector, "approvals", "approve", requestNumber(t, made))
	if u := users()["gdv2"]; u["role"] != "credit_officer" {
		t.Errorf("role after approval: %v", u)
	}

	mustRun(t, "--db", db, "users", "disable", "--name", "gdv2")
	if u := users()["gdv2"]; u["active"] != false {
		t.Errorf("disabled user: %v", u)
	}
	t.Setenv(envPassword, "reset-pass-123")
	if r := runCLI(t, "--db", db, "--lang", "en", "--user", "gdv2", "borrowers"); r.code != exitFailed {
		t.Errorf("a disabled user logged in: %v", r)
	}
	t.Setenv(envPassword, demo.Password)
	text := mustRun(t, "--db", db, "--lang", "en", "--user", demoAdmin, "users", "list")
	if !strings.Contains(text.stdout, "disabled") || !strings.Contains(text.stdout, "6 users") {
		t.Errorf("users list:\n%s", text.stdout)
	}
}

func TestFirstUserIsTheDirector(t *testing.T) {
	db := filepath.Join(t.TempDir(), "new.db")
	t.Setenv(envNewPassword, "director-pass-1")
	r := runRaw("--db", db, "--lang", "en", "users", "add", "--name", "boss", "--full-name", "Phạm Văn Sếp", "--role", "teller")
	if r.code != exitFailed || !strings.Contains(r.stderr, "director") {
		t.Errorf("first user a teller: %v", r)
	}
	if r := runRaw("--db", db, "--lang", "en", "users", "add", "--name", "boss", "--full-name", "Phạm Văn Sếp", "--role", "director"); r.code != 0 {
		t.Fatalf("first user: %v", r)
	}
	// From now on the office needs a log-in.
	if r := runRaw("--db", db, "--lang", "en", "programs"); r.code != exitFailed || !strings.Contains(r.stderr, "--user") {
		t.Errorf("programs without a user on an office with users: %v", r)
	}
	t.Setenv(envPassword, "director-pass-1")
	if r := runRaw("--db", db, "--lang", "en", "--user", "boss", "programs"); r.code != 0 {
		t.Errorf("programs as the director: %v", r)
	}
}

// fileMode fails unless the file is readable by its owner only.
func fileMode(t *testing.T, name string) {
	t.Helper()
	st, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if m := st.Mode().Perm(); m != 0o600 {
		t.Errorf("%s: mode %o, want 600", filepath.Base(name), m)
	}
}

func TestOutputFilesPrivateAndAudited(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	dir := t.TempDir()
	exported := filepath.Join(dir, "ho-vay.xlsx")
	// An older file with a wider mode is replaced by a private one.
	if err := os.WriteFile(exported, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := countRows(t, db, "audit", "entity = 'export'")
	mustRun(t, "--db", db, "--lang", "en", "export", "borrowers", "-o", exported)
	report := filepath.Join(dir, "office.pdf")
	mustRun(t, "--db", db, "--lang", "en", "report", "office", "--date", demo.TodayISO, "-o", report)
	backup := filepath.Join(dir, "office-backup.db")
	mustRun(t, "--db", db, "--lang", "en", "backup", "--to", backup)
	for _, f := range []string{exported, report, backup} {
		fileMode(t, f)
	}
	if n := countRows(t, db, "audit", "entity = 'export'"); n != before+3 {
		t.Errorf("%d exports audited, want 3", n-before)
	}
	abs, _ := filepath.Abs(exported)
	if n := countRows(t, db, "audit", "entity = 'export' AND entity_id = 'export' AND user_name = ? AND after_json LIKE ?",
		demoCredit, "%"+abs+"%"); n != 1 {
		t.Errorf("the export's audit row names who and which file %d times, want once", n)
	}
	// Printing on stdout is not a file: not audited.
	mustRun(t, "--db", db, "--lang", "en", "report", "office", "--date", demo.TodayISO, "--format", "json")
	if n := countRows(t, db, "audit", "entity = 'export'"); n != before+3 {
		t.Errorf("stdout output audited as an export")
	}
	// The administrator may not take households' data away in a report: no file is left.
	adminReport := filepath.Join(dir, "admin.csv")
	if r := runCLI(t, "--db", db, "--lang", "en", "--user", demoAdmin, "report", "office", "--date", demo.TodayISO, "-o", adminReport); r.code != exitFailed {
		t.Errorf("administrator report to a file: %v", r)
	}
	if _, err := os.Stat(adminReport); err == nil {
		t.Error("a refused report left its file")
	}
	// The teller may not back up the office.
	if r := runCLI(t, "--db", db, "--lang", "en", "--user", demoTeller, "backup", "--to", filepath.Join(dir, "b2.db")); r.code != exitFailed {
		t.Errorf("teller backup: %v", r)
	}
}

func TestEncryptedBackupRoundTrip(t *testing.T) {
	db := smallDB(t)
	dir := t.TempDir()
	t.Setenv(envPassphrase, "một cụm mật khẩu dài")
	r := mustRun(t, "--db", db, "--lang", "en", "backup", "--encrypt", "--to", filepath.Join(dir, "off-site.db"))
	enc := filepath.Join(dir, "off-site.db.age")
	if !strings.Contains(r.stdout, enc) {
		t.Errorf("backup --encrypt says %q, want the .age file", r.stdout)
	}
	fileMode(t, enc)
	b, err := os.ReadFile(enc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte(ageHeader)) || bytes.Contains(b, []byte("SQLite format")) {
		t.Fatal("the encrypted backup is not an age file")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("clear copies left beside the backup: %v", left)
	}

	// Change the office, then restore the encrypted backup: the change is gone.
	before := borrowersJSON(t, db)
	contract := aContract(t, db)
	backedUp := countRows(t, db, "entries", "1")
	mustRun(t, "--db", db, "--user", demoTeller, "loan", "post", "--contract", contract, "--date", demo.TodayISO,
		"--kind", "payment", "--amount", "100000")
	entries := countRows(t, db, "entries", "1")

	// A wrong passphrase: exit 1, nothing restored, no clear file left.
	made := runCLI(t, "--db", db, "--lang", "en", "restore", enc)
	if made.code != exitRequest {
		t.Fatalf("restore by the administrator: want a request, got %v", made)
	}
	t.Setenv(envPassphrase, "not the passphrase")
	r = runCLI(t, "--db", db, "--lang", "en", "--user", demoDirector, "approvals", "approve", requestNumber(t, made))
	if r.code != exitFailed || !strings.Contains(r.stderr, "Wrong passphrase") {
		t.Errorf("wrong passphrase: %v", r)
	}
	if n := countRows(t, db, "entries", "1"); n != entries {
		t.Errorf("a wrong passphrase changed the office")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(db), ".policycredit-restore-*")); len(left) != 0 {
		t.Errorf("decrypted files left: %v", left)
	}

	// The right one, on a new request (the first was approved, its restore failed).
	t.Setenv(envPassphrase, "một cụm mật khẩu dài")
	made = runCLI(t, "--db", db, "--lang", "en", "restore", enc)
	if made.code != exitRequest {
		t.Fatalf("restore request: %v", made)
	}
	n := requestNumber(t, made)
	if r := runCLI(t, "--db", db, "--lang", "en", "--user", demoAccountant, "approvals", "approve", n); r.code != exitFailed {
		t.Errorf("the accountant approved a restore: %v", r)
	}
	r = mustRun(t, "--db", db, "--lang", "en", "--user", demoDirector, "approvals", "approve", n)
	if !strings.Contains(r.stdout, "Restored the data from "+enc) {
		t.Errorf("approved restore says %q", r.stdout)
	}
	if n := countRows(t, db, "entries", "1"); n != backedUp || n == entries {
		t.Errorf("after restoring: %d entries, want %d (the payment undone)", n, backedUp)
	}
	if after := borrowersJSON(t, db); !reflect.DeepEqual(after, before) {
		t.Error("the restored office differs from the backed-up one")
	}
	mustRun(t, "--db", db, "check")
}

// A restore request names the file's digest: a file changed after the request is refused.
func TestRestoreOfChangedFileRefused(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	backup := filepath.Join(t.TempDir(), "b.db")
	mustRun(t, "--db", db, "backup", "--to", backup)
	made := runCLI(t, "--db", db, "--lang", "en", "restore", backup)
	if made.code != exitRequest {
		t.Fatalf("restore: %v", made)
	}
	other := filepath.Join(t.TempDir(), "other.db")
	mustRun(t, "--db", filepath.Join(t.TempDir(), "empty.db"), "backup", "--to", other)
	b, err := os.ReadFile(other)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(backup, b, 0o600); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "--db", db, "--lang", "en", "--user", demoDirector, "approvals", "approve", requestNumber(t, made))
	if r.code != exitFailed || !strings.Contains(r.stderr, "has changed since request") {
		t.Errorf("restore of a changed file: %v", r)
	}
	if rows := borrowersJSON(t, db); len(rows) != 500 {
		t.Errorf("the office was replaced: %d borrowers", len(rows))
	}
}

func TestRequestNumberIsTheLastLine(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	// In French: the sentence is translated, the last line is not.
	r := runCLI(t, "--db", db, "--lang", "fr", "--user", demoDirector, "settings", "set", "penalty_percent", "140", "--from", "2031-01-01")
	if r.code != exitRequest || !strings.Contains(r.stdout, "En attente d'approbation") {
		t.Fatalf("settings set: want exit 3, got %v", r)
	}
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if _, err := strconv.Atoi(strings.TrimPrefix(lines[len(lines)-1], "request ")); err != nil || !strings.HasPrefix(lines[len(lines)-1], "request ") {
		t.Errorf("last line %q, want “request N”", lines[len(lines)-1])
	}
}
