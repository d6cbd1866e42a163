package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
)

// pickerPopup is a long choice's filtered list: a search box on top, focused, and the options
// whose folded text holds every word typed, so "hoang" finds "Hoằng Lộc" as the borrower
// search does. Up and Down move the highlight, Enter picks it, Esc closes without a change.
type pickerPopup struct {
	owner   *choice
	pop     *widget.PopUp
	entry   *pickerEntry
	list    *widget.List
	none    *widget.Label // shown when nothing matches
	options []string      // the options when the list opened
	folded  []string      // their search keys
	matches []int         // indices into options, in their order
	cursor  int           // the highlighted row of matches
}

// pickerEntry is the search box: it hands the list keys to the picker.
type pickerEntry struct {
	widget.Entry
	p *pickerPopup
}

func (e *pickerEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDown:
		e.p.move(1)
	case fyne.KeyUp:
		e.p.move(-1)
	case fyne.KeyPageDown:
		e.p.move(10)
	case fyne.KeyPageUp:
		e.p.move(-10)
	case fyne.KeyReturn, fyne.KeyEnter:
		e.p.choose(e.p.cursor)
	case fyne.KeyEscape:
		e.p.close()
	default:
		e.Entry.TypedKey(ev)
	}
}

// openPicker shows the filtered list under the choice, the search box holding typed.
func (s *choice) openPicker(typed string) {
	c := fyne.CurrentApp().Driver().CanvasForObject(s)
	if c == nil {
		return
	}
	p := &pickerPopup{owner: s, options: s.Options, folded: make([]string, len(s.Options))}
	for i, o := range s.Options {
		p.folded[i] = data.Fold(o)
	}
	p.entry = &pickerEntry{p: p}
	p.entry.ExtendBaseWidget(p.entry)
	p.entry.SetPlaceHolder(s.loc.T("lookdesk.picker.search"))
	p.none = widget.NewLabel(s.loc.T("lookdesk.picker.none"))
	p.none.Importance = widget.LowImportance
	p.none.Hide()
	p.list = widget.NewList(
		func() int { return len(p.matches) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewStack(canvas.NewRectangle(color.Transparent), l)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(p.matches) {
				return
			}
			box := o.(*fyne.Container)
			mark := box.Objects[0].(*canvas.Rectangle)
			mark.FillColor = color.Transparent
			if id == p.cursor {
				mark.FillColor = theme.Color(theme.ColorNameSelection)
			}
			mark.Refresh()
			box.Objects[1].(*widget.Label).SetText(p.options[p.matches[id]])
		})
	p.list.OnSelected = func(id widget.ListItemID) { p.choose(id) }
	p.entry.OnChanged = func(string) { p.filter() }
	p.entry.SetText(typed)
	p.filter()

	content := container.NewBorder(p.entry, nil, nil, nil, container.NewStack(p.list, p.none))
	p.pop = widget.NewPopUp(content, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(s)
	width := fyne.Max(s.Size().Width, 320)
	if pos.X+width > c.Size().Width {
		pos.X = fyne.Max(0, c.Size().Width-width)
	}
	below := c.Size().Height - pos.Y - s.Size().Height - theme.Padding()
	above := pos.Y - theme.Padding()
	height := float32(360)
	if below >= height || below >= above {
		height = fyne.Min(height, below)
		pos.Y += s.Size().Height
	} else {
		height = fyne.Min(height, above)
		pos.Y -= height
	}
	p.pop.ShowAtPosition(pos)
	p.pop.Resize(fyne.NewSize(width, height))
	c.Focus(p.entry)
	s.picker = p
}

// filter keeps the options holding every word typed, highlighting the selected one if it is
// among them, else the first.
func (p *pickerPopup) filter() {
	terms := data.SearchTerms(p.entry.Text)
	p.matches = p.matches[:0]
	p.cursor = 0
	for i, key := range p.folded {
		if holdsAll(key, terms) {
			if p.options[i] == p.owner.Selected {
				p.cursor = len(p.matches)
			}
			p.matches = append(p.matches, i)
		}
	}
	if p.list == nil {
		return
	}
	p.none.Hidden = len(p.matches) > 0
	p.none.Refresh()
	p.list.UnselectAll()
	p.list.Refresh()
	if len(p.matches) > 0 {
		p.list.ScrollTo(p.cursor)
	}
}

func holdsAll(key string, terms []string) bool {
	for _, t := range terms {
		if !strings.Contains(key, t) {
			return false
		}
	}
	return true
}

// move shifts the highlight by n rows, staying within the matches.
func (p *pickerPopup) move(n int) {
	if len(p.matches) == 0 {
		return
	}
	p.cursor = min(max(p.cursor+n, 0), len(p.matches)-1)
	p.list.Refresh()
	p.list.ScrollTo(p.cursor)
}

// choose picks the row'th match, if there is one, and closes.
func (p *pickerPopup) choose(row int) {
	if row < 0 || row >= len(p.matches) {
		return
	}
	option := p.options[p.matches[row]]
	p.close()
	p.owner.pick(option)
}

// close hides the list and gives the keyboard back to the choice.
func (p *pickerPopup) close() {
	p.pop.Hide()
	if p.owner.picker == p {
		p.owner.picker = nil
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(p.owner); c != nil {
		c.Focus(p.owner)
	}
}
