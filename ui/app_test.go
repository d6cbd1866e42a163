package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/data/demo"
	"policycredit/data/sqlite"
	"policycredit/translations"
)

// newTestApp opens the main window on a real database file in a temporary folder.
func newTestApp(t *testing.T, lang, startAt string) (*App, *sqlite.Store) {
	t.Helper()
	return openTestApp(t, filepath.Join(t.TempDir(), "office.db"), lang, startAt)
}

// openTestApp opens the main window on the database file at path.
func openTestApp(t *testing.T, path, lang, startAt string) (*App, *sqlite.Store) {
	t.Helper()
	fyneApp := test.NewApp()
	t.Cleanup(fyneApp.Quit)
	store, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	a := New(fyneApp, store, translations.New(lang), Options{User: "tester", StartAt: startAt})
	a.Wait()
	return a, store
}

func (a *App) currentScreen() screen { return a.screens[a.current] }

// smallOffice is the small demo office, generated once for the package's tests.
var smallOffice = sync.OnceValue(func() *data.Dataset { return demo.Generate(demo.Scales["small"], 1, demo.Today) })

// smallOfficeFile is a database file holding the small demo office, imported once for the
// package's tests; each test works on its own copy.
var smallOfficeFile = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "policycredit-ui-test")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "small.db")
	store, err := sqlite.Open(path)
	if err != nil {
		return "", err
	}
	if err := store.ImportDataset(context.Background(), smallOffice()); err != nil {
		store.Close()
		return "", err
	}
	// Closing folds the WAL into the file, so a copy of the file alone is the whole office.
	return path, store.Close()
})

// newDemoApp opens the app at a screen on its own copy of the small demo office.
func newDemoApp(t *testing.T, lang, startAt string) (*App, *sqlite.Store) {
	t.Helper()
	template, err := smallOfficeFile()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(template)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "office.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return openTestApp(t, path, lang, startAt)
}

func TestWindowOpensInVietnameseOnTheOverview(t *testing.T) {
	a, _ := newTestApp(t, "vi", "")
	if got, want := a.win.Title(), a.loc.T("app.title"); got != want || got == "app.title" {
		t.Fatalf("title %q, want the Vietnamese app title %q", got, want)
	}
	if len(a.items) != 10 || a.items[0].id != "overview" || a.items[9].id != "settings" {
		t.Fatalf("navigation of an office without users shows %d screens; Overview first, then Borrowers, Groups, Loans, Transaction day, Reports, Programs, Places, Local capital and Settings", len(a.items))
	}
	if _, ok := a.currentScreen().(*overviewScreen); !ok {
		t.Fatalf("the window opens on %T, not the Overview", a.currentScreen())
	}
	if !strings.Contains(a.status.Text, "tester") {
		t.Fatalf("status bar %q does not name the user", a.status.Text)
	}
}

func TestProgramsScreenListsCurrentRatesAndAddsAPeriod(t *testing.T) {
	a, store := newTestApp(t, "vi", "programs")
	s := a.currentScreen().(*programsScreen)
	if len(s.programs) != 14 {
		t.Fatalf("programs screen lists %d programs, want 14", len(s.programs))
	}
	row := -1
	for i, p := range s.programs {
		if p.Code == "01" {
			row = i
		}
	}
	if got := s.cell(widget.TableCellID{Row: row, Col: 2}); got != a.loc.Percent(5200) {
		t.Fatalf("current rate of program 01 shows %q, want %q", got, a.loc.Percent(5200))
	}
	s.table.Select(widget.TableCellID{Row: row, Col: 0})
	a.Wait()

	test.Type(s.effective, a.loc.Date(data.MustDate("2026-07-01")))
	test.Type(s.rate, "0,5")
	test.Type(s.decision, "QĐ 05/2026")
	addRateConfirmed(a, s) // the confirmation that states the loans repriced: Add
	p, err := store.Program(context.Background(), "01")
	if err != nil {
		t.Fatal(err)
	}
	last := p.Rates[len(p.Rates)-1]
	if last.Effective != data.MustDate("2026-07-01") || last.Rate != 5000 {
		t.Fatalf("newest rate period %+v, want 0.5 %%/month from 2026-07-01", last)
	}

	// A second period on the same date is refused, with the reason under the date field.
	test.Type(s.effective, a.loc.Date(data.MustDate("2026-07-01")))
	test.Type(s.rate, "0,45")
	addRateConfirmed(a, s) // the confirmation that states the loans repriced: Add
	if msg := s.rateForm.errorText("rate.effective"); msg == "" || strings.Contains(msg, "rate_period_exists") {
		t.Fatalf("duplicate effective date shows %q, want a translated message", msg)
	}
	again, _ := store.Program(context.Background(), "01")
	if len(again.Rates) != len(p.Rates) {
		t.Fatalf("a refused rate period changed the history: %d periods, want %d", len(again.Rates), len(p.Rates))
	}

	// A rate that is not a number names the rate field.
	s.rate.SetText("abc")
	addRateConfirmed(a, s) // the confirmation that states the loans repriced: Add
	if s.rateForm.errorText("rate.rate") == "" {
		t.Fatal("a rate of \"abc\" shows no message under the rate field")
	}
}

