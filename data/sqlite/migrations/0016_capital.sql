-- Local-budget capital (Directive 40-CT/TW): the budgets that entrust capital to the office
-- (pools), their transfers and returns (an append-only ledger, corrected by reversals), and
-- which pool each loan from local capital is lent from.
CREATE TABLE capital_pools (
    id         INTEGER PRIMARY KEY,
    level      TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
    giver      TEXT NOT NULL CHECK (giver <> ''),
    commune_id INTEGER REFERENCES communes(id),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    CHECK ((level = 'commune') = (commune_id IS NOT NULL))
);
CREATE UNIQUE INDEX capital_pools_key ON capital_pools(level, coalesce(commune_id, 0), giver);

CREATE TABLE capital_entries (
    id         INTEGER PRIMARY KEY,
    pool_id    INTEGER NOT NULL REFERENCES capital_pools(id),
    kind       TEXT NOT NULL CHECK (kind IN ('transfer', 'return', 'reversal')),
    value_date TEXT NOT NULL,
    amount     INTEGER NOT NULL CHECK (amount > 0),
    decision   TEXT NOT NULL CHECK (decision <> ''),
    reverses   INTEGER UNIQUE REFERENCES capital_entries(id),
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    CHECK ((kind = 'reversal') = (reverses IS NOT NULL))
);
CREATE INDEX capital_entries_pool ON capital_entries(pool_id, value_date);

CREATE TRIGGER capital_entries_no_update BEFORE UPDATE ON capital_entries
BEGIN
    SELECT RAISE(ABORT, 'capital entries cannot be changed');
END;
CREATE TRIGGER capital_entries_no_delete BEFORE DELETE ON capital_entries
BEGIN
    SELECT RAISE(ABORT, 'capital entries cannot be deleted');
END;
CREATE TRIGGER capital_pools_no_delete BEFORE DELETE ON capital_pools
BEGIN
    SELECT RAISE(ABORT, 'capital pools cannot be deleted');
END;

-- A loan lent from local capital names its pool once, when it opens.
CREATE TABLE capital_loans (
    loan_id INTEGER PRIMARY KEY REFERENCES loans(id),
    pool_id INTEGER NOT NULL REFERENCES capital_pools(id)
);
CREATE INDEX capital_loans_pool ON capital_loans(pool_id, loan_id);
CREATE TRIGGER capital_loans_no_update BEFORE UPDATE ON capital_loans
BEGIN
    SELECT RAISE(ABORT, 'a loan''s capital pool cannot be changed');
END;
