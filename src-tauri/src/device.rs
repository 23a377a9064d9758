//! What the app keeps on this computer, outside the roster: the roster's location, the
//! preferences, and the count of wrong passphrases (it must outlive a restart, and the
//! roster cannot hold it: the roster is locked whenever it is needed).
//!
//! The file holds no personal data. It lives in the app's config folder
//! (`~/.config/jp.yorisoi.desktop/device.json` on Linux) and is written atomically.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::api::Preferences;
use crate::error::IpcError;
use crate::role::Role;

/// Lock after this many idle minutes unless the preferences say otherwise.
pub const DEFAULT_IDLE_MINUTES: u32 = 10;
/// Wrong passphrases allowed before the app makes people wait.
const FREE_ATTEMPTS: u32 = 3;
/// The longest wait between two attempts.
const MAX_DELAY_SECS: u64 = 300;

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            idle_lock_minutes: DEFAULT_IDLE_MINUTES,
            text_size: "normal".to_owned(),
            locale: "ja".to_owned(),
        }
    }
}

impl Preferences {
    /// Checks a change from `current` by someone with `role`: the idle lock protects the
    /// roster, so only an officer may change how long it waits; text size and language
    /// are anyone's.
    pub fn check_change(&self, current: &Preferences, role: Role) -> Result<(), IpcError> {
        self.check()?;
        if self.idle_lock_minutes != current.idle_lock_minutes && !role.can_write() {
            return Err(IpcError::forbidden());
        }
        Ok(())
    }

