package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/data/demo"
	"policycredit/data/sqlite"
	"policycredit/translations"
)

// entriesIn lists the entries inside o, in the order shown.
func entriesIn(o fyne.CanvasObject) []*widget.Entry {
	var out []*widget.Entry
	walk(o, func(x fyne.CanvasObject) {
		if e, ok := x.(*widget.Entry); ok {
			out = append(out, e)
		}
	})
	return out
}

// fillDirector fills the first start's director form and creates the account.
func fillDirector(t *testing.T, a *App, name, full, password string) {
	t.Helper()
	entries := entriesIn(a.win.Canvas().Overlays().Top())
	if len(entries) != 4 {
		t.Fatalf("the director's form has %d entries, want name, full name and password twice", len(entries))
	}
	for i, v := range []string{name, full, password, password} {
		test.Type(entries[i], v)
	}
	if !tapButton(a, a.loc.T("peopleui.create_account")) {
		t.Fatal("no button creates the director's account")
	}
	a.Wait()
}

// peopleOfficeFile is the small demo office with its five demo users, imported once.
var peopleOfficeFile = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "policycredit-ui-people")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "people.db")
	store, err := sqlite.Open(path)
	if err != nil {
		return "", err
	}
	ds := *smallOffice()
	ds.Users = demo.Users()
	if err := store.ImportDataset(context.Background(), &ds); err != nil {
		store.Close()
		return "", err
	}
	return path, store.Close()
})

// openPeopleOffice opens the app on its own copy of the demo office with users, at the log-in.
func openPeopleOffice(t *testing.T, lang string) (*App, *sqlite.Store) {
	t.Helper()
	template, err := peopleOfficeFile()
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
	return openTestApp(t, path, lang, "")
}

// logInAs types name and password into the log-in form (or the lock) and submits them.
func logInAs(t *testing.T, a *App, name, password string) {
	t.Helper()
	v := a.loginView
	if v == nil {
		t.Fatal("no log-in form is shown")
	}
	if !v.name.Disabled() {
		v.name.SetText("")
		test.Type(v.name, name)
	}
	v.password.SetText("")
	test.Type(v.password, password)
	v.submit()
	if !v.button.Disabled() {
		t.Error("the log-in button stays enabled while the password is checked")
	}
	a.Wait()
}

// appAs opens the demo office with users logged in as name, on screen startAt.
func appAs(t *testing.T, lang, name, startAt string) (*App, *sqlite.Store) {
	t.Helper()
	a, store := openPeopleOffice(t, lang)
	a.opts.StartAt = startAt
	logInAs(t, a, name, demo.Password)
	if a.session.User != name {
		t.Fatalf("%s did not log in: %q", name, a.loginView.message.Text)
	}
	return a, store
}

// sessionOf logs name in on store, for the store calls a test makes itself.
func sessionOf(t *testing.T, store *sqlite.Store, name string) context.Context {
	t.Helper()
	s, err := store.LogIn(context.Background(), name, demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	return data.WithSession(context.Background(), s)
}

// shownButton finds a button labelled text that shows (it and all that holds it visible).
func shownButton(o fyne.CanvasObject, text string) *widget.Button {
	var found *widget.Button
	var visit func(o fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		if found != nil || o == nil || !o.Visible() {
			return
		}
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = b
			return
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				visit(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				visit(c)
			}
		}
	}
	visit(o)
	return found
}

