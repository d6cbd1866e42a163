package reports

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

// sheetRows is Excel's limit of rows on a sheet (a variable so that tests can lower it).
var sheetRows = 1048576

const (
	maxSheetName = 31 // Excel's limit on a sheet name, in characters
	maxColWidth  = 60 // characters: a longer text runs under the next column rather than widen its own
	minColWidth  = 6
)

// The number formats: built-in 3 is "#,##0", which Excel shows with the reader's own
// thousands separator, so one file reads right in every locale.
const (
	numFmtInteger = 1 // "0"
	numFmtMoney   = 3 // "#,##0"
	numFmtPercent = 10
)

const dateFormat = "dd/mm/yyyy"

// WriteXLSX writes tables as one workbook, a sheet per table (a table longer than a sheet
// continues on the next), each with a bold frozen header row, an autofilter and fitted widths.
func WriteXLSX(w io.Writer, tables ...Table) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	used := map[string]bool{listsSheet: true} // a table named like the lists' sheet gets " 2"
	lists := &choiceLists{ranges: map[string]string{}}
	first := true
	for _, t := range tables {
		rows := t.Rows
		part := 1
		for {
			n := len(rows)
			if n > sheetRows-1 {
				n = sheetRows - 1
			}
			name := sheetName(t.Name, part, used)
			if first {
				// a new workbook comes with one empty sheet: rename it rather than leave it.
				if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
					return err
				}
				first = false
			} else if _, err := f.NewSheet(name); err != nil {
				return err
			}
			if err := addChoices(f, lists, name, t.Columns, n); err != nil {
				return err
			}
			if err := writeSheet(f, st, name, t.Columns, rows[:n]); err != nil {
				return err
			}
			rows = rows[n:]
			part++
			if len(rows) == 0 {
				break
			}
		}
	}
	if err := lists.write(f); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

// listsSheet is the hidden sheet holding the drop-down lists too long to write inline.
const listsSheet = "_lists"

// Data validation limits: Excel takes an inline list of at most 255 characters, commas
// included, and at least the rows of a blank template are offered the list.
const (
	maxInlineList  = 255
	choiceLastRow  = 10000
	choiceFirstRow = 2 // below the header
)

// choiceLists are the long lists of a workbook, each a column of the hidden sheet, shared by
// every column (and continuation sheet) offering the same list.
type choiceLists struct {
	columns [][]string
	ranges  map[string]string // the list, joined by a newline, to its range on the hidden sheet
}

// ref is the range of the hidden sheet holding choices, adding a column the first time.
func (l *choiceLists) ref(choices []string) string {
	key := strings.Join(choices, "\n")
	if r, ok := l.ranges[key]; ok {
		return r
	}
	l.columns = append(l.columns, choices)
	col, _ := excelize.ColumnNumberToName(len(l.columns))
	r := fmt.Sprintf("%s!$%s$1:$%s$%d", listsSheet, col, col, len(choices))
	l.ranges[key] = r
	return r
}

// write adds the hidden sheet when some list needed it. It comes last, so that it is never
// the first or the active sheet.
func (l *choiceLists) write(f *excelize.File) error {
	if len(l.columns) == 0 {
		return nil
	}
	if _, err := f.NewSheet(listsSheet); err != nil {
		return err
	}
	for c, choices := range l.columns {
		for r, v := range choices {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellStr(listsSheet, cell, v); err != nil {
				return err
			}
		}
	}
	return f.SetSheetVisible(listsSheet, false)
}

// cleanChoices are the non-empty choices in NFC, each once, in their order.
func cleanChoices(choices []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range choices {
		c = norm.NFC.String(c)
		if c == "" || seen[c] {
			continue
		}
		seen[c] = true
		out = append(out, c)
	}
	return out
}

// inlineList says whether choices fit an inline list: 255 characters (UTF-16 units, as
// Excel counts) joined by commas, none holding a comma, which would split it.
func inlineList(choices []string) bool {
	n := len(choices) - 1
	for _, c := range choices {
		if strings.ContainsRune(c, ',') {
			return false
		}
		n += len(utf16.Encode([]rune(c)))
	}
	return n <= maxInlineList
}

