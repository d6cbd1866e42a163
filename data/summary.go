package data

import (
	"math/big"
	"sort"
)

// Summaries of an office's loan book on a date: the commune summary, the office summary by
// commune, the overdue list and the public disclosure list. The store gathers one SummaryLoan
// per loan; the pure functions below add them up, so the rules of what counts where are tested
// here with hand-worked figures.

// SummaryLoan is one loan as the summaries see it on a date.
type SummaryLoan struct {
	LoanID      int64
	BorrowerID  int64
	CommuneID   int64
	GroupID     int64  // the household's group now (the loan's own group when the household has none)
	Association string // that group's association; "" when there is no group
	ProgramCode string
	Source      FundingSource
	// Principal outstanding on the date, split three ways.
	Current, Overdue, Frozen Dong
	// Jan1 is the principal outstanding on 1 January of the date's year.
	Jan1 Dong
}

// Outstanding is the principal outstanding on the date.
func (l SummaryLoan) Outstanding() Dong { return l.Current + l.Overdue + l.Frozen }

// SummaryFigures are the figures of one line of a summary.
type SummaryFigures struct {
	Households int // households with a balance on the date
	Loans      int // loans with a balance on the date
	Current    Dong
	Overdue    Dong
	Frozen     Dong
	Jan1       Dong // outstanding on 1 January of the date's year
}

// Outstanding is current + overdue + frozen.
func (f SummaryFigures) Outstanding() Dong { return f.Current + f.Overdue + f.Frozen }

// Change is the outstanding on the date less the outstanding on 1 January.
func (f SummaryFigures) Change() Dong { return f.Outstanding() - f.Jan1 }

// OverdueRatio is overdue ÷ outstanding as an exact fraction; 0/0 reads as no ratio.
func (f SummaryFigures) OverdueRatio() (num, den Dong) { return f.Overdue, f.Outstanding() }

// RatioBasisPoints rounds num/den half-up to hundredths of a percent (1 = 0.01 %), in exact
// integer arithmetic; 0 when den is 0.
func RatioBasisPoints(num, den Dong) int64 {
	if den == 0 {
		return 0
	}
	n := new(big.Int).Mul(big.NewInt(int64(num)), big.NewInt(2*10_000))
	n.Add(n, big.NewInt(int64(den)))
	d := big.NewInt(2 * int64(den))
	return new(big.Int).Div(n, d).Int64() // num, den ≥ 0: floor is half-up
}

// figuresAdder adds loans into figures, counting each household once.
type figuresAdder struct {
	SummaryFigures
	seen map[int64]bool
}

func (a *figuresAdder) add(l SummaryLoan) {
	a.Jan1 += l.Jan1
	if l.Outstanding() == 0 {
		return // repaid during the year: only its 1 January balance counts
	}
	a.Loans++
	a.Current += l.Current
	a.Overdue += l.Overdue
	a.Frozen += l.Frozen
	if a.seen == nil {
		a.seen = map[int64]bool{}
	}
	if !a.seen[l.BorrowerID] {
		a.seen[l.BorrowerID] = true
		a.Households++
	}
}

// SummaryRow is a line of figures under a code: a program, an association or a commune.
type SummaryRow struct {
	Code string
	Name string // the commune's name; programs and associations are named by the report
	SummaryFigures
}

// SummaryGroup is a group's line of the commune summary.
type SummaryGroup struct {
	ID          int64
	Code        string
	Name        string
	Association string
	Members     int  // households in the group now
	Outstanding Dong // of its households' loans
	Overdue     Dong
	// Rating is the final rating of the latest month settled by the date, else the latest
	// rating of a year up to the date's; "" when never rated.
	Rating      Rating
	RatingYear  int
	RatingMonth Month // the settled month Rating is of; zero for a yearly rating
}

// SourceRow is the outstanding of one funding source.
type SourceRow struct {
	Source      FundingSource
	Outstanding Dong
}

// CommuneSummary is the commune summary on a date.
type CommuneSummary struct {
	CommuneID    int64
	Code, Name   string
	Date         Date
	Programs     []SummaryRow // by program code
	Associations []SummaryRow // in the order of Associations; "" last for loans without group
	Groups       []SummaryGroup
	Sources      []SourceRow // every source of FundingSources, in that order
	Savings      Dong        // savings balance of the commune's households on the date
	Totals       SummaryFigures
}

