package ui

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"policycredit/data"
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

// The settlement's three reports ask for a month (the last one before the working date by
// default) instead of a date, are saved under the month's name, and read as a preview while
// the month is not settled; a month that cannot be read is refused with its field named.
func TestReportsScreenBuildsTheSettlementReports(t *testing.T) {
	a, _ := newDemoApp(t, "fr", "reports")
	a.opts.ReportsDir = t.TempDir()
	a.loadStatus()
	s := a.currentScreen().(*reportsScreen)
	s.refresh()
	a.Wait()
	last := data.MonthOf(a.workingDate()).Prev()
	if s.month.Text != last.String() {
		t.Fatalf("month %q, want the last month before the working date %s", s.month.Text, last)
	}
	s.kind.SetSelected(a.loc.T("summary.office.title"))
	if !s.month.Disabled() || s.date.Disabled() {
		t.Errorf("a report for a date: month disabled %v, date disabled %v", s.month.Disabled(), s.date.Disabled())
	}
	for _, c := range []struct{ kind, want string }{
		{"settlereports.fees.title", "FRAIS DE MANDAT DES ASSOCIATIONS"},
		{"settlereports.commissions.title", "REÇU DE COMMISSION DU CHEF DE GROUPE"},
		{"settlereports.ratings.title", "NOTATION MENSUELLE DES GROUPES"},
	} {
		s.kind.SetSelected(a.loc.T(c.kind))
		if s.month.Disabled() || !s.date.Disabled() {
			t.Errorf("%s: month disabled %v, date disabled %v", c.kind, s.month.Disabled(), s.date.Disabled())
		}
		s.scope.SetSelected(a.loc.T("reports.screen.scope_commune"))
		a.Wait()
		test.Tap(s.buildBtn)
		a.Wait()
		if !strings.Contains(filepath.Base(s.lastSaved), "-"+last.String()+"-fr.pdf") {
			t.Fatalf("%s: saved %q, result %q", c.kind, s.lastSaved, s.result.String())
		}
		out, err := exec.Command("pdftotext", s.lastSaved, "-").Output()
		if text := string(out); err != nil || !strings.Contains(text, c.want) || !strings.Contains(text, "APERÇU – NON RÉGLÉ") {
			t.Errorf("%s: %s does not read %q as a preview: %v\n%s", c.kind, s.lastSaved, c.want, err, text)
		}
	}

	// A group: its leader's slip alone.
	s.kind.SetSelected(a.loc.T("settlereports.commissions.title"))
	s.scope.SetSelected(a.loc.T("reports.screen.scope_group"))
	a.Wait()
	test.Tap(s.buildBtn)
	a.Wait()
	out, err := exec.Command("pdftotext", s.lastSaved, "-").Output()
	if text := string(out); err != nil || !strings.Contains(text, "REÇU DE COMMISSION") || strings.Contains(text, "COMMISSIONS DES CHEFS") ||
		strings.Count(text, "\f") != 1 {
		t.Errorf("a group's commissions are not its slip alone, on one page: %v\n%s", err, text)
	}

	saved := s.lastSaved
	s.month.SetText("13/2026")
	test.Tap(s.buildBtn)
	a.Wait()
	if msg := a.loc.Error(data.Invalid("settlement.month", "month_format")); overlayWith(a, msg) == nil || s.lastSaved != saved {
		t.Errorf("month 13/2026: no dialog saying %q, or saved %q", msg, s.lastSaved)
	}
	closeOverlays(a)
	s.month.SetText(fmt.Sprintf("%d/%d", int(last.Month), last.Year))
	if r, err := s.request(); err != nil || r.month != last {
		t.Errorf("month typed MM/YYYY: %v, %v", r.month, err)
	}
}
