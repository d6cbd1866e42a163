package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
	"policycredit/data/sqlite"
)

// officeReports are the command lines of every report with a JSON form, for every commune and
// transaction point of the office in db.
func officeReports(t *testing.T, db string) [][]string {
	t.Helper()
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := logInTo(t, s, demoCredit)
	communes, err := s.Communes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	points, err := s.Points(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	day := demo.Today.String()
	out := [][]string{
		{"report", "office", "--date", day},
		{"report", "overdue", "--date", day},
		{"report", "meeting", "--date", day},
	}
	for _, c := range communes {
		out = append(out, []string{"report", "commune", "--commune", c.Code, "--date", day},
			[]string{"report", "statement", "--commune", c.Code, "--date", day, "-o", "-"},
			[]string{"report", "overdue", "--commune", c.Code, "--date", day},
			[]string{"report", "meeting", "--commune", c.Code, "--date", day})
	}
	for _, p := range points {
		out = append(out, []string{"report", "disclosure", "--point", p.Code, "--date", day},
			[]string{"collection", "list", "--point", p.Code, "--date", day},
			[]string{"collection", "day", "--point", p.Code, "--date", day})
	}
	return out
}

// reportOutput runs a report as JSON into a file and returns it.
func reportOutput(t *testing.T, db string, args []string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "r.json")
	cmd := append([]string{"--db", db, "--lang", "en"}, args...)
	for i, a := range cmd {
		if a == "-" && cmd[i-1] == "-o" {
			cmd = append(cmd[:i-1], cmd[i+1:]...)
			break
		}
	}
	mustRun(t, append(cmd, "--format", "json", "-o", file)...)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 10 {
		t.Fatalf("%q wrote %d bytes", args, len(b))
	}
	return string(b)
}

var importCount = regexp.MustCompile(`(?m)^([^:\n]+): (\d+) new, (\d+) updated, (\d+) unchanged$`)

// importCounts reads the counts an English import prints, by entity.
func importCounts(t *testing.T, stdout string) map[string][3]int {
	t.Helper()
	out := map[string][3]int{}
	for _, m := range importCount.FindAllStringSubmatch(stdout, -1) {
		a, _ := strconv.Atoi(m[2])
		b, _ := strconv.Atoi(m[3])
		c, _ := strconv.Atoi(m[4])
		out[m[1]] = [3]int{a, b, c}
	}
	return out
}

func auditRows(t *testing.T, db string) int {
	t.Helper()
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := 0
	for _, e := range []string{"office", "commune", "village", "point", "group", "rating", "borrower", "loan"} {
		rows, err := s.Audit(logInTo(t, s, demoCredit), e, "")
		if err != nil {
			t.Fatal(err)
		}
		n += len(rows)
	}
	return n
}

// Done means: export a demo office, import it into an empty database, and every report's JSON
// is identical; importing the same file again changes nothing.
func TestImportRoundTripKeepsEveryReport(t *testing.T) {
	t.Parallel()
	from := smallDB(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "office.xlsx")
	mustRun(t, "--db", from, "export", "all", "-o", file, "--lang", "fr", "--date", demo.Today.String())
	to := emptyOffice(t)
	r := mustRun(t, "--db", to, "--lang", "en", "import", file, "--date", demo.Today.String())
	counts := importCounts(t, r.stdout)
	if c := counts["Borrowers"]; c[0] != 500 {
		t.Fatalf("borrowers %v\n%s", c, clip(r.stdout))
	}
	if c := counts["Entries"]; c[0] < 10_000 || c[1]+c[2] != 0 {
		t.Fatalf("entries %v", c)
	}
	reportsOf := officeReports(t, from)
	if len(reportsOf) < 20 {
		t.Fatalf("only %d reports", len(reportsOf))
	}
	for _, args := range reportsOf {
		if a, b := reportOutput(t, from, args), reportOutput(t, to, args); a != b {
			t.Errorf("%q differs after the round trip:\n%s\n---\n%s", args, clip(a), clip(b))
		}
	}
	mustRun(t, "--db", to, "check")

	audits := auditRows(t, to)
	again := mustRun(t, "--db", to, "--lang", "en", "import", file, "--date", demo.Today.String())
	for entity, c := range importCounts(t, again.stdout) {
		if c[0] != 0 || c[1] != 0 || c[2] == 0 {
			t.Errorf("importing again: %s %v, want all unchanged", entity, c)
		}
	}
	if n := auditRows(t, to); n != audits {
		t.Errorf("importing again wrote %d audit rows", n-audits)
	}
	if a, b := reportOutput(t, from, reportsOf[0]), reportOutput(t, to, reportsOf[0]); a != b {
		t.Error("the office summary changed on importing again")
	}
}

