package transfer

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// quickly runs read and fails the test when it has not returned within limit: a reader that
// hangs must fail its test, not stall the whole run until go test's own timeout.
func quickly[T any](t *testing.T, limit time.Duration, read func() (T, error)) (T, error) {
	t.Helper()
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	start := time.Now()
	go func() {
		v, err := read()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-time.After(limit):
		t.Fatalf("still reading after %v", time.Since(start))
		panic("unreachable")
	}
}

// Anything but a regular file is refused from its file information, before it is opened: a
// folder, /dev/zero (through a name the import would take) and a FIFO nobody writes to, which
// would block the open itself.
func TestReadFileNotARegularFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	folder := filepath.Join(dir, "Hộ vay.csv")
	check(t, os.Mkdir(folder, 0o700))
	check(t, os.WriteFile(filepath.Join(folder, "inside.csv"), []byte("a\n"), 0o600))
	zero := filepath.Join(dir, "zero.xlsx")
	check(t, os.Symlink("/dev/zero", zero))
	fifo := filepath.Join(dir, "pipe.csv")
	check(t, syscall.Mkfifo(fifo, 0o600))
	for _, path := range []string{folder, zero, fifo} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			_, err := quickly(t, 5*time.Second, func() ([]Table, error) { return ReadFile(t.Context(), path) })
			wantFileError(t, err, "importfile.not_a_file", []any{"Name", filepath.Base(path)})
		})
	}
}

// A reader that never ends (an open /dev/zero handed to the readers directly) stops at
// MaxFileSize.
func TestReadEndlessReader(t *testing.T) {
	t.Parallel()
	for name, read := range map[string]func(context.Context, *os.File) error{
		"csv":  func(ctx context.Context, f *os.File) error { _, err := ReadCSV(ctx, f); return err },
		"xlsx": func(ctx context.Context, f *os.File) error { _, err := ReadXLSX(ctx, f); return err },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, err := os.Open("/dev/zero")
			check(t, err)
			defer f.Close()
			_, err = quickly(t, 10*time.Second, func() (struct{}, error) { return struct{}{}, read(t.Context(), f) })
			wantFileError(t, err, "importfile.too_large", []any{"Max", 50})
		})
	}
}

// A file of MaxFileSize bytes is read; one byte more is refused by its size before reading,
// and so is a reader holding that much.
func TestReadFileSize(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("writes a file of 50 MB")
	}
	// 524,288 lines of 100 bytes: 50 MB, under MaxRows.
	line := "KH" + strings.Repeat("0", 40) + ",Nguyễn Văn Đức," + strings.Repeat("x", 100-2-40-len(",Nguyễn Văn Đức,")-1) + "\n"
	if len(line) != 100 {
		t.Fatalf("line of %d bytes", len(line))
	}
	content := bytes.Repeat([]byte(line), MaxFileSize/100)
	if len(content) != MaxFileSize {
		t.Fatalf("content of %d bytes", len(content))
	}
	path := writeFile(t, "big.csv", content)
	tables, err := ReadFile(t.Context(), path)
	if err != nil {
		t.Fatalf("a file of exactly %d bytes: %v", MaxFileSize, err)
	}
	if got := len(tables[0].Rows); got != MaxFileSize/100 {
		t.Errorf("got %d rows", got)
	}

	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	check(t, err)
	_, err = f.Write([]byte("x"))
	check(t, err)
	check(t, f.Close())
	_, err = ReadFile(t.Context(), path)
	wantFileError(t, err, "importfile.too_large", []any{"Max", 50})
	content = append(content, 'x')
	_, err = ReadCSV(t.Context(), bytes.NewReader(content))
	wantFileError(t, err, "importfile.too_large", []any{"Max", 50})
}

// A sparse file over the bound costs nothing to make: it is refused from its size, quickly,
// whatever its type.
func TestReadFileTooLargeBeforeReading(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"big.csv", "big.xlsx"} {
		path := filepath.Join(t.TempDir(), name)
		f, err := os.Create(path)
		check(t, err)
		check(t, f.Truncate(MaxFileSize+1))
		check(t, f.Close())
		_, err = quickly(t, 2*time.Second, func() ([]Table, error) { return ReadFile(t.Context(), path) })
		wantFileError(t, err, "importfile.too_large", []any{"Max", 50})
	}
}

