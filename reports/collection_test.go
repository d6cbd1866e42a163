package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/translations"
)

// sampleSheet is a point with two groups written out by hand: the figures are what the PDF,
// JSON and CSV must show.
func sampleSheet() CollectionReport {
	list := data.CollectionList{
		PointID: 1, PointCode: "DGD-QL01", PointName: "Điểm xã Quỳnh Đôi", Commune: "Xã Quỳnh Đôi",
		Date: data.MustDate("2026-12-15"),
		Groups: []data.CollectionGroup{
			{ID: 10, Code: "T01", Name: "Tổ Hội Nông dân xóm 1", Association: "HND", Leader: "Nguyễn Thị Đào", Village: "Xóm 1",
				Members: []data.CollectionMember{
					{BorrowerID: 1, Customer: "KH0001", Name: "Nguyễn Thị Đào",
						Loans: []data.CollectionLoan{{LoanID: 1, Contract: "HD0001", ProgramCode: "01",
							Due: data.Dues{Principal: 5_000_000, Interest: 260_000, Penalty: 0}, Payable: 20_000_000}},
						Due: data.Dues{Principal: 5_000_000, Interest: 260_000}, Savings: 1_250_000},
					{BorrowerID: 2, Customer: "KH0002", Name: "Lê Văn Ước",
						Loans: []data.CollectionLoan{{LoanID: 2, Contract: "HD0002", ProgramCode: "03",
							Due: data.Dues{Principal: 0, Interest: 187_500, Penalty: 12_345}, Payable: 30_000_000}},
						Due: data.Dues{Interest: 187_500, Penalty: 12_345}, Savings: 0},
				}},
			{ID: 11, Code: "T02", Name: "Tổ Hội Phụ nữ xóm 2", Association: "HPN", Village: "Xóm 2",
				Members: []data.CollectionMember{
					{BorrowerID: 3, Customer: "KH0003", Name: "Phạm Thị Hường", Savings: 400_000},
				}},
		},
		Disbursements: []data.PlannedDisbursement{{LoanID: 4, Contract: "HD0004", Customer: "KH0003",
			Name: "Phạm Thị Hường", GroupCode: "T02", ProgramCode: "09", Amount: 15_000_000}},
	}
	list.Total()
	return CollectionReport{Office: defaultCatalogue().Office, List: list}
}

func TestCollectionSheetPDF(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"vi", []string{"DANH SÁCH THU NỢ, THU LÃI, THU TIẾT KIỆM NGÀY GIAO DỊCH", "Điểm xã Quỳnh Đôi",
			"Tổ T01 – Tổ Hội Nông dân xóm 1", "Tổ trưởng: Nguyễn Thị Đào", "Nguyễn Thị Đào", "Lê Văn Ước",
			"5.000.000", "260.000", "12.345", "1.250.000", "5.459.845", "Cộng tổ: 2 thành viên",
			"Tổ trưởng", "Cán bộ ngân hàng", "DANH SÁCH GIẢI NGÂN TRONG NGÀY", "15.000.000",
			"TỔNG HỢP ĐIỂM GIAO DỊCH", "Tổng cộng điểm", "1.650.000", "Người lập biểu", "Giám đốc"}},
		{"en", []string{"TRANSACTION-DAY COLLECTION LIST", "5,000,000", "Group total: 2 members",
			"Group total: 1 member", "Bank officer", "Point total"}},
		{"fr", []string{"LISTE DE RECOUVREMENT DU JOUR DE TRANSACTION", "5 000 000", "Chef de groupe"}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			file := writeFile(t, "collection-"+c.lang+".pdf", func(w io.Writer) error {
				return sampleSheet().WritePDF(w, translations.New(c.lang), testCreated)
			})
			checkSound(t, file)
			pages, size := pdfInfo(t, file)
			if size != a4Landscape {
				t.Errorf("page size %q, want landscape", size)
			}
			// One page per group, one for the disbursements, one for the point's totals.
			if pages != 4 {
				t.Errorf("%d pages, want 4", pages)
			}
			text := allText(t, file)
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("%q not found in:\n%s", w, text)
				}
			}
			if p2 := pageText(t, file, 2); !strings.Contains(p2, "Phạm Thị Hường") || strings.Contains(p2, "Lê Văn Ước") {
				t.Errorf("page 2 should hold group T02 only:\n%s", p2)
			}
		})
	}
}

