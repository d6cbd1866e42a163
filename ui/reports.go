package ui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/reports"
	"policycredit/translations"
)

// Scopes a report can be asked for.
const (
	scopeHousehold = "household"
	scopeGroup     = "group"
	scopeCommune   = string(reports.ScopeCommune)
	scopePoint     = string(reports.ScopePoint)
	scopeOffice    = string(reports.ScopeOffice)
)

// scopeTitles name the scopes (message IDs written out so the translation tests see them).
var scopeTitles = map[string]string{
	scopeHousehold: "reports.screen.scope_household",
	scopeGroup:     "reports.screen.scope_group",
	scopeCommune:   "reports.screen.scope_commune",
	scopePoint:     "reports.screen.scope_point",
	scopeOffice:    "reports.screen.scope_office",
}

// units a summary can be printed in, by the unit's size in đồng.
var units = []struct {
	id    string
	dongs int64
}{{"reports.screen.unit_dong", 1}, {"reports.screen.unit_thousand", 1_000}, {"reports.screen.unit_million", 1_000_000}}

// reportRequest is what the screen's choices ask of a report.
type reportRequest struct {
	scope string
	id    int64  // the group, commune or point; the household's borrower ID
	code  string // the household's customer code, the group's or commune's code
	on    data.Date
	from  data.Date  // a period's start, for the kinds that cover one
	month data.Month // a monthly kind's month (the settlement's reports)
	loc   *translations.Localizer
	unit  int64 // đồng per printed unit
	split bool  // all statements: one PDF per household
}

// reportKind is one report of the screen. build computes the figures (off the UI goroutine,
// stopping when ctx is cancelled, telling progress a fraction done) and returns the PDF's
// renderer and file name; a kind that writes a folder itself returns a nil render and the
// folder's path. The statements are this screen's own; the other reports come from
// reports.Registry.
type reportKind struct {
	id, title string // title: message ID
	scopes    []string
	period    bool // it covers a period ending on the date: the From date is asked
	monthly   bool // it covers a month: the Month is asked instead of the date
	build     func(ctx context.Context, a *App, r reportRequest, progress func(float64)) (render func(io.Writer) error, name string, err error)
	// table, for a report whose figures are a table, makes that table for xlsx and CSV.
	table func(ctx context.Context, a *App, r reportRequest) (reports.Table, error)
}

// reportKinds lists the reports that work.
var reportKinds = []reportKind{
	{id: "statement", title: "report.statement.title", scopes: []string{scopeHousehold, scopeGroup, scopeCommune}, build: buildStatements,
		table: statementsTable},
}

// scopeChoice is one item the scope's list offers.
type scopeChoice struct {
	label string
	id    int64
	code  string
}

// reportsScreen builds a report for a scope and date, saves its PDF and opens it.
type reportsScreen struct {
	app   *App
	loads latest
	// quiet holds loadChoices while carry sets kind, scope and search one after the other:
	// each change would search the store again, for a list the next one replaces.
	quiet bool

	kind     *choice
	scope    *choice
	search   *widget.Entry
	target   *choice
	choices  []scopeChoice
	date     *widget.Entry
	from     *widget.Entry // a period's start (the Directive 40 review)
	month    *widget.Entry // a monthly report's month, YYYY-MM
	lang     *choice
	unit     *choice
	output   *choice
	progress *widget.ProgressBar
	buildBtn *widget.Button
	export   *widget.Button
	cancel   *widget.Button
	result   *keepLabel
	// Open and Open folder: the file just saved, and the folder it is in.
	openFile, openFolder *widget.Button

	closing *monthClosing

	// want is the household, group or commune to pick once the list arrives (carried from the
	// screen the clerk came from); carried is the last one carried, so that coming back does
	// not undo the clerk's own choice.
	want    int64
	carried subject

	stop       context.CancelFunc
	lastSaved  string // the last file or folder saved, for tests and the status bar
	lastOpened string // the last file or folder Open or Open folder opened, for tests
	root       fyne.CanvasObject
}

