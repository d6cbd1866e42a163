package demo

import (
	"fmt"
	"math/rand/v2"

	"policycredit/data"
)

// disaster is the natural disaster an office's demo history lives through: some of the
// borrowers of the communes it struck stop paying, and their debt is frozen (khoanh nợ).
type disaster struct {
	on   data.Date
	note string
}

// disasters by district: the storms and floods that struck them, recent enough that the
// frozen debt is still frozen on the demo's end date (at most three years).
var disasters = map[string]disaster{
	"huyện Kỳ Sơn":        {data.MustDate("2025-07-23"), "Lũ quét do hoàn lưu bão số 3 (Wipha) năm 2025"},
	"huyện Tương Dương":   {data.MustDate("2025-07-23"), "Lũ quét do hoàn lưu bão số 3 (Wipha) năm 2025"},
	"huyện Thuận Châu":    {data.MustDate("2024-09-09"), "Lũ quét, sạt lở đất do bão số 3 (Yagi) năm 2024"},
	"huyện Bảo Yên":       {data.MustDate("2024-09-10"), "Lũ quét, sạt lở đất do bão số 3 (Yagi) năm 2024"},
	"huyện Trần Văn Thời": {data.MustDate("2024-04-15"), "Hạn hán, xâm nhập mặn mùa khô năm 2024"},
	"huyện Thường Xuân":   {data.MustDate("2025-09-29"), "Lũ lụt do bão số 10 (Bualoi) năm 2025"},
	"huyện Hoằng Hóa":     {data.MustDate("2025-09-29"), "Ngập lụt do bão số 10 (Bualoi) năm 2025"},
	"huyện Quỳnh Lưu":     {data.MustDate("2025-09-29"), "Ngập lụt do bão số 10 (Bualoi) năm 2025"},
	"huyện Diễn Châu":     {data.MustDate("2025-09-29"), "Ngập lụt do bão số 10 (Bualoi) năm 2025"},
	"thị xã Hoàng Mai":    {data.MustDate("2025-09-29"), "Ngập lụt do bão số 10 (Bualoi) năm 2025"},
	"huyện Cẩm Xuyên":     {data.MustDate("2025-09-29"), "Ngập lụt do bão số 10 (Bualoi) năm 2025"},
}

// disasterOf is the disaster of the office's district.
func disasterOf(district string) disaster {
	if d, ok := disasters[district]; ok {
		return d
	}
	return disaster{data.MustDate("2025-09-29"), "Thiệt hại do thiên tai năm 2025"}
}

// risk is a misfortune of one household that leads to a freeze, and the reason written on
// the write-off that follows when three years of freeze did not help.
type risk struct {
	freeze, writeOff string
	from, to         int // years it can happen in; 0: any
}

var risks = []risk{
	{"Chủ hộ bị bệnh hiểm nghèo, mất khả năng lao động", "Xóa nợ: người vay đã chết, không còn người thừa kế nghĩa vụ trả nợ", 0, 0},
	{"Chủ hộ bị tai nạn lao động, mất sức lao động", "Xóa nợ: người vay mất năng lực hành vi dân sự, không còn khả năng trả nợ", 0, 0},
	{"Hỏa hoạn thiêu rụi nhà ở và tài sản", "Xóa nợ: rủi ro do nguyên nhân khách quan, hết thời hạn khoanh nợ vẫn không có khả năng trả nợ", 0, 0},
	{"Dịch tả lợn châu Phi làm chết toàn bộ đàn lợn", "Xóa nợ: rủi ro do dịch bệnh, hết thời hạn khoanh nợ vẫn không có khả năng trả nợ", 2019, 2020},
}

// riskOn draws a misfortune that fits the year.
func riskOn(r *rand.Rand, year int) risk {
	for {
		x := risks[r.IntN(len(risks))]
		if x.from == 0 || year >= x.from && year <= x.to {
			return x
		}
	}
}

// disasterPerTenThousand is the chance, per 10,000, that a loan running in a struck commune
// is frozen after the disaster.
const disasterPerTenThousand = 120

// riskPerTenThousand is the chance, per 10,000, that a loan is frozen after a misfortune of
// the household.
const riskPerTenThousand = 25

// arrearsPerThousand is the chance, per 1,000, that a borrower stops paying for a while; with
// the communes' standing it sets the office's overdue ratio (0.05–0.3 % of outstanding, as
// real offices report), which calibrateOverdue then keeps within its band on the end date.
const arrearsPerThousand = 27

