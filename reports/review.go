package reports

import (
	"context"
	"io"
	"math"
	"strings"
	"time"

	"policycredit/data"
	"policycredit/translations"
)

// ReviewSource is the store's figures of a Directive 40 review (sqlite.Store has them).
type ReviewSource interface {
	Directive40Review(ctx context.Context, communeID int64, from, to data.Date) (data.Review, error)
}

// ReviewReport is the review of Directive 40-CT/TW (báo cáo sơ kết / tổng kết Chỉ thị 40) for
// the office or one commune, as printed and exported.
type ReviewReport struct {
	Office       data.Office
	Review       data.Review
	ProgramNames map[string]string
	Unit         Unit
	Anchor       string
	// NoCapital says the store keeps no local-budget capital ledger: the local capital prints
	// as 0 with a note saying why.
	NoCapital bool
}

// buildDirective40 fetches a review's figures and the local-budget capital on both dates. The
// capital ledger is read through data.CapitalReader when the source has one.
func buildDirective40(ctx context.Context, src Source, r Request) (Tabled, error) {
	rs, ok := src.(ReviewSource)
	if !ok {
		return nil, data.Forbidden("review", "not_supported")
	}
	from := r.From
	if from.IsZero() {
		from = data.DirectiveDate
	}
	communeID := int64(0)
	if r.Scope == ScopeCommune {
		communeID = r.ID
	}
	rev, err := rs.Directive40Review(ctx, communeID, from, r.On)
	if err != nil {
		return nil, err
	}
	out := ReviewReport{Office: r.Office, Unit: r.Unit, Anchor: r.Anchor}
	if cr, ok := src.(data.CapitalReader); ok {
		if rev.LocalStart, err = cr.CapitalTotalsOn(ctx, from, communeID); err != nil {
			return nil, err
		}
		if rev.LocalEnd, err = cr.CapitalTotalsOn(ctx, r.On, communeID); err != nil {
			return nil, err
		}
	} else {
		out.NoCapital = true
	}
	out.Review = rev
	out.ProgramNames, err = programNamesIn(ctx, src, r)
	return out, err
}

// shareText prints a fraction as a percentage with two decimals ("0,12 %").
func shareText(loc *translations.Localizer, f float64) string {
	return loc.Percent(data.Rate(math.Round(f*10_000) * 100)) // a Rate counts 1 % as 10,000
}

