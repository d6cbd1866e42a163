package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
)

// links builds the loan page's links to its household and its group; showLinks names them
// once the loan is loaded. A role that may not open the Borrowers or Groups screen sees none.
func (d *loanDetail) links() fyne.CanvasObject {
	a := d.s.app
	d.toHousehold = widget.NewHyperlink("", nil)
	d.toHousehold.OnTapped = func() {
		if d.borrower.ID != 0 {
			a.openHousehold(d.borrower.ID)
		}
	}
	d.toGroup = widget.NewHyperlink("", nil)
	d.toGroup.OnTapped = func() {
		if d.group.ID != 0 {
			a.openGroup(d.group.ID)
		}
	}
	d.toHousehold.Hide()
	d.toGroup.Hide()
	d.linkBox = container.NewHBox(d.toHousehold, d.toGroup)
	return d.linkBox
}

func (d *loanDetail) showLinks() {
	a := d.s.app
	loc := a.loc
	d.toHousehold.SetText(loc.T("loans.to_household", "Name", d.borrower.Name+" ("+d.borrower.Code+")"))
	if a.mayOpen("borrowers") && d.borrower.ID != 0 {
		d.toHousehold.Show()
	} else {
		d.toHousehold.Hide()
	}
	d.toGroup.SetText(loc.T("loans.to_group", "Code", d.group.Code, "Name", d.group.Name))
	if a.mayOpen("groups") && d.group.ID != 0 {
		d.toGroup.Show()
	} else {
		d.toGroup.Hide()
	}
	// The page lays out again so that a link shown since the last loan gets its height.
	if shown := d.toHousehold.Visible() || d.toGroup.Visible(); shown != d.linksShown {
		d.linksShown = shown
		d.root.Refresh()
	} else {
		d.linkBox.Refresh()
	}
}

// loanGroup is the group the loan was lent through, else the household's group now; the zero
// GroupView when neither has one.
func loanGroup(ctx context.Context, a *App, l data.Loan, b data.BorrowerView) (data.GroupView, error) {
	id := l.GroupID
	if id == 0 {
		id = b.GroupID
	}
	if id == 0 {
		return data.GroupView{}, nil
	}
	return a.store.Group(ctx, id)
}

// openHousehold goes to the Borrowers screen with the household open, the list searched for
// its customer code so that the list and the detail agree.
func (a *App) openHousehold(id int64) {
	fetch(a, func(ctx context.Context) (data.BorrowerView, error) { return a.store.Borrower(ctx, id) }, func(b data.BorrowerView) {
		a.Navigate("borrowers")
		s, ok := a.screens[a.current].(*borrowersScreen)
		if !ok {
			return
		}
		s.search.SetText(b.Code)
		s.edit(b.Borrower)
		s.tabs.SelectIndex(0)
	})
}

// openGroup goes to the Groups screen with the group open on its members, the list searched
// for its code so that the group is the one highlighted.
func (a *App) openGroup(id int64) {
	fetch(a, func(ctx context.Context) (data.GroupView, error) { return a.store.Group(ctx, id) }, func(g data.GroupView) {
		a.Navigate("groups")
		s, ok := a.screens[a.current].(*groupsScreen)
		if !ok {
			return
		}
		s.search.SetText(g.Code)
		s.edit(g.Group)
		s.tabs.SelectIndex(groupTabMembers)
	})
}
