package ui

import (
	"context"

	"policycredit/data"
	"policycredit/reports"
	"policycredit/translations"
)

// The Overview's and the meeting's "groups by rating" count each group by its rating of the
// last settled month: their title names that month, read from the settlements.

// ratedMonth is the newest standing settlement's month ending on or before on; zero if none.
func ratedMonth(infos []data.SettlementInfo, on data.Date) data.Month {
	var out data.Month
	for _, s := range infos {
		if !s.Reversed && !s.Month.End().After(on) && (out.IsZero() || s.Month.After(out)) {
			out = s.Month
		}
	}
	return out
}

// ratingsTitle reads the settlements off the UI goroutine and hands show the title of the
// ratings chart on date on, when a settled month rates the groups. A failure to read them
// leaves the plain title: the chart's figures are read apart, and a label is no reason to
// stop a meeting.
func (a *App) ratingsTitle(loc *translations.Localizer, on data.Date, show func(title string)) {
	var infos []data.SettlementInfo
	a.async(func(ctx context.Context) (err error) {
		infos, err = a.store.Settlements(ctx)
		return err
	}, func(err error) {
		if m := ratedMonth(infos, on); err == nil && !m.IsZero() {
			show(loc.T("settleui.ratings_title", "Month", m.String()))
		}
	})
}

// titleRatings puts title on the meeting's ratings slide and shows it again if it is on screen.
func (m *meeting) titleRatings(title string) {
	for i := range m.slides {
		if m.slides[i].Kind == reports.SlideRatings {
			m.slides[i].Title = title
			if i == m.at {
				m.show()
			}
		}
	}
}
