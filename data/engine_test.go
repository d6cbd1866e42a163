package data

import (
	"reflect"
	"strings"
	"testing"
)

// Program 01 (poor households): 0.55 %/month (5,500 millionths) until 2025-11-30, 0.52 %/month
// (5,200) from 2025-12-01. Penalty: 130 % of the rate, 5,200 × 130 / 100 = 6,760.
var rates01 = []RatePeriod{
	{ProgramCode: "01", Effective: MustDate("2000-01-01"), Rate: 5500},
	{ProgramCode: "01", Effective: MustDate("2025-12-01"), Rate: 5200},
}

// Program 03 (job creation): 0.6604 %/month.
var rates03 = []RatePeriod{{ProgramCode: "03", Effective: MustDate("2000-01-01"), Rate: 6604}}

// ent is a ledger entry for tests.
func ent(kind EntryKind, date string, amount Dong) Entry {
	return Entry{Kind: kind, ValueDate: MustDate(date), Amount: amount, Decision: "QĐ-01/2026"}
}

func reschedule(date string, no int, newDate string) Entry {
	e := ent(EntryReschedule, date, 0)
	e.Installment, e.NewDate = no, MustDate(newDate)
	return e
}

func extend(date, newDate string) Entry {
	e := ent(EntryExtend, date, 0)
	e.NewDate = MustDate(newDate)
	return e
}

func reversal(date string, id int64) Entry {
	e := ent(EntryReversal, date, 0)
	e.Reverses = id
	return e
}

// bookOf builds the book of loan l with its schedule, program 01's rates, the default settings
// and the entries numbered 1, 2, … in the order given (a disbursement first, usually).
func bookOf(t testing.TB, l Loan, entries ...Entry) Book {
	t.Helper()
	s, err := BuildSchedule(l)
	if err != nil {
		t.Fatalf("BuildSchedule: %v", err)
	}
	for i := range entries {
		entries[i].ID = int64(i + 1)
	}
	return Book{Loan: l, Schedule: s, Entries: entries, Rates: rates01, Settings: DefaultSettings()}
}

// loanA: 12,000,000 signed and disbursed 2026-01-10 for 12 months, program 01 (0.52 %/month),
// 12 monthly installments of 1,000,000 due on the 10th from 2026-02-10 to 2027-01-10.
func loanA() Loan { return equalLoan(12_000_000, "2026-01-10", 12, 1, 0) }

// summary is the part of a Position a worked example writes out by hand. Statuses has one
// letter per installment: p paid, d due, o overdue, f frozen. Next is the number of the next
// installment (0: none).
type summary struct {
	Disbursed, Repaid, WrittenOff Dong
	Current, Overdue, Frozen      Dong
	InterestAccrued, InterestPaid Dong
	PenaltyAccrued, PenaltyPaid   Dong
	DaysOverdue                   int
	Maturity                      string
	Next                          int
	Statuses                      string
}

func summarise(p Position) summary {
	s := summary{
		Disbursed: p.Disbursed, Repaid: p.Repaid, WrittenOff: p.WrittenOff,
		Current: p.Current, Overdue: p.Overdue, Frozen: p.Frozen,
		InterestAccrued: p.InterestAccrued, InterestPaid: p.InterestPaid,
		PenaltyAccrued: p.PenaltyAccrued, PenaltyPaid: p.PenaltyPaid,
		DaysOverdue: p.DaysOverdue, Maturity: p.Maturity.String(),
	}
	if p.Next != nil {
		s.Next = p.Next.No
	}
	var b strings.Builder
	for _, in := range p.Installments {
		b.WriteByte(string(in.Status)[0])
	}
	s.Statuses = b.String()
	return s
}

