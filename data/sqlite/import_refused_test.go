package sqlite

import (
	"fmt"
	"reflect"
	"testing"

	"policycredit/data"
	"policycredit/data/pgtest"
)

// refusedLinesBatch is a households file of 11 lines whose lines 6 and 10 repeat a phone
// number, line 7 names a village the office does not have and line 8 a gender that is not
// one; bad leaves the refused lines out.
func refusedLinesBatch(bad bool) *data.ImportBatch {
	o := func(line int) data.Origin { return data.Origin{Sheet: "hộ", Line: line} }
	household := func(line int, code, name, phone string) data.ImportBorrower {
		return data.ImportBorrower{Origin: o(line), Borrower: data.Borrower{Code: code, Name: name, Phone: phone,
			Category: data.CategoryPoor, Active: true}, CommuneCode: "27001", VillageCode: "V1"}
	}
	b := &data.ImportBatch{
		Communes: []data.ImportCommune{{Origin: o(2), Commune: data.Commune{Code: "27001", Name: "Xã Tân Lập"}}},
		Villages: []data.ImportVillage{{Origin: o(3), Village: data.Village{Code: "V1", Name: "Thôn Một"}, CommuneCode: "27001"}},
		Groups: []data.ImportGroup{{Origin: o(4), Group: data.Group{Code: "T1", Name: "Tổ Hội Nông dân 1", Association: "HND",
			FoundedOn: data.MustDate("2020-01-01"), Status: data.GroupActive}, CommuneCode: "27001", VillageCode: "V1"}},
	}
	good := []data.ImportBorrower{household(5, "KH1", "Nguyễn Văn An", "0912000001"),
		household(9, "KH5", "Trần Thị Bình", "0912000005"), household(11, "KH7", "Lê Văn Cường", "0912000007")}
	good[2].GroupCode = "T1"
	if !bad {
		b.Borrowers = good
		return b
	}
	nowhere := household(7, "KH3", "Phạm Thị Dung", "")
	nowhere.VillageCode = "V9"
	noGender := household(8, "KH4", "Hoàng Văn Em", "")
	noGender.Gender = "X"
	b.Borrowers = []data.ImportBorrower{good[0], household(6, "KH2", "Vũ Thị Giang", "0912000001"), nowhere, noGender,
		good[1], household(10, "KH6", "Đỗ Văn Hùng", "0912000005"), good[2]}
	return b
}

// An imported file whose lines are refused, one of them by the database itself (a unique index
// the store does not check first, standing for any rule only the database knows): every line
// is checked, the report names each refused line with its reason, nothing is written, and the
// file without those lines then imports — alike on both engines. PostgreSQL aborts a
// transaction at its first failed statement, where SQLite undoes only that statement: without
// a savepoint per line, the line after the first duplicate phone failed there.
func TestImportRefusedLinesOnEachEngine(t *testing.T) {
	reports := map[string][]string{}
	onEachEngine(t, func(t *testing.T, s *Store, addr string) {
		if _, err := s.db.Exec(`CREATE UNIQUE INDEX borrowers_phone_test ON borrowers(phone) WHERE phone <> ''`); err != nil {
			t.Fatal(err)
		}
		res, err := s.Import(userCtx, refusedLinesBatch(true), data.ImportOptions{})
		if err != nil {
			t.Fatalf("Import: %v", err)
		}
		var got []string
		for _, p := range res.Problems {
			got = append(got, fmt.Sprintf("%s:%d %s %v", p.Sheet, p.Line, p.Field, p.Err))
		}
		want := []string{
			"hộ:6 borrower.phone conflict borrower.phone: duplicate",
			"hộ:7 import.village_code not_found import.village_code: not_found Code=V9",
			"hộ:8 borrower.gender invalid borrower.gender: one_of",
			"hộ:10 borrower.phone conflict borrower.phone: duplicate",
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("problems\n%q\nwant\n%q", got, want)
		}
		reports[t.Name()] = got
		if c := res.Counts["borrower"]; c.Created != 3 || res.Written {
			t.Errorf("borrowers %+v, written %v; want the 3 good lines checked and nothing written", c, res.Written)
		}
		if _, err := s.BorrowerByCode(userCtx, "KH1"); !data.HasCode(err, data.CodeNotFound) {
			t.Errorf("a refused file wrote KH1: %v", err)
		}

		res, err = s.Import(userCtx, refusedLinesBatch(false), data.ImportOptions{})
		if err != nil || len(res.Problems) > 0 || !res.Written {
			t.Fatalf("the good lines: %v, %+v", err, res)
		}
		for _, code := range []string{"KH1", "KH5", "KH7"} {
			if _, err := s.BorrowerByCode(userCtx, code); err != nil {
				t.Errorf("%s after the good lines' import: %v", code, err)
			}
		}
	})
	if a, b := reports["TestImportRefusedLinesOnEachEngine/sqlite"], reports["TestImportRefusedLinesOnEachEngine/postgres"]; !reflect.DeepEqual(a, b) {
		t.Errorf("the engines' reports differ:\nSQLite     %q\nPostgreSQL %q", a, b)
	}
}

// A text PostgreSQL cannot store (a NUL character, which a CSV file may hold and SQLite keeps)
// refuses its line, with its number, instead of failing the whole import with the server's
// words; the other lines are still checked.
func TestImportRefusesANulCharacterOnPostgres(t *testing.T) {
	s := openTest(t, pgtest.Database(t))
	b := refusedLinesBatch(false)
	b.Borrowers[1].Name = "Trần Thị\x00Bình"
	res, err := s.Import(userCtx, b, data.ImportOptions{})
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	if len(res.Problems) != 1 || res.Problems[0].Line != 9 || !data.HasCode(res.Problems[0].Err, data.CodeInvalid) {
		t.Errorf("problems %+v, want line 9 refused as invalid", res.Problems)
	}
	if c := res.Counts["borrower"]; c.Created != 2 || res.Written {
		t.Errorf("borrowers %+v, written %v; want the 2 other lines checked and nothing written", c, res.Written)
	}
}
