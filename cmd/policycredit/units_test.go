package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/data/sqlite"
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

// bankFile writes a bank loan file ("Báo cáo 31": no units, no plan) with the given loan rows.
func bankFile(t *testing.T, rows ...string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "bao-cao-31.csv")
	content := "Ma xa;Ten xa;Ma thon;Ten thon;Ma KH;Ten KH;Nam sinh;Doi tuong;Ma to;Ten to;Hoi doan the;So KU;Ma CT;Ngay vay;Thoi han;So tien vay;Du no trong han;Du no qua han;Du no khoanh\n"
	for _, r := range rows {
		content += "19999;Xã Mẫu;19999-01;Thôn Một;" + r + "\n"
	}
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestImportBankFileCountsUnits: the bank's loan file gives no units and no plan. A loan counts
// the fewest units its amount needs; one above the most units is refused with the limit; a
// student loan gets the student plan from its date and term, or is refused when the term
// cannot hold one.
func TestImportBankFileCountsUnits(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "office.db")
	const (
		water   = "KH001;Lê Văn Một;1975;Hộ nghèo;19999-T01;Tổ TK&VV thôn Một;Hội Nông dân;19999/2026/001;06;01/05/2026;24;40.000.000;40.000.000;0;0"
		student = "KH002;Trần Thị Hai;1980;Hộ nghèo;19999-T01;Tổ TK&VV thôn Một;Hội Nông dân;19999/2025/002;02;05/09/2025;96;38.000.000;38.000.000;0;0"
		tooMuch = "KH003;Lê Thị Ba;1982;Hộ nghèo;19999-T01;Tổ TK&VV thôn Một;Hội Nông dân;19999/2026/003;06;01/05/2026;24;50.000.001;50.000.001;0;0"
		short   = "KH004;Lê Văn Bốn;1979;Hộ nghèo;19999-T01;Tổ TK&VV thôn Một;Hội Nông dân;19999/2026/004;02;01/05/2026;12;8.000.000;8.000.000;0;0"
	)
	r := runCLI(t, "--db", db, "--lang", "en", "import", bankFile(t, water, student, tooMuch, short), "--date", "2026-06-30")
	for _, want := range []string{
		"Loan amount VND\u00a050,000,001 is above the limit of VND\u00a050,000,000 (2 facilities × VND\u00a025,000,000)",
		"End of studies: a student loan (program 02) needs the day the course ends",
	} {
		if !strings.Contains(r.stdout+r.stderr, want) {
			t.Errorf("the refusal does not say %q:\n%s\n%s", want, clip(r.stdout), r.stderr)
		}
	}
	if r.code != 1 {
		t.Errorf("import with refused rows: exit %d", r.code)
	}
	if s, err := sqlite.Open(db); err == nil {
		if n, _ := s.Counts(logInTo(t, s, demoCredit)); n.Borrowers != 0 {
			t.Errorf("a refused import wrote %d households", n.Borrowers)
		}
		s.Close()
	}

	mustRun(t, "--db", db, "--lang", "en", "import", bankFile(t, water, student), "--date", "2026-06-30")
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := logInTo(t, s, demoCredit)
	// ⌈40,000,000 / 25,000,000⌉ = 2 facilities.
	if l, err := s.LoanByContract(ctx, "19999/2026/001"); err != nil || l.Units != 2 || l.Plan.Kind != data.PlanEqual {
		t.Errorf("water loan: %+v %v", l, err)
	}
	// ⌈38,000,000 / 4,000,000⌉ = 10 months of study; 96 months: (96 − 12) / 2 = 42 months of
	// study, so the course ends 2025-09-05 + 42 months = 2029-03-05.
	l, err := s.LoanByContract(ctx, "19999/2025/002")
	if err != nil || l.Units != 10 || l.Plan.Kind != data.PlanStudent || l.Plan.CourseEnds != data.MustDate("2029-03-05") {
		t.Errorf("student loan: %+v %v", l, err)
	}
}

// TestImportLoansSheetUnits: a loans sheet may give the units; given, they are checked.
func TestImportLoansSheetUnits(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "office.db")
	file := bankFile(t, "KH001;Lê Văn Một;1975;Hộ nghèo;19999-T01;Tổ TK&VV thôn Một;Hội Nông dân;19999/2026/001;06;01/05/2026;24;40.000.000;40.000.000;0;0")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// The same row saying 1 facility: 40,000,000 is above 1 × 25,000,000.
	lines := strings.SplitN(string(b), "\n", 2)
	withUnits := lines[0] + ";So don vi\n" + strings.TrimSuffix(lines[1], "\n") + ";1\n"
	if err := os.WriteFile(file, []byte(withUnits), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "--db", db, "--lang", "fr", "import", file, "--date", "2026-06-30")
	if r.code != 1 || !strings.Contains(r.stdout+r.stderr, "(1 installation × 25\u00a0000\u00a0000\u00a0₫)") {
		t.Errorf("1 facility for 40,000,000: exit %d\n%s\n%s", r.code, clip(r.stdout), r.stderr)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(withUnits, ";1\n", ";2\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "--db", db, "import", file, "--date", "2026-06-30")
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if l, err := s.LoanByContract(logInTo(t, s, demoCredit), "19999/2026/001"); err != nil || l.Units != 2 {
		t.Errorf("loan with 2 facilities: %+v %v", l, err)
	}
}
