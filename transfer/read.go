// Package transfer moves files in and out of the office: the spreadsheets and CSV files a
// clerk imports, read here into plain tables of text, and the files written back.
package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"
)

// Table is one sheet of a file as text: its non-empty rows, each with its 1-based line (CSV
// record's first line / xlsx row number) in the file.
type Table struct {
	Sheet string // sheet name; "" for CSV
	Rows  []Row
}

// Row is one non-empty row of a Table.
type Row struct {
	Line  int
	Cells []string // trimmed of surrounding spaces; trailing empty cells may be dropped
}

// FileError is a problem with a file as a whole; ID is a translation ID ("importfile.*") and
// Args its template data as key, value pairs (as translations.Localizer.T takes them).
type FileError struct {
	ID   string
	Args []any
}

// Error gives the ID and its arguments, e.g. "importfile.huge_cell [Sheet Data, Line 3,
// Column B]": stable and English-ish, for logs.
func (e *FileError) Error() string {
	if len(e.Args) == 0 {
		return e.ID
	}
	var b strings.Builder
	b.WriteString(e.ID)
	b.WriteString(" [")
	for i := 0; i < len(e.Args); i += 2 {
		if i > 0 {
			b.WriteString(", ")
		}
		if i+1 < len(e.Args) {
			fmt.Fprintf(&b, "%v %v", e.Args[i], e.Args[i+1])
		} else {
			fmt.Fprintf(&b, "%v", e.Args[i])
		}
	}
	b.WriteString("]")
	return b.String()
}

// The bounds on a file the import reads. A file beyond one is refused with a FileError that
// names the bound, before it can fill memory or keep the import (and the clerk) waiting.
const (
	// MaxFileSize is the largest file read, in bytes. A district's borrowers, groups and loans
	// take a few megabytes; a million ledger entries (the most MaxRows lets in) about 35 MB as
	// a workbook (200,000 measured: 6.5 MB), more as CSV, which then goes in parts. Reading
	// 50 MB stays a matter of seconds.
	MaxFileSize = 50 << 20

	// MaxRows is the most non-empty rows a file may hold, all sheets together: a district office
	// has tens of thousands of borrowers, so more means the file is not what the clerk meant.
	MaxRows = 1_000_000

	// MaxColumns is the rightmost column a value may sit in: an import sheet has a few dozen
	// columns, so a value past column 500 (SF) means a wrong file, and each row's cells stay
	// small however far to the right a crafted file claims a cell is.
	MaxColumns = 500

	// MaxCellLen is the most characters (runes) one cell may hold: no field of a borrower, loan
	// or group comes near it, so a longer cell means a wrong file or a pasted document.
	MaxCellLen = 2000

	// ReadTimeout bounds the time one file may take to read: a 50 MB file reads in seconds, so
	// a file still being read after two minutes is refused rather than left to hang the import.
	ReadTimeout = 2 * time.Minute
)

// maxCellBytes bounds the raw text gathered for one cell before it is trimmed and counted in
// runes: 2,000 Vietnamese letters take up to 6,000 bytes, an _xHHHH_ escape 7 bytes for one
// character; past 32 KB the cell is too long whatever its spaces and escapes.
const maxCellBytes = 32 << 10

// errReadTimeout is the cause ReadFile gives its deadline, so that a reader tells its own time
// limit (importfile.too_slow) from a caller's cancellation (returned as the context's error).
var errReadTimeout = errors.New("transfer: file read time limit")

// ReadFile reads the file at path by its extension: .csv and .txt as CSV, .xlsx and .xlsm as
// an Excel workbook. Other extensions (the old .xls among them) are refused with
// importfile.unknown_type; a folder, a device or a pipe with importfile.not_a_file before
// anything is read from it; a file over MaxFileSize with importfile.too_large; a read that
// takes over ReadTimeout with importfile.too_slow. A file that cannot be opened comes back as
// the os error, a cancelled ctx as ctx's error.
func ReadFile(ctx context.Context, path string) ([]Table, error) {
	ext := strings.ToLower(filepath.Ext(path))
	var xlsx bool
	switch ext {
	case ".csv", ".txt":
	case ".xlsx", ".xlsm":
		xlsx = true
	default:
		return nil, &FileError{ID: "importfile.unknown_type", Args: []any{"Name", filepath.Base(path)}}
	}
	// Stat before opening: opening a FIFO blocks until a writer comes, and reading a folder or
	// /dev/zero never ends well.
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkRegular(path, info); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The path may have been replaced between the two looks: check what was opened.
	if opened, err := f.Stat(); err != nil {
		return nil, err
	} else if err := checkRegular(path, opened); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeoutCause(ctx, ReadTimeout, errReadTimeout)
	defer cancel()
	if xlsx {
		return ReadXLSX(ctx, f)
	}
	t, err := ReadCSV(ctx, f)
	if err != nil {
		return nil, err
	}
	return []Table{t}, nil
}

