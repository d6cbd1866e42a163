package data

// The Overview screen and the meeting slides show an office's (or one commune's) loan book on
// a date. They read the same summaries as the printed reports, so a figure on the projector is
// the figure on the signed paper.

// Overview is the office, or one commune, on a date.
type Overview struct {
	Date      Date
	CommuneID int64 // 0: the whole office
	// Summary is the scope's commune summary. For the office it adds up every commune's loans
	// (CommuneID 0, Code and Name empty) with every group of the office.
	Summary CommuneSummary
	// Office is the office summary by commune: every commune for the office overview, the one
	// commune's line for a commune.
	Office OfficeSummary
	// Trend is the outstanding and overdue principal at the end of each of the TrendMonths−1
	// months before the date's month, then on the date: TrendMonths points, oldest first.
	Trend []TrendPoint
}

// TrendMonths is how many points the trend has.
const TrendMonths = 12

// TrendPoint is the scope's principal outstanding and its overdue part on one date.
type TrendPoint struct {
	Date        Date
	Outstanding Dong
	Overdue     Dong
}

// TrendDates are the dates of the trend ending on on: the last day of each of the
// TrendMonths−1 months before on's month, then on itself.
func TrendDates(on Date) []Date {
	out := make([]Date, 0, TrendMonths)
	first := NewDate(on.Year(), on.Month(), 1)
	for i := TrendMonths - 1; i >= 1; i-- {
		out = append(out, first.AddMonths(-i+1).AddDays(-1))
	}
	return append(out, on)
}

// IsOffice reports whether the overview covers the whole office.
func (o Overview) IsOffice() bool { return o.CommuneID == 0 }

// Totals are the scope's figures on the date.
func (o Overview) Totals() SummaryFigures { return o.Summary.Totals }

// RatingCount is how many of the scope's groups carry a rating.
type RatingCount struct {
	Rating Rating // "" counts the groups never rated
	Groups int
}

// RatingCounts counts the scope's groups (those with members or a balance; the line of
// households outside any group is not a group) by their latest rating, best first, the groups
// never rated last.
func (o Overview) RatingCounts() []RatingCount {
	counts := map[Rating]int{}
	for _, g := range o.Summary.Groups {
		if g.ID == 0 || (g.Members == 0 && g.Outstanding == 0) {
			continue
		}
		counts[g.Rating]++
	}
	out := make([]RatingCount, 0, len(Ratings)+1)
	for _, r := range append(append([]Rating(nil), Ratings...), "") {
		out = append(out, RatingCount{Rating: r, Groups: counts[r]})
	}
	return out
}

// SummarizeOverview builds an overview from the loans of its scope (as summaryLoans gathers
// them), the scope's groups, its savings, the office's communes (for the office overview; the
// one commune otherwise) and the trend.
func SummarizeOverview(scope Commune, communes []Commune, on Date, loans []SummaryLoan, groups []SummaryGroup,
	savings Dong, trend []TrendPoint) Overview {
	o := Overview{Date: on, CommuneID: scope.ID, Trend: trend}
	// Both only read the loans: side by side on two cores, a whole office's take half the time.
	done := make(chan struct{})
	go func() {
		defer close(done)
		o.Office = SummarizeOffice(communes, on, loans)
	}()
	o.Summary = SummarizeCommune(scope, on, loans, groups, savings)
	<-done
	return o
}
