package demo

import (
	"math/rand/v2"

	"policycredit/data"
)

// simEnv is what every loan's simulation shares.
type simEnv struct {
	programs map[string]data.Program
	settings data.Settings
	dis      disaster
	struck   []bool // by commune index
}

// simulation is one loan's simulated history and where it stands on the end date.
type simulation struct {
	recs                 []rec
	status               data.LoanStatus
	calls                int64
	overdue, outstanding data.Dong // on the end date
}

// simulate runs one loan's history on its own stream. tweak, when given, changes the fate the
// stream drew before the history runs: the calibration's way to settle or add overdue debt
// while every other draw of the loan stays the same.
func (g *generator) simulate(pl plan, schedule []data.Installment, refs *refCache, env simEnv, tweak func(h *history)) simulation {
	b := &g.ds.Borrowers[pl.bi]
	h := &history{
		g: g, r: g.subStream(streamHistory, pl.loan.ID), pl: &pl, refs: refs,
		day: g.ds.Points[pl.point].Day, dis: env.dis,
		hit: env.struck[g.ds.Villages[b.VillageID-1].CommuneID-1],
		book: data.Book{
			Loan: pl.loan, Schedule: schedule, Rates: env.programs[pl.loan.ProgramCode].Rates,
			Settings: env.settings, Entries: make([]data.Entry, 0, 64),
		},
	}
	h.decideFate()
	if tweak != nil {
		tweak(h)
	}
	h.run()
	p := h.position(g.until)
	return simulation{
		recs: compact(h.book.Entries), status: h.status, calls: int64(h.calls),
		overdue: p.Overdue, outstanding: p.Principal(),
	}
}

// The office's overdue ratio on the end date is brought into this band (in millionths of
// outstanding): real offices report 0.05–0.3 %. Left to chance, a three-commune office swings
// from nothing to 0.5 % with a couple of loans, and would not look real on every day.
// An office above the band settles loans down to settledRatioPPM, so that its weak communes
// stand out.
const (
	lowRatioPPM     = 800
	highRatioPPM    = 2_500
	settledRatioPPM = 1_800
)

