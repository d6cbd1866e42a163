package data

import (
	"testing"
	"time"
)

func TestMonths(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in, first, end, prev, next string
	}{
		{"2024-02", "2024-02-01", "2024-02-29", "2024-01", "2024-03"}, // leap year
		{"2026-02", "2026-02-01", "2026-02-28", "2026-01", "2026-03"},
		{"2026-12", "2026-12-01", "2026-12-31", "2026-11", "2027-01"},
		{"2026-01", "2026-01-01", "2026-01-31", "2025-12", "2026-02"},
	} {
		m, err := ParseMonth(c.in)
		if err != nil {
			t.Fatal(err)
		}
		if m.String() != c.in || m.First().String() != c.first || m.End().String() != c.end ||
			m.Prev().String() != c.prev || m.Next().String() != c.next {
			t.Errorf("%s: %s %s %s %s", c.in, m.First(), m.End(), m.Prev(), m.Next())
		}
	}
	for _, bad := range []string{"", "2026", "2026-13", "2026-1", "26-10", "2026-10-01"} {
		if _, err := ParseMonth(bad); err == nil {
			t.Errorf("ParseMonth(%q) accepted", bad)
		}
	}
}

func TestClosedMonthError(t *testing.T) {
	t.Parallel()
	through := Month{2026, time.October}
	for _, c := range []struct {
		on    string
		month string // "" when allowed
	}{
		{"2026-10-31", "2026-10"}, // the last day of the closed month
		{"2026-10-01", "2026-10"},
		{"2025-03-15", "2025-03"}, // any earlier month is closed too
		{"2026-11-01", ""},        // the first day after
	} {
		err := ClosedMonthError(through, MustDate(c.on), "entry.value_date")
		e := ForField(err, "entry.value_date")
		switch {
		case c.month == "" && err != nil:
			t.Errorf("%s refused: %v", c.on, err)
		case c.month != "" && (e == nil || e.Rule != "month_closed" || e.Params["Month"] != c.month || e.Params["Through"] != "2026-10"):
			t.Errorf("%s: %v, want month_closed naming %s", c.on, err, c.month)
		}
	}
	if err := ClosedMonthError(Month{}, MustDate("2000-01-01"), "x"); err != nil {
		t.Errorf("nothing closed: %v", err)
	}
}

func TestDateRange(t *testing.T) {
	t.Parallel()
	from, to := PostingRange(MustDate("2000-01-01"), Date{}, MustDate("2026-12-07"))
	if to != MustDate("2026-12-07") {
		t.Errorf("no working date: up to %s, want today", to)
	}
	from, to = PostingRange(from, MustDate("2026-11-20"), MustDate("2026-12-07"))
	if from != MustDate("2000-01-01") || to != MustDate("2026-11-20") {
		t.Errorf("range %s–%s", from, to)
	}
	for d, ok := range map[string]bool{"2000-01-01": true, "2026-11-20": true, "1999-12-31": false, "2026-11-21": false, "9999-12-31": false} {
		err := DateRangeError("loan.signed_on", MustDate(d), from, to)
		if ok != (err == nil) {
			t.Errorf("%s: %v", d, err)
		}
		if e := ForField(err, "loan.signed_on"); e != nil && (e.Rule != "date_range" || e.Params["Min"] != from || e.Params["Max"] != to) {
			t.Errorf("%s: %v", d, err)
		}
	}
}

func TestCanCloseAndReopenMonth(t *testing.T) {
	t.Parallel()
	working := MustDate("2026-11-20")
	for _, c := range []struct {
		m, through string
		rule       string
	}{
		{"2026-11", "", ""},             // the working date's month
		{"2026-12", "", "month_future"}, // after it
		{"2026-09", "2026-09", "month_already_closed"},
		{"2026-10", "2026-09", ""},
	} {
		m, _ := ParseMonth(c.m)
		var th Month
		if c.through != "" {
			th, _ = ParseMonth(c.through)
		}
		err := CanCloseMonth(m, th, working)
		if e := ForField(err, "closing.month"); (c.rule == "") != (err == nil) || e != nil && e.Rule != c.rule {
			t.Errorf("close %s through %s: %v, want %q", c.m, c.through, err, c.rule)
		}
	}
	if e := ForField(CanReopenMonth(Month{2026, 10}, Month{2026, 9}, "x"), "closing.month"); e == nil || e.Rule != "month_not_closed" {
		t.Errorf("reopen an open month: %v", e)
	}
	if e := ForField(CanReopenMonth(Month{2026, 9}, Month{2026, 10}, " "), "closing.reason"); e == nil || e.Rule != "required" {
		t.Errorf("reopen without a reason: %v", e)
	}
	if err := CanReopenMonth(Month{2026, 9}, Month{2026, 10}, "late receipts"); err != nil {
		t.Error(err)
	}
}

func TestSourceFileAgainNeedsAReason(t *testing.T) {
	t.Parallel()
	f := SourceFile{SHA256: FileSHA256([]byte("a")), Again: true}
	if e := ForField(f.Check(), "post.reason"); e == nil || e.Rule != "required" {
		t.Errorf("again without a reason: %v", f.Check())
	}
	f.Reason = "posted twice on paper"
	if err := f.Check(); err != nil {
		t.Error(err)
	}
	// sha256("a"), as `printf a | sha256sum` gives it.
	if got := FileSHA256([]byte("a")); got != "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb" {
		t.Errorf("sha256 %s", got)
	}
}
