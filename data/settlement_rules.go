package data

import (
	"math/big"
	"strconv"
	"strings"
)

// The monthly settlement's rules (issue: group commissions, association fees and group
// ratings) are dated rules like the interest rules: the rule in force on a month's last day
// settles that month. Their defaults come from the bank's own staff (domain.md) and live in
// DefaultSettlementRules, never in the computations.

const (
	RuleFeeBase           RuleKey = "fee_base"            // outstanding_paid | interest_collected
	RuleFeeRate           RuleKey = "fee_rate"            // % of the base a month, millionths
	RuleFeeHousingRate    RuleKey = "fee_housing_rate"    // social housing: % a month of the average in-term balance
	RuleFeeBands          RuleKey = "fee_bands"           // quality scale: "2:100,3:80,4:50,0"
	RuleFeeSplit          RuleKey = "fee_split"           // commune,district,province,central in %: "84,9,4.5,2.5"
	RuleCommissionBase    RuleKey = "commission_base"     // interest_collected | outstanding_paid
	RuleCommissionRate    RuleKey = "commission_rate"     // % of the base a month, millionths
	RuleCommissionSavings RuleKey = "commission_savings"  // % a month of the group's savings balance
	RuleCommissionHousing RuleKey = "commission_housing"  // social housing: % a month of the average in-term balance
	RuleCommissionMinRate RuleKey = "commission_min_rate" // no commission below this interest collection ratio, %
	RuleRatingPoints      RuleKey = "rating_points"       // the six criteria's maximum points: "20,30,15,20,5,10"
	RuleRatingBands       RuleKey = "rating_bands"        // lowest totals of good, fair, average: "90,80,70"
)

// SettlementBase is what a fee or a commission is a share of.
type SettlementBase string

const (
	// BaseOutstandingPaid: principal outstanding at the month's end of the loans whose
	// interest was collected in the month (dư nợ có thu được lãi).
	BaseOutstandingPaid SettlementBase = "outstanding_paid"
	// BaseInterestCollected: the interest collected in the month.
	BaseInterestCollected SettlementBase = "interest_collected"
)

// HousingProgram is the code of social housing, the program with its own fee and commission.
const HousingProgram = "12"

// FeeBand is one step of the quality scale: below Below basis points of overdue ratio (0: the
// last step, every ratio), Percent of the fee is paid.
type FeeBand struct {
	Below   int64 // basis points (hundredths of a percent), exclusive
	Percent int64
}

// FeeLevels are the four levels of an association the fee is split among, in that order.
var FeeLevels = []string{"commune", "district", "province", "central"}

// Criteria are the six criteria of a group's score, in the bank's order.
var Criteria = []string{"on_site", "overdue", "principal_collected", "interest_collected", "savers", "savings_growth"}

// SettlementRules are the settlement's rules in force for one month.
type SettlementRules struct {
	FeeBase               SettlementBase
	FeeRate               Rate
	FeeHousingRate        Rate
	FeeBands              []FeeBand
	FeeSplit              [4]int64 // hundredths of a percent, adding up to 10,000
	CommissionBase        SettlementBase
	CommissionRate        Rate
	CommissionSavings     Rate
	CommissionHousing     Rate
	CommissionMinRatio    int64 // basis points; 0: no condition
	RatingPoints          [6]int64
	RatingBands           [3]int64 // good ≥, fair ≥, average ≥; below: weak
	FeeBandsText          string   // the canonical texts, for statements
	FeeSplitText          string
	RatingPointsText      string
	RatingBandsText       string
	CommissionMinRateText string
}

// DefaultSettlementRules are the values before a rule's first period (domain.md).
var defaultSettlementValues = map[RuleKey]string{
	RuleFeeBase:           string(BaseOutstandingPaid),
	RuleFeeRate:           "320", // 0.032 %/month
	RuleFeeHousingRate:    "30",  // 0.003 %/month
	RuleFeeBands:          "2:100,3:80,4:50,0",
	RuleFeeSplit:          "84,9,4.5,2.5",
	RuleCommissionBase:    string(BaseInterestCollected),
	RuleCommissionRate:    "80000", // 8 % of the interest collected
	RuleCommissionSavings: "100",   // 0.01 %/month of the savings balance
	RuleCommissionHousing: "50",    // 0.005 %/month
	RuleCommissionMinRate: "0",     // no condition
	RuleRatingPoints:      "20,30,15,20,5,10",
	RuleRatingBands:       "90,80,70",
}

