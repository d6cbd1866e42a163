package translations

import (
	"regexp"
	"strconv"
	"strings"

	"policycredit/data"
)

// unitWords are the multipliers people type after an amount, with diacritics folded away
// (tỷ → ty, nghìn → nghin): "1,5tr", "2 tỷ", "500k", "500n".
var unitWords = map[string]int64{
	"k": 1_000, "n": 1_000, "nghin": 1_000, "ngan": 1_000,
	"tr": 1_000_000, "trieu": 1_000_000,
	"ty": 1_000_000_000, "ti": 1_000_000_000,
}

// groupMark is the character each language groups digits with; a space groups in all of them.
var groupMark = map[string]byte{"vi": '.', "en": ',', "fr": ' '}

// ParseMoney reads an amount typed by a user: grouped digits in this language's style
// ("1.234.567", "1,234,567", "1 234 567") or plain ("1234567"), with or without "₫", "đ" or
// "VND", or a shorthand with a unit ("1,5tr", "1.5tr", "50tr", "2tỷ", "500k", "500n").
// It refuses what it would have to guess: "1,234" (a thousand, or 1.234?) and "1.500tr"
// are ambiguous, "1,5" and "1,2345678tr" are not whole đồng. Errors are *data.Error with
// Field "value"; a form puts its own field in their place.
func (l *Localizer) ParseMoney(s string) (data.Dong, error) {
	s = trimCurrency(data.Fold(s)) // lower case, no diacritics, single ASCII spaces
	neg := false
	for _, minus := range []string{"-", "\u2212"} {
		if rest, ok := strings.CutPrefix(s, minus); ok {
			neg, s = true, trimCurrency(strings.TrimSpace(rest))
			break
		}
	}
	if s == "" {
		return 0, data.Invalid("value", "required")
	}
	i := len(s)
	for i > 0 && s[i-1] >= 'a' && s[i-1] <= 'z' {
		i--
	}
	num, unit := strings.TrimSpace(s[:i]), s[i:]
	var v int64
	var err error
	if unit == "" {
		v, err = parseGrouped(num, groupMark[l.lang])
	} else if mult, ok := unitWords[unit]; ok {
		v, err = parseShorthand(num, mult)
	} else {
		err = data.Invalid("value", "money_format")
	}
	if err != nil {
		return 0, err
	}
	if neg {
		v = -v
	}
	return data.Dong(v), nil
}

func trimCurrency(s string) string {
	for _, c := range []string{"₫", "vnd", "dong", "d"} {
		if rest, ok := strings.CutSuffix(s, c); ok {
			s = strings.TrimSpace(rest)
			break
		}
	}
	for _, c := range []string{"₫", "vnd"} {
		if rest, ok := strings.CutPrefix(s, c); ok {
			s = strings.TrimSpace(rest)
			break
		}
	}
	return s
}

// parseGrouped reads a whole number of đồng whose digits may be grouped by threes.
func parseGrouped(num string, group byte) (int64, error) {
	num = strings.ReplaceAll(num, " ", string(group))
	var parts []string
	var marks []byte
	start := 0
	for i := 0; i < len(num); i++ {
		switch c := num[i]; {
		case c >= '0' && c <= '9':
		case c == '.' || c == ',' || c == ' ':
			parts, marks = append(parts, num[start:i]), append(marks, c)
			start = i + 1
		default:
			return 0, data.Invalid("value", "money_format")
		}
	}
	parts = append(parts, num[start:])
	grouped := len(parts[0]) <= 3
	for i, p := range parts {
		if p == "" {
			return 0, data.Invalid("value", "money_format")
		}
		grouped = grouped && (i == 0 || len(p) == 3)
	}
	if len(marks) > 0 {
		last := marks[len(marks)-1]
		lastCount := strings.Count(string(marks), string(last))
		switch {
		case lastCount < len(marks):
			// Two different marks ("1.234,5"): the last one is a decimal point.
			if lastCount == 1 {
				return 0, data.Invalid("value", "money_fraction")
			}
			return 0, data.Invalid("value", "money_format")
		case last == group || len(marks) > 1:
			// This language's grouping, or a repeated mark, which cannot be a decimal point.
			if !grouped {
				return 0, data.Invalid("value", "money_format")
			}
		case len(parts[1]) == 3:
			return 0, data.Invalid("value", "money_ambiguous") // "1,234" in Vietnamese
		default:
			return 0, data.Invalid("value", "money_fraction") // "1,5"
		}
	}
	return parseDigits(strings.Join(parts, ""))
}

func parseDigits(digits string) (int64, error) {
	v, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || v > maxAmount {
		return 0, data.Invalid("value", "money_too_large", "Max", data.Dong(maxAmount))
	}
	return v, nil
}

var shorthand = regexp.MustCompile(`^([0-9]+)(?:[.,]([0-9]+))?$`)

// parseShorthand reads "1,5" or "1.5" in front of a unit worth mult đồng.
func parseShorthand(num string, mult int64) (int64, error) {
	m := shorthand.FindStringSubmatch(num)
	if m == nil {
		return 0, data.Invalid("value", "money_format")
	}
	if len(m[2]) == 3 {
		// "1.500tr": 1 500 million with Vietnamese grouping, 1.5 million with a decimal point.
		return 0, data.Invalid("value", "money_ambiguous")
	}
	whole, err := parseDigits(m[1])
	if err != nil || whole > maxAmount/mult {
		return 0, data.Invalid("value", "money_too_large", "Max", data.Dong(maxAmount))
	}
	frac := strings.TrimRight(m[2], "0")
	if len(frac) > 9 {
		return 0, data.Invalid("value", "money_fraction")
	}
	f, _ := strconv.ParseInt("0"+frac, 10, 64)
	pow := int64(1)
	for range frac {
		pow *= 10
	}
	if f*mult%pow != 0 {
		return 0, data.Invalid("value", "money_fraction")
	}
	v := whole*mult + f*mult/pow
	if v > maxAmount {
		return 0, data.Invalid("value", "money_too_large", "Max", data.Dong(maxAmount))
	}
	return v, nil
}
