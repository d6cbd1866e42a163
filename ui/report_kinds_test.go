package ui

import (
	"os/exec"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"policycredit/data/demo"
	"policycredit/translations"
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
		{"summary.office.title", "reports.screen.scope_office", "TOÀN ĐƠN VỊ"},
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
			t.Fatalf("%s: saved %q, result %q", c.kind, s.lastSaved, s.result.String())
		}
		out, err := exec.Command("pdftotext", s.lastSaved, "-").Output()
		if err != nil || !strings.Contains(strings.ToUpper(string(out)), c.want) {
			t.Errorf("%s: %s does not read %q: %v\n%s", c.kind, s.lastSaved, c.want, err, out)
		}
	}
}

// Each report of the screen has a name of its own in every language: two names that differ
// by one word ("tổng hợp dư nợ cấp xã", "… theo xã") read as the same report in a list.
func TestReportKindsHaveDistinctNames(t *testing.T) {
	for _, lang := range translations.Languages() {
		loc := translations.New(lang)
		words := func(s string) map[string]bool {
			m := map[string]bool{}
			for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ' ' || r == ',' || r == '’' || r == '\'' }) {
				m[w] = true
			}
			return m
		}
		missing := func(a, b map[string]bool) int {
			n := 0
			for w := range a {
				if !b[w] {
					n++
				}
			}
			return n
		}
		for i, a := range reportKinds {
			for _, b := range reportKinds[i+1:] {
				na, nb := loc.T(a.title), loc.T(b.title)
				wa, wb := words(na), words(nb)
				if missing(wa, wb) < 2 && missing(wb, wa) < 2 {
					t.Errorf("%s: %q and %q are nearly the same name", lang, na, nb)
				}
			}
		}
	}
}
