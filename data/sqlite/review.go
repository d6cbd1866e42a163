package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"policycredit/data"
)

// saveOutcome records what a loan achieves; a loan that records nothing has no row.
func saveOutcome(ctx context.Context, ex execer, loanID int64, o data.Outcome) error {
	if o.IsZero() {
		return nil
	}
	_, err := ex.ExecContext(ctx, `INSERT INTO loan_outcomes (loan_id, jobs, houses, water_works, students, study_months)
		VALUES (?, ?, ?, ?, ?, ?)`, loanID, o.Jobs, o.Houses, o.WaterWorks, o.Students, o.StudyMonths)
	return err
}

// loadOutcome reads what a loan achieves (zero when it recorded nothing).
func loadOutcome(ctx context.Context, tx *sql.Tx, loanID int64) (data.Outcome, error) {
	var o data.Outcome
	err := tx.QueryRowContext(ctx, `SELECT jobs, houses, water_works, students, study_months FROM loan_outcomes
		WHERE loan_id = ?`, loanID).Scan(&o.Jobs, &o.Houses, &o.WaterWorks, &o.Students, &o.StudyMonths)
	if errors.Is(err, sql.ErrNoRows) {
		return data.Outcome{}, nil
	}
	return o, err
}

// outcomes records the dataset's loans' outcomes, checked against their programs.
func (im *importer) outcomes(ls []data.Loan) error {
	for i, l := range ls {
		err := data.ValidateOutcome(l.ProgramCode, l.Outcome)
		if err == nil {
			err = saveOutcome(im.ctx, im.tx, l.ID, l.Outcome)
		}
		if err != nil {
			return recordErr("loan", i, l.Contract, err)
		}
	}
	return nil
}

// categoryChanges records the dataset's dated changes of households' categories as the
// audit rows a change made in the app leaves (before and after the category, on that day),
// so that the review's households out of poverty read one history.
func (im *importer) categoryChanges(cs []data.CategoryChange) error {
	for i, c := range cs {
		if !im.borrowerIDs[c.BorrowerID] {
			return recordErr("category_change", i, idString(c.BorrowerID), data.NotFound("loan.borrower", "ID", c.BorrowerID))
		}
		st := im.st
		st.at = c.On.String() + "T00:00:00Z"
		if err := audit(im.ctx, im.tx, st, "borrower", idString(c.BorrowerID), "update",
			categoryRecord{c.From}, categoryRecord{c.To}); err != nil {
			return err
		}
	}
	return nil
}

// categoryRecord is the part of a household's audit record a category change shows.
type categoryRecord struct{ Category data.Category }

// communeScope selects the loans of a commune's households (:commune), as the summaries place
// them, or every loan.
func communeScope(communeID int64) (string, []any) {
	if communeID == 0 {
		return wholeOffice, nil
	}
	return `l.borrower_id IN (SELECT b.id FROM borrowers b JOIN villages v ON v.id = b.village_id
		WHERE v.commune_id = :commune)`, []any{sql.Named("commune", communeID)}
}

