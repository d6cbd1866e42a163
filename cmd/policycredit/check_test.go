package main

import (
	"database/sql"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// checkVerdict is the first line check prints: the ok sentence or the count of problems.
func checkVerdict(stdout string) string {
	line, _, _ := strings.Cut(stdout, "\n")
	return strings.TrimSpace(line)
}

// ledgerHeadLine is the line a sound check ends with: the head's first 12 hex digits.
var ledgerHeadLine = regexp.MustCompile(`(?m)^Ledger head: ([0-9a-f]{12})$`)

// check --rebuild recomputes the balances before checking: on a sound office it corrects
// nothing and the check finds nothing.
func TestCheckRebuildOnASoundOffice(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "office.db")
	copyDB(t, smallDB(t), db) // the rebuild writes: the shared office stays as it is
	r := mustRun(t, "--db", db, "--lang", "en", "check", "--rebuild")
	want := "Balances recomputed from the ledger: 0 rows corrected.\nCheck complete: no problems found.\nLedger head: "
	if !strings.HasPrefix(r.stdout, want) || !ledgerHeadLine.MatchString(r.stdout) {
		t.Errorf("check --rebuild stdout = %q, want %q", r.stdout, want)
	}
	r = runCLI(t, "--db", db, "--lang", "en", "check", "--rebuild", "extra")
	if !strings.Contains(r.stderr, "Usage: policycredit check [--rebuild]") {
		t.Errorf("check with an extra argument: stderr = %q, want the usage", r.stderr)
	}
}

// check prints the ledger's head on a sound office, and --anchor proves the ledger still holds
// the state a noted head stood for, after more postings too; a malformed or unknown anchor
// exits 1 with a message naming it.
func TestCheckAnchor(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	r := mustRun(t, "--db", db, "--lang", "en", "check")
	m := ledgerHeadLine.FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("check stdout = %q, want a ledger head line", r.stdout)
	}
	head := m[1]
	r = mustRun(t, "--db", db, "--lang", "en", "check", "--anchor", strings.ToUpper(head))
	if !strings.Contains(r.stdout, "Anchor "+head+" found at ledger entry ") {
		t.Errorf("check --anchor stdout = %q", r.stdout)
	}
	for _, c := range []struct {
		anchor string
		code   int
		want   string
	}{
		// Digits that cannot be an anchor are a wrong command line (exit 2), named by option.
		{"3fa9", 2, "--anchor: Anchor must be at least 12 hexadecimal digits"},
		{"not-hex-at-all!", 2, "--anchor: Anchor must be at least 12 hexadecimal digits"},
		{"000000000000", 1, "no ledger entry has a hash beginning with these digits"},
	} {
		r := runCLI(t, "--db", db, "--lang", "en", "check", "--anchor", c.anchor)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) {
			t.Errorf("check --anchor %s: exit %d, stderr %q; want %d and %q", c.anchor, r.code, r.stderr, c.code, c.want)
		}
	}
	r = runCLI(t, "--db", db, "--lang", "vi", "check", "--anchor", "3fa9")
	if r.code != 2 || !strings.Contains(r.stderr, "Mã neo phải có ít nhất 12 chữ số thập lục phân") {
		t.Errorf("check --anchor in Vietnamese: exit %d, stderr %q", r.code, r.stderr)
	}
}

// tamperDB runs statements on the office file with database/sql, as the sqlite3 shell would.
func tamperDB(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func queryDB(t *testing.T, path, q string) (v int64, trigger string) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRow(q).Scan(&v, &trigger); err != nil {
		t.Fatal(err)
	}
	return v, trigger
}

// Each edit made behind the app's back makes check exit 1 naming the first row that breaks.
func TestCheckFindsTampering(t *testing.T) {
	t.Parallel()
	// An interest entry in the middle of the ledger that no reversal names, with the
	// trigger to put back after the edit.
	const pick = `SELECT id, (SELECT sql FROM sqlite_master WHERE name = '%s') FROM entries e WHERE kind = 'interest'
		AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id) ORDER BY id LIMIT 1 OFFSET 300`
	cases := []struct {
		name string
		edit func(db string) string // returns what the output must name
	}{
		{"an edited amount with its balance", func(db string) string {
			id, trig := queryDB(t, db, strings.Replace(pick, "%s", "entries_no_update", 1))
			n := strconv.FormatInt(id, 10)
			tamperDB(t, db, `DROP TRIGGER entries_no_update`, `UPDATE entries SET amount = amount + 1000 WHERE id = `+n,
				`UPDATE loan_balances SET interest_paid = interest_paid + 1000 WHERE loan_id = (SELECT loan_id FROM entries WHERE id = `+n+`)`,
				trig)
			return "Ledger: row " + n + " breaks the hash chain"
		}},
		{"a deleted entry", func(db string) string {
			id, trig := queryDB(t, db, strings.Replace(pick, "%s", "entries_no_delete", 1))
			next, _ := queryDB(t, db, `SELECT min(id), '' FROM entries WHERE id > `+strconv.FormatInt(id, 10))
			tamperDB(t, db, `DROP TRIGGER entries_no_delete`, `DELETE FROM entries WHERE id = `+strconv.FormatInt(id, 10), trig)
			return "Ledger: row " + strconv.FormatInt(next, 10) + " breaks the hash chain"
		}},
		{"an audit row's user name", func(db string) string {
			id, trig := queryDB(t, db, `SELECT max(id), (SELECT sql FROM sqlite_master WHERE name = 'audit_no_update') FROM audit`)
			n := strconv.FormatInt(id, 10)
			tamperDB(t, db, `DROP TRIGGER audit_no_update`, `UPDATE audit SET user_name = 'someone.else' WHERE id = `+n, trig)
			return "Audit log: row " + n + " breaks the hash chain"
		}},
		{"an edited kept balance", func(db string) string {
			tamperDB(t, db, `UPDATE loan_balances SET principal_repaid = principal_repaid + 1 WHERE loan_id = (SELECT min(loan_id) FROM loan_balances)`)
			return "the stored total"
		}},
		{"a dropped trigger", func(db string) string {
			tamperDB(t, db, `DROP TRIGGER entries_no_delete`)
			return "the protection “entries_no_delete” is missing"
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			db := smallDB(t)
			want := c.edit(db)
			r := runCLI(t, "--db", db, "--lang", "en", "check")
			if r.code != 1 || !strings.Contains(r.stdout, want) {
				t.Errorf("check after %s: exit %d, stdout %q; want 1 and %q", c.name, r.code, r.stdout, want)
			}
			if strings.Contains(r.stdout, "Ledger head:") {
				t.Error("a check that found problems printed a ledger head to note")
			}
		})
	}
}
