package transfer

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// headerSearchRows is how far down a sheet its header may be: the bank's files put a title,
// the office and the date above it.
const headerSearchRows = 30

// SheetMapping is how one sheet's columns are read: which row is the header, what the sheet
// holds, and which field each column gives ("" for a column the import leaves aside).
type SheetMapping struct {
	Sheet      string
	Kind       Kind // "" when nothing was recognised
	HeaderLine int  // 0 when no header was found
	Header     []string
	Columns    []string
	Remembered bool // Columns are the ones a clerk confirmed for a file with this header before
}

// Recognise finds a table's header row, what kind of records it holds and the field of each
// column, from the column titles alone.
func Recognise(t Table) SheetMapping {
	m := SheetMapping{Sheet: t.Sheet}
	best := 1 // a header names at least two known columns
	for i, row := range t.Rows {
		if i >= headerSearchRows {
			break
		}
		n := 0
		for _, c := range row.Cells {
			if len(candidates(c)) > 0 {
				n++
			}
		}
		if n > best {
			best, m.HeaderLine, m.Header = n, row.Line, append([]string(nil), row.Cells...)
		}
	}
	if m.HeaderLine == 0 {
		return m
	}
	bestScore := -1
	for _, k := range Kinds {
		cols := matchColumns(k, m.Header)
		score := 0
		for _, key := range cols {
			if key != "" && !borrowed[k][key] {
				score++
			}
		}
		// The kind that reads the most columns; between kinds that read as many, the one
		// whose required columns are all there. A loans file missing its date column is still
		// a loans file, to be told what it lacks, not a households file of one column.
		score *= 10
		if len(missing(k, cols)) == 0 {
			score += 5
		}
		if score > bestScore {
			bestScore, m.Kind, m.Columns = score, k, cols
		}
	}
	return m
}

// borrowed are the columns a kind reads that belong to another kind: the bank's loan file
// carries its household, group and place. They do not make a sheet a loans sheet, or a
// households list with its village and group names would be taken for one.
var borrowed = map[Kind]map[string]bool{
	KindLoans: {"customer_name": true, "gender": true, "birth_year": true, "id_number": true, "phone": true,
		"category": true, "ethnicity": true, "commune_code": true, "commune_name": true, "village_code": true,
		"village_name": true, "group_name": true, "association": true},
}

// matchColumns gives each header cell the first field of kind k it may name that no earlier
// column took.
func matchColumns(k Kind, header []string) []string {
	inKind := map[string]bool{}
	for _, key := range kindFields[k].all {
		inKind[key] = true
	}
	used := map[string]bool{}
	cols := make([]string, len(header))
	for i, h := range header {
		for _, key := range candidates(h) {
			if inKind[key] && !used[key] {
				cols[i], used[key] = key, true
				break
			}
		}
	}
	return cols
}

// SetKind reads the sheet as kind k, matching its columns again.
func (m *SheetMapping) SetKind(k Kind) {
	m.Kind, m.Remembered = k, false
	m.Columns = matchColumns(k, m.Header)
}

// SetColumn makes column i give field key ("" to leave it aside); a column that gave the same
// field before gives nothing now, since one field comes from one column.
func (m *SheetMapping) SetColumn(i int, key string) {
	if key != "" {
		for j, have := range m.Columns {
			if have == key {
				m.Columns[j] = ""
			}
		}
	}
	m.Columns[i] = key
	m.Remembered = false
}

// Missing lists the kind's required fields no column gives.
func (m SheetMapping) Missing() []string {
	if m.Kind == "" {
		return nil
	}
	return missing(m.Kind, m.Columns)
}

func missing(k Kind, cols []string) []string {
	have := map[string]bool{}
	for _, c := range cols {
		have[c] = true
	}
	var out []string
	for _, r := range kindFields[k].required {
		if !have[r] {
			out = append(out, r)
		}
	}
	return out
}

// Signature identifies files laid out like this sheet: the same header, whatever the case,
// diacritics or spacing of its titles. A mapping a clerk confirms is remembered under it.
func (m SheetMapping) Signature() string {
	keys := make([]string, len(m.Header))
	for i, h := range m.Header {
		keys[i] = headerKey(h)
	}
	sum := sha256.Sum256([]byte(strings.Join(keys, "\x1f")))
	return hex.EncodeToString(sum[:12])
}

// Remember applies columns a clerk confirmed before for this header, when they still fit it.
func (m *SheetMapping) Remember(kind Kind, columns []string) {
	if len(columns) != len(m.Header) || kindFields[kind].all == nil {
		return
	}
	for _, c := range columns {
		if _, ok := fields[c]; c != "" && !ok {
			return
		}
	}
	m.Kind, m.Columns, m.Remembered = kind, append([]string(nil), columns...), true
}

// Stored is what is remembered of a confirmed mapping: the kind, then the columns.
func (m SheetMapping) Stored() []string { return append([]string{string(m.Kind)}, m.Columns...) }

// Restore applies a remembered mapping as Stored wrote it.
func (m *SheetMapping) Restore(stored []string) {
	if len(stored) == 0 {
		return
	}
	m.Remember(Kind(stored[0]), stored[1:])
}
