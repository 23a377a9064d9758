//! Backups as values: what a backup made, the last good one, and the rule that names and
//! rotates the automatic ones (pure: no disk, no clock — the caller passes the instant and
//! the names it found).

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

/// The fewest and most automatic backups a rotation keeps.
pub const KEEP_RANGE: std::ops::RangeInclusive<u32> = 1..=365;
/// How many automatic backups a rotation keeps unless told otherwise.
pub const DEFAULT_KEEP: u32 = 7;
/// A last good backup older than this many days (or none at all) is warned about.
pub const WARN_AFTER_DAYS: i64 = 7;

/// Why a backup was made: by an officer (the window's 「今すぐバックアップ」, the CLI's
/// `backup`) or by the rotation on closing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BackupKind {
    /// Asked for by an officer.
    Manual,
    /// Made by the automatic rotation.
    Rotating,
}

impl BackupKind {
    /// The token kept in the audit row.
    pub fn token(self) -> &'static str {
        match self {
            BackupKind::Manual => "manual",
            BackupKind::Rotating => "rotating",
        }
    }

    /// The kind of a token (`None` for one this version does not know).
    pub fn from_token(token: &str) -> Option<BackupKind> {
        match token {
            "manual" => Some(BackupKind::Manual),
            "rotating" => Some(BackupKind::Rotating),
            _ => None,
        }
    }
}

/// A backup written, flushed to disk and proved: opened read-only with the roster's key,
/// SQLite's and SQLCipher's checks and the audit chain passed, its key file read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupMade {
    /// The backup file.
    pub path: PathBuf,
    /// Its key file beside it.
    pub keys: PathBuf,
    /// The backup's size in bytes.
    pub bytes: u64,
    /// When it was made (RFC 3339, UTC).
    pub at: String,
}

/// The newest good backup the roster has recorded (every desk sees the same).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LastBackup {
    /// When it was made (RFC 3339, UTC).
    pub at: String,
    /// The account that made it (for a rotation: the account that was closing).
    pub account: String,
    /// `manual` or `rotating`.
    pub kind: String,
}

/// Whether a last good backup made on `last` (a JST date; `None` when there is none) is
/// old enough on `today` to warn about: more than [`WARN_AFTER_DAYS`] days, or none.
pub fn is_overdue(last: Option<NaiveDate>, today: NaiveDate) -> bool {
    last.is_none_or(|d| (today - d).num_days() > WARN_AFTER_DAYS)
}

/// The automatic backups of one roster: `yorisoi-auto-<roster id, 8 hex>-YYYYMMDD-HHMMSS.db`
/// (JST), with the key file `….keys` beside each. Only names of exactly this shape are
/// ever pruned, so nothing else in the folder (other rosters' backups, an officer's own
/// files) is touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotationNames {
    prefix: String,
}

/// What a rotation folder holds of one roster's rotation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RotationScan {
    /// Complete backups (`.db`), oldest first, with when each was made (JST).
    pub backups: Vec<(String, NaiveDateTime)>,
    /// Leftovers of a rotation that was cut short: a `.partial` file, or a key file whose
    /// backup is missing.
    pub leftovers: Vec<String>,
}

const STAMP: &str = "%Y%m%d-%H%M%S";
/// A backup being written and not yet proved.
pub const PARTIAL_EXTENSION: &str = "partial";

impl RotationNames {
    /// The names for the roster whose key file holds `roster_id` (hex).
    pub fn new(roster_id: &str) -> RotationNames {
        let short: String = roster_id
            .chars()
            .filter(char::is_ascii_hexdigit)
            .take(8)
            .collect::<String>()
            .to_ascii_lowercase();
        RotationNames {
            prefix: format!("yorisoi-auto-{short}-"),
        }
    }

    /// The stem (no extension) of the backup made at `at` (JST).
    pub fn stem(&self, at: NaiveDateTime) -> String {
        format!("{}{}", self.prefix, at.format(STAMP))
    }

    /// When the file named `name` (stem and extension) was made, if it is one of these.
    fn made_at(&self, name: &str, extension: &str) -> Option<NaiveDateTime> {
        let stamp = name
            .strip_prefix(&self.prefix)?
            .strip_suffix(extension)?
            .strip_suffix('.')?;
        // Exactly 8 digits, a dash, 6 digits: no other shape is ours.
        let shape = stamp.len() == 15
            && stamp
                .char_indices()
                .all(|(i, c)| if i == 8 { c == '-' } else { c.is_ascii_digit() });
        if !shape {
            return None;
        }
        NaiveDateTime::parse_from_str(stamp, STAMP).ok()
    }

