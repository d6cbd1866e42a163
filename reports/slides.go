package reports

import (
	"sort"

	"policycredit/data"
	"policycredit/translations"
)

// Meeting slides: one message per slide, built once from an Overview in the language the
// meeting chose. The meeting window (ui) and the PDF handout (Handout.WritePDF) draw the same
// slides, so the paper matches the projector.

// SlideKind says what a slide shows.
type SlideKind string

const (
	SlideOffice   SlideKind = "office"   // the office (or commune) at a glance: big figures
	SlideProgram  SlideKind = "program"  // one credit program: its figures, its share
	SlideCommunes SlideKind = "communes" // communes ranked by overdue ratio, office average line
	SlideTrend    SlideKind = "trend"    // outstanding and overdue over the last 12 months
	SlideRatings  SlideKind = "ratings"  // groups by their latest rating
	SlideCommune  SlideKind = "commune"  // one commune in turn: big figures
)

// Slide is one page of a meeting. Every text is already translated and formatted.
type Slide struct {
	Kind     SlideKind
	Title    string // the one message of the slide, short
	Subtitle string // scope and date
	Figures  []BigFigure
	Chart    *Chart // nil when the slide has only figures
	// Link is what the slide is about, for screens that open it: "commune:<code>",
	// "program:<code>" or "".
	Link string
}

// BigFigure is a key figure printed large: a label over a value, an optional note under it.
type BigFigure struct {
	Label string
	Value string
	Note  string // e.g. the overdue ratio under the overdue amount; "" for none
	Alert bool   // drawn in the warning colour (overdue above the office's average, …)
}

// ChartKind says how a chart is drawn.
type ChartKind string

const (
	// ChartBars are horizontal bars, one per item, in the order given, with an optional
	// reference line (Mark).
	ChartBars ChartKind = "bars"
	// ChartColumns are vertical columns over time, oldest first; Second is drawn as a second,
	// narrower column of each item on the same scale (Max), so that a small sum never stands as
	// tall as a large one; Ticks label the value axis.
	ChartColumns ChartKind = "columns"
	// ChartStacked is one bar split into the items' parts, left to right, with a legend.
	ChartStacked ChartKind = "stacked"
)

// Chart is a chart's figures: lengths as exact integers (đồng, or hundredths of a percent for
// ratios) and the texts printed next to them.
type Chart struct {
	Kind  ChartKind
	Unit  string // what Value counts, printed as the axis note: "triệu đồng", "%"
	Items []ChartItem
	// HasMark draws a reference line at Mark (same units as Value), labelled MarkLabel.
	HasMark   bool
	Mark      int64
	MarkLabel string
	// SecondLabel and FirstLabel name the two series of a ChartColumns chart for its legend.
	FirstLabel, SecondLabel string
	// Ticks mark a ChartColumns chart's value axis from 0 up, in Unit; the last is the top of
	// the scale.
	Ticks []ChartTick
}

// ChartTick is one mark of a value axis: where (same units as Value) and as printed.
type ChartTick struct {
	Value int64
	Text  string
}

// ChartItem is one bar, column or part.
type ChartItem struct {
	Label  string
	Value  int64
	Text   string // Value as printed
	Second int64  // ChartColumns only: the second series
	// SecondText is Second as printed.
	SecondText string
	Alert      bool   // drawn in the warning colour
	Link       string // "commune:<code>", "program:<code>" or "": what tapping the bar opens
	// Tone picks the colour of a stacked part: 0 best … 3 worst, -1 neutral (never rated).
	Tone int
}

// Max is the top of the chart's one scale, the length of a full bar: the largest Value or
// Second of its items, its mark, or its top tick.
func (c *Chart) Max() int64 {
	var m int64
	if c.HasMark {
		m = c.Mark
	}
	for _, it := range c.Items {
		m = max(m, it.Value, it.Second)
	}
	if n := len(c.Ticks); n > 0 {
		m = max(m, c.Ticks[n-1].Value)
	}
	return m
}

