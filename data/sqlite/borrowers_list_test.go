package sqlite

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
)

// demoStore is the small demo office (500 households, 700 loans, 20 k entries).
func demoStore(t testing.TB) *Store {
	t.Helper()
	return demoStoreAs(t, userCtx)
}

func listAll(t testing.TB, s *Store, f data.BorrowerFilter) []data.BorrowerRow {
	t.Helper()
	l, err := s.ListBorrowers(userCtx, f)
	must(t, err)
	if l.Total != len(l.Rows) && f.Limit <= 0 {
		t.Fatalf("%+v: total %d but %d rows", f, l.Total, len(l.Rows))
	}
	return l.Rows
}

// The list's outstanding principal and overdue flag, read from loan_balances and the
// schedules, agree with the engine (data.PositionOn through Positions) for every household of
// the demo office: on its last day, and on earlier days, when some loans have entries after the
// date and reschedules, extensions, freezes and reversals are in force or not yet.
func TestListBorrowersFiguresAgreeWithPositions(t *testing.T) {
	t.Parallel()
	s := demoStore(t)
	for _, on := range []data.Date{demo.Today, demo.Today.AddDays(1), demo.Today.AddMonths(-7), data.MustDate("2021-01-01")} {
		ps, err := s.Positions(userCtx, PositionScope{}, on)
		must(t, err)
		owed := map[int64]data.Dong{}
		overdue := map[int64]bool{}
		for _, p := range ps {
			owed[p.Loan.BorrowerID] += p.Position.Principal()
			overdue[p.Loan.BorrowerID] = overdue[p.Loan.BorrowerID] || p.Position.Overdue > 0
		}
		rows := listAll(t, s, data.BorrowerFilter{On: on})
		if len(rows) != 500 {
			t.Fatalf("the list shows %d of the 500 households", len(rows))
		}
		nOverdue := 0
		for _, r := range rows {
			if r.Outstanding != owed[r.ID] {
				t.Errorf("%s on %s: outstanding %d, engine %d", r.Code, on, r.Outstanding, owed[r.ID])
			}
			if r.Overdue != overdue[r.ID] {
				t.Errorf("%s on %s: overdue flag %v, engine's overdue > 0 is %v", r.Code, on, r.Overdue, overdue[r.ID])
			}
			if r.Overdue {
				nOverdue++
			}
		}
		if on.Equal(demo.Today) && nOverdue == 0 {
			t.Fatal("no household of the demo office is overdue: the test proves nothing")
		}
		// The overdue filter selects exactly the flagged households.
		flagged := listAll(t, s, data.BorrowerFilter{On: on, Status: data.StatusOverdue})
		if len(flagged) != nOverdue {
			t.Errorf("on %s the overdue filter selects %d households, the flag %d", on, len(flagged), nOverdue)
		}
	}
}

// The programs column lists the codes of the household's active loans, sorted, each once.
func TestListBorrowersPrograms(t *testing.T) {
	t.Parallel()
	s := demoStore(t)
	for _, r := range listAll(t, s, data.BorrowerFilter{On: demo.Today}) {
		loans, err := s.LoansOfBorrower(userCtx, r.ID)
		must(t, err)
		var want []string
		for _, l := range loans {
			if l.Status == data.LoanActive && !slices.Contains(want, l.ProgramCode) {
				want = append(want, l.ProgramCode)
			}
		}
		sort.Strings(want)
		if fmt.Sprint(r.Programs) != fmt.Sprint(want) {
			t.Errorf("%s lists programs %v, want %v", r.Code, r.Programs, want)
		}
	}
}

