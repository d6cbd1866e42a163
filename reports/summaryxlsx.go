package reports

import (
	"io"

	"policycredit/data"
	"policycredit/translations"
)

// The summary reports as xlsx: the same rows and columns as their CSV files, typed, so that
// amounts are exact đồng a spreadsheet can sum, ratios percentages and dates real dates.
// The unit of the printed report does not apply: a spreadsheet formats whole đồng itself.

// figureSheetColumns are the typed columns of figureHeaders.
func figureSheetColumns(loc *translations.Localizer) []SheetColumn {
	kinds := []Kind{KindInteger, KindInteger, KindMoney, KindMoney, KindMoney, KindMoney, KindPercent, KindMoney}
	var out []SheetColumn
	for i, h := range figureHeaders(loc) {
		out = append(out, SheetColumn{Title: h, Kind: kinds[i]})
	}
	return out
}

// figureSheetRow is figureRow as typed cells.
func figureSheetRow(f data.SummaryFigures) []Cell {
	num, den := f.OverdueRatio()
	return []Cell{Int(int64(f.Households)), Int(int64(f.Loans)), Money(f.Current), Money(f.Overdue), Money(f.Frozen),
		Money(f.Outstanding()), Ratio(int64(num), int64(den)), Money(f.Change())}
}

func textColumns(titles ...string) []SheetColumn {
	out := make([]SheetColumn, len(titles))
	for i, t := range titles {
		out[i] = SheetColumn{Title: t}
	}
	return out
}

// Sheet is the commune summary as one table under a section column, like its CSV: programs,
// associations, sources, groups, savings, then the totals.
func (c CommuneSheet) Sheet(loc *translations.Localizer) Sheet {
	s := c.Summary
	sh := Sheet{Name: loc.T("report.sheet.commune"), Columns: append(textColumns(loc.T("summary.col.section"),
		loc.T("summary.col.code"), loc.T("summary.col.name")), figureSheetColumns(loc)...)}
	// a line with only some figures: the rest of its cells stay empty, as in the CSV.
	partial := func(section, code, name string, at map[int]data.Dong) []Cell {
		row := make([]Cell, len(sh.Columns))
		row[0], row[1], row[2] = Text(section), Text(code), Text(name)
		for i, d := range at {
			row[i] = Money(d)
		}
		return row
	}
	const colOverdue, colOutstanding = 6, 8
	for _, p := range s.Programs {
		sh.Rows = append(sh.Rows, append([]Cell{Text(loc.T("summary.col.program")), Text(p.Code), Text(c.ProgramNames[p.Code])},
			figureSheetRow(p.SummaryFigures)...))
	}
	for _, a := range s.Associations {
		sh.Rows = append(sh.Rows, append([]Cell{Text(loc.T("summary.col.association")), Text(a.Code), Text(associationName(loc, a.Code))},
			figureSheetRow(a.SummaryFigures)...))
	}
	for _, src := range s.Sources {
		sh.Rows = append(sh.Rows, partial(loc.T("summary.col.source"), string(src.Source), loc.T("source."+string(src.Source)),
			map[int]data.Dong{colOutstanding: src.Outstanding}))
	}
	for _, g := range s.Groups {
		name := g.Name
		if g.ID == 0 {
			name = loc.T("summary.no_group")
		}
		sh.Rows = append(sh.Rows, partial(loc.T("summary.col.group"), g.Code, name,
			map[int]data.Dong{colOverdue: g.Overdue, colOutstanding: g.Outstanding}))
	}
	sh.Rows = append(sh.Rows, partial(loc.T("summary.col.savings"), "", "", map[int]data.Dong{colOutstanding: s.Savings}))
	sh.Rows = append(sh.Rows, append([]Cell{Text(loc.T("summary.total")), Text(s.Code), Text(s.Name)}, figureSheetRow(s.Totals)...))
	return sh
}

