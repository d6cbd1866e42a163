package ui

import "context"

// Other PCs' changes (issue 23): on PostgreSQL several PCs work on one office, so the lists a
// screen shows may be stale when the clerk comes back to the window. When the window comes to
// the front again, the store's change marker is read; if it moved since the screen was last
// loaded, the screen shown reloads its lists.

// changeMarker is a store that tells when any PC committed a write (sqlite.Store.ChangeMarker).
type changeMarker interface {
	ChangeMarker(ctx context.Context) (string, error)
}

// reloadOnFocus names the screens whose refresh reloads lists only and keeps what the clerk
// is typing (their forms are left as they are). The others (Settings refills its form, the
// transaction day its point and list, Groups and Loans their editing forms) reload when the
// clerk opens them again, as before.
var reloadOnFocus = map[string]bool{
	"overview": true, "borrowers": true, "places": true, "approvals": true, "users": true,
}

// watchChanges hooks the window's return to the front, when the store can tell of changes.
// Fyne calls the app's "entered foreground" hook when one of its windows gains focus.
func (a *App) watchChanges() {
	if _, ok := a.store.(changeMarker); !ok {
		return
	}
	a.fyneApp.Lifecycle().SetOnEnteredForeground(func() { a.do(a.enteredForeground) })
}

// noteMarker records the marker the screen just shown is loaded under.
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

// enteredForeground reloads the screen shown when another PC (or this one) changed the office
// since it was loaded. A marker that cannot be read changes nothing: the clerk is not shown an
// error for a check they did not ask for.
func (a *App) enteredForeground() {
	m, ok := a.store.(changeMarker)
	if !ok || a.blocked() || a.current >= len(a.items) {
		return
	}
	var marker string
	a.async(func(ctx context.Context) (err error) {
		marker, err = m.ChangeMarker(ctx)
		return err
	}, func(err error) {
		if err != nil || marker == a.marker || a.blocked() || a.current >= len(a.items) {
			return
		}
		a.marker = marker
		if reloadOnFocus[a.items[a.current].id] {
			a.screens[a.current].refresh()
		}
	})
}
