package demo

import (
	"fmt"
	"math/rand/v2"

	"policycredit/data"
)

// Household categories in the proportions of an office's portfolio.
var categoryMix = []choice[data.Category]{
	{data.CategoryPoor, 35}, {data.CategoryNearPoor, 30}, {data.CategoryNewlyOut, 15},
	{data.CategoryBeneficiary, 8}, {data.CategoryOther, 12},
}

// Mobile prefixes of the Vietnamese networks, weighted roughly by market share (Viettel first).
var phonePrefixes = []choice[string]{
	{"086", 4}, {"096", 5}, {"097", 6}, {"098", 6}, {"032", 3}, {"033", 3}, {"034", 3},
	{"035", 3}, {"036", 3}, {"037", 3}, {"038", 3}, {"039", 3}, // Viettel
	{"088", 2}, {"091", 4}, {"094", 4}, {"081", 1}, {"082", 1}, {"083", 1}, {"084", 1},
	{"085", 1}, // Vinaphone
	{"089", 1}, {"090", 3}, {"093", 2}, {"070", 1}, {"076", 1}, {"077", 1}, {"078", 1},
	{"079", 1},                                                 // MobiFone
	{"092", 1}, {"056", 1}, {"058", 1}, {"099", 1}, {"059", 1}, // Vietnamobile, Gmobile
}

// Notes on households that have left.
var leftNotes = []string{"Chuyển khẩu đi nơi khác", "Cả hộ đi làm ăn xa", "Đã trả hết nợ, xin ra khỏi tổ"}

// borrowers builds the households commune by commune: each group's members, then the few
// households of the commune that belong to no group. IDs follow that order.
func (g *generator) borrowers() {
	r := g.stream(streamBorrowers)
	g.custSeq = 1 + r.IntN(300)

	villageCommune := make([]int, len(g.ds.Villages)) // commune index by village index
	for i, v := range g.ds.Villages {
		villageCommune[i] = int(v.CommuneID - 1)
	}
	groupsOf := make([][]int, len(g.ds.Communes))
	for i, gr := range g.ds.Groups {
		ci := villageCommune[gr.VillageID-1]
		groupsOf[ci] = append(groupsOf[ci], i)
	}
	inGroups := 0
	for _, s := range g.groupSize {
		inGroups += s
	}
	outside := make([]int, len(g.ds.Villages)) // households in no group, by village index
	for range g.scale.Households - inGroups {
		outside[r.IntN(len(outside))]++
	}

	g.ds.Borrowers = make([]data.Borrower, 0, g.scale.Households)
	g.members = make([][]int, len(g.ds.Groups))
	for ci := range g.ds.Communes {
		for _, gi := range groupsOf[ci] {
			gr := &g.ds.Groups[gi]
			for range g.groupSize[gi] {
				g.members[gi] = append(g.members[gi], len(g.ds.Borrowers))
				g.ds.Borrowers = append(g.ds.Borrowers, g.household(r, int(gr.VillageID-1), gr.ID, gr.Association))
			}
			gr.Members = g.groupSize[gi]
			gr.LeaderID = g.leader(r, gi)
		}
		for vi, n := range outside {
			if villageCommune[vi] != ci {
				continue
			}
			for range n {
				g.ds.Borrowers = append(g.ds.Borrowers, g.household(r, vi, 0, ""))
			}
		}
	}
}

// household draws one household's representative. The association shapes who represents it:
// women in Women's Union groups, mostly men and older people in Veterans' groups, younger
// people in Youth Union groups.
func (g *generator) household(r *rand.Rand, village int, groupID int64, assoc string) data.Borrower {
	malePercent, birth := 50, 0
	switch assoc {
	case "HPN":
		malePercent = 8
	case "CCB":
		malePercent, birth = 85, 1950+r.IntN(30)
	case "HND":
		malePercent = 55
	case "DTN":
		birth = 1982 + r.IntN(24)
	}
	if birth == 0 {
		// Household heads are mostly 30 to 60: a triangle peaking around 1978, a tail of elders.
		birth = 1953 + r.IntN(27) + r.IntN(27)
		if r.IntN(100) < 4 {
			birth = 1950 + r.IntN(6)
		}
	}
	gender := data.GenderFemale
	if r.IntN(100) < malePercent {
		gender = data.GenderMale
	}
	eth := g.villageEth[village]
	if len(g.prof.ethnic) > 0 && r.IntN(100) < 15 {
		eth = pick(r, g.prof.ethnic) // mixed marriages and newcomers
	}
	g.custSeq += 1 + r.IntN(3) // codes were issued over years; closed ones leave gaps
	b := data.Borrower{
		ID:        int64(len(g.ds.Borrowers) + 1),
		Code:      fmt.Sprintf("%s%07d", g.prof.custPrefix, g.custSeq),
		Name:      personName(r, g.prof.region, eth, gender),
		Gender:    gender,
		BirthYear: birth,
		IDNumber:  g.idNumber(r, birth, gender),
		Phone:     g.phone(r),
		VillageID: int64(village + 1),
		GroupID:   groupID,
		Category:  pick(r, categoryMix),
		Ethnicity: eth,
		Active:    r.IntN(100) >= 2,
	}
	if !b.Active {
		b.Note = one(r, leftNotes)
	}
	return b
}

// idNumber draws a unique citizen ID — province code, century-and-sex digit, two digits of
// the birth year, six digits — or, for about 5 %, an old 9-digit ID card; about 1 % have none
// on file.
func (g *generator) idNumber(r *rand.Rand, birth int, gender data.Gender) string {
	x := r.IntN(100)
	if x < 1 {
		return ""
	}
	for {
		var id string
		if x < 6 {
			id = fmt.Sprintf("%s%07d", g.prof.cmnd, r.IntN(10_000_000))
		} else {
			centurySex := (birth/100 - 19) * 2
			if gender == data.GenderFemale {
				centurySex++
			}
			id = fmt.Sprintf("%s%d%02d%06d", g.prof.cccd, centurySex, birth%100, r.IntN(1_000_000))
		}
		if !g.usedIDs[id] {
			g.usedIDs[id] = true
			return id
		}
	}
}

// phone draws a unique mobile number; about 15 % of households gave none.
func (g *generator) phone(r *rand.Rand) string {
	if r.IntN(100) < 15 {
		return ""
	}
	for {
		p := fmt.Sprintf("%s%07d", pick(r, phonePrefixes), r.IntN(10_000_000))
		if !g.usedPhones[p] {
			g.usedPhones[p] = true
			return p
		}
	}
}

// leader picks the group leader among its active members: a woman in a Women's Union group,
// a man in a Veterans' group, and someone over 30 where possible.
func (g *generator) leader(r *rand.Rand, gi int) int64 {
	want := data.GenderUnknown
	switch g.ds.Groups[gi].Association {
	case "HPN":
		want = data.GenderFemale
	case "CCB":
		want = data.GenderMale
	}
	var best, fallback []int
	for _, bi := range g.members[gi] {
		b := &g.ds.Borrowers[bi]
		if !b.Active {
			continue
		}
		fallback = append(fallback, bi)
		if (want == data.GenderUnknown || b.Gender == want) && b.BirthYear <= g.until.Year()-30 {
			best = append(best, bi)
		}
	}
	switch {
	case len(best) > 0:
		return g.ds.Borrowers[best[r.IntN(len(best))]].ID
	case len(fallback) > 0:
		return g.ds.Borrowers[fallback[r.IntN(len(fallback))]].ID
	}
	return g.ds.Borrowers[g.members[gi][0]].ID
}
