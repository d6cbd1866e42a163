package ui

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
)

// criterionIDs name the six criteria of a score in data.Criteria's order.
var criterionIDs = [6]string{"settleui.criterion.on_site", "settleui.criterion.overdue", "settleui.criterion.principal_collected",
	"settleui.criterion.interest_collected", "settleui.criterion.savers", "settleui.criterion.savings_growth"}

var (
	scoreColumns = []string{"settleui.col.criterion", "settleui.col.points", "settleui.col.measured"}
	trendColumns = []string{"settleui.col.month", "settleui.col.points", "settleui.col.rating"}
)

// ratingPanel is the Groups screen's tab of the chosen group's computed ratings: the month
// picked in the trend (the newest first) with its six criteria, and Confirm or Override… for
// that month's rating.
type ratingPanel struct {
	app    *App
	group  data.Group
	scores []data.GroupScore // newest first
	at     int               // the month shown, an index into scores
	loads  latest
	// deciding is the decision being written: Confirm and Override… wait for it.
	deciding busy

	summary   *widget.Label
	breakdown *widget.Table
	trend     *widget.Table
	confirm   *widget.Button
	override  *widget.Button
	content   fyne.CanvasObject
	empty     fyne.CanvasObject
	root      fyne.CanvasObject
	changed   func() // a decision was recorded: the list's rating column changes

	overrideForm *form // the override dialog last opened, for tests
	overrideBand *choice
	overrideWhy  *keyEntry
}

func newRatingPanel(a *App, changed func()) *ratingPanel {
	p := &ratingPanel{app: a, changed: changed}
	loc := a.loc
	p.summary = widget.NewLabel("")
	p.summary.Wrapping = fyne.TextWrapWord
	p.breakdown = newHeaderTable(scoreColumns, []float32{290, 90, 200},
		func() int {
			if len(p.scores) == 0 {
				return 0
			}
			return len(criterionIDs) + 1
		}, p.scoreCell, func(col int) bool { return col == 1 }, loc)
	p.trend = newHeaderTable(trendColumns, []float32{80, 60, 150},
		func() int { return len(p.scores) }, p.trendCell, func(col int) bool { return col == 1 }, loc)
	p.trend.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(p.scores) && id.Row != p.at {
			p.at = id.Row
			p.show()
		}
	}
	p.confirm = widget.NewButton(loc.T("settleui.confirm_rating"), p.askConfirm)
	p.override = widget.NewButton(loc.T("settleui.override"), p.askOverride)
	p.deciding.guard(p.confirm, p.override)
	split := container.NewHSplit(p.breakdown, p.trend)
	split.Offset = 0.66
	top := container.NewBorder(nil, nil, nil, container.NewHBox(p.confirm, p.override), p.summary)
	p.content = container.NewBorder(top, nil, nil, nil, split)
	var open []*widget.Button
	if a.mayOpen("reports") {
		open = append(open, widget.NewButton(loc.T("settleui.open_settlement"), func() { a.Navigate("reports") }))
	}
	p.empty = emptyState(loc.T("settleui.no_scores"), open...)
	p.root = container.NewStack(p.content, p.empty)
	p.load(data.Group{})
	return p
}

// load reads the group's settled months' scores, newest first; only the newest load shows.
func (p *ratingPanel) load(g data.Group) {
	a := p.app
	p.group = g
	seq := p.loads.next()
	if g.ID == 0 {
		p.scores, p.at = nil, 0
		p.show()
		return
	}
	var scores []data.GroupScore
	a.async(func(ctx context.Context) (err error) {
		scores, err = a.store.GroupScores(ctx, g.ID)
		return err
	}, func(err error) {
		if !p.loads.is(seq) {
			return // another group was chosen meanwhile
		}
		if err != nil {
			p.scores = nil
			p.show()
			a.showError(err)
			return
		}
		keep := data.Month{}
		if p.at < len(p.scores) {
			keep = p.scores[p.at].Month
		}
		p.scores, p.at = scores, 0
		for i, s := range scores {
			if s.Month == keep {
				p.at = i // after a decision the month decided stays shown
			}
		}
		// Selecting the row from code would scroll a table not yet laid out (the tab not
		// shown) astray: the summary names the month shown until the clerk picks another.
		if p.at == 0 {
			p.trend.UnselectAll()
		}
		p.show()
	})
}

