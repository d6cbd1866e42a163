package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"text/template/parse"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"policycredit/data"
	"policycredit/data/sqlite"
	"policycredit/translations"
)

// This file checks that every word a screen shows comes from the localizer: a message of the
// screen's language, one of our texts for Fyne's own strings, or data (names, codes, numbers,
// dates, amounts). A label typed into Go code in any language fails it.

// shownText is one string an object shows, or holds to show on demand (a select's options).
type shownText struct {
	text  string
	where string // the widget type that holds it
}

// shownTexts collects the strings o and everything inside it show. Widgets that draw their own
// text field are read by that field, not through their renderer, which may cut it into wrapped
// lines; other widgets are entered through their renderer, which holds visible table and list
// cells, tab buttons and the like. Hidden objects are read too: they show later.
func shownTexts(o fyne.CanvasObject) []shownText {
	var out []shownText
	add := func(where string, texts ...string) {
		for _, s := range texts {
			if strings.TrimSpace(s) != "" {
				out = append(out, shownText{s, where})
			}
		}
	}
	var visit func(o fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		if o == nil || reflect.ValueOf(o).IsNil() {
			return
		}
		where := fmt.Sprintf("%T", o)
		switch x := o.(type) {
		case *canvas.Text:
			add(where, x.Text)
			return
		case *widget.Label:
			add(where, x.Text)
			return
		case *keepLabel:
			add(where, x.String()) // the text before the label broke it into lines
			return
		case *widget.Button:
			add(where, x.Text)
			return
		case *widget.Check:
			add(where, x.Text)
			return
		case *widget.Hyperlink:
			add(where, x.Text)
			return
		case *widget.RichText:
			add(where, x.String())
			return
		case *widget.Entry:
			add(where, x.Text, x.PlaceHolder)
			return
		case *widget.SelectEntry:
			add(where, x.Text, x.PlaceHolder)
			return
		case *choice:
			add(where, x.PlaceHolder, x.Selected)
			add(where, x.Options...)
			return
		case *widget.RadioGroup:
			add(where, x.Options...)
			return
		case *widget.Card:
			add(where, x.Title, x.Subtitle)
		case *widget.Form:
			for _, it := range x.Items {
				add(where, it.Text, it.HintText)
			}
			if x.OnSubmit != nil {
				add(where, x.SubmitText)
			}
			if x.OnCancel != nil {
				add(where, x.CancelText)
			}
		case *widget.Accordion:
			for _, it := range x.Items {
				add(where, it.Title)
			}
		case *container.AppTabs: // the tabs not shown are not in the renderer
			for _, it := range x.Items {
				add(where, it.Text)
				visit(it.Content)
			}
		case *container.DocTabs:
			for _, it := range x.Items {
				add(where, it.Text)
				visit(it.Content)
			}
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				visit(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				visit(c)
			}
		}
	}
	visit(o)
	return out
}

// windowTexts collects what the window shows: its content and every overlay (dialogs, menus).
func windowTexts(w fyne.Window) []shownText {
	out := shownTexts(w.Content())
	for _, o := range w.Canvas().Overlays().List() {
		out = append(out, shownTexts(o)...)
	}
	return out
}

// messagePattern matches the texts a message with template variables can render.
type messagePattern struct {
	id string
	re *regexp.Regexp
}

// templateRegexp turns a message template into a regular expression: text stands for itself,
// each {{.X}} for any text (a group, checked in turn), {{if}} for its optional branches.
func templateRegexp(tmpl string) (string, error) {
	trees, err := parse.Parse("m", tmpl, "{{", "}}", map[string]any{})
	if err != nil {
		return "", err
	}
	var nodes func(list *parse.ListNode) string
	nodes = func(list *parse.ListNode) string {
		if list == nil {
			return ""
		}
		var b strings.Builder
		for _, n := range list.Nodes {
			switch n := n.(type) {
			case *parse.TextNode:
				b.WriteString(regexp.QuoteMeta(string(n.Text)))
			case *parse.IfNode:
				if n.ElseList != nil {
					b.WriteString("(?:" + nodes(n.List) + "|" + nodes(n.ElseList) + ")")
				} else {
					b.WriteString("(?:" + nodes(n.List) + ")?")
				}
			default:
				b.WriteString("(.*?)")
			}
		}
		return b.String()
	}
	return "(?s)^" + nodes(trees["m"].Root) + "$", nil
}

