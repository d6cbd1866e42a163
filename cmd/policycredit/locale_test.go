package main

import (
	"testing"

	"github.com/jeandeaual/go-locale"
)

// Not parallel: it sets the locale variables. Under LANG=C.UTF-8 (Debian's default in services
// and containers) Fyne must find no language rather than log "Error parsing user locale C" on
// every command: the patched go-locale in third_party reads C.UTF-8 as the C locale.
func TestCLocaleIsNoLanguage(t *testing.T) {
	for _, lang := range []string{"C", "C.UTF-8", "POSIX", "POSIX.UTF-8"} {
		t.Setenv("LC_ALL", "")
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANGUAGE", "")
		t.Setenv("LANG", lang)
		locales, err := locale.GetLocales()
		if err != nil || len(locales) != 0 {
			t.Errorf("LANG=%s: locales %q, %v; want none", lang, locales, err)
		}
	}
	t.Setenv("LANG", "fr_FR.UTF-8")
	if locales, _ := locale.GetLocales(); len(locales) != 1 || locales[0] != "fr-FR" {
		t.Errorf("LANG=fr_FR.UTF-8: %q", locales)
	}
}