// A value in column 500 (SF) is read; one in column 501 (SG) is refused, naming the line and
// the bound. Blank cells past the bound are nothing and do not count.
func TestReadColumns(t *testing.T) {
	t.Parallel()
	row := func(n int) string { return strings.Repeat(",", n-1) + "x\n" }
	table, err := ReadCSV(t.Context(), strings.NewReader("Mã\n"+row(MaxColumns)+"y"+strings.Repeat(", ", 2*MaxColumns)+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := len(table.Rows[1].Cells); got != MaxColumns || table.Rows[1].Cells[MaxColumns-1] != "x" {
		t.Fatalf("got %d cells", got)
	}
	_, err = ReadCSV(t.Context(), strings.NewReader("Mã\n\n"+row(MaxColumns+1)))
	wantFileError(t, err, "importfile.too_many_columns", []any{"Sheet", "", "Line", 3, "Max", MaxColumns})

	book := func(cell, value string) []byte {
		f := excelize.NewFile()
		check(t, f.SetSheetName("Sheet1", "Hộ vay"))
		check(t, f.SetCellStr("Hộ vay", "A1", "Mã"))
		check(t, f.SetCellStr("Hộ vay", cell, value))
		buf, err := f.WriteToBuffer()
		check(t, err)
		return buf.Bytes()
	}
	if name := columnName(MaxColumns - 1); name != "SF" {
		t.Fatalf("column %d is %s", MaxColumns, name)
	}
	tables, err := ReadXLSX(t.Context(), bytes.NewReader(book("SF4", "x")))
	if err != nil {
		t.Fatal(err)
	}
	if got := tables[0].Rows[1]; got.Line != 4 || len(got.Cells) != MaxColumns {
		t.Fatalf("got line %d with %d cells", got.Line, len(got.Cells))
	}
	_, err = ReadXLSX(t.Context(), bytes.NewReader(book("SG4", "x")))
	wantFileError(t, err, "importfile.too_many_columns", []any{"Sheet", "Hộ vay", "Line", 4, "Max", MaxColumns})
	// The last column a sheet can have, holding only spaces: no row of 16,384 cells.
	tables, err = ReadXLSX(t.Context(), bytes.NewReader(book("XFD4", "   ")))
	if err != nil || len(tables[0].Rows) != 1 {
		t.Fatalf("got %+v, %v", tables, err)
	}
}

// sheetXML is a workbook of one sheet whose <sheetData> holds rows, as other programs write
// one: for cells excelize would not write, or would refuse to.
func sheetXML(t *testing.T, rows string) []byte {
	t.Helper()
	return zipXLSX(t, map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/worksheets/sheet1.xml":   `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows + `</sheetData></worksheet>`,
	})
}

// A cell's raw text is gathered up to maxCellBytes: past it the cell is refused even when
// trimming would leave little, and a shared string past it is kept cut and refused where used.
func TestReadXLSXCellBytes(t *testing.T) {
	t.Parallel()
	padded := "x" + strings.Repeat(" ", maxCellBytes)
	_, err := ReadXLSX(t.Context(), bytes.NewReader(sheetXML(t, `<row r="2"><c r="C2" t="inlineStr"><is><t>`+padded+`</t></is></c></row>`)))
	wantFileError(t, err, "importfile.huge_cell", []any{"Sheet", "Sheet1", "Line", 2, "Column", "C"})
	tables, err := ReadXLSX(t.Context(), bytes.NewReader(sheetXML(t, `<row r="2"><c r="C2" t="inlineStr"><is><t>`+padded[:maxCellBytes]+`</t></is></c></row>`)))
	if err != nil || tables[0].Rows[0].Cells[2] != "x" {
		t.Fatalf("got %+v, %v", tables, err)
	}

	f := excelize.NewFile()
	check(t, f.SetCellStr("Sheet1", "A1", "Mã"))
	check(t, f.SetCellStr("Sheet1", "D5", strings.Repeat("ư", maxCellBytes/2+1))) // 2 bytes each
	buf, err := f.WriteToBuffer()
	check(t, err)
	_, err = ReadXLSX(t.Context(), bytes.NewReader(buf.Bytes()))
	wantFileError(t, err, "importfile.huge_cell", []any{"Sheet", "Sheet1", "Line", 5, "Column", "D"})
}

// rewriteSizes copies a zip, declaring size as the unpacked size of the part named part.
func rewriteSizes(t *testing.T, content []byte, part string, size uint64) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	check(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		raw, err := zf.OpenRaw()
		check(t, err)
		h := zf.FileHeader
		if zf.Name == part {
			h.UncompressedSize64 = size
		}
		w, err := zw.CreateRaw(&h)
		check(t, err)
		_, err = w.Write(mustRead(t, raw))
		check(t, err)
	}
	check(t, zw.Close())
	return out.Bytes()
}

func mustRead(t *testing.T, r interface{ Read([]byte) (int, error) }) []byte {
	t.Helper()
	var b bytes.Buffer
	_, err := b.ReadFrom(r)
	check(t, err)
	return b.Bytes()
}

