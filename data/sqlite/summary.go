package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"

	"policycredit/data"
)

// The summaries (commune, office, overdue list, disclosure list) are built from Positions,
// each in one read transaction, with a few set queries for what positions do not carry:
// the households' groups, the 1 January balances, savings, ratings, notes.

// jan1 is 1 January of d's year.
func jan1(d data.Date) data.Date { return data.NewDate(d.Year(), 1, 1) }

// summaryLoans gathers every loan of a commune (0: the office) that has a balance on date on
// or had one on 1 January of its year, with the household's group and association.
func (s *Store) summaryLoans(ctx context.Context, tx *sql.Tx, communeID int64, on data.Date) ([]data.SummaryLoan, error) {
	houses, err := householdPlaces(ctx, tx, communeID)
	if err != nil {
		return nil, err
	}
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

	// One statement gives each loan its description, its split on the date (figs, equal to
	// PositionOn's) and its balance on 1 January: the kept balance less what entries dated
	// after it moved, read from loan_year_effects (a few rows per loan through its primary key)
	// for loans with such entries. Loans that could owe nothing on 1 January (as Positions
	// leave them out) count 0; a test checks the figures against Positions on both dates. The
	// household's commune and group come from houses rather than a join: reading a borrowers
	// row per loan cost more than the rest of the statement.
	scope, args := communeScope(communeID)
	start := jan1(on)
	args = append(args, sql.Named("on", on.String()), sql.Named("jan1", start.String()), sql.Named("year", start.Year()))
	q, err := officeQuery(ctx, tx, summaryLoansQuery(scope), on)
	if err != nil {
		return nil, err
	}
	// On PostgreSQL the loans are read in parts side by side, each part on its own server
	// process and all in the transaction's snapshot (alongside): the statement's work is per
	// loan, and one process alone made the office summary three times SQLite's time.
	parts := 1
	if s.pg {
		parts = summaryParts()
	}
	found := make([]summaryFound, parts)
	err = s.alongside(ctx, tx, parts, func(part int, tx *sql.Tx) error {
		pq := q
		if parts > 1 {
			pq.scope = fmt.Sprintf("(%s) AND l.id %% %d = %d", q.scope, parts, part)
		}
		return found[part].read(ctx, tx, pq.sql(summaryLoansFinal), args, houses, assoc, parts)
	})
	if err != nil {
		return nil, err
	}
	out, jan1Only := found[0].owing, found[0].jan1Only
	for _, f := range found[1:] {
		out, jan1Only = append(out, f.owing...), append(jan1Only, f.jan1Only...)
	}
	// By loan, those owing only on 1 January last, as the summaries always listed them.
	byID := func(ls []data.SummaryLoan) {
		sort.Slice(ls, func(i, j int) bool { return ls[i].LoanID < ls[j].LoanID })
	}
	byID(out)
	byID(jan1Only)
	return append(out, jan1Only...), nil
}

// summaryParts is how many parts summaryLoans reads side by side on PostgreSQL: one per
// processor of this PC, at most four (the server's processes share the machine with the app
// when both run on one PC).
func summaryParts() int { return min(max(1, runtime.GOMAXPROCS(0)), 4) }

// summaryFound is one part's loans of summaryLoans: those owing on the date, and those owing
// only on 1 January.
type summaryFound struct{ owing, jan1Only []data.SummaryLoan }

// read reads the packed records of one part's statement.
func (f *summaryFound) read(ctx context.Context, tx *sql.Tx, query string, args []any, houses *households, assoc map[int64]string, parts int) error {
	// About a loan per household owes.
	f.owing = make([]data.SummaryLoan, 0, (houses.n+houses.n/4)/parts)
	codes := map[string]string{} // one string per program and source, not one per loan
	intern := func(b []byte) string {
		if s, ok := codes[string(b)]; ok {
			return s
		}
		s := string(b)
		codes[s] = s
		return s
	}
	return eachPackedText(ctx, tx, query, args, func(packed []byte) error {
		var fs [10][]byte
		var v [8]int64
		for len(packed) > 0 {
			var rec []byte
			rec, packed = nextRecord(packed)
			if !fields(rec, fs[:]) {
				return errPacked
			}
			for i := range v {
				var ok bool
				if v[i], ok = atoi(fs[i]); !ok {
					return errPacked
				}
			}
			loanID, borrowerID, loanGroup, onJan1, owes, o, od, fr := v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]
			if owes == 0 && onJan1 == 0 {
				continue // owes nothing on either date
			}
			h := houses.get(borrowerID)
			l := data.SummaryLoan{LoanID: loanID, BorrowerID: borrowerID, CommuneID: h.commune, GroupID: h.group,
				Source: data.FundingSource(intern(fs[8])), ProgramCode: intern(fs[9]), Jan1: data.Dong(onJan1)}
			if l.GroupID == 0 {
				l.GroupID = loanGroup
			}
			l.Association = assoc[l.GroupID]
			if owes == 0 {
				f.jan1Only = append(f.jan1Only, l)
				continue
			}
			l.Overdue, l.Frozen = data.Dong(od), data.Dong(fr)
			l.Current = data.Dong(o - od - fr)
			f.owing = append(f.owing, l)
		}
		return nil
	})
}

