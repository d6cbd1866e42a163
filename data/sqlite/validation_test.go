package sqlite

import (
	"os"
	"strings"
	"testing"

	"policycredit/data"
)

func writeFile(path, text string) error { return os.WriteFile(path, []byte(text), 0o644) }

// assertRule checks that err carries a typed error for field with rule, and that no SQLite
// text leaks into it.
func assertRule(t *testing.T, err error, field, rule string) {
	t.Helper()
	if err == nil {
		t.Errorf("want %s %s, got no error", field, rule)
		return
	}
	e := data.ForField(err, field)
	if e == nil {
		t.Errorf("want %s %s, got %v", field, rule, err)
		return
	}
	if e.Rule != rule {
		t.Errorf("%s: rule %q, want %q (%v)", field, e.Rule, rule, err)
	}
	if msg := strings.ToLower(err.Error()); strings.Contains(msg, "sqlite") || strings.Contains(msg, "constraint") {
		t.Errorf("raw SQLite text in %q", err.Error())
	}
}

// TestBadInputChangesNothing saves bad input of every kind: each save must fail with the
// right field and rule, leave the database exactly as it was (rows, values, audit) and leave
// the ID of a new record at 0.
func TestBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s, ctx := f.s, userCtx
	other := person("KH0002", "Trần Văn Bình", f.villageA2.ID, f.group.ID)
	other.IDNumber = "040080005678"
	must(t, s.SaveBorrower(ctx, &other))
	outsider := person("KH0003", "Lê Văn Cường", f.villageA1.ID, 0)
	must(t, s.SaveBorrower(ctx, &outsider))
	must(t, s.Post(ctx, &data.Entry{BorrowerID: f.leader.ID, Kind: data.EntryDeposit, ValueDate: data.MustDate("2025-06-10"),
		Amount: 50_000}))

	borrower := func(edit func(b *data.Borrower)) func() (error, int64) {
		return func() (error, int64) {
			b := person("KH0500", "Võ Thị Em", f.villageA1.ID, f.group.ID)
			edit(&b)
			err := s.SaveBorrower(ctx, &b)
			return err, b.ID
		}
	}
	existing := func(edit func(b *data.Borrower)) func() (error, int64) {
		return func() (error, int64) {
			b := other
			edit(&b)
			return s.SaveBorrower(ctx, &b), 0
		}
	}
	group := func(edit func(g *data.Group)) func() (error, int64) {
		return func() (error, int64) {
			g := f.group
			edit(&g)
			return s.SaveGroup(ctx, &g), 0
		}
	}
	newGroup := func(edit func(g *data.Group)) func() (error, int64) {
		return func() (error, int64) {
			g := f.group
			g.ID, g.LeaderID, g.Code = 0, 0, "QT-99"
			edit(&g)
			err := s.SaveGroup(ctx, &g)
			return err, g.ID
		}
	}
	point := func(edit func(p *data.Point)) func() (error, int64) {
		return func() (error, int64) {
			p := data.Point{CommuneID: f.communeA.ID, Code: "DGD-2", Name: "Điểm 2", Day: 10}
			edit(&p)
			err := s.SavePoint(ctx, &p)
			return err, p.ID
		}
	}
	settings := func(edit func(st *data.Settings)) func() (error, int64) {
		return func() (error, int64) {
			st := data.DefaultSettings()
			edit(&st)
			return s.SaveSettings(ctx, st), 0
		}
	}

	cases := []struct {
		name, field, rule string
		save              func() (error, int64)
	}{
		{"CCCD with unknown province", "borrower.id_number", "cccd_province",
			borrower(func(b *data.Borrower) { b.IDNumber = "000178001234" })},
		{"CCCD with wrong century digit", "borrower.id_number", "cccd_century",
			borrower(func(b *data.Borrower) { b.BirthYear, b.IDNumber = 1978, "040378001234" })},
		{"CCCD of 11 digits", "borrower.id_number", "id_number_length",
			borrower(func(b *data.Borrower) { b.IDNumber = "04017800123" })},
		{"phone of 9 digits", "borrower.phone", "phone_format",
			borrower(func(b *data.Borrower) { b.Phone = "091234567" })},
		{"empty name", "borrower.name", "required",
			borrower(func(b *data.Borrower) { b.Name = "   " })},
		{"birth year in the future", "borrower.birth_year", "range",
			borrower(func(b *data.Borrower) { b.BirthYear = 2030 })},
		{"unknown category", "borrower.category", "one_of",
			borrower(func(b *data.Borrower) { b.Category = "rich" })},
		{"duplicate customer code", "borrower.code", "duplicate",
			borrower(func(b *data.Borrower) { b.Code = "KH0001" })},
		{"duplicate customer code in other case", "borrower.code", "duplicate",
			borrower(func(b *data.Borrower) { b.Code = "kh0002" })},
		{"duplicate ID number", "borrower.id_number", "duplicate",
			borrower(func(b *data.Borrower) { b.IDNumber = "040 080 005 678" })},
		{"duplicate code on update", "borrower.code", "duplicate",
			existing(func(b *data.Borrower) { b.Code = "KH0003" })},
		{"missing village", "borrower.village", "not_found",
			borrower(func(b *data.Borrower) { b.VillageID = 9999 })},
		{"missing group", "borrower.group", "not_found",
			borrower(func(b *data.Borrower) { b.GroupID = 9999 })},
		{"village of another commune than the group", "borrower.village", "village_other_commune",
			borrower(func(b *data.Borrower) { b.VillageID = f.villageB1.ID })},
		{"move to another commune than the group", "borrower.village", "village_other_commune",
			existing(func(b *data.Borrower) { b.VillageID = f.villageB1.ID })},
		{"missing borrower", "borrower", "not_found",
			existing(func(b *data.Borrower) { b.ID = 9999 })},
		{"leader leaves the group", "borrower.group", "leader_leaving",
			func() (error, int64) { b := f.leader; b.GroupID = 0; return s.SaveBorrower(ctx, &b), 0 }},
		{"leader stops borrowing", "borrower.status", "leader_leaving",
			func() (error, int64) { b := f.leader; b.Active = false; return s.SaveBorrower(ctx, &b), 0 }},

		{"duplicate commune code", "commune.code", "duplicate",
			func() (error, int64) {
				c := data.Commune{Code: "17893", Name: "Xã khác"}
				return s.SaveCommune(ctx, &c), c.ID
			}},
		{"commune code of 4 digits", "commune.code", "digits",
			func() (error, int64) {
				c := data.Commune{Code: "1789", Name: "Xã khác"}
				return s.SaveCommune(ctx, &c), c.ID
			}},
		{"missing commune", "commune", "not_found",
			func() (error, int64) { c := f.communeA; c.ID = 9999; return s.SaveCommune(ctx, &c), 0 }},
		{"duplicate village code in the commune", "village.code", "duplicate",
			func() (error, int64) {
				v := data.Village{CommuneID: f.communeA.ID, Code: "t02", Name: "Thôn khác"}
				return s.SaveVillage(ctx, &v), v.ID
			}},
		{"village of a missing commune", "village.commune", "not_found",
			func() (error, int64) {
				v := data.Village{CommuneID: 9999, Code: "T09", Name: "Thôn khác"}
				return s.SaveVillage(ctx, &v), v.ID
			}},
		{"village in use moves commune", "village.commune", "in_use",
			func() (error, int64) {
				v := f.villageA1
				v.CommuneID = f.communeB.ID
				v.Code = "T77"
				return s.SaveVillage(ctx, &v), 0
			}},

		{"point day 29", "point.day", "range", point(func(p *data.Point) { p.Day = 29 })},
		{"point day 0", "point.day", "range", point(func(p *data.Point) { p.Day = 0 })},
		{"duplicate point code", "point.code", "duplicate", point(func(p *data.Point) { p.Code = "dgd-qt" })},
		{"point serving a village of another commune", "point.villages", "village_other_commune",
			point(func(p *data.Point) { p.VillageIDs = []int64{f.villageA1.ID, f.villageB1.ID} })},

		{"leader not a member", "group.leader", "leader_not_member",
			group(func(g *data.Group) { g.LeaderID = outsider.ID })},
		{"leader of a new group", "group.leader", "leader_not_member",
			newGroup(func(g *data.Group) { g.LeaderID = f.leader.ID })},
		{"duplicate group code", "group.code", "duplicate", newGroup(func(g *data.Group) { g.Code = "qt-01" })},
		{"unknown association", "group.association", "one_of", newGroup(func(g *data.Group) { g.Association = "XYZ" })},
		{"group without founding date", "group.founded_on", "required",
			newGroup(func(g *data.Group) { g.FoundedOn = data.Date{} })},
		{"group moved to a village of another commune", "group.village", "village_other_commune",
			group(func(g *data.Group) { g.VillageID = f.villageB1.ID })},
		{"group in a missing village", "group.village", "not_found", newGroup(func(g *data.Group) { g.VillageID = 9999 })},
		{"closing a group whose leader has savings", "group.status", "has_balances",
			group(func(g *data.Group) { g.Status = data.GroupClosed })},
		{"missing group", "group", "not_found", group(func(g *data.Group) { g.ID = 9999 })},
		{"rating of a missing group", "rating.group", "not_found",
			func() (error, int64) {
				return s.RateGroup(ctx, data.GroupRating{GroupID: 9999, Year: 2025, Rating: data.RatingGood}), 0
			}},
		{"rating out of range", "rating.rating", "one_of",
			func() (error, int64) {
				return s.RateGroup(ctx, data.GroupRating{GroupID: f.group.ID, Year: 2025, Rating: "excellent"}), 0
			}},

		{"second rate period on the same date", "rate.effective", "rate_period_exists",
			func() (error, int64) {
				return s.AddRatePeriod(ctx, data.RatePeriod{ProgramCode: "01", Effective: data.MustDate("2025-12-01"), Rate: 5000}), 0
			}},
		{"rate period of a missing program", "rate.program", "not_found",
			func() (error, int64) {
				return s.AddRatePeriod(ctx, data.RatePeriod{ProgramCode: "77", Effective: data.MustDate("2026-01-01"), Rate: 5000}), 0
			}},
		{"rate above 5 %", "rate.rate", "rate_range",
			func() (error, int64) {
				return s.AddRatePeriod(ctx, data.RatePeriod{ProgramCode: "01", Effective: data.MustDate("2026-01-01"), Rate: 60_000}), 0
			}},
		{"duplicate program code", "program.code", "duplicate",
			func() (error, int64) {
				p := data.DefaultPrograms()[0]
				return s.SaveProgram(ctx, &p), p.ID
			}},
		{"new program with two rates on one date", "rate.effective", "rate_period_exists",
			func() (error, int64) {
				p := data.DefaultPrograms()[0]
				p.Code = "40"
				p.Rates = append(p.Rates, p.Rates[0])
				return s.SaveProgram(ctx, &p), p.ID
			}},
		{"program without sources", "program.sources", "required",
			func() (error, int64) {
				p := data.DefaultPrograms()[0]
				p.Code, p.Sources = "41", nil
				return s.SaveProgram(ctx, &p), p.ID
			}},

		{"group maximum below minimum", "settings.group_max", "range",
			settings(func(st *data.Settings) { st.GroupMaxMembers = 2 })},
		{"unknown language", "settings.language", "one_of", settings(func(st *data.Settings) { st.Language = "de" })},
		{"penalty below 100 %", "settings.penalty_percent", "range", settings(func(st *data.Settings) { st.PenaltyPercent = 90 })},
		{"office name too long", "office.name", "too_long",
			func() (error, int64) { return s.saveOfficeAlone(ctx, data.Office{Name: strings.Repeat("x", 201)}), 0 }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := snapshot(t, s)
			err, id := c.save()
			assertRule(t, err, c.field, c.rule)
			if id != 0 {
				t.Errorf("a refused insert set ID %d", id)
			}
			if after := snapshot(t, s); after != before {
				t.Errorf("a refused save changed the database")
			}
		})
	}
}

// A form with several mistakes reports all of them at once.
func TestBadInputReportsEveryField(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := person("", "", f.villageA1.ID, f.group.ID)
	b.Phone = "12345"
	err := f.s.SaveBorrower(userCtx, &b)
	for _, field := range []string{"borrower.code", "borrower.name", "borrower.phone"} {
		if data.ForField(err, field) == nil {
			t.Errorf("no error for %s in %v", field, err)
		}
	}
	b = person("KH0001", "Tên", f.villageB1.ID, f.group.ID)
	b.IDNumber = "040178001234"
	err = f.s.SaveBorrower(userCtx, &b)
	for _, field := range []string{"borrower.code", "borrower.id_number", "borrower.village"} {
		if data.ForField(err, field) == nil {
			t.Errorf("no error for %s in %v", field, err)
		}
	}
}
