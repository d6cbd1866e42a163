-- 0001: master data of one transaction office.
-- Dates are TEXT 'YYYY-MM-DD', money INTEGER đồng, rates INTEGER millionths per month,
-- timestamps TEXT UTC RFC 3339. search_key and sort_key are maintained by Go (data.Fold).
-- The office's own keys (village, point, group and customer codes) are typed by people, so
-- they compare case-insensitively: KH001 and kh001 are the same customer.

CREATE TABLE office (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE associations (
    code    TEXT PRIMARY KEY,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL
);

CREATE TABLE communes (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    former_name TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
);

CREATE TABLE villages (
    id         INTEGER PRIMARY KEY,
    commune_id INTEGER NOT NULL REFERENCES communes(id),
    code       TEXT NOT NULL COLLATE NOCASE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (commune_id, code)
);

CREATE TABLE points (
    id         INTEGER PRIMARY KEY,
    commune_id INTEGER NOT NULL REFERENCES communes(id),
    code       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name       TEXT NOT NULL,
    day        INTEGER NOT NULL CHECK (day BETWEEN 1 AND 28),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX points_commune ON points(commune_id);

CREATE TABLE point_villages (
    point_id   INTEGER NOT NULL REFERENCES points(id) ON DELETE CASCADE,
    village_id INTEGER NOT NULL REFERENCES villages(id),
    PRIMARY KEY (point_id, village_id)
) WITHOUT ROWID;
CREATE INDEX point_villages_village ON point_villages(village_id);

-- "groups" is an SQL keyword; the table of savings-and-loan groups is savings_groups.
CREATE TABLE savings_groups (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name        TEXT NOT NULL,
    village_id  INTEGER NOT NULL REFERENCES villages(id),
    association TEXT NOT NULL REFERENCES associations(code),
    -- deferred: the leader and the group reference each other, and an import inserts groups
    -- before their members.
    leader_id   INTEGER REFERENCES borrowers(id) DEFERRABLE INITIALLY DEFERRED,
    founded_on  TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('active', 'closed')),
    note        TEXT NOT NULL DEFAULT '',
    search_key  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
);
CREATE INDEX savings_groups_village ON savings_groups(village_id);
CREATE INDEX savings_groups_leader ON savings_groups(leader_id);

CREATE TABLE group_ratings (
    group_id   INTEGER NOT NULL REFERENCES savings_groups(id),
    year       INTEGER NOT NULL,
    rating     TEXT NOT NULL CHECK (rating IN ('good', 'fair', 'average', 'weak')),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (group_id, year)
) WITHOUT ROWID;

CREATE TABLE borrowers (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name       TEXT NOT NULL,
    gender     TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'male', 'female')),
    birth_year INTEGER NOT NULL DEFAULT 0,
    id_number  TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    village_id INTEGER NOT NULL REFERENCES villages(id),
    group_id   INTEGER REFERENCES savings_groups(id),
    category   TEXT NOT NULL,
    ethnicity  TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    search_key TEXT NOT NULL,
    -- folded given name, a space, the folded full name: offices list people by given name.
    sort_key   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
-- An ID number is optional but, when present, names one person.
CREATE UNIQUE INDEX borrowers_id_number ON borrowers(id_number) WHERE id_number <> '';
CREATE INDEX borrowers_sort ON borrowers(sort_key, id);
CREATE INDEX borrowers_phone ON borrowers(phone) WHERE phone <> '';
CREATE INDEX borrowers_village ON borrowers(village_id);
CREATE INDEX borrowers_group ON borrowers(group_id, active);

CREATE TABLE programs (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    name_vi         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    name_fr         TEXT NOT NULL,
    max_amount      INTEGER NOT NULL CHECK (max_amount >= 0),
    limit_basis     TEXT NOT NULL,
    max_term_months INTEGER NOT NULL,
    sources         TEXT NOT NULL, -- comma-separated funding sources
    open            INTEGER NOT NULL CHECK (open IN (0, 1)),
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL
);

CREATE TABLE rate_periods (
    id         INTEGER PRIMARY KEY,
    program_id INTEGER NOT NULL REFERENCES programs(id),
    effective  TEXT NOT NULL,
    rate       INTEGER NOT NULL CHECK (rate > 0),
    decision   TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (program_id, effective)
);

-- Before and after images of every change to master data, as JSON of the domain type.
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    action      TEXT NOT NULL,
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entity ON audit(entity, entity_id, id);
