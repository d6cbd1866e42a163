package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// officeTheme is Fyne's theme held to its light variant: offices work in daylight, and dark
// screens wash out on projectors and in screenshots pasted into reports. Colours that Fyne
// draws too pale are replaced (see officeColours).
type officeTheme struct{ fyne.Theme }

// OfficeTheme returns the app's theme.
func OfficeTheme() fyne.Theme { return officeTheme{theme.DefaultTheme()} }

// officeColours replace Fyne's light colours that fail WCAG AA on a white or light grey
// surface: Fyne's disabled grey (#e3e3e3, 1.3:1), which is also the colour of low-importance
// labels such as hints and amounts in words, its placeholder (3.2:1), its pale red, green and
// orange (1.5–3.7:1) and the outlines of fields and unchecked boxes (1.3:1). Text reaches
// 4.5:1 and outlines 3:1 (TestThemeColoursReachWCAGContrast); the text colour is darkened so
// that disabled text still stands apart from enabled text. Disabled text is darker than the
// placeholder: a household shown read-only to a director is data, and must not read as the
// grey example of an empty field.
var officeColours = map[fyne.ThemeColorName]color.Color{
	theme.ColorNameForeground:  color.NRGBA{R: 0x26, G: 0x26, B: 0x26, A: 0xff},
	theme.ColorNamePlaceHolder: color.NRGBA{R: 0x6b, G: 0x6b, B: 0x6b, A: 0xff},
	theme.ColorNameDisabled:    color.NRGBA{R: 0x4d, G: 0x4d, B: 0x4d, A: 0xff},
	theme.ColorNameInputBorder: color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xff},
	theme.ColorNameSeparator:   color.NRGBA{R: 0x90, G: 0x90, B: 0x90, A: 0xff},
	theme.ColorNameError:       color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff},
	theme.ColorNameSuccess:     color.NRGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff},
	theme.ColorNameWarning:     color.NRGBA{R: 0xa8, G: 0x4a, B: 0x00, A: 0xff},
	theme.ColorNamePrimary:     color.NRGBA{R: 0x15, G: 0x65, B: 0xc0, A: 0xff},
	theme.ColorNameHyperlink:   color.NRGBA{R: 0x15, G: 0x65, B: 0xc0, A: 0xff},
}

func (t officeTheme) Color(name fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	if c, ok := officeColours[name]; ok {
		return c
	}
	return t.Theme.Color(name, theme.VariantLight)
}
