package transfer

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"policycredit/translations"
)

// check fails the test (or benchmark) at once on an error from building a workbook.
func check(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// writeFile writes content to name in a fresh temporary directory and returns its path.
func writeFile(t testing.TB, name string, content []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// wantFileError checks that err is a *FileError with id and, when args is not nil, exactly
// those args.
func wantFileError(t *testing.T, err error, id string, args []any) {
	t.Helper()
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("got error %v (%T), want FileError %s", err, err, id)
	}
	if fe.ID != id {
		t.Fatalf("got %s, want %s", fe.Error(), id)
	}
	if args != nil && !reflect.DeepEqual(fe.Args, args) {
		t.Fatalf("%s: got args %#v, want %#v", id, fe.Args, args)
	}
}

func wantRows(t *testing.T, got []Row, want []Row) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("rows:\n got  %+v\n want %+v", got, want)
	}
}

func TestReadCSV(t *testing.T) {
	t.Parallel()
	vn := "Mã KH,Họ và tên,Số CCCD\nKH001,Nguyễn Văn Đức,001089012345\n"
	tests := []struct {
		name    string
		content string
		want    []Row
	}{
		{"comma", vn, []Row{
			{1, []string{"Mã KH", "Họ và tên", "Số CCCD"}},
			{2, []string{"KH001", "Nguyễn Văn Đức", "001089012345"}},
		}},
		{"bom", "\xef\xbb\xbf" + vn, []Row{
			{1, []string{"Mã KH", "Họ và tên", "Số CCCD"}},
			{2, []string{"KH001", "Nguyễn Văn Đức", "001089012345"}},
		}},
		// Excel in a European locale: semicolons, and a comma inside a number.
		{"semicolon", "Mã KH;Dư nợ;Ghi chú\r\nKH001;1,5;vay, trả đủ\r\n", []Row{
			{1, []string{"Mã KH", "Dư nợ", "Ghi chú"}},
			{2, []string{"KH001", "1,5", "vay, trả đủ"}},
		}},
		// Copied from a spreadsheet: tabs, with an empty cell kept in its place.
		{"tab", "Mã KH\tTên\tThôn\nKH001\t\tThôn Đông\n", []Row{
			{1, []string{"Mã KH", "Tên", "Thôn"}},
			{2, []string{"KH001", "", "Thôn Đông"}},
		}},
		// Quoted fields holding the delimiter, quotes and a line break; the record after a
		// two-line record keeps its true line, blank lines and empty records are skipped.
		{"quoted", "Mã,Địa chỉ,Ghi chú\n\nKH001,\"Thôn 3, xã Tân Lập\",\"dòng 1\ndòng 2\"\n,,\n  KH002 , \"nói \"\"có\"\"\",\n", []Row{
			{1, []string{"Mã", "Địa chỉ", "Ghi chú"}},
			{3, []string{"KH001", "Thôn 3, xã Tân Lập", "dòng 1\ndòng 2"}},
			{6, []string{"KH002", "nói \"có\""}},
		}},
		// More semicolons than commas in the header: semicolon wins; a comma in quotes does not count.
		{"sniff outside quotes", "\"a,b,c\";x;y\n1;2;3\n", []Row{
			{1, []string{"a,b,c", "x", "y"}},
			{2, []string{"1", "2", "3"}},
		}},
		{"tie is comma", "a;b,c\n", []Row{{1, []string{"a;b", "c"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name := "borrowers.csv"
			if tc.name == "tab" {
				name = "Borrowers.TXT" // text copied from a sheet and saved by Notepad
			}
			tables, err := ReadFile(t.Context(), writeFile(t, name, []byte(tc.content)))
			if err != nil {
				t.Fatal(err)
			}
			if len(tables) != 1 || tables[0].Sheet != "" {
				t.Fatalf("got %d tables, sheet %q", len(tables), tables[0].Sheet)
			}
			wantRows(t, tables[0].Rows, tc.want)
		})
	}
}

// windows1258 encodes s in Windows-1258 as Excel's "CSV (Comma delimited)" does on a
// Vietnamese Windows: base letters with combining tone marks, for the letters this test uses.
func windows1258(s string) []byte {
	table := map[rune][]byte{
		'ễ': {0xea, 0xde}, // ê + combining tilde
		'ă': {0xe3},
		'ơ': {0xf5},
		'ư': {0xfd},
		'Đ': {0xd0},
		'đ': {0xf0},
		'ứ': {0xfd, 0xec}, // ư + combining acute
		'ồ': {0xf4, 0xcc}, // ô + combining grave
		'ị': {0x69, 0xf2}, // i + combining dot below
		'ắ': {0xe3, 0xec}, // ă + combining acute
		'ọ': {0x6f, 0xf2}, // o + combining dot below
		'ô': {0xf4},
		'ê': {0xea},
		'ế': {0xea, 0xec}, // ê + combining acute
	}
	var b []byte
	for _, r := range s {
		if enc, ok := table[r]; ok {
			b = append(b, enc...)
		} else if r < 0x80 {
			b = append(b, byte(r))
		} else {
			panic("windows1258: no code for " + string(r))
		}
	}
	return b
}

func TestReadCSVRefusals(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("ư", MaxCellLen+1)
	fits := strings.Repeat("ư", MaxCellLen)
	utf16le := []byte{0xff, 0xfe}
	for _, r := range "Mã\tTên\r\n" {
		utf16le = append(utf16le, byte(r), byte(r>>8))
	}
	utf16be := []byte{0xfe, 0xff}
	for _, r := range "Mã\tTên\r\n" {
		utf16be = append(utf16be, byte(r>>8), byte(r))
	}
	var utf16NoBOM []byte
	for _, r := range "Ma KH\tTen\r\nKH001\tAn\r\n" {
		utf16NoBOM = append(utf16NoBOM, byte(r), 0)
	}
	tests := []struct {
		name    string
		content []byte
		id      string
		args    []any
	}{
		{"windows-1258", append([]byte("Ma KH,Ho ten\nKH001,"), windows1258("\"Nguyễn Văn Đức, thôn Bắc\"\n")...), "importfile.not_utf8", []any{"Line", 2}},
		{"windows-1258 first line", windows1258("Họ tên"), "importfile.not_utf8", []any{"Line", 1}},
		{"utf-16 le", utf16le, "importfile.utf16", nil},
		{"utf-16 be", utf16be, "importfile.utf16", nil},
		{"utf-16 without bom", utf16NoBOM, "importfile.utf16", nil},
		{"empty", nil, "importfile.empty", nil},
		{"blank lines", []byte("\n\r\n   \n"), "importfile.empty", nil},
		{"only a bom and empty cells", []byte("\xef\xbb\xbf,,\n , \n"), "importfile.empty", nil},
		{"huge cell", []byte("a,b,c\nx,y," + fits + "\n\nx,y,z," + huge + "\n"), "importfile.huge_cell", []any{"Sheet", "", "Line", 4, "Column", "D"}},
		{"bare quote", []byte("a,b\nc,d\ne,f\"g\n"), "importfile.csv_syntax", []any{"Line", 3}},
		{"unclosed quote", []byte("a,b\n\"c,d\ne,f\ng,h\n"), "importfile.csv_syntax", []any{"Line", 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(t.Context(), bytes.NewReader(tc.content))
			wantFileError(t, err, tc.id, tc.args)
		})
	}
}

// saveXLSX writes f to name.xlsx in a fresh temporary directory and returns its path.
func saveXLSX(t testing.TB, f *excelize.File) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.xlsx")
	check(t, f.SaveAs(path))
	check(t, f.Close())
	return path
}

func TestReadXLSX(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	check(t, f.SetSheetName("Sheet1", "Hộ vay"))
	_, err := f.NewSheet("Trống") // an empty sheet between two with data: left out
	check(t, err)
	_, err = f.NewSheet("Tổ")
	check(t, err)
	const s = "Hộ vay"
	check(t, f.SetSheetRow(s, "A1", &[]any{"Mã KH", " Số CCCD ", "Số tiền", "Ngày vay", "Ngày sinh", "Gấp đôi", "Đã trả hết", "Lãi", "Cũ", "Đã khóa"}))
	check(t, f.SetCellStr(s, "A2", "  KH001  "))
	check(t, f.SetCellInt(s, "B2", 123456789012)) // a 12-digit ID number typed as a number
	check(t, f.SetCellInt(s, "C2", 1234567))
	day := time.Date(2024, 3, 15, 14, 30, 0, 0, time.UTC) // the time of day is dropped
	check(t, f.SetCellValue(s, "D2", day))
	builtin, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	check(t, err)
	check(t, f.SetCellStyle(s, "D2", "D2", builtin))
	check(t, f.SetCellFloat(s, "E2", 33056, -1, 64)) // 1990-07-02 as an Excel serial
	ddmmyyyy := "dd/mm/yyyy"
	custom, err := f.NewStyle(&excelize.Style{CustomNumFmt: &ddmmyyyy})
	check(t, err)
	check(t, f.SetCellStyle(s, "E2", "E2", custom))
	check(t, f.SetCellFormula(s, "F2", "C2*2")) // no cached value: computed
	check(t, f.SetCellBool(s, "G2", true))
	check(t, f.SetCellFloat(s, "H2", 1234567.5, -1, 64))
	check(t, f.SetCellInt(s, "I2", 999)) // a cached value the formula would not give: kept
	check(t, f.SetCellFormula(s, "I2", "C2+1"))
	check(t, f.SetCellBool(s, "J2", false))
	// Row 3: a money amount with a thousands format stays plain digits; text that looks like a
	// number keeps its leading zero; a number in a text-like custom format is not a date.
	money, err := f.NewStyle(&excelize.Style{NumFmt: 3})
	check(t, err)
	check(t, f.SetCellInt(s, "C3", 50000000))
	check(t, f.SetCellStyle(s, "C3", "C3", money))
	check(t, f.SetCellStr(s, "B3", "001089012345"))
	quoted := `#,##0 "đồng/ngày"`
	notDate, err := f.NewStyle(&excelize.Style{CustomNumFmt: &quoted})
	check(t, err)
	check(t, f.SetCellFloat(s, "H3", 0.1+0.2, -1, 64))
	check(t, f.SetCellStyle(s, "H3", "H3", notDate))
	// Row 5 after a blank row 4 keeps its row number.
	check(t, f.SetCellStr(s, "A5", "KH002"))
	check(t, f.SetCellFloat(s, "B5", 1.5e-7, -1, 64))
	check(t, f.SetCellStr("Tổ", "B2", "Tổ 01"))

	tables, err := ReadFile(t.Context(), saveXLSX(t, f))
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != 2 || tables[0].Sheet != "Hộ vay" || tables[1].Sheet != "Tổ" {
		t.Fatalf("got %d tables %+v", len(tables), tables)
	}
	wantRows(t, tables[0].Rows, []Row{
		{1, []string{"Mã KH", "Số CCCD", "Số tiền", "Ngày vay", "Ngày sinh", "Gấp đôi", "Đã trả hết", "Lãi", "Cũ", "Đã khóa"}},
		{2, []string{"KH001", "123456789012", "1234567", "2024-03-15", "1990-07-02", "2469134", "TRUE", "1234567.5", "999", "FALSE"}},
		{3, []string{"", "001089012345", "50000000", "", "", "", "", "0.3"}},
		{5, []string{"KH002", "0.00000015"}},
	})
	wantRows(t, tables[1].Rows, []Row{{2, []string{"", "Tổ 01"}}})
}

func TestReadXLSXRefusals(t *testing.T) {
	t.Parallel()
	merged := excelize.NewFile()
	check(t, merged.SetCellStr("Sheet1", "A1", "Danh sách hộ vay"))
	check(t, merged.SetCellStr("Sheet1", "A4", "KH001"))
	_, err := merged.NewSheet("Tổ")
	check(t, err)
	check(t, merged.SetCellStr("Tổ", "A1", "Mã tổ"))
	check(t, merged.SetCellStr("Tổ", "A3", "Tổ 01"))
	check(t, merged.MergeCell("Tổ", "A3", "C3"))

	empty := excelize.NewFile()
	_, err = empty.NewSheet("Trang 2")
	check(t, err)
	check(t, empty.SetCellStr("Trang 2", "B2", "   ")) // only spaces: still empty

	huge := excelize.NewFile()
	check(t, huge.SetCellStr("Sheet1", "A1", "Mã"))
	check(t, huge.SetCellStr("Sheet1", "AB7", strings.Repeat("x", MaxCellLen+1)))

	tests := []struct {
		name string
		path string
		id   string
		args []any
	}{
		{"merged", saveXLSX(t, merged), "importfile.merged", []any{"Sheet", "Tổ", "Range", "A3:C3"}},
		{"empty workbook", saveXLSX(t, empty), "importfile.empty", nil},
		{"huge cell", saveXLSX(t, huge), "importfile.huge_cell", []any{"Sheet", "Sheet1", "Line", 7, "Column", "AB"}},
		{"garbage", writeFile(t, "book.xlsx", []byte("Mã KH,Tên\nKH001,An\n")), "importfile.not_xlsx", nil},
		// The start of an old .xls (an OLE compound file), as when one is renamed to .xlsx.
		{"xls bytes", writeFile(t, "book.xlsx", append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 504)...)), "importfile.not_xlsx", nil},
		{"empty file", writeFile(t, "book.xlsm", nil), "importfile.not_xlsx", nil},
		{"old xls by name", writeFile(t, "Hộ vay.xls", []byte("x")), "importfile.unknown_type", []any{"Name", "Hộ vay.xls"}},
		{"no extension", writeFile(t, "borrowers", []byte("a,b\n")), "importfile.unknown_type", []any{"Name", "borrowers"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tables, err := ReadFile(t.Context(), tc.path)
			if tables != nil {
				t.Errorf("got tables %v with the error", tables)
			}
			wantFileError(t, err, tc.id, tc.args)
		})
	}
}

