package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"policycredit/data"
	"policycredit/data/pgtest"
)

// pinned is the time every test store records, so audit rows can be asserted exactly.
var pinned = time.Date(2026, 3, 15, 9, 30, 0, 0, time.UTC)

// testToday is "today" for what may be posted (Store.Today): after every date the tests post,
// so that they do not depend on the day they run.
var testToday = data.MustDate("2027-12-31")

func openTest(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	s.Clock = func() time.Time { return pinned }
	s.Today = func() data.Date { return testToday }
	t.Cleanup(func() { s.Close() })
	return s
}

// newStore is a new, empty office. With POLICYCREDIT_TEST_ENGINE=postgres it is a fresh
// PostgreSQL database instead of a file (data/pgtest), so that the tests built on it run
// against PostgreSQL: the conformance suite's way in (docs/postgres.md).
func newStore(t testing.TB) *Store {
	t.Helper()
	if os.Getenv("POLICYCREDIT_TEST_ENGINE") == "postgres" {
		return openTest(t, pgtest.Database(t))
	}
	return openTest(t, filepath.Join(t.TempDir(), "office.db"))
}

var userCtx = data.WithUser(context.Background(), "lan.nguyen")

// demoFile is the small demo office imported once per test binary by one recording user, for
// tests to copy: importing it takes a second or two, copying the file a few milliseconds.
type demoFile struct {
	once sync.Once
	path string
	err  error
}

var demoFiles sync.Map // recording user → *demoFile

// demoDir holds the demo files; TestMain removes it.
var demoDir = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "policycredit-sqlite-test-")
	if err == nil {
		benchCleanup = append(benchCleanup, dir)
	}
	return dir, err
})

// demoStoreAs is the test's own store holding the small demo office, imported under ctx's user.
func demoStoreAs(t testing.TB, ctx context.Context) *Store {
	t.Helper()
	if os.Getenv("POLICYCREDIT_TEST_ENGINE") == "postgres" {
		return pgDemoStoreAs(t, ctx)
	}
	v, _ := demoFiles.LoadOrStore(data.UserFrom(ctx), &demoFile{})
	f := v.(*demoFile)
	f.once.Do(func() {
		dir, err := demoDir()
		if err != nil {
			f.err = err
			return
		}
		f.path = filepath.Join(dir, data.UserFrom(ctx)+".db")
		s, err := Open(f.path)
		if err != nil {
			f.err = err
			return
		}
		s.Clock = func() time.Time { return pinned }
		if f.err = s.ImportDataset(ctx, demoOffice()); f.err != nil {
			s.Close()
			return
		}
		f.err = s.Close() // folds the WAL into the file, so the file alone is the office
	})
	if f.err != nil {
		t.Fatal(f.err)
	}
	b, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "office.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return openTest(t, path)
}

// pgDemoStoreAs is demoStoreAs on PostgreSQL: the small demo office imported once per test
// binary and user into a template database, and the test's own copy of it.
func pgDemoStoreAs(t testing.TB, ctx context.Context) *Store {
	t.Helper()
	tmpl, err := pgtest.Template("demo_"+databaseWord(data.UserFrom(ctx)), func(addr string) error {
		s, err := Open(addr)
		if err != nil {
			return err
		}
		s.Clock = func() time.Time { return pinned }
		if err := s.ImportDataset(ctx, demoOffice()); err != nil {
			s.Close()
			return err
		}
		return s.Close()
	})
	if err != nil {
		t.Fatalf("the demo office on PostgreSQL: %v", err)
	}
	return openTest(t, pgtest.CopyOf(t, tmpl))
}

// databaseWord is name with every character but a lowercase letter or a digit made "_".
func databaseWord(name string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, name)
}

