package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"policycredit/data"
)

// ledgerEffects is every entry with the kind and signed amount it adds to the balances: a
// reversal takes back the entry it names, a reversal of a reversal adds nothing (its kind stays
// 'reversal', which no column sums), as in the engine and effectOf.
const ledgerEffects = `SELECT e.loan_id AS loan_id, e.borrower_id AS borrower_id, e.value_date AS value_date,
		coalesce(o.kind, e.kind) AS k,
		CASE WHEN e.reverses IS NULL THEN e.amount ELSE -o.amount END AS a
	FROM entries e LEFT JOIN entries o ON o.id = e.reverses`

// ledgerLoanSums is the loan_balances row of every loan as the ledger has it.
var ledgerLoanSums = `SELECT l.id AS loan_id,
		coalesce(x.disbursed, 0) AS disbursed, coalesce(x.principal_repaid, 0) AS principal_repaid,
		coalesce(x.interest_paid, 0) AS interest_paid, coalesce(x.penalty_paid, 0) AS penalty_paid,
		coalesce(x.frozen, 0) AS frozen, coalesce(x.written_off, 0) AS written_off,
		coalesce(x.entries, 0) AS entries, coalesce(x.last_value_date, '') AS last_value_date
	FROM loans l LEFT JOIN (
		SELECT loan_id,
			` + sumMoving(data.BalDisbursed) + ` AS disbursed,
			` + sumMoving(data.BalRepaid) + ` AS principal_repaid,
			` + sumMoving(data.BalInterest) + ` AS interest_paid,
			` + sumMoving(data.BalPenalty) + ` AS penalty_paid,
			` + sumMoving(data.BalFrozen) + ` AS frozen,
			` + sumMoving(data.BalWrittenOff) + ` AS written_off,
			count(*) AS entries, max(value_date) AS last_value_date
		FROM (` + ledgerEffects + ` WHERE e.loan_id IS NOT NULL) effects
		GROUP BY loan_id) x ON x.loan_id = l.id`

// ledgerSavingsSums is each household's savings balance as the ledger has it.
var ledgerSavingsSums = `SELECT borrower_id, ` + sumMoving(data.BalSavings) + ` AS balance
	FROM (` + ledgerEffects + ` WHERE e.loan_id IS NULL) effects
	GROUP BY borrower_id`

// sumMoving sums the signed amounts a of ledgerEffects rows whose kind k moves the balance,
// each kind with its sign, from data.Kinds.
func sumMoving(b data.Balance) string {
	var sb strings.Builder
	sb.WriteString(`sum(CASE k`)
	for _, k := range data.Kinds {
		if k.Moves != b {
			continue
		}
		sign := ""
		if k.Sign < 0 {
			sign = "-"
		}
		fmt.Fprintf(&sb, ` WHEN '%s' THEN %sa`, k.Kind, sign)
	}
	sb.WriteString(` ELSE 0 END)`)
	return sb.String()
}

// loanEffect is the signed principal an entry e (with o, the entry it reverses) adds to a
// loan's outstanding balance, as ledgerEffects and the engine count it.
var loanEffect = effectCase(data.LoanLedger)

// savingsEffect is the same for a savings balance.
var savingsEffect = effectCase(data.SavingsLedger)

// effectCase is the SQL of the signed amount an entry e (with o, the entry it reverses) adds
// to the running balance of a ledger (data.KindInfo.BalanceEffect); a reversal takes back its
// entry's, and a reversal of a reversal adds nothing.
func effectCase(ledger data.Ledger) string {
	var own, back strings.Builder
	for _, k := range data.Kinds {
		if k.Ledger != ledger || k.BalanceEffect(1) == 0 {
			continue
		}
		sign, undo := "", "-"
		if k.BalanceEffect(1) < 0 {
			sign, undo = "-", ""
		}
		fmt.Fprintf(&own, ` WHEN '%s' THEN %se.amount`, k.Kind, sign)
		fmt.Fprintf(&back, ` WHEN '%s' THEN %so.amount`, k.Kind, undo)
	}
	return `CASE WHEN e.reverses IS NULL THEN CASE e.kind` + own.String() + ` ELSE 0 END
	ELSE CASE o.kind` + back.String() + ` ELSE 0 END END`
}

// principalKinds is the SQL list of the kinds that move a loan's principal outstanding.
func principalKinds() string {
	var names []string
	for _, k := range data.Kinds {
		if k.Ledger == data.LoanLedger && k.BalanceEffect(1) != 0 {
			names = append(names, `'`+string(k.Kind)+`'`)
		}
	}
	return strings.Join(names, ", ")
}

