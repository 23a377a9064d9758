-- Yorisoi schema v10: every audit row names the account that unlocked (#14); `operator`
-- stays beside it as information (the OS account or a free-text desk name). Rows from
-- before accounts keep an empty account, and their hashes (see store/audit.rs).
-- Additive only.

ALTER TABLE audit_log ADD COLUMN account TEXT NOT NULL DEFAULT '';
