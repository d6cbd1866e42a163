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

// overlayButton finds a button of the top overlay (a dialog) by its text, and the overlay's text.
func overlayButton(t *testing.T, a *App, text string) (*widget.Button, string) {
	t.Helper()
	top := a.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is shown")
	}
	var found *widget.Button
	var all strings.Builder
	walk(top, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Button:
			if x.Text == text {
				found = x
			}
		case *widget.Label:
			all.WriteString(x.Text + "\n")
		}
	})
	if found == nil {
		t.Fatalf("the dialog has no %q button:\n%s", text, all.String())
	}
	return found, all.String()
}

func TestTxDayAheadIsListedAndPrintedNotPosted(t *testing.T) {
	a, store, s := newTxDayTest(t)
	pinTestWorkingDate(t, a, store, s.list.Date.AddDays(-1))
	s.load()
	a.Wait()
	if !s.postBtn.Disabled() || !s.aheadMsg.Visible() || !strings.Contains(s.aheadMsg.Text, a.loc.Date(s.list.Date)) {
		t.Fatalf("a day ahead: post disabled %v, message %q", s.postBtn.Disabled(), s.aheadMsg.Text)
	}
	settle(s)
	s.post()
	a.Wait()
	if b, _ := store.CollectionBatches(context.Background(), s.list.PointID); len(b) != 0 {
		t.Fatalf("%d batches posted ahead of the day", len(b))
	}
	s.print() // printed ahead all the same
	a.Wait()

	// On the day itself it posts.
	pinTestWorkingDate(t, a, store, s.list.Date)
	s.load()
	a.Wait()
	if s.postBtn.Disabled() || s.aheadMsg.Visible() {
		t.Errorf("on the day: post disabled %v, message %q", s.postBtn.Disabled(), s.aheadMsg.Text)
	}
}

func TestTxDayFilePostedTwiceIsPostedAgainOnlyWithAReason(t *testing.T) {
	a, store, s := newTxDayTest(t)
	ctx := context.Background()
	file := data.SourceFile{SHA256: data.FileSHA256([]byte("danh sách thu đã điền")), Name: "thu.csv"}
	s.source = file // as "Import filled CSV" leaves it
	settle(s)
	s.post()
	confirmPost(t, s)
	a.Wait()
	if b, _ := store.CollectionBatches(ctx, s.list.PointID); len(b) != 1 {
		t.Fatalf("first post: %d batches", len(b))
	}

	// The same file read again: refused, the batch named, "Post again" offered.
	s.source = file
	s.groups[0].rows[0].values[colDeposit] = a.loc.Amount(50_000)
	settle(s)
	s.post()
	confirmPost(t, s)
	a.Wait()
	again, text := overlayButton(t, a, a.loc.T("txday.post_again"))
	batches, _ := store.CollectionBatches(ctx, s.list.PointID)
	if len(batches) != 1 || !strings.Contains(text, batches[0].Ref) {
		t.Fatalf("the refusal does not name batch %v:\n%s", batches, text)
	}
	test.Tap(again) // no reason: nothing posted
	a.Wait()
	if b, _ := store.CollectionBatches(ctx, s.list.PointID); len(b) != 1 {
		t.Fatalf("posted again without a reason: %d batches", len(b))
	}
	var reason *keyEntry
	walk(a.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if e, ok := o.(*keyEntry); ok {
			reason = e
		}
	})
	if reason == nil {
		t.Fatal("the dialog asks for no reason")
	}
	if _, text := overlayButton(t, a, a.loc.T("txday.post_again")); !strings.Contains(text, a.loc.Error(data.Invalid("post.reason", "required"))) {
		t.Errorf("no message under the reason:\n%s", text)
	}
	test.Type(reason, "Thu bổ sung tiền gửi")
	test.Tap(again)
	confirmPost(t, s)
	a.Wait()
	if b, _ := store.CollectionBatches(ctx, s.list.PointID); len(b) != 2 {
		t.Fatalf("posted again with a reason: %d batches", len(b))
	}
	if audits, _ := store.Audit(ctx, "posted_file", ""); len(audits) != 1 || !strings.Contains(audits[0].After, "Thu bổ sung tiền gửi") {
		t.Errorf("audit %+v", audits)
	}
}

func TestReportsScreenClosesAMonthAfterSayingWhatItMeans(t *testing.T) {
	a, store := newDemoApp(t, "en", "reports")
	s, ok := a.currentScreen().(*reportsScreen)
	if !ok {
		t.Fatalf("--screen reports opened %T", a.currentScreen())
	}
	s.refresh()
	a.Wait()
	c := s.closing
	if c.status.String() != a.loc.T("closing.none_closed") {
		t.Errorf("status %q", c.status.String())
	}
	c.month.SetText("2026-13")
	test.Tap(c.close)
	a.Wait()
	c.month.SetText("2026-10")
	test.Tap(c.close)
	closeNow, text := overlayButton(t, a, a.loc.T("closing.close_now"))
	if !strings.Contains(text, "2026-10") || !strings.Contains(text, a.loc.Date(data.MustDate("2026-10-31"))) {
		t.Errorf("the confirmation says:\n%s", text)
	}
	if m, _ := store.ClosedThrough(context.Background()); !m.IsZero() {
		t.Fatal("closed before the confirmation")
	}
	test.Tap(closeNow)
	a.Wait()
	if m, _ := store.ClosedThrough(context.Background()); m.String() != "2026-10" {
		t.Fatalf("closed through %v", m)
	}
	if !strings.Contains(c.status.String(), "2026-10") || c.close.Disabled() {
		t.Errorf("after closing: status %q, button disabled %v", c.status.String(), c.close.Disabled())
	}
}
