-- 0017: what a loan achieves, as its program asks (data.OutcomeKindsFor), for the reviews of
-- Directive 40-CT/TW: workers whose jobs it creates or keeps, houses built or repaired,
-- clean-water works and latrines, students and their months of study. A table of its own, one
-- row per loan that records any: a loan without a row recorded nothing, and the loans table
-- stays as it is.
CREATE TABLE loan_outcomes (
    loan_id      INTEGER PRIMARY KEY REFERENCES loans(id),
    jobs         INTEGER NOT NULL DEFAULT 0 CHECK (jobs BETWEEN 0 AND 9999),
    houses       INTEGER NOT NULL DEFAULT 0 CHECK (houses BETWEEN 0 AND 9999),
    water_works  INTEGER NOT NULL DEFAULT 0 CHECK (water_works BETWEEN 0 AND 9999),
    students     INTEGER NOT NULL DEFAULT 0 CHECK (students BETWEEN 0 AND 9999),
    study_months INTEGER NOT NULL DEFAULT 0 CHECK (study_months BETWEEN 0 AND 9999)
);

-- The review reads the loans signed in its period.
CREATE INDEX loans_signed_on ON loans(signed_on);
