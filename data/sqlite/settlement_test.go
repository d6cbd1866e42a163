package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"policycredit/data"
)

var (
	october  = data.MonthOf(data.MustDate("2026-10-01"))
	november = data.MonthOf(data.MustDate("2026-11-01"))
)

// settledStore is the small demo office with October settled by the accountant.
func settledStore(t *testing.T) (*Store, data.Settlement) {
	t.Helper()
	s := staffedStore(t)
	st, err := s.Settle(as(t, s, "ketoan"), october)
	must(t, err)
	return s, st
}

func wantRule(t *testing.T, err error, field, rule string) {
	t.Helper()
	for _, e := range data.DomainErrors(err) {
		if e.Field == field && e.Rule == rule {
			return
		}
	}
	t.Fatalf("want %s:%s, got %v", field, rule, err)
}

func TestSettleOnceFrozenAndReversed(t *testing.T) {
	t.Parallel()
	s := staffedStore(t)
	acct := as(t, s, "ketoan")
	preview, err := s.MonthSettlement(acct, october, 0)
	must(t, err)
	if preview.Settled || len(preview.Commissions) == 0 || len(preview.Fees) == 0 || preview.FeeTotal() <= 0 || preview.CommissionTotal() <= 0 {
		t.Fatalf("preview: settled %v, %d fees, %d commissions", preview.Settled, len(preview.Fees), len(preview.Commissions))
	}
	st, err := s.Settle(acct, october)
	must(t, err)
	if !st.Settled || st.SettledBy != "ketoan" || st.FeeTotal() != preview.FeeTotal() || st.CommissionTotal() != preview.CommissionTotal() {
		t.Fatalf("settled %+v vs preview fees %d commissions %d", st.SettledAt, preview.FeeTotal(), preview.CommissionTotal())
	}
	for i := range st.Scores {
		if st.Scores[i].Points != preview.Scores[i].Points || st.Commissions[i] != preview.Commissions[i] {
			t.Fatalf("group %s: kept %+v, computed %+v", st.Scores[i].Code, st.Scores[i], preview.Scores[i])
		}
	}
	for i := range st.Fees {
		if st.Fees[i] != preview.Fees[i] {
			t.Fatalf("fee %d: kept %+v, computed %+v", i, st.Fees[i], preview.Fees[i])
		}
	}

	_, err = s.Settle(acct, october)
	wantRule(t, err, "settlement.month", "already_settled")
	_, err = s.Settle(acct, data.MonthOf(testToday))
	wantRule(t, err, "settlement.month", "month_not_over")

	// What is kept never changes in place.
	if _, err := s.db.Exec(`UPDATE settlement_groups SET commission = commission + 1`); err == nil {
		t.Fatal("a settled commission was changed in place")
	}
	if _, err := s.db.Exec(`DELETE FROM settlements`); err == nil {
		t.Fatal("a settlement was deleted")
	}

	wantRule(t, s.ReverseSettlement(acct, october, "  "), "settlement.reason", "required")
	must(t, s.ReverseSettlement(acct, october, "Áp dụng sai tỷ lệ phí"))
	wantRule(t, s.ReverseSettlement(acct, october, "lần hai"), "settlement.month", "not_settled")
	again, err := s.Settle(acct, october)
	must(t, err)
	if again.ID == st.ID || again.FeeTotal() != st.FeeTotal() {
		t.Errorf("settled again: id %d (was %d), fees %d (was %d)", again.ID, st.ID, again.FeeTotal(), st.FeeTotal())
	}
	infos, err := s.Settlements(acct)
	must(t, err)
	if len(infos) != 2 || infos[0].Reversed || !infos[1].Reversed || infos[1].ReversedReason != "Áp dụng sai tỷ lệ phí" ||
		infos[1].ReversedBy != "ketoan" || infos[0].Fees != st.FeeTotal() {
		t.Errorf("settlements: %+v", infos)
	}
}

