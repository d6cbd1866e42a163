-- 0012: the kind writeoff_interest (interest and penalty due written off by decision), and each
-- program's own limit on extensions of final maturity.
--
-- SQLite cannot change a CHECK in place, so the ledger table is rebuilt: a new table with the
-- wider CHECK, its rows copied, the old one dropped and the new one renamed. imported_entries
-- references the ledger, and dropping a table that rows of another still reference fails the
-- foreign keys at commit, so it is rebuilt the same way first. Renaming rewrites the
-- references to the new tables' final names. The indexes and triggers of 0002 go with the old
-- table and are created again as they were.
CREATE TABLE entries_new (
    id            INTEGER PRIMARY KEY,
    loan_id       INTEGER REFERENCES loans(id),
    borrower_id   INTEGER NOT NULL REFERENCES borrowers(id),
    -- OR chains, not IN lists: SQLite builds a temporary index for an IN list on every row
    -- inserted, which doubled the cost of importing a ledger.
    kind          TEXT NOT NULL CHECK (kind = 'interest' OR kind = 'principal' OR kind = 'deposit'
                      OR kind = 'disburse' OR kind = 'penalty' OR kind = 'withdraw' OR kind = 'savings_interest'
                      OR kind = 'reversal' OR kind = 'freeze' OR kind = 'unfreeze' OR kind = 'writeoff'
                      OR kind = 'reschedule' OR kind = 'extend' OR kind = 'writeoff_interest'),
    value_date    TEXT NOT NULL CHECK (value_date <> ''),
    amount        INTEGER NOT NULL CHECK (amount >= 0),
    installment   INTEGER NOT NULL DEFAULT 0,
    new_date      TEXT NOT NULL DEFAULT '',
    decision      TEXT NOT NULL DEFAULT '',
    decision_date TEXT NOT NULL DEFAULT '',
    reverses      INTEGER REFERENCES entries_new(id),
    ref           TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    posted_at     TEXT NOT NULL,
    user_name     TEXT NOT NULL,
    CHECK ((kind = 'reversal') = (reverses IS NOT NULL)),
    CHECK (kind = 'reversal'
        OR (kind = 'deposit' OR kind = 'withdraw' OR kind = 'savings_interest') = (loan_id IS NULL))
);
INSERT INTO entries_new (id, loan_id, borrower_id, kind, value_date, amount, installment, new_date, decision,
    decision_date, reverses, ref, note, posted_at, user_name)
SELECT id, loan_id, borrower_id, kind, value_date, amount, installment, new_date, decision,
    decision_date, reverses, ref, note, posted_at, user_name FROM entries ORDER BY id;

CREATE TABLE imported_entries_new (
    source_key TEXT NOT NULL PRIMARY KEY,
    entry_id   INTEGER NOT NULL UNIQUE REFERENCES entries_new(id)
) WITHOUT ROWID;
INSERT INTO imported_entries_new (source_key, entry_id) SELECT source_key, entry_id FROM imported_entries;

DROP TABLE imported_entries;
DROP TABLE entries;
ALTER TABLE entries_new RENAME TO entries;
ALTER TABLE imported_entries_new RENAME TO imported_entries;

CREATE UNIQUE INDEX entries_reverses ON entries(reverses) WHERE reverses IS NOT NULL;
CREATE INDEX entries_loan ON entries(loan_id, id, value_date, kind, amount, installment, new_date, reverses)
    WHERE loan_id IS NOT NULL;
CREATE INDEX entries_savings ON entries(borrower_id, id) WHERE loan_id IS NULL;
CREATE INDEX entries_value_date ON entries(value_date);

CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are append-only');
END;

CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are append-only');
END;

-- The longest an extension may move a loan's final maturity, counted from the original
-- maturity across all extensions (students: half the repayment period instead). It starts at
-- the office-wide setting it replaces, 12 months unless the office changed it.
ALTER TABLE programs ADD COLUMN extension_max_months INTEGER NOT NULL DEFAULT 12
    CHECK (extension_max_months >= 0 AND extension_max_months <= 120);
UPDATE programs SET extension_max_months = (SELECT CAST(value AS INTEGER) FROM settings
    WHERE key = 'extension_max_months' AND CAST(value AS INTEGER) BETWEEN 0 AND 120)
WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'extension_max_months' AND CAST(value AS INTEGER) BETWEEN 0 AND 120);
