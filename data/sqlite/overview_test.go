package sqlite

import (
	"context"
	"database/sql"
	"reflect"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
)

// Overview's summary and office lines are the summaries': the office's sums every commune's
// summary line by line, a commune's is its commune summary.
func TestOverviewEqualsTheSummaries(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	communes, err := s.Communes(ctx)
	must(t, err)
	// Today, and a date in an earlier year, when most loans have later entries.
	for _, on := range []data.Date{demo.Today, data.MustDate("2025-03-31")} {
		office, err := s.OfficeSummary(ctx, on)
		must(t, err)
		ov, err := s.Overview(ctx, 0, on)
		must(t, err)
		if !ov.IsOffice() || ov.Date != on || !reflect.DeepEqual(ov.Office, office) {
			t.Errorf("%s: the overview's office lines %+v, the office summary %+v", on, ov.Office, office)
		}
		sum := ov.Summary
		if sum.CommuneID != 0 || sum.Code != "" || sum.Name != "" || sum.Totals != office.Totals {
			t.Errorf("%s: office overview totals %+v (commune %d %q), office summary %+v", on, sum.Totals,
				sum.CommuneID, sum.Code, office.Totals)
		}

		// Each commune's summary, and the lines of all of them added up.
		programs, assocs := map[string]data.SummaryFigures{}, map[string]data.SummaryFigures{}
		sources := map[data.FundingSource]data.Dong{}
		groups := map[int64]data.SummaryGroup{}
		var savings data.Dong
		for i, c := range communes {
			cs, err := s.CommuneSummary(ctx, c.ID, on)
			must(t, err)
			co, err := s.Overview(ctx, c.ID, on)
			must(t, err)
			if co.IsOffice() || co.CommuneID != c.ID || !reflect.DeepEqual(co.Summary, cs) {
				t.Errorf("%s %s: the overview's summary differs from the commune summary", on, c.Code)
			}
			if len(co.Office.Communes) != 1 || co.Office.Communes[0] != office.Communes[i] || co.Office.Totals != cs.Totals {
				t.Errorf("%s %s: the overview's office line %+v, the office summary's %+v", on, c.Code,
					co.Office.Communes, office.Communes[i])
			}
			for _, p := range cs.Programs {
				programs[p.Code] = addFigures(programs[p.Code], p.SummaryFigures)
			}
			for _, a := range cs.Associations {
				assocs[a.Code] = addFigures(assocs[a.Code], a.SummaryFigures)
			}
			for _, src := range cs.Sources {
				sources[src.Source] += src.Outstanding
			}
			for _, g := range cs.Groups {
				if have, ok := groups[g.ID]; ok {
					g.Outstanding += have.Outstanding
					g.Overdue += have.Overdue
				}
				groups[g.ID] = g
			}
			savings += cs.Savings
		}
		if len(sum.Programs) != len(programs) || len(sum.Associations) != len(assocs) || len(sum.Groups) != len(groups) {
			t.Fatalf("%s: the office has %d programs, %d associations, %d groups; its communes %d, %d, %d", on,
				len(sum.Programs), len(sum.Associations), len(sum.Groups), len(programs), len(assocs), len(groups))
		}
		for _, p := range sum.Programs {
			if p.SummaryFigures != programs[p.Code] {
				t.Errorf("%s program %s: %+v, the communes %+v", on, p.Code, p.SummaryFigures, programs[p.Code])
			}
		}
		for _, a := range sum.Associations {
			if a.SummaryFigures != assocs[a.Code] {
				t.Errorf("%s association %q: %+v, the communes %+v", on, a.Code, a.SummaryFigures, assocs[a.Code])
			}
		}
		for _, src := range sum.Sources {
			if src.Outstanding != sources[src.Source] {
				t.Errorf("%s source %s: %d, the communes %d", on, src.Source, src.Outstanding, sources[src.Source])
			}
		}
		for _, g := range sum.Groups {
			if g != groups[g.ID] {
				t.Errorf("%s group %d: %+v, the communes %+v", on, g.ID, g, groups[g.ID])
			}
		}
		if sum.Savings != savings || savings == 0 || sum.Totals.Overdue == 0 || sum.Totals.Change() == 0 {
			t.Errorf("%s: savings %d, communes %d; totals %+v", on, sum.Savings, savings, sum.Totals)
		}
	}
}

