package data

// Payment is money a household pays on a loan. It is posted as penalty, interest and principal
// entries (overdue and current principal in one entry), in that order, parts of 0 left out.
type Payment struct {
	LoanID    int64
	Contract  string // names the loan when LoanID is 0
	ValueDate Date
	Amount    Dong
	// Parts is how the clerk or the transaction day divided Amount; nil: the usual division
	// (ProposeSplit on the loan's position on ValueDate).
	Parts *Split
	// FromSavings takes the money from the household's savings: a withdrawal of Amount,
	// naming the contract, is posted before the parts.
	FromSavings bool
	Ref, Note   string
}

// Split is how the payment divides on the loan of b: Parts, or the usual division.
func (p Payment) Split(b Book) (Split, error) {
	if p.ValueDate.IsZero() {
		return Split{}, Invalid("entry.value_date", "required")
	}
	if p.Parts == nil {
		pos, err := PositionOn(b, p.ValueDate)
		if err != nil {
			return Split{}, err
		}
		return ProposeSplit(pos, p.Amount)
	}
	switch s := *p.Parts; {
	case p.Amount <= 0:
		return Split{}, Invalid("payment.amount", "positive")
	case s.Total() != p.Amount:
		return Split{}, Invalid("payment.amount", "split_sum", "Sum", s.Total(), "Amount", p.Amount)
	default:
		return s, nil
	}
}

// Entries are the entries that post the payment on the loan of b, with its split. Each
// still has to pass CheckEntry against the book as the earlier ones leave it.
func (p Payment) Entries(b Book) (Split, []Entry, error) {
	split, err := p.Split(b)
	if err != nil {
		return Split{}, nil, err
	}
	var out []Entry
	if p.FromSavings {
		out = append(out, Entry{BorrowerID: b.Loan.BorrowerID, Kind: EntryWithdraw, ValueDate: p.ValueDate,
			Amount: p.Amount, Ref: p.Ref, Note: b.Loan.Contract})
	}
	for _, part := range []struct {
		kind   EntryKind
		amount Dong
	}{
		{EntryPenalty, split.Penalty},
		{EntryInterest, split.Interest},
		{EntryPrincipal, split.Overdue + split.Current},
	} {
		if part.amount != 0 {
			out = append(out, Entry{LoanID: b.Loan.ID, Kind: part.kind, ValueDate: p.ValueDate, Amount: part.amount,
				Ref: p.Ref, Note: p.Note})
		}
	}
	return split, out, nil
}

// Posting is one line of a batch as a clerk or a file gives it: an entry, or a payment for
// the store to split.
type Posting struct {
	// Contract names the loan; empty: the LoanID of Entry or Payment (savings: Entry.BorrowerID).
	Contract string
	Entry    Entry
	Payment  *Payment // when set, the line is this payment and Entry is not read
}
