package reports

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/translations"
)

// sampleStatement is a household with one loan of 30,000,000 at 0.55 %/month then 0.52 %:
// 5,000,000 repaid, a 1,000,000 repayment reversed, so 25,000,000 outstanding; 150,000 savings.
func sampleStatement(t *testing.T) data.Statement {
	t.Helper()
	d := data.MustDate
	loan := data.Loan{ID: 1, Contract: "HĐ-2024/015", BorrowerID: 7, GroupID: 3, ProgramCode: "01", Source: data.SourceCentral,
		Amount: 30_000_000, SignedOn: d("2024-03-15"), TermMonths: 36, Plan: data.Plan{Kind: data.PlanEqual, EveryMonths: 12},
		Status: data.LoanActive}
	book := data.Book{Loan: loan, Settings: data.DefaultSettings(),
		Rates: []data.RatePeriod{
			{ProgramCode: "01", Effective: d("2019-04-01"), Rate: 5500, Decision: "750/QĐ-TTg"},
			{ProgramCode: "01", Effective: d("2025-12-01"), Rate: 5200, Decision: "2014/QĐ-TTg"},
		},
		Entries: []data.Entry{
			{ID: 10, LoanID: 1, Kind: data.EntryDisburse, ValueDate: d("2024-03-15"), Amount: 30_000_000, Ref: "GN01"},
			{ID: 11, LoanID: 1, Kind: data.EntryInterest, ValueDate: d("2024-04-15"), Amount: 165_000},
			{ID: 12, LoanID: 1, Kind: data.EntryPrincipal, ValueDate: d("2025-03-15"), Amount: 5_000_000},
			{ID: 13, LoanID: 1, Kind: data.EntryPrincipal, ValueDate: d("2025-06-15"), Amount: 1_000_000},
			{ID: 14, LoanID: 1, Kind: data.EntryReversal, ValueDate: d("2025-06-16"), Reverses: 13, Amount: 1_000_000, Note: "nhập nhầm"},
		}}
	sl, err := data.BuildStatementLoan(book, d("2026-01-10"))
	if err != nil {
		t.Fatal(err)
	}
	sl.ProgramName = map[string]string{"vi": "Cho vay hộ nghèo", "en": "Poor households", "fr": "Ménages pauvres"}
	sl.GroupCode = "T03"
	sav := []data.Entry{
		{ID: 20, BorrowerID: 7, Kind: data.EntryDeposit, ValueDate: d("2025-01-15"), Amount: 200_000},
		{ID: 21, BorrowerID: 7, Kind: data.EntryWithdraw, ValueDate: d("2025-02-15"), Amount: 50_000},
	}
	return data.Statement{
		On: d("2026-01-10"),
		Household: data.BorrowerView{Borrower: data.Borrower{ID: 7, Code: "KH0007", Name: "Nguyễn Thị Ngọc Ánh", IDNumber: "040178001234"},
			Village: "Xóm Đông", Commune: "Xã Quỳnh Đôi", GroupCode: "T03", GroupName: "Tổ Hội Phụ nữ xóm Đông"},
		Association: "HPN",
		Loans:       []data.StatementLoan{sl},
		Savings:     data.SavingsBalance(sav, d("2026-01-10")),
		SavingsLog:  data.StatementLines(sav, d("2026-01-10"), true),
	}
}