func TestLogInRefusesAWrongPasswordAndLocksAfterFive(t *testing.T) {
	a, store := openPeopleOffice(t, "fr")
	if a.loginView == nil || a.win.Content() != a.loginView.root || !a.loginView.password.Password {
		t.Fatal("an office with users does not open on the log-in form with a hidden password")
	}
	if a.screens != nil {
		t.Fatal("the screens are built before anyone logged in")
	}
	wrong := a.loc.Error(data.Forbidden("log_in", "wrong_password"))
	for i := 1; i <= data.LockoutFailures; i++ {
		logInAs(t, a, "ketoan", "not-the-password")
		if got := a.loginView.message.Text; got != wrong || !a.loginView.message.Visible() {
			t.Fatalf("wrong password %d shows %q, want %q", i, got, wrong)
		}
		if a.loggedIn() {
			t.Fatal("a wrong password logged in")
		}
	}
	// The sixth try, even with the right password, meets the lock the store set.
	logInAs(t, a, "ketoan", demo.Password)
	_, err := store.LogIn(context.Background(), "ketoan", demo.Password)
	if locked := a.loc.Error(err); a.loginView == nil || a.loginView.message.Text != locked || !strings.Contains(locked, "15") && !strings.Contains(locked, ":") {
		t.Fatalf("after five wrong passwords the form says %q, want the lock %q", a.loginView.message.Text, locked)
	}
	// Another user logs in with Enter in the password field.
	v := a.loginView
	v.name.SetText("")
	test.Type(v.name, "giamdoc")
	test.Type(v.password, demo.Password)
	v.password.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	a.Wait()
	if a.session.User != "giamdoc" || a.loginView != nil {
		t.Fatalf("Enter did not log the director in: session %+v", a.session)
	}
	who := a.loc.T("peopleui.who", "Name", "Nguyễn Văn Minh", "Role", a.loc.T("role.director"))
	if !strings.Contains(a.status.Text, who) {
		t.Fatalf("status bar %q does not name the user and role %q", a.status.Text, who)
	}
}

func TestAResetPasswordMustBeChangedBeforeAnythingElse(t *testing.T) {
	a, store := openPeopleOffice(t, "vi")
	admin := sessionOf(t, store, "quantri")
	if err := store.ResetPassword(admin, "tindung", "tam-thoi-2026"); err != nil {
		t.Fatal(err)
	}
	logInAs(t, a, "tindung", "tam-thoi-2026")
	if a.loggedIn() || a.screens != nil {
		t.Fatal("a reset password opened the screens without a new one")
	}
	entries := entriesIn(a.win.Content())
	if len(entries) != 2 || !entries[0].Password || !entries[1].Password {
		t.Fatalf("the new-password form has %d entries, want two hidden ones", len(entries))
	}
	set := func(pw, again string) {
		entries[0].SetText("")
		entries[1].SetText("")
		test.Type(entries[0], pw)
		test.Type(entries[1], again)
		if !tapButton(a, a.loc.T("peopleui.set_password")) {
			t.Fatal("no button sets the password")
		}
		a.Wait()
	}
	shown := func() string { return strings.Join(texts(a.win.Content()), "\n") }
	set("ngan", "ngan")
	if tooShort := a.loc.Error(data.CheckPasswordRule("ngan")); !strings.Contains(shown(), tooShort) || a.loggedIn() {
		t.Fatalf("a short password: the form shows %q, want %q", shown(), tooShort)
	}
	set("mat-khau-rieng-01", "mat-khau-rieng-02")
	if differ := a.loc.Error(data.Invalid("user.password_again", "passwords_differ")); !strings.Contains(shown(), differ) || a.loggedIn() {
		t.Fatalf("two passwords that differ: the form shows %q, want %q", shown(), differ)
	}
	set("mat-khau-rieng-01", "mat-khau-rieng-01")
	if !a.loggedIn() || a.session.User != "tindung" || a.screens == nil {
		t.Fatalf("after a new password the user is not working: %+v", a.session)
	}
	s, err := store.LogIn(context.Background(), "tindung", "mat-khau-rieng-01")
	if err != nil || s.MustChange {
		t.Fatalf("log-in with the new password: %+v, %v", s, err)
	}
}

// tapInDialog taps the button labelled text in the dialog on top of the window.
func tapInDialog(t *testing.T, a *App, text string) {
	t.Helper()
	b := buttonIn(a.win.Canvas().Overlays().Top(), text, nil)
	if b == nil {
		t.Fatalf("no %q in the dialog", text)
	}
	test.Tap(b)
	a.Wait()
}

// texts lists the texts of the labels inside o.
func texts(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(x fyne.CanvasObject) {
		if l, ok := x.(*widget.Label); ok && l.Visible() && l.Text != "" {
			out = append(out, l.Text)
		}
	})
	return out
}

