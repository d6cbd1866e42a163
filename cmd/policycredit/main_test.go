package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"policycredit/data"
	"policycredit/data/demo"
	"policycredit/data/pgtest"
	"policycredit/data/sqlite"
)

// result is what one run of the command line gave.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout:\n%s\n--- stderr:\n%s", r.code, clip(r.stdout), clip(r.stderr))
}

// clip keeps failure messages readable when a command printed a long list.
func clip(s string) string {
	const max = 2000
	if len(s) <= max {
		return s
	}
	return s[:max] + fmt.Sprintf("\n… (%d more bytes)", len(s)-max)
}

// runCLI calls run as main does, with output captured. Demo offices have users, so every
// command logs in: when the test names no --user, runCLI logs in as the demo user whose role
// does that command (demoUserFor); the password is POLICYCREDIT_PASSWORD, set by TestMain.
// On an office with no users (setup) the name is only recorded, as before.
func runCLI(t *testing.T, args ...string) result {
	t.Helper()
	if at, hasUser := commandAt(args); !hasUser && at < len(args) {
		withUser := append(append(append([]string{}, args[:at]...), "--user", demoUserFor(args[at:])), args[at:]...)
		args = withUser
	}
	return runRaw(args...)
}

// runRaw calls run exactly with args.
func runRaw(args ...string) result {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

// globalValueFlags are run's flags that take a value.
var globalValueFlags = map[string]bool{"db": true, "lang": true, "user": true, "screen": true, "quit-after": true,
	"slide": true, "slide-lang": true, "slide-size": true, "import-file": true}

// commandAt finds where the command begins in args, and whether a --user flag comes before it.
func commandAt(args []string) (int, bool) {
	hasUser := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") {
			return i, hasUser
		}
		name, _, withValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		hasUser = hasUser || name == "user"
		if !withValue && globalValueFlags[name] {
			i++
		}
	}
	return len(args), hasUser
}

// The demo office's users (data/demo), one per role.
const (
	demoDirector = "giamdoc"
	demoCredit   = "tindung"
	demoTeller   = "giaodich"
	demoAdmin    = "quantri"
)

// demoUserFor is the demo user whose role does the command: the teller posts payments, the
// credit officer opens loans and reads households and reports (seeing full ID numbers, as the
// reports printed before log-ins did), the accountant closes months and corrects, the
// director reopens months and changes rules, the administrator keeps users and backups.
func demoUserFor(cmd []string) string {
	verb := ""
	for _, a := range cmd[1:] {
		if !strings.HasPrefix(a, "-") {
			verb = a
			break
		}
	}
	switch cmd[0] {
	case "post":
		return demoTeller
	case "collection":
		switch verb {
		case "post":
			return demoTeller
		case "reverse":
			return demoAccountant
		}
		return demoCredit
	case "loan":
		switch verb {
		case "post":
			for i, a := range cmd {
				if (a == "--kind" || a == "-kind") && i+1 < len(cmd) {
					if k, ok := data.KindForCLI(cmd[i+1]); ok {
						return demoUserForAction(data.ActionForKind(k))
					}
				}
			}
			return demoTeller
		case "reverse", "reschedule", "extend":
			return demoAccountant
		}
		return demoCredit
	case "savings", "close", "check", "approvals", "capital", "settle":
		return demoAccountant
	case "reopen", "demo":
		return demoDirector
	case "settings":
		if verb == "set" {
			return demoDirector
		}
		return demoAccountant
	case "backup", "restore", "users":
		return demoAdmin
	}
	return demoCredit // borrowers, programs, report, export, import
}

// demoUserForAction is the first demo user, teller first, whose role may do act.
func demoUserForAction(act data.Action) string {
	for _, u := range []struct {
		name string
		role data.Role
	}{{demoTeller, data.RoleTeller}, {demoCredit, data.RoleCredit}, {demoAccountant, data.RoleAccountant},
		{demoDirector, data.RoleDirector}, {demoAdmin, data.RoleAdmin}} {
		if data.MayDo(u.role, act) {
			return u.name
		}
	}
	return demoDirector
}

// logInTo logs in to s as a demo user when its office has users; in setup it only names
// the user, as changes were recorded before log-ins.
func logInTo(t *testing.T, s *sqlite.Store, user string) context.Context {
	t.Helper()
	ctx := data.WithUser(context.Background(), user)
	has, err := s.HasUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !has {
		return ctx
	}
	sess, err := s.LogIn(ctx, user, demo.Password)
	if err != nil {
		t.Fatalf("log in as %s: %v", user, err)
	}
	return data.WithSession(ctx, sess)
}

// mustRun runs a command that must succeed and write nothing on stderr. A change that became
// a request (exit 3) is approved at once by another demo user whose role approves it, so that
// tests written before approvals still test the change itself; the result then holds both
// runs' output and exit 0.
func mustRun(t *testing.T, args ...string) result {
	t.Helper()
	r := runCLI(t, args...)
	if r.code == exitRequest && r.stderr == "" {
		r = approveRequest(t, args, r)
	}
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("run %q: want exit 0 and empty stderr, got %v", args, r)
	}
	return r
}

