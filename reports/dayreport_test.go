package reports

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/translations"
)

// sampleDay: group T01 paid 5,000,000 principal and 447,500 interest, deposited 100,000 and
// counted 5,547,500 (balanced); group T02 drew 50,000 and counted 0 (50,000 short); one loan
// of 15,000,000 was disbursed.
func sampleDay() DayReport {
	r := data.DayReport{PointID: 1, PointCode: "DGD-QL01", PointName: "Điểm xã Quỳnh Đôi", Commune: "Xã Quỳnh Đôi",
		Date: data.MustDate("2026-12-15"), Batches: []string{"DGD-QL01/20261215"},
		Groups: []data.DayGroup{
			{ID: 10, Code: "T01", Name: "Tổ Hội Nông dân xóm 1", Counted: 5_547_500, HasCount: true,
				Figures: data.DayFigures{Collected: data.Dues{Principal: 5_000_000, Interest: 447_500}, Deposits: 100_000}},
			{ID: 11, Code: "T02", Name: "Tổ Hội Phụ nữ xóm 2", Counted: 0, HasCount: true,
				Figures: data.DayFigures{Withdrawals: 50_000, Disbursed: 15_000_000}},
		},
		Programs: []data.DayProgram{
			{Code: "01", Figures: data.DayFigures{Collected: data.Dues{Principal: 5_000_000, Interest: 447_500}}},
			{Code: "09", Figures: data.DayFigures{Disbursed: 15_000_000}},
		},
	}
	for _, g := range r.Groups {
		r.Totals = r.Totals.Add(g.Figures)
	}
	return DayReport{Office: defaultCatalogue().Office, Report: r, ProgramNames: map[string]string{"01": "Cho vay hộ nghèo"}}
}

func TestDaySheetPDF(t *testing.T) {
	t.Parallel()
	file := writeFile(t, "day.pdf", func(w io.Writer) error {
		return sampleDay().WritePDF(w, translations.New("vi"), testCreated)
	})
	checkSound(t, file)
	text := allText(t, file)
	for _, want := range []string{"BÁO CÁO KẾT QUẢ NGÀY GIAO DỊCH", "DGD-QL01/20261215", "Tổ Hội Nông dân xóm 1",
		"5.000.000", "447.500", "5.547.500", "-50.000", "15.000.000", "01 – Cho vay hộ nghèo", "Chênh lệch",
		"thu từ các tổ 5.497.500 ₫", "Giám đốc"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q not found in:\n%s", want, text)
		}
	}
}

func TestDaySheetJSON(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := sampleDay().WriteJSON(&buf, translations.New("en")); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Groups []struct {
			Code      string
			Deposits  int64
			Counted   *int64
			Principal int64
		}
		Totals struct{ Disbursed, Interest int64 }
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Groups) != 2 || got.Groups[0].Principal != 5_000_000 || got.Groups[0].Counted == nil ||
		*got.Groups[0].Counted != 5_547_500 || got.Totals.Disbursed != 15_000_000 || got.Totals.Interest != 447_500 {
		t.Errorf("got %+v", got)
	}
}

// sampleDayPaid is sampleDay with the month's settlement paid at the point: T01's leader took
// 244,000 of commission and the Farmers' Association 134,400 of fee, so the till's net is
// 5,497,500 − 15,000,000 − 378,400 = −9,880,900.
func sampleDayPaid() DayReport {
	s := sampleDay()
	s.Report.Payouts = []data.SettlementPayment{
		{ID: 1, PointID: 1, Kind: data.PayeeGroup, GroupID: 10, GroupCode: "T01", GroupName: "Tổ Hội Nông dân xóm 1", PaidOn: s.Report.Date, Amount: 244_000, Ref: "HH-2026-0001",
			ReceivedBy: "Nguyễn Văn An"},
		{ID: 2, PointID: 1, Kind: data.PayeeAssociation, CommuneID: 1, Association: "HND", PaidOn: s.Report.Date, Amount: 134_400,
			Ref: "PUT-2026-0001", ReceivedBy: "Hồ Thị Lan"},
	}
	return s
}

func TestDaySheetPayouts(t *testing.T) {
	t.Parallel()
	file := writeFile(t, "day-paid.pdf", func(w io.Writer) error {
		return sampleDayPaid().WritePDF(w, translations.New("vi"), testCreated)
	})
	checkSound(t, file)
	text := strings.Join(strings.Fields(allText(t, file)), " ")
	for _, want := range []string{"Chi hoa hồng và phí ủy thác tại điểm", "T01 – Tổ Hội Nông dân xóm 1", "HH-2026-0001",
		"Nguyễn Văn An", "Hội Nông dân", "Hồ Thị Lan", "134.400", "378.400",
		"chi hoa hồng và phí ủy thác 378.400 ₫, còn lại -9.880.900 ₫"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q not found in:\n%s", want, text)
		}
	}
	// Without payouts the day report reads as before: no table, the old cash line.
	plain := writeFile(t, "day.pdf", func(w io.Writer) error { return sampleDay().WritePDF(w, translations.New("vi"), testCreated) })
	if text := allText(t, plain); strings.Contains(text, "phí ủy thác") {
		t.Errorf("a day with no payout shows them:\n%s", text)
	}

	var buf bytes.Buffer
	if err := sampleDayPaid().WriteJSON(&buf, translations.New("en")); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Payouts []struct {
			Kind, Group, Association, Ref string
			Amount                        int64
		}
		PayoutTotal int64 `json:"payout_total"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.PayoutTotal != 378_400 || len(got.Payouts) != 2 || got.Payouts[0].Group != "T01" || got.Payouts[1].Association != "HND" {
		t.Errorf("got %+v", got)
	}
}
