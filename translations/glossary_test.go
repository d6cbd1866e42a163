package translations

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"policycredit/data"
)

// glossaryFile is the machine-readable core of glossary.md: the terms a test can check.
const glossaryFile = "glossary.toml"

type glossaryTerm struct {
	EN   []string `toml:"en"` // English forms, matched as whole words, with or without a plural s
	VI   []string `toml:"vi"` // the bank's term first, then accepted variants, matched as text
	FR   []string `toml:"fr"`
	Note string   `toml:"note"`
}

type glossaryException struct {
	ID     string `toml:"id"`
	Term   string `toml:"term"` // the term's first English form
	Lang   string `toml:"lang"`
	Reason string `toml:"reason"`
}

type glossary struct {
	Terms      []glossaryTerm      `toml:"term"`
	Exceptions []glossaryException `toml:"exception"`
}

func loadGlossary(t *testing.T) glossary {
	t.Helper()
	buf, err := os.ReadFile(glossaryFile)
	if err != nil {
		t.Fatal(err)
	}
	var g glossary
	md, err := toml.Decode(string(buf), &g)
	if err != nil {
		t.Fatalf("%s: %v", glossaryFile, err)
	}
	if extra := md.Undecoded(); len(extra) > 0 {
		t.Fatalf("%s: unknown keys %v", glossaryFile, extra)
	}
	return g
}

// termText puts a message or a term into the form they are compared in: NFC, lower case,
// one kind of space and apostrophe, and the Vietnamese glides written one way, since the
// old and new placements of the tone (huỷ and hủy, xoá and xóa) are one word.
func termText(s string) string {
	s = strings.ToLower(data.NFC(s))
	s = strings.NewReplacer("\u00a0", " ", "\u202f", " ", "’", "'").Replace(s)
	return glideTone.ReplaceAllStringFunc(s, func(m string) string {
		r := []rune(m)
		r[0], r[1] = toneOn[r[1]][r[0]], untoned[r[1]]
		return string(r)
	})
}

// glideTone finds oa, oe and uy ending a syllable with the tone on the second vowel.
var glideTone = regexp.MustCompile(`[ou][áàảãạéèẻẽẹýỳỷỹỵ](?:$|[^\p{L}])`)

// untoned strips the tone of a glide's second vowel; toneOn gives the first vowel that tone.
var (
	untoned = map[rune]rune{'á': 'a', 'à': 'a', 'ả': 'a', 'ã': 'a', 'ạ': 'a', 'é': 'e', 'è': 'e', 'ẻ': 'e', 'ẽ': 'e', 'ẹ': 'e',
		'ý': 'y', 'ỳ': 'y', 'ỷ': 'y', 'ỹ': 'y', 'ỵ': 'y'}
	toneOn = func() map[rune]map[rune]rune {
		o := []rune("óòỏõọ")
		u := []rune("úùủũụ")
		out := map[rune]map[rune]rune{}
		for _, tones := range []string{"áàảãạ", "éèẻẽẹ", "ýỳỷỹỵ"} {
			for i, r := range []rune(tones) {
				out[r] = map[rune]rune{'o': o[i], 'u': u[i]}
			}
		}
		return out
	}()
)

// notWords are the parts of an English message that no translation translates: template
// actions ({{.Frozen}}), command lines ("policycredit report office") and flags ("--group").
var notWords = regexp.MustCompile(`\{\{.*?\}\}|policycredit(?: [a-z]+)*|(?:^|[\s(\[|])--?[a-z][a-z-]*`)

type termMatch struct {
	start, end int
	term       int
}

// termsIn finds the glossary terms an English message uses. Where terms overlap the longest
// wins, so "savings and loan group" asks for the group's name and not for "savings" or "loan".
func termsIn(en string, patterns [][]*regexp.Regexp) map[int]bool {
	en = notWords.ReplaceAllStringFunc(en, func(s string) string { return strings.Repeat(" ", len(s)) })
	var all []termMatch
	for i, ps := range patterns {
		for _, p := range ps {
			for _, loc := range p.FindAllStringIndex(en, -1) {
				all = append(all, termMatch{loc[0], loc[1], i})
			}
		}
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].end-all[a].start > all[b].end-all[b].start })
	taken := make([]bool, len(en))
	found := map[int]bool{}
	for _, m := range all {
		free := true
		for i := m.start; i < m.end && free; i++ {
			free = !taken[i]
		}
		if !free {
			continue
		}
		for i := m.start; i < m.end; i++ {
			taken[i] = true
		}
		found[m.term] = true
	}
	return found
}

func englishPatterns(g glossary) [][]*regexp.Regexp {
	out := make([][]*regexp.Regexp, len(g.Terms))
	for i, term := range g.Terms {
		for _, form := range term.EN {
			out[i] = append(out[i], regexp.MustCompile(`(?i)\b`+regexp.QuoteMeta(form)+`(?:s|es)?\b`))
		}
	}
	return out
}

func containsAny(text string, terms []string) bool {
	text = termText(text)
	for _, term := range terms {
		if strings.Contains(text, termText(term)) {
			return true
		}
	}
	return false
}