// fixture is a small office: commune A with two villages, commune B with one, a group in A
// with its leader, and a point in A.
type fixture struct {
	s                               *Store
	communeA, communeB              data.Commune
	villageA1, villageA2, villageB1 data.Village
	point                           data.Point
	group                           data.Group
	leader                          data.Borrower
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func person(code, name string, village, group int64) data.Borrower {
	return data.Borrower{Code: code, Name: name, VillageID: village, GroupID: group,
		Category: data.CategoryPoor, Active: true}
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{s: newStore(t)}
	s, ctx := f.s, userCtx
	f.communeA = data.Commune{Code: "17890", Name: "Xã Quỳnh Thạch", FormerName: "Xã Quỳnh Hồng"}
	f.communeB = data.Commune{Code: "17893", Name: "Xã Quỳnh Văn"}
	must(t, s.SaveCommune(ctx, &f.communeA))
	must(t, s.SaveCommune(ctx, &f.communeB))
	f.villageA1 = data.Village{CommuneID: f.communeA.ID, Code: "T01", Name: "Thôn Đông"}
	f.villageA2 = data.Village{CommuneID: f.communeA.ID, Code: "T02", Name: "Thôn Bắc Sơn"}
	f.villageB1 = data.Village{CommuneID: f.communeB.ID, Code: "T01", Name: "Thôn Tây"}
	must(t, s.SaveVillage(ctx, &f.villageA1))
	must(t, s.SaveVillage(ctx, &f.villageA2))
	must(t, s.SaveVillage(ctx, &f.villageB1))
	f.point = data.Point{CommuneID: f.communeA.ID, Code: "DGD-QT", Name: "Điểm giao dịch Quỳnh Thạch", Day: 15,
		VillageIDs: []int64{f.villageA2.ID, f.villageA1.ID}}
	must(t, s.SavePoint(ctx, &f.point))
	f.group = data.Group{Code: "QT-01", Name: "Tổ TK&VV thôn Đông", VillageID: f.villageA1.ID, Association: "HPN",
		FoundedOn: data.MustDate("2015-06-01")}
	must(t, s.SaveGroup(ctx, &f.group))
	f.leader = person("KH0001", "Nguyễn Thị Đào", f.villageA1.ID, f.group.ID)
	f.leader.Gender, f.leader.BirthYear, f.leader.IDNumber, f.leader.Phone = data.GenderFemale, 1978, "040178001234", "0912345678"
	must(t, s.SaveBorrower(ctx, &f.leader))
	f.group.LeaderID = f.leader.ID
	must(t, s.SaveGroup(ctx, &f.group))
	return f
}

// snapshot renders every table, so a test can assert that a failed save changed nothing: no
// row, no value, no audit entry.
func snapshot(t testing.TB, s *Store) string {
	t.Helper()
	tablesQuery, order := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`, ""
	if s.pg {
		// Heap order may change under an update that is rolled back: rows in a fixed order.
		tablesQuery = `SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
		order = ` AS t ORDER BY t::text`
	}
	rows, err := s.db.Query(tablesQuery)
	must(t, err)
	var tables []string
	for rows.Next() {
		var n string
		must(t, rows.Scan(&n))
		tables = append(tables, n)
	}
	rows.Close()
	var b strings.Builder
	for _, table := range tables {
		rows, err := s.db.Query(`SELECT * FROM ` + table + order)
		must(t, err)
		cols, _ := rows.Columns()
		fmt.Fprintf(&b, "== %s\n", table)
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			must(t, rows.Scan(ptrs...))
			fmt.Fprintf(&b, "%v\n", vals)
		}
		rows.Close()
	}
	return b.String()
}

func countRows(t testing.TB, s *Store, table string) int {
	t.Helper()
	var n int
	must(t, s.db.QueryRow(`SELECT count(*) FROM `+table).Scan(&n))
	return n
}

