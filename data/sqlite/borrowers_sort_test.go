package sqlite

import (
	"bytes"
	"testing"
)

// People sort by given name, then family name, then middle names, in the Vietnamese alphabet:
// Đ is a letter of its own after D, so "Đào" follows "Dương" although a comes before ư.
// Each name sorts strictly before the next.
func TestSortKeyVietnameseOrder(t *testing.T) {
	t.Parallel()
	ordered := []string{
		"Nguyễn Văn An",   // given name first: every An …
		"Trần Thị An",     // (same given name: by family name, N before T)
		"Nguyễn Văn Bình", // … before every Bình, whatever the family name
		"Trần Thị Bình",
		"Lê Văn Dũng",
		"Hà Thị Dương",   // ư after u
		"Lê Thị Đào",     // Đ after every D
		"Nguyễn Thị Đào", // same given name: by family name
		"Nguyễn Văn Đào", // same given and family name: by middle name
		"Vũ Thị Em",      // E after Đ
	}
	for i := 1; i < len(ordered); i++ {
		a, b := ordered[i-1], ordered[i]
		if bytes.Compare(sortKey(a), sortKey(b)) >= 0 {
			t.Errorf("%q should sort before %q", a, b)
		}
	}
	// Case and Unicode form do not matter: a decomposed, lower-case name gets the same key.
	if !bytes.Equal(sortKey("Nguyễn Văn Đào"), sortKey("nguye\u0302\u0303n va\u0306n đa\u0300o")) {
		t.Error("case or decomposition changes the sort key")
	}
}

// Village, group and commune names compare in the same alphabet; a sort on folded text
// (đ → d) would put "Đào" before "Dương", a sort on code points "Â" before "Ă".
func TestCompareTextVietnamese(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ a, b string }{
		{"Dương", "Đào"},
		{"Dương Xá", "Đông Hòa"},
		{"Đông Hòa", "Em"},
		{"An", "Ăn"},
		{"Ăn", "Ân"},
		{"Thôn 2", "Thôn 3"},
		{"o", "ô"},
		{"ô", "ơ"},
		{"u", "ư"},
	} {
		if compareText(c.a, c.b) >= 0 || compareText(c.b, c.a) <= 0 {
			t.Errorf("%q should sort before %q", c.a, c.b)
		}
	}
}