// moneyTicks are about n round steps of money from 0 up to at least top, printed in the
// charts' unit: 1, 2 or 5 times a power of ten, never less than one unit.
func moneyTicks(loc *translations.Localizer, top int64, n int64) []ChartTick {
	if top <= 0 || n <= 0 {
		return nil
	}
	raw := max(top/n, int64(moneyUnit))
	step := int64(moneyUnit)
	for step*10 <= raw {
		step *= 10
	}
	switch {
	case raw > 5*step:
		step *= 10
	case raw > 2*step:
		step *= 5
	case raw > step:
		step *= 2
	}
	var out []ChartTick
	for v := int64(0); ; v += step {
		out = append(out, ChartTick{Value: v, Text: millions(loc, data.Dong(v))})
		if v >= top {
			return out
		}
	}
}

// SlideOptions choose the slides of a meeting.
type SlideOptions struct {
	Office   data.Office
	Programs map[string]string // program code → name in the meeting's language
	// EachCommune adds one slide per commune, in code order (office overview only).
	EachCommune bool
}

// The charts and key figures below serve both the Overview screen and the slides.

// moneyUnit is what charts and big figures count money in: millions of đồng, the unit
// offices read their portfolio in.
const moneyUnit = UnitMillion

// millions prints an amount in millions of đồng, rounded as the summaries round.
func millions(loc *translations.Localizer, d data.Dong) string { return moneyUnit.amount(loc, d) }

// ratioBP is an overdue ratio in hundredths of a percent.
func ratioBP(f data.SummaryFigures) int64 { return data.RatioBasisPoints(f.OverdueRatio()) }

// KeyFigures are the scope's figures at a glance: outstanding, households with a balance,
// overdue and its ratio, frozen, savings, communes with no overdue debt (office only) and the
// change since 1 January.
func KeyFigures(ov data.Overview, loc *translations.Localizer) []BigFigure {
	t := ov.Totals()
	out := []BigFigure{
		{Label: loc.T("overview.key.outstanding"), Value: millions(loc, t.Outstanding()), Note: loc.T("overview.unit.million")},
		{Label: loc.T("overview.key.households"), Value: loc.Number(int64(t.Households)),
			Note: loc.N("overview.key.loans", t.Loans)},
		{Label: loc.T("overview.key.overdue"), Value: millions(loc, t.Overdue),
			Note: loc.T("overview.key.ratio", "Ratio", ratioText(loc, t)), Alert: t.Overdue > 0},
		{Label: loc.T("overview.key.frozen"), Value: millions(loc, t.Frozen), Note: loc.T("overview.unit.million")},
		{Label: loc.T("overview.key.savings"), Value: millions(loc, ov.Summary.Savings), Note: loc.T("overview.unit.million")},
	}
	if ov.IsOffice() {
		out = append(out, BigFigure{Label: loc.T("overview.key.clean_communes"),
			Value: loc.T("overview.key.of", "N", loc.Number(int64(ov.Office.CommunesWithoutOverdue)), "Of", loc.Number(int64(len(ov.Office.Communes)))),
			Note:  loc.T("overview.key.clean_note")})
	}
	return append(out, BigFigure{Label: loc.T("overview.key.change_since", "Jan1", jan1Of(ov.Date)), Value: signed(loc, moneyUnit, t.Change()),
		Note: loc.T("overview.unit.million")})
}

func jan1Of(d data.Date) data.Date { return data.NewDate(d.Year(), 1, 1) }

// ProgramChart is the outstanding by program, largest first; a bar opens its program.
func ProgramChart(ov data.Overview, loc *translations.Localizer, names map[string]string) *Chart {
	rows := append([]data.SummaryRow(nil), ov.Summary.Programs...)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Outstanding() > rows[j].Outstanding() })
	c := &Chart{Kind: ChartBars, Unit: loc.T("overview.unit.million")}
	for _, r := range rows {
		if r.Outstanding() == 0 {
			continue
		}
		c.Items = append(c.Items, ChartItem{Label: programLabel(names, r.Code), Value: int64(r.Outstanding()),
			Text: millions(loc, r.Outstanding()), Link: "program:" + r.Code})
	}
	return c
}

