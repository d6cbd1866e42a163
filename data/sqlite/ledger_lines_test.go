package sqlite

import (
	"testing"

	"policycredit/data"
)

// The exported ledger has every entry in posting order, loan entries with their contract and
// household, savings entries with the household and no contract.
func TestLedgerLines(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	empty, err := f.s.LedgerLines(userCtx)
	must(t, err)
	if len(empty) != 0 {
		t.Fatalf("empty ledger: %d lines", len(empty))
	}
	a := f.open(t, newLoan("HD-A", f.member.ID, 12_000_000, "2025-01-10", 12), 12_000_000)
	f.post(t, data.Entry{LoanID: a.ID, Kind: data.EntryPrincipal, ValueDate: data.MustDate("2025-04-10"), Amount: 3_000_000})
	f.post(t, data.Entry{BorrowerID: f.outsider.ID, Kind: data.EntryDeposit, ValueDate: data.MustDate("2025-05-01"), Amount: 50_000})
	lines, err := f.s.LedgerLines(userCtx)
	must(t, err)
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3: %+v", len(lines), lines)
	}
	// 1: the disbursement of 12,000,000; 2: 3,000,000 principal; 3: a 50,000 deposit.
	want := []struct {
		kind     data.EntryKind
		amount   data.Dong
		contract string
		code     string
		name     string
	}{
		{data.EntryDisburse, 12_000_000, "HD-A", "KH0010", "Trần Thị Hoa"},
		{data.EntryPrincipal, 3_000_000, "HD-A", "KH0010", "Trần Thị Hoa"},
		{data.EntryDeposit, 50_000, "", "KH0020", "Lê Văn Sơn"},
	}
	for i, w := range want {
		l := lines[i]
		if l.Kind != w.kind || l.Amount != w.amount || l.Contract != w.contract || l.BorrowerCode != w.code || l.BorrowerName != w.name {
			t.Errorf("line %d: %+v, want %+v", i+1, l, w)
		}
		if i > 0 && lines[i-1].ID >= l.ID {
			t.Errorf("line %d out of posting order", i+1)
		}
	}
}
