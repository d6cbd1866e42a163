package translations

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"policycredit/data"
)

// loadFiles parses the message files as the bundle does: language → ID → message. An ID
// defined in two files of one language fails the test, since the bundle would keep one silently.
func loadFiles(t *testing.T) map[string]map[string]*i18n.Message {
	t.Helper()
	out := map[string]map[string]*i18n.Message{}
	for _, lang := range languages {
		out[lang] = map[string]*i18n.Message{}
		where := map[string]string{}
		for _, name := range messageFiles(lang) {
			buf, err := files.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			mf, err := i18n.ParseMessageFileBytes(buf, name, map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for _, m := range mf.Messages {
				if first, dup := where[m.ID]; dup {
					t.Errorf("%q is in both %s and %s", m.ID, first, name)
				}
				where[m.ID] = name
				out[lang][m.ID] = m
			}
		}
	}
	return out
}

// Every topic file exists in every language, so a message added for one screen cannot be
// forgotten in another language's file of the same name.
func TestTopicFilesInEveryLanguage(t *testing.T) {
	t.Parallel()
	topics := map[string]int{}
	for _, lang := range languages {
		for _, name := range messageFiles(lang) {
			topics[strings.TrimSuffix(name, "."+lang+".toml")]++
		}
	}
	for topic, n := range topics {
		if n != len(languages) {
			t.Errorf("%s.*.toml exists in %d of %d languages", topic, n, len(languages))
		}
	}
	if topics["active"] != len(languages) {
		t.Error("active.<lang>.toml is missing")
	}
}

// forms lists a message's non-empty plural forms by name.
func forms(m *i18n.Message) map[string]string {
	out := map[string]string{}
	for name, s := range map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many, "other": m.Other} {
		if s != "" {
			out[name] = s
		}
	}
	return out
}

var templateVar = regexp.MustCompile(`\{\{-?\s*\.([A-Za-z_][A-Za-z0-9_]*)`)

// templateVars lists the {{.X}} a message uses in any of its forms, sorted.
func templateVars(m *i18n.Message) []string {
	seen := map[string]bool{}
	for _, s := range forms(m) {
		for _, v := range templateVar.FindAllStringSubmatch(s, -1) {
			seen[v[1]] = true
		}
	}
	return sortedKeys(seen)
}

func TestEveryIDInEveryLanguage(t *testing.T) {
	t.Parallel()
	all := loadFiles(t)
	ids := map[string]bool{}
	for _, msgs := range all {
		for id := range msgs {
			ids[id] = true
		}
	}
	for _, id := range sortedKeys(ids) {
		first, firstVars := "", ""
		for _, lang := range languages {
			m, ok := all[lang][id]
			if !ok {
				t.Errorf("%q is missing from the %s files", id, lang)
				continue
			}
			if strings.TrimSpace(m.Other) == "" {
				t.Errorf("%q is empty in the %s files", id, lang)
			}
			v := strings.Join(templateVars(m), ",")
			if first == "" {
				first, firstVars = lang, v
			} else if v != firstVars {
				t.Errorf("%q uses {{.%s}} in %s but {{.%s}} in %s", id, v, lang, firstVars, first)
			}
		}
	}
}

// Plural messages: Vietnamese has one form, "other"; English and French have "one" and
// "other" (French "one" covers 0 and 1), and no other forms. French leaves out CLDR's "many"
// (1 000 000): a count in digits takes the "other" form, which go-i18n falls back to
// (TestGoI18nFallsBackToOtherForFrenchMany).
func TestPluralForms(t *testing.T) {
	t.Parallel()
	all := loadFiles(t)
	want := map[string]string{"vi": "other", "en": "one,other", "fr": "one,other"}
	plurals := 0
	for id, en := range all["en"] {
		if en.One == "" {
			for _, lang := range languages {
				if m := all[lang][id]; m != nil && len(forms(m)) > 1 {
					t.Errorf("%q has plural forms in %s but not in en", id, lang)
				}
			}
			continue
		}
		plurals++
		for _, lang := range languages {
			m := all[lang][id]
			if m == nil {
				continue
			}
			got := sortedKeys(forms(m))
			if strings.Join(got, ",") != want[lang] {
				t.Errorf("%q in %s has forms %v, want %s", id, lang, got, want[lang])
			}
		}
	}
	if plurals == 0 {
		t.Error("no plural message to check")
	}
}

