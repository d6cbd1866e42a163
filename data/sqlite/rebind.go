package sqlite

import (
	"database/sql/driver"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// The store's SQL is written with SQLite's parameters: ?, ?N and :name (with sql.Named).
// PostgreSQL (pgx) knows only $N, and binds sql.Named values by their position, silently
// ignoring the names. rebind rewrites a query once, at prepare time, and bindArgs lays the
// arguments out for it, so that the same statement text serves both engines
// (docs/postgres.md).
//
// rebind also translates the few spellings whose meaning is exactly the same and only the
// name differs, so that the store's SQL needs no second copy for them:
//   - SQLite's scalar max(a, b, …) and min(a, b, …) — the forms with two or more arguments;
//     with one they are the aggregates — are PostgreSQL's greatest and least (which skip a
//     NULL argument where SQLite's return NULL: the store passes none);
//   - instr(a, b) is strpos(a, b);
//   - a unary + before a column (ORDER BY +b.sort_key, AND +e.value_date <= …), SQLite's way
//     of keeping the planner off an index, is dropped: PostgreSQL has no unary + for text;
//     so is INDEXED BY name, its way of choosing one;
//   - an empty IN () list is a comparison with an empty array, COLLATE BINARY is COLLATE "C";
//   - group_concat is string_agg, with the order PostgreSQL needs written in a comment SQLite
//     skips (pgOnly) — an ORDER BY inside SQLite's aggregate costs its packed readers a third
//     more time — and printf is format, %d written %s.
//   - json_extract(column, '$.Key') is (column::jsonb ->> 'Key').
// Everything else that differs is written out in the SQL itself (booleans as numbers).

// boundQuery is a query rewritten for PostgreSQL.
type boundQuery struct {
	text string
	// params[i] says where $i+1 takes its value: the argument of that ordinal (SQLite binds an
	// unnamed argument to the parameter of its position), or the named argument.
	params []string // "" for positional
}

// rebind turns SQLite's parameters into PostgreSQL's, numbering them as SQLite does: ?N is
// parameter N; ? and a :name seen for the first time take one more than the largest number so
// far; a :name seen before keeps its number. Text inside quotes, comments and dollar-quoted
// bodies is left alone.
func rebind(q string) (boundQuery, error) {
	var out []byte
	var params []string
	names := map[string]int{}
	use := func(n int, name string) {
		for len(params) < n {
			params = append(params, "")
		}
		params[n-1] = name
		out = append(out, '$')
		out = strconv.AppendInt(out, int64(n), 10)
	}
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) {
				if q[j] == c {
					if j+1 < len(q) && q[j+1] == c { // '' or "" inside
						j += 2
						continue
					}
					break
				}
				j++
			}
			if j >= len(q) {
				return boundQuery{}, fmt.Errorf("rebind: unterminated %c in %q", c, q)
			}
			out = append(out, q[i:j+1]...)
			i = j + 1
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := i
			for j < len(q) && q[j] != '\n' {
				j++
			}
			out = append(out, q[i:j]...)
			i = j
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			j := i + 2
			for j+1 < len(q) && !(q[j] == '*' && q[j+1] == '/') {
				j++
			}
			if j+1 >= len(q) {
				return boundQuery{}, fmt.Errorf("rebind: unterminated comment in %q", q)
			}
			if strings.HasPrefix(q[i:], pgOnly) {
				out = append(out, q[i+len(pgOnly):j]...) // PostgreSQL's text, a comment to SQLite
			} else {
				out = append(out, q[i:j+2]...)
			}
			i = j + 2
		case c == '$' && i+1 < len(q) && (q[i+1] == '$' || isIdentStart(q[i+1])):
			// A dollar-quoted body ($$…$$ or $tag$…$tag$), as in a migration's functions.
			j := i + 1
			for j < len(q) && q[j] != '$' && isIdentPart(q[j]) {
				j++
			}
			if j >= len(q) || q[j] != '$' {
				out = append(out, c)
				i++
				continue
			}
			tag := q[i : j+1]
			end := indexFrom(q, tag, j+1)
			if end < 0 {
				return boundQuery{}, fmt.Errorf("rebind: unterminated %s in %q", tag, q)
			}
			out = append(out, q[i:end+len(tag)]...)
			i = end + len(tag)
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			if j > i+1 {
				n, err := strconv.Atoi(q[i+1 : j])
				if err != nil || n < 1 || n > 32766 {
					return boundQuery{}, fmt.Errorf("rebind: bad parameter %s in %q", q[i:j], q)
				}
				use(n, paramName(params, n))
			} else {
				use(len(params)+1, "")
			}
			i = j
		case c == ':' && i+1 < len(q) && isIdentStart(q[i+1]) && (i == 0 || q[i-1] != ':'):
			j := i + 1
			for j < len(q) && isIdentPart(q[j]) {
				j++
			}
			name := q[i+1 : j]
			n, ok := names[name]
			if !ok {
				n = len(params) + 1
				names[name] = n
			}
			use(n, name)
			i = j
		case isIdentStart(c) && (i == 0 || !isIdentPart(q[i-1]) && q[i-1] != '.'):
			j := i + 1
			for j < len(q) && isIdentPart(q[j]) {
				j++
			}
			if text, next, ok := emptyIn(q, i, j, &out); ok {
				out = append(out, text...)
				i = next
				continue
			}
			word, next, err := translateFunc(q, i, j)
			if err != nil {
				return boundQuery{}, err
			}
			out = append(out, word...)
			i = next
		case c == '+' && i+1 < len(q) && isIdentStart(q[i+1]) && unaryContext(out):
			i++ // the hint goes; the column stays
		default:
			out = append(out, c)
			i++
		}
	}
	return boundQuery{text: string(out), params: params}, nil
}

