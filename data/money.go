// Package data holds the domain of a policy-credit transaction office: places, groups,
// borrowers, programs and their rules. It is pure Go: no SQL, no GUI.
package data

import (
	"fmt"
	"math/big"
	"regexp"
)

// Dong is an amount of money in whole Vietnamese đồng. Money never touches float64.
type Dong int64

// Rate is a monthly interest rate in millionths per month: 0.52 %/month is 5200.
// Keeping it an integer makes every interest computation exact until the single rounding.
type Rate int64

// RateScale is the number of Rate units in 100 %/month.
const RateScale = 1_000_000

// plainDecimal is what a person types as a percentage; big.Rat alone would also take
// fractions, exponents and hex.
var plainDecimal = regexp.MustCompile(`^-?[0-9]{1,6}([.,][0-9]+)?$`)

// RateFromPercent parses a monthly percentage such as "0.52" or "0,6604" exactly.
func RateFromPercent(s string) (Rate, error) {
	if !plainDecimal.MatchString(s) {
		return 0, fmt.Errorf("not a percentage: %q", s)
	}
	r, ok := new(big.Rat).SetString(normaliseDecimal(s))
	if !ok {
		return 0, fmt.Errorf("not a percentage: %q", s)
	}
	r.Mul(r, big.NewRat(RateScale/100, 1))
	if !r.IsInt() {
		return 0, fmt.Errorf("more than four decimals: %q", s)
	}
	return Rate(r.Num().Int64()), nil
}

func normaliseDecimal(s string) string {
	out := []byte(s)
	for i, c := range out {
		if c == ',' {
			out[i] = '.'
		}
	}
	return string(out)
}

// PercentString renders the rate as a plain decimal percentage with a dot ("0.52", "0.6604"),
// for JSON and machine output. Screens and reports use the localizer instead.
func (r Rate) PercentString() string {
	v, sign := int64(r), ""
	if v < 0 {
		v, sign = -v, "-"
	}
	s := fmt.Sprintf("%s%d.%04d", sign, v/(RateScale/100), v%(RateScale/100))
	for s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}

// Percent returns the rate as a fraction of one hundred, for formatting only (never for money).
func (r Rate) Percent() float64 { return float64(r) / (RateScale / 100) }

// roundHalfUp is the app's one rounding rule. whole is the magnitude of a quotient truncated
// toward zero, atLeastHalf says the fraction dropped is ½ or more, negative gives the sign:
// a half rounds away from zero.
func roundHalfUp(whole Dong, atLeastHalf, negative bool) Dong {
	if atLeastHalf {
		whole++
	}
	if negative {
		whole = -whole
	}
	return whole
}
