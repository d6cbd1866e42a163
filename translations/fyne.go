package translations

import "embed"

// Fyne's own widgets and dialogs (file dialog, confirm buttons, an entry's context menu) look
// their words up in Fyne's lang package, which reads JSON message files keyed by Fyne's English
// texts. Ours live in "fyne.<lang>.json", one per language, so that they follow the app's
// language rather than the computer's and exist in Vietnamese, which Fyne does not ship.
//
//go:embed fyne.*.json
var fyneFiles embed.FS

// FyneLanguageKey names, in every fyne.<lang>.json, the language the file is for: looking it up
// through Fyne's lang package tells which of our files Fyne is reading.
const FyneLanguageKey = "policycredit.language"

// FyneMessages returns Fyne's stock strings in the localizer's language, as a message file for
// fyne.io/fyne/v2/lang.AddTranslationsForLocale.
func (l *Localizer) FyneMessages() []byte {
	b, err := fyneFiles.ReadFile("fyne." + l.lang + ".json")
	if err != nil {
		panic(err) // embedded for every language; the package's tests check it
	}
	return b
}
