package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"policycredit/data"
)

const loanColumns = `l.id, l.contract, l.borrower_id, coalesce(l.group_id, 0), l.program_code, l.source, l.purpose,
	l.amount, l.signed_on, l.term_months, l.plan_kind, l.plan_every, l.plan_grace, l.plan_course_ends, l.status, l.units`

const loanSelect = `SELECT ` + loanColumns + ` FROM loans l`

func scanLoan(sc interface{ Scan(...any) error }, dates dateCache) (data.Loan, error) {
	var l data.Loan
	var source, signed, kind, courseEnds, status string
	err := sc.Scan(&l.ID, &l.Contract, &l.BorrowerID, &l.GroupID, &l.ProgramCode, &source, &l.Purpose,
		&l.Amount, &signed, &l.TermMonths, &kind, &l.Plan.EveryMonths, &l.Plan.GraceMonths, &courseEnds, &status, &l.Units)
	if err != nil {
		return l, err
	}
	l.Source, l.Plan.Kind, l.Status = data.FundingSource(source), data.PlanKind(kind), data.LoanStatus(status)
	if l.SignedOn, err = dates.parse(signed); err != nil {
		return l, err
	}
	l.Plan.CourseEnds, err = dates.parse(courseEnds)
	return l, err
}

// loadLoans reads the loans a query selects, in its order, with their rate overrides (and, for
// custom plans, the list the plan holds: the schedule).
func loadLoans(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]data.Loan, error) {
	rows, err := tx.QueryContext(ctx, loanSelect+` `+where+` ORDER BY l.id`, args...)
	if err != nil {
		return nil, err
	}
	var out []data.Loan
	dates := newDateCache()
	for rows.Next() {
		l, err := scanLoan(rows, dates)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := completeLoan(ctx, tx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// completeLoan adds the rate overrides and, for a custom plan, its list of installments.
func completeLoan(ctx context.Context, tx *sql.Tx, l *data.Loan) error {
	rates, err := loanRates(ctx, tx, `WHERE loan_id = ?`, l.ID)
	if err != nil {
		return err
	}
	l.RateOverrides = rates[l.ID]
	if l.Outcome, err = loadOutcome(ctx, tx, l.ID); err != nil {
		return err
	}
	if l.Plan.Kind == data.PlanCustom {
		sched, err := loadSchedule(ctx, tx, l.ID)
		if err != nil {
			return err
		}
		l.Plan.Custom = sched
	}
	return nil
}

// loanRates reads loan rate overrides, keyed by loan ID and sorted by effective date.
func loanRates(ctx context.Context, tx *sql.Tx, where string, args ...any) (map[int64][]data.RatePeriod, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.loan_id, l.program_code, r.effective, r.rate, r.decision
		FROM loan_rates r JOIN loans l ON l.id = r.loan_id `+where+` ORDER BY r.loan_id, r.effective`, args...)
	if err != nil {
		return nil, err
	}
	return scanRatePeriods(rows)
}

func loadSchedule(ctx context.Context, tx *sql.Tx, loanID int64) ([]data.Installment, error) {
	rows, err := tx.QueryContext(ctx, `SELECT no, due, principal FROM installments WHERE loan_id = ? ORDER BY no`, loanID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []data.Installment
	for rows.Next() {
		var in data.Installment
		var due string
		if err := rows.Scan(&in.No, &due, &in.Principal); err != nil {
			return nil, err
		}
		if in.Due, err = data.ParseDate(due); err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

// loadLoan reads one loan; a missing one is data.NotFound(field).
func loadLoan(ctx context.Context, tx *sql.Tx, field, where string, arg any) (data.Loan, error) {
	ls, err := loadLoans(ctx, tx, where, arg)
	if err != nil {
		return data.Loan{}, err
	}
	if len(ls) == 0 {
		key := "ID"
		if strings.Contains(where, "contract") {
			key = "Contract"
		}
		return data.Loan{}, data.NotFound(field, key, arg)
	}
	return ls[0], nil
}

// loadBook reads everything the engine needs about one loan: the contract, its original
// schedule, its ledger in posting order, its program's rates and the office's settings.
func loadBook(ctx context.Context, tx *sql.Tx, loanID int64, field string) (data.Book, error) {
	b, err := newLedger(ctx, tx, stamp{}).loanBook(loanID, field)
	if err != nil {
		return data.Book{}, err
	}
	return *b, nil
}

// LoanByContract returns the loan with a contract number (compared case-insensitively).
func (s *Store) LoanByContract(ctx context.Context, contract string) (data.Loan, error) {
	contract = data.NFC(contract)
	var l data.Loan
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		l, err = loadLoan(ctx, tx, "loan", `WHERE l.contract = ?`, contract)
		return err
	})
	return l, err
}

// LoansOfBorrower lists a household's loans, oldest first.
func (s *Store) LoansOfBorrower(ctx context.Context, borrowerID int64) ([]data.Loan, error) {
	var out []data.Loan
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = loadLoans(ctx, tx, `WHERE l.borrower_id = ?`, borrowerID)
		return err
	})
	return out, err
}

// LoanBook returns everything the engine needs about one loan (see data.Book).
func (s *Store) LoanBook(ctx context.Context, loanID int64) (data.Book, error) {
	var b data.Book
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		b, err = loadBook(ctx, tx, loanID, "loan")
		return err
	})
	return b, err
}

// OpenLoan validates a new loan against its program, builds its schedule and saves both, with
// the first disbursement dated l.SignedOn when firstDisbursement > 0, in one transaction. The
// program must be open to new loans and the borrower an active household; when l.GroupID is 0
// the loan goes through the borrower's group. Every broken rule is reported at once; on
// success l.ID and l.Status are set.
func (s *Store) OpenLoan(ctx context.Context, l *data.Loan, firstDisbursement data.Dong) error {
	q := *l
	q.ID, q.Status = 0, data.LoanActive
	q.Contract, q.Purpose, q.ProgramCode = data.NFC(q.Contract), data.NFC(q.Purpose), data.NFC(q.ProgramCode)
	c, fn := s.openLoanChange(openLoanArgs{Loan: q, First: firstDisbursement}, &q)
	err := s.change(ctx, c, fn)
	if err == nil {
		*l = q
	}
	return err
}

type openLoanArgs struct {
	Loan  data.Loan `json:"loan"`
	First data.Dong `json:"first_disbursement"`
}

func init() {
	registerReplay("OpenLoan", func(s *Store, a openLoanArgs) (change, txFunc) { return s.openLoanChange(a, nil) })
}

// openLoanChange is a loan application: it opens once approved; the approver reads the loan
// as it would stand on its signing date.
func (s *Store) openLoanChange(a openLoanArgs, out *data.Loan) (change, txFunc) {
	var opened int64
	describe := func(ctx context.Context, tx *sql.Tx) (any, error) {
		if opened == 0 {
			return nil, nil
		}
		return loanSummaries(ctx, tx, []int64{opened}, a.Loan.SignedOn)
	}
	return change{action: data.ActLoanOpen, method: "OpenLoan", args: a, subject: a.Loan.Contract, describe: describe},
		func(ctx context.Context, tx *sql.Tx, st stamp) error {
			q := a.Loan
			if err := openLoanTx(newLedger(ctx, tx, st), tx, &q, a.First, loadProgramByCode(ctx, tx)); err != nil {
				return err
			}
			opened = q.ID
			if out != nil {
				*out = q
			}
			return nil
		}
}

// loadProgramByCode reads a program with its rates; a missing one is sql.ErrNoRows.
func loadProgramByCode(ctx context.Context, tx *sql.Tx) func(code string) (data.Program, error) {
	return func(code string) (data.Program, error) { return loadProgram(ctx, tx, `code = ?`, code) }
}

// openLoanTx is OpenLoan within the transaction of lg, inserting through ex and finding
// programs through program (an import keeps them rather than read them for every row); the
// dates a loan may carry are read once per transaction, by lg. q.ID is set.
func openLoanTx(lg *ledger, ex execer, q *data.Loan, firstDisbursement data.Dong,
	program func(code string) (data.Program, error)) error {
	ctx, tx, st := lg.ctx, lg.tx, lg.st
	var errs data.Errors
	prog, err := program(q.ProgramCode)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		// The loan's own fields are still checked, against a program without limits; the
		// missing program is reported once.
		prog = data.Program{Code: q.ProgramCode, LimitBasis: data.LimitPerLoan, Sources: data.FundingSources, Open: true}
		if q.ProgramCode != "" {
			errs.Add(data.NotFound("loan.program", "Code", q.ProgramCode))
		}
	case err != nil:
		return err
	}
	errs = append(errs, data.DomainErrors(q.Validate(prog))...)
	if !prog.Open {
		errs.Add(data.Forbidden("loan.program", "program_closed", "Code", prog.Code))
	}
	b, err := loadBorrower(ctx, tx, q.BorrowerID)
	switch {
	case q.BorrowerID == 0: // Validate reported it
	case errors.Is(err, sql.ErrNoRows):
		errs.Add(data.NotFound("loan.borrower", "ID", q.BorrowerID))
	case err != nil:
		return err
	default:
		if !b.Active {
			errs.Add(data.Forbidden("loan.borrower", "borrower_left", "Code", b.Code))
		}
		if q.GroupID == 0 {
			q.GroupID = b.GroupID
		} else if q.GroupID != b.GroupID {
			errs.Add(data.Invalid("loan.group", "borrower_not_member", "Code", b.Code))
		}
	}
	if q.Contract != "" {
		if taken, err := exists(ctx, tx, `SELECT 1 FROM loans WHERE contract = ?`, q.Contract); err != nil {
			return err
		} else if taken {
			errs.Add(data.Conflict("loan.contract", "duplicate", "Value", q.Contract))
		}
	}
	if firstDisbursement < 0 {
		errs.Add(data.Invalid("entry.amount", "not_negative"))
	}
	if err := lg.refuseDate(q.SignedOn, "loan.signed_on"); err != nil {
		if des := data.DomainErrors(err); des != nil {
			errs = append(errs, des...)
		} else {
			return err
		}
	}
	for _, r := range q.RateOverrides {
		if err := lg.refuseClosedOnly(r.Effective, "loan.rate"); err != nil {
			if des := data.DomainErrors(err); des != nil {
				errs = append(errs, des...)
			} else {
				return err
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	schedule, err := data.BuildSchedule(*q)
	if err != nil {
		return err
	}
	newID, err := insertLoan(ctx, ex, st, q, schedule)
	if err != nil {
		return err
	}
	q.ID = newID
	if err := assignCapitalPool(ctx, tx, q); err != nil {
		return err
	}
	if err := audit(ctx, tx, st, "loan", q.Contract, "create", nil, loanRecord{*q, schedule, firstDisbursement}); err != nil {
		return err
	}
	if firstDisbursement == 0 {
		return nil
	}
	e := data.Entry{LoanID: newID, BorrowerID: q.BorrowerID, Kind: data.EntryDisburse, ValueDate: q.SignedOn,
		Amount: firstDisbursement, Ref: q.Contract}
	return lg.post(&e)
}

// loanRecord is what the audit keeps of a new loan.
type loanRecord struct {
	Loan              data.Loan
	Schedule          []data.Installment
	FirstDisbursement data.Dong
}

// insertLoan writes a loan, its rate overrides, its original schedule and its empty balance row.
func insertLoan(ctx context.Context, tx execer, st stamp, l *data.Loan, schedule []data.Installment) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO loans (contract, borrower_id, group_id, program_code, source, purpose, amount,
		signed_on, term_months, plan_kind, plan_every, plan_grace, plan_course_ends, status, units,
		created_at, created_by, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?16, ?17, ?16, ?17) RETURNING id`,
		l.Contract, l.BorrowerID, nullID(l.GroupID), l.ProgramCode, string(l.Source), l.Purpose, l.Amount,
		l.SignedOn.String(), l.TermMonths, string(l.Plan.Kind), l.Plan.EveryMonths, l.Plan.GraceMonths,
		l.Plan.CourseEnds.String(), string(l.Status), l.Units, st.at, st.user).Scan(&id)
	if err != nil {
		return 0, err
	}
	for _, r := range l.RateOverrides {
		if _, err := tx.ExecContext(ctx, `INSERT INTO loan_rates (loan_id, effective, rate, decision, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?)`, id, r.Effective.String(), r.Rate, data.NFC(r.Decision), st.at, st.user); err != nil {
			return 0, err
		}
	}
	// One statement for the whole schedule: with an import's statement cache, a dozen
	// single-row inserts per loan cost more than the loan itself.
	if len(schedule) > 0 {
		args := make([]any, 0, 4*len(schedule))
		for _, in := range schedule {
			args = append(args, id, in.No, in.Due.String(), in.Principal)
		}
		query := `INSERT INTO installments (loan_id, no, due, principal) VALUES (?, ?, ?, ?)` +
			strings.Repeat(`, (?, ?, ?, ?)`, len(schedule)-1)
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			return 0, err
		}
	}
	if err := saveOutcome(ctx, tx, id, l.Outcome); err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO loan_balances (loan_id) VALUES (?)`, id)
	return id, err
}