// messageTexts reads every form of every message of lang from the message files.
func messageTexts(t *testing.T, lang string) map[string][]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "translations", "*."+lang+".toml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no %s message files: %v", lang, err)
	}
	out := map[string][]string{}
	for _, name := range files {
		buf, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		mf, err := i18n.ParseMessageFileBytes(buf, name, map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, m := range mf.Messages {
			for _, form := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
				if form != "" {
					out[m.ID] = append(out[m.ID], form)
				}
			}
		}
	}
	return out
}

// fyneTexts are our texts for Fyne's own strings in lang.
func fyneTexts(t *testing.T, lang string) map[string]string {
	t.Helper()
	var texts map[string]string
	if err := json.Unmarshal(translations.New(lang).FyneMessages(), &texts); err != nil {
		t.Fatal(err)
	}
	delete(texts, translations.FyneLanguageKey)
	return texts
}

// fyneEnglish is what Fyne 2.7.1 writes in English outside its lang package: the file dialog's
// shortcuts and questions, a select's and a form's defaults.
var fyneEnglish = []string{
	"Home", "Computer", "App Files", "Desktop", "Documents", "Downloads", "Music", "Pictures",
	"Videos", "Movies", "(Select one)", "Submit", "Cancel", "Overwrite?", "Cannot overwrite",
	"Are you sure you want to overwrite the file", "Files cannot replace a directory, check the file name and try again",
	"folder cannot be created",
}

// formatWords are the words the localizer's formats write: English and French month names,
// English "VND", and the words of amounts written out (AmountInWords).
func formatWords(lang string) []string {
	out := map[string][]string{
		"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "VND"},
		"fr": {"janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc"},
	}[lang]
	loc := translations.New(lang)
	for n := data.Dong(-1); n < 1000; n++ { // every word a number below a thousand uses, and the units
		for _, unit := range []data.Dong{1, 1_000, 1_000_000, 1_000_000_000, 1_000_000_000_000} {
			out = append(out, words(loc.AmountInWords(n*unit))...)
		}
	}
	return out
}

// words splits s into its words: runs of letters (with their accents).
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) })
}

// templateAction is a {{…}} action of a template; without them, a message leaves the words it
// always writes.
var templateAction = regexp.MustCompile(`\{\{[^}]*\}\}`)

// textChecker says whether a string a screen shows in one language came from the localizer.
type textChecker struct {
	lang        string
	exact       map[string]bool // messages without variables and our texts for Fyne's strings
	patterns    []messagePattern
	data        map[string]bool // strings of the office shown, and of the test itself
	dataWords   map[string]bool // their words, lower case, and the formats' words
	englishOnly map[string]bool // Vietnamese only: words of English texts no Vietnamese text has
}

