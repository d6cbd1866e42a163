package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
)

// moveSearchLimit is how many households the "Add member…" search asks for.
const moveSearchLimit = 200

// moveDialog moves one household to another group: either the household is known and the
// clerk picks the group (showMoveHousehold), or the group is known and the clerk picks a
// household (Add member…). What the store refuses is said in the dialog, which stays open.
type moveDialog struct {
	app    *App
	dlg    dialog.Dialog
	search *widget.Entry
	list   *widget.List
	labels []string
	chosen int // index into labels, -1 for none
	picked *widget.Label
	now    *widget.Label // who moves or which group takes members, as things are
	hint   *widget.Label
	form   *form
	note   *widget.Entry
	msg    *widget.Label // what no field of the form shows
	move   *widget.Button
	moving busy // the move running
	loads  latest

	// the household and the group of the move: one is fixed, the other is picked from the list
	household func() (data.BorrowerView, bool)
	group     func() (data.GroupView, bool)
	// load searches off the UI goroutine and returns the list's labels and a function that
	// makes the found choices current, run on the UI goroutine when this search is the newest.
	load func(ctx context.Context, query string) ([]string, func(), error)
	done func()
}

// showMoveHousehold asks which group household b moves to and moves it; done runs after a move
// (not after Cancel). The Borrowers screen calls it for its "Move to another group" button.
func (a *App) showMoveHousehold(b data.BorrowerView, done func()) { a.openMoveHousehold(b, done) }

// openMoveHousehold is showMoveHousehold returning the dialog, which the Groups screen keeps
// for its tests to read.
func (a *App) openMoveHousehold(b data.BorrowerView, done func()) *moveDialog {
	loc := a.loc
	var groups []data.GroupView
	d := &moveDialog{app: a, done: done}
	d.household = func() (data.BorrowerView, bool) { return b, true }
	d.group = func() (data.GroupView, bool) {
		if d.chosen < 0 || d.chosen >= len(groups) {
			return data.GroupView{}, false
		}
		return groups[d.chosen], true
	}
	d.load = func(ctx context.Context, query string) ([]string, func(), error) {
		all, err := a.store.SearchGroups(ctx, query, 0)
		if err != nil {
			return nil, nil, err
		}
		// A group takes households of its own commune only.
		found := all[:0]
		for _, g := range all {
			if g.CommuneID == b.CommuneID && g.ID != b.GroupID {
				found = append(found, g)
			}
		}
		labels := make([]string, len(found))
		for i, g := range found {
			labels[i] = moveGroupLabel(loc.T, g)
		}
		return labels, func() { groups = found }, nil
	}
	from := loc.T("borrower.no_group")
	if b.GroupID != 0 {
		from = b.GroupCode + " · " + b.GroupName
	}
	d.build(loc.T("move.title_out", "Name", b.Name, "Code", b.Code),
		loc.T("move.now_in", "Name", b.Name, "Village", b.Village, "Group", from),
		loc.T("move.search_group"), "move.group", loc.T("move.groups_of", "Commune", b.Commune))
	return d
}

// openAddMember asks which household joins group g and moves it there.
func (a *App) openAddMember(g data.GroupView, done func()) *moveDialog {
	loc := a.loc
	var households []data.BorrowerView
	d := &moveDialog{app: a, done: done}
	d.group = func() (data.GroupView, bool) { return g, true }
	d.household = func() (data.BorrowerView, bool) {
		if d.chosen < 0 || d.chosen >= len(households) {
			return data.BorrowerView{}, false
		}
		return households[d.chosen], true
	}
	d.load = func(ctx context.Context, query string) ([]string, func(), error) {
		all, err := a.store.SearchBorrowers(ctx, query, moveSearchLimit)
		if err != nil {
			return nil, nil, err
		}
		found := all[:0]
		for _, b := range all {
			if b.Active && b.CommuneID == g.CommuneID && b.GroupID != g.ID {
				found = append(found, b)
			}
		}
		labels := make([]string, len(found))
		for i, b := range found {
			group := loc.T("borrower.no_group")
			if b.GroupID != 0 {
				group = b.GroupCode
			}
			labels[i] = b.Code + " · " + b.Name + " · " + b.Village + " · " + group
		}
		return labels, func() { households = found }, nil
	}
	d.build(loc.T("move.title_in", "Code", g.Code, "Name", g.Name),
		loc.T("move.group_now", "Code", g.Code, "Village", g.Village, "Count", g.Members),
		loc.T("move.search_household"), "move.borrower", loc.T("move.households_of", "Commune", g.Commune))
	return d
}

