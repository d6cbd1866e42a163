package ui

import (
	"context"
	"fmt"
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/reports"
)

// groupsScreen lists the savings-and-loan groups as the clerk types and edits the chosen one,
// with its rating history and its members below.
type groupsScreen struct {
	app *App
	// The writes running, each with the button that starts it disabled meanwhile: a second
	// Save of a new group would add it twice.
	saving, rating, closing busy

	loads         latest // searches
	detailLoads   latest // members and ratings of the chosen group
	title         *widget.Label
	search        *widget.Entry
	communeFilter *choice
	villageFilter *choice
	table         *sortedTable
	rows          []data.GroupLine
	on            data.Date // the date of the list's and the members' figures
	picked        bool      // the first group was shown when the screen first found any
	quiet         bool      // the list's selection is being set by code: do not reload the group

	villages  villageChoices // the form's picker
	communes  []data.Commune
	byCommune map[int64][]data.Village

	form        *form
	code        *widget.Entry
	name        *widget.Entry
	village     *choice
	association *choice
	foundedOn   *widget.Entry
	status      *widget.Label
	closeButton *widget.Button // closes an active group, reopens a closed one
	leader      *choice
	note        *widget.Entry
	heading     *widget.Label
	editing     data.Group

	members      []data.MemberLine
	membersTitle *widget.Label
	membersTable *widget.Table
	memberTotals *keepLabel // wraps between figures, never inside one
	member       int        // the selected row of the members table, -1 for none
	addMember    *widget.Button
	moveMember   *widget.Button
	move         *moveDialog // the last move dialog opened, for tests

	ratings      []data.GroupRating
	ratingsTitle *widget.Label
	ratingsTable *widget.Table
	tabs         *container.AppTabs // members, details, ratings
	rateForm     *form
	rateYear     *widget.Entry
	rateValue    *choice
	rateButton   *widget.Button
	scores       *ratingPanel // the computed monthly ratings

	root fyne.CanvasObject
}

var groupColumns = []string{"group.col.code", "group.col.name", "group.col.village", "group.col.association",
	"group.col.leader", "group.col.members", "group.col.outstanding", "group.col.overdue", "group.col.rating"}

// The tabs below the list.
const (
	groupTabMembers = iota
	groupTabDetails
	groupTabRatings
	groupTabScores
)

// Columns of the list that hold figures, right-aligned.
const (
	groupColMembers     = 5
	groupColOutstanding = 6
	groupColOverdue     = 7
)

var memberColumns = []string{"borrower.col.code", "borrower.col.name", "group.col.outstanding", "group.col.overdue",
	"group.col.savings", "borrower.col.status"}

var ratingColumns = []string{"group.rating_col.year", "group.rating_col.rating"}

