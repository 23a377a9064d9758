-- Yorisoi schema v1.
-- Every table is STRICT; every foreign key has an index; tokens are checked in SQL so a
-- bad value can never be stored even by a future bug in the Rust layer.
-- Dates are ISO 8601 TEXT ('YYYY-MM-DD'); instants are RFC 3339 UTC TEXT.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

-- 地区 / 自治会 / 班: how lists are cut and distributed.
CREATE TABLE districts (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) > 0)
) STRICT;

CREATE TABLE associations (
    id          INTEGER PRIMARY KEY,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    name        TEXT NOT NULL CHECK (length(name) > 0),
    UNIQUE (district_id, name)
) STRICT;
CREATE INDEX associations_district ON associations(district_id);

CREATE TABLE blocks (
    id             INTEGER PRIMARY KEY,
    association_id INTEGER NOT NULL REFERENCES associations(id),
    name           TEXT NOT NULL CHECK (length(name) > 0),
    UNIQUE (association_id, name)
) STRICT;
CREATE INDEX blocks_association ON blocks(association_id);

-- 避難行動要支援者: one row per person. The statutory fields (Art. 49-10) are NOT NULL.
CREATE TABLE persons (
    id                    INTEGER PRIMARY KEY,
    resident_number       TEXT UNIQUE,                       -- 宛名番号, when known
    name                  TEXT NOT NULL CHECK (length(name) > 0),  -- 'family given'
    furigana              TEXT NOT NULL DEFAULT '',
    sex                   TEXT NOT NULL CHECK (sex IN ('male', 'female', 'unspecified')),
    date_of_birth         TEXT NOT NULL CHECK (date(date_of_birth) IS date_of_birth),
    address               TEXT NOT NULL CHECK (length(address) > 0),
    address_protected     INTEGER NOT NULL DEFAULT 0 CHECK (address_protected IN (0, 1)), -- DV・ストーカー等支援措置
    phone                 TEXT NOT NULL DEFAULT '',
    mobile_phone          TEXT NOT NULL DEFAULT '',
    fax                   TEXT NOT NULL DEFAULT '',
    email                 TEXT NOT NULL DEFAULT '',
    district_id           INTEGER REFERENCES districts(id),
    association_id        INTEGER REFERENCES associations(id),
    block_id              INTEGER REFERENCES blocks(id),
    welfare_commissioner  TEXT NOT NULL DEFAULT '',          -- 担当民生委員
    category              TEXT NOT NULL DEFAULT 'other' CHECK (category IN (
                              'elderly-needing-care', 'elderly-living-alone', 'disabled',
                              'intractable-disease', 'pregnant-or-infant', 'foreign-resident', 'other')),
    support_reason        TEXT NOT NULL DEFAULT '',          -- 避難支援等を必要とする事由
    care_level            TEXT CHECK (care_level IN (
                              'support-1', 'support-2', 'care-1', 'care-2', 'care-3', 'care-4', 'care-5')),
    physical_disability_grade INTEGER CHECK (physical_disability_grade BETWEEN 1 AND 6),
    physical_disability_type  TEXT NOT NULL DEFAULT '',
    intellectual_disability_grade TEXT CHECK (intellectual_disability_grade IN ('A', 'B')), -- 療育手帳
    mental_disability_grade INTEGER CHECK (mental_disability_grade BETWEEN 1 AND 3),
    intractable_disease   TEXT NOT NULL DEFAULT '',          -- 難病 (name of the disease)
    mobility              TEXT CHECK (mobility IN ('walks', 'cane', 'wheelchair', 'bedridden')),
    household             TEXT CHECK (household IN ('alone', 'elderly-only', 'with-family', 'other')),
    house_structure       TEXT CHECK (house_structure IN ('wooden', 'steel', 'fire-resistant', 'other')),
    house_storeys         INTEGER CHECK (house_storeys BETWEEN 1 AND 99),
    house_year_built      INTEGER CHECK (house_year_built BETWEEN 1800 AND 2200),
    usual_room            TEXT NOT NULL DEFAULT '',          -- 普段いる部屋
    bedroom_location      TEXT NOT NULL DEFAULT '',          -- 寝室の位置
    help_needed           TEXT NOT NULL DEFAULT '',          -- 特記事項: what help is needed
    items_to_carry        TEXT NOT NULL DEFAULT '',          -- medication, devices
    allergies             TEXT NOT NULL DEFAULT '',
    regular_clinic        TEXT NOT NULL DEFAULT '',
    notes                 TEXT NOT NULL DEFAULT '',
    emergency_alarm       INTEGER NOT NULL DEFAULT 0 CHECK (emergency_alarm IN (0, 1)),
    flood_zone            INTEGER NOT NULL DEFAULT 0 CHECK (flood_zone IN (0, 1)),
    landslide_zone        INTEGER NOT NULL DEFAULT 0 CHECK (landslide_zone IN (0, 1)),
    tsunami_zone          INTEGER NOT NULL DEFAULT 0 CHECK (tsunami_zone IN (0, 1)),
    registration_route    TEXT NOT NULL DEFAULT 'consent' CHECK (registration_route IN (
                              'consent', 'opt-in', 'shared-information')),
    registration_date     TEXT CHECK (date(registration_date) IS registration_date),
    registration_source   TEXT NOT NULL DEFAULT '',          -- e.g. 介護保険 extract, for 共有情報方式
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    last_verified_on      TEXT CHECK (date(last_verified_on) IS last_verified_on),
    archived_on           TEXT CHECK (date(archived_on) IS archived_on),
    archive_reason        TEXT CHECK (archive_reason IN (
                              'moved', 'died', 'entered-facility', 'no-longer-needs-support', 'refused')),
    archive_note          TEXT NOT NULL DEFAULT '',
    CHECK ((archived_on IS NULL) = (archive_reason IS NULL))
) STRICT;
CREATE INDEX persons_district ON persons(district_id);
CREATE INDEX persons_association ON persons(association_id);
CREATE INDEX persons_block ON persons(block_id);

