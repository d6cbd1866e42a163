package data

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	t.Parallel()
	good := []struct {
		in      string
		y, m, d int
	}{
		{"2025-12-01", 2025, 12, 1},
		{"2024-02-29", 2024, 2, 29}, // 2024 is a leap year
		{"2000-02-29", 2000, 2, 29}, // divisible by 400: leap
		{"1900-01-01", 1900, 1, 1},
		{"2099-12-31", 2099, 12, 31},
	}
	for _, tc := range good {
		d, err := ParseDate(tc.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tc.in, err)
			continue
		}
		if d.Year() != tc.y || int(d.Month()) != tc.m || d.Day() != tc.d {
			t.Errorf("ParseDate(%q) = %d-%d-%d, want %d-%d-%d", tc.in, d.Year(), d.Month(), d.Day(), tc.y, tc.m, tc.d)
		}
		if d.String() != tc.in {
			t.Errorf("ParseDate(%q).String() = %q", tc.in, d.String())
		}
		if tm := d.Time(); tm.Hour() != 0 || tm.Minute() != 0 || tm.Location() != time.UTC {
			t.Errorf("ParseDate(%q).Time() = %v, want midnight UTC", tc.in, tm)
		}
	}
	bad := []string{
		"",
		"2025-02-29", // 2025 is not a leap year
		"1900-02-29", // divisible by 100 but not 400: not leap
		"2025-04-31", // April has 30 days
		"2025-13-01",
		"2025-00-10",
		"2025-12-00",
		"2025-1-05",  // month needs two digits
		"25-12-01",   // year needs four digits
		"01/12/2025", // Vietnamese order, slashes
		"2025/12/01",
		" 2025-12-01",
		"2025-12-01T00:00:00Z",
		"abc",
	}
	for _, s := range bad {
		d, err := ParseDate(s)
		if err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", s, d)
			continue
		}
		if !d.IsZero() {
			t.Errorf("ParseDate(%q) returned non-zero %v with its error", s, d)
		}
	}
}

func TestNewDateNormalises(t *testing.T) {
	t.Parallel()
	tests := []struct {
		y    int
		m    time.Month
		d    int
		want string
	}{
		{2025, time.February, 30, "2025-03-02"}, // 28 days in Feb 2025: 30 Feb = 2 Mar
		{2024, time.February, 30, "2024-03-01"}, // 29 days in Feb 2024: 30 Feb = 1 Mar
		{2025, time.December, 32, "2026-01-01"},
		{2025, time.January, 0, "2024-12-31"},
	}
	for _, tc := range tests {
		if got := NewDate(tc.y, tc.m, tc.d).String(); got != tc.want {
			t.Errorf("NewDate(%d, %d, %d) = %s, want %s", tc.y, tc.m, tc.d, got, tc.want)
		}
	}
}

func TestDateOf(t *testing.T) {
	t.Parallel()
	hanoi := time.FixedZone("ICT", 7*3600)
	// 23:30 on 30 Nov UTC is 06:30 on 1 Dec in Hà Nội: the civil date is the local one.
	tm := time.Date(2025, 12, 1, 6, 30, 0, 0, hanoi)
	if got, want := DateOf(tm).String(), "2025-12-01"; got != want {
		t.Errorf("DateOf(%v) = %s, want %s", tm, got, want)
	}
	if got, want := DateOf(tm.UTC()).String(), "2025-11-30"; got != want {
		t.Errorf("DateOf(%v) = %s, want %s", tm.UTC(), got, want)
	}
}

func TestAddMonths(t *testing.T) {
	t.Parallel()
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2025-01-31", 1, "2025-02-28"},  // Feb 2025 has 28 days: clamp 31 → 28
		{"2024-01-31", 1, "2024-02-29"},  // Feb 2024 has 29 days: clamp 31 → 29
		{"2025-03-31", 1, "2025-04-30"},  // April has 30 days
		{"2025-11-30", 3, "2026-02-28"},  // Nov + 3 = Feb 2026 (not leap): 30 → 28
		{"2023-11-30", 3, "2024-02-29"},  // Nov + 3 = Feb 2024 (leap): 30 → 29
		{"2025-01-15", 1, "2025-02-15"},  // day exists: kept
		{"2025-01-31", 0, "2025-01-31"},  // no move
		{"2025-01-31", 12, "2026-01-31"}, // one year
		{"2024-02-29", 12, "2025-02-28"}, // leap day + 1 year: clamp 29 → 28
		{"2024-02-29", 48, "2028-02-29"}, // 2028 is leap again
		{"2025-12-01", 120, "2035-12-01"},
		{"2025-08-31", 6, "2026-02-28"},   // a 6-month schedule from 31 Aug
		{"2025-03-31", -1, "2025-02-28"},  // backwards: Mar − 1 = Feb, clamp
		{"2025-01-15", -1, "2024-12-15"},  // backwards across a year
		{"2025-05-31", -15, "2024-02-29"}, // May 2025 − 15 months = Feb 2024 (leap)
		{"2025-03-31", -13, "2024-02-29"}, // Mar 2025 − 13 = Feb 2024
		{"2025-12-31", -12, "2024-12-31"},
	}
	for _, tc := range tests {
		if got := MustDate(tc.from).AddMonths(tc.n).String(); got != tc.want {
			t.Errorf("%s.AddMonths(%d) = %s, want %s", tc.from, tc.n, got, tc.want)
		}
	}
}

