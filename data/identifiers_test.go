package data

import (
	"reflect"
	"strings"
	"testing"
)

func TestValidateIDNumber(t *testing.T) {
	t.Parallel()
	// A CCCD is PPP C YY NNNNNN: province PPP, century-and-sex digit C (0 male / 1 female born
	// 1900–1999, 2 male / 3 female born 2000–2099), YY the last two digits of the birth year.
	tests := []struct {
		name   string
		id     string
		year   int
		gender Gender
		rule   string         // "" when valid
		params map[string]any // checked when rule != ""
	}{
		// Valid, one per century-and-sex digit.
		{"male 1985 (digit 0, Hà Nội 001)", "001085012345", 1985, GenderMale, "", nil},
		{"female 1990 (digit 1, Nghệ An 040)", "040190001234", 1990, GenderFemale, "", nil},
		{"male 2003 (digit 2, Nam Định 036)", "036203001234", 2003, GenderMale, "", nil},
		{"female 2001 (digit 3, TP HCM 079)", "079301001234", 2001, GenderFemale, "", nil},
		{"female 1900 (first year of digit 1)", "096100000001", 1900, GenderFemale, "", nil},
		{"male 1999 (last year of digit 0)", "001099000001", 1999, GenderMale, "", nil},
		{"male 2000 (first year of digit 2)", "001200000001", 2000, GenderMale, "", nil},
		// Birth year and gender unknown: only the shape and province are checked.
		{"year and gender unknown", "001385012345", 0, GenderUnknown, "", nil},
		// Gender unknown: the year is still checked, the sex digit is not.
		{"gender unknown, year matches", "001185012345", 1985, GenderUnknown, "", nil},
		// Year unknown: the sex digit is still checked.
		{"year unknown, sex matches", "001185012345", 0, GenderFemale, "", nil},
		{"old 9-digit CMND", "186543210", 1970, GenderMale, "", nil},
		{"old 9-digit CMND, any digits", "000000000", 1985, GenderFemale, "", nil},
		{"empty is optional", "", 1985, GenderMale, "", nil},

		// Province codes: 003 lies in a gap of the list (002 Hà Giang, 004 Cao Bằng); 100 is
		// above the last (096 Cà Mau); 000 is not a province.
		{"province 003", "003085012345", 1985, GenderMale, "cccd_province", map[string]any{"Code": "003"}},
		{"province 100", "100085012345", 1985, GenderMale, "cccd_province", map[string]any{"Code": "100"}},
		{"province 000", "000085012345", 1985, GenderMale, "cccd_province", map[string]any{"Code": "000"}},
		// Century: digit 2 means born 2000–2099, so 1985 does not fit.
		{"digit 2 for 1985", "001285012345", 1985, GenderMale, "cccd_century", map[string]any{"Digit": 2, "Year": 1985}},
		// Digit 1 means born 1900–1999, so 2005 does not fit.
		{"digit 1 for 2005", "001105012345", 2005, GenderFemale, "cccd_century", map[string]any{"Digit": 1, "Year": 2005}},
		// Digit 4 means born 2100–2199.
		{"digit 4 for 1985", "001485012345", 1985, GenderMale, "cccd_century", map[string]any{"Digit": 4, "Year": 1985}},
		// Year digits: "85" but born 1986 (86 ≠ 85).
		{"year digits 85 for 1986", "001085012345", 1986, GenderMale, "cccd_birth_year", map[string]any{"Digits": "85", "Year": 1986}},
		// Year digits: "01" but born 2010.
		{"year digits 01 for 2010", "001201012345", 2010, GenderMale, "cccd_birth_year", map[string]any{"Digits": "01", "Year": 2010}},
		// Sex: digit 0 is a man, the record says a woman.
		{"digit 0 for a woman", "001085012345", 1985, GenderFemale, "cccd_sex", map[string]any{"Digit": 0}},
		// Sex: digit 1 is a woman, the record says a man.
		{"digit 1 for a man", "001185012345", 1985, GenderMale, "cccd_sex", map[string]any{"Digit": 1}},
		{"digit 2 for a woman", "001203012345", 2003, GenderFemale, "cccd_sex", map[string]any{"Digit": 2}},
		{"digit 3 for a man", "001303012345", 2003, GenderMale, "cccd_sex", map[string]any{"Digit": 3}},
		// Lengths: only 9 and 12 digits exist.
		{"10 digits", "0010850123", 1985, GenderMale, "id_number_length", nil},
		{"11 digits", "00108501234", 1985, GenderMale, "id_number_length", nil},
		{"13 digits", "0010850123456", 1985, GenderMale, "id_number_length", nil},
		{"8 digits", "18654321", 0, GenderUnknown, "id_number_length", nil},
		{"letters", "00108501234A", 1985, GenderMale, "id_number_length", nil},
		{"letter in a CMND", "B86543210", 0, GenderUnknown, "id_number_length", nil},
		{"spaces not normalised", "001 085 012 345", 1985, GenderMale, "id_number_length", nil},
		// Full-width digits are not ASCII digits.
		{"full-width digits", "００１０８５０１２３４５", 1985, GenderMale, "id_number_length", nil},
	}
	for _, tc := range tests {
		e := ValidateIDNumber("borrower.id_number", tc.id, tc.year, tc.gender)
		if tc.rule == "" {
			if e != nil {
				t.Errorf("%s: ValidateIDNumber(%q, %d, %q) = %v, want nil", tc.name, tc.id, tc.year, tc.gender, e)
			}
			continue
		}
		if e == nil {
			t.Errorf("%s: ValidateIDNumber(%q, %d, %q) = nil, want %s", tc.name, tc.id, tc.year, tc.gender, tc.rule)
			continue
		}
		if e.Field != "borrower.id_number" || e.Rule != tc.rule || e.Code != CodeInvalid {
			t.Errorf("%s: got %s %s:%s, want invalid borrower.id_number:%s", tc.name, e.Code, e.Field, e.Rule, tc.rule)
		}
		if !reflect.DeepEqual(e.Params, tc.params) {
			t.Errorf("%s: params %v, want %v", tc.name, e.Params, tc.params)
		}
	}
}

