-- Yorisoi schema step 18: plans commissioned to care offices (#21). Additive only.
--
-- Since 2021 most 個別避難計画 are written by 福祉専門職 — the person's own ケアマネジャー or
-- 相談支援専門員 — commissioned (委託) and paid per plan. A care office (事業所) is a
-- recipient of kind 'care-office' (step 17, before this file, widened recipients.kind) with
-- its own row here; its specialists, the commissions given to it with every step they
-- took, the fee tables per 年度 and the fees fixed when a commission was approved.

-- 事業所: one per recipient of kind 'care-office'.
CREATE TABLE care_offices (
    recipient_id  INTEGER PRIMARY KEY REFERENCES recipients(id),
    office_kind   TEXT NOT NULL CHECK (office_kind = 'home-care-support'
                      OR office_kind = 'specified-consultation' OR office_kind = 'child-consultation'
                      OR office_kind = 'community-support-centre' OR office_kind = 'visiting-nursing'
                      OR office_kind = 'other'),
    office_number TEXT NOT NULL DEFAULT '',                 -- 事業所番号
    fax           TEXT NOT NULL DEFAULT ''
) STRICT;

-- 福祉専門職: a specialist working at an office.
CREATE TABLE specialists (
    id            INTEGER PRIMARY KEY,
    office_id     INTEGER NOT NULL REFERENCES care_offices(recipient_id),
    name          TEXT NOT NULL CHECK (length(name) > 0),
    qualification TEXT NOT NULL CHECK (qualification = 'care-manager'
                      OR qualification = 'consultation-specialist' OR qualification = 'nurse'
                      OR qualification = 'social-worker' OR qualification = 'other'),
    phone         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    retired_on    TEXT CHECK (date(retired_on) IS retired_on)
) STRICT;
CREATE INDEX specialists_office ON specialists(office_id);

-- 委託: one person's plan asked of one office (purged with the person, like their plan). `status` is the last step's; every step is a
-- row of commission_steps. A person has at most one commission still under way.
CREATE TABLE commissions (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    office_id     INTEGER NOT NULL REFERENCES care_offices(recipient_id),
    specialist_id INTEGER REFERENCES specialists(id),
    plan_kind     TEXT NOT NULL CHECK (plan_kind = 'new' OR plan_kind = 'update'),
    status        TEXT NOT NULL CHECK (status = 'requested' OR status = 'accepted'
                      OR status = 'declined' OR status = 'visited' OR status = 'submitted'
                      OR status = 'returned' OR status = 'approved' OR status = 'claimed'
                      OR status = 'paid' OR status = 'cancelled'),
    requested_on  TEXT NOT NULL CHECK (date(requested_on) IS requested_on),
    status_on     TEXT NOT NULL CHECK (date(status_on) IS status_on),
    note          TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL CHECK (length(created_by) > 0)
) STRICT;
CREATE INDEX commissions_person ON commissions(person_id);
CREATE INDEX commissions_office ON commissions(office_id, status);
CREATE UNIQUE INDEX commissions_under_way ON commissions(person_id)
    WHERE status = 'requested' OR status = 'accepted' OR status = 'visited'
       OR status = 'submitted' OR status = 'returned';

-- Every step a commission took, in order: never changed.
CREATE TABLE commission_steps (
    id            INTEGER PRIMARY KEY,
    commission_id INTEGER NOT NULL REFERENCES commissions(id) ON DELETE CASCADE,
    status        TEXT NOT NULL CHECK (status = 'requested' OR status = 'accepted'
                      OR status = 'declined' OR status = 'visited' OR status = 'submitted'
                      OR status = 'returned' OR status = 'approved' OR status = 'claimed'
                      OR status = 'paid' OR status = 'cancelled'),
    on_date       TEXT NOT NULL CHECK (date(on_date) IS on_date),
    reason        TEXT NOT NULL DEFAULT '',
    recorded_at   TEXT NOT NULL,
    recorded_by   TEXT NOT NULL CHECK (length(recorded_by) > 0)
) STRICT;
CREATE INDEX commission_steps_commission ON commission_steps(commission_id, id);

-- 報償費・委託料の単価表 per 年度 (April to March): the items and their amounts in yen. Setting a
-- year again replaces its rows; what was approved keeps its own copy (commission_fees).
CREATE TABLE fee_items (
    year          INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2200),
    item          TEXT NOT NULL CHECK (length(item) > 0),
    label         TEXT NOT NULL CHECK (length(label) > 0),
    yen           INTEGER NOT NULL CHECK (yen >= 0 AND yen <= 10000000),
    extra         INTEGER NOT NULL CHECK (extra = 0 OR extra = 1),
    once_per_year INTEGER NOT NULL CHECK (once_per_year = 0 OR once_per_year = 1),
    set_at        TEXT NOT NULL,
    set_by        TEXT NOT NULL,
    PRIMARY KEY (year, item)
) STRICT;

-- The fees fixed when a commission was approved: copies of the table's items as they were.
CREATE TABLE commission_fees (
    commission_id INTEGER NOT NULL REFERENCES commissions(id) ON DELETE CASCADE,
    item          TEXT NOT NULL,
    label         TEXT NOT NULL,
    yen           INTEGER NOT NULL CHECK (yen >= 0),
    year          INTEGER NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (commission_id, item)
) STRICT;
