package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/reports"
)

// borrowerPage is how many households one store call brings: a few screens of the list. The
// table asks for the others as the clerk scrolls to them.
const borrowerPage = 50

// borrowerColumns are the list's columns, each sorted by one store order.
var borrowerColumns = []struct {
	title string
	sort  data.BorrowerSort
	width float32
}{
	{"borrower.col.code", data.SortByCode, 110},
	{"borrower.col.name", data.SortByName, 175},
	{"borrower.col.village", data.SortByVillage, 135},
	{"borrower.col.group", data.SortByGroup, 160},
	{"borrower.col.programs", data.SortByPrograms, 130},
	{"borrower.col.outstanding", data.SortByOutstanding, 120},
	{"borrower.col.status", data.SortByOverdue, 110},
}

const (
	colOutstanding = 5
	colStatus      = 6
)

// borrowerPages is the list as loaded: its filter, how many households it has, and the pages
// loaded so far.
type borrowerPages struct {
	filter data.BorrowerFilter
	seq    int // the load it belongs to: pages of an older load are dropped
	total  int
	pages  map[int][]data.BorrowerRow
	asked  map[int]bool
}

// row is the household on line i, false while its page is not loaded.
func (p *borrowerPages) row(i int) (data.BorrowerRow, bool) {
	rows, ok := p.pages[i/borrowerPage]
	if !ok || i%borrowerPage >= len(rows) {
		return data.BorrowerRow{}, false
	}
	return rows[i%borrowerPage], true
}

// borrowerFilters are the pickers above the list. Each keeps the IDs (or codes) of its options,
// the first option meaning "any".
type borrowerFilters struct {
	commune, village, group, program, category, status *choice

	communes    []data.Commune
	villages    []data.Village
	groups      []data.GroupView
	communeIDs  []int64
	villageIDs  []int64
	groupIDs    []int64
	programs    []string
	categories  []data.Category
	statuses    []data.BorrowerStatusFilter
	communeOf   map[int64]int64 // village → commune
	communeName map[int64]string
}

func (s *borrowersScreen) buildList() {
	loc := s.app.loc
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(loc.T("borrowers.search"))
	s.search.OnChanged = func(string) { s.searched = true; s.load() }
	s.count = widget.NewLabel("")

	f := &s.filters
	changed := func(cascade func()) func(string) {
		return func(string) {
			if s.filtering {
				return
			}
			s.filtering = true
			if cascade != nil {
				cascade()
			}
			s.filtering = false
			s.searched = true
			s.load()
		}
	}
	// Choosing "all communes" (or "all villages") widens the list: the village and the group
	// chosen in the narrower place are let go.
	f.commune = newSelect(loc, nil, changed(func() {
		keep := f.selectedCommune() != 0
		s.setVillageFilter(keep)
		s.setGroupFilter(keep)
	}))
	f.village = newSelect(loc, nil, changed(func() { s.setGroupFilter(f.selectedVillage() != 0) }))
	f.group = newSelect(loc, nil, changed(nil))
	f.program = newSelect(loc, nil, changed(nil))
	f.category = newSelect(loc, nil, changed(nil))
	f.status = newSelect(loc, nil, changed(nil))
	for _, sel := range []*choice{f.commune, f.village, f.group, f.program, f.category, f.status} {
		sel.PlaceHolder = " "
	}
	f.statuses = data.BorrowerStatusFilters
	f.categories = append([]data.Category{""}, data.Categories...)
	s.filtering = true
	f.status.SetOptions(s.statusLabels())
	f.status.SetSelectedIndex(1) // still borrowing
	cats := []string{loc.T("borrowers.all_categories")}
	for _, c := range data.Categories {
		cats = append(cats, loc.T("category."+string(c)))
	}
	f.category.SetOptions(cats)
	f.category.SetSelectedIndex(0)
	s.setFilterChoices(nil, nil, nil, nil)
	s.filtering = false

	s.headers = map[int]*widget.Button{}
	s.table = widget.NewTableWithHeaders(
		func() (int, int) { return s.list.total, len(borrowerColumns) },
		// A group's or village's long name shows whole in a tooltip where the column cuts it.
		func() fyne.CanvasObject {
			return newTipLabel(s.table, func() fyne.CanvasObject { return s.table }, fyne.TextStyle{})
		},
		func(id widget.TableCellID, o fyne.CanvasObject) { s.showCell(id, o.(*tipLabel)) },
	)
	s.table.ShowHeaderColumn = false
	s.table.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Importance = widget.LowImportance
		b.Alignment = widget.ButtonAlignLeading
		b.IconPlacement = widget.ButtonIconTrailingText
		return b
	}
	s.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		b := o.(*widget.Button)
		if id.Row >= 0 || id.Col < 0 {
			return
		}
		col := id.Col
		b.SetText(loc.T(borrowerColumns[col].title))
		b.SetIcon(nil)
		if borrowerColumns[col].sort == s.sortBy {
			if s.desc {
				b.SetIcon(theme.MenuDropDownIcon())
			} else {
				b.SetIcon(theme.MenuDropUpIcon())
			}
		}
		b.OnTapped = func() { s.sortOn(col) }
		s.headers[col] = b
	}
	for col, c := range borrowerColumns {
		s.table.SetColumnWidth(col, c.width)
	}
	s.table.OnSelected = func(id widget.TableCellID) {
		if r, ok := s.list.row(id.Row); ok {
			s.edit(r.Borrower)
		}
	}
}

