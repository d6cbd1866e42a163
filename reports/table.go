package reports

import (
	"io"
	"math"
	"strconv"
	"time"

	"policycredit/data"
	"policycredit/translations"
)

// A Table is the one definition of a report's or a list's rows and columns: its CSV file and
// its xlsx workbook are both written from it, so the two cannot drift apart.

// Kind is what a column holds, which decides how a spreadsheet stores and formats it.
type Kind uint8

const (
	KindText    Kind = iota
	KindInteger      // counts, days: a number with no decimals
	KindMoney        // đồng: a whole number shown with thousands separators
	KindDate         // a real date, shown dd/mm/yyyy
	KindPercent      // a ratio or a rate, stored as a fraction and shown as a percentage
)

// Column is one column of a table: its title, already in the reader's language, and its
// kind. Choices, when set, are the only values the column takes: the workbook offers them in
// a drop-down list on the column's data cells and refuses a typed value not among them, as a
// blank import template needs (programs, associations, categories).
type Column struct {
	Title   string
	Kind    Kind
	Choices []string
	// Decimals, for a percent column, has CSV write every ratio with that many decimals and
	// a ratio of nothing (0/0) as zero, as the summaries' CSV files and JSON always have;
	// 0 writes the shortest fraction and leaves 0/0 empty. A workbook leaves 0/0 empty either way.
	Decimals int
}

// Cell is one typed value; make it with Text, Int, Money, Day or Ratio. The zero Cell is an
// empty cell. It is kept small (a whole ledger may be a million rows): n holds the integer,
// the date as days since 1 January 1970, or a ratio's float64 bits.
type Cell struct {
	text string
	n    int64
	kind Kind
	set  bool
}

// excelEpochDays is 1 January 1970 as an Excel date serial (days since 30 December 1899).
const excelEpochDays = 25569

// Text is a text cell.
func Text(s string) Cell { return Cell{kind: KindText, text: s, set: s != ""} }

// Int is a whole-number cell.
func Int(n int64) Cell { return Cell{kind: KindInteger, n: n, set: true} }

// Money is an amount in đồng, kept as an integer so a spreadsheet sums it exactly.
func Money(d data.Dong) Cell { return Cell{kind: KindMoney, n: int64(d), set: true} }

// Day is a date cell; the zero date is an empty cell.
func Day(d data.Date) Cell {
	if d.IsZero() {
		return Cell{kind: KindDate}
	}
	return Cell{kind: KindDate, n: d.Time().Unix() / 86400, set: true}
}

// date is a date cell's date.
func (c Cell) date() data.Date { return data.DateOf(time.Unix(c.n*86400, 0).UTC()) }

// Ratio is num/den as a percentage; a zero denominator is an empty cell rather than a
// division by zero. The float is for display only: no money is computed from it.
func Ratio(num, den int64) Cell {
	if den == 0 {
		return Cell{kind: KindPercent}
	}
	return Cell{kind: KindPercent, n: int64(math.Float64bits(float64(num) / float64(den))), set: true}
}

func (c Cell) ratio() float64 { return math.Float64frombits(uint64(c.n)) }

// Table is a list to export: the name of its workbook sheet and its columns in the reader's
// language, and its rows.
type Table struct {
	Name    string
	Columns []Column
	Rows    [][]Cell
}

// WriteCSV writes the table as CSV the way the other exports do (BOM, ";" where the language
// writes a decimal comma): exact đồng as digits, dates as YYYY-MM-DD, ratios as a fraction
// with a dot, so that any spreadsheet reads them as numbers and dates.
func (t Table) WriteCSV(w io.Writer, loc *translations.Localizer) error {
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Title
	}
	c := newCSV(w, loc)
	c.Write(header)
	row := make([]string, len(t.Columns))
	for _, r := range t.Rows {
		for i := range row {
			row[i] = ""
			if i < len(r) {
				row[i] = csvText(t.Columns[i], r[i])
			}
		}
		c.Write(row)
	}
	return c.Close()
}

func csvText(col Column, c Cell) string {
	if c.kind == KindPercent && col.Decimals > 0 {
		return strconv.FormatFloat(c.ratio(), 'f', col.Decimals, 64) // an empty ratio's bits are 0.0
	}
	if !c.set {
		return ""
	}
	switch c.kind {
	case KindInteger, KindMoney:
		return strconv.FormatInt(c.n, 10)
	case KindDate:
		return c.date().String()
	case KindPercent:
		return strconv.FormatFloat(c.ratio(), 'f', -1, 64)
	}
	return c.text
}
