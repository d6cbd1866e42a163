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
		if ok, err := exists(tx, `SELECT 1 FROM borrowers WHERE id = ?`, id); err != nil {
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
		l, err = loadLoan(tx, "loan", `WHERE l.id = ?`, id)
		return err
	})
	return l, err
}

// saveOfficeAlone stores the office's name, branch and province.
func (s *Store) saveOfficeAlone(ctx context.Context, o data.Office) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx, st stamp) error { return saveOffice(tx, st, o) })
}
