package main

import (
	"context"
	"database/sql"
	"errors"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
	"policycredit/data/sqlite"
)

// pdfText is the text pdftotext extracts from a PDF. A missing pdftotext is a failure: `make
// deps` installs poppler-utils, and a skipped check proves nothing.
func pdfText(t *testing.T, file string) string {
	t.Helper()
	path, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext is not installed (poppler-utils); run `make deps`")
	}
	out, err := exec.Command(path, file, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext %s: %v\n%s", file, err, out)
	}
	return strings.ReplaceAll(string(out), "\u00a0", " ")
}

var anchorLine = map[string]*regexp.Regexp{
	"en": regexp.MustCompile(`Ledger anchor: ([0-9a-f]{12}) — check with: policycredit check --anchor ([0-9a-f]{12})`),
	"fr": regexp.MustCompile(`Ancre du grand livre : ([0-9a-f]{12}) — à vérifier avec : policycredit check --anchor ([0-9a-f]{12})`),
	"vi": regexp.MustCompile(`Mã neo sổ cái: ([0-9a-f]{12}) — kiểm tra bằng: policycredit check --anchor ([0-9a-f]{12})`),
}

// Every signed report and the day report carry the ledger's anchor on each page, in the
// report's language; the digits printed are the head check prints, and check --anchor with
// them proves the ledger still holds that state, after more postings too.
func TestSignedReportsCarryTheLedgerAnchor(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	dir := t.TempDir()
	m := ledgerHeadLine.FindStringSubmatch(mustRun(t, "--db", db, "--lang", "en", "check").stdout)
	if m == nil {
		t.Fatal("check printed no ledger head")
	}
	head := m[1]
	point := queryString(t, db, `SELECT code FROM points ORDER BY code LIMIT 1`)
	commune := queryString(t, db, `SELECT code FROM communes ORDER BY code LIMIT 1`)
	customer := queryString(t, db, `SELECT b.code FROM borrowers b JOIN loans l ON l.borrower_id = b.id ORDER BY b.code LIMIT 1`)
	day := demo.Today.String()
	for _, c := range []struct {
		lang, file string
		args       []string
	}{
		{"en", "day.pdf", []string{"collection", "day", "--point", point, "--date", day}},
		{"vi", "list.pdf", []string{"collection", "list", "--point", point, "--date", day}},
		{"fr", "commune.pdf", []string{"report", "commune", "--commune", commune, "--date", day}},
		{"en", "office.pdf", []string{"report", "office", "--date", day}},
		{"en", "overdue.pdf", []string{"report", "overdue", "--date", day}},
		{"vi", "disclosure.pdf", []string{"report", "disclosure", "--point", point, "--date", day}},
		{"en", "statement.pdf", []string{"report", "statement", "--date", day, "--customer", customer}},
		{"fr", "statements.pdf", []string{"report", "statement", "--date", day, "--commune", commune}},
	} {
		file := filepath.Join(dir, c.file)
		mustRun(t, append(append([]string{"--db", db, "--lang", c.lang}, c.args...), "-o", file)...)
		text := pdfText(t, file)
		lines := anchorLine[c.lang].FindAllStringSubmatch(text, -1)
		pages := strings.Count(text, "\f")
		if len(lines) == 0 || len(lines) != pages {
			t.Errorf("%s: %d anchor lines on %d pages\n%s", c.file, len(lines), pages, text)
			continue
		}
		for _, l := range lines {
			if l[1] != head || l[2] != head {
				t.Errorf("%s: anchor line %q, want the head %s", c.file, l[0], head)
			}
		}
	}
	// One more posting moves the head; the anchor on paper still proves the state it noted.
	borrower, _ := queryDB(t, db, `SELECT min(id), '' FROM borrowers WHERE active = 1`)
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	e := data.Entry{BorrowerID: borrower, Kind: data.EntryDeposit, ValueDate: demo.Today, Amount: 50_000}
	if err := s.Post(logInTo(t, s, "giaodich"), &e); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if m := ledgerHeadLine.FindStringSubmatch(mustRun(t, "--db", db, "--lang", "en", "check").stdout); m == nil || m[1] == head {
		t.Errorf("after a posting the ledger head is %v, before %s", m, head)
	}
	r := mustRun(t, "--db", db, "--lang", "en", "check", "--anchor", head)
	if !strings.Contains(r.stdout, "Anchor "+head+" found at ledger entry ") {
		t.Errorf("check --anchor %s: %q", head, r.stdout)
	}
}