func TestOpenMigratesFromEmptyAndSeeds(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sub", "office.db")
	s := openTest(t, path)
	if !s.IsNew() {
		t.Error("IsNew = false on a new file")
	}
	if s.Path() != path {
		t.Errorf("Path = %q, want %q", s.Path(), path)
	}
	if n := countRows(t, s, "schema_migrations"); n != latestVersion() || n < 1 {
		t.Errorf("schema_migrations has %d rows, want %d", n, latestVersion())
	}
	if n := countRows(t, s, "associations"); n != 4 {
		t.Errorf("associations: %d rows, want 4", n)
	}
	ctx := context.Background()
	c, err := s.Counts(ctx)
	must(t, err)
	if c != (data.Counts{Programs: 14}) {
		t.Errorf("Counts = %+v, want only 14 programs", c)
	}
	p, err := s.Program(ctx, "01")
	must(t, err)
	if r, ok := p.RateOn(data.MustDate("2025-11-30")); !ok || r != 5500 {
		t.Errorf("program 01 on 2025-11-30: %d %v, want 5500", r, ok)
	}
	if r, ok := p.RateOn(data.MustDate("2025-12-01")); !ok || r != 5200 {
		t.Errorf("program 01 on 2025-12-01: %d %v, want 5200", r, ok)
	}
	if p.Name["vi"] != "Cho vay hộ nghèo" || p.MaxAmount != 100_000_000 || p.MaxTermMonths != 120 || !p.Open ||
		len(p.Sources) != 3 || p.LimitBasis != data.LimitPerLoan {
		t.Errorf("program 01 = %+v", p)
	}
	progs, err := s.Programs(ctx)
	must(t, err)
	for i := 1; i < len(progs); i++ {
		if progs[i-1].Code >= progs[i].Code {
			t.Errorf("programs not sorted by code: %s before %s", progs[i-1].Code, progs[i].Code)
		}
	}
	for _, p := range progs {
		if len(p.Rates) == 0 {
			t.Errorf("program %s has no rate", p.Code)
		}
		for i := 1; i < len(p.Rates); i++ {
			if !p.Rates[i-1].Effective.Before(p.Rates[i].Effective) {
				t.Errorf("program %s rates not sorted", p.Code)
			}
		}
	}
	set, err := s.Settings(ctx)
	must(t, err)
	if len(set.Rules) != len(data.RuleSpecs) || set.Rules[0] != (data.RulePeriod{Key: data.RuleInterestBasis, Effective: data.RulesBeginning, Value: "days30"}) {
		t.Errorf("Rules = %+v, want every rule's default from the beginning", set.Rules)
	}
	if set.Rules = nil; !reflect.DeepEqual(set, data.DefaultSettings()) {
		t.Errorf("Settings = %+v, want defaults", set)
	}
	o, err := s.Office(ctx)
	must(t, err)
	if o != (data.Office{}) {
		t.Errorf("Office = %+v, want empty", o)
	}
	if problems, err := s.Check(ctx); err != nil || len(problems) != 0 {
		t.Errorf("Check = %v, %v", problems, err)
	}

	// Reopening applies nothing twice and seeds nothing twice.
	before := snapshot(t, s)
	must(t, s.Close())
	s2 := openTest(t, path)
	if s2.IsNew() {
		t.Error("IsNew = true on reopen")
	}
	if after := snapshot(t, s2); after != before {
		t.Errorf("reopen changed the database:\nbefore %s\nafter %s", before, after)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "office.db")
	s := openTest(t, path)
	_, err := s.db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_future.sql', '')`)
	must(t, err)
	must(t, s.Close())
	_, err = Open(path)
	if e := data.ForField(err, "database"); e == nil || e.Rule != "newer_version" {
		t.Fatalf("Open of a newer database: %v", err)
	}
}

