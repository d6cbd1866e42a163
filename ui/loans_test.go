package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/data/sqlite"
	"policycredit/translations"
)

// newLoansTest opens the Loans screen on the small demo office.
func newLoansTest(t *testing.T) (*App, *sqlite.Store, *loansScreen) {
	t.Helper()
	a, store := newDemoApp(t, "vi", "loans")
	a.loadStatus()
	a.Wait()
	s, ok := a.currentScreen().(*loansScreen)
	if !ok {
		t.Fatalf("--screen loans opened %T", a.currentScreen())
	}
	s.refresh()
	a.Wait()
	if len(s.rows) == 0 || len(s.programs) == 0 {
		t.Fatalf("the screen shows %d loans and %d programs of the demo office", len(s.rows), len(s.programs))
	}
	return a, store, s
}

func searchLoans(a *App, s *loansScreen, q string) {
	s.search.SetText("")
	test.Type(s.search, q)
	a.Wait()
}

func TestLoansSearchByContractAndUnaccentedName(t *testing.T) {
	a, _, s := newLoansTest(t)
	want := s.rows[len(s.rows)/2]
	searchLoans(a, s, want.Contract)
	found := false
	for i, r := range s.rows {
		if r.Contract == want.Contract {
			found = true
			if got := s.cell(widget.TableCellID{Row: i, Col: 2}); got != want.BorrowerName {
				t.Fatalf("name column %q, want %q", got, want.BorrowerName)
			}
			if got := s.cell(widget.TableCellID{Row: i, Col: 6}); got != a.loc.Amount(want.Outstanding) {
				t.Fatalf("outstanding column %q, want %q", got, a.loc.Amount(want.Outstanding))
			}
		}
	}
	if !found {
		t.Fatalf("searching %q does not list it", want.Contract)
	}
	// A name with diacritics found without them.
	var named data.LoanView
	searchLoans(a, s, "")
	for _, r := range s.rows {
		if data.Fold(r.BorrowerName) != strings.ToLower(r.BorrowerName) {
			named = r
			break
		}
	}
	searchLoans(a, s, data.Fold(named.BorrowerName))
	found = false
	for _, r := range s.rows {
		found = found || r.Contract == named.Contract
		if !strings.Contains(data.Fold(r.BorrowerName+" "+r.BorrowerCode+" "+r.Contract), strings.Fields(data.Fold(named.BorrowerName))[0]) {
			t.Fatalf("%q lists %q", data.Fold(named.BorrowerName), r.BorrowerName)
		}
	}
	if !found {
		t.Fatalf("typing %q does not find loan %s of %q", data.Fold(named.BorrowerName), named.Contract, named.BorrowerName)
	}
	// Ctrl+F puts the cursor in the search box.
	a.win.Canvas().Unfocus()
	pressShortcut(a, fyne.KeyF)
	if a.win.Canvas().Focused() != s.search {
		t.Fatal("Ctrl+F does not focus the search")
	}
}

// fillNewLoan types a good loan for the first active borrower found by name.
func fillNewLoan(t *testing.T, a *App, s *loansScreen, contract string) data.BorrowerView {
	t.Helper()
	pressShortcut(a, fyne.KeyN)
	if s.page != s.form.root {
		t.Fatal("Ctrl+N does not open the new-loan form")
	}
	f := s.form
	test.Type(f.borrowerSearch, "nguyen thi")
	a.Wait()
	if len(f.borrower.Options) == 0 {
		t.Fatal("no borrower offered for \"nguyen thi\"")
	}
	f.borrower.SetSelected(f.borrower.Options[0])
	f.program.SetSelected(f.program.Options[0]) // 01 · poor households: 100 M, 120 months
	f.source.SetSelected(f.source.Options[0])
	test.Type(f.contract, contract)
	test.Type(f.amount.entry, "20tr")
	test.Type(f.term, "12")
	return f.borrowers[0]
}