// A workbook that would unpack to more than maxUnzipped, or packs a large part tighter than
// any sheet packs, is refused before excelize allocates what its directory declares.
func TestReadXLSXUnzipBounds(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	check(t, f.SetCellStr("Sheet1", "A1", "Mã"))
	buf, err := f.WriteToBuffer()
	check(t, err)
	small := buf.Bytes()

	// A 6 KB file declaring its sheet 1 GB: before the guard, excelize allocated that.
	lying := rewriteSizes(t, small, "xl/worksheets/sheet1.xml", maxUnzipped+1)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = ReadXLSX(t.Context(), bytes.NewReader(lying))
	runtime.ReadMemStats(&after)
	wantFileError(t, err, "importfile.unzips_too_large", []any{"Max", 1})
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 200<<20 {
		t.Errorf("refusing a 6 KB file allocated %d MB", grew>>20)
	}

	// A real bomb: 4 MB of spaces in a sheet pack to a few kilobytes.
	bomb := sheetXML(t, `<row r="1"><c r="A1" t="inlineStr"><is><t>Mã</t></is></c></row>`+strings.Repeat(" ", 4<<20))
	if len(bomb) > 64<<10 {
		t.Fatalf("the bomb is %d bytes", len(bomb))
	}
	_, err = ReadXLSX(t.Context(), bytes.NewReader(bomb))
	wantFileError(t, err, "importfile.unzips_too_large", []any{"Max", 1})

	// Just under: a sheet of more than zipRatioFloor bytes that packs like a real one is read.
	sw := excelize.NewFile()
	w, err := sw.NewStreamWriter("Sheet1")
	check(t, err)
	for r := 1; r <= 20000; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		check(t, w.SetRow(cell, []any{"KH" + strings.Repeat("0", r%7), r * 1000, "Nguyễn Văn Đức", r % 97}))
	}
	check(t, w.Flush())
	buf, err = sw.WriteToBuffer()
	check(t, err)
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	check(t, err)
	for _, zf := range zr.File {
		if zf.Name == "xl/worksheets/sheet1.xml" && zf.UncompressedSize64 <= zipRatioFloor {
			t.Fatalf("the sheet is only %d bytes", zf.UncompressedSize64)
		}
	}
	tables, err := ReadXLSX(t.Context(), bytes.NewReader(buf.Bytes()))
	if err != nil || len(tables[0].Rows) != 20000 {
		t.Fatalf("got %v", err)
	}
}

// ReadFile's time limit ends a read with importfile.too_slow naming it; a caller's own
// cancellation comes back as the context's error, not as a problem with the file.
func TestReadDeadline(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	check(t, f.SetCellStr("Sheet1", "A1", "Mã"))
	buf, err := f.WriteToBuffer()
	check(t, err)
	book := buf.Bytes()
	csv := bytes.Repeat([]byte("KH001,Nguyễn Văn Đức\n"), 200_000)

	expired, cancel := context.WithTimeoutCause(t.Context(), 0, errReadTimeout)
	defer cancel()
	_, err = ReadCSV(expired, bytes.NewReader(csv))
	wantFileError(t, err, "importfile.too_slow", []any{"Minutes", 2})
	_, err = ReadXLSX(expired, bytes.NewReader(book))
	wantFileError(t, err, "importfile.too_slow", []any{"Minutes", 2})

	// A limit that ends during the read: 200,000 rows take far longer than a millisecond.
	short, cancel := context.WithTimeoutCause(t.Context(), time.Millisecond, errReadTimeout)
	defer cancel()
	_, err = quickly(t, 10*time.Second, func() (Table, error) { return ReadCSV(short, bytes.NewReader(csv)) })
	wantFileError(t, err, "importfile.too_slow", []any{"Minutes", 2})

	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := ReadCSV(cancelled, bytes.NewReader(csv)); !errors.Is(err, context.Canceled) {
		t.Errorf("CSV: got %v, want context.Canceled", err)
	}
	if _, err := ReadXLSX(cancelled, bytes.NewReader(book)); !errors.Is(err, context.Canceled) {
		t.Errorf("xlsx: got %v, want context.Canceled", err)
	}
}

// A workbook protected by a password comes wrapped in a Compound File: refused as not_xlsx,
// whose message says to remove the password, before excelize parses the wrapper.
func TestReadXLSXEncrypted(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	check(t, f.SetCellStr("Sheet1", "A1", "Mã"))
	path := filepath.Join(t.TempDir(), "secret.xlsx")
	check(t, f.SaveAs(path, excelize.Options{Password: "mật khẩu"}))
	content, err := os.ReadFile(path)
	check(t, err)
	if !bytes.HasPrefix(content, oleSignature) {
		t.Fatal("excelize no longer wraps an encrypted workbook in a Compound File")
	}
	_, err = ReadFile(t.Context(), path)
	wantFileError(t, err, "importfile.not_xlsx", nil)
}
