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

// CollectionList builds a transaction point's collection list for a day: every group serving
// the point's villages, every member of those groups with a loan balance, something due or
// savings, from one snapshot of the database.
func (s *Store) CollectionList(ctx context.Context, pointID int64, on data.Date) (data.CollectionList, error) {
	var out data.CollectionList
	err := s.readPersonal(ctx, func(tx *sql.Tx) (err error) {
		out, err = collectionList(ctx, tx, pointID, on, nil)
		return err
	})
	return out, err
}

// collectionList builds the list in a transaction; groups, when given, keeps only those groups
// of the point (posting one group's rows need not compute the whole point).
func collectionList(ctx context.Context, tx *sql.Tx, pointID int64, on data.Date, groups []int64) (data.CollectionList, error) {
	list := data.CollectionList{PointID: pointID, Date: on}
	if on.IsZero() {
		return list, data.Invalid("collection.date", "required")
	}
	err := tx.QueryRowContext(ctx, `SELECT p.code, p.name, c.name FROM points p JOIN communes c ON c.id = p.commune_id
		WHERE p.id = ?`, pointID).Scan(&list.PointCode, &list.PointName, &list.Commune)
	if errors.Is(err, sql.ErrNoRows) {
		return list, data.NotFound("collection.point", "ID", pointID)
	} else if err != nil {
		return list, err
	}

	// Groups of the point, and their members.
	rows, err := tx.QueryContext(ctx, `SELECT g.id, g.code, g.name, g.association, coalesce(ld.name, ''), v.name,
			b.id, b.code, b.name, b.sort_key
		FROM point_villages pv
		JOIN savings_groups g ON g.village_id = pv.village_id
		JOIN villages v ON v.id = g.village_id
		LEFT JOIN borrowers ld ON ld.id = g.leader_id
		JOIN borrowers b ON b.group_id = g.id
		WHERE pv.point_id = ?`+memberOf("g.id", groups)+`
		ORDER BY g.code, b.sort_key, b.code`, pointID)
	if err != nil {
		return list, err
	}
	groupAt := map[int64]int{}
	type memberAt struct{ group, member int }
	members := map[int64]memberAt{}
	for rows.Next() {
		var g data.CollectionGroup
		var m data.CollectionMember
		var sortKey string
		if err := rows.Scan(&g.ID, &g.Code, &g.Name, &g.Association, &g.Leader, &g.Village,
			&m.BorrowerID, &m.Customer, &m.Name, &sortKey); err != nil {
			rows.Close()
			return list, err
		}
		gi, ok := groupAt[g.ID]
		if !ok {
			gi = len(list.Groups)
			groupAt[g.ID] = gi
			list.Groups = append(list.Groups, g)
		}
		members[m.BorrowerID] = memberAt{gi, len(list.Groups[gi].Members)}
		list.Groups[gi].Members = append(list.Groups[gi].Members, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return list, err
	}

	// Loans, with their dues on the day.
	positions, err := positionsIn(ctx, tx, PositionScope{PointID: pointID, MemberOf: groups}, on)
	if err != nil {
		return list, err
	}
	for _, lp := range positions {
		at, ok := members[lp.Loan.BorrowerID]
		if !ok {
			continue // cannot happen: the scope is the same households
		}
		m := &list.Groups[at.group].Members[at.member]
		cl := data.CollectionLoanOf(lp.Loan, lp.Position)
		m.Loans = append(m.Loans, cl)
		m.Due = m.Due.Add(cl.Due)
	}

	// Savings on the day, from each household's savings ledger.
	if err := eachSavingsLedger(ctx, tx, pointID, groups, on, func(borrowerID int64, entries []data.Entry) {
		if at, ok := members[borrowerID]; ok {
			list.Groups[at.group].Members[at.member].Savings = data.SavingsBalance(entries, on)
		}
	}); err != nil {
		return list, err
	}

	// Keep the members who have something to do on the day, and the groups that have any.
	kept := list.Groups[:0]
	for _, g := range list.Groups {
		members := g.Members[:0]
		for _, m := range g.Members {
			sort.Slice(m.Loans, func(i, j int) bool { return m.Loans[i].Contract < m.Loans[j].Contract })
			if m.OnList() {
				members = append(members, m)
			}
		}
		g.Members = members
		if len(members) > 0 {
			kept = append(kept, g)
		}
	}
	list.Groups = kept
	list.Total()

	list.Disbursements, err = plannedDisbursements(ctx, tx, pointID, on, groups)
	return list, err
}

// memberOf is the condition "column is one of groups", or nothing when groups is empty.
func memberOf(column string, groups []int64) string {
	if len(groups) == 0 {
		return ""
	}
	return ` AND ` + column + ` IN (` + idList(groups) + `)`
}

// eachSavingsLedger hands fn the savings entries dated up to on of every household of a
// point's groups that has any, one household at a time.
func eachSavingsLedger(ctx context.Context, tx *sql.Tx, pointID int64, groups []int64, on data.Date,
	fn func(borrowerID int64, entries []data.Entry)) error {
	return eachPackedSavings(ctx, tx, `b.group_id IN (SELECT g.id FROM savings_groups g
			JOIN point_villages pv ON pv.village_id = g.village_id WHERE pv.point_id = ?2)`+memberOf("b.group_id", groups),
		[]any{on.String(), pointID}, func(id int64, entries []data.Entry) {
			if len(entries) > 0 {
				fn(id, entries)
			}
		})
}

// eachPackedSavings reads the savings ledgers of the households a condition on b selects, with
// entries dated up to ?1 (the first of args). Like Positions it reads one packed row per
// household, with the entries' engine fields only: a busy point's savings ledgers hold tens of
// thousands of entries, and reading them a row each cost most of a collection list's time. fn
// gets nil for a household with no entry.
func eachPackedSavings(ctx context.Context, tx *sql.Tx, where string, args []any, fn func(id int64, entries []data.Entry)) error {
	query := `SELECT b.id, (SELECT group_concat(e.id || ',' || e.kind || ',' || e.value_date || ',' || e.amount ||
			CASE WHEN e.reverses IS NULL THEN '' ELSE ',0,,' || e.reverses END, ';' /*pg: ORDER BY e.id */)
		FROM entries e WHERE e.loan_id IS NULL AND e.borrower_id = b.id AND e.value_date <= ?1)
		FROM borrowers b WHERE ` + where
	dates := packedDates{}
	return eachPacked(ctx, tx, query, args, func(id int64, packed []byte) error {
		var entries []data.Entry
		if len(packed) > 0 {
			var err error
			if entries, err = unpackEntries(packed, data.Loan{BorrowerID: id}, dates); err != nil {
				return fmt.Errorf("savings of household %d: %w", id, err)
			}
			for i := range entries {
				entries[i].LoanID = 0
			}
		}
		fn(id, entries)
		return nil
	})
}

// plannedDisbursements lists the point's active loans, signed by the day, with approved money
// not yet paid out.
func plannedDisbursements(ctx context.Context, tx *sql.Tx, pointID int64, on data.Date, groups []int64) ([]data.PlannedDisbursement, error) {
	rows, err := tx.QueryContext(ctx, `SELECT l.id, l.contract, b.code, b.name, g.code, l.program_code,
			l.amount - coalesce(lb.disbursed, 0)
		FROM loans l
		JOIN borrowers b ON b.id = l.borrower_id
		JOIN savings_groups g ON g.id = b.group_id
		JOIN point_villages pv ON pv.village_id = g.village_id AND pv.point_id = ?
		LEFT JOIN loan_balances lb ON lb.loan_id = l.id
		WHERE l.status = 'active' AND l.signed_on <= ? AND l.amount > coalesce(lb.disbursed, 0)`+memberOf("g.id", groups)+`
		ORDER BY g.code, b.sort_key, l.contract`, pointID, on.String())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []data.PlannedDisbursement
	for rows.Next() {
		var d data.PlannedDisbursement
		if err := rows.Scan(&d.LoanID, &d.Contract, &d.Customer, &d.Name, &d.GroupCode, &d.ProgramCode, &d.Amount); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// PostCollection posts a transaction day's batch in one transaction: for each row, the
// member's penalty, interest and principal divided among their loans (data.AllocateCollection),
// then their savings deposit and withdrawal, every entry carrying the batch reference. The
// list the rows are checked against is built inside the same transaction. A refusal posts
// nothing and is a data.Errors naming each bad row ("Line") and field. It returns the batch
// reference.
func (s *Store) PostCollection(ctx context.Context, batch data.CollectionBatch) (string, error) {
	var ref string
	err := s.writeRerun(ctx, data.ActCash, func(tx *sql.Tx, st stamp) (err error) {
		ref, err = postCollection(ctx, tx, st, batch)
		return err
	})
	return ref, err
}

func postCollection(ctx context.Context, tx *sql.Tx, st stamp, batch data.CollectionBatch) (string, error) {
	if len(batch.Entries) == 0 {
		return "", data.Invalid("collection.entries", "required")
	}
	lg := newLedger(ctx, tx, st) // reads the dates a posting may carry once for the whole batch
	lg.holdWrites()              // a few statements for the whole batch on PostgreSQL
	if err := lg.refuseDate(batch.Date, "collection.date"); err != nil {
		return "", err
	}
	if err := refusePostedFile(ctx, tx, batch.File); err != nil {
		return "", err
	}
	groups, err := rowGroups(ctx, tx, batch)
	if err != nil {
		return "", err
	}
	list, err := collectionList(ctx, tx, batch.PointID, batch.Date, groups)
	if err != nil {
		return "", err
	}
	ref, err := batchRef(ctx, tx, list, batch.Ref)
	if err != nil {
		return "", err
	}

	type memberRef struct {
		group  int64
		member data.CollectionMember
	}
	byCustomer := map[string]memberRef{}
	for _, g := range list.Groups {
		for _, m := range g.Members {
			byCustomer[strings.ToUpper(m.Customer)] = memberRef{g.ID, m}
		}
	}

	var loanIDs, households []int64
	for _, g := range list.Groups {
		for _, m := range g.Members {
			households = append(households, m.BorrowerID)
			for _, l := range m.Loans {
				loanIDs = append(loanIDs, l.LoanID)
			}
		}
	}
	if err := lg.prefetchBooks(ctx, loanIDs); err != nil {
		return "", err
	}
	if err := lg.prefetchSavings(ctx, households); err != nil {
		return "", err
	}
	var errs data.Errors
	seen := map[string]int{}
	net := map[int64]data.Dong{}
	for i, row := range batch.Entries {
		line := row.Line
		if line == 0 {
			line = i + 1
		}
		fail := func(e *data.Error) { errs = append(errs, withLine(e, line)) }
		key := strings.ToUpper(strings.TrimSpace(row.Customer))
		mr, ok := byCustomer[key]
		switch {
		case key == "":
			fail(data.Invalid("collection.customer", "required"))
			continue
		case !ok:
			fail(data.NotFound("collection.customer", "Customer", row.Customer))
			continue
		case seen[key] != 0:
			fail(data.Conflict("collection.customer", "duplicate_row", "Customer", row.Customer, "First", seen[key]))
			continue
		}
		seen[key] = line
		if row.Deposit < 0 {
			fail(data.Invalid("collection.deposit", "not_negative"))
			continue
		}
		if row.Withdrawal < 0 {
			fail(data.Invalid("collection.withdrawal", "not_negative"))
			continue
		}
		payments, err := data.AllocateCollection(mr.member.Loans, row.Dues)
		if err != nil {
			for _, de := range data.DomainErrors(err) {
				fail(de)
			}
			continue
		}
		net[mr.group] += row.Net()

		var entries []data.Entry
		for _, p := range payments {
			paid := data.Split{Penalty: p.Paid.Penalty, Interest: p.Paid.Interest, Current: p.Paid.Principal}
			if paid.Total() == 0 {
				continue
			}
			b, err := lg.loanBook(p.LoanID, "entry.loan")
			if err != nil {
				return "", err
			}
			pay := data.Payment{LoanID: p.LoanID, ValueDate: batch.Date, Amount: paid.Total(), Parts: &paid, Ref: ref}
			_, es, err := pay.Entries(*b)
			if err != nil {
				return "", err
			}
			entries = append(entries, es...)
		}
		if row.Deposit > 0 {
			entries = append(entries, data.Entry{BorrowerID: mr.member.BorrowerID, Kind: data.EntryDeposit, ValueDate: batch.Date, Amount: row.Deposit, Ref: ref})
		}
		if row.Withdrawal > 0 {
			entries = append(entries, data.Entry{BorrowerID: mr.member.BorrowerID, Kind: data.EntryWithdraw, ValueDate: batch.Date, Amount: row.Withdrawal, Ref: ref})
		}
		for _, e := range entries {
			if err := lg.post(&e); err != nil {
				des := data.DomainErrors(err)
				if des == nil {
					return "", err
				}
				for _, de := range des {
					fail(de)
				}
				break
			}
		}
	}

	// The cash counted per group must match what its rows brought in.
	var groupIDs []int64
	for id := range batch.Cash {
		groupIDs = append(groupIDs, id)
	}
	sort.Slice(groupIDs, func(i, j int) bool { return groupIDs[i] < groupIDs[j] })
	for _, id := range groupIDs {
		counted := batch.Cash[id]
		switch {
		case counted < 0:
			errs = append(errs, data.Invalid("collection.cash", "not_negative", "Group", groupCode(list, id)))
		case counted != net[id]:
			errs = append(errs, data.Conflict("collection.cash", "cash_mismatch", "Group", groupCode(list, id),
				"Counted", counted, "Expected", net[id], "Difference", counted-net[id]))
		}
	}
	if err := errs.Err(); err != nil {
		return "", err
	}
	if err := lg.flush(); err != nil {
		return "", err
	}

	if _, err := tx.ExecContext(ctx, `INSERT INTO collection_batches (ref, point_id, value_date, posted_at, user_name)
		VALUES (?, ?, ?, ?, ?)`, ref, batch.PointID, batch.Date.String(), st.at, st.user); err != nil {
		return "", err
	}
	for _, id := range groupIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO collection_cash (ref, group_id, counted) VALUES (?, ?, ?)`,
			ref, id, batch.Cash[id]); err != nil {
			return "", err
		}
	}
	return ref, keepPostedFile(ctx, tx, st, batch.File, ref)
}

// rowGroups lists the groups a batch touches: its rows' households' groups and the groups
// whose cash it counts, so that only those are computed. Unknown customers are left for the
// row checks to name.
func rowGroups(ctx context.Context, tx *sql.Tx, batch data.CollectionBatch) ([]int64, error) {
	seen := map[int64]bool{}
	for id := range batch.Cash {
		seen[id] = true
	}
	// One statement for all the rows, not one a row: a round trip each on PostgreSQL.
	codes := make([]any, len(batch.Entries))
	for i, row := range batch.Entries {
		codes[i] = strings.TrimSpace(row.Customer)
	}
	if len(codes) > 0 {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT coalesce(group_id, 0) FROM borrowers WHERE code IN (`+
			strings.TrimSuffix(strings.Repeat("?, ", len(codes)), ", ")+`)`, codes...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			if id != 0 {
				seen[id] = true
			}
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	out := make([]int64, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	if len(out) == 0 {
		out = []int64{0} // no group: an empty list, and every row is named as unknown
	}
	return out, nil
}

// groupCode names a group of the list in messages; a group not on it is named by its ID.
func groupCode(list data.CollectionList, id int64) string {
	for _, g := range list.Groups {
		if g.ID == id {
			return g.Code
		}
	}
	return fmt.Sprint(id)
}

// batchRef checks a chosen reference or makes one, "<point>/<yyyymmdd>", then "-2", "-3"… when
// the day already has a batch. A reference already used by any entry is refused or skipped.
func batchRef(ctx context.Context, tx *sql.Tx, list data.CollectionList, chosen string) (string, error) {
	taken := func(ref string) (bool, error) {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM collection_batches WHERE ref = ?1)
			+ (SELECT count(*) FROM (SELECT 1 FROM entries WHERE value_date = ?2 AND ref = ?1 LIMIT 1) one)`,
			ref, list.Date.String()).Scan(&n)
		return n > 0, err
	}
	chosen = data.NFC(strings.TrimSpace(chosen))
	if chosen != "" {
		if err := data.ValidateOptionalText("collection.ref", chosen, 50); err != nil {
			return "", err
		}
		if t, err := taken(chosen); err != nil || t {
			if err == nil {
				err = data.Conflict("collection.ref", "taken", "Ref", chosen)
			}
			return "", err
		}
		return chosen, nil
	}
	base := fmt.Sprintf("%s/%04d%02d%02d", list.PointCode, list.Date.Year(), list.Date.Month(), list.Date.Day())
	// Several references tried in one query: a point's day has a batch per group, and on
	// PostgreSQL each query is a round trip.
	const tried = 8
	for first := 1; ; first += tried {
		refs := make([]any, tried, tried+1)
		for k := range refs {
			refs[k] = base
			if n := first + k; n > 1 {
				refs[k] = fmt.Sprintf("%s-%d", base, n)
			}
		}
		in := make([]string, tried)
		for k := range in {
			in[k] = fmt.Sprintf("?%d", k+1)
		}
		rows, err := tx.QueryContext(ctx, `SELECT ref FROM collection_batches WHERE ref IN (`+strings.Join(in, ", ")+`)
			UNION SELECT ref FROM entries WHERE value_date = ?`+fmt.Sprint(tried+1)+` AND ref IN (`+strings.Join(in, ", ")+`)`,
			append(refs, list.Date.String())...)
		if err != nil {
			return "", err
		}
		used := map[string]bool{}
		for rows.Next() {
			var ref string
			if err := rows.Scan(&ref); err != nil {
				rows.Close()
				return "", err
			}
			used[ref] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return "", err
		}
		for _, ref := range refs {
			if !used[ref.(string)] {
				return ref.(string), nil
			}
		}
	}
}

// CollectionBatches lists a point's batches, newest first.
func (s *Store) CollectionBatches(ctx context.Context, pointID int64) ([]data.CollectionBatchInfo, error) {
	return s.collectionBatches(ctx, `cb.point_id = ?`, pointID)
}

// CollectionBatchesOn lists the batches posted at a point for one day, newest first.
func (s *Store) CollectionBatchesOn(ctx context.Context, pointID int64, on data.Date) ([]data.CollectionBatchInfo, error) {
	return s.collectionBatches(ctx, `cb.point_id = ? AND cb.value_date = ?`, pointID, on.String())
}

func (s *Store) collectionBatches(ctx context.Context, where string, args ...any) ([]data.CollectionBatchInfo, error) {
	var out []data.CollectionBatchInfo
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT cb.ref, cb.point_id, cb.value_date, cb.posted_at, cb.user_name,
				(SELECT count(*) FROM entries e WHERE e.value_date = cb.value_date AND e.ref = cb.ref AND e.kind <> 'reversal'),
				cr.ref IS NOT NULL, coalesce(cr.reason, '')
			FROM collection_batches cb LEFT JOIN collection_reversals cr ON cr.ref = cb.ref
			WHERE `+where+` ORDER BY cb.value_date DESC, cb.posted_at DESC`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		dates := newDateCache()
		for rows.Next() {
			var b data.CollectionBatchInfo
			var d string
			if err := rows.Scan(&b.Ref, &b.PointID, &d, &b.PostedAt, &b.User, &b.Entries, &b.Reversed, &b.Reason); err != nil {
				return err
			}
			if b.Date, err = dates.parse(d); err != nil {
				return err
			}
			out = append(out, b)
		}
		return rows.Err()
	})
	return out, err
}

// ReverseCollection cancels a posted batch as a whole: a reversal of each of its entries, on
// the entry's own value date, newest first, in one transaction, with the reason recorded. A
// batch is reversed once; entries already reversed one by one are left as they are.
func (s *Store) ReverseCollection(ctx context.Context, ref, reason string) error {
	reason = data.NFC(strings.TrimSpace(reason))
	if reason == "" {
		return data.Invalid("collection.reason", "required")
	}
	if err := data.ValidateOptionalText("collection.reason", reason, 500); err != nil {
		return err
	}
	c, fn := s.reverseCollectionChange(reverseCollectionArgs{Ref: ref, Reason: reason})
	return s.change(ctx, c, fn)
}

type reverseCollectionArgs struct {
	Ref    string `json:"ref"`
	Reason string `json:"reason"`
}

func init() {
	registerReplay("ReverseCollection", (*Store).reverseCollectionChange)
}

// reverseCollectionChange is the batch's reversal; the approver reads the batch's entries
// still standing and their total, before and after.
func (s *Store) reverseCollectionChange(a reverseCollectionArgs) (change, txFunc) {
	ref, reason := a.Ref, a.Reason
	describe := func(ctx context.Context, tx *sql.Tx) (any, error) {
		var n int
		var total int64
		err := tx.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(amount), 0) FROM entries e WHERE e.ref = ? AND e.kind <> 'reversal'
			AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id)`, ref).Scan(&n, &total)
		return map[string]any{"ref": ref, "entries_standing": n, "amount_standing": total}, err
	}
	return change{action: data.ActCorrection, method: "ReverseCollection", args: a, subject: ref, note: reason, describe: describe}, func(ctx context.Context, tx *sql.Tx, st stamp) error {
		var on string
		var reversed bool
		err := tx.QueryRowContext(ctx, `SELECT cb.value_date, EXISTS (SELECT 1 FROM collection_reversals cr WHERE cr.ref = cb.ref)
			FROM collection_batches cb WHERE cb.ref = ?`, ref).Scan(&on, &reversed)
		if errors.Is(err, sql.ErrNoRows) {
			return data.NotFound("collection.ref", "Ref", ref)
		} else if err != nil {
			return err
		}
		if reversed {
			return data.Conflict("collection.ref", "already_reversed", "Ref", ref)
		}
		batch, err := loadEntries(ctx, tx, `WHERE e.value_date = ? AND e.ref = ? AND e.kind <> 'reversal'
			AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id)`, on, ref)
		if err != nil {
			return err
		}
		lg := newLedger(ctx, tx, st)
		lg.holdWrites()
		var loanIDs, households []int64
		for _, e := range batch {
			loanIDs = append(loanIDs, e.LoanID)
			if e.LoanID == 0 {
				households = append(households, e.BorrowerID)
			}
		}
		if err := lg.prefetchBooks(ctx, loanIDs); err != nil {
			return err
		}
		if err := lg.prefetchSavings(ctx, households); err != nil {
			return err
		}
		for i := len(batch) - 1; i >= 0; i-- {
			orig := batch[i]
			rev := data.Entry{Kind: data.EntryReversal, LoanID: orig.LoanID, BorrowerID: orig.BorrowerID,
				ValueDate: orig.ValueDate, Amount: orig.Amount, Reverses: orig.ID, Ref: ref, Note: reason}
			if err := lg.post(&rev); err != nil {
				return err
			}
		}
		if err := lg.flush(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO collection_reversals (ref, reason, posted_at, user_name) VALUES (?, ?, ?, ?)`,
			ref, reason, st.at, st.user)
		return err
	}
}

