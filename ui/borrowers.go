package ui

import (
	"context"
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
)

// searchLimit is how many borrowers one search shows; one more is asked for to know whether
// the clerk should refine the search.
const searchLimit = 500

// loanLine is one loan of the household with its position on the working date.
type loanLine struct {
	loan data.Loan
	pos  data.Position
}

// borrowersScreen finds households as the clerk types and edits the chosen one, showing its
// loans and savings beside the form.
type borrowersScreen struct {
	app *App

	loads       latest // searches
	detailLoads latest // loans and savings of the chosen household
	search      *widget.Entry
	table       *widget.Table
	rows        []data.BorrowerView
	more        *widget.Label
	picked      bool // the first household was shown when the screen first found any

	villages villageChoices
	groups   []data.GroupView
	programs map[string]string // program code → name in the current language

	form      *form
	code      *widget.Entry
	name      *widget.Entry
	gender    *widget.Select
	birthYear *widget.Entry
	idNumber  *widget.Entry
	phone     *widget.Entry
	village   *widget.Select
	group     *widget.Select
	category  *widget.Select
	ethnicity *widget.Entry
	note      *widget.Entry
	active    *widget.Check
	heading   *widget.Label
	editing   data.Borrower

	loans      []loanLine
	loansTitle *widget.Label
	loansTable *widget.Table
	savings    *widget.Label

	root fyne.CanvasObject
}

var borrowerColumns = []string{"borrower.col.code", "borrower.col.name", "borrower.col.village", "borrower.col.group", "borrower.col.status"}

var loanColumns = []string{"loan.col.contract", "loan.col.program", "position.current", "position.overdue", "position.frozen", "position.interest_due"}

