package sqlite

import (
	"reflect"
	"strings"
	"testing"

	"policycredit/data"
)

func TestBorrowerDetail(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s := f.s
	d := data.MustDate
	a := f.open(t, newLoan("HD-D1", f.member.ID, 12_000_000, "2025-01-10", 12), 12_000_000)
	f.post(t, data.Entry{LoanID: a.ID, Kind: data.EntryPrincipal, ValueDate: d("2025-04-10"), Amount: 1_000_000})
	b := f.open(t, newLoan("HD-D2", f.member.ID, 6_000_000, "2025-03-01", 24), 0)
	f.post(t, data.Entry{BorrowerID: f.member.ID, Kind: data.EntryDeposit, ValueDate: d("2025-02-15"), Amount: 150_000})
	on := d("2025-08-01")

	got, err := s.BorrowerDetail(userCtx, f.member.ID, on)
	must(t, err)
	if got.Borrower.Code != "KH0010" || got.Borrower.GroupCode != "QT-01" || !got.On.Equal(on) {
		t.Errorf("household = %+v on %s", got.Borrower, got.On)
	}
	if len(got.Loans) != 2 || got.Loans[0].Loan.Contract != "HD-D1" || got.Loans[1].Loan.ID != b.ID {
		t.Fatalf("loans = %+v", got.Loans)
	}
	for _, l := range got.Loans {
		want := f.position(t, l.Loan.Contract, "2025-08-01")
		if !reflect.DeepEqual(l.Position, want) {
			t.Errorf("%s: position %+v, want %+v", l.Loan.Contract, l.Position, want)
		}
	}
	// On 1 Aug the installments of 10 Apr and 10 Jul (6,000,000) are 5,000,000 short; the next
	// falls on 10 Oct.
	first := got.Loans[0]
	if first.State() != data.StateOverdue || first.Position.Overdue != 5_000_000 ||
		first.Position.Next == nil || !first.Position.Next.Due.Equal(d("2025-10-10")) {
		t.Errorf("HD-D1: standing %s, overdue %d, next %+v", first.State(), first.Position.Overdue, first.Position.Next)
	}
	if got.Loans[1].State() != data.StatePending {
		t.Errorf("an undisbursed loan stands %s", got.Loans[1].State())
	}
	if got.Savings != 150_000 {
		t.Errorf("savings = %d", got.Savings)
	}
	if len(got.History) != 1 || got.History[0].Action != "create" || got.History[0].User != "lan.nguyen" {
		t.Errorf("history = %+v", got.History)
	}
	// Savings and positions are on the date asked for.
	early, err := s.BorrowerDetail(userCtx, f.member.ID, d("2025-02-01"))
	must(t, err)
	if early.Savings != 0 || early.Loans[0].State() != data.StateCurrent || early.Loans[0].Position.Principal() != 12_000_000 {
		t.Errorf("on 1 Feb: savings %d, %s %d", early.Savings, early.Loans[0].State(), early.Loans[0].Position.Principal())
	}
	// A household with no loan.
	none, err := s.BorrowerDetail(userCtx, f.outsider.ID, on)
	must(t, err)
	if len(none.Loans) != 0 || none.Savings != 0 || none.Borrower.GroupID != 0 {
		t.Errorf("outsider = %+v", none)
	}

	if _, err := s.BorrowerDetail(userCtx, 9999, on); !data.HasCode(err, data.CodeNotFound) {
		t.Errorf("unknown household: %v", err)
	}
	if _, err := s.BorrowerDetail(userCtx, f.member.ID, data.Date{}); data.ForField(err, "position.date") == nil {
		t.Errorf("no date: %v", err)
	}
}

