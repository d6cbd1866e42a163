package data

import (
	"math"
	"math/big"
	"testing"
)

func TestRoundHalfUp(t *testing.T) {
	t.Parallel()
	big10 := func(exp int64) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(exp), nil) }
	tests := []struct {
		name     string
		num, den *big.Int
		want     Dong
	}{
		{"exact 10/2", big.NewInt(10), big.NewInt(2), 5},
		{"exact zero", big.NewInt(0), big.NewInt(7), 0},
		{"1.5 up", big.NewInt(15), big.NewInt(10), 2},
		{"2.5 up (not to even)", big.NewInt(25), big.NewInt(10), 3},
		{"0.5 up", big.NewInt(1), big.NewInt(2), 1},
		{"0.4999 down", big.NewInt(4999), big.NewInt(10000), 0},
		{"1.4999 down", big.NewInt(14999), big.NewInt(10000), 1},
		{"0.5001 up", big.NewInt(5001), big.NewInt(10000), 1},
		{"2/3 = 0.667 up", big.NewInt(2), big.NewInt(3), 1},
		{"1/3 = 0.333 down", big.NewInt(1), big.NewInt(3), 0},
		{"-2.5 away from zero", big.NewInt(-25), big.NewInt(10), -3},
		{"-0.5 away from zero", big.NewInt(-1), big.NewInt(2), -1},
		{"-1.4999 toward zero", big.NewInt(-14999), big.NewInt(10000), -1},
		{"-4/3 = -1.333", big.NewInt(-4), big.NewInt(3), -1},
		{"negative denominator 5/-2 = -2.5", big.NewInt(5), big.NewInt(-2), -3},
		{"both negative -5/-2 = 2.5", big.NewInt(-5), big.NewInt(-2), 3},

		// Interest, Basis30: balance × days × rate / (30 × 1,000,000).
		// 37,500,000 × 17 × 5200 = 3,315,000,000,000; / 30,000,000 = 110,500 exactly.
		{"interest exact", big.NewInt(37_500_000 * 17 * 5200), big.NewInt(30 * RateScale), 110_500},
		// 12,345,678 × 31 × 6604 = 2,527,456,582,872; / 30,000,000 = 84,248.5527… → 84,249.
		{"interest .55 up", big.NewInt(12_345_678 * 31 * 6604), big.NewInt(30 * RateScale), 84_249},
		// 1,000,050 × 30 × 10,000 = 300,015,000,000; / 30,000,000 = 10,000.5 → 10,001.
		{"interest exactly half", big.NewInt(1_000_050 * 30 * 10_000), big.NewInt(30 * RateScale), 10_001},
		// Basis365: 50,000,000 × 31 × (5200 × 12) = 96,720,000,000,000; / (365 × 1,000,000)
		// = 264,986.30… → 264,986.
		{"interest basis 365", big.NewInt(50_000_000 * 31 * 5200 * 12), big.NewInt(365 * RateScale), 264_986},

		// Large: 10^30 / 10^12 = 10^18 (the numerator does not fit an int64).
		{"large 1e30/1e12", big10(30), big10(12), 1_000_000_000_000_000_000},
		// (10^30 + 5×10^11) / 10^12 = 10^18 + 0.5 → 10^18 + 1.
		{"large half up", new(big.Int).Add(big10(30), big.NewInt(500_000_000_000)), big10(12), 1_000_000_000_000_000_001},
		// (10^30 + 4.99…×10^11) / 10^12 = 10^18 + 0.499… → 10^18.
		{"large just under half", new(big.Int).Add(big10(30), big.NewInt(499_999_999_999)), big10(12), 1_000_000_000_000_000_000},
		{"max int64", big.NewInt(math.MaxInt64), big.NewInt(1), math.MaxInt64},
		// 1,000 bn đồng outstanding × 366 days × 50,000 (5 %/month) = 1.83 × 10^19 (above
		// int64); / 30,000,000 = 610,000,000,000.
		{"office-size numerator above int64",
			new(big.Int).Mul(big.NewInt(1_000_000_000_000*366), big.NewInt(50_000)), big.NewInt(30 * RateScale), 610_000_000_000},
	}
	for _, tc := range tests {
		num, den := new(big.Int).Set(tc.num), new(big.Int).Set(tc.den)
		if got := RoundHalfUp(tc.num, tc.den); got != tc.want {
			t.Errorf("%s: RoundHalfUp(%v, %v) = %d, want %d", tc.name, tc.num, tc.den, got, tc.want)
		}
		if tc.num.Cmp(num) != 0 || tc.den.Cmp(den) != 0 {
			t.Errorf("%s: RoundHalfUp changed its arguments", tc.name)
		}
	}
}

