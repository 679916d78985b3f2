-- Issue 17 (start at the floor): the Pool screen's first pages are read in rank order (its
-- default sort) by SQL while the in-memory index loads behind them. The index holds the live
-- rows by rank: a page of ranked rows walks it instead of sorting every enterprise, the
-- unranked rest (few) is found in it and sorted by name when paged to, and the live rows are
-- counted from it rather than from the table. Existing files get it from their rows.
CREATE INDEX IF NOT EXISTS enterprises_rank_live ON enterprises(rank) WHERE deleted_at IS NULL;
