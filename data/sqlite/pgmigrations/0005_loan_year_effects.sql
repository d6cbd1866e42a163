-- 0005 (PostgreSQL): the principal each loan's entries moved, per year, as
-- migrations/0005_loan_year_effects.sql (see there for what a row means). An entry dated
-- 1 January counts in the year before: SQLite subtracts the comparison itself (true is 1),
-- PostgreSQL needs the CASE.
CREATE TABLE loan_year_effects (
    loan_id bigint NOT NULL REFERENCES loans(id),
    year    bigint NOT NULL,
    effect  bigint NOT NULL,
    PRIMARY KEY (loan_id, year)
);

INSERT INTO loan_year_effects (loan_id, year, effect)
SELECT loan_id, year, effect FROM (
    SELECT e.loan_id AS loan_id,
        CAST(substr(e.value_date, 1, 4) AS bigint) - CASE WHEN substr(e.value_date, 5) = '-01-01' THEN 1 ELSE 0 END AS year,
        sum(CASE WHEN e.reverses IS NULL THEN
                CASE e.kind WHEN 'disburse' THEN e.amount WHEN 'principal' THEN -e.amount
                    WHEN 'writeoff' THEN -e.amount ELSE 0 END
            ELSE CASE o.kind WHEN 'disburse' THEN -o.amount WHEN 'principal' THEN o.amount
                    WHEN 'writeoff' THEN o.amount ELSE 0 END END) AS effect
    FROM entries e LEFT JOIN entries o ON o.id = e.reverses
    WHERE e.loan_id IS NOT NULL
        AND e.kind IN ('disburse', 'principal', 'writeoff', 'reversal')
    GROUP BY 1, 2) effects
WHERE effect <> 0;