// The month's figures agree with the engine: each group's outstanding and overdue principal at
// the month's end add up to the positions of the loans lent through groups, and the interest
// collected to the month's interest entries.
func TestSettlementFiguresAgreeWithTheLedger(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ctx := context.Background()
	var gs []data.GroupMonth
	must(t, s.read(ctx, func(tx *sql.Tx) (err error) {
		gs, err = groupMonths(ctx, tx, october, 0)
		return err
	}))
	var outstanding, overdue, interest, housing data.Dong
	for _, g := range gs {
		outstanding += g.Outstanding
		overdue += g.Overdue
		interest += g.InterestPaid
		housing += g.HousingAverage
		if g.PrincipalPaid > g.PrincipalToCollect || g.Savers > g.Members || g.OnSite > g.Entries {
			t.Errorf("group %s: %+v", g.Code, g)
		}
	}
	ps, err := s.Positions(ctx, PositionScope{}, october.End())
	must(t, err)
	var wantOut, wantOverdue data.Dong
	for _, p := range ps {
		if p.Loan.GroupID != 0 {
			wantOut += p.Position.Principal()
			wantOverdue += p.Position.Overdue
		}
	}
	if outstanding != wantOut || overdue != wantOverdue || outstanding == 0 {
		t.Errorf("outstanding %d overdue %d, positions %d %d", outstanding, overdue, wantOut, wantOverdue)
	}
	var wantInterest int64
	must(t, s.db.QueryRow(`SELECT coalesce(sum(CASE WHEN e.kind = 'interest' THEN e.amount ELSE -o.amount END), 0)
		FROM entries e LEFT JOIN entries o ON o.id = e.reverses JOIN loans l ON l.id = coalesce(e.loan_id, o.loan_id)
		WHERE l.group_id IS NOT NULL AND e.value_date BETWEEN '2026-10-01' AND '2026-10-31'
			AND (e.kind = 'interest' OR e.kind = 'reversal' AND o.kind = 'interest')`).Scan(&wantInterest))
	if interest != data.Dong(wantInterest) || interest == 0 {
		t.Errorf("interest collected %d, entries %d", interest, wantInterest)
	}
}

