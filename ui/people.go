package ui

import (
	"context"
	"errors"
	"image/color"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/reports"
)

// PeopleStore is what the window needs of the store for users, log-in and requests
// (data/sqlite.Store has it). A store without it, such as a test double, runs the app as an
// office with no users, as before issue 17.
type PeopleStore interface {
	HasUsers(ctx context.Context) (bool, error)
	LogIn(ctx context.Context, name, password string) (data.Session, error)
	LogOut(sess data.Session)
	Users(ctx context.Context) ([]data.User, error)
	AddUser(ctx context.Context, u data.User, password string) error
	DisableUser(ctx context.Context, name string) error
	ResetPassword(ctx context.Context, name, password string) error
	ChangePassword(ctx context.Context, old, password string) error
	SetUserRole(ctx context.Context, name string, role data.Role) error
	Requests(ctx context.Context, pendingOnly bool) ([]data.Request, error)
	Approve(ctx context.Context, id int64) (data.Request, error)
	Reject(ctx context.Context, id int64, reason string) error
	RecordExport(ctx context.Context, what, file string) error
}

// idleCheckEvery is how often the app looks for input to decide on the idle lock.
const idleCheckEvery = 5 * time.Second

// loggedIn says whether a user works in the window (and not the setup of an office with no
// user yet).
func (a *App) loggedIn() bool { return a.session.Token != "" }

// may says whether the user working may do act; in setup (no user yet) everything is allowed,
// as the store allows it.
func (a *App) may(act data.Action) bool {
	if !a.loggedIn() {
		return a.setup
	}
	return data.MayDo(a.session.Role, act)
}

// allow hides the buttons of an action the user may not do: the store would refuse it anyway,
// and a button that can only fail is a trap.
func (a *App) allow(act data.Action, objs ...fyne.CanvasObject) {
	if a.may(act) {
		return
	}
	for _, o := range objs {
		o.Hide()
	}
}

// approvesAnything says whether role r may approve some kind of request.
func approvesAnything(r data.Role) bool {
	for _, p := range data.Permissions {
		if data.MayApprove(r, p.Action) {
			return true
		}
	}
	return false
}

// makesRequests says whether role r may ask for something a second user must approve.
func makesRequests(r data.Role) bool {
	for _, p := range data.Permissions {
		if data.NeedsApproval(p.Action) && data.MayDo(r, p.Action) {
			return true
		}
	}
	return false
}

// mayOpen says whether the navigation offers the screen id to the user working.
func (a *App) mayOpen(id string) bool {
	if !a.loggedIn() {
		// Setup (or a store without users): the screens of before issue 17.
		return id != "approvals" && id != "users"
	}
	r := a.session.Role
	switch id {
	case "borrowers", "groups", "loans", "txday", "reports":
		return data.MayDo(r, data.ActPersonal)
	case "approvals":
		return approvesAnything(r) || makesRequests(r)
	case "users":
		return data.MayDo(r, data.ActUsers) || data.MayDo(r, data.ActUserRole)
	case "capital":
		return data.MayDo(r, data.ActCapital) || data.MayApprove(r, data.ActCapital)
	}
	return true
}

// requested shows, when err is a change kept as a request for approval, that it was sent, and
// says so: the caller then treats the form as saved so that it is not sent twice.
func (a *App) requested(err error) bool {
	var made *data.RequestMade
	if !errors.As(err, &made) {
		return false
	}
	msg := a.loc.T("peopleui.request_sent", "ID", made.ID, "Action", a.loc.T("action."+string(made.Action)))
	a.notify(msg)
	show := func() { a.showMessage(a.loc.T("peopleui.request_sent_title"), msg) }
	if a.inCallback > 0 {
		// The callback goes on to close its form, which would take a dialog shown above it
		// along: the message shows once the callback is done.
		a.notices = append(a.notices, show)
		return true
	}
	show()
	return true
}

// showNotices shows the messages a callback left for after it.
func (a *App) showNotices() {
	ns := a.notices
	a.notices = nil
	for _, show := range ns {
		show()
	}
}

// --- log-in -------------------------------------------------------------------------------

