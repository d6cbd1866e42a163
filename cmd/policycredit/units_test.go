package main

import (
	"strings"
	"testing"
)

// TestLoanOpenCountsUnits: `loan open` refuses an amount above units × the program's limit and
// a student loan without the student plan, naming the limit and the rule in every language,
// and opens the loans that fit with their units shown by `loan show --json`.
func TestLoanOpenCountsUnits(t *testing.T) {
	t.Parallel()
	db, customer := newOfficeWithBorrower(t)
	open := func(lang, contract string, extra ...string) result {
		args := append([]string{"--db", db, "--lang", lang, "loan", "open", "--contract", contract, "--customer", customer,
			"--date", "2026-01-10"}, extra...)
		return runCLI(t, args...)
	}
	refusals := []struct {
		name string
		args []string
		want map[string]string
	}{
		{"06: 50,000,001 for 2 facilities", []string{"--program", "06", "--amount", "50000001", "--term", "60", "--units", "2"},
			map[string]string{
				"en": "Loan amount VND\u00a050,000,001 is above the limit of VND\u00a050,000,000 (2 facilities × VND\u00a025,000,000)",
				"vi": "vượt mức cho vay tối đa 50.000.000\u00a0₫ (2 công trình × 25.000.000\u00a0₫)",
				"fr": "dépasse le plafond de 50\u00a0000\u00a0000\u00a0₫ (2 installations × 25\u00a0000\u00a0000\u00a0₫)",
			}},
		{"06: 3 facilities", []string{"--program", "06", "--amount", "60000000", "--term", "60", "--units", "3"},
			map[string]string{"en": "Facilities: at most 2 for program 06", "vi": "Số công trình: tối đa 2", "fr": "Installations"}},
		{"03: no workers", []string{"--program", "03", "--amount", "100000000", "--term", "60"},
			map[string]string{"en": "Workers: enter at least 1", "vi": "Số lao động: nhập ít nhất 1", "fr": "Travailleurs"}},
		{"02 without the student plan", []string{"--program", "02", "--amount", "40000000", "--term", "96", "--units", "10"},
			map[string]string{"en": "must use the student plan", "vi": "phải theo kế hoạch học sinh, sinh viên", "fr": "suit le plan étudiant"}},
		{"02: 40,000,001 for 10 months", []string{"--program", "02", "--amount", "40000001", "--term", "96", "--units", "10",
			"--plan", "student", "--course-end", "2029-06-30"},
			map[string]string{"en": "(10 months of study × VND\u00a04,000,000)", "vi": "(10 tháng học × 4.000.000\u00a0₫)", "fr": "(10 mois d'études ×"}},
	}
	for i, tc := range refusals {
		for lang, want := range tc.want {
			r := open(lang, "UNIT/BAD/"+string(rune('A'+i)), tc.args...)
			if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, want) {
				t.Errorf("%s (%s): exit %d, stderr %q, want exit 1 and %q", tc.name, lang, r.code, r.stderr, want)
			}
			assertNoInternals(t, r)
		}
	}
	// The student plan needs the day the course ends: a usage error.
	if r := open("en", "UNIT/BAD/Z", "--program", "02", "--amount", "40000000", "--term", "96", "--units", "10",
		"--plan", "student"); r.code != 2 || !strings.Contains(r.stderr, "--course-end") {
		t.Errorf("student plan without --course-end: exit %d, %q", r.code, r.stderr)
	}
	if r := open("en", "UNIT/BAD/Y", "--program", "01", "--amount", "4000000", "--term", "36", "--plan", "bullet"); r.code != 2 ||
		!strings.Contains(r.stderr, "bullet") {
		t.Errorf("unknown plan: exit %d, %q", r.code, r.stderr)
	}
	if r := runCLI(t, "--db", db, "loan", "show", "--contract", "UNIT/BAD/A", "--json"); r.code == 0 {
		t.Error("a refused loan was saved")
	}

	// 2 facilities × 25,000,000 = 50,000,000 fits; so do 10 months × 4,000,000 on the student plan.
	mustRun(t, "--db", db, "loan", "open", "--contract", "UNIT/OK/1", "--customer", customer, "--date", "2026-01-10",
		"--program", "06", "--amount", "50000000", "--term", "60", "--units", "2")
	if j := loanShow(t, db, "UNIT/OK/1", "2026-01-10"); j.Units != 2 || j.Principal.Total != 50_000_000 {
		t.Errorf("06 loan: units %d, principal %d", j.Units, j.Principal.Total)
	}
	mustRun(t, "--db", db, "loan", "open", "--contract", "UNIT/OK/2", "--customer", customer, "--date", "2026-01-10",
		"--program", "02", "--amount", "40000000", "--term", "96", "--units", "10", "--plan", "student",
		"--course-end", "2029-06-30", "--every", "6")
	// Terms start every six months from 2026-01-10 before 2029-06-30: seven, so the first
	// pays 40,000,000 − 6 × ⌊40,000,000 / 7⌋ = 5,714,290. Repayment starts 2030-06-30, the
	// first installment six months later.
	j := loanShow(t, db, "UNIT/OK/2", "2026-01-10")
	if j.Units != 10 || j.Principal.Total != 5_714_290 || len(j.Installments) == 0 || j.Installments[0].Due != "2030-12-30" {
		t.Errorf("student loan: units %d, principal %d, schedule %+v", j.Units, j.Principal.Total, j.Installments)
	}
	if j := loanShow(t, db, "UNIT/OK/1", "2026-01-10"); j.Units != 2 {
		t.Errorf("units %d", j.Units)
	}
	mustRun(t, "--db", db, "check")
}
