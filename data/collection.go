package data

import "sort"

// A collection list is what the office expects to collect at one transaction point on one
// day: for every group the point serves, every member with a loan balance or savings.

// Dues are amounts owed on the day: principal due (installments due by then, overdue
// included), interest and penalty interest due.
type Dues struct {
	Principal, Interest, Penalty Dong
}

// Total is all three.
func (d Dues) Total() Dong { return d.Principal + d.Interest + d.Penalty }

// Add returns d + o.
func (d Dues) Add(o Dues) Dues {
	return Dues{d.Principal + o.Principal, d.Interest + o.Interest, d.Penalty + o.Penalty}
}

// CollectionLoan is one loan of a member on the list.
type CollectionLoan struct {
	LoanID      int64
	Contract    string
	ProgramCode string
	Due         Dues
	// Payable is the principal that can be repaid today, early repayment included: current and
	// overdue principal (frozen principal is not payable until unfrozen).
	Payable Dong
}

// CollectionMember is one household on the list.
type CollectionMember struct {
	BorrowerID int64
	Customer   string // customer code
	Name       string
	Loans      []CollectionLoan // in contract order
	Due        Dues             // the loans' dues added up
	Savings    Dong             // savings balance on the day, before the day's entries
}

// CollectionTotals adds up a group or a point.
type CollectionTotals struct {
	Members int
	Due     Dues
	Savings Dong
}

func (t *CollectionTotals) add(m CollectionMember) {
	t.Members++
	t.Due = t.Due.Add(m.Due)
	t.Savings += m.Savings
}

// CollectionGroup is one group of the list with its members, sorted as offices list people.
type CollectionGroup struct {
	ID          int64
	Code        string
	Name        string
	Association string
	Leader      string // the leader's name; "" when none is set
	Village     string
	Members     []CollectionMember
	Totals      CollectionTotals
}

// PlannedDisbursement is a loan of the point with approved money not yet paid out.
type PlannedDisbursement struct {
	LoanID      int64
	Contract    string
	Customer    string
	Name        string
	GroupCode   string
	ProgramCode string
	Amount      Dong // approved amount not yet disbursed
}

// CollectionList is the whole list of a point on a day.
type CollectionList struct {
	PointID       int64
	PointCode     string
	PointName     string
	Commune       string
	Date          Date
	Groups        []CollectionGroup
	Totals        CollectionTotals
	Disbursements []PlannedDisbursement
}

// Total recomputes the group and point totals from the members.
func (c *CollectionList) Total() {
	c.Totals = CollectionTotals{}
	for gi := range c.Groups {
		g := &c.Groups[gi]
		g.Totals = CollectionTotals{}
		for _, m := range g.Members {
			g.Totals.add(m)
			c.Totals.add(m)
		}
	}
}

// DuesOn is what a loan's position asks to be paid on its date: penalty and interest due, and
// the principal of overdue installments plus the unpaid part of those falling due that day or
// before (an installment is overdue only from the day after its due date).
func DuesOn(p Position) Dues {
	d := Dues{Principal: p.Overdue, Interest: p.InterestDue, Penalty: p.PenaltyDue}
	for _, in := range p.Installments {
		if in.Status == InstDue && !p.On.Before(in.Due) {
			d.Principal += max(in.Principal-in.Paid, 0)
		}
	}
	return d
}

// CollectionLoanOf describes one loan on the list from its position on the day.
func CollectionLoanOf(l Loan, p Position) CollectionLoan {
	return CollectionLoan{
		LoanID: l.ID, Contract: l.Contract, ProgramCode: l.ProgramCode,
		Due: DuesOn(p), Payable: p.Current + p.Overdue,
	}
}

// OnList says whether a member belongs on the list: a loan balance, something due, or savings.
func (m CollectionMember) OnList() bool {
	if m.Savings != 0 || m.Due.Total() != 0 {
		return true
	}
	for _, l := range m.Loans {
		if l.Payable != 0 {
			return true
		}
	}
	return false
}

// Collected is what one member actually paid and drew on the day.
type Collected struct {
	Dues
	Deposit, Withdrawal Dong
}

// LoanPayment is the part of a member's collection that goes to one loan.
type LoanPayment struct {
	LoanID   int64
	Contract string
	Paid     Dues
}

