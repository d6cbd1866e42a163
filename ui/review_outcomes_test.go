package ui

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"policycredit/data"
	"policycredit/data/demo"
	"policycredit/reports"
)

// outcomeShown lists the outcome fields the form shows.
func outcomeShown(f *newLoanForm) map[data.OutcomeKind]bool {
	shown := map[data.OutcomeKind]bool{}
	for _, k := range data.OutcomeKinds {
		if f.form.byID[outcomeField(k)].box.Visible() {
			shown[k] = true
		}
	}
	return shown
}

// TestLoansNewLoanAsksForOutcomes: the new-loan form asks for what the loan achieves as its
// program does (workers for 03, works for 06, students and months for 02, nothing for 01),
// refuses a figure that is not a whole number or out of range under its field, and saves the
// figures typed.
func TestLoansNewLoanAsksForOutcomes(t *testing.T) {
	a, store, s := newLoansTest(t)
	ctx := context.Background()
	f := s.form
	fillNewLoan(t, a, s, "JOBS/2026/0001")
	if shown := outcomeShown(f); len(shown) != 0 {
		t.Fatalf("program 01 asks for outcomes %v", shown)
	}
	for _, c := range []struct {
		code string
		want []data.OutcomeKind
	}{
		{"06", []data.OutcomeKind{data.OutcomeWaterWorks}},
		{"02", []data.OutcomeKind{data.OutcomeStudents, data.OutcomeStudyMonths}},
		{"03", []data.OutcomeKind{data.OutcomeJobs}},
	} {
		code, want := c.code, c.want
		chooseProgram(t, f, code)
		shown := outcomeShown(f)
		if len(shown) != len(want) {
			t.Errorf("program %s shows %v, want %v", code, shown, want)
		}
		for _, k := range want {
			if !shown[k] {
				t.Errorf("program %s does not ask for %s", code, k)
			}
		}
	}
	// Program 03, one worker.
	f.plan.SetSelected(a.loc.T("loans.plan.equal"))
	f.source.SetSelected(f.source.Options[0])
	f.amount.entry.SetText("50tr")
	test.Type(f.units, "1")
	jobs := f.outcomes.entries[data.OutcomeJobs]

	for _, bad := range []string{"ba", "-1", "10000"} {
		jobs.SetText(bad)
		f.save()
		a.Wait()
		if msg := f.form.errorText(outcomeField(data.OutcomeJobs)); msg == "" {
			t.Errorf("jobs %q: no message under the field", bad)
		}
		if _, err := store.LoanByContract(ctx, "JOBS/2026/0001"); err == nil {
			t.Fatalf("jobs %q: the loan was opened", bad)
		}
	}
	jobs.SetText("")
	test.Type(jobs, "3")
	f.save()
	a.Wait()
	l, err := store.LoanByContract(ctx, "JOBS/2026/0001")
	if err != nil {
		t.Fatalf("the loan was not opened: %v (jobs %q, amount %q, units %q)", err, f.form.errorText(outcomeField(data.OutcomeJobs)),
			f.form.errorText("loan.amount"), f.form.errorText("loan.units"))
	}
	if l.Outcome != (data.Outcome{Jobs: 3}) {
		t.Errorf("opened with outcome %+v, want 3 jobs", l.Outcome)
	}
	// The loan's detail says what it achieves.
	if want := a.loc.N("review.outcome.jobs", 3, "N", "3"); s.page != s.detail.root || !strings.Contains(s.detail.header.String(), want) {
		t.Errorf("the loan's detail reads %q, want %q in it", s.detail.header.String(), want)
	}
}

// TestReportsScreenBuildsTheReview: the Reports screen offers the Directive 40 review for the
// office or a commune from the date its From field says (the Directive's by default, only for
// this report), refuses a From it cannot read, and saves the review's PDF.
func TestReportsScreenBuildsTheReview(t *testing.T) {
	a, _ := newDemoApp(t, "vi", "reports")
	a.opts.ReportsDir = t.TempDir()
	a.loadStatus()
	s := a.currentScreen().(*reportsScreen)
	s.refresh()
	a.Wait()
	if s.from.Text != a.loc.Date(data.DirectiveDate) || !s.from.Disabled() {
		t.Fatalf("From %q (disabled %v) before the review is chosen", s.from.Text, s.from.Disabled())
	}
	s.kind.SetSelected(a.loc.T("review.title"))
	if s.from.Disabled() {
		t.Fatal("the review's From date cannot be typed")
	}
	s.date.SetText(a.loc.Date(demo.Today))
	for _, c := range []struct {
		scope, from, want string
	}{
		{"reports.screen.scope_office", "31/12/2024", "từ ngày 31/12/2024"},
		{"reports.screen.scope_commune", "", "từ ngày 22/11/2014"},
	} {
		s.scope.SetSelected(a.loc.T(c.scope))
		a.Wait()
		s.from.SetText(c.from)
		s.lastSaved = ""
		test.Tap(s.buildBtn)
		a.Wait()
		if !strings.HasSuffix(s.lastSaved, ".pdf") || !strings.Contains(s.lastSaved, "directive40-") {
			t.Fatalf("%s: saved %q, result %q", c.scope, s.lastSaved, s.result.Text)
		}
		out, err := exec.Command("pdftotext", s.lastSaved, "-").Output()
		text := strings.Join(strings.Fields(string(out)), " ")
		if err != nil || !strings.Contains(text, "CHỈ THỊ 40") || !strings.Contains(text, c.want) {
			t.Errorf("%s: %s does not read %q: %v\n%s", c.scope, s.lastSaved, c.want, err, text)
		}
	}
	s.from.SetText("31/02/2024")
	s.lastSaved = ""
	test.Tap(s.buildBtn)
	a.Wait()
	if s.lastSaved != "" {
		t.Errorf("a From date of 31/02 built %q", s.lastSaved)
	}
	s.kind.SetSelected(a.loc.T("summary.office.title"))
	if !s.from.Disabled() {
		t.Error("the office summary's From date can be typed")
	}
}

