package data

// InterestBasis is how a day's interest is derived from the monthly rate.
type InterestBasis string

const (
	// Basis30: balance × days × monthly rate / 30, the bank's usual formula.
	Basis30 InterestBasis = "days30"
	// Basis365: balance × days × (monthly rate × 12) / 365.
	Basis365 InterestBasis = "days365"
)

// Settings are the rules the bank may change; they live in the database, never in code.
type Settings struct {
	Language           string        // vi, en or fr
	InterestBasis      InterestBasis `json:"-"` // default Basis30; dated: Rules
	GroupMinMembers    int           // default 3
	GroupMaxMembers    int           // default 60
	ExtensionMaxMonths int           // default 12 (students: half the repayment period)
	PenaltyPercent     int           `json:"-"` // penalty rate as a percentage of the lending rate, default 130
	FrozenAccrues      bool          `json:"-"` // whether frozen debt bears interest, default false
	MinSavingsDeposit  Dong          // default 5,000
	SavingsRate        Rate          `json:"-"` // monthly rate on group savings, in millionths
	WorkingDate        Date          // zero: today
	IdleLockMinutes    int           // the app locks after this many idle minutes, default 10
	// Rules are the dated periods of the rules that change what is owed (rule_periods.go).
	// InterestBasis, PenaltyPercent, FrozenAccrues and SavingsRate above hold the values in
	// force on the working date, for display; the engine reads the periods.
	Rules Rules `json:"-"`
}

// WorkingDay is the date postings default to and may not pass: WorkingDate when Settings fixes
// one, else today.
func (s Settings) WorkingDay(today Date) Date {
	if !s.WorkingDate.IsZero() {
		return s.WorkingDate
	}
	return today
}

// DefaultSettings are the values a new office starts with (domain.md).
func DefaultSettings() Settings {
	return Settings{
		Language:           "vi",
		InterestBasis:      Basis30,
		GroupMinMembers:    3,
		GroupMaxMembers:    60,
		ExtensionMaxMonths: 12,
		PenaltyPercent:     130,
		FrozenAccrues:      false,
		MinSavingsDeposit:  5_000,
		SavingsRate:        1_000, // 0.1 %/month
		IdleLockMinutes:    10,
	}
}

// Languages the app speaks, Vietnamese first.
var Languages = []string{"vi", "en", "fr"}

// Validate checks every setting.
func (s *Settings) Validate() error {
	var errs Errors
	langOK := false
	for _, l := range Languages {
		langOK = langOK || l == s.Language
	}
	if !langOK {
		errs.Add(Invalid("settings.language", "one_of"))
	}
	if s.InterestBasis != Basis30 && s.InterestBasis != Basis365 {
		errs.Add(Invalid("settings.interest_basis", "one_of"))
	}
	if s.GroupMinMembers < 1 || s.GroupMinMembers > 100 {
		errs.Add(Invalid("settings.group_min", "range", "Min", 1, "Max", 100))
	}
	if s.GroupMaxMembers < s.GroupMinMembers || s.GroupMaxMembers > 200 {
		errs.Add(Invalid("settings.group_max", "range", "Min", s.GroupMinMembers, "Max", 200))
	}
	if s.ExtensionMaxMonths < 0 || s.ExtensionMaxMonths > 120 {
		errs.Add(Invalid("settings.extension_max", "range", "Min", 0, "Max", 120))
	}
	if s.PenaltyPercent < 100 || s.PenaltyPercent > 300 {
		errs.Add(Invalid("settings.penalty_percent", "range", "Min", 100, "Max", 300))
	}
	if s.IdleLockMinutes < 1 || s.IdleLockMinutes > 240 {
		errs.Add(Invalid("settings.idle_lock", "range", "Min", 1, "Max", 240))
	}
	if s.MinSavingsDeposit < 0 {
		errs.Add(Invalid("settings.min_savings", "not_negative"))
	}
	if s.SavingsRate < 0 || s.SavingsRate > 50_000 {
		errs.Add(Invalid("settings.savings_rate", "rate_range", "Max", "5"))
	}
	return errs.Err()
}