// prefetchBooks loads the books of many loans into the ledger in a few queries (loadBooks,
// with packed ledgers), instead of four queries a loan: a transaction day posts onto hundreds
// of loans. The entries carry only what the engine and the rules read
// (no decision, reference or note), which is all posting needs; this ledger is not used to
// show entries.
func (lg *ledger) prefetchBooks(ctx context.Context, ids []int64) error {
	var need []int64
	for _, id := range ids {
		if _, ok := lg.loans[id]; !ok && id != 0 {
			need = append(need, id)
		}
	}
	if len(need) == 0 {
		return nil
	}
	// Every entry, whatever its date: "9999-12-31" stands in for the date entries are read up to.
	books, _, err := loadBooks(ctx, lg.tx, bookQuery{from: ` FROM loans l WHERE l.id IN (` + idList(need) + `) AND ?1 <> ''`,
		args: []any{"9999-12-31"}, orderBy: `l.id`, entries: entriesPacked})
	if err != nil {
		return err
	}
	for i := range books {
		lg.loans[books[i].Loan.ID] = &books[i]
	}
	if lg.settings == nil && len(books) > 0 { // the same settings, not read again for the savings
		set := books[0].Settings
		lg.settings = &set
	}
	return nil
}

// prefetchSavings loads the savings books of many households in one packed query, with the
// entries' engine fields only, as prefetchBooks does for loans.
func (lg *ledger) prefetchSavings(ctx context.Context, ids []int64) error {
	var need []int64
	for _, id := range ids {
		if _, ok := lg.savings[id]; !ok && id != 0 {
			need = append(need, id)
		}
	}
	if len(need) == 0 {
		return nil
	}
	set, err := lg.loadSettings()
	if err != nil {
		return err
	}
	// Every entry, whatever its date: "9999-12-31" stands in for the date.
	return eachPackedSavings(ctx, lg.tx, `b.id IN (`+idList(need)+`)`, []any{"9999-12-31"},
		func(id int64, entries []data.Entry) {
			// Only households that exist get a book, as savingsBook checks.
			lg.savings[id] = &data.Book{Settings: set, Entries: entries}
		})
}

