package transfer

import (
	"os"
	"path/filepath"
	"testing"

	"policycredit/data"
)

// A loan row without units counts the fewest its amount needs, up to the program's most; a
// student loan without a plan gets the student plan from its course end or its term, and one
// whose term cannot hold a plan is refused at the course end.
func TestBuildDefaultsUnitsAndStudentPlan(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "loans.csv")
	csv := "So KU;Ma KH;Ma CT;Ngay vay;Thoi han;So tien vay;So don vi;Ngay ket thuc khoa hoc\n" +
		"KU-1;KH1;06;2026-05-01;24;40000000;;\n" + // ⌈40 / 25⌉ = 2 facilities
		"KU-2;KH1;06;2026-05-01;24;60000000;;\n" + // would need 3: capped at 2, the store refuses it
		"KU-3;KH1;06;2026-05-01;24;20000000;2;\n" + // given: kept
		"KU-4;KH1;02;2025-09-05;96;38000000;;\n" + // 10 months; course ends 2025-09-05 + 42 months
		"KU-5;KH1;02;2025-09-05;96;38000000;;2029-06-30\n" + // the row's course end
		"KU-6;KH1;02;2026-05-01;12;8000000;;\n" + // no room for a plan
		"KU-7;KH1;01;2026-05-01;24;40000000;;\n" // per loan: no units
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Open(t.Context(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	batch, problems, err := Build(t.Context(), f.Sheets, Env{Programs: data.DefaultPrograms(), CutOff: data.MustDate("2026-06-30")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || problems[0].Field != "course_ends" || data.ForField(problems[0].Err, "loan.plan.course_ends") == nil {
		t.Errorf("problems %+v, want the 12-month student loan's course end", problems)
	}
	want := map[string]struct {
		units  int
		kind   data.PlanKind
		course string
	}{
		"KU-1": {2, data.PlanEqual, ""},
		"KU-2": {2, data.PlanEqual, ""},
		"KU-3": {2, data.PlanEqual, ""},
		"KU-4": {10, data.PlanStudent, "2029-03-05"},
		"KU-5": {10, data.PlanStudent, "2029-06-30"},
		"KU-7": {0, data.PlanEqual, ""},
	}
	got := map[string]bool{}
	for _, l := range batch.Loans {
		w, ok := want[l.Contract]
		if !ok {
			t.Errorf("loan %s in the batch", l.Contract)
			continue
		}
		got[l.Contract] = true
		course := ""
		if !l.Plan.CourseEnds.IsZero() {
			course = l.Plan.CourseEnds.String()
		}
		if l.Units != w.units || l.Plan.Kind != w.kind || course != w.course {
			t.Errorf("%s: %d units, plan %s, course ends %q; want %+v", l.Contract, l.Units, l.Plan.Kind, course, w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("loans read %v, want %d", got, len(want))
	}
}
