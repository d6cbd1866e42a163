package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"policycredit/data/demo"
)

type figuresJSON struct {
	Households   int     `json:"households"`
	Loans        int     `json:"loans"`
	Current      int64   `json:"current"`
	Overdue      int64   `json:"overdue"`
	Frozen       int64   `json:"frozen"`
	Outstanding  int64   `json:"outstanding"`
	OverdueRatio float64 `json:"overdue_ratio"`
	Change       int64   `json:"change_since_jan1"`
}

func reportJSON(t *testing.T, db string, v any, args ...string) {
	t.Helper()
	r := mustRun(t, append([]string{"--db", db, "report"}, append(args, "--date", demo.Today.String(), "--format", "json")...)...)
	if err := json.Unmarshal([]byte(r.stdout), v); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, clip(r.stdout))
	}
}

func TestSummaryReportsFromTheCommandLine(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	var office struct {
		Date     string
		Communes []struct {
			Code, Name string
			figuresJSON
		}
		Totals                 figuresJSON
		CommunesWithoutOverdue int `json:"communes_without_overdue"`
	}
	reportJSON(t, db, &office, "office")
	if office.Date != demo.Today.String() || len(office.Communes) != 3 {
		t.Fatalf("office %+v", office)
	}
	var sum figuresJSON
	for _, c := range office.Communes {
		var commune struct {
			Commune  struct{ Code, Name string }
			Programs []struct {
				Code, Name string
				figuresJSON
			}
			Totals  figuresJSON
			Savings int64
		}
		reportJSON(t, db, &commune, "commune", "--commune", c.Code, "--lang", "en")
		if commune.Commune.Code != c.Code || commune.Totals != c.figuresJSON || commune.Savings <= 0 || len(commune.Programs) == 0 {
			t.Errorf("commune %s: %+v, office line %+v", c.Code, commune, c.figuresJSON)
		}
		var programs int64
		for _, p := range commune.Programs {
			programs += p.Outstanding
			if p.Name == "" || strings.Contains(p.Name, "hộ") { // English names with --lang en
				t.Errorf("program %s named %q", p.Code, p.Name)
			}
		}
		if programs != commune.Totals.Outstanding {
			t.Errorf("commune %s: programs add up to %d, total %d", c.Code, programs, commune.Totals.Outstanding)
		}
		sum.Households += c.Households
		sum.Loans += c.Loans
		sum.Outstanding += c.Outstanding
		sum.Overdue += c.Overdue
		sum.Change += c.Change
	}
	if sum.Households != office.Totals.Households || sum.Loans != office.Totals.Loans || sum.Outstanding != office.Totals.Outstanding ||
		sum.Overdue != office.Totals.Overdue || sum.Change != office.Totals.Change {
		t.Errorf("communes add up to %+v, office totals %+v", sum, office.Totals)
	}

	var overdue struct {
		Commune *struct{ Code string }
		Loans   []struct {
			Contract    string
			DaysOverdue int `json:"days_overdue"`
			Overdue     int64
		}
		Totals struct {
			Loans   int
			Overdue int64
		}
	}
	reportJSON(t, db, &overdue, "overdue")
	if overdue.Commune != nil || overdue.Totals.Overdue != office.Totals.Overdue || len(overdue.Loans) != overdue.Totals.Loans || len(overdue.Loans) == 0 {
		t.Errorf("overdue list %+v, office overdue %d", overdue, office.Totals.Overdue)
	}

	var disclosure map[string]any
	reportJSON(t, db, &disclosure, "disclosure", "--point", "DGD-16012-1")
	loans, _ := disclosure["loans"].([]any)
	if len(loans) == 0 {
		t.Fatalf("disclosure %v", clip(mustRun(t, "--db", db, "report", "disclosure", "--point", "DGD-16012-1", "--date", demo.Today.String()).stdout))
	}
	for k := range loans[0].(map[string]any) {
		if strings.Contains(k, "phone") || strings.Contains(k, "id_number") {
			t.Errorf("the public list carries %q", k)
		}
	}

	// Files: a PDF in millions in each language, a CSV.
	dir := t.TempDir()
	for _, lang := range []string{"vi", "en", "fr"} {
		file := filepath.Join(dir, "commune-"+lang+".pdf")
		r := mustRun(t, "--db", db, "report", "commune", "--commune", "16012", "--date", demo.Today.String(), "--unit", "million",
			"--lang", lang, "-o", file)
		raw, err := os.ReadFile(file)
		if err != nil || !strings.HasPrefix(string(raw), "%PDF-") || !strings.Contains(r.stdout, file) {
			t.Errorf("%s: %v %v", lang, err, r)
		}
	}
	file := filepath.Join(dir, "office.csv")
	mustRun(t, "--db", db, "report", "office", "--date", demo.Today.String(), "-o", file)
	raw, err := os.ReadFile(file)
	if err != nil || !strings.HasPrefix(string(raw), "\ufeff") || strings.Count(string(raw), "\r\n") != 5 { // header, 3 communes, totals
		t.Errorf("office CSV %v:\n%s", err, raw)
	}
}