// Directive40Review gathers the figures of a review of Directive 40-CT/TW for a commune (0: the
// office) over the period after from through to, in one read transaction. Its outstanding,
// overdue and savings on both dates are the summaries' (scopeBook, as CommuneSummary and
// OfficeSummary read them); local capital is the report's to add (LocalStart, LocalEnd).
func (s *Store) Directive40Review(ctx context.Context, communeID int64, from, to data.Date) (data.Review, error) {
	r := data.Review{From: from, Date: to, CommuneID: communeID}
	switch {
	case from.IsZero():
		return r, data.Invalid("review.from", "required")
	case to.IsZero():
		return r, data.Invalid("summary.date", "required")
	case !from.Before(to):
		return r, data.Invalid("review.from", "review_order")
	}
	err := s.read(ctx, func(tx *sql.Tx) error {
		communes, err := communesIn(ctx, tx)
		if err != nil {
			return err
		}
		c := data.Commune{}
		if communeID != 0 {
			found := false
			for _, x := range communes {
				if x.ID == communeID {
					c, found = x, true
				}
			}
			if !found {
				return data.NotFound("summary.commune", "ID", communeID)
			}
			communes = []data.Commune{c}
		}
		r.CommuneCode, r.CommuneName = c.Code, c.Name
		programs := map[string]*data.ReviewProgram{}
		program := func(code string) *data.ReviewProgram {
			if programs[code] == nil {
				programs[code] = &data.ReviewProgram{Code: code}
			}
			return programs[code]
		}
		// On the start date, the summary's loans and the savings: none before the first loan
		// (the Directive's day usually precedes the office's records), and the savings read
		// the cheaper way.
		if lent, err := exists(ctx, tx, `SELECT 1 FROM loans WHERE signed_on <= ?`, from.String()); err != nil {
			return err
		} else if lent {
			loans, err := s.summaryLoans(ctx, tx, communeID, from)
			if err != nil {
				return err
			}
			r.Start = data.SummarizeOffice(communes, from, loans).Totals
		}
		if r.SavingsStart, err = savingsOn(ctx, tx, communeID, from); err != nil {
			return err
		}
		{
			on := to
			loans, groups, savings, err := s.scopeBook(ctx, tx, communeID, on)
			if err != nil {
				return err
			}
			office := data.SummarizeOffice(communes, on, loans)
			r.End, r.SavingsEnd = office.Totals, savings
			r.Communes, r.CommunesWithoutOverdue = len(office.Communes), office.CommunesWithoutOverdue
			for _, l := range loans {
				if o := l.Outstanding(); o > 0 {
					program(l.ProgramCode).Outstanding += o
				}
			}
			for _, g := range groups {
				if g.ID == 0 || g.Members == 0 {
					continue // loans of households in no group; groups left empty
				}
				r.Groups++
				r.Members += g.Members
				if g.Rating == data.RatingGood {
					r.GroupsGood++
				}
			}
		}
		if err := reviewTurnover(ctx, tx, communeID, from, to, program); err != nil {
			return err
		}
		if err := reviewLoans(ctx, tx, communeID, from, to, program, &r); err != nil {
			return err
		}
		if r.LeftPoverty, err = leftPoverty(ctx, tx, communeID, from, to); err != nil {
			return err
		}
		for _, p := range programs {
			r.Programs = append(r.Programs, *p)
			r.Lent += p.Lent
			r.Recovered += p.Recovered
			r.Outcome.Add(p.Outcome)
		}
		sort.Slice(r.Programs, func(i, j int) bool { return r.Programs[i].Code < r.Programs[j].Code })
		return nil
	})
	return r, err
}

// turnoverSums is the principal disbursed and repaid by the entries of the loans scope
// selects that where selects, by program: a reversal takes back what it reverses, on its own
// value date, as the engine and loan_year_effects count it.
const turnoverSums = `SELECT l.program_code,
		coalesce(sum(CASE WHEN e.reverses IS NULL THEN CASE e.kind WHEN 'disburse' THEN e.amount ELSE 0 END
			ELSE CASE o.kind WHEN 'disburse' THEN -o.amount ELSE 0 END END), 0),
		coalesce(sum(CASE WHEN e.reverses IS NULL THEN CASE e.kind WHEN 'principal' THEN e.amount ELSE 0 END
			ELSE CASE o.kind WHEN 'principal' THEN -o.amount ELSE 0 END END), 0)
	FROM entries e LEFT JOIN entries o ON o.id = e.reverses JOIN loans l ON l.id = e.loan_id
	WHERE e.loan_id IS NOT NULL AND e.kind IN ('disburse', 'principal', 'reversal') AND (%s) AND (%s)
	GROUP BY l.program_code`

// turnoverByLoan is turnoverSums over the period (:from, :to] for a period that holds most of
// the ledger's entries: read from the loans' covering index, summed per loan, then by program
// for the loans scope selects, it costs half of reading each entry's row through the
// value-date index. The entry a reversal takes back is read only for reversals.
const turnoverByLoan = `SELECT l.program_code, coalesce(sum(t.lent), 0), coalesce(sum(t.recovered), 0) FROM (
		SELECT e.loan_id AS loan_id,
			sum(CASE WHEN e.reverses IS NULL THEN CASE e.kind WHEN 'disburse' THEN e.amount ELSE 0 END
				ELSE (SELECT CASE o.kind WHEN 'disburse' THEN -o.amount ELSE 0 END FROM entries o WHERE o.id = e.reverses) END) AS lent,
			sum(CASE WHEN e.reverses IS NULL THEN CASE e.kind WHEN 'principal' THEN e.amount ELSE 0 END
				ELSE (SELECT CASE o.kind WHEN 'principal' THEN -o.amount ELSE 0 END FROM entries o WHERE o.id = e.reverses) END) AS recovered
		FROM entries e INDEXED BY entries_loan
		WHERE e.loan_id IS NOT NULL AND e.value_date > :from AND e.value_date <= :to
			AND e.kind IN ('disburse', 'principal', 'reversal')
		GROUP BY e.loan_id) t
	JOIN loans l ON l.id = t.loan_id WHERE %s GROUP BY l.program_code`

