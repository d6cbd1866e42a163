package demo

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"policycredit/data"
)

func TestScaleNamed(t *testing.T) {
	t.Parallel()
	for name, s := range Scales {
		if s.Name != name {
			t.Errorf("Scales[%q].Name = %q", name, s.Name)
		}
		got, err := ScaleNamed(" " + strings.ToUpper(name) + " ")
		if err != nil || got != s {
			t.Errorf("ScaleNamed(%q) = %+v, %v", name, got, err)
		}
		if err := s.Check(); err != nil {
			t.Errorf("named scale %q fails Check: %v", name, err)
		}
	}
	if _, err := ScaleNamed("huge"); err == nil || !strings.Contains(err.Error(), "small, district, large") {
		t.Errorf("ScaleNamed(huge) error = %v, want the known names listed", err)
	}
	want := Scale{Name: "district", Communes: 17, Groups: 290, Households: 10_600, Loans: 15_000, Entries: 1_000_000}
	if Scales["district"] != want {
		t.Errorf("district = %+v, want design.md's %+v", Scales["district"], want)
	}
}

func TestCheckRejectsImpossibleScales(t *testing.T) {
	t.Parallel()
	for _, s := range []Scale{
		{Name: "no communes", Communes: 0, Groups: 1, Households: 30},
		{Name: "groups too small", Communes: 1, Groups: 10, Households: 199},
		{Name: "negative", Communes: 1, Households: -1},
	} {
		if s.Check() == nil {
			t.Errorf("Check(%+v) = nil, want an error", s)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Generate on an impossible scale did not panic")
		}
	}()
	Generate(Scale{Communes: 1, Groups: 10, Households: 100}, 1, Today)
}

// TestScales builds every named scale and checks counts and every invariant; the large one is
// skipped with -short.
func TestScales(t *testing.T) {
	t.Parallel()
	for _, name := range ScaleNames() {
		t.Run(name, func(t *testing.T) {
			// The large office takes most of the package's time: `make test` sets
			// POLICYCREDIT_TEST_LARGE=1 to run it; a plain `go test` skips it.
			if name == "large" && (testing.Short() || os.Getenv("POLICYCREDIT_TEST_LARGE") != "1") {
				t.Skip("large scale: set POLICYCREDIT_TEST_LARGE=1 (make test does)")
			}
			t.Parallel()
			s := Scales[name]
			var ds *data.Dataset
			if name == "district" {
				ds = districtDataset(t) // the same seed, shared with the loan tests
			} else {
				start := time.Now()
				var st loanStats
				ds, st = generate(s, testSeed, Today)
				t.Logf("%s: generated in %v; %s", name, time.Since(start), st)
			}
			if len(ds.Communes) != s.Communes || len(ds.Groups) != s.Groups || len(ds.Borrowers) != s.Households {
				t.Fatalf("got %d communes, %d groups, %d borrowers; want %d, %d, %d",
					len(ds.Communes), len(ds.Groups), len(ds.Borrowers), s.Communes, s.Groups, s.Households)
			}
			checkDataset(t, ds)
			checkLoans(t, ds, s)
			within(t, "entries", len(ds.Entries), s.Entries)
			if got, want := nonLoanHash(t, ds), nonLoanHash(t, Generate(withoutLoans(s), testSeed, Today)); got != want {
				t.Errorf("the loans stage changed places or people")
			}
		})
	}
}

