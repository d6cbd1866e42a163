package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"policycredit/data"
	"policycredit/data/pgtest"
)

// The benchmark office: three communes of 830 loans (a commune of the "large" scale: 50,000
// loans over 60 communes) with about 80 entries each, imported once into a file shared by the
// benchmarks. POLICYCREDIT_BENCH_COMMUNES raises the number of communes (60 for the whole
// "large" office, about 4 M entries).
var (
	benchOnce sync.Once
	benchDir  string
	benchPath string
	benchErr  error
)

func TestMain(m *testing.M) {
	// pgtest starts a throw-away PostgreSQL only when a test asks for a database, and stops it
	// when the tests end.
	code := pgtest.Main(m)
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	for _, dir := range benchCleanup {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

func benchCommunes() int {
	if n, err := strconv.Atoi(os.Getenv("POLICYCREDIT_BENCH_COMMUNES")); err == nil && n > 0 {
		return n
	}
	return 3
}

func benchStore(b *testing.B) *Store {
	b.Helper()
	benchOnce.Do(func() {
		if benchDir, benchErr = os.MkdirTemp("", "policycredit-bench-"); benchErr != nil {
			return
		}
		benchPath = filepath.Join(benchDir, "office.db")
		s, err := Open(benchPath)
		if err != nil {
			benchErr = err
			return
		}
		ds := genOffice(benchCommunes(), 830)
		start := time.Now()
		benchErr = s.ImportDataset(context.Background(), ds)
		b.Logf("imported %d loans, %d entries in %v", len(ds.Loans), len(ds.Entries), time.Since(start))
		s.Close()
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	s, err := Open(benchPath)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

var benchOn = data.MustDate("2026-03-15")

// BenchmarkPositionsCommune: every loan of one commune (830 loans, about 66,000 entries).
func BenchmarkPositionsCommune(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		ps, err := s.Positions(ctx, PositionScope{CommuneID: 2}, benchOn)
		if err != nil || len(ps) != 830 {
			b.Fatalf("%d positions, %v", len(ps), err)
		}
	}
}

// BenchmarkPositionsGroup: every loan of one group (about 50 loans).
func BenchmarkPositionsGroup(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		ps, err := s.Positions(ctx, PositionScope{GroupID: 2003}, benchOn)
		if err != nil || len(ps) < 40 {
			b.Fatalf("%d positions, %v", len(ps), err)
		}
	}
}

// BenchmarkPositionsOffice: every loan of the office (2,490 loans by default).
func BenchmarkPositionsOffice(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Positions(ctx, PositionScope{}, benchOn); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPosition: one loan, read and computed.
func BenchmarkPosition(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Position(ctx, "HD200017", benchOn); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImport: a whole office of one commune (830 loans, about 66,000 entries) into a new
// file; reports entries per second.
func BenchmarkImport(b *testing.B) {
	ds := genOffice(1, 830)
	dir := b.TempDir()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		s, err := Open(filepath.Join(dir, strconv.Itoa(i)+".db"))
		if err != nil {
			b.Fatal(err)
		}
		if err := s.ImportDataset(context.Background(), ds); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.ReportMetric(float64(len(ds.Entries))*float64(i)/b.Elapsed().Seconds(), "entries/s")
}

// BenchmarkCheck: the balance comparison of Check over the benchmark office.
func BenchmarkCheck(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		problems, err := s.Check(ctx)
		if err != nil || len(problems) != 0 {
			b.Fatal(problems, err)
		}
	}
}

// largeOfficeCopy opens a copy of the "large" demo office file named by
// POLICYCREDIT_BENCH_LARGE_DB (`make bench` names the one the borrower benchmarks build), for
// the benchmarks of whole-office work that also write; without one they are skipped, since
// generating it takes minutes.
func largeOfficeCopy(b *testing.B) *Store {
	b.Helper()
	src := os.Getenv("POLICYCREDIT_BENCH_LARGE_DB")
	if src == "" {
		b.Skip("set POLICYCREDIT_BENCH_LARGE_DB to a large demo office")
	}
	raw, err := os.ReadFile(src)
	if os.IsNotExist(err) {
		b.Skip(src + " does not exist yet")
	} else if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "large.db")
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		b.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// largestCommune is the commune with the most loans.
func largestCommune(b *testing.B, s *Store) int64 {
	b.Helper()
	var id int64
	err := s.db.QueryRow(`SELECT v.commune_id FROM loans l JOIN borrowers b ON b.id = l.borrower_id
		JOIN villages v ON v.id = b.village_id GROUP BY v.commune_id ORDER BY count(*) DESC LIMIT 1`).Scan(&id)
	if err != nil {
		b.Fatal(err)
	}
	return id
}