// SummarizeCommune adds up a commune's loans by program, association, group and funding
// source. groups are the commune's groups (figures zero); loans of a group not in the list add
// a line for it with only its ID known, and loans of households in no group a line of ID 0,
// last. The groups come back ordered by code.
func SummarizeCommune(c Commune, on Date, loans []SummaryLoan, groups []SummaryGroup, savings Dong) CommuneSummary {
	s := CommuneSummary{CommuneID: c.ID, Code: c.Code, Name: c.Name, Date: on, Savings: savings}
	programs := map[string]*figuresAdder{}
	assocs := map[string]*figuresAdder{}
	sources := map[FundingSource]Dong{}
	groupAt := map[int64]int{}
	for i, g := range groups {
		groupAt[g.ID] = i
	}
	groups = append([]SummaryGroup(nil), groups...)
	var total figuresAdder
	for _, l := range loans {
		if l.Outstanding() == 0 && l.Jan1 == 0 {
			continue
		}
		total.add(l)
		if programs[l.ProgramCode] == nil {
			programs[l.ProgramCode] = &figuresAdder{}
		}
		programs[l.ProgramCode].add(l)
		if assocs[l.Association] == nil {
			assocs[l.Association] = &figuresAdder{}
		}
		assocs[l.Association].add(l)
		sources[l.Source] += l.Outstanding()
		// Loans of households outside any group (lent directly) share a line of ID 0.
		gi, ok := groupAt[l.GroupID]
		if !ok {
			gi = len(groups)
			groupAt[l.GroupID] = gi
			groups = append(groups, SummaryGroup{ID: l.GroupID, Association: l.Association})
		}
		groups[gi].Outstanding += l.Outstanding()
		groups[gi].Overdue += l.Overdue
	}
	s.Totals = total.SummaryFigures
	for code, a := range programs {
		s.Programs = append(s.Programs, SummaryRow{Code: code, SummaryFigures: a.SummaryFigures})
	}
	sort.Slice(s.Programs, func(i, j int) bool { return s.Programs[i].Code < s.Programs[j].Code })
	for _, a := range Associations {
		if f, ok := assocs[a.Code]; ok {
			s.Associations = append(s.Associations, SummaryRow{Code: a.Code, SummaryFigures: f.SummaryFigures})
			delete(assocs, a.Code)
		}
	}
	var rest []string // codes outside the four, and "" (no group), after them
	for code := range assocs {
		rest = append(rest, code)
	}
	sort.Sort(sort.Reverse(sort.StringSlice(rest)))
	for _, code := range rest {
		s.Associations = append(s.Associations, SummaryRow{Code: code, SummaryFigures: assocs[code].SummaryFigures})
	}
	for _, src := range FundingSources {
		s.Sources = append(s.Sources, SourceRow{Source: src, Outstanding: sources[src]})
	}
	// By code; the line without a group last.
	sort.SliceStable(groups, func(i, j int) bool {
		if (groups[i].ID == 0) != (groups[j].ID == 0) {
			return groups[j].ID == 0
		}
		return groups[i].Code < groups[j].Code
	})
	s.Groups = groups
	return s
}

// OfficeSummary is the office summary by commune on a date.
type OfficeSummary struct {
	Date     Date
	Communes []SummaryRow // every commune of the office, by code
	Totals   SummaryFigures
	// CommunesWithoutOverdue counts the communes whose overdue principal is nil.
	CommunesWithoutOverdue int
}

// SummarizeOffice adds up the office's loans by commune; every commune gets a line, loans or not.
func SummarizeOffice(communes []Commune, on Date, loans []SummaryLoan) OfficeSummary {
	s := OfficeSummary{Date: on}
	adders := map[int64]*figuresAdder{}
	var total figuresAdder
	for _, l := range loans {
		if l.Outstanding() == 0 && l.Jan1 == 0 {
			continue
		}
		total.add(l)
		if adders[l.CommuneID] == nil {
			adders[l.CommuneID] = &figuresAdder{}
		}
		adders[l.CommuneID].add(l)
	}
	cs := append([]Commune(nil), communes...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].Code < cs[j].Code })
	for _, c := range cs {
		row := SummaryRow{Code: c.Code, Name: c.Name}
		if a := adders[c.ID]; a != nil {
			row.SummaryFigures = a.SummaryFigures
		}
		if row.Overdue == 0 {
			s.CommunesWithoutOverdue++
		}
		s.Communes = append(s.Communes, row)
	}
	s.Totals = total.SummaryFigures
	return s
}

// OverdueLoan is one line of the overdue list.
type OverdueLoan struct {
	LoanID      int64
	Contract    string
	Customer    string
	Name        string
	CommuneCode string
	GroupCode   string
	ProgramCode string
	DaysOverdue int
	Overdue     Dong // overdue principal
	Outstanding Dong // all principal outstanding
	Note        string
}

// OverdueList is every loan with overdue principal in a commune or the whole office.
type OverdueList struct {
	Date        Date
	CommuneCode string // "" for the whole office
	CommuneName string
	Loans       []OverdueLoan // by commune, group, days overdue (most first), contract
	Overdue     Dong
	Outstanding Dong
}

// SortOverdue orders the list and adds up its totals.
func (o *OverdueList) SortOverdue() {
	sort.Slice(o.Loans, func(i, j int) bool {
		a, b := o.Loans[i], o.Loans[j]
		if a.CommuneCode != b.CommuneCode {
			return a.CommuneCode < b.CommuneCode
		}
		if a.GroupCode != b.GroupCode {
			return a.GroupCode < b.GroupCode
		}
		if a.DaysOverdue != b.DaysOverdue {
			return a.DaysOverdue > b.DaysOverdue
		}
		return a.Contract < b.Contract
	})
	o.Overdue, o.Outstanding = 0, 0
	for _, l := range o.Loans {
		o.Overdue += l.Overdue
		o.Outstanding += l.Outstanding
	}
}

// DisclosureLoan is one line of the public disclosure list: no ID number, no phone.
type DisclosureLoan struct {
	Customer    string
	Name        string
	Village     string
	GroupCode   string
	ProgramCode string
	Contract    string
	Amount      Dong // disbursed
	Balance     Dong // principal outstanding
	NextDue     Date // the next installment not yet paid nor overdue; zero when none
}

// DisclosureList is what a transaction point posts on its notice board.
type DisclosureList struct {
	PointCode, PointName string
	Commune              string
	Date                 Date
	Loans                []DisclosureLoan // by group, then as offices list people
	Amount, Balance      Dong
}
