package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"

	"policycredit/data"
)

// The summaries (commune, office, overdue list, disclosure list) are built from Positions,
// each in one read transaction, with a few set queries for what positions do not carry:
// the households' groups, the 1 January balances, savings, ratings, notes.

// loanEffect is the signed principal an entry e (with o, the entry it reverses) adds to a
// loan's outstanding balance, as ledgerEffects and the engine count it.
const loanEffect = `CASE WHEN e.reverses IS NULL THEN
		CASE e.kind WHEN 'disburse' THEN e.amount WHEN 'principal' THEN -e.amount WHEN 'writeoff' THEN -e.amount ELSE 0 END
	ELSE CASE o.kind WHEN 'disburse' THEN -o.amount WHEN 'principal' THEN o.amount WHEN 'writeoff' THEN o.amount ELSE 0 END END`

// savingsEffect is the same for a savings balance.
const savingsEffect = `CASE WHEN e.reverses IS NULL THEN
		CASE e.kind WHEN 'deposit' THEN e.amount WHEN 'savings_interest' THEN e.amount WHEN 'withdraw' THEN -e.amount ELSE 0 END
	ELSE CASE o.kind WHEN 'deposit' THEN -o.amount WHEN 'savings_interest' THEN -o.amount WHEN 'withdraw' THEN o.amount ELSE 0 END END`

// jan1 is 1 January of d's year.
func jan1(d data.Date) data.Date { return data.NewDate(d.Year(), 1, 1) }

