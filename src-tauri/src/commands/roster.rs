//! Open, create and lock the roster, where it is, and its pages.

use tauri::State;
use yorisoi::model::recovery::RecoveryKey;
use yorisoi::{Passphrase, Roster};
use zeroize::Zeroizing;

use crate::api::{
    CreatedView, DistrictName, LocationRequest, Preferences, RecoveryKeyView, RecoveryOpenRequest,
    RosterLocation, RosterPageRequest, RosterPageResponse, SessionInfo, UnlockNotesView,
    UnlockRequest,
};
use crate::device::check_roster_path;
use crate::error::IpcError;
use crate::state::AppState;

/// Days ahead a consent counts as expiring (the worklists use the same).
pub const CONSENT_RENEWAL_DAYS: u32 = 60;

#[tauri::command]
pub fn roster_location(state: State<'_, AppState>) -> Result<RosterLocation, IpcError> {
    location(&state)
}

/// The roster the open screen will open, with what `device.json` held that was not used
/// as written, and whether its path came from somewhere other than this window.
pub(crate) fn location(state: &AppState) -> Result<RosterLocation, IpcError> {
    let path = state.roster_path()?;
    let device = state.device()?;
    Ok(RosterLocation {
        path_changed: device.state.path_changed_outside(),
        device_notes: device.notes.clone(),
        ..RosterLocation::of(&path, device.state.last_account.clone())
    })
}

/// Points the app at another roster file. Only while locked, so an open roster is never
/// swapped under someone's hands.
#[tauri::command]
pub fn roster_location_set(
    request: LocationRequest,
    state: State<'_, AppState>,
) -> Result<RosterLocation, IpcError> {
    if state.roster()?.is_some() {
        return Err(IpcError::invalid("path", "lock the roster first"));
    }
    let path = check_roster_path(&request.path)?;
    {
        let mut device = state.device()?;
        device.state.roster_path = Some(path.clone());
        device.state.roster_path_confirmed = Some(path);
        device.save()?;
    }
    location(&state)
}

/// Opening and creating derive a key slot's key (Argon2id, a deliberate ~0.5 s), so they
/// run off the main thread (`async`) to keep the window responsive. After a few wrong
/// passphrases for an account the core makes each attempt wait longer, counted in the
/// key file (`unlock_delayed` with the seconds).
#[tauri::command]
pub async fn roster_open(
    request: UnlockRequest,
    state: State<'_, AppState>,
) -> Result<UnlockNotesView, IpcError> {
    open(&state, request)
}

/// Opens as `request.account`; a roster of the one shared passphrase is converted by the
/// core on this open. Remembers the account's name (never the passphrase) on success.
pub(crate) fn open(state: &AppState, request: UnlockRequest) -> Result<UnlockNotesView, IpcError> {
    let passphrase = Passphrase::new(request.passphrase);
    let roster = Roster::open(
        &state.roster_path()?,
        &request.account,
        &passphrase,
        state.clock.clone(),
    )?;
    signed_in(state, roster)
}

/// The roster just opened becomes the window's; what it found is for the officer to see.
fn signed_in(state: &AppState, roster: Roster) -> Result<UnlockNotesView, IpcError> {
    let notes = UnlockNotesView::from(roster.unlock_notes());
    {
        let mut device = state.device()?;
        device.state.remember_account(roster.account());
        // Opened through the window with a passphrase: this path is the officer's choice.
        device.state.roster_path_confirmed = device.state.roster_path.clone();
        // The roster opens even if this computer's settings cannot be written.
        let _ = device.save();
    }
    state.touch();
    *state.roster()? = Some(roster);
    Ok(notes)
}

/// Creates the roster with `request.account` as its first admin. The recovery key comes
/// back once, to be shown and printed; the backend keeps it until `recovery_done`.
#[tauri::command]
pub async fn roster_create(
    request: UnlockRequest,
    state: State<'_, AppState>,
) -> Result<CreatedView, IpcError> {
    create(&state, request)
}

pub(crate) fn create(state: &AppState, request: UnlockRequest) -> Result<CreatedView, IpcError> {
    let passphrase = Passphrase::new(request.passphrase);
    let (roster, recovery) = Roster::create(
        &state.roster_path()?,
        &request.account,
        &passphrase,
        state.clock.clone(),
    )?;
    let shown = RecoveryKeyView::from(&recovery);
    state.keep_recovery(recovery)?;
    signed_in(state, roster)?;
    Ok(CreatedView { recovery: shown })
}

