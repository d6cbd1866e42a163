package data

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// FormsStore is what the forms ask the store before a write: the values they propose (the
// next contract number, the next customer code) and what a rate change would reach, for its
// confirmation.
type FormsStore interface {
	// RepricedLoans counts the outstanding loans a new rate of program code would reprice:
	// its active loans that follow the program's rate (a loan with its own dated rates does not).
	RepricedLoans(ctx context.Context, code string) (int, error)
	// NextContract proposes the next free contract number of the household's commune for a
	// contract signed on the date: "<commune code>/<year>/<4-digit number>", one after the
	// highest of that commune and year in use.
	NextContract(ctx context.Context, borrowerID int64, signedOn Date) (string, error)
	// NextCustomerCode proposes the customer code after the highest of the office's codes
	// written like its latest one; "" when the office has no household yet.
	NextCustomerCode(ctx context.Context) (string, error)
}

// ContractPrefix is what a commune's contracts of a year start with.
func ContractPrefix(communeCode string, year int) string {
	return fmt.Sprintf("%s/%d/", communeCode, year)
}

// NextInSequence is the code after the highest of used that reads prefix then a number of
// width digits: that number plus one, zero-padded to width (wider when it overflows). Codes
// not of that shape are ignored; with none, the sequence starts at 1.
func NextInSequence(prefix string, width int, used []string) string {
	high := 0
	for _, c := range used {
		// Codes are unique without regard to case: "kh0012" takes KH0012's place.
		if len(c) != len(prefix)+width || !strings.EqualFold(c[:len(prefix)], prefix) {
			continue
		}
		digits := c[len(prefix):]
		if !allDigits(digits) {
			continue
		}
		if n, err := strconv.Atoi(digits); err == nil && n > high {
			high = n
		}
	}
	return fmt.Sprintf("%s%0*d", prefix, width, high+1)
}

// SplitTrailingNumber cuts a code into what comes before its last run of digits and that run
// ("KH00123" → "KH", "00123"); digits "" when the code does not end in one.
func SplitTrailingNumber(code string) (prefix, digits string) {
	i := len(code)
	for i > 0 && code[i-1] >= '0' && code[i-1] <= '9' {
		i--
	}
	return code[:i], code[i:]
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