func TestListBorrowersFilters(t *testing.T) {
	t.Parallel()
	s := demoStore(t)
	all := listAll(t, s, data.BorrowerFilter{On: demo.Today})
	loans := map[int64][]data.Loan{}
	for _, r := range all {
		ls, err := s.LoansOfBorrower(userCtx, r.ID)
		must(t, err)
		loans[r.ID] = ls
	}
	// Pick values that select some households but not all: a household of a commune with
	// overdue debt (the demo has communes without).
	pick := all[len(all)/3]
	for _, r := range all[len(all)/3:] {
		if r.Overdue {
			pick = r
			break
		}
	}
	var program string
	for _, r := range all {
		if len(r.Programs) > 0 && r.Programs[0] != "01" {
			program = r.Programs[0]
			break
		}
	}
	cases := []struct {
		name   string
		filter data.BorrowerFilter
		want   func(r data.BorrowerRow) bool
	}{
		{"commune", data.BorrowerFilter{CommuneID: pick.CommuneID}, func(r data.BorrowerRow) bool { return r.CommuneID == pick.CommuneID }},
		{"village", data.BorrowerFilter{VillageID: pick.VillageID}, func(r data.BorrowerRow) bool { return r.VillageID == pick.VillageID }},
		{"group", data.BorrowerFilter{GroupID: pick.GroupID}, func(r data.BorrowerRow) bool { return r.GroupID == pick.GroupID }},
		{"category", data.BorrowerFilter{Category: data.CategoryNearPoor}, func(r data.BorrowerRow) bool { return r.Category == data.CategoryNearPoor }},
		{"program", data.BorrowerFilter{Program: program}, func(r data.BorrowerRow) bool {
			for _, l := range loans[r.ID] {
				if l.ProgramCode == program && l.Status == data.LoanActive {
					return true
				}
			}
			return false
		}},
		{"active", data.BorrowerFilter{Status: data.StatusActive}, func(r data.BorrowerRow) bool { return r.Active }},
		{"left", data.BorrowerFilter{Status: data.StatusLeft}, func(r data.BorrowerRow) bool { return !r.Active }},
		{"overdue", data.BorrowerFilter{Status: data.StatusOverdue}, func(r data.BorrowerRow) bool { return r.Overdue }},
		{"search and commune", data.BorrowerFilter{Query: "thi", CommuneID: pick.CommuneID}, func(r data.BorrowerRow) bool {
			return r.CommuneID == pick.CommuneID && strings.Contains(data.Fold(r.Name), "thi")
		}},
		{"search, category and status", data.BorrowerFilter{Query: "nguyen", Category: data.CategoryPoor, Status: data.StatusActive},
			func(r data.BorrowerRow) bool {
				return r.Category == data.CategoryPoor && r.Active && strings.Contains(data.Fold(r.Name), "nguyen")
			}},
		{"commune and overdue", data.BorrowerFilter{CommuneID: pick.CommuneID, Status: data.StatusOverdue},
			func(r data.BorrowerRow) bool { return r.CommuneID == pick.CommuneID && r.Overdue }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := c.filter
			f.On = demo.Today
			got := listAll(t, s, f)
			var want []int64
			for _, r := range all {
				if c.want(r) {
					want = append(want, r.ID)
				}
			}
			if len(want) == 0 || len(want) == len(all) {
				t.Fatalf("the demo office gives %d of %d households: pick another value", len(want), len(all))
			}
			var ids []int64
			for _, r := range got {
				ids = append(ids, r.ID)
			}
			if fmt.Sprint(ids) != fmt.Sprint(want) { // in the same order: by name
				t.Errorf("%d households %v, want %d %v", len(ids), ids, len(want), want)
			}
		})
	}
}

