-- Yorisoi schema v12: search at city scale (#16). Additive only; everything here is built
-- from person_search, so it fills itself for an existing roster, and triggers keep it in
-- step with every write of person_search (the store's upsert, archive/restore, a purge's
-- cascade). Like every other page of the roster it is inside the encrypted database.

-- The search table in 50音 order, covering every column a search reads: a search walks
-- people in the order it returns them and stops at its limit, and the roster page sorted by
-- ふりがな reads one page of it.
CREATE INDEX person_search_furigana
    ON person_search(furigana_key, person_id, name_key, address_key, phone_key, district_id, archived);

-- Small, for counting who is on the roster (in a district): the roster page's total.
CREATE INDEX person_search_archived ON person_search(archived, district_id);

-- Every three-character sequence of the keys (FTS5 trigram, case kept as the keys have
-- it): a query of three characters or more finds the people containing it without reading
-- every row. The text lives only in person_search (external content).
CREATE VIRTUAL TABLE person_search_trigram USING fts5(
    name_key, furigana_key, address_key, phone_key,
    content = 'person_search', content_rowid = 'person_id',
    tokenize = 'trigram case_sensitive 1'
);
INSERT INTO person_search_trigram (person_search_trigram) VALUES ('rebuild');

CREATE TRIGGER person_search_trigram_insert AFTER INSERT ON person_search BEGIN
    INSERT INTO person_search_trigram (rowid, name_key, furigana_key, address_key, phone_key)
    VALUES (new.person_id, new.name_key, new.furigana_key, new.address_key, new.phone_key);
END;

CREATE TRIGGER person_search_trigram_delete AFTER DELETE ON person_search BEGIN
    INSERT INTO person_search_trigram
        (person_search_trigram, rowid, name_key, furigana_key, address_key, phone_key)
    VALUES ('delete', old.person_id, old.name_key, old.furigana_key, old.address_key, old.phone_key);
END;

CREATE TRIGGER person_search_trigram_update
AFTER UPDATE OF person_id, name_key, furigana_key, address_key, phone_key ON person_search BEGIN
    INSERT INTO person_search_trigram
        (person_search_trigram, rowid, name_key, furigana_key, address_key, phone_key)
    VALUES ('delete', old.person_id, old.name_key, old.furigana_key, old.address_key, old.phone_key);
    INSERT INTO person_search_trigram (rowid, name_key, furigana_key, address_key, phone_key)
    VALUES (new.person_id, new.name_key, new.furigana_key, new.address_key, new.phone_key);
END;
