-- 0009 (PostgreSQL): program limits counted per unit, as migrations/0009_units.sql; SQLite's
-- scalar max(a, b) is greatest(a, b) here.
ALTER TABLE programs ADD COLUMN max_units bigint NOT NULL DEFAULT 0 CHECK (max_units >= 0);
UPDATE programs SET max_units = 2 WHERE code = '06' AND limit_basis = 'facility';

ALTER TABLE loans ADD COLUMN units bigint NOT NULL DEFAULT 0 CHECK (units >= 0);
UPDATE loans SET units = (
    SELECT CASE WHEN p.max_amount > 0 THEN greatest(1, (loans.amount + p.max_amount - 1) / p.max_amount) ELSE 1 END
    FROM programs p WHERE p.code = loans.program_code)
WHERE program_code IN (SELECT code FROM programs WHERE limit_basis IN ('study_month', 'worker', 'facility'));