// shownScore is the month shown, if any.
func (p *ratingPanel) shownScore() (data.GroupScore, bool) {
	if p.at < 0 || p.at >= len(p.scores) {
		return data.GroupScore{}, false
	}
	return p.scores[p.at], true
}

// show fills the tab with the month picked, or says how to get computed ratings.
func (p *ratingPanel) show() {
	s, ok := p.shownScore()
	if !ok {
		p.content.Hide()
		p.empty.Show()
		p.confirm.Disable()
		p.override.Disable()
		return
	}
	p.empty.Hide()
	p.content.Show()
	p.summary.SetText(p.summaryText(s))
	p.breakdown.Refresh()
	p.trend.Refresh()
	if p.app.may(data.ActGroups) && !p.deciding.running {
		p.confirm.Enable()
		p.override.Enable()
	} else {
		// Shown disabled: the credit officer decides; the others see that a decision exists.
		p.confirm.Disable()
		p.override.Disable()
	}
}

// bandText is a rating in the reader's words.
func (p *ratingPanel) bandText(r data.Rating) string { return p.app.loc.T("rating." + string(r)) }

// summaryText is the month's total, its band and what was decided.
func (p *ratingPanel) summaryText(s data.GroupScore) string {
	loc := p.app.loc
	line := loc.T("settleui.score_line", "Month", s.Month.String(), "Total", s.Total, "Max", maxPoints(s), "Band", p.bandText(s.Band))
	return line + "\n" + p.decisionText(s)
}

// decisionText says whether the month's rating was confirmed or overridden, by whom and why.
func (p *ratingPanel) decisionText(s data.GroupScore) string {
	loc := p.app.loc
	d := s.Decision
	switch {
	case d.Rating == "":
		return loc.T("settleui.undecided")
	case d.Override:
		return loc.T("settleui.overridden", "Band", p.bandText(d.Rating), "User", d.User, "When", stamp(p.app, d.At), "Reason", d.Reason)
	}
	return loc.T("settleui.confirmed", "Band", p.bandText(d.Rating), "User", d.User, "When", stamp(p.app, d.At))
}

// maxPoints is the most a month could score under its rules.
func maxPoints(s data.GroupScore) int64 {
	var n int64
	for _, m := range s.Max {
		n += m
	}
	return n
}

// bpText writes basis points as a percentage.
func bpText(p *ratingPanel, bp int64) string { return p.app.loc.Percent(data.Rate(bp * 100)) }

// measuredText is what a criterion's points were counted from.
func (p *ratingPanel) measuredText(s data.GroupScore, i int) string {
	loc := p.app.loc
	if i == 5 {
		switch {
		case s.SavingsChange > 0:
			return loc.T("settleui.measured.grew", "Amount", s.SavingsChange)
		case s.SavingsChange < 0:
			return loc.T("settleui.measured.fell", "Amount", -s.SavingsChange)
		}
		return loc.T("settleui.measured.same")
	}
	ids := [5]string{"settleui.measured.on_site", "settleui.measured.overdue", "settleui.measured.principal",
		"settleui.measured.interest", "settleui.measured.savers"}
	return loc.T(ids[i], "Percent", bpText(p, s.Ratios[i]))
}

func (p *ratingPanel) scoreCell(id widget.TableCellID) string {
	s, ok := p.shownScore()
	if !ok || id.Row < 0 || id.Row > len(criterionIDs) {
		return ""
	}
	loc := p.app.loc
	if id.Row == len(criterionIDs) { // the total
		switch id.Col {
		case 0:
			return loc.T("settleui.total")
		case 1:
			return loc.T("settleui.points_of", "Points", s.Total, "Max", maxPoints(s))
		}
		return p.bandText(s.Band)
	}
	switch id.Col {
	case 0:
		return loc.T(criterionIDs[id.Row])
	case 1:
		return loc.T("settleui.points_of", "Points", s.Points[id.Row], "Max", s.Max[id.Row])
	}
	return p.measuredText(s, id.Row)
}