func TestPositionOnWorkedExamples(t *testing.T) {
	t.Parallel()
	settings365 := DefaultSettings()
	settings365.InterestBasis = Basis365
	accrues := DefaultSettings()
	accrues.FrozenAccrues = true

	tests := []struct {
		name     string
		loan     Loan
		entries  []Entry
		settings *Settings    // nil: defaults (Basis30, penalty 130 %, frozen bears nothing)
		rates    []RatePeriod // nil: program 01
		on       string
		want     summary
	}{
		{
			// A plain month: 30,000,000 disbursed 2026-01-10, position on 2026-02-10. Days
			// 10 Jan … 9 Feb = 31. 30,000,000 × 31 × 5,200 / 30,000,000 = 161,200.
			// Installment 1 (2,500,000) falls due today: not yet overdue.
			name: "plain month", loan: equalLoan(30_000_000, "2026-01-10", 12, 1, 0),
			entries: []Entry{ent(EntryDisburse, "2026-01-10", 30_000_000)},
			on:      "2026-02-10",
			want: summary{Disbursed: 30_000_000, Current: 30_000_000, InterestAccrued: 161_200,
				Maturity: "2027-01-10", Next: 1, Statuses: "dddddddddddd"},
		},
		{
			// A partial month: 45,678,901 disbursed 2026-01-10, position on 2026-01-27: days
			// 10 … 26 Jan = 17. 45,678,901 × 17 × 5,200 / 30,000,000 = 4,038,014,848,400 /
			// 30,000,000 = 134,600.4949… → 134,600 (just below the half).
			name: "partial month", loan: equalLoan(45_678_901, "2026-01-10", 12, 1, 0),
			entries: []Entry{ent(EntryDisburse, "2026-01-10", 45_678_901)},
			on:      "2026-01-27",
			want: summary{Disbursed: 45_678_901, Current: 45_678_901, InterestAccrued: 134_600,
				Maturity: "2027-01-10", Next: 1, Statuses: "dddddddddddd"},
		},
		{
			// A rate change in mid-period: 20,000,000 disbursed 2025-11-15, position on
			// 2025-12-15. 15 … 30 Nov = 16 days at 5,500, 1 … 14 Dec = 14 days at 5,200:
			// 20,000,000 × (16 × 5,500 + 14 × 5,200) / 30,000,000 = 20,000,000 × 160,800 /
			// 30,000,000 = 107,200.
			name: "rate change mid-period", loan: equalLoan(20_000_000, "2025-11-15", 12, 1, 0),
			entries: []Entry{ent(EntryDisburse, "2025-11-15", 20_000_000)},
			on:      "2025-12-15",
			want: summary{Disbursed: 20_000_000, Current: 20_000_000, InterestAccrued: 107_200,
				Maturity: "2026-11-15", Next: 1, Statuses: "dddddddddddd"},
		},
		{
			// The same loan with its own rate of 0.40 % from 2025-12-01 (a local-budget loan):
			// 20,000,000 × (16 × 5,500 + 14 × 4,000) / 30,000,000 = 20,000,000 × 144,000 /
			// 30,000,000 = 96,000.
			name: "rate override", loan: func() Loan {
				l := equalLoan(20_000_000, "2025-11-15", 12, 1, 0)
				l.RateOverrides = []RatePeriod{{Effective: MustDate("2025-12-01"), Rate: 4000}}
				return l
			}(),
			entries: []Entry{ent(EntryDisburse, "2025-11-15", 20_000_000)},
			on:      "2025-12-15",
			want: summary{Disbursed: 20_000_000, Current: 20_000_000, InterestAccrued: 96_000,
				Maturity: "2026-11-15", Next: 1, Statuses: "dddddddddddd"},
		},
		{
			// Installment 1 (1,000,000 due 2026-02-10) unpaid: overdue from 2026-02-11. On the
			// 11th it is overdue but no penalty day has passed yet. Interest: 10 Jan … 10 Feb =
			// 32 days on 12,000,000: 12,000,000 × 32 × 5,200 / 30,000,000 = 66,560.
			name: "missed installment, the day after", loan: loanA(),
			entries: []Entry{ent(EntryDisburse, "2026-01-10", 12_000_000)},
			on:      "2026-02-11",
			want: summary{Disbursed: 12_000_000, Current: 11_000_000, Overdue: 1_000_000,
				InterestAccrued: 66_560, DaysOverdue: 1, Maturity: "2027-01-10", Next: 2,
				Statuses: "oddddddddddd"},
		},
		{
			// Ten days later (2026-02-20): 11 … 19 Feb = 9 more days.
			// Interest: 66,560 + 11,000,000 × 9 × 5,200 / 30,000,000 (= 17,160) = 83,720.
			// Penalty: 1,000,000 × 9 × 6,760 / 30,000,000 = 2,028.
			// Days overdue: 20 Feb − 10 Feb = 10.
			name: "missed installment with penalty", loan: loanA(),
			entries: []Entry{ent(EntryDisburse, "2026-01-10", 12_000_000)},
			on:      "2026-02-20",
			want: summary{Disbursed: 12_000_000, Current: 11_000_000, Overdue: 1_000_000,
				InterestAccrued: 83_720, PenaltyAccrued: 2_028, DaysOverdue: 10,
				Maturity: "2027-01-10", Next: 2, Statuses: "oddddddddddd"},
		},
		{
			// Final maturity: 6,000,000 in 3 monthly installments of 2,000,000 (due 10 Feb,
			// 10 Mar, 10 Apr 2026); the first two paid on time. On 2026-04-15 the last is overdue
			// since 11 Apr.
			// Interest, in đồng-days: 6,000,000 × 31 (10 Jan … 9 Feb) + 4,000,000 × 28 (10 Feb …
			// 9 Mar) + 2,000,000 × 32 (10 Mar … 10 Apr) = 362,000,000; × 5,200 / 30,000,000 =
			// 62,746.67 → 62,747 (rounded once: per period it would be 32,240 + 19,413 + 11,093
			// = 62,746).
			// Penalty: 2,000,000 × 4 (11 … 14 Apr) × 6,760 / 30,000,000 = 1,802.67 → 1,803.
			name: "final maturity overdue", loan: equalLoan(6_000_000, "2026-01-10", 3, 1, 0),
			entries: []Entry{
				ent(EntryDisburse, "2026-01-10", 6_000_000),
				ent(EntryPrincipal, "2026-02-10", 2_000_000),
				ent(EntryPrincipal, "2026-03-10", 2_000_000),
			},
			on: "2026-04-15",
			want: summary{Disbursed: 6_000_000, Repaid: 4_000_000, Overdue: 2_000_000,
				InterestAccrued: 62_747, PenaltyAccrued: 1_803, DaysOverdue: 5,
				Maturity: "2026-04-10", Statuses: "ppo"},
		},
		{
			// The same loan extended on 2026-04-01 to 2026-10-10: nothing overdue on 2026-04-15.
			// Interest: 6,000,000 × 31 + 4,000,000 × 28 + 2,000,000 × 36 (10 Mar … 14 Apr) =
			// 370,000,000 đồng-days; × 5,200 / 30,000,000 = 64,133.33 → 64,133.
			name: "extension", loan: equalLoan(6_000_000, "2026-01-10", 3, 1, 0),
			entries: []Entry{
				ent(EntryDisburse, "2026-01-10", 6_000_000),
				ent(EntryPrincipal, "2026-02-10", 2_000_000),
				ent(EntryPrincipal, "2026-03-10", 2_000_000),
				extend("2026-04-01", "2026-10-10"),
			},
			on: "2026-04-15",
			want: summary{Disbursed: 6_000_000, Repaid: 4_000_000, Current: 2_000_000,
				InterestAccrued: 64_133, Maturity: "2026-10-10", Next: 3, Statuses: "ppd"},
		},
		{
			// Installment 1 rescheduled on 2026-02-05 from 10 Feb to 1 Mar: on 2026-02-20 it is
			// not overdue. Interest: 12,000,000 × 41 (10 Jan … 19 Feb) × 5,200 / 30,000,000 =
			// 85,280.
			name: "rescheduled, before the new date", loan: loanA(),
			entries: []Entry{
				ent(EntryDisburse, "2026-01-10", 12_000_000),
				reschedule("2026-02-05", 1, "2026-03-01"),
			},
			on: "2026-02-20",
			want: summary{Disbursed: 12_000_000, Current: 12_000_000, InterestAccrued: 85_280,
				Maturity: "2027-01-10", Next: 1, Statuses: "dddddddddddd"},
		},
		{
			// Still unpaid on 2026-03-05: overdue from 2 Mar.
			// Interest: 12,000,000 × 51 (10 Jan … 1 Mar) + 11,000,000 × 3 (2 … 4 Mar) =
			// 645,000,000 đồng-days; × 5,200 / 30,000,000 = 111,800.
			// Penalty: 1,000,000 × 3 × 6,760 / 30,000,000 = 676. Days overdue: 5 Mar − 1 Mar = 4.
			name: "rescheduled, overdue after the new date", loan: loanA(),
			entries: []Entry{
				ent(EntryDisburse, "2026-01-10", 12_000_000),
				reschedule("2026-02-05", 1, "2026-03-01"),
			},
			on: "2026-03-05",
			want: summary{Disbursed: 12_000_000, Current: 11_000_000, Overdue: 1_000_000,
				InterestAccrued: 111_800, PenaltyAccrued: 676, DaysOverdue: 4,
				Maturity: "2027-01-10", Next: 2, Statuses: "oddddddddddd"},
		},
		{
			// Installment 1 overdue from 11 Feb; the whole 12,000,000 frozen on 2026-02-15.
			// On 2026-03-01: interest 12,000,000 × 32 (10 Jan … 10 Feb) + 11,000,000 × 4 (11 … 14
			// Feb) = 428,000,000 đồng-days; × 5,200 / 30,000,000 = 74,186.67 → 74,187. Nothing
			// from 15 Feb: frozen debt bears no interest. Penalty 1,000,000 × 4 × 6,760 /
			// 30,000,000 = 901.33 → 901.
			name: "frozen", loan: loanA(),
			entries: []Entry{
				ent(EntryDisburse, "2026-01-10", 12_000_000),
				ent(EntryFreeze, "2026-02-15", 12_000_000),
				ent(EntryUnfreeze, "2026-03-15", 12_000_000),
			},
			on: "2026-03-01",
			want: summary{Disbursed: 12_000_000, Frozen: 12_000_000, InterestAccrued: 74_187,
				PenaltyAccrued: 901, Maturity: "2027-01-10", Statuses: "ffffffffffff"},
		},
		{
			// Unfrozen on 2026-03-15; on 2026-03-20 installments 1 and 2 (due 10 Feb, 10 Mar)
			// are overdue. Interest: 428,000,000 + 10,000,000 × 5 (15 … 19 Mar) = 478,000,000
			// đồng-days; × 5,200 / 30,000,000 = 82,853.33 → 82,853. Penalty: 1,000,000 × 4 +
			// 2,000,000 × 5 = 14,000,000; × 6,760 / 30,000,000 = 3,154.67 → 3,155.
			// Days overdue: 20 Mar − 10 Feb = 18 + 20 = 38.
			name: "unfrozen", loan: loanA(),
			entries: []Entry{
				ent(EntryDisburse, "2026-01-10", 12_000_000),
				ent(EntryFreeze, "2026-02-15", 12_000_000),
				ent(EntryUnfreeze, "2026-03-15", 12_000_000),
			},
			on: "2026-03-20",
			want: summary{Disbursed: 12_000_000, Current: 10_000_000, Overdue: 2_000_000,
				InterestAccrued: 82_853, PenaltyAccrued: 3_155, DaysOverdue: 38,
				Maturity: "2027-01-10", Next: 3, Statuses: "oodddddddddd"},
		},
		{
			// The same with Settings.FrozenAccrues: 12,000,000 × 28 (15 Feb … 14 Mar) =
			// 336,000,000 more đồng-days: 814,000,000 × 5,200 / 30,000,000 = 141,093.33 → 141,093.
			name: "unfrozen, frozen debt accruing", loan: loanA(), settings: &accrues,
			entries: []Entry{
				ent(EntryDisburse, "2026-01-10", 12_000_000),
				ent(EntryFreeze, "2026-02-15", 12_000_000),
				ent(EntryUnfreeze, "2026-03-15", 12_000_000),
			},
			on: "2026-03-20",
			want: summary{Disbursed: 12_000_000, Current: 10_000_000, Overdue: 2_000_000,
				InterestAccrued: 141_093, PenaltyAccrued: 3_155, DaysOverdue: 38,
				Maturity: "2027-01-10", Next: 3, Statuses: "oodddddddddd"},
		},
		{
			// A partial freeze takes the overdue debt first: 3,000,000 frozen on 2026-02-15
			// covers installments 1 (overdue), 2 and 3; on 2026-03-20 nothing is overdue.
			// Interest: 12,000,000 × 32 + 11,000,000 × 4 + 9,000,000 × 33 (15 Feb … 19 Mar) =
			// 725,000,000 đồng-days; × 5,200 / 30,000,000 = 125,666.67 → 125,667. Penalty 901.
			name: "partial freeze", loan: loanA(),
			entries: []Entry{
				ent(EntryDisburse, "2026-01-10", 12_000_000),
				ent(EntryFreeze, "2026-02-15", 3_000_000),
			},
			on: "2026-03-20",
			want: summary{Disbursed: 12_000_000, Current: 9_000_000, Frozen: 3_000_000,
				InterestAccrued: 125_667, PenaltyAccrued: 901, Maturity: "2027-01-10", Next: 4,
				Statuses: "fffddddddddd"},
		},
		{
			// A write-off of 5,000,000 on 2026-03-01 takes the 3,000,000 frozen first, then
			// covers 2,000,000 like a repayment: installments 1–5 are settled.
			// Interest: 384,000,000 + 44,000,000 + 9,000,000 × 14 (15 … 28 Feb) + 7,000,000 × 19
			// (1 … 19 Mar) = 687,000,000 đồng-days; × 5,200 / 30,000,000 = 119,080. Penalty 901.
			name: "write-off", loan: loanA(),
			entries: []Entry{
				ent(EntryDisburse, "2026-01-10", 12_000_000),
				ent(EntryFreeze, "2026-02-15", 3_000_000),
				ent(EntryWriteOff, "2026-03-01", 5_000_000),
			},
			on: "2026-03-20",
			want: summary{Disbursed: 12_000_000, WrittenOff: 5_000_000, Current: 7_000_000,
				InterestAccrued: 119_080, PenaltyAccrued: 901, Maturity: "2027-01-10", Next: 6,
				Statuses: "wwwwwddddddd"},
		},
		{
			// A repayment of 1,000,000 on 2026-02-10, reversed on 2026-02-20. Before the
			// reversal (2026-02-15) the repayment counts: 12,000,000 × 31 + 11,000,000 × 5
			// (10 … 14 Feb) = 427,000,000 đồng-days; × 5,200 / 30,000,000 = 74,013.33 → 74,013.
			name: "reversal, before its date", loan: loanA(),
			entries: []Entry{
				ent(EntryDisburse, "2026-01-10", 12_000_000),
				ent(EntryPrincipal, "2026-02-10", 1_000_000), // ID 2
				reversal("2026-02-20", 2),
			},
			on: "2026-02-15",
			want: summary{Disbursed: 12_000_000, Repaid: 1_000_000, Current: 11_000_000,
				InterestAccrued: 74_013, Maturity: "2027-01-10", Next: 2, Statuses: "pddddddddddd"},
		},
		{
			// From 2026-02-20 on the repayment never happened: installment 1 has been overdue
			// since 11 Feb. On 2026-02-25: interest 12,000,000 × 32 + 11,000,000 × 14 (11 … 24
			// Feb) = 538,000,000 đồng-days; × 5,200 / 30,000,000 = 93,253.33 → 93,253.
			// Penalty 1,000,000 × 14 × 6,760 / 30,000,000 = 3,154.67 → 3,155. Days overdue 15.
			name: "reversal, after its date", loan: loanA(),
			entries: []Entry{
				ent(EntryDisburse, "2026-01-10", 12_000_000),
				ent(EntryPrincipal, "2026-02-10", 1_000_000),
				reversal("2026-02-20", 2),
			},
			on: "2026-02-25",
			want: summary{Disbursed: 12_000_000, Current: 11_000_000, Overdue: 1_000_000,
				InterestAccrued: 93_253, PenaltyAccrued: 3_155, DaysOverdue: 15,
				Maturity: "2027-01-10", Next: 2, Statuses: "oddddddddddd"},
		},
		{
			// Basis 365: 50,000,000 × 31 × (5,200 × 12) / (365 × 1,000,000) = 96,720,000,000,000 /
			// 365,000,000 = 264,986.30 → 264,986 (on Basis30 it would be 268,666.67).
			name: "basis 365", loan: equalLoan(50_000_000, "2026-01-10", 12, 1, 0), settings: &settings365,
			entries: []Entry{ent(EntryDisburse, "2026-01-10", 50_000_000)},
			on:      "2026-02-10",
			want: summary{Disbursed: 50_000_000, Current: 50_000_000, InterestAccrued: 264_986,
				Maturity: "2027-01-10", Next: 1, Statuses: "dddddddddddd"},
		},
		{
			// 130 % of 0.6604 %/month = 0.85852 %/month = 8,585.2 millionths: not a whole number.
			// 100,000,000 at program 03's 6,604, one installment due 2026-02-10; on 2026-02-15.
			// Interest: 100,000,000 × 32 × 6,604 / 30,000,000 = 704,426.67 → 704,427.
			// Penalty, exact: 100,000,000 × 4 (11 … 14 Feb) × 6,604 × 130 / (30,000,000 × 100)
			// = 343,408,000,000,000,000 / 3,000,000,000 = 114,469 1/3 → 114,469. With the rate
			// truncated to 8,585 it would be 114,466.67 → 114,467; rounded to 8,586, 114,480.
			name: "penalty at 130 % of 0.6604", loan: equalLoan(100_000_000, "2026-01-10", 1, 1, 0), rates: rates03,
			entries: []Entry{ent(EntryDisburse, "2026-01-10", 100_000_000)},
			on:      "2026-02-15",
			want: summary{Disbursed: 100_000_000, Overdue: 100_000_000, InterestAccrued: 704_427,
				PenaltyAccrued: 114_469, DaysOverdue: 5, Maturity: "2026-02-10", Statuses: "o"},
		},
		{
			// A loan only partly disbursed: 3,000,000 of 12,000,000. On 2026-04-20 installments
			// 1–3 (10 Feb, 10 Mar, 10 Apr) are due and cover exactly what was lent; 4–12 lie on
			// principal never disbursed.
			// Interest: 3,000,000 × 32 + 2,000,000 × 28 (11 Feb … 10 Mar) + 1,000,000 × 31
			// (11 Mar … 10 Apr) = 183,000,000 đồng-days; × 5,200 / 30,000,000 = 31,720.
			// Penalty: 1,000,000 × 28 + 2,000,000 × 31 + 3,000,000 × 9 (11 … 19 Apr) =
			// 117,000,000; × 6,760 / 30,000,000 = 26,364. Days overdue: 20 Apr − 10 Feb = 69.
			name: "partly disbursed", loan: loanA(),
			entries: []Entry{ent(EntryDisburse, "2026-01-10", 3_000_000)},
			on:      "2026-04-20",
			want: summary{Disbursed: 3_000_000, Overdue: 3_000_000, InterestAccrued: 31_720,
				PenaltyAccrued: 26_364, DaysOverdue: 69, Maturity: "2027-01-10", Next: 4,
				Statuses: "oooddddddddd"},
		},
		{
			// Interest paid counts against interest accrued: the plain month, with 100,000 of
			// interest paid on 2026-02-05 (interest stays due: 161,200 − 100,000 = 61,200).
			name: "interest paid", loan: equalLoan(30_000_000, "2026-01-10", 12, 1, 0),
			entries: []Entry{
				ent(EntryDisburse, "2026-01-10", 30_000_000),
				ent(EntryInterest, "2026-02-05", 100_000),
			},
			on: "2026-02-10",
			want: summary{Disbursed: 30_000_000, Current: 30_000_000, InterestAccrued: 161_200,
				InterestPaid: 100_000, Maturity: "2027-01-10", Next: 1, Statuses: "dddddddddddd"},
		},
		{
			// Before anything is disbursed: nothing owed, nothing accrued.
			name: "before disbursement", loan: loanA(),
			entries: []Entry{ent(EntryDisburse, "2026-01-20", 12_000_000)},
			on:      "2026-01-15",
			want:    summary{Maturity: "2027-01-10", Next: 1, Statuses: "dddddddddddd"},
		},
	}
	for _, tc := range tests {
		b := bookOf(t, tc.loan, tc.entries...)
		if tc.settings != nil {
			b.Settings = *tc.settings
		}
		if tc.rates != nil {
			b.Rates = tc.rates
		}
		p, err := PositionOn(b, MustDate(tc.on))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := summarise(p); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, tc.want)
		}
		// The invariants every position keeps.
		if p.Principal() != p.Disbursed-p.Repaid-p.WrittenOff {
			t.Errorf("%s: current + overdue + frozen = %d, want disbursed − repaid − written off = %d",
				tc.name, p.Principal(), p.Disbursed-p.Repaid-p.WrittenOff)
		}
		if p.InterestDue != p.InterestAccrued-p.InterestPaid || p.PenaltyDue != p.PenaltyAccrued-p.PenaltyPaid {
			t.Errorf("%s: due ≠ accrued − paid: %+v", tc.name, p)
		}
	}
}

