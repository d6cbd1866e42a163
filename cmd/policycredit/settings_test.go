package main

import (
	"encoding/json"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/data/sqlite"
)

func settingsJSONOf(t *testing.T, db string) settingsJSON {
	t.Helper()
	r := mustRun(t, "--db", db, "--lang", "en", "settings", "--json")
	var j settingsJSON
	if err := json.Unmarshal([]byte(r.stdout), &j); err != nil {
		t.Fatalf("settings --json: %v\n%s", err, r.stdout)
	}
	return j
}

func TestSettingsListsTheDatedRules(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	j := settingsJSONOf(t, db)
	want := map[string]string{"interest_basis": "days30", "penalty_percent": "130", "frozen_accrues": "false", "savings_rate": "0.1",
		"fee_base": "outstanding_paid", "fee_rate": "0.032", "fee_housing_rate": "0.003", "fee_bands": "2:100,3:80,4:50,0",
		"fee_split": "84,9,4.5,2.5", "commission_base": "interest_collected", "commission_rate": "8", "commission_savings": "0.01",
		"commission_housing": "0.005", "commission_min_rate": "0", "rating_points": "20,30,15,20,5,10", "rating_bands": "90,80,70"}
	if len(j.Rules) != len(want) {
		t.Fatalf("rules = %+v", j.Rules)
	}
	for _, r := range j.Rules {
		if len(r.Periods) != 1 || r.Periods[0].From != "1900-01-01" || r.Periods[0].Value != want[r.Key] || r.InForce != want[r.Key] || r.Name == "" {
			t.Errorf("rule %+v, want %s from 1900-01-01", r, want[r.Key])
		}
	}
	r := mustRun(t, "--db", db, "--lang", "en", "settings")
	for _, s := range []string{"Rules that change what is owed", "interest_basis — Interest calculation", "days30", "penalty_percent", "* 1 Jan 1900"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("settings output lacks %q:\n%s", s, r.stdout)
		}
	}
}

func TestSettingsSetAddsAPeriod(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	r := mustRun(t, "--db", db, "--lang", "en", "settings", "set", "interest_basis", "days365", "--from", "2024-01-01")
	if !strings.HasPrefix(r.stdout, "interest_basis = days365 from 1 Jan 2024: ") || !strings.Contains(r.stdout, "loans or savings accounts affected") {
		t.Errorf("set output = %q", r.stdout)
	}
	// Ahead of today, and the savings rate typed as %/month.
	mustRun(t, "--db", db, "settings", "set", "--from", "2031-01-01", "penalty_percent", "150")
	mustRun(t, "--db", db, "settings", "set", "savings_rate", "0,15", "--from", "2025-07-01")
	j := settingsJSONOf(t, db)
	got := map[string][]rulePeriodJSON{}
	for _, r := range j.Rules {
		got[r.Key] = r.Periods
	}
	if p := got["interest_basis"]; len(p) != 2 || p[1] != (rulePeriodJSON{"2024-01-01", "days365"}) {
		t.Errorf("interest_basis periods = %+v", p)
	}
	if p := got["penalty_percent"]; len(p) != 2 || p[1] != (rulePeriodJSON{"2031-01-01", "150"}) {
		t.Errorf("penalty_percent periods = %+v", p)
	}
	if p := got["savings_rate"]; len(p) != 2 || p[1] != (rulePeriodJSON{"2025-07-01", "0.15"}) {
		t.Errorf("savings_rate periods = %+v", p)
	}
	// The past recomputed on /365: no loan owes a negative amount, and check agrees.
	r = runCLI(t, "--db", db, "--lang", "en", "check")
	if r.code != 0 || !strings.Contains(r.stdout, "no problems found") {
		t.Errorf("check after a basis dated back: %v", r)
	}
}

