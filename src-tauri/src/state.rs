//! What the running app holds between commands.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use yorisoi::model::account::Role;
use yorisoi::model::recovery::RecoveryKey;
use yorisoi::progress::StopFlag;
use yorisoi::worklists::consent::ConsentWorklistReport;
use yorisoi::{Clock, Roster, SystemClock};

use crate::device::DeviceFile;
use crate::error::IpcError;

/// Overrides the roster's default location. Tests (and anyone trying the app) set it
/// so the real roster of the user is never touched.
const ROSTER_PATH_OVERRIDE: &str = "YORISOI_DB";

/// The open roster (if any) and the clock. Who is using the app, and their role, is the
/// open roster's to say (`Roster::account`, `Roster::role`): nothing here decides it.
pub struct AppState {
    /// `None` while locked. Dropping the `Roster` closes the database and wipes the key.
    roster: Mutex<Option<Roster>>,
    pub clock: Arc<dyn Clock + Send + Sync>,
    device: Arc<Mutex<DeviceFile>>,
    /// Automatic backups still being made by rosters just closed ([`AppState::lock`]);
    /// quitting waits for them ([`AppState::finish_backups`]).
    closing_backups: Mutex<Vec<JoinHandle<()>>>,
    /// A backup just restored into a new roster file, until the officer opens it.
    restored: Mutex<Option<PathBuf>>,
    /// The last command or keystroke; the idle lock counts from here.
    last_activity: Mutex<Instant>,
    /// The consent worklists as of a day (a few seconds to compute on 100,000 people),
    /// kept until the next write, lock or day so that filtering the roster by them stays
    /// quick while scrolling.
    consent_lists: Mutex<Option<(String, Arc<ConsentWorklistReport>)>>,
    /// The files this window saved, by the handle the page was given (`print_open`).
    saved_files: Mutex<Vec<PathBuf>>,
    /// A recovery key just made, kept (wiped on drop) only until the officer confirms it
    /// is written down or printed, so the page never has to send it back for the sheet.
    fresh_recovery: Mutex<Option<RecoveryKey>>,
    /// The stop request of the print being made now (the page's 中止 button).
    print_stop: Mutex<StopFlag>,
}

fn poisoned() -> IpcError {
    // A poisoned lock means a command panicked while holding it; refuse rather than
    // carry on with a handle in an unknown state.
    IpcError::internal("the app's state is unusable; restart the app")
}

impl AppState {
    pub fn new(device_file: Option<PathBuf>) -> Self {
        AppState {
            roster: Mutex::new(None),
            clock: Arc::new(SystemClock),
            device: Arc::new(Mutex::new(DeviceFile::load(device_file))),
            closing_backups: Mutex::new(Vec::new()),
            restored: Mutex::new(None),
            last_activity: Mutex::new(Instant::now()),
            consent_lists: Mutex::new(None),
            saved_files: Mutex::new(Vec::new()),
            fresh_recovery: Mutex::new(None),
            print_stop: Mutex::new(StopFlag::new()),
        }
    }

    /// A fresh stop request for the print about to start; [`AppState::stop_print`] raises
    /// it. A stop pressed before this print began does not reach it.
    pub fn begin_print(&self) -> Result<StopFlag, IpcError> {
        let mut current = self.print_stop.lock().map_err(|_| poisoned())?;
        *current = StopFlag::new();
        Ok(current.clone())
    }

    /// 中止: asks the print being made to stop before it records or saves anything.
    pub fn stop_print(&self) -> Result<(), IpcError> {
        self.print_stop.lock().map_err(|_| poisoned())?.raise();
        Ok(())
    }

    /// Keeps a recovery key just made until [`AppState::forget_recovery`] (or the lock).
    pub fn keep_recovery(&self, key: RecoveryKey) -> Result<(), IpcError> {
        *self.fresh_recovery.lock().map_err(|_| poisoned())? = Some(key);
        Ok(())
    }