func TestPlacesScreenRefusesBadCommuneAndSavesGoodOne(t *testing.T) {
	a, store := newTestApp(t, "vi", "places")
	s := a.currentScreen().(*placesScreen)
	tab := s.commune
	tab.startNew()
	test.Type(tab.code, "254")
	test.Type(tab.name, "Xã Quỳnh Thạch")
	tab.save()
	a.Wait()
	if msg := tab.form.errorText("commune.code"); msg == "" {
		t.Fatal("a 3-digit commune code shows no message")
	}
	if cs, _ := store.Communes(context.Background()); len(cs) != 0 {
		t.Fatalf("a refused commune was saved: %+v", cs)
	}
	if tab.name.Text != "Xã Quỳnh Thạch" {
		t.Fatal("a failed save cleared what the clerk typed")
	}
	tab.code.SetText("25432")
	tab.save()
	a.Wait()
	cs, _ := store.Communes(context.Background())
	if len(cs) != 1 || cs[0].Name != "Xã Quỳnh Thạch" {
		t.Fatalf("communes after save: %+v", cs)
	}
	if tab.form.errorText("commune.code") != "" {
		t.Fatal("the message stayed after a good save")
	}
	if len(s.communes) != 1 {
		t.Fatalf("the list shows %d communes after saving one", len(s.communes))
	}

	// A village in that commune, then a point serving it on day 29 (refused) and 15 (kept).
	vt := s.village
	vt.startNew()
	vt.commune.SetSelected(s.communeLabel(cs[0].ID))
	test.Type(vt.code, "T01")
	test.Type(vt.name, "Thôn Đông")
	vt.save()
	a.Wait()
	vs, _ := store.Villages(context.Background(), cs[0].ID)
	if len(vs) != 1 {
		t.Fatalf("villages after save: %+v", vs)
	}
	pt := s.point
	pt.startNew()
	pt.commune.SetSelected(s.communeLabel(cs[0].ID))
	a.Wait()
	test.Type(pt.code, "DGD01")
	test.Type(pt.name, "Điểm giao dịch xã Quỳnh Thạch")
	test.Type(pt.day, "29")
	pt.served.SetSelected(pt.served.Options)
	pt.save()
	a.Wait()
	if pt.form.errorText("point.day") == "" {
		t.Fatal("day 29 shows no message under the day field")
	}
	pt.day.SetText("15")
	pt.save()
	a.Wait()
	ps, _ := store.Points(context.Background(), cs[0].ID)
	if len(ps) != 1 || ps[0].Day != 15 || len(ps[0].VillageIDs) != 1 {
		t.Fatalf("points after save: %+v", ps)
	}

	// Opening the point again and saving it keeps the villages it serves.
	for i := 0; i < 5; i++ {
		pt.edit(ps[0])
		a.Wait()
		pt.save()
		a.Wait()
	}
	ps, _ = store.Points(context.Background(), cs[0].ID)
	if len(ps[0].VillageIDs) != 1 {
		t.Fatalf("re-saving a point lost its villages: %+v", ps[0])
	}
	// A new point starts with no commune rather than the last one edited.
	pt.filter.ClearSelected()
	pt.startNew()
	if pt.commune.Selected != "" {
		t.Fatalf("a new point starts in commune %q", pt.commune.Selected)
	}
}

func TestSettingsSwitchLanguageRebuildsWindowAndIsRemembered(t *testing.T) {
	a, store := newTestApp(t, "vi", "settings")
	viTitle := a.win.Title()
	s := a.currentScreen().(*settingsScreen)
	s.language.SetSelected(a.loc.T("language.en"))
	a.Wait()
	if a.loc.Lang() != "en" {
		t.Fatalf("language is %q after choosing English", a.loc.Lang())
	}
	if a.win.Title() == viTitle {
		t.Fatal("window title did not change language")
	}
	if _, ok := a.currentScreen().(*settingsScreen); !ok {
		t.Fatal("switching language left the Settings screen")
	}
	st, _ := store.Settings(context.Background())
	if st.Language != "en" {
		t.Fatalf("saved language %q, want en", st.Language)
	}
}

