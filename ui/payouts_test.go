package ui

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/data/sqlite"
)

// payoutsStore is the office's store with the point's payables held in memory, so that the
// screen's part is tested on figures written out here: a group leader owed 350.000 đ for two
// months, and an association owed 84.000 đ.
type payoutsStore struct {
	*sqlite.Store
	mu       sync.Mutex
	payables []data.Payable
	payments []data.SettlementPayment
	calls    int // PaySettlement calls
}

func (f *payoutsStore) SettlementPayables(ctx context.Context, pointID int64, on data.Date) ([]data.Payable, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]data.Payable(nil), f.payables...), nil
}

func (f *payoutsStore) SettlementPayments(ctx context.Context, pointID int64, on data.Date) ([]data.SettlementPayment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]data.SettlementPayment(nil), f.payments...), nil
}

func (f *payoutsStore) PaySettlement(ctx context.Context, p *data.SettlementPayment) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if err := p.Validate(); err != nil {
		return err
	}
	for i := range f.payables {
		x := &f.payables[i]
		if payableKey(*x) != payeeKey(p.Kind, p.GroupID, p.CommuneID, p.Association) {
			continue
		}
		if p.Amount > x.Due {
			return data.Invalid("settlement.amount", "overpayment", "Max", x.Due)
		}
		x.Paid += p.Amount
		x.Due -= p.Amount
		p.ID = int64(len(f.payments) + 1)
		if p.Ref == "" {
			p.Ref = fmt.Sprintf("PC-%03d", p.ID)
		}
		p.User = data.UserFrom(ctx)
		f.payments = append(f.payments, *p)
		return nil
	}
	return data.NotFound("settlement.payee")
}

func (f *payoutsStore) ReverseSettlementPayment(ctx context.Context, id int64, reason string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if strings.TrimSpace(reason) == "" {
		return data.Invalid("settlement.reason", "required")
	}
	for i := range f.payments {
		p := &f.payments[i]
		if p.ID != id || p.Reversed {
			continue
		}
		p.Reversed = true
		for j := range f.payables {
			if payableKey(f.payables[j]) == payeeKey(p.Kind, p.GroupID, p.CommuneID, p.Association) {
				f.payables[j].Paid -= p.Amount
				f.payables[j].Due += p.Amount
			}
		}
		f.payments = append(f.payments, data.SettlementPayment{ID: int64(len(f.payments) + 1), PointID: p.PointID,
			Kind: p.Kind, GroupID: p.GroupID, CommuneID: p.CommuneID, Association: p.Association, PaidOn: p.PaidOn,
			Amount: p.Amount, Ref: p.Ref, ReceivedBy: p.ReceivedBy, Reverses: p.ID, Reason: reason})
		return nil
	}
	return data.NotFound("settlement.payment")
}

// newPayoutsTest opens the transaction day of the small demo office on the in-memory payables
// of its first group and of the Farmers' Association, with the part shown.
func newPayoutsTest(t *testing.T) (*App, *payoutsStore, *txDayScreen) {
	t.Helper()
	a, store, s := newTxDayTest(t)
	g := s.groups[0].group
	fake := &payoutsStore{Store: store, payables: []data.Payable{
		{Kind: data.PayeeGroup, GroupID: g.ID, Code: g.Code, Name: g.Name, Leader: g.Leader, CommuneID: 1,
			Months: []data.Month{{Year: 2026, Month: 9}, {Year: 2026, Month: 10}}, Settled: 350_000, Due: 350_000},
		{Kind: data.PayeeAssociation, Code: "HND", Association: "HND", CommuneID: 1,
			Months: []data.Month{{Year: 2026, Month: 10}}, Settled: 84_000, Due: 84_000},
	}}
	a.store = fake
	s.loadPayouts()
	a.Wait()
	s.groupList.Select(s.payoutsIndex())
	a.Wait()
	return a, fake, s
}