// reviewTurnover adds the lending and recovery turnover of the period to the programs. A
// review mostly covers the ledger's whole life (from the Directive to today), and summing
// millions of entries cost seconds: when the period is the longer part of the ledger's days,
// the loans' kept totals less the entries outside the period give the same sums from the few
// entries outside it.
func reviewTurnover(ctx context.Context, tx *sql.Tx, communeID int64, from, to data.Date, program func(string) *data.ReviewProgram) error {
	scope, args := communeScope(communeID)
	args = append(args, sql.Named("from", from.String()), sql.Named("to", to.String()))
	var first, last sql.NullString
	// Two subqueries: SQLite reads a lone min or max from the index's ends, both together by
	// scanning it whole.
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT min(value_date) FROM entries), (SELECT max(value_date) FROM entries)`).
		Scan(&first, &last); err != nil {
		return err
	}
	if !first.Valid {
		return nil // an empty ledger
	}
	lo, err := data.ParseDate(first.String)
	if err != nil {
		return err
	}
	hi, err := data.ParseDate(last.String)
	if err != nil {
		return err
	}
	add := func(query string, sign data.Dong) error {
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var code string
			var lent, recovered data.Dong
			if err := rows.Scan(&code, &lent, &recovered); err != nil {
				return err
			}
			p := program(code)
			p.Lent += sign * lent
			p.Recovered += sign * recovered
		}
		return rows.Err()
	}
	if !turnoverFromTotals(lo, hi, from, to) {
		return add(fmt.Sprintf(turnoverByLoan, scope), 1)
	}
	err = add(`SELECT l.program_code, coalesce(sum(lb.disbursed), 0), coalesce(sum(lb.principal_repaid), 0)
		FROM loans l JOIN loan_balances lb ON lb.loan_id = l.id WHERE `+scope+` GROUP BY l.program_code`, 1)
	if err != nil {
		return err
	}
	// Two ranges of the value-date index rather than one OR, which SQLite would scan whole.
	if err := add(fmt.Sprintf(turnoverSums, scope, `e.value_date <= :from`), -1); err != nil {
		return err
	}
	return add(fmt.Sprintf(turnoverSums, scope, `e.value_date > :to`), -1)
}

// turnoverFromTotals says whether the period (from, to] covers more of the ledger's days
// [lo, hi] than it leaves out, so that the entries outside it are the fewer.
func turnoverFromTotals(lo, hi, from, to data.Date) bool {
	if forceTurnover != 0 {
		return forceTurnover > 0
	}
	start, end := from, to
	if start.Before(lo) {
		start = lo
	}
	if end.After(hi) {
		end = hi
	}
	covered := start.DaysUntil(end)
	return 2*covered > lo.DaysUntil(hi)
}

// forceTurnover makes tests take one way of reviewTurnover: 1 the kept totals, −1 the sum
// over the period; 0 chooses.
var forceTurnover = 0

// reviewLoans counts the loans signed in the period, their households and outcomes, by program.
func reviewLoans(ctx context.Context, tx *sql.Tx, communeID int64, from, to data.Date, program func(string) *data.ReviewProgram, r *data.Review) error {
	scope, args := communeScope(communeID)
	args = append(args, sql.Named("from", from.String()), sql.Named("to", to.String()))
	rows, err := tx.QueryContext(ctx, `SELECT l.program_code, count(*), count(DISTINCT l.borrower_id),
			coalesce(sum(o.jobs), 0), coalesce(sum(o.houses), 0), coalesce(sum(o.water_works), 0),
			coalesce(sum(o.students), 0), coalesce(sum(o.study_months), 0)
		FROM loans l LEFT JOIN loan_outcomes o ON o.loan_id = l.id
		WHERE l.signed_on > :from AND l.signed_on <= :to AND `+scope+`
		GROUP BY l.program_code`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var code string
		var loans, households int
		var o data.Outcome
		if err := rows.Scan(&code, &loans, &households, &o.Jobs, &o.Houses, &o.WaterWorks, &o.Students, &o.StudyMonths); err != nil {
			rows.Close()
			return err
		}
		p := program(code)
		p.Loans, p.Households, p.Outcome = loans, households, o
		r.Loans += loans
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// A household borrowing from two programs counts once.
	return tx.QueryRowContext(ctx, `SELECT count(DISTINCT l.borrower_id) FROM loans l
		WHERE l.signed_on > :from AND l.signed_on <= :to AND `+scope, args...).Scan(&r.Households)
}

// leftPoverty counts the households, of a commune (0: the office), that borrowed from a
// poverty program (data.PovertyPrograms) by the end date and whose category went from poor to
// another in the period: a change of category is an audit row of the household, dated by the
// day it was recorded (the demo's and imported histories carry their own day).
func leftPoverty(ctx context.Context, tx *sql.Tx, communeID int64, from, to data.Date) (int, error) {
	var poverty []any
	for _, code := range data.PovertyPrograms {
		poverty = append(poverty, code)
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(poverty)), ", ")
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(DISTINCT a.entity_id) FROM audit a
		WHERE a.entity = 'borrower' AND a.before_json <> '' AND a.after_json <> ''
			AND json_extract(a.before_json, '$.Category') = 'poor'
			AND json_extract(a.after_json, '$.Category') <> 'poor'
			AND substr(a.at, 1, 10) > ? AND substr(a.at, 1, 10) <= ?
			AND CAST(a.entity_id AS INTEGER) IN (SELECT l.borrower_id FROM loans l
				WHERE l.signed_on <= ? AND l.program_code IN (`+marks+`))
			AND (? = 0 OR CAST(a.entity_id AS INTEGER) IN (SELECT b.id FROM borrowers b JOIN villages v ON v.id = b.village_id
				WHERE v.commune_id = ?))`,
		append(append([]any{from.String(), to.String(), to.String()}, poverty...), communeID, communeID)...).Scan(&n)
	return n, err
}

