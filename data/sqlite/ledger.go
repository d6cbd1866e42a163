package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"policycredit/data"
)

// The ledger is append-only: entries are inserted, never updated or deleted (triggers in
// 0002_loans.sql refuse both). loan_balances, loan_year_effects and savings_balances are
// derived from it and kept in the same transaction as every entry; Check compares them with
// the ledger and RebuildBalances recomputes them.

const entryColumns = `e.id, coalesce(e.loan_id, 0), e.borrower_id, e.kind, e.value_date, e.amount, e.installment,
	e.new_date, e.decision, e.decision_date, coalesce(e.reverses, 0), e.ref, e.note, e.posted_at, e.user_name`

// loadEntries reads the entries a WHERE clause selects, in posting order.
func loadEntries(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]data.Entry, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+entryColumns+` FROM entries e `+where+` ORDER BY e.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	dates := newDateCache()
	var out []data.Entry
	for rows.Next() {
		var e data.Entry
		var kind, value, newDate, decisionDate, posted string
		if err := rows.Scan(&e.ID, &e.LoanID, &e.BorrowerID, &kind, &value, &e.Amount, &e.Installment, &newDate,
			&e.Decision, &decisionDate, &e.Reverses, &e.Ref, &e.Note, &posted, &e.User); err != nil {
			return nil, err
		}
		e.Kind = entryKind(kind)
		if e.ValueDate, err = dates.parse(value); err != nil {
			return nil, err
		}
		if e.NewDate, err = dates.parse(newDate); err != nil {
			return nil, err
		}
		if e.DecisionDate, err = dates.parse(decisionDate); err != nil {
			return nil, err
		}
		if e.PostedAt, err = time.Parse(time.RFC3339, posted); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// entryKind reuses the kind's constant instead of allocating a string per row.
func entryKind(s string) data.EntryKind {
	if k, ok := data.KindNamed(s); ok {
		return k
	}
	return data.EntryKind(s)
}

// ledgerOf is the ledger an entry kind belongs to; 0 for an unknown kind.
func ledgerOf(k data.EntryKind) data.Ledger {
	info, _ := data.InfoOf(k)
	return info.Ledger
}

func isSavingsKind(k data.EntryKind) bool { return ledgerOf(k) == data.SavingsLedger }

// dateCache parses the few thousand distinct dates of a large read once each.
type dateCache map[string]data.Date

func newDateCache() dateCache { return dateCache{} }

func (c dateCache) parse(s string) (data.Date, error) {
	if s == "" {
		return data.Date{}, nil
	}
	if d, ok := c[s]; ok {
		return d, nil
	}
	d, err := data.ParseDate(s)
	if err == nil {
		c[s] = d
	}
	return d, err
}

// ledger posts entries within one transaction. It keeps the books it has read, with the
// entries posted since, so that each entry of a batch is checked against the state that
// includes the earlier ones.
type ledger struct {
	ctx      context.Context
	tx       *sql.Tx
	ex       execer // tx, or a statement cache over it for long batches
	st       stamp
	postedAt time.Time
	settings *data.Settings
	loans    map[int64]*data.Book // by loan ID
	savings  map[int64]*data.Book // by borrower ID: Entries are the household's savings entries
	dates    *dateGuard           // read once per transaction
	// history is set by the file import: its entries record decisions already made, so a
	// reschedule or extension is checked on its own date only, not against the posting day.
	history bool
	chain   *chainHead  // the ledger's hash chain, read on the first entry posted (chain.go)
	held    *heldWrites // writes held until flush, on PostgreSQL (ledger_batch.go); nil: written at once
}

// dateGuard is what bounds the dates of new entries: the last closed month and the posting
// range (closing.go).
type dateGuard struct {
	closed   data.Month
	from, to data.Date
}

// refuseDate refuses an entry dated in a closed month or outside the posting range.
func (lg *ledger) refuseDate(on data.Date, field string) error {
	if lg.dates == nil {
		g := dateGuard{}
		var err error
		if g.closed, err = closedThrough(lg.ctx, lg.tx); err != nil {
			return err
		}
		if g.from, g.to, err = postingRange(lg.ctx, lg.tx, lg.st); err != nil {
			return err
		}
		lg.dates = &g
	}
	if err := data.ClosedMonthError(lg.dates.closed, on, field); err != nil {
		return err
	}
	return data.DateRangeError(field, on, lg.dates.from, lg.dates.to)
}

// refuseClosedOnly refuses a date in a closed month, whatever the posting range.
func (lg *ledger) refuseClosedOnly(on data.Date, field string) error {
	if err := lg.refuseDate(data.Date{}, field); err != nil { // loads the guard
		return err
	}
	return data.ClosedMonthError(lg.dates.closed, on, field)
}

func newLedger(ctx context.Context, tx *sql.Tx, st stamp) *ledger {
	at, _ := time.Parse(time.RFC3339, st.at)
	return &ledger{ctx: ctx, tx: tx, ex: tx, st: st, postedAt: at, loans: map[int64]*data.Book{}, savings: map[int64]*data.Book{}}
}

func (lg *ledger) loadSettings() (data.Settings, error) {
	if lg.settings == nil {
		s, err := loadSettings(lg.ctx, lg.tx)
		if err != nil {
			return s, err
		}
		lg.settings = &s
	}
	return *lg.settings, nil
}

// loanBook is the book of a loan; a missing loan is data.NotFound(field).
func (lg *ledger) loanBook(loanID int64, field string) (*data.Book, error) {
	if b, ok := lg.loans[loanID]; ok {
		return b, nil
	}
	l, err := loadLoan(lg.ctx, lg.tx, field, `WHERE l.id = ?`, loanID)
	if err != nil {
		return nil, err
	}
	b := data.Book{Loan: l}
	if b.Schedule, err = loadSchedule(lg.ctx, lg.tx, l.ID); err != nil {
		return nil, err
	}
	if b.Entries, err = loadEntries(lg.ctx, lg.tx, `WHERE e.loan_id = ?`, l.ID); err != nil {
		return nil, err
	}
	if b.Rates, err = programRates(lg.ctx, lg.tx, l.ProgramCode); err != nil {
		return nil, err
	}
	if b.Settings, err = lg.loadSettings(); err != nil {
		return nil, err
	}
	if b.ExtensionMaxMonths, err = programExtensionLimit(lg.ctx, lg.tx, l.ProgramCode); err != nil {
		return nil, err
	}
	lg.loans[loanID] = &b
	return &b, nil
}

// programRates are a program's dated rates, by its code.
func programRates(ctx context.Context, tx *sql.Tx, code string) ([]data.RatePeriod, error) {
	rates, err := loadRates(ctx, tx, `WHERE p.code = ?`, code)
	for _, rs := range rates {
		return rs, err
	}
	return nil, err
}

// programExtensionLimit is a program's limit on extensions, in months (0: the office setting).
func programExtensionLimit(ctx context.Context, tx *sql.Tx, code string) (int, error) {
	var months int
	err := tx.QueryRowContext(ctx, `SELECT extension_max_months FROM programs WHERE code = ?`, code).Scan(&months)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return months, err
}

// loanByContract finds a loan's book by contract number; a missing one is data.NotFound("loan").
func (lg *ledger) loanByContract(contract string) (*data.Book, error) {
	contract = data.NFC(contract)
	var id int64
	err := lg.tx.QueryRowContext(lg.ctx, `SELECT id FROM loans WHERE contract = ?`, contract).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, data.NotFound("loan", "Contract", contract)
	} else if err != nil {
		return nil, err
	}
	return lg.loanBook(id, "loan")
}

// savingsBook is a household's savings ledger; a missing household is data.NotFound.
func (lg *ledger) savingsBook(borrowerID int64) (*data.Book, error) {
	if b, ok := lg.savings[borrowerID]; ok {
		return b, nil
	}
	if borrowerID == 0 {
		return nil, data.Invalid("entry.borrower", "required")
	}
	if ok, err := exists(lg.ctx, lg.tx, `SELECT 1 FROM borrowers WHERE id = ?`, borrowerID); err != nil {
		return nil, err
	} else if !ok {
		return nil, data.NotFound("entry.borrower", "ID", borrowerID)
	}
	set, err := lg.loadSettings()
	if err != nil {
		return nil, err
	}
	b := data.Book{Settings: set}
	if b.Entries, err = loadEntries(lg.ctx, lg.tx, `WHERE e.loan_id IS NULL AND e.borrower_id = ?`, borrowerID); err != nil {
		return nil, err
	}
	lg.savings[borrowerID] = &b
	return &b, nil
}

// check normalises e, finds the book it belongs to and checks it with data.CheckEntry. A
// savings entry (deposit, withdraw, savings interest) given with a loan goes to the savings of
// the loan's household; a reversal goes to the ledger of its LoanID (0: savings).
func (lg *ledger) check(e *data.Entry) (*data.Book, error) {
	e.ID, e.PostedAt, e.User = 0, time.Time{}, ""
	e.Ref, e.Note, e.Decision = data.NFC(e.Ref), data.NFC(e.Note), data.NFC(e.Decision)
	var b *data.Book
	var err error
	switch {
	case e.LoanID != 0:
		if b, err = lg.loanBook(e.LoanID, "entry.loan"); err != nil {
			return nil, err
		}
		switch {
		case e.BorrowerID == 0:
			e.BorrowerID = b.Loan.BorrowerID
		case e.BorrowerID != b.Loan.BorrowerID:
			return nil, data.Invalid("entry.borrower", "not_loan_borrower", "Contract", b.Loan.Contract)
		}
		if isSavingsKind(e.Kind) {
			e.LoanID = 0
			if b, err = lg.savingsBook(e.BorrowerID); err != nil {
				return nil, err
			}
		}
	case ledgerOf(e.Kind) == data.SavingsLedger || ledgerOf(e.Kind) == data.AnyLedger:
		if b, err = lg.savingsBook(e.BorrowerID); err != nil {
			return nil, err
		}
	case ledgerOf(e.Kind) == 0:
		return nil, data.Invalid("entry.kind", "one_of")
	default:
		return nil, data.Invalid("entry.loan", "required")
	}
	if err := lg.refuseDate(e.ValueDate, "entry.value_date"); err != nil {
		return nil, err
	}
	if e.Kind == data.EntryReversal {
		// Reversing an entry of a closed month would change that month's reports.
		for i := range b.Entries {
			if x := &b.Entries[i]; x.ID == e.Reverses && x.ID != 0 {
				if err := lg.refuseClosedOnly(x.ValueDate, "entry.reverses"); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := data.CheckEntry(*b, *e); err != nil {
		return nil, err
	}
	if !lg.history {
		if err := data.CheckMoveNotLate(*b, *e, lg.dates.to); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// append inserts a checked entry, updates the balances and the loan's status, and adds the
// entry to its book; e.ID, e.PostedAt and e.User are set.
func (lg *ledger) append(b *data.Book, e *data.Entry) error {
	id, err := lg.insertEntry(entryRow{loanID: e.LoanID, borrowerID: e.BorrowerID, kind: string(e.Kind),
		valueDate: e.ValueDate.String(), amount: int64(e.Amount), installment: int64(e.Installment),
		newDate: e.NewDate.String(), decision: e.Decision, decisionDate: e.DecisionDate.String(), reverses: e.Reverses,
		ref: e.Ref, note: e.Note, at: lg.st.at, user: lg.st.user})
	if err != nil {
		return err
	}
	e.ID = id
	e.PostedAt, e.User = lg.postedAt, lg.st.user
	d := effectOf(*e, b.Entries)
	b.Entries = append(b.Entries, *e)
	if h := lg.held; h != nil {
		return lg.appendHeld(h, b, e, d)
	}
	if e.LoanID == 0 {
		_, err := lg.ex.ExecContext(lg.ctx, `INSERT INTO savings_balances (borrower_id, balance) VALUES (?, ?)
			ON CONFLICT (borrower_id) DO UPDATE SET balance = savings_balances.balance + excluded.balance`, e.BorrowerID, d.savings)
		return err
	}
	if _, err := lg.ex.ExecContext(lg.ctx, `UPDATE loan_balances SET disbursed = disbursed + ?, principal_repaid = principal_repaid + ?,
		interest_paid = interest_paid + ?, penalty_paid = penalty_paid + ?, frozen = frozen + ?,
		written_off = written_off + ?, entries = entries + 1, last_value_date = max(last_value_date, ?)
		WHERE loan_id = ?`, d.disbursed, d.repaid, d.interest, d.penalty, d.frozen, d.writtenOff,
		e.ValueDate.String(), e.LoanID); err != nil {
		return err
	}
	if d.disbursed > 0 { // money lent from a local-capital pool must be there
		if err := checkLoanPool(lg.ctx, lg.tx, e.LoanID); err != nil {
			return err
		}
	}
	// Entries that move no principal (interest, freezes…) need no row: a missing one is 0.
	if p := d.disbursed - d.repaid - d.writtenOff; p != 0 {
		if _, err := lg.ex.ExecContext(lg.ctx, `INSERT INTO loan_year_effects (loan_id, year, effect) VALUES (?, ?, ?)
			ON CONFLICT (loan_id, year) DO UPDATE SET effect = loan_year_effects.effect + excluded.effect`,
			e.LoanID, yearOf(e.ValueDate), p); err != nil {
			return err
		}
	}
	return lg.updateStatus(b)
}

// appendHeld is append's bookkeeping for a ledger that holds its writes: the balances and
// year effects are added up for flush; the loan's status is written at once (rarely changed).
func (lg *ledger) appendHeld(h *heldWrites, b *data.Book, e *data.Entry, d effect) error {
	if e.LoanID == 0 {
		h.savings[e.BorrowerID] += int64(d.savings)
		return nil
	}
	h.holdLoan(e.LoanID, d, e.ValueDate.String())
	if p := d.disbursed - d.repaid - d.writtenOff; p != 0 {
		h.years[loanYear{e.LoanID, yearOf(e.ValueDate)}] += int64(p)
	}
	if d.disbursed > 0 { // the pool's check reads the balances: they must be written first
		if err := lg.flush(); err != nil {
			return err
		}
		if err := checkLoanPool(lg.ctx, lg.tx, e.LoanID); err != nil {
			return err
		}
	}
	return lg.updateStatus(b)
}

// appendOpening inserts the entries an import makes to give a loan its balances on a cut-off
// date, and writes the balances, year effects and status once for all of
// them. They are built, not typed, so CheckEntry does not see them one by one: the import
// checks the position they give.
func (lg *ledger) appendOpening(b *data.Book, es []data.Entry) error {
	for _, e := range es {
		if err := lg.refuseDate(e.ValueDate, "entry.value_date"); err != nil {
			return err
		}
	}
	ids := make([]int64, len(es))
	for i, e := range es {
		// One row a statement: SQLite checks the tables that refer to entries for every row
		// of a multi-row insert, and not for a single row.
		id, err := lg.insertEntry(entryRow{loanID: e.LoanID, borrowerID: e.BorrowerID, kind: string(e.Kind),
			valueDate: e.ValueDate.String(), amount: int64(e.Amount), decision: e.Decision,
			decisionDate: e.DecisionDate.String(), ref: e.Ref, at: lg.st.at, user: lg.st.user})
		if err != nil {
			return err
		}
		ids[i] = id
	}
	var sum effect
	years := map[int]data.Dong{}
	lastDate := ""
	for i := range es {
		e := es[i]
		e.ID, e.PostedAt, e.User = ids[i], lg.postedAt, lg.st.user
		d := effectOf(e, b.Entries)
		sum.disbursed += d.disbursed
		sum.repaid += d.repaid
		sum.interest += d.interest
		sum.penalty += d.penalty
		sum.frozen += d.frozen
		sum.writtenOff += d.writtenOff
		if p := d.disbursed - d.repaid - d.writtenOff; p != 0 {
			years[yearOf(e.ValueDate)] += p
		}
		if v := e.ValueDate.String(); v > lastDate {
			lastDate = v
		}
		b.Entries = append(b.Entries, e)
	}
	if _, err := lg.ex.ExecContext(lg.ctx, `UPDATE loan_balances SET disbursed = disbursed + ?, principal_repaid = principal_repaid + ?,
		interest_paid = interest_paid + ?, penalty_paid = penalty_paid + ?, frozen = frozen + ?,
		written_off = written_off + ?, entries = entries + ?, last_value_date = max(last_value_date, ?)
		WHERE loan_id = ?`, sum.disbursed, sum.repaid, sum.interest, sum.penalty, sum.frozen, sum.writtenOff,
		len(es), lastDate, b.Loan.ID); err != nil {
		return err
	}
	for year, p := range years {
		if _, err := lg.ex.ExecContext(lg.ctx, `INSERT INTO loan_year_effects (loan_id, year, effect) VALUES (?, ?, ?)
			ON CONFLICT (loan_id, year) DO UPDATE SET effect = loan_year_effects.effect + excluded.effect`, b.Loan.ID, year, p); err != nil {
			return err
		}
	}
	return lg.updateStatus(b)
}

// post checks and appends one entry.
func (lg *ledger) post(e *data.Entry) error {
	b, err := lg.check(e)
	if err != nil {
		return err
	}
	return lg.append(b, e)
}

// updateStatus sets the loan's status from its position on its latest value date: closed once
// nothing is owed, written off once no principal is left and some was written off.
func (lg *ledger) updateStatus(b *data.Book) error {
	var last data.Date
	for i := range b.Entries {
		if d := b.Entries[i].ValueDate; d.After(last) {
			last = d
		}
	}
	status := data.LoanActive
	if !last.IsZero() {
		p, err := data.PositionOn(*b, last)
		if err != nil {
			return err
		}
		// Closed once nothing is owed: written off when some principal or interest was
		// written off, else repaid. Interest still due keeps a written-off loan active.
		switch {
		case p.Disbursed <= 0 || p.Principal() > 0 || p.InterestDue > 0 || p.PenaltyDue > 0:
		case p.WrittenOff > 0 || p.InterestWrittenOff > 0 || p.PenaltyWrittenOff > 0:
			status = data.LoanWrittenOff
		default:
			status = data.LoanClosed
		}
	}
	if status == b.Loan.Status {
		return nil
	}
	b.Loan.Status = status
	_, err := lg.ex.ExecContext(lg.ctx, `UPDATE loans SET status = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
		string(status), lg.st.at, lg.st.user, b.Loan.ID)
	return err
}

