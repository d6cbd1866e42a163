package data

import (
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Rules that change what is owed are dated, like program rates: a change applies from its
// effective date on and never rewrites the days before it. Each rule is a key with a list of
// periods; a period's value is kept as canonical text (the form the command line and the
// database use) and read through the rule's spec. Later rules (commission, fee rates) add a
// spec to RuleSpecs and nothing else.

// RuleKey names a dated rule, as Settings and the command line name it.
type RuleKey string

const (
	RuleInterestBasis  RuleKey = "interest_basis"  // days30 | days365
	RulePenaltyPercent RuleKey = "penalty_percent" // penalty rate as a percentage of the lending rate
	RuleFrozenAccrues  RuleKey = "frozen_accrues"  // true | false: frozen debt bears interest
	RuleSavingsRate    RuleKey = "savings_rate"    // monthly rate on group savings, millionths
)

// RulesBeginning is the effective date of the periods that hold a rule's value from the
// beginning of time (migration 0010 moved the undated settings in at this date).
var RulesBeginning = MustDate("1900-01-01")

// RulePeriod is one dated value of a rule.
type RulePeriod struct {
	Key       RuleKey
	Effective Date
	Value     string // canonical: "days365", "130", "true", "1000" (millionths per month)
}

// RuleSpec says how a rule's values are typed, checked and stored.
type RuleSpec struct {
	Key RuleKey
	// Allowed describes the values for messages: "days30, days365", "100–300".
	Allowed string
	// parse turns what a person typed into the canonical value, or reports the rule broken.
	parse func(typed string) (string, *Error)
	// stored checks a canonical value, as the store holds it.
	stored func(canonical string) *Error
	// fallback is the value before a rule's first period (DefaultSettings).
	fallback func(Settings) string
}

// RuleSpecs lists the dated rules in the order Settings shows them.
var RuleSpecs = append([]RuleSpec{
	{Key: RuleInterestBasis, Allowed: "days30, days365", parse: parseBasis,
		stored:   func(s string) *Error { return sameWhenTyped(parseBasis, RuleInterestBasis, "days30, days365", s) },
		fallback: func(s Settings) string { return string(s.InterestBasis) }},
	{Key: RulePenaltyPercent, Allowed: "100–300", parse: parsePenalty,
		stored:   func(s string) *Error { return sameWhenTyped(parsePenalty, RulePenaltyPercent, "100–300", s) },
		fallback: func(s Settings) string { return strconv.Itoa(s.PenaltyPercent) }},
	{Key: RuleFrozenAccrues, Allowed: "true, false", parse: parseFrozen,
		stored:   func(s string) *Error { return sameWhenTyped(parseFrozen, RuleFrozenAccrues, "true, false", s) },
		fallback: func(s Settings) string { return strconv.FormatBool(s.FrozenAccrues) }},
	{Key: RuleSavingsRate, Allowed: "0–5",
		parse: func(s string) (string, *Error) {
			r, err := RateFromPercent(s)
			if err != nil || r < 0 || r > 50_000 {
				return "", Invalid("settings.savings_rate", "rate_range", "Max", "5")
			}
			return strconv.FormatInt(int64(r), 10), nil
		},
		stored: func(s string) *Error {
			r, err := strconv.ParseInt(s, 10, 64)
			if err != nil || r < 0 || r > 50_000 || strconv.FormatInt(r, 10) != s {
				return Invalid("settings.savings_rate", "rate_range", "Max", "5")
			}
			return nil
		},
		fallback: func(s Settings) string { return strconv.FormatInt(int64(s.SavingsRate), 10) }},
}, settlementRuleSpecs()...)

func parseBasis(s string) (string, *Error) {
	if b := InterestBasis(s); b == Basis30 || b == Basis365 {
		return s, nil
	}
	return "", Invalid("settings.interest_basis", "one_of", "Values", "days30, days365")
}

func parsePenalty(s string) (string, *Error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 100 || n > 300 {
		return "", Invalid("settings.penalty_percent", "range", "Min", 100, "Max", 300)
	}
	return strconv.Itoa(n), nil
}

func parseFrozen(s string) (string, *Error) {
	switch s {
	case "true", "false":
		return s, nil
	}
	return "", Invalid("settings.frozen_accrues", "one_of", "Values", "true, false")
}

// sameWhenTyped checks a canonical value of a rule whose values are typed as stored.
func sameWhenTyped(parse func(string) (string, *Error), key RuleKey, allowed, s string) *Error {
	v, err := parse(s)
	if err != nil {
		return err
	}
	if v != s {
		return Invalid("settings."+string(key), "one_of", "Values", allowed)
	}
	return nil
}

// RuleSpecOf finds the spec of a rule.
func RuleSpecOf(key RuleKey) (RuleSpec, bool) {
	for _, s := range RuleSpecs {
		if s.Key == key {
			return s, true
		}
	}
	return RuleSpec{}, false
}

// Typed is a period's value as a person types it: the rates as %/month ("0.1"), the others
// as stored.
func (p RulePeriod) Typed() string {
	if percentRules[p.Key] {
		if n, err := strconv.ParseInt(p.Value, 10, 64); err == nil {
			return Rate(n).PercentString()
		}
	}
	return p.Value
}

// RuleKeyNames lists the dated rules' keys, for messages.
func RuleKeyNames() string {
	names := make([]string, len(RuleSpecs))
	for i, s := range RuleSpecs {
		names[i] = string(s.Key)
	}
	return strings.Join(names, ", ")
}

// NewRulePeriod checks a period typed by a person (savings_rate as %/month, like program
// rates) and returns it with its canonical value.
func NewRulePeriod(key, typed string, effective Date) (RulePeriod, error) {
	spec, ok := RuleSpecOf(RuleKey(key))
	if !ok {
		return RulePeriod{}, Invalid("settings.rule", "one_of", "Values", RuleKeyNames())
	}
	var errs Errors
	value, err := spec.parse(strings.TrimSpace(typed))
	errs.Add(err)
	if effective.IsZero() {
		errs.Add(Invalid("settings.rule_from", "required"))
	}
	if err := errs.Err(); err != nil {
		return RulePeriod{}, err
	}
	return RulePeriod{Key: spec.Key, Effective: effective, Value: value}, nil
}

// Validate checks a period already in canonical form, as the store does before writing it.
func (p RulePeriod) Validate() error {
	spec, ok := RuleSpecOf(p.Key)
	if !ok {
		return Invalid("settings.rule", "one_of", "Values", RuleKeyNames())
	}
	var errs Errors
	errs.Add(spec.stored(p.Value))
	if p.Effective.IsZero() {
		errs.Add(Invalid("settings.rule_from", "required"))
	}
	return errs.Err()
}

// Rules are the dated periods of every rule, sorted by key order then effective date.
type Rules []RulePeriod

// Sorted returns the periods sorted by key (in RuleSpecs order) then effective date.
func (r Rules) Sorted() Rules {
	order := map[RuleKey]int{}
	for i, s := range RuleSpecs {
		order[s.Key] = i
	}
	out := slices.Clone(r)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Key != out[j].Key {
			return order[out[i].Key] < order[out[j].Key]
		}
		return out[i].Effective.Before(out[j].Effective)
	})
	return out
}

