-- Issue 17 (History screen 变更记录 and the enterprise detail's timeline): the change log read a
-- window at a time, newest first, by who, what kind of record, when and which enterprise, from
-- indexes instead of reading the log (millions of rows at 100,000 enterprises). Each index keeps
-- its group's newest first (`seq DESC`), the order the screen reads; `S` reads it backwards.
CREATE INDEX IF NOT EXISTS change_log_enterprise ON change_log(enterprise_id, seq DESC);
CREATE INDEX IF NOT EXISTS change_log_kind ON change_log(entity, seq DESC);
CREATE INDEX IF NOT EXISTS change_log_who ON change_log(commissioner_id, seq DESC);
CREATE INDEX IF NOT EXISTS change_log_at ON change_log(at);
