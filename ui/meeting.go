package ui

import (
	"bytes"
	"context"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/reports"
	"policycredit/translations"
)

// Meeting mode: the overview's figures as full-screen slides in a language of the meeting's
// choosing, moved by the keys a presenter's clicker sends, optionally advancing by themselves,
// and saved as a PDF handout of the same slides.

// MeetingStart opens meeting mode at start-up (screenshots, and offices that project at once).
type MeetingStart struct {
	Lang        string            // "" for the app's language
	Slide       int               // 1-based slide to show first
	Kind        reports.SlideKind // or the first slide of this kind
	EachCommune bool
	Width       float32 // window size when not full screen; 0 for full screen
	Height      float32
	// Extra slides end the meeting: the Directive 40 review's section, when chosen.
	Extra []reports.Slide
}

// meetingTheme is dark, high-contrast and large: white and bright colours on black read from
// the back of a room and survive a washed-out projector.
type meetingTheme struct{ fyne.Theme }

func (t meetingTheme) Color(name fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch name {
	case theme.ColorNameBackground:
		return color.Black
	case theme.ColorNameForeground:
		return color.White
	}
	return t.Theme.Color(name, theme.VariantDark)
}

func (t meetingTheme) Size(name fyne.ThemeSizeName) float32 {
	if name == theme.SizeNameText {
		return 18
	}
	return t.Theme.Size(name)
}

// meeting is one meeting's window and its slides.
type meeting struct {
	app    *App
	loc    *translations.Localizer // the meeting's language, not the clerk's
	ov     data.Overview
	slides []reports.Slide
	at     int
	win    fyne.Window
	view   *slideView
	full   *widget.Button
	save   *widget.Button
	closed bool
	saved  string // the last handout saved, for tests and the status line

	auto time.Duration
	stop chan struct{}
}

// showMeetingSetup asks the meeting's language, whether each commune gets a slide and the
// auto-advance delay.
func (a *App) showMeetingSetup(ov data.Overview, programs []data.Program) {
	loc := a.loc
	var langs []string
	for _, l := range translations.Languages() {
		langs = append(langs, loc.T("language."+l))
	}
	lang := newSelect(loc, langs, nil)
	lang.SetSelectedIndex(languageIndex(loc.Lang()))
	each := widget.NewCheck(loc.T("meeting.each_commune"), nil)
	each.SetChecked(ov.IsOffice())
	if !ov.IsOffice() {
		each.Disable()
	}
	review, reviewFrom := reviewChoice(a)
	auto := widget.NewEntry()
	auto.SetText("0")
	autoHint := widget.NewLabel(loc.T("meeting.auto_hint"))
	autoHint.Importance = widget.LowImportance
	items := []*widget.FormItem{
		widget.NewFormItem(loc.T("meeting.language"), lang),
		widget.NewFormItem("", each),
		widget.NewFormItem("", review),
		widget.NewFormItem(loc.Field("review.from"), reviewFrom),
		widget.NewFormItem(loc.T("meeting.auto"), container.NewVBox(auto, autoHint)),
	}
	var d *dialog.FormDialog
	d = dialog.NewForm(loc.T("meeting.title"), loc.T("meeting.start"), loc.T("action.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		secs, err := strconv.Atoi(strings.TrimSpace(auto.Text))
		if err != nil || secs < 0 || secs > 600 {
			a.showError(data.Invalid("meeting.auto", "range", "Min", 0, "Max", 600))
			return
		}
		l := translations.Languages()[max(lang.SelectedIndex(), 0)]
		opt := MeetingStart{Lang: l, EachCommune: each.Checked}
		if !review.Checked {
			a.startMeeting(ov, programs, opt, time.Duration(secs)*time.Second)
			return
		}
		a.withReviewSlides(ov, reviewFrom.Text, opt, func(opt MeetingStart) {
			a.startMeeting(ov, programs, opt, time.Duration(secs)*time.Second)
		})
	}, a.win)
	d.Resize(fyne.NewSize(460, 0))
	d.Show()
}

func languageIndex(lang string) int {
	for i, l := range translations.Languages() {
		if l == lang {
			return i
		}
	}
	return 0
}

// startMeeting opens the meeting window, full screen unless a size is asked, on the first
// slide or the one asked.
func (a *App) startMeeting(ov data.Overview, programs []data.Program, opt MeetingStart, auto time.Duration) *meeting {
	lang := opt.Lang
	if lang == "" {
		lang = a.loc.Lang()
	}
	m := &meeting{app: a, loc: translations.New(lang), ov: ov, auto: auto}
	m.slides = reports.BuildSlides(ov, m.loc, reports.SlideOptions{Office: a.office,
		Programs: programNames(programs, lang), EachCommune: opt.EachCommune})
	m.slides = append(m.slides, opt.Extra...)
	titleRatings(m.slides, m.loc, ov)
	if opt.Slide > 0 {
		m.at = min(opt.Slide, len(m.slides)) - 1
	}
	for i := len(m.slides) - 1; i >= 0 && opt.Kind != ""; i-- {
		if m.slides[i].Kind == opt.Kind {
			m.at = i
		}
	}
	m.win = a.fyneApp.NewWindow(m.loc.T("meeting.title"))
	m.view = newSlideView(m.office())
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), m.prev)
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), m.next)
	m.full = widget.NewButtonWithIcon(m.loc.T("meeting.full_screen"), theme.ViewFullScreenIcon(), m.toggleFullScreen)
	m.save = widget.NewButtonWithIcon(m.loc.T("meeting.save_pdf"), theme.DocumentSaveIcon(), m.savePDF)
	leave := widget.NewButtonWithIcon(m.loc.T("meeting.leave"), theme.CancelIcon(), m.leave)
	for _, b := range []*widget.Button{prev, next, m.full, m.save, leave} {
		b.Importance = widget.LowImportance
	}
	bar := container.NewHBox(prev, next, layout.NewSpacer(), m.full, m.save, leave)
	black := canvas.NewRectangle(color.Black) // under the button bar too: no white strip on the projector
	m.win.SetContent(container.NewThemeOverride(container.NewStack(black, container.NewBorder(nil, bar, nil, nil, m.view)),
		meetingTheme{theme.DefaultTheme()}))
	m.win.Canvas().SetOnTypedKey(m.key)
	m.win.SetOnClosed(func() {
		m.closed = true
		m.stopAuto()
	})
	if opt.Width > 0 && opt.Height > 0 {
		m.win.Resize(fyne.NewSize(opt.Width, opt.Height))
	} else {
		m.setFullScreen(true)
	}
	m.win.SetPadded(false)
	m.show()
	m.win.Show()
	if auto > 0 {
		m.startAuto()
	}
	return m
}