-- Search keys live in their own narrow table: a scan touches far fewer (encrypted) pages
-- than a scan of the wide persons table. Kept in step by the store, in the same transaction.
-- The district and archived flag are copied here too, so a search filters, sorts and
-- limits in this table alone and reads the wide rows only for the people it returns.
CREATE TABLE person_search (
    person_id    INTEGER PRIMARY KEY REFERENCES persons(id) ON DELETE CASCADE,
    name_key     TEXT NOT NULL,
    furigana_key TEXT NOT NULL,
    address_key  TEXT NOT NULL,
    phone_key    TEXT NOT NULL,
    district_id  INTEGER,                                    -- copy of persons.district_id
    archived     INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
) STRICT;

CREATE TABLE medical_devices (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    device          TEXT NOT NULL CHECK (device IN ('ventilator', 'oxygen', 'dialysis', 'suction', 'other')),
    power_dependent INTEGER NOT NULL CHECK (power_dependent IN (0, 1)),
    note            TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX medical_devices_person ON medical_devices(person_id);

CREATE TABLE communication_needs (
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    need      TEXT NOT NULL CHECK (need IN (
                  'sign-language', 'written', 'interpreter', 'visual-impairment',
                  'hearing-impairment', 'other')),
    PRIMARY KEY (person_id, need)
) STRICT;

-- 緊急連絡先: several, in order.
CREATE TABLE emergency_contacts (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL CHECK (length(name) > 0),
    relationship TEXT NOT NULL DEFAULT '',                   -- 続柄
    address      TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    UNIQUE (person_id, position)
) STRICT;

-- 家族構成・同居状況
CREATE TABLE household_members (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL CHECK (length(name) > 0),
    relationship TEXT NOT NULL DEFAULT '',
    age          INTEGER CHECK (age BETWEEN 0 AND 130),
    note         TEXT NOT NULL DEFAULT '',
    UNIQUE (person_id, position)
) STRICT;

-- 避難支援等実施者: a named helper, or a group (班, 自主防災組織, care office).
CREATE TABLE supporters (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN (
                        'individual', 'block-group', 'disaster-group', 'care-office', 'other-organisation')),
    name            TEXT NOT NULL CHECK (length(name) > 0),
    furigana        TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    district_id     INTEGER REFERENCES districts(id),
    available_day   INTEGER NOT NULL DEFAULT 1 CHECK (available_day IN (0, 1)),
    available_night INTEGER NOT NULL DEFAULT 1 CHECK (available_night IN (0, 1)),
    note            TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    archived_on     TEXT CHECK (date(archived_on) IS archived_on)
) STRICT;
CREATE INDEX supporters_district ON supporters(district_id);

-- Person ↔ supporter, ordered (position 1 is the first to go).
CREATE TABLE assignments (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    supporter_id INTEGER NOT NULL REFERENCES supporters(id),
    position     INTEGER NOT NULL,
    role         TEXT NOT NULL DEFAULT '',                   -- e.g. 声かけ, 搬送, 情報伝達
    created_at   TEXT NOT NULL,
    UNIQUE (person_id, supporter_id),
    UNIQUE (person_id, position)
) STRICT;
CREATE INDEX assignments_supporter ON assignments(supporter_id);

-- A supporter's own consent to be named in a plan and to receive it.
CREATE TABLE supporter_consents (
    id            INTEGER PRIMARY KEY,
    supporter_id  INTEGER NOT NULL REFERENCES supporters(id),
    person_id     INTEGER REFERENCES persons(id) ON DELETE CASCADE,  -- NULL: for every plan
    purpose       TEXT NOT NULL CHECK (purpose IN ('be-named', 'receive-plan')),
    answer        TEXT NOT NULL CHECK (answer IN ('consented', 'refused', 'withdrawn')),
    obtained_on   TEXT NOT NULL CHECK (date(obtained_on) IS obtained_on),
    obtained_by   TEXT NOT NULL DEFAULT '',
    evidence_ref  TEXT NOT NULL DEFAULT '',
    recorded_at   TEXT NOT NULL,
    recorded_by   TEXT NOT NULL
) STRICT;
CREATE INDEX supporter_consents_supporter ON supporter_consents(supporter_id);
CREATE INDEX supporter_consents_person ON supporter_consents(person_id);

