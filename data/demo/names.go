package demo

import (
	"math/rand/v2"

	"policycredit/data"
)

// choice is one option of a weighted draw.
type choice[T any] struct {
	v T
	w int
}

// pick draws one option in proportion to its weight.
func pick[T any](r *rand.Rand, cs []choice[T]) T {
	total := 0
	for _, c := range cs {
		total += c.w
	}
	n := r.IntN(total)
	for _, c := range cs {
		if n < c.w {
			return c.v
		}
		n -= c.w
	}
	return cs[len(cs)-1].v
}

// one draws uniformly from a list.
func one(r *rand.Rand, xs []string) string { return xs[r.IntN(len(xs))] }

// Family names of the Kinh in per mille, after the usual national figures (Nguyễn about 38 %).
// "Hoàng" and "Vũ" stand for Hoàng/Huỳnh and Vũ/Võ, spelt by region in kinhFamily.
var kinhFamilies = []choice[string]{
	{"Nguyễn", 365}, {"Trần", 110}, {"Lê", 95}, {"Phạm", 70}, {"Hoàng", 51}, {"Phan", 45},
	{"Vũ", 39}, {"Đặng", 21}, {"Bùi", 20}, {"Đỗ", 14}, {"Hồ", 13}, {"Ngô", 13}, {"Dương", 10},
	{"Đinh", 9}, {"Trương", 7}, {"Đào", 6}, {"Đoàn", 6}, {"Lý", 5}, {"Cao", 5}, {"Lương", 5},
	{"Mai", 5}, {"Hà", 5}, {"Trịnh", 5}, {"Chu", 3}, {"Tạ", 3}, {"Lưu", 3}, {"Thái", 3},
	{"Tô", 3}, {"Phùng", 3}, {"Lâm", 3}, {"Kiều", 2}, {"La", 2}, {"Lại", 2}, {"Vương", 2},
	{"Hứa", 2}, {"Quách", 2}, {"Từ", 1}, {"Khúc", 1}, {"Tăng", 1},
}

var (
	kinhMaleMiddles = []choice[string]{
		{"Văn", 55}, {"Đức", 7}, {"Hữu", 6}, {"Minh", 5}, {"Quang", 4}, {"Xuân", 4}, {"Đình", 4},
		{"Công", 3}, {"Thanh", 3}, {"Ngọc", 2}, {"Trọng", 2}, {"Bá", 2}, {"Duy", 1}, {"Tiến", 1},
		{"Mạnh", 1},
	}
	kinhFemaleMiddles = []choice[string]{
		{"Thị", 75}, {"Ngọc", 4}, {"Thanh", 4}, {"Thu", 3}, {"Minh", 2}, {"Kim", 3}, {"Hồng", 3},
		{"Thùy", 2}, {"Phương", 2}, {"Mỹ", 1}, {"Bích", 1},
	}
	// second middle names after "Thị": "Nguyễn Thị Thu Hương"
	kinhFemaleSecond = []string{"Thu", "Kim", "Hồng", "Thanh", "Minh", "Ngọc", "Bích", "Xuân", "Mai"}

	kinhMaleGiven = []string{
		"Hùng", "Dũng", "Tuấn", "Hải", "Nam", "Thắng", "Sơn", "Long", "Minh", "Cường", "Hòa",
		"Bình", "Quang", "Đức", "Tiến", "Thành", "Trung", "Hiếu", "Phong", "Lâm", "Khánh", "Huy",
		"Hưng", "Toàn", "Tùng", "Việt", "Lợi", "Tài", "Phúc", "Vinh", "Chiến", "Thọ", "Lực",
		"Sáu", "Bảy", "Tám", "Quý", "Kiên", "Đông", "Hoàng", "Nghĩa", "Thanh", "Tâm", "Hậu",
		"Thuận", "Đạt", "Công", "Hoan", "Lộc", "Tú", "Quyết", "Thịnh", "Phương", "Lương", "Mạnh",
		"Hiền", "Kỳ", "Luận", "Năm", "Hiệp",
	}
	kinhFemaleGiven = []string{
		"Hoa", "Lan", "Hương", "Mai", "Hằng", "Nga", "Hạnh", "Thủy", "Hà", "Liên", "Nhung",
		"Hồng", "Loan", "Thảo", "Phương", "Trang", "Huyền", "Thu", "Yến", "Oanh", "Dung",
		"Xuân", "Lý", "Tuyết", "Vân", "Hiền", "Linh", "Ngọc", "Nhàn", "Thơm", "Lài", "Mận",
		"Đào", "Cúc", "Sen", "Gấm", "Hòe", "Thắm", "Quyên", "Giang", "Nguyệt", "Bích", "Hảo",
		"Duyên", "Thoa", "Tâm", "Hậu", "Lụa", "Tình", "Hiên", "Chinh", "Lựu", "Huệ", "Thanh",
		"Vinh", "Quế", "Hường", "Minh", "Ánh", "Tuyến",
	}
)

