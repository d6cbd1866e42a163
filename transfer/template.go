package transfer

import (
	"policycredit/data"
	"policycredit/reports"
	"policycredit/translations"
)

// templateExamples are the example rows of the blank templates, by field. Choice fields get
// the first value of their list in the template's language instead.
var templateExamples = map[string]string{
	"code": "16000-01", "name": "Thôn Đông", "commune_code": "16000", "commune_name": "Xã Thượng Phú",
	"former_name": "", "point_day": "18", "point_villages": "16000-01, 16000-02",
	"village_code": "16000-01", "village_name": "Thôn Đông", "group_code": "16000-T01",
	"group_name": "Tổ TK&VV thôn Đông", "leader_code": "38180000187", "founded_on": "2019-03-15",
	"rating_year": "2025", "customer_code": "38180000187", "customer_name": "Phan Hữu Nam",
	"birth_year": "1980", "id_number": "038080000574", "phone": "0912345678", "ethnicity": "Kinh",
	"note": "", "contract": "16000/2025/0001", "purpose": "Chăn nuôi bò", "amount": "50000000",
	"units": "", "jobs": "", "houses": "", "water_works": "", "students": "", "study_months": "", "signed_on": "2025-03-18", "term": "36", "every_months": "3", "grace_months": "0", "course_ends": "",
	"own_rates": "", "disbursed": "50000000", "current": "40000000", "overdue": "0", "frozen": "0",
	"outstanding": "40000000", "entry_no": "1", "value_date": "2025-06-18", "entry_amount": "5000000",
	"installment": "", "new_date": "", "decision": "", "decision_date": "", "reverses": "", "ref": "",
}

// templateChoices lists a choice field's values as the template's drop-down offers them, in
// the template's language; the import reads them back in any language.
func templateChoices(loc *translations.Localizer, key string, programs []data.Program) []string {
	var out []string
	titles := func(prefix string, values ...string) {
		for _, v := range values {
			out = append(out, loc.T(prefix+v))
		}
	}
	switch key {
	case "level":
		titles("export.level.", "office", "commune", "village", "point")
	case "association":
		for _, a := range data.Associations {
			out = append(out, loc.Association(a.Code))
		}
	case "rating":
		for _, r := range data.Ratings {
			out = append(out, loc.T("rating."+string(r)))
		}
	case "group_status":
		titles("status.", "active", "closed")
	case "gender":
		titles("gender.", "male", "female")
	case "category":
		for _, c := range data.Categories {
			out = append(out, loc.T("category."+string(c)))
		}
	case "borrower_status":
		titles("borrower.status.", "active", "left")
	case "program":
		for _, p := range programs {
			out = append(out, p.Code)
		}
	case "source":
		for _, s := range data.FundingSources {
			out = append(out, loc.T("source."+string(s)))
		}
	case "plan":
		titles("loans.plan.", "equal", "student")
	case "loan_status":
		titles("status.", "current", "repaid", "written_off")
	case "entry_kind":
		for _, k := range data.Kinds {
			out = append(out, loc.T(k.Label))
		}
	}
	return out
}

// Template is a blank sheet for one kind of import: the columns' titles in the clerk's
// language, one example row, and a drop-down list on every column of a fixed list (programs
// by code, associations, categories, …).
func Template(loc *translations.Localizer, kind Kind, programs []data.Program) reports.Table {
	s := reports.Table{Name: loc.T("import.kind." + string(kind))}
	var example []reports.Cell
	for _, f := range FieldsOf(kind) {
		c := columns(loc, f.Key)[0]
		value := templateExamples[f.Key]
		if f.Type == TypeChoice {
			c.Choices = templateChoices(loc, f.Key, programs)
			if len(c.Choices) > 0 {
				value = c.Choices[0]
			}
		}
		if f.Key == "level" {
			value = loc.T("export.level.village")
		}
		s.Columns = append(s.Columns, c)
		example = append(example, exampleCell(c.Kind, value))
	}
	s.Rows = [][]reports.Cell{example}
	return s
}

// exampleCell types an example as its column is typed: a real date, a number, an amount.
func exampleCell(kind reports.Kind, value string) reports.Cell {
	switch kind {
	case reports.KindDate:
		if d, err := parseDate(value); err == nil {
			return reports.Day(d)
		}
	case reports.KindMoney:
		if v, err := parseMoney(value); err == nil && value != "" {
			return reports.Money(v)
		}
	case reports.KindInteger:
		if n, err := parseInteger(value); err == nil && value != "" {
			return reports.Int(int64(n))
		}
	}
	return reports.Text(value)
}
