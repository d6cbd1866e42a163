package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
)

// usersScreen lists the office's users for the administrator, who adds them, disables them and
// resets their passwords; a role change, which the director may also ask for, is a request a
// second director or administrator approves.
type usersScreen struct {
	app      *App
	users    []data.User
	selected int

	table   *widget.Table
	add     *widget.Button
	disable *widget.Button
	reset   *widget.Button
	role    *widget.Button
	root    fyne.CanvasObject
}

var userColumns = []string{"peopleui.col.user", "peopleui.col.full_name", "peopleui.col.role", "peopleui.col.active",
	"peopleui.col.locked"}

func newUsersScreen(a *App) *usersScreen {
	loc := a.loc
	s := &usersScreen{app: a, selected: -1}
	s.table = newHeaderTable(userColumns, []float32{130, 200, 170, 120, 140},
		func() int { return len(s.users) }, s.cell, nil, loc)
	s.table.OnSelected = func(id widget.TableCellID) {
		s.selected = id.Row
		s.enableButtons()
	}
	s.add = widget.NewButton(loc.T("peopleui.add_user"), s.askAdd)
	s.add.Importance = widget.HighImportance
	s.disable = widget.NewButton(loc.T("peopleui.disable_user"), s.askDisable)
	s.reset = widget.NewButton(loc.T("peopleui.reset_password"), s.askReset)
	s.role = widget.NewButton(loc.T("peopleui.set_role"), s.askRole)
	a.allow(data.ActUsers, s.add, s.disable, s.reset)
	a.allow(data.ActUserRole, s.role)
	s.enableButtons()
	buttons := container.New(&wrapLayout{}, s.add, s.disable, s.reset, s.role)
	s.root = container.NewBorder(container.NewVBox(
		widget.NewLabelWithStyle(loc.T("nav.users"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), buttons),
		nil, nil, nil, s.table)
	return s
}

func (s *usersScreen) content() fyne.CanvasObject { return s.root }

func (s *usersScreen) refresh() {
	a := s.app
	fetch(a, a.people.Users, func(us []data.User) {
		s.users = us
		s.selected = -1
		s.table.UnselectAll()
		s.table.Refresh()
		s.enableButtons()
	})
}

func (s *usersScreen) cell(id widget.TableCellID) string {
	loc := s.app.loc
	u := s.users[id.Row]
	switch id.Col {
	case 0:
		return u.Name
	case 1:
		return u.FullName
	case 2:
		return loc.T("role." + string(u.Role))
	case 3:
		if u.Active {
			return loc.T("peopleui.yes")
		}
		return loc.T("peopleui.no")
	default:
		if lockedNow(u, s.app.now()) {
			return loc.T("peopleui.locked_until", "Time", u.LockedUntil.Local().Format("15:04"))
		}
		return ""
	}
}

// enableButtons offers the actions on a user only once one is chosen; nobody disables their
// own account.
func (s *usersScreen) enableButtons() {
	u, ok := s.current()
	for _, b := range []*widget.Button{s.disable, s.reset, s.role} {
		b.Disable()
		if ok {
			b.Enable()
		}
	}
	if ok && (u.Name == s.app.session.User || !u.Active) {
		s.disable.Disable()
	}
}

func (s *usersScreen) current() (data.User, bool) {
	if s.selected < 0 || s.selected >= len(s.users) {
		return data.User{}, false
	}
	return s.users[s.selected], true
}

// roleSelect offers the roles by their translated names.
func (s *usersScreen) roleSelect() (*choice, func() data.Role) {
	loc := s.app.loc
	names := make([]string, len(data.Roles))
	for i, r := range data.Roles {
		names[i] = loc.T("role." + string(r))
	}
	sel := newSelect(loc, names, nil)
	return sel, func() data.Role {
		for i, n := range names {
			if n == sel.Selected {
				return data.Roles[i]
			}
		}
		return ""
	}
}

// userDialog shows a form with a Cancel and a confirm button that runs save until it
// succeeds. save writes with a.write on the busy it is given, so the confirm button is
// disabled, and Enter does nothing, while the store writes; it calls done with the outcome.
func (s *usersScreen) userDialog(title, confirm string, f *form, first fyne.Focusable, save func(b *busy, done func(err error))) {
	a := s.app
	loc := a.loc
	var d *dialog.CustomDialog
	var ok *widget.Button
	var running busy
	run := running.unlessRunning(func() {
		save(&running, func(err error) {
			if !a.reportErrors(f, err) {
				return
			}
			d.Hide()
			s.refresh()
		})
	})
	for _, ff := range f.fields {
		if e, isEntry := ff.input.(*widget.Entry); isEntry {
			e.OnSubmitted = func(string) { run() }
		}
	}
	ok = widget.NewButton(confirm, run)
	ok.Importance = widget.HighImportance
	running.guard(ok)
	d = dialog.NewCustomWithoutButtons(title, container.NewVBox(f.object(),
		container.NewHBox(widget.NewButton(loc.T("action.cancel"), func() { d.Hide() }), ok)), a.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
	if first != nil {
		a.win.Canvas().Focus(first)
	}
}

func (s *usersScreen) askAdd() {
	a := s.app
	loc := a.loc
	name, full := widget.NewEntry(), widget.NewEntry()
	pw, again := widget.NewPasswordEntry(), widget.NewPasswordEntry()
	role, chosen := s.roleSelect()
	f := newForm(loc)
	f.add("user.name", name)
	f.add("user.full_name", full)
	f.add("user.role", role)
	f.add("user.password", pw)
	f.add("user.password_again", again)
	s.userDialog(loc.T("peopleui.add_user"), loc.T("peopleui.create_account"), f, name, func(b *busy, done func(error)) {
		u := data.User{Name: name.Text, FullName: full.Text, Role: chosen()}
		if err := checkNewPassword(pw.Text, again.Text); err != nil {
			done(err)
			return
		}
		password := pw.Text
		a.write(b, func(ctx context.Context) error { return a.people.AddUser(ctx, u, password) }, func(err error) {
			if err == nil {
				a.notify(loc.T("peopleui.user_added", "User", u.Name))
			}
			done(err)
		})
	})
}

func (s *usersScreen) askReset() {
	u, ok := s.current()
	if !ok {
		return
	}
	a := s.app
	loc := a.loc
	pw, again := widget.NewPasswordEntry(), widget.NewPasswordEntry()
	f := newForm(loc)
	f.add("user.password", pw)
	f.add("user.password_again", again)
	s.userDialog(loc.T("peopleui.reset_title", "User", u.Name), loc.T("peopleui.reset_password"), f, pw, func(b *busy, done func(error)) {
		if err := checkNewPassword(pw.Text, again.Text); err != nil {
			done(err)
			return
		}
		password := pw.Text
		a.write(b, func(ctx context.Context) error { return a.people.ResetPassword(ctx, u.Name, password) }, func(err error) {
			if err == nil {
				a.notify(loc.T("peopleui.password_reset", "User", u.Name))
			}
			done(err)
		})
	})
}

func (s *usersScreen) askRole() {
	u, ok := s.current()
	if !ok {
		return
	}
	a := s.app
	loc := a.loc
	role, chosen := s.roleSelect()
	role.SetSelected(loc.T("role." + string(u.Role)))
	f := newForm(loc)
	f.add("user.role", role)
	s.userDialog(loc.T("peopleui.role_title", "User", u.Name), loc.T("peopleui.set_role"), f, nil, func(b *busy, done func(error)) {
		r := chosen()
		a.write(b, func(ctx context.Context) error { return a.people.SetUserRole(ctx, u.Name, r) }, done)
	})
}

func (s *usersScreen) askDisable() {
	u, ok := s.current()
	if !ok {
		return
	}
	a := s.app
	loc := a.loc
	question := widget.NewLabel(loc.T("peopleui.disable_question", "User", u.Name, "Name", u.FullName))
	question.Wrapping = fyne.TextWrapWord
	var running busy
	d := dialog.NewCustomConfirm(loc.T("peopleui.disable_user"), loc.T("peopleui.disable_user"), loc.T("action.cancel"), question,
		func(yes bool) {
			if !yes {
				return
			}
			a.write(&running, func(ctx context.Context) error { return a.people.DisableUser(ctx, u.Name) }, func(err error) {
				if err != nil {
					a.showError(err)
					return
				}
				a.notify(loc.T("peopleui.user_disabled", "User", u.Name))
				s.refresh()
			})
		}, a.win)
	d.Resize(fyne.NewSize(460, 0))
	d.Show()
}

// lockedNow says whether u is locked out (too many wrong passwords) at t.
func lockedNow(u data.User, t time.Time) bool { return t.Before(u.LockedUntil) }
