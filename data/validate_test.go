package data

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// The tests below validate in 2025: a borrower must be born in 1900 … 2010 (2025 − 15).
const thisYear = 2025

func goodBorrower() Borrower {
	return Borrower{
		Code:      "KH0001",
		Name:      "Nguyễn Thị Đào",
		Gender:    GenderFemale,
		BirthYear: 1985,
		IDNumber:  "040 185 012 345", // Nghệ An 040, digit 1 (woman, 1900s), year 85
		Phone:     "+84 912 345 678",
		VillageID: 7,
		Category:  CategoryPoor,
		Ethnicity: "Kinh",
	}
}

func TestBorrowerValidateGood(t *testing.T) {
	t.Parallel()
	b := goodBorrower()
	if err := b.Validate(thisYear); err != nil {
		t.Fatalf("good borrower: %v", err)
	}
	// Validate normalises what it checks.
	if b.IDNumber != "040185012345" {
		t.Errorf("IDNumber = %q, want 040185012345", b.IDNumber)
	}
	if b.Phone != "0912345678" {
		t.Errorf("Phone = %q, want 0912345678", b.Phone)
	}
	if got, want := b.SearchKey(), "nguyen thi dao kh0001 040185012345 0912345678"; got != want {
		t.Errorf("SearchKey() = %q, want %q", got, want)
	}
}

func TestBorrowerValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(b *Borrower)
		want   []string
	}{
		{"birth year unknown", func(b *Borrower) { b.BirthYear = 0 }, nil},
		{"gender unknown", func(b *Borrower) { b.Gender = GenderUnknown }, nil},
		{"born 1900", func(b *Borrower) { b.BirthYear, b.IDNumber = 1900, "040100012345" }, nil},
		{"born 2010 (15 in 2025)", func(b *Borrower) { b.BirthYear, b.IDNumber = 2010, "040310012345" }, nil},
		{"no ID, no phone", func(b *Borrower) { b.IDNumber, b.Phone = "", "" }, nil},
		{"old 9-digit ID", func(b *Borrower) { b.IDNumber = "186 543 210" }, nil},
		{"every category", func(b *Borrower) { b.Category = CategoryBeneficiary }, nil},
		{"no group", func(b *Borrower) { b.GroupID = 0 }, nil},

		{"code missing", func(b *Borrower) { b.Code = "" }, []string{"borrower.code:required"}},
		{"code with a space", func(b *Borrower) { b.Code = "KH 0001" }, []string{"borrower.code:code_chars"}},
		{"code 21 characters", func(b *Borrower) { b.Code = strings.Repeat("K", 21) }, []string{"borrower.code:too_long"}},
		{"name missing", func(b *Borrower) { b.Name = "  " }, []string{"borrower.name:required"}},
		{"name 101 letters", func(b *Borrower) { b.Name = strings.Repeat("ễ", 101) }, []string{"borrower.name:too_long"}},
		{"gender invalid", func(b *Borrower) { b.Gender = "other" }, []string{"borrower.gender:one_of"}},
		// 2011 > 2025 − 15: too young. The ID's year check is skipped for a year out of range.
		{"born 2011", func(b *Borrower) { b.BirthYear = 2011 }, []string{"borrower.birth_year:range"}},
		{"born 1899", func(b *Borrower) { b.BirthYear = 1899 }, []string{"borrower.birth_year:range"}},
		{"born 3025", func(b *Borrower) { b.BirthYear = 3025 }, []string{"borrower.birth_year:range"}},
		{"ID 10 digits", func(b *Borrower) { b.IDNumber = "0401850123" }, []string{"borrower.id_number:id_number_length"}},
		{"ID for another year", func(b *Borrower) { b.BirthYear = 1986 }, []string{"borrower.id_number:cccd_birth_year"}},
		{"ID for a man", func(b *Borrower) { b.Gender = GenderMale }, []string{"borrower.id_number:cccd_sex"}},
		{"ID province 003", func(b *Borrower) { b.IDNumber = "003185012345" }, []string{"borrower.id_number:cccd_province"}},
		{"phone landline", func(b *Borrower) { b.Phone = "024 3825 1234" }, []string{"borrower.phone:phone_format"}},
		{"phone 9 digits", func(b *Borrower) { b.Phone = "091 234 567" }, []string{"borrower.phone:phone_format"}},
		{"village missing", func(b *Borrower) { b.VillageID = 0 }, []string{"borrower.village:required"}},
		{"category missing", func(b *Borrower) { b.Category = "" }, []string{"borrower.category:one_of"}},
		{"category invalid", func(b *Borrower) { b.Category = "rich" }, []string{"borrower.category:one_of"}},
		{"ethnicity 51 letters", func(b *Borrower) { b.Ethnicity = strings.Repeat("ê", 51) }, []string{"borrower.ethnicity:too_long"}},
		{"note 501 letters", func(b *Borrower) { b.Note = strings.Repeat("ơ", 501) }, []string{"borrower.note:too_long"}},
		{"several at once", func(b *Borrower) {
			b.Code, b.Phone, b.VillageID, b.Category = "", "0212345678", 0, "x"
		}, []string{"borrower.code:required", "borrower.phone:phone_format", "borrower.village:required", "borrower.category:one_of"}},
		{"everything empty", func(b *Borrower) { *b = Borrower{} },
			[]string{"borrower.code:required", "borrower.name:required", "borrower.village:required", "borrower.category:one_of"}},
	}
	for _, tc := range tests {
		b := goodBorrower()
		tc.change(&b)
		err := b.Validate(thisYear)
		checkAll(t, tc.name, err, tc.want)
		if len(tc.want) > 1 {
			if _, ok := err.(Errors); !ok {
				t.Errorf("%s: error is %T, want data.Errors", tc.name, err)
			}
		}
	}
}

