package ui

import (
	"context"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
)

// borrowersScreen lists the office's households (search as the clerk types, filters, sort by
// any column, a page at a time), and shows the chosen one below the list: its form, its loans
// with their position today, and its history of changes. A household is never deleted; one
// that stops borrowing is marked as left, and may rejoin.
type borrowersScreen struct {
	app *App

	// The list (borrower_list.go).
	search    *widget.Entry
	filters   borrowerFilters
	count     *widget.Label
	table     *widget.Table
	headers   map[int]*widget.Button
	sortBy    data.BorrowerSort
	desc      bool
	list      borrowerPages
	loads     latest
	picked    bool // the first household was shown when the screen first found any
	filtering bool // the filters are being set by code: no search per change
	searched  bool // the list is loading for a new search or filter: the household shown must be among its results
	listBody  *fyne.Container
	empty     fyne.CanvasObject // what shows instead of the list when the office has no household

	villages villageChoices // the form's village picker
	groups   []data.GroupView
	programs map[string]string // program code → name in the current language

	// The chosen household.
	form      *form
	code      *widget.Entry
	name      *widget.Entry
	gender    *choice
	birthYear *widget.Entry
	idNumber  *widget.Entry
	phone     *widget.Entry
	village   *choice
	group     *choice
	category  *choice
	ethnicity *widget.Entry
	note      *widget.Entry
	heading   *widget.Label
	standing  *widget.Label
	leave     *widget.Button
	rejoin    *widget.Button
	editing   data.Borrower
	proposed  string // the customer code the store proposed for the new household
	codeLoads latest
	saving    busy           // the household's save running
	move      *widget.Button // Move to another group…, for an active household
	tabs      *container.AppTabs

	// Its loans and history (borrower_detail.go).
	detail       data.BorrowerDetail
	detailLoads  latest
	loansTitle   *widget.Label
	savings      *widget.Label
	loansTable   *widget.Table
	newLoan      *widget.Button // New loan, for an active household
	history      []historyLine
	historyTable *widget.Table
	historyNone  *widget.Label
	leaveDlg     *leaveDialog

	root fyne.CanvasObject
}

