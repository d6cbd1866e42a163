-- 0020 (PostgreSQL only; SQLite's 0020 does nothing): a trigram index on the households' folded
-- search keys. The Borrowers list counts the households whose key holds each word typed
-- (search_key LIKE '%word%'): without it PostgreSQL tests every key, with it words of three
-- letters or more are looked up in the index (words shorter than a trigram still scan, as
-- the planner chooses). pg_trgm is part of PostgreSQL (contrib, in Debian's postgresql package)
-- and a trusted extension since PostgreSQL 13: the database's owner, who applies migrations,
-- may create it without being a superuser; the app's role only uses it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX borrowers_search_trgm ON borrowers USING gin (search_key gin_trgm_ops);
