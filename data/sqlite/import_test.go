package sqlite

import (
	"strings"
	"testing"

	"policycredit/data"
)

// smallOffice is a hand-made office: two communes, three villages, a point, two groups with
// their leaders, five households and two ratings.
func smallOffice() *data.Dataset {
	return &data.Dataset{
		Office: data.Office{Name: "PGD NHCSXH huyện Quỳnh Lưu", Branch: "Chi nhánh Nghệ An", Province: "Nghệ An"},
		Communes: []data.Commune{
			{ID: 1, Code: "17890", Name: "Xã Quỳnh Thạch"},
			{ID: 2, Code: "17893", Name: "Xã Quỳnh Văn", FormerName: "Xã Quỳnh Tân"},
		},
		Villages: []data.Village{
			{ID: 10, CommuneID: 1, Code: "T01", Name: "Thôn Đông"},
			{ID: 11, CommuneID: 1, Code: "T02", Name: "Thôn Tây"},
			{ID: 20, CommuneID: 2, Code: "T01", Name: "Thôn Bắc"},
		},
		Points: []data.Point{{ID: 5, CommuneID: 1, Code: "DGD-QT", Name: "Điểm Quỳnh Thạch", Day: 12, VillageIDs: []int64{11, 10}}},
		Groups: []data.Group{
			{ID: 100, Code: "QT-01", Name: "Tổ Phụ nữ thôn Đông", VillageID: 10, Association: "HPN",
				LeaderID: 1000, FoundedOn: data.MustDate("2010-05-20")},
			{ID: 200, Code: "QV-01", Name: "Tổ Nông dân thôn Bắc", VillageID: 20, Association: "HND",
				LeaderID: 1003, FoundedOn: data.MustDate("2011-09-01")},
		},
		Ratings: []data.GroupRating{{GroupID: 100, Year: 2025, Rating: data.RatingGood}, {GroupID: 200, Year: 2025, Rating: data.RatingWeak}},
		Borrowers: []data.Borrower{
			{ID: 1000, Code: "KH1000", Name: "Nguyễn Thị Đào", Gender: data.GenderFemale, BirthYear: 1978,
				IDNumber: "040178001234", Phone: "0912345678", VillageID: 10, GroupID: 100, Category: data.CategoryPoor, Active: true},
			{ID: 1001, Code: "KH1001", Name: "Lê Thị Hoa", VillageID: 11, GroupID: 100, Category: data.CategoryNearPoor, Active: true},
			{ID: 1002, Code: "KH1002", Name: "Trần Văn An", VillageID: 10, Category: data.CategoryOther, Active: false},
			{ID: 1003, Code: "KH1003", Name: "Đào Văn Nguyên", VillageID: 20, GroupID: 200, Category: data.CategoryPoor, Active: true},
			{ID: 1004, Code: "KH1004", Name: "Phạm Văn Bình", VillageID: 20, GroupID: 200, Category: data.CategoryNewlyOut, Active: true},
		},
	}
}

