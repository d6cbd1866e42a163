package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/reports"
)

// loanSearchLimit is how many loans one search shows; one more is asked for to know whether
// the clerk should refine the search.
const loanSearchLimit = 500

var loanListColumns = []string{"loan.col.contract", "loans.col.customer", "loans.col.borrower", "loans.col.program",
	"loans.col.signed_on", "loans.col.amount", "loans.col.outstanding", "loans.col.status"}

// loansScreen is the loan list, one loan's detail with its actions, and the new-loan form:
// three pages of one screen, so that a loan opened from elsewhere (openLoan) keeps the list
// behind it.
type loansScreen struct {
	app *App

	loads  latest
	search *keyEntry
	table  *sortedTable
	rows   []data.LoanView
	more   *widget.Label

	programs []data.Program

	list   fyne.CanvasObject
	detail *loanDetail
	form   *newLoanForm
	pages  *fyne.Container
	page   fyne.CanvasObject // the page shown
	back   fyne.CanvasObject // where Esc on the new-loan form goes back to
	dialog dialog.Dialog     // the action dialog open, if any
	action *actionForm       // its form

	root fyne.CanvasObject
}

func newLoansScreen(a *App) *loansScreen {
	s := &loansScreen{app: a}
	loc := a.loc
	s.search = newKeyEntry(s.cancel)
	s.search.SetPlaceHolder(loc.T("loans.search"))
	s.search.OnChanged = func(string) { s.load() }
	s.more = widget.NewLabel("")
	s.more.Importance = widget.WarningImportance
	s.more.Hide()
	s.table = newSortedTable(loanListColumns, loanListWidths(a),
		func() int { return len(s.rows) }, s.cell, func(col int) bool { return col == 5 || col == 6 }, loc, s.load)
	s.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(s.rows) {
			s.openContract(s.rows[id.Row].Contract)
		}
	}
	newButton := widget.NewButton(loc.T("loans.new"), s.newRecord)
	newButton.Importance = widget.HighImportance
	a.allow(data.ActLoanOpen, newButton)
	s.list = container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(a.exportButton(s.prepareExport), newButton), s.search), s.more),
		nil, nil, nil, s.table)
	s.detail = newLoanDetail(s)
	s.form = newNewLoanForm(s)
	s.pages = container.NewStack()
	s.root = container.NewBorder(
		widget.NewLabelWithStyle(loc.T("nav.loans"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, s.pages)
	s.showPage(s.list)
	return s
}

func (s *loansScreen) content() fyne.CanvasObject { return s.root }

func (s *loansScreen) showPage(p fyne.CanvasObject) {
	s.page = p
	s.pages.Objects = []fyne.CanvasObject{p}
	s.pages.Refresh()
}

// refresh reloads the programs (for the form) and the list.
func (s *loansScreen) refresh() {
	a := s.app
	var programs []data.Program
	a.async(func(ctx context.Context) (err error) {
		programs, err = a.store.Programs(ctx)
		return err
	}, func(err error) {
		if err != nil {
			a.showError(err)
			return
		}
		s.programs = programs
		s.form.setPrograms(programs)
		s.load()
	})
}

// load searches with what is in the search box; only the newest search's result is shown.
func (s *loansScreen) load() {
	a := s.app
	q := s.query(loanSearchLimit + 1)
	var rows []data.LoanView
	seq := s.loads.next()
	a.async(func(ctx context.Context) (err error) {
		rows, err = a.store.ListLoans(ctx, q)
		return err
	}, func(err error) {
		if !s.loads.is(seq) {
			return
		}
		if err != nil {
			a.showError(err)
			return
		}
		if len(rows) > loanSearchLimit {
			rows = rows[:loanSearchLimit]
			s.more.SetText(a.loc.T("loans.more", "N", loanSearchLimit))
			s.more.Show()
		} else {
			s.more.Hide()
		}
		s.rows = rows
		s.table.UnselectAll()
		s.table.Refresh()
	})
}

func (s *loansScreen) cell(id widget.TableCellID) string {
	if id.Row < 0 || id.Row >= len(s.rows) {
		return ""
	}
	return s.rowText(&s.rows[id.Row], id.Col)
}

// rowText is what a loan's line shows in column col, on the screen and in an export.
func (s *loansScreen) rowText(v *data.LoanView, col int) string {
	loc := s.app.loc
	switch col {
	case 0:
		return v.Contract
	case 1:
		return v.BorrowerCode
	case 2:
		return v.BorrowerName
	case 3:
		return v.ProgramCode // the name would not fit; the detail shows it
	case 4:
		return loc.Date(v.SignedOn)
	case 5:
		return loc.Amount(v.Amount)
	case 6:
		return loc.Amount(v.Outstanding)
	default:
		return stateText(s.app, v.State)
	}
}

// programLabel is "01 · Cho vay hộ nghèo", or the code alone for an unknown program.
func (s *loansScreen) programLabel(code string) string {
	for i := range s.programs {
		if s.programs[i].Code == code {
			return code + " · " + s.programs[i].NameIn(s.app.loc.Lang())
		}
	}
	return code
}

func (s *loansScreen) program(code string) (data.Program, bool) {
	for _, p := range s.programs {
		if p.Code == code {
			return p, true
		}
	}
	return data.Program{}, false
}

// stateText names a loan's state in the user's language.
func stateText(a *App, st data.LoanState) string { return reports.StateText(a.loc, st) }

// newRecord (Ctrl+N) opens an empty new-loan form.
func (s *loansScreen) newRecord() {
	if !s.app.may(data.ActLoanOpen) {
		return
	}
	s.closeDialog()
	if s.page != s.form.root {
		s.back = s.page
	}
	s.form.reset()
	s.showPage(s.form.root)
	s.app.win.Canvas().Focus(s.form.borrowerSearch)
}

// focusSearch (Ctrl+F) goes back to the list with the cursor in the search box.
func (s *loansScreen) focusSearch() {
	s.closeDialog()
	s.showPage(s.list)
	s.app.win.Canvas().Focus(s.search)
}

// cancel (Esc) closes the open dialog, else leaves the form or the detail for the page
// behind it.
func (s *loansScreen) cancel() {
	switch {
	case s.dialog != nil:
		s.closeDialog()
	case s.page == s.form.root:
		back := s.back
		if back == nil {
			back = s.list
		}
		s.showPage(back)
	case s.page == s.detail.root:
		s.showPage(s.list)
		s.table.UnselectAll()
	}
}

func (s *loansScreen) closeDialog() {
	if s.dialog != nil {
		d := s.dialog
		s.dialog, s.action = nil, nil
		d.Hide()
	}
}

// openContract shows one loan's detail.
func (s *loansScreen) openContract(contract string) {
	s.closeDialog()
	s.detail.open(contract)
	s.showPage(s.detail.root)
}

// openLoan goes to the Loans screen and shows the loan with that contract number.
func (a *App) openLoan(contract string) {
	a.Navigate("loans")
	if s, ok := a.screens[a.current].(*loansScreen); ok {
		s.openContract(contract)
	}
}

// newLoanFor goes to the Loans screen and opens the new-loan form with the household picked.
func (a *App) newLoanFor(borrowerID int64) {
	a.Navigate("loans")
	s, ok := a.screens[a.current].(*loansScreen)
	if !ok {
		return
	}
	s.newRecord()
	s.form.pickBorrower(borrowerID)
}

// loanColumnOrders are the store orders of the list's columns.
var loanColumnOrders = []data.LoanOrder{data.OrderByContract, data.OrderByCustomer, data.OrderByName,
	data.OrderByProgram, data.OrderBySigned, data.OrderByAmount, data.OrderByOutstanding, data.OrderByState}

// query is the search box and the chosen order; newest contract first until a header is tapped.
func (s *loansScreen) query(limit int) data.LoanQuery {
	q := data.LoanQuery{Query: s.search.Text, On: s.app.workingDate(), Order: data.OrderBySigned, Desc: true, Limit: limit}
	if c := s.table.sortCol; c >= 0 && c < len(loanColumnOrders) {
		q.Order, q.Desc = loanColumnOrders[c], s.table.desc
	}
	return q
}

// prepareExport exports every loan the search finds (not only the first page shown), in the
// list's order.
func (s *loansScreen) prepareExport() (string, func(ctx context.Context) (reports.Table, error)) {
	q := s.query(0)
	return fmt.Sprintf("loans-%s", q.On), func(ctx context.Context) (reports.Table, error) {
		loans, err := s.app.store.ListLoans(ctx, q)
		return reports.LoansTable(s.app.loc, loans), err
	}
}
