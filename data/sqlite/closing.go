package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"policycredit/data"
)

// closedThrough is the last closed month; zero when every month is open.
func closedThrough(ctx context.Context, tx *sql.Tx) (data.Month, error) {
	var m sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT max(month) FROM closed_months`).Scan(&m); err != nil || !m.Valid {
		return data.Month{}, err
	}
	return data.ParseMonth(m.String)
}

// refuseClosed refuses a change dated on or before the end of the last closed month
// (data.ClosedMonthError), what naming the field. Every write path that changes what is owed
// calls it with the change's date, inside its transaction (the ledger through its own cache).
func refuseClosed(ctx context.Context, tx *sql.Tx, on data.Date, what string) error {
	m, err := closedThrough(ctx, tx)
	if err != nil {
		return err
	}
	return data.ClosedMonthError(m, on, what)
}

// postingRange is the span a new entry, loan or batch may be dated in (data.PostingRange).
func postingRange(ctx context.Context, tx *sql.Tx, st stamp) (from, to data.Date, err error) {
	var first sql.NullString
	if err = tx.QueryRowContext(ctx, `SELECT min(effective) FROM rate_periods`).Scan(&first); err != nil {
		return
	}
	if first.Valid {
		if from, err = data.ParseDate(first.String); err != nil {
			return
		}
	}
	set, err := loadSettings(ctx, tx)
	if err != nil {
		return
	}
	from, to = data.PostingRange(from, set.WorkingDate, st.today)
	return from, to, nil
}

// ClosedThrough is the last closed month, zero when none is.
func (s *Store) ClosedThrough(ctx context.Context) (data.Month, error) {
	var m data.Month
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		m, err = closedThrough(ctx, tx)
		return err
	})
	return m, err
}

// ClosedMonths lists the closed months, oldest first, with who closed each and when.
func (s *Store) ClosedMonths(ctx context.Context) ([]data.ClosedMonth, error) {
	var out []data.ClosedMonth
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryRows(ctx, tx, func(r *sql.Rows) (data.ClosedMonth, error) {
			var c data.ClosedMonth
			var m string
			if err := r.Scan(&m, &c.ClosedAt, &c.ClosedBy); err != nil {
				return c, err
			}
			c.Month, err = data.ParseMonth(m)
			return c, err
		}, `SELECT month, closed_at, closed_by FROM closed_months ORDER BY month`)
		return err
	})
	return out, err
}

// CloseMonth closes m and every open month before it (months close in order), from the month
// after the last closed one, or from the office's first dated record when none is closed. A
// month after the working date's month cannot be closed. The Overview's month-end snapshots of
// the months closed (the last data.TrendMonths of them, the ones a trend shows) are computed
// and kept if missing or stale: a closed month's snapshot is never recomputed. It returns the
// months closed.
func (s *Store) CloseMonth(ctx context.Context, m data.Month) ([]data.Month, error) {
	var closed []data.Month
	var snap []data.Date
	err := s.write(ctx, data.ActCloseMonth, func(tx *sql.Tx, st stamp) error {
		through, err := closedThrough(ctx, tx)
		if err != nil {
			return err
		}
		_, working, err := postingRange(ctx, tx, st)
		if err != nil {
			return err
		}
		if err := data.CanCloseMonth(m, through, working); err != nil {
			return err
		}
		from := through.Next()
		if through.IsZero() {
			var first sql.NullString
			if err := tx.QueryRowContext(ctx, `SELECT min(d) FROM (SELECT min(value_date) AS d FROM entries
				UNION ALL SELECT min(signed_on) FROM loans) firsts`).Scan(&first); err != nil {
				return err
			}
			from = m
			if first.Valid && first.String != "" {
				d, err := data.ParseDate(first.String)
				if err != nil {
					return err
				}
				if f := data.MonthOf(d); m.After(f) {
					from = f
				}
			}
		}
		for x := from; !x.After(m); x = x.Next() {
			if _, err := tx.ExecContext(ctx, `INSERT INTO closed_months (month, closed_at, closed_by) VALUES (?, ?, ?)`,
				x.String(), st.at, st.user); err != nil {
				return err
			}
			closed = append(closed, x)
		}
		// Snapshots of these months that a later entry made stale go now, to be computed again
		// below: once closed, a month's snapshot holds as it is.
		if _, err := tx.ExecContext(ctx, `DELETE FROM month_end_figures WHERE month_end >= ? AND month_end <= ?
			AND EXISTS (SELECT 1 FROM entries e WHERE e.id > month_end_figures.mark AND e.value_date <= month_end_figures.month_end)`,
			from.First().String(), m.End().String()); err != nil {
			return err
		}
		return audit(ctx, tx, st, "closed_month", m.String(), "close", nil, map[string]string{"from": from.String(), "through": m.String()})
	})
	if err != nil {
		return nil, err
	}
	for i := max(0, len(closed)-data.TrendMonths); i < len(closed); i++ {
		snap = append(snap, closed[i].End())
	}
	// Computed after the closing, so that nothing dated in them can slip in between.
	if err := s.keepMonthEnds(ctx, snap, 0); err != nil {
		return closed, err
	}
	return closed, nil
}

// ReopenMonth reopens m and every later closed month, for a reason the audit keeps with who
// reopened and when. It is a request a second user approves.
func (s *Store) ReopenMonth(ctx context.Context, m data.Month, reason string) ([]data.Month, error) {
	var reopened []data.Month
	c, fn := s.reopenChange(reopenArgs{Month: m.String(), Reason: data.NFC(reason)}, &reopened)
	if err := s.change(ctx, c, fn); err != nil {
		return nil, err
	}
	return reopened, nil
}

type reopenArgs struct {
	Month  string `json:"month"`
	Reason string `json:"reason"`
}

func init() {
	registerReplay("ReopenMonth", func(s *Store, a reopenArgs) (change, txFunc) { return s.reopenChange(a, nil) })
}

func (s *Store) reopenChange(a reopenArgs, out *[]data.Month) (change, txFunc) {
	describe := func(ctx context.Context, tx *sql.Tx) (any, error) {
		through, err := closedThrough(ctx, tx)
		return map[string]string{"closed_through": through.String()}, err
	}
	return change{action: data.ActReopenMonth, method: "ReopenMonth", args: a, subject: a.Month, note: a.Reason, describe: describe},
		func(ctx context.Context, tx *sql.Tx, st stamp) error {
			m, err := data.ParseMonth(a.Month)
			if err != nil {
				return err
			}
			through, err := closedThrough(ctx, tx)
			if err != nil {
				return err
			}
			if err := data.CanReopenMonth(m, through, a.Reason); err != nil {
				return err
			}
			var reopened []data.Month
			for x := m; !x.After(through); x = x.Next() {
				reopened = append(reopened, x)
			}
			if out != nil {
				*out = reopened
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM closed_months WHERE month >= ?`, m.String()); err != nil {
				return err
			}
			// Months before m that were closed together with it stay closed: rows are per month.
			return audit(ctx, tx, st, "closed_month", m.String(), "reopen", map[string]string{"through": through.String()},
				map[string]string{"through": m.Prev().String(), "reason": a.Reason})
		}
}