func TestBorrowerValidateParams(t *testing.T) {
	t.Parallel()
	b := goodBorrower()
	b.BirthYear = 2011
	e := ForField(b.Validate(thisYear), "borrower.birth_year")
	if e == nil || !reflect.DeepEqual(e.Params, map[string]any{"Min": 1900, "Max": 2010}) { // 2025 − 15
		t.Errorf("birth year 2011: got %v, want range Min=1900 Max=2010", e)
	}
}

func TestBorrowerValidateNFC(t *testing.T) {
	t.Parallel()
	b := goodBorrower()
	// The name typed with combining accents and stray spaces.
	b.Name = "  " + norm.NFD.String("Nguyễn Thị Đào") + " "
	b.Ethnicity = norm.NFD.String("Mường")
	b.Code = " KH0001 "
	if err := b.Validate(thisYear); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if b.Name != "Nguyễn Thị Đào" {
		t.Errorf("Name = %q (% x), want NFC \"Nguyễn Thị Đào\"", b.Name, b.Name)
	}
	if b.Ethnicity != "Mường" {
		t.Errorf("Ethnicity = %q, want NFC \"Mường\"", b.Ethnicity)
	}
	if b.Code != "KH0001" {
		t.Errorf("Code = %q, want KH0001", b.Code)
	}

	// 100 letters typed decomposed are 300 code points ("ễ" = e + U+0302 + U+0303): the
	// limit applies after composing, so the name is accepted.
	b = goodBorrower()
	b.Name = norm.NFD.String(strings.Repeat("ễ", 100))
	if n := len([]rune(b.Name)); n != 300 {
		t.Fatalf("test setup: %d code points", n)
	}
	if err := b.Validate(thisYear); err != nil {
		t.Errorf("100 decomposed letters: %v", err)
	}
}

