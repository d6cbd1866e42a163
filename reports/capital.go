package reports

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"

	"policycredit/data"
	"policycredit/translations"
)

// CapitalReport is the local-budget capital on a date (Directive 40-CT/TW): each pool by
// level, its balance at the start of the year and on the date, how it changed since last
// month, since the start of the year and since 22/11/2014, and the local share of the office's
// outstanding.
type CapitalReport struct {
	Office  data.Office
	Figures data.CapitalFigures
	Unit    Unit
	Anchor  string // the ledger's anchor printed at the foot of every page; "" prints none
}

// CapitalSource is the store's capital figures; a Source that lacks them cannot build the report.
type CapitalSource interface {
	CapitalFiguresOn(ctx context.Context, on data.Date) (data.CapitalFigures, error)
}

func buildCapital(ctx context.Context, src Source, r Request) (Tabled, error) {
	cs, ok := src.(CapitalSource)
	if !ok {
		return nil, data.Invalid("report", "not_available")
	}
	f, err := cs.CapitalFiguresOn(ctx, r.On)
	return CapitalReport{Office: r.Office, Figures: f, Unit: r.Unit, Anchor: r.Anchor}, err
}

// LocalShare is the capital's balance over the office's outstanding (0 when nothing is lent).
func (c CapitalReport) LocalShare() float64 {
	if c.Figures.OfficeOutstanding == 0 {
		return 0
	}
	return float64(c.Figures.Totals.Balance) / float64(c.Figures.OfficeOutstanding)
}

// PercentText is num/den as a percentage to hundredths, "—" for 0/0: a pool's use ratio on
// the capital screen, written as the reports write ratios.
func PercentText(loc *translations.Localizer, num, den data.Dong) string {
	return fractionText(loc, num, den)
}

// timesText is "31,9 ×": the balance over the one on 22/11/2014, to a tenth; "—" without one.
func timesText(loc *translations.Localizer, now, then data.Dong) string {
	n := timesNumber(loc, now, then)
	if then <= 0 {
		return n
	}
	return loc.T("capital.times", "Times", n)
}

// timesNumber is now over then to a tenth, rounded half up in integers ("31,9"); "—" when
// there is nothing to compare with. The capital report and the Directive 40 review share it.
func timesNumber(loc *translations.Localizer, now, then data.Dong) string {
	if then <= 0 {
		return "—"
	}
	tenths := (int64(now)*10 + int64(then)/2) / int64(then)
	s := loc.Number(tenths / 10)
	if f := tenths % 10; f != 0 {
		mark := ","
		if loc.Lang() == "en" {
			mark = "."
		}
		s += mark + strconv.FormatInt(f, 10)
	}
	return s
}

// capitalRow is one printed or exported row: a pool, a level's subtotal or the total.
type capitalRow struct {
	label, commune                        string
	t                                     data.CapitalTotals
	jan1, monthAgo, atDirective, interest data.Dong
	subtotal                              bool
}

func (c CapitalReport) rows(loc *translations.Localizer) []capitalRow {
	var out []capitalRow
	for _, level := range data.CapitalLevels {
		n := 0
		for _, p := range c.Figures.Pools {
			if p.Pool.Level != level {
				continue
			}
			n++
			out = append(out, capitalRow{label: p.Pool.Giver, t: p.Totals, jan1: p.Jan1,
				monthAgo: p.MonthAgo, atDirective: p.AtDirective, interest: p.Interest})
		}
		if n > 0 {
			sum := c.Figures.Sum(level)
			out = append(out, capitalRow{label: loc.T("capital.subtotal", "Level", strings.ToLower(loc.T("capital.level."+string(level)))),
				t: sum.Totals, jan1: sum.Jan1, monthAgo: sum.MonthAgo, atDirective: sum.AtDirective, interest: sum.Interest, subtotal: true})
		}
	}
	return out
}

// WritePDF prints the pools on landscape A4, then the local share.
func (c CapitalReport) WritePDF(w io.Writer, loc *translations.Localizer, created time.Time) error {
	f, u := c.Figures, c.Unit.orDong()
	d := summaryDocument(loc, c.Office, "capital.report.title", loc.T("capital.report.subtitle", "Office", c.Office.Name, "Date", f.On),
		f.On, u, created, c.Anchor)
	if len(f.Pools) == 0 {
		d.Paragraph(loc.T("capital.none"))
		return summaryEnd(w, d, loc, u, loc.T("capital.report.note"), c.Office)
	}
	t := printTable{Zebra: true, Columns: []printColumn{
		{Header: loc.T("capital.col.pool"), Width: 49, Align: Left, MaxLines: 2},
		{Header: loc.T("capital.col.jan1"), Width: 24, Align: Right, MaxLines: 2},
		{Header: loc.T("capital.col.balance"), Width: 24, Align: Right, MaxLines: 2},
		{Header: loc.T("capital.col.since_month"), Width: 24, Align: Right, MaxLines: 2},
		{Header: loc.T("capital.col.since_jan1"), Width: 24, Align: Right, MaxLines: 2},
		{Header: loc.T("capital.col.since_directive"), Width: 27, Align: Right, MaxLines: 2},
		{Header: loc.T("capital.col.times"), Width: 16, Align: Right, MaxLines: 2},
		{Header: loc.T("capital.col.lent"), Width: 24, Align: Right, MaxLines: 2},
		{Header: loc.T("capital.col.available"), Width: 24, Align: Right, MaxLines: 2},
		{Header: loc.T("capital.col.interest"), Width: 24, Align: Right, MaxLines: 2},
	}}
	line := func(r capitalRow) []string {
		return []string{r.label, u.amount(loc, r.jan1), u.amount(loc, r.t.Balance),
			signed(loc, u, r.t.Balance-r.monthAgo), signed(loc, u, r.t.Balance-r.jan1),
			signed(loc, u, r.t.Balance-r.atDirective), timesText(loc, r.t.Balance, r.atDirective),
			u.amount(loc, r.t.LentOutstanding), u.amount(loc, r.t.Available), u.amount(loc, r.interest)}
	}
	for _, r := range c.rows(loc) {
		t.Rows = append(t.Rows, line(r))
	}
	sum := f.Sum("")
	t.Total = line(capitalRow{label: loc.T("capital.total"), t: sum.Totals, jan1: sum.Jan1, monthAgo: sum.MonthAgo,
		atDirective: sum.AtDirective, interest: sum.Interest})
	d.table(t)
	d.Space(2)
	d.Paragraph(loc.T("capital.report.share", "Share", fractionText(loc, sum.Totals.Balance, f.OfficeOutstanding),
		"Capital", loc.Money(sum.Totals.Balance), "Outstanding", loc.Money(f.OfficeOutstanding)))
	return summaryEnd(w, d, loc, u, loc.T("capital.report.note"), c.Office)
}

