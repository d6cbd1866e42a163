package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"reflect"
	"sort"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/translations"
)

func (s *sampleSource) CapitalFiguresOn(context.Context, data.Date) (data.CapitalFigures, error) {
	s.asked = append(s.asked, "capital")
	return sampleCapital().Figures, s.fail
}

// sampleCapital: a province pool grown from 100 to 3,200 million since 22/11/2014 (32 ×) and a
// commune pool; the office lends 16,800 million in all, so local capital is 4,200/16,800 = 25 %.
func sampleCapital() CapitalReport {
	prov := data.CapitalPoolFigures{Pool: data.CapitalPool{ID: 1, Level: data.CapitalProvince, Giver: "Ủy ban nhân dân tỉnh Nghệ An"},
		Totals: data.CapitalTotals{Received: 3_500_000_000, Returned: 300_000_000, Balance: 3_200_000_000,
			LentOutstanding: 2_900_000_000, Available: 250_000_000},
		Jan1: 2_700_000_000, MonthAgo: 3_200_000_000, AtDirective: 100_000_000, Interest: 120_000_000, Loans: 40}
	commune := data.CapitalPoolFigures{Pool: data.CapitalPool{ID: 2, Level: data.CapitalCommune, Giver: "Ủy ban nhân dân xã Quỳnh Đôi", CommuneID: 3},
		CommuneCode: "17017", CommuneName: "Xã Quỳnh Đôi",
		Totals: data.CapitalTotals{Received: 1_000_000_000, Balance: 1_000_000_000, LentOutstanding: 800_000_000, Available: 200_000_000},
		Jan1:   900_000_000, MonthAgo: 950_000_000, Interest: 30_000_000, Loans: 12}
	f := data.CapitalFigures{On: data.MustDate("2026-11-20"), Pools: []data.CapitalPoolFigures{prov, commune},
		OfficeOutstanding: 16_800_000_000}
	f.Totals = f.Sum("").Totals
	return CapitalReport{Office: testOffice, Figures: f}
}

// The JSON is exactly the shape other tools read: its keys, money in đồng, the share a fraction.
func TestCapitalJSONShape(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := sampleCapital().WriteJSON(&b, translations.New("vi")); err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	keys := func(m map[string]any) []string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return ks
	}
	if got := keys(v); !reflect.DeepEqual(got, []string{"date", "local_share", "pools", "totals"}) {
		t.Errorf("keys %v", got)
	}
	pools := v["pools"].([]any)
	p := pools[1].(map[string]any)
	if got := keys(p); !reflect.DeepEqual(got, []string{"available", "balance", "commune", "giver", "lent_outstanding", "level", "received", "returned"}) {
		t.Errorf("pool keys %v", got)
	}
	if p["level"] != "commune" || p["commune"] != "17017" || p["lent_outstanding"] != 800_000_000.0 {
		t.Errorf("commune pool %v", p)
	}
	if pools[0].(map[string]any)["commune"] != "" {
		t.Errorf("province pool's commune %v", pools[0])
	}
	tot := v["totals"].(map[string]any)
	if got := keys(tot); !reflect.DeepEqual(got, []string{"available", "balance", "lent_outstanding", "received", "returned"}) {
		t.Errorf("totals keys %v", got)
	}
	if tot["balance"] != 4_200_000_000.0 || tot["returned"] != 300_000_000.0 || v["local_share"] != 0.25 || v["date"] != "2026-11-20" {
		t.Errorf("totals %v, share %v, date %v", tot, v["local_share"], v["date"])
	}
}

func TestCapitalPDFInThreeLanguages(t *testing.T) {
	t.Parallel()
	for lang, want := range map[string][]string{
		"vi": {"NGUỒN VỐN NGÂN SÁCH ĐỊA PHƯƠNG ỦY THÁC", "32 lần", "Cộng cấp tỉnh", "25 %", "+3.100.000.000", "Lãi đã thu"},
		"en": {"LOCAL-BUDGET CAPITAL ENTRUSTED", "32×", "Subtotal, province", "25%", "+3,100,000,000", "Interest collected"},
		"fr": {"FONDS DES BUDGETS LOCAUX CONFIÉS PAR MANDAT", "32 ×", "Sous-total, province", "25 %", "Intérêts perçus"},
	} {
		loc := translations.New(lang)
		file := writeFile(t, "capital-"+lang+".pdf", func(w io.Writer) error { return sampleCapital().WritePDF(w, loc, testCreated) })
		checkSound(t, file)
		if _, size := pdfInfo(t, file); size != a4Landscape {
			t.Errorf("%s: page size %s", lang, size)
		}
		text := allText(t, file)
		for _, s := range append(want, "Ủy ban nhân dân tỉnh Nghệ An", "Ủy ban nhân dân xã Quỳnh Đôi") {
			if !strings.Contains(text, s) {
				t.Errorf("%s: %q not found in:\n%s", lang, s, text)
			}
		}
	}
	empty := CapitalReport{Office: testOffice, Figures: data.CapitalFigures{On: data.MustDate("2026-11-20")}}
	loc := translations.New("vi")
	file := writeFile(t, "capital-empty.pdf", func(w io.Writer) error { return empty.WritePDF(w, loc, testCreated) })
	if text := allText(t, file); !strings.Contains(strings.Join(strings.Fields(text), " "), "Chưa ghi nguồn vốn ngân sách địa phương nào") {
		t.Errorf("an office with no capital:\n%s", text)
	}
}

// The table has a row per pool and the total, which adds up.
func TestCapitalTable(t *testing.T) {
	t.Parallel()
	tab := sampleCapital().Table(translations.New("en"))
	if len(tab.Rows) != 3 || len(tab.Rows[0]) != len(tab.Columns) {
		t.Fatalf("%d rows of %d cells for %d columns", len(tab.Rows), len(tab.Rows[0]), len(tab.Columns))
	}
	var b bytes.Buffer
	if err := tab.WriteCSV(&b, translations.New("en")); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "4200000000") || !strings.Contains(b.String(), "0.25") {
		t.Errorf("CSV:\n%s", b.String())
	}
}

func TestTimesText(t *testing.T) {
	t.Parallel()
	loc := translations.New("vi")
	for _, c := range []struct {
		now, then data.Dong
		want      string
	}{{3_190_000_000, 100_000_000, "31,9 lần"}, {100, 100, "1 lần"}, {100, 0, "—"}, {1_049, 1_000, "1 lần"}, {1_050, 1_000, "1,1 lần"}} {
		if got := timesText(loc, c.now, c.then); got != c.want {
			t.Errorf("%d/%d: %q, want %q", c.now, c.then, got, c.want)
		}
	}
}
