package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
	"policycredit/data/sqlite"
)

// contractOutcomes are what each loan of a database achieves, by contract.
func contractOutcomes(t *testing.T, db string) map[string]data.Outcome {
	t.Helper()
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := logInTo(t, s, demoCredit)
	byID, err := s.LoanOutcomes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	loans, err := s.ListLoans(ctx, data.LoanQuery{On: demo.Today, Order: data.OrderByContract})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]data.Outcome{}
	for _, l := range loans {
		if o, ok := byID[l.ID]; ok {
			out[l.Contract] = o
		}
	}
	return out
}

// TestReviewOutcomesTravelWithTheLoans: export writes each loan's outcomes in the loans'
// sheet and import reads them back, loan by loan.
func TestReviewOutcomesTravelWithTheLoans(t *testing.T) {
	t.Parallel()
	from := smallDB(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "office.xlsx")
	mustRun(t, "--db", from, "export", "all", "-o", file, "--lang", "en", "--date", demo.Today.String())
	to := filepath.Join(dir, "imported.db")
	mustRun(t, "--db", to, "--lang", "en", "import", file, "--date", demo.Today.String())
	want, got := contractOutcomes(t, from), contractOutcomes(t, to)
	if len(want) < 100 {
		t.Fatalf("only %d loans of the demo record outcomes", len(want))
	}
	if len(got) != len(want) {
		t.Errorf("%d loans record outcomes after the round trip, %d before", len(got), len(want))
	}
	for c, o := range want {
		if got[c] != o {
			t.Errorf("%s: %+v after the round trip, %+v before", c, got[c], o)
		}
	}
}

// TestReportDirective40 writes the review's JSON in the shape of issue 21, for the office and
// one commune, and refuses what it cannot read.
func TestReportDirective40(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	day := demo.Today.String()
	var office map[string]any
	r := mustRun(t, "--db", db, "report", "directive40", "--date", day, "--from", "2025-06-30")
	if err := json.Unmarshal([]byte(r.stdout), &office); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if office["from"] != "2025-06-30" || office["date"] != day || office["lending_turnover"].(float64) <= 0 {
		t.Errorf("office review %v", office)
	}
	def := mustRun(t, "--db", db, "report", "directive40", "--date", day)
	if !strings.Contains(def.stdout, `"from": "2014-11-22"`) {
		t.Errorf("without --from, the review does not start on the Directive's day:\n%s", def.stdout)
	}
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	communes, err := s.Communes(logInTo(t, s, demoCredit))
	s.Close()
	if err != nil || len(communes) == 0 {
		t.Fatal(communes, err)
	}
	var commune map[string]any
	r = mustRun(t, "--db", db, "report", "directive40", "--date", day, "--from", "2025-06-30", "--commune", communes[0].Code, "--lang", "fr")
	if err := json.Unmarshal([]byte(r.stdout), &commune); err != nil {
		t.Fatal(err)
	}
	if commune["communes_without_overdue"].(map[string]any)["of"].(float64) != 1 ||
		commune["lending_turnover"].(float64) >= office["lending_turnover"].(float64) {
		t.Errorf("commune review %v", commune)
	}
	for _, format := range []string{"pdf", "csv", "xlsx"} {
		out := filepath.Join(t.TempDir(), "review."+format)
		mustRun(t, "--db", db, "report", "directive40", "--date", day, "-o", out)
	}
	for _, bad := range [][]string{
		{"report", "directive40", "--date", day, "--from", "2030-01-01"},
		{"report", "directive40", "--date", day, "--from", "30/06/2025"},
		{"report", "directive40", "--from", "2025-06-30"},
		{"report", "directive40", "--date", day, "--commune", "99999"},
		{"report", "office", "--date", day, "--from", "2025-06-30"},
	} {
		r := runCLI(t, append([]string{"--db", db, "--lang", "en"}, bad...)...)
		if r.code == 0 || r.stderr == "" || strings.Contains(r.stderr, "sqlite") {
			t.Errorf("%v: exit %d, %q", bad, r.code, r.stderr)
		}
	}
}

// TestMeetingEndsWithTheReview: `report meeting --from` ends the handout with the review's two
// slides; without --from it has none.
func TestMeetingEndsWithTheReview(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	day := demo.Today.String()
	kinds := func(args ...string) []string {
		r := mustRun(t, append([]string{"--db", db, "report", "meeting", "--date", day, "--format", "json"}, args...)...)
		var h struct {
			Slides []struct {
				Kind  string `json:"kind"`
				Title string `json:"title"`
			} `json:"slides"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &h); err != nil {
			t.Fatalf("%v\n%s", err, r.stdout)
		}
		var out []string
		for _, s := range h.Slides {
			out = append(out, s.Kind)
		}
		return out
	}
	plain := kinds()
	with := kinds("--from", "2025-06-30")
	if len(with) != len(plain)+2 || with[len(with)-2] != "directive40_capital" || with[len(with)-1] != "directive40_results" {
		t.Errorf("slides without --from %v, with %v", plain, with)
	}
	for _, k := range plain {
		if strings.HasPrefix(k, "directive40") {
			t.Errorf("a meeting without --from has the review's slide %s", k)
		}
	}
}
