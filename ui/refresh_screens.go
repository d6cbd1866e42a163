package ui

import (
	"context"
	"strings"

	"policycredit/data"
)

// What each live screen counts as unsaved, and how it reloads (refresh.go).

// The transaction day: amounts or cash typed over what was pre-filled, a filled CSV read in,
// or a post or a payout being confirmed. A day already posted holds nothing typed.
func (s *txDayScreen) unsaved() bool {
	if s.confirm != nil || s.payouts.pay != nil {
		return true
	}
	if !s.loaded || s.posted != nil {
		return false
	}
	if s.source != (data.SourceFile{}) {
		return true
	}
	for _, g := range s.groups {
		if strings.TrimSpace(g.cash) != "" {
			return true
		}
		for _, r := range g.rows {
			due := txRow{member: r.member}
			due.fillDue(s.app.loc.Amount)
			if r.values != due.values {
				return true
			}
		}
	}
	return false
}

// reload reads the points again and rebuilds the point's day that is open, on the group the
// clerk was looking at.
func (s *txDayScreen) reload() {
	loaded := s.loaded
	s.refresh()
	if loaded {
		s.reselect = s.selected
		s.load()
	}
}

// Groups: the group's form changed since it was filled. Its list reloads under the form, since
// Save sends the form's group, not a row of the list.
func (s *groupsScreen) unsaved() bool { return s.form.edited() }

func (s *groupsScreen) reloadLists() { s.load() }

// reload reads the group being edited again (another PC may have renamed it), then the
// pickers, the list and its members.
func (s *groupsScreen) reload() {
	a := s.app
	id := s.editing.ID
	if id == 0 {
		s.refresh()
		return
	}
	fetch(a, func(ctx context.Context) (data.GroupView, error) { return a.store.Group(ctx, id) }, func(g data.GroupView) {
		if s.editing.ID != id {
			return // another group was chosen meanwhile
		}
		s.editing = g.Group
		s.refresh()
		s.loadDetail(id)
	})
}

// Loans: an action's form open on a loan (collect, reschedule, …), which reads the loan shown.
// The list reloads under it; the new-loan form keeps its entries through a refresh.
func (s *loansScreen) unsaved() bool { return s.dialog != nil }

func (s *loansScreen) reloadLists() { s.load() }

// reload reads the list, the programs and the loan shown.
func (s *loansScreen) reload() {
	s.refresh()
	if s.page == s.detail.root && s.detail.book.Loan.Contract != "" {
		s.detail.load(s.detail.book.Loan.Contract)
	}
}

// Programs: the chosen program's limits changed, a new rate typed or being confirmed.
func (s *programsScreen) unsaved() bool {
	return s.confirmingRate || s.limits.edited() ||
		s.effective.Text != "" || s.rate.Text != "" || s.decision.Text != ""
}

func (s *programsScreen) reload() { s.refresh() }

// Settings: the office's name or the rules changed since they were filled.
func (s *settingsScreen) unsaved() bool { return s.officeForm.edited() || s.rules.edited() }

func (s *settingsScreen) reload() { s.refresh() }

// Reports: nothing typed is lost; the households, groups or communes offered reload, keeping
// the one chosen (the month's settlement below reloads with the screen).
func (s *reportsScreen) unsaved() bool { return false }

func (s *reportsScreen) reload() {
	if i := s.target.SelectedIndex(); i >= 0 && i < len(s.choices) {
		s.want = s.choices[i].id
	}
	s.refresh()
	s.loadChoices()
}
