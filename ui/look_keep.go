package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// keepLabel is a label that wraps between words but never inside an amount: the localizer
// glues "1 234 567 ₫" and "VND 1,234" with no-break spaces, yet Fyne's own wrapping breaks at
// any Unicode space, no-break ones included, so a total's "₫" (or, in French, its last digit
// groups) could wrap alone onto the next line. This label breaks at ordinary spaces only.
// Use it for wrapping text that holds amounts; Text holds the wrapped lines, String the text.
type keepLabel struct {
	widget.Label
	full  string
	width float32 // the width the lines were broken for
}

func newKeepLabel(text string) *keepLabel {
	l := &keepLabel{full: text}
	l.Text = text
	l.ExtendBaseWidget(l)
	return l
}

// SetText shows text, broken into lines for the label's width.
func (l *keepLabel) SetText(text string) {
	l.full = text
	l.rewrap()
}

// String is the text without the line breaks the label added.
func (l *keepLabel) String() string { return l.full }

// MinSize is as narrow as the widest word (an amount is one word) and as tall as the lines
// at the current width.
func (l *keepLabel) MinSize() fyne.Size {
	l.ExtendBaseWidget(l)
	h := l.Label.MinSize().Height
	var widest float32
	for _, para := range strings.Split(l.full, "\n") {
		for _, w := range strings.Split(para, " ") {
			widest = fyne.Max(widest, l.measure(w))
		}
	}
	return fyne.NewSize(widest+2*theme.InnerPadding(), h)
}

func (l *keepLabel) Resize(size fyne.Size) {
	if size.Width != l.width {
		l.width = size.Width
		l.rewrap()
	}
	l.Label.Resize(size)
}

func (l *keepLabel) measure(s string) float32 {
	return fyne.MeasureText(s, theme.TextSize(), l.TextStyle).Width
}

// rewrap breaks the text at ordinary spaces so that each line fits the width.
func (l *keepLabel) rewrap() {
	l.Wrapping, l.Truncation = fyne.TextWrapOff, fyne.TextTruncateOff
	text := l.full
	if room := l.width - 2*theme.InnerPadding(); l.width > 0 {
		text = breakLines(l.full, func(s string) bool { return l.measure(s) <= room })
	}
	if text == l.Text {
		return
	}
	lines := strings.Count(l.Text, "\n")
	l.Text = text
	l.Refresh()
	if strings.Count(text, "\n") != lines {
		// Taller or shorter now: the containers around were laid out for the old lines and
		// would keep their height (a gap, or lines drawn over what follows) until the
		// window's next resize.
		if c := fyne.CurrentApp().Driver().CanvasForObject(l); c != nil && c.Content() != nil {
			c.Content().Refresh()
		}
	}
}

// breakLines puts each word on the current line while fits says the line still fits, else
// starts a new line; words are separated by ordinary spaces, so no-break spaces hold.
func breakLines(text string, fits func(string) bool) string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, w := range strings.Split(para, " ") {
			switch {
			case line == "":
				line = w
			case fits(line + " " + w):
				line += " " + w
			default:
				out = append(out, line)
				line = w
			}
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}
