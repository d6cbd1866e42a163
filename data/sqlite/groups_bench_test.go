package sqlite

import (
	"context"
	"testing"

	"policycredit/data"
)

// BenchmarkGroupList: the Groups screen's list of the whole large office (1,000 groups) with
// each group's outstanding and overdue, and one group's members with their balances.
func BenchmarkGroupList(b *testing.B) {
	s := largeOfficeCopy(b)
	ctx := context.Background()
	on := data.MustDate("2026-11-20")
	groups, err := s.GroupList(ctx, data.GroupFilter{}, on)
	if err != nil || len(groups) == 0 {
		b.Fatal(len(groups), err)
	}
	b.Run("office", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.GroupList(ctx, data.GroupFilter{}, on); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(groups)), "groups")
	})
	b.Run("members", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.GroupMemberLines(ctx, groups[0].ID, on); err != nil {
				b.Fatal(err)
			}
		}
	})
}
