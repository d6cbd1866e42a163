package ui

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/data/sqlite"
)

// openOverdueLoan opens, for the first household of the office, 12,000,000 over 12 months
// repaid quarterly (4 × 3,000,000), signed seven months before the working date: installments
// 1 and 2 (months 3 and 6) are overdue, 3 falls due in month 9. It shows the loan's page.
func openOverdueLoan(t *testing.T, a *App, store *sqlite.Store, s *loansScreen, contract string) data.Loan {
	t.Helper()
	ctx := context.Background()
	bs, err := store.SearchBorrowers(ctx, "", 1)
	if err != nil || len(bs) == 0 {
		t.Fatalf("no borrower: %v", err)
	}
	l := data.Loan{Contract: contract, BorrowerID: bs[0].ID, GroupID: bs[0].GroupID, ProgramCode: "01", Source: data.SourceCentral,
		Amount: 12_000_000, SignedOn: a.workingDate().AddMonths(-7), TermMonths: 12,
		Plan: data.Plan{Kind: data.PlanEqual, EveryMonths: 3}}
	if err := store.OpenLoan(data.WithUser(ctx, "tester"), &l, 12_000_000); err != nil {
		t.Fatal(err)
	}
	a.openLoan(l.Contract)
	a.Wait()
	if s.detail.book.Loan.Contract != contract {
		t.Fatalf("the loan page shows %q", s.detail.book.Loan.Contract)
	}
	return l
}

// storeDues is what the store's book of the loan owes on a date, through the engine.
func storeDues(t *testing.T, store *sqlite.Store, loanID int64, on data.Date) (data.Position, data.Dues) {
	t.Helper()
	b, err := store.LoanBook(context.Background(), loanID)
	if err != nil {
		t.Fatal(err)
	}
	p, err := data.PositionOn(b, on)
	if err != nil {
		t.Fatal(err)
	}
	return p, data.DuesOn(p)
}

