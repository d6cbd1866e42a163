package sqlite

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"policycredit/data"
)

// loans inserts the dataset's loans with their rate overrides and original schedules.
func (im *importer) loans(ls []data.Loan, schedules map[int64][]data.Installment) error {
	stmt, err := im.prepare(`INSERT INTO loans (id, contract, borrower_id, group_id, program_code, source, purpose,
		amount, signed_on, term_months, plan_kind, plan_every, plan_grace, plan_course_ends, status, units,
		created_at, created_by, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?17, ?18, ?17, ?18)`)
	if err != nil {
		return err
	}
	rate, err := im.prepare(`INSERT INTO loan_rates (loan_id, effective, rate, decision, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	inst, err := im.prepare(`INSERT INTO installments (loan_id, no, due, principal) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	programs, err := keySet[string](im.ctx, im.tx, `SELECT code FROM programs`)
	if err != nil {
		return err
	}
	im.loanBorrower = make(map[int64]int64, len(ls))
	contracts := seen{}
	for i := range ls {
		l := &ls[i]
		l.Contract, l.Purpose, l.ProgramCode = data.NFC(l.Contract), data.NFC(l.Purpose), data.NFC(l.ProgramCode)
		if l.Status == "" {
			l.Status = data.LoanActive
		}
		err := importLoanErrors(l, programs, im.borrowerIDs, im.groupCommune).Err()
		if err == nil && im.loanBorrower[l.ID] != 0 {
			err = data.Conflict("loan.id", "duplicate", "Value", l.ID)
		}
		if err == nil && !contracts.add(l.Contract) {
			err = data.Conflict("loan.contract", "duplicate", "Value", l.Contract)
		}
		sched := schedules[l.ID]
		if err == nil {
			if len(sched) == 0 {
				sched, err = data.BuildSchedule(*l)
			} else {
				err = scheduleErrors(sched).Err()
			}
		}
		if err == nil {
			_, err = stmt.ExecContext(im.ctx, l.ID, l.Contract, l.BorrowerID, nullID(l.GroupID), l.ProgramCode, string(l.Source),
				l.Purpose, l.Amount, l.SignedOn.String(), l.TermMonths, string(l.Plan.Kind), l.Plan.EveryMonths,
				l.Plan.GraceMonths, l.Plan.CourseEnds.String(), string(l.Status), l.Units, im.st.at, im.st.user)
		}
		for _, r := range l.RateOverrides {
			if err == nil {
				_, err = rate.ExecContext(im.ctx, l.ID, r.Effective.String(), r.Rate, data.NFC(r.Decision), im.st.at, im.st.user)
			}
		}
		for _, in := range sched {
			if err == nil {
				_, err = inst.ExecContext(im.ctx, l.ID, in.No, in.Due.String(), in.Principal)
			}
		}
		if err != nil {
			return recordErr("loan", i, l.Contract, err)
		}
		im.loanBorrower[l.ID] = l.BorrowerID
	}
	return nil
}

// importLoanErrors checks an imported loan's own fields and references. The program's current
// limits are not applied: the bank's record may predate them.
func importLoanErrors(l *data.Loan, programs map[string]bool, borrowers map[int64]bool, groups map[int64]int64) data.Errors {
	var errs data.Errors
	errs.Add(requireIDErr("loan.id", l.ID))
	errs.Add(data.ValidateCode("loan.contract", l.Contract, 30))
	if !borrowers[l.BorrowerID] {
		errs.Add(data.NotFound("loan.borrower", "ID", l.BorrowerID))
	}
	if _, ok := groups[l.GroupID]; l.GroupID != 0 && !ok {
		errs.Add(data.NotFound("loan.group", "ID", l.GroupID))
	}
	if !programs[l.ProgramCode] {
		errs.Add(data.NotFound("loan.program", "Code", l.ProgramCode))
	}
	switch l.Source {
	case data.SourceCentral, data.SourceProvince, data.SourceLocal:
	default:
		errs.Add(data.Invalid("loan.source", "one_of"))
	}
	if l.Amount <= 0 {
		errs.Add(data.Invalid("loan.amount", "positive"))
	}
	if l.TermMonths < 1 || l.TermMonths > 600 {
		errs.Add(data.Invalid("loan.term", "range", "Min", 1, "Max", 600))
	}
	if l.SignedOn.IsZero() {
		errs.Add(data.Invalid("loan.signed_on", "required"))
	}
	switch l.Plan.Kind {
	case data.PlanEqual, data.PlanCustom, data.PlanStudent:
	default:
		errs.Add(data.Invalid("loan.plan", "one_of"))
	}
	switch l.Status {
	case data.LoanActive, data.LoanClosed, data.LoanWrittenOff:
	default:
		errs.Add(data.Invalid("loan.status", "one_of"))
	}
	for i, r := range l.RateOverrides {
		switch {
		case r.Effective.IsZero():
			errs.Add(data.Invalid("loan.rate", "required"))
		case i > 0 && !r.Effective.After(l.RateOverrides[i-1].Effective):
			errs.Add(data.Invalid("loan.rate", "rate_order"))
		}
		if r.Rate <= 0 || r.Rate > 50_000 {
			errs.Add(data.Invalid("loan.rate", "rate_range", "Max", "5"))
		}
	}
	return errs
}

func requireIDErr(field string, id int64) *data.Error {
	if id <= 0 {
		return data.Invalid(field, "required")
	}
	return nil
}

// scheduleErrors checks an imported schedule: installments numbered 1, 2, … with a due date
// and a principal that is not negative.
func scheduleErrors(sched []data.Installment) data.Errors {
	var errs data.Errors
	for i, in := range sched {
		if in.No != i+1 || in.Due.IsZero() || in.Principal < 0 {
			errs.Add(data.Invalid("loan.schedule", "schedule_invalid", "No", i+1))
			break
		}
	}
	return errs
}

// entries inserts the dataset's ledger. IDs must rise in posting order; a reversal names an
// earlier entry of the same ledger (loan, or household savings), not a reversal, once.
func (im *importer) entries(es []data.Entry) error {
	// The ledger of an office is millions of rows: its indexes are built once at the end,
	// from sorted data, rather than entry by entry (about three times faster). The statements
	// come from the schema itself; the transaction restores them if the import fails.
	indexes, err := dropIndexes(im.ctx, im.tx, "entries", im.st.pg)
	if err != nil {
		return err
	}
	stmt, err := im.prepare(`INSERT INTO entries (id, loan_id, borrower_id, kind, value_date, amount, installment,
		new_date, decision, decision_date, reverses, ref, note, posted_at, user_name, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	chain, err := loadChainHead(im.ctx, im.tx, entriesChain)
	if err != nil {
		return err
	}
	reversed := map[int64]bool{}
	dates := map[data.Date]string{}
	dateText := func(d data.Date) string {
		if d.IsZero() {
			return ""
		}
		s, ok := dates[d]
		if !ok {
			s = d.String()
			dates[d] = s
		}
		return s
	}
	var lastID int64
	for i := range es {
		e := &es[i]
		err := im.entryError(es[:i], e, lastID, reversed)
		if err == nil {
			posted, user := im.st.at, im.st.user
			if !e.PostedAt.IsZero() {
				posted = e.PostedAt.UTC().Format(time.RFC3339)
			}
			if e.User != "" {
				user = e.User
			}
			r := entryRow{id: e.ID, loanID: e.LoanID, borrowerID: e.BorrowerID, kind: string(e.Kind),
				valueDate: dateText(e.ValueDate), amount: int64(e.Amount), installment: int64(e.Installment),
				newDate: dateText(e.NewDate), decision: e.Decision, decisionDate: dateText(e.DecisionDate),
				reverses: e.Reverses, ref: e.Ref, note: e.Note, at: posted, user: user}
			hash := r.hash(&chain.buf, chain.hash)
			_, err = stmt.ExecContext(im.ctx, r.id, nullID(r.loanID), r.borrowerID, r.kind, r.valueDate, r.amount,
				r.installment, r.newDate, r.decision, r.decisionDate, nullID(r.reverses), r.ref, r.note, r.at, r.user, hash)
			if err == nil {
				chain.advance(r.id, hash)
			}
		}
		if err != nil {
			return recordErr("entry", i, idString(e.ID), err)
		}
		lastID = e.ID
		if e.Kind == data.EntryReversal {
			reversed[e.Reverses] = true
		}
	}
	for _, q := range indexes {
		if _, err := im.tx.ExecContext(im.ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// dateMoves checks the reschedules and extensions of the imported ledger with the rules the
// desk applies (data.CheckDateMoves): moved due dates are what keeps debt out of the overdue
// ratio, so no path may bring in a move the desk would refuse. Only the loans that have such
// entries are replayed.
func (im *importer) dateMoves(ds *data.Dataset) error {
	moved := map[int64]bool{}
	for i := range ds.Entries {
		if k := ds.Entries[i].Kind; k == data.EntryReschedule || k == data.EntryExtend {
			moved[ds.Entries[i].LoanID] = true
		}
	}
	if len(moved) == 0 {
		return nil
	}
	entries := map[int64][]data.Entry{}
	index := map[int64]int{}
	for i := range ds.Entries {
		if e := &ds.Entries[i]; moved[e.LoanID] {
			entries[e.LoanID] = append(entries[e.LoanID], *e)
			index[e.ID] = i
		}
	}
	settings, err := loadSettings(im.ctx, im.tx)
	if err != nil {
		return err
	}
	terms, err := loadProgramTerms(im.ctx, im.tx)
	if err != nil {
		return err
	}
	for i := range ds.Loans {
		l := ds.Loans[i]
		if !moved[l.ID] {
			continue
		}
		b := data.Book{Loan: l, Schedule: ds.Schedules[l.ID], Entries: entries[l.ID], Rates: terms.rates[l.ProgramCode],
			Settings: settings, ExtensionMaxMonths: terms.extension[l.ProgramCode]}
		if bad, err := data.CheckDateMoves(b); err != nil {
			return recordErr("entry", index[bad.ID], idString(bad.ID), err)
		}
	}
	return nil
}

// dropIndexes drops the indexes of a table that the schema created (not those behind a key or a
// unique constraint) and returns the statements that create them again: from sqlite_master,
// or on PostgreSQL (pg) from pg_get_indexdef.
func dropIndexes(ctx context.Context, tx *sql.Tx, table string, pg bool) ([]string, error) {
	query := `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL
		ORDER BY name`
	if pg {
		query = `SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
			JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
			WHERE t.relname = ? AND t.relnamespace = current_schema()::regnamespace
				AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
			ORDER BY i.relname`
	}
	rows, err := tx.QueryContext(ctx, query, table)
	if err != nil {
		return nil, err
	}
	var names, stmts []string
	for rows.Next() {
		var name, q string
		if err := rows.Scan(&name, &q); err != nil {
			rows.Close()
			return nil, err
		}
		names, stmts = append(names, name), append(stmts, q)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+name+`"`); err != nil {
			return nil, err
		}
	}
	return stmts, nil
}