// summaryLoans gathers every loan of a commune (0: the office) that has a balance on date on
// or had one on 1 January of its year, with the household's group and association.
func summaryLoans(ctx context.Context, tx *sql.Tx, communeID int64, on data.Date) ([]data.SummaryLoan, error) {
	// Each loan's split on the date, computed in SQL (loanFiguresSQL, equal to PositionOn's):
	// replaying 4 M entries through the engine took the whole office seconds.
	figs, err := communeLoanFigures(ctx, tx, communeID, on)
	if err != nil {
		return nil, err
	}

	// The group each household is in now, and each group's association.
	assoc := map[int64]string{}
	rows, err := tx.QueryContext(ctx, `SELECT id, association FROM savings_groups`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var a string
		if err := rows.Scan(&id, &a); err != nil {
			rows.Close()
			return nil, err
		}
		assoc[id] = a
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	householdGroup := map[int64]int64{}
	rows, err = tx.QueryContext(ctx, `SELECT b.id, b.group_id FROM borrowers b JOIN villages v ON v.id = b.village_id
		WHERE b.group_id IS NOT NULL AND (?1 = 0 OR v.commune_id = ?1)`, communeID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var b, g int64
		if err := rows.Scan(&b, &g); err != nil {
			rows.Close()
			return nil, err
		}
		householdGroup[b] = g
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	describe := func(loanID, borrowerID, communeID, loanGroup int64, program string, source data.FundingSource) data.SummaryLoan {
		g := householdGroup[borrowerID]
		if g == 0 {
			g = loanGroup
		}
		return data.SummaryLoan{LoanID: loanID, BorrowerID: borrowerID, CommuneID: communeID, GroupID: g,
			Association: assoc[g], ProgramCode: program, Source: source}
	}

	// One pass over the scope's loans gives what describes each and its balance on 1 January:
	// the kept balance less what entries dated after it moved, read from loan_year_effects (a
	// few rows per loan through its primary key) rather than summed over this year's entries.
	// Loans that could owe nothing on 1 January (mayOweOn, as Positions leave them out) count
	// 0; a test checks the figures against Positions on 1 January.
	q := `SELECT l.id, l.borrower_id, v.commune_id, coalesce(l.group_id, 0), l.program_code, l.source,
			CASE WHEN ` + mayOweOn + ` THEN coalesce(lb.disbursed - lb.principal_repaid - lb.written_off, 0) -
				coalesce((SELECT sum(y.effect) FROM loan_year_effects y
					WHERE y.loan_id = l.id AND y.year >= ?3), 0) ELSE 0 END` + scopeFrom
	if communeID != 0 {
		q += ` WHERE v.commune_id = ?2`
	}
	start := jan1(on)
	rows, err = tx.QueryContext(ctx, q+` ORDER BY l.id`, start.String(), communeID, start.Year())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]data.SummaryLoan, 0, len(figs))
	var jan1Only []data.SummaryLoan // owing on 1 January but not on the date: listed last
	for rows.Next() {
		var id, borrower, commune, group int64
		var program, source string
		var bal data.Dong
		if err := rows.Scan(&id, &borrower, &commune, &group, &program, &source, &bal); err != nil {
			return nil, err
		}
		f, ok := figs[id]
		if !ok && bal == 0 {
			continue // owes nothing on either date
		}
		l := describe(id, borrower, commune, group, program, data.FundingSource(source))
		l.Jan1 = bal
		if !ok {
			jan1Only = append(jan1Only, l)
			continue
		}
		l.Overdue, l.Frozen = f.overdue, f.frozen
		l.Current = f.outstanding - f.overdue - f.frozen
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return append(out, jan1Only...), nil
}

// communeLoanFigures is each loan's figures on a date (loanFigures) for a commune's households,
// or the whole office's when communeID is 0.
func communeLoanFigures(ctx context.Context, tx *sql.Tx, communeID int64, on data.Date) (map[int64]figures, error) {
	if communeID == 0 {
		return loanFigures(ctx, tx, "l.id", "1", on)
	}
	return loanFigures(ctx, tx, "l.id", `l.borrower_id IN (SELECT b.id FROM borrowers b JOIN villages v ON v.id = b.village_id
		WHERE v.commune_id = :commune)`, on, sql.Named("commune", communeID))
}

// CommuneSummary computes a commune's summary on a date in one read transaction.
func (s *Store) CommuneSummary(ctx context.Context, communeID int64, on data.Date) (data.CommuneSummary, error) {
	var out data.CommuneSummary
	if on.IsZero() {
		return out, data.Invalid("summary.date", "required")
	}
	err := s.read(ctx, func(tx *sql.Tx) error {
		var c data.Commune
		err := tx.QueryRowContext(ctx, `SELECT id, code, name, former_name FROM communes WHERE id = ?`, communeID).
			Scan(&c.ID, &c.Code, &c.Name, &c.FormerName)
		if errors.Is(err, sql.ErrNoRows) {
			return data.NotFound("summary.commune", "ID", communeID)
		} else if err != nil {
			return err
		}
		loans, err := summaryLoans(ctx, tx, communeID, on)
		if err != nil {
			return err
		}
		groups, err := communeGroups(ctx, tx, communeID, on)
		if err != nil {
			return err
		}
		savings, err := communeSavings(ctx, tx, communeID, on)
		if err != nil {
			return err
		}
		out = data.SummarizeCommune(c, on, loans, groups, savings)
		return nil
	})
	return out, err
}

// communeGroups lists the commune's (0: the office's) active groups and any other group one of its households
// is in, with members now and the latest rating of a year up to the date's.
func communeGroups(ctx context.Context, tx *sql.Tx, communeID int64, on data.Date) ([]data.SummaryGroup, error) {
	rows, err := tx.QueryContext(ctx, `SELECT g.id, g.code, g.name, g.association,
			(SELECT count(*) FROM borrowers m WHERE m.group_id = g.id AND m.active = 1),
			coalesce((SELECT r.rating FROM group_ratings r WHERE r.group_id = g.id AND r.year <= ?2 ORDER BY r.year DESC LIMIT 1), ''),
			coalesce((SELECT max(r.year) FROM group_ratings r WHERE r.group_id = g.id AND r.year <= ?2), 0)
		FROM savings_groups g JOIN villages v ON v.id = g.village_id
		WHERE ((?1 = 0 OR v.commune_id = ?1) AND g.status = 'active')
			OR g.id IN (SELECT b.group_id FROM borrowers b JOIN villages bv ON bv.id = b.village_id WHERE ?1 = 0 OR bv.commune_id = ?1)
		ORDER BY g.code`, communeID, on.Year())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []data.SummaryGroup
	for rows.Next() {
		var g data.SummaryGroup
		var rating string
		if err := rows.Scan(&g.ID, &g.Code, &g.Name, &g.Association, &g.Members, &rating, &g.RatingYear); err != nil {
			return nil, err
		}
		g.Rating = data.Rating(rating)
		out = append(out, g)
	}
	return out, rows.Err()
}

// communeSavings is the savings balance of a commune's (0: the office's) households on a date: the kept
// balances less the effect of entries dated after it (usually none: reports are for today).
func communeSavings(ctx context.Context, tx *sql.Tx, communeID int64, on data.Date) (data.Dong, error) {
	var kept, later data.Dong
	err := tx.QueryRowContext(ctx, `SELECT coalesce(sum(sb.balance), 0) FROM savings_balances sb
		JOIN borrowers b ON b.id = sb.borrower_id JOIN villages v ON v.id = b.village_id
		WHERE ?1 = 0 OR v.commune_id = ?1`, communeID).Scan(&kept)
	if err != nil {
		return 0, err
	}
	err = tx.QueryRowContext(ctx, `SELECT coalesce(sum(`+savingsEffect+`), 0)
		FROM entries e LEFT JOIN entries o ON o.id = e.reverses
		JOIN borrowers b ON b.id = e.borrower_id JOIN villages v ON v.id = b.village_id
		WHERE e.value_date > ?1 AND e.loan_id IS NULL AND (?2 = 0 OR v.commune_id = ?2)`, on.String(), communeID).Scan(&later)
	return kept - later, err
}

// OfficeSummary computes the office's summary by commune on a date in one read transaction.
func (s *Store) OfficeSummary(ctx context.Context, on data.Date) (data.OfficeSummary, error) {
	var out data.OfficeSummary
	if on.IsZero() {
		return out, data.Invalid("summary.date", "required")
	}
	err := s.read(ctx, func(tx *sql.Tx) error {
		communes, err := communesIn(ctx, tx)
		if err != nil {
			return err
		}
		loans, err := summaryLoans(ctx, tx, 0, on)
		if err != nil {
			return err
		}
		out = data.SummarizeOffice(communes, on, loans)
		return nil
	})
	return out, err
}

func communesIn(ctx context.Context, tx *sql.Tx) ([]data.Commune, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, code, name, former_name FROM communes ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []data.Commune
	for rows.Next() {
		var c data.Commune
		if err := rows.Scan(&c.ID, &c.Code, &c.Name, &c.FormerName); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// OverdueList lists every loan of a commune (0: the whole office) with overdue principal on
// a date, with the latest note of its ledger up to that date (a freeze or reschedule reason,
// a collector's remark) as its cause.
func (s *Store) OverdueList(ctx context.Context, communeID int64, on data.Date) (data.OverdueList, error) {
	out := data.OverdueList{Date: on}
	if on.IsZero() {
		return out, data.Invalid("summary.date", "required")
	}
	err := s.read(ctx, func(tx *sql.Tx) error {
		if communeID != 0 {
			err := tx.QueryRowContext(ctx, `SELECT code, name FROM communes WHERE id = ?`, communeID).Scan(&out.CommuneCode, &out.CommuneName)
			if errors.Is(err, sql.ErrNoRows) {
				return data.NotFound("summary.commune", "ID", communeID)
			} else if err != nil {
				return err
			}
		}
		// The SQL figures find the overdue loans; only those go through the engine, for their
		// days overdue (a whole office through the engine took seconds).
		figs, err := communeLoanFigures(ctx, tx, communeID, on)
		if err != nil {
			return err
		}
		var overdue []int64
		for id, f := range figs {
			if f.overdue > 0 {
				overdue = append(overdue, id)
			}
		}
		if len(overdue) == 0 {
			return nil
		}
		positions, err := positionsIn(ctx, tx, PositionScope{LoanIDs: overdue}, on)
		if err != nil {
			return err
		}
		var loanIDs, households []int64
		at := map[int64]int{}
		for _, lp := range positions {
			if lp.Position.Overdue <= 0 {
				continue
			}
			at[lp.Loan.ID] = len(out.Loans)
			out.Loans = append(out.Loans, data.OverdueLoan{LoanID: lp.Loan.ID, Contract: lp.Loan.Contract,
				ProgramCode: lp.Loan.ProgramCode, DaysOverdue: lp.Position.DaysOverdue, Overdue: lp.Position.Overdue,
				Outstanding: lp.Position.Principal()})
			loanIDs = append(loanIDs, lp.Loan.ID)
			households = append(households, lp.Loan.BorrowerID)
		}
		if len(loanIDs) == 0 {
			return nil
		}
		type who struct{ code, name, group, commune string }
		people := map[int64]who{}
		rows, err := tx.QueryContext(ctx, `SELECT b.id, b.code, b.name, coalesce(g.code, ''), c.code
			FROM borrowers b JOIN villages v ON v.id = b.village_id JOIN communes c ON c.id = v.commune_id
			LEFT JOIN savings_groups g ON g.id = b.group_id WHERE b.id IN (`+idList(households)+`)`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var w who
			if err := rows.Scan(&id, &w.code, &w.name, &w.group, &w.commune); err != nil {
				rows.Close()
				return err
			}
			people[id] = w
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, lp := range positions {
			if i, ok := at[lp.Loan.ID]; ok {
				w := people[lp.Loan.BorrowerID]
				l := &out.Loans[i]
				l.Customer, l.Name, l.GroupCode, l.CommuneCode = w.code, w.name, w.group, w.commune
			}
		}
		// Latest note of each loan's ledger, reversals' reasons left out.
		rows, err = tx.QueryContext(ctx, `SELECT e.loan_id, e.note FROM entries e
			WHERE e.loan_id IN (`+idList(loanIDs)+`) AND e.note <> '' AND e.kind <> 'reversal' AND e.value_date <= ?
			ORDER BY e.loan_id, e.value_date, e.id`, on.String())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var note string
			if err := rows.Scan(&id, &note); err != nil {
				return err
			}
			out.Loans[at[id]].Note = strings.TrimSpace(note)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		out.SortOverdue()
		return nil
	})
	return out, err
}

// DisclosureList lists the loans with a balance of the households of a transaction point's
// groups on a date: what the point posts on its notice board.
func (s *Store) DisclosureList(ctx context.Context, pointID int64, on data.Date) (data.DisclosureList, error) {
	out := data.DisclosureList{Date: on}
	if on.IsZero() {
		return out, data.Invalid("summary.date", "required")
	}
	err := s.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT p.code, p.name, c.name FROM points p JOIN communes c ON c.id = p.commune_id
			WHERE p.id = ?`, pointID).Scan(&out.PointCode, &out.PointName, &out.Commune)
		if errors.Is(err, sql.ErrNoRows) {
			return data.NotFound("summary.point", "ID", pointID)
		} else if err != nil {
			return err
		}
		positions, err := positionsIn(ctx, tx, PositionScope{PointID: pointID}, on)
		if err != nil {
			return err
		}
		type who struct{ code, name, village, group, sortKey string }
		people := map[int64]who{}
		rows, err := tx.QueryContext(ctx, `SELECT b.id, b.code, b.name, v.name, g.code, b.sort_key
			FROM point_villages pv JOIN savings_groups g ON g.village_id = pv.village_id
			JOIN borrowers b ON b.group_id = g.id JOIN villages v ON v.id = b.village_id
			WHERE pv.point_id = ?`, pointID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var w who
			if err := rows.Scan(&id, &w.code, &w.name, &w.village, &w.group, &w.sortKey); err != nil {
				return err
			}
			people[id] = w
		}
		if err := rows.Err(); err != nil {
			return err
		}
		sortKeys := map[string]string{}
		for _, lp := range positions {
			p := lp.Position
			if p.Principal() <= 0 {
				continue
			}
			w := people[lp.Loan.BorrowerID]
			l := data.DisclosureLoan{Customer: w.code, Name: w.name, Village: w.village, GroupCode: w.group,
				ProgramCode: lp.Loan.ProgramCode, Contract: lp.Loan.Contract, Amount: p.Disbursed, Balance: p.Principal()}
			if p.Next != nil {
				l.NextDue = p.Next.Due
			}
			sortKeys[l.Customer] = w.sortKey
			out.Loans = append(out.Loans, l)
			out.Amount += l.Amount
			out.Balance += l.Balance
		}
		sort.Slice(out.Loans, func(i, j int) bool {
			a, b := out.Loans[i], out.Loans[j]
			if a.GroupCode != b.GroupCode {
				return a.GroupCode < b.GroupCode
			}
			if ka, kb := sortKeys[a.Customer], sortKeys[b.Customer]; ka != kb {
				return ka < kb
			}
			if a.Customer != b.Customer {
				return a.Customer < b.Customer
			}
			return a.Contract < b.Contract
		})
		return nil
	})
	return out, err
}
