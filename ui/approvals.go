package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/translations"
)

// approvalsScreen lists the requests a second user must approve (issue 17): those waiting
// first. A checker approves or rejects the one selected, never their own; a maker who approves
// nothing sees the state of their own requests.
type approvalsScreen struct {
	app      *App
	requests []data.Request
	selected int // index in requests, -1 when none

	table   *widget.Table
	title   *widget.Label
	facts   *widget.Label
	changes *widget.Table
	lines   []changeLine
	approve *widget.Button
	reject  *widget.Button
	busy    bool
	root    fyne.CanvasObject
}

// changeLine is one row of a request's before/after table.
type changeLine struct{ name, before, after string }

var requestColumns = []string{"peopleui.col.id", "peopleui.col.action", "peopleui.col.subject", "peopleui.col.maker",
	"peopleui.col.made_at", "peopleui.col.state"}

func newApprovalsScreen(a *App) *approvalsScreen {
	loc := a.loc
	s := &approvalsScreen{app: a, selected: -1}
	s.table = newHeaderTable(requestColumns, []float32{50, 200, 120, 90, 100, 100},
		func() int { return len(s.requests) }, s.cell, nil, loc)
	s.table.OnSelected = func(id widget.TableCellID) { s.choose(id.Row) }
	s.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.title.Wrapping = fyne.TextWrapWord
	s.facts = widget.NewLabel("")
	s.facts.Wrapping = fyne.TextWrapWord
	s.changes = newHeaderTable([]string{"peopleui.col.what", "peopleui.col.before", "peopleui.col.after"},
		[]float32{150, 150, 150}, func() int { return len(s.lines) }, func(id widget.TableCellID) string {
			l := s.lines[id.Row]
			return [...]string{l.name, l.before, l.after}[id.Col]
		}, nil, loc)
	s.approve = widget.NewButton(loc.T("peopleui.approve"), s.doApprove)
	s.approve.Importance = widget.HighImportance
	s.reject = widget.NewButton(loc.T("peopleui.reject"), s.askReject)
	s.approve.Disable()
	s.reject.Disable()
	if !approvesAnything(a.session.Role) {
		s.approve.Hide()
		s.reject.Hide()
	}
	hint := widget.NewLabel(loc.T("peopleui.approvals_hint"))
	hint.Wrapping = fyne.TextWrapWord
	detail := container.NewBorder(container.NewVBox(s.title, s.facts), container.NewHBox(s.approve, s.reject), nil, nil, s.changes)
	split := container.NewHSplit(s.table, detail)
	split.Offset = 0.55
	s.root = container.NewBorder(container.NewVBox(
		widget.NewLabelWithStyle(loc.T("nav.approvals"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), hint),
		nil, nil, nil, split)
	s.showDetail()
	return s
}

func (s *approvalsScreen) content() fyne.CanvasObject { return s.root }

func (s *approvalsScreen) refresh() {
	a := s.app
	keep := int64(0)
	if s.selected >= 0 {
		keep = s.requests[s.selected].ID
	}
	fetch(a, func(ctx context.Context) ([]data.Request, error) { return a.people.Requests(ctx, false) }, func(rs []data.Request) {
		s.fill(rs, keep)
	})
}

// fill shows the requests the user may see, those waiting first, newest first within each.
func (s *approvalsScreen) fill(rs []data.Request, keep int64) {
	a := s.app
	var shown []data.Request
	for _, r := range rs {
		if approvesAnything(a.session.Role) || r.Maker == a.session.User {
			shown = append(shown, r)
		}
	}
	sort.SliceStable(shown, func(i, j int) bool {
		pi, pj := shown[i].State == data.RequestPending, shown[j].State == data.RequestPending
		if pi != pj {
			return pi
		}
		return shown[i].ID > shown[j].ID
	})
	s.requests = shown
	s.selected = -1
	s.table.UnselectAll()
	s.table.Refresh()
	for i, r := range shown {
		if r.ID == keep {
			s.table.Select(widget.TableCellID{Row: i, Col: 0})
		}
	}
	s.showDetail()
}

func (s *approvalsScreen) cell(id widget.TableCellID) string {
	loc := s.app.loc
	r := s.requests[id.Row]
	switch id.Col {
	case 0:
		return loc.Number(r.ID)
	case 1:
		return loc.T("action." + string(r.Action))
	case 2:
		return r.Subject
	case 3:
		return r.Maker
	case 4:
		return loc.Date(data.DateOf(r.MadeAt.Local()))
	default:
		return requestStateText(loc, r.State)
	}
}

// requestStateText names a request's state.
func requestStateText(loc *translations.Localizer, st data.RequestState) string {
	switch st {
	case data.RequestApproved:
		return loc.T("peopleui.state.approved")
	case data.RequestRejected:
		return loc.T("peopleui.state.rejected")
	}
	return loc.T("peopleui.state.pending")
}

func (s *approvalsScreen) choose(row int) {
	if row < 0 || row >= len(s.requests) {
		return
	}
	s.selected = row
	s.showDetail()
}

// showDetail shows the request selected: who asked what and when, its note, what it changes
// as a table, and the buttons a checker may use on it.
func (s *approvalsScreen) showDetail() {
	a := s.app
	loc := a.loc
	s.approve.Disable()
	s.reject.Disable()
	if s.selected < 0 {
		s.title.SetText(loc.T("peopleui.choose_request"))
		s.facts.SetText("")
		s.lines = nil
		s.changes.Refresh()
		return
	}
	r := s.requests[s.selected]
	s.title.SetText(loc.T("peopleui.request_title", "ID", r.ID, "Action", loc.T("action."+string(r.Action))))
	facts := []string{loc.T("peopleui.request_made", "Maker", r.Maker, "Date", loc.Date(data.DateOf(r.MadeAt.Local())), "Time", r.MadeAt.Local().Format("15:04"))}
	if r.Subject != "" {
		facts = append(facts, loc.T("peopleui.request_subject", "Subject", r.Subject))
	}
	if strings.TrimSpace(r.Note) != "" {
		facts = append(facts, loc.T("peopleui.request_note", "Note", strings.TrimSpace(r.Note)))
	}
	switch r.State {
	case data.RequestApproved:
		facts = append(facts, loc.T("peopleui.request_approved", "Checker", r.Checker, "Date", loc.Date(data.DateOf(r.DecidedAt.Local()))))
	case data.RequestRejected:
		facts = append(facts, loc.T("peopleui.request_rejected", "Checker", r.Checker, "Date", loc.Date(data.DateOf(r.DecidedAt.Local())), "Reason", r.Reason))
	default:
		facts = append(facts, loc.T("peopleui.state.pending"))
	}
	if r.Maker == a.session.User && r.State == data.RequestPending {
		facts = append(facts, loc.T("peopleui.own_request"))
	}
	s.facts.SetText(strings.Join(facts, "\n"))
	s.lines = changeLines(r.Before, r.After)
	s.changes.Refresh()
	if s.mayDecide(r) && !s.busy {
		s.approve.Enable()
		s.reject.Enable()
	}
}

// mayDecide says whether the user working may approve or reject r: another user's request,
// still waiting, of an action the role approves.
func (s *approvalsScreen) mayDecide(r data.Request) bool {
	sess := s.app.session
	return r.State == data.RequestPending && r.Maker != sess.User && data.MayApprove(sess.Role, r.Action)
}

func (s *approvalsScreen) current() (data.Request, bool) {
	if s.selected < 0 {
		return data.Request{}, false
	}
	return s.requests[s.selected], true
}

func (s *approvalsScreen) doApprove() {
	r, ok := s.current()
	if !ok || !s.mayDecide(r) || s.busy {
		return
	}
	a := s.app
	s.setBusy(true)
	a.async(func(ctx context.Context) error {
		_, err := a.people.Approve(ctx, r.ID)
		return err
	}, func(err error) {
		s.setBusy(false)
		if err != nil {
			a.showError(err)
			s.refresh()
			return
		}
		a.notify(a.loc.T("peopleui.approved_done", "ID", r.ID))
		s.refresh()
	})
}

// askReject asks for the reason, which the store requires and audits.
func (s *approvalsScreen) askReject() {
	r, ok := s.current()
	if !ok || !s.mayDecide(r) || s.busy {
		return
	}
	a := s.app
	loc := a.loc
	reason := widget.NewEntry()
	f := newForm(loc)
	f.add("request.reason", reason)
	var d *dialog.CustomDialog
	var confirm *widget.Button
	send := func() {
		if confirm.Disabled() {
			return
		}
		text := strings.TrimSpace(reason.Text)
		if text == "" {
			f.showErrors(data.Invalid("request.reason", "required"))
			return
		}
		confirm.Disable()
		s.setBusy(true)
		a.async(func(ctx context.Context) error { return a.people.Reject(ctx, r.ID, text) }, func(err error) {
			confirm.Enable()
			s.setBusy(false)
			if !a.reportErrors(f, err) {
				return
			}
			d.Hide()
			a.notify(loc.T("peopleui.rejected_done", "ID", r.ID))
			s.refresh()
		})
	}
	reason.OnSubmitted = func(string) { send() }
	confirm = widget.NewButton(loc.T("peopleui.reject"), send)
	confirm.Importance = widget.DangerImportance
	d = dialog.NewCustomWithoutButtons(loc.T("peopleui.reject_title", "ID", r.ID), container.NewVBox(f.object(),
		container.NewHBox(widget.NewButton(loc.T("action.cancel"), func() { d.Hide() }), confirm)), a.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
	a.win.Canvas().Focus(reason)
}

// setBusy disables the decision buttons while a decision is being written.
func (s *approvalsScreen) setBusy(busy bool) {
	s.busy = busy
	s.showDetail()
}

// changeLines turns a request's before and after (JSON) into rows: each value that either
// side has, by its name, with what it was and what it would be.
func changeLines(before, after string) []changeLine {
	b, aft := flatJSON(before), flatJSON(after)
	names := map[string]bool{}
	for k := range b {
		names[k] = true
	}
	for k := range aft {
		names[k] = true
	}
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]changeLine, 0, len(keys))
	for _, k := range keys {
		out = append(out, changeLine{name: k, before: orDash(b[k]), after: orDash(aft[k])})
	}
	return out
}

// flatJSON reads a JSON value into name → value, nested names joined by dots and list items
// numbered from 1; a value that is not JSON is kept whole.
func flatJSON(s string) map[string]string {
	out := map[string]string{}
	if strings.TrimSpace(s) == "" || s == "null" {
		return out
	}
	var v any
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		out["—"] = s
		return out
	}
	flatten("", v, out)
	return out
}

func flatten(prefix string, v any, out map[string]string) {
	join := func(k string) string {
		k = strings.ReplaceAll(k, "_", " ")
		if prefix == "" {
			return k
		}
		return prefix + " · " + k
	}
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			flatten(join(k), e, out)
		}
	case []any:
		for i, e := range x {
			flatten(join(fmt.Sprint(i+1)), e, out)
		}
	case nil:
		out[prefixOr(prefix)] = ""
	default:
		out[prefixOr(prefix)] = fmt.Sprint(x)
	}
}

func prefixOr(p string) string {
	if p == "" {
		return "—"
	}
	return p
}
