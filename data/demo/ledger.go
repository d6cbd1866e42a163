package demo

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"policycredit/data"
)

// loanShare is the part of scale.Entries the loans' own history may take; savings fill the
// rest. When ten years of loans would take more, the history is shortened instead.
const loanShare = 0.7

// minHorizon is the shortest history, in months, the calibration may choose.
const minHorizon = 24

// demoUser is the user recorded on every generated entry.
const demoUser = "demo"

// vietnam is the office's time zone: entries are posted at 09:00 local time.
var vietnam = time.FixedZone("ICT", 7*3600)

// subStream is the random source of one item of a stage (one loan, one saver), so that items
// can be generated in any order, in parallel, with the same result.
func (g *generator) subStream(stage uint64, item int64) *rand.Rand {
	a := splitmix(uint64(g.seed) ^ splitmix(stage<<40^uint64(item)))
	return rand.New(rand.NewPCG(a, splitmix(a^0x9e3779b97f4a7c15)))
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// parallel runs work(worker, i) for i in 0..n-1 on all processors.
func parallel(n int, work func(worker, i int)) {
	workers := min(runtime.GOMAXPROCS(0), max(n, 1))
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				work(w, i)
			}
		})
	}
	wg.Wait()
}

// villagePoints maps each village index to the index of the point that serves it.
func (g *generator) villagePoints() []int {
	out := make([]int, len(g.ds.Villages))
	for pi, p := range g.ds.Points {
		for _, v := range p.VillageIDs {
			out[v-1] = pi
		}
	}
	return out
}

// estimate is roughly how many ledger entries a planned loan will have by until.
func estimate(pl *plan, until data.Date) float64 {
	l, f := &pl.loan, &pl.fate
	end := until
	if m := l.Maturity(); m.Before(end) {
		end = m
	}
	if !f.payoffOn.IsZero() && f.payoffOn.Before(end) {
		end = f.payoffOn
	}
	months := max(monthsBetween(l.SignedOn, end), 0)
	n := 0.0
	for _, d := range f.tranches {
		if !d.After(end) {
			n++
		}
	}
	interest := months
	if !f.interestFrom.IsZero() {
		interest = max(0, monthsBetween(f.interestFrom, end)+1)
	}
	n += float64(interest)
	if l.Plan.Kind == data.PlanStudent {
		n += float64(max(0, monthsBetween(l.RepaymentStart(), end)) / l.Plan.EveryMonths)
	} else {
		n += float64(max(0, months-l.Plan.GraceMonths) / l.Plan.EveryMonths)
	}
	if !f.payoffOn.IsZero() {
		n++
	}
	return n
}

