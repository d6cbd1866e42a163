package transfer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/reports"
	"policycredit/translations"
)

func table(rows ...string) Table {
	t := Table{}
	for i, r := range rows {
		t.Rows = append(t.Rows, Row{Line: i + 1, Cells: strings.Split(r, ";")})
	}
	return t
}

func TestRecogniseHeadersInEveryLanguage(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		header string
		kind   Kind
		want   []string
	}{
		{"vietnamese", "Mã KH;Họ và tên;Mã xã;Mã thôn;Số CCCD;Đối tượng", KindBorrowers,
			[]string{"customer_code", "customer_name", "commune_code", "village_code", "id_number", "category"}},
		{"without diacritics, upper case", "MA KH;HO TEN;MA XA;MA THON;SO CMND;DOI TUONG", KindBorrowers,
			[]string{"customer_code", "customer_name", "commune_code", "village_code", "id_number", "category"}},
		{"english", "Customer code;Customer name;Commune code;Village code;ID number;Category", KindBorrowers,
			[]string{"customer_code", "customer_name", "commune_code", "village_code", "id_number", "category"}},
		{"french titles of our own export", "Code client;Nom du client;Code de la commune;Code du village", KindBorrowers,
			[]string{"customer_code", "customer_name", "commune_code", "village_code"}},
		{"bank loan file", "So KU;Ma KH;Ma CT;So tien vay (dong);Ngay vay;Thoi han;Du no qua han;Cot la", KindLoans,
			[]string{"contract", "customer_code", "program", "amount", "signed_on", "term", "overdue", ""}},
		{"entries", "Ngày hạch toán;Loại giao dịch;Số khế ước;Mã KH;Số tiền giao dịch", KindEntries,
			[]string{"value_date", "entry_kind", "contract", "customer_code", "entry_amount"}},
		{"places", "Cấp;Mã;Tên;Mã xã", KindPlaces, []string{"level", "code", "name", "commune_code"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := Recognise(table("Báo cáo chi tiết;;", c.header, "x;y"))
			if m.Kind != c.kind || m.HeaderLine != 2 {
				t.Fatalf("kind %q on line %d, want %q on line 2", m.Kind, m.HeaderLine, c.kind)
			}
			if strings.Join(m.Columns, ",") != strings.Join(c.want, ",") {
				t.Errorf("columns %q, want %q", m.Columns, c.want)
			}
			if len(m.Missing()) != 0 && c.kind != KindLoans {
				t.Errorf("missing %q", m.Missing())
			}
		})
	}
}

func TestRecogniseNothingInAPlainTable(t *testing.T) {
	t.Parallel()
	m := Recognise(table("a;b;c", "1;2;3"))
	if m.Kind != "" || m.HeaderLine != 0 {
		t.Errorf("recognised %q on line %d", m.Kind, m.HeaderLine)
	}
}

func TestMappingChangesAndMemory(t *testing.T) {
	t.Parallel()
	m := Recognise(table("Mã KH;Tên;Mã xã;Mã thôn;Cột lạ"))
	if m.Kind != KindBorrowers || len(m.Missing()) != 0 || m.Columns[1] != "" {
		t.Fatalf("kind %q, missing %q, columns %q", m.Kind, m.Missing(), m.Columns)
	}
	m.SetColumn(1, "customer_name")
	m.SetColumn(4, "customer_name") // one field, one column: column 1 lets it go
	if m.Columns[1] != "" || m.Columns[4] != "customer_name" || len(m.Missing()) != 0 {
		t.Fatalf("columns %q", m.Columns)
	}
	stored := m.Stored()
	again := Recognise(table("MA KH;ten;ma xa;MA THON;cot la"))
	if again.Signature() != m.Signature() {
		t.Fatal("the same header in other case and diacritics has another signature")
	}
	again.Restore(stored)
	if !again.Remembered || strings.Join(again.Columns, ",") != strings.Join(m.Columns, ",") {
		t.Errorf("remembered %v %q", again.Remembered, again.Columns)
	}
	other := Recognise(table("Mã KH;Tên;Mã xã"))
	other.Restore(stored) // another header: the stored columns do not fit
	if other.Remembered {
		t.Error("a mapping of another header was applied")
	}
}

