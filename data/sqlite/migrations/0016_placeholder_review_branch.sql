-- Placeholder in the review branch only, so that migrations run 1, 2, 3… until the capital
-- ledger's 0016 is merged: the merge drops this file for that one.
SELECT 1;
