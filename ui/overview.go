package ui

import (
	"context"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/reports"
)

// overviewScreen is the first screen a manager sees: the office, or one commune, on a date,
// in key figures and charts. Tapping a commune's bar opens that commune's overview, a
// program's bar the program; Meeting mode shows the same figures as slides.
type overviewScreen struct {
	app   *App
	loads latest

	scope    *choice
	date     *overviewEntry
	show     *overviewButton
	meeting  *overviewButton
	state    *widget.Label
	tiles    *fyne.Container
	figures  *container.Scroll // the tiles and charts
	blank    *fyne.Container   // instead of them, what to do next in an office with no loans
	charts   map[string]*chartWidget
	titles   map[string]*chartTitle // each chart's title
	root     fyne.CanvasObject
	communes []data.Commune
	programs []data.Program

	// shown is the overview on screen; chosen is the commune asked for (0: the office).
	shown     data.Overview
	loaded    bool
	listed    bool // communes and programs are in
	chosen    int64
	lastSaved string // the last handout Ctrl+P saved
}

// overviewCharts are the screen's charts in reading order, each under its title (message ID).
var overviewCharts = []struct{ id, title string }{
	{"programs", "overview.chart.programs"},
	{"ratio", "overview.chart.communes"},
	{"associations", "overview.chart.associations"},
	{"sources", "overview.chart.sources"},
	{"trend", "overview.chart.trend"},
	{"ratings", "overview.chart.ratings"},
}

func newOverviewScreen(a *App) *overviewScreen {
	s := &overviewScreen{app: a, charts: map[string]*chartWidget{}, titles: map[string]*chartTitle{}}
	loc := a.loc
	s.scope = newSelect(loc, nil, func(string) { s.scopeChanged() })
	s.scope.onKey = func(e *fyne.KeyEvent) bool { return presentOnF11(e, s.present) }
	s.date = newOverviewEntry(s.present)
	s.date.SetText(loc.Date(a.workingDate()))
	s.date.OnSubmitted = func(string) { s.load() }
	s.show = newOverviewButton(loc.T("overview.show"), theme.ViewRefreshIcon(), s.load, s.present)
	s.meeting = newOverviewButton(loc.T("overview.meeting"), theme.ComputerIcon(), s.startMeeting, s.present)
	s.meeting.Importance = widget.HighImportance
	s.state = widget.NewLabel("")
	s.tiles = container.NewGridWithColumns(4)
	style := officeChartStyle()
	grid := container.NewGridWithColumns(2)
	var trend fyne.CanvasObject
	for _, c := range overviewCharts {
		w := newChart(nil, style, s.open)
		s.charts[c.id] = w
		title := newChartTitle(loc.T(c.title))
		s.titles[c.id] = title
		card := chartCard(title, w)
		if c.id == "trend" {
			// The trend needs the width of the window for its twelve columns.
			trend = container.NewStack(minHeight(280), card)
		} else {
			grid.Add(card)
		}
	}
	dateBox := container.NewGridWrap(fyne.NewSize(120, s.date.MinSize().Height), s.date)
	scopeBox := container.NewGridWrap(fyne.NewSize(210, s.scope.MinSize().Height), s.scope)
	// The bar wraps rather than widen the window: Meeting stays reachable in a 1024-pixel
	// window in French, the longest. "Working out…" goes under it.
	bar := container.New(&wrapLayout{}, container.NewHBox(widget.NewLabel(loc.T("overview.scope")), scopeBox),
		container.NewHBox(widget.NewLabel(loc.T("field.summary.date")), dateBox), s.show, s.meeting)
	s.state.Importance = widget.LowImportance
	s.state.Hide()
	s.figures = container.NewVScroll(container.NewVBox(s.tiles, trend, grid))
	s.blank = container.NewStack()
	s.blank.Hide()
	s.root = container.NewBorder(container.NewVBox(bar, s.state), nil, nil, nil, container.NewStack(s.figures, s.blank))
	return s
}

// noLoans says whether the office has never lent: no loan on the date and none in the year
// before. Its figures would all be zeros, which read as data.
func noLoans(ov data.Overview) bool {
	if !ov.IsOffice() || ov.Totals().Loans > 0 {
		return false
	}
	for _, p := range ov.Trend {
		if p.Outstanding != 0 || p.Overdue != 0 {
			return false
		}
	}
	return true
}