// savingsOn is communeSavings (the savings balance of a commune's households, 0: the office's,
// on a date) read the cheaper way for a date in the past: communeSavings takes back every
// savings entry dated after it through the value-date index, a row lookup each (seconds for
// the ten years of a large office); a date before every savings entry has none, and one
// inside the ledger sums the entries up to it from the savings entries' covering index.
func savingsOn(ctx context.Context, tx *sql.Tx, communeID int64, on data.Date) (data.Dong, error) {
	later, err := exists(ctx, tx, `SELECT 1 FROM entries WHERE value_date > ? AND loan_id IS NULL`, on.String())
	if err != nil || !later {
		return communeSavings(ctx, tx, communeID, on) // nothing to take back: the kept balances
	}
	if before, err := exists(ctx, tx, `SELECT 1 FROM entries WHERE value_date <= ? AND loan_id IS NULL`, on.String()); err != nil || !before {
		return 0, err
	}
	var d data.Dong
	err = tx.QueryRowContext(ctx, `SELECT coalesce(sum(`+savingsEffect+`), 0)
		FROM entries e INDEXED BY entries_savings_packed LEFT JOIN entries o ON o.id = e.reverses
		WHERE e.loan_id IS NULL AND e.value_date <= ?1
			AND (?2 = 0 OR e.borrower_id IN (SELECT b.id FROM borrowers b JOIN villages v ON v.id = b.village_id
				WHERE v.commune_id = ?2))`, on.String(), communeID).Scan(&d)
	return d, err
}

// LoanOutcomes reads what every loan that records any achieves, by loan ID, for the export.
func (s *Store) LoanOutcomes(ctx context.Context) (map[int64]data.Outcome, error) {
	out := map[int64]data.Outcome{}
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT loan_id, jobs, houses, water_works, students, study_months FROM loan_outcomes`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var o data.Outcome
			if err := rows.Scan(&id, &o.Jobs, &o.Houses, &o.WaterWorks, &o.Students, &o.StudyMonths); err != nil {
				return err
			}
			out[id] = o
		}
		return rows.Err()
	})
	return out, err
}
