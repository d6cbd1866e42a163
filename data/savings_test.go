package data

import "testing"

// savingsLedger: 100,000 paid in on 2026-01-05, 50,000 on 2026-01-20, 30,000 taken out on
// 2026-02-10. A loan entry of the same household is mixed in and ignored.
func savingsLedger() []Entry {
	return []Entry{
		{ID: 1, Kind: EntryDeposit, ValueDate: MustDate("2026-01-05"), Amount: 100_000},
		{ID: 2, Kind: EntryDeposit, ValueDate: MustDate("2026-01-20"), Amount: 50_000},
		{ID: 3, Kind: EntryDisburse, ValueDate: MustDate("2026-01-20"), Amount: 9_000_000},
		{ID: 4, Kind: EntryWithdraw, ValueDate: MustDate("2026-02-10"), Amount: 30_000},
	}
}

func TestSavingsBalance(t *testing.T) {
	t.Parallel()
	es := savingsLedger()
	withReversal := append(savingsLedger(), Entry{ID: 5, Kind: EntryReversal, ValueDate: MustDate("2026-02-15"), Reverses: 2})
	withCredit := append(savingsLedger(), Entry{ID: 6, Kind: EntrySavingsInterest, ValueDate: MustDate("2026-06-30"), Amount: 231})
	tests := []struct {
		name    string
		entries []Entry
		on      string
		want    Dong
	}{
		{"before anything", es, "2026-01-04", 0},
		{"deposit counts on its day", es, "2026-01-05", 100_000},
		{"two deposits", es, "2026-01-20", 150_000},
		{"after the withdrawal: 150,000 − 30,000", es, "2026-02-10", 120_000},
		{"reversal not yet", withReversal, "2026-02-14", 120_000},
		{"reversal of the 50,000: 100,000 − 30,000", withReversal, "2026-02-15", 70_000},
		{"interest credited: 120,000 + 231", withCredit, "2026-06-30", 120_231},
		{"zero date", es, "", 0},
	}
	for _, tc := range tests {
		var on Date
		if tc.on != "" {
			on = MustDate(tc.on)
		}
		if got := SavingsBalance(tc.entries, on); got != tc.want {
			t.Errorf("%s: SavingsBalance on %s = %d, want %d", tc.name, tc.on, got, tc.want)
		}
	}
}

func TestSavingsInterest(t *testing.T) {
	t.Parallel()
	es := savingsLedger()
	withReversal := append(savingsLedger(), Entry{ID: 5, Kind: EntryReversal, ValueDate: MustDate("2026-02-15"), Reverses: 2})
	one := func(amount Dong) []Entry {
		return []Entry{{ID: 1, Kind: EntryDeposit, ValueDate: MustDate("2026-01-05"), Amount: amount}}
	}
	tests := []struct {
		name     string
		entries  []Entry
		from, to string
		rate     Rate
		basis    InterestBasis
		want     Dong
	}{
		// 1 Jan … 28 Feb at 0.1 %/month (1,000): 100,000 × 15 (5 … 19 Jan) + 150,000 × 21
		// (20 Jan … 9 Feb) + 120,000 × 19 (10 … 28 Feb) = 1,500,000 + 3,150,000 + 2,280,000 =
		// 6,930,000 đồng-days; × 1,000 / 30,000,000 = 231.
		{"two months, basis 30", es, "2026-01-01", "2026-03-01", 1_000, Basis30, 231},
		// Basis 365: 6,930,000 × 1,000 × 12 / 365,000,000 = 227.84 → 228.
		{"two months, basis 365", es, "2026-01-01", "2026-03-01", 1_000, Basis365, 228},
		// Window inside: 20 Jan … 9 Feb only, 150,000 × 21 × 1,000 / 30,000,000 = 105.
		{"window", es, "2026-01-20", "2026-02-10", 1_000, Basis30, 105},
		// The 50,000 deposit reversed on 15 Feb is gone for the whole period: 100,000 × 36
		// (5 Jan … 9 Feb) + 70,000 × 19 = 4,930,000; × 1,000 / 30,000,000 = 164.33 → 164.
		{"reversal honoured", withReversal, "2026-01-01", "2026-03-01", 1_000, Basis30, 164},
		// Up to 13 Feb the reversal (15 Feb) is not known: 1,500,000 + 3,150,000 + 120,000 × 4
		// (10 … 13 Feb) = 5,130,000; × 1,000 / 30,000,000 = 171.
		{"reversal later", withReversal, "2026-01-01", "2026-02-14", 1_000, Basis30, 171},
		// 123,456 × 27 (5 … 31 Jan) × 1,000 / 30,000,000 = 111.11 → 111.
		{"rounded down", one(123_456), "2026-01-01", "2026-02-01", 1_000, Basis30, 111},
		// 15,000 × 1 × 1,000 / 30,000,000 = 0.5 → 1 (half up); 14,999 → 0.49997 → 0.
		{"exactly a half", one(15_000), "2026-01-05", "2026-01-06", 1_000, Basis30, 1},
		{"just under a half", one(14_999), "2026-01-05", "2026-01-06", 1_000, Basis30, 0},
		{"empty period", es, "2026-03-01", "2026-03-01", 1_000, Basis30, 0},
		{"reversed period", es, "2026-03-01", "2026-01-01", 1_000, Basis30, 0},
	}
	for _, tc := range tests {
		got := SavingsInterest(tc.entries, MustDate(tc.from), MustDate(tc.to), tc.rate, tc.basis)
		if got != tc.want {
			t.Errorf("%s: SavingsInterest = %d, want %d", tc.name, got, tc.want)
		}
	}
}