// Headlines are the review's sentences, written from its figures in the reader's language the
// way reviews quote them; each figure in them stands in the report's tables too.
func (v ReviewReport) Headlines(loc *translations.Localizer) []string {
	r := v.Review
	m := func(d data.Dong) string { return millions(loc, d) } // as the reviews quote them
	var out []string
	if r.CommuneID != 0 {
		out = append(out, loc.T("review.headline.commune", "Name", r.CommuneName, "Programs", loc.Number(int64(r.ProgramsInForce())),
			"Outstanding", m(r.End.Outstanding()), "Households", loc.Number(int64(r.End.Households)),
			"Groups", loc.Number(int64(r.Groups))))
	}
	// A start with nothing (an office whose records begin after the start date) has no
	// "× times" and no growth to quote: those sentences say what was reached.
	if r.CapitalStart() > 0 {
		out = append(out, loc.T("review.headline.capital", "End", m(r.CapitalEnd()), "Times", timesNumber(loc, r.CapitalEnd(), r.CapitalStart()),
			"From", r.From))
	} else {
		out = append(out, loc.T("review.headline.capital_new", "End", m(r.CapitalEnd())))
	}
	share := shareText(loc, data.Ratio(r.LocalEnd.Balance, r.CapitalEnd()))
	switch {
	case r.LocalEnd.Balance > 0 && r.LocalStart.Balance > 0:
		out = append(out, loc.T("review.headline.local", "End", m(r.LocalEnd.Balance), "Change", m(r.LocalEnd.Balance-r.LocalStart.Balance),
			"Times", timesNumber(loc, r.LocalEnd.Balance, r.LocalStart.Balance), "Share", share))
	case r.LocalEnd.Balance > 0:
		out = append(out, loc.T("review.headline.local_new", "End", m(r.LocalEnd.Balance), "Share", share))
	}
	if r.Start.Outstanding() > 0 {
		out = append(out, loc.T("review.headline.outstanding", "End", m(r.End.Outstanding()),
			"Change", m(r.End.Outstanding()-r.Start.Outstanding()), "Times", timesNumber(loc, r.End.Outstanding(), r.Start.Outstanding()),
			"Year", r.From.Year(), "Growth", shareText(loc, r.OutstandingGrowth())))
	} else {
		out = append(out, loc.T("review.headline.outstanding_new", "End", m(r.End.Outstanding())))
	}
	out = append(out, loc.T("review.headline.turnover", "Lent", m(r.Lent), "Loans", loc.Number(int64(r.Loans)),
		"Households", loc.Number(int64(r.Households)), "Recovered", m(r.Recovered)))
	out = append(out, loc.T("review.headline.outcomes", "Jobs", loc.Number(int64(r.Outcome.Jobs)),
		"Houses", loc.Number(int64(r.Outcome.Houses)), "Water", loc.Number(int64(r.Outcome.WaterWorks)),
		"Students", loc.Number(int64(r.Outcome.Students)), "LeftPoverty", loc.Number(int64(r.LeftPoverty))))
	quality := loc.T("review.headline.quality_new", "End", fractionText(loc, r.End.Overdue, r.End.Outstanding()))
	if r.Start.Outstanding() > 0 {
		quality = loc.T("review.headline.quality", "End", fractionText(loc, r.End.Overdue, r.End.Outstanding()),
			"Start", fractionText(loc, r.Start.Overdue, r.Start.Outstanding()))
	}
	if r.CommuneID == 0 {
		quality += " " + loc.T("review.headline.communes", "Count", loc.Number(int64(r.CommunesWithoutOverdue)),
			"Of", loc.Number(int64(r.Communes)))
	}
	out = append(out, quality)
	out = append(out, loc.T("review.headline.groups", "Groups", loc.Number(int64(r.Groups)), "Members", loc.Number(int64(r.Members)),
		"Good", loc.Number(int64(r.GroupsGood)), "Share", shareText(loc, r.GoodShare()),
		"Savings", m(r.SavingsEnd), "Change", m(r.SavingsEnd-r.SavingsStart)))
	return out
}

// reviewLine is one figure of the review's tables: at the start and at the end, or over the
// period (end only).
type reviewLine struct {
	label      string
	start, end Cell
	// change is end − start for amounts and counts at both dates; empty otherwise.
	change Cell
	// startText, endText and changeText are the printed forms.
	startText, endText, changeText string
	times                          string
}

// marked adds the mark of the note that explains the figure ("(1)") to its label.
func (l reviewLine) marked(mark string) reviewLine {
	l.label += " " + mark
	return l
}

