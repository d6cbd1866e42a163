package reports

import (
	"encoding/json"
	"io"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"

	"policycredit/data"
	"policycredit/translations"
)

// ProgramCatalogue is the list of credit programs with the rates in force on a date: what an
// office posts at its transaction points. PDF, JSON and CSV are all rendered from it.
type ProgramCatalogue struct {
	Office         data.Office
	On             data.Date // rates in force on this date
	PenaltyPercent int       // penalty rate as a percentage of the lending rate (130)
	Programs       []CatalogueLine
	// Anchor is the ledger's anchor (the first digits of its chain's head) printed at the
	// foot of every page, so that a paper copy proves what the ledger held; "" prints none.
	Anchor string
}

// CatalogueLine is one program as of the catalogue's date.
type CatalogueLine struct {
	Code          string
	Name          map[string]string // by language: vi, en, fr
	Rate          data.Rate         // monthly, in force on the catalogue's date
	PenaltyRate   *big.Rat          // monthly, in Rate units (millionths), exact; see penaltyRate
	MaxAmount     data.Dong         // 0: no fixed ceiling
	LimitBasis    data.LimitBasis
	MaxTermMonths int // 0: set by the contract
	Open          bool
	Sources       []data.FundingSource
	// The last change of rate on or before the catalogue's date; zero when the rate never
	// changed.
	PreviousRate data.Rate
	ChangedOn    data.Date
}

// penaltyRate is rate × percent / 100, kept as an exact fraction of Rate units. A Rate is
// whole millionths and cannot hold it: 130 % of 0,6604 %/month is 8585.2 millionths. Rounding
// it into a Rate here would print, and let later interest code use, a rate the bank never
// set; only display rounds it (to four decimals of a percent), JSON and CSV keep it exact.
func penaltyRate(r data.Rate, percent int) *big.Rat {
	return new(big.Rat).Mul(big.NewRat(int64(r), 1), big.NewRat(int64(percent), 100))
}

// BuildProgramCatalogue lists the programs that have a rate in force on `on`, sorted by code.
// Rate periods need not come sorted.
func BuildProgramCatalogue(office data.Office, programs []data.Program, on data.Date, penaltyPercent int) ProgramCatalogue {
	c := ProgramCatalogue{Office: office, On: on, PenaltyPercent: penaltyPercent}
	for _, p := range programs {
		periods := append([]data.RatePeriod(nil), p.Rates...)
		sort.SliceStable(periods, func(i, j int) bool { return periods[i].Effective.Before(periods[j].Effective) })
		rate, ok := data.RateOn(periods, on)
		if !ok {
			continue
		}
		line := CatalogueLine{
			Code:          p.Code,
			Name:          map[string]string{},
			Rate:          rate,
			PenaltyRate:   penaltyRate(rate, penaltyPercent),
			MaxAmount:     p.MaxAmount,
			LimitBasis:    p.LimitBasis,
			MaxTermMonths: p.MaxTermMonths,
			Open:          p.Open,
			Sources:       append([]data.FundingSource(nil), p.Sources...),
		}
		for lang, name := range p.Name {
			line.Name[lang] = name
		}
		// A new period with the same rate (a fresh decision confirming it) is no change.
		for i := 1; i < len(periods) && !periods[i].Effective.After(on); i++ {
			if periods[i].Rate != periods[i-1].Rate {
				line.PreviousRate, line.ChangedOn = periods[i-1].Rate, periods[i].Effective
			}
		}
		c.Programs = append(c.Programs, line)
	}
	sort.SliceStable(c.Programs, func(i, j int) bool { return c.Programs[i].Code < c.Programs[j].Code })
	return c
}

// NameIn returns the program's name in lang, falling back to Vietnamese.
func (l CatalogueLine) NameIn(lang string) string {
	if n := l.Name[lang]; n != "" {
		return n
	}
	return l.Name["vi"]
}

// roundRate rounds an exact rate to whole Rate units, half up. One Rate unit is 0.0001 %, so
// this is rounding to the four decimals the localizer prints.
func roundRate(r *big.Rat) data.Rate {
	if r == nil {
		return 0
	}
	twice := new(big.Int).Mul(r.Num(), big.NewInt(2))
	twice.Add(twice, r.Denom())
	q := new(big.Int).Div(twice, new(big.Int).Mul(r.Denom(), big.NewInt(2))) // floor(r + 1/2)
	return data.Rate(q.Int64())
}

