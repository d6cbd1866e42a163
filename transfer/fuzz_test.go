package transfer

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// slowRead is how long one read of a fuzz input may take. The inputs are at most a few hundred
// kilobytes and read in milliseconds; one that takes seconds is a reader left unbounded, and
// it would stall the fuzzer without failing it (Go's worker gives up only after 10 s). The
// inputs under testdata/fuzz (a workbook declaring a 1 GB sheet, a zip bomb, a compound file,
// values far to the right, 40 KB cells) run in every go test.
const slowRead = 5 * time.Second

// timed fails t when the read that started at start took longer than slowRead.
func timed(t *testing.T, start time.Time, n int) {
	t.Helper()
	if d := time.Since(start); d > slowRead {
		t.Fatalf("reading %d bytes took %v: a reader is unbounded", n, d)
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, seed := range []string{
		"Mã KH,Họ và tên,Số CCCD\nKH001,Nguyễn Văn Đức,001089012345\n",
		"\xef\xbb\xbfMã;Dư nợ\r\nKH001;1,5\r\n\r\nKH002;2\r\n",
		"a\tb\tc\n\t\tx\n",
		"\"Thôn 3, xã\",\"dòng 1\ndòng 2\"\n,,\n\"nói \"\"có\"\"\",x\n",
		"a,b\n\"c,d\n",
		"e,f\"g\n",
		"Nguy\xd2n,V\xe3n\n",
		"\xff\xfeM\x00a\x00\n\x00",
		"",
		"\n\n  \n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		table, err := ReadCSV(t.Context(), bytes.NewReader(data))
		timed(t, start, len(data))
		if err != nil {
			if _, ok := err.(*FileError); !ok {
				t.Fatalf("error %v is not a FileError", err)
			}
			return
		}
		if len(table.Rows) == 0 {
			t.Fatal("no rows and no error")
		}
		last := 0
		for _, r := range table.Rows {
			if r.Line < 1 || r.Line <= last {
				t.Fatalf("line %d after %d", r.Line, last)
			}
			last = r.Line
			if len(r.Cells) == 0 || r.Cells[len(r.Cells)-1] == "" {
				t.Fatalf("line %d: cells %q end empty", r.Line, r.Cells)
			}
		}
	})
}

// xlsxSeed builds a small workbook with fill and returns its bytes.
func xlsxSeed(f *testing.F, fill func(x *excelize.File)) []byte {
	f.Helper()
	x := excelize.NewFile()
	fill(x)
	buf, err := x.WriteToBuffer()
	if err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}

func FuzzReadXLSX(f *testing.F) {
	seeds := [][]byte{
		xlsxSeed(f, func(x *excelize.File) {
			_ = x.SetSheetRow("Sheet1", "A1", &[]any{"Mã KH", "Họ và tên", "Số tiền"})
			_ = x.SetSheetRow("Sheet1", "A2", &[]any{"KH001", "Nguyễn Văn Đức", 1234567})
		}),
		xlsxSeed(f, func(x *excelize.File) {
			style, _ := x.NewStyle(&excelize.Style{NumFmt: 14})
			_ = x.SetCellFloat("Sheet1", "B3", 45366, -1, 64)
			_ = x.SetCellStyle("Sheet1", "B3", "B3", style)
			_ = x.SetCellBool("Sheet1", "C3", true)
			_ = x.SetCellFormula("Sheet1", "D3", "B3+1")
		}),
		xlsxSeed(f, func(x *excelize.File) {
			_, _ = x.NewSheet("Tổ")
			_ = x.SetCellStr("Tổ", "A1", "Tổ 01")
			_ = x.MergeCell("Tổ", "A1", "B1")
		}),
	}
	for _, s := range seeds {
		f.Add(s)
		f.Add(s[:len(s)/2])
		f.Add(s[:len(s)-22]) // the end of central directory cut off
	}
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		tables, err := ReadXLSX(t.Context(), bytes.NewReader(data))
		timed(t, start, len(data))
		if err != nil {
			if _, ok := err.(*FileError); !ok {
				t.Fatalf("error %v is not a FileError", err)
			}
			return
		}
		for _, table := range tables {
			last := 0
			for _, r := range table.Rows {
				if r.Line <= last {
					t.Fatalf("sheet %q: line %d after %d", table.Sheet, r.Line, last)
				}
				last = r.Line
			}
		}
	})
}
