package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/data/demo"
	"policycredit/data/sqlite"
)

// Issue 18 §6: an action that writes, pressed twice (or Enter typed twice) before its first
// write finished, writes once. Under test a.do queues the UI side of every background job
// until Wait, so each test below presses twice with no Wait between: the first write's result
// has not been handled yet, exactly as when the clerk double-clicks on a slow disk. Each test
// then counts what the store holds (entries, rows, audit records) and that no refusal of a
// second write reached the clerk.

// tapTwice taps b twice in a row, as a double-click does.
func tapTwice(b *widget.Button) {
	test.Tap(b)
	test.Tap(b)
}

// enterTwice types Enter twice in e.
func enterTwice(e interface{ TypedKey(*fyne.KeyEvent) }) {
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// auditCount counts the store's audit records: every write makes at least one.
func auditCount(t *testing.T, store *sqlite.Store) int {
	t.Helper()
	rows, err := store.Audit(context.Background(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

// noErrorShown fails when an error dialog is up: a second write refused by the store (a
// contract already used, a month already closed) would say so there.
func noErrorShown(t *testing.T, a *App) {
	t.Helper()
	if o := overlayWith(a, a.loc.T("error.title")); o != nil {
		t.Fatalf("an error is shown: %q", texts(o))
	}
}

// countingStore stands between the app and its store and counts the writes it overrides. A
// second write the store refuses (a rate period of the same date, settings saved again)
// leaves nothing in the office to count, and its message is wiped by the first write's
// success, handled after it: only the calls tell.
type countingStore struct {
	data.Screens
	mu    sync.Mutex
	calls map[string]int
}

// countWrites puts a countingStore between a and its store.
func countWrites(a *App) *countingStore {
	c := &countingStore{Screens: a.store, calls: map[string]int{}}
	a.store = c
	return c
}

func (c *countingStore) count(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[name]++
}

func (c *countingStore) n(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls[name]
}

func (c *countingStore) SaveGroup(ctx context.Context, g *data.Group) error {
	c.count("SaveGroup")
	return c.Screens.SaveGroup(ctx, g)
}

func (c *countingStore) AddRatePeriod(ctx context.Context, r data.RatePeriod) error {
	c.count("AddRatePeriod")
	return c.Screens.AddRatePeriod(ctx, r)
}

func (c *countingStore) SaveOfficeSettings(ctx context.Context, o data.Office, st data.Settings) error {
	c.count("SaveOfficeSettings")
	return c.Screens.SaveOfficeSettings(ctx, o, st)
}

func (c *countingStore) AddRulePeriod(ctx context.Context, p data.RulePeriod) error {
	c.count("AddRulePeriod")
	return c.Screens.AddRulePeriod(ctx, p)
}

// formErrors joins the messages shown under a form's fields.
func formErrors(f *form) string {
	var msgs []string
	for _, ff := range f.fields {
		if ff.msg.Text != "" {
			msgs = append(msgs, ff.id+": "+ff.msg.Text)
		}
	}
	return strings.Join(msgs, "; ")
}

// newPaidLoan opens a loan signed two months before the working date through the form.
func newPaidLoan(t *testing.T, a *App, s *loansScreen, contract string) *loanDetail {
	t.Helper()
	fillNewLoan(t, a, s, contract)
	s.form.signedOn.SetText(a.loc.Date(a.workingDate().AddMonths(-2)))
	s.form.save()
	a.Wait()
	if s.detail.book.Loan.Contract != contract {
		t.Fatalf("the loan %s was not opened: %s", contract, formErrors(s.form.form))
	}
	return s.detail
}

func ledgerSize(t *testing.T, store *sqlite.Store, loanID int64) int {
	t.Helper()
	b, err := store.LoanBook(context.Background(), loanID)
	if err != nil {
		t.Fatal(err)
	}
	return len(b.Entries)
}

// The Collect dialog: Save tapped twice, then Enter typed twice, each takes one payment.
func TestDoublePressCollectTakesOnePayment(t *testing.T) {
	a, store, s := newLoansTest(t)
	d := newPaidLoan(t, a, s, "DBL/2026/0001")
	start := d.today.Principal()
	for _, how := range []string{"tap", "enter"} {
		entries := ledgerSize(t, store, d.book.Loan.ID)
		d.collectDialog()
		af := currentAction(t, s)
		test.Type(moneyOf(af, "payment.amount").entry, "3tr")
		a.Wait() // the proposed split
		pv, _ := moneyOf(af, "collect.principal").value()
		if pv <= 0 {
			t.Fatalf("%s: no principal proposed", how)
		}
		parts := 0 // one payment posts an entry per part that is not zero
		for _, id := range []string{"collect.penalty", "collect.interest", "collect.principal"} {
			if v, _ := moneyOf(af, id).value(); v != 0 {
				parts++
			}
		}
		paid := start - d.today.Principal()
		if how == "tap" {
			save, _ := overlayButton(t, a, a.loc.T("action.save"))
			test.Tap(save)
			if !save.Disabled() {
				t.Errorf("Save stays enabled while the payment is posted")
			}
			test.Tap(save)
		} else {
			enterTwice(af.form.byID["entry.ref"].input.(*keyEntry))
		}
		a.Wait()
		// Once saved, the dialog gives way to the offer of a receipt, and to nothing else.
		if msg := formErrors(af.form); msg != "" || d.receipt == nil || s.dialog != d.receipt.dlg {
			t.Fatalf("%s: the payment was refused: %s", how, msg)
		}
		s.closeDialog()
		noErrorShown(t, a)
		if got := ledgerSize(t, store, d.book.Loan.ID); got != entries+parts {
			t.Fatalf("%s twice: %d entries after the payment, want %d (one payment)", how, got, entries+parts)
		}
		if got := start - d.today.Principal(); got != paid+pv {
			t.Fatalf("%s twice: %d of principal paid in all, want %d", how, got, paid+pv)
		}
	}
}

// A reversal confirmed twice reverses once, and says nothing about the entry being reversed
// already.
func TestDoublePressReversalReversesOnce(t *testing.T) {
	a, store, s := newLoansTest(t)
	d := newPaidLoan(t, a, s, "DBL/2026/0002")
	entries := ledgerSize(t, store, d.book.Loan.ID)
	d.reverseDialog()
	af := currentAction(t, s)
	pick := af.form.byID["entry.reverses"].input.(*choice)
	pick.SetSelected(pick.Options[0])
	reason := af.form.byID["entry.reason"].input.(*keyEntry)
	test.Type(reason, "Nhập nhầm")
	enterTwice(reason)
	a.Wait()
	if msg := formErrors(af.form); msg != "" || s.dialog != nil {
		t.Fatalf("the reversal was refused: %s", msg)
	}
	noErrorShown(t, a)
	if got := ledgerSize(t, store, d.book.Loan.ID); got != entries+1 {
		t.Fatalf("%d entries after one reversal, want %d", got, entries+1)
	}
}

// A reschedule saved twice posts one reschedule entry.
func TestDoublePressReschedulePostsOnce(t *testing.T) {
	a, store, s := newLoansTest(t)
	d := newPaidLoan(t, a, s, "DBL/2026/0003")
	entries := ledgerSize(t, store, d.book.Loan.ID)
	d.entryDialog(data.EntryReschedule)
	af := currentAction(t, s)
	pick := af.form.byID["entry.installment"].input.(*choice)
	pick.SetSelected(pick.Options[0])
	first := d.today.Installments[0]
	test.Type(af.form.byID["entry.new_date"].input.(*keyEntry), a.loc.Date(first.OriginalDue.AddMonths(1)))
	test.Type(af.form.byID["entry.decision"].input.(*keyEntry), "QĐ 21/2026")
	test.Type(af.form.byID["entry.decision_date"].input.(*keyEntry), a.loc.Date(a.workingDate()))
	save, _ := overlayButton(t, a, a.loc.T("action.save"))
	tapTwice(save)
	a.Wait()
	if msg := formErrors(af.form); msg != "" || s.dialog != nil {
		t.Fatalf("the reschedule was refused: %s", msg)
	}
	noErrorShown(t, a)
	if got := ledgerSize(t, store, d.book.Loan.ID); got != entries+1 {
		t.Fatalf("%d entries after one reschedule, want %d", got, entries+1)
	}
}

// The new-loan form saved twice opens one loan; the second Save would be refused for the
// contract number, under the form the loan was opened from.
func TestDoublePressNewLoanOpensOne(t *testing.T) {
	a, store, s := newLoansTest(t)
	ctx := context.Background()
	before := auditCount(t, store)
	fillNewLoan(t, a, s, "DBL/2026/0004")
	enterTwice(s.form.contract)
	a.Wait()
	if msg := formErrors(s.form.form); msg != "" {
		t.Fatalf("the form shows %s", msg)
	}
	noErrorShown(t, a)
	if _, err := store.LoanByContract(ctx, "DBL/2026/0004"); err != nil {
		t.Fatal(err)
	}
	if s.detail.book.Loan.Contract != "DBL/2026/0004" {
		t.Fatalf("the detail shows %q", s.detail.book.Loan.Contract)
	}
	// The same again with a new contract, pressed once: it writes as much as the double press.
	once := auditCount(t, store) - before
	fillNewLoan(t, a, s, "DBL/2026/0005")
	s.form.save()
	a.Wait()
	if got := auditCount(t, store) - before - once; got != once || once == 0 {
		t.Fatalf("a loan saved twice wrote %d audit records, one saved once %d", once, got)
	}
}

// The transaction day's Post tapped twice posts one batch.
func TestDoublePressTxDayPostsOneBatch(t *testing.T) {
	a, store, s := newTxDayTest(t)
	settle(s)
	test.Tap(s.postBtn)
	confirmPost(t, s) // the confirmation's button
	if !s.postBtn.Disabled() || !s.confirm.ok.Disabled() {
		t.Error("Post stays enabled while the day is posted")
	}
	test.Tap(s.confirm.ok)
	test.Tap(s.postBtn)
	s.post() // Ctrl+Enter or a press that reached the screen another way
	a.Wait()
	noErrorShown(t, a)
	batches, err := store.CollectionBatches(context.Background(), s.list.PointID)
	if err != nil || len(batches) != 1 {
		t.Fatalf("%d batches after posting the day once (%v)", len(batches), err)
	}
	if s.postBtn.Disabled() {
		t.Error("Post stays disabled after the post")
	}
}

// A new household saved twice (Enter twice in its name) is added once.
func TestDoublePressNewHouseholdAddsOne(t *testing.T) {
	a, store, s := newBorrowersTest(t)
	ctx := context.Background()
	before, _ := store.Counts(ctx)
	chooseFirst(t, a, s, "nguyen")
	pressShortcut(a, fyne.KeyN)
	test.Type(s.code, "KHDBL0001")
	test.Type(s.name, "Lê Thị Hoa")
	s.gender.SetSelected(a.loc.T("gender.female"))
	test.Type(s.birthYear, "1985")
	test.Type(s.idNumber, "040185001299")
	s.village.SetSelected(s.village.Options[0])
	enterTwice(s.name)
	a.Wait()
	if msg := formErrors(s.form); msg != "" {
		t.Fatalf("the form shows %s", msg)
	}
	noErrorShown(t, a)
	if after, _ := store.Counts(ctx); after.Borrowers != before.Borrowers+1 {
		t.Fatalf("%d households after saving a new one twice, want %d", after.Borrowers, before.Borrowers+1)
	}
}

// A group saved twice writes as much as one saved once.
func TestDoublePressGroupSaveWritesOnce(t *testing.T) {
	a, store, s := newGroupsTest(t)
	calls := countWrites(a)
	selectGroup(a, s, 0)
	before := auditCount(t, store)
	s.name.SetText("Tổ Hội Nông dân Đồng Tâm")
	enterTwice(s.name)
	a.Wait()
	twice := auditCount(t, store) - before
	if msg := formErrors(s.form); msg != "" {
		t.Fatalf("the form shows %s", msg)
	}
	noErrorShown(t, a)
	if n := calls.n("SaveGroup"); n != 1 {
		t.Fatalf("Enter twice saved the group %d times", n)
	}
	s.name.SetText("Tổ Hội Nông dân Thôn Đông")
	s.save()
	a.Wait()
	if once := auditCount(t, store) - before - twice; twice != once || once == 0 {
		t.Fatalf("a group saved twice wrote %d audit records, saved once %d", twice, once)
	}
}

// A rate period added twice (Enter twice in the decision) is added once.
func TestDoublePressRateAddsOnePeriod(t *testing.T) {
	a, store := newTestApp(t, "vi", "programs")
	calls := countWrites(a)
	s := a.currentScreen().(*programsScreen)
	row := slices.IndexFunc(s.programs, func(p data.Program) bool { return p.Code == "01" })
	s.table.Select(widget.TableCellID{Row: row, Col: 0})
	a.Wait()
	p, _ := store.Program(context.Background(), "01")
	rates := len(p.Rates)
	test.Type(s.effective, a.loc.Date(data.MustDate("2026-07-01")))
	test.Type(s.rate, "0,5")
	test.Type(s.decision, "QĐ 05/2026")
	enterTwice(s.decision)
	a.Wait()
	// One confirmation, its Add pressed twice.
	test.Tap(s.rateConfirmOK)
	test.Tap(s.rateConfirmOK)
	a.Wait()
	if msg := formErrors(s.rateForm); msg != "" {
		t.Fatalf("the form shows %s", msg)
	}
	noErrorShown(t, a)
	if n := calls.n("AddRatePeriod"); n != 1 {
		t.Fatalf("Enter twice added the rate %d times", n)
	}
	if p, _ = store.Program(context.Background(), "01"); len(p.Rates) != rates+1 {
		t.Fatalf("%d rate periods after adding one twice, want %d", len(p.Rates), rates+1)
	}
}

// The Settings screen: Save twice writes as much as Save once; a rule period confirmed twice
// is added once.
func TestDoublePressSettingsSaveAndRulePeriod(t *testing.T) {
	a, store := newTestApp(t, "en", "settings")
	calls := countWrites(a)
	s := a.currentScreen().(*settingsScreen)
	ctx := context.Background()
	before := auditCount(t, store)
	s.officeName.SetText("Phòng giao dịch huyện Quỳnh Lưu")
	enterTwice(s.officeName)
	a.Wait()
	twice := auditCount(t, store) - before
	noErrorShown(t, a)
	if n := calls.n("SaveOfficeSettings"); n != 1 {
		t.Fatalf("Enter twice saved the settings %d times", n)
	}
	s.officeName.SetText("Phòng giao dịch huyện Diễn Châu")
	s.save()
	a.Wait()
	if once := auditCount(t, store) - before - twice; twice != once || once == 0 {
		t.Fatalf("settings saved twice wrote %d audit records, saved once %d", twice, once)
	}

	periods, _ := store.RulePeriods(ctx)
	s.ruleKey.SetSelectedIndex(1) // penalty_percent
	s.ruleValue.SetText("150")
	s.ruleFrom.SetText("2031-01-01")
	enterTwice(s.ruleFrom)
	a.Wait()
	if n := len(a.win.Canvas().Overlays().List()); n != 1 {
		t.Fatalf("Enter twice asks %d times", n)
	}
	confirm, _ := overlayButton(t, a, a.loc.T("settings.add_period"))
	tapTwice(confirm)
	a.Wait()
	noErrorShown(t, a)
	if msg := formErrors(s.periodForm); msg != "" {
		t.Fatalf("the form shows %s", msg)
	}
	if n := calls.n("AddRulePeriod"); n != 1 {
		t.Fatalf("the confirmation tapped twice added the period %d times", n)
	}
	if after, _ := store.RulePeriods(ctx); len(after) != len(periods)+1 {
		t.Fatalf("%d rule periods after adding one, want %d", len(after), len(periods)+1)
	}
	if s.addPeriod.Disabled() {
		t.Error("Add period stays disabled")
	}
}

// Close month confirmed twice closes once: the second would find the month closed.
func TestDoublePressCloseMonthClosesOnce(t *testing.T) {
	a, store := newDemoApp(t, "en", "reports")
	s := a.currentScreen().(*reportsScreen)
	s.refresh()
	a.Wait()
	c := s.closing
	c.month.SetText("2026-10")
	before := auditCount(t, store)
	test.Tap(c.close)
	closeNow, _ := overlayButton(t, a, a.loc.T("closing.close_now"))
	test.Tap(closeNow)
	if !c.close.Disabled() {
		t.Error("Close stays enabled while the month is closed")
	}
	test.Tap(closeNow)
	test.Tap(c.close) // asks nothing while the close runs
	a.Wait()
	noErrorShown(t, a)
	if o := overlayWith(a, a.loc.T("closing.close_now")); o != nil {
		t.Fatal("Close tapped while closing asks again")
	}
	if m, _ := store.ClosedThrough(context.Background()); m.String() != "2026-10" {
		t.Fatalf("closed through %v", m)
	}
	twice := auditCount(t, store) - before
	c.month.SetText("2026-11")
	test.Tap(c.close)
	closeNow, _ = overlayButton(t, a, a.loc.T("closing.close_now"))
	test.Tap(closeNow)
	a.Wait()
	if once := auditCount(t, store) - before - twice; once != twice || once == 0 {
		t.Fatalf("a month closed with two presses wrote %d audit records, one press %d", twice, once)
	}
}

// Approve tapped twice approves once; Enter twice in the rejection's reason rejects once.
func TestDoublePressApprovalsDecideOnce(t *testing.T) {
	a, store := appAs(t, "en", "giamdoc", "approvals")
	director := a.ctx
	var ids []int64
	for _, on := range []string{"2026-07-01", "2026-08-01"} {
		err := store.AddRatePeriod(director, data.RatePeriod{ProgramCode: "01", Effective: data.MustDate(on), Rate: 5000, Decision: "QĐ " + on})
		var made *data.RequestMade
		if !errors.As(err, &made) {
			t.Fatalf("a rate by the director: %v, want a request", err)
		}
		ids = append(ids, made.ID)
	}
	b, _ := openTestApp(t, store.Path(), "en", "approvals")
	logInAs(t, b, "ketoan", demo.Password)
	s := b.currentScreen().(*approvalsScreen)
	s.refresh()
	b.Wait()
	row := slices.IndexFunc(s.requests, func(r data.Request) bool { return r.ID == ids[0] })
	s.table.Select(widget.TableCellID{Row: row, Col: 0})
	b.Wait()
	test.Tap(s.approve)
	// The confirmation, then a press that reached the screen while the button was being disabled.
	test.Tap(buttonIn(b.win.Canvas().Overlays().Top(), b.loc.T("peopleui.approve"), nil))
	s.doApprove()
	b.Wait()
	noErrorShown(t, b)
	p, _ := store.Program(director, "01")
	if n := len(slices.DeleteFunc(p.Rates, func(r data.RatePeriod) bool { return r.Effective != data.MustDate("2026-07-01") })); n != 1 {
		t.Fatalf("%d rate periods of 2026-07-01 after one approval", n)
	}

	row = slices.IndexFunc(s.requests, func(r data.Request) bool { return r.ID == ids[1] })
	s.table.Select(widget.TableCellID{Row: row, Col: 0})
	b.Wait()
	test.Tap(s.reject)
	b.Wait()
	reason := entriesIn(b.win.Canvas().Overlays().Top())
	if len(reason) != 1 {
		t.Fatal("Reject asks for no reason")
	}
	test.Type(reason[0], "wrong decision number")
	enterTwice(reason[0])
	b.Wait()
	noErrorShown(t, b)
	if r := requestByID(t, store, director, ids[1]); r.State != data.RequestRejected {
		t.Fatalf("request after Reject: %+v", r)
	}
	if rs, _ := store.Requests(director, false); len(rs) != 2 {
		t.Fatalf("%d requests after deciding two, want 2", len(rs))
	}
}

// The new-user dialog's confirm tapped twice adds the user once.
func TestDoublePressAddUserAddsOne(t *testing.T) {
	a, store := appAs(t, "en", "quantri", "users")
	s := a.currentScreen().(*usersScreen)
	s.refresh()
	a.Wait()
	users := len(s.users)
	test.Tap(s.add)
	entries := entriesIn(a.win.Canvas().Overlays().Top())
	for i, v := range []string{"thuquy", "Vũ Thị Thu", "quy-tien-2026", "quy-tien-2026"} {
		test.Type(entries[i], v)
	}
	walk(a.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if sel, ok := o.(*choice); ok {
			sel.SetSelected(a.loc.T("role.teller"))
		}
	})
	ok := buttonIn(a.win.Canvas().Overlays().Top(), a.loc.T("peopleui.create_account"), nil)
	test.Tap(ok)
	if !ok.Disabled() {
		t.Error("the confirm stays enabled while the user is added")
	}
	test.Tap(ok)
	enterTwice(entries[3])
	a.Wait()
	noErrorShown(t, a)
	if len(s.users) != users+1 {
		t.Fatalf("%d users after adding one, want %d", len(s.users), users+1)
	}
	if a.win.Canvas().Overlays().Top() != nil {
		t.Fatalf("the dialog stays open: %q", texts(a.win.Canvas().Overlays().Top()))
	}
	if _, err := store.LogIn(context.Background(), "thuquy", "quy-tien-2026"); err != nil {
		t.Fatal(err)
	}
}

// The import wizard's Import tapped twice imports once.
func TestDoublePressImportImportsOnce(t *testing.T) {
	fakeHome(t)
	a := importOffice(t)
	store := a.store.(*sqlite.Store)
	w := openWizard(t, a, writeFile(t, "ho-vay.csv", borrowersCSV))
	w.cutOff.SetText(a.loc.Date(data.DateOf(time.Now())))
	test.Tap(w.check)
	a.Wait()
	if w.apply == nil || w.apply.Disabled() {
		t.Fatal("no Import after a clean check")
	}
	before := auditCount(t, store)
	apply := w.apply
	tapTwice(apply)
	a.Wait()
	noErrorShown(t, a)
	if !w.imported || w.outcome.Result.Counts["borrower"].Created != 2 {
		t.Fatalf("import: %+v", w.outcome.Result)
	}
	twice := auditCount(t, store) - before
	// The same file imported again by one press, for the count of one import's records.
	tapButton(a, a.loc.T("action.close"))
	again := openWizard(t, a, writeFile(t, "ho-vay-2.csv", strings.ReplaceAll(borrowersCSV, "KH000", "KH100")))
	again.cutOff.SetText(a.loc.Date(data.DateOf(time.Now())))
	test.Tap(again.check)
	a.Wait()
	test.Tap(again.apply)
	a.Wait()
	if once := auditCount(t, store) - before - twice; once != twice || once == 0 {
		t.Fatalf("an import pressed twice wrote %d audit records, pressed once %d", twice, once)
	}
}
