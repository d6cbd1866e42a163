package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/transfer"
)

// addRateConfirmed adds the rate typed in the Programs screen as a manager does: Add rate,
// then Add in the confirmation that states the loans it reprices (none shows when the form
// is refused before).
func addRateConfirmed(a *App, s *programsScreen) {
	s.rateConfirmOK = nil
	s.addRate()
	a.Wait()
	if s.rateConfirmOK != nil {
		test.Tap(s.rateConfirmOK)
		a.Wait()
	}
}

func pickProgramRow(t *testing.T, a *App, s *programsScreen, code string) {
	t.Helper()
	for i, p := range s.programs {
		if p.Code == code {
			s.table.Select(widget.TableCellID{Row: i, Col: 0})
			a.Wait()
			return
		}
	}
	t.Fatalf("no program %s", code)
}

// The confirmation before a rate states its date and how many outstanding loans it reprices,
// counted by the store; Cancel writes nothing, Add writes the rate.
func TestFormsRateConfirmationCountsLoansAndCancelWritesNothing(t *testing.T) {
	a, store := newDemoApp(t, "vi", "programs")
	s := a.currentScreen().(*programsScreen)
	ctx := context.Background()
	pickProgramRow(t, a, s, "01")
	want, err := store.RepricedLoans(ctx, "01")
	if err != nil || want == 0 {
		t.Fatalf("the demo office has %d loans on program 01 (%v)", want, err)
	}
	before, _ := store.Program(ctx, "01")
	eff := data.MustDate("2026-12-15")
	test.Type(s.effective, a.loc.Date(eff))
	test.Type(s.rate, "0,5")
	overlays := len(a.win.Canvas().Overlays().List())
	s.addRate()
	s.addRate() // Enter twice: one question
	a.Wait()
	if s.rateConfirm == nil || overlayWith(a, s.rateNote.Text) == nil {
		t.Fatal("adding a rate asks no confirmation")
	}
	if n := len(a.win.Canvas().Overlays().List()) - overlays; n != 1 {
		t.Fatalf("Add rate twice opened %d dialogs", n)
	}
	for _, part := range []string{a.loc.Number(int64(want)), a.loc.Date(eff), a.loc.Percent(5000)} {
		if !strings.Contains(s.rateNote.Text, part) {
			t.Errorf("the confirmation %q does not say %q", s.rateNote.Text, part)
		}
	}
	tapInDialog(t, a, a.loc.T("action.cancel"))
	if after, _ := store.Program(ctx, "01"); len(after.Rates) != len(before.Rates) {
		t.Fatal("Cancel added the rate")
	}
	if s.effective.Text == "" {
		t.Fatal("Cancel emptied the form")
	}
	addRateConfirmed(a, s)
	after, _ := store.Program(ctx, "01")
	if len(after.Rates) != len(before.Rates)+1 || after.Rates[len(after.Rates)-1].Effective != eff {
		t.Fatalf("Add in the confirmation: rates %+v", after.Rates)
	}
}

// A rate dated in a closed month is refused by the store with the reason under the date;
// the message goes as soon as the date is changed.
func TestFormsRateInClosedMonthRefusedUnderTheDate(t *testing.T) {
	a, store := newTestApp(t, "vi", "programs")
	s := a.currentScreen().(*programsScreen)
	ctx := context.Background()
	if _, err := store.CloseMonth(ctx, data.Month{Year: 2026, Month: 3}); err != nil {
		t.Fatal(err)
	}
	pickProgramRow(t, a, s, "01")
	before, _ := store.Program(ctx, "01")
	test.Type(s.effective, a.loc.Date(data.MustDate("2026-03-15")))
	test.Type(s.rate, "0,5")
	addRateConfirmed(a, s)
	msg := s.rateForm.errorText("rate.effective")
	if !strings.Contains(msg, "2026-03") || !strings.Contains(msg, a.loc.Field("rate.effective")) {
		t.Fatalf("a rate in a closed month shows %q under its date", msg)
	}
	if after, _ := store.Program(ctx, "01"); len(after.Rates) != len(before.Rates) {
		t.Fatal("a rate in a closed month was added")
	}
	s.effective.SetText(a.loc.Date(data.MustDate("2026-04-01")))
	if msg := s.rateForm.errorText("rate.effective"); msg != "" {
		t.Fatalf("the message %q stays under a changed date", msg)
	}
}

