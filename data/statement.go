package data

import "sort"

// A borrower statement (sao kê) is everything a household owes and has paid on a date: each
// loan with its rates, schedule and ledger with the running principal balance, and its savings.

// StatementScope selects the households of Statements: one household (BorrowerID), the
// members of one group (GroupID) or the households of one commune (CommuneID). The first
// set wins.
type StatementScope struct {
	BorrowerID, GroupID, CommuneID int64
}

// StatementEntry is one ledger line of a statement with the balance after it.
type StatementEntry struct {
	Entry
	// Balance is the loan's principal outstanding (disbursed - repaid - written off) after
	// this line, or the savings balance for a savings line. A reversal undoes its entry's
	// effect on the day of the reversal.
	Balance Dong
	// Reversed marks an entry cancelled by a reversal dated on or before the statement date.
	Reversed bool
}

// StatementLoan is one loan of a statement.
type StatementLoan struct {
	Loan        Loan
	ProgramName map[string]string // by language; Program.NameIn-style fallback to vi
	GroupCode   string            // the group it was lent through; "" when none
	// Rates are the periods that applied during the loan's life up to the statement date:
	// the one in force when it was signed and every later change, the loan's own overrides
	// when it has any.
	Rates    []RatePeriod
	Position Position
	Entries  []StatementEntry // by value date, posting order within a day
}

// ProgramNameIn returns the program's name in lang, falling back to Vietnamese.
func (l StatementLoan) ProgramNameIn(lang string) string {
	if n := l.ProgramName[lang]; n != "" {
		return n
	}
	return l.ProgramName["vi"]
}

// Statement is a household's statement on a date.
type Statement struct {
	On          Date
	Household   BorrowerView
	Association string // the association managing the household's group; "" when none
	Loans       []StatementLoan
	Savings     Dong
	SavingsLog  []StatementEntry
}

// Outstanding is the principal outstanding of all the household's loans.
func (s Statement) Outstanding() Dong {
	var sum Dong
	for _, l := range s.Loans {
		sum += l.Position.Principal()
	}
	return sum
}

// Due adds up the household's interest and penalty interest due.
func (s Statement) Due() (interest, penalty Dong) {
	for _, l := range s.Loans {
		interest += l.Position.InterestDue
		penalty += l.Position.PenaltyDue
	}
	return interest, penalty
}

// RatesInForce returns the periods of periods (sorted by Effective) that applied between from
// and to: the one in force on from, if any, and every one that started after it up to to.
func RatesInForce(periods []RatePeriod, from, to Date) []RatePeriod {
	var out []RatePeriod
	for i, p := range periods {
		if p.Effective.After(to) {
			break
		}
		// A period is superseded before from when the next one starts on or before from.
		if i+1 < len(periods) && !periods[i+1].Effective.After(from) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// StatementLines returns the entries of es dated on or before on, of the kinds kept (loan
// or savings), sorted by value date then posting order, each with the balance after it:
// principal outstanding for a loan, the savings balance for savings. Reversals dated on or
// before on mark the entry they cancel.
func StatementLines(es []Entry, on Date, savings bool) []StatementEntry {
	byID := make(map[int64]Entry, len(es))
	var lines []StatementEntry
	for _, e := range es {
		if e.ValueDate.After(on) {
			continue
		}
		byID[e.ID] = e
	}
	reversed := map[int64]bool{}
	for _, e := range byID {
		if e.Kind == EntryReversal && e.Reverses != 0 {
			reversed[e.Reverses] = true
		}
	}
	keep := func(k EntryKind) bool {
		if savings {
			return savingsKind(k)
		}
		return loanKind(k)
	}
	for _, e := range byID {
		k := e.Kind
		if k == EntryReversal {
			k = byID[e.Reverses].Kind
		}
		if k == "" || !keep(k) {
			continue
		}
		lines = append(lines, StatementEntry{Entry: e, Reversed: reversed[e.ID]})
	}
	sort.Slice(lines, func(i, j int) bool {
		a, b := lines[i], lines[j]
		if a.ValueDate != b.ValueDate {
			return a.ValueDate.Before(b.ValueDate)
		}
		return a.ID < b.ID
	})
	var bal Dong
	for i := range lines {
		e := lines[i].Entry
		if e.Kind == EntryReversal {
			bal -= balanceEffect(byID[e.Reverses])
		} else {
			bal += balanceEffect(e)
		}
		lines[i].Balance = bal
	}
	return lines
}

// balanceEffect is how an entry moves the principal outstanding or the savings balance.
func balanceEffect(e Entry) Dong {
	info, _ := InfoOf(e.Kind)
	return info.BalanceEffect(e.Amount)
}

// BuildStatementLoan computes one loan of a statement from its book: its position on date
// on, its rates and its ledger lines.
func BuildStatementLoan(b Book, on Date) (StatementLoan, error) {
	p, err := PositionOn(b, on)
	if err != nil {
		return StatementLoan{}, err
	}
	rates := b.Rates
	if len(b.Loan.RateOverrides) > 0 {
		rates = b.Loan.RateOverrides
	}
	return StatementLoan{
		Loan:     b.Loan,
		Rates:    RatesInForce(rates, b.Loan.SignedOn, on),
		Position: p,
		Entries:  StatementLines(b.Entries, on, false),
	}, nil
}
