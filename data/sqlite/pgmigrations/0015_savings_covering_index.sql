-- 0015 (PostgreSQL): as migrations/0015_savings_covering_index.sql.
CREATE INDEX entries_savings_packed ON entries(borrower_id, id, value_date, kind, amount, reverses, loan_id) WHERE loan_id IS NULL;
DROP INDEX entries_savings;