func TestImportDataset(t *testing.T) {
	t.Parallel()
	s, ctx := newStore(t), userCtx
	auditBefore := countRows(t, s, "audit")
	must(t, s.ImportDataset(ctx, smallOffice()))

	c, err := s.Counts(ctx)
	must(t, err)
	if c != (data.Counts{Communes: 2, Villages: 3, Points: 1, Groups: 2, Borrowers: 5, Programs: 14}) {
		t.Errorf("Counts = %+v", c)
	}
	if n := countRows(t, s, "audit") - auditBefore; n != 1 {
		t.Errorf("import wrote %d audit rows, want 1", n)
	}
	entries, _ := s.Audit(ctx, "office", "")
	if len(entries) != 1 || entries[0].Action != "import" || entries[0].User != "lan.nguyen" ||
		!strings.Contains(entries[0].After, `"borrowers":5`) || !entries[0].At.Equal(pinned) {
		t.Errorf("import audit = %+v", entries)
	}
	if o, _ := s.Office(ctx); o.Name != "PGD NHCSXH huyện Quỳnh Lưu" {
		t.Errorf("Office = %+v", o)
	}
	got, _ := s.SearchBorrowers(ctx, "dao thi nguyen", 0)
	if len(got) != 1 || got[0].ID != 1000 || got[0].GroupCode != "QT-01" {
		t.Errorf("search after import = %+v", got)
	}
	if got, _ := s.SearchBorrowers(ctx, "", 0); names(got)[0] != "Trần Văn An" {
		t.Errorf("sort after import = %v", names(got))
	}
	gv, err := s.Group(ctx, 200)
	must(t, err)
	if gv.Leader != "Đào Văn Nguyên" || gv.Members != 2 || gv.LatestRating != data.RatingWeak {
		t.Errorf("group 200 = %+v", gv)
	}
	if gs, _ := s.SearchGroups(ctx, "bac", 0); len(gs) != 1 || gs[0].ID != 200 {
		t.Errorf("group search after import = %+v", gs)
	}
	ps, _ := s.Points(ctx, 1)
	if len(ps) != 1 || len(ps[0].VillageIDs) != 2 {
		t.Errorf("points = %+v", ps)
	}
	if problems, err := s.Check(ctx); err != nil || len(problems) != 0 {
		t.Errorf("Check after import = %v, %v", problems, err)
	}
	// New records continue after the imported IDs.
	b := person("KH2000", "Võ Thị Em", 11, 100)
	must(t, s.SaveBorrower(ctx, &b))
	if b.ID <= 1004 {
		t.Errorf("new borrower ID %d", b.ID)
	}

	before := snapshot(t, s)
	err = s.ImportDataset(ctx, smallOffice())
	if e := data.ForField(err, "office"); e == nil || e.Rule != "not_empty" || e.Code != data.CodeForbidden {
		t.Errorf("second import = %v", err)
	}
	if snapshot(t, s) != before {
		t.Error("a refused import changed the database")
	}
}

func TestImportDatasetRejectsBadRecords(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, field, rule, where string
		edit                     func(ds *data.Dataset)
	}{
		{"bad phone", "borrower.phone", "phone_format", "borrower 3 (KH1002)",
			func(ds *data.Dataset) { ds.Borrowers[2].Phone = "091234567" }},
		{"duplicate customer code", "borrower.code", "duplicate", "borrower 5",
			func(ds *data.Dataset) { ds.Borrowers[4].Code = "kh1000" }},
		{"duplicate ID number", "borrower.id_number", "duplicate", "borrower 2",
			func(ds *data.Dataset) { ds.Borrowers[1].IDNumber = "040178001234" }},
		{"duplicate borrower ID", "borrower.id", "duplicate", "borrower 2",
			func(ds *data.Dataset) { ds.Borrowers[1].ID = 1000 }},
		{"borrower in a village of another commune", "borrower.village", "village_other_commune", "borrower 4",
			func(ds *data.Dataset) { ds.Borrowers[3].VillageID = 10 }},
		{"leader not a member", "group.leader", "leader_not_member", "group 1 (QT-01)",
			func(ds *data.Dataset) { ds.Groups[0].LeaderID = 1002 }},
		{"duplicate commune code", "commune.code", "duplicate", "commune 2",
			func(ds *data.Dataset) { ds.Communes[1].Code = "17890" }},
		{"point day 29", "point.day", "range", "point 1",
			func(ds *data.Dataset) { ds.Points[0].Day = 29 }},
		{"point serving another commune", "point.villages", "village_other_commune", "point 1",
			func(ds *data.Dataset) { ds.Points[0].VillageIDs = append(ds.Points[0].VillageIDs, 20) }},
		{"village of a missing commune", "village.commune", "not_found", "village 3",
			func(ds *data.Dataset) { ds.Villages[2].CommuneID = 9 }},
		{"group without an ID", "group.id", "required", "group 2",
			func(ds *data.Dataset) { ds.Groups[1].ID = 0 }},
		{"rating of a missing group", "rating.group", "not_found", "rating 2",
			func(ds *data.Dataset) { ds.Ratings[1].GroupID = 300 }},
		{"duplicate rating", "rating.year", "duplicate", "rating 2",
			func(ds *data.Dataset) { ds.Ratings[1].GroupID = 100 }},
	}
	s := newStore(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds := smallOffice()
			c.edit(ds)
			before := snapshot(t, s)
			err := s.ImportDataset(userCtx, ds)
			assertRule(t, err, c.field, c.rule)
			if err != nil && !strings.HasPrefix(err.Error(), c.where) {
				t.Errorf("error %q does not name %q", err, c.where)
			}
			if snapshot(t, s) != before {
				t.Error("a rejected import changed the database")
			}
		})
	}
}