// rustic given names of the countryside ("Bảy", "Mận") come with the plain middle name: a
// "Nguyễn Thị Minh Mận" would look made up.
var rustic = map[string]bool{
	"Sáu": true, "Bảy": true, "Tám": true, "Năm": true, "Lực": true, "Thọ": true,
	"Thơm": true, "Lài": true, "Mận": true, "Đào": true, "Cúc": true, "Sen": true, "Gấm": true,
	"Hòe": true, "Lụa": true, "Lựu": true, "Hiên": true, "Tình": true, "Thắm": true,
}

// ethnicNames are the name pools of the minorities an upland office serves; an empty pool
// falls back to the Kinh one (Mường and Tày mostly use Kinh middle and given names).
type ethnicNames struct {
	families                 []string
	maleMiddle, femaleMiddle []string
	maleGiven, femaleGiven   []string
	kinhGivenShare           int // percent of given names taken from the Kinh pools
}

var minorityNames = map[string]ethnicNames{
	"Thái": {
		families:   []string{"Lò", "Lương", "Vi", "Quàng", "Cầm", "Lường", "Hà", "Sầm", "Lang", "Kha", "Lữ", "Ngân", "Lô", "Lộc"},
		maleMiddle: []string{"Văn"}, femaleMiddle: []string{"Thị"},
		maleGiven:      []string{"Pằn", "Xôm", "Khăm", "Phăn", "Bun", "Khằm", "Xiêng", "Ún", "Piềng", "Thương", "Chiến", "Ngọc", "Hạnh"},
		femaleGiven:    []string{"Ban", "Xinh", "Ón", "Pảng", "Xiêng", "Ỏn", "Bua", "Phượng", "Thoa", "Ánh", "Hoa", "Thùy", "Lả"},
		kinhGivenShare: 45,
	},
	"Mường": {
		families:       []string{"Bùi", "Đinh", "Quách", "Hà", "Xa", "Cao", "Bạch", "Phạm"},
		maleMiddle:     []string{"Văn"},
		femaleMiddle:   []string{"Thị"},
		kinhGivenShare: 100,
	},
	"Tày": {
		families:       []string{"Hoàng", "Nông", "Ma", "Hà", "Lục", "Lý", "Triệu", "La", "Đàm", "Lương", "Vi", "Hứa", "Bế"},
		maleMiddle:     []string{"Văn", "Văn", "Văn", "Đức", "Tiến"},
		femaleMiddle:   []string{"Thị"},
		kinhGivenShare: 100,
	},
	"H'Mông": {
		families:       []string{"Vừ", "Lầu", "Giàng", "Sùng", "Thào", "Mùa", "Lý", "Hờ", "Vàng", "Lù", "Má", "Cứ", "Hạng"},
		maleMiddle:     []string{"A", "A", "A", "Bá", "Chồng", "Xái", "Nhìa"},
		femaleMiddle:   []string{"Thị"},
		maleGiven:      []string{"Páo", "Tu", "Lử", "Chá", "Dơ", "Sềnh", "Xá", "Chính", "Pó", "Súa", "Nhìa", "Vả", "Tồng", "Khua", "Phử", "Chu", "Di", "Lầu"},
		femaleGiven:    []string{"Mỷ", "Dua", "Dế", "Pà", "Chu", "Sua", "Dợ", "Mai", "Xúa", "Máy", "Lỳ", "Say", "Dinh", "Chia", "Xê", "Mang"},
		kinhGivenShare: 10,
	},
	"Dao": {
		families:       []string{"Triệu", "Bàn", "Đặng", "Lý", "Phùng", "Chảo", "Tẩn", "Lò"},
		maleMiddle:     []string{"Văn", "Văn", "Tài", "Láo", "Phúc", "Kiềm"},
		femaleMiddle:   []string{"Thị", "Thị", "Mùi", "Mẩy"},
		maleGiven:      []string{"Sơn", "Phú", "Quáng", "Tiến", "Chòi", "Lở", "Sinh", "Chàn", "Kiềm", "Dìn", "Phin", "Vần"},
		femaleGiven:    []string{"Mẩy", "Mùi", "Nhì", "Chiêm", "Dung", "Xuân", "Liên", "Phấy", "Nái", "Tá"},
		kinhGivenShare: 30,
	},
	"Khơ Mú": {
		families:       []string{"Lô", "Moong", "Cụt", "Xồng", "Vi", "Lữ", "Cà", "Lò", "Quàng", "Kha"},
		maleMiddle:     []string{"Văn"},
		femaleMiddle:   []string{"Thị"},
		maleGiven:      []string{"Pâng", "Thông", "Bun", "Khăm", "Hiêng", "Kiên", "Phon", "Xon", "Thăm", "Pết"},
		femaleGiven:    []string{"Ó", "Xinh", "Dung", "Mai", "Ơn", "Hoa", "Phắn", "Bua", "Ỏn", "Mỉ"},
		kinhGivenShare: 35,
	},
}

