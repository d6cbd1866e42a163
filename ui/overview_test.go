package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/data/sqlite"
	"policycredit/reports"
)

// summaryJSON is what the summary reports' JSON says of a line of figures.
type summaryJSON struct {
	Households  int   `json:"households"`
	Loans       int   `json:"loans"`
	Overdue     int64 `json:"overdue"`
	Frozen      int64 `json:"frozen"`
	Outstanding int64 `json:"outstanding"`
	Change      int64 `json:"change_since_jan1"`
}

type communeJSON struct {
	Commune  struct{ Code, Name string } `json:"commune"`
	Programs []struct {
		Code string `json:"code"`
		summaryJSON
	} `json:"programs"`
	Groups []struct {
		Name        string `json:"name"`
		Outstanding int64  `json:"outstanding"`
		Overdue     int64  `json:"overdue"`
	} `json:"groups"`
	Savings int64       `json:"savings"`
	Totals  summaryJSON `json:"totals"`
}

type officeJSON struct {
	Communes []struct {
		Code string `json:"code"`
		Name string `json:"name"`
		summaryJSON
	} `json:"communes"`
	Totals                 summaryJSON `json:"totals"`
	CommunesWithoutOverdue int         `json:"communes_without_overdue"`
}

// reportJSON writes a summary report's JSON, as `policycredit report … --format json` does,
// and reads it back.
func reportJSON(t *testing.T, a *App, write func(w *bytes.Buffer) error, into any) {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(buf.Bytes(), into); err != nil {
		t.Fatalf("%v in %s", err, buf.String())
	}
}

func communeReport(t *testing.T, a *App, store *sqlite.Store, c data.Commune, on data.Date) communeJSON {
	sum, err := store.CommuneSummary(context.Background(), c.ID, on)
	if err != nil {
		t.Fatal(err)
	}
	var out communeJSON
	reportJSON(t, a, func(w *bytes.Buffer) error { return reports.CommuneReport{Summary: sum}.WriteJSON(w, a.loc) }, &out)
	return out
}

// tileValues are the big values of the key figure tiles, in order.
func tileValues(s *overviewScreen) []string {
	var out []string
	for _, tile := range s.tiles.Objects {
		walk(tile, func(o fyne.CanvasObject) {
			if t, ok := o.(*canvas.Text); ok && t.TextSize > 20 {
				out = append(out, t.Text)
			}
		})
	}
	return out
}

func newOverviewTest(t *testing.T, lang string) (*App, *sqlite.Store, *overviewScreen) {
	a, store := newDemoApp(t, lang, "overview")
	s := a.currentScreen().(*overviewScreen)
	s.refresh() // the office was loaded after the window opened
	a.Wait()
	if !s.loaded {
		t.Fatal("the overview did not load")
	}
	return a, store, s
}