func newBorrowersScreen(a *App) *borrowersScreen {
	s := &borrowersScreen{app: a, programs: map[string]string{}, sortBy: data.SortByName}
	loc := a.loc

	s.buildList()

	s.form = newForm(loc)
	s.code, s.name = widget.NewEntry(), widget.NewEntry()
	s.birthYear, s.idNumber, s.phone = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	s.ethnicity, s.note = widget.NewEntry(), widget.NewEntry()
	// Hints that say what to type, not example values: a grey "1985" read as a year on file.
	s.birthYear.SetPlaceHolder(loc.T("formsdesk.hint.birth_year"))
	s.idNumber.SetPlaceHolder(loc.T("formsdesk.hint.id_number"))
	s.phone.SetPlaceHolder(loc.T("formsdesk.hint.phone"))
	s.gender = newSelect(loc, []string{loc.T("gender.unknown"), loc.T("gender.male"), loc.T("gender.female")}, nil)
	categories := make([]string, len(data.Categories))
	for i, c := range data.Categories {
		categories[i] = loc.T("category." + string(c))
	}
	s.category = newSelect(loc, categories, nil)
	s.village = newSelect(loc, nil, func(string) { s.setGroupOptions(s.editing.GroupID) })
	s.village.PlaceHolder = loc.T("borrower.choose_village")
	s.group = newSelect(loc, nil, nil)
	s.group.PlaceHolder = loc.T("borrower.no_group")
	s.form.add("borrower.code", s.code)
	s.form.add("borrower.name", s.name)
	s.form.add("borrower.gender", s.gender)
	s.form.add("borrower.birth_year", s.birthYear)
	s.form.add("borrower.id_number", s.idNumber)
	s.form.add("borrower.phone", s.phone)
	s.form.add("borrower.village", s.village)
	s.form.add("borrower.group", s.group)
	s.form.add("borrower.category", s.category)
	s.form.add("borrower.ethnicity", s.ethnicity)
	s.form.add("borrower.note", s.note)
	submitOnEnter(s.save, s.code, s.name, s.birthYear, s.idNumber, s.phone, s.ethnicity, s.note)
	s.form.check = func() error {
		b, err := s.typed()
		errs := data.Errors(data.DomainErrors(err))
		errs = append(errs, data.DomainErrors(b.Validate(time.Now().Year()))...)
		return errs.Err()
	}

	save := widget.NewButton(loc.T("action.save"), s.save)
	save.Importance = widget.HighImportance
	s.saving.guard(save)
	s.leave = widget.NewButton(loc.T("borrower.leave"), s.askLeave)
	s.rejoin = widget.NewButton(loc.T("borrower.rejoin"), s.askRejoin)
	s.move = widget.NewButton(loc.T("group.move_member"), s.askMove)
	newButton := widget.NewButton(loc.T("action.new"), s.newRecord)
	cancel := widget.NewButton(loc.T("action.cancel"), s.cancel)
	buttons := container.NewHBox(newButton, save, cancel, s.move, s.leave, s.rejoin)
	// A teller may change a household's phone and nothing else; a role that may change
	// neither only reads.
	a.allow(data.ActHouseholds, newButton)
	a.allow(data.ActContacts, save, cancel)
	if !a.may(data.ActHouseholds) {
		for _, e := range []*widget.Entry{s.code, s.name, s.birthYear, s.idNumber, s.ethnicity, s.note} {
			e.Disable()
		}
		for _, sel := range []*choice{s.gender, s.village, s.group, s.category} {
			sel.Disable()
		}
		if !a.may(data.ActContacts) {
			s.phone.Disable()
		}
	}
	s.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.heading.Truncation = fyne.TextTruncateEllipsis
	s.standing = widget.NewLabel("")

	s.buildDetail()
	s.tabs = container.NewAppTabs(
		container.NewTabItem(loc.T("borrower.tab.household"), container.NewVScroll(container.NewPadded(twoColumns(s.form)))),
		container.NewTabItem(loc.T("borrower.tab.loans"), s.loansPane()),
		container.NewTabItem(loc.T("borrower.tab.history"), s.historyPane()),
	)

	editor := container.NewBorder(
		container.NewBorder(nil, nil, nil, buttons, container.NewBorder(nil, nil, nil, s.standing, s.heading)),
		nil, nil, nil, s.tabs)
	split := container.NewVSplit(s.listPane(), editor)
	split.Offset = 0.5
	s.root = container.NewBorder(
		widget.NewLabelWithStyle(loc.T("nav.borrowers"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, split)
	s.edit(data.Borrower{Active: true, Category: data.CategoryPoor})
	return s
}

// twoColumns lays a form out in two columns of labelled fields, the first half on the left.
func twoColumns(f *form) fyne.CanvasObject {
	half := (len(f.fields) + 1) / 2
	column := func(fields []*formField) fyne.CanvasObject {
		objs := make([]fyne.CanvasObject, 0, 2*len(fields))
		for _, ff := range fields {
			objs = append(objs, ff.label, ff.box)
		}
		return container.New(layout.NewFormLayout(), objs...)
	}
	f.watch()
	return container.NewGridWithColumns(2, column(f.fields[:half]), column(f.fields[half:]))
}

func (s *borrowersScreen) content() fyne.CanvasObject { return s.root }

// refresh reloads the pickers and filters (places, groups, programs) and the list.
func (s *borrowersScreen) refresh() {
	a := s.app
	var pl places
	var groups []data.GroupView
	var programs []data.Program
	a.async(func(ctx context.Context) error {
		var err error
		if pl, err = loadPlaces(ctx, a.store); err != nil {
			return err
		}
		if groups, err = a.store.SearchGroups(ctx, "", 0); err != nil {
			return err
		}
		programs, err = a.store.Programs(ctx)
		return err
	}, func(err error) {
		if err != nil {
			a.showError(err)
			return
		}
		villages := pl.villageChoices()
		s.villages, s.groups = villages, groups
		s.programs = map[string]string{}
		for _, p := range programs {
			s.programs[p.Code] = p.NameIn(a.loc.Lang())
		}
		s.village.SetOptions(villages.labels())
		s.setFilterChoices(pl.communes, pl.villages, groups, programs)
		s.showEditing()
		s.load()
	})
}

func (s *borrowersScreen) newRecord() {
	if !s.app.may(data.ActHouseholds) {
		return
	}
	s.table.UnselectAll()
	s.edit(data.Borrower{Active: true, Category: data.CategoryPoor})
	s.tabs.SelectIndex(0)
	s.app.win.Canvas().Focus(s.code)
}

func (s *borrowersScreen) focusSearch() { s.app.win.Canvas().Focus(s.search) }

// cancel puts back what was last saved (or an empty form for a new household).
func (s *borrowersScreen) cancel() { s.edit(s.editing) }

// edit fills the form with b and loads its loans, savings and history; a new household gets
// the next customer code as a value the clerk may keep or change.
func (s *borrowersScreen) edit(b data.Borrower) {
	s.editing = b
	s.showEditing()
	s.form.clearErrors()
	s.loadDetail(b.ID)
	if b.ID == 0 && b.Code == "" {
		s.proposeCode()
	}
}

// proposeCode fills the code of a new household with the store's next customer code, unless
// the clerk typed one meanwhile or went on to another household.
func (s *borrowersScreen) proposeCode() {
	a := s.app
	if !a.may(data.ActHouseholds) {
		return
	}
	seq := s.codeLoads.next()
	fetch(a, a.store.NextCustomerCode, func(next string) {
		if !s.codeLoads.is(seq) || s.editing.ID != 0 || s.code.Text != "" {
			return
		}
		s.proposed = next
		s.code.SetText(next)
	})
}

// print saves and opens the statement of the household shown (Ctrl+P); see statement.go.
func (s *borrowersScreen) print() {
	if s.editing.ID != 0 {
		s.app.printStatement(s.editing.Code)
	}
}

// showEditing puts the household being edited into the form and the heading.
func (s *borrowersScreen) showEditing() {
	b := s.editing
	loc := s.app.loc
	s.code.SetText(b.Code)
	s.name.SetText(b.Name)
	s.gender.SetSelected(loc.T(genderID(b.Gender)))
	s.birthYear.SetText("")
	if b.BirthYear != 0 {
		s.birthYear.SetText(strconv.Itoa(b.BirthYear))
	}
	s.idNumber.SetText(b.IDNumber)
	s.phone.SetText(b.Phone)
	if label := s.villages.label(b.VillageID); label != "" {
		s.village.SetSelected(label)
	} else {
		s.village.ClearSelected()
	}
	s.setGroupOptions(b.GroupID)
	if b.Category != "" {
		s.category.SetSelected(loc.T("category." + string(b.Category)))
	} else {
		s.category.ClearSelected()
	}
	s.ethnicity.SetText(b.Ethnicity)
	s.note.SetText(b.Note)
	s.leave.Hide()
	s.rejoin.Hide()
	s.move.Hide()
	if b.ID != 0 && b.Active && s.app.may(data.ActLoanOpen) {
		s.newLoan.Enable()
	} else {
		s.newLoan.Disable() // a household that left takes no new loan
	}
	switch {
	case b.ID == 0:
		s.heading.SetText(loc.T("borrower.new"))
		s.standing.SetText("")
	case b.Active:
		s.heading.SetText(loc.T("borrower.edit", "Name", b.Name, "Code", b.Code))
		s.standing.SetText(loc.T("borrower.status.active"))
		s.standing.Importance = widget.SuccessImportance
		if s.app.may(data.ActHouseholds) {
			s.leave.Show()
			s.move.Show()
		}
	default:
		s.heading.SetText(loc.T("borrower.edit", "Name", b.Name, "Code", b.Code))
		s.standing.SetText(loc.T("borrower.status.left"))
		s.standing.Importance = widget.WarningImportance
		if s.app.may(data.ActHouseholds) {
			s.rejoin.Show()
		}
	}
	s.standing.Refresh()
}

func genderID(g data.Gender) string {
	if g == data.GenderUnknown {
		return "gender.unknown"
	}
	return "gender." + string(g)
}

func groupLabel(g data.GroupView) string { return g.Code + " · " + g.Name }

// setGroupOptions offers the groups of the chosen village (and the household's own group, which
// may be in a neighbouring village) and selects keep when it is among them.
func (s *borrowersScreen) setGroupOptions(keep int64) {
	villageID := s.villages.id(s.village.Selected)
	options := []string{s.app.loc.T("borrower.no_group")}
	selected := options[0]
	for _, g := range s.groups {
		if g.VillageID == villageID || g.ID == keep {
			options = append(options, groupLabel(g))
			if g.ID == keep {
				selected = groupLabel(g)
			}
		}
	}
	s.group.Options = options
	s.group.SetSelected(selected)
}

// groupID is the group chosen in the form, 0 for none.
func (s *borrowersScreen) groupID() int64 {
	for _, g := range s.groups {
		if groupLabel(g) == s.group.Selected {
			return g.ID
		}
	}
	return 0
}

// typed reads the form into a borrower; a birth year that is not a number is a typed error.
// Whether the household is still a borrower is not in the form: Mark as left and Rejoin
// change it.
func (s *borrowersScreen) typed() (data.Borrower, error) {
	loc := s.app.loc
	b := s.editing
	b.Code, b.Name = s.code.Text, s.name.Text
	b.Gender = data.GenderUnknown
	for _, g := range []data.Gender{data.GenderMale, data.GenderFemale} {
		if s.gender.Selected == loc.T(genderID(g)) {
			b.Gender = g
		}
	}
	b.IDNumber, b.Phone = s.idNumber.Text, s.phone.Text
	b.VillageID = s.villages.id(s.village.Selected)
	b.GroupID = s.groupID()
	b.Category = ""
	for _, c := range data.Categories {
		if s.category.Selected == loc.T("category."+string(c)) {
			b.Category = c
		}
	}
	b.Ethnicity, b.Note = s.ethnicity.Text, s.note.Text
	year, e := parseInt("borrower.birth_year", s.birthYear.Text)
	if e != nil {
		return b, e
	}
	b.BirthYear = year
	return b, nil
}

func (s *borrowersScreen) save() {
	a := s.app
	if s.saving.running {
		return // a new household would be added twice: b.ID is still 0 until the save ends
	}
	b, err := s.typed()
	if !a.reportErrors(s.form, err) {
		s.tabs.SelectIndex(0)
		return
	}
	a.write(&s.saving, func(ctx context.Context) error { return a.store.SaveBorrower(ctx, &b) },
		func(err error) {
			if !a.reportErrors(s.form, err) {
				s.tabs.SelectIndex(0)
				return
			}
			a.notify(a.loc.T("borrower.saved", "Name", b.Name, "Code", b.Code))
			s.edit(b)
			s.load()
		})
}

// confirmDialog is a dialog with our own translated buttons (Fyne's stock labels have no
// Vietnamese), kept so that tests can press them.
func confirmDialog(a *App, title, confirm string, body fyne.CanvasObject, onConfirm func()) (dialog.Dialog, *widget.Button) {
	ok := widget.NewButton(confirm, onConfirm)
	ok.Importance = widget.DangerImportance
	var d dialog.Dialog
	cancel := widget.NewButton(a.loc.T("action.cancel"), func() { d.Hide() })
	content := container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), cancel, ok), nil, nil, body)
	d = dialog.NewCustomWithoutButtons(title, content, a.win)
	return d, ok
}
