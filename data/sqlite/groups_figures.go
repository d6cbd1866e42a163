package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"policycredit/data"
)

// Figures of many loans at once, for lists: principal outstanding and its overdue part on a
// date, equal to the engine's (data.PositionOn) but computed in SQL from loan_balances and the
// schedules, never by replaying ledgers: a whole large office (50,000 loans, 4 M entries) takes
// a fraction of a second, where Positions takes seconds.
//
// Per loan, as in the engine (engine.go): outstanding O = disbursed − repaid − written off;
// frozen F = min(freezes − unfreezes − write-offs, O), at least 0 (a write-off takes frozen debt
// first); laid along the schedule in due order, the owed band is [repaid + written off + F,
// disbursed) and its part lying in installments due before the date is overdue. The principal
// of the installments due before the date is all of the disbursed principal when every
// installment is due before it (principal beyond the schedule falls on the last). It is summed
// only for loans with principal owed beyond their frozen part, through installments_due (0006).
//
// Balances come from loan_balances unless the loan has entries dated after the date (a working
// date in the past, a month end of the Overview's trend): those "late" loans' balances are
// computed from their entries, reversals honoured as in ledgerEffects, in one of two ways that
// give the same figures (see lateReplay and lateSubtract). Loans signed after the date, and
// closed loans with no entry after it, owe nothing and are skipped, as Positions skips them.
//
// Rescheduling and extension only ever postpone an installment (CheckEntry refuses anything
// else), so they can only lower the overdue part. They are read only for the few loans that
// are overdue on the original schedule: the latest move of each installment dated up to the
// date and not reversed by then, an extension moving the last installment.
//
// figuresCTEs ends with figs (loan_id, grp, o, od, fr): each loan's outstanding, overdue and
// frozen principal, grp being the key (%[1]s, an expression on l) of the loans the scope
// (%[2]s, a condition on l) selects among those that owing (%[5]s, a condition on l and lb)
// admits; %[3]s is the late CTE, %[4]s scope's materialization. Extra columns, computed by
// scope (%[6]s) on l and lb, are carried through to figs (%[7]s, %[8]s, %[9]s: their names bare,
// and qualified by s. and f.).
const figuresCTEs = `WITH scope AS %[4]s (
	SELECT l.id AS loan_id, %[1]s AS grp%[6]s,
		coalesce(lb.last_value_date, '') > :on AS late,
		coalesce(lb.disbursed, 0) AS dis, coalesce(lb.principal_repaid, 0) AS repaid,
		coalesce(lb.written_off, 0) AS wo, coalesce(lb.frozen, 0) AS fr
	FROM loans l LEFT JOIN loan_balances lb ON lb.loan_id = l.id
	WHERE (%[5]s) AND (%[2]s)
),
late AS MATERIALIZED (%[3]s),
base AS MATERIALIZED (
	SELECT loan_id, grp%[7]s, dis, o, lo,
		CASE WHEN o <= 0 OR lo >= dis THEN 0
			WHEN NOT EXISTS (SELECT 1 FROM installments i WHERE i.loan_id = n.loan_id AND i.due >= :on) THEN dis - lo
			ELSE max(min(dis, (SELECT coalesce(sum(i.principal), 0) FROM installments i
				WHERE i.loan_id = n.loan_id AND i.due < :on)) - lo, 0) END AS od
	FROM (SELECT loan_id, grp%[7]s, dis, dis - repaid - wo AS o,
			repaid + wo + min(max(fr - wo, 0), max(dis - repaid - wo, 0)) AS lo
		FROM (SELECT s.loan_id AS loan_id, s.grp AS grp%[8]s, coalesce(t.dis, s.dis) AS dis,
				coalesce(t.repaid, s.repaid) AS repaid, coalesce(t.wo, s.wo) AS wo, coalesce(t.fr, s.fr) AS fr
			FROM scope s LEFT JOIN late t ON t.loan_id = s.loan_id) st) n
),
cand AS MATERIALIZED (
	SELECT loan_id FROM base WHERE od > 0
),
moved AS MATERIALIZED (
	SELECT e.loan_id, e.id, e.value_date, e.new_date,
		CASE WHEN e.kind = 'extend' THEN (SELECT max(i.no) FROM installments i WHERE i.loan_id = e.loan_id)
			ELSE e.installment END AS no
	FROM cand c CROSS JOIN entries e
	WHERE e.loan_id = c.loan_id AND (e.kind = 'reschedule' OR e.kind = 'extend') AND e.new_date <> ''
		AND +e.value_date <= :on
		AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id AND r.value_date <= :on)
),
latest AS MATERIALIZED (
	SELECT loan_id, no, new_date FROM (
		SELECT m.loan_id, m.no, m.new_date,
			row_number() OVER (PARTITION BY m.loan_id, m.no ORDER BY m.value_date DESC, m.id DESC) AS rn
		FROM moved m) ranked
	WHERE rn = 1
),
resched AS MATERIALIZED (
	SELECT i.loan_id,
		coalesce(sum(CASE WHEN coalesce(m.new_date, i.due) < :on THEN i.principal END), 0) AS due_before,
		count(*) FILTER (WHERE coalesce(m.new_date, i.due) >= :on) AS not_due
	FROM (SELECT DISTINCT loan_id FROM latest) c CROSS JOIN installments i
	LEFT JOIN latest m ON m.loan_id = i.loan_id AND m.no = i.no
	WHERE i.loan_id = c.loan_id
	GROUP BY i.loan_id
),
figs AS (
	SELECT f.loan_id, f.grp%[9]s, f.o,
		CASE WHEN r.loan_id IS NULL THEN f.od
			ELSE max(CASE WHEN r.not_due = 0 THEN f.dis ELSE min(f.dis, r.due_before) END - f.lo, 0) END AS od,
		f.lo - (f.dis - f.o) AS fr
	FROM base f LEFT JOIN resched r ON r.loan_id = f.loan_id
)
`

