package data

import (
	"math/big"
	"math/rand"
	"testing"
)

func TestExactSum(t *testing.T) {
	t.Parallel()
	// 130 % of 0.6604 %/month on 100,000,000 for 4 days, Basis30, in two pieces of 1 and 3
	// days: 100,000,000 × 6,604 × 130 × (1 + 3) / 3,000,000,000 = 114,469 1/3 → 114,469.
	a := newExactSum(den30)
	a.add(100_000_000, 6604*130*1)
	a.add(100_000_000, 6604*130*3)
	if a.q != 114_469 || a.r != 1_000_000_000 || a.round() != 114_469 {
		t.Errorf("q %d r %d round %d; want 114,469 + 1,000,000,000/3,000,000,000 → 114,469", a.q, a.r, a.round())
	}
	// Two thirds carry into the whole part: 2/3 + 2/3 = 1 1/3.
	b := newExactSum(3)
	b.add(2, 1)
	b.add(2, 1)
	if b.q != 1 || b.r != 1 || b.round() != 1 {
		t.Errorf("2/3 + 2/3: q %d r %d", b.q, b.r)
	}
	// Half rounds up: 1/2.
	h := newExactSum(2)
	h.add(1, 1)
	if h.round() != 1 {
		t.Errorf("1/2 rounds to %d, want 1", h.round())
	}
	// Negative or zero balances add nothing.
	n := newExactSum(den30)
	n.add(-5, 100)
	n.add(5, 0)
	if n.q != 0 || n.r != 0 {
		t.Errorf("negative added %d %d", n.q, n.r)
	}
	// A numerator far above 64 bits: 9·10^18 × 1.8·10^12 / 3·10^9 = 5.4·10^21 overflows an
	// int64 result, and is reported.
	o := newExactSum(den30)
	o.add(9_000_000_000_000_000_000, 1_800_000_000_000)
	if !o.overflow {
		t.Error("overflow not reported")
	}
}

// TestExactSumMatchesBig: random segments summed by exactSum equal the math/big sum rounded by
// RoundHalfUp.
func TestExactSumMatchesBig(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewSource(7))
	for round := 0; round < 200; round++ {
		den := uint64(den30)
		if round%2 == 1 {
			den = den365
		}
		a := newExactSum(den)
		num := new(big.Int)
		for i := 0; i < 300; i++ {
			x := Dong(rng.Int63n(1_000_000_000_000))
			y := uint64(rng.Int63n(50_000 * 1200 * 400))
			a.add(x, y)
			num.Add(num, new(big.Int).Mul(big.NewInt(int64(x)), new(big.Int).SetUint64(y)))
		}
		want := RoundHalfUp(num, new(big.Int).SetUint64(den))
		if a.overflow || a.round() != want {
			t.Fatalf("round %d: exactSum %d (overflow %v), big %d", round, a.round(), a.overflow, want)
		}
	}
}

func TestDayNum(t *testing.T) {
	t.Parallel()
	tests := []struct {
		d    string
		want int64
	}{
		{"1970-01-01", 0},
		{"1970-01-02", 1},
		{"1969-12-31", -1},
		{"2026-01-10", 20463}, // 56 years × 365 + 14 leap days (1972 … 2024) + 9
	}
	for _, tc := range tests {
		d := MustDate(tc.d)
		if got := dayNum(d); got != tc.want {
			t.Errorf("dayNum(%s) = %d, want %d", tc.d, got, tc.want)
		}
		if back := dateOfDay(tc.want); back != d {
			t.Errorf("dateOfDay(%d) = %s, want %s", tc.want, back, tc.d)
		}
	}
	if a, b := MustDate("2026-02-10"), MustDate("2026-01-10"); dayNum(a)-dayNum(b) != 31 {
		t.Error("10 Jan to 10 Feb is not 31 days")
	}
}

// BenchmarkExactSum compares the two exact accumulators over one loan's ~400 segments.
func BenchmarkExactSum(b *testing.B) {
	b.Run("bits128", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			a := newExactSum(den30)
			for s := 0; s < 400; s++ {
				a.add(Dong(50_000_000+s), uint64(5200*100*(s%31+1)))
			}
			_ = a.round()
		}
	})
	b.Run("bigInt", func(b *testing.B) {
		d := big.NewInt(den30)
		for i := 0; i < b.N; i++ {
			num, term := new(big.Int), new(big.Int)
			for s := 0; s < 400; s++ {
				term.SetInt64(int64(50_000_000 + s))
				num.Add(num, term.Mul(term, big.NewInt(int64(5200*100*(s%31+1)))))
			}
			_ = RoundHalfUp(num, d)
		}
	})
}
