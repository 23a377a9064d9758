-- Yorisoi schema v6: the area a recipient serves can be one 自治会 of its district.
-- Additive only.
--
-- A 自治会 is given the people of its own association, not of the whole district: a
-- recipient bound to an association (association_id set) gets lists, plan sheets and
-- drill check sheets of that association only, whatever cut is asked for. NULL keeps the
-- district-wide (or town-wide) area of schema v5.
ALTER TABLE recipients ADD COLUMN association_id INTEGER REFERENCES associations(id);
CREATE INDEX recipients_association ON recipients(association_id);
