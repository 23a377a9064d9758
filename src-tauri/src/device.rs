//! What the app keeps on this computer, outside the roster: the roster's location, the
//! preferences, and the account last opened here (its name only, never a passphrase).
//! The wrong-passphrase back-off is not here: the core keeps it in the roster's key file,
//! where the window and the command line both obey it and a user cannot reset it.
//!
//! The file holds no personal data. It lives in the app's config folder
//! (`~/.config/jp.yorisoi.desktop/device.json` on Linux) and is written atomically.
//!
//! Anyone who can write this file can also replace the roster file or the app itself, so
//! nothing here is a secret or a lock; what loading guarantees is that an edited file
//! never acts silently: values are checked key by key (the idle lock stays between 1 and
//! 120 minutes), and a roster path the window did not choose is shown as such.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::api::{DeviceNote, Preferences};
use crate::error::IpcError;
use yorisoi::model::account::Role;
use yorisoi::model::backup::{DEFAULT_KEEP, KEEP_RANGE};

/// Lock after this many idle minutes unless the preferences say otherwise.
pub const DEFAULT_IDLE_MINUTES: u32 = 10;
/// The idle lock's bounds: it cannot be switched off, nor set beyond two hours.
pub const IDLE_MINUTES: std::ops::RangeInclusive<u32> = 1..=120;
const TEXT_SIZES: [&str; 3] = ["normal", "large", "larger"];
const LOCALES: [&str; 2] = ["ja", "en"];
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
        if !IDLE_MINUTES.contains(&self.idle_lock_minutes) {
            return Err(IpcError::invalid(
                "idle_lock_minutes",
                "must be between 1 and 120",
            ));
        }
        if !TEXT_SIZES.contains(&self.text_size.as_str()) {
            return Err(IpcError::invalid(
                "text_size",
                "not one of the offered sizes",
            ));
        }
        if !LOCALES.contains(&self.locale.as_str()) {
            return Err(IpcError::invalid(
                "locale",
                "not one of the offered languages",
            ));
        }
        Ok(())
    }
}

/// The automatic backups of this PC: on closing the roster (lock, idle lock, quitting),
/// at most once a day, into `folder` (a USB stick, say), keeping the newest `keep`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutoBackup {
    pub enabled: bool,
    /// Chosen in the window with the folder dialog.
    pub folder: Option<PathBuf>,
    pub keep: u32,
}

impl Default for AutoBackup {
    fn default() -> Self {
        AutoBackup {
            enabled: false,
            folder: None,
            keep: DEFAULT_KEEP,
        }
    }
}

impl DeviceNote {
    fn new(kind: &str, key: &str) -> Self {
        DeviceNote {
            kind: kind.to_owned(),
            key: key.to_owned(),
        }
    }
}

/// What is kept in `device.json`. Read leniently, key by key ([`DeviceState::from_json`]):
/// a wrong value falls back to its default with a note, never a crash, and never to
/// nothing (an idle lock of 0 minutes is not "off", it is refused and the default used).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeviceState {
    /// Chosen in the window; `None` for the default location.
    pub roster_path: Option<PathBuf>,
    /// The roster path as the officer last chose or opened it through the window. When
    /// `roster_path` differs, the file was changed by something else: the open screen
    /// says so prominently.
    pub roster_path_confirmed: Option<PathBuf>,
    pub preferences: Preferences,
    /// The account that last opened a roster here, offered on the open screen.
    pub last_account: Option<String>,
    pub auto_backup: AutoBackup,
    /// Why the last automatic backup could not be made (cleared by the next good one).
    pub auto_backup_problem: Option<String>,
}

/// Keys of earlier versions, dropped without a note.
const RETIRED_KEYS: [&str; 2] = ["failed_unlocks", "last_failure"];

impl DeviceState {
    /// Remembers `account` (as the core trimmed it) for the next open screen.
    pub fn remember_account(&mut self, account: &str) {
        let account = account.trim();
        if !account.is_empty() && account.chars().count() <= MAX_ACCOUNT_CHARS {
            self.last_account = Some(account.to_owned());
        }
    }

    /// Whether the roster path was changed other than through the window.
    pub fn path_changed_outside(&self) -> bool {
        self.roster_path.is_some() && self.roster_path != self.roster_path_confirmed
    }

