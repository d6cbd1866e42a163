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

// The commune summary and the office summary by commune: printed in đồng, thousands or
// millions of đồng as offices file them; JSON and CSV always carry exact đồng.

// Unit is what the printed amounts of a summary count in.
type Unit int64

const (
	UnitDong     Unit = 1
	UnitThousand Unit = 1_000
	UnitMillion  Unit = 1_000_000
)

// ParseUnit reads "dong", "thousand" or "million".
func ParseUnit(s string) (Unit, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "dong", "":
		return UnitDong, true
	case "thousand":
		return UnitThousand, true
	case "million":
		return UnitMillion, true
	}
	return 0, false
}

// Round is the one place a printed amount is rounded: half-up, away from zero for
// decreases, so that a decrease prints as the same figure as the increase of that size.
// Totals are rounded from the exact sums like any other amount.
func (u Unit) Round(d data.Dong) int64 {
	if u <= 1 {
		return int64(d)
	}
	n, half := int64(d), int64(u)/2
	if n < 0 {
		return -((-n + half) / int64(u))
	}
	return (n + half) / int64(u)
}

// orDong is the unit, đồng when none was chosen.
func (u Unit) orDong() Unit {
	if u == 0 {
		return UnitDong
	}
	return u
}

func (u Unit) amount(loc *translations.Localizer, d data.Dong) string {
	return loc.Number(u.orDong().Round(d))
}

// header is "Đơn vị tính: triệu đồng" and the like.
func (u Unit) header(loc *translations.Localizer) string {
	switch u {
	case UnitThousand:
		return loc.T("summary.unit.thousand")
	case UnitMillion:
		return loc.T("summary.unit.million")
	}
	return loc.T("summary.unit.dong")
}

// roundingNote says how the printed rows add up to the printed totals.
func (u Unit) roundingNote(loc *translations.Localizer) string {
	if u > 1 {
		return loc.T("summary.rounding")
	}
	return loc.T("summary.rounding_exact")
}

// ratioText prints an overdue ratio rounded half-up to hundredths of a percent.
func ratioText(loc *translations.Localizer, f data.SummaryFigures) string {
	return fractionText(loc, f.Overdue, f.Outstanding())
}

// fractionText prints num/den as a percentage rounded half-up to hundredths; "—" for 0/0.
func fractionText(loc *translations.Localizer, num, den data.Dong) string {
	if den == 0 {
		return "—"
	}
	return loc.Percent(data.Rate(data.RatioBasisPoints(num, den) * 100)) // a Rate counts 1 % as 10,000
}

// ratioNumber is the overdue ratio for JSON: 0.0012 for 0.12 %.
func ratioNumber(f data.SummaryFigures) float64 {
	num, den := f.OverdueRatio()
	if den == 0 {
		return 0
	}
	return float64(num) / float64(den)
}

// signed prints a change with its sign: "+1.234", "-56", "0".
func signed(loc *translations.Localizer, u Unit, d data.Dong) string {
	s := u.amount(loc, d)
	if u.Round(d) > 0 {
		return "+" + s
	}
	return s
}

// figureColumns are the columns of one line of figures after its label columns.
func figureColumns(loc *translations.Localizer) []printColumn {
	return []printColumn{
		{Header: loc.T("summary.col.households"), Width: 14, Align: Right, MaxLines: 3},
		{Header: loc.T("summary.col.loans"), Width: 9, Align: Right, MaxLines: 2},
		{Header: loc.T("summary.col.current"), Width: 17, Align: Right, MaxLines: 2},
		{Header: loc.T("summary.col.overdue"), Width: 15, Align: Right, MaxLines: 2},
		{Header: loc.T("summary.col.frozen"), Width: 15, Align: Right, MaxLines: 2},
		{Header: loc.T("summary.col.outstanding"), Width: 17, Align: Right, MaxLines: 2},
		{Header: loc.T("summary.col.ratio"), Width: 11, Align: Right, MaxLines: 2},
		{Header: loc.T("summary.col.change"), Width: 16, Align: Right, MaxLines: 2},
	}
}

func figureCells(loc *translations.Localizer, u Unit, f data.SummaryFigures) []string {
	return []string{loc.Number(int64(f.Households)), loc.Number(int64(f.Loans)), u.amount(loc, f.Current),
		u.amount(loc, f.Overdue), u.amount(loc, f.Frozen), u.amount(loc, f.Outstanding()), ratioText(loc, f),
		signed(loc, u, f.Change())}
}

