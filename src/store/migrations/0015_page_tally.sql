-- Yorisoi schema step 15: the roster page's totals at city scale (#16). Additive only.
--
-- A page filtered by category, care level, hazard zone, supporters, plan, district or
-- archived (no text) shows how many people match in all. Counting them through the facets
-- index of step 13 read every entry of the roster's side of it (half a million at city
-- scale, 0.1–0.5 s a page). Here is how many people have each combination of those values:
-- a few thousand rows at most, kept by triggers on the search table (the store's writes,
-- the supporter and plan triggers of step 13, archive and restore, a purge's cascade), so
-- a total is a sum over a few of them and stays exact. `supporters` holds 0, 1, or 2 for
-- two or more (all the page tells apart). Like every other page of the roster it is inside
-- the encrypted database.
CREATE TABLE person_search_tally (
    archived       INTEGER NOT NULL,
    category       TEXT NOT NULL,
    care_level     TEXT,
    flood_zone     INTEGER NOT NULL,
    landslide_zone INTEGER NOT NULL,
    tsunami_zone   INTEGER NOT NULL,
    has_plan       INTEGER NOT NULL,
    supporters     INTEGER NOT NULL,
    district_id    INTEGER,
    n              INTEGER NOT NULL CHECK (n >= 0)
) STRICT;

-- One row per combination (IS: care level and district may be NULL).
CREATE UNIQUE INDEX person_search_tally_key ON person_search_tally(
    archived, category, coalesce(care_level, ''), flood_zone, landslide_zone, tsunami_zone,
    has_plan, supporters, coalesce(district_id, -1)
);

INSERT INTO person_search_tally
SELECT archived, category, care_level, flood_zone, landslide_zone, tsunami_zone, has_plan,
       min(supporters, 2), district_id, count(*)
FROM person_search
GROUP BY archived, category, care_level, flood_zone, landslide_zone, tsunami_zone, has_plan,
         min(supporters, 2), district_id;

CREATE TRIGGER person_search_tally_insert AFTER INSERT ON person_search BEGIN
    INSERT INTO person_search_tally VALUES (
        new.archived, new.category, new.care_level, new.flood_zone, new.landslide_zone,
        new.tsunami_zone, new.has_plan, min(new.supporters, 2), new.district_id, 1)
    ON CONFLICT (archived, category, coalesce(care_level, ''), flood_zone, landslide_zone,
                 tsunami_zone, has_plan, supporters, coalesce(district_id, -1))
    DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER person_search_tally_delete AFTER DELETE ON person_search BEGIN
    UPDATE person_search_tally SET n = n - 1
    WHERE archived = old.archived AND category = old.category
      AND coalesce(care_level, '') = coalesce(old.care_level, '')
      AND flood_zone = old.flood_zone AND landslide_zone = old.landslide_zone
      AND tsunami_zone = old.tsunami_zone AND has_plan = old.has_plan
      AND supporters = min(old.supporters, 2)
      AND coalesce(district_id, -1) = coalesce(old.district_id, -1);
END;

CREATE TRIGGER person_search_tally_update
AFTER UPDATE OF archived, category, care_level, flood_zone, landslide_zone, tsunami_zone,
                has_plan, supporters, district_id ON person_search
WHEN old.archived IS NOT new.archived OR old.category IS NOT new.category
  OR old.care_level IS NOT new.care_level OR old.flood_zone IS NOT new.flood_zone
  OR old.landslide_zone IS NOT new.landslide_zone OR old.tsunami_zone IS NOT new.tsunami_zone
  OR old.has_plan IS NOT new.has_plan OR min(old.supporters, 2) IS NOT min(new.supporters, 2)
  OR old.district_id IS NOT new.district_id
BEGIN
    UPDATE person_search_tally SET n = n - 1
    WHERE archived = old.archived AND category = old.category
      AND coalesce(care_level, '') = coalesce(old.care_level, '')
      AND flood_zone = old.flood_zone AND landslide_zone = old.landslide_zone
      AND tsunami_zone = old.tsunami_zone AND has_plan = old.has_plan
      AND supporters = min(old.supporters, 2)
      AND coalesce(district_id, -1) = coalesce(old.district_id, -1);
    INSERT INTO person_search_tally VALUES (
        new.archived, new.category, new.care_level, new.flood_zone, new.landslide_zone,
        new.tsunami_zone, new.has_plan, min(new.supporters, 2), new.district_id, 1)
    ON CONFLICT (archived, category, coalesce(care_level, ''), flood_zone, landslide_zone,
                 tsunami_zone, has_plan, supporters, coalesce(district_id, -1))
    DO UPDATE SET n = n + 1;
END;

-- A page sorted by name, age or supporters walks one of these in its order and tests each
-- entry's facets there, without looking its row up: a facet that is rare near the start of
-- the order (few people living alone among the youngest) no longer reads a row per entry
-- passed. They replace the indexes of step 13 of the same names (archived, the order and
-- the id first, so ties stay in id order as the page wants); the 50音 order gets its own,
-- beside the search's.
DROP INDEX person_search_name;
DROP INDEX person_search_age;
DROP INDEX person_search_supporters;
CREATE INDEX person_search_name ON person_search(
    archived, name_key, person_id, category, care_level, flood_zone, landslide_zone, tsunami_zone,
    has_plan, supporters, district_id
);
CREATE INDEX person_search_age ON person_search(
    archived, date_of_birth, person_id, category, care_level, flood_zone, landslide_zone, tsunami_zone,
    has_plan, supporters, district_id
);
CREATE INDEX person_search_supporters ON person_search(
    archived, supporters, person_id, category, care_level, flood_zone, landslide_zone, tsunami_zone,
    has_plan, district_id
);
CREATE INDEX person_search_furigana_facets ON person_search(
    archived, furigana_key, person_id, category, care_level, flood_zone, landslide_zone, tsunami_zone,
    has_plan, supporters, district_id
);
