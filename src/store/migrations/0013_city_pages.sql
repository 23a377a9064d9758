-- Yorisoi schema v13: the roster page and short searches at city scale (#16). Additive only.
--
-- The page filters on category, care level, hazard zones, supporters and plans, and sorts
-- by age and by number of supporters. Those lived only in the wide person rows (and in
-- counts over assignments and plans), so a filtered or sorted page read every person row:
-- seconds at 500,000 people. They are copied here into the narrow search table, which
-- the store writes with every person it writes (insert, update, archive, restore); the
-- counts of supporters and plans follow the assignments and plans tables by trigger, so
-- every write of those (assigning, unassigning, a plan replaced with its person, a purge's
-- cascade) keeps them. Filled below for an existing roster. Like every other page of the
-- roster it is inside the encrypted database.
ALTER TABLE person_search ADD COLUMN category       TEXT NOT NULL DEFAULT 'other';
ALTER TABLE person_search ADD COLUMN care_level     TEXT;
ALTER TABLE person_search ADD COLUMN date_of_birth  TEXT NOT NULL DEFAULT '';
ALTER TABLE person_search ADD COLUMN flood_zone     INTEGER NOT NULL DEFAULT 0;
ALTER TABLE person_search ADD COLUMN landslide_zone INTEGER NOT NULL DEFAULT 0;
ALTER TABLE person_search ADD COLUMN tsunami_zone   INTEGER NOT NULL DEFAULT 0;
-- Supporters assigned (rows of assignments), and 1 when the person has a plan.
ALTER TABLE person_search ADD COLUMN supporters     INTEGER NOT NULL DEFAULT 0;
ALTER TABLE person_search ADD COLUMN has_plan       INTEGER NOT NULL DEFAULT 0;

UPDATE person_search SET
    (category, care_level, date_of_birth, flood_zone, landslide_zone, tsunami_zone) =
        (SELECT p.category, p.care_level, p.date_of_birth, p.flood_zone, p.landslide_zone,
                p.tsunami_zone
         FROM persons p WHERE p.id = person_search.person_id),
    supporters = (SELECT count(*) FROM assignments a WHERE a.person_id = person_search.person_id),
    has_plan = EXISTS (SELECT 1 FROM plans pl WHERE pl.person_id = person_search.person_id);

CREATE TRIGGER person_search_supporters_insert AFTER INSERT ON assignments BEGIN
    UPDATE person_search
    SET supporters = (SELECT count(*) FROM assignments a WHERE a.person_id = new.person_id)
    WHERE person_id = new.person_id;
END;

CREATE TRIGGER person_search_supporters_delete AFTER DELETE ON assignments BEGIN
    UPDATE person_search
    SET supporters = (SELECT count(*) FROM assignments a WHERE a.person_id = old.person_id)
    WHERE person_id = old.person_id;
END;

CREATE TRIGGER person_search_supporters_update AFTER UPDATE OF person_id ON assignments BEGIN
    UPDATE person_search
    SET supporters = (SELECT count(*) FROM assignments a WHERE a.person_id = person_search.person_id)
    WHERE person_id IN (old.person_id, new.person_id);
END;

CREATE TRIGGER person_search_plan_insert AFTER INSERT ON plans BEGIN
    UPDATE person_search SET has_plan = 1 WHERE person_id = new.person_id;
END;

CREATE TRIGGER person_search_plan_delete AFTER DELETE ON plans BEGIN
    UPDATE person_search
    SET has_plan = EXISTS (SELECT 1 FROM plans pl WHERE pl.person_id = old.person_id)
    WHERE person_id = old.person_id;
END;

CREATE TRIGGER person_search_plan_update AFTER UPDATE OF person_id ON plans BEGIN
    UPDATE person_search
    SET has_plan = EXISTS (SELECT 1 FROM plans pl WHERE pl.person_id = person_search.person_id)
    WHERE person_id IN (old.person_id, new.person_id);
END;

-- A page sorted by name, age or supporters walks one of these in its order (people on the
-- roster and archived people apart) and stops at the end of the page.
CREATE INDEX person_search_name       ON person_search(archived, name_key);
CREATE INDEX person_search_age        ON person_search(archived, date_of_birth);
CREATE INDEX person_search_supporters ON person_search(archived, supporters);

-- Small and covering every filter but the text: a page's total is counted here instead of
-- in the table's rows.
CREATE INDEX person_search_facets ON person_search(
    archived, category, care_level, flood_zone, landslide_zone, tsunami_zone, has_plan,
    supporters, district_id
);

-- Search for a fragment of two characters (the family name 鈴木 as typed): the people whose
-- name, reading or address holds it are those with a trigram starting with it (its terms,
-- listed by fts5vocab over the trigram index of step 12: no data of its own) and those
-- whose name, reading or address ends with it (these three small indexes). Without them
-- such a fragment walked the table in 50音 order, reading half of it for a family name
-- whose people sit together at their reading.
CREATE VIRTUAL TABLE person_search_trigram_terms
    USING fts5vocab(person_search_trigram, instance);
CREATE INDEX person_search_name_end     ON person_search(substr(name_key, -2));
CREATE INDEX person_search_furigana_end ON person_search(substr(furigana_key, -2));
CREATE INDEX person_search_address_end  ON person_search(substr(address_key, -2));

-- The people a search's candidates name (by trigram or by the two characters above), put
-- in 50音 order from this narrow index instead of from their whole search rows: only
-- about a page of those is read then.
CREATE INDEX person_search_order ON person_search(person_id, furigana_key, archived, district_id);