// The collect dialog shows what is owed on the date typed before the amount; saving the
// payment jumps the entries to its rows and offers the receipt, which prints on A4 or A5 with
// the amount in words and the principal left.
func TestLoanCollectShowsDuesThenOffersTheReceipt(t *testing.T) {
	a, store, s := newLoansTest(t)
	a.opts.ReportsDir = t.TempDir()
	loc := a.loc
	l := openOverdueLoan(t, a, store, s, "THU/2026/0001")
	d := s.detail
	d.collectDialog()
	af := currentAction(t, s)
	a.Wait()
	dv := d.dues
	if dv == nil || af.top != dv.root {
		t.Fatal("the collect dialog shows no dues")
	}
	for _, c := range []struct {
		on          data.Date
		overdue     data.Dong // by hand: installments 1 and 2
		currentDue  data.Dong // installment 3 on its due date
		wantPenalty bool
	}{
		{a.workingDate(), 6_000_000, 0, true},
		{l.SignedOn.AddMonths(9), 6_000_000, 3_000_000, true},
		{l.SignedOn.AddMonths(2), 0, 0, false}, // before the first installment
	} {
		date := af.form.byID["entry.value_date"].input.(*keyEntry)
		date.SetText(loc.Date(c.on))
		a.Wait()
		p, due := storeDues(t, store, l.ID, c.on)
		if p.Overdue != c.overdue || due.Principal-p.Overdue != c.currentDue || (due.Penalty > 0) != c.wantPenalty || due.Interest <= 0 {
			t.Fatalf("%s: the store owes %+v (overdue %d); the example expects overdue %d, due %d", c.on, due, p.Overdue, c.overdue, c.currentDue)
		}
		for _, f := range []struct {
			name string
			l    *widget.Label
			want data.Dong
		}{
			{"overdue principal", dv.overdue, p.Overdue}, {"principal falling due", dv.current, due.Principal - p.Overdue},
			{"interest", dv.interest, due.Interest}, {"penalty", dv.penalty, due.Penalty}, {"total", dv.total, due.Total()},
		} {
			if f.l.Text != loc.Money(f.want) {
				t.Errorf("%s: %s shows %q, want %q", c.on, f.name, f.l.Text, loc.Money(f.want))
			}
		}
		if !strings.Contains(dv.title.Text, loc.Date(c.on)) {
			t.Errorf("the dues' title %q does not name %s", dv.title.Text, loc.Date(c.on))
		}
	}
	// A date that is not one shows no figures rather than stale ones.
	af.form.byID["entry.value_date"].input.(*keyEntry).SetText("31/02/2026")
	a.Wait()
	if dv.total.Text != "—" || dv.overdue.Text != "—" {
		t.Fatalf("a bad date leaves the dues %q, %q", dv.overdue.Text, dv.total.Text)
	}

	// Pay everything due today.
	af.form.byID["entry.value_date"].input.(*keyEntry).SetText(loc.Date(a.workingDate()))
	a.Wait()
	before, due := storeDues(t, store, l.ID, a.workingDate())
	b0, _ := store.LoanBook(context.Background(), l.ID)
	test.Type(moneyOf(af, "payment.amount").entry, loc.Amount(due.Total()))
	a.Wait()
	af.save()
	a.Wait()
	if s.action != nil {
		t.Fatalf("the payment was not saved: %q", af.form.errorText("payment.amount"))
	}
	b1, _ := store.LoanBook(context.Background(), l.ID)
	posted := b1.Entries[len(b0.Entries):]
	if len(posted) != 3 {
		t.Fatalf("%d entries posted for penalty, interest and principal, want 3", len(posted))
	}
	// The entries list shows the new rows, the first selected and all marked.
	first := len(d.lines) - 3
	if d.selected != first {
		t.Errorf("row %d selected after the payment, want %d (the first new row)", d.selected, first)
	}
	for i, e := range posted {
		if d.lines[first+i].entry.ID != e.ID || !d.fresh[e.ID] {
			t.Errorf("row %d is entry %d (fresh %v), want the new entry %d", first+i, d.lines[first+i].entry.ID, d.fresh[e.ID], e.ID)
		}
	}
	if d.fresh[b0.Entries[0].ID] {
		t.Error("the disbursement is marked as new")
	}

	// The receipt, on A4.
	ro := d.receipt
	if ro == nil || s.dialog != ro.dlg {
		t.Fatal("saving the payment offers no receipt")
	}
	if ro.paper.Selected != "A5" {
		t.Errorf("the receipt's paper is %q by default, want A5", ro.paper.Selected)
	}
	ro.paper.SetSelected("A4")
	test.Tap(ro.print)
	a.Wait()
	want := filepath.Join(a.opts.ReportsDir, fmt.Sprintf("receipt-%s-%d-vi.pdf", safeName(l.Contract), posted[0].ID))
	if ro.saved != want {
		t.Fatalf("the receipt was saved as %q, want %q", ro.saved, want)
	}
	if s.dialog != nil {
		t.Error("the receipt offer stays open once the receipt is saved")
	}
	after, _ := storeDues(t, store, l.ID, a.workingDate())
	if after.Principal() != before.Principal()-due.Principal || after.Principal() != 6_000_000 {
		t.Fatalf("principal %d after paying %d of %d", after.Principal(), due.Principal, before.Principal())
	}
	text := pdfText(t, want)
	for _, w := range []string{"BIÊN LAI THU NỢ", l.Contract, s.detail.borrower.Name,
		"Bằng chữ: " + loc.AmountInWords(due.Total()),
		"Dư nợ gốc còn lại sau lần trả này: " + strings.ReplaceAll(loc.Money(6_000_000), "\u00a0", " "),
		"Nợ gốc quá hạn", loc.Amount(6_000_000), "Tiền lãi", loc.Amount(due.Interest), "Lãi phạt quá hạn", loc.Amount(due.Penalty)} {
		if !strings.Contains(text, w) {
			t.Errorf("the receipt does not say %q:\n%s", w, text)
		}
	}
	if strings.Contains(text, "trong hạn") {
		t.Errorf("the receipt shows current principal, but only overdue was paid:\n%s", text)
	}
	if info, _ := exec.Command("pdfinfo", want).Output(); !strings.Contains(string(info), "(A4)") {
		t.Errorf("the receipt is not on A4:\n%s", info)
	}
}

