package transfer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	pathpkg "path"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// maxUnzipped bounds what a workbook may unpack to, all its parts together, by the sizes its
// zip directory declares (archive/zip refuses a part that unpacks to more than it declared):
// a million rows of a ledger sheet take about 400 MB of XML, so 1 GB leaves MaxRows reachable
// while a crafted file cannot fill memory. excelize also allocates each part's declared size
// up front, so the sizes are checked here before excelize sees the file.
const maxUnzipped = 1 << 30

// maxZipRatio is the most a part of more than zipRatioFloor bytes may unpack to per byte
// packed. Sheets pack 12 to 20 times (measured on 200,000 rows each of ledger entries, of
// empty styled cells and of one letter repeated, as excelize writes them); a part declaring
// ten times that holds no list a clerk typed: it is a zip bomb or a damaged directory.
const (
	maxZipRatio   = 200
	zipRatioFloor = 1 << 20
)

// oleSignature starts a Compound File: an old .xls, or an .xlsx protected by a password
// (Excel wraps those in one). The import takes no password, so such a file cannot be read:
// it is refused before excelize parses the wrapper and tries an empty password, work on
// outside input that cannot succeed.
var oleSignature = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

// ReadXLSX reads every sheet of an Excel workbook (.xlsx, .xlsm) in workbook order, leaving out
// sheets with no non-empty cell. Cells come as text: text as typed; numbers as plain decimals
// (an ID number typed as a number gives its digits, never 1.23457E+11); cells formatted as a
// date as YYYY-MM-DD; booleans as TRUE or FALSE; formulas as their saved result, or the result
// computed when the file has none.
//
// Refusals: importfile.not_xlsx (not a workbook, an old .xls, an encrypted file),
// importfile.empty (no sheet holds anything), importfile.merged (Sheet, Range: merged cells
// must be unmerged first), importfile.huge_cell (Sheet, Line, Column),
// importfile.too_many_rows, importfile.too_many_columns (Sheet, Line, Max),
// importfile.too_large (Max), importfile.unzips_too_large (Max) and importfile.too_slow
// (Minutes, when ReadFile's time limit ends ctx).
//
// excelize opens and checks the workbook and answers for styles and formulas; the sheets' cells
// are read in one streaming pass over their XML here, as loading a worksheet into excelize's
// model costs seconds for a sheet of ten thousand borrowers.
func ReadXLSX(ctx context.Context, r io.Reader) (tables []Table, err error) {
	// The workbook is outside input for third-party parsers: a panic in one is a bad file.
	defer func() {
		if p := recover(); p != nil {
			tables, err = nil, &FileError{ID: "importfile.not_xlsx"}
		}
	}()
	notXLSX := &FileError{ID: "importfile.not_xlsx"}
	content, err := readAll(r)
	if err != nil {
		return nil, err
	}
	if bytes.HasPrefix(content, oleSignature) {
		return nil, notXLSX
	}
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return nil, notXLSX
	}
	if err := checkUnzipSizes(zr); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(content), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped})
	if err != nil {
		return nil, notXLSX
	}
	defer f.Close()
	x := xlsxReader{ctx: ctx, f: f, files: map[string]*zip.File{}, dateStyle: map[int]bool{}}
	for _, zf := range zr.File {
		x.files[strings.TrimPrefix(zf.Name, "/")] = zf
	}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		x.date1904 = *props.Date1904
	}
	sheets, err := x.sheetPaths()
	if err != nil || len(sheets) == 0 {
		return nil, x.fileErr(err)
	}
	if x.sst, err = x.sharedStrings(); err != nil {
		return nil, x.fileErr(err)
	}
	var count fileCount
	for _, sh := range sheets {
		if visible, err := f.GetSheetVisible(sh.name); err == nil && !visible {
			// A hidden sheet holds a workbook's own lists (our templates' drop-down values),
			// not records a clerk typed.
			continue
		}
		b := tableBuilder{sheet: sh.name, count: &count}
		if err := x.readSheet(&b, sh.path); err != nil {
			return nil, err
		}
		if len(b.rows) > 0 {
			tables = append(tables, Table{Sheet: sh.name, Rows: b.rows})
		}
	}
	if len(tables) == 0 {
		return nil, &FileError{ID: "importfile.empty"}
	}
	return tables, nil
}

