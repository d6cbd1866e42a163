package sqlite

import (
	"context"
	"database/sql"

	"policycredit/data"
)

// Overview gathers an office's (communeID 0) or a commune's figures on a date for the Overview
// screen and the meeting slides, in one read transaction, from the same loans, groups and
// savings as the commune and office summaries.
func (s *Store) Overview(ctx context.Context, communeID int64, on data.Date) (data.Overview, error) {
	var out data.Overview
	if on.IsZero() {
		return out, data.Invalid("summary.date", "required")
	}
	err := s.read(ctx, func(tx *sql.Tx) error {
		communes, err := communesIn(ctx, tx)
		if err != nil {
			return err
		}
		var scope data.Commune
		if communeID != 0 {
			for _, c := range communes {
				if c.ID == communeID {
					scope = c
				}
			}
			if scope.ID == 0 {
				return data.NotFound("summary.commune", "ID", communeID)
			}
			communes = []data.Commune{scope}
		}
		loans, err := summaryLoans(ctx, tx, communeID, on)
		if err != nil {
			return err
		}
		groups, err := communeGroups(ctx, tx, communeID, on)
		if err != nil {
			return err
		}
		savings, err := communeSavings(ctx, tx, communeID, on)
		if err != nil {
			return err
		}
		trend, err := overviewTrend(ctx, tx, communeID, on)
		if err != nil {
			return err
		}
		out = data.SummarizeOverview(scope, communes, on, loans, groups, savings, trend)
		// The last point is the date itself: the same figures as the totals.
		t := out.Summary.Totals
		out.Trend = append(out.Trend, data.TrendPoint{Date: on, Outstanding: t.Outstanding(), Overdue: t.Overdue})
		return nil
	})
	return out, err
}

// overviewTrend is the scope's outstanding and overdue principal at each month end of the
// trend before the date (data.TrendDates without its last point).
func overviewTrend(ctx context.Context, tx *sql.Tx, communeID int64, on data.Date) ([]data.TrendPoint, error) {
	dates := data.TrendDates(on)
	out := make([]data.TrendPoint, 0, len(dates))
	for _, d := range dates[:len(dates)-1] {
		figs, err := communeLoanFigures(ctx, tx, communeID, d)
		if err != nil {
			return nil, err
		}
		p := data.TrendPoint{Date: d}
		for _, f := range figs {
			p.Outstanding += f.outstanding
			p.Overdue += f.overdue
		}
		out = append(out, p)
	}
	return out, nil
}