func TestFailedMigrationChangesNothing(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ms, err := migrations()
	must(t, err)
	before := snapshot(t, s)
	bad := migration{version: len(ms) + 1, name: "9999_bad.sql",
		sql: `CREATE TABLE half_done (x INTEGER); ALTER TABLE no_such_table ADD COLUMN y TEXT;`}
	if _, err := s.apply(context.Background(), append(ms, bad)); err == nil {
		t.Fatal("a failing migration reported success")
	}
	if snapshot(t, s) != before {
		t.Error("a failing migration left changes behind")
	}
	var n int
	tables := `SELECT count(*) FROM sqlite_master WHERE name = 'half_done'`
	if s.pg {
		tables = `SELECT count(*) FROM information_schema.tables WHERE table_name = 'half_done'`
	}
	must(t, s.db.QueryRow(tables).Scan(&n))
	if n != 0 {
		t.Error("table of the failed migration exists")
	}
}

func TestOpenRefusesNonDatabase(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "notes.db")
	must(t, writeFile(path, strings.Repeat("not a database\n", 200)))
	s, err := Open(path)
	if err == nil {
		s.Close()
		t.Fatal("Open of a text file succeeded")
	}
	if e := data.ForField(err, "database"); e == nil || e.Rule != "not_a_database" {
		t.Errorf("Open of a text file = %v", err)
	}
}

func TestPlacesRoundTrip(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s, ctx := f.s, userCtx

	o := data.Office{Name: "Phòng giao dịch NHCSXH huyện Quỳnh Lưu", Branch: "Chi nhánh NHCSXH tỉnh Nghệ An", Province: "Nghệ An"}
	must(t, s.saveOfficeAlone(ctx, o))
	got, err := s.Office(ctx)
	must(t, err)
	if got != o {
		t.Errorf("Office = %+v, want %+v", got, o)
	}
	o.Name = "PGD Quỳnh Lưu"
	must(t, s.saveOfficeAlone(ctx, o))
	if got, _ := s.Office(ctx); got != o {
		t.Errorf("Office after update = %+v", got)
	}

	cs, err := s.Communes(ctx)
	must(t, err)
	if len(cs) != 2 || cs[0] != f.communeA || cs[1] != f.communeB {
		t.Errorf("Communes = %+v", cs)
	}
	f.communeA.Name = "Xã Quỳnh Thạch mới"
	must(t, s.SaveCommune(ctx, &f.communeA))
	cs, _ = s.Communes(ctx)
	if cs[0].Name != "Xã Quỳnh Thạch mới" {
		t.Errorf("commune not updated: %+v", cs[0])
	}

	vs, err := s.Villages(ctx, f.communeA.ID)
	must(t, err)
	if len(vs) != 2 || vs[0] != f.villageA1 || vs[1] != f.villageA2 {
		t.Errorf("Villages(A) = %+v", vs)
	}
	if all, _ := s.Villages(ctx, 0); len(all) != 3 {
		t.Errorf("Villages(0) = %d villages, want 3", len(all))
	}
	// Renaming a village refreshes the search key of its groups.
	f.villageA1.Name = "Thôn Đông Hải"
	must(t, s.SaveVillage(ctx, &f.villageA1))
	if gs, _ := s.SearchGroups(ctx, "dong hai", 0); len(gs) != 1 || gs[0].ID != f.group.ID {
		t.Errorf("group not found by its village's new name: %+v", gs)
	}

	ps, err := s.Points(ctx, f.communeA.ID)
	must(t, err)
	want := f.point
	want.VillageIDs = []int64{f.villageA1.ID, f.villageA2.ID}
	if len(ps) != 1 || !same(ps[0], want) {
		t.Errorf("Points = %+v, want %+v", ps, want)
	}
	f.point.Day, f.point.VillageIDs = 20, []int64{f.villageA2.ID}
	must(t, s.SavePoint(ctx, &f.point))
	ps, _ = s.Points(ctx, 0)
	if len(ps) != 1 || ps[0].Day != 20 || len(ps[0].VillageIDs) != 1 || ps[0].VillageIDs[0] != f.villageA2.ID {
		t.Errorf("point after update = %+v", ps)
	}
	if ps, _ := s.Points(ctx, f.communeB.ID); len(ps) != 0 {
		t.Errorf("Points(B) = %+v", ps)
	}
}

