//! The maintenance screen: a backup now, the integrity check, restoring a backup, and the
//! automatic backups of this PC; and the dashboard's backup status. Folders and files are
//! chosen with the native dialog here in Rust; the page never sends a path.

use std::path::{Path, PathBuf};

use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use yorisoi::clock::jst;
use yorisoi::model::account::Role;
use yorisoi::model::backup::{is_overdue, BackupKind, KEEP_RANGE, WARN_AFTER_DAYS};
use yorisoi::{Passphrase, Roster};

use crate::api::{
    AutoBackupRequest, AutoBackupView, BackupStatusView, BackupView, CheckView, LastBackupView,
    RestoreRequest, RestoredAccount, RestoredView, RosterLocation,
};
use crate::error::IpcError;
use crate::state::AppState;

/// Debug builds only: use this folder instead of asking (the real-window test cannot
/// drive the system dialog): backups are made in it, the automatic backups' folder is it,
/// and the newest `.db` in it is the backup to restore. Release builds do not read it.
#[cfg(debug_assertions)]
const E2E_SAVE_DIR: &str = "YORISOI_E2E_SAVE_DIR";

#[cfg(debug_assertions)]
fn e2e_folder() -> Option<PathBuf> {
    std::env::var_os(E2E_SAVE_DIR)
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
}

#[cfg(not(debug_assertions))]
fn e2e_folder() -> Option<PathBuf> {
    None
}

/// A folder chosen with the system dialog; `None` when the officer cancelled.
fn choose_folder(app: &AppHandle) -> Result<Option<PathBuf>, IpcError> {
    if let Some(dir) = e2e_folder() {
        std::fs::create_dir_all(&dir)
            .map_err(|_| IpcError::invalid("folder", "the folder could not be made"))?;
        return Ok(Some(dir));
    }
    match app.dialog().file().blocking_pick_folder() {
        None => Ok(None),
        Some(p) => p
            .into_path()
            .map(Some)
            .map_err(|_| IpcError::invalid("folder", "choose a folder on this computer")),
    }
}

/// A backup file chosen with the system dialog; `None` when the officer cancelled.
fn choose_backup(app: &AppHandle) -> Result<Option<PathBuf>, IpcError> {
    if let Some(dir) = e2e_folder() {
        return Ok(newest_db(&dir));
    }
    match app
        .dialog()
        .file()
        .add_filter("バックアップ (.db)", &["db"])
        .blocking_pick_file()
    {
        None => Ok(None),
        Some(p) => p
            .into_path()
            .map(Some)
            .map_err(|_| IpcError::invalid("file", "choose a file on this computer")),
    }
}

/// The most recently modified `.db` in `dir` (the test's stand-in for the dialog).
fn newest_db(dir: &Path) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "db"))
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .max()
        .map(|(_, p)| p)
}

/// `dir/<stem>-<what>-YYYYMMDD-HHMMSS.db` (JST), numbered when taken: never a file that
/// exists.
fn new_name(dir: &Path, roster: &Roster, what: &str) -> PathBuf {
    let stem = roster
        .path()
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "roster".to_owned());
    let at = jst(roster.clock().now()).format("%Y%m%d-%H%M%S");
    let base = format!("{stem}-{what}-{at}");
    (1..)
        .map(|n| match n {
            1 => dir.join(format!("{base}.db")),
            n => dir.join(format!("{base}-{n}.db")),
        })
        .find(|p| !p.exists() && !p.with_extension("keys").exists())
        .unwrap_or_else(|| dir.join(format!("{base}.db")))
}