// summaryDocument starts a summary on landscape A4: the title, the subtitle and the unit line.
func summaryDocument(loc *translations.Localizer, office data.Office, titleID, subtitle string, on data.Date, u Unit,
	created time.Time, anchor string) *Document {
	title := loc.T(titleID)
	d := NewDocument(loc, Meta{Office: office, Title: title, Date: on, Orientation: Landscape, Created: created, Anchor: anchor})
	d.Heading(strings.ToUpper(title), subtitle)
	d.setFont(italic, bodySize)
	d.lines(d.wrap(u.header(loc), d.Width(), 0), marginSide, d.Width(), Right)
	d.Space(1)
	return d
}

// summaryEnd closes a summary: its note, how the printed amounts add up, the signatures.
func summaryEnd(w io.Writer, d *Document, loc *translations.Localizer, u Unit, note string, office data.Office) error {
	d.Note("(1)", note)
	d.Note("(2)", u.roundingNote(loc))
	d.Signatures(office.Province, Signatories{})
	return d.Write(w)
}

// noSpan fills a totals cell that must stay empty after an amount: a cell of "" would let
// the amount before it run on over it (spanTotals) and print left-aligned.
const noSpan = " "

// CommuneReport is the commune summary as printed and exported.
type CommuneReport struct {
	Office  data.Office
	Summary data.CommuneSummary
	// ProgramNames names the programs by code in the report's language.
	ProgramNames map[string]string
	Unit         Unit
	// Anchor is the ledger's anchor (the first digits of its chain's head) printed at the
	// foot of every page, so that a paper copy proves what the ledger held; "" prints none.
	Anchor string
}

func programLabel(names map[string]string, code string) string {
	if n := names[code]; n != "" {
		return code + " – " + n
	}
	return code
}

// associationName names an association; loans of households in no group have none.
func associationName(loc *translations.Localizer, code string) string {
	if code == "" {
		return loc.T("summary.no_group")
	}
	return loc.Association(code)
}

// WritePDF prints the summary on landscape A4.
func (c CommuneReport) WritePDF(w io.Writer, loc *translations.Localizer, created time.Time) error {
	s, u := c.Summary, c.Unit.orDong()
	d := summaryDocument(loc, c.Office, "summary.commune.title", loc.T("summary.commune.subtitle", "Name", s.Name, "Code", s.Code, "Date", s.Date), s.Date, u, created, c.Anchor)

	d.section(loc.T("summary.key"))
	key := printTable{Columns: append(figureColumns(loc), printColumn{Header: loc.T("summary.col.savings"), Width: 17, Align: Right, MaxLines: 2})}
	key.Rows = [][]string{append(figureCells(loc, u, s.Totals), u.amount(loc, s.Savings))}
	d.table(key)

	label := func(header string) []printColumn {
		return append([]printColumn{{Header: header, Width: 48, Align: Left, MaxLines: 2}}, figureColumns(loc)...)
	}
	d.section(loc.T("summary.by_program"))
	pt := printTable{Zebra: true, Columns: label(loc.T("summary.col.program"))}
	for _, p := range s.Programs {
		pt.Rows = append(pt.Rows, append([]string{programLabel(c.ProgramNames, p.Code)}, figureCells(loc, u, p.SummaryFigures)...))
	}
	pt.Total = append([]string{loc.T("summary.total")}, figureCells(loc, u, s.Totals)...)
	d.table(pt)

	d.section(loc.T("summary.by_association"))
	at := printTable{Zebra: true, Columns: label(loc.T("summary.col.association"))}
	for _, a := range s.Associations {
		at.Rows = append(at.Rows, append([]string{associationName(loc, a.Code)}, figureCells(loc, u, a.SummaryFigures)...))
	}
	at.Total = append([]string{loc.T("summary.total")}, figureCells(loc, u, s.Totals)...)
	d.table(at)

	d.section(loc.T("summary.by_source"))
	st := printTable{Columns: []printColumn{
		{Header: loc.T("summary.col.source"), Width: 140, Align: Left},
		{Header: loc.T("summary.col.outstanding"), Width: 30, Align: Right},
		{Header: loc.T("summary.col.share"), Width: 20, Align: Right},
	}}
	for _, src := range s.Sources {
		share := fractionText(loc, src.Outstanding, s.Totals.Outstanding())
		st.Rows = append(st.Rows, []string{loc.T("source." + string(src.Source)), u.amount(loc, src.Outstanding), share})
	}
	st.Total = []string{loc.T("summary.total"), u.amount(loc, s.Totals.Outstanding()), noSpan}
	d.table(st)

	d.section(loc.T("summary.by_group"))
	gt := printTable{Zebra: true, Columns: []printColumn{
		{Header: loc.T("summary.col.group"), Width: 16, Align: Left},
		{Header: loc.T("summary.col.group_name"), Width: 60, Align: Left},
		{Header: loc.T("summary.col.association"), Width: 38, Align: Left},
		{Header: loc.T("summary.col.members"), Width: 14, Align: Right, MaxLines: 2},
		{Header: loc.T("summary.col.outstanding"), Width: 22, Align: Right, MaxLines: 2},
		{Header: loc.T("summary.col.overdue"), Width: 20, Align: Right, MaxLines: 2},
		{Header: loc.T("summary.col.rating"), Width: 22, Align: Left, MaxLines: 2},
	}}
	var members, counted int
	for _, g := range s.Groups {
		if g.ID != 0 {
			counted++ // the line of loans outside any group is not a group
		}
		name, assoc, count := g.Name, loc.Association(g.Association), loc.Number(int64(g.Members))
		if g.ID == 0 {
			name, assoc, count = loc.T("summary.no_group"), "", "—"
		}
		rating := "—"
		if g.Rating != "" {
			rating = loc.T("rating."+string(g.Rating)) + " (" + strconv.Itoa(g.RatingYear) + ")"
		}
		members += g.Members
		gt.Rows = append(gt.Rows, []string{g.Code, name, assoc, count, u.amount(loc, g.Outstanding),
			u.amount(loc, g.Overdue), rating})
	}
	gt.Total = []string{"", loc.N("summary.groups_total", counted), "", loc.Number(int64(members)),
		u.amount(loc, s.Totals.Outstanding()), u.amount(loc, s.Totals.Overdue), noSpan}
	d.table(gt)

	d.Paragraph(loc.T("summary.savings", "Savings", u.amount(loc, s.Savings)))
	d.Space(1)
	return summaryEnd(w, d, loc, u, loc.T("summary.note.figures", "Jan1", data.NewDate(s.Date.Year(), 1, 1)), c.Office)
}