// Each demo role sees the screens and buttons of what it may do, and nothing else.
func TestEachRoleSeesOnlyWhatItMayDo(t *testing.T) {
	base := []string{"overview", "borrowers", "groups", "loans", "txday", "reports", "programs", "places"}
	for _, c := range []struct {
		user    string
		nav     []string
		buttons map[string][]string // screen → buttons (message IDs) shown
		hidden  map[string][]string // screen → buttons not shown
	}{
		{"giamdoc", append(slices.Clone(base), "capital", "approvals", "users", "settings"),
			map[string][]string{"programs": {"rate.add", "action.save"}, "reports": {"closing.close"}, "settings": {"action.save", "settings.add_period"},
				"users": {"peopleui.set_role", "peopleui.add_user", "peopleui.reset_password"}, "approvals": {"peopleui.approve"}},
			map[string][]string{"borrowers": {"action.new"}, "loans": {"loans.new"}}},
		{"ketoan", append(slices.Clone(base), "capital", "approvals", "settings"),
			map[string][]string{"reports": {"closing.close"}, "approvals": {"peopleui.approve", "peopleui.reject"}, "settings": {"importwizard.open"}},
			map[string][]string{"programs": {"rate.add"}, "borrowers": {"action.new", "action.save"}, "loans": {"loans.new"},
				"settings": {"action.save", "settings.add_period"}, "places": {"action.new"}}},
		{"tindung", append(slices.Clone(base), "approvals", "settings"),
			map[string][]string{"borrowers": {"action.new", "action.save"}, "loans": {"loans.new"}, "groups": {"action.new"}, "places": {"action.new"}},
			map[string][]string{"programs": {"rate.add"}, "reports": {"closing.close"}, "approvals": {"peopleui.approve"}, "settings": {"action.save"}}},
		{"giaodich", append(slices.Clone(base), "settings"),
			map[string][]string{"borrowers": {"action.save"}},
			map[string][]string{"borrowers": {"action.new"}, "loans": {"loans.new"}, "groups": {"action.new"}, "programs": {"rate.add"},
				"reports": {"closing.close"}, "settings": {"action.save", "importwizard.open"}, "places": {"action.new"}}},
		{"quantri", []string{"overview", "programs", "places", "approvals", "users", "settings"},
			map[string][]string{"users": {"peopleui.add_user", "peopleui.reset_password", "peopleui.disable_user", "peopleui.set_role"},
				"settings": {"action.save", "settings.backup_now"}, "places": {"action.new"}, "approvals": {"peopleui.approve"}},
			map[string][]string{"programs": {"rate.add"}, "settings": {"settings.add_period", "importwizard.open"}}},
	} {
		t.Run(c.user, func(t *testing.T) {
			a, _ := appAs(t, "en", c.user, "")
			a.opts.Backup = func(context.Context) (string, error) { return "", nil }
			a.build() // with the backup button, which the command line gives
			a.Wait()
			var nav []string
			for _, n := range a.items {
				nav = append(nav, n.id)
			}
			if !slices.Equal(nav, c.nav) {
				t.Errorf("navigation %v, want %v", nav, c.nav)
			}
			check := func(screen string, ids []string, want bool) {
				a.Navigate(screen)
				a.Wait()
				if a.items[a.current].id != screen {
					t.Fatalf("cannot open %s", screen)
				}
				if s, ok := a.currentScreen().(*txDayScreen); ok {
					// The day's buttons show once a list is open.
					s.actions.Show()
				}
				for _, id := range ids {
					if got := shownButton(a.currentScreen().content(), a.loc.T(id)) != nil; got != want {
						t.Errorf("%s, %s: button %q shown %v, want %v", c.user, screen, id, got, want)
					}
				}
			}
			for screen, ids := range c.buttons {
				check(screen, ids, true)
			}
			for screen, ids := range c.hidden {
				check(screen, ids, false)
			}
			// The teller posts the day; nobody else.
			a.Navigate("txday")
			a.Wait()
			if s, ok := a.currentScreen().(*txDayScreen); ok && s.postBtn.Visible() != (c.user == "giaodich") {
				t.Errorf("%s: the day's Post button shown %v", c.user, s.postBtn.Visible())
			}
		})
	}
}

