package transfer

import (
	"context"

	"policycredit/data"
	"policycredit/translations"
)

// File is a file read and recognised: its sheets with the mapping each is read by, for the
// clerk to confirm or change before anything is checked.
type File struct {
	Path   string
	Sheets []Sheet
}

// Open reads a file and recognises each sheet; a sheet whose header was confirmed before gets
// the remembered mapping back.
func Open(ctx context.Context, path string, store data.Importer) (*File, error) {
	tables, err := ReadFile(ctx, path)
	if err != nil {
		return nil, err
	}
	f := &File{Path: path}
	for _, t := range tables {
		m := Recognise(t)
		if line, _ := capitalHeader(t); line > 0 {
			m = SheetMapping{Sheet: t.Sheet} // the capital ledger's own sheet: TakeCapital reads it
		}
		if m.HeaderLine > 0 && store != nil {
			stored, err := store.ImportMapping(ctx, m.Signature())
			if err != nil {
				return nil, err
			}
			m.Restore(stored)
		}
		f.Sheets = append(f.Sheets, Sheet{Table: t, Mapping: m})
	}
	return f, nil
}

// Rows counts the data rows of the sheets that will be imported.
func (f *File) Rows() int {
	n := 0
	for _, s := range f.Sheets {
		if s.Mapping.Kind == "" {
			continue
		}
		for _, r := range s.Table.Rows {
			if r.Line > s.Mapping.HeaderLine {
				n++
			}
		}
	}
	return n
}

// Remember saves each recognised sheet's mapping for the next file with the same header.
func (f *File) Remember(ctx context.Context, store data.Importer) error {
	for _, s := range f.Sheets {
		if s.Mapping.Kind == "" || s.Mapping.HeaderLine == 0 {
			continue
		}
		if err := store.SaveImportMapping(ctx, s.Mapping.Signature(), s.Mapping.Stored()); err != nil {
			return err
		}
	}
	return nil
}

// Outcome is what a check or an import found and did.
type Outcome struct {
	Result   data.ImportResult
	Problems []ProblemLine
}

// Run reads the rows and applies them: with dryRun, only to see what would happen. Nothing is
// written when any row is refused. progress is told how far reading (the first half) and
// applying (the second half) have come, out of 1000.
func (f *File) Run(ctx context.Context, store data.Importer, loc *translations.Localizer, env Env, dryRun bool,
	progress func(permille int)) (Outcome, error) {
	tell := func(base int) func(done, total int) {
		return func(done, total int) {
			if progress != nil && total > 0 {
				progress(base + done*500/total)
			}
		}
	}
	batch, read, err := Build(ctx, f.Sheets, env, tell(0))
	if err != nil {
		return Outcome{}, err
	}
	if len(read) > 0 {
		dryRun = true // still check the rest against the office, so that one report lists everything
	}
	res, err := store.Import(ctx, batch, data.ImportOptions{DryRun: dryRun, Progress: tell(500)})
	if err != nil {
		return Outcome{}, err
	}
	return Outcome{Result: res, Problems: ProblemLines(loc, f.Sheets, read, res.Problems)}, nil
}
