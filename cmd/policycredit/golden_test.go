package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// goldenFile holds the SHA-256 of every report's JSON and CSV on the small demo office (seed 1,
// demo.Today), one line each. It pins the figures and the files byte for byte, so that a change
// of how reports are built cannot change what they say. POLICYCREDIT_UPDATE_GOLDEN=1 rewrites it:
// do that only for a change that means to change a report, and say why in its commit.
const goldenFile = "testdata/reports.golden"

func TestEveryReportMatchesItsGolden(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	got := map[string]string{}
	// Every report on the demo's last day in English, the same on a day of an earlier rate,
	// and every report on the last day in Vietnamese and French (headers, units, words).
	var runs [][]string
	for _, args := range officeReports(t, db) {
		runs = append(runs, append([]string{"--lang", "en"}, args...),
			append([]string{"--lang", "en"}, onDate(args, "2025-06-30")...),
			append([]string{"--lang", "vi"}, args...),
			append([]string{"--lang", "fr"}, args...))
	}
	for _, args := range runs {
		for _, format := range []string{"json", "csv"} {
			key := format + " " + strings.Join(withoutStdout(args), " ")
			out, err := reportIn(db, args, format)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256([]byte(out))
			got[key] = hex.EncodeToString(sum[:])
		}
	}

	keys := make([]string, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s  %s\n", got[k], k)
	}
	if os.Getenv("POLICYCREDIT_UPDATE_GOLDEN") == "1" {
		if err := os.WriteFile(goldenFile, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d reports)", goldenFile, len(keys))
		return
	}
	want, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	wantLines := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(want)), "\n") {
		sum, key, ok := strings.Cut(line, "  ")
		if !ok {
			t.Fatalf("bad golden line %q", line)
		}
		wantLines[key] = sum
	}
	if len(wantLines) != len(got) {
		t.Errorf("%d reports, the golden file has %d", len(got), len(wantLines))
	}
	for _, k := range keys {
		if w, ok := wantLines[k]; !ok {
			t.Errorf("%s: not in the golden file", k)
		} else if w != got[k] {
			t.Errorf("%s: differs from the golden file (%s, want %s)", k, got[k], w)
		}
	}
}

// onDate is a report's command line with its --date replaced.
func onDate(args []string, day string) []string {
	out := append([]string(nil), args...)
	for i := range out {
		if out[i] == "--date" && i+1 < len(out) {
			out[i+1] = day
		}
	}
	return out
}

// withoutStdout drops a "-o -" pair, which reportIn replaces by a file.
func withoutStdout(args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		if args[i] == "-o" && i+1 < len(args) && args[i+1] == "-" {
			i++
			continue
		}
		out = append(out, args[i])
	}
	return out
}

// reportIn runs a report into a file in the given format and returns the file's text.
func reportIn(db string, args []string, format string) (string, error) {
	dir, err := os.MkdirTemp("", "golden")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "r."+format)
	// The credit officer sees full ID numbers, as every report did before log-ins.
	cmd := append([]string{"--db", db, "--user", demoCredit}, withoutStdout(args)...)
	cmd = append(cmd, "--format", format, "-o", file)
	var out, errOut strings.Builder
	if code := run(cmd, &out, &errOut); code != 0 {
		return "", fmt.Errorf("%q: exit %d: %s", cmd, code, errOut.String())
	}
	b, err := os.ReadFile(file)
	return string(b), err
}
