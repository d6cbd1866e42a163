package ui

import (
	"fmt"
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"policycredit/reports"
	"policycredit/translations"
)

// box is a drawn object's rectangle in its chart.
type box struct{ x0, y0, x1, y1 float32 }

func boxOf(o fyne.CanvasObject) box {
	p, s := o.Position(), o.Size()
	return box{p.X, p.Y, p.X + s.Width, p.Y + s.Height}
}

// cut is the part two boxes share, and whether they share more than an edge.
func (b box) cut(o box) (box, bool) {
	c := box{max(b.x0, o.x0), max(b.y0, o.y0), min(b.x1, o.x1), min(b.y1, o.y1)}
	return c, c.x1-c.x0 > 0.01 && c.y1-c.y0 > 0.01
}

func (b box) holds(o box) bool {
	return b.x0 <= o.x0+0.01 && b.y0 <= o.y0+0.01 && b.x1 >= o.x1-0.01 && b.y1 >= o.y1-0.01
}

// inkBox is the part of a text's box its letters cover: a line passing through the empty end
// of a wide box does not cross the text.
func inkBox(t *canvas.Text) box {
	b := boxOf(t)
	w := fyne.MeasureText(t.Text, t.TextSize, t.TextStyle).Width
	switch t.Alignment {
	case fyne.TextAlignCenter:
		b.x0 += (b.x1 - b.x0 - w) / 2
		b.x1 = b.x0 + w
	case fyne.TextAlignTrailing:
		b.x0 = b.x1 - w
	default:
		b.x1 = b.x0 + w
	}
	return b
}

