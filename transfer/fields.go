package transfer

import (
	"strings"
	"unicode"

	"policycredit/data"
	"policycredit/translations"
)

// Kind is what one sheet of an import holds.
type Kind string

const (
	KindPlaces    Kind = "places"
	KindGroups    Kind = "groups"
	KindBorrowers Kind = "borrowers"
	KindLoans     Kind = "loans" // also the bank's daily loan file, with its customer and place columns
	KindEntries   Kind = "entries"
)

// Kinds lists the kinds in the order their records are applied.
var Kinds = []Kind{KindPlaces, KindGroups, KindBorrowers, KindLoans, KindEntries}

// ValueType is how a column's cells are read.
type ValueType int

const (
	TypeText    ValueType = iota
	TypeCode              // an office key, kept as written
	TypeDigits            // a key of digits whose leading zeros matter (commune code, ID number)
	TypeDate              // a calendar date
	TypeMoney             // whole đồng, never negative
	TypeInteger           // a count: months, a day, a year
	TypeChoice            // one of a list, by code or by name in any language
	TypeRates             // a loan's own dated rates: "2024-01-01 0,55; 2025-01-01 0,50"
)

// Field is one column an import understands. Its title is "import.col.<Key>" in each language;
// the blank templates and the exported lists write that title, and any of the three
// languages' titles, with or without diacritics, is recognised in a file's header, as are the
// spellings of the bank's own files in Synonyms.
type Field struct {
	Key      string
	Type     ValueType
	Digits   []int // TypeDigits: the lengths allowed
	Synonyms []string
}

// TitleID is the translation ID of the field's column title.
func (f Field) TitleID() string { return "import.col." + f.Key }

