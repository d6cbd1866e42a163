-- A transaction day reads the savings ledgers of a point's households packed one row per
-- household (eachPackedSavings): an index holding every field it reads spares it the entries'
-- table rows, which the chained hash (0013) made 64 bytes longer (loan_id is in it too: SQLite
-- reads a partial index's condition from its columns). It supersedes entries_savings, whose
-- columns it starts with.
CREATE INDEX entries_savings_packed ON entries(borrower_id, id, value_date, kind, amount, reverses, loan_id) WHERE loan_id IS NULL;
DROP INDEX entries_savings;
