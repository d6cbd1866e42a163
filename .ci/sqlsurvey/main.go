// Command sqlsurvey counts what the SQL of a store package uses that differs between SQLite
// and PostgreSQL (docs/postgres.md): the Go string literals that look like SQL (not comments)
// and the migration files, per category and per file, as a Markdown table.
//
//	go run ./.ci/sqlsurvey data/sqlite
//
// It lives under .ci so that `go ./...` (vet, deadcode, tests) does not see it.
package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

type cat struct {
	name string
	re   *regexp.Regexp
}

var cats = []cat{
	{"placeholder ?", regexp.MustCompile(`\?([^0-9]|$)`)},
	{"placeholder ?N", regexp.MustCompile(`\?[0-9]+`)},
	{"placeholder :name", regexp.MustCompile(`(^|[^:'%A-Za-z0-9]):[a-z][a-z_0-9]*`)},
	{"group_concat", regexp.MustCompile(`(?i)group_concat\(`)},
	{"scalar min/max(a,b)", regexp.MustCompile(`(?i)\b(min|max)\(([^()]|\([^()]*\))*,`)},
	{"bool arithmetic (sum/ +- of comparison)", regexp.MustCompile(`(?i)(sum|total)\(\s*\(?[a-z_.0-9]+\s*(=|<>|<=|>=|<|>|\bIN\b|\bIS\b)|[-+*]\s*\([^()]*(=|<>|<=|>=)[^()]*\)`)},
	{"|| concatenation", regexp.MustCompile(`\|\|`)},
	{"rowid", regexp.MustCompile(`(?i)(^|[^T]\s+|[.(,])(rowid|_rowid_)\b|last_insert_rowid`)},
	{"MATERIALIZED hint", regexp.MustCompile(`(?i)\bMATERIALIZED\b`)},
	{"RAISE(ABORT)", regexp.MustCompile(`(?i)RAISE\(`)},
	{"INSERT OR IGNORE/REPLACE", regexp.MustCompile(`(?i)INSERT\s+OR\s+(IGNORE|REPLACE)|REPLACE\s+INTO`)},
	{"ON CONFLICT upsert", regexp.MustCompile(`(?i)ON\s+CONFLICT`)},
	{"COLLATE NOCASE", regexp.MustCompile(`(?i)COLLATE\s+NOCASE`)},
	{"PRAGMA / pragma_*()", regexp.MustCompile(`(?i)PRAGMA|pragma_[a-z_]+`)},
	{"sqlite_master/schema/sequence", regexp.MustCompile(`(?i)sqlite_(master|schema|sequence)|sqlite_%`)},
	{"date functions (date/strftime/julianday)", regexp.MustCompile(`(?i)\b(strftime|julianday|unixepoch|date|datetime)\(`)},
	{"printf()/format()", regexp.MustCompile(`(?i)\b(printf|format)\(`)},
	{"CAST", regexp.MustCompile(`(?i)\bCAST\(`)},
	{"substr", regexp.MustCompile(`(?i)\bsubstr\(`)},
	{"instr", regexp.MustCompile(`(?i)\binstr\(`)},
	{"iif/ifnull", regexp.MustCompile(`(?i)\b(iif|ifnull)\(`)},
	{"LIKE/GLOB", regexp.MustCompile(`(?i)\b(LIKE|GLOB)\b`)},
	{"IS / IS NOT between values", regexp.MustCompile(`\bIS\s+NOT\s+([A-CE-MO-SU-Z]|[a-z(]|N[^U])|\bIS\s+([A-CE-MO-SU-Z]|[a-z(]|N[^UO])`)},
	{"date text comparison (value_date, due, effective… vs value)", regexp.MustCompile(`(?i)\b(value_date|due|effective|signed_on|month_end|paid_on|new_date|decision_date|founded_on|month)\s*(<=|>=|<|>|BETWEEN)`)},
	{"INTEGER column (→ bigint)", regexp.MustCompile(`(?i)\bINTEGER\b`)},
	{"json functions", regexp.MustCompile(`(?i)\bjson[a-z_]*\(`)},
	{"RETURNING", regexp.MustCompile(`(?i)\bRETURNING\b`)},
	{"WITHOUT ROWID", regexp.MustCompile(`(?i)WITHOUT\s+ROWID`)},
	{"INTEGER PRIMARY KEY", regexp.MustCompile(`(?i)INTEGER\s+PRIMARY\s+KEY`)},
	{"partial index (CREATE INDEX … WHERE)", regexp.MustCompile(`(?is)CREATE\s+(UNIQUE\s+)?INDEX[^;]*?\bWHERE\b`)},
	{"trigger", regexp.MustCompile(`(?i)CREATE\s+TRIGGER`)},
	{"SAVEPOINT", regexp.MustCompile(`(?i)\bSAVEPOINT\b`)},
	{"integrity/foreign_key/quick_check", regexp.MustCompile(`(?i)integrity_check|foreign_key_check|quick_check`)},
	{"typeof/length", regexp.MustCompile(`(?i)\b(typeof|length)\(`)},
	{"lower/upper", regexp.MustCompile(`(?i)\b(lower|upper)\(`)},
	{"ALTER TABLE", regexp.MustCompile(`(?i)ALTER\s+TABLE`)},
	{"DROP TRIGGER/INDEX/TABLE", regexp.MustCompile(`(?i)DROP\s+(TRIGGER|INDEX|TABLE)`)},
	{"DEFERRABLE", regexp.MustCompile(`(?i)DEFERRABLE`)},
	{"EXCLUDED", regexp.MustCompile(`(?i)\bexcluded\.`)},
	{"LIMIT", regexp.MustCompile(`(?i)\bLIMIT\b`)},
	{"window functions OVER", regexp.MustCompile(`(?i)\bOVER\s*\(`)},
	{"FILTER (WHERE", regexp.MustCompile(`(?i)\bFILTER\s*\(\s*WHERE`)},
	{"VALUES row list", regexp.MustCompile(`(?i)\(VALUES\b`)},
	{"CROSS JOIN … ON (SQLite join-order hint)", regexp.MustCompile(`(?is)CROSS JOIN [a-z_]+( [a-z]+)?\s+ON\b|CROSS JOIN \([^;]*?\)\s*[a-z]*\s+ON\b`)},
	{"unary + (SQLite planner hint)", regexp.MustCompile(`(ORDER BY|WHERE|AND|ON|,)\s*\+[a-z]`)},
	{"blob literal x'…'", regexp.MustCompile(`(?i)\bx'[0-9a-f]*'`)},
	{"subquery in FROM/JOIN (alias needed before PG 16)", regexp.MustCompile(`(?i)(FROM|JOIN)\s*\(\s*SELECT`)},
}

