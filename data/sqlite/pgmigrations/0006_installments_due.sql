-- 0006 (PostgreSQL): as migrations/0006_installments_due.sql.
CREATE INDEX installments_due ON installments(loan_id, due, principal);
