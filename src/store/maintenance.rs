//! Whole-roster operations: integrity check, rekey, backup and restore, purge.

mod backup;

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use super::keyfile::{keys_path, KeyFile, SlotKind};
use super::{audit, persons, Passphrase, Roster};
use crate::clock::Clock;
use crate::error::{Error, Result, SqlContext};
use crate::model::backup::LastBackup;

/// What `check` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// `PRAGMA integrity_check` lines (`["ok"]` when sound).
    pub integrity: Vec<String>,
    /// `PRAGMA cipher_integrity_check` faults (empty when sound).
    pub cipher_faults: Vec<String>,
    /// The audit chain.
    pub audit: audit::ChainReport,
    /// Whether only the owner's account can read the roster file (`None` where the file
    /// system cannot say). A warning, not a fault: an administrator may have shared the
    /// file between accounts on purpose.
    pub owner_only: Option<bool>,
    /// The key file beside the roster (`None` for a backup being restored).
    pub key_file: Option<KeyFileReport>,
    /// The newest good backup the roster recorded (`None` when there is none, and for a
    /// backup being restored). Information, not a fault.
    pub last_backup: Option<LastBackup>,
}

/// What `check` found of the key file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyFileReport {
    /// Where it is.
    pub path: String,
    /// Account slots in it.
    pub account_slots: usize,
    /// Whether it holds a recovery key's slot.
    pub recovery_key: bool,
    /// Active accounts in the roster without a slot, or slots without an account (by
    /// name): each is a fault.
    pub mismatches: Vec<String>,
    /// Whether only the owner's account can read it (`None` where the file system cannot
    /// say).
    pub owner_only: Option<bool>,
}

impl CheckReport {
    /// True when every check passed.
    pub fn is_ok(&self) -> bool {
        self.integrity == ["ok"]
            && self.cipher_faults.is_empty()
            && self.audit.first_fault.is_none()
            && self
                .key_file
                .as_ref()
                .is_none_or(|k| k.mismatches.is_empty())
    }
}

/// What a purge removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurgeReport {
    /// The person's id.
    pub person_id: i64,
    /// Rows removed with them, by table (the person row itself is one more).
    pub rows: Vec<(String, i64)>,
}