// kinhFamily draws a Kinh family name, with the regional spelling of Hoàng/Huỳnh and Vũ/Võ.
func kinhFamily(r *rand.Rand, reg region) string {
	f := pick(r, kinhFamilies)
	switch {
	case f == "Hoàng" && (reg == south || (reg == central && r.IntN(5) == 0)):
		return "Huỳnh"
	case f == "Vũ" && (reg == south || (reg == central && r.IntN(2) == 0)):
		return "Võ"
	}
	return f
}

// personName draws a full name — family, middle, given — that fits the ethnicity and gender.
func personName(r *rand.Rand, reg region, ethnicity string, gender data.Gender) string {
	male := gender == data.GenderMale
	var family, middle, given string
	if pool, ok := minorityNames[ethnicity]; ok {
		family = one(r, pool.families)
		if male {
			middle = one(r, pool.maleMiddle)
		} else {
			middle = one(r, pool.femaleMiddle)
		}
		ownGiven := pool.femaleGiven
		if male {
			ownGiven = pool.maleGiven
		}
		if len(ownGiven) > 0 && r.IntN(100) >= pool.kinhGivenShare {
			given = one(r, ownGiven)
		}
	} else {
		family = kinhFamily(r, reg)
		if male {
			given = one(r, kinhMaleGiven)
			middle = pick(r, kinhMaleMiddles)
			if rustic[given] {
				middle = "Văn"
			}
		} else {
			given = one(r, kinhFemaleGiven)
			middle = pick(r, kinhFemaleMiddles)
			switch {
			case rustic[given]:
				middle = "Thị"
			case middle == "Thị" && r.IntN(100) < 12:
				middle += " " + one(r, kinhFemaleSecond)
			}
		}
	}
	// "Nguyễn Thanh Thanh" does not occur; draw again from the Kinh pool.
	for given == "" || data.GivenName(middle) == given {
		if male {
			given = one(r, kinhMaleGiven)
		} else {
			given = one(r, kinhFemaleGiven)
		}
	}
	return family + " " + middle + " " + given
}
