-- Yorisoi schema v5: safety-check drills (安否確認訓練). A drill names its districts; its
-- check sheets are ledger copies (kind 'drill-sheet') linked here, and the people on them
-- are the people the drill must reach. Results are appended, never overwritten: a
-- correction is a new row that names the row it corrects. Additive only.

CREATE TABLE drills (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL CHECK (length(name) > 0),
    held_on            TEXT NOT NULL CHECK (date(held_on) IS held_on),
    scenario           TEXT NOT NULL DEFAULT '',            -- e.g. 大雨・高齢者等避難
    starts_at          TEXT NOT NULL,                       -- RFC 3339 UTC
    warn_target_min    INTEGER NOT NULL DEFAULT 20 CHECK (warn_target_min > 0),
    confirm_target_min INTEGER NOT NULL DEFAULT 90 CHECK (confirm_target_min > 0),
    disaster           INTEGER NOT NULL DEFAULT 0 CHECK (disaster IN (0, 1)),
    lessons            TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    created_by         TEXT NOT NULL CHECK (length(created_by) > 0)
) STRICT;

CREATE TABLE drill_districts (
    drill_id    INTEGER NOT NULL REFERENCES drills(id),
    district_id INTEGER NOT NULL REFERENCES districts(id),
    PRIMARY KEY (drill_id, district_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX drill_districts_district ON drill_districts(district_id);

-- The check sheets printed for a drill (each one a copy in the ledger).
CREATE TABLE drill_sheets (
    drill_id    INTEGER NOT NULL REFERENCES drills(id),
    issuance_id INTEGER NOT NULL UNIQUE REFERENCES issuances(id),
    district_id INTEGER NOT NULL REFERENCES districts(id),
    PRIMARY KEY (drill_id, issuance_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX drill_sheets_district ON drill_sheets(district_id);

-- Results as entered: status, when (from the paper), who checked, who typed it in.
CREATE TABLE drill_checks (
    id          INTEGER PRIMARY KEY,
    drill_id    INTEGER NOT NULL REFERENCES drills(id),
    person_id   INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('safe', 'needs-help', 'not-home', 'unreached')),
    checked_at  TEXT NOT NULL,                              -- RFC 3339 UTC
    checked_by  TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    corrects    INTEGER REFERENCES drill_checks(id),        -- this row replaces that one
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL CHECK (length(recorded_by) > 0)
) STRICT;
CREATE INDEX drill_checks_drill ON drill_checks(drill_id, person_id);
CREATE INDEX drill_checks_person ON drill_checks(person_id);
CREATE UNIQUE INDEX drill_checks_corrects ON drill_checks(corrects);
