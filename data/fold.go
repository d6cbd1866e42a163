package data

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold turns a name into its search key: lower case, diacritics removed, đ→d, runs of spaces
// collapsed. "Nguyễn Thị Đào" and "nguyen thi dao" fold to the same key.
func Fold(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case 'đ', 'Đ':
			return 'd'
		}
		return r
	}, s)
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.Join(strings.Fields(strings.ToLower(out)), " ")
}

// SearchTerms splits a query into folded words; a record matches when its key holds every
// word, in any order.
func SearchTerms(query string) []string { return strings.Fields(Fold(query)) }

// NFC normalises text to composed form; Vietnamese typed with combining accents would
// otherwise compare, sort and print wrongly.
func NFC(s string) string { return norm.NFC.String(strings.TrimSpace(s)) }