// entryError checks one imported entry against the entries before it (sorted by ID).
func (im *importer) entryError(earlier []data.Entry, e *data.Entry, lastID int64, reversed map[int64]bool) error {
	if e.ID <= lastID {
		return data.Invalid("entry.id", "posting_order", "Value", e.ID)
	}
	if _, ok := data.InfoOf(e.Kind); !ok {
		return data.Invalid("entry.kind", "one_of")
	}
	var errs data.Errors
	if e.ValueDate.IsZero() {
		errs.Add(data.Invalid("entry.value_date", "required"))
	}
	if e.Amount < 0 {
		errs.Add(data.Invalid("entry.amount", "not_negative"))
	}
	if e.LoanID != 0 {
		owner, ok := im.loanBorrower[e.LoanID]
		switch {
		case !ok:
			errs.Add(data.NotFound("entry.loan", "ID", e.LoanID))
		case e.BorrowerID == 0:
			e.BorrowerID = owner
		case e.BorrowerID != owner:
			errs.Add(data.Invalid("entry.borrower", "not_loan_borrower"))
		}
		if isSavingsKind(e.Kind) {
			e.LoanID = 0 // a household's savings, given with its loan, as Post does
		}
	} else {
		switch {
		case e.Kind != data.EntryReversal && !isSavingsKind(e.Kind):
			errs.Add(data.Invalid("entry.loan", "required"))
		case e.BorrowerID == 0:
			errs.Add(data.Invalid("entry.borrower", "required"))
		case !im.borrowerIDs[e.BorrowerID]:
			errs.Add(data.NotFound("entry.borrower", "ID", e.BorrowerID))
		}
	}
	if e.Kind == data.EntryReversal {
		errs.Add(reversalError(earlier, e, reversed))
	} else if e.Reverses != 0 {
		errs.Add(data.Invalid("entry.reverses", "only_reversal"))
	}
	return errs.Err()
}

