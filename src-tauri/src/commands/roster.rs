//! Open, create and lock the roster, where it is, and its pages.

use tauri::State;
use yorisoi::{ErrorCode as CoreCode, Passphrase, Roster};

use crate::api::{
    DistrictName, LocationRequest, Preferences, RosterLocation, RosterPageRequest,
    RosterPageResponse, SessionInfo, UnlockRequest,
};
use crate::device::check_roster_path;
use crate::error::IpcError;
use crate::state::{unix_now, AppState};

/// Days ahead a consent counts as expiring (the worklists use the same).
pub const CONSENT_RENEWAL_DAYS: u32 = 60;

#[tauri::command]
pub fn roster_location(state: State<'_, AppState>) -> Result<RosterLocation, IpcError> {
    Ok(RosterLocation::of(&state.roster_path()?))
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
    let mut device = state.device()?;
    device.state.roster_path = Some(path.clone());
    device.save()?;
    Ok(RosterLocation::of(&path))
}

/// Opening and creating derive the key (a deliberate ~0.15 s), so they run off the
/// main thread (`async`) to keep the window responsive. After a few wrong passphrases
/// each attempt must wait longer, counted on disk so a restart does not reset it.
#[tauri::command]
pub async fn roster_open(
    request: UnlockRequest,
    state: State<'_, AppState>,
) -> Result<(), IpcError> {
    let wait = state.device()?.state.wait_before_unlock(unix_now());
    if wait > 0 {
        return Err(IpcError::delayed(wait));
    }
    let passphrase = Passphrase::new(request.passphrase);
    let opened = Roster::open(
        &state.roster_path()?,
        &passphrase,
        &state.operator,
        state.clock.clone(),
    );
    let mut device = state.device()?;
    match opened {
        Ok(roster) => {
            device.state.record_success();
            device.save()?;
            drop(device);
            state.touch();
            *state.roster()? = Some(roster);
            Ok(())
        }
        Err(err) => {
            if err.code() == CoreCode::WrongPassphrase {
                device.state.record_failure(unix_now());
                device.save()?;
            }
            Err(err.into())
        }
    }
}

#[tauri::command]
pub async fn roster_create(
    request: UnlockRequest,
    state: State<'_, AppState>,
) -> Result<(), IpcError> {
    let passphrase = Passphrase::new(request.passphrase);
    let roster = Roster::create(
        &state.roster_path()?,
        &passphrase,
        &state.operator,
        state.clock.clone(),
    )?;
    state.touch();
    *state.roster()? = Some(roster);
    Ok(())
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

#[tauri::command]
pub fn session_info(state: State<'_, AppState>) -> SessionInfo {
    SessionInfo {
        operator: state.operator.clone(),
        role: state.role.token().to_owned(),
        can_write: state.role.can_write(),
    }
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
    let mut device = state.device()?;
    request.check_change(&device.state.preferences, state.role)?;
    device.state.preferences = request.clone();
    device.save()?;
    Ok(request)
}
