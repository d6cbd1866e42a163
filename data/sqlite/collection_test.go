package sqlite

import (
	"context"
	"reflect"
	"sync"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
)

// demoOffice is the small demo office, generated once per test binary and copied per test.
var demoOffice = sync.OnceValue(func() *data.Dataset { return demo.Generate(demo.Scales["small"], 1, demo.Today) })

func newDemoStore(t testing.TB) *Store {
	t.Helper()
	return demoStoreAs(t, context.Background())
}

// collectionDay is the first fixed day of a demo point on or after the demo's today.
func collectionDay(p data.Point) data.Date { return data.NextPointDay(p.Day, demo.Today) }

func TestCollectionListEqualsTheLoanPositions(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	points, err := s.Points(ctx, 0)
	if err != nil || len(points) == 0 {
		t.Fatalf("points: %v %v", points, err)
	}
	var listed int
	for _, p := range points {
		on := collectionDay(p)
		list, err := s.CollectionList(ctx, p.ID, on)
		if err != nil {
			t.Fatal(err)
		}
		positions, err := s.Positions(ctx, PositionScope{PointID: p.ID}, on)
		if err != nil {
			t.Fatal(err)
		}
		var want data.Dues
		for _, lp := range positions {
			want = want.Add(data.DuesOn(lp.Position))
		}
		var loans int
		var sum data.CollectionTotals
		for _, g := range list.Groups {
			var gt data.Dues
			for _, m := range g.Members {
				var md data.Dues
				for _, l := range m.Loans {
					md = md.Add(l.Due)
					pos, err := s.Position(ctx, l.Contract, on)
					if err != nil {
						t.Fatal(err)
					}
					if d := data.DuesOn(pos); d != l.Due {
						t.Errorf("%s %s: list says %+v, its position %+v", p.Code, l.Contract, l.Due, d)
					}
				}
				if md != m.Due {
					t.Errorf("%s: member dues %+v, loans add up to %+v", m.Customer, m.Due, md)
				}
				if bal, err := s.SavingsBalance(ctx, m.BorrowerID, on); err != nil || bal != m.Savings {
					t.Errorf("%s: savings %d on the list, %d in the ledger (%v)", m.Customer, m.Savings, bal, err)
				}
				gt = gt.Add(m.Due)
				loans += len(m.Loans)
				sum.Members++
				sum.Savings += m.Savings
			}
			if gt != g.Totals.Due || len(g.Members) != g.Totals.Members {
				t.Errorf("group %s totals %+v, members add up to %+v", g.Code, g.Totals, gt)
			}
			sum.Due = sum.Due.Add(gt)
		}
		if sum != list.Totals {
			t.Errorf("point %s totals %+v, groups add up to %+v", p.Code, list.Totals, sum)
		}
		if list.Totals.Due != want || loans != len(positions) {
			t.Errorf("point %s: list %d loans %+v, positions %d loans %+v", p.Code, loans, list.Totals.Due, len(positions), want)
		}
		listed += list.Totals.Members
	}
	if listed == 0 {
		t.Fatal("no member on any list")
	}
}

func TestCollectionListRefusesBadInput(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	if _, err := s.CollectionList(ctx, 999_999, demo.Today); data.ForField(err, "collection.point") == nil {
		t.Errorf("an unknown point: %v", err)
	}
	if _, err := s.CollectionList(ctx, 1, data.Date{}); data.ForField(err, "collection.date") == nil {
		t.Errorf("no date: %v", err)
	}
}