func TestCellValues(t *testing.T) {
	t.Parallel()
	dates := map[string]string{"2025-03-18": "2025-03-18", "18/03/2025": "2025-03-18", "8/3/2025": "2025-03-08",
		"18-03-2025": "2025-03-18", "18.03.2025": "2025-03-18", "45734": "2025-03-18"}
	for in, want := range dates {
		if d, err := parseDate(in); err != nil || d.String() != want {
			t.Errorf("date %q: %v %v, want %s", in, d, err, want)
		}
	}
	for _, bad := range []string{"31/02/2025", "2025-13-01", "abc", "18/03/25", "1.5"} {
		if _, err := parseDate(bad); err == nil {
			t.Errorf("date %q accepted", bad)
		}
	}
	money := map[string]data.Dong{"50000000": 50_000_000, "50.000.000": 50_000_000, "50,000,000": 50_000_000,
		"50 000 000": 50_000_000, "50000000.0": 50_000_000, "1.234.567 đ": 1_234_567, "0": 0}
	for in, want := range money {
		if v, err := parseMoney(in); err != nil || v != want {
			t.Errorf("money %q: %d %v, want %d", in, v, err, want)
		}
	}
	for bad, rule := range map[string]string{"-5000000": "import_negative", "(5000)": "import_negative",
		"1,5": "import_money", "1.5": "import_money", "12.34.567": "import_money", "50tr": "import_money"} {
		_, err := parseMoney(bad)
		if e, ok := err.(*data.Error); !ok || e.Rule != rule {
			t.Errorf("money %q: %v, want rule %s", bad, err, rule)
		}
	}
	ids := map[string]string{"038080000574": "038080000574", "038080000574.0": "038080000574", "123456789": "123456789"}
	for in, want := range ids {
		if v, err := parseDigits(in, []int{9, 12}); err != nil || v != want {
			t.Errorf("ID %q: %q %v", in, v, err)
		}
	}
	if _, err := parseDigits("38080000574", []int{9, 12}); err == nil || !strings.Contains(err.Error(), "leading_zeros") {
		t.Errorf("an 11-digit ID number: %v, want a lost leading zero", err)
	}
	if _, err := parseDigits("1600", []int{5}); err == nil || !strings.Contains(err.Error(), "leading_zeros") {
		t.Errorf("a 4-digit commune code: %v, want a lost leading zero", err)
	}
	rates, err := parseRates("2024-01-01 0,55; 2025-07-01 0.5%")
	if err != nil || len(rates) != 2 || FormatRates(rates) != "2024-01-01 0.55; 2025-07-01 0.5" {
		t.Errorf("rates %v %v", rates, err)
	}
}

func TestChoicesInEveryLanguage(t *testing.T) {
	t.Parallel()
	for key, cases := range map[string]map[string]string{
		"category":    {"Hộ nghèo": "poor", "ho ngheo": "poor", "Near-poor household": "near_poor", "CẬN NGHÈO": "near_poor"},
		"association": {"Hội Nông dân": "HND", "HPN": "HPN", "Veterans' Association": "CCB", "Đoàn Thanh niên": "DTN"},
		"gender":      {"Nữ": "female", "nu": "female", "Male": "male", "Homme": "male"},
		"entry_kind":  {"Thu lãi": "interest", "Principal repayment": "principal", "Giải ngân": "disburse"},
	} {
		for in, want := range cases {
			if got, ok := fixedChoices[key].lookup(in); !ok || got != want {
				t.Errorf("%s %q: %q, want %q", key, in, got, want)
			}
		}
	}
	programs := programChoices([]data.Program{{Code: "01", Name: map[string]string{"vi": "Cho vay hộ nghèo", "en": "Poor households"}}})
	for _, in := range []string{"01", "1", "cho vay ho ngheo", "Poor households"} {
		if got, ok := programs.lookup(in); !ok || got != "01" {
			t.Errorf("program %q: %q", in, got)
		}
	}
	// Every choice a template offers reads back.
	loc := translations.New("fr")
	for _, k := range Kinds {
		for _, f := range FieldsOf(k) {
			if f.Type != TypeChoice || f.Key == "program" {
				continue
			}
			for _, v := range templateChoices(loc, f.Key, nil) {
				if _, ok := fixedChoices[f.Key].lookup(v); !ok {
					t.Errorf("%s: the template offers %q, which the import does not read", f.Key, v)
				}
			}
		}
	}
}

// A blank template in any language, written and read back as a file, is read as its own kind,
// every column recognised, and its example row reads without a problem.
func TestTemplatesReadBack(t *testing.T) {
	t.Parallel()
	programs := []data.Program{{Code: "01", Name: map[string]string{"vi": "Cho vay hộ nghèo"}}}
	for _, lang := range translations.Languages() {
		loc := translations.New(lang)
		for _, k := range Kinds {
			s := Template(loc, k, programs)
			for i, c := range s.Columns {
				if f := FieldsOf(k)[i]; f.Type == TypeChoice && len(c.Choices) == 0 {
					t.Errorf("%s %s: column %q has no drop-down list", lang, k, c.Title)
				}
			}
			path := filepath.Join(t.TempDir(), "template.xlsx")
			var buf bytes.Buffer
			if err := reports.WriteXLSX(&buf, s); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			f, err := Open(t.Context(), path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Sheets) != 1 {
				t.Errorf("%s %s: %d sheets read, want the template's alone (its lists are hidden)", lang, k, len(f.Sheets))
			}
			m := f.Sheets[0].Mapping
			if m.Kind != k || len(m.Missing()) > 0 {
				t.Errorf("%s %s template read as %q, missing %q", lang, k, m.Kind, m.Missing())
				continue
			}
			for i, c := range m.Columns {
				if c != FieldsOf(k)[i].Key {
					t.Errorf("%s %s: column %q read as %q", lang, k, m.Header[i], c)
				}
			}
			_, problems, err := Build(t.Context(), f.Sheets, Env{Programs: programs, CutOff: data.MustDate("2026-06-30")}, nil)
			if err != nil || len(problems) > 0 {
				t.Errorf("%s %s example row: %v %+v", lang, k, err, problems)
			}
		}
	}
}

// Every column a kind lists is a field with a title in every language.
func TestEveryKindFieldExists(t *testing.T) {
	t.Parallel()
	for _, k := range Kinds {
		for _, key := range kindFields[k].all {
			f, ok := fields[key]
			if !ok || f.Key != key {
				t.Errorf("%s lists %q, which is no field", k, key)
				continue
			}
			for _, lang := range translations.Languages() {
				if title := translations.New(lang).T(f.TitleID()); title == f.TitleID() {
					t.Errorf("%s: %q has no title", lang, key)
				}
			}
		}
	}
}