func TestStatementPDF(t *testing.T) {
	t.Parallel()
	st := sampleStatement(t)
	if st.Outstanding() != 25_000_000 || st.Savings != 150_000 {
		t.Fatalf("sample: outstanding %d, savings %d", st.Outstanding(), st.Savings)
	}
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"vi", []string{"SAO KÊ TÀI KHOẢN VAY VỐN", "Nguyễn Thị Ngọc Ánh", "Xã Quỳnh Đôi", "Hội Liên hiệp Phụ nữ",
			"Cho vay hộ nghèo", "Trung ương", "0,55 %/tháng từ 01/04/2019 (750/QĐ-TTg)", "0,52 %/tháng từ 01/12/2025",
			"Tổng dư nợ: 25.000.000", "Bằng chữ: Hai mươi lăm triệu đồng", "Giải ngân", "Thu nợ gốc *", "Hủy bút toán #13",
			"24.000.000", "150.000", "Người lập biểu", "Giám đốc"}},
		{"en", []string{"BORROWER STATEMENT", "Nguyễn Thị Ngọc Ánh", "Poor households", "Total outstanding: VND 25,000,000",
			"In words: twenty-five million dong", "Reversal of entry #13", "Women's Union", "Prepared by"}},
		{"fr", []string{"RELEVÉ DE COMPTE DE L'EMPRUNTEUR", "Nguyễn Thị Ngọc Ánh", "Ménages pauvres", "Encours total : 25 000 000",
			"En lettres : vingt-cinq millions de dongs", "Union des femmes"}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			loc := translations.New(c.lang)
			file := writeFile(t, "statement-"+c.lang+".pdf", func(w io.Writer) error {
				return StatementReport{Office: testOffice, Statement: st}.WritePDF(w, loc, testCreated)
			})
			checkSound(t, file)
			if _, size := pdfInfo(t, file); size != a4Portrait {
				t.Errorf("page size %q, want portrait", size)
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

func TestStatementJSONAndCSV(t *testing.T) {
	t.Parallel()
	st := sampleStatement(t)
	var buf bytes.Buffer
	if err := (StatementReport{Office: testOffice, Statement: st}).WriteJSON(&buf, translations.New("en")); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Customer struct{ Code, Name string }
		Date     string
		Loans    []struct {
			Contract, Program string
			Principal         struct{ Current, Overdue, Frozen, Total int64 }
			InterestDue       int64 `json:"interest_due"`
			PenaltyDue        int64 `json:"penalty_due"`
			Entries           []struct {
				ID       int64
				Balance  int64
				Reversed bool
			}
		}
		Savings          int64
		TotalOutstanding int64 `json:"total_outstanding"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if got.Customer.Code != "KH0007" || got.Customer.Name != "Nguyễn Thị Ngọc Ánh" || got.Date != "2026-01-10" ||
		got.Savings != 150_000 || got.TotalOutstanding != 25_000_000 || len(got.Loans) != 1 {
		t.Fatalf("statement JSON: %+v", got)
	}
	l := got.Loans[0]
	p := st.Loans[0].Position
	if l.Contract != "HĐ-2024/015" || l.Program != "01" || l.Principal.Total != 25_000_000 ||
		l.Principal.Current+l.Principal.Overdue+l.Principal.Frozen != l.Principal.Total ||
		l.InterestDue != int64(p.InterestDue) || l.PenaltyDue != int64(p.PenaltyDue) || len(l.Entries) != 5 {
		t.Errorf("loan JSON: %+v", l)
	}
	if e := l.Entries[len(l.Entries)-1]; e.Balance != 25_000_000 || !l.Entries[3].Reversed {
		t.Errorf("entries: %+v", l.Entries)
	}

	buf.Reset()
	if err := (StatementReport{Office: testOffice, Statement: st}).Table(translations.New("en")).WriteCSV(&buf, translations.New("en")); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), utf8BOM)))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// A header and one row per entry; the last row holds the running balance 25,000,000.
	if len(rows) != 6 || rows[5][2] != "HĐ-2024/015" || rows[5][8] != "25000000" || rows[4][9] != "*" {
		t.Errorf("CSV rows:\n%q", rows)
	}
}

func TestStatementsCombinedAndSplit(t *testing.T) {
	t.Parallel()
	one := sampleStatement(t)
	two := sampleStatement(t)
	two.Household.Code, two.Household.Name = "KH/0008", "Lê Văn Ước"
	sts := []data.Statement{one, two}
	loc := translations.New("vi")
	var seen []int
	file := writeFile(t, "all.pdf", func(w io.Writer) error {
		return Statements{Office: testOffice, List: sts}.WritePDF(context.Background(), w, loc, testCreated, func(done, total int) {
			seen = append(seen, done)
		})
	})
	checkSound(t, file)
	if len(seen) != 2 || seen[1] != 2 {
		t.Errorf("progress %v", seen)
	}
	text := allText(t, file)
	if !strings.Contains(text, "Nguyễn Thị Ngọc Ánh") || !strings.Contains(text, "Lê Văn Ước") {
		t.Errorf("combined PDF misses a household:\n%s", text)
	}

	dir := filepath.Join(t.TempDir(), "out")
	files, err := Statements{Office: testOffice, List: sts}.WriteFiles(context.Background(), dir, loc, testCreated, nil)
	if err != nil || len(files) != 2 {
		t.Fatal(files, err)
	}
	if filepath.Base(files[1]) != "KH_0008.pdf" {
		t.Errorf("file name %s", files[1])
	}
	checkSound(t, files[1])

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (Statements{Office: testOffice, List: sts}).WritePDF(ctx, io.Discard, loc, testCreated, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	dir2 := filepath.Join(t.TempDir(), "none")
	if files, err := (Statements{Office: testOffice, List: sts}).WriteFiles(ctx, dir2, loc, testCreated, nil); !errors.Is(err, context.Canceled) || len(files) != 0 {
		t.Errorf("cancelled split: %v %v", files, err)
	}
	if left, _ := os.ReadDir(dir2); len(left) != 0 {
		t.Errorf("a cancelled run left %d files", len(left))
	}
}

// A basis dated back (/365 from before the loan) leaves the interest paid on /30 above what is
// accrued: 109,200 paid, 107,704 accrued (data's TestRetroactiveBasisGivesInterestCredit), so
// the statement shows a credit of 1,496 and an interest due of 0, never −1,496.
func TestStatementShowsACredit(t *testing.T) {
	t.Parallel()
	d := data.MustDate
	loan := data.Loan{ID: 2, Contract: "HĐ-2026/001", BorrowerID: 7, ProgramCode: "01", Source: data.SourceCentral,
		Amount: 30_000_000, SignedOn: d("2026-01-10"), TermMonths: 12, Plan: data.Plan{Kind: data.PlanEqual, EveryMonths: 1},
		Status: data.LoanActive}
	set := data.DefaultSettings()
	set.Rules = data.Rules{
		{Key: data.RuleInterestBasis, Effective: data.RulesBeginning, Value: "days30"},
		{Key: data.RuleInterestBasis, Effective: d("2026-01-01"), Value: "days365"},
	}
	book := data.Book{Loan: loan, Settings: set,
		Rates: []data.RatePeriod{{ProgramCode: "01", Effective: d("2025-12-01"), Rate: 5200}},
		Entries: []data.Entry{
			{ID: 1, LoanID: 2, Kind: data.EntryDisburse, ValueDate: d("2026-01-10"), Amount: 30_000_000},
			{ID: 2, LoanID: 2, Kind: data.EntryInterest, ValueDate: d("2026-01-31"), Amount: 109_200},
		}}
	sl, err := data.BuildStatementLoan(book, d("2026-01-31"))
	if err != nil {
		t.Fatal(err)
	}
	st := data.Statement{On: d("2026-01-31"), Household: data.BorrowerView{Borrower: data.Borrower{ID: 7, Code: "KH0007", Name: "Nguyễn Thị Ngọc Ánh"}},
		Loans: []data.StatementLoan{sl}}
	var buf bytes.Buffer
	if err := (StatementReport{Office: testOffice, Statement: st}).WriteJSON(&buf, translations.New("en")); err != nil {
		t.Fatal(err)
	}
	if s := buf.String(); !strings.Contains(s, `"interest_credit": 1496`) || !strings.Contains(s, `"interest_due": 0`) || strings.Contains(s, "penalty_credit") {
		t.Errorf("statement JSON:\n%s", s)
	}
	file := writeFile(t, "statement-credit.pdf", func(w io.Writer) error {
		return StatementReport{Office: testOffice, Statement: st}.WritePDF(w, translations.New("en"), testCreated)
	})
	if text := allText(t, file); !strings.Contains(text, "Credit carried on the loan: interest 1,496") {
		t.Errorf("no credit in:\n%s", text)
	}
}
