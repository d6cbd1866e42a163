package translations

import (
	"strings"
	"testing"
	"text/template"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// French has a third CLDR form, "many", for 1 000 000, 2 000 000, … Our French messages
// leave it out on purpose: they print the count in digits ("1 000 000 emprunteurs"), which
// takes the "other" form; "many" exists for "un million d'emprunteurs". go-i18n v2.7.0 renders
// "other" when the chosen form is missing and reports an error beside the text, which
// Localizer.localize keeps. This test pins that behaviour of the library: if an upgrade
// changes it, French messages need a "many" form, and TestPluralForms must ask for it.
func TestGoI18nFallsBackToOtherForFrenchMany(t *testing.T) {
	t.Parallel()
	b := i18n.NewBundle(language.French)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	src := `
[withMany]
one = "one {{.Count}}"
many = "many {{.Count}}"
other = "other {{.Count}}"

[withoutMany]
one = "one {{.Count}}"
other = "other {{.Count}}"
`
	if _, err := b.ParseMessageFileBytes([]byte(src), "test.fr.toml"); err != nil {
		t.Fatal(err)
	}
	loc := i18n.NewLocalizer(b, "fr")
	render := func(id string, count int) (string, error) {
		return loc.Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: map[string]any{"Count": count}})
	}
	// The CLDR rules do pick "many" for a million, so the case below really is a fallback.
	if got, err := render("withMany", 1_000_000); got != "many 1000000" || err != nil {
		t.Errorf("withMany(1000000) = %q, %v; want the many form", got, err)
	}
	for count, want := range map[int]string{0: "one 0", 1: "one 1", 2: "other 2", 1_000_000: "other 1000000", 2_000_000: "other 2000000"} {
		got, err := render("withoutMany", count)
		if got != want {
			t.Errorf("withoutMany(%d) = %q, want %q", count, got, want)
		}
		if isMany := count >= 1_000_000; isMany != (err != nil) {
			t.Errorf("withoutMany(%d): error %v; want one exactly when the many form is missing", count, err)
		}
	}
}

// Every plural message, rendered through Localizer.N, comes out in the form the language's
// rules give: French "one" for 0 and 1, English "one" for 1 only (0 is "other"), Vietnamese
// always "other". The expected text is the message file's form filled in by hand.
func TestPluralMessagesPickTheRightForm(t *testing.T) {
	t.Parallel()
	all := loadFiles(t)
	type countForm struct {
		count int
		form  string
	}
	cases := map[string][]countForm{
		"fr": {{0, "one"}, {1, "one"}, {2, "other"}, {1_000_000, "other"}},
		"en": {{0, "other"}, {1, "one"}, {2, "other"}},
		"vi": {{1, "other"}, {2, "other"}},
	}
	plurals, distinct := 0, map[string]int{}
	for _, id := range sortedKeys(all["en"]) {
		if all["en"][id].One == "" {
			continue
		}
		plurals++
		for _, lang := range languages {
			m := all[lang][id]
			if m == nil {
				continue // TestEveryIDInEveryLanguage reports it
			}
			if m.One != "" && m.One != m.Other {
				distinct[lang]++
			}
			l := New(lang)
			var args []any
			data := map[string]any{}
			for _, v := range templateVars(m) {
				args = append(args, v, "X")
				data[v] = "X"
			}
			for _, c := range cases[lang] {
				data["Count"] = l.Number(int64(c.count))
				want := fillIn(t, forms(m)[c.form], data)
				if got := l.N(id, c.count, args...); got != want {
					t.Errorf("%s N(%q, %d) = %q, want the %s form %q", lang, id, c.count, got, c.form, want)
				}
			}
		}
	}
	if plurals < 10 {
		t.Errorf("only %d plural messages found", plurals)
	}
	// A message whose forms read the same ("1 mois", "2 mois") cannot tell a wrong choice.
	for _, lang := range []string{"en", "fr"} {
		if distinct[lang] < plurals/2 {
			t.Errorf("%s: only %d of %d plural messages have distinct one and other forms", lang, distinct[lang], plurals)
		}
	}
}

func fillIn(t *testing.T, src string, data map[string]any) string {
	t.Helper()
	if src == "" {
		t.Fatal("missing plural form: TestPluralForms reports which")
	}
	tmpl, err := template.New("").Option("missingkey=error").Parse(src)
	if err != nil {
		t.Fatalf("%q: %v", src, err)
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, data); err != nil {
		t.Fatalf("%q: %v", src, err)
	}
	return b.String()
}
