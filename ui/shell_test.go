package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/data/demo"
)

// The window opens no larger than the screen's work area less its frame, at most 1200×760.
func TestWindowOpensAtTheScreensSizeWhenSmaller(t *testing.T) {
	a, _ := newTestApp(t, "vi", "")
	for _, c := range []struct {
		w, h   float32
		framed bool
		want   fyne.Size
	}{
		{1920, 1040, true, fyne.NewSize(1200, 760)},
		{1366, 728, true, fyne.NewSize(1366, 688)},
		{1024, 728, true, fyne.NewSize(1024, 688)},
		{1024, 768, false, fyne.NewSize(1024, 768)},
		{1600, 860, true, fyne.NewSize(1200, 760)},
		{1600, 700, true, fyne.NewSize(1200, 660)},
		{800, 600, false, fyne.NewSize(800, 600)},
		{0, 0, false, fyne.NewSize(1200, 760)}, // the system said nothing
	} {
		a.FitScreen(c.w, c.h, c.framed)
		// The test window cannot be smaller than its content: compare what was asked.
		if got := a.win.Canvas().Size(); got.Width > c.want.Width && got.Width > a.win.Content().MinSize().Width {
			t.Errorf("screen %.0f×%.0f: window %.0f wide, want %.0f", c.w, c.h, got.Width, c.want.Width)
		}
		if got := a.win.Canvas().Size(); got.Height > c.want.Height && got.Height > a.win.Content().MinSize().Height {
			t.Errorf("screen %.0f×%.0f: window %.0f high, want %.0f", c.w, c.h, got.Height, c.want.Height)
		}
	}
}

// On a 1024-pixel window the navigation shows every screen as an icon, its name hidden (and
// shown on hover); wider, the names come back; the button above it folds and unfolds it
// whatever the width. The status bar's buttons stay inside the window on every screen.
func TestNavigationFoldsToIconsOnANarrowWindow(t *testing.T) {
	for _, lang := range []string{"vi", "fr"} {
		a, _ := newDemoApp(t, lang, "")
		a.win.Resize(fyne.NewSize(1024, 768))
		a.Wait()
		if !a.navCollapsed {
			t.Fatalf("%s: the navigation keeps the screens' names at 1024 pixels", lang)
		}
		if a.nav.Length() != len(a.items) || len(a.items) < 9 {
			t.Fatalf("%s: the folded navigation lists %d screens of %d", lang, a.nav.Length(), len(a.items))
		}
		for i, n := range a.items {
			cell := newNavCell(a)
			a.nav.UpdateItem(i, cell)
			if cell.icon.Resource == nil || cell.label.Visible() || cell.label.Text != a.loc.T(n.title) {
				t.Errorf("%s: folded, %s shows icon %v, its name %q visible %v", lang, n.id, cell.icon.Resource, cell.label.Text, cell.label.Visible())
			}
			// The mouse on the icon shows the name beside it, and takes it away on leaving.
			cell.MouseIn(nil)
			if tip := a.tips.Objects; len(tip) != 1 || !containsText(tip[0], a.loc.T(n.title)) {
				t.Errorf("%s: the mouse on %s's icon does not show its name", lang, n.id)
			}
			cell.MouseOut()
			if len(a.tips.Objects) != 0 {
				t.Errorf("%s: %s's name stays after the mouse left", lang, n.id)
			}
			// Every screen opens from its icon, and the status bar stays on the window.
			a.nav.Select(i)
			a.Wait()
			if a.current != i {
				t.Fatalf("%s: the icon of %s opens screen %d", lang, n.id, a.current)
			}
			if got := a.win.Content().MinSize(); got.Width > 1024 || got.Height > 768 {
				t.Errorf("%s, %s: the window needs at least %.0f×%.0f", lang, n.id, got.Width, got.Height)
			}
			for _, b := range statusBarButtons(a) {
				pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
				if !b.Visible() || pos.X+b.Size().Width > 1024 || pos.Y+b.Size().Height > 768 {
					t.Errorf("%s, %s: the status bar's %q ends at %.0f,%.0f, outside 1024×768", lang, n.id, b.Text,
						pos.X+b.Size().Width, pos.Y+b.Size().Height)
				}
			}
		}
		// The status bar's line, cut short at 1024 pixels, shows whole under the mouse.
		a.loadStatus()
		a.Wait()
		a.notify(strings.Repeat(a.statusLine()+" · ", 3))
		var hf *hoverFull
		walk(a.shell.Objects[3], func(o fyne.CanvasObject) {
			if h, ok := o.(*hoverFull); ok {
				hf = h
			}
		})
		if hf == nil || !hf.cut() {
			t.Fatalf("%s: the status bar's long line is not cut at 1024 pixels", lang)
		}
		hf.MouseIn(nil)
		if tip := a.tips.Objects; len(tip) != 1 || !containsText(tip[0], a.status.Text) {
			t.Errorf("%s: the status bar's whole line does not show under the mouse", lang)
		}
		hf.MouseOut()
		// Maximised on a wider screen: the names come back, and go again once restored.
		a.win.Resize(fyne.NewSize(1366, 768))
		a.Wait()
		if a.navCollapsed {
			t.Errorf("%s: the navigation stays folded at 1366 pixels", lang)
		}
		a.win.Resize(fyne.NewSize(1024, 768))
		if !a.navCollapsed {
			t.Errorf("%s: restored to 1024 pixels, the navigation does not fold again", lang)
		}
		// The button unfolds it at 1024 pixels, and the choice holds.
		test.Tap(a.navToggle)
		a.win.Resize(fyne.NewSize(1030, 768))
		if a.navCollapsed {
			t.Errorf("%s: the navigation button does not unfold it", lang)
		}
		cell := newNavCell(a)
		a.nav.UpdateItem(0, cell)
		if !cell.label.Visible() {
			t.Errorf("%s: unfolded, the screens' names stay hidden", lang)
		}
	}
}