// DayReport sums a point's transaction day from the ledger: every payment, savings movement
// and disbursement dated that day of the households in the point's groups, entries reversed
// since left out, per group and per program, with the cash counted by the day's batches that
// still stand.
func (s *Store) DayReport(ctx context.Context, pointID int64, on data.Date) (data.DayReport, error) {
	r := data.DayReport{PointID: pointID, Date: on}
	if on.IsZero() {
		return r, data.Invalid("collection.date", "required")
	}
	err := s.readPersonal(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT p.code, p.name, c.name FROM points p JOIN communes c ON c.id = p.commune_id
			WHERE p.id = ?`, pointID).Scan(&r.PointCode, &r.PointName, &r.Commune)
		if errors.Is(err, sql.ErrNoRows) {
			return data.NotFound("collection.point", "ID", pointID)
		} else if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT g.id, g.code, g.name, coalesce(l.program_code, ''), e.kind, sum(e.amount)
			FROM entries e
			JOIN borrowers b ON b.id = e.borrower_id
			JOIN savings_groups g ON g.id = b.group_id
			JOIN point_villages pv ON pv.village_id = g.village_id AND pv.point_id = ?1
			LEFT JOIN loans l ON l.id = e.loan_id
			WHERE e.value_date = ?2
				AND (e.kind = 'principal' OR e.kind = 'interest' OR e.kind = 'penalty' OR e.kind = 'deposit'
					OR e.kind = 'withdraw' OR e.kind = 'disburse')
				AND NOT EXISTS (SELECT 1 FROM entries x WHERE x.reverses = e.id)
			GROUP BY g.id, l.program_code, e.kind
			ORDER BY g.code, l.program_code`, pointID, on.String())
		if err != nil {
			return err
		}
		defer rows.Close()
		groupAt := map[int64]int{}
		programAt := map[string]int{}
		for rows.Next() {
			var g data.DayGroup
			var program, kind string
			var amount data.Dong
			if err := rows.Scan(&g.ID, &g.Code, &g.Name, &program, &kind, &amount); err != nil {
				return err
			}
			var f data.DayFigures
			switch data.EntryKind(kind) {
			case data.EntryPrincipal:
				f.Collected.Principal = amount
			case data.EntryInterest:
				f.Collected.Interest = amount
			case data.EntryPenalty:
				f.Collected.Penalty = amount
			case data.EntryDeposit:
				f.Deposits = amount
			case data.EntryWithdraw:
				f.Withdrawals = amount
			case data.EntryDisburse:
				f.Disbursed = amount
			}
			gi, ok := groupAt[g.ID]
			if !ok {
				gi = len(r.Groups)
				groupAt[g.ID] = gi
				r.Groups = append(r.Groups, g)
			}
			r.Groups[gi].Figures = r.Groups[gi].Figures.Add(f)
			if program != "" {
				pi, ok := programAt[program]
				if !ok {
					pi = len(r.Programs)
					programAt[program] = pi
					r.Programs = append(r.Programs, data.DayProgram{Code: program})
				}
				r.Programs[pi].Figures = r.Programs[pi].Figures.Add(f)
			}
			r.Totals = r.Totals.Add(f)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		sort.Slice(r.Programs, func(i, j int) bool { return r.Programs[i].Code < r.Programs[j].Code })

		// Cash counted by the batches of the day that were not reversed.
		cash, err := tx.QueryContext(ctx, `SELECT cc.group_id, g.code, g.name, sum(cc.counted)
			FROM collection_cash cc
			JOIN collection_batches cb ON cb.ref = cc.ref
			JOIN savings_groups g ON g.id = cc.group_id
			WHERE cb.point_id = ? AND cb.value_date = ? AND NOT EXISTS (SELECT 1 FROM collection_reversals cr WHERE cr.ref = cb.ref)
			GROUP BY cc.group_id, g.code, g.name ORDER BY g.code`, pointID, on.String())
		if err != nil {
			return err
		}
		defer cash.Close()
		for cash.Next() {
			var g data.DayGroup
			if err := cash.Scan(&g.ID, &g.Code, &g.Name, &g.Counted); err != nil {
				return err
			}
			if gi, ok := groupAt[g.ID]; ok {
				r.Groups[gi].Counted, r.Groups[gi].HasCount = g.Counted, true
			} else { // counted for a group whose entries were all reversed one by one
				g.HasCount = true
				groupAt[g.ID] = len(r.Groups)
				r.Groups = append(r.Groups, g)
			}
		}
		if err := cash.Err(); err != nil {
			return err
		}
		sort.Slice(r.Groups, func(i, j int) bool { return r.Groups[i].Code < r.Groups[j].Code })

		refs, err := tx.QueryContext(ctx, `SELECT cb.ref FROM collection_batches cb
			WHERE cb.point_id = ? AND cb.value_date = ? AND NOT EXISTS (SELECT 1 FROM collection_reversals cr WHERE cr.ref = cb.ref)
			ORDER BY cb.posted_at, cb.ref`, pointID, on.String())
		if err != nil {
			return err
		}
		defer refs.Close()
		for refs.Next() {
			var ref string
			if err := refs.Scan(&ref); err != nil {
				return err
			}
			r.Batches = append(r.Batches, ref)
		}
		if err := refs.Err(); err != nil {
			return err
		}
		r.Payouts, err = pointPayments(ctx, tx, pointID, on, true)
		return err
	})
	return r, err
}