// A literal is SQL when it starts a statement, holds a clause, or names a column through a
// table alias (fragments joined into queries: "instr(b.search_key, ?) > 0").
var sqlish = regexp.MustCompile(`(?i)^\s*(--.*\n\s*)*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|WITH|BEGIN|SAVEPOINT|RELEASE|REPLACE|VACUUM|ANALYZE)\b|\b(FROM|WHERE|JOIN|GROUP BY|ORDER BY|VALUES|SET)\b|(^|[ (,])[a-z]{1,2}\.[a-z_]+\b|\bx'[0-9a-fA-F]+'`)

// Go-level things, counted on the source text.
var gocats = []cat{
	{"go: sql.Named", regexp.MustCompile(`sql\.Named\(`)},
	{"go: LastInsertId", regexp.MustCompile(`LastInsertId\(`)},
	{"go: sqlite3.* (driver API/errors)", regexp.MustCompile(`sqlite3\.[A-Z]`)},
	{"go: Backup API (conn.Backup)", regexp.MustCompile(`\.Backup\("main"`)},
	{"go: sql.Open", regexp.MustCompile(`sql\.Open\(`)},
	{"go: fmt.Sprintf building SQL", regexp.MustCompile(`Sprintf\(\x60`)},
}

func main() {
	counts := map[string]map[string]int{} // cat -> file -> n
	stmts := map[string]int{}
	add := func(c, f string, n int) {
		if n == 0 {
			return
		}
		if counts[c] == nil {
			counts[c] = map[string]int{}
		}
		counts[c][f] += n
	}
	for _, dir := range os.Args[1:] {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			base := filepath.Base(f)
			src, _ := os.ReadFile(f)
			for _, c := range gocats {
				add(c.name, base, len(c.re.FindAllIndex(src, -1)))
			}
			fset := token.NewFileSet()
			af, err := parser.ParseFile(fset, f, src, 0)
			if err != nil {
				panic(err)
			}
			ast.Inspect(af, func(n ast.Node) bool {
				bl, ok := n.(*ast.BasicLit)
				if !ok || bl.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(bl.Value)
				if err != nil || !sqlish.MatchString(s) || len(s) < 12 {
					return true
				}
				if regexp.MustCompile(`(?i)^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|DROP|ALTER|PRAGMA|REPLACE)\b`).MatchString(s) {
					stmts[base]++
				}
				for _, c := range cats {
					add(c.name, base, len(c.re.FindAllStringIndex(s, -1)))
				}
				return true
			})
		}
		sqls, _ := filepath.Glob(filepath.Join(dir, "migrations", "*.sql"))
		for _, f := range sqls {
			b, _ := os.ReadFile(f)
			// strip comments
			s := regexp.MustCompile(`--[^\n]*`).ReplaceAllString(string(b), "")
			base := filepath.Base(f)[:4]
			stmts["m"+base] += strings.Count(s, ";")
			for _, c := range cats {
				add(c.name, "m"+base, len(c.re.FindAllStringIndex(s, -1)))
			}
		}
	}
	var names []string
	for _, c := range append(cats, gocats...) {
		names = append(names, c.name)
	}
	fmt.Println("| category | total | Go | migrations | per file |")
	fmt.Println("|---|---:|---:|---:|---|")
	for _, c := range names {
		m := counts[c]
		if m == nil {
			fmt.Printf("| %s | 0 | 0 | 0 | |\n", c)
			continue
		}
		var fs []string
		tot, g, mig := 0, 0, 0
		for f, n := range m {
			tot += n
			if strings.HasPrefix(f, "m0") {
				mig += n
			} else {
				g += n
			}
			fs = append(fs, fmt.Sprintf("%s %d", strings.TrimSuffix(f, ".go"), n))
		}
		sort.Strings(fs)
		fmt.Printf("| %s | %d | %d | %d | %s |\n", c, tot, g, mig, strings.Join(fs, ", "))
	}
	fmt.Println()
	var fs []string
	tot := 0
	for f, n := range stmts {
		fs = append(fs, fmt.Sprintf("%s %d", strings.TrimSuffix(f, ".go"), n))
		tot += n
	}
	sort.Strings(fs)
	fmt.Println("statements:", tot, strings.Join(fs, ", "))
}
