-- 0017 (PostgreSQL): what a loan achieves, as migrations/0017_loan_outcomes.sql.
CREATE TABLE loan_outcomes (
    loan_id      bigint PRIMARY KEY REFERENCES loans(id),
    jobs         bigint NOT NULL DEFAULT 0 CHECK (jobs BETWEEN 0 AND 9999),
    houses       bigint NOT NULL DEFAULT 0 CHECK (houses BETWEEN 0 AND 9999),
    water_works  bigint NOT NULL DEFAULT 0 CHECK (water_works BETWEEN 0 AND 9999),
    students     bigint NOT NULL DEFAULT 0 CHECK (students BETWEEN 0 AND 9999),
    study_months bigint NOT NULL DEFAULT 0 CHECK (study_months BETWEEN 0 AND 9999)
);

-- The review reads the loans signed in its period.
CREATE INDEX loans_signed_on ON loans(signed_on);