// busiestList is the demo point list with the most members, on its next day.
func busiestList(t *testing.T, s *Store) data.CollectionList {
	t.Helper()
	points, err := s.Points(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	var best data.CollectionList
	for _, p := range points {
		list, err := s.CollectionList(context.Background(), p.ID, collectionDay(p))
		if err != nil {
			t.Fatal(err)
		}
		if list.Totals.Members > best.Totals.Members {
			best = list
		}
	}
	return best
}

// paidAsDue fills a group's rows with what is due, and a deposit for every third member.
func paidAsDue(g data.CollectionGroup) ([]data.CollectionEntry, data.Dong) {
	var rows []data.CollectionEntry
	var net data.Dong
	for i, m := range g.Members {
		row := data.CollectionEntry{Customer: m.Customer, Collected: data.Collected{Dues: m.Due}}
		if i%3 == 0 {
			row.Deposit = 50_000
		}
		net += row.Net()
		rows = append(rows, row)
	}
	return rows, net
}

type dayState struct {
	positions map[int64]data.Position
	savings   map[int64]data.Dong
	entries   int
}

func dayStateOf(t *testing.T, s *Store, list data.CollectionList) dayState {
	t.Helper()
	ctx := context.Background()
	ps, err := s.Positions(ctx, PositionScope{PointID: list.PointID}, list.Date)
	if err != nil {
		t.Fatal(err)
	}
	st := dayState{positions: map[int64]data.Position{}, savings: map[int64]data.Dong{}, entries: countRows(t, s, "entries")}
	for _, lp := range ps {
		p := lp.Position
		p.Installments, p.Next = nil, nil
		st.positions[lp.Loan.ID] = p
	}
	for _, g := range list.Groups {
		for _, m := range g.Members {
			if st.savings[m.BorrowerID], err = s.SavingsBalance(ctx, m.BorrowerID, list.Date); err != nil {
				t.Fatal(err)
			}
		}
	}
	return st
}

func TestPostingABatchThenReversingItRestoresEveryPosition(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	list := busiestList(t, s)
	before := dayStateOf(t, s, list)

	g := list.Groups[0]
	if g.Totals.Due.Principal == 0 || g.Totals.Due.Interest == 0 {
		t.Fatalf("group %s owes %+v: the test needs principal and interest due", g.Code, g.Totals.Due)
	}
	rows, net := paidAsDue(g)
	dayBefore, err := s.DayReport(ctx, list.PointID, list.Date)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := s.PostCollection(ctx, data.CollectionBatch{PointID: list.PointID, Date: list.Date, Entries: rows,
		Cash: map[int64]data.Dong{g.ID: net}})
	if err != nil {
		t.Fatal(err)
	}
	if want := list.PointCode + "/" + compactDate(list.Date); ref != want {
		t.Errorf("ref %q, want %q", ref, want)
	}
	after, err := s.CollectionList(ctx, list.PointID, list.Date)
	if err != nil {
		t.Fatal(err)
	}
	for _, ag := range after.Groups {
		if ag.ID == g.ID && ag.Totals.Due != (data.Dues{}) {
			t.Errorf("group %s still owes %+v after paying as due", g.Code, ag.Totals.Due)
		}
	}
	if after.Totals.Savings != list.Totals.Savings+net-g.Totals.Due.Total() {
		t.Errorf("savings %d after, %d before, net %d", after.Totals.Savings, list.Totals.Savings, net)
	}
	batches, err := s.CollectionBatches(ctx, list.PointID)
	if err != nil || len(batches) != 1 || batches[0].Ref != ref || batches[0].Entries == 0 || batches[0].Reversed {
		t.Fatalf("batches %+v %v", batches, err)
	}
	// The day's batches alone: that day's, and none the day after.
	if on, err := s.CollectionBatchesOn(ctx, list.PointID, list.Date); err != nil || len(on) != 1 || on[0] != batches[0] {
		t.Errorf("batches of %s: %+v %v", list.Date, on, err)
	}
	if next, err := s.CollectionBatchesOn(ctx, list.PointID, list.Date.AddDays(1)); err != nil || len(next) != 0 {
		t.Errorf("batches of the next day: %+v %v", next, err)
	}
	assertCheckClean(t, s)

	// The day report shows the batch: what the group paid, its deposits and its cash.
	day, err := s.DayReport(ctx, list.PointID, list.Date)
	if err != nil {
		t.Fatal(err)
	}
	var deposits data.Dong
	for _, r := range rows {
		deposits += r.Deposit
	}
	if got := day.Totals.Collected.Add(data.Dues{}); got != dayBefore.Totals.Collected.Add(g.Totals.Due) ||
		day.Totals.Deposits != dayBefore.Totals.Deposits+deposits {
		t.Errorf("day totals %+v, before %+v, group paid %+v and deposited %d", day.Totals, dayBefore.Totals, g.Totals.Due, deposits)
	}
	var dg *data.DayGroup
	for i := range day.Groups {
		if day.Groups[i].ID == g.ID {
			dg = &day.Groups[i]
		}
	}
	if dg == nil || !dg.HasCount || dg.Counted != net || dg.Difference() != 0 || len(day.Batches) != 1 || day.Batches[0] != ref {
		t.Errorf("day group %+v, batches %v", dg, day.Batches)
	}
	var byProgram data.DayFigures
	for _, p := range day.Programs {
		byProgram = byProgram.Add(p.Figures)
	}
	if byProgram.Collected != day.Totals.Collected {
		t.Errorf("programs add up to %+v, the day to %+v", byProgram.Collected, day.Totals.Collected)
	}

	if err := s.ReverseCollection(ctx, ref, " "); data.ForField(err, "collection.reason") == nil {
		t.Errorf("a reversal without a reason: %v", err)
	}
	if err := s.ReverseCollection(ctx, ref, "Nhập nhầm tổ"); err != nil {
		t.Fatal(err)
	}
	restored := dayStateOf(t, s, list)
	for id, p := range before.positions {
		if !reflect.DeepEqual(restored.positions[id], p) {
			t.Errorf("loan %d: %+v before, %+v after the reversal", id, p, restored.positions[id])
		}
	}
	for id, bal := range before.savings {
		if restored.savings[id] != bal {
			t.Errorf("household %d savings %d before, %d after the reversal", id, bal, restored.savings[id])
		}
	}
	if day, err := s.DayReport(ctx, list.PointID, list.Date); err != nil || day.Totals != dayBefore.Totals || len(day.Batches) != 0 {
		t.Errorf("after the reversal the day is %+v (%v), before %+v", day.Totals, err, dayBefore.Totals)
	}
	if err := s.ReverseCollection(ctx, ref, "again"); data.ForField(err, "collection.ref") == nil {
		t.Errorf("a second reversal: %v", err)
	}
	if err := s.ReverseCollection(ctx, "NO/SUCH", "x"); !data.HasCode(err, data.CodeNotFound) {
		t.Errorf("an unknown batch: %v", err)
	}
	assertCheckClean(t, s)

	// The day can be posted again under the next reference.
	if ref2, err := s.PostCollection(ctx, data.CollectionBatch{PointID: list.PointID, Date: list.Date, Entries: rows}); err != nil || ref2 != ref+"-2" {
		t.Errorf("second batch %q %v", ref2, err)
	}
}

func compactDate(d data.Date) string {
	s := d.String()
	return s[0:4] + s[5:7] + s[8:10]
}

func TestABatchWithOneBadRowPostsNothing(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	list := busiestList(t, s)
	g := list.Groups[0]
	good, net := paidAsDue(g)
	withInterest := -1
	for i, m := range g.Members {
		if m.Due.Interest > 0 {
			withInterest = i
			break
		}
	}
	if withInterest < 0 {
		t.Fatal("no member owes interest")
	}

	cases := []struct {
		name  string
		edit  func(rows []data.CollectionEntry) []data.CollectionEntry
		cash  data.Dong
		field string
		rule  string
		line  int
	}{
		{"unknown customer", func(r []data.CollectionEntry) []data.CollectionEntry {
			r[1].Customer = "KH-NONE"
			return r
		}, net, "collection.customer", "", 2},
		{"interest above due", func(r []data.CollectionEntry) []data.CollectionEntry {
			r[withInterest].Interest += 1
			return r
		}, net + 1, "collection.interest", "above_due", withInterest + 1},
		{"negative deposit", func(r []data.CollectionEntry) []data.CollectionEntry {
			r[2].Deposit = -1
			return r
		}, net, "collection.deposit", "not_negative", 3},
		{"same member twice", func(r []data.CollectionEntry) []data.CollectionEntry {
			return append(r, r[0])
		}, net, "collection.customer", "duplicate_row", len(good) + 1},
		{"withdrawal above savings", func(r []data.CollectionEntry) []data.CollectionEntry {
			r[0].Withdrawal = r[0].Deposit + g.Members[0].Savings + 1
			return r
		}, net - (good[0].Deposit + g.Members[0].Savings + 1), "", "", 1},
		{"cash short", func(r []data.CollectionEntry) []data.CollectionEntry { return r }, net - 1000, "collection.cash", "cash_mismatch", 0},
	}
	entries := countRows(t, s, "entries")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows := c.edit(append([]data.CollectionEntry(nil), good...))
			_, err := s.PostCollection(ctx, data.CollectionBatch{PointID: list.PointID, Date: list.Date, Entries: rows,
				Cash: map[int64]data.Dong{g.ID: c.cash}})
			des := data.DomainErrors(err)
			if len(des) == 0 {
				t.Fatalf("posted: %v", err)
			}
			found := false
			for _, de := range des {
				line, _ := de.Params["Line"].(int)
				found = found || ((c.field == "" || de.Field == c.field) && (c.rule == "" || de.Rule == c.rule) && line == c.line)
			}
			if !found {
				t.Errorf("want %s %s on line %d, got %v", c.field, c.rule, c.line, err)
			}
			if n := countRows(t, s, "entries"); n != entries {
				t.Errorf("%d entries posted by a refused batch", n-entries)
			}
			if n := countRows(t, s, "collection_batches"); n != 0 {
				t.Errorf("%d batches recorded by a refused batch", n)
			}
		})
	}
}
