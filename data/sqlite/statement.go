package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"policycredit/data"
)

// Statement returns the statement of the household with customer code customer on date on.
func (s *Store) Statement(ctx context.Context, customer string, on data.Date) (data.Statement, error) {
	if on.IsZero() {
		return data.Statement{}, data.Invalid("statement.date", "required")
	}
	customer = data.NFC(customer)
	var st data.Statement
	err := s.readPersonal(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM borrowers WHERE code = ?`, customer).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return data.NotFound("borrower", "Code", customer)
		} else if err != nil {
			return err
		}
		all, err := statementsIn(ctx, tx, data.StatementScope{BorrowerID: id}, on, nil)
		if err != nil {
			return err
		}
		if len(all) != 1 {
			return fmt.Errorf("statement of %s: %d households read", customer, len(all))
		}
		st = all[0]
		return nil
	})
	return st, err
}

// Statements returns the statements of the households of a scope that have a loan or savings
// on date on, by group code then name, read in one transaction.
func (s *Store) Statements(ctx context.Context, scope data.StatementScope, on data.Date, progress func(done, total int)) ([]data.Statement, error) {
	if on.IsZero() {
		return nil, data.Invalid("statement.date", "required")
	}
	if scope == (data.StatementScope{}) {
		return nil, data.Invalid("statement.scope", "required")
	}
	var out []data.Statement
	err := s.readPersonal(ctx, func(tx *sql.Tx) (err error) {
		out, err = statementsIn(ctx, tx, scope, on, progress)
		return err
	})
	return out, err
}

// statementHouseholds is the condition on households b (joined to their village v) of a
// scope; its parameter is ?2.
func statementHouseholds(scope data.StatementScope) (string, int64) {
	switch {
	case scope.BorrowerID != 0:
		return `b.id = ?2`, scope.BorrowerID
	case scope.GroupID != 0:
		return `b.group_id = ?2`, scope.GroupID
	}
	return `v.commune_id = ?2`, scope.CommuneID
}

// statementsIn reads a scope's statements in a few queries for the whole scope (households,
// then the loans' books through loadBooks, then savings), never one per loan: a commune has
// hundreds.
// The loans are those Positions counts: signed by on and not closed by then.
func statementsIn(ctx context.Context, tx *sql.Tx, scope data.StatementScope, on data.Date, progress func(done, total int)) ([]data.Statement, error) {
	cond, id := statementHouseholds(scope)
	args := []any{on.String(), id}
	households := `SELECT b.id FROM borrowers b JOIN villages v ON v.id = b.village_id WHERE ` + cond
	loanWhere := ` WHERE l.borrower_id IN (` + households + `) AND ` + mayOweOn

	// Households, with their group's association.
	// Only the scope's id here: PostgreSQL refuses a parameter (?1) that the text never uses.
	rows, err := tx.QueryContext(ctx, borrowerViewSelect+` WHERE `+strings.Replace(cond, "?2", "?1", 1)+` ORDER BY coalesce(g.code, ''), b.sort_key, b.id`, id)
	if err != nil {
		return nil, err
	}
	var out []data.Statement
	index := map[int64]int{}
	for rows.Next() {
		bv, err := scanBorrowerView(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		index[bv.ID] = len(out)
		out = append(out, data.Statement{On: on, Household: bv})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	groups := map[int64][2]string{} // code, association
	rows, err = tx.QueryContext(ctx, `SELECT id, code, association FROM savings_groups`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var gid int64
		var code, assoc string
		if err := rows.Scan(&gid, &code, &assoc); err != nil {
			rows.Close()
			return nil, err
		}
		groups[gid] = [2]string{code, assoc}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Association = groups[out[i].Household.GroupID][1]
	}

	// Program names.
	names := map[string]map[string]string{}
	rows, err = tx.QueryContext(ctx, `SELECT code, name_vi, name_en, name_fr FROM programs`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var code, vi, en, fr string
		if err := rows.Scan(&code, &vi, &en, &fr); err != nil {
			rows.Close()
			return nil, err
		}
		names[code] = map[string]string{"vi": vi, "en": en, "fr": fr}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// The loans' books, every entry up to the date.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	books, _, err := loadBooks(ctx, tx, bookQuery{from: ` FROM loans l LEFT JOIN loan_balances lb ON lb.loan_id = l.id` + loanWhere,
		args: args, orderBy: `l.contract, l.id`, entries: entriesFull})
	if err != nil {
		return nil, err
	}
	// The households' savings; the unary + as in loadBooks.
	entries, err := loadEntries(ctx, tx, `WHERE e.loan_id IS NULL AND e.borrower_id IN (`+households+`) AND +e.value_date <= ?1`, args...)
	if err != nil {
		return nil, err
	}
	savings := map[int64][]data.Entry{}
	for _, e := range entries {
		savings[e.BorrowerID] = append(savings[e.BorrowerID], e)
	}

	for n, b := range books {
		if n%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if progress != nil {
				progress(n, len(books))
			}
		}
		sl, err := data.BuildStatementLoan(b, on)
		if err != nil {
			return nil, fmt.Errorf("loan %s: %w", b.Loan.Contract, err)
		}
		sl.ProgramName = names[b.Loan.ProgramCode]
		sl.GroupCode = groups[b.Loan.GroupID][0]
		books[n].Entries = nil
		if i, ok := index[b.Loan.BorrowerID]; ok {
			out[i].Loans = append(out[i].Loans, sl)
		}
	}
	if progress != nil {
		progress(len(books), len(books))
	}
	kept := out[:0]
	for _, st := range out {
		st.SavingsLog = data.StatementLines(savings[st.Household.ID], on, true)
		st.Savings = data.SavingsBalance(savings[st.Household.ID], on)
		if scope.BorrowerID != 0 || len(st.Loans) > 0 || len(st.SavingsLog) > 0 {
			kept = append(kept, st)
		}
	}
	return kept, nil
}