// summaryLoansQuery is summaryLoans' statement for the loans scope selects (named parameters
// :on, :jan1, :year and the scope's), with summaryLoansFinal: every loan that can owe on the
// date or on 1 January, in no particular order, with owes 0 when only on 1 January, packed into
// one text of records "loan,household,loan's group,1 January,owes,outstanding,overdue,frozen,
// source,program": 36,000 rows of ten columns cost the driver more than the text costs SQLite
// (programs are two digits, sources words).
func summaryLoansQuery(scope string) figuresQuery {
	return figuresQuery{key: "l.id", scope: scope,
		owing: owesOnDate + ` OR (l.signed_on <= :jan1 AND NOT (l.status = 'closed' AND coalesce(lb.last_value_date, '') <= :jan1))`,
		extra: [][2]string{
			{"borrower_id", "l.borrower_id"}, {"loan_group", "coalesce(l.group_id, 0)"},
			{"program", "l.program_code"}, {"source", "l.source"},
			{"owes", "CASE WHEN " + owesOnDate + " THEN 1 ELSE 0 END"}, // 0 or 1 on both engines
			{"jan1", `CASE WHEN l.signed_on <= :jan1 AND NOT (l.status = 'closed' AND coalesce(lb.last_value_date, '') <= :jan1)
				THEN coalesce(lb.disbursed - lb.principal_repaid - lb.written_off, 0) -
					CASE WHEN lb.last_value_date > :jan1 THEN coalesce((SELECT sum(y.effect) FROM loan_year_effects y
						WHERE y.loan_id = l.id AND y.year >= :year), 0) ELSE 0 END
				ELSE 0 END`}}}
}

// summaryLoansFinal packs figs with one printf a record: a chain of || makes a string for every
// step, and cost twice as much.
const summaryLoansFinal = `SELECT group_concat(printf('%d,%d,%d,%d,%d,%d,%d,%d,%s,%s', loan_id, borrower_id, loan_group,
	jan1, owes, o, od, fr, source, program), ';' /*pg: ORDER BY loan_id */) FROM figs`

// eachPackedText runs a query of packed texts (group_concat) and hands each to fn; the text is
// only valid during the call, and a NULL (nothing packed) is not handed.
func eachPackedText(ctx context.Context, tx *sql.Tx, query string, args []any, fn func(packed []byte) error) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var packed sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&packed); err != nil {
			return err
		}
		if packed != nil {
			if err := fn(packed); err != nil {
				return err
			}
		}
	}
	return rows.Err()
}

// household is where a household is now: its village's commune and its group (0: none).
type household struct{ commune, group int64 }

// households places households by ID: in a slice indexed by ID when IDs are dense, as the
// database assigns them (a map of a large office's 35,000 households cost 10 ms more to fill).
type households struct {
	dense  []household
	sparse map[int64]household
	n      int
}

func (h *households) get(id int64) household {
	if h.sparse != nil {
		return h.sparse[id]
	}
	if id >= 0 && id < int64(len(h.dense)) {
		return h.dense[id]
	}
	return household{}
}