// The fields, by key. Synonyms are header spellings seen in offices' files; they are folded
// (lower case, no diacritics) before matching, so one spelling covers "Mã KH" and "MA KH".
var fields = map[string]Field{
	"level":           {Key: "level", Type: TypeChoice, Synonyms: []string{"cấp", "loại địa bàn", "level", "niveau"}},
	"code":            {Key: "code", Type: TypeCode, Synonyms: []string{"mã", "mã số", "code"}},
	"name":            {Key: "name", Type: TypeText, Synonyms: []string{"tên", "name", "nom"}},
	"commune_code":    {Key: "commune_code", Type: TypeDigits, Digits: []int{5}, Synonyms: []string{"mã xã", "mã phường xã", "mã xã phường", "mã đơn vị hành chính xã", "commune code", "code commune"}},
	"commune_name":    {Key: "commune_name", Type: TypeText, Synonyms: []string{"tên xã", "xã", "xã phường", "commune", "commune name"}},
	"branch":          {Key: "branch", Type: TypeText, Synonyms: []string{"chi nhánh", "branch", "agence"}},
	"province":        {Key: "province", Type: TypeText, Synonyms: []string{"tỉnh", "tỉnh thành phố", "province"}},
	"former_name":     {Key: "former_name", Type: TypeText, Synonyms: []string{"tên cũ", "tên trước sáp nhập", "former name", "ancien nom"}},
	"point_day":       {Key: "point_day", Type: TypeInteger, Synonyms: []string{"ngày giao dịch", "ngày giao dịch trong tháng", "transaction day", "jour de transaction"}},
	"point_villages":  {Key: "point_villages", Type: TypeText, Synonyms: []string{"thôn phục vụ", "các thôn", "villages served", "villages desservis"}},
	"village_code":    {Key: "village_code", Type: TypeCode, Synonyms: []string{"mã thôn", "mã ấp", "mã thôn ấp", "mã thôn bản", "village code", "code village"}},
	"village_name":    {Key: "village_name", Type: TypeText, Synonyms: []string{"tên thôn", "thôn", "thôn ấp", "thôn bản", "ấp", "village", "village name"}},
	"group_code":      {Key: "group_code", Type: TypeCode, Synonyms: []string{"mã tổ", "mã tổ tk vv", "mã tổ tkvv", "mã tổ tiết kiệm và vay vốn", "group code", "code groupe"}},
	"group_name":      {Key: "group_name", Type: TypeText, Synonyms: []string{"tên tổ", "tên tổ tk vv", "tên tổ tkvv", "tổ", "tổ tkvv", "group", "group name", "groupe"}},
	"association":     {Key: "association", Type: TypeChoice, Synonyms: []string{"hội", "mã hội", "tên hội", "hội đoàn thể", "tổ chức hội", "đoàn thể", "hội nhận ủy thác", "association"}},
	"leader_code":     {Key: "leader_code", Type: TypeCode, Synonyms: []string{"mã tổ trưởng", "leader code", "code du chef"}},
	"founded_on":      {Key: "founded_on", Type: TypeDate, Synonyms: []string{"ngày thành lập", "founded on", "date de création"}},
	"rating":          {Key: "rating", Type: TypeChoice, Synonyms: []string{"xếp loại", "xếp loại tổ", "rating", "classement"}},
	"rating_year":     {Key: "rating_year", Type: TypeInteger, Synonyms: []string{"năm xếp loại", "rating year", "année du classement"}},
	"group_status":    {Key: "group_status", Type: TypeChoice, Synonyms: []string{"trạng thái tổ", "tình trạng tổ", "group status"}},
	"customer_code":   {Key: "customer_code", Type: TypeCode, Synonyms: []string{"mã kh", "mã khách hàng", "mã hộ", "mã hộ vay", "customer code", "customer", "code client"}},
	"customer_name":   {Key: "customer_name", Type: TypeText, Synonyms: []string{"tên kh", "tên khách hàng", "họ tên", "họ và tên", "họ tên khách hàng", "tên hộ vay", "customer name", "nom du client"}},
	"gender":          {Key: "gender", Type: TypeChoice, Synonyms: []string{"giới tính", "gender", "sex", "sexe"}},
	"birth_year":      {Key: "birth_year", Type: TypeInteger, Synonyms: []string{"năm sinh", "ngày sinh", "ngày tháng năm sinh", "birth year", "date of birth", "année de naissance", "date de naissance"}},
	"id_number":       {Key: "id_number", Type: TypeDigits, Digits: []int{9, 12}, Synonyms: []string{"số cmnd", "số cccd", "cmnd", "cccd", "cmnd cccd", "số cmnd cccd", "số định danh", "số giấy tờ tùy thân", "id number", "numéro d identité"}},
	"phone":           {Key: "phone", Type: TypeText, Synonyms: []string{"điện thoại", "số điện thoại", "sđt", "phone", "téléphone"}},
	"category":        {Key: "category", Type: TypeChoice, Synonyms: []string{"đối tượng", "đối tượng vay", "loại hộ", "phân loại hộ", "category", "catégorie"}},
	"ethnicity":       {Key: "ethnicity", Type: TypeText, Synonyms: []string{"dân tộc", "ethnicity", "ethnie"}},
	"borrower_status": {Key: "borrower_status", Type: TypeChoice, Synonyms: []string{"trạng thái hộ", "tình trạng hộ", "household status"}},
	"note":            {Key: "note", Type: TypeText, Synonyms: []string{"ghi chú", "note", "remarque"}},
	"contract":        {Key: "contract", Type: TypeCode, Synonyms: []string{"số khế ước", "số ku", "khế ước", "số hợp đồng", "số hđ", "contract", "contract number", "numéro de contrat", "contrat"}},
	"program":         {Key: "program", Type: TypeChoice, Synonyms: []string{"chương trình", "mã chương trình", "mã ct", "chương trình cho vay", "program", "programme"}},
	"source":          {Key: "source", Type: TypeChoice, Synonyms: []string{"nguồn vốn", "nguồn", "funding source", "source", "source de financement"}},
	"purpose":         {Key: "purpose", Type: TypeText, Synonyms: []string{"mục đích", "mục đích vay", "mục đích sử dụng vốn", "purpose", "objet"}},
	"amount":          {Key: "amount", Type: TypeMoney, Synonyms: []string{"số tiền vay", "số tiền cho vay", "số tiền", "số tiền hđ", "số tiền khế ước", "amount", "loan amount", "montant"}},
	"signed_on":       {Key: "signed_on", Type: TypeDate, Synonyms: []string{"ngày vay", "ngày cho vay", "ngày khế ước", "ngày hợp đồng", "ngày ký", "signed on", "loan date", "date du contrat"}},
	"units":           {Key: "units", Type: TypeInteger, Synonyms: []string{"số đơn vị", "số tháng học", "số lao động", "số công trình", "units", "unités"}},
	"jobs":            {Key: "jobs", Type: TypeInteger, Synonyms: []string{"số lao động có việc làm", "lao động có việc làm", "việc làm", "jobs", "emplois"}},
	"houses":          {Key: "houses", Type: TypeInteger, Synonyms: []string{"số nhà xây mới sửa chữa", "số nhà", "nhà ở", "houses", "logements"}},
	"water_works":     {Key: "water_works", Type: TypeInteger, Synonyms: []string{"số công trình nước sạch nhà tiêu", "công trình nước sạch", "water works", "ouvrages d eau"}},
	"students":        {Key: "students", Type: TypeInteger, Synonyms: []string{"số học sinh sinh viên", "học sinh sinh viên", "students", "étudiants"}},
	"study_months":    {Key: "study_months", Type: TypeInteger, Synonyms: []string{"số tháng học được vay", "months of study financed", "mois d études financés"}},
	"term":            {Key: "term", Type: TypeInteger, Synonyms: []string{"thời hạn", "thời hạn vay", "thời hạn tháng", "kỳ hạn", "số tháng", "term", "term months", "durée", "durée mois"}},
	"plan":            {Key: "plan", Type: TypeChoice, Synonyms: []string{"kế hoạch trả nợ", "phương thức trả nợ", "repayment plan", "plan de remboursement"}},
	"every_months":    {Key: "every_months", Type: TypeInteger, Synonyms: []string{"kỳ trả gốc", "định kỳ trả nợ", "số tháng mỗi kỳ", "every months", "installment every"}},
	"grace_months":    {Key: "grace_months", Type: TypeInteger, Synonyms: []string{"ân hạn", "thời gian ân hạn", "grace months", "grace", "différé"}},
	"course_ends":     {Key: "course_ends", Type: TypeDate, Synonyms: []string{"ngày kết thúc khóa học", "course ends", "fin des études"}},
	"own_rates":       {Key: "own_rates", Type: TypeRates, Synonyms: []string{"lãi suất riêng", "lãi suất riêng %/tháng", "own rates", "taux propres"}},
	"loan_status":     {Key: "loan_status", Type: TypeChoice, Synonyms: []string{"trạng thái khế ước", "trạng thái", "tình trạng", "loan status", "status", "état"}},
	"disbursed":       {Key: "disbursed", Type: TypeMoney, Synonyms: []string{"tổng giải ngân", "đã giải ngân", "số tiền giải ngân", "lũy kế giải ngân", "disbursed", "total disbursed", "décaissé"}},
	"current":         {Key: "current", Type: TypeMoney, Synonyms: []string{"dư nợ trong hạn", "nợ trong hạn", "current balance", "current", "en cours normal"}},
	"overdue":         {Key: "overdue", Type: TypeMoney, Synonyms: []string{"dư nợ quá hạn", "nợ quá hạn", "quá hạn", "overdue", "overdue balance", "en retard"}},
	"frozen":          {Key: "frozen", Type: TypeMoney, Synonyms: []string{"dư nợ khoanh", "nợ khoanh", "khoanh nợ", "frozen", "frozen balance", "gelé"}},
	"interest_due":    {Key: "interest_due", Type: TypeMoney, Synonyms: []string{"lãi phải thu", "lãi tồn", "lãi tồn đọng", "lãi chưa thu", "lãi dự thu", "lãi phải trả", "interest due", "accrued interest", "intérêts dus"}},
	"outstanding":     {Key: "outstanding", Type: TypeMoney, Synonyms: []string{"tổng dư nợ", "dư nợ", "dư nợ hiện tại", "outstanding", "total outstanding", "encours"}},
	"entry_no":        {Key: "entry_no", Type: TypeCode, Synonyms: []string{"số bút toán", "số chứng từ", "số ct", "entry no", "entry number", "n° d écriture"}},
	"value_date":      {Key: "value_date", Type: TypeDate, Synonyms: []string{"ngày giao dịch", "ngày hạch toán", "ngày chứng từ", "value date", "date de valeur"}},
	"entry_kind":      {Key: "entry_kind", Type: TypeChoice, Synonyms: []string{"loại giao dịch", "loại bút toán", "nghiệp vụ", "entry kind", "kind", "type d écriture"}},
	"entry_amount":    {Key: "entry_amount", Type: TypeMoney, Synonyms: []string{"số tiền giao dịch", "số tiền phát sinh", "entry amount"}},
	"installment":     {Key: "installment", Type: TypeInteger, Synonyms: []string{"kỳ", "kỳ trả nợ", "installment", "échéance"}},
	"new_date":        {Key: "new_date", Type: TypeDate, Synonyms: []string{"ngày mới", "hạn mới", "new date", "nouvelle date"}},
	"decision":        {Key: "decision", Type: TypeText, Synonyms: []string{"quyết định", "số quyết định", "decision", "décision"}},
	"decision_date":   {Key: "decision_date", Type: TypeDate, Synonyms: []string{"ngày quyết định", "decision date", "date de décision"}},
	"reverses":        {Key: "reverses", Type: TypeCode, Synonyms: []string{"hủy bút toán", "bút toán bị hủy", "reverses", "annule"}},
	"ref":             {Key: "ref", Type: TypeText, Synonyms: []string{"tham chiếu", "số tham chiếu", "ref", "reference", "référence"}},
}

