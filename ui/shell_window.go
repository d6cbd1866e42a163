package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/data/demo"
)

// The window's preferred size, and the room a window manager's title bar and borders take
// when the window must fit a smaller screen.
const (
	windowWidth, windowHeight = 1200, 760
	windowFrame               = 40
	// fillScreenBelow: a screen narrower than this is filled by the window.
	fillScreenBelow = 1440
)

// Navigation widths: with the screens' names, and icons only.
const (
	navWideWidth   = 190
	navNarrowWidth = 48
	// navCollapseBelow is the window width under which the navigation shows icons only, so
	// that a 1024-pixel screen gives its width to the screens.
	navCollapseBelow = 1150
)

// FitScreen sizes the window for a screen whose work area (without the task bar) is w×h
// pixels: the preferred 1200×760 on a large screen, else the work area less the window's frame
// when framed, so that nothing opens beyond the edge of a 1024×768 screen. The command line
// calls it once the window shows and the screen is known.
func (a *App) FitScreen(w, h float32, framed bool) {
	frame := float32(0)
	if framed {
		frame = windowFrame
	}
	if s := a.win.Canvas().Scale(); s > 0 {
		w, h = w/s, h/s
	}
	size := fyne.NewSize(windowWidth, windowHeight)
	if w > 0 && w < windowWidth {
		size.Width = w
	}
	if h > 0 && h-frame < windowHeight {
		size.Height = h - frame
	}
	// On a laptop's 1366×768 the 1200×760 window would leave a useless strip each side: a
	// screen that small is the window's own.
	if w > 0 && h > 0 && w < fillScreenBelow {
		size = fyne.NewSize(w, h-frame)
	}
	a.win.Resize(size)
	a.win.CenterOnScreen()
}

// navIcons picks each screen's icon in the navigation.
func navIcon(id string) fyne.Resource {
	switch id {
	case "overview":
		return theme.HomeIcon()
	case "borrowers":
		return theme.AccountIcon()
	case "groups":
		return theme.GridIcon()
	case "loans":
		return theme.DocumentIcon()
	case "txday":
		return theme.CalendarIcon()
	case "reports":
		return theme.DocumentPrintIcon()
	case "programs":
		return theme.ListIcon()
	case "places":
		return theme.FolderIcon()
	case "capital":
		return theme.StorageIcon()
	case "approvals":
		return theme.ConfirmIcon()
	case "users":
		return theme.LoginIcon()
	default:
		return theme.SettingsIcon()
	}
}

// navCell is one line of the navigation: the screen's icon and name; collapsed, the icon
// alone, the name showing beside it while the mouse rests on it.
type navCell struct {
	widget.BaseWidget
	app   *App
	icon  *widget.Icon
	label *widget.Label
}

func newNavCell(a *App) *navCell {
	c := &navCell{app: a, icon: widget.NewIcon(nil), label: widget.NewLabel("")}
	c.label.Truncation = fyne.TextTruncateEllipsis
	c.ExtendBaseWidget(c)
	return c
}

func (c *navCell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, c.icon, nil, c.label))
}

func (c *navCell) set(n navItem, collapsed bool) {
	c.icon.SetResource(navIcon(n.id))
	c.label.SetText(c.app.loc.T(n.title))
	if collapsed {
		c.label.Hide()
	} else {
		c.label.Show()
	}
	c.Refresh()
}

// MouseIn shows the screen's name beside its icon when the navigation is collapsed.
func (c *navCell) MouseIn(*desktop.MouseEvent) {
	if c.app.navCollapsed && c.label.Text != "" {
		c.app.showTip(c, c.label.Text)
	}
}

func (c *navCell) MouseMoved(*desktop.MouseEvent) {}

func (c *navCell) MouseOut() { c.app.hideTip() }

// showTip shows text beside o, on the window's tip layer. Fyne has no tooltips, and a pop-up
// would take the mouse from the icon under it: the layer holds no widget that reacts to the
// mouse, so clicks go through to the navigation.
func (a *App) showTip(o fyne.CanvasObject, text string) { a.showTipAt(o, text, false) }

