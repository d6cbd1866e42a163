package sqlite

import (
	"database/sql"
	"database/sql/driver"
	"reflect"
	"strings"
	"testing"
)

// rebind numbers parameters as SQLite does, and leaves quoted text, comments and dollar-quoted
// bodies alone.
func TestRebind(t *testing.T) {
	for _, c := range []struct {
		in, want string
		params   []string
	}{
		{`SELECT 1`, `SELECT 1`, nil},
		{`SELECT a FROM t WHERE b = ? AND c = ?`, `SELECT a FROM t WHERE b = $1 AND c = $2`, []string{"", ""}},
		// ?N is parameter N, and may repeat; a ? after it takes one more than the largest.
		{`VALUES (?1, ?2, ?3, ?4, ?3, ?4)`, `VALUES ($1, $2, $3, $4, $3, $4)`, []string{"", "", "", ""}},
		{`VALUES (?, ?, ?10, ?11, ?10)`, `VALUES ($1, $2, $10, $11, $10)`, make([]string, 11)},
		{`SELECT ?2, ?`, `SELECT $2, $3`, []string{"", "", ""}},
		// :name takes the next number the first time, the same number after.
		{`WHERE on_ = :on AND x <= :on AND c = ?`, `WHERE on_ = $1 AND x <= $1 AND c = $2`, []string{"on", ""}},
		{`WHERE a = ? AND d >= :from AND d <= :to`, `WHERE a = $1 AND d >= $2 AND d <= $3`, []string{"", "from", "to"}},
		// Quotes, comments and bodies are not parameters.
		{`SELECT '?', 'it''s :x', "a?b", ? -- what? :y
			/* ?3 :z */ FROM t`, `SELECT '?', 'it''s :x', "a?b", $1 -- what? :y
			/* ?3 :z */ FROM t`, []string{""}},
		{`SELECT strftime('%H:%M', 'now'), ?`, `SELECT strftime('%H:%M', 'now'), $1`, []string{""}},
		{"CREATE FUNCTION f() RETURNS int AS $$ DECLARE x int := 1; BEGIN RETURN x; END $$ LANGUAGE plpgsql",
			"CREATE FUNCTION f() RETURNS int AS $$ DECLARE x int := 1; BEGIN RETURN x; END $$ LANGUAGE plpgsql", nil},
		{`SELECT $body$ ? $body$, ?`, `SELECT $body$ ? $body$, $1`, []string{""}},
		{`SELECT x::text`, `SELECT x::text`, nil},
	} {
		b, err := rebind(c.in)
		if err != nil {
			t.Errorf("rebind(%q): %v", c.in, err)
			continue
		}
		if b.text != c.want || !reflect.DeepEqual(b.params, c.params) {
			t.Errorf("rebind(%q)\n= %q %q\nwant %q %q", c.in, b.text, b.params, c.want, c.params)
		}
	}
	for _, bad := range []string{`SELECT 'open`, `SELECT /* open`, `SELECT ?0`, `SELECT $$ open`} {
		if _, err := rebind(bad); err == nil {
			t.Errorf("rebind(%q) accepted", bad)
		}
	}
}

