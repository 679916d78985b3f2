-- Ledgers that can be closed (issue 14, item 9).
--
-- A reward's payment names the document it was paid under (拨付文号), beside the day and the
-- amount already kept.
ALTER TABLE rewards ADD COLUMN document TEXT;

-- A membership's status (in, leaving, out, frozen) is set with the day it took effect and why.
-- Older files knew the day only for memberships still in (the day they entered) and those out
-- (the day they left); a leaving or frozen one's day is unknown and stays NULL.
ALTER TABLE pool_memberships ADD COLUMN status_on TEXT;
ALTER TABLE pool_memberships ADD COLUMN status_reason TEXT;
UPDATE pool_memberships SET status_on = CASE status
    WHEN 'in' THEN entered_on
    WHEN 'out' THEN coalesce(left_on, entered_on)
    END;