// Odd but possible scales must still come out consistent.
func TestUnusualScales(t *testing.T) {
	t.Parallel()
	for _, s := range []Scale{
		{Name: "one group", Communes: 1, Groups: 1, Households: 20},
		{Name: "more communes than groups", Communes: 5, Groups: 2, Households: 300},
		{Name: "no groups", Communes: 2, Groups: 0, Households: 40},
		{Name: "empty", Communes: 1},
		{Name: "crowded", Communes: 3, Groups: 10, Households: 560},
		{Name: "most communes", Communes: 500, Groups: 600, Households: 20_000},
		{Name: "one group with loans", Communes: 1, Groups: 1, Households: 25, Loans: 60, Entries: 1_500},
		{Name: "loans but no groups", Communes: 2, Groups: 0, Households: 40, Loans: 30, Entries: 800},
		{Name: "loans, no room for entries", Communes: 1, Groups: 2, Households: 50, Loans: 80},
		{Name: "more loans than households", Communes: 1, Groups: 1, Households: 20, Loans: 90, Entries: 3_000},
	} {
		t.Run(s.Name, func(t *testing.T) {
			ds := Generate(s, 7, Today)
			if len(ds.Communes) != s.Communes || len(ds.Groups) != s.Groups || len(ds.Borrowers) != s.Households {
				t.Fatalf("got %d/%d/%d", len(ds.Communes), len(ds.Groups), len(ds.Borrowers))
			}
			checkDataset(t, ds)
			checkLoans(t, ds, s)
			replay(t, ds, 1)
		})
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	a := districtDataset(t)
	b := Generate(Scales["district"], testSeed, Today)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different datasets")
	}
	// Loans change nothing else, so the other seed can do without them.
	c := Generate(withoutLoans(Scales["district"]), testSeed+1, Today)
	if reflect.DeepEqual(a, c) {
		t.Fatal("different seeds gave the same dataset")
	}
	same := 0
	for i := range a.Borrowers {
		if a.Borrowers[i].Name == c.Borrowers[i].Name && a.Borrowers[i].IDNumber == c.Borrowers[i].IDNumber {
			same++
		}
	}
	if same > len(a.Borrowers)/100 {
		t.Errorf("seeds 42 and 43 share %d of %d borrowers", same, len(a.Borrowers))
	}
}

