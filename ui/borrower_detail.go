package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/reports"
)

var loanColumns = []string{"loan.col.contract", "loan.col.program", "loan.col.standing", "loan.col.outstanding",
	"loan.col.overdue", "loan.col.interest_due", "loan.col.penalty_due", "loan.col.next"}

var historyColumns = []string{"history.col.when", "history.col.who", "history.col.what", "history.col.before", "history.col.after"}

// historyActions name each kind of recorded change.
var historyActions = map[string]string{
	"create": "history.create", "update": "history.update",
	data.ActionLeave: "history.leave", data.ActionRejoin: "history.rejoin",
}

// historyLine is one line of the history table: a changed field, or a household registered.
type historyLine struct {
	when, who, what, before, after string
}

func (s *borrowersScreen) buildDetail() {
	loc := s.app.loc
	s.loansTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.loansTitle.Truncation = fyne.TextTruncateEllipsis
	s.savings = widget.NewLabel("")
	// Money columns (from the fourth to the seventh) align right.
	s.loansTable = newHeaderTable(loanColumns, householdLoanWidths,
		func() int { return len(s.detail.Loans) }, s.loanCell, func(col int) bool { return col >= 3 && col <= 6 }, loc)
	s.loansTable.OnSelected = s.openLoanAt
	s.newLoan = widget.NewButton(loc.T("borrower.new_loan"), s.newLoanForEditing)
	s.app.allow(data.ActLoanOpen, s.newLoan)
	s.historyTable = newHeaderTable(historyColumns, []float32{135, 100, 170, 230, 230},
		func() int { return len(s.history) }, s.historyCell, nil, loc)
	s.historyNone = widget.NewLabel(loc.T("history.none"))
	s.historyNone.Hide()
}

func (s *borrowersScreen) loansPane() fyne.CanvasObject {
	return container.NewBorder(container.NewBorder(nil, nil, nil, container.NewHBox(s.savings, s.newLoan), s.loansTitle),
		nil, nil, nil, s.loansTable)
}

// openLoanAt opens the page of the loan on that row (tapped, or chosen with Space) on the
// Loans screen.
func (s *borrowersScreen) openLoanAt(id widget.TableCellID) {
	s.loansTable.UnselectAll() // so that the same row opens again after coming back
	if id.Row >= 0 && id.Row < len(s.detail.Loans) {
		s.app.openLoan(s.detail.Loans[id.Row].Loan.Contract)
	}
}

// newLoanForEditing opens the new-loan form on the Loans screen with this household chosen.
func (s *borrowersScreen) newLoanForEditing() {
	if b := s.editing; b.ID != 0 && b.Active {
		s.app.newLoanFor(b.ID)
	}
}

func (s *borrowersScreen) historyPane() fyne.CanvasObject {
	return container.NewBorder(s.historyNone, nil, nil, nil, s.historyTable)
}

// loadDetail loads the household's loans, each with its position on the working date, its
// savings and its history, in one store call.
func (s *borrowersScreen) loadDetail(borrowerID int64) {
	a := s.app
	seq := s.detailLoads.next()
	on := a.workingDate()
	if borrowerID == 0 {
		s.showDetail(data.BorrowerDetail{On: on})
		return
	}
	var d data.BorrowerDetail
	a.async(func(ctx context.Context) (err error) {
		d, err = a.store.BorrowerDetail(ctx, borrowerID, on)
		return err
	}, func(err error) {
		if !s.detailLoads.is(seq) {
			return // another household was chosen meanwhile
		}
		if err != nil {
			a.showError(err)
			return
		}
		s.showDetail(d)
	})
}

