-- Yorisoi schema v8: disaster mode that ran out by itself is written to the audit log.
-- A period ends at `until` without anyone acting; the first write after that instant
-- appends `disaster.expired` and stamps the period here, so it is logged exactly once.
-- Additive only.

ALTER TABLE disaster_periods ADD COLUMN expiry_logged_at TEXT;  -- RFC 3339: when the log said so