// RatioChart ranks the communes (office) or the groups (commune) by overdue ratio, highest
// first, with the scope's ratio as the reference line; limit > 0 keeps the first limit.
// Bars above the reference are alerts; a commune's bar opens the commune.
func RatioChart(ov data.Overview, loc *translations.Localizer, limit int) *Chart {
	t := ov.Totals()
	c := &Chart{Kind: ChartBars, Unit: "%", HasMark: true, Mark: ratioBP(t)}
	if ov.IsOffice() {
		c.MarkLabel = loc.T("overview.mark.office", "Ratio", ratioText(loc, t))
		for _, r := range ov.Office.Communes {
			if r.Outstanding() == 0 {
				continue
			}
			c.Items = append(c.Items, ChartItem{Label: r.Name, Value: ratioBP(r.SummaryFigures),
				Text: ratioText(loc, r.SummaryFigures), Link: "commune:" + r.Code})
		}
	} else {
		c.MarkLabel = loc.T("overview.mark.commune", "Ratio", ratioText(loc, t))
		for _, g := range ov.Summary.Groups {
			if g.Outstanding == 0 {
				continue
			}
			f := data.SummaryFigures{Current: g.Outstanding - g.Overdue, Overdue: g.Overdue}
			label := g.Name
			if g.ID == 0 {
				label = loc.T("summary.no_group")
			}
			c.Items = append(c.Items, ChartItem{Label: label, Value: ratioBP(f), Text: ratioText(loc, f)})
		}
	}
	sort.SliceStable(c.Items, func(i, j int) bool { return c.Items[i].Value > c.Items[j].Value })
	for i := range c.Items {
		c.Items[i].Alert = c.Items[i].Value > c.Mark
	}
	if limit > 0 && len(c.Items) > limit {
		c.Items = c.Items[:limit]
	}
	return c
}

// AssociationChart is the outstanding by entrusted association, in the associations' order.
func AssociationChart(ov data.Overview, loc *translations.Localizer) *Chart {
	c := &Chart{Kind: ChartBars, Unit: loc.T("overview.unit.million")}
	for _, r := range ov.Summary.Associations {
		c.Items = append(c.Items, ChartItem{Label: associationName(loc, r.Code), Value: int64(r.Outstanding()),
			Text: millions(loc, r.Outstanding())})
	}
	return c
}

// SourceChart is the outstanding by funding source.
func SourceChart(ov data.Overview, loc *translations.Localizer) *Chart {
	c := &Chart{Kind: ChartBars, Unit: loc.T("overview.unit.million")}
	for _, r := range ov.Summary.Sources {
		c.Items = append(c.Items, ChartItem{Label: loc.T("source." + string(r.Source)), Value: int64(r.Outstanding),
			Text: millions(loc, r.Outstanding)})
	}
	return c
}

// TrendChart is the outstanding (first series) and overdue (second) at each point of the
// trend, oldest first, both on one scale: overdue is a sliver of the outstanding, and the
// chart must not draw it as tall.
func TrendChart(ov data.Overview, loc *translations.Localizer) *Chart {
	c := &Chart{Kind: ChartColumns, Unit: loc.T("overview.unit.million"),
		FirstLabel: loc.T("overview.key.outstanding"), SecondLabel: loc.T("overview.key.overdue")}
	for i, p := range ov.Trend {
		label := loc.Month(p.Date)
		if i == len(ov.Trend)-1 {
			label = loc.Date(p.Date) // the date itself, not a month end
		}
		c.Items = append(c.Items, ChartItem{Label: label, Value: int64(p.Outstanding), Text: millions(loc, p.Outstanding),
			Second: int64(p.Overdue), SecondText: millions(loc, p.Overdue)})
	}
	c.Ticks = moneyTicks(loc, c.Max(), 4)
	return c
}

// RatingChart splits the scope's groups by their latest rating, best first, never rated last.
func RatingChart(ov data.Overview, loc *translations.Localizer) *Chart {
	c := &Chart{Kind: ChartStacked, Unit: loc.T("overview.unit.groups")}
	for i, r := range ov.RatingCounts() {
		label, tone := loc.T("overview.rating.none"), -1
		if r.Rating != "" {
			label, tone = loc.T("rating."+string(r.Rating)), i
		}
		c.Items = append(c.Items, ChartItem{Label: label, Value: int64(r.Groups), Text: loc.Number(int64(r.Groups)), Tone: tone,
			Alert: r.Rating == data.RatingWeak && r.Groups > 0})
	}
	return c
}

