package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"policycredit/data"
	"policycredit/data/sqlite"
	"policycredit/translations"
)

// settledDay settles the month before the open day's on store (as ctx's user) and opens the
// day again, the commissions and fees part shown: the first group leader owed something.
func settledDay(t *testing.T, ctx context.Context, a *App, store *sqlite.Store, s *txDayScreen) data.Payable {
	t.Helper()
	month := data.MonthOf(s.list.Date).Prev()
	if _, err := store.Settle(ctx, month); err != nil {
		t.Fatalf("settling %s: %v", month, err)
	}
	s.load()
	a.Wait()
	s.groupList.Select(s.payoutsIndex())
	a.Wait()
	p := &s.payouts
	if !p.loaded || p.err != nil {
		t.Fatalf("the part read nothing: %v", p.err)
	}
	for _, x := range p.payables {
		if x.Kind == data.PayeeGroup && x.Due >= 2 {
			return x
		}
	}
	t.Fatalf("no group leader is owed anything at %s after settling %s: %+v", s.list.PointCode, month, p.payables)
	return data.Payable{}
}

// payableOf reads a payee's payable again from the store.
func payableOf(t *testing.T, store *sqlite.Store, s *txDayScreen, x data.Payable) data.Payable {
	t.Helper()
	ps, err := store.SettlementPayables(context.Background(), s.list.PointID, s.list.Date)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if payableKey(p) == payableKey(x) {
			return p
		}
	}
	t.Fatalf("%s is no longer listed", x.Code)
	return data.Payable{}
}

func TestTxDayPaysPartOfACommissionOnceAndTheRestStaysDue(t *testing.T) {
	a, store, s := newTxDayTest(t)
	loc := a.loc
	x := settledDay(t, data.WithUser(context.Background(), "test"), a, store, s)
	if !strings.Contains(s.groupLine(s.payoutsIndex()), loc.Money(mustDue(s))) {
		t.Errorf("the group list says %q", s.groupLine(s.payoutsIndex()))
	}
	test.Tap(s.payouts.payButtons[payableKey(x)])
	d := s.payouts.pay
	if d == nil {
		t.Fatal("Pay opened no dialog")
	}
	if d.amount.entry.Text != loc.Amount(x.Due) || d.receiver.Text != x.Leader {
		t.Errorf("the payment proposes %q to %q, want the %s due to the leader %q", d.amount.entry.Text, d.receiver.Text,
			loc.Amount(x.Due), x.Leader)
	}

	// More than is due: refused under the amount, naming it, and nothing paid.
	d.amount.entry.SetText(loc.Amount(x.Due + 1))
	test.Tap(d.next)
	msg := d.form.byID["settlement.amount"].msg
	if !msg.Visible() || !strings.Contains(msg.Text, loc.Field("settlement.amount")) || !strings.Contains(msg.Text, loc.Money(x.Due)) {
		t.Fatalf("paying more than due says %q under the amount", msg.Text)
	}
	if d.confirm != nil {
		t.Fatal("an overpayment was asked for confirmation")
	}

	// Half of it, with two clicks on Pay: one payment, the rest still due.
	part := x.Due / 2
	d.amount.entry.SetText(loc.Amount(part))
	test.Tap(d.next)
	if d.confirm == nil {
		t.Fatal("Pay asked nothing")
	}
	test.Tap(d.ok)
	test.Tap(d.ok)
	a.Wait()
	payments, err := store.SettlementPayments(context.Background(), s.list.PointID, s.list.Date)
	if err != nil {
		t.Fatal(err)
	}
	if len(payments) != 1 || payments[0].Amount != part || payments[0].ReceivedBy != x.Leader || payments[0].Ref == "" {
		t.Fatalf("two clicks paid %+v", payments)
	}
	if after := payableOf(t, store, s, x); after.Due != x.Due-part || after.Paid != part {
		t.Errorf("after paying %d of %d: paid %d, due %d", part, x.Due, after.Paid, after.Due)
	}
	shown := strings.Join(texts(s.body), "\n")
	if !strings.Contains(shown, loc.Amount(x.Due-part)) || !strings.Contains(shown, payments[0].Ref) {
		t.Errorf("the part does not show the %s left and receipt %s:\n%s", loc.Amount(x.Due-part), payments[0].Ref, shown)
	}
	if !strings.Contains(s.summary.String(), loc.Money(part)) {
		t.Errorf("the day's summary %q does not take out the %s paid", s.summary.String(), loc.Money(part))
	}
	// The store itself refuses more than what is left, under the same field.
	over := &data.SettlementPayment{PointID: s.list.PointID, Kind: data.PayeeGroup, GroupID: x.GroupID, PaidOn: s.list.Date,
		Amount: x.Due - part + 1, ReceivedBy: x.Leader}
	if err := store.PaySettlement(context.Background(), over); data.ForField(err, "settlement.amount") == nil {
		t.Errorf("the store took more than is due: %v", err)
	}

	// Reversing it needs a reason; then the whole amount is due again.
	b := s.payouts.reverseButtons[payments[0].ID]
	if b == nil || b.Disabled() {
		t.Fatal("no Reverse on the day's payment")
	}
	test.Tap(b)
	s.payouts.reverseSave()
	a.Wait()
	if msg := s.payouts.reverseForm.byID["settlement.reason"].msg; !msg.Visible() {
		t.Fatal("a reversal without a reason says nothing")
	}
	if after := payableOf(t, store, s, x); after.Due != x.Due-part {
		t.Fatal("reversed without a reason")
	}
	s.payouts.reverseReason.SetText("paid to the wrong leader")
	s.payouts.reverseSave()
	a.Wait()
	if after := payableOf(t, store, s, x); after.Due != x.Due {
		t.Errorf("after the reversal %d is due, want %d", after.Due, x.Due)
	}
	if len(s.payouts.reverseButtons) != 0 {
		t.Errorf("a reversed payment can be reversed again")
	}
}

