package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"policycredit/data"
)

var _ data.FormsStore = (*Store)(nil)

// RepricedLoans counts the active loans of program code that follow the program's rate.
func (s *Store) RepricedLoans(ctx context.Context, code string) (int, error) {
	var n int
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM loans l WHERE l.program_code = ? AND l.status = 'active'
			AND NOT EXISTS (SELECT 1 FROM loan_rates r WHERE r.loan_id = l.id)`, data.NFC(code)).Scan(&n)
	})
	return n, err
}

// NextContract proposes the next contract number of the household's commune and the year of
// signedOn (data.FormsStore).
func (s *Store) NextContract(ctx context.Context, borrowerID int64, signedOn data.Date) (string, error) {
	var next string
	err := s.read(ctx, func(tx *sql.Tx) error {
		var commune string
		err := tx.QueryRowContext(ctx, `SELECT c.code FROM borrowers b JOIN villages v ON v.id = b.village_id
			JOIN communes c ON c.id = v.commune_id WHERE b.id = ?`, borrowerID).Scan(&commune)
		if errors.Is(err, sql.ErrNoRows) {
			return data.NotFound("loan.borrower", "ID", borrowerID)
		} else if err != nil {
			return err
		}
		prefix := data.ContractPrefix(commune, signedOn.Year())
		// The contracts of that commune and year sort between the prefix and the prefix with
		// its last character ('/') raised to the next ('0'): a range the contract index reads.
		used, err := textColumn(ctx, tx, `SELECT contract FROM loans WHERE contract >= ? AND contract < ?`, prefix, prefixEnd(prefix))
		if err != nil {
			return err
		}
		next = data.NextInSequence(prefix, 4, used)
		return nil
	})
	return next, err
}

// NextCustomerCode proposes the code after the highest written like the latest household's
// (data.FormsStore).
func (s *Store) NextCustomerCode(ctx context.Context) (string, error) {
	var next string
	err := s.read(ctx, func(tx *sql.Tx) error {
		var latest string
		err := tx.QueryRowContext(ctx, `SELECT code FROM borrowers ORDER BY id DESC LIMIT 1`).Scan(&latest)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		prefix, digits := data.SplitTrailingNumber(latest)
		if digits == "" {
			return nil // no number to count on from
		}
		query := `SELECT code FROM borrowers WHERE length(code) = ?`
		args := []any{len(latest)}
		if prefix != "" {
			query += ` AND code >= ? AND code < ?`
			args = append(args, prefix, prefixEnd(prefix))
		}
		used, err := textColumn(ctx, tx, query, args...)
		if err != nil {
			return err
		}
		next = data.NextInSequence(prefix, len(digits), used)
		return nil
	})
	return next, err
}

// prefixEnd is the first string after every string that starts with prefix (its last byte
// raised by one), for a range an index can read.
func prefixEnd(prefix string) string {
	b := []byte(prefix)
	b[len(b)-1]++
	return string(b)
}

// textColumn reads a one-column query of text.
func textColumn(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]string, error) {
	return queryRows(ctx, tx, func(r *sql.Rows) (string, error) {
		var s string
		err := r.Scan(&s)
		return s, err
	}, query, args...)
}
