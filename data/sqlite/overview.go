package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"policycredit/data"
)

// Overview gathers an office's (communeID 0) or a commune's figures on a date for the Overview
// screen and the meeting slides, from the same loans, groups and savings as the commune and
// office summaries. The trend's month ends come from month_end_figures (migration 0007): the
// ones missing or stale are computed and kept first, in their own transactions, then
// everything is read in one read transaction, which recomputes (without keeping) any month end
// that went stale in between, so a snapshot never shows a figure the ledger no longer gives.
func (s *Store) Overview(ctx context.Context, communeID int64, on data.Date) (data.Overview, error) {
	var out data.Overview
	if on.IsZero() {
		return out, data.Invalid("summary.date", "required")
	}
	// Keeping the snapshots only saves time: when it fails (a busy or read-only file), the read
	// below computes the month ends itself, and reports whatever else is wrong.
	_ = s.keepMonthEnds(ctx, trendMonthEnds(on), communeID)
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
		loans, groups, savings, err := s.scopeBook(ctx, tx, communeID, on)
		if err != nil {
			return err
		}
		ids := make([]int64, len(communes))
		for i, c := range communes {
			ids[i] = c.ID
		}
		dates := trendMonthEnds(on)
		kept, err := keptMonthEnds(ctx, tx, dates, ids)
		if err != nil {
			return err
		}
		ends, err := monthEndsFrom(ctx, tx, dates, ids, kept, nil)
		if err != nil {
			return err
		}
		trend := make([]data.TrendPoint, 0, data.TrendMonths)
		for _, e := range ends {
			p := data.TrendPoint{Date: e.date}
			for _, f := range e.communes {
				p.Outstanding += f.outstanding
				p.Overdue += f.overdue
			}
			trend = append(trend, p)
		}
		out = data.SummarizeOverview(scope, communes, on, loans, groups, savings, trend)
		// The last point is the date itself: the same figures as the totals.
		t := out.Summary.Totals
		out.Trend = append(out.Trend, data.TrendPoint{Date: on, Outstanding: t.Outstanding(), Overdue: t.Overdue})
		return nil
	})
	return out, err
}

// WarmOverview computes and keeps the month ends of the trend of an Overview on date on, for
// every commune, that are not kept yet or no longer hold. The app calls it in the background
// at start and after loading an office, so that the Overview opens without computing them:
// on a large office each missing month end takes a few tenths of a second.
func (s *Store) WarmOverview(ctx context.Context, on data.Date) error {
	if on.IsZero() {
		return data.Invalid("summary.date", "required")
	}
	return s.keepMonthEnds(ctx, trendMonthEnds(on), 0)
}

// trendMonthEnds are the month ends of the trend ending on on (data.TrendDates without on).
func trendMonthEnds(on data.Date) []data.Date {
	dates := data.TrendDates(on)
	return dates[:len(dates)-1]
}

// monthEnd is the figures of some communes at the end of a month.
type monthEnd struct {
	date     data.Date
	communes map[int64]figures
}

// monthEndRow is a kept snapshot: a commune's figures at a month end, holding as long as no
// entry above mark is dated on or before the month end.
type monthEndRow struct {
	date    data.Date
	commune int64
	figures
	mark int64
}

