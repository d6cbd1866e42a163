package transfer

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"policycredit/data"
)

// Sheet is a table with the mapping it is read by.
type Sheet struct {
	Table   Table
	Mapping SheetMapping
}

// Problem is a cell or row an import refuses: where it is and why. Column is the header cell
// as the file writes it (empty when the whole row is at fault).
type Problem struct {
	data.Origin
	Column string
	Field  string // the import field key, or the record field the store names
	Err    error
}

// Env is what reading rows needs from the office.
type Env struct {
	Programs []data.Program
	CutOff   data.Date // loans' balances are on this date
}

// Build reads the mapped sheets into one batch. Every cell is read, so that the report lists
// every problem at once, not the first of each row. ctx is checked between rows, and progress
// is told how many rows are read.
func Build(ctx context.Context, sheets []Sheet, env Env, progress func(done, total int)) (*data.ImportBatch, []Problem, error) {
	b := &builder{batch: &data.ImportBatch{CutOff: env.CutOff}, programs: programChoices(env.Programs),
		programByCode: map[string]data.Program{}, seen: map[string]seenRecord{}}
	for _, p := range env.Programs {
		b.programByCode[p.Code] = p
	}
	total := 0
	for _, s := range sheets {
		total += len(s.Table.Rows)
	}
	done := 0
	for _, s := range sheets {
		if s.Mapping.Kind == "" {
			continue
		}
		for _, key := range s.Mapping.Missing() {
			b.problems = append(b.problems, Problem{Origin: data.Origin{Sheet: s.Mapping.Sheet, Line: s.Mapping.HeaderLine},
				Field: key, Err: data.Invalid("import."+key, "import_column_missing")})
		}
		if len(s.Mapping.Missing()) > 0 {
			continue
		}
		given := map[string]bool{}
		for _, c := range s.Mapping.Columns {
			if c != "" {
				given[c] = true
			}
		}
		for _, row := range s.Table.Rows {
			done++
			if row.Line <= s.Mapping.HeaderLine {
				continue
			}
			if done%512 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, nil, err
				}
				if progress != nil {
					progress(done, total)
				}
			}
			r := &rowReader{b: b, sheet: &s, row: row, given: given}
			if r.blank() {
				continue
			}
			switch s.Mapping.Kind {
			case KindPlaces:
				r.place()
			case KindGroups:
				r.group()
			case KindBorrowers:
				r.borrower()
			case KindLoans:
				r.loan()
			case KindEntries:
				r.entry()
			}
		}
	}
	if progress != nil {
		progress(total, total)
	}
	b.nothingRecognised(sheets)
	b.foundedOnFirstLoan()
	b.batch.OfficeOrigin = b.officeOrigin
	return b.batch, b.problems, nil
}

type seenRecord struct {
	origin data.Origin
	value  string // the record as compared: the same key twice must say the same thing
}

type builder struct {
	batch    *data.ImportBatch
	programs choices
	// programByCode gives each program's limit unit and plan, which a loan row may leave out.
	programByCode map[string]data.Program
	problems      []Problem
	seen          map[string]seenRecord // by entity and key
	officeOrigin  data.Origin
}

// once reports whether a record with this key is new to the batch. A second row with the same
// key is a problem when it says something else; when it repeats the first, as the loan rows of
// one household repeat its name, it is simply not taken twice.
func (b *builder) once(r *rowReader, entity, key string, value any) bool {
	v := fmt.Sprintf("%+v", value)
	k := entity + "\x00" + strings.ToUpper(key)
	if first, ok := b.seen[k]; ok {
		if first.value != v {
			err := data.Conflict("import."+entity, "import_duplicate", "Key", key, "Line", first.origin.Line)
			if _, header := r.cell(r.keyField(entity)); header != "" {
				// Name the key's column, as every other problem of a row does.
				r.b.problems = append(r.b.problems, Problem{Origin: r.origin(), Column: header, Field: "import." + entity, Err: err})
				r.bad = true
			} else {
				r.problemRow("import."+entity, err)
			}
		}
		return false
	}
	b.seen[k] = seenRecord{origin: r.origin(), value: v}
	return true
}

// keyField is the column that gives a record's key on the row's sheet.
func (r *rowReader) keyField(entity string) string {
	if r.sheet.Mapping.Kind == KindPlaces {
		return map[string]string{"office": "name", "commune": "code", "village": "code", "point": "code"}[entity]
	}
	return map[string]string{"commune": "commune_code", "village": "village_code", "group": "group_code",
		"borrower": "customer_code", "loan": "contract", "entry": "entry_no"}[entity]
}

