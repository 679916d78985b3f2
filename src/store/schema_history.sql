-- Issue 17 (History screen 变更记录 and the enterprise detail's timeline): the change log read a
-- window at a time, newest first, by who, what kind of record, when and which enterprise, from
-- narrow indexes instead of the log's rows (millions at 100,000 enterprises, each with its JSON):
-- a page's OFFSET then steps over index entries. Each index keeps its group newest first
-- (`seq DESC`), the order the screen reads (`S` reads it backwards), with the time beside it so
-- that a period is filtered inside the index too.
CREATE INDEX IF NOT EXISTS change_log_seq ON change_log(seq, at);
CREATE INDEX IF NOT EXISTS change_log_kind ON change_log(entity, seq DESC, at);
CREATE INDEX IF NOT EXISTS change_log_who ON change_log(commissioner_id, seq DESC, at);
CREATE INDEX IF NOT EXISTS change_log_enterprise ON change_log(enterprise_id, seq DESC);
CREATE INDEX IF NOT EXISTS change_log_at ON change_log(at);
