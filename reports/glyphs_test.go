package reports

import (
	"path/filepath"
	"testing"

	"github.com/BurntSushi/toml"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// screenOnly are messages only screens show, where Fyne falls back to its symbol font for the
// arrows the report font lacks.
var screenOnly = map[string]bool{"loans.back": true, "txday.keys": true}

// Every message of every language prints with the embedded font: a letter it lacks would stop
// a report (Write refuses it) only on the day some rare path first uses that message.
func TestEveryMessagePrintsWithTheEmbeddedFont(t *testing.T) {
	t.Parallel()
	fonts, err := glyphTables()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("../translations/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no message files: %v", err)
	}
	var buf sfnt.Buffer
	for _, file := range files {
		var messages map[string]any
		if _, err := toml.DecodeFile(file, &messages); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for id, v := range messages {
			if screenOnly[id] {
				continue
			}
			var texts []string
			switch m := v.(type) {
			case string:
				texts = []string{m}
			case map[string]any:
				for _, form := range m {
					if s, ok := form.(string); ok {
						texts = append(texts, s)
					}
				}
			}
			for _, s := range texts {
				for _, r := range norm.NFC.String(s) {
					if r == '\n' {
						continue
					}
					for style, f := range fonts {
						if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
							t.Errorf("%s %q: no glyph for %U %q in the %q face", filepath.Base(file), id, r, r, style)
						}
					}
				}
			}
		}
	}
}
