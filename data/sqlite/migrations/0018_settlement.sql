-- The monthly settlement: each month's association fees, group commissions and group scores,
-- computed once and frozen (a correction is a reversal with a reason, after which the month
-- can be settled again); the clerks' decisions on the computed ratings; and the payments of
-- what the settlements owe, made at the transaction points. Every table is append-only. The
-- rows keep the codes and names as they were settled, so a signed statement never changes.
CREATE TABLE settlements (
    id          INTEGER PRIMARY KEY,
    month       TEXT NOT NULL CHECK (length(month) = 7),
    rules       TEXT NOT NULL,
    fees        INTEGER NOT NULL CHECK (fees >= 0),
    commissions INTEGER NOT NULL CHECK (commissions >= 0),
    settled_at  TEXT NOT NULL,
    settled_by  TEXT NOT NULL
);
CREATE INDEX settlements_month ON settlements(month);

CREATE TABLE settlement_reversals (
    settlement_id INTEGER PRIMARY KEY REFERENCES settlements(id),
    reason        TEXT NOT NULL CHECK (reason <> ''),
    reversed_at   TEXT NOT NULL,
    reversed_by   TEXT NOT NULL
) WITHOUT ROWID;

-- One standing settlement a month.
CREATE TRIGGER settlements_once BEFORE INSERT ON settlements
WHEN EXISTS (SELECT 1 FROM settlements s WHERE s.month = new.month
    AND NOT EXISTS (SELECT 1 FROM settlement_reversals r WHERE r.settlement_id = s.id))
BEGIN
    SELECT RAISE(ABORT, 'month already settled');
END;

CREATE TABLE settlement_fees (
    settlement_id  INTEGER NOT NULL REFERENCES settlements(id),
    commune_id     INTEGER NOT NULL REFERENCES communes(id),
    commune        TEXT NOT NULL,
    association    TEXT NOT NULL REFERENCES associations(code),
    point_id       INTEGER NOT NULL DEFAULT 0,
    base_kind      TEXT NOT NULL,
    base           INTEGER NOT NULL CHECK (base >= 0),
    rate           INTEGER NOT NULL,
    outstanding    INTEGER NOT NULL,
    overdue        INTEGER NOT NULL,
    band_percent   INTEGER NOT NULL,
    housing_base   INTEGER NOT NULL,
    housing_rate   INTEGER NOT NULL,
    housing_fee    INTEGER NOT NULL,
    fee            INTEGER NOT NULL CHECK (fee >= 0),
    level_commune  INTEGER NOT NULL CHECK (level_commune >= 0),
    level_district INTEGER NOT NULL CHECK (level_district >= 0),
    level_province INTEGER NOT NULL CHECK (level_province >= 0),
    level_central  INTEGER NOT NULL CHECK (level_central >= 0),
    groups         INTEGER NOT NULL,
    CHECK (level_commune + level_district + level_province + level_central = fee),
    PRIMARY KEY (settlement_id, commune_id, association)
) WITHOUT ROWID;

CREATE TABLE settlement_groups (
    settlement_id  INTEGER NOT NULL REFERENCES settlements(id),
    group_id       INTEGER NOT NULL REFERENCES savings_groups(id),
    code           TEXT NOT NULL,
    name           TEXT NOT NULL,
    leader         TEXT NOT NULL,
    commune_id     INTEGER NOT NULL,
    commune        TEXT NOT NULL,
    association    TEXT NOT NULL,
    point_id       INTEGER NOT NULL DEFAULT 0,
    base_kind      TEXT NOT NULL,
    base           INTEGER NOT NULL CHECK (base >= 0),
    rate           INTEGER NOT NULL,
    savings_base   INTEGER NOT NULL,
    savings_rate   INTEGER NOT NULL,
    housing_base   INTEGER NOT NULL,
    housing_rate   INTEGER NOT NULL,
    interest_bp    INTEGER NOT NULL,
    withheld       INTEGER NOT NULL CHECK (withheld IN (0, 1)),
    commission     INTEGER NOT NULL CHECK (commission >= 0),
    -- The score: points and maximum per criterion (data.Criteria order), the ratios behind.
    points         TEXT NOT NULL,
    max_points     TEXT NOT NULL,
    ratios         TEXT NOT NULL,
    savings_change INTEGER NOT NULL,
    total          INTEGER NOT NULL CHECK (total BETWEEN 0 AND 100),
    band           TEXT NOT NULL CHECK (band IN ('good', 'fair', 'average', 'weak')),
    PRIMARY KEY (settlement_id, group_id)
) WITHOUT ROWID;
CREATE INDEX settlement_groups_group ON settlement_groups(group_id, settlement_id);

-- A decision confirms or overrides a settled month's computed rating; the latest counts.
CREATE TABLE rating_decisions (
    id            INTEGER PRIMARY KEY,
    settlement_id INTEGER NOT NULL REFERENCES settlements(id),
    group_id      INTEGER NOT NULL REFERENCES savings_groups(id),
    rating        TEXT NOT NULL CHECK (rating IN ('good', 'fair', 'average', 'weak')),
    override      INTEGER NOT NULL CHECK (override IN (0, 1)),
    reason        TEXT NOT NULL,
    decided_at    TEXT NOT NULL,
    decided_by    TEXT NOT NULL,
    CHECK (override = 0 OR reason <> '')
);
CREATE INDEX rating_decisions_group ON rating_decisions(group_id, settlement_id, id);