// trendOfEngine is what the trend of an overview on date on must show for a commune (0: the
// office): the engine's figures at each month end, then the summary's totals on the date.
func trendOfEngine(t *testing.T, s *Store, communeID int64, on data.Date) []data.TrendPoint {
	t.Helper()
	var out []data.TrendPoint
	for _, d := range trendMonthEnds(on) {
		p := data.TrendPoint{Date: d}
		for _, f := range engineByLoan(t, s, PositionScope{CommuneID: communeID}, d) {
			p.Outstanding += f.outstanding
			p.Overdue += f.overdue
		}
		out = append(out, p)
	}
	ps, err := s.Positions(context.Background(), PositionScope{CommuneID: communeID}, on)
	must(t, err)
	last := data.TrendPoint{Date: on}
	for _, lp := range ps {
		last.Outstanding += lp.Position.Principal()
		last.Overdue += lp.Position.Overdue
	}
	return append(out, last)
}

// checkTrends compares the trend of every scope's overview with the engine's figures.
func checkTrends(t *testing.T, s *Store, on data.Date) map[int64][]data.TrendPoint {
	t.Helper()
	communes, err := s.Communes(context.Background())
	must(t, err)
	out := map[int64][]data.TrendPoint{}
	for _, id := range append([]int64{0}, communeIDs(communes)...) {
		ov, err := s.Overview(context.Background(), id, on)
		must(t, err)
		want := trendOfEngine(t, s, id, on)
		if !reflect.DeepEqual(ov.Trend, want) {
			t.Fatalf("commune %d on %s: the trend\n%+v\nthe engine\n%+v", id, on, ov.Trend, want)
		}
		if last := ov.Trend[len(ov.Trend)-1]; last.Outstanding != ov.Totals().Outstanding() || last.Overdue != ov.Totals().Overdue {
			t.Errorf("commune %d: the trend ends on %+v, the totals are %+v", id, last, ov.Totals())
		}
		out[id] = ov.Trend
	}
	return out
}

func communeIDs(cs []data.Commune) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

// monthEndRows counts the kept snapshots, and those marked at the ledger's last entry.
func monthEndRows(t *testing.T, s *Store) (rows, current int) {
	t.Helper()
	must(t, s.db.QueryRow(`SELECT count(*), coalesce(sum(CASE WHEN mark = (SELECT max(id) FROM entries) THEN 1 ELSE 0 END), 0)
		FROM month_end_figures`).Scan(&rows, &current))
	return rows, current
}

