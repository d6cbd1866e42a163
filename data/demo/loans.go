package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"policycredit/data"
)

// TodayISO is the pinned day of tests and benchmarks: they generate the demo office up to it,
// so that their figures do not move with the clock. The command line and the app generate the
// office up to the working date instead.
const TodayISO = "2026-11-20"

// Today is TodayISO as a date. Go has no constant of a struct type: treat it as a constant.
var Today = data.MustDate(TodayISO)

// EarliestUntil is the earliest end date of a demo office: its groups were founded up to the
// end of 2024, and its disasters struck in 2024 and 2025.
var EarliestUntil = data.MustDate("2025-01-01")

// maxHistoryYears is how far back the oldest loans were signed: design.md's large office
// holds ten years of ledger.
const maxHistoryYears = 10.0

// role is why a loan exists beside the household's others.
type role uint8

const (
	roleMain  role = iota // the loan of the household's category program
	roleChain             // an earlier or later loan of a program the household already has
	roleExtra             // a loan of another program running beside the main one
)

// plan is one loan as the planner draws it, with the events its history will show.
type plan struct {
	loan  data.Loan
	bi    int // borrower index in ds.Borrowers
	point int // index in ds.Points of the borrower's transaction point
	role  role
	rank  int // draw order, breaks ties when loans are numbered
	fate  fate
}

// fate is what will happen to a loan; the history stage fills in the details on the loan's
// own random stream.
type fate struct {
	payoffOn   data.Date // repaid in full on this transaction day before maturity; zero: none
	payoffNote string
	// interestFrom: students who pay no interest while studying start paying on this date
	interestFrom data.Date
	tranches     []data.Date // disbursement dates; one unless a student loan
	// Arrears: from arrearsFrom the borrower pays no principal (and no interest unless
	// arrearsInterest) until the transaction day arrearsTo, when he pays everything overdue.
	// arrearsTo zero means he has not resumed by the end date.
	arrearsFrom, arrearsTo data.Date
	arrearsInterest        bool
	latePercent            int  // chance an installment is paid one transaction day late
	reschedule             bool // one installment is moved by a decision
	extend                 bool // final maturity is extended by a decision
	prepay                 bool // a voluntary partial repayment ahead of the schedule
	reversal               bool // one payment is keyed wrongly, reversed and posted again
	// Freeze: payments stop on stopOn (a disaster) and the whole outstanding is frozen on
	// freezeOn; a write-off follows on writeOffOn when set.
	stopOn, freezeOn, writeOffOn data.Date
	freezeNote, writeOffNote     string
	freezeDecided                data.Date // decision date of the freeze
	// nextSigned is when the household signed its next loan of the same family: this one
	// must be settled by then, so it is never extended, frozen or left in arrears past it.
	nextSigned data.Date
	// settle: on its last transaction day before the end date the borrower pays all that is
	// due, so the loan ends its history with nothing overdue (see calibrateOverdue).
	settle bool
}

// Programs by household category: most households borrow from the program of their standing.
var (
	poorLowland  = []choice[string]{{"01", 96}, {"07", 2}, {"05", 2}}
	poorUpland   = []choice[string]{{"01", 68}, {"28", 20}, {"05", 5}, {"07", 7}}
	nearPoorMix  = []choice[string]{{"19", 97}, {"05", 3}}
	newlyOutMix  = []choice[string]{{"09", 100}}
	beneficiary  = []choice[string]{{"03", 68}, {"06", 13}, {"02", 11}, {"26", 4}, {"05", 4}}
	otherMix     = []choice[string]{{"03", 48}, {"06", 32}, {"02", 15}, {"05", 5}}
	outsideMix   = []choice[string]{{"03", 62}, {"12", 6}, {"26", 10}, {"02", 22}}
	extraLowland = []choice[string]{{"06", 500}, {"02", 240}, {"03", 190}, {"07", 25}, {"12", 5}, {"26", 10}, {"05", 30}}
	extraUpland  = []choice[string]{{"06", 40}, {"02", 16}, {"03", 11}, {"07", 10}, {"28", 16}, {"05", 6}, {"26", 1}}
)

