package data

import (
	"strings"
	"time"
)

// BorrowerStatusFilter narrows the borrower list by where households stand.
type BorrowerStatusFilter string

const (
	StatusAny     BorrowerStatusFilter = ""        // every household
	StatusActive  BorrowerStatusFilter = "active"  // still borrowers
	StatusLeft    BorrowerStatusFilter = "left"    // marked as left
	StatusOverdue BorrowerStatusFilter = "overdue" // owing overdue principal on the list's date
)

// BorrowerStatusFilters lists the status filters in the order a picker shows them.
var BorrowerStatusFilters = []BorrowerStatusFilter{StatusAny, StatusActive, StatusLeft, StatusOverdue}

// BorrowerSort is a column the borrower list can be ordered by.
type BorrowerSort string

const (
	SortByName        BorrowerSort = "name" // given name, then family name, then middle names
	SortByCode        BorrowerSort = "code"
	SortByVillage     BorrowerSort = "village"
	SortByGroup       BorrowerSort = "group"
	SortByPrograms    BorrowerSort = "programs"
	SortByOutstanding BorrowerSort = "outstanding"
	SortByOverdue     BorrowerSort = "overdue" // households with overdue principal first
)

// BorrowerSorts lists the sortable columns.
var BorrowerSorts = []BorrowerSort{SortByCode, SortByName, SortByVillage, SortByGroup, SortByPrograms,
	SortByOutstanding, SortByOverdue}

// BorrowerFilter is everything the borrower list is narrowed and ordered by. Zero fields do not
// filter; a zero Sort is by name.
type BorrowerFilter struct {
	Query     string // name (with or without diacritics, any word order), customer code, ID number or phone
	CommuneID int64
	VillageID int64
	GroupID   int64
	Program   string // program code: households with an active loan of that program
	Category  Category
	Status    BorrowerStatusFilter
	// On is the date outstanding principal and overdue are reckoned on (the working date);
	// required.
	On   Date
	Sort BorrowerSort
	Desc bool
	// Offset and Limit select a page of the ordered list; Limit ≤ 0 means every row.
	Offset, Limit int
}

// Validate checks the filter's own fields.
func (f BorrowerFilter) Validate() error {
	var errs Errors
	if f.On.IsZero() {
		errs.Add(Invalid("borrower_list.date", "required"))
	}
	okStatus := false
	for _, s := range BorrowerStatusFilters {
		okStatus = okStatus || s == f.Status
	}
	if !okStatus {
		errs.Add(Invalid("borrower_list.status", "one_of"))
	}
	okSort := f.Sort == ""
	for _, s := range BorrowerSorts {
		okSort = okSort || s == f.Sort
	}
	if !okSort {
		errs.Add(Invalid("borrower_list.sort", "one_of"))
	}
	if f.Category != "" {
		okCat := false
		for _, c := range Categories {
			okCat = okCat || c == f.Category
		}
		if !okCat {
			errs.Add(Invalid("borrower_list.category", "one_of"))
		}
	}
	if f.Offset < 0 {
		errs.Add(Invalid("borrower_list.offset", "not_negative"))
	}
	if f.CommuneID < 0 || f.VillageID < 0 || f.GroupID < 0 {
		errs.Add(Invalid("borrower_list.place", "not_negative"))
	}
	return errs.Err()
}

// BorrowerRow is one line of the borrower list: the household and what it owes on the list's
// date.
type BorrowerRow struct {
	BorrowerView
	Programs    []string // program codes of the household's active loans, sorted, each once
	Outstanding Dong     // principal outstanding on the date, every loan
	Overdue     bool     // some loan has overdue principal on the date
}

// BorrowerList is one page of the borrower list.
type BorrowerList struct {
	Rows  []BorrowerRow
	Total int // households matching the filter, on every page
}

// BorrowerLoan is one loan of a household with its position on a date.
type BorrowerLoan struct {
	Loan     Loan
	Position Position
}

// StatePending is the state of a loan signed but not yet disbursed, beside the LoanStates
// lists show.
const StatePending LoanState = "pending"

// State says how the loan stands on its position's date: what it owes then decides, not the
// loan's status today.
func (bl BorrowerLoan) State() LoanState {
	p := bl.Position
	switch {
	case p.Overdue > 0:
		return StateOverdue
	case p.Frozen > 0:
		return StateFrozen
	case p.Principal() > 0:
		return StateCurrent
	case bl.Loan.Status == LoanWrittenOff || p.WrittenOff > 0:
		return StateWrittenOff
	case p.Disbursed == 0:
		return StatePending
	case bl.Loan.Status == LoanClosed:
		return StateClosed
	}
	return StateCurrent // repaid, interest still due
}

// FieldChange is one field of a household changed by one recorded change. Field is the form
// field's ID ("borrower.phone"); the status is "borrower.status" ("true" while a borrower,
// "false" once left) and the reason given for leaving or rejoining "borrower.reason". Values
// are as stored, except that a village or group is given by its name.
type FieldChange struct {
	Field         string
	Before, After string
}

// Borrower history actions beyond "create" and "update".
const (
	ActionLeave  = "leave"
	ActionRejoin = "rejoin"
)

// BorrowerChange is one recorded change of a household.
type BorrowerChange struct {
	At      time.Time
	User    string
	Action  string // "create", "update", "leave", "rejoin"
	Changes []FieldChange
}

// BorrowerDetail is what the Borrowers screen shows about one household.
type BorrowerDetail struct {
	Borrower BorrowerView
	On       Date
	Loans    []BorrowerLoan // in contract order of opening
	Savings  Dong           // savings balance on On
	History  []BorrowerChange
}

// NameParts splits a Vietnamese full name into family name (the first word), middle names
// and given name (the last word); a one-word name is a given name only.
func NameParts(full string) (family, middle, given string) {
	f := strings.Fields(full)
	switch len(f) {
	case 0:
		return "", "", ""
	case 1:
		return "", "", f[0]
	}
	return f[0], strings.Join(f[1:len(f)-1], " "), f[len(f)-1]
}
