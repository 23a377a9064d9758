//! Automatic backups: a rotation of encrypted copies in a folder the officer chose (a USB
//! stick, say), made at most once a day (JST) and keeping the newest N. It removes only
//! files of its own naming pattern ([`RotationNames`]) for this roster, with their key
//! files: nothing else in the folder is ever touched.

use std::path::{Path, PathBuf};

use crate::clock::jst;
use crate::error::{Error, Result};
use crate::model::backup::{BackupKind, BackupMade, RotationNames, KEEP_RANGE, PARTIAL_EXTENSION};
use crate::store::keyfile::{keys_path, KeyFile};
use crate::Roster;

/// What one turn of the rotation did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Rotated {
    /// The backup made (proved and recorded as the last good one).
    pub made: BackupMade,
    /// The older backups (and key files) removed to keep the newest N, and leftovers of
    /// a turn that was cut short.
    pub removed: Vec<PathBuf>,
}

impl Roster {
    /// Makes today's automatic backup in `folder` unless this roster already has one there
    /// from today (JST, by the roster's clock): `Ok(None)`. The copy is written under a
    /// `.partial` name, proved, renamed, and recorded as the last good backup; then all
    /// but the newest `keep` of this roster's automatic backups in the folder are removed.
    /// A missing folder is an error that says so and changes nothing. Officers and admins.
    pub fn backup_rotating(&mut self, folder: &Path, keep: u32) -> Result<Option<Rotated>> {
        self.require_writer("make a backup")?;
        if !KEEP_RANGE.contains(&keep) {
            return Err(Error::invalid(
                "keep",
                format!(
                    "keep between {} and {} backups",
                    KEEP_RANGE.start(),
                    KEEP_RANGE.end()
                ),
            ));
        }
        if !folder.is_dir() {
            return Err(Error::invalid(
                "folder",
                format!(
                    "the backup folder {} is not there (is the USB stick plugged in?); no backup was made — plug it in, or choose another folder",
                    folder.display()
                ),
            ));
        }
        let roster_id = KeyFile::read(&keys_path(self.path()))?.roster_id;
        let names = RotationNames::new(&roster_id);
        let now = self.clock().now();
        let scan = names.scan(folder_names(folder)?.iter().map(String::as_str));
        if scan.made_on(jst(now).date()) {
            return Ok(None);
        }
        let mut removed = Vec::new();
        for leftover in &scan.leftovers {
            let path = folder.join(leftover);
            if leftover.ends_with(PARTIAL_EXTENSION) {
                remove(&keys_path(&path), &mut removed);
            }
            remove(&path, &mut removed);
        }
        let stem = names.stem(jst(now));
        let partial = folder.join(format!("{stem}.{PARTIAL_EXTENSION}"));
        let final_path = folder.join(format!("{stem}.db"));
        let mut made = self.write_proved_backup(&partial, &keys_path(&final_path))?;
        if let Err(source) = std::fs::rename(&partial, &final_path) {
            for p in [&partial, &made.keys] {
                let _ = std::fs::remove_file(p);
            }
            return Err(Error::Io {
                context: "naming the backup",
                path: final_path,
                source,
            });
        }
        crate::platform::sync_folder_of(&final_path);
        made.path = final_path;
        self.record_good_backup(&made, BackupKind::Rotating)?;
        let now_there = names.scan(folder_names(folder)?.iter().map(String::as_str));
        for old in now_there.beyond(keep) {
            let db = folder.join(&old);
            remove(&keys_path(&db), &mut removed);
            remove(&db, &mut removed);
        }
        Ok(Some(Rotated { made, removed }))
    }
}

/// The file names in `folder` (names that are not UTF-8 are nobody's rotation).
fn folder_names(folder: &Path) -> Result<Vec<String>> {
    let entries = std::fs::read_dir(folder).map_err(|source| Error::Io {
        context: "reading the backup folder",
        path: folder.to_path_buf(),
        source,
    })?;
    Ok(entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .collect())
}

/// Removes `path` if it is there; best effort (a file that will not go is tried again
/// next time, and never blocks the backup just made).
fn remove(path: &Path, removed: &mut Vec<PathBuf>) {
    if path.is_file() && std::fs::remove_file(path).is_ok() {
        removed.push(path.to_path_buf());
    }
}
