-- 0019: PostgreSQL's change alone (pgmigrations/0019_chain_head_per_statement.sql keeps each
-- chain's head once per INSERT statement rather than once per row, for the multi-row inserts
-- of a batch's entries). SQLite keeps its triggers of 0013: it inserts one entry a statement,
-- its statements cost no round trip, and its triggers have no transition tables. The number
-- is taken here too so that both engines' schemas carry the same versions.
SELECT 1;
