package ui

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Other PCs' changes (issue 23): on PostgreSQL several PCs work on one office, so the lists a
// screen shows may be stale. The store's change marker is read when the window comes to the
// front and every changeCheckEvery while it stays there; if it moved since the screen shown
// was loaded, the screen reloads what it shows. What the clerk typed and has not saved is
// never thrown away: such a screen keeps it and says that the office changed, with a Reload
// that asks before discarding the entries. Saving over a record changed meanwhile is refused
// by the store's own rules, as before.
//
// A periodic read of the marker rather than PostgreSQL's LISTEN/NOTIFY: the marker is one
// indexed read of two rows, it works the same on SQLite (two PCs cannot share a file, but two
// windows or a command-line import can) and on PostgreSQL, it needs no connection held open
// outside the store's pool nor a trigger in both engines' migrations, and a clerk reading a
// list does not need the change within the second.

// changeCheckEvery is how often the marker is read while the window keeps the focus.
const changeCheckEvery = 20 * time.Second

// changeMarker is a store that tells when any PC committed a write (sqlite.Store.ChangeMarker).
type changeMarker interface {
	ChangeMarker(ctx context.Context) (string, error)
}

// liveScreen is a screen whose refresh would replace what the clerk is typing (a form it
// refills, a day's amounts it rebuilds). Screens that are not live keep their forms on
// refresh and simply refresh.
type liveScreen interface {
	// unsaved says whether the clerk typed something not yet saved or posted.
	unsaved() bool
	// reload reads again everything the screen shows, its forms included.
	reload()
}

// listReloader is a live screen that can reload its lists alone, under a form whose save
// does not read them.
type listReloader interface{ reloadLists() }

// changeNotice is the bar above the screen saying that the office changed under unsaved
// entries.
type changeNotice struct {
	box    *fyne.Container
	text   *widget.Label
	reload *widget.Button
	shown  bool
	asking bool // the Reload's confirmation is open
}

// newChangeNotice builds the bar, hidden, in the current language.
func (a *App) newChangeNotice() fyne.CanvasObject {
	n := &changeNotice{text: widget.NewLabel(a.loc.T("refresh.changed"))}
	n.text.Wrapping = fyne.TextWrapWord
	n.text.Importance = widget.WarningImportance
	n.reload = widget.NewButton(a.loc.T("refresh.reload"), a.askReload)
	n.box = container.NewBorder(nil, widget.NewSeparator(), nil, n.reload, n.text)
	n.box.Hide()
	a.notice = n
	return n.box
}

func (a *App) showChangeNotice() {
	if a.notice == nil {
		return
	}
	a.notice.shown = true
	a.notice.box.Show()
}

func (a *App) hideChangeNotice() {
	if a.notice == nil || !a.notice.shown {
		return
	}
	a.notice.shown = false
	a.notice.box.Hide()
}

// askReload reloads the screen shown; with entries not yet saved it asks first.
func (a *App) askReload() {
	if a.blocked() || a.current >= len(a.items) {
		return
	}
	live, ok := a.screens[a.current].(liveScreen)
	if !ok || !live.unsaved() {
		a.reloadShown()
		return
	}
	body := widget.NewLabel(a.loc.T("refresh.discard"))
	body.Wrapping = fyne.TextWrapWord
	var dlg dialog.Dialog
	dlg, a.reloadConfirm = confirmDialog(a, a.loc.T("refresh.discard_title"), a.loc.T("refresh.discard_ok"), body, func() {
		dlg.Hide()
		a.reloadShown()
	})
	a.notice.asking = true
	dlg.SetOnClosed(func() { a.notice.asking = false })
	dlg.Resize(fyne.NewSize(440, 0))
	dlg.Show()
}

// reloadShown reads the screen shown again, forms included, and takes the notice away.
func (a *App) reloadShown() {
	a.hideChangeNotice()
	s := a.screens[a.current]
	if live, ok := s.(liveScreen); ok {
		live.reload()
	} else {
		s.refresh()
	}
	a.noteMarker()
}

