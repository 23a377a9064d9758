-- Yorisoi schema v9: officer accounts (#14). Each account opens the roster through its own
-- key slot in the key file beside it (roster.keys); this table, inside the encrypted
-- roster, is what grants the account its role, so the key file alone grants nothing.
-- Additive only.

CREATE TABLE roster_meta (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    roster_id TEXT NOT NULL          -- hex, the same id as in the key file
) STRICT;

CREATE TABLE accounts (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('admin', 'officer', 'viewer')),
    slot_id    INTEGER NOT NULL,     -- its slot in the key file
    created_at TEXT NOT NULL,        -- RFC 3339
    created_by TEXT NOT NULL,
    removed_at TEXT,                 -- RFC 3339; a removed account's slot is gone too
    removed_by TEXT NOT NULL DEFAULT ''
) STRICT;
-- One active account per name; a removed name may be given again.
CREATE UNIQUE INDEX accounts_active_name ON accounts(name) WHERE removed_at IS NULL;
