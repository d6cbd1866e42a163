package sqlite

import (
	"context"
	"testing"

	"policycredit/data"
)

// The bench office's point 1 serves one commune: 830 households with a loan each, about
// 66,000 entries, 17 groups — the size of the largest commune of the "large" office.

func BenchmarkCollectionListPoint(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	for b.Loop() {
		list, err := s.CollectionList(ctx, 1, benchOn)
		if err != nil || list.Totals.Members == 0 {
			b.Fatal(list.Totals, err)
		}
	}
}

// benchRows is the point's list filled in as due, per group.
func benchRows(b *testing.B, s *Store) (data.CollectionList, [][]data.CollectionEntry) {
	list, err := s.CollectionList(context.Background(), 1, benchOn)
	if err != nil {
		b.Fatal(err)
	}
	var rows [][]data.CollectionEntry
	for _, g := range list.Groups {
		var gr []data.CollectionEntry
		for _, m := range g.Members {
			gr = append(gr, data.CollectionEntry{Customer: m.Customer, Collected: data.Collected{Dues: m.Due, Deposit: 20_000}})
		}
		rows = append(rows, gr)
	}
	return list, rows
}

// benchPost posts rows as one batch, then reverses it outside the timer so that every round
// posts onto the same ledger.
func benchPost(b *testing.B, rows []data.CollectionEntry) {
	s := benchStore(b)
	ctx := context.Background()
	for b.Loop() {
		ref, err := s.PostCollection(ctx, data.CollectionBatch{PointID: 1, Date: benchOn, Entries: rows})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := s.ReverseCollection(ctx, ref, "benchmark"); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

func BenchmarkCollectionPostGroup(b *testing.B) {
	_, rows := benchRows(b, benchStore(b))
	b.ResetTimer()
	benchPost(b, rows[0])
	b.ReportMetric(float64(len(rows[0])), "rows")
}

func BenchmarkCollectionPostPoint(b *testing.B) {
	_, groups := benchRows(b, benchStore(b))
	var rows []data.CollectionEntry
	for _, g := range groups {
		rows = append(rows, g...)
	}
	b.ResetTimer()
	benchPost(b, rows)
	b.ReportMetric(float64(len(rows)), "rows")
}

// BenchmarkCollectionLargeOffice runs on a copy of a "large" demo office made with
// `policycredit --db FILE demo --scale large`, named by POLICYCREDIT_BENCH_LARGE_DB, at its
// point with the most households; it is skipped without one (generating it takes minutes).
func BenchmarkCollectionLargeOffice(b *testing.B) {
	s := largeOfficeCopy(b)
	var err error
	ctx := context.Background()
	var pointID int64
	var day int
	err = s.db.QueryRow(`SELECT p.id, p.day FROM points p JOIN point_villages pv ON pv.point_id = p.id
		JOIN savings_groups g ON g.village_id = pv.village_id JOIN borrowers b ON b.group_id = g.id
		GROUP BY p.id ORDER BY count(*) DESC LIMIT 1`).Scan(&pointID, &day)
	if err != nil {
		b.Fatal(err)
	}
	on := data.NextPointDay(day, data.MustDate("2026-11-20"))
	list, err := s.CollectionList(ctx, pointID, on)
	if err != nil {
		b.Fatal(err)
	}
	rowsOf := func(groups []data.CollectionGroup) []data.CollectionEntry {
		var rows []data.CollectionEntry
		for _, g := range groups {
			for _, m := range g.Members {
				rows = append(rows, data.CollectionEntry{Customer: m.Customer, Collected: data.Collected{Dues: m.Due}})
			}
		}
		return rows
	}
	post := func(b *testing.B, rows []data.CollectionEntry) {
		for b.Loop() {
			ref, err := s.PostCollection(ctx, data.CollectionBatch{PointID: pointID, Date: on, Entries: rows})
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if err := s.ReverseCollection(ctx, ref, "benchmark"); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		b.ReportMetric(float64(len(rows)), "rows")
	}
	b.Run("list_point", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.CollectionList(ctx, pointID, on); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(list.Totals.Members), "members")
	})
	b.Run("post_group", func(b *testing.B) { post(b, rowsOf(list.Groups[:1])) })
	b.Run("post_point", func(b *testing.B) { post(b, rowsOf(list.Groups)) })
}