// WriteXLSX writes the commune summary as a workbook of one sheet.
func (c CommuneSheet) WriteXLSX(w io.Writer, loc *translations.Localizer) error {
	return WriteXLSX(w, c.Sheet(loc))
}

// Sheet is one row per commune and the totals, like the CSV.
func (o OfficeSheet) Sheet(loc *translations.Localizer) Sheet {
	sh := Sheet{Name: loc.T("report.sheet.office"), Columns: append(textColumns(loc.T("summary.col.code"),
		loc.T("summary.col.commune")), figureSheetColumns(loc)...)}
	for _, c := range o.Summary.Communes {
		sh.Rows = append(sh.Rows, append([]Cell{Text(c.Code), Text(c.Name)}, figureSheetRow(c.SummaryFigures)...))
	}
	sh.Rows = append(sh.Rows, append([]Cell{{}, Text(loc.T("summary.total"))}, figureSheetRow(o.Summary.Totals)...))
	return sh
}

// WriteXLSX writes the office summary as a workbook of one sheet.
func (o OfficeSheet) WriteXLSX(w io.Writer, loc *translations.Localizer) error {
	return WriteXLSX(w, o.Sheet(loc))
}

// Sheet is one row per overdue loan, like the CSV.
func (o OverdueSheet) Sheet(loc *translations.Localizer) Sheet {
	sh := Sheet{Name: loc.T("report.sheet.overdue"), Columns: []SheetColumn{
		{Title: loc.T("summary.col.contract")},
		{Title: loc.T("summary.col.customer")},
		{Title: loc.T("summary.col.name")},
		{Title: loc.T("summary.col.commune_code")},
		{Title: loc.T("summary.col.group")},
		{Title: loc.T("summary.col.program_code")},
		{Title: loc.T("summary.col.days"), Kind: KindInteger},
		{Title: loc.T("summary.col.overdue"), Kind: KindMoney},
		{Title: loc.T("summary.col.outstanding"), Kind: KindMoney},
		{Title: loc.T("summary.col.cause")},
	}}
	for _, x := range o.List.Loans {
		sh.Rows = append(sh.Rows, []Cell{Text(x.Contract), Text(x.Customer), Text(x.Name), Text(x.CommuneCode), Text(x.GroupCode),
			Text(x.ProgramCode), Int(int64(x.DaysOverdue)), Money(x.Overdue), Money(x.Outstanding), Text(x.Note)})
	}
	return sh
}

// WriteXLSX writes the overdue list as a workbook of one sheet.
func (o OverdueSheet) WriteXLSX(w io.Writer, loc *translations.Localizer) error {
	return WriteXLSX(w, o.Sheet(loc))
}

// Sheet is one row per loan, like the CSV: no ID numbers or phones, as on the notice board.
func (s DisclosureSheet) Sheet(loc *translations.Localizer) Sheet {
	sh := Sheet{Name: loc.T("report.sheet.disclosure"), Columns: []SheetColumn{
		{Title: loc.T("summary.col.name")},
		{Title: loc.T("summary.col.village")},
		{Title: loc.T("summary.col.group")},
		{Title: loc.T("summary.col.program_code")},
		{Title: loc.T("summary.col.amount"), Kind: KindMoney},
		{Title: loc.T("summary.col.balance"), Kind: KindMoney},
		{Title: loc.T("summary.col.next_due"), Kind: KindDate},
	}}
	for _, x := range s.List.Loans {
		sh.Rows = append(sh.Rows, []Cell{Text(x.Name), Text(x.Village), Text(x.GroupCode), Text(x.ProgramCode),
			Money(x.Amount), Money(x.Balance), Day(x.NextDue)})
	}
	return sh
}

// WriteXLSX writes the disclosure list as a workbook of one sheet.
func (s DisclosureSheet) WriteXLSX(w io.Writer, loc *translations.Localizer) error {
	return WriteXLSX(w, s.Sheet(loc))
}
