package main

import (
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"policycredit/translations"
)

// A clerk types the lists into LibreOffice Calc and saves them as .xlsx. What Calc writes is
// not what our own export writes: the customer code and the program become number cells (01
// is 1), the ID number stays text only because its column was marked Text, the loan dates are
// real date cells, and "50.000.000" is the number 50000000. The import must read all of it.
//
// The CSV files are converted by Calc itself with the CSV import filter's options
// (https://help.libreoffice.org/latest/en-US/text/shared/guide/csv_params.html): field
// separator 59 (;), text delimiter 34 ("), character set 76 (UTF-8), first line 1, then the
// column formats as column/format pairs — 1 standard, 2 text, 4 date DD/MM/YY — and the
// language 1066 (Vietnamese: "." groups thousands).

const (
	loBorrowersCSV = "Mã KH;Họ và tên;Giới tính;Năm sinh;Số CCCD;Đối tượng;Mã xã;Mã thôn;Mã tổ\n" +
		"38189990101;Nguyễn Thị Ánh;Nữ;1985;038185001234;Hộ nghèo;16000;16000-01;16000-T01\n" +
		"38189990102;Đặng Văn Đức;Nam;1979;001079004321;Hộ cận nghèo;16009;16009-03;16009-T04\n"
	// Column 5 (Số CCCD) as text, so its leading zero survives.
	loBorrowersFilter = "CSV:59,34,76,1,1/1/2/1/3/1/4/1/5/2/6/1/7/1/8/1/9/1,1066"

	loLoansCSV = "Số khế ước;Mã KH;Mã chương trình;Số tiền vay;Ngày vay;Thời hạn (tháng);Mã tổ\n" +
		"16000/2025/9101;38189990101;01;50.000.000;15/12/2025;36;16000-T01\n" +
		"16009/2025/9102;38189990102;03;100.000.000;01/11/2025;60;16009-T04\n"
	// Column 1 (contract) as text, column 5 (Ngày vay) as a DD/MM/YY date.
	loLoansFilter = "CSV:59,34,76,1,1/2/2/1/3/1/4/1/5/4/6/1/7/1,1066"
)

// libreofficeConvert turns a CSV file into an xlsx file with Calc, in a private profile so
// that parallel runs do not share one.
func libreofficeConvert(t *testing.T, csvPath, filter string) string {
	t.Helper()
	bin, err := exec.LookPath("libreoffice")
	if err != nil {
		t.Fatal("libreoffice is not on PATH: run `make deps` (it installs libreoffice-calc-nogui) or `go test -short` to leave this test out")
	}
	dir := filepath.Dir(csvPath)
	out := filepath.Join(dir, "xlsx")
	profile := "file://" + filepath.ToSlash(filepath.Join(dir, "lo-profile"))
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation="+profile, "--headless", "--norestore",
		"--infilter="+filter, "--convert-to", "xlsx", "--outdir", out, csvPath)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("libreoffice --convert-to xlsx %s: %v\n%s", csvPath, err, msg)
	}
	xlsx := filepath.Join(out, strings.TrimSuffix(filepath.Base(csvPath), ".csv")+".xlsx")
	if _, err := os.Stat(xlsx); err != nil {
		t.Fatalf("libreoffice wrote no %s: %v\n%s", xlsx, err, msg)
	}
	return xlsx
}

// rawCells gives a converted sheet's second row as its cells' types and raw values.
func rawCells(t *testing.T, path string) (types []excelize.CellType, values []string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil || len(rows) < 2 {
		t.Fatalf("%s: rows %q, %v", path, rows, err)
	}
	for i := range rows[1] {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		typ, err := f.GetCellType(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		types = append(types, typ)
	}
	return types, rows[1]
}

// exportedCSV exports one list of the office as English CSV and gives its rows by first column.
func exportedCSV(t *testing.T, db, list string) (header []string, byKey map[string][]string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), list+".csv")
	mustRun(t, "--db", db, "export", list, "-o", file, "--lang", "en", "--date", "2026-01-01")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff")))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	byKey = map[string][]string{}
	for _, row := range rows[1:] {
		byKey[row[0]] = row
	}
	return rows[0], byKey
}