// showTipAt shows text beside o, or above it (the status bar, at the window's foot).
func (a *App) showTipAt(o fyne.CanvasObject, text string, above bool) {
	if a.tips == nil {
		return
	}
	d := fyne.CurrentApp().Driver()
	pos := d.AbsolutePositionForObject(o).Subtract(d.AbsolutePositionForObject(a.tips))
	label := widget.NewLabel(text)
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	bg.StrokeWidth = 1
	bg.CornerRadius = theme.InputRadiusSize()
	tip := container.NewStack(bg, label)
	tip.Resize(tip.MinSize())
	if above {
		tip.Move(pos.Subtract(fyne.NewPos(0, tip.MinSize().Height)))
	} else {
		tip.Move(pos.Add(fyne.NewPos(o.Size().Width+theme.Padding(), (o.Size().Height-tip.MinSize().Height)/2)))
	}
	a.tips.Objects = []fyne.CanvasObject{tip}
	a.tips.Refresh()
}

func (a *App) hideTip() {
	if a.tips != nil && len(a.tips.Objects) > 0 {
		a.tips.Objects = nil
		a.tips.Refresh()
	}
}

// newNavigation is the list of screens, with the button that collapses it to icons above it.
func (a *App) newNavigation() fyne.CanvasObject {
	items := a.items
	a.nav = widget.NewList(
		func() int { return len(items) },
		func() fyne.CanvasObject { return newNavCell(a) },
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*navCell).set(items[id], a.navCollapsed) },
	)
	a.navToggle = widget.NewButtonWithIcon("", theme.MenuIcon(), func() {
		// The clerk's choice holds whatever the window's width, in every language.
		a.navPinned = true
		a.setNavCollapsed(!a.navCollapsed)
		a.shell.Refresh() // lays the screens out on the new width
	})
	a.navToggle.Importance = widget.LowImportance
	return container.NewBorder(container.NewHBox(a.navToggle), nil, nil, nil, a.nav)
}

// setNavCollapsed shows the navigation as icons, or with the screens' names.
func (a *App) setNavCollapsed(collapsed bool) {
	if a.navCollapsed == collapsed {
		return
	}
	a.hideTip()
	a.navCollapsed = collapsed
	a.nav.Refresh()
}

// shellLayout places the navigation on the left, the screen beside it and the status bar
// below, and collapses the navigation to icons on a narrow window unless the clerk chose.
// Its minimum width counts the navigation collapsed: a 1024-pixel window stays possible.
type shellLayout struct{ app *App }

// objects: navigation, its separator, the screen, the status bar.
func (l shellLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	a := l.app
	if !a.navPinned {
		a.setNavCollapsed(size.Width < navCollapseBelow)
	}
	nav, sep, body, bottom := objects[0], objects[1], objects[2], objects[3]
	pad := theme.Padding()
	bottomH := bottom.MinSize().Height
	navW := float32(navWideWidth)
	if a.navCollapsed {
		navW = navNarrowWidth
	}
	h := size.Height - bottomH - pad
	nav.Move(fyne.NewPos(0, 0))
	nav.Resize(fyne.NewSize(navW, h))
	sepW := sep.MinSize().Width
	sep.Move(fyne.NewPos(navW, 0))
	sep.Resize(fyne.NewSize(sepW, h))
	x := navW + sepW + pad
	body.Move(fyne.NewPos(x, 0))
	body.Resize(fyne.NewSize(size.Width-x, h))
	bottom.Move(fyne.NewPos(0, size.Height-bottomH))
	bottom.Resize(fyne.NewSize(size.Width, bottomH))
}

func (l shellLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	nav, sep, body, bottom := objects[0], objects[1], objects[2], objects[3]
	navW := float32(navNarrowWidth)
	if l.app.navPinned && !l.app.navCollapsed {
		navW = navWideWidth
	}
	pad := theme.Padding()
	w := fyne.Max(navW+sep.MinSize().Width+pad+body.MinSize().Width, bottom.MinSize().Width)
	h := fyne.Max(nav.MinSize().Height, body.MinSize().Height) + pad + bottom.MinSize().Height
	return fyne.NewSize(w, h)
}

// newShell arranges the navigation, the screens and the status bar.
func (a *App) newShell(statusBar fyne.CanvasObject) fyne.CanvasObject {
	sep := widget.NewSeparator()
	bottom := container.NewVBox(widget.NewSeparator(), statusBar)
	screen := container.NewBorder(a.newChangeNotice(), nil, nil, nil, a.body)
	a.shell = container.New(shellLayout{a}, a.newNavigation(), sep, screen, bottom)
	return a.shell
}

// screenContent is what the body shows for the screen at i: the welcome on the first screen
// while the office has no commune yet, else the screen.
func (a *App) screenContent(i int) fyne.CanvasObject {
	if i == 0 && a.emptyOffice {
		if a.welcome == nil {
			a.welcome = a.newWelcome()
		}
		return a.welcome
	}
	return a.screens[i].content()
}

