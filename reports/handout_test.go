package reports

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/translations"
)

// squash drops every space: pdftotext guesses spaces from the gaps between letters (it
// reads "0\u00a0%" as "0%"), and the words are what the checks are about.
func squash(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), "")
}

// extractPages extracts a document's pages in drawing order (pdftotext -raw), so that a label wrapped
// over two lines reads as one, whatever stands beside it.
func extractPages(t *testing.T, file string) []string {
	t.Helper()
	out := strings.Split(tool(t, "pdftotext", "-raw", file, "-"), "\f")
	return out[:len(out)-1] // the last page ends in a form feed too
}

// onPage reports whether every one of texts is on page (1-based) of the extracted pages.
func onPage(t *testing.T, pages []string, page int, what string, texts ...string) {
	t.Helper()
	text := squash(pages[page-1])
	for _, s := range texts {
		if s != "" && !strings.Contains(text, squash(s)) {
			t.Errorf("page %d lacks %s %q:\n%s", page, what, s, pages[page-1])
		}
	}
}

// The handout of an office meeting in each language: one landscape page per slide, each page
// with its slide's title, figures and chart figures, the header and "page x of y".
func TestHandoutPDF(t *testing.T) {
	t.Parallel()
	for _, lang := range translations.Languages() {
		loc := translations.New(lang)
		slides := BuildSlides(officeOverview(), loc, meetingOptions(lang, true))
		h := Handout{Office: testOffice, Date: meetingDate, Slides: slides}
		file := writeFile(t, "handout-"+lang+".pdf", func(w io.Writer) error { return h.WritePDF(w, loc, testCreated) })
		checkSound(t, file)
		pages, size := pdfInfo(t, file)
		if pages != len(slides) || size != a4Landscape {
			t.Fatalf("%s: %d pages of %s for %d slides, want one landscape A4 page each", lang, pages, size, len(slides))
		}
		text := extractPages(t, file)
		for i, s := range slides {
			page := i + 1
			onPage(t, text, page, "title", s.Title)
			onPage(t, text, page, "subtitle", s.Subtitle)
			onPage(t, text, page, "header", loc.T("handout.title"), loc.T("report.date", "Date", meetingDate),
				loc.T("report.page", "Page", strconv.Itoa(page), "Pages", strconv.Itoa(pages)))
			for _, f := range s.Figures {
				onPage(t, text, page, "figure", f.Label, f.Value, f.Note)
			}
			if c := s.Chart; c != nil {
				onPage(t, text, page, "unit note", loc.T("handout.unit", "Unit", c.Unit))
				onPage(t, text, page, "mark", c.MarkLabel)
				for _, it := range c.Items {
					onPage(t, text, page, "chart item", it.Label, it.Text, it.SecondText)
				}
			}
		}
		// the figures belong to their own slide: Quỳnh Dị's overdue ratio is not on Quỳnh Hậu's page
		if strings.Contains(squash(text[10]), squash(slides[6].Chart.Items[0].Text)) {
			t.Errorf("%s: page 11 shows another commune's ratio", lang)
		}
		checkLayout(t, file)
	}

	// Vietnamese letters extract as written, on the right pages.
	loc := translations.New("vi")
	slides := BuildSlides(officeOverview(), loc, meetingOptions("vi", true))
	file := writeFile(t, "handout-vi.pdf", func(w io.Writer) error {
		return Handout{Office: testOffice, Date: meetingDate, Slides: slides}.WritePDF(w, loc, testCreated)
	})
	text := extractPages(t, file)
	for page, want := range map[int][]string{
		1:  {"Phòng giao dịch NHCSXH huyện Quỳnh Lưu", "Tỷ lệ nợ quá hạn 10,77 %", "Xã không có nợ quá hạn", "Tăng, giảm từ 01/01/2026", "Tài liệu họp"},
		2:  {"01 – Cho vay hộ nghèo", "33,85 % tổng dư nợ"}, // 110 of 325
		7:  {"Các xã theo tỷ lệ nợ quá hạn", "Phường Quỳnh Dị", "Xã Quỳnh Đôi", "Toàn phòng 10,77 %", "Đơn vị tính: %"},
		8:  {"Nợ quá hạn", "Đơn vị tính: triệu đồng", "400", "12/2025", "20/11/2026"},
		9:  {"Tổ TK&VV theo xếp loại", "Trung bình", "Chưa xếp loại", "Đơn vị tính: tổ"},
		12: {"Xã Quỳnh Ngọc", "Tỷ lệ nợ quá hạn —", "-15"},
	} {
		onPage(t, text, page, "text", want...)
	}
}

