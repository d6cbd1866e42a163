// Package transfer moves files in and out of the office: the spreadsheets and CSV files a
// clerk imports, read here into plain tables of text, and the files written back.
package transfer

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

// MaxCellLen is the most characters (runes) one cell may hold: no field of a borrower, loan or
// group comes near it, so a longer cell means a wrong file or a pasted document.
const MaxCellLen = 2000

// MaxRows is the most non-empty rows a file may hold, all sheets together: a district office
// has tens of thousands of borrowers, so more means the file is not what the clerk meant.
const MaxRows = 1_000_000

// ReadFile reads the file at path by its extension: .csv and .txt as CSV, .xlsx and .xlsm as
// an Excel workbook. Other extensions (the old .xls among them) are refused with
// importfile.unknown_type; a file that cannot be opened comes back as the os error.
func ReadFile(path string) ([]Table, error) {
	ext := strings.ToLower(filepath.Ext(path))
	var xlsx bool
	switch ext {
	case ".csv", ".txt":
	case ".xlsx", ".xlsm":
		xlsx = true
	default:
		return nil, &FileError{ID: "importfile.unknown_type", Args: []any{"Name", filepath.Base(path)}}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if xlsx {
		return ReadXLSX(f)
	}
	t, err := ReadCSV(f)
	if err != nil {
		return nil, err
	}
	return []Table{t}, nil
}

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
	b.count.rows++
	b.count.cells += last + 1
	if b.count.rows > MaxRows || b.count.cells > maxCells {
		return &FileError{ID: "importfile.too_many_rows"}
	}
	b.rows = append(b.rows, Row{Line: line, Cells: append([]string(nil), cells[:last+1]...)})
	return nil
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