func TestGivenName(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Nguyễn Thị Đào", "Đào"},
		{"  Lê   Văn  Tám ", "Tám"},
		{"Hoa", "Hoa"},
		{"Tôn Nữ Thị Ngọc Hân", "Hân"},
		{"", ""},
		{"   ", ""},
	}
	for _, tc := range tests {
		if got := GivenName(tc.in); got != tc.want {
			t.Errorf("GivenName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCommuneValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		c    Commune
		want []string
	}{
		{"good", Commune{Code: "17989", Name: "Xã Quỳnh Lưu", FormerName: "Xã Quỳnh Hồng"}, nil},
		{"no former name", Commune{Code: "00001", Name: "Phường Ba Đình"}, nil},
		{"code 4 digits", Commune{Code: "1234", Name: "Xã A"}, []string{"commune.code:digits"}},
		{"code with a letter", Commune{Code: "12a45", Name: "Xã A"}, []string{"commune.code:digits"}},
		{"code 6 digits", Commune{Code: "123456", Name: "Xã A"}, []string{"commune.code:digits"}},
		{"code missing", Commune{Name: "Xã A"}, []string{"commune.code:required"}},
		{"name missing", Commune{Code: "17989"}, []string{"commune.name:required"}},
		{"name 101 letters", Commune{Code: "17989", Name: strings.Repeat("ư", 101)}, []string{"commune.name:too_long"}},
		{"former name 101 letters", Commune{Code: "17989", Name: "Xã A", FormerName: strings.Repeat("ư", 101)}, []string{"commune.former_name:too_long"}},
		{"all empty", Commune{}, []string{"commune.code:required", "commune.name:required"}},
	}
	for _, tc := range tests {
		c := tc.c
		checkAll(t, tc.name, c.Validate(), tc.want)
	}
	c := Commune{Code: " 17989 ", Name: norm.NFD.String(" Xã Quỳnh Lưu ")}
	if err := c.Validate(); err != nil || c.Code != "17989" || c.Name != "Xã Quỳnh Lưu" {
		t.Errorf("normalised commune = %q %q, %v", c.Code, c.Name, err)
	}
	c = Commune{Code: "1234", Name: "Xã A"}
	if e := ForField(c.Validate(), "commune.code"); e == nil || !reflect.DeepEqual(e.Params, map[string]any{"N": 5}) {
		t.Errorf("code 1234: got %v, want digits N=5", e)
	}
}

func TestVillageValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		v    Village
		want []string
	}{
		{"good", Village{CommuneID: 1, Code: "TH01", Name: "Thôn Đông"}, nil},
		{"commune missing", Village{Code: "TH01", Name: "Thôn Đông"}, []string{"village.commune:required"}},
		{"code missing", Village{CommuneID: 1, Name: "Thôn Đông"}, []string{"village.code:required"}},
		{"code with a space", Village{CommuneID: 1, Code: "TH 01", Name: "Thôn Đông"}, []string{"village.code:code_chars"}},
		{"name missing", Village{CommuneID: 1, Code: "TH01"}, []string{"village.name:required"}},
		{"all empty", Village{}, []string{"village.commune:required", "village.code:required", "village.name:required"}},
	}
	for _, tc := range tests {
		v := tc.v
		checkAll(t, tc.name, v.Validate(), tc.want)
	}
}

func TestPointValidate(t *testing.T) {
	t.Parallel()
	good := func() Point {
		return Point{CommuneID: 1, Code: "DGD01", Name: "Điểm giao dịch xã Quỳnh Lưu", Day: 15, VillageIDs: []int64{1, 2}}
	}
	tests := []struct {
		name   string
		change func(p *Point)
		want   []string
	}{
		{"good", func(p *Point) {}, nil},
		{"day 1", func(p *Point) { p.Day = 1 }, nil},
		{"day 28 (exists in every month)", func(p *Point) { p.Day = 28 }, nil},
		{"day 0", func(p *Point) { p.Day = 0 }, []string{"point.day:range"}},
		{"day 29 (not in February 2025)", func(p *Point) { p.Day = 29 }, []string{"point.day:range"}},
		{"day 31", func(p *Point) { p.Day = 31 }, []string{"point.day:range"}},
		{"day -1", func(p *Point) { p.Day = -1 }, []string{"point.day:range"}},
		{"commune missing", func(p *Point) { p.CommuneID = 0 }, []string{"point.commune:required"}},
		{"code missing", func(p *Point) { p.Code = "" }, []string{"point.code:required"}},
		{"name missing", func(p *Point) { p.Name = "" }, []string{"point.name:required"}},
		{"all empty", func(p *Point) { *p = Point{} },
			[]string{"point.commune:required", "point.code:required", "point.name:required", "point.day:range"}},
	}
	for _, tc := range tests {
		p := good()
		tc.change(&p)
		checkAll(t, tc.name, p.Validate(), tc.want)
	}
	p := good()
	p.Day = 29
	if e := ForField(p.Validate(), "point.day"); e == nil || !reflect.DeepEqual(e.Params, map[string]any{"Min": 1, "Max": 28}) {
		t.Errorf("day 29: got %v, want range Min=1 Max=28", e)
	}
}

