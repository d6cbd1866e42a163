package sqlite

import (
	"context"
	"database/sql"

	"policycredit/data"
)

// Reads and saves that only tests need: the screens and commands reach the same data through
// the store's interfaces (GroupMemberLines, BorrowerDetail, LoanByContract, SaveOfficeSettings).

// groupMembers lists the households of a group, those who left included, in list order.
func (s *Store) groupMembers(ctx context.Context, groupID int64) ([]data.BorrowerView, error) {
	return s.borrowerViews(ctx, ` WHERE b.group_id = ? ORDER BY b.sort_key, b.id`, groupID)
}

// borrowerChanges lists a household's recorded changes, newest first; an unknown household is
// data.NotFound.
func (s *Store) borrowerChanges(ctx context.Context, id int64) ([]data.BorrowerChange, error) {
	var out []data.BorrowerChange
	err := s.read(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, `SELECT 1 FROM borrowers WHERE id = ?`, id); err != nil {
			return err
		} else if !ok {
			return data.NotFound("borrower", "ID", id)
		}
		var err error
		out, err = borrowerHistory(ctx, tx, id)
		return err
	})
	return out, err
}

// loan returns one loan with its rate overrides.
func (s *Store) loan(ctx context.Context, id int64) (data.Loan, error) {
	var l data.Loan
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		l, err = loadLoan(ctx, tx, "loan", `WHERE l.id = ?`, id)
		return err
	})
	return l, err
}

// saveOfficeAlone stores the office's name, branch and province.
func (s *Store) saveOfficeAlone(ctx context.Context, o data.Office) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return s.write(ctx, data.ActSettings, func(tx *sql.Tx, st stamp) error { return saveOffice(ctx, tx, st, o) })
}

// postBatch posts entries all or nothing, in one transaction; each is checked against the
// state that includes the earlier entries of the batch. When any entry is refused nothing is
// posted and the error is a data.Errors holding every refusal, each with the parameter
// "Line": the entry's index + 1. On success it returns the new IDs in order and sets ID,
// PostedAt and User on the entries.
func (s *Store) postBatch(ctx context.Context, entries []data.Entry) ([]int64, error) {
	posted := make([]data.Entry, len(entries))
	copy(posted, entries)
	err := s.write(ctx, data.ActCash, func(tx *sql.Tx, st stamp) error {
		lg := newLedger(ctx, tx, st)
		var errs data.Errors
		for i := range posted {
			b, err := lg.check(&posted[i])
			if err == nil {
				// Appended even after a refusal, so that later lines are checked against the
				// state they expect; the transaction is rolled back at the end anyway.
				err = lg.append(b, &posted[i])
			}
			if err == nil {
				continue
			}
			des := data.DomainErrors(err)
			if des == nil {
				return err
			}
			for _, de := range des {
				errs = append(errs, withLine(de, i+1))
			}
		}
		return errs.Err()
	})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(posted))
	for i := range posted {
		ids[i] = posted[i].ID
	}
	copy(entries, posted)
	return ids, nil
}

// savingsEntries lists a household's savings entries in posting order.
func (s *Store) savingsEntries(ctx context.Context, borrowerID int64) ([]data.Entry, error) {
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
