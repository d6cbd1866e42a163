package data

import (
	"math/bits"
	"time"
)

// Interest is accumulated exactly: every segment of days adds balance × multiplier to a
// numerator over one fixed denominator, and the total is rounded once. The numerator is kept
// as a running quotient and remainder (q + r/den) so that it never overflows, using 128-bit
// products from math/bits; math/big would be exact too but allocates on every segment (see
// BenchmarkExactSum in accrual_test.go).
//
// Denominators and multipliers, with rate r in millionths per month, P the penalty percentage
// and L the number of days of the segment:
//
//	Basis30:  den = 30 × 1,000,000 × 100    normal: r × 100 × L        penalty: r × P × L
//	Basis365: den = 365 × 1,000,000 × 100   normal: r × 12 × 100 × L   penalty: r × 12 × P × L
//
// The extra factor 100 carries the penalty percentage in the numerator, so 130 % of 0.6604 %
// (8,585.2 millionths) stays exact.
const (
	den30  = 30 * RateScale * 100
	den365 = 365 * RateScale * 100
)

// accrualBasis is one day-count basis, resolved from Settings.
type accrualBasis struct {
	den       uint64 // the fixed denominator
	perMonth  uint64 // 100 on Basis30, 1200 (= 12 × 100) on Basis365: multiplies r for normal interest
	perMonthP uint64 // 1 on Basis30, 12 on Basis365: multiplies r × P for penalty interest
}

func basisOf(b InterestBasis) (accrualBasis, bool) {
	switch b {
	case Basis30, "":
		return accrualBasis{den: den30, perMonth: 100, perMonthP: 1}, true
	case Basis365:
		return accrualBasis{den: den365, perMonth: 1200, perMonthP: 12}, true
	}
	return accrualBasis{}, false
}

// exactSum is a non-negative amount of money held exactly as q + r/den.
type exactSum struct {
	q, r     uint64
	den      uint64
	overflow bool
}

func newExactSum(den uint64) exactSum { return exactSum{den: den} }

// add adds x × y / den exactly. Negative or zero factors add nothing.
func (a *exactSum) add(x Dong, y uint64) {
	if x <= 0 || y == 0 {
		return
	}
	hi, lo := bits.Mul64(uint64(x), y)
	if hi >= a.den { // the quotient would not fit 64 bits: far beyond any real interest
		a.overflow = true
		return
	}
	q, r := bits.Div64(hi, lo, a.den)
	var carry uint64
	a.q, carry = bits.Add64(a.q, q, 0)
	a.r += r // r, a.r < den ≤ 3.65e10: no overflow
	if a.r >= a.den {
		a.r -= a.den
		a.q, carry = bits.Add64(a.q, 1, carry)
	}
	if carry != 0 || a.q > 1<<62 {
		a.overflow = true
	}
}

// round is the exact total rounded half-up once, to the đồng.
func (a *exactSum) round() Dong {
	return roundHalfUp(Dong(a.q), 2*a.r >= a.den, false)
}

// mul3 multiplies small non-negative factors, reporting overflow of uint64.
func mul3(a, b, c uint64) (uint64, bool) {
	hi, ab := bits.Mul64(a, b)
	if hi != 0 {
		return 0, false
	}
	hi, abc := bits.Mul64(ab, c)
	return abc, hi == 0
}

// dayNum numbers civil dates consecutively (days since 1970-01-01), so that day counts and
// comparisons are integer operations.
func dayNum(d Date) int64 {
	s := d.t.Unix()
	if s >= 0 {
		return s / 86400
	}
	return -((-s + 86399) / 86400)
}

// dateOfDay is the inverse of dayNum.
func dateOfDay(n int64) Date { return Date{time.Unix(n*86400, 0).UTC()} }

// maxDay is later than any date the engine meets.
const maxDay = int64(1) << 40

// wholeMonths counts the whole calendar months from a to b: the largest m with
// a.AddMonths(m) ≤ b (0 when b is before a.AddMonths(1)).
func wholeMonths(a, b Date) int {
	if b.Before(a) {
		return 0
	}
	m := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	for m > 0 && a.AddMonths(m).After(b) {
		m--
	}
	return m
}

// monthsCeil is the smallest m ≥ 0 with a.AddMonths(m) ≥ b.
func monthsCeil(a, b Date) int {
	m := wholeMonths(a, b)
	if a.AddMonths(m).Before(b) {
		m++
	}
	return m
}