func TestPositionInstallmentDetail(t *testing.T) {
	t.Parallel()
	// The extension example: installment 3 moved from 2026-04-10 to 2026-10-10.
	b := bookOf(t, equalLoan(6_000_000, "2026-01-10", 3, 1, 0),
		ent(EntryDisburse, "2026-01-10", 6_000_000),
		ent(EntryPrincipal, "2026-02-10", 2_000_000),
		ent(EntryPrincipal, "2026-03-10", 1_500_000), // installment 2 half paid
		extend("2026-04-01", "2026-10-10"),
	)
	p, err := PositionOn(b, MustDate("2026-03-20"))
	if err != nil {
		t.Fatal(err)
	}
	want := []InstallmentPosition{
		{Installment{1, MustDate("2026-02-10"), 2_000_000}, MustDate("2026-02-10"), false, 2_000_000, 0, InstPaid},
		{Installment{2, MustDate("2026-03-10"), 2_000_000}, MustDate("2026-03-10"), false, 1_500_000, 0, InstOverdue},
		// The extension is dated 2026-04-01: on 2026-03-20 the old maturity still holds.
		{Installment{3, MustDate("2026-04-10"), 2_000_000}, MustDate("2026-04-10"), false, 0, 0, InstDue},
	}
	if !reflect.DeepEqual(p.Installments, want) {
		t.Errorf("on 2026-03-20:\n got %+v\nwant %+v", p.Installments, want)
	}
	// 500,000 of installment 2 is overdue since 11 Mar; 20 Mar − 10 Mar = 10 days.
	if p.Overdue != 500_000 || p.Current != 2_000_000 || p.DaysOverdue != 10 || p.Next != &p.Installments[2] {
		t.Errorf("on 2026-03-20: overdue %d current %d days %d next %v", p.Overdue, p.Current, p.DaysOverdue, p.Next)
	}
	p, err = PositionOn(b, MustDate("2026-04-15"))
	if err != nil {
		t.Fatal(err)
	}
	if in := p.Installments[2]; !in.Rescheduled || in.Due != MustDate("2026-10-10") || in.OriginalDue != MustDate("2026-04-10") {
		t.Errorf("installment 3 after the extension: %+v", in)
	}
	if p.Maturity != MustDate("2026-10-10") {
		t.Errorf("maturity %s, want 2026-10-10", p.Maturity)
	}
}