// requestNumber reads the request a run made from its last line, "request N".
func requestNumber(t *testing.T, r result) string {
	t.Helper()
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	n, ok := strings.CutPrefix(lines[len(lines)-1], "request ")
	if !ok || n == "" {
		t.Fatalf("exit 3 without “request N” on the last line:\n%v", r)
	}
	return n
}

// approveRequest approves the request the run made, as the first other demo user allowed to.
func approveRequest(t *testing.T, args []string, made result) result {
	t.Helper()
	n := requestNumber(t, made)
	at, _ := commandAt(args)
	globals := append([]string{}, args[:at]...) // the same file and language, another user
	for i, a := range args[at:] {
		if a == "--lang" && at+i+1 < len(args) { // a command's own --lang, as import has
			// in place of the global one: an option given twice is refused
			globals = append(stripFlag(globals, "lang"), a, args[at+i+1])
		}
	}
	var tried []string
	for _, u := range []string{demoAccountant, demoDirector, demoAdmin} {
		r := runRaw(append(stripUser(globals), "--user", u, "approvals", "approve", n)...)
		if r.code == 0 {
			return result{0, made.stdout + r.stdout, r.stderr}
		}
		tried = append(tried, u+": "+r.String())
	}
	t.Fatalf("run %q made request %s that no demo user could approve:\n%s", args, n, strings.Join(tried, "\n"))
	return result{}
}

// stripUser drops --user and its value from global flags.
func stripUser(globals []string) []string { return stripFlag(globals, "user") }

// stripFlag drops the option flag and its value from global flags.
func stripFlag(globals []string, flag string) []string {
	var out []string
	for i := 0; i < len(globals); i++ {
		name, _, withValue := strings.Cut(strings.TrimLeft(globals[i], "-"), "=")
		if name == flag {
			if !withValue {
				i++
			}
			continue
		}
		out = append(out, globals[i])
	}
	return out
}

// assertNoInternals fails when output shows a panic, a Go stack trace or raw SQLite text.
func assertNoInternals(t *testing.T, r result) {
	t.Helper()
	all := r.stdout + r.stderr
	for _, bad := range []string{"panic", "goroutine ", ".go:", "runtime/", "sqlite", "SQL logic",
		"constraint failed", "no such table", "disk image", "file is not a database"} {
		if strings.Contains(strings.ToLower(all), strings.ToLower(bad)) {
			t.Errorf("output holds %q (internal text must not reach a user):\n%v", bad, r)
		}
	}
}

// sharedDir holds databases built once for the whole test binary.
var sharedDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "policycredit-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sharedDir = dir
	// Demo offices have users, all with the demo password; no test depends on the caller's
	// environment naming a user.
	os.Setenv(envPassword, demo.Password)
	os.Unsetenv(envUser)
	os.Unsetenv(envNewPassword)
	os.Unsetenv(envPassphrase)
	code := pgtest.Main(m) // the PostgreSQL tests' server, started on first use, stopped here
	os.RemoveAll(dir)
	os.Exit(code)
}

// sharedOffice is a demo office made once for the whole test binary: the file the tests read,
// and a pristine copy that no test opens, to copy from while other tests read the first.
type sharedOffice struct {
	once           sync.Once
	path, pristine string
	err            string
}

func (o *sharedOffice) get(t *testing.T, scale string) *sharedOffice {
	t.Helper()
	o.once.Do(func() {
		path := filepath.Join(sharedDir, scale+".db")
		var out, errOut bytes.Buffer
		if code := run([]string{"--db", path, "--lang", "en", "demo", "--scale", scale, "--seed", "1", "--until", demo.TodayISO}, &out, &errOut); code != 0 {
			o.err = fmt.Sprintf("demo %s: exit %d\n%s%s", scale, code, out.String(), errOut.String())
			return
		}
		o.path, o.pristine = path, filepath.Join(sharedDir, scale+"-pristine.db")
		if err := copyFile(path, o.pristine); err != nil {
			o.err = err.Error()
		}
	})
	if o.err != "" {
		t.Fatal(o.err)
	}
	return o
}

var district, small sharedOffice

// districtDB is a district-scale demo office (seed 1) shared by the tests that only read it,
// several at once. Tests must not change it: copy districtFile to damage or restore over it.
func districtDB(t *testing.T) string {
	t.Helper()
	return district.get(t, "district").path
}

// districtFile is the district demo office's pristine copy, for copyDB.
func districtFile(t *testing.T) string {
	t.Helper()
	return district.get(t, "district").pristine
}

// smallDB is the test's own copy of a small-scale demo office (seed 1).
func smallDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "small.db")
	copyDB(t, small.get(t, "small").pristine, path)
	return path
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

