package ui

import (
	"context"
	"errors"
	"image/color"
	"io"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/reports"
	"policycredit/transfer"
)

// The import wizard brings a spreadsheet or CSV file of places, groups, borrowers, loans or
// entries into the office, in three steps shown in one dialog: the mapping of each sheet's
// columns, for the clerk to confirm or change; a check that writes nothing and lists every
// refused row; and the import itself, offered only when the check found nothing to refuse.

// importKinds names each kind of sheet; "" leaves a sheet out.
var importKinds = map[transfer.Kind]string{
	transfer.KindPlaces:    "importwizard.kind.places",
	transfer.KindGroups:    "importwizard.kind.groups",
	transfer.KindBorrowers: "importwizard.kind.borrowers",
	transfer.KindLoans:     "importwizard.kind.loans",
	transfer.KindEntries:   "importwizard.kind.entries",
	"":                     "importwizard.kind.none",
}

// importEntities are the records an import counts, in the order they are applied, with their
// names.
var importEntities = []struct{ key, title string }{
	{"commune", "importwizard.entity.commune"},
	{"village", "importwizard.entity.village"},
	{"point", "importwizard.entity.point"},
	{"group", "importwizard.entity.group"},
	{"borrower", "importwizard.entity.borrower"},
	{"loan", "importwizard.entity.loan"},
	{"entry", "importwizard.entity.entry"},
}

// importSamples is how many data values of each column the mapping step shows.
const importSamples = 3

// importFieldWidth is the width of a column's field picker, room for the longest field title.
const importFieldWidth = 300

// importWizard is one run of the wizard, from the file chosen to the dialog closed.
type importWizard struct {
	app  *App
	file *transfer.File
	dlg  dialog.Dialog
	body *fyne.Container

	// the mapping step
	sheets  []*importSheetView
	cutOff  *widget.Entry
	dateMsg *widget.Label
	check   *widget.Button

	// a check or an import under way; running keeps a second press of Import (its button is
	// replaced by the progress, but a press already queued still arrives) from importing twice
	running  busy
	cancel   context.CancelFunc
	progress *widget.ProgressBar
	detail   *widget.Label // the selected problem's reason in full

	// the result step
	outcome  transfer.Outcome
	dryRun   bool
	imported bool
	problems *widget.Table
	save     *widget.Button
	apply    *widget.Button
}

// importSheetView is the mapping of one sheet.
type importSheetView struct {
	w       *importWizard
	sheet   *transfer.Sheet
	kind    *choice
	fields  []*choice
	missing *widget.Label
	known   *widget.Label
	// titles maps a field's shown title to its key, for the kind chosen.
	titles map[string]string
}

// startImport asks for a file and opens the wizard on it.
func (a *App) startImport() {
	a.fileOpen(func(r fyne.URIReadCloser) {
		path := r.URI().Path()
		r.Close() // transfer reads the file by its path and extension
		a.openImport(path)
	})
}

// openImport reads and recognises the file at path off the UI goroutine, then shows the
// mapping step; it returns the wizard, whose dialog opens once the file is read.
func (a *App) openImport(path string) *importWizard {
	w := &importWizard{app: a}
	var f *transfer.File
	a.async(func(ctx context.Context) (err error) {
		f, err = transfer.Open(ctx, path, a.store)
		return err
	}, func(err error) {
		if err != nil {
			w.showFailure(err)
			return
		}
		w.file = f
		w.show()
	})
	return w
}

// showFailure shows why a file could not be read or run: a file's own problem in its
// sentence, anything else as the app shows errors.
func (w *importWizard) showFailure(err error) {
	a := w.app
	var fe *transfer.FileError
	if errors.As(err, &fe) {
		fyne.LogError("import", err)
		a.showMessage(a.loc.T("importwizard.file_error_title"), fe.Text(a.loc))
		return
	}
	a.showError(err)
}

