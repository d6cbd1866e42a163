// Package ui is the Fyne desktop interface: one struct per screen, reading and writing through
// data.Screens off the UI goroutine and showing every word through the localizer.
package ui

import (
	"context"
	"image/color"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
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
	Backup     func(ctx context.Context) (string, error)
	// Meeting, when set, opens meeting mode on the Overview once its figures are in.
	Meeting *MeetingStart
	// ImportFile, when set, opens the import of that file at start-up (a file given on the
	// command line, as a file manager passes it).
	ImportFile string
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
	ctx     context.Context

	current  int
	screens  []screen
	nav      *widget.List
	body     *fyne.Container
	status   *widget.Label
	office   data.Office
	settings data.Settings

	// pending counts background jobs, so tests can wait for them.
	pending sync.WaitGroup
	// queue holds UI updates under test (see do).
	queueMu sync.Mutex
	queue   []func()
}

// New builds the main window; Show or ShowAndRun displays it.
func New(fyneApp fyne.App, store data.Screens, loc *translations.Localizer, opts Options) *App {
	a := &App{fyneApp: fyneApp, store: store, loc: loc, opts: opts}
	a.ctx = data.WithUser(context.Background(), opts.User)
	useFyneLanguage(loc)
	fyneApp.Settings().SetTheme(OfficeTheme())
	a.win = fyneApp.NewWindow("")
	a.win.Resize(fyne.NewSize(1200, 760))
	a.current = 0
	for i, n := range navigation {
		if n.id == opts.StartAt {
			a.current = i
		}
	}
	a.build()
	a.addShortcuts()
	if opts.FirstStart {
		a.askNewOffice()
	} else if opts.ImportFile != "" {
		a.openImport(opts.ImportFile)
	}
	return a
}

// Window is the main window.
func (a *App) Window() fyne.Window { return a.win }

// Loc is the localizer currently in use.
func (a *App) Loc() *translations.Localizer { return a.loc }

// build creates every screen in the current language; called again when the language changes.
func (a *App) build() {
	a.win.SetTitle(a.loc.T("app.title"))
	a.screens = make([]screen, len(navigation))
	for i, n := range navigation {
		a.screens[i] = a.newScreen(n.id)
	}
	a.nav = widget.NewList(
		func() int { return len(navigation) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(a.loc.T(navigation[id].title))
		},
	)
	a.body = container.NewStack()
	a.nav.OnSelected = func(id widget.ListItemID) { a.show(id) }
	a.status = widget.NewLabel("")
	// The navigation keeps its width whatever the screen beside it asks for.
	navWidth := canvas.NewRectangle(color.Transparent)
	navWidth.SetMinSize(fyne.NewSize(190, 0))
	nav := container.NewStack(navWidth, a.nav)
	a.win.SetContent(container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), a.status),
		container.NewHBox(nav, widget.NewSeparator()), nil, a.body))
	a.nav.Select(a.current)
	a.loadStatus()
}

func (a *App) show(i int) {
	a.current = i
	a.body.Objects = []fyne.CanvasObject{a.screens[i].content()}
	a.body.Refresh()
	a.screens[i].refresh()
}

// Navigate opens the screen with the given navigation id.
func (a *App) Navigate(id string) {
	for i, n := range navigation {
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
	return a.loc.T("status.line", "Office", orDash(a.office.Name), "Date", a.loc.Date(a.workingDate()), "User", a.opts.User)
}

// workingDate is the date postings default to: the setting when set, else today.
func (a *App) workingDate() data.Date {
	return a.settings.WorkingDay(data.DateOf(time.Now()))
}

// async runs work off the UI goroutine and hands its error to done on the UI goroutine.
func (a *App) async(work func(ctx context.Context) error, done func(err error)) {
	a.pending.Add(1)
	go func() {
		defer a.pending.Done()
		err := work(a.ctx)
		a.do(func() { done(err) })
	}()
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
	if err == nil {
		return
	}
	fyne.LogError("operation failed", err)
	d := dialog.NewCustom(a.loc.T("error.title"), a.loc.T("action.close"), widget.NewLabel(a.loc.Error(err)), a.win)
	d.Show()
}

// reportErrors shows err's typed errors under f's fields and the rest in a dialog; it says
// whether there was nothing to report, so a save's callback can go on only after success.
func (a *App) reportErrors(f *form, err error) bool {
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
	target := func() shortcutTarget {
		t, _ := a.screens[a.current].(shortcutTarget)
		return t
	}
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
		if p, ok := a.screens[a.current].(printer); ok {
			p.print()
		}
	})
	// Ctrl+I imports a file from any screen; the Settings screen has the button.
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyI, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
		a.startImport()
	})
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
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

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