// owesOnDate admits the loans that can owe something on the date, as Positions does.
const owesOnDate = `l.signed_on <= :on AND NOT (l.status = 'closed' AND coalesce(lb.last_value_date, '') <= :on)`

// The late loans' balances on the date (loan_id, dis, repaid, wo, fr), in the scope's CTE s.
const (
	// lateReplay sums each late loan's entries dated up to the date, read along its ledger in
	// entries_loan (a covering index): cheap for a few loans, half a second for a whole large
	// office a year back.
	lateReplay = `SELECT s.loan_id,
		coalesce(sum(CASE x.k WHEN 'disburse' THEN x.a END), 0) AS dis,
		coalesce(sum(CASE x.k WHEN 'principal' THEN x.a END), 0) AS repaid,
		coalesce(sum(CASE x.k WHEN 'writeoff' THEN x.a END), 0) AS wo,
		coalesce(sum(CASE x.k WHEN 'freeze' THEN x.a WHEN 'unfreeze' THEN -x.a END), 0) AS fr
	FROM scope s CROSS JOIN (SELECT e.loan_id AS loan_id, coalesce(o.kind, e.kind) AS k,
			CASE WHEN e.reverses IS NULL THEN e.amount ELSE -o.amount END AS a
		FROM entries e LEFT JOIN entries o ON o.id = e.reverses
		WHERE e.loan_id IS NOT NULL AND +e.value_date <= :on) x
	WHERE s.late AND x.loan_id = s.loan_id
	GROUP BY s.loan_id`
	// lateSubtract takes the effects of the entries dated after the date off the kept balances.
	// Those entries are the whole office's, whatever the scope, found through
	// entries_value_date and read from the table: for the whole office on a recent date they
	// are far fewer than its late loans' ledgers (a month end of last year: 0.37 s instead of
	// 0.6 s on a large office), but years back they cost more (see subtractLater).
	lateSubtract = `SELECT x.loan_id AS loan_id, lb.disbursed - x.dis AS dis, lb.principal_repaid - x.repaid AS repaid,
		lb.written_off - x.wo AS wo, lb.frozen - x.fr AS fr
	FROM (SELECT y.loan_id AS loan_id,
			coalesce(sum(CASE y.k WHEN 'disburse' THEN y.a END), 0) AS dis,
			coalesce(sum(CASE y.k WHEN 'principal' THEN y.a END), 0) AS repaid,
			coalesce(sum(CASE y.k WHEN 'writeoff' THEN y.a END), 0) AS wo,
			coalesce(sum(CASE y.k WHEN 'freeze' THEN y.a WHEN 'unfreeze' THEN -y.a END), 0) AS fr
		FROM (SELECT e.loan_id AS loan_id, coalesce(o.kind, e.kind) AS k,
				CASE WHEN e.reverses IS NULL THEN e.amount ELSE -o.amount END AS a
			FROM entries e LEFT JOIN entries o ON o.id = e.reverses
			WHERE e.value_date > :on AND +e.loan_id IS NOT NULL) y
		GROUP BY y.loan_id) x JOIN loan_balances lb ON lb.loan_id = x.loan_id`
)