// kindFields are each kind's columns in template order; required ones must be mapped, and the
// kind of a sheet is the one whose required columns its header has.
var kindFields = map[Kind]struct{ all, required []string }{
	KindPlaces: {
		all: []string{"level", "code", "name", "commune_code", "commune_name", "former_name", "point_day", "point_villages",
			"branch", "province"},
		required: []string{"level", "code", "name", "commune_code"},
	},
	KindGroups: {
		all: []string{"group_code", "group_name", "commune_code", "village_code", "association", "leader_code",
			"founded_on", "rating", "rating_year", "group_status", "note"},
		required: []string{"group_code", "group_name", "commune_code", "village_code", "association"},
	},
	KindBorrowers: {
		all: []string{"customer_code", "customer_name", "gender", "birth_year", "id_number", "phone", "category",
			"ethnicity", "commune_code", "village_code", "group_code", "borrower_status", "note"},
		// A file that changes saved households may give only what changes; a new household's
		// name and village are required by the rules the store applies.
		required: []string{"customer_code"},
	},
	KindLoans: {
		all: []string{"contract", "customer_code", "program", "source", "amount", "units", "signed_on", "term", "plan",
			"every_months", "grace_months", "course_ends", "own_rates", "purpose", "group_code", "loan_status",
			"disbursed", "current", "overdue", "frozen", "outstanding", "interest_due",
			// What the loan achieves (data.Outcome), as its program asks.
			"jobs", "houses", "water_works", "students", "study_months",
			// The bank's loan file also carries the household, its group and its place.
			"customer_name", "gender", "birth_year", "id_number", "phone", "category", "ethnicity",
			"commune_code", "commune_name", "village_code", "village_name", "group_name", "association"},
		required: []string{"contract", "customer_code", "program", "amount", "signed_on", "term"},
	},
	KindEntries: {
		all: []string{"entry_no", "value_date", "entry_kind", "contract", "customer_code", "entry_amount",
			"installment", "new_date", "decision", "decision_date", "reverses", "ref", "note"},
		required: []string{"value_date", "entry_kind", "customer_code", "entry_amount"},
	},
}