// Hand-written names in the Vietnamese order: given name (a, à, á, anh, ánh, ă, â, b, …, d, đ,
// e), then family name, then middle names.
func TestListBorrowersByNameInVietnameseOrder(t *testing.T) {
	t.Parallel()
	f := newFixture(t) // Nguyễn Thị Đào
	s := f.s
	for i, name := range []string{"Nguyễn Thị Em", "Trần Văn Dung", "Lê Thị Đào", "Phạm Văn Anh", "Hoàng Thị Ánh",
		"Vũ Văn Ân", "Nguyễn Văn Đào", "Nguyễn Thị Thu Đào", "Đỗ Văn Dũng", "Bùi Thị Ăn", "Đinh Văn Ba", "Võ Văn Ơn",
		"Võ Văn Ôn", "Lý Văn Ô", "Phan Thị Ưng", "Phan Thị Uyên", "Hà Thị An"} {
		b := person(fmt.Sprintf("KH%04d", 100+i), name, f.villageB1.ID, 0)
		must(t, s.SaveBorrower(userCtx, &b))
	}
	want := []string{"Hà Thị An", "Phạm Văn Anh", "Hoàng Thị Ánh", "Bùi Thị Ăn", "Vũ Văn Ân", "Đinh Văn Ba",
		"Trần Văn Dung", "Đỗ Văn Dũng", "Lê Thị Đào", "Nguyễn Thị Đào", "Nguyễn Thị Thu Đào", "Nguyễn Văn Đào",
		"Nguyễn Thị Em", "Lý Văn Ô", "Võ Văn Ôn", "Võ Văn Ơn", "Phan Thị Uyên", "Phan Thị Ưng"}
	rows := listAll(t, s, data.BorrowerFilter{On: demo.Today})
	got := make([]string, len(rows))
	for i, r := range rows {
		got[i] = r.Name
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("by name:\n got %v\nwant %v", got, want)
	}
	rows = listAll(t, s, data.BorrowerFilter{On: demo.Today, Desc: true})
	slices.Reverse(want)
	got = got[:0]
	for _, r := range rows {
		got = append(got, r.Name)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("by name, reversed:\n got %v\nwant %v", got, want)
	}
	// SearchBorrowers and a group's members come in the same order.
	found, err := s.SearchBorrowers(userCtx, "dao", 0)
	must(t, err)
	if fmt.Sprint(names(found)) != "[Lê Thị Đào Nguyễn Thị Đào Nguyễn Thị Thu Đào Nguyễn Văn Đào]" {
		t.Errorf("SearchBorrowers(dao) = %v", names(found))
	}
}

// Every column sorts both ways, with ties by name.
func TestListBorrowersSortsByEveryColumn(t *testing.T) {
	t.Parallel()
	s := demoStore(t)
	byName := listAll(t, s, data.BorrowerFilter{On: demo.Today})
	rank := map[int64]int{}
	for i, r := range byName {
		rank[r.ID] = i
	}
	villages := map[int64]string{}
	groups := map[int64]string{}
	for _, r := range byName {
		villages[r.VillageID] = r.Village + " " + r.Commune
		groups[r.GroupID] = r.GroupName + " " + r.GroupCode
	}
	compare := map[data.BorrowerSort]func(a, b data.BorrowerRow) int{
		data.SortByCode: func(a, b data.BorrowerRow) int {
			return strings.Compare(strings.ToLower(a.Code), strings.ToLower(b.Code))
		},
		data.SortByVillage: func(a, b data.BorrowerRow) int {
			if a.VillageID == b.VillageID {
				return 0
			}
			return compareText(villages[a.VillageID], villages[b.VillageID])
		},
		data.SortByGroup: func(a, b data.BorrowerRow) int {
			switch {
			case a.GroupID == b.GroupID:
				return 0
			case a.GroupID == 0:
				return -1
			case b.GroupID == 0:
				return 1
			}
			return compareText(groups[a.GroupID], groups[b.GroupID])
		},
		data.SortByPrograms: func(a, b data.BorrowerRow) int {
			return strings.Compare(strings.Join(a.Programs, " "), strings.Join(b.Programs, " "))
		},
		data.SortByOutstanding: func(a, b data.BorrowerRow) int { return int(a.Outstanding - b.Outstanding) },
		data.SortByOverdue: func(a, b data.BorrowerRow) int {
			switch {
			case a.Overdue == b.Overdue:
				return 0
			case a.Overdue:
				return 1
			}
			return -1
		},
	}
	overdue := 0
	for _, r := range byName {
		if r.Overdue {
			overdue++
		}
	}
	compare[data.SortByName] = func(a, b data.BorrowerRow) int { return 0 } // ties: by rank
	for by, cmp := range compare {
		for _, desc := range []bool{false, true} {
			// With the overdue filter too: SQLite orders some columns, Go others, and Go filters.
			only := listAll(t, s, data.BorrowerFilter{On: demo.Today, Sort: by, Desc: desc, Status: data.StatusOverdue})
			if len(only) != overdue {
				t.Fatalf("by %s with the overdue filter: %d rows, want %d", by, len(only), overdue)
			}
			for i := 1; i < len(only); i++ {
				c := cmp(only[i-1], only[i])
				if desc {
					c = -c
				}
				tieWrong := rank[only[i-1].ID] > rank[only[i].ID]
				if by == data.SortByName && desc {
					tieWrong = !tieWrong
				}
				if c > 0 || (c == 0 && tieWrong) || !only[i].Overdue {
					t.Fatalf("by %s (desc %v), overdue only: %s before %s", by, desc, only[i-1].Code, only[i].Code)
				}
			}
			if by == data.SortByName {
				continue
			}
			rows := listAll(t, s, data.BorrowerFilter{On: demo.Today, Sort: by, Desc: desc})
			if len(rows) != len(byName) {
				t.Fatalf("by %s: %d rows", by, len(rows))
			}
			distinct := false
			for i := 1; i < len(rows); i++ {
				c := cmp(rows[i-1], rows[i])
				if desc {
					c = -c
				}
				distinct = distinct || c != 0
				if c > 0 || (c == 0 && rank[rows[i-1].ID] > rank[rows[i].ID]) {
					t.Fatalf("by %s (desc %v): %s before %s", by, desc, rows[i-1].Code, rows[i].Code)
				}
			}
			if !distinct {
				t.Fatalf("by %s: every row ties, the test proves nothing", by)
			}
		}
	}
}

