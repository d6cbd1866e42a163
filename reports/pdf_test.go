package reports

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"policycredit/data"
	"policycredit/translations"
)

// longTable lays out a portrait document whose table runs over several pages.
func longTable(loc *translations.Localizer, rows int) *Document {
	d := NewDocument(loc, Meta{
		Office: testOffice, Title: "Bảng kiểm tra", Date: data.MustDate("2026-11-25"),
		Orientation: Portrait, Created: testCreated,
	})
	d.Heading("BẢNG KIỂM TRA", "Nhiều trang")
	t := printTable{Zebra: true, Columns: []printColumn{
		{Header: "Số TT", Width: 10, Align: Center},
		{Header: "Họ và tên chủ hộ", Width: 60, Align: Left, MaxLines: 2},
		{Header: "Dư nợ (đồng)", Width: 30, Align: Right},
	}}
	var total data.Dong
	for i := 1; i <= rows; i++ {
		amount := data.Dong(i) * 1_250_000
		total += amount
		t.Rows = append(t.Rows, []string{fmt.Sprint(i), fmt.Sprintf("Hộ Nguyễn Thị Hường %03d", i), loc.Amount(amount)})
	}
	t.Total = []string{"Cộng", "", loc.Amount(total)}
	d.table(t)
	d.Signatures("Quỳnh Lưu", Signatories{Director: "Trần Văn Đức"})
	return d
}

// The table's header row repeats on every page, no row is lost or split, the totals row and
// the signatures end the document, and every page says "page x of y".
func TestTableRunsOverPages(t *testing.T) {
	t.Parallel()
	loc := translations.New("vi")
	const rows = 120
	file := writeFile(t, "long.pdf", func(w io.Writer) error { return longTable(loc, rows).Write(w) })
	checkSound(t, file)
	pages, size := pdfInfo(t, file)
	if size != a4Portrait {
		t.Errorf("page size %q, want %q", size, a4Portrait)
	}
	if pages < 3 {
		t.Fatalf("%d rows fit on %d pages; the test wants a table over at least 3", rows, pages)
	}
	seen := map[int]int{}
	for p := 1; p <= pages; p++ {
		text := pageText(t, file, p)
		for _, want := range []string{
			"PHÒNG GIAO DỊCH NHCSXH HUYỆN QUỲNH LƯU", "CHI NHÁNH NHCSXH TỈNH NGHỆ AN",
			"Bảng kiểm tra", "Ngày báo cáo: 25/11/2026", fmt.Sprintf("Trang %d/%d", p, pages),
		} {
			if !strings.Contains(text, want) {
				t.Errorf("page %d lacks %q", p, want)
			}
		}
		// the header row is there on every page the table reaches
		if strings.Contains(text, "Hộ Nguyễn") && !(strings.Contains(text, "Họ và tên chủ hộ") && strings.Contains(text, "Dư nợ (đồng)")) {
			t.Errorf("page %d has rows but no header row:\n%s", p, text)
		}
		for i := 1; i <= rows; i++ {
			seen[i] += strings.Count(text, fmt.Sprintf("Hộ Nguyễn Thị Hường %03d", i))
		}
	}
	for i := 1; i <= rows; i++ {
		if seen[i] != 1 {
			t.Errorf("row %d appears %d times", i, seen[i])
		}
	}
	last := pageText(t, file, pages)
	if !strings.Contains(last, fmt.Sprintf("Hộ Nguyễn Thị Hường %03d", rows)) {
		t.Errorf("the totals row was left on a page without the last row:\n%s", last)
	}
	// 1 250 000 × (1 + … + 120) = 1 250 000 × 7 260 = 9 075 000 000
	for _, want := range []string{"Cộng", "9.075.000.000", "Người lập biểu", "Kiểm soát", "Giám đốc",
		"Quỳnh Lưu, ngày 25 tháng 11 năm 2026", "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)", "Trần Văn Đức"} {
		if !strings.Contains(last, want) {
			t.Errorf("last page lacks %q:\n%s", want, last)
		}
	}
}

