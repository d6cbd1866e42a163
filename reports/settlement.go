package reports

import (
	"context"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"policycredit/data"
	"policycredit/translations"
)

// The monthly settlement's documents (issue 22): the associations' entrustment fees, the
// groups' commissions with a slip per group for its leader to sign, and the groups' scores.
// All three read one data.Settlement; a month not yet settled prints as a preview.

// SettlementSource is the store's settled months; a Source without it cannot build these.
type SettlementSource interface {
	MonthSettlement(ctx context.Context, m data.Month, communeID int64) (data.Settlement, error)
}

// settlementPlaces names the communes and points of a settlement when the source knows them.
type settlementPlaces interface {
	Communes(ctx context.Context) ([]data.Commune, error)
	Points(ctx context.Context, communeID int64) ([]data.Point, error)
}

// SettlementDoc is what the three documents share: the month's settlement and the names of
// its communes and points.
type SettlementDoc struct {
	Office     data.Office
	Settlement data.Settlement
	// Commune is the commune code when the document covers one commune; "" for the office.
	Commune  string
	Communes map[string]string // commune code → name
	Points   map[int64]data.Point
	Anchor   string
}

// FeesReport is the month's entrustment fees by commune and association, split by level.
type FeesReport struct{ SettlementDoc }

// CommissionsReport lists the month's commissions by transaction point, then prints a slip
// per group for its leader to sign. With Slips only the slips (a group's own, `--group`).
type CommissionsReport struct {
	SettlementDoc
	Slips bool
}

// RatingsReport is the month's group scores on the six criteria, with the clerk's decisions.
type RatingsReport struct{ SettlementDoc }

// settlementRequest fetches a request's settlement: the office's, a commune's, a point's
// groups or one group's (Request.ID).
func settlementRequest(ctx context.Context, src Source, r Request) (SettlementDoc, error) {
	ss, ok := src.(SettlementSource)
	if !ok {
		return SettlementDoc{}, data.Invalid("report", "not_available")
	}
	m := r.Month
	if m.IsZero() { // the last month before the date
		m = data.MonthOf(r.On).Prev()
	}
	doc := SettlementDoc{Office: r.Office, Anchor: r.Anchor, Communes: map[string]string{}, Points: map[int64]data.Point{}}
	var communeID int64
	if places, ok := src.(settlementPlaces); ok {
		communes, err := places.Communes(ctx)
		if err != nil {
			return doc, err
		}
		for _, c := range communes {
			doc.Communes[c.Code] = c.Name
			if r.Scope == ScopeCommune && c.ID == r.ID {
				doc.Commune = c.Code
			}
		}
		points, err := places.Points(ctx, 0)
		if err != nil {
			return doc, err
		}
		for _, p := range points {
			doc.Points[p.ID] = p
		}
	}
	switch r.Scope {
	case ScopeCommune:
		communeID = r.ID
	case ScopePoint:
		communeID = doc.Points[r.ID].CommuneID
	}
	s, err := ss.MonthSettlement(ctx, m, communeID)
	if err != nil {
		return doc, err
	}
	switch r.Scope {
	case ScopePoint:
		s.Commissions = keep(s.Commissions, func(c data.GroupCommission) bool { return c.PointID == r.ID })
	case ScopeGroup:
		s.Commissions = keep(s.Commissions, func(c data.GroupCommission) bool { return c.GroupID == r.ID })
		s.Scores = keep(s.Scores, func(g data.GroupScore) bool { return g.GroupID == r.ID })
	}
	if r.Scope == ScopeCommune && doc.Commune == "" && len(s.Fees) > 0 {
		doc.Commune = s.Fees[0].Commune
	}
	doc.Settlement = s
	return doc, nil
}

func keep[T any](xs []T, ok func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if ok(x) {
			out = append(out, x)
		}
	}
	return out
}

func buildFees(ctx context.Context, src Source, r Request) (Tabled, error) {
	doc, err := settlementRequest(ctx, src, r)
	return FeesReport{doc}, err
}

func buildCommissions(ctx context.Context, src Source, r Request) (Tabled, error) {
	doc, err := settlementRequest(ctx, src, r)
	return CommissionsReport{SettlementDoc: doc, Slips: r.Scope == ScopeGroup}, err
}

func buildRatings(ctx context.Context, src Source, r Request) (Tabled, error) {
	doc, err := settlementRequest(ctx, src, r)
	return RatingsReport{doc}, err
}

// --- shared layout -----------------------------------------------------------------------

// monthText is "11/2026", "Nov 2026", "nov. 2026".
func (s SettlementDoc) monthText(loc *translations.Localizer) string {
	return loc.Month(s.Settlement.Month.End())
}

func (s SettlementDoc) communeLabel(code string) string {
	if n := s.Communes[code]; n != "" {
		return code + " – " + n
	}
	return code
}

// start opens a document: its title (marked as a preview when the month is not settled), the
// month and what it covers, and the preview's warning.
func (s SettlementDoc) start(loc *translations.Localizer, titleID string, o Orientation, created time.Time) *Document {
	title := loc.T(titleID)
	header := title
	if !s.Settlement.Settled {
		header = title + " – " + loc.T("settlereports.preview_mark")
	}
	d := NewDocument(loc, Meta{Office: s.Office, Title: header, Date: s.Settlement.Month.End(), Orientation: o,
		Created: created, Anchor: s.Anchor})
	scope := s.Office.Name
	if s.Commune != "" {
		scope = loc.T("settlereports.commune", "Commune", s.communeLabel(s.Commune))
	}
	d.Heading(strings.ToUpper(title), loc.T("settlereports.subtitle", "Month", s.monthText(loc), "Scope", scope))
	s.status(d, loc)
	return d
}

