-- Yorisoi schema step 25: plans point at the shelter registry, per kind of hazard, and a
-- drill counts who arrived where (#22).
-- Additive only.
--
-- A plan's destination may be chosen from the registry (`shelters`) and be meant for one
-- kind of hazard: a school that is safe in an earthquake can lie in the flood zone, so a
-- plan names a place for each kind where needed. A destination without a row here is the
-- free text it always was (a relative's home, or a place for any hazard). The link goes
-- with its destination (a plan's destinations are written again whenever it is saved).
--
-- When the registry's designation of a shelter changes (its hazards, its standing as a
-- 指定避難所 or 福祉避難所, whom it accepts) or it goes from the registry, the plans that
-- point at it get the flag `shelter-changed` (step 24 lets the flags hold it), raised in
-- the transaction that accepts the change.

CREATE TABLE plan_destination_shelters (
    destination_id INTEGER PRIMARY KEY REFERENCES plan_destinations(id) ON DELETE CASCADE,
    hazard         TEXT CHECK (hazard = 'flood' OR hazard = 'landslide'
                       OR hazard = 'storm-surge' OR hazard = 'earthquake' OR hazard = 'tsunami'
                       OR hazard = 'large-fire' OR hazard = 'inland-flood' OR hazard = 'volcano'),
    shelter_id     INTEGER REFERENCES shelters(id),
    CHECK (hazard IS NOT NULL OR shelter_id IS NOT NULL)
) STRICT;
CREATE INDEX plan_destination_shelters_shelter ON plan_destination_shelters(shelter_id)
    WHERE shelter_id IS NOT NULL;

-- Arrivals at a shelter in a drill (or a real safety check, a drill of disaster mode),
-- entered by the barcode on the sheet or by the person's number. Each arrival is also a
-- result of the drill (`safe`, in drill_checks): correcting that result takes the arrival
-- with it (an arrival whose check a later one corrects is not counted). `planned` says
-- whether the person's plan named that shelter when they arrived; one that did not
-- raises the flag `drill-elsewhere` on the plan.
CREATE TABLE drill_arrivals (
    id          INTEGER PRIMARY KEY,
    drill_id    INTEGER NOT NULL REFERENCES drills(id),
    person_id   INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    shelter_id  INTEGER NOT NULL REFERENCES shelters(id),
    check_id    INTEGER NOT NULL UNIQUE REFERENCES drill_checks(id),
    planned     INTEGER NOT NULL CHECK (planned = 0 OR planned = 1),
    arrived_at  TEXT NOT NULL,                              -- RFC 3339 UTC
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL CHECK (length(recorded_by) > 0)
) STRICT;
CREATE INDEX drill_arrivals_drill ON drill_arrivals(drill_id, shelter_id);
CREATE INDEX drill_arrivals_person ON drill_arrivals(person_id);
