package data

// EntryKind is what a ledger entry records.
type EntryKind string

const (
	EntryDisburse        EntryKind = "disburse"         // money lent out: principal up
	EntryPrincipal       EntryKind = "principal"        // principal repaid
	EntryInterest        EntryKind = "interest"         // interest paid
	EntryPenalty         EntryKind = "penalty"          // penalty interest paid
	EntryFreeze          EntryKind = "freeze"           // principal moved to frozen debt
	EntryUnfreeze        EntryKind = "unfreeze"         // frozen principal back to the schedule
	EntryWriteOff        EntryKind = "writeoff"         // principal written off
	EntryReschedule      EntryKind = "reschedule"       // one installment moved (điều chỉnh kỳ hạn)
	EntryExtend          EntryKind = "extend"           // final maturity moved (gia hạn)
	EntryDeposit         EntryKind = "deposit"          // savings paid in
	EntryWithdraw        EntryKind = "withdraw"         // savings paid out
	EntrySavingsInterest EntryKind = "savings_interest" // interest credited to savings
	EntryReversal        EntryKind = "reversal"         // cancels the entry it names
	// EntryWriteOffInterest writes off interest and penalty due by decision (xóa nợ lãi): the
	// amount is taken from the penalty due first, then from the interest due.
	EntryWriteOffInterest EntryKind = "writeoff_interest"
)

// Ledger says whose ledger an entry kind belongs to.
type Ledger uint8

const (
	LoanLedger    Ledger = iota + 1 // a loan's
	SavingsLedger                   // a household's savings
	AnyLedger                       // the ledger of the entry it names (reversal)
)

// Balance names the running balance an entry kind moves.
type Balance uint8

const (
	BalNone               Balance = iota // moves no money (reschedule, extend) or another entry's (reversal)
	BalDisbursed                         // principal lent out
	BalRepaid                            // principal repaid
	BalInterest                          // interest paid
	BalPenalty                           // penalty interest paid
	BalFrozen                            // principal frozen
	BalWrittenOff                        // principal written off
	BalSavings                           // a household's savings
	BalInterestWrittenOff                // interest and penalty due written off
)

// KindInfo is everything the program knows about one entry kind. Code reads these properties
// instead of listing kinds, so that a new kind is a row of Kinds, a migration widening the
// entries' CHECK, and its messages.
type KindInfo struct {
	Kind   EntryKind
	Ledger Ledger
	Moves  Balance
	Sign   Dong // +1: the amount adds to Moves; −1: it takes from it
	// Decision: whether the entry carries a decision number, and whether one is required.
	Decision DecisionUse
	// Installment: it names an installment (reschedule); NewDate: it carries a new due date.
	Installment, NewDate bool
	// ZeroAmount: an amount of 0 is allowed (the entry moves dates, or names what it cancels).
	ZeroAmount bool
	// CLI is its name for `loan post` and `post FILE.csv`; empty when the command line does
	// not post it.
	CLI string
	// Label is the message ID of its name.
	Label string
	// Words are the Vietnamese words an import file may use for it, beside its label.
	Words []string
}

// DecisionUse says whether an entry asks for a decision number.
type DecisionUse uint8

const (
	NoDecision       DecisionUse = iota
	OptionalDecision             // asked, may be left empty
	RequiredDecision             // data.CheckEntry refuses the entry without one
)

