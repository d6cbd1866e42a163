package data

import (
	"context"
	"math/bits"
	"sort"
	"time"
)

// The monthly settlement: each month, at each commune transaction point, the office pays the
// groups a commission and the associations an entrustment fee, and scores every group. The
// store gathers each group's month (GroupMonth) and Settle computes the rest here, so the
// rules are the same whatever the store.
//
// Rounding: every amount is a product of whole numbers divided once and rounded half-up to the
// đồng (MulDivRound, the app's one rounding rule). A fee is split among the levels by rounding
// the district's, the province's and the central level's shares each on their own; the
// commune level takes the rest, so the four add up to the fee to the đồng.

// GroupMonth is what the settlement needs of one group's month. Loans count in the group they
// were lent through; savings and members in the group the households are in now.
type GroupMonth struct {
	GroupID     int64
	Code, Name  string
	CommuneID   int64
	Commune     string // commune code
	Association string
	PointID     int64 // the transaction point serving the group's village; 0: none
	Leader      string

	// At the month's end, principal outstanding and its overdue part (every program).
	Outstanding, Overdue Dong
	// Of the loans other than social housing: the outstanding principal at the month's end of
	// those whose interest was collected in the month, and the interest collected.
	PaidOutstanding, InterestCollected Dong
	// Social housing: the month's average in-term (current) balance, to the đồng.
	HousingAverage Dong
	// Interest to collect in the month (due at its start and accrued in it) and collected;
	// principal to collect (overdue at its start and falling due in it) and collected against it.
	InterestToCollect, InterestPaid   Dong
	PrincipalToCollect, PrincipalPaid Dong
	// Savings: the balances at the end of the month before and of the month; members now, and
	// those with savings at the month's end.
	SavingsBefore, SavingsEnd Dong
	Members, Savers           int
	// Repayment and savings entries of the month, and those made at the commune point.
	Entries, OnSite int
}

// AssociationFee is one association's fee in one commune for a month.
type AssociationFee struct {
	CommuneID   int64
	Commune     string
	Association string
	PointID     int64 // where the commune level's share is paid
	Base        Dong
	BaseKind    SettlementBase
	Rate        Rate
	Outstanding Dong
	Overdue     Dong
	OverdueBP   int64 // overdue ratio, basis points (half-up), for display
	BandPercent int64
	HousingBase Dong
	HousingRate Rate
	HousingFee  Dong
	Fee         Dong    // the base's fee after the quality band, plus the housing fee
	Levels      [4]Dong // commune, district, province, central (FeeLevels)
	Groups      int     // groups of the association in the commune
}

// OverdueRatio is the overdue ratio as a fraction.
func (f AssociationFee) OverdueRatio() float64 { return Ratio(f.Overdue, f.Outstanding) }

// GroupCommission is one group's commission for a month.
type GroupCommission struct {
	GroupID     int64
	Code, Name  string
	CommuneID   int64
	Commune     string
	Association string
	PointID     int64
	Leader      string
	Base        Dong
	BaseKind    SettlementBase
	Rate        Rate
	SavingsBase Dong
	SavingsRate Rate
	HousingBase Dong
	HousingRate Rate
	InterestBP  int64 // interest collection ratio, basis points
	Withheld    bool  // the interest collection ratio is below the rule's minimum
	Commission  Dong
}

// GroupScore is one group's score for a month: points per criterion (Criteria order).
type GroupScore struct {
	GroupID     int64
	Code, Name  string
	CommuneID   int64
	Commune     string
	Association string
	Month       Month
	Points      [6]int64
	Max         [6]int64
	Total       int64
	Band        Rating
	// Ratios behind the points, basis points: on site, overdue, principal, interest, savers;
	// savings growth as the change in đồng.
	Ratios        [5]int64
	SavingsChange Dong
	// Decision is the clerk's: zero until confirmed or overridden.
	Decision RatingDecision
}

// Final is the rating that counts: the decision's when there is one, else the computed band.
func (g GroupScore) Final() Rating {
	if g.Decision.Rating != "" {
		return g.Decision.Rating
	}
	return g.Band
}

