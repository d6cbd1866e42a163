package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"sort"
	"strings"
	"testing"
	"time"

	"policycredit/data"
	"policycredit/translations"
)

var settleMonth = data.Month{Year: 2026, Month: 11}

// sampleSettlement is November 2026 of three groups, settled under the default rules:
//
//   - T01 (27001, Farmers): outstanding 520,000,000 of which 10,000,000 overdue (1.92 %: band
//     100 %); 500,000,000 paid its interest. Fee 500,000,000 × 0.032 % = 160,000; district 9 %
//     = 14,400, province 4.5 % = 7,200, central 2.5 % = 4,000, commune the rest 134,400.
//     Commission 8 % of 3,000,000 interest = 240,000 + 0.01 % of 40,000,000 savings = 4,000:
//     244,000.
//   - T02 (27001, Women): 7,500,000 overdue of 300,000,000 (2.5 %: band 80 %); base
//     280,000,000 → 89,600 × 80 % = 71,680; district 6,451.2 → 6,451, province 3,225.6 →
//     3,226, central 1,792, commune 71,680 − 11,469 = 60,211; social housing 0.003 % of
//     200,000,000 = 6,000 to the commune level: fee 77,680, commune 66,211.
//   - T05 (27004, Veterans): 5 % overdue, band 0: no fee.
func sampleSettlement(settled bool) data.Settlement {
	rules := data.Settings{}.SettlementRulesOn(settleMonth.End())
	groups := []data.GroupMonth{
		{GroupID: 1, Code: "T01", Name: "Tổ Hội Nông dân xóm 1", CommuneID: 1, Commune: "27001", Association: "HND", PointID: 1,
			Leader: "Nguyễn Văn An", Outstanding: 520_000_000, Overdue: 10_000_000, PaidOutstanding: 500_000_000,
			InterestCollected: 3_000_000, InterestToCollect: 3_000_000, InterestPaid: 3_000_000, PrincipalToCollect: 10_000_000,
			PrincipalPaid: 10_000_000, SavingsBefore: 38_000_000, SavingsEnd: 40_000_000, Members: 30, Savers: 28, Entries: 60, OnSite: 60},
		{GroupID: 2, Code: "T02", Name: "Tổ Hội Phụ nữ xóm 2", CommuneID: 1, Commune: "27001", Association: "HPN", PointID: 1,
			Leader: "Trần Thị Bình", Outstanding: 300_000_000, Overdue: 7_500_000, PaidOutstanding: 280_000_000,
			InterestCollected: 1_800_000, InterestToCollect: 2_000_000, InterestPaid: 1_800_000, HousingAverage: 200_000_000,
			SavingsBefore: 20_000_000, SavingsEnd: 20_000_000, Members: 25, Savers: 20, Entries: 40, OnSite: 30},
		{GroupID: 3, Code: "T05", Name: "Tổ Cựu chiến binh thôn Đông", CommuneID: 2, Commune: "27004", Association: "CCB", PointID: 2,
			Leader: "Lê Văn Cường", Outstanding: 100_000_000, Overdue: 5_000_000, PaidOutstanding: 90_000_000,
			InterestCollected: 500_000, InterestToCollect: 1_000_000, InterestPaid: 500_000, SavingsBefore: 5_000_000, SavingsEnd: 4_000_000,
			Members: 20, Savers: 5, Entries: 10, OnSite: 2},
	}
	s := data.Settle(settleMonth, rules, groups)
	for i := range s.Scores {
		if s.Scores[i].Code == "T02" {
			s.Scores[i].Decision = data.RatingDecision{GroupID: 2, Month: settleMonth, Rating: data.RatingGood, Override: true,
				Reason: "Tổ mới kiện toàn, thu lãi đủ"}
		}
	}
	if settled {
		s.Settled, s.ID, s.SettledBy, s.SettledAt = true, 7, "ketoan", time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	}
	return s
}

func sampleDoc(settled bool) SettlementDoc {
	return SettlementDoc{Office: testOffice, Settlement: sampleSettlement(settled),
		Communes: map[string]string{"27001": "Xã Quỳnh Đôi", "27004": "Xã Quỳnh Hậu"},
		Points: map[int64]data.Point{1: {ID: 1, CommuneID: 1, Code: "DGD-QD", Name: "Điểm xã Quỳnh Đôi"},
			2: {ID: 2, CommuneID: 2, Code: "DGD-QH", Name: "Điểm xã Quỳnh Hậu"}}}
}