// programWindow: a program lends only between these dates (its decree and, for 07, its end).
var programWindow = map[string][2]data.Date{
	"09": {data.MustDate("2015-07-01"), {}}, // Decision 28/2015/QĐ-TTg
	"12": {data.MustDate("2016-01-01"), {}}, // Decree 100/2015/NĐ-CP
	"07": {data.MustDate("2015-10-01"), data.MustDate("2021-12-31")},
	"28": {data.MustDate("2023-03-01"), {}}, // Decision 1719/QĐ-TTg
	"26": {data.MustDate("2023-09-01"), {}}, // Decision 22/2023/QĐ-TTg
}

// Purposes written on contracts, by program.
var purposes = map[string][]string{
	"01": {"Chăn nuôi bò sinh sản", "Chăn nuôi lợn thịt", "Nuôi gà, vịt", "Trồng keo lá tràm", "Trồng lúa, ngô", "Trồng cây ăn quả", "Mua máy cày mini", "Chăn nuôi dê"},
	"19": {"Chăn nuôi bò sinh sản", "Chăn nuôi lợn thịt", "Trồng keo lá tràm", "Buôn bán nhỏ", "Trồng rau màu", "Nuôi trồng thủy sản", "Làm dịch vụ xay xát"},
	"09": {"Chăn nuôi bò thịt", "Mở rộng chuồng trại", "Trồng cây ăn quả", "Buôn bán tạp hóa", "Nuôi trồng thủy sản", "Mua máy tuốt lúa"},
	"05": {"Chăn nuôi trâu, bò", "Trồng rừng sản xuất", "Trồng chè, cà phê", "Mua máy móc nông nghiệp"},
	"03": {"Mở rộng sản xuất, tạo việc làm", "Mở xưởng mộc dân dụng", "Kinh doanh dịch vụ ăn uống", "Sửa chữa xe máy", "May mặc gia công", "Chăn nuôi trang trại nhỏ"},
	"06": {"Xây dựng giếng khoan", "Xây bể chứa nước mưa", "Xây nhà tiêu hợp vệ sinh", "Lắp đặt hệ thống lọc nước", "Xây dựng công trình nước sạch và nhà tiêu"},
	"02": {"Chi phí học tập đại học", "Chi phí học tập cao đẳng", "Chi phí học nghề trung cấp"},
	"07": {"Xây dựng nhà ở", "Sửa chữa, nâng cấp nhà ở"},
	"28": {"Hỗ trợ làm nhà ở", "Chuyển đổi nghề, phát triển sản xuất", "Mua đất sản xuất"},
	"12": {"Mua nhà ở xã hội", "Xây dựng mới nhà ở", "Cải tạo, sửa chữa nhà ở"},
	"26": {"Sản xuất, kinh doanh sau khi chấp hành xong án phạt tù"},
}

// Terms in months by program, and the usual installment periods.
var (
	termsPoor     = []choice[int]{{36, 14}, {48, 14}, {60, 44}, {72, 5}, {84, 9}, {96, 4}, {120, 10}}
	termsFive     = []choice[int]{{36, 28}, {48, 24}, {60, 48}}
	termsJobs     = []choice[int]{{36, 30}, {48, 20}, {60, 38}, {84, 6}, {120, 6}}
	termsWater    = []choice[int]{{36, 14}, {48, 22}, {60, 64}}
	termsPrison   = []choice[int]{{60, 40}, {84, 20}, {120, 40}}
	termsHousing  = []choice[int]{{180, 70}, {240, 15}, {300, 15}}
	everyUsual    = []choice[int]{{6, 46}, {12, 26}, {3, 18}, {1, 10}}
	everyWater    = []choice[int]{{6, 50}, {12, 34}, {3, 16}}
	everyStudents = []choice[int]{{6, 50}, {3, 38}, {1, 12}}
	sourceMix     = []choice[data.FundingSource]{{data.SourceCentral, 85}, {data.SourceProvince, 10}, {data.SourceLocal, 5}}
)