// RatingDecision confirms or overrides a group's computed rating for a month.
type RatingDecision struct {
	GroupID  int64
	Month    Month
	Rating   Rating // the rating kept: the computed one when confirmed
	Override bool
	Reason   string // required for an override
	User     string
	At       time.Time
}

// Validate checks a decision against the computed band.
func (d *RatingDecision) Validate(computed Rating) error {
	d.Reason = NFC(d.Reason)
	var errs Errors
	ok := false
	for _, r := range Ratings {
		ok = ok || r == d.Rating
	}
	switch {
	case !ok:
		errs.Add(Invalid("rating.rating", "one_of"))
	case !d.Override && d.Rating != computed:
		errs.Add(Invalid("rating.rating", "confirm_computed"))
	}
	if d.Override {
		if d.Reason == "" {
			errs.Add(Invalid("rating.reason", "required"))
		}
	}
	errs.Add(ValidateOptionalText("rating.reason", d.Reason, 500))
	return errs.Err()
}

// Settlement is a month's fees, commissions and scores.
type Settlement struct {
	Month       Month
	Rules       SettlementRules
	Fees        []AssociationFee  // by commune code, then association
	Commissions []GroupCommission // by commune code, then group code
	Scores      []GroupScore      // same order
	// Settled is true once frozen; then who and when. A reversed settlement is not read.
	Settled   bool
	ID        int64
	SettledBy string
	SettledAt time.Time
}

// FeeTotal and CommissionTotal add up the month.
func (s Settlement) FeeTotal() Dong {
	var t Dong
	for _, f := range s.Fees {
		t += f.Fee
	}
	return t
}

func (s Settlement) CommissionTotal() Dong {
	var t Dong
	for _, c := range s.Commissions {
		t += c.Commission
	}
	return t
}

// MulDivRound is a × num ÷ den rounded half-up once (a ≥ 0, den > 0), exact in 128 bits.
func MulDivRound(a Dong, num, den uint64) Dong {
	if a <= 0 || num == 0 || den == 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(a), num)
	if hi >= den { // beyond any office's money
		return Dong(1<<63 - 1)
	}
	q, r := bits.Div64(hi, lo, den)
	return roundHalfUp(Dong(q), r >= den-r, false)
}

// BandPercent is the quality scale's percentage for an overdue ratio of overdue ÷ outstanding,
// compared exactly: the ratio is below an edge of e basis points when overdue × 10,000 <
// e × outstanding. Nothing outstanding counts as a ratio of 0.
func BandPercent(bands []FeeBand, overdue, outstanding Dong) int64 {
	for _, b := range bands {
		if b.Below == 0 || below(overdue, outstanding, b.Below) {
			return b.Percent
		}
	}
	return 0
}

// below reports num ÷ den < bp basis points, exactly.
func below(num, den Dong, bp int64) bool {
	if den <= 0 {
		return true
	}
	hi1, lo1 := bits.Mul64(uint64(max(num, 0)), 10_000)
	hi2, lo2 := bits.Mul64(uint64(den), uint64(bp))
	return hi1 < hi2 || hi1 == hi2 && lo1 < lo2
}

// ratioBP is num ÷ den in basis points, half-up, capped at 10,000; full when den is 0.
func ratioBP(num, den Dong) int64 {
	if den <= 0 {
		return 10_000
	}
	return min(int64(MulDivRound(max(num, 0), 10_000, uint64(den))), 10_000)
}

// SplitFee divides a fee among the four levels: the upper three rounded on their own, the
// commune level the rest.
func SplitFee(fee Dong, split [4]int64) [4]Dong {
	var out [4]Dong
	rest := fee
	for i := 1; i < 4; i++ {
		out[i] = MulDivRound(fee, uint64(split[i]), 10_000)
		rest -= out[i]
	}
	out[0] = rest
	return out
}

// BandOf is the rating of a total score.
func BandOf(total int64, bands [3]int64) Rating {
	switch {
	case total >= bands[0]:
		return RatingGood
	case total >= bands[1]:
		return RatingFair
	case total >= bands[2]:
		return RatingAverage
	}
	return RatingWeak
}