    /// Reads the file's text key by key: each value of the wrong type or out of range
    /// becomes its default, each unknown key is ignored, and each is noted.
    pub fn from_json(text: &str) -> (DeviceState, Vec<DeviceNote>) {
        let mut state = DeviceState::default();
        let mut notes = Vec::new();
        let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(text)
        else {
            return (state, vec![DeviceNote::new("unreadable", "")]);
        };
        let mut unknown = Vec::new();
        let mut invalid = |key: &str| notes.push(DeviceNote::new("invalid", key));
        for (key, value) in &map {
            match key.as_str() {
                "roster_path" | "roster_path_confirmed" => {
                    let path = match value {
                        serde_json::Value::Null => None,
                        v => match v.as_str().and_then(stored_roster_path) {
                            Some(p) => Some(p),
                            None => {
                                invalid(key);
                                None
                            }
                        },
                    };
                    if key == "roster_path" {
                        state.roster_path = path;
                    } else {
                        state.roster_path_confirmed = path;
                    }
                }
                "last_account" => match value {
                    serde_json::Value::Null => {}
                    serde_json::Value::String(a) => {
                        state.remember_account(a);
                        if state.last_account.is_none() {
                            invalid(key);
                        }
                    }
                    _ => invalid(key),
                },
                "preferences" => preferences_from(value, &mut state.preferences, &mut invalid),
                "auto_backup" => auto_backup_from(value, &mut state.auto_backup, &mut invalid),
                "auto_backup_problem" => match value {
                    serde_json::Value::Null => {}
                    serde_json::Value::String(p) => {
                        state.auto_backup_problem = Some(p.chars().take(500).collect());
                    }
                    _ => invalid(key),
                },
                k if RETIRED_KEYS.contains(&k) => {}
                _ => unknown.push(DeviceNote::new("unknown", key)),
            }
        }
        notes.extend(unknown);
        (state, notes)
    }
}

/// A roster path as `device.json` may hold it: a full path to a `.db` file. (Whether
/// it exists is for the open screen to show: a USB stick may be out.)
fn stored_roster_path(text: &str) -> Option<PathBuf> {
    let path = Path::new(text);
    (path.is_absolute() && path.extension().and_then(|e| e.to_str()) == Some("db"))
        .then(|| path.to_path_buf())
}

fn preferences_from(
    value: &serde_json::Value,
    into: &mut Preferences,
    invalid: &mut impl FnMut(&str),
) {
    let Some(map) = value.as_object() else {
        invalid("preferences");
        return;
    };
    let defaults = Preferences::default();
    for (key, v) in map {
        let name = format!("preferences.{key}");
        match key.as_str() {
            "idle_lock_minutes" => match v.as_u64().and_then(|m| u32::try_from(m).ok()) {
                Some(m) if IDLE_MINUTES.contains(&m) => into.idle_lock_minutes = m,
                _ => {
                    into.idle_lock_minutes = defaults.idle_lock_minutes;
                    invalid(&name);
                }
            },
            "text_size" => match v.as_str() {
                Some(t) if TEXT_SIZES.contains(&t) => into.text_size = t.to_owned(),
                _ => invalid(&name),
            },
            "locale" => match v.as_str() {
                Some(l) if LOCALES.contains(&l) => into.locale = l.to_owned(),
                _ => invalid(&name),
            },
            _ => invalid(&name),
        }
    }
}

fn auto_backup_from(
    value: &serde_json::Value,
    into: &mut AutoBackup,
    invalid: &mut impl FnMut(&str),
) {
    let Some(map) = value.as_object() else {
        invalid("auto_backup");
        return;
    };
    for (key, v) in map {
        let name = format!("auto_backup.{key}");
        match key.as_str() {
            "enabled" => match v.as_bool() {
                Some(b) => into.enabled = b,
                None => invalid(&name),
            },
            "folder" => match v {
                serde_json::Value::Null => into.folder = None,
                v => match v.as_str().map(Path::new).filter(|p| p.is_absolute()) {
                    Some(p) => into.folder = Some(p.to_path_buf()),
                    None => invalid(&name),
                },
            },
            "keep" => match v.as_u64().and_then(|k| u32::try_from(k).ok()) {
                Some(k) if KEEP_RANGE.contains(&k) => into.keep = k,
                _ => invalid(&name),
            },
            _ => invalid(&name),
        }
    }
    if into.enabled && into.folder.is_none() {
        into.enabled = false;
        invalid("auto_backup.folder");
    }
}

/// The device file and its current content.
pub struct DeviceFile {
    path: Option<PathBuf>,
    pub state: DeviceState,
    /// What loading it did not use as written.
    pub notes: Vec<DeviceNote>,
}