// millions draws an amount of whole millions from weighted choices.
func millions(r *rand.Rand, cs []choice[int]) data.Dong { return data.Dong(pick(r, cs)) * 1_000_000 }

// amountFor draws an approved amount: ceilings rose over the years (poor households could
// borrow 50 M until 2019, 100 M from 2022), so older loans are smaller.
func amountFor(r *rand.Rand, code string, year int) data.Dong {
	era := 2
	switch {
	case year < 2019:
		era = 0
	case year < 2022:
		era = 1
	}
	switch code {
	case "01", "19", "09", "05":
		return millions(r, [][]choice[int]{
			{{20, 8}, {30, 25}, {35, 10}, {40, 22}, {50, 35}},
			{{30, 15}, {40, 20}, {50, 35}, {60, 15}, {70, 15}},
			{{40, 8}, {50, 22}, {60, 18}, {70, 15}, {80, 15}, {90, 5}, {100, 17}},
		}[era])
	case "03":
		return millions(r, [][]choice[int]{
			{{20, 15}, {30, 25}, {40, 20}, {50, 40}},
			{{40, 20}, {50, 40}, {70, 20}, {100, 20}},
			{{50, 25}, {60, 10}, {80, 15}, {100, 35}, {120, 8}, {150, 7}},
		}[era])
	case "06":
		return millions(r, [][]choice[int]{
			{{8, 10}, {10, 35}, {12, 15}, {15, 20}, {20, 20}},
			{{12, 15}, {15, 25}, {20, 45}, {25, 15}},
			{{15, 15}, {20, 35}, {22, 10}, {25, 40}},
		}[era])
	case "07":
		return 25_000_000
	case "28":
		return millions(r, []choice[int]{{40, 45}, {50, 20}, {60, 15}, {70, 10}, {77, 10}})
	case "12":
		return millions(r, []choice[int]{{300, 15}, {400, 25}, {500, 30}, {600, 15}, {700, 10}, {850, 5}})
	case "26":
		return millions(r, []choice[int]{{30, 20}, {50, 35}, {70, 20}, {100, 25}})
	}
	return 30_000_000
}

// loanDraw is what the planner needs to know about a borrower.
type loanDraw struct {
	bi      int
	point   int
	founded data.Date // the group's founding date, or zero
	adultOn data.Date // the first day the representative was 20
}

// planner draws the loans of one calibration round.
type planner struct {
	g       *generator
	r       *rand.Rand
	horizon int // months back the oldest loans may go
	plans   []plan
	byBorr  map[int][]int // plan indexes by borrower index
}

// monthsAgo returns the transaction day (day of month) about m months before until.
func monthsAgo(until data.Date, m, day int) data.Date {
	d := data.NewDate(until.Year(), until.Month(), day).AddMonths(-m)
	if d.After(until) {
		d = d.AddMonths(-1)
	}
	return d
}

// txOnOrAfter is the first transaction day (day of month) on or after d.
func txOnOrAfter(d data.Date, day int) data.Date {
	t := data.NewDate(d.Year(), d.Month(), day)
	if t.Before(d) {
		t = t.AddMonths(1)
	}
	return t
}

// txOnOrBefore is the last transaction day on or before d.
func txOnOrBefore(d data.Date, day int) data.Date {
	t := data.NewDate(d.Year(), d.Month(), day)
	if t.After(d) {
		t = t.AddMonths(-1)
	}
	return t
}

// monthsBetween counts whole months from a to b (negative when b is earlier).
func monthsBetween(a, b data.Date) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}

// ageSlope shapes how loans are weighted to recent years: the density of a loan signed a
// months ago falls linearly, to 1 − ageSlope of its peak at the horizon.
const ageSlope = 0.85

// ageDraw inverts the distribution: with x = a/H, F(x) = (x − k x²/2) / (1 − k/2), so
// x = (1 − √(1 − 2k u (1 − k/2))) / k.
func (p *planner) ageDraw(u float64) int {
	k := ageSlope
	x := (1 - math.Sqrt(1-2*k*u*(1-k/2))) / k
	return int(float64(p.horizon) * x)
}