func TestOverviewShowsTheSummaryReportsFigures(t *testing.T) {
	a, store, s := newOverviewTest(t, "vi")
	ctx := context.Background()
	on := s.shown.Date
	if !on.Equal(a.workingDate()) {
		t.Fatalf("overview of %v, want the working date %v", on, a.workingDate())
	}
	office, err := store.OfficeSummary(ctx, on)
	if err != nil {
		t.Fatal(err)
	}
	var oj officeJSON
	reportJSON(t, a, func(w *bytes.Buffer) error { return reports.OfficeReport{Summary: office}.WriteJSON(w, a.loc) }, &oj)
	communes, _ := store.Communes(ctx)
	var savings int64
	programs := map[string]int64{}
	for _, c := range communes {
		cj := communeReport(t, a, store, c, on)
		savings += cj.Savings
		for _, p := range cj.Programs {
			programs[p.Code] += p.Outstanding
		}
	}
	million := func(d int64) string { return a.loc.Number(reports.UnitMillion.Round(data.Dong(d))) }
	want := []string{million(oj.Totals.Outstanding), a.loc.Number(int64(oj.Totals.Households)), million(oj.Totals.Overdue),
		million(oj.Totals.Frozen), million(savings),
		a.loc.T("overview.key.of", "N", a.loc.Number(int64(oj.CommunesWithoutOverdue)), "Of", a.loc.Number(int64(len(oj.Communes)))),
		"+" + million(oj.Totals.Change)}
	if got := tileValues(s); strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Fatalf("key figures\n got %q\nwant %q (office summary JSON)", got, want)
	}
	if oj.Totals.Outstanding == 0 || oj.Totals.Overdue == 0 {
		t.Fatal("the demo office should have outstanding and overdue debt")
	}
	// Each program's bar is the sum of the communes' program lines, to the đồng.
	bars := s.charts["programs"].chart.Items
	if len(bars) != len(programs) {
		t.Fatalf("%d program bars, the commune summaries have %d programs", len(bars), len(programs))
	}
	for i, b := range bars {
		code := strings.TrimPrefix(b.Link, "program:")
		if b.Value != programs[code] {
			t.Errorf("program %s bar %d, commune summaries add up to %d", code, b.Value, programs[code])
		}
		if i > 0 && b.Value > bars[i-1].Value {
			t.Errorf("program bars not largest first: %d after %d", b.Value, bars[i-1].Value)
		}
	}
	// Each commune's overdue ratio as the office summary gives it, highest first.
	ratio := s.charts["ratio"].chart
	if len(ratio.Items) != len(oj.Communes) {
		t.Fatalf("%d commune bars for %d communes", len(ratio.Items), len(oj.Communes))
	}
	for i, b := range ratio.Items {
		for _, c := range oj.Communes {
			if "commune:"+c.Code == b.Link {
				bp := data.RatioBasisPoints(data.Dong(c.Overdue), data.Dong(c.Outstanding))
				if b.Value != bp || b.Label != c.Name {
					t.Errorf("commune %s bar %q %d, summary %q %d", c.Code, b.Label, b.Value, c.Name, bp)
				}
			}
		}
		if i > 0 && b.Value > ratio.Items[i-1].Value {
			t.Errorf("communes not ranked by overdue ratio")
		}
		if b.Alert != (b.Value > ratio.Mark) {
			t.Errorf("commune %s alert %v with ratio %d against the office's %d", b.Label, b.Alert, b.Value, ratio.Mark)
		}
	}
	if want := data.RatioBasisPoints(data.Dong(oj.Totals.Overdue), data.Dong(oj.Totals.Outstanding)); ratio.Mark != want {
		t.Fatalf("office average line at %d, summary ratio %d", ratio.Mark, want)
	}
	// The trend ends on the date with the totals.
	trend := s.charts["trend"].chart.Items
	if len(trend) != data.TrendMonths || trend[len(trend)-1].Value != oj.Totals.Outstanding || trend[len(trend)-1].Second != oj.Totals.Overdue {
		t.Fatalf("trend %+v does not end on the totals", trend)
	}
}

func TestOverviewOfACommuneShowsItsSummaryAndTappingABarOpensIt(t *testing.T) {
	a, store, s := newOverviewTest(t, "en")
	ratio := s.charts["ratio"]
	if len(ratio.hits) == 0 {
		layoutForTest(ratio)
	}
	if len(ratio.hits) == 0 {
		t.Fatal("the commune chart has no bar to tap")
	}
	hit := ratio.hits[0]
	ratio.Tapped(&fyne.PointEvent{Position: fyne.NewPos(hit.pos.Width+5, hit.pos.Height+hit.size.Height/2)})
	a.Wait()
	code := strings.TrimPrefix(hit.link, "commune:")
	var commune data.Commune
	communes, _ := store.Communes(context.Background())
	for _, c := range communes {
		if c.Code == code {
			commune = c
		}
	}
	if s.shown.CommuneID != commune.ID || s.scope.Selected != commune.Name {
		t.Fatalf("tapping %s's bar shows commune %d (%q)", commune.Name, s.shown.CommuneID, s.scope.Selected)
	}
	cj := communeReport(t, a, store, commune, s.shown.Date)
	million := func(d int64) string { return a.loc.Number(reports.UnitMillion.Round(data.Dong(d))) }
	got := tileValues(s)
	if len(got) != 6 { // no "communes with no overdue" for one commune
		t.Fatalf("commune key figures %q", got)
	}
	want := []string{million(cj.Totals.Outstanding), a.loc.Number(int64(cj.Totals.Households)), million(cj.Totals.Overdue),
		million(cj.Totals.Frozen), million(cj.Savings)}
	if strings.Join(got[:5], " | ") != strings.Join(want, " | ") {
		t.Fatalf("commune key figures\n got %q\nwant %q (commune summary JSON)", got[:5], want)
	}
	// The ratio chart now ranks the commune's groups.
	if title := s.titles["ratio"].Text; title != a.loc.T("overview.chart.groups_ratio") {
		t.Fatalf("ratio chart titled %q for a commune", title)
	}
	withBalance := 0
	for _, g := range cj.Groups {
		if g.Outstanding > 0 {
			withBalance++
		}
	}
	if n := len(s.charts["ratio"].chart.Items); n != withBalance {
		t.Fatalf("%d group bars, the summary has %d groups with a balance", n, withBalance)
	}
}