// checkRegular refuses anything but a regular file of at most MaxFileSize bytes.
func checkRegular(path string, info os.FileInfo) error {
	if !info.Mode().IsRegular() {
		return &FileError{ID: "importfile.not_a_file", Args: []any{"Name", filepath.Base(path)}}
	}
	if info.Size() > MaxFileSize {
		return tooLarge()
	}
	return nil
}

func tooLarge() error {
	return &FileError{ID: "importfile.too_large", Args: []any{"Max", MaxFileSize >> 20}}
}

// readAll reads r to its end, refusing more than MaxFileSize bytes: ReadFile checked the size,
// but a reader (or a file still being written) may hold more.
func readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, tooLarge()
	}
	return data, nil
}

// ctxErr is nil while ctx runs; after, importfile.too_slow when ReadFile's own time limit
// ended it, or ctx's error when the caller cancelled.
func ctxErr(ctx context.Context) error {
	if ctx.Err() == nil {
		return nil
	}
	if errors.Is(context.Cause(ctx), errReadTimeout) {
		return &FileError{ID: "importfile.too_slow", Args: []any{"Minutes", int(ReadTimeout / time.Minute)}}
	}
	return ctx.Err()
}

// ctxCheckEvery is how many records or XML tokens a reader handles between looks at its
// context: often enough to stop within milliseconds, rarely enough to cost nothing.
const ctxCheckEvery = 4096

// tableBuilder collects the non-empty rows of one sheet, trimming cells, dropping trailing
// empty ones and refusing huge cells and absurd row counts.
type tableBuilder struct {
	sheet string
	rows  []Row
	count *fileCount
}

// fileCount is what a whole file has given so far, against the limits.
type fileCount struct{ rows, cells int }

// maxCells bounds the cells kept for a file, all sheets together: a few sparse cells far to
// the right on a million rows must not fill memory.
const maxCells = 30_000_000

// add trims cells in place and keeps the row when one of them is non-empty. The cells slice
// is copied, so the caller may reuse it.
func (b *tableBuilder) add(line int, cells []string) error {
	last := -1
	for i, c := range cells {
		c = strings.TrimSpace(c)
		cells[i] = c
		if c == "" {
			continue
		}
		last = i
		if len(c) > MaxCellLen && utf8.RuneCountInString(c) > MaxCellLen {
			return hugeCell(b.sheet, line, i)
		}
	}
	if last < 0 {
		return nil
	}
	if last >= MaxColumns {
		return tooManyColumns(b.sheet, line)
	}
	b.count.rows++
	b.count.cells += last + 1
	if b.count.rows > MaxRows || b.count.cells > maxCells {
		return &FileError{ID: "importfile.too_many_rows"}
	}
	b.rows = append(b.rows, Row{Line: line, Cells: append([]string(nil), cells[:last+1]...)})
	return nil
}

func tooManyColumns(sheet string, line int) error {
	return &FileError{ID: "importfile.too_many_columns", Args: []any{"Sheet", sheet, "Line", line, "Max", MaxColumns}}
}

func hugeCell(sheet string, line, col int) error {
	return &FileError{ID: "importfile.huge_cell", Args: []any{"Sheet", sheet, "Line", line, "Column", columnName(col)}}
}

// columnName names a 0-based column as a spreadsheet does: A, B, … Z, AA, AB, …
func columnName(i int) string {
	var b []byte
	for n := i + 1; n > 0; n = (n - 1) / 26 {
		b = append([]byte{byte('A' + (n-1)%26)}, b...)
	}
	return string(b)
}