    /// The recovery key just made, for its sheet.
    pub fn fresh_recovery(&self) -> Result<RecoveryKey, IpcError> {
        self.fresh_recovery
            .lock()
            .map_err(|_| poisoned())?
            .clone()
            .ok_or_else(|| {
                IpcError::invalid(
                    "recovery_key",
                    "no new recovery key to print; make a new one",
                )
            })
    }

    /// Wipes the recovery key just made: it was written down or printed.
    pub fn forget_recovery(&self) {
        if let Ok(mut key) = self.fresh_recovery.lock() {
            *key = None;
        }
    }

    /// Remembers a file this window saved; the page gets the handle, never the path.
    pub fn remember_saved(&self, path: PathBuf) -> Result<u32, IpcError> {
        let mut files = self.saved_files.lock().map_err(|_| poisoned())?;
        files.push(path);
        u32::try_from(files.len() - 1).map_err(|_| IpcError::internal("too many saved files"))
    }

    /// The file saved under `handle`; nothing else can be named.
    pub fn saved(&self, handle: u32) -> Result<PathBuf, IpcError> {
        let files = self.saved_files.lock().map_err(|_| poisoned())?;
        usize::try_from(handle)
            .ok()
            .and_then(|i| files.get(i).cloned())
            .ok_or_else(|| {
                IpcError::invalid("saved_file", "no file of this window has that handle")
            })
    }