// TestLoansNewStudentLoanRecordsItsStudent: a student loan left with its outcome fields empty
// records one student for the months of study its units count; typed figures win.
func TestLoansNewStudentLoanRecordsItsStudent(t *testing.T) {
	a, store, s := newLoansTest(t)
	f := s.form
	for i, c := range []struct {
		students, months string
		want             data.Outcome
	}{
		{"", "", data.Outcome{Students: 1, StudyMonths: 10}},
		{"2", "18", data.Outcome{Students: 2, StudyMonths: 18}},
	} {
		contract := []string{"STUDY/2026/0101", "STUDY/2026/0102"}[i]
		fillNewLoan(t, a, s, contract)
		chooseProgram(t, f, "02")
		f.source.SetSelected(f.source.Options[0])
		signed := a.workingDate()
		f.signedOn.SetText(a.loc.Date(signed))
		f.amount.entry.SetText("40tr")
		test.Type(f.units, "10")
		f.term.SetText("96")
		f.courseEnds.SetText(a.loc.Date(signed.AddMonths(42)))
		f.outcomes.entries[data.OutcomeStudents].SetText(c.students)
		f.outcomes.entries[data.OutcomeStudyMonths].SetText(c.months)
		f.save()
		a.Wait()
		l, err := store.LoanByContract(context.Background(), contract)
		if err != nil {
			t.Fatalf("%s was not opened: %v", contract, err)
		}
		if l.Outcome != c.want {
			t.Errorf("%s with students %q, months %q: recorded %+v, want %+v", contract, c.students, c.months, l.Outcome, c.want)
		}
	}
}

// TestMeetingEndsWithTheReviewWhenAsked: the meeting setup offers the Directive 40 review,
// off by default with its From date held until it is checked; checked, the meeting ends with
// the review's two slides in the meeting's language; a From date it cannot read starts no
// meeting and says why.
func TestMeetingEndsWithTheReviewWhenAsked(t *testing.T) {
	a, _, s := newOverviewTest(t, "vi")
	check, from := reviewChoice(a)
	if check.Checked || !from.Disabled() || from.Text != a.loc.Date(data.DirectiveDate) {
		t.Fatalf("review offered checked %v, From %q disabled %v", check.Checked, from.Text, from.Disabled())
	}
	check.SetChecked(true)
	if from.Disabled() {
		t.Fatal("checking the review leaves its From date disabled")
	}
	var started *MeetingStart
	a.withReviewSlides(s.shown, "31/12/2025", MeetingStart{Lang: "en", EachCommune: true}, func(opt MeetingStart) { started = &opt })
	a.Wait()
	noErrorShown(t, a)
	if started == nil || len(started.Extra) != 2 || started.Extra[0].Kind != reports.SlideReviewCapital ||
		!strings.Contains(started.Extra[0].Title, "since 31 Dec 2025") {
		t.Fatalf("started with %+v", started)
	}
	m := a.startMeeting(s.shown, s.programs, *started, 0)
	t.Cleanup(func() {
		if !m.closed {
			m.win.Close()
		}
	})
	if n := len(m.slides); n < 3 || m.slides[n-1].Kind != reports.SlideReviewResults {
		t.Errorf("the meeting's slides end with %v", m.slides[len(m.slides)-1].Kind)
	}

	started = nil
	a.withReviewSlides(s.shown, "31/02/2025", MeetingStart{Lang: "vi"}, func(opt MeetingStart) { started = &opt })
	a.Wait()
	if started != nil || overlayWith(a, a.loc.T("error.title")) == nil {
		t.Errorf("a From date of 31/02 started %+v and showed no error", started)
	}
}
