package sqlite

import (
	"fmt"
	"math/rand"
	"testing"
	"time"

	"policycredit/data"
)

func names(bs []data.BorrowerView) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.Name
	}
	return out
}

func TestSearchBorrowers(t *testing.T) {
	t.Parallel()
	f := newFixture(t) // Nguyễn Thị Đào, KH0001, 040178001234, 0912345678
	s, ctx := f.s, userCtx
	for _, b := range []data.Borrower{
		person("KH0002", "Đào Văn Nguyên", f.villageA1.ID, f.group.ID),
		person("KH0003", "Lê Thị Hoa", f.villageA2.ID, 0),
		person("KH0004", "Trần Văn An", f.villageB1.ID, 0),
		person("KH0005", "Nguyễn Văn Ánh", f.villageB1.ID, 0),
		person("AB-7_1.X", "Hoàng Thị Đào", f.villageB1.ID, 0),
	} {
		must(t, s.SaveBorrower(ctx, &b))
	}
	cases := []struct {
		query string
		limit int
		want  []string
	}{
		{"dao thi nguyen", 0, []string{"Nguyễn Thị Đào"}},
		{"Nguyễn Thị Đào", 0, []string{"Nguyễn Thị Đào"}},
		{"NGUYEN", 0, []string{"Nguyễn Văn Ánh", "Nguyễn Thị Đào", "Đào Văn Nguyên"}},
		{"đào", 0, []string{"Hoàng Thị Đào", "Nguyễn Thị Đào", "Đào Văn Nguyên"}},
		{"  van   nguyen ", 0, []string{"Nguyễn Văn Ánh", "Đào Văn Nguyên"}},
		{"0912345678", 0, []string{"Nguyễn Thị Đào"}},
		{"0912 345 678", 0, []string{"Nguyễn Thị Đào"}},
		{"+84 912 345 678", 0, []string{"Nguyễn Thị Đào"}},
		{"345678", 0, []string{"Nguyễn Thị Đào"}},
		{"040178001234", 0, []string{"Nguyễn Thị Đào"}},
		{"040 178 001 234", 0, []string{"Nguyễn Thị Đào"}},
		{"kh0003", 0, []string{"Lê Thị Hoa"}},
		{"KH000", 2, []string{"Trần Văn An", "Nguyễn Văn Ánh"}},
		{"b-7_1.x", 0, []string{"Hoàng Thị Đào"}},
		{"a%b", 0, nil}, // % and _ are plain characters, not wildcards
		{"xyz", 0, nil},
		// Ordered by given name: An, Ánh, Đào (Hoàng), Đào (Nguyễn), Hoa, Nguyên.
		{"", 0, []string{"Trần Văn An", "Nguyễn Văn Ánh", "Hoàng Thị Đào", "Nguyễn Thị Đào", "Lê Thị Hoa", "Đào Văn Nguyên"}},
		{"", 3, []string{"Trần Văn An", "Nguyễn Văn Ánh", "Hoàng Thị Đào"}},
	}
	for _, c := range cases {
		got, err := s.SearchBorrowers(ctx, c.query, c.limit)
		must(t, err)
		if fmt.Sprint(names(got)) != fmt.Sprint(c.want) {
			t.Errorf("SearchBorrowers(%q, %d) = %v, want %v", c.query, c.limit, names(got), c.want)
		}
	}
	got, _ := s.SearchBorrowers(ctx, "dao thi nguyen", 0)
	if len(got) == 1 && (got[0].GroupCode != "QT-01" || got[0].Village != "Thôn Đông" || got[0].Commune != "Xã Quỳnh Thạch") {
		t.Errorf("view fields = %+v", got[0])
	}
}

func TestSearchGroups(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s, ctx := f.s, userCtx
	g := data.Group{Code: "QT-02", Name: "Tổ Hội Nông dân Bắc Sơn", VillageID: f.villageA2.ID, Association: "HND",
		FoundedOn: data.MustDate("2018-03-01")}
	must(t, s.SaveGroup(ctx, &g))
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"", []string{"QT-01", "QT-02"}},
		{"thon dong", []string{"QT-01"}},
		{"son bac", []string{"QT-02"}},
		{"qt-02", []string{"QT-02"}},
		{"tổ", []string{"QT-01", "QT-02"}},
		{"tay", nil},
	} {
		got, err := s.SearchGroups(ctx, c.query, 0)
		must(t, err)
		var codes []string
		for _, g := range got {
			codes = append(codes, g.Code)
		}
		if fmt.Sprint(codes) != fmt.Sprint(c.want) {
			t.Errorf("SearchGroups(%q) = %v, want %v", c.query, codes, c.want)
		}
	}
	if got, _ := s.SearchGroups(ctx, "", 1); len(got) != 1 {
		t.Errorf("limit 1 gave %d groups", len(got))
	}
}

