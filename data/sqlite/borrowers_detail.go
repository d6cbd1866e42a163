package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"policycredit/data"
)

// BorrowerDetail returns a household with each of its loans' position on date on (the engine
// on each loan's book: a household has a handful), its savings balance on on and its history,
// all from one snapshot.
func (s *Store) BorrowerDetail(ctx context.Context, id int64, on data.Date) (data.BorrowerDetail, error) {
	d := data.BorrowerDetail{On: on}
	if on.IsZero() {
		return d, data.Invalid("position.date", "required")
	}
	err := s.readPersonal(ctx, func(tx *sql.Tx) error {
		var err error
		d.Borrower, err = scanBorrowerView(tx.QueryRowContext(ctx, borrowerViewSelect+` WHERE b.id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return data.NotFound("borrower", "ID", id)
		} else if err != nil {
			return err
		}
		var ids []int64
		rows, err := tx.QueryContext(ctx, `SELECT id FROM loans WHERE borrower_id = ? ORDER BY id`, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var loanID int64
			if err := rows.Scan(&loanID); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, loanID)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		lg := newLedger(ctx, tx, stamp{})
		for _, loanID := range ids {
			b, err := lg.loanBook(loanID, "loan")
			if err != nil {
				return err
			}
			p, err := data.PositionOn(*b, on)
			if err != nil {
				return err
			}
			d.Loans = append(d.Loans, data.BorrowerLoan{Loan: b.Loan, Position: p})
		}
		sb, err := lg.savingsBook(id)
		if err != nil {
			return err
		}
		d.Savings = data.SavingsBalance(sb.Entries, on)
		d.History, err = borrowerHistory(ctx, tx, id)
		return err
	})
	if err != nil {
		return data.BorrowerDetail{}, err
	}
	return d, nil
}

// historyFields are the audited fields of a household, in form order: the key in the audit's
// JSON and the form field it is shown as.
var historyFields = []struct{ key, field string }{
	{"Code", "borrower.code"}, {"Name", "borrower.name"}, {"Gender", "borrower.gender"},
	{"BirthYear", "borrower.birth_year"}, {"IDNumber", "borrower.id_number"}, {"Phone", "borrower.phone"},
	{"VillageID", "borrower.village"}, {"GroupID", "borrower.group"}, {"Category", "borrower.category"},
	{"Ethnicity", "borrower.ethnicity"}, {"Note", "borrower.note"}, {"Active", "borrower.status"},
	{"Reason", "borrower.reason"},
}

// borrowerHistory reads the audit of household id, newest first, each change reduced to the
// fields it changed; villages and groups are named.
func borrowerHistory(ctx context.Context, tx *sql.Tx, id int64) ([]data.BorrowerChange, error) {
	rows, err := tx.QueryContext(ctx, `SELECT at, user_name, action, before_json, after_json FROM audit
		WHERE entity = 'borrower' AND entity_id = ? ORDER BY id DESC`, idString(id))
	if err != nil {
		return nil, err
	}
	type raw struct {
		change        data.BorrowerChange
		before, after map[string]json.RawMessage
	}
	var all []raw
	for rows.Next() {
		var r raw
		var at, before, after string
		if err := rows.Scan(&at, &r.change.User, &r.change.Action, &before, &after); err != nil {
			rows.Close()
			return nil, err
		}
		if r.change.At, err = time.Parse(time.RFC3339, at); err != nil {
			rows.Close()
			return nil, err
		}
		if r.before, err = jsonFields(before); err == nil {
			r.after, err = jsonFields(after)
		}
		if err != nil {
			rows.Close()
			return nil, err
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	names := placeNames{ctx: ctx, tx: tx, villages: map[string]string{}, groups: map[string]string{}}
	out := make([]data.BorrowerChange, 0, len(all))
	for _, r := range all {
		for _, hf := range historyFields {
			b, a := r.before[hf.key], r.after[hf.key]
			if bytes.Equal(b, a) {
				continue
			}
			before, err := names.value(hf.key, b)
			if err != nil {
				return nil, err
			}
			after, err := names.value(hf.key, a)
			if err != nil {
				return nil, err
			}
			if before != after {
				r.change.Changes = append(r.change.Changes, data.FieldChange{Field: hf.field, Before: before, After: after})
			}
		}
		out = append(out, r.change)
	}
	return out, nil
}

func jsonFields(s string) (map[string]json.RawMessage, error) {
	if s == "" {
		return nil, nil
	}
	var m map[string]json.RawMessage
	err := json.Unmarshal([]byte(s), &m)
	return m, err
}

// placeNames names the villages and groups an audit refers to, each looked up once.
type placeNames struct {
	ctx              context.Context
	tx               *sql.Tx
	villages, groups map[string]string
}

// value is an audited value as text: a string unquoted, a number or boolean as written, zero
// years and IDs as "", a village as "village · commune" and a group as "code · name".
func (n *placeNames) value(key string, v json.RawMessage) (string, error) {
	if len(v) == 0 || string(v) == "null" {
		return "", nil
	}
	var s string
	if v[0] == '"' {
		if err := json.Unmarshal(v, &s); err != nil {
			return "", err
		}
		return s, nil
	}
	s = string(v)
	switch key {
	case "BirthYear":
		if s == "0" {
			return "", nil
		}
	case "VillageID":
		return n.name(n.villages, s, `SELECT v.name || ' · ' || c.name FROM villages v JOIN communes c ON c.id = v.commune_id WHERE v.id = ?`)
	case "GroupID":
		return n.name(n.groups, s, `SELECT code || ' · ' || name FROM savings_groups WHERE id = ?`)
	}
	return s, nil
}

func (n *placeNames) name(cache map[string]string, id, query string) (string, error) {
	if id == "0" {
		return "", nil
	}
	if name, ok := cache[id]; ok {
		return name, nil
	}
	num, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return id, nil
	}
	var name string
	err = n.tx.QueryRowContext(n.ctx, query, num).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		name, err = "#"+id, nil
	}
	cache[id] = name
	return name, err
}

// reasonRecord is what the audit keeps of a household that leaves or rejoins: the household
// and the reason given.
type reasonRecord struct {
	data.Borrower
	Reason string `json:"Reason,omitempty"`
}

// MarkBorrowerLeft records that household id left, with the reason (required). It is refused
// while the household owes principal or has an open loan (interest due, or not yet
// disbursed), while it holds savings, and while it leads its group; each refusal is a typed
// error on "borrower.status" naming what stands in the way.
func (s *Store) MarkBorrowerLeft(ctx context.Context, id int64, reason string) error {
	reason = data.NFC(reason)
	var errs data.Errors
	if reason == "" {
		errs.Add(data.Invalid("borrower.reason", "required"))
	}
	errs.Add(data.ValidateOptionalText("borrower.reason", reason, 500))
	if len(errs) > 0 {
		return errs
	}
	return s.write(ctx, data.ActHouseholds, func(tx *sql.Tx, st stamp) error {
		before, err := loadBorrower(ctx, tx, id)
		if errors.Is(err, sql.ErrNoRows) {
			return data.NotFound("borrower", "ID", id)
		} else if err != nil {
			return err
		}
		if !before.Active {
			return data.Conflict("borrower.status", "already_left", "Code", before.Code)
		}
		after := before
		after.Active = false
		errs, err := leaveErrors(ctx, tx, &before)
		if err != nil {
			return err
		}
		more, err := checkBorrower(ctx, tx, &after, &before)
		if err != nil {
			return err
		}
		if errs = append(errs, more...); len(errs) > 0 {
			return errs
		}
		if _, err := tx.ExecContext(ctx, `UPDATE borrowers SET active = 0, updated_at = ?, updated_by = ? WHERE id = ?`,
			st.at, st.user, id); err != nil {
			return err
		}
		return audit(ctx, tx, st, "borrower", idString(id), data.ActionLeave, before, reasonRecord{after, reason})
	})
}

// RejoinBorrower makes household id, which left, a borrower again: it goes back to its group
// under the rules of joining one (open, with room), with an optional reason.
func (s *Store) RejoinBorrower(ctx context.Context, id int64, reason string) error {
	reason = data.NFC(reason)
	if err := data.ValidateOptionalText("borrower.reason", reason, 500); err != nil {
		return err
	}
	return s.write(ctx, data.ActHouseholds, func(tx *sql.Tx, st stamp) error {
		before, err := loadBorrower(ctx, tx, id)
		if errors.Is(err, sql.ErrNoRows) {
			return data.NotFound("borrower", "ID", id)
		} else if err != nil {
			return err
		}
		if before.Active {
			return data.Conflict("borrower.status", "not_left", "Code", before.Code)
		}
		after := before
		after.Active = true
		errs, err := checkBorrower(ctx, tx, &after, &before)
		if err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		if _, err := tx.ExecContext(ctx, `UPDATE borrowers SET active = 1, updated_at = ?, updated_by = ? WHERE id = ?`,
			st.at, st.user, id); err != nil {
			return err
		}
		return audit(ctx, tx, st, "borrower", idString(id), data.ActionRejoin, before, reasonRecord{after, reason})
	})
}

// leaveErrors says what keeps household b from leaving: principal still owed (with the
// contracts), loans still open with no principal owed (interest due, or nothing disbursed
// yet), savings not paid out.
func leaveErrors(ctx context.Context, tx *sql.Tx, b *data.Borrower) (data.Errors, error) {
	var errs data.Errors
	rows, err := tx.QueryContext(ctx, `SELECT l.contract, l.status, coalesce(lb.disbursed - lb.principal_repaid - lb.written_off, 0)
		FROM loans l LEFT JOIN loan_balances lb ON lb.loan_id = l.id WHERE l.borrower_id = ? ORDER BY l.id`, b.ID)
	if err != nil {
		return nil, err
	}
	var owing, open []string
	var owed data.Dong
	for rows.Next() {
		var contract, status string
		var out data.Dong
		if err := rows.Scan(&contract, &status, &out); err != nil {
			rows.Close()
			return nil, err
		}
		switch {
		case out > 0:
			owing = append(owing, contract)
			owed += out
		case data.LoanStatus(status) == data.LoanActive:
			open = append(open, contract)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(owing) > 0 {
		errs.Add(data.Forbidden("borrower.status", "leave_owing", "Amount", owed, "Contracts", strings.Join(owing, ", ")))
	}
	if len(open) > 0 {
		errs.Add(data.Forbidden("borrower.status", "leave_open_loan", "Contracts", strings.Join(open, ", ")))
	}
	var savings data.Dong
	err = tx.QueryRowContext(ctx, `SELECT balance FROM savings_balances WHERE borrower_id = ?`, b.ID).Scan(&savings)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if savings > 0 {
		errs.Add(data.Forbidden("borrower.status", "leave_savings", "Amount", savings))
	}
	return errs, nil
}