// Notes on entries.
const (
	noteLate       = "Trả nợ gốc quá hạn"
	notePayoff     = "Trả nợ trước hạn"
	notePrepay     = "Trả bớt nợ gốc trước hạn"
	noteWrongKey   = "Nhập sai số tiền"
	noteReverse    = "Hủy bút toán nhập sai số tiền"
	noteRepost     = "Nhập lại đúng số tiền"
	noteReschedule = "Điều chỉnh kỳ hạn trả nợ: thu nhập chưa đến kỳ"
	noteExtend     = "Gia hạn nợ: gặp khó khăn tạm thời, chưa trả được nợ gốc"
	decisionMark   = "QĐ …/QĐ-NHCS" // numbered when the ledger is merged
	writeOffMark   = "QĐ …/QĐ-HĐQT"
)

// history simulates one loan month by month on its transaction days, growing its book and
// asking the engine what is owed before every payment.
type history struct {
	g      *generator
	r      *rand.Rand
	pl     *plan
	book   data.Book
	day    int
	refs   *refCache
	status data.LoanStatus
	hit    bool // the loan's commune was struck by the disaster
	dis    disaster

	frozen, rescheduled, extended, prepaid, reversed bool
	reversalMonth, rescheduleNo                      int
	calls                                            int // PositionOn calls, for measurement
}

// refCache shares the batch reference of a transaction day between entries.
type refCache struct {
	points []data.Point
	m      map[[2]int64]string
}

func newRefCache(points []data.Point) *refCache {
	return &refCache{points: points, m: map[[2]int64]string{}}
}

// batch is the reference of a transaction day's collection list at a point.
func (c *refCache) batch(point int, d data.Date) string {
	k := [2]int64{int64(point), dayNumber(d)}
	if s, ok := c.m[k]; ok {
		return s
	}
	s := fmt.Sprintf("%s/%04d%02d%02d", c.points[point].Code, d.Year(), d.Month(), d.Day())
	c.m[k] = s
	return s
}

// dayNumber numbers days from 1970-01-01.
func dayNumber(d data.Date) int64 { return d.Time().Unix() / 86400 }

func (h *history) position(on data.Date) data.Position {
	h.calls++
	p, err := data.PositionOn(h.book, on)
	if err != nil {
		panic(fmt.Sprintf("demo: position of loan %s on %s: %v", h.book.Loan.Contract, on, err))
	}
	return p
}

func (h *history) post(e data.Entry) int64 {
	e.ID = int64(len(h.book.Entries) + 1)
	e.LoanID = h.book.Loan.ID
	e.BorrowerID = h.book.Loan.BorrowerID
	h.book.Entries = append(h.book.Entries, e)
	return e.ID
}

func (h *history) pay(kind data.EntryKind, on data.Date, amount data.Dong, note string) {
	if amount <= 0 {
		return
	}
	h.post(data.Entry{Kind: kind, ValueDate: on, Amount: amount, Ref: h.refs.batch(h.pl.point, on), Note: note})
}

