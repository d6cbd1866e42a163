package data

import "context"

// CapitalLevel is the budget that entrusted local capital to the office (Directive 40-CT/TW).
type CapitalLevel string

const (
	CapitalProvince CapitalLevel = "province"
	CapitalDistrict CapitalLevel = "district"
	CapitalCommune  CapitalLevel = "commune"
)

// CapitalLevels lists the levels in report order.
var CapitalLevels = []CapitalLevel{CapitalProvince, CapitalDistrict, CapitalCommune}

// CapitalTotals sums local-budget capital on a date: what was transferred, what was returned,
// the balance held (Received − Returned), the principal outstanding on loans lent from it, and
// what is left to lend (Balance − LentOutstanding − approved loans not yet disbursed).
type CapitalTotals struct {
	Received, Returned, Balance, LentOutstanding, Available Dong
}

// Add adds o's figures to t's.
func (t *CapitalTotals) Add(o CapitalTotals) {
	t.Received += o.Received
	t.Returned += o.Returned
	t.Balance += o.Balance
	t.LentOutstanding += o.LentOutstanding
	t.Available += o.Available
}

// CapitalReader reads the local-budget capital ledger for the reports that quote it.
type CapitalReader interface {
	// CapitalTotalsOn sums every capital pool on a date (ledger entries dated on or before
	// it); with communeID ≠ 0, only the pools of that commune's own budget.
	CapitalTotalsOn(ctx context.Context, on Date, communeID int64) (CapitalTotals, error)
}
