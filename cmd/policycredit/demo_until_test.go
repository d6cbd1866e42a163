package main

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"policycredit/data"
)

// officeOn is the office summary's totals and the count of communes with no overdue debt.
func officeOn(t *testing.T, db, on string) (ratio float64, clean, communes int) {
	t.Helper()
	r := mustRun(t, "--db", db, "report", "office", "--date", on, "--format", "json")
	var office struct {
		Communes []struct {
			Code string `json:"code"`
		} `json:"communes"`
		Totals                 figuresJSON `json:"totals"`
		CommunesWithoutOverdue int         `json:"communes_without_overdue"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &office); err != nil {
		t.Fatalf("%v\n%s", err, clip(r.stdout))
	}
	return float64(office.Totals.Overdue) / float64(office.Totals.Outstanding), office.CommunesWithoutOverdue, len(office.Communes)
}

// TestDemoUntil: `demo --until` gives an office whose history runs up to that day, so that the
// office summary on it shows real figures, not the spike of installments nobody was asked to
// pay; without --until the office stands on today.
func TestDemoUntil(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "office.db")
	mustRun(t, "--db", db, "--lang", "en", "demo", "--scale", "small", "--seed", "1", "--until", "2027-03-15")
	ratio, clean, n := officeOn(t, db, "2027-03-15")
	t.Logf("overdue ratio %.3f %%, %d of %d communes with no overdue", 100*ratio, clean, n)
	if ratio < 0.0005 || ratio > 0.003 {
		t.Errorf("overdue ratio %.3f %% on the end date, want 0.05–0.3 %%", 100*ratio)
	}
	if clean < 1 || clean > 2 {
		t.Errorf("%d of %d communes with no overdue debt on the end date, want 1–2", clean, n)
	}
	// A week later the installments that fell due since are overdue, as they would be in an
	// office where no one posted them; the history itself stops on the end date.
	if later, _, _ := officeOn(t, db, "2027-03-22"); later < ratio {
		t.Errorf("overdue ratio fell from %.3f %% to %.3f %% with nothing posted", 100*ratio, 100*later)
	}
	mustRun(t, "--db", db, "check")

	today := data.DateOf(time.Now()).String()
	byDefault, explicit := filepath.Join(t.TempDir(), "a.db"), filepath.Join(t.TempDir(), "b.db")
	mustRun(t, "--db", byDefault, "demo", "--scale", "small", "--seed", "1")
	mustRun(t, "--db", explicit, "demo", "--scale", "small", "--seed", "1", "--until", today)
	a := mustRun(t, "--db", byDefault, "report", "office", "--date", today, "--format", "json").stdout
	b := mustRun(t, "--db", explicit, "report", "office", "--date", today, "--format", "json").stdout
	if a != b {
		t.Errorf("demo without --until is not the office of today (%s):\n%s\n%s", today, clip(a), clip(b))
	}
}
