-- 0011: closed months and files posted as batches.
--
-- A closed month's reports were printed and signed: nothing dated on or before the end of the
-- last closed month is accepted any more. Months close in order, so the closed months are
-- always every month up to the latest row here; a row is the closing of that month (closing a
-- month closes the open months before it, each with its own row). Reopening deletes the rows
-- of that month and the later ones; the audit table keeps who reopened, when and why.
CREATE TABLE closed_months (
    month     TEXT PRIMARY KEY,   -- YYYY-MM
    closed_at TEXT NOT NULL,
    closed_by TEXT NOT NULL
) WITHOUT ROWID;

-- Every file posted as a batch, by its SHA-256: posting the same file again is refused unless
-- the user says why (reason), so a day's collection is never counted twice by accident.
CREATE TABLE posted_files (
    id        INTEGER PRIMARY KEY,
    sha256    TEXT NOT NULL,
    name      TEXT NOT NULL,
    batch     TEXT NOT NULL,      -- the collection batch reference, or "#first–#last" entry numbers
    posted_at TEXT NOT NULL,
    user_name TEXT NOT NULL,
    reason    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX posted_files_sha256 ON posted_files (sha256);

-- Month-end snapshots of closed months are kept as they were when the month was closed: a
-- household or village moving to another commune no longer drops them (0007 dropped every
-- month end of both communes).
DROP TRIGGER borrowers_month_ends;
DROP TRIGGER villages_month_ends;

CREATE TRIGGER borrowers_month_ends AFTER UPDATE OF village_id ON borrowers
WHEN (SELECT commune_id FROM villages WHERE id = old.village_id)
    IS NOT (SELECT commune_id FROM villages WHERE id = new.village_id)
BEGIN
    DELETE FROM month_end_figures WHERE (commune_id = (SELECT commune_id FROM villages WHERE id = old.village_id)
        OR commune_id = (SELECT commune_id FROM villages WHERE id = new.village_id))
        AND substr(month_end, 1, 7) > coalesce((SELECT max(month) FROM closed_months), '');
    UPDATE month_end_epoch SET epoch = epoch + 1;
END;

CREATE TRIGGER villages_month_ends AFTER UPDATE OF commune_id ON villages
WHEN old.commune_id IS NOT new.commune_id
BEGIN
    DELETE FROM month_end_figures WHERE (commune_id = old.commune_id OR commune_id = new.commune_id)
        AND substr(month_end, 1, 7) > coalesce((SELECT max(month) FROM closed_months), '');
    UPDATE month_end_epoch SET epoch = epoch + 1;
END;
