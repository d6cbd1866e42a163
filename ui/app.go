// Package ui is the Fyne desktop interface: one struct per screen, reading and writing through
// data.Screens off the UI goroutine and showing every word through the localizer.
package ui

import (
	"context"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/translations"
)

// Options carry what the command line decided.
type Options struct {
	User       string // who is working, recorded on every change
	FirstStart bool   // the database file was just created: ask empty or demo office
	StartAt    string // id of the screen to open first (see navigation), such as "borrowers"
	BackupDir  string // shown in Settings; "Back up now" writes there
	ReportsDir string // where printed reports are saved before they open in the PDF viewer
	// ErrorLog is where unexpected errors are written; nil: beside the office's file.
	ErrorLog *data.ErrorLog
	Backup   func(ctx context.Context) (string, error)
	// ListBackups lists the backups in BackupDir, newest first, for Settings.
	ListBackups func() ([]data.BackupInfo, error)
	// Meeting, when set, opens meeting mode on the Overview once its figures are in.
	Meeting *MeetingStart
	// ImportFile, when set, opens the import of that file at start-up (a file given on the
	// command line, as a file manager passes it).
	ImportFile string
	// Session, when set, is a log-in already made on the same store (tests, scripts): the
	// window opens on the screens of that user instead of the log-in form.
	Session *data.Session
	// Notice, when set, is shown once the window opens: what the program did at start that
	// the user must know (an office recovered after an interrupted restore).
	Notice string
}

// screen is one page of the navigation.
type screen interface {
	content() fyne.CanvasObject
	// refresh reloads the screen's data from the store.
	refresh()
}

// printer is a screen that prints its document on Ctrl+P.
type printer interface{ print() }

// presenter is a screen that goes full screen as slides on F11.
type presenter interface{ present() }

// shortcutTarget is a screen that reacts to Ctrl+N, Ctrl+F or Esc.
type shortcutTarget interface {
	newRecord()
	focusSearch()
	cancel()
}

type navItem struct {
	id    string
	title string // message ID
}

// navigation lists the screens in the order the navigation list shows them.
var navigation = []navItem{
	{"overview", "nav.overview"},
	{"borrowers", "nav.borrowers"},
	{"groups", "nav.groups"},
	{"loans", "nav.loans"},
	{"txday", "nav.txday"},
	{"reports", "nav.reports"},
	{"programs", "nav.programs"},
	{"places", "nav.places"},
	{"capital", "nav.capital"},
	{"approvals", "nav.approvals"},
	{"users", "nav.users"},
	{"settings", "nav.settings"},
}

// newScreen builds the screen of a navigation item.
func (a *App) newScreen(id string) screen {
	switch id {
	case "overview":
		return newOverviewScreen(a)
	case "borrowers":
		return newBorrowersScreen(a)
	case "groups":
		return newGroupsScreen(a)
	case "loans":
		return newLoansScreen(a)
	case "txday":
		return newTxDayScreen(a)
	case "reports":
		return newReportsScreen(a)
	case "programs":
		return newProgramsScreen(a)
	case "places":
		return newPlacesScreen(a)
	case "capital":
		return newCapitalScreen(a)
	case "approvals":
		return newApprovalsScreen(a)
	case "users":
		return newUsersScreen(a)
	default:
		return newSettingsScreen(a)
	}
}

// App is the main window and what its screens share.
type App struct {
	fyneApp fyne.App
	win     fyne.Window
	store   data.Screens
	loc     *translations.Localizer
	opts    Options
	ctx     context.Context // baseCtx with the session of the user working

	// People (issue 17): the store's users, the session of the user working, the lock.
	people     PeopleStore
	baseCtx    context.Context // the context without a session
	session    data.Session
	setup      bool // the office has no user yet: everything is allowed, as before
	locked     bool
	main       fyne.CanvasObject   // the window's content, kept while the lock covers it
	hidden     []fyne.CanvasObject // dialogs taken off the window while it is locked
	loginView  *logInView
	afterLogIn func() // what the first start does once the director is logged in
	now        func() time.Time
	lastInput  time.Time
	lastTrace  inputTrace
	inCallback int      // depth of async callbacks running (see requested)
	notices    []func() // messages to show once the callback is done

	creatingDemo busy // the first start's demo office being written

	current int
	items   []navItem // the navigation the user's role may open
	screens []screen
	nav     *widget.List
	// The navigation shows icons only on a narrow window, or when the clerk chose so with
	// navToggle (navPinned: the choice holds whatever the width).
	navCollapsed, navPinned bool
	navToggle               *widget.Button
	shell                   *fyne.Container // navigation, screen and status bar
	tips                    *fyne.Container // above the shell: the folded navigation's names
	left                    []string        // ids of the screens left, the last one last (Reports reads it)
	// emptyOffice: the office has no commune yet; the first screen shows the welcome instead.
	emptyOffice    bool
	welcome        fyne.CanvasObject
	welcomeButtons map[string]*widget.Button // by what they do, for tests
	demoConfirm    *widget.Button            // the demo office's confirmation, for tests
	body           *fyne.Container
	status         *widget.Label
	office         data.Office
	settings       data.Settings

	// marker is the store's change marker when the screen shown was loaded (refresh.go).
	marker   string
	checking bool          // a read of the marker is running
	notice   *changeNotice // the bar saying the office changed under unsaved entries
	// reloadConfirm is the last Reload confirmation's button, for tests.
	reloadConfirm *widget.Button

	// pending counts background jobs, so tests can wait for them.
	pending sync.WaitGroup
	// queue holds UI updates under test (see do).
	queueMu sync.Mutex
	queue   []func()
}

