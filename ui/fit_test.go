package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// TestEveryScreenFitsA1024By768Screen: a district office's PC often has a 1024×768 screen, and a
// window wider than its content's minimum cannot be made narrower, so buttons and fields beyond
// the edge are out of reach. Every screen, with the small demo office's data and the
// transaction day's list open, must fit in every language; French is the longest.
func TestEveryScreenFitsA1024By768Screen(t *testing.T) {
	const width, height = 1024, 768
	for _, lang := range []string{"vi", "en", "fr"} {
		a, _ := newDemoApp(t, lang, "")
		for _, n := range a.items {
			a.Navigate(n.id)
			a.Wait()
			a.Wait() // the transaction day's first visit opens a list once the points are read
			if s, ok := a.currentScreen().(*txDayScreen); ok && !s.loaded {
				t.Fatalf("%s: the transaction day opened no list", lang)
			}
			if got := a.win.Content().MinSize(); got.Width > width || got.Height > height {
				t.Errorf("%s, %s: the window needs at least %.0f×%.0f", lang, n.id, got.Width, got.Height)
			}
		}
		// The new-loan form on a program counted per unit, and on the student plan.
		a.Navigate("loans")
		a.Wait()
		pressShortcut(a, fyne.KeyN)
		f := a.currentScreen().(*loansScreen).form
		for _, code := range []string{"06", "02"} {
			for _, o := range f.program.Options {
				if strings.HasPrefix(o, code+" ") {
					f.program.SetSelected(o)
				}
			}
			a.Wait()
			if got := a.win.Content().MinSize(); got.Width > width || got.Height > height {
				t.Errorf("%s, new loan on program %s: the window needs at least %.0f×%.0f", lang, code, got.Width, got.Height)
			}
		}
	}
}
