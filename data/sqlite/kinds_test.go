package sqlite

import (
	"regexp"
	"sort"
	"testing"

	"policycredit/data"
)

// TestEntryKindCheckListsEveryKind: the schema's CHECK on entries.kind allows exactly the kinds
// of data.Kinds, and its CHECK tying savings entries to no loan names exactly the savings
// kinds, so that a kind added to the table without its migration (or the reverse) fails here.
func TestEntryKindCheckListsEveryKind(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	sqliteOnly(t, s, "reads the CHECK from sqlite_master; TestPgMigrations checks PostgreSQL's schema")
	var schema string
	must(t, s.db.QueryRow(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'entries'`).Scan(&schema))

	kindCheck := regexp.MustCompile(`(?s)\bkind\s+TEXT\s+NOT\s+NULL\s+CHECK\s*\((.*?)\)\s*,`).FindStringSubmatch(schema)
	if kindCheck == nil {
		t.Fatalf("no CHECK on the kind column in:\n%s", schema)
	}
	var all, savings []string
	for _, k := range data.Kinds {
		all = append(all, string(k.Kind))
		if k.Ledger == data.SavingsLedger {
			savings = append(savings, string(k.Kind))
		}
	}
	assertSameKinds(t, "kind column", kindNames(kindCheck[1]), all)

	savingsCheck := regexp.MustCompile(`(?s)OR\s+\(((?:\s*(?:OR\s+)?kind\s*=\s*'[a-z_]+')+)\s*\)\s*=\s*\(loan_id IS NULL\)`).FindStringSubmatch(schema)
	if savingsCheck == nil {
		t.Fatalf("no CHECK tying savings kinds to entries without a loan in:\n%s", schema)
	}
	assertSameKinds(t, "savings kinds", kindNames(savingsCheck[1]), savings)
}

// kindNames are the kinds an SQL condition compares kind with.
func kindNames(cond string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`kind\s*=\s*'([a-z_]+)'`).FindAllStringSubmatch(cond, -1) {
		out = append(out, m[1])
	}
	return out
}

func assertSameKinds(t *testing.T, what string, got, want []string) {
	t.Helper()
	sort.Strings(got)
	sort.Strings(want)
	if len(got) != len(want) {
		t.Errorf("%s: schema lists %v, data.Kinds %v", what, got, want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s: schema lists %v, data.Kinds %v", what, got, want)
			return
		}
	}
}