// New builds the main window; Show or ShowAndRun displays it.
func New(fyneApp fyne.App, store data.Screens, loc *translations.Localizer, opts Options) *App {
	a := &App{fyneApp: fyneApp, store: store, loc: loc, opts: opts, now: time.Now}
	a.baseCtx = data.WithUser(context.Background(), opts.User)
	a.ctx = a.baseCtx
	useFyneLanguage(loc)
	fyneApp.Settings().SetTheme(OfficeTheme())
	a.win = fyneApp.NewWindow("")
	a.win.Resize(fyne.NewSize(windowWidth, windowHeight))
	a.addShortcuts()
	a.watchChanges()
	a.people, _ = store.(PeopleStore)
	a.setup = a.people == nil // a store without users allows everything, as before
	if a.people != nil {
		// A quick read on the UI goroutine: the window cannot show anything before it knows
		// whether to ask for a log-in.
		has, err := a.people.HasUsers(a.baseCtx)
		if err != nil {
			fyne.LogError("reading the users", err)
		}
		a.setup = err == nil && !has
		if !queueUI {
			a.watchIdle()
		}
	}
	start := func() {
		if opts.Notice != "" {
			dialog.ShowInformation(a.loc.T("app.notice_title"), opts.Notice, a.win)
		}
		if opts.FirstStart {
			a.askNewOffice()
		} else if opts.ImportFile != "" {
			a.openImport(opts.ImportFile)
		}
	}
	switch {
	case opts.Session != nil:
		a.afterLogIn = start
		a.startSession(*opts.Session)
	case a.people != nil && !a.setup:
		a.afterLogIn = start
		a.showLogIn()
	case a.people != nil && opts.FirstStart:
		// A new office: its director's account first, then the choice of office.
		a.build()
		a.askDirector(a.askNewOffice)
	default:
		a.build()
		start()
	}
	return a
}

// startAt is the place in the navigation of the screen the command line asked for.
func (a *App) startAt() int {
	id, _, _ := strings.Cut(a.opts.StartAt, "/") // "txday/payouts": a part of the screen
	for i, n := range a.items {
		if n.id == id {
			return i
		}
	}
	return 0
}

// Window is the main window.
func (a *App) Window() fyne.Window { return a.win }

// Loc is the localizer currently in use.
func (a *App) Loc() *translations.Localizer { return a.loc }

// build creates every screen in the current language; called again when the language changes.
func (a *App) build() {
	a.win.SetTitle(a.loc.T("app.title"))
	// The screen open stays open across a rebuild (a new language); the first build, or a
	// build for another user, opens the one the command line asked for.
	currentID := ""
	if a.current < len(a.items) && a.screens != nil {
		currentID = a.items[a.current].id
	}
	a.items = a.items[:0:0]
	for _, n := range navigation {
		if a.mayOpen(n.id) {
			a.items = append(a.items, n)
		}
	}
	a.current = a.startAt()
	for i, n := range a.items {
		if n.id == currentID {
			a.current = i
		}
	}
	a.screens = make([]screen, len(a.items))
	for i, n := range a.items {
		a.screens[i] = a.newScreen(n.id)
	}
	a.body = container.NewStack()
	a.welcome = nil // in the new language
	a.status = widget.NewLabel("")
	// A long office name or user name must not widen the window beyond a small screen.
	a.status.Truncation = fyne.TextTruncateEllipsis
	statusBar := container.NewBorder(nil, nil, nil, a.statusButtons(), newHoverFull(a, a.status))
	a.tips = container.NewWithoutLayout()
	a.main = container.NewStack(newInputSensor(a), a.newShell(statusBar), a.tips)
	a.nav.OnSelected = func(id widget.ListItemID) { a.show(id) }
	if !a.locked {
		a.win.SetContent(a.main)
	}
	a.nav.Select(a.current)
	a.loadStatus()
}