// A changed file updates what changed, matched by customer code and contract number, with an
// audit row for each change, and never duplicates a household or a loan.
func TestImportChangedFileUpdatesWhatChanged(t *testing.T) {
	t.Parallel()
	db := importOffice(t)
	dir := t.TempDir()
	csvFile := filepath.Join(dir, "ho-vay.csv")
	mustRun(t, "--db", db, "export", "borrowers", "-o", csvFile, "--lang", "vi")
	raw, err := os.ReadFile(csvFile)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	// Change the second household's phone and the third's name; keep everything else.
	second := strings.Split(lines[2], ";")
	third := strings.Split(lines[3], ";")
	code2, code3 := second[0], third[0]
	second[5] = "0987654321"
	third[1] = "Nguyễn Thị Đổi Tên"
	lines[2], lines[3] = strings.Join(second, ";"), strings.Join(third, ";")
	if err := os.WriteFile(csvFile, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	before := auditRows(t, db)
	r := mustRun(t, "--db", db, "--lang", "en", "import", csvFile)
	if c := importCounts(t, r.stdout)["Borrowers"]; c != [3]int{0, 2, 498} {
		t.Fatalf("borrowers %v, want 0 new, 2 updated, 498 unchanged\n%s", c, clip(r.stdout))
	}
	// One row for each household changed, one for the import.
	if n := auditRows(t, db); n != before+3 {
		t.Errorf("%d audit rows for 2 changes and the import", n-before)
	}
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := logInTo(t, s, demoCredit)
	b2, err := s.BorrowerByCode(ctx, code2)
	if err != nil || b2.Phone != "0987654321" {
		t.Errorf("phone of %s: %q, %v", code2, b2.Phone, err)
	}
	b3, err := s.BorrowerByCode(ctx, code3)
	if err != nil || b3.Name != "Nguyễn Thị Đổi Tên" {
		t.Errorf("name of %s: %q, %v", code3, b3.Name, err)
	}
	all, err := s.SearchBorrowers(ctx, "", 0)
	if err != nil || len(all) != 500 {
		t.Errorf("%d households after the import (%v), want 500", len(all), err)
	}
	history, err := s.Audit(ctx, "borrower", strconv.FormatInt(b3.ID, 10))
	if err != nil || len(history) == 0 || !strings.Contains(history[len(history)-1].After, "Đổi Tên") &&
		!strings.Contains(history[0].After, "Đổi Tên") {
		t.Errorf("no audit row of the new name: %v %v", history, err)
	}
}

// The bank's daily loan file: a title above the header, headers without diacritics and
// abbreviated, the household, group and place on every row, balances on the cut-off date.
func TestImportBankLoanFile(t *testing.T) {
	t.Parallel()
	db := emptyOffice(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "bao-cao-31.csv")
	content := "\ufeffNGAN HANG CSXH - PGD HUYEN MAU;;;;;;;;;;;;;;;;;;\n" +
		"BAO CAO CHI TIET CHO VAY DEN NGAY 30/06/2026;;;;;;;;;;;;;;;;;;\n" +
		";;;;;;;;;;;;;;;;;;\n" +
		"Ma xa;Ten xa;Ma thon;Ten thon;Ma KH;Ten KH;Nam sinh;Doi tuong;So CCCD;Ma to;Ten to;Hoi doan the;So KU;Ma CT;Ngay vay;Thoi han;So tien vay;Du no trong han;Du no qua han;Du no khoanh\n" +
		"19999;Xã Mẫu;19999-01;Thôn Một;KH001;Lê Văn Một;1975;Hộ nghèo;038075000111;19999-T01;Tổ TK&VV thôn Một;Hội Nông dân;19999/2025/001;01;15/01/2025;36;50.000.000;29.166.670;0;0\n" +
		"19999;Xã Mẫu;19999-01;Thôn Một;KH002;Trần Thị Hai;1980;Hộ cận nghèo;038180000222;19999-T01;Tổ TK&VV thôn Một;Hội Nông dân;19999/2025/002;19;20/02/2025;24;30.000.000;11.250.000;3.750.000;0\n"
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	dry := mustRun(t, "--db", db, "--lang", "en", "import", file, "--date", "2026-06-30", "--dry-run")
	if !strings.Contains(dry.stdout, "header on line 4") {
		t.Errorf("the header under the title was not found:\n%s", clip(dry.stdout))
	}
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Counts(context.Background()); n.Borrowers != 0 {
		t.Fatalf("the dry run wrote %d households", n.Borrowers)
	}
	s.Close()
	r := mustRun(t, "--db", db, "--lang", "en", "import", file, "--date", "2026-06-30")
	counts := importCounts(t, r.stdout)
	for entity, want := range map[string]int{"Communes": 1, "Villages": 1, "Groups": 1, "Borrowers": 2, "Loans": 2} {
		if counts[entity][0] != want {
			t.Errorf("%s: %v, want %d new\n%s", entity, counts[entity], want, clip(r.stdout))
		}
	}
	s, err = sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := logInTo(t, s, demoCredit)
	l, err := s.LoanByContract(ctx, "19999/2025/001")
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Position(ctx, l.Contract, data.MustDate("2026-06-30"))
	if err != nil {
		t.Fatal(err)
	}
	// Paid on schedule: each installment on its due date, so no penalty was ever owed.
	if p.Principal() != 29_166_670 || p.Disbursed != 50_000_000 || p.Overdue != 0 || p.InterestDue != 0 ||
		p.PenaltyAccrued != 0 {
		t.Errorf("loan 001 on the cut-off date: %+v", p)
	}
	p2, err := s.Position(ctx, "19999/2025/002", data.MustDate("2026-06-30"))
	// The overdue installment bears penalty interest since its due date: owed, never taken
	// as paid.
	if err != nil || p2.Overdue != 3_750_000 || p2.Principal() != 15_000_000 || p2.InterestDue != 0 ||
		p2.PenaltyPaid != 0 || p2.PenaltyDue <= 0 {
		t.Errorf("loan 002 on the cut-off date: %+v %v", p2, err)
	}
	b, err := s.BorrowerByCode(ctx, "KH002")
	if err != nil || b.IDNumber != "038180000222" || b.Category != data.CategoryNearPoor || b.GroupCode != "19999-T01" {
		t.Errorf("household KH002: %+v %v", b, err)
	}
	// The same file again changes nothing: no second opening entry.
	again := mustRun(t, "--db", db, "--lang", "en", "import", file, "--date", "2026-06-30")
	if c := importCounts(t, again.stdout)["Loans"]; c != [3]int{0, 0, 2} {
		t.Errorf("loans on importing again: %v", c)
	}
	if p2, _ := s.Position(ctx, l.Contract, data.MustDate("2026-06-30")); p2.Principal() != p.Principal() || p2.Disbursed != p.Disbursed {
		t.Errorf("position moved on importing again: %+v", p2)
	}
}

// An office's own export imported back into it changes nothing: its records are found by their
// codes and contract numbers, its entries by their numbers.
func TestImportOwnExportChangesNothing(t *testing.T) {
	t.Parallel()
	db := importOffice(t)
	file := filepath.Join(t.TempDir(), "office.xlsx")
	mustRun(t, "--db", db, "export", "all", "-o", file, "--lang", "en", "--date", demo.Today.String())
	audits := auditRows(t, db)
	r := mustRun(t, "--db", db, "--lang", "en", "import", file, "--date", demo.Today.String())
	counts := importCounts(t, r.stdout)
	if len(counts) < 7 {
		t.Fatalf("counts %v\n%s", counts, clip(r.stdout))
	}
	for entity, c := range counts {
		if c[0] != 0 || c[1] != 0 {
			t.Errorf("%s: %v, want nothing new or updated", entity, c)
		}
	}
	if n := auditRows(t, db); n != audits {
		t.Errorf("%d audit rows written", n-audits)
	}
}

// An entry number already imported for another entry is refused, not taken for the same one.
func TestImportEntryNumberTakenByAnotherEntry(t *testing.T) {
	t.Parallel()
	db := importOffice(t)
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	all, err := s.SearchBorrowers(logInTo(t, s, demoCredit), "", 1)
	s.Close()
	if err != nil || len(all) == 0 {
		t.Fatal(err)
	}
	code := all[0].Code
	dir := t.TempDir()
	header := "Số bút toán;Ngày hạch toán;Loại giao dịch;Mã KH;Số tiền bút toán\n"
	first := filepath.Join(dir, "e1.csv")
	second := filepath.Join(dir, "e2.csv")
	os.WriteFile(first, []byte(header+"V1;02/11/2026;Gửi tiết kiệm;"+code+";50.000\n"), 0o644)
	os.WriteFile(second, []byte(header+"V1;20/11/2026;Gửi tiết kiệm;"+code+";70.000\n"), 0o644)
	r := mustRun(t, "--db", db, "--lang", "en", "import", first)
	if c := importCounts(t, r.stdout)["Entries"]; c != [3]int{1, 0, 0} {
		t.Fatalf("first file: %v\n%s", c, clip(r.stdout))
	}
	again := mustRun(t, "--db", db, "--lang", "en", "import", first)
	if c := importCounts(t, again.stdout)["Entries"]; c != [3]int{0, 0, 1} {
		t.Errorf("the same file again: %v", c)
	}
	other := runCLI(t, "--db", db, "--lang", "en", "import", second)
	if other.code != 1 || !strings.Contains(other.stdout, "Entry number V1 was imported before for another entry") {
		t.Errorf("another entry under V1: %v", other)
	}
}

// A household that changes group in a file moves as on the group screen, its open loans with it.
func TestImportMovesAHouseholdWithItsLoans(t *testing.T) {
	t.Parallel()
	db := importOffice(t)
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := logInTo(t, s, demoCredit)
	groups, err := s.GroupList(ctx, data.GroupFilter{}, demo.Today)
	if err != nil {
		t.Fatal(err)
	}
	villages, err := s.Villages(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	communes, err := s.Communes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// A household with an open loan, and another open group of its village with room.
	var mover data.BorrowerView
	var to data.GroupLine
	all, _ := s.SearchBorrowers(ctx, "", 0)
	for _, b := range all {
		loans, _ := s.LoansOfBorrower(ctx, b.ID)
		open := false
		for _, l := range loans {
			open = open || l.Status == data.LoanActive
		}
		for _, g := range groups {
			if b.Active && open && g.ID != b.GroupID && b.GroupID != 0 && g.VillageID == b.VillageID &&
				g.Status == data.GroupActive && g.Members < 40 && to.ID == 0 {
				mover, to = b, g
			}
		}
	}
	s.Close()
	if to.ID == 0 {
		t.Fatal("no household of the demo office can move within its village")
	}
	var communeCode, villageCode string
	for _, c := range communes {
		if c.ID == mover.CommuneID {
			communeCode = c.Code
		}
	}
	for _, v := range villages {
		if v.ID == mover.VillageID {
			villageCode = v.Code
		}
	}
	file := filepath.Join(t.TempDir(), "move.csv")
	content := "Mã KH;Mã xã;Mã thôn;Mã tổ\n" + mover.Code + ";" + communeCode + ";" + villageCode + ";" + to.Code + "\n"
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, "--db", db, "--lang", "en", "import", file)
	if c := importCounts(t, r.stdout)["Borrowers"]; c != [3]int{0, 1, 0} {
		t.Fatalf("borrowers %v\n%s", c, clip(r.stdout))
	}
	s, err = sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx = logInTo(t, s, demoCredit) // a session belongs to the store that issued it
	moved, _ := s.Borrower(ctx, mover.ID)
	if moved.GroupID != to.ID {
		t.Fatalf("the household is in group %d, want %d", moved.GroupID, to.ID)
	}
	loans, _ := s.LoansOfBorrower(ctx, mover.ID)
	for _, l := range loans {
		if l.Status == data.LoanActive && l.GroupID != to.ID {
			t.Errorf("open loan %s stayed in group %d", l.Contract, l.GroupID)
		}
	}
}