// moveGroupLabel names a group in a picker: code, name, village, members, and closed.
func moveGroupLabel(t func(string, ...any) string, g data.GroupView) string {
	s := g.Code + " · " + g.Name + " · " + g.Village + " · " + t("move.members", "Count", g.Members)
	if g.Status == data.GroupClosed {
		s += " · " + t("status.closed")
	}
	return s
}

// build lays the dialog out and shows it: what is moving now, a search over the choices, the
// reason and the buttons. pickField is the form field the list stands for, so that an error
// about the picked household or group shows under it.
func (d *moveDialog) build(title, now, placeholder, pickField, hint string) {
	a := d.app
	loc := a.loc
	d.chosen = -1
	d.search = widget.NewEntry()
	d.search.SetPlaceHolder(placeholder)
	d.search.OnChanged = func(string) { d.reload() }
	d.list = widget.NewList(func() int { return len(d.labels) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= 0 && id < len(d.labels) {
				o.(*widget.Label).SetText(d.labels[id])
			}
		})
	d.list.OnSelected = func(id widget.ListItemID) { d.pick(id) }
	d.list.OnUnselected = func(widget.ListItemID) { d.pick(-1) }
	d.hint = widget.NewLabelWithStyle(hint, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	d.hint.Truncation = fyne.TextTruncateEllipsis
	d.note = widget.NewEntry()
	d.note.SetPlaceHolder(loc.T("move.note_hint"))
	d.form = newForm(loc)
	d.picked = widget.NewLabel("")
	d.picked.Wrapping = fyne.TextWrapWord
	d.form.add(pickField, d.picked)
	d.form.add("move.note", d.note)
	d.msg = widget.NewLabel("")
	d.msg.Importance = widget.DangerImportance
	d.msg.Wrapping = fyne.TextWrapWord
	d.msg.Hide()
	d.move = widget.NewButton(loc.T("move.action"), d.confirm)
	d.move.Importance = widget.HighImportance
	d.moving.guard(d.move)
	cancel := widget.NewButton(loc.T("action.cancel"), func() { d.dlg.Hide() })
	d.now = widget.NewLabel(now)
	d.now.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(d.now, d.search, d.hint)
	bottom := container.NewVBox(d.form.object(), d.msg, container.NewHBox(layout.NewSpacer(), cancel, d.move))
	d.dlg = dialog.NewCustomWithoutButtons(title, container.NewBorder(top, bottom, nil, nil, d.list), a.win)
	d.dlg.Resize(fyne.NewSize(700, 560))
	d.dlg.Show()
	a.win.Canvas().Focus(d.search)
	d.pick(-1)
	d.reload()
}

// pick chooses item i of the list (-1: none) and shows it beside the reason.
func (d *moveDialog) pick(i int) {
	d.chosen = i
	d.form.clearErrors()
	d.msg.Hide()
	if i < 0 || i >= len(d.labels) {
		d.chosen = -1
		d.picked.SetText(d.app.loc.T("move.none_chosen"))
		return
	}
	d.picked.SetText(d.labels[i])
}

// reload fills the list with what the search finds; only the newest search's result shows.
func (d *moveDialog) reload() {
	a := d.app
	query := d.search.Text
	seq := d.loads.next()
	var labels []string
	var apply func()
	a.async(func(ctx context.Context) (err error) {
		labels, apply, err = d.load(ctx, query)
		return err
	}, func(err error) {
		if !d.loads.is(seq) {
			return
		}
		if err != nil {
			a.showError(err)
			return
		}
		apply()
		d.labels = labels
		d.list.UnselectAll()
		d.pick(-1)
		d.list.Refresh()
	})
}

// confirm moves the chosen household to the chosen group; a refusal stays in the dialog.
func (d *moveDialog) confirm() {
	a := d.app
	loc := a.loc
	if d.moving.running {
		return
	}
	b, okB := d.household()
	g, okG := d.group()
	d.form.clearErrors()
	d.msg.Hide()
	if !okB || !okG {
		d.showMessage(loc.T("move.choose"))
		return
	}
	note := d.note.Text
	a.write(&d.moving, func(ctx context.Context) error { return a.store.MoveBorrower(ctx, b.ID, g.ID, note) },
		func(err error) {
			if err != nil {
				if rest := d.form.showErrors(err); rest != nil {
					d.showMessage(loc.Error(rest))
				}
				return
			}
			d.dlg.Hide()
			a.notify(loc.T("move.moved", "Name", b.Name, "Code", b.Code, "Group", g.Code))
			if d.done != nil {
				d.done()
			}
		})
}

func (d *moveDialog) showMessage(text string) {
	d.msg.SetText(text)
	d.msg.Show()
}
