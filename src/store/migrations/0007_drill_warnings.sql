-- Yorisoi schema v7: warnings passed to supporters in a drill (伝達). The guideline's first
-- target is that warnings reach the supporters within 20 minutes; the coordinator calls
-- each supporter of the people on the drill's sheets and records whether the call got
-- through. Appended, never overwritten: a correction is a new row naming the row it
-- replaces (e.g. "reached" entered for the wrong supporter, corrected to "not reached").
-- Additive only.

CREATE TABLE drill_warnings (
    id           INTEGER PRIMARY KEY,
    drill_id     INTEGER NOT NULL REFERENCES drills(id),
    supporter_id INTEGER NOT NULL REFERENCES supporters(id),
    reached      INTEGER NOT NULL CHECK (reached IN (0, 1)),  -- 1: the warning got through
    warned_at    TEXT NOT NULL,                               -- RFC 3339 UTC
    warned_by    TEXT NOT NULL DEFAULT '',                    -- who passed it (e.g. 本部 佐藤)
    note         TEXT NOT NULL DEFAULT '',
    corrects     INTEGER REFERENCES drill_warnings(id),       -- this row replaces that one
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL CHECK (length(recorded_by) > 0)
) STRICT;
CREATE INDEX drill_warnings_drill ON drill_warnings(drill_id, supporter_id);
CREATE INDEX drill_warnings_supporter ON drill_warnings(supporter_id);
CREATE UNIQUE INDEX drill_warnings_corrects ON drill_warnings(corrects);
