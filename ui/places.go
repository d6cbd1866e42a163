package ui

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
)

// placesScreen keeps the office's communes, transaction points and villages.
type placesScreen struct {
	app      *App
	communes []data.Commune
	tabs     *container.AppTabs
	commune  *communeTab
	village  *villageTab
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
	var communes []data.Commune
	s.app.async(func(ctx context.Context) (err error) {
		communes, err = s.app.store.Communes(ctx)
		return err
	}, func(err error) {
		if err != nil {
			s.app.showError(err)
			return
		}
		s.communes = communes
		s.commune.reload()
		s.village.communesChanged()
		s.point.communesChanged()
	})
}

func (s *placesScreen) newRecord() {
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
func selectCommune(sel *widget.Select, label string) {
	if label == "" {
		sel.ClearSelected()
		return
	}
	sel.SetSelected(label)
}

// editorButtons are the New and Save buttons every places tab has.
func editorButtons(s *placesScreen, onNew, onSave func()) fyne.CanvasObject {
	save := widget.NewButton(s.app.loc.T("action.save"), onSave)
	save.Importance = widget.HighImportance
	return container.NewHBox(widget.NewButton(s.app.loc.T("action.new"), onNew), save)
}

// ---- communes ----

type communeTab struct {
	s       *placesScreen
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
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			c := s.communes[id]
			text := c.Code + " · " + c.Name
			if c.FormerName != "" {
				text = loc.T("places.commune_with_former", "Commune", text, "Formerly", loc.T("commune.formerly", "Name", c.FormerName))
			}
			o.(*widget.Label).SetText(text)
		},
	)
	t.list.OnSelected = func(id widget.ListItemID) { t.edit(s.communes[id]) }
	t.form = newForm(loc)
	t.code, t.name, t.former = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	t.code.SetPlaceHolder("25432")
	t.form.add("commune.code", t.code)
	t.form.add("commune.name", t.name)
	t.form.add("commune.former_name", t.former)
	submitOnEnter(t.save, t.code, t.name, t.former)
	t.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	editor := container.NewVBox(t.heading, t.form.object(), editorButtons(s, t.startNew, t.save))
	split := container.NewHSplit(t.list, container.NewPadded(editor))
	split.Offset = 0.45
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
	c := t.editing
	c.Code, c.Name, c.FormerName = t.code.Text, t.name.Text, t.former.Text
	a := t.s.app
	a.async(func(ctx context.Context) error { return a.store.SaveCommune(ctx, &c) },
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

// ---- villages ----

type villageTab struct {
	s        *placesScreen
	loads    latest
	filter   *widget.Select
	villages []data.Village
	list     *widget.List
	form     *form
	commune  *widget.Select
	code     *widget.Entry
	name     *widget.Entry
	heading  *widget.Label
	editing  data.Village
	root     fyne.CanvasObject
}

func newVillageTab(s *placesScreen) *villageTab {
	t := &villageTab{s: s}
	loc := s.app.loc
	t.filter = newSelect(loc, nil, func(string) { t.load() })
	t.filter.PlaceHolder = loc.T("places.choose_commune")
	t.list = widget.NewList(
		func() int { return len(t.villages) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			v := t.villages[id]
			o.(*widget.Label).SetText(v.Code + " · " + v.Name)
		},
	)
	t.list.OnSelected = func(id widget.ListItemID) { t.edit(t.villages[id]) }
	t.form = newForm(loc)
	t.commune = newSelect(loc, nil, nil)
	t.code, t.name = widget.NewEntry(), widget.NewEntry()
	t.form.add("village.commune", t.commune)
	t.form.add("village.code", t.code)
	t.form.add("village.name", t.name)
	submitOnEnter(t.save, t.code, t.name)
	t.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	editor := container.NewVBox(t.heading, t.form.object(), editorButtons(s, t.startNew, t.save))
	left := container.NewBorder(t.filter, nil, nil, nil, t.list)
	split := container.NewHSplit(left, container.NewPadded(editor))
	split.Offset = 0.45
	t.root = split
	t.edit(data.Village{})
	return t
}

func (t *villageTab) communesChanged() {
	labels := t.s.communeLabels()
	t.filter.SetOptions(labels)
	t.commune.SetOptions(labels)
	if t.filter.Selected == "" && len(labels) > 0 {
		t.filter.SetSelected(labels[0]) // triggers load
		return
	}
	t.load()
}

func (t *villageTab) load() {
	communeID := t.s.communeAt(t.filter.Selected)
	if communeID == 0 {
		t.villages = nil
		t.list.Refresh()
		return
	}
	a := t.s.app
	var villages []data.Village
	seq := t.loads.next()
	a.async(func(ctx context.Context) (err error) {
		villages, err = a.store.Villages(ctx, communeID)
		return err
	}, func(err error) {
		if !t.loads.is(seq) {
			return // the filter changed while this was loading
		}
		if err != nil {
			a.showError(err)
			return
		}
		t.villages = villages
		t.list.UnselectAll()
		t.list.Refresh()
	})
}

func (t *villageTab) startNew() {
	t.list.UnselectAll()
	t.edit(data.Village{CommuneID: t.s.communeAt(t.filter.Selected)})
	t.s.app.win.Canvas().Focus(t.code)
}

func (t *villageTab) edit(v data.Village) {
	t.editing = v
	selectCommune(t.commune, t.s.communeLabel(v.CommuneID))
	t.code.SetText(v.Code)
	t.name.SetText(v.Name)
	t.form.clearErrors()
	if v.ID == 0 {
		t.heading.SetText(t.s.app.loc.T("village.new"))
	} else {
		t.heading.SetText(t.s.app.loc.T("village.edit", "Name", v.Name))
	}
}

func (t *villageTab) save() {
	v := t.editing
	v.CommuneID = t.s.communeAt(t.commune.Selected)
	v.Code, v.Name = t.code.Text, t.name.Text
	a := t.s.app
	a.async(func(ctx context.Context) error { return a.store.SaveVillage(ctx, &v) },
		func(err error) {
			if !a.reportErrors(t.form, err) {
				return
			}
			a.notify(a.loc.T("village.saved", "Name", v.Name))
			t.load()
			t.edit(v)
		})
}

// ---- transaction points ----

type pointTab struct {
	s            *placesScreen
	loads        latest
	villageLoads latest
	filter       *widget.Select
	points       []data.Point
	villages     []data.Village // of the commune chosen in the editor
	list         *widget.List
	form         *form
	commune      *widget.Select
	code         *widget.Entry
	name         *widget.Entry
	day          *widget.Entry
	served       *widget.CheckGroup
	heading      *widget.Label
	editing      data.Point
	root         fyne.CanvasObject
}

func newPointTab(s *placesScreen) *pointTab {
	t := &pointTab{s: s}
	loc := s.app.loc
	t.filter = newSelect(loc, nil, func(string) { t.load() })
	t.filter.PlaceHolder = loc.T("places.choose_commune")
	t.list = widget.NewList(
		func() int { return len(t.points) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			p := t.points[id]
			o.(*widget.Label).SetText(loc.T("point.row", "Code", p.Code, "Name", p.Name, "Day", p.Day, "Villages", len(p.VillageIDs)))
		},
	)
	t.list.OnSelected = func(id widget.ListItemID) { t.edit(t.points[id]) }
	t.form = newForm(loc)
	t.commune = newSelect(loc, nil, func(string) { t.loadVillages(nil) })
	t.code, t.name, t.day = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	t.day.SetPlaceHolder("1–28")
	t.served = widget.NewCheckGroup(nil, nil)
	t.form.add("point.commune", t.commune)
	t.form.add("point.code", t.code)
	t.form.add("point.name", t.name)
	t.form.add("point.day", t.day)
	t.form.add("point.villages", container.NewVScroll(t.served))
	submitOnEnter(t.save, t.code, t.name, t.day)
	t.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	editor := container.NewBorder(container.NewVBox(t.heading), editorButtons(s, t.startNew, t.save), nil, nil,
		t.form.object())
	left := container.NewBorder(t.filter, nil, nil, nil, t.list)
	split := container.NewHSplit(left, container.NewPadded(editor))
	split.Offset = 0.45
	t.root = split
	t.edit(data.Point{})
	return t
}

func (t *pointTab) communesChanged() {
	labels := t.s.communeLabels()
	t.filter.SetOptions(labels)
	t.commune.SetOptions(labels)
	if t.filter.Selected == "" && len(labels) > 0 {
		t.filter.SetSelected(labels[0])
		return
	}
	t.load()
}

func (t *pointTab) load() {
	communeID := t.s.communeAt(t.filter.Selected)
	if communeID == 0 {
		t.points = nil
		t.list.Refresh()
		return
	}
	a := t.s.app
	var points []data.Point
	seq := t.loads.next()
	a.async(func(ctx context.Context) (err error) {
		points, err = a.store.Points(ctx, communeID)
		return err
	}, func(err error) {
		if !t.loads.is(seq) {
			return
		}
		if err != nil {
			a.showError(err)
			return
		}
		t.points = points
		t.list.UnselectAll()
		t.list.Refresh()
	})
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

func (t *pointTab) startNew() {
	t.list.UnselectAll()
	t.edit(data.Point{CommuneID: t.s.communeAt(t.filter.Selected)})
	t.s.app.win.Canvas().Focus(t.code)
}

func (t *pointTab) edit(p data.Point) {
	t.editing = p
	selectCommune(t.commune, t.s.communeLabel(p.CommuneID))
	t.code.SetText(p.Code)
	t.name.SetText(p.Name)
	t.day.SetText("")
	if p.Day != 0 {
		t.day.SetText(strconv.Itoa(p.Day))
	}
	t.form.clearErrors()
	t.loadVillages(p.VillageIDs)
	if p.ID == 0 {
		t.heading.SetText(t.s.app.loc.T("point.new"))
	} else {
		t.heading.SetText(t.s.app.loc.T("point.edit", "Name", p.Name))
	}
}

func (t *pointTab) save() {
	p := t.editing
	p.CommuneID = t.s.communeAt(t.commune.Selected)
	p.Code, p.Name = t.code.Text, t.name.Text
	day, e := parseInt("point.day", t.day.Text)
	if e != nil {
		t.form.showErrors(e)
		return
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
	a := t.s.app
	a.async(func(ctx context.Context) error { return a.store.SavePoint(ctx, &p) },
		func(err error) {
			if !a.reportErrors(t.form, err) {
				return
			}
			a.notify(a.loc.T("point.saved", "Name", p.Name))
			t.load()
			t.edit(p)
		})
}