    /// Refuses values the window does not offer.
    pub fn check(&self) -> Result<(), IpcError> {
        if !(1..=120).contains(&self.idle_lock_minutes) {
            return Err(IpcError::invalid(
                "idle_lock_minutes",
                "must be between 1 and 120",
            ));
        }
        if !["normal", "large", "larger"].contains(&self.text_size.as_str()) {
            return Err(IpcError::invalid(
                "text_size",
                "not one of the offered sizes",
            ));
        }
        if !["ja", "en"].contains(&self.locale.as_str()) {
            return Err(IpcError::invalid(
                "locale",
                "not one of the offered languages",
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceState {
    /// Chosen in the window; `None` for the default location.
    pub roster_path: Option<PathBuf>,
    pub preferences: Preferences,
    /// Wrong passphrases since the last successful unlock.
    pub failed_unlocks: u32,
    /// When the last one was entered (seconds since 1970).
    pub last_failure: Option<u64>,
}

/// Seconds to wait after `failures` wrong passphrases: none for the first few, then
/// doubling (2, 4, 8 … s) up to five minutes.
pub fn unlock_delay(failures: u32) -> u64 {
    if failures < FREE_ATTEMPTS {
        return 0;
    }
    let doublings = (failures - FREE_ATTEMPTS).min(16);
    (2u64 << doublings).min(MAX_DELAY_SECS)
}

impl DeviceState {
    /// Seconds still to wait before another attempt, at `now`.
    pub fn wait_before_unlock(&self, now: u64) -> u64 {
        let Some(last) = self.last_failure else {
            return 0;
        };
        // A clock set back must not lock people out for ever: the wait never exceeds
        // the delay itself.
        let ready = last.saturating_add(unlock_delay(self.failed_unlocks));
        ready
            .saturating_sub(now)
            .min(unlock_delay(self.failed_unlocks))
    }

    pub fn record_failure(&mut self, now: u64) {
        self.failed_unlocks = self.failed_unlocks.saturating_add(1);
        self.last_failure = Some(now);
    }

    pub fn record_success(&mut self) {
        self.failed_unlocks = 0;
        self.last_failure = None;
    }
}

/// The device file and its current content.
pub struct DeviceFile {
    path: Option<PathBuf>,
    pub state: DeviceState,
}

impl DeviceFile {
    /// Reads `path`; a missing or unreadable file starts afresh (it holds nothing that
    /// cannot be chosen again), except that a damaged file keeps the unlock counter at
    /// its most cautious so deleting or corrupting it is no shortcut.
    pub fn load(path: Option<PathBuf>) -> DeviceFile {
        let state = match path.as_deref().map(std::fs::read_to_string) {
            None | Some(Err(_)) => DeviceState::default(),
            Some(Ok(text)) => serde_json::from_str(&text).unwrap_or_else(|_| DeviceState {
                failed_unlocks: FREE_ATTEMPTS,
                ..DeviceState::default()
            }),
        };
        DeviceFile { path, state }
    }

    /// Writes the state (to a temporary file, then renamed over the old one).
    pub fn save(&self) -> Result<(), IpcError> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let text = serde_json::to_string_pretty(&self.state)
            .map_err(|_| IpcError::internal("could not write the app's settings"))?;
        let write = || -> std::io::Result<()> {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let tmp = path.with_extension("json.tmp");
            std::fs::write(&tmp, text)?;
            std::fs::rename(&tmp, path)
        };
        write().map_err(|_| IpcError::internal("could not write the app's settings"))
    }
}

/// Checks a roster location typed into the window: an absolute path to a `.db` file in
/// an existing folder. (No file dialog plugin is exposed to the page; the path is only
/// ever used to open or create a roster, never read or written as anything else.)
pub fn check_roster_path(text: &str) -> Result<PathBuf, IpcError> {
    let path = Path::new(text.trim());
    if !path.is_absolute() {
        return Err(IpcError::invalid("path", "must be a full path"));
    }
    if path.extension().and_then(|e| e.to_str()) != Some("db") {
        return Err(IpcError::invalid("path", "must name a .db file"));
    }
    if path.is_dir() {
        return Err(IpcError::invalid("path", "is a folder, not a file"));
    }
    match path.parent() {
        Some(dir) if dir.is_dir() => {}
        _ => return Err(IpcError::invalid("path", "its folder does not exist")),
    }
    // Refused here already, not only when opening: say so while the officer is choosing.
    if let Some(kind) = yorisoi::platform::network_kind(path) {
        return Err(IpcError::invalid(
            "path",
            &format!("is on {kind}; choose a folder on this computer's own disk"),
        ));
    }
    Ok(path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_grows_after_a_few_wrong_passphrases_and_is_capped() {
        let waits: Vec<u64> = (0..8).map(unlock_delay).collect();
        assert_eq!(waits, [0, 0, 0, 2, 4, 8, 16, 32]);
        assert_eq!(unlock_delay(40), MAX_DELAY_SECS);
    }

    #[test]
    fn the_counter_survives_a_restart_and_resets_on_success() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("conf").join("device.json");
        let mut file = DeviceFile::load(Some(path.clone()));
        for _ in 0..4 {
            file.state.record_failure(1_000);
        }
        file.save().expect("saved");
        // A restart: the file is read again.
        let mut again = DeviceFile::load(Some(path.clone()));
        assert_eq!(again.state.failed_unlocks, 4);
        assert_eq!(again.state.wait_before_unlock(1_001), 3);
        assert_eq!(again.state.wait_before_unlock(1_004), 0);
        // A clock set back never makes the wait longer than the delay.
        assert_eq!(again.state.wait_before_unlock(0), 4);
        again.state.record_success();
        again.save().expect("saved");
        assert_eq!(
            DeviceFile::load(Some(path)).state.wait_before_unlock(1_001),
            0
        );
    }

    #[test]
    fn a_damaged_file_is_no_shortcut_past_the_wait() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("device.json");
        std::fs::write(&path, "{ not json").expect("write");
        assert_eq!(
            DeviceFile::load(Some(path)).state.failed_unlocks,
            FREE_ATTEMPTS
        );
    }

    #[test]
    fn roster_paths_must_be_absolute_db_files_in_existing_folders() {
        let dir = tempfile::tempdir().expect("temp dir");
        let good = dir.path().join("roster.db");
        assert_eq!(
            check_roster_path(&good.display().to_string()).expect("ok"),
            good
        );
        for bad in [
            "roster.db".to_owned(),
            dir.path().join("roster.txt").display().to_string(),
            dir.path().join("missing/roster.db").display().to_string(),
        ] {
            let err = check_roster_path(&bad).expect_err("refused");
            assert_eq!(err.field.as_deref(), Some("path"));
        }
    }

    #[test]
    fn preferences_outside_the_offered_values_are_refused() {
        assert!(Preferences::default().check().is_ok());
        let no_wait = Preferences {
            idle_lock_minutes: 0,
            ..Preferences::default()
        };
        assert!(no_wait.check().is_err());
    }

    #[test]
    fn only_an_officer_changes_the_idle_lock() {
        let current = Preferences::default();
        let longer = Preferences {
            idle_lock_minutes: 60,
            ..Preferences::default()
        };
        let larger = Preferences {
            text_size: "larger".into(),
            ..Preferences::default()
        };
        assert!(longer.check_change(&current, Role::Officer).is_ok());
        let err = longer
            .check_change(&current, Role::Viewer)
            .expect_err("refused");
        assert_eq!(err.code, crate::error::ErrorCode::Forbidden);
        assert!(larger.check_change(&current, Role::Viewer).is_ok());
    }
}
