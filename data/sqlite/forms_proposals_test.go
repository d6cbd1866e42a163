package sqlite

import (
	"testing"

	"policycredit/data"
)

// The count a rate's confirmation states: the program's active loans that follow its rate,
// not a closed loan, another program's, nor one with its own dated rates.
func TestRepricedLoansCountsActiveLoansOnTheProgramRate(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s := f.s
	f.open(t, newLoan("17890/2026/0001", f.member.ID, 10_000_000, "2026-01-10", 24), 10_000_000)
	f.open(t, newLoan("17890/2026/0002", f.member.ID, 5_000_000, "2026-01-12", 24), 5_000_000)
	own := newLoan("17890/2026/0003", f.member.ID, 5_000_000, "2026-01-15", 24)
	own.RateOverrides = []data.RatePeriod{{ProgramCode: "01", Effective: data.MustDate("2026-01-15"), Rate: 6000}}
	f.open(t, own, 5_000_000)
	n, err := s.RepricedLoans(userCtx, "01")
	must(t, err)
	if n != 2 {
		t.Errorf("program 01 reprices %d loans, want 2 (the third has its own rate)", n)
	}
	n, err = s.RepricedLoans(userCtx, "03")
	must(t, err)
	if n != 0 {
		t.Errorf("program 03 reprices %d loans, want 0", n)
	}
}

// A rate dated in a closed month is refused before anything is written, with the field and
// the rule; one dated after the closed months is added.
func TestRateInClosedMonthRefusedAndNothingWritten(t *testing.T) {
	t.Parallel()
	f, _ := closingFixture(t)
	before := snapshot(t, f.s)
	err := f.s.AddRatePeriod(userCtx, data.RatePeriod{ProgramCode: "01", Effective: data.MustDate("2026-03-31"), Rate: 4500})
	assertMonthClosed(t, err, "rate.effective", "2026-03")
	if after := snapshot(t, f.s); after != before {
		t.Error("a refused rate changed the database")
	}
	must(t, f.s.AddRatePeriod(userCtx, data.RatePeriod{ProgramCode: "01", Effective: data.MustDate("2026-04-01"), Rate: 4500}))
}

// The proposed contract number follows the highest of the household's commune and year,
// ignoring other communes, other years and numbers written otherwise.
func TestNextContractFollowsTheCommuneAndYear(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s := f.s
	signed := data.MustDate("2026-03-10")
	next, err := s.NextContract(userCtx, f.member.ID, signed)
	must(t, err)
	if next != "17890/2026/0001" {
		t.Errorf("first contract of the year: %q, want 17890/2026/0001", next)
	}
	f.open(t, newLoan("17890/2026/0007", f.member.ID, 5_000_000, "2026-01-10", 24), 5_000_000)
	f.open(t, newLoan("17890/2026/0003", f.member.ID, 5_000_000, "2026-01-11", 24), 5_000_000)
	f.open(t, newLoan("17890/2025/0050", f.member.ID, 5_000_000, "2025-12-11", 24), 5_000_000)
	f.open(t, newLoan("17890/2026/0099-B", f.member.ID, 5_000_000, "2026-01-12", 24), 5_000_000)
	f.open(t, newLoan("17893/2026/0040", f.outsider.ID, 5_000_000, "2026-01-12", 24), 5_000_000)
	next, err = s.NextContract(userCtx, f.member.ID, signed)
	must(t, err)
	if next != "17890/2026/0008" {
		t.Errorf("next contract %q, want 17890/2026/0008", next)
	}
	next, err = s.NextContract(userCtx, f.outsider.ID, signed)
	must(t, err)
	if next != "17893/2026/0041" {
		t.Errorf("next contract in the other commune %q, want 17893/2026/0041", next)
	}
	if _, err := s.NextContract(userCtx, 9999, signed); data.ForField(err, "loan.borrower") == nil {
		t.Errorf("an unknown household: %v, want not found on loan.borrower", err)
	}
}

// The proposed customer code continues the latest household's code.
func TestNextCustomerCodeContinuesTheLatest(t *testing.T) {
	t.Parallel()
	empty := newStore(t)
	if next, err := empty.NextCustomerCode(userCtx); err != nil || next != "" {
		t.Errorf("empty office: %q, %v; want nothing proposed", next, err)
	}
	f := newLoanFixture(t) // KH0001, KH0010, KH0020
	next, err := f.s.NextCustomerCode(userCtx)
	must(t, err)
	if next != "KH0021" {
		t.Errorf("next code %q, want KH0021", next)
	}
	b := person("kh0042", "Phạm Văn Long", f.villageA1.ID, 0)
	must(t, f.s.SaveBorrower(userCtx, &b))
	b = person("40120000457", "Hồ Thị Lan", f.villageA1.ID, 0)
	must(t, f.s.SaveBorrower(userCtx, &b))
	b = person("40120000123", "Đặng Văn Minh", f.villageA1.ID, 0)
	must(t, f.s.SaveBorrower(userCtx, &b))
	next, err = f.s.NextCustomerCode(userCtx)
	must(t, err)
	if next != "40120000458" {
		t.Errorf("next all-digit code %q, want 40120000458", next)
	}
	b = person("KH0030", "Võ Thị Hằng", f.villageA1.ID, 0)
	must(t, f.s.SaveBorrower(userCtx, &b))
	next, err = f.s.NextCustomerCode(userCtx)
	must(t, err)
	if next != "KH0043" {
		t.Errorf("next code %q, want KH0043 (after kh0042, whatever its case)", next)
	}
}