-- What the settlements owe, paid at a point on its day: to a group (its leader's commission)
-- or to an association of a commune (the commune level's share of its fee). A reversal names
-- the payment it cancels.
CREATE TABLE settlement_payments (
    id          INTEGER PRIMARY KEY,
    point_id    INTEGER NOT NULL REFERENCES points(id),
    kind        TEXT NOT NULL CHECK (kind IN ('group', 'association')),
    group_id    INTEGER REFERENCES savings_groups(id),
    commune_id  INTEGER REFERENCES communes(id),
    association TEXT,
    paid_on     TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    ref         TEXT NOT NULL,
    received_by TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    reverses    INTEGER UNIQUE REFERENCES settlement_payments(id),
    reason      TEXT NOT NULL DEFAULT '',
    posted_at   TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    CHECK ((kind = 'group') = (group_id IS NOT NULL)),
    CHECK ((kind = 'association') = (commune_id IS NOT NULL AND association IS NOT NULL)),
    CHECK (reverses IS NULL OR reason <> '')
);
CREATE INDEX settlement_payments_point ON settlement_payments(point_id, paid_on);
CREATE INDEX settlement_payments_group ON settlement_payments(group_id) WHERE group_id IS NOT NULL;
CREATE INDEX settlement_payments_assoc ON settlement_payments(commune_id, association) WHERE commune_id IS NOT NULL;

CREATE TRIGGER settlements_no_update BEFORE UPDATE ON settlements
BEGIN
    SELECT RAISE(ABORT, 'settlements are append-only');
END;
CREATE TRIGGER settlements_no_delete BEFORE DELETE ON settlements
BEGIN
    SELECT RAISE(ABORT, 'settlements are append-only');
END;
CREATE TRIGGER settlement_reversals_no_update BEFORE UPDATE ON settlement_reversals
BEGIN
    SELECT RAISE(ABORT, 'settlements are append-only');
END;
CREATE TRIGGER settlement_reversals_no_delete BEFORE DELETE ON settlement_reversals
BEGIN
    SELECT RAISE(ABORT, 'settlements are append-only');
END;
CREATE TRIGGER settlement_fees_no_update BEFORE UPDATE ON settlement_fees
BEGIN
    SELECT RAISE(ABORT, 'settlements are append-only');
END;
CREATE TRIGGER settlement_fees_no_delete BEFORE DELETE ON settlement_fees
BEGIN
    SELECT RAISE(ABORT, 'settlements are append-only');
END;
CREATE TRIGGER settlement_groups_no_update BEFORE UPDATE ON settlement_groups
BEGIN
    SELECT RAISE(ABORT, 'settlements are append-only');
END;
CREATE TRIGGER settlement_groups_no_delete BEFORE DELETE ON settlement_groups
BEGIN
    SELECT RAISE(ABORT, 'settlements are append-only');
END;
CREATE TRIGGER rating_decisions_no_update BEFORE UPDATE ON rating_decisions
BEGIN
    SELECT RAISE(ABORT, 'rating decisions are append-only');
END;
CREATE TRIGGER rating_decisions_no_delete BEFORE DELETE ON rating_decisions
BEGIN
    SELECT RAISE(ABORT, 'rating decisions are append-only');
END;
CREATE TRIGGER settlement_payments_no_update BEFORE UPDATE ON settlement_payments
BEGIN
    SELECT RAISE(ABORT, 'settlement payments are append-only');
END;
CREATE TRIGGER settlement_payments_no_delete BEFORE DELETE ON settlement_payments
BEGIN
    SELECT RAISE(ABORT, 'settlement payments are append-only');
END;

-- The settlement's dated rules start from the beginning of time with the bank's defaults
-- (data.defaultSettlementValues); the group commission keeps the rate an office had set. The
-- undated fee rate was never applied to anything and goes: the fee's base is now a rule.
INSERT INTO rule_periods (rule_key, effective, value, created_at, created_by, updated_at, updated_by)
SELECT d.rule_key, '1900-01-01', d.value,
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'migration', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'migration'
FROM (SELECT 'fee_base' AS rule_key, 'outstanding_paid' AS value
      UNION ALL SELECT 'fee_rate', '320'
      UNION ALL SELECT 'fee_housing_rate', '30'
      UNION ALL SELECT 'fee_bands', '2:100,3:80,4:50,0'
      UNION ALL SELECT 'fee_split', '84,9,4.5,2.5'
      UNION ALL SELECT 'commission_base', 'interest_collected'
      UNION ALL SELECT 'commission_rate', coalesce((SELECT value FROM settings WHERE key = 'commission_rate'), '80000')
      UNION ALL SELECT 'commission_savings', '100'
      UNION ALL SELECT 'commission_housing', '50'
      UNION ALL SELECT 'commission_min_rate', '0'
      UNION ALL SELECT 'rating_points', '20,30,15,20,5,10'
      UNION ALL SELECT 'rating_bands', '90,80,70') d;

DELETE FROM settings WHERE key IN ('commission_rate', 'entrustment_fee_rate');