// settlementRuleSpecs are the settlement's entries of RuleSpecs.
func settlementRuleSpecs() []RuleSpec {
	base := func(key RuleKey, allowed string) RuleSpec {
		return RuleSpec{Key: key, Allowed: allowed}
	}
	choice := func(key RuleKey) RuleSpec {
		allowed := string(BaseOutstandingPaid) + ", " + string(BaseInterestCollected)
		s := base(key, allowed)
		s.parse = func(typed string) (string, *Error) {
			if typed == string(BaseOutstandingPaid) || typed == string(BaseInterestCollected) {
				return typed, nil
			}
			return "", Invalid("settings."+string(key), "one_of", "Values", allowed)
		}
		return s
	}
	rate := func(key RuleKey, max int64) RuleSpec {
		allowed := "0–" + Rate(max).PercentString()
		s := base(key, allowed)
		s.parse = func(typed string) (string, *Error) {
			r, err := RateFromPercent(typed)
			if err != nil || r < 0 || int64(r) > max {
				return "", Invalid("settings."+string(key), "rate_range", "Max", Rate(max).PercentString())
			}
			return strconv.FormatInt(int64(r), 10), nil
		}
		s.stored = func(v string) *Error {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 || n > max || strconv.FormatInt(n, 10) != v {
				return Invalid("settings."+string(key), "rate_range", "Max", Rate(max).PercentString())
			}
			return nil
		}
		return s
	}
	list := func(key RuleKey, allowed string, parse func(string) (string, bool)) RuleSpec {
		s := base(key, allowed)
		s.parse = func(typed string) (string, *Error) {
			if v, ok := parse(typed); ok {
				return v, nil
			}
			return "", Invalid("settings."+string(key), "rule_format", "Example", allowed)
		}
		return s
	}
	specs := []RuleSpec{
		choice(RuleFeeBase),
		rate(RuleFeeRate, RateScale),
		rate(RuleFeeHousingRate, 10_000),
		list(RuleFeeBands, "2:100, 3:80, 4:50, 0", canonicalBands),
		list(RuleFeeSplit, "84, 9, 4.5, 2.5", canonicalSplit),
		choice(RuleCommissionBase),
		rate(RuleCommissionRate, RateScale),
		rate(RuleCommissionSavings, 10_000),
		rate(RuleCommissionHousing, 10_000),
		list(RuleCommissionMinRate, "0–100", canonicalMinRatio),
		list(RuleRatingPoints, "20, 30, 15, 20, 5, 10", canonicalPoints),
		list(RuleRatingBands, "90, 80, 70", canonicalRatingBands),
	}
	for i := range specs {
		s := &specs[i]
		key := s.Key
		if s.stored == nil {
			parse := s.parse
			allowed := s.Allowed
			s.stored = func(v string) *Error { return sameWhenTyped(parse, key, allowed, v) }
		}
		s.fallback = func(Settings) string { return defaultSettlementValues[key] }
	}
	return specs
}

// percentRules are the rules typed as a percentage a month and stored in millionths.
var percentRules = map[RuleKey]bool{
	RuleSavingsRate: true, RuleFeeRate: true, RuleFeeHousingRate: true, RuleCommissionRate: true,
	RuleCommissionSavings: true, RuleCommissionHousing: true,
}

// hundredths reads a non-negative percentage with at most two decimals ("4.5") as hundredths
// of a percent (450).
func hundredths(s string) (int64, bool) {
	s = strings.TrimSpace(normaliseDecimal(s))
	if s == "" || strings.HasPrefix(s, "-") || !plainDecimal.MatchString(s) {
		return 0, false
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0, false
	}
	r.Mul(r, big.NewRat(100, 1))
	if !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}

// hundredthsText writes hundredths of a percent as the shortest decimal ("4.5").
func hundredthsText(n int64) string {
	s := strconv.FormatInt(n/100, 10)
	if f := n % 100; f != 0 {
		s += strings.TrimRight("."+strconv.FormatInt(100+f, 10)[1:], "0")
	}
	return s
}

// splitList splits a typed list at commas, semicolons or spaces.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
}

// ParseFeeBands reads the quality scale: ascending "edge:percent" steps and a last percent.
func ParseFeeBands(s string) ([]FeeBand, bool) {
	parts := splitList(s)
	if len(parts) < 1 || len(parts) > 10 {
		return nil, false
	}
	var out []FeeBand
	var last int64 = -1
	for i, p := range parts {
		edge, pct, hasEdge := strings.Cut(p, ":")
		if !hasEdge {
			pct = edge
		}
		percent, err := strconv.ParseInt(pct, 10, 64)
		if err != nil || percent < 0 || percent > 100 || hasEdge == (i == len(parts)-1) {
			return nil, false
		}
		b := FeeBand{Percent: percent}
		if hasEdge {
			var ok bool
			if b.Below, ok = hundredths(edge); !ok || b.Below <= last || b.Below == 0 || b.Below > 10_000 {
				return nil, false
			}
			last = b.Below
		}
		out = append(out, b)
	}
	return out, true
}