// refusePostedFile refuses a file already posted, unless f.Again (then its reason is
// required), naming the batch that holds it.
func refusePostedFile(ctx context.Context, tx *sql.Tx, f data.SourceFile) error {
	if f.SHA256 == "" {
		return nil
	}
	if err := f.Check(); err != nil {
		return err
	}
	if f.Again {
		return nil
	}
	var batch, at, user string
	err := tx.QueryRowContext(ctx, `SELECT batch, posted_at, user_name FROM posted_files WHERE sha256 = ?
		ORDER BY id LIMIT 1`, f.SHA256).Scan(&batch, &at, &user)
	if err == sql.ErrNoRows {
		return nil
	} else if err != nil {
		return err
	}
	return data.AlreadyPostedError(batch, at, user)
}

// keepPostedFile records a file posted as batch; a file posted again is audited with its reason.
func keepPostedFile(ctx context.Context, tx *sql.Tx, st stamp, f data.SourceFile, batch string) error {
	if f.SHA256 == "" {
		return nil
	}
	reason := ""
	if f.Again {
		reason = data.NFC(f.Reason)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO posted_files (sha256, name, batch, posted_at, user_name, reason)
		VALUES (?, ?, ?, ?, ?, ?)`, f.SHA256, data.NFC(f.Name), batch, st.at, st.user, reason); err != nil {
		return err
	}
	if !f.Again {
		return nil
	}
	return audit(ctx, tx, st, "posted_file", batch, "post_again", nil,
		map[string]string{"sha256": f.SHA256, "name": f.Name, "reason": reason})
}

// entryRange names a batch of entries by its first and last entry numbers.
func entryRange(ids []int64) string {
	if len(ids) == 0 {
		return "—"
	}
	lo, hi := ids[0], ids[0]
	for _, id := range ids {
		lo, hi = min(lo, id), max(hi, id)
	}
	if lo == hi {
		return "#" + idString(lo)
	}
	return strings.Join([]string{"#" + idString(lo), "#" + idString(hi)}, "–")
}
