package reports

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/translations"
)

const million = data.Dong(1_000_000)

var (
	meetingDate = data.MustDate("2026-11-20")
	quynhDoi    = data.Commune{ID: 1, Code: "17545", Name: "Xã Quỳnh Đôi"}
	quynhHau    = data.Commune{ID: 2, Code: "17548", Name: "Xã Quỳnh Hậu"}  // no overdue
	quynhNgoc   = data.Commune{ID: 3, Code: "17551", Name: "Xã Quỳnh Ngọc"} // nothing outstanding
	quynhDi     = data.Commune{ID: 4, Code: "17554", Name: "Phường Quỳnh Dị"}
)

// meetingLoans, in millions of đồng (current + overdue + frozen; 1 January):
//
//	Quỳnh Đôi  L1 01 40 + 10      (55)   L2 19 30 (30)   L3 03 100 + frozen 5 (0)   = 185, overdue 10: 5,41 %
//	Quỳnh Hậu  L4 01 60           (70)   L5 02 20 (10)                              =  80, overdue 0
//	Quỳnh Ngọc L6 01 repaid       (15)                                              =   0
//	Quỳnh Dị   L7 09 25 + 25      (50)   L8 19 10, outside any group (0)            =  60, overdue 25: 41,67 %
//
// Office: 325 outstanding, 35 overdue (10,77 %), 5 frozen, 1 January 230, change +95; 7
// households, 7 loans. Programs: 01 110, 03 105, 09 50, 19 40, 02 20.
func meetingLoans() []data.SummaryLoan {
	m := million
	return []data.SummaryLoan{
		{LoanID: 1, BorrowerID: 1, CommuneID: 1, GroupID: 11, Association: "HND", ProgramCode: "01", Source: data.SourceCentral, Current: 40 * m, Overdue: 10 * m, Jan1: 55 * m},
		{LoanID: 2, BorrowerID: 2, CommuneID: 1, GroupID: 11, Association: "HND", ProgramCode: "19", Source: data.SourceCentral, Current: 30 * m, Jan1: 30 * m},
		{LoanID: 3, BorrowerID: 3, CommuneID: 1, GroupID: 12, Association: "HPN", ProgramCode: "03", Source: data.SourceLocal, Current: 100 * m, Frozen: 5 * m},
		{LoanID: 4, BorrowerID: 4, CommuneID: 2, GroupID: 13, Association: "CCB", ProgramCode: "01", Source: data.SourceProvince, Current: 60 * m, Jan1: 70 * m},
		{LoanID: 5, BorrowerID: 5, CommuneID: 2, GroupID: 14, Association: "DTN", ProgramCode: "02", Source: data.SourceCentral, Current: 20 * m, Jan1: 10 * m},
		{LoanID: 6, BorrowerID: 6, CommuneID: 3, GroupID: 15, Association: "HPN", ProgramCode: "01", Source: data.SourceCentral, Jan1: 15 * m},
		{LoanID: 7, BorrowerID: 7, CommuneID: 4, GroupID: 16, Association: "HND", ProgramCode: "09", Source: data.SourceCentral, Current: 25 * m, Overdue: 25 * m, Jan1: 50 * m},
		{LoanID: 8, BorrowerID: 8, CommuneID: 4, ProgramCode: "19", Source: data.SourceLocal, Current: 10 * m},
	}
}

// meetingGroups: ratings good 1, fair 1, average 1, weak 2 (14 and 16), never rated 1 (15);
// group 17 has neither members nor a balance and is no group to count.
func meetingGroups() []data.SummaryGroup {
	return []data.SummaryGroup{
		{ID: 11, Code: "17545-T01", Name: "Tổ TK&VV xóm Đông Hưng", Association: "HND", Members: 32, Rating: data.RatingGood, RatingYear: 2025},
		{ID: 12, Code: "17545-T02", Name: "Tổ TK&VV xóm Tây Sơn", Association: "HPN", Members: 41, Rating: data.RatingFair, RatingYear: 2025},
		{ID: 13, Code: "17548-T01", Name: "Tổ TK&VV thôn Bắc Hậu", Association: "CCB", Members: 25, Rating: data.RatingAverage, RatingYear: 2025},
		{ID: 14, Code: "17548-T02", Name: "Tổ TK&VV thôn Nam Hậu", Association: "DTN", Members: 22, Rating: data.RatingWeak, RatingYear: 2025},
		{ID: 15, Code: "17551-T01", Name: "Tổ TK&VV xóm Ngọc Minh", Association: "HPN", Members: 12},
		{ID: 16, Code: "17554-T01", Name: "Tổ TK&VV khối Dị Hòa", Association: "HND", Members: 28, Rating: data.RatingWeak, RatingYear: 2024},
		{ID: 17, Code: "17554-T02", Name: "Tổ TK&VV khối mới", Association: "DTN"},
	}
}

