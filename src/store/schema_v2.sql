-- Summaries: figures computed over the whole pool (commissioner figures, target actuals, the
-- year's rewards), kept as JSON so that opening their screens does not recompute them. A summary
-- holds for the day it was computed on (`as_of`); any change group (every logged write, import,
-- undo and redo) forgets them all, so a summary is never older than the data.
CREATE TABLE summaries (
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    as_of TEXT NOT NULL,
    token TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (kind, year)
) STRICT;

-- The rows of the year's rewards summary (too many for JSON: the Certificates screen pages
-- through them by `seq`).
CREATE TABLE reward_summary (
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    enterprise_id TEXT NOT NULL,
    enterprise TEXT NOT NULL,
    kind TEXT NOT NULL,
    on_day TEXT NOT NULL,
    amount INTEGER NOT NULL,
    paid_on TEXT,
    PRIMARY KEY (year, seq)
) STRICT;

CREATE TRIGGER change_groups_forget_summaries AFTER INSERT ON change_groups
BEGIN
    DELETE FROM summaries;
    DELETE FROM reward_summary;
END;

-- Indexes that only ordered the pool for the list command: the TUI's Pool screen sorts its
-- in-memory index, and the list command's top-N sort of the live rows needs none. Fewer
-- indexes make every enterprise write (and a bulk import's rebuild) cheaper.
DROP INDEX enterprises_name;
DROP INDEX enterprises_rank;
DROP INDEX enterprises_colour;
DROP INDEX enterprises_last_visit;
DROP INDEX enterprises_readiness;

-- Overdue support actions are paged in (due_on, id) order: the index holds the whole order, so a
-- window deep in the Alerts list walks the index alone instead of sorting every overdue action.
DROP INDEX support_actions_open;
CREATE INDEX support_actions_open ON support_actions(due_on, id)
    WHERE deleted_at IS NULL AND status IN ('open', 'in_progress');
