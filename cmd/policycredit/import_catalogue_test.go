package main

import (
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// The bad-file catalogue: files a clerk may really bring to the import — wrong headers, bad
// dates and amounts, duplicate keys, ID numbers that lost their leading zero in a number cell,
// merged cells, empty or huge files, the wrong encoding — each imported into a copy of the
// small demo office. Every one must be refused with a clear, translated message (naming the
// line and the column for a row problem) and must leave the office exactly as it was.

// dbFingerprint reads every table of a closed database and gives its row counts (to show what
// changed) and a hash of every value (to notice any change at all).
func dbFingerprint(t *testing.T, path string) (counts map[string]int, sum string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	tablesQuery, order := `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`, ""
	if strings.HasPrefix(path, "postgres") {
		// No order is promised without one; the first column is each table's key.
		db, err = sql.Open("pgx", path)
		tablesQuery, order = `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`, ` ORDER BY 1`
	}
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(tablesQuery)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	h := sha256.New()
	counts = map[string]int{}
	for _, table := range tables {
		rs, err := db.Query(`SELECT * FROM "` + table + `"` + order)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rs.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		fmt.Fprintf(h, "table %s\n", table)
		for rs.Next() {
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			counts[table]++
			for _, v := range vals {
				fmt.Fprintf(h, "%T:%v\x1f", v, v)
			}
			h.Write([]byte{'\n'})
		}
		if err := rs.Err(); err != nil {
			t.Fatal(err)
		}
		rs.Close()
	}
	return counts, hex.EncodeToString(h.Sum(nil))
}

// countsDiff lists the tables whose row counts differ.
func countsDiff(before, after map[string]int) string {
	var out []string
	for table := range mergeKeys(before, after) {
		if before[table] != after[table] {
			out = append(out, fmt.Sprintf("%s %d → %d", table, before[table], after[table]))
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		return "same row counts, other values changed"
	}
	return strings.Join(out, ", ")
}

func mergeKeys(a, b map[string]int) map[string]bool {
	m := map[string]bool{}
	for k := range a {
		m[k] = true
	}
	for k := range b {
		m[k] = true
	}
	return m
}

// officeCopy is a private copy of the small demo office with its fingerprint.
func officeCopy(t *testing.T) (db string, counts map[string]int, sum string) {
	t.Helper()
	db = importOffice(t)
	counts, sum = dbFingerprint(t, db)
	return db, counts, sum
}

// Ways to write a case's file.

func csvBytes(b []byte) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func csvText(lines ...string) func(t *testing.T, path string) {
	return csvBytes([]byte(strings.Join(lines, "\r\n") + "\r\n"))
}

// workbook writes an xlsx file; fill gets the first sheet's name, renamed to name.
func workbook(name string, fill func(f *excelize.File, sheet string) error) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		f := excelize.NewFile()
		defer f.Close()
		if name != "Sheet1" {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		}
		if fill != nil {
			if err := fill(f, name); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
	}
}

// rowsOf fills a sheet from row 1, each value as its Go type (a number stays a number cell).
func rowsOf(rows ...[]any) func(f *excelize.File, sheet string) error {
	return func(f *excelize.File, sheet string) error {
		for i, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(sheet, cell, &row); err != nil {
				return err
			}
		}
		return nil
	}
}

func utf16LE(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		out = binary.LittleEndian.AppendUint16(out, u)
	}
	return out
}

// Headers and good rows of the small demo office: commune 16000, village 16000-01, group
// 16000-T01, household 38180000187, program 01, contract 16000/2023/0001 (25,000,000 đồng,
// program 06, signed 2023-05-18).
const (
	borrowersHeader = "Customer code,Customer name,Gender,Birth year,ID number,Category,Commune code,Village code,Group code"
	goodBorrower    = "38189990001,Nguyễn Văn An,Male,1980,038080000574,Poor household,16000,16000-01,16000-T01"
	goodBorrower2   = "38189990002,Trần Thị Bình,Female,1985,038185000123,Near-poor household,16000,16000-01,16000-T01"
	loansHeader     = "Contract number,Customer code,Program,Loan amount,Loan date,Term (months)"
	goodLoan        = "16000/2026/9001,38180000187,01,50000000,15/12/2025,36"
	balancesHeader  = "Contract number,Customer code,Program,Loan amount,Loan date,Term (months),Total disbursed,Overdue balance,Frozen balance,Total outstanding"
	entriesHeader   = "Entry number,Value date,Entry kind,Contract number,Customer code,Entry amount,Reverses entry"
)