-- 避難支援等関係者: bodies (or named people) that receive lists.
CREATE TABLE recipients (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN (
                    'fire', 'police', 'welfare-commissioner', 'social-welfare-council',
                    'neighbourhood', 'care-centre', 'other')),
    name        TEXT NOT NULL CHECK (length(name) > 0),
    district_id INTEGER REFERENCES districts(id),
    custodian   TEXT NOT NULL DEFAULT '',                    -- 管理責任者
    address     TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    retired_on  TEXT CHECK (date(retired_on) IS retired_on)
) STRICT;
CREATE INDEX recipients_district ON recipients(district_id);

-- Consent ledger: one row per answer, never updated. The current state is derived.
CREATE TABLE consents (
    id                 INTEGER PRIMARY KEY,
    person_id          INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    purpose            TEXT NOT NULL CHECK (purpose IN ('roster', 'plan-create', 'plan-share')),
    recipient_kind     TEXT NOT NULL CHECK (recipient_kind IN (
                           'fire', 'police', 'welfare-commissioner', 'social-welfare-council',
                           'neighbourhood', 'care-centre', 'other')),
    recipient_id       INTEGER REFERENCES recipients(id),   -- a named 'other' recipient
    answer             TEXT NOT NULL CHECK (answer IN (
                           'consented', 'proxy', 'applied', 'refused', 'no-answer', 'withdrawn')),
    basis              TEXT CHECK (basis IN ('explicit', 'presumed', 'ordinance', 'ordinance-opt-out')),
    proxy_name         TEXT NOT NULL DEFAULT '',
    proxy_relationship TEXT NOT NULL DEFAULT '',
    obtained_on        TEXT NOT NULL CHECK (date(obtained_on) IS obtained_on),
    obtained_by        TEXT NOT NULL DEFAULT '',
    evidence_ref       TEXT NOT NULL DEFAULT '',             -- form number
    expires_on         TEXT CHECK (date(expires_on) IS expires_on),
    recorded_at        TEXT NOT NULL,
    recorded_by        TEXT NOT NULL,
    CHECK ((answer = 'proxy') = (length(proxy_name) > 0))
) STRICT;
CREATE INDEX consents_person ON consents(person_id, purpose, recipient_kind);
CREATE INDEX consents_recipient ON consents(recipient_id);

-- 個別避難計画: at most one current plan per person.
CREATE TABLE plans (
    person_id          INTEGER PRIMARY KEY REFERENCES persons(id) ON DELETE CASCADE,
    route              TEXT NOT NULL DEFAULT '',             -- 避難経路
    means              TEXT CHECK (means IN ('walk', 'wheelchair', 'car', 'stretcher', 'other')),
    departure_timing   TEXT NOT NULL DEFAULT '',             -- e.g. 高齢者等避難 (警戒レベル3)
    warning_contact    TEXT NOT NULL DEFAULT '',             -- 避難勧告等の伝達者
    warning_method     TEXT CHECK (warning_method IN ('phone', 'fax', 'visit', 'email', 'other')),
    if_unreachable     TEXT NOT NULL DEFAULT '',
    drafted_by         TEXT NOT NULL DEFAULT '',
    drafted_by_role    TEXT NOT NULL DEFAULT '',             -- care manager, 相談支援専門員 ...
    created_on         TEXT NOT NULL CHECK (date(created_on) IS created_on),
    updated_on         TEXT NOT NULL CHECK (date(updated_on) IS updated_on),
    verified_on        TEXT CHECK (date(verified_on) IS verified_on)
) STRICT;

CREATE TABLE plan_destinations (
    id                INTEGER PRIMARY KEY,
    person_id         INTEGER NOT NULL REFERENCES plans(person_id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('shelter', 'welfare-shelter', 'relative', 'other')),
    name              TEXT NOT NULL CHECK (length(name) > 0),
    address           TEXT NOT NULL DEFAULT '',
    direct_admission  INTEGER NOT NULL DEFAULT 0 CHECK (direct_admission IN (0, 1)), -- 指定福祉避難所への直接避難
    UNIQUE (person_id, position)
) STRICT;

-- Audit log: append-only, each row chained to the previous by SHA-256.
-- `detail` never holds personal data: ids, field names and counts only.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    operator  TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL DEFAULT '',
    entity_id INTEGER,
    detail    TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

-- The chain's head, written with each audit row, so that dropping the newest rows is
-- detected too (a broken link only finds edits in the middle).
CREATE TABLE audit_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL
) STRICT;