// refreshSettledStatuses recomputes the status of the settled loans (closed or written off)
// that a new rate or rule period effective from `from` can reach, those of program code (""
// for every program) with an entry dated on or after from: a rate or penalty raised in the
// past makes such a loan owe again, and the lists leave settled loans out.
func (lg *ledger) refreshSettledStatuses(code string, from data.Date) error {
	rows, err := lg.tx.QueryContext(lg.ctx, `SELECT l.id FROM loans l JOIN loan_balances lb ON lb.loan_id = l.id
		WHERE l.status <> 'active' AND lb.last_value_date >= ?1 AND (?2 = '' OR l.program_code = ?2)`, from.String(), code)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		b, err := lg.loanBook(id, "loan")
		if err != nil {
			return err
		}
		if err := lg.updateStatus(b); err != nil {
			return err
		}
	}
	return nil
}

// effect is what one entry adds to the balance columns.
type effect struct {
	disbursed, repaid, interest, penalty, frozen, writtenOff, savings data.Dong
}

// effectOf is e's contribution to the balances; a reversal takes back the entry it names
// (found in earlier), and a reversal of a reversal does nothing, as in the engine.
func effectOf(e data.Entry, earlier []data.Entry) effect {
	kind, amount := e.Kind, e.Amount
	if e.Kind == data.EntryReversal {
		kind, amount = "", 0
		for i := range earlier {
			if earlier[i].ID == e.Reverses {
				kind, amount = earlier[i].Kind, -earlier[i].Amount
			}
		}
	}
	var d effect
	info, _ := data.InfoOf(kind)
	amount *= info.Sign
	switch info.Moves {
	case data.BalDisbursed:
		d.disbursed = amount
	case data.BalRepaid:
		d.repaid = amount
	case data.BalInterest:
		d.interest = amount
	case data.BalPenalty:
		d.penalty = amount
	case data.BalFrozen:
		d.frozen = amount
	case data.BalWrittenOff:
		d.writtenOff = amount
	case data.BalSavings:
		d.savings = amount
	}
	return d
}