// mustDue is what the part says is due in all.
func mustDue(s *txDayScreen) data.Dong {
	d, _ := s.payouts.due()
	return d
}

func TestTxDayPayoutsSayWhatToDoBeforeAnyMonthIsSettled(t *testing.T) {
	a, _, s := newTxDayTest(t)
	s.groupList.Select(s.payoutsIndex())
	a.Wait()
	if got, want := strings.Join(texts(s.body), "\n"), a.loc.T("settlepay.empty"); !strings.Contains(got, want) {
		t.Errorf("with no month settled the part shows %q", got)
	}
	if len(s.payouts.payButtons) != 0 {
		t.Errorf("Pay is offered with nothing settled")
	}
}

// The teller pays; a controller reverses; a credit officer does neither: the buttons are
// there, disabled, for those who may not.
func TestTxDayPayoutsPayIsTheTellersAndReverseTheControllers(t *testing.T) {
	for _, c := range []struct {
		user         string
		pay, reverse bool
	}{{"giaodich", true, false}, {"ketoan", false, true}, {"tindung", false, false}} {
		t.Run(c.user, func(t *testing.T) {
			a, store := appAs(t, "vi", c.user, "txday")
			s := a.currentScreen().(*txDayScreen)
			s.refresh()
			a.Wait()
			if !s.loaded || len(s.groups) == 0 {
				t.Fatal("the first point's day did not open")
			}
			// The day is the working date, after the month settled.
			a.settings.WorkingDate = s.list.Date
			ctx := sessionOf(t, store, "ketoan")
			set, err := store.Settings(ctx)
			if err != nil {
				t.Fatal(err)
			}
			set.WorkingDate = s.list.Date
			if err := store.SaveSettings(sessionOf(t, store, "giamdoc"), set); err != nil {
				t.Fatal(err)
			}
			x := settledDay(t, ctx, a, store, s)
			p := &data.SettlementPayment{PointID: s.list.PointID, Kind: data.PayeeGroup, GroupID: x.GroupID, PaidOn: s.list.Date,
				Amount: 1, ReceivedBy: "test"}
			if err := store.PaySettlement(sessionOf(t, store, "giaodich"), p); err != nil {
				t.Fatal(err)
			}
			s.loadPayouts()
			a.Wait()
			pay, rev := s.payouts.payButtons[payableKey(x)], s.payouts.reverseButtons[p.ID]
			if pay == nil || rev == nil {
				t.Fatalf("Pay %v, Reverse %v", pay, rev)
			}
			if pay.Disabled() == c.pay || rev.Disabled() == c.reverse {
				t.Errorf("%s: Pay enabled %v, Reverse enabled %v; want %v, %v", c.user, !pay.Disabled(), !rev.Disabled(), c.pay, c.reverse)
			}
		})
	}
}

