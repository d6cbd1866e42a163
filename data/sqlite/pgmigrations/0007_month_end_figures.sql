-- 0007 (PostgreSQL): month-end snapshots of the Overview's trend, a cache, as
-- migrations/0007_month_end_figures.sql (see there). A trigger's WHEN cannot hold a subquery
-- here, so the households' trigger compares the communes inside its function.
CREATE TABLE month_end_figures (
    month_end   TEXT NOT NULL,
    commune_id  bigint NOT NULL REFERENCES communes(id),
    outstanding bigint NOT NULL,
    overdue     bigint NOT NULL,
    frozen      bigint NOT NULL,
    mark        bigint NOT NULL,
    PRIMARY KEY (month_end, commune_id)
);

CREATE TABLE month_end_epoch (
    id    bigint PRIMARY KEY CHECK (id = 1),
    epoch bigint NOT NULL
);
INSERT INTO month_end_epoch (id, epoch) VALUES (1, 0);

CREATE FUNCTION borrowers_month_ends() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was bigint := (SELECT commune_id FROM villages WHERE id = OLD.village_id);
    now_in bigint := (SELECT commune_id FROM villages WHERE id = NEW.village_id);
BEGIN
    IF was IS DISTINCT FROM now_in THEN
        DELETE FROM month_end_figures WHERE commune_id = was OR commune_id = now_in;
        UPDATE month_end_epoch SET epoch = epoch + 1;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER borrowers_month_ends AFTER UPDATE OF village_id ON borrowers
    FOR EACH ROW EXECUTE FUNCTION borrowers_month_ends();

CREATE FUNCTION villages_month_ends() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM month_end_figures WHERE commune_id = OLD.commune_id OR commune_id = NEW.commune_id;
    UPDATE month_end_epoch SET epoch = epoch + 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER villages_month_ends AFTER UPDATE OF commune_id ON villages
    FOR EACH ROW WHEN (OLD.commune_id IS DISTINCT FROM NEW.commune_id)
    EXECUTE FUNCTION villages_month_ends();
