package ui

import (
	"strings"

	"fyne.io/fyne/v2"
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
	hint  *widget.Label
	box   fyne.CanvasObject
	// onChanged runs after the hint is updated (e.g. to refresh a schedule preview).
	onChanged func()
}

func newMoneyEntry(loc *translations.Localizer, field string, onEsc func()) *moneyEntry {
	m := &moneyEntry{loc: loc, field: field, entry: newKeyEntry(onEsc), hint: widget.NewLabel("")}
	m.entry.SetPlaceHolder(loc.T("money.placeholder"))
	m.hint.Wrapping = fyne.TextWrapWord
	m.hint.Importance = widget.LowImportance
	m.entry.OnChanged = func(string) {
		m.update()
		if m.onChanged != nil {
			m.onChanged()
		}
	}
	m.box = container.NewVBox(m.entry, m.hint)
	m.update()
	return m
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
		m.hint.Hide()
		return
	}
	d, e := m.value()
	if e != nil {
		m.hint.Importance = widget.DangerImportance
		m.hint.SetText(m.loc.Error(e))
	} else {
		m.hint.Importance = widget.LowImportance
		m.hint.SetText(m.loc.Money(d) + " · " + m.loc.AmountInWords(d))
	}
	m.hint.Show()
	m.hint.Refresh()
}
