//! Whole-roster operations: integrity check, rekey, backup and restore, purge.

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use super::{audit, persons, Passphrase, Roster};
use crate::clock::Clock;
use crate::error::{Error, Result, SqlContext};

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
}

impl CheckReport {
    /// True when every check passed.
    pub fn is_ok(&self) -> bool {
        self.integrity == ["ok"]
            && self.cipher_faults.is_empty()
            && self.audit.first_fault.is_none()
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
        Ok(report)
    }

    /// Changes the passphrase. The old one stops working at once.
    pub fn rekey(&mut self, new: &Passphrase) -> Result<()> {
        if new.is_empty() {
            return Err(Error::invalid("new passphrase", "must not be empty"));
        }
        self.write(|tx| tx.audit("roster.rekey", "", None, ""))?;
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
            .pragma_update(None, "rekey", new.as_str())
            .ctx("rekeying");
        self.conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
            .ctx("returning to WAL mode")?;
        rekeyed
    }

    /// Writes an encrypted copy (same passphrase, same cipher settings) to `out`, which must
    /// not exist. `VACUUM INTO` on a keyed connection encrypts; never plaintext.
    pub fn backup(&mut self, out: &Path) -> Result<()> {
        if out.exists() {
            return Err(Error::AlreadyExists(out.to_path_buf()));
        }
        let target = out
            .to_str()
            .ok_or_else(|| Error::invalid("out", "the path is not valid UTF-8"))?;
        self.write(|tx| tx.audit("roster.backup", "", None, ""))?;
        self.conn
            .execute("VACUUM INTO ?1", [target])
            .ctx("writing the backup")?;
        super::restrict_permissions(out);
        Ok(())
    }

    /// Copies the backup `file` to a new roster at `to` (which must not exist), after
    /// proving the passphrase opens it and that it is sound. Returns the restored roster.
    pub fn restore_backup(
        file: &Path,
        to: &Path,
        passphrase: &Passphrase,
        operator: &str,
        clock: Arc<dyn Clock + Send + Sync>,
    ) -> Result<Roster> {
        if to.exists() {
            return Err(Error::AlreadyExists(to.to_path_buf()));
        }
        let target = to
            .to_str()
            .ok_or_else(|| Error::invalid("to", "the path is not valid UTF-8"))?;
        crate::platform::ensure_local(to)?;
        super::create_folder(to)?;
        // Read-only: restoring must not change the backup, not even by an unlock row.
        let backup = super::open_read_only(file, passphrase)?;
        let report = integrity_report(&backup)?;
        if !report.is_ok() {
            return Err(Error::Integrity(format!(
                "the backup {} is damaged; nothing was restored",
                file.display()
            )));
        }
        backup
            .execute("VACUUM INTO ?1", [target])
            .ctx("restoring the backup")?;
        drop(backup);
        super::restrict_permissions(to);
        let mut restored = Roster::open(to, passphrase, operator, clock)?;
        restored.write(|tx| tx.audit("roster.restore", "", None, ""))?;
        Ok(restored)
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
    Ok(CheckReport {
        integrity: lines("PRAGMA integrity_check", "running integrity_check")?,
        cipher_faults: lines(
            "PRAGMA cipher_integrity_check",
            "running cipher_integrity_check",
        )?,
        audit: audit::verify(conn)?,
        owner_only: None,
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
