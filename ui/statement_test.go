package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"policycredit/data/demo"
)

// Ctrl+P on a household's detail saves its statement and says where.
func TestBorrowerDetailPrintsTheStatement(t *testing.T) {
	a, _, s := newBorrowersTest(t)
	a.opts.ReportsDir = t.TempDir()
	s.table.Select(widget.TableCellID{Row: 0, Col: 0})
	a.Wait()
	if s.editing.ID == 0 {
		t.Fatal("no household shown")
	}
	pressShortcut(a, fyne.KeyP)
	a.Wait()
	want := filepath.Join(a.opts.ReportsDir, "statement-"+s.editing.Code+"-"+a.workingDate().String()+"-vi.pdf")
	b, err := os.ReadFile(want)
	if err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("no statement PDF at %s: %v", want, err)
	}
	if !strings.Contains(a.status.Text, want) {
		t.Errorf("status bar %q does not name %s", a.status.Text, want)
	}
	out, err := exec.Command("pdftotext", want, "-").Output()
	if err != nil || !strings.Contains(string(out), s.editing.Name) {
		t.Errorf("the statement does not name %s (%v)", s.editing.Name, err)
	}
	// The paper anchors the ledger as it stood: the chain head's first digits in the footer.
	if anchor := a.ledgerAnchor(a.ctx); len(anchor) != 12 || !strings.Contains(string(out), anchor) {
		t.Errorf("the statement does not carry the ledger anchor %q", anchor)
	}
}

// The Reports screen builds a group's statements as one PDF and saves it.
func TestReportsScreenBuildsAGroupsStatements(t *testing.T) {
	a, _ := newDemoApp(t, "en", "reports")
	a.opts.ReportsDir = t.TempDir()
	a.loadStatus()
	s, ok := a.currentScreen().(*reportsScreen)
	if !ok {
		t.Fatalf("--screen reports opened %T", a.currentScreen())
	}
	s.refresh()
	s.date.SetText(a.loc.Date(demo.Today))
	s.scope.SetSelected(a.loc.T("reports.screen.scope_group"))
	a.Wait()
	if len(s.choices) == 0 || s.target.Selected == "" {
		t.Fatalf("the group list offers %d groups", len(s.choices))
	}
	group := s.choices[0]
	test.Type(s.search, group.code)
	a.Wait()
	if len(s.choices) == 0 || s.choices[0].code != group.code {
		t.Fatalf("searching %s offers %v", group.code, s.choices)
	}
	test.Tap(s.buildBtn)
	a.Wait()
	if !strings.HasSuffix(s.lastSaved, ".pdf") || !strings.Contains(a.status.Text, s.lastSaved) {
		t.Fatalf("saved %q, status %q, result %q", s.lastSaved, a.status.Text, s.result.String())
	}
	out, err := exec.Command("pdftotext", s.lastSaved, "-").Output()
	if err != nil || !strings.Contains(string(out), "BORROWER STATEMENT") {
		t.Fatalf("pdftotext %s: %v", s.lastSaved, err)
	}
	if anchor := a.ledgerAnchor(a.ctx); len(anchor) != 12 || !strings.Contains(string(out), "Ledger anchor: "+anchor) {
		t.Errorf("the group's statements do not carry the ledger anchor %q", anchor)
	}
	if s.buildBtn.Disabled() || !s.cancel.Disabled() || s.progress.Visible() {
		t.Error("after the build the screen should be ready for the next one")
	}

	// One PDF per household goes into a folder.
	s.output.SetSelectedIndex(1)
	test.Tap(s.buildBtn)
	a.Wait()
	files, err := os.ReadDir(s.lastSaved)
	if err != nil || len(files) < 2 {
		t.Fatalf("split into %s: %d files, %v", s.lastSaved, len(files), err)
	}
}