// copyDB copies a closed database file (run closes its store, which folds the WAL in).
func copyDB(t *testing.T, from, to string) {
	t.Helper()
	if _, err := os.Stat(from + "-wal"); err == nil {
		t.Fatalf("%s-wal still exists after the store was closed", from)
	}
	if err := copyFile(from, to); err != nil {
		t.Fatal(err)
	}
}

func borrowersJSON(t *testing.T, db string, extra ...string) []borrowerJSON {
	t.Helper()
	r := mustRun(t, append([]string{"--db", db, "--lang", "en", "borrowers", "--json"}, extra...)...)
	var rows []borrowerJSON
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("borrowers --json is not JSON: %v\n%s", err, r.stdout)
	}
	if rows == nil {
		t.Fatalf("borrowers --json printed null, want a list:\n%s", r.stdout)
	}
	return rows
}

func codes(rows []borrowerJSON) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Code
	}
	return out
}

// ---- demo, check, counts ---------------------------------------------------------------------

func TestDemoDistrictThenCheck(t *testing.T) {
	t.Parallel()
	db := districtDB(t)
	r := mustRun(t, "--db", db, "--lang", "en", "check")
	if checkVerdict(r.stdout) != "Check complete: no problems found." {
		t.Errorf("check stdout = %q, want the ok sentence", r.stdout)
	}
}

func TestDemoOutputCounts(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "office.db")
	r := mustRun(t, "--db", db, "--lang", "en", "demo", "--scale", "small", "--seed", "1", "--until", demo.TodayISO)
	for _, want := range []string{"Demo office created:", "3 communes", "500 borrowers", "12 groups"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("demo stdout lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestDistrictBorrowerCount(t *testing.T) {
	t.Parallel()
	rows := borrowersJSON(t, districtDB(t))
	if len(rows) != 10600 {
		t.Fatalf("district demo: %d borrowers, want 10600", len(rows))
	}
	seen := map[string]bool{}
	for _, b := range rows {
		if b.Code == "" || b.Name == "" || b.Village == "" {
			t.Fatalf("borrower with an empty code, name or village: %+v", b)
		}
		if seen[b.Code] {
			t.Fatalf("customer code %s listed twice", b.Code)
		}
		seen[b.Code] = true
	}
}

func TestBorrowersTextListAndLimit(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	r := mustRun(t, "--db", db, "--lang", "en", "borrowers", "--limit", "3")
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if len(lines) != 5 { // header, 3 rows, count
		t.Fatalf("borrowers --limit 3: %d lines, want 5:\n%s", len(lines), r.stdout)
	}
	if !strings.HasPrefix(lines[0], "Customer code") {
		t.Errorf("header = %q", lines[0])
	}
	if lines[4] != "3 borrowers" {
		t.Errorf("last line = %q, want %q", lines[4], "3 borrowers")
	}
	if got := borrowersJSON(t, db, "--limit", "7"); len(got) != 7 {
		t.Errorf("borrowers --limit 7 --json: %d rows", len(got))
	}
}

// The same seed and day give the same office through the command line: households and every
// figure of the office summary. (The generator's determinism at district scale is
// data/demo's TestDeterministic; here the whole command, import included, is what is tested.)
func TestDemoSameSeedSameOffice(t *testing.T) {
	t.Parallel()
	office := func(db string) string {
		return mustRun(t, "--db", db, "--lang", "en", "borrowers", "--json").stdout + reportOutput(t, db, []string{"report", "office", "--date", demo.TodayISO})
	}
	a := filepath.Join(t.TempDir(), "seed1.db")
	mustRun(t, "--db", a, "demo", "--scale", "small", "--seed", "1", "--until", demo.TodayISO)
	if first, second := office(smallDB(t)), office(a); first != second {
		t.Fatalf("seed 1 twice gave different offices (%d vs %d bytes)", len(first), len(second))
	}
	// And the comparison means something: another seed gives another office.
	b := filepath.Join(t.TempDir(), "seed2.db")
	mustRun(t, "--db", b, "demo", "--scale", "small", "--seed", "2", "--until", demo.TodayISO)
	if reflect.DeepEqual(borrowersJSON(t, a), borrowersJSON(t, b)) {
		t.Error("seeds 1 and 2 gave the same borrowers")
	}
}

func TestDemoIntoNonEmptyDatabase(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "office.db")
	mustRun(t, "--db", db, "--lang", "en", "demo", "--scale", "small", "--seed", "1", "--until", demo.TodayISO)
	before := borrowersJSON(t, db)

	r := runCLI(t, "--db", db, "--lang", "en", "demo", "--scale", "small", "--seed", "2", "--until", demo.TodayISO)
	if r.code != 1 {
		t.Fatalf("second demo: want exit 1, got %v", r)
	}
	if r.stdout != "" {
		t.Errorf("second demo wrote on stdout: %q", r.stdout)
	}
	if !strings.Contains(r.stderr, "already holds data") {
		t.Errorf("second demo: stderr lacks the translated reason: %q", r.stderr)
	}
	assertNoInternals(t, r)

	r = runCLI(t, "--db", db, "--lang", "vi", "demo")
	if r.code != 1 || !strings.Contains(r.stderr, "tệp dữ liệu đã có dữ liệu") {
		t.Errorf("second demo in Vietnamese: want exit 1 and the Vietnamese reason, got %v", r)
	}
	assertNoInternals(t, r)

	if after := borrowersJSON(t, db); !reflect.DeepEqual(before, after) {
		t.Error("the refused demo changed the borrowers")
	}
	mustRun(t, "--db", db, "check")
}

