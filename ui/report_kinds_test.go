package ui

import (
	"os/exec"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"policycredit/data/demo"
)

// Each summary and list of the Reports screen is built for its first scope and saved as a
// PDF whose text is the report's, in the chosen language.
func TestReportsScreenBuildsTheSummariesAndLists(t *testing.T) {
	a, _ := newDemoApp(t, "vi", "reports")
	a.opts.ReportsDir = t.TempDir()
	a.loadStatus()
	s := a.currentScreen().(*reportsScreen)
	s.refresh()
	a.Wait()
	for _, c := range []struct {
		kind, scope, want string
	}{
		{"summary.commune.title", "reports.screen.scope_commune", "TỔNG HỢP"},
		{"summary.office.title", "reports.screen.scope_office", "TỔNG HỢP"},
		{"summary.overdue.title", "reports.screen.scope_office", "QUÁ HẠN"},
		{"summary.disclosure.title", "reports.screen.scope_point", "CÔNG KHAI"},
	} {
		s.kind.SetSelected(a.loc.T(c.kind))
		s.date.SetText(a.loc.Date(demo.Today))
		s.scope.SetSelected(a.loc.T(c.scope))
		a.Wait()
		s.unit.SetSelectedIndex(2) // millions
		test.Tap(s.buildBtn)
		a.Wait()
		if !strings.HasSuffix(s.lastSaved, ".pdf") {
			t.Fatalf("%s: saved %q, result %q", c.kind, s.lastSaved, s.result.Text)
		}
		out, err := exec.Command("pdftotext", s.lastSaved, "-").Output()
		if err != nil || !strings.Contains(strings.ToUpper(string(out)), c.want) {
			t.Errorf("%s: %s does not read %q: %v\n%s", c.kind, s.lastSaved, c.want, err, out)
		}
	}
}
