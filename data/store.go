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

// UserFrom returns the user of the session on ctx, else the name given to WithUser, else
// "system".
func UserFrom(ctx context.Context) string {
	if s, ok := SessionFrom(ctx); ok {
		return s.User
	}
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

// GroupFilter selects the groups of GroupList; zero fields select everything.
type GroupFilter struct {
	Query     string // words of the code, name or village, as SearchGroups reads them
	CommuneID int64
	VillageID int64
}

// GroupLine is a group as the Groups list shows it: with what the loans lent through it owe on
// a date, as the sums of PositionOn over those loans.
type GroupLine struct {
	GroupView
	Outstanding Dong // principal outstanding: current + overdue + frozen
	Overdue     Dong // the overdue part of it
}

// MemberLine is a household of a group with what its loans owe and what it has saved on a
// date.
type MemberLine struct {
	BorrowerView
	Outstanding Dong // principal outstanding of all its loans
	Overdue     Dong
	Savings     Dong
}

// Counts are the sizes of an office's master data.
type Counts struct {
	Communes, Villages, Points, Groups, Borrowers, Programs int
}

// PlaceStore reads the office (saved with the settings) and keeps communes, villages and
// transaction points.
type PlaceStore interface {
	Office(ctx context.Context) (Office, error)
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
	SaveGroup(ctx context.Context, g *Group) error
	RateGroup(ctx context.Context, r GroupRating) error
	GroupRatings(ctx context.Context, groupID int64) ([]GroupRating, error)
	// GroupList lists the groups a filter selects, by code, each with what its loans owe on
	// date on; figures come from the stored balances and schedules, not from replaying ledgers.
	GroupList(ctx context.Context, f GroupFilter, on Date) ([]GroupLine, error)
	// GroupMemberLines lists a group's households (those who left included) with their
	// balances on date on.
	GroupMemberLines(ctx context.Context, groupID int64, on Date) ([]MemberLine, error)
	// MoveBorrower moves a household, with its open loans, to another group in one audited
	// transaction. note says why a household of another village is admitted (domain.md: a
	// neighbouring village is allowed with a note); it is required then and recorded.
	MoveBorrower(ctx context.Context, borrowerID, toGroupID int64, note string) error
	// CloseGroup closes a group none of whose households has a balance (loan principal or
	// savings); ReopenGroup lets it work again.
	CloseGroup(ctx context.Context, groupID int64) error
	ReopenGroup(ctx context.Context, groupID int64) error
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
	SaveProgram(ctx context.Context, p *Program) error
	AddRatePeriod(ctx context.Context, r RatePeriod) error
}

// SettingsStore keeps the office's configurable rules.
type SettingsStore interface {
	Settings(ctx context.Context) (Settings, error)
	// SaveOfficeSettings saves both in one transaction.
	SaveOfficeSettings(ctx context.Context, o Office, s Settings) error
	// SaveLanguage changes only the language setting.
	SaveLanguage(ctx context.Context, lang string) error
	// RulePeriods lists the dated rules' periods; AddRulePeriod adds one (audited);
	// RulePeriodImpact counts the loans (savings accounts for the savings rate) a new period
	// from a date would change, for the confirmation.
	RulePeriods(ctx context.Context) (Rules, error)
	AddRulePeriod(ctx context.Context, p RulePeriod) error
	RulePeriodImpact(ctx context.Context, key RuleKey, from Date) (int, error)
}

// LedgerLine is a ledger entry with the contract (empty for savings) and the household it
// belongs to.
type LedgerLine struct {
	Entry
	Contract     string
	BorrowerCode string
	BorrowerName string
}

// LoanState is how a list shows a loan at a glance.
type LoanState string

const (
	StateCurrent    LoanState = "current"     // nothing overdue, nothing frozen
	StateOverdue    LoanState = "overdue"     // some principal is past due
	StateFrozen     LoanState = "frozen"      // some principal is frozen, none overdue
	StateClosed     LoanState = "closed"      // fully repaid
	StateWrittenOff LoanState = "written_off" // the unpaid principal was written off
)

// LoanView is one line of the loan list: the contract with its household, what was
// disbursed as posted, and what it owes on the list's date.
type LoanView struct {
	Loan
	BorrowerCode string
	BorrowerName string
	Disbursed    Dong
	Outstanding  Dong // principal outstanding on the date
	Frozen       Dong
	Overdue      Dong // principal of installments due before the date, not covered
	State        LoanState
}

// LoanOrder is a column the loan list is ordered by.
type LoanOrder int

const (
	OrderBySigned LoanOrder = iota
	OrderByContract
	OrderByCustomer
	OrderByName // given name first, in Vietnamese order (the households' sort key)
	OrderByProgram
	OrderByAmount
	OrderByOutstanding
	OrderByState
)

// LoanQuery selects and orders the loan list.
type LoanQuery struct {
	Query string // contract number, household name (with or without diacritics) or customer code
	On    Date   // the date the figures are reckoned on; required
	Order LoanOrder
	Desc  bool
	Limit int // ≤ 0: every match
}

// CollectionStore is the transaction day: a point's collection list, its batch posted all or
// nothing, reversed as a whole, and the day's report.
type CollectionStore interface {
	CollectionList(ctx context.Context, pointID int64, on Date) (CollectionList, error)
	PostCollection(ctx context.Context, batch CollectionBatch) (ref string, err error)
	CollectionBatches(ctx context.Context, pointID int64) ([]CollectionBatchInfo, error)
	// CollectionBatchesOn is CollectionBatches of one day.
	CollectionBatchesOn(ctx context.Context, pointID int64, on Date) ([]CollectionBatchInfo, error)
	ReverseCollection(ctx context.Context, ref, reason string) error
	DayReport(ctx context.Context, pointID int64, on Date) (DayReport, error)
}

// StatementStore computes borrower statements, each in one read transaction.
type StatementStore interface {
	// Statement is the statement of the household with customer code customer on date on.
	Statement(ctx context.Context, customer string, on Date) (Statement, error)
	// Statements are the statements of every household of a scope with a loan or savings on
	// date on, by group code then name; progress, when not nil, is told how many of total
	// loans have been computed.
	Statements(ctx context.Context, scope StatementScope, on Date, progress func(done, total int)) ([]Statement, error)
}

// LoanStore keeps loans and the append-only ledger.
type LoanStore interface {
	OpenLoan(ctx context.Context, l *Loan, firstDisbursement Dong) error
	Post(ctx context.Context, e *Entry) error
	// PostPayment posts a payment as its penalty, interest and principal entries, all or
	// nothing; a refusal of an entry names its place in the payment with "Line".
	PostPayment(ctx context.Context, p Payment) (Split, error)
	// ReverseEntry posts a reversal of entry id dated on, with the reason as its note; a
	// reason is required.
	ReverseEntry(ctx context.Context, id int64, on Date, reason string) (Entry, error)
	// ListLoans finds loans by contract number or household name or code (with or without
	// diacritics, any word order), each with its state on q.On, in the order of one of the
	// list's columns; an empty query lists every loan.
	ListLoans(ctx context.Context, q LoanQuery) ([]LoanView, error)
	LoanByContract(ctx context.Context, contract string) (Loan, error)
	LoanBook(ctx context.Context, loanID int64) (Book, error)
}

// SummaryStore computes the summaries managers sign: a commune's and the office's loan book
// on a date, the overdue list and a transaction point's public disclosure list.
type SummaryStore interface {
	CommuneSummary(ctx context.Context, communeID int64, on Date) (CommuneSummary, error)
	OfficeSummary(ctx context.Context, on Date) (OfficeSummary, error)
	// OverdueList covers one commune, or the whole office when communeID is 0.
	OverdueList(ctx context.Context, communeID int64, on Date) (OverdueList, error)
	DisclosureList(ctx context.Context, pointID int64, on Date) (DisclosureList, error)
	// Overview covers one commune, or the whole office when communeID is 0.
	Overview(ctx context.Context, communeID int64, on Date) (Overview, error)
	// WarmOverview prepares what Overview(…, on) needs that does not change from day to day
	// (the trend's past month ends), so that the screen opens fast; the app runs it in the
	// background at start. Overview is right without it, only slower the first time.
	WarmOverview(ctx context.Context, on Date) error
}

// Screens is what the desktop app uses of the store: the screens' reads and saves, the
// import wizard and the first run's demo office.
type Screens interface {
	SavingsStore
	PlaceStore
	GroupStore
	BorrowerStore
	ProgramStore
	SettingsStore
	LoanStore
	CollectionStore
	StatementStore
	SummaryStore
	Importer
	ClosingStore
	FormsStore
	CapitalStore
	SettlementStore
	// ImportDataset loads a whole office into an empty database in one transaction.
	ImportDataset(ctx context.Context, d *Dataset) error
	// Path is the database file, shown in Settings.
	Path() string
}

// SavingsStore credits the half-yearly interest on group savings (30 June, 31 December).
type SavingsStore interface {
	// SavingsCreditPreview is what CreditSavingsInterest would credit on date on, without posting.
	SavingsCreditPreview(ctx context.Context, on Date) (SavingsCredit, error)
	// CreditSavingsInterest credits every account's interest for the half-year ending on on, at the
	// savings rate, in one transaction; a date already credited is refused (Conflict
	// "savings_already_credited").
	CreditSavingsInterest(ctx context.Context, on Date) (SavingsCredit, error)
}

// LedgerExport reads the whole ledger for the spreadsheet exports.
type LedgerExport interface {
	// LedgerLines lists every entry of the ledger, savings included, in posting order, each
	// with its contract and household.
	LedgerLines(ctx context.Context) ([]LedgerLine, error)
	// OwnRates are the dated rates of every loan that has its own (local-budget loans), by
	// loan ID.
	OwnRates(ctx context.Context) (map[int64][]RatePeriod, error)
	// LoanOutcomes are what every loan that records any achieves (Outcome), by loan ID.
	LoanOutcomes(ctx context.Context) (map[int64]Outcome, error)
}

// Maintenance keeps the database file sound: the command line's check (and rebuild of the
// balances) and backup, the app's backups at start, and closing the file before a restore
// replaces it.
type Maintenance interface {
	// IsNew says whether this open created the file.
	IsNew() bool
	Path() string
	// Counts are the sizes of the office's master data, as a load reports them.
	Counts(ctx context.Context) (Counts, error)
	// Check returns the problems the database has (damage, broken invariants, balances that
	// differ from the ledger), none when it is sound.
	Check(ctx context.Context) ([]*Error, error)
	// RebuildBalances recomputes the stored balances from the ledger, the remedy for balances
	// that Check finds different, and returns how many rows it corrected.
	RebuildBalances(ctx context.Context) (fixed int, err error)
	// LedgerHead is the hash of the ledger's last entry in hex ("" on an empty ledger); its
	// first digits, noted, are an anchor.
	LedgerHead(ctx context.Context) (string, error)
	// FindAnchor proves that the ledger still holds the state whose head began with anchor
	// (12 or more hex digits): the chain is intact up to the entry it names, whose ID it
	// returns. An anchor no intact entry carries is an error.
	FindAnchor(ctx context.Context, anchor string) (entryID int64, err error)
	// Backup copies the database, consistent while in use, to dest.
	Backup(ctx context.Context, dest string) error
	// AutoBackup makes a backup in dir when the newest is older than maxAge, keeps the newest
	// keep backups, and returns the file it made ("" when none was due).
	AutoBackup(ctx context.Context, dir string, maxAge time.Duration, keep int) (made string, err error)
	Close() error
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
	Users     []DatasetUser           // the office's users (the demo's), with their passwords
	Capital   CapitalDataset          // local-budget capital: pools and their transfers
	// CategoryChanges are the households' dated category history, in date order.
	CategoryChanges []CategoryChange
}

// DatasetUser is a user a Dataset brings, with a password to hash on loading.
type DatasetUser struct {
	Name, FullName, Password string
	Role                     Role
}

// ClosingStore closes the books month by month: once closed, nothing dated in a month may
// change, so its printed reports stay true.
type ClosingStore interface {
	// ClosedThrough is the last closed month (every earlier one is closed too); zero: none.
	ClosedThrough(ctx context.Context) (Month, error)
	ClosedMonths(ctx context.Context) ([]ClosedMonth, error)
	// CloseMonth closes m and the open months before it, returning them.
	CloseMonth(ctx context.Context, m Month) ([]Month, error)
	// ReopenMonth reopens m and every later closed month, for a reason that is audited.
	ReopenMonth(ctx context.Context, m Month, reason string) ([]Month, error)
}

// BackupInfo is one backup in a folder, as Settings lists it.
type BackupInfo struct {
	Path     string
	At       time.Time // when it was made (from its name, else the file's time)
	Size     int64
	Verified bool // its copy passed the check when it was made, and it is still that size
}