// status says whether the figures are frozen, and by whom; a preview says it loudly.
func (s SettlementDoc) status(d *Document, loc *translations.Localizer) {
	st := s.Settlement
	if st.Settled {
		d.setFont(italic, smallSize)
		d.lines(d.wrap(loc.T("settlereports.settled", "User", st.SettledBy, "Date", data.DateOf(st.SettledAt.Local())), d.Width(), 0),
			marginSide, d.Width(), Center)
		d.Space(1)
		return
	}
	d.pdf.SetTextColor(170, 30, 30)
	d.setFont(bold, 10)
	d.lines(d.wrap(strings.ToUpper(loc.T("settlereports.preview_mark")), d.Width(), 0), marginSide, d.Width(), Center)
	d.setFont(italic, smallSize)
	d.lines(d.wrap(loc.T("settlereports.preview", "Month", s.monthText(loc)), d.Width(), 0), marginSide, d.Width(), Center)
	d.pdf.SetTextColor(0, 0, 0)
	d.Space(2)
}

// percentOf prints whole percent (band, share) as "80 %".
func percentOf(loc *translations.Localizer, p int64) string {
	return loc.Percent(data.Rate(p * 10_000))
}

// hundredthsPercent prints hundredths of a percent, which are basis points: "4,5 %" from 450.
func hundredthsPercent(loc *translations.Localizer, h int64) string {
	return loc.Percent(data.Rate(h * 100))
}

// baseKindText names what a fee or a commission is a share of.
func baseKindText(loc *translations.Localizer, k data.SettlementBase) string {
	if k == data.BaseInterestCollected {
		return loc.T("settlereports.base.interest_collected")
	}
	return loc.T("settlereports.base.outstanding_paid")
}

// bandsText states the quality scale: "under 2 %: 100 %; 2 % to under 3 %: 80 %; …".
func bandsText(loc *translations.Localizer, bands []data.FeeBand) string {
	var parts []string
	var from int64
	for _, b := range bands {
		switch {
		case b.Below > 0 && from == 0:
			parts = append(parts, loc.T("settlereports.band.first", "To", hundredthsPercent(loc, b.Below), "Percent", percentOf(loc, b.Percent)))
		case b.Below > 0:
			parts = append(parts, loc.T("settlereports.band.middle", "From", hundredthsPercent(loc, from), "To", hundredthsPercent(loc, b.Below),
				"Percent", percentOf(loc, b.Percent)))
		case from > 0:
			parts = append(parts, loc.T("settlereports.band.last", "From", hundredthsPercent(loc, from), "Percent", percentOf(loc, b.Percent)))
		default:
			parts = append(parts, loc.T("settlereports.band.every", "Percent", percentOf(loc, b.Percent)))
		}
		from = b.Below
	}
	return strings.Join(parts, "; ")
}

// levelIDs name the four levels of a fee's split (data.FeeLevels), written out for the
// translation tests.
var levelIDs = [4]string{"settlereports.level.commune", "settlereports.level.district", "settlereports.level.province",
	"settlereports.level.central"}

func splitText(loc *translations.Localizer, split [4]int64) string {
	parts := make([]string, 4)
	for i, h := range split {
		parts[i] = strings.ToLower(loc.T(levelIDs[i])) + " " + hundredthsPercent(loc, h)
	}
	return strings.Join(parts, ", ")
}

// rateFraction is a monthly rate as a fraction for JSON: 320 millionths → 0.00032.
func rateFraction(r data.Rate) float64 { return float64(r) / data.RateScale }

// --- fees --------------------------------------------------------------------------------

// feeSum adds up fees: the office's line per association, or a commune's total.
type feeSum struct {
	communes, groups   int
	base, housing, fee data.Dong
	levels             [4]data.Dong
}

func (f *feeSum) add(a data.AssociationFee) {
	f.communes++
	f.groups += a.Groups
	f.base += a.Base
	f.housing += a.HousingFee
	f.fee += a.Fee
	for i := range f.levels {
		f.levels[i] += a.Levels[i]
	}
}

// byAssociation sums the fees per association, in the associations' order.
func (r FeesReport) byAssociation() ([]string, map[string]*feeSum) {
	sums := map[string]*feeSum{}
	for _, f := range r.Settlement.Fees {
		if sums[f.Association] == nil {
			sums[f.Association] = &feeSum{}
		}
		sums[f.Association].add(f)
	}
	var codes, other []string
	for _, a := range data.Associations {
		if sums[a.Code] != nil {
			codes = append(codes, a.Code)
		}
	}
	for code := range sums { // an association the list no longer has still adds up, last
		if !data.IsAssociation(code) {
			other = append(other, code)
		}
	}
	sort.Strings(other)
	return append(codes, other...), sums
}

func (r FeesReport) total() feeSum {
	var t feeSum
	for _, f := range r.Settlement.Fees {
		t.add(f)
	}
	return t
}

