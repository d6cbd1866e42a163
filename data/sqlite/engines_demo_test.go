package sqlite

import (
	"context"
	"reflect"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
	"policycredit/data/pgtest"
)

// demoOnBothEngines is the small demo office in a SQLite file (the reference) and the same
// office moved to a fresh PostgreSQL database, as `policycredit migrate` moves it.
func demoOnBothEngines(t *testing.T) (lite, pg *Store) {
	t.Helper()
	lite = newDemoStore(t)
	addr := pgtest.Database(t)
	if _, err := MoveOffice(context.Background(), lite, addr); err != nil {
		t.Fatalf("move the demo office to PostgreSQL: %v", err)
	}
	return lite, openTest(t, addr)
}

// sameOnBoth fails unless read gives the same figures, and no error, on both engines.
func sameOnBoth[T any](t *testing.T, what string, lite, pg *Store, read func(s *Store) (T, error)) {
	t.Helper()
	want, err := read(lite)
	if err != nil {
		t.Fatalf("%s on SQLite: %v", what, err)
	}
	got, err := read(pg)
	if err != nil {
		t.Errorf("%s on PostgreSQL: %v", what, err)
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s differs:\nSQLite     %+v\nPostgreSQL %+v", what, want, got)
	}
}

// The reads the district office's reports found failing or differing on PostgreSQL, on the
// small demo office moved there: each gives the figures SQLite gives.
func TestEnginesDemoReadsAgree(t *testing.T) {
	t.Parallel()
	lite, pg := demoOnBothEngines(t)
	ctx := context.Background()
	communes, err := lite.Communes(ctx)
	if err != nil || len(communes) < 2 {
		t.Fatalf("communes: %v %v", communes, err)
	}

	// Directive 40's review from a day inside the ledger: the savings on that day are summed
	// from the entries (SQLite's INDEXED BY hint, which PostgreSQL's grammar refused), and a
	// short period's turnover is summed per loan (the same).
	for _, from := range []string{"2025-01-01", "2026-09-01"} {
		for _, c := range []int64{0, communes[1].ID} {
			sameOnBoth(t, "review from "+from, lite, pg, func(s *Store) (data.Review, error) {
				return s.Directive40Review(ctx, c, data.MustDate(from), demo.Today)
			})
		}
	}

	// A transaction day's report with cash counted (the cash by group was grouped by a column
	// PostgreSQL does not take as deciding the group's code and name).
	list := busiestList(t, lite)
	g := list.Groups[0]
	rows, net := paidAsDue(g)
	for _, s := range []*Store{lite, pg} {
		if _, err := s.PostCollection(ctx, data.CollectionBatch{PointID: list.PointID, Date: list.Date, Entries: rows,
			Cash: map[int64]data.Dong{g.ID: net}}); err != nil {
			t.Fatalf("post the batch (PostgreSQL %v): %v", s.pg, err)
		}
	}
	sameOnBoth(t, "day report", lite, pg, func(s *Store) (data.DayReport, error) {
		r, err := s.DayReport(ctx, list.PointID, list.Date)
		counted := false
		for _, dg := range r.Groups {
			counted = counted || dg.HasCount && dg.Counted == net
		}
		if err == nil && !counted {
			t.Errorf("the day report shows no group's cash counted (PostgreSQL %v): %+v", s.pg, r.Groups)
		}
		return r, err
	})
}