// Post checks one entry against its loan's book (or the household's savings) with
// data.CheckEntry and appends it to the ledger, updating the balances and the loan's status in
// the same transaction. The store sets e.ID, e.PostedAt and e.User. A savings entry
// (deposit, withdraw, savings interest) has LoanID 0; given with a loan, it goes to the
// savings of the loan's household.
func (s *Store) Post(ctx context.Context, e *data.Entry) error {
	q := *e
	c, fn := s.postChange(postArgs{Entry: q}, &q)
	err := s.change(ctx, c, fn)
	if err == nil {
		*e = q
	}
	return err
}

type postArgs struct {
	Entry data.Entry `json:"entry"`
}

// postChange is one entry posted; a move, freeze, write-off or reversal waits for approval,
// and the approver reads the loan's position before and after.
func (s *Store) postChange(a postArgs, out *data.Entry) (change, txFunc) {
	e := a.Entry
	loanID, on := e.LoanID, e.ValueDate
	describe := func(ctx context.Context, tx *sql.Tx) (any, error) {
		id := loanID
		if e.Kind == data.EntryReversal && id == 0 {
			if err := tx.QueryRowContext(ctx, `SELECT coalesce(loan_id, 0) FROM entries WHERE id = ?`, e.Reverses).Scan(&id); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, err
			}
		}
		return loanSummaries(ctx, tx, []int64{id}, on)
	}
	return change{action: data.ActionForKind(e.Kind), method: "Post", args: a, subject: string(e.Kind), note: e.Decision + " " + e.Note, describe: describe},
		func(ctx context.Context, tx *sql.Tx, st stamp) error {
			q := e
			if err := newLedger(ctx, tx, st).post(&q); err != nil {
				return err
			}
			if out != nil {
				*out = q
			}
			return nil
		}
}

