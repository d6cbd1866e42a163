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

// The borrower list's figures (principal outstanding and whether some of it is overdue on the
// list's date) are loanFigures' (groups_figures.go): read from loan_balances and the schedules,
// never by replaying ledgers, and equal to data.PositionOn's. They are computed for the page's
// households only when the list is ordered and filtered by household fields, and for every
// household the filter selects when it is ordered or filtered by what they owe.

// programsOf is the space-separated, sorted program codes of the active loans of household b.
const programsOf = `coalesce((SELECT group_concat(pc, ' ' /*pg: ORDER BY pc */) FROM (SELECT DISTINCT l.program_code AS pc FROM loans l
	WHERE l.borrower_id = b.id AND l.status = 'active' ORDER BY pc) codes), '')`

// listColumns are borrowerViewSelect's columns and the programs of the households of
// page(id, n), in page order.
const listColumns = `SELECT b.id, b.code, b.name, b.gender, b.birth_year, b.id_number, b.phone,
	b.village_id, coalesce(b.group_id, 0), b.category, b.ethnicity, b.note, b.active,
	v.name, v.commune_id, c.name, coalesce(g.code, ''), coalesce(g.name, ''), ` + programsOf + `
	FROM page JOIN borrowers b ON b.id = page.id
	JOIN villages v ON v.id = b.village_id
	JOIN communes c ON c.id = v.commune_id
	LEFT JOIN savings_groups g ON g.id = b.group_id
	ORDER BY page.n`

// ListBorrowers returns one page of the households f selects, in f's order, with their
// programs, outstanding principal and overdue flag on f.On, and how many f selects in all.
//
// Ordered by name, code or programs, SQLite orders the IDs: it reads them up to a little past
// the page and counts the rest. Ordered by village or group (ranked in Vietnamese order in Go)
// or by what households owe, it reads every ID selected in name order and Go sorts them, ties
// staying in name order; filtered by overdue, Go drops those with none. The figures of every
// household selected are computed only for these last two. A second query reads the page's
// households.
func (s *Store) ListBorrowers(ctx context.Context, f data.BorrowerFilter) (data.BorrowerList, error) {
	var out data.BorrowerList
	if err := f.Validate(); err != nil {
		return out, err
	}
	f.Program = strings.TrimSpace(f.Program)
	var mask bool
	err := s.readAs(ctx, data.ActPersonal, func(tx *sql.Tx, who actor) error {
		mask = !who.fullIDs()
		q, err := listIDsQuery(ctx, tx, f)
		if err != nil {
			return err
		}
		var figs map[int64]figures
		if q.figures {
			if figs, err = loanFigures(ctx, tx, "l.borrower_id", "l.borrower_id IN (SELECT b.id"+q.from+q.where+")", f.On, q.args...); err != nil {
				return err
			}
		}
		ids := q.ids
		inGo := q.figures || q.ranks != nil
		capped := !inGo && f.Limit > 0
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
			case inGo:
				var r rankedID
				if err := rows.Scan(&r.id, &r.key); err != nil {
					rows.Close()
					return err
				}
				if f.Status == data.StatusOverdue && figs[r.id].overdue <= 0 {
					continue
				}
				r.pos = len(all)
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
		if inGo {
			out.Total = len(all)
			page = sortInGo(all, f, q.ranks, figs)
		}
		out.Rows, err = listRows(ctx, tx, page, f.On, figs)
		return err
	})
	if err == nil && mask {
		for i := range out.Rows {
			out.Rows[i].IDNumber = data.MaskID(out.Rows[i].IDNumber)
		}
	}
	if err != nil {
		return data.BorrowerList{}, err
	}
	return out, nil
}

// rankedID is a household with the village or group it may be ordered by, and its position in
// name order.
type rankedID struct {
	id, key int64
	pos     int
}

// sortInGo orders households read in name order by f's order when SQLite could not (by rank
// of their village or group, or by what they owe), ties in name order, and returns the page's
// IDs.
func sortInGo(all []rankedID, f data.BorrowerFilter, ranks map[int64]int, figs map[int64]figures) []int64 {
	var key func(r rankedID) int64
	switch f.Sort {
	case data.SortByVillage, data.SortByGroup:
		key = func(r rankedID) int64 { return int64(ranks[r.key]) }
	case data.SortByOutstanding:
		key = func(r rankedID) int64 { return int64(figs[r.id].outstanding) }
	case data.SortByOverdue:
		key = func(r rankedID) int64 {
			if figs[r.id].overdue > 0 {
				return 1
			}
			return 0
		}
	}
	if key != nil { // else SQLite ordered them
		slices.SortFunc(all, func(a, b rankedID) int {
			ka, kb := key(a), key(b)
			switch {
			case ka < kb && !f.Desc, ka > kb && f.Desc:
				return -1
			case ka != kb:
				return 1
			}
			return a.pos - b.pos
		})
	}
	var page []int64
	for i := f.Offset; i < len(all) && (f.Limit <= 0 || i < f.Offset+f.Limit); i++ {
		page = append(page, all[i].id)
	}
	return page
}

