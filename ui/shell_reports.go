package ui

import (
	"strings"

	"policycredit/data"
)

// subject is a household, group or commune one of the screens has open.
type subject struct {
	scope string
	id    int64
	code  string
}

// openSubject is the household open on Borrowers, the group on Groups or the commune on
// Places, of the one of these screens the clerk left last; none when they had none open.
func (a *App) openSubject() subject {
	for i := len(a.left) - 1; i >= 0; i-- {
		for _, sc := range a.screens {
			switch s := sc.(type) {
			case *borrowersScreen:
				if a.left[i] == "borrowers" && s.editing.ID != 0 {
					return subject{scopeHousehold, s.editing.ID, s.editing.Code}
				}
			case *groupsScreen:
				if a.left[i] == "groups" && s.editing.ID != 0 {
					return subject{scopeGroup, s.editing.ID, s.editing.Code}
				}
			case *placesScreen:
				if a.left[i] == "places" && s.commune.editing.ID != 0 {
					return subject{scopeCommune, s.commune.editing.ID, s.commune.editing.Code}
				}
			}
		}
	}
	return subject{}
}

// carry starts the report on the household, group or commune the clerk had open, rather
// than on the first of the list: a statement is asked for the household just seen. A report
// that cannot be asked for it gives way to the first that can (the statement).
func (s *reportsScreen) carry() {
	sub := s.app.openSubject()
	if sub.id == 0 || sub == s.carried {
		return
	}
	s.carried = sub
	s.quiet = true
	defer func() {
		s.quiet = false
		s.loadChoices() // once, for the household, group or commune carried
	}()
	offers := func(k reportKind) bool {
		for _, sc := range k.scopes {
			if sc == sub.scope {
				return true
			}
		}
		return false
	}
	if !offers(s.chosenKind()) {
		for i, k := range reportKinds {
			if offers(k) {
				s.kind.SetSelectedIndex(i)
				break
			}
		}
	}
	s.scope.SetSelected(s.app.loc.T(scopeTitles[sub.scope]))
	s.want = sub.id
	s.search.SetText(sub.code)
}

// defaultMonth proposes the last month before the working date, the one a settlement
// report is usually asked for, until the clerk types another.
func (s *reportsScreen) defaultMonth() {
	if s.month.Text == "" {
		s.month.SetText(data.MonthOf(s.app.workingDate()).Prev().String())
	}
}

// monthOrDate asks a monthly report (the settlement's) for its month, the others for their date.
func (s *reportsScreen) monthOrDate() {
	if s.chosenKind().monthly {
		s.month.Enable()
		s.date.Disable()
		return
	}
	s.month.Disable()
	s.date.Enable()
}

// parseMonthField reads the Month field: YYYY-MM as on the command line, or MM/YYYY as the
// office writes a month on paper.
func parseMonthField(text string) (data.Month, error) {
	text = strings.TrimSpace(text)
	if mm, yyyy, ok := strings.Cut(text, "/"); ok && len(yyyy) == 4 && len(mm) >= 1 && len(mm) <= 2 {
		text = yyyy + "-" + strings.Repeat("0", 2-len(mm)) + mm
	}
	m, err := data.ParseMonth(text)
	if err != nil {
		return data.Month{}, data.Invalid("settlement.month", "month_format")
	}
	return m, nil
}
