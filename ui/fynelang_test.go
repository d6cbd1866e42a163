package ui

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"policycredit/translations"
)

// fyneSource is the source of the Fyne module this build uses.
func fyneSource(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "fyne.io/fyne/v2").Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Fatalf("cannot locate the Fyne module's source: %v", err)
	}
	return dir
}

// fyneBuiltinLocales names every locale Fyne ships a translation for: a new one would be a
// locale Fyne might settle on without our texts.
func TestFyneBuiltinLocales(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(fyneSource(t), "lang", "translations", "base.*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Fyne translations found: %v", err)
	}
	want := []string{"en"}
	for _, f := range files {
		l := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "base."), ".json")
		if l = strings.ReplaceAll(l, "_", "-"); l != "en" {
			want = append(want, l)
		}
	}
	var got []string
	for _, l := range fyneBuiltinLocales {
		got = append(got, l.String())
	}
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("fyneBuiltinLocales = %v, Fyne ships %v", got, want)
	}
}

// Fyne's own strings follow the app's language whatever the computer's locale: one Fyne
// translates, one it does not, none at all ("C"), or a list of them.
func TestFyneStringsFollowTheAppLanguageWhateverTheComputerLocale(t *testing.T) {
	computers := []map[string]string{
		{}, {"LANG": "C"}, {"LANG": "C.UTF-8"}, {"LANG": "POSIX"},
		{"LANG": "en_US.UTF-8"}, {"LANG": "en_GB.UTF-8"}, {"LANG": "vi_VN.UTF-8"}, {"LANG": "fr_FR.UTF-8"},
		{"LANG": "fr_CA.UTF-8"}, {"LANG": "de_DE.UTF-8"}, {"LANG": "pt_BR.UTF-8"}, {"LANG": "pt_PT.UTF-8"},
		{"LANG": "zh_CN.UTF-8"}, {"LANG": "zh_TW.UTF-8"}, {"LANG": "ja_JP.UTF-8"}, {"LANG": "uk_UA.UTF-8"},
		{"LC_ALL": "ru_RU.UTF-8", "LANG": "vi_VN.UTF-8"}, {"LANG": "de_DE.UTF-8", "LANGUAGE": "sv:fr:de"},
		{"LANG": "vi_VN.UTF-8", "LANGUAGE": "ta:vi"},
	}
	for _, env := range computers {
		for _, k := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
			t.Setenv(k, env[k])
		}
		for _, l := range []string{"vi", "fr", "en", "vi"} {
			loc := translations.New(l)
			useFyneLanguage(loc)
			for key, want := range fyneTexts(t, l) {
				if got := lang.X(key, key); got != want {
					t.Errorf("computer %v, app in %s: Fyne's %q reads %q, want %q", env, l, key, got, want)
				}
			}
		}
	}
	useFyneLanguage(translations.New("vi"))
}

// Switching the language in the app switches Fyne's strings with it.
func TestSetLanguageSwitchesFyneStrings(t *testing.T) {
	a, _ := newTestApp(t, "vi", "settings")
	for _, c := range []struct{ lang, save, yes string }{
		{"vi", "Lưu", "Có"}, {"en", "Save", "Yes"}, {"fr", "Enregistrer", "Oui"}, {"vi", "Lưu", "Có"},
	} {
		a.SetLanguage(c.lang)
		if lang.L("Save") != c.save || lang.L("Yes") != c.yes {
			t.Errorf("in %s Fyne says %q and %q, want %q and %q", c.lang, lang.L("Save"), lang.L("Yes"), c.save, c.yes)
		}
	}
}

