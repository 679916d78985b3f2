-- Issue 14 (as-of view and closed years): who looked after each enterprise from which day, so
-- that a past year's commissioner figures keep the assignment each day had, whatever today's
-- reassignments. The commissioner of an enterprise on day X is its row with the latest
-- `assigned_on` <= X (the latest `id` among rows of one day); no row: nobody.
--
-- `assigned_on` of the commissioner an enterprise is created with is '0000-01-01' ("since its
-- record began"): whether it counts in a past year is said by its pool entry and exit dates, not
-- by the day its row was typed in or imported. A later assignment or reassignment takes effect
-- from the day it is made (the clock's day: it is when the change happened).
CREATE TABLE commissioner_assignments (
    id              INTEGER PRIMARY KEY,
    enterprise_id   TEXT NOT NULL,
    commissioner_id TEXT,
    assigned_on     TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
) STRICT;
CREATE INDEX commissioner_assignments_enterprise
    ON commissioner_assignments(enterprise_id, assigned_on, id);

-- Files made before the history: each current assignment is taken to have always held.
INSERT INTO commissioner_assignments (enterprise_id, commissioner_id, assigned_on, recorded_at)
SELECT id, commissioner_id, '0000-01-01', strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')
FROM enterprises WHERE commissioner_id IS NOT NULL;

-- Written by the file itself on every path that sets a commissioner (forms, imports, undo and
-- redo, synced operations), so no path can forget it.
CREATE TRIGGER enterprises_first_assignment AFTER INSERT ON enterprises
WHEN new.commissioner_id IS NOT NULL
BEGIN
    INSERT INTO commissioner_assignments (enterprise_id, commissioner_id, assigned_on, recorded_at)
    VALUES (new.id, new.commissioner_id, '0000-01-01',
            strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'));
END;

CREATE TRIGGER enterprises_reassignment AFTER UPDATE OF commissioner_id ON enterprises
WHEN old.commissioner_id IS NOT new.commissioner_id
BEGIN
    INSERT INTO commissioner_assignments (enterprise_id, commissioner_id, assigned_on, recorded_at)
    VALUES (new.id, new.commissioner_id, date('now', 'localtime'),
            strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'));
END;