// A rate period asked by the director is a request: the screen says it was sent, not that it
// failed, and leaves the form empty as after a save.
func TestARequestIsSentForApprovalNotAnError(t *testing.T) {
	a, store := appAs(t, "en", "giamdoc", "programs")
	s := a.currentScreen().(*programsScreen)
	row := slices.IndexFunc(s.programs, func(p data.Program) bool { return p.Code == "01" })
	s.table.Select(widget.TableCellID{Row: row, Col: 0})
	a.Wait()
	test.Type(s.effective, a.loc.Date(data.MustDate("2026-07-01")))
	test.Type(s.rate, "0.5")
	addRateConfirmed(a, s) // the confirmation that states the loans repriced: Add
	reqs, err := store.Requests(a.ctx, true)
	if err != nil || len(reqs) != 1 || reqs[0].Action != data.ActRates {
		t.Fatalf("requests after a rate: %+v, %v", reqs, err)
	}
	sent := a.loc.T("peopleui.request_sent", "ID", reqs[0].ID, "Action", a.loc.T("action.rates"))
	if overlayWith(a, sent) == nil {
		t.Fatalf("no dialog says %q", sent)
	}
	if overlayWith(a, a.loc.T("error.title")) != nil {
		t.Fatal("a request shows as an error")
	}
	if s.effective.Text != "" || s.rate.Text != "" {
		t.Fatal("the rate form keeps what was sent, ready to be sent twice")
	}
}

// A request goes through the approvals screen: its maker cannot approve it, a controller can;
// another is rejected, not without a reason.
func TestApprovalsScreenApprovesAndRejects(t *testing.T) {
	a, store := appAs(t, "en", "giamdoc", "approvals")
	director := a.ctx
	var ids []int64
	for _, on := range []string{"2026-07-01", "2026-08-01"} {
		err := store.AddRatePeriod(director, data.RatePeriod{ProgramCode: "01", Effective: data.MustDate(on), Rate: 5000, Decision: "QĐ " + on})
		var made *data.RequestMade
		if !errors.As(err, &made) {
			t.Fatalf("a rate by the director: %v, want a request", err)
		}
		ids = append(ids, made.ID)
	}
	s := a.currentScreen().(*approvalsScreen)
	// Before the requests are read, the empty list says there are none, not "choose one".
	if want := a.loc.T("shelldesk.no_requests"); s.title.Text != want {
		t.Errorf("the empty approvals say %q, want %q", s.title.Text, want)
	}
	s.refresh()
	a.Wait()
	if len(s.requests) != 2 {
		t.Fatalf("the maker sees %d requests, want 2", len(s.requests))
	}
	s.table.Select(widget.TableCellID{Row: 0, Col: 0})
	a.Wait()
	if !s.approve.Disabled() || !s.reject.Disabled() {
		t.Fatal("the maker may approve or reject their own request")
	}
	if len(s.lines) == 0 {
		t.Fatal("the request shows no before/after")
	}

	// The accountant works on the same file, in an app of their own.
	b, _ := openTestApp(t, store.Path(), "en", "approvals")
	logInAs(t, b, "ketoan", demo.Password)
	s = b.currentScreen().(*approvalsScreen)
	s.refresh()
	b.Wait()
	row := slices.IndexFunc(s.requests, func(r data.Request) bool { return r.ID == ids[0] })
	s.table.Select(widget.TableCellID{Row: row, Col: 0})
	b.Wait()
	if s.approve.Disabled() {
		t.Fatal("the accountant cannot approve the director's rate")
	}
	test.Tap(s.approve)
	test.Tap(buttonIn(b.win.Canvas().Overlays().Top(), b.loc.T("peopleui.approve"), nil)) // the confirmation
	if !s.approve.Disabled() {
		t.Error("Approve stays enabled while the approval is written")
	}
	b.Wait()
	// Store the approved request as decided, and the rate in force.
	r := requestByID(t, store, director, ids[0])
	if r.State != data.RequestApproved || r.Checker != "ketoan" {
		t.Fatalf("request after Approve: %+v", r)
	}
	p, err := store.Program(director, "01")
	if err != nil || p.Rates[len(p.Rates)-1].Effective != data.MustDate("2026-07-01") {
		t.Fatalf("the approved rate is not in force: %+v, %v", p.Rates, err)
	}
	if s.requests[0].State != data.RequestPending || s.requests[0].ID != ids[1] {
		t.Fatalf("the waiting request is not listed first: %+v", s.requests[0])
	}
	s.table.Select(widget.TableCellID{Row: 0, Col: 0})
	b.Wait()
	test.Tap(s.reject)
	b.Wait()
	reason := entriesIn(b.win.Canvas().Overlays().Top())
	if len(reason) != 1 {
		t.Fatal("Reject asks for no reason")
	}
	tapInDialog(t, b, b.loc.T("peopleui.reject"))
	if r := requestByID(t, store, director, ids[1]); r.State != data.RequestPending {
		t.Fatal("a rejection without a reason was written")
	}
	test.Type(reason[0], "wrong decision number")
	reason[0].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	b.Wait()
	if r := requestByID(t, store, director, ids[1]); r.State != data.RequestRejected || r.Reason != "wrong decision number" {
		t.Fatalf("request after Reject: %+v", r)
	}
}