// The hand-counted fees above, and the split adding up to each fee to the đồng.
func TestSettlementSampleAddsUp(t *testing.T) {
	t.Parallel()
	s := sampleSettlement(true)
	want := map[string][5]data.Dong{ // fee, commune, district, province, central
		"HND": {160_000, 134_400, 14_400, 7_200, 4_000},
		"HPN": {77_680, 66_211, 6_451, 3_226, 1_792},
		"CCB": {0, 0, 0, 0, 0},
	}
	for _, f := range s.Fees {
		w := want[f.Association]
		if got := [5]data.Dong{f.Fee, f.Levels[0], f.Levels[1], f.Levels[2], f.Levels[3]}; got != w {
			t.Errorf("%s: fee and levels %v, want %v", f.Association, got, w)
		}
	}
	if s.Commissions[0].Commission != 244_000 {
		t.Errorf("T01 commission %d, want 244,000", s.Commissions[0].Commission)
	}
}

// keysOf decodes JSON into maps and returns the keys of the object at path (object keys,
// "[0]" for an array's first element).
func keysOf(t *testing.T, raw []byte, path ...string) map[string]any {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%v\n%s", err, raw)
	}
	for _, p := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			if len(x) == 0 {
				t.Fatalf("%v: empty array at %q", path, p)
			}
			v = x[0]
		}
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%v is %T, not an object", path, v)
	}
	return m
}

func hasKeys(t *testing.T, what string, m map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			got := make([]string, 0, len(m))
			for g := range m {
				got = append(got, g)
			}
			sort.Strings(got)
			t.Errorf("%s: no key %q (has %v)", what, k, got)
		}
	}
}

// The JSON shapes the issue fixes: these keys with these names (extra keys allowed).
func TestSettlementJSONShapes(t *testing.T) {
	t.Parallel()
	loc := translations.New("en")
	doc := sampleDoc(false)
	var fees, coms, rats bytes.Buffer
	for _, w := range []struct {
		r   Report
		buf *bytes.Buffer
	}{{FeesReport{doc}, &fees}, {CommissionsReport{SettlementDoc: doc}, &coms}, {RatingsReport{doc}, &rats}} {
		if err := w.r.WriteJSON(w.buf, loc); err != nil {
			t.Fatal(err)
		}
	}

	top := keysOf(t, fees.Bytes())
	hasKeys(t, "fees", top, "month", "associations", "total", "settled")
	a := keysOf(t, fees.Bytes(), "associations", "[0]")
	hasKeys(t, "fees.associations[]", a, "code", "commune", "base", "rate", "overdue_ratio", "band_percent", "fee", "levels",
		"housing_fee", "housing_base")
	hasKeys(t, "fees.associations[].levels", keysOf(t, fees.Bytes(), "associations", "[0]", "levels"),
		"commune", "district", "province", "central")
	if top["month"] != "2026-11" || top["settled"] != false || top["total"] != float64(237_680) {
		t.Errorf("fees: month %v settled %v total %v", top["month"], top["settled"], top["total"])
	}
	// T01's association: 0.032 % a month is 0.00032; 10,000,000 of 520,000,000 overdue.
	if a["code"] != "HND" || a["commune"] != "27001" || a["rate"] != 0.00032 || a["band_percent"] != float64(100) ||
		a["base"] != float64(500_000_000) || a["fee"] != float64(160_000) {
		t.Errorf("fees: first association %v", a)
	}
	if r, _ := a["overdue_ratio"].(float64); r < 0.01923 || r > 0.01924 {
		t.Errorf("fees: overdue ratio %v, want 10/520", a["overdue_ratio"])
	}

	hasKeys(t, "commissions", keysOf(t, coms.Bytes()), "month", "groups", "total")
	g := keysOf(t, coms.Bytes(), "groups", "[0]")
	hasKeys(t, "commissions.groups[]", g, "code", "base", "rate", "commission")
	if g["code"] != "T01" || g["base"] != float64(3_000_000) || g["rate"] != 0.08 || g["commission"] != float64(244_000) {
		t.Errorf("commissions: first group %v", g)
	}

	hasKeys(t, "ratings", keysOf(t, rats.Bytes()), "month", "groups")
	rg := keysOf(t, rats.Bytes(), "groups", "[0]")
	hasKeys(t, "ratings.groups[]", rg, "code", "criteria", "total", "band", "computed_band")
	hasKeys(t, "ratings.groups[].criteria", keysOf(t, rats.Bytes(), "groups", "[0]", "criteria"),
		"on_site", "overdue", "principal_collected", "interest_collected", "savers", "savings_growth")
	var out struct {
		Groups []struct {
			Code, Band   string
			ComputedBand string `json:"computed_band"`
			Total        int64
			Criteria     map[string]int64
		}
	}
	_ = json.Unmarshal(rats.Bytes(), &out)
	for _, g := range out.Groups {
		var sum int64
		for _, p := range g.Criteria {
			sum += p
		}
		if sum != g.Total {
			t.Errorf("%s: criteria add up to %d, total %d", g.Code, sum, g.Total)
		}
		switch g.Band {
		case "good", "fair", "average", "weak":
		default:
			t.Errorf("%s: band %q", g.Code, g.Band)
		}
	}
	// T02's band is the clerk's override, its computed one stays beside it.
	if out.Groups[1].Code != "T02" || out.Groups[1].Band != "good" || out.Groups[1].ComputedBand == "good" {
		t.Errorf("T02: %+v", out.Groups[1])
	}
}

