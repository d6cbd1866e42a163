package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/reports"
)

// The transaction day's files: the list printed, exported or filled in and imported back,
// and the day report.

// print saves the collection list as a PDF and opens it (Ctrl+P).
func (s *txDayScreen) print() {
	if !s.loaded {
		return
	}
	sheet := reports.CollectionReport{Office: s.app.office, List: s.list}
	loc := s.app.loc
	name := fmt.Sprintf("collection-%s-%s-%s.pdf", safeName(s.list.PointCode), s.list.Date, loc.Lang())
	s.app.savePDF(nil, name, func(ctx context.Context, w io.Writer) error {
		sheet.Anchor = s.app.ledgerAnchor(ctx)
		return sheet.WritePDF(w, loc, time.Now())
	}, nil)
}

// exportMenu is one "Export…" button for the day's three files, so that the toolbar fits a
// 1200-pixel window in every language: the list as a workbook, the list as the CSV to fill in
// and import back, and the day report.
func (s *txDayScreen) exportMenu() *widget.Button {
	loc := s.app.loc
	list := s.app.exportButton(s.prepareExport)
	day := s.app.exportButtonLabelled(loc.T("txday.export_day"), s.prepareDayExport)
	var button *widget.Button
	button = widget.NewButton(loc.T("list.export"), func() {
		menu := fyne.NewMenu("",
			fyne.NewMenuItem(loc.T("txday.export_list"), list.OnTapped),
			fyne.NewMenuItem(loc.T("txday.export_csv"), s.exportCSV),
			fyne.NewMenuItem(loc.T("txday.export_day"), day.OnTapped))
		widget.ShowPopUpMenuAtRelativePosition(menu, s.app.win.Canvas(), fyne.NewPos(0, button.Size().Height), button)
	})
	return button
}

// exportCSV writes the list for a spreadsheet, where the chosen file is.
func (s *txDayScreen) exportCSV() {
	if !s.loaded {
		return
	}
	loc := s.app.loc
	sheet := reports.CollectionReport{Office: s.app.office, List: s.list}
	name := fmt.Sprintf("collection-%s-%s.csv", safeName(s.list.PointCode), s.list.Date)
	s.app.saveAs(name, func(_ context.Context, w io.Writer, _ string) error {
		return sheet.Table(loc).WriteCSV(w, loc)
	})
}

// prepareExport is the collection list as a table, for the Export… button: a workbook by
// default, or the same CSV as Export CSV when the file name ends in .csv.
func (s *txDayScreen) prepareExport() (string, func(ctx context.Context) (reports.Table, error)) {
	loc := s.app.loc
	sheet := reports.CollectionReport{Office: s.app.office, List: s.list}
	name := fmt.Sprintf("collection-%s-%s", safeName(s.list.PointCode), s.list.Date)
	return name, func(context.Context) (reports.Table, error) { return sheet.Table(loc), nil }
}

// prepareDayExport is the day report's table: one row per group, from the ledger.
func (s *txDayScreen) prepareDayExport() (string, func(ctx context.Context) (reports.Table, error)) {
	a, loc, list := s.app, s.app.loc, s.list
	name := fmt.Sprintf("day-%s-%s", safeName(list.PointCode), list.Date)
	return name, func(ctx context.Context) (reports.Table, error) {
		report, err := a.store.DayReport(ctx, list.PointID, list.Date)
		if err != nil {
			return reports.Table{}, err
		}
		return reports.DayReport{Office: a.office, Report: report}.Table(loc), nil
	}
}

// importCSV reads a filled-in list back into the grid, for the officer to check and post.
func (s *txDayScreen) importCSV() {
	if !s.loaded {
		return
	}
	s.app.fileOpen(func(r fyne.URIReadCloser) {
		var filled reports.FilledCollection
		var source data.SourceFile
		s.app.async(func(context.Context) (err error) {
			defer r.Close()
			b, err := io.ReadAll(r)
			if err != nil {
				return err
			}
			// Known by its bytes, so that the same file is not posted twice.
			source = data.SourceFile{SHA256: data.FileSHA256(b), Name: r.URI().Name()}
			filled, err = reports.ReadCollectionCSV(bytes.NewReader(b), s.app.loc)
			return err
		}, func(err error) {
			if err == nil {
				err = s.applyFilled(filled)
				if data.ForField(err, "collection.file") == nil {
					s.source = source
				}
			}
			if err != nil {
				s.app.showError(err)
			}
		})
	})
}

// applyFilled puts a read-back file into the grid: rows it names get its amounts, the others
// are emptied. A file of another point or day is refused.
func (s *txDayScreen) applyFilled(f reports.FilledCollection) error {
	if !strings.EqualFold(f.PointCode, s.list.PointCode) || f.Date != s.list.Date {
		return data.Invalid("collection.file", "collection_other_day", "Point", s.list.PointCode, "Date", s.list.Date)
	}
	loc := s.app.loc
	byCustomer := map[string]*txRow{}
	for _, g := range s.groups {
		for _, r := range g.rows {
			r.values, r.err = [paidColumns]string{}, ""
			byCustomer[strings.ToUpper(r.member.Customer)] = r
		}
	}
	var errs data.Errors
	for _, e := range f.Entries {
		r, ok := byCustomer[strings.ToUpper(e.Customer)]
		if !ok {
			errs = append(errs, data.NotFound("collection.customer", "Customer", e.Customer))
			continue
		}
		for i, v := range []data.Dong{e.Principal, e.Interest, e.Penalty, e.Deposit, e.Withdrawal} {
			switch {
			case v < 0: // never shown in the grid: the row says which column was refused
				r.err = loc.Error(data.Invalid(paidFields[i], "not_negative"))
			case v != 0:
				r.values[i] = loc.Amount(v)
			}
		}
	}
	s.app.notify(loc.N("txday.imported", len(f.Entries)))
	s.updateSummary()
	s.groupList.Refresh()
	if s.selected < len(s.groups) {
		s.showGroup(s.selected)
	}
	return errs.Err()
}

// dayReport prints what the day's ledger says for the point: per group and program, cash.
func (s *txDayScreen) dayReport() {
	if !s.loaded {
		return
	}
	loc := s.app.loc
	list := s.list
	var report data.DayReport
	names := map[string]string{}
	s.app.async(func(ctx context.Context) error {
		var err error
		if report, err = s.app.store.DayReport(ctx, list.PointID, list.Date); err != nil {
			return err
		}
		programs, err := s.app.store.Programs(ctx)
		for _, p := range programs {
			names[p.Code] = p.NameIn(loc.Lang())
		}
		return err
	}, func(err error) {
		if err != nil {
			s.app.showError(err)
			return
		}
		sheet := reports.DayReport{Office: s.app.office, Report: report, ProgramNames: names}
		name := fmt.Sprintf("day-%s-%s-%s.pdf", safeName(list.PointCode), list.Date, loc.Lang())
		s.app.savePDF(nil, name, func(ctx context.Context, w io.Writer) error {
			sheet.Anchor = s.app.ledgerAnchor(ctx)
			return sheet.WritePDF(w, loc, time.Now())
		}, nil)
	})
}
