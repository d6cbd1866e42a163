package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"policycredit/data"
)

// What the settlements owe is paid at the transaction points: a group's commission to its
// leader at the point serving its village, an association's commune-level share of the fee at
// a point of its commune. What is not paid stays owed, month after month; a payment is never
// more than what is owed then, so nothing owed is ever negative.

// payee is one payee of a point with its settled months.
type payee struct {
	kind        data.PayeeKind
	groupID     int64
	communeID   int64
	association string
}

// pointPayees lists the payees of a point: its groups, then its commune's associations.
func pointPayees(ctx context.Context, tx *sql.Tx, pointID int64) ([]data.Payable, int64, error) {
	var communeID int64
	err := tx.QueryRowContext(ctx, `SELECT commune_id FROM points WHERE id = ?`, pointID).Scan(&communeID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, data.NotFound("settlement.point", "ID", pointID)
	}
	if err != nil {
		return nil, 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT g.id, g.code, g.name, coalesce((SELECT b.name FROM borrowers b WHERE b.id = g.leader_id), ''),
			g.association
		FROM savings_groups g JOIN point_villages pv ON pv.village_id = g.village_id
		WHERE pv.point_id = ? ORDER BY g.code`, pointID)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []data.Payable
	for rows.Next() {
		p := data.Payable{Kind: data.PayeeGroup, CommuneID: communeID}
		if err := rows.Scan(&p.GroupID, &p.Code, &p.Name, &p.Leader, &p.Association); err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	for _, a := range data.Associations {
		out = append(out, data.Payable{Kind: data.PayeeAssociation, Code: a.Code, CommuneID: communeID, Association: a.Code})
	}
	return out, communeID, nil
}

// owed fills a payable's settled months before date on's month, and the payments made up to
// paidUpTo (all payments, whatever their date, when it is zero), months paid oldest first.
func owed(ctx context.Context, tx *sql.Tx, p *data.Payable, on, paidUpTo data.Date) error {
	var rows *sql.Rows
	var err error
	before := "9999-12"
	if !on.IsZero() {
		before = data.MonthOf(on).String()
	}
	standing := `NOT EXISTS (SELECT 1 FROM settlement_reversals r WHERE r.settlement_id = s.id) AND s.month < ?`
	if p.Kind == data.PayeeGroup {
		rows, err = tx.QueryContext(ctx, `SELECT s.month, sg.commission FROM settlement_groups sg JOIN settlements s ON s.id = sg.settlement_id
			WHERE sg.group_id = ? AND `+standing+` ORDER BY s.month`, p.GroupID, before)
	} else {
		rows, err = tx.QueryContext(ctx, `SELECT s.month, sf.level_commune FROM settlement_fees sf JOIN settlements s ON s.id = sf.settlement_id
			WHERE sf.commune_id = ? AND sf.association = ? AND `+standing+` ORDER BY s.month`, p.CommuneID, p.Association, before)
	}
	if err != nil {
		return err
	}
	type monthAmount struct {
		m data.Month
		a data.Dong
	}
	var months []monthAmount
	for rows.Next() {
		var month string
		var amount int64
		if err := rows.Scan(&month, &amount); err != nil {
			rows.Close()
			return err
		}
		m, err := data.ParseMonth(month)
		if err != nil {
			rows.Close()
			return err
		}
		months = append(months, monthAmount{m, data.Dong(amount)})
		p.Settled += data.Dong(amount)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	upTo := "9999-12-31"
	if !paidUpTo.IsZero() {
		upTo = paidUpTo.String()
	}
	var paid int64
	err = tx.QueryRowContext(ctx, `SELECT coalesce(sum(p.amount), 0) FROM settlement_payments p
		WHERE p.reverses IS NULL AND NOT EXISTS (SELECT 1 FROM settlement_payments r WHERE r.reverses = p.id)
			AND p.paid_on <= ?1 AND p.kind = ?2
			AND (p.kind = 'group' AND p.group_id = ?3 OR p.kind = 'association' AND p.commune_id = ?4 AND p.association = ?5)`,
		upTo, string(p.Kind), p.GroupID, p.CommuneID, p.Association).Scan(&paid)
	if err != nil {
		return err
	}
	p.Paid = data.Dong(paid)
	p.Due = max(p.Settled-p.Paid, 0)
	left := p.Paid
	for _, m := range months {
		take := min(left, m.a)
		left -= take
		if m.a > take {
			p.Months = append(p.Months, m.m)
		}
	}
	return nil
}

// SettlementPayables are what the payees of a point are owed on a day.
func (s *Store) SettlementPayables(ctx context.Context, pointID int64, on data.Date) ([]data.Payable, error) {
	if on.IsZero() {
		return nil, data.Invalid("settlement.paid_on", "required")
	}
	var out []data.Payable
	err := s.read(ctx, func(tx *sql.Tx) error {
		ps, _, err := pointPayees(ctx, tx, pointID)
		if err != nil {
			return err
		}
		for i := range ps {
			if err := owed(ctx, tx, &ps[i], on, on); err != nil {
				return err
			}
			if ps[i].Settled > 0 {
				out = append(out, ps[i])
			}
		}
		return nil
	})
	return out, err
}

// SettlementPayments lists the payments of a point on a day, reversals included.
func (s *Store) SettlementPayments(ctx context.Context, pointID int64, on data.Date) ([]data.SettlementPayment, error) {
	var out []data.SettlementPayment
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = pointPayments(ctx, tx, pointID, on, false)
		return err
	})
	return out, err
}

// pointPayments reads a point's payments of a day; standing keeps only the payments neither
// reversed nor reversals.
func pointPayments(ctx context.Context, tx *sql.Tx, pointID int64, on data.Date, standing bool) ([]data.SettlementPayment, error) {
	where := ""
	if standing {
		where = ` AND p.reverses IS NULL AND NOT EXISTS (SELECT 1 FROM settlement_payments r WHERE r.reverses = p.id)`
	}
	rows, err := tx.QueryContext(ctx, `SELECT p.id, p.point_id, p.kind, coalesce(p.group_id, 0), coalesce(p.commune_id, 0),
			coalesce(p.association, ''), p.paid_on, p.amount, p.ref, p.received_by, p.note, p.user_name, p.posted_at,
			coalesce(p.reverses, 0), p.reason, EXISTS (SELECT 1 FROM settlement_payments r WHERE r.reverses = p.id),
			coalesce(g.code, ''), coalesce(g.name, '')
		FROM settlement_payments p LEFT JOIN savings_groups g ON g.id = p.group_id WHERE p.point_id = ? AND p.paid_on = ?`+where+` ORDER BY p.id`, pointID, on.String())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []data.SettlementPayment
	for rows.Next() {
		var p data.SettlementPayment
		var kind, paidOn, at string
		var amount int64
		if err := rows.Scan(&p.ID, &p.PointID, &kind, &p.GroupID, &p.CommuneID, &p.Association, &paidOn, &amount, &p.Ref,
			&p.ReceivedBy, &p.Note, &p.User, &at, &p.Reverses, &p.Reason, &p.Reversed, &p.GroupCode, &p.GroupName); err != nil {
			return nil, err
		}
		p.Kind, p.Amount = data.PayeeKind(kind), data.Dong(amount)
		if p.PaidOn, err = data.ParseDate(paidOn); err != nil {
			return nil, err
		}
		p.PostedAt, _ = time.Parse(time.RFC3339, at)
		out = append(out, p)
	}
	return out, rows.Err()
}

// PaySettlement pays (part of) what a payee of a point is owed on the payment's day.
func (s *Store) PaySettlement(ctx context.Context, p *data.SettlementPayment) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.write(ctx, data.ActCash, func(tx *sql.Tx, st stamp) error {
		from, to, err := postingRange(ctx, tx, st)
		if err != nil {
			return err
		}
		if p.PaidOn.After(to) || p.PaidOn.Before(from) {
			return data.Invalid("settlement.paid_on", "date_range", "Min", from, "Max", to)
		}
		if err := refuseClosed(ctx, tx, p.PaidOn, "settlement.paid_on"); err != nil {
			return err
		}
		payees, communeID, err := pointPayees(ctx, tx, p.PointID)
		if err != nil {
			return err
		}
		var target *data.Payable
		for i := range payees {
			q := &payees[i]
			if q.Kind == p.Kind && (p.Kind == data.PayeeGroup && q.GroupID == p.GroupID ||
				p.Kind == data.PayeeAssociation && q.Association == p.Association && communeID == p.CommuneID) {
				target = q
			}
		}
		if target == nil {
			return data.Invalid("settlement.payee", "not_at_point")
		}
		// What is owed now: the months settled before the payment's month, less every payment
		// made, whatever its date.
		if err := owed(ctx, tx, target, p.PaidOn, data.Date{}); err != nil {
			return err
		}
		due := target.Due
		if p.Amount > due {
			return data.Invalid("settlement.amount", "payable_max", "Max", due)
		}
		if p.Ref == "" {
			var code string
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT code, (SELECT count(*) FROM settlement_payments WHERE point_id = ?1 AND paid_on = ?2)
				FROM points WHERE id = ?1`, p.PointID, p.PaidOn.String()).Scan(&code, &n); err != nil {
				return err
			}
			p.Ref = fmt.Sprintf("%s/%s/HH%d", code, strings.ReplaceAll(p.PaidOn.String(), "-", ""), n+1)
		}
		var groupID, commune, assoc any
		if p.Kind == data.PayeeGroup {
			groupID = p.GroupID
		} else {
			commune, assoc = p.CommuneID, p.Association
		}
		p.ID, err = insertID(ctx, tx, `INSERT INTO settlement_payments (point_id, kind, group_id, commune_id, association, paid_on,
				amount, ref, received_by, note, posted_at, user_name)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.PointID, string(p.Kind), groupID, commune, assoc, p.PaidOn.String(),
			int64(p.Amount), p.Ref, p.ReceivedBy, p.Note, st.at, st.user)
		p.User = st.user
		p.PostedAt, _ = time.Parse(time.RFC3339, st.at)
		return err
	})
}

type reversePaymentArgs struct {
	ID     int64
	Reason string
}

// ReverseSettlementPayment cancels a payment for a reason: a correction, which a controller
// makes and a second one approves.
func (s *Store) ReverseSettlementPayment(ctx context.Context, id int64, reason string) error {
	reason = strings.TrimSpace(data.NFC(reason))
	if reason == "" {
		return data.Invalid("settlement.reason", "required")
	}
	if err := data.ValidateOptionalText("settlement.reason", reason, 500); err != nil {
		return err
	}
	c, fn := s.reversePaymentChange(reversePaymentArgs{id, reason})
	return s.change(ctx, c, fn)
}

func (s *Store) reversePaymentChange(a reversePaymentArgs) (change, txFunc) {
	describe := func(ctx context.Context, tx *sql.Tx) (any, error) {
		var amount int64
		var standing bool
		err := tx.QueryRowContext(ctx, `SELECT amount, NOT EXISTS (SELECT 1 FROM settlement_payments r WHERE r.reverses = p.id)
			FROM settlement_payments p WHERE id = ?`, a.ID).Scan(&amount, &standing)
		if errors.Is(err, sql.ErrNoRows) {
			err = nil
		}
		return map[string]any{"payment": a.ID, "amount": amount, "standing": standing}, err
	}
	return change{action: data.ActCorrection, method: "ReverseSettlementPayment", args: a, subject: "payment " + idString(a.ID),
			note: a.Reason, describe: describe},
		func(ctx context.Context, tx *sql.Tx, st stamp) error {
			var point, amount int64
			var kind, paidOn, ref, receivedBy string
			var groupID, communeID sql.NullInt64
			var assoc sql.NullString
			var reverses sql.NullInt64
			err := tx.QueryRowContext(ctx, `SELECT point_id, kind, group_id, commune_id, association, paid_on, amount, ref, received_by, reverses
				FROM settlement_payments WHERE id = ?`, a.ID).Scan(&point, &kind, &groupID, &communeID, &assoc, &paidOn, &amount, &ref, &receivedBy, &reverses)
			if errors.Is(err, sql.ErrNoRows) {
				return data.NotFound("settlement.payment", "ID", a.ID)
			}
			if err != nil {
				return err
			}
			if reverses.Valid {
				return data.Invalid("settlement.payment", "reversal_of_reversal")
			}
			if taken, err := exists(ctx, tx, `SELECT 1 FROM settlement_payments WHERE reverses = ?`, a.ID); err != nil {
				return err
			} else if taken {
				return data.Conflict("settlement.payment", "already_reversed", "ID", a.ID)
			}
			on, err := data.ParseDate(paidOn)
			if err != nil {
				return err
			}
			if err := refuseClosed(ctx, tx, on, "settlement.paid_on"); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO settlement_payments (point_id, kind, group_id, commune_id, association, paid_on,
					amount, ref, received_by, note, reverses, reason, posted_at, user_name)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?)`, point, kind, groupID, communeID, assoc, paidOn, amount, ref,
				receivedBy, a.ID, a.Reason, st.at, st.user)
			return err
		}
}

func init() {
	registerReplay("ReverseSettlementPayment", func(s *Store, a reversePaymentArgs) (change, txFunc) {
		return s.reversePaymentChange(a)
	})
}

// checkSettlementPayments reports each payee paid more than the standing settlements owe it.
func checkSettlementPayments(ctx context.Context, tx *sql.Tx) ([]*data.Error, error) {
	rows, err := tx.QueryContext(ctx, `SELECT kind, key1, key2, settled, paid FROM (`+payeeBalances+`) balances WHERE paid > settled
		ORDER BY kind, key1, key2`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []*data.Error
	for rows.Next() {
		var kind, assoc string
		var key, settled, paid int64
		if err := rows.Scan(&kind, &key, &assoc, &settled, &paid); err != nil {
			return nil, err
		}
		payee := idString(key)
		if kind == string(data.PayeeAssociation) {
			payee = assoc + "/" + payee
		}
		problems = append(problems, data.Invalid("settlement", "check_overpaid", "Payee", payee, "Paid", data.Dong(paid), "Settled", data.Dong(settled)))
	}
	return problems, rows.Err()
}