// listReadAhead is how many IDs past the page ListBorrowers reads to count the households
// selected before it counts them with a query of their own. Ordered by name, reading stops
// there: the first keys typed match most households, and counting them in SQL is quicker
// than reading them all.
var listReadAhead = 500

// listRows reads households ids, in that order, with their programs and figures on date on
// (from figs when given, else computed for these households).
func listRows(ctx context.Context, tx *sql.Tx, ids []int64, on data.Date, figs map[int64]figures) ([]data.BorrowerRow, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var values, list strings.Builder
	values.WriteString("WITH page(id, n) AS (VALUES ")
	for i, id := range ids {
		if i > 0 {
			values.WriteByte(',')
			list.WriteByte(',')
		}
		fmt.Fprintf(&values, "(%d,%d)", id, i)
		fmt.Fprintf(&list, "%d", id)
	}
	values.WriteString(") ")
	if figs == nil {
		var err error
		if figs, err = loanFigures(ctx, tx, "l.borrower_id", "l.borrower_id IN ("+list.String()+")", on); err != nil {
			return nil, err
		}
	}
	rows, err := tx.QueryContext(ctx, values.String()+listColumns)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]data.BorrowerRow, 0, len(ids))
	for rows.Next() {
		var r data.BorrowerRow
		var programs string
		r.BorrowerView, err = scanBorrowerView(scanFunc(func(dest ...any) error {
			return rows.Scan(append(dest, &programs)...)
		}))
		if err != nil {
			return nil, err
		}
		r.Programs = strings.Fields(programs)
		fg := figs[r.ID]
		r.Outstanding, r.Overdue = fg.outstanding, fg.overdue > 0
		out = append(out, r)
	}
	return out, rows.Err()
}

// idsQuery selects the IDs of the households a filter selects and counts them.
type idsQuery struct {
	ids, count  string
	from, where string // the households selected: from borrowers b, where …
	args        []any
	figures     bool          // the order or the filter needs every household's figures
	ranks       map[int64]int // village or group → rank, when the order is by one
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

// listIDsQuery builds the queries of the IDs of the households f selects and of their count,
// with their named arguments. IDs come in f's order when SQLite can order them; else in name
// order, each with its village or group (ordered in Go).
func listIDsQuery(ctx context.Context, tx *sql.Tx, f data.BorrowerFilter) (idsQuery, error) {
	var args []any
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
	q := idsQuery{from: from, where: where, args: args, count: "SELECT count(*)" + from + where}

	// Order. By name, SQLite walks borrowers_list, which covers every condition above but the
	// commune's and the program's: no sort, no read of the table.
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	byName := "b.sort_key" + dir + ", b.id" + dir
	q.figures = f.Sort == data.SortByOutstanding || f.Sort == data.SortByOverdue || f.Status == data.StatusOverdue
	// When Go filters or sorts, each ID comes with the village or group it may sort by.
	withKey := ""
	if q.figures {
		withKey = ", 0"
	}
	switch f.Sort {
	case data.SortByCode:
		q.ids = "SELECT b.id" + withKey + from + where + " ORDER BY b.code" + dir + ", b.sort_key, b.id"
	case data.SortByPrograms:
		q.ids = "SELECT b.id" + withKey + from + where + " ORDER BY " + programsOf + dir + ", b.sort_key, b.id"
	case data.SortByVillage, data.SortByGroup:
		var err error
		key := ", b.village_id"
		if f.Sort == data.SortByVillage {
			q.ranks, err = villageRanks(ctx, tx)
		} else {
			key = ", coalesce(b.group_id, 0)"
			q.ranks, err = groupRanks(ctx, tx)
		}
		if err != nil {
			return q, err
		}
		q.ids = "SELECT b.id" + key + from + where + " ORDER BY b.sort_key, b.id"
	case data.SortByOutstanding, data.SortByOverdue:
		q.ids = "SELECT b.id, 0" + from + where + " ORDER BY b.sort_key, b.id"
	default:
		q.ids = "SELECT b.id" + withKey + from + where + " ORDER BY " + byName
	}
	return q, nil
}

// villageRanks numbers villages in Vietnamese order of their names (and their communes').
func villageRanks(ctx context.Context, tx *sql.Tx) (map[int64]int, error) {
	return ranks(ctx, tx, `SELECT v.id, v.name || ' ' || c.name FROM villages v JOIN communes c ON c.id = v.commune_id`)
}

// groupRanks numbers groups in Vietnamese order of their names (and codes); no group is 0.
func groupRanks(ctx context.Context, tx *sql.Tx) (map[int64]int, error) {
	return ranks(ctx, tx, `SELECT id, name || ' ' || code FROM savings_groups`)
}

// ranks reads (id, name) rows and numbers them in name order, from 1.
func ranks(ctx context.Context, tx *sql.Tx, query string) (map[int64]int, error) {
	rows, err := tx.QueryContext(ctx, query)
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
