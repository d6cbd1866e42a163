package sqlite

import (
	"context"
	"io"
	"testing"
	"time"

	"policycredit/data"
	"policycredit/reports"
	"policycredit/translations"
)

// BenchmarkReviewLargeOffice: the Directive 40 review of a copy of a "large" demo office
// (POLICYCREDIT_BENCH_LARGE_DB), figures and PDF and JSON as `report directive40` makes them,
// over the Directive's ten years (the usual review) and over one year in the middle of the
// ledger, for the office and its largest commune. Issue 21 asks for ≤ 1 s.
func BenchmarkReviewLargeOffice(b *testing.B) {
	s := largeOfficeCopy(b)
	communeID := largestCommune(b, s)
	on := data.MustDate("2026-11-20")
	loc := translations.New("vi")
	run := func(b *testing.B, communeID int64, from data.Date) {
		var r data.Review
		for b.Loop() {
			var err error
			if r, err = s.Directive40Review(context.Background(), communeID, from, on); err != nil {
				b.Fatal(err)
			}
			rep := reports.ReviewReport{Review: r, Unit: reports.UnitMillion, Office: data.Office{Name: "Phòng giao dịch"}}
			if err := rep.WritePDF(io.Discard, loc, time.Time{}); err != nil {
				b.Fatal(err)
			}
			if err := rep.WriteJSON(io.Discard, loc); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(r.End.Loans), "loans")
	}
	b.Run("office_ten_years", func(b *testing.B) { run(b, 0, data.DirectiveDate) })
	b.Run("office_one_year", func(b *testing.B) { run(b, 0, data.MustDate("2024-12-31")) })
	b.Run("commune_ten_years", func(b *testing.B) { run(b, communeID, data.DirectiveDate) })
}
