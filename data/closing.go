package data

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"
)

// Month is a calendar month, the unit in which an office closes its books.
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf is the month a date falls in.
func MonthOf(d Date) Month { return Month{d.Year(), d.Month()} }

// ParseMonth reads YYYY-MM.
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil || len(s) != 7 {
		return Month{}, fmt.Errorf("not a month YYYY-MM: %q", s)
	}
	return Month{t.Year(), t.Month()}, nil
}

func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, m.Month) }

// IsZero reports a month not set.
func (m Month) IsZero() bool { return m.Year == 0 }

// First and End are the month's first and last days.
func (m Month) First() Date { return NewDate(m.Year, m.Month, 1) }
func (m Month) End() Date   { return NewDate(m.Year, m.Month+1, 0) }

// Next and Prev are the months after and before.
func (m Month) Next() Month { return MonthOf(m.First().AddMonths(1)) }
func (m Month) Prev() Month { return MonthOf(m.First().AddMonths(-1)) }

// After reports whether m comes later than o.
func (m Month) After(o Month) bool { return m.First().After(o.First()) }

// ClosedMonthError refuses a change dated on or before the end of the last closed month: the
// month the date falls in is closed (months close in order, so every earlier one is too), and
// its printed reports must never change. what names the change ("entry", "loan", "rate"…),
// for the field of the error.
func ClosedMonthError(closedThrough Month, on Date, what string) error {
	if closedThrough.IsZero() || on.IsZero() || on.After(closedThrough.End()) {
		return nil
	}
	return Forbidden(what, "month_closed", "Month", MonthOf(on).String(), "Through", closedThrough.String())
}

// PostingRange is the span of dates an entry, loan or batch may carry: from the office's first
// rate period (nothing can be computed before it) to the working date (nothing is posted
// ahead; zero working date means today).
func PostingRange(firstRate Date, working, today Date) (from, to Date) {
	to = working
	if to.IsZero() {
		to = today
	}
	return firstRate, to
}

// DateRangeError refuses a date outside [from, to], naming the allowed range.
func DateRangeError(field string, on, from, to Date) error {
	if on.IsZero() {
		return nil // a missing date is reported by the record's own checks
	}
	if (!from.IsZero() && on.Before(from)) || (!to.IsZero() && on.After(to)) {
		return Invalid(field, "date_range", "Min", from, "Max", to)
	}
	return nil
}

// CanCloseMonth checks that m may be closed on the working date (today when zero): never a
// month after the working date's month, nor one already closed.
func CanCloseMonth(m, closedThrough Month, working Date) error {
	if m.IsZero() {
		return Invalid("closing.month", "required")
	}
	if m.After(MonthOf(working)) {
		return Invalid("closing.month", "month_future", "Max", MonthOf(working).String())
	}
	if !closedThrough.IsZero() && !m.After(closedThrough) {
		return Conflict("closing.month", "month_already_closed", "Month", m.String(), "Through", closedThrough.String())
	}
	return nil
}

// CanReopenMonth checks that m is closed; reopening needs a reason, kept in the audit.
func CanReopenMonth(m, closedThrough Month, reason string) error {
	var errs Errors
	if m.IsZero() {
		errs.Add(Invalid("closing.month", "required"))
	} else if closedThrough.IsZero() || m.After(closedThrough) {
		errs.Add(Conflict("closing.month", "month_not_closed", "Month", m.String()))
	}
	if NFC(reason) == "" {
		errs.Add(Invalid("closing.reason", "required"))
	}
	errs.Add(ValidateOptionalText("closing.reason", NFC(reason), 500))
	return errs.Err()
}

// ClosedMonth is one closing of the books, as the store records it.
type ClosedMonth struct {
	Month    Month
	ClosedAt string // UTC RFC 3339
	ClosedBy string
}

// SourceFile is a file whose lines are posted as one batch (`post FILE`, `collection post
// FILE`, the transaction day's filled CSV): the store keeps its SHA-256 with the batch and
// refuses the same file a second time unless Again is set, with a Reason that the audit keeps.
type SourceFile struct {
	SHA256 string // hex; empty: not from a file, never refused as a duplicate
	Name   string // base name, for the record
	Again  bool
	Reason string
}

// Check refuses Again without a reason.
func (f SourceFile) Check() error {
	if f.Again && NFC(f.Reason) == "" {
		return Invalid("post.reason", "required")
	}
	if e := ValidateOptionalText("post.reason", NFC(f.Reason), 500); e != nil {
		return e
	}
	return nil
}

// AlreadyPostedError refuses a file already posted as batch.
func AlreadyPostedError(batch, postedAt, user string) error {
	return Conflict("post.file", "file_already_posted", "Batch", batch, "At", postedAt, "User", user)
}

// FileSHA256 is the hex SHA-256 of a file's bytes, the key a posted file is known by.
func FileSHA256(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
