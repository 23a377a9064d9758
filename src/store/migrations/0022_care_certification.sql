-- Yorisoi schema step 22: the 要介護認定's period, and plans reviewed when it ends (#21).
-- Additive only.
--
-- care_level_until is the last day of the person's 要介護認定 (認定有効期間の終了日) as the
-- 介護保険 system exports it. A plan's review date is the earlier of `plan.review_months`
-- after its last review and that day (the worklist reads the ended ones through the
-- index below). When an import or an edit moves the day later (the certification was
-- renewed) or clears it (it ended), while the plan has not been reviewed since the old
-- period's end, the trigger raises the flag `care-certification` (step 21 lets the flags
-- hold it): the renewal is when the person's care manager sees them again, and the plan
-- is reviewed with it. Setting the day for the first time, or correcting it to an earlier
-- one (a typing error), raises nothing.

ALTER TABLE persons ADD COLUMN care_level_until TEXT
    CHECK (date(care_level_until) IS care_level_until);
CREATE INDEX persons_care_level_until ON persons(care_level_until)
    WHERE care_level_until IS NOT NULL;

CREATE TRIGGER plan_review_certification AFTER UPDATE OF care_level_until ON persons
WHEN OLD.care_level_until IS NOT NULL
 AND (NEW.care_level_until IS NULL OR NEW.care_level_until > OLD.care_level_until)
BEGIN
    INSERT INTO plan_review_flags (person_id, reason, source, plan_as_of, raised_at)
    SELECT NEW.id, 'care-certification', 'until:' || OLD.care_level_until,
           max(updated_on, coalesce(verified_on, '')), NEW.updated_at
    FROM plans
    WHERE person_id = NEW.id AND max(updated_on, coalesce(verified_on, '')) < OLD.care_level_until;
END;