// Settle computes a month's settlement from its groups' months under rules.
func Settle(month Month, rules SettlementRules, groups []GroupMonth) Settlement {
	gs := append([]GroupMonth(nil), groups...)
	sort.SliceStable(gs, func(i, j int) bool {
		if gs[i].Commune != gs[j].Commune {
			return gs[i].Commune < gs[j].Commune
		}
		return gs[i].Code < gs[j].Code
	})
	out := Settlement{Month: month, Rules: rules}
	type feeKey struct {
		commune int64
		assoc   string
	}
	fees := map[feeKey]*AssociationFee{}
	var order []feeKey
	for _, g := range gs {
		k := feeKey{g.CommuneID, g.Association}
		f := fees[k]
		if f == nil {
			f = &AssociationFee{CommuneID: g.CommuneID, Commune: g.Commune, Association: g.Association,
				PointID: g.PointID, BaseKind: rules.FeeBase, Rate: rules.FeeRate, HousingRate: rules.FeeHousingRate}
			fees[k] = f
			order = append(order, k)
		}
		if f.PointID == 0 {
			f.PointID = g.PointID
		}
		f.Groups++
		f.Base += baseOf(rules.FeeBase, g)
		f.Outstanding += g.Outstanding
		f.Overdue += g.Overdue
		f.HousingBase += g.HousingAverage
		out.Commissions = append(out.Commissions, commissionOf(rules, g))
		out.Scores = append(out.Scores, ScoreOf(month, rules, g))
	}
	for _, k := range order {
		f := fees[k]
		f.OverdueBP = RatioBasisPoints(f.Overdue, f.Outstanding)
		f.BandPercent = BandPercent(rules.FeeBands, f.Overdue, f.Outstanding)
		// base × rate (millionths a month) × band (%) ÷ (10⁶ × 100), one rounding.
		main := mulDivRound3(f.Base, uint64(f.Rate), uint64(f.BandPercent), RateScale*100)
		f.HousingFee = MulDivRound(f.HousingBase, uint64(f.HousingRate), RateScale)
		f.Fee = main + f.HousingFee
		f.Levels = SplitFee(main, rules.FeeSplit)
		f.Levels[0] += f.HousingFee // social housing's fee goes to the commune association
		out.Fees = append(out.Fees, *f)
	}
	SortFees(out.Fees)
	return out
}

// SortFees puts fees in the order statements list them: by commune code, then association in
// the order of Associations.
func SortFees(fs []AssociationFee) {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Commune != fs[j].Commune {
			return fs[i].Commune < fs[j].Commune
		}
		return associationOrder(fs[i].Association) < associationOrder(fs[j].Association)
	})
}

// mulDivRound3 is a × b × c ÷ den rounded once; b × c stays far below 2⁶⁴ for rates and
// percentages.
func mulDivRound3(a Dong, b, c, den uint64) Dong {
	hi, lo := bits.Mul64(b, c)
	if hi != 0 {
		return 0
	}
	return MulDivRound(a, lo, den)
}

func associationOrder(code string) int {
	for i, a := range Associations {
		if a.Code == code {
			return i
		}
	}
	return len(Associations)
}

func baseOf(kind SettlementBase, g GroupMonth) Dong {
	if kind == BaseInterestCollected {
		return g.InterestCollected
	}
	return g.PaidOutstanding
}

func commissionOf(rules SettlementRules, g GroupMonth) GroupCommission {
	c := GroupCommission{GroupID: g.GroupID, Code: g.Code, Name: g.Name, CommuneID: g.CommuneID, Commune: g.Commune,
		Association: g.Association, PointID: g.PointID, Leader: g.Leader,
		Base: baseOf(rules.CommissionBase, g), BaseKind: rules.CommissionBase, Rate: rules.CommissionRate,
		SavingsBase: max(g.SavingsEnd, 0), SavingsRate: rules.CommissionSavings,
		HousingBase: g.HousingAverage, HousingRate: rules.CommissionHousing,
		InterestBP: ratioBP(g.InterestPaid, g.InterestToCollect)}
	if rules.CommissionMinRatio > 0 && g.InterestToCollect > 0 && below(g.InterestPaid, g.InterestToCollect, rules.CommissionMinRatio) {
		c.Withheld = true
		return c
	}
	c.Commission = MulDivRound(c.Base, uint64(c.Rate), RateScale) +
		MulDivRound(c.SavingsBase, uint64(c.SavingsRate), RateScale) +
		MulDivRound(c.HousingBase, uint64(c.HousingRate), RateScale)
	return c
}