// meetingTrend: nothing lent in the first two months, then growth to the date's totals.
func meetingTrend(outstanding, overdue data.Dong) []data.TrendPoint {
	dates := data.TrendDates(meetingDate)
	out := make([]data.TrendPoint, len(dates))
	for i, d := range dates {
		out[i] = data.TrendPoint{Date: d}
		if i >= 2 {
			out[i].Outstanding = outstanding * data.Dong(i) / data.Dong(len(dates)-1)
			out[i].Overdue = overdue * data.Dong(i-2) / data.Dong(len(dates)-3)
		}
	}
	return out
}

func officeOverview() data.Overview {
	return data.SummarizeOverview(data.Commune{}, []data.Commune{quynhDi, quynhNgoc, quynhHau, quynhDoi}, meetingDate,
		meetingLoans(), meetingGroups(), 48_500_000, meetingTrend(325*million, 35*million))
}

// communeOverview is Quỳnh Đôi alone: groups 11 (80, overdue 10: 12,5 %) and 12 (105, 0 %).
func communeOverview() data.Overview {
	var loans []data.SummaryLoan
	for _, l := range meetingLoans() {
		if l.CommuneID == quynhDoi.ID {
			loans = append(loans, l)
		}
	}
	return data.SummarizeOverview(quynhDoi, []data.Commune{quynhDoi}, meetingDate, loans, meetingGroups()[:2], 20*million,
		meetingTrend(185*million, 10*million))
}

// programNames are the catalogue's names in lang.
func programNames(lang string) map[string]string {
	out := map[string]string{}
	for _, p := range data.DefaultPrograms() {
		out[p.Code] = p.Name[lang]
	}
	return out
}

func meetingOptions(lang string, each bool) SlideOptions {
	return SlideOptions{Office: testOffice, Programs: programNames(lang), EachCommune: each}
}

func kinds(slides []Slide) []SlideKind {
	var out []SlideKind
	for _, s := range slides {
		out = append(out, s.Kind)
	}
	return out
}

func figure(t *testing.T, s Slide, label string) BigFigure {
	t.Helper()
	for _, f := range s.Figures {
		if f.Label == label {
			return f
		}
	}
	t.Fatalf("slide %q has no figure %q: %+v", s.Title, label, s.Figures)
	return BigFigure{}
}