func TestPayoutsListWhatEachPayeeIsOwedAndWhatIsCarriedForward(t *testing.T) {
	a, _, s := newPayoutsTest(t)
	loc := a.loc
	shown := payoutsText(s.body)
	for _, want := range []string{loc.Amount(350_000), loc.Amount(84_000), s.groups[0].group.Code,
		loc.T("settlepay.carried", "Month", loc.Month(data.NewDate(2026, 9, 1))),
		loc.T("settlepay.association_payee", "Association", loc.Association("HND"))} {
		if !strings.Contains(shown, want) {
			t.Errorf("the part does not show %q:\n%s", want, shown)
		}
	}
	// The association is owed for the latest month only: nothing of it is carried forward.
	if n := strings.Count(shown, loc.T("settlepay.carried", "Month", loc.Month(data.NewDate(2026, 10, 1)))); n != 0 {
		t.Errorf("an amount of the latest month reads as carried forward")
	}
	if line := s.groupLine(s.payoutsIndex()); !strings.Contains(line, loc.Money(434_000)) {
		t.Errorf("the group list says %q, want the 434.000 due in all", line)
	}
}

// payFirst opens Pay on the group leader and types amount.
func payFirst(t *testing.T, s *txDayScreen, amount string) *txPayDialog {
	t.Helper()
	key := payeeKey(data.PayeeGroup, s.groups[0].group.ID, 0, "")
	b := s.payouts.payButtons[key]
	if b == nil || b.Disabled() {
		t.Fatalf("no Pay for the group leader (%v)", b)
	}
	test.Tap(b)
	d := s.payouts.pay
	if d == nil {
		t.Fatal("Pay opened no dialog")
	}
	d.amount.entry.SetText(amount)
	return d
}

func TestPayoutsPayPartOfTheDueOnceAndTheRestStaysDue(t *testing.T) {
	a, store, s := newPayoutsTest(t)
	loc := a.loc
	d := payFirst(t, s, "")
	if got := d.receiver.Text; got != s.groups[0].group.Leader {
		t.Errorf("received by %q, want the leader %q", got, s.groups[0].group.Leader)
	}

	// More than is due: refused under the amount, nothing asked or paid.
	d.amount.entry.SetText(loc.Amount(350_001))
	test.Tap(d.next)
	if msg := d.form.byID["settlement.amount"].msg; !msg.Visible() || msg.Text == "" {
		t.Fatalf("paying more than due says %q under the amount", msg.Text)
	}
	if d.confirm != nil || store.calls != 0 {
		t.Fatalf("an overpayment was asked or sent (%d calls)", store.calls)
	}
	// Nothing, and no receiver: each said under its field.
	d.amount.entry.SetText("0")
	d.receiver.SetText("")
	test.Tap(d.next)
	for _, f := range []string{"settlement.amount", "settlement.received_by"} {
		if msg := d.form.byID[f].msg; !msg.Visible() {
			t.Errorf("%s says nothing", f)
		}
	}

	// 200.000 of the 350.000: the confirmation names payee and amount; two clicks pay once.
	d.amount.entry.SetText("200.000")
	d.receiver.SetText("Nguyễn Văn Tổ")
	test.Tap(d.next)
	if d.confirm == nil {
		t.Fatal("Pay asked nothing")
	}
	test.Tap(d.ok)
	test.Tap(d.ok)
	a.Wait()
	if store.calls != 1 || len(store.payments) != 1 {
		t.Fatalf("two clicks made %d calls, %d payments", store.calls, len(store.payments))
	}
	if p := store.payments[0]; p.Amount != 200_000 || p.ReceivedBy != "Nguyễn Văn Tổ" || !p.PaidOn.Equal(s.list.Date) {
		t.Errorf("paid %+v", p)
	}
	if x := store.payables[0]; x.Due != 150_000 {
		t.Errorf("due after paying 200.000 of 350.000: %d", x.Due)
	}
	shown := payoutsText(s.body)
	if !strings.Contains(shown, loc.Amount(150_000)) || !strings.Contains(shown, "PC-001") {
		t.Errorf("the part does not show the 150.000 left and receipt PC-001:\n%s", shown)
	}
	// The day's summary takes the payment out of the cash.
	if !strings.Contains(s.summary.String(), loc.Money(200_000)) {
		t.Errorf("the summary %q does not show the 200.000 paid", s.summary.String())
	}
}

