-- Yorisoi schema step 23: the municipality's shelters (#22). Additive only.
--
-- A shelter comes from a published registry file (国土地理院 指定緊急避難場所 / 指定避難所,
-- the open data set's 指定緊急避難場所一覧), keyed by its 共通ID / ID, or is entered by the
-- officer. A 指定緊急避難場所 is designated per kind of hazard (shelter_hazards). An import
-- never changes a shelter: it leaves changes to review (new, changed, gone), and only an
-- officer's acceptance writes them. A shelter gone from the registry keeps its row (plans
-- may point at it) with the day it went.

CREATE TABLE shelters (
    id                INTEGER PRIMARY KEY,
    registry_key      TEXT UNIQUE,                    -- 共通ID / ID; NULL when entered by hand
    name              TEXT NOT NULL CHECK (name <> ''),
    address           TEXT NOT NULL DEFAULT '',
    municipality      TEXT NOT NULL DEFAULT '',
    emergency_site    INTEGER NOT NULL DEFAULT 0 CHECK (emergency_site = 0 OR emergency_site = 1),
    evacuation_centre INTEGER NOT NULL DEFAULT 0 CHECK (evacuation_centre = 0 OR evacuation_centre = 1),
    lat               REAL CHECK (lat IS NULL OR (lat >= 20 AND lat <= 46)),
    lon               REAL CHECK (lon IS NULL OR (lon >= 122 AND lon <= 154)),
    capacity          INTEGER CHECK (capacity IS NULL OR capacity >= 0),
    accepts           TEXT NOT NULL DEFAULT '',       -- 受入対象者, in the file's words
    associations      TEXT NOT NULL DEFAULT '',       -- 対象となる町会・自治会, ';'-separated
    note              TEXT NOT NULL DEFAULT '',
    -- A 福祉避難所: 指定 (direct evacuation within capacity) or 協定 (opened on request).
    welfare           TEXT CHECK (welfare = 'designated' OR welfare = 'agreement'),
    family            INTEGER NOT NULL DEFAULT 1 CHECK (family >= 0),   -- family members who may come
    contact           TEXT NOT NULL DEFAULT '',
    equipment         TEXT NOT NULL DEFAULT '',       -- 電源, 酸素, 介護ベッド …, ';'-separated
    gone_on           TEXT CHECK (date(gone_on) IS gone_on),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;

CREATE TABLE shelter_hazards (
    shelter_id INTEGER NOT NULL REFERENCES shelters(id) ON DELETE CASCADE,
    hazard     TEXT NOT NULL CHECK (hazard = 'flood' OR hazard = 'landslide'
                   OR hazard = 'storm-surge' OR hazard = 'earthquake' OR hazard = 'tsunami'
                   OR hazard = 'large-fire' OR hazard = 'inland-flood' OR hazard = 'volcano'),
    PRIMARY KEY (shelter_id, hazard)
) STRICT, WITHOUT ROWID;

-- Whom a 福祉避難所 accepts (受入対象者の公示).
CREATE TABLE shelter_groups (
    shelter_id INTEGER NOT NULL REFERENCES shelters(id) ON DELETE CASCADE,
    grp        TEXT NOT NULL CHECK (grp = 'elderly' OR grp = 'disabled' OR grp = 'disabled-child'
                   OR grp = 'infant' OR grp = 'pregnant' OR grp = 'injured'
                   OR grp = 'intractable-disease' OR grp = 'medical-care'),
    PRIMARY KEY (shelter_id, grp)
) STRICT, WITHOUT ROWID;

CREATE TABLE shelter_imports (
    id           INTEGER PRIMARY KEY,
    layout       TEXT NOT NULL CHECK (layout = 'gsi-emergency' OR layout = 'gsi-evacuation'
                                      OR layout = 'open-data-emergency'),
    file_name    TEXT NOT NULL,
    file_sha256  TEXT NOT NULL,
    municipality TEXT NOT NULL,
    entries      INTEGER NOT NULL,
    outside      INTEGER NOT NULL,
    imported_at  TEXT NOT NULL,
    imported_by  TEXT NOT NULL
) STRICT;

-- What an import found, kept until an officer decides. `entry` is the registry's row (JSON)
-- for a new or changed shelter; `fields` names what differs.
CREATE TABLE shelter_changes (
    id           INTEGER PRIMARY KEY,
    import_id    INTEGER NOT NULL REFERENCES shelter_imports(id),
    registry_key TEXT NOT NULL,
    shelter_id   INTEGER REFERENCES shelters(id),
    change       TEXT NOT NULL CHECK (change = 'new' OR change = 'changed' OR change = 'gone'),
    layout       TEXT NOT NULL,
    entry        TEXT NOT NULL DEFAULT '',
    fields       TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status = 'pending' OR status = 'accepted'
                                                        OR status = 'rejected' OR status = 'superseded'),
    decided_at   TEXT,
    decided_by   TEXT NOT NULL DEFAULT '',
    CHECK ((status = 'pending') = (decided_at IS NULL)),
    CHECK ((change = 'new') = (shelter_id IS NULL))
) STRICT;
CREATE UNIQUE INDEX shelter_changes_pending ON shelter_changes(registry_key, layout)
    WHERE status = 'pending';