// nothingRecognised refuses a file none of whose sheets has column titles the import knows:
// importing nothing from it and saying "done" would let the clerk believe it was read.
func (b *builder) nothingRecognised(sheets []Sheet) {
	for _, s := range sheets {
		if s.Mapping.Kind != "" {
			return
		}
	}
	for _, s := range sheets {
		if len(s.Table.Rows) > 0 {
			b.problems = append(b.problems, Problem{Origin: data.Origin{Sheet: s.Table.Sheet, Line: s.Table.Rows[0].Line},
				Field: "import.file", Err: data.Invalid("import.file", "import_nothing_recognised")})
			return
		}
	}
}

// rowReader reads one row's cells by field.
type rowReader struct {
	b     *builder
	sheet *Sheet
	row   Row
	given map[string]bool
	bad   bool
}

func (r *rowReader) origin() data.Origin {
	return data.Origin{Sheet: r.sheet.Mapping.Sheet, Line: r.row.Line, Given: r.given}
}

func (r *rowReader) blank() bool {
	for i, c := range r.row.Cells {
		if i < len(r.sheet.Mapping.Columns) && r.sheet.Mapping.Columns[i] != "" && strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// cell is the text of the field's column, and the column's header.
func (r *rowReader) cell(key string) (string, string) {
	for i, c := range r.sheet.Mapping.Columns {
		if c == key {
			header := ""
			if i < len(r.sheet.Mapping.Header) {
				header = r.sheet.Mapping.Header[i]
			}
			if i < len(r.row.Cells) {
				return strings.TrimSpace(r.row.Cells[i]), header
			}
			return "", header
		}
	}
	return "", ""
}

func (r *rowReader) has(key string) bool { return r.given[key] }

func (r *rowReader) problem(key string, err error) {
	_, header := r.cell(key)
	var de *data.Error
	if errors.As(err, &de) && de.Field == "value" {
		c := *de
		c.Field = "import." + key
		err = &c
	}
	r.b.problems = append(r.b.problems, Problem{Origin: r.origin(), Column: header, Field: key, Err: err})
	r.bad = true
}

func (r *rowReader) problemRow(field string, err error) {
	r.b.problems = append(r.b.problems, Problem{Origin: r.origin(), Field: field, Err: err})
	r.bad = true
}

func (r *rowReader) text(key string) string {
	s, _ := r.cell(key)
	if len([]rune(s)) > MaxCellLen {
		r.problem(key, data.Invalid("value", "import_too_long", "Max", MaxCellLen))
		return ""
	}
	return s
}

func (r *rowReader) required(key string) string {
	s := r.text(key)
	if s == "" && !r.bad {
		r.problem(key, data.Invalid("import."+key, "required"))
	}
	return s
}

func (r *rowReader) digits(key string) string {
	s := r.text(key)
	if s == "" {
		return ""
	}
	v, err := parseDigits(s, fields[key].Digits)
	if err != nil {
		r.problem(key, err)
	}
	return v
}

func (r *rowReader) date(key string) data.Date {
	s := r.text(key)
	if s == "" {
		return data.Date{}
	}
	d, err := parseDate(s)
	if err != nil {
		r.problem(key, err)
	}
	return d
}

func (r *rowReader) money(key string) data.Dong {
	s := r.text(key)
	if s == "" {
		return 0
	}
	v, err := parseMoney(s)
	if err != nil {
		r.problem(key, err)
	}
	return v
}

func (r *rowReader) integer(key string) int {
	s := r.text(key)
	if s == "" {
		return 0
	}
	v, err := parseInteger(s)
	if err != nil {
		r.problem(key, err)
	}
	return v
}

func (r *rowReader) choice(key string) string {
	s := r.text(key)
	if s == "" {
		return ""
	}
	list := fixedChoices[key]
	if key == "program" {
		list = r.b.programs
	}
	v, ok := list.lookup(s)
	if !ok {
		r.problem(key, data.Invalid("import."+key, "import_choice", "Value", s))
	}
	return v
}

// birthYear reads a year, or the year of a date of birth.
func (r *rowReader) birthYear() int {
	s := r.text("birth_year")
	if s == "" {
		return 0
	}
	if n, err := parseInteger(s); err == nil && n >= 1000 && n < 10000 {
		return n
	}
	d, err := parseDate(s)
	if err != nil {
		r.problem("birth_year", data.Invalid("value", "import_birth_year", "Value", s))
		return 0
	}
	return d.Year()
}

func (r *rowReader) place() {
	level := r.choice("level")
	if level == "office" {
		o := &data.Office{Name: r.required("name"), Branch: r.text("branch"), Province: r.text("province")}
		if !r.bad && r.b.once(r, "office", "", *o) {
			r.b.batch.Office = o
			r.b.officeOrigin = r.origin()
		}
		return
	}
	code, name := r.required("code"), r.required("name")
	communeCode := r.digits("commune_code")
	if level == "" && !r.bad {
		r.problem("level", data.Invalid("import.level", "required"))
	}
	if r.bad {
		return
	}
	o := r.origin()
	switch level {
	case "commune":
		c := data.ImportCommune{Origin: o, Commune: data.Commune{Code: communeCode, Name: name, FormerName: r.text("former_name")}}
		if code != communeCode {
			c.Commune.Code = code // the commune's own code; its commune code column repeats it
		}
		if r.b.once(r, "commune", c.Code, c.Commune) {
			r.b.batch.Communes = append(r.b.batch.Communes, c)
		}
	case "village":
		v := data.ImportVillage{Origin: o, Village: data.Village{Code: code, Name: name}, CommuneCode: communeCode}
		if r.b.once(r, "village", communeCode+"/"+code, v.Village) {
			r.b.batch.Villages = append(r.b.batch.Villages, v)
		}
	case "point":
		p := data.ImportPoint{Origin: o, Point: data.Point{Code: code, Name: name, Day: r.integer("point_day")}, CommuneCode: communeCode}
		for _, v := range strings.Split(r.text("point_villages"), ",") {
			if v = strings.TrimSpace(v); v != "" {
				p.VillageCodes = append(p.VillageCodes, v)
			}
		}
		if !r.bad && r.b.once(r, "point", code, p.Point) {
			r.b.batch.Points = append(r.b.batch.Points, p)
		}
	}
}

func (r *rowReader) group() {
	g := data.ImportGroup{Group: data.Group{Code: r.required("group_code"), Name: r.required("group_name"),
		Association: r.choice("association"), FoundedOn: r.date("founded_on"), Note: r.text("note")},
		CommuneCode: r.digits("commune_code"), VillageCode: r.required("village_code"), LeaderCode: r.text("leader_code"),
		Rating: data.Rating(r.choice("rating")), RatingYear: r.integer("rating_year")}
	g.Status = data.GroupStatus(r.choice("group_status"))
	if g.Status == "" {
		g.Status = data.GroupActive
	}
	if g.Rating != "" && g.RatingYear == 0 && !r.bad {
		r.problem("rating_year", data.Invalid("import.rating_year", "required"))
	}
	if r.bad {
		return
	}
	g.Origin = r.origin()
	if r.b.once(r, "group", g.Code, g.Group) {
		r.b.batch.Groups = append(r.b.batch.Groups, g)
	}
}

func (r *rowReader) borrowerFields() data.ImportBorrower {
	b := data.ImportBorrower{Borrower: data.Borrower{Code: r.required("customer_code"), Name: r.text("customer_name"),
		Gender: data.Gender(r.choice("gender")), BirthYear: r.birthYear(), IDNumber: r.digits("id_number"),
		Phone: r.text("phone"), Category: data.Category(r.choice("category")), Ethnicity: r.text("ethnicity"),
		Note: r.text("note"), Active: r.choice("borrower_status") != "left"},
		CommuneCode: r.digits("commune_code"), VillageCode: r.text("village_code"), GroupCode: r.text("group_code")}
	return b
}

func (r *rowReader) borrower() {
	b := r.borrowerFields()
	if b.Name == "" && r.has("customer_name") && !r.bad {
		r.problem("customer_name", data.Invalid("import.customer_name", "required"))
	}
	if b.VillageCode == "" && r.has("village_code") && !r.bad {
		r.problem("village_code", data.Invalid("import.village_code", "required"))
	}
	if r.bad {
		return
	}
	b.Origin = r.origin()
	if r.b.once(r, "borrower", b.Code, b.Borrower) {
		r.b.batch.Borrowers = append(r.b.batch.Borrowers, b)
	}
}

func (r *rowReader) loan() {
	l := data.ImportLoan{Loan: data.Loan{Contract: r.required("contract"), ProgramCode: r.choice("program"),
		Source: data.FundingSource(r.choice("source")), Purpose: r.text("purpose"), Amount: r.money("amount"),
		Units: r.integer("units"), SignedOn: r.date("signed_on"), TermMonths: r.integer("term"),
		Plan: data.Plan{Kind: data.PlanKind(r.choice("plan")), EveryMonths: r.integer("every_months"),
			GraceMonths: r.integer("grace_months"), CourseEnds: r.date("course_ends")},
		Status: data.LoanStatus(r.choice("loan_status")),
		Outcome: data.Outcome{Jobs: r.integer("jobs"), Houses: r.integer("houses"), WaterWorks: r.integer("water_works"),
			Students: r.integer("students"), StudyMonths: r.integer("study_months")}},
		CustomerCode: r.required("customer_code"), GroupCode: r.text("group_code")}
	if s := r.text("own_rates"); s != "" {
		rates, err := parseRates(s)
		if err != nil {
			r.problem("own_rates", err)
		}
		l.RateOverrides = rates
	}
	if l.Source == "" {
		l.Source = data.SourceCentral
	}
	r.unitsAndStudentPlan(&l.Loan)
	if l.Plan.Kind == "" {
		l.Plan.Kind = data.PlanEqual
	}
	if l.Plan.EveryMonths == 0 && l.Plan.Kind != data.PlanCustom {
		l.Plan.EveryMonths = defaultEveryMonths(l.TermMonths)
	}
	if l.Status == "" {
		l.Status = data.LoanActive
	}
	if r.has("disbursed") || r.has("outstanding") || r.has("current") || r.has("overdue") || r.has("frozen") {
		o := &data.Opening{Disbursed: r.money("disbursed"), Overdue: r.money("overdue"), Frozen: r.money("frozen"),
			HasOverdue: r.has("overdue")}
		if r.has("outstanding") {
			o.Outstanding = r.money("outstanding")
		} else {
			o.Outstanding = r.money("current") + o.Overdue + o.Frozen
		}
		if !r.has("disbursed") {
			// Policy loans are disbursed in full at once: the file that does not say otherwise
			// means the whole amount.
			o.Disbursed = max(l.Amount, o.Outstanding)
		}
		o.InterestDue, o.HasInterest = r.money("interest_due"), r.has("interest_due")
		switch {
		case o.Outstanding > o.Disbursed:
			r.problem("outstanding", data.Invalid("import.outstanding", "import_more_than_disbursed"))
		case o.Disbursed > l.Amount && l.Amount > 0:
			r.problem("disbursed", data.Invalid("import.disbursed", "import_more_than_amount"))
		case o.Overdue+o.Frozen > o.Outstanding:
			r.problem("overdue", data.Invalid("import.overdue", "import_parts_exceed"))
		}
		l.Opening = o
	}
	// The bank's loan file carries the household, its group and its place on every row.
	var b data.ImportBorrower
	withBorrower := r.has("customer_name")
	if withBorrower {
		b = r.borrowerFields()
	}
	var g data.ImportGroup
	withGroup := r.has("group_name") && l.GroupCode != ""
	if withGroup {
		g = data.ImportGroup{Group: data.Group{Code: l.GroupCode, Name: r.text("group_name"), Association: r.choice("association"),
			Status: data.GroupActive}, CommuneCode: r.digits("commune_code"), VillageCode: r.text("village_code")}
	}
	communeCode, villageCode := r.digits("commune_code"), r.text("village_code")
	if r.bad {
		return
	}
	o := r.origin()
	if r.has("commune_name") && communeCode != "" {
		c := data.ImportCommune{Origin: o, Commune: data.Commune{Code: communeCode, Name: r.text("commune_name")}}
		if r.b.once(r, "commune", c.Code, c.Commune) {
			r.b.batch.Communes = append(r.b.batch.Communes, c)
		}
	}
	if r.has("village_name") && communeCode != "" && villageCode != "" {
		v := data.ImportVillage{Origin: o, Village: data.Village{Code: villageCode, Name: r.text("village_name")}, CommuneCode: communeCode}
		if r.b.once(r, "village", communeCode+"/"+villageCode, v.Village) {
			r.b.batch.Villages = append(r.b.batch.Villages, v)
		}
	}
	if withGroup {
		// A loan row names its household's village, not its group's: an existing group keeps
		// its village, and only its name and association follow the file.
		g.Origin = o
		g.Given = map[string]bool{"group_name": r.has("group_name"), "association": r.has("association")}
		if r.b.once(r, "group", g.Code, g.Group) {
			r.b.batch.Groups = append(r.b.batch.Groups, g)
		}
	}
	if withBorrower {
		b.Origin = o
		b.GroupCode = l.GroupCode
		if r.b.once(r, "borrower", b.Code, b.Borrower) {
			r.b.batch.Borrowers = append(r.b.batch.Borrowers, b)
		}
	}
	l.Origin = o
	if r.b.once(r, "loan", l.Contract, l.Loan) {
		r.b.batch.Loans = append(r.b.batch.Loans, l)
	}
}

// unitsAndStudentPlan fills in what a loan row of a program counted per unit may leave out.
// Units: the fewest the amount needs, at least 1 (the bank's loan file has no such column);
// an amount above the program's most units is then refused by the store with the limit. A
// student loan without a plan gets the student plan: the course ends on the row's course_ends,
// else as the program's repayment rule implies from its contract date and term.
func (r *rowReader) unitsAndStudentPlan(l *data.Loan) {
	p, ok := r.b.programByCode[l.ProgramCode]
	if !ok {
		return
	}
	if p.CountsUnits() && r.text("units") == "" {
		l.Units = p.UnitsFor(l.Amount)
	}
	if !p.NeedsStudentPlan() || l.Plan.Kind != "" {
		return
	}
	every := l.Plan.EveryMonths
	if every == 0 {
		every = defaultEveryMonths(l.TermMonths)
	}
	if !l.Plan.CourseEnds.IsZero() {
		l.Plan = data.Plan{Kind: data.PlanStudent, EveryMonths: every, CourseEnds: l.Plan.CourseEnds}
		return
	}
	plan, ok := data.StudentPlanFromTerm(l.SignedOn, l.TermMonths, every)
	if !ok {
		r.problem("course_ends", data.Invalid("loan.plan.course_ends", "import_student_plan", "Program", p.Code))
		return
	}
	l.Plan = plan
}

// defaultEveryMonths is how often a loan repays when its file does not say: quarterly, the
// usual plan, or once at maturity for a loan shorter than a quarter.
func defaultEveryMonths(term int) int {
	if term > 0 && term < 3 {
		return 1
	}
	return 3
}

func (r *rowReader) entry() {
	e := data.ImportEntry{Entry: data.Entry{Kind: data.EntryKind(r.choice("entry_kind")), ValueDate: r.date("value_date"),
		Amount: r.money("entry_amount"), Installment: r.integer("installment"), NewDate: r.date("new_date"),
		Decision: r.text("decision"), DecisionDate: r.date("decision_date"), Ref: r.text("ref"), Note: r.text("note")},
		Key: r.text("entry_no"), Contract: r.text("contract"), CustomerCode: r.required("customer_code"),
		ReversesKey: r.text("reverses")}
	if e.Kind == "" && !r.bad {
		r.problem("entry_kind", data.Invalid("import.entry_kind", "required"))
	}
	if e.ValueDate.IsZero() && !r.bad {
		r.problem("value_date", data.Invalid("import.value_date", "required"))
	}
	if e.Kind == data.EntryReversal && e.ReversesKey == "" && !r.bad {
		r.problem("reverses", data.Invalid("import.reverses", "required"))
	}
	if r.bad {
		return
	}
	e.Origin = r.origin()
	if e.Key != "" && !r.b.once(r, "entry", e.Key, e.Entry) {
		return
	}
	r.b.batch.Entries = append(r.b.batch.Entries, e)
}

// foundedOnFirstLoan dates a group the bank's loan file brings, which says nothing of its
// founding, by its first loan: a group lends only once it is founded.
func (b *builder) foundedOnFirstLoan() {
	first := map[string]data.Date{}
	for _, l := range b.batch.Loans {
		k := strings.ToUpper(l.GroupCode)
		if d, ok := first[k]; l.GroupCode != "" && (!ok || l.SignedOn.Before(d)) {
			first[k] = l.SignedOn
		}
	}
	for i := range b.batch.Groups {
		g := &b.batch.Groups[i]
		if g.FoundedOn.IsZero() && !g.Given["founded_on"] {
			g.FoundedOn = first[strings.ToUpper(g.Code)]
		}
	}
}