// ScoreOf scores a group's month on the six criteria:
//   - on site: the maximum × the share of the month's repayment and savings entries made at
//     the commune point (in a transaction-day batch, or on a point's fixed day); a month with
//     none scores full when nothing was to collect;
//   - overdue: the maximum × the fee's quality band for the group's overdue ratio;
//   - principal and interest collected: the maximum × what was collected ÷ what was to
//     collect (full when nothing was);
//   - savers: the maximum × the share of the members with savings at the month's end;
//   - savings growth: the maximum when the balance grew, half when it stayed, none when it fell.
//
// Each criterion's points are rounded half-up to a whole point; the total is their sum.
func ScoreOf(month Month, rules SettlementRules, g GroupMonth) GroupScore {
	s := GroupScore{GroupID: g.GroupID, Code: g.Code, Name: g.Name, CommuneID: g.CommuneID, Commune: g.Commune,
		Association: g.Association, Month: month, Max: rules.RatingPoints, SavingsChange: g.SavingsEnd - g.SavingsBefore}
	share := func(i int, num, den int64) int64 {
		if den <= 0 {
			return s.Max[i]
		}
		return int64(MulDivRound(Dong(min(max(num, 0), den)*s.Max[i]), 1, uint64(den)))
	}
	nothingToCollect := g.InterestToCollect <= 0 && g.PrincipalToCollect <= 0
	switch {
	case g.Entries > 0:
		s.Points[0] = share(0, int64(g.OnSite), int64(g.Entries))
		s.Ratios[0] = ratioBP(Dong(g.OnSite), Dong(g.Entries))
	case nothingToCollect:
		s.Points[0], s.Ratios[0] = s.Max[0], 10_000
	}
	band := BandPercent(rules.FeeBands, g.Overdue, g.Outstanding)
	s.Points[1] = int64(MulDivRound(Dong(s.Max[1]*band), 1, 100))
	s.Ratios[1] = RatioBasisPoints(g.Overdue, g.Outstanding)
	s.Points[2] = share(2, int64(g.PrincipalPaid), int64(g.PrincipalToCollect))
	s.Ratios[2] = ratioBP(g.PrincipalPaid, g.PrincipalToCollect)
	s.Points[3] = share(3, int64(g.InterestPaid), int64(g.InterestToCollect))
	s.Ratios[3] = ratioBP(g.InterestPaid, g.InterestToCollect)
	s.Points[4] = share(4, int64(g.Savers), int64(g.Members))
	s.Ratios[4] = ratioBP(Dong(g.Savers), Dong(g.Members))
	switch {
	case g.SavingsEnd > g.SavingsBefore:
		s.Points[5] = s.Max[5]
	case g.SavingsEnd == g.SavingsBefore:
		s.Points[5] = int64(MulDivRound(Dong(s.Max[5]), 1, 2))
	}
	for _, p := range s.Points {
		s.Total += p
	}
	s.Band = BandOf(s.Total, rules.RatingBands)
	return s
}

// SettlementInfo is one settlement of the books, standing or reversed.
type SettlementInfo struct {
	ID             int64
	Month          Month
	SettledAt      time.Time
	SettledBy      string
	Fees           Dong
	Commissions    Dong
	Reversed       bool
	ReversedAt     time.Time
	ReversedBy     string
	ReversedReason string
}

// PayeeKind says who a settlement payment is for.
type PayeeKind string

const (
	PayeeGroup       PayeeKind = "group"       // a group leader's commission
	PayeeAssociation PayeeKind = "association" // the commune association's share of the fee
)

