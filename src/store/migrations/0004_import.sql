-- Yorisoi import schema: import runs, changes to review, saved column mappings, the
-- shared-information route's candidates and criteria rules.
-- Additive only: it creates new tables and touches none of the earlier ones, so it can
-- run after any schema that has 0001 and 0002.

-- A saved column mapping (列の対応) for next month's file: header text -> column token.
CREATE TABLE import_mappings (
    name       TEXT PRIMARY KEY NOT NULL CHECK (length(name) > 0),
    columns    TEXT NOT NULL,                    -- JSON object {"header": "column-token"}
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- One row per import that was carried out (a dry run writes nothing).
CREATE TABLE imports (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    operator     TEXT NOT NULL,
    file_sha256  TEXT NOT NULL,
    format       TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
    encoding     TEXT NOT NULL,
    mapping      TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',
    route        TEXT NOT NULL CHECK (route IN ('consent', 'opt-in', 'shared-information')),
    rows_read    INTEGER NOT NULL,
    added        INTEGER NOT NULL,
    to_review    INTEGER NOT NULL,
    candidates   INTEGER NOT NULL,
    unchanged    INTEGER NOT NULL,
    rejected     INTEGER NOT NULL
) STRICT;

-- A change found by an import for a person already on the roster: never applied
-- silently; an officer accepts or rejects it.
CREATE TABLE import_changes (
    id             INTEGER PRIMARY KEY,
    import_id      INTEGER NOT NULL REFERENCES imports(id),
    person_id      INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    file_row       INTEGER NOT NULL,
    fields         TEXT NOT NULL,                -- JSON [{"column", "old", "new"}]
    archive_reason TEXT CHECK (archive_reason IN ('moved', 'died', 'entered-facility')),
    archive_on     TEXT CHECK (date(archive_on) IS archive_on),
    status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    decided_at     TEXT,
    decided_by     TEXT NOT NULL DEFAULT '',
    CHECK ((status = 'pending') = (decided_at IS NULL))
) STRICT;
CREATE INDEX import_changes_import ON import_changes(import_id);
CREATE INDEX import_changes_person ON import_changes(person_id);

-- 共有情報方式: people found in welfare data, waiting to be registered.
CREATE TABLE candidates (
    id          INTEGER PRIMARY KEY,
    import_id   INTEGER NOT NULL REFERENCES imports(id),
    file_row    INTEGER NOT NULL,
    document    TEXT NOT NULL,                   -- the validated person document (JSON)
    source      TEXT NOT NULL DEFAULT '',
    found_on    TEXT NOT NULL CHECK (date(found_on) IS found_on),
    person_id   INTEGER REFERENCES persons(id) ON DELETE SET NULL,  -- once registered
    registered_at TEXT
) STRICT;
CREATE INDEX candidates_import ON candidates(import_id);
CREATE INDEX candidates_person ON candidates(person_id);

-- Criteria for the shared-information route, editable by the municipality.
CREATE TABLE eligibility_rules (
    rule      TEXT PRIMARY KEY NOT NULL CHECK (rule IN (
                  'care-level', 'physical-disability', 'intellectual-a', 'alone-aged',
                  'power-device', 'hazard-zone')),
    enabled   INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    threshold INTEGER NOT NULL
) STRICT;
INSERT INTO eligibility_rules (rule, enabled, threshold) VALUES
    ('care-level', 1, 3),            -- 要介護3以上
    ('physical-disability', 1, 2),   -- 身体障害者手帳 1–2級
    ('intellectual-a', 1, 0),        -- 療育手帳A
    ('alone-aged', 1, 75),           -- 一人暮らし 75歳以上
    ('power-device', 1, 0),          -- 電源を要する医療機器
    ('hazard-zone', 1, 0);           -- 浸水・土砂・津波の区域内
