package sqlite

import (
	"context"
	"database/sql"
	"time"

	"policycredit/data"
)

// loadRulePeriods reads every dated rule's periods, by rule and effective date.
func loadRulePeriods(ctx context.Context, tx *sql.Tx) (data.Rules, error) {
	rows, err := tx.QueryContext(ctx, `SELECT rule_key, effective, value FROM rule_periods ORDER BY rule_key, effective`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out data.Rules
	for rows.Next() {
		var p data.RulePeriod
		var key, eff string
		if err := rows.Scan(&key, &eff, &p.Value); err != nil {
			return nil, err
		}
		p.Key = data.RuleKey(key)
		if p.Effective, err = parseDate(eff); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out.Sorted(), nil
}

// RulePeriods returns the dated rules with their periods, in the order Settings shows them.
func (s *Store) RulePeriods(ctx context.Context) (data.Rules, error) {
	var out data.Rules
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = loadRulePeriods(ctx, tx)
		return err
	})
	return out, err
}

// AddRulePeriod adds a dated value of a rule, from its effective date on (a period on a date
// that already has one replaces its value). It may be dated before entries already posted:
// interest paid beyond what the new rule makes due becomes a credit on the loan, never a
// negative amount due. It may be dated ahead of today, as decisions are announced before
// they apply. Audited with the value in force before.
func (s *Store) AddRulePeriod(ctx context.Context, p data.RulePeriod) error {
	if err := p.Validate(); err != nil {
		return err
	}
	c, fn := s.rulePeriodChange(p)
	return s.change(ctx, c, fn)
}

func init() { registerReplay("AddRulePeriod", (*Store).rulePeriodChange) }

// rulePeriodChange is a dated rule change; the approver reads the rule's periods before and
// after.
func (s *Store) rulePeriodChange(p data.RulePeriod) (change, txFunc) {
	describe := func(ctx context.Context, tx *sql.Tx) (any, error) {
		rules, err := loadRulePeriods(ctx, tx)
		return rules.Periods(p.Key), err
	}
	return change{action: data.ActRules, method: "AddRulePeriod", args: p, subject: string(p.Key) + " " + p.Effective.String(), describe: describe}, func(ctx context.Context, tx *sql.Tx, st stamp) error {
		if err := checkRulePeriod(ctx, tx, p); err != nil {
			return err
		}
		rules, err := loadRulePeriods(ctx, tx)
		if err != nil {
			return err
		}
		var before any // the period in force on that date until now, if any
		action := "create"
		for _, x := range rules.Periods(p.Key) {
			if x.Effective.After(p.Effective) {
				break
			}
			before = x
			if x.Effective.Equal(p.Effective) {
				if x.Value == p.Value {
					return nil // the same period again: nothing changes
				}
				action = "update"
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO rule_periods (rule_key, effective, value, created_at, created_by, updated_at, updated_by)
			VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5)
			ON CONFLICT (rule_key, effective) DO UPDATE SET value = excluded.value,
				updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			string(p.Key), p.Effective.String(), p.Value, st.at, st.user); err != nil {
			return err
		}
		if err := audit(ctx, tx, st, "rule_period", string(p.Key)+"@"+p.Effective.String(), action, before, p); err != nil {
			return err
		}
		return newLedger(ctx, tx, st).refreshSettledStatuses("", p.Effective)
	}
}

// checkRulePeriod is the one place a rule period write is checked against the office's
// state before it is written (closed months will refuse periods dated in them here).
func checkRulePeriod(ctx context.Context, tx *sql.Tx, p data.RulePeriod) error {
	if err := p.Validate(); err != nil {
		return err
	}
	// A rule dated in a closed month would rewrite what its signed reports say is owed.
	return refuseClosed(ctx, tx, p.Effective, "settings.rule_from")
}

// RulePeriodImpact counts what a new period of a rule from date from would change: for the
// loan rules, the loans still active or with entries on or after that date; for the savings
// rate, the households with savings entries.
func (s *Store) RulePeriodImpact(ctx context.Context, key data.RuleKey, from data.Date) (int, error) {
	var n int
	err := s.read(ctx, func(tx *sql.Tx) error {
		if data.IsSettlementRule(key) {
			// A settlement rule changes no loan: it applies to every group's months settled
			// from then on.
			return tx.QueryRowContext(ctx, `SELECT count(*) FROM savings_groups WHERE status = 'active'`).Scan(&n)
		}
		if key == data.RuleSavingsRate {
			return tx.QueryRowContext(ctx, `SELECT count(DISTINCT borrower_id) FROM entries WHERE loan_id IS NULL`).Scan(&n)
		}
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM loans l WHERE l.status = 'active'
			OR EXISTS (SELECT 1 FROM entries e WHERE e.loan_id = l.id AND e.value_date >= ?)`, from.String()).Scan(&n)
	})
	return n, err
}

// negativeDue is data.NegativeDue; a test swaps it to show that check reports what it finds.
var negativeDue = data.NegativeDue

// checkDues tries every loan of one part on each month end of its life and today: no amount
// of interest or penalty due may ever be negative. The loans, in contract order, are cut into
// parts of about equal size (part counts from 0), so that several can be checked side by side
// and their problems, put end to end, stay in contract order.
func checkDues(ctx context.Context, tx *sql.Tx, part, parts int) ([]*data.Error, error) {
	var ids []int64
	rows, err := tx.QueryContext(ctx, `SELECT id FROM (SELECT id, contract, ntile(?) OVER (ORDER BY contract) AS part FROM loans) parts
		WHERE part = ? ORDER BY contract`, parts, part+1)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var problems []*data.Error
	// A thousand loans' books at a time keep a district office's ledger out of memory.
	for len(ids) > 0 {
		n := min(len(ids), 1000)
		more, err := checkDuesOf(ctx, tx, ids[:n])
		if err != nil {
			return nil, err
		}
		problems = append(problems, more...)
		ids = ids[n:]
	}
	return problems, nil
}

// checkDuesOf is checkDues for some loans.
func checkDuesOf(ctx context.Context, tx *sql.Tx, ids []int64) ([]*data.Error, error) {
	// Every entry, whatever its date: "9999-12-31" stands in for the date entries are read up to.
	books, _, err := loadBooks(ctx, tx, bookQuery{from: ` FROM loans l WHERE l.id IN (` + idList(ids) + `) AND ?1 <> ''`,
		args: []any{"9999-12-31"}, orderBy: `l.contract`, entries: entriesPacked})
	if err != nil {
		return nil, err
	}
	var problems []*data.Error
	for i := range books {
		b := &books[i]
		today := b.Settings.WorkingDate
		if today.IsZero() {
			today = data.DateOf(time.Now())
		}
		d, bad, err := negativeDue(*b, data.DueCheckDates(*b, today))
		if err != nil {
			problems = append(problems, data.Invalid("loan", "check_position", "Contract", b.Loan.Contract, "Date", d))
			continue
		}
		if bad {
			problems = append(problems, data.Invalid("loan", "check_negative_due", "Contract", b.Loan.Contract, "Date", d))
		}
	}
	return problems, nil
}
