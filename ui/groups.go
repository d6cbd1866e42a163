package ui

import (
	"context"
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
)

// groupsScreen lists the savings-and-loan groups as the clerk types and edits the chosen one,
// with its rating history and its members below.
type groupsScreen struct {
	app *App

	loads       latest // searches
	detailLoads latest // members and ratings of the chosen group
	search      *widget.Entry
	table       *widget.Table
	rows        []data.GroupView
	picked      bool // the first group was shown when the screen first found any

	villages villageChoices

	form        *form
	code        *widget.Entry
	name        *widget.Entry
	village     *widget.Select
	association *widget.Select
	foundedOn   *widget.Entry
	status      *widget.Select
	leader      *widget.Select
	note        *widget.Entry
	heading     *widget.Label
	editing     data.Group

	members      []data.BorrowerView
	membersTitle *widget.Label
	membersTable *widget.Table

	ratings      []data.GroupRating
	ratingsTitle *widget.Label
	ratingsTable *widget.Table
	rateForm     *form
	rateYear     *widget.Entry
	rateValue    *widget.Select
	rateButton   *widget.Button

	root fyne.CanvasObject
}

var groupColumns = []string{"group.col.code", "group.col.name", "group.col.village", "group.col.association",
	"group.col.leader", "group.col.members", "group.col.rating"}

var memberColumns = []string{"borrower.col.code", "borrower.col.name", "borrower.col.status"}

var ratingColumns = []string{"group.rating_col.year", "group.rating_col.rating"}

