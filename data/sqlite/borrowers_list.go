package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"policycredit/data"
)

// The borrower list reads what each household owes from loan_balances and the schedules, never
// by replaying ledgers:
//
//   - principal outstanding on date D is disbursed − repaid − written off, from loan_balances
//     when the loan has no entry dated after D (the usual case: D is the working date), else
//     summed over the entries dated up to D, reversals honoured as the engine does;
//   - a loan has overdue principal on D when, as in data.PositionOn, the principal of the
//     installments due before D (all of it once every installment is past due) is more than
//     the principal covered: repaid, written off or frozen (a write-off takes frozen debt
//     first, so covered = repaid + max(written off, frozen)). Reschedules and extensions move
//     due dates; they only ever postpone, so the original schedule picks the few loans that
//     can be overdue and the moves in force on D are read for those only.
//
// Outstanding and overdue are computed for the households of a scope table sc(id): only the
// page shown when the list is ordered and filtered by household fields, every household that
// matches when it is ordered or filtered by what they owe.

// loanFigures are the common table expressions over sc giving figures(bid, outstanding, overdue).
const loanFigures = `
bal AS MATERIALIZED (
	SELECT l.id AS loan_id, l.borrower_id AS bid, lb.disbursed AS dis, lb.principal_repaid AS rep,
		lb.written_off AS wo, lb.frozen AS frz, lb.last_value_date > :on AS later
	FROM sc CROSS JOIN loans l ON l.borrower_id = sc.id CROSS JOIN loan_balances lb ON lb.loan_id = l.id
),
lon AS MATERIALIZED (
	SELECT loan_id, bid, dis, rep, wo, frz FROM bal WHERE NOT later
	UNION ALL
	SELECT loan_id, bid, sum(CASE k WHEN 'disburse' THEN a ELSE 0 END), sum(CASE k WHEN 'principal' THEN a ELSE 0 END),
		sum(CASE k WHEN 'writeoff' THEN a ELSE 0 END), sum(CASE k WHEN 'freeze' THEN a WHEN 'unfreeze' THEN -a ELSE 0 END)
	FROM (SELECT x.loan_id, x.bid, coalesce(o.kind, e.kind) AS k,
			CASE WHEN e.reverses IS NULL THEN e.amount ELSE -o.amount END AS a
		FROM bal x CROSS JOIN entries e ON e.loan_id = x.loan_id LEFT JOIN entries o ON o.id = e.reverses
		WHERE x.later AND e.value_date <= :on)
	GROUP BY loan_id
),
owing AS (
	SELECT loan_id, bid, dis, rep + max(wo, frz) AS covered FROM lon WHERE dis > rep + max(wo, frz)
),
due1 AS MATERIALIZED (
	SELECT o.loan_id, o.bid, o.covered FROM owing o
	WHERE (SELECT sum(i.principal) FROM installments i WHERE i.loan_id = o.loan_id AND i.due < :on) > o.covered
		OR ((SELECT i.due FROM installments i WHERE i.loan_id = o.loan_id ORDER BY i.no DESC LIMIT 1) < :on
			AND NOT EXISTS (SELECT 1 FROM installments i WHERE i.loan_id = o.loan_id AND i.due >= :on))
),
moved AS MATERIALIZED (
	SELECT loan_id, no, new_date FROM (
		SELECT m.loan_id, m.no, m.new_date,
			row_number() OVER (PARTITION BY m.loan_id, m.no ORDER BY m.value_date DESC, m.id DESC) AS k
		FROM (SELECT e.loan_id, e.id, e.value_date, e.new_date,
				CASE e.kind WHEN 'extend' THEN (SELECT max(x.no) FROM installments x WHERE x.loan_id = e.loan_id)
				ELSE e.installment END AS no
			FROM due1 CROSS JOIN entries e ON e.loan_id = due1.loan_id
			WHERE (e.kind = 'reschedule' OR e.kind = 'extend') AND e.new_date <> '' AND e.value_date <= :on
				AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id AND r.value_date <= :on)) m)
	WHERE k = 1
),
od AS (
	SELECT d.loan_id, d.bid FROM due1 d
	WHERE NOT EXISTS (SELECT 1 FROM moved WHERE moved.loan_id = d.loan_id)
		OR NOT EXISTS (SELECT 1 FROM installments i LEFT JOIN moved mv ON mv.loan_id = i.loan_id AND mv.no = i.no
			WHERE i.loan_id = d.loan_id AND coalesce(mv.new_date, i.due) >= :on)
		OR (SELECT sum(i.principal) FROM installments i LEFT JOIN moved mv ON mv.loan_id = i.loan_id AND mv.no = i.no
			WHERE i.loan_id = d.loan_id AND coalesce(mv.new_date, i.due) < :on) > d.covered
),
figures AS MATERIALIZED (
	SELECT sc.id AS bid, coalesce(s.outstanding, 0) AS outstanding, (d.bid IS NOT NULL) AS overdue
	FROM sc
	LEFT JOIN (SELECT bid, sum(dis - rep - wo) AS outstanding FROM lon GROUP BY bid) s ON s.bid = sc.id
	LEFT JOIN (SELECT DISTINCT bid FROM od) d ON d.bid = sc.id
)`