func TestSettingsRefuseBadRulesAndKeepSavedOnes(t *testing.T) {
	a, store := newTestApp(t, "fr", "settings")
	s := a.currentScreen().(*settingsScreen)
	before, _ := store.Settings(context.Background())
	s.groupMax.SetText("2") // below the minimum of 3
	s.save()
	a.Wait()
	if s.rules.errorText("settings.group_max") == "" {
		t.Fatal("a maximum group size under the minimum shows no message")
	}
	s.groupMax.SetText("60")
	s.extension.SetText("douze")
	s.save()
	a.Wait()
	if s.rules.errorText("settings.extension_max") == "" {
		t.Fatal("an extension of \"douze\" shows no message")
	}
	after, _ := store.Settings(context.Background())
	if !reflect.DeepEqual(after, before) {
		t.Fatalf("refused settings changed what was saved: %+v", after)
	}
	s.extension.SetText("12")
	s.officeName.SetText("Phòng giao dịch NHCSXH huyện Quỳnh Lưu")
	s.groupMax.SetText("55")
	s.save()
	a.Wait()
	after, _ = store.Settings(context.Background())
	if after.GroupMaxMembers != 55 {
		t.Fatalf("group max %d after save, want 55", after.GroupMaxMembers)
	}
	if o, _ := store.Office(context.Background()); o.Name != "Phòng giao dịch NHCSXH huyện Quỳnh Lưu" {
		t.Fatalf("office name %q after save", o.Name)
	}
	if !strings.Contains(a.status.Text, "Quỳnh Lưu") {
		t.Fatalf("status bar %q does not show the office", a.status.Text)
	}
}

func TestFirstStartAsksForEmptyOrDemoOffice(t *testing.T) {
	fyneApp := test.NewApp()
	defer fyneApp.Quit()
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	a := New(fyneApp, store, translations.New("vi"), Options{User: "tester", FirstStart: true})
	a.Wait()
	// The director's account comes first: log-in name, full name, password twice.
	fillDirector(t, a, "truongphong", "Hoàng Văn Nam", "mat-khau-moi-2026")
	if a.session.User != "truongphong" || a.session.Role != data.RoleDirector {
		t.Fatalf("after the director's account the session is %+v", a.session)
	}
	overlays := a.win.Canvas().Overlays().List()
	if len(overlays) == 0 {
		t.Fatal("no question on first start")
	}
	found := false
	walk(overlays[0], func(o fyne.CanvasObject) {
		if r, ok := o.(*widget.RadioGroup); ok && len(r.Options) == 2 && r.Options[1] == a.loc.T("firstrun.demo") {
			found = true
		}
	})
	if !found {
		t.Fatal("first-start dialog does not offer an empty or a demo office")
	}
	a.createDemo("small")
	a.Wait()
	c, err := store.Counts(context.Background())
	if err != nil || c.Communes != 3 || c.Borrowers != 500 {
		t.Fatalf("demo office counts %+v, %v; want the small scale", c, err)
	}
	// The demo's five users came with it, beside the director created first.
	users, err := store.Users(a.ctx)
	if err != nil || len(users) != 6 {
		t.Fatalf("users after the demo: %d, %v; want the director and the five demo users", len(users), err)
	}
}

// walk visits o and every object inside it.
func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, f)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(x)
		for _, c := range r.Objects() {
			walk(c, f)
		}
	}
}

func TestProgramsPrintSavesTheCatalogueAsPDF(t *testing.T) {
	a, _ := newTestApp(t, "vi", "programs")
	a.opts.ReportsDir = t.TempDir()
	s := a.currentScreen().(*programsScreen)
	catalogueName := "programs-" + a.workingDate().String() + "-vi.pdf"
	s.print()
	a.Wait()
	saved := filepath.Join(a.opts.ReportsDir, catalogueName)
	b, err := os.ReadFile(saved)
	if err != nil {
		t.Fatalf("Print saved no catalogue: %v", err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("%s is not a PDF", saved)
	}
	if !strings.Contains(a.status.Text, catalogueName) {
		t.Fatalf("status bar %q does not say where the report went", a.status.Text)
	}
}