// loanSummary is what an approver reads of a loan: its position on a date.
type loanSummary struct {
	Contract      string    `json:"contract"`
	On            string    `json:"on"`
	Principal     data.Dong `json:"principal"`
	Current       data.Dong `json:"current"`
	Overdue       data.Dong `json:"overdue"`
	Frozen        data.Dong `json:"frozen"`
	WrittenOff    data.Dong `json:"written_off"`
	InterestDue   data.Dong `json:"interest_due"`
	PenaltyDue    data.Dong `json:"penalty_due"`
	DaysOverdue   int       `json:"days_overdue"`
	Maturity      string    `json:"maturity"`
	NextDue       string    `json:"next_due,omitempty"`
	NextPrincipal data.Dong `json:"next_principal,omitempty"`
}

// loanSummaries reads the positions of loans on a date, for a request's before and after.
func loanSummaries(ctx context.Context, tx *sql.Tx, ids []int64, on data.Date) ([]loanSummary, error) {
	lg := newLedger(ctx, tx, stamp{})
	var out []loanSummary
	for _, id := range ids {
		if id == 0 {
			continue
		}
		b, err := lg.loanBook(id, "entry.loan")
		if err != nil {
			return nil, err
		}
		p, err := data.PositionOn(*b, on)
		if err != nil {
			return nil, err
		}
		ls := loanSummary{Contract: b.Loan.Contract, On: on.String(), Principal: p.Principal(), Current: p.Current, Overdue: p.Overdue,
			Frozen: p.Frozen, WrittenOff: p.WrittenOff, InterestDue: p.InterestDue, PenaltyDue: p.PenaltyDue,
			DaysOverdue: p.DaysOverdue, Maturity: p.Maturity.String()}
		if p.Next != nil {
			ls.NextDue, ls.NextPrincipal = p.Next.Due.String(), p.Next.Principal
		}
		out = append(out, ls)
	}
	return out, nil
}