// borrowerDraw collects what the planner needs about borrower bi.
func (g *generator) borrowerDraw(bi int, villagePoint []int) loanDraw {
	b := &g.ds.Borrowers[bi]
	d := loanDraw{bi: bi, point: villagePoint[b.VillageID-1]}
	if b.GroupID != 0 {
		d.founded = g.ds.Groups[b.GroupID-1].FoundedOn
	}
	d.adultOn = data.NewDate(b.BirthYear+20, time.January, 1)
	return d
}

// planLoans draws exactly scale.Loans loans over a history of horizon months. It always
// consumes its stream the same way, so calibration rounds differ only in dates.
func (g *generator) planLoans(horizon int, villagePoint []int) []plan {
	p := &planner{g: g, r: g.stream(streamLoans), horizon: horizon, byBorr: map[int][]int{}}
	r := p.r
	n := g.scale.Loans
	if n == 0 || len(g.ds.Borrowers) == 0 {
		return nil
	}
	var eligible []int
	for i := range g.ds.Borrowers {
		if g.ds.Borrowers[i].Active {
			eligible = append(eligible, i)
		}
	}
	if len(eligible) == 0 {
		for i := range g.ds.Borrowers {
			eligible = append(eligible, i)
		}
	}
	order := r.Perm(len(eligible))
	mains := min(n, len(eligible))
	p.plans = make([]plan, 0, n)
	for k := range mains {
		bd := g.borrowerDraw(eligible[order[k]], villagePoint)
		p.add(bd, roleMain, r.Float64(), r.Uint64())
	}
	for range n - mains {
		bd := g.borrowerDraw(eligible[r.IntN(len(eligible))], villagePoint)
		p.add(bd, roleExtra, r.Float64(), r.Uint64())
	}
	for i := range p.plans {
		p.plans[i].rank = i
	}
	return p.plans
}

// add draws one loan for a borrower. u places it in time; seed drives every other draw of
// this loan, so that a loan's draws do not shift the next loan's when the horizon changes.
func (p *planner) add(bd loanDraw, ro role, u float64, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 0x2545f4914f6cdd1d))
	g := p.g
	b := &g.ds.Borrowers[bd.bi]
	highland := g.prof.highland
	var code string
	switch {
	case ro == roleMain && b.GroupID == 0:
		code = pick(r, outsideMix)
	case ro == roleMain:
		switch b.Category {
		case data.CategoryPoor:
			code = pick(r, poorLowland)
			if highland {
				code = pick(r, poorUpland)
			}
		case data.CategoryNearPoor:
			code = pick(r, nearPoorMix)
		case data.CategoryNewlyOut:
			code = pick(r, newlyOutMix)
		case data.CategoryBeneficiary:
			code = pick(r, beneficiary)
		default:
			code = pick(r, otherMix)
		}
		if code == "05" && !highland && r.IntN(2) == 0 {
			code = "03"
		}
	default:
		if r.IntN(100) < 45 && len(p.byBorr[bd.bi]) > 0 {
			// A household often borrows again from the same program: an earlier or later loan.
			ro = roleChain
			first := p.plans[p.byBorr[bd.bi][0]]
			code = first.loan.ProgramCode
			if b.Category == data.CategoryNewlyOut || b.Category == data.CategoryNearPoor {
				// Before it rose out of poverty, the household borrowed as a poor one.
				if r.IntN(100) < 50 {
					code = "01"
				}
			}
		} else {
			mix := extraLowland
			if highland {
				mix = extraUpland
			}
			code = pick(r, mix)
		}
	}
	if g.prof.region == south && code == "07" {
		code = "06"
	}
	start, end, ok := p.slot(bd, code, u, r)
	if !ok && code != "06" {
		// No room for that program in the household's history: try water and sanitation,
		// and then job creation, which lends per worker and so fits beside anything.
		code = "06"
		start, end, ok = p.slot(bd, code, u, r)
	}
	if !ok {
		code = "03"
		start, end, ok = p.slot(bd, code, u, r)
	}
	if !ok {
		start, end = monthsAgo(g.until, 1+r.IntN(12), g.ds.Points[bd.point].Day), data.Date{}
	}
	l := p.draw(r, b, code, start)
	pl := plan{loan: l, bi: bd.bi, point: bd.point, role: ro}
	if !end.IsZero() && end.Before(l.Maturity()) {
		pl.fate.payoffOn = end
		pl.fate.payoffNote = "Tất toán trước hạn để vay món mới"
	}
	if code == "02" {
		p.studentTranches(&pl, r)
	} else {
		pl.fate.tranches = []data.Date{l.SignedOn}
	}
	p.byBorr[bd.bi] = append(p.byBorr[bd.bi], len(p.plans))
	p.plans = append(p.plans, pl)
}