// A commune's handout and a handout of nothing lent: empty charts say so, and nothing breaks.
func TestHandoutCommuneAndEmpty(t *testing.T) {
	t.Parallel()
	empty := data.SummarizeOverview(data.Commune{}, []data.Commune{quynhDoi}, meetingDate, nil, nil, 0, nil)
	for name, ov := range map[string]data.Overview{"commune": communeOverview(), "empty": empty} {
		for _, lang := range []string{"vi", "fr"} {
			loc := translations.New(lang)
			slides := BuildSlides(ov, loc, meetingOptions(lang, true))
			file := writeFile(t, name+"-"+lang+".pdf", func(w io.Writer) error {
				return Handout{Office: testOffice, Date: meetingDate, Title: "Giao ban tháng 11", Slides: slides}.WritePDF(w, loc, testCreated)
			})
			checkSound(t, file)
			if pages, _ := pdfInfo(t, file); pages != len(slides) {
				t.Errorf("%s %s: %d pages for %d slides", name, lang, pages, len(slides))
			}
			text := extractPages(t, file)
			for i, s := range slides {
				onPage(t, text, i+1, "title", s.Title, "Giao ban tháng 11")
				if s.Chart != nil && len(s.Chart.Items) == 0 {
					onPage(t, text, i+1, "empty chart note", loc.T("handout.no_data"))
				}
			}
			checkLayout(t, file)
		}
	}
	file := writeFile(t, "none.pdf", func(w io.Writer) error {
		return Handout{Office: testOffice, Date: meetingDate}.WritePDF(w, translations.New("en"), testCreated)
	})
	if pages, _ := pdfInfo(t, file); pages != 1 {
		t.Errorf("a handout of no slides has %d pages", pages)
	}
	onPage(t, extractPages(t, file), 1, "note", "No figures to show", "Meeting handout")
}

// crowdedSlides push every layout to its limits with the longest texts: fifteen bars with long
// French labels, big trend figures where overdue outgrows outstanding, a stacked bar with a
// sliver of a part, eight figures, and figures over a chart.
func crowdedSlides(loc *translations.Localizer) []Slide {
	long := "Ménages des minorités ethniques et de montagne de la commune de Quỳnh Thạch et de Quỳnh Hoa"
	bars := &Chart{Kind: ChartBars, Unit: "millions de dongs", HasMark: true, Mark: 450_000_000_000,
		MarkLabel: "Moyenne de l'agence sur l'ensemble des communes 450 000"}
	for i := 0; i < 15; i++ {
		v := int64(980_000_000_000 - int64(i)*61_000_000_000)
		bars.Items = append(bars.Items, ChartItem{Label: fmt.Sprintf("%02d – %s", i+1, long), Value: v,
			Text: loc.Number(v / 1_000_000), Alert: v > bars.Mark})
	}
	trend := &Chart{Kind: ChartColumns, Unit: "millions de dongs", FirstLabel: "Encours de l'ensemble des programmes",
		SecondLabel: "Impayés de plus de quatre-vingt-dix jours"}
	for i, d := range data.TrendDates(meetingDate) {
		first, second := int64(900_000+i*8_765)*1_000_000, int64(12_000+(i%4)*9_000)*1_000_000
		trend.Items = append(trend.Items, ChartItem{Label: loc.Month(d), Value: first, Text: loc.Number(first / 1_000_000),
			Second: second, SecondText: loc.Number(second / 1_000_000)})
	}
	ratings := &Chart{Kind: ChartStacked, Unit: "groupes d'épargne et de crédit", Items: []ChartItem{
		{Label: "Bon, selon l'évaluation annuelle des associations", Value: 1_180, Text: loc.Number(1_180), Tone: 0},
		{Label: "Assez bon", Value: 612, Text: loc.Number(612), Tone: 1},
		{Label: "Moyen", Value: 3, Text: loc.Number(3), Tone: 2},
		{Label: "Faible", Value: 0, Text: "0", Tone: 3},
		{Label: "Non classé depuis la création du groupe", Value: 41, Text: loc.Number(41), Tone: -1},
	}}
	var figures []BigFigure
	for i := 0; i < 8; i++ {
		figures = append(figures, BigFigure{Label: "Ménages avec encours dans les communes de montagne et zones défavorisées",
			Value: loc.Number(987_654_321 + int64(i)), Note: "millions de dongs, depuis le 01/01/2026, toutes sources de financement confondues",
			Alert: i%3 == 0})
	}
	subtitle := "Phòng giao dịch NHCSXH huyện Quỳnh Lưu · au 20/11/2026"
	title := "Communes par taux d'impayés, de la plus exposée à la moins exposée, sur l'ensemble de l'agence (12 plus élevés sur 15)"
	return []Slide{
		{Kind: SlideCommunes, Title: title, Subtitle: subtitle, Chart: bars},
		{Kind: SlideTrend, Title: "Encours et impayés sur 12 mois", Subtitle: subtitle, Chart: trend},
		{Kind: SlideRatings, Title: "Groupes d'épargne et de crédit par classement", Subtitle: subtitle, Chart: ratings},
		{Kind: SlideOffice, Title: "Phòng giao dịch NHCSXH huyện Quỳnh Lưu", Subtitle: subtitle, Figures: figures},
		{Kind: SlideProgram, Title: "Ménages pauvres", Subtitle: subtitle, Figures: figures[:4], Chart: ratings},
	}
}