// Periods returns the periods of one rule, by effective date.
func (r Rules) Periods(key RuleKey) []RulePeriod {
	var out []RulePeriod
	for _, p := range r {
		if p.Key == key {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Effective.Before(out[j].Effective) })
	return out
}

// ValueOn is the value of a rule in force on date on; ok is false before its first period.
func (r Rules) ValueOn(key RuleKey, on Date) (string, bool) {
	var best *RulePeriod // no sorting: the engine calls this for every position
	for i := range r {
		p := &r[i]
		if p.Key == key && !p.Effective.After(on) && (best == nil || !p.Effective.Before(best.Effective)) {
			best = p
		}
	}
	if best == nil {
		return "", false
	}
	return best.Value, true
}

// ruleValue is a rule's value in force on date on in s: its period's, else the undated field.
func (s Settings) ruleValue(key RuleKey, on Date) string {
	if v, ok := s.Rules.ValueOn(key, on); ok {
		return v
	}
	spec, _ := RuleSpecOf(key)
	return spec.fallback(s)
}

// InForce returns s with the dated rules' fields set to their values in force on date on, for
// the screens and reports that show one value (the program catalogue's penalty rate).
func (s Settings) InForce(on Date) Settings {
	out := s
	out.InterestBasis = InterestBasis(s.ruleValue(RuleInterestBasis, on))
	out.PenaltyPercent, _ = strconv.Atoi(s.ruleValue(RulePenaltyPercent, on))
	out.FrozenAccrues = s.ruleValue(RuleFrozenAccrues, on) == "true"
	r, _ := strconv.ParseInt(s.ruleValue(RuleSavingsRate, on), 10, 64)
	out.SavingsRate = Rate(r)
	return out
}

