package demo

import (
	"math/rand/v2"
	"sort"

	"policycredit/data"
)

// streamOutcomes numbers the random stream of what the loans achieve and of the households'
// category history: a stage of its own, after the loans, so that adding it changed nothing
// that came before.
const streamOutcomes uint64 = 0x0c0e

// outcomes records what each loan achieves, as its program asks, and the category history of
// the households that rose out of poverty. Near-poor and newly-out households that borrowed
// from a poverty program were poor once: each gets the day it left poverty, after its first
// such loan when that came first (the loan helped), else a few months before it (a household
// newly out of poverty borrows as one).
func (g *generator) outcomes() {
	r := g.stream(streamOutcomes)
	first := map[int64]data.Date{} // each household's first poverty-program loan
	for i := range g.ds.Loans {
		l := &g.ds.Loans[i]
		switch l.ProgramCode {
		case "03":
			// A job-creation loan keeps the borrower's own job and often makes one or two more.
			l.Outcome.Jobs = l.Units + pick(r, []choice[int]{{0, 45}, {1, 40}, {2, 15}})
		case "04", "26":
			l.Outcome.Jobs = 1
		case "07", "12":
			l.Outcome.Houses = 1
		case "28":
			if r.IntN(100) < 60 { // the rest of the programme's loans are for land and production
				l.Outcome.Houses = 1
			}
		case "06":
			// A well or a water tank, and a latrine more often than not.
			l.Outcome.WaterWorks = max(l.Units, 1) + pick(r, []choice[int]{{0, 40}, {1, 60}})
			l.Outcome.WaterWorks = min(l.Outcome.WaterWorks, 2)
		case "02":
			l.Outcome.Students = 1
			l.Outcome.StudyMonths = studyMonths(l)
		}
		for _, code := range data.PovertyPrograms {
			if l.ProgramCode == code {
				if d, ok := first[l.BorrowerID]; !ok || l.SignedOn.Before(d) {
					first[l.BorrowerID] = l.SignedOn
				}
			}
		}
	}
	for _, b := range g.ds.Borrowers {
		d, ok := first[b.ID]
		if !ok || (b.Category != data.CategoryNearPoor && b.Category != data.CategoryNewlyOut) {
			continue
		}
		on := leftPovertyOn(r, d, g.until)
		g.ds.CategoryChanges = append(g.ds.CategoryChanges, data.CategoryChange{BorrowerID: b.ID, On: on,
			From: data.CategoryPoor, To: b.Category})
	}
	sortChanges(g.ds.CategoryChanges)
}

// leftPovertyOn is the day a household whose first poverty-program loan was signed on loan
// left poverty: one to four years later when that is before the office's end date, else a
// few months before the loan.
func leftPovertyOn(r *rand.Rand, loan, until data.Date) data.Date {
	after := loan.AddMonths(12 + r.IntN(37))
	if after.Before(until) {
		return after
	}
	return loan.AddMonths(-1 - r.IntN(12))
}

// studyMonths are the months of study a student loan pays for: its units (the months it is
// counted for) or, without them, ten months a school year of the course.
func studyMonths(l *data.Loan) int {
	if l.Units > 0 {
		return l.Units
	}
	if l.Plan.CourseEnds.IsZero() {
		return 10
	}
	return max(10, 10*((l.SignedOn.DaysUntil(l.Plan.CourseEnds)+180)/365))
}

// sortChanges puts a category history in date order, households by ID on the same day.
func sortChanges(cs []data.CategoryChange) {
	sort.Slice(cs, func(i, j int) bool {
		if c := cs[i].On.Compare(cs[j].On); c != 0 {
			return c < 0
		}
		return cs[i].BorrowerID < cs[j].BorrowerID
	})
}