func TestLoansNewLoanThroughTheForm(t *testing.T) {
	a, store, s := newLoansTest(t)
	ctx := context.Background()
	f := s.form
	b := fillNewLoan(t, a, s, "TEST/2026/0001")
	if !strings.HasPrefix(f.program.Selected, "01 ") || !strings.Contains(f.programInfo.String(), a.loc.Percent(5200)) {
		t.Fatalf("program %q shows %q, want its rate %s", f.program.Selected, f.programInfo.String(), a.loc.Percent(5200))
	}
	// The preview follows the typing: 20 M over 12 months every 3 months is 4 × 5 M.
	if len(f.schedule) != 4 || f.schedule[0].Principal != 5_000_000 {
		t.Fatalf("preview %+v", f.schedule)
	}
	f.term.SetText("24")
	if len(f.schedule) != 8 {
		t.Fatalf("24 months preview %d installments, want 8", len(f.schedule))
	}
	if !strings.Contains(f.amount.hint.String(), keepLastWord("Hai mươi triệu đồng")) {
		t.Fatalf("amount hint %q does not say it in words", f.amount.hint.String())
	}
	f.term.SetText("12")
	f.save()
	a.Wait()
	l, err := store.LoanByContract(ctx, "TEST/2026/0001")
	if err != nil {
		t.Fatalf("the loan was not opened: %v (messages %q %q)", err, f.form.errorText("loan.source"), f.form.errorText("loan.amount"))
	}
	if l.BorrowerID != b.ID || l.Amount != 20_000_000 || l.TermMonths != 12 {
		t.Fatalf("opened %+v", l)
	}
	if s.page != s.detail.root || len(s.detail.today.Installments) != 4 || s.detail.today.Disbursed != 20_000_000 {
		t.Fatalf("after saving, the detail shows %d installments, %d disbursed", len(s.detail.today.Installments), s.detail.today.Disbursed)
	}
	searchLoans(a, s, "TEST/2026/0001")
	if len(s.rows) != 1 || s.rows[0].Outstanding != 20_000_000 {
		t.Fatalf("the list shows %+v", s.rows)
	}
}

func TestLoansNewLoanRefusesBadInputUnderItsField(t *testing.T) {
	a, store, s := newLoansTest(t)
	ctx := context.Background()
	f := s.form
	before, _ := store.SearchLoans(ctx, "", a.workingDate(), 0)
	for _, c := range []struct {
		name  string
		set   func()
		field string
	}{
		{"amount above the program's maximum", func() { f.amount.entry.SetText("150tr") }, "loan.amount"},
		{"term above the program's maximum", func() { f.term.SetText("240") }, "loan.term"},
		{"no borrower", func() { f.borrower.ClearSelected() }, "loan.borrower"},
		{"bad date", func() { f.signedOn.SetText("31/02/2026") }, "loan.signed_on"},
		{"amount 0", func() { f.amount.entry.SetText("0") }, "loan.amount"},
		{"amount garbage", func() { f.amount.entry.SetText("abc") }, "loan.amount"},
		{"amount ambiguous", func() { f.amount.entry.SetText("1.500tr") }, "loan.amount"},
	} {
		fillNewLoan(t, a, s, "BAD/2026/0001")
		c.set()
		f.save()
		a.Wait()
		msg := f.form.errorText(c.field)
		if msg == "" || strings.Contains(msg, "rule.") || strings.Contains(msg, "_") {
			t.Errorf("%s: message under %s is %q", c.name, c.field, msg)
		}
		for _, other := range []string{"loan.borrower", "loan.amount", "loan.term", "loan.signed_on", "loan.contract"} {
			if other != c.field && f.form.errorText(other) != "" {
				t.Errorf("%s: %s also shows %q", c.name, other, f.form.errorText(other))
			}
		}
		if s.page != f.root {
			t.Errorf("%s: the form closed", c.name)
		}
	}
	after, _ := store.SearchLoans(ctx, "", a.workingDate(), 0)
	if len(after) != len(before) {
		t.Fatalf("refused loans were saved: %d loans, want %d", len(after), len(before))
	}
	// Esc leaves the form.
	a.win.Canvas().Focus(f.contract)
	f.contract.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if s.page == f.root {
		t.Fatal("Esc does not leave the new-loan form")
	}
}