func TestSettingsSetRefusesBadInput(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	before := settingsJSONOf(t, db)
	for _, c := range []struct {
		lang string
		args []string
		want []string
	}{
		{"en", []string{"settings", "set", "commission", "1", "--from", "2026-01-01"},
			[]string{"There is no dated rule “commission”", "interest_basis, penalty_percent, frozen_accrues, savings_rate"}},
		{"vi", []string{"settings", "set", "commission", "1", "--from", "2026-01-01"},
			[]string{"Không có quy định “commission”", "interest_basis, penalty_percent"}},
		{"fr", []string{"settings", "set", "commission", "1", "--from", "2026-01-01"},
			[]string{"Il n'y a pas de règle datée", "commission", "savings_rate"}},
		{"en", []string{"settings", "set", "interest_basis", "days360", "--from", "2026-01-01"},
			[]string{"interest_basis: “days360” is not allowed; allowed values: days30, days365."}},
		{"vi", []string{"settings", "set", "penalty_percent", "99", "--from", "2026-01-01"},
			[]string{"penalty_percent: không chấp nhận “99”", "100–300"}},
		{"fr", []string{"settings", "set", "frozen_accrues", "oui", "--from", "2026-01-01"},
			[]string{"frozen_accrues", "«\u00a0oui\u00a0» n'est pas permis", "true, false"}},
		{"en", []string{"settings", "set", "savings_rate", "6", "--from", "2026-01-01"},
			[]string{"savings_rate: “6” is not allowed", "0–5"}},
		{"en", []string{"settings", "set", "penalty_percent", "120"}, []string{"--from", "Usage: policycredit settings"}},
		{"en", []string{"settings", "set", "penalty_percent", "120", "--from", "2026-13-01"}, []string{"Usage: policycredit settings"}},
		{"en", []string{"settings", "set", "penalty_percent"}, []string{"Usage: policycredit settings"}},
		{"en", []string{"settings", "extra"}, []string{"Usage: policycredit settings"}},
	} {
		r := runCLI(t, append([]string{"--db", db, "--lang", c.lang}, c.args...)...)
		if r.code != exitUsage {
			t.Errorf("%s %q: exit %d, want %d\n%v", c.lang, c.args, r.code, exitUsage, r)
		}
		for _, w := range c.want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%s %q: stderr lacks %q:\n%s", c.lang, c.args, w, r.stderr)
			}
		}
		assertNoInternals(t, r)
	}
	after := settingsJSONOf(t, db)
	b1, _ := json.Marshal(before)
	b2, _ := json.Marshal(after)
	if string(b1) != string(b2) {
		t.Errorf("refused periods changed the rules:\n%s\n%s", b1, b2)
	}
}

// A basis dated back leaves some loans with interest paid beyond what is now due: loan show
// gives the credit and a due of zero, never a negative amount.
func TestLoanShowGivesTheCreditABasisDatedBackLeaves(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	mustRun(t, "--db", db, "settings", "set", "interest_basis", "days365", "--from", "2020-01-01")
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	var contract string
	var on data.Date
	for d := data.MustDate("2025-01-31"); contract == "" && d.Before(data.MustDate("2026-11-01")); d = d.AddDays(1).AddMonths(1).AddDays(-1) {
		ps, err := s.Positions(logInTo(t, s, demoCredit), sqlite.PositionScope{}, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, lp := range ps {
			if lp.Position.InterestCredit > 0 {
				contract, on = lp.Loan.Contract, d
				break
			}
		}
	}
	s.Close()
	if contract == "" {
		t.Fatal("no loan carries a credit after the basis was dated back")
	}
	r := mustRun(t, "--db", db, "--lang", "en", "loan", "show", "--contract", contract, "--date", on.String(), "--json")
	var j loanJSON
	if err := json.Unmarshal([]byte(r.stdout), &j); err != nil {
		t.Fatal(err)
	}
	if j.InterestCredit <= 0 || j.InterestDue != 0 {
		t.Errorf("%s on %s: interest due %d, credit %d", contract, on, j.InterestDue, j.InterestCredit)
	}
	r = mustRun(t, "--db", db, "--lang", "en", "loan", "show", "--contract", contract, "--date", on.String())
	if !strings.Contains(r.stdout, "Interest credit") {
		t.Errorf("loan show lacks the credit:\n%s", r.stdout)
	}
}