func requestByID(t *testing.T, store *sqlite.Store, ctx context.Context, id int64) data.Request {
	t.Helper()
	rs, err := store.Requests(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no request %d", id)
	return data.Request{}
}

// Locking covers the window; the right password brings back the same screen with what was
// typed, dialogs included; Switch user logs out and builds the screens for the next role.
func TestLockAndUnlockKeepTheTypedForm(t *testing.T) {
	a, store := appAs(t, "vi", "tindung", "borrowers")
	s := a.currentScreen().(*borrowersScreen)
	s.name.SetText("")
	test.Type(s.name, "Đinh Thị Chưa Lưu")
	a.askChangePassword()
	dlg := a.win.Canvas().Overlays().Top()
	main := a.win.Content()
	pressShortcut(a, fyne.KeyL)
	if !a.Locked() || a.win.Content() == main || a.loginView == nil {
		t.Fatal("Ctrl+L did not lock the window")
	}
	if len(a.win.Canvas().Overlays().List()) != 0 {
		t.Fatal("a dialog shows over the lock")
	}
	if !a.loginView.name.Disabled() || a.loginView.name.Text != "tindung" {
		t.Fatal("the lock asks for another user than the one locked")
	}
	logInAs(t, a, "", "sai-mat-khau-roi")
	if !a.Locked() || a.loginView.message.Text != a.loc.Error(data.Forbidden("log_in", "wrong_password")) {
		t.Fatalf("a wrong password unlocked, or said %q", a.loginView.message.Text)
	}
	logInAs(t, a, "", demo.Password)
	if a.Locked() || a.win.Content() != main || a.currentScreen() != s || s.name.Text != "Đinh Thị Chưa Lưu" {
		t.Fatalf("unlocking did not return to the typed form: locked %v, name %q", a.Locked(), s.name.Text)
	}
	if a.win.Canvas().Overlays().Top() != dlg {
		t.Fatal("the dialog open before the lock did not come back")
	}
	// The new session works for the store; the one before the lock is closed.
	if _, err := store.SearchBorrowers(a.ctx, "a", 1); err != nil {
		t.Fatalf("after unlocking the store refuses the session: %v", err)
	}

	closeOverlays(a)
	a.Lock()
	if !tapButton(a, a.loc.T("peopleui.switch_user")) {
		t.Fatal("the lock offers no Switch user")
	}
	if a.loggedIn() || a.loginView == nil || a.loginView.name.Disabled() {
		t.Fatal("Switch user did not log out to an open log-in form")
	}
	logInAs(t, a, "quantri", demo.Password)
	if a.session.User != "quantri" || slices.ContainsFunc(a.items, func(n navItem) bool { return n.id == "borrowers" }) {
		t.Fatalf("after switching to the administrator the navigation is %v", a.items)
	}
}

// The idle lock fires after the settings' minutes without input, and input delays it.
func TestIdleLockFiresAfterTheSettingsMinutes(t *testing.T) {
	a, _ := appAs(t, "en", "giaodich", "overview")
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)
	a.now = func() time.Time { return now }
	if a.settings.IdleLockMinutes != 10 {
		t.Fatalf("idle lock %d minutes, want the default 10", a.settings.IdleLockMinutes)
	}
	a.CheckIdle()
	a.noteInput()
	now = now.Add(9 * time.Minute)
	a.CheckIdle()
	if a.Locked() {
		t.Fatal("locked after 9 idle minutes")
	}
	// Typing in a field is input: the ten minutes start again.
	a.Navigate("borrowers")
	a.Wait()
	s := a.currentScreen().(*borrowersScreen)
	a.win.Canvas().Focus(s.phone)
	test.Type(s.phone, "09")
	a.CheckIdle()
	now = now.Add(9 * time.Minute)
	a.CheckIdle()
	if a.Locked() {
		t.Fatal("locked though the user typed 9 minutes ago")
	}
	now = now.Add(time.Minute)
	a.CheckIdle()
	if !a.Locked() {
		t.Fatal("not locked after 10 idle minutes")
	}
}

