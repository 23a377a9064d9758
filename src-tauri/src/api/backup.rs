//! Backups, the integrity check and restoring, as the maintenance screen and the
//! dashboard see them. Paths only ever come back from the backend (chosen with the
//! native dialog there); the page never sends one.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use yorisoi::model::backup::{BackupMade, LastBackup};
use yorisoi::store::CheckReport;

/// A backup just made.
#[derive(Debug, Serialize, TS)]
pub struct BackupView {
    pub file_name: String,
    pub keys_file_name: String,
    pub folder: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// RFC 3339, UTC.
    pub at: String,
}

impl From<BackupMade> for BackupView {
    fn from(m: BackupMade) -> Self {
        let name = |p: &std::path::Path| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        BackupView {
            file_name: name(&m.path),
            keys_file_name: name(&m.keys),
            folder: m
                .path
                .parent()
                .map(|d| d.display().to_string())
                .unwrap_or_default(),
            bytes: m.bytes,
            at: m.at,
        }
    }
}

/// The newest good backup the roster recorded.
#[derive(Debug, Serialize, TS)]
pub struct LastBackupView {
    /// RFC 3339, UTC.
    pub at: String,
    pub account: String,
    /// `manual` | `rotating`.
    pub kind: String,
}

impl From<LastBackup> for LastBackupView {
    fn from(b: LastBackup) -> Self {
        LastBackupView {
            at: b.at,
            account: b.account,
            kind: b.kind,
        }
    }
}

/// The automatic backups of this PC.
#[derive(Debug, Serialize, TS)]
pub struct AutoBackupView {
    pub enabled: bool,
    /// Chosen with the folder dialog; `null` until then.
    pub folder: Option<String>,
    /// Whether the folder is there now (a USB stick may be out).
    pub folder_present: bool,
    pub keep: u32,
}

/// Switches the automatic backups on or off and sets how many are kept (the folder is
/// chosen with `auto_backup_folder`, by dialog).
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AutoBackupRequest {
    pub enabled: bool,
    pub keep: u32,
}

/// What the dashboard shows of backups.
#[derive(Debug, Serialize, TS)]
pub struct BackupStatusView {
    pub last: Option<LastBackupView>,
    /// Days since the last good backup (JST dates); `null` when there is none.
    pub days_since: Option<u32>,
    /// No good backup, or the last is older than `warn_after_days`.
    pub overdue: bool,
    pub warn_after_days: u32,
    pub auto: AutoBackupView,
    /// Why the last automatic backup could not be made (in English, from the core; the
    /// page says it in Japanese and shows this as the detail).
    pub auto_problem: Option<String>,
}

/// The integrity check, for people.
#[derive(Debug, Serialize, TS)]
pub struct CheckView {
    /// Every check passed.
    pub ok: bool,
    /// SQLite's `integrity_check`: empty when sound, else its findings.
    pub integrity_faults: Vec<String>,
    /// SQLCipher's page check (each page's HMAC): empty when sound.
    pub cipher_faults: Vec<String>,
    #[ts(type = "number")]
    pub audit_rows: i64,
    pub audit_fault: Option<String>,
    /// Only this PC account can read the roster file (`null`: the file system cannot say).
    pub owner_only: Option<bool>,
    pub key_file_slots: Option<u32>,
    pub recovery_key: Option<bool>,
    pub key_file_mismatches: Vec<String>,
    pub last_backup: Option<LastBackupView>,
}

impl From<CheckReport> for CheckView {
    fn from(r: CheckReport) -> Self {
        let ok = r.is_ok();
        let key = r.key_file.as_ref();
        CheckView {
            ok,
            integrity_faults: if r.integrity == ["ok"] {
                Vec::new()
            } else {
                r.integrity
            },
            cipher_faults: r.cipher_faults,
            audit_rows: r.audit.rows,
            audit_fault: r.audit.first_fault,
            owner_only: r.owner_only,
            key_file_slots: key.map(|k| u32::try_from(k.account_slots).unwrap_or(u32::MAX)),
            recovery_key: key.map(|k| k.recovery_key),
            key_file_mismatches: key.map(|k| k.mismatches.clone()).unwrap_or_default(),
            last_backup: r.last_backup.map(LastBackupView::from),
        }
    }
}

/// Restores a backup chosen with the file dialog, as the signed-in account, whose
/// passphrase in the backup this is. (Deliberately not `Debug`: it holds the passphrase.)
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RestoreRequest {
    pub passphrase: String,
}

/// A backup restored into a new roster file (the open roster is untouched).
#[derive(Debug, Serialize, TS)]
pub struct RestoredView {
    pub backup_file_name: String,
    /// The new roster file.
    pub path: String,
    /// The accounts it brings: name and role token.
    pub accounts: Vec<RestoredAccount>,
}

#[derive(Debug, Serialize, TS)]
pub struct RestoredAccount {
    pub name: String,
    pub role: String,
}
