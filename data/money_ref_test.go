package data

import "math/big"

// RoundHalfUp divides num by den and rounds half away from zero to the whole đồng. It is the
// tests' exact reference for roundHalfUp, through which the engine rounds every amount.
func RoundHalfUp(num, den *big.Int) Dong {
	if den.Sign() == 0 {
		panic("data.RoundHalfUp: division by zero")
	}
	n := new(big.Int).Set(num)
	d := new(big.Int).Set(den)
	if d.Sign() < 0 {
		n.Neg(n)
		d.Neg(d)
	}
	neg := n.Sign() < 0
	if neg {
		n.Neg(n)
	}
	q, r := new(big.Int).QuoRem(n, d, new(big.Int))
	return roundHalfUp(Dong(q.Int64()), new(big.Int).Lsh(r, 1).Cmp(d) >= 0, neg)
}
