-- The linkage: this file's versions of synced fields, the origins they came from, conflicts,
-- peers and what they have seen. Derived values are never here; they are recomputed.

-- One row: set while a bundle is applied, so the change triggers do not mark its writes as ours.
CREATE TABLE sync_state (
    one      INTEGER PRIMARY KEY CHECK (one = 1),
    applying INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO sync_state (one, applying) VALUES (1, 0);

-- Fields written here and not yet given a version: filled by triggers, emptied by the stamp.
-- col '' marks a new row, '_deleted' a deleted one.
CREATE TABLE sync_dirty (
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    col    TEXT NOT NULL,
    PRIMARY KEY (tbl, row_id, col)
) STRICT, WITHOUT ROWID;

-- Every origin this file has heard of; `no` is a local short number used in the tables below.
CREATE TABLE sync_origins (
    no      INTEGER PRIMARY KEY,
    id      TEXT NOT NULL UNIQUE,
    file_id TEXT NOT NULL DEFAULT '',
    level   TEXT NOT NULL DEFAULT '',
    region  TEXT NOT NULL DEFAULT '',
    label   TEXT NOT NULL DEFAULT '',
    -- the highest sequence of this origin this file holds (everything up to it, in its scope)
    seen_seq INTEGER NOT NULL DEFAULT -1
) STRICT;

-- The version of each synced field. A row without any entry was written by the file's base
-- origin at sequence 0 (the rows a file held before it synced); col '' is a row's version for
-- every field without an entry of its own; col '_deleted' is the row's existence.
-- `seen` lists, as JSON {origin no: seq}, the versions of this field the writer had seen.
CREATE TABLE sync_versions (
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    col    TEXT NOT NULL,
    origin INTEGER NOT NULL,
    seq    INTEGER NOT NULL,
    hlc    INTEGER NOT NULL,
    who    TEXT,
    seen   TEXT,
    PRIMARY KEY (tbl, row_id, col)
) STRICT, WITHOUT ROWID;
CREATE INDEX sync_versions_origin ON sync_versions (origin, seq);

-- The other surviving values of a field in conflict (the row holds the provisional winner).
CREATE TABLE sync_conflicts (
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    col    TEXT NOT NULL,
    origin INTEGER NOT NULL,
    seq    INTEGER NOT NULL,
    hlc    INTEGER NOT NULL,
    who    TEXT,
    seen   TEXT,
    value  ANY,
    PRIMARY KEY (tbl, row_id, col, origin, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX sync_conflicts_origin ON sync_conflicts (origin, seq);

-- The same record created on two machines (one credit code, one natural key): the alias id
-- now means the canonical one.
CREATE TABLE sync_aliases (
    tbl       TEXT NOT NULL,
    alias     TEXT NOT NULL,
    canonical TEXT NOT NULL,
    PRIMARY KEY (tbl, alias)
) STRICT, WITHOUT ROWID;

-- Field versions whose row has not arrived yet (kept as they came, applied when it does).
CREATE TABLE sync_orphans (
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    col    TEXT NOT NULL,
    origin INTEGER NOT NULL,
    seq    INTEGER NOT NULL,
    hlc    INTEGER NOT NULL,
    who    TEXT,
    seen   TEXT,
    value  ANY,
    PRIMARY KEY (tbl, row_id, col, origin, seq)
) STRICT, WITHOUT ROWID;

-- Files this one exchanged bundles with: what each had seen when it last wrote a bundle
-- (JSON {origin id: seq}), and when we last heard from it and wrote for it.
CREATE TABLE sync_peers (
    file_id     TEXT PRIMARY KEY,
    origin      TEXT NOT NULL,
    level       TEXT NOT NULL,
    region      TEXT NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    seen        TEXT NOT NULL DEFAULT '{}',
    heard_at    TEXT,
    sent_at     TEXT,
    place       TEXT
) STRICT;