// fakeHome makes a home folder with the usual shortcut folders, so that the file dialog shows
// every shortcut it can.
func fakeHome(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	var dirs strings.Builder
	for _, d := range []string{"Desktop", "Documents", "Downloads", "Music", "Pictures", "Videos"} {
		if err := os.Mkdir(filepath.Join(home, d), 0o755); err != nil {
			t.Fatal(err)
		}
		dirs.WriteString("XDG_" + strings.ToUpper(d) + `_DIR="$HOME/` + d + "\"\n")
	}
	config := filepath.Join(home, ".config")
	if err := os.Mkdir(config, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(config, "user-dirs.dirs"), []byte(dirs.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", config)
	return home
}

// pathParts are the names along path, which the file dialog shows as data.
func pathParts(paths ...string) []any {
	var out []any
	for _, p := range paths {
		for _, part := range strings.Split(p, string(filepath.Separator)) {
			out = append(out, part, strings.TrimSuffix(part, filepath.Ext(part)))
		}
	}
	return out
}

// overlayWith finds the dialog over the window that shows text.
func overlayWith(a *App, text string) fyne.CanvasObject {
	for _, o := range a.win.Canvas().Overlays().List() {
		for _, s := range shownTexts(o) {
			if s.text == text {
				return o
			}
		}
	}
	return nil
}

// buttonIn finds the button labelled text, or showing icon, in o.
func buttonIn(o fyne.CanvasObject, text string, icon fyne.Resource) *widget.Button {
	var found *widget.Button
	walk(o, func(x fyne.CanvasObject) {
		if b, ok := x.(*widget.Button); ok && found == nil &&
			((text != "" && b.Text == text) || (icon != nil && b.Icon != nil && b.Icon.Name() == icon.Name())) {
			found = b
		}
	})
	return found
}

// The file dialogs, a confirm and an error dialog and an entry's menu show only the app's
// language: Fyne's buttons through our texts, its English shortcuts and questions replaced.
func TestFyneDialogsSpeakTheAppLanguage(t *testing.T) {
	home := fakeHome(t)
	for _, l := range translations.Languages() {
		t.Run(l, func(t *testing.T) {
			a, _ := newTestApp(t, l, "settings")
			loc := a.loc
			folder := t.TempDir()
			if err := os.WriteFile(filepath.Join(folder, "danh-sach.csv"), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			check := newTextChecker(t, l, append(testData(t, a), pathParts(home, folder, "danh-sach.csv", "ho-vay-2026.csv")...)...)
			lookAt := func(what string, o fyne.CanvasObject) []shownText {
				t.Helper()
				texts := shownTexts(o)
				if len(texts) == 0 {
					t.Errorf("%s: shows nothing", what)
				}
				for _, leak := range check.leaks(texts) {
					t.Errorf("%s, %s: %s", l, what, leak)
				}
				return texts
			}
			shows := func(texts []shownText, want string) bool {
				for _, s := range texts {
					if s.text == want {
						return true
					}
				}
				return false
			}

			save := a.fileSave("ho-vay-2026.csv", func(w fyne.URIWriteCloser) { w.Close() })
			dir, _ := storage.ListerForURI(storage.NewFileURI(folder))
			save.SetLocation(dir)
			popUp := a.win.Canvas().Overlays().Top()
			texts := lookAt("save dialog", popUp)
			for _, id := range []string{"filedialog.save_title", "filedialog.place.home", "filedialog.place.documents",
				"filedialog.place.computer", "action.save", "action.cancel"} {
				if !shows(texts, loc.T(id)) {
					t.Errorf("%s: the save dialog does not show %q", l, loc.T(id))
				}
			}
			if !shows(texts, lang.L("Enter filename")) || !shows(texts, "("+lang.X("file.parent", "Parent")+")") {
				t.Errorf("%s: the save dialog lacks Fyne's own strings in our words", l)
			}
			options := buttonIn(popUp, "", theme.SettingsIcon())
			test.Tap(options)
			if menu := a.win.Canvas().Overlays().Top(); !shows(lookAt("save dialog options", menu), fyneTexts(t, l)["Show Hidden Files"]) {
				t.Errorf("%s: the options show no %q", l, fyneTexts(t, l)["Show Hidden Files"])
			}
			a.win.Canvas().Overlays().Remove(a.win.Canvas().Overlays().Top())
			test.Tap(buttonIn(popUp, "", theme.FolderNewIcon()))
			lookAt("new folder", a.win.Canvas().Overlays().Top())
			closeOverlays(a)

			a.fileOpen(func(r fyne.URIReadCloser) { r.Close() })
			if !shows(lookAt("open dialog", a.win.Canvas().Overlays().Top()), loc.T("filedialog.open_title")) {
				t.Errorf("%s: the open dialog has no title of ours", l)
			}
			closeOverlays(a)

			dialog.NewConfirm(loc.T("filedialog.overwrite_title"), loc.T("filedialog.overwrite", "File", "danh-sach.csv"), nil, a.win).Show()
			if texts := lookAt("confirm dialog", a.win.Canvas().Overlays().Top()); !shows(texts, lang.L("Yes")) || !shows(texts, lang.L("No")) {
				t.Errorf("%s: the confirm dialog has no Yes and No", l)
			}
			closeOverlays(a)
			dialog.NewError(errors.New(loc.T("error.unexpected")), a.win).Show()
			lookAt("error dialog", a.win.Canvas().Overlays().Top())
			closeOverlays(a)

			entry := widget.NewEntry()
			a.win.SetContent(container.NewVBox(entry))
			test.Type(entry, "Lâm Thị Ánh")
			test.TapSecondary(entry)
			if texts := lookAt("entry menu", a.win.Canvas().Overlays().Top()); !shows(texts, lang.L("Paste")) || !shows(texts, lang.L("Undo")) {
				t.Errorf("%s: the entry's menu lacks Paste or Undo", l)
			}
		})
	}
}

// A name already taken in the save dialog asks, in the clerk's language, before replacing the
// file, and replaces it only when told to; a folder's name is refused; New Folder makes one.
func TestSaveDialogAsksBeforeReplacingInTheClerksLanguage(t *testing.T) {
	fakeHome(t)
	a, _ := newTestApp(t, "vi", "settings")
	loc := a.loc
	folder := t.TempDir()
	old := filepath.Join(folder, "danh-sach.csv")
	if err := os.WriteFile(old, []byte("cũ"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(folder, "bao-cao"), 0o755); err != nil {
		t.Fatal(err)
	}
	saved := 0
	open := func(name string) fyne.CanvasObject {
		d := a.fileSave(name, func(w fyne.URIWriteCloser) {
			saved++
			io.WriteString(w, "mới")
			w.Close()
		})
		dir, _ := storage.ListerForURI(storage.NewFileURI(folder))
		d.SetLocation(dir)
		return a.win.Canvas().Overlays().Top()
	}

	popUp := open("danh-sach.csv")
	test.Tap(buttonIn(popUp, loc.T("action.save"), nil))
	ask := overlayWith(a, loc.T("filedialog.overwrite", "File", "danh-sach.csv"))
	if ask == nil || saved != 0 {
		t.Fatalf("saving over a file asks nothing of ours (saved %d times)", saved)
	}
	if overlayWith(a, "Overwrite?") != nil {
		t.Error("Fyne's English question shows as well")
	}
	test.Tap(buttonIn(ask, loc.T("action.cancel"), nil))
	if b, _ := os.ReadFile(old); string(b) != "cũ" || saved != 0 {
		t.Fatalf("cancelling replaced the file: %q, saved %d", b, saved)
	}
	test.Tap(buttonIn(popUp, loc.T("action.save"), nil))
	test.Tap(buttonIn(overlayWith(a, loc.T("filedialog.overwrite_title")), loc.T("filedialog.overwrite_confirm"), nil))
	if b, _ := os.ReadFile(old); string(b) != "mới" || saved != 1 {
		t.Fatalf("replacing wrote %q, saved %d times", b, saved)
	}
	closeOverlays(a)

	popUp = open("bao-cao")
	test.Tap(buttonIn(popUp, loc.T("action.save"), nil))
	if overlayWith(a, loc.T("filedialog.is_folder", "File", "bao-cao")) == nil || saved != 1 {
		t.Errorf("a folder's name is not refused in our words (saved %d)", saved)
	}
	closeOverlays(a)

	popUp = open("moi.csv")
	test.Tap(buttonIn(popUp, "", theme.FolderNewIcon()))
	form := overlayWith(a, loc.T("filedialog.folder_name"))
	if form == nil {
		t.Fatal("New Folder asks no folder name in our words")
	}
	var name *widget.Entry
	walk(form, func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok {
			name = e
		}
	})
	test.Type(name, "Tháng 12")
	test.Tap(buttonIn(form, loc.T("filedialog.create_folder"), nil))
	if st, err := os.Stat(filepath.Join(folder, "Tháng 12")); err != nil || !st.IsDir() {
		t.Fatalf("New Folder made nothing: %v", err)
	}
	test.Tap(buttonIn(popUp, loc.T("action.save"), nil))
	if b, err := os.ReadFile(filepath.Join(folder, "moi.csv")); err != nil || string(b) != "mới" || saved != 2 {
		t.Errorf("a free name is not saved at once: %q, %v, saved %d", b, err, saved)
	}
}