func (s *borrowersScreen) showDetail(d data.BorrowerDetail) {
	loc := s.app.loc
	s.detail = d
	s.loansTable.Refresh()
	switch {
	case d.Borrower.ID == 0:
		s.loansTitle.SetText(loc.T("borrower.no_loans"))
		s.savings.SetText("")
	case len(d.Loans) == 0:
		s.loansTitle.SetText(loc.T("borrower.no_loans"))
		s.savings.SetText(loc.T("borrower.savings", "Amount", d.Savings, "Date", d.On))
	default:
		s.loansTitle.SetText(loc.T("borrower.loans", "Date", d.On))
		s.savings.SetText(loc.T("borrower.savings", "Amount", d.Savings, "Date", d.On))
	}
	s.history = s.historyLines(d.History)
	s.historyTable.Refresh()
	if d.Borrower.ID != 0 && len(s.history) == 0 {
		s.historyNone.Show()
	} else {
		s.historyNone.Hide()
	}
}

func (s *borrowersScreen) loanCell(id widget.TableCellID) string {
	if id.Row < 0 || id.Row >= len(s.detail.Loans) {
		return ""
	}
	l := &s.detail.Loans[id.Row]
	p := &l.Position
	loc := s.app.loc
	switch id.Col {
	case 0:
		return l.Loan.Contract
	case 1:
		if name, ok := s.programs[l.Loan.ProgramCode]; ok {
			return l.Loan.ProgramCode + " · " + name
		}
		return l.Loan.ProgramCode
	case 2:
		st := l.State()
		if st == data.StateOverdue && p.DaysOverdue > 0 {
			return loc.T("loan.standing.overdue_days", "Days", p.DaysOverdue)
		}
		if st == data.StatePending {
			return loc.T("loan.standing.pending") // not yet disbursed: only a household's page lists such loans
		}
		return reports.StateText(loc, st)
	case 3:
		return loc.Amount(p.Principal())
	case 4:
		return loc.Amount(p.Overdue)
	case 5:
		return loc.Amount(p.InterestDue)
	case 6:
		return loc.Amount(p.PenaltyDue)
	default:
		if p.Next == nil {
			return "—"
		}
		return loc.T("loan.next", "Date", p.Next.Due, "Amount", loc.Amount(p.Next.Principal-p.Next.Paid))
	}
}

// historyLines turns recorded changes, newest first, into table lines: one per changed field,
// one for a household registered.
func (s *borrowersScreen) historyLines(changes []data.BorrowerChange) []historyLine {
	loc := s.app.loc
	var out []historyLine
	for _, c := range changes {
		at := c.At.Local()
		when := loc.Date(data.DateOf(at)) + " " + at.Format("15:04")
		if c.Action == "create" {
			var code, name string
			for _, f := range c.Changes {
				switch f.Field {
				case "borrower.code":
					code = f.After
				case "borrower.name":
					name = f.After
				}
			}
			out = append(out, historyLine{when, c.User, loc.T("history.create"), "", code + " · " + name})
			continue
		}
		action := c.Action
		if id, ok := historyActions[c.Action]; ok {
			action = loc.T(id)
		}
		for _, f := range c.Changes {
			what := loc.Field(f.Field)
			if c.Action != "update" {
				what = action + ": " + what
			}
			out = append(out, historyLine{when, c.User, what, s.historyValue(f.Field, f.Before), s.historyValue(f.Field, f.After)})
		}
		if len(c.Changes) == 0 {
			out = append(out, historyLine{when, c.User, action, "", ""})
		}
	}
	return out
}

// historyValue shows a recorded value the way the form shows it.
func (s *borrowersScreen) historyValue(field, v string) string {
	loc := s.app.loc
	switch field {
	case "borrower.gender":
		return loc.T(genderID(data.Gender(v)))
	case "borrower.category":
		if v != "" {
			return loc.T("category." + v)
		}
	case "borrower.status":
		switch v {
		case "true":
			return loc.T("borrower.status.active")
		case "false":
			return loc.T("borrower.status.left")
		}
	}
	if v == "" {
		return "—"
	}
	return v
}

func (s *borrowersScreen) historyCell(id widget.TableCellID) string {
	if id.Row < 0 || id.Row >= len(s.history) {
		return ""
	}
	h := s.history[id.Row]
	return []string{h.when, h.who, h.what, h.before, h.after}[id.Col]
}

// leaveDialog asks for the reason a household leaves (or rejoins), and shows in place why the
// store refused.
type leaveDialog struct {
	dialog  dialog.Dialog
	reason  *widget.Entry
	message *widget.Label
	ok      *widget.Button
}