// pgOnly opens a comment whose text is PostgreSQL's alone: SQLite skips it, the connection
// puts its text in the statement. It writes what only PostgreSQL needs beside the shared SQL,
// as an aggregate's order: group_concat(x, ';' /*pg: ORDER BY e.id */).
const pgOnly = "/*pg:"

// translateFunc is the word q[i:j] as PostgreSQL spells it, and where the statement goes on
// after it: a call of SQLite's scalar max or min becomes greatest or least, instr becomes
// strpos, group_concat becomes string_agg (its order must be written in a pgOnly comment:
// PostgreSQL's is otherwise unspecified, and a packed ledger out of order is wrong, not slow),
// printf becomes format with its %d written %s; any other word stays.
func translateFunc(q string, i, j int) (string, int, error) {
	word := q[i:j]
	var lower [12]byte
	if len(word) > len(lower) {
		return word, j, nil
	}
	for k := range len(word) {
		lower[k] = word[k]
		if 'A' <= word[k] && word[k] <= 'Z' {
			lower[k] += 'a' - 'A'
		}
	}
	name := string(lower[:len(word)])
	switch name {
	case "max", "min", "instr", "group_concat", "printf", "in", "collate", "json_extract", "indexed":
	default:
		return word, j, nil
	}
	k := j
	for k < len(q) && (q[k] == ' ' || q[k] == '\t' || q[k] == '\n') {
		k++
	}
	if name == "collate" {
		// SQLite's BINARY, bytewise, is PostgreSQL's "C": a code compared or searched as bytes
		// whatever the collation of its column (nocase).
		if e := k + len("binary"); e <= len(q) && strings.EqualFold(q[k:e], "binary") && (e == len(q) || !isIdentPart(q[e])) {
			return word + ` "C"`, e, nil
		}
		return word, j, nil
	}
	if name == "indexed" {
		// SQLite's INDEXED BY name picks the index a read walks and changes no result;
		// PostgreSQL has no such clause and plans its own: the hint goes, as the unary + does.
		if e := k + len("by"); e < len(q) && strings.EqualFold(q[k:e], "by") && !isIdentPart(q[e]) {
			for e < len(q) && (q[e] == ' ' || q[e] == '\t' || q[e] == '\n') {
				e++
			}
			n := e
			for n < len(q) && isIdentPart(q[n]) {
				n++
			}
			if n > e {
				return "", n, nil
			}
		}
		return word, j, nil
	}
	if k >= len(q) || q[k] != '(' {
		return word, j, nil
	}
	switch name {
	case "json_extract":
		// json_extract(column, '$.Key') of a text value is (column::jsonb ->> 'Key'); only that
		// form is taken, anything else is refused rather than guessed.
		m := jsonExtract.FindStringSubmatch(q[k:])
		if m == nil {
			return "", 0, fmt.Errorf("rebind: json_extract other than (column, '$.Key') in %q", q)
		}
		return "(" + m[1] + "::jsonb ->> '" + m[2] + "')", k + len(m[0]), nil
	case "in":
		return word, j, nil // an empty list is handled by emptyIn
	case "instr":
		return "strpos", j, nil
	case "group_concat":
		end, _ := parenSpan(q, k)
		if end < 0 || !strings.Contains(q[k:end], pgOnly+" ORDER BY") {
			return "", 0, fmt.Errorf("rebind: group_concat without /*pg: ORDER BY … */ in %q: PostgreSQL would pack it in any order", q)
		}
		return "string_agg", j, nil
	case "printf":
		// The format is the first argument, a literal: %d and %s print an integer alike.
		m := k + 1
		for m < len(q) && (q[m] == ' ' || q[m] == '\t' || q[m] == '\n') {
			m++
		}
		if m >= len(q) || q[m] != '\'' {
			return "", 0, fmt.Errorf("rebind: printf with a format that is not a literal in %q", q)
		}
		e := strings.IndexByte(q[m+1:], '\'')
		if e < 0 {
			return "", 0, fmt.Errorf("rebind: unterminated %q", q[m:])
		}
		e += m + 1
		return "format" + q[j:m] + strings.ReplaceAll(q[m:e+1], "%d", "%s"), e + 1, nil
	}
	if _, commas := parenSpan(q, k); commas == 0 {
		return word, j, nil // the aggregate
	}
	if name == "max" {
		return "greatest", j, nil
	}
	return "least", j, nil
}