// decideFate draws the events of this loan's life on its own stream.
func (h *history) decideFate() {
	r, f, l := h.r, &h.pl.fate, &h.book.Loan
	until := h.g.until
	end := until
	if m := l.Maturity(); m.Before(end) {
		end = m
	}
	if !f.payoffOn.IsZero() && f.payoffOn.Before(end) {
		end = f.payoffOn
	}
	months := monthsBetween(l.SignedOn, end)
	standing := h.g.standingOf(h.pl.bi)
	f.latePercent = 2
	if r.IntN(100) < 10 {
		f.latePercent = 10
	}
	student := l.Plan.Kind == data.PlanStudent
	if f.payoffOn.IsZero() && !student && months > 15 && l.TermMonths >= 36 && r.IntN(1000) < 70 {
		k := l.TermMonths*3/10 + r.IntN(l.TermMonths*6/10)
		if d := l.SignedOn.AddMonths(k); !d.After(until) {
			f.payoffOn, f.payoffNote = d, notePayoff
			end, months = d, k
		}
	}
	x := r.IntN(10_000)
	settled := f.payoffOn.IsZero() && f.nextSigned.IsZero() // nothing must end it by a date
	switch {
	case h.hit && settled && l.SignedOn.Before(h.dis.on) && end.After(h.dis.on) && x < disasterPerTenThousand:
		// Struck by the disaster: nothing paid from the next transaction day, the whole
		// outstanding frozen one to three months later.
		f.stopOn = txOnOrAfter(h.dis.on, h.day)
		f.freezeOn = f.stopOn.AddMonths(1 + r.IntN(3))
		if f.freezeOn.After(until) {
			f.stopOn, f.freezeOn = data.Date{}, data.Date{}
			break
		}
		f.freezeNote = h.dis.note
		f.freezeDecided = f.freezeOn.AddDays(-3 - r.IntN(8))
		return
	case x >= disasterPerTenThousand && x < disasterPerTenThousand+riskPerTenThousand && settled && months >= 12 && !student:
		// A household's own misfortune: the debt is frozen; after three years, if the
		// borrower has died, it is written off.
		k := 6 + r.IntN(months-6)
		f.freezeOn = l.SignedOn.AddMonths(k)
		if f.freezeOn.After(until) {
			f.freezeOn = data.Date{}
			break
		}
		x := riskOn(r, f.freezeOn.Year())
		f.freezeNote = x.freeze
		f.freezeDecided = f.freezeOn.AddDays(-2 - r.IntN(10))
		if w := f.freezeOn.AddMonths(36 + r.IntN(6)); !w.After(until) {
			f.writeOffOn, f.writeOffNote = w, x.writeOff
		} else if f.freezeOn.AddMonths(36).Before(until) {
			f.writeOffOn, f.writeOffNote = txOnOrBefore(until, h.day), x.writeOff
		}
		return
	}
	arrears := arrearsPerThousand
	if standing == standingWeak {
		arrears = weakArrearsPerThousand
	}
	if months >= 8 && r.IntN(1000) < arrears {
		// The borrower stops paying for a while, then pays all that is overdue with penalty;
		// a few have not resumed by the end date.
		k := 4 + r.IntN(months-3)
		f.arrearsFrom = l.SignedOn.AddMonths(k)
		var dur int
		switch x := r.IntN(100); {
		case x < 35:
			dur = 1 + r.IntN(3)
		case x < 75:
			dur = 4 + r.IntN(9)
		case x < 92:
			dur = 13 + r.IntN(12)
		default:
			// Has not resumed by the end date: these stopped within the last year and a half;
			// older arrears were settled one way or another.
			dur = 1000
			if f.arrearsFrom.Before(until.AddMonths(-18)) {
				dur = 13 + r.IntN(12)
			}
		}
		if to := f.arrearsFrom.AddMonths(dur); !to.After(until) {
			f.arrearsTo = to
		}
		f.arrearsInterest = r.IntN(100) < 30
		if !f.payoffOn.IsZero() && f.payoffNote == notePayoff {
			f.payoffOn = data.Date{}
		}
		if !f.payoffOn.IsZero() && (f.arrearsTo.IsZero() || !f.arrearsTo.Before(f.payoffOn)) ||
			!f.nextSigned.IsZero() && (f.arrearsTo.IsZero() || !f.arrearsTo.Before(f.nextSigned)) {
			f.arrearsFrom, f.arrearsTo = data.Date{}, data.Date{}
		}
	}
	if r.IntN(1000) < 15 {
		// One installment, due before the loan ends, not the last, is moved.
		var nos []int
		for _, in := range h.book.Schedule[:len(h.book.Schedule)-1] {
			if in.Due.Before(end) {
				nos = append(nos, in.No)
			}
		}
		if len(nos) > 0 {
			f.reschedule, h.rescheduleNo = true, nos[r.IntN(len(nos))]
		}
	}
	f.extend = f.arrearsFrom.IsZero() && settled && !l.Maturity().After(until) && r.IntN(1000) < 40
	f.prepay = r.IntN(100) < 3
	f.reversal = r.IntN(1000) < 5
	if f.reversal && months > 1 {
		h.reversalMonth = 1 + r.IntN(months)
	}
}