// keptMonthEnds reads the snapshots of some month ends (communes nil: of every commune) that
// still hold in tx: those that a backdated entry or a reversal made stale are left out.
func keptMonthEnds(ctx context.Context, tx *sql.Tx, dates []data.Date, communes []int64) ([]monthEndRow, error) {
	if len(dates) == 0 {
		return nil, nil
	}
	q := `SELECT month_end, commune_id, outstanding, overdue, frozen, mark FROM month_end_figures
		WHERE month_end IN (` + dateList(dates) + `)`
	if communes != nil {
		q += ` AND commune_id IN (` + idList(communes) + `)`
	}
	rows, err := tx.QueryContext(ctx, q+` ORDER BY month_end, commune_id`)
	if err != nil {
		return nil, err
	}
	var kept []monthEndRow
	for rows.Next() {
		var r monthEndRow
		var d string
		if err := rows.Scan(&d, &r.commune, &r.outstanding, &r.overdue, &r.frozen, &r.mark); err != nil {
			rows.Close()
			return nil, err
		}
		if r.date, err = data.ParseDate(d); err != nil {
			rows.Close()
			return nil, err
		}
		kept = append(kept, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The earliest value date among the entries after each mark: the rows share a few marks,
	// and entries after a recent mark are a short run of the primary key (the + keeps SQLite
	// from walking all of entries_value_date instead).
	earliest := map[int64]string{}
	for _, r := range kept {
		if _, ok := earliest[r.mark]; ok {
			continue
		}
		var d sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT min(+value_date) FROM entries WHERE id > ?`, r.mark).Scan(&d); err != nil {
			return nil, err
		}
		earliest[r.mark] = d.String
	}
	// A closed month's snapshot is what was signed: it holds whatever came after it.
	through, err := closedThrough(ctx, tx)
	if err != nil {
		return nil, err
	}
	closedEnd := ""
	if !through.IsZero() {
		closedEnd = through.End().String()
	}
	out := kept[:0]
	for _, r := range kept {
		if d := earliest[r.mark]; d == "" || d > r.date.String() || r.date.String() <= closedEnd {
			out = append(out, r)
		}
	}
	return out, nil
}

// monthEndsFrom gives the figures of the communes at each month end: the kept ones that hold
// (keptMonthEnds), the others computed in tx and added to computed, when not nil, to be kept.
func monthEndsFrom(ctx context.Context, tx *sql.Tx, dates []data.Date, communes []int64, kept []monthEndRow,
	computed *[]monthEndRow) ([]monthEnd, error) {
	out := make([]monthEnd, len(dates))
	at := map[data.Date]int{}
	for i, d := range dates {
		out[i] = monthEnd{date: d, communes: map[int64]figures{}}
		at[d] = i
	}
	for _, r := range kept {
		out[at[r.date]].communes[r.commune] = r.figures
	}
	var houses *households
	var err error
	for i := range out {
		var missing []int64
		for _, c := range communes {
			if _, ok := out[i].communes[c]; !ok {
				missing = append(missing, c)
			}
		}
		if len(missing) == 0 {
			continue
		}
		// The whole office at once costs less than an eighth of its communes one by one.
		whole := len(communes) > 1 && len(missing)*8 > len(communes)
		if houses == nil {
			one := int64(0)
			if len(communes) == 1 {
				one = communes[0]
			}
			if houses, err = householdPlaces(ctx, tx, one); err != nil {
				return nil, err
			}
		}
		figs, err := communeFigures(ctx, tx, out[i].date, missing, whole, houses)
		if err != nil {
			return nil, err
		}
		for _, c := range missing {
			out[i].communes[c] = figs[c]
			if computed != nil {
				*computed = append(*computed, monthEndRow{date: out[i].date, commune: c, figures: figs[c]})
			}
		}
	}
	return out, nil
}

// communeFigures is the figures of the loans of each commune's households on a date, from
// loanFigures by household (houses must place them). With whole, it computes the whole office
// at once and returns every commune's.
func communeFigures(ctx context.Context, tx *sql.Tx, on data.Date, communes []int64, whole bool, houses *households) (map[int64]figures, error) {
	scope := wholeOffice
	if !whole {
		scope = `l.borrower_id IN (SELECT b.id FROM borrowers b JOIN villages v ON v.id = b.village_id
			WHERE v.commune_id IN (` + idList(communes) + `))`
	}
	byHousehold, err := loanFigures(ctx, tx, "l.borrower_id", scope, on)
	if err != nil {
		return nil, err
	}
	out := map[int64]figures{}
	for b, f := range byHousehold {
		c := houses.get(b).commune
		t := out[c]
		t.outstanding += f.outstanding
		t.overdue += f.overdue
		t.frozen += f.frozen
		out[c] = t
	}
	return out, nil
}

// keepMonthEnds computes the snapshots of the month ends that a commune (0: every commune)
// lacks, or that no longer hold, in a read transaction, then keeps them in a short write
// transaction, marked with the last entry the read saw. Snapshots that still hold but whose mark
// lags far behind the ledger get the new mark, so checking them stays a short read. One call at
// a time: a second waits, then finds the month ends kept.
func (s *Store) keepMonthEnds(ctx context.Context, dates []data.Date, communeID int64) error {
	s.monthEnds.Lock()
	defer s.monthEnds.Unlock()
	var computed []monthEndRow
	type lagging struct {
		monthEnd string
		mark     int64
	}
	var confirm []lagging // snapshots that hold but whose mark lags
	var epoch, mark int64
	err := s.read(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT epoch FROM month_end_epoch`).Scan(&epoch); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM entries`).Scan(&mark); err != nil {
			return err
		}
		communes, err := scopeCommunes(ctx, tx, communeID)
		if err != nil || len(communes) == 0 {
			return err
		}
		kept, err := keptMonthEnds(ctx, tx, dates, communes)
		if err != nil {
			return err
		}
		seen := map[lagging]bool{}
		for _, r := range kept {
			k := lagging{r.date.String(), r.mark}
			if r.mark < mark-confirmLag && !seen[k] {
				seen[k] = true
				confirm = append(confirm, k)
			}
		}
		_, err = monthEndsFrom(ctx, tx, dates, communes, kept, &computed)
		return err
	})
	if err != nil || (len(computed) == 0 && len(confirm) == 0) {
		return err
	}
	return s.system(ctx, func(tx *sql.Tx, _ stamp) error {
		var now int64
		if err := tx.QueryRowContext(ctx, `SELECT epoch FROM month_end_epoch`).Scan(&now); err != nil {
			return err
		}
		if now != epoch {
			return nil // a household or village changed commune since the read: computed again next time
		}
		for _, k := range confirm {
			// They held in the read, which saw every entry up to mark: none of those after
			// their old mark is dated on or before their month end.
			if _, err := tx.ExecContext(ctx, `UPDATE month_end_figures SET mark = ? WHERE month_end = ? AND mark = ?`,
				mark, k.monthEnd, k.mark); err != nil {
				return err
			}
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO month_end_figures
			(month_end, commune_id, outstanding, overdue, frozen, mark) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (month_end, commune_id) DO UPDATE SET outstanding = excluded.outstanding,
				overdue = excluded.overdue, frozen = excluded.frozen, mark = excluded.mark`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, r := range computed {
			if _, err := stmt.ExecContext(ctx, r.date.String(), r.commune, r.outstanding, r.overdue, r.frozen, mark); err != nil {
				return err
			}
		}
		return nil
	})
}