func (a *App) show(i int) {
	if i != a.current && a.current < len(a.items) {
		a.left = append(a.left, a.items[a.current].id)
		if len(a.left) > 20 {
			a.left = a.left[1:]
		}
	}
	a.current = i
	a.body.Objects = []fyne.CanvasObject{a.screenContent(i)}
	a.body.Refresh()
	a.screens[i].refresh()
	a.hideChangeNotice() // it was about the screen left
	a.noteMarker()
	if i == 0 {
		a.checkEmpty() // a commune added or imported since: the welcome gives way
	}
}

// Navigate opens the screen with the given navigation id.
func (a *App) Navigate(id string) {
	for i, n := range a.items {
		if n.id == id {
			a.nav.Select(i)
		}
	}
}

// SetLanguage switches the whole window to lang at once.
func (a *App) SetLanguage(lang string) {
	if lang == a.loc.Lang() {
		return
	}
	a.loc = translations.New(lang)
	useFyneLanguage(a.loc)
	if a.loginView != nil && !a.locked {
		a.showLogIn() // the log-in form, in the new language
		return
	}
	a.build()
}

// loadStatus reads the office and settings for the status bar.
func (a *App) loadStatus() {
	var office data.Office
	var settings data.Settings
	a.async(func(ctx context.Context) error {
		var err error
		if office, err = a.store.Office(ctx); err != nil {
			return err
		}
		settings, err = a.store.Settings(ctx)
		return err
	}, func(err error) {
		if err != nil {
			a.showError(err)
			return
		}
		a.office, a.settings = office, settings
		a.status.SetText(a.statusLine())
	})
}

// statusLine names the office, the working date and the user.
func (a *App) statusLine() string {
	return a.loc.T("status.line", "Office", orDash(a.office.Name), "Date", a.loc.Date(a.workingDate()), "User", a.who())
}

// workingDate is the date postings default to: the setting when set, else today.
func (a *App) workingDate() data.Date {
	return a.settings.WorkingDay(data.DateOf(time.Now()))
}

// async runs work off the UI goroutine and hands its error to done on the UI goroutine.
func (a *App) async(work func(ctx context.Context) error, done func(err error)) {
	a.pending.Add(1)
	ctx := a.ctx // read here: the UI goroutine alone changes it (log-in, lock)
	go func() {
		defer a.pending.Done()
		err := work(ctx)
		a.do(func() {
			a.inCallback++
			done(err)
			a.inCallback--
			if a.inCallback == 0 {
				a.showNotices()
			}
		})
	}()
}

// busy is the state of one action that writes (a Save, a Post, a dialog's confirm): running
// from the moment its write starts until its result has been handled on the UI goroutine.
// Two presses, or Enter typed twice, before the first write finished used to write twice
// (issue 18 §6: two payments from one Collect dialog); write ignores a start while one runs
// and keeps the action's controls disabled meanwhile. The zero value is ready to use; keep one
// per action (a screen's field, or one per dialog).
type busy struct {
	running  bool
	controls []fyne.Disableable // what starts the write: disabled while it runs
	off      []fyne.Disableable // those the running write disabled, to enable again
}

// guard adds controls that start the action, to be disabled while its write runs.
func (b *busy) guard(controls ...fyne.Disableable) { b.controls = append(b.controls, controls...) }

// unlessRunning wraps f, a Save's or Enter's handler, to do nothing while b's write runs:
// checking the form again then would only show the clerk a second verdict on the same text.
func (b *busy) unlessRunning(f func()) func() {
	return func() {
		if !b.running {
			f()
		}
	}
}

// write runs work off the UI goroutine like async, unless b's write is still running: then
// it does nothing. Until done has run, b's controls are disabled; those that
// were enabled are enabled again just before done, so done may still disable them for its
// own reasons (a day ahead, a form gone read-only). Call it on the UI goroutine.
func (a *App) write(b *busy, work func(ctx context.Context) error, done func(err error)) {
	if b.running {
		return
	}
	b.running = true
	b.off = b.off[:0]
	for _, c := range b.controls {
		if !c.Disabled() {
			c.Disable()
			b.off = append(b.off, c)
		}
	}
	a.async(work, func(err error) {
		b.running = false
		for _, c := range b.off {
			c.Enable()
		}
		b.off = b.off[:0]
		a.noteMarker()
		done(err)
	})
}