type badFile struct {
	name string
	file string // the file's name: its extension chooses the reader
	lang string // "" is en
	make func(t *testing.T, path string)
	code int      // 1: rows refused; 2: the file refused as a whole
	want []string // fragments of the output, in the chosen language
}

func badFiles() []badFile {
	huge := strings.Repeat("Nguyễn Văn An ", 400)[:5000]
	return []badFile{
		// ---- headers ----
		{name: "unknown headers only", file: "headers.csv", make: csvText("Foo,Bar,Baz", "1,2,3", "4,5,6"),
			code: 1, want: []string{"no known column titles", "line 1: No sheet of the file has column titles the import knows"}},
		{name: "no customer code column", file: "no-code.csv",
			make: csvText("Customer name,Gender,Commune code,Village code", "Nguyễn Văn An,Male,16000,16000-01"),
			code: 1, want: []string{"line 1: No column gives Customer code"}},
		{name: "loans without a loan date column", file: "no-date.csv",
			make: csvText("Contract number,Customer code,Program,Loan amount,Term (months)", "16000/2026/9001,38180000187,01,50000000,36"),
			code: 1, want: []string{"line 1: No column gives Loan date"}},
		{name: "sheet with only a title", file: "title.xlsx",
			make: workbook("Danh sách", rowsOf([]any{"DANH SÁCH HỘ VAY VỐN XÃ THƯỢNG PHÚ"})),
			code: 1, want: []string{"no known column titles", "line 1: No sheet of the file has column titles the import knows"}},

		// ---- dates ----
		{name: "31 February", file: "feb31.csv", make: csvText(loansHeader, strings.Replace(goodLoan, "15/12/2025", "31/02/2024", 1)),
			code: 1, want: []string{"line 2, column “Loan date”: Loan date: “31/02/2024” is not a date"}},
		{name: "date abc", file: "date-abc.csv", make: csvText(loansHeader, strings.Replace(goodLoan, "15/12/2025", "abc", 1)),
			code: 1, want: []string{"line 2, column “Loan date”: Loan date: “abc” is not a date"}},
		{name: "month 13 in a text cell", file: "month13.xlsx", make: workbook("Loans", rowsOf(
			[]any{"Contract number", "Customer code", "Program", "Loan amount", "Loan date", "Term (months)"},
			[]any{"16000/2026/9001", "38180000187", "01", 50000000, "2024-13-01", 36})),
			code: 1, want: []string{"Loans, line 2, column “Loan date”: Loan date: “2024-13-01” is not a date"}},

		// ---- amounts ----
		{name: "negative amount", file: "negative.csv", make: csvText(loansHeader, strings.Replace(goodLoan, "50000000", "-5000000", 1)),
			code: 1, want: []string{"line 2, column “Loan amount”: Loan amount: “-5000000” is negative"}},
		{name: "negative amount in a number cell", file: "negative.xlsx", make: workbook("Loans", rowsOf(
			[]any{"Contract number", "Customer code", "Program", "Loan amount", "Loan date", "Term (months)"},
			[]any{"16000/2026/9001", "38180000187", "01", -5000000, "15/01/2025", 36})),
			code: 1, want: []string{"line 2, column “Loan amount”: Loan amount: “-5000000” is negative"}},
		{name: "amount 1,5", file: "fraction.csv", make: csvText(loansHeader, strings.Replace(goodLoan, "50000000", `"1,5"`, 1)),
			code: 1, want: []string{"line 2, column “Loan amount”: Loan amount: “1,5” is not a whole amount"}},
		{name: "amount with letters", file: "letters.csv", make: csvText(loansHeader, strings.Replace(goodLoan, "50000000", "50 triệu", 1)),
			code: 1, want: []string{"line 2, column “Loan amount”: Loan amount: “50 triệu” is not a whole amount"}},
		{name: "outstanding more than disbursed", file: "outstanding.csv",
			make: csvText(balancesHeader, goodLoan+",30000000,0,0,40000000"),
			code: 1, want: []string{"line 2, column “Total outstanding”: Total outstanding is more than was disbursed"}},
		{name: "overdue and frozen more than outstanding", file: "parts.csv",
			make: csvText(balancesHeader, goodLoan+",30000000,15000000,10000000,20000000"),
			code: 1, want: []string{"line 2, column “Overdue balance”: The overdue and frozen balances add up to more than the outstanding balance"}},

		// ---- duplicates and conflicts ----
		{name: "duplicate contract with other details", file: "dup-contract.csv", make: csvText(loansHeader, goodLoan,
			strings.Replace(goodLoan, "50000000", "60000000", 1)),
			code: 1, want: []string{"line 3, column “Contract number”: Loan “16000/2026/9001” is already on line 2, with different details"}},
		{name: "contract saved with other terms", file: "terms.csv", make: csvText(loansHeader,
			"16000/2023/0001,38180000376,06,30000000,18/05/2023,60"),
			code: 1, want: []string{"line 2", "Contract 16000/2023/0001 is saved with other terms"}},
		{name: "duplicate customer code with other names", file: "dup-customer.csv", make: csvText(borrowersHeader, goodBorrower,
			strings.Replace(goodBorrower, "Nguyễn Văn An", "Nguyễn Văn Ân", 1)),
			code: 1, want: []string{"line 3, column “Customer code”: Borrower “38189990001” is already on line 2, with different details"}},

		// ---- ID numbers and codes ----
		{name: "ID number in a number cell lost its leading zero", file: "id-number.xlsx", make: workbook("Borrowers", rowsOf(
			[]any{"Customer code", "Customer name", "Gender", "Birth year", "ID number", "Commune code", "Village code"},
			[]any{"38189990001", "Nguyễn Văn An", "Male", 1980, 38080000574, 16000, "16000-01"})),
			code: 1, want: []string{"Borrowers, line 2, column “ID number”: ID number: “38080000574” has lost its leading zeros (12 digits needed)"}},
		{name: "ID number without its leading zero in CSV", file: "id-number.csv", make: csvText(borrowersHeader,
			strings.Replace(goodBorrower, "038080000574", "38080000574", 1)),
			code: 1, want: []string{"line 2, column “ID number”: ID number: “38080000574” has lost its leading zeros"}},
		{name: "ID number with letters", file: "id-letters.csv", make: csvText(borrowersHeader,
			strings.Replace(goodBorrower, "038080000574", "03808000057A", 1)),
			code: 1, want: []string{"line 2, column “ID number”: ID number: “03808000057A” must have 9 or 12 digits"}},
		{name: "commune code 1600", file: "commune-1600.csv", make: csvText(borrowersHeader,
			strings.Replace(goodBorrower, ",16000,", ",1600,", 1)),
			code: 1, want: []string{"line 2, column “Commune code”: Commune code: “1600” has lost its leading zeros (5 digits needed)"}},
		{name: "unknown commune", file: "commune-99999.csv", make: csvText(borrowersHeader,
			strings.Replace(goodBorrower, ",16000,", ",99999,", 1)),
			code: 1, want: []string{"line 2, column “Commune code”:", "99999", "does not exist"}},
		{name: "unknown village", file: "village.csv", make: csvText(borrowersHeader,
			strings.Replace(goodBorrower, "16000-01", "16000-99", 1)),
			code: 1, want: []string{"line 2, column “Village code”:", "16000-99", "does not exist"}},
		{name: "unknown group", file: "group.csv", make: csvText(borrowersHeader,
			strings.Replace(goodBorrower, "16000-T01", "16000-T99", 1)),
			code: 1, want: []string{"line 2, column “Group code”:", "16000-T99", "does not exist"}},
		{name: "unknown customer of a loan", file: "loan-customer.csv", make: csvText(loansHeader,
			strings.Replace(goodLoan, "38180000187", "38189999999", 1)),
			code: 1, want: []string{"line 2, column “Customer code”:", "38189999999", "does not exist"}},

		// ---- choices and numbers ----
		{name: "unknown program", file: "program.csv", make: csvText(loansHeader, strings.Replace(goodLoan, ",01,", ",99,", 1)),
			code: 1, want: []string{"line 2, column “Program”: Program: “99” is not one of the listed values"}},
		{name: "bad category", file: "category.csv", make: csvText(borrowersHeader,
			strings.Replace(goodBorrower, "Poor household", "Rich household", 1)),
			code: 1, want: []string{"line 2, column “Category”: Category: “Rich household” is not one of the listed values"}},
		{name: "bad gender", file: "gender.csv", make: csvText(borrowersHeader, strings.Replace(goodBorrower, "Male", "X", 1)),
			code: 1, want: []string{"line 2, column “Gender”: Gender: “X” is not one of the listed values"}},
		{name: "birth year 1850", file: "born-1850.csv", make: csvText(borrowersHeader, strings.Replace(goodBorrower, "1980", "1850", 1)),
			code: 1, want: []string{"line 2, column “Birth year”:"}},
		{name: "term 0", file: "term-0.csv", make: csvText(loansHeader, strings.TrimSuffix(goodLoan, "36")+"0"),
			code: 1, want: []string{"line 2, column “Term (months)”:"}},
		{name: "term abc", file: "term-abc.csv", make: csvText(loansHeader, strings.TrimSuffix(goodLoan, "36")+"abc"),
			code: 1, want: []string{"line 2, column “Term (months)”: Term (months): “abc” is not a whole number"}},

		// ---- all or nothing ----
		{name: "a good row and a bad one", file: "good-and-bad.csv", make: csvText(borrowersHeader, goodBorrower,
			strings.Replace(goodBorrower2, "1985", "19x5", 1)),
			code: 1, want: []string{"line 3, column “Birth year”: Birth year: “19x5” is not a year of birth"}},
		{name: "good borrowers and a loan of an unknown program", file: "two-sheets.xlsx", make: func(t *testing.T, path string) {
			workbook("Borrowers", func(f *excelize.File, sheet string) error {
				if err := rowsOf(strAny(borrowersHeader), strAny(goodBorrower), strAny(goodBorrower2))(f, sheet); err != nil {
					return err
				}
				if _, err := f.NewSheet("Loans"); err != nil {
					return err
				}
				return rowsOf(strAny(loansHeader), strAny(strings.Replace(goodLoan, ",01,", ",77,", 1)))(f, "Loans")
			})(t, path)
		},
			code: 1, want: []string{"Loans, line 2, column “Program”: Program: “77” is not one of the listed values"}},

		// ---- entries ----
		{name: "reversal of an unknown entry", file: "reversal.csv", make: csvText(entriesHeader,
			"X-1,2025-06-01,Reversal,16000/2023/0002,38180000205,100000,NO-SUCH-ENTRY"),
			code: 1, want: []string{"line 2, column “Reverses entry”:", "NO-SUCH-ENTRY", "does not exist"}},
		{name: "entry of an unknown contract", file: "entry-contract.csv", make: csvText(entriesHeader,
			"X-1,2025-06-01,Principal repayment,16000/2099/0001,38180000205,100000,"),
			code: 1, want: []string{"line 2, column “Contract number”:", "16000/2099/0001", "does not exist"}},

		// ---- whole files ----
		{name: "merged cells", file: "merged.xlsx", make: workbook("Borrowers", func(f *excelize.File, sheet string) error {
			if err := rowsOf(strAny(borrowersHeader), strAny(goodBorrower), strAny(goodBorrower2))(f, sheet); err != nil {
				return err
			}
			return f.MergeCell(sheet, "G2", "G3")
		}), code: 2, want: []string{"Sheet “Borrowers” has merged cells (G2:G3)"}},
		{name: "empty CSV", file: "empty.csv", make: csvBytes(nil),
			code: 2, want: []string{"The file holds nothing to import"}},
		{name: "CSV of blank lines", file: "blank.csv", make: csvText(",,,", "", " , ,"),
			code: 2, want: []string{"The file holds nothing to import"}},
		{name: "empty workbook", file: "empty.xlsx", make: workbook("Sheet1", nil),
			code: 2, want: []string{"The file holds nothing to import"}},
		{name: "huge cell in a workbook", file: "huge.xlsx", make: workbook("Borrowers", rowsOf(strAny(borrowersHeader),
			[]any{"38189990001", huge, "Male", 1980, "038080000574", "Poor household", "16000", "16000-01", "16000-T01"})),
			code: 2, want: []string{"The cell in column B, line 2 of sheet “Borrowers” holds more than 2,000 characters"}},
		{name: "huge cell in a CSV", file: "huge.csv", make: csvText(borrowersHeader, strings.Replace(goodBorrower, "Nguyễn Văn An", huge, 1)),
			code: 2, want: []string{"The cell in column B, line 2 holds more than 2,000 characters"}},
		{name: "Windows-1258 CSV", file: "cp1258.csv", make: csvBytes([]byte(borrowersHeader + "\r\n38189990001,L\xea Th\xed Hoa,Female,1980,038080000574,Poor household,16000,16000-01,16000-T01\r\n")),
			code: 2, want: []string{"The CSV file is not in UTF-8 (line 2", "Windows-1258"}},
		{name: "UTF-16 CSV", file: "utf16.csv", make: csvBytes(utf16LE(borrowersHeader + "\r\n" + goodBorrower + "\r\n")),
			code: 2, want: []string{"The CSV file is in UTF-16"}},
		{name: "garbage .xlsx", file: "garbage.xlsx", make: csvBytes([]byte("PK\x03\x04 this is not a workbook at all")),
			code: 2, want: []string{"The file cannot be read as an Excel workbook (.xlsx)"}},
		{name: "text renamed .xlsx", file: "renamed.xlsx", make: csvText(borrowersHeader, goodBorrower),
			code: 2, want: []string{"The file cannot be read as an Excel workbook (.xlsx)"}},
		{name: "old .xls", file: "old.xls", make: csvBytes([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old binary workbook")),
			code: 2, want: []string{"“old.xls” is not a file the import can read", "saved as .xlsx"}},
		{name: "semicolon CSV with a broken quote", file: "quotes.csv", make: csvText(
			"Customer code;Customer name;Gender;Commune code;Village code",
			`38189990001;"Nguyễn Văn An;Male;16000;16000-01`,
			`38189990002;Trần "Thị" Bình";Female;16000;16000-01`),
			code: 2, want: []string{"The CSV file is malformed at line"}},

		// ---- in Vietnamese and French ----
		{name: "vi: headers without diacritics, negative amount", file: "vi-am.csv", lang: "vi", make: csvText(
			"So khe uoc;Ma KH;Ma chuong trinh;So tien vay;Ngay vay;Thoi han",
			"16000/2026/9001;38180000187;01;-5.000.000;15/01/2025;36"),
			code: 1, want: []string{"dòng 2, cột “So tien vay”:", "-5.000.000"}},
		{name: "vi: ID number lost its leading zero", file: "vi-cccd.xlsx", lang: "vi", make: workbook("Hộ vay", rowsOf(
			[]any{"Mã KH", "Họ và tên", "Giới tính", "Năm sinh", "Số CCCD", "Mã xã", "Mã thôn"},
			[]any{"38189990001", "Nguyễn Văn An", "Nam", 1980, 38080000574, "16000", "16000-01"})),
			code: 1, want: []string{"Hộ vay, dòng 2, cột “Số CCCD”:", "38080000574"}},
		{name: "vi: UTF-16 file", file: "vi-utf16.csv", lang: "vi", make: csvBytes(utf16LE("Mã KH;Họ và tên;Mã xã;Mã thôn\r\n38189990001;Nguyễn Văn An;16000;16000-01\r\n")),
			code: 2, want: []string{"UTF-16"}},
		{name: "vi: bad date", file: "vi-date.csv", lang: "vi", make: csvText(
			"Số khế ước;Mã KH;Mã chương trình;Số tiền vay;Ngày vay;Thời hạn",
			"16000/2026/9001;38180000187;01;50.000.000;31/02/2024;36"),
			code: 1, want: []string{"dòng 2, cột “Ngày vay”:", "31/02/2024"}},
		{name: "fr: unknown gender", file: "fr-sexe.csv", lang: "fr", make: csvText(
			"Code client;Nom du client;Sexe;Code commune;Code village",
			"38189990001;Nguyễn Văn An;Z;16000;16000-01"),
			code: 1, want: []string{"ligne 2, colonne « Sexe »", "Z"}},
	}
}

// strAny splits a CSV line of the constants above into a row of text cells.
func strAny(line string) []any {
	parts := strings.Split(line, ",")
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = p
	}
	return out
}

// untranslated finds a message ID, or a template's missing value, that reached the clerk.
var untranslated = regexp.MustCompile(`\b(rule|import|importfile|cli|field|error)\.[a-z_]|<no value>|%!`)

func TestImportBadFileCatalogue(t *testing.T) {
	t.Parallel()
	cases := badFiles()
	if len(cases) < 35 {
		t.Fatalf("the catalogue holds %d bad files, want at least 35", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db, counts, sum := officeCopy(t)
			path := filepath.Join(t.TempDir(), c.file)
			c.make(t, path)
			lang := c.lang
			if lang == "" {
				lang = "en"
			}
			r := runCLI(t, "--db", db, "import", path, "--lang", lang, "--date", "2026-01-01")
			if r.code != c.code {
				t.Errorf("exit %d, want %d:\n%v", r.code, c.code, r)
			}
			assertNoInternals(t, r)
			all := r.stdout + r.stderr
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("output lacks %q:\n%v", w, r)
				}
			}
			if bad := untranslated.FindString(all); bad != "" {
				t.Errorf("output holds %q, an untranslated message:\n%v", bad, r)
			}
			if testing.Verbose() {
				t.Logf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if c.code == 2 && (r.stderr == "" || strings.Contains(r.stdout, "line ")) {
				t.Errorf("a whole-file problem must be one message on stderr:\n%v", r)
			}
			if c.code == 1 && !strings.Contains(r.stdout, c.wantRefused()) {
				t.Errorf("no closing sentence saying nothing was written:\n%v", r)
			}
			after, sumAfter := dbFingerprint(t, db)
			if sumAfter != sum {
				t.Errorf("the refused file changed the office: %s", countsDiff(counts, after))
			}
		})
	}
}