func (m *meeting) office() string {
	if m.app.office.Name != "" {
		return m.app.office.Name
	}
	return m.loc.T("overview.office")
}

// key moves between slides with what a presenter's clicker sends; Esc leaves.
func (m *meeting) key(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyRight, fyne.KeyDown, fyne.KeyPageDown, fyne.KeySpace, fyne.KeyReturn, fyne.KeyEnter:
		m.next()
	case fyne.KeyLeft, fyne.KeyUp, fyne.KeyPageUp, fyne.KeyBackspace:
		m.prev()
	case fyne.KeyHome:
		m.goTo(0)
	case fyne.KeyEnd:
		m.goTo(len(m.slides) - 1)
	case fyne.KeyF11:
		m.toggleFullScreen()
	case fyne.KeyEscape:
		m.leave()
	}
}

func (m *meeting) next() { m.goTo(m.at + 1) }
func (m *meeting) prev() { m.goTo(m.at - 1) }

func (m *meeting) goTo(i int) {
	if i < 0 || i >= len(m.slides) || i == m.at {
		return
	}
	m.at = i
	m.show()
}

func (m *meeting) show() {
	counter := m.loc.T("meeting.counter", "N", m.at+1, "Of", len(m.slides))
	m.view.setSlide(m.slides[m.at], counter)
}

func (m *meeting) toggleFullScreen() { m.setFullScreen(!m.win.FullScreen()) }

// setFullScreen switches full screen and names what the button would switch to.
func (m *meeting) setFullScreen(on bool) {
	m.win.SetFullScreen(on)
	if on {
		m.full.SetText(m.loc.T("meeting.window"))
		m.full.SetIcon(theme.ViewRestoreIcon())
	} else {
		m.full.SetText(m.loc.T("meeting.full_screen"))
		m.full.SetIcon(theme.ViewFullScreenIcon())
	}
}

// leave ends the meeting: out of full screen, the window closed, back to the Overview.
func (m *meeting) leave() {
	m.stopAuto()
	if m.win.FullScreen() {
		m.setFullScreen(false)
	}
	m.win.Close()
}

// startAuto advances every m.auto, from the last slide back to the first, until the meeting
// ends.
func (m *meeting) startAuto() {
	m.stop = make(chan struct{})
	stop, every := m.stop, m.auto
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				m.app.do(func() {
					if m.closed {
						return
					}
					if m.at == len(m.slides)-1 {
						m.goTo(0)
					} else {
						m.next()
					}
				})
			}
		}
	}()
}

func (m *meeting) stopAuto() {
	if m.stop != nil {
		close(m.stop)
		m.stop = nil
	}
}

// savePDF writes the slides as a handout, one landscape page each, in the reports folder and
// opens it.
func (m *meeting) savePDF() {
	m.save.Disable()
	m.app.saveHandout(m.ov, m.slides, m.loc, func(path string, err error) {
		m.save.Enable()
		if err != nil {
			// On the meeting's window, in its language: the main window is behind it.
			fyne.LogError("handout failed", err)
			dialog.NewCustom(m.loc.T("error.title"), m.loc.T("action.close"), widget.NewLabel(m.loc.Error(err)), m.win).Show()
			return
		}
		m.saved = path
	})
}

// saveHandout writes slides as a PDF handout in the reports folder off the UI goroutine,
// says where it went and opens it; done hears the path or the error on the UI goroutine.
func (a *App) saveHandout(ov data.Overview, slides []reports.Slide, loc *translations.Localizer, done func(path string, err error)) {
	scope := "office"
	if !ov.IsOffice() {
		scope = safeName(ov.Summary.Code)
	}
	dir := a.opts.ReportsDir
	path := filepath.Join(dir, fmt.Sprintf("meeting-%s-%s-%s.pdf", scope, ov.Date, loc.Lang()))
	handout := reports.Handout{Office: a.office, Date: ov.Date, Slides: slides}
	record := a.exportAudit()
	a.async(func(ctx context.Context) error {
		var buf bytes.Buffer
		if err := handout.WritePDF(&buf, loc, time.Now()); err != nil {
			return err
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := a.writePrivate(path, buf.Bytes()); err != nil {
			return err
		}
		return record(ctx, filepath.Base(path), path)
	}, func(err error) {
		if err == nil {
			a.notify(a.loc.T("report.saved", "File", path))
			a.openPath(path)
		}
		done(path, err)
	})
}