// exactPercent writes an exact rate (in Rate units) as a plain decimal percentage with a dot
// and no trailing zeros: 8585.2 units → "0.85852". With an integer penalty percent the
// denominator divides 100, so six decimals of a percent are always exact.
func exactPercent(r *big.Rat) string {
	if r == nil {
		return "0"
	}
	p := new(big.Rat).Quo(r, big.NewRat(data.RateScale/100, 1))
	s := p.FloatString(6)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// decimalMark is the localizer's decimal separator, read from its own percent formatting so
// that CSV numbers follow the same rule as the rest of the app.
func decimalMark(loc *translations.Localizer) string {
	p := loc.Percent(5000) // "0,5 %" or "0.5%"
	return p[1:2]
}

// catalogueTitle is shared by the page header, the PDF metadata and the heading.
func catalogueTitle(loc *translations.Localizer) string { return loc.T("report.catalogue.title") }

// perBasis is what the maximum amount is counted per, as a suffix; nothing for a whole loan.
func perBasis(loc *translations.Localizer, b data.LimitBasis) string {
	switch b {
	case data.LimitPerMonth:
		return loc.T("report.catalogue.per.study_month")
	case data.LimitPerWorker:
		return loc.T("report.catalogue.per.worker")
	case data.LimitPerFacility:
		return loc.T("report.catalogue.per.facility")
	}
	return ""
}

func openText(loc *translations.Localizer, open bool) string {
	if open {
		return loc.T("report.catalogue.open")
	}
	return loc.T("report.catalogue.closed")
}

// WritePDF renders the catalogue on landscape A4: eight columns with long program names
// need the width, and a landscape sheet is what hangs on a transaction point's notice board.
func (c ProgramCatalogue) WritePDF(w io.Writer, loc *translations.Localizer, created time.Time) error {
	title := catalogueTitle(loc)
	d := NewDocument(loc, Meta{Office: c.Office, Title: title, Date: c.On, Orientation: Landscape, Created: created, Anchor: c.Anchor})
	d.Heading(strings.ToUpper(title), loc.T("report.catalogue.subtitle", "Date", c.On))

	t := printTable{
		Zebra: true,
		Columns: []printColumn{
			{Header: loc.T("report.catalogue.col.code"), Width: 9, Align: Center},
			{Header: loc.T("report.catalogue.col.name"), Width: 70, Align: Left, MaxLines: 2},
			{Header: loc.T("report.catalogue.col.rate"), Width: 17, Align: Right},
			{Header: loc.T("report.catalogue.col.annual"), Width: 17, Align: Right},
			{Header: loc.T("report.catalogue.col.penalty"), Width: 20, Align: Right},
			// The amount and its basis sit in two columns that read as one ("4.000.000
			// / tháng học"), so that the digits stay right-aligned in theirs.
			{Header: loc.T("report.catalogue.col.max_amount"), Width: 26, Align: Right, MaxLines: 2},
			{Header: "", Width: 25, Align: Left, MaxLines: 2},
			{Header: loc.T("report.catalogue.col.max_term"), Width: 24, Align: Right, MaxLines: 2},
			{Header: loc.T("report.catalogue.col.open"), Width: 22, Align: Center, MaxLines: 2},
		},
	}
	open := 0
	for _, p := range c.Programs {
		max, per := loc.T("report.catalogue.by_contract"), ""
		if p.MaxAmount > 0 {
			max, per = loc.Amount(p.MaxAmount), perBasis(loc, p.LimitBasis)
		}
		term := loc.T("report.catalogue.by_contract")
		if p.MaxTermMonths > 0 {
			term = loc.N("count.months", p.MaxTermMonths)
		}
		if p.Open {
			open++
		}
		t.Rows = append(t.Rows, []string{
			p.Code, p.NameIn(loc.Lang()), loc.Percent(p.Rate), loc.Percent(p.Rate * 12),
			loc.Percent(roundRate(p.PenaltyRate)), max, per, term, openText(loc, p.Open),
		})
	}
	t.Total = []string{loc.N("report.catalogue.total", len(c.Programs), "Open", loc.Number(int64(open)))}
	d.table(t)

	d.Note("", loc.T("report.catalogue.note.penalty", "Percent", loc.Percent(data.Rate(c.PenaltyPercent)*data.RateScale/100)))
	d.Note("", loc.T("report.catalogue.note.outstanding"))
	var changed []CatalogueLine
	for _, p := range c.Programs {
		if !p.ChangedOn.IsZero() {
			changed = append(changed, p)
		}
	}
	if len(changed) > 0 {
		d.Note("", loc.T("report.catalogue.note.changes"))
		for _, p := range changed {
			d.Note("–", loc.T("report.catalogue.note.change", "Code", p.Code, "Name", p.NameIn(loc.Lang()),
				"Date", p.ChangedOn, "Previous", p.PreviousRate, "Rate", p.Rate))
		}
	}
	d.Signatures(c.Office.Province, Signatories{})
	return d.Write(w)
}

// catalogueJSON is the machine form: English snake_case keys, amounts as integers, rates as
// decimal percentages per month (0.52), the penalty rate exact.
type catalogueJSON struct {
	Report         string        `json:"report"`
	Office         officeJSON    `json:"office"`
	On             data.Date     `json:"on"`
	PenaltyPercent int           `json:"penalty_percent"`
	Programs       []programJSON `json:"programs"`
}

type officeJSON struct {
	Name     string `json:"name"`
	Branch   string `json:"branch"`
	Province string `json:"province"`
}

type programJSON struct {
	Code          string            `json:"code"`
	Name          map[string]string `json:"name"`
	MonthlyRate   json.Number       `json:"monthly_rate"`
	AnnualRate    json.Number       `json:"annual_rate"`
	PenaltyRate   json.Number       `json:"penalty_rate"`
	MaxAmount     int64             `json:"max_amount"`
	LimitBasis    string            `json:"limit_basis"`
	MaxTermMonths int               `json:"max_term_months"`
	Open          bool              `json:"open"`
	Sources       []string          `json:"sources"`
	PreviousRate  *json.Number      `json:"previous_rate"` // null when the rate never changed
	ChangedOn     *data.Date        `json:"changed_on"`
}

// WriteJSON writes the catalogue as indented JSON; map keys come out sorted, so the output is
// as deterministic as the PDF.
func (c ProgramCatalogue) WriteJSON(w io.Writer, _ *translations.Localizer) error {
	out := catalogueJSON{
		Report:         "program_catalogue",
		Office:         officeJSON{c.Office.Name, c.Office.Branch, c.Office.Province},
		On:             c.On,
		PenaltyPercent: c.PenaltyPercent,
		Programs:       []programJSON{},
	}
	for _, p := range c.Programs {
		j := programJSON{
			Code:          p.Code,
			Name:          p.Name,
			MonthlyRate:   json.Number(p.Rate.PercentString()),
			AnnualRate:    json.Number((p.Rate * 12).PercentString()),
			PenaltyRate:   json.Number(exactPercent(p.PenaltyRate)),
			MaxAmount:     int64(p.MaxAmount),
			LimitBasis:    string(p.LimitBasis),
			MaxTermMonths: p.MaxTermMonths,
			Open:          p.Open,
			Sources:       []string{},
		}
		for _, s := range p.Sources {
			j.Sources = append(j.Sources, string(s))
		}
		if !p.ChangedOn.IsZero() {
			prev := json.Number(p.PreviousRate.PercentString())
			on := p.ChangedOn
			j.PreviousRate, j.ChangedOn = &prev, &on
		}
		out.Programs = append(out.Programs, j)
	}
	return writeJSON(w, out)
}

// WriteCSV writes one row per program under a translated header, for spreadsheets. Numbers
// are plain (no digit grouping, the language's decimal mark, no % sign) so that a spreadsheet
// reads them as numbers; rates are % per month as the header says, the penalty rate exact.
// An amount or term with no fixed ceiling is left empty.
func (c ProgramCatalogue) WriteCSV(w io.Writer, loc *translations.Localizer) error {
	cw := newCSV(w, loc)
	mark := decimalMark(loc)
	dec := func(s string) string { return strings.Replace(s, ".", mark, 1) }
	cw.Write([]string{
		loc.T("report.catalogue.col.code"),
		loc.T("report.catalogue.col.name"),
		loc.T("report.catalogue.col.rate"),
		loc.T("report.catalogue.col.annual"),
		loc.T("report.catalogue.col.penalty"),
		loc.T("report.catalogue.col.max_amount"),
		loc.T("report.catalogue.col.basis"),
		loc.T("report.catalogue.col.max_term_months"),
		loc.T("report.catalogue.col.open"),
		loc.T("report.catalogue.col.sources"),
		loc.T("report.catalogue.col.previous_rate"),
		loc.T("report.catalogue.col.changed_on"),
	})
	for _, p := range c.Programs {
		max, term, prev := "", "", ""
		if p.MaxAmount > 0 {
			max = strconv.FormatInt(int64(p.MaxAmount), 10)
		}
		if p.MaxTermMonths > 0 {
			term = strconv.Itoa(p.MaxTermMonths)
		}
		if !p.ChangedOn.IsZero() {
			prev = dec(p.PreviousRate.PercentString())
		}
		var sources []string
		for _, s := range p.Sources {
			sources = append(sources, loc.T("source."+string(s)))
		}
		cw.Write([]string{
			p.Code,
			p.NameIn(loc.Lang()),
			dec(p.Rate.PercentString()),
			dec((p.Rate * 12).PercentString()),
			dec(exactPercent(p.PenaltyRate)),
			max,
			loc.T("limit." + string(p.LimitBasis)),
			term,
			openText(loc, p.Open),
			strings.Join(sources, ", "),
			prev,
			loc.Date(p.ChangedOn),
		})
	}
	return cw.Close()
}
