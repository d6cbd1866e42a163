package data

import "time"

// LoanStatus says where a loan is in its life.
type LoanStatus string

const (
	LoanActive     LoanStatus = "active"      // disbursed (or approved) and not fully repaid
	LoanClosed     LoanStatus = "closed"      // fully repaid
	LoanWrittenOff LoanStatus = "written_off" // the unpaid principal was written off
)

// PlanKind is how a loan's principal falls due.
type PlanKind string

const (
	// PlanEqual: equal principal every N months after an optional grace period, the remainder
	// on the last installment, which falls at the end of the term.
	PlanEqual PlanKind = "equal"
	// PlanCustom: a list of (due date, principal) that adds up to the amount.
	PlanCustom PlanKind = "custom"
	// PlanStudent: disbursed each study term; repayment starts 12 months after the course ends,
	// in equal installments every N months until the end of the term.
	PlanStudent PlanKind = "student"
)

// Plan describes how a loan's schedule is built.
type Plan struct {
	Kind        PlanKind
	EveryMonths int           // 1, 3, 6 or 12 (equal and student plans)
	GraceMonths int           // months before the first installment counts (equal plan)
	Custom      []Installment // custom plan only: due dates and principal, in date order
	CourseEnds  Date          // student plan: the day the course ends
}

// Installment is one principal installment of a schedule (phân kỳ).
type Installment struct {
	No        int // 1-based
	Due       Date
	Principal Dong
}

// Loan is a loan contract (khế ước).
type Loan struct {
	ID          int64
	Contract    string // contract number, unique in the office
	BorrowerID  int64
	GroupID     int64 // the group it was lent through; 0 when none
	ProgramCode string
	Source      FundingSource
	Purpose     string
	Amount      Dong // approved amount
	// Units the program's limit is counted for (months of study, workers, facilities); 0 for a
	// program whose limit is per loan.
	Units         int
	SignedOn      Date // contract date; the first disbursement is on or after it
	TermMonths    int
	Plan          Plan
	RateOverrides []RatePeriod // a loan's own dated rates (local-budget loans); empty: the program's
	Status        LoanStatus
	Outcome       Outcome // what it achieves, as its program asks (OutcomeKindsFor)
}

// Entry is one line of the append-only ledger. A correction is a reversal naming the entry it
// cancels; nothing is ever updated or deleted.
type Entry struct {
	ID           int64
	LoanID       int64 // 0 for savings entries
	BorrowerID   int64 // the household; savings entries belong to it
	Kind         EntryKind
	ValueDate    Date // the day the money moved or the decision took effect
	Amount       Dong // always ≥ 0; the kind says which way it moves
	Installment  int  // reschedule: the installment number moved
	NewDate      Date // reschedule and extend: the new due date
	Decision     string
	DecisionDate Date
	Reverses     int64 // reversal: the entry it cancels
	Ref          string
	Note         string
	PostedAt     time.Time // set by the store, stored as UTC RFC 3339
	User         string    // set by the store
}
