package data

import (
	"reflect"
	"testing"
)

func TestStatementLines(t *testing.T) {
	t.Parallel()
	d := MustDate
	es := []Entry{
		{ID: 1, Kind: EntryDisburse, ValueDate: d("2025-01-10"), Amount: 30_000_000},
		{ID: 2, Kind: EntryInterest, ValueDate: d("2025-02-10"), Amount: 156_000},
		{ID: 3, Kind: EntryPrincipal, ValueDate: d("2025-03-10"), Amount: 5_000_000},
		// Posted later but dated earlier: it comes before entry 3 in the statement.
		{ID: 6, Kind: EntryPrincipal, ValueDate: d("2025-03-01"), Amount: 1_000_000},
		{ID: 4, Kind: EntryPrincipal, ValueDate: d("2025-04-10"), Amount: 2_000_000},
		{ID: 5, Kind: EntryReversal, ValueDate: d("2025-04-11"), Reverses: 4},
		{ID: 7, Kind: EntryFreeze, ValueDate: d("2025-05-01"), Amount: 4_000_000},
		{ID: 8, Kind: EntryWriteOff, ValueDate: d("2025-06-01"), Amount: 500_000},
		{ID: 9, Kind: EntryPrincipal, ValueDate: d("2025-07-01"), Amount: 9_000_000}, // after the date
	}
	got := StatementLines(es, d("2025-06-30"), false)
	// 30,000,000 − 1,000,000 = 29,000,000; − 5,000,000 = 24,000,000; − 2,000,000 = 22,000,000;
	// the reversal gives the 2,000,000 back: 24,000,000; a freeze moves nothing out;
	// − 500,000 written off = 23,500,000. Entry 9 is after the date.
	type line struct {
		id       int64
		balance  Dong
		reversed bool
	}
	want := []line{{1, 30_000_000, false}, {2, 30_000_000, false}, {6, 29_000_000, false}, {3, 24_000_000, false},
		{4, 22_000_000, true}, {5, 24_000_000, false}, {7, 24_000_000, false}, {8, 23_500_000, false}}
	var have []line
	for _, l := range got {
		have = append(have, line{l.ID, l.Balance, l.Reversed})
	}
	if !reflect.DeepEqual(have, want) {
		t.Errorf("lines\n got %v\nwant %v", have, want)
	}

	// Savings: 200,000 in, 50,000 out, 1,234 interest; loan entries are ignored.
	sav := []Entry{
		{ID: 1, Kind: EntryDeposit, ValueDate: d("2025-01-10"), Amount: 200_000},
		{ID: 2, Kind: EntryDisburse, ValueDate: d("2025-01-10"), Amount: 30_000_000},
		{ID: 3, Kind: EntryWithdraw, ValueDate: d("2025-02-10"), Amount: 50_000},
		{ID: 4, Kind: EntrySavingsInterest, ValueDate: d("2025-06-30"), Amount: 1_234},
	}
	s := StatementLines(sav, d("2025-06-30"), true)
	if len(s) != 3 || s[2].Balance != 151_234 || s[2].Balance != SavingsBalance(sav, d("2025-06-30")) {
		t.Errorf("savings lines %+v, want 3 ending at 151,234", s)
	}
}

func TestRatesInForce(t *testing.T) {
	t.Parallel()
	d := MustDate
	ps := []RatePeriod{
		{Effective: d("2013-01-01"), Rate: 6500},
		{Effective: d("2019-04-01"), Rate: 5500},
		{Effective: d("2025-12-01"), Rate: 5200},
	}
	rates := func(rs []RatePeriod) []Rate {
		var out []Rate
		for _, r := range rs {
			out = append(out, r.Rate)
		}
		return out
	}
	for _, c := range []struct {
		from, to string
		want     []Rate
	}{
		{"2020-05-05", "2026-01-01", []Rate{5500, 5200}}, // signed under the 2019 rate, changed in 2025
		{"2020-05-05", "2025-11-30", []Rate{5500}},       // the change is after the date
		{"2019-04-01", "2019-04-01", []Rate{5500}},       // signed the day the rate changed
		{"2012-01-01", "2014-01-01", []Rate{6500}},       // before any period: the first one
	} {
		if got := rates(RatesInForce(ps, d(c.from), d(c.to))); !reflect.DeepEqual(got, c.want) {
			t.Errorf("RatesInForce(%s, %s) = %v, want %v", c.from, c.to, got, c.want)
		}
	}
}
