package data

import (
	"testing"
)

// postAll checks each entry with CheckEntry against the book of the ones before it, as the
// store posts them, and returns the book and the first refusal (nil when all were accepted).
func postAll(b Book, es ...Entry) (Book, *Error) {
	for _, e := range es {
		e.ID = int64(len(b.Entries) + 1)
		if err := CheckEntry(b, e); err != nil {
			errs := DomainErrors(err)
			if len(errs) == 0 {
				return b, &Error{Rule: err.Error()}
			}
			return b, errs[0]
		}
		b.Entries = append(b.Entries, e)
	}
	return b, nil
}

// TestDateMovesCannotEraseOverdue: the audit's three ways of turning overdue principal back
// to current, and the rules that now refuse them.
func TestDateMovesCannotEraseOverdue(t *testing.T) {
	t.Parallel()
	// loanQ: 12,000,000 disbursed 2026-01-10 for 12 months, quarterly: 3,000,000 due on
	// 2026-04-10, 2026-07-10, 2026-10-10 and 2027-01-10. One installment period = 3 months.
	loanQ := equalLoan(12_000_000, "2026-01-10", 12, 3, 0)
	disburse := ent(EntryDisburse, "2026-01-10", 12_000_000)
	tests := []struct {
		name    string
		loan    Loan
		limit   int // Book.ExtensionMaxMonths
		entries []Entry
		field   string
		rule    string // "" when every entry is accepted
		params  map[string]any
	}{
		{name: "reschedule 25 days after the due date", loan: loanQ,
			entries: []Entry{disburse, reschedule("2026-05-05", 1, "2026-07-10")},
			field:   "entry.value_date", rule: "reschedule_overdue",
			params: map[string]any{"No": 1, "Date": MustDate("2026-04-10")}},
		{name: "reschedule on the due date itself", loan: loanQ,
			entries: []Entry{disburse, reschedule("2026-04-10", 1, "2026-06-10")}},
		{name: "chained reschedules stay within one period of the original date", loan: loanQ,
			entries: []Entry{disburse, reschedule("2026-04-01", 1, "2026-05-10"), reschedule("2026-05-01", 1, "2026-07-10")}},
		{name: "chained reschedules beyond one period of the original date", loan: loanQ,
			// Installment 2 moves to 2026-10-10 first, so the next due date no longer stops
			// installment 1: the original date 2026-04-10 + 3 months does.
			entries: []Entry{disburse, reschedule("2026-04-01", 2, "2026-10-10"),
				reschedule("2026-04-02", 1, "2026-06-10"), reschedule("2026-06-01", 1, "2026-08-10")},
			field: "entry.new_date", rule: "reschedule_max",
			params: map[string]any{"Max": MustDate("2026-07-10"), "Original": MustDate("2026-04-10")}},
		{name: "reschedule past the next installment", loan: loanQ,
			entries: []Entry{disburse, reschedule("2026-04-01", 1, "2026-07-11")},
			field:   "entry.new_date", rule: "after_next_due", params: map[string]any{"Max": MustDate("2026-07-10")}},
		{name: "reschedule of the last installment", loan: loanQ,
			entries: []Entry{disburse, reschedule("2026-12-01", 4, "2027-02-10")},
			field:   "entry.installment", rule: "last_installment"},
		{name: "extension 50 days after maturity", loan: loanA(),
			entries: []Entry{ent(EntryDisburse, "2026-01-10", 12_000_000), extend("2027-03-01", "2027-07-10")},
			field:   "entry.value_date", rule: "extension_overdue", params: map[string]any{"Date": MustDate("2027-01-10")}},
		{name: "extensions add up to the limit from the original maturity", loan: loanA(),
			entries: []Entry{ent(EntryDisburse, "2026-01-10", 12_000_000), extend("2027-01-10", "2027-07-10"),
				extend("2027-07-01", "2028-01-10")}},
		{name: "chained extensions beyond the limit", loan: loanA(),
			// 12 months (the settings' default) from the original 2027-01-10, whatever the
			// extensions before.
			entries: []Entry{ent(EntryDisburse, "2026-01-10", 12_000_000), extend("2027-01-05", "2027-07-10"),
				extend("2027-07-01", "2028-01-10"), extend("2028-01-02", "2028-03-10")},
			field: "entry.new_date", rule: "extension_max", params: map[string]any{"Max": MustDate("2028-01-10"), "Months": 12}},
		{name: "the program's own limit", loan: loanA(), limit: 6,
			entries: []Entry{ent(EntryDisburse, "2026-01-10", 12_000_000), extend("2027-01-05", "2027-09-10")},
			field:   "entry.new_date", rule: "extension_max", params: map[string]any{"Max": MustDate("2027-07-10"), "Months": 6}},
	}
	for _, tc := range tests {
		b := bookOf(t, tc.loan)
		b.ExtensionMaxMonths = tc.limit
		_, err := postAll(b, tc.entries...)
		switch {
		case tc.rule == "" && err != nil:
			t.Errorf("%s: refused: %v", tc.name, err)
		case tc.rule == "":
		case err == nil:
			t.Errorf("%s: accepted, want %s %s", tc.name, tc.field, tc.rule)
		case err.Field != tc.field || err.Rule != tc.rule:
			t.Errorf("%s: got %v, want %s %s", tc.name, err, tc.field, tc.rule)
		default:
			for k, v := range tc.params {
				if err.Params[k] != v {
					t.Errorf("%s: param %s = %v, want %v", tc.name, k, err.Params[k], v)
				}
			}
		}
	}
}