func TestBuildSlidesOffice(t *testing.T) {
	t.Parallel()
	loc := translations.New("vi")
	slides := BuildSlides(officeOverview(), loc, meetingOptions("vi", true))

	want := []SlideKind{SlideOffice, SlideProgram, SlideProgram, SlideProgram, SlideProgram, SlideProgram,
		SlideCommunes, SlideTrend, SlideRatings, SlideCommune, SlideCommune, SlideCommune, SlideCommune}
	if got := kinds(slides); !reflect.DeepEqual(got, want) {
		t.Fatalf("slide kinds %v, want %v", got, want)
	}

	glance := slides[0]
	if glance.Title != testOffice.Name || glance.Subtitle != "Đến ngày 20/11/2026" {
		t.Errorf("glance title %q subtitle %q", glance.Title, glance.Subtitle)
	}
	for label, want := range map[string]BigFigure{
		"Dư nợ":                    {Value: "325", Note: "triệu đồng"},
		"Hộ còn dư nợ":             {Value: "7", Note: "7 món vay"},
		"Nợ quá hạn":               {Value: "35", Note: "Tỷ lệ nợ quá hạn 10,77\u00a0%", Alert: true}, // 35 / 325
		"Nợ khoanh":                {Value: "5", Note: "triệu đồng"},
		"Tiền gửi tiết kiệm":       {Value: "49", Note: "triệu đồng"},  // 48,5 rounds half-up
		"Xã không có nợ quá hạn":   {Value: "2/4", Note: "xã"},         // Quỳnh Hậu, and Quỳnh Ngọc with nothing lent
		"Tăng, giảm từ 01/01/2026": {Value: "+95", Note: "triệu đồng"}, // 325 - 230
	} {
		want.Label = label
		if got := figure(t, glance, label); got != want {
			t.Errorf("figure %q = %+v, want %+v", label, got, want)
		}
	}

	// programs largest first: 01 110, 03 105, 09 50, 19 40, 02 20
	var titles []string
	for _, s := range slides[1:6] {
		titles = append(titles, s.Title)
	}
	wantTitles := []string{"01 – Cho vay hộ nghèo", "03 – Giải quyết việc làm", "09 – Cho vay hộ mới thoát nghèo",
		"19 – Cho vay hộ cận nghèo", "02 – Cho vay học sinh, sinh viên"}
	if !reflect.DeepEqual(titles, wantTitles) {
		t.Errorf("program slides %q, want %q", titles, wantTitles)
	}
	p09 := slides[3]
	if p09.Link != "program:09" || p09.Subtitle != testOffice.Name+" · đến ngày 20/11/2026" {
		t.Errorf("program 09 link %q subtitle %q", p09.Link, p09.Subtitle)
	}
	// 09: 50 of 325 = 15,38 %; overdue 25 of 50 = 50 %, above the office's 10,77 %
	if f := figure(t, p09, "Dư nợ (triệu đồng)"); f.Value != "50" || f.Note != "15,38\u00a0% tổng dư nợ" {
		t.Errorf("program 09 outstanding %+v", f)
	}
	if f := figure(t, p09, "Nợ quá hạn (triệu đồng)"); f.Value != "25" || f.Note != "Tỷ lệ nợ quá hạn 50\u00a0%" || !f.Alert {
		t.Errorf("program 09 overdue %+v", f)
	}
	if f := figure(t, slides[1], "Nợ quá hạn (triệu đồng)"); f.Alert { // 01: 10 of 110 = 9,09 % < 10,77 %
		t.Errorf("program 01 overdue is an alert: %+v", f)
	}

	// communes by ratio, highest first, the office's ratio as the line; Quỳnh Ngọc has no bar
	ranked := slides[6]
	if ranked.Title != "Các xã theo tỷ lệ nợ quá hạn" {
		t.Errorf("ranked title %q", ranked.Title)
	}
	c := ranked.Chart
	if c.Kind != ChartBars || !c.HasMark || c.Mark != 1077 || c.MarkLabel != "Toàn phòng 10,77\u00a0%" || c.Unit != "%" {
		t.Errorf("ranked chart %+v", c)
	}
	type bar struct {
		label, text string
		value       int64
		alert       bool
		link        string
	}
	var bars []bar
	for _, it := range c.Items {
		bars = append(bars, bar{it.Label, it.Text, it.Value, it.Alert, it.Link})
	}
	wantBars := []bar{
		{"Phường Quỳnh Dị", "41,67\u00a0%", 4167, true, "commune:17554"}, // 25 / 60
		{"Xã Quỳnh Đôi", "5,41\u00a0%", 541, false, "commune:17545"},     // 10 / 185
		{"Xã Quỳnh Hậu", "0\u00a0%", 0, false, "commune:17548"},
	}
	if !reflect.DeepEqual(bars, wantBars) {
		t.Errorf("ranked bars %+v, want %+v", bars, wantBars)
	}
	if c.Max() != 4167 {
		t.Errorf("ranked Max %d", c.Max())
	}

	trend := slides[7].Chart
	if trend.Kind != ChartColumns || len(trend.Items) != data.TrendMonths || trend.FirstLabel != "Dư nợ" || trend.SecondLabel != "Nợ quá hạn" {
		t.Fatalf("trend chart %+v", trend)
	}
	first, last := trend.Items[0], trend.Items[len(trend.Items)-1]
	if first.Label != "12/2025" || first.Value != 0 || first.Text != "0" || last.Label != "20/11/2026" ||
		last.Value != int64(325*million) || last.SecondText != "35" || trend.Max() != int64(400*million) {
		t.Errorf("trend first %+v last %+v", first, last)
	}
	// One scale for both series, up to a round top: 35 M overdue is a tenth of 325 M's column.
	var ticks []string
	for _, tk := range trend.Ticks {
		ticks = append(ticks, tk.Text)
	}
	if got := strings.Join(ticks, " "); got != "0 100 200 300 400" {
		t.Errorf("trend axis ticks %q", got)
	}

	ratings := slides[8].Chart
	var parts []string
	for _, it := range ratings.Items {
		parts = append(parts, fmt.Sprintf("%s=%s/%d/%v", it.Label, it.Text, it.Tone, it.Alert))
	}
	wantParts := []string{"Tốt=1/0/false", "Khá=1/1/false", "Trung bình=1/2/false", "Yếu=2/3/true", "Chưa xếp loại=1/-1/false"}
	if ratings.Kind != ChartStacked || !reflect.DeepEqual(parts, wantParts) {
		t.Errorf("ratings %v, want %v", parts, wantParts)
	}

	// each commune in code order, the one with nothing lent too
	var communes []string
	for _, s := range slides[9:] {
		communes = append(communes, s.Title+" "+s.Link)
	}
	wantCommunes := []string{"Xã Quỳnh Đôi commune:17545", "Xã Quỳnh Hậu commune:17548", "Xã Quỳnh Ngọc commune:17551", "Phường Quỳnh Dị commune:17554"}
	if !reflect.DeepEqual(communes, wantCommunes) {
		t.Errorf("commune slides %q, want %q", communes, wantCommunes)
	}
	ngoc := slides[11]
	if f := figure(t, ngoc, "Nợ quá hạn (triệu đồng)"); f.Value != "0" || f.Note != "Tỷ lệ nợ quá hạn —" || f.Alert {
		t.Errorf("Quỳnh Ngọc overdue %+v", f)
	}
	if f := figure(t, ngoc, "Tăng, giảm từ 01/01/2026"); f.Value != "-15" { // repaid during the year
		t.Errorf("Quỳnh Ngọc change %+v", f)
	}
	if f := figure(t, slides[10], "Nợ quá hạn (triệu đồng)"); f.Alert || f.Note != "Tỷ lệ nợ quá hạn 0\u00a0%" {
		t.Errorf("Quỳnh Hậu overdue %+v", f)
	}

	without := BuildSlides(officeOverview(), loc, meetingOptions("vi", false))
	if got := kinds(without); !reflect.DeepEqual(got, want[:9]) {
		t.Errorf("without EachCommune: %v", got)
	}
}

