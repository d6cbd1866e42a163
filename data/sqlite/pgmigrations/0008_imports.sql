-- 0008 (PostgreSQL): what imports need to recognise what they brought before, as
-- migrations/0008_imports.sql.
CREATE TABLE imported_entries (
    source_key TEXT NOT NULL PRIMARY KEY,
    entry_id   bigint NOT NULL UNIQUE REFERENCES entries(id)
);

CREATE TABLE import_mappings (
    signature  TEXT NOT NULL PRIMARY KEY,
    columns    TEXT NOT NULL, -- JSON array: the kind, then each column's field
    saved_at   TEXT NOT NULL,
    saved_by   TEXT NOT NULL
);