// programsOf is the space-separated, sorted program codes of the active loans of household b.
const programsOf = `coalesce((SELECT group_concat(pc, ' ') FROM (SELECT DISTINCT l.program_code AS pc FROM loans l
	WHERE l.borrower_id = b.id AND l.status = 'active' ORDER BY pc)), '')`

// listColumns are borrowerViewSelect's columns, then the programs and figures, of the
// households of page(id, n), in page order.
const listColumns = `SELECT b.id, b.code, b.name, b.gender, b.birth_year, b.id_number, b.phone,
	b.village_id, coalesce(b.group_id, 0), b.category, b.ethnicity, b.note, b.active,
	v.name, v.commune_id, c.name, coalesce(g.code, ''), coalesce(g.name, ''),
	` + programsOf + `, f.outstanding, f.overdue
	FROM page JOIN borrowers b ON b.id = page.id
	JOIN villages v ON v.id = b.village_id
	JOIN communes c ON c.id = v.commune_id
	LEFT JOIN savings_groups g ON g.id = b.group_id
	JOIN figures f ON f.bid = b.id
	ORDER BY page.n`

// ListBorrowers returns one page of the households f selects, in f's order, with their
// programs, outstanding principal and overdue flag on f.On, and how many f selects in all.
//
// It reads the IDs of every household selected, in order (one query; the figures of every
// household only when the order or the filter needs them), keeps the page's and counts the
// rest, then reads the page's households with their figures (a second query).
func (s *Store) ListBorrowers(ctx context.Context, f data.BorrowerFilter) (data.BorrowerList, error) {
	var out data.BorrowerList
	if err := f.Validate(); err != nil {
		return out, err
	}
	f.Program = strings.TrimSpace(f.Program)
	err := s.read(ctx, func(tx *sql.Tx) error {
		q, err := listIDsQuery(tx, f)
		if err != nil {
			return err
		}
		ids := q.ids
		capped := !q.figures && q.ranks == nil && f.Limit > 0
		if capped {
			ids += " LIMIT " + strconv.Itoa(f.Offset+f.Limit+listReadAhead)
		}
		rows, err := tx.QueryContext(ctx, ids, q.args...)
		if err != nil {
			return err
		}
		var page []int64
		var all []rankedID
		end := f.Offset + f.Limit
		for rows.Next() {
			switch {
			case q.ranks != nil:
				var r rankedID
				if err := rows.Scan(&r.id, &r.key); err != nil {
					rows.Close()
					return err
				}
				r.rank, r.pos = q.ranks[r.key], len(all)
				all = append(all, r)
			case out.Total >= f.Offset && (f.Limit <= 0 || out.Total < end):
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				page = append(page, id)
			}
			out.Total++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if capped && out.Total == f.Offset+f.Limit+listReadAhead {
			if err := tx.QueryRowContext(ctx, q.count, q.args...).Scan(&out.Total); err != nil {
				return err
			}
		}
		if q.ranks != nil {
			// In name order from SQLite, which stays the order within a village or group.
			slices.SortFunc(all, func(a, b rankedID) int {
				if a.rank != b.rank {
					if f.Desc {
						return b.rank - a.rank
					}
					return a.rank - b.rank
				}
				return a.pos - b.pos
			})
			for i := f.Offset; i < len(all) && (f.Limit <= 0 || i < end); i++ {
				page = append(page, all[i].id)
			}
		}
		out.Rows, err = listRows(ctx, tx, page, f.On)
		return err
	})
	if err != nil {
		return data.BorrowerList{}, err
	}
	return out, nil
}

// rankedID is a household with the village or group it is ordered by, and that one's rank.
type rankedID struct {
	id, key   int64
	rank, pos int // pos: in name order
}

// listReadAhead is how many IDs past the page ListBorrowers reads to count the households
// selected before it counts them with a query of their own. Ordered by name, reading stops
// there: the first key typed matches nine households in ten, and counting them in SQL is
// quicker than reading them all; below that, one pass that reads them is quicker than a pass
// that stops and a second that counts.
var listReadAhead = 500

// listRows reads households ids, in that order, with their programs and figures on date on.
func listRows(ctx context.Context, tx *sql.Tx, ids []int64, on data.Date) ([]data.BorrowerRow, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var values strings.Builder
	values.WriteString("page(id, n) AS (VALUES ")
	for i, id := range ids {
		if i > 0 {
			values.WriteByte(',')
		}
		fmt.Fprintf(&values, "(%d,%d)", id, i)
	}
	values.WriteString(")")
	rows, err := tx.QueryContext(ctx, `WITH `+values.String()+`, sc AS MATERIALIZED (SELECT id FROM page),`+
		loanFigures+` `+listColumns, sql.Named("on", on.String()))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]data.BorrowerRow, 0, len(ids))
	for rows.Next() {
		var r data.BorrowerRow
		var programs string
		r.BorrowerView, err = scanBorrowerView(scanFunc(func(dest ...any) error {
			return rows.Scan(append(dest, &programs, &r.Outstanding, &r.Overdue)...)
		}))
		if err != nil {
			return nil, err
		}
		r.Programs = strings.Fields(programs)
		out = append(out, r)
	}
	return out, rows.Err()
}