func TestListBorrowersPages(t *testing.T) {
	// Not parallel: it changes listReadAhead, which the other tests read.
	s := demoStore(t)
	for _, f := range []data.BorrowerFilter{{}, {Query: "thi"}, {Sort: data.SortByOutstanding, Desc: true}, {Status: data.StatusOverdue}} {
		f.On = demo.Today
		all := listAll(t, s, f)
		var paged []data.BorrowerRow
		for off := 0; ; off += 37 {
			f.Offset, f.Limit = off, 37
			l, err := s.ListBorrowers(userCtx, f)
			must(t, err)
			if l.Total != len(all) {
				t.Fatalf("%+v: total %d, want %d", f, l.Total, len(all))
			}
			if len(l.Rows) == 0 {
				break
			}
			paged = append(paged, l.Rows...)
		}
		if fmt.Sprint(paged) != fmt.Sprint(all) {
			t.Errorf("%+v: pages of 37 do not add up to the whole list", f)
		}
	}
	// A page far past the end still counts the households, and counts them past the rows read
	// ahead of the page.
	l, err := s.ListBorrowers(userCtx, data.BorrowerFilter{On: demo.Today, Offset: 10_000, Limit: 10})
	must(t, err)
	if len(l.Rows) != 0 || l.Total != 500 {
		t.Errorf("page past the end: %d rows, total %d", len(l.Rows), l.Total)
	}
	saved := listReadAhead
	t.Cleanup(func() { listReadAhead = saved })
	listReadAhead = 5
	l, err = s.ListBorrowers(userCtx, data.BorrowerFilter{On: demo.Today, Offset: 20, Limit: 10})
	must(t, err)
	if len(l.Rows) != 10 || l.Total != 500 {
		t.Errorf("with 5 rows read ahead: %d rows, total %d", len(l.Rows), l.Total)
	}
}

func TestListBorrowersRefusesBadFilters(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	on := demo.Today
	for _, c := range []struct {
		filter data.BorrowerFilter
		field  string
	}{
		{data.BorrowerFilter{}, "borrower_list.date"},
		{data.BorrowerFilter{On: on, Status: "gone"}, "borrower_list.status"},
		{data.BorrowerFilter{On: on, Sort: "age"}, "borrower_list.sort"},
		{data.BorrowerFilter{On: on, Category: "rich"}, "borrower_list.category"},
		{data.BorrowerFilter{On: on, Offset: -1}, "borrower_list.offset"},
		{data.BorrowerFilter{On: on, VillageID: -3}, "borrower_list.place"},
	} {
		_, err := s.ListBorrowers(userCtx, c.filter)
		if data.ForField(err, c.field) == nil {
			t.Errorf("%+v: %v, want an error on %s", c.filter, err, c.field)
		}
	}
	// A search with SQL's wildcards or quotes finds nothing, and breaks nothing.
	for _, q := range []string{"%", "_", "'", `"`, "a' OR 1=1 --"} {
		if l, err := s.ListBorrowers(userCtx, data.BorrowerFilter{On: on, Query: q}); err != nil || len(l.Rows) != 0 {
			t.Errorf("query %q: %d rows, %v", q, len(l.Rows), err)
		}
	}
	// An unknown program, place or group selects nobody.
	if l, err := s.ListBorrowers(userCtx, data.BorrowerFilter{On: on, Program: "99", GroupID: 12345}); err != nil || l.Total != 0 {
		t.Errorf("unknown program and group: %d, %v", l.Total, err)
	}
}

