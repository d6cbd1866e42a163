package sqlite

import (
	"context"
	"testing"

	"policycredit/data"
)

// BenchmarkOverview opens the Overview screen on a copy of the "large" demo office named by
// POLICYCREDIT_BENCH_LARGE_DB, as the screen calls it: the whole office and its largest
// commune, once the trend's month ends are kept (the steady state: WarmOverview ran at start),
// and on a store opened anew for every call. month_ends_once is what keeping the 11 month ends
// costs once, from none; office_after_correction is the office's overview after a repayment
// dated two months back, which makes the last three month ends stale.
func BenchmarkOverview(b *testing.B) {
	s := largeOfficeCopy(b)
	ctx := context.Background()
	communeID := largestCommune(b, s)
	on := data.MustDate("2026-11-20")
	b.Run("month_ends_once", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			if _, err := s.db.Exec(`DELETE FROM month_end_figures`); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if err := s.WarmOverview(ctx, on); err != nil {
				b.Fatal(err)
			}
		}
		var n int
		if err := s.db.QueryRow(`SELECT count(DISTINCT month_end) FROM month_end_figures`).Scan(&n); err != nil || n != data.TrendMonths-1 {
			b.Fatalf("%d month ends kept, %v", n, err)
		}
		b.ReportMetric(float64(n), "month_ends")
	})
	if err := s.WarmOverview(ctx, on); err != nil {
		b.Fatal(err)
	}
	for _, sc := range []struct {
		name    string
		commune int64
	}{{"office", 0}, {"largest_commune", communeID}} {
		b.Run(sc.name, func(b *testing.B) {
			var o data.Overview
			for b.Loop() {
				var err error
				if o, err = s.Overview(ctx, sc.commune, on); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(o.Summary.Totals.Loans), "loans")
		})
		b.Run(sc.name+"_new_store", func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				fresh, err := Open(s.Path())
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := fresh.Overview(ctx, sc.commune, on); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				fresh.Close()
				b.StartTimer()
			}
		})
	}
	b.Run("office_after_correction", func(b *testing.B) {
		var loanID int64
		if err := s.db.QueryRow(`SELECT lb.loan_id FROM loan_balances lb JOIN loans l ON l.id = lb.loan_id
			WHERE l.status = 'active' AND l.signed_on < '2026-01-01'
				AND lb.disbursed - lb.principal_repaid - lb.written_off - lb.frozen > 10000000
			ORDER BY lb.loan_id LIMIT 1`).Scan(&loanID); err != nil {
			b.Fatal(err)
		}
		back := data.MustDate("2026-09-15")
		for b.Loop() {
			b.StopTimer()
			e := data.Entry{LoanID: loanID, Kind: data.EntryPrincipal, ValueDate: back, Amount: 1_000}
			if err := s.Post(data.WithUser(ctx, "bench"), &e); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if _, err := s.Overview(ctx, 0, on); err != nil {
				b.Fatal(err)
			}
		}
	})
}
