package sqlite

import (
	"strings"
	"testing"

	"policycredit/data"
)

// closingFixture is a loan signed in January 2026, disbursed, with a payment in March, and
// the books closed through March.
func closingFixture(t *testing.T) (*loanFixture, data.Loan) {
	t.Helper()
	f := newLoanFixture(t)
	l := f.open(t, newLoan("HD-C1", f.member.ID, 20_000_000, "2026-01-10", 24), 20_000_000)
	f.post(t, data.Entry{LoanID: l.ID, Kind: data.EntryInterest, ValueDate: data.MustDate("2026-03-10"), Amount: 100_000})
	closed, err := f.s.CloseMonth(userCtx, data.Month{Year: 2026, Month: 3})
	must(t, err)
	// Closing March closes the open months before it, from the first dated record on.
	if len(closed) != 3 || closed[0].String() != "2026-01" || closed[2].String() != "2026-03" {
		t.Fatalf("closed %v, want 2026-01 to 2026-03", closed)
	}
	return f, l
}

func assertMonthClosed(t *testing.T, err error, field, month string) {
	t.Helper()
	assertRule(t, err, field, "month_closed")
	if e := data.ForField(err, field); e != nil && e.Params["Month"] != month {
		t.Errorf("%s: names month %v, want %s", field, e.Params["Month"], month)
	}
}

func TestClosedMonthRefusesEveryChangeDatedInIt(t *testing.T) {
	t.Parallel()
	f, l := closingFixture(t)
	s := f.s
	var first data.Entry
	es, err := s.LoanBook(userCtx, l.ID)
	must(t, err)
	first = es.Entries[0]
	before := snapshot(t, s)

	post := func(e data.Entry) error { return s.Post(userCtx, &e) }
	march, feb := data.MustDate("2026-03-31"), data.MustDate("2026-02-15")
	assertMonthClosed(t, post(data.Entry{LoanID: l.ID, Kind: data.EntryInterest, ValueDate: march, Amount: 10_000}), "entry.value_date", "2026-03")
	assertMonthClosed(t, post(data.Entry{LoanID: l.ID, Kind: data.EntryFreeze, ValueDate: feb, Amount: 1_000_000, Decision: "QĐ 1"}), "entry.value_date", "2026-02")
	assertMonthClosed(t, post(data.Entry{LoanID: l.ID, Kind: data.EntryWriteOff, ValueDate: feb, Amount: 1_000_000, Decision: "QĐ 2"}), "entry.value_date", "2026-02")
	assertMonthClosed(t, post(data.Entry{LoanID: l.ID, Kind: data.EntryReschedule, ValueDate: march, Installment: 1, NewDate: data.MustDate("2026-05-10")}), "entry.value_date", "2026-03")
	assertMonthClosed(t, post(data.Entry{LoanID: l.ID, Kind: data.EntryExtend, ValueDate: march, NewDate: data.MustDate("2028-06-10"), Decision: "QĐ 3"}), "entry.value_date", "2026-03")
	assertMonthClosed(t, post(data.Entry{BorrowerID: f.member.ID, Kind: data.EntryDeposit, ValueDate: march, Amount: 50_000}), "entry.value_date", "2026-03")
	// A reversal dated in an open month of an entry of a closed one would change that month's reports.
	_, err = s.ReverseEntry(userCtx, first.ID, data.MustDate("2026-04-02"), "nhập sai")
	assertMonthClosed(t, err, "entry.reverses", "2026-01")
	// Payments, batches and postings by contract go the same way.
	_, err = s.PostPayment(userCtx, data.Payment{LoanID: l.ID, ValueDate: march, Amount: 50_000})
	assertMonthClosed(t, err, "entry.value_date", "2026-03")
	_, err = s.PostPostings(userCtx, []data.Posting{{Contract: "HD-C1", Entry: data.Entry{Kind: data.EntryInterest, ValueDate: march, Amount: 1}}})
	assertMonthClosed(t, err, "entry.value_date", "2026-03")
	// A loan signed, or given its own rate, in a closed month; a program rate dated in one.
	nl := newLoan("HD-C2", f.member.ID, 5_000_000, "2026-02-01", 12)
	assertMonthClosed(t, s.OpenLoan(userCtx, &nl, 5_000_000), "loan.signed_on", "2026-02")
	nl = newLoan("HD-C3", f.member.ID, 5_000_000, "2026-04-01", 12)
	nl.RateOverrides = []data.RatePeriod{{ProgramCode: "01", Effective: data.MustDate("2026-03-01"), Rate: 6000}}
	assertMonthClosed(t, s.OpenLoan(userCtx, &nl, 5_000_000), "loan.rate", "2026-03")
	assertMonthClosed(t, s.AddRatePeriod(userCtx, data.RatePeriod{ProgramCode: "01", Effective: data.MustDate("2026-03-01"), Rate: 5000}), "rate.effective", "2026-03")
	// Rules that change what is owed, dated in a closed month.
	for _, p := range []data.RulePeriod{
		{Key: data.RulePenaltyPercent, Effective: march, Value: "150"},
		{Key: data.RuleInterestBasis, Effective: data.MustDate("2026-03-31"), Value: "days365"},
	} {
		assertMonthClosed(t, s.AddRulePeriod(userCtx, p), "settings.rule_from", "2026-03")
	}
	if snapshot(t, s) != before {
		t.Fatal("a refused change altered the database")
	}

	// After the closed month everything goes on; a setting that changes nothing owed too.
	f.post(t, data.Entry{LoanID: l.ID, Kind: data.EntryInterest, ValueDate: data.MustDate("2026-04-01"), Amount: 10_000})
	must(t, s.AddRatePeriod(userCtx, data.RatePeriod{ProgramCode: "01", Effective: data.MustDate("2026-04-01"), Rate: 5000}))
	must(t, s.AddRulePeriod(userCtx, data.RulePeriod{Key: data.RulePenaltyPercent, Effective: data.MustDate("2026-04-01"), Value: "150"}))
	set, _ := s.Settings(userCtx)
	set.GroupMaxMembers = 50
	must(t, s.SaveSettings(userCtx, set))
	assertCheckClean(t, s)
}

