package transfer

import (
	"errors"
	"sort"

	"policycredit/data"
	"policycredit/reports"
	"policycredit/translations"
)

// ProblemLine is one refused row as the clerk reads it: where, which column, why.
type ProblemLine struct {
	Sheet   string
	Line    int
	Column  string
	Message string
}

// ProblemLines puts the problems found reading the rows and those the store found applying
// them in file order, each with its translated reason. The store names record fields
// ("borrower.id_number"); the column is then the header cell that field came from, when the
// sheet has one.
func ProblemLines(loc *translations.Localizer, sheets []Sheet, read []Problem, applied []data.ImportProblem) []ProblemLine {
	var out []ProblemLine
	for _, p := range read {
		out = append(out, ProblemLine{Sheet: p.Sheet, Line: p.Line, Column: p.Column, Message: message(loc, p.Err)})
	}
	for _, p := range applied {
		out = append(out, ProblemLine{Sheet: p.Sheet, Line: p.Line, Column: columnOf(sheets, p.Sheet, p.Field),
			Message: message(loc, p.Err)})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Sheet != out[j].Sheet {
			return sheetOrder(sheets, out[i].Sheet) < sheetOrder(sheets, out[j].Sheet)
		}
		return out[i].Line < out[j].Line
	})
	return out
}

func sheetOrder(sheets []Sheet, name string) int {
	for i, s := range sheets {
		if s.Mapping.Sheet == name {
			return i
		}
	}
	return len(sheets)
}

func message(loc *translations.Localizer, err error) string {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe.Text(loc)
	}
	return loc.Error(err)
}

// Text is the problem as a clerk reads it, in loc's language.
func (e *FileError) Text(loc *translations.Localizer) string { return loc.T(e.ID, e.Args...) }

// recordColumns names the import column a store's record field comes from.
var recordColumns = map[string]string{
	"commune.code": "commune_code", "commune.name": "commune_name", "commune.former_name": "former_name",
	"village.code": "village_code", "village.name": "village_name", "village.commune": "commune_code",
	"point.code": "code", "point.name": "name", "point.day": "point_day", "point.villages": "point_villages",
	"group.code": "group_code", "group.name": "group_name", "group.village": "village_code",
	"group.association": "association", "group.founded_on": "founded_on", "group.leader": "leader_code",
	"group.status": "group_status", "rating.year": "rating_year", "rating.rating": "rating",
	"borrower.code": "customer_code", "borrower.name": "customer_name", "borrower.gender": "gender",
	"borrower.birth_year": "birth_year", "borrower.id_number": "id_number", "borrower.phone": "phone",
	"borrower.category": "category", "borrower.ethnicity": "ethnicity", "borrower.village": "village_code",
	"borrower.group": "group_code", "borrower.status": "borrower_status",
	"loan.contract": "contract", "loan.program": "program", "loan.source": "source", "loan.purpose": "purpose",
	"loan.amount": "amount", "loan.signed_on": "signed_on", "loan.term": "term", "loan.plan.every": "every_months",
	"loan.plan.grace": "grace_months", "loan.plan.course_ends": "course_ends", "loan.borrower": "customer_code",
	"loan.group": "group_code", "loan.rates": "own_rates", "loan.plan": "plan", "loan.units": "units",
	"loan.units.study_month": "units", "loan.units.worker": "units", "loan.units.facility": "units",
	"loan.outcome.jobs": "jobs", "loan.outcome.houses": "houses", "loan.outcome.water_works": "water_works",
	"loan.outcome.students": "students", "loan.outcome.study_months": "study_months",
	"entry.value_date": "value_date", "entry.kind": "entry_kind", "entry.amount": "entry_amount",
	"entry.loan": "contract", "entry.borrower": "customer_code", "entry.installment": "installment",
	"entry.new_date": "new_date", "entry.decision": "decision", "entry.decision_date": "decision_date",
	"entry.reverses": "reverses",
}

func columnOf(sheets []Sheet, sheet, field string) string {
	key := field
	if k, ok := recordColumns[field]; ok {
		key = k
	} else if len(field) > len("import.") && field[:len("import.")] == "import." {
		key = field[len("import."):]
	}
	for _, s := range sheets {
		if s.Mapping.Sheet != sheet {
			continue
		}
		for i, c := range s.Mapping.Columns {
			if c == key && i < len(s.Mapping.Header) {
				return s.Mapping.Header[i]
			}
		}
	}
	return ""
}

// ProblemsSheet is the dry run's report as a sheet, to save as xlsx or CSV.
func ProblemsSheet(loc *translations.Localizer, lines []ProblemLine) reports.Table {
	s := reports.Table{Name: loc.T("import.problems.sheet"), Columns: []reports.Column{
		{Title: loc.T("import.problems.col.sheet")},
		{Title: loc.T("import.problems.col.line"), Kind: reports.KindInteger},
		{Title: loc.T("import.problems.col.column")},
		{Title: loc.T("import.problems.col.reason")},
	}}
	for _, l := range lines {
		s.Rows = append(s.Rows, []reports.Cell{reports.Text(l.Sheet), reports.Int(int64(l.Line)), reports.Text(l.Column),
			reports.Text(l.Message)})
	}
	return s
}