// emptyIn translates an empty list, as one built from no ids gives: SQLite takes x IN () as
// false and x NOT IN () as true; PostgreSQL's grammar has no empty list, and an empty subquery
// would need a type. An empty array takes x's type: x = ANY ('{}') is false, x <> ALL ('{}')
// true. The NOT already written goes.
func emptyIn(q string, i, j int, out *[]byte) (string, int, bool) {
	if j-i != 2 || !strings.EqualFold(q[i:j], "in") {
		return "", 0, false
	}
	m := j
	for m < len(q) && (q[m] == ' ' || q[m] == '\t' || q[m] == '\n') {
		m++
	}
	if m >= len(q) || q[m] != '(' {
		return "", 0, false
	}
	m++
	for m < len(q) && (q[m] == ' ' || q[m] == '\t' || q[m] == '\n') {
		m++
	}
	if m >= len(q) || q[m] != ')' {
		return "", 0, false
	}
	o := strings.TrimRight(string(*out), " \t\n")
	if len(o) >= 3 && strings.EqualFold(o[len(o)-3:], "not") && (len(o) == 3 || !isIdentPart(o[len(o)-4])) {
		*out = []byte(o[:len(o)-3])
		return "<> ALL ('{}')", m + 1, true
	}
	return "= ANY ('{}')", m + 1, true
}

// jsonExtract is json_extract's arguments in the one form translated: a column and a top-level
// key.
var jsonExtract = regexp.MustCompile(`^\(\s*([A-Za-z_][A-Za-z_0-9.]*)\s*,\s*'\$\.([A-Za-z_][A-Za-z_0-9]*)'\s*\)`)

