package data

// Outcome is what a loan achieves, as its program asks (the figures Directive 40-CT/TW reviews
// quote): workers whose jobs it creates or keeps, houses built or repaired, clean-water works
// and latrines, students financed and their months of study. Zero: nothing recorded.
type Outcome struct {
	Jobs        int
	Houses      int
	WaterWorks  int
	Students    int
	StudyMonths int
}

// OutcomeKind names one figure of an Outcome.
type OutcomeKind string

const (
	OutcomeJobs        OutcomeKind = "jobs"
	OutcomeHouses      OutcomeKind = "houses"
	OutcomeWaterWorks  OutcomeKind = "water_works"
	OutcomeStudents    OutcomeKind = "students"
	OutcomeStudyMonths OutcomeKind = "study_months"
)

// OutcomeKinds lists every outcome figure in the order forms and reports show them.
var OutcomeKinds = []OutcomeKind{OutcomeJobs, OutcomeHouses, OutcomeWaterWorks, OutcomeStudents, OutcomeStudyMonths}

// outcomeKindsByProgram is what each program's loans record: job creation (03), workers
// abroad (04) and people released after a prison sentence (26) count workers; poor
// households' housing (07), social housing (12) and the ethnic-minority programme, whose loans
// are mostly for housing (28), count houses; clean water (06) counts works and latrines;
// students (02) count students and months of study. Other programs record none.
var outcomeKindsByProgram = map[string][]OutcomeKind{
	"02": {OutcomeStudents, OutcomeStudyMonths},
	"03": {OutcomeJobs}, "04": {OutcomeJobs}, "26": {OutcomeJobs},
	"06": {OutcomeWaterWorks},
	"07": {OutcomeHouses}, "12": {OutcomeHouses}, "28": {OutcomeHouses},
}

// OutcomeKindsFor lists the outcome figures a program's loans record, in OutcomeKinds order.
func OutcomeKindsFor(programCode string) []OutcomeKind { return outcomeKindsByProgram[programCode] }

// PovertyPrograms lend to poor households and those just above or out of poverty (01, 19, 09,
// and 07 housing for poor households): the review counts the households of their loans that
// left poverty.
var PovertyPrograms = []string{"01", "19", "09", "07"}

// Get is one figure of the outcome.
func (o Outcome) Get(k OutcomeKind) int {
	switch k {
	case OutcomeJobs:
		return o.Jobs
	case OutcomeHouses:
		return o.Houses
	case OutcomeWaterWorks:
		return o.WaterWorks
	case OutcomeStudents:
		return o.Students
	case OutcomeStudyMonths:
		return o.StudyMonths
	}
	return 0
}

// Set sets one figure of the outcome.
func (o *Outcome) Set(k OutcomeKind, n int) {
	switch k {
	case OutcomeJobs:
		o.Jobs = n
	case OutcomeHouses:
		o.Houses = n
	case OutcomeWaterWorks:
		o.WaterWorks = n
	case OutcomeStudents:
		o.Students = n
	case OutcomeStudyMonths:
		o.StudyMonths = n
	}
}

// Add adds another outcome's figures to o.
func (o *Outcome) Add(p Outcome) {
	for _, k := range OutcomeKinds {
		o.Set(k, o.Get(k)+p.Get(k))
	}
}

// IsZero says whether nothing is recorded.
func (o Outcome) IsZero() bool { return o == Outcome{} }

// maxOutcome bounds a figure: no single policy loan creates ten thousand jobs; a larger number
// is a typing slip.
const maxOutcome = 9_999

// ValidateOutcome checks a loan's outcome against its program: figures are 0 to 9,999, and a
// program records only the figures OutcomeKindsFor gives it.
func ValidateOutcome(programCode string, o Outcome) error {
	asked := map[OutcomeKind]bool{}
	for _, k := range OutcomeKindsFor(programCode) {
		asked[k] = true
	}
	var errs Errors
	for _, k := range OutcomeKinds {
		n := o.Get(k)
		switch {
		case n < 0 || n > maxOutcome:
			errs.Add(Invalid("loan.outcome."+string(k), "range", "Min", 0, "Max", maxOutcome))
		case n > 0 && !asked[k]:
			errs.Add(Invalid("loan.outcome."+string(k), "outcome_not_asked", "Program", programCode))
		}
	}
	return errs.Err()
}