func TestTxDayPayoutsCarryForwardAndPayAllPaysEachOnce(t *testing.T) {
	a, store, s := newTxDayTest(t)
	loc := a.loc
	ctx := data.WithUser(context.Background(), "test")
	earlier := data.MonthOf(s.list.Date).Prev().Prev()
	if _, err := store.Settle(ctx, earlier); err != nil {
		t.Fatal(err)
	}
	x := settledDay(t, ctx, a, store, s)
	// Two months settled and nothing paid: the leader's amount is carried from the earlier.
	carried := loc.T("settlepay.carried", "Month", loc.Month(earlier.First()))
	if len(x.Months) != 2 || !strings.Contains(strings.Join(texts(s.body), "\n"), carried) {
		t.Errorf("owed for %v, the part does not say %q", x.Months, carried)
	}

	due, payees := s.payouts.due()
	if s.payouts.payAllButton == nil || s.payouts.payAllButton.Disabled() {
		t.Fatalf("no Pay all with %d payees owed", payees)
	}
	test.Tap(s.payouts.payAllButton)
	if s.payouts.payAllOK == nil {
		t.Fatal("Pay all asked nothing")
	}
	if got, _ := store.SettlementPayments(ctx, s.list.PointID, s.list.Date); len(got) != 0 {
		t.Fatal("Pay all paid before asking")
	}
	test.Tap(s.payouts.payAllOK)
	test.Tap(s.payouts.payAllOK)
	a.Wait()
	payments, err := store.SettlementPayments(ctx, s.list.PointID, s.list.Date)
	if err != nil {
		t.Fatal(err)
	}
	var paid data.Dong
	for _, p := range payments {
		paid += p.Amount
	}
	if len(payments) != payees || paid != due {
		t.Errorf("Pay all made %d payments of %d in all; want %d of %d", len(payments), paid, payees, due)
	}
	if left, _ := s.payouts.due(); left != 0 || s.payouts.payAllButton != nil {
		t.Errorf("%d still due after Pay all", left)
	}
}

// Every state of the part and its dialogs speaks the window's language only.
func TestTxDayPayoutsShowOnlyLocalizedText(t *testing.T) {
	for _, lang := range translations.Languages() {
		t.Run(lang, func(t *testing.T) {
			a, store, s := newTxDayTestIn(t, lang)
			x := settledDay(t, data.WithUser(context.Background(), "test"), a, store, s)
			var refs []any
			check := func(state string) {
				t.Helper()
				c := newTextChecker(t, lang, append(testData(t, a), refs...)...)
				for _, leak := range c.leaks(windowTexts(a.win)) {
					t.Errorf("%s, %s: %s", lang, state, leak)
				}
			}
			check("payables")
			test.Tap(s.payouts.payButtons[payableKey(x)])
			d := s.payouts.pay
			d.amount.entry.SetText(a.loc.Amount(x.Due + 1))
			test.Tap(d.next)
			check("pay, too much")
			d.amount.entry.SetText(a.loc.Amount(x.Due / 2))
			test.Tap(d.next)
			check("pay, confirmation")
			test.Tap(d.ok)
			a.Wait()
			for _, p := range s.payouts.payments {
				refs = append(refs, p.Ref)
			}
			check("paid")
			for _, b := range s.payouts.reverseButtons {
				test.Tap(b)
			}
			s.payouts.reverseSave()
			check("reverse, no reason")
			closeOverlays(a)
			test.Tap(s.payouts.payAllButton)
			check("pay all")
		})
	}
}

// A posted day's figures take the commissions and fees paid out of the cash counted.
func TestTxDayPostedDayTakesThePayoutsOutOfTheCash(t *testing.T) {
	a, store, s := newTxDayTest(t)
	loc := a.loc
	x := settledDay(t, data.WithUser(context.Background(), "test"), a, store, s)
	test.Tap(s.payouts.payButtons[payableKey(x)])
	d := s.payouts.pay
	test.Tap(d.next)
	test.Tap(d.ok)
	a.Wait()
	settle(s)
	var counted data.Dong
	for _, g := range s.groups {
		counted += mustAmount(t, s, g.cash)
	}
	s.post()
	confirmPost(t, s)
	a.Wait()
	if s.posted == nil {
		t.Fatal("the day did not post")
	}
	if got := s.posted.report.PayoutTotal(); got != x.Due {
		t.Errorf("the day report's payouts %d, want the %d paid", got, x.Due)
	}
	shown := strings.Join(texts(s.center), "\n")
	for _, want := range []string{loc.T("settlepay.day_payouts"), loc.Money(x.Due), loc.T("settlepay.cash_after"), loc.Money(counted - x.Due)} {
		if !strings.Contains(shown, want) {
			t.Errorf("the posted day does not show %q:\n%s", want, shown)
		}
	}
}
