-- People and permissions: the office's users, with argon2id password hashes, and the requests
-- that wait for a second user's approval (maker-checker). Roles and what each may do are in
-- data.Permissions; the store checks them on every write.
CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    full_name     TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('director', 'accountant', 'credit_officer', 'teller', 'administrator')),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    must_change   INTEGER NOT NULL DEFAULT 0 CHECK (must_change IN (0, 1)),
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL
);

-- A request keeps the change as the arguments of the store method that makes it, replayed
-- when it is approved, and what it changes (before/after) for the approver to read.
CREATE TABLE requests (
    id          INTEGER PRIMARY KEY,
    action      TEXT NOT NULL,
    method      TEXT NOT NULL,
    args_json   TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT '',
    maker       TEXT NOT NULL,
    made_at     TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
    checker     TEXT NOT NULL DEFAULT '',
    decided_at  TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    CHECK (checker = '' OR checker <> maker)
);
CREATE INDEX requests_pending ON requests(state, id);

-- A decided request is history: it never changes again.
CREATE TRIGGER requests_decided_final BEFORE UPDATE ON requests
WHEN OLD.state <> 'pending'
BEGIN
    SELECT RAISE(ABORT, 'a decided request cannot be changed');
END;
CREATE TRIGGER requests_no_delete BEFORE DELETE ON requests
BEGIN
    SELECT RAISE(ABORT, 'requests cannot be deleted');
END;
