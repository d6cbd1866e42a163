package demo

import (
	"math/rand/v2"
	"time"

	"policycredit/data"
)

// saver is a group member who saves through the group: a deposit on most transaction days,
// interest credited on 30 June and 31 December, now and then a withdrawal.
type saver struct {
	bi       int
	point    int
	r        *rand.Rand
	earliest data.Date // the first transaction day the member could have saved
	depth    float64   // how far back into the savings window this member goes, relative to others
	monthly  data.Dong
	start    data.Date
}

// Monthly savings of a member, in đồng.
var monthlySavings = []choice[int]{
	{50_000, 30}, {70_000, 5}, {100_000, 30}, {150_000, 12}, {200_000, 15}, {300_000, 5}, {500_000, 3},
}

const (
	noteWithdraw       = "Rút tiền gửi tiết kiệm"
	noteSavingsCredit  = "Trả lãi tiền gửi tiết kiệm 6 tháng"
	skipPercent        = 7    // months a saver misses
	withdrawPerMillion = 2500 // chance of a withdrawal on a transaction day, per million
)

// savers draws who saves: most active group members. Each gets a stream of its own, seeded
// by the borrower, so that calibrating the window changes no one's draws.
func (g *generator) savers(villagePoint []int) []*saver {
	var out []*saver
	for bi := range g.ds.Borrowers {
		b := &g.ds.Borrowers[bi]
		if !b.Active || b.GroupID == 0 {
			continue
		}
		r := g.subStream(streamSavings, b.ID)
		if r.IntN(100) >= 88 {
			continue
		}
		s := &saver{bi: bi, point: villagePoint[b.VillageID-1], r: r}
		day := g.ds.Points[s.point].Day
		s.earliest = monthsAgo(g.until, int(12*maxHistoryYears), day)
		if f := txOnOrAfter(g.ds.Groups[b.GroupID-1].FoundedOn, day); f.After(s.earliest) {
			s.earliest = f
		}
		if a := txOnOrAfter(data.NewDate(b.BirthYear+20, time.January, 1), day); a.After(s.earliest) {
			s.earliest = a
		}
		s.depth = 0.4 + 1.2*r.Float64()
		s.monthly = data.Dong(pick(r, monthlySavings))
		out = append(out, s)
	}
	return out
}

// startFor is where a saver starts within a window of w months back from until.
func (s *saver) startFor(until data.Date, w float64, day int) data.Date {
	st := monthsAgo(until, int(w*s.depth), day)
	if st.Before(s.earliest) {
		st = s.earliest
	}
	return st
}

// expected is the number of entries a saver starting on st is expected to have by until.
func expectedSavings(st, until data.Date) float64 {
	if st.After(until) {
		return 0
	}
	months := float64(monthsBetween(st, until) + 1)
	credits := float64(2*(until.Year()-st.Year()) + 1) // 30 June and 31 December since st
	if until.Month() < time.June {
		credits--
	}
	return months*float64(100-skipPercent)/100 + max(credits, 0)
}

// calibrateSavings chooses the savings window so that the savers' entries come near target.
func (g *generator) calibrateSavings(ss []*saver, target int) {
	total := func(w float64) float64 {
		var n float64
		for _, s := range ss {
			n += expectedSavings(s.startFor(g.until, w, g.ds.Points[s.point].Day), g.until)
		}
		return n
	}
	lo, hi := 0.0, 12*maxHistoryYears/0.4+12
	for range 40 {
		mid := (lo + hi) / 2
		if total(mid) < float64(target) {
			lo = mid
		} else {
			hi = mid
		}
	}
	w := (lo + hi) / 2
	if target <= 0 {
		w = -1
	}
	for _, s := range ss {
		if w < 0 {
			s.start = g.until.AddDays(1)
			continue
		}
		s.start = s.startFor(g.until, w, g.ds.Points[s.point].Day)
	}
}

// run generates the saver's ledger up to the office's end date.
func (s *saver) run(g *generator, refs *refCache, settings data.Settings) []data.Entry {
	until := g.until
	if s.start.After(until) {
		return nil
	}
	r := s.r
	b := &g.ds.Borrowers[s.bi]
	var es []data.Entry
	post := func(e data.Entry) int64 {
		e.ID = int64(len(es) + 1)
		e.BorrowerID = b.ID
		es = append(es, e)
		return e.ID
	}
	var bal data.Dong
	from := s.start
	reversed := false
	for t := s.start; !t.After(until); t = t.AddMonths(1) {
		ref := refs.batch(s.point, t)
		if r.IntN(100) >= skipPercent {
			amount := s.monthly
			switch x := r.IntN(100); {
			case x < 8:
				amount *= 2
			case x < 14:
				amount = max(amount/2/1000*1000, settings.MinSavingsDeposit)
			}
			if !reversed && r.IntN(1500) == 0 {
				id := post(data.Entry{Kind: data.EntryDeposit, ValueDate: t, Amount: amount * 10, Ref: ref, Note: noteWrongKey})
				post(data.Entry{Kind: data.EntryReversal, ValueDate: t, Amount: amount * 10, Reverses: id, Ref: ref, Note: noteReverse})
				post(data.Entry{Kind: data.EntryDeposit, ValueDate: t, Amount: amount, Ref: ref, Note: noteRepost})
				reversed = true
			} else {
				post(data.Entry{Kind: data.EntryDeposit, ValueDate: t, Amount: amount, Ref: ref})
			}
			bal += amount
		}
		if bal >= 500_000 && r.IntN(1_000_000) < withdrawPerMillion {
			w := bal * data.Dong(30+r.IntN(60)) / 100 / 10_000 * 10_000
			if w > 0 {
				post(data.Entry{Kind: data.EntryWithdraw, ValueDate: t, Amount: w, Ref: ref, Note: noteWithdraw})
				bal -= w
			}
		}
		if m := t.Month(); m == time.June || m == time.December {
			credit := data.NewDate(t.Year(), m, 30)
			if m == time.December {
				credit = data.NewDate(t.Year(), m, 31)
			}
			if credit.After(until) {
				continue
			}
			// Interest under 1,000 đồng is left to the next credit.
			if x := data.SavingsInterest(es, from, credit, settings.SavingsRate, settings.InterestBasis); x >= 1_000 {
				post(data.Entry{
					Kind: data.EntrySavingsInterest, ValueDate: credit, Amount: x,
					Ref: "LAITK/" + credit.String(), Note: noteSavingsCredit,
				})
				bal += x
				from = credit
			}
		}
	}
	return es
}
