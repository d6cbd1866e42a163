package transfer

import (
	"policycredit/data"
	"policycredit/reports"
	"policycredit/translations"
)

// The capital ledger's sheet (local-budget capital, Directive 40-CT/TW): export writes it
// after the entries, import reads it apart from the other sheets, since its rows are the
// capital ledger's, not the office's records, and a template gives its columns.

// KindCapital names the capital sheet's template (`import --template capital`); the sheet is
// not one of Kinds, whose rows are the office's records.
const KindCapital Kind = "capital"

// capitalColumns are the sheet's columns, by translation ID of their titles.
var capitalColumns = []struct {
	id   string
	kind reports.Kind
}{
	{"capital.sheet.no", reports.KindInteger},
	{"capital.col.level", reports.KindText},
	{"capital.col.pool", reports.KindText},
	{"capital.sheet.commune", reports.KindText},
	{"capital.sheet.kind", reports.KindText},
	{"capital.sheet.date", reports.KindDate},
	{"capital.sheet.amount", reports.KindMoney},
	{"capital.sheet.decision", reports.KindText},
	{"capital.sheet.reverses", reports.KindInteger},
	{"capital.sheet.note", reports.KindText},
}

func capitalSheetColumns(loc *translations.Localizer) []reports.Column {
	out := make([]reports.Column, len(capitalColumns))
	for i, c := range capitalColumns {
		out[i] = reports.Column{Title: loc.T(c.id), Kind: c.kind}
	}
	return out
}

// CapitalSheet lists the capital ledger in posting order, each entry with its pool.
func (o Office) CapitalSheet(loc *translations.Localizer) reports.Table {
	s := reports.Table{Name: loc.T("capital.report.sheet"), Columns: capitalSheetColumns(loc)}
	code, _ := o.placeCodes()
	byID := map[int64]data.CapitalPool{}
	for _, p := range o.CapitalPools {
		byID[p.ID] = p
	}
	for _, e := range o.CapitalEntries {
		p := byID[e.PoolID]
		reverses := reports.Cell{}
		if e.Reverses != 0 {
			reverses = reports.Int(e.Reverses)
		}
		s.Rows = append(s.Rows, []reports.Cell{reports.Int(e.ID), reports.Text(loc.T("capital.level." + string(p.Level))),
			reports.Text(p.Giver), reports.Text(code[p.CommuneID]), reports.Text(loc.T("capital.kind." + string(e.Kind))),
			reports.Day(e.On), reports.Money(e.Amount), reports.Text(e.Decision), reverses, reports.Text(e.Note)})
	}
	return s
}

// CapitalTemplate is a blank capital sheet with an example row.
func CapitalTemplate(loc *translations.Localizer) reports.Table {
	s := reports.Table{Name: loc.T("capital.report.sheet"), Columns: capitalSheetColumns(loc)}
	var levels, kinds []string
	for _, l := range data.CapitalLevels {
		levels = append(levels, loc.T("capital.level."+string(l)))
	}
	for _, k := range []data.CapitalKind{data.CapitalTransfer, data.CapitalReturn} {
		kinds = append(kinds, loc.T("capital.kind."+string(k)))
	}
	s.Columns[1].Choices, s.Columns[4].Choices = levels, kinds
	s.Rows = [][]reports.Cell{{reports.Int(1), reports.Text(levels[0]), reports.Text("Ủy ban nhân dân tỉnh Nghệ An"), {},
		reports.Text(kinds[0]), reports.Day(data.MustDate("2026-01-15")), reports.Money(500_000_000),
		reports.Text("125/QĐ-UBND"), {}, {}}}
	return s
}

// capitalChoices read a level or a kind by its code or its name in any language.
var capitalChoices = func() map[string]choices {
	level, kind := choices{}, choices{}
	for _, l := range data.CapitalLevels {
		level.add(string(l))
		level.addTitles(string(l), "capital.level."+string(l))
	}
	level.add(string(data.CapitalProvince), "tỉnh")
	level.add(string(data.CapitalDistrict), "huyện")
	for _, k := range []data.CapitalKind{data.CapitalTransfer, data.CapitalReturn, data.CapitalReversal} {
		kind.add(string(k))
		kind.addTitles(string(k), "capital.kind."+string(k))
	}
	return map[string]choices{"level": level, "kind": kind}
}()