// showEmpty puts what to do next in place of the figures of an office with no loans: import
// the bank's file, add a commune, or, in an office with no commune yet, the demo office.
func (s *overviewScreen) showEmpty(empty bool) {
	if !empty {
		s.blank.Hide()
		s.figures.Show()
		s.meeting.Enable()
		return
	}
	s.meeting.Disable() // slides of zeros would tell a meeting nothing
	a, loc := s.app, s.app.loc
	text := loc.T("overviewdesk.empty")
	var buttons []*widget.Button
	if a.may(data.ActImport) {
		b := widget.NewButtonWithIcon(loc.T("overviewdesk.import"), theme.UploadIcon(), a.startImport)
		b.Importance = widget.HighImportance
		buttons = append(buttons, b)
	}
	if a.may(data.ActPlaces) && a.mayOpen("places") {
		buttons = append(buttons, widget.NewButtonWithIcon(loc.T("overviewdesk.add_commune"), theme.ContentAddIcon(), s.addCommune))
	}
	// The demo office goes only into a data file with no commune (the store refuses others).
	if s.listed && len(s.communes) == 0 && a.may(data.ActImport) {
		text += "\n\n" + loc.T("overviewdesk.empty_demo")
		buttons = append(buttons, widget.NewButtonWithIcon(loc.T("overviewdesk.demo"), theme.ComputerIcon(), a.askNewOffice))
	}
	s.blank.Objects = []fyne.CanvasObject{emptyState(text, buttons...)}
	s.figures.Hide()
	s.blank.Show()
	s.blank.Refresh()
}

// addCommune opens Places on a new commune's form.
func (s *overviewScreen) addCommune() {
	s.app.Navigate("places")
	if p, ok := s.app.screens[s.app.current].(*placesScreen); ok {
		p.tabs.SelectIndex(0)
		p.newRecord()
	}
}

// chartCard is a chart under its title on a light panel.
func chartCard(title fyne.CanvasObject, chart fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = 6
	return container.NewStack(bg, container.NewPadded(container.NewBorder(title, nil, nil, nil, chart)))
}

// minHeight is an invisible spacer that holds a stack at least h tall.
func minHeight(h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(0, h))
	return r
}

func (s *overviewScreen) content() fyne.CanvasObject { return s.root }

// refresh reads the communes and programs (for the scope picker and the programs' names)
// while the overview itself is computed: the screen opens in the time of the longer.
func (s *overviewScreen) refresh() {
	s.load()
	var communes []data.Commune
	var programs []data.Program
	s.app.async(func(ctx context.Context) (err error) {
		if communes, err = s.app.store.Communes(ctx); err != nil {
			return err
		}
		programs, err = s.app.store.Programs(ctx)
		return err
	}, func(err error) {
		if err != nil {
			s.app.showError(err)
			return
		}
		s.communes, s.programs, s.listed = communes, programs, true
		options := []string{s.app.loc.T("overview.office")}
		selected := 0
		for i, c := range communes {
			options = append(options, c.Name)
			if c.ID == s.chosen {
				selected = i + 1
			}
		}
		s.scope.OnChanged = nil // setting the options must not load again
		s.scope.SetOptions(options)
		s.scope.SetSelectedIndex(selected)
		s.scope.OnChanged = func(string) { s.scopeChanged() }
		if s.loaded {
			s.fill() // the programs' names
		}
		s.startPendingMeeting()
	})
}

// startPendingMeeting opens the meeting asked for at start-up once figures and names are in.
func (s *overviewScreen) startPendingMeeting() {
	if m := s.app.opts.Meeting; m != nil && s.loaded && s.listed {
		s.app.opts.Meeting = nil
		s.app.startMeeting(s.shown, s.programs, *m, 0)
	}
}

func (s *overviewScreen) scopeChanged() {
	s.chosen = 0
	if i := s.scope.SelectedIndex(); i > 0 && i <= len(s.communes) {
		s.chosen = s.communes[i-1].ID
	}
	s.load()
}

// load computes the overview of the chosen scope and date off the UI goroutine; a later load
// supersedes one still running.
func (s *overviewScreen) load() {
	loc := s.app.loc
	on, err := loc.ParseDate(s.date.Text)
	if err != nil {
		if e := data.ForField(err, "value"); e != nil {
			c := *e
			c.Field = "summary.date" // the parser's reason, with its example, under the field's name
			err = &c
		}
		s.app.showError(err)
		return
	}
	n := s.loads.next()
	communeID := s.chosen
	s.state.SetText(loc.T("overview.loading"))
	s.state.Show()
	var ov data.Overview
	s.app.async(func(ctx context.Context) (err error) {
		ov, err = s.app.store.Overview(ctx, communeID, on)
		return err
	}, func(err error) {
		if !s.loads.is(n) {
			return
		}
		s.state.Hide()
		if err != nil {
			s.app.showError(err)
			return
		}
		s.shown, s.loaded = ov, true
		s.fill()
		s.startPendingMeeting()
	})
}