func newGroupsScreen(a *App) *groupsScreen {
	s := &groupsScreen{app: a, member: -1}
	loc := a.loc

	// The list, filtered by commune, village and the words typed, sorted by any column.
	s.title = widget.NewLabelWithStyle(loc.T("nav.groups"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(loc.T("groups.search"))
	s.search.OnChanged = func(string) { s.load() }
	s.communeFilter = newSelect(loc, nil, func(string) { s.communeChosen() })
	s.villageFilter = newSelect(loc, nil, func(string) { s.load() })
	s.table = newSortedTable(groupColumns, []float32{86, 126, 134, 120, 118, 80, 112, 100, 108},
		func() int { return len(s.rows) }, s.cell,
		func(col int) bool { return col >= groupColMembers && col <= groupColOverdue }, loc,
		func() {
			sortGroupLines(s.rows, s.table.sortCol, s.table.desc, s.app.loc)
			s.table.UnselectAll()
			s.selectEditing()
		})
	// Code and name stay in place while the figures scroll sideways on a narrow screen.
	s.table.StickyColumnCount = 2
	s.table.OnSelected = func(id widget.TableCellID) {
		if !s.quiet && id.Row >= 0 && id.Row < len(s.rows) {
			s.edit(s.rows[id.Row].Group)
		}
	}

	s.form = newForm(loc)
	s.code, s.name, s.foundedOn, s.note = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	s.code.SetPlaceHolder(loc.T("lookdesk.hint.group_code"))
	s.foundedOn.SetPlaceHolder(loc.T("group.founded_hint", "Example", loc.Date(data.MustDate("2018-03-01"))))
	s.village = newSelect(loc, nil, nil)
	s.village.PlaceHolder = loc.T("group.choose_village")
	associations := make([]string, len(data.Associations))
	for i, as := range data.Associations {
		associations[i] = loc.Association(as.Code)
	}
	s.association = newSelect(loc, associations, nil)
	s.association.PlaceHolder = loc.T("group.choose_association")
	s.status = widget.NewLabel("")
	s.closeButton = widget.NewButton(loc.T("group.close"), s.closeOrReopen)
	s.closing.guard(s.closeButton)
	s.leader = newSelect(loc, nil, nil)
	s.leader.PlaceHolder = loc.T("group.no_leader")
	s.form.add("group.code", s.code)
	s.form.add("group.name", s.name)
	s.form.add("group.village", s.village)
	s.form.add("group.association", s.association)
	s.form.add("group.founded_on", s.foundedOn)
	s.form.add("group.status", container.NewBorder(nil, nil, nil, s.closeButton, s.status))
	s.form.add("group.leader", s.leader)
	s.form.add("group.note", s.note)
	submitOnEnter(s.save, s.code, s.name, s.foundedOn, s.note)
	save := widget.NewButton(loc.T("action.save"), s.save)
	save.Importance = widget.HighImportance
	s.saving.guard(save)
	newButton, cancel := widget.NewButton(loc.T("action.new"), s.newRecord), widget.NewButton(loc.T("action.cancel"), s.cancel)
	buttons := container.NewHBox(newButton, save, cancel)
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
	s.rateValue = newSelect(loc, ratings, nil)
	s.rateValue.SetSelected(ratings[0])
	s.rateForm.add("rating.year", s.rateYear)
	s.rateForm.add("rating.rating", s.rateValue)
	submitOnEnter(s.rate, s.rateYear)
	s.rateButton = widget.NewButton(loc.T("group.rate"), s.rate)
	s.rating.guard(s.rateButton)
	rateBox := container.NewBorder(nil, nil, nil, container.NewVBox(layout.NewSpacer(), s.rateButton), s.rateForm.object())
	ratingsBox := container.NewBorder(s.ratingsTitle, rateBox, nil, nil, s.ratingsTable)

	// Members of the chosen group with what each owes and has saved; households move in and out.
	s.membersTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.membersTitle.Truncation = fyne.TextTruncateEllipsis
	s.membersTable = newHeaderTable(memberColumns, []float32{118, 200, 120, 110, 110, 100},
		func() int { return len(s.members) }, s.memberCell, func(col int) bool { return col >= 2 && col <= 4 }, loc)
	s.membersTable.StickyColumnCount = 2 // code and name
	s.membersTable.OnSelected = func(id widget.TableCellID) { s.pickMember(id.Row) }
	s.membersTable.OnUnselected = func(widget.TableCellID) { s.pickMember(-1) }
	s.memberTotals = newKeepLabel("")
	s.addMember = widget.NewButton(loc.T("group.add_member"), s.showAddMember)
	s.moveMember = widget.NewButton(loc.T("group.move_member"), s.showMoveMember)
	membersTop := container.NewBorder(nil, nil, nil,
		container.NewVBox(layout.NewSpacer(), container.NewHBox(s.addMember, s.moveMember)),
		container.NewVBox(s.membersTitle, s.memberTotals))
	membersBox := container.NewBorder(membersTop, nil, nil, nil, s.membersTable)
	// Groups, their ratings and members are the credit officer's: others read them.
	a.allow(data.ActGroups, newButton, save, cancel, s.closeButton, s.rateButton, s.addMember, s.moveMember)
	if !a.may(data.ActGroups) {
		for _, e := range []*widget.Entry{s.code, s.name, s.foundedOn, s.note, s.rateYear} {
			e.Disable()
		}
		for _, sel := range []*choice{s.village, s.association, s.leader, s.rateValue} {
			sel.Disable()
		}
	}

	s.scores = newRatingPanel(a, func() { s.load() })

	// The list runs across the whole width so that every column reads at once; below it the
	// chosen group: its members, its own details and its rating history, each a tab as wide as
	// the list.
	listHeight := canvas.NewRectangle(color.Transparent)
	listHeight.SetMinSize(fyne.NewSize(0, 150))
	filters := container.NewBorder(nil, nil,
		container.NewHBox(fixedWidth(s.communeFilter, 200), fixedWidth(s.villageFilter, 170)),
		a.exportButton(s.prepareExport), s.search)
	list := container.NewBorder(filters, nil, nil, nil, container.NewStack(listHeight, s.table))
	details := container.NewBorder(nil, nil, nil, nil, container.NewVScroll(container.NewPadded(s.form.object())))
	s.tabs = container.NewAppTabs(
		container.NewTabItem(loc.T("group.tab.members"), membersBox),
		container.NewTabItem(loc.T("group.tab.details"), details),
		container.NewTabItem(loc.T("group.tab.ratings"), ratingsBox),
		container.NewTabItem(loc.T("settleui.tab"), s.scores.root))
	bottom := container.NewBorder(container.NewBorder(nil, nil, nil, buttons, s.heading), nil, nil, nil, s.tabs)
	split := container.NewVSplit(list, bottom)
	split.Offset = 0.42
	s.root = container.NewBorder(s.title, nil, nil, nil, split)
	s.edit(data.Group{Status: data.GroupActive})
	return s
}

func (s *groupsScreen) content() fyne.CanvasObject { return s.root }

// refresh reloads the pickers, the filters and the list, with figures on the working date.
func (s *groupsScreen) refresh() {
	a := s.app
	var pl places
	a.async(func(ctx context.Context) (err error) {
		pl, err = loadPlaces(ctx, a.store)
		return err
	}, func(err error) {
		if err != nil {
			a.showError(err)
			return
		}
		s.villages = pl.villageChoices()
		s.village.SetOptions(s.villages.labels())
		s.communes = pl.communes
		s.byCommune = pl.byCommune()
		s.setFilterOptions()
		s.showEditing()
		s.load()
	})
}

// setFilterOptions offers every commune and the chosen commune's villages, keeping the
// choices that still exist.
func (s *groupsScreen) setFilterOptions() {
	loc := s.app.loc
	options := []string{loc.T("groups.all_communes")}
	for _, c := range s.communes {
		options = append(options, c.Name)
	}
	keep := s.communeFilter.Selected
	s.communeFilter.Options = options
	s.communeFilter.Selected = options[0]
	for _, o := range options {
		if o == keep {
			s.communeFilter.Selected = keep
		}
	}
	s.communeFilter.Refresh()
	s.setVillageOptions()
}

// setVillageOptions offers the villages of the commune chosen in the filter.
func (s *groupsScreen) setVillageOptions() {
	loc := s.app.loc
	options := []string{loc.T("groups.all_villages")}
	for _, v := range s.byCommune[s.communeID()] {
		options = append(options, v.Name)
	}
	keep := s.villageFilter.Selected
	s.villageFilter.Options = options
	s.villageFilter.Selected = options[0]
	for _, o := range options {
		if o == keep {
			s.villageFilter.Selected = keep
		}
	}
	s.villageFilter.Refresh()
	if s.communeID() == 0 {
		s.villageFilter.Disable()
	} else {
		s.villageFilter.Enable()
	}
}

// communeChosen narrows the village filter to the commune and reloads the list.
func (s *groupsScreen) communeChosen() {
	s.villageFilter.Selected = ""
	s.setVillageOptions()
	s.load()
}

// communeID is the commune chosen in the filter, 0 for all.
func (s *groupsScreen) communeID() int64 {
	for i, c := range s.communes {
		if i+1 < len(s.communeFilter.Options) && s.communeFilter.Selected == s.communeFilter.Options[i+1] {
			return c.ID
		}
	}
	return 0
}

// villageID is the village chosen in the filter, 0 for all.
func (s *groupsScreen) villageID() int64 {
	for _, v := range s.byCommune[s.communeID()] {
		if s.villageFilter.Selected == v.Name {
			return v.ID
		}
	}
	return 0
}

// load lists the groups the filters and the search select, with their figures on the working
// date; only the newest load's result is shown.
func (s *groupsScreen) load() {
	a := s.app
	f := data.GroupFilter{Query: s.search.Text, CommuneID: s.communeID(), VillageID: s.villageID()}
	on := a.workingDate()
	var rows []data.GroupLine
	seq := s.loads.next()
	a.async(func(ctx context.Context) (err error) {
		rows, err = a.store.GroupList(ctx, f, on)
		return err
	}, func(err error) {
		if !s.loads.is(seq) {
			return // the clerk typed more while this was loading
		}
		if err != nil {
			a.showError(err)
			return
		}
		s.on = on
		s.title.SetText(a.loc.T("groups.title", "Date", on))
		sortGroupLines(rows, s.table.sortCol, s.table.desc, a.loc)
		s.rows = rows
		s.table.UnselectAll()
		s.table.Refresh()
		if !s.picked && len(rows) > 0 && s.editing.ID == 0 && s.code.Text == "" && s.name.Text == "" {
			s.table.Select(widget.TableCellID{Row: 0, Col: 0}) // something useful shows at once
		} else {
			s.selectEditing()
		}
		s.picked = s.picked || len(rows) > 0
	})
}

// selectEditing highlights the group being edited when the list shows it, without reloading it.
func (s *groupsScreen) selectEditing() {
	for i, r := range s.rows {
		if r.ID == s.editing.ID && r.ID != 0 {
			s.quiet = true
			s.table.Select(widget.TableCellID{Row: i, Col: 0})
			s.quiet = false
			return
		}
	}
}

func (s *groupsScreen) cell(id widget.TableCellID) string {
	if id.Row < 0 || id.Row >= len(s.rows) {
		return ""
	}
	return s.rowText(&s.rows[id.Row], id.Col)
}

// rowText is what a group's line shows in column col, on the screen and in an export.
func (s *groupsScreen) rowText(g *data.GroupLine, col int) string {
	loc := s.app.loc
	switch col {
	case 0:
		return g.Code
	case 1:
		if g.Status == data.GroupClosed {
			return g.Name + " · " + loc.T("status.closed")
		}
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
	case groupColMembers:
		return strconv.Itoa(g.Members)
	case groupColOutstanding:
		return loc.Amount(g.Outstanding)
	case groupColOverdue:
		return loc.Amount(g.Overdue)
	default:
		if g.LatestRating == "" {
			return "—"
		}
		if !g.RatingMonth.IsZero() { // a settled month's rating
			return loc.T("settleui.rating_of_month", "Rating", loc.T("rating."+string(g.LatestRating)), "Month", g.RatingMonth.String())
		}
		return loc.T("groups.rating_of_year", "Rating", loc.T("rating."+string(g.LatestRating)), "Year", g.RatingYear)
	}
}

func (s *groupsScreen) memberCell(id widget.TableCellID) string {
	if id.Row < 0 || id.Row >= len(s.members) {
		return ""
	}
	m := &s.members[id.Row]
	loc := s.app.loc
	switch id.Col {
	case 0:
		return m.Code
	case 1:
		return m.Name
	case 2:
		return loc.Amount(m.Outstanding)
	case 3:
		return loc.Amount(m.Overdue)
	case 4:
		return loc.Amount(m.Savings)
	default:
		switch {
		case m.ID == s.editing.LeaderID && m.Active:
			return loc.T("group.leader_mark")
		case m.Active:
			return loc.T("borrower.status.active")
		}
		return loc.T("borrower.status.left")
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
	if !s.app.may(data.ActGroups) {
		return
	}
	s.table.UnselectAll()
	s.edit(data.Group{Status: data.GroupActive})
	s.tabs.SelectIndex(groupTabDetails)
	s.app.win.Canvas().Focus(s.code)
}

// fixedWidth gives o a width of its own, whatever its content asks for.
func fixedWidth(o fyne.CanvasObject, width float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(width, 0))
	return container.NewStack(r, o)
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
	s.showStatus()
	s.setLeaderOptions(g.LeaderID)
	s.note.SetText(g.Note)
	if g.ID == 0 {
		s.heading.SetText(loc.T("group.new"))
	} else {
		s.heading.SetText(loc.T("group.edit", "Name", g.Name, "Code", g.Code))
	}
	s.form.keep()
}

// showStatus shows whether the group works and offers to close or reopen it.
func (s *groupsScreen) showStatus() {
	loc := s.app.loc
	g := s.editing
	s.status.SetText(loc.T("status." + string(g.Status)))
	if g.Status == data.GroupClosed {
		s.closeButton.SetText(loc.T("group.reopen"))
	} else {
		s.closeButton.SetText(loc.T("group.close"))
	}
	if g.ID == 0 {
		s.closeButton.Disable()
	} else {
		s.closeButton.Enable()
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
		options = append(options, memberLabel(m.BorrowerView))
		if m.ID == keep {
			selected = memberLabel(m.BorrowerView)
		}
	}
	s.leader.Options = options
	s.leader.SetSelected(selected)
}

// leaderID is the leader chosen in the form, 0 for none.
func (s *groupsScreen) leaderID() int64 {
	for _, m := range s.members {
		if memberLabel(m.BorrowerView) == s.leader.Selected {
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
	if s.saving.running {
		return
	}
	g, err := s.typed()
	if !a.reportErrors(s.form, err) {
		s.tabs.SelectIndex(groupTabDetails) // where the messages are
		return
	}
	a.write(&s.saving, func(ctx context.Context) error { return a.store.SaveGroup(ctx, &g) },
		func(err error) {
			if !a.reportErrors(s.form, err) {
				s.tabs.SelectIndex(groupTabDetails)
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
	if s.editing.ID == 0 || s.rating.running {
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
	a.write(&s.rating, func(ctx context.Context) error { return a.store.RateGroup(ctx, r) },
		func(err error) {
			if !a.reportErrors(s.rateForm, err) {
				return
			}
			a.notify(loc.T("group.rated", "Code", code, "Year", r.Year, "Rating", loc.T("rating."+string(r.Rating))))
			s.loadDetail(r.GroupID)
			s.load()
		})
}

// loadDetail loads the group's members, with their balances on the working date, and its
// rating history.
func (s *groupsScreen) loadDetail(groupID int64) {
	a := s.app
	seq := s.detailLoads.next()
	s.pickMember(-1)
	s.membersTable.UnselectAll()
	s.scores.load(s.editing)
	if groupID == 0 {
		s.members, s.ratings = nil, nil
		s.showDetail()
		s.rateButton.Disable()
		return
	}
	s.rateButton.Enable()
	on := a.workingDate()
	var members []data.MemberLine
	var ratings []data.GroupRating
	a.async(func(ctx context.Context) error {
		var err error
		if members, err = a.store.GroupMemberLines(ctx, groupID, on); err != nil {
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
		s.on = on
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
	// The leader offered once the members are in is the store's, not the clerk's choice.
	clean := !s.form.edited()
	s.setLeaderOptions(leader)
	if clean {
		s.form.keep()
	}
	s.membersTable.Refresh()
	s.ratingsTable.Refresh()
	if len(s.members) == 0 {
		s.membersTitle.SetText(loc.T("group.members_none"))
		s.memberTotals.SetText("")
	} else {
		s.membersTitle.SetText(loc.T("group.members", "Count", s.activeMembers()))
		var out, od, sav data.Dong
		for _, m := range s.members {
			out, od, sav = out+m.Outstanding, od+m.Overdue, sav+m.Savings
		}
		s.memberTotals.SetText(loc.T("group.member_totals", "Outstanding", out, "Overdue", od, "Savings", sav, "Date", s.on))
	}
	if len(s.ratings) == 0 {
		s.ratingsTitle.SetText(loc.T("group.no_ratings"))
	} else {
		s.ratingsTitle.SetText(loc.T("group.ratings"))
	}
	s.enableMemberButtons()
}

// pickMember follows the selection in the members table (-1: none).
func (s *groupsScreen) pickMember(row int) {
	s.member = -1
	if row >= 0 && row < len(s.members) {
		s.member = row
	}
	s.enableMemberButtons()
}

// enableMemberButtons offers "Add member…" for a saved group that works and "Move to another
// group…" for a chosen household still borrowing.
func (s *groupsScreen) enableMemberButtons() {
	if s.editing.ID != 0 && s.editing.Status == data.GroupActive {
		s.addMember.Enable()
	} else {
		s.addMember.Disable()
	}
	if s.member >= 0 && s.members[s.member].Active {
		s.moveMember.Enable()
	} else {
		s.moveMember.Disable()
	}
}

// moved reloads the list and the group after a household moved in or out.
func (s *groupsScreen) moved() {
	s.load()
	s.loadDetail(s.editing.ID)
}

// showAddMember asks for a household of the group's commune and moves it into the group.
func (s *groupsScreen) showAddMember() {
	a := s.app
	id := s.editing.ID
	if id == 0 {
		return
	}
	var g data.GroupView
	a.async(func(ctx context.Context) (err error) {
		g, err = a.store.Group(ctx, id)
		return err
	}, func(err error) {
		if err != nil {
			a.showError(err)
			return
		}
		s.move = a.openAddMember(g, s.moved)
	})
}

// showMoveMember asks which group the chosen member moves to and moves it there.
func (s *groupsScreen) showMoveMember() {
	if s.member < 0 || s.member >= len(s.members) {
		return
	}
	s.move = s.app.openMoveHousehold(s.members[s.member].BorrowerView, s.moved)
}

// closeOrReopen closes the group being edited, or reopens it when it is closed; a refusal
// shows under the status.
func (s *groupsScreen) closeOrReopen() {
	a := s.app
	g := s.editing
	if g.ID == 0 {
		return
	}
	closing := g.Status != data.GroupClosed
	var after data.GroupView
	a.write(&s.closing, func(ctx context.Context) error {
		var err error
		if closing {
			err = a.store.CloseGroup(ctx, g.ID)
		} else {
			err = a.store.ReopenGroup(ctx, g.ID)
		}
		if err != nil {
			return err
		}
		after, err = a.store.Group(ctx, g.ID)
		return err
	}, func(err error) {
		if !a.reportErrors(s.form, err) {
			return
		}
		if closing {
			a.notify(a.loc.T("group.closed_done", "Code", g.Code, "Name", g.Name))
		} else {
			a.notify(a.loc.T("group.reopened", "Code", g.Code, "Name", g.Name))
		}
		s.editing.Status = after.Status
		s.showStatus()
		s.enableMemberButtons()
		s.load()
	})
}

// prepareExport exports the groups listed, in the list's order.
func (s *groupsScreen) prepareExport() (string, func(ctx context.Context) (reports.Table, error)) {
	sheet := reports.GroupsTable(s.app.loc, s.rows) // built now: the rows may change after the tap
	return fmt.Sprintf("groups-%s", s.app.workingDate()), func(context.Context) (reports.Table, error) { return sheet, nil }
}
