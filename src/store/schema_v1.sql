-- Seedbed schema, version 1.
-- Ids are ULIDs (text). Dates are ISO `YYYY-MM-DD`, datetimes ISO `YYYY-MM-DDTHH:MM:SS` (local time).
-- Money is integer yuan. Every table has created_at / updated_at.

CREATE TABLE commissioners (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    phone       TEXT,
    district    TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE enterprises (
    id              TEXT PRIMARY KEY,
    credit_code     TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    -- pinyin initials of the name, lowercase ASCII, for search (`xjkl` finds 新疆克拉…)
    initials        TEXT NOT NULL DEFAULT '',
    region_code     TEXT NOT NULL,
    district        TEXT NOT NULL,
    township        TEXT,
    address         TEXT,
    industry        TEXT,
    -- one of the 8 state-supported high-tech fields, when known
    hte_field       TEXT,
    founded_on      TEXT,
    contact_name    TEXT,
    contact_phone   TEXT,
    commissioner_id TEXT REFERENCES commissioners(id),
    tier            TEXT NOT NULL,
    honours         TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    deleted_at      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,

    -- Derived values, kept current on every write that affects them (store::derived).
    name_key        TEXT NOT NULL DEFAULT '',  -- pinyin of the name, for sorting by name
    pool            TEXT,              -- current pool membership (status in / leaving / frozen)
    batch           TEXT,
    pool_status     TEXT,
    pool_since      TEXT,
    red             INTEGER NOT NULL DEFAULT 0,
    yellow          INTEGER NOT NULL DEFAULT 0,
    green           INTEGER NOT NULL DEFAULT 0,
    colour          TEXT,              -- worst active project colour, NULL without active projects
    colour_order    INTEGER NOT NULL DEFAULT 3, -- 0 red, 1 yellow, 2 green, 3 none: for sorting
    colour_valid_until TEXT,           -- recompute colours on or after this date (NULL: until data changes)
    last_visit      TEXT,
    planned_visit   TEXT,              -- earliest open planned visit
    next_visit      TEXT,              -- planned_visit, or the date the cadence makes the next visit due
    open_requests   INTEGER NOT NULL DEFAULT 0,
    hte_passed      INTEGER,           -- HTE readiness: conditions passed (of 8) and unknown
    hte_unknown     INTEGER,
    rank            INTEGER,           -- rank in the current ranking of its pool
    score           REAL,
    rank_year       INTEGER
) STRICT;

CREATE INDEX enterprises_name ON enterprises(name_key, name);
CREATE INDEX enterprises_rank ON enterprises(rank, name);
CREATE INDEX enterprises_colour ON enterprises(colour_order, name);
CREATE INDEX enterprises_next_visit ON enterprises(next_visit);
CREATE INDEX enterprises_unplanned ON enterprises(next_visit)
    WHERE planned_visit IS NULL AND deleted_at IS NULL;
CREATE INDEX enterprises_last_visit ON enterprises(last_visit);
CREATE INDEX enterprises_valid_until ON enterprises(colour_valid_until);
CREATE INDEX enterprises_commissioner ON enterprises(commissioner_id);
CREATE INDEX enterprises_district ON enterprises(district);
CREATE INDEX enterprises_readiness ON enterprises(hte_passed);
-- The header's colour counts and the readiness candidates, read from the index alone.
CREATE INDEX enterprises_live_colour ON enterprises(colour) WHERE deleted_at IS NULL;
CREATE INDEX enterprises_candidates ON enterprises(hte_passed DESC, hte_unknown, id)
    WHERE deleted_at IS NULL AND tier IN ('tsme', 'innovative');

CREATE TABLE pool_memberships (
    id              TEXT PRIMARY KEY,
    enterprise_id   TEXT NOT NULL REFERENCES enterprises(id),
    pool            TEXT NOT NULL,
    batch           TEXT NOT NULL,
    status          TEXT NOT NULL,
    entered_on      TEXT NOT NULL,
    left_on         TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX pool_memberships_enterprise ON pool_memberships(enterprise_id);

CREATE TABLE certificates (
    id              TEXT PRIMARY KEY,
    enterprise_id   TEXT NOT NULL REFERENCES enterprises(id),
    kind            TEXT NOT NULL,
    number          TEXT NOT NULL,
    issued_on       TEXT NOT NULL,
    expires_on      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX certificates_enterprise ON certificates(enterprise_id);
CREATE INDEX certificates_expires ON certificates(kind, expires_on, id);

CREATE TABLE figures (
    id              TEXT PRIMARY KEY,
    enterprise_id   TEXT NOT NULL REFERENCES enterprises(id),
    year            INTEGER NOT NULL,
    staff           INTEGER,
    scitech_staff   INTEGER,
    sales           INTEGER,
    total_income    INTEGER,
    hightech_income INTEGER,
    rd_spend        INTEGER,
    rd_domestic     INTEGER,
    net_assets      INTEGER,
    total_assets    INTEGER,
    liabilities     INTEGER,
    ip_class1       INTEGER,
    ip_class2       INTEGER,
    results_transferred INTEGER,
    rd_mgmt_score   REAL,
    major_incident  INTEGER,
    annual_report_filed TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (enterprise_id, year)
) STRICT;

CREATE TABLE projects (
    id              TEXT PRIMARY KEY,
    enterprise_id   TEXT NOT NULL REFERENCES enterprises(id),
    name            TEXT NOT NULL,
    level           TEXT NOT NULL,
    programme       TEXT,
    budget          INTEGER,
    start_on        TEXT NOT NULL,
    planned_end     TEXT NOT NULL,
    extended_end    TEXT,
    acceptance_applied TEXT,
    acceptance_passed  TEXT,
    risk_flag       TEXT,              -- a commissioner's risk note (makes the project at least yellow)
    -- derived
    colour          TEXT NOT NULL DEFAULT 'green',
    computed_colour TEXT NOT NULL DEFAULT 'green',
    valid_until     TEXT,
    alert_date      TEXT,              -- the date behind the main reason (worst first = oldest first)
    deleted_at      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX projects_enterprise ON projects(enterprise_id);
-- The alerts list (live, not yet accepted projects by colour), in list order: counted and paged
-- from the index alone.
CREATE INDEX projects_colour ON projects(colour, alert_date, id)
    WHERE deleted_at IS NULL AND acceptance_passed IS NULL;

CREATE TABLE milestones (
    id              TEXT PRIMARY KEY,
    project_id      TEXT NOT NULL REFERENCES projects(id),
    seq             INTEGER NOT NULL,
    name            TEXT NOT NULL,
    planned_on      TEXT NOT NULL,
    done_on         TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX milestones_project ON milestones(project_id, seq);

CREATE TABLE colour_overrides (
    id              TEXT PRIMARY KEY,
    project_id      TEXT NOT NULL REFERENCES projects(id),
    colour          TEXT NOT NULL,
    reason          TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    commissioner_id TEXT REFERENCES commissioners(id),
    active          INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX colour_overrides_project ON colour_overrides(project_id);

CREATE TABLE visits (
    id              TEXT PRIMARY KEY,
    enterprise_id   TEXT NOT NULL REFERENCES enterprises(id),
    planned_on      TEXT,
    done_on         TEXT,
    cancelled_on    TEXT,
    mode            TEXT NOT NULL,
    commissioner_id TEXT REFERENCES commissioners(id),
    attendees       TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK (planned_on IS NOT NULL OR done_on IS NOT NULL)
) STRICT;
CREATE INDEX visits_enterprise ON visits(enterprise_id, done_on);
CREATE INDEX visits_open_plans ON visits(planned_on, id) WHERE done_on IS NULL AND cancelled_on IS NULL;

CREATE TABLE requests (
    id              TEXT PRIMARY KEY,
    enterprise_id   TEXT NOT NULL REFERENCES enterprises(id),
    visit_id        TEXT REFERENCES visits(id),
    raised_at       TEXT NOT NULL,
    category        TEXT NOT NULL,
    text            TEXT NOT NULL,
    first_response_at TEXT,
    status          TEXT NOT NULL,
    closed_at       TEXT,
    resolution      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX requests_enterprise ON requests(enterprise_id);
CREATE INDEX requests_open ON requests(raised_at, id) WHERE status IN ('open', 'in_progress');
-- Requests past the 24-hour clock (the header), counted from the index alone.
CREATE INDEX requests_unanswered ON requests(raised_at)
    WHERE status IN ('open', 'in_progress') AND first_response_at IS NULL;

CREATE TABLE activities (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    held_on         TEXT NOT NULL,
    kind            TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE attendance (
    id              TEXT PRIMARY KEY,
    activity_id     TEXT NOT NULL REFERENCES activities(id),
    enterprise_id   TEXT NOT NULL REFERENCES enterprises(id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (activity_id, enterprise_id)
) STRICT;
CREATE INDEX attendance_enterprise ON attendance(enterprise_id);

CREATE TABLE rankings (
    id              TEXT PRIMARY KEY,
    enterprise_id   TEXT NOT NULL REFERENCES enterprises(id),
    pool            TEXT NOT NULL,
    year            INTEGER NOT NULL,
    rank            INTEGER NOT NULL,
    score           REAL NOT NULL,
    innovation      REAL NOT NULL,
    growth          REAL NOT NULL,
    participation   REAL NOT NULL,
    short_board     TEXT NOT NULL,
    previous_rank   INTEGER,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (pool, year, enterprise_id)
) STRICT;
CREATE INDEX rankings_enterprise ON rankings(enterprise_id, year);
CREATE INDEX rankings_pool_year ON rankings(pool, year, rank);

-- The bureau's action-plan targets (行动方案目标): one value per scope, metric and year. `district`
-- is a district name, or '' for the whole pool.
CREATE TABLE targets (
    id              TEXT PRIMARY KEY,
    district        TEXT NOT NULL DEFAULT '',
    metric          TEXT NOT NULL,
    year            INTEGER NOT NULL,
    value           REAL NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (district, metric, year)
) STRICT;

-- The support plan of an enterprise (一企一策) and its action ledger (帮扶台账).
CREATE TABLE support_actions (
    id              TEXT PRIMARY KEY,
    enterprise_id   TEXT NOT NULL REFERENCES enterprises(id),
    action          TEXT NOT NULL CHECK (length(trim(action)) > 0),
    unit            TEXT NOT NULL DEFAULT '',   -- responsible unit (责任单位)
    person          TEXT NOT NULL DEFAULT '',   -- who (责任人)
    due_on          TEXT,
    status          TEXT NOT NULL DEFAULT 'open',
    done_on         TEXT,
    deleted_at      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX support_actions_enterprise ON support_actions(enterprise_id);
CREATE INDEX support_actions_open ON support_actions(due_on)
    WHERE deleted_at IS NULL AND status IN ('open', 'in_progress');

-- Rewards paid (奖励台账); eligibility is computed from certificates and pool entries, a row here
-- records the payment.
CREATE TABLE rewards (
    id              TEXT PRIMARY KEY,
    enterprise_id   TEXT NOT NULL REFERENCES enterprises(id),
    kind            TEXT NOT NULL,
    year            INTEGER NOT NULL,
    amount          INTEGER NOT NULL,
    paid_on         TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (enterprise_id, kind, year)
) STRICT;

-- Every saved change: who, when, what, before → after (JSON). A group is one saved form (or one
-- import, or one undo); undo restores a group's rows in reverse order.
CREATE TABLE change_groups (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    at              TEXT NOT NULL,
    commissioner_id TEXT,
    label           TEXT NOT NULL,
    -- set when this group was undone (and cleared by redo)
    undone_at       TEXT,
    -- for an undo or redo group: the group it undid or redid
    reverts         INTEGER
) STRICT;

CREATE TABLE change_log (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id        INTEGER REFERENCES change_groups(id),
    at              TEXT NOT NULL,
    commissioner_id TEXT,
    entity          TEXT NOT NULL,
    entity_id       TEXT NOT NULL,
    enterprise_id   TEXT,
    action          TEXT NOT NULL,
    before          TEXT,
    after           TEXT
) STRICT;
CREATE INDEX change_log_group ON change_log(group_id, seq);
CREATE INDEX change_log_entity ON change_log(entity_id);

-- A form being typed, saved as it changes so that nothing is lost if the process dies.
CREATE TABLE drafts (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    target_id       TEXT,
    data            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

-- The commissioner using this file (chosen once) and other settings.
-- Key/value facts about the file itself (e.g. the date derived values were computed for).
CREATE TABLE meta (
    key             TEXT PRIMARY KEY,
    value           TEXT NOT NULL
) STRICT;