// withLine copies a typed error with its batch line number added.
func withLine(e *data.Error, line int) *data.Error {
	c := *e
	c.Params = make(map[string]any, len(e.Params)+1)
	for k, v := range e.Params {
		c.Params[k] = v
	}
	c.Params["Line"] = line
	return &c
}

// PostPayment posts a payment on a loan, named by p.LoanID or p.Contract, in one
// transaction: its split (p.Parts, or the usual one on the loan's position) as penalty,
// interest and principal entries, after the withdrawal from savings when p.FromSavings. Every
// refusal of its entries is reported, each with "Line": the entry's place in the payment
// (data.Payment.Entries). It returns the split.
func (s *Store) PostPayment(ctx context.Context, p data.Payment) (data.Split, error) {
	var split data.Split
	err := s.writeRerun(ctx, data.ActCash, func(tx *sql.Tx, st stamp) (err error) {
		split, _, err = newLedger(ctx, tx, st).pay(p)
		return err
	})
	if err != nil {
		return data.Split{}, err
	}
	return split, nil
}

// pay posts a payment and returns its split and the entries it made. Each entry is checked
// against the state the earlier ones leave, and appended even after a refusal so that the
// later ones are checked as they would be posted; the transaction is rolled back anyway.
func (lg *ledger) pay(p data.Payment) (data.Split, []data.Entry, error) {
	var b *data.Book
	var err error
	switch {
	case p.LoanID != 0:
		b, err = lg.loanBook(p.LoanID, "entry.loan")
	case p.Contract != "":
		b, err = lg.loanByContract(p.Contract)
	default:
		err = data.Invalid("entry.loan", "required")
	}
	if err != nil {
		return data.Split{}, nil, err
	}
	split, entries, err := p.Entries(*b)
	if err != nil {
		return data.Split{}, nil, err
	}
	var errs data.Errors
	for i := range entries {
		eb, err := lg.check(&entries[i])
		if err == nil {
			err = lg.append(eb, &entries[i])
		}
		if err == nil {
			continue
		}
		des := data.DomainErrors(err)
		if des == nil {
			return data.Split{}, nil, err
		}
		for _, de := range des {
			errs = append(errs, withLine(de, i+1))
		}
	}
	if p.FromSavings {
		// The withdrawal and the principal are of the same amount: both may refuse it alike.
		errs = dedupe(errs)
	}
	if err := errs.Err(); err != nil {
		return data.Split{}, nil, err
	}
	return split, entries, nil
}

