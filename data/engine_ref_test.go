package data

import (
	"math/big"
	"math/rand"
	"sort"
	"strings"
	"testing"
)

// refPosition is a slow, day-by-day reading of the rules, written apart from the engine: for
// each day it rebuilds the balances from the ledger, lays the principal along the schedule
// installment by installment, and adds the day's interest to math/big numerators.
func refPosition(b Book, on Date) (cur, ovd, frz, interest, penalty Dong, statuses string) {
	onDay := dayNum(on)
	// Reversals dated on or before on void their originals everywhere.
	isReversal := map[int64]bool{}
	for _, e := range b.Entries {
		if e.Kind == EntryReversal {
			isReversal[e.ID] = true
		}
	}
	voided := map[int64]bool{}
	for _, e := range b.Entries {
		if e.Kind == EntryReversal && dayNum(e.ValueDate) <= onDay && !isReversal[e.Reverses] {
			voided[e.Reverses] = true
		}
	}
	var es []Entry
	for _, e := range b.Entries {
		if loanKind(e.Kind) && !voided[e.ID] && dayNum(e.ValueDate) <= onDay {
			es = append(es, e)
		}
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].ValueDate.Before(es[j].ValueDate) })

	pct := int64(b.Settings.PenaltyPercent)
	den, nf, pf := int64(30*RateScale*100), int64(100), pct
	if b.Settings.InterestBasis == Basis365 {
		den, nf, pf = 365*RateScale*100, 1200, 12*pct
	}
	inum, pnum := new(big.Int), new(big.Int)

	// state at the end of day t
	state := func(t int64) (cur, ovd, frz Dong, st string) {
		var dis, covered, repaid, f Dong
		due := make([]int64, len(b.Schedule))
		for i, in := range b.Schedule {
			due[i] = dayNum(in.Due)
		}
		for _, e := range es {
			if dayNum(e.ValueDate) > t {
				continue
			}
			switch e.Kind {
			case EntryDisburse:
				dis += e.Amount
			case EntryPrincipal:
				covered += e.Amount
				repaid += e.Amount
			case EntryFreeze:
				f += e.Amount
			case EntryUnfreeze:
				f -= e.Amount
			case EntryWriteOff:
				covered += e.Amount
				f -= min(max(f, 0), e.Amount)
			case EntryReschedule:
				due[e.Installment-1] = dayNum(e.NewDate)
			case EntryExtend:
				due[len(due)-1] = dayNum(e.NewDate)
			}
		}
		out := dis - covered
		f = max(0, min(f, out))
		idx := make([]int, len(due))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(i, j int) bool { return due[idx[i]] < due[idx[j]] })
		letters := make([]byte, len(due))
		var lo Dong
		for j, k := range idx {
			p := b.Schedule[k].Principal
			hi := lo + p
			owedHi := hi
			if j == len(idx)-1 {
				owedHi = max(hi, dis)
			}
			paid := overlap(lo, hi, 0, covered)
			owed := overlap(lo, owedHi, covered+f, dis)
			if due[k] < t {
				ovd += owed
			}
			switch {
			case paid >= p && overlap(lo, hi, repaid, covered) > 0: // the written-off band lies above the repaid one
				letters[k] = 'w'
			case paid >= p:
				letters[k] = 'p'
			case owed > 0 && due[k] < t:
				letters[k] = 'o'
			case overlap(lo, hi, covered, covered+f) > 0:
				letters[k] = 'f'
			default:
				letters[k] = 'd'
			}
			lo = hi
		}
		return out - f - ovd, ovd, f, string(letters)
	}
	if len(es) > 0 {
		for t := dayNum(es[0].ValueDate); t < onDay; t++ {
			c, o, f, _ := state(t)
			r, ok := RateOn(b.Loan.RateOverrides, dateOfDay(t))
			if !ok {
				r, _ = RateOn(b.Rates, dateOfDay(t))
			}
			base := c
			if b.Settings.FrozenAccrues {
				base += f
			}
			inum.Add(inum, big.NewInt(int64(base)*int64(r)*nf))
			pnum.Add(pnum, big.NewInt(int64(o)*int64(r)*pf))
		}
	}
	cur, ovd, frz, statuses = state(onDay)
	return cur, ovd, frz, RoundHalfUp(inum, big.NewInt(den)), RoundHalfUp(pnum, big.NewInt(den)), statuses
}

