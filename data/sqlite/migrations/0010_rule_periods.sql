-- 0010: the rules that change what is owed become dated periods, like program rates, so that a
-- change applies from its effective date on and never rewrites the past. Today's values move
-- in as periods from the beginning of time (1900-01-01), so every figure stays the same; a
-- key the office never saved gets the default it was read as.
CREATE TABLE rule_periods (
    id         INTEGER PRIMARY KEY,
    rule_key   TEXT NOT NULL,
    effective  TEXT NOT NULL CHECK (effective <> ''),
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (rule_key, effective)
);

INSERT INTO rule_periods (rule_key, effective, value, created_at, created_by, updated_at, updated_by)
SELECT d.rule_key, '1900-01-01', coalesce(s.value, d.value),
       coalesce(s.updated_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), coalesce(s.updated_by, 'migration'),
       coalesce(s.updated_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), coalesce(s.updated_by, 'migration')
FROM (SELECT 'interest_basis' AS rule_key, 'days30' AS value
      UNION ALL SELECT 'penalty_percent', '130'
      UNION ALL SELECT 'frozen_accrues', 'false'
      UNION ALL SELECT 'savings_rate', '1000') d
LEFT JOIN settings s ON s.key = d.rule_key;

DELETE FROM settings WHERE key IN ('interest_basis', 'penalty_percent', 'frozen_accrues', 'savings_rate');
