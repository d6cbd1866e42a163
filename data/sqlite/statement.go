package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"policycredit/data"
)

// Statement returns the statement of the household with customer code customer on date on.
func (s *Store) Statement(ctx context.Context, customer string, on data.Date) (data.Statement, error) {
	if on.IsZero() {
		return data.Statement{}, data.Invalid("statement.date", "required")
	}
	customer = data.NFC(customer)
	var st data.Statement
	err := s.read(ctx, func(tx *sql.Tx) error {
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
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
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
// loans, rate overrides, schedules, entries), never one per loan: a commune has hundreds.
// The loans are those Positions counts: signed by on and not closed by then.
func statementsIn(ctx context.Context, tx *sql.Tx, scope data.StatementScope, on data.Date, progress func(done, total int)) ([]data.Statement, error) {
	cond, id := statementHouseholds(scope)
	args := []any{on.String(), id}
	households := `SELECT b.id FROM borrowers b JOIN villages v ON v.id = b.village_id WHERE ` + cond
	loanWhere := ` WHERE l.borrower_id IN (` + households + `) AND l.signed_on <= ?1
		AND NOT (l.status = 'closed' AND coalesce(lb.last_value_date, '') <= ?1)`
	loanIDs := `SELECT l.id FROM loans l LEFT JOIN loan_balances lb ON lb.loan_id = l.id` + loanWhere

	// Households, with their group's association.
	rows, err := tx.QueryContext(ctx, borrowerViewSelect+` WHERE `+cond+` ORDER BY coalesce(g.code, ''), b.sort_key, b.id`, args...)
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

	// Programs: names and rate histories.
	set, err := loadSettings(tx)
	if err != nil {
		return nil, err
	}
	rates, err := loadRates(tx, "")
	if err != nil {
		return nil, err
	}
	programRates := map[string][]data.RatePeriod{}
	for _, rs := range rates {
		if len(rs) > 0 {
			programRates[rs[0].ProgramCode] = rs
		}
	}
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

	// Loans with their overrides and schedules.
	rows, err = tx.QueryContext(ctx, `SELECT `+loanColumns+` FROM loans l LEFT JOIN loan_balances lb ON lb.loan_id = l.id`+
		loanWhere+` ORDER BY l.contract, l.id`, args...)
	if err != nil {
		return nil, err
	}
	dates := newDateCache()
	var books []data.Book
	loanIndex := map[int64]int{}
	for rows.Next() {
		l, err := scanLoan(rows, dates)
		if err != nil {
			rows.Close()
			return nil, err
		}
		loanIndex[l.ID] = len(books)
		books = append(books, data.Book{Loan: l, Rates: programRates[l.ProgramCode], Settings: set})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	overrides, err := loanRates(tx, `WHERE l.id IN (`+loanIDs+`)`, args...)
	if err != nil {
		return nil, err
	}
	for lid, rs := range overrides {
		if i, ok := loanIndex[lid]; ok {
			books[i].Loan.RateOverrides = rs
		}
	}
	rows, err = tx.QueryContext(ctx, `SELECT i.loan_id, i.no, i.due, i.principal FROM installments i
		WHERE i.loan_id IN (`+loanIDs+`) ORDER BY i.loan_id, i.no`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var lid int64
		var in data.Installment
		var due string
		if err := rows.Scan(&lid, &in.No, &due, &in.Principal); err != nil {
			rows.Close()
			return nil, err
		}
		if in.Due, err = dates.parse(due); err != nil {
			rows.Close()
			return nil, err
		}
		if i, ok := loanIndex[lid]; ok {
			books[i].Schedule = append(books[i].Schedule, in)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range books {
		if books[i].Loan.Plan.Kind == data.PlanCustom {
			books[i].Loan.Plan.Custom = books[i].Schedule
		}
	}

	// Every entry of the households up to the date: their loans' and their savings.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Two queries so that each walks its index (entries_loan, entries_savings); the unary +
	// keeps SQLite off the value-date index, which would scan the office's whole ledger.
	entries, err := loadEntries(tx, `WHERE e.loan_id IN (`+loanIDs+`) AND +e.value_date <= ?1`, args...)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if i, ok := loanIndex[e.LoanID]; ok {
			books[i].Entries = append(books[i].Entries, e)
		}
	}
	entries, err = loadEntries(tx, `WHERE e.loan_id IS NULL AND e.borrower_id IN (`+households+`) AND +e.value_date <= ?1`, args...)
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