    /// The slot holding the open roster.
    pub fn roster(&self) -> Result<MutexGuard<'_, Option<Roster>>, IpcError> {
        self.roster.lock().map_err(|_| poisoned())
    }

    pub fn device(&self) -> Result<MutexGuard<'_, DeviceFile>, IpcError> {
        self.device.lock().map_err(|_| poisoned())
    }

    /// Notes activity (every command but a [`AppState::poll`] does; the page adds keystrokes
    /// and clicks).
    pub fn touch(&self) {
        if let Ok(mut last) = self.last_activity.lock() {
            *last = Instant::now();
        }
    }

    /// Reads from the open roster.
    pub fn read<T>(&self, f: impl FnOnce(&Roster) -> yorisoi::Result<T>) -> Result<T, IpcError> {
        self.touch();
        let guard = self.roster()?;
        let roster = guard.as_ref().ok_or_else(IpcError::locked)?;
        Ok(f(roster)?)
    }

    /// Reads a detailed record; the core audits the view, so it needs the handle
    /// mutably, but any role may do it.
    pub fn view<T>(
        &self,
        f: impl FnOnce(&mut Roster) -> yorisoi::Result<T>,
    ) -> Result<T, IpcError> {
        self.touch();
        let mut guard = self.roster()?;
        let roster = guard.as_mut().ok_or_else(IpcError::locked)?;
        Ok(f(roster)?)
    }

    /// A reading the page makes by itself on a timer (the disaster banner, the live drill
    /// board), like [`AppState::view`] but not counted as activity: a window left alone
    /// with a board on it must still lock when the idle time is up.
    pub fn poll<T>(
        &self,
        f: impl FnOnce(&mut Roster) -> yorisoi::Result<T>,
    ) -> Result<T, IpcError> {
        let mut guard = self.roster()?;
        let roster = guard.as_mut().ok_or_else(IpcError::locked)?;
        Ok(f(roster)?)
    }

    /// The role of the account that opened the roster; `None` while locked.
    pub fn role(&self) -> Result<Option<Role>, IpcError> {
        Ok(self.roster()?.as_ref().map(Roster::role))
    }

    /// Changes the roster: refused here for a viewer before the core is asked (which
    /// refuses it too: the core is the authority, this is a mirror).
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut Roster) -> yorisoi::Result<T>,
    ) -> Result<T, IpcError> {
        self.touch();
        let mut guard = self.roster()?;
        let roster = guard.as_mut().ok_or_else(IpcError::locked)?;
        if !roster.role().can_write() {
            return Err(IpcError::forbidden());
        }
        self.forget_consent_lists();
        Ok(f(roster)?)
    }

    /// Manages accounts and the recovery key: refused here for all but an admin, and
    /// again by the core.
    pub fn admin<T>(
        &self,
        f: impl FnOnce(&mut Roster) -> yorisoi::Result<T>,
    ) -> Result<T, IpcError> {
        self.touch();
        let mut guard = self.roster()?;
        let roster = guard.as_mut().ok_or_else(IpcError::locked)?;
        if roster.role() != Role::Admin {
            return Err(IpcError::admins_only());
        }
        Ok(f(roster)?)
    }

    /// What any signed-in account may do to itself (change its own passphrase).
    pub fn own_account<T>(
        &self,
        f: impl FnOnce(&mut Roster) -> yorisoi::Result<T>,
    ) -> Result<T, IpcError> {
        self.view(f)
    }

    /// The consent worklists (`days` ahead) of the open roster, computed once per day
    /// and write. Called inside [`AppState::read`] with its roster.
    pub fn consent_lists(
        &self,
        roster: &Roster,
        days: u32,
    ) -> yorisoi::Result<Arc<ConsentWorklistReport>> {
        let today = roster.clock().today().to_string();
        if let Ok(cache) = self.consent_lists.lock() {
            if let Some((day, report)) = cache.as_ref() {
                if *day == today && report.days == days {
                    return Ok(report.clone());
                }
            }
        }
        let report = Arc::new(roster.consent_worklist(days)?);
        if let Ok(mut cache) = self.consent_lists.lock() {
            *cache = Some((today, report.clone()));
        }
        Ok(report)
    }

    fn forget_consent_lists(&self) {
        if let Ok(mut cache) = self.consent_lists.lock() {
            *cache = None;
        }
    }

    /// Closes the roster (dropping the handle closes the connection and wipes the key).
    /// True when it was open. The window is locked at once; the day's automatic backup,
    /// when switched on, is made afterwards on a thread of its own with the closed handle.
    pub fn lock(&self) -> Result<bool, IpcError> {
        self.forget_consent_lists();
        self.forget_recovery();
        let Some(roster) = self.roster()?.take() else {
            return Ok(false);
        };
        self.backup_on_closing(roster);
        Ok(true)
    }

    /// Makes the day's automatic backup with a roster just closed, if this PC has them
    /// switched on and the account may make one; notes a failure in `device.json` for the
    /// next open (a missing USB stick loses nothing: the roster is untouched).
    fn backup_on_closing(&self, mut roster: Roster) {
        let settings = match self.device() {
            Ok(d) => d.state.auto_backup.clone(),
            Err(_) => return,
        };
        let Some(folder) = settings.folder.filter(|_| settings.enabled) else {
            return;
        };
        if !roster.role().can_write() {
            return;
        }
        let device = self.device.clone();
        let made = std::thread::spawn(move || {
            let outcome = roster.backup_rotating(&folder, settings.keep);
            drop(roster);
            if let Ok(mut device) = device.lock() {
                device.state.auto_backup_problem = match outcome {
                    Ok(_) => None,
                    Err(e) => Some(e.to_string()),
                };
                let _ = device.save();
            }
        });
        if let Ok(mut running) = self.closing_backups.lock() {
            running.retain(|t| !t.is_finished());
            running.push(made);
        }
    }

    /// Waits for the automatic backups still being made (quitting; tests).
    pub fn finish_backups(&self) {
        let running = match self.closing_backups.lock() {
            Ok(mut r) => std::mem::take(&mut *r),
            Err(_) => return,
        };
        for made in running {
            let _ = made.join();
        }
    }

    /// Remembers the roster file a backup was just restored into.
    pub fn keep_restored(&self, path: PathBuf) -> Result<(), IpcError> {
        *self.restored.lock().map_err(|_| poisoned())? = Some(path);
        Ok(())
    }

    /// The roster file a backup was just restored into (taken: offered once).
    pub fn take_restored(&self) -> Result<PathBuf, IpcError> {
        self.restored
            .lock()
            .map_err(|_| poisoned())?
            .take()
            .ok_or_else(|| IpcError::invalid("restored", "no backup was restored in this window"))
    }

    /// Locks when the roster has been idle longer than the preference allows.
    pub fn lock_if_idle(&self) -> Result<bool, IpcError> {
        let minutes = self.device()?.state.preferences.idle_lock_minutes;
        let idle = self.last_activity.lock().map_err(|_| poisoned())?.elapsed();
        if idle < Duration::from_secs(u64::from(minutes) * 60) {
            return Ok(false);
        }
        self.lock()
    }

    /// Where the roster file lives: chosen in the window, else `YORISOI_DB` (tests,
    /// trials), else the core's default location.
    pub fn roster_path(&self) -> Result<PathBuf, IpcError> {
        if let Some(chosen) = self.device()?.state.roster_path.clone() {
            return Ok(chosen);
        }
        match std::env::var_os(ROSTER_PATH_OVERRIDE) {
            Some(path) if !path.is_empty() => Ok(PathBuf::from(path)),
            _ => Ok(yorisoi::default_roster_path()?),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use yorisoi::Passphrase;

    use super::*;
    use crate::error::ErrorCode;

    pub const ADMIN: &str = "管理者 田中";
    pub const ADMIN_PASSPHRASE: &str = "ひまわり畑で赤い自転車";
    pub const OTHER: &str = "福祉課 佐藤";
    pub const OTHER_PASSPHRASE: &str = "青い郵便受けと三毛猫の昼寝";

    /// A state whose roster lives at `dir/r.db` (nothing open yet).
    pub fn state_in(dir: &std::path::Path) -> AppState {
        let state = AppState::new(None);
        state.device().expect("device").state.roster_path = Some(dir.join("r.db"));
        state
    }

    /// A new roster at `dir/r.db`, open in the window as an account with `role` (its
    /// admin made it; any other role is a second account).
    pub fn open_state(role: Role, dir: &std::path::Path) -> AppState {
        let state = state_in(dir);
        let path = state.roster_path().expect("path");
        let (mut admin, _recovery) = Roster::create(
            &path,
            ADMIN,
            &Passphrase::new(ADMIN_PASSPHRASE.into()),
            state.clock.clone(),
        )
        .expect("roster");
        let roster = if role == Role::Admin {
            admin
        } else {
            admin
                .account_add(OTHER, role, &Passphrase::new(OTHER_PASSPHRASE.into()))
                .expect("second account");
            drop(admin);
            Roster::open(
                &path,
                OTHER,
                &Passphrase::new(OTHER_PASSPHRASE.into()),
                state.clock.clone(),
            )
            .expect("opened as the second account")
        };
        *state.roster().expect("slot") = Some(roster);
        state
    }

    #[test]
    fn a_viewer_reads_but_cannot_write_even_when_the_page_asks() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = open_state(Role::Viewer, dir.path());
        assert_eq!(state.role().expect("role"), Some(Role::Viewer));
        let err = state
            .write(|r| r.disaster_on("訓練", None))
            .expect_err("refused");
        assert_eq!(err.code, ErrorCode::Forbidden);
        // Past the mirror, the core refuses it too.
        let err = state
            .view(|r| r.disaster_on("訓練", None))
            .expect_err("refused by the core");
        assert_eq!(err.code, ErrorCode::Forbidden);
        let status = state.read(|r| r.disaster_status()).expect("readable");
        assert!(!status.on, "the refused switch changed nothing");
        std::fs::create_dir_all(dir.path().join("o")).expect("folder");
        let officer = open_state(Role::Officer, &dir.path().join("o"));
        assert!(officer.write(|r| r.disaster_on("訓練", None)).is_ok());
    }

    // Every reading a screen makes is allowed to a viewer, the audited ones too
    // (`view_consent_history`, `drill_report`, `issuance_detail` record their row through
    // `Roster::note`, as `view_person` does).
    #[test]
    fn a_viewer_reads_everything_the_screens_show() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = open_state(Role::Viewer, dir.path());
        let no_one = 1;
        let reads: [(&str, Result<(), IpcError>); 11] = [
            (
                "view_person",
                state.view(|r| r.view_person(no_one).map(drop)),
            ),
            (
                "view_consent_history",
                state.view(|r| r.view_consent_history(no_one).map(drop)),
            ),
            (
                "disaster_check",
                state.poll(|r| r.disaster_check().map(drop)),
            ),
            (
                "person_audit_trail",
                state.read(|r| r.person_audit_trail(no_one).map(drop)),
            ),
            ("supporters", state.read(|r| r.supporters().map(drop))),
            ("recipients", state.read(|r| r.recipients().map(drop))),
            (
                "audit_log",
                state.read(|r| r.audit_log(None, Some(10)).map(drop)),
            ),
            ("drills", state.read(|r| r.drills().map(drop))),
            (
                "drill_status",
                state.poll(|r| r.drill_status(no_one).map(drop)),
            ),
            (
                "drill_report",
                state.view(|r| r.drill_report(no_one).map(drop)),
            ),
            (
                "issuance_detail",
                state.view(|r| r.issuance_detail("2026-000001").map(drop)),
            ),
        ];
        let mut refused = Vec::new();
        for (what, read) in reads {
            if let Err(e) = read {
                if e.code == ErrorCode::Forbidden {
                    refused.push(what);
                }
            }
        }
        assert!(refused.is_empty(), "refused to a viewer: {refused:?}");
    }

    #[test]
    fn only_an_admin_manages_accounts_even_when_the_page_asks() {
        let dir = tempfile::tempdir().expect("temp dir");
        let officer = open_state(Role::Officer, dir.path());
        let err = officer
            .admin(|r| r.accounts())
            .expect_err("refused to an officer");
        assert_eq!(err.code, ErrorCode::Forbidden);
        // The core refuses it too.
        let err = officer
            .view(|r| r.account_role(ADMIN, Role::Viewer))
            .expect_err("refused by the core");
        assert_eq!(err.code, ErrorCode::Forbidden);
        let admin_dir = dir.path().join("a");
        std::fs::create_dir_all(&admin_dir).expect("folder");
        let admin = open_state(Role::Admin, &admin_dir);
        assert_eq!(admin.admin(|r| r.accounts()).expect("listed").len(), 1);
    }

    #[test]
    fn locking_wipes_a_recovery_key_not_yet_confirmed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = open_state(Role::Admin, dir.path());
        state
            .keep_recovery(RecoveryKey::from_bytes([1; 16]))
            .expect("kept");
        assert!(state.fresh_recovery().is_ok());
        state.lock().expect("locked");
        let err = state.fresh_recovery().expect_err("wiped");
        assert_eq!(err.code, ErrorCode::InvalidInput);
        state
            .keep_recovery(RecoveryKey::from_bytes([2; 16]))
            .expect("kept");
        state.forget_recovery();
        assert!(state.fresh_recovery().is_err(), "wiped once confirmed");
    }

    #[test]
    fn only_files_this_window_saved_can_be_opened_by_their_handle() {
        let state = AppState::new(None);
        let first = state
            .remember_saved(PathBuf::from("/tmp/a.pdf"))
            .expect("kept");
        let second = state
            .remember_saved(PathBuf::from("/tmp/b.pdf"))
            .expect("kept");
        assert_ne!(first, second);
        assert_eq!(
            state.saved(second).expect("known"),
            PathBuf::from("/tmp/b.pdf")
        );
        assert_eq!(
            state.saved(first).expect("known"),
            PathBuf::from("/tmp/a.pdf")
        );
        let err = state.saved(second + 1).expect_err("no such handle");
        assert_eq!(err.code, ErrorCode::InvalidInput);
    }

    #[test]
    fn consent_lists_are_kept_until_the_next_write() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = open_state(Role::Officer, dir.path());
        let first = state.read(|r| state.consent_lists(r, 60)).expect("lists");
        let again = state.read(|r| state.consent_lists(r, 60)).expect("lists");
        assert!(Arc::ptr_eq(&first, &again), "computed twice");
        state.write(|r| r.disaster_on("訓練", None)).expect("write");
        let after = state.read(|r| state.consent_lists(r, 60)).expect("lists");
        assert!(
            !Arc::ptr_eq(&first, &after),
            "a write must refresh the lists"
        );
    }

    #[test]
    fn locking_makes_the_days_automatic_backup_and_a_missing_folder_is_noted() {
        let dir = tempfile::tempdir().expect("temp dir");
        let stick = dir.path().join("usb");
        let state = open_state(Role::Officer, dir.path());
        {
            let mut device = state.device().expect("device");
            device.state.auto_backup.enabled = true;
            device.state.auto_backup.folder = Some(stick.clone());
            device.state.auto_backup.keep = 2;
        }
        // The stick is not plugged in: locking still locks, the roster is untouched, and
        // the problem is kept for the next open.
        assert!(state.lock().expect("locked"));
        state.finish_backups();
        assert!(state.roster().expect("slot").is_none());
        let problem = state
            .device()
            .expect("device")
            .state
            .auto_backup_problem
            .clone()
            .expect("noted");
        assert!(problem.contains("not there"), "{problem}");
        assert!(dir.path().join("r.db").is_file());

        // Plugged in: the next closing makes the day's backup and clears the note.
        std::fs::create_dir(&stick).expect("stick");
        let reopen = |state: &AppState| {
            let roster = Roster::open(
                &dir.path().join("r.db"),
                OTHER,
                &Passphrase::new(OTHER_PASSPHRASE.into()),
                state.clock.clone(),
            )
            .expect("opened");
            *state.roster().expect("slot") = Some(roster);
        };
        reopen(&state);
        assert!(state.lock().expect("locked"));
        state.finish_backups();
        let made: Vec<_> = std::fs::read_dir(&stick)
            .expect("stick")
            .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
            .collect();
        assert_eq!(made.len(), 2, "{made:?}");
        assert!(
            made.iter().all(|n| n.starts_with("yorisoi-auto-")),
            "{made:?}"
        );
        assert_eq!(
            state.device().expect("device").state.auto_backup_problem,
            None
        );
        // At most once a day: closing again the same day adds nothing.
        reopen(&state);
        state.lock().expect("locked");
        state.finish_backups();
        assert_eq!(std::fs::read_dir(&stick).expect("stick").count(), 2);
        reopen(&state);
        let last = state.read(|r| r.last_good_backup()).expect("read");
        assert_eq!(last.expect("recorded").account, OTHER);
    }

    #[test]
    fn an_idle_roster_is_locked_and_its_handle_dropped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = open_state(Role::Officer, dir.path());
        assert!(!state.lock_if_idle().expect("checked"), "not idle yet");
        let eleven_minutes_ago = Instant::now()
            .checked_sub(Duration::from_secs(11 * 60))
            .expect("the clock goes back 11 minutes");
        *state.last_activity.lock().expect("activity") = eleven_minutes_ago;
        // The banner's and the board's timers read without counting as activity.
        state.poll(|r| r.disaster_check()).expect("polled");
        state.poll(|r| r.disaster_check()).expect("polled");
        assert!(
            state.lock_if_idle().expect("checked"),
            "locked after 10 minutes"
        );
        assert!(state.roster().expect("slot").is_none());
        let err = state.read(|r| r.disaster_status()).expect_err("locked");
        assert_eq!(err.code, ErrorCode::Locked);
    }
}

#[cfg(test)]
mod print_stop_tests {
    use super::*;

    #[test]
    fn a_stop_reaches_the_print_being_made_and_not_the_next() {
        let state = AppState::new(None);
        let first = state.begin_print().unwrap();
        state.stop_print().unwrap();
        assert!(first.is_raised());
        let second = state.begin_print().unwrap();
        assert!(
            !second.is_raised(),
            "a new print starts without the old stop"
        );
    }
}
