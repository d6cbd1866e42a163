package ui

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// luminance is WCAG 2's relative luminance of an opaque colour.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// over lays a possibly translucent colour on an opaque one, as the screen shows it.
func over(top, under color.Color) color.Color {
	t, u := color.NRGBAModel.Convert(top).(color.NRGBA), color.NRGBAModel.Convert(under).(color.NRGBA)
	a := float64(t.A) / 255
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*a + float64(y)*(1-a))) }
	return color.NRGBA{R: mix(t.R, u.R), G: mix(t.G, u.G), B: mix(t.B, u.B), A: 0xff}
}

// contrast is WCAG 2's contrast ratio of fg shown on bg.
func contrast(fg, bg color.Color) float64 {
	fg = over(fg, bg)
	l1, l2 := luminance(fg), luminance(bg)
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05)
}

// Text reaches WCAG AA's 4.5:1 on every surface it is written on, and the outlines that say
// where a field or an unchecked box is, and the lines between a table's columns, reach the 3:1
// of non-text controls: pale grey hints, amounts in words (low-importance labels use the
// disabled colour) and empty boxes read as disabled on an office screen or a projector.
func TestThemeColoursReachWCAGContrast(t *testing.T) {
	th := OfficeTheme()
	c := func(n fyne.ThemeColorName) color.Color { return th.Color(n, theme.VariantDark) }
	bg := c(theme.ColorNameBackground)
	surfaces := map[string]color.Color{
		"background": bg, "input": over(c(theme.ColorNameInputBackground), bg),
		"header": over(c(theme.ColorNameHeaderBackground), bg), "button": over(c(theme.ColorNameButton), bg),
		"menu": over(c(theme.ColorNameMenuBackground), bg), "overlay": over(c(theme.ColorNameOverlayBackground), bg),
		"selected row": over(c(theme.ColorNameSelection), bg), "hovered row": over(c(theme.ColorNameHover), bg),
	}
	checks := []struct {
		fg       fyne.ThemeColorName
		on       []string
		min      float64
		whatIsIt string
	}{
		{theme.ColorNameForeground, []string{"background", "input", "header", "button", "menu", "overlay", "selected row", "hovered row"}, 4.5, "text"},
		{theme.ColorNamePlaceHolder, []string{"background", "input"}, 4.5, "an empty field's hint"},
		{theme.ColorNameDisabled, []string{"background", "input", "button", "header"}, 4.5, "hints, amounts in words, disabled text"},
		{theme.ColorNameError, []string{"background", "input"}, 4.5, "a message under a field"},
		{theme.ColorNameSuccess, []string{"background"}, 4.5, "a success message"},
		{theme.ColorNameWarning, []string{"background"}, 4.5, "a warning"},
		{theme.ColorNamePrimary, []string{"background"}, 4.5, "the chosen tab, a link"},
		{theme.ColorNameHyperlink, []string{"background"}, 4.5, "a link"},
		{theme.ColorNameInputBorder, []string{"background", "input"}, 3, "an unchecked box's and a field's outline"},
		{theme.ColorNameSeparator, []string{"background", "header"}, 3, "the lines between columns"},
	}
	for _, ck := range checks {
		for _, s := range ck.on {
			if r := contrast(c(ck.fg), surfaces[s]); r < ck.min {
				t.Errorf("%s (%s) on %s: contrast %.2f:1, want at least %.1f:1", ck.fg, ck.whatIsIt, s, r, ck.min)
			}
		}
	}
	onColour := []struct{ fg, bg fyne.ThemeColorName }{
		{theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary},
		{theme.ColorNameForegroundOnError, theme.ColorNameError},
		{theme.ColorNameForegroundOnSuccess, theme.ColorNameSuccess},
		{theme.ColorNameForegroundOnWarning, theme.ColorNameWarning},
	}
	for _, p := range onColour {
		if r := contrast(c(p.fg), over(c(p.bg), bg)); r < 4.5 {
			t.Errorf("%s on %s (a button's label): contrast %.2f:1, want at least 4.5:1", p.fg, p.bg, r)
		}
	}
}

// The check itself must be able to fail: Fyne's own light colours do not pass.
func TestContrastRatioOfFyneGreyHints(t *testing.T) {
	white := color.White
	if r := contrast(theme.DefaultTheme().Color(theme.ColorNameDisabled, theme.VariantLight), white); r > 1.5 {
		t.Fatalf("Fyne's disabled grey on white: %.2f:1, expected the pale 1.3:1 this theme replaces", r)
	}
	if r := contrast(color.Black, white); math.Abs(r-21) > 0.01 {
		t.Fatalf("black on white %.2f:1, want 21:1", r)
	}
}
