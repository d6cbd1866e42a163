package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"policycredit/translations"
)

// fyneBuiltinLocales are the locales Fyne 2.7.1 ships translations for (its
// lang/translations/base.*.json, plus English, its fallback); TestFyneBuiltinLocales keeps the
// list true to the Fyne in go.mod.
var fyneBuiltinLocales = []fyne.Locale{
	"en", "cs", "de", "el", "es", "fr", "pl", "pt", "pt-BR", "ru", "sv", "ta", "uk", "zh-Hans",
}

// useFyneLanguage makes Fyne's own words — file dialogs, Yes/No, OK, an entry's Cut/Copy/Paste —
// speak loc's language, whatever the computer's locale.
//
// Fyne's lang package has no setter: it picks, once per added file, the locale among those it
// has translations for that best fits the computer's locale, and looks every word up under that
// locale. So our texts are registered under every locale it could pick — each one Fyne ships,
// ours, and the computer's own — replacing Fyne's texts there. Whichever locale it picks then
// answers in loc's language. Called again on each language switch, it replaces them again.
func useFyneLanguage(loc *translations.Localizer) {
	messages := loc.FyneMessages()
	for _, l := range fyneCandidateLocales() {
		if err := lang.AddTranslationsForLocale(messages, l); err != nil {
			fyne.LogError("registering Fyne's strings for locale "+l.String(), err)
		}
	}
	if got := lang.X(translations.FyneLanguageKey, ""); got != loc.Lang() {
		fyne.LogError("Fyne's own strings are in "+got+", not "+loc.Lang(), nil)
	}
}

// fyneCandidateLocales lists every locale Fyne's lang package may settle on: those it ships,
// the app's languages, and the computer's locale with and without its region.
func fyneCandidateLocales() []fyne.Locale {
	out := append([]fyne.Locale(nil), fyneBuiltinLocales...)
	for _, l := range translations.Languages() {
		out = append(out, fyne.Locale(l))
	}
	system := lang.SystemLocale()
	out = append(out, fyne.Locale(system.LanguageString()))
	if base, _, found := strings.Cut(system.String(), "-"); found {
		out = append(out, fyne.Locale(base))
	}
	seen := map[fyne.Locale]bool{}
	unique := out[:0]
	for _, l := range out {
		if l != "" && l != "und" && !seen[l] { // "und": a locale Fyne could not read
			seen[l] = true
			unique = append(unique, l)
		}
	}
	return unique
}