func TestGroupAndBorrowerRoundTrip(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s, ctx := f.s, userCtx

	gv, err := s.Group(ctx, f.group.ID)
	must(t, err)
	if gv.Code != "QT-01" || gv.Name != "Tổ TK&VV thôn Đông" || gv.Association != "HPN" || gv.LeaderID != f.leader.ID ||
		gv.Leader != "Nguyễn Thị Đào" || gv.Members != 1 || gv.Village != "Thôn Đông" || gv.CommuneID != f.communeA.ID ||
		gv.Commune != "Xã Quỳnh Thạch" || gv.Status != data.GroupActive || !gv.FoundedOn.Equal(data.MustDate("2015-06-01")) {
		t.Errorf("Group = %+v", gv)
	}
	must(t, s.RateGroup(ctx, data.GroupRating{GroupID: f.group.ID, Year: 2024, Rating: data.RatingFair}))
	must(t, s.RateGroup(ctx, data.GroupRating{GroupID: f.group.ID, Year: 2025, Rating: data.RatingAverage}))
	must(t, s.RateGroup(ctx, data.GroupRating{GroupID: f.group.ID, Year: 2025, Rating: data.RatingGood}))
	rs, err := s.GroupRatings(ctx, f.group.ID)
	must(t, err)
	if len(rs) != 2 || rs[0].Year != 2024 || rs[1].Rating != data.RatingGood {
		t.Errorf("GroupRatings = %+v", rs)
	}
	gv, _ = s.Group(ctx, f.group.ID)
	if gv.LatestRating != data.RatingGood || gv.RatingYear != 2025 {
		t.Errorf("latest rating = %s %d", gv.LatestRating, gv.RatingYear)
	}
	if _, err := s.Group(ctx, 9999); data.ForField(err, "group") == nil || !data.HasCode(err, data.CodeNotFound) {
		t.Errorf("Group(9999) = %v", err)
	}

	b := person(" KH0002 ", "Trần Văn  Bình", f.villageA2.ID, f.group.ID)
	b.Gender, b.BirthYear, b.IDNumber, b.Phone = data.GenderMale, 1980, "040 080 005 678", "+84 987 654 321"
	b.Ethnicity, b.Note = "Kinh", "hộ mới"
	must(t, s.SaveBorrower(ctx, &b))
	if b.ID == 0 || b.Code != "KH0002" || b.IDNumber != "040080005678" || b.Phone != "0987654321" {
		t.Errorf("saved borrower = %+v", b)
	}
	bv, err := s.Borrower(ctx, b.ID)
	must(t, err)
	if bv.Borrower != b || bv.Village != "Thôn Bắc Sơn" || bv.CommuneID != f.communeA.ID || bv.Commune != "Xã Quỳnh Thạch" ||
		bv.GroupCode != "QT-01" || bv.GroupName != "Tổ TK&VV thôn Đông" {
		t.Errorf("Borrower = %+v, want %+v", bv, b)
	}
	if byCode, err := s.BorrowerByCode(ctx, "kh0002"); err != nil || byCode.ID != b.ID {
		t.Errorf("BorrowerByCode(kh0002) = %+v, %v", byCode, err)
	}
	if _, err := s.BorrowerByCode(ctx, "nope"); !data.HasCode(err, data.CodeNotFound) {
		t.Errorf("BorrowerByCode(nope) = %v", err)
	}

	// Leaving: no longer counted as a member; moving to no group; changing fields.
	b.Active, b.GroupID, b.Phone, b.Name = false, 0, "", "Trần Văn Bình"
	must(t, s.SaveBorrower(ctx, &b))
	bv, _ = s.Borrower(ctx, b.ID)
	if bv.Borrower != b || bv.GroupCode != "" {
		t.Errorf("after update = %+v, want %+v", bv, b)
	}
	gv, _ = s.Group(ctx, f.group.ID)
	if gv.Members != 1 {
		t.Errorf("Members = %d, want 1", gv.Members)
	}

	// The group's leader can change to another member, and the group can be updated.
	c := person("KH0003", "Lê Thị Cúc", f.villageA1.ID, f.group.ID)
	must(t, s.SaveBorrower(ctx, &c))
	f.group.LeaderID, f.group.Note = c.ID, "ghi chú"
	must(t, s.SaveGroup(ctx, &f.group))
	gv, _ = s.Group(ctx, f.group.ID)
	if gv.LeaderID != c.ID || gv.Leader != "Lê Thị Cúc" || gv.Note != "ghi chú" || gv.Members != 2 {
		t.Errorf("group after update = %+v", gv)
	}
}

