package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
)

// chooseProgram selects the program whose label starts with code.
func chooseProgram(t *testing.T, f *newLoanForm, code string) {
	t.Helper()
	for _, o := range f.program.Options {
		if strings.HasPrefix(o, code+" ") {
			f.program.SetSelected(o)
			return
		}
	}
	t.Fatalf("program %s is not offered: %q", code, f.program.Options)
}

// TestLoansNewLoanAsksForUnits: a program counted per unit asks for its units under a label
// that says what they count, shows units × limit as they are typed, refuses an amount above it
// under the amount and too many units under the units, and saves the units it was given.
func TestLoansNewLoanAsksForUnits(t *testing.T) {
	a, store, s := newLoansTest(t)
	ctx := context.Background()
	f := s.form
	fillNewLoan(t, a, s, "WATER/2026/0001")
	if f.unitsRow.box.Visible() {
		t.Fatal("program 01 asks for units")
	}
	chooseProgram(t, f, "06")
	if !f.unitsRow.box.Visible() || f.unitsRow.label.Text != a.loc.Field("loan.units.facility") {
		t.Fatalf("program 06: units shown %v, labelled %q", f.unitsRow.box.Visible(), f.unitsRow.label.Text)
	}
	f.source.SetSelected(f.source.Options[0])
	test.Type(f.units, "2")
	// 2 facilities × 25,000,000 = 50,000,000.
	if want := a.loc.Money(50_000_000); !strings.Contains(f.unitsLimit.Text, want) {
		t.Fatalf("limit shown %q, want %s", f.unitsLimit.Text, want)
	}

	before, _ := store.SearchLoans(ctx, "WATER", a.workingDate(), 0)
	f.amount.entry.SetText("50.000.001")
	f.save()
	a.Wait()
	if msg := f.form.errorText("loan.amount"); !strings.Contains(msg, a.loc.Money(50_000_000)) {
		t.Errorf("50,000,001 for 2 facilities: message under the amount %q", msg)
	}
	f.amount.entry.SetText("50tr")
	f.units.SetText("3")
	f.save()
	a.Wait()
	if msg := f.form.errorText("loan.units"); msg == "" || !strings.Contains(msg, "2") {
		t.Errorf("3 facilities: message under the units %q", msg)
	}
	if after, _ := store.SearchLoans(ctx, "WATER", a.workingDate(), 0); len(after) != len(before) {
		t.Fatal("a refused loan was saved")
	}

	f.units.SetText("2")
	f.save()
	a.Wait()
	l, err := store.LoanByContract(ctx, "WATER/2026/0001")
	if err != nil {
		t.Fatalf("the loan was not opened: %v (units %q, amount %q)", err, f.form.errorText("loan.units"), f.form.errorText("loan.amount"))
	}
	if l.Units != 2 || l.Amount != 50_000_000 {
		t.Errorf("opened %d facilities for %d", l.Units, l.Amount)
	}
}

// TestLoansNewStudentLoanOnTheStudentPlan: program 02 holds the form on the student plan, asks
// for months of study and the end of studies, and pays out the first term only.
func TestLoansNewStudentLoanOnTheStudentPlan(t *testing.T) {
	a, store, s := newLoansTest(t)
	f := s.form
	fillNewLoan(t, a, s, "STUDY/2026/0001")
	chooseProgram(t, f, "02")
	if f.planKind() != data.PlanStudent || !f.plan.Disabled() {
		t.Fatalf("program 02: plan %s, disabled %v", f.planKind(), f.plan.Disabled())
	}
	if f.unitsRow.label.Text != a.loc.Field("loan.units.study_month") {
		t.Fatalf("units labelled %q", f.unitsRow.label.Text)
	}
	f.source.SetSelected(f.source.Options[0])
	signed := a.workingDate()
	f.signedOn.SetText(a.loc.Date(signed))
	f.amount.entry.SetText("40tr")
	test.Type(f.units, "10")
	f.term.SetText("96")
	f.courseEnds.SetText(a.loc.Date(signed.AddMonths(42)))
	f.save()
	a.Wait()
	l, err := store.LoanByContract(context.Background(), "STUDY/2026/0001")
	if err != nil {
		t.Fatalf("the student loan was not opened: %v (plan %q, units %q, course %q)", err, f.form.errorText("loan.plan"),
			f.form.errorText("loan.units"), f.form.errorText("loan.plan.course_ends"))
	}
	if l.Plan.Kind != data.PlanStudent || l.Units != 10 {
		t.Errorf("opened on plan %s with %d months", l.Plan.Kind, l.Units)
	}
	book, err := store.LoanBook(context.Background(), l.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(book.Entries) != 1 || book.Entries[0].Amount != data.FirstTermDisbursement(l) || book.Entries[0].Amount >= l.Amount {
		t.Errorf("disbursed %+v, want the first term only", book.Entries)
	}

	// Another program frees the plan again.
	pressShortcut(a, fyne.KeyN)
	chooseProgram(t, f, "02")
	chooseProgram(t, f, "01")
	if f.plan.Disabled() || f.planKind() != data.PlanEqual || f.unitsRow.box.Visible() {
		t.Errorf("after 02 then 01: plan %s, disabled %v, units shown %v", f.planKind(), f.plan.Disabled(), f.unitsRow.box.Visible())
	}
}

// TestProgramsScreenEditsUnits: Programs shows 06's maximum per facility with its two
// facilities, saves a new cap, and refuses a negative one under its field.
func TestProgramsScreenEditsUnits(t *testing.T) {
	a, store := newTestApp(t, "en", "programs")
	s := a.currentScreen().(*programsScreen)
	row := -1
	for i, p := range s.programs {
		if p.Code == "06" {
			row = i
		}
	}
	if got := s.cell(widget.TableCellID{Row: row, Col: 3}); !strings.Contains(got, "Per facility") || !strings.Contains(got, "at most 2") {
		t.Fatalf("06's maximum shows %q", got)
	}
	s.table.Select(widget.TableCellID{Row: row, Col: 0})
	a.Wait()
	if s.basis.Selected != "Per facility" || s.maxUnits.Text != "2" || s.maxUnits.Disabled() {
		t.Fatalf("06 shows basis %q, most units %q (disabled %v)", s.basis.Selected, s.maxUnits.Text, s.maxUnits.Disabled())
	}
	s.maxUnits.SetText("-1")
	s.saveLimits()
	a.Wait()
	if msg := s.limits.errorText("program.max_units"); msg == "" {
		t.Error("-1 facilities shows no message")
	}
	if p, _ := store.Program(context.Background(), "06"); p.MaxUnits != 2 {
		t.Fatalf("a refused cap was saved: %d", p.MaxUnits)
	}
	s.maxUnits.SetText("3")
	s.saveLimits()
	a.Wait()
	if p, _ := store.Program(context.Background(), "06"); p.MaxUnits != 3 || p.LimitBasis != data.LimitPerFacility {
		t.Fatalf("saved %d units per %s, want 3 facilities", p.MaxUnits, p.LimitBasis)
	}
	// Per loan: no units to cap.
	s.basis.SetSelected("Per loan")
	if !s.maxUnits.Disabled() {
		t.Error("most units editable for a maximum per loan")
	}
}
