-- Records that show tampering: every ledger entry and every audit row carries a SHA-256 hash
-- over its own fields and the previous row's hash (one chain per table, in id order). The
-- hashes are computed in Go (chain.go); rows written before this migration are hashed by Go
-- code when the store first opens the file after it (ensureChains), in one transaction.
ALTER TABLE entries ADD COLUMN hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT '';

-- Each chain's last row, so that rows removed from the end are found too. ensureChains
-- inserts the row once the chain's existing rows are hashed.
CREATE TABLE chain_heads (
    chain   TEXT PRIMARY KEY CHECK (chain = 'entries' OR chain = 'audit'),
    last_id INTEGER NOT NULL,
    hash    TEXT NOT NULL
);

-- Kept in SQLite rather than by a second statement from Go: one less round trip per entry.
CREATE TRIGGER entries_chain_head AFTER INSERT ON entries
BEGIN
    UPDATE chain_heads SET last_id = NEW.id, hash = NEW.hash WHERE chain = 'entries';
END;
CREATE TRIGGER audit_chain_head AFTER INSERT ON audit
BEGIN
    UPDATE chain_heads SET last_id = NEW.id, hash = NEW.hash WHERE chain = 'audit';
END;

-- The audit is append-only, like the ledger.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit rows cannot be changed');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit rows cannot be deleted');
END;