// FieldsOf lists a kind's columns in template order.
func FieldsOf(k Kind) []Field {
	keys := kindFields[k].all
	out := make([]Field, len(keys))
	for i, key := range keys {
		out[i] = fields[key]
	}
	return out
}

// FieldByKey returns a field by its key.
func FieldByKey(key string) (Field, bool) {
	f, ok := fields[key]
	return f, ok
}

// headerKey folds a header cell for matching: lower case, no diacritics, words of letters and
// digits only, so "Mã KH", "MA_KH" and "mã kh." are one key.
func headerKey(s string) string {
	folded := data.Fold(s)
	var b strings.Builder
	space := false
	for _, r := range folded {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		} else {
			space = true
		}
	}
	return b.String()
}

// withoutBrackets drops a header's bracketed part: "Số tiền vay (đồng)" is "Số tiền vay".
func withoutBrackets(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '[':
			depth++
		case ')', ']':
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// headerIndex maps folded header spellings to field keys: every field's title in every
// language, then its synonyms. A spelling two fields share belongs to the first; the entry
// columns' "amount" and the loans' "amount" differ by kind, which matchHeader resolves.
var headerIndex = func() map[string][]string {
	idx := map[string][]string{}
	add := func(spelling, key string) {
		k := headerKey(spelling)
		if k == "" {
			return
		}
		for _, have := range idx[k] {
			if have == key {
				return
			}
		}
		idx[k] = append(idx[k], key)
	}
	for _, lang := range translations.Languages() {
		loc := translations.New(lang)
		for _, k := range Kinds {
			for _, f := range FieldsOf(k) {
				add(loc.T(f.TitleID()), f.Key)
			}
		}
	}
	for _, k := range Kinds {
		for _, f := range FieldsOf(k) {
			for _, s := range f.Synonyms {
				add(s, f.Key)
			}
		}
	}
	// The entries' amount column is titled like a loan's amount in exported lists.
	for _, lang := range translations.Languages() {
		add(translations.New(lang).T("import.col.amount"), "entry_amount")
	}
	for _, s := range fields["amount"].Synonyms {
		add(s, "entry_amount")
	}
	return idx
}()

// candidates lists the fields a header cell may name, best first.
func candidates(header string) []string {
	if keys := headerIndex[headerKey(header)]; len(keys) > 0 {
		return keys
	}
	return headerIndex[headerKey(withoutBrackets(header))]
}