func TestSettlementPaymentsCarryForward(t *testing.T) {
	t.Parallel()
	s, st := settledStore(t)
	teller := as(t, s, "giaodich")
	// The first group with a commission, and its point.
	var c data.GroupCommission
	for _, x := range st.Commissions {
		if x.Commission > 10_000 && x.PointID != 0 {
			c = x
			break
		}
	}
	if c.GroupID == 0 {
		t.Fatal("no group with a commission")
	}
	payDay := data.MustDate("2026-11-25")
	due := func(on data.Date) data.Payable {
		t.Helper()
		ps, err := s.SettlementPayables(teller, c.PointID, on)
		must(t, err)
		for _, p := range ps {
			if p.Kind == data.PayeeGroup && p.GroupID == c.GroupID {
				return p
			}
		}
		t.Fatalf("group %s not payable at its point", c.Code)
		return data.Payable{}
	}
	if p := due(payDay); p.Due != c.Commission || len(p.Months) != 1 || p.Months[0] != october {
		t.Fatalf("payable %+v, commission %d", p, c.Commission)
	}
	// Nothing of October is owed on an October day.
	if ps, err := s.SettlementPayables(teller, c.PointID, data.MustDate("2026-10-31")); err != nil || len(ps) != 0 {
		t.Errorf("payable in October: %+v %v", ps, err)
	}
	part := c.Commission / 3
	pay := data.SettlementPayment{PointID: c.PointID, Kind: data.PayeeGroup, GroupID: c.GroupID, PaidOn: payDay,
		Amount: part, ReceivedBy: c.Leader + " (tổ trưởng)"}
	must(t, s.PaySettlement(teller, &pay))
	if pay.ID == 0 || pay.Ref == "" || pay.User != "giaodich" {
		t.Errorf("payment kept as %+v", pay)
	}
	if p := due(payDay); p.Due != c.Commission-part || p.Paid != part {
		t.Errorf("after a part: %+v", p)
	}
	over := pay
	over.ID, over.Ref, over.Amount = 0, "", c.Commission-part+1
	wantRule(t, s.PaySettlement(teller, &over), "settlement.amount", "payable_max")
	bad := pay
	bad.ID, bad.Ref, bad.Amount, bad.ReceivedBy = 0, "", 0, ""
	if err := s.PaySettlement(teller, &bad); data.DomainErrors(err) == nil || len(data.DomainErrors(err)) != 2 {
		t.Errorf("zero amount, no receiver: %v", err)
	}
	// Only the teller pays.
	if err := s.PaySettlement(as(t, s, "tindung"), &over); !isDenied(err, data.RoleCredit, data.ActCash) {
		t.Errorf("credit officer paying: %v", err)
	}
	// The day report takes the payment out of the day's cash.
	r, err := s.DayReport(teller, c.PointID, payDay)
	must(t, err)
	if r.PayoutTotal() != part || len(r.Payouts) != 1 {
		t.Errorf("day report payouts %+v", r.Payouts)
	}

	// November settled: the rest of October carries forward beside November.
	s.Today = func() data.Date { return data.MustDate("2026-12-15") }
	nov, err := s.Settle(as(t, s, "ketoan"), november)
	must(t, err)
	var novC data.Dong
	for _, x := range nov.Commissions {
		if x.GroupID == c.GroupID {
			novC = x.Commission
		}
	}
	if p := due(data.MustDate("2026-12-10")); p.Due != c.Commission-part+novC || len(p.Months) != 2 || p.Months[0] != october {
		t.Errorf("carried forward: %+v (November %d)", p, novC)
	}

	// A reversal of a payment is a correction: a controller asks, another approves.
	wantRule(t, s.ReverseSettlementPayment(as(t, s, "ketoan"), pay.ID, ""), "settlement.reason", "required")
	err = s.ReverseSettlementPayment(as(t, s, "ketoan"), pay.ID, "Ghi nhầm tổ")
	var made *data.RequestMade
	if !errors.As(err, &made) {
		t.Fatalf("reversal of a payment: %v", err)
	}
	_, err = s.Approve(as(t, s, "giamdoc"), made.ID)
	must(t, err)
	if p := due(data.MustDate("2026-12-10")); p.Paid != 0 {
		t.Errorf("after the reversal: %+v", p)
	}
	ps, err := s.SettlementPayments(teller, c.PointID, payDay)
	must(t, err)
	if len(ps) != 2 || !ps[0].Reversed || ps[1].Reverses != pay.ID {
		t.Errorf("payments of the day: %+v", ps)
	}
}

// A settlement whose amounts were paid cannot be reversed: what is owed would turn negative.
func TestPaidSettlementIsNotReversed(t *testing.T) {
	t.Parallel()
	s, st := settledStore(t)
	var f data.AssociationFee
	for _, x := range st.Fees {
		if x.Levels[0] > 0 && x.PointID != 0 {
			f = x
			break
		}
	}
	if f.CommuneID == 0 {
		t.Fatal("no association fee")
	}
	pay := data.SettlementPayment{PointID: f.PointID, Kind: data.PayeeAssociation, CommuneID: f.CommuneID, Association: f.Association,
		PaidOn: data.MustDate("2026-11-25"), Amount: f.Levels[0], ReceivedBy: "Chủ tịch Hội"}
	must(t, s.PaySettlement(as(t, s, "giaodich"), &pay))
	err := s.ReverseSettlement(as(t, s, "ketoan"), october, "sai")
	wantRule(t, err, "settlement.month", "settlement_paid")
	// Nothing of it was kept.
	if infos, _ := s.Settlements(as(t, s, "ketoan")); len(infos) != 1 || infos[0].Reversed {
		t.Errorf("settlements after the refusal: %+v", infos)
	}
	// A month closed: its payments can no longer be made.
	_, err = s.CloseMonth(as(t, s, "ketoan"), november)
	must(t, err)
	late := pay
	late.ID, late.Ref, late.Amount, late.PaidOn = 0, "", 1, data.MustDate("2026-11-26")
	wantRule(t, s.PaySettlement(as(t, s, "giaodich"), &late), "settlement.paid_on", "month_closed")
}

