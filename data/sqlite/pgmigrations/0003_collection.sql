-- 0003 (PostgreSQL): transaction-day batches, as migrations/0003_collection.sql. Like the
-- ledger they are append-only.
CREATE TABLE collection_batches (
    ref        TEXT PRIMARY KEY CHECK (ref <> ''),
    point_id   bigint NOT NULL REFERENCES points(id),
    value_date TEXT NOT NULL CHECK (value_date <> ''),
    posted_at  TEXT NOT NULL,
    user_name  TEXT NOT NULL
);
CREATE INDEX collection_batches_point ON collection_batches(point_id, value_date);

CREATE TABLE collection_cash (
    ref      TEXT NOT NULL REFERENCES collection_batches(ref),
    group_id bigint NOT NULL REFERENCES savings_groups(id),
    counted  bigint NOT NULL CHECK (counted >= 0),
    PRIMARY KEY (ref, group_id)
);

CREATE TABLE collection_reversals (
    ref       TEXT PRIMARY KEY REFERENCES collection_batches(ref),
    reason    TEXT NOT NULL CHECK (reason <> ''),
    posted_at TEXT NOT NULL,
    user_name TEXT NOT NULL
);

CREATE TRIGGER collection_batches_no_update BEFORE UPDATE ON collection_batches
    FOR EACH ROW EXECUTE FUNCTION refuse('collection batches are append-only');
CREATE TRIGGER collection_batches_no_delete BEFORE DELETE ON collection_batches
    FOR EACH ROW EXECUTE FUNCTION refuse('collection batches are append-only');
CREATE TRIGGER collection_cash_no_update BEFORE UPDATE ON collection_cash
    FOR EACH ROW EXECUTE FUNCTION refuse('collection batches are append-only');
CREATE TRIGGER collection_cash_no_delete BEFORE DELETE ON collection_cash
    FOR EACH ROW EXECUTE FUNCTION refuse('collection batches are append-only');
CREATE TRIGGER collection_reversals_no_update BEFORE UPDATE ON collection_reversals
    FOR EACH ROW EXECUTE FUNCTION refuse('collection batches are append-only');
CREATE TRIGGER collection_reversals_no_delete BEFORE DELETE ON collection_reversals
    FOR EACH ROW EXECUTE FUNCTION refuse('collection batches are append-only');
