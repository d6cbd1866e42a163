package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/translations"
)

// keyEntry is an entry that hands Esc to the screen: a focused entry otherwise swallows the
// key, and Esc is how a clerk cancels a form or closes a dialog.
type keyEntry struct {
	widget.Entry
	onEsc func()
}

func newKeyEntry(onEsc func()) *keyEntry {
	e := &keyEntry{onEsc: onEsc}
	e.ExtendBaseWidget(e)
	return e
}

func (e *keyEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEsc != nil {
		e.onEsc()
		return
	}
	e.Entry.TypedKey(k)
}

// moneyEntry is the amount field every money form uses. It reads what translations.ParseMoney
// reads ("1.234.567", "1234567", "1,5tr", "20tr"; ambiguous forms refused) and shows, while
// the clerk types, the amount as the app writes it and in words, or why it cannot be read.
type moneyEntry struct {
	loc   *translations.Localizer
	field string // the form field errors name
	entry *keyEntry
	hint  *keepLabel
	box   fyne.CanvasObject
	// reserve keeps the hint's lines whether it shows or not (see keepLines).
	reserve *canvas.Rectangle
	// onChanged runs after the hint is updated (e.g. to refresh a schedule preview).
	onChanged func()
}

func newMoneyEntry(loc *translations.Localizer, field string, onEsc func()) *moneyEntry {
	m := &moneyEntry{loc: loc, field: field, entry: newKeyEntry(onEsc), hint: newKeepLabel("")}
	m.entry.SetPlaceHolder(loc.T("money.placeholder"))
	// Normal text, not the pale low importance: the amount in words is read, not decoration.
	m.hint.Importance = widget.MediumImportance
	m.entry.OnChanged = func(string) {
		m.update()
		if m.onChanged != nil {
			m.onChanged()
		}
	}
	// Two lines are kept for the hint whether it shows or not, so that typing an amount does
	// not push the rest of the form down under the mouse.
	m.reserve = canvas.NewRectangle(color.Transparent)
	m.keepLines(2)
	m.box = container.NewVBox(m.entry, container.NewStack(m.reserve, m.hint))
	m.update()
	return m
}

// keepLines keeps n lines for the hint: two in a form; none where the screen has no room to
// spare, as under the cash counted of a transaction day, whose rows need the height.
func (m *moneyEntry) keepLines(n int) {
	m.reserve.SetMinSize(fyne.NewSize(0, hintLinesHeight(n)))
}

// object is what a form lays out: the entry with its hint under it.
func (m *moneyEntry) object() fyne.CanvasObject { return m.box }

// value reads the amount; an empty field is 0 with no error (the rules say whether it is
// required), anything unreadable a typed error on the field.
func (m *moneyEntry) value() (data.Dong, *data.Error) {
	return parseMoneyField(m.loc, m.field, m.entry.Text)
}

// setAmount fills the field with an amount written the way this language groups digits.
func (m *moneyEntry) setAmount(d data.Dong) { m.entry.SetText(m.loc.Amount(d)) }

// update writes the amount and its words under the field, or the reason it cannot be read.
func (m *moneyEntry) update() {
	if strings.TrimSpace(m.entry.Text) == "" {
		m.hint.SetText("")
		return
	}
	d, e := m.value()
	if e != nil {
		m.hint.Importance = widget.DangerImportance
		m.hint.SetText(m.loc.Error(e))
	} else {
		m.hint.Importance = widget.MediumImportance
		m.hint.SetText(m.loc.Money(d) + " · " + keepLastWord(m.loc.AmountInWords(d)))
	}
	m.hint.Refresh()
}

// hintLinesHeight is the height a label takes for n lines of text.
func hintLinesHeight(n int) float32 {
	if n == 0 {
		return 0
	}
	l := widget.NewLabel(strings.Repeat("\n", n-1))
	return l.MinSize().Height
}

// keepLastWord glues the last word of an amount in words to the one before it, so that "đồng"
// or "dongs" never wraps alone onto a line of its own.
func keepLastWord(words string) string {
	if i := strings.LastIndex(words, " "); i > 0 {
		return words[:i] + "\u00a0" + words[i+1:]
	}
	return words
}