func sameColour(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

// checkTextsClear fails when a bar, column, axis or reference line of a chart crosses one of
// its texts: nothing may be drawn over a text, and a shape under one must be hidden there by
// a patch of the chart's background drawn between them (bars under their own labels are not
// drawn: labels sit beside or above them).
func checkTextsClear(t *testing.T, what string, c *chartWidget) {
	t.Helper()
	objs := test.WidgetRenderer(c).Objects()
	if len(objs) == 0 {
		t.Fatalf("%s: nothing drawn", what)
	}
	for i, o := range objs {
		txt, ok := o.(*canvas.Text)
		if !ok || txt.Text == "" {
			continue
		}
		tb := inkBox(txt)
		for j, p := range objs {
			r, ok := p.(*canvas.Rectangle)
			if !ok || sameColour(r.FillColor, c.style.bg) {
				continue
			}
			over, crosses := boxOf(r).cut(tb)
			if !crosses {
				continue
			}
			if j > i {
				t.Errorf("%s: a shape at %v is drawn over %q at %v", what, boxOf(r), txt.Text, tb)
				continue
			}
			hidden := false
			for k := j + 1; k < i; k++ {
				if patch, ok := objs[k].(*canvas.Rectangle); ok && sameColour(patch.FillColor, c.style.bg) && boxOf(patch).holds(over) {
					hidden = true
				}
			}
			if !hidden {
				t.Errorf("%s: a shape at %v runs under %q at %v", what, boxOf(r), txt.Text, tb)
			}
		}
	}
}

// The office's line on the overdue ratio chart passes under the communes' figures, never
// through them, and no chart of the Overview or the slides draws a line through a text.
func TestChartLinesNeverCrossTheirLabels(t *testing.T) {
	test.NewApp()
	loc := translations.New("fr")
	// The office's 1,18 % falls inside the figure of the commune at 1,10 %.
	ratio := &reports.Chart{Kind: reports.ChartBars, Unit: "%", HasMark: true, Mark: 118, MarkLabel: "Bureau 1,18 %"}
	for i, v := range []int64{250, 110, 60, 0} {
		ratio.Items = append(ratio.Items, reports.ChartItem{Label: fmt.Sprintf("Xã Hoằng %d", i), Value: v,
			Text: fmt.Sprintf("%d,%02d %%", v/100, v%100)})
	}
	long := &reports.Chart{Kind: reports.ChartBars, Unit: "%", HasMark: true, Mark: 118, MarkLabel: "Commune 1,18 %"}
	for i, v := range []int64{250, 112, 0} {
		long.Items = append(long.Items, reports.ChartItem{Label: fmt.Sprintf("Tổ TK&VV thôn Đông Hải %d – Hội Liên hiệp Phụ nữ", i),
			Value: v, Text: fmt.Sprintf("%d,%02d %%", v/100, v%100)})
	}
	trend := &reports.Chart{Kind: reports.ChartColumns, Unit: "millions de đồng", FirstLabel: "Encours", SecondLabel: "Impayés",
		Ticks: []reports.ChartTick{{Value: 0, Text: "0"}, {Value: 200e9, Text: "200 000"}, {Value: 400e9, Text: "400 000"}}}
	for i := 0; i < 12; i++ {
		v, o := int64(360e9+int64(i)*4e9), int64(5e8+int64(i%3)*1e8)
		trend.Items = append(trend.Items, reports.ChartItem{Label: fmt.Sprintf("%02d/2026", i+1), Value: v, Text: loc.Number(v / 1e6),
			Second: o, SecondText: loc.Number(o / 1e6)})
	}
	for _, st := range []struct {
		name  string
		style chartStyle
		size  fyne.Size
	}{{"office", officeChartStyle(), fyne.NewSize(390, 0)}, {"meeting", meetingChartStyle(), fyne.NewSize(950, 520)}} {
		for name, ch := range map[string]*reports.Chart{"ratio": ratio, "long labels": long, "trend": trend} {
			c := newChart(ch, st.style, nil)
			size := st.size
			if size.Height == 0 {
				size.Height = max(c.MinSize().Height, 280)
			}
			c.Resize(size)
			c.Refresh()
			checkTextsClear(t, st.name+" "+name, c)
		}
	}
}

// The trend draws overdue on the outstanding's scale: 18 bn beside 1,365 bn is a sliver, not a
// column as tall.
func TestTrendDrawsBothSeriesOnOneScale(t *testing.T) {
	test.NewApp()
	trend := &reports.Chart{Kind: reports.ChartColumns, Unit: "millions de đồng", FirstLabel: "Encours", SecondLabel: "Impayés",
		Ticks: []reports.ChartTick{{Value: 0, Text: "0"}, {Value: 1_000e9, Text: "1 000 000"}, {Value: 2_000e9, Text: "2 000 000"}}}
	for i := 0; i < 12; i++ {
		trend.Items = append(trend.Items, reports.ChartItem{Label: fmt.Sprintf("%02d/2026", i+1), Value: 1_365e9, Text: "1 365 000",
			Second: 18e9, SecondText: "18 000"})
	}
	c := newChart(trend, officeChartStyle(), nil)
	c.Resize(fyne.NewSize(800, 280))
	c.Refresh()
	style := officeChartStyle()
	var first, second float32
	for _, o := range test.WidgetRenderer(c).Objects() {
		if r, ok := o.(*canvas.Rectangle); ok && r.Size().Width > 10 { // columns, not swatches or ticks
			switch {
			case sameColour(r.FillColor, style.bar1):
				first = r.Size().Height
			case sameColour(r.FillColor, style.bar2):
				second = r.Size().Height
			}
		}
	}
	if first == 0 || second == 0 {
		t.Fatalf("columns %v and %v tall", first, second)
	}
	// 18 / 1,365 of the outstanding's column, give or take the pixel a small sum keeps.
	if want := first * 18 / 1_365; second > want+1.01 {
		t.Errorf("overdue column %.1f tall beside outstanding %.1f: want about %.1f", second, first, want)
	}
	// The axis says what the heights mean.
	var texts []string
	for _, o := range test.WidgetRenderer(c).Objects() {
		if tx, ok := o.(*canvas.Text); ok {
			texts = append(texts, tx.Text)
		}
	}
	all := strings.Join(texts, "|")
	for _, want := range []string{"millions de đồng", "1 000 000", "2 000 000"} {
		if !strings.Contains(all, want) {
			t.Errorf("the trend's texts %q lack %q", all, want)
		}
	}
}

// Program names stand whole on the Overview in French at 1024×768: above their bars when too
// long to stand beside them.
func TestOverviewProgramNamesAreNotCut(t *testing.T) {
	_, _, s := newOverviewTest(t, "fr")
	c := s.charts["programs"]
	c.Resize(fyne.NewSize(380, c.MinSize().Height)) // a card of a 1024-pixel window
	c.Refresh()
	labels := map[string]bool{}
	for _, o := range test.WidgetRenderer(c).Objects() {
		if tx, ok := o.(*canvas.Text); ok {
			if strings.HasSuffix(tx.Text, "…") {
				t.Errorf("program label cut: %q", tx.Text)
			}
			labels[tx.Text] = true
		}
	}
	for _, it := range c.chart.Items {
		if !labels[it.Label] {
			t.Errorf("program %q not shown whole", it.Label)
		}
	}
	checkTextsClear(t, "programs", c)
}

// F11 starts the meeting from the Overview whichever of its widgets has the focus: the scope
// drop-down, the date, a button.
func TestF11WithFocusInAWidgetStartsTheMeeting(t *testing.T) {
	a, _, s := newOverviewTest(t, "vi")
	c := a.win.Canvas()
	for name, w := range map[string]fyne.Focusable{"scope": s.scope, "date": s.date, "refresh": s.show, "meeting": s.meeting} {
		c.Focus(w)
		if c.Focused() != w {
			t.Fatalf("%s does not take the focus", name)
		}
		before := len(a.fyneApp.Driver().AllWindows())
		// As the window does: the focused widget alone hears a typed key.
		c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF11})
		wins := a.fyneApp.Driver().AllWindows()
		if len(wins) != before+1 {
			t.Fatalf("F11 with the focus in %s opened %d windows", name, len(wins)-before)
		}
		m := wins[len(wins)-1]
		if !m.FullScreen() {
			t.Errorf("F11 in %s: the meeting is not full screen", name)
		}
		m.Close()
	}
	// Other keys still do what they did: typing in the date field types.
	c.Focus(s.date)
	s.date.SetText("")
	test.Type(s.date, "01/01/2026")
	if s.date.Text != "01/01/2026" {
		t.Errorf("the date field holds %q after typing", s.date.Text)
	}
	// A district of more than 15 communes: the scope opens its search list, and F11 with
	// the focus in that drop-down still starts the meeting.
	for len(s.scope.Options) <= filterAbove {
		s.scope.Options = append(s.scope.Options, fmt.Sprintf("Xã %d", len(s.scope.Options)))
	}
	test.Tap(s.scope)
	if s.scope.picker == nil {
		t.Fatal("the scope of many communes opened no search list")
	}
	s.scope.picker.close()
}