// randomBook opens a random loan and posts random entries, keeping those CheckEntry accepts.
func randomBook(t testing.TB, rng *rand.Rand) Book {
	terms := []int{3, 6, 12, 18, 24, 36}
	every := EveryMonthsAllowed[rng.Intn(len(EveryMonthsAllowed))]
	term := terms[rng.Intn(len(terms))]
	l := equalLoan(Dong(rng.Intn(100)+1)*1_000_000+Dong(rng.Intn(1_000_000)),
		MustDate("2025-06-01").AddDays(rng.Intn(300)).String(), term, every, rng.Intn(term/2+1)/every*every)
	if l.Plan.GraceMonths >= term {
		l.Plan.GraceMonths = 0
	}
	if rng.Intn(4) == 0 {
		l.RateOverrides = []RatePeriod{{Effective: l.SignedOn.AddDays(rng.Intn(200)), Rate: Rate(3000 + rng.Intn(4000))}}
	}
	b := bookOf(t, l)
	if rng.Intn(3) == 0 {
		b.Settings.InterestBasis = Basis365
	}
	b.Settings.FrozenAccrues = rng.Intn(3) == 0
	b.Settings.PenaltyPercent = []int{130, 130, 150, 100}[rng.Intn(4)]

	post := func(e Entry) bool {
		if CheckEntry(b, e) != nil {
			return false
		}
		e.ID = int64(len(b.Entries) + 1)
		b.Entries = append(b.Entries, e)
		return true
	}
	first := l.SignedOn.AddDays(rng.Intn(10))
	if rng.Intn(3) == 0 {
		post(Entry{Kind: EntryDisburse, ValueDate: first, Amount: l.Amount / 2})
		post(Entry{Kind: EntryDisburse, ValueDate: first.AddDays(20 + rng.Intn(60)), Amount: l.Amount - l.Amount/2})
	} else {
		post(Entry{Kind: EntryDisburse, ValueDate: first, Amount: l.Amount})
	}
	span := l.SignedOn.DaysUntil(l.Maturity()) + 120
	kinds := []EntryKind{EntryPrincipal, EntryPrincipal, EntryPrincipal, EntryInterest, EntryInterest,
		EntryPenalty, EntryFreeze, EntryUnfreeze, EntryWriteOff, EntryReschedule, EntryExtend, EntryReversal}
	upTo := func(x Dong) Dong {
		if x <= 0 {
			return 1
		}
		return Dong(rng.Int63n(int64(x))) + 1
	}
	for tries := 0; tries < 60; tries++ {
		d := l.SignedOn.AddDays(rng.Intn(span))
		p, err := PositionOn(b, d)
		if err != nil {
			t.Fatal(err)
		}
		e := Entry{Kind: kinds[rng.Intn(len(kinds))], ValueDate: d, Decision: "QĐ"}
		switch e.Kind {
		case EntryPrincipal:
			e.Amount = upTo(p.Current + p.Overdue)
		case EntryInterest:
			e.Amount = upTo(p.InterestDue)
		case EntryPenalty:
			e.Amount = upTo(p.PenaltyDue)
		case EntryFreeze:
			e.Amount = upTo(p.Current + p.Overdue)
		case EntryUnfreeze:
			e.Amount = upTo(p.Frozen)
		case EntryWriteOff:
			e.Amount = upTo(p.Principal() / 4)
		case EntryReschedule:
			for _, in := range p.Installments {
				if in.Status != InstPaid && in.No < len(p.Installments) {
					e.Installment = in.No
					e.NewDate = in.Due.AddDays(1 + rng.Intn(20))
					break
				}
			}
		case EntryExtend:
			e.NewDate = p.Maturity.AddDays(1 + rng.Intn(200))
		case EntryReversal:
			if len(b.Entries) > 0 {
				orig := b.Entries[rng.Intn(len(b.Entries))]
				e.Reverses = orig.ID
				if orig.ValueDate.After(d) {
					e.ValueDate = orig.ValueDate.AddDays(rng.Intn(30))
				}
			}
		}
		post(e)
	}
	return b
}

// TestPositionOnMatchesReference compares the engine with the day-by-day reference on random
// ledgers, on random dates.
func TestPositionOnMatchesReference(t *testing.T) {
	t.Parallel()
	books := 150
	if testing.Short() {
		books = 30
	}
	rng := rand.New(rand.NewSource(2026))
	kinds := map[EntryKind]int{}
	for n := 0; n < books; n++ {
		b := randomBook(t, rng)
		for _, e := range b.Entries {
			kinds[e.Kind]++
		}
		span := b.Loan.SignedOn.DaysUntil(b.Loan.Maturity()) + 400
		for k := 0; k < 6; k++ {
			on := b.Loan.SignedOn.AddDays(rng.Intn(span))
			p, err := PositionOn(b, on)
			if err != nil {
				t.Fatalf("book %d on %s: %v", n, on, err)
			}
			cur, ovd, frz, in, pen, st := refPosition(b, on)
			if got := summarise(p); got.Current != cur || got.Overdue != ovd || got.Frozen != frz ||
				got.InterestAccrued != in || got.PenaltyAccrued != pen || got.Statuses != st {
				var desc strings.Builder
				for _, e := range b.Entries {
					desc.WriteString("\n  " + e.ValueDate.String() + " " + string(e.Kind))
				}
				t.Fatalf("book %d on %s:\n engine    %d %d %d %d %d %s\n reference %d %d %d %d %d %s%s",
					n, on, got.Current, got.Overdue, got.Frozen, got.InterestAccrued, got.PenaltyAccrued, got.Statuses,
					cur, ovd, frz, in, pen, st, desc.String())
			}
		}
	}
	// The generator must have exercised every kind of loan entry.
	for _, k := range []EntryKind{EntryDisburse, EntryPrincipal, EntryInterest, EntryPenalty, EntryFreeze,
		EntryUnfreeze, EntryWriteOff, EntryReschedule, EntryExtend, EntryReversal} {
		if kinds[k] == 0 {
			t.Errorf("no %s entry was accepted in the random ledgers", k)
		}
	}
	t.Logf("entries accepted: %v", kinds)
}

