package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/translations"
)

// formField pairs an input with the message shown under it when a rule about it fails.
type formField struct {
	id    string // the field name data errors use, e.g. "commune.code"
	label *widget.Label
	input fyne.CanvasObject
	msg   *widget.Label
	box   *fyne.Container // the input with its message, the row's second cell
}

// form lays out labelled inputs and shows each typed error under the input it is about, so a
// failed save keeps what the clerk typed and says what to fix where.
type form struct {
	loc    *translations.Localizer
	fields []*formField
	byID   map[string]*formField
	// check, when set, reads the whole form into the typed errors its rules give without the
	// store; a field's message is re-checked with it as the clerk changes the field, so it
	// goes as soon as the rule holds. Without it, a change clears the field's message (the
	// next save checks again).
	check   func() error
	watched bool   // the inputs' changes are watched (see watch)
	kept    string // what the inputs showed when last filled (see keep)
	filled  bool
}

func newForm(loc *translations.Localizer) *form {
	return &form{loc: loc, byID: map[string]*formField{}}
}

// add appends an input labelled with the translation of field id ("field.<id>").
func (f *form) add(id string, input fyne.CanvasObject) *formField {
	msg := widget.NewLabel("")
	msg.Importance = widget.DangerImportance
	msg.Wrapping = fyne.TextWrapWord
	msg.Hide()
	ff := &formField{id: id, label: widget.NewLabel(f.loc.Field(id)), input: input, msg: msg,
		box: container.NewVBox(input, msg)}
	f.fields = append(f.fields, ff)
	f.byID[id] = ff
	return ff
}

func (f *form) object() fyne.CanvasObject {
	f.watch()
	objs := make([]fyne.CanvasObject, 0, 2*len(f.fields))
	for _, ff := range f.fields {
		objs = append(objs, ff.label, ff.box)
	}
	return container.New(layout.NewFormLayout(), objs...)
}

// setShown shows or hides a whole row: the form layout drops a row only when both its cells
// are hidden, so hiding the input alone would leave the row's height behind.
func (f *form) setShown(id string, shown bool) {
	ff := f.byID[id]
	if shown {
		ff.label.Show()
		ff.box.Show()
		return
	}
	ff.label.Hide()
	ff.box.Hide()
	ff.msg.SetText("")
	ff.msg.Hide()
}

// watch makes a change of any input re-check the message under it. Called when the form is
// laid out, after the screen has set its own change handlers, which it keeps.
func (f *form) watch() {
	if f.watched {
		return
	}
	f.watched = true
	for _, ff := range f.fields {
		onInputChange(ff.input, func() { f.recheck(ff) })
	}
}

// recheck updates the message under ff after its input changed: the rules it still breaks,
// or none.
func (f *form) recheck(ff *formField) {
	if !ff.msg.Visible() {
		return
	}
	var texts []string
	if f.check != nil {
		for _, e := range data.DomainErrors(f.check()) {
			if f.byID[e.Field] == ff {
				texts = append(texts, f.loc.Error(e))
			}
		}
	}
	if len(texts) == 0 {
		ff.msg.SetText("")
		ff.msg.Hide()
		return
	}
	ff.msg.SetText(strings.Join(texts, "\n"))
}

// onInputChange adds changed to what runs when the input (or any input inside a container)
// changes, after its own handler.
func onInputChange(o fyne.CanvasObject, changed func()) {
	switch w := o.(type) {
	case *widget.Entry:
		w.OnChanged = thenRun(w.OnChanged, changed)
	case *keyEntry:
		w.OnChanged = thenRun(w.OnChanged, changed)
	case *choice:
		w.OnChanged = thenRun(w.OnChanged, changed)
	case *widget.Select:
		w.OnChanged = thenRun(w.OnChanged, changed)
	case *widget.RadioGroup:
		w.OnChanged = thenRun(w.OnChanged, changed)
	case *widget.Check:
		w.OnChanged = thenRun(w.OnChanged, changed)
	case *widget.CheckGroup:
		w.OnChanged = thenRun(w.OnChanged, changed)
	case *fyne.Container:
		for _, c := range w.Objects {
			onInputChange(c, changed)
		}
	}
}

func thenRun[T any](first func(T), then func()) func(T) {
	return func(v T) {
		if first != nil {
			first(v)
		}
		then()
	}
}

func (f *form) clearErrors() {
	for _, ff := range f.fields {
		ff.msg.SetText("")
		ff.msg.Hide()
	}
}

// showErrors puts each typed error under its field and returns what no field of this form
// can show (another record's rule, a storage failure), for a dialog.
func (f *form) showErrors(err error) error {
	f.clearErrors()
	typed := data.DomainErrors(err)
	if typed == nil {
		return err
	}
	var rest data.Errors
	for _, e := range typed {
		ff, ok := f.byID[e.Field]
		if !ok {
			rest = append(rest, e)
			continue
		}
		text := f.loc.Error(e)
		if ff.msg.Text != "" {
			text = ff.msg.Text + "\n" + text
		}
		ff.msg.SetText(text)
		ff.msg.Show()
	}
	return rest.Err()
}

// parseInt reads a whole number typed in a form; a bad one becomes a typed error on field.
func parseInt(field, s string) (int, *data.Error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, data.Invalid(field, "whole_number")
	}
	return n, nil
}

// parseDateField reads a date in the user's language.
func parseDateField(loc *translations.Localizer, field, s string) (data.Date, *data.Error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return data.Date{}, nil
	}
	d, err := loc.ParseDate(s)
	if err != nil {
		return data.Date{}, data.Invalid(field, "date_format", "Example", loc.Date(data.MustDate("2026-11-23")))
	}
	return d, nil
}

// parseRateField reads a percentage such as "0,52".
func parseRateField(loc *translations.Localizer, field, s string) (data.Rate, *data.Error) {
	r, err := loc.ParsePercent(s)
	if err != nil {
		return 0, data.Invalid(field, "percent_format")
	}
	return r, nil
}

// parseMoneyField reads an amount in đồng.
func parseMoneyField(loc *translations.Localizer, field, s string) (data.Dong, *data.Error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	d, err := loc.ParseMoney(s)
	if err != nil {
		// Keep the parser's reason (ambiguous, a fraction, too large): it says what to fix.
		if e := data.ForField(err, "value"); e != nil {
			c := *e
			c.Field = field
			return 0, &c
		}
		return 0, data.Invalid(field, "money_format")
	}
	return d, nil
}

// submitOnEnter makes Enter in every entry of the form run save.
func submitOnEnter(save func(), entries ...*widget.Entry) {
	for _, e := range entries {
		e.OnSubmitted = func(string) { save() }
	}
}

// latest numbers background loads so that only the newest one's result is shown; an older one
// finishing late must not overwrite it. Used on the UI goroutine only.
type latest struct{ n int }

func (l *latest) next() int     { l.n++; return l.n }
func (l *latest) is(n int) bool { return l.n == n }