// The trend's month ends are the engine's figures on those dates, kept once computed, and
// computed again after an entry or a reversal dated on or before them: never the old figures.
func TestOverviewTrendFollowsTheLedger(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	on := demo.Today
	before := checkTrends(t, s, on)
	office := before[0]
	if len(office) != data.TrendMonths || office[0].Date != data.MustDate("2025-12-31") ||
		office[10].Date != data.MustDate("2026-10-31") || office[11].Date != on {
		t.Fatalf("trend dates %+v", office)
	}
	var overdue, differ bool
	for i, p := range office {
		overdue = overdue || p.Overdue > 0
		differ = differ || (i > 0 && p.Outstanding != office[i-1].Outstanding)
	}
	if !overdue || !differ {
		t.Fatalf("a flat trend or one without overdue debt proves little: %+v", office)
	}
	communes, err := s.Communes(ctx)
	must(t, err)
	rows, current := monthEndRows(t, s)
	if want := (data.TrendMonths - 1) * len(communes); rows != want || current != want {
		t.Fatalf("%d snapshots kept (%d at the last entry), want %d", rows, current, want)
	}

	// A repayment dated in the past (a correction) lowers every month end from its date on.
	var loanID, borrowerID, communeID int64
	var contract string
	back := data.MustDate("2026-05-18")
	must(t, s.db.QueryRow(`SELECT l.id, l.contract, l.borrower_id, v.commune_id FROM loans l
		JOIN loan_balances lb ON lb.loan_id = l.id JOIN borrowers b ON b.id = l.borrower_id
		JOIN villages v ON v.id = b.village_id
		WHERE l.status = 'active' AND l.signed_on < '2025-06-01' AND lb.disbursed - lb.principal_repaid - lb.written_off - lb.frozen > 5000000
			AND NOT EXISTS (SELECT 1 FROM savings_groups g WHERE g.leader_id = b.id) -- it moves commune below
		ORDER BY l.id LIMIT 1`).Scan(&loanID, &contract, &borrowerID, &communeID))
	paid := data.Entry{LoanID: loanID, Kind: data.EntryPrincipal, ValueDate: back, Amount: 1_000_000, Note: "sửa sót"}
	must(t, s.Post(userCtx, &paid))
	after := checkTrends(t, s, on)
	for i, p := range after[communeID] {
		change := before[communeID][i].Outstanding - p.Outstanding
		if (p.Date.Before(back) && change != 0) || (!p.Date.Before(back) && change != 1_000_000) {
			t.Errorf("%s: outstanding %d, before the correction %d", p.Date, p.Outstanding, before[communeID][i].Outstanding)
		}
	}
	if rows, current := monthEndRows(t, s); rows != (data.TrendMonths-1)*len(communes) || current == 0 {
		t.Errorf("after the correction: %d snapshots, %d recomputed", rows, current)
	}

	// Reversing an old repayment, on a date inside the trend, raises the month ends after it.
	var old int64
	var amount data.Dong
	must(t, s.db.QueryRow(`SELECT e.id, e.amount FROM entries e WHERE e.loan_id = ? AND e.kind = 'principal'
		AND e.value_date < '2025-09-01' AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id)
		ORDER BY e.id DESC LIMIT 1`, loanID).Scan(&old, &amount))
	reversedOn := data.MustDate("2026-08-05")
	_, err = s.ReverseEntry(userCtx, old, reversedOn, "nhập nhầm")
	must(t, err)
	again := checkTrends(t, s, on)
	for i, p := range again[communeID] {
		change := p.Outstanding - after[communeID][i].Outstanding
		if (p.Date.Before(reversedOn) && change != 0) || (!p.Date.Before(reversedOn) && change != amount) {
			t.Errorf("%s: outstanding %d, before the reversal %d (reversed %d)", p.Date, p.Outstanding,
				after[communeID][i].Outstanding, amount)
		}
	}

	// The household moves to a village of another commune: both communes' past follow it; the
	// office's does not change.
	var to data.Village
	villages, err := s.Villages(ctx, 0)
	must(t, err)
	for _, v := range villages {
		if v.CommuneID != communeID {
			to = v
		}
	}
	bv, err := s.Borrower(ctx, borrowerID)
	must(t, err)
	b := bv.Borrower
	b.VillageID, b.GroupID = to.ID, 0
	must(t, s.SaveBorrower(userCtx, &b))
	moved := checkTrends(t, s, on)
	if !reflect.DeepEqual(moved[0], again[0]) {
		t.Errorf("the office's trend changed with a household's commune:\n%+v\n%+v", moved[0], again[0])
	}
	if reflect.DeepEqual(moved[communeID], again[communeID]) || reflect.DeepEqual(moved[to.CommuneID], again[to.CommuneID]) {
		t.Error("the communes' trends did not follow the household")
	}

	// Kept and holding: a second warm-up writes nothing.
	must(t, s.WarmOverview(ctx, on))
	// The rows written so far: SQLite counts them; on PostgreSQL a rewritten or added month
	// end has a newer transaction id (xmin).
	written := `SELECT total_changes()`
	if s.pg {
		written = `SELECT count(*) + coalesce(max(xmin::text::bigint), 0) FROM month_end_figures`
	}
	var changes int64
	must(t, s.db.QueryRow(written).Scan(&changes))
	must(t, s.WarmOverview(ctx, on))
	var changes2 int64
	must(t, s.db.QueryRow(written).Scan(&changes2))
	if changes2 != changes {
		t.Errorf("a warm-up with every month end kept wrote %d rows", changes2-changes)
	}
}

