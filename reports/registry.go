package reports

import (
	"context"
	"encoding/json"
	"io"
	"time"

	"policycredit/data"
	"policycredit/translations"
)

// Report is a document: its PDF and its JSON, both in the reader's language (JSON carries
// codes and exact đồng, and names only where the figures hold them in that language).
type Report interface {
	WritePDF(w io.Writer, loc *translations.Localizer, created time.Time) error
	WriteJSON(w io.Writer, loc *translations.Localizer) error
}

// Tabled is a report whose figures are one table, the one definition its CSV and its xlsx
// are written from.
type Tabled interface {
	Report
	Table(loc *translations.Localizer) Table
}

// Scope is what a report can be asked for.
type Scope string

const (
	ScopeCommune Scope = "commune"
	ScopePoint   Scope = "point"
	ScopeOffice  Scope = "office"
	ScopeGroup   Scope = "group" // one group: its commission slip
)

// Request is what the Reports screen or the command line asks of a registered report.
type Request struct {
	Office data.Office
	Scope  Scope
	ID     int64 // the commune or the point; 0 for the office
	On     data.Date
	From   data.Date  // a period's start (the directive40 review); zero: its default
	Month  data.Month // a monthly report's month (the settlement's); zero: the month before On
	Unit   Unit       // what the PDF's amounts count in
	Loc    *translations.Localizer
	Anchor string // the ledger's anchor for the PDF's footer (Meta.Anchor); "" for none
}

// Source is the store's figures the registered reports are built from.
type Source interface {
	Programs(ctx context.Context) ([]data.Program, error)
	CommuneSummary(ctx context.Context, communeID int64, on data.Date) (data.CommuneSummary, error)
	OfficeSummary(ctx context.Context, on data.Date) (data.OfficeSummary, error)
	OverdueList(ctx context.Context, communeID int64, on data.Date) (data.OverdueList, error)
	DisclosureList(ctx context.Context, pointID int64, on data.Date) (data.DisclosureList, error)
}

// Entry is one report of the registry. Build fetches its figures for the request.
type Entry struct {
	ID     string // the command line's name for it, and the first word of its file names
	Title  string // message ID
	Scopes []Scope
	// Period: the report covers a period ending on the date, from Request.From (the command
	// line's --from, the screen's From date).
	Period bool
	// Monthly: the report covers a month (the command line's --month, the screen's Month)
	// rather than a date.
	Monthly bool
	Build   func(ctx context.Context, src Source, r Request) (Tabled, error)
}

// Registry is every summary and list report, in the order the Reports screen offers them; both
// the screen and `policycredit report` read it. A new report is its own file (figures, PDF,
// JSON, Table and Build), one line here and its messages.
var Registry = []Entry{
	{ID: "commune", Title: "summary.commune.title", Scopes: []Scope{ScopeCommune}, Build: buildCommune},
	{ID: "office", Title: "summary.office.title", Scopes: []Scope{ScopeOffice}, Build: buildOffice},
	{ID: "overdue", Title: "summary.overdue.title", Scopes: []Scope{ScopeCommune, ScopeOffice}, Build: buildOverdue},
	{ID: "disclosure", Title: "summary.disclosure.title", Scopes: []Scope{ScopePoint}, Build: buildDisclosure},
	{ID: "capital", Title: "capital.report.title", Scopes: []Scope{ScopeOffice}, Build: buildCapital},
	{ID: "directive40", Title: "review.title", Scopes: []Scope{ScopeOffice, ScopeCommune}, Period: true, Build: buildDirective40},
	{ID: "fees", Title: "settlereports.fees.title", Scopes: []Scope{ScopeOffice, ScopeCommune}, Monthly: true, Build: buildFees},
	{ID: "commissions", Title: "settlereports.commissions.title", Scopes: []Scope{ScopeOffice, ScopeCommune, ScopePoint, ScopeGroup},
		Monthly: true, Build: buildCommissions},
	{ID: "ratings", Title: "settlereports.ratings.title", Scopes: []Scope{ScopeOffice, ScopeCommune}, Monthly: true, Build: buildRatings},
}

// Offers says whether the entry can be asked for scope.
func (e Entry) Offers(scope Scope) bool {
	for _, s := range e.Scopes {
		if s == scope {
			return true
		}
	}
	return false
}

// programNamesIn names the programs by code in the request's language.
func programNamesIn(ctx context.Context, src Source, r Request) (map[string]string, error) {
	programs, err := src.Programs(ctx)
	names := map[string]string{}
	for _, p := range programs {
		names[p.Code] = p.NameIn(r.Loc.Lang())
	}
	return names, err
}

// writeJSON writes every report's JSON the same way: indented, "<" and "&" left as they are.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