func queryString(t *testing.T, path, q string) string {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.QueryRow(q).Scan(&v); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return v
}

// peopleDB is a copy of the small office with a director, who asked for a role change (a
// request waiting for a second user): an office out of setup, where check still needs no log-in.
func peopleDB(t *testing.T) (path string, request int64) {
	t.Helper()
	path = smallDB(t)
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	director := data.User{Name: "giamdoc", FullName: "Nguyễn Văn Minh", Role: data.RoleDirector}
	sess, err := s.LogIn(ctx, director.Name, demo.Password) // the demo office's director
	if err != nil {
		t.Fatal(err)
	}
	var made *data.RequestMade
	if err := s.SetUserRole(data.WithSession(ctx, sess), director.Name, data.RoleAdmin); !errors.As(err, &made) {
		t.Fatalf("SetUserRole: %v, want a request", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path, made.ID
}

// check exits 1 naming the user, the request or the trigger an edit made with SQL touched,
// with no one logged in, in the reader's language.
func TestCheckFindsPeopleTampering(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		lang string
		edit func(db string, request int64) string // returns what the output must say
	}{
		{"a role", "en", func(db string, _ int64) string {
			tamperDB(t, db, `UPDATE users SET role = 'administrator' WHERE name = 'giamdoc'`)
			return "User giamdoc: the column “role” differs from the audit log; the row was changed outside the app"
		}},
		{"a password hash", "vi", func(db string, _ int64) string {
			tamperDB(t, db, `UPDATE users SET password_hash = 'x' || password_hash WHERE name = 'giamdoc'`)
			return "Người dùng giamdoc: cột “password_hash” khác với nhật ký thay đổi"
		}},
		{"a name", "fr", func(db string, _ int64) string {
			tamperDB(t, db, `UPDATE users SET full_name = 'Quelqu''un' WHERE name = 'giamdoc'`)
			return "Utilisateur giamdoc\u00a0: la colonne «\u00a0full_name\u00a0» diffère du journal des modifications"
		}},
		{"a deleted user", "en", func(db string, _ int64) string {
			tamperDB(t, db, `DELETE FROM users WHERE name = 'giamdoc'`)
			return "User giamdoc is in the audit log but its row is gone; it was deleted outside the app"
		}},
		{"a deleted request", "en", func(db string, request int64) string {
			_, trig := queryDB(t, db, `SELECT 0, (SELECT sql FROM sqlite_master WHERE name = 'requests_no_delete')`)
			tamperDB(t, db, `DROP TRIGGER requests_no_delete`, `DELETE FROM requests WHERE id = `+strconv.FormatInt(request, 10), trig)
			return "Request " + strconv.FormatInt(request, 10) + " is in the audit log but its row is gone"
		}},
		{"a request's arguments", "en", func(db string, request int64) string {
			tamperDB(t, db, `UPDATE requests SET args_json = replace(args_json, 'administrator', 'teller') WHERE id = `+strconv.FormatInt(request, 10))
			return "Request " + strconv.FormatInt(request, 10) + ": the column “args_json” differs from the audit log"
		}},
		{"a dropped requests trigger", "en", func(db string, _ int64) string {
			tamperDB(t, db, `DROP TRIGGER requests_decided_final`)
			return "the protection “requests_decided_final” is missing"
		}},
		{"an emptied trigger", "en", func(db string, _ int64) string {
			tamperDB(t, db, `DROP TRIGGER audit_no_update`, `CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT 1; END`)
			return "the protection “audit_no_update” is not the one the app created"
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			db, request := peopleDB(t)
			if r := mustRun(t, "--db", db, "--lang", "en", "check"); !ledgerHeadLine.MatchString(r.stdout) {
				t.Fatalf("check of the office with a user, before any edit: %q", r.stdout)
			}
			want := c.edit(db, request)
			r := runCLI(t, "--db", db, "--lang", c.lang, "check")
			if r.code != 1 || !strings.Contains(r.stdout, want) {
				t.Errorf("check after editing %s: exit %d, stdout %q; want 1 and %q", c.name, r.code, r.stdout, want)
			}
			assertNoInternals(t, r)
		})
	}
}
