-- 0012 (PostgreSQL): the kind writeoff_interest and each program's own limit on extensions of
-- final maturity, as migrations/0012_writeoff_interest_extension_limit.sql. PostgreSQL changes
-- a CHECK in place, so the ledger is not rebuilt: its rows, indexes and triggers stay.
ALTER TABLE entries DROP CONSTRAINT entries_kind;
ALTER TABLE entries ADD CONSTRAINT entries_kind CHECK (kind IN ('interest', 'principal', 'deposit',
    'disburse', 'penalty', 'withdraw', 'savings_interest', 'reversal', 'freeze', 'unfreeze',
    'writeoff', 'reschedule', 'extend', 'writeoff_interest'));

-- The longest an extension may move a loan's final maturity. It starts at the office-wide
-- setting it replaces, 12 months unless the office changed it. CAST refuses text that is not a
-- number here (SQLite reads it as 0), so only digits are cast.
ALTER TABLE programs ADD COLUMN extension_max_months bigint NOT NULL DEFAULT 12
    CHECK (extension_max_months >= 0 AND extension_max_months <= 120);
UPDATE programs SET extension_max_months = s.months
FROM (SELECT CAST(value AS bigint) AS months FROM settings
      WHERE key = 'extension_max_months' AND value ~ '^[0-9]{1,3}$') s
WHERE s.months BETWEEN 0 AND 120;