func TestNextSkipsPastInstallments(t *testing.T) {
	t.Parallel()
	// Partly disbursed (3,000,000 of loan A): on 2026-06-20 installments 1–3 are overdue, 4 and
	// 5 (10 May, 10 Jun) lie on principal never lent, so they are neither paid nor overdue, but
	// they are past: the next installment is 6 (10 Jul).
	b := bookOf(t, loanA(), ent(EntryDisburse, "2026-01-10", 3_000_000))
	p, err := PositionOn(b, MustDate("2026-06-20"))
	if err != nil {
		t.Fatal(err)
	}
	if s := summarise(p); s.Statuses != "oooddddddddd" || s.Next != 6 || s.Overdue != 3_000_000 {
		t.Errorf("statuses %s, next %d, overdue %d; want oooddddddddd, 6, 3,000,000", s.Statuses, s.Next, s.Overdue)
	}
}

func TestEarlyFullRepayment(t *testing.T) {
	t.Parallel()
	b := bookOf(t, loanA(), ent(EntryDisburse, "2026-01-10", 12_000_000))
	on := MustDate("2026-03-01")
	p, err := PositionOn(b, on)
	if err != nil {
		t.Fatal(err)
	}
	// Interest: 12,000,000 × 32 (10 Jan … 10 Feb) + 11,000,000 × 18 (11 … 28 Feb) =
	// 582,000,000 đồng-days; × 5,200 / 30,000,000 = 100,880. Penalty: 1,000,000 × 18 × 6,760 /
	// 30,000,000 = 4,056. Owed: 12,000,000 + 100,880 + 4,056 = 12,104,936.
	if p.Owed() != 12_104_936 {
		t.Fatalf("owed %d, want 12,104,936 (%+v)", p.Owed(), summarise(p))
	}
	s, err := ProposeSplit(p, p.Owed())
	if err != nil {
		t.Fatal(err)
	}
	if want := (Split{Penalty: 4_056, Interest: 100_880, Overdue: 1_000_000, Current: 11_000_000}); s != want {
		t.Fatalf("split %+v, want %+v", s, want)
	}
	for _, e := range []Entry{
		ent(EntryPenalty, "2026-03-01", s.Penalty),
		ent(EntryInterest, "2026-03-01", s.Interest),
		ent(EntryPrincipal, "2026-03-01", s.Overdue+s.Current),
	} {
		if err := CheckEntry(b, e); err != nil {
			t.Fatalf("posting %s %d: %v", e.Kind, e.Amount, err)
		}
		e.ID = int64(len(b.Entries) + 1)
		b.Entries = append(b.Entries, e)
	}
	for _, d := range []string{"2026-03-01", "2026-06-01", "2027-06-01"} {
		p, err := PositionOn(b, MustDate(d))
		if err != nil {
			t.Fatal(err)
		}
		// Paid on 1 Mar: no interest from 1 Mar on, nothing overdue even after maturity.
		if p.Owed() != 0 || p.Principal() != 0 || p.InterestAccrued != 100_880 || p.PenaltyAccrued != 4_056 ||
			p.DaysOverdue != 0 || p.Next != nil {
			t.Errorf("on %s after full repayment: %+v", d, summarise(p))
		}
		for _, in := range p.Installments {
			if in.Status != InstPaid || in.Paid != 1_000_000 {
				t.Errorf("on %s installment %d: %s, paid %d", d, in.No, in.Status, in.Paid)
			}
		}
	}
	// Anything more is an overpayment.
	if err := CheckEntry(b, ent(EntryPrincipal, "2026-03-02", 1)); ForField(err, "entry.amount") == nil {
		t.Errorf("repaying 1 more: %v, want entry.amount:overpayment", err)
	}
}

