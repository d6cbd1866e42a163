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
	return SavingsInterestUnder(entries, from, to, Settings{SavingsRate: monthlyRate, InterestBasis: basis})
}

// SavingsInterestUnder is SavingsInterest at the dated savings rate and interest basis of s
// (its Rules, else its undated fields): each day earns at the rate and basis in force on it.
func SavingsInterestUnder(entries []Entry, from, to Date, s Settings) Dong {
	if from.IsZero() || to.IsZero() || !from.Before(to) {
		return 0
	}
	const den = den30 * 73 // = den365 × 6: both bases exactly, so one sum over a basis change
	fromDay, toDay := dayNum(from), dayNum(to)
	changes := s.ruleChanges(fromDay, toDay, RuleSavingsRate, RuleInterestBasis)
	sum := newExactSum(den)
	var bal Dong
	t := fromDay
	es := effectiveEntries(entries, toDay, savingsKinds)
	i, c := 0, 0
	for t < toDay {
		for i < len(es) && es[i].day <= t {
			bal += savingsDelta(es[i])
			i++
		}
		for c < len(changes) && changes[c] <= t {
			c++
		}
		next := toDay
		if i < len(es) && es[i].day < next {
			next = es[i].day
		}
		if c < len(changes) && changes[c] < next {
			next = changes[c]
		}
		in := s.InForce(dateOfDay(t))
		ab, ok := basisOf(in.InterestBasis)
		if !ok {
			ab, _ = basisOf(Basis30)
		}
		if in.SavingsRate > 0 {
			k, ok := mul3(uint64(in.SavingsRate), ab.perMonth*(den/ab.den), uint64(next-t))
			if ok {
				sum.add(bal, k)
			}
		}
		t = next
	}
	return sum.round()
}
