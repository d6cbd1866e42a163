package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"policycredit/data"
)

// loanViewSelect reads the loans of an ID list (%s); what each owes on the date comes from
// loanFigures.
const loanViewSelect = `SELECT l.id, l.contract, l.borrower_id, coalesce(l.group_id, 0), l.program_code, l.source,
	l.purpose, l.amount, l.signed_on, l.term_months, l.plan_kind, l.plan_every, l.plan_grace, l.plan_course_ends,
	l.status, l.units, b.code, b.name, coalesce(lb.disbursed, 0)
	FROM loans l JOIN borrowers b ON b.id = l.borrower_id LEFT JOIN loan_balances lb ON lb.loan_id = l.id
	WHERE l.id IN (%s)`

// loanOrderColumns are the orders SQL sorts by itself.
var loanOrderColumns = map[data.LoanOrder]string{
	data.OrderBySigned: "l.signed_on", data.OrderByContract: "l.contract", data.OrderByCustomer: "b.code",
	data.OrderByName: "b.sort_key", data.OrderByProgram: "l.program_code", data.OrderByAmount: "l.amount",
}

// SearchLoans finds loans whose contract number or household (name, customer code) holds
// every word of query, with or without diacritics and in any order, newest contract first.
func (s *Store) SearchLoans(ctx context.Context, query string, on data.Date, limit int) ([]data.LoanView, error) {
	return s.ListLoans(ctx, data.LoanQuery{Query: query, On: on, Order: data.OrderBySigned, Desc: true, Limit: limit})
}