// pick gives a row's values under the named columns.
func pick(t *testing.T, header, row []string, cols ...string) []string {
	t.Helper()
	var out []string
	for _, c := range cols {
		i := indexOf(header, c)
		if i < 0 || i >= len(row) {
			t.Fatalf("no column %q in %q", c, header)
		}
		out = append(out, row[i])
	}
	return out
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

func TestImportLibreOfficeXLSX(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("converts files with LibreOffice (about 10 s); left out by -short")
	}
	dir := t.TempDir()
	borrowersCSV := filepath.Join(dir, "ho-vay.csv")
	loansCSV := filepath.Join(dir, "khe-uoc.csv")
	if err := os.WriteFile(borrowersCSV, []byte(loBorrowersCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(loansCSV, []byte(loLoansCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	borrowersXLSX := libreofficeConvert(t, borrowersCSV, loBorrowersFilter)
	loansXLSX := libreofficeConvert(t, loansCSV, loLoansFilter)

	// What Calc wrote: the cells the import has to cope with.
	types, values := rawCells(t, borrowersXLSX)
	if types[0] != excelize.CellTypeNumber || types[4] != excelize.CellTypeSharedString || values[4] != "038185001234" {
		t.Errorf("Calc's borrowers row: types %v, values %q; want a number customer code and a text ID number with its 0",
			types, values)
	}
	types, values = rawCells(t, loansXLSX)
	// 46006 is 15 December 2025 counted from 30 December 1899.
	if types[2] != excelize.CellTypeNumber || values[2] != "1" || types[3] != excelize.CellTypeNumber ||
		values[3] != "50000000" || types[4] != excelize.CellTypeNumber || values[4] != "46006" {
		t.Errorf("Calc's loans row: types %v, values %q; want program 1, amount 50000000 and date 46006 as numbers",
			types, values)
	}

	db := filepath.Join(dir, "office.db")
	copyDB(t, smallDB(t), db)
	for _, file := range []string{borrowersXLSX, loansXLSX} {
		r := mustRun(t, "--db", db, "import", file, "--lang", "vi", "--date", "2026-01-01")
		if !strings.Contains(r.stdout, translations.New("vi").T("cli.import_done")) {
			t.Errorf("import %s did not finish:\n%v", filepath.Base(file), r)
		}
	}

	header, borrowers := exportedCSV(t, db, "borrowers")
	wantBorrowers := map[string][]string{
		"38189990101": {"Nguyễn Thị Ánh", "Female", "1985", "038185001234", "Poor household", "16000", "16000-01", "16000-T01"},
		"38189990102": {"Đặng Văn Đức", "Male", "1979", "001079004321", "Near-poor household", "16009", "16009-03", "16009-T04"},
	}
	for code, want := range wantBorrowers {
		row, ok := borrowers[code]
		if !ok {
			t.Errorf("borrower %s was not imported", code)
			continue
		}
		got := pick(t, header, row, "Customer name", "Gender", "Birth year", "ID number", "Category", "Commune code",
			"Village code", "Group code")
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("borrower %s = %q, want %q", code, got, want)
		}
	}

	header, loans := exportedCSV(t, db, "loans")
	wantLoans := map[string][]string{
		"16000/2025/9101": {"38189990101", "01", "50000000", "2025-12-15", "36", "16000-T01"},
		"16009/2025/9102": {"38189990102", "03", "100000000", "2025-11-01", "60", "16009-T04"},
	}
	for contract, want := range wantLoans {
		row, ok := loans[contract]
		if !ok {
			t.Errorf("loan %s was not imported", contract)
			continue
		}
		got := pick(t, header, row, "Customer code", "Program", "Loan amount", "Loan date", "Term (months)", "Group code")
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("loan %s = %q, want %q", contract, got, want)
		}
	}
}