// wantRefused is a fragment of the closing line of a refused import, in the case's language.
func (c badFile) wantRefused() string {
	switch c.lang {
	case "vi":
		return "dòng"
	case "fr":
		return "ligne"
	}
	return "line"
}

// The good rows the catalogue spoils do import, so each bad file fails for its own reason.
func TestImportCatalogueGoodRows(t *testing.T) {
	t.Parallel()
	db, counts, _ := officeCopy(t)
	dir := t.TempDir()
	for _, f := range []struct{ name, body string }{
		{"borrowers.csv", borrowersHeader + "\n" + goodBorrower + "\n" + goodBorrower2 + "\n"},
		{"loans.csv", balancesHeader + "\n" + goodLoan + ",30000000,0,0,30000000\n"},
	} {
		path := filepath.Join(dir, f.name)
		if err := os.WriteFile(path, []byte(f.body), 0o644); err != nil {
			t.Fatal(err)
		}
		r := mustRun(t, "--db", db, "import", path, "--lang", "en", "--date", "2026-01-01")
		if !strings.Contains(r.stdout, "Import done.") {
			t.Fatalf("import %s:\n%v", f.name, r)
		}
	}
	after, _ := dbFingerprint(t, db)
	if after["borrowers"] != counts["borrowers"]+2 || after["loans"] != counts["loans"]+1 {
		t.Errorf("borrowers %d → %d, loans %d → %d; want 2 and 1 more", counts["borrowers"], after["borrowers"],
			counts["loans"], after["loans"])
	}
}