func TestLoansCollectThenReverse(t *testing.T) {
	a, store, s := newLoansTest(t)
	ctx := context.Background()
	fillNewLoan(t, a, s, "PAY/2026/0001")
	s.form.signedOn.SetText(a.loc.Date(a.workingDate().AddMonths(-2)))
	s.form.save()
	a.Wait()
	d := s.detail
	if d.book.Loan.Contract != "PAY/2026/0001" {
		t.Fatalf("detail shows %q", d.book.Loan.Contract)
	}
	start := d.today.Principal()

	// Collect 6 M: the engine proposes the interest first, the rest principal.
	d.collectDialog()
	af := currentAction(t, s)
	received := moneyOf(af, "payment.amount")
	test.Type(received.entry, "6tr")
	a.Wait()
	interest, principal := moneyOf(af, "collect.interest"), moneyOf(af, "collect.principal")
	iv, _ := interest.value()
	pv, _ := principal.value()
	if iv <= 0 || iv+pv != 6_000_000 {
		t.Fatalf("proposed interest %d principal %d for 6,000,000", iv, pv)
	}
	// Parts that do not add up are refused under the amount received.
	principal.setAmount(pv - 1)
	af.save()
	a.Wait()
	if af.form.errorText("payment.amount") == "" || s.dialog == nil {
		t.Fatal("parts that do not add up were accepted")
	}
	principal.setAmount(pv)
	af.save()
	a.Wait()
	if s.action != nil || af.form.errorText("payment.amount") != "" {
		t.Fatalf("collect stayed open: %q", af.form.errorText("payment.amount"))
	}
	if d.receipt == nil || s.dialog != d.receipt.dlg {
		t.Fatal("saving the payment offers no receipt")
	}
	s.cancel() // Esc: no receipt this time
	if s.dialog != nil {
		t.Fatal("Esc does not close the receipt offer")
	}
	if got := d.today.Principal(); got != start-pv {
		t.Fatalf("outstanding %d after paying %d of principal on %d", got, pv, start)
	}
	searchLoans(a, s, "PAY/2026/0001")
	if s.rows[0].Outstanding != start-pv {
		t.Fatalf("list outstanding %d, want %d", s.rows[0].Outstanding, start-pv)
	}
	last := d.lines[len(d.lines)-1]
	if last.entry.Kind != data.EntryPrincipal || last.balance != start-pv {
		t.Fatalf("last entry %+v", last)
	}

	// Reverse the principal entry: without a reason it is refused, with one the balance is back.
	d.reverseDialog()
	af = currentAction(t, s)
	pick := af.form.byID["entry.reverses"].input.(*choice)
	pick.SetSelected(pick.Options[0]) // the newest entry first
	af.save()
	a.Wait()
	if msg := af.form.errorText("entry.reason"); msg == "" || s.dialog == nil {
		t.Fatalf("a reversal with no reason shows %q", msg)
	}
	b, _ := store.LoanBook(ctx, d.book.Loan.ID)
	entries := len(b.Entries)
	test.Type(af.form.byID["entry.reason"].input.(*keyEntry), "Nhập nhầm số tiền")
	af.save()
	a.Wait()
	if s.dialog != nil {
		t.Fatalf("reversal refused: %q %q", af.form.errorText("entry.reverses"), af.form.errorText("entry.value_date"))
	}
	if b, _ = store.LoanBook(ctx, d.book.Loan.ID); len(b.Entries) != entries+1 {
		t.Fatalf("%d entries after reversal, want %d", len(b.Entries), entries+1)
	}
	if got := d.today.Principal(); got != start {
		t.Fatalf("outstanding %d after the reversal, want %d", got, start)
	}
	if !d.lines[len(d.lines)-2].reversed {
		t.Fatal("the reversed entry is not marked")
	}
	if len(d.fresh) != 0 {
		t.Fatalf("after the reversal the payment's rows are still marked new: %v", d.fresh)
	}
}

func currentAction(t *testing.T, s *loansScreen) *actionForm {
	t.Helper()
	if s.dialog == nil {
		t.Fatal("no action dialog open")
	}
	return s.action
}

func moneyOf(af *actionForm, id string) *moneyEntry {
	return af.moneys[id]
}