// scopeName names the overview's scope: the office's name, or the commune's.
func scopeName(ov data.Overview, opt SlideOptions, loc *translations.Localizer) string {
	if ov.IsOffice() {
		if opt.Office.Name != "" {
			return opt.Office.Name
		}
		return loc.T("overview.office")
	}
	return ov.Summary.Name
}

// rowFigures are a program's or a commune's big figures.
func rowFigures(loc *translations.Localizer, f data.SummaryFigures, total data.SummaryFigures, on data.Date) []BigFigure {
	return []BigFigure{
		{Label: loc.T("overview.key.outstanding_m"), Value: millions(loc, f.Outstanding()),
			Note: loc.T("overview.key.share", "Share", fractionText(loc, f.Outstanding(), total.Outstanding()))},
		{Label: loc.T("overview.key.households"), Value: loc.Number(int64(f.Households)), Note: loc.N("overview.key.loans", f.Loans)},
		{Label: loc.T("overview.key.overdue_m"), Value: millions(loc, f.Overdue),
			Note: loc.T("overview.key.ratio", "Ratio", ratioText(loc, f)), Alert: ratioBP(f) > ratioBP(total)},
		{Label: loc.T("overview.key.change_since", "Jan1", jan1Of(on)), Value: signed(loc, moneyUnit, f.Change()),
			Note: loc.T("overview.unit.million")},
	}
}

// BuildSlides makes a meeting's slides from an overview, in loc's language: the scope at a
// glance; each program with a balance, largest first; the communes (or groups) ranked by
// overdue ratio; the 12-month trend; the groups by rating; then, when chosen, each commune.
func BuildSlides(ov data.Overview, loc *translations.Localizer, opt SlideOptions) []Slide {
	name := scopeName(ov, opt, loc)
	asOf := loc.T("overview.as_of", "Scope", name, "Date", ov.Date)
	t := ov.Totals()
	slides := []Slide{{Kind: SlideOffice, Title: loc.T("overview.slide.glance", "Scope", name), Subtitle: loc.T("overview.as_of_date", "Date", ov.Date),
		Figures: KeyFigures(ov, loc)}}
	for _, it := range ProgramChart(ov, loc, opt.Programs).Items {
		code := it.Link[len("program:"):]
		for _, r := range ov.Summary.Programs {
			if r.Code == code {
				slides = append(slides, Slide{Kind: SlideProgram, Title: it.Label, Subtitle: asOf,
					Figures: rowFigures(loc, r.SummaryFigures, t, ov.Date), Link: it.Link})
			}
		}
	}
	ranked := RatioChart(ov, loc, slideBars)
	title := loc.T("overview.slide.communes")
	if !ov.IsOffice() {
		title = loc.T("overview.slide.groups_ratio")
	}
	if n := len(RatioChart(ov, loc, 0).Items); n > slideBars {
		title = loc.T("overview.slide.top", "Title", title, "N", slideBars, "Of", n)
	}
	slides = append(slides,
		Slide{Kind: SlideCommunes, Title: title, Subtitle: asOf, Chart: ranked},
		Slide{Kind: SlideTrend, Title: loc.T("overview.chart.trend"), Subtitle: asOf, Chart: TrendChart(ov, loc)},
		Slide{Kind: SlideRatings, Title: loc.T("overview.chart.ratings"), Subtitle: asOf, Chart: RatingChart(ov, loc)})
	if opt.EachCommune && ov.IsOffice() {
		for _, r := range ov.Office.Communes {
			slides = append(slides, Slide{Kind: SlideCommune, Title: r.Name, Subtitle: loc.T("overview.as_of_date", "Date", ov.Date),
				Figures: rowFigures(loc, r.SummaryFigures, t, ov.Date), Link: "commune:" + r.Code})
		}
	}
	return slides
}

// slideBars is how many bars a slide ranks: more cannot be read from the back of a room.
const slideBars = 12