func TestCollectionSheetJSON(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := sampleSheet().WriteJSON(&buf, translations.New("en")); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Point  struct{ Code string }
		Date   string
		Groups []struct {
			Code    string
			Members []struct {
				Customer     string
				PrincipalDue int64 `json:"principal_due"`
				InterestDue  int64 `json:"interest_due"`
				PenaltyDue   int64 `json:"penalty_due"`
				Savings      int64
			}
			Totals struct {
				PrincipalDue int64 `json:"principal_due"`
			}
		}
		Totals struct {
			Members     int
			InterestDue int64 `json:"interest_due"`
			Savings     int64
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Point.Code != "DGD-QL01" || got.Date != "2026-12-15" || len(got.Groups) != 2 {
		t.Fatalf("got %+v", got)
	}
	m := got.Groups[0].Members[1]
	if m.Customer != "KH0002" || m.InterestDue != 187_500 || m.PenaltyDue != 12_345 || m.PrincipalDue != 0 {
		t.Errorf("member %+v", m)
	}
	if got.Totals.Members != 3 || got.Totals.InterestDue != 447_500 || got.Totals.Savings != 1_650_000 {
		t.Errorf("totals %+v", got.Totals)
	}
}

// The CSV written for a day, filled in as a clerk would, reads back as the rows to post.
func TestCollectionCSVRoundTrip(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"vi", "en", "fr"} {
		t.Run(lang, func(t *testing.T) {
			loc := translations.New(lang)
			var buf bytes.Buffer
			if err := sampleSheet().Table(loc).WriteCSV(&buf, loc); err != nil {
				t.Fatal(err)
			}
			comma := ','
			if lang != "en" {
				comma = ';'
			}
			rows := readCSV(t, buf.String(), comma)
			if len(rows) != 4 || len(rows[1]) != csvColumns {
				t.Fatalf("rows %q", rows)
			}
			// Fill in: the first member pays as due and deposits, the third withdraws.
			rows[1][csvPaidPrincipal], rows[1][csvPaidInterest], rows[1][csvDeposit] = "5000000", "260000", "50000"
			rows[3][csvWithdrawal] = loc.Amount(100_000)
			var out strings.Builder
			cw := csv.NewWriter(&out)
			cw.Comma = comma
			if err := cw.WriteAll(rows); err != nil {
				t.Fatal(err)
			}
			filled, err := ReadCollectionCSV(strings.NewReader(out.String()), loc)
			if err != nil {
				t.Fatal(err)
			}
			want := []data.CollectionEntry{
				{Line: 2, Customer: "KH0001", Collected: data.Collected{Dues: data.Dues{Principal: 5_000_000, Interest: 260_000}, Deposit: 50_000}},
				{Line: 4, Customer: "KH0003", Collected: data.Collected{Withdrawal: 100_000}},
			}
			if filled.PointCode != "DGD-QL01" || filled.Date != data.MustDate("2026-12-15") || len(filled.Entries) != 2 ||
				filled.Entries[0] != want[0] || filled.Entries[1] != want[1] {
				t.Errorf("read back %+v, want %+v", filled, want)
			}
		})
	}
}

func TestCollectionCSVBadFiles(t *testing.T) {
	t.Parallel()
	loc := translations.New("en")
	head := "Point,Date,Group,Customer,Name,a,b,c,d,e,f,g,h,i\r\n"
	row := func(point, date, paid string) string {
		return point + "," + date + ",T01,KH0001,Name,0,0,0,0," + paid + ",,,,\r\n"
	}
	cases := []struct {
		name, file, field, rule string
		line                    int
	}{
		{"bad amount", head + row("P", "2026-12-15", "12abc"), "collection.principal", "money_format", 2},
		{"other day", head + row("P", "2026-12-15", "1") + row("P", "2026-12-16", "1"), "collection.file", "collection_other_day", 3},
		{"bad date", head + row("P", "15/12/2026", "1"), "collection.date", "date_iso", 2},
		{"short row", head + "P,2026-12-15,T01\r\n", "collection.file", "collection_columns", 2},
		{"no rows", head, "collection.entries", "required", 0},
		{"broken quote", head + "\"P,2026", "collection.file", "csv_syntax", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadCollectionCSV(strings.NewReader(c.file), loc)
			e := data.ForField(err, c.field)
			if e == nil || e.Rule != c.rule {
				t.Fatalf("want %s %s, got %v", c.field, c.rule, err)
			}
			if line, _ := e.Params["Line"].(int); line != c.line {
				t.Errorf("line %d, want %d", line, c.line)
			}
			if msg := loc.Error(err); strings.Contains(msg, "collection.") || msg == "" {
				t.Errorf("untranslated message %q", msg)
			}
		})
	}
}
