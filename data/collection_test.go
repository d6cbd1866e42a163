package data

import (
	"reflect"
	"testing"
)

func TestDuesOn(t *testing.T) {
	t.Parallel()
	// A loan of 30,000,000 in three installments of 10,000,000 due 15 Jan, 15 Feb, 15 Mar.
	// On 15 Feb: installment 1 is overdue with 4,000,000 unpaid, installment 2 falls due today
	// with 1,000,000 already paid, installment 3 is not due yet.
	p := Position{
		On: MustDate("2026-02-15"), Current: 19_000_000, Overdue: 4_000_000,
		InterestDue: 125_000, PenaltyDue: 3_300,
		Installments: []InstallmentPosition{
			{Installment: Installment{No: 1, Due: MustDate("2026-01-15"), Principal: 10_000_000}, Paid: 6_000_000, Status: InstOverdue},
			{Installment: Installment{No: 2, Due: MustDate("2026-02-15"), Principal: 10_000_000}, Paid: 1_000_000, Status: InstDue},
			{Installment: Installment{No: 3, Due: MustDate("2026-03-15"), Principal: 10_000_000}, Status: InstDue},
		},
	}
	// Principal due = 4,000,000 overdue + (10,000,000 − 1,000,000) due today = 13,000,000.
	want := Dues{Principal: 13_000_000, Interest: 125_000, Penalty: 3_300}
	if got := DuesOn(p); got != want {
		t.Errorf("DuesOn = %+v, want %+v", got, want)
	}
	// The day before, installment 2 is not due: only the overdue part.
	p.On = MustDate("2026-02-14")
	if got := DuesOn(p).Principal; got != 4_000_000 {
		t.Errorf("the day before: principal due %d, want 4,000,000", got)
	}
	// Frozen installments are not asked for.
	p.On = MustDate("2026-02-15")
	p.Installments[1].Status = InstFrozen
	if got := DuesOn(p).Principal; got != 4_000_000 {
		t.Errorf("frozen: principal due %d, want 4,000,000", got)
	}
}

func TestAllocateCollection(t *testing.T) {
	t.Parallel()
	// Two loans; contract HD2 is listed first on purpose: allocation follows contract order.
	loans := []CollectionLoan{
		{LoanID: 2, Contract: "HD2", Due: Dues{Principal: 0, Interest: 40_000, Penalty: 0}, Payable: 5_000_000},
		{LoanID: 1, Contract: "HD1", Due: Dues{Principal: 2_000_000, Interest: 100_000, Penalty: 1_000}, Payable: 8_000_000},
	}
	cases := []struct {
		name  string
		paid  Dues
		want  []LoanPayment
		field string
		rule  string
	}{
		{"as due", Dues{Principal: 2_000_000, Interest: 140_000, Penalty: 1_000}, []LoanPayment{
			{1, "HD1", Dues{2_000_000, 100_000, 1_000}},
			{2, "HD2", Dues{0, 40_000, 0}},
		}, "", ""},
		// 120,000 interest: HD1 takes its 100,000, HD2 the other 20,000.
		{"part of the interest", Dues{Interest: 120_000}, []LoanPayment{
			{1, "HD1", Dues{0, 100_000, 0}},
			{2, "HD2", Dues{0, 20_000, 0}},
		}, "", ""},
		// 9,000,000 principal: 2,000,000 due on HD1, then early repayment: HD1's other
		// 6,000,000 payable, then 1,000,000 of HD2.
		{"early repayment", Dues{Principal: 9_000_000}, []LoanPayment{
			{1, "HD1", Dues{8_000_000, 0, 0}},
			{2, "HD2", Dues{1_000_000, 0, 0}},
		}, "", ""},
		{"nothing", Dues{}, []LoanPayment{}, "", ""},
		{"interest above due", Dues{Interest: 140_001}, nil, "collection.interest", "above_due"},
		{"penalty above due", Dues{Penalty: 1_001}, nil, "collection.penalty", "above_due"},
		{"principal above payable", Dues{Principal: 13_000_001}, nil, "collection.principal", "over_outstanding"},
		{"negative", Dues{Interest: -1}, nil, "collection.interest", "not_negative"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := AllocateCollection(loans, c.paid)
			if c.field != "" {
				if e := ForField(err, c.field); e == nil || e.Rule != c.rule {
					t.Fatalf("want %s %s, got %v", c.field, c.rule, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestNextPointDay(t *testing.T) {
	t.Parallel()
	cases := []struct {
		day        int
		from, want string
	}{
		{15, "2026-11-20", "2026-12-15"},
		{20, "2026-11-20", "2026-11-20"},
		{25, "2026-11-20", "2026-11-25"},
		{10, "2026-12-31", "2027-01-10"},
	}
	for _, c := range cases {
		if got := NextPointDay(c.day, MustDate(c.from)); got != MustDate(c.want) {
			t.Errorf("day %d from %s: %s, want %s", c.day, c.from, got, c.want)
		}
	}
}