// A CSV file with a header and no rows is not a bad file: it imports nothing and succeeds.
// Only its confirmed header is remembered for the next file (import_mappings); no record, and
// no audit row for an import that brought nothing.
func TestImportHeaderOnlyCSV(t *testing.T) {
	t.Parallel()
	db, counts, _ := officeCopy(t)
	path := filepath.Join(t.TempDir(), "header.csv")
	csvText(borrowersHeader)(t, path)
	r := runCLI(t, "--db", db, "import", path, "--lang", "en")
	if r.code != 0 || !strings.Contains(r.stdout, "Import done.") {
		t.Errorf("exit %d, want 0 and done:\n%v", r.code, r)
	}
	assertNoInternals(t, r)
	after, _ := dbFingerprint(t, db)
	delete(counts, "import_mappings")
	delete(after, "import_mappings")
	for table := range mergeKeys(counts, after) {
		if counts[table] != after[table] {
			t.Errorf("a header-only file changed the office: %s", countsDiff(counts, after))
			break
		}
	}
}

// --report writes the problems to a workbook: one row per problem, with its line and reason.
func TestImportProblemsReport(t *testing.T) {
	t.Parallel()
	db, _, sum := officeCopy(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "borrowers.csv")
	csvText(borrowersHeader, goodBorrower,
		strings.Replace(goodBorrower2, "038185000123", "38185000123", 1),
		strings.Replace(strings.Replace(goodBorrower2, "38189990002", "38189990003", 1), "Female", "X", 1))(t, path)
	report := filepath.Join(dir, "problems.xlsx")
	r := runCLI(t, "--db", db, "import", path, "--lang", "en", "--report", report)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1:\n%v", r.code, r)
	}
	if _, after := dbFingerprint(t, db); after != sum {
		t.Errorf("a refused file changed the office")
	}
	f, err := excelize.OpenFile(report)
	if err != nil {
		t.Fatalf("the problems report is not a workbook: %v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("report rows %q, want a header and 2 problems", rows)
	}
	want := [][]string{{"3", "ID number", "lost its leading zeros"}, {"4", "Gender", "“X” is not one of the listed values"}}
	for i, w := range want {
		row := rows[i+1]
		if len(row) < 4 || row[1] != w[0] || row[2] != w[1] || !strings.Contains(row[3], w[2]) {
			t.Errorf("report row %d = %q, want line %s, column %s, reason with %q", i+1, row, w[0], w[1], w[2])
		}
	}
}