// yearBucket is the loan_year_effects year of an entry's value date (as yearOf in Go): an entry
// dated 1 January counts in the year before, since the balance on 1 January includes it.
const yearBucket = `(CAST(substr(e.value_date, 1, 4) AS INTEGER) - CASE WHEN substr(e.value_date, 5) = '-01-01' THEN 1 ELSE 0 END)`

// yearOf is the loan_year_effects year of a value date.
func yearOf(d data.Date) int {
	if d.Month() == 1 && d.Day() == 1 {
		return d.Year() - 1
	}
	return d.Year()
}

// ledgerYearEffects is every non-zero loan_year_effects row as the ledger has it: the
// principal effect (loanEffect) of each loan's entries summed per year.
var ledgerYearEffects = `SELECT loan_id, year, effect FROM (
		SELECT e.loan_id AS loan_id, ` + yearBucket + ` AS year, sum(` + loanEffect + `) AS effect
		FROM entries e LEFT JOIN entries o ON o.id = e.reverses
		WHERE e.loan_id IS NOT NULL AND e.kind IN (` + principalKinds() + `, 'reversal')
		GROUP BY 1, 2) effects
	WHERE effect <> 0`

// balanceColumns are the loan_balances columns compared with the ledger.
var balanceColumns = []string{"disbursed", "principal_repaid", "interest_paid", "penalty_paid", "frozen",
	"written_off", "entries", "last_value_date"}

// writeLoanBalances makes loan_balances equal to the ledger and returns the number of rows it
// inserted or corrected.
func writeLoanBalances(ctx context.Context, tx *sql.Tx) (int, error) {
	differ := ""
	for i, c := range balanceColumns {
		if i > 0 {
			differ += " OR "
		}
		differ += fmt.Sprintf("loan_balances.%s IS DISTINCT FROM excluded.%s", c, c)
	}
	set := ""
	for i, c := range balanceColumns {
		if i > 0 {
			set += ", "
		}
		set += fmt.Sprintf("%s = excluded.%s", c, c)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO loan_balances (loan_id, disbursed, principal_repaid, interest_paid, penalty_paid,
		frozen, written_off, entries, last_value_date)
		SELECT * FROM (`+ledgerLoanSums+`) sums WHERE true
		ON CONFLICT (loan_id) DO UPDATE SET `+set+` WHERE `+differ)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// writeSavingsBalances makes savings_balances equal to the ledger and returns the number of
// rows it inserted or corrected.
func writeSavingsBalances(ctx context.Context, tx *sql.Tx) (int, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO savings_balances (borrower_id, balance)
		SELECT borrower_id, balance FROM (`+ledgerSavingsSums+`) sums WHERE true
		ON CONFLICT (borrower_id) DO UPDATE SET balance = excluded.balance
		WHERE savings_balances.balance IS DISTINCT FROM excluded.balance`)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	// A stored balance of a household with no savings entries at all.
	res, err = tx.ExecContext(ctx, `UPDATE savings_balances SET balance = 0 WHERE balance <> 0 AND NOT EXISTS
		(SELECT 1 FROM entries e WHERE e.loan_id IS NULL AND e.borrower_id = savings_balances.borrower_id)`)
	if err != nil {
		return 0, err
	}
	m, err := res.RowsAffected()
	return int(n + m), err
}

