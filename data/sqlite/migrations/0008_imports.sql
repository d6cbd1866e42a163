-- 0008: what imports need to recognise what they brought before.
-- An imported ledger entry keeps the key its file gave it (an entry number, the bank's
-- voucher), so that importing the same file again finds it instead of posting it twice. The
-- ledger itself is untouched: the key sits beside it.
CREATE TABLE imported_entries (
    source_key TEXT NOT NULL PRIMARY KEY,
    entry_id   INTEGER NOT NULL UNIQUE REFERENCES entries(id)
) WITHOUT ROWID;

-- The columns a clerk confirmed for files with a given header (its signature), offered again
-- for the next file laid out the same way.
CREATE TABLE import_mappings (
    signature  TEXT NOT NULL PRIMARY KEY,
    columns    TEXT NOT NULL, -- JSON array: the kind, then each column's field
    saved_at   TEXT NOT NULL,
    saved_by   TEXT NOT NULL
) WITHOUT ROWID;