// reversalError checks that a reversal names an earlier entry of the same ledger, not a
// reversal, not reversed yet.
func reversalError(earlier []data.Entry, e *data.Entry, reversed map[int64]bool) *data.Error {
	if e.Reverses == 0 {
		return data.Invalid("entry.reverses", "required")
	}
	k := sort.Search(len(earlier), func(i int) bool { return earlier[i].ID >= e.Reverses })
	if k == len(earlier) || earlier[k].ID != e.Reverses {
		return data.NotFound("entry.reverses", "ID", e.Reverses)
	}
	orig := &earlier[k]
	switch {
	case orig.LoanID != e.LoanID || orig.BorrowerID != e.BorrowerID:
		return data.NotFound("entry.reverses", "ID", e.Reverses)
	case orig.Kind == data.EntryReversal:
		return data.Invalid("entry.reverses", "reverses_reversal")
	case reversed[e.Reverses]:
		return data.Conflict("entry.reverses", "already_reversed")
	}
	return nil
}

// balances computes loan_balances, loan_year_effects and savings_balances from the imported
// ledger in SQL.
func (im *importer) balances() error {
	if _, err := writeLoanBalances(im.ctx, im.tx); err != nil {
		return err
	}
	if _, err := writeYearEffects(im.ctx, im.tx); err != nil {
		return err
	}
	_, err := writeSavingsBalances(im.ctx, im.tx)
	return err
}
