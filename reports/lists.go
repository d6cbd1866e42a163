package reports

import (
	"strings"

	"policycredit/data"
	"policycredit/translations"
)

// The lists the screens export to spreadsheets, each as one table.

// GroupsTable lists groups with what their loans owe.
func GroupsTable(loc *translations.Localizer, groups []data.GroupLine) Table {
	s := Table{Name: loc.T("export.sheet.groups"), Columns: []Column{
		{Title: loc.T("group.col.code")},
		{Title: loc.T("group.col.name")},
		{Title: loc.T("borrower.col.village")},
		{Title: loc.T("export.col.commune")},
		{Title: loc.T("group.col.association")},
		{Title: loc.T("group.col.leader")},
		{Title: loc.T("group.col.members"), Kind: KindInteger},
		{Title: loc.T("group.col.outstanding"), Kind: KindMoney},
		{Title: loc.T("group.col.overdue"), Kind: KindMoney},
		{Title: loc.T("group.col.rating")},
		{Title: loc.T("export.col.rating_year"), Kind: KindInteger},
		{Title: loc.T("borrower.col.status")},
	}}
	for _, g := range groups {
		rating, year := Cell{}, Cell{}
		if g.LatestRating != "" {
			rating, year = Text(loc.T("rating."+string(g.LatestRating))), Int(int64(g.RatingYear))
		}
		status := Cell{}
		if g.Status == data.GroupClosed {
			status = Text(loc.T("status.closed"))
		}
		s.Rows = append(s.Rows, []Cell{Text(g.Code), Text(g.Name), Text(g.Village), Text(g.Commune),
			Text(loc.Association(g.Association)), Text(g.Leader), Int(int64(g.Members)),
			Money(g.Outstanding), Money(g.Overdue), rating, year, status})
	}
	return s
}

// BorrowersTable lists households with their programs and what they owe.
func BorrowersTable(loc *translations.Localizer, rows []data.BorrowerRow) Table {
	s := Table{Name: loc.T("export.sheet.borrowers"), Columns: []Column{
		{Title: loc.T("borrower.col.code")},
		{Title: loc.T("borrower.col.name")},
		{Title: loc.T("borrower.col.village")},
		{Title: loc.T("export.col.commune")},
		{Title: loc.T("export.col.group_code")},
		{Title: loc.T("borrower.col.group")},
		{Title: loc.T("borrower.col.programs")},
		{Title: loc.T("borrower.col.outstanding"), Kind: KindMoney},
		{Title: loc.T("borrower.col.status")},
	}}
	for _, r := range rows {
		status := Cell{}
		switch {
		case r.Overdue:
			status = Text(loc.T("borrowers.flag_overdue"))
		case !r.Active:
			status = Text(loc.T("borrower.status.left"))
		}
		s.Rows = append(s.Rows, []Cell{Text(r.Code), Text(r.Name), Text(r.Village), Text(r.Commune),
			Text(r.GroupCode), Text(r.GroupName), Text(strings.Join(r.Programs, ", ")), Money(r.Outstanding), status})
	}
	return s
}

// LoansTable lists loans with what each owes on the list's date.
func LoansTable(loc *translations.Localizer, loans []data.LoanView) Table {
	s := Table{Name: loc.T("export.sheet.loans"), Columns: []Column{
		{Title: loc.T("loan.col.contract")},
		{Title: loc.T("loans.col.customer")},
		{Title: loc.T("loans.col.borrower")},
		{Title: loc.T("loans.col.program")},
		{Title: loc.T("loans.col.signed_on"), Kind: KindDate},
		{Title: loc.T("export.col.term"), Kind: KindInteger},
		{Title: loc.T("loans.col.amount"), Kind: KindMoney},
		{Title: loc.T("export.col.disbursed"), Kind: KindMoney},
		{Title: loc.T("loans.col.outstanding"), Kind: KindMoney},
		{Title: loc.T("export.col.overdue"), Kind: KindMoney},
		{Title: loc.T("export.col.frozen"), Kind: KindMoney},
		{Title: loc.T("loans.col.status")},
	}}
	for _, v := range loans {
		s.Rows = append(s.Rows, []Cell{Text(v.Contract), Text(v.BorrowerCode), Text(v.BorrowerName), Text(v.ProgramCode),
			Day(v.SignedOn), Int(int64(v.TermMonths)), Money(v.Amount), Money(v.Disbursed), Money(v.Outstanding),
			Money(v.Overdue), Money(v.Frozen), Text(StateText(loc, v.State))})
	}
	return s
}

// StateText names a loan's state as the lists show it.
func StateText(loc *translations.Localizer, st data.LoanState) string {
	switch st {
	case data.StateOverdue:
		return loc.T("status.overdue")
	case data.StateFrozen:
		return loc.T("status.frozen")
	case data.StateClosed:
		return loc.T("status.repaid")
	case data.StateWrittenOff:
		return loc.T("status.written_off")
	}
	return loc.T("status.current")
}
