-- Yorisoi schema step 19: plans that stay current, and who made them (#21). Additive only.
--
-- A plan needs a review (要見直し) when something it relies on changes. The triggers below
-- raise a flag, in the same transaction as the change, whatever wrote it (the window, the
-- command line, an accepted import, a drill's entry):
--   care-level             the person's 要介護度 changed;
--   disability             a disability grade changed (身体・療育・精神);
--   address                the person moved;
--   household              the household changed (e.g. now lives alone);
--   supporter-retired      a supporter named in the plan retired, or was taken off the
--                          person (`unassign_supporter` raises that one);
--   supporter-withdrew     a supporter refused or withdrew their consent to be named;
--   supporter-unreachable  a drill's warning did not reach a supporter of the person;
--   drill-unreachable      a drill could not reach the person;
--   drill-slow             a drill confirmed the person later than its target.
-- A flag remembers the plan's last review (the later of its update and its check with the
-- person) when it was raised, and is open until the plan is reviewed again after that: a
-- later update or check settles it. Only people with a plan get flags. A drill entry that
-- is corrected takes its flags with it (a flag whose entry a later one corrects is not
-- read as open).

CREATE TABLE plan_review_flags (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    reason     TEXT NOT NULL CHECK (reason = 'care-level' OR reason = 'disability'
                   OR reason = 'address' OR reason = 'household' OR reason = 'supporter-retired'
                   OR reason = 'supporter-withdrew' OR reason = 'supporter-unreachable'
                   OR reason = 'drill-unreachable' OR reason = 'drill-slow'),
    source     TEXT NOT NULL DEFAULT '',   -- what raised it: 'supporter:3', 'drill-check:12' …
    drill_check_id   INTEGER,              -- the drill entry that raised it (a correction voids it)
    drill_warning_id INTEGER,              -- the drill call that raised it (likewise)
    plan_as_of TEXT NOT NULL,              -- the plan's last review when it was raised
    raised_at  TEXT NOT NULL
) STRICT;
CREATE INDEX plan_review_flags_person ON plan_review_flags(person_id);
-- The plans' last reviews, read without the plans' texts: the worklist of a city scans it.
CREATE INDEX plans_review ON plans(updated_on, verified_on);

CREATE TRIGGER plan_review_care_level AFTER UPDATE OF care_level ON persons
WHEN OLD.care_level IS NOT NEW.care_level
BEGIN
    INSERT INTO plan_review_flags (person_id, reason, plan_as_of, raised_at)
    SELECT NEW.id, 'care-level', max(updated_on, coalesce(verified_on, '')), NEW.updated_at
    FROM plans WHERE person_id = NEW.id;
END;

CREATE TRIGGER plan_review_disability
AFTER UPDATE OF physical_disability_grade, intellectual_disability_grade, mental_disability_grade ON persons
WHEN OLD.physical_disability_grade IS NOT NEW.physical_disability_grade
  OR OLD.intellectual_disability_grade IS NOT NEW.intellectual_disability_grade
  OR OLD.mental_disability_grade IS NOT NEW.mental_disability_grade
BEGIN
    INSERT INTO plan_review_flags (person_id, reason, plan_as_of, raised_at)
    SELECT NEW.id, 'disability', max(updated_on, coalesce(verified_on, '')), NEW.updated_at
    FROM plans WHERE person_id = NEW.id;
END;

CREATE TRIGGER plan_review_address AFTER UPDATE OF address ON persons
WHEN OLD.address IS NOT NEW.address
BEGIN
    INSERT INTO plan_review_flags (person_id, reason, plan_as_of, raised_at)
    SELECT NEW.id, 'address', max(updated_on, coalesce(verified_on, '')), NEW.updated_at
    FROM plans WHERE person_id = NEW.id;
END;

CREATE TRIGGER plan_review_household AFTER UPDATE OF household ON persons
WHEN OLD.household IS NOT NEW.household
BEGIN
    INSERT INTO plan_review_flags (person_id, reason, plan_as_of, raised_at)
    SELECT NEW.id, 'household', max(updated_on, coalesce(verified_on, '')), NEW.updated_at
    FROM plans WHERE person_id = NEW.id;
END;

CREATE TRIGGER plan_review_supporter_retired AFTER UPDATE OF archived_on ON supporters
WHEN OLD.archived_on IS NULL AND NEW.archived_on IS NOT NULL
BEGIN
    INSERT INTO plan_review_flags (person_id, reason, source, plan_as_of, raised_at)
    SELECT a.person_id, 'supporter-retired', 'supporter:' || NEW.id,
           max(p.updated_on, coalesce(p.verified_on, '')), NEW.archived_on
    FROM assignments a JOIN plans p ON p.person_id = a.person_id
    WHERE a.supporter_id = NEW.id;
END;

CREATE TRIGGER plan_review_supporter_withdrew AFTER INSERT ON supporter_consents
WHEN NEW.purpose = 'be-named' AND (NEW.answer = 'refused' OR NEW.answer = 'withdrawn')
BEGIN
    INSERT INTO plan_review_flags (person_id, reason, source, plan_as_of, raised_at)
    SELECT a.person_id, 'supporter-withdrew', 'supporter:' || NEW.supporter_id,
           max(p.updated_on, coalesce(p.verified_on, '')), NEW.recorded_at
    FROM assignments a JOIN plans p ON p.person_id = a.person_id
    WHERE a.supporter_id = NEW.supporter_id
      AND (NEW.person_id IS NULL OR a.person_id = NEW.person_id);
END;

CREATE TRIGGER plan_review_warning AFTER INSERT ON drill_warnings
WHEN NEW.reached = 0
BEGIN
    INSERT INTO plan_review_flags (person_id, reason, source, drill_warning_id, plan_as_of, raised_at)
    SELECT a.person_id, 'supporter-unreachable', 'drill-warning:' || NEW.id, NEW.id,
           max(p.updated_on, coalesce(p.verified_on, '')), NEW.recorded_at
    FROM assignments a JOIN plans p ON p.person_id = a.person_id
    WHERE a.supporter_id = NEW.supporter_id;
END;

CREATE TRIGGER plan_review_check AFTER INSERT ON drill_checks
BEGIN
    INSERT INTO plan_review_flags (person_id, reason, source, drill_check_id, plan_as_of, raised_at)
    SELECT NEW.person_id,
           CASE WHEN NEW.status = 'unreached' THEN 'drill-unreachable' ELSE 'drill-slow' END,
           'drill-check:' || NEW.id, NEW.id,
           max(p.updated_on, coalesce(p.verified_on, '')), NEW.recorded_at
    FROM plans p JOIN drills d ON d.id = NEW.drill_id
    WHERE p.person_id = NEW.person_id
      AND (NEW.status = 'unreached'
           OR ((NEW.status = 'safe' OR NEW.status = 'needs-help')
               AND (julianday(NEW.checked_at) - julianday(d.starts_at)) * 1440.0 > d.confirm_target_min));
END;

-- Who made each plan (the three routes of the 2021 guidance), and the care office for a
-- plan made by 福祉専門職: the sheet prints it and the yearly figures count by it.
ALTER TABLE plans ADD COLUMN made_by TEXT
    CHECK (made_by = 'self-family' OR made_by = 'community' OR made_by = 'professional');
ALTER TABLE plans ADD COLUMN made_by_office INTEGER REFERENCES care_offices(recipient_id);
