package demo

import (
	"testing"

	"policycredit/data"
)

// TestDemoOutcomesArePlausible: each loan records only what its program asks and passes its
// checks; every student loan finances a student; job loans keep at least the borrower's job;
// the households that rose out of poverty are near-poor or newly out now, borrowed from a
// poverty program, and left it on a day of the office's history.
func TestDemoOutcomesArePlausible(t *testing.T) {
	t.Parallel()
	ds := Generate(Scales["small"], testSeed, Today)
	recorded := 0
	poverty := map[int64]bool{}
	for _, l := range ds.Loans {
		if err := data.ValidateOutcome(l.ProgramCode, l.Outcome); err != nil {
			t.Fatalf("loan %s (%s): %v", l.Contract, l.ProgramCode, err)
		}
		switch l.ProgramCode {
		case "02":
			if l.Outcome.Students != 1 || l.Outcome.StudyMonths < 10 {
				t.Errorf("student loan %s: %+v", l.Contract, l.Outcome)
			}
		case "03", "04", "26":
			if l.Outcome.Jobs < 1 || l.Outcome.Jobs > 3 {
				t.Errorf("job loan %s: %+v", l.Contract, l.Outcome)
			}
		case "06":
			if l.Outcome.WaterWorks < 1 || l.Outcome.WaterWorks > 2 {
				t.Errorf("water loan %s: %+v", l.Contract, l.Outcome)
			}
		}
		if !l.Outcome.IsZero() {
			recorded++
		}
		for _, code := range data.PovertyPrograms {
			if l.ProgramCode == code {
				poverty[l.BorrowerID] = true
			}
		}
	}
	if recorded < len(ds.Loans)/10 {
		t.Errorf("only %d of %d loans record an outcome", recorded, len(ds.Loans))
	}
	category := map[int64]data.Category{}
	for _, b := range ds.Borrowers {
		category[b.ID] = b.Category
	}
	if len(ds.CategoryChanges) == 0 {
		t.Fatal("no household of the demo rose out of poverty")
	}
	for i, c := range ds.CategoryChanges {
		if c.From != data.CategoryPoor || c.To != category[c.BorrowerID] || !poverty[c.BorrowerID] ||
			(c.To != data.CategoryNearPoor && c.To != data.CategoryNewlyOut) {
			t.Errorf("change %+v of a household now %s (poverty loan %v)", c, category[c.BorrowerID], poverty[c.BorrowerID])
		}
		if c.On.After(Today) || (i > 0 && c.On.Before(ds.CategoryChanges[i-1].On)) {
			t.Errorf("change %d dated %s: after today or out of order", i, c.On)
		}
	}
}