// A snapshot that holds but disagrees with the ledger is a problem Check reports; rebuilding
// the balances drops the snapshots, and the next overview computes them again.
func TestCheckComparesTheMonthEnds(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	must(t, s.WarmOverview(ctx, demo.Today))
	problems, err := s.Check(ctx)
	must(t, err)
	if len(problems) != 0 {
		t.Fatalf("a sound office: %v", problems)
	}
	if _, err := s.db.Exec(`UPDATE month_end_figures SET overdue = overdue + 7
		WHERE month_end = '2026-06-30' AND commune_id = (SELECT min(id) FROM communes)`); err != nil {
		t.Fatal(err)
	}
	problems, err = s.Check(ctx)
	must(t, err)
	if len(problems) != 1 || problems[0].Rule != "check_balance" ||
		!strings.HasPrefix(problems[0].Params["Column"].(string), "month_end_figures 2026-06-30 ") ||
		problems[0].Params["Stored"].(int64)-problems[0].Params["Ledger"].(int64) != 7 {
		t.Fatalf("a snapshot off by 7 đồng: %v", problems)
	}
	if _, err := s.RebuildBalances(userCtx); err != nil {
		t.Fatal(err)
	}
	if rows, _ := monthEndRows(t, s); rows != 0 {
		t.Errorf("%d snapshots left after rebuilding the balances", rows)
	}
	if problems, err := s.Check(ctx); err != nil || len(problems) != 0 {
		t.Errorf("after the rebuild: %v %v", problems, err)
	}
	checkTrends(t, s, demo.Today)
}

func TestOverviewBadInput(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	if _, err := s.Overview(ctx, 999, demo.Today); !data.HasCode(err, data.CodeNotFound) {
		t.Errorf("unknown commune: %v", err)
	}
	if _, err := s.Overview(ctx, 0, data.Date{}); data.ForField(err, "summary.date") == nil {
		t.Errorf("no date: %v", err)
	}
	if err := s.WarmOverview(ctx, data.Date{}); data.ForField(err, "summary.date") == nil {
		t.Errorf("no date: %v", err)
	}
	// An empty office has a flat trend of zeros.
	empty := newStore(t)
	ov, err := empty.Overview(ctx, 0, demo.Today)
	must(t, err)
	if len(ov.Trend) != data.TrendMonths || ov.Trend[0].Outstanding != 0 || ov.Totals().Loans != 0 {
		t.Errorf("empty office: %+v", ov)
	}
}

// Snapshots that hold get the ledger's new last entry as their mark once it lags, so that
// checking them stays short; their figures do not change.
func TestKeptMonthEndsCatchUpWithTheLedger(t *testing.T) {
	// Not parallel: it changes confirmLag, which the other tests read.
	s := newDemoStore(t)
	ctx := context.Background()
	defer func(lag int64) { confirmLag = lag }(confirmLag)
	confirmLag = 0
	must(t, s.WarmOverview(ctx, demo.Today))
	var before []monthEndRow
	must(t, s.read(ctx, func(tx *sql.Tx) error {
		var err error
		before, err = keptMonthEnds(ctx, tx, trendMonthEnds(demo.Today), nil)
		return err
	}))
	var loanID int64
	must(t, s.db.QueryRow(`SELECT loan_id FROM loan_balances WHERE disbursed - principal_repaid - written_off > 1000000
		ORDER BY loan_id LIMIT 1`).Scan(&loanID))
	e := data.Entry{LoanID: loanID, Kind: data.EntryPrincipal, ValueDate: demo.Today, Amount: 100_000}
	must(t, s.Post(userCtx, &e))
	if rows, current := monthEndRows(t, s); rows == 0 || current != 0 {
		t.Fatalf("%d snapshots, %d at the new entry", rows, current)
	}
	must(t, s.WarmOverview(ctx, demo.Today))
	rows, current := monthEndRows(t, s)
	if rows != len(before) || current != rows {
		t.Errorf("%d snapshots, %d at the new entry; %d before", rows, current, len(before))
	}
	var after []monthEndRow
	must(t, s.read(ctx, func(tx *sql.Tx) error {
		var err error
		after, err = keptMonthEnds(ctx, tx, trendMonthEnds(demo.Today), nil)
		return err
	}))
	for i := range after {
		if after[i].figures != before[i].figures || after[i].mark != e.ID {
			t.Errorf("%s commune %d: %+v, before %+v", after[i].date, after[i].commune, after[i], before[i])
		}
	}
	checkTrends(t, s, demo.Today)
}