// lines are the review's figures, in the order they print and export.
func (v ReviewReport) lines(loc *translations.Localizer) (atDates, period []reviewLine) {
	r, u := v.Review, v.Unit.orDong()
	money := func(id string, start, end data.Dong) reviewLine {
		return reviewLine{label: loc.T(id), start: Money(start), end: Money(end), change: Money(end - start),
			startText: u.amount(loc, start), endText: u.amount(loc, end), changeText: signed(loc, u, end-start),
			times: timesNumber(loc, end, start)}
	}
	ratio := func(id string, sn, sd, en, ed data.Dong) reviewLine {
		return reviewLine{label: loc.T(id), start: Ratio(int64(sn), int64(sd)), end: Ratio(int64(en), int64(ed)),
			startText: fractionText(loc, sn, sd), endText: fractionText(loc, en, ed)}
	}
	count := func(id string, n int) reviewLine {
		return reviewLine{label: loc.T(id), end: Int(int64(n)), endText: loc.Number(int64(n))}
	}
	amount := func(id string, d data.Dong) reviewLine {
		return reviewLine{label: loc.T(id), end: Money(d), endText: u.amount(loc, d)}
	}
	atDates = []reviewLine{
		money("review.fig.capital", r.CapitalStart(), r.CapitalEnd()).marked("(1)"),
		money("review.fig.local_capital", r.LocalStart.Balance, r.LocalEnd.Balance),
		money("review.fig.local_available", r.LocalStart.Available, r.LocalEnd.Available),
		ratio("review.fig.local_share", r.LocalStart.Balance, r.CapitalStart(), r.LocalEnd.Balance, r.CapitalEnd()),
		money("review.fig.outstanding", r.Start.Outstanding(), r.End.Outstanding()),
		money("review.fig.overdue", r.Start.Overdue, r.End.Overdue),
		ratio("review.fig.overdue_ratio", r.Start.Overdue, r.Start.Outstanding(), r.End.Overdue, r.End.Outstanding()),
		money("review.fig.frozen", r.Start.Frozen, r.End.Frozen),
		{label: loc.T("review.fig.households_owing"), start: Int(int64(r.Start.Households)), end: Int(int64(r.End.Households)),
			change:    Int(int64(r.End.Households - r.Start.Households)),
			startText: loc.Number(int64(r.Start.Households)), endText: loc.Number(int64(r.End.Households)),
			changeText: loc.Number(int64(r.End.Households - r.Start.Households))},
		money("review.fig.savings", r.SavingsStart, r.SavingsEnd),
	}
	growth := reviewLine{label: loc.T("review.fig.annual_growth"), endText: shareText(loc, r.OutstandingGrowth())}
	if g := r.OutstandingGrowth(); g != 0 {
		growth.end = Ratio(int64(math.Round(g*1_000_000)), 1_000_000)
	}
	period = []reviewLine{
		growth,
		amount("review.fig.lent", r.Lent),
		amount("review.fig.recovered", r.Recovered),
		count("review.fig.loans", r.Loans),
		count("review.fig.households", r.Households),
		count("review.fig.jobs", r.Outcome.Jobs),
		count("review.fig.houses", r.Outcome.Houses),
		count("review.fig.water_works", r.Outcome.WaterWorks),
		count("review.fig.students", r.Outcome.Students),
		count("review.fig.study_months", r.Outcome.StudyMonths),
		count("review.fig.left_poverty", r.LeftPoverty).marked("(4)"),
		count("review.fig.programs_in_force", r.ProgramsInForce()),
	}
	if r.CommuneID == 0 {
		period = append(period, reviewLine{label: loc.T("review.fig.communes_without_overdue"),
			end: Int(int64(r.CommunesWithoutOverdue)), endText: loc.Number(int64(r.CommunesWithoutOverdue)) + " / " + loc.Number(int64(r.Communes))})
	}
	period = append(period,
		count("review.fig.groups", r.Groups),
		reviewLine{label: loc.T("review.fig.groups_good"), end: Int(int64(r.GroupsGood)),
			endText: loc.Number(int64(r.GroupsGood)) + " (" + shareText(loc, r.GoodShare()) + ")"},
		count("review.fig.members", r.Members),
	)
	return atDates, period
}

// outcomeCountIDs count each outcome ("12 việc làm"); outcomeFigureIDs name it as a figure.
var (
	outcomeCountIDs = map[data.OutcomeKind]string{data.OutcomeJobs: "review.outcome.jobs", data.OutcomeHouses: "review.outcome.houses",
		data.OutcomeWaterWorks: "review.outcome.water_works", data.OutcomeStudents: "review.outcome.students",
		data.OutcomeStudyMonths: "review.outcome.study_months"}
	outcomeFigureIDs = map[data.OutcomeKind]string{data.OutcomeJobs: "review.fig.jobs", data.OutcomeHouses: "review.fig.houses",
		data.OutcomeWaterWorks: "review.fig.water_works", data.OutcomeStudents: "review.fig.students",
		data.OutcomeStudyMonths: "review.fig.study_months"}
)

// OutcomeText names what a loan, or a program's loans, achieve: "12 việc làm; 3 căn nhà".
func OutcomeText(loc *translations.Localizer, o data.Outcome) string {
	var parts []string
	for _, k := range data.OutcomeKinds {
		if n := o.Get(k); n > 0 {
			parts = append(parts, loc.N(outcomeCountIDs[k], n, "N", loc.Number(int64(n))))
		}
	}
	return strings.Join(parts, "; ")
}

// subtitle names the scope and the period.
func (v ReviewReport) subtitle(loc *translations.Localizer) string {
	r := v.Review
	if r.CommuneID != 0 {
		return loc.T("review.subtitle_commune", "Name", r.CommuneName, "Code", r.CommuneCode, "From", r.From, "Date", r.Date)
	}
	return loc.T("review.subtitle_office", "Office", v.Office.Name, "From", r.From, "Date", r.Date)
}

