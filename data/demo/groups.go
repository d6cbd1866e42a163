package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"policycredit/data"
)

// Associations' shares of groups: the Women's Union and the Farmers' Association manage most
// groups, the Youth Union fewest.
var associationMix = []choice[string]{{"HPN", 36}, {"HND", 33}, {"CCB", 19}, {"DTN", 12}}

// A group's usual grade; each year's rating stays near it.
var ratingMix = []choice[data.Rating]{
	{data.RatingGood, 56}, {data.RatingFair, 30}, {data.RatingAverage, 10}, {data.RatingWeak, 4},
}

// ratedYears is how many past years carry a rating.
const ratedYears = 5

// householdsInGroups is how many households belong to a group: about 97 %, but never so many
// or so few that a group would leave 20–55 members.
func householdsInGroups(s Scale) int {
	if s.Groups == 0 {
		return 0
	}
	n := s.Households - (s.Households*3+50)/100
	return min(max(n, s.Groups*minGroupSize), s.Groups*maxGroupSize, s.Households)
}

// groups builds the groups village by village, their sizes and their yearly ratings.
func (g *generator) groups() {
	r := g.stream(streamGroups)
	vi := 0 // index of the commune's first village in ds.Villages
	for ci, c := range g.ds.Communes {
		vEnd := vi
		for vEnd < len(g.ds.Villages) && g.ds.Villages[vEnd].CommuneID == c.ID {
			vEnd++
		}
		perVillage := groupsPerVillage(r, g.communeGroups[ci], vEnd-vi)
		seq := 0
		for k, count := range perVillage {
			v := g.ds.Villages[vi+k]
			for j := range count {
				seq++
				g.addGroup(r, c, v, seq, j+1, count)
			}
		}
		vi = vEnd
	}
	g.groupSize = groupSizes(r, len(g.ds.Groups), householdsInGroups(g.scale))
}

// groupsPerVillage gives every village one group, then the rest at random, at most three each.
func groupsPerVillage(r *rand.Rand, groups, villages int) []int {
	out := make([]int, villages)
	if groups == 0 {
		return out
	}
	for i := range out {
		out[i] = 1
	}
	for left := groups - villages; left > 0; {
		if i := r.IntN(villages); out[i] < 3 {
			out[i]++
			left--
		}
	}
	return out
}

func (g *generator) addGroup(r *rand.Rand, c data.Commune, v data.Village, seq, nth, inVillage int) {
	name := "Tổ TK&VV " + lowerFirst(v.Name)
	if inVillage > 1 {
		name = "Tổ TK&VV số " + strconv.Itoa(nth) + " " + lowerFirst(v.Name)
	}
	gr := data.Group{
		ID:          int64(len(g.ds.Groups) + 1),
		Code:        fmt.Sprintf("%s-T%02d", c.Code, seq),
		Name:        name,
		VillageID:   v.ID,
		Association: pick(r, associationMix),
		FoundedOn:   foundingDate(r),
		Status:      data.GroupActive,
	}
	g.rate(r, &gr)
	g.ds.Groups = append(g.ds.Groups, gr)
}

// foundingDate: most groups were set up when the bank started (2003–2008), fewer since.
func foundingDate(r *rand.Rand) data.Date {
	var year int
	switch x := r.IntN(100); {
	case x < 50:
		year = 2003 + r.IntN(6)
	case x < 80:
		year = 2009 + r.IntN(8)
	default:
		year = 2017 + r.IntN(8)
	}
	return data.NewDate(year, time.Month(1+r.IntN(12)), 1+r.IntN(28))
}

// rate gives the group a rating for each of the last years it existed, mostly its usual grade,
// sometimes one step better or worse, and records the latest on the group as a read would.
func (g *generator) rate(r *rand.Rand, gr *data.Group) {
	usual, grade := 0, pick(r, ratingMix)
	for i, x := range data.Ratings {
		if x == grade {
			usual = i
		}
	}
	for year := max(g.until.Year()-ratedYears, gr.FoundedOn.Year()); year < g.until.Year(); year++ {
		i := usual
		if r.IntN(100) < 30 {
			i += 1 - 2*r.IntN(2)
		}
		i = min(max(i, 0), len(data.Ratings)-1)
		g.ds.Ratings = append(g.ds.Ratings, data.GroupRating{GroupID: gr.ID, Year: year, Rating: data.Ratings[i]})
		gr.LatestRating, gr.RatingYear = data.Ratings[i], year
	}
}

// groupSizes draws n group sizes around the mean that sum exactly to total, each within
// 20–55 and within the configured maximum.
func groupSizes(r *rand.Rand, n, total int) []int {
	sizes := make([]int, n)
	if n == 0 {
		return sizes
	}
	hi := min(maxGroupSize, data.DefaultSettings().GroupMaxMembers)
	mean := float64(total) / float64(n)
	sum := 0
	for i := range sizes {
		s := int(math.Round(mean + 7*r.NormFloat64()))
		sizes[i] = min(max(s, minGroupSize), hi)
		sum += sizes[i]
	}
	// Nudge sizes one at a time, visiting groups in a random order, until the sum is exact;
	// householdsInGroups keeps total within n×20 … n×55, so this ends.
	order := r.Perm(n)
	for k := 0; sum != total; k = (k + 1) % n {
		i := order[k]
		switch {
		case sum < total && sizes[i] < hi:
			sizes[i]++
			sum++
		case sum > total && sizes[i] > minGroupSize:
			sizes[i]--
			sum--
		}
	}
	return sizes
}