func TestNormaliseIDNumber(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"001085012345", "001085012345"},
		{" 001 085 012 345 ", "001085012345"},
		{"001.085.012.345", "001085012345"},
		{"001-085-012-345", "001085012345"},
		{"186 543 210", "186543210"},
		{"", ""},
		{"   ", ""},
		// Letters are kept: the validator refuses them rather than silently dropping them.
		{"00108501234A", "00108501234A"},
	}
	for _, tc := range tests {
		if got := NormaliseIDNumber(tc.in); got != tc.want {
			t.Errorf("NormaliseIDNumber(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNormalisePhone(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"0912 345 678", "0912345678"},
		{"+84912345678", "0912345678"}, // +84 then 9 digits → 0 then the same 9 digits
		{"+84 912 345 678", "0912345678"},
		{"091.234.5678", "0912345678"},
		{"091-234-5678", "0912345678"},
		{"(091) 234 5678", "0912345678"},
		{" 0912345678 ", "0912345678"},
		{"0912345678", "0912345678"},
		{"", ""},
		// +84 with a landline prefix is not a mobile: left as typed (minus separators) so the
		// validator refuses it.
		{"+84 24 3825 1234", "+842438251234"},
		// Too short after +84: left alone.
		{"+8491234567", "+8491234567"},
	}
	for _, tc := range tests {
		if got := NormalisePhone(tc.in); got != tc.want {
			t.Errorf("NormalisePhone(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestValidatePhone(t *testing.T) {
	t.Parallel()
	tests := []struct {
		phone string
		ok    bool
	}{
		{"", true},
		{"0312345678", true},   // Viettel 03x
		{"0512345678", true},   // Vietnamobile 05x
		{"0712345678", true},   // MobiFone 07x
		{"0812345678", true},   // VinaPhone 08x
		{"0912345678", true},   // 09x
		{"091234567", false},   // 9 digits
		{"09123456789", false}, // 11 digits
		{"0212345678", false},  // 02x is a landline area code
		{"0412345678", false},  // 04 is not a mobile prefix
		{"0612345678", false},  // 06 is not a mobile prefix
		{"0112345678", false},
		{"1912345678", false},   // must start with 0
		{"+84912345678", false}, // must be normalised first
		{"0912 345 678", false}, // must be normalised first
		{"091234567a", false},   // letter
		{"84912345678", false},  // country code without + or 0
		{"０９１２３４５６７８", false},   // full-width digits
	}
	for _, tc := range tests {
		e := ValidatePhone("borrower.phone", tc.phone)
		want := ""
		if !tc.ok {
			want = "borrower.phone:phone_format"
		}
		checkOne(t, "ValidatePhone("+tc.phone+")", e, want)
	}
}

func TestValidateDigits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s      string
		n      int
		rule   string
		params map[string]any
	}{
		{"17989", 5, "", nil},
		{"00001", 5, "", nil},
		{"01", 2, "", nil},
		{"", 5, "required", nil},
		{"1234", 5, "digits", map[string]any{"N": 5}},
		{"123456", 5, "digits", map[string]any{"N": 5}},
		{"12a45", 5, "digits", map[string]any{"N": 5}},
		{"12 45", 5, "digits", map[string]any{"N": 5}},
		{"-1234", 5, "digits", map[string]any{"N": 5}},
		{"1", 2, "digits", map[string]any{"N": 2}},
	}
	for _, tc := range tests {
		e := ValidateDigits("commune.code", tc.s, tc.n)
		want := ""
		if tc.rule != "" {
			want = "commune.code:" + tc.rule
		}
		checkOne(t, "ValidateDigits("+tc.s+")", e, want)
		if e != nil && !reflect.DeepEqual(e.Params, tc.params) {
			t.Errorf("ValidateDigits(%q, %d) params %v, want %v", tc.s, tc.n, e.Params, tc.params)
		}
	}
}

func TestValidateCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		s    string
		max  int
		rule string
	}{
		{"letters and digits", "KH0001", 20, ""},
		{"with separators", "KH-01.2024/a_b", 20, ""},
		{"starts with a digit", "1T", 20, ""},
		{"exactly max (20)", strings.Repeat("A", 20), 20, ""},
		{"one over max (21)", strings.Repeat("A", 21), 20, "too_long"},
		{"empty", "", 20, "required"},
		{"space inside", "KH 0001", 20, "code_chars"},
		{"starts with a dash", "-KH1", 20, "code_chars"},
		{"starts with a dot", ".KH1", 20, "code_chars"},
		{"Vietnamese letter", "ĐT01", 20, "code_chars"},
		{"leading space", " KH1", 20, "code_chars"},
	}
	for _, tc := range tests {
		e := ValidateCode("borrower.code", tc.s, tc.max)
		want := ""
		if tc.rule != "" {
			want = "borrower.code:" + tc.rule
		}
		checkOne(t, tc.name, e, want)
		if tc.rule == "too_long" && e != nil && !reflect.DeepEqual(e.Params, map[string]any{"Max": tc.max}) {
			t.Errorf("%s: params %v, want Max=%d", tc.name, e.Params, tc.max)
		}
	}
}

