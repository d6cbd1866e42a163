package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// officeTheme is Fyne's theme held to its light variant: offices work in daylight, and dark
// screens wash out on projectors and in screenshots pasted into reports.
type officeTheme struct{ fyne.Theme }

// OfficeTheme returns the app's theme.
func OfficeTheme() fyne.Theme { return officeTheme{theme.DefaultTheme()} }

func (t officeTheme) Color(name fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(name, theme.VariantLight)
}
