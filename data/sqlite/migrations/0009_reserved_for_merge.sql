-- Placeholder so that 0011 applies on this branch: migration 0009 is another change of issue 16,
-- built on another branch. Delete this file when merging that branch.
SELECT 1;