// run simulates the loan up to the end date.
func (h *history) run() {
	l, f, until := &h.book.Loan, &h.pl.fate, h.g.until
	h.status = data.LoanActive
	tranche := func(i int) data.Dong {
		n := data.Dong(len(f.tranches))
		each := l.Amount / n
		if i == len(f.tranches)-1 {
			return l.Amount - each*(n-1)
		}
		return each
	}
	h.post(data.Entry{Kind: data.EntryDisburse, ValueDate: l.SignedOn, Amount: tranche(0), Ref: "GN-" + l.Contract})
	nextTranche := 1
	for k := 1; ; k++ {
		t := l.SignedOn.AddMonths(k)
		if t.After(until) {
			break
		}
		if nextTranche < len(f.tranches) && f.tranches[nextTranche].Equal(t) {
			h.post(data.Entry{Kind: data.EntryDisburse, ValueDate: t, Amount: tranche(nextTranche), Ref: h.refs.batch(h.pl.point, t)})
			nextTranche++
		}
		if h.month(k, t, l.SignedOn.AddMonths(k+1), nextTranche == len(f.tranches)) {
			break
		}
	}
}

// month handles one transaction day; it reports true when the loan's history ends.
func (h *history) month(k int, t, next data.Date, allOut bool) bool {
	f, r := &h.pl.fate, h.r
	p := h.position(t)
	if f.freezeOn.Equal(t) {
		if f.stopOn.IsZero() {
			// The family settles the interest before the freeze.
			h.pay(data.EntryPenalty, t, p.PenaltyDue, "")
			h.pay(data.EntryInterest, t, p.InterestDue, "")
		}
		if p.Current+p.Overdue == 0 {
			return false
		}
		h.post(data.Entry{
			Kind: data.EntryFreeze, ValueDate: t, Amount: p.Current + p.Overdue,
			Decision: decisionMark, DecisionDate: f.freezeDecided, Note: f.freezeNote,
		})
		h.frozen = true
		if !f.writeOffOn.IsZero() {
			p := h.position(f.writeOffOn)
			decided := f.writeOffOn.AddDays(-5 - h.r.IntN(20))
			h.post(data.Entry{
				Kind: data.EntryWriteOff, ValueDate: f.writeOffOn, Amount: p.Principal(),
				Decision: writeOffMark, DecisionDate: decided, Note: f.writeOffNote,
			})
			// The same decision writes off the interest and penalty left unpaid: a loan is
			// closed as written off only once nothing at all is owed.
			if due := max(p.InterestDue, 0) + max(p.PenaltyDue, 0); due > 0 {
				h.post(data.Entry{
					Kind: data.EntryWriteOffInterest, ValueDate: f.writeOffOn, Amount: due,
					Decision: writeOffMark, DecisionDate: decided, Note: f.writeOffNote,
				})
			}
			h.status = data.LoanWrittenOff
		}
		return true
	}
	if !f.stopOn.IsZero() && !t.Before(f.stopOn) {
		return false // struck by the disaster: nothing paid until the freeze
	}
	if f.payoffOn.Equal(t) {
		h.pay(data.EntryPenalty, t, p.PenaltyDue, "")
		h.pay(data.EntryInterest, t, p.InterestDue, "")
		h.pay(data.EntryPrincipal, t, p.Current+p.Overdue, f.payoffNote)
		if allOut {
			h.status = data.LoanClosed
		}
		return true
	}
	inArrears := !f.arrearsFrom.IsZero() && !t.Before(f.arrearsFrom) && (f.arrearsTo.IsZero() || t.Before(f.arrearsTo))
	catchUp := !f.arrearsTo.IsZero() && f.arrearsTo.Equal(t)
	settling := f.settle && next.After(h.g.until) // the last transaction day: pay all that is due
	if settling {
		catchUp = catchUp || inArrears
		inArrears = false
	}

	if !inArrears && f.reschedule && !h.rescheduled {
		if h.tryReschedule(t, next, p) {
			p = h.position(t)
		}
	}
	if !inArrears && f.extend && !h.extended {
		if h.tryExtend(t, next, p) {
			p = h.position(t)
		}
	}

	due := dueBefore(p, next)
	principal := due
	note := ""
	switch {
	case inArrears:
		principal = 0
	case p.Overdue > 0:
		note = noteLate
	case principal > 0 && r.IntN(100) < f.latePercent && !settling:
		principal = 0 // paid one transaction day late
	}
	if !inArrears && f.prepay && !h.prepaid && principal == due && p.Current-due >= 2_000_000 && r.IntN(30) == 0 {
		extra := (p.Current - due) * data.Dong(20+r.IntN(30)) / 100 / 1_000_000 * 1_000_000
		if extra > 0 {
			principal += extra
			h.prepaid = true
			if note == "" {
				note = notePrepay
			}
		}
	}
	closing := principal > 0 && principal == p.Current+p.Overdue && allOut

	payInterest := p.InterestDue > 0 && (!inArrears || f.arrearsInterest) &&
		(f.interestFrom.IsZero() || !t.Before(f.interestFrom))
	if closing {
		payInterest = p.InterestDue > 0
	}
	if p.PenaltyDue > 0 && !inArrears && (closing || (principal > 0 || catchUp) && r.IntN(100) < 70) {
		h.pay(data.EntryPenalty, t, p.PenaltyDue, "")
	}
	if payInterest {
		if h.reversalMonth == k && !h.reversed && p.InterestDue >= 20_000 {
			h.mistake(data.EntryInterest, t, p.InterestDue)
		} else {
			h.pay(data.EntryInterest, t, p.InterestDue, "")
		}
	}
	if principal > 0 {
		if h.reversalMonth == k && !h.reversed && principal >= 1_000_000 {
			h.mistake(data.EntryPrincipal, t, principal)
		} else {
			h.pay(data.EntryPrincipal, t, principal, note)
		}
	}
	if closing {
		h.status = data.LoanClosed
		return true
	}
	return false
}

