-- The alerts list: live, not yet accepted red and yellow projects of live enterprises, in list
-- order (colour, then `alert_date` ('' for none: it sorts first), then project id), with what
-- a line shows and the facts its reasons are computed from (`facts`, JSON).
--
-- A window of the list is one run of pages whatever the size of the pool; before, each line
-- read its project, enterprise and milestones from pages all over the file. A window next to
-- one read before starts from its first or last line (`(alert_date, project_id) > (?, ?)`).
--
-- Kept with the other derived values (`derived::recompute`). Forgetting the day they were
-- computed for makes the next refresh recompute them all, which fills the list.
CREATE TABLE alert_list (
    colour TEXT NOT NULL,
    alert_date TEXT NOT NULL,
    project_id TEXT NOT NULL,
    enterprise_id TEXT NOT NULL,
    project TEXT NOT NULL,
    enterprise TEXT NOT NULL,
    level TEXT NOT NULL,
    facts TEXT NOT NULL,
    PRIMARY KEY (colour, alert_date, project_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX alert_list_enterprise ON alert_list(enterprise_id);
DELETE FROM meta WHERE key = 'derived_on';

-- The projects' index that ordered the list before. `projects.alert_date` is no longer
-- written (the list keeps its own); the column stays because logged rows name it (undo puts
-- them back as they were).
DROP INDEX projects_colour;

-- Enterprise indexes, fewer and smaller (every enterprise write, and a bulk import's rebuild,
-- costs less). No query reads next_visit in index order: the visits-due count reads
-- enterprises_unplanned, and the list command sorts by `next_visit IS NULL, next_visit`, which
-- no index gives.
DROP INDEX enterprises_next_visit;
-- Indexes of columns most enterprises leave NULL hold only the rows that set them: every query
-- of these columns compares them (`<=`, `=`, `IS NOT NULL`), which implies NOT NULL, so the
-- partial index serves it. A new enterprise (no projects yet, often no commissioner) is not in
-- them at all, so a bulk import keeps them in place instead of rebuilding them.
DROP INDEX enterprises_valid_until;
CREATE INDEX enterprises_valid_until ON enterprises(colour_valid_until)
    WHERE colour_valid_until IS NOT NULL;
DROP INDEX enterprises_commissioner;
CREATE INDEX enterprises_commissioner ON enterprises(commissioner_id)
    WHERE commissioner_id IS NOT NULL;
