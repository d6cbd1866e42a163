package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"policycredit/data"
	"policycredit/data/demo"
)

// The Borrowers screen's benchmarks run on a demo office (data/demo, seed 1) of the scale
// POLICYCREDIT_BENCH_SCALE names: "large" (35,000 households, 50,000 loans, 4 M entries) by
// default. Generating and importing the large office takes about two minutes, so
// POLICYCREDIT_BENCH_DB may name a file that keeps it between runs: made when missing, reused
// when present (`make bench` keeps it in bin/; `make clean` removes it). Without it the office
// is made in a temporary folder and removed when the benchmarks end.
var (
	demoBenchOnce sync.Once
	demoBenchPath string
	demoBenchErr  error
)

func demoBenchScale() demo.Scale {
	if s, err := demo.ScaleNamed(os.Getenv("POLICYCREDIT_BENCH_SCALE")); err == nil {
		return s
	}
	return demo.Scales["large"]
}

func demoBenchStore(b *testing.B) *Store {
	b.Helper()
	scale := demoBenchScale()
	demoBenchOnce.Do(func() {
		demoBenchPath = os.Getenv("POLICYCREDIT_BENCH_DB")
		if demoBenchPath == "" {
			dir, err := os.MkdirTemp("", "policycredit-bench-demo-")
			if err != nil {
				demoBenchErr = err
				return
			}
			benchCleanup = append(benchCleanup, dir)
			demoBenchPath = filepath.Join(dir, "office.db")
		}
		s, err := Open(demoBenchPath)
		if err != nil {
			demoBenchErr = err
			return
		}
		defer s.Close()
		c, err := s.Counts(context.Background())
		if err != nil {
			demoBenchErr = err
			return
		}
		if c.Borrowers > 0 {
			if c.Borrowers != scale.Households {
				b.Logf("%s holds %d households, not the %d of the %q scale", demoBenchPath, c.Borrowers, scale.Households, scale.Name)
			}
			return
		}
		start := time.Now()
		ds := demo.Generate(scale, 1, demo.Today)
		generated := time.Since(start)
		demoBenchErr = s.ImportDataset(context.Background(), ds)
		b.Logf("demo office %q: generated in %v, imported in %v into %s", scale.Name, generated,
			time.Since(start)-generated, demoBenchPath)
	})
	if demoBenchErr != nil {
		b.Fatal(demoBenchErr)
	}
	s, err := Open(demoBenchPath)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// benchCleanup lists temporary folders TestMain removes after the benchmarks.
var benchCleanup []string

// typed is every prefix of a name as a clerk types it, one key at a time.
func typed(name string) []string {
	var out []string
	for i := 1; i <= len(name); i++ {
		out = append(out, name[:i])
	}
	return out
}

// listPageSize is the page the Borrowers screen asks for (ui.borrowerPage).
const listPageSize = 50

// BenchmarkBorrowerSearchAsYouType: one ListBorrowers call per key of "nguyen thi dao", as the
// Borrowers screen makes them: first page, with the count. ms/key is the mean per keystroke.
func BenchmarkBorrowerSearchAsYouType(b *testing.B) {
	s := demoBenchStore(b)
	ctx := context.Background()
	keys := typed("nguyen thi dao")
	for _, c := range []struct {
		name   string
		filter data.BorrowerFilter
	}{
		{"active_by_name", data.BorrowerFilter{Status: data.StatusActive}},
		{"all_by_name", data.BorrowerFilter{}},
		{"one_commune", data.BorrowerFilter{Status: data.StatusActive, CommuneID: 1}},
		{"program_01", data.BorrowerFilter{Status: data.StatusActive, Program: "01"}},
		{"by_outstanding", data.BorrowerFilter{Status: data.StatusActive, Sort: data.SortByOutstanding, Desc: true}},
		{"has_overdue", data.BorrowerFilter{Status: data.StatusOverdue}},
	} {
		b.Run(c.name, func(b *testing.B) {
			f := c.filter
			f.On, f.Limit = demo.Today, listPageSize
			rows := 0
			for b.Loop() {
				for _, k := range keys {
					f.Query = k
					l, err := s.ListBorrowers(ctx, f)
					if err != nil {
						b.Fatal(err)
					}
					rows = l.Total
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*len(keys)), "ms/key")
			b.ReportMetric(float64(rows), "found")
		})
	}
}

// BenchmarkBorrowerKeystroke: each keystroke of "nguyen thi dao" alone, on the default list
// (active households by name), to see the slowest.
func BenchmarkBorrowerKeystroke(b *testing.B) {
	s := demoBenchStore(b)
	ctx := context.Background()
	for _, k := range typed("nguyen thi dao") {
		if k[len(k)-1] == ' ' {
			continue // the same words as the key before
		}
		b.Run(k, func(b *testing.B) {
			f := data.BorrowerFilter{Query: k, Status: data.StatusActive, On: demo.Today, Limit: listPageSize}
			var total int
			for b.Loop() {
				l, err := s.ListBorrowers(ctx, f)
				if err != nil {
					b.Fatal(err)
				}
				total = l.Total
			}
			b.ReportMetric(float64(total), "found")
		})
	}
}

// BenchmarkBorrowerListWhole: the list with no search, ordered or filtered by what households
// owe, which needs the figures of every household.
func BenchmarkBorrowerListWhole(b *testing.B) {
	s := demoBenchStore(b)
	ctx := context.Background()
	for _, c := range []struct {
		name   string
		filter data.BorrowerFilter
	}{
		{"by_name_first_page", data.BorrowerFilter{}},
		{"by_name_page_300", data.BorrowerFilter{Offset: 300 * listPageSize}},
		{"by_village", data.BorrowerFilter{Sort: data.SortByVillage}},
		{"by_outstanding", data.BorrowerFilter{Sort: data.SortByOutstanding, Desc: true}},
		{"by_overdue", data.BorrowerFilter{Sort: data.SortByOverdue, Desc: true}},
		{"has_overdue", data.BorrowerFilter{Status: data.StatusOverdue}},
	} {
		b.Run(c.name, func(b *testing.B) {
			f := c.filter
			f.On, f.Limit = demo.Today, listPageSize
			for b.Loop() {
				if _, err := s.ListBorrowers(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBorrowerDetail: what opening a household reads: the household, each loan with its
// position today, savings and history. The household is the one with the most loans among the
// first page.
func BenchmarkBorrowerDetail(b *testing.B) {
	s := demoBenchStore(b)
	ctx := context.Background()
	l, err := s.ListBorrowers(ctx, data.BorrowerFilter{Query: "nguyen thi dao", On: demo.Today, Limit: listPageSize})
	if err != nil || len(l.Rows) == 0 {
		b.Fatal(l.Total, err)
	}
	who, most := l.Rows[0].ID, -1
	for _, r := range l.Rows {
		if n := len(r.Programs); n > most {
			who, most = r.ID, n
		}
	}
	var loans int
	for b.Loop() {
		d, err := s.BorrowerDetail(ctx, who, demo.Today)
		if err != nil {
			b.Fatal(err)
		}
		loans = len(d.Loans)
	}
	b.ReportMetric(float64(loans), "loans")
}