// layoutForTest lays a chart out at a usual size, as the window would.
func layoutForTest(c *chartWidget) {
	c.Resize(fyne.NewSize(500, c.MinSize().Height))
	c.Refresh()
}

func TestOverviewProgramBarOpensTheProgram(t *testing.T) {
	a, _, s := newOverviewTest(t, "fr")
	c := s.charts["programs"]
	layoutForTest(c)
	hit := c.hits[1]
	c.Tapped(&fyne.PointEvent{Position: fyne.NewPos(10, hit.pos.Height+1)})
	a.Wait()
	p, ok := a.currentScreen().(*programsScreen)
	if !ok {
		t.Fatalf("tapping a program's bar opened %T", a.currentScreen())
	}
	code := strings.TrimPrefix(hit.link, "program:")
	if p.selected < 0 || p.programs[p.selected].Code != code {
		t.Fatalf("programs screen shows row %d, want program %s", p.selected, code)
	}
}

func TestOverviewRefusesABadDateAndKeepsTheFigures(t *testing.T) {
	a, _, s := newOverviewTest(t, "vi")
	before := tileValues(s)
	s.date.SetText("31/02/2026")
	s.load()
	a.Wait()
	overlays := a.win.Canvas().Overlays().List()
	if len(overlays) == 0 {
		t.Fatal("a date that does not exist shows no message")
	}
	var text []string
	walk(overlays[len(overlays)-1], func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			text = append(text, l.Text)
		}
	})
	msg := strings.Join(text, " ")
	if !strings.Contains(msg, a.loc.Field("summary.date")) {
		t.Fatalf("message %q does not name the date field", msg)
	}
	if got := tileValues(s); strings.Join(got, "|") != strings.Join(before, "|") {
		t.Fatal("a refused date changed the figures shown")
	}
}

func startTestMeeting(t *testing.T, a *App, s *overviewScreen, lang string, auto time.Duration) *meeting {
	t.Helper()
	m := a.startMeeting(s.shown, s.programs, MeetingStart{Lang: lang, EachCommune: true}, auto)
	t.Cleanup(func() {
		if !m.closed {
			m.win.Close()
		}
	})
	return m
}

func TestMeetingKeysMoveBetweenSlidesAndEscLeavesFullScreen(t *testing.T) {
	a, _, s := newOverviewTest(t, "vi")
	m := startTestMeeting(t, a, s, "fr", 0)
	if !m.win.FullScreen() {
		t.Fatal("meeting mode does not open full screen")
	}
	// French slides while the clerk works in Vietnamese.
	first := m.slides[0]
	if first.Kind != reports.SlideOffice || first.Figures[0].Label != "Encours" {
		t.Fatalf("first slide %q %+v is not the office at a glance in French", first.Title, first.Figures[0])
	}
	communes := 0
	for _, sl := range m.slides {
		if sl.Kind == reports.SlideCommune {
			communes++
		}
	}
	if communes != len(s.shown.Office.Communes) {
		t.Fatalf("%d commune slides for %d communes", communes, len(s.shown.Office.Communes))
	}
	press := func(k fyne.KeyName) { m.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k}) }
	steps := []struct {
		key  fyne.KeyName
		want int
	}{
		{fyne.KeyRight, 1}, {fyne.KeySpace, 2}, {fyne.KeyPageDown, 3}, {fyne.KeyDown, 4},
		{fyne.KeyLeft, 3}, {fyne.KeyPageUp, 2}, {fyne.KeyUp, 1}, {fyne.KeyHome, 0}, {fyne.KeyLeft, 0},
		{fyne.KeyEnd, len(m.slides) - 1}, {fyne.KeyRight, len(m.slides) - 1},
	}
	for _, st := range steps {
		press(st.key)
		if m.at != st.want {
			t.Fatalf("after %s the meeting is on slide %d, want %d", st.key, m.at+1, st.want+1)
		}
		if want := m.loc.T("meeting.counter", "N", st.want+1, "Of", len(m.slides)); m.view.counter != want {
			t.Fatalf("counter %q, want %q", m.view.counter, want)
		}
		if m.view.slide.Title != m.slides[st.want].Title {
			t.Fatalf("slide shown %q, want %q", m.view.slide.Title, m.slides[st.want].Title)
		}
	}
	press(fyne.KeyF11)
	if m.win.FullScreen() {
		t.Fatal("F11 did not leave full screen")
	}
	press(fyne.KeyF11)
	if !m.win.FullScreen() {
		t.Fatal("F11 did not return to full screen")
	}
	press(fyne.KeyEscape)
	if m.win.FullScreen() || !m.closed {
		t.Fatalf("Esc left full screen %v, closed the meeting %v", !m.win.FullScreen(), m.closed)
	}
}