// ---- programs -------------------------------------------------------------------------------

func programsJSON(t *testing.T, db string, extra ...string) []map[string]any {
	t.Helper()
	r := mustRun(t, append([]string{"--db", db, "--lang", "en", "programs", "--json"}, extra...)...)
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.UseNumber()
	var rows []map[string]any
	if err := dec.Decode(&rows); err != nil {
		t.Fatalf("programs --json is not JSON: %v\n%s", err, r.stdout)
	}
	return rows
}

func programByCode(t *testing.T, rows []map[string]any, code string) map[string]any {
	t.Helper()
	for _, p := range rows {
		if p["code"] == code {
			return p
		}
	}
	t.Fatalf("program %s not listed", code)
	return nil
}

func TestProgramsJSONSchema(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "new.db") // a new database is seeded with the catalogue
	rows := programsJSON(t, db, "--date", "2025-12-01")
	if len(rows) != 14 {
		t.Errorf("%d programs, want the fourteen of the catalogue", len(rows))
	}
	wantKeys := []string{"code", "max_amount", "max_term_months", "name", "open", "rate_monthly_percent"}
	for _, p := range rows {
		keys := make([]string, 0, len(p))
		for k := range p {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if !reflect.DeepEqual(keys, wantKeys) {
			t.Fatalf("program keys = %v, want %v", keys, wantKeys)
		}
		if _, ok := p["code"].(string); !ok {
			t.Errorf("code is %T, want a string", p["code"])
		}
		if _, ok := p["name"].(string); !ok {
			t.Errorf("name is %T, want a string", p["name"])
		}
		if _, ok := p["rate_monthly_percent"].(json.Number); !ok {
			t.Errorf("program %v: rate_monthly_percent is %T, want a JSON number", p["code"], p["rate_monthly_percent"])
		}
		if _, ok := p["max_amount"].(json.Number); !ok {
			t.Errorf("program %v: max_amount is %T, want a JSON number", p["code"], p["max_amount"])
		}
		if _, ok := p["max_term_months"].(json.Number); !ok {
			t.Errorf("program %v: max_term_months is %T, want a JSON number", p["code"], p["max_term_months"])
		}
		if _, ok := p["open"].(bool); !ok {
			t.Errorf("program %v: open is %T, want a boolean", p["code"], p["open"])
		}
	}
	p := programByCode(t, rows, "01")
	if p["name"] != "Poor households" || p["max_amount"] != json.Number("100000000") ||
		p["max_term_months"] != json.Number("120") || p["open"] != true {
		t.Errorf("program 01 = %v", p)
	}
	// The name follows the language.
	r := mustRun(t, "--db", db, "--lang", "vi", "programs", "--json")
	if !strings.Contains(r.stdout, `"Cho vay hộ nghèo"`) {
		t.Errorf("programs in Vietnamese lack the Vietnamese name of program 01:\n%s", r.stdout)
	}
}

func TestProgramsRateOnDate(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "new.db")
	for _, c := range []struct{ date, want string }{
		{"2025-11-30", "0.55"},
		{"2025-12-01", "0.52"},
		{"2020-01-01", "0.55"},
	} {
		p := programByCode(t, programsJSON(t, db, "--date", c.date), "01")
		if got := p["rate_monthly_percent"]; got != json.Number(c.want) {
			t.Errorf("program 01 on %s: rate %v, want %s", c.date, got, c.want)
		}
	}
	// Before the first recorded rate no program had a rate: an empty list, not null.
	r := mustRun(t, "--db", db, "programs", "--date", "1999-12-31", "--json")
	if strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("programs before any rate = %q, want []", r.stdout)
	}
}

func TestProgramsTable(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "new.db")
	r := mustRun(t, "--db", db, "--lang", "en", "programs", "--date", "2025-12-01")
	for _, want := range []string{"Credit programs, rates in force on", "Poor households"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("programs table lacks %q:\n%s", want, r.stdout)
		}
	}
	r = mustRun(t, "--db", db, "--lang", "vi", "programs", "--date", "2025-12-01")
	if !strings.Contains(r.stdout, "Cho vay hộ nghèo") {
		t.Errorf("Vietnamese programs table lacks the program name:\n%s", r.stdout)
	}
}

// ---- borrowers --search ---------------------------------------------------------------------

