-- Yorisoi schema v14: a list's consents at city scale (#16). Additive only.
--
-- A list for one recipient reads the answers of one purpose and one recipient kind (消防 ·
-- 名簿情報の提供, say). The ledger holds every answer of every person for every purpose and
-- kind (4.4 million rows for 500,000 people), so reading them meant reading the whole
-- ledger. This index holds, in (purpose, kind) order, every column the sharing rule reads
-- from a row, so a list reads just its own answers, and reads them from the index alone.
-- It fills itself for an existing roster; like every other page of the roster it is inside
-- the encrypted database.
CREATE INDEX consents_scope ON consents(
    purpose, recipient_kind, person_id, id, recipient_id, answer, obtained_on, expires_on
);