func TestReadXLSXMergeOutsideData(t *testing.T) {
	t.Parallel()
	// A merge over cells nobody used does not stop the import.
	f := excelize.NewFile()
	check(t, f.SetCellStr("Sheet1", "A1", "Mã"))
	check(t, f.SetCellStr("Sheet1", "B2", "KH001"))
	check(t, f.MergeCell("Sheet1", "E10", "F12"))
	tables, err := ReadFile(t.Context(), saveXLSX(t, f))
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, tables[0].Rows, []Row{{1, []string{"Mã"}}, {2, []string{"", "KH001"}}})
}

func TestFileErrorText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  FileError
		want string
	}{
		{FileError{ID: "importfile.empty"}, "importfile.empty"},
		{FileError{ID: "importfile.csv_syntax", Args: []any{"Line", 4}}, "importfile.csv_syntax [Line 4]"},
		{FileError{ID: "importfile.huge_cell", Args: []any{"Sheet", "Hộ vay", "Line", 3, "Column", "B"}}, "importfile.huge_cell [Sheet Hộ vay, Line 3, Column B]"},
	}
	for _, tc := range tests {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestColumnName(t *testing.T) {
	t.Parallel()
	for i, want := range map[int]string{0: "A", 1: "B", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := columnName(i); got != want {
			t.Errorf("columnName(%d) = %q, want %q", i, got, want)
		}
	}
}

func TestIsDateFormat(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]bool{
		"dd/mm/yyyy":         true,
		"d-mmm-yy":           true,
		"[$-42A]dd/mm/yyyy":  true,
		"yyyy\\-mm\\-dd":     true,
		"hh:mm":              true,
		"General":            false,
		"#,##0":              false,
		`#,##0 "đồng/ngày"`:  false,
		"[Red]#,##0.00":      false,
		`0.00_);[Red](0.00)`: false,
		`\d0`:                false,
		"0.00E+00":           false,
	} {
		if got := isDateFormat(code); got != want {
			t.Errorf("isDateFormat(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestPlainNumber(t *testing.T) {
	t.Parallel()
	for n, want := range map[float64]string{
		123456789012: "123456789012",
		1234567.5:    "1234567.5",
		0.1 + 0.2:    "0.3",
		-2500:        "-2500",
		1e20:         "100000000000000000000",
		1.5e-7:       "0.00000015",
	} {
		if got := plainNumber(n); got != want {
			t.Errorf("plainNumber(%v) = %q, want %q", n, got, want)
		}
	}
}

// BenchmarkReadXLSX10k reads a sheet of 10,000 borrowers by 30 columns: text, ID numbers,
// amounts and dates.
func BenchmarkReadXLSX10k(b *testing.B) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	check(b, err)
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	check(b, err)
	for r := 1; r <= 10000; r++ {
		row := make([]any, 30)
		for c := range row {
			switch c % 5 {
			case 0:
				row[c] = "Nguyễn Văn Đức"
			case 1:
				row[c] = 1000000000 + r*31 + c
			case 2:
				row[c] = float64(r) * 1234.5
			case 3:
				row[c] = excelize.Cell{StyleID: dateStyle, Value: 45000 + r%1000}
			default:
				row[c] = "Thôn " + string(rune('A'+c%26))
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		check(b, sw.SetRow(cell, row))
	}
	check(b, sw.Flush())
	path := saveXLSX(b, f)
	content, err := os.ReadFile(path)
	check(b, err)
	b.SetBytes(int64(len(content)))
	b.ResetTimer()
	for b.Loop() {
		tables, err := ReadXLSX(b.Context(), bytes.NewReader(content))
		if err != nil || len(tables[0].Rows) != 10000 || len(tables[0].Rows[9999].Cells) != 30 {
			b.Fatalf("got %v", err)
		}
	}
}

// Every refusal reads as a sentence in each language, its arguments filled in; a CSV file's
// huge cell names no sheet.
func TestFileErrorsTranslate(t *testing.T) {
	t.Parallel()
	errs := []*FileError{
		{ID: "importfile.unknown_type", Args: []any{"Name", "Hộ vay.xls"}},
		{ID: "importfile.not_utf8", Args: []any{"Line", 2}},
		{ID: "importfile.utf16"},
		{ID: "importfile.csv_syntax", Args: []any{"Line", 3}},
		{ID: "importfile.huge_cell", Args: []any{"Sheet", "Hộ vay", "Line", 7, "Column", "AB"}},
		{ID: "importfile.huge_cell", Args: []any{"Sheet", "", "Line", 7, "Column", "AB"}},
		{ID: "importfile.empty"},
		{ID: "importfile.too_many_rows"},
		{ID: "importfile.not_xlsx"},
		{ID: "importfile.merged", Args: []any{"Sheet", "Tổ", "Range", "A3:C3"}},
		{ID: "importfile.not_a_file", Args: []any{"Name", "Hộ vay.csv"}},
		{ID: "importfile.too_large", Args: []any{"Max", MaxFileSize >> 20}},
		{ID: "importfile.too_many_columns", Args: []any{"Sheet", "Hộ vay", "Line", 4, "Max", MaxColumns}},
		{ID: "importfile.too_many_columns", Args: []any{"Sheet", "", "Line", 4, "Max", MaxColumns}},
		{ID: "importfile.unzips_too_large", Args: []any{"Max", maxUnzipped >> 30}},
		{ID: "importfile.too_slow", Args: []any{"Minutes", int(ReadTimeout / time.Minute)}},
	}
	for _, lang := range translations.Languages() {
		l := translations.New(lang)
		for _, e := range errs {
			s := l.T(e.ID, e.Args...)
			if s == e.ID || strings.Contains(s, "{{") || strings.Contains(s, "<no value>") {
				t.Errorf("%s %s: %q", lang, e.Error(), s)
			}
			for i := 1; i < len(e.Args); i += 2 {
				if v := fmt.Sprint(e.Args[i]); v != "" && !strings.Contains(s, v) {
					t.Errorf("%s %s: %q does not say %q", lang, e.Error(), s, v)
				}
			}
		}
		withSheet := l.T("importfile.huge_cell", errs[4].Args...)
		noSheet := l.T("importfile.huge_cell", errs[5].Args...)
		if strings.Contains(noSheet, "“”") || strings.Contains(noSheet, "«  »") || len(noSheet) >= len(withSheet) {
			t.Errorf("%s: a CSV huge cell reads %q", lang, noSheet)
		}
	}
	if got := translations.New("en").T("importfile.huge_cell", errs[5].Args...); got != "The cell in column AB, line 7 holds more than 2,000 characters: this is not a list to import. Check that you chose the right file." {
		t.Errorf("got %q", got)
	}
}

func TestReadCSVTooManyRows(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a file of a million lines")
	}
	content := bytes.Repeat([]byte("1\n"), MaxRows+1)
	_, err := ReadCSV(t.Context(), bytes.NewReader(content))
	wantFileError(t, err, "importfile.too_many_rows", nil)
	// The limit itself is allowed, blank lines not counted.
	content = append(content[:2*MaxRows], "\n\n"...)
	table, err := ReadCSV(t.Context(), bytes.NewReader(content))
	if err != nil || len(table.Rows) != MaxRows || table.Rows[MaxRows-1].Line != MaxRows {
		t.Fatalf("got %d rows, %v", len(table.Rows), err)
	}
}

// zipXLSX builds a workbook from its parts as other programs write them.
func zipXLSX(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range parts {
		w, err := zw.Create(name)
		check(t, err)
		_, err = w.Write([]byte(content))
		check(t, err)
	}
	check(t, zw.Close())
	return buf.Bytes()
}

// A workbook not written by Excel or excelize: the "x:" prefix of the OpenXML SDK, cells and
// rows without references, inline strings, rich shared strings with a phonetic reading, the
// _xHHHH_ escape, ISO date cells, error cells, dates counted from 1904.
func TestReadXLSXOtherWriters(t *testing.T) {
	t.Parallel()
	const ns = `xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	parts := map[string]string{
		"[Content_Types].xml":  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/wb.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/s1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
		"_rels/.rels":          `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="R1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/wb.xml"/></Relationships>`,
		"xl/_rels/wb.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="R2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="s1.xml"/><Relationship Id="R3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="R4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/wb.xml":            `<?xml version="1.0" encoding="UTF-8"?><x:workbook ` + ns + `><x:workbookPr date1904="1"/><x:sheets><x:sheet name="Danh sách" sheetId="1" r:id="R2"/></x:sheets></x:workbook>`,
		"xl/styles.xml":        `<?xml version="1.0" encoding="UTF-8"?><x:styleSheet ` + ns + `><x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="d/m/yyyy;@"/></x:numFmts><x:cellXfs count="2"><x:xf numFmtId="0"/><x:xf numFmtId="164" applyNumberFormat="1"/></x:cellXfs></x:styleSheet>`,
		"xl/sharedStrings.xml": `<?xml version="1.0" encoding="UTF-8"?><x:sst ` + ns + ` count="2" uniqueCount="2"><x:si><x:t>Mã &amp; tên</x:t></x:si><x:si><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">Nguyễn </x:t></x:r><x:r><x:t>Văn Đức</x:t></x:r><x:rPh sb="0" eb="1"><x:t>ignored</x:t></x:rPh></x:si></x:sst>`,
		"xl/s1.xml": `<?xml version="1.0" encoding="UTF-8"?><x:worksheet ` + ns + `><x:sheetData>` +
			`<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c></x:row>` +
			`<x:row r="3"><x:c t="inlineStr"><x:is><x:t>dòng 1_x000D_</x:t></x:is></x:c><x:c s="1"><x:v>0</x:v></x:c><x:c t="d"><x:v>2024-03-15T00:00:00</x:v></x:c><x:c r="E3" t="e"><x:v>#DIV/0!</x:v></x:c><x:c r="G3"><x:v>1.23456789012E+11</x:v></x:c></x:row>` +
			`</x:sheetData></x:worksheet>`,
	}
	tables, err := ReadXLSX(t.Context(), bytes.NewReader(zipXLSX(t, parts)))
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != 1 || tables[0].Sheet != "Danh sách" {
		t.Fatalf("got %+v", tables)
	}
	wantRows(t, tables[0].Rows, []Row{
		{1, []string{"Mã & tên", "Nguyễn Văn Đức"}},
		// Serial 0 in the 1904 system is 1 January 1904.
		{3, []string{"dòng 1", "1904-01-01", "2024-03-15", "", "#DIV/0!", "", "123456789012"}},
	})

	// A shared string index past the table is a broken file.
	parts["xl/s1.xml"] = strings.Replace(parts["xl/s1.xml"], "<x:v>1</x:v>", "<x:v>7</x:v>", 1)
	_, err = ReadXLSX(t.Context(), bytes.NewReader(zipXLSX(t, parts)))
	wantFileError(t, err, "importfile.not_xlsx", nil)
}