/// 「今すぐバックアップ」: asks for a folder, then writes the encrypted copy and its key
/// file there, proves it and records it as the last good backup (audited). Officers and
/// admins. `null` when the officer cancelled the dialog.
#[tauri::command]
pub async fn backup_now(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<BackupView>, IpcError> {
    if !state.role()?.is_some_and(Role::can_write) {
        return Err(IpcError::forbidden());
    }
    let Some(folder) = choose_folder(&app)? else {
        return Ok(None);
    };
    state
        .write(|r| {
            let out = new_name(&folder, r, "backup");
            r.backup_recorded(&out, BackupKind::Manual)
        })
        .map(|m| Some(BackupView::from(m)))
}

/// The integrity check (SQLite, SQLCipher's page HMACs, the audit chain, the key file).
/// Any role: it reads.
#[tauri::command]
pub async fn roster_check(state: State<'_, AppState>) -> Result<CheckView, IpcError> {
    state.read(|r| r.check()).map(CheckView::from)
}

/// The dashboard's backup line: the last good backup, how old, and the automatic
/// backups of this PC (with why the last one failed, if it did).
#[tauri::command]
pub fn backup_status(state: State<'_, AppState>) -> Result<BackupStatusView, IpcError> {
    status(&state)
}

pub(crate) fn status(state: &AppState) -> Result<BackupStatusView, IpcError> {
    let (last, today) = state.read(|r| Ok((r.last_good_backup()?, r.clock().today())))?;
    let day = last
        .as_ref()
        .and_then(|b| yorisoi::clock::jst_date_of(&b.at));
    let device = state.device()?;
    let auto = &device.state.auto_backup;
    Ok(BackupStatusView {
        days_since: day.map(|d| u32::try_from((today - d).num_days().max(0)).unwrap_or(u32::MAX)),
        overdue: is_overdue(day, today),
        warn_after_days: u32::try_from(WARN_AFTER_DAYS).unwrap_or(7),
        last: last.map(LastBackupView::from),
        auto: AutoBackupView {
            enabled: auto.enabled,
            folder: auto.folder.as_ref().map(|f| f.display().to_string()),
            folder_present: auto.folder.as_ref().is_some_and(|f| f.is_dir()),
            keep: auto.keep,
        },
        auto_problem: device.state.auto_backup_problem.clone(),
    })
}

/// Switches this PC's automatic backups on or off and sets how many are kept. Like the
/// idle lock it protects the roster, so only an account that may change the roster may
/// change it. On needs a folder (chosen first with `auto_backup_folder`).
#[tauri::command]
pub fn auto_backup_set(
    request: AutoBackupRequest,
    state: State<'_, AppState>,
) -> Result<BackupStatusView, IpcError> {
    if !state.role()?.is_some_and(Role::can_write) {
        return Err(IpcError::forbidden());
    }
    if !KEEP_RANGE.contains(&request.keep) {
        return Err(IpcError::invalid(
            "keep",
            &format!(
                "keep between {} and {} backups",
                KEEP_RANGE.start(),
                KEEP_RANGE.end()
            ),
        ));
    }
    {
        let mut device = state.device()?;
        if request.enabled && device.state.auto_backup.folder.is_none() {
            return Err(IpcError::invalid("folder", "choose the folder first"));
        }
        device.state.auto_backup.enabled = request.enabled;
        device.state.auto_backup.keep = request.keep;
        device.save()?;
    }
    status(&state)
}

/// Chooses the automatic backups' folder with the system dialog (a USB stick, say).
/// `null` when the officer cancelled.
#[tauri::command]
pub async fn auto_backup_folder(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<BackupStatusView>, IpcError> {
    if !state.role()?.is_some_and(Role::can_write) {
        return Err(IpcError::forbidden());
    }
    let Some(folder) = choose_folder(&app)? else {
        return Ok(None);
    };
    {
        let mut device = state.device()?;
        device.state.auto_backup.folder = Some(folder);
        device.save()?;
    }
    status(&state).map(Some)
}

/// Restores a backup chosen with the file dialog into a new roster file beside the open
/// one (never over it): the core proves the passphrase opens it and that it is sound,
/// copies it with its key file and audits `roster.restore` in the new roster. Officers
/// and admins. `null` when the officer cancelled the dialog.
#[tauri::command]
pub async fn backup_restore(
    request: RestoreRequest,
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<RestoredView>, IpcError> {
    let passphrase = Passphrase::new(request.passphrase);
    let (account, to) = state.read(|r| {
        let dir = r.path().parent().unwrap_or(Path::new("."));
        Ok((r.account().to_owned(), new_name(dir, r, "restored")))
    })?;
    if !state.role()?.is_some_and(Role::can_write) {
        return Err(IpcError::forbidden());
    }
    let Some(file) = choose_backup(&app)? else {
        return Ok(None);
    };
    let restored = Roster::restore_backup(&file, &to, &account, &passphrase, state.clock.clone())?;
    let accounts = restored
        .accounts()?
        .into_iter()
        .map(|a| RestoredAccount {
            name: a.name,
            role: a.role.token().to_owned(),
        })
        .collect();
    drop(restored);
    state.keep_restored(to.clone())?;
    Ok(Some(RestoredView {
        backup_file_name: file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: to.display().to_string(),
        accounts,
    }))
}

/// Opens the roster just restored: locks the open one (its automatic backup as usual)
/// and points this PC at the restored file; the open screen then asks for the
/// passphrase.
#[tauri::command]
pub fn restored_open(state: State<'_, AppState>) -> Result<RosterLocation, IpcError> {
    let path = state.take_restored()?;
    state.lock()?;
    {
        let mut device = state.device()?;
        device.state.roster_path = Some(path.clone());
        device.state.roster_path_confirmed = Some(path);
        device.save()?;
    }
    crate::commands::roster::location(&state)
}