// slot chooses the signing day of a loan of code for the borrower. A loan of a program the
// household already has goes before the earliest of them (and, when its term would overlap,
// is repaid early on the day the next one is signed: end) or after the latest one ends.
func (p *planner) slot(bd loanDraw, code string, u float64, r *rand.Rand) (start, end data.Date, ok bool) {
	day, until := p.g.ds.Points[bd.point].Day, p.g.until
	earliest := monthsAgo(until, p.horizon, day)
	lo := earliest
	if !bd.founded.IsZero() && bd.founded.After(lo) {
		lo = txOnOrAfter(bd.founded, day)
	}
	if bd.adultOn.After(lo) {
		lo = txOnOrAfter(bd.adultOn, day)
	}
	hi := txOnOrBefore(until, day)
	if w, has := programWindow[code]; has {
		if w[0].After(lo) {
			lo = txOnOrAfter(w[0], day)
		}
		if !w[1].IsZero() && w[1].Before(hi) {
			hi = txOnOrBefore(w[1], day)
		}
	}
	if hi.Before(lo) {
		return data.Date{}, data.Date{}, false
	}
	var same []int
	for _, k := range p.byBorr[bd.bi] {
		if sameFamily(code, p.plans[k].loan.ProgramCode) {
			same = append(same, k)
		}
	}
	if len(same) == 0 {
		start = monthsAgo(until, p.ageDraw(u), day)
		if start.Before(lo) {
			start = lo.AddMonths(r.IntN(1 + max(0, monthsBetween(lo, hi)/4)))
		}
		if start.After(hi) {
			start = hi
		}
		if code == "02" {
			start = septemberOf(start, day, lo, until)
			if start.IsZero() {
				return data.Date{}, data.Date{}, false
			}
		}
		return start, data.Date{}, true
	}
	// Before the earliest loan of the family: its term or part of it, then a gap.
	first, last := p.plans[same[0]].loan, p.plans[same[0]]
	for _, k := range same {
		if p.plans[k].loan.SignedOn.Before(first.SignedOn) {
			first = p.plans[k].loan
		}
		if loanEnd(p.plans[k]).After(loanEnd(last)) {
			last = p.plans[k]
		}
	}
	term := pick(r, termsFive)
	back := term + 1 + r.IntN(8)
	if r.IntN(100) < 35 {
		back = term/2 + r.IntN(term/2) // refinanced: repaid early when the new loan was signed
	}
	start = first.SignedOn.AddMonths(-back)
	if !start.Before(lo) && code != "02" {
		return start, first.SignedOn, true
	}
	// After the latest one: a few months after it ended.
	start = loanEnd(last).AddMonths(1 + r.IntN(5))
	if !start.After(hi.AddMonths(-2)) && !start.Before(lo) && code != "02" {
		return start, data.Date{}, true
	}
	return data.Date{}, data.Date{}, false
}

// poverty reports the programs of which a household holds one at a time between them.
func poverty(code string) bool { return code == "01" || code == "19" || code == "09" }

