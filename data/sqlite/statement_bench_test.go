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

// benchStatements times one household's statement PDF (figures and layout) and all the
// statements of a commune in one PDF.
func benchStatements(b *testing.B, s *Store, communeID int64, on data.Date) {
	ctx := context.Background()
	loc := translations.New("vi")
	office, err := s.Office(ctx)
	if err != nil {
		b.Fatal(err)
	}
	sts, err := s.Statements(ctx, data.StatementScope{CommuneID: communeID}, on, nil)
	if err != nil || len(sts) == 0 {
		b.Fatal(len(sts), err)
	}
	// The household with the most entries: the longest statement of the commune.
	longest, most := sts[0], 0
	for _, st := range sts {
		n := 0
		for _, l := range st.Loans {
			n += len(l.Entries)
		}
		if n > most {
			longest, most = st, n
		}
	}
	b.Run("statement_pdf", func(b *testing.B) {
		for b.Loop() {
			st, err := s.Statement(ctx, longest.Household.Code, on)
			if err != nil {
				b.Fatal(err)
			}
			if err := (reports.StatementReport{Office: office, Statement: st}).WritePDF(io.Discard, loc, time.Time{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(most), "entries")
	})
	b.Run("commune_figures", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Statements(ctx, data.StatementScope{CommuneID: communeID}, on, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(sts)), "households")
	})
	b.Run("commune_pdf", func(b *testing.B) {
		for b.Loop() {
			all, err := s.Statements(ctx, data.StatementScope{CommuneID: communeID}, on, nil)
			if err != nil {
				b.Fatal(err)
			}
			if err := (reports.Statements{Office: office, List: all}).WritePDF(ctx, io.Discard, loc, time.Time{}, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(sts)), "households")
	})
}

// BenchmarkStatements runs on commune 2 of the bench office: 830 households with a loan each.
func BenchmarkStatements(b *testing.B) {
	s := benchStore(b)
	benchStatements(b, s, 2, benchOn)
}

// BenchmarkStatementsLargeOffice runs on a copy of the large demo office named by
// POLICYCREDIT_BENCH_LARGE_DB, on its largest commune.
func BenchmarkStatementsLargeOffice(b *testing.B) {
	s := largeOfficeCopy(b)
	communeID := largestCommune(b, s)
	benchStatements(b, s, communeID, data.MustDate("2026-11-20"))
}
