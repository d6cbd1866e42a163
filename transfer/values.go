package transfer

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"policycredit/data"
	"policycredit/translations"
)

// Cell readers. Each returns a *data.Error with Field "value" for a cell it cannot read; the
// row reader puts the column's field in its place.

var (
	isoCell   = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$`)
	dmyCell   = regexp.MustCompile(`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$`)
	digitsRun = regexp.MustCompile(`^\d+$`)
)

// parseDate reads YYYY-MM-DD, d/m/yyyy (also with - or .), and a spreadsheet's day serial
// (what a date becomes when its cell lost its date format).
func parseDate(s string) (data.Date, error) {
	var y, m, d int
	if p := isoCell.FindStringSubmatch(s); p != nil {
		y, m, d = atoi(p[1]), atoi(p[2]), atoi(p[3])
	} else if p := dmyCell.FindStringSubmatch(s); p != nil {
		y, m, d = atoi(p[3]), atoi(p[2]), atoi(p[1])
	} else if serial, err := strconv.ParseFloat(s, 64); err == nil && serial >= 20000 && serial < 80000 && !strings.ContainsAny(s, "eE") {
		// 20000–80000 are the days from 1954 to 2119 counted from 30 December 1899.
		return data.DateOf(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(serial))), nil
	} else {
		return data.Date{}, data.Invalid("value", "import_date", "Value", s)
	}
	date := data.NewDate(y, time.Month(m), d)
	if date.Year() != y || int(date.Month()) != m || date.Day() != d || y < 1900 || y > 2200 {
		return data.Date{}, data.Invalid("value", "import_date", "Value", s)
	}
	return date, nil
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// parseMoney reads whole đồng as files write them: plain digits ("1234567", or "1234567.0"
// from a number cell), or digits grouped by threes with dots, commas or spaces. A sign, a
// fraction or a grouping it would have to guess at is refused.
func parseMoney(s string) (data.Dong, error) {
	s = strings.TrimSpace(strings.NewReplacer("\u00a0", " ", "\u202f", " ", "₫", "", "VND", "", "vnd", "", "đ", "").Replace(s))
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "\u2212") || (strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")")) {
		return 0, data.Invalid("value", "import_negative", "Value", s)
	}
	if whole, frac, ok := strings.Cut(s, "."); ok && digitsRun.MatchString(whole) && strings.Trim(frac, "0") == "" && frac != "" && len(frac) <= 2 {
		s = whole // 1234567.0 or .00 from a number cell
	}
	if digitsRun.MatchString(s) {
		return parseWhole(s)
	}
	for _, sep := range []string{".", ",", " "} {
		parts := strings.Split(s, sep)
		if len(parts) < 2 || !digitsRun.MatchString(parts[0]) || len(parts[0]) > 3 || parts[0] == "" {
			continue
		}
		ok := true
		for _, p := range parts[1:] {
			ok = ok && len(p) == 3 && digitsRun.MatchString(p)
		}
		if ok {
			return parseWhole(strings.Join(parts, ""))
		}
	}
	return 0, data.Invalid("value", "import_money", "Value", s)
}

func parseWhole(digits string) (data.Dong, error) {
	v, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || v > 1_000_000_000_000_000 {
		return 0, data.Invalid("value", "import_money", "Value", digits)
	}
	return data.Dong(v), nil
}

// parseInteger reads a whole number (a number cell may come as "12.0").
func parseInteger(s string) (int, error) {
	if whole, frac, ok := strings.Cut(s, "."); ok && strings.Trim(frac, "0") == "" {
		s = whole
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 1_000_000 {
		return 0, data.Invalid("value", "import_integer", "Value", s)
	}
	return n, nil
}

// parseDigits reads a key of digits of one of the allowed lengths. Digits that are too few are
// reported as a number that lost its leading zeros, the usual fate of an ID number typed into a
// number cell.
func parseDigits(s string, lengths []int) (string, error) {
	if whole, frac, ok := strings.Cut(s, "."); ok && strings.Trim(frac, "0") == "" && digitsRun.MatchString(whole) {
		s = whole
	}
	s = strings.ReplaceAll(s, " ", "")
	if !digitsRun.MatchString(s) {
		return "", digitsError(s, lengths)
	}
	for _, n := range lengths {
		if len(s) == n {
			return s, nil
		}
	}
	for _, n := range lengths {
		if len(s) < n && len(s) >= n-3 {
			return "", data.Invalid("value", "import_leading_zeros", "Value", s, "Digits", n)
		}
	}
	return "", digitsError(s, lengths)
}

// digitsError says how many digits a key needs: "9 or 12 digits" reads better than a list.
func digitsError(s string, lengths []int) error {
	if len(lengths) == 2 {
		return data.Invalid("value", "import_digits_either", "Value", s, "Digits", lengths[0], "Or", lengths[1])
	}
	return data.Invalid("value", "import_digits", "Value", s, "Digits", joinInts(lengths))
}

func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}

// choices maps the folded spellings of a list's values to the values.
type choices map[string]string

func (c choices) add(value string, spellings ...string) {
	for _, s := range append(spellings, value) {
		if k := headerKey(s); k != "" {
			if _, taken := c[k]; !taken {
				c[k] = value
			}
		}
	}
}

// addTitles adds each language's title of value (translation ID id).
func (c choices) addTitles(value, id string) {
	for _, lang := range translations.Languages() {
		c.add(value, translations.New(lang).T(id))
	}
}

func (c choices) lookup(s string) (string, bool) {
	v, ok := c[headerKey(s)]
	return v, ok
}

// fixedChoices are the lists that do not depend on the office's data.
var fixedChoices = func() map[string]choices {
	m := map[string]choices{}
	level := choices{}
	level.add("commune", "xã", "phường", "xã phường")
	level.add("village", "thôn", "ấp", "bản", "tổ dân phố", "thôn ấp")
	level.add("point", "điểm giao dịch", "điểm gd", "điểm giao dịch xã")
	level.add("office", "phòng giao dịch", "pgd")
	for _, v := range []string{"office", "commune", "village", "point"} {
		level.addTitles(v, "export.level."+v)
	}
	m["level"] = level

	assoc := choices{}
	extra := map[string][]string{
		"HND": {"hội nông dân", "nông dân", "hnd", "hội nd"},
		"HPN": {"hội phụ nữ", "phụ nữ", "hlhpn", "hpn", "hội liên hiệp phụ nữ", "hội pn"},
		"CCB": {"hội cựu chiến binh", "cựu chiến binh", "hccb", "ccb", "hội ccb"},
		"DTN": {"đoàn thanh niên", "thanh niên", "đtn", "đoàn tn", "đoàn tncs hồ chí minh"},
	}
	for _, a := range data.Associations {
		assoc.add(a.Code, extra[a.Code]...)
		assoc.addTitles(a.Code, "association."+a.Code)
	}
	m["association"] = assoc

	rating := choices{}
	viRatings := map[data.Rating][]string{data.RatingGood: {"tốt"}, data.RatingFair: {"khá"},
		data.RatingAverage: {"trung bình", "tb"}, data.RatingWeak: {"yếu", "kém", "yếu kém"}}
	for _, r := range data.Ratings {
		rating.add(string(r), viRatings[r]...)
		rating.addTitles(string(r), "rating."+string(r))
	}
	m["rating"] = rating

	groupStatus := choices{}
	groupStatus.add(string(data.GroupActive), "hoạt động", "đang hoạt động")
	groupStatus.addTitles(string(data.GroupActive), "status.active")
	groupStatus.add(string(data.GroupClosed), "đóng", "đã đóng", "giải thể")
	groupStatus.addTitles(string(data.GroupClosed), "status.closed")
	m["group_status"] = groupStatus

	gender := choices{}
	gender.add(string(data.GenderMale), "nam", "m", "1")
	gender.add(string(data.GenderFemale), "nữ", "f", "0", "femme")
	gender.addTitles(string(data.GenderMale), "gender.male")
	gender.addTitles(string(data.GenderFemale), "gender.female")
	m["gender"] = gender

	category := choices{}
	viCategories := map[data.Category][]string{
		data.CategoryPoor:        {"hộ nghèo", "nghèo", "hn"},
		data.CategoryNearPoor:    {"hộ cận nghèo", "cận nghèo", "hcn"},
		data.CategoryNewlyOut:    {"hộ mới thoát nghèo", "mới thoát nghèo", "thoát nghèo"},
		data.CategoryBeneficiary: {"đối tượng chính sách", "chính sách", "gia đình chính sách"},
		data.CategoryOther:       {"khác"},
	}
	for _, c := range data.Categories {
		category.add(string(c), viCategories[c]...)
		category.addTitles(string(c), "category."+string(c))
	}
	m["category"] = category

	status := choices{}
	status.add("active", "đang vay", "đang hoạt động")
	status.addTitles("active", "borrower.status.active")
	status.add("left", "đã rời", "đã rời tổ", "rời tổ", "đã nghỉ")
	status.addTitles("left", "borrower.status.left")
	m["borrower_status"] = status

	source := choices{}
	viSources := map[data.FundingSource][]string{
		data.SourceCentral:  {"trung ương", "tw", "vốn trung ương", "nguồn trung ương"},
		data.SourceProvince: {"tỉnh", "ngân sách tỉnh", "nst", "vốn tỉnh"},
		data.SourceLocal:    {"địa phương", "ngân sách địa phương", "huyện", "ngân sách huyện", "nsđp", "xã"},
	}
	for _, s := range data.FundingSources {
		source.add(string(s), viSources[s]...)
		source.addTitles(string(s), "source."+string(s))
	}
	m["source"] = source

	plan := choices{}
	plan.add(string(data.PlanEqual), "đều", "trả đều", "chia đều")
	plan.add(string(data.PlanCustom), "tùy chọn", "riêng")
	plan.add(string(data.PlanStudent), "học sinh sinh viên", "hssv", "sinh viên")
	for _, p := range []data.PlanKind{data.PlanEqual, data.PlanCustom, data.PlanStudent} {
		plan.addTitles(string(p), "loans.plan."+string(p))
	}
	m["plan"] = plan

	loanStatus := choices{}
	loanStatus.add(string(data.LoanActive), "đang vay", "còn dư nợ", "hoạt động")
	for _, id := range []string{"status.current", "status.overdue", "status.frozen", "status.active"} {
		loanStatus.addTitles(string(data.LoanActive), id)
	}
	loanStatus.add(string(data.LoanClosed), "tất toán", "đã tất toán", "đã trả hết", "closed")
	loanStatus.addTitles(string(data.LoanClosed), "status.repaid")
	loanStatus.add(string(data.LoanWrittenOff), "xóa nợ", "đã xóa nợ", "written off")
	loanStatus.addTitles(string(data.LoanWrittenOff), "status.written_off")
	m["loan_status"] = loanStatus

	kind := choices{}
	for _, k := range data.Kinds {
		kind.add(string(k.Kind), k.Words...)
		kind.addTitles(string(k.Kind), k.Label)
	}
	m["entry_kind"] = kind
	return m
}()

// programChoices reads a program by its code (also with the leading zero a number cell lost)
// or its name in any language.
func programChoices(programs []data.Program) choices {
	c := choices{}
	for _, p := range programs {
		c.add(p.Code)
		if n, err := strconv.Atoi(p.Code); err == nil {
			c.add(p.Code, strconv.Itoa(n))
		}
		for _, name := range p.Name {
			c.add(p.Code, name)
		}
	}
	return c
}

// parseRates reads a loan's own dated rates: "2024-01-01 0,55; 2025-07-01 0,5", each a date
// and a monthly rate in percent.
func parseRates(s string) ([]data.RatePeriod, error) {
	var out []data.RatePeriod
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' }) {
		f := strings.Fields(part)
		if len(f) != 2 {
			return nil, data.Invalid("value", "import_rates", "Value", s)
		}
		d, err := parseDate(f[0])
		if err != nil {
			return nil, data.Invalid("value", "import_rates", "Value", s)
		}
		r, err := data.RateFromPercent(strings.TrimSuffix(f[1], "%"))
		if err != nil || r <= 0 {
			return nil, data.Invalid("value", "import_rates", "Value", s)
		}
		out = append(out, data.RatePeriod{Effective: d, Rate: r})
	}
	return out, nil
}

// FormatRates writes a loan's own rates as parseRates reads them.
func FormatRates(rs []data.RatePeriod) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.Effective.String() + " " + r.Rate.PercentString()
	}
	return strings.Join(parts, "; ")
}