func TestProgramsAndSettingsRoundTrip(t *testing.T) {
	t.Parallel()
	s, ctx := newStore(t), userCtx

	p := data.Program{Code: "31", Name: map[string]string{"vi": "Chương trình thử", "en": "Test program", "fr": "Programme d'essai"},
		MaxAmount: 50_000_000, LimitBasis: data.LimitPerLoan, MaxTermMonths: 36,
		Sources: []data.FundingSource{data.SourceLocal}, Open: true,
		Rates: []data.RatePeriod{{Effective: data.MustDate("2026-01-01"), Rate: 6000, Decision: "QĐ 1/2026"}}}
	must(t, s.SaveProgram(ctx, &p))
	if p.ID == 0 {
		t.Fatal("program ID not set")
	}
	got, err := s.Program(ctx, "31")
	must(t, err)
	if got.ID != p.ID || got.Name["fr"] != "Programme d'essai" || got.MaxAmount != 50_000_000 || len(got.Rates) != 1 ||
		got.Rates[0].Rate != 6000 || got.Rates[0].ProgramCode != "31" || got.Rates[0].Decision != "QĐ 1/2026" {
		t.Errorf("Program = %+v", got)
	}
	got.Open, got.MaxTermMonths = false, 48
	must(t, s.SaveProgram(ctx, &got))
	must(t, s.AddRatePeriod(ctx, data.RatePeriod{ProgramCode: "31", Effective: data.MustDate("2025-01-01"), Rate: 6500}))
	got, _ = s.Program(ctx, "31")
	if got.Open || got.MaxTermMonths != 48 || len(got.Rates) != 2 || got.Rates[0].Rate != 6500 {
		t.Errorf("Program after update = %+v", got)
	}
	if r, _ := got.RateOn(data.MustDate("2026-06-30")); r != 6000 {
		t.Errorf("rate in 2026 = %d", r)
	}
	if _, err := s.Program(ctx, "99"); !data.HasCode(err, data.CodeNotFound) {
		t.Errorf("Program(99) = %v", err)
	}

	set := data.DefaultSettings()
	set.Language, set.InterestBasis, set.GroupMaxMembers, set.FrozenAccrues = "fr", data.Basis365, 55, true
	set.SavingsRate, set.WorkingDate, set.MinSavingsDeposit = 1500, data.MustDate("2026-03-16"), 10_000
	must(t, s.SaveSettings(ctx, set))
	gotSet, err := s.Settings(ctx)
	must(t, err)
	if !same(gotSet, set) {
		t.Errorf("Settings = %+v, want %+v", gotSet, set)
	}
	// The dated rules change only by a new period, never by saving the form.
	if gotSet.InterestBasis != data.Basis30 || gotSet.FrozenAccrues || gotSet.SavingsRate != 1_000 {
		t.Errorf("saving settings changed a dated rule: %+v", gotSet)
	}
}

