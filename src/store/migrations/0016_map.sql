-- Yorisoi schema step 16: where people live (#17). Additive only.
--
-- Hazard areas from the municipality's own files (国土数値情報 浸水想定区域, 土砂災害警戒区域,
-- 津波浸水想定), the address positions of the ministry's 位置参照情報, each person's home
-- placed on them, and the hazard zones those give, kept as changes to review. Like every
-- other page of the roster, all of it is inside the encrypted database.

-- One imported hazard file. A layer is used while it is not retired; a retired layer stays
-- for the changes that name it.
CREATE TABLE hazard_layers (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind = 'flood' OR kind = 'landslide' OR kind = 'tsunami'),
    name        TEXT NOT NULL CHECK (length(name) > 0),      -- the file's name
    source      TEXT NOT NULL CHECK (length(source) > 0),    -- 出典, as the officer wrote it
    dated       TEXT NOT NULL CHECK (date(dated) IS dated),  -- the data's date
    crs         TEXT NOT NULL,                               -- the file's coordinate system
    file_sha256 TEXT NOT NULL,
    features    INTEGER NOT NULL CHECK (features > 0),
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    retired_at  TEXT,
    retired_by  TEXT NOT NULL DEFAULT ''
) STRICT;

-- A layer's areas, one row per feature of the file, in JGD2011 degrees (geo::stored's form)
-- with their bounding box.
CREATE TABLE hazard_shapes (
    layer_id INTEGER NOT NULL REFERENCES hazard_layers(id),
    feature  INTEGER NOT NULL,
    min_lon  REAL NOT NULL,
    min_lat  REAL NOT NULL,
    max_lon  REAL NOT NULL,
    max_lat  REAL NOT NULL,
    geometry BLOB NOT NULL,
    PRIMARY KEY (layer_id, feature)
) STRICT;

-- One imported 位置参照情報 file.
CREATE TABLE position_files (
    id          INTEGER PRIMARY KEY,
    level       TEXT NOT NULL CHECK (level = 'block' OR level = 'town'),
    name        TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    entries     INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
) STRICT;

-- The address positions: a 町丁目 (block 0 = the 町丁目 itself) or one of its 街区, the names
-- normalised as geo::address::normalise writes them. A later file's entry replaces an
-- earlier one for the same place.
CREATE TABLE address_points (
    city    TEXT NOT NULL,                 -- 市区町村名
    town    TEXT NOT NULL,                 -- 大字・町丁目名
    koaza   TEXT NOT NULL,                 -- 小字・通称名 ('' when none)
    block   INTEGER NOT NULL CHECK (block >= 0),
    lon     REAL NOT NULL,
    lat     REAL NOT NULL,
    file_id INTEGER NOT NULL REFERENCES position_files(id),
    PRIMARY KEY (city, town, koaza, block)
) STRICT, WITHOUT ROWID;

-- Where a person's home is: matched to a 街区 (block) or a 町丁目 (town), set by hand
-- (manual), not found (none), or waiting to be placed (pending: the address is new or
-- changed; placed before the write that changed it commits).
CREATE TABLE person_positions (
    person_id INTEGER PRIMARY KEY REFERENCES persons(id) ON DELETE CASCADE,
    level     TEXT NOT NULL CHECK (level = 'block' OR level = 'town' OR level = 'manual'
                                   OR level = 'none' OR level = 'pending'),
    lon       REAL,
    lat       REAL,
    address   TEXT NOT NULL,               -- the address it was placed for
    placed_at TEXT NOT NULL DEFAULT '',
    placed_by TEXT NOT NULL DEFAULT '',
    CHECK ((lon IS NULL) = (level = 'none' OR level = 'pending')),
    CHECK ((lon IS NULL) = (lat IS NULL))
) STRICT;
CREATE INDEX person_positions_pending ON person_positions(person_id) WHERE level = 'pending';
-- An area reads the homes inside its bounding box, and those not placed, from these
-- alone (how each was placed included): no position row is read.
CREATE INDEX person_positions_lon ON person_positions(lon, lat, level) WHERE lon IS NOT NULL;
CREATE INDEX person_positions_unplaced ON person_positions(person_id, level) WHERE lon IS NULL;

-- A new person is placed once positions exist; a changed address is placed again, even
-- one set by hand (it was for the old home).
CREATE TRIGGER person_positions_added AFTER INSERT ON persons
WHEN EXISTS (SELECT 1 FROM address_points)
BEGIN
    INSERT INTO person_positions (person_id, level, address)
    VALUES (new.id, 'pending', new.address);
END;

CREATE TRIGGER person_positions_moved AFTER UPDATE OF address ON persons
WHEN old.address IS NOT new.address
BEGIN
    INSERT INTO person_positions (person_id, level, address)
    VALUES (new.id, 'pending', new.address)
    ON CONFLICT (person_id) DO UPDATE SET
        level = 'pending', lon = NULL, lat = NULL, address = new.address,
        placed_at = '', placed_by = '';
END;

-- A hazard zone the layers give that differs from the person's record: never applied
-- silently. `layers` is a JSON array of the layer ids that decided it (those holding the
-- home when `new` is 1, every layer of the kind in use when it is 0). A later check that
-- finds the record right after all, or another answer, supersedes it.
CREATE TABLE zone_changes (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind = 'flood' OR kind = 'landslide' OR kind = 'tsunami'),
    old        INTEGER NOT NULL CHECK (old = 0 OR old = 1),
    new        INTEGER NOT NULL CHECK (new = 0 OR new = 1),
    layers     TEXT NOT NULL,
    found_at   TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'pending' CHECK (status = 'pending' OR status = 'accepted'
                                                      OR status = 'rejected' OR status = 'superseded'),
    decided_at TEXT,
    decided_by TEXT NOT NULL DEFAULT '',
    CHECK (old <> new),
    CHECK ((status = 'pending') = (decided_at IS NULL))
) STRICT;
CREATE INDEX zone_changes_person ON zone_changes(person_id, kind);
CREATE UNIQUE INDEX zone_changes_pending ON zone_changes(person_id, kind) WHERE status = 'pending';