// listPane is the search, the filters, the count and the table.
func (s *borrowersScreen) listPane() fyne.CanvasObject {
	f := &s.filters
	filters := container.NewGridWithColumns(6, f.commune, f.village, f.group, f.program, f.category, f.status)
	export := s.app.exportButton(s.prepareExport)
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(s.count, export), s.search), filters)
	s.listBody = container.NewStack(s.table)
	return container.NewBorder(top, nil, nil, nil, s.listBody)
}

func (s *borrowersScreen) statusLabels() []string {
	loc := s.app.loc
	ids := map[data.BorrowerStatusFilter]string{
		data.StatusAny: "borrowers.status_any", data.StatusActive: "borrowers.status_active",
		data.StatusLeft: "borrowers.status_left", data.StatusOverdue: "borrowers.status_overdue",
	}
	out := make([]string, len(s.filters.statuses))
	for i, st := range s.filters.statuses {
		out[i] = loc.T(ids[st])
	}
	return out
}

// setFilterChoices fills the place, group and program pickers, keeping what was chosen when it
// is still there.
func (s *borrowersScreen) setFilterChoices(communes []data.Commune, villages []data.Village, groups []data.GroupView, programs []data.Program) {
	loc := s.app.loc
	f := &s.filters
	keep := s.filtering
	s.filtering = true
	defer func() { s.filtering = keep }()
	f.communes, f.villages, f.groups = communes, villages, groups
	f.communeOf = map[int64]int64{}
	f.communeName = map[int64]string{}
	for _, c := range communes {
		f.communeName[c.ID] = c.Name
	}
	for _, v := range villages {
		f.communeOf[v.ID] = v.CommuneID
	}
	was := f.selectedCommune()
	labels := []string{loc.T("borrowers.all_communes")}
	f.communeIDs = []int64{0}
	for _, c := range communes {
		labels = append(labels, c.Name)
		f.communeIDs = append(f.communeIDs, c.ID)
	}
	setChoice(f.commune, labels, indexOf(f.communeIDs, was))

	wasProgram := f.selectedProgram()
	labels = []string{loc.T("borrowers.all_programs")}
	f.programs = []string{""}
	sel := 0
	for _, p := range programs {
		labels = append(labels, p.Code+" · "+p.NameIn(loc.Lang()))
		f.programs = append(f.programs, p.Code)
		if p.Code == wasProgram {
			sel = len(f.programs) - 1
		}
	}
	setChoice(f.program, labels, sel)
	s.setVillageFilter(true)
	s.setGroupFilter(true)
}

// setVillageFilter offers the villages of the chosen commune (every village when none is),
// keeping the chosen one if keep and it is still offered.
func (s *borrowersScreen) setVillageFilter(keep bool) {
	f := &s.filters
	was, commune := f.selectedVillage(), f.selectedCommune()
	if !keep {
		was = 0
	}
	labels := []string{s.app.loc.T("borrowers.all_villages")}
	f.villageIDs = []int64{0}
	for _, v := range f.villages {
		if commune != 0 && v.CommuneID != commune {
			continue
		}
		label := v.Name
		if commune == 0 {
			label += " · " + f.communeName[v.CommuneID]
		}
		labels = append(labels, label)
		f.villageIDs = append(f.villageIDs, v.ID)
	}
	setChoice(f.village, labels, indexOf(f.villageIDs, was))
}