// newTextChecker learns lang's messages and the data a screen may show: every string of the
// demo office and of extra (the store's programs, the user, file paths).
func newTextChecker(t *testing.T, lang string, extra ...any) *textChecker {
	t.Helper()
	c := &textChecker{lang: lang, exact: map[string]bool{}, data: map[string]bool{}, dataWords: map[string]bool{}}
	for id, forms := range messageTexts(t, lang) {
		for _, f := range forms {
			if !strings.Contains(f, "{{") {
				c.exact[f] = true
				continue
			}
			expr, err := templateRegexp(f)
			if err != nil {
				t.Fatalf("%s %s: %v", lang, id, err)
			}
			c.patterns = append(c.patterns, messagePattern{id, regexp.MustCompile(expr)})
		}
	}
	fyne := fyneTexts(t, lang)
	for _, s := range fyne {
		c.exact[s] = true
	}
	// What Fyne composes of them: the file dialog's parent folder and titles.
	c.exact["("+fyne["file.parent"]+")"] = true
	for _, verb := range []string{fyne["Open"], fyne["Save"]} {
		c.exact[verb+" "+fyne["File"]] = true
		c.exact[verb+" "+fyne["Folder"]] = true
	}
	for _, v := range append([]any{smallOffice()}, extra...) {
		if s, ok := v.(string); ok {
			c.data[s] = true // named by the test: kept even when it looks like a code
			continue
		}
		collectStrings(reflect.ValueOf(v), c.data)
	}
	for s := range c.data {
		for _, w := range words(s) {
			c.dataWords[strings.ToLower(w)] = true
		}
	}
	for _, w := range formatWords(lang) {
		c.dataWords[strings.ToLower(w)] = true
	}
	if lang == "vi" {
		c.englishOnly = englishOnlyWords(t, c.dataWords)
	}
	return c
}

// englishOnlyWords lists, lower case, the words of the English texts (messages, our texts for
// Fyne's strings, Fyne's own English) that no Vietnamese text uses and no data holds.
func englishOnlyWords(t *testing.T, dataWords map[string]bool) map[string]bool {
	t.Helper()
	vi := map[string]bool{}
	for id, forms := range messageTexts(t, "vi") {
		if strings.HasPrefix(id, "cli.") || strings.HasPrefix(id, "importfile.") {
			// The command line's help names its commands (export, report…) in English, and
			// the import's file messages name Excel's and LibreOffice's English menus.
			continue
		}
		for _, f := range forms {
			for _, w := range words(templateAction.ReplaceAllString(f, " ")) {
				vi[strings.ToLower(w)] = true
			}
		}
	}
	for _, s := range fyneTexts(t, "vi") {
		for _, w := range words(s) {
			vi[strings.ToLower(w)] = true
		}
	}
	english := append([]string(nil), fyneEnglish...)
	for _, forms := range messageTexts(t, "en") {
		for _, f := range forms {
			english = append(english, templateAction.ReplaceAllString(f, " "))
		}
	}
	for _, s := range fyneTexts(t, "en") {
		english = append(english, s)
	}
	only := map[string]bool{}
	for _, s := range english {
		for _, w := range words(s) {
			if w = strings.ToLower(w); !vi[w] && !dataWords[w] {
				only[w] = true
			}
		}
	}
	if !only["export"] || !only["save"] || !only["home"] {
		t.Fatalf("the English-only words miss export, save or home: %d words", len(only))
	}
	return only
}

// storedCode is how the data spells a kind, state or rating ("good", "near_poor"): the
// screens show their messages, never the codes, so they are no words of the data.
var storedCode = regexp.MustCompile(`^[a-z0-9_.-]+$`)

// collectStrings adds every string inside v (structs, slices, maps, pointers) but codes.
func collectStrings(v reflect.Value, into map[string]bool) {
	switch v.Kind() {
	case reflect.String:
		if s := strings.TrimSpace(v.String()); s != "" && !storedCode.MatchString(s) {
			into[s] = true
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			collectStrings(v.Elem(), into)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			collectStrings(v.Field(i), into)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			collectStrings(v.Index(i), into)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			collectStrings(k, into)
			collectStrings(v.MapIndex(k), into)
		}
	}
}

// problem says why s did not come from the localizer, or "" when it did.
func (c *textChecker) problem(s string) string {
	if c.englishOnly != nil && !c.data[strings.TrimSpace(s)] {
		var english []string
		for _, w := range words(s) {
			if c.englishOnly[strings.ToLower(w)] {
				english = append(english, w)
			}
		}
		if len(english) > 0 {
			return "has English word(s) " + strings.Join(english, ", ")
		}
	}
	if !c.accepts(s, 0) {
		return "is no " + c.lang + " message and no data"
	}
	return ""
}

