// Package demo builds a whole transaction office in memory — office, communes, villages,
// transaction points, savings-and-loan groups and households — for demonstrations, screenshots
// and benchmarks. The data is shown to bank staff, so it is made to look like a real office:
// Vietnamese names with correct diacritics, real-looking codes and identifiers, and the
// proportions the bank publishes. The same seed always gives the same office.
package demo

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"

	"policycredit/data"
)

// Scale is the size of a generated office (design.md, "Scales for demo data").
type Scale struct {
	Name                                         string
	Communes, Groups, Households, Loans, Entries int
}

// Scales are the named sizes used by the demo command and the benchmarks.
var Scales = map[string]Scale{
	"small":    {Name: "small", Communes: 3, Groups: 12, Households: 500, Loans: 700, Entries: 20_000},
	"district": {Name: "district", Communes: 17, Groups: 290, Households: 10_600, Loans: 15_000, Entries: 1_000_000},
	"large":    {Name: "large", Communes: 60, Groups: 1_000, Households: 35_000, Loans: 50_000, Entries: 4_000_000},
}

// ScaleNames lists the named scales from smallest to largest, for flag help and menus.
func ScaleNames() []string {
	names := make([]string, 0, len(Scales))
	for n := range Scales {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return Scales[names[i]].Households < Scales[names[j]].Households })
	return names
}

// ScaleNamed looks a scale up by name, ignoring case and surrounding spaces.
func ScaleNamed(name string) (Scale, error) {
	if s, ok := Scales[strings.ToLower(strings.TrimSpace(name))]; ok {
		return s, nil
	}
	return Scale{}, fmt.Errorf("unknown demo scale %q (known: %s)", name, strings.Join(ScaleNames(), ", "))
}

// Group size bounds: domain.md gives 20–55 members for a real group; the configured maximum
// (data.DefaultSettings) is never exceeded either.
const (
	minGroupSize = 20
	maxGroupSize = 55
)

// Check reports a scale that cannot be built: every group needs at least 20 households, and
// commune codes and names must stay unique.
func (s Scale) Check() error {
	switch {
	case s.Communes < 1 || s.Communes > 500:
		return fmt.Errorf("demo scale %q: communes must be 1–500, not %d", s.Name, s.Communes)
	case s.Groups < 0 || s.Households < 0 || s.Loans < 0 || s.Entries < 0:
		return fmt.Errorf("demo scale %q: counts must not be negative", s.Name)
	case s.Households < s.Groups*minGroupSize:
		return fmt.Errorf("demo scale %q: %d groups need at least %d households, not %d",
			s.Name, s.Groups, s.Groups*minGroupSize, s.Households)
	case s.Loans > 0 && s.Households == 0:
		return fmt.Errorf("demo scale %q: %d loans need households to lend to", s.Name, s.Loans)
	}
	return nil
}

// Generate builds an office of exactly the given scale, its history running up to until (the
// day the office stands on: today for the app and the command line, Today in tests). IDs run
// 1..n in each table, so the dataset can be loaded into an empty database as is. It panics
// when scale.Check fails or until is before EarliestUntil, since both are a programmer's
// choice, not user input. The same scale, seed and until always give the same office.
//
// Loans come last, on random streams of their own, so that the places, groups and people of
// a seed are the same whatever the loans: exactly scale.Loans loans with their original
// schedules, and a ledger of about scale.Entries entries (loan histories up to until and the
// members' savings) with IDs 1..n in posting order. Loans are signed over the last ten
// years (fewer when the entries would not fit), weighted to recent years.
func Generate(scale Scale, seed int64, until data.Date) *data.Dataset {
	ds, _ := generate(scale, seed, until)
	return ds
}

// generate is Generate with the loans stage's measurements, for tests.
func generate(scale Scale, seed int64, until data.Date) (*data.Dataset, loanStats) {
	if err := scale.Check(); err != nil {
		panic(err)
	}
	if until.Before(EarliestUntil) {
		panic(fmt.Sprintf("demo: end date %s is before %s", until, EarliestUntil))
	}
	g := newGenerator(scale, seed, until)
	g.chooseOffice()
	g.places()
	g.groups()
	g.borrowers()
	g.rankCommunes()
	g.loans()
	g.capital()
	g.outcomes()
	return g.ds, g.stats
}

// Random streams, one per stage, so that changing or adding one stage leaves the others'
// output unchanged.
const (
	streamOffice uint64 = iota + 1
	streamPlaces
	streamGroups
	streamBorrowers
	streamLoans     // loan planning: who borrows what, when
	streamHistory   // one sub-stream per loan: its fate and its payments
	streamSavings   // one sub-stream per saver
	streamDisaster  // the communes the office's disaster struck
	streamDecisions // numbering of decisions
	streamStanding  // how well each commune repays
	streamCalibrate // the loans the end date's calibration settles or stops
	streamCapital   // the local budgets' decisions entrusting capital
)

// generator carries one Generate call's state between stages.
type generator struct {
	scale Scale
	seed  int64
	until data.Date // the day the office stands on: histories stop there
	ds    *data.Dataset
	prof  *officeProfile

	// filled by places
	communeGroups []int    // number of groups per commune, by commune index
	ward          []bool   // commune is a phường, by commune index
	villageEth    []string // dominant ethnicity, by village index (ID-1)

	// filled by groups
	groupSize []int // households per group, by group index (ID-1)

	// filled by borrowers
	members    [][]int // borrower indexes per group index
	usedIDs    map[string]bool
	usedPhones map[string]bool
	custSeq    int

	// filled by rankCommunes
	standing []standing // by commune index

	// measured by loans
	stats loanStats
}

func newGenerator(scale Scale, seed int64, until data.Date) *generator {
	return &generator{
		scale:      scale,
		seed:       seed,
		until:      until,
		ds:         &data.Dataset{},
		usedIDs:    make(map[string]bool, scale.Households),
		usedPhones: make(map[string]bool, scale.Households),
	}
}

// stream returns the random source of one stage, seeded from the seed and the stage alone.
func (g *generator) stream(stage uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(g.seed), 0x9e3779b97f4a7c15^stage))
}

func (g *generator) chooseOffice() {
	r := g.stream(streamOffice)
	g.prof = &offices[r.IntN(len(offices))]
	g.ds.Office = data.Office{
		Name:     "Phòng giao dịch NHCSXH " + g.prof.district,
		Branch:   "Chi nhánh NHCSXH tỉnh " + g.prof.province,
		Province: g.prof.province,
	}
}

// Password is the demo office's password for every demo user: demo data only, never a real
// office's.
const Password = "demo-office-2026"

// Users are the demo office's users, one for each role, all with Password.
func Users() []data.DatasetUser {
	return []data.DatasetUser{
		{Name: "giamdoc", FullName: "Nguyễn Văn Minh", Role: data.RoleDirector, Password: Password},
		{Name: "ketoan", FullName: "Trần Thị Hạnh", Role: data.RoleAccountant, Password: Password},
		{Name: "tindung", FullName: "Lê Văn Tùng", Role: data.RoleCredit, Password: Password},
		{Name: "giaodich", FullName: "Phạm Thị Lan", Role: data.RoleTeller, Password: Password},
		{Name: "quantri", FullName: "Hoàng Văn Quân", Role: data.RoleAdmin, Password: Password},
	}
}