func newBorrowersScreen(a *App) *borrowersScreen {
	s := &borrowersScreen{app: a, programs: map[string]string{}}
	loc := a.loc

	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(loc.T("borrowers.search"))
	s.search.OnChanged = func(string) { s.load() }
	s.more = widget.NewLabel("")
	s.more.Importance = widget.WarningImportance
	s.more.Wrapping = fyne.TextWrapWord
	s.more.Hide()

	s.table = newHeaderTable(borrowerColumns, []float32{105, 165, 110, 120, 95},
		func() int { return len(s.rows) }, s.cell, nil, loc)
	s.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(s.rows) {
			s.edit(s.rows[id.Row].Borrower)
		}
	}

	s.form = newForm(loc)
	s.code, s.name = widget.NewEntry(), widget.NewEntry()
	s.birthYear, s.idNumber, s.phone = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	s.ethnicity, s.note = widget.NewEntry(), widget.NewEntry()
	s.birthYear.SetPlaceHolder("1985")
	s.idNumber.SetPlaceHolder("040185001234")
	s.phone.SetPlaceHolder("0912345678")
	s.gender = widget.NewSelect([]string{loc.T("gender.unknown"), loc.T("gender.male"), loc.T("gender.female")}, nil)
	categories := make([]string, len(data.Categories))
	for i, c := range data.Categories {
		categories[i] = loc.T("category." + string(c))
	}
	s.category = widget.NewSelect(categories, nil)
	s.village = widget.NewSelect(nil, func(string) { s.setGroupOptions(s.editing.GroupID) })
	s.village.PlaceHolder = loc.T("borrower.choose_village")
	s.group = widget.NewSelect(nil, nil)
	s.group.PlaceHolder = loc.T("borrower.no_group")
	s.active = widget.NewCheck(loc.T("borrower.active_check"), nil)
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
	s.form.add("borrower.active", s.active)
	submitOnEnter(s.save, s.code, s.name, s.birthYear, s.idNumber, s.phone, s.ethnicity, s.note)
	save := widget.NewButton(loc.T("action.save"), s.save)
	save.Importance = widget.HighImportance
	buttons := container.NewHBox(widget.NewButton(loc.T("action.new"), s.newRecord), save,
		widget.NewButton(loc.T("action.cancel"), s.cancel))
	s.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.heading.Truncation = fyne.TextTruncateEllipsis

	s.loansTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.loansTitle.Truncation = fyne.TextTruncateEllipsis
	// Money columns (from the third on) align right.
	s.loansTable = newHeaderTable(loanColumns, []float32{160, 240, 140, 140, 140, 140},
		func() int { return len(s.loans) }, s.loanCell, func(col int) bool { return col >= 2 }, loc)
	s.savings = widget.NewLabel("")
	loansHeight := canvas.NewRectangle(color.Transparent)
	loansHeight.SetMinSize(fyne.NewSize(0, 110))

	// The buttons share the heading's line; the household's loans run across the whole width
	// below the list and the form, so that every figure of a loan reads on one line.
	editor := container.NewVBox(container.NewBorder(nil, nil, nil, buttons, s.heading), s.form.object())
	left := container.NewBorder(container.NewVBox(s.search, s.more), nil, nil, nil, s.table)
	top := container.NewHSplit(left, container.NewVScroll(container.NewPadded(editor)))
	top.Offset = 0.62
	loansBox := container.NewBorder(container.NewBorder(nil, nil, nil, s.savings, s.loansTitle), nil, nil, nil,
		container.NewStack(loansHeight, s.loansTable))
	split := container.NewVSplit(top, loansBox)
	split.Offset = 0.78
	s.root = container.NewBorder(
		widget.NewLabelWithStyle(loc.T("nav.borrowers"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, split)
	s.edit(data.Borrower{Active: true, Category: data.CategoryPoor})
	return s
}

func (s *borrowersScreen) content() fyne.CanvasObject { return s.root }

// refresh reloads the pickers (villages, groups, program names) and the list.
func (s *borrowersScreen) refresh() {
	a := s.app
	var villages villageChoices
	var groups []data.GroupView
	var programs []data.Program
	a.async(func(ctx context.Context) error {
		var err error
		if villages, err = loadVillageChoices(ctx, a.store); err != nil {
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
		s.villages, s.groups = villages, groups
		s.programs = map[string]string{}
		for _, p := range programs {
			s.programs[p.Code] = p.NameIn(a.loc.Lang())
		}
		s.village.SetOptions(villages.labels())
		s.showEditing()
		s.load()
	})
}

// load searches with what is in the search box; only the newest search's result is shown.
func (s *borrowersScreen) load() {
	a := s.app
	query := s.search.Text
	var rows []data.BorrowerView
	seq := s.loads.next()
	a.async(func(ctx context.Context) (err error) {
		rows, err = a.store.SearchBorrowers(ctx, query, searchLimit+1)
		return err
	}, func(err error) {
		if !s.loads.is(seq) {
			return // the clerk typed more while this was loading
		}
		if err != nil {
			a.showError(err)
			return
		}
		if len(rows) > searchLimit {
			rows = rows[:searchLimit]
			s.more.SetText(a.loc.T("borrowers.more", "N", searchLimit))
			s.more.Show()
		} else {
			s.more.SetText("")
			s.more.Hide()
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

func (s *borrowersScreen) cell(id widget.TableCellID) string {
	if id.Row < 0 || id.Row >= len(s.rows) {
		return ""
	}
	b := &s.rows[id.Row]
	switch id.Col {
	case 0:
		return b.Code
	case 1:
		return b.Name
	case 2:
		return b.Village
	case 3:
		if b.GroupID == 0 {
			return "—"
		}
		return b.GroupName
	default:
		if b.Active {
			return s.app.loc.T("borrower.status.active")
		}
		return s.app.loc.T("borrower.status.left")
	}
}

func (s *borrowersScreen) loanCell(id widget.TableCellID) string {
	if id.Row < 0 || id.Row >= len(s.loans) {
		return ""
	}
	l := &s.loans[id.Row]
	loc := s.app.loc
	switch id.Col {
	case 0:
		return l.loan.Contract
	case 1:
		if name, ok := s.programs[l.loan.ProgramCode]; ok {
			return l.loan.ProgramCode + " · " + name
		}
		return l.loan.ProgramCode
	case 2:
		return loc.Amount(l.pos.Current)
	case 3:
		return loc.Amount(l.pos.Overdue)
	case 4:
		return loc.Amount(l.pos.Frozen)
	default:
		return loc.Amount(l.pos.InterestDue)
	}
}

func (s *borrowersScreen) newRecord() {
	s.table.UnselectAll()
	s.edit(data.Borrower{Active: true, Category: data.CategoryPoor})
	s.app.win.Canvas().Focus(s.code)
}

func (s *borrowersScreen) focusSearch() { s.app.win.Canvas().Focus(s.search) }

// cancel puts back what was last saved (or an empty form for a new household).
func (s *borrowersScreen) cancel() { s.edit(s.editing) }

// edit fills the form with b and loads its loans and savings.
func (s *borrowersScreen) edit(b data.Borrower) {
	s.editing = b
	s.showEditing()
	s.form.clearErrors()
	s.loadDetail(b.ID)
}

// print saves and opens the statement of the household shown (Ctrl+P); see statement.go.
func (s *borrowersScreen) print() {
	if s.editing.ID != 0 {
		s.app.printStatement(s.editing.Code)
	}
}

// showEditing puts the household being edited into the form.
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
	s.active.SetChecked(b.Active)
	if b.ID == 0 {
		s.heading.SetText(loc.T("borrower.new"))
	} else {
		s.heading.SetText(loc.T("borrower.edit", "Name", b.Name, "Code", b.Code))
	}
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
	b.Active = s.active.Checked
	year, e := parseInt("borrower.birth_year", s.birthYear.Text)
	if e != nil {
		return b, e
	}
	b.BirthYear = year
	return b, nil
}

func (s *borrowersScreen) save() {
	a := s.app
	b, err := s.typed()
	if !a.reportErrors(s.form, err) {
		return
	}
	a.async(func(ctx context.Context) error { return a.store.SaveBorrower(ctx, &b) },
		func(err error) {
			if !a.reportErrors(s.form, err) {
				return
			}
			a.notify(a.loc.T("borrower.saved", "Name", b.Name, "Code", b.Code))
			s.edit(b)
			s.load()
		})
}

// loadDetail loads the household's loans, each with its position on the working date, and its
// savings balance.
func (s *borrowersScreen) loadDetail(borrowerID int64) {
	a := s.app
	seq := s.detailLoads.next()
	on := a.workingDate()
	if borrowerID == 0 {
		s.loans = nil
		s.loansTable.Refresh()
		s.loansTitle.SetText(a.loc.T("borrower.no_loans"))
		s.savings.SetText("")
		return
	}
	var lines []loanLine
	var savings data.Dong
	a.async(func(ctx context.Context) error {
		loans, err := a.store.LoansOfBorrower(ctx, borrowerID)
		if err != nil {
			return err
		}
		for _, l := range loans {
			pos, err := a.store.Position(ctx, l.Contract, on)
			if err != nil {
				return err
			}
			lines = append(lines, loanLine{loan: l, pos: pos})
		}
		savings, err = a.store.SavingsBalance(ctx, borrowerID, on)
		return err
	}, func(err error) {
		if !s.detailLoads.is(seq) {
			return // another household was chosen meanwhile
		}
		if err != nil {
			a.showError(err)
			return
		}
		s.loans = lines
		s.loansTable.Refresh()
		if len(lines) == 0 {
			s.loansTitle.SetText(a.loc.T("borrower.no_loans"))
		} else {
			s.loansTitle.SetText(a.loc.T("borrower.loans", "Date", on))
		}
		s.savings.SetText(a.loc.T("borrower.savings", "Amount", savings, "Date", on))
	})
}