func TestBorrowersSearchWords(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	all := borrowersJSON(t, db)
	found := borrowersJSON(t, db, "--search", "nguyen thi")
	if len(found) == 0 {
		t.Fatal(`search "nguyen thi" found nobody in the small demo`)
	}
	for _, b := range found {
		name := data.Fold(b.Name)
		if !strings.Contains(name, "nguyen") || !strings.Contains(name, "thi") {
			t.Errorf("search \"nguyen thi\" returned %q (%s)", b.Name, b.Code)
		}
	}
	// Nobody is missed: the result is exactly the households whose folded name holds both words.
	var want []string
	for _, b := range all {
		name := data.Fold(b.Name)
		if strings.Contains(name, "nguyen") && strings.Contains(name, "thi") {
			want = append(want, b.Code)
		}
	}
	got := codes(found)
	sort.Strings(got)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("search \"nguyen thi\": %d households, want %d", len(got), len(want))
	}
	if len(found) == len(all) {
		t.Error("the search did not filter anything")
	}
	// Any word order, any case, with diacritics: the same households in the same order.
	for _, q := range []string{"Nguyễn Thị", "thị nguyễn", "THI NGUYEN", "  nguyen   thi  "} {
		if other := borrowersJSON(t, db, "--search", q); !reflect.DeepEqual(codes(other), codes(found)) {
			t.Errorf("search %q differs from \"nguyen thi\" (%d vs %d)", q, len(other), len(found))
		}
	}
}

func TestBorrowersSearchByCodeAndID(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	all := borrowersJSON(t, db)
	target := all[len(all)/2]
	for _, q := range []string{target.Code, target.IDNumber} {
		found := borrowersJSON(t, db, "--search", q)
		if len(found) != 1 || found[0] != target {
			t.Errorf("search %q = %+v, want just %+v", q, found, target)
		}
	}
	r := mustRun(t, "--db", db, "--lang", "en", "borrowers", "--search", target.Code)
	if !strings.Contains(r.stdout, target.Name) || !strings.HasSuffix(r.stdout, "1 borrower\n") {
		t.Errorf("text search by code:\n%s", r.stdout)
	}
	if found := borrowersJSON(t, db, "--search", "zzzz-nobody"); len(found) != 0 {
		t.Errorf("search for nobody found %d", len(found))
	}
}

func TestBorrowersSearchDiacritics(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	all := borrowersJSON(t, db)
	// A full name with diacritics, found typed as is and typed without them.
	var target borrowerJSON
	for _, b := range all {
		if data.Fold(b.Name) != strings.ToLower(b.Name) && strings.ContainsAny(b.Name, "đĐ") {
			target = b
			break
		}
	}
	if target.Code == "" {
		for _, b := range all {
			if data.Fold(b.Name) != strings.ToLower(b.Name) {
				target = b
				break
			}
		}
	}
	if target.Code == "" {
		t.Fatal("no name with diacritics in the small demo")
	}
	with := borrowersJSON(t, db, "--search", target.Name)
	without := borrowersJSON(t, db, "--search", data.Fold(target.Name))
	if len(with) == 0 || !reflect.DeepEqual(with, without) {
		t.Errorf("search %q gave %d, %q gave %d; want the same, non-empty", target.Name, len(with),
			data.Fold(target.Name), len(without))
	}
	found := false
	for _, b := range with {
		found = found || b.Code == target.Code
	}
	if !found {
		t.Errorf("search by the full name %q misses %s", target.Name, target.Code)
	}
	// Fixed pair: "Nguyễn Thị" and "nguyen thi" (also in TestBorrowersSearchWords), and a given name.
	if a, b := borrowersJSON(t, db, "--search", "Ánh"), borrowersJSON(t, db, "--search", "anh"); !reflect.DeepEqual(a, b) {
		t.Errorf("\"Ánh\" gave %d, \"anh\" gave %d", len(a), len(b))
	}
}

// ---- command line errors --------------------------------------------------------------------