impl Roster {
    /// Runs SQLite's and SQLCipher's integrity checks and verifies the audit chain.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = integrity_report(self.conn())?;
        report.owner_only = crate::platform::is_owner_only(self.path()).ok();
        let path = keys_path(self.path());
        let file = KeyFile::read(&path)?;
        let accounts = super::accounts::list(self.conn())?;
        let mut mismatches = Vec::new();
        for a in &accounts {
            if file.account_slot(&a.name).map(|s| s.id) != Some(a.slot_id) {
                mismatches.push(format!(
                    "account 「{}」 has no slot in the key file",
                    a.name
                ));
            }
        }
        for s in file.slots.iter().filter(|s| s.kind == SlotKind::Account) {
            let name = s.account.as_deref().unwrap_or("");
            if !accounts.iter().any(|a| a.name == name && a.slot_id == s.id) {
                mismatches.push(format!(
                    "slot {} (「{name}」) belongs to no active account",
                    s.id
                ));
            }
        }
        report.key_file = Some(KeyFileReport {
            path: path.display().to_string(),
            account_slots: file
                .slots
                .iter()
                .filter(|s| s.kind == SlotKind::Account)
                .count(),
            recovery_key: file.recovery_slot().is_some(),
            mismatches,
            owner_only: crate::platform::is_owner_only(&path).ok(),
        });
        report.last_backup = self.last_good_backup()?;
        Ok(report)
    }

    /// Re-encrypts every page under `key` (SQLCipher's rekey, one transaction): the old key
    /// stops opening at once. For converting a roster from before accounts.
    pub(super) fn rekey_raw(&mut self, key: &Passphrase) -> Result<()> {
        // Checkpoint so every page lives in the main file, then rekey outside WAL mode,
        // which SQLCipher needs to rewrite each page under the new key.
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .ctx("checkpointing before rekey")?;
        self.conn
            .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))
            .ctx("leaving WAL mode for rekey")?;
        let rekeyed = self
            .conn
            .pragma_update(None, "rekey", key.as_str())
            .ctx("rekeying");
        self.conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
            .ctx("returning to WAL mode")?;
        rekeyed
    }

    /// Copies the backup `file` (with its key file beside it) to a new roster at `to`
    /// (which must not exist, nor its key file), after proving `account`'s passphrase opens
    /// it and that it is sound, and opens it as `account`. The restored roster's
    /// [`Roster::accounts`] are the ones the backup brought. A backup from before accounts
    /// (no key file) opens with its old shared passphrase and is converted like any such
    /// roster, `account` becoming its first admin.
    pub fn restore_backup(
        file: &Path,
        to: &Path,
        account: &str,
        passphrase: &Passphrase,
        clock: Arc<dyn Clock + Send + Sync>,
    ) -> Result<Roster> {
        let to_keys = keys_path(to);
        for p in [to, to_keys.as_path()] {
            if p.exists() {
                return Err(Error::AlreadyExists(p.to_path_buf()));
            }
        }
        if !file.is_file() {
            return Err(Error::RosterMissing(file.to_path_buf()));
        }
        let target = to
            .to_str()
            .ok_or_else(|| Error::invalid("to", "the path is not valid UTF-8"))?;
        crate::platform::ensure_local(to)?;
        super::create_folder(to)?;
        let backup_keys = keys_path(file);
        let (key, keys) = if backup_keys.exists() {
            let keys = KeyFile::read(&backup_keys)?;
            let slot = keys
                .account_slot(account)
                .map(|s| s.id)
                .ok_or_else(|| Error::WrongPassphrase(file.to_path_buf()))?;
            let data = keys.open(slot, passphrase.as_str().as_bytes(), file)?;
            (super::slots::raw(&data), Some(keys))
        } else {
            (passphrase.clone(), None)
        };
        // Read-only: restoring must not change the backup, not even by an unlock row.
        let backup = super::open_read_only(file, &key)?;
        let report = integrity_report(&backup)?;
        if !report.is_ok() {
            return Err(Error::Integrity(format!(
                "the backup {} is damaged; nothing was restored",
                file.display()
            )));
        }
        // Restoring is a change: refused to a viewer before anything is copied.
        if let Some(found) = super::accounts::by_name(&backup, account)? {
            if !found.role.can_write() {
                return Err(Error::Forbidden {
                    role: found.role.token(),
                    what: "restore a backup",
                });
            }
        }
        let copied = backup
            .execute("VACUUM INTO ?1", [target])
            .ctx("restoring the backup")
            .and_then(|_| keys.as_ref().map_or(Ok(()), |k| k.write(&to_keys)));
        drop(backup);
        let opened = copied.and_then(|()| {
            super::restrict_permissions(to);
            let mut restored = Roster::open(to, account, passphrase, clock)?;
            let brought = restored.accounts()?.len();
            restored
                .write(|tx| tx.audit("roster.restore", "", None, &format!("accounts={brought}")))?;
            Ok(restored)
        });
        if opened.is_err() {
            // Only what this call made: neither existed before.
            for p in [
                to.to_path_buf(),
                super::wal_path(to),
                super::shm_path(to),
                to_keys,
            ] {
                let _ = std::fs::remove_file(p);
            }
        }
        opened
    }

    /// What purging person `id` would remove; removes nothing. Fails unless archived.
    pub fn purge_preview(&self, id: i64) -> Result<PurgeReport> {
        purge_report(self.conn(), id)
    }

    /// Removes an archived person and every row that belongs only to them, for good.
    /// The audit log keeps a row saying what was removed (counts, no content).
    pub fn purge_person(&mut self, id: i64) -> Result<PurgeReport> {
        self.write(|tx| {
            let report = purge_report(tx.conn(), id)?;
            tx.conn()
                .execute("DELETE FROM persons WHERE id = ?1", [id])
                .ctx("purging a person")?;
            let detail = report
                .rows
                .iter()
                .map(|(t, n)| format!("{t}={n}"))
                .collect::<Vec<_>>()
                .join(",");
            tx.audit("person.purge", "person", Some(id), &detail)?;
            Ok(report)
        })
    }

    /// The cipher settings in force (for tests and `check`).
    pub fn cipher_settings(&self) -> Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        for name in [
            "cipher_version",
            "kdf_iter",
            "cipher_hmac_algorithm",
            "cipher_kdf_algorithm",
            "cipher_page_size",
            "cipher_memory_security",
        ] {
            let v: String = self
                .conn
                .query_row(&format!("PRAGMA {name}"), [], |r| {
                    r.get::<_, rusqlite::types::Value>(0)
                })
                .map(|v| match v {
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    rusqlite::types::Value::Text(t) => t,
                    _ => String::new(),
                })
                .ctx("reading cipher settings")?;
            out.push((name.to_string(), v));
        }
        Ok(out)
    }
}

/// SQLite's and SQLCipher's integrity checks and the audit chain, on any keyed connection.
fn integrity_report(conn: &rusqlite::Connection) -> Result<CheckReport> {
    let lines = |sql: &str, context: &'static str| -> Result<Vec<String>> {
        let mut stmt = conn.prepare(sql).ctx(context)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).ctx(context)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().ctx(context)
    };
    // A damaged page stops SQLite's own check (and perhaps the audit chain's reading) with
    // an error: the report says so rather than failing, since finding damage is the point.
    let unreadable = |e: Error| match e {
        Error::Damaged { .. } => Ok(vec![
            "a page could not be read: see the SQLCipher page check for which".to_string(),
        ]),
        other => Err(other),
    };
    let cipher_faults = lines(
        "PRAGMA cipher_integrity_check",
        "running cipher_integrity_check",
    )?;
    let audit = match audit::verify(conn) {
        Ok(report) => report,
        Err(Error::Damaged { .. }) => audit::ChainReport {
            rows: 0,
            head: String::new(),
            first_fault: Some("the audit log could not be read: a page of it is damaged".into()),
        },
        Err(e) => return Err(e),
    };
    Ok(CheckReport {
        integrity: lines("PRAGMA integrity_check", "running integrity_check")
            .or_else(unreadable)?,
        cipher_faults,
        audit,
        owner_only: None,
        key_file: None,
        last_backup: None,
    })
}

/// The rows that belong to archived person `id`, by table.
fn purge_report(conn: &rusqlite::Connection, id: i64) -> Result<PurgeReport> {
    if !persons::is_archived(conn, id)? {
        return Err(Error::invalid(
            "id",
            "only an archived person can be purged; archive them first",
        ));
    }
    let rows = persons::owned_row_counts(conn, id)?;
    Ok(PurgeReport {
        person_id: id,
        rows: rows.into_iter().map(|(t, n)| (t.to_string(), n)).collect(),
    })
}
