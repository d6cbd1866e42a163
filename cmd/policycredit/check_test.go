package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// check --rebuild recomputes the balances before checking: on a sound office it corrects
// nothing and the check finds nothing.
func TestCheckRebuildOnASoundOffice(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "office.db")
	copyDB(t, smallDB(t), db) // the rebuild writes: the shared office stays as it is
	r := mustRun(t, "--db", db, "--lang", "en", "check", "--rebuild")
	want := "Balances recomputed from the ledger: 0 rows corrected.\nCheck complete: no problems found.\n"
	if r.stdout != want {
		t.Errorf("check --rebuild stdout = %q, want %q", r.stdout, want)
	}
	r = runCLI(t, "--db", db, "--lang", "en", "check", "--rebuild", "extra")
	if !strings.Contains(r.stderr, "Usage: policycredit check [--rebuild]") {
		t.Errorf("check with an extra argument: stderr = %q, want the usage", r.stderr)
	}
}