// The few functions whose names alone differ are translated; aggregates, columns and quoted
// text are not.
func TestRebindTranslates(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SET last_value_date = max(last_value_date, ?)`, `SET last_value_date = greatest(last_value_date, $1)`},
		{`SELECT max(id), min(value_date), MAX(x) FROM entries`, `SELECT max(id), min(value_date), MAX(x) FROM entries`},
		{`max(min(dis, (SELECT coalesce(sum(i.principal), 0) FROM installments i)) - lo, 0)`,
			`greatest(least(dis, (SELECT coalesce(sum(i.principal), 0) FROM installments i)) - lo, 0)`},
		{`sum(max(0, l.amount - coalesce((SELECT max(e.id) FROM e), 0)))`, `sum(greatest(0, l.amount - coalesce((SELECT max(e.id) FROM e), 0)))`},
		{`MIN (a, b)`, `least (a, b)`},
		{`max('a,b')`, `max('a,b')`},
		{`SELECT max, min FROM t WHERE t.max = 1`, `SELECT max, min FROM t WHERE t.max = 1`},
		{`WHERE instr(b.search_key, ?) > 0`, `WHERE strpos(b.search_key, $1) > 0`},
		{`SELECT 'instr(x, y)', max_units FROM programs`, `SELECT 'instr(x, y)', max_units FROM programs`},
		// The unary + hint goes; a binary + stays.
		{`ORDER BY +b.sort_key, b.id`, `ORDER BY b.sort_key, b.id`},
		{`WHERE e.loan_id = ? AND +e.value_date <= :on`, `WHERE e.loan_id = $1 AND e.value_date <= $2`},
		{`SET entries = entries + ?, x = a +b, y = (+c)`, `SET entries = entries + $1, x = a +b, y = (c)`},
		{`repaid + wo + least(1, 2)`, `repaid + wo + least(1, 2)`},
		// SQLite's index hint goes too (directive40 of a commune failed on PostgreSQL with it).
		{`FROM entries e INDEXED BY entries_loan WHERE e.loan_id = ?`, `FROM entries e  WHERE e.loan_id = $1`},
		{`FROM entries e indexed  by entries_savings_packed LEFT JOIN entries o`, `FROM entries e  LEFT JOIN entries o`},
		{`SELECT indexed, b.indexed FROM t`, `SELECT indexed, b.indexed FROM t`},
	} {
		b, err := rebind(c.in)
		if err != nil {
			t.Errorf("rebind(%q): %v", c.in, err)
			continue
		}
		if b.text != c.want {
			t.Errorf("rebind(%q)\n= %q\nwant %q", c.in, b.text, c.want)
		}
	}
}

// bindArgs gives each $N the argument SQLite would bind to it: unnamed ones by their position
// in the call, named ones by name wherever they stand; a missing or left-over argument is an
// error, never a silent NULL.
func TestBindArgs(t *testing.T) {
	args := func(vs ...any) []driver.NamedValue {
		out := make([]driver.NamedValue, len(vs))
		for i, v := range vs {
			out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
			if n, ok := v.(sql.NamedArg); ok {
				out[i].Name, out[i].Value = n.Name, n.Value
			}
		}
		return out
	}
	values := func(nv []driver.NamedValue) []any {
		var out []any
		for i, v := range nv {
			if v.Ordinal != i+1 || v.Name != "" {
				t.Errorf("argument %d: ordinal %d name %q", i, v.Ordinal, v.Name)
			}
			out = append(out, v.Value)
		}
		return out
	}
	for _, c := range []struct {
		query string
		in    []any
		want  []any
	}{
		{`SELECT ?, ?`, []any{"a", int64(2)}, []any{"a", int64(2)}},
		{`VALUES (?1, ?2, ?1)`, []any{"a", "b"}, []any{"a", "b"}},
		// Named arguments in any order, after or between positional ones.
		{`WHERE a = ? AND d >= :from AND d <= :to`, []any{int64(7), sql.Named("to", "2026-12-31"), sql.Named("from", "2026-01-01")},
			[]any{int64(7), "2026-01-01", "2026-12-31"}},
		{`WHERE x = :on AND y = :on`, []any{sql.Named("on", "2026-03-01")}, []any{"2026-03-01"}},
		// A name the query does not use is ignored, as SQLite ignores it.
		{`WHERE d >= :from`, []any{sql.Named("from", "2026-01-01"), sql.Named("to", "2026-12-31")}, []any{"2026-01-01"}},
		{`SELECT 1`, nil, nil},
	} {
		b, err := rebind(c.query)
		if err != nil {
			t.Fatal(err)
		}
		got, err := b.bindArgs(args(c.in...))
		if err != nil {
			t.Errorf("%s: %v", c.query, err)
			continue
		}
		if v := values(got); !reflect.DeepEqual(v, c.want) {
			t.Errorf("%s: %v, want %v", c.query, v, c.want)
		}
	}
	for _, c := range []struct {
		query string
		in    []any
		err   string
	}{
		{`SELECT ?, ?`, []any{"a"}, "no argument 2"},
		{`SELECT ?`, []any{"a", "b"}, "has no parameter"},
		{`SELECT :on`, []any{sql.Named("off", 1)}, "no argument named on"},
		{`SELECT ?`, []any{"a", sql.Named("unused", 1), "b"}, "has no parameter"},
	} {
		b, _ := rebind(c.query)
		if _, err := b.bindArgs(args(c.in...)); err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%s %v: %v, want %q", c.query, c.in, err, c.err)
		}
	}
}

// group_concat becomes string_agg only with the order PostgreSQL needs written beside it, in a
// comment SQLite skips; printf becomes format.
func TestRebindAggregatesAndFormats(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SELECT group_concat(e.id || ',' || e.kind, ';' /*pg: ORDER BY e.id */) FROM entries e WHERE e.loan_id = ?`,
			`SELECT string_agg(e.id || ',' || e.kind, ';'  ORDER BY e.id ) FROM entries e WHERE e.loan_id = $1`},
		{`SELECT printf('%d,%d;', max(b.id), count(*)) || 'x'`, `SELECT format('%s,%s;', max(b.id), count(*)) || 'x'`},
		{`SELECT 1 /* a comment stays */`, `SELECT 1 /* a comment stays */`},
		{`AND json_extract(a.before_json, '$.Category') = 'poor' AND x = ?`, `AND (a.before_json::jsonb ->> 'Category') = 'poor' AND x = $1`},
		{`WHERE id IN () OR id NOT IN ( ) OR id IN (1, 2) OR x NOT IN (3)`, `WHERE id = ANY ('{}') OR id <> ALL ('{}') OR id IN (1, 2) OR x NOT IN (3)`},
		{`WHERE strpos(lower(l.contract) COLLATE BINARY, ?) > 0 ORDER BY code COLLATE binary`, `WHERE strpos(lower(l.contract) COLLATE "C", $1) > 0 ORDER BY code COLLATE "C"`},
	} {
		b, err := rebind(c.in)
		if err != nil {
			t.Errorf("rebind(%q): %v", c.in, err)
			continue
		}
		if b.text != c.want {
			t.Errorf("rebind(%q)\n= %q\nwant %q", c.in, b.text, c.want)
		}
	}
	for _, bad := range []string{`SELECT group_concat(x, ';') FROM t`, `SELECT printf(?, 1)`, `SELECT json_extract(x, '$.a.b')`} {
		if _, err := rebind(bad); err == nil {
			t.Errorf("rebind(%q) accepted", bad)
		}
	}
}