var (
	familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
		"Hồ", "Ngô", "Dương", "Lý", "Đào", "Đinh", "Lương", "Quách"}
	femaleMiddle = []string{"Thị", "Thị", "Thị Thu", "Thị Minh", "Ngọc", "Thị Kim"}
	maleMiddle   = []string{"Văn", "Văn", "Đức", "Hữu", "Minh", "Quang", "Xuân"}
	femaleGiven  = []string{"Đào", "Hoa", "Lan", "Hương", "Mai", "Hằng", "Thảo", "Nga", "Huệ", "Loan", "Tuyết", "Nhung",
		"Yến", "Oanh", "Liên", "Hạnh", "Phương", "Thủy", "Xuân", "Ánh"}
	maleGiven = []string{"An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Long", "Nam", "Quân", "Sơn", "Tuấn", "Thắng",
		"Toàn", "Vinh", "Đạt", "Hiếu", "Khánh", "Lâm", "Phúc", "Trung"}
)

// generateOffice builds an office of n households in groups of 40 (simple, not the demo
// generator): 20 communes, 5 villages each.
func generateOffice(n int) *data.Dataset {
	rng := rand.New(rand.NewSource(1))
	ds := &data.Dataset{Office: data.Office{Name: "PGD thử", Province: "Nghệ An"}}
	const communes, villagesPer, perGroup = 20, 5, 40
	for c := 1; c <= communes; c++ {
		ds.Communes = append(ds.Communes, data.Commune{ID: int64(c), Code: fmt.Sprintf("%05d", 17000+c), Name: fmt.Sprintf("Xã %d", c)})
		for v := 1; v <= villagesPer; v++ {
			id := int64((c-1)*villagesPer + v)
			ds.Villages = append(ds.Villages, data.Village{ID: id, CommuneID: int64(c), Code: fmt.Sprintf("T%02d", v),
				Name: fmt.Sprintf("Thôn %d", v)})
		}
	}
	groups := (n + perGroup - 1) / perGroup
	for g := 1; g <= groups; g++ {
		village := int64((g-1)%len(ds.Villages) + 1)
		ds.Groups = append(ds.Groups, data.Group{ID: int64(g), Code: fmt.Sprintf("G%04d", g), Name: fmt.Sprintf("Tổ %d", g),
			VillageID: village, Association: data.Associations[g%4].Code, FoundedOn: data.MustDate("2012-01-01"),
			LeaderID: int64((g-1)*perGroup + 1)})
		ds.Ratings = append(ds.Ratings, data.GroupRating{GroupID: int64(g), Year: 2025, Rating: data.Ratings[g%4]})
	}
	for i := 1; i <= n; i++ {
		g := (i-1)/perGroup + 1
		b := data.Borrower{ID: int64(i), Code: fmt.Sprintf("KH%07d", i), VillageID: ds.Groups[g-1].VillageID,
			GroupID: int64(g), Category: data.Categories[i%len(data.Categories)], Active: true}
		b.BirthYear = 1950 + rng.Intn(55)
		female := rng.Intn(2) == 0
		family := familyNames[rng.Intn(len(familyNames))]
		digit := (b.BirthYear/100 - 19) * 2
		if female {
			b.Gender, digit = data.GenderFemale, digit+1
			b.Name = family + " " + femaleMiddle[rng.Intn(len(femaleMiddle))] + " " + femaleGiven[rng.Intn(len(femaleGiven))]
		} else {
			b.Gender = data.GenderMale
			b.Name = family + " " + maleMiddle[rng.Intn(len(maleMiddle))] + " " + maleGiven[rng.Intn(len(maleGiven))]
		}
		b.IDNumber = fmt.Sprintf("040%d%02d%06d", digit, b.BirthYear%100, i)
		if rng.Intn(3) > 0 {
			b.Phone = fmt.Sprintf("09%08d", i)
		}
		ds.Borrowers = append(ds.Borrowers, b)
	}
	return ds
}

func BenchmarkSearchBorrowers(b *testing.B) {
	s := newStore(b)
	ds := generateOffice(35_000)
	start := time.Now()
	must(b, s.ImportDataset(userCtx, ds))
	b.Logf("imported %d borrowers in %v", len(ds.Borrowers), time.Since(start))
	for _, c := range []struct {
		name, query string
		limit       int
	}{
		{"two_words_limit100", "nguyen thi", 100},
		{"three_words_any_order_limit100", "dao thi nguyen", 100},
		{"three_words_all", "dao thi nguyen", 0},
		{"rare_no_match", "zzz", 100},
		{"phone_exact", "0900012345", 100},
		{"code", "KH0012345", 100},
		{"empty_limit100", "", 100},
		{"empty_all_35000", "", 0},
	} {
		b.Run(c.name, func(b *testing.B) {
			var n int
			for b.Loop() {
				got, err := s.SearchBorrowers(userCtx, c.query, c.limit)
				if err != nil {
					b.Fatal(err)
				}
				n = len(got)
			}
			b.ReportMetric(float64(n), "rows")
		})
	}
}

func BenchmarkImportDataset(b *testing.B) {
	ds := generateOffice(35_000)
	for b.Loop() {
		b.StopTimer()
		s := newStore(b)
		b.StartTimer()
		must(b, s.ImportDataset(userCtx, ds))
	}
}
