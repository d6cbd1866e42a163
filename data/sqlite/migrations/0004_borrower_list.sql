-- 0004: the borrower list reads households through one covering index in list order. Beside
-- the sort key it holds what a search as the clerk types reads (the folded search key) and the
-- fields the list filters and sorts by, so that each keystroke scans the index (about half the
-- table's size) and needs no sort for the default order, by name. It replaces borrowers_sort.
CREATE INDEX borrowers_list ON borrowers(sort_key, id, search_key, active, village_id, group_id, category, code);
DROP INDEX borrowers_sort;

-- The households with an active loan of a program (the list's program filter), read from the
-- index alone.
CREATE INDEX loans_program_borrower ON loans(program_code, status, borrower_id);
