package reports

import (
	"encoding/csv"
	"io"

	"golang.org/x/text/unicode/norm"

	"policycredit/translations"
)

// utf8BOM opens every CSV file: without it Excel reads the file in the machine's ANSI code
// page and Vietnamese letters come out garbled.
const utf8BOM = "\ufeff"

// csvWriter writes a report's CSV the way spreadsheets on the office's machines open it by
// double-click: UTF-8 with a BOM, CRLF line ends, and ";" between fields wherever the
// language writes a decimal comma (Vietnamese, French), since spreadsheets in those locales
// expect ";" and a "," field separator would clash with the decimal mark. English gets ",".
// The first error sticks and is returned by Close, so callers write rows without checking.
type csvWriter struct {
	w   *csv.Writer
	err error
}

func newCSV(w io.Writer, loc *translations.Localizer) *csvWriter {
	c := &csvWriter{}
	_, c.err = io.WriteString(w, utf8BOM)
	c.w = csv.NewWriter(w)
	c.w.UseCRLF = true
	if decimalMark(loc) == "," {
		c.w.Comma = ';'
	}
	return c
}

// Write adds one row, normalised to NFC like the PDF text.
func (c *csvWriter) Write(row []string) {
	if c.err != nil {
		return
	}
	out := make([]string, len(row))
	for i, s := range row {
		out[i] = norm.NFC.String(s)
	}
	c.err = c.w.Write(out)
}

// Close flushes the rows and reports the first error.
func (c *csvWriter) Close() error {
	if c.err != nil {
		return c.err
	}
	c.w.Flush()
	return c.w.Error()
}