// PostPostings posts a batch all or nothing, resolving contract numbers and
// splitting payments inside the transaction, each line checked against the state that includes
// the earlier ones. A refusal is a data.Errors with every bad line, each error with "Line": the
// posting's index + 1. On success it returns the IDs of every entry posted, in order (a
// payment gives up to three).
func (s *Store) PostPostings(ctx context.Context, ps []data.Posting) ([]int64, error) {
	return s.PostPostingsFile(ctx, ps, data.SourceFile{})
}

// PostPostingsFile is PostPostings for the lines of a file: a file already posted is refused,
// naming the batch that holds it, unless f.Again with a reason (audited); the file's SHA-256 is
// kept with the entries' numbers as its batch. A batch with a line that needs approval (a
// reversal, a move, a write-off) is one request as a whole.
func (s *Store) PostPostingsFile(ctx context.Context, ps []data.Posting, f data.SourceFile) ([]int64, error) {
	var ids []int64
	c, fn := s.postingsChange(postingsArgs{Postings: ps, File: f}, &ids)
	if err := s.change(ctx, c, fn); err != nil {
		return nil, err
	}
	return ids, nil
}

type postingsArgs struct {
	Postings []data.Posting  `json:"postings"`
	File     data.SourceFile `json:"file"`
}

func init() {
	registerReplay("Post", func(s *Store, a postArgs) (change, txFunc) { return s.postChange(a, nil) })
	registerReplay("PostPostings", func(s *Store, a postingsArgs) (change, txFunc) { return s.postingsChange(a, nil) })
}