func TestN(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang  string
		count int
		want  string
	}{
		{"vi", 0, "0 hộ vay"},
		{"vi", 1, "1 hộ vay"},
		{"vi", 2, "2 hộ vay"},
		{"vi", 10600, "10.600 hộ vay"},
		{"en", 0, "0 borrowers"},
		{"en", 1, "1 borrower"},
		{"en", 2, "2 borrowers"},
		{"en", 10600, "10,600 borrowers"},
		{"fr", 0, "0 emprunteur"},
		{"fr", 1, "1 emprunteur"},
		{"fr", 2, "2 emprunteurs"},
		{"fr", 1000000, "1\u00a0000\u00a0000 emprunteurs"}, // CLDR "many": go-i18n falls back to "other"
	} {
		if got := New(c.lang).N("count.borrowers", c.count); got != c.want {
			t.Errorf("%s N(count.borrowers, %d) = %q, want %q", c.lang, c.count, got, c.want)
		}
	}
}

// Every message renders in every language without a template error or an unfilled variable.
func TestMessagesRender(t *testing.T) {
	t.Parallel()
	for lang, msgs := range loadFiles(t) {
		l := New(lang)
		for id, m := range msgs {
			args := []any{}
			for _, v := range templateVars(m) {
				args = append(args, v, "X")
			}
			for _, count := range []int{0, 1, 2, 5, 1000000} {
				got := l.N(id, count, args...)
				if got == id || got == "" || strings.Contains(got, "<no value>") {
					t.Errorf("%s %q (count %d) renders as %q", lang, id, count, got)
				}
			}
		}
	}
}

func TestT(t *testing.T) {
	t.Parallel()
	vi, en, fr := New("vi"), New("en"), New("fr")
	cases := []struct{ got, want string }{
		{vi.T("association.HPN"), "Hội Liên hiệp Phụ nữ"},
		{en.T("association.HPN"), "Women's Union"},
		{fr.T("association.HPN"), "Union des femmes"},
		{vi.Association("CCB"), "Hội Cựu chiến binh"},
		{en.Field("borrower.phone"), "Phone"},
		{fr.T("language.vi"), "Tiếng Việt"},
		{en.T("language.fr"), "Français"},
		{vi.T("no.such.message"), "no.such.message"},
		{fr.Field("no_such_field"), "field.no_such_field"},
		// key, value pairs and a map give the same data; money and dates are localised.
		{en.T("rule.duplicate", "Field", "Code", "Value", "KH01"), "Code “KH01” already exists"},
		{en.T("rule.duplicate", map[string]any{"Field": "Code", "Value": "KH01"}), "Code “KH01” already exists"},
		{vi.T("rule.money_too_large", "Field", "Số tiền", "Max", data.Dong(5000000)), "Số tiền không được lớn hơn 5.000.000\u00a0₫"},
		{en.T("rule.rate_period_exists", "Field", "Rate", "Date", data.NewDate(2025, 12, 1)), "Rate: a rate already takes effect on 1 Dec 2025"},
		// an odd trailing argument is ignored rather than a panic
		{en.T("rule.digits", "Field", "Code", "N"), "Code must have exactly <no value> digits"},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: got %q, want %q", i, c.got, c.want)
		}
	}
}