// The Overview fits the width a 1024-pixel window leaves it in French, Meeting included.
func TestOverviewFitsA1024Window(t *testing.T) {
	_, _, s := newOverviewTest(t, "fr")
	const width = 1024 - 200 // the navigation and its separator
	if w := s.root.MinSize().Width; w > width {
		t.Fatalf("the Overview needs %.0f pixels, more than the %d a 1024-pixel window leaves", w, width)
	}
	s.root.Resize(fyne.NewSize(width, 700))
	s.root.Refresh()
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.meeting)
	root := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.root)
	if right := p.X - root.X + s.meeting.Size().Width; right > width || s.meeting.Size().Width < s.meeting.MinSize().Width {
		t.Errorf("Meeting ends at %.0f of %d, %v wide", right, width, s.meeting.Size())
	}
	// Every chart's title whole, on one line.
	for id, title := range s.titles {
		shown := test.WidgetRenderer(title).Objects()[0].(*canvas.Text)
		if shown.Text != title.Text || title.Size().Width <= 0 {
			t.Errorf("the %s chart's title shows %q of %q at %v (%v, %v)", id, shown.Text, title.Text, title.Size(), shown.TextSize, shown.Size())
		}
	}
}

// An office with no loans shows what to do next, not tiles and charts of zeros.
func TestOverviewOfAnEmptyOfficeSaysWhatToDoNext(t *testing.T) {
	a, _ := newTestApp(t, "fr", "overview")
	s := a.currentScreen().(*overviewScreen)
	s.refresh()
	a.Wait()
	if s.figures.Visible() || !s.blank.Visible() {
		t.Fatal("an office with no loans shows its figures")
	}
	if !s.meeting.Disabled() {
		t.Error("Meeting stays enabled with nothing to present")
	}
	var text []string
	buttons := map[string]*widget.Button{}
	walk(s.blank, func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			text = append(text, w.Text)
		case *widget.Button:
			buttons[w.Text] = w
		}
	})
	msg := strings.Join(text, " ")
	if !strings.Contains(msg, a.loc.T("overviewdesk.empty")) || !strings.Contains(msg, a.loc.T("overviewdesk.empty_demo")) {
		t.Errorf("the empty Overview says %q", msg)
	}
	for _, id := range []string{"overviewdesk.import", "overviewdesk.add_commune", "overviewdesk.demo"} {
		if buttons[a.loc.T(id)] == nil {
			t.Errorf("no %q button among %v", a.loc.T(id), buttons)
		}
	}
	test.Tap(buttons[a.loc.T("overviewdesk.add_commune")])
	a.Wait()
	p, ok := a.currentScreen().(*placesScreen)
	if !ok {
		t.Fatalf("Add a commune opened %T", a.currentScreen())
	}
	if c := a.win.Canvas().Focused(); c == nil || p.tabs.SelectedIndex() != 0 {
		t.Errorf("Add a commune opened tab %d with the focus on %T", p.tabs.SelectedIndex(), c)
	}
}

// An office with loans shows its figures, not the empty state.
func TestOverviewOfAnOfficeWithLoansShowsItsFigures(t *testing.T) {
	_, _, s := newOverviewTest(t, "vi")
	if !s.figures.Visible() || s.blank.Visible() {
		t.Fatal("an office with loans shows the empty state")
	}
}
