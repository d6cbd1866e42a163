package translations

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/number"

	"policycredit/data"
)

const nbsp = "\u00a0"

// maxAmount is the largest amount the app reads, writes in words or accepts as input:
// 999 999 999 999 999 đồng, far above any office's total.
const maxAmount = 999_999_999_999_999

// Number groups the digits of n: 1.234.567 (vi), 1,234,567 (en), 1 234 567 (fr).
func (l *Localizer) Number(n int64) string { return l.printer.Sprint(number.Decimal(n)) }

// Amount is an amount of đồng without the currency, for table columns.
func (l *Localizer) Amount(d data.Dong) string { return l.Number(int64(d)) }

// Money is an amount with its currency: "1.234.567 ₫", "VND 1,234,567", "1 234 567 ₫".
func (l *Localizer) Money(d data.Dong) string {
	if l.lang == "en" {
		if d < 0 {
			return "-VND" + nbsp + l.Number(-int64(d))
		}
		return "VND" + nbsp + l.Number(int64(d))
	}
	return l.Number(int64(d)) + nbsp + "₫"
}

// decimalMark is the separator between whole and fraction in this language.
func (l *Localizer) decimalMark() string {
	if l.lang == "en" {
		return "."
	}
	return ","
}

// Percent writes a monthly rate as a percentage with at most four decimals, trailing zeros
// trimmed: "0,52 %" (vi, fr), "0.52%" (en). Integer arithmetic keeps it exact.
func (l *Localizer) Percent(r data.Rate) string {
	const unit = data.RateScale / 100 // Rate units per 1 %
	n := int64(r)
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	s := sign + l.Number(n/unit)
	if frac := strings.TrimRight(fmt.Sprintf("%04d", n%unit), "0"); frac != "" {
		s += l.decimalMark() + frac
	}
	if l.lang == "en" {
		return s + "%"
	}
	return s + nbsp + "%"
}

var percentInput = regexp.MustCompile(`^(-?)([0-9]+)(?:[.,]([0-9]+))?$`)

// ParsePercent reads a monthly percentage such as "0,52", "0.52" or "0,52 %" in any of the
// languages; more than four significant decimals is an error (a Rate cannot hold them).
// Errors are *data.Error with Field "value", as for ParseMoney.
func (l *Localizer) ParsePercent(s string) (data.Rate, error) {
	s = strings.TrimSuffix(withoutSpaces(s), "%")
	if s == "" {
		return 0, data.Invalid("value", "required")
	}
	m := percentInput.FindStringSubmatch(s)
	if m == nil {
		return 0, data.Invalid("value", "percent_format")
	}
	frac := strings.TrimRight(m[3], "0")
	if len(m[2]) > 9 || len(frac) > 4 {
		return 0, data.Invalid("value", "percent_format")
	}
	whole, _ := strconv.ParseInt(m[2], 10, 64)
	f, _ := strconv.ParseInt((frac + "0000")[:4], 10, 64)
	r := data.Rate(whole*(data.RateScale/100) + f)
	if m[1] == "-" {
		r = -r
	}
	return r, nil
}

func withoutSpaces(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// Date writes 23/11/2026 (vi, fr) or 23 Nov 2026 (en); the zero date is "".
func (l *Localizer) Date(d data.Date) string {
	if d.IsZero() {
		return ""
	}
	if l.lang == "en" {
		return d.Time().Format("2 Jan 2006")
	}
	return d.Time().Format("02/01/2006")
}

// frMonths are the French month abbreviations, as French papers print them.
var frMonths = [...]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}

// Month writes d's month and year for axis labels: 11/2026 (vi), Nov 2026 (en), nov. 2026 (fr).
func (l *Localizer) Month(d data.Date) string {
	switch l.lang {
	case "en":
		return d.Time().Format("Jan 2006")
	case "fr":
		return frMonths[d.Month()-1] + nbsp + strconv.Itoa(d.Year())
	}
	return d.Time().Format("01/2006")
}

var (
	isoDate = regexp.MustCompile(`^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$`)
	// Day first everywhere: the office's papers never put the month first.
	dmyDate = regexp.MustCompile(`^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$`)
)

// ParseDate reads d/m/yyyy (also with . or - between the parts), YYYY-MM-DD, and in English
// "23 Nov 2026" or "23 November 2026". A day that does not exist (31/02) is an error: a
// *data.Error with Field "value", rule date_format and an Example in this language.
func (l *Localizer) ParseDate(s string) (data.Date, error) {
	s = strings.Join(strings.Fields(s), " ")
	var y, m, d string
	if p := isoDate.FindStringSubmatch(s); p != nil {
		y, m, d = p[1], p[2], p[3]
	} else if p := dmyDate.FindStringSubmatch(s); p != nil {
		y, m, d = p[3], p[2], p[1]
	} else if l.lang == "en" {
		for _, layout := range []string{"2 Jan 2006", "2 January 2006"} {
			if t, err := time.Parse(layout, s); err == nil {
				return data.DateOf(t), nil
			}
		}
	}
	year, _ := strconv.Atoi(y)
	month, _ := strconv.Atoi(m)
	day, _ := strconv.Atoi(d)
	date := data.NewDate(year, time.Month(month), day)
	// NewDate normalises 31/02 to 3 March; a date that changed did not exist.
	if y == "" || date.Year() != year || int(date.Month()) != month || date.Day() != day {
		return data.Date{}, data.Invalid("value", "date_format", "Example", l.Date(data.NewDate(2026, 11, 23)))
	}
	return date, nil
}