func TestCloseAndReopenMonths(t *testing.T) {
	t.Parallel()
	f, _ := closingFixture(t)
	s := f.s
	set, _ := s.Settings(userCtx)
	set.WorkingDate = data.MustDate("2026-06-15")
	must(t, s.SaveSettings(userCtx, set))

	_, err := s.CloseMonth(userCtx, data.Month{Year: 2026, Month: 7})
	assertRule(t, err, "closing.month", "month_future")
	_, err = s.CloseMonth(userCtx, data.Month{Year: 2026, Month: 2})
	assertRule(t, err, "closing.month", "month_already_closed")
	_, err = s.CloseMonth(userCtx, data.Month{})
	assertRule(t, err, "closing.month", "required")
	_, err = s.ReopenMonth(userCtx, data.Month{Year: 2026, Month: 5}, "lý do")
	assertRule(t, err, "closing.month", "month_not_closed")
	_, err = s.ReopenMonth(userCtx, data.Month{Year: 2026, Month: 2}, "  ")
	assertRule(t, err, "closing.reason", "required")

	// Closing June closes April and May with it; the working date's month may be closed.
	closed, err := s.CloseMonth(userCtx, data.Month{Year: 2026, Month: 6})
	must(t, err)
	if len(closed) != 3 || closed[0].String() != "2026-04" {
		t.Errorf("closed %v, want 2026-04 to 2026-06", closed)
	}
	// Reopening February reopens every later month, and keeps January closed.
	reopened, err := s.ReopenMonth(userCtx, data.Month{Year: 2026, Month: 2}, "sửa bút toán nhầm")
	must(t, err)
	if len(reopened) != 5 || reopened[4].String() != "2026-06" {
		t.Errorf("reopened %v, want 2026-02 to 2026-06", reopened)
	}
	through, err := s.ClosedThrough(userCtx)
	must(t, err)
	if through.String() != "2026-01" {
		t.Errorf("closed through %s, want 2026-01", through)
	}
	months, err := s.ClosedMonths(userCtx)
	must(t, err)
	if len(months) != 1 || months[0].ClosedBy != "lan.nguyen" {
		t.Errorf("closed months %+v", months)
	}
	audits, err := s.Audit(userCtx, "closed_month", "2026-02")
	must(t, err)
	if len(audits) != 1 || audits[0].Action != "reopen" || audits[0].User != "lan.nguyen" ||
		!strings.Contains(audits[0].After, "sửa bút toán nhầm") {
		t.Errorf("reopen audit %+v", audits)
	}
	// February is open again.
	f.post(t, data.Entry{BorrowerID: f.member.ID, Kind: data.EntryDeposit, ValueDate: data.MustDate("2026-02-20"), Amount: 50_000})
}