// TestCheckDateMovesFindsTheBadEntry: an imported ledger is replayed, and the first move the
// desk would refuse is named.
func TestCheckDateMovesFindsTheBadEntry(t *testing.T) {
	t.Parallel()
	b := bookOf(t, loanA(), ent(EntryDisburse, "2026-01-10", 12_000_000), reschedule("2026-02-01", 1, "2026-03-10"),
		extend("2027-03-01", "2027-07-10"))
	bad, err := CheckDateMoves(b)
	if err == nil || bad.ID != 3 {
		t.Fatalf("CheckDateMoves = %v, %v; want entry 3 refused", bad.ID, err)
	}
	if es := DomainErrors(err); len(es) != 1 || es[0].Rule != "extension_overdue" {
		t.Fatalf("got %v, want extension_overdue", err)
	}
	b.Entries = b.Entries[:2]
	if _, err := CheckDateMoves(b); err != nil {
		t.Fatalf("a valid ledger refused: %v", err)
	}
}

// TestWriteOffInterest: interest and penalty due written off by decision, penalty first.
func TestWriteOffInterest(t *testing.T) {
	t.Parallel()
	// loanA, frozen nothing: installments 1 and 2 (due 2026-02-10 and 03-10) unpaid on
	// 2026-04-01. Interest due and penalty due are whatever the engine says; the write-off of
	// their sum leaves both at 0 and reads back split penalty first.
	b := bookOf(t, loanA(), ent(EntryDisburse, "2026-01-10", 12_000_000))
	p, err := PositionOn(b, MustDate("2026-04-01"))
	if err != nil {
		t.Fatal(err)
	}
	if p.InterestDue <= 0 || p.PenaltyDue <= 0 {
		t.Fatalf("want interest and penalty due, got %d and %d", p.InterestDue, p.PenaltyDue)
	}
	due := p.InterestDue + p.PenaltyDue

	tooMuch := ent(EntryWriteOffInterest, "2026-04-01", due+1)
	if _, e := postAll(b, tooMuch); e == nil || e.Rule != "over_interest_due" || e.Params["Max"] != due {
		t.Fatalf("writing off %d (due %d): got %v, want over_interest_due", due+1, due, e)
	}
	noDecision := ent(EntryWriteOffInterest, "2026-04-01", due)
	noDecision.Decision = ""
	if _, e := postAll(b, noDecision); e == nil || e.Field != "entry.decision" || e.Rule != "required" {
		t.Fatalf("no decision: got %v, want entry.decision required", e)
	}

	b, e := postAll(b, ent(EntryWriteOff, "2026-04-01", 12_000_000), ent(EntryWriteOffInterest, "2026-04-01", due))
	if e != nil {
		t.Fatal(e)
	}
	q, err := PositionOn(b, MustDate("2026-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	if q.InterestDue != 0 || q.PenaltyDue != 0 || q.Principal() != 0 {
		t.Errorf("after the write-offs: interest %d, penalty %d, principal %d; want all 0", q.InterestDue, q.PenaltyDue, q.Principal())
	}
	if q.PenaltyWrittenOff != p.PenaltyDue || q.InterestWrittenOff != p.InterestDue {
		t.Errorf("written off: penalty %d, interest %d; want %d and %d", q.PenaltyWrittenOff, q.InterestWrittenOff, p.PenaltyDue, p.InterestDue)
	}
	for _, in := range q.Installments {
		if in.Status != InstWrittenOff {
			t.Errorf("installment %d reads %s, want written_off", in.No, in.Status)
		}
	}
	// A later interest payment would need interest due that the write-off took away.
	if _, e := postAll(b, ent(EntryInterest, "2026-06-01", 1)); e == nil || e.Rule != "overpayment" {
		t.Errorf("interest paid after the write-off: got %v, want overpayment", e)
	}
}