// oneAtATime reports the programs that lend to the household itself, one loan at a time:
// the poverty programs, production, housing and reintegration. Students (02) borrow one loan
// per student and job creation (03) per worker, so a household may hold several; clean water
// (06) up to two facilities, which the planner keeps in sequence too.
func oneAtATime(code string) bool {
	switch code {
	case "01", "19", "09", "05", "07", "28", "12", "26":
		return true
	}
	return false
}

// sameFamily reports whether a household holding a loan of b must settle it before a loan
// of a runs.
func sameFamily(a, b string) bool {
	if poverty(a) && poverty(b) {
		return true
	}
	return a == b && (oneAtATime(a) || a == "06")
}

// loanEnd is when a planned loan stops owing, as far as the planner knows.
func loanEnd(pl plan) data.Date {
	if !pl.fate.payoffOn.IsZero() {
		return pl.fate.payoffOn
	}
	return pl.loan.Maturity()
}

// septemberOf moves a student loan's signing to the start of a school year, on or before d
// and on or after lo; zero when there is none before until.
func septemberOf(d data.Date, day int, lo, until data.Date) data.Date {
	s := data.NewDate(d.Year(), time.September, day)
	if s.After(d) {
		s = s.AddMonths(-12)
	}
	if s.Before(lo) {
		s = s.AddMonths(12)
		if s.After(until) {
			return data.Date{}
		}
	}
	return s
}

// draw fills in a loan of code signed on start.
func (p *planner) draw(r *rand.Rand, b *data.Borrower, code string, start data.Date) data.Loan {
	l := data.Loan{
		BorrowerID:  b.ID,
		GroupID:     b.GroupID,
		ProgramCode: code,
		Source:      pick(r, sourceMix),
		Purpose:     one(r, purposes[code]),
		SignedOn:    start,
		Status:      data.LoanActive,
	}
	year := start.Year()
	l.Amount = amountFor(r, code, year)
	every := pick(r, everyUsual)
	switch code {
	case "01", "19":
		l.TermMonths = pick(r, termsPoor)
	case "09", "05":
		l.TermMonths = pick(r, termsFive)
	case "03":
		l.TermMonths = pick(r, termsJobs)
	case "06":
		l.TermMonths, every = pick(r, termsWater), pick(r, everyWater)
	case "26":
		l.TermMonths = pick(r, termsPrison)
	case "07":
		// Housing for the poor: 15 years, five of them without repayment, then yearly.
		l.TermMonths, every = 180, 12
		l.Plan.GraceMonths = 60
	case "28":
		l.TermMonths, every = pick(r, []choice[int]{{120, 50}, {180, 50}}), 12
		l.Plan.GraceMonths = pick(r, []choice[int]{{24, 40}, {36, 30}, {60, 30}})
	case "12":
		l.TermMonths, every = pick(r, termsHousing), 1
	}
	l.Plan.Kind, l.Plan.EveryMonths = data.PlanEqual, every
	if code != "07" && code != "28" && code != "12" && code != "02" && r.IntN(100) < 10 {
		// A grace period for livestock and trees that need time before they earn.
		l.Plan.GraceMonths = pick(r, []choice[int]{{6, 50}, {12, 50}})
	}
	if code == "03" || code == "06" {
		// One worker or one facility: every amount drawn is within one unit's limit.
		l.Units = 1
	}
	if code == "02" {
		p.student(r, &l)
	}
	if l.Source == data.SourceLocal && r.IntN(100) < 60 {
		l.RateOverrides = localRates(r, code, start)
	}
	return l
}