// confirmLag is how many entries a snapshot's mark may lag behind the ledger before keeping
// moves it up: about half a month of a large office's postings, read in 5 ms.
var confirmLag int64 = 20_000

// scopeCommunes lists the IDs of a commune (0: of every commune), or none when it does not exist.
func scopeCommunes(ctx context.Context, tx *sql.Tx, communeID int64) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM communes WHERE ?1 = 0 OR id = ?1 ORDER BY id`, communeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// dateList writes dates for an IN list; they are data.Date strings, safe to write into SQL.
func dateList(dates []data.Date) string {
	parts := make([]string, len(dates))
	for i, d := range dates {
		parts[i] = "'" + d.String() + "'"
	}
	return strings.Join(parts, ",")
}

// checkMonthEnds recomputes every kept month end that still holds and reports each commune's
// figure that differs: data.Invalid("loan", "check_balance", "Column", "month_end_figures
// <date> <commune code> <figure>", "Stored", …, "Ledger", …). RebuildBalances drops them all.
func checkMonthEnds(ctx context.Context, tx *sql.Tx) ([]*data.Error, error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT month_end FROM month_end_figures ORDER BY month_end`)
	if err != nil {
		return nil, err
	}
	var dates []data.Date
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return nil, err
		}
		d, err := data.ParseDate(s)
		if err != nil {
			rows.Close()
			return nil, err
		}
		dates = append(dates, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(dates) == 0 {
		return nil, err
	}
	kept, err := keptMonthEnds(ctx, tx, dates, nil)
	if err != nil || len(kept) == 0 {
		return nil, err
	}
	codes := map[int64]string{}
	communes, err := communesIn(ctx, tx)
	if err != nil {
		return nil, err
	}
	for _, c := range communes {
		codes[c.ID] = c.Code
	}
	houses, err := householdPlaces(ctx, tx, 0)
	if err != nil {
		return nil, err
	}
	// A closed month's snapshot keeps its communes as they were at closing: a household that
	// moved since changes the split, never the office's total, which is what is compared.
	through, err := closedThrough(ctx, tx)
	if err != nil {
		return nil, err
	}
	closedStored, closedLedger := map[data.Date]figures{}, map[data.Date]figures{}
	rowsAt := map[data.Date]int{} // a month end kept for only some communes is checked commune by commune
	for _, r := range kept {
		rowsAt[r.date]++
	}
	var problems []*data.Error
	var on data.Date
	var figs map[int64]figures
	for _, r := range kept { // by month end, as the table's key orders them
		if figs == nil || r.date != on {
			on = r.date
			if figs, err = communeFigures(ctx, tx, on, nil, true, houses); err != nil {
				return nil, err
			}
		}
		want := figs[r.commune]
		if !through.IsZero() && !r.date.After(through.End()) && rowsAt[r.date] == len(communes) {
			if _, ok := closedLedger[r.date]; !ok {
				var all figures
				for _, f := range figs {
					all.outstanding, all.overdue, all.frozen = all.outstanding+f.outstanding, all.overdue+f.overdue, all.frozen+f.frozen
				}
				closedLedger[r.date] = all
			}
			t := closedStored[r.date]
			t.outstanding, t.overdue, t.frozen = t.outstanding+r.outstanding, t.overdue+r.overdue, t.frozen+r.frozen
			closedStored[r.date] = t
			continue
		}
		for _, c := range []struct {
			name         string
			stored, real data.Dong
		}{{"outstanding", r.outstanding, want.outstanding}, {"overdue", r.overdue, want.overdue}, {"frozen", r.frozen, want.frozen}} {
			if c.stored != c.real {
				problems = append(problems, data.Invalid("loan", "check_balance",
					"Column", "month_end_figures "+on.String()+" "+codes[r.commune]+" "+c.name,
					"Stored", int64(c.stored), "Ledger", int64(c.real)))
			}
		}
	}
	for d, stored := range closedStored {
		real := closedLedger[d]
		for _, c := range []struct {
			name         string
			stored, real data.Dong
		}{{"outstanding", stored.outstanding, real.outstanding}, {"overdue", stored.overdue, real.overdue}, {"frozen", stored.frozen, real.frozen}} {
			if c.stored != c.real {
				problems = append(problems, data.Invalid("loan", "check_balance",
					"Column", "month_end_figures "+d.String()+" office "+c.name, "Stored", int64(c.stored), "Ledger", int64(c.real)))
			}
		}
	}
	return problems, nil
}

// dropMonthEnds forgets the snapshots of open months, in the caller's write transaction.
func dropMonthEnds(ctx context.Context, tx *sql.Tx) error {
	// Except those of closed months, which are never recomputed.
	if _, err := tx.ExecContext(ctx, `DELETE FROM month_end_figures
		WHERE substr(month_end, 1, 7) > coalesce((SELECT max(month) FROM closed_months), '')`); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE month_end_epoch SET epoch = epoch + 1`)
	return err
}