// Settings keep the idle-lock minutes, which the store checks (1 to 240).
func TestSettingsIdleLockMinutes(t *testing.T) {
	a, store := appAs(t, "en", "giamdoc", "settings")
	s := a.currentScreen().(*settingsScreen)
	s.refresh()
	a.Wait()
	s.idleLock.SetText("500")
	s.save()
	a.Wait()
	if msg := s.rules.errorText("settings.idle_lock"); msg == "" {
		t.Fatal("500 idle minutes accepted")
	}
	s.idleLock.SetText("15")
	s.save()
	a.Wait()
	st, err := store.Settings(context.Background())
	if err != nil || st.IdleLockMinutes != 15 || a.settings.IdleLockMinutes != 15 {
		t.Fatalf("idle lock after save: %d, %v", st.IdleLockMinutes, err)
	}
}

// The users screen adds a user, resets a password (to change at the next log-in) and asks for
// a role change, which is a request.
func TestUsersScreenAddsResetsAndAsksForARole(t *testing.T) {
	a, store := appAs(t, "en", "quantri", "users")
	s := a.currentScreen().(*usersScreen)
	s.refresh()
	a.Wait()
	if len(s.users) != 5 {
		t.Fatalf("users screen lists %d users, want the 5 demo users", len(s.users))
	}
	test.Tap(s.add)
	entries := entriesIn(a.win.Canvas().Overlays().Top())
	if len(entries) != 4 {
		t.Fatalf("the new-user form has %d entries", len(entries))
	}
	for i, v := range []string{"thuquy", "Vũ Thị Thu", "quy-tien-2026", "quy-tien-2026"} {
		test.Type(entries[i], v)
	}
	var role *choice
	walk(a.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if sel, ok := o.(*choice); ok {
			role = sel
		}
	})
	role.SetSelected(a.loc.T("role.teller"))
	tapInDialog(t, a, a.loc.T("peopleui.create_account"))
	if len(s.users) != 6 {
		t.Fatalf("after adding a user the screen lists %d", len(s.users))
	}
	row := slices.IndexFunc(s.users, func(u data.User) bool { return u.Name == "giaodich" })
	s.table.Select(widget.TableCellID{Row: row, Col: 0})
	test.Tap(s.reset)
	entries = entriesIn(a.win.Canvas().Overlays().Top())
	test.Type(entries[0], "tam-thoi-9999")
	test.Type(entries[1], "tam-thoi-9999")
	tapInDialog(t, a, a.loc.T("peopleui.reset_password"))
	if sess, err := store.LogIn(context.Background(), "giaodich", "tam-thoi-9999"); err != nil || !sess.MustChange {
		t.Fatalf("after a reset: %+v, %v; want a log-in that must change the password", sess, err)
	}
	row = slices.IndexFunc(s.users, func(u data.User) bool { return u.Name == "ketoan" })
	s.table.Select(widget.TableCellID{Row: row, Col: 0})
	test.Tap(s.role)
	walk(a.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if sel, ok := o.(*choice); ok {
			role = sel
		}
	})
	role.SetSelected(a.loc.T("role.director"))
	tapInDialog(t, a, a.loc.T("peopleui.set_role"))
	reqs, err := store.Requests(a.ctx, true)
	if err != nil || len(reqs) != 1 || reqs[0].Action != data.ActUserRole {
		t.Fatalf("a role change: requests %+v, %v", reqs, err)
	}
	if overlayWith(a, a.loc.T("peopleui.request_sent", "ID", reqs[0].ID, "Action", a.loc.T("action.user_role"))) == nil {
		t.Fatal("the role change does not say it was sent for approval")
	}
}

