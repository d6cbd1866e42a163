-- 0013 (PostgreSQL): records that show tampering, as migrations/0013_chained_hashes.sql: every
-- ledger entry and audit row carries a SHA-256 hash over its own fields and the previous
-- row's hash, computed in Go (chain.go).
ALTER TABLE entries ADD COLUMN hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT '';

-- Each chain's last row. On PostgreSQL the posting transaction reads its row FOR UPDATE
-- first: that serialises postings, so entry ids follow the order of commits.
CREATE TABLE chain_heads (
    chain   TEXT PRIMARY KEY CHECK (chain IN ('entries', 'audit')),
    last_id bigint NOT NULL,
    hash    TEXT NOT NULL
);

CREATE FUNCTION chain_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE chain_heads SET last_id = NEW.id, hash = NEW.hash WHERE chain = TG_TABLE_NAME;
    RETURN NULL;
END
$$;
CREATE TRIGGER entries_chain_head AFTER INSERT ON entries
    FOR EACH ROW EXECUTE FUNCTION chain_head();
CREATE TRIGGER audit_chain_head AFTER INSERT ON audit
    FOR EACH ROW EXECUTE FUNCTION chain_head();

-- The audit is append-only, like the ledger.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    FOR EACH ROW EXECUTE FUNCTION refuse('audit rows cannot be changed');
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION refuse('audit rows cannot be deleted');