// writeYearEffects makes loan_year_effects equal to the ledger and returns the number of rows
// it inserted or corrected. A stored row of 0 where the ledger has none is left: both mean 0.
func writeYearEffects(ctx context.Context, tx *sql.Tx) (int, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO loan_year_effects (loan_id, year, effect)
		SELECT loan_id, year, effect FROM (`+ledgerYearEffects+`) effects WHERE true
		ON CONFLICT (loan_id, year) DO UPDATE SET effect = excluded.effect
		WHERE loan_year_effects.effect IS DISTINCT FROM excluded.effect`)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	res, err = tx.ExecContext(ctx, `DELETE FROM loan_year_effects WHERE effect <> 0
		AND (loan_id, year) NOT IN (SELECT loan_id, year FROM (`+ledgerYearEffects+`) effects)`)
	if err != nil {
		return 0, err
	}
	m, err := res.RowsAffected()
	return int(n + m), err
}

// RebuildBalances recomputes loan_balances, loan_year_effects and savings_balances from the
// ledger and drops the Overview's month-end snapshots, in one transaction, and returns how
// many balance rows it had to insert or correct (0 when they agreed).
func (s *Store) RebuildBalances(ctx context.Context) (fixed int, err error) {
	err = s.write(ctx, data.ActMaintenance, func(tx *sql.Tx, st stamp) error {
		n, err := writeLoanBalances(ctx, tx)
		if err != nil {
			return err
		}
		y, err := writeYearEffects(ctx, tx)
		if err != nil {
			return err
		}
		m, err := writeSavingsBalances(ctx, tx)
		if err != nil {
			return err
		}
		// The Overview's month-end snapshots were computed from the balances: whatever they
		// were, they are computed again from the rebuilt ones.
		if err := dropMonthEnds(ctx, tx); err != nil {
			return err
		}
		fixed = n + y + m
		if fixed == 0 {
			return nil
		}
		return audit(ctx, tx, st, "ledger", "", "rebuild_balances", nil,
			map[string]int{"loans": n, "loan_years": y, "savings": m})
	})
	return fixed, err
}

// checkBalances compares the stored balances with sums over the ledger and reports each
// difference: data.Invalid("loan", "check_balance", "Contract", …, "Column", …, "Stored", …,
// "Ledger", …), and the same with field "savings" and "Customer" for savings. A loan with no
// balance row is compared as if its row held zeros.
func checkBalances(ctx context.Context, tx *sql.Tx) ([]*data.Error, error) {
	var problems []*data.Error
	cols := ""
	for _, c := range balanceColumns {
		zero := "0"
		if c == "last_value_date" {
			zero = "''"
		}
		cols += fmt.Sprintf(", coalesce(b.%s, %s), x.%s", c, zero, c)
	}
	rows, err := tx.QueryContext(ctx, `SELECT l.contract`+cols+` FROM (`+ledgerLoanSums+`) x
		JOIN loans l ON l.id = x.loan_id LEFT JOIN loan_balances b ON b.loan_id = x.loan_id
		ORDER BY l.contract`)
	if err != nil {
		return nil, err
	}
	vals := make([]any, 1+2*len(balanceColumns))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			rows.Close()
			return nil, err
		}
		for i, c := range balanceColumns {
			stored, ledger := vals[1+2*i], vals[2+2*i]
			if fmt.Sprint(stored) != fmt.Sprint(ledger) {
				problems = append(problems, data.Invalid("loan", "check_balance", "Contract", fmt.Sprint(vals[0]),
					"Column", c, "Stored", plain(stored), "Ledger", plain(ledger)))
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Each year's principal effect; a row missing on either side counts as 0.
	rows, err = tx.QueryContext(ctx, `SELECT l.contract, coalesce(x.year, s.year), coalesce(s.effect, 0), coalesce(x.effect, 0)
		FROM (`+ledgerYearEffects+`) x FULL JOIN loan_year_effects s ON s.loan_id = x.loan_id AND s.year = x.year
		JOIN loans l ON l.id = coalesce(x.loan_id, s.loan_id)
		WHERE coalesce(s.effect, 0) <> coalesce(x.effect, 0) ORDER BY l.contract, 2`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var contract string
		var year int
		var stored, ledger int64
		if err := rows.Scan(&contract, &year, &stored, &ledger); err != nil {
			rows.Close()
			return nil, err
		}
		problems = append(problems, data.Invalid("loan", "check_balance", "Contract", contract,
			"Column", fmt.Sprintf("principal %d", year), "Stored", stored, "Ledger", ledger))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT b.code, coalesce(s.balance, 0), coalesce(x.balance, 0)
		FROM borrowers b LEFT JOIN savings_balances s ON s.borrower_id = b.id
		LEFT JOIN (`+ledgerSavingsSums+`) x ON x.borrower_id = b.id
		WHERE coalesce(s.balance, 0) <> coalesce(x.balance, 0) ORDER BY b.code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var stored, ledger int64
		if err := rows.Scan(&code, &stored, &ledger); err != nil {
			return nil, err
		}
		problems = append(problems, data.Invalid("savings", "check_balance", "Customer", code,
			"Column", "balance", "Stored", stored, "Ledger", ledger))
	}
	return problems, rows.Err()
}

// plain turns a scanned value into an int64 or a string, so that translations format it.
func plain(v any) any {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case nil:
		return ""
	}
	return v
}
