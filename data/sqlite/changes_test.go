package sqlite

import (
	"testing"

	"policycredit/data"
)

// The change marker moves when another handle on the same office commits a change, on both
// engines, and stays put when nothing was written.
func TestChangeMarkerSeesAnotherHandlesWrite(t *testing.T) {
	onEachEngine(t, func(t *testing.T, s *Store, addr string) {
		before, err := s.ChangeMarker(userCtx)
		must(t, err)
		if before == "" {
			t.Fatal("empty marker")
		}
		again, err := s.ChangeMarker(userCtx)
		must(t, err)
		if again != before {
			t.Errorf("the marker moved without a write: %q then %q", before, again)
		}
		other := openTest(t, addr)
		must(t, other.SaveCommune(userCtx, &data.Commune{Code: "27001", Name: "Xã Tân Lập"}))
		after, err := s.ChangeMarker(userCtx)
		must(t, err)
		if after == before {
			t.Errorf("the marker did not move after another handle's write: %q", after)
		}
	})
}
