package data

import "testing"

func TestNextInSequence(t *testing.T) {
	for _, c := range []struct {
		prefix string
		width  int
		used   []string
		want   string
	}{
		{"17890/2026/", 4, nil, "17890/2026/0001"},
		{"17890/2026/", 4, []string{"17890/2026/0009", "17890/2026/12", "17890/2026/00x1"}, "17890/2026/0010"},
		{"KH", 2, []string{"KH99"}, "KH100"}, // wider when it overflows
	} {
		if got := NextInSequence(c.prefix, c.width, c.used); got != c.want {
			t.Errorf("NextInSequence(%q, %d, %v) = %q, want %q", c.prefix, c.width, c.used, got, c.want)
		}
	}
}