// WritePDF prints the review on portrait A4: the headlines, then every figure in tables.
func (v ReviewReport) WritePDF(w io.Writer, loc *translations.Localizer, created time.Time) error {
	r, u := v.Review, v.Unit.orDong()
	title := loc.T("review.title")
	d := NewDocument(loc, Meta{Office: v.Office, Title: title, Date: r.Date, Orientation: Portrait, Created: created, Anchor: v.Anchor})
	d.Heading(strings.ToUpper(title), v.subtitle(loc))

	d.section(loc.T("review.section.headlines"))
	for _, h := range v.Headlines(loc) {
		d.Paragraph("• " + h)
		d.Space(1)
	}
	d.setFont(italic, bodySize)
	d.lines(d.wrap(u.header(loc), d.Width(), 0), marginSide, d.Width(), Right)

	atDates, period := v.lines(loc)
	d.section(loc.T("review.section.dates"))
	t := printTable{Zebra: true, Columns: []printColumn{
		{Header: loc.T("review.col.figure"), Width: 40, Align: Left, MaxLines: 2},
		{Header: loc.Date(r.From), Width: 20, Align: Right},
		{Header: loc.Date(r.Date), Width: 20, Align: Right},
		{Header: loc.T("review.col.change"), Width: 20, Align: Right, MaxLines: 2},
		{Header: loc.T("review.col.times"), Width: 12, Align: Right, MaxLines: 2},
	}}
	for _, l := range atDates {
		t.Rows = append(t.Rows, []string{l.label, l.startText, l.endText, l.changeText, l.times})
	}
	d.table(t)

	d.section(loc.T("review.section.period"))
	p := printTable{Zebra: true, Columns: []printColumn{
		{Header: loc.T("review.col.figure"), Width: 60, Align: Left, MaxLines: 2},
		{Header: loc.T("review.col.value"), Width: 32, Align: Right},
	}}
	for _, l := range period {
		p.Rows = append(p.Rows, []string{l.label, l.endText})
	}
	d.table(p)

	d.section(loc.T("review.section.programs"))
	pt := printTable{Zebra: true, Columns: []printColumn{
		{Header: loc.T("summary.col.program"), Width: 32, Align: Left, MaxLines: 2},
		{Header: loc.T("review.col.loans"), Width: 10, Align: Right, MaxLines: 2},
		{Header: loc.T("review.col.households"), Width: 12, Align: Right, MaxLines: 2},
		{Header: loc.T("review.col.lent"), Width: 17, Align: Right, MaxLines: 2},
		{Header: loc.T("review.col.recovered"), Width: 17, Align: Right, MaxLines: 2},
		{Header: loc.T("review.col.outstanding"), Width: 17, Align: Right, MaxLines: 2},
		{Header: loc.T("review.col.outcomes"), Width: 26, Align: Left, MaxLines: 6},
	}}
	for _, pr := range r.Programs {
		pt.Rows = append(pt.Rows, []string{programLabel(v.ProgramNames, pr.Code), loc.Number(int64(pr.Loans)),
			loc.Number(int64(pr.Households)), u.amount(loc, pr.Lent), u.amount(loc, pr.Recovered),
			u.amount(loc, pr.Outstanding), OutcomeText(loc, pr.Outcome)})
	}
	pt.Total = []string{loc.T("summary.total"), loc.Number(int64(r.Loans)), loc.Number(int64(r.Households)),
		u.amount(loc, r.Lent), u.amount(loc, r.Recovered), u.amount(loc, r.End.Outstanding()), OutcomeText(loc, r.Outcome)}
	d.table(pt)

	d.Note("(1)", loc.T("review.note.capital"))
	if v.NoCapital {
		d.Note("(2)", loc.T("review.note.no_capital"))
	}
	d.Note("(3)", loc.T("review.note.period", "From", r.From, "Date", r.Date))
	d.Note("(4)", loc.T("review.note.left_poverty"))
	d.Note("(5)", u.roundingNote(loc))
	d.Signatures(v.Office.Province, Signatories{})
	return d.Write(w)
}