// A message under a field goes as soon as its rule holds, without saving again; one whose
// rule still fails stays.
func TestFormsErrorsClearAsSoonAsTheFieldIsFixed(t *testing.T) {
	a, _, s := newBorrowersTest(t)
	s.newRecord()
	a.Wait()
	s.code.SetText("")
	s.phone.SetText("091")
	s.save()
	a.Wait()
	for _, id := range []string{"borrower.code", "borrower.name", "borrower.phone", "borrower.village"} {
		if s.form.errorText(id) == "" {
			t.Fatalf("no message under %s", id)
		}
	}
	test.Type(s.code, "KHMOI0001")
	if msg := s.form.errorText("borrower.code"); msg != "" {
		t.Errorf("a filled customer code keeps %q", msg)
	}
	test.Type(s.name, "Lê Thị Hoa")
	if msg := s.form.errorText("borrower.name"); msg != "" {
		t.Errorf("a filled name keeps %q", msg)
	}
	s.phone.SetText("09123")
	if s.form.errorText("borrower.phone") == "" {
		t.Error("a phone still too short lost its message")
	}
	s.phone.SetText("0912345678")
	if msg := s.form.errorText("borrower.phone"); msg != "" {
		t.Errorf("a good phone keeps %q", msg)
	}
	s.village.SetSelected(s.village.Options[0])
	if msg := s.form.errorText("borrower.village"); msg != "" {
		t.Errorf("a chosen village keeps %q", msg)
	}
}

// The new-loan form: a message under the contract goes once the store's number fills it.
func TestFormsNewLoanContractMessageGoesWithTheProposal(t *testing.T) {
	a, _ := newDemoApp(t, "vi", "loans")
	s := a.currentScreen().(*loansScreen)
	pressShortcut(a, fyne.KeyN)
	f := s.form
	f.save()
	a.Wait()
	if f.form.errorText("loan.contract") == "" {
		t.Fatal("an empty contract number shows no message")
	}
	test.Type(f.borrowerSearch, "nguyen thi")
	a.Wait()
	f.borrower.SetSelected(f.borrower.Options[0])
	a.Wait()
	if f.contract.Text == "" {
		t.Fatal("choosing a household proposes no contract number")
	}
	if msg := f.form.errorText("loan.contract"); msg != "" {
		t.Fatalf("the proposed contract number keeps %q under it", msg)
	}
}

// The proposed contract number, kept as it is, is the new loan's.
func TestFormsProposedContractNumberIsSaved(t *testing.T) {
	a, store := newDemoApp(t, "vi", "loans")
	s := a.currentScreen().(*loansScreen)
	b := fillNewLoan(t, a, s, "")
	a.Wait()
	f := s.form
	want, err := store.NextContract(context.Background(), b.ID, a.workingDate())
	if err != nil {
		t.Fatal(err)
	}
	if f.contract.Text != want || f.contract.PlaceHolder == want {
		t.Fatalf("contract %q (placeholder %q), want the value %q", f.contract.Text, f.contract.PlaceHolder, want)
	}
	f.save()
	a.Wait()
	l, err := store.LoanByContract(context.Background(), want)
	if err != nil || l.BorrowerID != b.ID {
		t.Fatalf("loan %s after saving the proposal: %+v, %v", want, l, err)
	}
	// A number the clerk types is not replaced by a proposal.
	fillNewLoan(t, a, s, "HD-RIENG-01")
	a.Wait()
	if s.form.contract.Text != "HD-RIENG-01" {
		t.Fatalf("a typed contract number became %q", s.form.contract.Text)
	}
}

// The proposed customer code, kept as it is, is the new household's.
func TestFormsProposedCustomerCodeIsSaved(t *testing.T) {
	a, store, s := newBorrowersTest(t)
	ctx := context.Background()
	want, err := store.NextCustomerCode(ctx)
	if err != nil || want == "" {
		t.Fatalf("no next customer code in the demo office: %q, %v", want, err)
	}
	s.newRecord()
	a.Wait()
	if s.code.Text != want {
		t.Fatalf("a new household's code is %q, want the proposal %q", s.code.Text, want)
	}
	test.Type(s.name, "Lê Thị Đào")
	s.village.SetSelected(s.village.Options[0])
	s.save()
	a.Wait()
	if b, err := store.BorrowerByCode(ctx, want); err != nil || b.Name != "Lê Thị Đào" {
		t.Fatalf("household %s after saving the proposal: %+v, %v", want, b, err)
	}
}

// After a search, the household below the list is one of the results (the first) or none.
func TestFormsSearchClearsTheDetailPane(t *testing.T) {
	a, _, s := newBorrowersTest(t)
	shown := chooseFirst(t, a, s, "tran")
	searchFor(a, s, "nguyen")
	first, ok := s.list.row(0)
	if !ok || first.ID == shown.ID {
		t.Fatalf("\"nguyen\" finds %+v", first)
	}
	if s.editing.ID != first.ID {
		t.Fatalf("after a search the pane shows household %d, not the first found %d", s.editing.ID, first.ID)
	}
	searchFor(a, s, "zzqqxx")
	if s.list.total != 0 {
		t.Fatalf("\"zzqqxx\" finds %d", s.list.total)
	}
	if s.editing.ID != 0 || s.name.Text != "" {
		t.Fatalf("a search that finds nobody still shows %q", s.name.Text)
	}
}