// tenYearBook: 100,000,000 over 10 years, 120 monthly installments, program 01 across its rate
// change, with 250 entries: the disbursement, 120 installments repaid (a few late), 120
// interest payments, a reschedule, a freeze and its unfreeze, an extension, some reversals.
func tenYearBook(t testing.TB) (Book, Date) {
	l := equalLoan(100_000_000, "2025-06-15", 120, 1, 0)
	b := bookOf(t, l)
	add := func(e Entry) {
		e.ID = int64(len(b.Entries) + 1)
		b.Entries = append(b.Entries, e)
	}
	add(ent(EntryDisburse, "2025-06-15", 100_000_000))
	for k := 1; k <= 119; k++ {
		due := l.SignedOn.AddMonths(k)
		pay := due
		if k%17 == 0 {
			pay = due.AddDays(12) // late: overdue for a while
		}
		// Interest paid: 28 days' worth on the balance of the month, never more than accrued.
		interest := (100_000_000 - Dong(k-1)*833_333) * 5200 * 28 / (30 * RateScale)
		add(Entry{Kind: EntryPrincipal, ValueDate: pay, Amount: 833_333})
		add(Entry{Kind: EntryInterest, ValueDate: pay, Amount: interest})
		if k == 40 {
			add(Entry{Kind: EntryFreeze, ValueDate: pay.AddDays(3), Amount: 5_000_000, Decision: "QĐ"})
		}
		if k == 52 {
			add(Entry{Kind: EntryUnfreeze, ValueDate: pay.AddDays(3), Amount: 5_000_000})
		}
		if k == 60 {
			add(Entry{Kind: EntryReschedule, ValueDate: pay, Installment: 61, NewDate: due.AddMonths(1).AddDays(10), Decision: "QĐ"})
		}
		if k%30 == 0 {
			add(Entry{Kind: EntryReversal, ValueDate: pay.AddDays(2), Reverses: int64(len(b.Entries))})
			add(Entry{Kind: EntryInterest, ValueDate: pay.AddDays(2), Amount: interest})
		}
	}
	add(Entry{Kind: EntryExtend, ValueDate: MustDate("2035-06-01"), NewDate: MustDate("2036-03-15"), Decision: "QĐ"})
	return b, MustDate("2035-12-31")
}

func TestTenYearBook(t *testing.T) {
	t.Parallel()
	b, on := tenYearBook(t)
	if n := len(b.Entries); n < 240 || n > 260 {
		t.Fatalf("%d entries, want about 250", n)
	}
	// Every entry passes CheckEntry when posted in order.
	replay := b
	replay.Entries = nil
	for _, e := range b.Entries {
		if err := CheckEntry(replay, e); err != nil {
			t.Fatalf("entry %d (%s %s %d): %v", e.ID, e.ValueDate, e.Kind, e.Amount, err)
		}
		replay.Entries = append(replay.Entries, e)
	}
	p, err := PositionOn(b, on)
	if err != nil {
		t.Fatal(err)
	}
	// 119 installments of 833,333 repaid: 100,000,000 − 99,166,627 = 833,373 left, current on
	// 2035-12-31 because maturity was extended to 2036-03-15.
	if p.Current != 833_373 || p.Overdue != 0 || p.Frozen != 0 || p.Maturity != MustDate("2036-03-15") || p.InterestDue <= 0 {
		t.Errorf("position %+v", summarise(p))
	}
	cur, ovd, frz, in, pen, st := refPosition(b, on)
	if p.Current != cur || p.Overdue != ovd || p.Frozen != frz || p.InterestAccrued != in || p.PenaltyAccrued != pen || summarise(p).Statuses != st {
		t.Errorf("engine %+v\nreference %d %d %d %d %d %s", summarise(p), cur, ovd, frz, in, pen, st)
	}
}

// BenchmarkPositionOn: one 10-year monthly loan with about 250 entries.
func BenchmarkPositionOn(b *testing.B) {
	book, on := tenYearBook(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := PositionOn(book, on); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckEntry: checking one more principal repayment against the same book (the
// position on its date and the replay of the ledger).
func BenchmarkCheckEntry(b *testing.B) {
	book, _ := tenYearBook(b)
	e := ent(EntryPrincipal, "2035-12-31", 1_000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := CheckEntry(book, e); err != nil {
			b.Fatal(err)
		}
	}
}
