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

// The summaries' benchmarks render the PDF too (through reports, which does not import this
// package), since "commune summary PDF" is what a manager waits for.

func communeSummaryPDF(b *testing.B, s *Store, communeID int64, on data.Date) data.CommuneSummary {
	ctx := context.Background()
	sum, err := s.CommuneSummary(ctx, communeID, on)
	if err != nil {
		b.Fatal(err)
	}
	sheet := reports.CommuneReport{Summary: sum, Unit: reports.UnitMillion, Office: data.Office{Name: "Phòng giao dịch"}}
	if err := sheet.WritePDF(io.Discard, translations.New("vi"), time.Time{}); err != nil {
		b.Fatal(err)
	}
	return sum
}

func officeSummaryPDF(b *testing.B, s *Store, on data.Date) data.OfficeSummary {
	sum, err := s.OfficeSummary(context.Background(), on)
	if err != nil {
		b.Fatal(err)
	}
	sheet := reports.OfficeReport{Summary: sum, Unit: reports.UnitMillion, Office: data.Office{Name: "Phòng giao dịch"}}
	if err := sheet.WritePDF(io.Discard, translations.New("vi"), time.Time{}); err != nil {
		b.Fatal(err)
	}
	return sum
}

// BenchmarkCommuneSummary: the figures of one commune of the bench office (830 loans).
func BenchmarkCommuneSummary(b *testing.B) {
	s := benchStore(b)
	for b.Loop() {
		if sum, err := s.CommuneSummary(context.Background(), 2, benchOn); err != nil || sum.Totals.Loans == 0 {
			b.Fatal(sum.Totals, err)
		}
	}
}

// BenchmarkCommuneSummaryPDF: the figures and the PDF.
func BenchmarkCommuneSummaryPDF(b *testing.B) {
	s := benchStore(b)
	for b.Loop() {
		communeSummaryPDF(b, s, 2, benchOn)
	}
}

// BenchmarkOfficeSummaryPDF: every commune of the bench office, figures and PDF.
func BenchmarkOfficeSummaryPDF(b *testing.B) {
	s := benchStore(b)
	for b.Loop() {
		officeSummaryPDF(b, s, benchOn)
	}
}

// BenchmarkSummaryLargeOffice runs on a copy of a "large" demo office named by
// POLICYCREDIT_BENCH_LARGE_DB (see BenchmarkCollectionLargeOffice): the commune with the most
// loans, the whole office, and the office's overdue list.
func BenchmarkSummaryLargeOffice(b *testing.B) {
	s := largeOfficeCopy(b)
	communeID := largestCommune(b, s)
	on := data.MustDate("2026-11-20")
	b.Run("commune_pdf", func(b *testing.B) {
		var sum data.CommuneSummary
		for b.Loop() {
			sum = communeSummaryPDF(b, s, communeID, on)
		}
		b.ReportMetric(float64(sum.Totals.Loans), "loans")
	})
	b.Run("office_pdf", func(b *testing.B) {
		var sum data.OfficeSummary
		for b.Loop() {
			sum = officeSummaryPDF(b, s, on)
		}
		b.ReportMetric(float64(sum.Totals.Loans), "loans")
	})
	b.Run("overdue_office", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.OverdueList(context.Background(), 0, on); err != nil {
				b.Fatal(err)
			}
		}
	})
}
