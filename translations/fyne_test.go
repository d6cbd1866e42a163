package translations

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// fyneDir is the source of the Fyne module this build uses.
func fyneDir(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "fyne.io/fyne/v2").Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Fatalf("cannot locate the Fyne module's source: %v", err)
	}
	return dir
}

// fyneLookup finds Fyne's lookups of a literal key: lang.L("Save"), lang.X("file.name", "Name").
var fyneLookup = regexp.MustCompile(`\blang\.(?:L|X|N|XN|Localize|LocalizeKey|LocalizePlural|LocalizePluralKey)\(\s*"((?:[^"\\]|\\.)*)"`)

// fyneKeys lists every message key Fyne asks its lang package for: the literal keys in its
// code and the keys of its English file, which also holds the weekday names the calendar
// builds at run time.
func fyneKeys(t *testing.T) map[string]bool {
	t.Helper()
	dir := fyneDir(t)
	keys := map[string]bool{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
			strings.HasPrefix(path, filepath.Join(dir, "lang")+string(filepath.Separator)) {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range fyneLookup.FindAllSubmatch(src, -1) {
			keys[string(m[1])] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	base, err := os.ReadFile(filepath.Join(dir, "lang", "translations", "base.en.json"))
	if err != nil {
		t.Fatal(err)
	}
	var english map[string]any
	if err := json.Unmarshal(base, &english); err != nil {
		t.Fatal(err)
	}
	for k := range english {
		keys[k] = true
	}
	if len(keys) < 30 || !keys["Save"] || !keys["Cancel"] || !keys["file.name"] {
		t.Fatalf("found only %d Fyne keys (%v): is the scan looking at Fyne's source?", len(keys), sortedKeys(keys))
	}
	return keys
}

// fyneTexts parses fyne.<lang>.json as Fyne's lang package does (go-i18n, JSON).
func fyneTexts(t *testing.T, lang string) map[string]string {
	t.Helper()
	name := "fyne." + lang + ".json"
	mf, err := i18n.ParseMessageFileBytes(New(lang).FyneMessages(), name, map[string]i18n.UnmarshalFunc{"json": json.Unmarshal})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := map[string]string{}
	for _, m := range mf.Messages {
		out[m.ID] = m.Other
	}
	return out
}

// Every key Fyne 2.7.1 looks up has a text in each of our languages, and our files hold no key
// Fyne does not use, so that a Fyne upgrade that adds a string fails here first.
func TestFyneMessagesCoverEveryFyneKey(t *testing.T) {
	t.Parallel()
	keys := fyneKeys(t)
	for _, lang := range languages {
		texts := fyneTexts(t, lang)
		for _, k := range sortedKeys(keys) {
			if strings.TrimSpace(texts[k]) == "" {
				t.Errorf("fyne.%s.json has no text for Fyne's %q", lang, k)
			}
		}
		for k := range texts {
			if !keys[k] && k != FyneLanguageKey {
				t.Errorf("fyne.%s.json has %q, which Fyne does not use", lang, k)
			}
		}
		if texts[FyneLanguageKey] != lang {
			t.Errorf("fyne.%s.json names its language %q", lang, texts[FyneLanguageKey])
		}
	}
}

// The Vietnamese file is Vietnamese throughout: no text is left as Fyne's English.
func TestFyneMessagesVietnameseIsNotEnglish(t *testing.T) {
	t.Parallel()
	vi, en := fyneTexts(t, "vi"), fyneTexts(t, "en")
	for k, s := range vi {
		if k != FyneLanguageKey && (s == en[k] || s == k) {
			t.Errorf("fyne.vi.json keeps %q as %q", k, s)
		}
	}
}