func TestRatingDecisions(t *testing.T) {
	t.Parallel()
	s, st := settledStore(t)
	credit := as(t, s, "tindung")
	g := st.Scores[0]
	must(t, s.DecideRating(credit, data.RatingDecision{GroupID: g.GroupID, Month: october, Rating: g.Band}))
	other := data.RatingWeak
	if g.Band == data.RatingWeak {
		other = data.RatingFair
	}
	wantRule(t, s.DecideRating(credit, data.RatingDecision{GroupID: g.GroupID, Month: october, Rating: other, Override: true}),
		"rating.reason", "required")
	wantRule(t, s.DecideRating(credit, data.RatingDecision{GroupID: g.GroupID, Month: october, Rating: other}),
		"rating.rating", "confirm_computed")
	must(t, s.DecideRating(credit, data.RatingDecision{GroupID: g.GroupID, Month: october, Rating: other, Override: true,
		Reason: "Tổ không họp tháng 10"}))
	scores, err := s.GroupScores(credit, g.GroupID)
	must(t, err)
	if len(scores) != 1 || scores[0].Final() != other || !scores[0].Decision.Override || scores[0].Decision.User != "tindung" {
		t.Errorf("scores: %+v", scores)
	}
	if err := s.DecideRating(as(t, s, "giaodich"), data.RatingDecision{GroupID: g.GroupID, Month: october, Rating: g.Band}); !isDenied(err, data.RoleTeller, data.ActGroups) {
		t.Errorf("teller deciding: %v", err)
	}
	// The Overview counts groups by the rating that counts now.
	ov, err := s.Overview(credit, 0, data.MustDate("2026-11-20"))
	must(t, err)
	counts := map[data.Rating]int{}
	for _, c := range ov.RatingCounts() {
		counts[c.Rating] = c.Groups
	}
	want := map[data.Rating]int{}
	for _, sc := range st.Scores {
		r := sc.Band
		if sc.GroupID == g.GroupID {
			r = other
		}
		want[r]++
	}
	for _, r := range data.Ratings {
		if counts[r] != want[r] {
			t.Errorf("Overview: %s %d groups, settled %d (%v)", r, counts[r], want[r], counts)
		}
	}
}

// A December decision is the group's rating of the year.
func TestDecemberDecisionIsTheYearsRating(t *testing.T) {
	t.Parallel()
	s := staffedStore(t)
	s.Today = func() data.Date { return data.MustDate("2027-01-15") }
	december := data.MonthOf(data.MustDate("2026-12-01"))
	st, err := s.Settle(as(t, s, "ketoan"), december)
	must(t, err)
	g := st.Scores[0]
	credit := as(t, s, "tindung")
	must(t, s.DecideRating(credit, data.RatingDecision{GroupID: g.GroupID, Month: december, Rating: g.Band}))
	rs, err := s.GroupRatings(credit, g.GroupID)
	must(t, err)
	if len(rs) == 0 || rs[len(rs)-1].Year != 2026 || rs[len(rs)-1].Rating != g.Band {
		t.Errorf("yearly ratings after December's confirmation: %+v (band %s)", rs, g.Band)
	}
}

// A payment written around the store, beyond what was settled, is found by check.
func TestCheckFindsAnOverpaidPayee(t *testing.T) {
	t.Parallel()
	s, st := settledStore(t)
	c := st.Commissions[0]
	if _, err := s.db.Exec(`INSERT INTO settlement_payments (point_id, kind, group_id, paid_on, amount, ref, received_by, posted_at, user_name)
		VALUES ((SELECT min(id) FROM points), 'group', ?, '2026-11-25', ?, 'X', 'X', '2026-11-25T00:00:00Z', 'x')`,
		c.GroupID, int64(c.Commission)+1); err != nil {
		t.Fatal(err)
	}
	problems, err := s.Check(as(t, s, "ketoan"))
	must(t, err)
	found := false
	for _, p := range problems {
		found = found || p.Rule == "check_overpaid"
	}
	if !found {
		t.Errorf("check missed the overpaid group: %v", problems)
	}
}
