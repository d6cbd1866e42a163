package transfer

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"unicode/utf8"
)

// ReadCSV reads a CSV file written in UTF-8, with or without a byte order mark, its cells
// separated by commas, semicolons (Excel in many European locales) or tabs (text copied from a
// spreadsheet), whichever the first non-empty line uses most. Blank records are skipped; each
// row keeps the line its record starts on.
//
// A file in another encoding is refused rather than guessed at: Windows code pages
// (importfile.not_utf8) and UTF-16, Excel's "Unicode text" (importfile.utf16). Other refusals:
// importfile.empty, importfile.csv_syntax (Line), importfile.huge_cell (Sheet, Line, Column),
// importfile.too_many_rows, importfile.too_many_columns (Sheet, Line, Max), importfile.too_large
// (Max) and importfile.too_slow (Minutes, when ReadFile's time limit ends ctx).
func ReadCSV(ctx context.Context, r io.Reader) (Table, error) {
	data, err := readAll(r)
	if err != nil {
		return Table{}, err
	}
	if isUTF16(data) {
		return Table{}, &FileError{ID: "importfile.utf16"}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return Table{}, &FileError{ID: "importfile.not_utf8", Args: []any{"Line", firstInvalidLine(data)}}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return Table{}, &FileError{ID: "importfile.empty"}
	}

	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sniffDelimiter(data)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = false
	// `a, "b"` is common in hand-written files; with tabs, trimming would swallow empty cells.
	cr.TrimLeadingSpace = cr.Comma != '\t'
	cr.ReuseRecord = true

	var count fileCount
	b := tableBuilder{count: &count}
	for n := 0; ; n++ {
		if n%ctxCheckEvery == 0 {
			if err := ctxErr(ctx); err != nil {
				return Table{}, err
			}
		}
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line := pe.StartLine
				if line < 1 {
					line = pe.Line
				}
				return Table{}, &FileError{ID: "importfile.csv_syntax", Args: []any{"Line", line}}
			}
			return Table{}, err
		}
		line, _ := cr.FieldPos(0)
		if err := b.add(line, rec); err != nil {
			return Table{}, err
		}
	}
	if len(b.rows) == 0 {
		return Table{}, &FileError{ID: "importfile.empty"}
	}
	return Table{Rows: b.rows}, nil
}

// isUTF16 reports a UTF-16 file: by its byte order mark, or, without one, by the zero bytes
// that every second byte of Latin text is in UTF-16.
func isUTF16(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return true
	}
	head := data[:min(len(data), 512)]
	if len(head) < 4 {
		return false
	}
	var even, odd int
	for i, c := range head {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	return max(even, odd) > len(head)/4
}

// firstInvalidLine is the 1-based line of the first byte that is not UTF-8.
func firstInvalidLine(data []byte) int {
	line := 1
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		i += n
	}
	return line
}

// sniffDelimiter picks comma, semicolon or tab, whichever the first non-empty line holds most
// of outside quotes; comma on ties. A quoted header cell may span lines: the line ends at the
// first line break outside quotes.
func sniffDelimiter(data []byte) rune {
	counts := map[byte]int{}
	inQuotes, started := false, false
	for _, c := range data {
		if !started {
			if c == ' ' || c == '\r' || c == '\n' {
				continue
			}
			started = true
		}
		if c == '"' {
			inQuotes = !inQuotes
			continue
		}
		if inQuotes {
			continue
		}
		if c == '\n' || c == '\r' {
			break
		}
		if c == ',' || c == ';' || c == '\t' {
			counts[c]++
		}
	}
	best := byte(',')
	for _, c := range []byte{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
}