// summaryLineJSON is one line of figures as the issue fixes it: amounts in đồng, the ratio a number.
type summaryLineJSON struct {
	Households   int     `json:"households"`
	Loans        int     `json:"loans"`
	Current      int64   `json:"current"`
	Overdue      int64   `json:"overdue"`
	Frozen       int64   `json:"frozen"`
	Outstanding  int64   `json:"outstanding"`
	OverdueRatio float64 `json:"overdue_ratio"`
	Change       int64   `json:"change_since_jan1"`
}

func summaryLine(f data.SummaryFigures) summaryLineJSON {
	return summaryLineJSON{f.Households, f.Loans, int64(f.Current), int64(f.Overdue), int64(f.Frozen),
		int64(f.Outstanding()), ratioNumber(f), int64(f.Change())}
}

// WriteJSON writes the summary in the shape of issue 6; program names are in the localizer's
// language, and a group line without a group has an empty code and name.
func (c CommuneReport) WriteJSON(w io.Writer, loc *translations.Localizer) error {
	s := c.Summary
	type programJSON struct {
		Code string `json:"code"`
		Name string `json:"name"`
		summaryLineJSON
	}
	type associationJSON struct {
		Code string `json:"code"`
		summaryLineJSON
	}
	type groupJSON struct {
		Code        string `json:"code"`
		Name        string `json:"name"`
		Members     int    `json:"members"`
		Outstanding int64  `json:"outstanding"`
		Overdue     int64  `json:"overdue"`
		Rating      string `json:"rating"`
	}
	type sourceJSON struct {
		Source      string `json:"source"`
		Outstanding int64  `json:"outstanding"`
	}
	out := struct {
		Commune      codeNameJSON      `json:"commune"`
		Date         data.Date         `json:"date"`
		Programs     []programJSON     `json:"programs"`
		Associations []associationJSON `json:"associations"`
		Groups       []groupJSON       `json:"groups"`
		Sources      []sourceJSON      `json:"sources"`
		Savings      int64             `json:"savings"`
		Totals       summaryLineJSON   `json:"totals"`
	}{Commune: codeNameJSON{s.Code, s.Name}, Date: s.Date, Programs: []programJSON{}, Associations: []associationJSON{},
		Groups: []groupJSON{}, Sources: []sourceJSON{}, Savings: int64(s.Savings), Totals: summaryLine(s.Totals)}
	for _, p := range s.Programs {
		out.Programs = append(out.Programs, programJSON{p.Code, c.ProgramNames[p.Code], summaryLine(p.SummaryFigures)})
	}
	for _, a := range s.Associations {
		out.Associations = append(out.Associations, associationJSON{a.Code, summaryLine(a.SummaryFigures)})
	}
	for _, g := range s.Groups {
		out.Groups = append(out.Groups, groupJSON{g.Code, g.Name, g.Members, int64(g.Outstanding), int64(g.Overdue), string(g.Rating)})
	}
	for _, src := range s.Sources {
		out.Sources = append(out.Sources, sourceJSON{string(src.Source), int64(src.Outstanding)})
	}
	return writeJSON(w, out)
}

