package reports

import (
	"strings"

	"policycredit/data"
	"policycredit/translations"
)

// The lists exported to spreadsheets, each as one typed sheet: the command line and the
// screens' export buttons build them here so that both write the same columns.

// PlacesSheet lists the communes, then the villages and transaction points of each, one
// line per place with its level.
func PlacesSheet(loc *translations.Localizer, communes []data.Commune, villages []data.Village, points []data.Point) Sheet {
	s := Sheet{Name: loc.T("export.sheet.places"), Columns: []SheetColumn{
		{Title: loc.T("export.col.level")},
		{Title: loc.T("export.col.code")},
		{Title: loc.T("export.col.name")},
		{Title: loc.T("export.col.commune_code")},
		{Title: loc.T("export.col.commune")},
		{Title: loc.T("export.col.former_name")},
		{Title: loc.T("export.col.point_day"), Kind: KindInteger},
	}}
	byID := map[int64]data.Commune{}
	for _, c := range communes {
		byID[c.ID] = c
	}
	for _, c := range communes {
		s.Rows = append(s.Rows, []Cell{Text(loc.T("export.level.commune")), Text(c.Code), Text(c.Name),
			Text(c.Code), Text(c.Name), Text(c.FormerName), {}})
		for _, v := range villages {
			if v.CommuneID == c.ID {
				s.Rows = append(s.Rows, []Cell{Text(loc.T("export.level.village")), Text(v.Code), Text(v.Name),
					Text(c.Code), Text(c.Name), {}, {}})
			}
		}
		for _, p := range points {
			if p.CommuneID == c.ID {
				s.Rows = append(s.Rows, []Cell{Text(loc.T("export.level.point")), Text(p.Code), Text(p.Name),
					Text(c.Code), Text(c.Name), {}, Int(int64(p.Day))})
			}
		}
	}
	return s
}

// GroupsSheet lists groups with what their loans owe.
func GroupsSheet(loc *translations.Localizer, groups []data.GroupLine) Sheet {
	s := Sheet{Name: loc.T("export.sheet.groups"), Columns: []SheetColumn{
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

// BorrowersSheet lists households with their programs and what they owe.
func BorrowersSheet(loc *translations.Localizer, rows []data.BorrowerRow) Sheet {
	s := Sheet{Name: loc.T("export.sheet.borrowers"), Columns: []SheetColumn{
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

// LoansSheet lists loans with what each owes on the list's date.
func LoansSheet(loc *translations.Localizer, loans []data.LoanView) Sheet {
	s := Sheet{Name: loc.T("export.sheet.loans"), Columns: []SheetColumn{
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

// EntriesSheet lists the ledger in posting order.
func EntriesSheet(loc *translations.Localizer, lines []data.LedgerLine) Sheet {
	s := Sheet{Name: loc.T("export.sheet.entries"), Columns: []SheetColumn{
		{Title: loc.T("loans.col.entry_no"), Kind: KindInteger},
		{Title: loc.T("loans.col.value_date"), Kind: KindDate},
		{Title: loc.T("loans.col.kind")},
		{Title: loc.T("loan.col.contract")},
		{Title: loc.T("loans.col.customer")},
		{Title: loc.T("loans.col.borrower")},
		{Title: loc.T("loans.col.amount"), Kind: KindMoney},
		{Title: loc.T("export.col.reverses"), Kind: KindInteger},
		{Title: loc.T("export.col.decision")},
		{Title: loc.T("export.col.decision_date"), Kind: KindDate},
		{Title: loc.T("export.col.ref")},
		{Title: loc.T("export.col.note")},
		{Title: loc.T("export.col.user")},
	}}
	for _, l := range lines {
		reverses := Cell{}
		if l.Reverses != 0 {
			reverses = Int(l.Reverses)
		}
		s.Rows = append(s.Rows, []Cell{Int(l.ID), Day(l.ValueDate), Text(loc.T("entry." + string(l.Kind))),
			Text(l.Contract), Text(l.BorrowerCode), Text(l.BorrowerName), Money(l.Amount), reverses,
			Text(l.Decision), Day(l.DecisionDate), Text(l.Ref), Text(l.Note), Text(l.User)})
	}
	return s
}
