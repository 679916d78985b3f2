-- views: each person's saved views (a screen with its sort, filter and search, `:view save NAME`)
-- and the view each person last had, restored at start. They belong to the person at the
-- keyboard (`owner`: a commissioner's id, '' for nobody chosen) and to this file only: the
-- linkage carries neither table (they are not in store::sync::columns::TABLES). The view itself
-- is JSON written by app::saved_views (codes, not labels). New tables: older files need nothing
-- else.
CREATE TABLE IF NOT EXISTS saved_views (
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (owner, name)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS last_views (
    owner TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