// parenSpan reads the parenthesis at q[open]: the index of the one closing it (-1 if none) and
// the commas directly inside it, not those of nested calls or quoted text.
func parenSpan(q string, open int) (end, commas int) {
	depth := 0
	for k := open; k < len(q); k++ {
		switch q[k] {
		case '\'', '"':
			quote := q[k]
			for k++; k < len(q) && q[k] != quote; k++ {
			}
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return k, commas
			}
		case ',':
			if depth == 1 {
				commas++
			}
		}
	}
	return -1, commas
}

// unaryContext reports whether a + written next would be unary: after an opening parenthesis,
// a comma, or a keyword that cannot end an operand.
func unaryContext(out []byte) bool {
	k := len(out)
	for k > 0 && (out[k-1] == ' ' || out[k-1] == '\t' || out[k-1] == '\n') {
		k--
	}
	if k == 0 {
		return true
	}
	if out[k-1] == '(' || out[k-1] == ',' {
		return true
	}
	j := k
	for j > 0 && isIdentPart(out[j-1]) {
		j--
	}
	switch string(out[j:k]) {
	case "BY", "AND", "OR", "WHERE", "ON", "NOT", "WHEN", "THEN", "ELSE", "SELECT":
		return true
	}
	return false
}

// paramName keeps the name of a parameter already numbered (?N after :name refers to it).
func paramName(params []string, n int) string {
	if n <= len(params) {
		return params[n-1]
	}
	return ""
}

func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isIdentPart(c byte) bool  { return isIdentStart(c) || c >= '0' && c <= '9' }

func indexFrom(s, sub string, from int) int {
	for i := from; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// bindArgs lays out args for the rewritten query: $i takes the named argument of its name, or
// the unnamed argument of ordinal i, as SQLite binds them. A parameter with no argument is an
// error (SQLite would bind NULL silently: an error is safer), and so is an unnamed argument no
// parameter takes; a named one no parameter takes is ignored, as SQLite ignores it (a query
// built from parts passes every name its parts may use).
func (b boundQuery) bindArgs(args []driver.NamedValue) ([]driver.NamedValue, error) {
	if len(b.params) == 0 && len(args) == 0 {
		return args, nil
	}
	out := make([]driver.NamedValue, len(b.params))
	used := make([]bool, len(args))
	for i, name := range b.params {
		found := false
		for k, a := range args {
			if (name != "" && a.Name == name) || (name == "" && a.Name == "" && a.Ordinal == i+1) {
				out[i] = driver.NamedValue{Ordinal: i + 1, Value: a.Value}
				used[k], found = true, true
				break
			}
		}
		if !found {
			if name != "" {
				return nil, fmt.Errorf("rebind: no argument named %s for %q", name, b.text)
			}
			return nil, fmt.Errorf("rebind: no argument %d for %q", i+1, b.text)
		}
	}
	for k, u := range used {
		if !u && args[k].Name == "" {
			return nil, fmt.Errorf("rebind: argument %d (%s) has no parameter in %q", args[k].Ordinal, args[k].Name, b.text)
		}
	}
	return out, nil
}

// rebound caches rebind per query text: the store runs a few hundred distinct statements,
// each many times. A few queries are built with numbers in their text (LIMIT n, IN lists), so
// the cache stops growing at reboundMax entries; the rest are rewritten each time.
var (
	rebound     sync.Map // string → boundQuery
	reboundSize atomic.Int64
)

const reboundMax = 4096

func rebindCached(q string) (boundQuery, error) {
	if b, ok := rebound.Load(q); ok {
		return b.(boundQuery), nil
	}
	b, err := rebind(q)
	if err != nil {
		return b, err
	}
	if reboundSize.Load() < reboundMax {
		if _, loaded := rebound.LoadOrStore(q, b); !loaded {
			reboundSize.Add(1)
		}
	}
	return b, nil
}
