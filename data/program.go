package data

import "sort"

// FundingSource is where a loan's capital comes from; reports split outstanding by it.
type FundingSource string

const (
	SourceCentral  FundingSource = "central"  // trung ương
	SourceProvince FundingSource = "province" // provincial budget
	SourceLocal    FundingSource = "local"    // district / commune budget
)

// FundingSources lists the sources in report order.
var FundingSources = []FundingSource{SourceCentral, SourceProvince, SourceLocal}

// LimitBasis says what a program's maximum amount is counted per.
type LimitBasis string

const (
	LimitPerLoan     LimitBasis = "loan"
	LimitPerMonth    LimitBasis = "study_month" // students: per month of study
	LimitPerWorker   LimitBasis = "worker"
	LimitPerFacility LimitBasis = "facility"
)

// Program is a state credit program with its limits and its history of rates.
type Program struct {
	ID            int64
	Code          string            // "01", "19", …
	Name          map[string]string // by language: vi, en, fr
	MaxAmount     Dong              // 0: no fixed ceiling (e.g. contract costs)
	LimitBasis    LimitBasis
	MaxUnits      int             // most units a loan may count (06: 2 facilities); 0: no maximum
	MaxTermMonths int             // 0: set by the contract (study or contract term)
	Sources       []FundingSource // funding sources a loan of this program may use
	Open          bool            // closed programs take no new loans; old ones run on
	// ExtensionMaxMonths: the longest extensions may move final maturity, from the original
	// maturity (students: half the repayment period instead). DefaultPrograms give 12.
	ExtensionMaxMonths int
	Rates              []RatePeriod // sorted by Effective ascending, filled by the store
}

// RatePeriod is a lending rate in force from Effective until the next period starts. A change
// also applies to loans already outstanding.
type RatePeriod struct {
	ProgramCode string
	Effective   Date
	Rate        Rate   // monthly, in millionths
	Decision    string // the government decision that set it
}

// NameIn returns the program's name in lang, falling back to Vietnamese.
func (p *Program) NameIn(lang string) string {
	if n := p.Name[lang]; n != "" {
		return n
	}
	return p.Name["vi"]
}

// RateOn returns the rate in force on d, and false when no period has started by then.
func (p *Program) RateOn(d Date) (Rate, bool) {
	return RateOn(p.Rates, d)
}

// RateOn finds the period in force on d among periods sorted by Effective.
func RateOn(periods []RatePeriod, d Date) (Rate, bool) {
	i := sort.Search(len(periods), func(i int) bool { return periods[i].Effective.After(d) })
	if i == 0 {
		return 0, false
	}
	return periods[i-1].Rate, true
}

// AllowsSource reports whether a loan of this program may be funded from s.
func (p *Program) AllowsSource(s FundingSource) bool {
	for _, x := range p.Sources {
		if x == s {
			return true
		}
	}
	return false
}

// Validate checks the program's own fields.
func (p *Program) Validate() error {
	p.Code = NFC(p.Code)
	var errs Errors
	errs.Add(ValidateDigits("program.code", p.Code, 2))
	for _, lang := range []string{"vi", "en", "fr"} {
		errs.Add(ValidateName("program.name_"+lang, NFC(p.Name[lang]), 150))
	}
	if p.MaxAmount < 0 {
		errs.Add(Invalid("program.max_amount", "not_negative"))
	}
	if p.MaxTermMonths < 0 || p.MaxTermMonths > 600 {
		errs.Add(Invalid("program.max_term", "range", "Min", 0, "Max", 600))
	}
	if p.ExtensionMaxMonths < 0 || p.ExtensionMaxMonths > 120 {
		errs.Add(Invalid("program.extension_max", "range", "Min", 0, "Max", 120))
	}
	if len(p.Sources) == 0 {
		errs.Add(Invalid("program.sources", "required"))
	}
	for _, s := range p.Sources {
		if s != SourceCentral && s != SourceProvince && s != SourceLocal {
			errs.Add(Invalid("program.sources", "one_of"))
		}
	}
	switch p.LimitBasis {
	case LimitPerLoan, LimitPerMonth, LimitPerWorker, LimitPerFacility:
	default:
		errs.Add(Invalid("program.limit_basis", "one_of"))
	}
	errs.Add(p.maxUnitsError())
	return errs.Err()
}

// Validate checks a rate period on its own; the store checks it against the saved history.
func (r *RatePeriod) Validate() error {
	var errs Errors
	if r.ProgramCode == "" {
		errs.Add(Invalid("rate.program", "required"))
	}
	if r.Effective.IsZero() {
		errs.Add(Invalid("rate.effective", "required"))
	}
	// 0 < rate ≤ 5 %/month: anything above is a typing slip, not a policy rate.
	if r.Rate <= 0 || r.Rate > 50_000 {
		errs.Add(Invalid("rate.rate", "rate_range", "Max", "5"))
	}
	errs.Add(ValidateOptionalText("rate.decision", NFC(r.Decision), 100))
	return errs.Err()
}