// ruleChanges are the days after from and before to on which some rule in keys changes.
func (s Settings) ruleChanges(from, to int64, keys ...RuleKey) []int64 {
	var days []int64
	for _, p := range s.Rules {
		if !slices.Contains(keys, p.Key) {
			continue
		}
		if d := dayNum(p.Effective); d > from && d < to {
			days = append(days, d)
		}
	}
	slices.Sort(days)
	return slices.Compact(days)
}

// ruleRegime is the interest rules in force from a day on, until the next regime.
type ruleRegime struct {
	day           int64
	basis         accrualBasis // scaled to the position's common denominator
	penaltyPct    uint64
	frozenAccrues bool
}

// regimes returns the interest rules as regimes in day order, the first from before any day,
// and the denominator they share: the basis's own when only one basis is ever in force, else
// 30 × 365 / 5 = 2,190 days' worth, which both bases divide exactly (same rationals, so the
// same rounded amounts).
func (s Settings) regimes() ([]ruleRegime, uint64, error) {
	days := s.ruleChanges(-maxDay, maxDay, RuleInterestBasis, RulePenaltyPercent, RuleFrozenAccrues)
	out := make([]ruleRegime, 0, len(days)+1)
	value := func(key RuleKey, day int64, first bool) string {
		if first {
			spec, _ := RuleSpecOf(key)
			return spec.fallback(s)
		}
		return s.ruleValue(key, dateOfDay(day))
	}
	mixed := false // both bases in force at some time
	for i := -1; i < len(days); i++ {
		day, first := -maxDay, i < 0
		if !first {
			day = days[i]
		}
		basis, ok := basisOf(InterestBasis(value(RuleInterestBasis, day, first)))
		if !ok {
			return nil, 0, Invalid("settings.interest_basis", "one_of")
		}
		pct, err := strconv.Atoi(value(RulePenaltyPercent, day, first))
		if err != nil || pct < 0 {
			return nil, 0, Invalid("settings.penalty_percent", "range", "Min", 100, "Max", 300)
		}
		if pct == 0 {
			pct = DefaultSettings().PenaltyPercent
		}
		mixed = mixed || len(out) > 0 && basis.den != out[0].basis.den
		out = append(out, ruleRegime{day: day, basis: basis, penaltyPct: uint64(pct),
			frozenAccrues: value(RuleFrozenAccrues, day, first) == "true"})
	}
	if !mixed {
		return out, out[0].basis.den, nil
	}
	const common = den30 * 73 // = den365 × 6
	for i := range out {
		f := common / out[i].basis.den
		out[i].basis = accrualBasis{den: common, perMonth: out[i].basis.perMonth * f, perMonthP: out[i].basis.perMonthP * f}
	}
	return out, common, nil
}

// DueCheckDates are the dates check tries a loan on: each month end from the month it was
// signed until today's month (until its last entry's month once it is no longer active), and
// today.
func DueCheckDates(b Book, today Date) []Date {
	last := today
	if b.Loan.Status != LoanActive && b.Loan.Status != "" {
		var latest Date
		for i := range b.Entries {
			if d := b.Entries[i].ValueDate; d.After(latest) {
				latest = d
			}
		}
		if !latest.IsZero() && latest.Before(today) {
			last = latest.AddMonths(1)
		}
	}
	var out []Date
	for m := NewDate(b.Loan.SignedOn.Year(), b.Loan.SignedOn.Month(), 1); !m.After(last); m = m.AddMonths(1) {
		if end := m.AddMonths(1).AddDays(-1); !end.After(today) {
			out = append(out, end)
		}
	}
	return append(out, today)
}

// positionsForCheck is PositionsOn; a test swaps it for a broken engine, which check must
// catch.
var positionsForCheck = PositionsOn

// NegativeDue returns the first of dates (ascending) on which the loan of b shows a negative
// interest or penalty due, or a due beside a credit (the credit is taken off the due first);
// ok is false when there is none.
func NegativeDue(b Book, dates []Date) (on Date, bad bool, err error) {
	ps, err := positionsForCheck(b, dates)
	if err != nil {
		// Name the date the engine fails on.
		for _, d := range dates {
			if _, err := PositionOn(b, d); err != nil {
				return d, false, err
			}
		}
		return Date{}, false, err
	}
	for i, p := range ps {
		if p.InterestDue < 0 || p.PenaltyDue < 0 || p.InterestCredit < 0 || p.PenaltyCredit < 0 ||
			p.InterestDue > 0 && p.InterestCredit > 0 || p.PenaltyDue > 0 && p.PenaltyCredit > 0 {
			return dates[i], true, nil
		}
	}
	return Date{}, false, nil
}