func TestPostingDatesStayBetweenFirstRateAndWorkingDate(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s := f.s
	set, _ := s.Settings(userCtx)
	set.WorkingDate = data.MustDate("2026-06-15")
	must(t, s.SaveSettings(userCtx, set))
	before := snapshot(t, s)

	assertRange := func(err error, field string) {
		t.Helper()
		assertRule(t, err, field, "date_range")
		if e := data.ForField(err, field); e != nil {
			if e.Params["Min"] != data.MustDate("2000-01-01") || e.Params["Max"] != data.MustDate("2026-06-15") {
				t.Errorf("%s: range %v–%v, want 2000-01-01–2026-06-15", field, e.Params["Min"], e.Params["Max"])
			}
		}
	}
	for _, d := range []string{"2026-06-16", "2030-01-01", "9999-12-31", "1999-12-31", "1900-01-01"} {
		l := newLoan("HD-D-"+d, f.member.ID, 5_000_000, d, 12)
		assertRange(s.OpenLoan(userCtx, &l, 5_000_000), "loan.signed_on")
	}
	l := f.open(t, newLoan("HD-D1", f.member.ID, 5_000_000, "2026-01-05", 12), 5_000_000)
	before = snapshot(t, s)
	e := data.Entry{LoanID: l.ID, Kind: data.EntryInterest, ValueDate: data.MustDate("2026-06-16"), Amount: 1}
	assertRange(s.Post(userCtx, &e), "entry.value_date")
	_, err := s.PostPayment(userCtx, data.Payment{LoanID: l.ID, ValueDate: data.MustDate("2030-01-01"), Amount: 1})
	assertRange(err, "entry.value_date")
	_, err = s.PostCollection(userCtx, data.CollectionBatch{PointID: f.point.ID, Date: data.MustDate("2026-06-20"),
		Entries: []data.CollectionEntry{{Customer: f.member.Code}}})
	assertRange(err, "collection.date")
	if snapshot(t, s) != before {
		t.Fatal("a refused posting altered the database")
	}
	// Rates may be entered ahead of their date; the working date itself may be posted on.
	must(t, s.AddRatePeriod(userCtx, data.RatePeriod{ProgramCode: "01", Effective: data.MustDate("2027-01-01"), Rate: 5000}))
	f.post(t, data.Entry{LoanID: l.ID, Kind: data.EntryInterest, ValueDate: data.MustDate("2026-06-15"), Amount: 1})

	// Without a working date, today bounds it: the store's Today, not its Clock.
	set.WorkingDate = data.Date{}
	must(t, s.SaveSettings(userCtx, set))
	s.Today = func() data.Date { return data.MustDate("2026-07-01") }
	e = data.Entry{LoanID: l.ID, Kind: data.EntryInterest, ValueDate: data.MustDate("2026-07-02"), Amount: 1}
	assertRule(t, s.Post(userCtx, &e), "entry.value_date", "date_range")
	f.post(t, data.Entry{LoanID: l.ID, Kind: data.EntryInterest, ValueDate: data.MustDate("2026-07-01"), Amount: 1})
}

func TestPostingTheSameFileTwice(t *testing.T) {
	t.Parallel()
	f := newLoanFixture(t)
	s := f.s
	l := f.open(t, newLoan("HD-F1", f.member.ID, 5_000_000, "2026-01-05", 12), 5_000_000)
	_ = l
	file := data.SourceFile{SHA256: data.FileSHA256([]byte("date,contract,kind,amount\n")), Name: "thu.csv"}
	line := func(d string) []data.Posting {
		return []data.Posting{{Contract: "HD-F1", Entry: data.Entry{Kind: data.EntryInterest, ValueDate: data.MustDate(d), Amount: 1_000}}}
	}
	ids, err := s.PostPostingsFile(userCtx, line("2026-02-05"), file)
	must(t, err)
	before := snapshot(t, s)
	_, err = s.PostPostingsFile(userCtx, line("2026-02-06"), file)
	assertRule(t, err, "post.file", "file_already_posted")
	if e := data.ForField(err, "post.file"); e != nil && e.Params["Batch"] != entryRange(ids) {
		t.Errorf("names batch %v, want %s", e.Params["Batch"], entryRange(ids))
	}
	again := file
	again.Again = true
	_, err = s.PostPostingsFile(userCtx, line("2026-02-06"), again)
	assertRule(t, err, "post.reason", "required")
	if snapshot(t, s) != before {
		t.Fatal("a refused file altered the database")
	}
	again.Reason = "lần đầu thiếu một dòng"
	_, err = s.PostPostingsFile(userCtx, line("2026-02-06"), again)
	must(t, err)
	audits, err := s.Audit(userCtx, "posted_file", "")
	must(t, err)
	if len(audits) != 1 || audits[0].Action != "post_again" || !strings.Contains(audits[0].After, "lần đầu thiếu một dòng") {
		t.Errorf("audit %+v", audits)
	}
	// Another file is not a duplicate; entries not from a file never are.
	_, err = s.PostPostingsFile(userCtx, line("2026-02-07"), data.SourceFile{SHA256: data.FileSHA256([]byte("x")), Name: "khac.csv"})
	must(t, err)
}