func TestNewAndLanguages(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"vi": "vi", "en": "en", "fr": "fr", "": "vi", "de": "vi", "EN": "en", "fr-FR": "fr", "en_US": "en", "xx-fr": "vi"} {
		if got := New(in).Lang(); got != want {
			t.Errorf("New(%q).Lang() = %q, want %q", in, got, want)
		}
	}
	got := Languages()
	if fmt.Sprint(got) != "[vi en fr]" {
		t.Errorf("Languages() = %v", got)
	}
	got[0] = "changed"
	if Languages()[0] != "vi" {
		t.Error("Languages() hands out its own slice")
	}
}

func TestError(t *testing.T) {
	t.Parallel()
	two := data.Errors{
		data.Invalid("borrower.id_number", "digits", "N", 12),
		data.Invalid("borrower.name", "required"),
	}
	for _, c := range []struct {
		lang string
		err  error
		want string
	}{
		{"vi", two, "Số CCCD/CMND phải gồm đúng 12 chữ số\nHọ và tên không được để trống"},
		{"en", two, "ID number (CCCD/CMND) must have exactly 12 digits\nFull name is required"},
		{"fr", two, "Numéro d'identité (CCCD/CMND)\u00a0: doit comporter exactement 12 chiffres\nNom complet\u00a0: champ obligatoire"},
		{"en", fmt.Errorf("saving: %w", data.Conflict("borrower.code", "duplicate", "Value", "KH01")), "Customer code “KH01” already exists"},
		{"vi", data.NotFound("group"), "Tổ TK&VV không tồn tại hoặc đã bị xóa"},
		{"en", data.Invalid("rate.rate", "rate_range", "Max", "5"), "Rate (% per month) must be above 0 and at most 5% per month"},
		{"vi", data.Conflict("rate", "rate_period_exists", "Date", data.NewDate(2025, 12, 1)), "Lãi suất: đã có mức lãi suất áp dụng từ ngày 01/12/2025"},
		// a field with no name of its own (a column SQLite reports) is named by its entity,
		// and "duplicate" reads well without the Value the generic constraint mapping lacks
		{"vi", data.Conflict("borrower.code_folded", "duplicate"), "Hộ vay đã có, không thể trùng"},
		{"fr", data.Conflict("record", "duplicate"), "Enregistrement\u00a0: existe déjà"},
		{"en", data.Invalid("", "required"), "Record is required"},
		// a rule with no message falls back to the sentence for its code
		{"en", data.Forbidden("group", "some_new_rule"), "Savings and loan group: this action is not allowed"},
		{"en", errors.New("UNIQUE constraint failed: borrower.code"), "An unexpected error occurred. Nothing was changed; please try again or tell your administrator."},
		{"vi", data.Errors{}, "Đã xảy ra lỗi ngoài dự kiến. Dữ liệu chưa bị thay đổi; vui lòng thử lại hoặc báo cho người quản trị."},
		{"fr", nil, ""},
	} {
		if got := New(c.lang).Error(c.err); got != c.want {
			t.Errorf("%s Error(%v)\n got %q\nwant %q", c.lang, c.err, got, c.want)
		}
	}
}

// Vietnamese messages place the tone the one way (hủy, xóa, khóa, ủy), as the glossary does:
// a screen that says "Huỷ" on one button and "Hủy" on the next looks careless.
func TestVietnameseToneSpelling(t *testing.T) {
	t.Parallel()
	old := []string{"uỷ", "Uỷ", "oá", "Oá", "oà", "oả", "oã", "oạ", "uý", "uỳ", "uỹ", "uỵ"}
	for id, m := range loadFiles(t)["vi"] {
		for _, text := range forms(m) {
			for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
				for _, o := range old {
					// Only at the end of a word: "toán", "hoạt" have a final consonant and are right.
					if strings.HasSuffix(w, o) {
						t.Errorf("%q writes %q: place the tone on the main vowel (hủy, xóa, khóa, ủy)", id, w)
					}
				}
			}
		}
	}
}