// checkDataset asserts every rule a generated office must keep.
func checkDataset(t *testing.T, ds *data.Dataset) {
	t.Helper()
	var prof *officeProfile
	for i := range offices {
		if ds.Office.Name == "Phòng giao dịch NHCSXH "+offices[i].district {
			prof = &offices[i]
		}
	}
	if prof == nil || ds.Office.Branch != "Chi nhánh NHCSXH tỉnh "+prof.province || ds.Office.Province != prof.province {
		t.Fatalf("office %+v is not one of the profiles", ds.Office)
	}

	// validates runs Validate on a copy and fails when it errs or has to normalise anything:
	// generated data must already be in stored form.
	validates := func(what string, rec any, validate func() error, after any) {
		t.Helper()
		if err := validate(); err != nil {
			t.Errorf("%s %+v: %v", what, rec, err)
		} else if !reflect.DeepEqual(rec, after) {
			t.Errorf("%s changed on Validate: %+v → %+v", what, rec, after)
		}
	}
	unique := func(what string) func(string) {
		seen := map[string]bool{}
		return func(k string) {
			t.Helper()
			if seen[k] {
				t.Errorf("duplicate %s %q", what, k)
			}
			seen[k] = true
		}
	}

	communeCode, communeName := unique("commune code"), unique("commune name")
	for i, c := range ds.Communes {
		if c.ID != int64(i+1) {
			t.Fatalf("commune %d has ID %d", i, c.ID)
		}
		cp := c
		validates("commune", c, cp.Validate, cp)
		communeCode(c.Code)
		communeName(c.Name)
		if !strings.HasPrefix(c.Name, "Xã ") && !strings.HasPrefix(c.Name, "Phường ") {
			t.Errorf("commune name %q lacks Xã/Phường", c.Name)
		}
		checkText(t, c.Name, c.FormerName)
	}

	villageCode := unique("village code")
	villageNames := map[int64]func(string){}
	for i, v := range ds.Villages {
		if v.ID != int64(i+1) {
			t.Fatalf("village %d has ID %d", i, v.ID)
		}
		if v.CommuneID < 1 || int(v.CommuneID) > len(ds.Communes) {
			t.Fatalf("village %+v has no commune", v)
		}
		vp := v
		validates("village", v, vp.Validate, vp)
		villageCode(v.Code)
		if villageNames[v.CommuneID] == nil {
			villageNames[v.CommuneID] = unique(fmt.Sprintf("village name in commune %d", v.CommuneID))
		}
		villageNames[v.CommuneID](v.Name)
		checkText(t, v.Name)
	}

	pointCode := unique("point code")
	servedBy := make([]int, len(ds.Villages))
	pointsOf := make([]int, len(ds.Communes))
	for i, p := range ds.Points {
		if p.ID != int64(i+1) {
			t.Fatalf("point %d has ID %d", i, p.ID)
		}
		pp := p
		validates("point", p, pp.Validate, pp)
		pointCode(p.Code)
		checkText(t, p.Name)
		pointsOf[p.CommuneID-1]++
		if len(p.VillageIDs) == 0 {
			t.Errorf("point %s serves no village", p.Code)
		}
		for _, vid := range p.VillageIDs {
			if ds.Villages[vid-1].CommuneID != p.CommuneID {
				t.Errorf("point %s serves village %d of another commune", p.Code, vid)
			}
			servedBy[vid-1]++
		}
	}
	for i, n := range servedBy {
		if n != 1 {
			t.Errorf("village %d is served by %d points", i+1, n)
		}
	}
	for i, n := range pointsOf {
		if n < 1 || n > 3 {
			t.Errorf("commune %d has %d points", i+1, n)
		}
	}

	groupCode := unique("group code")
	groupsIn := make([]int, len(ds.Villages))
	for i, g := range ds.Groups {
		if g.ID != int64(i+1) {
			t.Fatalf("group %d has ID %d", i, g.ID)
		}
		gp := g
		validates("group", g, gp.Validate, gp)
		groupCode(g.Code)
		checkText(t, g.Name)
		if !strings.HasPrefix(g.Name, "Tổ TK&VV ") {
			t.Errorf("group name %q", g.Name)
		}
		if g.Status != data.GroupActive {
			t.Errorf("group %s status %q", g.Code, g.Status)
		}
		if y := g.FoundedOn.Year(); y < 2003 || y > 2024 {
			t.Errorf("group %s founded %v", g.Code, g.FoundedOn)
		}
		groupsIn[g.VillageID-1]++
	}
	if len(ds.Groups) > 0 {
		for i, n := range groupsIn {
			// Communes without groups happen only when there are more communes than groups.
			commune := ds.Villages[i].CommuneID
			if n > 3 || (n == 0 && len(ds.Groups) >= len(ds.Communes)) {
				t.Errorf("village %d (commune %d) has %d groups, want 1–3", i+1, commune, n)
			}
		}
	}

	ratings := map[int64][]data.GroupRating{}
	for _, r := range ds.Ratings {
		rp := r
		validates("rating", r, rp.Validate, rp)
		ratings[r.GroupID] = append(ratings[r.GroupID], r)
	}
	for _, g := range ds.Groups {
		rs := ratings[g.ID]
		if len(rs) == 0 {
			t.Errorf("group %s has no rating", g.Code)
			continue
		}
		for k, r := range rs {
			want := max(Today.Year()-ratedYears, g.FoundedOn.Year()) + k
			if r.Year != want {
				t.Errorf("group %s rating %d is for %d, want %d", g.Code, k, r.Year, want)
			}
		}
		last := rs[len(rs)-1]
		if last.Year != Today.Year()-1 || g.LatestRating != last.Rating || g.RatingYear != last.Year {
			t.Errorf("group %s latest rating %s/%d, ratings end %+v", g.Code, g.LatestRating, g.RatingYear, last)
		}
	}

	customer, idNumber, phone := unique("customer code"), unique("ID number"), unique("phone")
	members := make([]int, len(ds.Groups))
	for i, b := range ds.Borrowers {
		if b.ID != int64(i+1) {
			t.Fatalf("borrower %d has ID %d", i, b.ID)
		}
		bp := b
		validates("borrower", b, func() error { return bp.Validate(Today.Year()) }, bp)
		customer(b.Code)
		if len(b.Code) != 11 || !strings.HasPrefix(b.Code, prof.custPrefix) {
			t.Errorf("customer code %q, want %s and 7 digits", b.Code, prof.custPrefix)
		}
		if b.IDNumber != "" {
			idNumber(b.IDNumber)
			if len(b.IDNumber) == 12 && b.IDNumber[:3] != prof.cccd {
				t.Errorf("citizen ID %s not from %s (%s)", b.IDNumber, prof.province, prof.cccd)
			}
		}
		if b.Phone != "" {
			phone(b.Phone)
		}
		if b.BirthYear < 1950 || b.BirthYear > 2005 {
			t.Errorf("%s born %d", b.Name, b.BirthYear)
		}
		if b.Gender != data.GenderMale && b.Gender != data.GenderFemale {
			t.Errorf("%s gender %q", b.Name, b.Gender)
		}
		checkPersonName(t, b)
		if b.GroupID != 0 {
			members[b.GroupID-1]++
			if g := ds.Groups[b.GroupID-1]; g.VillageID != b.VillageID {
				t.Errorf("borrower %s lives in village %d, its group %s in %d", b.Code, b.VillageID, g.Code, g.VillageID)
			}
		}
		if prof.ethnic == nil && b.Ethnicity != "Kinh" {
			t.Errorf("lowland office has a %s borrower", b.Ethnicity)
		}
	}
	maxMembers := min(55, data.DefaultSettings().GroupMaxMembers)
	for i, g := range ds.Groups {
		if members[i] < 20 || members[i] > maxMembers {
			t.Errorf("group %s has %d members", g.Code, members[i])
		}
		if g.Members != members[i] {
			t.Errorf("group %s says %d members, has %d", g.Code, g.Members, members[i])
		}
		if g.LeaderID < 1 || int(g.LeaderID) > len(ds.Borrowers) {
			t.Errorf("group %s has leader %d", g.Code, g.LeaderID)
			continue
		}
		if l := ds.Borrowers[g.LeaderID-1]; l.GroupID != g.ID || !l.Active {
			t.Errorf("group %s leader %+v is not an active member", g.Code, l)
		}
	}
}

