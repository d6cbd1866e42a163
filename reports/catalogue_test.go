package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"math/big"
	"strings"
	"testing"
	"time"

	"policycredit/data"
	"policycredit/translations"
)

var catalogueDay = data.MustDate("2025-12-01")

func defaultCatalogue() ProgramCatalogue {
	return BuildProgramCatalogue(testOffice, data.DefaultPrograms(), catalogueDay, 130)
}

func line(t *testing.T, c ProgramCatalogue, code string) CatalogueLine {
	t.Helper()
	for _, p := range c.Programs {
		if p.Code == code {
			return p
		}
	}
	t.Fatalf("program %s is not in the catalogue", code)
	return CatalogueLine{}
}

func TestBuildProgramCatalogue(t *testing.T) {
	t.Parallel()
	c := defaultCatalogue()
	if len(c.Programs) != 14 {
		t.Fatalf("%d programs, want the 14 defaults", len(c.Programs))
	}
	var codes []string
	for _, p := range c.Programs {
		codes = append(codes, p.Code)
	}
	if got := strings.Join(codes, " "); got != "01 02 03 04 05 06 07 08 09 12 13 19 26 28" {
		t.Errorf("codes in order %s", got)
	}

	p01 := line(t, c, "01")
	// 0,52 %/month since the 1 Dec 2025 cut, 0,55 % before; penalty 130 % × 5 200 = 6 760.
	if p01.Rate != 5200 || p01.PreviousRate != 5500 || !p01.ChangedOn.Equal(catalogueDay) {
		t.Errorf("01: rate %d, previous %d, changed %v", p01.Rate, p01.PreviousRate, p01.ChangedOn)
	}
	if p01.PenaltyRate.Cmp(big.NewRat(6760, 1)) != 0 {
		t.Errorf("01 penalty %v, want 6760", p01.PenaltyRate)
	}
	if p01.NameIn("vi") != "Cho vay hộ nghèo" || p01.NameIn("en") != "Poor households" || p01.MaxAmount != 100_000_000 || p01.MaxTermMonths != 120 || !p01.Open {
		t.Errorf("01 = %+v", p01)
	}

	p03 := line(t, c, "03")
	// 130 % × 6 604 = 8 585,2 millionths: not a whole Rate, kept exact as 42 926 / 5.
	if p03.Rate != 6604 || p03.PenaltyRate.Cmp(big.NewRat(42926, 5)) != 0 {
		t.Errorf("03: rate %d, penalty %v", p03.Rate, p03.PenaltyRate)
	}
	if !p03.ChangedOn.IsZero() || p03.PreviousRate != 0 {
		t.Errorf("03 never changed rate, got %d on %v", p03.PreviousRate, p03.ChangedOn)
	}
	if p03.LimitBasis != data.LimitPerWorker || p03.MaxAmount != 200_000_000 {
		t.Errorf("03 = %+v", p03)
	}

	// The day before the cut: the old rate, and no change yet.
	before := BuildProgramCatalogue(testOffice, data.DefaultPrograms(), catalogueDay.AddDays(-1), 130)
	if p := line(t, before, "01"); p.Rate != 5500 || !p.ChangedOn.IsZero() {
		t.Errorf("01 on 30 Nov 2025: rate %d, changed %v", p.Rate, p.ChangedOn)
	}
}