func TestGroupValidate(t *testing.T) {
	t.Parallel()
	good := func() Group {
		return Group{Code: "T0101", Name: "Tổ TK&VV thôn Đông", VillageID: 3, Association: "HPN",
			FoundedOn: MustDate("2015-03-10"), Status: GroupActive}
	}
	tests := []struct {
		name   string
		change func(g *Group)
		want   []string
	}{
		{"good", func(g *Group) {}, nil},
		{"closed", func(g *Group) { g.Status = GroupClosed }, nil},
		{"no leader yet", func(g *Group) { g.LeaderID = 0 }, nil},
		{"association HND", func(g *Group) { g.Association = "HND" }, nil},
		{"association CCB", func(g *Group) { g.Association = "CCB" }, nil},
		{"association DTN", func(g *Group) { g.Association = "DTN" }, nil},
		{"code missing", func(g *Group) { g.Code = "" }, []string{"group.code:required"}},
		{"name missing", func(g *Group) { g.Name = "" }, []string{"group.name:required"}},
		{"village missing", func(g *Group) { g.VillageID = 0 }, []string{"group.village:required"}},
		{"association missing", func(g *Group) { g.Association = "" }, []string{"group.association:required"}},
		{"association unknown", func(g *Group) { g.Association = "hpn" }, []string{"group.association:one_of"}},
		{"founding date missing", func(g *Group) { g.FoundedOn = Date{} }, []string{"group.founded_on:required"}},
		{"status unknown", func(g *Group) { g.Status = "frozen" }, []string{"group.status:one_of"}},
		{"note 501 letters", func(g *Group) { g.Note = strings.Repeat("ô", 501) }, []string{"group.note:too_long"}},
	}
	for _, tc := range tests {
		g := good()
		tc.change(&g)
		checkAll(t, tc.name, g.Validate(), tc.want)
	}
	g := good()
	g.Status = ""
	if err := g.Validate(); err != nil || g.Status != GroupActive {
		t.Errorf("empty status: %v, status %q; want nil, active", err, g.Status)
	}
}

func TestGroupRatingValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		r    GroupRating
		want []string
	}{
		{"good", GroupRating{GroupID: 1, Year: 2024, Rating: RatingGood}, nil},
		{"1990", GroupRating{Year: 1990, Rating: RatingFair}, nil},
		{"2100", GroupRating{Year: 2100, Rating: RatingAverage}, nil},
		{"weak", GroupRating{Year: 2024, Rating: RatingWeak}, nil},
		{"1989", GroupRating{Year: 1989, Rating: RatingGood}, []string{"rating.year:range"}},
		{"2101", GroupRating{Year: 2101, Rating: RatingGood}, []string{"rating.year:range"}},
		{"rating unknown", GroupRating{Year: 2024, Rating: "excellent"}, []string{"rating.rating:one_of"}},
		{"rating missing", GroupRating{Year: 2024}, []string{"rating.rating:one_of"}},
		{"both", GroupRating{}, []string{"rating.year:range", "rating.rating:one_of"}},
	}
	for _, tc := range tests {
		r := tc.r
		checkAll(t, tc.name, r.Validate(), tc.want)
	}
	r := GroupRating{Year: 1989, Rating: RatingGood}
	if e := ForField(r.Validate(), "rating.year"); e == nil || !reflect.DeepEqual(e.Params, map[string]any{"Min": 1990, "Max": 2100}) {
		t.Errorf("1989: got %v, want range Min=1990 Max=2100", e)
	}
}

func TestDefaultSettings(t *testing.T) {
	t.Parallel()
	s := DefaultSettings()
	want := Settings{
		Language: "vi", InterestBasis: Basis30, GroupMinMembers: 3, GroupMaxMembers: 60,
		ExtensionMaxMonths: 12, PenaltyPercent: 130, FrozenAccrues: false, MinSavingsDeposit: 5_000,
		SavingsRate: 1_000, IdleLockMinutes: 10,
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("DefaultSettings() = %+v, want %+v", s, want)
	}
	if err := s.Validate(); err != nil {
		t.Errorf("DefaultSettings().Validate() = %v", err)
	}
}

func TestSettingsValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(s *Settings)
		want   []string
	}{
		{"defaults", func(s *Settings) {}, nil},
		{"english, basis 365", func(s *Settings) { s.Language, s.InterestBasis = "en", Basis365 }, nil},
		{"french", func(s *Settings) { s.Language = "fr" }, nil},
		{"min = max", func(s *Settings) { s.GroupMinMembers, s.GroupMaxMembers = 20, 20 }, nil},
		{"limits 1 and 200", func(s *Settings) { s.GroupMinMembers, s.GroupMaxMembers = 1, 200 }, nil},
		{"penalty 100", func(s *Settings) { s.PenaltyPercent = 100 }, nil},
		{"penalty 300", func(s *Settings) { s.PenaltyPercent = 300 }, nil},
		{"no extension", func(s *Settings) { s.ExtensionMaxMonths = 0 }, nil},
		{"savings rate 5 %", func(s *Settings) { s.SavingsRate = 50_000 }, nil},
		{"language de", func(s *Settings) { s.Language = "de" }, []string{"settings.language:one_of"}},
		{"language empty", func(s *Settings) { s.Language = "" }, []string{"settings.language:one_of"}},
		{"basis empty", func(s *Settings) { s.InterestBasis = "" }, []string{"settings.interest_basis:one_of"}},
		{"group min 0", func(s *Settings) { s.GroupMinMembers = 0 }, []string{"settings.group_min:range"}},
		{"group min 101", func(s *Settings) { s.GroupMinMembers, s.GroupMaxMembers = 101, 150 }, []string{"settings.group_min:range"}},
		// Max 5 below min 10.
		{"group max < min", func(s *Settings) { s.GroupMinMembers, s.GroupMaxMembers = 10, 5 }, []string{"settings.group_max:range"}},
		{"group max 201", func(s *Settings) { s.GroupMaxMembers = 201 }, []string{"settings.group_max:range"}},
		{"extension -1", func(s *Settings) { s.ExtensionMaxMonths = -1 }, []string{"settings.extension_max:range"}},
		{"extension 121", func(s *Settings) { s.ExtensionMaxMonths = 121 }, []string{"settings.extension_max:range"}},
		{"penalty 99", func(s *Settings) { s.PenaltyPercent = 99 }, []string{"settings.penalty_percent:range"}},
		{"penalty 301", func(s *Settings) { s.PenaltyPercent = 301 }, []string{"settings.penalty_percent:range"}},
		{"min savings -1", func(s *Settings) { s.MinSavingsDeposit = -1 }, []string{"settings.min_savings:not_negative"}},
		{"savings rate -1", func(s *Settings) { s.SavingsRate = -1 }, []string{"settings.savings_rate:rate_range"}},
		{"savings rate 5.0001 %", func(s *Settings) { s.SavingsRate = 50_001 }, []string{"settings.savings_rate:rate_range"}},
		{"all zero", func(s *Settings) { *s = Settings{} },
			[]string{"settings.language:one_of", "settings.interest_basis:one_of", "settings.group_min:range", "settings.penalty_percent:range", "settings.idle_lock:range"}},
		{"idle lock 0", func(s *Settings) { s.IdleLockMinutes = 0 }, []string{"settings.idle_lock:range"}},
		{"idle lock 241", func(s *Settings) { s.IdleLockMinutes = 241 }, []string{"settings.idle_lock:range"}},
	}
	for _, tc := range tests {
		s := DefaultSettings()
		tc.change(&s)
		checkAll(t, tc.name, s.Validate(), tc.want)
	}
	s := DefaultSettings()
	s.GroupMinMembers, s.GroupMaxMembers = 10, 5
	if e := ForField(s.Validate(), "settings.group_max"); e == nil || !reflect.DeepEqual(e.Params, map[string]any{"Min": 10, "Max": 200}) {
		t.Errorf("max < min: got %v, want range Min=10 Max=200", e)
	}
}

func TestOfficeValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		o    Office
		want []string
	}{
		{"good", Office{Name: "Phòng giao dịch NHCSXH huyện Quỳnh Lưu", Branch: "Chi nhánh NHCSXH tỉnh Nghệ An", Province: "Nghệ An"}, nil},
		{"name only", Office{Name: "PGD Quỳnh Lưu"}, nil},
		{"name missing", Office{Branch: "Chi nhánh"}, []string{"office.name:required"}},
		{"name 151 letters", Office{Name: strings.Repeat("ị", 151)}, []string{"office.name:too_long"}},
		{"branch 151 letters", Office{Name: "PGD", Branch: strings.Repeat("ị", 151)}, []string{"office.branch:too_long"}},
		{"province 101 letters", Office{Name: "PGD", Province: strings.Repeat("ị", 101)}, []string{"office.province:too_long"}},
	}
	for _, tc := range tests {
		o := tc.o
		checkAll(t, tc.name, o.Validate(), tc.want)
	}
}

func TestIsAssociation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code string
		want bool
	}{
		{"HND", true}, {"HPN", true}, {"CCB", true}, {"DTN", true},
		{"", false}, {"hnd", false}, {"XYZ", false},
	}
	for _, tc := range tests {
		if got := IsAssociation(tc.code); got != tc.want {
			t.Errorf("IsAssociation(%q) = %v, want %v", tc.code, got, tc.want)
		}
	}
	for _, a := range Associations {
		for _, lang := range Languages {
			if a.Name[lang] == "" {
				t.Errorf("association %s: no %s name", a.Code, lang)
			}
		}
	}
}
