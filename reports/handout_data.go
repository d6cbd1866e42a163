package reports

import (
	"io"
	"strconv"

	"policycredit/translations"
)

// The handout as JSON and CSV: the slides' figures and charts as they print, with each
// chart's exact value (đồng, or hundredths of a percent for ratios) beside its text.

type slideFigureJSON struct {
	Label string `json:"label"`
	Value string `json:"value"`
	Note  string `json:"note,omitempty"`
	Alert bool   `json:"alert,omitempty"`
}

type chartItemJSON struct {
	Label      string `json:"label"`
	Value      int64  `json:"value"`
	Text       string `json:"text"`
	Second     int64  `json:"second,omitempty"`
	SecondText string `json:"second_text,omitempty"`
	Alert      bool   `json:"alert,omitempty"`
	Link       string `json:"link,omitempty"`
}

type chartJSON struct {
	Kind      ChartKind       `json:"kind"`
	Unit      string          `json:"unit"`
	Items     []chartItemJSON `json:"items"`
	Mark      *int64          `json:"mark,omitempty"`
	MarkLabel string          `json:"mark_label,omitempty"`
}

type slideJSON struct {
	Kind     SlideKind         `json:"kind"`
	Title    string            `json:"title"`
	Subtitle string            `json:"subtitle"`
	Figures  []slideFigureJSON `json:"figures,omitempty"`
	Chart    *chartJSON        `json:"chart,omitempty"`
	Link     string            `json:"link,omitempty"`
}

// WriteJSON writes the slides.
func (h Handout) WriteJSON(w io.Writer, _ *translations.Localizer) error {
	out := struct {
		Date   string      `json:"date"`
		Slides []slideJSON `json:"slides"`
	}{Date: h.Date.String(), Slides: []slideJSON{}}
	for _, s := range h.Slides {
		sj := slideJSON{Kind: s.Kind, Title: s.Title, Subtitle: s.Subtitle, Link: s.Link}
		for _, f := range s.Figures {
			sj.Figures = append(sj.Figures, slideFigureJSON(f))
		}
		if c := s.Chart; c != nil {
			cj := &chartJSON{Kind: c.Kind, Unit: c.Unit, Items: []chartItemJSON{}}
			if c.HasMark {
				mark := c.Mark
				cj.Mark, cj.MarkLabel = &mark, c.MarkLabel
			}
			for _, it := range c.Items {
				cj.Items = append(cj.Items, chartItemJSON{Label: it.Label, Value: it.Value, Text: it.Text,
					Second: it.Second, SecondText: it.SecondText, Alert: it.Alert, Link: it.Link})
			}
			sj.Chart = cj
		}
		out.Slides = append(out.Slides, sj)
	}
	return writeJSON(w, out)
}

// WriteCSV writes one row per figure and per chart item: the slide's number and title, the
// label, the value as printed, the exact value, and the note or second series.
func (h Handout) WriteCSV(w io.Writer, loc *translations.Localizer) error {
	cw := newCSV(w, loc)
	cw.Write([]string{loc.T("handout.col.slide"), loc.T("handout.col.title"), loc.T("handout.col.label"),
		loc.T("handout.col.value"), loc.T("handout.col.exact"), loc.T("handout.col.note")})
	for i, s := range h.Slides {
		no := strconv.Itoa(i + 1)
		for _, f := range s.Figures {
			cw.Write([]string{no, s.Title, f.Label, f.Value, "", f.Note})
		}
		if s.Chart == nil {
			continue
		}
		for _, it := range s.Chart.Items {
			note := it.SecondText
			cw.Write([]string{no, s.Title, it.Label, it.Text, strconv.FormatInt(it.Value, 10), note})
		}
	}
	return cw.Close()
}