// setGroupFilter offers the groups of the chosen village, or commune, or every group, keeping
// the chosen one if keep and it is still offered.
func (s *borrowersScreen) setGroupFilter(keep bool) {
	f := &s.filters
	was, commune, village := f.selectedGroup(), f.selectedCommune(), f.selectedVillage()
	if !keep {
		was = 0
	}
	labels := []string{s.app.loc.T("borrowers.all_groups")}
	f.groupIDs = []int64{0}
	for _, g := range f.groups {
		if (village != 0 && g.VillageID != village) || (commune != 0 && g.CommuneID != commune) {
			continue
		}
		labels = append(labels, groupLabel(g))
		f.groupIDs = append(f.groupIDs, g.ID)
	}
	setChoice(f.group, labels, indexOf(f.groupIDs, was))
}

func setChoice(sel *choice, options []string, i int) {
	sel.SetOptions(options)
	sel.SetSelectedIndex(max(i, 0))
}

func indexOf[T comparable](xs []T, x T) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return 0
}

func pick[T any](xs []T, sel *choice) T {
	var zero T
	if i := sel.SelectedIndex(); i >= 0 && i < len(xs) {
		return xs[i]
	}
	return zero
}

func (f *borrowerFilters) selectedCommune() int64  { return pick(f.communeIDs, f.commune) }
func (f *borrowerFilters) selectedVillage() int64  { return pick(f.villageIDs, f.village) }
func (f *borrowerFilters) selectedGroup() int64    { return pick(f.groupIDs, f.group) }
func (f *borrowerFilters) selectedProgram() string { return pick(f.programs, f.program) }

// filter is what the search box, the pickers and the chosen order select.
func (s *borrowersScreen) filter() data.BorrowerFilter {
	f := &s.filters
	return data.BorrowerFilter{
		Query:     s.search.Text,
		CommuneID: f.selectedCommune(),
		VillageID: f.selectedVillage(),
		GroupID:   f.selectedGroup(),
		Program:   f.selectedProgram(),
		Category:  pick(f.categories, f.category),
		Status:    pick(f.statuses, f.status),
		On:        s.app.workingDate(),
		Sort:      s.sortBy,
		Desc:      s.desc,
		Limit:     borrowerPage,
	}
}

// sortOn orders the list by column col; a second tap on the same column reverses the order.
// Amounts and the overdue flag start with the largest (the overdue first).
func (s *borrowersScreen) sortOn(col int) {
	by := borrowerColumns[col].sort
	if by == s.sortBy {
		s.desc = !s.desc
	} else {
		s.sortBy = by
		s.desc = by == data.SortByOutstanding || by == data.SortByOverdue
	}
	s.table.Refresh() // the arrows
	s.load()
}

// load reads the first page of the list for the current search, filters and order; only the
// newest load is shown, whatever order the loads finish in.
func (s *borrowersScreen) load() {
	a := s.app
	f := s.filter()
	var l data.BorrowerList
	none := false // the office has no household at all
	seq := s.loads.next()
	a.async(func(ctx context.Context) (err error) {
		if l, err = a.store.ListBorrowers(ctx, f); err != nil || l.Total > 0 {
			return err
		}
		any, err := a.store.ListBorrowers(ctx, data.BorrowerFilter{Status: data.StatusAny, On: f.On, Limit: 1})
		none = any.Total == 0
		return err
	}, func(err error) {
		if !s.loads.is(seq) {
			return // the clerk typed or chose more while this was loading
		}
		if err != nil {
			a.showError(err)
			return
		}
		s.list = borrowerPages{filter: f, seq: seq, total: l.Total,
			pages: map[int][]data.BorrowerRow{0: l.Rows}, asked: map[int]bool{0: true}}
		s.count.SetText(a.loc.N("count.borrowers", l.Total))
		s.table.UnselectAll()
		s.table.ScrollToTop()
		s.table.Refresh()
		s.showEmpty(none)
		untouched := s.editing.ID == 0 && (s.code.Text == "" || s.code.Text == s.proposed) && s.name.Text == ""
		if !s.picked && len(l.Rows) > 0 && untouched {
			s.table.Select(widget.TableCellID{Row: 0, Col: 1}) // something useful shows at once
		}
		s.picked = s.picked || len(l.Rows) > 0
		if s.searched {
			s.searched = false
			s.followResults(l.Rows)
		}
	})
}

// followResults keeps the household shown below the list only if the search found it: else
// the first household found is shown, or none (an empty form) when nothing was found. A new
// household being typed stays.
func (s *borrowersScreen) followResults(rows []data.BorrowerRow) {
	if s.editing.ID == 0 {
		return
	}
	for _, r := range rows {
		if r.ID == s.editing.ID {
			return
		}
	}
	if len(rows) > 0 {
		s.table.Select(widget.TableCellID{Row: 0, Col: 1})
		return
	}
	s.edit(data.Borrower{Active: true, Category: data.CategoryPoor})
}