func TestLoansOpenLoanAndNewLoanFor(t *testing.T) {
	a, store, _ := newLoansTest(t)
	ctx := context.Background()
	a.Navigate("settings")
	all, _ := store.SearchLoans(ctx, "", a.workingDate(), 1)
	a.openLoan(all[0].Contract)
	a.Wait()
	s := a.currentScreen().(*loansScreen)
	if s.page != s.detail.root || s.detail.book.Loan.Contract != all[0].Contract {
		t.Fatalf("openLoan shows %q", s.detail.book.Loan.Contract)
	}
	if len(s.detail.lines) == 0 || s.cell(widget.TableCellID{}) == "" {
		t.Fatal("the detail shows no entry")
	}
	a.newLoanFor(all[0].BorrowerID)
	a.Wait()
	if s.page != s.form.root || s.form.borrowerID() != all[0].BorrowerID {
		t.Fatalf("newLoanFor picked %d, want %d", s.form.borrowerID(), all[0].BorrowerID)
	}
}

func TestMoneyEntry(t *testing.T) {
	test.NewApp()
	for _, c := range []struct {
		lang, in string
		want     data.Dong
		rule     string
		words    string
	}{
		{"vi", "1.234.567", 1_234_567, "", "Một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy đồng"},
		{"vi", "1234567", 1_234_567, "", ""},
		{"vi", "1,5tr", 1_500_000, "", "Một triệu năm trăm nghìn đồng"},
		{"vi", "20tr", 20_000_000, "", "Hai mươi triệu đồng"},
		{"en", "1.5tr", 1_500_000, "", "one million five hundred thousand dong"},
		{"vi", "1.500tr", 0, "money_ambiguous", ""},
		{"vi", "1,234", 0, "money_ambiguous", ""},
		{"vi", "1,5", 0, "money_fraction", ""},
		{"fr", "douze", 0, "money_format", ""},
	} {
		loc := translations.New(c.lang)
		m := newMoneyEntry(loc, "loan.amount", nil)
		test.Type(m.entry, c.in)
		got, e := m.value()
		switch {
		case c.rule != "":
			if e == nil || e.Rule != c.rule || e.Field != "loan.amount" {
				t.Errorf("%s %q: %v, want %s on loan.amount", c.lang, c.in, e, c.rule)
			}
			if m.hint.String() != loc.Error(e) || m.hint.Importance != widget.DangerImportance {
				t.Errorf("%s %q: hint %q", c.lang, c.in, m.hint.String())
			}
		case e != nil || got != c.want:
			t.Errorf("%s %q = %d, %v; want %d", c.lang, c.in, got, e, c.want)
		case !strings.Contains(m.hint.String(), loc.Money(c.want)) || !strings.Contains(m.hint.String(), keepLastWord(c.words)):
			t.Errorf("%s %q: hint %q, want %s and %q", c.lang, c.in, m.hint.String(), loc.Money(c.want), c.words)
		}
	}
}

// Tapping a header orders the list by that column; tapping it again reverses the order.
func TestLoansSortByTappingAHeader(t *testing.T) {
	a, _, s := newLoansTest(t)
	s.table.tap(6) // outstanding, smallest first
	a.Wait()
	for i := 1; i < len(s.rows); i++ {
		if s.rows[i-1].Outstanding > s.rows[i].Outstanding {
			t.Fatalf("ascending: %s (%d) before %s (%d)", s.rows[i-1].Contract, s.rows[i-1].Outstanding, s.rows[i].Contract, s.rows[i].Outstanding)
		}
	}
	s.table.tap(6)
	a.Wait()
	if len(s.rows) < 2 || s.rows[0].Outstanding < s.rows[len(s.rows)-1].Outstanding || s.rows[0].Outstanding == 0 {
		t.Fatalf("descending: first %d, last %d", s.rows[0].Outstanding, s.rows[len(s.rows)-1].Outstanding)
	}
	s.table.tap(2) // borrower name
	a.Wait()
	if s.table.sortCol != 2 || s.table.desc {
		t.Fatalf("sort column %d desc %v", s.table.sortCol, s.table.desc)
	}
}