// containsText says whether a label inside o reads text.
func containsText(o fyne.CanvasObject, text string) bool {
	found := false
	walk(o, func(x fyne.CanvasObject) {
		if l, ok := x.(*widget.Label); ok && l.Text == text {
			found = true
		}
	})
	return found
}

// statusBarButtons are the buttons of the window's status bar.
func statusBarButtons(a *App) []*widget.Button {
	var out []*widget.Button
	bottom := a.shell.Objects[3].(*fyne.Container)
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Button:
			out = append(out, v)
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(bottom)
	return out
}

// An office with no commune opens on a welcome saying what to do first, with its buttons:
// name the office, import the bank's file, add a commune, open the demo office. An office
// with data opens on its Overview.
func TestEmptyOfficeWelcomesWithItsFirstSteps(t *testing.T) {
	a, store := newTestApp(t, "vi", "")
	if !a.emptyOffice || a.body.Objects[0] != a.welcome || a.welcome == nil {
		t.Fatalf("an empty office opens on %T, not the welcome", a.body.Objects[0])
	}
	for _, key := range []string{"settings", "import", "commune", "demo"} {
		if b := a.welcomeButtons[key]; b == nil || b.Text == "" || strings.Contains(b.Text, "shelldesk.") {
			t.Errorf("the welcome has no %s button", key)
		}
	}
	if got := a.win.Content().MinSize(); got.Width > 1024 {
		t.Errorf("the welcome needs %.0f pixels of width", got.Width)
	}
	// Add a commune: the Places screen, a new commune's form.
	test.Tap(a.welcomeButtons["commune"])
	a.Wait()
	if _, ok := a.currentScreen().(*placesScreen); !ok {
		t.Fatalf("Add a commune opens %T", a.currentScreen())
	}
	test.Tap(a.welcomeButtons["settings"])
	a.Wait()
	if _, ok := a.currentScreen().(*settingsScreen); !ok {
		t.Fatalf("Name the office opens %T", a.currentScreen())
	}
	// The demo office asks first, then writes one.
	a.Navigate("overview")
	a.Wait()
	test.Tap(a.welcomeButtons["demo"])
	if cs, _ := store.Communes(context.Background()); len(cs) != 0 {
		t.Fatal("the demo office was written before the clerk confirmed")
	}
	test.Tap(a.demoConfirm)
	a.Wait()
	if cs, _ := store.Communes(context.Background()); len(cs) == 0 {
		t.Fatal("confirmed, the demo office was not written")
	}

	d, _ := newDemoApp(t, "vi", "")
	if d.emptyOffice || d.body.Objects[0] != d.screens[0].content() {
		t.Fatal("an office with data opens on the welcome")
	}
}

// A commune added to an empty office: back on the first screen, the welcome gives way.
func TestWelcomeGivesWayOnceTheOfficeHasACommune(t *testing.T) {
	a, store := newTestApp(t, "en", "")
	if !a.emptyOffice {
		t.Fatal("an empty office is not welcomed")
	}
	if err := store.SaveCommune(context.Background(), &data.Commune{Code: "19999", Name: "Xã Hoằng Mới"}); err != nil {
		t.Fatal(err)
	}
	a.Navigate("places")
	a.Wait()
	a.Navigate("overview")
	a.Wait()
	if a.emptyOffice || a.body.Objects[0] == a.welcome {
		t.Fatal("the office has a commune, and the welcome still stands")
	}
}