func newGroupsScreen(a *App) *groupsScreen {
	s := &groupsScreen{app: a}
	loc := a.loc

	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(loc.T("groups.search"))
	s.search.OnChanged = func(string) { s.load() }

	s.table = newHeaderTable(groupColumns, []float32{85, 168, 194, 155, 153, 75, 140},
		func() int { return len(s.rows) }, s.cell, func(col int) bool { return col == 5 }, loc)
	s.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(s.rows) {
			s.edit(s.rows[id.Row].Group)
		}
	}

	s.form = newForm(loc)
	s.code, s.name, s.foundedOn, s.note = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	s.code.SetPlaceHolder("TK-001")
	s.foundedOn.SetPlaceHolder(loc.T("group.founded_hint", "Example", loc.Date(data.MustDate("2018-03-01"))))
	s.village = widget.NewSelect(nil, nil)
	s.village.PlaceHolder = loc.T("group.choose_village")
	associations := make([]string, len(data.Associations))
	for i, as := range data.Associations {
		associations[i] = loc.Association(as.Code)
	}
	s.association = widget.NewSelect(associations, nil)
	s.association.PlaceHolder = loc.T("group.choose_association")
	s.status = widget.NewSelect([]string{loc.T("status.active"), loc.T("status.closed")}, nil)
	s.leader = widget.NewSelect(nil, nil)
	s.leader.PlaceHolder = loc.T("group.no_leader")
	s.form.add("group.code", s.code)
	s.form.add("group.name", s.name)
	s.form.add("group.village", s.village)
	s.form.add("group.association", s.association)
	s.form.add("group.founded_on", s.foundedOn)
	s.form.add("group.status", s.status)
	s.form.add("group.leader", s.leader)
	s.form.add("group.note", s.note)
	submitOnEnter(s.save, s.code, s.name, s.foundedOn, s.note)
	save := widget.NewButton(loc.T("action.save"), s.save)
	save.Importance = widget.HighImportance
	buttons := container.NewHBox(widget.NewButton(loc.T("action.new"), s.newRecord), save,
		widget.NewButton(loc.T("action.cancel"), s.cancel))
	s.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.heading.Truncation = fyne.TextTruncateEllipsis

	// Rating history with this year's rating below it.
	s.ratingsTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.ratingsTitle.Truncation = fyne.TextTruncateEllipsis
	s.ratingsTable = newHeaderTable(ratingColumns, []float32{80, 150},
		func() int { return len(s.ratings) }, s.ratingCell, nil, loc)
	s.rateForm = newForm(loc)
	s.rateYear = widget.NewEntry()
	s.rateYear.SetText(strconv.Itoa(a.workingDate().Year()))
	ratings := make([]string, len(data.Ratings))
	for i, r := range data.Ratings {
		ratings[i] = loc.T("rating." + string(r))
	}
	s.rateValue = widget.NewSelect(ratings, nil)
	s.rateValue.SetSelected(ratings[0])
	s.rateForm.add("rating.year", s.rateYear)
	s.rateForm.add("rating.rating", s.rateValue)
	submitOnEnter(s.rate, s.rateYear)
	s.rateButton = widget.NewButton(loc.T("group.rate"), s.rate)
	rateBox := container.NewBorder(nil, nil, nil, container.NewVBox(layout.NewSpacer(), s.rateButton), s.rateForm.object())
	ratingsBox := container.NewBorder(s.ratingsTitle, rateBox, nil, nil, s.ratingsTable)

	// Members of the chosen group.
	s.membersTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.membersTitle.Truncation = fyne.TextTruncateEllipsis
	s.membersTable = newHeaderTable(memberColumns, []float32{110, 190, 100},
		func() int { return len(s.members) }, s.memberCell, nil, loc)
	membersBox := container.NewBorder(s.membersTitle, nil, nil, nil, s.membersTable)

	// The list runs across the whole width so that every column reads at once; the form sits
	// below it beside the members and the rating history.
	listHeight := canvas.NewRectangle(color.Transparent)
	listHeight.SetMinSize(fyne.NewSize(0, 150))
	list := container.NewBorder(s.search, nil, nil, nil, container.NewStack(listHeight, s.table))
	editor := container.NewVBox(container.NewBorder(nil, nil, nil, buttons, s.heading), s.form.object())
	tabs := container.NewAppTabs(
		container.NewTabItem(loc.T("group.tab.members"), membersBox),
		container.NewTabItem(loc.T("group.tab.ratings"), ratingsBox))
	bottom := container.NewHSplit(container.NewVScroll(container.NewPadded(editor)), tabs)
	bottom.Offset = 0.56
	split := container.NewVSplit(list, bottom)
	split.Offset = 0.4
	s.root = container.NewBorder(
		widget.NewLabelWithStyle(loc.T("nav.groups"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, split)
	s.edit(data.Group{Status: data.GroupActive})
	return s
}

func (s *groupsScreen) content() fyne.CanvasObject { return s.root }

// refresh reloads the village picker and the list.
func (s *groupsScreen) refresh() {
	a := s.app
	var villages villageChoices
	a.async(func(ctx context.Context) error {
		var err error
		villages, err = loadVillageChoices(ctx, a.store)
		return err
	}, func(err error) {
		if err != nil {
			a.showError(err)
			return
		}
		s.villages = villages
		s.village.SetOptions(villages.labels())
		s.showEditing()
		s.load()
	})
}

// load searches with what is in the search box; only the newest search's result is shown.
func (s *groupsScreen) load() {
	a := s.app
	query := s.search.Text
	var rows []data.GroupView
	seq := s.loads.next()
	a.async(func(ctx context.Context) (err error) {
		rows, err = a.store.SearchGroups(ctx, query, 0)
		return err
	}, func(err error) {
		if !s.loads.is(seq) {
			return // the clerk typed more while this was loading
		}
		if err != nil {
			a.showError(err)
			return
		}
		s.rows = rows
		s.table.UnselectAll()
		s.table.Refresh()
		if !s.picked && len(rows) > 0 && s.editing.ID == 0 && s.code.Text == "" && s.name.Text == "" {
			s.table.Select(widget.TableCellID{Row: 0, Col: 0}) // something useful shows at once
		}
		s.picked = s.picked || len(rows) > 0
	})
}

func (s *groupsScreen) cell(id widget.TableCellID) string {
	if id.Row < 0 || id.Row >= len(s.rows) {
		return ""
	}
	g := &s.rows[id.Row]
	loc := s.app.loc
	switch id.Col {
	case 0:
		return g.Code
	case 1:
		return g.Name
	case 2:
		return g.Village + " · " + g.Commune
	case 3:
		return loc.Association(g.Association)
	case 4:
		if g.Leader == "" {
			return "—"
		}
		return g.Leader
	case 5:
		return strconv.Itoa(g.Members)
	default:
		if g.LatestRating == "" {
			return "—"
		}
		return loc.T("rating."+string(g.LatestRating)) + " (" + strconv.Itoa(g.RatingYear) + ")"
	}
}

func (s *groupsScreen) memberCell(id widget.TableCellID) string {
	if id.Row < 0 || id.Row >= len(s.members) {
		return ""
	}
	m := &s.members[id.Row]
	switch id.Col {
	case 0:
		return m.Code
	case 1:
		return m.Name
	default:
		if m.Active {
			return s.app.loc.T("borrower.status.active")
		}
		return s.app.loc.T("borrower.status.left")
	}
}

func (s *groupsScreen) ratingCell(id widget.TableCellID) string {
	if id.Row < 0 || id.Row >= len(s.ratings) {
		return ""
	}
	r := &s.ratings[id.Row]
	if id.Col == 0 {
		return strconv.Itoa(r.Year)
	}
	return s.app.loc.T("rating." + string(r.Rating))
}

func (s *groupsScreen) newRecord() {
	s.table.UnselectAll()
	s.edit(data.Group{Status: data.GroupActive})
	s.app.win.Canvas().Focus(s.code)
}

func (s *groupsScreen) focusSearch() { s.app.win.Canvas().Focus(s.search) }

// cancel puts back what was last saved (or an empty form for a new group).
func (s *groupsScreen) cancel() { s.edit(s.editing) }

// edit fills the form with g and loads its members and ratings.
func (s *groupsScreen) edit(g data.Group) {
	s.editing = g
	s.showEditing()
	s.form.clearErrors()
	s.rateForm.clearErrors()
	s.loadDetail(g.ID)
}

// showEditing puts the group being edited into the form.
func (s *groupsScreen) showEditing() {
	g := s.editing
	loc := s.app.loc
	s.code.SetText(g.Code)
	s.name.SetText(g.Name)
	if label := s.villages.label(g.VillageID); label != "" {
		s.village.SetSelected(label)
	} else {
		s.village.ClearSelected()
	}
	if data.IsAssociation(g.Association) {
		s.association.SetSelected(loc.Association(g.Association))
	} else {
		s.association.ClearSelected()
	}
	s.foundedOn.SetText("")
	if !g.FoundedOn.IsZero() {
		s.foundedOn.SetText(loc.Date(g.FoundedOn))
	}
	if g.Status == data.GroupClosed {
		s.status.SetSelected(loc.T("status.closed"))
	} else {
		s.status.SetSelected(loc.T("status.active"))
	}
	s.setLeaderOptions(g.LeaderID)
	s.note.SetText(g.Note)
	if g.ID == 0 {
		s.heading.SetText(loc.T("group.new"))
	} else {
		s.heading.SetText(loc.T("group.edit", "Name", g.Name, "Code", g.Code))
	}
}

func memberLabel(b data.BorrowerView) string { return b.Code + " · " + b.Name }

// setLeaderOptions offers the group's members and selects keep when it is among them.
func (s *groupsScreen) setLeaderOptions(keep int64) {
	options := []string{s.app.loc.T("group.no_leader")}
	selected := options[0]
	for _, m := range s.members {
		if !m.Active {
			continue // a household that left cannot lead the group
		}
		options = append(options, memberLabel(m))
		if m.ID == keep {
			selected = memberLabel(m)
		}
	}
	s.leader.Options = options
	s.leader.SetSelected(selected)
}

// leaderID is the leader chosen in the form, 0 for none.
func (s *groupsScreen) leaderID() int64 {
	for _, m := range s.members {
		if memberLabel(m) == s.leader.Selected {
			return m.ID
		}
	}
	return 0
}

// typed reads the form into a group; a date that cannot be read is a typed error.
func (s *groupsScreen) typed() (data.Group, error) {
	loc := s.app.loc
	g := s.editing
	g.Code, g.Name, g.Note = s.code.Text, s.name.Text, s.note.Text
	g.VillageID = s.villages.id(s.village.Selected)
	g.Association = ""
	for _, as := range data.Associations {
		if s.association.Selected == loc.Association(as.Code) {
			g.Association = as.Code
		}
	}
	g.Status = data.GroupActive
	if s.status.Selected == loc.T("status.closed") {
		g.Status = data.GroupClosed
	}
	g.LeaderID = s.leaderID()
	d, e := parseDateField(loc, "group.founded_on", s.foundedOn.Text)
	if e != nil {
		return g, e
	}
	g.FoundedOn = d
	return g, nil
}

func (s *groupsScreen) save() {
	a := s.app
	g, err := s.typed()
	if !a.reportErrors(s.form, err) {
		return
	}
	a.async(func(ctx context.Context) error { return a.store.SaveGroup(ctx, &g) },
		func(err error) {
			if !a.reportErrors(s.form, err) {
				return
			}
			a.notify(a.loc.T("group.saved", "Name", g.Name, "Code", g.Code))
			s.edit(g)
			s.load()
		})
}

// rate records the typed year's rating of the group being edited.
func (s *groupsScreen) rate() {
	a := s.app
	loc := a.loc
	if s.editing.ID == 0 {
		return // a new group is saved before it is rated
	}
	r := data.GroupRating{GroupID: s.editing.ID}
	for _, x := range data.Ratings {
		if s.rateValue.Selected == loc.T("rating."+string(x)) {
			r.Rating = x
		}
	}
	year, e := parseInt("rating.year", s.rateYear.Text)
	if e != nil {
		s.rateForm.showErrors(e)
		return
	}
	r.Year = year
	code := s.editing.Code
	a.async(func(ctx context.Context) error { return a.store.RateGroup(ctx, r) },
		func(err error) {
			if !a.reportErrors(s.rateForm, err) {
				return
			}
			a.notify(loc.T("group.rated", "Code", code, "Year", r.Year, "Rating", loc.T("rating."+string(r.Rating))))
			s.loadDetail(r.GroupID)
			s.load()
		})
}

// loadDetail loads the group's members and rating history.
func (s *groupsScreen) loadDetail(groupID int64) {
	a := s.app
	seq := s.detailLoads.next()
	if groupID == 0 {
		s.members, s.ratings = nil, nil
		s.showDetail()
		s.rateButton.Disable()
		return
	}
	s.rateButton.Enable()
	var members []data.BorrowerView
	var ratings []data.GroupRating
	a.async(func(ctx context.Context) error {
		var err error
		if members, err = a.store.GroupMembers(ctx, groupID); err != nil {
			return err
		}
		ratings, err = a.store.GroupRatings(ctx, groupID)
		return err
	}, func(err error) {
		if !s.detailLoads.is(seq) {
			return // another group was chosen meanwhile
		}
		if err != nil {
			a.showError(err)
			return
		}
		s.members, s.ratings = members, ratings
		s.showDetail()
	})
}

// activeMembers counts the members still borrowing, as Group.Members does.
func (s *groupsScreen) activeMembers() int {
	n := 0
	for _, m := range s.members {
		if m.Active {
			n++
		}
	}
	return n
}

// showDetail shows the loaded members and ratings and offers the members as leaders.
func (s *groupsScreen) showDetail() {
	loc := s.app.loc
	leader := s.leaderID()
	if leader == 0 {
		leader = s.editing.LeaderID
	}
	s.setLeaderOptions(leader)
	s.membersTable.Refresh()
	s.ratingsTable.Refresh()
	if len(s.members) == 0 {
		s.membersTitle.SetText(loc.T("group.members_none"))
	} else {
		s.membersTitle.SetText(loc.T("group.members", "Count", s.activeMembers()))
	}
	if len(s.ratings) == 0 {
		s.ratingsTitle.SetText(loc.T("group.no_ratings"))
	} else {
		s.ratingsTitle.SetText(loc.T("group.ratings"))
	}
}