func TestRoundHalfUpPanicsOnZero(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("RoundHalfUp(1, 0) did not panic")
		}
	}()
	RoundHalfUp(big.NewInt(1), big.NewInt(0))
}

func TestRateFromPercent(t *testing.T) {
	t.Parallel()
	// Rate is in millionths per month: p %/month = p / 100 × 1,000,000 = p × 10,000.
	good := []struct {
		in   string
		want Rate
	}{
		{"0.52", 5200},   // 0.52 × 10,000
		{"0,6604", 6604}, // comma as decimal separator (Vietnamese, French)
		{"0.6604", 6604},
		{"0.55", 5500},
		{"0.624", 6240},
		{"0.275", 2750},
		{"0.7", 7000},
		{"0.70", 7000},
		{"1", 10_000},
		{"5", 50_000},
		{"0.0001", 1}, // the smallest step: four decimals
		{"0", 0},
		{"0.5200", 5200}, // trailing zeros beyond four decimals are harmless
	}
	for _, tc := range good {
		got, err := RateFromPercent(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("RateFromPercent(%q) = %d, %v; want %d, nil", tc.in, got, err, tc.want)
		}
	}
	bad := []string{
		"0.123456", // 1234.56 millionths: not a whole unit
		"0.00001",  // 0.1 millionth
		"1/2",      // a fraction, not a typed percentage
		"1e-2",     // an exponent
		"0x1p-2",   // hex
		"1_0",      // digit separators
		"1e30",     // would overflow int64
		"abc",
		"",
		"0.52%",
		"0..52",
		"0,52,1",
		" 0.52", // callers trim
	}
	for _, s := range bad {
		if got, err := RateFromPercent(s); err == nil {
			t.Errorf("RateFromPercent(%q) = %d, nil; want an error", s, got)
		}
	}
}

func TestPercentString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		r    Rate
		want string
	}{
		{5200, "0.52"},   // 5200 / 10,000 = 0.52
		{6604, "0.6604"}, // 0.6604
		{10_000, "1"},    // 1.0000 → trailing zeros and dot dropped
		{7000, "0.7"},    // 0.7000 → 0.7
		{6240, "0.624"},  // 0.6240 → 0.624
		{2750, "0.275"},
		{0, "0"},
		{1, "0.0001"},
		{15_000, "1.5"},
		{50_000, "5"},
		{100_000, "10"}, // the trailing zero of the whole part stays
		{-15_000, "-1.5"},
		{-5200, "-0.52"}, // the sign survives when the whole part is 0
		{-1, "-0.0001"},
	}
	for _, tc := range tests {
		if got := tc.r.PercentString(); got != tc.want {
			t.Errorf("Rate(%d).PercentString() = %q, want %q", tc.r, got, tc.want)
		}
		// Round trip: the string parses back to the same rate.
		back, err := RateFromPercent(tc.want)
		if err != nil || back != tc.r {
			t.Errorf("RateFromPercent(%q) = %d, %v; want %d", tc.want, back, err, tc.r)
		}
	}
}

func TestRatePercent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		r    Rate
		want float64
	}{
		{5200, 0.52},
		{10_000, 1},
		{0, 0},
	}
	for _, tc := range tests {
		if got := tc.r.Percent(); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Rate(%d).Percent() = %v, want %v", tc.r, got, tc.want)
		}
	}
}