func TestBorrowerHistory(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := f.s
	b := f.leader
	b.Phone, b.Note, b.VillageID, b.Category = "0987654321", "Chuyển sang nuôi bò", f.villageA2.ID, data.CategoryNearPoor
	must(t, s.SaveBorrower(userCtx, &b))
	must(t, s.SaveBorrower(userCtx, &b)) // unchanged: nothing recorded
	b.Name, b.BirthYear = "Nguyễn Thị Hồng Đào", 0
	must(t, s.SaveBorrower(data.WithUser(userCtx, "minh.tran"), &b))

	h, err := s.borrowerChanges(userCtx, b.ID)
	must(t, err)
	if len(h) != 3 {
		t.Fatalf("%d changes recorded: %+v", len(h), h)
	}
	newest := h[0]
	if newest.User != "minh.tran" || newest.Action != "update" || !reflect.DeepEqual(newest.Changes, []data.FieldChange{
		{Field: "borrower.name", Before: "Nguyễn Thị Đào", After: "Nguyễn Thị Hồng Đào"},
		{Field: "borrower.birth_year", Before: "1978", After: ""},
	}) {
		t.Errorf("newest = %+v", newest)
	}
	if !reflect.DeepEqual(h[1].Changes, []data.FieldChange{
		{Field: "borrower.phone", Before: "0912345678", After: "0987654321"},
		{Field: "borrower.village", Before: "Thôn Đông · Xã Quỳnh Thạch", After: "Thôn Bắc Sơn · Xã Quỳnh Thạch"},
		{Field: "borrower.category", Before: "poor", After: "near_poor"},
		{Field: "borrower.note", Before: "", After: "Chuyển sang nuôi bò"},
	}) {
		t.Errorf("second = %+v", h[1].Changes)
	}
	created := h[2]
	if created.Action != "create" || len(created.Changes) == 0 || created.Changes[0] != (data.FieldChange{Field: "borrower.code", After: "KH0001"}) {
		t.Errorf("created = %+v", created)
	}
	for _, c := range created.Changes {
		if c.Field == "borrower.group" && c.After != "QT-01 · Tổ TK&VV thôn Đông" {
			t.Errorf("group named %q", c.After)
		}
	}
	if _, err := s.borrowerChanges(userCtx, 4242); !data.HasCode(err, data.CodeNotFound) {
		t.Errorf("unknown household: %v", err)
	}
}