// Reports starts on the household the clerk had open on Borrowers, or the group open on
// Groups, not on the first of the list; coming back does not undo the clerk's own choice.
func TestReportsStartsOnTheHouseholdOrGroupJustOpen(t *testing.T) {
	a, store := newDemoApp(t, "vi", "borrowers")
	ctx := context.Background()
	bs, err := store.SearchBorrowers(ctx, "", 50)
	if err != nil || len(bs) < 10 {
		t.Fatalf("%d households, %v", len(bs), err)
	}
	b := bs[len(bs)-1]
	a.currentScreen().(*borrowersScreen).edit(b.Borrower)
	a.Wait()
	a.Navigate("reports")
	a.Wait()
	s := a.currentScreen().(*reportsScreen)
	if got := s.chosenScope(); got != scopeHousehold {
		t.Fatalf("Reports opens on scope %q, not the household", got)
	}
	if i := s.target.SelectedIndex(); i < 0 || s.choices[i].id != b.ID {
		t.Fatalf("Reports opens on %q, not %s – %s", s.target.Selected, b.Code, b.Name)
	}

	// The clerk picks the office summary, visits Programs and comes back: it stays.
	office := a.loc.T("summary.office.title")
	s.kind.SetSelected(office)
	a.Navigate("programs")
	a.Wait()
	a.Navigate("reports")
	a.Wait()
	if s.kind.Selected != office {
		t.Fatalf("coming back, Reports shows %q instead of the clerk's %q", s.kind.Selected, office)
	}

	// A group open on Groups: the statement of that group.
	gs, err := store.SearchGroups(ctx, "", 50)
	if err != nil || len(gs) < 2 {
		t.Fatalf("%d groups, %v", len(gs), err)
	}
	g := gs[len(gs)-1]
	a.Navigate("groups")
	a.Wait()
	a.currentScreen().(*groupsScreen).edit(g.Group)
	a.Wait()
	a.Navigate("reports")
	a.Wait()
	if s.chosenScope() != scopeGroup || s.kind.Selected == office {
		t.Fatalf("from Groups, Reports shows %q for scope %q", s.kind.Selected, s.chosenScope())
	}
	if i := s.target.SelectedIndex(); i < 0 || s.choices[i].id != g.ID {
		t.Fatalf("Reports opens on %q, not group %s", s.target.Selected, g.Code)
	}

	// A commune open on Places: that commune.
	cs, err := store.Communes(ctx)
	if err != nil || len(cs) < 2 {
		t.Fatalf("%d communes, %v", len(cs), err)
	}
	c := cs[len(cs)-1]
	a.Navigate("places")
	a.Wait()
	a.currentScreen().(*placesScreen).commune.edit(c)
	a.Navigate("reports")
	a.Wait()
	if i := s.target.SelectedIndex(); s.chosenScope() != scopeCommune || i < 0 || s.choices[i].id != c.ID {
		t.Fatalf("from Places, Reports shows scope %q, %q, not commune %s", s.chosenScope(), s.target.Selected, c.Code)
	}
}

// Another report type starts with an empty search: the last one's would hide its choices.
func TestReportsTypeChangeClearsTheSearch(t *testing.T) {
	a, _ := newDemoApp(t, "en", "reports")
	s := a.currentScreen().(*reportsScreen)
	test.Type(s.search, "zzz-no-such-household")
	a.Wait()
	if len(s.choices) != 0 {
		t.Fatalf("the search found %d households", len(s.choices))
	}
	s.kind.SetSelected(a.loc.T("summary.overdue.title"))
	a.Wait()
	if s.search.Text != "" {
		t.Fatalf("another report keeps the search %q", s.search.Text)
	}
	s.kind.SetSelected(a.loc.T("report.statement.title"))
	a.Wait()
	if s.search.Text != "" || len(s.choices) == 0 {
		t.Fatalf("back on statements: search %q, %d households", s.search.Text, len(s.choices))
	}
}

// Once a report is saved, Open and Open folder open the file and its folder; before, and
// while the next one is built, they are hidden.
func TestReportsOpenButtonsAfterSaving(t *testing.T) {
	a, _ := newDemoApp(t, "fr", "reports")
	a.opts.ReportsDir = t.TempDir()
	s := a.currentScreen().(*reportsScreen)
	a.Wait()
	if s.openFile.Visible() || s.openFolder.Visible() {
		t.Fatal("Open shows before anything was saved")
	}
	s.kind.SetSelected(a.loc.T("summary.office.title"))
	s.date.SetText(a.loc.Date(demo.Today))
	a.Wait()
	test.Tap(s.buildBtn)
	a.Wait()
	if s.lastSaved == "" || !s.openFile.Visible() || !s.openFolder.Visible() {
		t.Fatalf("saved %q: Open visible %v, Open folder visible %v", s.lastSaved, s.openFile.Visible(), s.openFolder.Visible())
	}
	if strings.Contains(s.openFile.Text, "shelldesk.") || strings.Contains(s.openFolder.Text, "shelldesk.") {
		t.Fatalf("the buttons read %q and %q", s.openFile.Text, s.openFolder.Text)
	}
	test.Tap(s.openFile)
	if s.lastOpened != s.lastSaved {
		t.Fatalf("Open opened %q, not %q", s.lastOpened, s.lastSaved)
	}
	test.Tap(s.openFolder)
	if s.lastOpened != filepath.Dir(s.lastSaved) || s.lastOpened != a.opts.ReportsDir {
		t.Fatalf("Open folder opened %q, not %q", s.lastOpened, a.opts.ReportsDir)
	}
}