// reviewJSON is the review's JSON (issue 21): money in đồng, ratios and growth as fractions.
type reviewJSON struct {
	From    data.Date `json:"from"`
	Date    data.Date `json:"date"`
	Capital struct {
		Start data.Dong `json:"start"`
		End   data.Dong `json:"end"`
		Times float64   `json:"times"`
	} `json:"capital"`
	LocalCapital struct {
		Start data.Dong `json:"start"`
		End   data.Dong `json:"end"`
		Times float64   `json:"times"`
	} `json:"local_capital"`
	Outstanding struct {
		Start        data.Dong `json:"start"`
		End          data.Dong `json:"end"`
		AnnualGrowth float64   `json:"annual_growth"`
	} `json:"outstanding"`
	LendingTurnover   data.Dong `json:"lending_turnover"`
	RecoveryTurnover  data.Dong `json:"recovery_turnover"`
	HouseholdsReached int       `json:"households_reached"`
	Outcomes          struct {
		Jobs        int `json:"jobs"`
		Houses      int `json:"houses"`
		WaterWorks  int `json:"water_works"`
		Students    int `json:"students"`
		LeftPoverty int `json:"left_poverty"`
	} `json:"outcomes"`
	OverdueRatio struct {
		Start float64 `json:"start"`
		End   float64 `json:"end"`
	} `json:"overdue_ratio"`
	CommunesWithoutOverdue struct {
		Count int `json:"count"`
		Of    int `json:"of"`
	} `json:"communes_without_overdue"`
	Groups struct {
		Count int `json:"count"`
		Good  int `json:"good"`
	} `json:"groups"`
	Savings struct {
		Start data.Dong `json:"start"`
		End   data.Dong `json:"end"`
	} `json:"savings"`
	Headlines []string `json:"headlines"`
}

// WriteJSON writes the review in the shape of issue 21; the headlines in the reader's language.
func (v ReviewReport) WriteJSON(w io.Writer, loc *translations.Localizer) error {
	r := v.Review
	var out reviewJSON
	out.From, out.Date = r.From, r.Date
	out.Capital.Start, out.Capital.End, out.Capital.Times = r.CapitalStart(), r.CapitalEnd(), data.Times(r.CapitalStart(), r.CapitalEnd())
	out.LocalCapital.Start, out.LocalCapital.End = r.LocalStart.Balance, r.LocalEnd.Balance
	out.LocalCapital.Times = data.Times(r.LocalStart.Balance, r.LocalEnd.Balance)
	out.Outstanding.Start, out.Outstanding.End = r.Start.Outstanding(), r.End.Outstanding()
	out.Outstanding.AnnualGrowth = r.OutstandingGrowth()
	out.LendingTurnover, out.RecoveryTurnover, out.HouseholdsReached = r.Lent, r.Recovered, r.Households
	out.Outcomes.Jobs, out.Outcomes.Houses, out.Outcomes.WaterWorks = r.Outcome.Jobs, r.Outcome.Houses, r.Outcome.WaterWorks
	out.Outcomes.Students, out.Outcomes.LeftPoverty = r.Outcome.Students, r.LeftPoverty
	out.OverdueRatio.Start = data.Ratio(r.Start.Overdue, r.Start.Outstanding())
	out.OverdueRatio.End = data.Ratio(r.End.Overdue, r.End.Outstanding())
	out.CommunesWithoutOverdue.Count, out.CommunesWithoutOverdue.Of = r.CommunesWithoutOverdue, r.Communes
	out.Groups.Count, out.Groups.Good = r.Groups, r.GroupsGood
	out.Savings.Start, out.Savings.End = r.SavingsStart, r.SavingsEnd
	out.Headlines = v.Headlines(loc)
	return writeJSON(w, out)
}