// A database whose sort keys were written by an older version gets them rewritten on opening.
func TestOpenRewritesOldSortKeys(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sqliteOnly(t, f.s, "older versions wrote text sort keys only into SQLite files")
	for i, name := range []string{"Đỗ Văn Em", "Trần Văn Dung", "Lê Văn Ánh"} {
		b := person(fmt.Sprintf("KH%04d", 200+i), name, f.villageB1.ID, 0)
		must(t, f.s.SaveBorrower(userCtx, &b))
	}
	// The old key: folded given name, a space, the folded full name.
	_, err := f.s.db.Exec(`UPDATE borrowers SET sort_key = 'x ' || search_key`)
	must(t, err)
	path := f.s.Path()
	must(t, f.s.Close())
	s := openTest(t, path)
	var stale int
	must(t, s.db.QueryRow(`SELECT count(*) FROM borrowers WHERE typeof(sort_key) <> 'blob'`).Scan(&stale))
	if stale != 0 {
		t.Fatalf("%d sort keys left as text", stale)
	}
	rows := listAll(t, s, data.BorrowerFilter{On: demo.Today})
	if got := fmt.Sprint(names(viewsOf(rows))); got != "[Lê Văn Ánh Trần Văn Dung Nguyễn Thị Đào Đỗ Văn Em]" {
		t.Errorf("after reopening: %s", got)
	}
}

func viewsOf(rows []data.BorrowerRow) []data.BorrowerView {
	out := make([]data.BorrowerView, len(rows))
	for i, r := range rows {
		out[i] = r.BorrowerView
	}
	return out
}