// WritePDF prints a table per commune, then the office's totals per association, the rules
// in force and the rounding rule, on landscape A4.
func (r FeesReport) WritePDF(w io.Writer, loc *translations.Localizer, created time.Time) error {
	s := r.Settlement
	d := r.start(loc, "settlereports.fees.title", Landscape, created)
	if len(s.Fees) == 0 {
		d.Paragraph(loc.T("settlereports.none"))
		return r.end(w, d, loc)
	}
	cols := []printColumn{
		{Header: loc.T("settlereports.col.association"), Width: 32, Align: Left, MaxLines: 2},
		{Header: loc.T("settlereports.col.groups"), Width: 11, Align: Right, MaxLines: 2},
		{Header: loc.T("settlereports.col.base"), Width: 23, Align: Right, MaxLines: 3},
		{Header: loc.T("settlereports.col.rate"), Width: 14, Align: Right, MaxLines: 2},
		{Header: loc.T("settlereports.col.overdue_ratio"), Width: 15, Align: Right, MaxLines: 3},
		{Header: loc.T("settlereports.col.band"), Width: 13, Align: Right, MaxLines: 3},
		{Header: loc.T("settlereports.col.housing_fee"), Width: 17, Align: Right, MaxLines: 3},
		{Header: loc.T("settlereports.col.fee"), Width: 19, Align: Right, MaxLines: 2},
	}
	for _, id := range levelIDs {
		cols = append(cols, printColumn{Header: loc.T(id), Width: 17, Align: Right, MaxLines: 2})
	}
	levels := func(l [4]data.Dong) []string {
		return []string{loc.Amount(l[0]), loc.Amount(l[1]), loc.Amount(l[2]), loc.Amount(l[3])}
	}
	for i := 0; i < len(s.Fees); {
		commune := s.Fees[i].Commune
		t := printTable{Zebra: true, Columns: cols}
		var sum feeSum
		for ; i < len(s.Fees) && s.Fees[i].Commune == commune; i++ {
			f := s.Fees[i]
			sum.add(f)
			t.Rows = append(t.Rows, append([]string{associationName(loc, f.Association), loc.Number(int64(f.Groups)),
				loc.Amount(f.Base), loc.Percent(f.Rate), hundredthsPercent(loc, f.OverdueBP), percentOf(loc, f.BandPercent),
				loc.Amount(f.HousingFee), loc.Amount(f.Fee)}, levels(f.Levels)...))
		}
		t.Total = append([]string{loc.T("settlereports.total"), loc.Number(int64(sum.groups)), loc.Amount(sum.base), noSpan, noSpan, noSpan,
			loc.Amount(sum.housing), loc.Amount(sum.fee)}, levels(sum.levels)...)
		d.section(loc.T("settlereports.commune", "Commune", r.communeLabel(commune)))
		d.table(t)
	}

	if r.Commune == "" {
		d.section(loc.T("settlereports.fees.by_association"))
		t := printTable{Zebra: true, Columns: append([]printColumn{
			{Header: loc.T("settlereports.col.association"), Width: 34, Align: Left, MaxLines: 2},
			{Header: loc.T("settlereports.col.communes"), Width: 12, Align: Right, MaxLines: 2},
			{Header: loc.T("settlereports.col.base"), Width: 25, Align: Right, MaxLines: 3},
			{Header: loc.T("settlereports.col.housing_fee"), Width: 19, Align: Right, MaxLines: 3},
			{Header: loc.T("settlereports.col.fee"), Width: 21, Align: Right, MaxLines: 2},
		}, cols[len(cols)-4:]...)}
		codes, sums := r.byAssociation()
		for _, code := range codes {
			a := sums[code]
			t.Rows = append(t.Rows, append([]string{associationName(loc, code), loc.Number(int64(a.communes)), loc.Amount(a.base),
				loc.Amount(a.housing), loc.Amount(a.fee)}, levels(a.levels)...))
		}
		tot := r.total()
		t.Total = append([]string{loc.T("settlereports.grand_total"), "", loc.Amount(tot.base), loc.Amount(tot.housing),
			loc.Amount(tot.fee)}, levels(tot.levels)...)
		d.table(t)
	}
	d.Paragraph(loc.T("settlereports.fees.total_words", "Amount", loc.Money(s.FeeTotal()), "Words", loc.AmountInWords(s.FeeTotal())))
	return r.end(w, d, loc)
}

// end closes the fees: the rules the month was settled under, the rounding rule, signatures.
func (r FeesReport) end(w io.Writer, d *Document, loc *translations.Localizer) error {
	rules := r.Settlement.Rules
	d.Space(1)
	d.Note("(1)", loc.T("settlereports.fees.note_base", "Base", baseKindText(loc, rules.FeeBase), "Rate", loc.Percent(rules.FeeRate),
		"Housing", loc.Percent(rules.FeeHousingRate)))
	d.Note("(2)", loc.T("settlereports.fees.note_bands", "Bands", bandsText(loc, rules.FeeBands)))
	d.Note("(3)", loc.T("settlereports.fees.note_split", "Split", splitText(loc, rules.FeeSplit)))
	d.Note("(4)", loc.T("settlereports.fees.note_rounding"))
	d.Signatures(r.Office.Province, Signatories{})
	return d.Write(w)
}

type feeLevelsJSON struct {
	Commune  data.Dong `json:"commune"`
	District data.Dong `json:"district"`
	Province data.Dong `json:"province"`
	Central  data.Dong `json:"central"`
}

func levelsJSON(l [4]data.Dong) feeLevelsJSON { return feeLevelsJSON{l[0], l[1], l[2], l[3]} }

