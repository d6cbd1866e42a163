package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"policycredit/data/demo"
	"policycredit/reports"
)

type capitalListJSON struct {
	Pools   []reports.CapitalPoolJSON `json:"pools"`
	Entries []capitalEntryJSON        `json:"entries"`
}

func capitalList(t *testing.T, db string) capitalListJSON {
	t.Helper()
	var v capitalListJSON
	r := mustRun(t, "--db", db, "capital", "list", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
		t.Fatalf("capital list --json: %v\n%s", err, r.stdout)
	}
	return v
}

// The demo's pools add up and cover their loans; a transfer the accountant records waits
// for the director, then makes its pool; a return beyond what is available is refused.
func TestCapitalCommands(t *testing.T) {
	db := smallDB(t)
	list := capitalList(t, db)
	if len(list.Pools) < 3 || len(list.Entries) < len(list.Pools) {
		t.Fatalf("demo capital: %+v", list)
	}
	for _, p := range list.Pools {
		if p.Received-p.Returned != p.Balance || p.Balance < p.LentOutstanding || p.Available < 0 {
			t.Errorf("pool %+v does not add up", p)
		}
	}
	add := []string{"--db", db, "--lang", "en", "capital", "add", "--level", "commune", "--commune", "16012",
		"--giver", "Quỹ hỗ trợ nông dân xã", "--decision", "45/QĐ-UBND", "--date", demo.TodayISO, "--amount", "150.000.000"}
	r := runCLI(t, add...)
	if r.code != exitRequest || !strings.Contains(r.stdout, "request ") {
		t.Fatalf("accountant's transfer: want a request (exit 3), got %v", r)
	}
	if n := len(capitalList(t, db).Entries); n != len(list.Entries) {
		t.Errorf("a request wrote an entry: %d, then %d", len(list.Entries), n)
	}
	approveRequest(t, add, r)
	after := capitalList(t, db)
	var found bool
	for _, p := range after.Pools {
		if p.Giver == "Quỹ hỗ trợ nông dân xã" {
			found = p.Level == "commune" && p.Commune == "16012" && p.Received == 150_000_000 && p.Available == 150_000_000
		}
	}
	if !found || len(after.Entries) != len(list.Entries)+1 || after.Entries[len(after.Entries)-1].User != demoAccountant {
		t.Errorf("after approval: %+v", after)
	}

	ret := []string{"--db", db, "--lang", "en", "capital", "return", "--level", "commune", "--commune", "16012",
		"--giver", "Quỹ hỗ trợ nông dân xã", "--decision", "46/QĐ-UBND", "--date", demo.TodayISO, "--amount", "200000000"}
	if r := runCLI(t, ret...); r.code != exitFailed || !strings.Contains(r.stderr, "50,000,000") {
		t.Errorf("a return beyond the pool: want exit 1 naming the shortfall, got %v", r)
	}
	teller := append([]string{"--user", demoTeller}, add...)
	if r := runCLI(t, teller...); r.code != exitFailed || !strings.Contains(r.stderr, "role teller") {
		t.Errorf("teller: %v", r)
	}
	bad := []struct {
		args []string
		want string
	}{
		{[]string{"capital", "add", "--level", "district", "--giver", "UBND", "--date", demo.TodayISO, "--amount", "1000"}, "--decision"},
		{[]string{"capital", "add", "--level", "ward", "--giver", "UBND", "--decision", "1", "--date", demo.TodayISO, "--amount", "1000"}, "Level"},
		{[]string{"capital", "add", "--level", "commune", "--giver", "UBND", "--decision", "1", "--date", demo.TodayISO, "--amount", "1000"}, "--commune"},
		{[]string{"capital", "add", "--level", "district", "--giver", "UBND", "--decision", "1", "--date", demo.TodayISO, "--amount", "-5"}, "-5"},
		{[]string{"capital", "shrink"}, "capital shrink"},
	}
	for _, b := range bad {
		r := runCLI(t, append([]string{"--db", db, "--lang", "en"}, b.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, b.want) {
			t.Errorf("%q: want exit 2 naming %q, got %v", b.args, b.want, r)
		}
		assertNoInternals(t, r)
	}
}

// `report capital` writes the JSON other tools read, and a PDF.
func TestReportCapital(t *testing.T) {
	db := smallDB(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "capital.json")
	mustRun(t, "--db", db, "report", "capital", "--date", demo.TodayISO, "--format", "json", "-o", file)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]json.RawMessage
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if strings.Join(keys, " ") != "date local_share pools totals" {
		t.Errorf("keys %v", keys)
	}
	var pools []reports.CapitalPoolJSON
	var totals reports.CapitalPoolJSON
	var share float64
	_ = json.Unmarshal(v["pools"], &pools)
	_ = json.Unmarshal(v["totals"], &totals)
	_ = json.Unmarshal(v["local_share"], &share)
	var sum int64
	for _, p := range pools {
		sum += int64(p.Balance)
	}
	if len(pools) == 0 || sum != int64(totals.Balance) || share <= 0 || share >= 1 {
		t.Errorf("pools %+v, totals %+v, share %v", pools, totals, share)
	}
	pdf := filepath.Join(dir, "capital.pdf")
	mustRun(t, "--db", db, "--lang", "en", "report", "capital", "--date", demo.TodayISO, "-o", pdf)
	if out := pdfText(t, pdf); !strings.Contains(out, "LOCAL-BUDGET CAPITAL ENTRUSTED") || !strings.Contains(out, "Subtotal, province") {
		t.Errorf("PDF text:\n%s", out)
	}
}

