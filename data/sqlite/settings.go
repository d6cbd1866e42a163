package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"policycredit/data"
)

// settingKey is one setting's row key and text form.
type settingKey struct {
	key string
	get func(*data.Settings) string
	set func(*data.Settings, string) error
}

// settingKeys maps each setting to its row key and text form. Keys missing from the table
// read as their defaults, so a setting added in a later version needs no migration. The dated
// rules (interest basis, penalty, frozen accrual, savings rate, the settlement's fees,
// commissions and ratings) are not here: they live in
// rule_periods (rule_periods.go).
var settingKeys = []settingKey{
	{key: "language",
		get: func(s *data.Settings) string { return s.Language },
		set: func(s *data.Settings, v string) error { s.Language = v; return nil }},
	intSetting("group_min_members", func(s *data.Settings) *int { return &s.GroupMinMembers }),
	intSetting("group_max_members", func(s *data.Settings) *int { return &s.GroupMaxMembers }),
	intSetting("extension_max_months", func(s *data.Settings) *int { return &s.ExtensionMaxMonths }),
	int64Setting("min_savings_deposit", func(s *data.Settings) *data.Dong { return &s.MinSavingsDeposit }),
	intSetting("idle_lock_minutes", func(s *data.Settings) *int { return &s.IdleLockMinutes }),
	{key: "working_date",
		get: func(s *data.Settings) string { return s.WorkingDate.String() },
		set: func(s *data.Settings, v string) (err error) { s.WorkingDate, err = parseDate(v); return }},
}

// intSetting is a setting held as an int, such as a count of members or months.
func intSetting(key string, field func(*data.Settings) *int) settingKey {
	return settingKey{key: key,
		get: func(s *data.Settings) string { return strconv.Itoa(*field(s)) },
		set: func(s *data.Settings, v string) (err error) { *field(s), err = strconv.Atoi(v); return }}
}

// int64Setting is a setting held as an amount or a rate, in its integer unit.
func int64Setting[T ~int64](key string, field func(*data.Settings) *T) settingKey {
	return settingKey{key: key,
		get: func(s *data.Settings) string { return strconv.FormatInt(int64(*field(s)), 10) },
		set: func(s *data.Settings, v string) error {
			n, err := strconv.ParseInt(v, 10, 64)
			*field(s) = T(n)
			return err
		}}
}

// loadSettings reads the settings and the dated rules, the rules' single fields holding the
// values in force on the working date.
func loadSettings(ctx context.Context, tx *sql.Tx) (data.Settings, error) {
	s, err := loadSettingRows(ctx, tx)
	if err != nil {
		return s, err
	}
	if s.Rules, err = loadRulePeriods(ctx, tx); err != nil {
		return s, err
	}
	on := s.WorkingDate
	if on.IsZero() {
		on = data.DateOf(time.Now())
	}
	return s.InForce(on), nil
}

// loadSettingRows reads the undated settings only: the dated rules keep their defaults.
func loadSettingRows(ctx context.Context, tx *sql.Tx) (data.Settings, error) {
	s := data.DefaultSettings()
	rows, err := tx.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return s, err
	}
	defer rows.Close()
	values := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return s, err
		}
		values[k] = v
	}
	if err := rows.Err(); err != nil {
		return s, err
	}
	for _, k := range settingKeys {
		if v, ok := values[k.key]; ok {
			if err := k.set(&s, v); err != nil {
				return s, fmt.Errorf("setting %s: %w", k.key, err)
			}
		}
	}
	return s, nil
}

// Settings returns the office's configurable rules.
func (s *Store) Settings(ctx context.Context) (data.Settings, error) {
	var set data.Settings
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		set, err = loadSettings(ctx, tx)
		return err
	})
	return set, err
}

// SaveSettings validates and stores every setting.
func (s *Store) SaveSettings(ctx context.Context, set data.Settings) error {
	if err := set.Validate(); err != nil {
		return err
	}
	return s.write(ctx, data.ActSettings, func(tx *sql.Tx, st stamp) error {
		return saveSettings(ctx, tx, st, set)
	})
}

func saveSettings(ctx context.Context, tx *sql.Tx, st stamp, set data.Settings) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM settings`).Scan(&n); err != nil {
		return err
	}
	before, err := loadSettingRows(ctx, tx) // the seed saves before rule_periods exists
	if err != nil {
		return err
	}
	// The dated rules change only by a new period (AddRulePeriod), never by saving the form.
	set.InterestBasis, set.PenaltyPercent, set.FrozenAccrues = before.InterestBasis, before.PenaltyPercent, before.FrozenAccrues
	set.SavingsRate, set.Rules = before.SavingsRate, before.Rules
	if n > 0 && same(before, set) {
		return nil
	}
	for _, k := range settingKeys {
		if err := upsertKey(ctx, tx, st, "settings", k.key, k.get(&set)); err != nil {
			return err
		}
	}
	if n == 0 {
		return audit(ctx, tx, st, "settings", "", "create", nil, set)
	}
	return audit(ctx, tx, st, "settings", "", "update", before, set)
}

// SaveOfficeSettings saves the office and the settings together: the Settings screen's one
// Save either keeps both or neither.
func (s *Store) SaveOfficeSettings(ctx context.Context, o data.Office, set data.Settings) error {
	var errs data.Errors
	errs = append(errs, data.DomainErrors(o.Validate())...)
	errs = append(errs, data.DomainErrors(set.Validate())...)
	if err := errs.Err(); err != nil {
		return err
	}
	return s.write(ctx, data.ActSettings, func(tx *sql.Tx, st stamp) error {
		if err := saveOffice(ctx, tx, st, o); err != nil {
			return err
		}
		return saveSettings(ctx, tx, st, set)
	})
}

// SaveLanguage changes only the language, read and written in one transaction so that it never
// undoes a settings change saved meanwhile.
func (s *Store) SaveLanguage(ctx context.Context, lang string) error {
	return s.write(ctx, data.ActCache, func(tx *sql.Tx, st stamp) error {
		set, err := loadSettings(ctx, tx)
		if err != nil {
			return err
		}
		set.Language = lang
		if err := set.Validate(); err != nil {
			return err
		}
		return saveSettings(ctx, tx, st, set)
	})
}