func TestAddMonthsDoesNotDrift(t *testing.T) {
	t.Parallel()
	// A schedule from 31 Jan computed from the start date each time keeps the 31st where it
	// exists; stepping month by month would drift to the 28th for good.
	start := MustDate("2025-01-31")
	want := []string{"2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30"}
	for i, w := range want {
		if got := start.AddMonths(i).String(); got != w {
			t.Errorf("start.AddMonths(%d) = %s, want %s", i, got, w)
		}
	}
}

func TestDaysUntil(t *testing.T) {
	t.Parallel()
	tests := []struct {
		from, to string
		want     int
	}{
		{"2024-02-28", "2024-03-01", 2},   // 28 Feb → 29 Feb → 1 Mar
		{"2023-02-28", "2023-03-01", 1},   // no leap day
		{"2024-02-01", "2024-03-01", 29},  // February 2024
		{"2025-02-01", "2025-03-01", 28},  // February 2025
		{"2024-01-01", "2025-01-01", 366}, // leap year
		{"2025-01-01", "2026-01-01", 365},
		{"2024-03-01", "2024-02-28", -2}, // backwards is negative
		{"2025-12-01", "2025-12-01", 0},
		{"2025-11-20", "2025-12-20", 30},
		// 1 Jan 2000 → 1 Jan 2030: 30 × 365 + 8 leap days (2000, 04, 08, 12, 16, 20, 24, 28)
		// = 10950 + 8 = 10958.
		{"2000-01-01", "2030-01-01", 10958},
	}
	for _, tc := range tests {
		if got := MustDate(tc.from).DaysUntil(MustDate(tc.to)); got != tc.want {
			t.Errorf("%s.DaysUntil(%s) = %d, want %d", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestAddDaysAndCompare(t *testing.T) {
	t.Parallel()
	d := MustDate("2024-02-28")
	if got, want := d.AddDays(1).String(), "2024-02-29"; got != want {
		t.Errorf("AddDays(1) = %s, want %s", got, want)
	}
	if got, want := d.AddDays(2).String(), "2024-03-01"; got != want {
		t.Errorf("AddDays(2) = %s, want %s", got, want)
	}
	if got, want := d.AddDays(-59).String(), "2023-12-31"; got != want { // 28 Feb − 28 = 31 Jan, − 31 = 31 Dec
		t.Errorf("AddDays(-59) = %s, want %s", got, want)
	}
	a, b := MustDate("2025-11-30"), MustDate("2025-12-01")
	if !a.Before(b) || a.After(b) || a.Equal(b) || a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Errorf("ordering of %s and %s is wrong", a, b)
	}
	if !a.Equal(NewDate(2025, time.November, 30)) {
		t.Errorf("%s not Equal to NewDate(2025, 11, 30)", a)
	}
	if got := MustDate("2025-12-01").Weekday(); got != time.Monday {
		t.Errorf("2025-12-01 is a %v, want Monday", got)
	}
}

func TestZeroDate(t *testing.T) {
	t.Parallel()
	var d Date
	if !d.IsZero() {
		t.Error("zero Date: IsZero false")
	}
	if got := d.String(); got != "" {
		t.Errorf("zero Date String() = %q, want \"\"", got)
	}
	b, err := d.MarshalText()
	if err != nil || string(b) != "" {
		t.Errorf("zero Date MarshalText() = %q, %v; want \"\", nil", b, err)
	}
	if MustDate("2025-12-01").IsZero() {
		t.Error("2025-12-01 IsZero")
	}
}

func TestMustDatePanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("MustDate(\"2025-02-30\") did not panic")
		}
	}()
	MustDate("2025-02-30")
}

func TestDateJSON(t *testing.T) {
	t.Parallel()
	type rec struct {
		Due  Date `json:"due"`
		Paid Date `json:"paid"`
	}
	in := rec{Due: MustDate("2024-02-29")}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"due":"2024-02-29","paid":""}`; got != want {
		t.Errorf("json.Marshal = %s, want %s", got, want)
	}
	var out rec
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if !out.Due.Equal(in.Due) || !out.Paid.IsZero() {
		t.Errorf("round trip: got %+v, want %+v", out, in)
	}
	if out.Due.String() != "2024-02-29" {
		t.Errorf("round trip Due = %s", out.Due)
	}

	// A value already set is cleared by an empty string.
	d := MustDate("2025-12-01")
	if err := d.UnmarshalText([]byte("")); err != nil || !d.IsZero() {
		t.Errorf("UnmarshalText(\"\") = %v, date %v; want nil, zero", err, d)
	}
	// Bad text is an error and leaves the date as it was.
	d = MustDate("2025-12-01")
	if err := d.UnmarshalText([]byte("2025-02-30")); err == nil {
		t.Error("UnmarshalText(\"2025-02-30\"): no error")
	}
	if d.String() != "2025-12-01" {
		t.Errorf("UnmarshalText error changed the date to %v", d)
	}
	if err := json.Unmarshal([]byte(`{"due":"30/11/2025"}`), &out); err == nil {
		t.Error("json.Unmarshal of 30/11/2025: no error")
	}
}