// Amounts are right-aligned: in the extracted layout every amount ends in the same column.
func TestAmountsRightAligned(t *testing.T) {
	t.Parallel()
	loc := translations.New("vi")
	file := writeFile(t, "aligned.pdf", func(w io.Writer) error { return longTable(loc, 12).Write(w) })
	ends := map[int]bool{}
	for _, line := range strings.Split(pageText(t, file, 1), "\n") {
		if !strings.Contains(line, "Hộ Nguyễn") {
			continue
		}
		ends[len([]rune(strings.TrimRight(line, " ")))] = true
	}
	if len(ends) != 1 {
		t.Errorf("amount columns end at %d different positions, want 1: %v", len(ends), ends)
	}
}

// Decomposed input (as some keyboards and imports produce it) is drawn composed, so it
// extracts as the same text a composed string would.
func TestTextIsNormalisedToNFC(t *testing.T) {
	t.Parallel()
	loc := translations.New("vi")
	name := "Người lập biểu Nguyễn Thị Hường"
	d := NewDocument(loc, Meta{Office: testOffice, Title: "NFC", Date: data.MustDate("2026-11-25"), Created: testCreated})
	d.Paragraph(norm.NFD.String(name))
	file := writeFile(t, "nfc.pdf", d.Write)
	text := allText(t, file)
	if !strings.Contains(text, name) {
		t.Errorf("composed text not found:\n%s", text)
	}
	if strings.Contains(text, norm.NFD.String("ờ")) {
		t.Error("decomposed letters reached the PDF")
	}
}

// A letter the embedded font cannot draw is an error rather than a silent blank.
func TestMissingGlyphIsAnError(t *testing.T) {
	t.Parallel()
	d := NewDocument(translations.New("vi"), Meta{Office: testOffice, Title: "x", Created: testCreated})
	d.Paragraph("Tên 漢")
	var buf bytes.Buffer
	err := d.Write(&buf)
	if err == nil || !strings.Contains(err.Error(), "U+6F22") {
		t.Fatalf("Write = %v, want an error naming U+6F22", err)
	}
	if buf.Len() != 0 {
		t.Error("a document with a missing glyph was still written")
	}
}

func TestWrap(t *testing.T) {
	t.Parallel()
	d := NewDocument(translations.New("vi"), Meta{Office: testOffice, Title: "x", Created: testCreated})
	d.setFont(regular, bodySize)
	amount := "1.000.000.000\u00a0₫"
	// a width that holds the amount but not "Dư nợ" before it
	w := d.textWidth(amount) + 2*cellPad + 1
	got := d.wrap("Dư nợ "+amount, w, 0)
	if len(got) != 2 || got[1] != amount {
		t.Errorf("wrap split the amount at its no-break space: %q", got)
	}
	long := "Cơ sở giáo dục mầm non, tiểu học ngoài công lập ở vùng đặc biệt khó khăn"
	got = d.wrap(long, 40, 2)
	if len(got) != 2 || !strings.HasSuffix(got[1], "…") {
		t.Errorf("wrap to 2 lines = %q, want 2 lines ending in …", got)
	}
	for _, l := range got {
		if d.textWidth(l) > 40-2*cellPad {
			t.Errorf("line %q is wider than its cell", l)
		}
	}
	if got := d.wrap("4.000.000\n/ tháng học", 100, 0); len(got) != 2 {
		t.Errorf("an explicit line break was not kept: %q", got)
	}
	if got := d.wrap("", 100, 1); len(got) != 1 || got[0] != "" {
		t.Errorf("empty cell = %q", got)
	}
}

func TestLongDate(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang, date, want string
	}{
		{"vi", "2026-11-25", "ngày 25 tháng 11 năm 2026"},
		{"vi", "2026-02-05", "ngày 05 tháng 02 năm 2026"},
		{"vi", "2025-12-01", "ngày 01 tháng 12 năm 2025"},
		{"en", "2026-11-25", "25 November 2026"},
		{"en", "2025-12-01", "1 December 2025"},
		{"fr", "2026-11-25", "le 25 novembre 2026"},
		{"fr", "2025-12-01", "le 1er décembre 2025"},
		{"fr", "2026-08-02", "le 2 août 2026"},
	} {
		if got := LongDate(translations.New(c.lang), data.MustDate(c.date)); got != c.want {
			t.Errorf("%s LongDate(%s) = %q, want %q", c.lang, c.date, got, c.want)
		}
	}
}
