package ui

import (
	"os"
	"path/filepath"
	"policycredit/reports"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Fyne's file dialog translates its buttons through its lang package (see useFyneLanguage) but
// writes a few words in English whatever the language: the shortcuts on its left, the question
// before replacing a file and the error when a new folder cannot be made. The helpers here label
// the dialog with our messages and take over those three places.

// filePlaces maps the English names Fyne 2.7.1 gives its shortcuts to our messages.
var filePlaces = map[string]string{
	"Home":      "filedialog.place.home",
	"Computer":  "filedialog.place.computer",
	"App Files": "filedialog.place.app_files",
	"Desktop":   "filedialog.place.desktop",
	"Documents": "filedialog.place.documents",
	"Downloads": "filedialog.place.downloads",
	"Music":     "filedialog.place.music",
	"Pictures":  "filedialog.place.pictures",
	"Videos":    "filedialog.place.videos",
	"Movies":    "filedialog.place.movies",
}

// fileDialogFolderKey is the preference in which Fyne's file dialog keeps the folder it shows;
// it is the only public trace of that folder.
const fileDialogFolderKey = "fyne:fileDialogLastFolder"

// fileSave asks where to save a file, named name by default. done gets the writer, and closing
// it; it is not called when the clerk cancels.
func (a *App) fileSave(name string, done func(w fyne.URIWriteCloser)) *dialog.FileDialog {
	loc := a.loc
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err == nil && w != nil {
			done(w)
		}
	}, a.win)
	d.SetTitleText(loc.T("filedialog.save_title"))
	d.SetConfirmText(loc.T("action.save"))
	d.SetDismissText(loc.T("action.cancel"))
	d.SetFileName(name)
	a.startInDocuments(d)
	d.Show()
	a.localizeFileDialog(d, loc.T("action.save"), done)
	return d
}

// fileOpen asks for a file to read. done gets the reader, and closing it; it is not called when
// the clerk cancels.
func (a *App) fileOpen(done func(r fyne.URIReadCloser)) *dialog.FileDialog {
	loc := a.loc
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err == nil && r != nil {
			done(r)
		}
	}, a.win)
	d.SetTitleText(loc.T("filedialog.open_title"))
	d.SetConfirmText(loc.T("filedialog.open"))
	d.SetDismissText(loc.T("action.cancel"))
	a.startInDocuments(d)
	d.Show()
	a.localizeFileDialog(d, loc.T("filedialog.open"), nil)
	return d
}

// startInDocuments opens the clerk's first file dialog in Documents, where office PCs keep
// their files, rather than in the profile's home folder; later ones reopen where the last one
// was left, as Fyne does.
func (a *App) startInDocuments(d *dialog.FileDialog) {
	if _, ok := a.dialogFolder(); ok {
		return
	}
	docs := documentsDir()
	if docs == "" {
		return
	}
	if dir, err := storage.ListerForURI(storage.NewFileURI(docs)); err == nil {
		d.SetLocation(dir)
	}
}

// localizeFileDialog relabels the shortcuts of d, just shown, and takes over its New Folder
// button and, when save is set, the replace question of its confirm button (labelled confirm).
func (a *App) localizeFileDialog(d *dialog.FileDialog, confirm string, save func(w fyne.URIWriteCloser)) {
	popUp, ok := a.win.Canvas().Overlays().Top().(*widget.PopUp)
	if !ok {
		return // a native dialog (Flatpak portal) speaks the system's language itself
	}
	var places *widget.List
	var name *widget.Entry
	var buttons []*widget.Button
	var files []fyne.Widget
	eachFileDialogObject(popUp.Content, func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *container.Split:
			places, _ = o.Leading.(*widget.List)
		case *widget.Entry:
			name = o
		case *widget.Button:
			buttons = append(buttons, o)
		case *widget.GridWrap, *widget.List:
			files = append(files, o.(fyne.Widget))
		}
	})
	if places == nil {
		return // not Fyne's own file dialog
	}
	a.relabelPlaces(places)
	for _, b := range buttons {
		switch {
		case b.Icon != nil && b.Icon.Name() == theme.FolderNewIcon().Name():
			b.OnTapped = func() { a.askNewFolder(d) }
		case b.Text == confirm && b.Importance == widget.HighImportance && save != nil && name != nil:
			fyneConfirm := b.OnTapped
			b.OnTapped = func() {
				if !a.askReplace(d, name.Text, save) {
					fyneConfirm()
				}
			}
		}
	}
	// A file's double click keeps the confirm action of when its row was drawn: draw them again.
	for _, w := range files {
		w.Refresh()
	}
}