// wholeOffice is the scope of every loan.
const wholeOffice = "true"

// figuresQuery describes a statement over figs (figuresCTEs).
type figuresQuery struct {
	key, scope string
	owing      string      // owesOnDate when empty
	extra      [][2]string // (name, expression on l and lb) carried to figs
	subtract   bool        // lateSubtract rather than lateReplay
}

// sql is the statement: the CTEs, then final.
func (q figuresQuery) sql(final string) string {
	// The scope is read once, by base, unless the late loans replay their ledgers.
	late, materialized := lateReplay, "MATERIALIZED"
	if q.subtract {
		late, materialized = lateSubtract, "NOT MATERIALIZED"
	}
	owing := q.owing
	if owing == "" {
		owing = owesOnDate
	}
	var exprs, names, inS, inF strings.Builder
	for _, c := range q.extra {
		fmt.Fprintf(&exprs, ", %s AS %s", c[1], c[0])
		names.WriteString(", " + c[0])
		inS.WriteString(", s." + c[0] + " AS " + c[0])
		inF.WriteString(", f." + c[0] + " AS " + c[0])
	}
	return fmt.Sprintf(figuresCTEs, q.key, q.scope, late, materialized, owing,
		exprs.String(), names.String(), inS.String(), inF.String()) + final
}

// subtractLater reports whether the whole office's figures on date on are cheaper with
// lateSubtract: when no entry is dated after it (nothing late; the scope is then read once),
// or when those entries are under a fifth of the ledger, estimated from the ID of the first of
// them in value-date order (entries are posted in about value-date order; the estimate only
// chooses between two ways to the same figures). On a large office a fifth is about 15
// months; further back the replay of the fewer loans then open costs less.
func subtractLater(ctx context.Context, tx *sql.Tx, on data.Date) (bool, error) {
	var first sql.NullInt64
	var last int64
	err := tx.QueryRowContext(ctx, `SELECT (SELECT id FROM entries WHERE value_date > ? ORDER BY value_date, id LIMIT 1),
		(SELECT coalesce(max(id), 0) FROM entries)`, on.String()).Scan(&first, &last)
	if err != nil || !first.Valid {
		return true, err
	}
	return (last-first.Int64+1)*5 < last, nil
}

// officeQuery is a figuresQuery of the whole office on date on, its late loans computed the
// cheaper way; narrower scopes replay their own late loans.
func officeQuery(ctx context.Context, tx *sql.Tx, q figuresQuery, on data.Date) (figuresQuery, error) {
	if q.scope != wholeOffice {
		return q, nil
	}
	var err error
	q.subtract, err = subtractLater(ctx, tx, on)
	return q, err
}

// figures are what a set of loans owes on a date: principal outstanding, its overdue part and
// its frozen part (the rest is current).
type figures struct{ outstanding, overdue, frozen data.Dong }

// loanFigures sums the figures of the loans l that scope (an SQL condition on l, with named
// parameters in args; wholeOffice for every loan) selects, by key (an expression on l such as
// l.group_id).
func loanFigures(ctx context.Context, tx *sql.Tx, key, scope string, on data.Date, args ...any) (map[int64]figures, error) {
	q, err := officeQuery(ctx, tx, figuresQuery{key: key, scope: scope}, on)
	if err != nil {
		return nil, err
	}
	return q.byKey(ctx, tx, on, args...)
}

// byKey runs the query summing its loans' figures by key.
func (q figuresQuery) byKey(ctx context.Context, tx *sql.Tx, on data.Date, args ...any) (map[int64]figures, error) {
	query := q.sql(`SELECT grp, coalesce(sum(o), 0), coalesce(sum(od), 0), coalesce(sum(fr), 0) FROM figs GROUP BY grp`)
	rows, err := tx.QueryContext(ctx, query, append(args, sql.Named("on", on.String()))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]figures{}
	for rows.Next() {
		var k sql.NullInt64
		var o, od, fr int64 // not data.Dong, which database/sql would convert by reflection
		if err := rows.Scan(&k, &o, &od, &fr); err != nil {
			return nil, err
		}
		if k.Valid {
			out[k.Int64] = figures{data.Dong(o), data.Dong(od), data.Dong(fr)}
		}
	}
	return out, rows.Err()
}

