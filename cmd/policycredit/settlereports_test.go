package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
)

// settleJSON runs a settlement report for JSON and decodes it.
func settleJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	r := mustRun(t, args...)
	var out map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%q: %v\n%s", args, err, r.stdout)
	}
	return out
}

// wantKeys checks that an object has the keys the issue names.
func wantKeys(t *testing.T, what string, v any, keys ...string) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s is %T, not an object", what, v)
	}
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("%s has no %q: %v", what, k, m)
		}
	}
	return m
}

func firstOf(t *testing.T, what string, v any) any {
	t.Helper()
	a, ok := v.([]any)
	if !ok || len(a) == 0 {
		t.Fatalf("%s is not a list with something in it: %v", what, v)
	}
	return a[0]
}

// TestReportSettlement: the month's fees, commissions and ratings as JSON in the issue's
// shapes, before the month is settled (a preview) and after; one commune; a group's slip as a
// PDF with the amount in words; bad input refused as the other reports refuse it.
func TestReportSettlement(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	month := data.MonthOf(demo.Today).Prev().String()

	preview := settleJSON(t, "--db", db, "report", "fees", "--month", month)
	if preview["settled"] != false || preview["month"] != month {
		t.Errorf("before settle: settled %v, month %v", preview["settled"], preview["month"])
	}
	mustRun(t, "--db", db, "--user", demoAccountant, "settle", "--month", month)

	fees := wantKeys(t, "fees", settleJSON(t, "--db", db, "report", "fees", "--month", month), "month", "associations", "total", "settled")
	if fees["settled"] != true {
		t.Errorf("after settle: settled %v", fees["settled"])
	}
	var total float64
	for i, a := range fees["associations"].([]any) {
		f := wantKeys(t, "fees.associations[]", a, "code", "commune", "base", "rate", "overdue_ratio", "band_percent", "fee", "levels")
		l := wantKeys(t, "fees.associations[].levels", f["levels"], "commune", "district", "province", "central")
		if sum := l["commune"].(float64) + l["district"].(float64) + l["province"].(float64) + l["central"].(float64); sum != f["fee"] {
			t.Errorf("association %d: levels add up to %v, fee %v", i, sum, f["fee"])
		}
		if f["rate"] != 0.00032 {
			t.Errorf("association %d: rate %v, want 0.00032 (0.032 %% a month)", i, f["rate"])
		}
		total += f["fee"].(float64)
	}
	if total != fees["total"] || total <= 0 {
		t.Errorf("fees add up to %v, total %v", total, fees["total"])
	}

	coms := wantKeys(t, "commissions", settleJSON(t, "--db", db, "report", "commissions", "--month", month), "month", "groups", "total")
	g := wantKeys(t, "commissions.groups[]", firstOf(t, "groups", coms["groups"]), "code", "base", "rate", "commission")
	rats := wantKeys(t, "ratings", settleJSON(t, "--db", db, "report", "ratings", "--month", month), "month", "groups")
	for _, x := range rats["groups"].([]any) {
		r := wantKeys(t, "ratings.groups[]", x, "code", "criteria", "total", "band")
		wantKeys(t, "ratings.groups[].criteria", r["criteria"], data.Criteria...)
		switch r["band"] {
		case "good", "fair", "average", "weak":
		default:
			t.Errorf("group %v: band %v", r["code"], r["band"])
		}
	}

	commune := firstOf(t, "associations", fees["associations"]).(map[string]any)["commune"].(string)
	one := settleJSON(t, "--db", db, "report", "fees", "--month", month, "--commune", commune)
	for _, a := range one["associations"].([]any) {
		if c := a.(map[string]any)["commune"]; c != commune {
			t.Errorf("--commune %s lists commune %v", commune, c)
		}
	}

	dir := t.TempDir()
	slip := filepath.Join(dir, "slip.pdf")
	mustRun(t, "--db", db, "report", "commissions", "--month", month, "--group", g["code"].(string), "--lang", "fr", "-o", slip)
	if text := strings.Join(strings.Fields(pdfText(t, slip)), " "); !strings.Contains(text, "En toutes lettres") ||
		!strings.Contains(text, g["code"].(string)) {
		t.Errorf("the slip does not read the group and the amount in words:\n%s", text)
	}
	for _, f := range []string{"fees.csv", "ratings.xlsx"} {
		path := filepath.Join(dir, f)
		mustRun(t, "--db", db, "report", strings.Split(f, ".")[0], "--month", month, "-o", path)
		if st, err := os.Stat(path); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}

	// Bad input: the exit codes of the other reports.
	unknown := runCLI(t, "--db", db, "report", "overdue", "--date", demo.Today.String(), "--commune", "99999")
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"report", "fees", "--month", "2026-13"}, exitUsage, "--month"},
		{[]string{"report", "ratings"}, exitUsage, "--month"},
		{[]string{"report", "fees", "--month", month, "--group", "X"}, exitUsage, "policycredit report fees"},
		{[]string{"report", "commissions", "--month", month, "--group", "NOPE-1"}, exitFailed, "NOPE-1"},
		{[]string{"report", "fees", "--month", month, "--commune", "99999"}, unknown.code, "99999"},
	} {
		r := runCLI(t, append([]string{"--db", db, "--lang", "en"}, c.args...)...)
		if r.code != c.code || !strings.Contains(r.stderr, c.says) {
			t.Errorf("%q: exit %d, want %d, saying %q:\n%s", c.args, r.code, c.code, c.says, r.stderr)
		}
	}
}