// checkPersonName: NFC, letters only, three words or more, gender matching the middle name.
func checkPersonName(t *testing.T, b data.Borrower) {
	t.Helper()
	checkText(t, b.Name)
	words := strings.Fields(b.Name)
	if len(words) < 3 || strings.Join(words, " ") != b.Name {
		t.Errorf("name %q is not family, middle and given name", b.Name)
	}
	for _, r := range b.Name {
		if !unicode.IsLetter(r) && r != ' ' {
			t.Errorf("name %q has %q", b.Name, r)
		}
	}
	middle := words[1 : len(words)-1]
	if b.Gender == data.GenderMale && middle[0] == "Thị" || b.Gender == data.GenderFemale && middle[0] == "Văn" {
		t.Errorf("%s is %s", b.Name, b.Gender)
	}
}

// checkText: every name is stored composed (NFC), or it would sort, search and print wrongly.
func checkText(t *testing.T, ss ...string) {
	t.Helper()
	for _, s := range ss {
		if !norm.NFC.IsNormalString(s) {
			t.Errorf("%q is not NFC", s)
		}
	}
}

// TestLooksReal checks the proportions the brief and the bank's figures call for, pooled over
// several seeds and so several offices.
func TestLooksReal(t *testing.T) {
	t.Parallel()
	var n, nguyen, kinh, diacritics, noGroup, inactive, noPhone, oldID, noID int
	cats := map[data.Category]int{}
	assoc := map[string]int{}
	rated := map[data.Rating]int{}
	var ratings, merged, communes int
	eth := map[string]int{}
	for seed := int64(1); seed <= 20; seed++ {
		ds := Generate(withoutLoans(Scales["district"]), seed, Today) // people only: loans change none
		for _, b := range ds.Borrowers {
			n++
			if b.Ethnicity == "Kinh" {
				kinh++
				if strings.HasPrefix(b.Name, "Nguyễn ") {
					nguyen++
				}
			}
			eth[b.Ethnicity]++
			for _, r := range b.Name {
				if r > unicode.MaxASCII {
					diacritics++
					break
				}
			}
			cats[b.Category]++
			if b.GroupID == 0 {
				noGroup++
			}
			if !b.Active {
				inactive++
			}
			if b.Phone == "" {
				noPhone++
			}
			switch len(b.IDNumber) {
			case 0:
				noID++
			case 9:
				oldID++
			}
		}
		for _, g := range ds.Groups {
			assoc[g.Association]++
		}
		for _, r := range ds.Ratings {
			rated[r.Rating]++
			ratings++
		}
		for _, c := range ds.Communes {
			communes++
			if c.FormerName != "" {
				merged++
			}
		}
	}
	pct := func(k, of int) float64 { return 100 * float64(k) / float64(of) }
	within := func(what string, got, lo, hi float64) {
		t.Helper()
		if got < lo || got > hi {
			t.Errorf("%s = %.1f %%, want %.0f–%.0f %%", what, got, lo, hi)
		} else {
			t.Logf("%s = %.1f %%", what, got)
		}
	}
	within("Nguyễn among Kinh", pct(nguyen, kinh), 34, 42)
	within("names with diacritics", pct(diacritics, n), 95, 100)
	within("households in no group", pct(noGroup, n), 2, 4)
	within("inactive", pct(inactive, n), 1, 3)
	within("no phone", pct(noPhone, n), 12, 18)
	within("old 9-digit ID", pct(oldID, n), 3.5, 6.5)
	within("no ID", pct(noID, n), 0.3, 2)
	within("poor", pct(cats[data.CategoryPoor], n), 32, 38)
	within("near-poor", pct(cats[data.CategoryNearPoor], n), 27, 33)
	within("newly out", pct(cats[data.CategoryNewlyOut], n), 13, 17)
	within("beneficiary", pct(cats[data.CategoryBeneficiary], n), 6, 10)
	within("weak ratings", pct(rated[data.RatingWeak], ratings), 1, 8)
	within("good or fair ratings", pct(rated[data.RatingGood]+rated[data.RatingFair], ratings), 75, 92)
	within("merged communes", pct(merged, communes), 20, 50)
	if !(assoc["HPN"] > assoc["CCB"] && assoc["HND"] > assoc["CCB"] && assoc["CCB"] > assoc["DTN"] && assoc["DTN"] > 0) {
		t.Errorf("associations %v: want HPN and HND most, DTN least", assoc)
	}
	for _, e := range []string{"Kinh", "Thái", "Mường", "Tày", "H'Mông", "Dao", "Khơ Mú"} {
		if eth[e] == 0 {
			t.Errorf("no %s borrower in 20 offices", e)
		}
	}
	if pct(kinh, n) < 50 {
		t.Errorf("Kinh %.1f %%: most offices are lowland", pct(kinh, n))
	}
}

