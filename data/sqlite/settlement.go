package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"policycredit/data"
)

// The monthly settlement (data/settlement.go): groupMonths gathers each group's month from
// the ledger in one read snapshot; data.Settle computes; Settle keeps the result in the
// append-only tables of migration 0018, from which a settled month is always read back.

// groupMonths gathers the month m of every group of a commune (0: the office).
func groupMonths(ctx context.Context, tx *sql.Tx, m data.Month, communeID int64) ([]data.GroupMonth, error) {
	first, end := m.First(), m.End()
	prevEnd := first.AddDays(-1)
	rows, err := tx.QueryContext(ctx, `SELECT g.id, g.code, g.name, v.commune_id, c.code, g.association,
			coalesce((SELECT min(pv.point_id) FROM point_villages pv WHERE pv.village_id = g.village_id), 0),
			coalesce((SELECT b.name FROM borrowers b WHERE b.id = g.leader_id), ''), g.status = 'active'
		FROM savings_groups g JOIN villages v ON v.id = g.village_id JOIN communes c ON c.id = v.commune_id
		WHERE ?1 = 0 OR v.commune_id = ?1`, communeID)
	if err != nil {
		return nil, err
	}
	var gs []data.GroupMonth
	active := map[int64]bool{}
	index := map[int64]int{}
	for rows.Next() {
		var g data.GroupMonth
		var isActive bool
		if err := rows.Scan(&g.GroupID, &g.Code, &g.Name, &g.CommuneID, &g.Commune, &g.Association, &g.PointID, &g.Leader, &isActive); err != nil {
			rows.Close()
			return nil, err
		}
		index[g.GroupID] = len(gs)
		active[g.GroupID] = isActive
		gs = append(gs, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := groupLoanMonths(ctx, tx, first, prevEnd, end, communeID, gs, index); err != nil {
		return nil, err
	}
	if err := groupSavingsMonths(ctx, tx, prevEnd, end, gs, index); err != nil {
		return nil, err
	}
	if err := groupEntryCounts(ctx, tx, first, end, gs, index); err != nil {
		return nil, err
	}
	// A closed group with nothing left in the month is no longer settled.
	out := gs[:0]
	for _, g := range gs {
		if active[g.GroupID] || g.Outstanding != 0 || g.Entries != 0 || g.SavingsEnd != 0 || g.InterestToCollect != 0 {
			out = append(out, g)
		}
	}
	return out, nil
}

// groupLoanMonths runs the engine over every loan lent through the groups, on the day before
// the month and on its last day (and on each of its days for social housing, whose base is
// the average in-term balance), and adds each loan's month to its group.
func groupLoanMonths(ctx context.Context, tx *sql.Tx, first, prevEnd, end data.Date, communeID int64,
	gs []data.GroupMonth, index map[int64]int) error {
	// Loans that can owe something in the month: signed by its end, and not closed before it.
	where := ` WHERE l.signed_on <= ?1 AND NOT (l.status = 'closed' AND coalesce(lb.last_value_date, '') < ?2)
		AND l.group_id IN (SELECT g.id FROM savings_groups g JOIN villages gv ON gv.id = g.village_id
			WHERE ?3 = 0 OR gv.commune_id = ?3)`
	args := []any{end.String(), first.String(), communeID}
	books, ids, err := loadBooks(ctx, tx, bookQuery{from: scopeFrom + where, args: args, orderBy: `l.id`})
	if err != nil || len(books) == 0 {
		return err
	}
	days := []data.Date{prevEnd}
	for d := first; !d.After(end); d = d.AddDays(1) {
		days = append(days, d)
	}
	var mu sync.Mutex
	housingSums := map[int64]data.Dong{}
	pool := newBookPool(books, func(_ int, b data.Book) error {
		housing := b.Loan.ProgramCode == data.HousingProgram
		dates := []data.Date{prevEnd, end}
		if housing {
			dates = days
		}
		ps, err := data.PositionsOn(b, dates)
		if err != nil {
			return err
		}
		s, e := ps[0], ps[len(ps)-1]
		var g data.GroupMonth
		g.Outstanding, g.Overdue = e.Principal(), e.Overdue
		paid := e.InterestPaid - s.InterestPaid
		g.InterestPaid = paid
		// Due at the month's start, and what accrued in it beyond a credit paid ahead.
		g.InterestToCollect = max(s.InterestDue+max(e.InterestAccrued-s.InterestAccrued, 0)-s.InterestCredit, 0)
		g.PrincipalToCollect = s.Overdue
		for _, in := range s.Installments {
			if in.Status == data.InstDue && !in.Due.After(end) {
				g.PrincipalToCollect += max(in.Principal-in.Paid, 0)
			}
		}
		g.PrincipalPaid = min(max(e.Repaid-s.Repaid, 0), g.PrincipalToCollect)
		var housingSum data.Dong
		if housing {
			for _, p := range ps[1:] {
				housingSum += p.Current
			}
		} else {
			g.InterestCollected = max(paid, 0)
			if paid > 0 {
				g.PaidOutstanding = e.Principal()
			}
		}
		mu.Lock()
		defer mu.Unlock()
		i, ok := index[b.Loan.GroupID]
		if !ok {
			return nil
		}
		t := &gs[i]
		t.Outstanding += g.Outstanding
		t.Overdue += g.Overdue
		t.InterestPaid += g.InterestPaid
		t.InterestToCollect += g.InterestToCollect
		t.PrincipalToCollect += g.PrincipalToCollect
		t.PrincipalPaid += g.PrincipalPaid
		t.InterestCollected += g.InterestCollected
		t.PaidOutstanding += g.PaidOutstanding
		housingSums[b.Loan.GroupID] += housingSum
		return nil
	})
	if err := pool.run(ctx, tx, scopeFrom+where, args, ids); err != nil {
		return err
	}
	n := uint64(len(days) - 1)
	for id, sum := range housingSums {
		gs[index[id]].HousingAverage = data.MulDivRound(sum, 1, n)
	}
	return nil
}

// groupSavingsMonths adds the savings balances of the groups' households (those in the group
// now) on the day before the month and on its last day, the members and the savers.
func groupSavingsMonths(ctx context.Context, tx *sql.Tx, prevEnd, end data.Date, gs []data.GroupMonth, index map[int64]int) error {
	later := map[int64][2]data.Dong{} // effects dated after prevEnd, after end
	rows, err := tx.QueryContext(ctx, `SELECT e.borrower_id,
			coalesce(sum(`+savingsEffect+`), 0),
			coalesce(sum(CASE WHEN e.value_date > ?2 THEN `+savingsEffect+` ELSE 0 END), 0)
		FROM entries e LEFT JOIN entries o ON o.id = e.reverses
		WHERE e.value_date > ?1 AND e.loan_id IS NULL GROUP BY e.borrower_id`, prevEnd.String(), end.String())
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, a, b int64
		if err := rows.Scan(&id, &a, &b); err != nil {
			rows.Close()
			return err
		}
		later[id] = [2]data.Dong{data.Dong(a), data.Dong(b)}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = tx.QueryContext(ctx, `SELECT b.id, b.group_id, b.active, coalesce(sb.balance, 0)
		FROM borrowers b LEFT JOIN savings_balances sb ON sb.borrower_id = b.id WHERE b.group_id IS NOT NULL`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, group, kept int64
		var isActive bool
		if err := rows.Scan(&id, &group, &isActive, &kept); err != nil {
			return err
		}
		i, ok := index[group]
		if !ok {
			continue
		}
		l := later[id]
		before, atEnd := data.Dong(kept)-l[0], data.Dong(kept)-l[1]
		g := &gs[i]
		g.SavingsBefore += before
		g.SavingsEnd += atEnd
		if isActive {
			g.Members++
			if atEnd > 0 {
				g.Savers++
			}
		}
	}
	return rows.Err()
}

// groupEntryCounts counts the month's repayments and savings movements of each group that
// still stand, and those made at the commune point: posted in a transaction-day batch, or
// dated on the fixed day of a point serving the group's village.
func groupEntryCounts(ctx context.Context, tx *sql.Tx, first, end data.Date, gs []data.GroupMonth, index map[int64]int) error {
	rows, err := tx.QueryContext(ctx, `SELECT g.id, count(*),
			count(*) FILTER (WHERE e.ref <> '' AND EXISTS (SELECT 1 FROM collection_batches cb WHERE cb.ref = e.ref)
				OR EXISTS (SELECT 1 FROM point_villages pv JOIN points p ON p.id = pv.point_id
					WHERE pv.village_id = g.village_id AND p.day = CAST(substr(e.value_date, 9, 2) AS INTEGER)))
		FROM entries e LEFT JOIN loans l ON l.id = e.loan_id JOIN borrowers b ON b.id = e.borrower_id
		JOIN savings_groups g ON g.id = coalesce(l.group_id, b.group_id)
		WHERE e.value_date >= ?1 AND e.value_date <= ?2
			AND (e.kind = 'interest' OR e.kind = 'principal' OR e.kind = 'penalty' OR e.kind = 'deposit' OR e.kind = 'withdraw')
			AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id)
		GROUP BY g.id`, first.String(), end.String())
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var group sql.NullInt64
		var n, onSite int
		if err := rows.Scan(&group, &n, &onSite); err != nil {
			return err
		}
		if i, ok := index[group.Int64]; ok && group.Valid {
			gs[i].Entries += n
			gs[i].OnSite += onSite
		}
	}
	return rows.Err()
}

// computeSettlement gathers and computes a month not settled, within tx.
func computeSettlement(ctx context.Context, tx *sql.Tx, m data.Month, communeID int64) (data.Settlement, error) {
	set, err := loadSettings(ctx, tx)
	if err != nil {
		return data.Settlement{}, err
	}
	gs, err := groupMonths(ctx, tx, m, communeID)
	if err != nil {
		return data.Settlement{}, err
	}
	return data.Settle(m, set.SettlementRulesOn(m.End()), gs), nil
}

// standingSettlement is the ID of the month's settlement not reversed; 0: none.
func standingSettlement(ctx context.Context, tx *sql.Tx, m data.Month) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM settlements s WHERE month = ?
		AND NOT EXISTS (SELECT 1 FROM settlement_reversals r WHERE r.settlement_id = s.id)`, m.String()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// MonthSettlement reads the month's standing settlement, else computes it as it would be
// settled now.
func (s *Store) MonthSettlement(ctx context.Context, m data.Month, communeID int64) (data.Settlement, error) {
	var out data.Settlement
	err := s.read(ctx, func(tx *sql.Tx) error {
		id, err := standingSettlement(ctx, tx, m)
		if err != nil {
			return err
		}
		if id == 0 {
			out, err = computeSettlement(ctx, tx, m, communeID)
			return err
		}
		out, err = loadSettlement(ctx, tx, id, communeID)
		return err
	})
	return out, err
}

// settledRules is what a settlement keeps of the rules it applied.
type settledRules struct {
	Rules data.SettlementRules
}

// Settle computes the month and keeps it, once.
func (s *Store) Settle(ctx context.Context, m data.Month) (data.Settlement, error) {
	var out data.Settlement
	err := s.write(ctx, data.ActSettle, func(tx *sql.Tx, st stamp) error {
		if m.IsZero() {
			return data.Invalid("settlement.month", "required")
		}
		set, err := loadSettings(ctx, tx)
		if err != nil {
			return err
		}
		if working := set.WorkingDay(st.today); !m.End().Before(working) {
			return data.Invalid("settlement.month", "month_not_over", "Month", m.String())
		}
		if id, err := standingSettlement(ctx, tx, m); err != nil {
			return err
		} else if id != 0 {
			return data.Conflict("settlement.month", "already_settled", "Month", m.String())
		}
		calc, err := computeSettlement(ctx, tx, m, 0)
		if err != nil {
			return err
		}
		rules, err := json.Marshal(settledRules{calc.Rules})
		if err != nil {
			return err
		}
		id, err := insertID(ctx, tx, `INSERT INTO settlements (month, rules, fees, commissions, settled_at, settled_by)
			VALUES (?, ?, ?, ?, ?, ?)`, m.String(), string(rules), int64(calc.FeeTotal()), int64(calc.CommissionTotal()), st.at, st.user)
		if err != nil {
			return err
		}
		for _, f := range calc.Fees {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settlement_fees (settlement_id, commune_id, commune, association,
					point_id, base_kind, base, rate, outstanding, overdue, band_percent, housing_base, housing_rate, housing_fee,
					fee, level_commune, level_district, level_province, level_central, groups)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				id, f.CommuneID, f.Commune, f.Association, f.PointID, string(f.BaseKind), int64(f.Base), int64(f.Rate),
				int64(f.Outstanding), int64(f.Overdue), f.BandPercent, int64(f.HousingBase), int64(f.HousingRate),
				int64(f.HousingFee), int64(f.Fee), int64(f.Levels[0]), int64(f.Levels[1]), int64(f.Levels[2]),
				int64(f.Levels[3]), f.Groups); err != nil {
				return err
			}
		}
		for i, c := range calc.Commissions {
			sc := calc.Scores[i]
			if _, err := tx.ExecContext(ctx, `INSERT INTO settlement_groups (settlement_id, group_id, code, name, leader,
					commune_id, commune, association, point_id, base_kind, base, rate, savings_base, savings_rate,
					housing_base, housing_rate, interest_bp, withheld, commission, points, max_points, ratios,
					savings_change, total, band)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				id, c.GroupID, c.Code, c.Name, c.Leader, c.CommuneID, c.Commune, c.Association, c.PointID,
				string(c.BaseKind), int64(c.Base), int64(c.Rate), int64(c.SavingsBase), int64(c.SavingsRate),
				int64(c.HousingBase), int64(c.HousingRate), c.InterestBP, c.Withheld, int64(c.Commission),
				joinInt64s(sc.Points[:]), joinInt64s(sc.Max[:]), joinInt64s(sc.Ratios[:]), int64(sc.SavingsChange),
				sc.Total, string(sc.Band)); err != nil {
				return err
			}
		}
		if err := audit(ctx, tx, st, "settlement", m.String(), "create", nil, map[string]any{
			"month": m.String(), "fees": calc.FeeTotal(), "commissions": calc.CommissionTotal(), "groups": len(calc.Scores)}); err != nil {
			return err
		}
		out, err = loadSettlement(ctx, tx, id, 0)
		return err
	})
	return out, err
}