// postingsActions are the actions a batch's lines are: the first that needs approval leads.
func postingsActions(ps []data.Posting) (data.Action, []data.Action) {
	lead := data.ActCash
	var all []data.Action
	seen := map[data.Action]bool{}
	for _, p := range ps {
		a := data.ActCash
		if p.Payment == nil {
			a = data.ActionForKind(p.Entry.Kind)
		}
		if !seen[a] {
			seen[a] = true
			all = append(all, a)
		}
		if data.NeedsApproval(a) && !data.NeedsApproval(lead) {
			lead = a
		}
	}
	return lead, all
}

func (s *Store) postingsChange(a postingsArgs, out *[]int64) (change, txFunc) {
	lead, all := postingsActions(a.Postings)
	describe := func(ctx context.Context, tx *sql.Tx) (any, error) {
		var n int
		var total int64
		err := tx.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(amount), 0) FROM entries`).Scan(&n, &total)
		return map[string]any{"lines": len(a.Postings), "entries_in_ledger": n, "amounts_in_ledger": total}, err
	}
	return change{action: lead, also: all, method: "PostPostings", args: a, subject: a.File.Name, note: a.File.Reason, describe: describe},
		func(ctx context.Context, tx *sql.Tx, st stamp) (err error) {
			if err := refusePostedFile(ctx, tx, a.File); err != nil {
				return err
			}
			lg := newLedger(ctx, tx, st)
			lg.holdWrites() // a file's lines in a few statements on PostgreSQL
			ids, err := lg.postAll(a.Postings)
			if err != nil {
				return err
			}
			if err := lg.flush(); err != nil {
				return err
			}
			if out != nil {
				*out = ids
			}
			return keepPostedFile(ctx, tx, st, a.File, entryRange(ids))
		}
}

// errDryRun rolls back a transaction that only checked what it would post.
var errDryRun = errors.New("dry run")

// CheckPostings reports what PostPostings would refuse, posting nothing: a file whose other
// lines cannot even be read still gets every refusal named at once.
func (s *Store) CheckPostings(ctx context.Context, ps []data.Posting) error {
	err := s.write(ctx, data.ActCache, func(tx *sql.Tx, st stamp) error {
		if _, err := newLedger(ctx, tx, st).postAll(ps); err != nil {
			return err
		}
		return errDryRun
	})
	if errors.Is(err, errDryRun) {
		return nil
	}
	return err
}

// postAll posts every line, collecting every refusal with its line number.
func (lg *ledger) postAll(ps []data.Posting) ([]int64, error) {
	var ids []int64
	var errs data.Errors
	for i, p := range ps {
		posted, err := lg.posting(p)
		if err != nil {
			des := data.DomainErrors(err)
			if des == nil {
				return nil, err
			}
			for _, de := range des {
				errs = append(errs, withLine(de, i+1))
			}
			continue
		}
		for _, e := range posted {
			ids = append(ids, e.ID)
		}
	}
	return ids, errs.Err()
}

// posting posts one line of a batch and returns the entries it made.
func (lg *ledger) posting(p data.Posting) ([]data.Entry, error) {
	if p.Payment != nil {
		pay := *p.Payment
		if p.Contract != "" {
			pay.LoanID, pay.Contract = 0, p.Contract
		}
		_, posted, err := lg.pay(pay)
		return posted, err
	}
	e := p.Entry
	if p.Contract != "" {
		b, err := lg.loanByContract(p.Contract)
		if err != nil {
			return nil, err
		}
		e.LoanID = b.Loan.ID
	}
	if err := lg.post(&e); err != nil {
		return nil, err
	}
	return []data.Entry{e}, nil
}

// dedupe drops repeated errors (the same rule on the same field, whatever their lines).
func dedupe(es data.Errors) data.Errors {
	var out data.Errors
	seen := map[string]bool{}
	for _, e := range es {
		c := *e
		c.Params = make(map[string]any, len(e.Params))
		for k, v := range e.Params {
			if k != "Line" {
				c.Params[k] = v
			}
		}
		if k := c.Error(); !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}