func TestMeetingAdvancesByItself(t *testing.T) {
	a, _, s := newOverviewTest(t, "en")
	m := startTestMeeting(t, a, s, "", 5*time.Millisecond)
	for i := 0; i < 400 && m.at < 2; i++ {
		time.Sleep(5 * time.Millisecond)
		a.Wait() // runs the queued advances on this goroutine, as the app's loop would
	}
	if m.at < 2 {
		t.Fatalf("auto-advance stayed on slide %d", m.at+1)
	}
	m.leave()
	at := m.at
	time.Sleep(30 * time.Millisecond)
	a.Wait()
	if m.at != at {
		t.Fatal("the slides went on advancing after the meeting ended")
	}
}

func TestF11OnTheOverviewStartsTheMeetingFullScreen(t *testing.T) {
	a, _, _ := newOverviewTest(t, "vi")
	before := len(a.fyneApp.Driver().AllWindows())
	a.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF11})
	wins := a.fyneApp.Driver().AllWindows()
	if len(wins) != before+1 {
		t.Fatalf("F11 opened %d windows", len(wins)-before)
	}
	w := wins[len(wins)-1]
	t.Cleanup(w.Close)
	if !w.FullScreen() {
		t.Fatal("the meeting window is not full screen")
	}
}

func TestMeetingSavesTheSlidesAsAHandoutPDF(t *testing.T) {
	a, _, s := newOverviewTest(t, "vi")
	a.opts.ReportsDir = t.TempDir()
	m := startTestMeeting(t, a, s, "en", 0)
	m.savePDF()
	a.Wait()
	if m.saved == "" {
		t.Fatal("Save as PDF saved nothing")
	}
	info, err := exec.Command("pdfinfo", m.saved).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", m.saved, err)
	}
	if want := regexp.MustCompile(fmt.Sprintf(`(?m)^Pages:\s+%d$`, len(m.slides))); !want.Match(info) {
		t.Fatalf("handout of %d slides:\n%s", len(m.slides), info)
	}
	text, err := exec.Command("pdftotext", "-f", "1", "-l", "1", m.saved, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	// The meeting's language (English), not the clerk's (Vietnamese).
	if !strings.Contains(string(text), "Overdue ratio") || strings.Contains(string(text), "Tỷ lệ nợ quá hạn") {
		t.Fatalf("first page is not the English office slide:\n%s", text)
	}
}

func TestCtrlPOnTheOverviewSavesTheHandout(t *testing.T) {
	a, _, s := newOverviewTest(t, "fr")
	a.opts.ReportsDir = t.TempDir()
	pressShortcut(a, fyne.KeyP)
	a.Wait()
	if s.lastSaved == "" {
		t.Fatal("Ctrl+P saved no handout")
	}
	text, err := exec.Command("pdftotext", "-f", "1", "-l", "1", s.lastSaved, "-").Output()
	if err != nil || !strings.Contains(string(text), "Taux d’impayés") {
		t.Fatalf("first page of the handout is not the French office slide (%v):\n%s", err, text)
	}
}