func joinInt64s(v []int64) string {
	parts := make([]string, len(v))
	for i, n := range v {
		parts[i] = strconv.FormatInt(n, 10)
	}
	return strings.Join(parts, ",")
}

func splitInt64s(s string, dst []int64) {
	for i, p := range strings.Split(s, ",") {
		if i < len(dst) {
			dst[i], _ = strconv.ParseInt(p, 10, 64)
		}
	}
}

// loadSettlement reads a kept settlement, its rows of a commune (0: all).
func loadSettlement(ctx context.Context, tx *sql.Tx, id, communeID int64) (data.Settlement, error) {
	var out data.Settlement
	var month, rules, at string
	err := tx.QueryRowContext(ctx, `SELECT month, rules, settled_at, settled_by FROM settlements WHERE id = ?`, id).
		Scan(&month, &rules, &at, &out.SettledBy)
	if err != nil {
		return out, err
	}
	if out.Month, err = data.ParseMonth(month); err != nil {
		return out, err
	}
	var kept settledRules
	if err := json.Unmarshal([]byte(rules), &kept); err != nil {
		return out, fmt.Errorf("settlement %d rules: %w", id, err)
	}
	out.Rules, out.Settled, out.ID = kept.Rules, true, id
	out.SettledAt, _ = time.Parse(time.RFC3339, at)

	rows, err := tx.QueryContext(ctx, `SELECT commune_id, commune, association, point_id, base_kind, base, rate,
			outstanding, overdue, band_percent, housing_base, housing_rate, housing_fee, fee,
			level_commune, level_district, level_province, level_central, groups
		FROM settlement_fees WHERE settlement_id = ?1 AND (?2 = 0 OR commune_id = ?2)`, id, communeID)
	if err != nil {
		return out, err
	}
	for rows.Next() {
		var f data.AssociationFee
		var kind string
		var v [13]int64
		if err := rows.Scan(&f.CommuneID, &f.Commune, &f.Association, &f.PointID, &kind, &v[0], &v[1], &v[2], &v[3],
			&f.BandPercent, &v[4], &v[5], &v[6], &v[7], &v[8], &v[9], &v[10], &v[11], &f.Groups); err != nil {
			rows.Close()
			return out, err
		}
		f.BaseKind, f.Base, f.Rate, f.Outstanding, f.Overdue = data.SettlementBase(kind), data.Dong(v[0]), data.Rate(v[1]), data.Dong(v[2]), data.Dong(v[3])
		f.HousingBase, f.HousingRate, f.HousingFee, f.Fee = data.Dong(v[4]), data.Rate(v[5]), data.Dong(v[6]), data.Dong(v[7])
		f.Levels = [4]data.Dong{data.Dong(v[8]), data.Dong(v[9]), data.Dong(v[10]), data.Dong(v[11])}
		f.OverdueBP = data.RatioBasisPoints(f.Overdue, f.Outstanding)
		out.Fees = append(out.Fees, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	data.SortFees(out.Fees)

	groups, err := loadSettledGroups(ctx, tx, `sg.settlement_id = ?1 AND (?2 = 0 OR sg.commune_id = ?2)`, id, communeID)
	if err != nil {
		return out, err
	}
	for _, g := range groups {
		out.Commissions = append(out.Commissions, g.commission)
		out.Scores = append(out.Scores, g.score)
	}
	return out, nil
}

type settledGroup struct {
	commission data.GroupCommission
	score      data.GroupScore
}

// loadSettledGroups reads settlement_groups rows sg (joined to their settlement s) that where
// selects, with the latest decision of each, by commune code then group code (newest month
// first within a group).
func loadSettledGroups(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]settledGroup, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.month, sg.group_id, sg.code, sg.name, sg.leader, sg.commune_id, sg.commune,
			sg.association, sg.point_id, sg.base_kind, sg.base, sg.rate, sg.savings_base, sg.savings_rate, sg.housing_base,
			sg.housing_rate, sg.interest_bp, sg.withheld, sg.commission, sg.points, sg.max_points, sg.ratios,
			sg.savings_change, sg.total, sg.band,
			coalesce(d.rating, ''), coalesce(d.override, 0), coalesce(d.reason, ''), coalesce(d.decided_at, ''), coalesce(d.decided_by, '')
		FROM settlement_groups sg JOIN settlements s ON s.id = sg.settlement_id
		LEFT JOIN rating_decisions d ON d.id = (SELECT max(x.id) FROM rating_decisions x
			WHERE x.settlement_id = sg.settlement_id AND x.group_id = sg.group_id)
		WHERE `+where+` ORDER BY sg.commune, sg.code, s.month DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []settledGroup
	for rows.Next() {
		var g settledGroup
		c, sc := &g.commission, &g.score
		var month, kind, points, maxPoints, ratios, band, rating, reason, at, by string
		var v [9]int64
		var override bool
		if err := rows.Scan(&month, &c.GroupID, &c.Code, &c.Name, &c.Leader, &c.CommuneID, &c.Commune, &c.Association,
			&c.PointID, &kind, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &c.InterestBP, &c.Withheld, &v[6],
			&points, &maxPoints, &ratios, &v[7], &sc.Total, &band, &rating, &override, &reason, &at, &by); err != nil {
			return nil, err
		}
		c.BaseKind, c.Base, c.Rate = data.SettlementBase(kind), data.Dong(v[0]), data.Rate(v[1])
		c.SavingsBase, c.SavingsRate, c.HousingBase, c.HousingRate = data.Dong(v[2]), data.Rate(v[3]), data.Dong(v[4]), data.Rate(v[5])
		c.Commission = data.Dong(v[6])
		m, err := data.ParseMonth(month)
		if err != nil {
			return nil, err
		}
		sc.GroupID, sc.Code, sc.Name, sc.CommuneID, sc.Commune, sc.Association, sc.Month = c.GroupID, c.Code, c.Name, c.CommuneID, c.Commune, c.Association, m
		splitInt64s(points, sc.Points[:])
		splitInt64s(maxPoints, sc.Max[:])
		splitInt64s(ratios, sc.Ratios[:])
		sc.SavingsChange, sc.Band = data.Dong(v[7]), data.Rating(band)
		if rating != "" {
			sc.Decision = data.RatingDecision{GroupID: c.GroupID, Month: m, Rating: data.Rating(rating), Override: override,
				Reason: reason, User: by}
			sc.Decision.At, _ = time.Parse(time.RFC3339, at)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// ReverseSettlement cancels the month's standing settlement. What it settled must not have
// been paid beyond what the other standing settlements owe each payee: no amount owed may
// become negative.
func (s *Store) ReverseSettlement(ctx context.Context, m data.Month, reason string) error {
	reason = strings.TrimSpace(data.NFC(reason))
	return s.write(ctx, data.ActSettle, func(tx *sql.Tx, st stamp) error {
		if reason == "" {
			return data.Invalid("settlement.reason", "required")
		}
		if err := data.ValidateOptionalText("settlement.reason", reason, 500); err != nil {
			return err
		}
		id, err := standingSettlement(ctx, tx, m)
		if err != nil {
			return err
		}
		if id == 0 {
			return data.Invalid("settlement.month", "not_settled", "Month", m.String())
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO settlement_reversals (settlement_id, reason, reversed_at, reversed_by)
			VALUES (?, ?, ?, ?)`, id, reason, st.at, st.user); err != nil {
			return err
		}
		var overpaid int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (`+payeeBalances+`) balances WHERE paid > settled`).Scan(&overpaid); err != nil {
			return err
		}
		if overpaid > 0 {
			return data.Conflict("settlement.month", "settlement_paid", "Month", m.String(), "Count", overpaid)
		}
		return audit(ctx, tx, st, "settlement", m.String(), "reverse", nil, map[string]any{"month": m.String(), "reason": reason})
	})
}

// payeeBalances is, for every payee, what the standing settlements owe it (settled) and what
// was paid to it (payments not reversed), whatever the dates.
const payeeBalances = `SELECT kind, key1, key2, sum(settled) AS settled, sum(paid) AS paid FROM (
	SELECT 'group' AS kind, sg.group_id AS key1, '' AS key2, sg.commission AS settled, 0 AS paid
	FROM settlement_groups sg JOIN settlements s ON s.id = sg.settlement_id
	WHERE NOT EXISTS (SELECT 1 FROM settlement_reversals r WHERE r.settlement_id = s.id)
	UNION ALL
	SELECT 'association', sf.commune_id, sf.association, sf.level_commune, 0
	FROM settlement_fees sf JOIN settlements s ON s.id = sf.settlement_id
	WHERE NOT EXISTS (SELECT 1 FROM settlement_reversals r WHERE r.settlement_id = s.id)
	UNION ALL
	SELECT p.kind, coalesce(p.group_id, p.commune_id), coalesce(p.association, ''), 0, p.amount
	FROM settlement_payments p
	WHERE p.reverses IS NULL AND NOT EXISTS (SELECT 1 FROM settlement_payments r WHERE r.reverses = p.id)
) owed GROUP BY kind, key1, key2`

// Settlements lists every settlement, newest month first.
func (s *Store) Settlements(ctx context.Context) ([]data.SettlementInfo, error) {
	var out []data.SettlementInfo
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT s.id, s.month, s.settled_at, s.settled_by, s.fees, s.commissions,
				coalesce(r.reversed_at, ''), coalesce(r.reversed_by, ''), coalesce(r.reason, ''), r.settlement_id IS NOT NULL
			FROM settlements s LEFT JOIN settlement_reversals r ON r.settlement_id = s.id
			ORDER BY s.month DESC, s.id DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var i data.SettlementInfo
			var month, at, rat string
			var fees, comm int64
			if err := rows.Scan(&i.ID, &month, &at, &i.SettledBy, &fees, &comm, &rat, &i.ReversedBy, &i.ReversedReason, &i.Reversed); err != nil {
				return err
			}
			if i.Month, err = data.ParseMonth(month); err != nil {
				return err
			}
			i.Fees, i.Commissions = data.Dong(fees), data.Dong(comm)
			i.SettledAt, _ = time.Parse(time.RFC3339, at)
			i.ReversedAt, _ = time.Parse(time.RFC3339, rat)
			out = append(out, i)
		}
		return rows.Err()
	})
	return out, err
}

// GroupScores lists a group's standing settled scores, newest month first.
func (s *Store) GroupScores(ctx context.Context, groupID int64) ([]data.GroupScore, error) {
	var out []data.GroupScore
	err := s.read(ctx, func(tx *sql.Tx) error {
		gs, err := loadSettledGroups(ctx, tx, `sg.group_id = ?1
			AND NOT EXISTS (SELECT 1 FROM settlement_reversals r WHERE r.settlement_id = s.id)`, groupID)
		for _, g := range gs {
			out = append(out, g.score)
		}
		return err
	})
	return out, err
}

// DecideRating confirms or overrides a settled month's computed rating. A December decision
// is the group's rating of that year.
func (s *Store) DecideRating(ctx context.Context, d data.RatingDecision) error {
	return s.write(ctx, data.ActGroups, func(tx *sql.Tx, st stamp) error {
		id, err := standingSettlement(ctx, tx, d.Month)
		if err != nil {
			return err
		}
		if id == 0 {
			return data.Invalid("rating.month", "not_settled", "Month", d.Month.String())
		}
		var band string
		err = tx.QueryRowContext(ctx, `SELECT band FROM settlement_groups WHERE settlement_id = ? AND group_id = ?`, id, d.GroupID).Scan(&band)
		if errors.Is(err, sql.ErrNoRows) {
			return data.NotFound("rating.group", "ID", d.GroupID)
		}
		if err != nil {
			return err
		}
		if err := d.Validate(data.Rating(band)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO rating_decisions (settlement_id, group_id, rating, override, reason, decided_at, decided_by)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, d.GroupID, string(d.Rating), d.Override, d.Reason, st.at, st.user); err != nil {
			return err
		}
		action := "confirm"
		if d.Override {
			action = "override"
		}
		if err := audit(ctx, tx, st, "group_rating_month", idString(d.GroupID), action, map[string]any{"month": d.Month.String(), "computed": band},
			map[string]any{"month": d.Month.String(), "rating": d.Rating, "reason": d.Reason}); err != nil {
			return err
		}
		if d.Month.Month == time.December {
			return rateGroupTx(ctx, tx, st, data.GroupRating{GroupID: d.GroupID, Year: d.Month.Year, Rating: d.Rating})
		}
		return nil
	})
}

// settledRating is the SQL of a group g's latest standing settled month up to month (an SQL
// expression, YYYY-MM), as "rating YYYY-MM": the rating decided, else the computed band; NULL
// when no month is settled.
func settledRating(month string) string {
	return `(SELECT coalesce((SELECT d.rating FROM rating_decisions d WHERE d.settlement_id = sg.settlement_id
			AND d.group_id = sg.group_id ORDER BY d.id DESC LIMIT 1), sg.band) || ' ' || s.month
		FROM settlement_groups sg JOIN settlements s ON s.id = sg.settlement_id
		WHERE sg.group_id = g.id AND s.month <= ` + month + `
			AND NOT EXISTS (SELECT 1 FROM settlement_reversals r WHERE r.settlement_id = s.id)
		ORDER BY s.month DESC LIMIT 1)`
}

// parseSettledRating reads settledRating's text.
func parseSettledRating(s string) (data.Rating, data.Month, bool) {
	r, month, ok := strings.Cut(s, " ")
	if !ok {
		return "", data.Month{}, false
	}
	m, err := data.ParseMonth(month)
	return data.Rating(r), m, err == nil
}

// lastSettleableMonth is the last month over on date on: its own when on is its last day.
func lastSettleableMonth(on data.Date) data.Month {
	m := data.MonthOf(on)
	if on == m.End() {
		return m
	}
	return m.Prev()
}