// Files written from the app are for their owner only, and the export is audited.
func TestExportedFilesAreOwnerOnly(t *testing.T) {
	a, _ := appAs(t, "en", "giamdoc", "programs")
	a.opts.ReportsDir = t.TempDir()
	a.currentScreen().(*programsScreen).print()
	a.Wait()
	files, _ := filepath.Glob(filepath.Join(a.opts.ReportsDir, "*.pdf"))
	if len(files) != 1 {
		t.Fatalf("printed %v", files)
	}
	info, err := os.Stat(files[0])
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("printed file mode %v, %v; want 0600", info.Mode().Perm(), err)
	}
}

// The log-in form and the new screens show only the words of their language.
func TestPeopleScreensShowOnlyLocalizedText(t *testing.T) {
	for _, lang := range translations.Languages() {
		t.Run(lang, func(t *testing.T) {
			a, store := openPeopleOffice(t, lang)
			check := newTextChecker(t, lang, append(testData(t, a), "giamdoc", "ketoan", "tindung", "giaodich", "quantri",
				"Nguyễn Văn Minh", "Trần Thị Hạnh", "Lê Văn Tùng", "Phạm Thị Lan", "Hoàng Văn Quân", "01")...)
			for _, leak := range check.leaks(windowTexts(a.win)) {
				t.Errorf("%s, log-in: %s", lang, leak)
			}
			logInAs(t, a, "giamdoc", demo.Password)
			_ = store.AddRatePeriod(a.ctx, data.RatePeriod{ProgramCode: "01", Effective: data.MustDate("2026-07-01"), Rate: 5000})
			for _, id := range []string{"approvals", "users", "settings"} {
				a.Navigate(id)
				a.Wait()
				a.currentScreen().refresh()
				a.Wait()
				if s, ok := a.currentScreen().(*approvalsScreen); ok {
					s.table.Select(widget.TableCellID{Row: 0, Col: 0})
					a.Wait()
				}
				for _, leak := range check.leaks(windowTexts(a.win)) {
					t.Errorf("%s, %s: %s", lang, id, leak)
				}
			}
			a.Lock()
			for _, leak := range check.leaks(windowTexts(a.win)) {
				t.Errorf("%s, lock: %s", lang, leak)
			}
		})
	}
}

// The new screens, the log-in and the lock fit a 1024×768 screen in the longest languages.
func TestPeopleScreensFitA1024By768Screen(t *testing.T) {
	const width, height = 1024, 768
	for _, lang := range []string{"fr", "vi"} {
		a, store := openPeopleOffice(t, lang)
		fits := func(what string) {
			t.Helper()
			if got := a.win.Content().MinSize(); got.Width > width || got.Height > height {
				t.Errorf("%s, %s: the window needs at least %.0f×%.0f", lang, what, got.Width, got.Height)
			}
		}
		fits("log-in")
		logInAs(t, a, "giamdoc", demo.Password)
		_ = store.AddRatePeriod(a.ctx, data.RatePeriod{ProgramCode: "01", Effective: data.MustDate("2026-07-01"), Rate: 5000})
		for _, id := range []string{"approvals", "users", "settings"} {
			a.Navigate(id)
			a.Wait()
			a.currentScreen().refresh()
			a.Wait()
			fits(id)
		}
		a.Lock()
		fits("lock")
	}
}
