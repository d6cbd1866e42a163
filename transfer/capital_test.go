package transfer

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"policycredit/data"
	"policycredit/reports"
	"policycredit/translations"
)

// The capital sheet, written in any language, is read back row for row and is never taken
// for one of the office's sheets; a template is a capital sheet too.
func TestCapitalSheetReadsBack(t *testing.T) {
	t.Parallel()
	o := Office{Communes: []data.Commune{{ID: 3, Code: "17017"}},
		CapitalPools: []data.CapitalPool{{ID: 1, Level: data.CapitalProvince, Giver: "Ủy ban nhân dân tỉnh Nghệ An"},
			{ID: 2, Level: data.CapitalCommune, Giver: "Ủy ban nhân dân xã Quỳnh Đôi", CommuneID: 3}},
		CapitalEntries: []data.CapitalEntry{
			{ID: 1, PoolID: 1, Kind: data.CapitalTransfer, On: data.MustDate("2014-06-10"), Amount: 300_000_000, Decision: "555/QĐ-UBND"},
			{ID: 2, PoolID: 2, Kind: data.CapitalTransfer, On: data.MustDate("2020-12-20"), Amount: 70_000_000, Decision: "12/QĐ-UBND"},
			{ID: 3, PoolID: 2, Kind: data.CapitalReversal, On: data.MustDate("2020-12-20"), Amount: 70_000_000, Decision: "13/QĐ-UBND", Reverses: 2, Note: "nhầm"},
			{ID: 4, PoolID: 1, Kind: data.CapitalReturn, On: data.MustDate("2025-03-01"), Amount: 50_000_000, Decision: "40/QĐ-UBND"},
		}}
	for _, lang := range translations.Languages() {
		loc := translations.New(lang)
		path := filepath.Join(t.TempDir(), "capital-"+lang+".xlsx")
		write := func(tables ...reports.Table) {
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := reports.WriteXLSX(f, tables...); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}
		write(o.CapitalSheet(loc), o.PlacesSheet(loc))
		f, err := Open(context.Background(), path, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range f.Sheets {
			if s.Table.Sheet == loc.T("capital.report.sheet") && s.Mapping.Kind != "" {
				t.Errorf("%s: the capital sheet is taken for %s", lang, s.Mapping.Kind)
			}
		}
		rows, problems, found := TakeCapital(f, loc)
		if !found || len(problems) > 0 || len(rows) != 4 || len(f.Sheets) != 1 {
			t.Fatalf("%s: found %v, %d rows, problems %v, %d sheets left", lang, found, len(rows), problems, len(f.Sheets))
		}
		want := []data.CapitalRow{
			{No: 1, Kind: data.CapitalTransfer, Level: data.CapitalProvince, Giver: "Ủy ban nhân dân tỉnh Nghệ An", On: data.MustDate("2014-06-10"), Amount: 300_000_000, Decision: "555/QĐ-UBND"},
			{No: 2, Kind: data.CapitalTransfer, Level: data.CapitalCommune, Giver: "Ủy ban nhân dân xã Quỳnh Đôi", CommuneCode: "17017", On: data.MustDate("2020-12-20"), Amount: 70_000_000, Decision: "12/QĐ-UBND"},
			{No: 3, Reverses: 2, Kind: data.CapitalReversal, Level: data.CapitalCommune, Giver: "Ủy ban nhân dân xã Quỳnh Đôi", CommuneCode: "17017", On: data.MustDate("2020-12-20"), Amount: 70_000_000, Decision: "13/QĐ-UBND", Note: "nhầm"},
			{No: 4, Kind: data.CapitalReturn, Level: data.CapitalProvince, Giver: "Ủy ban nhân dân tỉnh Nghệ An", On: data.MustDate("2025-03-01"), Amount: 50_000_000, Decision: "40/QĐ-UBND"},
		}
		for i, r := range rows {
			r.Origin = data.Origin{}
			w := want[i]
			if r.Kind == data.CapitalReversal {
				r.Level = w.Level // a reversal's level is its entry's; the sheet writes it, the import need not read it
			}
			if !reflect.DeepEqual(r, w) {
				t.Errorf("%s row %d: %+v, want %+v", lang, i+1, r, w)
			}
		}
		write(CapitalTemplate(loc))
		f, _ = Open(context.Background(), path, nil)
		if rows, problems, found := TakeCapital(f, loc); !found || len(problems) > 0 || len(rows) != 1 {
			t.Errorf("%s template: %v %v %v", lang, found, rows, problems)
		}
	}
}