// askLeave asks to confirm that the household being edited left, and why.
func (s *borrowersScreen) askLeave() {
	b := s.editing
	if b.ID == 0 || !b.Active {
		return
	}
	s.askReason(s.app.loc.T("borrower.leave_title", "Name", b.Name, "Code", b.Code), s.app.loc.T("borrower.leave_explain"),
		s.app.loc.T("borrower.leave_confirm"), func(ctx context.Context, reason string) error {
			return s.app.store.MarkBorrowerLeft(ctx, b.ID, reason)
		}, s.app.loc.T("borrower.left_done", "Name", b.Name, "Code", b.Code))
}

// askRejoin asks to confirm that a household that left borrows again.
func (s *borrowersScreen) askRejoin() {
	b := s.editing
	if b.ID == 0 || b.Active {
		return
	}
	s.askReason(s.app.loc.T("borrower.rejoin_title", "Name", b.Name, "Code", b.Code), s.app.loc.T("borrower.rejoin_explain"),
		s.app.loc.T("borrower.rejoin_confirm"), func(ctx context.Context, reason string) error {
			return s.app.store.RejoinBorrower(ctx, b.ID, reason)
		}, s.app.loc.T("borrower.rejoined", "Name", b.Name, "Code", b.Code))
}

func (s *borrowersScreen) askReason(title, explain, confirm string, do func(ctx context.Context, reason string) error, done string) {
	a := s.app
	ld := &leaveDialog{reason: widget.NewEntry(), message: widget.NewLabel("")}
	ld.reason.SetPlaceHolder(a.loc.T("borrower.reason_example"))
	ld.message.Importance = widget.DangerImportance
	ld.message.Wrapping = fyne.TextWrapWord
	ld.message.Hide()
	text := widget.NewLabel(explain)
	text.Wrapping = fyne.TextWrapWord
	id := s.editing.ID
	body := container.NewVBox(text, widget.NewLabel(a.loc.Field("borrower.reason")), ld.reason, ld.message)
	var running busy
	ld.dialog, ld.ok = confirmDialog(a, title, confirm, body, func() {
		reason := ld.reason.Text
		a.write(&running, func(ctx context.Context) error { return do(ctx, reason) }, func(err error) {
			if err != nil {
				if data.DomainErrors(err) == nil {
					ld.dialog.Hide()
					a.showError(err)
					return
				}
				ld.message.SetText(a.loc.Error(err)) // why not, in the dialog itself
				ld.message.Show()
				return
			}
			ld.dialog.Hide()
			a.notify(done)
			if s.editing.ID == id {
				s.reloadEditing()
			}
			s.load()
		})
	})
	running.guard(ld.ok)
	ld.reason.OnSubmitted = func(string) { ld.ok.OnTapped() }
	ld.dialog.Resize(fyne.NewSize(520, 300))
	s.leaveDlg = ld
	ld.dialog.Show()
	a.win.Canvas().Focus(ld.reason)
}

// askMove moves the household to another group, through the Groups screen's dialog (size
// limits, leader, closed groups, another village's reason), then shows it again.
func (s *borrowersScreen) askMove() {
	a := s.app
	id := s.editing.ID
	var b data.BorrowerView
	a.async(func(ctx context.Context) (err error) {
		b, err = a.store.Borrower(ctx, id)
		return err
	}, func(err error) {
		if err != nil {
			a.showError(err)
			return
		}
		a.showMoveHousehold(b, func() {
			s.reloadEditing()
			s.load()
		})
	})
}

// reloadEditing reads the household being edited again (after it left or rejoined).
func (s *borrowersScreen) reloadEditing() {
	a := s.app
	id := s.editing.ID
	var b data.BorrowerView
	a.async(func(ctx context.Context) (err error) {
		b, err = a.store.Borrower(ctx, id)
		return err
	}, func(err error) {
		if err != nil {
			a.showError(err)
			return
		}
		if s.editing.ID == id {
			s.edit(b.Borrower)
		}
	})
}