// A commune's meeting ranks its groups against the commune's ratio, has no "communes without
// overdue" figure and no commune slides even when asked.
func TestBuildSlidesCommune(t *testing.T) {
	t.Parallel()
	loc := translations.New("vi")
	slides := BuildSlides(communeOverview(), loc, meetingOptions("vi", true))
	want := []SlideKind{SlideOffice, SlideProgram, SlideProgram, SlideProgram, SlideCommunes, SlideTrend, SlideRatings}
	if got := kinds(slides); !reflect.DeepEqual(got, want) {
		t.Fatalf("slide kinds %v, want %v", got, want)
	}
	if slides[0].Title != "Xã Quỳnh Đôi" || len(slides[0].Figures) != 6 {
		t.Errorf("glance %q with %d figures", slides[0].Title, len(slides[0].Figures))
	}
	for _, f := range slides[0].Figures {
		if f.Label == "Xã không có nợ quá hạn" {
			t.Error("a commune's glance counts communes without overdue")
		}
	}
	ranked := slides[4]
	if ranked.Title != "Các tổ theo tỷ lệ nợ quá hạn" || ranked.Chart.MarkLabel != "Toàn xã 5,41\u00a0%" || ranked.Chart.Mark != 541 {
		t.Errorf("ranked %q %+v", ranked.Title, ranked.Chart)
	}
	var got []string
	for _, it := range ranked.Chart.Items {
		got = append(got, fmt.Sprintf("%s %s %v", it.Label, it.Text, it.Alert))
	}
	// group 11: 10 of 80 = 12,5 %; group 12: 0 of 105
	if want := []string{"Tổ TK&VV xóm Đông Hưng 12,5\u00a0% true", "Tổ TK&VV xóm Tây Sơn 0\u00a0% false"}; !reflect.DeepEqual(got, want) {
		t.Errorf("groups ranked %q, want %q", got, want)
	}
}