// mistake posts a payment keyed with a digit missing, reverses it the same day and posts
// the right amount.
func (h *history) mistake(kind data.EntryKind, t data.Date, right data.Dong) {
	ref := h.refs.batch(h.pl.point, t)
	wrong := right / 10
	id := h.post(data.Entry{Kind: kind, ValueDate: t, Amount: wrong, Ref: ref, Note: noteWrongKey})
	h.post(data.Entry{Kind: data.EntryReversal, ValueDate: t, Amount: wrong, Reverses: id, Ref: ref, Note: noteReverse})
	h.post(data.Entry{Kind: kind, ValueDate: t, Amount: right, Ref: ref, Note: noteRepost})
	h.reversed = true
}

// dueBefore is the principal that must be paid by the day before next for nothing to be
// overdue then: installments due before next, less what is repaid, written off or frozen.
func dueBefore(p data.Position, next data.Date) data.Dong {
	var sched data.Dong
	for i := range p.Installments {
		if p.Installments[i].Due.Before(next) {
			sched += p.Installments[i].Principal
		}
	}
	covered := p.Repaid + p.WrittenOff + p.Frozen
	return max(0, min(sched, p.Disbursed)-covered)
}

// tryReschedule moves an installment falling due before next, unpaid and not the last, by
// one to three months, no later than the next installment.
func (h *history) tryReschedule(t, next data.Date, p data.Position) bool {
	ins := p.Installments
	for i := 0; i+1 < len(ins); i++ {
		in := ins[i]
		if in.No != h.rescheduleNo || in.Due.Before(t) || !in.Due.Before(next) || in.Status != data.InstDue || in.Rescheduled {
			continue
		}
		nd := in.Due.AddMonths(1 + h.r.IntN(3))
		if nd.After(ins[i+1].Due) {
			nd = ins[i+1].Due
		}
		if !nd.After(in.Due) {
			return false
		}
		h.post(data.Entry{
			Kind: data.EntryReschedule, ValueDate: t, Installment: in.No, NewDate: nd,
			Decision: decisionMark, DecisionDate: t.AddDays(-2 - h.r.IntN(6)), Note: noteReschedule,
		})
		h.rescheduled = true
		return true
	}
	return false
}

// tryExtend moves final maturity by six or twelve months (within the limit) when the last
// installment falls due before next.
func (h *history) tryExtend(t, next data.Date, p data.Position) bool {
	if p.Maturity.Before(t) || !p.Maturity.Before(next) || dueBefore(p, next) == 0 {
		return false
	}
	limit, months, err := data.ExtensionLimit(h.book)
	if err != nil || months < 1 {
		return false
	}
	m := min(months, pick(h.r, []choice[int]{{6, 45}, {12, 55}}))
	nd := p.Maturity.AddMonths(m)
	if nd.After(limit) {
		return false
	}
	h.post(data.Entry{
		Kind: data.EntryExtend, ValueDate: t, NewDate: nd,
		Decision: decisionMark, DecisionDate: t.AddDays(-3 - h.r.IntN(10)), Note: noteExtend,
	})
	h.extended = true
	return true
}
