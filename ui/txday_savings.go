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

// savingsCreditDialog credits the half-yearly savings interest of the whole office: the user
// gives the half-year's end, sees how many accounts earn how much, and confirms. The store
// refuses other dates and a date already credited.
type savingsCreditDialog struct {
	s    *txDayScreen
	form *form
	date *keyEntry
	next *widget.Button
	dlg  dialog.Dialog

	// The confirmation, once the figures are known.
	credit  data.SavingsCredit
	confirm *widget.Label
	do      *widget.Button
	confDlg dialog.Dialog
	running busy // the credit being posted
}

// lastHalfYearEnd is the latest 30 June or 31 December on or before d: the credit a user most
// likely means.
func lastHalfYearEnd(d data.Date) data.Date {
	switch {
	case !d.Before(data.NewDate(d.Year(), time.December, 31)):
		return data.NewDate(d.Year(), time.December, 31)
	case !d.Before(data.NewDate(d.Year(), time.June, 30)):
		return data.NewDate(d.Year(), time.June, 30)
	}
	return data.NewDate(d.Year()-1, time.December, 31)
}

// creditSavings opens the dialog that asks for the date.
func (s *txDayScreen) creditSavings() *savingsCreditDialog {
	a := s.app
	loc := a.loc
	c := &savingsCreditDialog{s: s, form: newForm(loc)}
	c.date = newKeyEntry(func() { c.dlg.Hide() })
	c.date.SetText(loc.Date(lastHalfYearEnd(a.workingDate())))
	c.date.OnSubmitted = func(string) { c.preview() }
	c.form.add("entry.value_date", c.date)
	help := widget.NewLabel(loc.T("txday.credit_savings_help"))
	help.Wrapping = fyne.TextWrapWord
	c.next = widget.NewButton(loc.T("action.continue"), c.preview)
	c.next.Importance = widget.HighImportance
	cancel := widget.NewButton(loc.T("action.cancel"), func() { c.dlg.Hide() })
	c.dlg = dialog.NewCustomWithoutButtons(loc.T("txday.credit_savings_title"),
		container.NewVBox(help, c.form.object(), container.NewHBox(cancel, c.next)), a.win)
	c.dlg.Resize(fyne.NewSize(560, 0))
	c.dlg.Show()
	a.win.Canvas().Focus(c.date)
	return c
}

// preview reads what the date would credit, off the UI goroutine, and asks for confirmation.
func (c *savingsCreditDialog) preview() {
	a := c.s.app
	loc := a.loc
	on, pe := parseDateField(loc, "entry.value_date", c.date.Text)
	if pe != nil {
		c.form.showErrors(pe)
		return
	}
	c.next.Disable()
	var credit data.SavingsCredit
	a.async(func(ctx context.Context) (err error) {
		credit, err = a.store.SavingsCreditPreview(ctx, on)
		return err
	}, func(err error) {
		c.next.Enable()
		if err == nil && credit.AlreadyCredited {
			err = data.Conflict("entry.value_date", "savings_already_credited", "Date", on)
		}
		if err == nil && credit.Accounts == 0 {
			err = data.Invalid("entry.value_date", "savings_nothing_to_credit", "Date", on)
		}
		if !a.reportErrors(c.form, err) {
			return
		}
		c.dlg.Hide()
		c.confirmCredit(credit)
	})
}

// confirmCredit states the date, the number of accounts and the total before anything is
// posted; the credit button is disabled while the credit runs.
func (c *savingsCreditDialog) confirmCredit(credit data.SavingsCredit) {
	a := c.s.app
	loc := a.loc
	c.credit = credit
	c.confirm = widget.NewLabel(loc.T("txday.credit_savings_confirm", "Date", credit.On,
		"Accounts", loc.Number(int64(credit.Accounts)), "Total", credit.Total))
	c.confirm.Wrapping = fyne.TextWrapWord
	c.do = widget.NewButton(loc.T("txday.credit_savings_do"), c.post)
	c.do.Importance = widget.HighImportance
	c.running.controls = nil // the button of this confirmation, not of an earlier one
	c.running.guard(c.do)
	cancel := widget.NewButton(loc.T("action.cancel"), func() { c.confDlg.Hide() })
	c.confDlg = dialog.NewCustomWithoutButtons(loc.T("txday.credit_savings_title"),
		container.NewVBox(c.confirm, container.NewHBox(cancel, c.do)), a.win)
	c.confDlg.Resize(fyne.NewSize(560, 0))
	c.confDlg.Show()
}

// post credits the interest in one transaction.
func (c *savingsCreditDialog) post() {
	a := c.s.app
	loc := a.loc
	on := c.credit.On
	var done data.SavingsCredit
	a.write(&c.running, func(ctx context.Context) (err error) {
		done, err = a.store.CreditSavingsInterest(ctx, on)
		return err
	}, func(err error) {
		if err != nil {
			a.showError(err)
			return
		}
		c.confDlg.Hide()
		a.notify(loc.T("txday.savings_credited", "Date", done.On, "Accounts", loc.Number(int64(done.Accounts)), "Total", done.Total))
	})
}
