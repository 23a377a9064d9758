-- Yorisoi schema step 20: the plan comes back as a filled spreadsheet (#21). Additive only.
--
-- The office is handed a form (XLSX) per person with the plan's items filled in; it comes
-- back filled and is read as a change to review (import_changes, through an `imports` row
-- of its own), which an officer accepts or rejects like an import's. The form carries a key
-- (HMAC-SHA256 over its serial, its person and its commission) made with this roster's
-- form secret, so a form of another person, of another roster, or with an altered key is
-- refused.

-- The secret the forms' keys are made with: one row, made with the first form. It never
-- leaves the encrypted roster (not in the settings, which are shown and audited).
CREATE TABLE form_secret (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    secret     BLOB NOT NULL CHECK (length(secret) = 32),
    created_at TEXT NOT NULL
) STRICT;

-- One row per form handed out; its id is the form's serial (様式番号). `fields` is what
-- the form was filled in with (JSON [[token, value], …], in the form's order): a field
-- the office left as it was is not a change, even when the roster changed since.
CREATE TABLE commission_forms (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    commission_id INTEGER REFERENCES commissions(id) ON DELETE SET NULL,
    fields        TEXT NOT NULL,
    issued_at     TEXT NOT NULL,
    issued_by     TEXT NOT NULL CHECK (length(issued_by) > 0)
) STRICT;
CREATE INDEX commission_forms_person ON commission_forms(person_id);
CREATE INDEX commission_forms_commission ON commission_forms(commission_id);

-- One row per form read back. A read that found changes made an `imports` row and a
-- change to review; one that found none has neither.
CREATE TABLE commission_form_reads (
    id          INTEGER PRIMARY KEY,
    form_id     INTEGER NOT NULL REFERENCES commission_forms(id) ON DELETE CASCADE,
    import_id   INTEGER REFERENCES imports(id),
    change_id   INTEGER REFERENCES import_changes(id) ON DELETE CASCADE,
    file_sha256 TEXT NOT NULL,
    changes     INTEGER NOT NULL CHECK (changes >= 0),
    read_at     TEXT NOT NULL,
    read_by     TEXT NOT NULL CHECK (length(read_by) > 0),
    CHECK ((changes = 0) = (change_id IS NULL))
) STRICT;
CREATE INDEX commission_form_reads_form ON commission_form_reads(form_id);
CREATE INDEX commission_form_reads_import ON commission_form_reads(import_id);
CREATE INDEX commission_form_reads_change ON commission_form_reads(change_id);