// Table is the review in long form, one figure a row (part, figure, start, end or period
// value): every figure of the PDF, each program's among them, for spreadsheets to pivot.
func (v ReviewReport) Table(loc *translations.Localizer) Table {
	r := v.Review
	sh := Table{Name: loc.T("review.sheet"), Columns: []Column{
		{Title: loc.T("review.col.part"), Kind: KindText},
		{Title: loc.T("review.col.figure"), Kind: KindText},
		{Title: loc.T("review.col.start", "Date", r.From), Kind: KindMoney},
		{Title: loc.T("review.col.end", "Date", r.Date), Kind: KindMoney},
		{Title: loc.T("review.col.change"), Kind: KindMoney},
	}}
	atDates, period := v.lines(loc)
	for _, l := range atDates {
		sh.Rows = append(sh.Rows, []Cell{Text(loc.T("review.section.dates")), Text(l.label), l.start, l.end, l.change})
	}
	for _, l := range period {
		sh.Rows = append(sh.Rows, []Cell{Text(loc.T("review.section.period")), Text(l.label), {}, l.end})
	}
	part := Text(loc.T("review.section.programs"))
	for _, p := range r.Programs {
		name := programLabel(v.ProgramNames, p.Code)
		add := func(id string, c Cell) {
			sh.Rows = append(sh.Rows, []Cell{part, Text(name + " – " + loc.T(id)), {}, c})
		}
		add("review.col.loans", Int(int64(p.Loans)))
		add("review.col.households", Int(int64(p.Households)))
		add("review.col.lent", Money(p.Lent))
		add("review.col.recovered", Money(p.Recovered))
		add("review.col.outstanding", Money(p.Outstanding))
		for _, k := range data.OutcomeKindsFor(p.Code) {
			add(outcomeFigureIDs[k], Int(int64(p.Outcome.Get(k))))
		}
	}
	for _, h := range v.Headlines(loc) {
		sh.Rows = append(sh.Rows, []Cell{Text(loc.T("review.section.headlines")), Text(h), {}, {}})
	}
	return sh
}

// Slide kinds of the review's section of a meeting.
const (
	SlideReviewCapital SlideKind = "directive40_capital" // capital and outstanding since the start, × times
	SlideReviewResults SlideKind = "directive40_results" // what the period's loans achieved
)

// Slides are the review as a section of a meeting: the capital and the loans outstanding
// with their growth, then what the loans achieved, in big figures (millions of đồng).
func (v ReviewReport) Slides(loc *translations.Localizer) []Slide {
	r := v.Review
	sub := v.subtitle(loc)
	times := func(start, end data.Dong) string {
		return loc.T("review.slide.times", "Times", timesNumber(loc, end, start), "From", r.From)
	}
	capital := []BigFigure{
		{Label: loc.T("review.fig.capital"), Value: millions(loc, r.CapitalEnd()), Note: times(r.CapitalStart(), r.CapitalEnd())},
		{Label: loc.T("review.fig.local_capital"), Value: millions(loc, r.LocalEnd.Balance),
			Note: loc.T("review.slide.share", "Share", shareText(loc, data.Ratio(r.LocalEnd.Balance, r.CapitalEnd())))},
		{Label: loc.T("review.fig.outstanding"), Value: millions(loc, r.End.Outstanding()), Note: times(r.Start.Outstanding(), r.End.Outstanding())},
		{Label: loc.T("review.fig.annual_growth"), Value: shareText(loc, r.OutstandingGrowth()), Note: loc.T("review.slide.per_year")},
		{Label: loc.T("review.fig.overdue_ratio"), Value: fractionText(loc, r.End.Overdue, r.End.Outstanding()),
			Note: loc.T("review.slide.at_start", "Value", fractionText(loc, r.Start.Overdue, r.Start.Outstanding()))},
	}
	results := []BigFigure{
		{Label: loc.T("review.fig.lent"), Value: millions(loc, r.Lent),
			Note: loc.T("review.slide.households", "Households", loc.Number(int64(r.Households)))},
		{Label: loc.T("review.fig.jobs"), Value: loc.Number(int64(r.Outcome.Jobs))},
		{Label: loc.T("review.fig.houses"), Value: loc.Number(int64(r.Outcome.Houses))},
		{Label: loc.T("review.fig.water_works"), Value: loc.Number(int64(r.Outcome.WaterWorks))},
		{Label: loc.T("review.fig.students"), Value: loc.Number(int64(r.Outcome.Students))},
		{Label: loc.T("review.fig.left_poverty"), Value: loc.Number(int64(r.LeftPoverty))},
	}
	return []Slide{
		{Kind: SlideReviewCapital, Title: loc.T("review.slide.capital", "From", r.From), Subtitle: sub, Figures: capital},
		{Kind: SlideReviewResults, Title: loc.T("review.slide.results", "From", r.From), Subtitle: sub, Figures: results},
	}
}

// ReviewSlides builds the review for r (as the registry's directive40 does) and returns its
// slides, for the meeting handout's section on Directive 40.
func ReviewSlides(ctx context.Context, src Source, r Request) ([]Slide, error) {
	t, err := buildDirective40(ctx, src, r)
	if err != nil {
		return nil, err
	}
	return t.(ReviewReport).Slides(r.Loc), nil
}