// Kinds lists every entry kind, in the order lists of kinds show them. The order also numbers
// the kinds for the engine's inner loops, so append new kinds only at the end.
var Kinds = []KindInfo{
	{Kind: EntryDisburse, Ledger: LoanLedger, Moves: BalDisbursed, Sign: 1, CLI: "disburse", Label: "entry.disburse",
		Words: []string{"giải ngân", "phát tiền vay"}},
	{Kind: EntryPrincipal, Ledger: LoanLedger, Moves: BalRepaid, Sign: 1, CLI: "principal", Label: "entry.principal",
		Words: []string{"thu nợ", "thu gốc", "trả gốc"}},
	{Kind: EntryInterest, Ledger: LoanLedger, Moves: BalInterest, Sign: 1, CLI: "interest", Label: "entry.interest",
		Words: []string{"thu lãi", "trả lãi"}},
	{Kind: EntryPenalty, Ledger: LoanLedger, Moves: BalPenalty, Sign: 1, CLI: "penalty", Label: "entry.penalty",
		Words: []string{"thu lãi phạt", "lãi phạt"}},
	{Kind: EntryFreeze, Ledger: LoanLedger, Moves: BalFrozen, Sign: 1, Decision: RequiredDecision, CLI: "freeze",
		Label: "entry.freeze", Words: []string{"khoanh nợ"}},
	{Kind: EntryUnfreeze, Ledger: LoanLedger, Moves: BalFrozen, Sign: -1, Decision: OptionalDecision, CLI: "unfreeze",
		Label: "entry.unfreeze", Words: []string{"hết khoanh", "bỏ khoanh"}},
	{Kind: EntryWriteOff, Ledger: LoanLedger, Moves: BalWrittenOff, Sign: 1, Decision: RequiredDecision, CLI: "writeoff",
		Label: "entry.writeoff", Words: []string{"xóa nợ"}},
	{Kind: EntryReschedule, Ledger: LoanLedger, Decision: RequiredDecision, Installment: true, NewDate: true,
		ZeroAmount: true, Label: "entry.reschedule", Words: []string{"điều chỉnh kỳ hạn"}},
	{Kind: EntryExtend, Ledger: LoanLedger, Decision: RequiredDecision, NewDate: true, ZeroAmount: true,
		Label: "entry.extend", Words: []string{"gia hạn nợ", "gia hạn"}},
	{Kind: EntryDeposit, Ledger: SavingsLedger, Moves: BalSavings, Sign: 1, CLI: "deposit", Label: "entry.deposit",
		Words: []string{"gửi tiết kiệm", "gửi tiền"}},
	{Kind: EntryWithdraw, Ledger: SavingsLedger, Moves: BalSavings, Sign: -1, CLI: "withdraw", Label: "entry.withdraw",
		Words: []string{"rút tiết kiệm", "rút tiền"}},
	{Kind: EntrySavingsInterest, Ledger: SavingsLedger, Moves: BalSavings, Sign: 1, Label: "entry.savings_interest",
		Words: []string{"lãi tiết kiệm", "trả lãi tiết kiệm"}},
	{Kind: EntryReversal, Ledger: AnyLedger, ZeroAmount: true, Label: "entry.reversal",
		Words: []string{"hủy", "hủy bút toán", "đảo bút toán"}},
	{Kind: EntryWriteOffInterest, Ledger: LoanLedger, Moves: BalInterestWrittenOff, Sign: 1, Decision: RequiredDecision,
		CLI: "writeoff_interest", Label: "entry.writeoff_interest", Words: []string{"xóa nợ lãi", "xóa lãi"}},
}

// BalanceEffect is how an entry of the kind moves the running balance of its ledger: a loan's
// principal outstanding, or a household's savings. Interest, penalty, freezes and date
// changes leave the principal owed as it is.
func (k KindInfo) BalanceEffect(amount Dong) Dong {
	switch k.Moves {
	case BalDisbursed, BalSavings:
		return k.Sign * amount
	case BalRepaid, BalWrittenOff:
		return -k.Sign * amount
	}
	return 0
}

// kindCodes numbers the kinds of Kinds from 1 (0 is no known kind).
var kindCodes = func() map[EntryKind]kindCode {
	m := make(map[EntryKind]kindCode, len(Kinds))
	for i, k := range Kinds {
		m[k.Kind] = kindCode(i + 1)
	}
	return m
}()

// KindNamed finds a kind by its stored name; ok is false for a name no kind has. Looking up
// string(b) of a byte slice does not allocate, so scans of packed rows use it.
func KindNamed(name string) (EntryKind, bool) {
	c, ok := kindCodes[EntryKind(name)]
	if !ok {
		return "", false
	}
	return Kinds[c-1].Kind, true
}

// InfoOf is the row of Kinds for k; ok is false for an unknown kind.
func InfoOf(k EntryKind) (KindInfo, bool) {
	c, ok := kindCodes[k]
	if !ok {
		return KindInfo{}, false
	}
	return Kinds[c-1], true
}

// LabelOf is the message ID of a kind's name; for a kind not in Kinds, the ID it would have.
func LabelOf(k EntryKind) string {
	if info, ok := InfoOf(k); ok {
		return info.Label
	}
	return "entry." + string(k)
}

// KindForCLI finds a kind by its command-line name.
func KindForCLI(name string) (EntryKind, bool) {
	for _, k := range Kinds {
		if k.CLI != "" && k.CLI == name {
			return k.Kind, true
		}
	}
	return "", false
}

// kindsWhere is the set of the kinds whose row satisfies keep.
func kindsWhere(keep func(KindInfo) bool) kindSet {
	var s kindSet
	for i, k := range Kinds {
		if keep(k) {
			s |= 1 << kindCode(i+1)
		}
	}
	return s
}
