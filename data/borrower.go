package data

import "strings"

// Gender of the person who represents the household.
type Gender string

const (
	GenderUnknown Gender = ""
	GenderMale    Gender = "male"
	GenderFemale  Gender = "female"
)

// Category is the household's standing for policy credit.
type Category string

const (
	CategoryPoor        Category = "poor"
	CategoryNearPoor    Category = "near_poor"
	CategoryNewlyOut    Category = "newly_out"   // newly out of poverty
	CategoryBeneficiary Category = "beneficiary" // policy beneficiary
	CategoryOther       Category = "other"
)

// Categories lists household categories in the order forms show them.
var Categories = []Category{CategoryPoor, CategoryNearPoor, CategoryNewlyOut, CategoryBeneficiary, CategoryOther}

// Borrower is a household, represented by one person.
type Borrower struct {
	ID        int64
	Code      string // customer code, the office's own key
	Name      string
	Gender    Gender
	BirthYear int // 0 when unknown
	IDNumber  string
	Phone     string
	VillageID int64
	GroupID   int64 // 0 when not in a group
	Category  Category
	Ethnicity string
	Note      string
	Active    bool // false once the household has left
}

// Validate normalises and checks the borrower's own fields; thisYear bounds the birth year.
func (b *Borrower) Validate(thisYear int) error {
	b.Code, b.Name = NFC(b.Code), NFC(b.Name)
	b.Ethnicity, b.Note = NFC(b.Ethnicity), NFC(b.Note)
	b.IDNumber = NormaliseIDNumber(b.IDNumber)
	b.Phone = NormalisePhone(b.Phone)
	var errs Errors
	errs.Add(ValidateCode("borrower.code", b.Code, 20))
	errs.Add(ValidateName("borrower.name", b.Name, 100))
	if b.Gender != GenderUnknown && b.Gender != GenderMale && b.Gender != GenderFemale {
		errs.Add(Invalid("borrower.gender", "one_of"))
	}
	birthOK := b.BirthYear == 0 || (b.BirthYear >= 1900 && b.BirthYear <= thisYear-15)
	if !birthOK {
		errs.Add(Invalid("borrower.birth_year", "range", "Min", 1900, "Max", thisYear-15))
	}
	year := b.BirthYear
	if !birthOK {
		year = 0
	}
	errs.Add(ValidateIDNumber("borrower.id_number", b.IDNumber, year, b.Gender))
	errs.Add(ValidatePhone("borrower.phone", b.Phone))
	if b.VillageID == 0 {
		errs.Add(Invalid("borrower.village", "required"))
	}
	validCategory := false
	for _, c := range Categories {
		validCategory = validCategory || c == b.Category
	}
	if !validCategory {
		errs.Add(Invalid("borrower.category", "one_of"))
	}
	errs.Add(ValidateOptionalText("borrower.ethnicity", b.Ethnicity, 50))
	errs.Add(ValidateOptionalText("borrower.note", b.Note, 500))
	return errs.Err()
}

// SearchKey is the folded text a borrower is found by: name, code, ID number and phone.
func (b *Borrower) SearchKey() string {
	return Fold(strings.Join([]string{b.Name, b.Code, b.IDNumber, b.Phone}, " "))
}

// GivenName is the last word of a Vietnamese full name; offices list people by it.
func GivenName(full string) string {
	f := strings.Fields(full)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}