func TestPayoutsReversalNeedsAReason(t *testing.T) {
	a, store, s := newPayoutsTest(t)
	d := payFirst(t, s, "100.000")
	test.Tap(d.next)
	test.Tap(d.ok)
	a.Wait()
	b := s.payouts.reverseButtons[1]
	if b == nil || b.Disabled() {
		t.Fatal("no Reverse on the day's payment")
	}
	test.Tap(b)
	s.payouts.reverseSave()
	a.Wait()
	if msg := s.payouts.reverseForm.byID["settlement.reason"].msg; !msg.Visible() {
		t.Fatal("a reversal without a reason says nothing")
	}
	if store.payments[0].Reversed {
		t.Fatal("reversed without a reason")
	}
	s.payouts.reverseReason.SetText("wrong group")
	s.payouts.reverseSave()
	a.Wait()
	if !store.payments[0].Reversed || store.payables[0].Due != 350_000 {
		t.Fatalf("after the reversal: %+v, due %d", store.payments[0], store.payables[0].Due)
	}
	if len(s.payouts.reverseButtons) != 0 {
		t.Errorf("a reversed payment can be reversed again")
	}
}

// The teller pays; a controller reverses; a credit officer does neither: the buttons of what
// a user may not do are there but disabled.
func TestPayoutsPayIsTheTellersAndReverseTheControllers(t *testing.T) {
	for _, c := range []struct {
		user         string
		pay, reverse bool
	}{{"giaodich", true, false}, {"ketoan", false, true}, {"tindung", false, false}} {
		t.Run(c.user, func(t *testing.T) {
			a, store := appAs(t, "vi", c.user, "txday")
			s := a.currentScreen().(*txDayScreen)
			fake := &payoutsStore{Store: store}
			a.store = fake
			s.refresh()
			a.Wait()
			if !s.loaded || len(s.groups) == 0 {
				t.Fatal("the first point's day did not open")
			}
			a.settings.WorkingDate = s.list.Date // the day is not ahead
			g := s.groups[0].group
			fake.payables = []data.Payable{{Kind: data.PayeeGroup, GroupID: g.ID, Code: g.Code, Name: g.Name,
				Leader: g.Leader, Months: []data.Month{{Year: 2026, Month: 10}}, Settled: 90_000, Paid: 10_000, Due: 80_000}}
			fake.payments = []data.SettlementPayment{{ID: 7, PointID: s.list.PointID, Kind: data.PayeeGroup, GroupID: g.ID,
				PaidOn: s.list.Date, Amount: 10_000, Ref: "PC-007", ReceivedBy: g.Leader, User: "giaodich"}}
			s.loadPayouts()
			a.Wait()
			s.groupList.Select(s.payoutsIndex())
			a.Wait()
			pay := s.payouts.payButtons[payeeKey(data.PayeeGroup, g.ID, 0, "")]
			rev := s.payouts.reverseButtons[7]
			if pay == nil || rev == nil {
				t.Fatalf("Pay %v, Reverse %v", pay, rev)
			}
			if pay.Disabled() == c.pay || rev.Disabled() == c.reverse {
				t.Errorf("%s: Pay enabled %v, Reverse enabled %v; want %v, %v", c.user, !pay.Disabled(), !rev.Disabled(), c.pay, c.reverse)
			}
		})
	}
}

func TestPayoutsPayAllPaysEveryDueOnceAfterOneQuestion(t *testing.T) {
	a, store, s := newPayoutsTest(t)
	if s.payouts.payAllButton == nil || s.payouts.payAllButton.Disabled() {
		t.Fatal("no Pay all with two payees owed")
	}
	test.Tap(s.payouts.payAllButton)
	if store.calls != 0 || s.payouts.payAllOK == nil {
		t.Fatal("Pay all paid before asking")
	}
	test.Tap(s.payouts.payAllOK)
	test.Tap(s.payouts.payAllOK)
	a.Wait()
	if store.calls != 2 || len(store.payments) != 2 {
		t.Fatalf("Pay all made %d calls, %d payments; want 2", store.calls, len(store.payments))
	}
	for _, x := range store.payables {
		if x.Due != 0 {
			t.Errorf("%s still owed %d", x.Code, x.Due)
		}
	}
	if got := store.payments[1].ReceivedBy; got != a.loc.Association("HND") {
		t.Errorf("the association's share received by %q", got)
	}
	if s.payouts.payAllButton != nil {
		t.Errorf("Pay all is still offered with nothing due")
	}
}

// payoutsText is the text of the labels and rich texts o shows, a line each.
func payoutsText(o fyne.CanvasObject) string {
	var out []string
	walk(o, func(x fyne.CanvasObject) {
		switch w := x.(type) {
		case *widget.Label:
			if w.Visible() && w.Text != "" {
				out = append(out, w.Text)
			}
		case payoutsCell:
			if w.Visible() {
				out = append(out, w.String())
			}
		}
	})
	return strings.Join(out, "\n")
}
