package demo

import (
	"fmt"
	"reflect"
	"testing"

	"policycredit/data"
)

// communeFigures is each commune's outstanding and overdue principal on a date, by the engine.
type communeFigures struct {
	outstanding, overdue []data.Dong // by commune index
}

func figuresOn(t *testing.T, ds *data.Dataset, on data.Date) communeFigures {
	t.Helper()
	lbs, _ := books(ds)
	f := communeFigures{outstanding: make([]data.Dong, len(ds.Communes)), overdue: make([]data.Dong, len(ds.Communes))}
	for _, b := range lbs {
		if b.Loan.SignedOn.After(on) {
			continue
		}
		p, err := data.PositionOn(b, on)
		if err != nil {
			t.Fatal(err)
		}
		c := ds.Villages[ds.Borrowers[b.Loan.BorrowerID-1].VillageID-1].CommuneID - 1
		f.outstanding[c] += p.Principal()
		f.overdue[c] += p.Overdue
	}
	return f
}

func (f communeFigures) ratio(c int) float64 {
	if f.outstanding[c] == 0 {
		return 0
	}
	return float64(f.overdue[c]) / float64(f.outstanding[c])
}

// office is the office's overdue ratio and the number of communes with no overdue debt.
func (f communeFigures) office() (ratio float64, clean int) {
	var out, over data.Dong
	for c := range f.outstanding {
		out += f.outstanding[c]
		over += f.overdue[c]
		if f.overdue[c] == 0 {
			clean++
		}
	}
	return float64(over) / float64(out), clean
}

func (f communeFigures) String() string {
	s := ""
	for c := range f.outstanding {
		s += fmt.Sprintf(" %.2f", 100*f.ratio(c))
	}
	return s
}

// TestLooksRealOnAnyDay generates the office up to several end dates and checks, on the end
// date, the figures real offices show: an overdue ratio of 0.05–0.3 %, a third to two thirds
// of the communes with no overdue debt, and at least one commune clearly worse than the
// office, for the meeting slides to rank. The district test needs 6–11 clean communes of 17.
func TestLooksRealOnAnyDay(t *testing.T) {
	t.Parallel()
	days := []string{TodayISO, "2026-12-07", "2027-03-15", "2027-06-30"}
	scales := []string{"small", "district"}
	if testing.Short() {
		days, scales = days[:2], scales[:1]
	}
	for _, name := range scales {
		for i, day := range days {
			// The district office costs most: its pinned day (shared with the other tests)
			// and one day months after it; the small office on every day.
			if name == "district" && i != 0 && day != "2027-03-15" {
				continue
			}
			t.Run(name+"/"+day, func(t *testing.T) {
				t.Parallel()
				until := data.MustDate(day)
				var ds *data.Dataset
				if name == "district" && day == TodayISO {
					ds = districtDataset(t)
				} else {
					ds = Generate(Scales[name], testSeed, until)
				}
				checkOffice(t, ds, until)
			})
		}
	}
}

func checkOffice(t *testing.T, ds *data.Dataset, until data.Date) {
	t.Helper()
	for _, e := range ds.Entries {
		if e.ValueDate.After(until) {
			t.Fatalf("entry %d dated %s after the end date %s", e.ID, e.ValueDate, until)
		}
	}
	f := figuresOn(t, ds, until)
	ratio, clean := f.office()
	n := len(ds.Communes)
	t.Logf("on %s: overdue ratio %.3f %%, %d of %d communes with no overdue; by commune (%%):%s", until, 100*ratio, clean, n, f)
	if ratio < 0.0005 || ratio > 0.003 {
		t.Errorf("overdue ratio %.3f %% on %s, want 0.05–0.3 %%", 100*ratio, until)
	}
	if lo, hi := (n+2)/3, 2*n/3; clean < lo || clean > hi {
		t.Errorf("%d of %d communes with no overdue debt on %s, want %d–%d", clean, n, until, lo, hi)
	}
	worst := 0.0
	for c := range f.outstanding {
		worst = max(worst, f.ratio(c))
	}
	if worst < 1.5*ratio {
		t.Errorf("worst commune %.3f %%, office %.3f %%: no commune clearly worse", 100*worst, 100*ratio)
	}
}

// TestEndDateIsAParameter: the same seed and end date give the same office; another end date
// in the same year gives the same places and people and a history that stops on that date.
func TestEndDateIsAParameter(t *testing.T) {
	t.Parallel()
	until := data.MustDate("2026-12-28")
	a := Generate(Scales["small"], testSeed, until)
	if b := Generate(Scales["small"], testSeed, until); !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed and end date gave different offices")
	}
	pinned := Generate(Scales["small"], testSeed, Today)
	if reflect.DeepEqual(a.Entries, pinned.Entries) {
		t.Fatal("another end date gave the same ledger")
	}
	if nonLoanHash(t, a) != nonLoanHash(t, pinned) {
		t.Error("an end date in the same year changed the places or people")
	}
	last := data.Date{}
	for _, e := range a.Entries {
		if e.ValueDate.After(last) {
			last = e.ValueDate
		}
	}
	if last.After(until) || last.Before(until.AddMonths(-1)) {
		t.Errorf("last entry on %s, want in the month up to %s", last, until)
	}
	defer func() {
		if recover() == nil {
			t.Error("an end date before EarliestUntil did not panic")
		}
	}()
	Generate(Scales["small"], testSeed, EarliestUntil.AddDays(-1))
}
