package data

import (
	"regexp"
	"strings"
)

// cccdProvinces are the three-digit province codes that open a 12-digit citizen ID (Circular
// 07/2016/TT-BCA). IDs keep the code of the province that issued them, so the list does not
// follow the 2025 merger of provinces.
var cccdProvinces = map[string]bool{}

func init() {
	for _, c := range strings.Fields(`001 002 004 006 008 010 011 012 014 015 017 019 020 022 024
		025 026 027 030 031 033 034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056
		058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092
		093 094 095 096`) {
		cccdProvinces[c] = true
	}
}

var onlyDigits = regexp.MustCompile(`^[0-9]+$`)

// NormaliseIDNumber drops the spaces and dots people type inside an ID number.
func NormaliseIDNumber(s string) string {
	return strings.NewReplacer(" ", "", ".", "", "-", "").Replace(strings.TrimSpace(s))
}

// ValidateIDNumber checks a citizen ID (12 digits: province, century-and-sex digit, two digits
// of the birth year) or an old 9-digit ID card. birthYear and gender are checked against the
// ID when they are known (0 and GenderUnknown skip the check).
func ValidateIDNumber(field, id string, birthYear int, gender Gender) *Error {
	if id == "" {
		return nil // optional: some elderly borrowers have none on file
	}
	if !onlyDigits.MatchString(id) || (len(id) != 12 && len(id) != 9) {
		return Invalid(field, "id_number_length")
	}
	if len(id) == 9 {
		return nil
	}
	if !cccdProvinces[id[:3]] {
		return Invalid(field, "cccd_province", "Code", id[:3])
	}
	centurySex := int(id[3] - '0')
	if birthYear == 0 && centurySex > 3 { // 4–9 stand for people born after 2099
		return Invalid(field, "cccd_century_digit", "Digit", centurySex)
	}
	if birthYear != 0 {
		century := 1900 + (centurySex/2)*100
		if birthYear < century || birthYear >= century+100 {
			return Invalid(field, "cccd_century", "Digit", centurySex, "Year", birthYear)
		}
		if yy := int(id[4]-'0')*10 + int(id[5]-'0'); yy != birthYear%100 {
			return Invalid(field, "cccd_birth_year", "Digits", id[4:6], "Year", birthYear)
		}
	}
	switch {
	case gender == GenderMale && centurySex%2 != 0, gender == GenderFemale && centurySex%2 != 1:
		return Invalid(field, "cccd_sex", "Digit", centurySex)
	}
	return nil
}

var (
	mobileLocal = regexp.MustCompile(`^0[35789][0-9]{8}$`)
	mobileIntl  = regexp.MustCompile(`^\+84[35789][0-9]{8}$`)
)

// NormalisePhone removes separators and writes +84 numbers in the local 0xxxxxxxxx form, so a
// phone is stored and searched one way.
func NormalisePhone(s string) string {
	s = strings.NewReplacer(" ", "", ".", "", "-", "", "(", "", ")", "").Replace(strings.TrimSpace(s))
	if mobileIntl.MatchString(s) {
		return "0" + s[3:]
	}
	return s
}

// ValidatePhone accepts a Vietnamese mobile number, already normalised; empty is allowed.
func ValidatePhone(field, phone string) *Error {
	if phone == "" || mobileLocal.MatchString(phone) {
		return nil
	}
	return Invalid(field, "phone_format")
}

// ValidateDigits checks a code made of exactly n digits (a commune's official code has 5).
func ValidateDigits(field, s string, n int) *Error {
	if s == "" {
		return Invalid(field, "required")
	}
	if len(s) != n || !onlyDigits.MatchString(s) {
		return Invalid(field, "digits", "N", n)
	}
	return nil
}

// officeKey matches the office's own codes: customer, group, point and village codes.
var officeKey = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]*$`)

// ValidateCode checks one of the office's own keys: required, at most max characters of
// letters, digits and . _ / -.
func ValidateCode(field, s string, max int) *Error {
	switch {
	case s == "":
		return Invalid(field, "required")
	case !officeKey.MatchString(s):
		return Invalid(field, "code_chars")
	case len(s) > max:
		return Invalid(field, "too_long", "Max", max)
	}
	return nil
}

// ValidateName checks a required free-text name of at most max letters.
func ValidateName(field, s string, max int) *Error {
	switch {
	case strings.TrimSpace(s) == "":
		return Invalid(field, "required")
	case len([]rune(s)) > max:
		return Invalid(field, "too_long", "Max", max)
	}
	return nil
}

// ValidateOptionalText checks free text that may be empty.
func ValidateOptionalText(field, s string, max int) *Error {
	if len([]rune(s)) > max {
		return Invalid(field, "too_long", "Max", max)
	}
	return nil
}
