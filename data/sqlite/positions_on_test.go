package sqlite

import (
	"context"
	"database/sql"
	"reflect"
	"testing"

	"policycredit/data"
	"policycredit/data/demo"
)

// TestPositionsOnEqualsPositionOn reads every loan of the demo office (reversals, reschedules,
// extensions, freezes, write-offs, rate changes included) on each month end of its life, in one
// walk, and expects exactly what PositionOn gives date by date.
func TestPositionsOnEqualsPositionOn(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	today := demo.Today.AddDays(45)
	loans, checked := 0, 0
	must(t, s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM loans ORDER BY id`)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		lg := newLedger(ctx, tx, stamp{})
		for _, id := range ids {
			b, err := lg.loanBook(id, "entry.loan")
			if err != nil {
				return err
			}
			dates := data.DueCheckDates(*b, today)
			got, err := data.PositionsOn(*b, dates)
			if err != nil {
				t.Errorf("loan %s: %v", b.Loan.Contract, err)
				continue
			}
			loans++
			for i, d := range dates {
				want, err := data.PositionOn(*b, d)
				if err != nil {
					t.Errorf("loan %s on %s: %v", b.Loan.Contract, d, err)
					continue
				}
				checked++
				if !reflect.DeepEqual(got[i], want) {
					t.Errorf("loan %s on %s:\n got %+v\nwant %+v", b.Loan.Contract, d, got[i], want)
					return nil
				}
			}
		}
		return nil
	}))
	if loans < 500 || checked < 10*loans {
		t.Errorf("compared %d positions of %d loans: too few to mean anything", checked, loans)
	}
}
