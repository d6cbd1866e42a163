package data

// InstallmentStatus is where one installment stands on a date.
type InstallmentStatus string

const (
	InstPaid    InstallmentStatus = "paid"    // fully covered by repayments
	InstDue     InstallmentStatus = "due"     // not yet due, or due today
	InstOverdue InstallmentStatus = "overdue" // due date passed with principal unpaid
	InstFrozen  InstallmentStatus = "frozen"  // covered by frozen debt
	// InstWrittenOff: covered, and some of it by a write-off rather than repayments.
	InstWrittenOff InstallmentStatus = "written_off"
)

// InstallmentPosition is one installment as it stands on a date.
type InstallmentPosition struct {
	Installment
	OriginalDue Date // the due date before any rescheduling or extension
	Rescheduled bool // the due date was moved by a reschedule or an extension
	Paid        Dong // principal of this installment repaid (or written off) so far
	WrittenOff  Dong // the part of Paid written off
	Status      InstallmentStatus
}

// Position is what a loan owes on a date, to the đồng.
type Position struct {
	On         Date
	Disbursed  Dong
	Repaid     Dong // principal repaid
	WrittenOff Dong
	// Principal outstanding, split three ways; Current+Overdue+Frozen = Disbursed-Repaid-WrittenOff.
	Current, Overdue, Frozen Dong
	// Interest of the days before On, rounded half-up once, less what was paid or written off up
	// to On. Due is never negative: what was paid beyond what is accrued (after a rate or rule
	// dated in the past lowered it) is the credit, taken off the interest that accrues next.
	InterestAccrued, InterestPaid, InterestDue, InterestCredit Dong
	PenaltyAccrued, PenaltyPaid, PenaltyDue, PenaltyCredit     Dong
	// Interest and penalty written off by decision (writeoff_interest), no longer due.
	InterestWrittenOff, PenaltyWrittenOff Dong
	DaysOverdue                           int                   // days since the oldest unpaid overdue installment fell due
	Maturity                              Date                  // final maturity, after extensions
	Next                                  *InstallmentPosition  // the first installment not yet paid and not yet overdue
	Installments                          []InstallmentPosition // the schedule as it stands on On
}

// Principal is the outstanding principal.
func (p Position) Principal() Dong { return p.Current + p.Overdue + p.Frozen }

// Owed is everything the borrower would pay to settle the loan on that date.
func (p Position) Owed() Dong { return p.Principal() + p.InterestDue + p.PenaltyDue }

// Book is everything the engine needs to know about one loan: the contract, its original
// schedule, its ledger, the program's dated rates and the office's settings.
type Book struct {
	Loan     Loan
	Schedule []Installment // as built when the loan was opened
	Entries  []Entry       // in posting order
	Rates    []RatePeriod  // the program's, sorted by Effective
	Settings Settings
	// ExtensionMaxMonths is the program's limit on extensions; 0 when the book was loaded
	// without it, and then Settings.ExtensionMaxMonths counts.
	ExtensionMaxMonths int
}

// Split is how a payment is divided.
type Split struct {
	Penalty, Interest, Overdue, Current Dong
}

// Total is the whole payment.
func (s Split) Total() Dong { return s.Penalty + s.Interest + s.Overdue + s.Current }
