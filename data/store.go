package data

import (
	"context"
	"time"
)

type userKey struct{}

// WithUser names the person on whose behalf ctx's writes are made; the store records it on
// every change.
func WithUser(ctx context.Context, user string) context.Context {
	return context.WithValue(ctx, userKey{}, user)
}

// UserFrom returns the user named by WithUser, or "system".
func UserFrom(ctx context.Context) string {
	if u, ok := ctx.Value(userKey{}).(string); ok && u != "" {
		return u
	}
	return "system"
}

// AuditEntry is one recorded change of master data.
type AuditEntry struct {
	At       time.Time
	User     string
	Entity   string // "borrower", "group", "program", "rate", "commune", …
	EntityID string
	Action   string // "create", "update"
	Before   string // JSON, empty on create
	After    string // JSON
}

// BorrowerView is a borrower with the names a list shows beside it.
type BorrowerView struct {
	Borrower
	Village   string
	CommuneID int64
	Commune   string
	GroupCode string
	GroupName string
}

// GroupView is a group with the names a list shows beside it.
type GroupView struct {
	Group
	Village   string
	CommuneID int64
	Commune   string
	Leader    string
}

// Counts are the sizes of an office's master data.
type Counts struct {
	Communes, Villages, Points, Groups, Borrowers, Programs int
}

// PlaceStore keeps the office, communes, villages and transaction points.
type PlaceStore interface {
	Office(ctx context.Context) (Office, error)
	SaveOffice(ctx context.Context, o Office) error
	Communes(ctx context.Context) ([]Commune, error)
	SaveCommune(ctx context.Context, c *Commune) error // inserts when ID is 0
	Villages(ctx context.Context, communeID int64) ([]Village, error)
	SaveVillage(ctx context.Context, v *Village) error
	Points(ctx context.Context, communeID int64) ([]Point, error)
	SavePoint(ctx context.Context, p *Point) error
}

// GroupStore keeps savings-and-loan groups and their ratings.
type GroupStore interface {
	Group(ctx context.Context, id int64) (GroupView, error)
	SearchGroups(ctx context.Context, query string, limit int) ([]GroupView, error)
	// GroupMembers lists a group's households, those who left included.
	GroupMembers(ctx context.Context, groupID int64) ([]BorrowerView, error)
	SaveGroup(ctx context.Context, g *Group) error
	RateGroup(ctx context.Context, r GroupRating) error
	GroupRatings(ctx context.Context, groupID int64) ([]GroupRating, error)
}

// BorrowerStore keeps households.
type BorrowerStore interface {
	Borrower(ctx context.Context, id int64) (BorrowerView, error)
	BorrowerByCode(ctx context.Context, code string) (BorrowerView, error)
	// SearchBorrowers finds by name (with or without diacritics, any word order), customer
	// code, ID number or phone; an empty query lists everyone. limit ≤ 0 means no limit.
	SearchBorrowers(ctx context.Context, query string, limit int) ([]BorrowerView, error)
	// ListBorrowers is one page of the borrower list: the households f selects, in f's order,
	// each with its programs, principal outstanding and whether it has overdue principal on f.On,
	// and how many households f selects in all.
	ListBorrowers(ctx context.Context, f BorrowerFilter) (BorrowerList, error)
	// BorrowerDetail is a household with each loan's position on a date, its savings balance
	// on that date and its history of changes.
	BorrowerDetail(ctx context.Context, id int64, on Date) (BorrowerDetail, error)
	// BorrowerHistory lists a household's recorded changes, newest first.
	BorrowerHistory(ctx context.Context, id int64) ([]BorrowerChange, error)
	// SaveBorrower inserts the household when its ID is 0, else updates it. Households are
	// never deleted: one that stops borrowing is marked as left.
	SaveBorrower(ctx context.Context, b *Borrower) error
	// MarkBorrowerLeft records that a household left, with the reason. It is refused while the
	// household owes anything on a loan or holds savings.
	MarkBorrowerLeft(ctx context.Context, id int64, reason string) error
	// RejoinBorrower makes a household that left a borrower again (back in its group, which
	// must have room); reason may be empty.
	RejoinBorrower(ctx context.Context, id int64, reason string) error
}

// ProgramStore keeps credit programs and their dated rates.
type ProgramStore interface {
	Programs(ctx context.Context) ([]Program, error)
	Program(ctx context.Context, code string) (Program, error)
	SaveProgram(ctx context.Context, p *Program) error
	AddRatePeriod(ctx context.Context, r RatePeriod) error
}

// SettingsStore keeps the office's configurable rules.
type SettingsStore interface {
	Settings(ctx context.Context) (Settings, error)
	SaveSettings(ctx context.Context, s Settings) error
	// SaveOfficeSettings saves both in one transaction.
	SaveOfficeSettings(ctx context.Context, o Office, s Settings) error
	// SaveLanguage changes only the language setting.
	SaveLanguage(ctx context.Context, lang string) error
}

// LoanStore keeps loans and the append-only ledger.
type LoanStore interface {
	OpenLoan(ctx context.Context, l *Loan, firstDisbursement Dong) error
	Post(ctx context.Context, e *Entry) error
	LoanByContract(ctx context.Context, contract string) (Loan, error)
	LoansOfBorrower(ctx context.Context, borrowerID int64) ([]Loan, error)
	LoanBook(ctx context.Context, loanID int64) (Book, error)
	Position(ctx context.Context, contract string, on Date) (Position, error)
	SavingsBalance(ctx context.Context, borrowerID int64, on Date) (Dong, error)
}

// Store is everything the screens and commands need from storage.
type Store interface {
	PlaceStore
	GroupStore
	BorrowerStore
	ProgramStore
	SettingsStore
	LoanStore
	Audit(ctx context.Context, entity, entityID string) ([]AuditEntry, error)
	Counts(ctx context.Context) (Counts, error)
	// ImportDataset loads a whole office into an empty database in one transaction.
	ImportDataset(ctx context.Context, d *Dataset) error
	// Path is the database file, shown in Settings.
	Path() string
}

// Dataset is a whole office built in memory (by the demo generator or an import) with IDs
// already assigned, loaded into an empty database in one transaction.
type Dataset struct {
	Office    Office
	Communes  []Commune
	Villages  []Village
	Points    []Point
	Groups    []Group
	Ratings   []GroupRating
	Borrowers []Borrower
	Loans     []Loan
	Schedules map[int64][]Installment // original schedule by loan ID
	Entries   []Entry                 // loan and savings entries in posting order, IDs assigned
}
