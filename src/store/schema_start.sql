-- Issue 17 (start at the floor): the Pool screen's first pages are read in rank order (its
-- default sort) by SQL while the in-memory index loads behind them. The index holds the rows
-- by (deleted_at, rank): a page of live ranked rows walks it instead of sorting every
-- enterprise, the unranked rest (few) is found in it and sorted by name when paged to, and
-- the live and ranked rows are counted from it alone (deleted_at is in it: a partial index on
-- rank would send each count to the table's rows). Existing files get it from their rows.
CREATE INDEX IF NOT EXISTS enterprises_live_rank ON enterprises(deleted_at, rank);
