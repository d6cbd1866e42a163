package reports

import (
	"io"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/translations"
)

// sampleReceipt is a payment of 1,250,000: 10,000 penalty + 240,000 interest + 1,000,000
// overdue principal, no current principal; 24,000,000 principal left after it.
func sampleReceipt() Receipt {
	return Receipt{
		Office: testOffice,
		Borrower: data.BorrowerView{Borrower: data.Borrower{ID: 7, Code: "KH0007", Name: "Nguyễn Thị Ngọc Ánh"},
			Village: "Xóm Đông", Commune: "Xã Quỳnh Đôi", GroupCode: "T03", GroupName: "Tổ Hội Phụ nữ xóm Đông"},
		Contract: "HĐ-2024/015",
		Program:  "01 – Cho vay hộ nghèo",
		Date:     data.MustDate("2026-02-05"),
		Paid:     data.Split{Penalty: 10_000, Interest: 240_000, Overdue: 1_000_000},
		Balance:  24_000_000,
		Entries:  []int64{516231, 516232, 516233},
		Ref:      "BL-0042",
		Teller:   "Trần Văn Bình",
	}
}

func TestReceiptPDF(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang, paper string
		want        []string
		notWant     []string
	}{
		{"vi", "", []string{"BIÊN LAI THU NỢ", "Số 516231–516233 – ngày 05/02/2026", "Nguyễn Thị Ngọc Ánh", "KH0007",
			"Xóm Đông, Xã Quỳnh Đôi", "Tổ TK&VV: T03", "HĐ-2024/015", "Cho vay hộ nghèo", "BL-0042",
			"Lãi phạt quá hạn", "10.000", "Tiền lãi", "240.000", "Nợ gốc quá hạn", "1.000.000", "Tổng cộng", "1.250.000",
			"Bằng chữ: Một triệu hai trăm năm mươi nghìn đồng", "Dư nợ gốc còn lại sau lần trả này: 24.000.000 ₫",
			"Người nộp tiền", "Giao dịch viên", "Trần Văn Bình", "Thanh Hóa, ngày 05 tháng 02 năm 2026"},
			[]string{"trong hạn"}},
		{"en", PaperA4, []string{"REPAYMENT RECEIPT", "No. 516231–516233", "Paid by: Nguyễn Thị Ngọc Ánh", "Penalty interest",
			"1,250,000", "In words: one million two hundred fifty thousand dong", "VND 24,000,000", "Payer", "Teller"},
			[]string{"Current principal"}},
		{"fr", PaperA5, []string{"REÇU DE REMBOURSEMENT", "Intérêts de retard", "Capital en retard", "1 250 000",
			"En toutes lettres : un million deux cent cinquante mille dongs", "24 000 000 ₫", "Le payeur", "Le guichetier"},
			nil},
	} {
		t.Run(c.lang, func(t *testing.T) {
			loc := translations.New(c.lang)
			r := sampleReceipt()
			r.Paper = c.paper
			r.Office.Province = "Thanh Hóa" // the place and date line is wider than half an A5
			file := writeFile(t, "receipt-"+c.lang+".pdf", func(w io.Writer) error { return r.WritePDF(w, loc, testCreated) })
			checkSound(t, file)
			pages, size := pdfInfo(t, file)
			wantSize := "(A5)"
			if c.paper == PaperA4 {
				wantSize = "(A4)"
			}
			if pages != 1 || !strings.Contains(size, wantSize) {
				t.Errorf("%d pages of %q, want one page %s", pages, size, wantSize)
			}
			text := allText(t, file)
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("%q not found in:\n%s", w, text)
				}
			}
			for _, w := range c.notWant {
				if strings.Contains(text, w) {
					t.Errorf("%q printed for a part not paid:\n%s", w, text)
				}
			}
			if strings.Contains(text, "…") {
				t.Errorf("cut text on the receipt:\n%s", text)
			}
		})
	}
}

// A payment of one part only prints that part, and a receipt with no entry numbers (not
// expected, but the layout must not fail) prints a dash for its number.
func TestReceiptOnePartAndNoNumber(t *testing.T) {
	t.Parallel()
	r := sampleReceipt()
	r.Paid = data.Split{Current: 5_000_000}
	r.Entries = nil
	r.Borrower.GroupCode = ""
	file := writeFile(t, "receipt-one.pdf", func(w io.Writer) error { return r.WritePDF(w, translations.New("vi"), testCreated) })
	text := allText(t, file)
	for _, w := range []string{"Số - – ngày", "Nợ gốc trong hạn", "5.000.000", "Năm triệu đồng"} {
		if !strings.Contains(text, w) {
			t.Errorf("%q not found in:\n%s", w, text)
		}
	}
	for _, w := range []string{"Tiền lãi", "Lãi phạt", "Tổ TK&VV"} {
		if strings.Contains(text, w) {
			t.Errorf("%q printed:\n%s", w, text)
		}
	}
}