func newReportsScreen(a *App) *reportsScreen {
	s := &reportsScreen{app: a}
	loc := a.loc
	var kinds []string
	for _, k := range reportKinds {
		kinds = append(kinds, loc.T(k.title))
	}
	s.kind = newSelect(loc, kinds, func(string) { s.kindChanged() })
	s.scope = newSelect(loc, nil, func(string) { s.loadChoices() })
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(loc.T("reports.screen.search"))
	s.search.OnChanged = func(string) { s.loadChoices() }
	s.target = newSelect(loc, nil, nil)
	s.date = widget.NewEntry()
	s.from = widget.NewEntry()
	s.from.SetText(loc.Date(data.DirectiveDate))
	s.month = widget.NewEntry()
	var langs []string
	for _, l := range translations.Languages() {
		langs = append(langs, loc.T("language."+l))
	}
	s.lang = newSelect(loc, langs, nil)
	s.lang.SetSelected(loc.T("language." + loc.Lang()))
	var unitNames []string
	for _, u := range units {
		unitNames = append(unitNames, loc.T(u.id))
	}
	s.unit = newSelect(loc, unitNames, nil)
	s.unit.SetSelectedIndex(0)
	s.output = newSelect(loc, []string{loc.T("reports.screen.combined"), loc.T("reports.screen.split")}, nil)
	s.output.SetSelectedIndex(0)
	s.progress = widget.NewProgressBar()
	s.progress.Hide()
	s.buildBtn = widget.NewButton(loc.T("reports.screen.build"), s.build)
	s.buildBtn.Importance = widget.HighImportance
	s.export = widget.NewButton(loc.T("list.export"), s.exportTable)
	s.cancel = widget.NewButton(loc.T("reports.screen.cancel"), func() {
		if s.stop != nil {
			s.stop()
		}
	})
	s.cancel.Disable()
	s.result = newKeepLabel("")
	s.openFile = widget.NewButtonWithIcon(loc.T("shelldesk.report_open"), theme.FileIcon(), func() { s.open(s.lastSaved) })
	s.openFolder = widget.NewButtonWithIcon(loc.T("shelldesk.report_open_folder"), theme.FolderOpenIcon(), func() {
		s.open(filepath.Dir(s.lastSaved))
	})
	s.openFile.Hide()
	s.openFolder.Hide()
	s.closing = newMonthClosing(a)

	form := widget.NewForm(
		widget.NewFormItem(loc.T("reports.screen.report"), s.kind),
		widget.NewFormItem(loc.T("reports.screen.scope"), s.scope),
		widget.NewFormItem(loc.T("reports.screen.find"), s.search),
		widget.NewFormItem(loc.T("reports.screen.target"), s.target),
		widget.NewFormItem(loc.Field("review.from"), s.from),
		widget.NewFormItem(loc.T("reports.screen.date"), s.date),
		widget.NewFormItem(loc.Field("settlement.month"), s.month),
		widget.NewFormItem(loc.T("reports.screen.language"), s.lang),
		widget.NewFormItem(loc.T("reports.screen.unit"), s.unit),
		widget.NewFormItem(loc.T("reports.screen.output"), s.output),
	)
	s.root = container.NewVBox(
		widget.NewLabelWithStyle(loc.T("nav.reports"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		form,
		container.NewHBox(s.buildBtn, s.export, s.cancel, s.openFile, s.openFolder),
		s.progress,
		s.result,
		widget.NewSeparator(),
		s.closing.root,
	)
	s.kind.SetSelectedIndex(0)
	return s
}

func (s *reportsScreen) content() fyne.CanvasObject { return s.root }

func (s *reportsScreen) refresh() {
	if s.date.Text == "" {
		s.date.SetText(s.app.loc.Date(s.app.workingDate()))
	}
	s.defaultMonth()
	s.carry()
	s.closing.refresh()
}

// open opens a saved report, or its folder, in the system's program for it.
func (s *reportsScreen) open(path string) {
	if path == "" {
		return
	}
	s.lastOpened = path
	s.app.openPath(path)
}

// print builds the chosen report (Ctrl+P).
func (s *reportsScreen) print() { s.build() }

func (s *reportsScreen) chosenKind() reportKind {
	if i := s.kind.SelectedIndex(); i >= 0 {
		return reportKinds[i]
	}
	return reportKinds[0]
}

func (s *reportsScreen) chosenScope() string {
	if i := s.scope.SelectedIndex(); i >= 0 && i < len(s.chosenKind().scopes) {
		return s.chosenKind().scopes[i]
	}
	return ""
}

func (s *reportsScreen) kindChanged() {
	var names []string
	for _, sc := range s.chosenKind().scopes {
		names = append(names, s.app.loc.T(scopeTitles[sc]))
	}
	s.scope.Options = names
	// Another report: the search typed for the last one would hide the new list's choices.
	s.search.SetText("")
	s.scope.ClearSelected()
	s.scope.SetSelectedIndex(0)
	if s.chosenKind().period {
		s.from.Enable()
	} else {
		s.from.Disable()
	}
	s.monthOrDate()
	if s.chosenKind().table != nil {
		s.export.Enable()
	} else {
		s.export.Disable()
	}
}

// exportTable saves the chosen report's table where the manager says: the dialog proposes an
// xlsx workbook, where amounts stay exact đồng and dates real dates; a name ending in .csv
// gets CSV. The figures are fetched when the file is chosen, as for the PDF.
func (s *reportsScreen) exportTable() {
	kind := s.chosenKind()
	if kind.table == nil {
		return
	}
	r, err := s.request()
	if err != nil {
		s.app.showError(err)
		return
	}
	a := s.app
	name := strings.TrimSuffix(reportName(kind.id, r), ".pdf") + ".xlsx"
	a.saveAs(name, func(ctx context.Context, w io.Writer, path string) error {
		table, err := kind.table(ctx, a, r)
		if err != nil {
			return err
		}
		if exportCSV(path) {
			return table.WriteCSV(w, r.loc)
		}
		return reports.WriteXLSX(w, table)
	})
}

// loadChoices fills the scope's list with the households, groups, communes or points that
// match the search, off the UI goroutine.
func (s *reportsScreen) loadChoices() {
	if s.quiet {
		return
	}
	scope, query := s.chosenScope(), s.search.Text
	s.search.Enable()
	s.target.Enable()
	if scope == scopeOffice || scope == "" {
		s.search.Disable()
		s.target.Disable()
		s.setChoices(nil)
		return
	}
	if scope == scopeGroup || scope == scopeCommune {
		s.output.Enable()
	} else {
		s.output.Disable()
	}
	n := s.loads.next()
	store, ctx := s.app.store, s.app.ctx
	var found []scopeChoice
	s.app.async(func(context.Context) error {
		switch scope {
		case scopeHousehold:
			bs, err := store.SearchBorrowers(ctx, query, 50)
			for _, b := range bs {
				found = append(found, scopeChoice{b.Code + " – " + b.Name, b.ID, b.Code})
			}
			return err
		case scopeGroup:
			gs, err := store.SearchGroups(ctx, query, 50)
			for _, g := range gs {
				found = append(found, scopeChoice{g.Code + " – " + g.Name, g.ID, g.Code})
			}
			return err
		case scopeCommune:
			cs, err := store.Communes(ctx)
			for _, c := range cs {
				if matches(c.Code+" "+c.Name, query) {
					found = append(found, scopeChoice{c.Code + " – " + c.Name, c.ID, c.Code})
				}
			}
			return err
		case scopePoint:
			ps, err := store.Points(ctx, 0)
			for _, p := range ps {
				if matches(p.Code+" "+p.Name, query) {
					found = append(found, scopeChoice{p.Code + " – " + p.Name, p.ID, p.Code})
				}
			}
			return err
		}
		return nil
	}, func(err error) {
		if !s.loads.is(n) {
			return
		}
		if err != nil {
			s.app.showError(err)
			return
		}
		s.setChoices(found)
	})
}

// matches is a search of every word of query in s, with or without diacritics.
func matches(s, query string) bool { return holdsAll(data.Fold(s), data.SearchTerms(query)) }

func (s *reportsScreen) setChoices(cs []scopeChoice) {
	s.choices = cs
	labels := make([]string, len(cs))
	for i, c := range cs {
		labels[i] = c.label
	}
	s.target.Options = labels
	s.target.ClearSelected()
	pick := 0
	for i, c := range cs {
		if s.want != 0 && c.id == s.want {
			pick = i
		}
	}
	s.want = 0
	if len(cs) > 0 {
		s.target.SetSelectedIndex(pick)
	}
	s.target.Refresh()
}

// request reads the screen's choices.
func (s *reportsScreen) request() (reportRequest, error) {
	loc := s.app.loc
	on, err := loc.ParseDate(s.date.Text)
	if err != nil {
		return reportRequest{}, err
	}
	r := reportRequest{scope: s.chosenScope(), on: on, loc: loc, unit: 1, split: s.output.SelectedIndex() == 1}
	if i := s.lang.SelectedIndex(); i >= 0 {
		r.loc = translations.New(translations.Languages()[i])
	}
	if s.chosenKind().period {
		from, e := parseDateField(loc, "review.from", s.from.Text)
		if e != nil {
			return reportRequest{}, e
		}
		r.from = from
	}
	if i := s.unit.SelectedIndex(); i >= 0 {
		r.unit = units[i].dongs
	}
	if s.chosenKind().monthly {
		if r.month, err = parseMonthField(s.month.Text); err != nil {
			return reportRequest{}, err
		}
	}
	if r.scope != scopeOffice {
		i := s.target.SelectedIndex()
		if i < 0 || i >= len(s.choices) {
			return reportRequest{}, data.Invalid("statement.scope", "required")
		}
		r.id, r.code = s.choices[i].id, s.choices[i].code
	}
	return r, nil
}

// build runs the chosen report off the UI goroutine with a progress bar and Cancel, saves
// its PDF in the reports folder and opens it.
func (s *reportsScreen) build() {
	if s.stop != nil {
		return // one build at a time
	}
	r, err := s.request()
	if err != nil {
		s.app.showError(err)
		return
	}
	kind := s.chosenKind()
	ctx, stop := context.WithCancel(s.app.ctx)
	s.stop = stop
	s.buildBtn.Disable()
	s.cancel.Enable()
	s.progress.SetValue(0)
	s.progress.Show()
	s.result.SetText("")
	s.openFile.Hide()
	s.openFolder.Hide()
	progress := func(f float64) { s.app.do(func() { s.progress.SetValue(f) }) }
	dir := s.app.opts.ReportsDir
	var path string
	record := s.app.exportAudit()
	s.app.async(func(context.Context) error {
		render, name, err := kind.build(ctx, s.app, r, progress)
		if err != nil {
			return err
		}
		if render == nil { // the kind wrote a folder
			path = name
			if err := privateTree(path); err != nil {
				return err
			}
			return record(ctx, filepath.Base(path), path)
		}
		var buf bytes.Buffer
		if err := render(&buf); err != nil {
			return err
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		path = filepath.Join(dir, name)
		if err := s.app.writePrivate(path, buf.Bytes()); err != nil {
			return err
		}
		return record(ctx, name, path)
	}, func(err error) {
		stop()
		s.stop = nil
		s.buildBtn.Enable()
		s.cancel.Disable()
		s.progress.Hide()
		switch {
		case errors.Is(err, context.Canceled):
			s.result.SetText(s.app.loc.T("reports.screen.cancelled"))
		case err != nil:
			s.app.showError(err)
		default:
			s.lastSaved = path
			msg := s.app.loc.T("report.saved", "File", path)
			s.result.SetText(msg)
			s.app.notify(msg)
			s.app.openPath(path)
			// Closed the viewer, or printed it? Open and Open folder bring it back.
			s.openFile.Show()
			s.openFolder.Show()
		}
	})
}
