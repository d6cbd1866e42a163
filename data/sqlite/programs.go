package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"

	"policycredit/data"
)

const programSelect = `SELECT id, code, name_vi, name_en, name_fr, max_amount, limit_basis, max_term_months,
	sources, open, max_units, extension_max_months FROM programs`

func scanProgram(sc interface{ Scan(...any) error }) (data.Program, error) {
	var p data.Program
	var vi, en, fr, basis, sources string
	err := sc.Scan(&p.ID, &p.Code, &vi, &en, &fr, &p.MaxAmount, &basis, &p.MaxTermMonths, &sources, &p.Open, &p.MaxUnits,
		&p.ExtensionMaxMonths)
	p.Name = map[string]string{"vi": vi, "en": en, "fr": fr}
	p.LimitBasis = data.LimitBasis(basis)
	for _, s := range strings.Split(sources, ",") {
		if s != "" {
			p.Sources = append(p.Sources, data.FundingSource(s))
		}
	}
	return p, err
}

func joinSources(ss []data.FundingSource) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = string(s)
	}
	return strings.Join(parts, ",")
}

// loadRates reads the rate history of the programs matching where, keyed by program ID.
func loadRates(ctx context.Context, tx *sql.Tx, where string, args ...any) (map[int64][]data.RatePeriod, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.program_id, p.code, r.effective, r.rate, r.decision
		FROM rate_periods r JOIN programs p ON p.id = r.program_id `+where+` ORDER BY r.program_id, r.effective`, args...)
	if err != nil {
		return nil, err
	}
	return scanRatePeriods(rows)
}

// programTerms are what the loan engine takes from every program, read once by program code:
// its dated rates and its limit on extensions, in months (0: the office's setting).
type programTerms struct {
	rates     map[string][]data.RatePeriod
	extension map[string]int
}

func loadProgramTerms(ctx context.Context, tx *sql.Tx) (programTerms, error) {
	t := programTerms{rates: map[string][]data.RatePeriod{}, extension: map[string]int{}}
	byProgram, err := loadRates(ctx, tx, "")
	if err != nil {
		return t, err
	}
	for _, rs := range byProgram {
		if len(rs) > 0 {
			t.rates[rs[0].ProgramCode] = rs
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT code, extension_max_months FROM programs`)
	if err != nil {
		return t, err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var months int
		if err := rows.Scan(&code, &months); err != nil {
			return t, err
		}
		t.extension[code] = months
	}
	return t, rows.Err()
}

// scanRatePeriods reads rows of (owner ID, program code, effective, rate, decision) into rate
// periods keyed by owner: a program's history or a loan's own overrides.
func scanRatePeriods(rows *sql.Rows) (map[int64][]data.RatePeriod, error) {
	defer rows.Close()
	out := map[int64][]data.RatePeriod{}
	for rows.Next() {
		var id int64
		var r data.RatePeriod
		var eff string
		if err := rows.Scan(&id, &r.ProgramCode, &eff, &r.Rate, &r.Decision); err != nil {
			return nil, err
		}
		var err error
		if r.Effective, err = data.ParseDate(eff); err != nil {
			return nil, err
		}
		out[id] = append(out[id], r)
	}
	return out, rows.Err()
}

// Programs lists every program by code, each with its rates sorted by effective date.
func (s *Store) Programs(ctx context.Context) ([]data.Program, error) {
	var out []data.Program
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, programSelect+` ORDER BY code`)
		if err != nil {
			return err
		}
		for rows.Next() {
			p, err := scanProgram(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rates, err := loadRates(ctx, tx, "")
		if err != nil {
			return err
		}
		for i := range out {
			out[i].Rates = rates[out[i].ID]
		}
		return nil
	})
	return out, err
}

// Program returns one program by code with its rate history.
func (s *Store) Program(ctx context.Context, code string) (data.Program, error) {
	var p data.Program
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = loadProgram(ctx, tx, `code = ?`, code)
		if errors.Is(err, sql.ErrNoRows) {
			return data.NotFound("program", "Code", code)
		}
		return err
	})
	return p, err
}

func loadProgram(ctx context.Context, tx *sql.Tx, where string, arg any) (data.Program, error) {
	p, err := scanProgram(tx.QueryRowContext(ctx, programSelect+` WHERE `+where, arg))
	if err != nil {
		return p, err
	}
	rates, err := loadRates(ctx, tx, `WHERE r.program_id = ?`, p.ID)
	p.Rates = rates[p.ID]
	return p, err
}

// programRecord is what the audit keeps of a program: its own fields, not its rates (each
// rate period is audited on its own).
func programRecord(p data.Program) data.Program {
	p.Rates = nil
	return p
}

