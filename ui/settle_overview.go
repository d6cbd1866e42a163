package ui

import (
	"policycredit/data"
	"policycredit/reports"
	"policycredit/translations"
)

// The Overview's and the meeting's "groups by rating" count each group by the final rating of
// the latest month settled by the date: their title names that month.

// ratingsTitle is the ratings chart's title: with the settled month its groups are rated in
// when there is one (the newest, should groups differ), else the plain title.
func ratingsTitle(loc *translations.Localizer, ov data.Overview) string {
	var m data.Month
	for _, g := range ov.Summary.Groups {
		if !g.RatingMonth.IsZero() && (m.IsZero() || g.RatingMonth.After(m)) {
			m = g.RatingMonth
		}
	}
	if m.IsZero() {
		return loc.T("overview.chart.ratings")
	}
	return loc.T("settleui.ratings_title", "Month", m.String())
}

// titleRatings names the month on the slides' ratings slide.
func titleRatings(slides []reports.Slide, loc *translations.Localizer, ov data.Overview) {
	for i := range slides {
		if slides[i].Kind == reports.SlideRatings {
			slides[i].Title = ratingsTitle(loc, ov)
		}
	}
}
