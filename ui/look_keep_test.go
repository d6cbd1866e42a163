package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"policycredit/translations"
)

// A wrapping total never leaves its "₫", or in French its last digit groups, alone on the
// next line, at any width; Fyne's own wrapping does (it breaks at no-break spaces too).
func TestWrappedTotalsKeepAmountsWhole(t *testing.T) {
	for _, lang := range translations.Languages() {
		loc := translations.New(lang)
		amounts := []string{loc.Money(1_049_605_537), loc.Money(0), loc.Money(82_778_024)}
		text := loc.T("group.member_totals", "Outstanding", amounts[0], "Overdue", amounts[1], "Savings", amounts[2], "Date", "07/12/2026")
		l := newKeepLabel(text)
		w := test.NewWindow(container.NewVBox(l))
		for width := float32(60); width <= 900; width += 7 {
			w.Resize(fyne.NewSize(width, 400))
			lines := strings.Split(l.Text, "\n")
			for _, a := range amounts {
				whole := false
				for _, line := range lines {
					whole = whole || strings.Contains(line, a)
				}
				if !whole {
					t.Fatalf("%s at %.0f px: %q is split across the lines %q", lang, width, a, lines)
				}
			}
			if l.String() != text || strings.ReplaceAll(l.Text, "\n", " ") != text {
				t.Fatalf("%s: the label shows %q for %q", lang, l.Text, text)
			}
			if got := l.MinSize().Width; got < textWidth(amounts[0], fyne.TextStyle{})-1 {
				t.Fatalf("%s: the label can shrink to %.0f px, narrower than %q", lang, got, amounts[0])
			}
			if got := l.Size().Height; width >= 120 && len(lines) > 1 && got < l.Label.MinSize().Height-1 {
				t.Fatalf("%s at %.0f px: %d lines in %.0f px of height", lang, width, len(lines), got)
			}
		}
		w.Close()
	}
	// What this replaces: Fyne's wrapping label breaks inside a French amount at some width.
	loc := translations.New("fr")
	text := "Total : " + loc.Money(1_049_605_537)
	broke := false
	for width := float32(60); width <= 300 && !broke; width += 5 {
		f := widget.NewLabel(text)
		f.Wrapping = fyne.TextWrapWord
		w := test.NewWindow(container.NewVBox(f))
		w.Resize(fyne.NewSize(width, 400))
		broke = breaksInside(f, loc.Money(1_049_605_537))
		w.Close()
	}
	if !broke {
		t.Error("Fyne's wrapping label kept the amount whole at every width: is keepLabel still needed?")
	}
}

// breaksInside says whether a wrapping label's rows split amount.
func breaksInside(l *widget.Label, amount string) bool {
	var rows []string
	walk(l, func(o fyne.CanvasObject) {
		if tx, ok := o.(*canvas.Text); ok && tx.Text != "" {
			rows = append(rows, tx.Text)
		}
	})
	for _, row := range rows {
		if strings.Contains(row, amount) {
			return false
		}
	}
	return len(rows) > 1
}
