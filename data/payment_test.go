package data

import (
	"reflect"
	"testing"
)

// A payment on loanA on its first due date, 2026-02-10. Interest: 12,000,000 × 5,200 / 1,000,000
// = 62,400 a month; 31 days (2026-01-10 to 2026-02-09) make 62,400 × 31 / 30 = 64,480. The
// first installment, 1,000,000, is due that day and still current.
func TestPaymentSplitsPenaltyInterestThenPrincipal(t *testing.T) {
	t.Parallel()
	l := loanA()
	l.ID, l.BorrowerID, l.Contract = 7, 3, "HD-7"
	b := bookOf(t, l, ent(EntryDisburse, "2026-01-10", 12_000_000))
	on := MustDate("2026-02-10")

	tests := []struct {
		name      string
		pay       Payment
		wantSplit Split
		want      []Entry
		err       string
	}{{
		name:      "the usual division: interest first, then principal",
		pay:       Payment{ValueDate: on, Amount: 1_064_480, Ref: "R1"},
		wantSplit: Split{Interest: 64_480, Current: 1_000_000},
		want: []Entry{
			{LoanID: 7, Kind: EntryInterest, ValueDate: on, Amount: 64_480, Ref: "R1"},
			{LoanID: 7, Kind: EntryPrincipal, ValueDate: on, Amount: 1_000_000, Ref: "R1"},
		},
	}, {
		name:      "less than the interest: interest only",
		pay:       Payment{ValueDate: on, Amount: 50_000},
		wantSplit: Split{Interest: 50_000},
		want:      []Entry{{LoanID: 7, Kind: EntryInterest, ValueDate: on, Amount: 50_000}},
	}, {
		name:      "from savings: the withdrawal, naming the contract, comes first",
		pay:       Payment{ValueDate: on, Amount: 64_480, FromSavings: true, Note: "n"},
		wantSplit: Split{Interest: 64_480},
		want: []Entry{
			{BorrowerID: 3, Kind: EntryWithdraw, ValueDate: on, Amount: 64_480, Note: "HD-7"},
			{LoanID: 7, Kind: EntryInterest, ValueDate: on, Amount: 64_480, Note: "n"},
		},
	}, {
		name:      "the clerk's own division is kept; zero parts are left out",
		pay:       Payment{ValueDate: on, Amount: 300_000, Parts: &Split{Current: 300_000}},
		wantSplit: Split{Current: 300_000},
		want:      []Entry{{LoanID: 7, Kind: EntryPrincipal, ValueDate: on, Amount: 300_000}},
	}, {
		name: "a division that does not add up to the amount",
		pay:  Payment{ValueDate: on, Amount: 300_000, Parts: &Split{Interest: 64_480, Current: 200_000}},
		err:  "payment.amount:split_sum",
	}, {
		name: "a division of nothing",
		pay:  Payment{ValueDate: on, Amount: 0, Parts: &Split{}},
		err:  "payment.amount:positive",
	}, {
		name: "more than is owed",
		pay:  Payment{ValueDate: on, Amount: 12_064_481},
		err:  "payment.amount:overpayment",
	}, {
		name: "no date",
		pay:  Payment{Amount: 1_000},
		err:  "entry.value_date:required",
	}}
	for _, tc := range tests {
		split, entries, err := tc.pay.Entries(b)
		if tc.err != "" {
			checkAll(t, tc.name, err, []string{tc.err})
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if split != tc.wantSplit || split.Total() != tc.pay.Amount {
			t.Errorf("%s: split %+v, want %+v", tc.name, split, tc.wantSplit)
		}
		if !reflect.DeepEqual(entries, tc.want) {
			t.Errorf("%s: entries\n%+v\nwant\n%+v", tc.name, entries, tc.want)
		}
	}
}

func TestKindLookups(t *testing.T) {
	t.Parallel()
	for _, k := range Kinds {
		if got, ok := KindNamed(string(k.Kind)); !ok || got != k.Kind {
			t.Errorf("KindNamed(%q) = %q, %v", k.Kind, got, ok)
		}
		if LabelOf(k.Kind) != k.Label || k.Label == "" {
			t.Errorf("LabelOf(%q) = %q, want %q", k.Kind, LabelOf(k.Kind), k.Label)
		}
		if k.CLI != "" {
			if got, ok := KindForCLI(k.CLI); !ok || got != k.Kind {
				t.Errorf("KindForCLI(%q) = %q, %v", k.CLI, got, ok)
			}
		}
	}
	if _, ok := KindNamed("gift"); ok {
		t.Error("KindNamed found a kind that does not exist")
	}
	if _, ok := KindForCLI("gift"); ok {
		t.Error("KindForCLI found a kind that does not exist")
	}
	if got := LabelOf("gift"); got != "entry.gift" {
		t.Errorf("LabelOf of an unknown kind = %q, want the ID it would have", got)
	}
	// The command line names a payment "payment", which is not a ledger kind: it posts
	// several entries.
	if k, ok := KindForCLI("principal"); !ok || k != EntryPrincipal {
		t.Errorf("KindForCLI(principal) = %q, %v", k, ok)
	}
}