func TestProposeSplit(t *testing.T) {
	t.Parallel()
	p := Position{Current: 11_000_000, Overdue: 1_000_000, Frozen: 500_000,
		InterestDue: 83_720, PenaltyDue: 2_028}
	// Owed: 11,000,000 + 1,000,000 + 500,000 + 83,720 + 2,028 = 12,585,748.
	tests := []struct {
		amount Dong
		want   Split
		err    string
	}{
		{1_000, Split{Penalty: 1_000}, ""},
		{2_028, Split{Penalty: 2_028}, ""},
		// 50,000: penalty 2,028, then 47,972 of interest.
		{50_000, Split{Penalty: 2_028, Interest: 47_972}, ""},
		// 1,200,000: 2,028 + 83,720 = 85,748, then 1,000,000 overdue, then 114,252 current.
		{1_200_000, Split{Penalty: 2_028, Interest: 83_720, Overdue: 1_000_000, Current: 114_252}, ""},
		// Everything but the frozen part: 12,085,748.
		{12_085_748, Split{Penalty: 2_028, Interest: 83_720, Overdue: 1_000_000, Current: 11_000_000}, ""},
		{12_085_749, Split{}, "payment.amount:frozen_not_payable"},
		{12_585_748, Split{}, "payment.amount:frozen_not_payable"},
		{12_585_749, Split{}, "payment.amount:overpayment"},
		{0, Split{}, "payment.amount:positive"},
		{-5, Split{}, "payment.amount:positive"},
	}
	for _, tc := range tests {
		got, err := ProposeSplit(p, tc.amount)
		if tc.err == "" {
			if err != nil || got != tc.want || got.Total() != tc.amount {
				t.Errorf("ProposeSplit(%d) = %+v, %v; want %+v", tc.amount, got, err, tc.want)
			}
			continue
		}
		checkAll(t, "ProposeSplit", err, []string{tc.err})
	}
	_, err := ProposeSplit(p, 12_585_749)
	if e := ForField(err, "payment.amount"); e == nil || e.Code != CodeConflict || e.Params["Max"] != Dong(12_585_748) {
		t.Errorf("overpayment error %#v, want conflict with Max 12,585,748", e)
	}
}

