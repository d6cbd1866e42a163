package data

// Office is the district transaction office that owns the database.
type Office struct {
	Name     string // e.g. "Phòng giao dịch NHCSXH huyện Quỳnh Lưu"
	Branch   string // the provincial branch, e.g. "Chi nhánh NHCSXH tỉnh Nghệ An"
	Province string
}

// Commune is a commune or ward served by the office, with its official 5-digit code.
type Commune struct {
	ID         int64
	Code       string // official 5-digit code since the 2025 reform
	Name       string
	FormerName string // the name before the 2025 merger, kept as history
}

// Validate checks the commune's own fields.
func (c *Commune) Validate() error {
	c.Code, c.Name, c.FormerName = NFC(c.Code), NFC(c.Name), NFC(c.FormerName)
	var errs Errors
	errs.Add(ValidateDigits("commune.code", c.Code, 5))
	errs.Add(ValidateName("commune.name", c.Name, 100))
	errs.Add(ValidateOptionalText("commune.former_name", c.FormerName, 100))
	return errs.Err()
}

// Village is a thôn / ấp / bản / tổ dân phố of a commune.
type Village struct {
	ID        int64
	CommuneID int64
	Code      string
	Name      string
}

// Validate checks the village's own fields.
func (v *Village) Validate() error {
	v.Code, v.Name = NFC(v.Code), NFC(v.Name)
	var errs Errors
	if v.CommuneID == 0 {
		errs.Add(Invalid("village.commune", "required"))
	}
	errs.Add(ValidateCode("village.code", v.Code, 20))
	errs.Add(ValidateName("village.name", v.Name, 100))
	return errs.Err()
}

// Point is a commune transaction point: staff meet borrowers there on a fixed day each month.
type Point struct {
	ID         int64
	CommuneID  int64
	Code       string
	Name       string
	Day        int     // fixed day of the month, 1–28 so that it exists in every month
	VillageIDs []int64 // villages it serves, all in the same commune
}

// Validate checks the point's own fields.
func (p *Point) Validate() error {
	p.Code, p.Name = NFC(p.Code), NFC(p.Name)
	var errs Errors
	if p.CommuneID == 0 {
		errs.Add(Invalid("point.commune", "required"))
	}
	errs.Add(ValidateCode("point.code", p.Code, 20))
	errs.Add(ValidateName("point.name", p.Name, 100))
	if p.Day < 1 || p.Day > 28 {
		errs.Add(Invalid("point.day", "range", "Min", 1, "Max", 28))
	}
	return errs.Err()
}

// Association is one of the four mass organisations that manage groups under entrustment.
type Association struct {
	Code string // HND, HPN, CCB, DTN
	Name map[string]string
}

// The four associations (domain.md); the store seeds them.
var Associations = []Association{
	{"HND", map[string]string{"vi": "Hội Nông dân", "en": "Farmers' Association", "fr": "Association des agriculteurs"}},
	{"HPN", map[string]string{"vi": "Hội Liên hiệp Phụ nữ", "en": "Women's Union", "fr": "Union des femmes"}},
	{"CCB", map[string]string{"vi": "Hội Cựu chiến binh", "en": "Veterans' Association", "fr": "Association des anciens combattants"}},
	{"DTN", map[string]string{"vi": "Đoàn Thanh niên", "en": "Youth Union", "fr": "Union de la jeunesse"}},
}

// IsAssociation reports whether code names one of the four associations.
func IsAssociation(code string) bool {
	for _, a := range Associations {
		if a.Code == code {
			return true
		}
	}
	return false
}

// Validate checks the office's own fields.
func (o *Office) Validate() error {
	o.Name, o.Branch, o.Province = NFC(o.Name), NFC(o.Branch), NFC(o.Province)
	var errs Errors
	errs.Add(ValidateName("office.name", o.Name, 150))
	errs.Add(ValidateOptionalText("office.branch", o.Branch, 150))
	errs.Add(ValidateOptionalText("office.province", o.Province, 100))
	return errs.Err()
}
