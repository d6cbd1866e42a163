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

// CreditSavingsInterest credits the half-year's interest to every savings account, on 30 June
// (for 1 January – 30 June) or 31 December (for 1 July – 31 December): one savings_interest
// entry per account that earned at least one đồng, on the daily balance at the savings rate
// and basis in force on each day (data.SavingsInterestUnder), all in one transaction. Any other
// date is refused, and so is a second credit for the same date (unless the first was
// reversed). It returns the number of accounts credited and the total.
func (s *Store) CreditSavingsInterest(ctx context.Context, on data.Date) (data.SavingsCredit, error) {
	var c data.SavingsCredit
	err := s.write(ctx, data.ActSavingsCredit, func(tx *sql.Tx, st stamp) error {
		lg := newLedger(ctx, tx, st)
		credits, err := savingsCredits(lg, on, &c)
		if err != nil {
			return err
		}
		if c.AlreadyCredited {
			return data.Conflict("entry.value_date", "savings_already_credited", "Date", on)
		}
		for i := range credits {
			if err := lg.post(&credits[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return data.SavingsCredit{}, err
	}
	return c, nil
}

// SavingsCreditPreview is what CreditSavingsInterest would credit on on, posting nothing: the
// confirmation states it before the user commits.
func (s *Store) SavingsCreditPreview(ctx context.Context, on data.Date) (data.SavingsCredit, error) {
	var c data.SavingsCredit
	err := s.read(ctx, func(tx *sql.Tx) error {
		// The same dates as the credit itself: a day ahead, or in a closed month, is refused
		// before the user is asked to confirm.
		lg := newLedger(ctx, tx, stamp{today: s.today()})
		if err := lg.refuseDate(on, "entry.value_date"); err != nil {
			return err
		}
		_, err := savingsCredits(lg, on, &c)
		return err
	})
	return c, err
}

// savingsCredits computes the half-year's savings_interest entries due on on, one per account
// that earned at least one đồng, and fills c; a date other than 30 June or 31 December is
// refused. When the date was already credited (and not reversed) c.AlreadyCredited is set and
// no entries are returned.
func savingsCredits(lg *ledger, on data.Date, c *data.SavingsCredit) ([]data.Entry, error) {
	var from data.Date
	switch {
	case on.Month() == time.June && on.Day() == 30:
		from = data.NewDate(on.Year(), time.January, 1)
	case on.Month() == time.December && on.Day() == 31:
		from = data.NewDate(on.Year(), time.July, 1)
	default:
		return nil, data.Invalid("entry.value_date", "savings_credit_date", "Date", on)
	}
	*c = data.SavingsCredit{On: on}
	to := on.AddDays(1) // SavingsInterest counts the days from ≤ t < to
	if done, err := exists(lg.ctx, lg.tx, `SELECT 1 FROM entries e WHERE e.kind = 'savings_interest' AND e.value_date = ?
		AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id)`, on.String()); err != nil {
		return nil, err
	} else if done {
		c.AlreadyCredited = true
		return nil, nil
	}
	set, err := lg.loadSettings()
	if err != nil {
		return nil, err
	}
	// Every household's savings in one read, split by household into the books that
	// CheckEntry sees (later-dated entries included).
	all, err := loadEntries(lg.ctx, lg.tx, `WHERE e.loan_id IS NULL`)
	if err != nil {
		return nil, err
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
	var out []data.Entry
	for _, id := range order {
		interest := data.SavingsInterestUnder(lg.savings[id].Entries, from, to, set)
		if interest <= 0 {
			continue
		}
		out = append(out, data.Entry{BorrowerID: id, Kind: data.EntrySavingsInterest, ValueDate: on, Amount: interest,
			Ref: on.String()})
		c.Accounts++
		c.Total += interest
	}
	return out, nil
}
