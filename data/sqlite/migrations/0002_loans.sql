-- 0002: loans, their original schedules, the append-only ledger and the balances derived from it.
-- Dates are TEXT 'YYYY-MM-DD' ('' when not set), money INTEGER đồng, rates INTEGER millionths
-- per month, timestamps TEXT UTC RFC 3339.

-- A loan contract (khế ước). The contract number is typed by people, so it compares
-- case-insensitively. The plan columns rebuild data.Plan; a custom plan's list is the
-- installments table.
CREATE TABLE loans (
    id               INTEGER PRIMARY KEY,
    contract         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    borrower_id      INTEGER NOT NULL REFERENCES borrowers(id),
    group_id         INTEGER REFERENCES savings_groups(id),
    program_code     TEXT NOT NULL REFERENCES programs(code) ON UPDATE CASCADE,
    source           TEXT NOT NULL CHECK (source IN ('central', 'province', 'local')),
    purpose          TEXT NOT NULL DEFAULT '',
    amount           INTEGER NOT NULL CHECK (amount > 0),
    signed_on        TEXT NOT NULL,
    term_months      INTEGER NOT NULL CHECK (term_months > 0),
    plan_kind        TEXT NOT NULL CHECK (plan_kind IN ('equal', 'custom', 'student')),
    plan_every       INTEGER NOT NULL DEFAULT 0,
    plan_grace       INTEGER NOT NULL DEFAULT 0,
    plan_course_ends TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL CHECK (status IN ('active', 'closed', 'written_off')),
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    updated_by       TEXT NOT NULL
);
CREATE INDEX loans_borrower ON loans(borrower_id);
CREATE INDEX loans_group ON loans(group_id);
CREATE INDEX loans_program ON loans(program_code);

-- A loan's own dated rates (local-budget loans), overriding its program's.
CREATE TABLE loan_rates (
    loan_id    INTEGER NOT NULL REFERENCES loans(id),
    effective  TEXT NOT NULL,
    rate       INTEGER NOT NULL CHECK (rate > 0),
    decision   TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (loan_id, effective)
) WITHOUT ROWID;

-- The ORIGINAL schedule, written once when the loan is opened. Rescheduling and extension are
-- ledger entries; the engine applies them to this schedule.
CREATE TABLE installments (
    loan_id   INTEGER NOT NULL REFERENCES loans(id),
    no        INTEGER NOT NULL CHECK (no >= 1),
    due       TEXT NOT NULL,
    principal INTEGER NOT NULL CHECK (principal >= 0),
    PRIMARY KEY (loan_id, no)
) WITHOUT ROWID;

-- The ledger: append-only. A correction is a reversal naming the entry it cancels; nothing is
-- ever updated or deleted (the triggers below refuse it at the SQL level). Savings entries
-- have no loan.
CREATE TABLE entries (
    id            INTEGER PRIMARY KEY,
    loan_id       INTEGER REFERENCES loans(id),
    borrower_id   INTEGER NOT NULL REFERENCES borrowers(id),
    -- OR chains, not IN lists: SQLite builds a temporary index for an IN list on every row
    -- inserted, which doubled the cost of importing a ledger.
    kind          TEXT NOT NULL CHECK (kind = 'interest' OR kind = 'principal' OR kind = 'deposit'
                      OR kind = 'disburse' OR kind = 'penalty' OR kind = 'withdraw' OR kind = 'savings_interest'
                      OR kind = 'reversal' OR kind = 'freeze' OR kind = 'unfreeze' OR kind = 'writeoff'
                      OR kind = 'reschedule' OR kind = 'extend'),
    value_date    TEXT NOT NULL CHECK (value_date <> ''),
    amount        INTEGER NOT NULL CHECK (amount >= 0),
    installment   INTEGER NOT NULL DEFAULT 0,
    new_date      TEXT NOT NULL DEFAULT '',
    decision      TEXT NOT NULL DEFAULT '',
    decision_date TEXT NOT NULL DEFAULT '',
    reverses      INTEGER REFERENCES entries(id),
    ref           TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    posted_at     TEXT NOT NULL,
    user_name     TEXT NOT NULL,
    CHECK ((kind = 'reversal') = (reverses IS NOT NULL)),
    CHECK (kind = 'reversal'
        OR (kind = 'deposit' OR kind = 'withdraw' OR kind = 'savings_interest') = (loan_id IS NULL))
);
-- An entry can be reversed only once.
CREATE UNIQUE INDEX entries_reverses ON entries(reverses) WHERE reverses IS NOT NULL;
-- A loan's ledger in posting order, covering what the engine reads: positions of a commune read
-- each loan's entries as one run of the index instead of one table page per entry (a loan's
-- entries lie months apart in the table).
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

-- Per-loan totals over the ledger, reversals honoured, kept in the same transaction as every
-- entry. Derived state: the one table of this migration that is updated in place, and that a
-- rebuild recomputes from the ledger. frozen = freezes − unfreezes.
CREATE TABLE loan_balances (
    loan_id          INTEGER PRIMARY KEY REFERENCES loans(id),
    disbursed        INTEGER NOT NULL DEFAULT 0,
    principal_repaid INTEGER NOT NULL DEFAULT 0,
    interest_paid    INTEGER NOT NULL DEFAULT 0,
    penalty_paid     INTEGER NOT NULL DEFAULT 0,
    frozen           INTEGER NOT NULL DEFAULT 0,
    written_off      INTEGER NOT NULL DEFAULT 0,
    entries          INTEGER NOT NULL DEFAULT 0,
    last_value_date  TEXT NOT NULL DEFAULT ''
);

-- Per-household savings balance over the ledger, kept like loan_balances.
CREATE TABLE savings_balances (
    borrower_id INTEGER PRIMARY KEY REFERENCES borrowers(id),
    balance     INTEGER NOT NULL DEFAULT 0
);