// AllocateCollection divides what a member paid among their loans: penalty and interest go to
// each loan up to what it owes, in contract order; principal goes first to what is due on each
// loan, then, as early repayment, to the loans' other payable principal in contract order.
// Paying more penalty or interest than is due, or more principal than is payable, is refused,
// naming the column. Loans that receive nothing are left out.
func AllocateCollection(loans []CollectionLoan, paid Dues) ([]LoanPayment, error) {
	if paid.Principal < 0 || paid.Interest < 0 || paid.Penalty < 0 {
		field := "collection.principal"
		if paid.Interest < 0 {
			field = "collection.interest"
		} else if paid.Penalty < 0 {
			field = "collection.penalty"
		}
		return nil, Invalid(field, "not_negative")
	}
	sorted := append([]CollectionLoan(nil), loans...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Contract < sorted[j].Contract })
	out := make([]LoanPayment, len(sorted))
	for i, l := range sorted {
		out[i] = LoanPayment{LoanID: l.LoanID, Contract: l.Contract}
	}

	var totalPenalty, totalInterest, totalPayable Dong
	for _, l := range sorted {
		totalPenalty += l.Due.Penalty
		totalInterest += l.Due.Interest
		totalPayable += l.Payable
	}
	switch {
	case paid.Penalty > totalPenalty:
		return nil, Conflict("collection.penalty", "above_due", "Max", totalPenalty)
	case paid.Interest > totalInterest:
		return nil, Conflict("collection.interest", "above_due", "Max", totalInterest)
	case paid.Principal > totalPayable:
		return nil, Conflict("collection.principal", "over_outstanding", "Max", totalPayable)
	}

	left := paid
	for i, l := range sorted {
		take := func(left *Dong, limit Dong) Dong {
			x := min(*left, max(limit, 0))
			*left -= x
			return x
		}
		out[i].Paid.Penalty = take(&left.Penalty, l.Due.Penalty)
		out[i].Paid.Interest = take(&left.Interest, l.Due.Interest)
		out[i].Paid.Principal = take(&left.Principal, min(l.Due.Principal, l.Payable))
	}
	for i, l := range sorted { // early repayment
		x := min(left.Principal, l.Payable-out[i].Paid.Principal)
		out[i].Paid.Principal += x
		left.Principal -= x
	}

	kept := out[:0]
	for _, p := range out {
		if p.Paid.Total() > 0 {
			kept = append(kept, p)
		}
	}
	return kept, nil
}

// CollectionEntry is one filled-in row of a transaction day: what one member paid and drew.
type CollectionEntry struct {
	Line     int    // the row's number in the grid or file, for messages; 0: its index + 1
	Customer string // customer code
	Collected
}

// CollectionBatch is a transaction day's collection at one point, posted all or nothing.
type CollectionBatch struct {
	Ref     string // "" lets the store make one from the point code and the date
	PointID int64
	Date    Date
	Entries []CollectionEntry
	// Cash is what the officer counted per group (group ID → đồng); a group given here must
	// balance with what its rows say came in and went out.
	Cash map[int64]Dong
	// File is the filled CSV the batch comes from, if any: the same file is not posted twice.
	File SourceFile
}

// Net is the cash a row brings in: payments and deposits less withdrawals.
func (c Collected) Net() Dong { return c.Total() + c.Deposit - c.Withdrawal }

// NextPointDay is the first day on or after from that falls on a point's fixed day of the
// month (1–28, so it exists in every month).
func NextPointDay(day int, from Date) Date {
	if day < 1 || day > 28 || from.IsZero() {
		return from
	}
	d := NewDate(from.Year(), from.Month(), day)
	if d.Before(from) {
		d = d.AddMonths(1)
	}
	return d
}

// DayFigures is what moved on a transaction day: payments collected, savings in and out, and
// loans paid out.
type DayFigures struct {
	Collected             Dues
	Deposits, Withdrawals Dong
	Disbursed             Dong
}

// Add returns f + o.
func (f DayFigures) Add(o DayFigures) DayFigures {
	return DayFigures{f.Collected.Add(o.Collected), f.Deposits + o.Deposits, f.Withdrawals + o.Withdrawals, f.Disbursed + o.Disbursed}
}

// CollectionCash is the cash the group leaders hand over: payments and deposits less
// withdrawals paid out to members. Disbursements are paid out separately.
func (f DayFigures) CollectionCash() Dong { return f.Collected.Total() + f.Deposits - f.Withdrawals }

// DayGroup is one group's day, with the cash the officer counted for it (when a posted batch
// recorded a count).
type DayGroup struct {
	ID       int64
	Code     string
	Name     string
	Figures  DayFigures
	Counted  Dong
	HasCount bool
}

// Difference is counted cash less what the entries say came in; zero when the day balances.
func (g DayGroup) Difference() Dong { return g.Counted - g.Figures.CollectionCash() }

// DayProgram is one program's day.
type DayProgram struct {
	Code    string
	Figures DayFigures
}

// DayReport is a transaction point's day after it was posted: per group and per program,
// from the ledger (reversed entries left out), with the batches that made it.
type DayReport struct {
	PointID   int64
	PointCode string
	PointName string
	Commune   string
	Date      Date
	Groups    []DayGroup
	Programs  []DayProgram
	Totals    DayFigures
	Batches   []string // references of the day's batches still standing
	// Payouts are the commissions and fees paid at the point that day and still standing:
	// cash out of the day's till.
	Payouts []SettlementPayment
}

// PayoutTotal is the cash the day's settlement payments took out.
func (r DayReport) PayoutTotal() Dong {
	var t Dong
	for _, p := range r.Payouts {
		t += p.Amount
	}
	return t
}

// CollectionBatchInfo describes a posted batch.
type CollectionBatchInfo struct {
	Ref      string
	PointID  int64
	Date     Date
	PostedAt string // UTC RFC 3339
	User     string
	Entries  int // entries posted, reversals not counted
	Reversed bool
	Reason   string // why it was reversed
}