// A money cell of the schedule preview and of Programs is right-aligned.
func TestFormsMoneyCellsRightAligned(t *testing.T) {
	a, _ := newDemoApp(t, "vi", "loans")
	s := a.currentScreen().(*loansScreen)
	fillNewLoan(t, a, s, "HD-CANH-01")
	a.Wait()
	f := s.form
	if len(f.schedule) == 0 {
		t.Fatalf("no schedule preview: %q", f.previewNote.Text)
	}
	o := f.preview.CreateCell()
	f.preview.UpdateCell(widget.TableCellID{Row: 0, Col: 2}, o)
	l := &o.(*tipLabel).Label
	if l.Text != a.loc.Amount(f.schedule[0].Principal) || l.Alignment != fyne.TextAlignTrailing {
		t.Fatalf("preview principal %q aligned %v, want right-aligned", l.Text, l.Alignment)
	}
	a.Navigate("programs")
	a.Wait()
	p := a.currentScreen().(*programsScreen)
	for _, col := range []int{2, 3} {
		o := p.table.CreateCell()
		p.table.UpdateCell(widget.TableCellID{Row: 0, Col: col}, o)
		l := &o.(*tipLabel).Label
		if l.Alignment != fyne.TextAlignTrailing {
			t.Errorf("Programs column %d (%q) aligned %v", col, l.Text, l.Alignment)
		}
	}
}

// Typing an amount does not move the form below it: the words' line keeps its height.
func TestFormsAmountInWordsKeepsItsHeight(t *testing.T) {
	a, _ := newTestApp(t, "fr", "programs")
	m := newMoneyEntry(a.loc, "loan.amount", nil)
	w := test.NewWindow(m.object())
	defer w.Close()
	w.Resize(fyne.NewSize(420, 200))
	empty := m.object().MinSize().Height
	test.Type(m.entry, "1234567")
	if !strings.Contains(m.hint.String(), "million") {
		t.Fatalf("hint %q", m.hint.String())
	}
	if typed := m.object().MinSize().Height; typed != empty {
		t.Fatalf("the entry is %v high empty and %v with an amount", empty, typed)
	}
	if m.hint.Importance == widget.LowImportance {
		t.Fatal("the amount in words is pale")
	}
}

// Borrowers in an office with no household says what to do next, with its buttons.
func TestFormsEmptyBorrowersSaysWhatToDo(t *testing.T) {
	a, _ := newTestApp(t, "vi", "borrowers")
	s := a.currentScreen().(*borrowersScreen)
	s.refresh()
	a.Wait()
	if s.empty == nil || s.listBody.Objects[0] != s.empty {
		t.Fatal("an office with no household shows the empty list")
	}
	shown := strings.Join(texts(s.empty), " ")
	if !strings.Contains(shown, a.loc.T("formsdesk.empty.borrowers")) {
		t.Fatalf("the empty state says %q", shown)
	}
	for _, id := range []string{"formsdesk.empty.places", "formsdesk.empty.import", "formsdesk.empty.demo"} {
		if buttonIn(s.empty, a.loc.T(id), nil) == nil {
			t.Errorf("no %q button", a.loc.T(id))
		}
	}
	test.Tap(buttonIn(s.empty, a.loc.T("formsdesk.empty.places"), nil))
	a.Wait()
	if a.items[a.current].id != "places" {
		t.Fatalf("the places button opened %s", a.items[a.current].id)
	}
}

// The import wizard's message of the fields still missing goes as soon as the last one is
// matched to a column, and the check is allowed at once.
func TestFormsImportMissingFieldsClearWhenMatched(t *testing.T) {
	a := importOffice(t)
	path := writeFile(t, "ho-vay.csv", "Số hiệu lạ,Họ tên,Mã xã,Mã thôn,Đối tượng\n"+
		"KH0001,Nguyễn Thị Lan,25432,TL01,Hộ nghèo\n")
	w := openWizard(t, a, path)
	v := w.sheets[0]
	if v.sheet.Mapping.Kind == "" {
		v.kind.SetSelected(a.loc.T(importKinds[transfer.KindBorrowers]))
	}
	if !v.missing.Visible() || !w.check.Disabled() {
		t.Fatalf("an unmatched code column: missing %q shown %v, check disabled %v", v.missing.Text, v.missing.Visible(), w.check.Disabled())
	}
	f, _ := transfer.FieldByKey("customer_code")
	v.fields[0].SetSelected(a.loc.T(f.TitleID()))
	if v.missing.Visible() || w.check.Disabled() {
		t.Fatalf("every field matched: missing %q still shown %v, check disabled %v", v.missing.Text, v.missing.Visible(), w.check.Disabled())
	}
}