// Each document in each language: sound PDF, embedded fonts, the band, the split, the rules
// and the amount in words; a month not settled says so.
func TestSettlementPDFs(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang                                        string
		band, split, rounding, words, preview, slip string
	}{
		{"vi", "80 %", "cấp xã 84 %, cấp huyện 9 %, cấp tỉnh 4,5 %, trung ương 2,5 %", "cấp xã nhận phần còn lại",
			"Hai trăm bốn mươi tư nghìn đồng", "BẢN XEM TRƯỚC – CHƯA QUYẾT TOÁN", "GIẤY NHẬN TIỀN HOA HỒNG"},
		{"en", "80%", "commune level 84%, district 9%, province 4.5%, central 2.5%", "commune level takes the rest",
			"two hundred forty-four thousand dong", "PREVIEW – NOT SETTLED", "COMMISSION SLIP"},
		{"fr", "80 %", "commune 84 %, district 9 %, province 4,5 %, central 2,5 %", "la commune reçoit le reste",
			"deux cent quarante-quatre mille dongs", "APERÇU – NON RÉGLÉ", "REÇU DE COMMISSION"},
	} {
		loc := translations.New(c.lang)
		for _, settled := range []bool{false, true} {
			doc := sampleDoc(settled)
			docs := map[string]Report{"fees": FeesReport{doc}, "commissions": CommissionsReport{SettlementDoc: doc},
				"ratings": RatingsReport{doc}}
			texts := map[string]string{}
			for name, r := range docs {
				file := writeFile(t, name+"-"+c.lang+".pdf", func(w io.Writer) error { return r.WritePDF(w, loc, testCreated) })
				checkSound(t, file)
				texts[name] = strings.Join(strings.Fields(allText(t, file)), " ")
				if strings.Contains(texts[name], c.preview) != !settled {
					t.Errorf("%s %s settled %v: preview mark %q shown %v", c.lang, name, settled, c.preview, !settled)
				}
			}
			for name, wants := range map[string][]string{
				"fees":        {c.band, c.split, c.rounding, "160.000", "66.211", "3.226", "27001"},
				"commissions": {"Nguyễn Văn An", "244.000", c.words, c.slip, "DGD-QD"},
				"ratings":     {"T02", "mới", "kiện", "24/30"},
			} {
				for _, want := range wants {
					if c.lang != "vi" {
						want = strings.NewReplacer("160.000", "160", "66.211", "66", "3.226", "226", "244.000", "244").Replace(want)
					}
					if !strings.Contains(texts[name], want) {
						t.Errorf("%s %s: %q not found in:\n%s", c.lang, name, want, texts[name])
					}
				}
			}
		}
	}
}

// With one group (`--group`), the commissions are that group's slip alone, on portrait A4.
func TestCommissionSlipAlone(t *testing.T) {
	t.Parallel()
	src := &settlementSource{s: sampleSettlement(true)}
	r := Request{Office: testOffice, Scope: ScopeGroup, ID: 2, Month: settleMonth, Loc: translations.New("vi")}
	got, err := buildCommissions(context.Background(), src, r)
	if err != nil {
		t.Fatal(err)
	}
	file := writeFile(t, "slip.pdf", func(w io.Writer) error { return got.WritePDF(w, r.Loc, testCreated) })
	pages, size := pdfInfo(t, file)
	text := allText(t, file)
	if pages != 1 || size != a4Portrait || !strings.Contains(text, "T02") || strings.Contains(text, "T01") ||
		!strings.Contains(text, "Trần Thị Bình") || !strings.Contains(text, "Bằng chữ") {
		t.Errorf("%d pages of %s:\n%s", pages, size, text)
	}
	if src.asked != 0 {
		t.Errorf("asked for commune %d, want the office's settlement to find the group in", src.asked)
	}
}

// settlementSource is a store with one settlement; it filters a commune as the store does.
type settlementSource struct {
	sampleSource
	s     data.Settlement
	asked int64
}

func (s *settlementSource) MonthSettlement(_ context.Context, m data.Month, communeID int64) (data.Settlement, error) {
	s.asked = communeID
	out := s.s
	out.Month = m
	if communeID != 0 {
		out.Fees = keep(out.Fees, func(f data.AssociationFee) bool { return f.CommuneID == communeID })
		out.Commissions = keep(out.Commissions, func(c data.GroupCommission) bool { return c.CommuneID == communeID })
		out.Scores = keep(out.Scores, func(g data.GroupScore) bool { return g.CommuneID == communeID })
	}
	return out, s.fail
}