// watchChanges hooks the window's return to the front and starts the periodic check, when
// the store can tell of changes. Fyne calls the app's "entered foreground" hook when one of
// its windows gains focus. The check stops when the window closes or the app stops.
func (a *App) watchChanges() {
	if _, ok := a.store.(changeMarker); !ok {
		return
	}
	a.fyneApp.Lifecycle().SetOnEnteredForeground(func() { a.do(a.checkChanges) })
	if queueUI {
		return // tests call checkChanges, or tickChanges with a clock of their own
	}
	stop := a.tickChanges(changeCheckEvery)
	a.fyneApp.Lifecycle().SetOnStopped(stop)
	// Close, not the intercept, is what the command line's own OnClosed hook hears: the
	// intercept only adds the stop before it.
	a.win.SetCloseIntercept(func() {
		stop()
		a.win.Close()
	})
}

// tickChanges calls checkChanges on the UI goroutine every interval until stop is called.
func (a *App) tickChanges(every time.Duration) (stop func()) {
	t := time.NewTicker(every)
	done := make(chan struct{})
	go func() {
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				a.do(a.checkChanges)
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(done) }) }
}

// noteMarker records the marker the screen just shown is loaded under, or the one after this
// PC's own write (App.write): the clerk's own save is not news to the clerk, and a check
// would otherwise take it for another PC's change and show the notice over what they type
// next. Another PC's write in that same moment is then seen with the next change.
func (a *App) noteMarker() {
	m, ok := a.store.(changeMarker)
	if !ok {
		return
	}
	var marker string
	a.async(func(ctx context.Context) (err error) {
		marker, err = m.ChangeMarker(ctx)
		return err
	}, func(err error) {
		if err == nil {
			a.marker = marker
		}
	})
}

// checkChanges reads the marker off the UI goroutine and, when another PC (or this one)
// changed the office since the screen shown was loaded, reloads it or, over unsaved entries,
// shows the notice. A marker that cannot be read changes nothing: the clerk is not shown an
// error for a check they did not ask for. One check runs at a time.
func (a *App) checkChanges() {
	m, ok := a.store.(changeMarker)
	if !ok || a.checking || a.blocked() || a.current >= len(a.items) {
		return
	}
	a.checking = true
	shown := a.current
	var marker string
	a.async(func(ctx context.Context) (err error) {
		marker, err = m.ChangeMarker(ctx)
		return err
	}, func(err error) {
		a.checking = false
		if err != nil || a.blocked() || a.current != shown || a.current >= len(a.items) {
			return
		}
		s := a.screens[a.current]
		live, isLive := s.(liveScreen)
		if marker == a.marker {
			// The entries behind a notice were saved or dropped since: the screen can now
			// show the changes by itself.
			if a.notice != nil && a.notice.shown && !a.notice.asking && isLive && !live.unsaved() {
				a.reloadShown()
			}
			return
		}
		a.marker = marker
		switch {
		case !isLive:
			s.refresh()
			if a.current == 0 {
				a.checkEmpty()
			}
		case live.unsaved():
			if l, ok := s.(listReloader); ok {
				l.reloadLists()
			}
			a.showChangeNotice()
		default:
			a.hideChangeNotice()
			live.reload()
		}
	})
}

// --- what the clerk typed ----------------------------------------------------------------

// inputValues is what the inputs inside o show, one line each, to tell later whether the
// clerk changed any of them.
func inputValues(b *strings.Builder, o fyne.CanvasObject) {
	switch w := o.(type) {
	case *widget.Entry:
		b.WriteString(w.Text)
	case *keyEntry:
		b.WriteString(w.Text)
	case *choice:
		b.WriteString(w.Selected)
	case *widget.Select:
		b.WriteString(w.Selected)
	case *widget.RadioGroup:
		b.WriteString(w.Selected)
	case *widget.Check:
		b.WriteString(strconv.FormatBool(w.Checked))
	case *widget.CheckGroup:
		b.WriteString(strings.Join(w.Selected, "\x1f"))
	case *fyne.Container:
		for _, c := range w.Objects {
			inputValues(b, c)
		}
		return
	default:
		return
	}
	b.WriteByte('\n')
}

// values is what the form's inputs show.
func (f *form) values() string {
	var b strings.Builder
	for _, ff := range f.fields {
		inputValues(&b, ff.input)
	}
	return b.String()
}

// keep records what the form shows as what the store holds: call it after filling the form.
func (f *form) keep() { f.kept, f.filled = f.values(), true }

// edited says whether the clerk changed the form since it was last filled; a form never
// filled has nothing of the store's to lose.
func (f *form) edited() bool { return f.filled && f.values() != f.kept }