// WriteJSON writes {"month", "settled", "associations": [...], "total", "levels"}: money in
// đồng, rates a month and ratios as fractions, the band a whole percent.
func (r FeesReport) WriteJSON(w io.Writer, _ *translations.Localizer) error {
	type feeJSON struct {
		Code         string        `json:"code"`
		Commune      string        `json:"commune"`
		Groups       int           `json:"groups"`
		BaseKind     string        `json:"base_kind"`
		Base         data.Dong     `json:"base"`
		Rate         float64       `json:"rate"`
		Outstanding  data.Dong     `json:"outstanding"`
		Overdue      data.Dong     `json:"overdue"`
		OverdueRatio float64       `json:"overdue_ratio"`
		BandPercent  int64         `json:"band_percent"`
		HousingBase  data.Dong     `json:"housing_base"`
		HousingRate  float64       `json:"housing_rate"`
		HousingFee   data.Dong     `json:"housing_fee"`
		Fee          data.Dong     `json:"fee"`
		Levels       feeLevelsJSON `json:"levels"`
	}
	s := r.Settlement
	out := struct {
		Month        string        `json:"month"`
		Settled      bool          `json:"settled"`
		Commune      string        `json:"commune,omitempty"`
		Associations []feeJSON     `json:"associations"`
		Total        data.Dong     `json:"total"`
		Levels       feeLevelsJSON `json:"levels"`
	}{Month: s.Month.String(), Settled: s.Settled, Commune: r.Commune, Associations: []feeJSON{}, Total: s.FeeTotal(),
		Levels: levelsJSON(r.total().levels)}
	for _, f := range s.Fees {
		out.Associations = append(out.Associations, feeJSON{Code: f.Association, Commune: f.Commune, Groups: f.Groups,
			BaseKind: string(f.BaseKind), Base: f.Base, Rate: rateFraction(f.Rate), Outstanding: f.Outstanding, Overdue: f.Overdue,
			OverdueRatio: f.OverdueRatio(), BandPercent: f.BandPercent, HousingBase: f.HousingBase,
			HousingRate: rateFraction(f.HousingRate), HousingFee: f.HousingFee, Fee: f.Fee, Levels: levelsJSON(f.Levels)})
	}
	return writeJSON(w, out)
}

// Table is one row per association and commune, exact đồng.
func (r FeesReport) Table(loc *translations.Localizer) Table {
	t := Table{Name: loc.T("settlereports.fees.sheet"), Columns: []Column{
		{Title: loc.T("settlereports.col.commune_code")},
		{Title: loc.T("settlereports.col.commune")},
		{Title: loc.T("settlereports.col.association")},
		{Title: loc.T("settlereports.col.groups"), Kind: KindInteger},
		{Title: loc.T("settlereports.col.base"), Kind: KindMoney},
		{Title: loc.T("settlereports.col.rate"), Kind: KindPercent},
		{Title: loc.T("settlereports.col.outstanding"), Kind: KindMoney},
		{Title: loc.T("settlereports.col.overdue"), Kind: KindMoney},
		{Title: loc.T("settlereports.col.overdue_ratio"), Kind: KindPercent},
		{Title: loc.T("settlereports.col.band"), Kind: KindPercent},
		{Title: loc.T("settlereports.col.housing_base"), Kind: KindMoney},
		{Title: loc.T("settlereports.col.housing_fee"), Kind: KindMoney},
		{Title: loc.T("settlereports.col.fee"), Kind: KindMoney},
	}}
	for _, id := range levelIDs {
		t.Columns = append(t.Columns, Column{Title: loc.T(id), Kind: KindMoney})
	}
	for _, f := range r.Settlement.Fees {
		t.Rows = append(t.Rows, []Cell{Text(f.Commune), Text(r.Communes[f.Commune]), Text(associationName(loc, f.Association)),
			Int(int64(f.Groups)), Money(f.Base), Ratio(int64(f.Rate), data.RateScale), Money(f.Outstanding), Money(f.Overdue),
			Ratio(int64(f.Overdue), int64(f.Outstanding)), Ratio(f.BandPercent, 100), Money(f.HousingBase), Money(f.HousingFee),
			Money(f.Fee), Money(f.Levels[0]), Money(f.Levels[1]), Money(f.Levels[2]), Money(f.Levels[3])})
	}
	return t
}

// --- commissions -------------------------------------------------------------------------

// commissionParts are a commission's three components, each rounded on its own as
// data.Settle rounds them: on the base, on the savings balance, on social housing.
func commissionParts(c data.GroupCommission) [3]data.Dong {
	if c.Withheld {
		return [3]data.Dong{}
	}
	return [3]data.Dong{data.MulDivRound(c.Base, uint64(c.Rate), data.RateScale),
		data.MulDivRound(c.SavingsBase, uint64(c.SavingsRate), data.RateScale),
		data.MulDivRound(c.HousingBase, uint64(c.HousingRate), data.RateScale)}
}

// pointLabel names a transaction point: "DGD-01 – Điểm xã …"; a group no point serves says so.
func (s SettlementDoc) pointLabel(loc *translations.Localizer, id int64) string {
	p, ok := s.Points[id]
	switch {
	case id == 0:
		return loc.T("settlereports.no_point")
	case !ok:
		return strconv.FormatInt(id, 10)
	}
	return p.Code + " – " + p.Name
}

