-- Yorisoi schema v3: the copy ledger (交付台帳). Every printed list and plan sheet that
-- leaves the office is an issuance, with the people it holds, so a lost copy's people can
-- be told. Additive only.

CREATE TABLE issuances (
    id             INTEGER PRIMARY KEY,
    serial         TEXT NOT NULL UNIQUE,            -- 2026-00001: printed on every page
    kind           TEXT NOT NULL CHECK (kind IN ('simple-list', 'detailed-list', 'plan-sheets', 'drill-sheet')),
    recipient_id   INTEGER REFERENCES recipients(id),  -- NULL: office / the person's own copy
    recipient_name TEXT NOT NULL,                   -- as printed
    custodian      TEXT NOT NULL DEFAULT '',        -- 管理責任者 when issued
    cut            TEXT NOT NULL DEFAULT '',        -- district / association / block, as printed
    profile        TEXT NOT NULL,                   -- field tokens printed
    disaster       INTEGER NOT NULL CHECK (disaster IN (0, 1)),
    locked         INTEGER NOT NULL CHECK (locked IN (0, 1)),
    person_count   INTEGER NOT NULL CHECK (person_count >= 0),
    pages          INTEGER NOT NULL CHECK (pages > 0),
    sha256         TEXT NOT NULL,                   -- of the file as saved
    issued_at      TEXT NOT NULL,                   -- RFC 3339
    issued_by      TEXT NOT NULL CHECK (length(issued_by) > 0),
    due_back       TEXT,                            -- ISO date; NULL: not to be collected
    status         TEXT NOT NULL DEFAULT 'issued'
                   CHECK (status IN ('issued', 'returned', 'destroyed', 'lost')),
    status_at      TEXT,                            -- RFC 3339 of the last status change
    status_by      TEXT NOT NULL DEFAULT '',
    status_note    TEXT NOT NULL DEFAULT '',
    reprint_of     INTEGER REFERENCES issuances(id),
    reprint_reason TEXT NOT NULL DEFAULT '',
    CHECK ((status = 'issued') = (status_at IS NULL)),
    CHECK ((reprint_of IS NULL) = (reprint_reason = ''))
) STRICT;
CREATE INDEX issuances_recipient ON issuances(recipient_id);
CREATE INDEX issuances_reprint_of ON issuances(reprint_of);
CREATE INDEX issuances_status ON issuances(status, due_back);

-- The people on each copy.
CREATE TABLE issuance_persons (
    issuance_id INTEGER NOT NULL REFERENCES issuances(id),
    person_id   INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    PRIMARY KEY (issuance_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX issuance_persons_person ON issuance_persons(person_id);

-- Status changes, oldest first (returned, destroyed, lost; a lost copy may turn up).
CREATE TABLE issuance_events (
    id          INTEGER PRIMARY KEY,
    issuance_id INTEGER NOT NULL REFERENCES issuances(id),
    status      TEXT NOT NULL CHECK (status IN ('returned', 'destroyed', 'lost')),
    at          TEXT NOT NULL,
    recorded_by TEXT NOT NULL CHECK (length(recorded_by) > 0),
    note        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX issuance_events_issuance ON issuance_events(issuance_id);

-- Consent letters (同意確認の依頼文) sent to people, so "no answer after a letter" can be
-- followed up. One row per person per mailing.
CREATE TABLE letters (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    batch     TEXT NOT NULL,                        -- the mailing: L2026-00001
    sent_on   TEXT NOT NULL CHECK (date(sent_on) IS sent_on),
    sent_by   TEXT NOT NULL CHECK (length(sent_by) > 0)
) STRICT;
CREATE INDEX letters_person ON letters(person_id, sent_on);
CREATE INDEX letters_batch ON letters(batch);
