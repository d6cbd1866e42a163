package ui

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"policycredit/data"
	"policycredit/data/sqlite"
	"policycredit/reports"
)

// chartShapes counts the shapes with a size that a chart's renderer draws.
func chartShapes(c *chartWidget) (rects, texts int) {
	for _, o := range test.WidgetRenderer(c).Objects() {
		if o.Size().Width <= 0 || o.Size().Height <= 0 {
			continue
		}
		switch o.(type) {
		case *canvas.Rectangle:
			rects++
		case *canvas.Text:
			texts++
		}
	}
	return rects, texts
}

// checkChartsDrawn fails unless every chart of the Overview has a size and draws a bar (or
// column, or part) and a figure for each of its items.
func checkChartsDrawn(t *testing.T, s *overviewScreen, after string) {
	t.Helper()
	for _, c := range overviewCharts {
		w := s.charts[c.id]
		if w.chart == nil || len(w.chart.Items) == 0 {
			t.Errorf("after %s: the %s chart has no figures", after, c.id)
			continue
		}
		if w.Size().Width <= 0 || w.Size().Height <= 0 {
			t.Errorf("after %s: the %s chart is %v", after, c.id, w.Size())
			continue
		}
		if rects, texts := chartShapes(w); rects < len(w.chart.Items) || texts < len(w.chart.Items) {
			t.Errorf("after %s: the %s chart draws %d shapes and %d texts for %d items: a title without its chart",
				after, c.id, rects, texts, len(w.chart.Items))
		}
	}
}

// postTestDay posts, through the store, what the first group owing something at the first
// point owes on its next day, as the Transaction day screen's Post does.
func postTestDay(t *testing.T, a *App, store *sqlite.Store) {
	t.Helper()
	ctx := data.WithUser(context.Background(), "test")
	points, err := store.Points(ctx, 0)
	if err != nil || len(points) == 0 {
		t.Fatalf("points %v, %v", points, err)
	}
	on := data.NextPointDay(points[0].Day, a.workingDate())
	// The day is the working date, as a clerk posts it.
	set, err := store.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set.WorkingDate = on
	if err := store.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	a.settings.WorkingDate = on
	list, err := store.CollectionList(ctx, points[0].ID, on)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range list.Groups {
		b := data.CollectionBatch{PointID: list.PointID, Date: list.Date, Cash: map[int64]data.Dong{}}
		for _, m := range g.Members {
			if m.Due.Total() > 0 {
				b.Entries = append(b.Entries, data.CollectionEntry{Customer: m.Customer, Collected: data.Collected{Dues: m.Due}})
				b.Cash[g.ID] += m.Due.Total()
			}
		}
		if len(b.Entries) == 0 {
			continue
		}
		if _, err := store.PostCollection(ctx, b); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatalf("nobody owes anything at %s on %s", points[0].Code, on)
}

// The Overview's charts come back with their bars after every other screen and after a day is
// posted. Run with FYNE_CACHE set short (TestOverviewChartsSurviveFyneDroppingTheirRenderers
// does), Fyne drops the renderers of the charts while another screen is open, as it does after
// a minute in the office: the charts must draw again when the Overview comes back.
func TestOverviewChartsAfterEveryScreen(t *testing.T) {
	a, store, s := newOverviewTest(t, "fr")
	a.win.Resize(fyne.NewSize(1024, 768))
	a.Wait()
	checkChartsDrawn(t, s, "opening")
	for _, n := range a.items {
		if n.id == "overview" {
			continue
		}
		a.Navigate(n.id)
		a.Wait()
		a.Navigate("overview")
		a.Wait()
		checkChartsDrawn(t, s, n.id)
	}
	a.Navigate("txday")
	a.Wait()
	postTestDay(t, a, store)
	expiring := os.Getenv("FYNE_CACHE") != ""
	var before fyne.WidgetRenderer
	if expiring {
		before = test.WidgetRenderer(s.charts["trend"])
		d, _ := time.ParseDuration(os.Getenv("FYNE_CACHE"))
		time.Sleep(2 * d)
		// Drawing the window cleans Fyne's caches: the hidden charts lose their renderers.
		a.win.Canvas().(test.WindowlessCanvas).Capture()
	}
	a.Navigate("overview")
	a.Wait()
	checkChartsDrawn(t, s, "posting a day")
	if expiring && test.WidgetRenderer(s.charts["trend"]) == before {
		t.Fatal("Fyne kept the trend's renderer: the test did not drop it")
	}
	// Refresh (Afficher) keeps them.
	s.show.OnTapped()
	a.Wait()
	checkChartsDrawn(t, s, "Refresh")
}

func TestOverviewChartsSurviveFyneDroppingTheirRenderers(t *testing.T) {
	if os.Getenv("FYNE_CACHE") != "" {
		t.Skip("running inside the test below")
	}
	// Fyne reads FYNE_CACHE once, when the program starts: the walk runs in a child process.
	cmd := exec.Command(os.Args[0], "-test.run=^TestOverviewChartsAfterEveryScreen$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "FYNE_CACHE=300ms")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestOverviewChartsAfterEveryScreen") {
		t.Fatalf("with renderers dropped after 300 ms: %v\n%s", err, out)
	}
}

// A chart laid out again by a renderer Fyne made afresh for it draws at the widget's size.
func TestChartRedrawsAtItsSizeWithAFreshRenderer(t *testing.T) {
	c := newChart(&reports.Chart{Kind: reports.ChartBars, Items: []reports.ChartItem{{Label: "a", Value: 1, Text: "1"}}},
		officeChartStyle(), nil)
	c.Resize(fyne.NewSize(300, 100))
	r := c.CreateRenderer() // as Fyne does after dropping the first
	r.Refresh()
	if len(r.Objects()) == 0 {
		t.Fatal("a fresh renderer draws nothing at the widget's size")
	}
}
