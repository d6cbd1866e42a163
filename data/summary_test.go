package data

import "testing"

// Four loans of one commune on 2026-03-15:
//
//	loan household group assoc program source  current  overdue frozen   1 Jan
//	1    10        100   HND   01      central 30 M     2 M     0        35 M
//	2    10        100   HND   19      local   10 M     0       0        0 (lent in February)
//	3    11        101   HPN   01      central 0        0       5 M      5 M
//	4    12        101   HPN   01      central 0        0       0        4 M (repaid in January)
//
// Program 01: households 10, 11 = 2; loans 1, 3 = 2; outstanding 37 M; overdue ratio
// 2/37 = 5.4054 % → 541 hundredths of a percent (540.54 rounded half-up); change 37 − (35 + 5 + 4) = −7 M.
// Program 19: 1 household, 1 loan, 10 M, change +10 M.
// HND: household 10 once, loans 1, 2: 42 M, change 42 − 35 = +7 M.
// HPN: household 11, loan 3: 5 M, change 5 − 9 = −4 M.
// Totals: households 10, 11 = 2; loans 3; 47 M; 1 January 44 M; change +3 M.
// Sources: central 37 M, province 0, local 10 M. Groups: 100 has 42 M (2 M overdue), 101 5 M.
func TestSummarizeCommune(t *testing.T) {
	t.Parallel()
	const M = 1_000_000
	loans := []SummaryLoan{
		{LoanID: 1, BorrowerID: 10, GroupID: 100, Association: "HND", ProgramCode: "01", Source: SourceCentral, Current: 30 * M, Overdue: 2 * M, Jan1: 35 * M},
		{LoanID: 2, BorrowerID: 10, GroupID: 100, Association: "HND", ProgramCode: "19", Source: SourceLocal, Current: 10 * M},
		{LoanID: 3, BorrowerID: 11, GroupID: 101, Association: "HPN", ProgramCode: "01", Source: SourceCentral, Frozen: 5 * M, Jan1: 5 * M},
		{LoanID: 4, BorrowerID: 12, GroupID: 101, Association: "HPN", ProgramCode: "01", Source: SourceCentral, Jan1: 4 * M},
	}
	groups := []SummaryGroup{{ID: 101, Code: "T02", Members: 30}, {ID: 100, Code: "T01", Members: 25}, {ID: 102, Code: "T03", Members: 20}}
	s := SummarizeCommune(Commune{ID: 1, Code: "17545", Name: "Xã Quỳnh Đôi"}, MustDate("2026-03-15"), loans, groups, 123)

	want01 := SummaryFigures{Households: 2, Loans: 2, Current: 30 * M, Overdue: 2 * M, Frozen: 5 * M, Jan1: 44 * M}
	if len(s.Programs) != 2 || s.Programs[0].Code != "01" || s.Programs[0].SummaryFigures != want01 {
		t.Fatalf("programs %+v", s.Programs)
	}
	if c := s.Programs[0].Change(); c != -7*M {
		t.Errorf("program 01 change %d, want -7 M", c)
	}
	if bp := RatioBasisPoints(s.Programs[0].OverdueRatio()); bp != 541 {
		t.Errorf("program 01 overdue ratio %d bp, want 541 (2/37 = 5.4054 %%)", bp)
	}
	if p := s.Programs[1]; p.Code != "19" || p.Households != 1 || p.Loans != 1 || p.Change() != 10*M {
		t.Errorf("program 19 %+v", p)
	}
	if len(s.Associations) != 2 || s.Associations[0].Code != "HND" || s.Associations[0].Households != 1 ||
		s.Associations[0].Loans != 2 || s.Associations[0].Change() != 7*M || s.Associations[1].Change() != -4*M {
		t.Errorf("associations %+v", s.Associations)
	}
	wantTotal := SummaryFigures{Households: 2, Loans: 3, Current: 40 * M, Overdue: 2 * M, Frozen: 5 * M, Jan1: 44 * M}
	if s.Totals != wantTotal || s.Totals.Change() != 3*M {
		t.Errorf("totals %+v, want %+v", s.Totals, wantTotal)
	}
	if len(s.Sources) != 3 || s.Sources[0].Outstanding != 37*M || s.Sources[1].Outstanding != 0 || s.Sources[2].Outstanding != 10*M {
		t.Errorf("sources %+v", s.Sources)
	}
	if len(s.Groups) != 3 || s.Groups[0].Code != "T01" || s.Groups[0].Outstanding != 42*M || s.Groups[0].Overdue != 2*M ||
		s.Groups[1].Outstanding != 5*M || s.Groups[2].Outstanding != 0 || s.Groups[2].Members != 20 {
		t.Errorf("groups %+v", s.Groups)
	}
}

// Two communes: A has loans 1 (5 M overdue) and 2, B none overdue, C no loans at all.
// Communes without overdue: B and C = 2.
func TestSummarizeOffice(t *testing.T) {
	t.Parallel()
	loans := []SummaryLoan{
		{LoanID: 1, BorrowerID: 1, CommuneID: 1, Current: 10, Overdue: 5, Jan1: 20},
		{LoanID: 2, BorrowerID: 2, CommuneID: 1, Current: 7},
		{LoanID: 3, BorrowerID: 3, CommuneID: 2, Frozen: 3, Jan1: 3},
	}
	s := SummarizeOffice([]Commune{{ID: 2, Code: "00002"}, {ID: 1, Code: "00001"}, {ID: 3, Code: "00003"}}, MustDate("2026-03-15"), loans)
	if len(s.Communes) != 3 || s.Communes[0].Code != "00001" || s.Communes[0].Outstanding() != 22 || s.Communes[0].Households != 2 {
		t.Fatalf("communes %+v", s.Communes)
	}
	if s.CommunesWithoutOverdue != 2 {
		t.Errorf("communes without overdue %d, want 2", s.CommunesWithoutOverdue)
	}
	if s.Totals.Outstanding() != 25 || s.Totals.Jan1 != 23 || s.Totals.Loans != 3 || s.Totals.Households != 3 {
		t.Errorf("totals %+v", s.Totals)
	}
}

// 1/3 = 33.333 % → 3333; 1/8 = 12.5 % exactly 1250; 1/20000 = 0.005 % rounds half-up to 1.
func TestRatioBasisPoints(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		num, den Dong
		want     int64
	}{{1, 3, 3333}, {1, 8, 1250}, {1, 20000, 1}, {0, 0, 0}, {2, 3, 6667}} {
		if got := RatioBasisPoints(c.num, c.den); got != c.want {
			t.Errorf("%d/%d = %d bp, want %d", c.num, c.den, got, c.want)
		}
	}
}
