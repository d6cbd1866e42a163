-- 0004 (PostgreSQL): the borrower list's covering index, as migrations/0004_borrower_list.sql.
CREATE INDEX borrowers_list ON borrowers(sort_key, id, search_key, active, village_id, group_id, category, code);
DROP INDEX borrowers_sort;

-- The households with an active loan of a program (the list's program filter).
CREATE INDEX loans_program_borrower ON loans(program_code, status, borrower_id);