impl DeviceFile {
    /// Reads `path` key by key ([`DeviceState::from_json`]); a missing file starts
    /// afresh, an unreadable one too, with a note. It holds nothing that cannot be chosen
    /// again.
    pub fn load(path: Option<PathBuf>) -> DeviceFile {
        let (state, notes) = match path.as_deref().map(std::fs::read_to_string) {
            None => (DeviceState::default(), Vec::new()),
            Some(Err(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                (DeviceState::default(), Vec::new())
            }
            Some(Err(_)) => (
                DeviceState::default(),
                vec![DeviceNote::new("unreadable", "")],
            ),
            Some(Ok(text)) => DeviceState::from_json(&text),
        };
        DeviceFile { path, state, notes }
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
    fn an_edited_file_cannot_switch_off_the_idle_lock() {
        for minutes in ["0", "-5", "100000", "\"never\"", "null", "1.5", "121"] {
            let text = format!(
                r#"{{"preferences": {{"idle_lock_minutes": {minutes}, "text_size": "large"}}}}"#
            );
            let (state, notes) = DeviceState::from_json(&text);
            assert_eq!(
                state.preferences.idle_lock_minutes, DEFAULT_IDLE_MINUTES,
                "{minutes} minutes"
            );
            assert_eq!(state.preferences.text_size, "large", "the rest is kept");
            assert_eq!(
                notes,
                [DeviceNote::new("invalid", "preferences.idle_lock_minutes")]
            );
        }
        // Missing: the default, nothing to note.
        let (state, notes) = DeviceState::from_json(r#"{"preferences": {"locale": "en"}}"#);
        assert_eq!(state.preferences.idle_lock_minutes, DEFAULT_IDLE_MINUTES);
        assert_eq!(state.preferences.locale, "en");
        assert!(notes.is_empty());
        let (state, _) = DeviceState::from_json(r#"{"preferences": {"idle_lock_minutes": 120}}"#);
        assert_eq!(state.preferences.idle_lock_minutes, 120);
        // A whole preferences object of the wrong type: every default.
        let (state, notes) = DeviceState::from_json(r#"{"preferences": "off"}"#);
        assert_eq!(state.preferences, Preferences::default());
        assert_eq!(notes, [DeviceNote::new("invalid", "preferences")]);
    }

    #[test]
    fn wrong_types_and_unknown_keys_become_defaults_with_a_note_never_a_crash() {
        let (state, notes) = DeviceState::from_json(
            r#"{"roster_path": 42, "last_account": ["x"], "idle_lock": false,
                "auto_backup": {"enabled": "yes", "keep": 0, "folder": "relative/dir"},
                "failed_unlocks": 3}"#,
        );
        assert_eq!(state, DeviceState::default());
        let mut kinds: Vec<(String, String)> = notes.into_iter().map(|n| (n.kind, n.key)).collect();
        kinds.sort();
        let expected: Vec<(String, String)> = [
            ("invalid", "auto_backup.enabled"),
            ("invalid", "auto_backup.folder"),
            ("invalid", "auto_backup.keep"),
            ("invalid", "last_account"),
            ("invalid", "roster_path"),
            ("unknown", "idle_lock"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(kinds, expected);
        for text in ["", "[]", "null", "\"device\"", "{"] {
            let (state, notes) = DeviceState::from_json(text);
            assert_eq!(state, DeviceState::default(), "{text}");
            assert_eq!(notes, [DeviceNote::new("unreadable", "")], "{text}");
        }
        // Switched on without a folder: off, noted.
        let (state, notes) =
            DeviceState::from_json(r#"{"auto_backup": {"enabled": true, "keep": 3}}"#);
        assert!(!state.auto_backup.enabled);
        assert_eq!(state.auto_backup.keep, 3);
        assert_eq!(notes, [DeviceNote::new("invalid", "auto_backup.folder")]);
    }

    #[test]
    fn a_roster_path_the_window_did_not_choose_is_shown_as_such() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("device.json");
        let mut file = DeviceFile::load(Some(path.clone()));
        let chosen = dir.path().join("roster.db");
        file.state.roster_path = Some(chosen.clone());
        file.state.roster_path_confirmed = Some(chosen.clone());
        file.save().expect("saved");
        let again = DeviceFile::load(Some(path.clone()));
        assert!(!again.state.path_changed_outside());
        assert!(again.notes.is_empty());
        // Someone edits the path by hand.
        let text = std::fs::read_to_string(&path).expect("read");
        let elsewhere = dir.path().join("elsewhere.db");
        let edited = text.replace(
            &format!(
                "\"roster_path\": {}",
                serde_json::to_string(&chosen).expect("json")
            ),
            &format!(
                "\"roster_path\": {}",
                serde_json::to_string(&elsewhere).expect("json")
            ),
        );
        assert_ne!(edited, text);
        std::fs::write(&path, edited).expect("write");
        let edited = DeviceFile::load(Some(path.clone()));
        assert_eq!(edited.state.roster_path, Some(elsewhere));
        assert!(edited.state.path_changed_outside());
        // Not a .db file, or not a full path: not used at all.
        for bad in [
            r#"{"roster_path": "roster.db"}"#,
            r#"{"roster_path": "/etc/passwd"}"#,
        ] {
            let (state, notes) = DeviceState::from_json(bad);
            assert_eq!(state.roster_path, None, "{bad}");
            assert_eq!(notes, [DeviceNote::new("invalid", "roster_path")]);
        }
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