// student fills in a student loan signed at the start of a school year: the years left of
// the course, 10 months of study a year at the monthly ceiling of the time, repayment over as
// long as the loan was disbursed, starting 12 months after the course ends.
func (p *planner) student(r *rand.Rand, l *data.Loan) {
	years := pick(r, []choice[int]{{1, 12}, {2, 26}, {3, 30}, {4, 28}, {5, 4}})
	// What the family asks for each month, in hundreds of thousands, up to the ceiling of the
	// time (1.5 M, then 2.5 M from 2019, 4 M from 2022).
	perMonth := []choice[int]{{20, 20}, {25, 20}, {30, 25}, {35, 10}, {40, 25}}
	switch {
	case l.SignedOn.Year() < 2019:
		perMonth = []choice[int]{{10, 40}, {15, 60}}
	case l.SignedOn.Year() < 2022:
		perMonth = []choice[int]{{15, 30}, {20, 30}, {25, 40}}
	}
	l.Amount = data.Dong(pick(r, perMonth)) * 100_000 * 10 * data.Dong(years)
	l.Units = 10 * years // months of study, at most the ceiling each
	l.Plan = data.Plan{
		Kind:        data.PlanStudent,
		EveryMonths: pick(r, everyStudents),
		CourseEnds:  data.NewDate(l.SignedOn.Year()+years, time.June, 30),
	}
	start := l.Plan.CourseEnds.AddMonths(12)
	l.TermMonths = monthsBetween(l.SignedOn, start) + 1 + years*12
}

// studentTranches: a student loan is disbursed at the start of each term until the course
// ends, in equal parts; some families pay no interest until repayment starts.
func (p *planner) studentTranches(pl *plan, r *rand.Rand) {
	l := &pl.loan
	for d := l.SignedOn; d.Before(l.Plan.CourseEnds); d = d.AddMonths(6) {
		pl.fate.tranches = append(pl.fate.tranches, d)
	}
	if r.IntN(100) < 50 {
		day := p.g.ds.Points[pl.point].Day
		pl.fate.interestFrom = txOnOrAfter(l.RepaymentStart(), day)
	}
}

// localRates: a local-budget loan may carry the rate the province set for its own capital,
// sometimes lowered with the 2025 cut.
func localRates(r *rand.Rand, code string, start data.Date) []data.RatePeriod {
	base := data.Rate(pick(r, []choice[int]{{4500, 30}, {5000, 40}, {5500, 20}, {6000, 10}}))
	out := []data.RatePeriod{{
		ProgramCode: code, Effective: start, Rate: base,
		Decision: fmt.Sprintf("NQ %d/%d/NQ-HĐND", 5+r.IntN(40), max(start.Year()-r.IntN(2), 2015)),
	}}
	cut := data.MustDate("2025-12-01")
	if start.Before(cut) && r.IntN(2) == 0 {
		out = append(out, data.RatePeriod{
			ProgramCode: code, Effective: cut, Rate: base - 300,
			Decision: fmt.Sprintf("NQ %d/2025/NQ-HĐND", 20+r.IntN(30)),
		})
	}
	return out
}

// number sorts plans by signing day (then draw order), gives loans their IDs 1..n and
// contract numbers "<commune code>/<year>/<seq>", numbered per commune and year.
func (g *generator) number(plans []plan) {
	sort.SliceStable(plans, func(i, j int) bool {
		a, b := &plans[i].loan, &plans[j].loan
		if c := a.SignedOn.Compare(b.SignedOn); c != 0 {
			return c < 0
		}
		return plans[i].rank < plans[j].rank
	})
	type key struct {
		commune int64
		year    int
	}
	seq := map[key]int{}
	type fam struct {
		borrower int
		family   string
	}
	latest := map[fam]int{}
	for i := range plans {
		f := fam{plans[i].bi, plans[i].loan.ProgramCode}
		if poverty(f.family) {
			f.family = "poverty"
		}
		if j, ok := latest[f]; ok && sameFamily(plans[i].loan.ProgramCode, plans[j].loan.ProgramCode) {
			plans[j].fate.nextSigned = plans[i].loan.SignedOn
		}
		latest[f] = i
	}
	for i := range plans {
		l := &plans[i].loan
		l.ID = int64(i + 1)
		b := &g.ds.Borrowers[plans[i].bi]
		c := &g.ds.Communes[g.ds.Villages[b.VillageID-1].CommuneID-1]
		k := key{c.ID, l.SignedOn.Year()}
		seq[k]++
		l.Contract = fmt.Sprintf("%s/%d/%04d", c.Code, k.year, seq[k])
	}
}
