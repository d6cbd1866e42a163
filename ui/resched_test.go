package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
)

// TestLoanScreenRefusesALateReschedule: the loan screen's reschedule goes through the store's
// rules; a reschedule of an installment already overdue is refused with the rule under the
// date field, the dialog stays open and the ledger is unchanged.
func TestLoanScreenRefusesALateReschedule(t *testing.T) {
	a, store, s := newLoansTest(t)
	ctx := context.Background()
	bs, err := store.SearchBorrowers(ctx, "", 1)
	if err != nil || len(bs) == 0 {
		t.Fatalf("no borrower: %v", err)
	}
	// Quarterly, signed seven months before the working date: installments 1 and 2 are overdue.
	l := data.Loan{Contract: "DC/2026/1", BorrowerID: bs[0].ID, ProgramCode: "01", Source: data.SourceCentral,
		Amount: 12_000_000, SignedOn: a.workingDate().AddMonths(-7), TermMonths: 12,
		Plan: data.Plan{Kind: data.PlanEqual, EveryMonths: 3}}
	if err := store.OpenLoan(data.WithUser(ctx, "tester"), &l, 12_000_000); err != nil {
		t.Fatal(err)
	}
	a.openLoan(l.Contract)
	a.Wait()
	d := s.detail
	if d.today.Overdue == 0 {
		t.Fatalf("the loan shows no overdue principal: %+v", d.today)
	}
	d.entryDialog(data.EntryReschedule)
	af := currentAction(t, s)
	pick := af.form.byID["entry.installment"].input.(*choice)
	pick.SetSelected(pick.Options[0])
	first := d.today.Installments[0]
	test.Type(af.form.byID["entry.new_date"].input.(*keyEntry), a.loc.Date(first.OriginalDue.AddMonths(3)))
	test.Type(af.form.byID["entry.decision"].input.(*keyEntry), "QĐ 12/2026")
	test.Type(af.form.byID["entry.decision_date"].input.(*keyEntry), a.loc.Date(a.workingDate()))
	af.save()
	a.Wait()
	msg := af.form.errorText("entry.value_date")
	if msg == "" || strings.Contains(msg, "rule.") || !strings.Contains(msg, "quá hạn") || s.dialog == nil {
		t.Fatalf("a reschedule of an overdue installment shows %q under the date (dialog open: %v)", msg, s.dialog != nil)
	}
	b, err := store.LoanBook(ctx, l.ID)
	if err != nil || len(b.Entries) != 1 {
		t.Fatalf("the refused reschedule reached the ledger: %d entries (%v)", len(b.Entries), err)
	}
}

// TestProgramsScreenEditsTheExtensionLimit: the limit is shown, saved through the store, and
// a bad value is refused under its field.
func TestProgramsScreenEditsTheExtensionLimit(t *testing.T) {
	a, store := newTestApp(t, "en", "programs")
	s := a.currentScreen().(*programsScreen)
	row := -1
	for i, p := range s.programs {
		if p.Code == "01" {
			row = i
		}
	}
	s.table.Select(widget.TableCellID{Row: row, Col: 0})
	a.Wait()
	if s.extension.Text != "12" {
		t.Fatalf("program 01 shows an extension limit of %q, want 12", s.extension.Text)
	}
	for _, bad := range []string{"abc", "121"} {
		s.extension.SetText(bad)
		s.saveLimits()
		a.Wait()
		if msg := s.limits.errorText("program.extension_max"); msg == "" || strings.Contains(msg, "rule.") {
			t.Errorf("a limit of %q shows %q", bad, msg)
		}
	}
	s.extension.SetText("6")
	s.saveLimits()
	a.Wait()
	p, err := store.Program(context.Background(), "01")
	if err != nil || p.ExtensionMaxMonths != 6 {
		t.Fatalf("saved limit %d (%v), want 6", p.ExtensionMaxMonths, err)
	}
}

// TestTxDayCreditsSavingsInterestAfterConfirmation: the dialog refuses a date that is not a
// half-year's end and one already credited, states the accounts and the total, credits them
// with the button disabled while it runs, and the store holds one entry per account.
func TestTxDayCreditsSavingsInterestAfterConfirmation(t *testing.T) {
	a, store := newDemoApp(t, "en", "txday")
	s := a.currentScreen().(*txDayScreen)
	loc := a.loc
	c := s.creditSavings()
	for _, tc := range []struct{ date, want string }{
		{"2026-06-29", "30 June"},
		{"2025-12-31", "already credited"}, // the demo office credited every half-year to 2026-11-20
	} {
		c.date.SetText(loc.Date(data.MustDate(tc.date)))
		c.preview()
		a.Wait()
		if msg := c.form.errorText("entry.value_date"); !strings.Contains(msg, tc.want) {
			t.Errorf("%s: the date shows %q, want %q", tc.date, msg, tc.want)
		}
		if c.confirm != nil {
			t.Fatalf("%s: the confirmation opened", tc.date)
		}
	}
	on := data.MustDate("2026-12-31")
	c.date.SetText(loc.Date(on))
	c.preview()
	a.Wait()
	if msg := c.form.errorText("entry.value_date"); c.confirm != nil || !strings.Contains(msg, "between") {
		t.Errorf("a day after the working date: the date shows %q, want the allowed range", msg)
	}
	pinTestWorkingDate(t, a, store, on) // the day may be after the day the test runs
	c.preview()
	a.Wait()
	if c.confirm == nil || c.credit.Accounts == 0 || c.credit.Total <= 0 {
		t.Fatalf("no confirmation for %s: %+v", on, c.credit)
	}
	for _, part := range []string{loc.Date(on), loc.Number(int64(c.credit.Accounts)), loc.Money(c.credit.Total)} {
		if !strings.Contains(c.confirm.Text, part) {
			t.Errorf("the confirmation %q does not state %q", c.confirm.Text, part)
		}
	}
	c.post()
	if !c.do.Disabled() {
		t.Error("the credit button stays enabled while the credit runs")
	}
	a.Wait()
	if !strings.Contains(a.status.Text, "Savings interest credited") {
		t.Errorf("status %q", a.status.Text)
	}
	again, err := store.SavingsCreditPreview(context.Background(), on)
	if err != nil || !again.AlreadyCredited {
		t.Fatalf("after the credit the date reads %+v (%v)", again, err)
	}
}
