package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"policycredit/data"
)

// loanViewSelect reads a page of loans picked by the inner query (?1 is the date). The list
// never replays a ledger: balances come from loan_balances, and the only per-loan work is
// the principal of the installments due before the date, each at its current due date (the
// latest reschedule or extension in force on the date, reversals honoured). Those correlated
// subqueries run for the picked page only, which the inner query limits before they start,
// and the walk through moved due dates only for the few loans that have any.
const loanViewSelect = `SELECT l.id, l.contract, l.borrower_id, coalesce(l.group_id, 0), l.program_code, l.source,
	l.purpose, l.amount, l.signed_on, l.term_months, l.plan_kind, l.plan_every, l.plan_grace, l.plan_course_ends,
	l.status, b.code, b.name, coalesce(lb.disbursed, 0), coalesce(lb.principal_repaid, 0),
	coalesce(lb.written_off, 0), coalesce(lb.frozen, 0),
	(SELECT coalesce(sum(i.principal), 0) FROM installments i WHERE i.loan_id = l.id),
	CASE WHEN NOT EXISTS (SELECT 1 FROM entries e WHERE e.loan_id = l.id AND (e.kind = 'reschedule' OR e.kind = 'extend'))
	THEN (SELECT coalesce(sum(i.principal), 0) FROM installments i WHERE i.loan_id = l.id AND i.due < ?1)
	ELSE (SELECT coalesce(sum(i.principal), 0) FROM installments i WHERE i.loan_id = l.id AND coalesce(
		(SELECT e.new_date FROM entries e WHERE e.loan_id = l.id AND e.value_date <= ?1
			AND ((e.kind = 'reschedule' AND e.installment = i.no)
				OR (e.kind = 'extend' AND i.no = (SELECT max(x.no) FROM installments x WHERE x.loan_id = l.id)))
			AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.loan_id = l.id AND r.kind = 'reversal'
				AND r.reverses = e.id AND r.value_date <= ?1)
			ORDER BY e.value_date DESC, e.id DESC LIMIT 1), i.due) < ?1) END
	FROM (%s) pick JOIN loans l ON l.id = pick.id JOIN borrowers b ON b.id = l.borrower_id
	LEFT JOIN loan_balances lb ON lb.loan_id = l.id
	ORDER BY l.signed_on DESC, l.id DESC`

// SearchLoans finds loans whose contract number or household (name, customer code) holds
// every word of query, with or without diacritics and in any order, newest contract first.
// Outstanding and frozen principal are as posted; overdue principal is reckoned on date on.
//
// Matching scans the folded household keys beside the contract numbers; only the page kept
// is then read in full (BenchmarkSearchLoans: 23 ms for an unfiltered page of 500, 3 ms for
// a name, on 2 cores).
func (s *Store) SearchLoans(ctx context.Context, query string, on data.Date, limit int) ([]data.LoanView, error) {
	if on.IsZero() {
		return nil, data.Invalid("position.date", "required")
	}
	terms := data.SearchTerms(query)
	where, args := termsWhere("(b.search_key || ' ' || lower(l.contract))", terms)
	// The date is ?1 and comes first in the text, so SQLite numbers the terms' plain ? from 2.
	pick := `SELECT l.id FROM loans l JOIN borrowers b ON b.id = l.borrower_id` + where +
		` ORDER BY l.signed_on DESC, l.id DESC` + limitClause(limit)
	var out []data.LoanView
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, strings.Replace(loanViewSelect, "%s", pick, 1), append([]any{on.String()}, args...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		dates := newDateCache()
		for rows.Next() {
			var v data.LoanView
			var repaid, writtenOff, scheduled, dueBefore data.Dong
			l, err := scanLoan(scanFunc(func(dest ...any) error {
				return rows.Scan(append(dest, &v.BorrowerCode, &v.BorrowerName, &v.Disbursed, &repaid, &writtenOff,
					&v.Frozen, &scheduled, &dueBefore)...)
			}), dates)
			if err != nil {
				return err
			}
			v.Loan = l
			v.Outstanding = v.Disbursed - repaid - writtenOff
			v.Overdue = overdueOf(v.Disbursed, repaid+writtenOff, max(min(v.Frozen, v.Outstanding), 0), scheduled, dueBefore)
			v.State = stateOf(v)
			out = append(out, v)
		}
		return rows.Err()
	})
	return out, err
}

// overdueOf is the engine's rule (data/engine.go) on totals: laid along the schedule in due
// order, the principal not covered by repayments, write-offs or frozen debt that lies in
// installments due before the date is overdue; principal disbursed beyond the schedule falls
// on the last installment.
func overdueOf(disbursed, covered, frozen, scheduled, dueBefore data.Dong) data.Dong {
	hi := min(dueBefore, disbursed)
	if dueBefore >= scheduled {
		hi = disbursed
	}
	return max(hi-covered-frozen, 0)
}

func stateOf(v data.LoanView) data.LoanState {
	switch {
	case v.Status == data.LoanClosed:
		return data.StateClosed
	case v.Status == data.LoanWrittenOff:
		return data.StateWrittenOff
	case v.Overdue > 0:
		return data.StateOverdue
	case v.Frozen > 0:
		return data.StateFrozen
	}
	return data.StateCurrent
}

// ReverseEntry cancels a posted entry with a reversal dated on, giving the reason as its
// note, in one transaction; the reversal is checked like any entry (data.CheckEntry). A
// reason is required: a correction must say why.
func (s *Store) ReverseEntry(ctx context.Context, id int64, on data.Date, reason string) (data.Entry, error) {
	var e data.Entry
	err := s.write(ctx, func(tx *sql.Tx, st stamp) error {
		var errs data.Errors
		if strings.TrimSpace(reason) == "" {
			errs.Add(data.Invalid("entry.reason", "required"))
		}
		var loanID, borrowerID int64
		err := tx.QueryRow(`SELECT coalesce(loan_id, 0), borrower_id FROM entries WHERE id = ?`, id).Scan(&loanID, &borrowerID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			errs.Add(data.NotFound("entry.reverses", "ID", id))
		case err != nil:
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		e = data.Entry{LoanID: loanID, BorrowerID: borrowerID, Kind: data.EntryReversal, ValueDate: on,
			Reverses: id, Note: reason}
		return newLedger(tx, st).post(&e)
	})
	if err != nil {
		return data.Entry{}, err
	}
	return e, nil
}