// householdPlaces places the households of a commune (0: the office): their commune and group.
// They come packed in one text, like summaryLoans' loans.
func householdPlaces(ctx context.Context, tx *sql.Tx, communeID int64) (*households, error) {
	out := &households{}
	err := eachPackedText(ctx, tx, `SELECT printf('%d,%d;', coalesce(max(b.id), 0), count(*)) ||
			group_concat(printf('%d,%d,%d', b.id, v.commune_id, coalesce(b.group_id, 0)), ';' /*pg: ORDER BY b.id */)
		FROM borrowers b JOIN villages v ON v.id = b.village_id WHERE ?1 = 0 OR v.commune_id = ?1`,
		[]any{communeID}, func(packed []byte) error {
			var f [3][]byte
			var v [3]int64
			read := func(rec []byte, n int) bool {
				if !fields(rec, f[:n]) {
					return false
				}
				for i := 0; i < n; i++ {
					var ok bool
					if v[i], ok = atoi(f[i]); !ok {
						return false
					}
				}
				return true
			}
			var rec []byte
			rec, packed = nextRecord(packed)
			if !read(rec, 2) {
				return errPacked
			}
			if maxID, count := v[0], v[1]; maxID > 4*count+1024 {
				out.sparse = make(map[int64]household, count)
			} else {
				out.dense = make([]household, maxID+1)
			}
			for len(packed) > 0 {
				rec, packed = nextRecord(packed)
				if !read(rec, 3) {
					return errPacked
				}
				id, h := v[0], household{commune: v[1], group: v[2]}
				if out.sparse != nil {
					out.sparse[id] = h
				} else if id >= 0 && id < int64(len(out.dense)) {
					out.dense[id] = h
				} else {
					return errPacked
				}
				out.n++
			}
			return nil
		})
	return out, err
}

// communeLoanFigures is each loan's figures on a date (loanFigures) for a commune's households,
// or the whole office's when communeID is 0.
func communeLoanFigures(ctx context.Context, tx *sql.Tx, communeID int64, on data.Date) (map[int64]figures, error) {
	scope, args := communeScope(communeID)
	return loanFigures(ctx, tx, "l.id", scope, on, args...)
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
		loans, groups, savings, err := s.scopeBook(ctx, tx, communeID, on)
		if err != nil {
			return err
		}
		out = data.SummarizeCommune(c, on, loans, groups, savings)
		return nil
	})
	return out, err
}

// scopeBook is what a commune's (0: the office's) summary adds up: its loans, its groups and
// its households' savings on the date.
func (s *Store) scopeBook(ctx context.Context, tx *sql.Tx, communeID int64, on data.Date) ([]data.SummaryLoan, []data.SummaryGroup, data.Dong, error) {
	loans, err := s.summaryLoans(ctx, tx, communeID, on)
	if err != nil {
		return nil, nil, 0, err
	}
	groups, err := communeGroups(ctx, tx, communeID, on)
	if err != nil {
		return nil, nil, 0, err
	}
	savings, err := communeSavings(ctx, tx, communeID, on)
	return loans, groups, savings, err
}

// communeGroups lists the commune's (0: the office's) active groups and any other group one of its households
// is in, with members now and the rating that counts on the date: the latest settled month's
// by then, else the latest of a year up to the date's.
func communeGroups(ctx context.Context, tx *sql.Tx, communeID int64, on data.Date) ([]data.SummaryGroup, error) {
	rows, err := tx.QueryContext(ctx, `SELECT g.id, g.code, g.name, g.association,
			(SELECT count(*) FROM borrowers m WHERE m.group_id = g.id AND m.active = 1),
			coalesce((SELECT r.rating FROM group_ratings r WHERE r.group_id = g.id AND r.year <= ?2 ORDER BY r.year DESC LIMIT 1), ''),
			coalesce((SELECT max(r.year) FROM group_ratings r WHERE r.group_id = g.id AND r.year <= ?2), 0),
			coalesce(`+settledRating("?3")+`, '')
		FROM savings_groups g JOIN villages v ON v.id = g.village_id
		WHERE ((?1 = 0 OR v.commune_id = ?1) AND g.status = 'active')
			OR g.id IN (SELECT b.group_id FROM borrowers b JOIN villages bv ON bv.id = b.village_id WHERE ?1 = 0 OR bv.commune_id = ?1)
		ORDER BY g.code`, communeID, on.Year(), lastSettleableMonth(on).String())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []data.SummaryGroup
	for rows.Next() {
		var g data.SummaryGroup
		var rating, settled string
		if err := rows.Scan(&g.ID, &g.Code, &g.Name, &g.Association, &g.Members, &rating, &g.RatingYear, &settled); err != nil {
			return nil, err
		}
		g.Rating = data.Rating(rating)
		if r, m, ok := parseSettledRating(settled); ok {
			g.Rating, g.RatingYear, g.RatingMonth = r, m.Year, m
		}
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
		loans, err := s.summaryLoans(ctx, tx, 0, on)
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
	err := s.readPersonal(ctx, func(tx *sql.Tx) error {
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
	err := s.readPersonal(ctx, func(tx *sql.Tx) error {
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