func TestPositionOnErrors(t *testing.T) {
	t.Parallel()
	b := bookOf(t, loanA(), ent(EntryDisburse, "2026-01-10", 12_000_000))
	if _, err := PositionOn(b, Date{}); ForField(err, "position.date") == nil {
		t.Errorf("zero date: %v", err)
	}
	noRates := b
	noRates.Rates = nil
	_, err := PositionOn(noRates, MustDate("2026-02-01"))
	if e := ForField(err, "loan.rate"); e == nil || e.Rule != "no_rate" || e.Params["Date"] != MustDate("2026-01-10") {
		t.Errorf("no rate: %v", err)
	}
	// Before any balance no rate is needed.
	if _, err := PositionOn(noRates, MustDate("2026-01-10")); err != nil {
		t.Errorf("no rate, nothing accrued yet: %v", err)
	}
	bad := b
	bad.Settings.InterestBasis = "days360"
	if _, err := PositionOn(bad, MustDate("2026-02-01")); ForField(err, "settings.interest_basis") == nil {
		t.Errorf("unknown basis: %v", err)
	}
	// No schedule in the book: the engine builds it from the plan.
	noSched := b
	noSched.Schedule = nil
	p1, err1 := PositionOn(noSched, MustDate("2026-02-20"))
	p2, err2 := PositionOn(b, MustDate("2026-02-20"))
	if err1 != nil || err2 != nil || !reflect.DeepEqual(summarise(p1), summarise(p2)) {
		t.Errorf("without a schedule: %v %v %+v", err1, err2, summarise(p1))
	}
	noSched.Loan.Plan.EveryMonths = 2
	if _, err := PositionOn(noSched, MustDate("2026-02-20")); ForField(err, "loan.plan.every") == nil {
		t.Errorf("bad plan, no schedule: %v", err)
	}
}

// TestPositionOnEntryOrder: entries in any posting order (back-dated postings) give the same
// position.
func TestPositionOnEntryOrder(t *testing.T) {
	t.Parallel()
	es := []Entry{
		ent(EntryDisburse, "2026-01-10", 12_000_000),
		ent(EntryPrincipal, "2026-02-10", 1_000_000),
		ent(EntryInterest, "2026-02-10", 66_560),
		ent(EntryFreeze, "2026-03-15", 2_000_000),
	}
	a := bookOf(t, loanA(), es...)
	b := bookOf(t, loanA(), es[3], es[1], es[0], es[2])
	pa, _ := PositionOn(a, MustDate("2026-04-20"))
	pb, _ := PositionOn(b, MustDate("2026-04-20"))
	if !reflect.DeepEqual(summarise(pa), summarise(pb)) {
		t.Errorf("order matters:\n%+v\n%+v", summarise(pa), summarise(pb))
	}
}
