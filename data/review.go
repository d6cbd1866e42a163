package data

import "math"

// DirectiveDate is the day Directive 40-CT/TW was signed (22 November 2014): the start of the
// period its reviews compare with unless they name another.
var DirectiveDate = NewDate(2014, 11, 22)

// ReviewProgram is one program's line of a review: its loans signed in the period, the
// households they went to, what was lent and recovered in the period, the outstanding at the
// end and what its loans of the period achieve.
type ReviewProgram struct {
	Code        string
	Loans       int
	Households  int
	Lent        Dong
	Recovered   Dong
	Outstanding Dong // on the end date
	Outcome     Outcome
}

// Review is the figures of a review of Directive 40-CT/TW (báo cáo sơ kết / tổng kết) for the
// office or one commune, over the period after From through Date. The loans' figures are the
// summaries' (Start and End equal the office or commune summary's totals on those dates);
// what happened in the period counts ledger entries dated after From through Date, and loans
// signed in it.
type Review struct {
	From, Date  Date
	CommuneID   int64 // 0: the whole office
	CommuneCode string
	CommuneName string
	// Start and End are the summary's totals on From and on Date.
	Start, End SummaryFigures
	// LocalStart and LocalEnd are the local-budget capital (CapitalReader) on both dates; the
	// store leaves them zero and the report fills them.
	LocalStart, LocalEnd CapitalTotals
	// Lending and recovery turnover (doanh số cho vay, thu nợ): principal disbursed and repaid
	// in the period, a reversal taking back what it reverses on its own date.
	Lent, Recovered Dong
	// Households and Loans reached: loans signed in the period and their distinct households.
	Households, Loans int
	Programs          []ReviewProgram // programs with loans in the period or a balance at the end, by code
	Outcome           Outcome         // the sum of Programs' outcomes
	// LeftPoverty counts the households of poverty programs' loans (PovertyPrograms) whose
	// category went from poor to another in the period, by their dated history.
	LeftPoverty int
	// Communes and CommunesWithoutOverdue on Date (the office; for a commune 1 and 0 or 1).
	Communes, CommunesWithoutOverdue int
	// Groups active on Date, those whose latest rating is good, and their members.
	Groups, GroupsGood, Members int
	// Savings through the groups on both dates.
	SavingsStart, SavingsEnd Dong
}

// ProgramsInForce counts the programs with a balance on the end date.
func (r Review) ProgramsInForce() int {
	n := 0
	for _, p := range r.Programs {
		if p.Outstanding > 0 {
			n++
		}
	}
	return n
}

// CapitalStart is the office's capital on From as the review counts it: what is lent out
// (the outstanding of every source) plus the local-budget capital not yet lent. Central
// capital the bank has not yet allotted the office is not in its books.
func (r Review) CapitalStart() Dong { return r.Start.Outstanding() + r.LocalStart.Available }

// CapitalEnd is CapitalStart on Date.
func (r Review) CapitalEnd() Dong { return r.End.Outstanding() + r.LocalEnd.Available }

// Times is end ÷ start ("× times" in the reviews); 0 when start is not positive.
func Times(start, end Dong) float64 {
	if start <= 0 {
		return 0
	}
	return float64(end) / float64(start)
}

// Ratio is num ÷ den as a fraction; 0 when den is 0.
func Ratio(num, den Dong) float64 {
	if den == 0 {
		return 0
	}
	return float64(num) / float64(den)
}

// AnnualGrowth is the average yearly growth rate, as a fraction, that takes start to end
// between two dates: (end ÷ start)^(365.25 ÷ days) − 1; 0 when start is not positive or the
// dates do not follow each other.
func AnnualGrowth(start, end Dong, from, to Date) float64 {
	days := from.DaysUntil(to)
	if start <= 0 || end < 0 || days <= 0 {
		return 0
	}
	return math.Pow(float64(end)/float64(start), 365.25/float64(days)) - 1
}

// OutstandingGrowth is the review's average annual growth of the outstanding.
func (r Review) OutstandingGrowth() float64 {
	return AnnualGrowth(r.Start.Outstanding(), r.End.Outstanding(), r.From, r.Date)
}

// GoodShare is the share of groups rated good, as a fraction.
func (r Review) GoodShare() float64 { return Ratio(Dong(r.GroupsGood), Dong(r.Groups)) }

// CategoryChange is a dated change of a household's category (poor → near-poor → newly out of
// poverty …), as a dataset brings its history.
type CategoryChange struct {
	BorrowerID int64
	On         Date
	From, To   Category
}