// The capital ledger goes out as its own sheet of `export all` and comes back with the office:
// the same pools, entries and report; importing it again adds nothing. The template reads back.
func TestCapitalSheetRoundTrip(t *testing.T) {
	from := smallDB(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "office.xlsx")
	mustRun(t, "--db", from, "export", "all", "-o", file, "--lang", "vi", "--date", demo.TodayISO)
	to := filepath.Join(dir, "imported.db")
	r := mustRun(t, "--db", to, "--lang", "en", "import", file, "--date", demo.TodayISO)
	want := capitalList(t, from)
	if !strings.Contains(r.stdout, "Capital ledger: "+strconv.Itoa(len(want.Entries))+" entries added, 0 already recorded") {
		t.Errorf("import output:\n%s", clip(r.stdout))
	}
	got := capitalList(t, to)
	if !reflect.DeepEqual(got.Pools, want.Pools) || len(got.Entries) != len(want.Entries) {
		t.Errorf("pools after the round trip:\n%+v\nwant\n%+v", got.Pools, want.Pools)
	}
	for i := range want.Entries {
		a, b := want.Entries[i], got.Entries[i]
		if a.Giver != b.Giver || a.Kind != b.Kind || a.Date != b.Date || a.Amount != b.Amount || a.Decision != b.Decision {
			t.Errorf("entry %d: %+v, want %+v", i, b, a)
		}
	}
	report := func(db string) string {
		out := filepath.Join(t.TempDir(), "c.json")
		mustRun(t, "--db", db, "report", "capital", "--date", demo.TodayISO, "--format", "json", "-o", out)
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if a, b := report(from), report(to); a != b {
		t.Errorf("report capital differs after the round trip:\n%s\n---\n%s", clip(a), clip(b))
	}
	again := mustRun(t, "--db", to, "--lang", "en", "import", file, "--date", demo.TodayISO)
	if !strings.Contains(again.stdout, "0 entries added, "+strconv.Itoa(len(want.Entries))+" already recorded") {
		t.Errorf("importing again:\n%s", clip(again.stdout))
	}

	// The blank template, filled with its example row, is a capital sheet the import reads.
	tmpl := filepath.Join(dir, "capital.xlsx")
	mustRun(t, "--db", to, "--lang", "fr", "import", "--template", "capital", "-o", tmpl)
	r = mustRun(t, "--db", to, "--lang", "en", "import", tmpl)
	if !strings.Contains(r.stdout, "1 entries added") && !strings.Contains(r.stdout, "1 entry added") {
		t.Errorf("template import:\n%s", r.stdout)
	}
	// A row that cannot be read refuses the sheet, naming the line.
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("Level,Capital pool (giver),Kind of entry,Decision date,Amount,Decision number\n"+
		"District,UBND huyện,transfer,2026-13-01,100000,1/QĐ\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, "--db", to, "--lang", "en", "import", bad); r.code != exitFailed || !strings.Contains(r.stdout, "2026-13-01") {
		t.Errorf("a bad date: %v", r)
	}
}
