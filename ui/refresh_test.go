package ui

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"policycredit/data"
	"policycredit/data/sqlite"
)

// Another PC adds a commune while the clerk is typing a new one on the Places screen: when
// the window comes back to the front, the list shows the other PC's commune, and what the
// clerk typed is still there. Without a change, coming back reloads nothing.
func TestFocusShowsAnotherPCsChanges(t *testing.T) {
	path := filepath.Join(t.TempDir(), "office.db")
	a, _ := openTestApp(t, path, "vi", "places")
	s := a.currentScreen().(*placesScreen)
	s.commune.startNew()
	test.Type(s.commune.name, "Xã đang gõ")

	other, err := sqlite.Open(path) // the other PC's own connection to the office
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.SaveCommune(context.Background(), &data.Commune{Code: "27001", Name: "Xã Tân Lập"}); err != nil {
		t.Fatal(err)
	}
	if len(s.communes) != 0 {
		t.Fatalf("the list changed before the window came back: %+v", s.communes)
	}
	a.checkChanges()
	a.Wait()
	if len(s.communes) != 1 || s.communes[0].Name != "Xã Tân Lập" {
		t.Fatalf("after coming back the list shows %+v, want the other PC's commune", s.communes)
	}
	if got := s.commune.list.Length(); got != 1 {
		t.Errorf("the commune list has %d rows", got)
	}
	if s.commune.name.Text != "Xã đang gõ" {
		t.Errorf("the clerk's typing became %q", s.commune.name.Text)
	}

	// Nothing changed since: the screen is not reloaded (its list is left as it is).
	s.communes = nil
	a.checkChanges()
	a.Wait()
	if s.communes != nil {
		t.Errorf("coming back without a change reloaded the screen: %+v", s.communes)
	}
}