// checkEmpty reads whether the office has any commune yet and, when that changed, shows the
// welcome on the first screen or takes it away.
func (a *App) checkEmpty() {
	store := a.store
	var empty bool
	a.async(func(ctx context.Context) error {
		cs, err := store.Communes(ctx)
		empty = err == nil && len(cs) == 0
		return err
	}, func(err error) {
		if err != nil {
			fyne.LogError("reading the communes", err)
			return
		}
		if empty == a.emptyOffice || a.screens == nil {
			return
		}
		a.emptyOffice = empty
		if a.current == 0 {
			a.body.Objects = []fyne.CanvasObject{a.screenContent(0)}
			a.body.Refresh()
		}
	})
}

// newWelcome says what an office with no data does first, with the buttons that do it:
// name the office, import the bank's file, add a commune, or try the demo office.
func (a *App) newWelcome() fyne.CanvasObject {
	loc := a.loc
	var buttons []*widget.Button
	a.welcomeButtons = map[string]*widget.Button{}
	add := func(key, text string, icon fyne.Resource, tapped func()) {
		b := widget.NewButtonWithIcon(text, icon, tapped)
		a.welcomeButtons[key] = b
		buttons = append(buttons, b)
	}
	if a.mayOpen("settings") {
		add("settings", loc.T("shelldesk.welcome_settings"), theme.SettingsIcon(), func() { a.Navigate("settings") })
	}
	if a.may(data.ActImport) {
		add("import", loc.T("shelldesk.welcome_import"), theme.UploadIcon(), a.startImport)
		a.welcomeButtons["import"].Importance = widget.HighImportance
	}
	if a.may(data.ActPlaces) {
		add("commune", loc.T("shelldesk.welcome_commune"), theme.ContentAddIcon(), func() {
			a.Navigate("places")
			if s, ok := a.screens[a.current].(*placesScreen); ok {
				s.tabs.SelectIndex(0)
				s.newRecord()
			}
		})
	}
	if a.may(data.ActLoadOffice) {
		add("demo", loc.T("shelldesk.welcome_demo"), theme.ComputerIcon(), a.askDemo)
	}
	title := canvas.NewText(loc.T("shelldesk.welcome_title"), theme.Color(theme.ColorNameForeground))
	title.TextSize = theme.TextSubHeadingSize()
	title.TextStyle.Bold = true
	title.Alignment = fyne.TextAlignCenter
	// emptyState's sentence, its buttons one under the other: side by side, four French
	// labels are wider than a 1024-pixel window.
	column := container.NewVBox()
	for _, b := range buttons {
		column.Add(b)
	}
	return container.NewVBox(layout.NewSpacer(), title, emptyState(loc.T("shelldesk.welcome_text")),
		container.NewCenter(column), layout.NewSpacer())
}

// askDemo fills the empty office with the small demo office, once the clerk has read what it
// writes.
func (a *App) askDemo() {
	loc := a.loc
	text := widget.NewLabel(loc.T("shelldesk.demo_confirm", "Households", demo.Scales["small"].Households))
	text.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	d, a.demoConfirm = confirmDialog(a, loc.T("shelldesk.welcome_demo"), loc.T("shelldesk.demo_create"), text, func() {
		d.Hide()
		a.createDemo("small")
	})
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
}

// hoverFull shows, under the mouse, the whole text of a label its width cuts short (the
// status bar's office, date and user on a 1024-pixel window).
type hoverFull struct {
	widget.BaseWidget
	app   *App
	label *widget.Label
}

func newHoverFull(a *App, l *widget.Label) *hoverFull {
	h := &hoverFull{app: a, label: l}
	h.ExtendBaseWidget(h)
	return h
}

func (h *hoverFull) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(h.label) }

// cut says whether the label shows less than its text.
func (h *hoverFull) cut() bool {
	full := fyne.MeasureText(h.label.Text, theme.TextSize(), h.label.TextStyle).Width
	return full+2*theme.InnerPadding() > h.Size().Width
}

func (h *hoverFull) MouseIn(*desktop.MouseEvent) {
	if h.label.Text != "" && h.cut() {
		h.app.showTipAt(h, h.label.Text, true)
	}
}

func (h *hoverFull) MouseMoved(*desktop.MouseEvent) {}

func (h *hoverFull) MouseOut() { h.app.hideTip() }