// fetch reads a value with get off the UI goroutine and hands it to show on the UI goroutine,
// or shows why it could not be read.
func fetch[T any](a *App, get func(ctx context.Context) (T, error), show func(v T)) {
	var v T
	a.async(func(ctx context.Context) (err error) {
		v, err = get(ctx)
		return err
	}, func(err error) {
		if err != nil {
			a.showError(err)
			return
		}
		show(v)
	})
}

// do runs f on the UI goroutine: through fyne.Do in the app. Fyne's test driver runs fyne.Do
// on the calling goroutine, which would race with the test's own widget calls, so under test
// (queueUI) f is queued and Wait runs it on the test's goroutine, as the app's main loop would.
func (a *App) do(f func()) {
	if !queueUI {
		fyne.Do(f)
		return
	}
	a.queueMu.Lock()
	a.queue = append(a.queue, f)
	a.queueMu.Unlock()
}

// queueUI is set by the package's tests; see do.
var queueUI bool

// Wait blocks until background jobs started so far have finished and, under test, runs their
// UI updates, and those of the jobs these start in turn.
func (a *App) Wait() {
	for {
		a.pending.Wait()
		a.queueMu.Lock()
		queued := a.queue
		a.queue = nil
		a.queueMu.Unlock()
		if len(queued) == 0 {
			return
		}
		for _, f := range queued {
			f()
		}
	}
}

// showError shows a translated message; raw storage errors never reach the user.
func (a *App) showError(err error) {
	if err == nil || a.requested(err) {
		return
	}
	fyne.LogError("operation failed", err)
	msg := a.loc.Error(err)
	if data.DomainErrors(err) == nil {
		// No sentence of its own: its cause goes to the log beside the office, named here.
		if log := a.errorLog().Record("app", err); log != "" {
			msg = a.loc.T("cli.unexpected_logged", "Log", log)
		}
	}
	label := widget.NewLabel(msg)
	label.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(a.loc.T("error.title"), a.loc.T("action.close"), label, a.win)
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
}

// reportErrors shows err's typed errors under f's fields and the rest in a dialog; it says
// whether there was nothing to report, so a save's callback can go on only after success.
func (a *App) reportErrors(f *form, err error) bool {
	if a.requested(err) {
		// Sent for approval: the form is done with, as after a save.
		f.clearErrors()
		return true
	}
	if rest := f.showErrors(err); rest != nil {
		a.showError(rest)
	}
	return err == nil
}

// notify shows a short confirmation in the status bar.
func (a *App) notify(msg string) {
	a.status.SetText(msg)
}

func (a *App) addShortcuts() {
	c := a.win.Canvas()
	// Under the log-in or the lock, the screens' shortcuts do nothing.
	target := func() shortcutTarget {
		if a.blocked() {
			return nil
		}
		t, _ := a.screens[a.current].(shortcutTarget)
		return t
	}
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
		a.Lock()
	})
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
		if t := target(); t != nil {
			t.newRecord()
		}
	})
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
		if t := target(); t != nil {
			t.focusSearch()
		}
	})
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
		if a.blocked() {
			return
		}
		if p, ok := a.screens[a.current].(printer); ok {
			p.print()
		}
	})
	// Ctrl+I imports a file from any screen; the Settings screen has the button.
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyI, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
		if !a.blocked() && a.may(data.ActImport) {
			a.startImport()
		}
	})
	if dc, ok := c.(desktop.Canvas); ok {
		dc.SetOnKeyDown(func(*fyne.KeyEvent) { a.noteInput() })
	}
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		a.noteInput()
		if a.blocked() {
			return
		}
		switch e.Name {
		case fyne.KeyEscape:
			if t := target(); t != nil {
				t.cancel()
			}
		case fyne.KeyF11:
			if p, ok := a.screens[a.current].(presenter); ok {
				p.present()
			}
		}
	})
}

// blocked says whether the log-in form or the lock covers the screens.
func (a *App) blocked() bool { return a.locked || a.loginView != nil || a.screens == nil }

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// errorLog is where the app writes what it could not do: the command line's choice (an
// office on a server has no folder of its own), else beside the office's file.
func (a *App) errorLog() *data.ErrorLog {
	if a.opts.ErrorLog != nil {
		return a.opts.ErrorLog
	}
	return data.ErrorLogFor(a.store.Path())
}
