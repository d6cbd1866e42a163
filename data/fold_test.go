package data

import (
	"reflect"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Nguyễn Thị Đào", "nguyen thi dao"},
		{"ĐẶNG  Văn   Ơn", "dang van on"},          // upper case, runs of spaces collapse
		{"  Trần\tQuốc\nTuấn  ", "tran quoc tuan"}, // tabs, newlines, leading/trailing space
		{"đđĐĐ", "dddd"},                           // đ has no decomposition: mapped by hand
		{"Lê Thị Ánh Hường", "le thi anh huong"},
		{"Ưng Hoàng Phúc", "ung hoang phuc"},
		{"Bùi Thị Xuân", "bui thi xuan"},
		{"Ngô Quyền KH0001", "ngo quyen kh0001"},
		{"nguyen thi dao", "nguyen thi dao"}, // already folded: unchanged
		{"", ""},
		{"   ", ""},
	}
	for _, tc := range tests {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
		// The same text typed with combining accents (NFD) folds the same way.
		nfd := norm.NFD.String(tc.in)
		if got := Fold(nfd); got != tc.want {
			t.Errorf("Fold(NFD %q) = %q, want %q", nfd, got, tc.want)
		}
	}
}

func TestFoldDecomposedInput(t *testing.T) {
	t.Parallel()
	composed := "Nguyễn Thị Đào"
	// "ễ" written as e + U+0302 (circumflex) + U+0303 (tilde), "ị" as i + U+0323 (dot below),
	// "à" as a + U+0300 (grave): what some keyboards and old files produce.
	decomposed := "Nguye\u0302\u0303n Thi\u0323 \u0110a\u0300o"
	if composed == decomposed {
		t.Fatal("test setup: strings should differ byte-wise")
	}
	if norm.NFC.String(decomposed) != composed {
		t.Fatal("test setup: decomposed is not the NFD of composed")
	}
	if got, want := Fold(decomposed), "nguyen thi dao"; got != want {
		t.Errorf("Fold(decomposed) = %q, want %q", got, want)
	}
	if Fold(decomposed) != Fold(composed) {
		t.Errorf("Fold differs: %q vs %q", Fold(decomposed), Fold(composed))
	}
}

func TestSearchTerms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query string
		want  []string
	}{
		{"Đào Nguyễn", []string{"dao", "nguyen"}},
		{"  THỊ   đào ", []string{"thi", "dao"}},
		{"KH0001", []string{"kh0001"}},
		{"", nil},
		{"   ", nil},
	}
	for _, tc := range tests {
		got := SearchTerms(tc.query)
		if len(got) == 0 && len(tc.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("SearchTerms(%q) = %q, want %q", tc.query, got, tc.want)
		}
	}
}

func TestNFC(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Nguye\u0302\u0303n", "Nguyễn"},
		{"  Đào  ", "Đào"}, // trimmed
		{"Thi\u0323", "Thị"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := NFC(tc.in); got != tc.want {
			t.Errorf("NFC(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