func (p *ratingPanel) trendCell(id widget.TableCellID) string {
	if id.Row < 0 || id.Row >= len(p.scores) {
		return ""
	}
	s := p.scores[id.Row]
	switch id.Col {
	case 0:
		return s.Month.String()
	case 1:
		return strconv.FormatInt(s.Total, 10)
	}
	d := s.Decision
	switch {
	case d.Rating == "":
		return p.bandText(s.Band) // computed, not decided yet
	case d.Override:
		return p.app.loc.T("settleui.kept_override", "Band", p.bandText(d.Rating))
	}
	return p.app.loc.T("settleui.kept_confirmed", "Band", p.bandText(d.Rating))
}

// groupName names the group in a question.
func (p *ratingPanel) groupName() string { return p.group.Code + " · " + p.group.Name }

// askConfirm states what confirming keeps, then records it.
func (p *ratingPanel) askConfirm() {
	a := p.app
	loc := a.loc
	s, ok := p.shownScore()
	if !ok || p.deciding.running {
		return
	}
	text := widget.NewLabel(loc.T("settleui.confirm_rating_what", "Group", p.groupName(), "Month", s.Month.String(),
		"Band", p.bandText(s.Band), "Total", s.Total))
	text.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	var yes *widget.Button
	d, yes = confirmDialog(a, loc.T("settleui.confirm_rating_title", "Month", s.Month.String()), loc.T("settleui.confirm_rating"), text, func() {
		d.Hide()
		p.decide(data.RatingDecision{GroupID: s.GroupID, Month: s.Month, Rating: s.Band}, nil, nil)
	})
	yes.Importance = widget.HighImportance
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// askOverride asks for the rating to keep instead and why.
func (p *ratingPanel) askOverride() {
	a := p.app
	loc := a.loc
	s, ok := p.shownScore()
	if !ok || p.deciding.running {
		return
	}
	labels := make([]string, len(data.Ratings))
	for i, r := range data.Ratings {
		labels[i] = p.bandText(r)
	}
	f := newForm(loc)
	band := newSelect(loc, labels, nil)
	var dlg dialog.Dialog
	why := newKeyEntry(func() { dlg.Hide() })
	f.add("rating.rating", band)
	f.add("rating.reason", why)
	p.overrideForm, p.overrideBand, p.overrideWhy = f, band, why
	text := widget.NewLabel(loc.T("settleui.override_what", "Group", p.groupName(), "Month", s.Month.String(),
		"Band", p.bandText(s.Band), "Total", s.Total))
	text.Wrapping = fyne.TextWrapWord
	save := func() {
		d := data.RatingDecision{GroupID: s.GroupID, Month: s.Month, Override: true, Reason: why.Text}
		if i := band.SelectedIndex(); i >= 0 && i < len(data.Ratings) {
			d.Rating = data.Ratings[i]
		}
		// The store checks again; asking first keeps the dialog open with the message in place.
		if err := d.Validate(s.Band); err != nil {
			f.showErrors(err)
			return
		}
		p.decide(d, f, func() { dlg.Hide() })
	}
	why.OnSubmitted = func(string) { save() }
	var yes *widget.Button
	dlg, yes = confirmDialog(a, loc.T("settleui.override_title", "Month", s.Month.String()), loc.T("settleui.override_now"),
		container.NewVBox(text, f.object()), save)
	p.deciding.guard(yes)
	dlg.Resize(fyne.NewSize(560, 0))
	dlg.Show()
	a.win.Canvas().Focus(why)
}

// decide records the decision; f (may be nil) shows the store's refusal under its fields, and
// done closes the dialog once recorded.
func (p *ratingPanel) decide(d data.RatingDecision, f *form, done func()) {
	a := p.app
	loc := a.loc
	code := p.group.Code
	a.write(&p.deciding, func(ctx context.Context) error { return a.store.DecideRating(ctx, d) }, func(err error) {
		if f != nil {
			if !a.reportErrors(f, err) {
				return
			}
		} else if err != nil {
			a.showError(err)
			p.show()
			return
		}
		if done != nil {
			done()
		}
		a.notify(loc.T("settleui.decided", "Code", code, "Month", d.Month.String(), "Band", p.bandText(d.Rating)))
		p.load(p.group)
		if p.changed != nil {
			p.changed()
		}
	})
}
