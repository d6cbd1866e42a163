package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"policycredit/data/sqlite"
	"policycredit/translations"
)

// BenchmarkOverviewOpens measures what a manager waits for on opening the Overview of the
// whole large office: the communes, the programs, the figures and the charts filled in.
// POLICYCREDIT_BENCH_LARGE_DB names a `demo --scale large` file (make bench sets it); it is
// copied, never written.
func BenchmarkOverviewOpens(b *testing.B) {
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
	store, err := sqlite.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	fyneApp := test.NewApp()
	defer fyneApp.Quit()
	a := New(fyneApp, store, translations.New("vi"), Options{User: "bench", StartAt: "settings"})
	a.Wait()
	s := newOverviewScreen(a)
	s.refresh() // once before timing: a first start may keep month-end figures for the trend
	a.Wait()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := newOverviewScreen(a)
		s.refresh()
		a.Wait()
		if !s.loaded || s.shown.Totals().Outstanding() == 0 {
			b.Fatal("the overview shows nothing")
		}
	}
}
