-- 0007: month-end snapshots of the Overview's trend, read instead of computing eleven month
-- ends of the whole office each time (a few tenths of a second each on a large office): each
-- commune's principal outstanding, its overdue and its frozen part at the end of a month, as
-- the SQL figures (loanFigures) give them on that date. A cache, never a record: a row holds
-- for its month end while no entry with an id above mark (the ledger's last entry id when it
-- was computed or last confirmed) is dated on or before that month end; a backdated entry or a
-- reversal (reschedules, extensions and freezes are entries too) makes it stale, and the store
-- recomputes it rather than show it. A commune missing a row for a month end counts as not
-- computed, never as zero.
CREATE TABLE month_end_figures (
    month_end   TEXT NOT NULL,
    commune_id  INTEGER NOT NULL REFERENCES communes(id),
    outstanding INTEGER NOT NULL,
    overdue     INTEGER NOT NULL,
    frozen      INTEGER NOT NULL,
    mark        INTEGER NOT NULL,
    PRIMARY KEY (month_end, commune_id)
) WITHOUT ROWID;

-- A loan counts in the commune of its household's village now, so a household moving to a
-- village of another commune, or a village moving to another commune, changes the past figures
-- of both communes: their snapshots are dropped, and epoch counts the drops so that figures
-- computed before one are not saved after it.
CREATE TABLE month_end_epoch (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    epoch INTEGER NOT NULL
);
INSERT INTO month_end_epoch (id, epoch) VALUES (1, 0);

CREATE TRIGGER borrowers_month_ends AFTER UPDATE OF village_id ON borrowers
WHEN (SELECT commune_id FROM villages WHERE id = old.village_id)
    IS NOT (SELECT commune_id FROM villages WHERE id = new.village_id)
BEGIN
    DELETE FROM month_end_figures WHERE commune_id = (SELECT commune_id FROM villages WHERE id = old.village_id)
        OR commune_id = (SELECT commune_id FROM villages WHERE id = new.village_id);
    UPDATE month_end_epoch SET epoch = epoch + 1;
END;

CREATE TRIGGER villages_month_ends AFTER UPDATE OF commune_id ON villages
WHEN old.commune_id IS NOT new.commune_id
BEGIN
    DELETE FROM month_end_figures WHERE commune_id = old.commune_id OR commune_id = new.commune_id;
    UPDATE month_end_epoch SET epoch = epoch + 1;
END;