func buildCommune(ctx context.Context, src Source, r Request) (Tabled, error) {
	sum, err := src.CommuneSummary(ctx, r.ID, r.On)
	if err != nil {
		return nil, err
	}
	names, err := programNamesIn(ctx, src, r)
	return CommuneReport{Office: r.Office, Summary: sum, ProgramNames: names, Unit: r.Unit, Anchor: r.Anchor}, err
}

// OfficeReport is the office summary by commune as printed and exported.
type OfficeReport struct {
	Office  data.Office
	Summary data.OfficeSummary
	Unit    Unit
	// Anchor is the ledger's anchor (the first digits of its chain's head) printed at the
	// foot of every page, so that a paper copy proves what the ledger held; "" prints none.
	Anchor string
}

func buildOffice(ctx context.Context, src Source, r Request) (Tabled, error) {
	sum, err := src.OfficeSummary(ctx, r.On)
	return OfficeReport{Office: r.Office, Summary: sum, Unit: r.Unit, Anchor: r.Anchor}, err
}

// WritePDF prints one line per commune on landscape A4, the totals and the count of communes
// without overdue debt.
func (o OfficeReport) WritePDF(w io.Writer, loc *translations.Localizer, created time.Time) error {
	s, u := o.Summary, o.Unit.orDong()
	d := summaryDocument(loc, o.Office, "summary.office.title", loc.T("summary.office.subtitle", "Office", o.Office.Name, "Date", s.Date), s.Date, u, created, o.Anchor)
	t := printTable{Zebra: true, Columns: append([]printColumn{
		{Header: loc.T("summary.col.no"), Width: 6, Align: Right},
		{Header: loc.T("summary.col.code"), Width: 10, Align: Left},
		{Header: loc.T("summary.col.commune"), Width: 34, Align: Left, MaxLines: 2},
	}, figureColumns(loc)...)}
	for i, c := range s.Communes {
		t.Rows = append(t.Rows, append([]string{strconv.Itoa(i + 1), c.Code, c.Name}, figureCells(loc, u, c.SummaryFigures)...))
	}
	t.Total = append([]string{loc.N("summary.communes_total", len(s.Communes)), "", ""}, figureCells(loc, u, s.Totals)...)
	d.table(t)
	d.Paragraph(loc.N("summary.without_overdue", s.CommunesWithoutOverdue, "Of", loc.Number(int64(len(s.Communes)))))
	d.Space(1)
	return summaryEnd(w, d, loc, u, loc.T("summary.note.figures", "Jan1", data.NewDate(s.Date.Year(), 1, 1)), o.Office)
}

// WriteJSON writes the office summary in the shape of issue 6.
func (o OfficeReport) WriteJSON(w io.Writer, _ *translations.Localizer) error {
	s := o.Summary
	type communeJSON struct {
		Code string `json:"code"`
		Name string `json:"name"`
		summaryLineJSON
	}
	out := struct {
		Date                   data.Date       `json:"date"`
		Communes               []communeJSON   `json:"communes"`
		Totals                 summaryLineJSON `json:"totals"`
		CommunesWithoutOverdue int             `json:"communes_without_overdue"`
	}{Date: s.Date, Communes: []communeJSON{}, Totals: summaryLine(s.Totals), CommunesWithoutOverdue: s.CommunesWithoutOverdue}
	for _, c := range s.Communes {
		out.Communes = append(out.Communes, communeJSON{c.Code, c.Name, summaryLine(c.SummaryFigures)})
	}
	return writeJSON(w, out)
}