func TestSummaryReportsBadInput(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	day := demo.Today.String()
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"report", "commune", "--commune", "99999", "--date", day}, exitFailed, "Commune 99999"},
		{[]string{"report", "commune", "--commune", "16012", "--date", "2026-02-30"}, exitUsage, "2026-02-30"},
		{[]string{"report", "commune", "--commune", "16012", "--date", "yesterday"}, exitUsage, "yesterday"},
		{[]string{"report", "commune", "--commune", "16012", "--date", day, "--unit", "billion"}, exitUsage, "billion"},
		{[]string{"report", "commune", "--date", day}, exitUsage, "--commune"},
		{[]string{"report", "office"}, exitUsage, "--date"},
		{[]string{"report", "office", "--date", day, "--lang", "de"}, exitUsage, "de"},
		{[]string{"report", "office", "--date", day, "--format", "pdf"}, exitUsage, "-o FILE.pdf"},
		{[]string{"report", "overdue", "--commune", "12345", "--date", day}, exitFailed, "Commune 12345"},
		{[]string{"report", "disclosure", "--date", day}, exitUsage, "--point"},
		{[]string{"report", "disclosure", "--point", "NOPE", "--date", day}, exitFailed, "Transaction point"},
		{[]string{"report"}, exitUsage, "report commune --commune"},
	} {
		r := runCLI(t, append([]string{"--db", db, "--lang", "en"}, c.args...)...)
		if r.code != c.code || !strings.Contains(r.stdout+r.stderr, c.want) {
			t.Errorf("%q: want exit %d with %q, got %v", c.args, c.code, c.want, r)
		}
		assertNoInternals(t, r)
	}
	// In Vietnamese too.
	r := runCLI(t, "--db", db, "report", "commune", "--commune", "99999", "--date", day)
	if r.code != exitFailed || !strings.Contains(r.stderr, "Xã, phường 99999") {
		t.Errorf("Vietnamese unknown commune: %v", r)
	}
}

func TestReportMeetingHandout(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	var office struct {
		Communes []struct{ Code string }
		Totals   struct{ Outstanding, Overdue int64 }
	}
	reportJSON(t, db, &office, "office")
	var handout struct {
		Slides []struct {
			Kind  string
			Title string
			Chart *struct {
				Kind  string
				Items []struct {
					Value, Second int64
					Link          string
				}
			}
		}
	}
	reportJSON(t, db, &handout, "meeting")
	kinds := map[string]int{}
	for _, s := range handout.Slides {
		kinds[s.Kind]++
		if s.Kind == "trend" {
			last := s.Chart.Items[len(s.Chart.Items)-1]
			if last.Value != office.Totals.Outstanding || last.Second != office.Totals.Overdue {
				t.Errorf("the trend ends on %d/%d, the office summary says %d/%d", last.Value, last.Second,
					office.Totals.Outstanding, office.Totals.Overdue)
			}
		}
	}
	if kinds["office"] != 1 || kinds["program"] == 0 || kinds["communes"] != 1 || kinds["trend"] != 1 || kinds["ratings"] != 1 ||
		kinds["commune"] != len(office.Communes) {
		t.Fatalf("slides by kind %v for %d communes", kinds, len(office.Communes))
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "meeting-fr.pdf")
	mustRun(t, "--db", db, "report", "meeting", "--date", demo.Today.String(), "--lang", "fr", "-o", file)
	info, err := exec.Command("pdfinfo", file).Output()
	if err != nil || !regexp.MustCompile(fmt.Sprintf(`(?m)^Pages:\s+%d$`, len(handout.Slides))).Match(info) {
		t.Fatalf("handout of %d slides: %v\n%s", len(handout.Slides), err, info)
	}
	// One commune: its slides only, and its CSV.
	file = filepath.Join(dir, "meeting.csv")
	mustRun(t, "--db", db, "report", "meeting", "--commune", "16012", "--date", demo.Today.String(), "-o", file)
	raw, err := os.ReadFile(file)
	if err != nil || !strings.HasPrefix(string(raw), "\ufeffTrang;") || strings.Count(string(raw), "\r\n") < 10 {
		t.Fatalf("commune handout CSV %v:\n%s", err, raw)
	}
	r := runCLI(t, "--db", db, "--lang", "en", "report", "meeting", "--commune", "99999", "--date", demo.Today.String())
	if r.code != exitFailed || !strings.Contains(r.stderr, "Commune 99999") {
		t.Errorf("unknown commune: %v", r)
	}
}