// calibrateHorizon chooses how many months back loans go: ten years, or less when ten years
// of loans would leave too little of scale.Entries for savings.
func (g *generator) calibrateHorizon(vp []int) int {
	target := float64(g.scale.Entries) * loanShare
	est := func(h int) float64 {
		var n float64
		plans := g.planLoans(h, vp)
		for i := range plans {
			n += estimate(&plans[i], g.until)
		}
		return n
	}
	hi := int(12 * maxHistoryYears)
	if est(hi) <= target {
		return hi
	}
	lo := minHorizon
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if est(mid) <= target {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// struckCommunes draws the communes the office's disaster struck: about a quarter of them.
func (g *generator) struckCommunes() []bool {
	r := g.stream(streamDisaster)
	n := len(g.ds.Communes)
	out := make([]bool, n)
	for _, i := range r.Perm(n)[:max(1, (n+2)/4)] {
		out[i] = true
	}
	return out
}

// loanStats are measurements of one generation, for tests and benchmarks.
type loanStats struct {
	horizon       int   // months of history chosen by calibration
	positionCalls int64 // PositionOn calls made while simulating
	loanEntries   int   // entries of the loans' ledgers
	savers        int
}

// loans builds the loans, their schedules and their histories, then the members' savings,
// and merges everything into one ledger.
func (g *generator) loans() {
	if g.scale.Loans == 0 && g.scale.Entries == 0 {
		return
	}
	vp := g.villagePoints()
	settings := data.DefaultSettings()
	programs := map[string]data.Program{}
	for _, p := range data.DefaultPrograms() {
		programs[p.Code] = p
	}

	horizon := g.calibrateHorizon(vp)
	plans := g.planLoans(horizon, vp)
	g.number(plans)
	g.stats.horizon = horizon

	g.ds.Loans = make([]data.Loan, len(plans))
	g.ds.Schedules = make(map[int64][]data.Installment, len(plans))
	schedules := make([][]data.Installment, len(plans))
	for i := range plans {
		s, err := data.BuildSchedule(plans[i].loan)
		if err != nil {
			panic(fmt.Sprintf("demo: schedule of %+v: %v", plans[i].loan, err))
		}
		schedules[i] = s
		g.ds.Schedules[plans[i].loan.ID] = s
	}

	dis := disasterOf(g.prof.district)
	struck := g.struckCommunes()
	workers := runtime.GOMAXPROCS(0)
	refs := make([]*refCache, workers)
	for w := range refs {
		refs[w] = newRefCache(g.ds.Points)
	}
	env := simEnv{programs: programs, settings: settings, dis: dis, struck: struck}
	sims := make([]simulation, len(plans))
	parallel(len(plans), func(w, i int) {
		sims[i] = g.simulate(plans[i], schedules[i], refs[w], env, nil)
	})
	g.calibrateOverdue(plans, schedules, refs[0], env, sims)
	loanRecs := make([][]rec, len(plans))
	for i := range plans {
		plans[i].loan.Status = sims[i].status
		loanRecs[i] = sims[i].recs
		g.ds.Loans[i] = plans[i].loan
		g.stats.loanEntries += len(loanRecs[i])
		g.stats.positionCalls += sims[i].calls
	}

	ss := g.savers(vp)
	g.stats.savers = len(ss)
	g.calibrateSavings(ss, g.scale.Entries-g.stats.loanEntries)
	saverRecs := make([][]rec, len(ss))
	parallel(len(ss), func(w, i int) {
		saverRecs[i] = compact(ss[i].run(g, refs[w], settings))
	})

	sources := make([]source, 0, len(ss)+len(plans))
	for i, s := range ss {
		sources = append(sources, source{borrowerID: g.ds.Borrowers[s.bi].ID, recs: saverRecs[i]})
	}
	for i := range plans {
		sources = append(sources, source{loanID: plans[i].loan.ID, borrowerID: plans[i].loan.BorrowerID, recs: loanRecs[i]})
	}
	g.merge(sources)
}

// rec is a ledger entry held compactly between simulation and merge.
type rec struct {
	amount data.Dong
	ref    string
	x      *recExtra
	day    int32
	kind   uint8
}

// recExtra holds the fields few entries use.
type recExtra struct {
	installment           int
	newDate, decisionDate data.Date
	decision, note        string
	reverses              int32 // local ID (1-based position in the source) of the reversed entry
}

// kindIndex numbers the kinds by their place in data.Kinds, so that a record holds a byte.
var kindIndex = func() map[data.EntryKind]uint8 {
	m := map[data.EntryKind]uint8{}
	for i, k := range data.Kinds {
		m[k.Kind] = uint8(i)
	}
	return m
}()

// compact turns a source's entries (local IDs 1..n) into records.
func compact(es []data.Entry) []rec {
	out := make([]rec, len(es))
	for i := range es {
		e := &es[i]
		r := rec{amount: e.Amount, ref: e.Ref, day: int32(dayNumber(e.ValueDate)), kind: kindIndex[e.Kind]}
		if e.Installment != 0 || !e.NewDate.IsZero() || e.Decision != "" || !e.DecisionDate.IsZero() || e.Note != "" || e.Reverses != 0 {
			r.x = &recExtra{
				installment: e.Installment, newDate: e.NewDate, decisionDate: e.DecisionDate,
				decision: e.Decision, note: e.Note, reverses: int32(e.Reverses),
			}
		}
		out[i] = r
	}
	return out
}

// source is one loan's or one saver's entries in posting order.
type source struct {
	loanID, borrowerID int64
	recs               []rec
}

// merge orders all entries by value date, then savings before loans, savers by borrower and
// loans by ID, each source keeping its own order; numbers them 1..n; points reversals at the
// final IDs; and numbers the decisions.
func (g *generator) merge(sources []source) {
	lo, hi, total := int32(1<<30), int32(-1<<30), 0
	for _, s := range sources {
		for _, r := range s.recs {
			lo, hi = min(lo, r.day), max(hi, r.day)
		}
		total += len(s.recs)
	}
	if total == 0 {
		return
	}
	next := make([]int, hi-lo+2)
	for _, s := range sources {
		for _, r := range s.recs {
			next[r.day-lo+1]++
		}
	}
	for i := 1; i < len(next); i++ {
		next[i] += next[i-1]
	}
	dates := make([]data.Date, hi-lo+1)
	posted := make([]time.Time, hi-lo+1)
	for d := range dates {
		dates[d] = data.DateOf(time.Unix(int64(int(lo)+d)*86400, 0).UTC())
		posted[d] = time.Date(dates[d].Year(), dates[d].Month(), dates[d].Day(), 9, 0, 0, 0, vietnam).UTC()
	}
	es := make([]data.Entry, total)
	var ids []int64
	for _, s := range sources {
		ids = ids[:0]
		for _, r := range s.recs {
			d := r.day - lo
			pos := next[d]
			next[d]++
			ids = append(ids, int64(pos+1))
			e := &es[pos]
			*e = data.Entry{
				ID: int64(pos + 1), LoanID: s.loanID, BorrowerID: s.borrowerID, Kind: data.Kinds[r.kind].Kind,
				ValueDate: dates[d], Amount: r.amount, Ref: r.ref, PostedAt: posted[d], User: demoUser,
			}
			if x := r.x; x != nil {
				e.Installment, e.NewDate, e.DecisionDate = x.installment, x.newDate, x.decisionDate
				e.Decision, e.Note = x.decision, x.note
				if x.reverses > 0 {
					e.Reverses = ids[x.reverses-1]
				}
			}
		}
	}
	g.numberDecisions(es)
	g.ds.Entries = es
}

// numberDecisions replaces the decision marks with numbers: the office's decisions are
// numbered from the start of each year, with other decisions in between; loans frozen,
// rescheduled or extended on the same day share one decision.
func (g *generator) numberDecisions(es []data.Entry) {
	type key struct {
		mark string
		on   data.Date
	}
	var keys []key
	seen := map[key]bool{}
	for i := range es {
		e := &es[i]
		if e.Decision == decisionMark || e.Decision == writeOffMark {
			k := key{e.Decision, e.DecisionDate}
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if c := keys[i].on.Compare(keys[j].on); c != 0 {
			return c < 0
		}
		return keys[i].mark < keys[j].mark
	})
	r := g.stream(streamDecisions)
	type counter struct {
		mark string
		year int
	}
	last := map[counter]int{}
	numbers := map[key]string{}
	for _, k := range keys {
		c := counter{k.mark, k.on.Year()}
		n, ok := last[c]
		if !ok {
			n = 3 + r.IntN(20) + (k.on.Time().YearDay()-1)/4 // decisions since 1 January
		}
		n += 1 + r.IntN(4)
		last[c] = n
		if k.mark == writeOffMark {
			numbers[k] = fmt.Sprintf("QĐ %d/QĐ-HĐQT", n)
		} else {
			numbers[k] = fmt.Sprintf("QĐ %d/QĐ-NHCS", n)
		}
	}
	for i := range es {
		e := &es[i]
		if e.Decision == decisionMark || e.Decision == writeOffMark {
			e.Decision = numbers[key{e.Decision, e.DecisionDate}]
		}
	}
}