// checkUnzipSizes refuses a workbook whose parts declare more than maxUnzipped bytes in all,
// or a large part packed tighter than maxZipRatio.
func checkUnzipSizes(zr *zip.Reader) error {
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if total > maxUnzipped || total < zf.UncompressedSize64 ||
			zf.UncompressedSize64 > zipRatioFloor && zf.UncompressedSize64/maxZipRatio > zf.CompressedSize64 {
			return &FileError{ID: "importfile.unzips_too_large", Args: []any{"Max", maxUnzipped >> 30}}
		}
	}
	return nil
}

// fileErr is err when it is a refusal of the reader's own (a FileError, a cancelled read), or
// importfile.not_xlsx for anything else a damaged workbook gives.
func (x *xlsxReader) fileErr(err error) error {
	var fe *FileError
	if errors.As(err, &fe) {
		return err
	}
	if err := ctxErr(x.ctx); err != nil {
		return err
	}
	return &FileError{ID: "importfile.not_xlsx"}
}

type xlsxReader struct {
	ctx       context.Context // checked between XML tokens and formulas; see ctxErr
	f         *excelize.File
	files     map[string]*zip.File // the package's parts by path
	sst       []string             // the shared strings
	sstHuge   map[int]bool         // shared strings cut at maxCellBytes: a cell using one is refused
	sstPath   string               // their part, named by the workbook's relationships
	date1904  bool
	dateStyle map[int]bool // style index → its number format shows a date
}

type sheetPath struct{ name, path string }

// open opens a part of the package for reading, at most maxUnzipped bytes of it.
func (x *xlsxReader) open(path string) (io.ReadCloser, error) {
	zf := x.files[strings.TrimPrefix(path, "/")]
	if zf == nil {
		return nil, fmt.Errorf("no part %s", path)
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(rc, maxUnzipped), rc}, nil
}

// each calls fn with every start element and character data of a part, prefixes dropped.
func (x *xlsxReader) each(path string, fn func(tok xml.Token) error) error {
	rc, err := x.open(path)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(bufio.NewReaderSize(rc, 64<<10))
	for n := 0; ; n++ {
		if n%ctxCheckEvery == 0 {
			if err := ctxErr(x.ctx); err != nil {
				return err
			}
		}
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(tok); err != nil {
			return err
		}
	}
}

func attr(e xml.StartElement, local string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// relTargets reads a relationships part: Id → target path, resolved against dir.
func (x *xlsxReader) relTargets(relsPath, dir string) (map[string]string, error) {
	targets := map[string]string{}
	err := x.each(relsPath, func(tok xml.Token) error {
		if e, ok := tok.(xml.StartElement); ok && e.Name.Local == "Relationship" {
			id, _ := attr(e, "Id")
			target, _ := attr(e, "Target")
			if strings.HasPrefix(target, "/") {
				targets[id] = strings.TrimPrefix(target, "/")
			} else {
				targets[id] = pathpkg.Join(dir, target)
			}
			if typ, _ := attr(e, "Type"); strings.HasSuffix(typ, "/sharedStrings") {
				x.sstPath = targets[id]
			}
		}
		return nil
	})
	return targets, err
}

// sheetPaths lists the workbook's sheets in order with the path of each one's XML.
func (x *xlsxReader) sheetPaths() ([]sheetPath, error) {
	wbPath := "xl/workbook.xml"
	_ = x.each("_rels/.rels", func(tok xml.Token) error {
		if e, ok := tok.(xml.StartElement); ok && e.Name.Local == "Relationship" {
			if typ, _ := attr(e, "Type"); strings.HasSuffix(typ, "/officeDocument") {
				target, _ := attr(e, "Target")
				wbPath = strings.TrimPrefix(target, "/")
			}
		}
		return nil
	})
	dir, base := pathpkg.Split(wbPath)
	targets, err := x.relTargets(dir+"_rels/"+base+".rels", strings.TrimSuffix(dir, "/"))
	if err != nil {
		return nil, err
	}
	var sheets []sheetPath
	err = x.each(wbPath, func(tok xml.Token) error {
		if e, ok := tok.(xml.StartElement); ok && e.Name.Local == "sheet" {
			name, _ := attr(e, "name")
			for _, a := range e.Attr {
				if a.Name.Local == "id" && a.Name.Space != "" {
					sheets = append(sheets, sheetPath{name: name, path: targets[a.Value]})
				}
			}
		}
		return nil
	})
	return sheets, err
}

// sharedStrings reads the shared string table (after sheetPaths found it): each item's text runs joined, phonetic
// readings (rPh) left out.
func (x *xlsxReader) sharedStrings() ([]string, error) {
	path := x.sstPath
	if path == "" {
		return nil, nil // a workbook with no text
	}
	var sst []string
	var cur strings.Builder
	inT, inPh, huge := false, false, false
	err := x.each(path, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				cur.Reset()
				huge = false
			case "t":
				inT = !inPh
			case "rPh":
				inPh = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				if huge {
					if x.sstHuge == nil {
						x.sstHuge = map[int]bool{}
					}
					x.sstHuge[len(sst)] = true
				}
				sst = append(sst, unescapeOOXML(cur.String()))
			case "t":
				inT = false
			case "rPh":
				inPh = false
			}
		case xml.CharData:
			// An item is kept only up to maxCellBytes: a string no cell may hold need not fill
			// memory, and a cell that uses it is refused as huge (cellText).
			if inT && !huge {
				if cur.Len()+len(t) > maxCellBytes {
					huge = true
				} else {
					cur.Write(t)
				}
			}
		}
		return nil
	})
	return sst, err
}