// accepts reports whether s is a message of c's language (its variables filled with accepted
// text), data, or lines of those.
func (c *textChecker) accepts(s string, depth int) bool {
	trimmed := strings.TrimSpace(s)
	if trimmed == "" || c.exact[trimmed] || c.data[trimmed] || c.onlyDataWords(trimmed) {
		return true
	}
	if depth > 3 {
		return false
	}
	for _, p := range c.patterns {
		if c.matches(p, s, depth) || c.matches(p, trimmed, depth) {
			return true
		}
	}
	s = trimmed
	if lines := strings.Split(s, "\n"); len(lines) > 1 {
		for _, l := range lines {
			if !c.accepts(l, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// matches reports whether s is what p renders with accepted text in its variables; a variable
// standing for the whole of s proves nothing.
func (c *textChecker) matches(p messagePattern, s string, depth int) bool {
	m := p.re.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	for _, part := range m[1:] {
		if strings.TrimSpace(part) == strings.TrimSpace(s) || !c.accepts(part, depth+1) {
			return false
		}
	}
	return true
}

// onlyDataWords: every word of s is a word of the data or of a format; text without words
// (numbers, amounts, dates, symbols such as "—") passes.
func (c *textChecker) onlyDataWords(s string) bool {
	for _, w := range words(s) {
		if !c.dataWords[strings.ToLower(w)] {
			return false
		}
	}
	return true
}

// leaks lists what texts show that did not come from the localizer, once each.
func (c *textChecker) leaks(texts []shownText) []string {
	seen := map[string]bool{}
	var out []string
	for _, st := range texts {
		if seen[st.text] {
			continue
		}
		seen[st.text] = true
		if why := c.problem(st.text); why != "" {
			out = append(out, fmt.Sprintf("%q in a %s %s", st.text, st.where, why))
		}
	}
	sort.Strings(out)
	return out
}

// testData is what a screen under test may show besides the demo office: the store's own
// records (programs, settings), the user and the file paths of the test.
func testData(t *testing.T, a *App) []any {
	t.Helper()
	ctx := context.Background()
	programs, err := a.store.Programs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	office, _ := a.store.Office(ctx)
	return []any{programs, office, a.opts.User, a.opts.BackupDir, a.opts.ReportsDir, a.store.Path(), data.ErrorLogFor(a.store.Path()).Path}
}

// Every screen of the navigation, in every language, on the small demo office, shows only
// messages of its language and data.
func TestEveryScreenShowsOnlyLocalizedText(t *testing.T) {
	for _, lang := range translations.Languages() {
		t.Run(lang, func(t *testing.T) {
			a, _ := newDemoApp(t, lang, "overview")
			check := newTextChecker(t, lang, testData(t, a)...)
			for _, n := range a.items {
				a.Navigate(n.id)
				a.Wait()
				a.currentScreen().refresh()
				a.Wait()
				for _, leak := range check.leaks(windowTexts(a.win)) {
					t.Errorf("%s, %s: %s", lang, n.id, leak)
				}
			}
		})
	}
}

// The checker itself: a label typed into code fails, in any language; messages, data and
// formatted figures pass.
func TestTextCheckerCatchesHardCodedLabels(t *testing.T) {
	vi, en := translations.New("vi"), translations.New("en")
	cVi, cEn := newTextChecker(t, "vi", "/tmp/danh-sach.csv"), newTextChecker(t, "en")
	office := smallOffice()
	for _, c := range []struct {
		check *textChecker
		text  string
		ok    bool
	}{
		{cVi, vi.T("list.export"), true},
		{cVi, "Export", false},
		{cVi, "Xuất dữ liệu", false}, // Vietnamese, but no message says it
		{cVi, en.T("list.export"), false},
		{cVi, vi.T("report.saved", "File", "/tmp/danh-sach.csv"), true},
		{cVi, vi.T("report.saved", "File", "Export"), false},
		{cVi, vi.N("count.borrowers", 500), true},
		{cVi, vi.Money(1234567), true},
		{cVi, vi.Date(data.MustDate("2026-11-23")), true},
		{cVi, office.Borrowers[0].Name, true},
		{cVi, "—", true},
		{cVi, "Save", false},
		{cVi, "Home", false},
		{cVi, "(Select one)", false},
		{cEn, en.T("list.export"), true},
		{cEn, "Export", false},
		{cEn, vi.T("list.export"), false},
		{cEn, en.Date(data.MustDate("2026-11-23")), true},
		{cEn, en.Money(-5000), true},
		{cEn, en.N("count.borrowers", 1), true},
		{cEn, "Loading…", false},
		{cEn, office.Groups[0].Name, true},
	} {
		if got := c.check.problem(c.text) == ""; got != c.ok {
			t.Errorf("%s: %q accepted = %v, want %v (%s)", c.check.lang, c.text, got, c.ok, c.check.problem(c.text))
		}
	}
	// "good" is how the data stores a rating, not a word the data shows.
	if cEn.dataWords["good"] {
		t.Error("the codes of the data count as its words")
	}
	// And through a widget tree: a hard-coded button among localized labels is the one leak.
	tree := container.NewVBox(widget.NewLabel(vi.T("nav.borrowers")), widget.NewButton("Export", nil),
		newSelect(vi, []string{vi.T("language.vi")}, nil))
	leaks := cVi.leaks(shownTexts(tree))
	if len(leaks) != 1 || !strings.Contains(leaks[0], `"Export"`) {
		t.Errorf("leaks %v, want the Export button only", leaks)
	}
}

// tapButton taps the first shown, enabled button labelled text in the window or its dialogs.
func tapButton(a *App, text string) bool {
	var found *widget.Button
	roots := append([]fyne.CanvasObject{a.win.Content()}, a.win.Canvas().Overlays().List()...)
	for _, root := range roots {
		walk(root, func(o fyne.CanvasObject) {
			b, ok := o.(*widget.Button)
			if ob, isOverview := o.(*overviewButton); isOverview {
				b, ok = &ob.Button, true // the Overview's buttons also start the meeting on F11
			}
			if ok && found == nil && b.Text == text && o.Visible() && !b.Disabled() {
				found = b
			}
		})
	}
	if found == nil {
		return false
	}
	test.Tap(found)
	a.Wait()
	return true
}

// closeOverlays takes every dialog and menu off the window.
func closeOverlays(a *App) {
	for o := a.win.Canvas().Overlays().Top(); o != nil; o = a.win.Canvas().Overlays().Top() {
		a.win.Canvas().Overlays().Remove(o)
	}
}

// Beyond the screens as they open: a chosen record's detail, the forms for a new one, and the
// dialogs their buttons open, in every language.
func TestScreenStatesAndDialogsShowOnlyLocalizedText(t *testing.T) {
	for _, lang := range translations.Languages() {
		t.Run(lang, func(t *testing.T) {
			a, _ := newDemoApp(t, lang, "overview")
			a.opts.ReportsDir = t.TempDir()
			importPath, importCells := importTestFile(t)
			check := newTextChecker(t, lang, append(testData(t, a), a.opts.ReportsDir, importPath, importCells)...)
			loc := a.loc
			looked := 0
			look := func(state string) {
				t.Helper()
				looked++
				for _, leak := range check.leaks(windowTexts(a.win)) {
					t.Errorf("%s, %s: %s", lang, state, leak)
				}
			}
			open := func(id string) fyne.CanvasObject {
				a.Navigate(id)
				a.Wait()
				a.currentScreen().refresh()
				a.Wait()
				return a.currentScreen().content()
			}
			// dialog taps the button labelled with message id, looks at what it opened and
			// closes it again.
			dialog := func(state, id string) {
				t.Helper()
				if !tapButton(a, loc.T(id)) {
					t.Errorf("%s, %s: no button %q to tap", lang, state, loc.T(id))
					return
				}
				look(state + " › " + id)
				closeOverlays(a)
			}

			open("overview")
			if !tapButton(a, loc.T("overview.meeting")) {
				t.Fatalf("%s: no meeting button", lang)
			}
			look("meeting setup")
			tapButton(a, loc.T("meeting.start"))
			a.Wait()
			slides := 0
			for _, w := range a.fyneApp.Driver().AllWindows() {
				if w == a.win || w.Canvas().OnTypedKey() == nil {
					continue // the main window, or one Fyne's test driver keeps for itself
				}
				// Each slide, through the clicker's key, until the last one shows again.
				last := ""
				for range 60 {
					texts := shownTexts(w.Content())
					shown := fmt.Sprint(texts)
					if shown == last {
						break
					}
					last = shown
					slides++
					for _, leak := range check.leaks(texts) {
						t.Errorf("%s, meeting slide %d: %s", lang, slides, leak)
					}
					w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyRight})
				}
				w.Close()
			}
			if slides < 5 {
				t.Errorf("%s: the meeting showed %d slides", lang, slides)
			}
			closeOverlays(a)

			open("borrowers")
			b := a.currentScreen().(*borrowersScreen)
			b.table.Select(widget.TableCellID{Row: 0, Col: 1})
			a.Wait()
			look("borrower chosen")
			dialog("borrower chosen", "group.move_member")
			dialog("borrower chosen", "borrower.leave")
			b.newRecord()
			a.Wait()
			look("new borrower")
			b.save() // an empty form: every message under its field
			a.Wait()
			look("new borrower refused")

			open("groups")
			g := a.currentScreen().(*groupsScreen)
			g.table.Select(widget.TableCellID{Row: 0, Col: 1})
			a.Wait()
			look("group chosen")
			dialog("group chosen", "group.add_member")
			g.membersTable.Select(widget.TableCellID{Row: 0, Col: 1})
			a.Wait()
			dialog("group member chosen", "group.move_member")
			g.newRecord()
			a.Wait()
			look("new group")

			open("loans")
			l := a.currentScreen().(*loansScreen)
			l.table.Select(widget.TableCellID{Row: 0, Col: 1})
			a.Wait()
			look("loan chosen")
			for _, id := range []string{"loans.action.disburse", "loans.action.collect", "loans.action.reschedule",
				"loans.action.extend", "loans.action.freeze", "loans.action.unfreeze", "loans.action.reverse"} {
				if tapButton(a, loc.T(id)) {
					look("loan chosen › " + id)
				}
				l.closeDialog()
				closeOverlays(a)
				a.Wait()
			}
			l.newRecord()
			a.Wait()
			look("new loan")
			l.cancel()
			a.Wait()

			open("txday")
			dialog("transaction day", "txday.batches")

			open("places")
			p := a.currentScreen().(*placesScreen)
			p.commune.list.Select(0)
			a.Wait()
			look("commune chosen")

			open("programs")
			pr := a.currentScreen().(*programsScreen)
			pr.table.Select(widget.TableCellID{Row: 0, Col: 0})
			a.Wait()
			look("program chosen")

			// The import's column titles (import.col.*) come with the import engine's messages;
			// until those are in, a title shows as its ID and is not the wizard's leak.
			lookImport := func(state string) {
				t.Helper()
				looked++
				pending := loc.T("import.col.customer_code") == "import.col.customer_code"
				for _, leak := range check.leaks(windowTexts(a.win)) {
					if !pending || !strings.Contains(leak, "import.col.") {
						t.Errorf("%s, %s: %s", lang, state, leak)
					}
				}
			}
			open("settings")
			w := a.openImport(importPath)
			a.Wait()
			lookImport("import columns")
			w.sheets[0].fields[0].SetSelected(loc.T("importwizard.not_imported"))
			lookImport("import column missing")
			w.cutOff.SetText("?")
			w.runCheck()
			lookImport("import bad cut-off date")
			w.close()
			w = a.openImport(importPath)
			a.Wait()
			w.runCheck()
			a.Wait()
			lookImport("import checked with problems")
			closeOverlays(a)
			clean := filepath.Join(t.TempDir(), "ho-vay.csv")
			if err := os.WriteFile(clean, []byte(strings.Join(importCells[:4], ",")+"\n"+strings.Join(importCells[4:8], ",")+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			w = a.openImport(clean)
			a.Wait()
			w.runCheck()
			a.Wait()
			lookImport("import checked")
			closeOverlays(a)

			a.showError(data.Errors{data.Invalid("borrower.name", "required"), data.Conflict("borrower.code", "duplicate", "Value", smallOffice().Borrowers[0].Code)})
			look("typed error")
			closeOverlays(a)
			a.showError(fmt.Errorf("disk I/O error"))
			look("storage error")
			closeOverlays(a)

			if looked < 20 {
				t.Errorf("looked at only %d states", looked)
			}
		})
	}
}

// Switching the language rebuilds the open window: nothing of the old language stays, on
// whichever screen the clerk switches.
func TestSwitchingLanguageLeavesNoWordOfTheOldOne(t *testing.T) {
	a, _ := newDemoApp(t, "vi", "overview")
	checks := map[string]*textChecker{}
	for _, l := range translations.Languages() {
		checks[l] = newTextChecker(t, l, testData(t, a)...)
	}
	langs := translations.Languages()
	for i, n := range a.items {
		a.Navigate(n.id)
		a.Wait()
		a.currentScreen().refresh()
		a.Wait()
		from, to := a.loc.Lang(), langs[(i+1)%len(langs)]
		if to == from {
			to = langs[(i+2)%len(langs)]
		}
		a.SetLanguage(to)
		a.Wait()
		if a.loc.Lang() != to || a.items[a.current].id != n.id {
			t.Fatalf("switching to %s on %s left %s on %s", to, n.id, a.loc.Lang(), a.items[a.current].id)
		}
		for _, leak := range checks[to].leaks(windowTexts(a.win)) {
			t.Errorf("%s, switched from %s to %s: %s", n.id, from, to, leak)
		}
	}
}

// The first start's question, before any office exists, in every language.
func TestFirstStartQuestionShowsOnlyLocalizedText(t *testing.T) {
	for _, lang := range translations.Languages() {
		fyneApp := test.NewApp()
		store, err := sqlite.Open(filepath.Join(t.TempDir(), "office.db"))
		if err != nil {
			t.Fatal(err)
		}
		a := New(fyneApp, store, translations.New(lang), Options{User: "tester", FirstStart: true})
		a.Wait()
		check := newTextChecker(t, lang, testData(t, a)...)
		if len(a.win.Canvas().Overlays().List()) == 0 {
			t.Fatalf("%s: no question on first start", lang)
		}
		for _, leak := range check.leaks(windowTexts(a.win)) {
			t.Errorf("%s, first start: %s", lang, leak)
		}
		store.Close()
		fyneApp.Quit()
	}
}

// importTestFile writes a borrowers file for the import wizard in the demo office's places, one
// row good and one without a name, and gives its path and cells, which the wizard shows as data.
func importTestFile(t *testing.T) (string, []string) {
	t.Helper()
	office := smallOffice()
	v := office.Villages[0]
	commune := ""
	for _, c := range office.Communes {
		if c.ID == v.CommuneID {
			commune = c.Code
		}
	}
	cells := []string{"Mã KH", "Họ tên", "Mã xã", "Mã thôn", "KH-NHAP-1", "Đinh Thị Hoa", commune, v.Code, "KH-NHAP-2", "ho-vay.csv"}
	content := strings.Join(cells[:4], ",") + "\n" + strings.Join(cells[4:8], ",") + "\n" + cells[8] + ",," + commune + "," + v.Code + "\n"
	path := filepath.Join(t.TempDir(), "ho-vay.csv")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, cells
}
