-- 0005: the principal each loan's entries moved, per year, so that a balance on 1 January is
-- the kept balance less a few rows instead of a sum over every entry dated after it (the
-- office summary summed this year's 370,000 entries of a large office on every run).
--
-- Year Y holds the entries dated in (1 January Y, 1 January Y+1]: an entry dated 1 January
-- counts in the year before, because the balance on that day includes it. So the principal
-- outstanding on 1 January of Y = loan_balances' (disbursed − principal_repaid − written_off)
-- less the sum of the rows of years ≥ Y. effect = disbursed − repaid − written off, a reversal
-- taking back what it reverses on its own value date, as the engine counts it. Derived state
-- like loan_balances: kept in the same transaction as every entry, rebuilt and checked from the
-- ledger. A missing row means 0; rows whose effect nets to 0 may stay.
CREATE TABLE loan_year_effects (
    loan_id INTEGER NOT NULL REFERENCES loans(id),
    year    INTEGER NOT NULL,
    effect  INTEGER NOT NULL,
    PRIMARY KEY (loan_id, year)
) WITHOUT ROWID;

INSERT INTO loan_year_effects (loan_id, year, effect)
SELECT loan_id, year, effect FROM (
    SELECT e.loan_id AS loan_id,
        CAST(substr(e.value_date, 1, 4) AS INTEGER) - (substr(e.value_date, 5) = '-01-01') AS year,
        sum(CASE WHEN e.reverses IS NULL THEN
                CASE e.kind WHEN 'disburse' THEN e.amount WHEN 'principal' THEN -e.amount
                    WHEN 'writeoff' THEN -e.amount ELSE 0 END
            ELSE CASE o.kind WHEN 'disburse' THEN -o.amount WHEN 'principal' THEN o.amount
                    WHEN 'writeoff' THEN o.amount ELSE 0 END END) AS effect
    FROM entries e LEFT JOIN entries o ON o.id = e.reverses
    WHERE e.loan_id IS NOT NULL
        AND (e.kind = 'disburse' OR e.kind = 'principal' OR e.kind = 'writeoff' OR e.kind = 'reversal')
    GROUP BY 1, 2)
WHERE effect <> 0;