// Crowded slides still fit one page each, every text inside the margins and clear of the others.
func TestHandoutCrowdedSlidesFit(t *testing.T) {
	t.Parallel()
	loc := translations.New("fr")
	slides := crowdedSlides(loc)
	file := writeFile(t, "crowded.pdf", func(w io.Writer) error {
		return Handout{Office: testOffice, Date: meetingDate, Slides: slides}.WritePDF(w, loc, testCreated)
	})
	checkSound(t, file)
	if pages, _ := pdfInfo(t, file); pages != len(slides) {
		t.Fatalf("%d pages for %d slides: a slide ran over its page", pages, len(slides))
	}
	text := extractPages(t, file)
	for i, s := range slides {
		if s.Chart == nil {
			continue
		}
		for _, it := range s.Chart.Items {
			onPage(t, text, i+1, "figure", it.Text, it.SecondText)
			// a shortened label keeps its start
			words := strings.Fields(it.Label)
			onPage(t, text, i+1, "label", strings.Join(words[:min(3, len(words))], " "))
		}
	}
	checkLayout(t, file)
}

var wordBox = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)

type box struct {
	x0, y0, x1, y1 float64
	word           string
}

// checkLayout reads every word's box (pdftotext -bbox) on every page: each must lie between
// the side margins and no two may overlap, which is what a label running into a figure or a
// figure off the page looks like.
func checkLayout(t *testing.T, file string) {
	t.Helper()
	out := tool(t, "pdftotext", "-bbox", file, "-")
	const ptPerMM = 72 / 25.4
	left, right := marginSide*ptPerMM-0.5, (297-marginSide)*ptPerMM+0.5
	for p, page := range strings.Split(out, "<page ")[1:] {
		var boxes []box
		for _, m := range wordBox.FindAllStringSubmatch(page, -1) {
			var b box
			for i, f := range []*float64{&b.x0, &b.y0, &b.x1, &b.y1} {
				*f, _ = strconv.ParseFloat(m[i+1], 64)
			}
			b.word = m[5]
			if b.x0 < left || b.x1 > right || b.y1 > 210*ptPerMM-5 {
				t.Errorf("%s page %d: %q at x %.1f–%.1f, y %.1f–%.1f lies outside the margins", file, p+1, b.word, b.x0, b.x1, b.y0, b.y1)
			}
			// The font's ascent and descent (1.36 em) exceed our line height (1.3 em): trim
			// a little off each box's top and bottom so that lines set solid do not count.
			trim := (b.y1 - b.y0) * 0.06
			b.y0, b.y1 = b.y0+trim, b.y1-trim
			boxes = append(boxes, b)
		}
		if len(boxes) == 0 {
			t.Errorf("%s page %d: no words", file, p+1)
		}
		for i, a := range boxes {
			for _, b := range boxes[i+1:] {
				if a.x0 < b.x1-0.2 && b.x0 < a.x1-0.2 && a.y0 < b.y1 && b.y0 < a.y1 {
					t.Errorf("%s page %d: %q and %q overlap", file, p+1, a.word, b.word)
				}
			}
		}
	}
}

// The same slides give the same bytes.
func TestHandoutIsDeterministic(t *testing.T) {
	t.Parallel()
	loc := translations.New("vi")
	h := Handout{Office: testOffice, Date: meetingDate, Slides: BuildSlides(officeOverview(), loc, meetingOptions("vi", true))}
	var a, b bytes.Buffer
	if err := h.WritePDF(&a, loc, testCreated); err != nil {
		t.Fatal(err)
	}
	if err := h.WritePDF(&b, loc, testCreated); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of one handout differ")
	}
}