// More communes than a slide can rank: the 12 highest, and the title says of how many.
func TestBuildSlidesTopTwelve(t *testing.T) {
	t.Parallel()
	var communes []data.Commune
	var loans []data.SummaryLoan
	for i := 1; i <= 15; i++ {
		c := data.Commune{ID: int64(i), Code: fmt.Sprintf("175%02d", i), Name: fmt.Sprintf("Xã số %d", i)}
		communes = append(communes, c)
		// commune i: i of 100 million overdue, i %
		loans = append(loans, data.SummaryLoan{LoanID: int64(i), BorrowerID: int64(i), CommuneID: c.ID, ProgramCode: "01",
			Current: data.Dong(100-i) * million, Overdue: data.Dong(i) * million})
	}
	ov := data.SummarizeOverview(data.Commune{}, communes, meetingDate, loans, nil, 0, nil)
	for lang, title := range map[string]string{
		"vi": "Các xã theo tỷ lệ nợ quá hạn (12 cao nhất trong 15)",
		"en": "Communes by overdue ratio (highest 12 of 15)",
		"fr": "Communes par taux d’impayés (12 plus élevés sur 15)",
	} {
		slides := BuildSlides(ov, translations.New(lang), SlideOptions{Office: testOffice})
		var ranked Slide
		for _, s := range slides {
			if s.Kind == SlideCommunes {
				ranked = s
			}
		}
		if ranked.Title != title {
			t.Errorf("%s: title %q, want %q", lang, ranked.Title, title)
		}
		items := ranked.Chart.Items
		if len(items) != 12 || items[0].Label != "Xã số 15" || items[11].Label != "Xã số 4" {
			t.Fatalf("%s: %d bars, first %q, last %q", lang, len(items), items[0].Label, items[len(items)-1].Label)
		}
		// office: 120 of 1,500 = 8 %; communes 9 to 15 are above it
		for i, it := range items {
			if i > 0 && it.Value > items[i-1].Value {
				t.Errorf("%s: bar %d (%d) above bar %d (%d)", lang, i, it.Value, i-1, items[i-1].Value)
			}
			if it.Alert != (it.Value > 800) {
				t.Errorf("%s: %s alert %v at %d", lang, it.Label, it.Alert, it.Value)
			}
		}
	}
	// twelve exactly: no "(12 of 12)"
	ov12 := data.SummarizeOverview(data.Commune{}, communes[:12], meetingDate, loans[:12], nil, 0, nil)
	for _, s := range BuildSlides(ov12, translations.New("vi"), SlideOptions{}) {
		if s.Kind == SlideCommunes && strings.Contains(s.Title, "(") {
			t.Errorf("12 communes titled %q", s.Title)
		}
	}
}

// An office with nothing lent: no program slides, no bars, ratios "—", and no division by zero.
func TestBuildSlidesZeroTotals(t *testing.T) {
	t.Parallel()
	ov := data.SummarizeOverview(data.Commune{}, []data.Commune{quynhDoi, quynhHau}, meetingDate, nil, nil, 0,
		meetingTrend(0, 0))
	for _, lang := range translations.Languages() {
		loc := translations.New(lang)
		slides := BuildSlides(ov, loc, meetingOptions(lang, true))
		want := []SlideKind{SlideOffice, SlideCommunes, SlideTrend, SlideRatings, SlideCommune, SlideCommune}
		if got := kinds(slides); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: kinds %v, want %v", lang, got, want)
		}
		overdue := figure(t, slides[0], loc.T("overview.key.overdue"))
		if overdue.Value != "0" || !strings.HasSuffix(overdue.Note, "—") || overdue.Alert {
			t.Errorf("%s: overdue %+v", lang, overdue)
		}
		if n := len(slides[1].Chart.Items); n != 0 {
			t.Errorf("%s: %d bars with nothing lent", lang, n)
		}
		if slides[2].Chart.Max() != 0 || len(slides[2].Chart.Ticks) != 0 {
			t.Errorf("%s: trend scale %d, ticks %v", lang, slides[2].Chart.Max(), slides[2].Chart.Ticks)
		}
		share := figure(t, slides[4], loc.T("overview.key.outstanding_m"))
		if !strings.HasPrefix(share.Note, "—") {
			t.Errorf("%s: a commune's share of nothing is %q", lang, share.Note)
		}
	}
}
