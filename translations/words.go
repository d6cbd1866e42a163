package translations

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"policycredit/data"
)

// AmountInWords writes an amount out in words, as statements print it under the figures
// ("bằng chữ"): Vietnamese with a capital first letter, English and French in lower case.
// Amounts beyond ±999 999 999 999 999 đồng return "".
func (l *Localizer) AmountInWords(d data.Dong) string {
	n := int64(d)
	if n > maxAmount || n < -maxAmount {
		return ""
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var words []string
	switch l.lang {
	case "en":
		words = append(enWords(n), "dong")
		if neg {
			words = append([]string{"minus"}, words...)
		}
	case "fr":
		words = append(frWords(n), frCurrency(n))
		if neg {
			words = append([]string{"moins"}, words...)
		}
	default:
		words = append(viWords(n), "đồng")
		if neg {
			words = append([]string{"âm"}, words...)
		}
		return capitalise(strings.Join(words, " "))
	}
	return strings.Join(words, " ")
}

func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

var viDigits = [...]string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// viWords reads n < 10¹⁵. Above a billion the count of tỷ is read like any number, so 10¹² is
// "một nghìn tỷ".
func viWords(n int64) []string {
	if n == 0 {
		return []string{"không"}
	}
	var w []string
	higher := false // a group has been read: later groups read their hundreds, even "không trăm"
	if n >= 1_000_000_000 {
		w = append(viWords(n/1_000_000_000), "tỷ")
		n %= 1_000_000_000
		higher = true
	}
	for _, g := range []struct {
		size int64
		name string
	}{{1_000_000, "triệu"}, {1_000, "nghìn"}, {1, ""}} {
		t := int(n / g.size % 1000)
		if t == 0 {
			continue
		}
		w = append(w, viTriple(t, higher)...)
		if g.name != "" {
			w = append(w, g.name)
		}
		higher = true
	}
	return w
}

// viTriple reads 1..999 in the northern usage chosen for statements, one way everywhere:
// "linh", not "lẻ", for a zero ten (một trăm linh năm); after "mươi" one is "mốt", four is
// "tư", five is "lăm" (hai mươi tư, not hai mươi bốn); after "mười" five is "lăm" but four
// stays "bốn" (mười bốn); after "linh" every digit keeps its name.
func viTriple(n int, full bool) []string {
	h, t, u := n/100, n/10%10, n%10
	var w []string
	if h > 0 || full {
		w = append(w, viDigits[h], "trăm")
	}
	switch {
	case t == 0 && u == 0:
	case t == 0:
		if len(w) > 0 {
			w = append(w, "linh")
		}
		w = append(w, viDigits[u])
	case t == 1:
		w = append(w, "mười")
		if u == 5 {
			w = append(w, "lăm")
		} else if u > 0 {
			w = append(w, viDigits[u])
		}
	default:
		w = append(w, viDigits[t], "mươi")
		switch u {
		case 0:
		case 1:
			w = append(w, "mốt")
		case 4:
			w = append(w, "tư")
		case 5:
			w = append(w, "lăm")
		default:
			w = append(w, viDigits[u])
		}
	}
	return w
}

var (
	enSmall = [...]string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
		"nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
		"seventeen", "eighteen", "nineteen"}
	enTens = [...]string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
		"eighty", "ninety"}
)

// enWords reads n < 10¹⁵ in American style, without "and".
func enWords(n int64) []string {
	if n == 0 {
		return []string{"zero"}
	}
	var w []string
	for _, g := range []struct {
		size int64
		name string
	}{{1e12, "trillion"}, {1e9, "billion"}, {1e6, "million"}, {1e3, "thousand"}, {1, ""}} {
		t := int(n / g.size % 1000)
		if t == 0 {
			continue
		}
		if t >= 100 {
			w = append(w, enSmall[t/100], "hundred")
		}
		switch r := t % 100; {
		case r == 0:
		case r < 20:
			w = append(w, enSmall[r])
		case r%10 == 0:
			w = append(w, enTens[r/10])
		default:
			w = append(w, enTens[r/10]+"-"+enSmall[r%10])
		}
		if g.name != "" {
			w = append(w, g.name)
		}
	}
	return w
}

var (
	frSmall = [...]string{"zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit",
		"neuf", "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize"}
	frTens = [...]string{"", "dix", "vingt", "trente", "quarante", "cinquante", "soixante"}
)

// frWords reads n < 10¹⁵ in the traditional spelling (hyphens only below a hundred). The
// long scale names 10¹² "billion". mille never varies; million, milliard and billion are nouns
// and take an s.
func frWords(n int64) []string {
	if n == 0 {
		return []string{"zéro"}
	}
	var w []string
	for _, g := range []struct {
		size int64
		name string
	}{{1e12, "billion"}, {1e9, "milliard"}, {1e6, "million"}, {1e3, "mille"}, {1, ""}} {
		t := int(n / g.size % 1000)
		switch {
		case t == 0:
		case g.name == "mille":
			if t > 1 { // "mille", never "un mille"
				w = append(w, frTriple(t, false)...)
			}
			w = append(w, "mille")
		case g.name == "":
			w = append(w, frTriple(t, true)...)
		default:
			name := g.name
			if t > 1 {
				name += "s"
			}
			w = append(append(w, frTriple(t, true)...), name)
		}
	}
	return w
}

// frTriple reads 1..999. cent and quatre-vingt take an s when nothing follows them but a noun
// (deux cents, deux cents millions, quatre-vingts), not before mille (deux cent mille): final
// says whether that is possible here.
func frTriple(n int, final bool) []string {
	h, r := n/100, n%100
	var w []string
	switch {
	case h == 1:
		w = append(w, "cent")
	case h > 1 && r == 0 && final:
		w = append(w, frSmall[h], "cents")
	case h > 1:
		w = append(w, frSmall[h], "cent")
	}
	if r > 0 {
		s := frBelow100(r)
		if r == 80 && final {
			s += "s"
		}
		w = append(w, s)
	}
	return w
}

// frBelow100 reads 1..99, with "et un" (vingt et un, soixante et onze) and the vigesimal
// seventies to nineties; 80 comes back as "quatre-vingt" for frTriple to agree.
func frBelow100(n int) string {
	t, u := n/10, n%10
	switch {
	case n <= 16:
		return frSmall[n]
	case n < 20:
		return "dix-" + frSmall[u]
	case t == 7:
		if u == 1 {
			return "soixante et onze"
		}
		return "soixante-" + frBelow100(10+u)
	case t == 8:
		if u == 0 {
			return "quatre-vingt"
		}
		return "quatre-vingt-" + frSmall[u]
	case t == 9:
		return "quatre-vingt-" + frBelow100(10+u)
	case u == 0:
		return frTens[t]
	case u == 1:
		return frTens[t] + " et un"
	default:
		return frTens[t] + "-" + frSmall[u]
	}
}

// frCurrency agrees the noun: "zéro dong", "un dong", "deux dongs", and "de dongs" straight
// after million, milliard or billion ("un million de dongs").
func frCurrency(n int64) string {
	switch {
	case n <= 1:
		return "dong"
	case n >= 1_000_000 && n%1_000_000 == 0:
		return "de dongs"
	}
	return "dongs"
}