// Payable is what a group leader or an association is owed at a transaction point: settled,
// paid, and the rest, which carries forward from month to month until paid.
type Payable struct {
	Kind        PayeeKind
	GroupID     int64  // PayeeGroup
	Code        string // group code, or association code
	Name        string // group name (the leader's name is Leader)
	Leader      string
	CommuneID   int64
	Association string
	Months      []Month // settled months with something left to pay
	Settled     Dong
	Paid        Dong
	Due         Dong // Settled − Paid, never negative
}

// SettlementPayment pays (part of) what a payee is owed at a point on its transaction day.
type SettlementPayment struct {
	ID          int64
	PointID     int64
	Kind        PayeeKind
	GroupID     int64  // PayeeGroup
	GroupCode   string // PayeeGroup, filled by the store on reads
	GroupName   string
	CommuneID   int64  // PayeeAssociation
	Association string // PayeeAssociation
	PaidOn      Date
	Amount      Dong
	Ref         string // receipt number; the store assigns one when empty
	ReceivedBy  string // the person who took the money
	Note        string
	User        string
	PostedAt    time.Time
	Reverses    int64 // a reversal names the payment it cancels
	Reversed    bool
	Reason      string // a reversal's reason
}

// Validate checks the payment's own fields.
func (p *SettlementPayment) Validate() error {
	p.Ref, p.ReceivedBy, p.Note = NFC(p.Ref), NFC(p.ReceivedBy), NFC(p.Note)
	var errs Errors
	if p.PointID == 0 {
		errs.Add(Invalid("settlement.point", "required"))
	}
	switch p.Kind {
	case PayeeGroup:
		if p.GroupID == 0 {
			errs.Add(Invalid("settlement.payee", "required"))
		}
	case PayeeAssociation:
		if p.CommuneID == 0 || !IsAssociation(p.Association) {
			errs.Add(Invalid("settlement.payee", "required"))
		}
	default:
		errs.Add(Invalid("settlement.payee", "one_of"))
	}
	if p.PaidOn.IsZero() {
		errs.Add(Invalid("settlement.paid_on", "required"))
	}
	if p.Amount <= 0 {
		errs.Add(Invalid("settlement.amount", "positive"))
	}
	errs.Add(ValidateOptionalText("settlement.ref", p.Ref, 50))
	if p.ReceivedBy == "" {
		errs.Add(Invalid("settlement.received_by", "required"))
	}
	errs.Add(ValidateOptionalText("settlement.received_by", p.ReceivedBy, 100))
	errs.Add(ValidateOptionalText("settlement.note", p.Note, 500))
	return errs.Err()
}

// SettlementStore settles months and pays what they owe.
type SettlementStore interface {
	// MonthSettlement is the month's settlement as settled, else as it would be settled now
	// (Settled false). communeID 0: the office.
	MonthSettlement(ctx context.Context, m Month, communeID int64) (Settlement, error)
	// Settle computes and freezes a month once; a month not yet over, or settled and not
	// reversed, is refused.
	Settle(ctx context.Context, m Month) (Settlement, error)
	// ReverseSettlement cancels a month's standing settlement for a reason; refused while what
	// it settled has been paid beyond what the other settled months leave owed.
	ReverseSettlement(ctx context.Context, m Month, reason string) error
	Settlements(ctx context.Context) ([]SettlementInfo, error)
	// SettlementPayables are what the groups and associations of a point are owed on a day
	// (months settled by then, less payments up to it).
	SettlementPayables(ctx context.Context, pointID int64, on Date) ([]Payable, error)
	// SettlementPayments lists the payments made at a point on a day, reversals included.
	SettlementPayments(ctx context.Context, pointID int64, on Date) ([]SettlementPayment, error)
	PaySettlement(ctx context.Context, p *SettlementPayment) error
	ReverseSettlementPayment(ctx context.Context, id int64, reason string) error
	// GroupScores are a group's settled months' scores, newest first, with decisions.
	GroupScores(ctx context.Context, groupID int64) ([]GroupScore, error)
	// DecideRating confirms or overrides a settled month's rating (audited); a December
	// decision is the group's rating of that year.
	DecideRating(ctx context.Context, d RatingDecision) error
}