// eachFileDialogObject visits o and what it holds, through the containers a file dialog is
// built of.
func eachFileDialogObject(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			eachFileDialogObject(c, f)
		}
	case *container.Split:
		eachFileDialogObject(x.Leading, f)
		eachFileDialogObject(x.Trailing, f)
	case *container.Scroll:
		eachFileDialogObject(x.Content, f)
	}
}

// relabelPlaces names the dialog's shortcuts with our messages each time the list draws a row.
func (a *App) relabelPlaces(places *widget.List) {
	loc := a.loc
	fyneUpdate := places.UpdateItem
	places.UpdateItem = func(id widget.ListItemID, item fyne.CanvasObject) {
		fyneUpdate(id, item)
		eachFileDialogObject(item, func(o fyne.CanvasObject) {
			if l, ok := o.(*widget.Label); ok {
				if msg, ok := filePlaces[l.Text]; ok {
					l.SetText(loc.T(msg))
				}
			}
		})
	}
	places.Refresh()
}

// dialogFolder is the folder d shows.
func (a *App) dialogFolder() (fyne.ListableURI, bool) {
	u, err := storage.ParseURI(a.fyneApp.Preferences().String(fileDialogFolderKey))
	if err != nil {
		return nil, false
	}
	dir, err := storage.ListerForURI(u)
	return dir, err == nil
}

// askReplace handles a file name that is taken: it asks before replacing a file and refuses a
// folder, in the clerk's language. It reports false when the name is free (or the folder
// unknown), leaving the save to Fyne.
func (a *App) askReplace(d *dialog.FileDialog, name string, save func(w fyne.URIWriteCloser)) bool {
	loc := a.loc
	dir, ok := a.dialogFolder()
	if !ok || name == "" {
		return false
	}
	target, err := storage.Child(dir, name)
	if err != nil {
		return false
	}
	exists, _ := storage.Exists(target)
	if isDir, _ := storage.CanList(target); exists && isDir {
		a.showMessage(loc.T("error.title"), loc.T("filedialog.is_folder", "File", name))
		return true
	}
	// Never the office's file, its companions or a backup, whatever the name leads to.
	if err := reports.CheckOutput(target.Path(), a.protected()); err != nil && target.Scheme() == "file" {
		a.showError(err)
		return true
	}
	if !exists {
		return false
	}
	question := widget.NewLabel(loc.T("filedialog.overwrite", "File", name))
	question.Wrapping = fyne.TextWrapWord
	ask := dialog.NewCustomConfirm(loc.T("filedialog.overwrite_title"), loc.T("filedialog.overwrite_confirm"),
		loc.T("action.cancel"), question, func(replace bool) {
			if !replace {
				return
			}
			d.Hide()
			w, err := storage.Writer(target)
			if err != nil {
				a.showError(err)
				return
			}
			save(w)
		}, a.win)
	ask.Resize(fyne.NewSize(420, 0))
	ask.Show()
	return true
}

// askNewFolder makes a folder in the one d shows, as Fyne's New Folder button does, with our
// words for the question and for a failure.
func (a *App) askNewFolder(d *dialog.FileDialog) {
	loc := a.loc
	name := widget.NewEntry()
	dialog.ShowForm(loc.T("filedialog.new_folder"), loc.T("filedialog.create_folder"), loc.T("action.cancel"),
		[]*widget.FormItem{widget.NewFormItem(loc.T("filedialog.folder_name"), name)}, func(ok bool) {
			folder := strings.TrimSpace(name.Text)
			dir, known := a.dialogFolder()
			if !ok || folder == "" || !known {
				return
			}
			if err := os.MkdirAll(filepath.Join(dir.Path(), folder), 0o750); err != nil {
				fyne.LogError("creating a folder", err)
				a.showMessage(loc.T("error.title"), loc.T("filedialog.folder_failed", "Name", folder))
				return
			}
			d.SetLocation(dir) // lists the new folder
		}, a.win)
}

// showMessage shows a sentence in a dialog with our Close button.
func (a *App) showMessage(title, text string) {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(title, a.loc.T("action.close"), l, a.win)
	d.Resize(fyne.NewSize(420, 0))
	d.Show()
}