// showEmpty shows, in place of the list, what to do when the office has no household yet:
// set up its places, import the bank's file, or (in an empty database) try the demo office.
func (s *borrowersScreen) showEmpty(none bool) {
	if !none {
		s.listBody.Objects = []fyne.CanvasObject{s.table}
		s.listBody.Refresh()
		return
	}
	a := s.app
	loc := a.loc
	var buttons []*widget.Button
	if a.mayOpen("places") && a.may(data.ActPlaces) {
		buttons = append(buttons, widget.NewButtonWithIcon(loc.T("formsdesk.empty.places"), theme.HomeIcon(), func() { a.Navigate("places") }))
	}
	if a.may(data.ActImport) {
		buttons = append(buttons, widget.NewButtonWithIcon(loc.T("formsdesk.empty.import"), theme.UploadIcon(), a.startImport))
	}
	if len(s.villages) == 0 && a.may(data.ActLoadOffice) {
		buttons = append(buttons, widget.NewButton(loc.T("formsdesk.empty.demo"), a.askNewOffice))
	}
	text := loc.T("formsdesk.empty.borrowers")
	if len(s.villages) > 0 {
		text = loc.T("formsdesk.empty.borrowers_places")
	}
	s.empty = emptyState(text, buttons...)
	s.listBody.Objects = []fyne.CanvasObject{s.empty}
	s.listBody.Refresh()
}

// loadPage reads page p of the list now shown, once.
func (s *borrowersScreen) loadPage(p int) {
	if s.list.asked == nil || s.list.asked[p] {
		return
	}
	s.list.asked[p] = true
	a := s.app
	f, seq := s.list.filter, s.list.seq
	f.Offset = p * borrowerPage
	var l data.BorrowerList
	a.async(func(ctx context.Context) (err error) {
		l, err = a.store.ListBorrowers(ctx, f)
		return err
	}, func(err error) {
		if s.list.seq != seq {
			return // another search replaced the list
		}
		if err != nil {
			delete(s.list.asked, p)
			a.showError(err)
			return
		}
		s.list.pages[p] = l.Rows
		s.table.Refresh()
	})
}

// cellText is what line id.Row shows in column id.Col; "" while its page loads.
func (s *borrowersScreen) cellText(id widget.TableCellID) string {
	r, ok := s.list.row(id.Row)
	if !ok {
		return ""
	}
	return s.rowText(r, id.Col)
}

// rowText is what a household's line shows in column col, on the screen and in an export.
func (s *borrowersScreen) rowText(r data.BorrowerRow, col int) string {
	loc := s.app.loc
	switch col {
	case 0:
		return r.Code
	case 1:
		return r.Name
	case 2:
		return r.Village
	case 3:
		if r.GroupID == 0 {
			return "—"
		}
		return r.GroupName
	case 4:
		return strings.Join(r.Programs, ", ")
	case colOutstanding:
		if r.Outstanding == 0 {
			return "—"
		}
		return loc.Amount(r.Outstanding)
	default:
		switch {
		case r.Overdue:
			return loc.T("borrowers.flag_overdue")
		case !r.Active:
			return loc.T("borrower.status.left")
		}
		return ""
	}
}

func (s *borrowersScreen) showCell(id widget.TableCellID, l *tipLabel) {
	if id.Row >= 0 && id.Row < s.list.total {
		if _, ok := s.list.row(id.Row); !ok {
			s.loadPage(id.Row / borrowerPage)
		}
	}
	l.Alignment = fyne.TextAlignLeading
	if id.Col == colOutstanding {
		l.Alignment = fyne.TextAlignTrailing
	}
	l.Importance = widget.MediumImportance
	l.TextStyle = fyne.TextStyle{}
	if r, ok := s.list.row(id.Row); ok {
		switch {
		case id.Col == colStatus && r.Overdue:
			l.Importance = widget.DangerImportance
			l.TextStyle.Bold = true
		case !r.Active:
			l.Importance = widget.LowImportance
		}
	}
	l.setText(s.cellText(id))
	l.Refresh()
}

// prepareExport exports every household the list's filter selects, in the list's order.
func (s *borrowersScreen) prepareExport() (string, func(ctx context.Context) (reports.Table, error)) {
	f := s.filter()
	f.Offset, f.Limit = 0, 0
	return fmt.Sprintf("borrowers-%s", f.On), func(ctx context.Context) (reports.Table, error) {
		list, err := s.app.store.ListBorrowers(ctx, f)
		return reports.BorrowersTable(s.app.loc, list.Rows), err
	}
}
