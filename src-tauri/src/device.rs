//! What the app keeps on this computer, outside the roster: the roster's location, the
//! preferences, and the account last opened here (its name only, never a passphrase).
//! The wrong-passphrase back-off is not here: the core keeps it in the roster's key file,
//! where the window and the command line both obey it and a user cannot reset it.
//!
//! The file holds no personal data. It lives in the app's config folder
//! (`~/.config/jp.yorisoi.desktop/device.json` on Linux) and is written atomically.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::api::Preferences;
use crate::error::IpcError;
use yorisoi::model::account::Role;

/// Lock after this many idle minutes unless the preferences say otherwise.
pub const DEFAULT_IDLE_MINUTES: u32 = 10;
/// The longest account name remembered (the core allows 64 characters).
const MAX_ACCOUNT_CHARS: usize = 64;

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
    /// Checks a change from `current` by the account with `role` (`None` while locked):
    /// the idle lock protects the roster, so only an account that may change the roster
    /// may change how long it waits; text size and language are anyone's.
    pub fn check_change(&self, current: &Preferences, role: Option<Role>) -> Result<(), IpcError> {
        self.check()?;
        let may = role.is_some_and(Role::can_write);
        if self.idle_lock_minutes != current.idle_lock_minutes && !may {
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

// Unknown fields are ignored, so a file written before accounts (with its old
// wrong-passphrase counters) still loads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceState {
    /// Chosen in the window; `None` for the default location.
    pub roster_path: Option<PathBuf>,
    pub preferences: Preferences,
    /// The account that last opened a roster here, offered on the open screen.
    pub last_account: Option<String>,
}

impl DeviceState {
    /// Remembers `account` (as the core trimmed it) for the next open screen.
    pub fn remember_account(&mut self, account: &str) {
        let account = account.trim();
        if !account.is_empty() && account.chars().count() <= MAX_ACCOUNT_CHARS {
            self.last_account = Some(account.to_owned());
        }
    }
}

/// The device file and its current content.
pub struct DeviceFile {
    path: Option<PathBuf>,
    pub state: DeviceState,
}

impl DeviceFile {
    /// Reads `path`; a missing, unreadable or damaged file starts afresh: it holds
    /// nothing that cannot be chosen again, and nothing that guards the roster.
    pub fn load(path: Option<PathBuf>) -> DeviceFile {
        let state = match path.as_deref().map(std::fs::read_to_string) {
            None | Some(Err(_)) => DeviceState::default(),
            Some(Ok(text)) => serde_json::from_str(&text).unwrap_or_default(),
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
    fn the_last_account_survives_a_restart_and_never_a_passphrase() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("conf").join("device.json");
        let mut file = DeviceFile::load(Some(path.clone()));
        file.state.remember_account("  福祉課 田中 ");
        file.save().expect("saved");
        let again = DeviceFile::load(Some(path.clone()));
        assert_eq!(again.state.last_account.as_deref(), Some("福祉課 田中"));
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(!text.contains("passphrase"), "{text}");
        // Nothing odd is remembered.
        let mut state = DeviceState::default();
        state.remember_account("   ");
        state.remember_account(&"x".repeat(65));
        assert_eq!(state.last_account, None);
    }

    #[test]
    fn a_file_from_before_accounts_still_loads_without_its_counters() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("device.json");
        std::fs::write(
            &path,
            r#"{"roster_path":"/srv/r.db","failed_unlocks":7,"last_failure":1000}"#,
        )
        .expect("write");
        let file = DeviceFile::load(Some(path.clone()));
        assert_eq!(file.state.roster_path, Some(PathBuf::from("/srv/r.db")));
        file.save().expect("saved");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(!text.contains("failed_unlocks"), "{text}");
        std::fs::write(&path, "{ not json").expect("write");
        assert_eq!(DeviceFile::load(Some(path)).state, DeviceState::default());
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
    fn only_an_account_that_may_write_changes_the_idle_lock() {
        let current = Preferences::default();
        let longer = Preferences {
            idle_lock_minutes: 60,
            ..Preferences::default()
        };
        let larger = Preferences {
            text_size: "larger".into(),
            ..Preferences::default()
        };
        assert!(longer.check_change(&current, Some(Role::Officer)).is_ok());
        assert!(longer.check_change(&current, Some(Role::Admin)).is_ok());
        for role in [Some(Role::Viewer), None] {
            let err = longer.check_change(&current, role).expect_err("refused");
            assert_eq!(err.code, crate::error::ErrorCode::Forbidden);
            assert!(larger.check_change(&current, role).is_ok());
        }
    }
}