// capitalTotalsJSON is the totals of `report capital`'s JSON.
type capitalTotalsJSON struct {
	Received        data.Dong `json:"received"`
	Returned        data.Dong `json:"returned"`
	Balance         data.Dong `json:"balance"`
	LentOutstanding data.Dong `json:"lent_outstanding"`
	Available       data.Dong `json:"available"`
}

// CapitalPoolJSON is one pool of `report capital`'s JSON, and of `capital list --json`;
// commune is its 5-digit code, "" for the province's and the district's pools.
type CapitalPoolJSON struct {
	Level   string `json:"level"`
	Giver   string `json:"giver"`
	Commune string `json:"commune"`
	capitalTotalsJSON
}

// CapitalPool is a pool's JSON.
func CapitalPool(p data.CapitalPoolFigures) CapitalPoolJSON {
	return CapitalPoolJSON{string(p.Pool.Level), p.Pool.Giver, p.CommuneCode, capitalTotals(p.Totals)}
}

func capitalTotals(t data.CapitalTotals) capitalTotalsJSON {
	return capitalTotalsJSON{t.Received, t.Returned, t.Balance, t.LentOutstanding, t.Available}
}

// WriteJSON writes {"date", "pools", "totals", "local_share"}: money in đồng, the share a fraction.
func (c CapitalReport) WriteJSON(w io.Writer, _ *translations.Localizer) error {
	f := c.Figures
	out := struct {
		Date       data.Date         `json:"date"`
		Pools      []CapitalPoolJSON `json:"pools"`
		Totals     capitalTotalsJSON `json:"totals"`
		LocalShare float64           `json:"local_share"`
	}{Date: f.On, Pools: []CapitalPoolJSON{}, Totals: capitalTotals(f.Totals), LocalShare: c.LocalShare()}
	for _, p := range f.Pools {
		out.Pools = append(out.Pools, CapitalPool(p))
	}
	return writeJSON(w, out)
}

// Table is one row per pool (with each level's subtotal), in exact đồng.
func (c CapitalReport) Table(loc *translations.Localizer) Table {
	sh := Table{Name: loc.T("capital.report.sheet"), Columns: []Column{
		{Title: loc.T("capital.col.level")},
		{Title: loc.T("capital.col.pool")},
		{Title: loc.T("summary.col.commune_code")},
		{Title: loc.T("capital.col.received"), Kind: KindMoney},
		{Title: loc.T("capital.col.returned"), Kind: KindMoney},
		{Title: loc.T("capital.col.jan1"), Kind: KindMoney},
		{Title: loc.T("capital.col.month_ago"), Kind: KindMoney},
		{Title: loc.T("capital.col.at_directive"), Kind: KindMoney},
		{Title: loc.T("capital.col.balance"), Kind: KindMoney},
		{Title: loc.T("capital.col.lent"), Kind: KindMoney},
		{Title: loc.T("capital.col.available"), Kind: KindMoney},
		{Title: loc.T("capital.col.interest"), Kind: KindMoney},
		{Title: loc.T("capital.col.share"), Kind: KindPercent},
	}}
	for _, p := range c.Figures.Pools {
		sh.Rows = append(sh.Rows, []Cell{Text(loc.T("capital.level." + string(p.Pool.Level))), Text(p.Pool.Giver),
			Text(p.CommuneCode), Money(p.Totals.Received), Money(p.Totals.Returned), Money(p.Jan1), Money(p.MonthAgo),
			Money(p.AtDirective), Money(p.Totals.Balance), Money(p.Totals.LentOutstanding), Money(p.Totals.Available),
			Money(p.Interest), Ratio(int64(p.Totals.Balance), int64(c.Figures.OfficeOutstanding))})
	}
	sum := c.Figures.Sum("")
	tot := sum.Totals
	sh.Rows = append(sh.Rows, []Cell{Text(strings.ToUpper(loc.T("capital.total"))), {}, {}, Money(tot.Received), Money(tot.Returned),
		Money(sum.Jan1), Money(sum.MonthAgo), Money(sum.AtDirective), Money(tot.Balance), Money(tot.LentOutstanding), Money(tot.Available),
		Money(sum.Interest), Ratio(int64(tot.Balance), int64(c.Figures.OfficeOutstanding))})
	return sh
}