func TestMarkBorrowerLeftAndRejoin(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s := f.s
	d := data.MustDate
	// The outsider owes on a loan; the member only holds savings; a third household repaid its
	// loan in full; a fourth has a loan signed but not disbursed.
	f.open(t, newLoan("HD-L1", f.outsider.ID, 10_000_000, "2025-01-10", 12), 10_000_000)
	f.post(t, data.Entry{BorrowerID: f.member.ID, Kind: data.EntryDeposit, ValueDate: d("2025-02-15"), Amount: 50_000})
	repaid := person("KH0030", "Phạm Văn Long", f.villageB1.ID, 0)
	must(t, s.SaveBorrower(userCtx, &repaid))
	done := f.open(t, newLoan("HD-L2", repaid.ID, 5_000_000, "2025-01-10", 12), 5_000_000)
	f.post(t, data.Entry{LoanID: done.ID, Kind: data.EntryPrincipal, ValueDate: d("2025-01-10"), Amount: 5_000_000})
	signed := person("KH0040", "Võ Thị Mai", f.villageB1.ID, 0)
	must(t, s.SaveBorrower(userCtx, &signed))
	f.open(t, newLoan("HD-L3", signed.ID, 5_000_000, "2025-03-01", 12), 0)

	before := snapshot(t, s)
	err := s.MarkBorrowerLeft(userCtx, f.outsider.ID, "Chuyển đi tỉnh khác")
	assertRule(t, err, "borrower.status", "leave_owing")
	if e := data.ForField(err, "borrower.status"); e == nil || e.Params["Contracts"] != "HD-L1" || e.Params["Amount"] != data.Dong(10_000_000) {
		t.Errorf("refusal = %+v", e)
	}
	assertRule(t, s.MarkBorrowerLeft(userCtx, f.member.ID, "Chuyển đi"), "borrower.status", "leave_savings")
	assertRule(t, s.MarkBorrowerLeft(userCtx, signed.ID, "Chuyển đi"), "borrower.status", "leave_open_loan")
	assertRule(t, s.MarkBorrowerLeft(userCtx, f.leader.ID, "Chuyển đi"), "borrower.status", "leader_leaving")
	assertRule(t, s.MarkBorrowerLeft(userCtx, repaid.ID, "  "), "borrower.reason", "required")
	assertRule(t, s.MarkBorrowerLeft(userCtx, repaid.ID, strings.Repeat("x", 501)), "borrower.reason", "too_long")
	if err := s.MarkBorrowerLeft(userCtx, 9999, "Chuyển đi"); !data.HasCode(err, data.CodeNotFound) {
		t.Errorf("unknown household: %v", err)
	}
	// Unticking "still a borrower" in a plain save is held to the same rules.
	gone := f.outsider
	gone.Active = false
	assertRule(t, s.SaveBorrower(userCtx, &gone), "borrower.status", "leave_owing")
	if snapshot(t, s) != before {
		t.Fatal("a refused leave changed the database")
	}

	// Nothing owed, nothing saved: the household leaves, and is kept with its loan.
	must(t, s.MarkBorrowerLeft(data.WithUser(userCtx, "minh.tran"), repaid.ID, " Chuyển đi tỉnh khác "))
	got, err := s.Borrower(userCtx, repaid.ID)
	must(t, err)
	if got.Active {
		t.Fatal("still active after leaving")
	}
	if ls, _ := s.LoansOfBorrower(userCtx, repaid.ID); len(ls) != 1 {
		t.Errorf("the household's loan is gone: %+v", ls)
	}
	h, err := s.borrowerChanges(userCtx, repaid.ID)
	must(t, err)
	if h[0].Action != data.ActionLeave || h[0].User != "minh.tran" || !reflect.DeepEqual(h[0].Changes, []data.FieldChange{
		{Field: "borrower.status", Before: "true", After: "false"},
		{Field: "borrower.reason", After: "Chuyển đi tỉnh khác"},
	}) {
		t.Errorf("history = %+v", h[0])
	}
	left := listAll(t, s, data.BorrowerFilter{On: d("2025-06-01"), Status: data.StatusLeft})
	if len(left) != 1 || left[0].ID != repaid.ID {
		t.Errorf("left households = %+v", left)
	}
	for _, r := range listAll(t, s, data.BorrowerFilter{On: d("2025-06-01"), Status: data.StatusActive}) {
		if r.ID == repaid.ID {
			t.Error("a household that left is listed as active")
		}
	}
	assertRule(t, s.MarkBorrowerLeft(userCtx, repaid.ID, "lần nữa"), "borrower.status", "already_left")
	// A household that left can open no loan.
	err = s.OpenLoan(userCtx, &data.Loan{Contract: "HD-L4", BorrowerID: repaid.ID, ProgramCode: "01", Source: data.SourceCentral,
		Amount: 5_000_000, SignedOn: d("2025-06-01"), TermMonths: 12, Plan: data.Plan{Kind: data.PlanEqual, EveryMonths: 3}}, 0)
	assertRule(t, err, "loan.borrower", "borrower_left")

	// Rejoining.
	assertRule(t, s.RejoinBorrower(userCtx, f.member.ID, ""), "borrower.status", "not_left")
	assertRule(t, s.RejoinBorrower(userCtx, repaid.ID, strings.Repeat("x", 501)), "borrower.reason", "too_long")
	if err := s.RejoinBorrower(userCtx, 9999, ""); !data.HasCode(err, data.CodeNotFound) {
		t.Errorf("unknown household: %v", err)
	}
	must(t, s.RejoinBorrower(userCtx, repaid.ID, "Vay lại để chăn nuôi"))
	if got, _ := s.Borrower(userCtx, repaid.ID); !got.Active {
		t.Error("not active after rejoining")
	}
	h, _ = s.borrowerChanges(userCtx, repaid.ID)
	if h[0].Action != data.ActionRejoin || len(h[0].Changes) != 2 || h[0].Changes[1].After != "Vay lại để chăn nuôi" {
		t.Errorf("history after rejoining = %+v", h[0])
	}

	// Back into a group: only if it has room.
	member := person("KH0050", "Đặng Thị Hạnh", f.villageA1.ID, f.group.ID)
	must(t, s.SaveBorrower(userCtx, &member))
	must(t, s.MarkBorrowerLeft(userCtx, member.ID, "Chuyển đi"))
	set, err := s.Settings(userCtx)
	must(t, err)
	set.GroupMaxMembers = 3 // the leader, the member with savings and one more
	must(t, s.SaveSettings(userCtx, set))
	filler := person("KH0060", "Bùi Văn Tâm", f.villageA1.ID, f.group.ID)
	must(t, s.SaveBorrower(userCtx, &filler))
	assertRule(t, s.RejoinBorrower(userCtx, member.ID, ""), "borrower.group", "group_full")
	if got, _ := s.Borrower(userCtx, member.ID); got.Active {
		t.Error("rejoined a full group")
	}
}