func TestBuildProgramCatalogueRateHistory(t *testing.T) {
	t.Parallel()
	d := data.MustDate
	programs := []data.Program{
		{Code: "50", Name: map[string]string{"vi": "Chưa áp dụng"}, Sources: []data.FundingSource{data.SourceLocal},
			Rates: []data.RatePeriod{{Effective: d("2026-01-01"), Rate: 5000}}},
		{Code: "40", Name: map[string]string{"vi": "Lịch sử lộn xộn"}, LimitBasis: data.LimitPerLoan,
			// not sorted; a re-decision at the same rate; a change after the date
			Rates: []data.RatePeriod{
				{Effective: d("2025-06-01"), Rate: 6000},
				{Effective: d("2020-01-01"), Rate: 6500},
				{Effective: d("2025-09-01"), Rate: 6000},
				{Effective: d("2026-03-01"), Rate: 5000},
			}},
	}
	c := BuildProgramCatalogue(testOffice, programs, catalogueDay, 150)
	if len(c.Programs) != 1 || c.Programs[0].Code != "40" {
		t.Fatalf("programs %+v, want only 40: 50 has no rate on the date", c.Programs)
	}
	p := c.Programs[0]
	if p.Rate != 6000 || p.PreviousRate != 6500 || !p.ChangedOn.Equal(d("2025-06-01")) {
		t.Errorf("rate %d, previous %d, changed %v; want 6000, 6500, 2025-06-01", p.Rate, p.PreviousRate, p.ChangedOn)
	}
	if p.PenaltyRate.Cmp(big.NewRat(9000, 1)) != 0 {
		t.Errorf("penalty %v, want 150 %% of 6000 = 9000", p.PenaltyRate)
	}
	if p.NameIn("fr") != "Lịch sử lộn xộn" {
		t.Errorf("a missing name falls back to Vietnamese, got %q", p.NameIn("fr"))
	}
}

func TestPenaltyRounding(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		r     *big.Rat
		units data.Rate
		exact string
	}{
		{big.NewRat(42926, 5), 8585, "0.85852"}, // 8585.2
		{big.NewRat(17171, 2), 8586, "0.85855"}, // 8585.5 rounds half up
		{big.NewRat(6760, 1), 6760, "0.676"},
		{big.NewRat(8112, 1), 8112, "0.8112"},
		{big.NewRat(1, 100), 0, "0.000001"},
		{nil, 0, "0"},
	} {
		if got := roundRate(c.r); got != c.units {
			t.Errorf("roundRate(%v) = %d, want %d", c.r, got, c.units)
		}
		if got := exactPercent(c.r); got != c.exact {
			t.Errorf("exactPercent(%v) = %q, want %q", c.r, got, c.exact)
		}
	}
	// what the PDF prints for program 03
	for lang, want := range map[string]string{"vi": "0,8585\u00a0%", "en": "0.8585%", "fr": "0,8585\u00a0%"} {
		if got := translations.New(lang).Percent(roundRate(big.NewRat(42926, 5))); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}

func TestCatalogueJSON(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := defaultCatalogue().WriteJSON(&buf, translations.New("en")); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Report         string
		Office         map[string]string
		On             string
		PenaltyPercent int `json:"penalty_percent"`
		Programs       []json.RawMessage
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if doc.Report != "program_catalogue" || doc.On != "2025-12-01" || doc.PenaltyPercent != 130 ||
		doc.Office["name"] != testOffice.Name || doc.Office["province"] != "Nghệ An" || len(doc.Programs) != 14 {
		t.Errorf("top level: %+v", doc)
	}
	want := map[int]string{
		0: `{"code":"01","name":{"en":"Poor households","fr":"Ménages pauvres","vi":"Cho vay hộ nghèo"},
			"monthly_rate":0.52,"annual_rate":6.24,"penalty_rate":0.676,"max_amount":100000000,
			"limit_basis":"loan","max_term_months":120,"open":true,"sources":["central","province","local"],
			"previous_rate":0.55,"changed_on":"2025-12-01"}`,
		2: `{"code":"03","name":{"en":"Job creation and retention","fr":"Création et maintien d'emplois","vi":"Giải quyết việc làm"},
			"monthly_rate":0.6604,"annual_rate":7.9248,"penalty_rate":0.85852,"max_amount":200000000,
			"limit_basis":"worker","max_term_months":120,"open":true,"sources":["central","province","local"],
			"previous_rate":null,"changed_on":null}`,
		3: `{"code":"04","name":{"en":"Workers abroad under contract","fr":"Travailleurs à l'étranger sous contrat","vi":"Người lao động đi làm việc ở nước ngoài"},
			"monthly_rate":0.52,"annual_rate":6.24,"penalty_rate":0.676,"max_amount":0,
			"limit_basis":"loan","max_term_months":0,"open":true,"sources":["central","province","local"],
			"previous_rate":null,"changed_on":null}`,
	}
	for i, w := range want {
		var got, exp bytes.Buffer
		if err := json.Compact(&got, doc.Programs[i]); err != nil {
			t.Fatal(err)
		}
		if err := json.Compact(&exp, []byte(w)); err != nil {
			t.Fatal(err)
		}
		if got.String() != exp.String() {
			t.Errorf("program %d:\n got %s\nwant %s", i, got.String(), exp.String())
		}
	}
}