// byPoint groups the commissions by transaction point, the points by commune then code.
func (r CommissionsReport) byPoint() [][]data.GroupCommission {
	groups := map[int64][]data.GroupCommission{}
	var ids []int64
	for _, c := range r.Settlement.Commissions {
		if _, ok := groups[c.PointID]; !ok {
			ids = append(ids, c.PointID)
		}
		groups[c.PointID] = append(groups[c.PointID], c)
	}
	sort.SliceStable(ids, func(i, j int) bool {
		a, b := groups[ids[i]][0], groups[ids[j]][0]
		if a.Commune != b.Commune {
			return a.Commune < b.Commune
		}
		if (ids[i] == 0) != (ids[j] == 0) {
			return ids[j] == 0
		}
		return r.Points[ids[i]].Code < r.Points[ids[j]].Code
	})
	out := make([][]data.GroupCommission, len(ids))
	for i, id := range ids {
		out[i] = groups[id]
	}
	return out
}

// WritePDF prints the list per transaction point on landscape A4 and a slip per group after
// it; with Slips, only the slips, on portrait A4.
func (r CommissionsReport) WritePDF(w io.Writer, loc *translations.Localizer, created time.Time) error {
	s := r.Settlement
	if r.Slips {
		d := r.start(loc, "settlereports.slip.title", Portrait, created)
		if len(s.Commissions) == 0 {
			d.Paragraph(loc.T("settlereports.none"))
			return d.Write(w)
		}
		for i, c := range s.Commissions {
			if i > 0 {
				d.NewPage()
				d.Heading(strings.ToUpper(loc.T("settlereports.slip.title")), loc.T("settlereports.subtitle", "Month", r.monthText(loc),
					"Scope", r.Office.Name))
				r.status(d, loc)
			}
			r.slip(d, loc, c)
		}
		return d.Write(w)
	}
	d := r.start(loc, "settlereports.commissions.title", Landscape, created)
	if len(s.Commissions) == 0 {
		d.Paragraph(loc.T("settlereports.none"))
		r.commissionNotes(d, loc)
		d.Signatures(r.Office.Province, Signatories{})
		return d.Write(w)
	}
	for _, list := range r.byPoint() {
		c0 := list[0]
		d.section(loc.T("settlereports.point", "Point", r.pointLabel(loc, c0.PointID), "Commune", r.communeLabel(c0.Commune)))
		t := printTable{Zebra: true, Columns: []printColumn{
			{Header: loc.T("settlereports.col.group"), Width: 17, Align: Left},
			{Header: loc.T("settlereports.col.group_name"), Width: 34, Align: Left, MaxLines: 2},
			{Header: loc.T("settlereports.col.leader"), Width: 28, Align: Left, MaxLines: 2},
			{Header: loc.T("settlereports.col.base"), Width: 20, Align: Right, MaxLines: 3},
			{Header: loc.T("settlereports.col.rate"), Width: 13, Align: Right, MaxLines: 2},
			{Header: loc.T("settlereports.col.savings_part"), Width: 16, Align: Right, MaxLines: 3},
			{Header: loc.T("settlereports.col.housing_part"), Width: 16, Align: Right, MaxLines: 3},
			{Header: loc.T("settlereports.col.withheld"), Width: 14, Align: Center, MaxLines: 3},
			{Header: loc.T("settlereports.col.commission"), Width: 19, Align: Right, MaxLines: 2},
			{Header: loc.T("settlereports.col.signature"), Width: 24, Align: Left, MaxLines: 2},
		}}
		var sum, savings, housing data.Dong
		for _, c := range list {
			parts := commissionParts(c)
			mark := ""
			if c.Withheld {
				mark = "×"
			}
			savings += parts[1]
			housing += parts[2]
			sum += c.Commission
			t.Rows = append(t.Rows, []string{c.Code, c.Name, receiptDash(c.Leader), loc.Amount(c.Base), loc.Percent(c.Rate),
				loc.Amount(parts[1]), loc.Amount(parts[2]), mark, loc.Amount(c.Commission), signRoom})
		}
		t.Total = []string{loc.T("settlereports.total_groups", "Groups", loc.Number(int64(len(list)))), "", "", "", "",
			loc.Amount(savings), loc.Amount(housing), noSpan, loc.Amount(sum), noSpan}
		d.table(t)
	}
	d.Space(1)
	d.Paragraph(loc.T("settlereports.commissions.total", "Amount", loc.Money(s.CommissionTotal()), "Groups", loc.Number(int64(len(s.Commissions)))))
	d.Paragraph(loc.T("settlereports.in_words", "Words", loc.AmountInWords(s.CommissionTotal())))
	r.commissionNotes(d, loc)
	d.Signatures(r.Office.Province, Signatories{})
	for _, c := range s.Commissions {
		d.NewPage()
		d.Heading(strings.ToUpper(loc.T("settlereports.slip.title")), loc.T("settlereports.subtitle", "Month", r.monthText(loc), "Scope", r.Office.Name))
		r.status(d, loc)
		r.slip(d, loc, c)
	}
	return d.Write(w)
}

// signRoom is a signature cell: two empty lines, so that each row has room for a signature.
const signRoom = "\n"

// commissionNotes state the commission's rules and how its parts are rounded.
func (r CommissionsReport) commissionNotes(d *Document, loc *translations.Localizer) {
	rules := r.Settlement.Rules
	d.Space(1)
	d.Note("(1)", loc.T("settlereports.commissions.note_rules", "Base", baseKindText(loc, rules.CommissionBase),
		"Rate", loc.Percent(rules.CommissionRate), "Savings", loc.Percent(rules.CommissionSavings), "Housing", loc.Percent(rules.CommissionHousing)))
	if rules.CommissionMinRatio > 0 {
		d.Note("(2)", loc.T("settlereports.commissions.note_withheld", "Min", hundredthsPercent(loc, rules.CommissionMinRatio)))
	} else {
		d.Note("(2)", loc.T("settlereports.commissions.note_no_condition"))
	}
	d.Note("(3)", loc.T("settlereports.commissions.note_rounding"))
}

