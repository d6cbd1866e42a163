// Package translations holds the app's messages in Vietnamese (the default), English and French,
// and formats money, numbers, dates and rates the way each language writes them.
//
// Every space this package puts into formatted output (French digit groups, "1.234.567 ₫",
// "0,52 %") is a no-break space U+00A0, as golang.org/x/text produces for French, so that an
// amount never wraps away from its unit. The parsers accept any kind of space.
package translations

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"policycredit/data"
)

// Messages live in one file per screen family and language, "<topic>.<lang>.toml", so that
// work on one screen does not touch another's file; "active.<lang>.toml" holds the shared ones.
// glossary.toml, which only the tests read, stays out of the binary.
//
//go:embed *.*.toml
var files embed.FS

// languages lists the supported languages, the default first.
var languages = []string{"vi", "en", "fr"}

// DynamicPrefixes are message-ID prefixes that code completes at run time, such as
// "field."+e.Field or "source."+string(src). TestNoUnusedIDs cannot see such IDs as string
// literals, so it accepts every ID under these prefixes. Add a prefix here when code starts
// building IDs of a new family.
var DynamicPrefixes = []string{
	"field.", "rule.", "association.", "category.", "gender.", "rating.", "source.", "basis.",
	"status.", "language.", "limit.", "scale.", "cli.usage_", "installment.", "entry.",
	"import.col.", "import.kind.", "import.entity.", "role.", "action.", "capital.kind.", "capital.level.",
}

// bundle is loaded once: the files are embedded, so a broken file is a programming error that
// the package's tests report.
var bundle = mustLoadBundle()

func mustLoadBundle() *i18n.Bundle {
	b := i18n.NewBundle(language.Vietnamese)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, lang := range languages {
		for _, name := range messageFiles(lang) {
			buf, err := files.ReadFile(name)
			if err != nil {
				panic(err)
			}
			if _, err := b.ParseMessageFileBytes(buf, name); err != nil {
				panic(fmt.Sprintf("translations: %s: %v", name, err))
			}
		}
	}
	return b
}

// messageFiles lists the embedded message files of one language, sorted.
func messageFiles(lang string) []string {
	names, err := fs.Glob(files, "*."+lang+".toml")
	if err != nil {
		panic(err)
	}
	sort.Strings(names)
	return names
}

// Localizer speaks one language. It is safe for concurrent use.
type Localizer struct {
	lang    string
	loc     *i18n.Localizer
	printer *message.Printer
}

// New returns a localizer for "vi", "en" or "fr"; a regional tag such as "fr-FR" uses its base
// language, and anything else gets Vietnamese.
func New(lang string) *Localizer {
	base := strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(base, "-_"); i >= 0 {
		base = base[:i]
	}
	found := false
	for _, l := range languages {
		found = found || l == base
	}
	if !found {
		base = languages[0]
	}
	return &Localizer{
		lang:    base,
		loc:     i18n.NewLocalizer(bundle, base),
		printer: message.NewPrinter(language.MustParse(base)),
	}
}

// Languages returns the supported languages, Vietnamese first.
func Languages() []string { return append([]string(nil), languages...) }

// Lang returns the localizer's language code.
func (l *Localizer) Lang() string { return l.lang }

// T returns message id filled with args, given as key, value pairs ("Count", 3) or as one
// map[string]any. A missing id comes back as the id itself, so a gap shows but never breaks.
func (l *Localizer) T(id string, args ...any) string {
	s, _ := l.localize(id, l.templateData(args), nil)
	return s
}

// N returns the plural form of message id that suits count; the template sees count, formatted
// as a number of this language, as {{.Count}}.
func (l *Localizer) N(id string, count int, args ...any) string {
	d := l.templateData(args)
	d["Count"] = l.Number(int64(count))
	s, _ := l.localize(id, d, count)
	return s
}

// localize reports false when id has no message.
func (l *Localizer) localize(id string, d map[string]any, count any) (string, bool) {
	s, err := l.loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: d, PluralCount: count})
	// go-i18n still returns text with an error when it falls back to the "other" form (a
	// Vietnamese message has only "other") or to the default language: the text is right.
	if s == "" && err != nil {
		return id, false
	}
	return s, true
}

// templateData turns key, value pairs into template data, formatting money, rates and dates
// the way this language writes them.
func (l *Localizer) templateData(args []any) map[string]any {
	d := map[string]any{}
	if len(args) == 1 {
		if m, ok := args[0].(map[string]any); ok {
			for k, v := range m {
				d[k] = l.value(v)
			}
			return d
		}
	}
	for i := 0; i+1 < len(args); i += 2 {
		d[fmt.Sprint(args[i])] = l.value(args[i+1])
	}
	return d
}

func (l *Localizer) value(v any) any {
	switch x := v.(type) {
	case data.Dong:
		return l.Money(x)
	case data.Rate:
		return l.Percent(x)
	case data.Date:
		return l.Date(x)
	}
	return v
}

// Field names a form field or an entity: T("field."+field).
func (l *Localizer) Field(field string) string { return l.T("field." + field) }

// Association names one of the four associations by its code: T("association."+code).
func (l *Localizer) Association(code string) string { return l.T("association." + code) }

// Error turns err into sentences for a user, one line per typed error. Anything that is not a
// typed data error becomes one general sentence: raw database text never reaches a user.
func (l *Localizer) Error(err error) string {
	if err == nil {
		return ""
	}
	var lines []string
	for _, e := range data.DomainErrors(err) {
		if e != nil {
			lines = append(lines, l.domainError(e))
		}
	}
	if len(lines) == 0 {
		return l.T("error.unexpected")
	}
	return strings.Join(lines, "\n")
}

// errorField names a field for an error message. A field with no name of its own, such as a
// column a database constraint reports, is named by its entity: "borrower.x" as "field.borrower".
func (l *Localizer) errorField(field string) string {
	for f := field; ; {
		if s, ok := l.localize("field."+f, nil, nil); ok {
			return s
		}
		i := strings.LastIndex(f, ".")
		if i < 0 {
			return l.T("field.record")
		}
		f = f[:i]
	}
}

// domainError renders "rule.<Rule>"; a rule without a message falls back to the general
// sentence for its code ("rule.invalid", "rule.conflict", …), which still names the field.
func (l *Localizer) domainError(e *data.Error) string {
	d := map[string]any{}
	for k, v := range e.Params {
		d[k] = l.value(v)
		// A role or an action is named in the reader's words.
		if k == "Role" || k == "Action" {
			if s, ok := l.localize(strings.ToLower(k)+"."+fmt.Sprint(v), nil, nil); ok {
				d[k] = s
			}
		}
	}
	d["Field"] = l.errorField(e.Field)
	if s, ok := l.localize("rule."+e.Rule, d, nil); ok {
		return s
	}
	if s, ok := l.localize("rule."+string(e.Code), d, nil); ok {
		return s
	}
	return l.T("error.unexpected")
}