// pdfText is the text of a PDF file, no-break spaces as plain ones.
func pdfText(t *testing.T, file string) string {
	t.Helper()
	if _, err := os.Stat(file); err != nil {
		t.Fatalf("no file: %v", err)
	}
	out, err := exec.Command("pdftotext", "-layout", file, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.ReplaceAll(string(out), "\u00a0", " ")
}

// The loan page links to its household and its group; the household's loans tab opens the
// loan's page again.
func TestLoanPageLinksToItsHouseholdAndGroup(t *testing.T) {
	a, store, s := newLoansTest(t)
	l := openOverdueLoan(t, a, store, s, "LINK/2026/0001")
	d := s.detail
	if l.GroupID == 0 || d.group.ID != l.GroupID {
		t.Fatalf("the loan's group %d, the page's %d", l.GroupID, d.group.ID)
	}
	if !d.toHousehold.Visible() || !strings.Contains(d.toHousehold.Text, d.borrower.Name) {
		t.Fatalf("the household link %q (shown %v)", d.toHousehold.Text, d.toHousehold.Visible())
	}
	if !d.toGroup.Visible() || !strings.Contains(d.toGroup.Text, d.group.Code) {
		t.Fatalf("the group link %q (shown %v)", d.toGroup.Text, d.toGroup.Visible())
	}

	// To the household: its page, with the list searched for it and this loan among its loans.
	tapLink(t, d.toHousehold)
	a.Wait()
	b, ok := a.currentScreen().(*borrowersScreen)
	if !ok {
		t.Fatalf("the household link opened %T", a.currentScreen())
	}
	if b.editing.ID != l.BorrowerID || b.search.Text != d.borrower.Code || b.tabs.SelectedIndex() != 0 {
		t.Fatalf("Borrowers shows household %d (search %q, tab %d), want %d", b.editing.ID, b.search.Text, b.tabs.SelectedIndex(), l.BorrowerID)
	}
	row := -1
	for i, x := range b.detail.Loans {
		if x.Loan.Contract == l.Contract {
			row = i
		}
	}
	if row < 0 {
		t.Fatalf("the household's loans do not list %s", l.Contract)
	}
	// And back to the loan through the household's loans tab.
	b.tabs.SelectIndex(1)
	b.openLoanAt(widget.TableCellID{Row: row, Col: 0})
	a.Wait()
	if a.currentScreen() != s || s.page != d.root || d.book.Loan.Contract != l.Contract {
		t.Fatalf("the household's loan row opened %T", a.currentScreen())
	}

	// To the group: its page, the group highlighted in the list, its members shown.
	tapLink(t, d.toGroup)
	a.Wait()
	g, ok := a.currentScreen().(*groupsScreen)
	if !ok {
		t.Fatalf("the group link opened %T", a.currentScreen())
	}
	if g.editing.ID != l.GroupID || g.tabs.SelectedIndex() != groupTabMembers {
		t.Fatalf("Groups shows group %d on tab %d, want %d on its members", g.editing.ID, g.tabs.SelectedIndex(), l.GroupID)
	}
	listed, member := false, false
	for _, r := range g.rows {
		listed = listed || r.ID == l.GroupID
	}
	for _, m := range g.members {
		member = member || m.ID == l.BorrowerID
	}
	if !listed || !member {
		t.Fatalf("the group's list shows it: %v; its members show the household: %v", listed, member)
	}
}

// A household's page starts a new loan for it, and a row of its loans opens the loan's page
// (TestBorrowersLoansTabOpensALoanAndStartsANewOne taps them); here through newLoanFor from
// the household's page as the button calls it, checked against the store.
func TestHouseholdNewLoanPicksTheHousehold(t *testing.T) {
	a, store := newDemoApp(t, "fr", "borrowers")
	a.Wait()
	bs, err := store.SearchBorrowers(context.Background(), "", 3)
	if err != nil || len(bs) < 3 {
		t.Fatalf("borrowers: %v", err)
	}
	b := a.currentScreen().(*borrowersScreen)
	b.edit(bs[2].Borrower)
	a.Wait()
	test.Tap(b.newLoan)
	a.Wait()
	s, ok := a.currentScreen().(*loansScreen)
	if !ok || s.page != s.form.root || s.form.borrowerID() != bs[2].ID {
		t.Fatalf("New loan opened %T with household %d, want %d", a.currentScreen(), s.form.borrowerID(), bs[2].ID)
	}
}

// tapLink taps a link in the middle of its text, as the mouse does: a tap beside the text of
// a link does nothing.
func tapLink(t *testing.T, h *widget.Hyperlink) {
	t.Helper()
	size := h.Size()
	if size.Width == 0 {
		t.Fatalf("the link %q is not laid out", h.Text)
	}
	test.TapAt(h, fyne.NewPos(size.Width/2, size.Height/2))
}

// cutLabels lists the labels under o that show one of texts but are narrower than the text
// needs: what the clerk would see cut with "…".
func cutLabels(o fyne.CanvasObject, texts map[string]bool) (cut []string, seen int) {
	walk(o, func(x fyne.CanvasObject) {
		l, ok := x.(*widget.Label)
		if tip, isTip := x.(*tipLabel); isTip {
			l, ok = &tip.Label, true // a table's cell, with its tooltip
		}
		if !ok || !texts[l.Text] || !x.Visible() {
			return
		}
		seen++
		need := widget.NewLabelWithStyle(l.Text, fyne.TextAlignLeading, l.TextStyle).MinSize().Width
		if l.Size().Width+0.5 < need {
			cut = append(cut, fmt.Sprintf("%q (%.0f of %.0f)", l.Text, l.Size().Width, need))
		}
	})
	return cut, seen
}

// In French at 1024×768 the loan page's schedule status and entry numbers and kinds, and the
// household's loans tab, show their words whole.
func TestLoanColumnsShowTheirWordsWholeInFrench(t *testing.T) {
	a, store := newDemoApp(t, "fr", "loans")
	a.win.Resize(fyne.NewSize(1024, 768))
	a.Wait()
	s := a.currentScreen().(*loansScreen)
	s.refresh()
	a.Wait()
	ctx := data.WithUser(context.Background(), "tester")
	l := openOverdueLoan(t, a, store, s, "FIT/2026/0001")
	// A reschedule makes the longest status: installment 3 moved a month later.
	third := s.detail.today.Installments[2]
	e := data.Entry{LoanID: l.ID, Kind: data.EntryReschedule, ValueDate: a.workingDate(), Installment: third.No,
		NewDate: third.Due.AddMonths(1), Decision: "QĐ 12/2026", DecisionDate: a.workingDate()}
	if err := store.Post(ctx, &e); err != nil {
		t.Fatal(err)
	}
	a.openLoan(l.Contract)
	a.Wait()
	d := s.detail
	texts := map[string]bool{}
	for i := range d.today.Installments {
		texts[d.scheduleCell(widget.TableCellID{Row: i, Col: 4})] = true
	}
	for i := range d.lines {
		texts[d.entryCell(widget.TableCellID{Row: i, Col: 0})] = true
		texts[d.entryCell(widget.TableCellID{Row: i, Col: 2})] = true
	}
	long := a.loc.T("loans.rescheduled", "Status", a.loc.T("installment.next"), "Date", third.Due)
	if !texts[long] {
		t.Fatalf("the schedule does not show %q", long)
	}
	// Each column scrolled into view, as the clerk would.
	for _, c := range []struct {
		t   *widget.Table
		col int
	}{{d.schedule, 4}, {d.entries, 0}, {d.entries, 2}} {
		c.t.ScrollTo(widget.TableCellID{Row: 0, Col: c.col})
		cut, seen := cutLabels(c.t, texts)
		if seen == 0 {
			t.Fatalf("no cell of column %d drawn", c.col)
		}
		if len(cut) > 0 {
			t.Errorf("cut on the loan page: %s", strings.Join(cut, ", "))
		}
	}

	// The loan list: its headers and states whole.
	s.cancel()
	if s.page != s.list {
		t.Fatal("Esc does not go back to the list")
	}
	texts = map[string]bool{}
	for _, id := range loanListColumns {
		texts[a.loc.T(id)] = true
	}
	for i := range s.rows {
		texts[s.cell(widget.TableCellID{Row: i, Col: 7})] = true
	}
	for col := range loanListColumns {
		s.table.ScrollTo(widget.TableCellID{Row: 0, Col: col})
		if cut, _ := cutLabels(s.table, texts); len(cut) > 0 {
			t.Errorf("cut on the loan list: %s", strings.Join(cut, ", "))
		}
	}

	// The household's loans tab, with a loan overdue for months.
	a.openHousehold(l.BorrowerID)
	a.Wait()
	b := a.currentScreen().(*borrowersScreen)
	b.tabs.SelectIndex(1)
	a.Wait()
	texts = map[string]bool{}
	for i := range b.detail.Loans {
		for col := range loanColumns {
			if col != 1 { // the program's name may be cut: the loan's page names it whole
				texts[b.loanCell(widget.TableCellID{Row: i, Col: col})] = true
			}
		}
	}
	for _, id := range loanColumns {
		texts[a.loc.T(id)] = true
	}
	for col := range loanColumns {
		b.loansTable.ScrollTo(widget.TableCellID{Row: 0, Col: col})
		cut, seen := cutLabels(b.loansTable, texts)
		if seen == 0 {
			t.Fatal("no cell of the household's loans drawn")
		}
		if len(cut) > 0 {
			t.Errorf("cut on the household's loans tab: %s", strings.Join(cut, ", "))
		}
	}
}
