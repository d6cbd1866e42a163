-- Transaction-day batches. A batch's entries carry its reference in entries.ref; these tables
-- say which point and day it was, the cash the officer counted per group, and whether it was
-- reversed as a whole. Like the ledger they are append-only.
CREATE TABLE collection_batches (
    ref        TEXT PRIMARY KEY CHECK (ref <> ''),
    point_id   INTEGER NOT NULL REFERENCES points(id),
    value_date TEXT NOT NULL CHECK (value_date <> ''),
    posted_at  TEXT NOT NULL,
    user_name  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX collection_batches_point ON collection_batches(point_id, value_date);

CREATE TABLE collection_cash (
    ref      TEXT NOT NULL REFERENCES collection_batches(ref),
    group_id INTEGER NOT NULL REFERENCES savings_groups(id),
    counted  INTEGER NOT NULL CHECK (counted >= 0),
    PRIMARY KEY (ref, group_id)
) WITHOUT ROWID;

CREATE TABLE collection_reversals (
    ref       TEXT PRIMARY KEY REFERENCES collection_batches(ref),
    reason    TEXT NOT NULL CHECK (reason <> ''),
    posted_at TEXT NOT NULL,
    user_name TEXT NOT NULL
) WITHOUT ROWID;


CREATE TRIGGER collection_batches_no_update BEFORE UPDATE ON collection_batches
BEGIN
    SELECT RAISE(ABORT, 'collection batches are append-only');
END;
CREATE TRIGGER collection_batches_no_delete BEFORE DELETE ON collection_batches
BEGIN
    SELECT RAISE(ABORT, 'collection batches are append-only');
END;
CREATE TRIGGER collection_cash_no_update BEFORE UPDATE ON collection_cash
BEGIN
    SELECT RAISE(ABORT, 'collection batches are append-only');
END;
CREATE TRIGGER collection_cash_no_delete BEFORE DELETE ON collection_cash
BEGIN
    SELECT RAISE(ABORT, 'collection batches are append-only');
END;
CREATE TRIGGER collection_reversals_no_update BEFORE UPDATE ON collection_reversals
BEGIN
    SELECT RAISE(ABORT, 'collection batches are append-only');
END;
CREATE TRIGGER collection_reversals_no_delete BEFORE DELETE ON collection_reversals
BEGIN
    SELECT RAISE(ABORT, 'collection batches are append-only');
END;