// slip is one group's commission for its leader to sign: the parts, the total in figures
// and in words, and the signatures.
func (r CommissionsReport) slip(d *Document, loc *translations.Localizer, c data.GroupCommission) {
	d.Paragraph(loc.T("settlereports.slip.group", "Code", c.Code, "Name", c.Name))
	d.Paragraph(loc.T("settlereports.slip.association", "Association", associationName(loc, c.Association)))
	d.Paragraph(loc.T("settlereports.slip.place", "Commune", r.communeLabel(c.Commune), "Point", r.pointLabel(loc, c.PointID)))
	d.Paragraph(loc.T("settlereports.slip.leader", "Name", receiptDash(c.Leader)))
	d.Space(2)
	parts := commissionParts(c)
	t := printTable{Columns: []printColumn{
		{Header: loc.T("settlereports.col.item"), Width: 52, Align: Left, MaxLines: 2},
		{Header: loc.T("settlereports.col.base_amount"), Width: 24, Align: Right, MaxLines: 2},
		{Header: loc.T("settlereports.col.rate"), Width: 14, Align: Right, MaxLines: 2},
		{Header: loc.T("settlereports.col.amount"), Width: 22, Align: Right, MaxLines: 2},
	}}
	t.Rows = [][]string{
		{loc.T("settlereports.slip.on_base", "Base", baseKindText(loc, c.BaseKind)), loc.Amount(c.Base), loc.Percent(c.Rate), loc.Amount(parts[0])},
		{loc.T("settlereports.slip.on_savings"), loc.Amount(c.SavingsBase), loc.Percent(c.SavingsRate), loc.Amount(parts[1])},
		{loc.T("settlereports.slip.on_housing"), loc.Amount(c.HousingBase), loc.Percent(c.HousingRate), loc.Amount(parts[2])},
	}
	t.Total = []string{loc.T("settlereports.slip.total"), "", noSpan, loc.Amount(c.Commission)}
	d.table(t)
	if c.Withheld {
		d.Paragraph(loc.T("settlereports.slip.withheld", "Ratio", hundredthsPercent(loc, c.InterestBP),
			"Min", hundredthsPercent(loc, r.Settlement.Rules.CommissionMinRatio)))
	}
	d.Space(1)
	d.setFont(italic, bodySize)
	d.lines(d.wrap(loc.T("settlereports.in_words", "Words", loc.AmountInWords(c.Commission)), d.Width(), 0), marginSide, d.Width(), Left)
	d.Space(2)
	d.Paragraph(loc.T("settlereports.slip.received"))
	d.SignatureRow(loc.T("settlereports.sign.leader"), loc.T("report.sign.prepared"), loc.T("report.sign.director"))
	if c.Leader != "" {
		d.setFont(bold, bodySize)
		colW := d.Width() / 3
		d.text(marginSide, d.pdf.GetY(), colW, lineHeight(bodySize), d.prepare(c.Leader), Center)
	}
}

// WriteJSON writes {"month", "settled", "groups": [...], "total"}: money in đồng, rates a month
// as fractions.
func (r CommissionsReport) WriteJSON(w io.Writer, _ *translations.Localizer) error {
	type groupJSON struct {
		Code          string    `json:"code"`
		Name          string    `json:"name"`
		Commune       string    `json:"commune"`
		Point         string    `json:"point"`
		Association   string    `json:"association"`
		Leader        string    `json:"leader"`
		BaseKind      string    `json:"base_kind"`
		Base          data.Dong `json:"base"`
		Rate          float64   `json:"rate"`
		SavingsBase   data.Dong `json:"savings_base"`
		SavingsRate   float64   `json:"savings_rate"`
		HousingBase   data.Dong `json:"housing_base"`
		HousingRate   float64   `json:"housing_rate"`
		InterestRatio float64   `json:"interest_ratio"`
		Withheld      bool      `json:"withheld"`
		Commission    data.Dong `json:"commission"`
	}
	s := r.Settlement
	out := struct {
		Month   string      `json:"month"`
		Settled bool        `json:"settled"`
		Commune string      `json:"commune,omitempty"`
		Groups  []groupJSON `json:"groups"`
		Total   data.Dong   `json:"total"`
	}{Month: s.Month.String(), Settled: s.Settled, Commune: r.Commune, Groups: []groupJSON{}, Total: s.CommissionTotal()}
	for _, c := range s.Commissions {
		out.Groups = append(out.Groups, groupJSON{Code: c.Code, Name: c.Name, Commune: c.Commune, Point: r.Points[c.PointID].Code,
			Association: c.Association, Leader: c.Leader, BaseKind: string(c.BaseKind), Base: c.Base, Rate: rateFraction(c.Rate),
			SavingsBase: c.SavingsBase, SavingsRate: rateFraction(c.SavingsRate), HousingBase: c.HousingBase,
			HousingRate: rateFraction(c.HousingRate), InterestRatio: float64(c.InterestBP) / 10_000, Withheld: c.Withheld,
			Commission: c.Commission})
	}
	return writeJSON(w, out)
}