func TestBadCommandLines(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "office.db")
	cases := []struct {
		name string
		args []string
		want []string // on stderr
	}{
		{"unknown command", []string{"frobnicate"}, []string{"There is no command “frobnicate”", "Usage: policycredit"}},
		{"unknown flag", []string{"programs", "--bogus"}, []string{"Invalid option", "bogus", "Usage: policycredit programs"}},
		{"unknown global flag", []string{"--bogus", "check"}, []string{"Invalid option", "bogus"}},
		{"unsupported language", []string{"--lang", "de", "check"}, []string{"“de”"}},
		{"unknown scale", []string{"demo", "--scale", "huge"}, []string{"There is no scale “huge”", "Usage: policycredit demo"}},
		{"bad seed", []string{"demo", "--seed", "abc"}, []string{"Invalid option", "Usage: policycredit demo"}},
		{"demo until not a date", []string{"demo", "--until", "2026-02-30"}, []string{"--until", "“2026-02-30”", "on or after 2025-01-01", "Usage: policycredit demo"}},
		{"demo until too early", []string{"demo", "--until", "2019-05-01"}, []string{"--until", "“2019-05-01”", "on or after 2025-01-01"}},
		{"month 13", []string{"programs", "--date", "2025-13-01"}, []string{"Not a date: “2025-13-01”", "Usage: policycredit programs"}},
		{"30 February", []string{"programs", "--date", "2025-02-30"}, []string{"Not a date"}},
		{"restore without a file", []string{"restore"}, []string{"Wrong number of arguments", "Usage: policycredit restore"}},
		{"restore two files", []string{"restore", "a.db", "b.db"}, []string{"Wrong number of arguments"}},
		{"check extra", []string{"check", "extra"}, []string{"Wrong number of arguments", "Usage: policycredit check"}},
		{"borrowers positional", []string{"borrowers", "nguyen"}, []string{"Wrong number of arguments"}},
		{"bad limit", []string{"borrowers", "--limit", "many"}, []string{"Invalid option"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"--db", db}, c.args...)
			if c.args[0] != "--lang" {
				args = append([]string{"--lang", "en"}, args...)
			}
			r := runCLI(t, args...)
			if r.code != 2 {
				t.Errorf("want exit 2, got %v", r)
			}
			if r.stdout != "" {
				t.Errorf("stdout should be empty, got %q", r.stdout)
			}
			if strings.TrimSpace(r.stderr) == "" {
				t.Error("stderr is empty")
			}
			for _, w := range c.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			assertNoInternals(t, r)
		})
	}
	// A refused command line never creates the database.
	if _, err := os.Stat(db); err == nil {
		t.Error("a refused command line created the database file")
	}
}

func TestBadCommandLineVietnamese(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "office.db")
	// No --lang: Vietnamese by default; --lang vi explicitly; --lang=vi form.
	for _, args := range [][]string{
		{"--db", db, "frobnicate"},
		{"--db", db, "--lang", "vi", "frobnicate"},
		{"--lang=vi", "--db", db, "frobnicate"},
	} {
		r := runCLI(t, args...)
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "Không có lệnh “frobnicate”") {
			t.Errorf("%q: want exit 2 and the Vietnamese message, got %v", args, r)
		}
	}
	// Flag errors of a command are translated too.
	r := runCLI(t, "--db", db, "--lang", "fr", "programs", "--bogus")
	if r.code != 2 || r.stdout != "" || strings.Contains(r.stderr, "Invalid option") || r.stderr == "" {
		t.Errorf("French flag error: got %v", r)
	}
}

// ---- help -----------------------------------------------------------------------------------

func TestHelp(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "office.db")
	r := mustRun(t, "--db", db, "--lang", "en", "help")
	for _, want := range []string{"Usage: policycredit", "demo", "programs", "borrowers", "check", "backup", "restore", "--db FILE", "--lang vi|en|fr"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("help lacks %q:\n%s", want, r.stdout)
		}
	}
	r = mustRun(t, "--db", db, "help")
	if !strings.Contains(r.stdout, "policycredit") || strings.Contains(r.stdout, "With no command, opens the app") {
		t.Errorf("Vietnamese help looks English or empty:\n%s", r.stdout)
	}
}

// ---- languages ------------------------------------------------------------------------------

func TestVietnameseIsTheDefault(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "office.db")
	r := mustRun(t, "--db", db, "check")
	if checkVerdict(r.stdout) != "Kiểm tra xong: dữ liệu không có vấn đề." {
		t.Errorf("check without --lang = %q, want the Vietnamese sentence", r.stdout)
	}
	r = mustRun(t, "--db", db, "demo", "--scale", "small", "--seed", "1", "--until", demo.TodayISO)
	if !strings.HasPrefix(r.stdout, "Đã tạo dữ liệu mẫu: 3 xã") || !strings.Contains(r.stdout, "500 hộ vay") {
		t.Errorf("demo without --lang = %q", r.stdout)
	}
	r = mustRun(t, "--db", db, "--lang", "vi", "borrowers", "--limit", "2")
	if !strings.HasSuffix(r.stdout, "2 hộ vay\n") {
		t.Errorf("Vietnamese borrowers list does not end with the count:\n%s", r.stdout)
	}
}

func TestSavedLanguageIsUsed(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "office.db")
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := data.WithUser(context.Background(), "test")
	st, err := s.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.Language = "en"
	if err := s.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, "--db", db, "check")
	if checkVerdict(r.stdout) != "Check complete: no problems found." {
		t.Errorf("check on a database saved in English = %q", r.stdout)
	}
	r = mustRun(t, "--db", db, "--lang", "vi", "check")
	if checkVerdict(r.stdout) != "Kiểm tra xong: dữ liệu không có vấn đề." {
		t.Errorf("--lang vi should win over the saved language, got %q", r.stdout)
	}
	// Failures and usage errors speak the saved language too.
	r = runCLI(t, "--db", db, "restore", filepath.Join(t.TempDir(), "missing.db"))
	if r.code != 1 || !strings.Contains(r.stderr, "Backup file") {
		t.Errorf("restore of a missing file on an English office: %v", r)
	}
	r = runCLI(t, "--db", db, "programs", "--date", "someday")
	if r.code != 2 || !strings.Contains(r.stderr, "Usage") {
		t.Errorf("bad date on an English office: %v", r)
	}
}