func canonicalBands(s string) (string, bool) {
	bands, ok := ParseFeeBands(s)
	if !ok {
		return "", false
	}
	parts := make([]string, len(bands))
	for i, b := range bands {
		parts[i] = strconv.FormatInt(b.Percent, 10)
		if b.Below > 0 {
			parts[i] = hundredthsText(b.Below) + ":" + parts[i]
		}
	}
	return strings.Join(parts, ","), true
}

// parseSplit reads the four levels' shares, which must add up to 100 %.
func parseSplit(s string) ([4]int64, bool) {
	var out [4]int64
	parts := splitList(s)
	if len(parts) != 4 {
		return out, false
	}
	var sum int64
	for i, p := range parts {
		n, ok := hundredths(p)
		if !ok {
			return out, false
		}
		out[i], sum = n, sum+n
	}
	return out, sum == 10_000
}

func canonicalSplit(s string) (string, bool) {
	v, ok := parseSplit(s)
	if !ok {
		return "", false
	}
	return joinHundredths(v[:]), true
}

func joinHundredths(v []int64) string {
	parts := make([]string, len(v))
	for i, n := range v {
		parts[i] = hundredthsText(n)
	}
	return strings.Join(parts, ",")
}

func canonicalMinRatio(s string) (string, bool) {
	n, ok := hundredths(s)
	if !ok || n > 10_000 {
		return "", false
	}
	return hundredthsText(n), true
}

// parseInts reads n whole numbers of 0–100.
func parseInts(s string, n int) ([]int64, bool) {
	parts := splitList(s)
	if len(parts) != n {
		return nil, false
	}
	out := make([]int64, n)
	for i, p := range parts {
		v, err := strconv.ParseInt(p, 10, 64)
		if err != nil || v < 0 || v > 100 {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}

func joinInts(v []int64) string {
	parts := make([]string, len(v))
	for i, n := range v {
		parts[i] = strconv.FormatInt(n, 10)
	}
	return strings.Join(parts, ",")
}

func canonicalPoints(s string) (string, bool) {
	v, ok := parseInts(s, len(Criteria))
	if !ok {
		return "", false
	}
	var sum int64
	for _, n := range v {
		sum += n
	}
	return joinInts(v), sum == 100
}

func canonicalRatingBands(s string) (string, bool) {
	v, ok := parseInts(s, 3)
	if !ok || v[0] <= v[1] || v[1] <= v[2] || v[2] == 0 {
		return "", false
	}
	return joinInts(v), true
}

// SettlementRulesOn returns the settlement's rules in force on date on.
func (s Settings) SettlementRulesOn(on Date) SettlementRules {
	v := func(k RuleKey) string { return s.ruleValue(k, on) }
	rate := func(k RuleKey) Rate {
		n, _ := strconv.ParseInt(v(k), 10, 64)
		return Rate(n)
	}
	r := SettlementRules{
		FeeBase: SettlementBase(v(RuleFeeBase)), FeeRate: rate(RuleFeeRate), FeeHousingRate: rate(RuleFeeHousingRate),
		CommissionBase: SettlementBase(v(RuleCommissionBase)), CommissionRate: rate(RuleCommissionRate),
		CommissionSavings: rate(RuleCommissionSavings), CommissionHousing: rate(RuleCommissionHousing),
		FeeBandsText: v(RuleFeeBands), FeeSplitText: v(RuleFeeSplit), RatingPointsText: v(RuleRatingPoints),
		RatingBandsText: v(RuleRatingBands), CommissionMinRateText: v(RuleCommissionMinRate),
	}
	r.FeeBands, _ = ParseFeeBands(r.FeeBandsText)
	r.FeeSplit, _ = parseSplit(r.FeeSplitText)
	r.CommissionMinRatio, _ = hundredths(r.CommissionMinRateText)
	if pts, ok := parseInts(r.RatingPointsText, len(Criteria)); ok {
		copy(r.RatingPoints[:], pts)
	}
	if b, ok := parseInts(r.RatingBandsText, 3); ok {
		copy(r.RatingBands[:], b)
	}
	return r
}

// IsSettlementRule reports whether a rule is one of the settlement's, which change no loan:
// they apply to the months settled after they take effect.
func IsSettlementRule(key RuleKey) bool {
	_, ok := defaultSettlementValues[key]
	return ok
}