// ListLoans lists the loans a query selects in its order, with what each owes on its date
// (loanFigures, as the engine reckons it). Matching scans the folded household keys beside
// the contract numbers and only the page kept is read in full; ordering by outstanding or
// state needs the figures of every match first, a deliberate choice rather than typing.
func (s *Store) ListLoans(ctx context.Context, q data.LoanQuery) ([]data.LoanView, error) {
	if q.On.IsZero() {
		return nil, data.Invalid("position.date", "required")
	}
	where, args := termsWhere("(b.search_key || ' ' || lower(l.contract) COLLATE BINARY)", data.SearchTerms(q.Query))
	dir := " ASC"
	if q.Desc {
		dir = " DESC"
	}
	var out []data.LoanView
	err := s.readPersonal(ctx, func(tx *sql.Tx) error {
		var ids []int64
		var figs map[int64]figures
		if col, ok := loanOrderColumns[q.Order]; ok {
			var err error
			ids, err = loanIDs(ctx, tx, `SELECT l.id FROM loans l JOIN borrowers b ON b.id = l.borrower_id`+where+
				` ORDER BY `+col+dir+`, l.id`+dir+limitClause(q.Limit), args)
			if err != nil {
				return err
			}
		} else {
			all, err := loanIDs(ctx, tx, `SELECT l.id FROM loans l JOIN borrowers b ON b.id = l.borrower_id`+where, args)
			if err != nil || len(all) == 0 {
				return err
			}
			if figs, err = loanFigures(ctx, tx, "l.id", `l.id IN (`+idList(all)+`)`, q.On); err != nil {
				return err
			}
			status, err := loanStatuses(ctx, tx, all)
			if err != nil {
				return err
			}
			key := func(id int64) int64 { return int64(figs[id].outstanding) }
			if q.Order == data.OrderByState {
				key = func(id int64) int64 {
					f := figs[id]
					return int64(stateRank[stateOf(data.LoanView{Loan: data.Loan{Status: status[id]}, Overdue: f.overdue, Frozen: f.frozen})])
				}
			}
			sort.SliceStable(all, func(i, j int) bool {
				ki, kj := key(all[i]), key(all[j])
				if ki != kj {
					return (ki < kj) != q.Desc
				}
				return (all[i] < all[j]) != q.Desc
			})
			if q.Limit > 0 && len(all) > q.Limit {
				all = all[:q.Limit]
			}
			ids = all
		}
		if len(ids) == 0 {
			return nil
		}
		views, err := loanViews(ctx, tx, ids)
		if err != nil {
			return err
		}
		if figs == nil {
			if figs, err = loanFigures(ctx, tx, "l.id", `l.id IN (`+idList(ids)+`)`, q.On); err != nil {
				return err
			}
		}
		out = make([]data.LoanView, 0, len(ids))
		for _, id := range ids {
			v := views[id]
			f := figs[id] // absent: signed after the date or closed by then, owes nothing
			v.Outstanding, v.Overdue, v.Frozen = f.outstanding, f.overdue, f.frozen
			v.State = stateOf(v)
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

// stateRank orders the states from the least to the most worrying.
var stateRank = map[data.LoanState]int{data.StateClosed: 0, data.StateWrittenOff: 1, data.StateCurrent: 2,
	data.StateFrozen: 3, data.StateOverdue: 4}

// loanIDs runs a query of loan IDs.
func loanIDs(ctx context.Context, tx *sql.Tx, query string, args []any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// loanStatuses reads the status of loans by ID.
func loanStatuses(ctx context.Context, tx *sql.Tx, ids []int64) (map[int64]data.LoanStatus, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, status FROM loans WHERE id IN (`+idList(ids)+`)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64]data.LoanStatus, len(ids))
	for rows.Next() {
		var id int64
		var st string
		if err := rows.Scan(&id, &st); err != nil {
			return nil, err
		}
		out[id] = data.LoanStatus(st)
	}
	return out, rows.Err()
}

// loanViews reads the loans of ids with their households, by ID.
func loanViews(ctx context.Context, tx *sql.Tx, ids []int64) (map[int64]data.LoanView, error) {
	rows, err := tx.QueryContext(ctx, fmt.Sprintf(loanViewSelect, idList(ids)))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	dates := newDateCache()
	out := make(map[int64]data.LoanView, len(ids))
	for rows.Next() {
		var v data.LoanView
		l, err := scanLoan(scanFunc(func(dest ...any) error {
			return rows.Scan(append(dest, &v.BorrowerCode, &v.BorrowerName, &v.Disbursed)...)
		}), dates)
		if err != nil {
			return nil, err
		}
		v.Loan = l
		out[l.ID] = v
	}
	return out, rows.Err()
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
	c, fn := s.reverseEntryChange(reverseEntryArgs{ID: id, On: on, Reason: reason}, &e)
	if err := s.change(ctx, c, fn); err != nil {
		return data.Entry{}, err
	}
	return e, nil
}

type reverseEntryArgs struct {
	ID     int64     `json:"id"`
	On     data.Date `json:"on"`
	Reason string    `json:"reason"`
}

func init() {
	registerReplay("ReverseEntry", func(s *Store, a reverseEntryArgs) (change, txFunc) { return s.reverseEntryChange(a, nil) })
}

// reverseEntryChange is a correction: the approver reads the loan's position before and after.
func (s *Store) reverseEntryChange(a reverseEntryArgs, out *data.Entry) (change, txFunc) {
	id, on, reason := a.ID, a.On, a.Reason
	describe := func(ctx context.Context, tx *sql.Tx) (any, error) {
		var loanID int64
		err := tx.QueryRowContext(ctx, `SELECT coalesce(loan_id, 0) FROM entries WHERE id = ?`, id).Scan(&loanID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		return loanSummaries(ctx, tx, []int64{loanID}, on)
	}
	return change{action: data.ActCorrection, method: "ReverseEntry", args: a, subject: "entry " + strconv.FormatInt(id, 10), note: reason, describe: describe},
		func(ctx context.Context, tx *sql.Tx, st stamp) error {
			var errs data.Errors
			if strings.TrimSpace(reason) == "" {
				errs.Add(data.Invalid("entry.reason", "required"))
			}
			var loanID, borrowerID int64
			err := tx.QueryRowContext(ctx, `SELECT coalesce(loan_id, 0), borrower_id FROM entries WHERE id = ?`, id).Scan(&loanID, &borrowerID)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				errs.Add(data.NotFound("entry.reverses", "ID", id))
			case err != nil:
				return err
			}
			if len(errs) > 0 {
				return errs
			}
			e := data.Entry{LoanID: loanID, BorrowerID: borrowerID, Kind: data.EntryReversal, ValueDate: on,
				Reverses: id, Note: reason}
			if err := newLedger(ctx, tx, st).post(&e); err != nil {
				return err
			}
			if out != nil {
				*out = e
			}
			return nil
		}
}
