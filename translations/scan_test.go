package translations

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// moduleRoot is where the code that uses these messages lives.
const moduleRoot = ".."

// codeFacts is what the module's Go code, test files excluded, says about message IDs. Tests
// are left out on both sides: a test may use a made-up ID on purpose, and mentioning an ID in
// a test does not make a screen show it.
type codeFacts struct {
	literals map[string]bool                // every string literal
	needs    map[string][]string            // message ID → positions of code that needs it
	params   map[string]map[string][]string // rule → position → param keys given there
}

// errorCtor says which arguments of a function declared under data/ carry a data error's
// field and rule (parameters named field and rule) and where its key, value pairs start
// (a variadic parameter named params); -1 when absent.
type errorCtor struct{ field, rule, params int }

func scanModule(t *testing.T) codeFacts {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	var inData []bool
	err := filepath.WalkDir(moduleRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != moduleRoot && (name == "vendor" || name == "testdata" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		files = append(files, f)
		inData = append(inData, strings.HasPrefix(path, filepath.Join(moduleRoot, "data")+string(filepath.Separator)))
		return nil
	})
	if err != nil {
		t.Fatalf("scanning the module's Go files: %v", err)
	}

	ctors := map[string]errorCtor{}
	for i, f := range files {
		if inData[i] {
			for _, decl := range f.Decls {
				if fn, ok := decl.(*ast.FuncDecl); ok {
					if c, ok := ctorOf(fn.Type); ok {
						ctors[fn.Name.Name] = c
					}
				}
			}
		}
	}

	facts := codeFacts{literals: map[string]bool{}, needs: map[string][]string{}, params: map[string]map[string][]string{}}
	need := func(id string, at token.Pos) {
		facts.needs[id] = append(facts.needs[id], fset.Position(at).String())
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if s, ok := stringLit(n); ok {
					facts.literals[s] = true
				}
			case *ast.CallExpr:
				name, method := callee(n)
				first, ok := argString(n, 0)
				switch {
				case method && (name == "T" || name == "N") && ok:
					need(first, n.Pos())
				case method && name == "Field" && ok:
					need("field."+first, n.Pos())
				case method && name == "Association" && ok:
					need("association."+first, n.Pos())
				}
				if c, isCtor := ctors[name]; isCtor {
					if field, ok := argString(n, c.field); ok && field != "" {
						need("field."+field, n.Pos())
					}
					if rule, ok := argString(n, c.rule); ok {
						need("rule."+rule, n.Pos())
						if keys, ok := paramKeys(n, c.params); ok {
							if facts.params[rule] == nil {
								facts.params[rule] = map[string][]string{}
							}
							facts.params[rule][fset.Position(n.Pos()).String()] = keys
						}
					}
				}
			}
			return true
		})
	}
	return facts
}

func ctorOf(ft *ast.FuncType) (errorCtor, bool) {
	c := errorCtor{field: -1, rule: -1, params: -1}
	i := 0
	for _, p := range ft.Params.List {
		typ, _ := p.Type.(*ast.Ident)
		_, variadic := p.Type.(*ast.Ellipsis)
		for _, name := range p.Names {
			switch {
			case name.Name == "field" && typ != nil && typ.Name == "string":
				c.field = i
			case name.Name == "rule" && typ != nil && typ.Name == "string":
				c.rule = i
			case name.Name == "params" && variadic:
				c.params = i
			}
			i++
		}
	}
	return c, c.field >= 0 || c.rule >= 0
}

// callee names the called function, and whether it was called as pkg.F or x.F.
func callee(call *ast.CallExpr) (string, bool) {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return fn.Name, false
	case *ast.SelectorExpr:
		return fn.Sel.Name, true
	}
	return "", false
}

func argString(call *ast.CallExpr, i int) (string, bool) {
	if i < 0 || i >= len(call.Args) {
		return "", false
	}
	lit, ok := call.Args[i].(*ast.BasicLit)
	if !ok {
		return "", false
	}
	return stringLit(lit)
}

