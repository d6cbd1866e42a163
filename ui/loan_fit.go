package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/translations"
)

// loanFitWidth is the width a table column needs to show each of texts whole, and its bold
// header, never less than least: measured as a label of the table draws them, in the
// language shown, so that French, the longest, is never cut.
func loanFitWidth(least float32, header string, texts []string) float32 {
	w := least
	measure := func(s string, style fyne.TextStyle) {
		if s == "" {
			return
		}
		l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, style)
		w = max(w, l.MinSize().Width+2) // the table draws a line between columns
	}
	measure(header, fyne.TextStyle{Bold: true})
	for _, s := range texts {
		measure(s, fyne.TextStyle{})
	}
	return w
}

// The keys of loanDetail.widths: the schedule's columns, then the entries'.
const fitEntries = 100

// entryNoteMax caps the note column: a long note is read on the ledger, not in the list.
const entryNoteMax = 320

// fitColumns sizes every column of the schedule and of the entries to what the loan shows and
// to its header: "Đã trả", "Prochaine échéance · reportée (initialement 12/03/2026)", entry
// 5160231. Columns only grow while the page shows one loan after another, so that the page
// does not jump; the dates and amounts take no more than they need, which leaves the words
// room at 1024×768.
func (d *loanDetail) fitColumns() {
	loc := d.s.app.loc
	fit := func(t *widget.Table, columns []string, least []float32, rows int, cell func(widget.TableCellID) string, key int) {
		for col := range columns {
			texts := make([]string, 0, rows)
			for i := 0; i < rows; i++ {
				texts = append(texts, cell(widget.TableCellID{Row: i, Col: col}))
			}
			w := loanFitWidth(max(least[col], d.widths[key+col]), loc.T(columns[col]), texts)
			if t == d.entries && col == len(columns)-1 {
				w = min(w, entryNoteMax)
			}
			if w != d.widths[key+col] {
				d.widths[key+col] = w
				t.SetColumnWidth(col, w)
			}
		}
	}
	fit(d.schedule, scheduleColumns, scheduleLeast, len(d.today.Installments), d.scheduleCell, 0)
	fit(d.entries, entryColumns, entryLeast, len(d.lines), d.entryCell, fitEntries)
}

// The least widths of the loan page's columns: what an empty loan shows.
var (
	scheduleLeast = []float32{36, 80, 80, 80, 90}
	entryLeast    = []float32{50, 80, 110, 80, 80, 120}
)

// householdLoanWidths are the least widths of the household's loans tab's columns.
var householdLoanWidths = []float32{145, 115, 125, 105, 95, 95, 85, 180}

// householdProgramMax caps the program column: "09 · Ménages récemment sortis de la
// pauvreté" would take half the tab, and the loan's page names it whole.
const householdProgramMax = 240

// fitLoans sizes the household's loans tab's columns to the loans shown and their headers, in
// the language shown: the standing ("Quá hạn 32 ngày", "En retard de 132 j") allows for 999
// days so that the column does not jump from one household to the next.
func (s *borrowersScreen) fitLoans(loc *translations.Localizer) {
	for col, least := range householdLoanWidths {
		texts := []string{}
		if col == 2 {
			texts = append(texts, loc.T("loan.standing.overdue_days", "Days", 999), loc.T("loan.standing.pending"))
		}
		for i := range s.detail.Loans {
			texts = append(texts, s.loanCell(widget.TableCellID{Row: i, Col: col}))
		}
		w := loanFitWidth(least, loc.T(loanColumns[col]), texts)
		if col == 1 {
			w = min(w, householdProgramMax)
		}
		s.loansTable.SetColumnWidth(col, w)
	}
}

// loanListWidths are the loan list's column widths in the user's language: each header whole
// with room for its sort arrow, and the state column as wide as its longest state
// ("Passé en perte").
func loanListWidths(a *App) []float32 {
	widths := []float32{150, 115, 185, 85, 100, 120, 120, 105}
	arrow := theme.IconInlineSize() + theme.Padding()
	for col, id := range loanListColumns {
		widths[col] = max(widths[col], loanFitWidth(0, a.loc.T(id), nil)+arrow)
	}
	var states []string
	for _, st := range []data.LoanState{data.StateCurrent, data.StateOverdue, data.StateFrozen, data.StateClosed, data.StateWrittenOff} {
		states = append(states, stateText(a, st))
	}
	widths[7] = loanFitWidth(widths[7], "", states)
	return widths
}
