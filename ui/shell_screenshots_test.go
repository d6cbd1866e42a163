package ui

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/data/sqlite"
)

// screenshotDialog is one dialog `make screenshots` photographs into docs/screenshots/dialogs:
// open opens it on the window of a demo office (an empty office when empty) showing screen.
// A new dialog is one more line here: its name (the file's first word), the screen it opens
// from and the function that opens it the way a clerk would.
type screenshotDialog struct {
	name, screen string
	empty        bool
	open         func(t *testing.T, a *App)
}

var screenshotDialogs = []screenshotDialog{
	// The welcome of an office with no data yet, and the first start's choice.
	{name: "welcome", empty: true, open: func(*testing.T, *App) {}},
	{name: "firstrun", empty: true, open: func(_ *testing.T, a *App) { a.askNewOffice() }},
	{name: "welcome-demo", empty: true, open: func(_ *testing.T, a *App) { a.askDemo() }},
	// The collect dialog of an active loan, the amount typed.
	{name: "collect", screen: "loans", open: func(t *testing.T, a *App) {
		s := a.currentScreen().(*loansScreen)
		s.openContract(activeContract(t))
		a.Wait()
		s.detail.collectDialog()
		a.Wait()
		if s.action != nil {
			if m := s.action.moneys["payment.amount"]; m != nil {
				test.Type(m.entry, "3tr")
			}
		}
	}},
	// The receipt offered once the payment is saved.
	{name: "receipt-offer", screen: "loans", open: func(t *testing.T, a *App) {
		s := a.currentScreen().(*loansScreen)
		s.openContract(activeContract(t))
		a.Wait()
		s.detail.collectDialog()
		a.Wait()
		if s.action != nil {
			test.Type(s.action.moneys["payment.amount"].entry, "3tr")
			a.Wait()
			s.action.save()
		}
	}},
	// Post the day pressed on the working date's list, the cash counted: the confirmation.
	{name: "post-day", screen: "txday", open: func(_ *testing.T, a *App) {
		s := a.currentScreen().(*txDayScreen)
		s.date.SetText(a.loc.Date(a.workingDate()))
		s.load()
		a.Wait()
		settle(s)
		test.Tap(s.postBtn)
	}},
	// The day once posted: its batch, never a list waiting to be posted again.
	{name: "posted-day", screen: "txday", open: func(t *testing.T, a *App) {
		s := a.currentScreen().(*txDayScreen)
		s.date.SetText(a.loc.Date(a.workingDate()))
		s.load()
		a.Wait()
		settle(s)
		s.post()
		confirmPost(t, s)
		a.Wait()
	}},
	// Another PC posted the day this clerk is typing: the notice above the kept typing.
	{name: "changed-elsewhere", screen: "txday", open: func(t *testing.T, a *App) {
		s := a.currentScreen().(*txDayScreen)
		s.date.SetText(a.loc.Date(a.workingDate()))
		s.load()
		a.Wait()
		a.noteMarker()
		a.Wait()
		other, err := sqlite.Open(a.store.Path())
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		postElsewhere(t, s, other)
		s.entries[0][colDeposit].SetText("")
		test.Type(s.entries[0][colDeposit], "50000")
		a.checkChanges()
		a.Wait()
	}},
	// A drop-down of many choices: the group leader's, searched without accents.
	{name: "picker", screen: "groups", open: func(_ *testing.T, a *App) {
		s := a.currentScreen().(*groupsScreen)
		a.Wait()
		s.tabs.SelectIndex(groupTabDetails)
		test.Tap(s.leader)
		if s.leader.picker != nil {
			test.Type(s.leader.picker.entry, "thi")
		}
	}},
	// A new rate for program 01 filled in and added: what follows.
	{name: "new-rate", screen: "programs", open: func(_ *testing.T, a *App) {
		s := a.currentScreen().(*programsScreen)
		for i, p := range s.programs {
			if p.Code == "01" {
				s.table.Select(widget.TableCellID{Row: i, Col: 0})
			}
		}
		a.Wait()
		test.Type(s.effective, a.loc.Date(a.workingDate().AddDays(1)))
		test.Type(s.rate, "0,5")
		test.Type(s.decision, "QĐ 05/2026")
		s.addRate()
	}},
	// Reports after saving the office summary: Open and Open folder.
	{name: "report-saved", screen: "reports", open: func(t *testing.T, a *App) {
		a.opts.ReportsDir = t.TempDir()
		s := a.currentScreen().(*reportsScreen)
		s.kind.SetSelected(a.loc.T("summary.office.title"))
		a.Wait()
		test.Tap(s.buildBtn)
	}},
}

// activeContract is the contract of an active loan of the small demo office.
func activeContract(t *testing.T) string {
	for _, l := range smallOffice().Loans {
		if l.Status == data.LoanActive {
			return l.Contract
		}
	}
	t.Fatal("the demo office has no active loan")
	return ""
}

// TestScreenshotDialogs writes the dialogs of screenshotDialogs, drawn by Fyne's test driver,
// as PNG files into the folder POLICYCREDIT_SCREENSHOTS names (`make screenshots` sets it),
// named <dialog>-<lang>-<w>x<h>.png, at 1366×768 and 1024×768 in each language of
// POLICYCREDIT_SCREENSHOT_LANGS (vi en fr); POLICYCREDIT_SCREENSHOT_DIALOGS picks dialogs by
// name ("all" or empty: every one). Without the folder it does nothing.
func TestScreenshotDialogs(t *testing.T) {
	dir := os.Getenv("POLICYCREDIT_SCREENSHOTS")
	if dir == "" {
		t.Skip("POLICYCREDIT_SCREENSHOTS names no folder")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	langs := strings.Fields(os.Getenv("POLICYCREDIT_SCREENSHOT_LANGS"))
	if len(langs) == 0 {
		langs = []string{"vi", "en", "fr"}
	}
	only := map[string]bool{}
	for _, n := range strings.Fields(os.Getenv("POLICYCREDIT_SCREENSHOT_DIALOGS")) {
		if n != "all" {
			only[n] = true
		}
	}
	for _, d := range screenshotDialogs {
		if len(only) > 0 && !only[d.name] {
			continue
		}
		for _, lang := range langs {
			for _, size := range []fyne.Size{{Width: 1366, Height: 768}, {Width: 1024, Height: 768}} {
				var a *App
				if d.empty {
					a, _ = newTestApp(t, lang, d.screen)
				} else {
					a, _ = newDemoApp(t, lang, d.screen)
				}
				a.win.Resize(size)
				a.Wait()
				d.open(t, a)
				a.Wait()
				path := filepath.Join(dir, fmt.Sprintf("%s-%s-%.0fx%.0f.png", d.name, lang, size.Width, size.Height))
				if err := writeWindowPNG(a.win, path); err != nil {
					t.Fatal(err)
				}
				t.Log(path)
			}
		}
	}
}

// writeWindowPNG draws the window, its dialogs on top, as the software painter does: the test
// driver's own windows have no painter.
func writeWindowPNG(w fyne.Window, path string) error {
	c := software.NewCanvas()
	c.SetPadded(w.Canvas().(test.WindowlessCanvas).Padded())
	c.SetContent(w.Content())
	for _, o := range w.Canvas().Overlays().List() {
		c.Overlays().Add(o)
	}
	c.Resize(w.Canvas().Size())
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, c.Capture()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