func TestClosedMonthSnapshotsAreKept(t *testing.T) {
	t.Parallel()
	f, _ := closingFixture(t)
	s := f.s
	count := func(monthEnd string) int {
		var n int
		must(t, s.db.QueryRow(`SELECT count(*) FROM month_end_figures WHERE month_end = ?`, monthEnd).Scan(&n))
		return n
	}
	// Closing stored the snapshots of the months it closed, for every commune.
	if count("2026-03-31") != 2 || count("2026-01-31") != 2 {
		t.Fatalf("snapshots after closing: March %d, January %d; want 2 each", count("2026-03-31"), count("2026-01-31"))
	}
	// An open month's snapshot is dropped by a rebuild; a closed month's never.
	must(t, s.keepMonthEnds(userCtx, []data.Date{data.MustDate("2026-04-30")}, 0))
	if _, err := s.RebuildBalances(userCtx); err != nil {
		t.Fatal(err)
	}
	if count("2026-03-31") != 2 || count("2026-04-30") != 0 {
		t.Errorf("after a rebuild: March %d (want 2), April %d (want 0)", count("2026-03-31"), count("2026-04-30"))
	}
	// A stale mark does not make a closed month's snapshot be recomputed.
	_, err := s.db.Exec(`UPDATE month_end_figures SET mark = 0, outstanding = outstanding + 1 WHERE month_end = '2026-03-31'`)
	must(t, err)
	ov, err := s.Overview(userCtx, 0, data.MustDate("2026-04-15"))
	must(t, err)
	for _, p := range ov.Trend {
		if p.Date == data.MustDate("2026-03-31") && p.Outstanding != 20_000_000+2 {
			t.Errorf("March trend point %d: recomputed rather than kept (want %d)", p.Outstanding, 20_000_000+2)
		}
	}
}

func TestClosedMonthSnapshotsOutliveAMoveAndCheckClean(t *testing.T) {
	t.Parallel()
	f, _ := closingFixture(t)
	s := f.s
	must(t, s.keepMonthEnds(userCtx, []data.Date{data.MustDate("2026-04-30")}, 0))
	before := func(monthEnd string) string {
		rows, err := s.db.Query(`SELECT commune_id, outstanding FROM month_end_figures WHERE month_end = ? ORDER BY commune_id`, monthEnd)
		must(t, err)
		defer rows.Close()
		var b strings.Builder
		for rows.Next() {
			var c, o int64
			must(t, rows.Scan(&c, &o))
			b.WriteString(idString(c) + ":" + idString(o) + " ")
		}
		return b.String()
	}
	march := before("2026-03-31")
	// The household moves to a village of the other commune: the open month's snapshots go,
	// the closed month's stay as they were, and check compares its office total.
	_, err := s.db.Exec(`UPDATE borrowers SET village_id = ? WHERE id = ?`, f.villageB1.ID, f.member.ID)
	must(t, err)
	if got := before("2026-03-31"); got != march || march == "" {
		t.Errorf("March snapshot %q after the move, %q before", got, march)
	}
	if got := before("2026-04-30"); got != "" {
		t.Errorf("April snapshot kept after the move: %q", got)
	}
	assertCheckClean(t, s)
	// A closed snapshot that disagrees with the ledger's total is reported.
	_, err = s.db.Exec(`UPDATE month_end_figures SET outstanding = outstanding + 5 WHERE month_end = '2026-03-31' AND commune_id = ?`, f.communeA.ID)
	must(t, err)
	problems, err := s.Check(userCtx)
	must(t, err)
	if len(problems) != 1 || !strings.Contains(problems[0].Error(), "2026-03-31 office outstanding") {
		t.Errorf("check found %v", problems)
	}
}
