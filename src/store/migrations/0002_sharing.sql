-- Yorisoi schema v2: disaster mode (災害対策基本法第49条の11第3項).
-- Additive only: schema v1 is released and never edited.

-- Each switch-on and each renewal is one row. Disaster mode is on while the newest row
-- has not been switched off and its `until` has not passed: it ends by itself.
CREATE TABLE disaster_periods (
    id          INTEGER PRIMARY KEY,
    since       TEXT NOT NULL,                     -- RFC 3339: start of the continuous period
    switched_at TEXT NOT NULL,                     -- RFC 3339: this switch-on or renewal
    until       TEXT NOT NULL,                     -- RFC 3339: ends by itself at this instant
    reason      TEXT NOT NULL CHECK (length(reason) > 0),
    switched_by TEXT NOT NULL CHECK (length(switched_by) > 0),
    renews      INTEGER REFERENCES disaster_periods(id),  -- the row this one renewed
    ended_at    TEXT,                              -- RFC 3339: switched off early
    ended_by    TEXT NOT NULL DEFAULT '',
    CHECK (until > switched_at),
    CHECK (since <= switched_at),
    CHECK ((ended_at IS NULL) = (ended_by = ''))
) STRICT;
CREATE INDEX disaster_periods_renews ON disaster_periods(renews);