func TestAuditRecordsUserAndTime(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := f.s
	ctx := data.WithUser(context.Background(), "hoa.tran")
	b := person("KH0100", "Phạm Thị Hoa", f.villageA1.ID, 0)
	must(t, s.SaveBorrower(ctx, &b))
	entries, err := s.Audit(ctx, "borrower", idString(b.ID))
	must(t, err)
	if len(entries) != 1 {
		t.Fatalf("audit after create: %+v", entries)
	}
	e := entries[0]
	if !e.At.Equal(pinned) || e.User != "hoa.tran" || e.Action != "create" || e.Before != "" ||
		!strings.Contains(e.After, `"Name":"Phạm Thị Hoa"`) || !strings.Contains(e.After, fmt.Sprintf(`"ID":%d`, b.ID)) {
		t.Errorf("create audit = %+v", e)
	}

	later := pinned.Add(26 * time.Hour)
	s.Clock = func() time.Time { return later }
	b.Phone = "0387654321"
	must(t, s.SaveBorrower(data.WithUser(context.Background(), "director"), &b))
	entries, _ = s.Audit(ctx, "borrower", idString(b.ID))
	if len(entries) != 2 {
		t.Fatalf("audit after update: %+v", entries)
	}
	e = entries[1]
	if !e.At.Equal(later) || e.User != "director" || e.Action != "update" ||
		!strings.Contains(e.Before, `"Phone":""`) || !strings.Contains(e.After, `"Phone":"0387654321"`) {
		t.Errorf("update audit = %+v", e)
	}
	var createdAt, createdBy, updatedAt, updatedBy string
	must(t, s.db.QueryRow(`SELECT created_at, created_by, updated_at, updated_by FROM borrowers WHERE id = ?`, b.ID).
		Scan(&createdAt, &createdBy, &updatedAt, &updatedBy))
	if createdAt != "2026-03-15T09:30:00Z" || createdBy != "hoa.tran" || updatedAt != "2026-03-16T11:30:00Z" || updatedBy != "director" {
		t.Errorf("row stamps = %s %s %s %s", createdAt, createdBy, updatedAt, updatedBy)
	}

	// Saving an unchanged record writes nothing.
	before := snapshot(t, s)
	must(t, s.SaveBorrower(ctx, &b))
	if snapshot(t, s) != before {
		t.Error("an unchanged save wrote to the database")
	}

	// Each kind of master data is audited, and without a user the change is the system's.
	must(t, s.SaveSettings(context.Background(), data.Settings{Language: "en", InterestBasis: data.Basis30,
		GroupMinMembers: 3, GroupMaxMembers: 60, PenaltyPercent: 130, IdleLockMinutes: 10}))
	must(t, s.AddRatePeriod(ctx, data.RatePeriod{ProgramCode: "01", Effective: data.MustDate("2026-07-01"), Rate: 5000}))
	must(t, s.RateGroup(ctx, data.GroupRating{GroupID: f.group.ID, Year: 2025, Rating: data.RatingGood}))
	must(t, s.saveOfficeAlone(ctx, data.Office{Name: "PGD"}))
	for _, c := range []struct{ entity, id, action, user string }{
		{"settings", "", "update", "system"},
		{"rate", "01", "create", "hoa.tran"},
		{"rating", idString(f.group.ID), "create", "hoa.tran"},
		{"office", "", "create", "hoa.tran"},
		{"commune", idString(f.communeA.ID), "create", "lan.nguyen"},
		{"village", idString(f.villageA2.ID), "create", "lan.nguyen"},
		{"point", idString(f.point.ID), "create", "lan.nguyen"},
		{"group", idString(f.group.ID), "update", "lan.nguyen"},
	} {
		entries, err := s.Audit(ctx, c.entity, c.id)
		must(t, err)
		if len(entries) == 0 {
			t.Errorf("no audit for %s %s", c.entity, c.id)
			continue
		}
		e := entries[len(entries)-1]
		if e.Action != c.action || e.User != c.user {
			t.Errorf("audit %s %s = %+v, want %s by %s", c.entity, c.id, e, c.action, c.user)
		}
	}
	// The seeded catalogue is audited too, as the system's.
	if entries, _ := s.Audit(ctx, "program", "01"); len(entries) != 1 || entries[0].User != "system" {
		t.Errorf("program 01 audit = %+v", entries)
	}
}