// capitalHeader finds a capital sheet's header: the row naming most of the columns, in any of
// the languages. It gives each column's index by translation ID, or nil.
func capitalHeader(t Table) (line int, at map[string]int) {
	titles := map[string]string{}
	for _, c := range capitalColumns {
		for _, lang := range translations.Languages() {
			titles[headerKey(translations.New(lang).T(c.id))] = c.id
		}
	}
	for i, row := range t.Rows {
		if i >= headerSearchRows {
			break
		}
		found := map[string]int{}
		for j, cell := range row.Cells {
			if id, ok := titles[headerKey(cell)]; ok {
				if _, dup := found[id]; !dup {
					found[id] = j
				}
			}
		}
		// A capital sheet names at least its kind, date, amount, decision and giver.
		need := []string{"capital.sheet.kind", "capital.sheet.date", "capital.sheet.amount", "capital.sheet.decision", "capital.col.pool"}
		ok := true
		for _, id := range need {
			_, has := found[id]
			ok = ok && has
		}
		if ok {
			return row.Line, found
		}
	}
	return 0, nil
}

// TakeCapital takes the capital sheets out of f, for the office's import not to see them, and
// reads their rows; problems name each row it cannot read. found says whether f had one.
func TakeCapital(f *File, loc *translations.Localizer) (rows []data.CapitalRow, problems []ProblemLine, found bool) {
	var rest []Sheet
	for _, sh := range f.Sheets {
		header, at := capitalHeader(sh.Table)
		if header == 0 {
			rest = append(rest, sh)
			continue
		}
		found = true
		titleOf := func(id string) string { return loc.T(id) }
		for _, row := range sh.Table.Rows {
			if row.Line <= header {
				continue
			}
			cell := func(id string) string {
				if j, ok := at[id]; ok && j < len(row.Cells) {
					return row.Cells[j]
				}
				return ""
			}
			blank := true
			for _, c := range row.Cells {
				blank = blank && c == ""
			}
			if blank {
				continue
			}
			bad := func(id string, err error) {
				problems = append(problems, ProblemLine{Sheet: sh.Table.Sheet, Line: row.Line, Column: titleOf(id), Message: message(loc, err)})
			}
			r := data.CapitalRow{Origin: data.Origin{Sheet: sh.Table.Sheet, Line: row.Line}, Giver: cell("capital.col.pool"),
				CommuneCode: cell("capital.sheet.commune"), Decision: cell("capital.sheet.decision"), Note: cell("capital.sheet.note")}
			if s := cell("capital.sheet.no"); s != "" {
				n, err := parseInteger(s)
				if err != nil {
					bad("capital.sheet.no", err)
				}
				r.No = int64(n)
			}
			if s := cell("capital.sheet.reverses"); s != "" {
				n, err := parseInteger(s)
				if err != nil {
					bad("capital.sheet.reverses", err)
				}
				r.Reverses = int64(n)
			}
			if v, ok := capitalChoices["kind"].lookup(cell("capital.sheet.kind")); ok {
				r.Kind = data.CapitalKind(v)
			} else {
				bad("capital.sheet.kind", data.Invalid("value", "one_of", "Value", cell("capital.sheet.kind")))
			}
			if r.Kind != data.CapitalReversal {
				if v, ok := capitalChoices["level"].lookup(cell("capital.col.level")); ok {
					r.Level = data.CapitalLevel(v)
				} else {
					bad("capital.col.level", data.Invalid("value", "one_of", "Value", cell("capital.col.level")))
				}
			}
			var err error
			if r.On, err = parseDate(cell("capital.sheet.date")); err != nil {
				bad("capital.sheet.date", err)
			}
			if r.Amount, err = parseMoney(cell("capital.sheet.amount")); err != nil {
				bad("capital.sheet.amount", err)
			}
			rows = append(rows, r)
		}
	}
	f.Sheets = rest
	return rows, problems, found
}