// The overdue flag agrees with the engine, day after day, on loans the demo office has too few
// of: an installment rescheduled (and a reschedule reversed), final maturity extended, debt
// frozen in part or whole, frozen debt written off, a partial repayment, and a payment
// reversed. Each loan belongs to a household of its own.
func TestListBorrowersOverdueFlagEdgeCases(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s := f.s
	d := data.MustDate
	post := func(e data.Entry) data.Entry {
		e.Decision = "QĐ 01/2024" // freezes, write-offs, reschedules and extensions need one
		return f.post(t, e)
	}
	// 12,000,000 over 12 months: 3,000,000 due on 15 Apr, 15 Jul, 15 Oct 2024 and 15 Jan 2025.
	scenarios := map[string]func(l data.Loan){
		"plain": func(l data.Loan) {},
		"rescheduled": func(l data.Loan) {
			post(data.Entry{LoanID: l.ID, Kind: data.EntryReschedule, ValueDate: d("2024-04-10"), Installment: 1, NewDate: d("2024-06-15")})
			post(data.Entry{LoanID: l.ID, Kind: data.EntryReschedule, ValueDate: d("2024-06-10"), Installment: 1, NewDate: d("2024-07-10")})
		},
		"reschedule reversed": func(l data.Loan) {
			e := post(data.Entry{LoanID: l.ID, Kind: data.EntryReschedule, ValueDate: d("2024-04-10"), Installment: 2, NewDate: d("2024-10-01")})
			post(data.Entry{LoanID: l.ID, Kind: data.EntryReversal, ValueDate: d("2024-08-01"), Reverses: e.ID})
		},
		"extended": func(l data.Loan) {
			for _, on := range []string{"2024-04-15", "2024-07-15", "2024-10-15"} {
				post(data.Entry{LoanID: l.ID, Kind: data.EntryPrincipal, ValueDate: d(on), Amount: 3_000_000})
			}
			post(data.Entry{LoanID: l.ID, Kind: data.EntryExtend, ValueDate: d("2025-01-10"), NewDate: d("2025-07-15")})
		},
		"frozen whole": func(l data.Loan) {
			post(data.Entry{LoanID: l.ID, Kind: data.EntryFreeze, ValueDate: d("2024-06-01"), Amount: 12_000_000})
		},
		"frozen then written off": func(l data.Loan) {
			post(data.Entry{LoanID: l.ID, Kind: data.EntryFreeze, ValueDate: d("2024-06-01"), Amount: 12_000_000})
			post(data.Entry{LoanID: l.ID, Kind: data.EntryWriteOff, ValueDate: d("2024-12-01"), Amount: 5_000_000})
		},
		"frozen in part": func(l data.Loan) {
			post(data.Entry{LoanID: l.ID, Kind: data.EntryFreeze, ValueDate: d("2024-03-01"), Amount: 4_000_000})
			post(data.Entry{LoanID: l.ID, Kind: data.EntryUnfreeze, ValueDate: d("2024-09-01"), Amount: 1_000_000})
		},
		"repaid in part": func(l data.Loan) {
			post(data.Entry{LoanID: l.ID, Kind: data.EntryPrincipal, ValueDate: d("2024-04-15"), Amount: 2_000_000})
			post(data.Entry{LoanID: l.ID, Kind: data.EntryPrincipal, ValueDate: d("2024-05-02"), Amount: 1_000_000})
		},
		"payment reversed": func(l data.Loan) {
			e := post(data.Entry{LoanID: l.ID, Kind: data.EntryPrincipal, ValueDate: d("2024-04-15"), Amount: 3_000_000})
			post(data.Entry{LoanID: l.ID, Kind: data.EntryReversal, ValueDate: d("2024-05-20"), Reverses: e.ID})
		},
	}
	i := 0
	for name, run := range scenarios {
		i++
		b := person(fmt.Sprintf("KH%04d", 500+i), "Hộ "+name, f.villageB1.ID, 0)
		must(t, s.SaveBorrower(userCtx, &b))
		l := f.open(t, newLoan(fmt.Sprintf("HD-E%d", i), b.ID, 12_000_000, "2024-01-15", 12), 12_000_000)
		run(l)
	}
	flips := 0
	for on := d("2024-01-01"); on.Before(d("2025-09-01")); on = on.AddDays(3) {
		ps, err := s.Positions(userCtx, PositionScope{}, on)
		must(t, err)
		overdue := map[int64]bool{}
		owed := map[int64]data.Dong{}
		for _, p := range ps {
			overdue[p.Loan.BorrowerID] = overdue[p.Loan.BorrowerID] || p.Position.Overdue > 0
			owed[p.Loan.BorrowerID] += p.Position.Principal()
		}
		for _, r := range listAll(t, s, data.BorrowerFilter{On: on}) {
			if r.Overdue != overdue[r.ID] || r.Outstanding != owed[r.ID] {
				t.Errorf("%s on %s: overdue %v outstanding %d, engine %v %d", r.Name, on, r.Overdue, r.Outstanding, overdue[r.ID], owed[r.ID])
			}
			if r.Overdue {
				flips++
			}
		}
	}
	if flips == 0 {
		t.Fatal("no loan was ever overdue")
	}
}

// The search's words are matched as they are: _ and % are no wildcards.
func TestListBorrowersSearchMatchesWordsLiterally(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, code := range []string{"AB_7", "ABX7", `AB\7`} {
		b := person(code, "Lê Văn "+code, f.villageB1.ID, 0)
		if err := f.s.SaveBorrower(userCtx, &b); err != nil && code != `AB\7` {
			t.Fatal(err)
		}
	}
	for q, want := range map[string]string{"ab_7": "[AB_7]", "abx7": "[ABX7]", "ab%": "[]", "ab": "[AB_7 ABX7]"} {
		var got []string
		for _, r := range listAll(t, f.s, data.BorrowerFilter{On: demo.Today, Query: q, Sort: data.SortByCode}) {
			got = append(got, r.Code)
		}
		if fmt.Sprint(got) != want {
			t.Errorf("%q finds %v, want %s", q, got, want)
		}
	}
}