// readSheet reads the sheet at path into b in one pass over its XML, and refuses it when a
// merged range reaches into its used range.
func (x *xlsxReader) readSheet(b *tableBuilder, path string) error {
	notXLSX := &FileError{ID: "importfile.not_xlsx"}
	var (
		line, col, width int
		cells            []string
		typ, style       string
		value, inline    strings.Builder
		inV, inT, inPh   bool
		inIs, hasFormula bool
		merges           []string
	)
	err := x.each(path, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				line++
				if r, ok := attr(t, "r"); ok {
					n, err := strconv.Atoi(r)
					if err != nil || n < line || n > excelize.TotalRows {
						return notXLSX
					}
					line = n
				}
				cells, col = cells[:0], -1
			case "c":
				typ, _ = attr(t, "t")
				style, _ = attr(t, "s")
				col++
				if r, ok := attr(t, "r"); ok {
					c, _, err := excelize.CellNameToCoordinates(r)
					if err != nil || c-1 < col {
						return notXLSX
					}
					col = c - 1
				}
				value.Reset()
				inline.Reset()
				hasFormula = false
			case "v":
				inV = true
			case "f":
				hasFormula = true
			case "is":
				inIs = true
			case "t":
				inT = inIs && !inPh
			case "rPh":
				inPh = true
			case "mergeCell":
				if r, ok := attr(t, "ref"); ok {
					merges = append(merges, r)
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
			case "is":
				inIs = false
			case "t":
				inT = false
			case "rPh":
				inPh = false
			case "c":
				if value.Len() > maxCellBytes || inline.Len() > maxCellBytes {
					return hugeCell(b.sheet, line, col)
				}
				v, err := x.cellText(b.sheet, col, line, typ, style, value.String(), inline.String(), hasFormula)
				if err != nil {
					return err
				}
				if v != "" && col >= MaxColumns {
					if strings.TrimSpace(v) != "" {
						return tooManyColumns(b.sheet, line)
					}
					v = "" // blank past the bound: nothing to keep, no row of 16,384 cells
				}
				if v != "" {
					for len(cells) <= col {
						cells = append(cells, "")
					}
					cells[col] = v
				}
			case "row":
				if err := b.add(line, cells); err != nil {
					return err
				}
				width = max(width, len(cells))
			}
		case xml.CharData:
			// Past maxCellBytes the cell is refused when it ends; gathering more is waste.
			if inV {
				if value.Len() <= maxCellBytes {
					value.Write(t)
				}
			} else if inT && inline.Len() <= maxCellBytes {
				inline.Write(t)
			}
		}
		return nil
	})
	if err != nil {
		return x.fileErr(err)
	}
	if len(b.rows) == 0 {
		return nil
	}
	lastLine := b.rows[len(b.rows)-1].Line
	for _, m := range merges {
		first, last, _ := strings.Cut(m, ":")
		c1, r1, err1 := excelize.CellNameToCoordinates(first)
		c2, r2, err2 := excelize.CellNameToCoordinates(last)
		if err1 != nil || err2 != nil {
			return notXLSX
		}
		// Only a merge that reaches into the used range matters.
		if min(r1, r2) > lastLine || min(c1, c2) > width {
			continue
		}
		return &FileError{ID: "importfile.merged", Args: []any{"Sheet", b.sheet, "Range", m}}
	}
	return nil
}

