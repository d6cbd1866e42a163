package sqlite

import (
	"context"
	"testing"

	"policycredit/data/demo"
)

func TestGroupMembersListsTheGroupsHouseholds(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	if err := s.ImportDataset(ctx, demo.Generate(demo.Scales["small"], 1, demo.Today)); err != nil {
		t.Fatal(err)
	}
	groups, err := s.SearchGroups(ctx, "", 0)
	if err != nil || len(groups) == 0 {
		t.Fatalf("groups: %v %v", groups, err)
	}
	for _, g := range groups {
		members, err := s.groupMembers(ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		active := 0
		for _, m := range members {
			if m.GroupID != g.ID {
				t.Fatalf("group %s lists %s of group %d", g.Code, m.Code, m.GroupID)
			}
			if m.Active {
				active++
			}
		}
		if active != g.Members {
			t.Errorf("group %s: %d active members listed, the group counts %d", g.Code, active, g.Members)
		}
	}
	if none, err := s.groupMembers(ctx, 999_999); err != nil || len(none) != 0 {
		t.Fatalf("an unknown group lists %v, %v", none, err)
	}
}