/// 「回復キーで開く」: opens with the recovery key and at once sets the named admin's new
/// passphrase (the strength rule applies); the core audits it.
#[tauri::command]
pub async fn roster_open_recovery(
    request: RecoveryOpenRequest,
    state: State<'_, AppState>,
) -> Result<UnlockNotesView, IpcError> {
    open_with_recovery(&state, request)
}

pub(crate) fn open_with_recovery(
    state: &AppState,
    request: RecoveryOpenRequest,
) -> Result<UnlockNotesView, IpcError> {
    let typed = Zeroizing::new(request.recovery_key);
    let passphrase = Passphrase::new(request.new_passphrase);
    let key =
        RecoveryKey::parse(&typed).map_err(|v| IpcError::invalid("recovery_key", &v.reason))?;
    let roster = Roster::open_with_recovery(
        &state.roster_path()?,
        &key,
        &request.admin,
        &passphrase,
        state.clock.clone(),
    )?;
    signed_in(state, roster)
}

/// Drops the handle, which closes the database connection and wipes the key.
#[tauri::command]
pub fn roster_lock(state: State<'_, AppState>) -> Result<(), IpcError> {
    state.lock().map(|_| ())
}

#[tauri::command]
pub async fn persons_page(
    request: RosterPageRequest,
    state: State<'_, AppState>,
) -> Result<RosterPageResponse, IpcError> {
    let mut query = request.query()?;
    let consent = request.consent_list()?;
    let page = state.read(|r| {
        if let Some(list) = consent {
            let lists = state.consent_lists(r, CONSENT_RENEWAL_DAYS)?;
            query.only = Some(list.people(&lists));
        }
        r.person_page(&query)
    })?;
    Ok(RosterPageResponse::new(request.offset, page))
}

#[tauri::command]
pub fn districts_list(state: State<'_, AppState>) -> Result<Vec<String>, IpcError> {
    state.read(|r| Ok(r.districts()?.into_iter().map(|d| d.name).collect()))
}

/// The 自治会 of a district, for choosing a recipient's area or a list's cut.
#[tauri::command]
pub fn associations_list(
    request: DistrictName,
    state: State<'_, AppState>,
) -> Result<Vec<String>, IpcError> {
    state.read(|r| r.associations(&request.district))
}

/// Who opened the roster and what the role allows, as the roster says.
#[tauri::command]
pub fn session_info(state: State<'_, AppState>) -> Result<SessionInfo, IpcError> {
    session(&state)
}

pub(crate) fn session(state: &AppState) -> Result<SessionInfo, IpcError> {
    let guard = state.roster()?;
    let roster = guard.as_ref().ok_or_else(IpcError::locked)?;
    let role = roster.role();
    Ok(SessionInfo {
        account: roster.account().to_owned(),
        role: role.token().to_owned(),
        operator: roster.operator().to_owned(),
        can_write: role.can_write(),
        is_admin: role == yorisoi::model::account::Role::Admin,
    })
}

/// The page reports keystrokes and clicks, so typing a long form does not lock.
#[tauri::command]
pub fn session_touch(state: State<'_, AppState>) {
    state.touch();
}

#[tauri::command]
pub fn preferences_get(state: State<'_, AppState>) -> Result<Preferences, IpcError> {
    Ok(state.device()?.state.preferences.clone())
}

