package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"policycredit/data"
)

// Place-name syllables. Lowland communes and villages carry Sino-Vietnamese names of good omen
// ("Tân Lập", "Phú Lợi"); upland ones Tai names ("Mường Xén", "Bản Huồi Cọ").
var (
	sinoFirst = []string{
		"Tân", "Đông", "Yên", "Phú", "An", "Bình", "Hòa", "Thượng", "Trung", "Hạ", "Đồng", "Quyết",
		"Tiền", "Hồng", "Xuân", "Kim", "Mỹ", "Phúc", "Văn", "Thanh", "Vĩnh", "Hưng", "Nam", "Bắc",
		"Tây", "Long", "Minh", "Quang", "Thịnh", "Hợp", "Liên", "Ngọc", "Thạch", "Đức", "Hải",
		"Sơn", "Trường", "Khánh", "Lộc", "Thắng",
	}
	sinoSecond = []string{
		"An", "Bình", "Hòa", "Thịnh", "Phú", "Lộc", "Hưng", "Thành", "Tân", "Long", "Châu", "Hải",
		"Sơn", "Lâm", "Giang", "Thuận", "Nghĩa", "Đông", "Tây", "Nam", "Bắc", "Trung", "Minh",
		"Quang", "Vinh", "Phong", "Tiến", "Hồng", "Thắng", "Lương", "Mỹ", "Hiệp", "Văn", "Đức",
		"Xuân", "Thọ", "Hậu", "Yên", "Phúc", "Khánh", "Ngọc", "Thạch", "Liên", "Bá", "Lập", "Tài",
		"Thanh", "Đạo", "Kim", "Lợi", "Trạch", "Cát", "Kỳ", "Mai", "Hợp", "Đồng", "Tường", "Vạn",
		"Hương", "Đạt", "Quý", "Nhân", "Tín", "Trường", "Thái", "Hùng", "Tú", "Ninh", "Cường",
		"Dương", "Hội", "Tâm", "Linh", "Lạc", "Thủy", "Điền", "Viên", "Đôi", "Hoa", "Diệu",
	}
	// single-word lowland village names: "Xóm Đông", "Thôn Chùa"
	villagePlaces = []string{
		"Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Chợ", "Chùa", "Đình", "Bến", "Mới",
		"Giữa", "Trại", "Đồng", "Làng", "Rộc", "Bàu",
	}
	taiFirst = []string{
		"Na", "Nà", "Nậm", "Huồi", "Pà", "Phà", "Xốp", "Hủa", "Co", "Mường", "Pá", "Tà", "Khe",
		"Piêng", "Lũng", "Pù", "Hin", "Cha", "Phiêng", "Bó", "Khuổi", "Noong", "Chiềng", "Hua",
		"Kéo", "Sài", "Thẳm", "Pác", "Tổng", "Phìn",
	}
	taiSecond = []string{
		"Hương", "Cọ", "Tột", "Mạt", "Khảo", "Lúm", "Lống", "Khốm", "Sơn", "Nọi", "Luông", "Cắn",
		"Tụ", "Pán", "Xiêng", "Kham", "Ngà", "Chảo", "Kè", "Mòn", "Thắm", "Dào", "Lạn", "Hốc",
		"Pục", "Lả", "Tổng", "Mới", "Ca", "Đồn", "Ten", "Phát", "Lầu", "Cáy", "Kha", "Lếch",
		"Ngoa", "Hào", "Muông", "Pấc", "Ly", "É", "Lay", "Bôm", "Hẹ", "Xén", "Lốc", "Pha", "Đình",
		"Cướm", "Mo", "Ngòi",
	}
	// first syllables of southern hamlets: "Ấp Rạch Ráng", "Ấp Kênh Tám"
	southFirst  = []string{"Rạch", "Kênh", "Cây", "Bà", "Ông", "Cái", "Vàm", "Xẻo", "Kinh", "Đầu", "Giồng", "Tắc"}
	southSecond = []string{"Ráng", "Tám", "Dừa", "Bần", "Gừa", "Đước", "Mới", "Lớn", "Nhỏ", "Chín", "Bông", "Cóc", "Sến", "Mấm", "Rô", "Năm", "Đình", "Vẹt"}
)

// uniqueName draws names until one is new, so names stay unique within their scope; after many
// misses it numbers the name, which only happens at scales far beyond the named ones.
func uniqueName(used map[string]bool, draw func() string) string {
	for range 200 {
		if n := draw(); !used[n] {
			used[n] = true
			return n
		}
	}
	base := draw()
	for i := 2; ; i++ {
		if n := base + " " + strconv.Itoa(i); !used[n] {
			used[n] = true
			return n
		}
	}
}

// pair joins two different syllables.
func pair(r *rand.Rand, first, second []string) string {
	a, b := one(r, first), one(r, second)
	for a == b {
		b = one(r, second)
	}
	return a + " " + b
}

// communeBaseName draws a commune name without "Xã"/"Phường".
func (g *generator) communeBaseName(r *rand.Rand) string {
	p := g.prof
	switch {
	case p.highland && r.IntN(100) < 60:
		return pair(r, taiFirst, taiSecond)
	case p.prefix != "" && r.IntN(100) < 75:
		return pair(r, []string{p.prefix}, sinoSecond)
	}
	return pair(r, sinoFirst, sinoSecond)
}

// lowerFirst turns "Thôn 3" into "thôn 3" for use inside a longer name.
func lowerFirst(s string) string {
	c, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(c)) + s[n:]
}