// TestGlossaryTermsUsed: when an English message uses a glossary term, the Vietnamese and the
// French message of that ID use the glossary's term (or a listed variant) too, unless an
// exception with a reason says why not.
func TestGlossaryTermsUsed(t *testing.T) {
	t.Parallel()
	g := loadGlossary(t)
	all := loadFiles(t)
	patterns := englishPatterns(g)
	excepted := map[[3]string]bool{}
	for _, e := range g.Exceptions {
		excepted[[3]string{e.ID, e.Term, e.Lang}] = true
	}
	needed := map[[3]string]bool{}
	checked := 0
	for _, id := range sortedKeys(all["en"]) {
		for _, form := range []string{"other", "one"} {
			en := forms(all["en"][id])[form]
			if en == "" {
				continue
			}
			for i := range termsIn(en, patterns) {
				term := g.Terms[i]
				checked++
				for _, lang := range []struct {
					code  string
					terms []string
				}{{"vi", term.VI}, {"fr", term.FR}} {
					m := all[lang.code][id]
					if m == nil {
						continue // TestEveryIDInEveryLanguage reports it
					}
					text := forms(m)[form]
					if text == "" {
						text = m.Other
					}
					key := [3]string{id, term.EN[0], lang.code}
					if containsAny(text, lang.terms) {
						continue
					}
					if excepted[key] {
						needed[key] = true
						continue
					}
					t.Errorf("%q says %q in English but its %s text says none of %q:\n  en: %s\n  %s: %s",
						id, term.EN[0], lang.code, lang.terms, en, lang.code, text)
				}
			}
		}
	}
	if checked < 300 {
		t.Errorf("only %d uses of glossary terms found: is the matching broken?", checked)
	}
	for _, e := range g.Exceptions {
		if !needed[[3]string{e.ID, e.Term, e.Lang}] {
			t.Errorf("exception %s/%s/%s is no longer needed: remove it from %s", e.ID, e.Term, e.Lang, glossaryFile)
		}
	}
}

// TestGlossaryWellFormed: every term has its three languages and appears in glossary.md,
// which people read, and every exception names a real message, a term and a reason.
func TestGlossaryWellFormed(t *testing.T) {
	t.Parallel()
	g := loadGlossary(t)
	if len(g.Terms) < 30 {
		t.Errorf("%s has only %d terms", glossaryFile, len(g.Terms))
	}
	md, err := os.ReadFile("glossary.md")
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, line := range strings.Split(string(md), "\n") {
		if strings.HasPrefix(line, "|") {
			rows = append(rows, termText(line))
		}
	}
	first := map[string]bool{}
	for _, term := range g.Terms {
		if len(term.EN) == 0 || len(term.VI) == 0 || len(term.FR) == 0 {
			t.Errorf("term %v lacks a language", term)
			continue
		}
		if first[term.EN[0]] {
			t.Errorf("term %q is in %s twice", term.EN[0], glossaryFile)
		}
		first[term.EN[0]] = true
		inTable := false
		for _, row := range rows {
			inTable = inTable || (strings.Contains(row, termText(term.EN[0])) &&
				strings.Contains(row, termText(term.VI[0])) && strings.Contains(row, termText(term.FR[0])))
		}
		if !inTable {
			t.Errorf("glossary.md has no row with %q, %q and %q", term.VI[0], term.EN[0], term.FR[0])
		}
	}
	all := loadFiles(t)
	seen := map[[3]string]bool{}
	for _, e := range g.Exceptions {
		key := [3]string{e.ID, e.Term, e.Lang}
		switch {
		case all["en"][e.ID] == nil:
			t.Errorf("exception for %q: no such message", e.ID)
		case !first[e.Term]:
			t.Errorf("exception for %q: %q is not a term's first English form", e.ID, e.Term)
		case e.Lang != "vi" && e.Lang != "fr":
			t.Errorf("exception for %q: lang %q, want vi or fr", e.ID, e.Lang)
		case strings.TrimSpace(e.Reason) == "":
			t.Errorf("exception for %q gives no reason", e.ID)
		case seen[key]:
			t.Errorf("exception %v is listed twice", key)
		}
		seen[key] = true
	}
}

// The matching itself: whole words, plurals, the longest term first, template names and command
// lines ignored, and the two ways of placing a Vietnamese tone compared equal.
func TestGlossaryMatching(t *testing.T) {
	t.Parallel()
	g := glossary{Terms: []glossaryTerm{
		{EN: []string{"loan"}}, {EN: []string{"savings and loan group"}}, {EN: []string{"frozen", "freeze"}},
		{EN: []string{"group"}},
	}}
	p := englishPatterns(g)
	for _, c := range []struct {
		en   string
		want string
	}{
		{"Loans and savings", "0"},
		{"Savings and loan group", "1"},
		{"savings-and-loan groups", "0,3"}, // hyphens part words: a term lists its hyphenated form
		{"{{.Frozen}} of {{.Loan}}", ""},
		{"policycredit loan freeze --group G: frozen", "2"},
		{"Write-off of a savings-and-loan group's loan", "0,3"},
		{"Debt frozen; freezes", "2"},
		{"Group leader of the groups", "3"},
		{"Grouped loans", "0"},
		{"A loanword", ""},
	} {
		var got []string
		for i := range termsIn(c.en, p) {
			got = append(got, string(rune('0'+i)))
		}
		sort.Strings(got)
		if strings.Join(got, ",") != c.want {
			t.Errorf("termsIn(%q) = %v, want %s", c.en, got, c.want)
		}
	}
	for _, c := range []struct {
		text, term string
		want       bool
	}{
		{"Hủy bút toán", "huỷ", true},
		{"Xoá nợ", "xóa nợ", true},
		{"Hội đoàn thể nhận uỷ thác", "ủy thác", true},
		{"Khoá học", "khóa", true},
		{"Ngày\u00a0giao dịch", "ngày giao dịch", true},
		{"Dépôt d’épargne", "dépôt d'épargne", true},
		{"Tổ TK&VV", "tổ", true},
		{"Hộ vay", "hồ", false},
	} {
		if got := containsAny(c.text, []string{c.term}); got != c.want {
			t.Errorf("containsAny(%q, %q) = %v", c.text, c.term, got)
		}
	}
}
