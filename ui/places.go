package ui

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/translations"
)

// placesScreen keeps the office's communes, transaction points and villages.
type placesScreen struct {
	app      *App
	communes []data.Commune
	tabs     *container.AppTabs
	commune  *communeTab
	village  *placeTab[data.Village]
	point    *pointTab
	root     fyne.CanvasObject
}

func newPlacesScreen(a *App) *placesScreen {
	s := &placesScreen{app: a}
	s.commune = newCommuneTab(s)
	s.village = newVillageTab(s)
	s.point = newPointTab(s)
	s.tabs = container.NewAppTabs(
		container.NewTabItem(a.loc.T("places.communes"), s.commune.root),
		container.NewTabItem(a.loc.T("places.points"), s.point.root),
		container.NewTabItem(a.loc.T("places.villages"), s.village.root),
	)
	s.root = container.NewBorder(
		widget.NewLabelWithStyle(a.loc.T("nav.places"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, s.tabs)
	return s
}

func (s *placesScreen) content() fyne.CanvasObject { return s.root }

func (s *placesScreen) refresh() {
	fetch(s.app, s.app.store.Communes, func(communes []data.Commune) {
		s.communes = communes
		s.commune.reload()
		s.village.communesChanged()
		s.point.communesChanged()
	})
}

func (s *placesScreen) newRecord() {
	if !s.app.may(data.ActPlaces) {
		return
	}
	switch s.tabs.SelectedIndex() {
	case 0:
		s.commune.startNew()
	case 1:
		s.point.startNew()
	default:
		s.village.startNew()
	}
}

func (s *placesScreen) focusSearch() {}

func (s *placesScreen) cancel() {
	switch s.tabs.SelectedIndex() {
	case 0:
		s.commune.edit(s.commune.editing)
	case 1:
		s.point.edit(s.point.editing)
	default:
		s.village.edit(s.village.editing)
	}
}

// communeLabels are the choices of a commune picker, "code · name" in list order.
func (s *placesScreen) communeLabels() []string {
	out := make([]string, len(s.communes))
	for i, c := range s.communes {
		out[i] = c.Code + " · " + c.Name
	}
	return out
}

func (s *placesScreen) communeAt(label string) int64 {
	for _, c := range s.communes {
		if c.Code+" · "+c.Name == label {
			return c.ID
		}
	}
	return 0
}

func (s *placesScreen) communeLabel(id int64) string {
	for _, c := range s.communes {
		if c.ID == id {
			return c.Code + " · " + c.Name
		}
	}
	return ""
}

// selectCommune shows label in a commune picker, or nothing when label is "" (a new record
// must not keep the commune of the one edited before).
func selectCommune(sel *choice, label string) {
	if label == "" {
		sel.ClearSelected()
		return
	}
	sel.SetSelected(label)
}

// editorButtons are the New and Save buttons every places tab has; Save is disabled while
// saving's write runs.
func editorButtons(s *placesScreen, onNew, onSave func(), saving *busy) fyne.CanvasObject {
	save := widget.NewButton(s.app.loc.T("action.save"), onSave)
	save.Importance = widget.HighImportance
	newButton := widget.NewButton(s.app.loc.T("action.new"), onNew)
	s.app.allow(data.ActPlaces, newButton, save)
	saving.guard(save)
	return container.NewHBox(newButton, save)
}

// ---- communes ----

type communeTab struct {
	s       *placesScreen
	saving  busy // a new commune's second Save would add it twice
	list    *widget.List
	form    *form
	code    *widget.Entry
	name    *widget.Entry
	former  *widget.Entry
	heading *widget.Label
	editing data.Commune
	root    fyne.CanvasObject
}

func newCommuneTab(s *placesScreen) *communeTab {
	t := &communeTab{s: s}
	loc := s.app.loc
	t.list = widget.NewList(
		func() int { return len(s.communes) },
		func() fyne.CanvasObject { return newTipLabel(nil, nil, fyne.TextStyle{}) }, // long former names: "…" and a tooltip
		func(id widget.ListItemID, o fyne.CanvasObject) {
			c := s.communes[id]
			text := c.Code + " · " + c.Name
			if c.FormerName != "" {
				text = loc.T("places.commune_with_former", "Commune", text, "Formerly", loc.T("commune.formerly", "Name", c.FormerName))
			}
			o.(*tipLabel).setText(text)
		},
	)
	t.list.OnSelected = func(id widget.ListItemID) { t.edit(s.communes[id]) }
	t.form = newForm(loc)
	t.code, t.name, t.former = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	t.code.SetPlaceHolder(loc.T("lookdesk.hint.commune_code")) // a hint, never a code that could pass for one
	t.form.add("commune.code", t.code)
	t.form.add("commune.name", t.name)
	t.form.add("commune.former_name", t.former)
	submitOnEnter(t.save, t.code, t.name, t.former)
	t.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	editor := container.NewVBox(t.heading, t.form.object(), editorButtons(s, t.startNew, t.save, &t.saving))
	split := container.NewHSplit(t.list, container.NewPadded(editor))
	split.Offset = 0.6 // the list of long commune names takes the room; the form has three fields
	t.root = split
	t.edit(data.Commune{})
	return t
}

func (t *communeTab) reload() {
	t.list.Refresh()
}

func (t *communeTab) startNew() {
	t.list.UnselectAll()
	t.edit(data.Commune{})
	t.s.app.win.Canvas().Focus(t.code)
}

func (t *communeTab) edit(c data.Commune) {
	t.editing = c
	t.code.SetText(c.Code)
	t.name.SetText(c.Name)
	t.former.SetText(c.FormerName)
	t.form.clearErrors()
	if c.ID == 0 {
		t.heading.SetText(t.s.app.loc.T("commune.new"))
	} else {
		t.heading.SetText(t.s.app.loc.T("commune.edit", "Name", c.Name))
	}
}

func (t *communeTab) save() {
	if t.saving.running {
		return
	}
	c := t.editing
	c.Code, c.Name, c.FormerName = t.code.Text, t.name.Text, t.former.Text
	a := t.s.app
	a.write(&t.saving, func(ctx context.Context) error { return a.store.SaveCommune(ctx, &c) },
		func(err error) {
			if !a.reportErrors(t.form, err) {
				return
			}
			t.editing = c
			a.notify(a.loc.T("commune.saved", "Name", c.Name))
			t.s.refresh()
			t.edit(c)
		})
}

// ---- villages and transaction points ----

// placeTab lists the villages or the transaction points of the commune chosen above the list,
// beside an editor of the one chosen.
type placeTab[T any] struct {
	s       *placesScreen
	saving  busy // a new place's second Save would add it twice
	kind    placeKind[T]
	extras  placeExtras[T] // nil for none
	loads   latest
	filter  *choice
	places  []T
	list    *widget.List
	form    *form
	commune *choice
	code    *widget.Entry
	name    *widget.Entry
	heading *widget.Label
	editing T
	root    fyne.CanvasObject
}

// placeKind is what the villages tab and the transaction points tab do differently.
type placeKind[T any] struct {
	ids    placeIDs
	fields func(p *T) placeFields
	row    func(loc *translations.Localizer, p T) string
	load   func(store data.Screens, ctx context.Context, communeID int64) ([]T, error)
	save   func(store data.Screens, ctx context.Context, p *T) error
}

// placeIDs are the field and message IDs of one kind of place.
type placeIDs struct{ commune, code, name, newHeading, editHeading, saved string }

// placeFields point at what a village and a transaction point both have.
type placeFields struct {
	id, communeID *int64
	code, name    *string
}

// placeExtras are the fields of a kind of place beyond its commune, code and name.
type placeExtras[T any] interface {
	// addFields adds them to the form and returns the entries on which Enter saves.
	addFields(f *form) []*widget.Entry
	// communeChosen follows the editor's commune picker.
	communeChosen()
	show(p T)
	read(p *T) *data.Error
	layout(heading, fields, buttons fyne.CanvasObject) fyne.CanvasObject
}

var villageKind = placeKind[data.Village]{
	ids: placeIDs{"village.commune", "village.code", "village.name", "village.new", "village.edit", "village.saved"},
	fields: func(v *data.Village) placeFields {
		return placeFields{id: &v.ID, communeID: &v.CommuneID, code: &v.Code, name: &v.Name}
	},
	row:  func(_ *translations.Localizer, v data.Village) string { return v.Code + " · " + v.Name },
	load: data.Screens.Villages,
	save: data.Screens.SaveVillage,
}

var pointKind = placeKind[data.Point]{
	ids: placeIDs{"point.commune", "point.code", "point.name", "point.new", "point.edit", "point.saved"},
	fields: func(p *data.Point) placeFields {
		return placeFields{id: &p.ID, communeID: &p.CommuneID, code: &p.Code, name: &p.Name}
	},
	row: func(loc *translations.Localizer, p data.Point) string {
		return loc.T("point.row", "Code", p.Code, "Name", p.Name, "Day", p.Day, "Villages", len(p.VillageIDs))
	},
	load: data.Screens.Points,
	save: data.Screens.SavePoint,
}

func newVillageTab(s *placesScreen) *placeTab[data.Village] {
	t := newPlaceTab(s, villageKind, nil)
	t.edit(data.Village{})
	return t
}

// newPlaceTab builds the tab; its caller shows an empty editor once extras are ready.
func newPlaceTab[T any](s *placesScreen, kind placeKind[T], extras placeExtras[T]) *placeTab[T] {
	t := &placeTab[T]{s: s, kind: kind, extras: extras}
	loc := s.app.loc
	t.filter = newSelect(loc, nil, func(string) { t.load() })
	t.filter.PlaceHolder = loc.T("places.choose_commune")
	t.list = widget.NewList(
		func() int { return len(t.places) },
		func() fyne.CanvasObject { return newTipLabel(nil, nil, fyne.TextStyle{}) }, // long former names: "…" and a tooltip
		func(id widget.ListItemID, o fyne.CanvasObject) {
			o.(*tipLabel).setText(kind.row(loc, t.places[id]))
		},
	)
	t.list.OnSelected = func(id widget.ListItemID) { t.edit(t.places[id]) }
	t.form = newForm(loc)
	var onCommune func(string)
	if extras != nil {
		onCommune = func(string) { extras.communeChosen() }
	}
	t.commune = newSelect(loc, nil, onCommune)
	t.code, t.name = widget.NewEntry(), widget.NewEntry()
	t.form.add(kind.ids.commune, t.commune)
	t.form.add(kind.ids.code, t.code)
	t.form.add(kind.ids.name, t.name)
	submit := []*widget.Entry{t.code, t.name}
	if extras != nil {
		submit = append(submit, extras.addFields(t.form)...)
	}
	submitOnEnter(t.save, submit...)
	t.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	buttons := editorButtons(s, t.startNew, t.save, &t.saving)
	var editor fyne.CanvasObject
	if extras != nil {
		editor = extras.layout(t.heading, t.form.object(), buttons)
	} else {
		editor = container.NewVBox(t.heading, t.form.object(), buttons)
	}
	left := container.NewBorder(t.filter, nil, nil, nil, t.list)
	split := container.NewHSplit(left, container.NewPadded(editor))
	split.Offset = 0.45
	t.root = split
	return t
}

func (t *placeTab[T]) communesChanged() {
	labels := t.s.communeLabels()
	t.filter.SetOptions(labels)
	t.commune.SetOptions(labels)
	if t.filter.Selected == "" && len(labels) > 0 {
		t.filter.SetSelected(labels[0]) // triggers load
		return
	}
	t.load()
}

func (t *placeTab[T]) load() {
	communeID := t.s.communeAt(t.filter.Selected)
	if communeID == 0 {
		t.places = nil
		t.list.Refresh()
		return
	}
	a := t.s.app
	var places []T
	seq := t.loads.next()
	a.async(func(ctx context.Context) (err error) {
		places, err = t.kind.load(a.store, ctx, communeID)
		return err
	}, func(err error) {
		if !t.loads.is(seq) {
			return // the filter changed while this was loading
		}
		if err != nil {
			a.showError(err)
			return
		}
		t.places = places
		t.list.UnselectAll()
		t.list.Refresh()
	})
}

func (t *placeTab[T]) startNew() {
	t.list.UnselectAll()
	var p T
	*t.kind.fields(&p).communeID = t.s.communeAt(t.filter.Selected)
	t.edit(p)
	t.s.app.win.Canvas().Focus(t.code)
}

func (t *placeTab[T]) edit(p T) {
	t.editing = p
	f := t.kind.fields(&p)
	selectCommune(t.commune, t.s.communeLabel(*f.communeID))
	t.code.SetText(*f.code)
	t.name.SetText(*f.name)
	if t.extras != nil {
		t.extras.show(p)
	}
	t.form.clearErrors()
	if *f.id == 0 {
		t.heading.SetText(t.s.app.loc.T(t.kind.ids.newHeading))
	} else {
		t.heading.SetText(t.s.app.loc.T(t.kind.ids.editHeading, "Name", *f.name))
	}
}

func (t *placeTab[T]) save() {
	if t.saving.running {
		return
	}
	p := t.editing
	f := t.kind.fields(&p)
	*f.communeID = t.s.communeAt(t.commune.Selected)
	*f.code, *f.name = t.code.Text, t.name.Text
	if t.extras != nil {
		if e := t.extras.read(&p); e != nil {
			t.form.showErrors(e)
			return
		}
	}
	a := t.s.app
	a.write(&t.saving, func(ctx context.Context) error { return t.kind.save(a.store, ctx, &p) },
		func(err error) {
			if !a.reportErrors(t.form, err) {
				return
			}
			a.notify(a.loc.T(t.kind.ids.saved, "Name", *f.name))
			t.load()
			t.edit(p)
		})
}

// pointTab is the transaction points tab: a point also has its day of the month and the
// villages it serves.
type pointTab struct {
	*placeTab[data.Point]
	villageLoads latest
	villages     []data.Village // of the commune chosen in the editor
	day          *widget.Entry
	served       *widget.CheckGroup
}

func newPointTab(s *placesScreen) *pointTab {
	t := &pointTab{}
	t.placeTab = newPlaceTab(s, pointKind, t)
	t.edit(data.Point{})
	return t
}

func (t *pointTab) addFields(f *form) []*widget.Entry {
	t.day = widget.NewEntry()
	t.day.SetPlaceHolder("1–28")
	t.served = widget.NewCheckGroup(nil, nil)
	f.add("point.day", t.day)
	f.add("point.villages", container.NewVScroll(t.served))
	return []*widget.Entry{t.day}
}

// layout keeps the buttons at the bottom: the villages served take the height left.
func (t *pointTab) layout(heading, fields, buttons fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(container.NewVBox(heading), buttons, nil, nil, fields)
}

func (t *pointTab) communeChosen() { t.loadVillages(nil) }

func (t *pointTab) show(p data.Point) {
	t.day.SetText("")
	if p.Day != 0 {
		t.day.SetText(strconv.Itoa(p.Day))
	}
	t.loadVillages(p.VillageIDs)
}

func (t *pointTab) read(p *data.Point) *data.Error {
	day, e := parseInt("point.day", t.day.Text)
	if e != nil {
		return e
	}
	p.Day = day
	p.VillageIDs = nil
	for _, v := range t.villages {
		for _, label := range t.served.Selected {
			if label == v.Code+" · "+v.Name {
				p.VillageIDs = append(p.VillageIDs, v.ID)
			}
		}
	}
	return nil
}

// loadVillages fills the "villages served" choices for the editor's commune and ticks those in
// chosen.
func (t *pointTab) loadVillages(chosen []int64) {
	communeID := t.s.communeAt(t.commune.Selected)
	a := t.s.app
	var villages []data.Village
	seq := t.villageLoads.next()
	a.async(func(ctx context.Context) (err error) {
		if communeID != 0 {
			villages, err = a.store.Villages(ctx, communeID)
		}
		return err
	}, func(err error) {
		if !t.villageLoads.is(seq) {
			return // a later edit asked for other villages or other ticks
		}
		if err != nil {
			a.showError(err)
			return
		}
		t.villages = villages
		labels := make([]string, len(villages))
		var ticked []string
		for i, v := range villages {
			labels[i] = v.Code + " · " + v.Name
			for _, id := range chosen {
				if id == v.ID {
					ticked = append(ticked, labels[i])
				}
			}
		}
		t.served.Options = labels
		t.served.SetSelected(ticked)
		t.served.Refresh()
	})
}
