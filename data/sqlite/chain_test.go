package sqlite

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"policycredit/data"
)

// tamper runs statements straight on the file, as someone with the sqlite3 shell would (on
// PostgreSQL, with psql: a trigger is dropped ON its table).
func tamper(t *testing.T, s *Store, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		if name, ok := strings.CutPrefix(q, "DROP TRIGGER "); ok && s.pg && !strings.Contains(name, " ON ") {
			name = strings.TrimPrefix(name, "IF EXISTS ")
			var table string
			must(t, s.db.QueryRow(`SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = ?`, name).Scan(&table))
			q = dropTrigger(s, name, table)
		}
		if _, err := s.db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// triggerSQL is a trigger's statement, to put it back after an edit.
func triggerSQL(t *testing.T, s *Store, name string) string {
	t.Helper()
	var q string
	if s.pg {
		must(t, s.db.QueryRow(`SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = ?`, name).Scan(&q))
		return q
	}
	must(t, s.db.QueryRow(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`, name).Scan(&q))
	return q
}

func queryInt(t *testing.T, s *Store, q string, args ...any) int64 {
	t.Helper()
	var v int64
	must(t, s.db.QueryRow(q, args...).Scan(&v))
	return v
}

// findProblem is the problem of a rule and field Check reported, nil if none.
func findProblem(problems []*data.Error, field, rule string) *data.Error {
	for _, p := range problems {
		if p.Field == field && p.Rule == rule {
			return p
		}
	}
	return nil
}

func checkProblems(t *testing.T, s *Store) []*data.Error {
	t.Helper()
	problems, err := s.Check(context.Background())
	must(t, err)
	return problems
}

var hexHash = regexp.MustCompile(`^[0-9a-f]{64}$`)

// The demo office comes out of its import with both chains whole; a posting moves the head, and
// the head noted before it still proves its state afterwards.
func TestChainsOfTheDemoOffice(t *testing.T) {
	t.Parallel()
	s := demoStore(t)
	if problems := checkProblems(t, s); len(problems) != 0 {
		t.Fatalf("check of the demo office: %v", problems)
	}
	if n := queryInt(t, s, `SELECT count(*) FROM entries WHERE hash = ''`) + queryInt(t, s, `SELECT count(*) FROM audit WHERE hash = ''`); n != 0 {
		t.Errorf("%d rows without a hash", n)
	}
	ctx := context.Background()
	before, err := s.LedgerHead(ctx)
	must(t, err)
	if !hexHash.MatchString(before) {
		t.Fatalf("ledger head %q, want 64 hex digits", before)
	}
	lastBefore := queryInt(t, s, `SELECT max(id) FROM entries`)
	borrower := queryInt(t, s, `SELECT min(id) FROM borrowers WHERE active = 1`)
	e := data.Entry{BorrowerID: borrower, Kind: data.EntryDeposit, ValueDate: testToday, Amount: 50_000}
	must(t, s.Post(userCtx, &e))
	after, err := s.LedgerHead(ctx)
	must(t, err)
	if after == before || !hexHash.MatchString(after) {
		t.Errorf("head after a posting %q, before %q", after, before)
	}
	if e.ID != lastBefore+1 {
		t.Errorf("the posted entry has ID %d, want %d", e.ID, lastBefore+1)
	}
	if problems := checkProblems(t, s); len(problems) != 0 {
		t.Fatalf("check after a posting: %v", problems)
	}
	for _, c := range []struct {
		anchor string
		want   int64
	}{{before[:12], lastBefore}, {after[:12], e.ID}, {after, e.ID}, {" " + upperHex(before[:20]) + " ", lastBefore}} {
		id, err := s.FindAnchor(ctx, c.anchor)
		if err != nil || id != c.want {
			t.Errorf("FindAnchor(%q) = %d, %v; want entry %d", c.anchor, id, err, c.want)
		}
	}
	for _, c := range []struct{ anchor, rule string }{
		{"", "anchor_format"},
		{before[:11], "anchor_format"},         // too short to mean anything
		{"zz" + before[2:14], "anchor_format"}, // not hex
		{"000000000000", "anchor_not_found"},
	} {
		_, err := s.FindAnchor(ctx, c.anchor)
		assertRule(t, err, "anchor", c.rule)
	}
}

func upperHex(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'f' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// Each way of changing the records behind the app's back is found by Check, which names the
// first row that breaks.
func TestCheckFindsTampering(t *testing.T) {
	t.Parallel()
	type want struct {
		field, rule string
		id          func(s *Store) int64 // the row named; nil: no ID to compare
	}
	// An ordinary entry in the middle of the ledger that nothing refers to.
	middle := func(s *Store) int64 {
		return queryInt(t, s, `SELECT id FROM entries e WHERE kind = 'interest' AND NOT EXISTS
			(SELECT 1 FROM entries r WHERE r.reverses = e.id) ORDER BY id LIMIT 1 OFFSET 500`)
	}
	after := func(s *Store) int64 {
		return queryInt(t, s, `SELECT min(id) FROM entries WHERE id > ?`, middle(s))
	}
	lastID := func(s *Store) int64 { return queryInt(t, s, `SELECT max(id) FROM entries`) }
	auditRow := func(s *Store) int64 { return queryInt(t, s, `SELECT min(id) FROM audit`) + 3 }
	var afterDeleted int64 // the entry after the one deleted, which the chain breaks at
	cases := []struct {
		name string
		edit func(t *testing.T, s *Store)
		want []want
	}{
		{"an edited amount, the balance edited with it and the trigger put back", func(t *testing.T, s *Store) {
			id, trig := middle(s), triggerSQL(t, s, "entries_no_update")
			loan := queryInt(t, s, `SELECT loan_id FROM entries WHERE id = ?`, id)
			tamper(t, s, `DROP TRIGGER entries_no_update`,
				`UPDATE entries SET amount = amount + 1000 WHERE id = `+idString(id),
				`UPDATE loan_balances SET interest_paid = interest_paid + 1000 WHERE loan_id = `+idString(loan),
				trig)
		}, []want{{"ledger", "check_chain", middle}}},
		{"an edited amount, the trigger left dropped", func(t *testing.T, s *Store) {
			tamper(t, s, `DROP TRIGGER entries_no_update`,
				`UPDATE entries SET amount = amount + 1000 WHERE id = `+idString(middle(s)))
		}, []want{{"ledger", "check_chain", middle}, {"database", "check_trigger", nil}}},
		{"an entry's user name", func(t *testing.T, s *Store) {
			trig := triggerSQL(t, s, "entries_no_update")
			tamper(t, s, `DROP TRIGGER entries_no_update`,
				`UPDATE entries SET user_name = 'someone.else' WHERE id = `+idString(middle(s)), trig)
		}, []want{{"ledger", "check_chain", middle}}},
		{"a deleted entry", func(t *testing.T, s *Store) {
			id, trig := middle(s), triggerSQL(t, s, "entries_no_delete")
			afterDeleted = after(s)
			tamper(t, s, `DROP TRIGGER entries_no_delete`, `DELETE FROM entries WHERE id = `+idString(id), trig)
		}, []want{{"ledger", "check_chain", func(*Store) int64 { return afterDeleted }}}},
		{"the last entry deleted", func(t *testing.T, s *Store) {
			trig := triggerSQL(t, s, "entries_no_delete")
			tamper(t, s, `DROP TRIGGER entries_no_delete`,
				`DELETE FROM entries WHERE id = (SELECT max(id) FROM entries)`, trig)
		}, []want{{"ledger", "check_chain_head", func(s *Store) int64 { return lastID(s) + 1 }}}},
		{"an edited audit row", func(t *testing.T, s *Store) {
			trig := triggerSQL(t, s, "audit_no_update")
			tamper(t, s, `DROP TRIGGER audit_no_update`,
				`UPDATE audit SET after_json = '{}' WHERE id = `+idString(auditRow(s)), trig)
		}, []want{{"audit", "check_chain", auditRow}}},
		{"an audit row's user name", func(t *testing.T, s *Store) {
			trig := triggerSQL(t, s, "audit_no_update")
			tamper(t, s, `DROP TRIGGER audit_no_update`,
				`UPDATE audit SET user_name = 'root' WHERE id = `+idString(auditRow(s)), trig)
		}, []want{{"audit", "check_chain", auditRow}}},
		{"a deleted audit row", func(t *testing.T, s *Store) {
			trig := triggerSQL(t, s, "audit_no_delete")
			tamper(t, s, `DROP TRIGGER audit_no_delete`, `DELETE FROM audit WHERE id = `+idString(auditRow(s)), trig)
		}, []want{{"audit", "check_chain", func(s *Store) int64 {
			// The deleted row was the third after the first; the first is still there.
			return queryInt(t, s, `SELECT min(id) FROM audit WHERE id > ?`, auditRow(s)-1)
		}}}},
		{"an entry slipped in with SQL", func(t *testing.T, s *Store) {
			tamper(t, s, `INSERT INTO entries (loan_id, borrower_id, kind, value_date, amount, posted_at, user_name)
				SELECT NULL, borrower_id, 'deposit', value_date, 1, posted_at, user_name FROM entries WHERE id = `+idString(middle(s)))
		}, []want{{"ledger", "check_chain", lastID}}},
		{"an edited kept balance", func(t *testing.T, s *Store) {
			tamper(t, s, `UPDATE loan_balances SET principal_repaid = principal_repaid + 1
				WHERE loan_id = (SELECT min(loan_id) FROM loan_balances)`)
		}, []want{{"loan", "check_balance", nil}}},
		{"a dropped trigger", func(t *testing.T, s *Store) {
			tamper(t, s, `DROP TRIGGER audit_no_delete`)
		}, []want{{"database", "check_trigger", nil}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := demoStore(t)
			c.edit(t, s)
			problems := checkProblems(t, s)
			for _, w := range c.want {
				p := findProblem(problems, w.field, w.rule)
				if p == nil {
					t.Errorf("no %s %s among %v", w.field, w.rule, problems)
					continue
				}
				if w.id != nil && p.Params["ID"] != w.id(s) {
					t.Errorf("%s %s names row %v, want %d", w.field, w.rule, p.Params["ID"], w.id(s))
				}
			}
			chains := 0
			for _, p := range problems {
				if p.Rule == "check_chain" && p.Field == c.want[0].field {
					chains++
				}
			}
			if chains > 1 {
				t.Errorf("%d breaks reported in one chain, want the first only: %v", chains, problems)
			}
		})
	}
}

// The dropped trigger is named.
func TestCheckNamesTheDroppedTrigger(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	tamper(t, s, dropTrigger(s, "entries_no_delete", "entries"))
	problems := checkProblems(t, s)
	if len(problems) != 1 || problems[0].Rule != "check_trigger" || problems[0].Params["Name"] != "entries_no_delete" {
		t.Errorf("problems %v, want entries_no_delete missing", problems)
	}
}

// Rows written before the chains existed are hashed when the file is first opened after
// migration 0013, in id order, to the same hashes a posting gives; a row that already has a
// hash keeps it, so removing the heads does not make an edited row whole again.
func TestChainsOfAnOlderFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := demoStore(t)
	head, err := s.LedgerHead(ctx)
	must(t, err)
	path := s.Path()
	entriesTrig, auditTrig := triggerSQL(t, s, "entries_no_update"), triggerSQL(t, s, "audit_no_update")
	tamper(t, s, `DROP TRIGGER entries_no_update`, `DROP TRIGGER audit_no_update`,
		`UPDATE entries SET hash = ''`, `UPDATE audit SET hash = ''`, `DELETE FROM chain_heads`, entriesTrig, auditTrig)
	must(t, s.Close())

	s = openTest(t, path)
	if problems := checkProblems(t, s); len(problems) != 0 {
		t.Fatalf("check after hashing an older file: %v", problems)
	}
	if got, err := s.LedgerHead(ctx); err != nil || got != head {
		t.Errorf("head after hashing the older file %q, %v; want %q as its import gave", got, err, head)
	}

	// An edit, then the heads removed: reopening hashes no row that has a hash.
	id := queryInt(t, s, `SELECT min(id) FROM entries`) + 100
	tamper(t, s, `DROP TRIGGER entries_no_update`, `UPDATE entries SET note = 'x' WHERE id = `+idString(id),
		entriesTrig, `DELETE FROM chain_heads`)
	must(t, s.Close())
	s = openTest(t, path)
	p := findProblem(checkProblems(t, s), "ledger", "check_chain")
	if p == nil || p.Params["ID"] != id {
		t.Errorf("after reopening: %v, want entry %d named", p, id)
	}
}

// Someone who rewrites every hash after an edit, so that Check finds the chain whole, is
// still caught by an anchor noted before.
func TestAnchorCatchesARewrittenChain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := demoStore(t)
	head, err := s.LedgerHead(ctx)
	must(t, err)
	id := queryInt(t, s, `SELECT min(id) FROM entries`) + 100
	trig := triggerSQL(t, s, "entries_no_update")
	tamper(t, s, `DROP TRIGGER entries_no_update`,
		`UPDATE entries SET note = 'x', hash = '' WHERE id >= `+idString(id), trig, `DELETE FROM chain_heads`)
	path := s.Path()
	must(t, s.Close())
	s = openTest(t, path) // hashes the rows from id on again
	if problems := checkProblems(t, s); len(problems) != 0 {
		t.Fatalf("a rewritten chain: %v", problems)
	}
	_, err = s.FindAnchor(ctx, head[:12])
	assertRule(t, err, "anchor", "anchor_not_found")
}

// A chain edited before the anchor's entry cannot prove it.
func TestAnchorNeedsAnUnbrokenChain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := demoStore(t)
	head, err := s.LedgerHead(ctx)
	must(t, err)
	trig := triggerSQL(t, s, "entries_no_update")
	tamper(t, s, `DROP TRIGGER entries_no_update`,
		`UPDATE entries SET amount = amount + 1 WHERE id = (SELECT min(id) FROM entries) + 10`, trig)
	_, err = s.FindAnchor(ctx, head[:16])
	assertRule(t, err, "anchor", "anchor_broken")
}