// ---- backup and restore ---------------------------------------------------------------------

// asideFiles lists the files restore set aside for db (without their -wal/-shm).
func asideFiles(t *testing.T, db string) []string {
	t.Helper()
	m, err := filepath.Glob(db + ".before-restore-*")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range m {
		if !strings.HasSuffix(f, "-wal") && !strings.HasSuffix(f, "-shm") {
			out = append(out, f)
		}
	}
	return out
}

func TestBackupThenRestore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "office.db")
	backup := filepath.Join(dir, "saved", "empty.db") // the folder is created

	r := mustRun(t, "--db", db, "--lang", "en", "backup", "--to", backup)
	if !strings.Contains(r.stdout, "Backed up to "+backup) {
		t.Errorf("backup stdout = %q", r.stdout)
	}
	if _, err := os.Stat(backup); err != nil {
		t.Fatalf("backup file: %v", err)
	}
	if _, err := os.Stat(backup + "-wal"); err == nil {
		t.Error("the backup has a -wal file: it should be a single self-contained file")
	}
	if rows := borrowersJSON(t, backup); len(rows) != 0 {
		t.Fatalf("the backup of an empty database holds %d borrowers", len(rows))
	}

	mustRun(t, "--db", db, "demo", "--scale", "small", "--seed", "1", "--until", demo.TodayISO)
	demoRows := borrowersJSON(t, db)
	if len(demoRows) != 500 {
		t.Fatalf("after demo: %d borrowers, want 500", len(demoRows))
	}

	r = mustRun(t, "--db", db, "--lang", "en", "restore", backup)
	asides := asideFiles(t, db)
	if len(asides) != 1 {
		t.Fatalf("want one file set aside, found %v", asides)
	}
	if !strings.Contains(r.stdout, "Restored the data from "+backup) || !strings.Contains(r.stdout, asides[0]) {
		t.Errorf("restore stdout = %q (aside %s)", r.stdout, asides[0])
	}
	if _, err := os.Stat(db + ".restoring"); err == nil {
		t.Error("restore left its .restoring file behind")
	}

	if rows := borrowersJSON(t, db); len(rows) != 0 {
		t.Errorf("after restoring the empty backup: %d borrowers, want 0", len(rows))
	}
	if got := programsJSON(t, db, "--date", "2025-12-01"); len(got) != 14 {
		t.Errorf("after restore: %d programs, want 14", len(got))
	}
	mustRun(t, "--db", db, "check")
	// The demo office is still in the file set aside, whole.
	if rows := borrowersJSON(t, asides[0]); !reflect.DeepEqual(rows, demoRows) {
		t.Errorf("the file set aside holds %d borrowers, want the 500 of the demo", len(rows))
	}
	mustRun(t, "--db", asides[0], "check")
	// The backup itself is untouched and can be restored again.
	if rows := borrowersJSON(t, backup); len(rows) != 0 {
		t.Errorf("the backup now holds %d borrowers", len(rows))
	}
}

func TestBackupDefaultFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "office.db")
	mustRun(t, "--db", db, "--lang", "en", "backup")
	m, err := filepath.Glob(filepath.Join(dir, "backups", "policycredit-*.db"))
	if err != nil || len(m) != 1 {
		t.Fatalf("backup without --to: files in backups/ = %v (%v)", m, err)
	}
}

