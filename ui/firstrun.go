package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"policycredit/data/demo"
)

// demoScales are offered on first start, smallest first: a clerk trying the app wants it quick.
var demoScales = []string{"small", "district", "large"}

// askNewOffice asks, on the first start with a new database, whether to begin with an empty
// office or a demo office to try the app on.
func (a *App) askNewOffice() {
	loc := a.loc
	choice := widget.NewRadioGroup([]string{loc.T("firstrun.empty"), loc.T("firstrun.demo")}, nil)
	choice.SetSelected(loc.T("firstrun.empty"))
	scaleNames := make([]string, len(demoScales))
	for i, s := range demoScales {
		scaleNames[i] = loc.T("scale." + s)
	}
	scale := newSelect(loc, scaleNames, nil)
	scale.SetSelected(scaleNames[0])
	scale.Disable()
	choice.OnChanged = func(v string) {
		if v == loc.T("firstrun.demo") {
			scale.Enable()
		} else {
			scale.Disable()
		}
	}
	intro := widget.NewLabel(loc.T("firstrun.intro"))
	intro.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(intro, choice, scale)
	d := dialog.NewCustomConfirm(loc.T("firstrun.title"), loc.T("action.continue"), loc.T("action.cancel"), body,
		func(ok bool) {
			if !ok || choice.Selected != loc.T("firstrun.demo") {
				// An empty office starts on the welcome, which says what to do first.
				a.Navigate(a.items[0].id)
				return
			}
			for i, n := range scaleNames {
				if n == scale.Selected {
					a.createDemo(demoScales[i])
				}
			}
		}, a.win)
	d.Resize(fyne.NewSize(520, 300))
	d.Show()
}

// createDemo fills the empty database with a generated office, off the UI goroutine, with a
// progress dialog whose Cancel rolls the whole import back.
func (a *App) createDemo(scaleName string) {
	loc := a.loc
	if a.creatingDemo.running {
		return // one demo office at a time: a second would meet the first's rows
	}
	scale, err := demo.ScaleNamed(scaleName)
	if err != nil {
		a.showError(err)
		return
	}
	ctx, cancel := context.WithCancel(a.ctx)
	bar := widget.NewProgressBarInfinite()
	progress := dialog.NewCustom(loc.T("firstrun.creating"), loc.T("action.cancel"), container.NewVBox(
		widget.NewLabel(loc.T("firstrun.creating_detail", "Households", scale.Households)), bar), a.win)
	progress.SetOnClosed(cancel)
	progress.Show()
	// The office's history runs up to the working date, so that it opens on no overdue spike.
	until := a.workingDate()
	if until.Before(demo.EarliestUntil) {
		until = demo.EarliestUntil
	}
	director := a.session.User
	// ctx, not write's: Cancel in the progress dialog rolls the import back.
	a.write(&a.creatingDemo, func(context.Context) error {
		dataset := demo.Generate(scale, 1, until)
		// The demo's five users come with it, so that each role can be tried; the director
		// created a moment ago stays, and a demo user of the same name gives way to it.
		for _, u := range demo.Users() {
			if u.Name != director {
				dataset.Users = append(dataset.Users, u)
			}
		}
		if err := ctx.Err(); err != nil { // cancelled while generating: import nothing
			return err
		}
		return a.store.ImportDataset(ctx, dataset)
	}, func(err error) {
		cancelled := ctx.Err() != nil
		progress.Hide() // runs cancel, harmless once the import has returned
		if err != nil && !cancelled {
			a.showError(err)
			return
		}
		if err == nil && !a.loggedIn() && a.people != nil {
			// The office has users now: from here on, only after a log-in.
			a.setup = false
			a.showLogIn()
			return
		}
		a.build()
	})
}