func stringLit(lit *ast.BasicLit) (string, bool) {
	if lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// paramKeys returns the keys of a call's key, value pairs from argument from on, when they are
// all literals (a forwarded params... cannot be checked).
func paramKeys(call *ast.CallExpr, from int) ([]string, bool) {
	if from < 0 || call.Ellipsis.IsValid() {
		return nil, from < 0
	}
	var keys []string
	for i := from; i < len(call.Args); i += 2 {
		k, ok := argString(call, i)
		if !ok {
			return nil, false
		}
		keys = append(keys, k)
	}
	return keys, true
}

// TestIDsUsedInCodeExist: every literal ID passed to T, N, Field or Association, and every
// literal field and rule of a data error, has a message.
func TestIDsUsedInCodeExist(t *testing.T) {
	t.Parallel()
	facts := scanModule(t)
	have := loadFiles(t)
	for _, id := range sortedKeys(facts.needs) {
		var missing []string
		for _, lang := range languages {
			if _, ok := have[lang][id]; !ok {
				missing = append(missing, lang)
			}
		}
		if len(missing) > 0 {
			t.Errorf("%s: code uses %q, missing from %s", facts.needs[id][0], id, strings.Join(missing, ", "))
		}
	}
	if len(facts.needs) < 50 {
		t.Errorf("found only %d IDs used in code: is the scan looking in the right place?", len(facts.needs))
	}
}

// TestNoUnusedIDs: every message is named by a string literal somewhere in the code, or sits
// under a prefix that code completes at run time (DynamicPrefixes).
func TestNoUnusedIDs(t *testing.T) {
	t.Parallel()
	facts := scanModule(t)
	ids := map[string]bool{}
	for _, msgs := range loadFiles(t) {
		for id := range msgs {
			ids[id] = true
		}
	}
	for _, id := range sortedKeys(ids) {
		if !facts.literals[id] && !hasDynamicPrefix(id) {
			t.Errorf("message %q is not used: no string literal in the code names it and no DynamicPrefixes entry covers it", id)
		}
	}
}

// TestRuleParamsGiven: each data error built with a literal rule supplies every {{.X}} its
// message shows, so no message prints "<no value>".
func TestRuleParamsGiven(t *testing.T) {
	t.Parallel()
	facts := scanModule(t)
	vi := loadFiles(t)["vi"]
	for _, rule := range sortedKeys(facts.params) {
		msg, ok := vi["rule."+rule]
		if !ok {
			continue // TestIDsUsedInCodeExist reports it
		}
		for at, keys := range facts.params[rule] {
			given := map[string]bool{"Field": true}
			for _, k := range keys {
				given[k] = true
			}
			for _, v := range templateVars(msg) {
				if !given[v] && !optionalVar(msg, v) {
					t.Errorf("%s: rule %q is built without %q, which its message shows", at, rule, v)
				}
			}
		}
	}
}

func TestScannerFindsKnownUses(t *testing.T) {
	t.Parallel()
	facts := scanModule(t)
	for _, id := range []string{
		"error.unexpected",          // l.T in this package
		"field.borrower.id_number",  // ValidateIDNumber("borrower.id_number", …) in data
		"rule.cccd_province",        // Invalid(field, "cccd_province", …) in data
		"rule.not_found",            // newError(CodeNotFound, field, "not_found", …)
		"field.settings.group_min",  // Invalid("settings.group_min", …)
		"rule.money_format",         // data.Invalid("value", "money_format") here
		"field.value",               // the same call
		"field.program.max_amount",  // Invalid("program.max_amount", "not_negative")
		"field.borrower.birth_year", // Invalid("borrower.birth_year", "range", "Min", …)
	} {
		if len(facts.needs[id]) == 0 {
			t.Errorf("the scan did not see %q used", id)
		}
	}
	if got := facts.params["range"]; len(got) == 0 {
		t.Errorf("the scan saw no params for rule range")
	}
}

// optionalVar reports whether a message guards {{.X}} with {{if .X}}, so callers may omit X.
func optionalVar(m *i18n.Message, v string) bool {
	return regexp.MustCompile(`\{\{-?\s*if\s+\.` + v + `\s*-?\}\}`).MatchString(m.Other)
}

func hasDynamicPrefix(id string) bool {
	for _, p := range DynamicPrefixes {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
