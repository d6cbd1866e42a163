package data

import (
	"context"
	"strings"
	"time"
)

// The local-budget capital ledger (vốn ngân sách địa phương ủy thác, Directive 40-CT/TW): each
// budget that entrusts capital to the office is a pool; its transfers and returns are entries
// of an append-only ledger, a correction being a reversal that names the entry it cancels.

// CapitalKind is what a capital entry does to its pool.
type CapitalKind string

const (
	CapitalTransfer CapitalKind = "transfer" // money entrusted to the office: the pool grows
	CapitalReturn   CapitalKind = "return"   // money given back or reallocated: the pool shrinks
	CapitalReversal CapitalKind = "reversal" // cancels an earlier entry of the same pool
)

// CapitalPool is one budget's capital held by the office: its level, who gives it (the
// People's Committee of …, or an investor code for job-creation capital) and, for a commune's
// budget, the commune.
type CapitalPool struct {
	ID        int64
	Level     CapitalLevel
	Giver     string
	CommuneID int64 // commune pools only
}

// CapitalEntry is one line of the capital ledger.
type CapitalEntry struct {
	ID       int64
	PoolID   int64
	Kind     CapitalKind
	On       Date // the decision's date, the day the money moved
	Amount   Dong // always > 0; the kind says which way it moves
	Decision string
	Reverses int64 // reversal: the entry it cancels
	Note     string
	PostedAt time.Time
	User     string
}

// CapitalMove is a transfer or a return as the accountant records it: the pool is found by
// its level, giver and commune, and made on its first transfer.
type CapitalMove struct {
	Kind      CapitalKind // CapitalTransfer or CapitalReturn
	Level     CapitalLevel
	Giver     string
	CommuneID int64
	On        Date
	Amount    Dong
	Decision  string
	Note      string
}

// ParseCapitalLevel reads a level by its name.
func ParseCapitalLevel(s string) (CapitalLevel, error) {
	for _, l := range CapitalLevels {
		if string(l) == strings.TrimSpace(s) {
			return l, nil
		}
	}
	return "", Invalid("capital.level", "one_of", "Value", s)
}