func readCSV(t *testing.T, raw string, comma rune) [][]string {
	t.Helper()
	if !strings.HasPrefix(raw, "\ufeff") {
		t.Fatalf("CSV does not start with a UTF-8 BOM: %q", raw[:min(20, len(raw))])
	}
	if !strings.Contains(raw, "\r\n") {
		t.Error("CSV lines should end in CRLF")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(raw, "\ufeff")))
	r.Comma = comma
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("reading back the CSV: %v\n%s", err, raw)
	}
	return rows
}

func TestCatalogueCSV(t *testing.T) {
	t.Parallel()
	c := defaultCatalogue()
	var vi bytes.Buffer
	if err := c.WriteCSV(&vi, translations.New("vi")); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, vi.String(), ';')
	if len(rows) != 15 {
		t.Fatalf("%d rows, want a header and 14 programs", len(rows))
	}
	lines := strings.Split(strings.TrimPrefix(vi.String(), "\ufeff"), "\r\n")
	for i, want := range map[int]string{
		0: "Mã;Chương trình cho vay;Lãi suất (%/tháng);Lãi suất (%/năm);Lãi suất quá hạn (%/tháng);Mức cho vay tối đa (đồng);" +
			"Mức cho vay tính theo;Thời hạn cho vay tối đa (tháng);Cho vay mới;Nguồn vốn;Lãi suất trước khi thay đổi (%/tháng);Ngày thay đổi lãi suất",
		1: "01;Cho vay hộ nghèo;0,52;6,24;0,676;100000000;Mỗi món vay;120;Đang cho vay;Trung ương, Ngân sách tỉnh, Ngân sách huyện, xã;0,55;01/12/2025",
		3: "03;Giải quyết việc làm;0,6604;7,9248;0,85852;200000000;Mỗi người lao động;120;Đang cho vay;Trung ương, Ngân sách tỉnh, Ngân sách huyện, xã;;",
		4: "04;Người lao động đi làm việc ở nước ngoài;0,52;6,24;0,676;;Mỗi món vay;;Đang cho vay;Trung ương, Ngân sách tỉnh, Ngân sách huyện, xã;;",
	} {
		if lines[i] != want {
			t.Errorf("vi line %d:\n got %s\nwant %s", i, lines[i], want)
		}
	}

	var en bytes.Buffer
	if err := c.WriteCSV(&en, translations.New("en")); err != nil {
		t.Fatal(err)
	}
	rows = readCSV(t, en.String(), ',')
	if got := strings.Join(rows[0][:3], "|"); got != "Code|Credit program|Rate (%/month)" {
		t.Errorf("en header starts %s", got)
	}
	if got, want := strings.Join(rows[3], "|"), "03|Job creation and retention|0.6604|7.9248|0.85852|200000000|Per worker|120|Open|Central, Provincial budget, District/commune budget||"; got != want {
		t.Errorf("en 03:\n got %s\nwant %s", got, want)
	}
	if got := rows[1][10] + " " + rows[1][11]; got != "0.55 1 Dec 2025" {
		t.Errorf("en 01 previous rate and date: %s", got)
	}
}

func writeCatalogue(t *testing.T, lang string) string {
	t.Helper()
	return writeFile(t, "catalogue-"+lang+".pdf", func(w io.Writer) error {
		return defaultCatalogue().WritePDF(w, translations.New(lang), testCreated)
	})
}

