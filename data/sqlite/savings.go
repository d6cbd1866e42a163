package sqlite

import (
	"context"
	"database/sql"
	"time"

	"policycredit/data"
)

// SavingsBalance is a household's savings balance on a date (entries dated on or before it,
// reversals honoured), from the ledger.
func (s *Store) SavingsBalance(ctx context.Context, borrowerID int64, on data.Date) (data.Dong, error) {
	var bal data.Dong
	err := s.read(ctx, func(tx *sql.Tx) error {
		b, err := newLedger(ctx, tx, stamp{}).savingsBook(borrowerID)
		if err != nil {
			return err
		}
		bal = data.SavingsBalance(b.Entries, on)
		return nil
	})
	return bal, err
}

// SavingsEntries lists a household's savings entries in posting order.
func (s *Store) SavingsEntries(ctx context.Context, borrowerID int64) ([]data.Entry, error) {
	var out []data.Entry
	err := s.read(ctx, func(tx *sql.Tx) error {
		b, err := newLedger(ctx, tx, stamp{}).savingsBook(borrowerID)
		if err == nil {
			out = b.Entries
		}
		return err
	})
	return out, err
}

// CreditSavingsInterest credits the half-year's interest to every savings account, on 30 June
// (for 1 January – 30 June) or 31 December (for 1 July – 31 December): one savings_interest
// entry per account that earned at least one đồng, on the daily balance at the savings rate
// and basis in force on each day (data.SavingsInterestUnder), all in one transaction. Any other
// date is refused, and so is a second credit for the same date (unless the first was
// reversed). It returns the number of accounts credited.
func (s *Store) CreditSavingsInterest(ctx context.Context, on data.Date) (int, error) {
	var from data.Date
	switch {
	case on.Month() == time.June && on.Day() == 30:
		from = data.NewDate(on.Year(), time.January, 1)
	case on.Month() == time.December && on.Day() == 31:
		from = data.NewDate(on.Year(), time.July, 1)
	default:
		return 0, data.Invalid("entry.value_date", "savings_credit_date", "Date", on)
	}
	to := on.AddDays(1) // SavingsInterest counts the days from ≤ t < to
	credited := 0
	err := s.write(ctx, func(tx *sql.Tx, st stamp) error {
		if done, err := exists(tx, `SELECT 1 FROM entries e WHERE e.kind = 'savings_interest' AND e.value_date = ?
			AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id)`, on.String()); err != nil {
			return err
		} else if done {
			return data.Conflict("entry.value_date", "savings_already_credited", "Date", on)
		}
		lg := newLedger(ctx, tx, st)
		set, err := lg.loadSettings()
		if err != nil {
			return err
		}
		// Every household's savings in one read, split by household into the books that
		// CheckEntry sees (later-dated entries included).
		all, err := loadEntries(ctx, tx, `WHERE e.loan_id IS NULL`)
		if err != nil {
			return err
		}
		var order []int64
		for _, e := range all {
			b, ok := lg.savings[e.BorrowerID]
			if !ok {
				b = &data.Book{Settings: set}
				lg.savings[e.BorrowerID] = b
				order = append(order, e.BorrowerID)
			}
			b.Entries = append(b.Entries, e)
		}
		for _, id := range order {
			interest := data.SavingsInterestUnder(lg.savings[id].Entries, from, to, set)
			if interest <= 0 {
				continue
			}
			e := data.Entry{BorrowerID: id, Kind: data.EntrySavingsInterest, ValueDate: on, Amount: interest,
				Ref: on.String()}
			if err := lg.post(&e); err != nil {
				return err
			}
			credited++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return credited, nil
}