// groupFilterWhere is the condition on groups g (joined to their village v) of a filter, with
// named parameters.
func groupFilterWhere(f data.GroupFilter) (string, []any) {
	conds := []string{"true"}
	var args []any
	for i, t := range data.SearchTerms(f.Query) {
		name := fmt.Sprintf("term%d", i)
		conds = append(conds, "instr(g.search_key, :"+name+") > 0")
		args = append(args, sql.Named(name, t))
	}
	if f.CommuneID != 0 {
		conds = append(conds, "v.commune_id = :commune")
		args = append(args, sql.Named("commune", f.CommuneID))
	}
	if f.VillageID != 0 {
		conds = append(conds, "g.village_id = :village")
		args = append(args, sql.Named("village", f.VillageID))
	}
	return strings.Join(conds, " AND "), args
}

// GroupList lists the groups a filter selects, by code, with what the loans lent through each
// owe on date on (the sums of PositionOn over them; see loanFiguresSQL).
func (s *Store) GroupList(ctx context.Context, f data.GroupFilter, on data.Date) ([]data.GroupLine, error) {
	if on.IsZero() {
		return nil, data.Invalid("position.date", "required")
	}
	var out []data.GroupLine
	err := s.read(ctx, func(tx *sql.Tx) error {
		where, args := groupFilterWhere(f)
		var err error
		out, err = queryRows(ctx, tx, func(rows *sql.Rows) (data.GroupLine, error) {
			gv, err := scanGroupView(rows)
			return data.GroupLine{GroupView: gv}, err
		}, groupViewSelect+` WHERE `+where+` ORDER BY g.code, g.id`, args...)
		if err != nil {
			return err
		}
		if len(out) == 0 {
			return nil
		}
		figs, err := loanFigures(ctx, tx, "l.group_id", `l.group_id IN (SELECT g.id FROM savings_groups g
			JOIN villages v ON v.id = g.village_id WHERE `+where+`)`, on, args...)
		if err != nil {
			return err
		}
		for i := range out {
			fg := figs[out[i].ID]
			out[i].Outstanding, out[i].Overdue = fg.outstanding, fg.overdue
		}
		return nil
	})
	return out, err
}

// GroupMemberLines lists a group's households, those who left included, in list order, each
// with what all its loans owe on date on and its savings on that date.
func (s *Store) GroupMemberLines(ctx context.Context, groupID int64, on data.Date) ([]data.MemberLine, error) {
	if on.IsZero() {
		return nil, data.Invalid("position.date", "required")
	}
	var out []data.MemberLine
	var mask bool
	err := s.readAs(ctx, data.ActPersonal, func(tx *sql.Tx, who actor) error {
		mask = !who.fullIDs()
		var err error
		out, err = queryRows(ctx, tx, func(rows *sql.Rows) (data.MemberLine, error) {
			bv, err := scanBorrowerView(rows)
			return data.MemberLine{BorrowerView: bv}, err
		}, borrowerViewSelect+` WHERE b.group_id = ? ORDER BY b.sort_key, b.id`, groupID)
		if err != nil {
			return err
		}
		if len(out) == 0 {
			return nil
		}
		group := sql.Named("group", groupID)
		figs, err := loanFigures(ctx, tx, "l.borrower_id",
			`l.borrower_id IN (SELECT id FROM borrowers WHERE group_id = :group)`, on, group)
		if err != nil {
			return err
		}
		savings := map[int64]data.Dong{}
		rows, err := tx.QueryContext(ctx, `SELECT x.borrower_id,
			coalesce(sum(CASE x.k WHEN 'deposit' THEN x.a WHEN 'savings_interest' THEN x.a WHEN 'withdraw' THEN -x.a END), 0)
			FROM (`+ledgerEffects+` WHERE e.loan_id IS NULL AND +e.value_date <= :on
				AND e.borrower_id IN (SELECT id FROM borrowers WHERE group_id = :group)) x
			GROUP BY x.borrower_id`, group, sql.Named("on", on.String()))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var bal data.Dong
			if err := rows.Scan(&id, &bal); err != nil {
				return err
			}
			savings[id] = bal
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for i := range out {
			fg := figs[out[i].ID]
			out[i].Outstanding, out[i].Overdue, out[i].Savings = fg.outstanding, fg.overdue, savings[out[i].ID]
		}
		return nil
	})
	if err == nil && mask {
		for i := range out {
			out[i].IDNumber = data.MaskID(out[i].IDNumber)
		}
	}
	return out, err
}
