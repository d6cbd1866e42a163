-- 0009: program limits counted per unit (months of study, workers, facilities).
-- A program may cap the units one loan counts (clean water: two facilities); 0 means no cap.
ALTER TABLE programs ADD COLUMN max_units INTEGER NOT NULL DEFAULT 0 CHECK (max_units >= 0);
UPDATE programs SET max_units = 2 WHERE code = '06' AND limit_basis = 'facility';

-- A loan records the units its limit was counted for; 0 for a program limited per loan.
ALTER TABLE loans ADD COLUMN units INTEGER NOT NULL DEFAULT 0 CHECK (units >= 0);
-- Loans opened before units were recorded count the fewest units their amount needs.
UPDATE loans SET units = (
    SELECT CASE WHEN p.max_amount > 0 THEN max(1, (loans.amount + p.max_amount - 1) / p.max_amount) ELSE 1 END
    FROM programs p WHERE p.code = loans.program_code)
WHERE program_code IN (SELECT code FROM programs WHERE limit_basis IN ('study_month', 'worker', 'facility'));