    /// Sorts the file names of a folder into this rotation's backups and leftovers;
    /// every other name is ignored.
    pub fn scan<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> RotationScan {
        let names: Vec<&str> = names.into_iter().collect();
        let mut scan = RotationScan::default();
        for name in &names {
            if let Some(at) = self.made_at(name, "db") {
                scan.backups.push(((*name).to_owned(), at));
            } else if self.made_at(name, PARTIAL_EXTENSION).is_some() {
                scan.leftovers.push((*name).to_owned());
            } else if self.made_at(name, "keys").is_some() {
                let stem = name.trim_end_matches(".keys");
                let partial = format!("{stem}.{PARTIAL_EXTENSION}");
                // A key file is a leftover only when neither its backup nor a backup
                // being written is there.
                if !names.contains(&format!("{stem}.db").as_str())
                    && !names.contains(&partial.as_str())
                {
                    scan.leftovers.push((*name).to_owned());
                }
            }
        }
        scan.backups
            .sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
        scan.leftovers.sort();
        scan
    }
}

impl RotationScan {
    /// Whether a backup of this rotation was made on `day` (JST) already.
    pub fn made_on(&self, day: NaiveDate) -> bool {
        self.backups.iter().any(|(_, at)| at.date() == day)
    }

    /// The backups beyond the newest `keep`, oldest first: the ones to remove.
    pub fn beyond(&self, keep: u32) -> Vec<String> {
        let keep = usize::try_from(keep).unwrap_or(usize::MAX);
        let excess = self.backups.len().saturating_sub(keep);
        self.backups[..excess]
            .iter()
            .map(|(n, _)| n.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn only_names_of_the_rotations_exact_shape_are_its_own() {
        let names = RotationNames::new("A1B2C3D4e5f6");
        let stem = names.stem(at("2026-12-06 18:30:05"));
        assert_eq!(stem, "yorisoi-auto-a1b2c3d4-20261206-183005");
        let mine = format!("{stem}.db");
        let keys = format!("{stem}.keys");
        let folder = [
            mine.as_str(),
            keys.as_str(),
            "yorisoi-auto-a1b2c3d4-20261205-090000.db",
            "yorisoi-auto-a1b2c3d4-20261205-090000.keys",
            // Another roster's, an officer's own, near misses.
            "yorisoi-auto-ffffffff-20261201-090000.db",
            "roster.db",
            "yorisoi-auto-a1b2c3d4-20261201-0900.db",
            "yorisoi-auto-a1b2c3d4-20261201-090000.db.bak",
            "yorisoi-auto-a1b2c3d4-2026120x-090000.db",
            "yorisoi-auto-a1b2c3d4-20261301-090000.db",
            // Cut short: a partial backup, and a key file left alone.
            "yorisoi-auto-a1b2c3d4-20261207-090000.partial",
            "yorisoi-auto-a1b2c3d4-20261207-090000.keys",
            "yorisoi-auto-a1b2c3d4-20261101-090000.keys",
        ];
        let scan = names.scan(folder);
        assert_eq!(
            scan.backups
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>(),
            ["yorisoi-auto-a1b2c3d4-20261205-090000.db", mine.as_str()]
        );
        assert_eq!(
            scan.leftovers,
            [
                "yorisoi-auto-a1b2c3d4-20261101-090000.keys",
                "yorisoi-auto-a1b2c3d4-20261207-090000.partial"
            ]
        );
        assert!(scan.made_on(NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()));
        assert!(!scan.made_on(NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()));
        assert_eq!(scan.beyond(1), ["yorisoi-auto-a1b2c3d4-20261205-090000.db"]);
        assert!(scan.beyond(2).is_empty() && scan.beyond(9).is_empty());
    }

    #[test]
    fn a_backup_is_overdue_after_a_week_or_when_there_is_none() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert!(is_overdue(None, day(6)));
        assert!(!is_overdue(Some(day(6)), day(6)));
        assert!(!is_overdue(Some(day(1)), day(8)));
        assert!(is_overdue(Some(day(1)), day(9)));
        assert_eq!(
            BackupKind::from_token("rotating"),
            Some(BackupKind::Rotating)
        );
        assert_eq!(BackupKind::Manual.token(), "manual");
    }
}
