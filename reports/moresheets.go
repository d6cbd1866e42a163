package reports

import (
	"io"

	"policycredit/data"
	"policycredit/translations"
)

// The collection list, the day report and the statements as typed sheets: the same rows and
// columns as their CSV files, with amounts as exact đồng and dates as real dates, for xlsx.

// Sheet is one row per member with the point and date on every row and empty columns for what
// is collected, like the CSV that is filled in and read back.
func (c CollectionSheet) Sheet(loc *translations.Localizer) Sheet {
	money := func(id string) SheetColumn { return SheetColumn{Title: loc.T(id), Kind: KindMoney} }
	sh := Sheet{Name: loc.T("report.sheet.collection"), Columns: []SheetColumn{
		{Title: loc.T("report.collection.col.point")},
		{Title: loc.T("report.collection.col.date"), Kind: KindDate},
		{Title: loc.T("report.collection.col.group")},
		{Title: loc.T("report.collection.col.customer")},
		{Title: loc.T("report.collection.col.name")},
		money("report.collection.col.principal_due"),
		money("report.collection.col.interest_due"),
		money("report.collection.col.penalty_due"),
		money("report.collection.col.savings"),
		money("report.collection.col.paid_principal"),
		money("report.collection.col.paid_interest"),
		money("report.collection.col.paid_penalty"),
		money("report.collection.col.deposit"),
		money("report.collection.col.withdrawal"),
	}}
	for _, g := range c.List.Groups {
		for _, m := range g.Members {
			row := make([]Cell, len(sh.Columns)) // the paid columns stay empty, to be filled in
			copy(row, []Cell{Text(c.List.PointCode), Day(c.List.Date), Text(g.Code), Text(m.Customer), Text(m.Name),
				Money(m.Due.Principal), Money(m.Due.Interest), Money(m.Due.Penalty), Money(m.Savings)})
			sh.Rows = append(sh.Rows, row)
		}
	}
	return sh
}

// WriteXLSX writes the collection list as a workbook of one sheet.
func (c CollectionSheet) WriteXLSX(w io.Writer, loc *translations.Localizer) error {
	return WriteXLSX(w, c.Sheet(loc))
}

// Sheet is one row per group, like the CSV; an uncounted group's count is empty.
func (s DaySheet) Sheet(loc *translations.Localizer) Sheet {
	money := func(id string) SheetColumn { return SheetColumn{Title: loc.T(id), Kind: KindMoney} }
	sh := Sheet{Name: loc.T("report.sheet.day"), Columns: []SheetColumn{
		{Title: loc.T("report.collection.col.group")},
		{Title: loc.T("report.collection.col.group_name")},
		money("report.day.col.principal"),
		money("report.day.col.interest"),
		money("report.day.col.penalty"),
		money("report.day.col.deposits"),
		money("report.day.col.withdrawals"),
		money("report.day.col.disbursed"),
		money("report.day.col.cash_expected"),
		money("report.day.col.cash_counted"),
	}}
	for _, g := range s.Report.Groups {
		f := g.Figures
		var count Cell
		if g.HasCount {
			count = Money(g.Counted)
		}
		sh.Rows = append(sh.Rows, []Cell{Text(g.Code), Text(g.Name), Money(f.Collected.Principal), Money(f.Collected.Interest),
			Money(f.Collected.Penalty), Money(f.Deposits), Money(f.Withdrawals), Money(f.Disbursed), Money(f.CollectionCash()), count})
	}
	return sh
}

// WriteXLSX writes the day report as a workbook of one sheet.
func (s DaySheet) WriteXLSX(w io.Writer, loc *translations.Localizer) error {
	return WriteXLSX(w, s.Sheet(loc))
}

// Sheet is one row per ledger line of every loan of the household, like the CSV.
func (s StatementSheet) Sheet(loc *translations.Localizer) Sheet {
	return StatementsSheet([]data.Statement{s.Statement}, loc)
}

// WriteXLSX writes the statement as a workbook of one sheet.
func (s StatementSheet) WriteXLSX(w io.Writer, loc *translations.Localizer) error {
	return WriteXLSX(w, s.Sheet(loc))
}

// StatementsSheet is the ledger lines of several households under one header, like
// WriteStatementsCSV.
func StatementsSheet(sts []data.Statement, loc *translations.Localizer) Sheet {
	sh := Sheet{Name: loc.T("report.sheet.statement"), Columns: []SheetColumn{
		{Title: loc.T("report.collection.col.customer")},
		{Title: loc.T("report.collection.col.name")},
		{Title: loc.T("report.statement.col.contract")},
		{Title: loc.T("report.collection.col.program")},
		{Title: loc.T("report.statement.col.id"), Kind: KindInteger},
		{Title: loc.T("report.statement.col.date"), Kind: KindDate},
		{Title: loc.T("report.statement.col.entry")},
		{Title: loc.T("report.statement.col.amount"), Kind: KindMoney},
		{Title: loc.T("report.statement.col.balance"), Kind: KindMoney},
		{Title: loc.T("report.statement.col.reversed")},
		{Title: loc.T("report.statement.col.ref")},
	}}
	for _, st := range sts {
		h := st.Household
		for _, l := range st.Loans {
			for _, e := range l.Entries {
				rev := ""
				if e.Reversed {
					rev = "*"
				}
				sh.Rows = append(sh.Rows, []Cell{Text(h.Code), Text(h.Name), Text(l.Loan.Contract), Text(l.Loan.ProgramCode),
					Int(e.ID), Day(e.ValueDate), Text(loc.T("entry." + string(e.Kind))), Money(e.Amount), Money(e.Balance),
					Text(rev), Text(e.Ref)})
			}
		}
	}
	return sh
}

// WriteStatementsXLSX writes the ledger lines of several households as a workbook of one sheet.
func WriteStatementsXLSX(w io.Writer, sts []data.Statement, loc *translations.Localizer) error {
	return WriteXLSX(w, StatementsSheet(sts, loc))
}
