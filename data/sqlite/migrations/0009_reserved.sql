-- 0009: reserved for a migration of issue 16 built on another branch; this file only keeps the
-- numbering whole on this branch. Delete it when that branch is merged.
SELECT 1;