// places builds the communes, their villages and their transaction points.
func (g *generator) places() {
	r := g.stream(streamPlaces)
	n := g.scale.Communes
	g.communeGroups = spread(r, g.scale.Groups, n)
	g.ward = make([]bool, n)

	usedCommune := map[string]bool{}
	code := g.prof.codeBase + 3*r.IntN(3)
	days := r.Perm(28) // transaction days spread over the month, office-wide
	nextDay := 0
	for ci := range n {
		cid := int64(ci + 1)
		g.ward[ci] = g.prof.wardShare > 0 && r.IntN(100) < g.prof.wardShare
		kind := "Xã"
		if g.ward[ci] {
			kind = "Phường"
		}
		c := data.Commune{
			ID:   cid,
			Code: fmt.Sprintf("%05d", code),
			Name: kind + " " + uniqueName(usedCommune, func() string { return g.communeBaseName(r) }),
		}
		// Official codes go up in steps of three; merged-away communes leave gaps.
		code += 3 * (1 + r.IntN(3))
		// About a third of communes are the product of a 2025 merger and keep the names of
		// the communes they replaced as history.
		formers := 0
		if r.IntN(100) < 35 {
			formers = 2 + r.IntN(2)
			names := make([]string, formers)
			for i := range names {
				w := "xã"
				if g.ward[ci] {
					w = "phường"
				}
				names[i] = w + " " + uniqueName(usedCommune, func() string { return g.communeBaseName(r) })
			}
			c.FormerName = upperFirst(strings.Join(names, ", "))
		}
		g.ds.Communes = append(g.ds.Communes, c)

		villages := g.villages(r, ci, c)
		g.points(r, c, villages, formers, days, &nextDay)
	}
}

// upperFirst turns "xã Quỳnh Bá, xã Quỳnh Ngọc" into "Xã Quỳnh Bá, xã Quỳnh Ngọc".
func upperFirst(s string) string {
	c, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(c)) + s[n:]
}

// villageCount gives a commune enough villages for its groups to sit one to three per village.
func villageCount(r *rand.Rand, groups int) int {
	if groups == 0 {
		return 2 + r.IntN(3)
	}
	v := groups * 10 / (12 + r.IntN(7)) // 1.2–1.8 groups per village on average
	return min(max(v, (groups+2)/3, 1), groups)
}

// villages adds the villages of commune ci and returns their IDs.
func (g *generator) villages(r *rand.Rand, ci int, c data.Commune) []int64 {
	nv := villageCount(r, g.communeGroups[ci])
	word := one(r, g.prof.villageW)
	numbered := r.IntN(100) < 55
	switch {
	case g.ward[ci]:
		word, numbered = one(r, []string{"Tổ dân phố", "Khối"}), true
	case word == "Bản" || g.prof.highland:
		numbered = r.IntN(100) < 10
	}
	used := map[string]bool{}
	ids := make([]int64, nv)
	for i := range nv {
		var name string
		if numbered {
			name = word + " " + strconv.Itoa(i+1)
		} else {
			name = word + " " + uniqueName(used, func() string { return g.villagePlaceName(r) })
		}
		id := int64(len(g.ds.Villages) + 1)
		g.ds.Villages = append(g.ds.Villages, data.Village{
			ID:        id,
			CommuneID: c.ID,
			Code:      fmt.Sprintf("%s-%02d", c.Code, i+1),
			Name:      name,
		})
		ids[i] = id
		// An upland village is mostly of one people; lowland offices are Kinh.
		eth := "Kinh"
		if len(g.prof.ethnic) > 0 {
			eth = pick(r, g.prof.ethnic)
		}
		g.villageEth = append(g.villageEth, eth)
	}
	return ids
}

// villagePlaceName draws the name part of a village that is not numbered.
func (g *generator) villagePlaceName(r *rand.Rand) string {
	switch {
	case g.prof.highland:
		return pair(r, taiFirst, taiSecond)
	case g.prof.region == south && r.IntN(2) == 0:
		return pair(r, southFirst, southSecond)
	case r.IntN(100) < 30:
		return one(r, villagePlaces)
	}
	return pair(r, sinoFirst, sinoSecond)
}

// points adds a commune's transaction points. A merged commune often keeps a point at each
// former commune's hall; the villages are split between points in order, each served once.
func (g *generator) points(r *rand.Rand, c data.Commune, villages []int64, formers int, days []int, next *int) {
	n := 1
	switch {
	case formers > 0:
		n = formers
	case len(villages) >= 8 && r.IntN(100) < 30:
		n = 2
	}
	n = min(n, 3, len(villages))
	where := lowerFirst(c.Name)
	for i := range n {
		name := "Điểm giao dịch " + where
		if n > 1 {
			name += " số " + strconv.Itoa(i+1)
		}
		lo, hi := i*len(villages)/n, (i+1)*len(villages)/n
		g.ds.Points = append(g.ds.Points, data.Point{
			ID:         int64(len(g.ds.Points) + 1),
			CommuneID:  c.ID,
			Code:       fmt.Sprintf("DGD-%s-%d", c.Code, i+1),
			Name:       name,
			Day:        days[*next%len(days)] + 1,
			VillageIDs: append([]int64(nil), villages[lo:hi]...),
		})
		*next++
	}
}

// spread splits total into n shares of uneven size (0.6–1.4 of the mean), every share at least
// one when total allows, summing exactly to total.
func spread(r *rand.Rand, total, n int) []int {
	out := make([]int, n)
	if total >= n {
		for i := range out {
			out[i] = 1
		}
		total -= n
	}
	weights := make([]int, n)
	sum := 0
	for i := range weights {
		weights[i] = 60 + r.IntN(81)
		sum += weights[i]
	}
	given := 0
	for i := range out {
		share := total * weights[i] / sum
		out[i] += share
		given += share
	}
	// Hand out what integer division left over, one each, from a random start.
	for i := r.IntN(n); given < total; i = (i + 1) % n {
		out[i]++
		given++
	}
	return out
}