func TestValidateName(t *testing.T) {
	t.Parallel()
	// "Đặng" is 4 letters but 7 bytes in UTF-8 (Đ 2, ặ 3, n 1, g 1): the limit counts letters.
	hundred := strings.Repeat("Đặng ", 20) // 20 × 5 = 100 letters, 20 × 8 = 160 bytes
	if n := len([]rune(hundred)); n != 100 {
		t.Fatalf("test setup: %d runes", n)
	}
	if len(hundred) != 160 {
		t.Fatalf("test setup: %d bytes", len(hundred))
	}
	tests := []struct {
		name string
		s    string
		max  int
		rule string
	}{
		{"ordinary", "Nguyễn Thị Đào", 100, ""},
		{"100 Vietnamese letters (160 bytes)", hundred, 100, ""},
		{"101 Vietnamese letters", hundred + "ễ", 100, "too_long"},
		{"100 'ễ' (300 bytes)", strings.Repeat("ễ", 100), 100, ""},
		{"empty", "", 100, "required"},
		{"only spaces", "   ", 100, "required"},
		{"tab and newline", "\t\n", 100, "required"},
	}
	for _, tc := range tests {
		e := ValidateName("borrower.name", tc.s, tc.max)
		want := ""
		if tc.rule != "" {
			want = "borrower.name:" + tc.rule
		}
		checkOne(t, tc.name, e, want)
		if tc.rule == "too_long" && e != nil && !reflect.DeepEqual(e.Params, map[string]any{"Max": tc.max}) {
			t.Errorf("%s: params %v, want Max=%d", tc.name, e.Params, tc.max)
		}
	}
}

func TestValidateOptionalText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		s    string
		rule string
	}{
		{"empty", "", ""},
		{"50 letters with diacritics", strings.Repeat("ơ", 50), ""},
		{"51 letters", strings.Repeat("ơ", 51), "too_long"},
	}
	for _, tc := range tests {
		e := ValidateOptionalText("borrower.ethnicity", tc.s, 50)
		want := ""
		if tc.rule != "" {
			want = "borrower.ethnicity:" + tc.rule
		}
		checkOne(t, tc.name, e, want)
	}
}