func TestGroupMembershipLimit(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s, ctx := f.s, userCtx
	// The leader is member 1; 59 more fill the group to the default maximum of 60.
	var last data.Borrower
	for i := 2; i <= 60; i++ {
		last = person(fmt.Sprintf("KH%04d", i), fmt.Sprintf("Thành viên %d", i), f.villageA1.ID, f.group.ID)
		must(t, s.SaveBorrower(ctx, &last))
	}
	// A household that left does not count, and may be recorded in a full group.
	gone := person("KH0999", "Hộ đã rời", f.villageA1.ID, f.group.ID)
	gone.Active = false
	must(t, s.SaveBorrower(ctx, &gone))

	before := snapshot(t, s)
	extra := person("KH0061", "Thành viên 61", f.villageA1.ID, f.group.ID)
	err := s.SaveBorrower(ctx, &extra)
	assertRule(t, err, "borrower.group", "group_full")
	if e := data.ForField(err, "borrower.group"); e != nil && (e.Code != data.CodeConflict || e.Params["Max"] != 60) {
		t.Errorf("group_full error = %+v", e)
	}
	if extra.ID != 0 || snapshot(t, s) != before {
		t.Error("a refused member changed the database")
	}
	// Coming back counts as joining.
	gone.Active = true
	assertRule(t, s.SaveBorrower(ctx, &gone), "borrower.group", "group_full")
	// A member who stays may be edited even in a full group.
	last.Note = "đã cập nhật"
	must(t, s.SaveBorrower(ctx, &last))
	// Once someone leaves, there is room again.
	last.Active = false
	must(t, s.SaveBorrower(ctx, &last))
	must(t, s.SaveBorrower(ctx, &extra))
	if gv, _ := s.Group(ctx, f.group.ID); gv.Members != 60 {
		t.Errorf("Members = %d, want 60", gv.Members)
	}
}

func TestConstraintErrorsAreTyped(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tx, err := f.s.db.Begin()
	must(t, err)
	defer tx.Rollback()
	// PostgreSQL aborts the whole transaction on an error; a savepoint before each statement
	// keeps it usable, as SQLite undoes only the failed statement.
	point := func() {
		if f.s.pg {
			_, err := tx.Exec(`ROLLBACK TO SAVEPOINT each`)
			must(t, err)
		}
	}
	if f.s.pg {
		_, err = tx.Exec(`SAVEPOINT each`)
		must(t, err)
	}
	_, err = tx.Exec(`INSERT INTO borrowers (code, name, village_id, category, search_key, sort_key, created_at,
		created_by, updated_at, updated_by) VALUES ('kh0001', 'x', ?, 'poor', '', '', '', '', '', '')`, f.villageA1.ID)
	err = mapErr(err)
	if e := data.ForField(err, "borrower.code"); e == nil || e.Rule != "duplicate" || e.Code != data.CodeConflict {
		t.Errorf("unique violation = %v", err)
	}
	point()
	_, err = tx.Exec(`INSERT INTO villages (commune_id, code, name, created_at, created_by, updated_at, updated_by)
		VALUES (9999, 'X', 'x', '', '', '', '')`)
	if e := data.DomainErrors(mapErr(err)); len(e) != 1 || e[0].Rule != "reference" {
		t.Errorf("foreign key violation = %v", err)
	}
	point()
	_, err = tx.Exec(`UPDATE points SET day = 31`)
	if e := data.ForField(mapErr(err), "record"); e == nil || e.Rule != "constraint" {
		t.Errorf("check violation = %v", mapErr(err))
	}
}

func TestReadsDoNotWaitForAWriter(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tx, err := f.s.db.Begin() // BEGIN IMMEDIATE: holds the write lock
	must(t, err)
	defer tx.Rollback()
	start := time.Now()
	if _, err := f.s.SearchBorrowers(userCtx, "dao", 10); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("a read waited %v for the writer", d)
	}
}
