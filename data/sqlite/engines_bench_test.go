package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
	"policycredit/data/pgtest"
)

// BenchmarkEngines runs the screens' slow paths on both engines side by side (issue 23:
// PostgreSQL within 2× of SQLite on one PC): the same demo office (seed 1, of the scale
// POLICYCREDIT_BENCH_SCALE names, "small" by default here: PostgreSQL's import of the
// district office takes minutes) in a SQLite file and in a database of the throw-away server.
//
//	go test -run '^$' -bench BenchmarkEngines ./data/sqlite/
func BenchmarkEngines(b *testing.B) {
	scale := demo.Scales["small"]
	if s, err := demo.ScaleNamed(os.Getenv("POLICYCREDIT_BENCH_SCALE")); err == nil {
		scale = s
	}
	ds := demo.Generate(scale, 1, demo.Today)
	for _, engine := range engines {
		b.Run(engine, func(b *testing.B) {
			addr := filepath.Join(b.TempDir(), "office.db")
			if engine == "postgres" {
				addr = pgtest.Database(b)
			}
			s, err := Open(addr)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { s.Close() })
			s.Today = func() data.Date { return demo.Today }
			if err := s.ImportDataset(context.Background(), ds); err != nil {
				b.Fatal(err)
			}
			benchEngineScreens(b, s)
		})
	}
}

func benchEngineScreens(b *testing.B, s *Store) {
	ctx := context.Background()
	on := demo.Today
	b.Run("search", func(b *testing.B) {
		keys := typed("nguyen thi")
		f := data.BorrowerFilter{Status: data.StatusActive, On: on, Limit: listPageSize}
		for b.Loop() {
			for _, k := range keys {
				f.Query = k
				if _, err := s.ListBorrowers(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N*len(keys)), "ms/key")
	})
	b.Run("group_posting", func(b *testing.B) {
		points, err := s.Points(ctx, 0)
		if err != nil || len(points) == 0 {
			b.Fatal(points, err)
		}
		list, err := s.CollectionList(ctx, points[0].ID, on)
		if err != nil || len(list.Groups) == 0 {
			b.Fatal(list.Totals, err)
		}
		var rows []data.CollectionEntry
		for _, m := range list.Groups[0].Members {
			rows = append(rows, data.CollectionEntry{Customer: m.Customer, Collected: data.Collected{Dues: m.Due, Deposit: 20_000}})
		}
		for b.Loop() {
			ref, err := s.PostCollection(ctx, data.CollectionBatch{PointID: points[0].ID, Date: on, Entries: rows})
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer() // reversed outside the timer, so that every round posts onto the same ledger
			if err := s.ReverseCollection(ctx, ref, "benchmark"); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		b.ReportMetric(float64(len(rows)), "rows")
	})
	b.Run("overview", func(b *testing.B) {
		if err := s.WarmOverview(ctx, on); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := s.Overview(ctx, 0, on); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("office_summary", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.OfficeSummary(ctx, on); err != nil {
				b.Fatal(err)
			}
		}
	})
}
