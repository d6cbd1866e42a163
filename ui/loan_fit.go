package ui

import (
	"fyne.io/fyne/v2"

	"policycredit/data"
)

// The least widths of the loan page's columns: what an empty loan shows.
var (
	scheduleLeast = []float32{36, 80, 80, 80, 90}
	entryLeast    = []float32{50, 80, 110, 80, 80, 120}
)

// householdLoanWidths are the least widths of the household's loans tab's columns.
var householdLoanWidths = []float32{145, 115, 125, 105, 95, 95, 85, 180}

// loanListWidths are the loan list's column widths in the user's language: each header whole
// with room for its sort arrow, and the state column as wide as its longest state
// ("Passé en perte").
func loanListWidths(a *App) []float32 {
	widths := []float32{150, 115, 185, 85, 100, 120, 120, 105}
	// The state column is as wide as its longest state, whichever loans the list shows.
	for _, st := range []data.LoanState{data.StateCurrent, data.StateOverdue, data.StateFrozen, data.StateClosed, data.StateWrittenOff} {
		widths[7] = max(widths[7], textWidth(stateText(a, st), fyne.TextStyle{}))
	}
	return widths
}