func TestRestoreRefusals(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "office.db")
	copyDB(t, smallDB(t), db)
	before := borrowersJSON(t, db)
	if len(before) != 500 {
		t.Fatalf("copy of the small demo: %d borrowers", len(before))
	}

	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("this is not a database\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// A sound SQLite file that is not ours.
	foreign := filepath.Join(dir, "foreign.db")
	fdb, err := sql.Open("sqlite3", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fdb.Exec(`CREATE TABLE t (x); INSERT INTO t VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	fdb.Close()

	cases := []struct {
		name, file, want string
	}{
		{"text file", text, "is not a backup made by this app"},
		{"empty file", empty, "is not a backup made by this app"},
		{"foreign database", foreign, "is not a backup made by this app"},
		{"missing file", filepath.Join(dir, "nowhere.db"), "Backup file"},
		{"a folder", dir, "Backup file"},
		{"the database itself", db, "Backup file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, "--db", db, "--lang", "en", "restore", c.file)
			if r.code != 1 {
				t.Errorf("want exit 1, got %v", r)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
			if !strings.Contains(r.stderr, c.want) {
				t.Errorf("stderr lacks %q:\n%s", c.want, r.stderr)
			}
			assertNoInternals(t, r)
			if a := asideFiles(t, db); len(a) != 0 {
				t.Errorf("a refused restore set files aside: %v", a)
			}
			r = mustRun(t, "--db", db, "--lang", "en", "check")
			if checkVerdict(r.stdout) != "Check complete: no problems found." {
				t.Errorf("check after the refused restore: %q", r.stdout)
			}
			if after := borrowersJSON(t, db); !reflect.DeepEqual(after, before) {
				t.Errorf("the refused restore changed the data: %d borrowers", len(after))
			}
		})
	}
	r := runCLI(t, "--db", db, "restore", text)
	if r.code != 1 || !strings.Contains(r.stderr, "không phải tệp sao lưu") {
		t.Errorf("Vietnamese refusal: got %v", r)
	}
}

// ---- damaged databases ----------------------------------------------------------------------

func TestCheckCorruptedFile(t *testing.T) {
	t.Parallel()
	src := districtFile(t)
	info, err := os.Stat(src)
	if err != nil {
		t.Fatal(err)
	}
	size := info.Size()
	garbage := bytes.Repeat([]byte{0xDE, 0xAD, 0xBE, 0xEF}, 2048) // 8 KiB
	for _, c := range []struct {
		name   string
		offset int64
	}{
		{"middle", size/2 + 123},
		{"page-aligned middle", size / 2 / 4096 * 4096},
		{"near the end", size - 3*4096},
		{"header", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "damaged.db")
			copyDB(t, src, db)
			f, err := os.OpenFile(db, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.WriteAt(garbage, c.offset); err != nil {
				t.Fatal(err)
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
			r := runCLI(t, "--db", db, "--lang", "en", "check")
			if r.code != 1 {
				t.Errorf("check of a damaged file: want exit 1, got %v", r)
			}
			if strings.TrimSpace(r.stdout+r.stderr) == "" {
				t.Error("check of a damaged file printed nothing")
			}
			assertNoInternals(t, r)
			if strings.Contains(r.stdout, "no problems found") {
				t.Errorf("check called a damaged file sound:\n%v", r)
			}
			// Another command may not touch the damaged pages; when it does, it fails cleanly.
			r = runCLI(t, "--db", db, "--lang", "en", "borrowers", "--json")
			if r.code != 0 && (r.code != 1 || r.stdout != "" || r.stderr == "") {
				t.Errorf("borrowers on a damaged file: want exit 0, or exit 1 with only a message, got %v", r)
			}
			assertNoInternals(t, r)
		})
	}
}

func TestCheckReportsProblems(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "office.db")
	copyDB(t, smallDB(t), db)
	// Break a reference behind the store's back (foreign keys are off in this connection).
	raw, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE borrowers SET village_id = 999999 WHERE id = (SELECT min(id) FROM borrowers)`); err != nil {
		raw.Close()
		t.Fatal(err)
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "--db", db, "--lang", "en", "check")
	if r.code != 1 {
		t.Errorf("check with a broken reference: want exit 1, got %v", r)
	}
	if r.stderr != "" {
		t.Errorf("problems go to stdout; stderr = %q", r.stderr)
	}
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if len(lines) != 2 || strings.Contains(r.stdout, "no problems found") {
		t.Errorf("want a count line and one problem:\n%s", r.stdout)
	}
	r = runCLI(t, "--db", db, "check")
	if r.code != 1 || !strings.HasPrefix(r.stdout, "Phát hiện 1 vấn đề") {
		t.Errorf("Vietnamese problem count: got %v", r)
	}
}

func TestProgramsWritesPrintableCatalogue(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "office.db")
	pdf, csv, js := filepath.Join(dir, "rates.pdf"), filepath.Join(dir, "rates.csv"), filepath.Join(dir, "rates.json")
	mustRun(t, "--db", db, "--lang", "en", "programs", "--date", "2025-12-01", "--pdf", pdf, "--csv", csv, "--json-file", js)
	b, err := os.ReadFile(pdf)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("--pdf wrote no PDF: %v", err)
	}
	c, err := os.ReadFile(csv)
	if err != nil || !strings.Contains(string(c), "Poor households") {
		t.Fatalf("--csv wrote no catalogue: %v\n%s", err, c)
	}
	var catalogue struct {
		Report         string
		PenaltyPercent int `json:"penalty_percent"`
		Programs       []struct {
			Code        string
			MonthlyRate json.Number `json:"monthly_rate"`
		}
	}
	j, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(j, &catalogue); err != nil || catalogue.Report != "program_catalogue" || catalogue.PenaltyPercent != 130 {
		t.Fatalf("--json-file wrote no catalogue: %v\n%s", err, j)
	}
	for _, p := range catalogue.Programs {
		if p.Code == "01" && p.MonthlyRate != "0.52" {
			t.Errorf("program 01 on 2025-12-01: monthly rate %s, want 0.52 (in force from that day)", p.MonthlyRate)
		}
	}
}