// SaveProgram inserts the program when its ID is 0, with the rate periods it carries, or
// updates its own fields; rates of a saved program change only through AddRatePeriod.
func (s *Store) SaveProgram(ctx context.Context, p *data.Program) error {
	if err := p.Validate(); err != nil {
		return err
	}
	names := map[string]string{}
	for _, lang := range data.Languages {
		names[lang] = data.NFC(p.Name[lang])
	}
	p.Name = names
	var newID int64
	err := s.write(ctx, data.ActPrograms, func(tx *sql.Tx, st stamp) error {
		if p.ID == 0 {
			if taken, err := exists(ctx, tx, `SELECT 1 FROM programs WHERE code = ?`, p.Code); err != nil {
				return err
			} else if taken {
				return data.Conflict("program.code", "duplicate", "Value", p.Code)
			}
			q := *p
			if err := insertProgram(ctx, tx, st, &q); err != nil {
				return err
			}
			// Not in insertProgram: the seed runs in migration 1, before 0009 and 0012 add the columns.
			if _, err := tx.ExecContext(ctx, `UPDATE programs SET max_units = ?, extension_max_months = ? WHERE id = ?`,
				q.MaxUnits, q.ExtensionMaxMonths, q.ID); err != nil {
				return err
			}
			newID = q.ID
			return nil
		}
		old, err := loadProgram(ctx, tx, `id = ?`, p.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return data.NotFound("program", "ID", p.ID)
		} else if err != nil {
			return err
		}
		before, after := programRecord(old), programRecord(*p)
		if same(before, after) {
			return nil
		}
		if taken, err := exists(ctx, tx, `SELECT 1 FROM programs WHERE code = ? AND id <> ?`, p.Code, p.ID); err != nil {
			return err
		} else if taken {
			return data.Conflict("program.code", "duplicate", "Value", p.Code)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE programs SET code = ?, name_vi = ?, name_en = ?, name_fr = ?, max_amount = ?,
			limit_basis = ?, max_term_months = ?, sources = ?, open = ?, max_units = ?, extension_max_months = ?,
			updated_at = ?, updated_by = ? WHERE id = ?`,
			p.Code, p.Name["vi"], p.Name["en"], p.Name["fr"], p.MaxAmount, string(p.LimitBasis), p.MaxTermMonths,
			joinSources(p.Sources), p.Open, p.MaxUnits, p.ExtensionMaxMonths, st.at, st.user, p.ID); err != nil {
			return err
		}
		return audit(ctx, tx, st, "program", p.Code, "update", before, after)
	})
	if err == nil && newID != 0 {
		p.ID = newID
	}
	return err
}

// insertProgram inserts a new program and its rate periods (the seed and SaveProgram). It
// leaves max_units to its caller: the seed runs on the first migration's schema, before the
// column exists, and migration 0009 gives the catalogue's programs their most units.
func insertProgram(ctx context.Context, tx *sql.Tx, st stamp, p *data.Program) error {
	var err error
	p.ID, err = insertID(ctx, tx, `INSERT INTO programs (code, name_vi, name_en, name_fr, max_amount, limit_basis,
		max_term_months, sources, open, created_at, created_by, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?10, ?11, ?10, ?11)`,
		p.Code, p.Name["vi"], p.Name["en"], p.Name["fr"], p.MaxAmount, string(p.LimitBasis), p.MaxTermMonths,
		joinSources(p.Sources), p.Open, st.at, st.user)
	if err != nil {
		return err
	}
	if err := audit(ctx, tx, st, "program", p.Code, "create", nil, programRecord(*p)); err != nil {
		return err
	}
	rates := append([]data.RatePeriod(nil), p.Rates...)
	sort.SliceStable(rates, func(i, j int) bool { return rates[i].Effective.Before(rates[j].Effective) })
	for _, r := range rates {
		r.ProgramCode = p.Code
		if err := r.Validate(); err != nil {
			return err
		}
		if err := insertRate(ctx, tx, st, p.ID, r); err != nil {
			return err
		}
	}
	return nil
}

func insertRate(ctx context.Context, tx *sql.Tx, st stamp, programID int64, r data.RatePeriod) error {
	r.Decision = data.NFC(r.Decision)
	if taken, err := exists(ctx, tx, `SELECT 1 FROM rate_periods WHERE program_id = ? AND effective = ?`,
		programID, r.Effective.String()); err != nil {
		return err
	} else if taken {
		return data.Conflict("rate.effective", "rate_period_exists", "Date", r.Effective.String())
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO rate_periods (program_id, effective, rate, decision, created_at, created_by,
		updated_at, updated_by) VALUES (?, ?, ?, ?, ?5, ?6, ?5, ?6)`,
		programID, r.Effective.String(), r.Rate, r.Decision, st.at, st.user); err != nil {
		return err
	}
	return audit(ctx, tx, st, "rate", r.ProgramCode, "create", nil, r)
}

// AddRatePeriod adds a dated rate to a program's history; it applies to outstanding loans
// from its effective date.
func (s *Store) AddRatePeriod(ctx context.Context, r data.RatePeriod) error {
	r.ProgramCode = data.NFC(r.ProgramCode)
	if err := r.Validate(); err != nil {
		return err
	}
	// Refused at once, not only when a request is approved: the maker learns it now.
	if err := s.read(ctx, func(tx *sql.Tx) error { return refuseClosed(ctx, tx, r.Effective, "rate.effective") }); err != nil {
		return err
	}
	c, fn := s.rateChange(r)
	return s.change(ctx, c, fn)
}

func init() { registerReplay("AddRatePeriod", (*Store).rateChange) }

// rateChange is a dated rate of a program; the approver reads the program's rates before and
// after.
func (s *Store) rateChange(r data.RatePeriod) (change, txFunc) {
	describe := func(ctx context.Context, tx *sql.Tx) (any, error) {
		p, err := loadProgram(ctx, tx, `code = ?`, r.ProgramCode)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		}
		return p.Rates, err
	}
	return change{action: data.ActRates, method: "AddRatePeriod", args: r, subject: r.ProgramCode + " " + r.Effective.String(), describe: describe}, func(ctx context.Context, tx *sql.Tx, st stamp) error {
		var programID int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM programs WHERE code = ?`, r.ProgramCode).Scan(&programID)
		if errors.Is(err, sql.ErrNoRows) {
			return data.NotFound("rate.program", "Code", r.ProgramCode)
		} else if err != nil {
			return err
		}
		// A rate may be entered ahead of its date, never into a closed month.
		if err := refuseClosed(ctx, tx, r.Effective, "rate.effective"); err != nil {
			return err
		}
		if err := insertRate(ctx, tx, st, programID, r); err != nil {
			return err
		}
		return newLedger(ctx, tx, st).refreshSettledStatuses(r.ProgramCode, r.Effective)
	}
}