// TestPoolsAreNFC guards the word lists themselves: a decomposed accent typed into the source
// would otherwise surface only for the seeds that draw it.
func TestPoolsAreNFC(t *testing.T) {
	t.Parallel()
	lists := [][]string{
		kinhFemaleSecond, kinhMaleGiven, kinhFemaleGiven, sinoFirst, sinoSecond, villagePlaces,
		taiFirst, taiSecond, southFirst, southSecond, leftNotes,
	}
	for _, cs := range [][]choice[string]{kinhFamilies, kinhMaleMiddles, kinhFemaleMiddles, associationMix, phonePrefixes} {
		var l []string
		for _, c := range cs {
			l = append(l, c.v)
		}
		lists = append(lists, l)
	}
	for e, p := range minorityNames {
		lists = append(lists, []string{e}, p.families, p.maleMiddle, p.femaleMiddle, p.maleGiven, p.femaleGiven)
	}
	for _, o := range offices {
		lists = append(lists, []string{o.district, o.province, o.prefix}, o.villageW)
		for _, c := range o.ethnic {
			lists = append(lists, []string{c.v})
		}
	}
	for _, l := range lists {
		checkText(t, l...)
	}
}

func BenchmarkGenerateLarge(b *testing.B) {
	s := Scales["large"]
	for i := 0; b.Loop(); i++ {
		Generate(s, int64(i), Today)
	}
}