// addChoices puts a drop-down list on the data cells of each column with choices, from row 2
// to row 10,000 or the last row written, with a stop alert for a value not in the list.
// It must come before the sheet is streamed: the stream writer carries it into the file.
func addChoices(f *excelize.File, lists *choiceLists, sheet string, cols []Column, rows int) error {
	last := choiceLastRow
	if rows+1 > last {
		last = rows + 1
	}
	for i, c := range cols {
		choices := cleanChoices(c.Choices)
		if len(choices) == 0 {
			continue
		}
		from, _ := excelize.CoordinatesToCellName(i+1, choiceFirstRow)
		to, _ := excelize.CoordinatesToCellName(i+1, last)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = from + ":" + to
		if inlineList(choices) {
			if err := dv.SetDropList(choices); err != nil {
				return err
			}
		} else {
			dv.SetSqrefDropList(lists.ref(choices))
		}
		// A stop alert with Excel's own message, in the reader's Excel language.
		stop := "stop"
		dv.ShowErrorMessage, dv.ErrorStyle = true, &stop
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return err
		}
	}
	return nil
}

// xlsxStyles are the style IDs of one workbook.
type xlsxStyles struct {
	header int
	byKind map[Kind]int
}

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	st := xlsxStyles{byKind: map[Kind]int{}}
	var err error
	if st.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return st, err
	}
	df := dateFormat
	for kind, s := range map[Kind]*excelize.Style{
		KindInteger: {NumFmt: numFmtInteger},
		KindMoney:   {NumFmt: numFmtMoney},
		KindDate:    {CustomNumFmt: &df},
		KindPercent: {NumFmt: numFmtPercent},
	} {
		if st.byKind[kind], err = f.NewStyle(s); err != nil {
			return st, err
		}
	}
	return st, nil
}

// sheetName is a table's sheet name cut to Excel's 31 characters, with " 2", " 3"… for a
// continuation or a name already taken, and without the characters Excel refuses.
func sheetName(name string, part int, used map[string]bool) string {
	clean := []rune{}
	for _, r := range norm.NFC.String(name) {
		switch r {
		case ':', '\\', '/', '?', '*', '[', ']':
			r = ' '
		}
		clean = append(clean, r)
	}
	if len(clean) == 0 {
		clean = []rune("Sheet")
	}
	for n := part; ; n++ {
		suffix := ""
		if n > 1 {
			suffix = " " + strconv.Itoa(n)
		}
		base := clean
		if max := maxSheetName - len(suffix); len(base) > max {
			base = base[:max]
		}
		s := string(base) + suffix
		if !used[s] {
			used[s] = true
			return s
		}
	}
}

// writeSheet streams one sheet: widths and the frozen pane must come before the rows.
func writeSheet(f *excelize.File, st xlsxStyles, sheet string, cols []Column, rows [][]Cell) error {
	if len(cols) > 0 {
		// Set on the empty sheet, before streaming: the stream writer carries it into the file,
		// whereas setting it afterwards would read the whole streamed sheet back into memory.
		last, _ := excelize.CoordinatesToCellName(len(cols), len(rows)+1)
		if err := f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, w := range columnWidths(cols, rows) {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{StyleID: st.header, Value: norm.NFC.String(c.Title)}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	values := make([]any, len(cols))
	for r, row := range rows {
		for i := range values {
			values[i] = nil
			if i < len(row) {
				values[i] = cellValue(st, row[i])
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, values); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// cellValue is what the stream writer stores: int64 for money and counts (never a float),
// Excel's date serial for a date.
func cellValue(st xlsxStyles, c Cell) any {
	if !c.set {
		return nil
	}
	switch c.kind {
	case KindInteger, KindMoney:
		return excelize.Cell{StyleID: st.byKind[c.kind], Value: c.n}
	case KindDate:
		return excelize.Cell{StyleID: st.byKind[KindDate], Value: c.n + excelEpochDays}
	case KindPercent:
		return excelize.Cell{StyleID: st.byKind[KindPercent], Value: c.ratio()}
	}
	return norm.NFC.String(c.text)
}

// columnWidths fits each column to its longest header or cell as shown, within bounds.
func columnWidths(cols []Column, rows [][]Cell) []float64 {
	out := make([]float64, len(cols))
	for i, c := range cols {
		n := utf8.RuneCountInString(c.Title) + 3 // room for the autofilter's arrow
		for _, row := range rows {
			if i < len(row) {
				if l := shownLength(row[i]); l > n {
					n = l
				}
			}
		}
		n++ // a little air
		if n < minColWidth {
			n = minColWidth
		}
		if n > maxColWidth {
			n = maxColWidth
		}
		out[i] = float64(n)
	}
	return out
}

// shownLength is about how many characters a cell takes on screen in its number format.
func shownLength(c Cell) int {
	if !c.set {
		return 0
	}
	switch c.kind {
	case KindInteger:
		return len(strconv.FormatInt(c.n, 10))
	case KindMoney:
		s := strconv.FormatInt(c.n, 10)
		return len(s) + (len(s)-1)/3 // with a separator every three digits
	case KindDate:
		return len(dateFormat)
	case KindPercent:
		return 8
	}
	return utf8.RuneCountInString(c.text)
}