#[tauri::command]
pub fn preferences_set(
    request: Preferences,
    state: State<'_, AppState>,
) -> Result<Preferences, IpcError> {
    let role = state.role()?;
    let mut device = state.device()?;
    request.check_change(&device.state.preferences, role)?;
    device.state.preferences = request.clone();
    device.save()?;
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::state::tests::{state_in, ADMIN, ADMIN_PASSPHRASE};

    fn unlock(account: &str, passphrase: &str) -> UnlockRequest {
        UnlockRequest {
            account: account.into(),
            passphrase: passphrase.into(),
        }
    }

    #[test]
    fn creating_signs_in_the_first_admin_and_shows_the_recovery_key_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = state_in(dir.path());
        // (`CreatedView` holds the recovery key, so it is not `Debug`: no `expect_err`.)
        let Err(weak) = create(&state, unlock(ADMIN, "password123")) else {
            panic!("a weak passphrase made a roster");
        };
        assert_eq!(weak.field.as_deref(), Some("passphrase"));
        assert!(
            !dir.path().join("r.db").exists(),
            "a refused roster is not made"
        );
        let created =
            create(&state, unlock(&format!(" {ADMIN} "), ADMIN_PASSPHRASE)).expect("made");
        assert_eq!(created.recovery.groups.len(), 8);
        assert!(state.fresh_recovery().is_ok(), "kept for its sheet");
        let session = session(&state).expect("open");
        assert_eq!(session.account, ADMIN);
        assert_eq!(session.role, "admin");
        assert!(session.can_write && session.is_admin);
        assert_eq!(
            state
                .device()
                .expect("device")
                .state
                .last_account
                .as_deref(),
            Some(ADMIN)
        );
    }

    #[test]
    fn wrong_passphrases_are_refused_then_slowed_and_the_name_is_kept_only_on_success() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = state_in(dir.path());
        create(&state, unlock(ADMIN, ADMIN_PASSPHRASE)).expect("made");
        state.lock().expect("locked");
        assert_eq!(session(&state).expect_err("locked").code, ErrorCode::Locked);

        let mut codes = Vec::new();
        for _ in 0..4 {
            codes.push(
                open(&state, unlock(ADMIN, "not the passphrase"))
                    .expect_err("wrong")
                    .code,
            );
        }
        assert_eq!(&codes[..3], [ErrorCode::WrongPassphrase; 3]);
        assert_eq!(codes[3], ErrorCode::UnlockDelayed, "the core's back-off");
        let err = open(&state, unlock(ADMIN, ADMIN_PASSPHRASE)).expect_err("still waiting");
        assert_eq!(err.code, ErrorCode::UnlockDelayed);
        assert!(
            err.message.parse::<u64>().is_ok_and(|s| s > 0),
            "{}",
            err.message
        );

        // An unknown account reads exactly as a wrong passphrase, and is not remembered.
        let err = open(&state, unlock("誰か", ADMIN_PASSPHRASE)).expect_err("unknown");
        assert_eq!(err.code, ErrorCode::WrongPassphrase);
        assert_eq!(
            state
                .device()
                .expect("device")
                .state
                .last_account
                .as_deref(),
            Some(ADMIN)
        );
        assert!(state.roster().expect("slot").is_none());
    }

    #[test]
    fn the_recovery_key_opens_and_sets_the_admins_new_passphrase_at_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = state_in(dir.path());
        let groups = create(&state, unlock(ADMIN, ADMIN_PASSPHRASE))
            .expect("made")
            .recovery
            .groups;
        state.lock().expect("locked");
        let new_passphrase = "kappa sells umbrellas at dawn";
        let request = |key: String, passphrase: &str| RecoveryOpenRequest {
            recovery_key: key,
            admin: ADMIN.into(),
            new_passphrase: passphrase.into(),
        };
        // A typo in the third group is named, before anything is tried.
        let mut typo = groups.clone();
        typo[2] = format!(
            "{:06}",
            (typo[2].parse::<u32>().expect("digits") + 1) % 1_000_000
        );
        let err =
            open_with_recovery(&state, request(typo.join("-"), new_passphrase)).expect_err("typo");
        assert_eq!(err.field.as_deref(), Some("recovery_key"));
        assert!(err.message.contains("group 3"), "{}", err.message);
        let err = open_with_recovery(&state, request(groups.join(" "), "abc")).expect_err("weak");
        assert_eq!(err.field.as_deref(), Some("passphrase"));

        open_with_recovery(&state, request(groups.join(" "), new_passphrase)).expect("opened");
        assert_eq!(session(&state).expect("open").account, ADMIN);
        state.lock().expect("locked");
        let err = open(&state, unlock(ADMIN, ADMIN_PASSPHRASE)).expect_err("old passphrase");
        assert_eq!(err.code, ErrorCode::WrongPassphrase);
        open(&state, unlock(ADMIN, new_passphrase)).expect("the new passphrase opens");
    }

    #[test]
    fn a_damaged_or_missing_key_file_says_so_and_nothing_is_made() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = state_in(dir.path());
        create(&state, unlock(ADMIN, ADMIN_PASSPHRASE)).expect("made");
        state.lock().expect("locked");
        let keys = yorisoi::store::keyfile::keys_path(&dir.path().join("r.db"));
        let good = std::fs::read(&keys).expect("key file");
        std::fs::write(&keys, &good[..good.len() / 2]).expect("truncated");
        let err = open(&state, unlock(ADMIN, ADMIN_PASSPHRASE)).expect_err("damaged");
        assert_eq!(err.code, ErrorCode::KeyFile);
        // Missing: the core cannot tell a lost key file from a roster of before accounts
        // opened with a wrong shared passphrase, and says both.
        std::fs::remove_file(&keys).expect("key file removed");
        let err = open(&state, unlock(ADMIN, ADMIN_PASSPHRASE)).expect_err("no key file");
        assert_eq!(err.code, ErrorCode::NoKeyFile);
        assert!(!keys.exists(), "never recreated");
        std::fs::write(&keys, &good).expect("put back from the backup");
        open(&state, unlock(ADMIN, ADMIN_PASSPHRASE)).expect("opens again");
    }
}