// show opens the wizard's dialog on the mapping step.
func (w *importWizard) show() {
	a := w.app
	w.body = container.NewStack()
	w.dlg = dialog.NewCustomWithoutButtons(a.loc.T("importwizard.title", "File", filepath.Base(w.file.Path)), w.body, a.win)
	w.dlg.SetOnClosed(func() {
		if w.cancel != nil {
			w.cancel()
		}
	})
	w.showMapping()
	w.dlg.Resize(fyne.NewSize(1040, 660))
	w.dlg.Show()
}

// close ends the wizard, stopping whatever runs.
func (w *importWizard) close() {
	if w.cancel != nil {
		w.cancel()
	}
	w.dlg.Hide()
}

func (w *importWizard) setStep(o fyne.CanvasObject) {
	w.body.Objects = []fyne.CanvasObject{o}
	w.body.Refresh()
}

// ---- the mapping step ----

func (w *importWizard) showMapping() {
	a := w.app
	loc := a.loc
	if w.sheets == nil {
		for i := range w.file.Sheets {
			w.sheets = append(w.sheets, newImportSheetView(w, &w.file.Sheets[i]))
		}
		w.cutOff = widget.NewEntry()
		w.cutOff.SetText(loc.Date(data.DateOf(time.Now())))
		w.dateMsg = widget.NewLabel("")
		w.dateMsg.Importance = widget.DangerImportance
		w.dateMsg.Hide()
		w.check = widget.NewButton(loc.T("importwizard.check"), w.runCheck)
		w.check.Importance = widget.HighImportance
	}
	intro := widget.NewLabel(loc.T("importwizard.mapping_intro", "Rows", loc.Number(int64(w.file.Rows()))))
	intro.Wrapping = fyne.TextWrapWord
	sheets := container.NewVBox()
	for _, s := range w.sheets {
		sheets.Add(s.object())
		sheets.Add(widget.NewSeparator())
	}
	cutOffHint := widget.NewLabel(loc.T("importwizard.cut_off_hint"))
	cutOffHint.Wrapping = fyne.TextWrapWord
	cutOff := container.NewBorder(nil, nil,
		widget.NewLabelWithStyle(loc.T("importwizard.cut_off"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil,
		container.NewHBox(container.NewGridWrap(fyne.NewSize(160, w.cutOff.MinSize().Height), w.cutOff), w.dateMsg))
	bottom := container.NewVBox(widget.NewSeparator(), cutOff, cutOffHint,
		container.NewHBox(widget.NewButton(loc.T("action.cancel"), w.close), w.check))
	w.updateCheck()
	w.setStep(container.NewBorder(intro, bottom, nil, nil, container.NewVScroll(sheets)))
}

// updateCheck allows the check when some sheet is to be read and every sheet read has its
// required columns.
func (w *importWizard) updateCheck() {
	some := false
	for _, s := range w.sheets {
		if s.sheet.Mapping.Kind == "" {
			continue
		}
		some = true
		if len(s.sheet.Mapping.Missing()) > 0 {
			w.check.Disable()
			return
		}
	}
	if some {
		w.check.Enable()
	} else {
		w.check.Disable()
	}
}

func newImportSheetView(w *importWizard, sheet *transfer.Sheet) *importSheetView {
	v := &importSheetView{w: w, sheet: sheet}
	loc := w.app.loc
	v.missing = widget.NewLabel("")
	v.missing.Importance = widget.DangerImportance
	v.missing.Wrapping = fyne.TextWrapWord
	v.known = widget.NewLabel("")
	if sheet.Mapping.HeaderLine == 0 {
		return v
	}
	var kinds []string
	for _, k := range transfer.Kinds {
		kinds = append(kinds, loc.T(importKinds[k]))
	}
	kinds = append(kinds, loc.T(importKinds[""]))
	v.kind = newSelect(loc, kinds, nil)
	v.kind.SetSelected(loc.T(importKinds[sheet.Mapping.Kind]))
	v.kind.OnChanged = func(title string) {
		for k, id := range importKinds {
			if loc.T(id) == title && k != v.sheet.Mapping.Kind {
				v.setKind(k)
			}
		}
	}
	v.fields = make([]*choice, len(sheet.Mapping.Header))
	for i := range v.fields {
		col := i
		v.fields[i] = newSelect(loc, nil, nil)
		v.fields[i].OnChanged = func(title string) {
			key := v.titles[title]
			if key != v.sheet.Mapping.Columns[col] {
				v.setColumn(col, key)
			}
		}
	}
	v.fillFields()
	return v
}

// name is how the sheet is called: its name in a workbook, the file's in a CSV file.
func (v *importSheetView) name() string {
	if v.sheet.Mapping.Sheet != "" {
		return v.sheet.Mapping.Sheet
	}
	return filepath.Base(v.w.file.Path)
}

func (v *importSheetView) setKind(k transfer.Kind) {
	v.sheet.Mapping.SetKind(k)
	v.fillFields()
	v.w.updateCheck()
}

func (v *importSheetView) setColumn(i int, key string) {
	v.sheet.Mapping.SetColumn(i, key)
	v.fillFields() // another column may have given up the field
	v.w.updateCheck()
}

// fillFields offers the kind's fields in each column's picker and shows the mapping as it is.
func (v *importSheetView) fillFields() {
	loc := v.w.app.loc
	m := &v.sheet.Mapping
	none := loc.T("importwizard.not_imported")
	v.titles = map[string]string{none: ""}
	options := []string{none}
	for _, f := range transfer.FieldsOf(m.Kind) {
		title := loc.T(f.TitleID())
		v.titles[title] = f.Key
		options = append(options, title)
	}
	for i, sel := range v.fields {
		sel.Options = options
		title := none
		if i < len(m.Columns) && m.Columns[i] != "" {
			if f, ok := transfer.FieldByKey(m.Columns[i]); ok {
				title = loc.T(f.TitleID())
			}
		}
		sel.Selected = title
		if m.Kind == "" {
			sel.Disable()
		} else {
			sel.Enable()
		}
		sel.Refresh()
	}
	if missing := m.Missing(); len(missing) > 0 {
		titles := make([]string, len(missing))
		for i, key := range missing {
			f, _ := transfer.FieldByKey(key)
			titles[i] = loc.T(f.TitleID())
		}
		v.missing.SetText(loc.T("importwizard.missing", "Fields", strings.Join(titles, ", ")))
		v.missing.Show()
	} else {
		v.missing.Hide()
	}
	switch {
	case m.Kind == "":
		v.known.SetText(loc.T("importwizard.sheet_left_out"))
	case m.Remembered:
		v.known.SetText(loc.T("importwizard.remembered"))
	default:
		v.known.SetText(loc.T("importwizard.recognised", "Line", m.HeaderLine))
	}
}

// object is the sheet's part of the mapping step: its name and kind, then one line per column
// with the header as written, the first values and the field the column gives.
func (v *importSheetView) object() fyne.CanvasObject {
	loc := v.w.app.loc
	title := widget.NewLabelWithStyle(loc.T("importwizard.sheet", "Sheet", v.name()), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	if v.kind == nil {
		note := widget.NewLabel(loc.T("importwizard.not_recognised"))
		note.Importance = widget.WarningImportance
		return container.NewVBox(title, note)
	}
	head := container.NewHBox(title, widget.NewLabel(loc.T("importwizard.kind")),
		container.NewGridWrap(fyne.NewSize(220, v.kind.MinSize().Height), v.kind), v.known)
	bold := func(id string, args ...any) fyne.CanvasObject {
		return widget.NewLabelWithStyle(loc.T(id, args...), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	// Each line: the header and samples share the width, the field picker keeps its own.
	line := func(field fyne.CanvasObject, cells ...fyne.CanvasObject) fyne.CanvasObject {
		return container.NewBorder(nil, nil, nil,
			container.NewGridWrap(fyne.NewSize(importFieldWidth, field.MinSize().Height), field),
			container.NewGridWithColumns(1+importSamples, cells...))
	}
	titles := []fyne.CanvasObject{bold("importwizard.col.header")}
	for n := 1; n <= importSamples; n++ {
		titles = append(titles, bold("importwizard.col.sample", "N", n))
	}
	lines := container.NewVBox(line(bold("importwizard.col.field"), titles...))
	samples := v.samples()
	for i, h := range v.sheet.Mapping.Header {
		cells := []fyne.CanvasObject{truncated(orDash(h))}
		for n := 0; n < importSamples; n++ {
			cells = append(cells, truncated(samples[n][i]))
		}
		lines.Add(line(v.fields[i], cells...))
	}
	return container.NewVBox(head, v.missing, lines)
}

// samples are the first data values of each column, "" where the file has fewer rows.
func (v *importSheetView) samples() [importSamples][]string {
	var out [importSamples][]string
	m := v.sheet.Mapping
	for n := range out {
		out[n] = make([]string, len(m.Header))
	}
	n := 0
	for _, r := range v.sheet.Table.Rows {
		if r.Line <= m.HeaderLine {
			continue
		}
		if n == importSamples {
			break
		}
		for i := range m.Header {
			if i < len(r.Cells) {
				out[n][i] = r.Cells[i]
			}
		}
		n++
	}
	return out
}

func truncated(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// ---- checking and importing ----

// runCheck reads the file as mapped and tries it against the office, writing nothing.
func (w *importWizard) runCheck() {
	loc := w.app.loc
	cutOff, err := loc.ParseDate(w.cutOff.Text)
	if err != nil || cutOff.IsZero() {
		w.dateMsg.SetText(loc.T("importwizard.cut_off_invalid"))
		w.dateMsg.Show()
		w.app.win.Canvas().Focus(w.cutOff)
		return
	}
	w.dateMsg.Hide()
	w.run(cutOff, true)
}

// runImport writes what the check showed.
func (w *importWizard) runImport() {
	cutOff, err := w.app.loc.ParseDate(w.cutOff.Text)
	if err != nil {
		w.showMapping()
		return
	}
	w.run(cutOff, false)
}

// run checks (dryRun) or imports off the UI goroutine, with a progress bar and a Cancel
// button; an import that writes remembers the mapping for the next file laid out alike.
func (w *importWizard) run(cutOff data.Date, dryRun bool) {
	a := w.app
	loc := a.loc
	if w.running.running {
		return
	}
	w.running.controls = w.running.controls[:0]
	for _, b := range []*widget.Button{w.check, w.apply} {
		if b != nil { // the buttons of the step shown: each step builds its own
			w.running.guard(b)
		}
	}
	ctx, cancel := context.WithCancel(a.ctx)
	w.cancel = cancel
	w.progress = widget.NewProgressBar()
	w.progress.Max = 1000
	what := "importwizard.checking"
	if !dryRun {
		what = "importwizard.importing"
	}
	stop := widget.NewButton(loc.T("action.cancel"), cancel)
	w.setStep(container.NewVBox(widget.NewLabel(loc.T(what)), w.progress, container.NewHBox(stop)))

	bar := w.progress
	last := -1
	progress := func(permille int) {
		if permille/10 == last/10 { // a hundred steps are smooth enough
			return
		}
		last = permille
		a.do(func() { bar.SetValue(float64(permille)) })
	}
	var out transfer.Outcome
	a.write(&w.running, func(session context.Context) error {
		programs, err := a.store.Programs(ctx)
		if err != nil {
			return err
		}
		out, err = w.file.Run(ctx, a.store, loc, transfer.Env{Programs: programs, CutOff: cutOff}, dryRun, progress)
		if err == nil && out.Result.Written {
			// Written is written: Cancel pressed now must not undo remembering the mapping,
			// nor make the wizard say the import was cancelled.
			err = w.file.Remember(session, a.store) // the session's context: ctx may be cancelled
		}
		return err
	}, func(err error) {
		cancelled := ctx.Err() != nil && !out.Result.Written
		cancel()
		w.cancel = nil
		switch {
		case a.requested(err):
			// The whole file waits for a second user's approval: the wizard is done with it.
			w.close()
		case err != nil && cancelled:
			a.notify(loc.T("importwizard.cancelled"))
			if dryRun {
				w.showMapping()
			} else {
				w.showResult()
			}
		case err != nil && !out.Result.Written:
			w.showFailure(err)
			w.showMapping()
		default:
			if err != nil {
				w.showFailure(err) // written, but the mapping could not be remembered
			}
			w.outcome, w.dryRun = out, dryRun
			w.imported = out.Result.Written
			w.showResult()
			if w.imported {
				a.notify(loc.T("importwizard.done", "File", filepath.Base(w.file.Path)))
				a.screens[a.current].refresh()
			}
		}
	})
}

// ---- the result step ----

func (w *importWizard) showResult() {
	loc := w.app.loc
	out := w.outcome
	var headline string
	switch {
	case len(out.Problems) > 0:
		headline = loc.T("importwizard.result_problems", "Count", loc.Number(int64(len(out.Problems))))
	case w.imported:
		headline = loc.T("importwizard.result_imported")
	default:
		headline = loc.T("importwizard.result_checked")
	}
	head := widget.NewLabelWithStyle(headline, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Wrapping = fyne.TextWrapWord
	if len(out.Problems) > 0 {
		head.Importance = widget.DangerImportance
	}
	counts := w.countsGrid()

	w.save = widget.NewButton(loc.T("importwizard.save_report"), w.saveReport)
	w.apply = widget.NewButton(loc.T("importwizard.import"), w.runImport)
	w.apply.Importance = widget.HighImportance
	back := widget.NewButton(loc.T("importwizard.back"), w.showMapping)
	closeBtn := widget.NewButton(loc.T("action.close"), w.close)
	var buttons *fyne.Container
	// The reason of the selected problem in full: the table's cell cuts a long one short.
	w.detail = widget.NewLabel(loc.T("importwizard.detail_hint"))
	w.detail.Wrapping = fyne.TextWrapWord
	// Two lines kept for it, so that selecting a problem does not move the buttons.
	detailHeight := canvas.NewRectangle(color.Transparent)
	detailHeight.SetMinSize(fyne.NewSize(0, 2*theme.TextSize()+4*theme.Padding()))
	detail := container.NewStack(detailHeight, w.detail)
	switch {
	case w.imported:
		buttons = container.NewHBox(closeBtn)
	case len(out.Problems) > 0:
		w.apply.Disable()
		buttons = container.NewHBox(closeBtn, back, w.save, w.apply)
	default:
		buttons = container.NewHBox(closeBtn, back, w.apply)
	}
	top := container.NewVBox(head, counts)
	var center fyne.CanvasObject = widget.NewLabel("")
	w.problems = nil
	if len(out.Problems) > 0 {
		w.problems = w.problemsTable()
		top.Add(widget.NewSeparator())
		top.Add(widget.NewLabelWithStyle(loc.T("importwizard.problems"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		center = w.problems
		w.problems.OnSelected = func(id widget.TableCellID) {
			if id.Row >= 0 && id.Row < len(out.Problems) {
				p := out.Problems[id.Row]
				w.detail.SetText(loc.T("importwizard.detail", "Line", loc.Number(int64(p.Line)), "Reason", p.Message))
			}
		}
	}
	bottom := container.NewVBox(widget.NewSeparator(), buttons)
	if len(out.Problems) > 0 {
		bottom = container.NewVBox(detail, widget.NewSeparator(), buttons)
	}
	w.setStep(container.NewBorder(top, bottom, nil, nil, center))
}

// countsGrid shows, per kind of record, how many are (or would be) created, updated and left
// unchanged.
func (w *importWizard) countsGrid() fyne.CanvasObject {
	loc := w.app.loc
	bold := func(id string, align fyne.TextAlign) fyne.CanvasObject {
		return widget.NewLabelWithStyle(loc.T(id), align, fyne.TextStyle{Bold: true})
	}
	right := func(n int) fyne.CanvasObject {
		return widget.NewLabelWithStyle(loc.Number(int64(n)), fyne.TextAlignTrailing, fyne.TextStyle{})
	}
	grid := container.NewGridWithColumns(4, bold("importwizard.col.records", fyne.TextAlignLeading),
		bold("importwizard.col.created", fyne.TextAlignTrailing), bold("importwizard.col.updated", fyne.TextAlignTrailing),
		bold("importwizard.col.unchanged", fyne.TextAlignTrailing))
	rows := 0
	for _, e := range importEntities {
		c, ok := w.outcome.Result.Counts[e.key]
		if !ok || c == (data.ImportCount{}) {
			continue
		}
		rows++
		grid.Add(widget.NewLabel(loc.T(e.title)))
		grid.Add(right(c.Created))
		grid.Add(right(c.Updated))
		grid.Add(right(c.Unchanged))
	}
	if rows == 0 {
		if len(w.outcome.Problems) > 0 {
			return container.NewVBox() // a refused file brings nothing; its problems say why
		}
		return widget.NewLabel(loc.T("importwizard.nothing"))
	}
	return container.NewGridWrap(fyne.NewSize(640, grid.MinSize().Height), grid)
}

// problemsTable lists every refused row: sheet, line, column and reason.
func (w *importWizard) problemsTable() *widget.Table {
	loc := w.app.loc
	problems := w.outcome.Problems
	titles := []string{loc.T("importwizard.col.sheet"), loc.T("importwizard.col.line"),
		loc.T("importwizard.col.column"), loc.T("importwizard.col.reason")}
	t := widget.NewTableWithHeaders(
		func() (int, int) { return len(problems), len(titles) },
		func() fyne.CanvasObject { return truncated("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			p := problems[id.Row]
			l := o.(*widget.Label)
			l.Alignment = fyne.TextAlignLeading
			switch id.Col {
			case 0:
				l.SetText(orDash(p.Sheet))
			case 1:
				l.Alignment = fyne.TextAlignTrailing
				l.SetText(loc.Number(int64(p.Line)))
			case 2:
				l.SetText(orDash(p.Column))
			default:
				l.SetText(p.Message)
			}
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 {
			o.(*widget.Label).SetText(titles[id.Col])
		}
	}
	for col, width := range []float32{150, 80, 180, 580} {
		t.SetColumnWidth(col, width)
	}
	return t
}

// saveReport writes the problems as a workbook, for the clerk to correct the file by.
func (w *importWizard) saveReport() {
	a := w.app
	problems := w.outcome.Problems
	base := strings.TrimSuffix(filepath.Base(w.file.Path), filepath.Ext(w.file.Path))
	a.saveAs(a.loc.T("importwizard.report_file", "Name", base)+".xlsx", func(ctx context.Context, out io.Writer, path string) error {
		return reports.WriteXLSX(out, transfer.ProblemsSheet(a.loc, problems))
	})
}

// templateControls let a clerk save a blank template of one kind of import: its columns in
// the clerk's language, an example row, and drop-down lists of programs, associations,
// categories and the other fixed lists.
func (a *App) templateControls() fyne.CanvasObject {
	loc := a.loc
	titles := make([]string, len(transfer.Kinds))
	for i, k := range transfer.Kinds {
		titles[i] = loc.T("import.kind." + string(k))
	}
	kind := newSelect(loc, titles, nil)
	kind.SetSelectedIndex(2) // borrowers: the file an office starts with
	save := widget.NewButton(loc.T("importwizard.template_save"), func() {
		k := transfer.Kinds[kind.SelectedIndex()]
		name := loc.T("importwizard.template_file", "Kind", loc.T("import.kind."+string(k))) + ".xlsx"
		a.saveAs(name, func(ctx context.Context, out io.Writer, _ string) error {
			programs, err := a.store.Programs(ctx)
			if err != nil {
				return err
			}
			return reports.WriteXLSX(out, transfer.Template(loc, k, programs))
		})
	})
	return container.NewHBox(widget.NewLabel(loc.T("importwizard.template_label")), kind, save)
}