// centered puts a small form in the middle of the window, at a readable width.
func centered(width float32, objs ...fyne.CanvasObject) fyne.CanvasObject {
	w := canvas.NewRectangle(color.Transparent)
	w.SetMinSize(fyne.NewSize(width, 0))
	return container.NewCenter(container.NewStack(w, container.NewVBox(objs...)))
}

// logInView is the log-in form: the window shows it until a user logs in, and it covers the
// window when the app locks (for that user alone).
type logInView struct {
	app      *App
	name     *widget.Entry
	password *widget.Entry
	button   *widget.Button
	switchTo *widget.Button // on the lock: log out and let another user log in
	message  *widget.Label
	root     fyne.CanvasObject
	checking busy // the password being checked: the button waits, Enter does nothing
}

// newLogInView builds the log-in form; lockedFor, when set, is the user the window is locked
// for: the name is fixed and "Switch user" is offered.
func (a *App) newLogInView(lockedFor *data.Session) *logInView {
	loc := a.loc
	v := &logInView{app: a}
	v.name = widget.NewEntry()
	v.password = widget.NewPasswordEntry()
	v.message = widget.NewLabel("")
	v.message.Importance = widget.DangerImportance
	v.message.Wrapping = fyne.TextWrapWord
	v.message.Hide()
	title := widget.NewLabelWithStyle(loc.T("app.title"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	f := newForm(loc)
	f.add("user.name", v.name)
	f.add("user.password", v.password)
	v.button = widget.NewButton(loc.T("peopleui.log_in"), v.submit)
	v.button.Importance = widget.HighImportance
	v.checking.guard(v.button)
	buttons := container.NewHBox(v.button)
	intro := widget.NewLabel(loc.T("peopleui.log_in_intro"))
	if lockedFor != nil {
		v.name.SetText(lockedFor.User)
		v.name.Disable()
		intro.SetText(loc.T("peopleui.locked_intro", "Name", lockedFor.FullName, "Role", loc.T("role."+string(lockedFor.Role))))
		v.button.SetText(loc.T("peopleui.unlock"))
		v.switchTo = widget.NewButton(loc.T("peopleui.switch_user"), a.switchUser)
		buttons.Add(v.switchTo)
	}
	intro.Wrapping = fyne.TextWrapWord
	submitOnEnter(v.submit, v.name, v.password)
	v.root = centered(460, title, intro, f.object(), v.message, buttons)
	return v
}

// focus puts the cursor where the user types first.
func (v *logInView) focus() {
	c := v.app.win.Canvas()
	if v.name.Disabled() || v.name.Text != "" {
		c.Focus(v.password)
		return
	}
	c.Focus(v.name)
}

// submit checks the name and password off the UI goroutine; the button waits meanwhile.
func (v *logInView) submit() {
	a := v.app
	name, password := v.name.Text, v.password.Text
	var sess data.Session
	// The base context: nobody is logged in yet.
	a.write(&v.checking, func(context.Context) (err error) {
		sess, err = a.people.LogIn(a.baseCtx, name, password)
		return err
	}, func(err error) {
		if err != nil {
			fyne.LogError("log-in refused", err)
			v.password.SetText("")
			v.message.SetText(a.loc.Error(err))
			v.message.Show()
			a.win.Canvas().Focus(v.password)
			return
		}
		v.message.Hide()
		a.loggedInAs(sess, password)
	})
}

// showLogIn replaces the window's content by the log-in form.
func (a *App) showLogIn() {
	a.session = data.Session{}
	a.ctx = a.baseCtx
	a.locked = false
	a.hidden = nil
	a.main = nil
	a.win.SetTitle(a.loc.T("app.title"))
	a.loginView = a.newLogInView(nil)
	a.win.SetContent(a.loginView.root)
	a.loginView.focus()
}

// loggedInAs starts the work of a user who just logged in (or unlocked): a new password first
// when the administrator reset it, then the screens for the user's role.
func (a *App) loggedInAs(sess data.Session, password string) {
	if sess.MustChange {
		a.askNewPassword(sess, password)
		return
	}
	if a.locked {
		a.unlocked(sess)
		return
	}
	a.startSession(sess)
}

// startSession makes sess the user of every store call and builds the screens for its role.
func (a *App) startSession(sess data.Session) {
	a.session = sess
	a.ctx = data.WithSession(a.baseCtx, sess)
	a.setup = false
	a.lastInput = a.now()
	a.loginView = nil
	a.build()
	if a.afterLogIn != nil {
		next := a.afterLogIn
		a.afterLogIn = nil
		next()
	}
}

// askNewPassword makes a user whose password was reset choose a new one before anything else.
func (a *App) askNewPassword(sess data.Session, old string) {
	loc := a.loc
	pw, again := widget.NewPasswordEntry(), widget.NewPasswordEntry()
	f := newForm(loc)
	f.add("user.password", pw)
	f.add("user.password_again", again)
	intro := widget.NewLabel(loc.T("peopleui.must_change", "Min", data.MinPasswordLength))
	intro.Wrapping = fyne.TextWrapWord
	var ok *widget.Button
	var running busy
	save := running.unlessRunning(func() {
		if err := checkNewPassword(pw.Text, again.Text); err != nil {
			f.showErrors(err)
			return
		}
		// Not a.ctx: nobody is logged in yet, the session is the one waiting for its password.
		ctx := data.WithSession(a.baseCtx, sess)
		newPW := pw.Text
		a.write(&running, func(context.Context) error {
			return a.people.ChangePassword(ctx, old, newPW)
		}, func(err error) {
			if rest := f.showErrors(err); rest != nil {
				a.showError(rest)
				return
			}
			if err == nil {
				sess.MustChange = false
				a.loggedInAs(sess, newPW)
			}
		})
	})
	ok = widget.NewButton(loc.T("peopleui.set_password"), save)
	running.guard(ok)
	ok.Importance = widget.HighImportance
	submitOnEnter(save, pw, again)
	title := widget.NewLabelWithStyle(loc.T("peopleui.new_password_title"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	a.win.SetContent(centered(460, title, intro, f.object(), container.NewHBox(ok)))
	a.win.Canvas().Focus(pw)
}

// checkNewPassword checks a password typed twice, before the store checks it again.
func checkNewPassword(pw, again string) error {
	var errs data.Errors
	errs = append(errs, data.DomainErrors(data.CheckPasswordRule(pw))...)
	if pw != again {
		errs.Add(data.Invalid("user.password_again", "passwords_differ"))
	}
	return errs.Err()
}

// --- lock ---------------------------------------------------------------------------------

// Lock covers the window with the log-in of the user working. Nothing under it is rebuilt, so
// unlocking returns to what was there, typed text included; open dialogs are taken off the
// window meanwhile and put back.
func (a *App) Lock() {
	if !a.loggedIn() || a.locked {
		return
	}
	a.locked = true
	a.main = a.win.Content()
	overlays := a.win.Canvas().Overlays()
	// A copy: removing an overlay clears the stack's own slice.
	a.hidden = slices.Clone(overlays.List())
	for _, o := range a.hidden {
		overlays.Remove(o)
	}
	a.win.Canvas().Unfocus()
	sess := a.session
	a.loginView = a.newLogInView(&sess)
	a.win.SetContent(a.loginView.root)
	a.loginView.focus()
}

// Locked says whether the window is locked.
func (a *App) Locked() bool { return a.locked }

// unlocked puts back what the lock covered, for the session the password just opened.
func (a *App) unlocked(sess data.Session) {
	old := a.session
	a.session = sess
	a.ctx = data.WithSession(a.baseCtx, sess)
	if old.Token != sess.Token {
		a.people.LogOut(old)
	}
	a.locked = false
	a.loginView = nil
	a.win.SetContent(a.main)
	for _, o := range a.hidden {
		a.win.Canvas().Overlays().Add(o)
	}
	a.hidden = nil
	a.lastInput = a.now()
}

// switchUser ends the session of the locked user and asks for another log-in; the screens are
// built again for the next user's role.
func (a *App) switchUser() {
	if a.loggedIn() {
		a.people.LogOut(a.session)
	}
	a.showLogIn()
}

// noteInput records that the user did something, for the idle lock.
func (a *App) noteInput() { a.lastInput = a.now() }

// inputTrace is what the idle check compares between two looks: typing changes the text of the
// focused entry, moving between fields changes the focus, opening a screen or a dialog changes
// the rest.
type inputTrace struct {
	focused  fyne.Focusable
	text     string
	overlays int
	screen   int
	content  fyne.CanvasObject
}

func (a *App) trace() inputTrace {
	c := a.win.Canvas()
	t := inputTrace{focused: c.Focused(), overlays: len(c.Overlays().List()), screen: a.current, content: a.win.Content()}
	if e, ok := t.focused.(*widget.Entry); ok {
		t.text = e.Text
	}
	return t
}

// CheckIdle locks the window when no input came for the idle-lock minutes of the settings;
// the app calls it every few seconds, tests with a clock of their own.
func (a *App) CheckIdle() {
	if !a.loggedIn() || a.locked {
		return
	}
	if t := a.trace(); t != a.lastTrace {
		a.lastTrace = t
		a.noteInput()
		return
	}
	minutes := a.settings.IdleLockMinutes
	if minutes <= 0 {
		minutes = data.DefaultSettings().IdleLockMinutes
	}
	if a.now().Sub(a.lastInput) >= time.Duration(minutes)*time.Minute {
		a.Lock()
	}
}

// watchIdle calls CheckIdle every few seconds on the UI goroutine, for the app's lifetime.
func (a *App) watchIdle() {
	t := time.NewTicker(idleCheckEvery)
	go func() {
		for range t.C {
			fyne.Do(a.CheckIdle)
		}
	}()
}

// inputSensor lies under the window's content: the mouse moving over anything that does not
// itself react to hovering counts as input for the idle lock.
type inputSensor struct {
	widget.BaseWidget
	app *App
}

func newInputSensor(a *App) *inputSensor {
	s := &inputSensor{app: a}
	s.ExtendBaseWidget(s)
	return s
}

func (s *inputSensor) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

func (s *inputSensor) MouseIn(*desktop.MouseEvent)    { s.app.noteInput() }
func (s *inputSensor) MouseMoved(*desktop.MouseEvent) { s.app.noteInput() }
func (s *inputSensor) MouseOut()                      {}

// --- status bar ---------------------------------------------------------------------------

// statusButtons are the status bar's buttons: lock and change password for a user, and in an
// office with no user yet the call to create the director's account.
func (a *App) statusButtons() fyne.CanvasObject {
	loc := a.loc
	box := container.NewHBox()
	if a.people == nil {
		return box
	}
	if a.loggedIn() {
		// A short label: the status line beside it names the user, which French's "Changer mon
		// mot de passe" cut on a 1024-pixel screen. The dialog it opens has the full title.
		box.Add(widget.NewButton(loc.T("shelldesk.password_button"), a.askChangePassword))
		box.Add(widget.NewButton(loc.T("peopleui.lock"), a.Lock))
		return box
	}
	if a.setup {
		call := widget.NewButton(loc.T("peopleui.create_director"), func() { a.askDirector(nil) })
		call.Importance = widget.WarningImportance
		box.Add(call)
	}
	return box
}

// who names the user working for the status bar: the full name and the role, or before the
// office has users the name given on the command line.
func (a *App) who() string {
	if a.loggedIn() {
		return a.loc.T("peopleui.who", "Name", a.session.FullName, "Role", a.loc.T("role."+string(a.session.Role)))
	}
	return a.opts.User
}

// askChangePassword lets the user working change their own password.
func (a *App) askChangePassword() {
	loc := a.loc
	old, pw, again := widget.NewPasswordEntry(), widget.NewPasswordEntry(), widget.NewPasswordEntry()
	f := newForm(loc)
	f.add("user.old_password", old)
	f.add("user.password", pw)
	f.add("user.password_again", again)
	var d *dialog.CustomDialog
	var ok *widget.Button
	var running busy
	save := running.unlessRunning(func() {
		if err := checkNewPassword(pw.Text, again.Text); err != nil {
			f.showErrors(err)
			return
		}
		o, n := old.Text, pw.Text
		a.write(&running, func(ctx context.Context) error { return a.people.ChangePassword(ctx, o, n) }, func(err error) {
			if !a.reportErrors(f, err) {
				return
			}
			d.Hide()
			a.notify(loc.T("peopleui.password_changed"))
		})
	})
	ok = widget.NewButton(loc.T("peopleui.set_password"), save)
	ok.Importance = widget.HighImportance
	running.guard(ok)
	submitOnEnter(save, old, pw, again)
	d = dialog.NewCustomWithoutButtons(loc.T("peopleui.change_password"), container.NewVBox(f.object(),
		container.NewHBox(widget.NewButton(loc.T("action.cancel"), func() { d.Hide() }), ok)), a.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
	a.win.Canvas().Focus(old)
}

// --- the director's account ---------------------------------------------------------------

// askDirector asks for the account of the office's director, the first user: log-in name, full
// name and password twice. The store creates it, the app logs it in, then next runs (the first
// start's choice of office). Cancel leaves the office without users (then next runs too).
func (a *App) askDirector(next func()) {
	loc := a.loc
	name, full := widget.NewEntry(), widget.NewEntry()
	pw, again := widget.NewPasswordEntry(), widget.NewPasswordEntry()
	f := newForm(loc)
	f.add("user.name", name)
	f.add("user.full_name", full)
	f.add("user.password", pw)
	f.add("user.password_again", again)
	intro := widget.NewLabel(loc.T("peopleui.director_intro", "Min", data.MinPasswordLength))
	intro.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	var ok *widget.Button
	var running busy
	save := running.unlessRunning(func() {
		u := data.User{Name: name.Text, FullName: full.Text, Role: data.RoleDirector}
		var errs data.Errors
		errs = append(errs, data.DomainErrors(data.CheckUserName(u.Name))...)
		if u.FullName == "" {
			errs.Add(data.Invalid("user.full_name", "required"))
		}
		errs = append(errs, data.DomainErrors(checkNewPassword(pw.Text, again.Text))...)
		if len(errs) > 0 {
			f.showErrors(errs)
			return
		}
		password := pw.Text
		var sess data.Session
		a.write(&running, func(ctx context.Context) error {
			if err := a.people.AddUser(ctx, u, password); err != nil {
				return err
			}
			var err error
			sess, err = a.people.LogIn(a.baseCtx, u.Name, password)
			return err
		}, func(err error) {
			if !a.reportErrors(f, err) {
				return
			}
			d.Hide()
			a.afterLogIn = next
			a.startSession(sess)
		})
	})
	ok = widget.NewButton(loc.T("peopleui.create_account"), save)
	ok.Importance = widget.HighImportance
	running.guard(ok)
	submitOnEnter(save, name, full, pw, again)
	cancel := widget.NewButton(loc.T("action.cancel"), func() {
		d.Hide()
		if next != nil {
			next()
		}
	})
	d = dialog.NewCustomWithoutButtons(loc.T("peopleui.director_title"), container.NewVBox(intro, f.object(),
		container.NewHBox(cancel, ok)), a.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
	a.win.Canvas().Focus(name)
}

// settingsPeople is the Settings screen's part about users: who is working, with the same
// buttons as the status bar, or the call to create the director's account.
func (a *App) settingsPeople() fyne.CanvasObject {
	if a.people == nil {
		return container.NewVBox()
	}
	if a.loggedIn() {
		return container.NewVBox(widget.NewLabel(a.who()), a.statusButtons())
	}
	return container.NewHBox(a.statusButtons())
}

// --- files with personal data -------------------------------------------------------------

// writePrivate writes a file only its owner may read (printed lists and statements name
// households), never over the office's file or a backup, through a temporary file renamed
// into place (reports.WriteFile).
func (a *App) writePrivate(path string, b []byte) error {
	return reports.WriteFile(path, a.protected(), func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// protected are the files no output of the app may replace: the office and its backups.
func (a *App) protected() reports.Protected {
	return reports.ProtectOffice(a.store.Path(), a.opts.BackupDir)
}

// privateTree makes every file under dir (a folder of statements) readable by its owner only.
func privateTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.Chmod(p, 0o600)
	})
}

// exportAudit returns, on the UI goroutine, what records a file written off it: the store's
// audit of an export of personal data, for a user whose role reads such data (a role that
// does not cannot have written any). An office with no user records it in setup.
func (a *App) exportAudit() func(ctx context.Context, what, path string) error {
	if a.people == nil || !a.may(data.ActPersonal) {
		return func(context.Context, string, string) error { return nil }
	}
	people := a.people
	return func(ctx context.Context, what, path string) error { return people.RecordExport(ctx, what, path) }
}
