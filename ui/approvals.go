package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
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
	// deciding is an approval or a rejection being written: Approve, Reject and the
	// rejection's confirm are disabled until it ends, so a request is decided once.
	deciding busy
	root     fyne.CanvasObject
}

// changeLine is one row of a request's before/after table.
type changeLine struct{ name, before, after string }

var requestColumns = []string{"peopleui.col.id", "peopleui.col.action", "peopleui.col.subject", "peopleui.col.maker",
	"peopleui.col.made_at", "peopleui.col.state"}

func newApprovalsScreen(a *App) *approvalsScreen {
	loc := a.loc
	s := &approvalsScreen{app: a, selected: -1}
	s.table = newHeaderTable(requestColumns, []float32{45, 230, 130, 110, 100, 185},
		func() int { return len(s.requests) }, s.cell, nil, loc)
	s.table.OnSelected = func(id widget.TableCellID) { s.choose(id.Row) }
	s.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.title.Wrapping = fyne.TextWrapWord
	s.facts = widget.NewLabel("")
	s.facts.Wrapping = fyne.TextWrapWord
	s.changes = newHeaderTable([]string{"peopleui.col.what", "peopleui.col.before", "peopleui.col.after"},
		[]float32{220, 250, 250}, func() int { return len(s.lines) }, func(id widget.TableCellID) string {
			l := s.lines[id.Row]
			return [...]string{l.name, l.before, l.after}[id.Col]
		}, nil, loc)
	s.approve = widget.NewButton(loc.T("peopleui.approve"), s.askApprove)
	s.approve.Importance = widget.HighImportance
	s.reject = widget.NewButton(loc.T("peopleui.reject"), s.askReject)
	s.approve.Disable()
	s.reject.Disable()
	s.deciding.guard(s.approve, s.reject)
	if !approvesAnything(a.session.Role) {
		s.approve.Hide()
		s.reject.Hide()
	}
	hint := widget.NewLabel(loc.T("peopleui.approvals_hint"))
	hint.Wrapping = fyne.TextWrapWord
	// The list above, the request chosen below at the full width its before/after needs.
	detail := container.NewBorder(container.NewVBox(widget.NewSeparator(), s.title, s.facts),
		container.NewHBox(s.approve, s.reject), nil, nil, s.changes)
	split := container.NewVSplit(s.table, detail)
	split.Offset = 0.35
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
	// The request shown before stays shown.
	row := -1
	for i, r := range shown {
		if r.ID == keep {
			row = i
		}
	}
	if row < 0 && keep == 0 {
		// At first, the newest request this user may decide, else the newest waiting.
		row = slices.IndexFunc(shown, s.mayDecide)
		if row < 0 && len(shown) > 0 && shown[0].State == data.RequestPending {
			row = 0
		}
	}
	if row >= 0 {
		s.table.Select(widget.TableCellID{Row: row, Col: 0})
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
		if len(s.requests) == 0 {
			// "Choose a request in the list" over an empty list sent the eye looking for one.
			s.title.SetText(loc.T("shelldesk.no_requests"))
		}
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
	s.lines = changeLines(loc, r.Before, r.After)
	s.changes.Refresh()
	if s.mayDecide(r) && !s.deciding.running {
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

// askApprove asks before a request takes effect: approving makes the maker's change, which
// only a correction can undo afterwards.
func (s *approvalsScreen) askApprove() {
	r, ok := s.current()
	if !ok || !s.mayDecide(r) || s.deciding.running {
		return
	}
	a, loc := s.app, s.app.loc
	msg := widget.NewLabel(loc.T("peopleui.approve_confirm", "ID", r.ID, "Action", loc.T("action."+string(r.Action)),
		"Subject", r.Subject, "Maker", r.Maker))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(loc.T("peopleui.approve_title", "ID", r.ID), loc.T("peopleui.approve"), loc.T("action.cancel"), msg,
		func(yes bool) {
			if yes {
				s.doApprove()
			}
		}, a.win)
	d.Resize(fyne.NewSize(460, 0))
	d.Show()
}

func (s *approvalsScreen) doApprove() {
	r, ok := s.current()
	if !ok || !s.mayDecide(r) || s.deciding.running {
		return
	}
	a := s.app
	a.write(&s.deciding, func(ctx context.Context) error {
		_, err := a.people.Approve(ctx, r.ID)
		return err
	}, func(err error) {
		s.showDetail()
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
	if !ok || !s.mayDecide(r) || s.deciding.running {
		return
	}
	a := s.app
	loc := a.loc
	reason := widget.NewEntry()
	f := newForm(loc)
	f.add("request.reason", reason)
	var d *dialog.CustomDialog
	var confirm *widget.Button
	send := s.deciding.unlessRunning(func() {
		text := strings.TrimSpace(reason.Text)
		if text == "" {
			f.showErrors(data.Invalid("request.reason", "required"))
			return
		}
		// This dialog's confirm with the screen's buttons: one dialog asks at a time.
		s.deciding.controls = []fyne.Disableable{s.approve, s.reject, confirm}
		a.write(&s.deciding, func(ctx context.Context) error { return a.people.Reject(ctx, r.ID, text) }, func(err error) {
			s.showDetail()
			if !a.reportErrors(f, err) {
				return
			}
			d.Hide()
			a.notify(loc.T("peopleui.rejected_done", "ID", r.ID))
			s.refresh()
		})
	})
	reason.OnSubmitted = func(string) { send() }
	confirm = widget.NewButton(loc.T("peopleui.reject"), send)
	confirm.Importance = widget.DangerImportance
	d = dialog.NewCustomWithoutButtons(loc.T("peopleui.reject_title", "ID", r.ID), container.NewVBox(f.object(),
		container.NewHBox(widget.NewButton(loc.T("action.cancel"), func() { d.Hide() }), confirm)), a.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
	a.win.Canvas().Focus(reason)
}

// changeLines turns a request's before and after (JSON) into rows: each value that either
// side has, by its name in the user's language, with what it is now and what it would be;
// the values that change first.
func changeLines(loc *translations.Localizer, before, after string) []changeLine {
	b, aft := flatJSON(loc, before), flatJSON(loc, after)
	var names []string
	seen := map[string]bool{}
	for _, side := range [][]flatValue{b, aft} {
		for _, v := range side {
			if !seen[v.name] {
				seen[v.name] = true
				names = append(names, v.name)
			}
		}
	}
	find := func(side []flatValue, name string) string {
		for _, v := range side {
			if v.name == name {
				return v.text
			}
		}
		return ""
	}
	// What the request changes comes first; what stays the same follows, for context.
	var changed, same []changeLine
	for _, n := range names {
		l := changeLine{name: n, before: orDash(find(b, n)), after: orDash(find(aft, n))}
		if l.before != l.after {
			changed = append(changed, l)
		} else {
			same = append(same, l)
		}
	}
	return append(changed, same...)
}

// flatValue is one value of a request's JSON, named and written for the user.
type flatValue struct{ name, text string }

// valueKind says how a value of a request's JSON is written.
type valueKind int

const (
	kindText valueKind = iota
	kindMoney
	kindDate
	kindRate
	kindNumber
	kindRole
	kindRule
)

// requestKeys name the values the store describes requests with (data/sqlite: loan positions,
// rate and rule periods, closed months, role changes, postings and import counts), by key
// without underscores and in lower case.
var requestKeys = map[string]struct {
	id   string
	kind valueKind
}{
	"contract":        {"peopleui.key.contract", kindText},
	"on":              {"peopleui.key.on", kindDate},
	"principal":       {"peopleui.key.principal", kindMoney},
	"current":         {"peopleui.key.current", kindMoney},
	"overdue":         {"peopleui.key.overdue", kindMoney},
	"frozen":          {"peopleui.key.frozen", kindMoney},
	"writtenoff":      {"peopleui.key.written_off", kindMoney},
	"interestdue":     {"peopleui.key.interest_due", kindMoney},
	"penaltydue":      {"peopleui.key.penalty_due", kindMoney},
	"daysoverdue":     {"peopleui.key.days_overdue", kindNumber},
	"maturity":        {"peopleui.key.maturity", kindDate},
	"nextdue":         {"peopleui.key.next_due", kindDate},
	"nextprincipal":   {"peopleui.key.next_principal", kindMoney},
	"closedthrough":   {"peopleui.key.closed_through", kindText},
	"ref":             {"peopleui.key.ref", kindText},
	"entriesstanding": {"peopleui.key.entries", kindNumber},
	"amountstanding":  {"peopleui.key.amount", kindMoney},
	"lines":           {"peopleui.key.lines", kindNumber},
	"entriesinledger": {"peopleui.key.entries", kindNumber},
	"amountsinledger": {"peopleui.key.amount", kindMoney},
	"user":            {"peopleui.key.user", kindText},
	"role":            {"peopleui.key.role", kindRole},
	"programcode":     {"peopleui.key.program", kindText},
	"effective":       {"peopleui.key.effective", kindDate},
	"rate":            {"peopleui.key.rate", kindRate},
	"decision":        {"peopleui.key.decision", kindText},
	"key":             {"peopleui.key.rule", kindRule},
	"value":           {"peopleui.key.value", kindText},
	"created":         {"peopleui.key.created", kindNumber},
	"updated":         {"peopleui.key.updated", kindNumber},
	"unchanged":       {"peopleui.key.unchanged", kindNumber},
}

// importEntities are the kinds of rows an import counts, named by the import's messages.
var requestEntities = map[string]bool{"office": true, "commune": true, "village": true, "point": true, "group": true,
	"borrower": true, "loan": true, "entry": true}

// flatJSON reads a JSON value into named values in the order the JSON gives them, nested
// names joined by " · " and list items numbered from 1; a value that is not JSON is kept whole.
func flatJSON(loc *translations.Localizer, s string) []flatValue {
	if strings.TrimSpace(s) == "" || s == "null" {
		return nil
	}
	var v any
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return []flatValue{{name: "—", text: s}}
	}
	var out []flatValue
	flatten(loc, "", v, &out)
	return out
}

func flatten(loc *translations.Localizer, prefix string, v any, out *[]flatValue) {
	join := func(name string) string {
		if prefix == "" {
			return name
		}
		return prefix + " · " + name
	}
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			name, kind := keyName(loc, k)
			switch x[k].(type) {
			case map[string]any, []any:
				flatten(loc, join(name), x[k], out)
			default:
				*out = append(*out, flatValue{name: join(name), text: valueText(loc, kind, x[k])})
			}
		}
	case []any:
		for i, e := range x {
			flatten(loc, join(loc.Number(int64(i+1))), e, out)
		}
	default:
		*out = append(*out, flatValue{name: prefixOr(prefix), text: valueText(loc, kindText, x)})
	}
}

// keyName names a key of a request's JSON in the user's language; a key no message names is
// shown as it is, underscores as spaces.
func keyName(loc *translations.Localizer, k string) (string, valueKind) {
	norm := strings.ToLower(strings.ReplaceAll(k, "_", ""))
	if rk, ok := requestKeys[norm]; ok {
		return loc.T(rk.id), rk.kind
	}
	if requestEntities[norm] {
		return loc.T("import.entity." + norm), kindText
	}
	return strings.ReplaceAll(k, "_", " "), kindText
}

// valueText writes a value as the screens write its kind: money, dates and rates formatted,
// roles and rules by their names.
func valueText(loc *translations.Localizer, kind valueKind, v any) string {
	if v == nil {
		return ""
	}
	text := fmt.Sprint(v)
	n, isNumber := v.(json.Number)
	switch kind {
	case kindMoney:
		if i, err := n.Int64(); isNumber && err == nil {
			return loc.Money(data.Dong(i))
		}
	case kindNumber:
		if i, err := n.Int64(); isNumber && err == nil {
			return loc.Number(i)
		}
	case kindRate:
		if i, err := n.Int64(); isNumber && err == nil {
			return loc.Percent(data.Rate(i))
		}
	case kindDate:
		if d, err := data.ParseDate(text); err == nil {
			return loc.Date(d)
		}
	case kindRole:
		if r, err := data.ParseRole(text); err == nil {
			return loc.T("role." + string(r))
		}
	case kindRule:
		return loc.T("field.settings." + text)
	}
	return text
}

func prefixOr(p string) string {
	if p == "" {
		return "—"
	}
	return p
}
