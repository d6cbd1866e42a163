package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"policycredit/data"
	"policycredit/translations"
)

// pickerWindow shows one choice among n villages, the last ones with Vietnamese names.
func pickerWindow(t *testing.T, n int) (*choice, *int, fyne.Window) {
	t.Helper()
	options := []string{"Hoằng Lộc · Hoằng Hóa", "Đông Sơn · Thiệu Hóa", "Hoàng Sơn · Nông Cống"}
	for i := len(options); i < n; i++ {
		options = append(options, fmt.Sprintf("Thôn %d · Xã Quảng Phú", i))
	}
	changed := 0
	s := newSelect(translations.New("fr"), options[:n], func(string) { changed++ })
	w := test.NewWindow(s)
	w.Resize(fyne.NewSize(600, 500))
	t.Cleanup(w.Close)
	return s, &changed, w
}

func TestLongPickerFiltersWithoutDiacriticsAndPicksOnce(t *testing.T) {
	s, changed, w := pickerWindow(t, 197)
	test.Tap(s)
	p := s.picker
	if p == nil || w.Canvas().Overlays().Top() == nil {
		t.Fatal("tapping a choice of 197 villages opened no search list")
	}
	if w.Canvas().Focused() != p.entry {
		t.Fatal("the search box of the list is not focused: the clerk could not type at once")
	}
	test.Type(p.entry, "hoang")
	var got []string
	for _, i := range p.matches {
		got = append(got, p.options[i])
	}
	// "hoang" folds "Hoằng" and "Hoàng" alike; "đông", "thôn" do not hold it.
	if len(got) != 2 || got[0] != "Hoằng Lộc · Hoằng Hóa" || got[1] != "Hoàng Sơn · Nông Cống" {
		t.Fatalf(`"hoang" finds %q, want the two villages named Hoằng/Hoàng`, got)
	}
	test.Type(p.entry, " noNg") // every word, any case, any order
	if len(p.matches) != 1 || p.options[p.matches[0]] != "Hoàng Sơn · Nông Cống" {
		t.Fatalf(`"hoang nong" finds %d villages, want Hoàng Sơn only`, len(p.matches))
	}
	p.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if s.Selected != "Hoàng Sơn · Nông Cống" || *changed != 1 {
		t.Fatalf("Enter picked %q and ran OnChanged %d times, want Hoàng Sơn once", s.Selected, *changed)
	}
	if s.picker != nil || w.Canvas().Overlays().Top() != nil && w.Canvas().Overlays().Top().Visible() {
		t.Fatal("the list stays open after a pick")
	}
}

func TestLongPickerArrowsMoveAndEscapeChangesNothing(t *testing.T) {
	s, changed, w := pickerWindow(t, 40)
	s.SetSelected("Thôn 7 · Xã Quảng Phú")
	*changed = 0
	test.Tap(s)
	p := s.picker
	if p.options[p.matches[p.cursor]] != "Thôn 7 · Xã Quảng Phú" {
		t.Fatalf("the list opens on %q, not the village chosen", p.options[p.matches[p.cursor]])
	}
	p.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	p.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	p.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	test.Type(p.entry, "zzz") // nothing matches: Enter must not pick
	p.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !p.none.Visible() || *changed != 0 {
		t.Fatalf("a search that finds nothing: message shown %v, OnChanged ran %d times", p.none.Visible(), *changed)
	}
	p.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if s.Selected != "Thôn 7 · Xã Quảng Phú" || *changed != 0 || s.picker != nil {
		t.Fatalf("Esc left %q selected, OnChanged ran %d times, list open %v", s.Selected, *changed, s.picker != nil)
	}
	if w.Canvas().Focused() != s {
		t.Fatal("after Esc the keyboard is not back on the choice")
	}
	// With the mouse: a tap on a row of the list picks it.
	test.Tap(s)
	test.Type(s.picker.entry, "thon 12")
	s.picker.list.Select(0)
	if s.Selected != "Thôn 12 · Xã Quảng Phú" || *changed != 1 || s.picker != nil {
		t.Fatalf("tapping a row picked %q (%d changes)", s.Selected, *changed)
	}
	*changed = 0
	// From the keyboard: Down opens the list, it moves to the next village, Enter picks it.
	s.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	p = s.picker
	p.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	p.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnter})
	if s.Selected != "Thôn 13 · Xã Quảng Phú" || *changed != 1 {
		t.Fatalf("Down, Enter picked %q (%d changes), want Thôn 13 once", s.Selected, *changed)
	}
}

func TestShortPickerStaysAPlainMenu(t *testing.T) {
	s, _, w := pickerWindow(t, 15)
	test.Tap(s)
	if s.picker != nil {
		t.Fatal("a choice of 15 options opened the search list, not the plain menu")
	}
	if w.Canvas().Overlays().Top() == nil {
		t.Fatal("tapping a short choice opened no menu")
	}
	s.Disable()
	long, _, _ := pickerWindow(t, 16)
	long.Disable()
	test.Tap(long)
	if long.picker != nil {
		t.Fatal("a disabled choice opened its list")
	}
}

// The Groups screen's leader picker (a group's 20 to 55 members), in French, finds a member
// typed without accents, and picking changes the leader in the form only.
func TestGroupsLeaderPickerFiltersInFrench(t *testing.T) {
	a, _ := newDemoApp(t, "fr", "groups")
	s := a.currentScreen().(*groupsScreen)
	a.Wait()
	v := s.leader
	if len(v.Options) <= filterAbove {
		t.Fatalf("the group's leader picker offers %d members: too few to test the search list", len(v.Options))
	}
	s.tabs.SelectIndex(groupTabDetails)
	before := v.Selected
	want := v.Options[len(v.Options)-1]
	if want == before {
		want = v.Options[len(v.Options)-2]
	}
	folded := data.Fold(want)
	test.Tap(v)
	if v.picker == nil {
		t.Fatalf("the leader picker of %d members opened no search list", len(v.Options))
	}
	test.Type(v.picker.entry, folded)
	if len(v.picker.matches) != 1 || v.picker.options[v.picker.matches[0]] != want {
		t.Fatalf("typing %q finds %d members, want %q alone", folded, len(v.picker.matches), want)
	}
	v.picker.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if v.Selected != want {
		t.Fatalf("the leader picked is %q, want %q", v.Selected, want)
	}
}
