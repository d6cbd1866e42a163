package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"policycredit/data"
	"policycredit/translations"
)

// sampleSource answers with the figures of the sample reports, and remembers what it was asked.
type sampleSource struct {
	asked []string
	fail  error
}

func (s *sampleSource) Programs(context.Context) ([]data.Program, error) {
	s.asked = append(s.asked, "programs")
	return []data.Program{{Code: "01", Name: map[string]string{"vi": "Cho vay hộ nghèo", "en": "Poor households", "fr": "Ménages pauvres"}}}, s.fail
}

func (s *sampleSource) CommuneSummary(_ context.Context, id int64, on data.Date) (data.CommuneSummary, error) {
	s.asked = append(s.asked, "commune")
	return sampleCommune().Summary, s.fail
}

func (s *sampleSource) OfficeSummary(context.Context, data.Date) (data.OfficeSummary, error) {
	s.asked = append(s.asked, "office")
	return sampleOffice().Summary, s.fail
}

func (s *sampleSource) OverdueList(context.Context, int64, data.Date) (data.OverdueList, error) {
	s.asked = append(s.asked, "overdue")
	return sampleOverdue().List, s.fail
}

func (s *sampleSource) DisclosureList(context.Context, int64, data.Date) (data.DisclosureList, error) {
	s.asked = append(s.asked, "disclosure")
	return sampleDisclosure().List, s.fail
}

func (s *sampleSource) MonthSettlement(_ context.Context, m data.Month, _ int64) (data.Settlement, error) {
	s.asked = append(s.asked, "settlement")
	out := sampleSettlement(true)
	out.Month = m
	return out, s.fail
}

// Each registered report builds from the store's figures into the document the sample
// figures make by hand, and writes the same JSON.
func TestRegistryBuildsEachReportFromTheStoresFigures(t *testing.T) {
	t.Parallel()
	loc := translations.New("en")
	want := map[string]Tabled{"commune": sampleCommune(), "office": sampleOffice(), "overdue": sampleOverdue(),
		"disclosure": sampleDisclosure(), "capital": sampleCapital(),
		"directive40": sampleReview()}
	// The settlement's reports without a month: the month before the date's.
	october := SettlementDoc{Office: testOffice, Settlement: sampleSettlement(true)}
	october.Settlement.Month = data.Month{Year: 2026, Month: 10}
	want["fees"], want["commissions"], want["ratings"] = FeesReport{october}, CommissionsReport{SettlementDoc: october}, RatingsReport{october}
	if len(Registry) != len(want) {
		t.Fatalf("%d registered reports, want %d", len(Registry), len(want))
	}
	for _, e := range Registry {
		if len(e.Scopes) == 0 || !e.Offers(e.Scopes[0]) || loc.T(e.Title) == e.Title {
			t.Errorf("%s: scopes %v, title %q", e.ID, e.Scopes, loc.T(e.Title))
		}
		src := &sampleSource{}
		r := Request{Office: testOffice, Scope: e.Scopes[0], ID: 1, On: data.MustDate("2026-11-20"), Loc: loc}
		got, err := e.Build(context.Background(), src, r)
		if err != nil {
			t.Fatalf("%s: %v", e.ID, err)
		}
		var a, b bytes.Buffer
		if err := got.WriteJSON(&a, loc); err != nil {
			t.Fatal(err)
		}
		if err := want[e.ID].WriteJSON(&b, loc); err != nil {
			t.Fatal(err)
		}
		var ja, jb any
		if err := json.Unmarshal(a.Bytes(), &ja); err != nil {
			t.Fatalf("%s: JSON %v\n%s", e.ID, err, a.String())
		}
		_ = json.Unmarshal(b.Bytes(), &jb)
		// The store's figures are the sample's; the build adds nothing the sample lacks but
		// the unit (always đồng in JSON) and program names it reads from Programs.
		if !reflect.DeepEqual(figuresOf(ja), figuresOf(jb)) {
			t.Errorf("%s: built JSON differs from the sample's\n%s\n---\n%s", e.ID, a.String(), b.String())
		}
		if len(src.asked) == 0 {
			t.Errorf("%s: built without asking the store", e.ID)
		}

		failing := &sampleSource{fail: errors.New("disk I/O error")}
		if _, err := e.Build(context.Background(), failing, r); err == nil {
			t.Errorf("%s: a store failure was not passed on", e.ID)
		}
	}
}

// figuresOf keeps the parts of a report's JSON that come from the store: every number and
// date, not the names a build looks up in the reader's language.
func figuresOf(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if k == "office" || k == "name" || k == "unit" {
				continue
			}
			out[k] = figuresOf(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = figuresOf(e)
		}
		return out
	}
	return v
}

func TestEntryOffersOnlyItsScopes(t *testing.T) {
	t.Parallel()
	scopes := map[string][]Scope{}
	for _, e := range Registry {
		for _, s := range []Scope{ScopeCommune, ScopePoint, ScopeOffice} {
			if e.Offers(s) {
				scopes[e.ID] = append(scopes[e.ID], s)
			}
		}
	}
	want := map[string][]Scope{"commune": {ScopeCommune}, "office": {ScopeOffice},
		"overdue": {ScopeCommune, ScopeOffice}, "disclosure": {ScopePoint}, "capital": {ScopeOffice},
		"directive40": {ScopeCommune, ScopeOffice}, "fees": {ScopeCommune, ScopeOffice},
		"commissions": {ScopeCommune, ScopePoint, ScopeOffice}, "ratings": {ScopeCommune, ScopeOffice}}
	if !reflect.DeepEqual(scopes, want) {
		t.Errorf("scopes %v, want %v", scopes, want)
	}
}