// Table is one row per group, exact đồng.
func (r CommissionsReport) Table(loc *translations.Localizer) Table {
	t := Table{Name: loc.T("settlereports.commissions.sheet"), Columns: []Column{
		{Title: loc.T("settlereports.col.commune_code")},
		{Title: loc.T("settlereports.col.point")},
		{Title: loc.T("settlereports.col.group")},
		{Title: loc.T("settlereports.col.group_name")},
		{Title: loc.T("settlereports.col.leader")},
		{Title: loc.T("settlereports.col.association")},
		{Title: loc.T("settlereports.col.base"), Kind: KindMoney},
		{Title: loc.T("settlereports.col.rate"), Kind: KindPercent},
		{Title: loc.T("settlereports.col.savings_base"), Kind: KindMoney},
		{Title: loc.T("settlereports.col.savings_part"), Kind: KindMoney},
		{Title: loc.T("settlereports.col.housing_base"), Kind: KindMoney},
		{Title: loc.T("settlereports.col.housing_part"), Kind: KindMoney},
		{Title: loc.T("settlereports.col.interest_ratio"), Kind: KindPercent},
		{Title: loc.T("settlereports.col.withheld")},
		{Title: loc.T("settlereports.col.commission"), Kind: KindMoney},
	}}
	for _, c := range r.Settlement.Commissions {
		parts := commissionParts(c)
		mark := ""
		if c.Withheld {
			mark = "×"
		}
		t.Rows = append(t.Rows, []Cell{Text(c.Commune), Text(r.Points[c.PointID].Code), Text(c.Code), Text(c.Name), Text(c.Leader),
			Text(associationName(loc, c.Association)), Money(c.Base), Ratio(int64(c.Rate), data.RateScale), Money(c.SavingsBase),
			Money(parts[1]), Money(c.HousingBase), Money(parts[2]), Ratio(c.InterestBP, 10_000), Text(mark), Money(c.Commission)})
	}
	return t
}

// --- ratings -----------------------------------------------------------------------------

// criterionIDs name the six criteria (data.Criteria order), written out for the translation
// tests; ratingIDs the bands.
var (
	criterionIDs = [6]string{"settlereports.criterion.on_site", "settlereports.criterion.overdue",
		"settlereports.criterion.principal_collected", "settlereports.criterion.interest_collected",
		"settlereports.criterion.savers", "settlereports.criterion.savings_growth"}
	ratingIDs = map[data.Rating]string{data.RatingGood: "rating.good", data.RatingFair: "rating.fair",
		data.RatingAverage: "rating.average", data.RatingWeak: "rating.weak"}
)

func ratingName(loc *translations.Localizer, r data.Rating) string {
	if id, ok := ratingIDs[r]; ok {
		return loc.T(id)
	}
	return "—"
}

// decisionText is the clerk's decision: confirmed, overridden with its reason, or none yet.
func decisionText(loc *translations.Localizer, g data.GroupScore) string {
	switch {
	case g.Decision.Rating == "":
		return "—"
	case g.Decision.Override:
		return loc.T("settlereports.decision.overridden", "Reason", g.Decision.Reason)
	}
	return loc.T("settlereports.decision.confirmed")
}

// bandCounts counts the groups per final band, in the bands' order.
func (r RatingsReport) bandCounts() map[data.Rating]int {
	n := map[data.Rating]int{}
	for _, g := range r.Settlement.Scores {
		n[g.Final()]++
	}
	return n
}

// WritePDF prints the scores per commune on landscape A4, then the counts per band.
func (r RatingsReport) WritePDF(w io.Writer, loc *translations.Localizer, created time.Time) error {
	s := r.Settlement
	d := r.start(loc, "settlereports.ratings.title", Landscape, created)
	if len(s.Scores) == 0 {
		d.Paragraph(loc.T("settlereports.none"))
		return r.end(w, d, loc)
	}
	cols := []printColumn{
		{Header: loc.T("settlereports.col.group"), Width: 17, Align: Left},
		{Header: loc.T("settlereports.col.group_name"), Width: 30, Align: Left, MaxLines: 2},
	}
	for i, id := range criterionIDs {
		cols = append(cols, printColumn{Header: loc.T(id) + " (" + strconv.FormatInt(s.Rules.RatingPoints[i], 10) + ")", Width: 16,
			Align: Right, MaxLines: 4})
	}
	cols = append(cols,
		printColumn{Header: loc.T("settlereports.col.total_points"), Width: 11, Align: Right, MaxLines: 2},
		printColumn{Header: loc.T("settlereports.col.computed"), Width: 15, Align: Left, MaxLines: 3},
		printColumn{Header: loc.T("settlereports.col.decision"), Width: 30, Align: Left, MaxLines: 3},
		printColumn{Header: loc.T("settlereports.col.final"), Width: 15, Align: Left, MaxLines: 3})
	for i := 0; i < len(s.Scores); {
		commune := s.Scores[i].Commune
		t := printTable{Zebra: true, Columns: cols}
		for ; i < len(s.Scores) && s.Scores[i].Commune == commune; i++ {
			g := s.Scores[i]
			row := []string{g.Code, g.Name}
			for k := range g.Points {
				row = append(row, strconv.FormatInt(g.Points[k], 10)+"/"+strconv.FormatInt(g.Max[k], 10))
			}
			t.Rows = append(t.Rows, append(row, strconv.FormatInt(g.Total, 10), ratingName(loc, g.Band), decisionText(loc, g),
				ratingName(loc, g.Final())))
		}
		d.section(loc.T("settlereports.commune", "Commune", r.communeLabel(commune)))
		d.table(t)
	}
	d.section(loc.T("settlereports.ratings.counts"))
	counts := r.bandCounts()
	t := printTable{Columns: []printColumn{
		{Header: loc.T("settlereports.col.final"), Width: 40, Align: Left},
		{Header: loc.T("settlereports.col.groups"), Width: 20, Align: Right},
		{Header: loc.T("settlereports.col.share"), Width: 20, Align: Right},
		{Header: "", Width: 120, Align: Left},
	}}
	for _, b := range data.Ratings {
		t.Rows = append(t.Rows, []string{ratingName(loc, b), loc.Number(int64(counts[b])),
			fractionText(loc, data.Dong(counts[b]), data.Dong(len(s.Scores))), ""})
	}
	t.Total = []string{loc.T("settlereports.total"), loc.Number(int64(len(s.Scores))), noSpan, noSpan}
	d.table(t)
	return r.end(w, d, loc)
}

