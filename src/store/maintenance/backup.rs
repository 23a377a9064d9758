//! Backups: an encrypted copy with its key file, proved before it counts, and the record of
//! the last good one (an audit row, so every desk sees the same date).

use std::path::Path;

use rusqlite::OptionalExtension;

use super::integrity_report;
use crate::error::{Error, Result, SqlContext};
use crate::model::backup::{BackupKind, BackupMade, LastBackup};
use crate::store::keyfile::{keys_path, KeyFile};
use crate::store::{open_read_only, Roster};

/// The audit row that records a backup proved good (the `roster.backup` row before it
/// records the attempt, and travels inside the copy).
const GOOD_BACKUP: &str = "roster.backup.verified";

impl Roster {
    /// Writes an encrypted copy (same data key, same cipher settings) to `out`, which must
    /// not exist, and the key file beside it (`out` with `.keys`): the backup opens with the
    /// same accounts, or the recovery key. `VACUUM INTO` on a keyed connection encrypts;
    /// never plaintext. The copy is then proved (see [`Roster::write_proved_backup`]) and
    /// recorded as the last good backup. Officers and admins.
    pub fn backup(&mut self, out: &Path) -> Result<()> {
        self.backup_recorded(out, BackupKind::Manual).map(drop)
    }

    /// [`Roster::backup`], saying what was made.
    pub fn backup_recorded(&mut self, out: &Path, kind: BackupKind) -> Result<BackupMade> {
        let made = self.write_proved_backup(out, &keys_path(out))?;
        self.record_good_backup(&made, kind)?;
        Ok(made)
    }

    /// Writes the copy to `out` and the key file to `out_keys` (neither may exist), flushes
    /// both to disk, then proves the copy: opened read-only with the roster's data key, it
    /// passes SQLite's and SQLCipher's checks (every page's HMAC) and the audit chain, and
    /// the key file reads back with this account's slot. Anything short of that removes
    /// what this call made and is an error. Audited `roster.backup` before the copy (so the
    /// copy carries the row of its own making); not yet recorded as good.
    pub(crate) fn write_proved_backup(
        &mut self,
        out: &Path,
        out_keys: &Path,
    ) -> Result<BackupMade> {
        self.require_writer("make a backup")?;
        for p in [out, out_keys] {
            if p.exists() {
                return Err(Error::AlreadyExists(p.to_path_buf()));
            }
        }
        let target = out
            .to_str()
            .ok_or_else(|| Error::invalid("out", "the path is not valid UTF-8"))?;
        let key = match self.signed_in() {
            Some(me) => crate::store::slots::raw(&me.key),
            None => return Err(Error::invalid("account", "nobody has unlocked the roster")),
        };
        let account = self.account().to_owned();
        let file = KeyFile::read(&keys_path(self.path()))?;
        self.write(|tx| {
            tx.audit(
                "roster.backup",
                "",
                None,
                &format!("slots={}", file.slots.len()),
            )
        })?;
        let at = crate::clock::stamp(self.clock().now());
        let made = self
            .conn
            .execute("VACUUM INTO ?1", [target])
            .ctx("writing the backup")
            .and_then(|_| file.write(out_keys))
            .and_then(|()| {
                crate::store::restrict_permissions(out);
                sync(out)?;
                sync(out_keys)?;
                crate::platform::sync_folder_of(out);
                prove(out, out_keys, &key, &account)
            });
        match made {
            Ok(bytes) => Ok(BackupMade {
                path: out.to_path_buf(),
                keys: out_keys.to_path_buf(),
                bytes,
                at,
            }),
            Err(e) => {
                // Only what this call made: neither existed before.
                for p in [out, out_keys] {
                    let _ = std::fs::remove_file(p);
                }
                Err(e)
            }
        }
    }

    /// Records `made` as the last good backup: an audit row (`roster.backup.verified`, with
    /// its kind and size — never its path, which an officer named).
    pub(crate) fn record_good_backup(&mut self, made: &BackupMade, kind: BackupKind) -> Result<()> {
        self.write(|tx| {
            tx.audit(
                GOOD_BACKUP,
                "",
                None,
                &format!("kind={},bytes={}", kind.token(), made.bytes),
            )
        })
    }

    /// The newest backup recorded as good ([`Roster::backup`] and the automatic rotation
    /// record one once it is proved), or `None` when there has been none.
    pub fn last_good_backup(&self) -> Result<Option<LastBackup>> {
        let row = self
            .conn()
            .query_row(
                "SELECT at, account, detail FROM audit_log
                 WHERE action = ?1 ORDER BY seq DESC LIMIT 1",
                [GOOD_BACKUP],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                },
            )
            .optional()
            .ctx("reading the last good backup")?;
        Ok(row.map(|(at, account, detail)| {
            let kind = detail
                .split(',')
                .find_map(|part| part.strip_prefix("kind="))
                .and_then(BackupKind::from_token)
                .unwrap_or(BackupKind::Manual);
            LastBackup {
                at,
                account,
                kind: kind.token().to_owned(),
            }
        }))
    }
}

fn sync(path: &Path) -> Result<()> {
    // Opened for writing (nothing is written): Windows flushes a file only through a handle
    // that may write to it (FlushFileBuffers needs GENERIC_WRITE).
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|f| f.sync_all())
        .map_err(|source| Error::Io {
            context: "flushing the backup to disk",
            path: path.to_path_buf(),
            source,
        })
}

/// Opens the copy read-only with the data key and checks it whole; reads the key file
/// back. The copy's size in bytes when sound.
fn prove(
    out: &Path,
    out_keys: &Path,
    key: &crate::store::Passphrase,
    account: &str,
) -> Result<u64> {
    let copy = open_read_only(out, key)?;
    let report = integrity_report(&copy)?;
    drop(copy);
    if !report.is_ok() {
        return Err(Error::Integrity(format!(
            "the backup just written to {} did not pass its check (the disk or the stick may be failing); it was removed",
            out.display()
        )));
    }
    let keys = KeyFile::read(out_keys)?;
    if keys.account_slot(account).is_none() {
        return Err(Error::Integrity(format!(
            "the key file written beside the backup {} does not read back; it was removed",
            out.display()
        )));
    }
    std::fs::metadata(out)
        .map(|m| m.len())
        .map_err(|source| Error::Io {
            context: "reading the size of the backup",
            path: out.to_path_buf(),
            source,
        })
}