// Check refuses a move that lacks its evidence: both a transfer and a return need a decision.
func (m *CapitalMove) Check() error {
	m.Giver, m.Decision, m.Note = NFC(strings.TrimSpace(m.Giver)), NFC(strings.TrimSpace(m.Decision)), NFC(strings.TrimSpace(m.Note))
	var errs Errors
	if m.Kind != CapitalTransfer && m.Kind != CapitalReturn {
		errs.Add(Invalid("capital.kind", "one_of", "Value", string(m.Kind)))
	}
	if _, err := ParseCapitalLevel(string(m.Level)); err != nil {
		errs.Add(err.(*Error))
	}
	if m.Giver == "" {
		errs.Add(Invalid("capital.giver", "required"))
	}
	if m.Decision == "" {
		errs.Add(Invalid("capital.decision", "required"))
	}
	if m.On.IsZero() {
		errs.Add(Invalid("capital.date", "required"))
	}
	if m.Amount <= 0 {
		errs.Add(Invalid("capital.amount", "positive"))
	}
	switch {
	case m.Level == CapitalCommune && m.CommuneID == 0:
		errs.Add(Invalid("capital.commune", "required"))
	case m.Level != CapitalCommune && m.CommuneID != 0:
		errs.Add(Invalid("capital.commune", "commune_level_only"))
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// PoolFor is the pool a loan from local capital uses, the same rule for a new loan, an import
// and the demo: provincial money from the first province pool; district and commune money
// from the first pool of the borrower's commune, else from the first district pool. ok is
// false for central money or when no pool fits.
func PoolFor(pools []CapitalPool, source FundingSource, communeID int64) (CapitalPool, bool) {
	first := func(match func(CapitalPool) bool) (CapitalPool, bool) {
		var best CapitalPool
		for _, p := range pools {
			if match(p) && (best.ID == 0 || p.ID < best.ID) {
				best = p
			}
		}
		return best, best.ID != 0
	}
	switch source {
	case SourceProvince:
		return first(func(p CapitalPool) bool { return p.Level == CapitalProvince })
	case SourceLocal:
		if p, ok := first(func(p CapitalPool) bool { return p.Level == CapitalCommune && p.CommuneID == communeID }); ok {
			return p, true
		}
		return first(func(p CapitalPool) bool { return p.Level == CapitalDistrict })
	}
	return CapitalPool{}, false
}

// CapitalPoolFigures is one pool on a date: its totals and the interest collected on the loans
// lent from it (the office pays fees and a risk reserve from it).
type CapitalPoolFigures struct {
	Pool        CapitalPool
	CommuneCode string
	CommuneName string
	Totals      CapitalTotals
	Interest    Dong // interest and penalty collected on its loans, all time to the date
	Jan1        Dong // balance on 1 January of the date's year
	MonthAgo    Dong // balance on the last day of the month before
	AtDirective Dong // balance on 22/11/2014
	Loans       int  // loans lent from it
}

// CapitalFigures is the capital report's figures and the capital screen's rows.
type CapitalFigures struct {
	On     Date
	Pools  []CapitalPoolFigures // by level (CapitalLevels), then giver
	Totals CapitalTotals
	// OfficeOutstanding is the principal outstanding of every loan of the office on the date;
	// the local share is the capital balance over it.
	OfficeOutstanding Dong
}

// Sum adds the pools of one level ("" for all): every figure of a pool, for a subtotal or
// the total line.
func (f CapitalFigures) Sum(level CapitalLevel) (sum CapitalPoolFigures) {
	for _, p := range f.Pools {
		if level != "" && p.Pool.Level != level {
			continue
		}
		sum.Totals.Add(p.Totals)
		sum.Interest += p.Interest
		sum.Jan1 += p.Jan1
		sum.MonthAgo += p.MonthAgo
		sum.AtDirective += p.AtDirective
		sum.Loans += p.Loans
	}
	return sum
}

// CapitalStore keeps the capital ledger.
type CapitalStore interface {
	CapitalReader
	// CapitalFiguresOn reads every pool on a date.
	CapitalFiguresOn(ctx context.Context, on Date) (CapitalFigures, error)
	// CapitalEntries lists the ledger in posting order.
	CapitalEntries(ctx context.Context) ([]CapitalEntry, error)
	// CapitalPools lists the pools in the order they were made.
	CapitalPools(ctx context.Context) ([]CapitalPool, error)
	// MoveCapital records a transfer or a return (making the pool on its first transfer); a
	// return beyond what the pool has available is refused. An action a second user approves
	// returns a *RequestMade.
	MoveCapital(ctx context.Context, m CapitalMove) (CapitalEntry, error)
	// ReverseCapital cancels an entry, for a reason.
	ReverseCapital(ctx context.Context, entryID int64, decision, note string) (CapitalEntry, error)
	// ImportCapital brings an imported capital sheet into the ledger, leaving alone the rows
	// it already holds; all rows or none.
	ImportCapital(ctx context.Context, rows []CapitalRow) (CapitalImported, error)
}

// CapitalDataset is the capital ledger a whole office brings (the demo's, an import's).
type CapitalDataset struct {
	Pools   []CapitalPool  // IDs assigned
	Entries []CapitalEntry // transfers and returns, in posting order
}

// CapitalRow is one line of an imported capital sheet: a transfer, a return or a reversal,
// its pool named by level, giver and commune code. No is the entry's number in the file (the
// export writes the ledger's), which a reversal's Reverses names.
type CapitalRow struct {
	Origin
	No, Reverses int64
	Kind         CapitalKind
	Level        CapitalLevel
	Giver        string
	CommuneCode  string
	On           Date
	Amount       Dong
	Decision     string
	Note         string
}

// CapitalImported counts what an import did with a capital sheet: rows added to the ledger,
// and rows the ledger already held (an office imported back, a file imported twice).
type CapitalImported struct {
	Added, Unchanged int
}
