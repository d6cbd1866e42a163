package reports

import (
	"io"
	"regexp"
	"strings"
	"testing"

	"policycredit/data"
	"policycredit/translations"
)

// A signed statement cuts no text: a long reference and note wrap onto as many lines of
// their cell as they need, in every language, and the whole of them is in the PDF.
func TestStatementReferenceIsNeverCut(t *testing.T) {
	t.Parallel()
	st := sampleStatement(t)
	d := data.MustDate
	const ref = "GD-16000-1/2025/000123"
	const note = "Rút tiền tiết kiệm để trả nợ gốc kỳ 3 theo đề nghị của hộ vay ngày 15/02/2025 tại điểm giao dịch xã"
	sav := []data.Entry{
		{ID: 20, BorrowerID: 7, Kind: data.EntryDeposit, ValueDate: d("2025-01-15"), Amount: 200_000},
		{ID: 21, BorrowerID: 7, Kind: data.EntryWithdraw, ValueDate: d("2025-02-15"), Amount: 50_000, Ref: ref, Note: note},
	}
	st.SavingsLog = data.StatementLines(sav, st.On, true)
	st.Loans[0].Entries[0].Note = note
	for _, lang := range translations.Languages() {
		t.Run(lang, func(t *testing.T) {
			loc := translations.New(lang)
			file := writeFile(t, "statement-ref-"+lang+".pdf", func(w io.Writer) error {
				return StatementReport{Office: testOffice, Statement: st}.WritePDF(w, loc, testCreated)
			})
			checkSound(t, file)
			text := allText(t, file)
			if strings.Contains(text, "…") {
				t.Errorf("the statement cuts a text (…):\n%s", text)
			}
			// The cell's lines sit beside other columns' text: every word in order, each once
			// or more, is what can be checked of a wrapped cell.
			words := regexp.MustCompile(`\s+`).Split(strings.TrimSpace(text), -1)
			seen := map[string]int{}
			for _, w := range words {
				seen[w]++
			}
			for _, w := range strings.Fields(ref + " " + note) {
				if seen[w] == 0 {
					t.Errorf("%q of the reference is missing from the statement:\n%s", w, text)
				}
			}
			if seen["#21"] == 0 || seen[ref] == 0 {
				t.Errorf("the entry number and reference are not whole:\n%s", text)
			}
		})
	}
}