// calibrateOverdue makes the end date look like a real office's: no overdue debt in the clean
// communes, some in every other commune, and an office ratio within the band. It re-simulates
// the loans it changes with a tweaked fate: a loan settled pays all that is due on its last
// transaction day; a loan stopped has paid no principal for a few months. Loans are taken in
// an order drawn from the seed, so the same seed and end date give the same office.
func (g *generator) calibrateOverdue(plans []plan, schedules [][]data.Installment, refs *refCache, env simEnv, sims []simulation) {
	r := g.stream(streamCalibrate)
	n := len(g.ds.Communes)
	communeOf := func(i int) int { return int(g.ds.Villages[g.ds.Borrowers[plans[i].bi].VillageID-1].CommuneID - 1) }
	overdueLoans := make([]int, n)
	cOverdue, cOutstanding := make([]data.Dong, n), make([]data.Dong, n)
	var overdue, outstanding data.Dong
	count := func(i, sign int) {
		c, d := communeOf(i), data.Dong(sign)
		overdue += d * sims[i].overdue
		outstanding += d * sims[i].outstanding
		cOverdue[c] += d * sims[i].overdue
		cOutstanding[c] += d * sims[i].outstanding
		if sims[i].overdue > 0 {
			overdueLoans[c] += sign
		}
	}
	for i := range sims {
		count(i, 1)
	}
	redo := func(i int, tweak func(h *history)) {
		count(i, -1)
		sims[i] = g.simulate(plans[i], schedules[i], refs, env, tweak)
		count(i, 1)
	}
	ratioPPM := func() int64 {
		if outstanding == 0 {
			return 0
		}
		return int64(overdue) * 1_000_000 / int64(outstanding)
	}
	// stopOne stops loan i's borrower unless that takes the office above the band.
	stopOne := func(i int) {
		tw := g.stop(r, plans[i], sims[i])
		if tw == nil {
			return
		}
		was := sims[i]
		redo(i, tw)
		if ratioPPM() > highRatioPPM {
			count(i, -1)
			sims[i] = was
			count(i, 1)
		}
	}
	// The loans of each standing, in an order drawn from the seed.
	order := r.Perm(len(plans))
	var byStanding [3][]int
	for _, i := range order {
		s := g.standingOf(plans[i].bi)
		byStanding[s] = append(byStanding[s], i)
	}

	for _, i := range byStanding[standingClean] {
		if sims[i].overdue > 0 {
			redo(i, settle)
		}
	}
	// Every other commune has some overdue debt, or it would count as clean.
	for _, s := range []standing{standingWeak, standingUsual} {
		for _, i := range byStanding[s] {
			if c := communeOf(i); overdueLoans[c] == 0 {
				stopOne(i)
			}
		}
	}
	// Too much overdue: the usual communes settle first, so that the weak stay worst; the
	// last overdue loan of a commune stays.
	settleTo := int64(highRatioPPM)
	if ratioPPM() > highRatioPPM {
		settleTo = settledRatioPPM
	}
	for _, s := range []standing{standingUsual, standingWeak} {
		for _, i := range byStanding[s] {
			if ratioPPM() <= settleTo {
				break
			}
			if sims[i].overdue > 0 && overdueLoans[communeOf(i)] > 1 {
				redo(i, settle)
			}
		}
	}
	// Too little: borrowers of the weak communes stop paying first.
	for _, s := range []standing{standingWeak, standingUsual} {
		for _, i := range byStanding[s] {
			if ratioPPM() >= lowRatioPPM || outstanding == 0 {
				break
			}
			stopOne(i)
		}
	}
	// The weak communes clearly worse than the office, at least twice its ratio.
	worstIsClear := func() bool {
		for c := range cOverdue {
			if cOutstanding[c] > 0 && int64(cOverdue[c])*1_000_000/int64(cOutstanding[c]) >= 2*ratioPPM() {
				return true
			}
		}
		return false
	}
	// Usual communes settle some of their arrears first (all of them, while no more than two
	// thirds of the communes are without overdue debt), then weak ones fall further behind.
	withoutOverdue := func() int {
		k := 0
		for _, x := range overdueLoans {
			if x == 0 {
				k++
			}
		}
		return k
	}
	for _, i := range byStanding[standingUsual] {
		if worstIsClear() || ratioPPM() <= lowRatioPPM*3/2 {
			break
		}
		if sims[i].overdue > 0 && (overdueLoans[communeOf(i)] > 1 || withoutOverdue() < 2*n/3) {
			was := sims[i]
			redo(i, settle)
			if ratioPPM() < lowRatioPPM {
				count(i, -1)
				sims[i] = was
				count(i, 1)
			}
		}
	}
	for _, i := range byStanding[standingWeak] {
		if worstIsClear() || ratioPPM() >= highRatioPPM {
			break
		}
		stopOne(i)
	}
}

// settle makes the borrower pay all that is due on the loan's last transaction day.
func settle(h *history) { h.pl.fate.settle = true }

// stop returns a tweak by which the borrower of a running loan, in good standing on the end
// date, stopped paying principal one to six months before it; nil when the loan is not one
// that could (closed, frozen, a student's, or due to end or be refinanced).
func (g *generator) stop(r *rand.Rand, pl plan, sim simulation) func(h *history) {
	l := &pl.loan
	if sim.overdue > 0 || sim.outstanding == 0 || sim.status != data.LoanActive || l.Plan.Kind == data.PlanStudent ||
		!pl.fate.payoffOn.IsZero() || !pl.fate.nextSigned.IsZero() || !l.Maturity().After(g.until) {
		return nil
	}
	from := txOnOrBefore(g.until, g.ds.Points[pl.point].Day).AddMonths(-1 - r.IntN(6))
	if monthsBetween(l.SignedOn, from) < 8 {
		return nil
	}
	interest := r.IntN(100) < 50
	return func(h *history) {
		f := &h.pl.fate
		if !f.freezeOn.IsZero() || !f.stopOn.IsZero() || !f.payoffOn.IsZero() {
			return // the loan's own fate ends it otherwise
		}
		f.arrearsFrom, f.arrearsTo, f.arrearsInterest = from, data.Date{}, interest
		f.extend, f.settle = false, false
	}
}