func TestCataloguePDF(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"vi", []string{
			"DANH MỤC CHƯƠNG TRÌNH CHO VAY VÀ LÃI SUẤT", "Lãi suất áp dụng tại ngày 01/12/2025",
			"Cho vay hộ nghèo", "Người lao động đi làm việc ở nước ngoài", "Đồng bào dân tộc thiểu số và miền núi",
			"0,52 %", "6,24 %", "0,676 %", "0,6604 %", "7,9248 %", "0,8585 %", "100.000.000", "1.000.000.000",
			"/ tháng học", "/ người lao động", "120 tháng", "Theo hợp đồng", "Đang cho vay",
			"Cộng: 14 chương trình; đang cho vay mới: 14",
			"Lãi suất nợ quá hạn bằng 130 % lãi suất cho vay",
			"mức lãi suất mới áp dụng cả cho các khoản vay đang còn dư nợ",
			"01 – Cho vay hộ nghèo: từ ngày 01/12/2025 là 0,52 %/tháng (trước đó 0,55 %/tháng)",
			"Nghệ An, ngày 01 tháng 12 năm 2025", "Người lập biểu", "Kiểm soát", "Giám đốc",
			"PHÒNG GIAO DỊCH NHCSXH HUYỆN QUỲNH LƯU", "Ngày báo cáo: 01/12/2025", "Trang 1/1",
		}},
		{"en", []string{
			"CREDIT PROGRAMS AND INTEREST RATES", "Rates in force on 1 Dec 2025", "Poor households",
			"0.52%", "6.24%", "0.8585%", "100,000,000", "per study month", "120 months", "Set by contract", "Open",
			"Total: 14 programs; open to new loans: 14",
			"A change of lending rate also applies to loans already outstanding, from its effective date.",
			"01 – Poor households: 0.52% per month from 1 Dec 2025 (previously 0.55%)",
			"Nghệ An, 1 December 2025", "Prepared by", "Checked by", "Director", "Report date: 1 Dec 2025", "Page 1 of 1",
		}},
		{"fr", []string{
			"PROGRAMMES DE CRÉDIT ET TAUX D'INTÉRÊT", "Ménages pauvres", "0,52 %", "0,8585 %", "100 000 000",
			"par mois d'étude", "120 mois", "Ouvert", "Nghệ An, le 1er décembre 2025",
			"Établi par", "Contrôlé par", "Directeur", "Page 1 sur 1",
		}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			file := writeCatalogue(t, c.lang)
			checkSound(t, file)
			pages, size := pdfInfo(t, file)
			if size != a4Landscape {
				t.Errorf("page size %q, want landscape %q", size, a4Landscape)
			}
			// The fourteen default programs, notes and signatures fit on one posted sheet.
			if pages != 1 {
				t.Errorf("%d pages, want 1", pages)
			}
			text := allText(t, file)
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("%q not found in:\n%s", w, text)
				}
			}
		})
	}
}

// The same figures, language and creation time give the same bytes; the creation time is
// really what the file records.
func TestCataloguePDFIsDeterministic(t *testing.T) {
	t.Parallel()
	render := func(lang string, created time.Time) []byte {
		var buf bytes.Buffer
		if err := defaultCatalogue().WritePDF(&buf, translations.New(lang), created); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for _, lang := range translations.Languages() {
		a, b := render(lang, testCreated), render(lang, testCreated)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renderings of the same input differ (%d and %d bytes)", lang, len(a), len(b))
		}
		if !bytes.Contains(a, []byte("/CreationDate (D:20251201073000)")) {
			t.Errorf("%s: the pinned creation date is not in the file", lang)
		}
		if bytes.Equal(a, render(lang, testCreated.Add(time.Hour))) {
			t.Errorf("%s: a different creation time gave the same bytes", lang)
		}
	}
	// and JSON and CSV too
	var j1, j2, c1, c2 bytes.Buffer
	c := defaultCatalogue()
	_ = c.WriteJSON(&j1, translations.New("en"))
	_ = defaultCatalogue().WriteJSON(&j2, translations.New("en"))
	_ = c.WriteCSV(&c1, translations.New("fr"))
	_ = defaultCatalogue().WriteCSV(&c2, translations.New("fr"))
	if !bytes.Equal(j1.Bytes(), j2.Bytes()) || !bytes.Equal(c1.Bytes(), c2.Bytes()) {
		t.Error("JSON or CSV output differs between two runs")
	}
}
