-- The alerts list reads a window from a row it read before (a keyset read: `(alert_date, id) >
-- (?, ?)`), which needs a sort key without NULLs. Derived values now write '' for "no date",
-- which sorts first as NULL did.
UPDATE projects SET alert_date = '' WHERE alert_date IS NULL;
