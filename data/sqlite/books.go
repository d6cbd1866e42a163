package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"policycredit/data"
)

// entryRead says how loadBooks reads the loans' entries.
type entryRead uint8

const (
	// entriesLeft leaves them to the caller, who reads packedLedgers as it goes (Positions
	// computes each loan as its entries arrive).
	entriesLeft entryRead = iota
	// entriesPacked reads what the engine and the rules need, packed one row per loan.
	entriesPacked
	// entriesFull reads every column, for statements that show them.
	entriesFull
)

// bookQuery selects the loans whose books loadBooks reads. from is a FROM … WHERE … over
// loans l, with whatever joins its condition needs, whose parameter ?1 is the date entries are
// read up to.
type bookQuery struct {
	from    string
	args    []any
	orderBy string
	entries entryRead
	// moreColumns are read after loanColumns; more gives where to scan them for the next loan.
	moreColumns string
	more        func() []any
}

// loadBooks reads the books of the loans a query selects in a handful of queries for all of
// them, never a few per loan: the office's settings and the programs' rates once, then the
// loans, their own rates, their schedules and (as q.entries says) their entries. It returns
// the books in q.orderBy order and the index of each by loan ID.
func loadBooks(ctx context.Context, tx *sql.Tx, q bookQuery) ([]data.Book, map[int64]int, error) {
	set, err := loadSettings(ctx, tx)
	if err != nil {
		return nil, nil, err
	}
	terms, err := loadProgramTerms(ctx, tx)
	if err != nil {
		return nil, nil, err
	}

	rows, err := tx.QueryContext(ctx, `SELECT `+loanColumns+q.moreColumns+q.from+` ORDER BY `+q.orderBy, q.args...)
	if err != nil {
		return nil, nil, err
	}
	dates := newDateCache()
	index := map[int64]int{}
	var books []data.Book
	for rows.Next() {
		sc := scanFunc(rows.Scan)
		if q.more != nil {
			more := q.more()
			sc = func(dest ...any) error { return rows.Scan(append(dest, more...)...) }
		}
		l, err := scanLoan(sc, dates)
		if err != nil {
			rows.Close()
			return nil, nil, err
		}
		index[l.ID] = len(books)
		books = append(books, data.Book{Loan: l, Rates: terms.rates[l.ProgramCode], Settings: set,
			ExtensionMaxMonths: terms.extension[l.ProgramCode]})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if len(books) == 0 {
		return nil, index, nil
	}
	ids := `SELECT l.id` + q.from

	// Own rates (few loans have any).
	rows, err = tx.QueryContext(ctx, `SELECT r.loan_id, l.program_code, r.effective, r.rate, r.decision
		FROM loan_rates r JOIN loans l ON l.id = r.loan_id WHERE r.loan_id IN (`+ids+`)
		ORDER BY r.loan_id, r.effective`, q.args...)
	if err != nil {
		return nil, nil, err
	}
	overrides, err := scanRatePeriods(rows)
	if err != nil {
		return nil, nil, err
	}
	for id, rs := range overrides {
		if i, ok := index[id]; ok {
			books[i].Loan.RateOverrides = rs
		}
	}

	packed := packedDates{}
	err = eachPacked(ctx, tx, packedSchedules+q.from, q.args, func(id int64, text []byte) error {
		i, ok := index[id]
		if !ok || len(text) == 0 {
			return nil
		}
		sched, err := unpackSchedule(text, packed)
		if err != nil {
			return fmt.Errorf("loan %d: %w", id, err)
		}
		books[i].Schedule = sched
		if books[i].Loan.Plan.Kind == data.PlanCustom {
			books[i].Loan.Plan.Custom = sched
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}

	switch q.entries {
	case entriesPacked:
		err = eachPacked(ctx, tx, packedLedgers+q.from, q.args, func(id int64, text []byte) error {
			i, ok := index[id]
			if !ok {
				return nil
			}
			var err error
			books[i].Entries, err = unpackEntries(text, books[i].Loan, packed)
			return err
		})
	case entriesFull:
		// The unary + keeps SQLite off the value-date index, which would scan the office's
		// whole ledger instead of walking entries_loan.
		var entries []data.Entry
		entries, err = loadEntries(ctx, tx, `WHERE e.loan_id IN (`+ids+`) AND +e.value_date <= ?1`, q.args...)
		for _, e := range entries {
			if i, ok := index[e.LoanID]; ok {
				books[i].Entries = append(books[i].Entries, e)
			}
		}
	}
	if err != nil {
		return nil, nil, err
	}
	return books, index, nil
}
