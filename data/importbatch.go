package data

import "context"

// An import brings an office's records in from files: places, groups, households and loans
// (with their balances on a cut-off date), and ledger entries. Records name one another by
// the office's own keys — codes and contract numbers — never by database IDs, so that the same
// file imported twice finds what the first import made and changes nothing.

// Origin is where a record came from: the sheet (empty for a CSV file) and the line of the
// file, 1-based, so that a problem can name the row a clerk has to correct.
type Origin struct {
	Sheet string
	Line  int
	// Given names the columns the file gives for the record (the import's field keys, such
	// as "phone" or "group_code"): an update changes only those, so a file without a phone
	// column leaves saved phone numbers alone.
	Given map[string]bool
}

// Where is the record's origin; every import record has one.
func (o Origin) Where() Origin { return o }

// ImportCommune is a commune row.
type ImportCommune struct {
	Origin
	Commune
}

// ImportVillage is a village row; CommuneCode names its commune.
type ImportVillage struct {
	Origin
	Village
	CommuneCode string
}

// ImportPoint is a transaction point row; CommuneCode names its commune.
type ImportPoint struct {
	Origin
	Point
	CommuneCode  string
	VillageCodes []string // the villages it serves; none: every village of its commune
}

// ImportGroup is a group row. Its village is named by commune and village code; LeaderCode is
// the customer code of its leader (empty: none). A Rating with its year is recorded as that
// year's grade.
type ImportGroup struct {
	Origin
	Group
	CommuneCode, VillageCode string
	LeaderCode               string
	Rating                   Rating
	RatingYear               int
}

// ImportBorrower is a household row; GroupCode is empty for a household in no group.
type ImportBorrower struct {
	Origin
	Borrower
	CommuneCode, VillageCode string
	GroupCode                string
}

// Opening is what a loan had on the cut-off date, as the bank's loan file states it. A new loan
// gets opening entries that give it these balances; a loan already saved gets entries for the
// difference.
type Opening struct {
	Disbursed   Dong // total disbursed up to the cut-off date
	Outstanding Dong // principal outstanding: current + overdue + frozen
	Overdue     Dong // checked against what the schedule makes overdue on the cut-off date
	Frozen      Dong
	HasOverdue  bool // whether the file states the overdue balance at all
	// InterestDue is the interest owed and not paid on the cut-off date. A new loan whose file
	// does not state it is taken as paid up: its interest up to the cut-off date is recorded
	// as paid, as the bank collects it every month.
	InterestDue Dong
	HasInterest bool
}

// ImportLoan is a loan row: the contract with its household (by customer code) and group, and
// its balances on the cut-off date when the file gives them.
type ImportLoan struct {
	Origin
	Loan
	CustomerCode string
	GroupCode    string
	Opening      *Opening // nil: the file gives no balances (its ledger comes as entries)
}

// ImportEntry is a ledger entry row. Key identifies the entry in its source (an entry number
// or the bank's voucher), so that importing it again is recognised; ReversesKey names, by the
// same keys, the entry a reversal cancels.
type ImportEntry struct {
	Origin
	Entry
	Key          string
	Contract     string // empty for savings entries
	CustomerCode string
	ReversesKey  string
}

// ImportBatch is everything one import brings, in the order it is applied.
type ImportBatch struct {
	Office *Office // nil: the files do not name the office
	// OfficeOrigin is the row that named the office.
	OfficeOrigin Origin
	Communes     []ImportCommune
	Villages     []ImportVillage
	Points       []ImportPoint
	Groups       []ImportGroup
	Borrowers    []ImportBorrower
	Loans        []ImportLoan
	Entries      []ImportEntry
	CutOff       Date // the date loans' opening balances are reckoned on
}

// Rows counts the batch's records.
func (b *ImportBatch) Rows() int {
	n := len(b.Communes) + len(b.Villages) + len(b.Points) + len(b.Groups) + len(b.Borrowers) + len(b.Loans) + len(b.Entries)
	if b.Office != nil {
		n++
	}
	return n
}

// ImportProblem is a row the import refuses: where it is, which field, and the typed error
// that says which rule it breaks.
type ImportProblem struct {
	Origin
	Field string // the record field, e.g. "borrower.id_number"; empty for the row as a whole
	Err   error
}

// ImportCount is what an import did to one kind of record.
type ImportCount struct {
	Created, Updated, Unchanged int
}

// ImportResult is what an import did, or, on a dry run or when any row is refused, what it
// would have done: nothing is written unless Problems is empty.
type ImportResult struct {
	Counts   map[string]ImportCount // by entity: "commune", "village", "point", "group", "borrower", "loan", "entry"
	Problems []ImportProblem
	Written  bool // the import was committed
}

// ImportOptions are how an import runs.
type ImportOptions struct {
	DryRun bool
	// Progress is told how many of total records have been applied; it is called from the
	// importing goroutine.
	Progress func(done, total int)
}

// Importer applies import batches. All rows are checked by the rules the screens apply; the
// import is one transaction, committed only when no row is refused and DryRun is false.
type Importer interface {
	Import(ctx context.Context, b *ImportBatch, opt ImportOptions) (ImportResult, error)
	// ImportMapping returns the columns a clerk confirmed last time for files with this
	// signature (see the transfer package), or nil.
	ImportMapping(ctx context.Context, signature string) ([]string, error)
	SaveImportMapping(ctx context.Context, signature string, columns []string) error
}