// end closes the scores: how the points are counted, the bands, the signatures.
func (r RatingsReport) end(w io.Writer, d *Document, loc *translations.Localizer) error {
	rules := r.Settlement.Rules
	d.Space(1)
	d.Note("(1)", loc.T("settlereports.ratings.note_points"))
	d.Note("(2)", loc.T("settlereports.ratings.note_bands", "Good", strconv.FormatInt(rules.RatingBands[0], 10),
		"Fair", strconv.FormatInt(rules.RatingBands[1], 10), "Average", strconv.FormatInt(rules.RatingBands[2], 10)))
	d.Note("(3)", loc.T("settlereports.ratings.note_decision"))
	d.Signatures(r.Office.Province, Signatories{})
	return d.Write(w)
}

// WriteJSON writes {"month", "settled", "groups": [{"code", "criteria", "total", "band", …}],
// "counts"}: the criteria's points, the band that counts and the computed one.
func (r RatingsReport) WriteJSON(w io.Writer, _ *translations.Localizer) error {
	type groupJSON struct {
		Code         string           `json:"code"`
		Name         string           `json:"name"`
		Commune      string           `json:"commune"`
		Association  string           `json:"association"`
		Criteria     map[string]int64 `json:"criteria"`
		Max          map[string]int64 `json:"max"`
		Total        int64            `json:"total"`
		Band         data.Rating      `json:"band"`
		ComputedBand data.Rating      `json:"computed_band"`
		Decision     string           `json:"decision,omitempty"` // confirmed | overridden
		Reason       string           `json:"reason,omitempty"`
	}
	s := r.Settlement
	out := struct {
		Month   string         `json:"month"`
		Settled bool           `json:"settled"`
		Commune string         `json:"commune,omitempty"`
		Groups  []groupJSON    `json:"groups"`
		Counts  map[string]int `json:"counts"`
	}{Month: s.Month.String(), Settled: s.Settled, Commune: r.Commune, Groups: []groupJSON{}, Counts: map[string]int{}}
	for _, g := range s.Scores {
		gj := groupJSON{Code: g.Code, Name: g.Name, Commune: g.Commune, Association: g.Association, Criteria: map[string]int64{},
			Max: map[string]int64{}, Total: g.Total, Band: g.Final(), ComputedBand: g.Band}
		for i, name := range data.Criteria {
			gj.Criteria[name], gj.Max[name] = g.Points[i], g.Max[i]
		}
		if g.Decision.Rating != "" {
			gj.Decision, gj.Reason = "confirmed", g.Decision.Reason
			if g.Decision.Override {
				gj.Decision = "overridden"
			}
		}
		out.Groups = append(out.Groups, gj)
	}
	for _, b := range data.Ratings {
		out.Counts[string(b)] = 0
	}
	for b, n := range r.bandCounts() {
		out.Counts[string(b)] = n
	}
	return writeJSON(w, out)
}

// Table is one row per group: the six criteria's points, the total and the bands.
func (r RatingsReport) Table(loc *translations.Localizer) Table {
	t := Table{Name: loc.T("settlereports.ratings.sheet"), Columns: []Column{
		{Title: loc.T("settlereports.col.commune_code")},
		{Title: loc.T("settlereports.col.group")},
		{Title: loc.T("settlereports.col.group_name")},
		{Title: loc.T("settlereports.col.association")},
	}}
	for _, id := range criterionIDs {
		t.Columns = append(t.Columns, Column{Title: loc.T(id), Kind: KindInteger})
	}
	t.Columns = append(t.Columns, Column{Title: loc.T("settlereports.col.total_points"), Kind: KindInteger},
		Column{Title: loc.T("settlereports.col.computed")}, Column{Title: loc.T("settlereports.col.decision")},
		Column{Title: loc.T("settlereports.col.final")})
	for _, g := range r.Settlement.Scores {
		row := []Cell{Text(g.Commune), Text(g.Code), Text(g.Name), Text(associationName(loc, g.Association))}
		for _, p := range g.Points {
			row = append(row, Int(p))
		}
		decision := ""
		if g.Decision.Rating != "" {
			decision = decisionText(loc, g)
		}
		t.Rows = append(t.Rows, append(row, Int(g.Total), Text(ratingName(loc, g.Band)), Text(decision), Text(ratingName(loc, g.Final()))))
	}
	return t
}