// cellText turns a cell as stored (its type t and style s attributes, its <v> value or inline
// string) into the text an import reads.
func (x *xlsxReader) cellText(sheet string, col, line int, typ, style, v, inline string, formula bool) (string, error) {
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(x.sst) {
			return "", &FileError{ID: "importfile.not_xlsx"}
		}
		if x.sstHuge[i] {
			return "", hugeCell(sheet, line, col)
		}
		return x.sst[i], nil
	case "inlineStr":
		return unescapeOOXML(inline), nil
	case "str", "e":
		if v == "" && formula {
			return x.calc(sheet, col, line), nil
		}
		return unescapeOOXML(v), nil
	case "b":
		switch strings.TrimSpace(v) {
		case "1", "true":
			return "TRUE", nil
		case "0", "false":
			return "FALSE", nil
		}
		return v, nil
	case "d": // an ISO 8601 date and time
		if len(v) >= 10 {
			if _, err := time.Parse("2006-01-02", v[:10]); err == nil {
				return v[:10], nil
			}
		}
		return v, nil
	}
	if v == "" && formula {
		v = x.calc(sheet, col, line)
	}
	n, ok := parseNumber(v)
	if !ok {
		return v, nil
	}
	if s, err := strconv.Atoi(style); err == nil && x.isDateStyle(s) && n >= 0 {
		if t, err := excelize.ExcelDateToTime(n, x.date1904); err == nil {
			return t.Format("2006-01-02"), nil
		}
	}
	return plainNumber(n), nil
}

// calc computes a formula saved without its result (as programs, not Excel, write them);
// a formula excelize cannot compute gives an empty cell.
func (x *xlsxReader) calc(sheet string, col, line int) string {
	if x.ctx.Err() != nil {
		return "" // the read is over; readSheet's next look at ctx says why
	}
	v, err := x.f.CalcCellValue(sheet, cellName(col, line), excelize.Options{RawCellValue: true})
	if err != nil {
		return ""
	}
	return v
}

func cellName(col, line int) string {
	return columnName(col) + strconv.Itoa(line)
}

// unescapeOOXML decodes the _xHHHH_ escapes Excel writes for control characters in text
// (_x000D_ for a carriage return); _x005F_ escapes an underscore.
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if n, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				b.WriteRune(rune(n))
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// parseNumber reads a raw numeric cell value as Excel stores it.
func parseNumber(s string) (float64, bool) {
	if s == "" || len(s) > 40 {
		return 0, false
	}
	c := s[0]
	if !(c >= '0' && c <= '9' || c == '-' || c == '.' || c == '+') {
		return 0, false
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(n, 0) || math.IsNaN(n) {
		return 0, false
	}
	return n, true
}

// plainNumber writes n as a plain decimal, rounded to the 15 significant digits Excel keeps,
// with no exponent and no thousands separator: 123456789012, 1234567.5, 0.3.
func plainNumber(n float64) string {
	if n == 0 {
		return "0"
	}
	n, _ = strconv.ParseFloat(strconv.FormatFloat(n, 'g', 15, 64), 64)
	return strconv.FormatFloat(n, 'f', -1, 64)
}

// isDateStyle reports whether the cell style's number format shows a date: the built-in date
// and time formats 14–22 and 45–47, or a custom format with d, m or y outside quotes and
// brackets.
func (x *xlsxReader) isDateStyle(idx int) bool {
	if d, ok := x.dateStyle[idx]; ok {
		return d
	}
	d := false
	if st, err := x.f.GetStyle(idx); err == nil && st != nil {
		if st.CustomNumFmt != nil && *st.CustomNumFmt != "" {
			d = isDateFormat(*st.CustomNumFmt)
		} else {
			d = st.NumFmt >= 14 && st.NumFmt <= 22 || st.NumFmt >= 45 && st.NumFmt <= 47
		}
	}
	x.dateStyle[idx] = d
	return d
}

// isDateFormat reports whether a number format code shows a date or time: it has d, m or y
// (any case) outside quoted text, [brackets], and characters escaped with \, _ or *.
func isDateFormat(code string) bool {
	inQuote := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case inQuote:
			if c == '"' {
				inQuote = false
			}
		case c == '"':
			inQuote = true
		case c == '[':
			end := strings.IndexByte(code[i:], ']')
			if end < 0 {
				return false
			}
			i += end
		case c == '\\' || c == '_' || c == '*':
			i++
		default:
			switch c | 0x20 { // lower case
			case 'd', 'm', 'y':
				return true
			}
		}
	}
	return false
}
