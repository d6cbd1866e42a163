package data

// SavingsCredit is a half-yearly credit of savings interest: how many accounts earn how much on
// its date, and whether that date was already credited.
type SavingsCredit struct {
	On              Date
	Accounts        int
	Total           Dong
	AlreadyCredited bool
}

// SavingsBalance is a household's savings on date on: deposits plus interest credited minus
// withdrawals, for entries with a value date on or before on. A reversal dated on or before on
// cancels the entry it names. Entries of other kinds are ignored, so the whole ledger of a
// household may be passed.
func SavingsBalance(entries []Entry, on Date) Dong {
	if on.IsZero() {
		return 0
	}
	var bal Dong
	for _, x := range effectiveEntries(entries, dayNum(on), savingsKinds) {
		bal += savingsDelta(x)
	}
	return bal
}

func savingsDelta(x engineEntry) Dong { return kindFacts[x.kind].sign * x.amount }

// SavingsInterest is the interest earned on the daily savings balance for the days t with
// from ≤ t < to, the balance of day t being SavingsBalance(entries, t) (so a deposit earns from
// its value date, a withdrawal stops earning on its value date). Reversals dated on or before
// to are honoured, as PositionOn(to) would. Day interest is balance × monthlyRate / (30 ×
// 1,000,000) on Basis30 and balance × monthlyRate × 12 / (365 × 1,000,000) on Basis365 (any
// other basis counts as Basis30); the sum is exact and rounded half-up once.
func SavingsInterest(entries []Entry, from, to Date, monthlyRate Rate, basis InterestBasis) Dong {
	if from.IsZero() || to.IsZero() || !from.Before(to) || monthlyRate <= 0 {
		return 0
	}
	ab, ok := basisOf(basis)
	if !ok {
		ab, _ = basisOf(Basis30)
	}
	fromDay, toDay := dayNum(from), dayNum(to)
	sum := newExactSum(ab.den)
	var bal Dong
	t := fromDay
	es := effectiveEntries(entries, toDay, savingsKinds)
	i := 0
	for t < toDay {
		for i < len(es) && es[i].day <= t {
			bal += savingsDelta(es[i])
			i++
		}
		next := toDay
		if i < len(es) && es[i].day < next {
			next = es[i].day
		}
		k, ok := mul3(uint64(monthlyRate), ab.perMonth, uint64(next-t))
		if ok {
			sum.add(bal, k)
		}
		t = next
	}
	return sum.round()
}