// idsQuery selects the IDs of the households a filter selects, in order, and counts them.
type idsQuery struct {
	ids, count string
	args       []any
	figures    bool          // the order or the filter needs every household's figures
	ranks      map[int64]int // village or group → rank, when the order is by one
}

// contains is the condition that the search key holds a word, given as a parameter made by
// containsArg. LIKE reads a key about a tenth faster than instr; % and _ in the word are
// escaped, so that they match themselves.
func contains(param string) string {
	return "b.search_key LIKE " + param + " ESCAPE '\\'"
}

func containsArg(word string) string {
	return "%" + likeEscaper.Replace(word) + "%"
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)

// listIDsQuery builds the queries of the IDs of every household f selects, in f's order, and
// of their count, with their named arguments.
func listIDsQuery(tx *sql.Tx, f data.BorrowerFilter) (idsQuery, error) {
	args := []any{sql.Named("on", f.On.String())}
	arg := func(name string, v any) string {
		args = append(args, sql.Named(name, v))
		return ":" + name
	}

	// Conditions on the household's own fields.
	var conds []string
	terms := data.SearchTerms(f.Query)
	if len(terms) > 0 {
		// The longest word first: it rules out the most households, and the rest are then
		// looked for in fewer keys.
		terms = slices.Clone(terms)
		sort.SliceStable(terms, func(i, j int) bool { return len(terms[i]) > len(terms[j]) })
		all := make([]string, len(terms))
		for i, t := range terms {
			all[i] = contains(arg("t"+strconv.Itoa(i), containsArg(t)))
		}
		alts := []string{"(" + strings.Join(all, " AND ") + ")"}
		for i, alt := range exactForms(f.Query, terms) {
			alts = append(alts, contains(arg("x"+strconv.Itoa(i), containsArg(alt))))
		}
		conds = append(conds, "("+strings.Join(alts, " OR ")+")")
	}
	from := " FROM borrowers b"
	if f.CommuneID != 0 {
		from += " JOIN villages v ON v.id = b.village_id"
		conds = append(conds, "v.commune_id = "+arg("commune", f.CommuneID))
	}
	if f.VillageID != 0 {
		conds = append(conds, "b.village_id = "+arg("village", f.VillageID))
	}
	if f.GroupID != 0 {
		conds = append(conds, "b.group_id = "+arg("group", f.GroupID))
	}
	if f.Category != "" {
		conds = append(conds, "b.category = "+arg("category", string(f.Category)))
	}
	if f.Program != "" {
		// One pass over the program's loans, not one look-up of loans per household.
		conds = append(conds, "b.id IN (SELECT l.borrower_id FROM loans l WHERE l.program_code = "+
			arg("program", f.Program)+" AND l.status = 'active')")
	}
	switch f.Status {
	case data.StatusActive:
		conds = append(conds, "b.active = 1")
	case data.StatusLeft:
		conds = append(conds, "b.active = 0")
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}

	// Order. By name, SQLite walks borrowers_list, which covers every condition above but the
	// commune's and the program's: no sort, no read of the table.
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	byName := "b.sort_key" + dir + ", b.id" + dir
	if f.Sort != data.SortByName && f.Sort != "" {
		byName = "b.sort_key, b.id"
	}
	// A village or group order is a rank made in Go (Vietnamese collation); the IDs come in
	// name order with their village or group, and Go sorts them by its rank.
	var order, rankKey string
	var ranks map[int64]int
	switch f.Sort {
	case data.SortByCode:
		order = "b.code" + dir + ", " + byName
	case data.SortByVillage:
		var err error
		if ranks, err = villageRanks(tx); err != nil {
			return idsQuery{}, err
		}
		rankKey, order = ", b.village_id", byName
	case data.SortByGroup:
		var err error
		if ranks, err = groupRanks(tx); err != nil {
			return idsQuery{}, err
		}
		rankKey, order = ", coalesce(b.group_id, 0)", byName
	case data.SortByPrograms:
		order = programsOf + dir + ", " + byName
	case data.SortByOutstanding:
		order = "f.outstanding" + dir + ", " + byName
	case data.SortByOverdue:
		order = "f.overdue" + dir + ", " + byName
	default:
		order = byName
	}

	if f.Sort != data.SortByOutstanding && f.Sort != data.SortByOverdue && f.Status != data.StatusOverdue {
		return idsQuery{ids: "SELECT b.id" + rankKey + from + where + " ORDER BY " + order,
			count: "SELECT count(*)" + from + where, args: args, ranks: ranks}, nil
	}
	// The figures of every household selected.
	figureWhere := ""
	if f.Status == data.StatusOverdue {
		figureWhere = " WHERE f.overdue"
	}
	return idsQuery{ids: `WITH sc AS MATERIALIZED (SELECT b.id AS id` + from + where + `),` + loanFigures + `
		SELECT b.id` + rankKey + ` FROM figures f JOIN borrowers b ON b.id = f.bid` + figureWhere + ` ORDER BY ` + order,
		args: args, figures: true, ranks: ranks}, nil
}

// villageRanks numbers villages in Vietnamese order of their names (and their communes').
func villageRanks(tx *sql.Tx) (map[int64]int, error) {
	return ranks(tx, `SELECT v.id, v.name || ' ' || c.name FROM villages v JOIN communes c ON c.id = v.commune_id`)
}

// groupRanks numbers groups in Vietnamese order of their names (and codes); no group is 0.
func groupRanks(tx *sql.Tx) (map[int64]int, error) {
	return ranks(tx, `SELECT id, name || ' ' || code FROM savings_groups`)
}

// ranks reads (id, name) rows and numbers them in name order, from 1.
func ranks(tx *sql.Tx, query string) (map[int64]int, error) {
	rows, err := tx.Query(query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	var names []string
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		ids, names = append(ids, id), append(names, name)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return rankByName(ids, names), nil
}