// figureTableColumns are the figure columns of a summary's table under the printed headers:
// exact đồng, whatever unit the PDF counts in, and the ratio a fraction with six decimals in
// CSV, for spreadsheets to format.
func figureTableColumns(loc *translations.Localizer) []Column {
	kinds := []Kind{KindInteger, KindInteger, KindMoney, KindMoney, KindMoney, KindMoney, KindPercent, KindMoney}
	var out []Column
	for i, c := range figureColumns(loc) {
		col := Column{Title: c.Header, Kind: kinds[i]}
		if col.Kind == KindPercent {
			col.Decimals = 6
		}
		out = append(out, col)
	}
	return out
}

// figureTableRow is one line of figures as typed cells.
func figureTableRow(f data.SummaryFigures) []Cell {
	num, den := f.OverdueRatio()
	return []Cell{Int(int64(f.Households)), Int(int64(f.Loans)), Money(f.Current), Money(f.Overdue), Money(f.Frozen),
		Money(f.Outstanding()), Ratio(int64(num), int64(den)), Money(f.Change())}
}

func textColumns(titles ...string) []Column {
	out := make([]Column, len(titles))
	for i, t := range titles {
		out[i] = Column{Title: t}
	}
	return out
}

// Table is the commune summary as one table under a section column: programs, associations,
// sources, groups, savings, then the totals.
func (c CommuneReport) Table(loc *translations.Localizer) Table {
	s := c.Summary
	sh := Table{Name: loc.T("report.sheet.commune"), Columns: append(textColumns(loc.T("summary.col.section"),
		loc.T("summary.col.code"), loc.T("summary.col.name")), figureTableColumns(loc)...)}
	// a line with only some figures: the rest of its cells stay empty, as the CSV files always had them.
	partial := func(section, code, name string, at map[int]data.Dong) []Cell {
		row := make([]Cell, len(sh.Columns))
		row[0], row[1], row[2] = Text(section), Text(code), Text(name)
		for i, d := range at {
			row[i] = Money(d)
		}
		return row
	}
	const colOverdue, colOutstanding = 6, 8
	for _, p := range s.Programs {
		sh.Rows = append(sh.Rows, append([]Cell{Text(loc.T("summary.col.program")), Text(p.Code), Text(c.ProgramNames[p.Code])},
			figureTableRow(p.SummaryFigures)...))
	}
	for _, a := range s.Associations {
		sh.Rows = append(sh.Rows, append([]Cell{Text(loc.T("summary.col.association")), Text(a.Code), Text(associationName(loc, a.Code))},
			figureTableRow(a.SummaryFigures)...))
	}
	for _, src := range s.Sources {
		sh.Rows = append(sh.Rows, partial(loc.T("summary.col.source"), string(src.Source), loc.T("source."+string(src.Source)),
			map[int]data.Dong{colOutstanding: src.Outstanding}))
	}
	for _, g := range s.Groups {
		name := g.Name
		if g.ID == 0 {
			name = loc.T("summary.no_group")
		}
		sh.Rows = append(sh.Rows, partial(loc.T("summary.col.group"), g.Code, name,
			map[int]data.Dong{colOverdue: g.Overdue, colOutstanding: g.Outstanding}))
	}
	sh.Rows = append(sh.Rows, partial(loc.T("summary.col.savings"), "", "", map[int]data.Dong{colOutstanding: s.Savings}))
	sh.Rows = append(sh.Rows, append([]Cell{Text(loc.T("summary.total")), Text(s.Code), Text(s.Name)}, figureTableRow(s.Totals)...))
	return sh
}

// Table is one row per commune and the totals.
func (o OfficeReport) Table(loc *translations.Localizer) Table {
	sh := Table{Name: loc.T("report.sheet.office"), Columns: append(textColumns(loc.T("summary.col.code"),
		loc.T("summary.col.commune")), figureTableColumns(loc)...)}
	for _, c := range o.Summary.Communes {
		sh.Rows = append(sh.Rows, append([]Cell{Text(c.Code), Text(c.Name)}, figureTableRow(c.SummaryFigures)...))
	}
	sh.Rows = append(sh.Rows, append([]Cell{{}, Text(loc.T("summary.total"))}, figureTableRow(o.Summary.Totals)...))
	return sh
}