// programNames are the programs' names in a language.
func programNames(programs []data.Program, lang string) map[string]string {
	out := make(map[string]string, len(programs))
	for _, p := range programs {
		out[p.Code] = p.NameIn(lang)
	}
	return out
}

// fill shows the overview's figures.
func (s *overviewScreen) fill() {
	loc, ov := s.app.loc, s.shown
	s.tiles.Objects = nil
	for _, f := range reports.KeyFigures(ov, loc) {
		s.tiles.Add(newFigureTile(f))
	}
	s.tiles.Refresh()
	names := programNames(s.programs, loc.Lang())
	s.charts["programs"].SetChart(reports.ProgramChart(ov, loc, names))
	s.charts["ratio"].SetChart(reports.RatioChart(ov, loc, 0))
	s.charts["associations"].SetChart(reports.AssociationChart(ov, loc))
	s.charts["sources"].SetChart(reports.SourceChart(ov, loc))
	s.charts["trend"].SetChart(reports.TrendChart(ov, loc))
	s.charts["ratings"].SetChart(reports.RatingChart(ov, loc))
	ratioTitle := loc.T("overview.chart.communes")
	if !ov.IsOffice() {
		ratioTitle = loc.T("overview.chart.groups_ratio")
	}
	s.titles["ratio"].SetText(ratioTitle)
	s.titles["ratings"].SetText(ratingsTitle(loc, ov))
	s.showEmpty(noLoans(ov))
}

// open follows a tapped bar: a commune's overview, or the program on the Programs screen.
func (s *overviewScreen) open(link string) {
	kind, code, _ := strings.Cut(link, ":")
	switch kind {
	case "commune":
		for i, c := range s.communes {
			if c.Code == code {
				s.scope.SetSelectedIndex(i + 1) // loads it
			}
		}
	case "program":
		for _, sc := range s.app.screens {
			if p, ok := sc.(*programsScreen); ok {
				p.want = code
			}
		}
		s.app.Navigate("programs")
	}
}

// newFigureTile is one key figure: label, big value, note.
func newFigureTile(f reports.BigFigure) fyne.CanvasObject {
	value := canvas.NewText(f.Value, theme.Color(theme.ColorNameForeground))
	value.TextSize = 28
	value.TextStyle.Bold = true
	if f.Alert {
		value.Color = officeChartStyle().alert
	}
	// Label and note wrap: four tiles share a 1024-pixel window, and French labels are long.
	label := widget.NewLabelWithStyle(f.Label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	label.Wrapping = fyne.TextWrapWord
	note := widget.NewLabel(f.Note)
	note.Wrapping = fyne.TextWrapWord
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = 6
	return container.NewStack(bg, container.NewVBox(label, container.New(layout.NewCustomPaddedLayout(0, 0, theme.InnerPadding(), 0), value), note))
}

// present starts the meeting at once, in the clerk's language, each commune included.
func (s *overviewScreen) present() {
	if s.loaded && !noLoans(s.shown) {
		s.app.startMeeting(s.shown, s.programs, MeetingStart{EachCommune: s.shown.IsOffice()}, 0)
	}
}

// print (Ctrl+P) saves the slides of what the screen shows as a handout in the clerk's
// language.
func (s *overviewScreen) print() {
	if !s.loaded {
		return
	}
	slides := reports.BuildSlides(s.shown, s.app.loc, reports.SlideOptions{Office: s.app.office,
		Programs: programNames(s.programs, s.app.loc.Lang()), EachCommune: s.shown.IsOffice()})
	titleRatings(slides, s.app.loc, s.shown)
	s.app.saveHandout(s.shown, slides, s.app.loc, func(path string, err error) {
		if err != nil {
			s.app.showError(err)
			return
		}
		s.lastSaved = path
	})
}

func (s *overviewScreen) startMeeting() {
	if !s.loaded || noLoans(s.shown) {
		return
	}
	s.app.showMeetingSetup(s.shown, s.programs)
}
